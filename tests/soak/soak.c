/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault soak: many transfers over one transport against a simulated
 * platform that misbehaves at random, then the books must balance.
 *
 * Usage: soak <transport> [transfers]
 *   transport: loopback, smt-irq (SMT, completion interrupt), smt-poll
 *   (SMT, polled, p2a polled by a host thread), smc (SMC/HVC, asynchronous
 *   platform, the firmware wait-queue under contention), virtio
 *   (virtio-scmi over virtio-mmio); "list" prints them.
 * Environment: SCMIA_SOAK_TRANSFERS (every transport: the long mode),
 *   SCMIA_SOAK_TRANSFERS_<LOOPBACK|SMT_IRQ|SMT_POLL|SMC|VIRTIO> (one
 *   transport; wins), SCMIA_SOAK_SEED, SCMIA_SOAK_THREADS (4),
 *   SCMIA_SOAK_FAULT_PERCENT (the transport's default), SCMIA_SOAK_STUCK
 *   (0: no stuck episodes).
 * Output: what ran, the rates, the counters; ends with
 * "soak-<transport>: N passed, N failed"; exit status 0 only when none
 * failed.
 *
 * What runs: the traffic of tests/stress/traffic.c (sender threads mixing
 * synchronous, polled, asynchronous and non-blocking ECHO / ASYNC_WORK /
 * TRIGGER_EVENT, every reply checked against its own request's checksum);
 * the platform's thread is the receive thread (it calls the transport's
 * interrupt entry, hence scmia_rx()); this thread does the service duty
 * (expiry, notification dispatch) and starts the stuck episodes. The
 * simulated platform injects random faults into responses and delayed
 * responses: drop, duplicate, delay, late (after the timeout), reorder,
 * truncate, corrupt header / length / status, spurious messages and
 * interrupts, and forged tokens (scmia_sim.h FORGE: the token of a
 * transfer still waiting to send, of a quarantined transfer, of one a lap
 * of the token space ago; tap.c says how a forgery is kept honest). Stuck
 * episodes: the platform thread pauses; an SMT / SMC area is stuck (then
 * the platform restarts); the virtio device holds its used entries (then
 * publishes them at once, maybe newest first); the virtio device also
 * corrupts used entries now and then.
 *
 * The books (checked once every transfer ended and the platform is idle):
 *  (A) every command handed to the transport ends exactly once, as its
 *      caller sees it: SENT == sum of the results after a send; TIMEOUTS,
 *      STATUS_ERRORS, NO_SLOT, TX_ERRORS == what the callers saw;
 *      0 misattributed replies, 0 unexpected results (traffic.c).
 *  (B) every response or delayed response a transport handed to
 *      scmia_rx(), and every fetch a poller made, ends in exactly one
 *      counter:
 *        rx (not notifications) + polled fetches
 *          == REPLIES + DELAYED_REPLIES + LATE_REPLIES + UNEXPECTED_TOKEN
 *             + INVALID_STATE + EARLY + MALFORMED + RX_ERRORS
 *             - bad-status fetches (counted REPLIES/DELAYED and MALFORMED)
 *             - notification fetch errors (MALFORMED or RX_ERRORS, (C)'s)
 *             - what the transport counted itself (never handed over)
 *  (C) every notification handed to scmia_rx() on the p2a channel is
 *      queued, dropped or failed its fetch: rx notifications ==
 *      NOTIFICATIONS + NOTIFY_DROPS + notification fetch errors; each
 *      queued one reaches the handler once.
 *  (D) no leak: every a2p and p2a slot free, no token out except the
 *      quarantined ones (reported).
 *  (E) alive: with the faults off, a synchronous, a polled, an
 *      asynchronous and a non-blocking command each succeed with their
 *      own reply.
 *  (F) forgeries refused: a reply naming a transfer still waiting to send
 *      that reaches the receive entry is refused (scmia_rx() says
 *      SCMIA_EUNEXPECTED) and never fetched for that transfer; and no
 *      token of a timed-out transfer is issued again while the quarantine
 *      must still hold it (fewer than its capacity of timed-out transfers
 *      were put back since: tap.c).
 *  And the faults did happen (forgeries of each kind, timeouts, late
 *  replies, EARLY where a forged reply can reach the receive entry).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "soak.h"

#if defined(__SANITIZE_THREAD__)
#define SOAK_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SOAK_TSAN 1
#endif
#endif
#ifndef SOAK_TSAN
#define SOAK_TSAN 0
#endif

#define P80 SCMIA_SIM_TEST_PROTO
#define DRAIN_US 10000000u
#define DRAIN_IDLE_US 100000u

static struct soak g_soak; /* large: not on the stack */

/* The POSIX port's relax yields; the senders waiting for an SMT area would
 * then spin on two shared cores. Sleep a little instead. */
static void soak_relax(void *ctx)
{
	(void)ctx;
	traffic_sleep_us(20);
}

static uint32_t tick_rand(struct soak *s)
{
	uint32_t x = s->tick_rng ? s->tick_rng : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	s->tick_rng = x;
	return x;
}

/* ------------------------------------------------------------------ */
/* Stuck episodes (service thread)                                     */
/* ------------------------------------------------------------------ */

enum { EP_PAUSE = 1, EP_STUCK = 2 };
static int g_ep_kind;

static void episode_end(struct soak *s)
{
	if (g_ep_kind == EP_PAUSE && !s->sim_running) {
		if (scmia_sim_start(&s->sim) == SCMIA_OK)
			s->sim_running = 1;
	} else if (g_ep_kind == EP_STUCK) {
		s->rig->stuck(s, 0, tick_rand(s));
	}
	g_ep_kind = 0;
	s->episode_end = 0;
}

static void episode_begin(struct soak *s, uint64_t now)
{
	uint32_t r = tick_rand(s);

	if (s->rig->stuck && (r & 1u)) {
		g_ep_kind = EP_STUCK;
		s->rig->stuck(s, 1, r);
	} else {
		/* the platform thread stops: nothing is answered meanwhile */
		g_ep_kind = EP_PAUSE;
		scmia_sim_stop(&s->sim);
		s->sim_running = 0;
	}
	s->episodes++;
	s->episode_end = now + 2000u + (r >> 8) % 10000u;
}

static void service_tick(void *ctx)
{
	struct soak *s = ctx;
	uint64_t now;

	(void)scmia_agent_service(&s->agent);
	(void)scmia_notify_dispatch(&s->agent, 0);
	now = traffic_now_us();
	if (s->verbose && now >= s->next_progress) {
		unsigned n_free = 0, n_held = 0, n_out = 0;

		/* progress of a long run (SCMIA_SOAK_VERBOSE=1) */
		scmia_chan_stats(&s->a2p, &n_free, &n_held, &n_out);
		printf("soak: %s: %lu started, a2p %u free %u held %u out %u quarantined, "
		       "platform %u queued %u withheld\n",
		       s->rig->name, (unsigned long)atomic_load(&s->traffic.started), n_free, n_held,
		       n_out, scmia_chan_quarantined(&s->a2p), scmia_sim_queued(&s->sim),
		       scmia_sim_withheld(&s->sim));
		s->next_progress = now + 1000000u;
	}
	if (!s->percent || !s->next_episode)
		return;
	if (s->episode_end) {
		if (now >= s->episode_end)
			episode_end(s);
	} else if (now >= s->next_episode) {
		episode_begin(s, now);
		s->next_episode = s->episode_end + (uint64_t)s->rig->episode_ms * 500u +
				  tick_rand(s) % (s->rig->episode_ms * 1000u + 1u);
	}
	if (s->rig->arm && tick_rand(s) % 100u < 2u) {
		s->rig->arm(s, tick_rand(s));
		s->arms++;
	}
}

/* ------------------------------------------------------------------ */
/* Liveness                                                            */
/* ------------------------------------------------------------------ */

/* What the platform did about a liveness command that failed. */
static void alive_why(struct soak *s, const struct scmia_sim_stats *before)
{
	struct scmia_sim_stats st;

	scmia_sim_stats_get(&s->sim, &st);
	printf("soak: liveness: the platform got %u commands, sent %u responses, %u delayed, "
	       "%u spurious meanwhile; %u retries; %u queued, %u withheld now\n",
	       st.commands - before->commands, st.responses - before->responses,
	       st.delayed - before->delayed, st.spurious - before->spurious,
	       st.retries - before->retries, scmia_sim_queued(&s->sim),
	       scmia_sim_withheld(&s->sim));
}

static int alive_echo(struct soak *s, unsigned flags)
{
	struct scmia_sim_stats before;
	struct scmia_xfer *x;
	uint8_t tx[32];
	int ret, ok;

	for (unsigned i = 0; i < sizeof(tx); i++)
		tx[i] = (uint8_t)(0xa0 + i * 3u + flags);
	if (scmia_xfer_get(&s->agent, P80, SCMIA_SIM_TEST_ECHO, sizeof(tx), 0, &x))
		return 0;
	memcpy(x->tx_buf, tx, sizeof(tx));
	scmia_sim_stats_get(&s->sim, &before);
	ret = scmia_xfer_do(x, flags);
	ok = ret == SCMIA_OK && x->rx_len == sizeof(tx) + 4u &&
	     !memcmp(x->rx_buf, tx, sizeof(tx)) &&
	     scmia_get_le32((uint8_t *)x->rx_buf + sizeof(tx)) ==
		     scmia_sim_checksum(x->hdr, tx, sizeof(tx));
	if (!ok) {
		printf("soak: liveness: echo (flags %u) gave %d, %u bytes\n", flags, ret, x->rx_len);
		alive_why(s, &before);
	}
	(void)scmia_xfer_put(x);
	return ok;
}

static int alive_async(struct soak *s)
{
	struct scmia_xfer *x;
	uint8_t tx[8];
	int ret, ok;

	scmia_put_le32(tx, 0x1234567u);
	scmia_put_le32(tx + 4, 100u);
	if (scmia_xfer_get(&s->agent, P80, SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x))
		return 0;
	memcpy(x->tx_buf, tx, 8);
	ret = scmia_xfer_do(x, SCMIA_XFER_F_ASYNC);
	ok = ret == SCMIA_OK && x->rx_len == 8u &&
	     scmia_get_le32(x->rx_buf) == scmia_sim_test_async_value(0x1234567u) &&
	     scmia_get_le32((uint8_t *)x->rx_buf + 4) == scmia_sim_checksum(x->hdr, tx, 8);
	if (!ok)
		printf("soak: liveness: async gave %d, %u bytes\n", ret, x->rx_len);
	(void)scmia_xfer_put(x);
	return ok;
}

struct alive_nb {
	atomic_int done;
	int result;
};

static void alive_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct alive_nb *a = arg;

	(void)x;
	a->result = result;
	atomic_store(&a->done, 1);
}

static int alive_nonblocking(struct soak *s)
{
	struct alive_nb a;
	struct scmia_xfer *x;
	uint8_t tx[16];
	uint64_t t0;
	int ok;

	memset(&a, 0, sizeof(a));
	for (unsigned i = 0; i < sizeof(tx); i++)
		tx[i] = (uint8_t)(0x33 * i + 1u);
	if (scmia_xfer_get(&s->agent, P80, SCMIA_SIM_TEST_ECHO, sizeof(tx), 0, &x))
		return 0;
	memcpy(x->tx_buf, tx, sizeof(tx));
	if (scmia_xfer_submit(x, 0, alive_cb, &a)) {
		(void)scmia_xfer_put(x);
		return 0;
	}
	t0 = traffic_now_us();
	while (!atomic_load(&a.done) && traffic_now_us() - t0 < 2000000u) {
		(void)scmia_agent_service(&s->agent);
		traffic_sleep_us(200);
	}
	ok = atomic_load(&a.done) && a.result == SCMIA_OK && x->rx_len == sizeof(tx) + 4u &&
	     !memcmp(x->rx_buf, tx, sizeof(tx)) &&
	     scmia_get_le32((uint8_t *)x->rx_buf + sizeof(tx)) ==
		     scmia_sim_checksum(x->hdr, tx, sizeof(tx));
	if (!ok)
		printf("soak: liveness: non-blocking gave %d (done %d)\n", a.result,
		       atomic_load(&a.done));
	if (atomic_load(&a.done))
		(void)scmia_xfer_put(x);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Set-up and teardown                                                 */
/* ------------------------------------------------------------------ */

static int soak_up(struct soak *s)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg c;
	const struct soak_rig *rig = s->rig;
	int ret;

	s->os = scmia_posix_os_ops;
	s->os.relax = soak_relax;
	if ((ret = scmia_posix_init(&s->px)))
		return ret;
	s->posix_up = 1;
	if ((ret = scmia_posix_wait_init(s->w, SOAK_MAX_MSG)))
		return ret;
	s->waits_up = 1;

	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	/* A reply that waits more than 50 ms for its channel (an SMT area the
	 * agent holds, no free eventq buffer) is dropped: no message comes
	 * later than about 80 ms (with a LATE fault, a stuck episode), well
	 * within the laps of the token space the quarantine spans at these
	 * fault rates; and at the end the platform goes quiet soon, before
	 * the liveness commands. */
	scfg.max_retries = 500;
	if ((ret = scmia_sim_init(&s->sim, &scfg)))
		return ret;
	s->sim_up = 1;
	if ((ret = scmia_sim_test_register(&s->sim, &s->test)))
		return ret;
	if ((ret = rig->setup(s))) {
		printf("soak: %s: transport set-up failed (%d)\n", rig->name, ret);
		return ret;
	}

	soak_tap_bind(s);
	soak_wrap_transport(s);
	/* SMT and SMC keep no state per slot: their descriptors' 20 slots are
	 * a default. The soak opens more, so that the quarantine (one token
	 * per slot) outlasts a lap of the token space at its fault rate and
	 * the forgeries one lap later can be sent. */
	if (!s->inner->ops->get_max_msg && s->tr.max_msg < rig->max_msg)
		s->tr.max_msg = rig->max_msg;
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &s->os;
	acfg.os_ctx = &s->px;
	acfg.transport = &s->tr;
	acfg.transport_ctx = s->tr_ctx;
	acfg.notify_quota = 16;
	if ((ret = scmia_agent_init(&s->agent, &acfg))) {
		printf("soak: %s: agent init failed (%d)\n", rig->name, ret);
		return ret;
	}
	s->agent_up = 1;

	memset(&c, 0, sizeof(c));
	c.dir = SCMIA_CHAN_A2P;
	c.completion = s->completion;
	c.max_msg = rig->max_msg;
	c.msg_size = s->msg_size;
	c.chan_ctx = s->a2p_ctx;
	c.mem = s->mem_a2p;
	c.mem_size = sizeof(s->mem_a2p);
	c.wait_objs = s->w;
	c.wait_obj_stride = sizeof(s->w[0]);
	c.reply_timeout_us = rig->reply_timeout_us;
	c.dresp_timeout_us = rig->dresp_timeout_us;
	if ((ret = scmia_chan_open(&s->agent, &s->a2p, &c))) {
		printf("soak: %s: a2p channel open failed (%d)\n", rig->name, ret);
		return ret;
	}
	memset(&c, 0, sizeof(c));
	c.dir = SCMIA_CHAN_P2A;
	/* within what the transport takes (SMT: 20; virtio: its eventq) */
	c.max_msg = SOAK_P2A_MSG;
	if (s->tr.max_msg && s->tr.max_msg < c.max_msg)
		c.max_msg = s->tr.max_msg;
	if (s->inner->ops->get_max_msg)
		c.max_msg = 0;
	c.msg_size = s->msg_size;
	c.chan_ctx = s->p2a_ctx;
	c.mem = s->mem_p2a;
	c.mem_size = sizeof(s->mem_p2a);
	if ((ret = scmia_chan_open(&s->agent, &s->p2a, &c))) {
		printf("soak: %s: p2a channel open failed (%d)\n", rig->name, ret);
		return ret;
	}
#ifdef SCMIA__QUARANTINE
	s->qcap = (unsigned)SCMIA__QUARANTINE(scmia_chan_max_msg(&s->a2p));
#else
	s->qcap = scmia_chan_max_msg(&s->a2p);
#endif
	return rig->start(s);
}

static void soak_down(struct soak *s)
{
	if (s->rig->stop)
		s->rig->stop(s);
	if (s->agent_up)
		(void)scmia_agent_deinit(&s->agent);
	s->agent_up = 0;
	if (s->rig->teardown)
		s->rig->teardown(s);
	if (s->sim_up)
		scmia_sim_deinit(&s->sim);
	s->sim_up = 0;
	if (s->waits_up)
		scmia_posix_wait_deinit(s->w, SOAK_MAX_MSG);
	s->waits_up = 0;
	if (s->posix_up)
		scmia_posix_deinit(&s->px);
	s->posix_up = 0;
	soak_tap_bind(NULL);
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

static unsigned ld(atomic_uint *a)
{
	return atomic_load(a);
}

static void print_counters(const char *name, const uint32_t *cnt)
{
	printf("%s: counters:", name);
	for (unsigned i = 0; i < SCMIA_CNT__COUNT; i++)
		if (cnt[i])
			printf(" %s=%u", scmia_counter_name((enum scmia_counter)i), cnt[i]);
	printf("\n");
}

static void soak_checks(struct soak *s, struct traffic_checker *ck, unsigned long transfers,
			const struct traffic_tally *tot, const uint32_t *cnt,
			const struct scmia_sim_stats *st)
{
	static const enum scmia_counter kb[] = {
		SCMIA_CNT_REPLIES,	  SCMIA_CNT_DELAYED_REPLIES, SCMIA_CNT_LATE_REPLIES,
		SCMIA_CNT_UNEXPECTED_TOKEN, SCMIA_CNT_INVALID_STATE, SCMIA_CNT_EARLY,
		SCMIA_CNT_MALFORMED,	  SCMIA_CNT_RX_ERRORS,
	};
	struct soak_tap *t = &s->tap;
	long long lhs, rhs = 0, by_transport = 0;
	unsigned n_free, n_held, n_inflight, quar;
	unsigned i;

	/* (A) */
	traffic_check_results(ck, tot, cnt, transfers);
	/* (B) */
	for (i = 0; i < sizeof(kb) / sizeof(kb[0]); i++) {
		rhs += cnt[kb[i]];
		by_transport += ld(&t->tcount[kb[i]]);
	}
	rhs -= (long long)ld(&t->bad_status) + ld(&t->notif_fetch_err) + by_transport;
	lhs = (long long)ld(&t->rx) - ld(&t->rx_notif) + ld(&t->polled_fetch);
	traffic_check(ck, lhs == rhs, "(B) replies received + polled == their dispositions", lhs,
		      rhs);
	traffic_check(ck, cnt[SCMIA_CNT_MALFORMED] >= ld(&t->bad_status),
		      "MALFORMED >= bad-status fetches", cnt[SCMIA_CNT_MALFORMED],
		      ld(&t->bad_status));
	/* (C) */
	traffic_check(ck,
		      ld(&t->rx_notif) == cnt[SCMIA_CNT_NOTIFICATIONS] + cnt[SCMIA_CNT_NOTIFY_DROPS] +
						  ld(&t->notif_fetch_err) -
						  ld(&t->tcount[SCMIA_CNT_NOTIFICATIONS]) -
						  ld(&t->tcount[SCMIA_CNT_NOTIFY_DROPS]),
		      "(C) notifications received == queued + dropped + failed", ld(&t->rx_notif),
		      (long long)cnt[SCMIA_CNT_NOTIFICATIONS] + cnt[SCMIA_CNT_NOTIFY_DROPS] +
			      ld(&t->notif_fetch_err));
	/* A delayed response whose type bits a corrupted header turned into a
	 * notification's is one too, of an event nobody registered for. */
	traffic_check(ck,
		      traffic_notifications_handled(&s->traffic) + cnt[SCMIA_CNT_NOTIFY_UNHANDLED] ==
			      cnt[SCMIA_CNT_NOTIFICATIONS],
		      "(C) each queued notification dispatched once (handled or unhandled)",
		      (long long)traffic_notifications_handled(&s->traffic) +
			      cnt[SCMIA_CNT_NOTIFY_UNHANDLED],
		      cnt[SCMIA_CNT_NOTIFICATIONS]);
	traffic_check(ck, cnt[SCMIA_CNT_NOTIFY_UNHANDLED] <= st->injected[SCMIA_SIM_FA_CORRUPT_HDR],
		      "(C) unhandled notifications only from corrupted headers",
		      cnt[SCMIA_CNT_NOTIFY_UNHANDLED], st->injected[SCMIA_SIM_FA_CORRUPT_HDR]);
	/* (D) */
	scmia_chan_stats(&s->a2p, &n_free, &n_held, &n_inflight);
	quar = scmia_chan_quarantined(&s->a2p);
	printf("soak: %s: a2p %u slots free of %u, %u held, %u tokens in flight, %u quarantined "
	       "(capacity %u)\n",
	       s->rig->name, n_free, scmia_chan_max_msg(&s->a2p), n_held, n_inflight, quar,
	       s->qcap);
	traffic_check(ck, n_free == scmia_chan_max_msg(&s->a2p) && n_held == 0,
		      "(D) a2p slots all free", n_free, scmia_chan_max_msg(&s->a2p));
	traffic_check(ck, n_inflight == 0, "(D) no token out but quarantined ones", n_inflight, 0);
	traffic_check(ck, quar <= s->qcap, "(D) quarantine within its capacity", quar, s->qcap);
	scmia_chan_stats(&s->p2a, &n_free, &n_held, NULL);
	traffic_check(ck, n_free == scmia_chan_max_msg(&s->p2a) && n_held == 0,
		      "(D) p2a slots all free", n_free, scmia_chan_max_msg(&s->p2a));
	traffic_check(ck, soak_settle_gates(s) == 0, "no send or release left held by the forger",
		      soak_settle_gates(s), 0);
	/* the forgeries the agent must refuse */
	traffic_check(ck, ld(&t->forged_taken) + ld(&t->forged_fetched) == 0,
		      "no reply naming a transfer still waiting to send was taken (refused, "
		      "never fetched)",
		      (long long)ld(&t->forged_taken) + ld(&t->forged_fetched), 0);
	traffic_check(ck, ld(&t->reissued) == 0,
		      "no token issued again while its quarantine held it", ld(&t->reissued), 0);
	/* the faults did happen (statistics: long enough runs only; the
	 * short variant under ThreadSanitizer is too slow for the rarer) */
	if (s->percent && transfers >= 20000u) {
		traffic_check(ck, cnt[SCMIA_CNT_TIMEOUTS] > 0 && cnt[SCMIA_CNT_LATE_REPLIES] > 0,
			      "timeouts and late replies happened", cnt[SCMIA_CNT_TIMEOUTS],
			      cnt[SCMIA_CNT_LATE_REPLIES]);
		traffic_check(ck, st->withheld > 0, "forged tokens: replies withheld", st->withheld,
			      0);
	}
	if (s->percent && transfers >= 100000u) {
		unsigned stale = st->forged[SCMIA_SIM_FORGE_STALE] + st->forged[SCMIA_SIM_FORGE_LAP] +
				 st->replayed;

		traffic_check(ck, st->forged[SCMIA_SIM_FORGE_PENDING] > 0,
			      "forged tokens of transfers waiting to send",
			      st->forged[SCMIA_SIM_FORGE_PENDING], 0);
		if (!s->rig->p2a_async)
			traffic_check(ck, cnt[SCMIA_CNT_EARLY] > 0,
				      "forged replies reached the receive entry early (EARLY)",
				      cnt[SCMIA_CNT_EARLY], 0);
		traffic_check(ck, stale > 0, "forged tokens of quarantined transfers", stale, 0);
		traffic_check(ck, st->forged[SCMIA_SIM_FORGE_LAP] > 0,
			      "forged tokens one lap later", st->forged[SCMIA_SIM_FORGE_LAP], 0);
	}
}

static int soak_run(struct soak *s, unsigned long transfers, const char *name)
{
	struct traffic_checker ck = { name, 0, 0 };
	const struct soak_rig *rig = s->rig;
	struct scmia_sim_stats st;
	struct traffic_tally tot;
	struct traffic_cfg tc;
	uint32_t cnt[SCMIA_CNT__COUNT];
	unsigned injected = 0, i;
	uint32_t only;
	uint64_t t0, idle_since;
	double secs;
	int ret, up_ok;

	printf("soak: %s: %lu transfers, %u sender threads + platform thread + service thread, "
	       "%u%% faults, seed 0x%llx, timeouts %u/%u us%s\n",
	       rig->name, transfers, s->threads, s->percent, (unsigned long long)s->seed,
	       rig->reply_timeout_us, rig->dresp_timeout_us,
	       SOAK_TSAN ? " (ThreadSanitizer build)" : "");
	ret = soak_up(s);
	up_ok = ret == SCMIA_OK;
	traffic_check(&ck, up_ok, "set-up", ret, 0);
	if (!up_ok) {
		soak_down(s);
		printf("%s: %u passed, %u failed\n", name, ck.pass, ck.fail);
		return 1;
	}

	/* faults (SCMIA_SOAK_ACTIONS: a mask of enum scmia_sim_fault_action
	 * bits to narrow the transport's sets down, to chase one) */
	only = (uint32_t)traffic_env("SCMIA_SOAK_ACTIONS", 0xffffffffu);
	scmia_sim_fault_random_cfg(&s->sim, (rig->resp_actions | rig->dresp_actions) & only,
				   SCMIA_SIM_FT_RESP | SCMIA_SIM_FT_DRESP, rig->late_us);
	if ((rig->resp_actions & only) && (rig->dresp_actions & only)) {
		scmia_sim_fault_random_kind(&s->sim, SCMIA_SIM_K_RESP, rig->resp_actions & only);
		scmia_sim_fault_random_kind(&s->sim, SCMIA_SIM_K_DRESP, rig->dresp_actions & only);
	}
	scmia_sim_forge_set(&s->sim, &soak_forge_ops, s, 16, 0);
	scmia_sim_fault_random(&s->sim, s->percent, s->seed);
	traffic_notify_register(&s->traffic, &s->agent);
	s->tick_rng = (uint32_t)s->seed | 1u;
	s->forge_rng = (uint32_t)(s->seed >> 32) | 1u;
	s->next_episode = traffic_env("SCMIA_SOAK_STUCK", 1) ? traffic_now_us() + 50000u : 0;

	memset(&tc, 0, sizeof(tc));
	tc.agent = &s->agent;
	tc.threads = s->threads;
	tc.transfers = transfers;
	tc.seed = s->seed;
	tc.echo_max = s->echo_max;
	tc.hooks = &soak_traffic_hooks;
	tc.hooks_ctx = s;
	if (traffic_start(&s->traffic, &tc)) {
		traffic_check(&ck, 0, "senders started", 0, 0);
		soak_down(s);
		printf("%s: %u passed, %u failed\n", name, ck.pass, ck.fail);
		return 1;
	}
	traffic_wait(&s->traffic, service_tick, s, rig->service_us);

	/* Drain: the platform behaves from now on; whatever it withheld or
	 * queued goes out (late), and the agent sees it all. */
	if (s->episode_end)
		episode_end(s);
	s->next_episode = 0;
	scmia_sim_fault_random(&s->sim, 0, 0);
	if (rig->quiet)
		rig->quiet(s);
	/* Idle must hold for DRAIN_IDLE_US in a row: a message the platform
	 * retries, or a forgery queued before the faults went off that
	 * withholds its original when it leaves, comes back after a moment
	 * of nothing queued. What is withheld meanwhile goes out whole. */
	t0 = traffic_now_us();
	idle_since = 0;
	while (traffic_now_us() - t0 < DRAIN_US) {
		uint64_t now;

		(void)scmia_sim_forge_flush(&s->sim);
		(void)scmia_agent_service(&s->agent);
		traffic_sleep_us(1000);
		now = traffic_now_us();
		if (scmia_sim_queued(&s->sim) || scmia_sim_withheld(&s->sim))
			idle_since = 0;
		else if (!idle_since)
			idle_since = now;
		else if (now - idle_since >= DRAIN_IDLE_US)
			break;
	}
	while (scmia_notify_dispatch(&s->agent, 0) > 0)
		;

	/* The checks below count on it (a reply still being retried could
	 * land on the liveness commands). */
	traffic_check(&ck, !scmia_sim_queued(&s->sim) && !scmia_sim_withheld(&s->sim),
		      "the platform is idle after the drain (queued, withheld)",
		      scmia_sim_queued(&s->sim), scmia_sim_withheld(&s->sim));
	secs = traffic_total(&s->traffic, &tot);
	scmia_agent_counters(&s->agent, cnt, SCMIA_CNT__COUNT);
	scmia_sim_stats_get(&s->sim, &st);
	for (i = 1; i < SCMIA_SIM_FA__COUNT; i++)
		injected += st.injected[i];

	traffic_print(name, &tot, secs);
	printf("%s: platform: %u commands, %u responses, %u delayed, %u notifications, "
	       "%u spurious, %u injected faults:",
	       name, st.commands, st.responses, st.delayed, st.notifications, st.spurious,
	       injected);
	for (i = 1; i < SCMIA_SIM_FA__COUNT; i++)
		if (st.injected[i])
			printf(" %s %u", scmia_sim_fault_name(i), st.injected[i]);
	printf("\n%s: forged: %u pending (%u before send, %u behind the owner), %u quarantined, "
	       "%u one lap later, %u to an unused token (no target), %u replayed whole, %u "
	       "withheld, %u not sent (quarantine not certain); %u stuck episodes, %u device "
	       "faults, %u sends held back\n",
	       name, st.forged[SCMIA_SIM_FORGE_PENDING], ld(&s->tap.forged_open),
	       ld(&s->tap.forged_owner), st.forged[SCMIA_SIM_FORGE_STALE],
	       st.forged[SCMIA_SIM_FORGE_LAP], st.forge_miss, st.replayed, st.withheld,
	       st.replay_cancel,
	       s->episodes, s->arms, ld(&s->tap.slow_sends));
	printf("%s: quarantine checks of the forger: %u yes, %u no (token not quarantined by its "
	       "caller), %u no (too many quarantines since), %u tokens issued again too soon; "
	       "pending forgeries at the receive entry %u (%u taken, %u fetched); sends waiting "
	       "for a forgery %u, releases %u\n",
	       name, ld(&s->tap.stale_yes), ld(&s->tap.stale_no_state),
	       ld(&s->tap.stale_no_budget), ld(&s->tap.reissued), ld(&s->tap.forged_rx),
	       ld(&s->tap.forged_taken), ld(&s->tap.forged_fetched), ld(&s->tap.send_wait),
	       ld(&s->tap.gate_wait));
	printf("%s: receive entry: %u calls (%u notifications), %u polled fetches, "
	       "%u bad-status fetches, %u notification fetch errors; counted by the transport:",
	       name, ld(&s->tap.rx), ld(&s->tap.rx_notif), ld(&s->tap.polled_fetch),
	       ld(&s->tap.bad_status), ld(&s->tap.notif_fetch_err));
	for (i = 0; i < SCMIA_CNT__COUNT; i++)
		if (ld(&s->tap.tcount[i]))
			printf(" %s=%u", scmia_counter_name((enum scmia_counter)i),
			       ld(&s->tap.tcount[i]));
	printf("\n");
	print_counters(name, cnt);
	soak_checks(s, &ck, transfers, &tot, cnt, &st);
	if (rig->report)
		rig->report(s, &ck);

	/* (E) alive: whether the channel works, not how fast on a loaded host */
	(void)scmia_chan_set_timeouts(&s->a2p, 1000000u, 3000000u);
	traffic_check(&ck, alive_echo(s, 0), "(E) alive: synchronous command", 0, 0);
	traffic_check(&ck, alive_echo(s, SCMIA_XFER_F_POLL), "(E) alive: polled command", 0, 0);
	traffic_check(&ck, alive_async(s), "(E) alive: asynchronous command", 0, 0);
	traffic_check(&ck, alive_nonblocking(s), "(E) alive: non-blocking command", 0, 0);

	soak_down(s);
	printf("%s: %u passed, %u failed\n", name, ck.pass, ck.fail);
	return ck.fail ? 1 : 0;
}

static const struct soak_rig *find_rig(const char *name)
{
	for (unsigned i = 0; i < soak_n_rigs; i++)
		if (!strcmp(soak_rigs[i]->name, name))
			return soak_rigs[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct soak *s = &g_soak;
	const struct soak_rig *rig;
	unsigned long transfers;
	char env[64], name[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
#ifdef __linux__
	/* short sleeps (the relax hook, the pollers) stay short */
	(void)prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
#endif
	if (argc > 1 && !strcmp(argv[1], "list")) {
		for (unsigned i = 0; i < soak_n_rigs; i++)
			printf("%s\n", soak_rigs[i]->name);
		return 0;
	}
	rig = argc > 1 ? find_rig(argv[1]) : NULL;
	if (!rig) {
		printf("usage: soak <transport> [transfers] (soak list: the transports)\n");
		printf("soak: 0 passed, 1 failed\n");
		return 1;
	}
	snprintf(name, sizeof(name), "soak-%s", rig->name);
	transfers = argc > 2 ? strtoul(argv[2], NULL, 0) : rig->transfers;
	transfers = traffic_env("SCMIA_SOAK_TRANSFERS", transfers);
	snprintf(env, sizeof(env), "SCMIA_SOAK_TRANSFERS_%s", rig->env);
	transfers = traffic_env(env, transfers);

	memset(s, 0, sizeof(*s));
	s->rig = rig;
	s->seed = traffic_env("SCMIA_SOAK_SEED", 0x50a4c0deu);
	s->threads = (unsigned)traffic_env("SCMIA_SOAK_THREADS", 4);
	s->percent = (unsigned)traffic_env("SCMIA_SOAK_FAULT_PERCENT", rig->percent);
	s->verbose = (int)traffic_env("SCMIA_SOAK_VERBOSE", 0);
	if (!transfers || !s->threads || s->threads > TRAFFIC_MAX_THREADS || s->percent > 100) {
		printf("%s: bad parameters\n%s: 0 passed, 1 failed\n", name, name);
		return 1;
	}
	return soak_run(s, transfers, name);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Concurrency stress test of the core.
 *
 * Four (or more) sender threads share one a2p channel of an agent on the
 * POSIX port; the simulated platform runs in its own thread and calls the
 * receive entry (the receive thread); the main thread runs the expiry
 * service and notification dispatch. The platform injects random faults
 * into 5 % of the responses and delayed responses: drop, duplicate, delay,
 * late (after the timeout), corrupt status, truncate, spurious.
 *
 * Each sender mixes: synchronous ECHO (some by polling), asynchronous
 * ASYNC_WORK (waits for the delayed response), non-blocking ECHO batches
 * (submit + completion callback), TRIGGER_EVENT (notifications). Every
 * ECHO payload is unique to (thread, sequence) and its reply carries the
 * platform's checksum of the command header + payload; every ASYNC_WORK
 * delayed response carries a value derived from the request and the same
 * checksum. A full-length reply that does not match is misattributed.
 *
 * Usage: test_stress [transfers] (or env SCMIA_STRESS_TRANSFERS; also
 * SCMIA_STRESS_THREADS, SCMIA_STRESS_SEED, SCMIA_STRESS_FAULT_PERCENT).
 * Prints the count run and ends with "stress: N passed, N failed" (N
 * counting the checks below); exit status 0 only when none failed.
 *
 * The identities checked at the end, from the core's semantics:
 *
 *  (A) every command handed to the transport ends exactly once, as its
 *      caller sees it:
 *        SENT == ok + short + malformed + tooshort + scmi_err + timeout
 *      (a send the transport refused is TX_ERRORS, not SENT; none here);
 *      TIMEOUTS == timeouts seen; STATUS_ERRORS == SCMI-band results seen.
 *  (B) every response or delayed response the platform handed to the
 *      receive entry ends in exactly one counter:
 *        delivered == REPLIES + DELAYED_REPLIES + LATE_REPLIES
 *                     + UNEXPECTED_TOKEN + INVALID_STATE + EARLY
 *                     + (MALFORMED - malformed results seen)
 *      A reply whose status is outside -11..0 is applied (REPLIES or
 *      DELAYED_REPLIES) and also counted MALFORMED, and ends its transfer
 *      with SCMIA_EMALFORMED: hence the subtraction. A reply too short to
 *      hold a status is counted MALFORMED only (result SCMIA_ETOOSHORT).
 *      A deferred message (DEFERRED) is processed later and counted then.
 *  (C) every notification handed to the receive entry is queued or
 *      dropped: delivered == NOTIFICATIONS + NOTIFY_DROPS, and each queued
 *      one reaches the handler once.
 *  (D) at the end every slot is free, no token is in flight.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenv.h"

#define P80 SCMIA_SIM_TEST_PROTO
#define MAX_THREADS 16u
#define BATCH_MAX 4u
#define ECHO_MIN 8u   /* >= 8: a TRUNCATE (<= 11 bytes) always shortens an ECHO reply */
#define ECHO_MAX 100u

#if defined(__SANITIZE_THREAD__)
#define STRESS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define STRESS_TSAN 1
#endif
#endif
#ifndef STRESS_TSAN
#define STRESS_TSAN 0
#endif

#define DEFAULT_TRANSFERS 100000u
#define REPLY_TIMEOUT_US 10000u
#define DRESP_TIMEOUT_US 30000u
#define LATE_US 13000u
/*
 * A late reply is recognised as late only while its token is out of
 * circulation: one trip round the 1024-token space (docs/design.md, "Tokens"). The
 * senders are throttled so that the space takes longer to wrap than the
 * latest reply can come (LATE_US + 2 ms of DELAY fault), with a margin of
 * two: at most 1024 / 30 ms.
 */
#define MAX_RATE_PER_S (1024u * 1000u / 30u)

static struct tenv g_t;
static atomic_long g_remaining;
static atomic_uint g_notif_handled;
static atomic_ulong g_finished;
static atomic_ulong g_started;
static uint64_t g_t0;

/* Outcome tallies of one sender. */
struct tally {
	unsigned attempts, ok, short_ok, malformed, tooshort, scmi_err, timeout, tx_err, no_slot,
		other, misattributed;
	unsigned echo_sync, echo_poll, async, nb, trigger;
	int last_other;
};

struct nbctx {
	struct sender *s;
	struct scmia_xfer *x;
	uint8_t tx[ECHO_MAX];
	uint32_t len;
	int put_in_cb;
	int result;
	int verdict; /* 1 full match, 0 short, -1 misattributed */
	atomic_int done;
};

struct sender {
	unsigned id;
	uint64_t rng;
	struct tally t;
	struct nbctx nb[BATCH_MAX];
};

static uint32_t rnd(struct sender *s)
{
	uint64_t x = s->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	s->rng = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

/* Classify an ECHO reply: 1 exactly this command's, 0 shorter (a
 * truncated reply), -1 anything else (misattributed). */
static int echo_verdict(const struct scmia_xfer *x, const uint8_t *tx, uint32_t len)
{
	if (x->rx_len < len + 4u)
		return 0;
	if (x->rx_len != len + 4u || memcmp(x->rx_buf, tx, len) != 0 ||
	    scmia_get_le32((const uint8_t *)x->rx_buf + len) != scmia_sim_checksum(x->hdr, tx, len))
		return -1;
	return 1;
}

static void fill_echo(struct sender *s, uint8_t *tx, uint32_t len, unsigned seq)
{
	scmia_put_le32(tx, s->id);
	scmia_put_le32(tx + 4, seq);
	for (uint32_t k = 8; k < len; k++)
		tx[k] = (uint8_t)rnd(s);
}

/* Account for the result of one transfer that was handed to the core. */
static void account(struct tally *t, int ret, int verdict)
{
	switch (ret) {
	case SCMIA_OK:
		if (verdict > 0)
			t->ok++;
		else if (verdict == 0)
			t->short_ok++;
		else
			t->misattributed++;
		break;
	case SCMIA_EMALFORMED:
		t->malformed++;
		break;
	case SCMIA_ETOOSHORT:
		t->tooshort++;
		break;
	case SCMIA_ETIMEDOUT:
		t->timeout++;
		break;
	case SCMIA_EBUSY: /* the loopback had no buffer: nothing was sent */
		t->tx_err++;
		break;
	default:
		if (scmia_err_is_scmi(ret)) {
			t->scmi_err++;
		} else {
			t->other++;
			t->last_other = ret;
		}
		break;
	}
}

/* A failure before the transfer reached the transport. */
static void account_get(struct tally *t, int ret)
{
	if (ret == SCMIA_ENOSLOT)
		t->no_slot++;
	else {
		t->other++;
		t->last_other = ret;
	}
}

static void do_echo(struct sender *s, unsigned seq, unsigned flags)
{
	uint8_t tx[ECHO_MAX];
	uint32_t len = ECHO_MIN + rnd(s) % (ECHO_MAX - ECHO_MIN + 1u);
	struct scmia_xfer *x;
	int ret;

	fill_echo(s, tx, len, seq);
	ret = scmia_xfer_get(&g_t.agent, P80, SCMIA_SIM_TEST_ECHO, len, 0, &x);
	if (ret) {
		account_get(&s->t, ret);
		return;
	}
	memcpy(x->tx_buf, tx, len);
	s->t.attempts++;
	ret = scmia_xfer_do(x, flags);
	account(&s->t, ret, ret == SCMIA_OK ? echo_verdict(x, tx, len) : 0);
	(void)scmia_xfer_put(x);
}

static void do_async(struct sender *s)
{
	uint8_t tx[8];
	uint32_t value = rnd(s);
	struct scmia_xfer *x;
	int ret, verdict = 0;

	scmia_put_le32(tx, value);
	scmia_put_le32(tx + 4, rnd(s) % 300u); /* delayed response after 0..299 µs */
	ret = scmia_xfer_get(&g_t.agent, P80, SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x);
	if (ret) {
		account_get(&s->t, ret);
		return;
	}
	memcpy(x->tx_buf, tx, 8);
	s->t.attempts++;
	ret = scmia_xfer_do(x, SCMIA_XFER_F_ASYNC);
	if (ret == SCMIA_OK) {
		if (x->rx_len < 8u)
			verdict = 0;
		else if (x->rx_len == 8u &&
			 scmia_get_le32(x->rx_buf) == scmia_sim_test_async_value(value) &&
			 scmia_get_le32((uint8_t *)x->rx_buf + 4) ==
				 scmia_sim_checksum(x->hdr, tx, 8))
			verdict = 1;
		else
			verdict = -1;
	}
	account(&s->t, ret, verdict);
	(void)scmia_xfer_put(x);
}

static void do_trigger(struct sender *s)
{
	uint8_t tx[8];
	int ret;

	scmia_put_le32(tx, rnd(s) % 8u);          /* source id */
	scmia_put_le32(tx + 4, 1u + rnd(s) % 3u); /* count */
	s->t.attempts++;
	ret = scmia_cmd(&g_t.agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, tx, 8, NULL, 0, NULL, 0);
	if (ret == SCMIA_ENOSLOT) {
		s->t.attempts--;
		account_get(&s->t, ret);
		return;
	}
	account(&s->t, ret, 1);
}

/* Completion callback of a non-blocking ECHO: any thread (the receive
 * thread, the service thread, another sender's submit). */
static void nb_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct nbctx *c = arg;

	c->result = result;
	c->verdict = (result == SCMIA_OK && x == c->x) ? echo_verdict(x, c->tx, c->len) : 0;
	if (result == SCMIA_OK && x != c->x)
		c->verdict = -1;
	if (c->put_in_cb)
		(void)scmia_xfer_put(x);
	atomic_store_explicit(&c->done, 1, memory_order_release);
}

static void do_batch(struct sender *s, unsigned seq, unsigned k)
{
	unsigned i, n = 0;

	for (i = 0; i < k; i++) {
		struct nbctx *c = &s->nb[i];
		int ret;

		c->s = s;
		c->len = ECHO_MIN + rnd(s) % (ECHO_MAX - ECHO_MIN + 1u);
		c->put_in_cb = (int)(rnd(s) & 1u);
		c->result = 0;
		c->verdict = 0;
		atomic_store(&c->done, 0);
		fill_echo(s, c->tx, c->len, seq + i);
		ret = scmia_xfer_get(&g_t.agent, P80, SCMIA_SIM_TEST_ECHO, c->len, 0, &c->x);
		if (ret) {
			account_get(&s->t, ret);
			break;
		}
		memcpy(c->x->tx_buf, c->tx, c->len);
		s->t.attempts++;
		ret = scmia_xfer_submit(c->x, 0, nb_cb, c);
		if (ret) {
			/* nothing handed over: no callback will come */
			if (ret == SCMIA_EBUSY || ret == SCMIA_EIO)
				s->t.tx_err++;
			else
				account(&s->t, ret, 0);
			(void)scmia_xfer_put(c->x);
			break;
		}
		n++;
	}
	for (i = 0; i < n; i++) {
		struct nbctx *c = &s->nb[i];

		while (!atomic_load_explicit(&c->done, memory_order_acquire))
			tenv_sleep_us(20);
		account(&s->t, c->result, c->verdict);
		if (!c->put_in_cb)
			(void)scmia_xfer_put(c->x);
	}
}

static void *sender_main(void *arg)
{
	struct sender *s = arg;
	unsigned seq = 0;

	for (;;) {
		uint32_t r = rnd(s) % 100u;
		long want = 1;

		if (r >= 65u && r < 95u)
			want = 1 + (long)(rnd(s) % BATCH_MAX);
		long left = atomic_fetch_sub(&g_remaining, want);
		if (left <= 0)
			break;
		if (want > left)
			want = left;
		/* throttle: never faster than MAX_RATE_PER_S */
		for (;;) {
			uint64_t due = (uint64_t)atomic_load(&g_started) * 1000000u /
				       MAX_RATE_PER_S;

			if (tenv_now_us() - g_t0 >= due)
				break;
			tenv_sleep_us(100);
		}
		atomic_fetch_add(&g_started, (unsigned long)want);

		if (r < 35u) {
			s->t.echo_sync++;
			do_echo(s, seq++, 0);
		} else if (r < 40u) {
			s->t.echo_poll++;
			do_echo(s, seq++, SCMIA_XFER_F_POLL);
		} else if (r < 65u) {
			s->t.async++;
			do_async(s);
		} else if (r < 95u) {
			s->t.nb += (unsigned)want;
			do_batch(s, seq, (unsigned)want);
			seq += (unsigned)want;
		} else {
			s->t.trigger++;
			do_trigger(s);
		}
	}
	atomic_fetch_add(&g_finished, 1u);
	return NULL;
}

static void notif_handler(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	atomic_fetch_add(&g_notif_handled, 1u);
}

static unsigned g_pass, g_fail;

static void check(int cond, const char *what, long long a, long long b)
{
	if (cond) {
		g_pass++;
	} else {
		g_fail++;
		printf("stress: CHECK FAILED: %s (%lld vs %lld)\n", what, a, b);
	}
}

static unsigned long env_or(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return (v && *v) ? strtoul(v, NULL, 0) : def;
}

int main(int argc, char **argv)
{
	static struct sender snd[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	struct scmia_notifier nf;
	struct scmia_sim_stats st;
	struct tenv_opts o;
	struct tally tot;
	uint32_t cnt[SCMIA_CNT__COUNT];
	unsigned long transfers, nthreads, seed, percent;
	unsigned n_free, n_held, n_inflight, i;
	unsigned delivered, injected = 0;
	uint64_t t0, t1, tq;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	transfers = env_or("SCMIA_STRESS_TRANSFERS", DEFAULT_TRANSFERS);
	if (argc > 1)
		transfers = strtoul(argv[1], NULL, 0);
	nthreads = env_or("SCMIA_STRESS_THREADS", 4);
	seed = env_or("SCMIA_STRESS_SEED", 0x5c0ffee5u);
	percent = env_or("SCMIA_STRESS_FAULT_PERCENT", 5);
	if (nthreads < 1 || nthreads > MAX_THREADS || percent > 100 || transfers < 1) {
		printf("stress: bad parameters\nstress: 0 passed, 1 failed\n");
		return 1;
	}
	printf("stress: %lu transfers, %lu sender threads + receive thread + service thread, "
	       "%lu%% faults, seed 0x%lx%s\n",
	       transfers, nthreads, percent, seed, STRESS_TSAN ? " (ThreadSanitizer build)" : "");

	memset(&o, 0, sizeof(o));
	o.a2p_max_msg = 32;
	o.reply_timeout_us = REPLY_TIMEOUT_US;
	o.dresp_timeout_us = DRESP_TIMEOUT_US;
	o.notify_quota = 16;
	rc = tenv_start(&g_t, &o);
	if (rc) {
		printf("stress: environment failed to start (%d)\n", rc);
		printf("stress: 0 passed, 1 failed\n");
		return 1;
	}
	scmia_sim_fault_random_cfg(&g_t.sim,
				   (1u << SCMIA_SIM_FA_DROP) | (1u << SCMIA_SIM_FA_DUPLICATE) |
					   (1u << SCMIA_SIM_FA_DELAY) | (1u << SCMIA_SIM_FA_LATE) |
					   (1u << SCMIA_SIM_FA_CORRUPT_STATUS) |
					   (1u << SCMIA_SIM_FA_TRUNCATE) |
					   (1u << SCMIA_SIM_FA_SPURIOUS),
				   SCMIA_SIM_FT_RESP | SCMIA_SIM_FT_DRESP, LATE_US);
	scmia_sim_fault_random(&g_t.sim, (unsigned)percent, seed);

	memset(&nf, 0, sizeof(nf));
	nf.proto_id = P80;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = notif_handler;
	scmia_notify_register(&g_t.agent, &nf);

	atomic_store(&g_remaining, (long)transfers);
	t0 = tenv_now_us();
	g_t0 = t0;
	for (i = 0; i < nthreads; i++) {
		snd[i].id = i + 1u;
		snd[i].rng = (seed ^ (0x9e3779b97f4a7c15ull * (i + 1u))) | 1u;
		pthread_create(&th[i], NULL, sender_main, &snd[i]);
	}
	/* service thread duty until every sender is done: expire overdue
	 * non-blocking transfers, dispatch notifications */
	while (atomic_load(&g_finished) < nthreads) {
		(void)scmia_agent_service(&g_t.agent);
		(void)scmia_notify_dispatch(&g_t.agent, 0);
		tenv_sleep_us(1000);
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	t1 = tenv_now_us();

	/* late, duplicated and delayed messages still queued in the platform */
	tq = tenv_now_us();
	while (scmia_sim_queued(&g_t.sim) && tenv_now_us() - tq < 2000000u) {
		(void)scmia_agent_service(&g_t.agent);
		tenv_sleep_us(1000);
	}
	tenv_stop_platform(&g_t);
	while (scmia_notify_dispatch(&g_t.agent, 0) > 0)
		;

	memset(&tot, 0, sizeof(tot));
	for (i = 0; i < nthreads; i++) {
		struct tally *t = &snd[i].t;

		tot.attempts += t->attempts;
		tot.ok += t->ok;
		tot.short_ok += t->short_ok;
		tot.malformed += t->malformed;
		tot.tooshort += t->tooshort;
		tot.scmi_err += t->scmi_err;
		tot.timeout += t->timeout;
		tot.tx_err += t->tx_err;
		tot.no_slot += t->no_slot;
		tot.other += t->other;
		tot.misattributed += t->misattributed;
		tot.echo_sync += t->echo_sync;
		tot.echo_poll += t->echo_poll;
		tot.async += t->async;
		tot.nb += t->nb;
		tot.trigger += t->trigger;
		if (t->other)
			tot.last_other = t->last_other;
	}
	scmia_agent_counters(&g_t.agent, cnt, SCMIA_CNT__COUNT);
	scmia_sim_stats_get(&g_t.sim, &st);
	for (i = 1; i < SCMIA_SIM_FA__COUNT; i++)
		injected += st.injected[i];

	printf("stress: %u transfers in %.2f s (%.0f/s): %u sync echo, %u polled echo, %u async, "
	       "%u non-blocking, %u trigger\n",
	       tot.attempts, (double)(t1 - t0) / 1e6,
	       (double)tot.attempts * 1e6 / (double)(t1 - t0 ? t1 - t0 : 1), tot.echo_sync,
	       tot.echo_poll, tot.async, tot.nb, tot.trigger);
	printf("stress: results: ok %u, truncated %u, malformed %u, too short %u, scmi error %u, "
	       "timeout %u, tx error %u, no slot %u, other %u, misattributed %u\n",
	       tot.ok, tot.short_ok, tot.malformed, tot.tooshort, tot.scmi_err, tot.timeout,
	       tot.tx_err, tot.no_slot, tot.other, tot.misattributed);
	printf("stress: platform: %u commands, %u responses, %u delayed, %u notifications, "
	       "%u spurious, %u injected faults:",
	       st.commands, st.responses, st.delayed, st.notifications, st.spurious, injected);
	for (i = 1; i < SCMIA_SIM_FA__COUNT; i++)
		if (st.injected[i])
			printf(" %s %u", scmia_sim_fault_name(i), st.injected[i]);
	printf("\nstress: counters:");
	for (i = 0; i < SCMIA_CNT__COUNT; i++)
		if (cnt[i])
			printf(" %s=%u", scmia_counter_name((enum scmia_counter)i), cnt[i]);
	printf("\n");

	/* ---- checks ---- */
	check(tot.misattributed == 0, "misattributed replies", tot.misattributed, 0);
	check(tot.other == 0, "unexpected results (last one)", tot.last_other, 0);
	check(tot.attempts + tot.no_slot + tot.tx_err >= transfers, "transfers run",
	      tot.attempts + tot.no_slot + tot.tx_err, (long long)transfers);
	check(cnt[SCMIA_CNT_NO_SLOT] == tot.no_slot, "NO_SLOT == ENOSLOT results",
	      cnt[SCMIA_CNT_NO_SLOT], tot.no_slot);
	check(cnt[SCMIA_CNT_TX_ERRORS] == tot.tx_err, "TX_ERRORS == refused sends",
	      cnt[SCMIA_CNT_TX_ERRORS], tot.tx_err);
	check(cnt[SCMIA_CNT_SENT] + tot.tx_err == tot.attempts, "SENT + TX_ERRORS == attempts",
	      cnt[SCMIA_CNT_SENT] + tot.tx_err, tot.attempts);
	/* (A) */
	check(cnt[SCMIA_CNT_SENT] == tot.ok + tot.short_ok + tot.malformed + tot.tooshort +
					     tot.scmi_err + tot.timeout + tot.misattributed,
	      "(A) SENT == sum of results",
	      cnt[SCMIA_CNT_SENT],
	      tot.ok + tot.short_ok + tot.malformed + tot.tooshort + tot.scmi_err + tot.timeout +
		      tot.misattributed);
	check(cnt[SCMIA_CNT_TIMEOUTS] == tot.timeout, "(A) TIMEOUTS == timeouts seen",
	      cnt[SCMIA_CNT_TIMEOUTS], tot.timeout);
	check(cnt[SCMIA_CNT_STATUS_ERRORS] == tot.scmi_err, "(A) STATUS_ERRORS == SCMI errors seen",
	      cnt[SCMIA_CNT_STATUS_ERRORS], tot.scmi_err);
	check(cnt[SCMIA_CNT_CANCELED] == 0, "no transfer canceled", cnt[SCMIA_CNT_CANCELED], 0);
	/* (B) */
	delivered = atomic_load(&g_t.cnt.replies) + atomic_load(&g_t.cnt.p2a_dresp);
	check(cnt[SCMIA_CNT_MALFORMED] >= tot.malformed, "MALFORMED >= malformed results",
	      cnt[SCMIA_CNT_MALFORMED], tot.malformed);
	check(delivered == cnt[SCMIA_CNT_REPLIES] + cnt[SCMIA_CNT_DELAYED_REPLIES] +
				   cnt[SCMIA_CNT_LATE_REPLIES] + cnt[SCMIA_CNT_UNEXPECTED_TOKEN] +
				   cnt[SCMIA_CNT_INVALID_STATE] + cnt[SCMIA_CNT_EARLY] +
				   cnt[SCMIA_CNT_MALFORMED] - tot.malformed,
	      "(B) replies delivered == their dispositions", delivered,
	      (long long)cnt[SCMIA_CNT_REPLIES] + cnt[SCMIA_CNT_DELAYED_REPLIES] +
		      cnt[SCMIA_CNT_LATE_REPLIES] + cnt[SCMIA_CNT_UNEXPECTED_TOKEN] +
		      cnt[SCMIA_CNT_INVALID_STATE] + cnt[SCMIA_CNT_EARLY] + cnt[SCMIA_CNT_MALFORMED] -
		      tot.malformed);
	check(cnt[SCMIA_CNT_RX_ERRORS] == 0, "RX_ERRORS == 0", cnt[SCMIA_CNT_RX_ERRORS], 0);
	check(atomic_load(&g_t.cnt.not_delivered) == 0, "loopback never out of buffers",
	      atomic_load(&g_t.cnt.not_delivered), 0);
	/* (C) */
	check(atomic_load(&g_t.cnt.p2a_notif) ==
		      cnt[SCMIA_CNT_NOTIFICATIONS] + cnt[SCMIA_CNT_NOTIFY_DROPS],
	      "(C) notifications delivered == queued + dropped", atomic_load(&g_t.cnt.p2a_notif),
	      (long long)cnt[SCMIA_CNT_NOTIFICATIONS] + cnt[SCMIA_CNT_NOTIFY_DROPS]);
	check(atomic_load(&g_notif_handled) == cnt[SCMIA_CNT_NOTIFICATIONS],
	      "(C) each queued notification handled once", atomic_load(&g_notif_handled),
	      cnt[SCMIA_CNT_NOTIFICATIONS]);
	check(cnt[SCMIA_CNT_NOTIFY_UNHANDLED] == 0, "(C) no unhandled notification",
	      cnt[SCMIA_CNT_NOTIFY_UNHANDLED], 0);
	/* (D) */
	scmia_chan_stats(&g_t.a2p, &n_free, &n_held, &n_inflight);
	check(n_free == scmia_chan_max_msg(&g_t.a2p) && n_held == 0, "(D) a2p slots all free",
	      n_free, scmia_chan_max_msg(&g_t.a2p));
	check(n_inflight == 0, "(D) no token in flight", n_inflight, 0);
	scmia_chan_stats(&g_t.p2a, &n_free, &n_held, NULL);
	check(n_free == scmia_chan_max_msg(&g_t.p2a) && n_held == 0, "(D) p2a slots all free",
	      n_free, scmia_chan_max_msg(&g_t.p2a));
	/* the run did exercise the faults (statistics: long runs only) */
	if (percent && transfers >= 20000u) {
		check(injected * 100u >= (st.responses + st.delayed) * (unsigned)percent / 2u,
		      "faults injected (at least half the rate)", injected,
		      (st.responses + st.delayed) * (unsigned)percent / 2u);
		check(cnt[SCMIA_CNT_TIMEOUTS] > 0 && cnt[SCMIA_CNT_LATE_REPLIES] > 0,
		      "timeouts and late replies happened", cnt[SCMIA_CNT_TIMEOUTS],
		      cnt[SCMIA_CNT_LATE_REPLIES]);
	}

	tenv_stop(&g_t);
	printf("stress: %u passed, %u failed\n", g_pass, g_fail);
	return g_fail ? 1 : 0;
}

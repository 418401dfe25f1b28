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
 * The senders and their checks are shared with the fault soak
 * (traffic.c); this file adds the loopback environment (tenv.c) and the
 * identities that need its counting port.
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
 *                + misattributed (0)
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
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenv.h"
#include "traffic.h"

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
static struct traffic g_tr;

/* Service thread duty: expire overdue non-blocking transfers, dispatch
 * notifications. */
static void service_tick(void *ctx)
{
	(void)ctx;
	(void)scmia_agent_service(&g_t.agent);
	(void)scmia_notify_dispatch(&g_t.agent, 0);
}

int main(int argc, char **argv)
{
	struct traffic_checker ck = { "stress", 0, 0 };
	struct traffic_cfg tc;
	struct scmia_sim_stats st;
	struct tenv_opts o;
	struct traffic_tally tot;
	uint32_t cnt[SCMIA_CNT__COUNT];
	unsigned long transfers, nthreads, seed, percent;
	unsigned n_free, n_held, n_inflight, i;
	unsigned delivered, injected = 0;
	uint64_t tq;
	double secs;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	transfers = traffic_env("SCMIA_STRESS_TRANSFERS", DEFAULT_TRANSFERS);
	if (argc > 1)
		transfers = strtoul(argv[1], NULL, 0);
	nthreads = traffic_env("SCMIA_STRESS_THREADS", 4);
	seed = traffic_env("SCMIA_STRESS_SEED", 0x5c0ffee5u);
	percent = traffic_env("SCMIA_STRESS_FAULT_PERCENT", 5);
	if (nthreads < 1 || nthreads > TRAFFIC_MAX_THREADS || percent > 100 || transfers < 1) {
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
	traffic_notify_register(&g_tr, &g_t.agent);

	memset(&tc, 0, sizeof(tc));
	tc.agent = &g_t.agent;
	tc.threads = (unsigned)nthreads;
	tc.transfers = transfers;
	tc.seed = seed;
	tc.max_rate = MAX_RATE_PER_S;
	tc.echo_max = 100;
	if (traffic_start(&g_tr, &tc)) {
		printf("stress: senders failed to start\nstress: 0 passed, 1 failed\n");
		tenv_stop(&g_t);
		return 1;
	}
	traffic_wait(&g_tr, service_tick, NULL, 1000);

	/* late, duplicated and delayed messages still queued in the platform */
	tq = traffic_now_us();
	while (scmia_sim_queued(&g_t.sim) && traffic_now_us() - tq < 2000000u) {
		(void)scmia_agent_service(&g_t.agent);
		traffic_sleep_us(1000);
	}
	tenv_stop_platform(&g_t);
	while (scmia_notify_dispatch(&g_t.agent, 0) > 0)
		;

	secs = traffic_total(&g_tr, &tot);
	scmia_agent_counters(&g_t.agent, cnt, SCMIA_CNT__COUNT);
	scmia_sim_stats_get(&g_t.sim, &st);
	for (i = 1; i < SCMIA_SIM_FA__COUNT; i++)
		injected += st.injected[i];

	traffic_print("stress", &tot, secs);
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
	/* (A) and the per-result counters */
	traffic_check_results(&ck, &tot, cnt, transfers);
	/* (B) */
	delivered = atomic_load(&g_t.cnt.replies) + atomic_load(&g_t.cnt.p2a_dresp);
	traffic_check(&ck, cnt[SCMIA_CNT_MALFORMED] >= tot.malformed,
		      "MALFORMED >= malformed results", cnt[SCMIA_CNT_MALFORMED], tot.malformed);
	traffic_check(&ck,
		      delivered == cnt[SCMIA_CNT_REPLIES] + cnt[SCMIA_CNT_DELAYED_REPLIES] +
					   cnt[SCMIA_CNT_LATE_REPLIES] +
					   cnt[SCMIA_CNT_UNEXPECTED_TOKEN] +
					   cnt[SCMIA_CNT_INVALID_STATE] + cnt[SCMIA_CNT_EARLY] +
					   cnt[SCMIA_CNT_MALFORMED] - tot.malformed,
		      "(B) replies delivered == their dispositions", delivered,
		      (long long)cnt[SCMIA_CNT_REPLIES] + cnt[SCMIA_CNT_DELAYED_REPLIES] +
			      cnt[SCMIA_CNT_LATE_REPLIES] + cnt[SCMIA_CNT_UNEXPECTED_TOKEN] +
			      cnt[SCMIA_CNT_INVALID_STATE] + cnt[SCMIA_CNT_EARLY] +
			      cnt[SCMIA_CNT_MALFORMED] - tot.malformed);
	traffic_check(&ck, cnt[SCMIA_CNT_RX_ERRORS] == 0, "RX_ERRORS == 0",
		      cnt[SCMIA_CNT_RX_ERRORS], 0);
	traffic_check(&ck, atomic_load(&g_t.cnt.not_delivered) == 0,
		      "loopback never out of buffers", atomic_load(&g_t.cnt.not_delivered), 0);
	/* (C) */
	traffic_check(&ck,
		      atomic_load(&g_t.cnt.p2a_notif) ==
			      cnt[SCMIA_CNT_NOTIFICATIONS] + cnt[SCMIA_CNT_NOTIFY_DROPS],
		      "(C) notifications delivered == queued + dropped",
		      atomic_load(&g_t.cnt.p2a_notif),
		      (long long)cnt[SCMIA_CNT_NOTIFICATIONS] + cnt[SCMIA_CNT_NOTIFY_DROPS]);
	traffic_check(&ck, traffic_notifications_handled(&g_tr) == cnt[SCMIA_CNT_NOTIFICATIONS],
		      "(C) each queued notification handled once",
		      traffic_notifications_handled(&g_tr), cnt[SCMIA_CNT_NOTIFICATIONS]);
	traffic_check(&ck, cnt[SCMIA_CNT_NOTIFY_UNHANDLED] == 0, "(C) no unhandled notification",
		      cnt[SCMIA_CNT_NOTIFY_UNHANDLED], 0);
	/* (D) */
	scmia_chan_stats(&g_t.a2p, &n_free, &n_held, &n_inflight);
	traffic_check(&ck, n_free == scmia_chan_max_msg(&g_t.a2p) && n_held == 0,
		      "(D) a2p slots all free", n_free, scmia_chan_max_msg(&g_t.a2p));
	traffic_check(&ck, n_inflight == 0, "(D) no token in flight", n_inflight, 0);
	scmia_chan_stats(&g_t.p2a, &n_free, &n_held, NULL);
	traffic_check(&ck, n_free == scmia_chan_max_msg(&g_t.p2a) && n_held == 0,
		      "(D) p2a slots all free", n_free, scmia_chan_max_msg(&g_t.p2a));
	/* the run did exercise the faults (statistics: long runs only) */
	if (percent && transfers >= 20000u) {
		traffic_check(&ck,
			      injected * 100u >= (st.responses + st.delayed) * (unsigned)percent / 2u,
			      "faults injected (at least half the rate)", injected,
			      (st.responses + st.delayed) * (unsigned)percent / 2u);
		traffic_check(&ck, cnt[SCMIA_CNT_TIMEOUTS] > 0 && cnt[SCMIA_CNT_LATE_REPLIES] > 0,
			      "timeouts and late replies happened", cnt[SCMIA_CNT_TIMEOUTS],
			      cnt[SCMIA_CNT_LATE_REPLIES]);
	}

	tenv_stop(&g_t);
	printf("stress: %u passed, %u failed\n", ck.pass, ck.fail);
	return ck.fail ? 1 : 0;
}

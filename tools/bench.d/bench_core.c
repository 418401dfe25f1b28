/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core's per-operation costs, run under callgrind by tools/bench.
 *
 *   scmia_bench_core life OS KIND N CYCLES WARMUP
 *   scmia_bench_core linux OS N CYCLES WARMUP
 *   scmia_bench_core expire M CYCLES WARMUP
 *   scmia_bench_core service N CYCLES WARMUP
 *   scmia_bench_core notify Q CYCLES WARMUP
 *   scmia_bench_core chans C CYCLES WARMUP
 *
 * life: one transfer's whole life with N - 1 others in flight, on a
 * transport that does what an interrupt-driven one does and nothing more:
 * send() marks the message sent (scmia_xfer_sent(), where a real transport
 * rings its doorbell) and then, as the completion interrupt would, calls
 * the receive entry scmia_rx() with the echoed header; fetch_response
 * writes a SUCCESS status. KIND "block" is Linux's blocking lifecycle:
 *
 *   scmia_xfer_get -> scmia_xfer_do (send -> scmia_rx -> the wait finds
 *   the transfer done) -> scmia_xfer_put
 *
 * KIND "cb" is the non-blocking one (scmia_xfer_submit with a completion
 * callback). KIND "block-trace" is "block" with a trace callback that
 * does nothing (a library built with SCMIA_CFG_TRACE=1 only): the core's
 * cost of filling the events; "block" in such a build has tracing
 * compiled in and no callback. OS is "null" (no OS table), "spin" (an OS table whose lock is
 * a compare-and-swap spinlock and whose unlock is a release store, no
 * other op) or "posix" (the POSIX port). The N - 1 others are held by
 * transfers of the same kind of life: taken, sent and waiting for their
 * reply (they are non-blocking ones, since one thread cannot block on
 * 1022 of them), with their tokens scattered over the token space.
 *
 * wall: wall-clock nanoseconds per transfer of the blocking lifecycle,
 * scmia and the Linux model, with no lock and with the spinlock, measured
 * in turns in this one process (median of the rounds): ratios only.
 *
 * linux: the same blocking lifecycle through a model of the Linux agent's
 * bookkeeping (bench_linux.c), with the same transport, OS "null" or
 * "spin": the anchor, measured the same way.
 *
 * expire: M non-blocking transfers wait for delayed responses (not due);
 * each cycle submits one command, lets its reply deadline pass and runs
 * scmia_agent_service_at(), which fails it with a timeout.
 * service: N - 1 non-blocking transfers wait for replies (not due) on a
 * channel of N slots of a transport with poll_done; each cycle calls
 * scmia_agent_service_at() with nothing due.
 * notify: Q notifications queued (of several protocols); each cycle one
 * more arrives through scmia_rx() and the oldest is dispatched.
 * chans: C channels open (the default one and C - 1 dedicated ones); each
 * cycle takes and gives back a transfer of the last protocol opened.
 *
 * The statistics are zeroed after the set-up and the warm-up cycles
 * (CALLGRIND_ZERO_STATS) and dumped after the measured ones, so only the
 * measured cycles are in the dump. Every cycle is checked: one that does
 * not end as expected makes the program exit 1. Nothing about speed is
 * asserted.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <valgrind/callgrind.h>

#include "bench_linux.h"
#include "scmia/scmia.h"
#include "scmia_posix.h"

#define SLOTS 1024u
#define MSG_SIZE 8u
/* Far beyond any run under valgrind: nothing expires unless asked. */
#define FAR_US 0xfffffff0u

static SCMIA_CHAN_MEM_DEFINE(a2p_mem, SLOTS, MSG_SIZE);
static SCMIA_P2A_MEM_DEFINE(p2a_mem, SLOTS + 1u, MSG_SIZE);

static struct scmia_agent agent;
static struct scmia_chan chan, p2a;
static struct scmia_xfer *held[SLOTS];
static unsigned long n_done_ok, n_done_bad, n_held_done;
static uint64_t vnow = 1000;
static int deliver = 1; /* send answers at once */

/* ---- the transport: an interrupt-driven one, reduced to its duties ---- */

static int b_chan_setup(void *ctx, struct scmia_chan *c)
{
	(void)ctx;
	(void)c;
	return 0;
}

__attribute__((noinline)) static int b_send(void *ctx, struct scmia_chan *c, struct scmia_xfer *x)
{
	(void)ctx;
	/* The channel is ours: the doorbell would ring here. */
	scmia_xfer_sent(x);
	/* The completion interrupt. */
	if (deliver)
		(void)scmia_rx(c, x->hdr, NULL);
	return 0;
}

__attribute__((noinline)) static int b_fetch_response(void *ctx, struct scmia_chan *c,
						      struct scmia_xfer *x, void *cookie)
{
	(void)ctx;
	(void)c;
	(void)cookie;
	x->status = 0;
	x->rx_len = 0;
	return 0;
}

__attribute__((noinline)) static int b_fetch_notification(void *ctx, struct scmia_chan *c,
							  struct scmia_xfer *x, uint32_t max,
							  void *cookie)
{
	(void)ctx;
	(void)c;
	(void)max;
	(void)cookie;
	x->rx_len = 0;
	return 0;
}

__attribute__((noinline)) static int b_poll_done(void *ctx, struct scmia_chan *c,
						 struct scmia_xfer *x)
{
	(void)ctx;
	(void)c;
	(void)x;
	return 0;
}

static const struct scmia_transport_ops b_ops = {
	.chan_setup = b_chan_setup,
	.send = b_send,
	.fetch_response = b_fetch_response,
	.fetch_notification = b_fetch_notification,
	.poll_done = b_poll_done,
};

/* A build without interrupt completion (SCMIA_CFG_IRQ 0: single-context,
 * no lock) polls; the reply is there before the first poll. */
#if SCMIA_CFG_IRQ
#define LIFE_MODE SCMIA_COMPLETION_IRQ
#else
#define LIFE_MODE SCMIA_COMPLETION_POLL
#endif

static const struct scmia_transport b_transport = {
	.ops = &b_ops,
	.name = "bench",
	.reply_timeout_us = FAR_US,
	.max_msg = SLOTS,
	.max_msg_size = MSG_SIZE,
};

/* The same with poll_done, for the service figure. */
static const struct scmia_transport_ops b_poll_ops = {
	.chan_setup = b_chan_setup,
	.send = b_send,
	.fetch_response = b_fetch_response,
	.poll_done = b_poll_done,
};

static const struct scmia_transport b_poll_transport = {
	.ops = &b_poll_ops,
	.name = "bench-poll",
	.reply_timeout_us = FAR_US,
	.max_msg = SLOTS,
	.max_msg_size = MSG_SIZE,
	.flags = SCMIA_TRANSPORT_F_NO_COMPLETION_IRQ,
};

/* ---- the same transport for the Linux model ---------------------------- */

__attribute__((noinline)) void bench_lx_send(uint32_t hdr)
{
	(void)lx_rx(hdr);
}

__attribute__((noinline)) void bench_lx_fetch(int32_t *status)
{
	*status = 0;
}

/* ---- the spinlock OS table ---------------------------------------------- */

static atomic_int spin;

__attribute__((noinline)) static scmia_lock_key_t spin_lock(void *ctx)
{
	int zero = 0;

	(void)ctx;
	while (!atomic_compare_exchange_weak_explicit(&spin, &zero, 1, memory_order_acquire,
						      memory_order_relaxed))
		zero = 0;
	return 0;
}

__attribute__((noinline)) static void spin_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	(void)key;
	atomic_store_explicit(&spin, 0, memory_order_release);
}

static const struct scmia_os_ops spin_ops = {
	.lock = spin_lock,
	.unlock = spin_unlock,
};

/* ---- callbacks ------------------------------------------------------------ */

__attribute__((noinline)) static void done_cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	(void)x;
	if (result == SCMIA_OK)
		n_done_ok++;
	else
		n_done_bad++;
}

static void held_cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	(void)x;
	(void)result;
	n_held_done++;
}

static unsigned long expired;

__attribute__((noinline)) static void expire_cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	if (result == SCMIA_ETIMEDOUT)
		expired++;
	(void)scmia_xfer_put(x);
}

#if SCMIA_CFG_TRACE
static unsigned long n_trace_events;

/* The trace callback of "block-trace": counts, keeps nothing. */
__attribute__((noinline)) static void trace_noop(void *ctx, const struct scmia_trace *ev)
{
	(void)ctx;
	(void)ev;
	n_trace_events++;
}
#endif

static int with_trace; /* KIND block-trace */

static void notif_handler(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
}

/* ---- set-up ----------------------------------------------------------------- */

static struct scmia_posix posix;
static uint32_t notify_quota; /* 0: the default */

static void die(const char *what)
{
	fprintf(stderr, "bench: %s\n", what);
	exit(1);
}

static void agent_up(const char *os, const struct scmia_transport *tr)
{
	struct scmia_agent_cfg acfg;

	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = tr;
	acfg.notify_quota = notify_quota;
	if (with_trace) {
#if SCMIA_CFG_TRACE
		acfg.trace = trace_noop;
#else
		die("block-trace needs a library built with SCMIA_CFG_TRACE=1");
#endif
	}
	if (!strcmp(os, "posix")) {
		if (scmia_posix_init(&posix) != SCMIA_OK)
			die("scmia_posix_init failed");
		posix.log_level = -1;
		acfg.os = &scmia_posix_os_ops;
		acfg.os_ctx = &posix;
	} else if (!strcmp(os, "spin")) {
		acfg.os = &spin_ops;
	} else if (strcmp(os, "null")) {
		die("OS must be null, spin or posix");
	}
	if (scmia_agent_init(&agent, &acfg) != SCMIA_OK)
		die("scmia_agent_init failed");
}

static void chan_up(struct scmia_chan *c, uint8_t proto, uint16_t slots, void *mem, size_t size,
		    uint8_t completion)
{
	struct scmia_chan_cfg ccfg;

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.proto_id = proto;
	ccfg.max_msg = slots;
	ccfg.msg_size = MSG_SIZE;
	ccfg.mem = mem;
	ccfg.mem_size = size;
	ccfg.completion = completion;
	ccfg.reply_timeout_us = FAR_US;
	ccfg.dresp_timeout_us = FAR_US;
	if (scmia_chan_open(&agent, c, &ccfg) != SCMIA_OK)
		die("scmia_chan_open failed");
}

/* N transfers taken, then a scattered subset of them given back: the
 * tokens left in flight have holes between them. */
static void hold_scattered(unsigned n, unsigned slots)
{
	static struct scmia_xfer *all[SLOTS];
	unsigned total = n ? (2u * n < slots - 1u ? 2u * n : slots - 1u) : 0u;
	unsigned i, kept = 0;
	uint32_t r = 12345u;

	for (i = 0; i < total; i++)
		if (scmia_xfer_get(&agent, 0x10, 0x0, 0, 0, &all[i]) != SCMIA_OK)
			die("cannot take a transfer to hold");
	/* keep n of them, chosen pseudo-randomly (a fixed sequence) */
	for (i = 0; i < total; i++) {
		unsigned left = total - i, need = n - kept;

		r = r * 1103515245u + 12345u;
		if (need && (r >> 8) % left < need) {
			held[kept++] = all[i];
		} else if (scmia_xfer_put(all[i]) != SCMIA_OK) {
			die("cannot give a transfer back");
		}
	}
	deliver = 0;
	for (i = 0; i < kept; i++)
		if (scmia_xfer_submit(held[i], 0, held_cb, NULL) != SCMIA_OK)
			die("cannot put a transfer in flight");
	deliver = 1;
}

/* ---- measured cycles ---------------------------------------------------------- */

__attribute__((noinline)) static int cycle_block(void)
{
	struct scmia_xfer *x;

	if (scmia_xfer_get(&agent, 0x10, 0x0, 0, 0, &x) != SCMIA_OK)
		return -1;
	if (scmia_xfer_do(x, 0) != SCMIA_OK)
		return -1;
	if (scmia_xfer_put(x) != SCMIA_OK)
		return -1;
	n_done_ok++;
	return 0;
}

__attribute__((noinline)) static int cycle_linux(void)
{
	struct lx_xfer *x = lx_xfer_get();

	if (!x || lx_do_xfer(x) != 0)
		return -1;
	lx_xfer_put(x);
	n_done_ok++;
	return 0;
}

__attribute__((noinline)) static int cycle_cb(void)
{
	struct scmia_xfer *x;

	if (scmia_xfer_get(&agent, 0x10, 0x0, 0, 0, &x) != SCMIA_OK)
		return -1;
	if (scmia_xfer_submit(x, 0, done_cb, NULL) != SCMIA_OK)
		return -1;
	if (scmia_xfer_put(x) != SCMIA_OK)
		return -1;
	return 0;
}

__attribute__((noinline)) static int cycle_expire(void)
{
	struct scmia_xfer *x;
	unsigned long before = expired;

	if (scmia_xfer_get(&agent, 0x10, 0x1, 0, 0, &x) != SCMIA_OK)
		return -1;
	deliver = 0;
	if (scmia_xfer_submit(x, 0, expire_cb, NULL) != SCMIA_OK)
		return -1;
	deliver = 1;
	vnow += 1000;
	if (scmia_agent_service_at(&agent, vnow) != 1 || expired != before + 1)
		return -1;
	return 0;
}

__attribute__((noinline)) static int cycle_service(void)
{
	vnow += 1;
	return scmia_agent_service_at(&agent, vnow) == 0 ? 0 : -1;
}

__attribute__((noinline)) static int cycle_notify(void)
{
	static uint8_t k;
	uint8_t proto = (uint8_t)(0x10u + (k++ % 10u));

	if (scmia_rx(&p2a, scmia_hdr_pack(0x0, SCMIA_MSG_TYPE_NOTIFICATION, proto, 0), NULL) !=
	    SCMIA_OK)
		return -1;
	return scmia_notify_dispatch(&agent, 1) == 1 ? 0 : -1;
}

static uint8_t last_proto;

__attribute__((noinline)) static int cycle_chans(void)
{
	struct scmia_xfer *x;

	if (scmia_xfer_get(&agent, last_proto, 0x0, 0, 0, &x) != SCMIA_OK)
		return -1;
	return scmia_xfer_put(x) == SCMIA_OK ? 0 : -1;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* ns per cycle of @cycle over @n cycles */
static double time_cycles(int (*cycle)(void), unsigned long n)
{
	uint64_t t0 = mono_ns();
	unsigned long i;

	for (i = 0; i < n; i++)
		if (cycle())
			die("a timed cycle failed");
	return (double)(mono_ns() - t0) / (double)n;
}

/* scmia (no OS table / spinlock table) and the model (no lock / spinlock),
 * in turns, ROUNDS rounds of N cycles each. */
static int wall(unsigned long n, unsigned long rounds)
{
	static struct scmia_agent a_null, a_spin;
	static struct scmia_chan c_null, c_spin;
	static SCMIA_CHAN_MEM_DEFINE(m_null, 8, MSG_SIZE);
	static SCMIA_CHAN_MEM_DEFINE(m_spin, 8, MSG_SIZE);
	static uint64_t res[4][64];
	const char *names[4] = { "scmia no lock", "scmia spinlock", "model no lock",
				 "model spinlock" };
	double med[4];
	unsigned long r;
	unsigned k;

	if (rounds > 64)
		rounds = 64;
	agent_up("null", &b_transport);
	chan_up(&chan, 0, 8, m_null, sizeof(m_null), LIFE_MODE);
	a_null = agent;
	c_null = chan;
	(void)c_null;
	(void)a_null;
	for (r = 0; r < rounds; r++) {
		for (k = 0; k < 4; k++) {
			double ns;

			if (k == 0 || k == 1) {
				/* re-open the agent for this OS table */
				(void)scmia_agent_deinit(&agent);
				agent_up(k ? "spin" : "null", &b_transport);
				chan_up(&chan, 0, 8, k ? m_spin : m_null, sizeof(m_null), LIFE_MODE);
				(void)time_cycles(cycle_block, n / 10u + 1u);
				ns = time_cycles(cycle_block, n);
			} else {
				lx_init(k == 3);
				(void)time_cycles(cycle_linux, n / 10u + 1u);
				ns = time_cycles(cycle_linux, n);
			}
			res[k][r] = (uint64_t)(ns * 1000.0);
		}
	}
	for (k = 0; k < 4; k++) {
		qsort(res[k], rounds, sizeof(res[k][0]), cmp_u64);
		med[k] = (double)res[k][rounds / 2u] / 1000.0;
		printf("wall %s %.1f\n", names[k], med[k]);
	}
	(void)a_spin;
	(void)c_spin;
	return 0;
}

static int parse_ul(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int run(int (*cycle)(void), unsigned long cycles, unsigned long warmup, const char *label)
{
	unsigned long i;

	for (i = 0; i < warmup; i++)
		if (cycle())
			die("a warm-up cycle failed");
	CALLGRIND_ZERO_STATS;
	for (i = 0; i < cycles; i++)
		if (cycle())
			break;
	CALLGRIND_DUMP_STATS_AT(label);
	if (i != cycles) {
		fprintf(stderr, "bench: %s: cycle %lu of %lu failed\n", label, i, cycles);
		return 1;
	}
	return 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s life null|spin|posix block|cb|block-trace N CYCLES WARMUP\n"
		"       %s linux null|spin N CYCLES WARMUP\n"
		"       %s wall CYCLES ROUNDS\n"
		"       %s expire|service|notify|chans N CYCLES WARMUP\n",
		argv0, argv0, argv0, argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n, cycles, warmup;
	char label[96];
	int ret;

	if (argc < 2)
		usage(argv[0]);
	if (!strcmp(argv[1], "life")) {
		int cb;

		if (argc != 7 ||
		    (strcmp(argv[3], "block") && strcmp(argv[3], "cb") &&
		     strcmp(argv[3], "block-trace")) ||
		    parse_ul(argv[4], 1, SLOTS - 1u, &n) || parse_ul(argv[5], 1, 100000000, &cycles) ||
		    parse_ul(argv[6], 0, 100000000, &warmup))
			usage(argv[0]);
		cb = !strcmp(argv[3], "cb");
		with_trace = !strcmp(argv[3], "block-trace");
		agent_up(argv[2], &b_transport);
		chan_up(&chan, 0, SLOTS, a2p_mem, sizeof(a2p_mem), LIFE_MODE);
		hold_scattered((unsigned)n - 1u, SLOTS);
		snprintf(label, sizeof(label), "life os=%s kind=%s n=%lu", argv[2], argv[3], n);
		ret = run(cb ? cycle_cb : cycle_block, cycles, warmup, label);
		if (!ret && (n_done_ok != cycles + warmup || n_done_bad || n_held_done))
			die("a transfer ended in a way it should not");
#if SCMIA_CFG_TRACE
		/* each transfer: begin, command, wait, response, rx done, end */
		if (!ret && with_trace && n_trace_events < 6u * (cycles + warmup))
			die("the trace callback saw fewer events than the transfers make");
		if (!ret && !with_trace && n_trace_events)
			die("a trace event without a trace callback");
#endif
		if (!ret) {
			unsigned nf, nh, ni;

			if (scmia_chan_stats(&chan, &nf, &nh, &ni) != SCMIA_OK || ni != n - 1u)
				die("wrong number of tokens in flight after the run");
		}
		printf("bench_core: %s ok\n", label);
		return ret;
	}
	if (!strcmp(argv[1], "wall")) {
		if (argc != 4 || parse_ul(argv[2], 1, 100000000, &cycles) ||
		    parse_ul(argv[3], 1, 64, &n))
			usage(argv[0]);
		return wall(cycles, n);
	}
	if (!strcmp(argv[1], "linux")) {
		static struct lx_xfer *lx_held[SLOTS], *all[SLOTS];

		(void)lx_held;
		unsigned total, i, kept = 0;
		uint32_t r = 12345u;

		if (argc != 6 || (strcmp(argv[2], "null") && strcmp(argv[2], "spin")) ||
		    parse_ul(argv[3], 1, SLOTS - 1u, &n) || parse_ul(argv[4], 1, 100000000, &cycles) ||
		    parse_ul(argv[5], 0, 100000000, &warmup))
			usage(argv[0]);
		lx_init(!strcmp(argv[2], "spin"));
		/* n - 1 in flight, tokens scattered as for the core */
		total = n > 1 ? (2u * (unsigned)(n - 1) < SLOTS - 1u ? 2u * (unsigned)(n - 1) : SLOTS - 1u)
			      : 0u;
		for (i = 0; i < total; i++)
			if (!(all[i] = lx_xfer_get()))
				die("model: cannot take a transfer");
		for (i = 0; i < total; i++) {
			unsigned left = total - i, need = (unsigned)(n - 1) - kept;

			r = r * 1103515245u + 12345u;
			if (need && (r >> 8) % left < need)
				lx_held[kept++] = all[i];
			else
				lx_xfer_put(all[i]);
		}
		snprintf(label, sizeof(label), "linux os=%s n=%lu", argv[2], n);
		ret = run(cycle_linux, cycles, warmup, label);
		if (!ret && n_done_ok != cycles + warmup)
			die("model: a transfer ended in a way it should not");
		printf("bench_core: %s %s\n", label, ret ? "FAILED" : "ok");
		return ret;
	}
	if (argc != 5 || parse_ul(argv[2], 1, SLOTS, &n) || parse_ul(argv[3], 1, 100000000, &cycles) ||
	    parse_ul(argv[4], 0, 100000000, &warmup))
		usage(argv[0]);
	snprintf(label, sizeof(label), "%s n=%lu", argv[1], n);
	if (!strcmp(argv[1], "expire")) {
		/* n transfers wait for their delayed responses (async, response
		 * already in): the figure must not depend on them. */
		unsigned i;

		agent_up("null", &b_transport);
		chan_up(&chan, 0, SLOTS, a2p_mem, sizeof(a2p_mem), LIFE_MODE);
		(void)scmia_chan_set_timeouts(&chan, 500, FAR_US);
		(void)scmia_agent_service_at(&agent, vnow);
		for (i = 0; i < n && i < SLOTS - 1u; i++) {
			if (scmia_xfer_get(&agent, 0x10, 0x2, 0, 0, &held[i]) != SCMIA_OK ||
			    scmia_xfer_submit(held[i], SCMIA_XFER_F_ASYNC, held_cb, NULL) != SCMIA_OK)
				die("cannot put an async transfer in flight");
		}
		ret = run(cycle_expire, cycles, warmup, label);
	} else if (!strcmp(argv[1], "service")) {
		agent_up("null", &b_poll_transport);
		chan_up(&chan, 0, (uint16_t)n, a2p_mem, sizeof(a2p_mem), LIFE_MODE);
		hold_scattered((unsigned)n - 1u, (unsigned)n);
		ret = run(cycle_service, cycles, warmup, label);
	} else if (!strcmp(argv[1], "notify")) {
		struct scmia_chan_cfg ccfg;
		static struct scmia_notifier nt[10];
		unsigned i;

		notify_quota = 255; /* the figure is the queue's cost, not the quota's drops */
		agent_up("null", &b_transport);
		chan_up(&chan, 0, 1, a2p_mem, sizeof(a2p_mem), LIFE_MODE);
		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_P2A;
		ccfg.max_msg = (uint16_t)(n + 1u > SLOTS ? SLOTS : n + 1u);
		ccfg.msg_size = MSG_SIZE;
		ccfg.mem = p2a_mem;
		ccfg.mem_size = sizeof(p2a_mem);
		if (scmia_chan_open(&agent, &p2a, &ccfg) != SCMIA_OK)
			die("cannot open the p2a channel");
		for (i = 0; i < 10; i++) {
			nt[i].proto_id = (uint8_t)(0x10u + i);
			nt[i].evt_id = 0;
			nt[i].src_id = SCMIA_NOTIFY_SRC_ANY;
			nt[i].fn = notif_handler;
			(void)scmia_notify_register(&agent, &nt[i]);
		}
		for (i = 0; i + 1u < ccfg.max_msg && i < n; i++)
			if (scmia_rx(&p2a, scmia_hdr_pack(0x0, SCMIA_MSG_TYPE_NOTIFICATION,
							  (uint8_t)(0x10u + i % 10u), 0),
				     NULL) != SCMIA_OK)
				die("cannot queue a notification");
		ret = run(cycle_notify, cycles, warmup, label);
	} else if (!strcmp(argv[1], "chans")) {
		static struct scmia_chan ded[256];
		static SCMIA_CHAN_MEM_DEFINE(ded_mem, 1, MSG_SIZE);
		static uint64_t mems[256][sizeof(ded_mem) / 8u];
		unsigned i;

		agent_up("null", &b_transport);
		chan_up(&chan, 0, 1, a2p_mem, sizeof(a2p_mem), LIFE_MODE);
		last_proto = 0x10;
		for (i = 1; i < n && i < 241u; i++) {
			last_proto = (uint8_t)(0x0fu + i);
			chan_up(&ded[i], last_proto, 1, mems[i], sizeof(mems[i]),
				LIFE_MODE);
		}
		ret = run(cycle_chans, cycles, warmup, label);
	} else {
		usage(argv[0]);
		return 2;
	}
	printf("bench_core: %s %s\n", label, ret ? "FAILED" : "ok");
	return ret;
}

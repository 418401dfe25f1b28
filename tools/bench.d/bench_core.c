/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-transfer bookkeeping of the core, run under callgrind by tools/bench.
 *
 *   scmia_bench_core OS N CYCLES WARMUP
 *
 * OS is "null" (no OS table: no lock, virtual clock) or "posix" (the POSIX
 * port: a pthread mutex per critical section, clock_gettime).
 *
 * One a2p channel with 1024 slots on a transport that does (almost)
 * nothing: send accepts, fetch_response writes a SUCCESS status. N - 1
 * transfers are submitted first and left pending; then every cycle runs
 * one more transfer through its whole life:
 *
 *   scmia_xfer_get -> scmia_xfer_submit (token, pending table, send)
 *   -> scmia_rx (match the token, validate, fetch, complete, callback)
 *   -> scmia_xfer_put
 *
 * so the cost of a cycle is measured with N transfers in flight. The
 * statistics are zeroed after the set-up and the warm-up cycles
 * (CALLGRIND_ZERO_STATS) and dumped after the measured cycles
 * (CALLGRIND_DUMP_STATS_AT), so only the measured cycles are in the dump;
 * tools/bench excludes the transport, the callback and (for one of the
 * POSIX columns) the port's ops from the count with --toggle-collect.
 *
 * Every cycle is checked: a cycle that does not complete with SCMIA_OK,
 * or a pending transfer that completes, makes the program exit 1. The
 * program asserts nothing about speed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/callgrind.h>

#include "scmia/scmia.h"
#include "scmia_posix.h"

#define BENCH_SLOTS 1024u
#define BENCH_MSG_SIZE 8u
/* Far beyond any run under valgrind: nothing may expire. */
#define BENCH_TIMEOUT_US 0xfffffff0u

static SCMIA_CHAN_MEM_DEFINE(bench_mem, BENCH_SLOTS, BENCH_MSG_SIZE);

static unsigned long bench_sends;
static unsigned long bench_done_ok;
static unsigned long bench_done_bad;
static unsigned long bench_pending_done;

/* ---- the transport: as little as a transport can do ---------------- */

static int bench_chan_setup(void *ctx, struct scmia_chan *chan)
{
	(void)ctx;
	(void)chan;
	return 0;
}

__attribute__((noinline)) static int bench_send(void *ctx, struct scmia_chan *chan,
						struct scmia_xfer *xfer)
{
	(void)ctx;
	(void)chan;
	(void)xfer;
	bench_sends++;
	return 0;
}

__attribute__((noinline)) static int bench_fetch_response(void *ctx, struct scmia_chan *chan,
							  struct scmia_xfer *xfer, void *cookie)
{
	(void)ctx;
	(void)chan;
	(void)cookie;
	xfer->status = 0;
	xfer->rx_len = 0;
	return 0;
}

static const struct scmia_transport_ops bench_ops = {
	.chan_setup = bench_chan_setup,
	.send = bench_send,
	.fetch_response = bench_fetch_response,
};

static const struct scmia_transport bench_transport = {
	.ops = &bench_ops,
	.name = "bench",
	.reply_timeout_us = BENCH_TIMEOUT_US,
	.max_msg = BENCH_SLOTS,
	.max_msg_size = BENCH_MSG_SIZE,
};

/* ---- completion callbacks ------------------------------------------ */

__attribute__((noinline)) static void bench_done(void *arg, struct scmia_xfer *xfer, int result)
{
	(void)arg;
	(void)xfer;
	if (result == SCMIA_OK)
		bench_done_ok++;
	else
		bench_done_bad++;
}

static void bench_pending_cb(void *arg, struct scmia_xfer *xfer, int result)
{
	(void)arg;
	(void)xfer;
	(void)result;
	bench_pending_done++;
}

/* ---- one measured cycle ----------------------------------------------- */

__attribute__((noinline)) static int bench_cycle(struct scmia_agent *agent,
						 struct scmia_chan *chan)
{
	struct scmia_xfer *x;

	if (scmia_xfer_get(agent, 0x10, 0x0, 0, 0, &x) != SCMIA_OK)
		return -1;
	if (scmia_xfer_submit(x, 0, bench_done, NULL) != SCMIA_OK)
		return -1;
	/* The platform's response echoes the command header (type 0). */
	if (scmia_rx(chan, x->hdr, NULL) != SCMIA_OK)
		return -1;
	if (scmia_xfer_put(x) != SCMIA_OK)
		return -1;
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

int main(int argc, char **argv)
{
	static struct scmia_agent agent;
	static struct scmia_chan chan;
	static struct scmia_xfer *pending[BENCH_SLOTS];
	static struct scmia_posix posix;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	unsigned long n, cycles, warmup, i;
	int use_posix;
	char label[64];

	if (argc != 5 || (strcmp(argv[1], "null") && strcmp(argv[1], "posix")) ||
	    parse_ul(argv[2], 1, BENCH_SLOTS - 1u, &n) ||
	    parse_ul(argv[3], 1, 100000000, &cycles) || parse_ul(argv[4], 0, 100000000, &warmup)) {
		fprintf(stderr, "usage: %s null|posix N(1..1023) CYCLES WARMUP\n", argv[0]);
		return 2;
	}
	use_posix = !strcmp(argv[1], "posix");

	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &bench_transport;
	if (use_posix) {
		if (scmia_posix_init(&posix) != SCMIA_OK) {
			fprintf(stderr, "bench: scmia_posix_init failed\n");
			return 1;
		}
		posix.log_level = -1;
		acfg.os = &scmia_posix_os_ops;
		acfg.os_ctx = &posix;
	}
	if (scmia_agent_init(&agent, &acfg) != SCMIA_OK) {
		fprintf(stderr, "bench: scmia_agent_init failed\n");
		return 1;
	}
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = BENCH_SLOTS;
	ccfg.msg_size = BENCH_MSG_SIZE;
	ccfg.mem = bench_mem;
	ccfg.mem_size = sizeof(bench_mem);
	ccfg.reply_timeout_us = BENCH_TIMEOUT_US;
	ccfg.dresp_timeout_us = BENCH_TIMEOUT_US;
	if (scmia_chan_open(&agent, &chan, &ccfg) != SCMIA_OK) {
		fprintf(stderr, "bench: scmia_chan_open failed\n");
		return 1;
	}

	/* N - 1 transfers in flight for the whole run. */
	for (i = 0; i + 1 < n; i++) {
		if (scmia_xfer_get(&agent, 0x10, 0x0, 0, 0, &pending[i]) != SCMIA_OK ||
		    scmia_xfer_submit(pending[i], 0, bench_pending_cb, NULL) != SCMIA_OK) {
			fprintf(stderr, "bench: cannot put transfer %lu in flight\n", i + 1);
			return 1;
		}
	}
	/* Warm-up: lazy symbol binding, first-touch paths. */
	for (i = 0; i < warmup; i++) {
		if (bench_cycle(&agent, &chan)) {
			fprintf(stderr, "bench: warm-up cycle %lu failed\n", i);
			return 1;
		}
	}

	CALLGRIND_ZERO_STATS;
	for (i = 0; i < cycles; i++) {
		if (bench_cycle(&agent, &chan))
			break;
	}
	snprintf(label, sizeof(label), "measure os=%s n=%lu cycles=%lu", argv[1], n, cycles);
	CALLGRIND_DUMP_STATS_AT(label);

	if (i != cycles || bench_done_ok != cycles + warmup || bench_done_bad ||
	    bench_pending_done) {
		fprintf(stderr,
			"bench: cycle %lu of %lu failed (ok %lu, bad %lu, pending completed %lu)\n",
			i, cycles, bench_done_ok, bench_done_bad, bench_pending_done);
		return 1;
	}
	{
		unsigned n_free, n_held, n_inflight;

		if (scmia_chan_stats(&chan, &n_free, &n_held, &n_inflight) != SCMIA_OK ||
		    n_inflight != n - 1u) {
			fprintf(stderr, "bench: %u in flight after the run, expected %lu\n",
				n_inflight, n - 1u);
			return 1;
		}
	}
	printf("bench_core: os=%s n=%lu cycles=%lu sends=%lu ok\n", argv[1], n, cycles,
	       bench_sends);
	(void)scmia_agent_deinit(&agent);
	if (use_posix)
		scmia_posix_deinit(&posix);
	return 0;
}

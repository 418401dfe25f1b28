/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wall-clock round trips for tools/bench (printed only; nothing here
 * asserts on speed):
 *
 *   pingpong  two threads bounce one 64-byte cache line: thread A stores
 *             an odd value, B answers with the next even one. The floor
 *             of any cross-thread request/answer on this machine.
 *   smt-null  an agent without an OS table (no lock, virtual clock) runs
 *             PROTOCOL_VERSION of Base with scmia_cmd() over a polled SMT
 *             channel; a platform thread spins on the area's status word,
 *             writes the reply (length 8, header echoed, status SUCCESS)
 *             and sets FREE.
 *   smt-posix the same on the POSIX port (mutex, clock_gettime).
 *
 * Both sides spin without a pause instruction, in the ping-pong and in
 * the platform thread alike, so the two are comparable. Each figure is the
 * median of REPS batches of ITERS round trips.
 *
 *   scmia_bench_rt ITERS REPS
 *
 * Output: one "rt: <name> <ns per round trip>" line per measurement.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scmia/scmia.h"
#include "scmia_posix.h"
#include "scmia_smt.h"

#define RT_MAX_REPS 31

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return (n & 1u) ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* ---- raw cache-line ping-pong ------------------------------------------ */

static struct {
	_Alignas(64) atomic_uint v;
	char pad[64 - sizeof(atomic_uint)];
} pp_line;
static unsigned long pp_iters;

static void *pp_pong(void *arg)
{
	(void)arg;
	for (unsigned long i = 1; i <= pp_iters; i++) {
		unsigned want = (unsigned)(2u * i - 1u);

		while (atomic_load_explicit(&pp_line.v, memory_order_acquire) != want)
			;
		atomic_store_explicit(&pp_line.v, want + 1u, memory_order_release);
	}
	return NULL;
}

static int pingpong(unsigned long iters, double *ns)
{
	pthread_t th;
	uint64_t t0, t1;

	pp_iters = iters;
	atomic_store(&pp_line.v, 0u);
	if (pthread_create(&th, NULL, pp_pong, NULL))
		return -1;
	t0 = now_ns();
	for (unsigned long i = 1; i <= iters; i++) {
		unsigned v = (unsigned)(2u * i - 1u);

		atomic_store_explicit(&pp_line.v, v, memory_order_release);
		while (atomic_load_explicit(&pp_line.v, memory_order_acquire) != v + 1u)
			;
	}
	t1 = now_ns();
	pthread_join(th, NULL);
	*ns = (double)(t1 - t0) / (double)iters;
	return 0;
}

/* ---- SMT agent against a spinning platform thread ------------------------ */

static _Alignas(64) uint32_t rt_area[128 / 4];
static atomic_uint rt_stop;
static SCMIA_CHAN_MEM_DEFINE(rt_mem, 20, 128);

#define W_STATUS (SCMIA_SMT_OFF_STATUS / 4u)
#define W_LENGTH (SCMIA_SMT_OFF_LENGTH / 4u)
#define W_PAYLOAD (SCMIA_SMT_OFF_PAYLOAD / 4u)

/* The platform: wait until the agent posted (status cleared), answer. The
 * header stays in place (a response echoes it). Host order is little
 * endian on the machines this runs on; checked in main(). */
static void *rt_platform(void *arg)
{
	(void)arg;
	for (;;) {
		while (__atomic_load_n(&rt_area[W_STATUS], __ATOMIC_ACQUIRE) &
		       (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)) {
			if (atomic_load_explicit(&rt_stop, memory_order_relaxed))
				return NULL;
		}
		__atomic_store_n(&rt_area[W_LENGTH], 8u, __ATOMIC_RELAXED);
		__atomic_store_n(&rt_area[W_PAYLOAD], 0u, __ATOMIC_RELAXED);
		__atomic_store_n(&rt_area[W_STATUS], SCMIA_SMT_STATUS_FREE, __ATOMIC_RELEASE);
	}
}

static int rt_ring(void *ctx)
{
	(void)ctx;
	return 0; /* the platform spins on the status word */
}

static int smt_rt(int use_posix, unsigned long iters, unsigned reps, double *ns_out)
{
	static struct scmia_agent agent;
	static struct scmia_chan chan;
	static struct scmia_smt_chan sc;
	static struct scmia_posix posix;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_smt_cfg scfg;
	double v[RT_MAX_REPS];
	pthread_t th;
	int ret = -1;

	memset(rt_area, 0, sizeof(rt_area));
	rt_area[W_STATUS] = SCMIA_SMT_STATUS_FREE;
	memset(&scfg, 0, sizeof(scfg));
	scfg.base = rt_area;
	scfg.size = sizeof(rt_area);
	scfg.ring = rt_ring;
	scfg.flags = SCMIA_SMT_F_NO_IRQ;
	scfg.free_timeout_us = 0xfffffff0u;
	if (scmia_smt_chan_init(&sc, &scfg) != SCMIA_OK)
		return -1;
	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &scmia_smt_transport;
	if (use_posix) {
		if (scmia_posix_init(&posix) != SCMIA_OK)
			return -1;
		acfg.os = &scmia_posix_os_ops;
		acfg.os_ctx = &posix;
	}
	if (scmia_agent_init(&agent, &acfg) != SCMIA_OK)
		return -1;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_POLL;
	ccfg.chan_ctx = &sc;
	ccfg.mem = rt_mem;
	ccfg.mem_size = sizeof(rt_mem);
	/* Virtual time (no OS) advances per poll: keep a descheduled
	 * platform thread from looking like a timeout. */
	ccfg.reply_timeout_us = 0xfffffff0u;
	if (scmia_chan_open(&agent, &chan, &ccfg) != SCMIA_OK)
		goto out_agent;

	atomic_store(&rt_stop, 0u);
	if (pthread_create(&th, NULL, rt_platform, NULL))
		goto out_agent;
	for (unsigned r = 0; r < reps + 1u; r++) {
		uint64_t t0 = now_ns();

		for (unsigned long i = 0; i < iters; i++) {
			uint32_t version, len;

			if (scmia_cmd(&agent, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0,
				      &version, sizeof(version), &len, 0) != SCMIA_OK) {
				fprintf(stderr, "bench_rt: smt command %lu failed\n", i);
				goto out_thread;
			}
		}
		if (r) /* the first batch warms up */
			v[r - 1u] = (double)(now_ns() - t0) / (double)iters;
	}
	*ns_out = median(v, reps);
	ret = 0;
out_thread:
	atomic_store(&rt_stop, 1u);
	pthread_join(th, NULL);
out_agent:
	(void)scmia_agent_deinit(&agent);
	if (use_posix)
		scmia_posix_deinit(&posix);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long iters, reps;
	double v[RT_MAX_REPS], ns;
	const uint32_t one = 1;

	if (argc != 3 || (iters = strtoul(argv[1], NULL, 10)) < 1 ||
	    (reps = strtoul(argv[2], NULL, 10)) < 1 || reps > RT_MAX_REPS) {
		fprintf(stderr, "usage: %s ITERS REPS(1..%d)\n", argv[0], RT_MAX_REPS);
		return 2;
	}
	if (*(const uint8_t *)&one != 1) {
		fprintf(stderr, "bench_rt: the platform model assumes a little-endian host\n");
		return 1;
	}
	for (unsigned long r = 0; r < reps + 1u; r++) {
		if (pingpong(iters, &ns))
			return 1;
		if (r)
			v[r - 1u] = ns;
	}
	printf("rt: pingpong %.1f\n", median(v, (unsigned)reps));
	if (smt_rt(0, iters, (unsigned)reps, &ns))
		return 1;
	printf("rt: smt-null %.1f\n", ns);
	if (smt_rt(1, iters, (unsigned)reps, &ns))
		return 1;
	printf("rt: smt-posix %.1f\n", ns);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Firmware-call wait-queue under contention (label waitq): many caller
 * threads against the SMC firmware model (tests/sim/sim_smc.h), which
 * answers WAITQ_SLEEP at random on several contexts and raises the wake
 * interrupt from its own thread after random delays (wake one / wake all,
 * batched with "more pending", invalid events mixed in, RESUME answered
 * busy and calls INTERRUPTED now and then).
 *
 * Every parked call gets exactly one wake in the model, so a wake-up lost
 * or misdelivered by the agent shows as a sleep timeout, or as a call that
 * took its 2 s OS wait timeout to notice its wake. Each final answer
 * is checked against the caller's own arguments. A watchdog alarm turns a
 * hang into a failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "scmia_fwcall.h"
#include "scmia_posix.h"
#include "sim_smc.h"

#define MAX_THREADS 16u
#define MAX_CTX 8u

struct run {
	unsigned threads;
	unsigned calls;
	unsigned n_ctx;
	struct scmia_sim_smc_contention cont;
};

struct worker {
	pthread_t t;
	unsigned id;
	unsigned calls;
	unsigned ok, wrong, errors;
	int last_err;
	uint64_t max_us; /* slowest call */
};

static struct scmia_posix P;
static struct scmia_posix_wait WOBJ[MAX_THREADS];
static struct scmia_fwcall_waiter WT[MAX_THREADS];
static struct scmia_fwcall_wq WQ[MAX_CTX];
static struct scmia_fwcall FW;
static struct scmia_sim_smc M;
static struct worker W[MAX_THREADS];

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint64_t seed = 0x1234567u + w->id * 7919u;
	unsigned i;

	for (i = 0; i < w->calls; i++) {
		struct scmia_smccc_args a;
		struct scmia_smccc_res r;
		uint64_t t0;
		int ret;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		memset(&a, 0, sizeof(a));
		a.a0 = SCMIA_SIM_SMC_ECHO_FID;
		a.a1 = ((uint64_t)w->id << 32) | i;
		a.a2 = seed;
		t0 = now_us();
		ret = scmia_fwcall_invoke(&FW, &a, &r, 0);
		t0 = now_us() - t0;
		if (t0 > w->max_us)
			w->max_us = t0;
		if (ret) {
			w->errors++;
			w->last_err = ret;
			continue;
		}
		if (r.a0 == 0 && r.a1 == scmia_sim_smc_echo_value(a.a1, a.a2) && r.a2 == a.a1 &&
		    r.a3 == a.a2)
			w->ok++;
		else
			w->wrong++;
	}
	return NULL;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void run_contention(const struct run *rn)
{
	struct scmia_fwcall_cfg fc;
	struct scmia_sim_smc_cfg mc;
	struct scmia_sim_smc_stats ms;
	unsigned i, ok = 0, wrong = 0, errors = 0;
	uint64_t max_us = 0;
	uint32_t bad_events;
	uint64_t t0;

	assert_true(rn->threads <= MAX_THREADS && rn->n_ctx <= MAX_CTX);
	assert_int_equal(scmia_posix_init(&P), SCMIA_OK);
	/* One waiter slot per caller thread. */
	assert_int_equal(scmia_posix_wait_init(WOBJ, rn->threads), SCMIA_OK);

	memset(&mc, 0, sizeof(mc));
	mc.n_ctx = rn->n_ctx;
	mc.irq = scmia_sim_smc_fwcall_irq;
	mc.irq_ctx = &FW;
	assert_int_equal(scmia_sim_smc_init(&M, NULL, &mc), SCMIA_OK);

	memset(&fc, 0, sizeof(fc));
	fc.call = scmia_sim_smc_call;
	fc.call_ctx = &M;
	fc.os = &scmia_posix_os_ops;
	fc.os_ctx = &P;
	fc.flags = SCMIA_FWCALL_F_WAKE_IRQ;
	fc.n_ctx = rn->n_ctx;
	fc.wq = WQ;
	fc.n_waiters = rn->threads;
	fc.waiters = WT;
	fc.wait_objs = WOBJ;
	fc.wait_obj_stride = sizeof(WOBJ[0]);
	fc.sleep_timeout_us = 2000000;  /* far above any scheduled wake */
	fc.busy_delay_us = 200;
	fc.busy_retries = 1000;
	assert_int_equal(scmia_fwcall_init(&FW, &fc), SCMIA_OK);
	assert_int_equal(scmia_sim_smc_contention(&M, &rn->cont), SCMIA_OK);

	t0 = now_ms();
	for (i = 0; i < rn->threads; i++) {
		memset(&W[i], 0, sizeof(W[i]));
		W[i].id = i;
		W[i].calls = rn->calls;
		assert_int_equal(pthread_create(&W[i].t, NULL, worker_main, &W[i]), 0);
	}
	for (i = 0; i < rn->threads; i++) {
		pthread_join(W[i].t, NULL);
		ok += W[i].ok;
		wrong += W[i].wrong;
		errors += W[i].errors;
		if (W[i].max_us > max_us)
			max_us = W[i].max_us;
		if (W[i].errors)
			print_message("thread %u: %u errors, last %d\n", i, W[i].errors,
				      W[i].last_err);
	}
	/* Stop the waker; wakes still scheduled (nobody waits for them any
	 * more) are raised and fetched now. */
	assert_int_equal(scmia_sim_smc_contention(&M, NULL), SCMIA_OK);
	scmia_sim_smc_stats(&M, &ms);
	print_message("%u calls in %llu ms: %u sleeps (%u again), %u resumes, wakes %u one / "
		      "%u all / %u bogus, %u irqs, parked max %u, busy %u, interrupted %u, "
		      "slowest call %llu us\n",
		      rn->threads * rn->calls, (unsigned long long)(now_ms() - t0), ms.sleeps,
		      ms.resleeps, ms.resumes, ms.wakes_one, ms.wakes_all, ms.bogus, ms.irqs,
		      ms.parked_max, ms.busy, ms.interrupted, (unsigned long long)max_us);

	assert_int_equal(wrong, 0);
	assert_int_equal(errors, 0);
	assert_int_equal(ok, rn->threads * rn->calls);
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 0);
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_POLLED_SLEEPS), 0);
	/* Wakes are scheduled at most a few ms out: a sleeper that needed
	 * its OS wait to time out before it saw its wake (a signal lost on
	 * the way) shows here, since the sleep timeout is 2 s. */
	assert_true(max_us < 1000000u);
	assert_int_equal(scmia_sim_smc_parked(&M), 0);
	assert_int_equal(ms.overflow, 0);
	/* Every served call was a call of a worker. */
	assert_int_equal(ms.served, rn->threads * rn->calls);
	/* Every event was fetched and judged the same way on both sides. */
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_WAKE_ALL), ms.wakes_all);
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_WAKE_ONE) +
				 scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_WAKE_NOBODY),
			 ms.wakes_one);
	bad_events = scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_WAKE_BAD_CTX) +
		     scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_WAKE_BAD_FLAGS);
	assert_int_equal(bad_events, ms.bogus);
	assert_int_equal(ms.get_wq_ctx - ms.get_wq_empty, ms.wakes_one + ms.wakes_all + ms.bogus);
	/* The agent resumed exactly as often as the model saw RESUMEs. */
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_RESUMES), ms.resumes);
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_SLEEPS), ms.sleeps);
	if (rn->cont.sleep_percent)
		assert_true(ms.sleeps > 0);

	assert_int_equal(scmia_fwcall_deinit(&FW), SCMIA_OK);
	scmia_sim_smc_deinit(&M);
	scmia_posix_wait_deinit(WOBJ, rn->threads);
	scmia_posix_deinit(&P);
}

/* A mix of everything on four contexts. */
static void test_contention_mixed(void **state)
{
	struct run rn = { .threads = 8, .calls = 250, .n_ctx = 4,
			  .cont = { .sleep_percent = 60, .wake_all_percent = 30,
				    .bogus_percent = 10, .wake_min_us = 0, .wake_max_us = 3000,
				    .resume_busy_percent = 5, .interrupted_percent = 5,
				    .seed = 0xfeed } };

	(void)state;
	run_contention(&rn);
}

/* More sleepers than contexts, wake-one only: each wake lets exactly one
 * of several sleepers go; none may be left behind. */
static void test_contention_wake_one_crowded(void **state)
{
	struct run rn = { .threads = 12, .calls = 150, .n_ctx = 2,
			  .cont = { .sleep_percent = 100, .wake_all_percent = 0,
				    .wake_min_us = 0, .wake_max_us = 800, .seed = 0xbeef } };

	(void)state;
	run_contention(&rn);
}

/* One context, wake-all only, long delays: sleepers pile up and are all
 * released by one wake (the baton passes through the wait object). */
static void test_contention_wake_all_pileup(void **state)
{
	struct run rn = { .threads = 8, .calls = 80, .n_ctx = 1,
			  .cont = { .sleep_percent = 100, .wake_all_percent = 100,
				    .wake_min_us = 1000, .wake_max_us = 4000, .seed = 0xcafe } };

	(void)state;
	run_contention(&rn);
}

/* Wakes that usually arrive before the caller got to sleep. */
static void test_contention_wake_before_sleep(void **state)
{
	struct run rn = { .threads = 6, .calls = 300, .n_ctx = 3,
			  .cont = { .sleep_percent = 100, .wake_all_percent = 50,
				    .wake_min_us = 0, .wake_max_us = 0, .seed = 0xabc } };

	(void)state;
	run_contention(&rn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contention_mixed),
		cmocka_unit_test(test_contention_wake_one_crowded),
		cmocka_unit_test(test_contention_wake_all_pileup),
		cmocka_unit_test(test_contention_wake_before_sleep),
	};

	/* Never a hang: a stuck run is killed (and reported as a failure). */
	alarm(120);
	return cmocka_run_group_tests_name("waitq_threads", tests, NULL, NULL);
}

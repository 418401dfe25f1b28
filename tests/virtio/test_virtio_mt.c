/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-scmi transport with real concurrency: the simulated device runs
 * in the engine's thread and raises interrupts from there, senders run in
 * several threads (POSIX port), and the two queues are drained by two
 * threads at once. Also runs under ThreadSanitizer (tools/check tsan).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "vt_env.h"

static struct vt_env env;

static void nap_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

/* Wait (bounded, real time) until the device has nothing in hand. */
static void quiesce(void)
{
	for (unsigned i = 0; i < 5000; i++) {
		if (!scmia_sim_queued(&env.sim) && !scmia_sim_virtio_pending(&env.sdev) &&
		    !scmia_virtio_cmd_in_device(scmia_virtio_mmio_scmi_vio(&env.dev)))
			return;
		nap_us(1000);
	}
	fail_msg("device did not quiesce");
}

/* ------------------------------------------------------------------ */
/* Senders in 4 threads with faults, notifications meanwhile           */
/* ------------------------------------------------------------------ */

#define SENDERS 4
#define ROUNDS 300u

struct sender {
	pthread_t t;
	unsigned id;
	unsigned ok, truncated, errors, wrong;
};

static int echo_checked(struct sender *s, uint32_t seed, uint32_t len)
{
	struct scmia_xfer *x;
	uint8_t tx[VT_MSG];
	const uint8_t *rx;
	int ret;

	for (uint32_t i = 0; i < len; i++)
		tx[i] = (uint8_t)(seed * 13u + i);
	ret = scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, len, 0, &x);
	if (ret)
		return ret;
	memcpy(x->tx_buf, tx, len);
	ret = scmia_xfer_do(x, 0);
	rx = (const uint8_t *)x->rx_buf;
	if (ret == SCMIA_OK) {
		/* Complete: the bytes and the checksum of this very command
		 * (a longer reply, zero-padded by a newer layout, is fine).
		 * Truncated by a fault: a prefix of our own bytes. */
		uint32_t n = x->rx_len < len ? x->rx_len : len;

		if (memcmp(rx, tx, n))
			s->wrong++;
		else if (x->rx_len < len + 4u)
			s->truncated++;
		else if (scmia_get_le32(rx + len) != scmia_sim_checksum(x->hdr, tx, len))
			s->wrong++;
		else
			s->ok++;
	} else if (ret == SCMIA_ETOOSHORT || ret == SCMIA_EMALFORMED || scmia_err_is_scmi(ret)) {
		s->errors++; /* a fault the platform injected, reported as such */
	} else {
		s->wrong++;
	}
	scmia_xfer_put(x);
	return SCMIA_OK;
}

/* ASYNC_WORK: the delayed response must carry this command's value and
 * checksum, or be reported as a fault. */
static int async_checked(struct sender *s, uint32_t value, uint32_t delay_us)
{
	struct scmia_xfer *x;
	uint8_t tx[8];
	const uint8_t *rx;
	int ret;

	scmia_put_le32(tx, value);
	scmia_put_le32(tx + 4, delay_us);
	ret = scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x);
	if (ret)
		return ret;
	memcpy(x->tx_buf, tx, 8);
	ret = scmia_xfer_do(x, SCMIA_XFER_F_ASYNC);
	rx = (const uint8_t *)x->rx_buf;
	if (ret == SCMIA_OK) {
		uint8_t want[8];
		uint32_t n = x->rx_len < 8u ? x->rx_len : 8u;

		scmia_put_le32(want, scmia_sim_test_async_value(value));
		scmia_put_le32(want + 4, scmia_sim_checksum(x->hdr, tx, 8));
		if (memcmp(rx, want, n))
			s->wrong++;
		else if (n < 8u)
			s->truncated++;
		else
			s->ok++;
	} else if (ret == SCMIA_ETOOSHORT || ret == SCMIA_EMALFORMED || scmia_err_is_scmi(ret)) {
		s->errors++;
	} else {
		s->wrong++;
	}
	scmia_xfer_put(x);
	return SCMIA_OK;
}

static void *sender_main(void *arg)
{
	struct sender *s = (struct sender *)arg;

	for (uint32_t i = 0; i < ROUNDS; i++) {
		uint32_t seed = s->id * 100000u + i;

		if (i % 10u == 9u) {
			if (async_checked(s, seed, i % 3u * 100u))
				s->wrong++;
			continue;
		}
		if (echo_checked(s, seed, (seed * 7u) % 60u))
			s->wrong++;
	}
	return NULL;
}

static volatile int stop_notes;

static void *notifier_main(void *arg)
{
	uint8_t tx[8];

	(void)arg;
	scmia_put_le32(tx, 3);
	scmia_put_le32(tx + 4, 4);
	while (!__atomic_load_n(&stop_notes, __ATOMIC_ACQUIRE)) {
		(void)scmia_cmd(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx, 8,
				NULL, 0, NULL, 0);
		(void)scmia_notify_dispatch(&env.agent, 0);
		nap_us(500);
	}
	(void)scmia_notify_dispatch(&env.agent, 0);
	return NULL;
}

static void test_mt_traffic_with_faults(void **state)
{
	struct sender s[SENDERS];
	struct vt_opts o = { 0 };
	pthread_t nt;
	unsigned ok = 0, wrong = 0, errors = 0;

	(void)state;
	o.threaded = 1;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(scmia_sim_fault_random_cfg(&env.sim,
						    (1u << SCMIA_SIM_FA_DELAY) |
							    (1u << SCMIA_SIM_FA_REORDER) |
							    (1u << SCMIA_SIM_FA_DUPLICATE) |
							    (1u << SCMIA_SIM_FA_TRUNCATE) |
							    (1u << SCMIA_SIM_FA_CORRUPT_STATUS),
						    SCMIA_SIM_FT_RESP | SCMIA_SIM_FT_DRESP, 0),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_fault_random(&env.sim, 5, 0x5eed), SCMIA_OK);
	stop_notes = 0;
	assert_int_equal(pthread_create(&nt, NULL, notifier_main, NULL), 0);
	for (unsigned i = 0; i < SENDERS; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].id = i;
		assert_int_equal(pthread_create(&s[i].t, NULL, sender_main, &s[i]), 0);
	}
	for (unsigned i = 0; i < SENDERS; i++) {
		pthread_join(s[i].t, NULL);
		ok += s[i].ok;
		wrong += s[i].wrong;
		errors += s[i].errors + s[i].truncated;
	}
	__atomic_store_n(&stop_notes, 1, __ATOMIC_RELEASE);
	pthread_join(nt, NULL);
	quiesce();

	/* Nothing ever reached the wrong caller; faults show as errors. */
	assert_int_equal(wrong, 0);
	assert_int_equal(ok + errors, SENDERS * ROUNDS);
	assert_true(ok > SENDERS * ROUNDS / 2u);
	/* Every chain the device got came back exactly once; no slot leaked. */
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_CMD_USED), vt_vcnt(&env, SCMIA_VIRTIO_CNT_SENT));
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_BAD_ID), 0);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	assert_true(vt_cnt(&env, SCMIA_CNT_NOTIFICATIONS) > 0);
	vt_teardown(&env);
}

/* ------------------------------------------------------------------ */
/* A response and its delayed response drained by two threads at once  */
/* ------------------------------------------------------------------ */

struct drainer {
	pthread_t t;
	pthread_barrier_t *bar;
	unsigned queue;
	int ret;
};

static void *drain_main(void *arg)
{
	struct drainer *d = (struct drainer *)arg;

	pthread_barrier_wait(d->bar);
	d->ret = scmia_virtio_process(scmia_virtio_mmio_scmi_vio(&env.dev), d->queue);
	return NULL;
}

struct once {
	unsigned calls;
	int result;
};

static void once_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct once *o = (struct once *)arg;

	(void)x;
	__atomic_add_fetch(&o->calls, 1u, __ATOMIC_ACQ_REL);
	o->result = result;
}

static void test_mt_resp_and_dresp_concurrent(void **state)
{
	struct vt_opts o = { 0 };
	pthread_barrier_t bar;
	struct drainer d[2];

	(void)state;
	o.posix = 1;
	o.no_irq = 1;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(pthread_barrier_init(&bar, NULL, 2), 0);
	scmia_sim_virtio_hold(&env.sdev, 1);
	for (uint32_t i = 0; i < 300u; i++) {
		struct scmia_xfer *x;
		struct once ones = { 0, 1 };

		assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO,
						SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x),
				 SCMIA_OK);
		scmia_put_le32(x->tx_buf, i);
		scmia_put_le32((uint8_t *)x->tx_buf + 4, 0);
		assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, once_cb, &ones), SCMIA_OK);
		scmia_sim_virtio_poll(&env.sdev);
		assert_int_equal(scmia_sim_virtio_held(&env.sdev, 0), 1);
		assert_int_equal(scmia_sim_virtio_held(&env.sdev, 1), 1);
		assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 3, 0), 2);
		for (unsigned k = 0; k < 2; k++) {
			d[k].bar = &bar;
			d[k].queue = k ? SCMIA_VIRTIO_Q_EVENT : SCMIA_VIRTIO_Q_CMD;
			assert_int_equal(pthread_create(&d[k].t, NULL, drain_main, &d[k]), 0);
		}
		for (unsigned k = 0; k < 2; k++) {
			pthread_join(d[k].t, NULL);
			assert_int_equal(d[k].ret, 1);
		}
		assert_int_equal(ones.calls, 1);
		assert_int_equal(ones.result, SCMIA_OK);
		assert_int_equal(scmia_get_le32(x->rx_buf), scmia_sim_test_async_value(i));
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	}
	pthread_barrier_destroy(&bar);
	/* Whatever the interleaving, nothing leaked and nothing was lost:
	 * either order was taken (reordered / deferred hand-over / dropped
	 * response after its delayed response). */
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_DELAYED_REPLIES), 300);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	assert_int_equal(scmia_virtio_cmd_in_device(scmia_virtio_mmio_scmi_vio(&env.dev)), 0);
	vt_teardown(&env);
}

/* ------------------------------------------------------------------ */
/* No OS at all: single-threaded polling agent, device on another CPU   */
/* ------------------------------------------------------------------ */

static void test_mt_polling_without_os(void **state)
{
	struct vt_opts o = { 0 };
	uint8_t tx[4];
	int r;

	(void)state;
	o.engine_thread = 1;
	o.no_os = 1;
	o.no_irq = 1;
	o.reply_timeout_us = 2000000; /* virtual: one poll iteration is 1 µs */
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	for (uint32_t i = 0; i < 200u; i++)
		assert_int_equal(vt_echo(&env, i, i % 50u, 0), SCMIA_OK);
	/* A reply slower than the timeout: the device keeps the slot until
	 * the late reply, which a later poll drops. */
	assert_int_equal(scmia_chan_set_timeouts(&env.a2p, 20000, 0), SCMIA_OK);
	scmia_put_le32(tx, 100);
	r = scmia_cmd(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, NULL, 0, NULL, 0);
	assert_int_equal(scmia_chan_set_timeouts(&env.a2p, 2000000, 0), SCMIA_OK);
	if (r == SCMIA_ETIMEDOUT) {
		assert_int_equal(vt_free_slots(&env), 7);
		for (unsigned i = 0; i < 1000 && !vt_vcnt(&env, SCMIA_VIRTIO_CNT_LATE); i++) {
			nap_us(1000);
			assert_int_equal(vt_echo(&env, i, 3, 0), SCMIA_OK);
		}
		assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_LATE), 1);
	} else {
		assert_int_equal(r, SCMIA_OK); /* this machine polls slowly */
	}
	quiesce();
	assert_int_equal(vt_free_slots(&env), 8);
	vt_teardown(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mt_traffic_with_faults),
		cmocka_unit_test(test_mt_resp_and_dresp_concurrent),
		cmocka_unit_test(test_mt_polling_without_os),
	};

	return cmocka_run_group_tests_name("virtio_mt", tests, NULL, NULL);
}

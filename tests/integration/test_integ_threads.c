/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration with real threads: POSIX port, the simulated platform in its
 * own thread calling the receive entry. Short runs (well under a second
 * each); the long run is tests/stress.
 *
 * Bug classes (tests/README.md): a polled sender and an interrupt-driven
 * sender racing on one channel; teardown with a blocking waiter in
 * flight; a timed-out transfer recycled while the receive path still uses
 * it (timeouts racing replies that land on the deadline).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "tenv.h"

#define P80 SCMIA_SIM_TEST_PROTO

static struct tenv g_t;

static int teardown(void **state)
{
	(void)state;
	tenv_stop(&g_t);
	return 0;
}

struct sender {
	struct tenv *t;
	unsigned id;
	unsigned n;
	unsigned flags;
	unsigned ok, timeouts, other, wrong;
	int last_err;
};

/* One ECHO with a payload unique to (sender, i); a reply that is not
 * exactly this command's is counted wrong. */
static int echo_once(struct sender *s, unsigned i)
{
	uint8_t tx[40];
	struct scmia_xfer *x;
	uint32_t len = 8u + (i % 32u);
	int ret;

	for (uint32_t k = 0; k < len; k++)
		tx[k] = (uint8_t)(s->id * 31u + i * 7u + k);
	scmia_put_le32(tx, s->id);
	scmia_put_le32(tx + 4, i);
	ret = scmia_xfer_get(&s->t->agent, P80, SCMIA_SIM_TEST_ECHO, len, 0, &x);
	if (ret)
		return ret;
	memcpy(x->tx_buf, tx, len);
	ret = scmia_xfer_do(x, s->flags);
	if (ret == SCMIA_OK) {
		if (x->rx_len != len + 4u || memcmp(x->rx_buf, tx, len) != 0 ||
		    scmia_get_le32((uint8_t *)x->rx_buf + len) !=
			    scmia_sim_checksum(x->hdr, tx, len))
			s->wrong++;
	}
	(void)scmia_xfer_put(x);
	return ret;
}

static void *sender_main(void *arg)
{
	struct sender *s = arg;

	for (unsigned i = 0; i < s->n; i++) {
		int ret = echo_once(s, i);

		if (ret == SCMIA_OK) {
			s->ok++;
		} else if (ret == SCMIA_ETIMEDOUT) {
			s->timeouts++;
		} else {
			s->other++;
			s->last_err = ret;
		}
	}
	return NULL;
}

static void run_senders(struct sender *s, unsigned n)
{
	pthread_t th[8];

	for (unsigned i = 0; i < n; i++)
		assert_int_equal(pthread_create(&th[i], NULL, sender_main, &s[i]), 0);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
}

static void assert_no_leak(struct tenv *t)
{
	unsigned n_free, n_held, n_inflight;

	assert_int_equal(scmia_chan_stats(&t->a2p, &n_free, &n_held, &n_inflight), SCMIA_OK);
	assert_int_equal(n_free, scmia_chan_max_msg(&t->a2p));
	assert_int_equal(n_held, 0);
	assert_int_equal(n_inflight, 0);
}

/* Two threads on one channel: one polls (SCMIA_XFER_F_POLL), one waits on
 * its OS wait object; the platform thread's receive entry completes both. */
static void test_threads_polled_and_irq_senders_one_channel(void **state)
{
	struct tenv_opts o = { .a2p_max_msg = 8, .reply_timeout_us = 1000000 };
	struct sender s[2] = {
		{ .t = &g_t, .id = 1, .n = 1500, .flags = SCMIA_XFER_F_POLL },
		{ .t = &g_t, .id = 2, .n = 1500, .flags = 0 },
	};

	(void)state;
	assert_int_equal(tenv_start(&g_t, &o), SCMIA_OK);
	run_senders(s, 2);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(s[i].wrong, 0);
		assert_int_equal(s[i].other, 0);
		assert_int_equal(s[i].timeouts, 0);
		assert_int_equal(s[i].ok, 1500);
	}
	assert_int_equal(scmia_agent_counter(&g_t.agent, SCMIA_CNT_REPLIES), 3000);
	assert_int_equal(scmia_agent_counter(&g_t.agent, SCMIA_CNT_SENT), 3000);
	assert_no_leak(&g_t);
}

/*
 * Every reply is due exactly at the reply timeout: timeouts race replies
 * in the receive thread. Each result is either the command's own reply or
 * a timeout; every delivered reply is applied once or counted late.
 */
static void test_threads_timeouts_race_replies(void **state)
{
	struct tenv_opts o = { .a2p_max_msg = 16, .reply_timeout_us = 2000,
			       .sim_latency_us = 2000 };
	struct sender s[4];
	unsigned ok = 0, tmo = 0;

	(void)state;
	assert_int_equal(tenv_start(&g_t, &o), SCMIA_OK);
	for (unsigned i = 0; i < 4; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].t = &g_t;
		s[i].id = 10 + i;
		s[i].n = 150;
	}
	run_senders(s, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(s[i].wrong, 0);
		assert_int_equal(s[i].other, 0);
		ok += s[i].ok;
		tmo += s[i].timeouts;
	}
	print_message("replies on time %u, timeouts %u\n", ok, tmo);
	/* let the last late replies arrive, then stop the platform */
	tenv_sleep_us(20000);
	tenv_stop_platform(&g_t);
	assert_int_equal(ok + tmo, 600);
	assert_int_equal(scmia_agent_counter(&g_t.agent, SCMIA_CNT_SENT), 600);
	assert_int_equal(scmia_agent_counter(&g_t.agent, SCMIA_CNT_TIMEOUTS), tmo);
	assert_int_equal(scmia_agent_counter(&g_t.agent, SCMIA_CNT_REPLIES), ok);
	/* A slow run (sanitizers, a loaded machine) can have more late
	 * replies outstanding than the quarantine holds: the oldest token is
	 * then given up (STALE_REUSED) and its reply, when it comes, is
	 * unexpected -- counted, never applied to another command. */
	assert_int_equal(scmia_agent_counter(&g_t.agent, SCMIA_CNT_REPLIES) +
				 scmia_agent_counter(&g_t.agent, SCMIA_CNT_LATE_REPLIES) +
				 scmia_agent_counter(&g_t.agent, SCMIA_CNT_UNEXPECTED_TOKEN),
			 atomic_load(&g_t.cnt.replies));
	assert_true(scmia_agent_counter(&g_t.agent, SCMIA_CNT_UNEXPECTED_TOKEN) <=
		    scmia_agent_counter(&g_t.agent, SCMIA_CNT_STALE_REUSED));
	assert_int_equal(scmia_agent_counter(&g_t.agent, SCMIA_CNT_INVALID_STATE), 0);
	assert_no_leak(&g_t);
}

/* A thread blocked in a long command; the channel is closed under it: it
 * returns ECANCELED at once, long before its timeout or the reply. */
static void *slow_main(void *arg)
{
	struct sender *s = arg;
	uint8_t ms[4];

	scmia_put_le32(ms, 2000); /* SLOW: reply after 2 s */
	s->last_err = scmia_cmd(&s->t->agent, P80, SCMIA_SIM_TEST_SLOW, ms, 4, NULL, 0, NULL, 0);
	return NULL;
}

static void test_threads_close_cancels_blocked_waiter(void **state)
{
	struct tenv_opts o = { .reply_timeout_us = 5000000 };
	struct sender s = { .t = &g_t, .last_err = 1 };
	pthread_t th;
	uint64_t t0;

	(void)state;
	assert_int_equal(tenv_start(&g_t, &o), SCMIA_OK);
	assert_int_equal(pthread_create(&th, NULL, slow_main, &s), 0);
	while (scmia_agent_counter(&g_t.agent, SCMIA_CNT_SENT) == 0)
		tenv_sleep_us(1000);
	tenv_sleep_us(20000);
	t0 = tenv_now_us();
	assert_int_equal(scmia_chan_close(&g_t.a2p), SCMIA_OK);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_true(tenv_now_us() - t0 < 1000000);
	assert_int_equal(s.last_err, SCMIA_ECANCELED);
	assert_int_equal(scmia_agent_counter(&g_t.agent, SCMIA_CNT_CANCELED), 1);
	tenv_stop_platform(&g_t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_threads_polled_and_irq_senders_one_channel,
					  teardown),
		cmocka_unit_test_teardown(test_threads_timeouts_race_replies, teardown),
		cmocka_unit_test_teardown(test_threads_close_cancels_blocked_waiter, teardown),
	};

	return cmocka_run_group_tests_name("integ_threads", tests, NULL, NULL);
}

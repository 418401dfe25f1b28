/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration: waits, deadlines and completion modes against the simulated
 * platform, in virtual time.
 *
 * Bug classes (tests/README.md): a stale completion signal from a late reply
 * ends the next wait early; false timeout of a preempted poller; timeout
 * measured from queueing instead of from the doorbell; unsigned loop
 * counter wrap in poll loops (success after a full timeout, timeout when
 * found on the last try); a polled sender and an interrupt-driven sender
 * on one channel; a transfer submitted without a waiter still expires.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "ienv.h"

static uint64_t g_trigger_at, g_jump_to;

/* now_us hook: the poller is preempted between its poll and its clock
 * read; meanwhile the reply arrives and the deadline passes. */
static void preempt_in_clock_read(struct ienv *e)
{
	if (g_trigger_at && e->now >= g_trigger_at) {
		g_trigger_at = 0;
		e->now = g_jump_to;
		ienv_pump(e);
	}
}

static void test_poll_preempted_past_deadline_no_false_timeout(void **state)
{
	struct ienv_opts o = { .glue_flags = SCMIA_SIM_LB_POST,
			       .completion = SCMIA_COMPLETION_POLL,
			       .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);
	uint64_t t0 = e->now;

	(void)state;
	/* reply due 900 µs after the command; the poller loses the CPU at
	 * 800 µs and runs again at 5 ms */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 900);
	g_trigger_at = t0 + 800;
	g_jump_to = t0 + 5000;
	e->on_now = preempt_in_clock_read;
	assert_int_equal(ienv_echo(e, 12, 1, 0), SCMIA_OK);
	assert_int_equal(g_trigger_at, 0); /* the preemption did happen */
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 1);
	ienv_assert_no_leak(e);
}

/* Interrupt-driven: the reply lands as the OS wait reports its timeout.
 * The state is checked again: success, not a false timeout. */
static void test_irq_wait_reply_at_deadline_no_false_timeout(void **state)
{
	struct ienv_opts o = { .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 1000);
	e->wait_timeout_race = 1;
	assert_int_equal(ienv_echo(e, 12, 1, 0), SCMIA_OK);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 0);
	ienv_assert_no_leak(e);
}

/*
 * The wait above left a signal pending on the slot's wait object (the
 * reply signalled after the wait gave up). The next command on that slot
 * must wait for its own reply, with or without the OS wait_arm op.
 */
static void stale_signal_case(enum ienv_os_mode os)
{
	struct ienv_opts o = { .os = os, .a2p_max_msg = 1, .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);
	uint64_t t1;

	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 1000);
	e->wait_timeout_race = 1;
	assert_int_equal(ienv_echo(e, 12, 1, 0), SCMIA_OK);
	assert_int_equal(e->wobj[0].signalled, 1); /* stale signal pending */
	e->wait_timeout_race = 0;

	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 2, 1, 600);
	t1 = e->now;
	assert_int_equal(ienv_echo(e, 12, 2, 0), SCMIA_OK); /* its own reply (checksum) */
	assert_true(e->now - t1 >= 600);                      /* not ended early */
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 2);

	/* a signal from nowhere before a command whose reply never comes:
	 * a timeout, not a success with stale data */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 3, 1, 0);
	e->wobj[0].signalled = 1;
	t1 = e->now;
	assert_int_equal(ienv_echo(e, 12, 3, 0), SCMIA_ETIMEDOUT);
	assert_true(e->now - t1 >= 1000);
	ienv_assert_no_leak(e);
}

static void test_stale_signal_does_not_end_next_wait(void **state)
{
	(void)state;
	stale_signal_case(IENV_OS_VIRTUAL);
	assert_true(ienv_g.wait_arms >= 3);
}

static void test_stale_signal_harmless_without_wait_arm(void **state)
{
	(void)state;
	stale_signal_case(IENV_OS_VIRTUAL_NOARM);
	assert_int_equal(ienv_g.wait_arms, 0);
}

/* Polling loop bounds: a reply found on the very last try is a success;
 * no reply is a timeout after the full timeout, never a success. */
static void test_poll_found_on_last_try_succeeds(void **state)
{
	/* INLINE: the platform takes the command at the doorbell, so the
	 * reply is due exactly at the deadline */
	struct ienv_opts o = { .glue_flags = SCMIA_SIM_LB_POST | SCMIA_SIM_LB_INLINE,
			       .completion = SCMIA_COMPLETION_POLL,
			       .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);

	(void)state;
	e->relax_step_us = 250; /* 4 tries in the timeout */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 1000);
	assert_int_equal(ienv_echo(e, 8, 1, 0), SCMIA_OK);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 0);
	ienv_assert_no_leak(e);
}

static void test_poll_no_reply_times_out_after_full_timeout(void **state)
{
	struct ienv_opts o = { .glue_flags = SCMIA_SIM_LB_POST,
			       .completion = SCMIA_COMPLETION_POLL,
			       .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);
	uint64_t t0 = e->now;

	(void)state;
	e->relax_step_us = 7;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 1, 1, 0);
	assert_int_equal(ienv_echo(e, 8, 1, 0), SCMIA_ETIMEDOUT);
	assert_true(e->now - t0 >= 1000);
	assert_true(e->now - t0 < 1000 + 2 * 7);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 1);
	/* the channel is fine afterwards */
	assert_int_equal(ienv_echo(e, 8, 2, 0), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/* No OS at all: virtual time advances per poll iteration, so a timeout
 * still ends the wait after reply_timeout_us iterations. */
static void test_poll_no_os_times_out_by_iterations(void **state)
{
	struct ienv_opts o = { .os = IENV_OS_NONE,
			       .glue_flags = SCMIA_SIM_LB_POST | SCMIA_SIM_LB_INLINE,
			       .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);
	unsigned polls;

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 1, 1, 0);
	polls = e->calls.poll;
	assert_int_equal(ienv_echo(e, 8, 1, 0), SCMIA_ETIMEDOUT);
	polls = e->calls.poll - polls;
	assert_true(polls >= 1000 / SCMIA_NOCLOCK_POLL_STEP_US);
	assert_true(polls <= 1000 / SCMIA_NOCLOCK_POLL_STEP_US + 2);
	assert_int_equal(ienv_echo(e, 8, 2, 0), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/*
 * The send takes 5 ms before the doorbell rings (a busy area, a slow bus);
 * the reply comes 800 µs after the doorbell, within the 1 ms timeout.
 */
static void test_timeout_measured_from_doorbell(void **state)
{
	static const struct {
		uint8_t completion;
		unsigned glue;
	} modes[] = {
		{ SCMIA_COMPLETION_IRQ, 0 },
		{ SCMIA_COMPLETION_POLL, SCMIA_SIM_LB_POST },
	};

	(void)state;
	for (unsigned m = 0; m < 2; m++) {
		struct ienv_opts o = { .completion = modes[m].completion,
				       .glue_flags = modes[m].glue,
				       .reply_timeout_us = 1000 };
		struct ienv *e = ienv_start(&o);
		uint64_t t0;

		e->send_cost_us = 5000;
		ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 0, 1,
			   800);
		assert_int_equal(ienv_echo(e, 8, 1, 0), SCMIA_OK);
		/* with no reply: timeout 1 ms after the doorbell, not before */
		ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 0, 1,
			   0);
		t0 = e->now;
		assert_int_equal(ienv_echo(e, 8, 2, 0), SCMIA_ETIMEDOUT);
		assert_true(e->now - t0 >= 5000 + 1000);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 1);
		ienv_stop(e);
	}
}

/* Non-blocking: the deadline also starts at the doorbell. */
static void test_nonblocking_deadline_from_doorbell(void **state)
{
	static struct ienv_nb nb;
	struct ienv_opts o = { .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);

	(void)state;
	e->send_cost_us = 5000;
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 0, 1, 900);
	ienv_echo_submit(e, &nb, 8, 1, 0, 0);
	assert_int_equal(scmia_agent_service(&e->agent), 0);
	ienv_advance(e, 950);
	assert_int_equal(scmia_agent_service(&e->agent), 0);
	assert_int_equal(nb.calls, 1);
	assert_int_equal(nb.result, SCMIA_OK);
	assert_int_equal(nb.echo_ok, 1);
	assert_int_equal(scmia_xfer_put(nb.x), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/*
 * A transfer submitted without a waiter still expires: by the service
 * call, by the next submit, by the next receive. Each callback runs once
 * with SCMIA_ETIMEDOUT; a later reply is counted late.
 */
static void test_nonblocking_expiry_service_submit_receive(void **state)
{
	static struct ienv_nb a, b, c, d;
	struct ienv_opts o = { .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);

	(void)state;
	/* 1: by scmia_agent_service() */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_LATE, 0, 0, 1, 1, 3000);
	ienv_echo_submit(e, &a, 8, 1, 0, 1);
	ienv_advance(e, 999);
	assert_int_equal(scmia_agent_service(&e->agent), 0);
	assert_int_equal(a.calls, 0);
	ienv_advance(e, 1);
	assert_int_equal(scmia_agent_service(&e->agent), 1);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_agent_service(&e->agent), 0);
	ienv_advance(e, 3000); /* the late reply */
	assert_int_equal(a.calls, 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_LATE_REPLIES), 1);

	/* 2: by the next submit */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 2, 1, 0);
	ienv_echo_submit(e, &b, 8, 2, 0, 1);
	ienv_advance(e, 1500);
	assert_int_equal(b.calls, 0);
	ienv_echo_submit(e, &c, 8, 3, 0, 1);
	assert_int_equal(b.calls, 1);
	assert_int_equal(b.result, SCMIA_ETIMEDOUT);
	ienv_advance(e, 10);
	assert_int_equal(c.calls, 1);
	assert_int_equal(c.echo_ok, 1);

	/* 3: by the next receive: b (1 ms timeout, no reply) is overdue
	 * when d's reply (d has a 5 ms timeout) arrives at 1.5 ms */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 4, 1, 0);
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 5, 1, 1500);
	ienv_echo_submit(e, &b, 8, 4, 0, 1);
	assert_int_equal(scmia_chan_set_timeouts(&e->a2p, 5000, 0), SCMIA_OK);
	ienv_echo_submit(e, &d, 8, 5, 0, 1);
	ienv_advance(e, 1499);
	assert_int_equal(b.calls, 0);
	assert_int_equal(d.calls, 0);
	ienv_advance(e, 1);
	assert_int_equal(d.calls, 1);
	assert_int_equal(d.echo_ok, 1);
	assert_int_equal(b.calls, 1);
	assert_int_equal(b.result, SCMIA_ETIMEDOUT);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 3);
	ienv_assert_no_leak(e);
}

/*
 * A fast platform answers inside send(), before the core has even set the
 * deadline: synchronous, asynchronous (response and delayed response both
 * during send) and non-blocking commands all complete once, correctly.
 */
static void test_reply_during_send(void **state)
{
	static struct ienv_nb nb;
	struct ienv_opts o = { .glue_flags = SCMIA_SIM_LB_INLINE };
	struct ienv *e = ienv_start(&o);
	uint8_t v[8], rx[16];
	uint32_t rx_len = 0;
	uint64_t t0 = e->now;

	(void)state;
	assert_int_equal(ienv_echo(e, 24, 1, 0), SCMIA_OK);
	scmia_put_le32(v, 99);
	scmia_put_le32(v + 4, 0); /* delayed response right after the response */
	assert_int_equal(scmia_cmd(&e->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, v, 8,
				   rx, sizeof(rx), &rx_len, SCMIA_XFER_F_ASYNC),
			 SCMIA_OK);
	assert_int_equal(rx_len, 8);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(99));
	ienv_echo_submit(e, &nb, 16, 2, 0, 0);
	assert_int_equal(nb.calls, 1); /* ran before submit returned */
	assert_int_equal(nb.result, SCMIA_OK);
	assert_int_equal(nb.echo_ok, 1);
	assert_int_equal(scmia_xfer_put(nb.x), SCMIA_OK);
	assert_int_equal(scmia_agent_service(&e->agent), 0);
	assert_int_equal(e->now, t0); /* nothing waited */
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_SENT), 3);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 3);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_DELAYED_REPLIES), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 0);
	ienv_assert_no_leak(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_poll_preempted_past_deadline_no_false_timeout,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_irq_wait_reply_at_deadline_no_false_timeout,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_stale_signal_does_not_end_next_wait, ienv_teardown),
		cmocka_unit_test_teardown(test_stale_signal_harmless_without_wait_arm,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_poll_found_on_last_try_succeeds, ienv_teardown),
		cmocka_unit_test_teardown(test_poll_no_reply_times_out_after_full_timeout,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_poll_no_os_times_out_by_iterations, ienv_teardown),
		cmocka_unit_test_teardown(test_timeout_measured_from_doorbell, ienv_teardown),
		cmocka_unit_test_teardown(test_nonblocking_deadline_from_doorbell, ienv_teardown),
		cmocka_unit_test_teardown(test_nonblocking_expiry_service_submit_receive,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_reply_during_send, ienv_teardown),
	};

	return cmocka_run_group_tests_name("integ_wait", tests, NULL, NULL);
}

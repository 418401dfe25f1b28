/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration: token allocation against the simulated platform.
 *
 * Bug classes (tests/README.md): token reuse lets a late reply complete the
 * wrong command; a timed-out request that never gets a reply leaks its
 * token; wrap-around token search with holes at the start or the end of
 * the 1024-token space after heavily out-of-order completion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "ienv.h"

/*
 * A command times out; its reply arrives late, while the next command
 * (same protocol, same message id, same slot) waits. The late reply must
 * be recognised as stale (LATE_REPLIES), never complete the new command.
 */
static void test_token_late_reply_not_matched_to_new_command(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 1, .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);
	uint64_t t0;

	(void)state;
	/* command 1: reply 3 ms late (after its 1 ms timeout) */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_LATE, 0, 0, 1, 1, 3000);
	/* command 2 (sent at ~1 ms): reply 2.5 ms later, after command 1's */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 2, 1, 2500);
	t0 = e->now;
	assert_int_equal(ienv_echo(e, 16, 1, 0), SCMIA_ETIMEDOUT);
	assert_true(e->now - t0 >= 1000);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 1);

	/* Same slot (max_msg 1), a new token. */
	assert_int_equal(scmia_chan_set_timeouts(&e->a2p, 10000, 0), SCMIA_OK);
	assert_int_equal(ienv_echo(e, 16, 2, 0), SCMIA_OK); /* checks payload + checksum */
	assert_int_equal(e->n_sent_tokens, 2);
	assert_int_not_equal(e->sent_tokens[0], e->sent_tokens[1]);
	/* the late reply arrived during the second wait and was dropped */
	assert_true(e->now - t0 >= 3000);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_INVALID_STATE), 0);
	ienv_assert_no_leak(e);
}

/*
 * Zephyr, U-Boot, TF-A and NuttX always send token 0. Every command must
 * take the next token after the last one issued, even when it reuses the
 * same slot.
 */
static void test_token_monotonic_across_slot_reuse(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 1 };
	struct ienv *e = ienv_start(&o);

	(void)state;
	for (unsigned i = 0; i < 40; i++)
		assert_int_equal(ienv_echo(e, i % 9u, i, 0), SCMIA_OK);
	assert_int_equal(e->n_sent_tokens, 40);
	for (unsigned i = 0; i < 40; i++)
		assert_int_equal(e->sent_tokens[i], i);
	ienv_assert_no_leak(e);
}

/*
 * A command whose reply never comes (DROP) times out; its token must not
 * come back into circulation while other tokens are free (a late reply
 * could still come), and the channel must keep working over two full wraps
 * (nothing leaks: the slot and the other tokens all come back).
 */
static void test_token_timed_out_no_reply_not_leaked(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 4, .reply_timeout_us = 500 };
	struct ienv *e = ienv_start(&o);
	unsigned n_ok = 0, reissued_at = 0;

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 1, 1, 0);
	assert_int_equal(ienv_echo(e, 8, 0, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(e->sent_tokens[0], 0);
	for (unsigned i = 1; i < 2100; i++)
		if (ienv_echo(e, 4, i, 0) == SCMIA_OK)
			n_ok++;
	assert_int_equal(n_ok, 2099);
	/* token 0 stays quarantined while other tokens are free (issue 9,
	 * defect 2): never reissued in two trips round the space */
	assert_int_equal(e->n_sent_tokens, 2048);
	for (unsigned i = 1; i < 2048; i++)
		assert_int_not_equal(e->sent_tokens[i], 0);
	(void)reissued_at;
	assert_int_equal(scmia_chan_quarantined(&e->a2p), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_STALE_REUSED), 0);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_SENT), 2100);
	ienv_assert_no_leak(e);
}

/*
 * The timed-out token is quarantined until the allocator came round: a
 * late reply that arrives after hundreds of newer commands is still
 * recognised as late, and none of those commands got that token.
 */
static void test_token_timed_out_quarantined_until_wrap(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 8, .reply_timeout_us = 500 };
	struct ienv *e = ienv_start(&o);
	uint32_t stale_tok;

	(void)state;
	/* command 1 answered 100 ms late: after ~600 newer commands */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_LATE, 0, 0, 1, 1, 100000);
	assert_int_equal(ienv_echo(e, 8, 0, 0), SCMIA_ETIMEDOUT);
	stale_tok = e->sent_tokens[0];
	/* every ECHO also moves the clock: 200 µs per command */
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 0, 0, 200);
	for (unsigned i = 1; i < 1000; i++)
		assert_int_equal(ienv_echo(e, 4, i, 0), SCMIA_OK);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 999);
	for (unsigned i = 1; i < 1000; i++)
		assert_int_not_equal(e->sent_tokens[i], stale_tok);
	ienv_assert_no_leak(e);
}

/*
 * Holes at both ends of the token space: tokens 0..3 and 1020..1023 stay
 * in flight (slow replies) while everything else completes; the search
 * must wrap past both runs. Then the held commands complete in a
 * scrambled order, each with its own reply.
 */
static void test_token_wrap_search_holes_at_start_and_end(void **state)
{
	static struct ienv_nb held[8];
	/* release order of the 8 held commands (virtual µs from now) */
	static const uint32_t delay[8] = { 9000, 3000, 7000, 1000, 8000, 2000, 6000, 4000 };
	struct ienv_opts o = { .a2p_max_msg = 16, .reply_timeout_us = 50000 };
	struct ienv *e = ienv_start(&o);
	unsigned i;

	(void)state;
	/* commands 1..4 answered late, in scrambled order */
	for (i = 0; i < 4; i++)
		ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1 + i,
			   1, 20000 + delay[i]);

	for (i = 0; i < 4; i++)
		ienv_echo_submit(e, &held[i], 8 + i, 100 + i, 0, 0);
	ienv_pump(e);
	/* Run the counter up to 1019. Tokens sharing a bucket with the four
	 * held ones are skipped while those are in flight, so how many
	 * commands that takes depends on the bucket count. */
	for (i = 4; e->sent_tokens[e->n_sent_tokens - 1] != 1019u; i++) {
		assert_true(i < 1024u);
		assert_int_equal(ienv_echo(e, 4, i, 0), SCMIA_OK);
	}
	/* the next four commands (tokens 1020..1023) answered late too */
	for (i = 0; i < 4; i++)
		ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0,
			   e->n_sent_tokens + 1 + i, 1, delay[4 + i]);
	for (i = 4; i < 8; i++)
		ienv_echo_submit(e, &held[i], 8 + i, 100 + i, 0, 0);
	ienv_pump(e);
	for (i = 0; i < 4; i++) {
		assert_int_equal(held[i].token, i);
		assert_int_equal(held[4 + i].token, 1020 + i);
		assert_int_equal(held[i].calls, 0);
	}

	/* 8 in flight at both ends: the next token is 4 */
	assert_int_equal(ienv_echo(e, 4, 5000, 0), SCMIA_OK);
	assert_int_equal(e->sent_tokens[e->n_sent_tokens - 1], 4);
	assert_int_equal(ienv_echo(e, 4, 5001, 0), SCMIA_OK);
	assert_int_equal(e->sent_tokens[e->n_sent_tokens - 1], 5);

	/* release everything: the callbacks come in the scrambled order */
	ienv_advance(e, 40000);
	for (i = 0; i < 8; i++) {
		assert_int_equal(held[i].calls, 1);
		assert_int_equal(held[i].result, SCMIA_OK);
		assert_int_equal(held[i].echo_ok, 1);
		assert_int_equal(scmia_xfer_put(held[i].x), SCMIA_OK);
	}
	/* the allocator continues after the last token issued, not at a hole */
	assert_int_equal(ienv_echo(e, 4, 6000, 0), SCMIA_OK);
	assert_int_equal(e->sent_tokens[e->n_sent_tokens - 1], 6);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_LATE_REPLIES), 0);
	ienv_assert_no_leak(e);
}

/*
 * Heavily out-of-order completion with many in flight: 24 commands in
 * flight, replies released in reverse order, for several wraps. No reply
 * is delivered to the wrong command, no token leaks.
 */
static void test_token_out_of_order_many_wraps(void **state)
{
	static struct ienv_nb nb[24];
	struct ienv_opts o = { .a2p_max_msg = 24, .reply_timeout_us = 100000 };
	struct ienv *e = ienv_start(&o);
	unsigned round, i;

	(void)state;
	for (round = 0; round < 140; round++) { /* 3360 commands: > 3 wraps */
		for (i = 0; i < 24; i++) {
			ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0,
				   round * 24u + i + 1u, 1, (int64_t)(24u - i) * 10);
			ienv_echo_submit(e, &nb[i], i % 13u, round * 24u + i, 0, 1);
			if (i == 11u) {
				ienv_pump(e);
				scmia_sim_fault_clear(&e->sim);
			}
		}
		ienv_pump(e);
		scmia_sim_fault_clear(&e->sim);
		ienv_advance(e, 1000);
		for (i = 0; i < 24; i++) {
			assert_int_equal(nb[i].calls, 1);
			assert_int_equal(nb[i].echo_ok, 1);
		}
	}
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 140u * 24u);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	ienv_assert_no_leak(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_token_late_reply_not_matched_to_new_command,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_token_monotonic_across_slot_reuse, ienv_teardown),
		cmocka_unit_test_teardown(test_token_timed_out_no_reply_not_leaked, ienv_teardown),
		cmocka_unit_test_teardown(test_token_timed_out_quarantined_until_wrap,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_token_wrap_search_holes_at_start_and_end,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_token_out_of_order_many_wraps, ienv_teardown),
	};

	return cmocka_run_group_tests_name("integ_tokens", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration: transfer lifetime and the receive entry.
 *
 * Bug classes (tests/README.md): a timed-out transfer recycled while the
 * receive path still uses it; status of a previous use of a recycled
 * transfer leaking into the next; receive entry re-entered on one core (an
 * interrupt preempting a thread-context receive of the same transfer): a
 * spin-wait there deadlocks; a slot the transport still owns reused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ienv.h"

#define P80 SCMIA_SIM_TEST_PROTO

/* ------------------------------------------------------------------ */
/* Timed-out transfer vs. a receive in progress                        */
/* ------------------------------------------------------------------ */

static struct {
	int fired;
	int service_ret;
	int get_ret;
	unsigned held, n_free;
	struct scmia_xfer *other;
	/* completion callback */
	unsigned calls;
	int result;
	int echo_ok;
	int put_ret;
	int cb_get_ret;
	struct scmia_xfer *cb_other;
	uint8_t tx[16];
	struct scmia_xfer *x;
} g_rc;

/* Inside fetch_response of the reply: the deadline passes and the host's
 * service call runs. Whatever it decides (time the transfer out, or leave
 * it to the receive that is fetching its reply), the slot must not be
 * handed to anyone else while the receive works on it. */
static void expire_during_fetch(struct ienv *e, struct scmia_chan *chan, struct scmia_xfer *x,
				void *cookie)
{
	(void)chan;
	(void)x;
	(void)cookie;
	if (g_rc.fired++)
		return;
	e->now += 500;
	g_rc.service_ret = scmia_agent_service(&e->agent);
	g_rc.get_ret = scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &g_rc.other);
	(void)scmia_chan_stats(&e->a2p, &g_rc.n_free, &g_rc.held, NULL);
}

/* The callback gives the transfer back and at once asks for a slot. The
 * receive runs the callback last, after it let go of the slot (a receive
 * with a message handed over keeps the slot busy until that one is done
 * too), so the slot may come back here: it must come back clean. */
static void put_then_get_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct ienv *e = arg;

	ienv_check_unlocked(e);
	g_rc.calls++;
	g_rc.result = result;
	g_rc.echo_ok = result == SCMIA_OK && ienv_echo_ok(x, g_rc.tx, sizeof(g_rc.tx));
	g_rc.put_ret = scmia_xfer_put(x);
	g_rc.cb_get_ret = scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &g_rc.cb_other);
}

static void test_timed_out_xfer_not_recycled_under_receive(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 1, .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);

	(void)state;
	memset(&g_rc, 0, sizeof(g_rc));
	g_rc.get_ret = g_rc.cb_get_ret = 1;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 999);
	ienv_pattern(g_rc.tx, sizeof(g_rc.tx), 1);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, sizeof(g_rc.tx), 0,
					&g_rc.x),
			 SCMIA_OK);
	memcpy(g_rc.x->tx_buf, g_rc.tx, sizeof(g_rc.tx));
	assert_int_equal(scmia_xfer_submit(g_rc.x, 0, put_then_get_cb, e), SCMIA_OK);
	e->on_fetch = expire_during_fetch;
	ienv_advance(e, 999);
	e->on_fetch = NULL;

	assert_int_equal(g_rc.fired, 1);
	/* never recycled under the receive: not during the fetch... */
	assert_int_equal(g_rc.get_ret, SCMIA_ENOSLOT);
	assert_null(g_rc.other);
	assert_int_equal(g_rc.n_free, 0);
	assert_int_equal(g_rc.held, 1);
	/* ...and the callback that put it got it back clean, or none */
	assert_int_equal(g_rc.calls, 1);
	assert_int_equal(g_rc.put_ret, SCMIA_OK);
	if (g_rc.cb_get_ret == SCMIA_OK) {
		assert_ptr_equal(g_rc.cb_other, g_rc.x);
		assert_int_equal(g_rc.cb_other->rx_len, 0);
		assert_int_equal(g_rc.cb_other->status, 0);
		assert_int_not_equal(scmia_hdr_token(g_rc.cb_other->hdr),
				     scmia_hdr_token(e->sent_tokens[0] << 18));
		assert_int_equal(scmia_xfer_put(g_rc.cb_other), SCMIA_OK);
	} else {
		assert_int_equal(g_rc.cb_get_ret, SCMIA_ENOSLOT);
		assert_null(g_rc.cb_other);
	}
	/* one outcome, consistently counted */
	if (g_rc.result == SCMIA_ETIMEDOUT) {
		/* expired under the fetch: the reply is late, not applied */
		assert_int_equal(g_rc.service_ret, 1);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_LATE_REPLIES), 1);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 0);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 1);
	} else {
		/* the receive that holds the reply completes it */
		assert_int_equal(g_rc.result, SCMIA_OK);
		assert_int_equal(g_rc.echo_ok, 1);
		assert_int_equal(g_rc.service_ret, 0);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 1);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 0);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_LATE_REPLIES), 0);
	}
	/* once the receive let go, the slot is back */
	ienv_assert_no_leak(e);
	assert_int_equal(ienv_echo(e, 8, 2, 0), SCMIA_OK);
}

/* ------------------------------------------------------------------ */
/* Re-entered receive entry                                            */
/* ------------------------------------------------------------------ */

static struct {
	int fired;
	int inner_ret;
	uint32_t inner_hdr;
	struct scmia_loopback_chan *inner_lc;
	uint8_t body[16];
	uint32_t len;
	int third; /* also deliver a third message from inside */
	int third_ret;
	uint32_t third_hdr;
} g_re;

/* An "interrupt" preempts the receive that is fetching: it delivers the
 * other message of the same transfer. Must not spin: a spin would never
 * end here, since the outer receive cannot run until we return. */
static void reenter_during_fetch(struct ienv *e, struct scmia_chan *chan, struct scmia_xfer *x,
				 void *cookie)
{
	(void)e;
	(void)chan;
	(void)x;
	(void)cookie;
	if (g_re.fired++)
		return;
	g_re.inner_ret = scmia_loopback_deliver(g_re.inner_lc, g_re.inner_hdr, g_re.body, g_re.len);
	if (g_re.third) {
		uint8_t st[4] = { 0 };

		g_re.third_ret = scmia_loopback_deliver(&e->lb_a2p, g_re.third_hdr, st, 4);
	}
}

/* Submit an ASYNC_WORK and take it off the loopback as the platform. */
static uint32_t async_submit_and_pop(struct ienv *e, struct ienv_nb *nb, uint32_t value)
{
	uint8_t cmd[16];
	uint32_t hdr, len;

	memset(nb, 0, sizeof(*nb));
	nb->e = e;
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &nb->x),
			 SCMIA_OK);
	scmia_put_le32(nb->x->tx_buf, value);
	scmia_put_le32((uint8_t *)nb->x->tx_buf + 4, 0);
	assert_int_equal(scmia_xfer_submit(nb->x, SCMIA_XFER_F_ASYNC, ienv_nb_cb, nb), SCMIA_OK);
	assert_int_equal(scmia_loopback_cmd_pop(&e->lb_a2p, &hdr, cmd, sizeof(cmd), &len),
			 SCMIA_OK);
	assert_int_equal(hdr, nb->x->hdr);
	return hdr;
}

static void reentry_case(int dresp_first)
{
	static struct ienv_nb nb;
	struct ienv *e = ienv_start(NULL);
	uint8_t resp[4] = { 0, 0, 0, 0 }; /* SUCCESS, no payload */
	uint8_t dresp[12];
	uint32_t hdr, dhdr;
	int outer;

	alarm(10); /* a deadlock fails the test instead of hanging it */
	memset(&g_re, 0, sizeof(g_re));
	hdr = async_submit_and_pop(e, &nb, 42);
	dhdr = (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
	scmia_put_le32(dresp, 0);
	scmia_put_le32(dresp + 4, 0xd00dfeedu);
	scmia_put_le32(dresp + 8, 0x600dd00du);

	e->on_fetch = reenter_during_fetch;
	if (dresp_first) {
		g_re.inner_lc = &e->lb_a2p;
		g_re.inner_hdr = hdr;
		memcpy(g_re.body, resp, 4);
		g_re.len = 4;
		outer = scmia_loopback_deliver(&e->lb_p2a, dhdr, dresp, 12);
	} else {
		g_re.inner_lc = &e->lb_p2a;
		g_re.inner_hdr = dhdr;
		memcpy(g_re.body, dresp, 12);
		g_re.len = 12;
		outer = scmia_loopback_deliver(&e->lb_a2p, hdr, resp, 4);
	}
	e->on_fetch = NULL;
	alarm(0);

	assert_int_equal(outer, SCMIA_OK);
	assert_int_equal(g_re.inner_ret, SCMIA_RX_DEFERRED); /* handed to the holder */
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_DEFERRED), 1);
	assert_int_equal(e->calls.release, 1);               /* the kept message went back */
	/* both messages processed: one completion with the delayed payload */
	assert_int_equal(nb.calls, 1);
	assert_int_equal(nb.result, SCMIA_OK);
	assert_int_equal(nb.x->rx_len, 8);
	assert_int_equal(scmia_get_le32(nb.x->rx_buf), 0xd00dfeedu);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_DELAYED_REPLIES), 1);
	if (dresp_first) {
		/* the response came after the delayed one: rejected, counted */
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_REORDERED), 1);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_INVALID_STATE), 1);
	} else {
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 1);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_REORDERED), 0);
		assert_int_equal(ienv_cnt(e, SCMIA_CNT_INVALID_STATE), 0);
	}
	assert_int_equal(scmia_xfer_put(nb.x), SCMIA_OK);
	ienv_assert_no_leak(e);
}

static void test_rx_reentered_same_xfer_resp_then_dresp(void **state)
{
	(void)state;
	reentry_case(0);
}

static void test_rx_reentered_same_xfer_dresp_then_resp(void **state)
{
	(void)state;
	reentry_case(1);
}

/* A third message for the same transfer while two are in hand cannot be
 * valid: dropped and counted, never waited for. */
static void test_rx_reentered_third_message_rejected(void **state)
{
	static struct ienv_nb nb;
	struct ienv *e = ienv_start(NULL);
	uint8_t resp[4] = { 0 };
	uint8_t dresp[12] = { 0 };
	uint32_t hdr;

	(void)state;
	alarm(10);
	memset(&g_re, 0, sizeof(g_re));
	hdr = async_submit_and_pop(e, &nb, 1);
	g_re.inner_lc = &e->lb_p2a;
	g_re.inner_hdr = (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
	memcpy(g_re.body, dresp, 12);
	g_re.len = 12;
	g_re.third = 1;
	g_re.third_hdr = hdr; /* a duplicate response */
	e->on_fetch = reenter_during_fetch;
	assert_int_equal(scmia_loopback_deliver(&e->lb_a2p, hdr, resp, 4), SCMIA_OK);
	e->on_fetch = NULL;
	alarm(0);
	assert_int_equal(g_re.inner_ret, SCMIA_RX_DEFERRED);
	assert_int_equal(g_re.third_ret, SCMIA_EUNEXPECTED);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(nb.calls, 1);
	assert_int_equal(nb.result, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(nb.x), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/* ------------------------------------------------------------------ */
/* Recycled slots                                                      */
/* ------------------------------------------------------------------ */

/* One slot, used three times: error status, then no reply, then success.
 * Nothing of a use shows in the next one. */
static void test_status_of_previous_use_not_leaking(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 1, .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);
	struct scmia_xfer *x;
	uint8_t rx[64];
	uint32_t rx_len = 77;

	(void)state;
	assert_int_equal(ienv_echo(e, 60, 1, 0), SCMIA_OK); /* a long reply first */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_STATUS, 0, 0, 2, 1,
		   SCMIA_STATUS_NOT_FOUND);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &x), SCMIA_OK);
	assert_int_equal(x->status, 0);
	assert_int_equal(x->rx_len, 0);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(x->status, SCMIA_STATUS_NOT_FOUND);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* same slot, reply dropped: a timeout, not NOT_FOUND again */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 3, 1, 0);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &x), SCMIA_OK);
	assert_int_equal(x->status, 0);
	assert_int_equal(x->rx_len, 0);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(x->status, 0);
	assert_int_equal(x->rx_len, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* through scmia_cmd: a dropped reply copies nothing */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 4, 1, 0);
	memset(rx, 0x11, sizeof(rx));
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_ECHO, "abcd", 4, rx, sizeof(rx),
				   &rx_len, 0),
			 SCMIA_ETIMEDOUT);
	assert_int_equal(rx_len, 0);
	for (unsigned i = 0; i < sizeof(rx); i++)
		assert_int_equal(rx[i], 0x11);
	assert_int_equal(ienv_echo(e, 4, 5, 0), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/* A slot the transport still owns after a timeout (virtio: the device
 * holds its buffers) is not reused until released; with every slot held
 * a new request fails at once with ENOSLOT instead of hanging. */
static void hold_on_send(struct ienv *e, struct scmia_chan *chan, struct scmia_xfer *x,
			 void *cookie)
{
	(void)e;
	(void)chan;
	(void)cookie;
	scmia_xfer_hold(x);
}

static void test_slot_held_by_transport_not_reused(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 1, .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);
	struct scmia_xfer *x, *y;
	uint64_t t0;
	unsigned held;

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 1, 1, 0);
	e->on_send = hold_on_send;
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	e->on_send = NULL;
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	t0 = e->now;
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &y),
			 SCMIA_ENOSLOT);
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_ECHO, NULL, 0, NULL, 0, NULL, 0),
			 SCMIA_ENOSLOT);
	assert_int_equal(e->now, t0); /* failed at once */
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NO_SLOT), 2);
	assert_int_equal(scmia_chan_stats(&e->a2p, NULL, &held, NULL), SCMIA_OK);
	assert_int_equal(held, 1);

	scmia_xfer_unhold(x); /* the device gave the buffers back */
	assert_int_equal(ienv_echo(e, 8, 1, 0), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/*
 * The submitter's thread is preempted inside send(), right after the
 * doorbell. Meanwhile the reply arrives, the completion callback puts the
 * transfer, and another thread (the on_send hook stands for it) gets the
 * same slot and submits a new command B whose reply never comes. When the
 * first submit resumes, it must not touch the slot any more: B keeps its
 * own deadline (it expires 1 ms after its own doorbell) and, if the first
 * send reports an error after the fact, B is not reset or lost. (A core
 * that keeps the slot out of the pool until the submit left send() is
 * correct too: then B gets ENOSLOT and the slot is free afterwards.)
 */
static struct {
	int hook_runs;
	int a_calls, a_result, a_put;
	int b_get, b_submit;
	unsigned b_calls;
	int b_result;
	struct scmia_xfer *b;
} g_rs;

static void a_cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	g_rs.a_calls++;
	g_rs.a_result = result;
	g_rs.a_put = scmia_xfer_put(x);
}

static void b_cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	(void)x;
	g_rs.b_calls++;
	g_rs.b_result = result;
}

static void other_cpu_reuses_slot(struct ienv *e, struct scmia_chan *chan, struct scmia_xfer *x,
				  void *cookie)
{
	(void)chan;
	(void)x;
	(void)cookie;
	if (g_rs.hook_runs++)
		return; /* B's own send */
	g_rs.b_get = scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &g_rs.b);
	if (g_rs.b_get)
		return;
	g_rs.b_submit = scmia_xfer_submit(g_rs.b, 0, b_cb, NULL);
	e->now += 5000; /* the first submitter resumes 5 ms later */
}

static void submit_resumes_after_slot_reuse(int send_fails)
{
	struct ienv_opts o = { .a2p_max_msg = 1, .reply_timeout_us = 1000,
			       .glue_flags = SCMIA_SIM_LB_INLINE };
	struct ienv *e = ienv_start(&o);
	struct scmia_xfer *a;
	uint64_t t_b;
	int ret;

	memset(&g_rs, 0, sizeof(g_rs));
	g_rs.b_get = g_rs.b_submit = 1;
	/* command 2 (B): no reply */
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 2, 1, 0);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &a), SCMIA_OK);
	e->on_send = other_cpu_reuses_slot;
	e->send_ret_once = send_fails ? SCMIA_EIO : 0;
	t_b = e->now;
	ret = scmia_xfer_submit(a, 0, a_cb, NULL);
	e->on_send = NULL;

	/* A: answered during its send, completed once, put by its callback */
	assert_int_equal(g_rs.a_calls, 1);
	assert_int_equal(g_rs.a_result, SCMIA_OK);
	assert_int_equal(g_rs.a_put, SCMIA_OK);
	/* its callback ran, so its submit reports success */
	assert_int_equal(ret, SCMIA_OK);
	if (g_rs.b_get == SCMIA_ENOSLOT) {
		/* the core keeps the slot until the submit is out of send():
		 * fine too; it comes back right after */
		assert_null(g_rs.b);
		ienv_assert_no_leak(e);
		return;
	}
	/* B got the slot and was sent at t_b */
	assert_int_equal(g_rs.b_get, SCMIA_OK);
	assert_int_equal(g_rs.b_submit, SCMIA_OK);
	assert_ptr_equal(g_rs.b, a);
	/* now = t_b + 5 ms: B is long overdue; its deadline is its own */
	assert_true(e->now >= t_b + 5000);
	(void)scmia_agent_service(&e->agent);
	assert_int_equal(g_rs.b_calls, 1);
	assert_int_equal(g_rs.b_result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(g_rs.b), SCMIA_OK);
	ienv_assert_no_leak(e);
}

static void test_submit_does_not_touch_slot_reused_during_send(void **state)
{
	(void)state;
	submit_resumes_after_slot_reuse(0);
}

static void test_failed_send_does_not_reset_slot_reused_during_send(void **state)
{
	(void)state;
	submit_resumes_after_slot_reuse(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_timed_out_xfer_not_recycled_under_receive,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_rx_reentered_same_xfer_resp_then_dresp,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_rx_reentered_same_xfer_dresp_then_resp,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_rx_reentered_third_message_rejected, ienv_teardown),
		cmocka_unit_test_teardown(test_status_of_previous_use_not_leaking, ienv_teardown),
		cmocka_unit_test_teardown(test_slot_held_by_transport_not_reused, ienv_teardown),
		cmocka_unit_test_teardown(test_submit_does_not_touch_slot_reused_during_send,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_failed_send_does_not_reset_slot_reused_during_send,
					  ienv_teardown),
	};

	return cmocka_run_group_tests_name("integ_lifetime", tests, NULL, NULL);
}

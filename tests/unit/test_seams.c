/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: the seam between the core and the transport's send()
 * (issue 9, defect 1). A transfer is matchable only once the transport
 * owns the channel for it and says so (scmia_xfer_sent(), right before the
 * doorbell). Any reply, delayed response or error reply carrying its token
 * before that -- while send() still waits for the channel -- cannot be the
 * platform's answer: dropped, counted EARLY, and the transfer goes on to
 * complete with the platform's real reply. mark_txdone comes exactly once,
 * after send() returned.
 *
 * Also: the dispatch of notifications ends under a sustained flood
 * (defect 3, core half).
 */
#include <string.h>

#include "fixture.h"

/* What the "platform" does from inside send(), before the doorbell. */
struct early {
	uint32_t type;     /* message type of the forged message */
	int32_t status;    /* its status word */
	int ret;           /* what scmia_rx() answered */
	int st_after;      /* transfer still in flight after it? */
	int deliver_after; /* ring, then the platform answers for real */
};

static struct early g_early;

static int early_send(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct fx *fx = tp->user;
	uint32_t h = (xfer->hdr & ~(3u << 8)) | (g_early.type << 8);
	struct fake_msg *m;

	(void)chan;
	/* The transport still waits for the channel: a forged message with
	 * the transfer's token (on the channel it would come on). */
	m = fx_msg(fx, h, g_early.status, "forged!!", 8);
	if (g_early.type == SCMIA_MSG_TYPE_DELAYED_RESP)
		g_early.ret = scmia_rx(&fx->p2a, h, m);
	else
		g_early.ret = scmia_rx(&fx->a2p, h, m);
	/* Now the channel is ours: the doorbell. */
	scmia_xfer_sent(xfer);
	if (g_early.deliver_after)
		(void)fx_resp(fx, xfer->hdr, 0, "real", 4);
	return 0;
}

static struct fx *early_fx(uint32_t type, int32_t status, int deliver_after)
{
	struct fx *fx = fx_new_default();

	memset(&g_early, 0, sizeof(g_early));
	g_early.type = type;
	g_early.status = status;
	g_early.deliver_after = deliver_after;
	fx->tp.user = fx;
	fx->tp.no_sent_call = 1;
	fx->tp.on_send = early_send;
	return fx;
}

static void early_blocking_case(uint32_t type, int32_t status)
{
	struct fx *fx = early_fx(type, status, 1);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 3);

	assert_int_equal(scmia_xfer_do(x, type == SCMIA_MSG_TYPE_DELAYED_RESP ?
						  SCMIA_XFER_F_ASYNC : 0),
			 type == SCMIA_MSG_TYPE_DELAYED_RESP ? SCMIA_ETIMEDOUT : SCMIA_OK);
	assert_int_equal(g_early.ret, SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_EARLY), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REORDERED), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_DELAYED_REPLIES), 0);
	if (type == SCMIA_MSG_TYPE_COMMAND) {
		/* the real reply completed it, with its own payload */
		assert_int_equal(x->rx_len, 4);
		assert_memory_equal(x->rx_buf, "real", 4);
		assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 1);
	}
	/* mark_txdone once, after send returned */
	assert_int_equal(fx->tp.n_txdone, 1);
	assert_ptr_equal(fx->tp.last_txdone_xfer, x);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* the channel goes on */
	fx->tp.on_send = NULL;
	fx->tp.no_sent_call = 0;
	(void)fx_roundtrip(fx);
	fx_free(fx);
}

static void test_seam_response_before_doorbell_dropped(void **state)
{
	(void)state;
	early_blocking_case(SCMIA_MSG_TYPE_COMMAND, 0);
}

static void test_seam_error_response_before_doorbell_dropped(void **state)
{
	(void)state;
	early_blocking_case(SCMIA_MSG_TYPE_COMMAND, SCMIA_STATUS_PROTOCOL_ERROR);
}

/* A delayed response for a command the platform has not seen was taken
 * as "delayed response before response" and reported as success. */
static void test_seam_delayed_response_before_doorbell_not_success(void **state)
{
	(void)state;
	early_blocking_case(SCMIA_MSG_TYPE_DELAYED_RESP, 0);
}

/* The same through the non-blocking API: the callback runs once, with the
 * real reply, and mark_txdone comes after send returned. */
static void test_seam_nonblocking_early_reply_dropped(void **state)
{
	struct fx *fx = early_fx(SCMIA_MSG_TYPE_COMMAND, 0, 1);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 3);
	struct cb_rec rec;

	(void)state;
	cb_rec_init(&rec, fx);
	assert_int_equal(scmia_xfer_submit(x, 0, cb_record, &rec), SCMIA_OK);
	assert_int_equal(g_early.ret, SCMIA_EUNEXPECTED);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_int_equal(rec.rx_len, 4);
	assert_memory_equal(rec.rx, "real", 4);
	assert_int_equal(fx->tp.n_txdone, 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_EARLY), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* A transfer taken but never submitted (IDLE) owns its token too: a
 * message carrying it is early, not a reply. */
static void test_seam_reply_for_idle_transfer_dropped(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 3);

	(void)state;
	assert_int_equal(fx_resp(fx, x->hdr, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_dresp(fx, x->hdr, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_EARLY), 2);
	assert_int_equal(fx->tp.n_fetch, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* A send that returns 0 without saying when it rang: the core treats the
 * return as the doorbell (a reply during send is early then). */
static void test_seam_send_without_sent_call_still_completes(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 3);
	struct cb_rec rec;
	uint32_t h;

	(void)state;
	fx->tp.no_sent_call = 1;
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_EARLY), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* ---- notification dispatch ends under a flood (issue 9, defect 3) ---- */

static struct fx *g_flood_fx;
static unsigned g_flood_calls;

static void flood_handler(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	g_flood_calls++;
	/* every dispatched notification brings another one in */
	(void)fx_notif(g_flood_fx, SCMIA_PROTO_SENSOR, 0, 0, NULL, 0);
}

static void test_seam_dispatch_all_ends_under_flood(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_notifier n;
	int r;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.p2a_max_msg = 8;
	o.notify_quota = 8;
	fx = fx_new(&o);
	memset(&n, 0, sizeof(n));
	n.proto_id = SCMIA_PROTO_SENSOR;
	n.src_id = SCMIA_NOTIFY_SRC_ANY;
	n.fn = flood_handler;
	g_flood_fx = fx;
	g_flood_calls = 0;
	assert_int_equal(scmia_notify_register(&fx->agent, &n), SCMIA_OK);
	assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0, 0, NULL, 0), SCMIA_OK);
	/* "all" is those queued when the call began: two, not forever */
	r = scmia_notify_dispatch(&fx->agent, 0);
	assert_int_equal(r, 2);
	assert_int_equal(g_flood_calls, 2);
	/* the ones the flood brought are there for the next call */
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 2);
	assert_int_equal(scmia_notify_unregister(&fx->agent, &n), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 2);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFY_DROPS), 0);
	fx_free(fx);
}

/* ---- a polled delayed-response wait ends under a p2a flood ---- */

static unsigned g_rxp_calls;

/* rx_poll of a p2a channel that always has something: a notification of
 * another protocol each call, 10 µs of virtual time each. */
static int flood_rx_poll(void *ctx, struct scmia_chan *chan)
{
	struct fx *fx = ((struct fake_tp *)ctx)->user;
	struct fake_msg *m;
	uint32_t h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SENSOR, 0);

	g_rxp_calls++;
	if (g_rxp_calls > 1000000u)
		return 0; /* the flood stops: the test then fails on the count */
	fx->n_msgs = 0; /* reuse the cookies: each notification is fetched at once */
	m = fx_msg(fx, h, 0, NULL, 0);
	fake_os_advance(&fx->os, 10);
	(void)scmia_rx(chan, h, m);
	(void)scmia_notify_dispatch(&fx->agent, 0);
	return 1;
}

/*
 * A polled asynchronous command whose response came: its wait for the
 * delayed response polls the p2a channel (rx_poll). When every poll finds
 * another message, the wait must still end at its deadline: the loop
 * used to go straight back to rx_poll after a message that was not its
 * own, and never reached the deadline check.
 */
static void test_seam_polled_dresp_wait_ends_under_p2a_flood(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_xfer *x;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.completion = SCMIA_COMPLETION_POLL;
	o.dresp_timeout_us = 5000;
	o.notify_quota = 64;
	fx = fx_new(&o);
	fx->tp.user = fx;
	fx->tp.ops.rx_poll = flood_rx_poll;
	fx->tp.poll_limit = 1000000u;
	g_rxp_calls = 0;
	x = fx_get(fx, FX_PROTO, 3);
	fake_tp_post(&fx->tp, x->hdr, 0, NULL, 0); /* the response: SUCCESS */
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_ASYNC), SCMIA_ETIMEDOUT);
	/* about 5000 µs / 10 µs polls, not the flood's end */
	assert_true(g_rxp_calls < 1000u);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seam_response_before_doorbell_dropped),
		cmocka_unit_test(test_seam_error_response_before_doorbell_dropped),
		cmocka_unit_test(test_seam_delayed_response_before_doorbell_not_success),
		cmocka_unit_test(test_seam_nonblocking_early_reply_dropped),
		cmocka_unit_test(test_seam_reply_for_idle_transfer_dropped),
		cmocka_unit_test(test_seam_send_without_sent_call_still_completes),
		cmocka_unit_test(test_seam_dispatch_all_ends_under_flood),
		cmocka_unit_test(test_seam_polled_dresp_wait_ends_under_p2a_flood),
	};

	return cmocka_run_group_tests_name("unit_seams", tests, NULL, NULL);
}

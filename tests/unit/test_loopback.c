/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the core driven through the loopback transport
 * (transports/loopback): the test plays the platform step by step
 * (cmd_pop, deliver, post), so every ordering is deterministic. Covers a
 * stepped sync and async command, out-of-order replies each reaching their
 * own caller, a reordered delayed response, truncated responses, the
 * NULL-OS polling mode with the platform answering from the kick hook, a
 * send failure and a late reply after expiry.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "scmia_loopback.h"

#define LB_MSGS 64u
#define LB_PROTO SCMIA_PROTO_PERF

struct lbfx {
	struct fake_os os;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_loopback_chan la, lp;
	struct scmia_loopback_msg ma[LB_MSGS], mp[LB_MSGS];
	uint16_t qa[LB_MSGS], qp[LB_MSGS];
	struct fake_wait waits[32];
	uint64_t *mem_a, *mem_p;
	/* kick behaviour */
	int kick_mode;         /* 0 none, 1 post the reply, 2 deliver the reply */
	int32_t kick_status;
	unsigned kicks;
	int kick_ret;
};

enum { KICK_NONE = 0, KICK_POST, KICK_DELIVER };

/* The platform: echo the command payload reversed after the status. */
static uint32_t reply_body(const uint8_t *cmd, uint32_t len, int32_t status, uint8_t *body)
{
	uint32_t i;

	scmia_put_le32(body, (uint32_t)status);
	for (i = 0; i < len; i++)
		body[4 + i] = cmd[len - 1 - i];
	return 4 + len;
}

static void kick(void *ctx, struct scmia_loopback_chan *lc)
{
	struct lbfx *f = ctx;
	uint8_t cmd[SCMIA_LOOPBACK_DATA_MAX], body[SCMIA_LOOPBACK_DATA_MAX + 4];
	uint32_t hdr, len = 0, n;

	f->kicks++;
	if (f->kick_mode == KICK_NONE)
		return;
	assert_int_equal(scmia_loopback_cmd_pop(lc, &hdr, cmd, sizeof(cmd), &len), SCMIA_OK);
	n = reply_body(cmd, len, f->kick_status, body);
	if (f->kick_mode == KICK_POST)
		f->kick_ret = scmia_loopback_post(lc, hdr, body, n);
	else
		f->kick_ret = scmia_loopback_deliver(lc, hdr, body, n);
}

static struct lbfx *lbfx_new(int no_os, uint8_t completion, uint32_t reply_timeout_us)
{
	struct lbfx *f = unit_alloc(sizeof(*f));
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg cfg;
	const struct scmia_os_ops *os;
	size_t sz;

	assert_non_null(f);
	unit_watchdog(FX_WATCHDOG_S);
	fake_os_init(&f->os);
	os = no_os ? NULL : &f->os.ops;
	/* the loopback takes the same lock: a transport op called under the
	 * core's lock would show up as a recursive lock */
	assert_int_equal(scmia_loopback_chan_init(&f->la, f->ma, LB_MSGS, f->qa, os,
						  no_os ? NULL : &f->os, kick, f),
			 SCMIA_OK);
	assert_int_equal(scmia_loopback_chan_init(&f->lp, f->mp, LB_MSGS, f->qp, os,
						  no_os ? NULL : &f->os, NULL, NULL),
			 SCMIA_OK);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = os;
	acfg.os_ctx = no_os ? NULL : &f->os;
	acfg.transport = &scmia_loopback_transport;
	acfg.notify_quota = 16;
	assert_int_equal(scmia_agent_init(&f->agent, &acfg), SCMIA_OK);

	f->mem_a = fx_chan_mem(32, 128, &sz);
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SCMIA_CHAN_A2P;
	cfg.completion = completion;
	cfg.max_msg = 32;
	cfg.msg_size = 128;
	cfg.chan_ctx = &f->la;
	cfg.mem = f->mem_a;
	cfg.mem_size = sz;
	if (!no_os) {
		cfg.wait_objs = f->waits;
		cfg.wait_obj_stride = sizeof(f->waits[0]);
	}
	cfg.reply_timeout_us = reply_timeout_us;
	assert_int_equal(scmia_chan_open(&f->agent, &f->a2p, &cfg), SCMIA_OK);

	f->mem_p = fx_chan_mem(16, 128, &sz);
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SCMIA_CHAN_P2A;
	cfg.max_msg = 16;
	cfg.msg_size = 128;
	cfg.chan_ctx = &f->lp;
	cfg.mem = f->mem_p;
	cfg.mem_size = sz;
	assert_int_equal(scmia_chan_open(&f->agent, &f->p2a, &cfg), SCMIA_OK);
	return f;
}

static void lbfx_free(struct lbfx *f)
{
	fake_os_assert_clean(&f->os);
	assert_int_equal(scmia_agent_deinit(&f->agent), SCMIA_OK);
	fake_os_assert_clean(&f->os);
	unit_free(f->mem_a);
	unit_free(f->mem_p);
	unit_free(f);
	unit_watchdog(0);
}

static uint32_t lbcnt(struct lbfx *f, enum scmia_counter id)
{
	return scmia_agent_counter(&f->agent, id);
}

static void test_lb_stepped_sync_command(void **state)
{
	struct lbfx *f = lbfx_new(0, SCMIA_COMPLETION_IRQ, 0);
	struct scmia_xfer *x;
	struct cb_rec rec;
	uint8_t cmd[16], body[64];
	uint32_t hdr, len;

	(void)state;
	assert_int_equal(scmia_xfer_get(&f->agent, LB_PROTO, 0x4, 3, 0, &x), SCMIA_OK);
	memcpy(x->tx_buf, "abc", 3);
	cb_rec_init(&rec, NULL);
	rec.os = &f->os;
	assert_int_equal(scmia_xfer_submit(x, 0, cb_record, &rec), SCMIA_OK);
	assert_int_equal(scmia_loopback_pending(&f->la), 1);
	assert_int_equal(scmia_loopback_cmd_pop(&f->la, &hdr, cmd, sizeof(cmd), &len), SCMIA_OK);
	assert_int_equal(len, 3);
	assert_memory_equal(cmd, "abc", 3);
	assert_int_equal(scmia_hdr_proto_id(hdr), LB_PROTO);
	assert_int_equal(scmia_hdr_msg_id(hdr), 0x4);
	assert_int_equal(rec.calls, 0);
	assert_int_equal(scmia_loopback_deliver(&f->la, hdr, body, reply_body(cmd, 3, 0, body)),
			 SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_int_equal(rec.rx_len, 3);
	assert_memory_equal(rec.rx, "cba", 3);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	lbfx_free(f);
}

/* 16 commands in flight, answered in reverse order: each caller gets the
 * answer to its own request (payload derived from the request). */
static void test_lb_out_of_order_replies_reach_their_own_callers(void **state)
{
	struct lbfx *f = lbfx_new(0, SCMIA_COMPLETION_IRQ, 0);
	struct scmia_xfer *x[16];
	struct cb_rec rec[16];
	uint32_t hdr[16], len;
	uint8_t cmd[16][8], body[64];
	unsigned i;

	(void)state;
	for (i = 0; i < 16; i++) {
		assert_int_equal(scmia_xfer_get(&f->agent, LB_PROTO, 0x5, 8, 0, &x[i]), SCMIA_OK);
		scmia_put_le64(x[i]->tx_buf, 0x0123456789abcdefull * (i + 1));
		cb_rec_init(&rec[i], NULL);
		rec[i].os = &f->os;
		assert_int_equal(scmia_xfer_submit(x[i], 0, cb_record, &rec[i]), SCMIA_OK);
	}
	for (i = 0; i < 16; i++)
		assert_int_equal(scmia_loopback_cmd_pop(&f->la, &hdr[i], cmd[i], 8, &len),
				 SCMIA_OK);
	for (i = 16; i-- > 0;) {
		uint32_t n = reply_body(cmd[i], 8, 0, body);

		assert_int_equal(scmia_loopback_deliver(&f->la, hdr[i], body, n), SCMIA_OK);
	}
	for (i = 0; i < 16; i++) {
		uint8_t expect[8];
		unsigned k;

		for (k = 0; k < 8; k++)
			expect[k] = ((uint8_t *)x[i]->tx_buf)[7 - k];
		assert_int_equal(rec[i].calls, 1);
		assert_int_equal(rec[i].rx_len, 8);
		assert_memory_equal(rec[i].rx, expect, 8);
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	}
	assert_int_equal(lbcnt(f, SCMIA_CNT_REPLIES), 16);
	lbfx_free(f);
}

static void test_lb_async_reordered_dresp_then_late_resp(void **state)
{
	struct lbfx *f = lbfx_new(0, SCMIA_COMPLETION_IRQ, 0);
	struct scmia_xfer *x;
	struct cb_rec rec;
	uint8_t body[16];
	uint32_t hdr, dh;

	(void)state;
	assert_int_equal(scmia_xfer_get(&f->agent, LB_PROTO, 0x7, 0, 0, &x), SCMIA_OK);
	cb_rec_init(&rec, NULL);
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, cb_record, &rec), SCMIA_OK);
	assert_int_equal(scmia_loopback_cmd_pop(&f->la, &hdr, NULL, 0, NULL), SCMIA_OK);
	dh = fx_dresp_hdr(hdr);
	scmia_put_le32(body, 0);
	scmia_put_le32(body + 4, 0x600df00du);
	assert_int_equal(scmia_loopback_deliver(&f->lp, dh, body, 8), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_int_equal(scmia_get_le32(rec.rx), 0x600df00du);
	assert_int_equal(lbcnt(f, SCMIA_CNT_REORDERED), 1);
	scmia_put_le32(body, 0);
	assert_int_equal(scmia_loopback_deliver(&f->la, hdr, body, 4), SCMIA_EUNEXPECTED);
	assert_int_equal(lbcnt(f, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	lbfx_free(f);
}

/* Lengths 0..3 cannot hold a status: too short, never a huge copy. */
static void test_lb_truncated_response_too_short(void **state)
{
	struct lbfx *f = lbfx_new(0, SCMIA_COMPLETION_IRQ, 0);
	uint8_t body[4] = { 0, 0, 0, 0 };
	uint32_t len;

	(void)state;
	for (len = 0; len < 4; len++) {
		struct scmia_xfer *x;
		struct cb_rec rec;
		uint32_t hdr;

		assert_int_equal(scmia_xfer_get(&f->agent, LB_PROTO, 1, 0, 0, &x), SCMIA_OK);
		memset(x->rx_buf, 0xee, 128);
		cb_rec_init(&rec, NULL);
		assert_int_equal(scmia_xfer_submit(x, 0, cb_record, &rec), SCMIA_OK);
		assert_int_equal(scmia_loopback_cmd_pop(&f->la, &hdr, NULL, 0, NULL), SCMIA_OK);
		(void)scmia_loopback_deliver(&f->la, hdr, body, len);
		assert_int_equal(rec.calls, 1);
		assert_int_equal(rec.result, SCMIA_ETOOSHORT);
		assert_int_equal(x->rx_len, 0);
		assert_int_equal(((uint8_t *)x->rx_buf)[0], 0xee);
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	}
	assert_int_equal(lbcnt(f, SCMIA_CNT_MALFORMED), 4);
	assert_int_equal(lbcnt(f, SCMIA_CNT_REPLIES), 0);
	lbfx_free(f);
}

/* NULL OS table, polling: the platform answers from the kick hook (in the
 * middle of send), the blocking call polls it out. */
static void test_lb_null_os_polling_mode(void **state)
{
	struct lbfx *f = lbfx_new(1, SCMIA_COMPLETION_AUTO, 0);
	uint8_t rx[16];
	uint32_t rx_len = 0;
	unsigned i;

	(void)state;
	f->kick_mode = KICK_POST;
	for (i = 0; i < 100; i++) {
		int r = scmia_cmd(&f->agent, LB_PROTO, 2, "xyz", 3, rx, sizeof(rx), &rx_len, 0);

		assert_int_equal(r, SCMIA_OK);
		assert_int_equal(rx_len, 3);
		assert_memory_equal(rx, "zyx", 3);
	}
	f->kick_status = SCMIA_STATUS_DENIED;
	assert_int_equal(scmia_cmd(&f->agent, LB_PROTO, 2, "q", 1, rx, sizeof(rx), &rx_len, 0),
			 SCMIA_E_SCMI_DENIED);
	assert_int_equal(lbcnt(f, SCMIA_CNT_SENT), 101);
	assert_int_equal(lbcnt(f, SCMIA_CNT_REPLIES), 101);
	assert_int_equal(f->os.locks, 0);
	lbfx_free(f);
}

static void test_lb_null_os_polling_timeout(void **state)
{
	struct lbfx *f = lbfx_new(1, SCMIA_COMPLETION_POLL, 200);

	(void)state;
	f->kick_mode = KICK_NONE;
	assert_int_equal(scmia_cmd(&f->agent, LB_PROTO, 2, NULL, 0, NULL, 0, NULL, 0),
			 SCMIA_ETIMEDOUT);
	assert_int_equal(lbcnt(f, SCMIA_CNT_TIMEOUTS), 1);
	/* the platform answers after all: a late reply, counted, not matched */
	{
		uint32_t hdr;
		uint8_t body[4] = { 0, 0, 0, 0 };

		assert_int_equal(scmia_loopback_cmd_pop(&f->la, &hdr, NULL, 0, NULL), SCMIA_OK);
		assert_int_equal(scmia_loopback_deliver(&f->la, hdr, body, 4), SCMIA_EUNEXPECTED);
		assert_int_equal(lbcnt(f, SCMIA_CNT_LATE_REPLIES), 1);
	}
	f->kick_mode = KICK_POST;
	assert_int_equal(scmia_cmd(&f->agent, LB_PROTO, 2, NULL, 0, NULL, 0, NULL, 0), SCMIA_OK);
	lbfx_free(f);
}

/* Interrupt mode on the fake OS: the reply is delivered from the kick,
 * that is before send() returned. */
static void test_lb_irq_reply_delivered_during_send(void **state)
{
	struct lbfx *f = lbfx_new(0, SCMIA_COMPLETION_IRQ, 0);
	uint8_t rx[8];
	uint32_t rx_len = 0;

	(void)state;
	f->kick_mode = KICK_DELIVER;
	assert_int_equal(scmia_cmd(&f->agent, LB_PROTO, 3, "12", 2, rx, sizeof(rx), &rx_len, 0),
			 SCMIA_OK);
	assert_int_equal(f->kick_ret, SCMIA_OK);
	assert_int_equal(rx_len, 2);
	assert_memory_equal(rx, "21", 2);
	lbfx_free(f);
}

static void test_lb_send_failure_reported(void **state)
{
	struct lbfx *f = lbfx_new(0, SCMIA_COMPLETION_IRQ, 0);

	(void)state;
	scmia_loopback_fail_next_send(&f->la, SCMIA_EBUSY);
	assert_int_equal(scmia_cmd(&f->agent, LB_PROTO, 3, NULL, 0, NULL, 0, NULL, 0), SCMIA_EBUSY);
	assert_int_equal(scmia_loopback_pending(&f->la), 0);
	assert_int_equal(lbcnt(f, SCMIA_CNT_TX_ERRORS), 1);
	assert_int_equal(lbcnt(f, SCMIA_CNT_SENT), 0);
	f->kick_mode = KICK_DELIVER;
	assert_int_equal(scmia_cmd(&f->agent, LB_PROTO, 3, NULL, 0, NULL, 0, NULL, 0), SCMIA_OK);
	lbfx_free(f);
}

struct lb_hrec {
	unsigned calls;
	uint32_t src;
	uint32_t len;
	uint8_t pay[16];
};

static void lb_handler(void *ctx, const struct scmia_notification *n)
{
	struct lb_hrec *h = ctx;

	h->calls++;
	h->src = n->src_id;
	h->len = n->len;
	if (n->len <= sizeof(h->pay))
		memcpy(h->pay, n->payload, n->len);
}

static void test_lb_notification_to_handler(void **state)
{
	struct lbfx *f = lbfx_new(0, SCMIA_COMPLETION_IRQ, 0);
	struct scmia_notifier n;
	struct lb_hrec hr;
	uint8_t body[12];
	uint32_t h = scmia_hdr_pack(0x1, SCMIA_MSG_TYPE_NOTIFICATION, LB_PROTO, 0);
	unsigned i;

	(void)state;
	memset(&n, 0, sizeof(n));
	memset(&hr, 0, sizeof(hr));
	n.proto_id = LB_PROTO;
	n.evt_id = 0x1;
	n.src_id = 3;
	n.fn = lb_handler;
	n.ctx = &hr;
	assert_int_equal(scmia_notify_register(&f->agent, &n), SCMIA_OK);
	/* more notifications than loopback buffers: each buffer is returned */
	for (i = 0; i < 3 * LB_MSGS; i++) {
		scmia_put_le32(body, 0);
		scmia_put_le32(body + 4, 3);
		scmia_put_le32(body + 8, i);
		assert_int_equal(scmia_loopback_deliver(&f->lp, h, body, 12), SCMIA_OK);
		assert_int_equal(scmia_notify_dispatch(&f->agent, 0), 1);
	}
	assert_int_equal(hr.calls, 3 * LB_MSGS);
	assert_int_equal(hr.src, 3);
	assert_int_equal(hr.len, 12);
	assert_int_equal(scmia_get_le32(hr.pay + 8), 3 * LB_MSGS - 1);
	lbfx_free(f);
}

/* Expired by the service call, then answered: the late reply is counted
 * and the loopback buffer is still returned. */
static void test_lb_late_reply_after_expiry(void **state)
{
	struct lbfx *f = lbfx_new(0, SCMIA_COMPLETION_IRQ, 0);
	struct scmia_xfer *x;
	struct cb_rec rec;
	uint8_t body[4] = { 0, 0, 0, 0 };
	uint32_t hdr;
	unsigned i;

	(void)state;
	assert_int_equal(scmia_xfer_get(&f->agent, LB_PROTO, 1, 0, 0, &x), SCMIA_OK);
	cb_rec_init(&rec, NULL);
	assert_int_equal(scmia_xfer_submit(x, 0, cb_record, &rec), SCMIA_OK);
	assert_int_equal(scmia_loopback_cmd_pop(&f->la, &hdr, NULL, 0, NULL), SCMIA_OK);
	fake_os_advance(&f->os, SCMIA_DEFAULT_REPLY_TIMEOUT_US + 1);
	assert_int_equal(scmia_agent_service(&f->agent), 1);
	assert_int_equal(rec.result, SCMIA_ETIMEDOUT);
	for (i = 0; i < LB_MSGS + 4; i++)
		assert_int_equal(scmia_loopback_deliver(&f->la, hdr, body, 4), SCMIA_EUNEXPECTED);
	assert_int_equal(lbcnt(f, SCMIA_CNT_LATE_REPLIES), LB_MSGS + 4);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	lbfx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lb_stepped_sync_command),
		cmocka_unit_test(test_lb_out_of_order_replies_reach_their_own_callers),
		cmocka_unit_test(test_lb_async_reordered_dresp_then_late_resp),
		cmocka_unit_test(test_lb_truncated_response_too_short),
		cmocka_unit_test(test_lb_null_os_polling_mode),
		cmocka_unit_test(test_lb_null_os_polling_timeout),
		cmocka_unit_test(test_lb_irq_reply_delivered_during_send),
		cmocka_unit_test(test_lb_send_failure_reported),
		cmocka_unit_test(test_lb_notification_to_handler),
		cmocka_unit_test(test_lb_late_reply_after_expiry),
	};

	return cmocka_run_group_tests_name("unit_loopback", tests, NULL, unit_teardown);
}

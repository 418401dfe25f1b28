/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: the SENT -> RESP -> DRESP state machine and the receive
 * entry (docs/design.md, "Transfer states"): sync and async commands,
 * delayed response before response, duplicates and invalid transitions
 * rejected and counted, unknown tokens cleared, malformed headers and
 * statuses, a delayed payload larger than the immediate one, and the
 * receive entry re-entered for the same transfer from inside a fetch (the
 * inner message deferred, never spun on).
 */
#include <limits.h>
#include <string.h>

#include "fixture.h"

struct sm {
	struct fx *fx;
	struct scmia_xfer *x;
	struct cb_rec rec;
	uint32_t h;
};

static void sm_start(struct sm *s, unsigned flags)
{
	s->fx = fx_new_default();
	s->x = fx_get(s->fx, FX_PROTO, 0x5);
	cb_rec_init(&s->rec, s->fx);
	s->h = fx_submit(s->fx, s->x, flags, &s->rec);
}

static void sm_end(struct sm *s)
{
	assert_int_equal(scmia_xfer_put(s->x), SCMIA_OK);
	fx_free(s->fx);
}

static void test_sm_sync_ok(void **state)
{
	struct sm s;
	uint8_t pay[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	(void)state;
	sm_start(&s, 0);
	assert_int_equal(s.rec.calls, 0);
	assert_int_equal(fx_resp(s.fx, s.h, 0, pay, 8), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_OK);
	assert_int_equal(s.rec.rx_len, 8);
	assert_memory_equal(s.rec.rx, pay, 8);
	assert_ptr_equal(s.rec.xfer, s.x);
	assert_int_equal(s.fx->tp.n_txdone, 1);
	assert_int_equal(s.fx->tp.last_txdone_ret, 0);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_SENT), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_STATUS_ERRORS), 0);
	sm_end(&s);
}

static void test_sm_async_resp_then_dresp(void **state)
{
	struct sm s;
	uint8_t imm[4] = { 9, 9, 9, 9 };
	uint8_t del[12] = { 1, 0, 0, 0, 0x10, 0x20, 0x30, 0x40, 5, 6, 7, 8 };

	(void)state;
	sm_start(&s, SCMIA_XFER_F_ASYNC);
	assert_int_equal(fx_resp(s.fx, s.h, 0, imm, 4), SCMIA_OK);
	assert_int_equal(s.rec.calls, 0); /* waits for the delayed response */
	assert_int_equal(s.fx->tp.n_txdone, 1); /* a2p channel done with */
	assert_int_equal(fx_dresp(s.fx, s.h, 0, del, 12), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_OK);
	assert_int_equal(s.rec.rx_len, 12);
	assert_memory_equal(s.rec.rx, del, 12);
	assert_ptr_equal(s.fx->tp.last_fetch_chan, &s.fx->p2a);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_DELAYED_REPLIES), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REORDERED), 0);
	assert_int_equal(s.fx->tp.n_txdone, 1);
	sm_end(&s);
}

static void test_sm_async_dresp_error_status_is_result(void **state)
{
	struct sm s;

	(void)state;
	sm_start(&s, SCMIA_XFER_F_ASYNC);
	assert_int_equal(fx_resp(s.fx, s.h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(fx_dresp(s.fx, s.h, SCMIA_STATUS_HARDWARE_ERROR, NULL, 0), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_E_SCMI_HARDWARE_ERROR);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_STATUS_ERRORS), 1);
	assert_int_equal(fx_cnt(s.fx, (enum scmia_counter)(SCMIA_CNT_STATUS_FIRST + 8)), 1);
	sm_end(&s);
}

/* Response lost or overtaken: the delayed response completes the command,
 * the sync part counts as SUCCESS, the late response is rejected. */
static void test_sm_dresp_before_resp_reordered(void **state)
{
	struct sm s;
	uint8_t del[8] = { 0xaa, 0xbb, 0xcc, 0xdd, 1, 2, 3, 4 };

	(void)state;
	sm_start(&s, SCMIA_XFER_F_ASYNC);
	assert_int_equal(fx_dresp(s.fx, s.h, SCMIA_STATUS_NOT_FOUND, del, 8), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(s.rec.rx_len, 8);
	assert_memory_equal(s.rec.rx, del, 8);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REORDERED), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_DELAYED_REPLIES), 1);
	/* the response that was overtaken */
	assert_int_equal(fx_resp(s.fx, s.h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.x->rx_len, 8);
	assert_memory_equal(s.x->rx_buf, del, 8);
	sm_end(&s);
}

static void test_sm_duplicate_resp_async_invalid_state(void **state)
{
	struct sm s;
	uint8_t a[4] = { 1, 1, 1, 1 }, b[4] = { 2, 2, 2, 2 };

	(void)state;
	sm_start(&s, SCMIA_XFER_F_ASYNC);
	assert_int_equal(fx_resp(s.fx, s.h, 0, a, 4), SCMIA_OK);
	assert_int_equal(fx_resp(s.fx, s.h, 0, b, 4), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(s.fx->msgs[(s.fx->n_msgs - 1) % FX_MSGS].fetched, 0);
	assert_int_equal(s.fx->tp.n_clear, 1);
	assert_int_equal(s.rec.calls, 0);
	assert_int_equal(fx_dresp(s.fx, s.h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_OK);
	sm_end(&s);
}

/* A second response of a completed synchronous command (still owned by
 * its caller) is rejected and never rewrites the caller's reply. */
static void test_sm_duplicate_resp_sync_invalid_state(void **state)
{
	struct sm s;
	uint8_t a[4] = { 1, 1, 1, 1 }, b[4] = { 2, 2, 2, 2 };

	(void)state;
	sm_start(&s, 0);
	assert_int_equal(fx_resp(s.fx, s.h, 0, a, 4), SCMIA_OK);
	assert_int_equal(fx_resp(s.fx, s.h, SCMIA_STATUS_BUSY, b, 4), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.x->status, 0);
	assert_memory_equal(s.x->rx_buf, a, 4);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_STATUS_ERRORS), 0);
	sm_end(&s);
}

static void test_sm_resp_after_dresp_invalid_state(void **state)
{
	struct sm s;

	(void)state;
	sm_start(&s, SCMIA_XFER_F_ASYNC);
	assert_int_equal(fx_resp(s.fx, s.h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(fx_dresp(s.fx, s.h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(fx_resp(s.fx, s.h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE), 1);
	/* and a second delayed response too */
	assert_int_equal(fx_dresp(s.fx, s.h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE), 2);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_DELAYED_REPLIES), 1);
	sm_end(&s);
}

/* A delayed response for a command that did not ask for one: rejected, the
 * command still completes with its own response. */
static void test_sm_dresp_for_sync_command_invalid_state(void **state)
{
	struct sm s;
	uint8_t good[4] = { 7, 7, 7, 7 };

	(void)state;
	sm_start(&s, 0);
	assert_int_equal(fx_dresp(s.fx, s.h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REORDERED), 0);
	assert_int_equal(s.rec.calls, 0);
	assert_ptr_equal(s.fx->tp.last_clear_chan, &s.fx->p2a);
	assert_int_equal(fx_resp(s.fx, s.h, 0, good, 4), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_OK);
	assert_memory_equal(s.rec.rx, good, 4);
	sm_end(&s);
}

static void test_sm_unknown_token_unexpected_and_cleared(void **state)
{
	struct sm s;
	uint32_t bogus;
	struct fake_msg *m;

	(void)state;
	sm_start(&s, 0);
	bogus = scmia_hdr_pack(0x5, 0, FX_PROTO, (scmia_hdr_token(s.h) + 100u) & 0x3ffu);
	m = fx_msg(s.fx, bogus, 0, NULL, 0);
	assert_int_equal(scmia_rx(&s.fx->a2p, bogus, m), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	assert_int_equal(s.fx->tp.n_clear, 1);
	assert_ptr_equal(s.fx->tp.last_clear_cookie, m);
	assert_ptr_equal(s.fx->tp.last_clear_chan, &s.fx->a2p);
	assert_int_equal(m->fetched, 0);
	assert_int_equal(s.rec.calls, 0);
	/* also for an unknown delayed response on p2a */
	bogus = fx_dresp_hdr(bogus);
	m = fx_msg(s.fx, bogus, 0, NULL, 0);
	assert_int_equal(scmia_rx(&s.fx->p2a, bogus, m), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_UNEXPECTED_TOKEN), 2);
	assert_ptr_equal(s.fx->tp.last_clear_cookie, m);
	assert_int_equal(fx_resp(s.fx, s.h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	sm_end(&s);
}

/* Token in flight but another message or protocol id: never delivered to a
 * caller that asked something else. */
static void test_sm_reply_with_other_msg_id_not_delivered(void **state)
{
	struct sm s;
	uint32_t other;
	int r;

	(void)state;
	sm_start(&s, 0);
	other = scmia_hdr_pack(0x6, 0, FX_PROTO, scmia_hdr_token(s.h));
	r = fx_resp(s.fx, other, 0, NULL, 0);
	assert_true(r == SCMIA_EUNEXPECTED || r == SCMIA_EMALFORMED);
	other = scmia_hdr_pack(0x5, 0, SCMIA_PROTO_PERF, scmia_hdr_token(s.h));
	r = fx_resp(s.fx, other, 0, NULL, 0);
	assert_true(r == SCMIA_EUNEXPECTED || r == SCMIA_EMALFORMED);
	assert_int_equal(s.rec.calls, 0);
	assert_int_equal(s.fx->tp.n_clear, 2);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_MALFORMED) +
				 fx_cnt(s.fx, SCMIA_CNT_UNEXPECTED_TOKEN) +
				 fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE),
			 2);
	assert_int_equal(fx_resp(s.fx, s.h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	sm_end(&s);
}

/* An error status in the response of an async command ends it at once:
 * no delayed response will come. */
static void test_sm_async_error_resp_completes_without_dresp(void **state)
{
	struct sm s;

	(void)state;
	sm_start(&s, SCMIA_XFER_F_ASYNC);
	assert_int_equal(fx_resp(s.fx, s.h, SCMIA_STATUS_INVALID_PARAMETERS, NULL, 0), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_STATUS_ERRORS), 1);
	assert_int_equal(fx_cnt(s.fx, (enum scmia_counter)(SCMIA_CNT_STATUS_FIRST + 1)), 1);
	/* no timeout later: it is complete */
	fake_os_advance(&s.fx->os, 3000000);
	assert_int_equal(scmia_agent_service(&s.fx->agent), 0);
	assert_int_equal(s.rec.calls, 1);
	sm_end(&s);
}

/* Every SCMI status maps to its own error and its own counter. */
static void test_sm_every_status_counted_and_mapped(void **state)
{
	struct fx *fx = fx_new_default();
	int32_t st;

	(void)state;
	for (st = -1; st >= -11; st--) {
		struct cb_rec rec;
		struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
		uint32_t h;

		cb_rec_init(&rec, fx);
		h = fx_submit(fx, x, 0, &rec);
		assert_int_equal(fx_resp(fx, h, st, NULL, 0), SCMIA_OK);
		assert_int_equal(rec.result, SCMIA_E_SCMI_BASE + st);
		assert_int_equal(scmia_err_to_status(rec.result), st);
		assert_int_equal(fx_cnt(fx, (enum scmia_counter)(SCMIA_CNT_STATUS_FIRST - st - 1)),
				 1);
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	}
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_STATUS_ERRORS), 11);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_MALFORMED), 0);
	fx_free(fx);
}

/* A status outside [-11, 0] is a malformed reply: EMALFORMED + MALFORMED,
 * never a table index (no per-status counter moves). */
static void test_sm_status_out_of_range_malformed(void **state)
{
	static const int32_t bad[] = { 1, -12, INT32_MIN, INT32_MAX };
	struct fx *fx = fx_new_default();
	uint32_t before[SCMIA_CNT__COUNT], after[SCMIA_CNT__COUNT];
	unsigned i, k;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cb_rec rec;
		struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
		uint32_t h;

		assert_int_equal(scmia_agent_counters(&fx->agent, before, SCMIA_CNT__COUNT),
				 SCMIA_CNT__COUNT);
		cb_rec_init(&rec, fx);
		h = fx_submit(fx, x, 0, &rec);
		(void)fx_resp(fx, h, bad[i], NULL, 0);
		assert_int_equal(rec.calls, 1);
		assert_int_equal(rec.result, SCMIA_EMALFORMED);
		assert_int_equal(scmia_agent_counters(&fx->agent, after, SCMIA_CNT__COUNT),
				 SCMIA_CNT__COUNT);
		assert_int_equal(after[SCMIA_CNT_MALFORMED], before[SCMIA_CNT_MALFORMED] + 1);
		assert_int_equal(after[SCMIA_CNT_STATUS_ERRORS], before[SCMIA_CNT_STATUS_ERRORS]);
		for (k = SCMIA_CNT_STATUS_FIRST; k < SCMIA_CNT__COUNT; k++)
			assert_int_equal(after[k], 0);
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	}
	fx_free(fx);
}

/* Same for the delayed response's status. */
static void test_sm_dresp_status_out_of_range_malformed(void **state)
{
	struct sm s;

	(void)state;
	sm_start(&s, SCMIA_XFER_F_ASYNC);
	assert_int_equal(fx_resp(s.fx, s.h, 0, NULL, 0), SCMIA_OK);
	(void)fx_dresp(s.fx, s.h, -12, NULL, 0);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_EMALFORMED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_MALFORMED), 1);
	sm_end(&s);
}

/* Header fields that make the message invalid before any lookup. */
static void test_sm_bad_type_and_reserved_bits_malformed(void **state)
{
	struct sm s;
	uint32_t h;
	struct fake_msg *m;

	(void)state;
	sm_start(&s, 0);
	h = (s.h & ~(3u << 8)) | (1u << 8); /* type 1: unused */
	m = fx_msg(s.fx, h, 0, NULL, 0);
	assert_int_equal(scmia_rx(&s.fx->a2p, h, m), SCMIA_EMALFORMED);
	assert_int_equal(m->fetched, 0);
	h = s.h | 0x80000000u; /* reserved bit */
	m = fx_msg(s.fx, h, 0, NULL, 0);
	assert_int_equal(scmia_rx(&s.fx->a2p, h, m), SCMIA_EMALFORMED);
	assert_int_equal(m->fetched, 0);
	/* a notification on an a2p channel is not a response */
	h = scmia_hdr_pack(0x5, SCMIA_MSG_TYPE_NOTIFICATION, FX_PROTO, scmia_hdr_token(s.h));
	m = fx_msg(s.fx, h, 0, NULL, 0);
	assert_int_equal(scmia_rx(&s.fx->a2p, h, m), SCMIA_EMALFORMED);
	/* a command-type message on a p2a channel: the platform does not send commands */
	m = fx_msg(s.fx, s.h, 0, NULL, 0);
	assert_int_equal(scmia_rx(&s.fx->p2a, s.h, m), SCMIA_EMALFORMED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_MALFORMED), 4);
	assert_int_equal(s.fx->tp.n_clear, 4);
	assert_int_equal(s.rec.calls, 0);
	assert_int_equal(fx_resp(s.fx, s.h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	sm_end(&s);
}

/* A fetch that reports a bad length ends the transfer with that error. */
static void test_sm_fetch_error_completes_with_error(void **state)
{
	struct sm s;
	struct fake_msg *m;

	(void)state;
	sm_start(&s, 0);
	m = fx_msg(s.fx, s.h, 0, NULL, 0);
	m->fetch_ret = SCMIA_EMALFORMED;
	assert_int_equal(scmia_rx(&s.fx->a2p, s.h, m), SCMIA_EMALFORMED);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_EMALFORMED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_MALFORMED), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REPLIES), 0);
	sm_end(&s);
}

/* The immediate response carried 4 bytes, the delayed one 48: the delayed
 * payload must arrive whole (rx_len of the response not reused as a cap). */
static void test_sm_dresp_payload_larger_than_resp(void **state)
{
	struct sm s;
	uint8_t imm[4] = { 1, 2, 3, 4 };
	uint8_t del[48];
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(del); i++)
		del[i] = (uint8_t)(0x80 + i);
	sm_start(&s, SCMIA_XFER_F_ASYNC);
	assert_int_equal(fx_resp(s.fx, s.h, 0, imm, 4), SCMIA_OK);
	assert_int_equal(s.x->rx_len, 4);
	assert_int_equal(s.x->rx_cap, 64);
	assert_int_equal(fx_dresp(s.fx, s.h, 0, del, 48), SCMIA_OK);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.rx_len, 48);
	assert_memory_equal(s.rec.rx, del, 48);
	assert_int_equal(s.x->rx_len, 48);
	assert_int_equal(s.x->rx_cap, 64);
	sm_end(&s);
}

/* ---- receive re-entered for the same transfer (one core, interrupt
 * preempting a thread-context receive) ---- */

static void reenter_case(int resp_first)
{
	struct sm s;
	struct fake_msg *outer, *inner;
	uint8_t imm[4] = { 0x11, 0x11, 0x11, 0x11 };
	uint8_t del[8] = { 0x22, 0x22, 0x22, 0x22, 0x33, 0x33, 0x33, 0x33 };
	uint32_t dh;
	int r;

	sm_start(&s, SCMIA_XFER_F_ASYNC);
	dh = fx_dresp_hdr(s.h);
	if (resp_first) {
		outer = fx_msg(s.fx, s.h, 0, imm, 4);
		inner = fx_msg(s.fx, dh, 0, del, 8);
		s.fx->tp.reenter.chan = &s.fx->p2a;
		s.fx->tp.reenter.hdr = dh;
	} else {
		outer = fx_msg(s.fx, dh, 0, del, 8);
		inner = fx_msg(s.fx, s.h, 0, imm, 4);
		s.fx->tp.reenter.chan = &s.fx->a2p;
		s.fx->tp.reenter.hdr = s.h;
	}
	s.fx->tp.reenter.msg = inner;
	s.fx->tp.reenter.armed = 1;
	r = scmia_rx(resp_first ? &s.fx->a2p : &s.fx->p2a, resp_first ? s.h : dh, outer);
	assert_int_equal(r, SCMIA_OK);
	assert_int_equal(s.fx->tp.reenter.done, 1);
	assert_int_equal(s.fx->tp.reenter.ret, SCMIA_RX_DEFERRED);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_DEFERRED), 1);
	/* the inner message was released exactly once, on its own channel */
	assert_int_equal(inner->released, 1);
	assert_int_equal(s.fx->tp.n_release, 1);
	assert_ptr_equal(s.fx->tp.last_release_cookie, inner);
	assert_ptr_equal(s.fx->tp.last_release_chan, resp_first ? &s.fx->p2a : &s.fx->a2p);
	assert_int_equal(outer->released, 0);
	/* completed once, with the delayed response's payload */
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_OK);
	assert_int_equal(s.rec.rx_len, 8);
	assert_memory_equal(s.rec.rx, del, 8);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_DELAYED_REPLIES), 1);
	if (resp_first) {
		/* both processed in order */
		assert_int_equal(inner->fetched, 1);
		assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REPLIES), 1);
		assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REORDERED), 0);
		assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE), 0);
	} else {
		/* the delayed response came first (reordered); the response
		 * handed over afterwards is looked at and rejected */
		assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_REORDERED), 1);
		assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE) +
					 fx_cnt(s.fx, SCMIA_CNT_LATE_REPLIES) +
					 fx_cnt(s.fx, SCMIA_CNT_UNEXPECTED_TOKEN),
				 1);
	}
	/* nothing stays busy: the transfer is put and reused normally */
	sm_end(&s);
}

static void test_rx_reentered_resp_then_dresp_deferred_not_spun(void **state)
{
	(void)state;
	reenter_case(1);
}

static void test_rx_reentered_dresp_then_resp_deferred_not_spun(void **state)
{
	(void)state;
	reenter_case(0);
}

/* A duplicate response arriving (re-entered) while the first one of a
 * synchronous command is being fetched: deferred, then rejected without
 * being fetched into the caller's transfer. */
static void test_rx_reentered_duplicate_sync_resp_deferred_and_rejected(void **state)
{
	struct sm s;
	struct fake_msg *outer, *inner;
	uint8_t a[4] = { 1, 2, 3, 4 }, b[4] = { 5, 6, 7, 8 };

	(void)state;
	sm_start(&s, 0);
	outer = fx_msg(s.fx, s.h, 0, a, 4);
	inner = fx_msg(s.fx, s.h, SCMIA_STATUS_BUSY, b, 4);
	s.fx->tp.reenter.chan = &s.fx->a2p;
	s.fx->tp.reenter.hdr = s.h;
	s.fx->tp.reenter.msg = inner;
	s.fx->tp.reenter.armed = 1;
	assert_int_equal(scmia_rx(&s.fx->a2p, s.h, outer), SCMIA_OK);
	assert_int_equal(s.fx->tp.reenter.ret, SCMIA_RX_DEFERRED);
	assert_int_equal(inner->released, 1);
	assert_int_equal(inner->fetched, 0);
	assert_int_equal(s.rec.calls, 1);
	assert_int_equal(s.rec.result, SCMIA_OK);
	assert_memory_equal(s.x->rx_buf, a, 4);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(fx_cnt(s.fx, SCMIA_CNT_DEFERRED), 1);
	sm_end(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sm_sync_ok),
		cmocka_unit_test(test_sm_async_resp_then_dresp),
		cmocka_unit_test(test_sm_async_dresp_error_status_is_result),
		cmocka_unit_test(test_sm_dresp_before_resp_reordered),
		cmocka_unit_test(test_sm_duplicate_resp_async_invalid_state),
		cmocka_unit_test(test_sm_duplicate_resp_sync_invalid_state),
		cmocka_unit_test(test_sm_resp_after_dresp_invalid_state),
		cmocka_unit_test(test_sm_dresp_for_sync_command_invalid_state),
		cmocka_unit_test(test_sm_unknown_token_unexpected_and_cleared),
		cmocka_unit_test(test_sm_reply_with_other_msg_id_not_delivered),
		cmocka_unit_test(test_sm_async_error_resp_completes_without_dresp),
		cmocka_unit_test(test_sm_every_status_counted_and_mapped),
		cmocka_unit_test(test_sm_status_out_of_range_malformed),
		cmocka_unit_test(test_sm_dresp_status_out_of_range_malformed),
		cmocka_unit_test(test_sm_bad_type_and_reserved_bits_malformed),
		cmocka_unit_test(test_sm_fetch_error_completes_with_error),
		cmocka_unit_test(test_sm_dresp_payload_larger_than_resp),
		cmocka_unit_test(test_rx_reentered_resp_then_dresp_deferred_not_spun),
		cmocka_unit_test(test_rx_reentered_dresp_then_resp_deferred_not_spun),
		cmocka_unit_test(test_rx_reentered_duplicate_sync_resp_deferred_and_rejected),
	};

	return cmocka_run_group_tests_name("unit_state", tests, NULL, unit_teardown);
}

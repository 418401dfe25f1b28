/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: token allocation (docs/design.md, "Tokens"): monotonic
 * issue, skipping tokens in flight, wrap 1023 -> 0, holes at the start and
 * the end of the 1024-token space after out-of-order completion, timed-out
 * tokens kept out of circulation until the space wrapped (their late
 * replies counted, never matched to a newer command) and never leaked.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define SPACE SCMIA_TOKEN_SPACE

static void test_token_monotonic_next_after_last_issued(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rb;
	struct scmia_xfer *b;
	uint32_t t0, tb, tc, td;

	(void)state;
	t0 = fx_roundtrip(fx);
	b = fx_get(fx, FX_PROTO, 1);
	cb_rec_init(&rb, fx);
	tb = scmia_hdr_token(fx_submit(fx, b, 0, &rb));
	assert_int_equal(tb, (t0 + 1) % SPACE);
	tc = fx_roundtrip(fx);
	assert_int_equal(tc, (t0 + 2) % SPACE);
	/* t0 and tc are free again, but the next token is the one after tc */
	td = fx_roundtrip(fx);
	assert_int_equal(td, (t0 + 3) % SPACE);
	assert_int_equal(fx_resp(fx, b->hdr, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(rb.calls, 1);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
	assert_int_equal(fx_roundtrip(fx), (t0 + 4) % SPACE);
	fx_free(fx);
}

/* The token table of every channel size is a power of two (its mask is
 * all ones: probing visits every bucket), holds twice the tokens that can
 * be out, and never exceeds the token space; the same for the
 * notification count table. */
static void test_token_table_sizes_are_powers_of_two(void **state)
{
	unsigned m;

	(void)state;
	for (m = 1; m <= SCMIA_MAX_MSG_LIMIT; m++) {
		size_t b = SCMIA_TOKEN_BUCKETS(m), q = SCMIA__QUOTA_BUCKETS(m);
		size_t keys = m + SCMIA__QUARANTINE(m);

		assert_int_equal(b & (b - 1u), 0);
		assert_true(b >= 8u && b <= SPACE);
		assert_true(b >= (2u * keys < SPACE ? 2u * keys : SPACE));
		assert_true(keys <= SPACE);
		assert_int_equal(q & (q - 1u), 0);
		assert_true(q <= 256u && (q >= 2u * m || q == 256u));
	}
	/* docs/design.md: one bucket per token from 129 slots on */
	assert_true(SCMIA_TOKEN_BUCKETS(128) < SPACE);
	assert_int_equal(SCMIA_TOKEN_BUCKETS(129), SPACE);
}

/* Channels of odd sizes run many commands with timeouts among them: the
 * table keeps working whatever its size. */
static void test_token_odd_channel_sizes(void **state)
{
	static const uint16_t sizes[] = { 1, 3, 17, 33, 100, 341, 343 };
	unsigned k, i;

	(void)state;
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct fx_opts o;
		struct fx *fx;
		uint32_t last = 0;

		memset(&o, 0, sizeof(o));
		o.max_msg = sizes[k];
		fx = fx_new(&o);
		for (i = 0; i < 2500u; i++) {
			uint32_t t = (i % 7u == 3u) ? fx_timeout(fx) : fx_roundtrip(fx);

			if (i)
				assert_int_not_equal(t, last);
			last = t;
		}
		assert_int_equal(scmia_chan_quarantined(&fx->a2p),
				 fx_cnt(fx, SCMIA_CNT_TIMEOUTS) < SCMIA__QUARANTINE(sizes[k])
					 ? fx_cnt(fx, SCMIA_CNT_TIMEOUTS)
					 : SCMIA__QUARANTINE(sizes[k]));
		fx_free(fx);
	}
}

static void test_token_header_carries_proto_msg_and_type_command(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x;
	uint32_t h;

	(void)state;
	assert_int_equal(scmia_xfer_get(&fx->agent, SCMIA_PROTO_PERF, 0x7, 4, 0, &x), SCMIA_OK);
	scmia_put_le32(x->tx_buf, 0xdeadbeefu);
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(scmia_hdr_msg_id(h), 0x7);
	assert_int_equal(scmia_hdr_proto_id(h), SCMIA_PROTO_PERF);
	assert_int_equal(scmia_hdr_type(h), SCMIA_MSG_TYPE_COMMAND);
	assert_int_equal(scmia_hdr_reserved(h), 0);
	assert_int_equal(fx->tp.last_tx_len, 4);
	assert_int_equal(scmia_get_le32(fx->tp.last_tx), 0xdeadbeefu);
	assert_int_equal(x->hdr, h);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* One token stays in flight while the allocator goes round the whole
 * space: it is skipped, nothing else is. */
static void test_token_skips_in_flight_after_wrap(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec ra;
	struct scmia_xfer *a;
	uint32_t x, k;

	(void)state;
	(void)fx_roundtrip(fx);
	a = fx_get(fx, FX_PROTO, 1);
	cb_rec_init(&ra, fx);
	x = scmia_hdr_token(fx_submit(fx, a, 0, &ra));
	for (k = 1; k < SPACE; k++)
		assert_int_equal(fx_roundtrip(fx), (x + k) % SPACE);
	/* next would be x again: in flight, skipped */
	assert_int_equal(fx_roundtrip(fx), (x + 1) % SPACE);
	assert_int_equal(ra.calls, 0);
	assert_int_equal(fx_resp(fx, a->hdr, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(ra.result, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	/* x is free again: the very next token after the last issued */
	assert_int_equal(fx_roundtrip(fx), (x + 2) % SPACE);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_SENT), SPACE + 3);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), SPACE + 3);
	fx_free(fx);
}

static void test_token_wraps_1023_to_0(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t t = 0, n;

	(void)state;
	for (n = 0; n <= SPACE; n++) {
		t = fx_roundtrip(fx);
		if (t == SPACE - 1)
			break;
	}
	assert_int_equal(t, SPACE - 1);
	assert_int_equal(fx_roundtrip(fx), 0);
	assert_int_equal(fx_roundtrip(fx), 1);
	fx_free(fx);
}

/*
 * Fill the whole token space (1024 slots, 1024 commands in flight), then
 * complete out of order the commands holding @holes, and check that the
 * next allocations take exactly those tokens, in cyclic order starting
 * after the last token issued. @shift roundtrips first move the start.
 */
static void holes_case(uint32_t shift, const uint32_t *holes, unsigned n_holes)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_xfer **x = unit_alloc(SPACE * sizeof(*x));
	struct cb_rec *rec = unit_alloc(SPACE * sizeof(*rec));
	struct scmia_xfer *by_tok[SPACE];
	struct scmia_xfer *extra = NULL;
	uint32_t last = 0, expect[16], got;
	unsigned i, j, k, n_exp = 0;

	assert_non_null(x);
	assert_non_null(rec);
	assert_true(n_holes <= 16);
	memset(&o, 0, sizeof(o));
	o.max_msg = SPACE;
	o.no_p2a = 1;
	fx = fx_new(&o);
	for (i = 0; i < shift; i++)
		last = fx_roundtrip(fx);
	memset(by_tok, 0, sizeof(by_tok));
	for (i = 0; i < SPACE; i++) {
		x[i] = fx_get(fx, FX_PROTO, 2);
		cb_rec_init(&rec[i], fx);
		last = scmia_hdr_token(fx_submit(fx, x[i], 0, &rec[i]));
		assert_null(by_tok[last]); /* every token distinct */
		by_tok[last] = x[i];
	}
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 2, 0, 0, &extra), SCMIA_ENOSLOT);
	for (i = 0; i < n_holes; i++) {
		struct scmia_xfer *h = by_tok[holes[i]];
		unsigned idx = 0;

		assert_non_null(h);
		assert_int_equal(fx_resp(fx, h->hdr, 0, NULL, 0), SCMIA_OK);
		for (j = 0; j < SPACE; j++)
			if (x[j] == h)
				idx = j;
		assert_int_equal(rec[idx].calls, 1);
		assert_int_equal(scmia_xfer_put(h), SCMIA_OK);
		x[idx] = NULL;
	}
	/* expected order: cyclic from last + 1 */
	for (k = 1; k <= SPACE; k++) {
		uint32_t t = (last + k) % SPACE;

		for (i = 0; i < n_holes; i++)
			if (holes[i] == t)
				expect[n_exp++] = t;
	}
	assert_int_equal(n_exp, n_holes);
	for (i = 0; i < n_holes; i++) {
		struct scmia_xfer *nx = fx_get(fx, FX_PROTO, 3);
		struct cb_rec r;

		cb_rec_init(&r, fx);
		got = scmia_hdr_token(fx_submit(fx, nx, 0, &r));
		assert_int_equal(got, expect[i]);
		assert_int_equal(fx_resp(fx, nx->hdr, 0, NULL, 0), SCMIA_OK);
		assert_int_equal(r.calls, 1);
		/* keep it (token stays in flight until put) */
		for (j = 0; j < SPACE; j++) {
			if (!x[j]) {
				x[j] = nx;
				break;
			}
		}
	}
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 2, 0, 0, &extra), SCMIA_ENOSLOT);
	for (i = 0; i < SPACE; i++) {
		if (rec[i].calls == 0)
			assert_int_equal(fx_resp(fx, x[i]->hdr, 0, NULL, 0), SCMIA_OK);
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	}
	{
		unsigned nf, nh, ni;

		fx_stats(&fx->a2p, &nf, &nh, &ni);
		assert_int_equal(nf, SPACE);
		assert_int_equal(nh, 0);
		assert_int_equal(ni, 0);
	}
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_INVALID_STATE), 0);
	fx_free(fx);
	unit_free(x);
	unit_free(rec);
}

static void test_token_holes_at_start_and_end_of_space(void **state)
{
	static const uint32_t h[] = { 0, SPACE - 1 };

	(void)state;
	holes_case(0, h, 2);
}

static void test_token_hole_only_at_end_of_space(void **state)
{
	static const uint32_t h[] = { SPACE - 1 };

	(void)state;
	holes_case(0, h, 1);
}

static void test_token_hole_only_at_start_of_space(void **state)
{
	static const uint32_t h[] = { 0 };

	(void)state;
	holes_case(0, h, 1);
}

static void test_token_holes_at_word_boundaries_after_shift(void **state)
{
	static const uint32_t h[] = { 0, 31, 32, 499, 500, 991, 992, SPACE - 1 };

	(void)state;
	holes_case(500, h, 8);
}

static void test_token_holes_below_start_after_shift(void **state)
{
	static const uint32_t h[] = { 3, 700 };

	(void)state;
	holes_case(701, h, 2);
}

/* A timed-out token is quarantined: it is not reissued while any other
 * token is free, not even after the allocator went round the whole space
 * (issue 9, defect 2): each time round it is skipped. */
static void test_token_timed_out_quarantined_until_space_wraps(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t x, k, expect;

	(void)state;
	x = fx_timeout(fx);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	for (k = 1, expect = (x + 1) % SPACE; k < 3 * SPACE; k++) {
		uint32_t t;

		if (expect == x)
			expect = (expect + 1) % SPACE;
		t = fx_roundtrip(fx);
		assert_int_equal(t, expect);
		expect = (expect + 1) % SPACE;
	}
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_STALE_REUSED), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	/* its late reply comes at last: counted late, the token is free */
	assert_int_equal(fx_resp(fx, scmia_hdr_pack(0x6, 0, FX_PROTO, x), 0, NULL, 0),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	/* and it comes round again like any other */
	for (k = 0; k < SPACE; k++)
		if (fx_roundtrip(fx) == x)
			break;
	assert_true(k < SPACE);
	fx_free(fx);
}

/* The late reply of a timed-out command arrives while the same slot runs a
 * new command: it is counted LATE_REPLIES and never completes the new one. */
static void test_token_late_reply_not_matched_to_new_command(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct cb_rec rb;
	struct scmia_xfer *a, *b;
	uint32_t ha, hb, late = 0x11111111u, good = 0x22222222u;
	uint8_t pay[4];

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 1; /* the new command reuses the timed-out command's slot */
	fx = fx_new(&o);
	a = fx_get(fx, FX_PROTO, 0x6);
	{
		struct cb_rec ra;

		cb_rec_init(&ra, fx);
		ha = fx_submit(fx, a, 0, &ra);
		fake_os_advance(&fx->os, 30001);
		assert_int_equal(scmia_agent_service(&fx->agent), 1);
		assert_int_equal(ra.result, SCMIA_ETIMEDOUT);
	}
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	b = fx_get(fx, FX_PROTO, 0x6);
	assert_ptr_equal(a, b);
	cb_rec_init(&rb, fx);
	hb = fx_submit(fx, b, 0, &rb);
	assert_int_not_equal(scmia_hdr_token(hb), scmia_hdr_token(ha));

	scmia_put_le32(pay, late);
	assert_int_equal(fx_resp(fx, ha, 0, pay, 4), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 0);
	assert_int_equal(rb.calls, 0);
	assert_int_equal(fx->msgs[(fx->n_msgs - 1) % FX_MSGS].fetched, 0);

	scmia_put_le32(pay, good);
	assert_int_equal(fx_resp(fx, hb, 0, pay, 4), SCMIA_OK);
	assert_int_equal(rb.calls, 1);
	assert_int_equal(rb.result, SCMIA_OK);
	assert_int_equal(rb.rx_len, 4);
	assert_int_equal(scmia_get_le32(rb.rx), good);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_SENT), 2);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	fx_free(fx);
}

/* The caller still holds the timed-out transfer: its late reply must not be
 * written into it. */
static void test_token_late_reply_not_written_into_timed_out_xfer(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec ra;
	struct scmia_xfer *a = fx_get(fx, FX_PROTO, 0x6);
	uint32_t ha;
	uint8_t pay[8];

	(void)state;
	cb_rec_init(&ra, fx);
	ha = fx_submit(fx, a, 0, &ra);
	fake_os_advance(&fx->os, 30001);
	assert_int_equal(scmia_agent_service(&fx->agent), 1);
	memset(a->rx_buf, 0xcd, 8);
	memset(pay, 0x11, sizeof(pay));
	assert_int_equal(fx_resp(fx, ha, -4, pay, 8), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(a->rx_len, 0);
	assert_int_equal(a->status, 0);
	assert_int_equal(((uint8_t *)a->rx_buf)[0], 0xcd);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_STATUS_ERRORS), 0);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	fx_free(fx);
}

/* A timed-out request that never gets its reply: after more than two
 * whole token spaces of traffic everything still works, the token was
 * never reissued while others were free, and nothing leaked. */
static void test_token_never_replied_timeout_does_not_leak(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t x, n, seen = 0;
	unsigned nf, nh, ni;

	(void)state;
	x = fx_timeout(fx);
	for (n = 0; n < 2 * SPACE + 100; n++)
		if (fx_roundtrip(fx) == x)
			seen++;
	assert_int_equal(seen, 0);
	fx_stats(&fx->a2p, &nf, &nh, &ni);
	assert_int_equal(nf, 8);
	assert_int_equal(nh, 0);
	assert_int_equal(ni, 0);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_SENT), 2 * SPACE + 101);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 2 * SPACE + 100);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	fx_free(fx);
}

/* The quarantine holds as many tokens as the channel has slots: one more
 * timeout gives up the oldest quarantined token (counted), whose late
 * reply is then unexpected; the channel never runs out of tokens, and a
 * token given up comes round only with the counter (not sooner). */
static void test_token_quarantine_full_gives_up_oldest_counted(void **state)
{
	struct fx *fx = fx_new_default();
	const uint32_t cap = (uint32_t)SCMIA__QUARANTINE(8);
	uint32_t first, second, k, t;

	(void)state;
	first = fx_timeout(fx);
	second = fx_timeout(fx);
	for (k = 2; k < cap; k++)
		(void)fx_timeout(fx);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), cap);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_STALE_REUSED), 0);
	/* one more timeout: the oldest (first) is given up */
	t = fx_timeout(fx);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_STALE_REUSED), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), cap);
	/* its late reply is now unexpected, never matched; the second one's
	 * is still recognised as late */
	assert_int_equal(fx_resp(fx, scmia_hdr_pack(0x6, 0, FX_PROTO, first), 0, NULL, 0),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	assert_int_equal(fx_resp(fx, scmia_hdr_pack(0x6, 0, FX_PROTO, second), 0, NULL, 0),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	/* the next tokens keep counting up from the last issued */
	assert_int_equal(fx_roundtrip(fx), (t + 1) % SPACE);
	fx_free(fx);
}

/* A message with a quarantined token but another command's protocol or
 * message id is not that command's late answer: the quarantine holds
 * (counted malformed), and only the real late answer ends it (found by
 * fuzz_rx: a stray delayed response ended it, and the real one completed
 * the command that got the token a lap later). */
static void test_token_other_ids_do_not_end_quarantine(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t t;

	(void)state;
	t = fx_timeout(fx); /* message 0x6 of FX_PROTO */
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	assert_int_equal(fx_resp(fx, scmia_hdr_pack(0x7, 0, FX_PROTO, t), 0, NULL, 0),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(fx_resp(fx, scmia_hdr_pack(0x6, 0, FX_PROTO + 1u, t), 0, NULL, 0),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_MALFORMED), 2);
	assert_int_equal(fx_resp(fx, scmia_hdr_pack(0x6, 0, FX_PROTO, t), 0, NULL, 0),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	fx_free(fx);
}

/* A reply whose fetch failed ended the command with an error, but nothing
 * usable was read: the platform's real reply may still come, so the
 * token is quarantined (found by the model, tests/model). */
static void test_token_fetch_error_quarantines(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 3);
	struct fake_msg *m;
	struct cb_rec rec;
	uint32_t h;

	(void)state;
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	m = fx_msg(fx, h, 0, NULL, 0);
	m->fetch_ret = SCMIA_EMALFORMED;
	assert_int_equal(scmia_rx(&fx->a2p, h, m), SCMIA_EMALFORMED);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_EMALFORMED);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	/* the genuine reply comes: late, not unexpected */
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	fx_free(fx);
}

/* An asynchronous command completed by its delayed response before its
 * response: the response is still owed (a message-passing transport may
 * deliver it), so the token is quarantined at put (found by the model). */
static void test_token_reordered_dresp_quarantines(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 3);
	struct cb_rec rec;
	uint32_t h;

	(void)state;
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, SCMIA_XFER_F_ASYNC, &rec);
	assert_int_equal(fx_dresp(fx, h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REORDERED), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	fx_free(fx);
}

/* An asynchronous command that times out before its response owes both
 * its response and its delayed response; the late transfer is put. */
static uint32_t async_timeout(struct fx *fx, int with_resp)
{
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 0x6);
	struct cb_rec rec;
	uint32_t h;

	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, SCMIA_XFER_F_ASYNC, &rec);
	if (with_resp) {
		/* the response (SUCCESS) came: only the delayed one is owed */
		assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
		assert_int_equal(rec.calls, 0);
		fake_os_advance(&fx->os, 2000001);
	} else {
		fake_os_advance(&fx->os, 30001);
	}
	assert_int_equal(scmia_agent_service(&fx->agent), 1);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	return h;
}

/* The token of quarantined command @h is not issued for a whole lap of
 * the token space. */
static void token_stays_out(struct fx *fx, uint32_t h)
{
	uint32_t k;

	for (k = 0; k < SPACE + 8u; k++)
		assert_int_not_equal(fx_roundtrip(fx), scmia_hdr_token(h));
}

/* An asynchronous command timed out before either answer: its late
 * delayed response does not end the quarantine, because its response is
 * still owed (a transport may deliver it behind the delayed response).
 * Found by fuzz_rx: the delayed response ended it, the token came back a
 * lap later, and the late response completed the newer command. Then the
 * response ends it. */
static void test_token_async_late_dresp_keeps_quarantine(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t h = async_timeout(fx, 0), replies;

	(void)state;
	assert_int_equal(fx_dresp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	token_stays_out(fx, h);
	replies = fx_cnt(fx, SCMIA_CNT_REPLIES);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 2);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), replies);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	/* a second copy of either is now a message for no transfer */
	assert_int_equal(fx_dresp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_STALE_REUSED), 0);
	fx_free(fx);
}

/* The mirror order: the late response (SUCCESS) of an asynchronous
 * command that timed out before it does not end the quarantine either:
 * its delayed response is still to come. */
static void test_token_async_late_resp_keeps_quarantine(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t h = async_timeout(fx, 0);

	(void)state;
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	/* a second response is not what it owes: the quarantine holds */
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	token_stays_out(fx, h);
	assert_int_equal(fx_dresp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 2);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	fx_free(fx);
}

/* An asynchronous command that had its response and timed out waiting
 * for the delayed response owes that one only: a late copy of the
 * response does not end its quarantine, the delayed response does. */
static void test_token_async_resp_then_timeout_owes_dresp(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t h = async_timeout(fx, 1);

	(void)state;
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	token_stays_out(fx, h);
	assert_int_equal(fx_dresp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	fx_free(fx);
}

/* A synchronous command owes no delayed response: a delayed response with
 * its token and ids is not its answer, and the quarantine holds until the
 * response comes. */
static void test_token_sync_quarantine_not_ended_by_dresp(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t t = fx_timeout(fx); /* message 0x6 of FX_PROTO */
	uint32_t h = scmia_hdr_pack(0x6, 0, FX_PROTO, t);

	(void)state;
	assert_int_equal(fx_dresp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	fx_free(fx);
}

/* A transport that recognises a late response by its buffer (virtio)
 * says so with scmia_xfer_late(): for an asynchronous command that is the
 * response only, and the delayed response is still owed -- before the
 * put (the put quarantines the token for it) and after. */
static void test_token_xfer_late_async_owes_dresp(void **state)
{
	int before_put;

	(void)state;
	for (before_put = 0; before_put < 2; before_put++) {
		struct fx *fx = fx_new_default();
		struct scmia_xfer *x = fx_get(fx, FX_PROTO, 0x6);
		struct cb_rec rec;
		uint32_t h;

		cb_rec_init(&rec, fx);
		h = fx_submit(fx, x, SCMIA_XFER_F_ASYNC, &rec);
		scmia_xfer_hold(x);
		fake_os_advance(&fx->os, 30001);
		assert_int_equal(scmia_agent_service(&fx->agent), 1);
		assert_int_equal(rec.result, SCMIA_ETIMEDOUT);
		if (before_put)
			scmia_xfer_late(x);
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
		if (!before_put)
			scmia_xfer_late(x);
		scmia_xfer_unhold(x);
		assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
		token_stays_out(fx, h);
		assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
		assert_int_equal(fx_cnt(fx, SCMIA_CNT_INVALID_STATE), 1);
		assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
		assert_int_equal(fx_dresp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
		assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
		assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
		fx_free(fx);
	}
}

/* A token whose late reply came leaves no live entry in the quarantine
 * ring: quarantined again a lap later, it is not given up early for its
 * old entry (found by the model). */
static void test_token_requarantine_not_given_up_early(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	uint32_t t, k;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 2; /* a quarantine of 2 */
	fx = fx_new(&o);
	t = fx_timeout(fx);
	assert_int_equal(fx_resp(fx, scmia_hdr_pack(0x6, 0, FX_PROTO, t), 0, NULL, 0),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	/* round the token space until t is the next token */
	for (k = 0; k < 2u * SPACE; k++) {
		struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
		uint32_t tok = scmia_hdr_token(x->hdr);

		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
		if ((tok + 1u) % SPACE == t)
			break;
	}
	assert_true(k < 2u * SPACE);
	assert_int_equal(fx_timeout(fx), t); /* t again, quarantined again */
	(void)fx_timeout(fx);                /* the ring is full now */
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_STALE_REUSED), 0);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 2);
	fx_free(fx);
}

/* Every slot times out and is put without a reply, several times over:
 * no token and no slot may stay lost. */
static void test_token_many_timeouts_do_not_exhaust_space(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	unsigned i, nf, nh, ni;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 4;
	fx = fx_new(&o);
	for (i = 0; i < SPACE + 10; i++)
		(void)fx_timeout(fx);
	fx_stats(&fx->a2p, &nf, &nh, &ni);
	assert_int_equal(nf, 4);
	assert_int_equal(ni, 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), SPACE + 10);
	(void)fx_roundtrip(fx);
	fx_free(fx);
}

/* A send that fails hands nothing to the platform: the token stays with
 * the caller's transfer (not quarantined), no expiry runs for it, the
 * transfer can be submitted again, and put gives the token back. */
static void test_token_send_failure_does_not_keep_token_in_flight(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint32_t tok = scmia_hdr_token(x->hdr);
	unsigned ni;

	(void)state;
	cb_rec_init(&rec, fx);
	fx->tp.send_fail_once = SCMIA_EIO;
	assert_int_equal(scmia_xfer_submit(x, 0, cb_record, &rec), SCMIA_EIO);
	assert_int_equal(rec.calls, 0);
	fx_stats(&fx->a2p, NULL, NULL, &ni);
	assert_int_equal(ni, 1); /* held by the caller's transfer */
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TX_ERRORS), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_SENT), 0);
	/* a reply carrying its token cannot be the platform's: dropped */
	assert_int_equal(fx_resp(fx, x->hdr, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_EARLY), 1);
	/* no expiry later for a transfer that was never sent */
	fake_os_advance(&fx->os, 100000);
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	assert_int_equal(rec.calls, 0);
	/* the same transfer may be submitted again and completes normally */
	{
		uint32_t h = fx_submit(fx, x, 0, &rec);

		assert_int_equal(scmia_hdr_token(h), tok);
		assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
		assert_int_equal(rec.calls, 1);
		assert_int_equal(rec.result, SCMIA_OK);
	}
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_stats(&fx->a2p, NULL, NULL, &ni);
	assert_int_equal(ni, 0);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);
	(void)fx_roundtrip(fx);
	fx_free(fx);
}

/* A blocking command times out (fake wait runs to the deadline); its late
 * reply is counted LATE, not UNEXPECTED, and does not change the result. */
static void test_token_blocking_timeout_late_reply_counted_late(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint32_t h;

	(void)state;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	h = x->hdr;
	assert_int_equal(fx->tp.n_txdone, 1);
	assert_true(fx->tp.last_txdone_ret < 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	(void)fx_roundtrip(fx);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_monotonic_next_after_last_issued),
		cmocka_unit_test(test_token_header_carries_proto_msg_and_type_command),
		cmocka_unit_test(test_token_table_sizes_are_powers_of_two),
		cmocka_unit_test(test_token_odd_channel_sizes),
		cmocka_unit_test(test_token_skips_in_flight_after_wrap),
		cmocka_unit_test(test_token_wraps_1023_to_0),
		cmocka_unit_test(test_token_holes_at_start_and_end_of_space),
		cmocka_unit_test(test_token_hole_only_at_end_of_space),
		cmocka_unit_test(test_token_hole_only_at_start_of_space),
		cmocka_unit_test(test_token_holes_at_word_boundaries_after_shift),
		cmocka_unit_test(test_token_holes_below_start_after_shift),
		cmocka_unit_test(test_token_timed_out_quarantined_until_space_wraps),
		cmocka_unit_test(test_token_late_reply_not_matched_to_new_command),
		cmocka_unit_test(test_token_late_reply_not_written_into_timed_out_xfer),
		cmocka_unit_test(test_token_never_replied_timeout_does_not_leak),
		cmocka_unit_test(test_token_quarantine_full_gives_up_oldest_counted),
		cmocka_unit_test(test_token_other_ids_do_not_end_quarantine),
		cmocka_unit_test(test_token_fetch_error_quarantines),
		cmocka_unit_test(test_token_reordered_dresp_quarantines),
		cmocka_unit_test(test_token_async_late_dresp_keeps_quarantine),
		cmocka_unit_test(test_token_async_late_resp_keeps_quarantine),
		cmocka_unit_test(test_token_async_resp_then_timeout_owes_dresp),
		cmocka_unit_test(test_token_sync_quarantine_not_ended_by_dresp),
		cmocka_unit_test(test_token_xfer_late_async_owes_dresp),
		cmocka_unit_test(test_token_requarantine_not_given_up_early),
		cmocka_unit_test(test_token_many_timeouts_do_not_exhaust_space),
		cmocka_unit_test(test_token_send_failure_does_not_keep_token_in_flight),
		cmocka_unit_test(test_token_blocking_timeout_late_reply_counted_late),
	};

	return cmocka_run_group_tests_name("unit_tokens", tests, NULL, unit_teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: transfer pools (docs/design.md): get until
 * ENOSLOT, put, double put, put while in flight, slots held by the
 * transport (scmia_xfer_hold) after a timeout, all slots held -> ENOSLOT at
 * once, and nothing of a previous use (status, rx_len) leaking into the
 * next one.
 */
#include <string.h>

#include "fixture.h"

static void test_pool_get_until_enoslot_counts_no_slot(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x[8], *extra = (struct scmia_xfer *)1;
	unsigned i, j, nf, nh;

	(void)state;
	for (i = 0; i < 8; i++) {
		x[i] = fx_get(fx, FX_PROTO, 1);
		for (j = 0; j < i; j++)
			assert_ptr_not_equal(x[i], x[j]);
	}
	fx_stats(&fx->a2p, &nf, &nh, NULL);
	assert_int_equal(nf, 0);
	assert_int_equal(nh, 8);
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 0, &extra), SCMIA_ENOSLOT);
	assert_null(extra);
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 0, &extra), SCMIA_ENOSLOT);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NO_SLOT), 2);
	for (i = 0; i < 8; i++)
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	fx_stats(&fx->a2p, &nf, &nh, NULL);
	assert_int_equal(nf, 8);
	assert_int_equal(nh, 0);
	fx_free(fx);
}

static void test_pool_put_returns_slot_for_reuse(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x[8], *y;
	unsigned i;

	(void)state;
	for (i = 0; i < 8; i++)
		x[i] = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_put(x[5]), SCMIA_OK);
	y = fx_get(fx, FX_PROTO, 1);
	assert_ptr_equal(y, x[5]);
	assert_ptr_equal(scmia_chan_xfer(&fx->a2p, scmia_xfer_index(y)), y);
	for (i = 0; i < 8; i++)
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	fx_free(fx);
}

static void test_pool_double_put_estate(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1), *y;
	unsigned nf;

	(void)state;
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_ESTATE);
	fx_stats(&fx->a2p, &nf, NULL, NULL);
	assert_int_equal(nf, 8); /* not on the free list twice */
	/* a double put after reuse by someone else must not free their slot */
	y = fx_get(fx, FX_PROTO, 1);
	assert_ptr_equal(x, y);
	fx_stats(&fx->a2p, &nf, NULL, NULL);
	assert_int_equal(nf, 7);
	assert_int_equal(scmia_xfer_put(y), SCMIA_OK);
	fx_free(fx);
}

static void test_pool_put_while_in_flight_estate(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint32_t h;

	(void)state;
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(scmia_xfer_put(x), SCMIA_ESTATE);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_pool_submit_twice_estate(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint32_t h;

	(void)state;
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(scmia_xfer_submit(x, 0, cb_record, &rec), SCMIA_ESTATE);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ESTATE);
	assert_int_equal(fx->tp.n_send, 1);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
	/* a completed transfer is not resubmitted without a new get */
	assert_int_equal(scmia_xfer_submit(x, 0, cb_record, &rec), SCMIA_ESTATE);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* nor after put */
	assert_true(scmia_xfer_submit(x, 0, cb_record, &rec) < 0);
	assert_int_equal(fx->tp.n_send, 1);
	fx_free(fx);
}

static void test_pool_held_slot_not_reused_until_unhold(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x[8], *h, *extra = NULL;
	unsigned i, nf, nh;

	(void)state;
	h = fx_get(fx, FX_PROTO, 1);
	scmia_xfer_hold(h);
	assert_int_equal(scmia_xfer_put(h), SCMIA_OK);
	fx_stats(&fx->a2p, &nf, &nh, NULL);
	assert_int_equal(nf, 7);
	assert_int_equal(nh, 1);
	for (i = 0; i < 7; i++) {
		x[i] = fx_get(fx, FX_PROTO, 1);
		assert_ptr_not_equal(x[i], h);
	}
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 0, &extra), SCMIA_ENOSLOT);
	scmia_xfer_unhold(h);
	x[7] = fx_get(fx, FX_PROTO, 1);
	assert_ptr_equal(x[7], h);
	for (i = 0; i < 8; i++)
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	fx_stats(&fx->a2p, &nf, &nh, NULL);
	assert_int_equal(nf, 8);
	fx_free(fx);
}

/* Unhold before put: the caller's reference still keeps the slot. */
static void test_pool_unhold_before_put_keeps_caller_slot(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *h = fx_get(fx, FX_PROTO, 1);
	unsigned nf;

	(void)state;
	scmia_xfer_hold(h);
	scmia_xfer_unhold(h);
	fx_stats(&fx->a2p, &nf, NULL, NULL);
	assert_int_equal(nf, 7);
	assert_int_equal(scmia_xfer_put(h), SCMIA_OK);
	fx_stats(&fx->a2p, &nf, NULL, NULL);
	assert_int_equal(nf, 8);
	fx_free(fx);
}

static int hold_on_send(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	(void)tp;
	(void)chan;
	scmia_xfer_hold(xfer); /* the device owns the buffers until it returns them */
	return 0;
}

/* A virtio-like transport keeps every timed-out slot: once all are held,
 * new requests fail at once with ENOSLOT instead of hanging. */
static void test_pool_all_slots_held_enoslot_not_hang(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_xfer *x[4], *extra = NULL;
	unsigned i, nf, nh;
	uint64_t t0;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 4;
	fx = fx_new(&o);
	fx->tp.on_send = hold_on_send;
	for (i = 0; i < 4; i++) {
		x[i] = fx_get(fx, FX_PROTO, 1);
		assert_int_equal(scmia_xfer_do(x[i], 0), SCMIA_ETIMEDOUT);
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	}
	fx_stats(&fx->a2p, &nf, &nh, NULL);
	assert_int_equal(nf, 0);
	assert_int_equal(nh, 4);
	t0 = fx->os.now;
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 0, &extra), SCMIA_ENOSLOT);
	assert_int_equal(scmia_cmd(&fx->agent, FX_PROTO, 1, NULL, 0, NULL, 0, NULL, 0),
			 SCMIA_ENOSLOT);
	assert_true(fx->os.now == t0); /* no waiting */
	/* the device returns one buffer: that slot is usable again */
	scmia_xfer_unhold(x[2]);
	extra = fx_get(fx, FX_PROTO, 1);
	assert_ptr_equal(extra, x[2]);
	assert_int_equal(scmia_xfer_put(extra), SCMIA_OK);
	for (i = 0; i < 4; i++)
		if (i != 2)
			scmia_xfer_unhold(x[i]);
	fx_stats(&fx->a2p, &nf, &nh, NULL);
	assert_int_equal(nf, 4);
	assert_int_equal(nh, 0);
	fx_free(fx);
}

/* Nothing of a previous use may leak into the next: status, rx_len, the
 * result of a failed fetch. */
static void test_pool_status_and_rx_len_of_previous_use_reset(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct cb_rec rec;
	struct scmia_xfer *x, *y;
	uint8_t pay[16];
	uint32_t h;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 1;
	fx = fx_new(&o);
	memset(pay, 0x77, sizeof(pay));
	x = fx_get(fx, FX_PROTO, 1);
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(fx_resp(fx, h, SCMIA_STATUS_DENIED, pay, 16), SCMIA_OK);
	assert_int_equal(rec.result, SCMIA_E_SCMI_DENIED);
	assert_int_equal(x->status, SCMIA_STATUS_DENIED);
	assert_int_equal(x->rx_len, 16);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 2, 0, 8, &y), SCMIA_OK);
	assert_ptr_equal(x, y);
	assert_int_equal(y->status, 0);
	assert_int_equal(y->rx_len, 0);
	assert_int_equal(y->rx_cap, 8);
	assert_int_equal(y->tx_len, 0);
	assert_int_equal(scmia_hdr_msg_id(y->hdr), 2);
	/* the next use times out: the old DENIED must not show */
	assert_int_equal(scmia_xfer_do(y, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(y->status, 0);
	assert_int_equal(y->rx_len, 0);
	assert_int_equal(scmia_xfer_put(y), SCMIA_OK);

	/* and a use whose fetch fails reports the fetch error, not a status */
	y = fx_get(fx, FX_PROTO, 3);
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, y, 0, &rec);
	{
		struct fake_msg *m = fx_msg(fx, h, SCMIA_STATUS_DENIED, pay, 16);

		m->fetch_ret = SCMIA_ETOOSHORT;
		(void)scmia_rx(&fx->a2p, h, m);
	}
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_ETOOSHORT);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_MALFORMED), 1);
	assert_int_equal(scmia_xfer_put(y), SCMIA_OK);
	fx_free(fx);
}

static void test_pool_get_sizes_bounded_by_msg_size(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = NULL;

	(void)state;
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 65, 0, &x), SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 65, &x), SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0xffffffffu, 0, &x),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 64, 64, &x), SCMIA_OK);
	assert_int_equal(x->tx_len, 64);
	assert_int_equal(x->rx_cap, 64);
	assert_non_null(x->tx_buf);
	assert_non_null(x->rx_buf);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 0, &x), SCMIA_OK);
	assert_int_equal(x->rx_cap, 64); /* 0: the slot's msg_size */
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* nothing was consumed by the refused requests */
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NO_SLOT), 0);
	fx_free(fx);
}

/* A reply longer than rx_cap is clamped to it: no byte past rx_cap is
 * written, even though the slot has room for msg_size. */
static void test_pool_reply_clamped_to_rx_cap(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = NULL;
	uint8_t pay[32];
	uint32_t h;

	(void)state;
	memset(pay, 0x42, sizeof(pay));
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 4, &x), SCMIA_OK);
	memset(x->rx_buf, 0, 64);
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(fx_resp(fx, h, 0, pay, 32), SCMIA_OK);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_int_equal(x->rx_len, 4);
	assert_int_equal(((uint8_t *)x->rx_buf)[3], 0x42);
	assert_int_equal(((uint8_t *)x->rx_buf)[4], 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* Slots of one use are independent: tx buffers do not overlap. */
static void test_pool_slot_buffers_do_not_overlap(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x[8];
	unsigned i, j;

	(void)state;
	for (i = 0; i < 8; i++) {
		assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 64, 64, &x[i]), SCMIA_OK);
		memset(x[i]->tx_buf, (int)i + 1, 64);
		memset(x[i]->rx_buf, (int)i + 0x41, 64);
	}
	for (i = 0; i < 8; i++) {
		for (j = 0; j < 64; j++) {
			assert_int_equal(((uint8_t *)x[i]->tx_buf)[j], i + 1);
			assert_int_equal(((uint8_t *)x[i]->rx_buf)[j], i + 0x41);
		}
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	}
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_get_until_enoslot_counts_no_slot),
		cmocka_unit_test(test_pool_put_returns_slot_for_reuse),
		cmocka_unit_test(test_pool_double_put_estate),
		cmocka_unit_test(test_pool_put_while_in_flight_estate),
		cmocka_unit_test(test_pool_submit_twice_estate),
		cmocka_unit_test(test_pool_held_slot_not_reused_until_unhold),
		cmocka_unit_test(test_pool_unhold_before_put_keeps_caller_slot),
		cmocka_unit_test(test_pool_all_slots_held_enoslot_not_hang),
		cmocka_unit_test(test_pool_status_and_rx_len_of_previous_use_reset),
		cmocka_unit_test(test_pool_get_sizes_bounded_by_msg_size),
		cmocka_unit_test(test_pool_reply_clamped_to_rx_cap),
		cmocka_unit_test(test_pool_slot_buffers_do_not_overlap),
	};

	return cmocka_run_group_tests_name("unit_pool", tests, NULL, unit_teardown);
}

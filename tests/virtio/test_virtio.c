/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-scmi transport against the simulated virtio-scmi device over
 * virtio-mmio, stepped in one thread (vt_env.h): the virtio bug classes of
 * tests/README.md, ring wrap-around, full ring, eventq exhaustion, corrupt used
 * entries, timeouts with buffers the device still owns, teardown and
 * re-probe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "vt_env.h"

static struct vt_env env;

/* ------------------------------------------------------------------ */
/* Bring-up and the basic exchanges                                    */
/* ------------------------------------------------------------------ */

static void test_probe_negotiates(void **state)
{
	struct scmia_sim_virtio_stats st;
	struct vt_opts o = { 0 };
	struct scmia_virtio *vio;

	(void)state;
	/* The device offers SHARED_MEMORY too: refused, not required. */
	o.dev.features = SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1) |
			 SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS) |
			 SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_SHARED_MEMORY);
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	vio = scmia_virtio_mmio_scmi_vio(&env.dev);
	assert_int_equal(scmia_sim_virtio_driver_features(&env.sdev),
			 SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1) |
				 SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS));
	assert_int_equal(scmia_sim_virtio_status(&env.sdev),
			 SCMIA_VIRTIO_STATUS_ACKNOWLEDGE | SCMIA_VIRTIO_STATUS_DRIVER |
				 SCMIA_VIRTIO_STATUS_FEATURES_OK | SCMIA_VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(scmia_virtio_state(vio), SCMIA_VIRTIO_UP);
	/* max_msg = ring / 2, reported through get_max_msg. */
	assert_int_equal(scmia_virtio_max_msg(vio), 8);
	assert_int_equal(scmia_chan_max_msg(&env.a2p), 8);
	assert_int_equal(scmia_chan_max_msg(&env.p2a), 8);
	/* Every eventq buffer pre-posted, nothing notified before DRIVER_OK. */
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	st = vt_dstats(&env);
	assert_int_equal(st.notify_early, 0);
	assert_int_equal(st.violations, 0);
	vt_teardown(&env);
}

static void test_sync_command(void **state)
{
	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 1, 0, 0), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 2, 13, 0), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 3, VT_MSG - 4u, 0), SCMIA_OK);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_REPLIES), 3);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_SENT), 3);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_CMD_USED), 3);
	assert_true(env.irqs >= 3);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(scmia_virtio_cmd_in_device(scmia_virtio_mmio_scmi_vio(&env.dev)), 0);
	vt_teardown(&env);
}

static void test_base_discovery(void **state)
{
	uint8_t rx[64];
	uint32_t n = 0;

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	/* Base PROTOCOL_VERSION (DEN0056 §4.2.2.1): status, le32 version. */
	assert_int_equal(scmia_cmd(&env.agent, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0,
				   rx, sizeof(rx), &n, 0),
			 SCMIA_OK);
	assert_int_equal(n, 4);
	assert_int_equal(scmia_get_le32(rx), 0x20000);
	/* Base DISCOVER_SUB_VENDOR (§4.2.2.5): 16-byte string. */
	assert_int_equal(scmia_cmd(&env.agent, SCMIA_PROTO_BASE, 0x4, NULL, 0, rx, sizeof(rx), &n, 0),
			 SCMIA_OK);
	assert_int_equal(n, 16);
	assert_string_equal((const char *)rx, "virtio");
	/* Unknown message: the platform's NOT_SUPPORTED, mapped one to one. */
	assert_int_equal(scmia_cmd(&env.agent, SCMIA_PROTO_BASE, 0x7f, NULL, 0, rx, sizeof(rx), &n, 0),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	vt_teardown(&env);
}

static void test_async_command(void **state)
{
	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	assert_int_equal(vt_async(&env, 7, 500, 0), SCMIA_OK);
	assert_int_equal(vt_async(&env, 0xdeadbeefu, 0, 0), SCMIA_OK);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_DELAYED_REPLIES), 2);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_REORDERED), 0);
	/* eventq buffers went back to the device after use. */
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_EVENTS), 2);
	assert_int_equal(vt_free_slots(&env), 8);
	vt_teardown(&env);
}

static void test_notifications(void **state)
{
	uint8_t tx[8], rx[8];
	uint32_t first;

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	/* TRIGGER_EVENT src 5, 5 events: more than half of the eventq, less
	 * than all of it. */
	scmia_put_le32(tx, 5);
	scmia_put_le32(tx + 4, 5);
	assert_int_equal(scmia_cmd(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx,
				   8, rx, sizeof(rx), NULL, 0),
			 SCMIA_OK);
	first = scmia_get_le32(rx);
	vt_advance(&env, 10);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_NOTIFICATIONS), 5);
	assert_int_equal(scmia_notify_dispatch(&env.agent, 0), 5);
	assert_int_equal(env.notes, 5);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(env.note_seq[i], first + i);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	vt_teardown(&env);
}

/* ------------------------------------------------------------------ */
/* Out-of-order delivery                                                */
/* ------------------------------------------------------------------ */

struct cb_rec {
	unsigned n;
	int result[VT_SLOTS_MAX];
	struct scmia_xfer *x[VT_SLOTS_MAX];
};

static void rec_cb(void *arg, struct scmia_xfer *xfer, int result)
{
	struct cb_rec *r = (struct cb_rec *)arg;

	if (r->n < VT_SLOTS_MAX) {
		r->x[r->n] = xfer;
		r->result[r->n] = result;
	}
	r->n++;
}

/* Submit an ECHO of @len bytes (pattern from @seed) without waiting. */
static struct scmia_xfer *echo_submit(uint32_t seed, uint32_t len, struct cb_rec *r)
{
	struct scmia_xfer *x;

	assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, len,
					0, &x),
			 SCMIA_OK);
	for (uint32_t i = 0; i < len; i++)
		((uint8_t *)x->tx_buf)[i] = (uint8_t)(seed + i);
	assert_int_equal(scmia_xfer_submit(x, 0, rec_cb, r), SCMIA_OK);
	return x;
}

static void echo_check(struct scmia_xfer *x, uint32_t seed, uint32_t len)
{
	const uint8_t *rx = (const uint8_t *)x->rx_buf;
	uint8_t tx[VT_MSG];

	for (uint32_t i = 0; i < len; i++)
		tx[i] = (uint8_t)(seed + i);
	assert_int_equal(x->rx_len, len + 4u);
	assert_memory_equal(rx, tx, len);
	assert_int_equal(scmia_get_le32(rx + len), scmia_sim_checksum(x->hdr, tx, len));
}

static void test_out_of_order_full_ring(void **state)
{
	struct scmia_xfer *x[8], *extra;
	struct cb_rec r = { 0 };

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	scmia_sim_virtio_hold(&env.sdev, 1);
	/* Fill the ring: 8 commands = 16 descriptors of a 16-entry cmdq. */
	for (unsigned i = 0; i < 8; i++)
		x[i] = echo_submit(i * 16u, 4u + i, &r);
	assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0,
					&extra),
			 SCMIA_ENOSLOT);
	vt_advance(&env, 0);
	assert_int_equal(scmia_sim_virtio_held(&env.sdev, 0), 8);
	assert_int_equal(r.n, 0);
	/* The device completes them newest first. */
	assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 1, 1), 8);
	assert_int_equal(r.n, 8);
	for (unsigned i = 0; i < 8; i++) {
		assert_ptr_equal(r.x[i], x[7 - i]);
		assert_int_equal(r.result[i], SCMIA_OK);
	}
	for (unsigned i = 0; i < 8; i++) {
		echo_check(x[i], i * 16u, 4u + i);
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	}
	assert_int_equal(vt_free_slots(&env), 8);
	scmia_sim_virtio_hold(&env.sdev, 0);
	assert_int_equal(vt_echo(&env, 99, 8, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_ring_wraparound(void **state)
{
	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	/* 300 commands through a 16-entry ring: the avail and used rings
	 * wrap about 40 times, with chains of varying descriptors. */
	for (uint32_t i = 0; i < 300; i++)
		assert_int_equal(vt_echo(&env, i, i % 40u, 0), SCMIA_OK);
	for (uint32_t i = 0; i < 20; i++)
		assert_int_equal(vt_async(&env, i, i * 10u, 0), SCMIA_OK);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_MALFORMED), 0);
	vt_teardown(&env);
}

static void test_dresp_before_resp(void **state)
{
	struct scmia_sim_fault f = { 0 };

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	f.match = SCMIA_SIM_FM_MSG;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ASYNC_WORK;
	f.action = SCMIA_SIM_FA_REORDER;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&env.sim, &f) >= 0);
	/* The delayed response arrives on eventq first: the command ends
	 * with it; the response that follows on cmdq is dropped by the core
	 * (the transport hands it on: the waiter ends the send with
	 * mark_txdone only once it ran). */
	assert_int_equal(vt_async(&env, 42, 0, 0), SCMIA_OK);
	vt_advance(&env, 1000);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_REORDERED), 1);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_INVALID_STATE), 1);
	/* The slot was held until the device gave the buffers back. */
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(vt_echo(&env, 5, 5, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_dresp_for_sync_command(void **state)
{
	struct scmia_xfer *x;
	struct cb_rec r = { 0 };
	uint32_t dhdr;
	uint8_t body[8] = { 0 };

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	scmia_sim_virtio_hold(&env.sdev, 1);
	x = echo_submit(3, 3, &r);
	vt_advance(&env, 0);
	/* An unsolicited delayed response carrying the sync command's token. */
	dhdr = (x->hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
	scmia_sim_virtio_hold(&env.sdev, 0);
	assert_int_equal(scmia_sim_inject(&env.sim, 0, SCMIA_SIM_K_DRESP, dhdr, body, 8, 0), SCMIA_OK);
	vt_advance(&env, 0);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_INVALID_STATE), 1);
	assert_int_equal(r.n, 0);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	/* The command still completes with its own response. */
	assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 1, 0), 1);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.result[0], SCMIA_OK);
	echo_check(x, 3, 3);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	vt_teardown(&env);
}

static void test_resp_and_dresp_together(void **state)
{
	struct scmia_xfer *x;
	struct cb_rec r = { 0 };

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	scmia_sim_virtio_hold(&env.sdev, 1);
	assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 8,
					0, &x),
			 SCMIA_OK);
	scmia_put_le32(x->tx_buf, 11);
	scmia_put_le32((uint8_t *)x->tx_buf + 4, 0);
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, rec_cb, &r), SCMIA_OK);
	vt_advance(&env, 10);
	/* Both are with the agent's queues at once; one interrupt. */
	assert_int_equal(scmia_sim_virtio_held(&env.sdev, 0), 1);
	assert_int_equal(scmia_sim_virtio_held(&env.sdev, 1), 1);
	assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 3, 0), 2);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.result[0], SCMIA_OK);
	assert_int_equal(scmia_get_le32(x->rx_buf), scmia_sim_test_async_value(11));
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_INVALID_STATE), 0);
	assert_int_equal(vt_free_slots(&env), 8);
	vt_teardown(&env);
}

/* Submit an asynchronous ASYNC_WORK of @value (no extra delay). */
static struct scmia_xfer *async_submit(uint32_t value, struct cb_rec *r)
{
	struct scmia_xfer *x;

	assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 8,
					0, &x),
			 SCMIA_OK);
	scmia_put_le32(x->tx_buf, value);
	scmia_put_le32((uint8_t *)x->tx_buf + 4, 0);
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, rec_cb, r), SCMIA_OK);
	return x;
}

/*
 * The simulated platform's corrupted token (CORRUPT_HDR with argument 0,
 * also SPURIOUS and a forgery without a target) is "a token nobody waits
 * for": never one whose answer the device still holds. Such an answer left
 * the engine, but the agent has not seen it: its transfer still waits, and
 * a delayed response with that exact header (same protocol and message) is
 * one no agent can tell from the real one. The soak's virtio rig (stuck
 * device episodes) reported those as misattributed replies.
 */
static void test_swapped_token_spares_held_answer(void **state)
{
	struct scmia_sim_fault f = { 0 };
	struct cb_rec ra = { 0 }, rb = { 0 };
	struct scmia_sim_stats st;
	struct scmia_xfer *a, *b;

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	/* A's response and delayed response wait in the device. */
	scmia_sim_virtio_hold(&env.sdev, 1);
	a = async_submit(11, &ra);
	vt_advance(&env, 10);
	assert_int_equal(scmia_sim_virtio_held(&env.sdev, 0), 1);
	assert_int_equal(scmia_sim_virtio_held(&env.sdev, 1), 1);
	scmia_sim_virtio_hold(&env.sdev, 0);
	/* B's delayed response goes out under a corrupted token. */
	f.match = SCMIA_SIM_FM_MSG;
	f.target = SCMIA_SIM_FT_DRESP;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ASYNC_WORK;
	f.action = SCMIA_SIM_FA_CORRUPT_HDR;
	f.arg = 0;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&env.sim, &f) >= 0);
	b = async_submit(22, &rb);
	vt_advance(&env, 10);
	scmia_sim_stats_get(&env.sim, &st);
	assert_int_equal(st.injected[SCMIA_SIM_FA_CORRUPT_HDR], 1);
	assert_int_equal(ra.n, 0);
	assert_int_equal(rb.n, 0); /* its delayed response went to no transfer */
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	/* A ends with its own answers. */
	assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 3, 0), 2);
	assert_int_equal(ra.n, 1);
	assert_int_equal(ra.result[0], SCMIA_OK);
	assert_int_equal(a->rx_len, 8u);
	assert_int_equal(scmia_get_le32(a->rx_buf), scmia_sim_test_async_value(11));
	assert_int_equal(scmia_get_le32((uint8_t *)a->rx_buf + 4),
			 scmia_sim_checksum(a->hdr, a->tx_buf, 8));
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	/* B times out waiting for its delayed response. */
	vt_advance(&env, 2000000);
	assert_true(scmia_agent_service(&env.agent) >= 0);
	assert_int_equal(rb.n, 1);
	assert_int_equal(rb.result[0], SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
	vt_teardown(&env);
}

/* The same when the device corrupted the used entry of A's delayed
 * response (a length that cannot hold a status: the driver drops it, A
 * still waits for it). */
static void test_swapped_token_spares_dropped_answer(void **state)
{
	struct scmia_sim_fault f = { 0 };
	struct cb_rec ra = { 0 }, rb = { 0 };
	struct scmia_xfer *a, *b;

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	assert_int_equal(scmia_sim_virtio_corrupt(&env.sdev, 1, SCMIA_SIM_VIRTIO_C_BAD_LEN, 3),
			 SCMIA_OK);
	a = async_submit(11, &ra);
	vt_advance(&env, 10);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_EVENT_DROPS), 1);
	assert_int_equal(ra.n, 0);
	f.match = SCMIA_SIM_FM_MSG;
	f.target = SCMIA_SIM_FT_DRESP;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ASYNC_WORK;
	f.action = SCMIA_SIM_FA_CORRUPT_HDR;
	f.arg = 0;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&env.sim, &f) >= 0);
	b = async_submit(22, &rb);
	vt_advance(&env, 10);
	assert_int_equal(ra.n, 0);
	assert_int_equal(rb.n, 0);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	/* Both time out waiting for their delayed responses. */
	vt_advance(&env, 2000000);
	assert_true(scmia_agent_service(&env.agent) >= 0);
	assert_int_equal(ra.n, 1);
	assert_int_equal(ra.result[0], SCMIA_ETIMEDOUT);
	assert_int_equal(rb.n, 1);
	assert_int_equal(rb.result[0], SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
	vt_teardown(&env);
}

/* ------------------------------------------------------------------ */
/* Timeouts: the device keeps the buffers                              */
/* ------------------------------------------------------------------ */

static int slow_cmd(uint32_t ms)
{
	uint8_t tx[4], rx[8];

	scmia_put_le32(tx, ms);
	return scmia_cmd(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx,
			 sizeof(rx), NULL, 0);
}

static void test_default_timeout_is_generous(void **state)
{
	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	assert_int_equal(scmia_virtio_transport.reply_timeout_us, 60000000u);
	/* A device that takes 2 s is still answered in time. */
	env.relax_step_us = 10000;
	assert_int_equal(slow_cmd(2000), SCMIA_OK);
	vt_teardown(&env);
}

static void test_timeout_late_response(void **state)
{
	struct vt_opts o = { 0 };

	(void)state;
	o.reply_timeout_us = 10000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(slow_cmd(50), SCMIA_ETIMEDOUT);
	/* The device still owns the buffers: the slot stays out of the pool. */
	assert_int_equal(scmia_virtio_cmd_in_device(scmia_virtio_mmio_scmi_vio(&env.dev)), 1);
	assert_int_equal(vt_free_slots(&env), 7);
	/* Other commands go on meanwhile, on other slots. */
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(vt_echo(&env, i, 4, 0), SCMIA_OK);
	assert_int_equal(vt_free_slots(&env), 7);
	assert_int_equal(scmia_chan_quarantined(&env.a2p), 1);
	/* The late response: dropped, counted, the slot comes back, and the
	 * token's quarantine ends (its answer can no longer come). */
	vt_advance(&env, 60000);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_LATE), 1);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_TIMEOUTS), 1);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(scmia_chan_quarantined(&env.a2p), 0);
	assert_int_equal(scmia_virtio_cmd_in_device(scmia_virtio_mmio_scmi_vio(&env.dev)), 0);
	vt_teardown(&env);
}

/* The late response comes back while the caller still has the timed-out
 * transfer: nothing is owed any more, so its put quarantines nothing. */
static void test_timeout_late_response_before_put(void **state)
{
	struct vt_opts o = { 0 };
	struct scmia_xfer *x;

	(void)state;
	o.reply_timeout_us = 10000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, 4, 8,
					&x),
			 SCMIA_OK);
	scmia_put_le32(x->tx_buf, 50);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	vt_advance(&env, 60000);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_LATE), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_chan_quarantined(&env.a2p), 0);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(vt_echo(&env, 1, 4, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_all_slots_held(void **state)
{
	struct vt_opts o = { 0 };
	struct scmia_xfer *x;

	(void)state;
	o.reply_timeout_us = 1000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(slow_cmd(100), SCMIA_ETIMEDOUT);
	/* Every slot is held by the device: a clear error, never a hang. */
	assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0,
					&x),
			 SCMIA_ENOSLOT);
	assert_int_equal(vt_free_slots(&env), 0);
	assert_int_equal(scmia_chan_quarantined(&env.a2p), 8);
	vt_advance(&env, 200000);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_LATE_REPLIES), 8);
	assert_int_equal(scmia_chan_quarantined(&env.a2p), 0);
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_timeout_late_dresp(void **state)
{
	struct vt_opts o = { 0 };

	(void)state;
	o.dresp_timeout_us = 20000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(vt_async(&env, 1, 100000, 0), SCMIA_ETIMEDOUT);
	/* The response came back: the slot is free, only the token waits. */
	assert_int_equal(vt_free_slots(&env), 8);
	vt_advance(&env, 200000);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_DELAYED_REPLIES), 0);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	assert_int_equal(vt_async(&env, 2, 0, 0), SCMIA_OK);
	vt_teardown(&env);
}

/* ------------------------------------------------------------------ */
/* Bad used entries                                                     */
/* ------------------------------------------------------------------ */

static void test_used_unknown_id(void **state)
{
	static const uint32_t bad_ids[] = { 16, 17, 1000, 0xffffffffu, 1, 3 };

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	/* Out of range, and in range but not the head of a chain in flight
	 * (1 and 3: second descriptors / nothing in flight). */
	for (unsigned i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++)
		assert_int_equal(scmia_sim_virtio_raw_used(&env.sdev, 0, bad_ids[i], 8), SCMIA_OK);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_BAD_ID), 6);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_MALFORMED), 6);
	/* Same on eventq. */
	assert_int_equal(scmia_sim_virtio_raw_used(&env.sdev, 1, 8, 8), SCMIA_OK);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_BAD_ID), 7);
	/* A real command whose used entry names another id: never matched to
	 * it; its slot stays with the device until a reset. */
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_BAD_ID, 5);
	assert_int_equal(scmia_chan_set_timeouts(&env.a2p, 5000, 0), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_BAD_ID), 8);
	assert_int_equal(vt_free_slots(&env), 7);
	/* Still usable. */
	assert_int_equal(vt_echo(&env, 2, 2, 0), SCMIA_OK);
	assert_int_equal(vt_async(&env, 3, 0, 0), SCMIA_OK);
	assert_int_equal(scmia_virtio_state(scmia_virtio_mmio_scmi_vio(&env.dev)), SCMIA_VIRTIO_UP);
	vt_teardown(&env);
}

static void test_used_duplicate(void **state)
{
	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_DUP, 0);
	assert_int_equal(vt_echo(&env, 1, 9, 0), SCMIA_OK);
	/* The second copy names a chain that is no longer in flight. */
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_BAD_ID), 1);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(vt_echo(&env, 2, 9, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_used_bad_length(void **state)
{
	static const uint32_t lens[] = { 0, 2, 3, SCMIA_VIRTIO_RESP_SIZE + 1u, 0x7fffffffu,
					 0xffffffffu };

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_BAD_LEN, lens[i]);
		assert_int_equal(vt_echo(&env, i, 6, 0), SCMIA_EMALFORMED);
	}
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_BAD_LEN), 6);
	/* 4..7 bytes: a header but no status: too short. */
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_BAD_LEN, 7);
	assert_int_equal(vt_echo(&env, 1, 6, 0), SCMIA_ETOOSHORT);
	/* Exactly the status: an empty payload, which ECHO finds short. */
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_BAD_LEN, 8);
	assert_int_equal(vt_echo(&env, 1, 6, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(vt_free_slots(&env), 8);
	/* eventq: impossible lengths are dropped, the buffer re-posted. */
	scmia_sim_virtio_corrupt(&env.sdev, 1, SCMIA_SIM_VIRTIO_C_BAD_LEN, 3);
	scmia_sim_virtio_corrupt(&env.sdev, 1, SCMIA_SIM_VIRTIO_C_BAD_LEN,
				 SCMIA_VIRTIO_RESP_SIZE + 8u);
	assert_int_equal(scmia_chan_set_timeouts(&env.a2p, 0, 10000), SCMIA_OK);
	assert_int_equal(vt_async(&env, 1, 0, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(vt_async(&env, 2, 0, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_EVENT_DROPS), 2);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	assert_int_equal(vt_async(&env, 3, 0, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_response_header_not_echoed(void **state)
{
	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	/* token bit, type bits, reserved bits, message id. */
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_HDR_XOR, 1u << 18);
	assert_int_equal(vt_echo(&env, 1, 4, 0), SCMIA_EMALFORMED);
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_HDR_XOR, 2u << 8);
	assert_int_equal(vt_echo(&env, 2, 4, 0), SCMIA_EMALFORMED);
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_HDR_XOR, 1u << 28);
	assert_int_equal(vt_echo(&env, 3, 4, 0), SCMIA_EMALFORMED);
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_HDR_XOR, 1u);
	assert_int_equal(vt_echo(&env, 4, 4, 0), SCMIA_EMALFORMED);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_BAD_HDR), 4);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(vt_echo(&env, 5, 4, 0), SCMIA_OK);
	/* armed and disarmed before any used entry took them: nothing happens */
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_HDR_XOR, 1u);
	scmia_sim_virtio_corrupt(&env.sdev, 1, SCMIA_SIM_VIRTIO_C_BAD_LEN, 3);
	assert_int_equal(scmia_sim_virtio_corrupt_clear(&env.sdev), 2);
	assert_int_equal(scmia_sim_virtio_corrupt_clear(&env.sdev), 0);
	assert_int_equal(scmia_sim_virtio_corrupt_clear(NULL), 0);
	assert_int_equal(vt_echo(&env, 6, 4, 0), SCMIA_OK);
	assert_int_equal(vt_async(&env, 7, 0, 0), SCMIA_OK);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_BAD_HDR), 4);
	vt_teardown(&env);
}

static void test_used_index_jump(void **state)
{
	struct vt_opts o = { 0 };
	struct scmia_virtio *vio;

	(void)state;
	o.reply_timeout_us = 5000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	vio = scmia_virtio_mmio_scmi_vio(&env.dev);
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_OK);
	/* The used index moves 200 entries at once: more than the device
	 * can own. The ring is broken; nothing past it is read. */
	scmia_sim_virtio_corrupt(&env.sdev, 0, SCMIA_SIM_VIRTIO_C_IDX_JUMP, 200);
	assert_int_equal(vt_echo(&env, 2, 2, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(env.irq_err, SCMIA_EPROTO);
	assert_int_equal(scmia_virtio_state(vio), SCMIA_VIRTIO_BROKEN);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_RING_BROKEN), 1);
	assert_true(vt_cnt(&env, SCMIA_CNT_MALFORMED) >= 1);
	/* Sends fail at once now. */
	assert_int_equal(vt_echo(&env, 3, 3, 0), SCMIA_EIO);
	/* Reset and re-probe: the open channels work again. */
	assert_int_equal(scmia_virtio_mmio_scmi_remove(&env.dev), SCMIA_OK);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(scmia_virtio_mmio_scmi_probe(&env.dev, NULL), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 4, 4, 0), SCMIA_OK);
	assert_int_equal(vt_async(&env, 5, 0, 0), SCMIA_OK);
	vt_teardown(&env);
}

/* ------------------------------------------------------------------ */
/* eventq                                                              */
/* ------------------------------------------------------------------ */

static void test_eventq_exhaustion(void **state)
{
	struct scmia_sim_stats ss;
	uint8_t tx[8];

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	/* The agent does not see the used entries for a while: after 8
	 * notifications the device has no buffer and drops the rest. */
	scmia_sim_virtio_hold(&env.sdev, 1);
	scmia_put_le32(tx, 1);
	scmia_put_le32(tx + 4, 12);
	assert_int_equal(scmia_sim_command(&env.sim,
					   scmia_hdr_pack(SCMIA_SIM_TEST_TRIGGER_EVENT, 0,
							  SCMIA_SIM_TEST_PROTO, 0),
					   tx, 8),
			 SCMIA_OK);
	for (unsigned i = 0; i < 20; i++)
		vt_advance(&env, 1000);
	scmia_sim_stats_get(&env.sim, &ss);
	assert_int_equal(ss.notify_drops, 4);
	assert_true(vt_dstats(&env).event_no_buf >= 4);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 0);
	scmia_sim_virtio_hold(&env.sdev, 0);
	assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 2, 0), 8);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_NOTIFICATIONS), 8);
	assert_int_equal(scmia_notify_dispatch(&env.agent, 0), 8);
	/* Every buffer went back. */
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	vt_teardown(&env);
}

static void test_dresp_waits_for_eventq_buffer(void **state)
{
	struct scmia_xfer *x;
	struct cb_rec r = { 0 };
	uint8_t tx[8];

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	/* Eat every eventq buffer with notifications held by the device. */
	scmia_sim_virtio_hold(&env.sdev, 1);
	scmia_put_le32(tx, 1);
	scmia_put_le32(tx + 4, 8);
	scmia_sim_command(&env.sim,
			  scmia_hdr_pack(SCMIA_SIM_TEST_TRIGGER_EVENT, 0, SCMIA_SIM_TEST_PROTO, 0), tx,
			  8);
	vt_advance(&env, 10);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 0);
	scmia_sim_virtio_hold(&env.sdev, 0);
	/* A delayed response must still arrive: the device retries. */
	assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 8,
					0, &x),
			 SCMIA_OK);
	scmia_put_le32(x->tx_buf, 77);
	scmia_put_le32((uint8_t *)x->tx_buf + 4, 0);
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, rec_cb, &r), SCMIA_OK);
	vt_advance(&env, 10);
	vt_advance(&env, 500);
	assert_int_equal(r.n, 0);
	assert_true(vt_dstats(&env).event_no_buf >= 1);
	assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 3, 0), 8);
	vt_advance(&env, 500);
	vt_advance(&env, 500);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.result[0], SCMIA_OK);
	assert_int_equal(scmia_get_le32(x->rx_buf), scmia_sim_test_async_value(77));
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	vt_teardown(&env);
}

/* ------------------------------------------------------------------ */
/* Polling                                                             */
/* ------------------------------------------------------------------ */

static void test_poll_per_call(void **state)
{
	struct vt_opts o = { 0 };

	(void)state;
	/* No interrupt line reaches the agent; the channel is interrupt
	 * driven, so only a caller that polls the used ring completes. */
	o.no_irq = 1;
	o.reply_timeout_us = 5000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(vt_echo(&env, i, i, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_int_equal(env.irqs, 0);
	assert_int_equal(vt_echo(&env, 20, 2, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(vt_free_slots(&env), 7);
	/* The next polling caller takes the late response and drops it. */
	assert_int_equal(vt_echo(&env, 21, 2, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_LATE), 1);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(vt_free_slots(&env), 8);
	vt_teardown(&env);
}

static void test_poll_async(void **state)
{
	struct vt_opts o = { 0 };

	(void)state;
	/* No interrupt at all: while a polling caller waits for a delayed
	 * response, the core polls eventq through the transport's rx_poll. */
	o.no_irq = 1;
	o.completion = SCMIA_COMPLETION_POLL;
	o.dresp_timeout_us = 100000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(vt_async(&env, i, i * 100u, 0), SCMIA_OK);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_DELAYED_REPLIES), 5);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	/* Per call too, on an interrupt-driven channel without interrupts. */
	vt_teardown(&env);
	o.completion = 0;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(vt_async(&env, 9, 300, SCMIA_XFER_F_POLL), SCMIA_OK);
	vt_teardown(&env);
}

static void test_service_drives_everything(void **state)
{
	struct vt_opts o = { 0 };
	struct cb_rec r = { 0 };
	struct scmia_xfer *e, *a;
	uint8_t tx[8];

	(void)state;
	/* A host with no interrupt and no waiting thread: one periodic
	 * scmia_agent_service() call completes commands, delayed responses
	 * and takes notifications. */
	o.no_irq = 1;
	o.completion = SCMIA_COMPLETION_POLL;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	e = echo_submit(5, 6, &r);
	assert_int_equal(scmia_xfer_get(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 8,
					0, &a),
			 SCMIA_OK);
	scmia_put_le32(a->tx_buf, 31);
	scmia_put_le32((uint8_t *)a->tx_buf + 4, 2000);
	assert_int_equal(scmia_xfer_submit(a, SCMIA_XFER_F_ASYNC, rec_cb, &r), SCMIA_OK);
	scmia_put_le32(tx, 4);
	scmia_put_le32(tx + 4, 3);
	scmia_sim_command(&env.sim,
			  scmia_hdr_pack(SCMIA_SIM_TEST_TRIGGER_EVENT, 0, SCMIA_SIM_TEST_PROTO, 0), tx,
			  8);
	for (unsigned i = 0; i < 50 && r.n < 2; i++) {
		vt_advance(&env, 100);
		assert_true(scmia_agent_service(&env.agent) >= 0);
	}
	assert_int_equal(r.n, 2);
	assert_int_equal(r.result[0], SCMIA_OK);
	assert_int_equal(r.result[1], SCMIA_OK);
	echo_check(e, 5, 6);
	assert_int_equal(scmia_get_le32(a->rx_buf), scmia_sim_test_async_value(31));
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_NOTIFICATIONS), 3);
	assert_int_equal(scmia_notify_dispatch(&env.agent, 0), 3);
	assert_int_equal(scmia_xfer_put(e), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(env.irqs, 0);
	vt_teardown(&env);
}

static void test_poll_no_interrupt(void **state)
{
	struct vt_opts o = { 0 };

	(void)state;
	o.no_irq = 1;
	o.completion = SCMIA_COMPLETION_POLL;
	o.reply_timeout_us = 20000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	for (unsigned i = 0; i < 30; i++)
		assert_int_equal(vt_echo(&env, i, i, 0), SCMIA_OK);
	assert_int_equal(env.irqs, 0);
	assert_int_equal(slow_cmd(100), SCMIA_ETIMEDOUT);
	/* The late response is found by the next poll and dropped. */
	env.now += 200000;
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_OK);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_LATE), 1);
	assert_int_equal(vt_free_slots(&env), 8);
	vt_teardown(&env);
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static void test_not_ready_before_probe(void **state)
{
	struct scmia_agent_cfg ac = { 0 };
	struct vt_opts o = { 0 };

	(void)state;
	o.no_agent = 1;
	o.dev.reset_stuck = 1; /* the probe fails: the device never comes up */
	assert_int_equal(vt_setup(&env, &o), SCMIA_EIO);
	ac.transport = &scmia_virtio_transport;
	ac.transport_ctx = scmia_virtio_mmio_scmi_vio(&env.dev);
	assert_int_equal(scmia_agent_init(&env.agent, &ac), SCMIA_EAGAIN);
	env.probe_ret = 1; /* nothing to remove */
	vt_teardown(&env);
}

static void test_dedicated_channel_refused(void **state)
{
	struct scmia_chan_cfg cc = { 0 };
	struct scmia_chan ch;
	SCMIA_CHAN_MEM_DEFINE(mem, 4, VT_MSG);

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	cc.dir = SCMIA_CHAN_A2P;
	cc.proto_id = SCMIA_PROTO_CLOCK;
	cc.max_msg = 4;
	cc.mem = mem;
	cc.mem_size = sizeof(mem);
	assert_int_equal(scmia_chan_open(&env.agent, &ch, &cc), SCMIA_ENOTSUP);
	/* More slots than the ring allows. */
	assert_int_equal(scmia_chan_close(&env.p2a), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&env.a2p), SCMIA_OK);
	cc.proto_id = 0;
	cc.max_msg = 9;
	cc.mem = env.a2p_mem;
	cc.mem_size = sizeof(env.a2p_mem);
	assert_int_equal(scmia_chan_open(&env.agent, &env.a2p, &cc), SCMIA_EINVAL);
	cc.max_msg = 8;
	assert_int_equal(scmia_chan_open(&env.agent, &env.a2p, &cc), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_teardown_in_flight(void **state)
{
	struct cb_rec r = { 0 };
	struct scmia_xfer *x[3];
	struct scmia_sim_virtio_stats st;

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	scmia_sim_virtio_hold(&env.sdev, 1);
	for (unsigned i = 0; i < 3; i++)
		x[i] = echo_submit(i, 4, &r);
	vt_advance(&env, 10);
	assert_int_equal(scmia_sim_virtio_held(&env.sdev, 0), 3);
	/* Agent teardown with three commands the device owns. */
	assert_int_equal(scmia_agent_deinit(&env.agent), SCMIA_OK);
	env.agent_up = 0;
	assert_int_equal(r.n, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_ptr_equal(r.x[i], x[i]);
		assert_int_equal(r.result[i], SCMIA_ECANCELED);
	}
	/* The device returns the buffers after the channels are gone:
	 * nothing is delivered. */
	scmia_sim_virtio_hold(&env.sdev, 0);
	assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 1, 0), 3);
	assert_int_equal(r.n, 3);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_LATE), 3);
	assert_int_equal(scmia_virtio_cmd_in_device(scmia_virtio_mmio_scmi_vio(&env.dev)), 0);
	/* Device reset, then the sim still emits what it had queued. */
	assert_int_equal(scmia_virtio_mmio_scmi_remove(&env.dev), SCMIA_OK);
	vt_advance(&env, 100000);
	st = vt_dstats(&env);
	assert_int_equal(st.resets >= 1, 1);
	/* Re-probe and a fresh agent. */
	assert_int_equal(scmia_virtio_mmio_scmi_probe(&env.dev, NULL), SCMIA_OK);
	assert_int_equal(vt_agent_up(&env), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 7, 7, 0), SCMIA_OK);
	assert_int_equal(vt_async(&env, 7, 0, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_device_reset_in_flight(void **state)
{
	struct cb_rec r = { 0 };
	struct scmia_xfer *x[2];
	struct scmia_virtio *vio;

	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	vio = scmia_virtio_mmio_scmi_vio(&env.dev);
	scmia_sim_virtio_hold(&env.sdev, 1);
	x[0] = echo_submit(1, 4, &r);
	x[1] = echo_submit(2, 4, &r);
	vt_advance(&env, 10);
	/* The host resets the device with the agent up. */
	assert_int_equal(scmia_virtio_mmio_scmi_remove(&env.dev), SCMIA_OK);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.result[0], SCMIA_ECANCELED);
	assert_int_equal(r.result[1], SCMIA_ECANCELED);
	assert_int_equal(vt_vcnt(&env, SCMIA_VIRTIO_CNT_CANCELED), 2);
	assert_int_equal(scmia_xfer_put(x[0]), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x[1]), SCMIA_OK);
	assert_int_equal(vt_free_slots(&env), 8);
	assert_int_equal(scmia_virtio_state(vio), SCMIA_VIRTIO_DOWN);
	/* Down: "try again". Nothing the device had is delivered. */
	assert_int_equal(vt_echo(&env, 3, 3, 0), SCMIA_EAGAIN);
	scmia_sim_virtio_hold(&env.sdev, 0);
	assert_int_equal(scmia_sim_virtio_flush(&env.sdev, 3, 0), 0);
	assert_int_equal(r.n, 2);
	/* Re-probe: the same channels work again. */
	assert_int_equal(scmia_virtio_mmio_scmi_probe(&env.dev, NULL), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 4, 4, 0), SCMIA_OK);
	assert_int_equal(vt_async(&env, 4, 0, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_needs_reset(void **state)
{
	struct vt_opts o = { 0 };

	(void)state;
	o.reply_timeout_us = 5000;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	scmia_sim_virtio_interrupt(&env.sdev, 1);
	assert_int_equal(env.irq_err, SCMIA_EPROTO);
	assert_int_equal(scmia_virtio_state(scmia_virtio_mmio_scmi_vio(&env.dev)),
			 SCMIA_VIRTIO_BROKEN);
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_EIO);
	assert_int_equal(scmia_virtio_mmio_scmi_remove(&env.dev), SCMIA_OK);
	assert_int_equal(scmia_virtio_mmio_scmi_probe(&env.dev, NULL), SCMIA_OK);
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_OK);
	vt_teardown(&env);
}

static void test_spurious_interrupt(void **state)
{
	(void)state;
	assert_int_equal(vt_setup(&env, NULL), SCMIA_OK);
	scmia_sim_virtio_interrupt(&env.sdev, 0);
	assert_int_equal(env.irq_err, 0);
	assert_int_equal(vt_cnt(&env, SCMIA_CNT_MALFORMED), 0);
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_OK);
	vt_teardown(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_negotiates),
		cmocka_unit_test(test_sync_command),
		cmocka_unit_test(test_base_discovery),
		cmocka_unit_test(test_async_command),
		cmocka_unit_test(test_notifications),
		cmocka_unit_test(test_out_of_order_full_ring),
		cmocka_unit_test(test_ring_wraparound),
		cmocka_unit_test(test_dresp_before_resp),
		cmocka_unit_test(test_dresp_for_sync_command),
		cmocka_unit_test(test_resp_and_dresp_together),
		cmocka_unit_test(test_swapped_token_spares_held_answer),
		cmocka_unit_test(test_swapped_token_spares_dropped_answer),
		cmocka_unit_test(test_default_timeout_is_generous),
		cmocka_unit_test(test_timeout_late_response),
cmocka_unit_test(test_timeout_late_response_before_put),
		cmocka_unit_test(test_all_slots_held),
		cmocka_unit_test(test_timeout_late_dresp),
		cmocka_unit_test(test_used_unknown_id),
		cmocka_unit_test(test_used_duplicate),
		cmocka_unit_test(test_used_bad_length),
		cmocka_unit_test(test_response_header_not_echoed),
		cmocka_unit_test(test_used_index_jump),
		cmocka_unit_test(test_eventq_exhaustion),
		cmocka_unit_test(test_dresp_waits_for_eventq_buffer),
		cmocka_unit_test(test_poll_per_call),
		cmocka_unit_test(test_poll_async),
		cmocka_unit_test(test_service_drives_everything),
		cmocka_unit_test(test_poll_no_interrupt),
		cmocka_unit_test(test_not_ready_before_probe),
		cmocka_unit_test(test_dedicated_channel_refused),
		cmocka_unit_test(test_teardown_in_flight),
		cmocka_unit_test(test_device_reset_in_flight),
		cmocka_unit_test(test_needs_reset),
		cmocka_unit_test(test_spurious_interrupt),
	};

	return cmocka_run_group_tests_name("virtio", tests, NULL, NULL);
}

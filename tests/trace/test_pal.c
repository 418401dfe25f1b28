/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The compliance suite's abstraction layer over the raw API
 * (examples/scmi-pal; label "trace"): the calls scmi-tests makes, in the
 * order it makes them, against the simulated platform in virtual time.
 * Headers come back with the suite's token; standard asynchronous
 * commands are recognised from their flags, vendor ones through the
 * hook; delayed responses and notifications arrive through their own
 * calls; local failures read as COMMS_ERROR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ienv.h"
#include "scmia/raw.h"
#include "scmia/proto/clock.h"
#include "scmia_pal.h"
#include "scmia_sim_pb.h"

#define NENT 16u
#define ESIZE (4u + IENV_MSG_SIZE)

static struct scmia_raw g_raw;
static struct scmia_raw_entry g_ent[NENT];
static uint8_t g_buf[NENT * ESIZE];
static struct ienv_wait g_wobj;
static struct scmia_sim_clocks g_clocks;
static struct scmia_pal_cfg g_cfg;
static uint32_t g_rv[64];

static int vendor_async(uint32_t hdr, size_t n, const uint32_t *p)
{
	(void)n;
	(void)p;
	return scmia_hdr_proto_id(hdr) == SCMIA_SIM_TEST_PROTO &&
	       scmia_hdr_msg_id(hdr) == SCMIA_SIM_TEST_ASYNC_WORK;
}

static struct ienv *start(void)
{
	struct ienv *e = ienv_start(NULL);
	struct scmia_raw_cfg rc;

	memset(&g_clocks, 0, sizeof(g_clocks));
	assert_int_equal(scmia_sim_clock_register(&e->sim, &g_clocks), SCMIA_OK);
	memset(&rc, 0, sizeof(rc));
	memset(&g_wobj, 0, sizeof(g_wobj));
	rc.entries = g_ent;
	rc.n_entries = NENT;
	rc.entry_size = ESIZE;
	rc.buf = g_buf;
	rc.flags = SCMIA_RAW_F_NOTIFICATIONS;
	rc.wait_obj = &g_wobj;
	assert_int_equal(scmia_raw_attach(&g_raw, &e->agent, &rc), SCMIA_OK);
	memset(&g_cfg, 0, sizeof(g_cfg));
	g_cfg.raw = &g_raw;
	g_cfg.reply_timeout_us = 50000;
	g_cfg.dresp_timeout_us = 50000;
	g_cfg.notif_timeout_us = 50000;
	g_cfg.is_async = vendor_async;
	assert_int_equal(pal_initialize_system(&g_cfg), 0);
	return e;
}

static void stop(struct ienv *e)
{
	ienv_drain(e, 100000);
	(void)scmia_notify_dispatch(&e->agent, 0);
	assert_int_equal(scmia_raw_detach(&g_raw), SCMIA_OK);
	ienv_assert_no_leak(e);
}

static uint32_t hdr(uint8_t proto, uint8_t msg, uint32_t token)
{
	return scmia_hdr_pack(msg, SCMIA_MSG_TYPE_COMMAND, proto, token);
}

static void test_pal_initialize(void **state)
{
	struct scmia_pal_cfg bad;

	(void)state;
	memset(&bad, 0, sizeof(bad));
	assert_int_equal(pal_initialize_system(NULL), 1);
	assert_int_equal(pal_initialize_system(&bad), 1); /* no raw queue */
}

/* Base discovery as the suite starts: version, attributes, an unknown
 * message, a message id nobody implements. Headers come back with the
 * suite's own token. */
static void test_pal_base_discovery(void **state)
{
	struct ienv *e = start();
	uint32_t rh = 0, param;
	int32_t st = 1;
	size_t n = 99;

	(void)state;
	pal_send_message(hdr(SCMIA_PROTO_BASE, 0x0, 0x15), 0, NULL, &rh, &st, &n, g_rv);
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	assert_int_equal(rh, hdr(SCMIA_PROTO_BASE, 0x0, 0x15));
	assert_int_equal(n, 1);
	assert_int_equal(g_rv[0], scmia_sim_proto_version(&e->sim, SCMIA_PROTO_BASE));

	pal_send_message(hdr(SCMIA_PROTO_BASE, 0x1, 0x3ff), 0, NULL, &rh, &st, &n, g_rv);
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	assert_int_equal(scmia_hdr_token(rh), 0x3ff);
	assert_int_equal(n, 1); /* PROTOCOL_ATTRIBUTES: one word */

	param = 0x33; /* PROTOCOL_MESSAGE_ATTRIBUTES of a message that does not exist */
	pal_send_message(hdr(SCMIA_PROTO_BASE, 0x2, 1), 1, &param, &rh, &st, &n, g_rv);
	assert_int_equal(st, SCMIA_STATUS_NOT_FOUND);
	assert_int_equal(n, 0);

	pal_send_message(hdr(SCMIA_PROTO_BASE, 0x7e, 2), 0, NULL, &rh, &st, &n, g_rv);
	assert_int_equal(st, SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(rh, hdr(SCMIA_PROTO_BASE, 0x7e, 2));
	stop(e);
}

/* CLOCK_RATE_SET with the async flag: the layer knows it gets a delayed
 * response, which arrives through pal_receive_delayed_response(). */
static void test_pal_clock_async_rate_set(void **state)
{
	struct ienv *e = start();
	uint32_t p[4] = { 1u /* async */, 2u /* ddr */, 800000000u, 0 };
	uint32_t rh = 0;
	int32_t st = 1;
	size_t n = 99;

	(void)state;
	pal_send_message(hdr(SCMIA_PROTO_CLOCK, SCMIA_CLOCK_RATE_SET, 7), 4, p, &rh, &st, &n,
			 g_rv);
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	assert_int_equal(n, 0);
	pal_receive_delayed_response(&rh, &st, &n, g_rv);
	assert_int_equal(rh, scmia_hdr_pack(SCMIA_CLOCK_RATE_SET, SCMIA_MSG_TYPE_DELAYED_RESP,
					    SCMIA_PROTO_CLOCK, 7));
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	assert_int_equal(n, 3);
	assert_int_equal(g_rv[0], 2);
	assert_int_equal(g_rv[1], 800000000u);
	assert_int_equal(g_rv[2], 0);
	/* the same without the flag: no delayed response is waited for */
	p[0] = 0;
	p[2] = 400000000u;
	pal_send_message(hdr(SCMIA_PROTO_CLOCK, SCMIA_CLOCK_RATE_SET, 8), 4, p, &rh, &st, &n,
			 g_rv);
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_DELAYED_REPLIES), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 0);
	stop(e);
}

/* A vendor command with a delayed response, through the layer's hook. */
static void test_pal_vendor_async_through_hook(void **state)
{
	struct ienv *e = start();
	uint32_t p[2] = { 9, 3000 };
	uint32_t rh = 0;
	int32_t st = 1;
	size_t n = 0;

	(void)state;
	pal_send_message(hdr(SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 0x100), 2, p, &rh,
			 &st, &n, g_rv);
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	pal_receive_delayed_response(&rh, &st, &n, g_rv);
	assert_int_equal(scmia_hdr_type(rh), SCMIA_MSG_TYPE_DELAYED_RESP);
	assert_int_equal(scmia_hdr_token(rh), 0x100);
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	assert_int_equal(n, 2);
	assert_int_equal(g_rv[0], scmia_sim_test_async_value(9));
	stop(e);
}

static void test_pal_notification(void **state)
{
	struct ienv *e = start();
	uint32_t p[2] = { 3, 1 };
	uint32_t rh = 0;
	int32_t st = 1;
	size_t n = 0;

	(void)state;
	pal_send_message(hdr(SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, 4), 2, p, &rh,
			 &st, &n, g_rv);
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	assert_int_equal(n, 1);
	p[0] = g_rv[0]; /* first sequence number */
	pal_receive_notification(&rh, &n, g_rv);
	assert_int_equal(scmia_hdr_type(rh), SCMIA_MSG_TYPE_NOTIFICATION);
	assert_int_equal(scmia_hdr_proto_id(rh), SCMIA_SIM_TEST_PROTO);
	assert_int_equal(scmia_hdr_msg_id(rh), SCMIA_SIM_TEST_EVT);
	assert_int_equal(n, 3);
	assert_int_equal(g_rv[1], 3);
	assert_int_equal(g_rv[2], p[0]);
	/* nothing more: the call gives up after its timeout */
	pal_receive_notification(&rh, &n, g_rv);
	assert_int_equal(rh, 0);
	assert_int_equal(n, 0);
	stop(e);
}

/* No response in time, no delayed response: COMMS_ERROR, and the layer
 * goes on. */
static void test_pal_local_failures_are_comms_error(void **state)
{
	struct ienv *e = start();
	uint32_t p[2] = { 5, 0 };
	uint32_t rh = 0;
	int32_t st = 0;
	size_t n = 7;

	(void)state;
	(void)ienv_fault(e, SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP,
			 SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 1, 0);
	pal_send_message(hdr(SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 9), 2, p, &rh, &st, &n,
			 g_rv);
	assert_int_equal(st, SCMIA_STATUS_COMMS_ERROR);
	assert_int_equal(n, 0);
	assert_int_equal(rh, hdr(SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 9));
	pal_receive_delayed_response(&rh, &st, &n, g_rv);
	assert_int_equal(st, SCMIA_STATUS_COMMS_ERROR);
	/* the next command works */
	pal_send_message(hdr(SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 10), 2, p, &rh, &st, &n,
			 g_rv);
	assert_int_equal(st, SCMIA_STATUS_SUCCESS);
	assert_int_equal(n, 3);
	assert_int_equal(g_rv[0], 5);
	stop(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pal_initialize),
		cmocka_unit_test_teardown(test_pal_base_discovery, ienv_teardown),
		cmocka_unit_test_teardown(test_pal_clock_async_rate_set, ienv_teardown),
		cmocka_unit_test_teardown(test_pal_vendor_async_through_hook, ienv_teardown),
		cmocka_unit_test_teardown(test_pal_notification, ienv_teardown),
		cmocka_unit_test_teardown(test_pal_local_failures_are_comms_error, ienv_teardown),
	};

	return cmocka_run_group_tests_name("trace_pal", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reset domain management protocol (0x16) helpers. Vectors written by hand
 * from DEN0056 §4.8 (Reset domain protocol v1.0 and v3.0 layouts),
 * including the asynchronous RESET and its delayed response RESET_COMPLETE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/reset.h"

#define RST 0x16u

static struct fp g_fp;

static int setup(void **state)
{
	(void)state;
	return fp_init(&g_fp);
}

static int teardown(void **state)
{
	(void)state;
	fp_fini(&g_fp);
	return 0;
}

static struct scmia_proto_handle *attach(uint32_t version, uint32_t n)
{
	struct scmia_proto_handle *ph = NULL;
	uint8_t a[4];

	/* PROTOCOL_ATTRIBUTES: domains in 15:0. */
	scmia_put_le32(a, n);
	assert_int_equal(fp_attach(&g_fp, &scmia_reset_desc, NULL, version, a, 4, &ph), SCMIA_OK);
	return ph;
}

static void test_reset_domain_attributes(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 0xffff0002u);
	struct scmia_reset_dom_attrs a;
	uint8_t nr[4 + 4 + 64];

	(void)state;
	assert_int_equal(scmia_reset_num_domains(ph), 2);
	/* RESET_DOMAIN_ATTRIBUTES: in domain_id; out attributes (31 async,
	 * 30 notify, 29 ext name), latency, name[16]. */
	fp_expect(&g_fp, RST, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0xe0000000u), W(250), 'u', 's', 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0, 0));
	/* RESET_DOMAIN_NAME_GET: in domain_id; out flags, name[64]. */
	memset(nr, 0, sizeof(nr));
	memcpy(nr + 8, "usb3-controller-phy", 19);
	fp_expect(&g_fp, RST, 0x6, BYTES(W(1)), nr, sizeof(nr));
	assert_int_equal(scmia_reset_domain_attributes(ph, 1, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0xe0000000u);
	assert_int_equal(a.latency_us, 250);
	assert_string_equal(a.name, "usb3-controller-phy");
	/* Truncated (no name). */
	fp_expect(&g_fp, RST, 0x3, BYTES(W(0)), BYTES(ST_OK, W(0), W(0xffffffffu)));
	assert_int_equal(scmia_reset_domain_attributes(ph, 0, 1, &a), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, RST, 0x3, BYTES(W(5)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_reset_domain_attributes(ph, 5, 1, &a), SCMIA_E_SCMI_NOT_FOUND);
	/* Truncated extended name reply. */
	fp_expect(&g_fp, RST, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0x20000000u), W(1), 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0));
	fp_expect(&g_fp, RST, 0x6, BYTES(W(1)), BYTES(ST_OK, W(0), 'x', 'y'));
	assert_int_equal(scmia_reset_domain_attributes(ph, 1, 1, &a), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, RST, 0x6, BYTES(W(0)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_reset_domain_name_get(ph, 0, (char *)nr, sizeof(nr)),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_true(fp_ok(&g_fp));
}

static void test_reset_v1_layout(void **state)
{
	/* v1.0 platform: bit 29 was reserved, no NAME_GET exists. */
	struct scmia_proto_handle *ph = attach(0x10000u, 1);
	struct scmia_reset_dom_attrs a;
	char name[8];

	(void)state;
	fp_expect(&g_fp, RST, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x20000000u), W(10), 'd', 'm', 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0, 0));
	assert_int_equal(scmia_reset_domain_attributes(ph, 0, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0);
	assert_string_equal(a.name, "dma");
	assert_int_equal(scmia_reset_domain_name_get(ph, 0, name, sizeof(name)), SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
}

static void test_reset_describe_tolerant(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_reset_dom d[2];
	uint32_t n = 0;

	(void)state;
	fp_expect(&g_fp, RST, 0x3, BYTES(W(0)), BYTES(ST_DENIED));
	fp_expect(&g_fp, RST, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0), W(1), 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_reset_domains_describe(ph, d, 2, &n), SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].err, SCMIA_E_SCMI_DENIED);
	assert_int_equal(d[1].err, SCMIA_OK);
	assert_string_equal(d[1].attrs.name, "b");
	assert_true(fp_ok(&g_fp));
}

static void test_reset_sync(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);

	(void)state;
	/* RESET: in domain_id, flags, reset_state. Autonomous cold reset. */
	fp_expect(&g_fp, RST, 0x4, BYTES(W(1), W(1), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_AUTONOMOUS, SCMIA_RESET_STATE_COLD),
			 SCMIA_OK);
	/* Explicit assert, then de-assert. */
	fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(2), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_EXPLICIT_ASSERT, 0), SCMIA_OK);
	fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(0), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_reset_reset(ph, 0, 0, 0), SCMIA_OK);
	/* IMPDEF state refused. */
	fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(1), W(0x80000003u)), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS,
					   SCMIA_RESET_STATE_IMPDEF | 3u),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	fp_expect(&g_fp, RST, 0x4, BYTES(W(1), W(1), W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_AUTONOMOUS, 0),
			 SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_reset_reset(ph, 1, 8, 0), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

/* RESET_DOMAIN_ATTRIBUTES of a domain with asynchronous resets (bit 31),
 * the check an asynchronous RESET makes first (Reset v3.0 layout). */
static void expect_async_attrs(uint32_t dom)
{
	fp_expect(&g_fp, RST, 0x3, BYTES(W(dom)),
		  BYTES(ST_OK, W(0x80000000u), W(100), 'r', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0, 0));
}

static void test_reset_async(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct fp_step *s;

	(void)state;
	/* Asynchronous autonomous reset: flags 0b101; immediate response
	 * SUCCESS, then delayed response RESET_COMPLETE: status, domain_id. */
	expect_async_attrs(1);
	s = fp_expect(&g_fp, RST, 0x4, BYTES(W(1), W(5), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1)), 0);
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_OK);
	/* Delayed response delivered before the response (two queues). */
	expect_async_attrs(1);
	s = fp_expect(&g_fp, RST, 0x4, BYTES(W(1), W(5), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1)), 1);
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_OK);
	/* RESET_COMPLETE with an error status. */
	expect_async_attrs(0);
	s = fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(5), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_GENERIC_ERROR, W(0)), 0);
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_E_SCMI_GENERIC_ERROR);
	/* RESET_COMPLETE naming another domain. */
	expect_async_attrs(0);
	s = fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(5), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1)), 0);
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_EMALFORMED);
	/* RESET_COMPLETE without its domain id. */
	expect_async_attrs(0);
	s = fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(5), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK), 0);
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_ETOOSHORT);
	/* The immediate response refuses: no delayed response follows. */
	expect_async_attrs(0);
	fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(5), W(0)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	/* The delayed response never comes: timeout. */
	expect_async_attrs(0);
	fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(5), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_ETIMEDOUT);
	assert_true(fp_ok(&g_fp));
}

/* Fail fast (issue 14): an asynchronous RESET that cannot complete is
 * refused before RESET is sent. */
static void test_reset_async_fail_fast(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);

	(void)state;
	/* RESET_DOMAIN_ATTRIBUTES (v3.0): bit 31 clear, a sync-only domain. */
	fp_expect(&g_fp, RST, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0x40000000u), W(100), 'e', 't', 'h', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0, 0));
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_ENOTSUP);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_FAIL_FAST], 1);
	/* The attributes query fails: its error, no RESET. */
	fp_expect(&g_fp, RST, 0x3, BYTES(W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_E_SCMI_DENIED);
	assert_true(fp_ok(&g_fp));
	/* No p2a channel: RESET_COMPLETE could never arrive. Nothing sent. */
	assert_int_equal(scmia_chan_close(&g_fp.p2a), SCMIA_OK);
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_ENOTSUP);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_FAIL_FAST], 2);
	/* A synchronous reset still works. */
	fp_expect(&g_fp, RST, 0x4, BYTES(W(0), W(1), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS, 0), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
}

struct rst_seen {
	unsigned calls;
	int dec;
	struct scmia_reset_issued ev;
};

static void on_issued(void *ctx, const struct scmia_notification *n)
{
	struct rst_seen *s = (struct rst_seen *)ctx;

	s->calls++;
	s->dec = scmia_reset_issued_decode(n, &s->ev);
}

static void test_reset_notify_and_event(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct rst_seen s0 = { 0 }, s1 = { 0 };
	struct scmia_notifier n0 = { .proto_id = RST, .evt_id = 0, .src_id = 0, .fn = on_issued,
				     .ctx = &s0 };
	struct scmia_notifier n1 = { .proto_id = RST, .evt_id = 0, .src_id = 1, .fn = on_issued,
				     .ctx = &s1 };

	(void)state;
	/* RESET_NOTIFY: in domain_id, notify_enable. */
	fp_expect(&g_fp, RST, 0x5, BYTES(W(1), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_reset_notify(ph, 1, 1), SCMIA_OK);
	fp_expect(&g_fp, RST, 0x5, BYTES(W(0), W(1)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_reset_notify(ph, 0, 1), SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(scmia_notify_register(&g_fp.agent, &n0), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &n1), SCMIA_OK);
	/* RESET_ISSUED: agent_id, domain_id, reset_state. */
	assert_int_equal(fp_notify(&g_fp, RST, 0, BYTES(W(3), W(1), W(0))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s0.calls, 0);
	assert_int_equal(s1.calls, 1);
	assert_int_equal(s1.dec, SCMIA_OK);
	assert_int_equal(s1.ev.agent_id, 3);
	assert_int_equal(s1.ev.domain_id, 1);
	assert_int_equal(fp_notify(&g_fp, RST, 0, BYTES(W(3), W(0), 0x1)), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s0.calls, 1);
	assert_int_equal(s0.dec, SCMIA_ETOOSHORT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_domain_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_v1_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_describe_tolerant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_async, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_async_fail_fast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_notify_and_event, setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_reset", tests, NULL, NULL);
}

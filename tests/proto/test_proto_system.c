/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System power management protocol (0x12) helpers. Vectors written by
 * hand from DEN0056 §4.4 (System power protocol v1.0 and v2.0 layouts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/system.h"

#define SYS 0x12u

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

static struct scmia_proto_handle *attach(uint32_t version)
{
	struct scmia_proto_handle *ph = NULL;

	/* PROTOCOL_ATTRIBUTES: one reserved word. */
	assert_int_equal(fp_attach(&g_fp, &scmia_system_desc, NULL, version, BYTES(W(0)), &ph),
			 SCMIA_OK);
	return ph;
}

static void test_system_state_set(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u);

	(void)state;
	/* SYSTEM_POWER_STATE_SET: in flags (bit 0 graceful), system_state. */
	fp_expect(&g_fp, SYS, 0x3, BYTES(W(1), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_system_power_state_set(ph, SCMIA_SYSTEM_F_GRACEFUL,
						      SCMIA_SYSTEM_SHUTDOWN),
			 SCMIA_OK);
	fp_expect(&g_fp, SYS, 0x3, BYTES(W(0), W(2)), BYTES(ST_OK));
	assert_int_equal(scmia_system_power_state_set(ph, 0, SCMIA_SYSTEM_WARM_RESET), SCMIA_OK);
	fp_expect(&g_fp, SYS, 0x3, BYTES(W(0), W(0x80000001u)), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_system_power_state_set(ph, 0, 0x80000001u),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	fp_expect(&g_fp, SYS, 0x3, BYTES(W(0), W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_system_power_state_set(ph, 0, SCMIA_SYSTEM_COLD_RESET),
			 SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_system_power_state_set(ph, 2, 0), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_system_state_get_and_attrs(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20001u);
	uint32_t st = 0, attrs = 0;

	(void)state;
	/* SYSTEM_POWER_STATE_GET: out system_state. */
	fp_expect(&g_fp, SYS, 0x4, NOPARAMS, BYTES(ST_OK, W(3)));
	assert_int_equal(scmia_system_power_state_get(ph, &st), SCMIA_OK);
	assert_int_equal(st, SCMIA_SYSTEM_POWER_UP);
	fp_expect(&g_fp, SYS, 0x4, NOPARAMS, BYTES(ST_OK));
	assert_int_equal(scmia_system_power_state_get(ph, &st), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, SYS, 0x4, NOPARAMS, BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_system_power_state_get(ph, &st), SCMIA_E_SCMI_NOT_SUPPORTED);
	/* PROTOCOL_MESSAGE_ATTRIBUTES(SET): bit 31 warm reset, bit 30 suspend. */
	fp_expect(&g_fp, SYS, 0x2, BYTES(W(0x3)), BYTES(ST_OK, W(0xc0000000u)));
	assert_int_equal(scmia_system_power_state_set_attributes(ph, &attrs), SCMIA_OK);
	assert_int_equal(attrs, SCMIA_SYSTEM_SET_ATTR_WARM_RESET | SCMIA_SYSTEM_SET_ATTR_SUSPEND);
	fp_expect(&g_fp, SYS, 0x2, BYTES(W(0x3)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_system_power_state_set_attributes(ph, &attrs),
			 SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));
}

struct sys_seen {
	unsigned calls;
	int dec;
	struct scmia_system_power_state_notifier ev;
	const struct scmia_proto_handle *ph;
};

static void on_notifier(void *ctx, const struct scmia_notification *n)
{
	struct sys_seen *s = (struct sys_seen *)ctx;

	s->calls++;
	s->dec = scmia_system_power_state_notifier_decode(s->ph, n, &s->ev);
}

static void test_system_notifier_v2(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u);
	struct sys_seen s = { .ph = ph };
	struct scmia_notifier nt = { .proto_id = SYS, .evt_id = 0, .src_id = SCMIA_NOTIFY_SRC_ANY,
				     .fn = on_notifier, .ctx = &s };

	(void)state;
	/* SYSTEM_POWER_STATE_NOTIFY: in notify_enable. */
	fp_expect(&g_fp, SYS, 0x5, BYTES(W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_system_power_state_notify(ph, 1), SCMIA_OK);
	fp_expect(&g_fp, SYS, 0x5, BYTES(W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_system_power_state_notify(ph, 0), SCMIA_E_SCMI_DENIED);
	assert_true(fp_ok(&g_fp));

	assert_int_equal(scmia_notify_register(&g_fp.agent, &nt), SCMIA_OK);
	/* v2 SYSTEM_POWER_STATE_NOTIFIER: agent_id, flags, system_state,
	 * timeout (ms, graceful only). */
	assert_int_equal(fp_notify(&g_fp, SYS, 0, BYTES(W(0), W(1), W(0), W(5000))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.dec, SCMIA_OK);
	assert_int_equal(s.ev.flags, 1);
	assert_int_equal(s.ev.system_state, 0);
	assert_int_equal(s.ev.has_timeout, 1);
	assert_int_equal(s.ev.timeout_ms, 5000);
	/* Forceful: the timeout field means nothing. */
	assert_int_equal(fp_notify(&g_fp, SYS, 0, BYTES(W(0), W(0), W(1), W(77))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.ev.timeout_ms, 0);
	/* A v1-sized payload from a v2 platform lacks only the timeout a
	 * later version appended: accepted, the timeout absent, counted. */
	assert_int_equal(fp_notify(&g_fp, SYS, 0, BYTES(W(0), W(1), W(0))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_OK);
	assert_int_equal(s.ev.has_timeout, 0);
	assert_int_equal(s.ev.timeout_ms, 0);
	assert_int_equal(s.ev.flags, 1);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_ABSENT], 1);
	/* Ending inside the timeout word is too short. */
	assert_int_equal(fp_notify(&g_fp, SYS, 0, BYTES(W(0), W(1), W(0), 0x10, 0x27)), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ETOOSHORT);
}

static void test_system_notifier_v1_layout(void **state)
{
	/* v1.0 platform: 12-byte notifier without timeout is complete. */
	struct scmia_proto_handle *ph = attach(0x10000u);
	struct scmia_system_power_state_notifier ev;
	static const uint8_t p[] = { W(1), W(1), W(4) };
	struct scmia_notification n = { .hdr = 0, .proto_id = SYS, .msg_id = 0,
					.src_id = SCMIA_NOTIFY_SRC_ANY, .payload = p, .len = 12 };

	(void)state;
	assert_int_equal(scmia_system_power_state_notifier_decode(ph, &n, &ev), SCMIA_OK);
	assert_int_equal(ev.agent_id, 1);
	assert_int_equal(ev.system_state, SCMIA_SYSTEM_SUSPEND);
	assert_int_equal(ev.has_timeout, 0);
	assert_int_equal(ev.timeout_ms, 0);
	n.len = 11;
	assert_int_equal(scmia_system_power_state_notifier_decode(ph, &n, &ev), SCMIA_ETOOSHORT);
	n.len = 12;
	n.msg_id = 1;
	assert_int_equal(scmia_system_power_state_notifier_decode(ph, &n, &ev), SCMIA_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_system_state_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system_state_get_and_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system_notifier_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system_notifier_v1_layout, setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_system", tests, NULL, NULL);
}

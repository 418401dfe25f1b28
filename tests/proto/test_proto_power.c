/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Power domain management protocol (0x11) helpers. Vectors written by hand
 * from DEN0056 §4.3 (Power domain protocol v2.0 and v3.0 layouts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/power.h"

#define PWR 0x11u

static struct fp g_fp;
static struct scmia_power_info g_info;

static int setup(void **state)
{
	(void)state;
	memset(&g_info, 0, sizeof(g_info));
	return fp_init(&g_fp);
}

static int teardown(void **state)
{
	(void)state;
	fp_fini(&g_fp);
	return 0;
}

/* PROTOCOL_ATTRIBUTES: attributes (domains 15:0), stats low, high, len. */
static struct scmia_proto_handle *attach(uint32_t version, uint32_t n_domains)
{
	struct scmia_proto_handle *ph = NULL;

	assert_int_equal(fp_attach(&g_fp, &scmia_power_desc, &g_info, version,
				   BYTES(W(n_domains), W(0x80001000u), W(0x1), W(0x100)), &ph),
			 SCMIA_OK);
	return ph;
}

static void test_power_protocol_attributes(void **state)
{
	struct scmia_proto_handle *ph;

	(void)state;
	ph = attach(0x30000u, 0x10003u); /* bits 31:16 reserved */
	assert_int_equal(scmia_power_num_domains(ph), 3);
	assert_int_equal(g_info.n_domains, 3);
	assert_true(g_info.stats_addr == 0x0000000180001000ull);
	assert_int_equal(g_info.stats_len, 0x100);
	assert_true(fp_ok(&g_fp));
}

static void test_power_attrs_too_short(void **state)
{
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_power_desc, &g_info, &ph),
			 SCMIA_OK);
	/* Only 12 of the 16 attribute bytes. */
	fp_expect(&g_fp, PWR, 0x0, NOPARAMS, BYTES(ST_OK, W(0x30000)));
	fp_expect(&g_fp, PWR, 0x1, NOPARAMS, BYTES(ST_OK, W(3), W(0), W(0)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_power_domain_attributes_v3_ext_name(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_power_dom_attrs a;
	uint8_t name_reply[4 + 4 + 64];

	(void)state;
	/* POWER_DOMAIN_ATTRIBUTES: in domain_id; out attributes, name[16].
	 * Attributes: notify (31), async (30), sync (29), ext name (27). */
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0xe8000000u), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0));
	/* POWER_DOMAIN_NAME_GET: in domain_id; out flags, name[64]. */
	memset(name_reply, 0, sizeof(name_reply));
	memcpy(name_reply + 8, "gpu-core-cluster-0-long-name", 28);
	fp_expect(&g_fp, PWR, 0x8, BYTES(W(1)), name_reply, sizeof(name_reply));
	assert_int_equal(scmia_power_domain_attributes(ph, 1, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0xe8000000u);
	assert_string_equal(a.name, "gpu-core-cluster-0-long-name");
	/* Without asking for the extended name: the short one, one message. */
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0xe8000000u), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0));
	assert_int_equal(scmia_power_domain_attributes(ph, 1, 0, &a), SCMIA_OK);
	assert_string_equal(a.name, "gpu");
	assert_true(fp_ok(&g_fp));
}

static void test_power_domain_attributes_v2_layout(void **state)
{
	/* A v2.0 platform: bit 27 was reserved; no NAME_GET may be sent. */
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct scmia_power_dom_attrs a;
	char name[64];

	(void)state;
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x68000000u), 'c', 'p', 'u', '0', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0));
	assert_int_equal(scmia_power_domain_attributes(ph, 0, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0x60000000u);
	assert_string_equal(a.name, "cpu0");
	assert_int_equal(scmia_power_domain_name_get(ph, 0, name, sizeof(name)), SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
}

static void test_power_domain_attributes_errors(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_power_dom_attrs a;

	(void)state;
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(7)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_power_domain_attributes(ph, 7, 1, &a), SCMIA_E_SCMI_NOT_FOUND);
	/* Truncated: attributes and 15 name bytes. */
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0), 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_power_domain_attributes(ph, 0, 1, &a), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_power_domains_describe_tolerant(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 3);
	struct scmia_power_dom d[3];
	uint32_t n = 0;

	(void)state;
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x20000000u), 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	/* Domain 1 belongs to another agent. */
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(1)), BYTES(ST_DENIED));
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(2)),
		  BYTES(ST_OK, W(0x20000000u), 'c', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_power_domains_describe(ph, d, 3, &n), SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(d[0].err, SCMIA_OK);
	assert_string_equal(d[0].attrs.name, "a");
	assert_int_equal(d[1].err, SCMIA_E_SCMI_DENIED);
	assert_int_equal(d[2].err, SCMIA_OK);
	assert_string_equal(d[2].attrs.name, "c");
	/* Fewer slots than domains. */
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x20000000u), 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_power_domains_describe(ph, d, 1, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 1);
	/* A timeout is not a per-domain answer: it ends the walk. */
	fp_expect(&g_fp, PWR, 0x3, BYTES(W(0)), NOBYTES);
	assert_int_equal(scmia_power_domains_describe(ph, d, 3, &n), SCMIA_ETIMEDOUT);
	assert_int_equal(n, 0);
	assert_true(fp_ok(&g_fp));
}

static void test_power_state_set_get(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	uint32_t st = 0;

	(void)state;
	/* POWER_STATE_SET: in flags, domain_id, power_state. */
	fp_expect(&g_fp, PWR, 0x4, BYTES(W(0), W(1), W(0x40000000u)), BYTES(ST_OK));
	assert_int_equal(scmia_power_state_set(ph, 1, SCMIA_POWER_STATE_OFF, 0), SCMIA_OK);
	fp_expect(&g_fp, PWR, 0x4, BYTES(W(1), W(0), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_power_state_set(ph, 0, SCMIA_POWER_STATE_ON,
					       SCMIA_POWER_SET_F_ASYNC),
			 SCMIA_OK);
	fp_expect(&g_fp, PWR, 0x4, BYTES(W(0), W(1), W(0x7)), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_power_state_set(ph, 1, 7, 0), SCMIA_E_SCMI_INVALID_PARAMETERS);
	fp_expect(&g_fp, PWR, 0x4, BYTES(W(0), W(1), W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_power_state_set(ph, 1, 0, 0), SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_power_state_set(ph, 1, 0, 2), SCMIA_EINVAL);
	/* POWER_STATE_GET: in domain_id; out power_state. */
	fp_expect(&g_fp, PWR, 0x5, BYTES(W(1)), BYTES(ST_OK, W(0x40000000u)));
	assert_int_equal(scmia_power_state_get(ph, 1, &st), SCMIA_OK);
	assert_int_equal(st, SCMIA_POWER_STATE_OFF);
	fp_expect(&g_fp, PWR, 0x5, BYTES(W(1)), BYTES(ST_OK, 0x00, 0x00));
	assert_int_equal(scmia_power_state_get(ph, 1, &st), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PWR, 0x5, BYTES(W(9)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_power_state_get(ph, 9, &st), SCMIA_E_SCMI_NOT_FOUND);
	/* POWER_DOMAIN_NAME_GET: status and truncated name. */
	{
		char name[64];

		fp_expect(&g_fp, PWR, 0x8, BYTES(W(0)), BYTES(ST_NOT_SUPPORTED));
		assert_int_equal(scmia_power_domain_name_get(ph, 0, name, sizeof(name)),
				 SCMIA_E_SCMI_NOT_SUPPORTED);
		fp_expect(&g_fp, PWR, 0x8, BYTES(W(0)), BYTES(ST_OK, W(0), 'n', 0));
		assert_int_equal(scmia_power_domain_name_get(ph, 0, name, sizeof(name)),
				 SCMIA_ETOOSHORT);
	}
	assert_true(fp_ok(&g_fp));
}

struct pwr_seen {
	unsigned calls;
	int dec;
	struct scmia_power_state_changed ev;
};

static void on_state_changed(void *ctx, const struct scmia_notification *n)
{
	struct pwr_seen *s = (struct pwr_seen *)ctx;

	s->calls++;
	s->dec = scmia_power_state_changed_decode(n, &s->ev);
}

static void test_power_notify_and_event(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct pwr_seen s1 = { 0 }, sany = { 0 };
	struct scmia_notifier n1 = { .proto_id = PWR, .evt_id = 0, .src_id = 1,
				     .fn = on_state_changed, .ctx = &s1 };
	struct scmia_notifier nany = { .proto_id = PWR, .evt_id = 0, .src_id = SCMIA_NOTIFY_SRC_ANY,
				       .fn = on_state_changed, .ctx = &sany };
	struct scmia_power_state_changed ev;
	struct scmia_notification bad = { 0 };

	(void)state;
	/* POWER_STATE_NOTIFY: in domain_id, notify_enable. */
	fp_expect(&g_fp, PWR, 0x6, BYTES(W(1), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_power_state_notify(ph, 1, 1), SCMIA_OK);
	fp_expect(&g_fp, PWR, 0x6, BYTES(W(0), W(0)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_power_state_notify(ph, 0, 0), SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_true(fp_ok(&g_fp));

	assert_int_equal(scmia_notify_register(&g_fp.agent, &n1), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &nany), SCMIA_OK);
	/* POWER_STATE_CHANGED: agent_id, domain_id, power_state. */
	assert_int_equal(fp_notify(&g_fp, PWR, 0, BYTES(W(2), W(1), W(0x40000000u))), SCMIA_OK);
	assert_int_equal(fp_notify(&g_fp, PWR, 0, BYTES(W(2), W(0), W(0))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 2);
	assert_int_equal(s1.calls, 1);
	assert_int_equal(s1.dec, SCMIA_OK);
	assert_int_equal(s1.ev.agent_id, 2);
	assert_int_equal(s1.ev.domain_id, 1);
	assert_int_equal(s1.ev.power_state, 0x40000000u);
	assert_int_equal(sany.calls, 2);
	assert_int_equal(sany.ev.domain_id, 0);
	/* Truncated event. */
	assert_int_equal(fp_notify(&g_fp, PWR, 0, BYTES(W(2), W(1), 0x00)), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s1.calls, 2);
	assert_int_equal(s1.dec, SCMIA_ETOOSHORT);
	/* Another protocol's notification is not decoded as this one. */
	bad.proto_id = 0x13;
	assert_int_equal(scmia_power_state_changed_decode(&bad, &ev), SCMIA_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_protocol_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_attrs_too_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_domain_attributes_v3_ext_name, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_power_domain_attributes_v2_layout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_power_domain_attributes_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_domains_describe_tolerant, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_power_state_set_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_notify_and_event, setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_power", tests, NULL, NULL);
}

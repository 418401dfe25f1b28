/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Voltage domain management protocol (0x17) helpers. Vectors written by
 * hand from DEN0056 §4.9 (Voltage domain protocol v1.0 and v2.0 layouts),
 * cross-checked against SCP-firmware module/scmi_voltage_domain and Linux
 * arm_scmi/voltage.c (facts only): attributes, levels (list and range,
 * paged, signed microvolts), configuration, level set (sync and v2 async
 * with VOLTAGE_LEVEL_SET_COMPLETE), level get, extended names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/voltage.h"

#define VLT 0x17u
/* HARDWARE_ERROR (-9), DEN0056 §4.1.4. */
#define ST_HARDWARE_ERROR W(0xfffffff7u)

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

/* PROTOCOL_ATTRIBUTES: attributes (domains 15:0). */
static struct scmia_proto_handle *attach(uint32_t version, uint32_t attrs)
{
	struct scmia_proto_handle *ph = NULL;
	uint8_t a[4];

	scmia_put_le32(a, attrs);
	assert_int_equal(fp_attach(&g_fp, &scmia_voltage_desc, NULL, version, a, sizeof(a), &ph),
			 SCMIA_OK);
	return ph;
}

#define NAME16(a, b, c, d) a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

static void test_voltage_domain_attributes(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 0xffff0003u);
	struct scmia_voltage_dom_attrs a;
	uint8_t nr[4 + 4 + 64];

	(void)state;
	assert_int_equal(scmia_voltage_num_domains(ph), 3);
	/* VOLTAGE_DOMAIN_ATTRIBUTES v2: in domain_id; out attributes (31
	 * async level set, 30 extended name), name[16]. */
	fp_expect(&g_fp, VLT, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0xc000ffffu), NAME16('v', 'd', 'd', 0)));
	/* VOLTAGE_DOMAIN_NAME_GET: in domain_id; out flags, name[64]. */
	memset(nr, 0, sizeof(nr));
	memcpy(nr + 8, "vdd-cpu-big-cluster", 19);
	fp_expect(&g_fp, VLT, 0x9, BYTES(W(1)), nr, sizeof(nr));
	assert_int_equal(scmia_voltage_domain_attributes(ph, 1, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0xc0000000u);
	assert_string_equal(a.name, "vdd-cpu-big-cluster");
	fp_expect(&g_fp, VLT, 0x3, BYTES(W(1)), BYTES(ST_OK, W(0), 'v', 'd', 'd', 0));
	assert_int_equal(scmia_voltage_domain_attributes(ph, 1, 1, &a), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, VLT, 0x3, BYTES(W(7)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_voltage_domain_attributes(ph, 7, 1, &a), SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));
}

static void test_voltage_v1_layout(void **state)
{
	struct scmia_proto_handle *ph = attach(0x10000u, 2);
	struct scmia_voltage_dom_attrs a;
	int32_t got = 0;
	char name[8];

	(void)state;
	/* v1.0: every attribute bit reserved: no extended name, no async. */
	fp_expect(&g_fp, VLT, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0xc0000000u), NAME16('i', 'o', 0, 0)));
	assert_int_equal(scmia_voltage_domain_attributes(ph, 0, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0);
	assert_string_equal(a.name, "io");
	assert_int_equal(scmia_voltage_domain_name_get(ph, 0, name, sizeof(name)), SCMIA_ENOTSUP);
	assert_int_equal(scmia_voltage_level_set(ph, 0, SCMIA_VOLTAGE_SET_F_ASYNC, 1, &got),
			 SCMIA_ENOTSUP);
	/* VOLTAGE_LEVEL_SET: in domain_id, flags, voltage_level. */
	fp_expect(&g_fp, VLT, 0x7, BYTES(W(0), W(0), W(1800000)), BYTES(ST_OK));
	assert_int_equal(scmia_voltage_level_set(ph, 0, 0, 1800000, &got), SCMIA_OK);
	assert_int_equal(got, 1800000);
	assert_true(fp_ok(&g_fp));
}

static void test_voltage_domains_describe(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct scmia_voltage_dom d[4];
	uint32_t n = 0;

	(void)state;
	fp_expect(&g_fp, VLT, 0x3, BYTES(W(0)), BYTES(ST_DENIED));
	fp_expect(&g_fp, VLT, 0x3, BYTES(W(1)), BYTES(ST_OK, W(0), NAME16('d', 'd', 'r', 0)));
	assert_int_equal(scmia_voltage_domains_describe(ph, d, 4, &n), SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].err, SCMIA_E_SCMI_DENIED);
	assert_string_equal(d[1].attrs.name, "ddr");
	assert_true(fp_ok(&g_fp));
}

static void test_voltage_levels_list_paged(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct scmia_voltage_levels lv;
	int32_t l[8];

	(void)state;
	/* VOLTAGE_DESCRIBE_LEVELS: in domain_id, level_index; out flags
	 * (remaining 31:16, bit 12: 0 list, returned 11:0), voltage[]
	 * (signed µV). */
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(1), W(0)),
		  BYTES(ST_OK, W(0x00020003u), W(800000), W(900000), W(1000000)));
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(1), W(3)),
		  BYTES(ST_OK, W(0x00000002u), W(0xffff3cb0u), W(0)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 1, l, 8, &lv), SCMIA_OK);
	assert_int_equal(lv.range, 0);
	assert_int_equal(lv.count, 5);
	assert_int_equal(lv.total, 5);
	assert_int_equal(l[0], 800000);
	assert_int_equal(l[3], -50000);
	assert_int_equal(l[4], 0);
	assert_true(fp_ok(&g_fp));
}

static void test_voltage_levels_range_and_faults(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct scmia_voltage_levels lv;
	int32_t l[2];

	(void)state;
	/* Range: bit 12, three levels: min, max, step. */
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00001003u), W(600000), W(1200000), W(12500)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, NULL, 0, &lv), SCMIA_OK);
	assert_int_equal(lv.range, 1);
	assert_int_equal(lv.min_uv, 600000);
	assert_int_equal(lv.max_uv, 1200000);
	assert_int_equal(lv.step_uv, 12500);
	/* A negative range (signed). */
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00001003u), W(0xfff0bdc0u), W(0), W(1000)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, NULL, 0, &lv), SCMIA_OK);
	assert_int_equal(lv.min_uv, -1000000);
	/* Range of two levels, range with some remaining, min above max. */
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00001002u), W(1), W(2)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, NULL, 0, &lv), SCMIA_EMALFORMED);
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00011003u), W(1), W(2), W(1)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, NULL, 0, &lv), SCMIA_EMALFORMED);
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00001003u), W(5), W(2), W(1)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, NULL, 0, &lv), SCMIA_EMALFORMED);
	/* Zero returned with levels remaining. */
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00070000u)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, l, 2, &lv), SCMIA_EMALFORMED);
	/* Remaining grows. */
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00010001u), W(1)));
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(1)), BYTES(ST_OK, W(0x00020001u), W(2)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, l, 2, &lv), SCMIA_EMALFORMED);
	/* A page larger than the buffer. */
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00000004u), W(1), W(2), W(3), W(4)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, l, 2, &lv), SCMIA_ENOSPC);
	assert_int_equal(lv.count, 2);
	assert_int_equal(lv.total, 4);
	assert_int_equal(l[1], 2);
	/* Truncated. */
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00000002u), W(1)));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, l, 2, &lv), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, 3, 0));
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, l, 2, &lv), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, VLT, 0x4, BYTES(W(9), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_voltage_describe_levels(ph, 9, l, 2, &lv), SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));
}

static void test_voltage_config(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	uint32_t cfg = 0;

	(void)state;
	/* VOLTAGE_CONFIG_SET: in domain_id, config (mode 3:0: 0b0111 on,
	 * 0b0000 off, bit 3 IMPLEMENTATION DEFINED). */
	fp_expect(&g_fp, VLT, 0x5, BYTES(W(1), W(0x7)), BYTES(ST_OK));
	assert_int_equal(scmia_voltage_config_set(ph, 1, SCMIA_VOLTAGE_CONFIG_ON), SCMIA_OK);
	fp_expect(&g_fp, VLT, 0x5, BYTES(W(1), W(0x0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_voltage_config_set(ph, 1, SCMIA_VOLTAGE_CONFIG_OFF),
			 SCMIA_E_SCMI_DENIED);
	fp_expect(&g_fp, VLT, 0x5, BYTES(W(1), W(0xa)), BYTES(ST_OK));
	assert_int_equal(scmia_voltage_config_set(ph, 1, 0xa), SCMIA_OK);
	assert_int_equal(scmia_voltage_config_set(ph, 1, 0x3), SCMIA_EINVAL);
	assert_int_equal(scmia_voltage_config_set(ph, 1, 0x17), SCMIA_EINVAL);
	/* VOLTAGE_CONFIG_GET: in domain_id; out config. */
	fp_expect(&g_fp, VLT, 0x6, BYTES(W(1)), BYTES(ST_OK, W(0xfffffff7u)));
	assert_int_equal(scmia_voltage_config_get(ph, 1, &cfg), SCMIA_OK);
	assert_int_equal(cfg, SCMIA_VOLTAGE_CONFIG_ON); /* reserved bits dropped */
	fp_expect(&g_fp, VLT, 0x6, BYTES(W(1)), BYTES(ST_OK, 7));
	assert_int_equal(scmia_voltage_config_get(ph, 1, &cfg), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_voltage_levels_set_get(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct fp_step *s;
	int32_t got = 0;

	(void)state;
	/* VOLTAGE_LEVEL_SET: in domain_id, flags (bit 0 async),
	 * voltage_level (signed µV). */
	fp_expect(&g_fp, VLT, 0x7, BYTES(W(1), W(0), W(0xfffe7960u)), BYTES(ST_OK));
	assert_int_equal(scmia_voltage_level_set(ph, 1, 0, -100000, &got), SCMIA_OK);
	assert_int_equal(got, -100000);
	fp_expect(&g_fp, VLT, 0x7, BYTES(W(1), W(0), W(5000000)), BYTES(ST_OUT_OF_RANGE));
	assert_int_equal(scmia_voltage_level_set(ph, 1, 0, 5000000, NULL),
			 SCMIA_E_SCMI_OUT_OF_RANGE);
	/* Asynchronous: VOLTAGE_LEVEL_SET_COMPLETE: status, domain_id,
	 * voltage_level. */
	s = fp_expect(&g_fp, VLT, 0x7, BYTES(W(1), W(1), W(950000)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1), W(950000)), 0);
	assert_int_equal(scmia_voltage_level_set(ph, 1, SCMIA_VOLTAGE_SET_F_ASYNC, 950000, &got),
			 SCMIA_OK);
	assert_int_equal(got, 950000);
	s = fp_expect(&g_fp, VLT, 0x7, BYTES(W(1), W(1), W(950000)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1), W(937500)), 1);
	assert_int_equal(scmia_voltage_level_set(ph, 1, SCMIA_VOLTAGE_SET_F_ASYNC, 950000, &got),
			 SCMIA_OK);
	assert_int_equal(got, 937500);
	s = fp_expect(&g_fp, VLT, 0x7, BYTES(W(1), W(1), W(950000)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(0), W(950000)), 0);
	assert_int_equal(scmia_voltage_level_set(ph, 1, SCMIA_VOLTAGE_SET_F_ASYNC, 950000, &got),
			 SCMIA_EMALFORMED);
	s = fp_expect(&g_fp, VLT, 0x7, BYTES(W(1), W(1), W(950000)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1)), 0);
	assert_int_equal(scmia_voltage_level_set(ph, 1, SCMIA_VOLTAGE_SET_F_ASYNC, 950000, &got),
			 SCMIA_ETOOSHORT);
	s = fp_expect(&g_fp, VLT, 0x7, BYTES(W(1), W(1), W(950000)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_BUSY, W(1), W(0)), 0);
	assert_int_equal(scmia_voltage_level_set(ph, 1, SCMIA_VOLTAGE_SET_F_ASYNC, 950000, &got),
			 SCMIA_E_SCMI_BUSY);
	assert_int_equal(scmia_voltage_level_set(ph, 1, 2, 950000, &got), SCMIA_EINVAL);
	/* VOLTAGE_LEVEL_GET: in domain_id; out voltage_level. */
	fp_expect(&g_fp, VLT, 0x8, BYTES(W(1)), BYTES(ST_OK, W(0xfffe7960u)));
	assert_int_equal(scmia_voltage_level_get(ph, 1, &got), SCMIA_OK);
	assert_int_equal(got, -100000);
	fp_expect(&g_fp, VLT, 0x8, BYTES(W(1)), BYTES(ST_OK, 1, 2, 3));
	assert_int_equal(scmia_voltage_level_get(ph, 1, &got), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, VLT, 0x8, BYTES(W(1)), BYTES(ST_HARDWARE_ERROR));
	assert_int_equal(scmia_voltage_level_get(ph, 1, &got), SCMIA_E_SCMI_HARDWARE_ERROR);
	assert_true(fp_ok(&g_fp));
}

/* Script a reply that is only @p status for message @p msg (parameters
 * not checked: their vectors are tested above). */
static void script_status(uint8_t proto, uint8_t msg, int32_t status)
{
	uint8_t r[4];

	scmia_put_le32(r, (uint32_t)status);
	fp_expect(&g_fp, proto, msg, NOBYTES, r, sizeof(r));
}

static int voltage_call(struct scmia_proto_handle *ph, unsigned i)
{
	struct scmia_voltage_dom_attrs a;
	struct scmia_voltage_levels lv;
	int32_t l[2], v;
	uint32_t w;

	switch (i) {
	case 0:
		return scmia_voltage_domain_attributes(ph, 0, 1, &a);
	case 1:
		return scmia_voltage_describe_levels(ph, 0, l, 2, &lv);
	case 2:
		return scmia_voltage_config_set(ph, 0, SCMIA_VOLTAGE_CONFIG_ON);
	case 3:
		return scmia_voltage_config_get(ph, 0, &w);
	case 4:
		return scmia_voltage_level_set(ph, 0, 0, 900000, &v);
	case 5:
		return scmia_voltage_level_set(ph, 0, SCMIA_VOLTAGE_SET_F_ASYNC, 900000, &v);
	case 6:
		return scmia_voltage_level_get(ph, 0, &v);
	default:
		return scmia_voltage_domain_name_get(ph, 0, a.name, sizeof(a.name));
	}
}

static void test_voltage_status_every_call(void **state)
{
	static const uint8_t msgs[] = { 0x3, 0x4, 0x5, 0x6, 0x7, 0x7, 0x8, 0x9 };
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	unsigned i;

	(void)state;
	for (i = 0; i < 22u; i++) {
		int32_t st = -(int32_t)(1u + i % 11u);

		script_status(VLT, msgs[i % sizeof(msgs)], st);
		assert_int_equal(voltage_call(ph, i % sizeof(msgs)), SCMIA_E_SCMI_BASE + st);
	}
	assert_true(fp_ok(&g_fp));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_voltage_domain_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voltage_v1_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voltage_domains_describe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voltage_levels_list_paged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voltage_levels_range_and_faults, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_voltage_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voltage_levels_set_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voltage_status_every_call, setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_voltage", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Performance domain management protocol (0x13) helpers. Vectors written
 * by hand from DEN0056 §4.5 (Performance protocol v2.0, v3.0 and v4.0
 * layouts): domains, levels (paged, 12-byte entries before v4, 20-byte
 * entries from v4), limits, levels, notifications, fastchannels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/perf.h"

#define PERF 0x13u

static struct fp g_fp;
static struct scmia_perf_info g_info;

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

/* PROTOCOL_ATTRIBUTES: attributes (bit 17 µW (v3+), bit 16 mW, domains
 * 15:0), stats address low, high, stats length. */
static struct scmia_proto_handle *attach(uint32_t version, uint32_t attrs)
{
	struct scmia_proto_handle *ph = NULL;
	uint8_t a[16];

	scmia_put_le32(a, attrs);
	scmia_put_le32(a + 4, 0x2000u);
	scmia_put_le32(a + 8, 0x9u);
	scmia_put_le32(a + 12, 0x80u);
	assert_int_equal(fp_attach(&g_fp, &scmia_perf_desc, &g_info, version, a, sizeof(a), &ph),
			 SCMIA_OK);
	return ph;
}

static void test_perf_protocol_attributes(void **state)
{
	struct scmia_proto_handle *ph;
	struct scmia_perf_info pi;

	(void)state;
	ph = attach(0x40000u, 0x00030003u); /* mW and µW bits, 3 domains */
	assert_int_equal(g_info.n_domains, 3);
	assert_int_equal(g_info.power_unit, SCMIA_PERF_POWER_MICROWATT);
	assert_true(g_info.stats_addr == 0x0000000900002000ull);
	assert_int_equal(g_info.stats_len, 0x80);
	assert_int_equal(scmia_perf_num_domains(ph), 3);
	assert_int_equal(scmia_perf_protocol_attributes(ph, &pi), SCMIA_OK);
	assert_int_equal(pi.power_unit, SCMIA_PERF_POWER_MICROWATT);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_attrs_too_short_and_name_get(void **state)
{
	struct scmia_proto_handle *ph;
	char name[64];

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_perf_desc, &g_info, &ph), SCMIA_OK);
	/* PROTOCOL_ATTRIBUTES without the statistics length word. */
	fp_expect(&g_fp, PERF, 0x0, NOPARAMS, BYTES(ST_OK, W(0x40000)));
	fp_expect(&g_fp, PERF, 0x1, NOPARAMS, BYTES(ST_OK, W(2), W(0), W(0)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_ETOOSHORT);
	assert_int_equal(ph->state, SCMIA_PROTO_S_FAILED);
	fp_expect(&g_fp, PERF, 0x0, NOPARAMS, BYTES(ST_OK, W(0x40000)));
	fp_expect(&g_fp, PERF, 0x1, NOPARAMS, BYTES(ST_OK, W(2), W(0), W(0), W(0)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	/* PERFORMANCE_DOMAIN_NAME_GET: status, and a truncated name. */
	fp_expect(&g_fp, PERF, 0xc, BYTES(W(0)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_perf_domain_name_get(ph, 0, name, sizeof(name)),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	fp_expect(&g_fp, PERF, 0xc, BYTES(W(0)), BYTES(ST_OK, W(0), 'a', 'b', 'c', 0));
	assert_int_equal(scmia_perf_domain_name_get(ph, 0, name, sizeof(name)), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PERF, 0x9, BYTES(W(0), W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_perf_notify_limits(ph, 0, 1), SCMIA_E_SCMI_DENIED);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_v2_power_unit(void **state)
{
	struct scmia_proto_handle *ph;

	(void)state;
	/* v2.0: bit 17 was reserved; bit 16 says mW. */
	ph = attach(0x20000u, 0x00030001u);
	assert_int_equal(ph->version, 0x20000u);
	assert_int_equal(g_info.power_unit, SCMIA_PERF_POWER_MILLIWATT);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_domain_attributes_v4(void **state)
{
	struct scmia_proto_handle *ph = attach(0x40000u, 2);
	struct scmia_perf_dom_attrs a;
	uint8_t nr[4 + 4 + 64];

	(void)state;
	/* PERFORMANCE_DOMAIN_ATTRIBUTES: in domain_id; out attributes,
	 * rate_limit (19:0), sustained_freq (kHz), sustained_perf_level,
	 * name[16]. */
	fp_expect(&g_fp, PERF, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0xfe000000u), W(0xfff00064u), W(2000000), W(1000), 'b', 'i', 'g',
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	/* PERFORMANCE_DOMAIN_NAME_GET: in domain_id; out flags, name[64]. */
	memset(nr, 0, sizeof(nr));
	memcpy(nr + 8, "cpu-big-cluster", 15);
	fp_expect(&g_fp, PERF, 0xc, BYTES(W(1)), nr, sizeof(nr));
	assert_int_equal(scmia_perf_domain_attributes(ph, 1, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0xfe000000u);
	assert_int_equal(a.rate_limit_us, 100);
	assert_int_equal(a.sustained_freq_khz, 2000000);
	assert_int_equal(a.sustained_perf_level, 1000);
	assert_string_equal(a.name, "cpu-big-cluster");
	/* 64-bit arithmetic: 3000 levels of 2 MHz = 6 GHz > 2^32. */
	assert_true(scmia_perf_level_to_hz(&a, 1000) == 2000000000ull);
	assert_true(scmia_perf_level_to_hz(&a, 3000) == 6000000000ull);
	a.sustained_perf_level = 0;
	assert_true(scmia_perf_level_to_hz(&a, 3000) == 0);
	/* Truncated: 31 bytes. */
	fp_expect(&g_fp, PERF, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0), W(0), W(1), W(1), 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0));
	assert_int_equal(scmia_perf_domain_attributes(ph, 0, 1, &a), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PERF, 0x3, BYTES(W(4)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_perf_domain_attributes(ph, 4, 1, &a), SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_domain_attributes_v2_bits(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct scmia_perf_dom_attrs a;
	char name[16];

	(void)state;
	/* v2.0: bits 26 and 25 reserved; no NAME_GET. */
	fp_expect(&g_fp, PERF, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0xfe000000u), W(10), W(1000), W(10), 'l', 'i', 't', 't', 'l', 'e',
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_perf_domain_attributes(ph, 0, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0xf8000000u);
	assert_string_equal(a.name, "little");
	assert_int_equal(scmia_perf_domain_name_get(ph, 0, name, sizeof(name)), SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_domains_describe_tolerant(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_perf_dom d[2];
	uint32_t n = 0;

	(void)state;
	fp_expect(&g_fp, PERF, 0x3, BYTES(W(0)), BYTES(ST_NOT_FOUND));
	fp_expect(&g_fp, PERF, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0), W(0), W(1), W(1), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0, 0));
	assert_int_equal(scmia_perf_domains_describe(ph, d, 2, &n), SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].err, SCMIA_E_SCMI_NOT_FOUND);
	assert_string_equal(d[1].attrs.name, "gpu");
	assert_true(fp_ok(&g_fp));
}

static void test_perf_levels_v3_paged(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 1);
	struct scmia_perf_level l[8];
	uint32_t n = 0;

	(void)state;
	memset(l, 0, sizeof(l));
	/* PERFORMANCE_DESCRIBE_LEVELS: in domain_id, level_index; out
	 * num_levels (returned 11:0, remaining 31:16), then v1-v3 entries:
	 * perf_level, power_cost, attributes (latency 15:0). */
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00010002u), W(100), W(50), W(0xabcd0020u), W(200), W(100),
			W(30)));
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(2)),
		  BYTES(ST_OK, W(0x00000001u), W(300), W(150), W(40)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 8, &n), SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(l[0].perf_level, 100);
	assert_int_equal(l[0].power_cost, 50);
	assert_int_equal(l[0].latency_us, 0x20);
	assert_int_equal(l[0].indicative_freq_khz, 0);
	assert_int_equal(l[1].level_index, 1);
	assert_int_equal(l[2].perf_level, 300);
	assert_int_equal(l[2].latency_us, 40);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_levels_v4_layout(void **state)
{
	struct scmia_proto_handle *ph = attach(0x40000u, 1);
	struct scmia_perf_level l[4];
	uint32_t n = 0;

	(void)state;
	/* v4 entries: perf_level, power_cost, attributes, indicative_freq,
	 * level_index (20 bytes). */
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(2), W(7), W(11), W(5), W(600000), W(0), W(9), W(22), W(6),
			W(1200000), W(1)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 4, &n), SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].perf_level, 7);
	assert_int_equal(l[0].indicative_freq_khz, 600000);
	assert_int_equal(l[1].perf_level, 9);
	assert_int_equal(l[1].power_cost, 22);
	assert_int_equal(l[1].indicative_freq_khz, 1200000);
	assert_int_equal(l[1].level_index, 1);
	/* The same 12-byte-entry page a v3 platform sends is too short here. */
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(2), W(100), W(50), W(20), W(200), W(100), W(30)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 4, &n), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_v3_platform_parsed_with_v3_layout(void **state)
{
	/* Our code knows v4; the platform is v3: the agreed version is 3.0
	 * and its levels are read as 12-byte entries, not as v4 ones. */
	struct scmia_proto_handle *ph = attach(0x30000u, 1);
	struct scmia_perf_level l[4];
	uint32_t n = 0;

	(void)state;
	assert_int_equal(ph->version, 0x30000u);
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(3), W(1), W(2), W(3), W(4), W(5), W(6), W(7), W(8), W(9)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 4, &n), SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(l[1].perf_level, 4);
	assert_int_equal(l[2].perf_level, 7);
	assert_int_equal(l[2].latency_us, 9);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_v5_platform_without_negotiation_uses_v4(void **state)
{
	struct scmia_proto_handle *ph;
	struct scmia_perf_level l[2];
	uint32_t n = 0;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_perf_desc, NULL, &ph), SCMIA_OK);
	fp_expect(&g_fp, PERF, 0x0, NOPARAMS, BYTES(ST_OK, W(0x50000)));
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x10)), BYTES(ST_NOT_FOUND));
	fp_expect(&g_fp, PERF, 0x1, NOPARAMS, BYTES(ST_OK, W(1), W(0), W(0), W(0)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	assert_int_equal(ph->version, 0x40000u);
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(1), W(7), W(11), W(5), W(600000), W(0)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 2, &n), SCMIA_OK);
	assert_int_equal(l[0].indicative_freq_khz, 600000);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_levels_paging_faults(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 1);
	struct scmia_perf_level l[2];
	uint32_t n = 0;

	(void)state;
	/* Zero returned with 5 remaining. */
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00050000u)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 2, &n), SCMIA_EMALFORMED);
	/* Remaining grows. */
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00010001u), W(1), W(1), W(1)));
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(1)),
		  BYTES(ST_OK, W(0x00040001u), W(2), W(2), W(2)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 2, &n),
			 SCMIA_EMALFORMED);
	/* Page larger than the buffer. */
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(3), W(1), W(1), W(1), W(2), W(2), W(2), W(3), W(3), W(3)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 2, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 2);
	assert_int_equal(l[1].perf_level, 2);
	/* Announced 2 entries, sent one and a half. */
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(2), W(1), W(1), W(1), W(2), W(2)));
	assert_int_equal(scmia_perf_describe_levels(ph, 0, l, 2, &n), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PERF, 0x4, BYTES(W(9), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_perf_describe_levels(ph, 9, l, 2, &n), SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_limits_and_levels(void **state)
{
	struct scmia_proto_handle *ph = attach(0x40000u, 2);
	uint32_t mx = 0, mn = 0, lv = 0;

	(void)state;
	/* PERFORMANCE_LIMITS_SET: in domain_id, range_max, range_min. */
	fp_expect(&g_fp, PERF, 0x5, BYTES(W(1), W(900), W(100)), BYTES(ST_OK));
	assert_int_equal(scmia_perf_limits_set(ph, 1, 900, 100), SCMIA_OK);
	fp_expect(&g_fp, PERF, 0x5, BYTES(W(1), W(1), W(100)), BYTES(ST_OUT_OF_RANGE));
	assert_int_equal(scmia_perf_limits_set(ph, 1, 1, 100), SCMIA_E_SCMI_OUT_OF_RANGE);
	/* PERFORMANCE_LIMITS_GET: in domain_id; out range_max, range_min. */
	fp_expect(&g_fp, PERF, 0x6, BYTES(W(1)), BYTES(ST_OK, W(900), W(100)));
	assert_int_equal(scmia_perf_limits_get(ph, 1, &mx, &mn), SCMIA_OK);
	assert_int_equal(mx, 900);
	assert_int_equal(mn, 100);
	fp_expect(&g_fp, PERF, 0x6, BYTES(W(1)), BYTES(ST_OK, W(900)));
	assert_int_equal(scmia_perf_limits_get(ph, 1, &mx, &mn), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PERF, 0x6, BYTES(W(3)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_perf_limits_get(ph, 3, &mx, &mn), SCMIA_E_SCMI_NOT_FOUND);
	/* Longer than the layout (a newer platform appended a word): fine. */
	fp_expect(&g_fp, PERF, 0x6, BYTES(W(1)), BYTES(ST_OK, W(800), W(200), W(0x5555)));
	assert_int_equal(scmia_perf_limits_get(ph, 1, &mx, &mn), SCMIA_OK);
	assert_int_equal(mx, 800);
	assert_int_equal(mn, 200);
	/* PERFORMANCE_LEVEL_SET: in domain_id, performance_level. */
	fp_expect(&g_fp, PERF, 0x7, BYTES(W(0), W(500)), BYTES(ST_OK));
	assert_int_equal(scmia_perf_level_set(ph, 0, 500), SCMIA_OK);
	fp_expect(&g_fp, PERF, 0x7, BYTES(W(0), W(501)), BYTES(ST_DENIED));
	assert_int_equal(scmia_perf_level_set(ph, 0, 501), SCMIA_E_SCMI_DENIED);
	/* PERFORMANCE_LEVEL_GET: in domain_id; out performance_level. */
	fp_expect(&g_fp, PERF, 0x8, BYTES(W(0)), BYTES(ST_OK, W(500)));
	assert_int_equal(scmia_perf_level_get(ph, 0, &lv), SCMIA_OK);
	assert_int_equal(lv, 500);
	fp_expect(&g_fp, PERF, 0x8, BYTES(W(0)), BYTES(ST_OK, 0xf4, 0x01));
	assert_int_equal(scmia_perf_level_get(ph, 0, &lv), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PERF, 0x8, BYTES(W(0)), BYTES(ST_BUSY));
	assert_int_equal(scmia_perf_level_get(ph, 0, &lv), SCMIA_E_SCMI_BUSY);
	assert_true(fp_ok(&g_fp));
}

/* ---- fastchannels ---- */

/* Domain attributes with (bit 27) or without fastchannel support. */
static void script_dom_attrs(uint32_t dom, uint32_t attr)
{
	uint8_t r[4 + 32];

	memset(r, 0, sizeof(r));
	scmia_put_le32(r + 4, attr);
	scmia_put_le32(r + 12, 1000);
	scmia_put_le32(r + 16, 10);
	r[20] = 'd';
	fp_expect(&g_fp, PERF, 0x3, BYTES(W(dom)), r, sizeof(r));
	g_fp.steps[g_fp.n_steps - 1].check_tx = 1;
}

static void test_perf_fc_not_declared_by_domain(void **state)
{
	struct scmia_proto_handle *ph = attach(0x40000u, 2);
	struct scmia_perf_fc_info fi;

	(void)state;
	script_dom_attrs(0, 0xc0000000u);
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LEVEL_SET, &fi),
			 SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp)); /* no PMA, no DESCRIBE_FASTCHANNEL */
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_DOMAIN_ATTRIBUTES, &fi),
			 SCMIA_EINVAL);
}

static void test_perf_fc_not_declared_for_message(void **state)
{
	struct scmia_proto_handle *ph = attach(0x40000u, 2);
	struct scmia_perf_fc_info fi;

	(void)state;
	/* The domain has fastchannels, but PROTOCOL_MESSAGE_ATTRIBUTES of
	 * LEVEL_GET has bit 0 clear: no DESCRIBE_FASTCHANNEL is sent. */
	script_dom_attrs(0, 0xc8000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x8)), BYTES(ST_OK, W(0)));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LEVEL_GET, &fi),
			 SCMIA_ENOTSUP);
	/* Message not implemented at all. */
	script_dom_attrs(0, 0xc8000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x5)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LIMITS_SET, &fi),
			 SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
}

static void test_perf_fc_level_set_with_doorbell(void **state)
{
	struct scmia_proto_handle *ph = attach(0x40000u, 2);
	struct scmia_perf_fc_info fi;
	struct scmia_perf_fc fc;
	uint32_t chan[2] = { 0, 0 };
	uint32_t db = 0xabcd1234u;
	uint32_t lv;
	const uint8_t *cb = (const uint8_t *)chan;

	(void)state;
	script_dom_attrs(1, 0xc8000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x7)), BYTES(ST_OK, W(1)));
	/* PERFORMANCE_DESCRIBE_FASTCHANNEL: in domain_id, message_id; out
	 * attributes (bit 0 doorbell, bits 2:1 width: 2 = 32-bit),
	 * rate_limit, chan_addr_low, chan_addr_high, chan_size,
	 * doorbell_addr_low, doorbell_addr_high, set_mask_low, set_mask_high,
	 * preserve_mask_low, preserve_mask_high. */
	fp_expect(&g_fp, PERF, 0xb, BYTES(W(1), W(0x7)),
		  BYTES(ST_OK, W(0x5), W(500), W(0x40001000u), W(0x1), W(4), W(0x50000000u),
			W(0x2), W(0x00000001u), W(0), W(0xffff0000u), W(0)));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 1, SCMIA_PERF_LEVEL_SET, &fi),
			 SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(fi.msg_id, SCMIA_PERF_LEVEL_SET);
	assert_int_equal(fi.domain, 1);
	assert_int_equal(fi.rate_limit_us, 500);
	assert_true(fi.chan_addr == 0x0000000140001000ull);
	assert_int_equal(fi.chan_size, 4);
	assert_int_equal(fi.db_width, 4);
	assert_true(fi.db_addr == 0x0000000250000000ull);
	assert_true(fi.db_set_mask == 1);
	assert_true(fi.db_preserve_mask == 0xffff0000ull);

	assert_int_equal(scmia_perf_fc_bind(&fc, &fi, chan, NULL), SCMIA_EINVAL); /* doorbell */
	assert_int_equal(scmia_perf_fc_bind(&fc, &fi, (uint8_t *)chan + 1, &db), SCMIA_EINVAL);
	assert_int_equal(scmia_perf_fc_bind(&fc, &fi, chan, &db), SCMIA_OK);
	assert_int_equal(scmia_perf_fc_level_set(&fc, 0x01020304u), SCMIA_OK);
	/* Little-endian in the fastchannel; doorbell rung preserving bits. */
	assert_int_equal(cb[0], 0x04);
	assert_int_equal(cb[3], 0x01);
	assert_int_equal(db, 0xabcd0001u);
	/* A LEVEL_SET fastchannel serves nothing else. */
	assert_int_equal(scmia_perf_fc_level_get(&fc, &lv), SCMIA_ENOTSUP);
	assert_int_equal(scmia_perf_fc_limits_set(&fc, 1, 0), SCMIA_ENOTSUP);
	assert_int_equal(scmia_perf_fc_limits_get(&fc, &lv, &lv), SCMIA_ENOTSUP);
}

static void test_perf_fc_limits_and_sizes(void **state)
{
	struct scmia_proto_handle *ph = attach(0x40000u, 2);
	struct scmia_perf_fc_info fi;
	struct scmia_perf_fc fc;
	uint32_t chan[2];
	uint32_t mx = 0, mn = 0;
	uint8_t *cb = (uint8_t *)chan;

	(void)state;
	/* LIMITS_GET fastchannel without doorbell: 20-byte reply suffices. */
	script_dom_attrs(0, 0x08000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x6)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PERF, 0xb, BYTES(W(0), W(0x6)),
		  BYTES(ST_OK, W(0), W(0), W(0x1000), W(0), W(8)));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LIMITS_GET, &fi),
			 SCMIA_OK);
	assert_int_equal(fi.db_width, 0);
	assert_int_equal(scmia_perf_fc_bind(&fc, &fi, chan, NULL), SCMIA_OK);
	/* range_max at offset 0, range_min at 4, little-endian. */
	cb[0] = 0x84; cb[1] = 0x03; cb[2] = 0; cb[3] = 0;
	cb[4] = 0x64; cb[5] = 0; cb[6] = 0; cb[7] = 0;
	assert_int_equal(scmia_perf_fc_limits_get(&fc, &mx, &mn), SCMIA_OK);
	assert_int_equal(mx, 900);
	assert_int_equal(mn, 100);
	/* A LIMITS channel of 4 bytes cannot hold two words. */
	fi.chan_size = 4;
	assert_int_equal(scmia_perf_fc_bind(&fc, &fi, chan, NULL), SCMIA_EMALFORMED);

	/* Doorbell announced but its fields missing: too short. */
	script_dom_attrs(0, 0x08000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x5)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PERF, 0xb, BYTES(W(0), W(0x5)),
		  BYTES(ST_OK, W(1), W(0), W(0x1000), W(0), W(8)));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LIMITS_SET, &fi),
			 SCMIA_ETOOSHORT);
	/* Size 0 is malformed. */
	script_dom_attrs(0, 0x08000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x5)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PERF, 0xb, BYTES(W(0), W(0x5)),
		  BYTES(ST_OK, W(0), W(0), W(0x1000), W(0), W(0)));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LIMITS_SET, &fi),
			 SCMIA_EMALFORMED);
	/* The platform refuses to describe. */
	script_dom_attrs(0, 0x08000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x5)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PERF, 0xb, BYTES(W(0), W(0x5)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LIMITS_SET, &fi),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_true(fp_ok(&g_fp));

	/* LIMITS_SET with a 64-bit doorbell. */
	memset(&fi, 0, sizeof(fi));
	fi.msg_id = SCMIA_PERF_LIMITS_SET;
	fi.chan_size = 8;
	fi.db_width = 8;
	fi.db_set_mask = 0x100000000ull;
	fi.db_preserve_mask = 0xffull;
	{
		uint64_t db64 = 0x12345678aabbccddull;

		assert_int_equal(scmia_perf_fc_bind(&fc, &fi, chan, &db64), SCMIA_OK);
		assert_int_equal(scmia_perf_fc_limits_set(&fc, 7, 3), SCMIA_OK);
		assert_true(db64 == 0x1000000ddull);
		assert_int_equal(cb[0], 7);
		assert_int_equal(cb[4], 3);
	}
}

static void test_perf_fc_quirk_forces_level_get(void **state)
{
	struct scmia_proto_handle *ph;
	struct scmia_perf_fc_info fi;

	(void)state;
	/* Firmware identified as Qualcomm >= 0x20000 (built-in quirk). */
	strcpy(g_fp.set.ident.vendor, "Qualcomm");
	g_fp.set.ident.impl_version = 0x20000;
	g_fp.set.ident.valid = 1;
	ph = attach(0x40000u, 2);
	assert_int_equal(ph->quirks, SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE);
	/* LEVEL_GET not declared, yet described thanks to the quirk. */
	script_dom_attrs(0, 0x08000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x8)), BYTES(ST_OK, W(0)));
	fp_expect(&g_fp, PERF, 0xb, BYTES(W(0), W(0x8)),
		  BYTES(ST_OK, W(0), W(0), W(0x1000), W(0), W(4)));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LEVEL_GET, &fi),
			 SCMIA_OK);
	/* The quirk covers LEVEL_GET only: LEVEL_SET still needs bit 0. */
	script_dom_attrs(0, 0x08000000u);
	fp_expect(&g_fp, PERF, 0x2, BYTES(W(0x7)), BYTES(ST_OK, W(0)));
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LEVEL_SET, &fi),
			 SCMIA_ENOTSUP);
	/* And the domain must still support fastchannels. */
	script_dom_attrs(0, 0);
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LEVEL_GET, &fi),
			 SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
}

/* ---- notifications ---- */

struct perf_seen {
	unsigned lim_calls, lvl_calls;
	int dec;
	struct scmia_perf_limits_changed lim;
	struct scmia_perf_level_changed lvl;
};

static void on_limits(void *ctx, const struct scmia_notification *n)
{
	struct perf_seen *s = (struct perf_seen *)ctx;

	s->lim_calls++;
	s->dec = scmia_perf_limits_changed_decode(n, &s->lim);
}

static void on_level(void *ctx, const struct scmia_notification *n)
{
	struct perf_seen *s = (struct perf_seen *)ctx;

	s->lvl_calls++;
	s->dec = scmia_perf_level_changed_decode(n, &s->lvl);
}

static void test_perf_notifications(void **state)
{
	struct scmia_proto_handle *ph = attach(0x40000u, 2);
	struct perf_seen s = { 0 }, other = { 0 };
	struct scmia_notifier nl = { .proto_id = PERF, .evt_id = 0, .src_id = 1, .fn = on_limits,
				     .ctx = &s };
	struct scmia_notifier nv = { .proto_id = PERF, .evt_id = 1, .src_id = 1, .fn = on_level,
				     .ctx = &s };
	struct scmia_notifier no = { .proto_id = PERF, .evt_id = 1, .src_id = 0, .fn = on_level,
				     .ctx = &other };

	(void)state;
	/* PERFORMANCE_NOTIFY_LIMITS / _LEVEL: in domain_id, notify_enable. */
	fp_expect(&g_fp, PERF, 0x9, BYTES(W(1), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_perf_notify_limits(ph, 1, 1), SCMIA_OK);
	fp_expect(&g_fp, PERF, 0xa, BYTES(W(1), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_perf_notify_level(ph, 1, 1), SCMIA_OK);
	fp_expect(&g_fp, PERF, 0xa, BYTES(W(0), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_perf_notify_level(ph, 0, 0), SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));

	assert_int_equal(scmia_notify_register(&g_fp.agent, &nl), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &nv), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &no), SCMIA_OK);
	/* PERFORMANCE_LIMITS_CHANGED: agent_id, domain_id, range_max, range_min. */
	assert_int_equal(fp_notify(&g_fp, PERF, 0, BYTES(W(2), W(1), W(800), W(200))), SCMIA_OK);
	/* PERFORMANCE_LEVEL_CHANGED: agent_id, domain_id, performance_level. */
	assert_int_equal(fp_notify(&g_fp, PERF, 1, BYTES(W(2), W(1), W(650))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 2);
	assert_int_equal(s.lim_calls, 1);
	assert_int_equal(s.lim.range_max, 800);
	assert_int_equal(s.lim.range_min, 200);
	assert_int_equal(s.lvl_calls, 1);
	assert_int_equal(s.lvl.perf_level, 650);
	assert_int_equal(other.lvl_calls, 0);
	/* Truncated limits event. */
	assert_int_equal(fp_notify(&g_fp, PERF, 0, BYTES(W(2), W(1), W(800))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ETOOSHORT);
	assert_int_equal(fp_notify(&g_fp, PERF, 1, BYTES(W(2), W(1))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ETOOSHORT);
}

/* The conversion before it had its own division (hz / sl * level + hz % sl
 * * level / sl, with the C library's 64-bit division): the same result for
 * every edge of each input's range and 200000 pseudo-random ones (all
 * three inputs drawn from bit patterns of every length, so that quotients
 * and remainders of every size come up). */
static uint64_t level_to_hz_ref(uint32_t khz, uint32_t sl, uint32_t level)
{
	uint64_t hz = (uint64_t)khz * 1000u;

	if (!sl || !level)
		return 0;
	return hz / sl * level + hz % sl * level / sl;
}

static uint32_t lcg_next(uint64_t *s)
{
	uint32_t v;

	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	v = (uint32_t)(*s >> 32);
	/* A random length too: small values and large ones alike. */
	return v >> ((*s >> 27) & 31u);
}

static void test_perf_level_to_hz_range(void **state)
{
	static const uint32_t edge[] = { 0u,	      1u,	   2u,		3u,	     7u,
					 999u,	      1000u,	   1001u,	0xffffu,     0x10000u,
					 0x7fffffffu, 0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu };
	struct scmia_perf_dom_attrs a;
	uint64_t s = 0x5eed;
	size_t i, j, k;

	(void)state;
	memset(&a, 0, sizeof(a));
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		for (j = 0; j < sizeof(edge) / sizeof(edge[0]); j++)
			for (k = 0; k < sizeof(edge) / sizeof(edge[0]); k++) {
				a.sustained_freq_khz = edge[i];
				a.sustained_perf_level = edge[j];
				assert_true(scmia_perf_level_to_hz(&a, edge[k]) ==
					    level_to_hz_ref(edge[i], edge[j], edge[k]));
			}
	for (i = 0; i < 200000u; i++) {
		uint32_t level = lcg_next(&s);

		a.sustained_freq_khz = lcg_next(&s);
		a.sustained_perf_level = lcg_next(&s);
		if (scmia_perf_level_to_hz(&a, level) !=
		    level_to_hz_ref(a.sustained_freq_khz, a.sustained_perf_level, level))
			fail_msg("khz %u level %u sustained level %u", (unsigned)a.sustained_freq_khz,
				 (unsigned)level, (unsigned)a.sustained_perf_level);
	}
	assert_true(scmia_perf_level_to_hz(NULL, 1) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_perf_protocol_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_attrs_too_short_and_name_get, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_v2_power_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_domain_attributes_v4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_domain_attributes_v2_bits, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_domains_describe_tolerant, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_levels_v3_paged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_levels_v4_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_v3_platform_parsed_with_v3_layout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_v5_platform_without_negotiation_uses_v4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_levels_paging_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_limits_and_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_fc_not_declared_by_domain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_fc_not_declared_for_message, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_fc_level_set_with_doorbell, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_fc_limits_and_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perf_fc_quirk_forces_level_get, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_notifications, setup, teardown),
		cmocka_unit_test(test_perf_level_to_hz_range),
	};

	return cmocka_run_group_tests_name("proto_perf", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clock management protocol (0x14) helpers. Vectors written by hand from
 * DEN0056 §4.6 (Clock protocol v1.0, v2.0 and v3.0 layouts), cross-checked
 * against SCP-firmware module/scmi_clock and Linux arm_scmi/clock.c (facts
 * only): attributes, rates (list and range, paged, 64-bit as low then high
 * word), rate get/set (sync, async with CLOCK_RATE_SET_COMPLETE, async
 * without delayed response), configuration, names, parents, permissions,
 * notifications.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/clock.h"

#define CLK 0x14u

static struct fp g_fp;
static struct scmia_clock_info g_info;

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

/* PROTOCOL_ATTRIBUTES (all versions): attributes: max pending async rate
 * changes 23:16, number of clocks 15:0. */
static struct scmia_proto_handle *attach(uint32_t version, uint32_t attrs)
{
	struct scmia_proto_handle *ph = NULL;
	uint8_t a[4];

	scmia_put_le32(a, attrs);
	assert_int_equal(fp_attach(&g_fp, &scmia_clock_desc, &g_info, version, a, sizeof(a), &ph),
			 SCMIA_OK);
	return ph;
}

/* A 16-byte name field. */
#define NAME16(a, b, c, d) a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

static void test_clock_protocol_attributes(void **state)
{
	struct scmia_proto_handle *ph;
	struct scmia_clock_info ci;

	(void)state;
	ph = attach(0x30000u, 0x00040005u);
	assert_int_equal(ph->version, 0x30000u);
	assert_int_equal(g_info.n_clocks, 5);
	assert_int_equal(g_info.max_async, 4);
	assert_int_equal(scmia_clock_num_clocks(ph), 5);
	assert_int_equal(scmia_clock_protocol_attributes(ph, &ci), SCMIA_OK);
	assert_int_equal(ci.max_async, 4);
	assert_int_equal(scmia_clock_protocol_attributes(NULL, &ci), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_attributes_v3(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 4);
	struct scmia_clock_attrs a;
	uint8_t nr[4 + 4 + 64];

	(void)state;
	/* CLOCK_ATTRIBUTES v3: in clock_id; out attributes (31 rate changed
	 * notif, 30 change requested notif, 29 ext name, 28 parents, 27 ext
	 * config, 1 get permissions, 0 enabled), clock_name[16],
	 * clock_enable_latency. Bits 26..2 reserved: cleared. */
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(2)),
		  BYTES(ST_OK, W(0xfc000007u), NAME16('u', 'a', 'r', 't'), W(150)));
	/* CLOCK_NAME_GET: in clock_id; out flags, name[64]. */
	memset(nr, 0, sizeof(nr));
	memcpy(nr + 8, "uart0-baud-clock-generator", 26);
	fp_expect(&g_fp, CLK, 0x8, BYTES(W(2)), nr, sizeof(nr));
	assert_int_equal(scmia_clock_attributes(ph, 2, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0xf8000003u);
	assert_int_equal(a.enable_latency_us, 150);
	assert_string_equal(a.name, "uart0-baud-clock-generator");
	/* Without ext_name the short name stays. */
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(2)),
		  BYTES(ST_OK, W(0xfc000007u), NAME16('u', 'a', 'r', 't'), W(150)));
	assert_int_equal(scmia_clock_attributes(ph, 2, 0, &a), SCMIA_OK);
	assert_string_equal(a.name, "uart");
	/* Clock 3.0 answered in the v1 layout (TF-A: no clock_enable_latency,
	 * a field v2 appended): accepted, the latency unknown, counted. */
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(1)), BYTES(ST_OK, W(1), NAME16('c', 'p', 'u', 0)));
	assert_int_equal(scmia_clock_attributes(ph, 1, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 1);
	assert_string_equal(a.name, "cpu");
	assert_int_equal(a.enable_latency_us, SCMIA_CLOCK_LATENCY_UNKNOWN);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_ABSENT], 1);
	/* A reply ending inside the latency word, or inside the name (a
	 * field every version requires), is too short. */
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(1)), BYTES(ST_OK, W(1), NAME16('c', 'p', 'u', 0), 7, 0));
	assert_int_equal(scmia_clock_attributes(ph, 1, 1, &a), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(1)), BYTES(ST_OK, W(1), 'c', 'p', 'u', 0));
	assert_int_equal(scmia_clock_attributes(ph, 1, 1, &a), SCMIA_ETOOSHORT);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_ABSENT], 1);
	/* Longer than the layout (a newer platform appends): accepted. */
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(1), NAME16('c', 'p', 'u', 0), W(7), W(0xdead)));
	assert_int_equal(scmia_clock_attributes(ph, 1, 1, &a), SCMIA_OK);
	assert_int_equal(a.enable_latency_us, 7);
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(9)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_clock_attributes(ph, 9, 1, &a), SCMIA_E_SCMI_NOT_FOUND);
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(3)), BYTES(ST_DENIED));
	assert_int_equal(scmia_clock_attributes(ph, 3, 1, &a), SCMIA_E_SCMI_DENIED);
	/* Extended name refused by the platform. */
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(2)),
		  BYTES(ST_OK, W(0x20000000u), NAME16('u', 'a', 'r', 't'), W(1)));
	fp_expect(&g_fp, CLK, 0x8, BYTES(W(2)), BYTES(ST_OK, W(0), 'x'));
	assert_int_equal(scmia_clock_attributes(ph, 2, 1, &a), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_attributes_v1_v2_layouts(void **state)
{
	struct scmia_proto_handle *ph;
	struct scmia_clock_attrs a;
	char name[8];

	(void)state;
	/* v1.0: attributes (bit 0 enabled, the rest reserved), name[16]. */
	ph = attach(0x10000u, 2);
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0xe0000001u), NAME16('r', 'e', 'f', 0)));
	assert_int_equal(scmia_clock_attributes(ph, 0, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, SCMIA_CLOCK_ATTR_ENABLED); /* no CLOCK_NAME_GET */
	assert_int_equal(a.enable_latency_us, SCMIA_CLOCK_LATENCY_UNKNOWN);
	assert_string_equal(a.name, "ref");
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(0)), BYTES(ST_OK, W(1), 'r', 'e', 'f', 0));
	assert_int_equal(scmia_clock_attributes(ph, 0, 1, &a), SCMIA_ETOOSHORT);
	assert_int_equal(scmia_clock_name_get(ph, 0, name, sizeof(name)), SCMIA_ENOTSUP);
	assert_int_equal(scmia_clock_rate_notify(ph, 0, 1), SCMIA_ENOTSUP);
	assert_int_equal(scmia_clock_rate_change_requested_notify(ph, 0, 1), SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
	fp_fini(&g_fp);
	assert_int_equal(fp_init(&g_fp), 0);

	/* v2.0: bits 31..29 defined; the latency word is optional (the 3.0
	 * specification has none, 3.1 appends it). */
	ph = attach(0x20000u, 2);
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0xd8000001u), NAME16('b', 'u', 's', 0)));
	assert_int_equal(scmia_clock_attributes(ph, 1, 0, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0xc0000001u); /* bits 28, 27 reserved in v2 */
	assert_int_equal(a.enable_latency_us, SCMIA_CLOCK_LATENCY_UNKNOWN);
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0x80000000u), NAME16('b', 'u', 's', 0), W(20)));
	assert_int_equal(scmia_clock_attributes(ph, 1, 0, &a), SCMIA_OK);
	assert_int_equal(a.enable_latency_us, 20);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_describe_tolerant(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 3);
	struct scmia_clock_dom c[2];
	uint32_t n = 0;

	(void)state;
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(0)), BYTES(ST_OK, W(1), NAME16('a', 0, 0, 0), W(0)));
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_clock_describe(ph, c, 2, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].err, SCMIA_OK);
	assert_string_equal(c[0].attrs.name, "a");
	assert_int_equal(c[1].err, SCMIA_E_SCMI_DENIED);
	/* A local error (short reply) ends the walk. */
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(0)), BYTES(ST_OK, W(1)));
	assert_int_equal(scmia_clock_describe(ph, c, 2, &n), SCMIA_ETOOSHORT);
	assert_int_equal(n, 0);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_rates_list_paged(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_clock_rates r;
	uint64_t rates[8];

	(void)state;
	memset(rates, 0, sizeof(rates));
	/* CLOCK_DESCRIBE_RATES: in clock_id, rate_index; out num_rates_flags
	 * (remaining 31:16, bit 12: 0 list, returned 11:0), rates[] of
	 * (low word, high word). Page 1: three returned, two remaining. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(1), W(0)),
		  BYTES(ST_OK, W(0x00020003u), W(24000000), W(0), W(0x540be400u), W(0x2),
			W(0xffffffffu), W(0x0)));
	/* Page 2 from index 3: two returned, none remaining. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(1), W(3)),
		  BYTES(ST_OK, W(0x00000002u), W(0), W(1), W(0x12345678u), W(0x9abcdef0u)));
	assert_int_equal(scmia_clock_describe_rates(ph, 1, rates, 8, &r), SCMIA_OK);
	assert_int_equal(r.range, 0);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.total, 5);
	assert_true(rates[0] == 24000000u);
	assert_true(rates[1] == 10000000000ull); /* 10 GHz: above 32 bits */
	assert_true(rates[2] == 0xffffffffull);
	assert_true(rates[3] == 0x100000000ull); /* high word only */
	assert_true(rates[4] == 0x9abcdef012345678ull);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_rates_range(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_clock_rates r;
	uint64_t rates[1];

	(void)state;
	/* Range: bit 12 set, returned 3, remaining 0: min, max, step. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00001003u), W(1000000), W(0), W(0x2a05f200u), W(0x1), W(1000),
			W(0)));
	/* The caller's list storage is not needed (and not touched). */
	rates[0] = 77;
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 1, &r), SCMIA_OK);
	assert_int_equal(r.range, 1);
	assert_int_equal(r.count, 3);
	assert_true(r.min == 1000000u);
	assert_true(r.max == 5000000000ull);
	assert_true(r.step == 1000u);
	assert_true(rates[0] == 77);
	/* No storage at all is fine for a range. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00001003u), W(1), W(0), W(2), W(0), W(1), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, NULL, 0, &r), SCMIA_OK);
	assert_true(r.max == 2);
	/* Out-of-spec firmware: "1 returned" for the triplet, all three sent. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00001001u), W(10), W(0), W(20), W(0), W(5), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, NULL, 0, &r), SCMIA_OK);
	assert_true(r.min == 10 && r.max == 20 && r.step == 5);
	/* ... but not when the three rates are missing. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00001001u), W(10), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, NULL, 0, &r), SCMIA_EMALFORMED);
	/* A range with something remaining. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00011003u), W(1), W(0), W(2), W(0), W(1), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, NULL, 0, &r), SCMIA_EMALFORMED);
	/* min above max. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00001003u), W(0), W(1), W(5), W(0), W(1), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, NULL, 0, &r), SCMIA_EMALFORMED);
	/* Triplet announced, one rate and a half sent. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00001003u), W(1), W(0), W(2), W(0), W(1)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, NULL, 0, &r), SCMIA_ETOOSHORT);
	/* Format switching from list to range between pages. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00030001u), W(1), W(0)));
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(1)),
		  BYTES(ST_OK, W(0x00001003u), W(1), W(0), W(2), W(0), W(1), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 1, &r), SCMIA_EMALFORMED);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_rates_paging_faults(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_clock_rates r;
	uint64_t rates[2];

	(void)state;
	/* Zero returned with four remaining: malformed, never loops. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00040000u)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 2, &r), SCMIA_EMALFORMED);
	/* Remaining grows between pages (total 2, then 5). */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, W(0x00010001u), W(1), W(0)));
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(1)), BYTES(ST_OK, W(0x00030001u), W(2), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 2, &r), SCMIA_EMALFORMED);
	/* A page larger than the caller's buffer: the first two are kept. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00000003u), W(1), W(0), W(2), W(0), W(3), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 2, &r), SCMIA_ENOSPC);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.total, 3);
	assert_true(rates[1] == 2);
	/* No storage: learn the size of the list. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00100002u), W(1), W(0), W(2), W(0)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, NULL, 0, &r), SCMIA_ENOSPC);
	assert_int_equal(r.count, 0);
	assert_int_equal(r.total, 18);
	/* Two announced, one and a half sent. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00000002u), W(1), W(0), W(2)));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 2, &r), SCMIA_ETOOSHORT);
	/* Header only. */
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(0), W(0)), BYTES(ST_OK, 1, 0));
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 2, &r), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, CLK, 0x4, BYTES(W(7), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_clock_describe_rates(ph, 7, rates, 2, &r), SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(scmia_clock_describe_rates(ph, 7, NULL, 2, &r), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_rate_get(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	uint64_t rate = 0;

	(void)state;
	/* CLOCK_RATE_GET: in clock_id; out rate low, rate high. */
	fp_expect(&g_fp, CLK, 0x6, BYTES(W(1)), BYTES(ST_OK, W(0x9502f900u), W(0x2)));
	assert_int_equal(scmia_clock_rate_get(ph, 1, &rate), SCMIA_OK);
	assert_true(rate == 0x29502f900ull); /* 11.1 GHz */
	fp_expect(&g_fp, CLK, 0x6, BYTES(W(1)), BYTES(ST_OK, W(0x9502f900u)));
	assert_int_equal(scmia_clock_rate_get(ph, 1, &rate), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, CLK, 0x6, BYTES(W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_clock_rate_get(ph, 1, &rate), SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_clock_rate_get(ph, 1, NULL), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_rate_set_sync(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 0x00010002u);
	uint64_t actual = 0;

	(void)state;
	/* CLOCK_RATE_SET: in flags (bit 3 round auto, bit 2 round up, bit 1
	 * ignore delayed response, bit 0 async), clock_id, rate low, high. */
	fp_expect(&g_fp, CLK, 0x5, BYTES(W(0), W(1), W(0x540be400u), W(0x2)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_rate_set(ph, 1, 0, 10000000000ull, &actual), SCMIA_OK);
	assert_true(actual == 10000000000ull);
	fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x4), W(1), W(1000), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_rate_set(ph, 1, SCMIA_CLOCK_SET_F_ROUND_UP, 1000, NULL),
			 SCMIA_OK);
	fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x8), W(0), W(5), W(0)), BYTES(ST_OUT_OF_RANGE));
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ROUND_AUTO, 5, NULL),
			 SCMIA_E_SCMI_OUT_OF_RANGE);
	fp_expect(&g_fp, CLK, 0x5, BYTES(W(0), W(0), W(5), W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_clock_rate_set(ph, 0, 0, 5, NULL), SCMIA_E_SCMI_DENIED);
	/* Bad flags: nothing sent. */
	assert_int_equal(scmia_clock_rate_set(ph, 0, 1u << 4, 5, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_IGNORE_DRESP, 5, NULL),
			 SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_rate_set_async(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 0x00010002u);
	uint64_t actual = 0;
	struct fp_step *s;

	(void)state;
	/* Asynchronous: flags 0x1; immediate response SUCCESS, then the
	 * delayed response CLOCK_RATE_SET_COMPLETE: status, clock_id, rate
	 * low, rate high (the rate really applied). */
	s = fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x1), W(1), W(0x540be400u), W(0x2)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1), W(0x540be3ffu), W(0x2)), 0);
	assert_int_equal(scmia_clock_rate_set(ph, 1, SCMIA_CLOCK_SET_F_ASYNC, 10000000000ull,
					      &actual),
			 SCMIA_OK);
	assert_true(actual == 9999999999ull);
	/* Delayed response delivered before the response. */
	s = fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x5), W(0), W(100), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(0), W(100), W(0)), 1);
	assert_int_equal(scmia_clock_rate_set(ph, 0,
					      SCMIA_CLOCK_SET_F_ASYNC | SCMIA_CLOCK_SET_F_ROUND_UP,
					      100, &actual),
			 SCMIA_OK);
	assert_true(actual == 100);
	/* The delayed response names another clock. */
	s = fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x1), W(0), W(100), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1), W(100), W(0)), 0);
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ASYNC, 100, &actual),
			 SCMIA_EMALFORMED);
	/* The delayed response lacks the rate's high word. */
	s = fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x1), W(0), W(100), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(0), W(100)), 0);
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ASYNC, 100, &actual),
			 SCMIA_ETOOSHORT);
	/* The delayed response carries an error. */
	s = fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x1), W(0), W(100), W(0)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_GENERIC_ERROR, W(0), W(0), W(0)), 0);
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ASYNC, 100, &actual),
			 SCMIA_E_SCMI_GENERIC_ERROR);
	/* The immediate response refuses: no delayed response is awaited. */
	fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x1), W(0), W(100), W(0)), BYTES(ST_BUSY));
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ASYNC, 100, &actual),
			 SCMIA_E_SCMI_BUSY);
	/* Async without delayed response (flags 0x3): the response ends it. */
	fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x3), W(1), W(7), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_rate_set(ph, 1,
					      SCMIA_CLOCK_SET_F_ASYNC |
						      SCMIA_CLOCK_SET_F_IGNORE_DRESP,
					      7, &actual),
			 SCMIA_OK);
	assert_true(actual == 7);
	/* The delayed response never comes: a timeout, and the next command
	 * still works. */
	fp_expect(&g_fp, CLK, 0x5, BYTES(W(0x1), W(0), W(100), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ASYNC, 100, &actual),
			 SCMIA_ETIMEDOUT);
	fp_expect(&g_fp, CLK, 0x6, BYTES(W(0)), BYTES(ST_OK, W(100), W(0)));
	assert_int_equal(scmia_clock_rate_get(ph, 0, &actual), SCMIA_OK);
	assert_true(actual == 100);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_rate_set_async_unsupported(void **state)
{
	/* PROTOCOL_ATTRIBUTES announces no pending asynchronous change. */
	struct scmia_proto_handle *ph = attach(0x30000u, 0x00000002u);

	(void)state;
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ASYNC, 100, NULL),
			 SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp)); /* nothing sent */
}

static void test_clock_config_v3(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	uint32_t ext = 0;
	int en = -1;

	(void)state;
	/* CLOCK_CONFIG_SET v3: in clock_id, attributes (extended config type
	 * 23:16, state 1:0: 0 disable, 1 enable, 3 unchanged),
	 * extended_config_val. */
	fp_expect(&g_fp, CLK, 0x7, BYTES(W(1), W(0x00000001u), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_config_set(ph, 1, SCMIA_CLOCK_STATE_ENABLE, 0, 0xffff),
			 SCMIA_OK);
	fp_expect(&g_fp, CLK, 0x7, BYTES(W(1), W(0x00000000u), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_config_set(ph, 1, SCMIA_CLOCK_STATE_DISABLE, 0, 0), SCMIA_OK);
	fp_expect(&g_fp, CLK, 0x7, BYTES(W(1), W(0x00800003u), W(0x1234)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_config_set(ph, 1, SCMIA_CLOCK_STATE_UNCHANGED, 0x80, 0x1234),
			 SCMIA_OK);
	fp_expect(&g_fp, CLK, 0x7, BYTES(W(1), W(0x00000001u), W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_clock_config_set(ph, 1, SCMIA_CLOCK_STATE_ENABLE, 0, 0),
			 SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_clock_config_set(ph, 1, 2, 0, 0), SCMIA_EINVAL); /* reserved */
	/* CLOCK_CONFIG_GET: in clock_id, flags (extended config type 7:0);
	 * out attributes (reserved), config (bit 0 enabled),
	 * extended_config_val. */
	fp_expect(&g_fp, CLK, 0xb, BYTES(W(1), W(0x80)), BYTES(ST_OK, W(0), W(1), W(0x1234)));
	assert_int_equal(scmia_clock_config_get(ph, 1, 0x80, &en, &ext), SCMIA_OK);
	assert_int_equal(en, 1);
	assert_int_equal(ext, 0x1234);
	fp_expect(&g_fp, CLK, 0xb, BYTES(W(1), W(0)), BYTES(ST_OK, W(0), W(0), W(0x99)));
	assert_int_equal(scmia_clock_config_get(ph, 1, 0, &en, &ext), SCMIA_OK);
	assert_int_equal(en, 0);
	assert_int_equal(ext, 0); /* no extended type asked: not reported */
	/* Without extended_config_val (TF-A's CLOCK_CONFIG_GET): enough when
	 * no extended type is asked (counted), too short when one is. */
	fp_expect(&g_fp, CLK, 0xb, BYTES(W(1), W(0)), BYTES(ST_OK, W(0), W(1)));
	assert_int_equal(scmia_clock_config_get(ph, 1, 0, &en, &ext), SCMIA_OK);
	assert_int_equal(en, 1);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_ABSENT], 1);
	fp_expect(&g_fp, CLK, 0xb, BYTES(W(1), W(0x80)), BYTES(ST_OK, W(0), W(1)));
	assert_int_equal(scmia_clock_config_get(ph, 1, 0x80, &en, &ext), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, CLK, 0xb, BYTES(W(1), W(0)), BYTES(ST_OK, W(0)));
	assert_int_equal(scmia_clock_config_get(ph, 1, 0, &en, &ext), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, CLK, 0xb, BYTES(W(4), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_clock_config_get(ph, 4, 0, &en, NULL), SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_config_v2_layout(void **state)
{
	/* A v2 platform: CLOCK_CONFIG_SET is clock_id, attributes (bit 0
	 * enable); no CLOCK_CONFIG_GET: the state is CLOCK_ATTRIBUTES bit 0. */
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	int en = -1;

	(void)state;
	fp_expect(&g_fp, CLK, 0x7, BYTES(W(0), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_config_set(ph, 0, SCMIA_CLOCK_STATE_ENABLE, 0, 0), SCMIA_OK);
	fp_expect(&g_fp, CLK, 0x7, BYTES(W(0), W(0)), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_clock_config_set(ph, 0, SCMIA_CLOCK_STATE_DISABLE, 0, 0),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_int_equal(scmia_clock_config_set(ph, 0, SCMIA_CLOCK_STATE_UNCHANGED, 0, 0),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_clock_config_set(ph, 0, SCMIA_CLOCK_STATE_ENABLE, 0x80, 1),
			 SCMIA_ENOTSUP);
	fp_expect(&g_fp, CLK, 0x3, BYTES(W(0)), BYTES(ST_OK, W(0x1), NAME16('x', 0, 0, 0)));
	assert_int_equal(scmia_clock_config_get(ph, 0, 0, &en, NULL), SCMIA_OK);
	assert_int_equal(en, 1);
	assert_int_equal(scmia_clock_config_get(ph, 0, 0x80, &en, NULL), SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_names_and_notify_enable(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	uint8_t nr[4 + 4 + 64];
	char name[8];

	(void)state;
	/* CLOCK_NAME_GET (v2): in clock_id; out flags, name[64]; a longer
	 * name than the caller's buffer is truncated and terminated. */
	memset(nr, 0, sizeof(nr));
	memcpy(nr + 8, "pll-video-0", 11);
	fp_expect(&g_fp, CLK, 0x8, BYTES(W(1)), nr, sizeof(nr));
	assert_int_equal(scmia_clock_name_get(ph, 1, name, sizeof(name)), SCMIA_OK);
	assert_string_equal(name, "pll-vid");
	fp_expect(&g_fp, CLK, 0x8, BYTES(W(1)), nr, sizeof(nr) - 1);
	assert_int_equal(scmia_clock_name_get(ph, 1, name, sizeof(name)), SCMIA_ETOOSHORT);
	/* CLOCK_RATE_NOTIFY / CLOCK_RATE_CHANGE_REQUESTED_NOTIFY: in
	 * clock_id, notify_enable (bit 0). */
	fp_expect(&g_fp, CLK, 0x9, BYTES(W(1), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_rate_notify(ph, 1, 1), SCMIA_OK);
	fp_expect(&g_fp, CLK, 0x9, BYTES(W(1), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_rate_notify(ph, 1, 0), SCMIA_OK);
	fp_expect(&g_fp, CLK, 0xa, BYTES(W(0), W(1)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_clock_rate_change_requested_notify(ph, 0, 1),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	/* Parents, permissions are v3 only: nothing sent. */
	{
		uint32_t p[2], n = 9, pid;

		assert_int_equal(scmia_clock_possible_parents_get(ph, 0, p, 2, &n), SCMIA_ENOTSUP);
		assert_int_equal(n, 0);
		assert_int_equal(scmia_clock_parent_set(ph, 0, 1), SCMIA_ENOTSUP);
		assert_int_equal(scmia_clock_parent_get(ph, 0, &pid), SCMIA_ENOTSUP);
		assert_int_equal(scmia_clock_get_permissions(ph, 0, &pid), SCMIA_ENOTSUP);
	}
	assert_true(fp_ok(&g_fp));
}

static void test_clock_parents_v3(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	uint32_t p[4], n = 0, pid = 0, perms = 0;

	(void)state;
	/* CLOCK_POSSIBLE_PARENTS_GET: in clock_id, skip_parents; out
	 * num_parent_flags (remaining 31:24, returned 7:0), parents[]. */
	fp_expect(&g_fp, CLK, 0xc, BYTES(W(0x1234), W(0)),
		  BYTES(ST_OK, W(0x01000002u), W(0xabcd), W(9)));
	fp_expect(&g_fp, CLK, 0xc, BYTES(W(0x1234), W(2)), BYTES(ST_OK, W(0x00000001u), W(12)));
	assert_int_equal(scmia_clock_possible_parents_get(ph, 0x1234, p, 4, &n), SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(p[0], 0xabcd);
	assert_int_equal(p[2], 12);
	/* Zero returned with parents remaining. */
	fp_expect(&g_fp, CLK, 0xc, BYTES(W(0x1234), W(0)), BYTES(ST_OK, W(0x02000000u)));
	assert_int_equal(scmia_clock_possible_parents_get(ph, 0x1234, p, 4, &n), SCMIA_EMALFORMED);
	/* More parents than room. */
	fp_expect(&g_fp, CLK, 0xc, BYTES(W(5), W(0)),
		  BYTES(ST_OK, W(0x00000003u), W(1), W(2), W(3)));
	assert_int_equal(scmia_clock_possible_parents_get(ph, 5, p, 2, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 2);
	/* Truncated page. */
	fp_expect(&g_fp, CLK, 0xc, BYTES(W(5), W(0)), BYTES(ST_OK, W(0x00000002u), W(1)));
	assert_int_equal(scmia_clock_possible_parents_get(ph, 5, p, 2, &n), SCMIA_ETOOSHORT);
	/* CLOCK_PARENT_SET: in clock_id, parent_id: both ids exactly as given
	 * (no translation, once or twice). */
	fp_expect(&g_fp, CLK, 0xd, BYTES(W(0x1234), W(0xabcd)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_parent_set(ph, 0x1234, 0xabcd), SCMIA_OK);
	/* INVALID_PARAMETERS about a clock that exists (id below the count)
	 * passes through; about an id past the count it is NOT_FOUND. */
	fp_expect(&g_fp, CLK, 0xd, BYTES(W(1), W(3)), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_clock_parent_set(ph, 1, 3), SCMIA_E_SCMI_INVALID_PARAMETERS);
	fp_expect(&g_fp, CLK, 0xd, BYTES(W(0x1234), W(3)), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_clock_parent_set(ph, 0x1234, 3), SCMIA_E_SCMI_NOT_FOUND);
	/* CLOCK_PARENT_GET: in clock_id; out parent_id. */
	fp_expect(&g_fp, CLK, 0xe, BYTES(W(0x1234)), BYTES(ST_OK, W(0xabcd)));
	assert_int_equal(scmia_clock_parent_get(ph, 0x1234, &pid), SCMIA_OK);
	assert_int_equal(pid, 0xabcd);
	fp_expect(&g_fp, CLK, 0xe, BYTES(W(0x1234)), BYTES(ST_OK, 0xcd, 0xab));
	assert_int_equal(scmia_clock_parent_get(ph, 0x1234, &pid), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, CLK, 0xe, BYTES(W(0x1234)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_clock_parent_get(ph, 0x1234, &pid), SCMIA_E_SCMI_NOT_SUPPORTED);
	/* CLOCK_GET_PERMISSIONS: in clock_id; out permissions (31 state, 30
	 * parent, 29 rate; the rest reserved). */
	fp_expect(&g_fp, CLK, 0xf, BYTES(W(1)), BYTES(ST_OK, W(0xa000ffffu)));
	assert_int_equal(scmia_clock_get_permissions(ph, 1, &perms), SCMIA_OK);
	assert_int_equal(perms, SCMIA_CLOCK_PERM_STATE | SCMIA_CLOCK_PERM_RATE);
	fp_expect(&g_fp, CLK, 0xf, BYTES(W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_clock_get_permissions(ph, 1, &perms), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_clock_newer_platform_speaks_v3(void **state)
{
	struct scmia_proto_handle *ph;
	uint32_t pid = 0;

	(void)state;
	/* Platform v4.0, NEGOTIATE_PROTOCOL_VERSION implemented: agreed 3.0. */
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_clock_desc, NULL, &ph), SCMIA_OK);
	fp_expect(&g_fp, CLK, 0x0, NOPARAMS, BYTES(ST_OK, W(0x40000)));
	fp_expect(&g_fp, CLK, 0x2, BYTES(W(0x10)), BYTES(ST_OK, W(0)));
	fp_expect(&g_fp, CLK, 0x10, BYTES(W(0x30000)), BYTES(ST_OK));
	fp_expect(&g_fp, CLK, 0x1, NOPARAMS, BYTES(ST_OK, W(3)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	assert_int_equal(ph->version, 0x30000u);
	assert_true(ph->hflags & SCMIA_PROTO_HF_NEGOTIATED);
	fp_expect(&g_fp, CLK, 0xe, BYTES(W(2)), BYTES(ST_OK, W(1)));
	assert_int_equal(scmia_clock_parent_get(ph, 2, &pid), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
}

/* ---- notifications ---- */

struct clk_seen {
	unsigned changed, requested;
	int dec;
	struct scmia_clock_rate_event ev;
};

static void on_changed(void *ctx, const struct scmia_notification *n)
{
	struct clk_seen *s = (struct clk_seen *)ctx;

	s->changed++;
	s->dec = scmia_clock_rate_changed_decode(n, &s->ev);
}

static void on_requested(void *ctx, const struct scmia_notification *n)
{
	struct clk_seen *s = (struct clk_seen *)ctx;

	s->requested++;
	s->dec = scmia_clock_rate_change_requested_decode(n, &s->ev);
}

static void test_clock_notifications(void **state)
{
	struct clk_seen s = { 0 }, other = { 0 };
	struct scmia_notifier nc = { .proto_id = CLK, .evt_id = 0, .src_id = 3, .fn = on_changed,
				     .ctx = &s };
	struct scmia_notifier nr = { .proto_id = CLK, .evt_id = 1, .src_id = SCMIA_NOTIFY_SRC_ANY,
				     .fn = on_requested, .ctx = &s };
	struct scmia_notifier no = { .proto_id = CLK, .evt_id = 0, .src_id = 4, .fn = on_changed,
				     .ctx = &other };
	struct scmia_notification bad = { 0 };

	(void)state;
	(void)attach(0x30000u, 5);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &nc), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &nr), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &no), SCMIA_OK);
	/* CLOCK_RATE_CHANGED: agent_id, clock_id, rate low, rate high. */
	assert_int_equal(fp_notify(&g_fp, CLK, 0, BYTES(W(1), W(3), W(0x540be400u), W(2))),
			 SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.changed, 1);
	assert_int_equal(other.changed, 0); /* source id 3 only reached clock 3's handler */
	assert_int_equal(s.dec, SCMIA_OK);
	assert_int_equal(s.ev.agent_id, 1);
	assert_int_equal(s.ev.clock_id, 3);
	assert_true(s.ev.rate == 10000000000ull);
	/* CLOCK_RATE_CHANGE_REQUESTED: same payload, its own handler. */
	assert_int_equal(fp_notify(&g_fp, CLK, 1, BYTES(W(2), W(4), W(48000), W(0))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.requested, 1);
	assert_int_equal(s.changed, 1);
	assert_int_equal(other.changed, 0);
	assert_int_equal(s.ev.clock_id, 4);
	assert_true(s.ev.rate == 48000u);
	/* Truncated: the rate's high word is missing. */
	assert_int_equal(fp_notify(&g_fp, CLK, 0, BYTES(W(1), W(3), W(1))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ETOOSHORT);
	/* A decoder refuses another event. */
	bad.proto_id = CLK;
	bad.msg_id = 1;
	assert_int_equal(scmia_clock_rate_changed_decode(&bad, &s.ev), SCMIA_EINVAL);
	bad.proto_id = 0x13;
	bad.msg_id = 0;
	assert_int_equal(scmia_clock_rate_changed_decode(&bad, &s.ev), SCMIA_EINVAL);
}

/* Script a reply that is only @p status for message @p msg (parameters
 * not checked: their vectors are tested above). */
static void script_status(uint8_t proto, uint8_t msg, int32_t status)
{
	uint8_t r[4];

	scmia_put_le32(r, (uint32_t)status);
	fp_expect(&g_fp, proto, msg, NOBYTES, r, sizeof(r));
}

static int clock_call(struct scmia_proto_handle *ph, unsigned i)
{
	struct scmia_clock_attrs a;
	struct scmia_clock_rates r;
	uint64_t rates[2], v;
	uint32_t w, p[2];
	int en;

	switch (i) {
	case 0:
		return scmia_clock_attributes(ph, 0, 1, &a);
	case 1:
		return scmia_clock_describe_rates(ph, 0, rates, 2, &r);
	case 2:
		return scmia_clock_rate_set(ph, 0, 0, 1, &v);
	case 3:
		return scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ASYNC, 1, &v);
	case 4:
		return scmia_clock_rate_get(ph, 0, &v);
	case 5:
		return scmia_clock_config_set(ph, 0, SCMIA_CLOCK_STATE_ENABLE, 0, 0);
	case 6:
		return scmia_clock_config_get(ph, 0, 0, &en, NULL);
	case 7:
		return scmia_clock_name_get(ph, 0, a.name, sizeof(a.name));
	case 8:
		return scmia_clock_rate_notify(ph, 0, 1);
	case 9:
		return scmia_clock_rate_change_requested_notify(ph, 0, 1);
	case 10:
		return scmia_clock_possible_parents_get(ph, 0, p, 2, &w);
	case 11:
		return scmia_clock_parent_set(ph, 0, 1);
	case 12:
		return scmia_clock_parent_get(ph, 0, &w);
	default:
		return scmia_clock_get_permissions(ph, 0, &w);
	}
}

static void test_clock_status_every_call(void **state)
{
	static const uint8_t msgs[] = { 0x3, 0x4, 0x5, 0x5, 0x6, 0x7, 0xb,
					0x8, 0x9, 0xa, 0xc, 0xd, 0xe, 0xf };
	struct scmia_proto_handle *ph = attach(0x30000u, 0x00010002u);
	unsigned i;

	(void)state;
	/* Every SCMI status (DEN0056 §4.1.4) maps to its own error, per call. */
	for (i = 0; i < sizeof(msgs) * 2u; i++) {
		int32_t st = -(int32_t)(1u + i % 11u);

		script_status(CLK, msgs[i % sizeof(msgs)], st);
		assert_int_equal(clock_call(ph, i % sizeof(msgs)), SCMIA_E_SCMI_BASE + st);
	}
	assert_true(fp_ok(&g_fp));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clock_protocol_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_attributes_v3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_attributes_v1_v2_layouts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_clock_describe_tolerant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_rates_list_paged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_rates_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_rates_paging_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_rate_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_rate_set_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_rate_set_async, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_rate_set_async_unsupported, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_clock_config_v3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_config_v2_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_names_and_notify_enable, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_clock_parents_v3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_newer_platform_speaks_v3, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_clock_notifications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_status_every_call, setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_clock", tests, NULL, NULL);
}

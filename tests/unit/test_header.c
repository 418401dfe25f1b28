/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: message header codec (DEN0056 §4.1.1 bit layout), le32/le64
 * helpers, the error space (status mapping of §4.1.4), strerror, counter
 * names and the version getter. The vectors are written by hand from the
 * header layout table: msg_id 7:0, type 9:8, protocol_id 17:10,
 * token 27:18, reserved 31:28.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"

/* Each field alone at its maximum lands in its own bits only. */
static void test_hdr_pack_each_field_at_extremes(void **state)
{
	(void)state;
	assert_int_equal(scmia_hdr_pack(0xff, 0, 0, 0), 0x000000ffu);
	assert_int_equal(scmia_hdr_pack(0, 3, 0, 0), 0x00000300u);
	assert_int_equal(scmia_hdr_pack(0, 0, 0xff, 0), 0x0003fc00u);
	assert_int_equal(scmia_hdr_pack(0, 0, 0, 0x3ff), 0x0ffc0000u);
	assert_int_equal(scmia_hdr_pack(0xff, 3, 0xff, 0x3ff), 0x0fffffffu);
	assert_int_equal(scmia_hdr_pack(0, 0, 0, 0), 0u);
	/* Base PROTOCOL_VERSION, token 1: 0x10 << 10 | 1 << 18 */
	assert_int_equal(scmia_hdr_pack(0x0, SCMIA_MSG_TYPE_COMMAND, SCMIA_PROTO_BASE, 1),
			 0x00044000u);
	/* Clock delayed response of CLOCK_RATE_SET (0x5), token 0x155 */
	assert_int_equal(scmia_hdr_pack(0x5, SCMIA_MSG_TYPE_DELAYED_RESP, SCMIA_PROTO_CLOCK, 0x155),
			 0x05545205u);
}

static void test_hdr_unpack_each_field_at_extremes(void **state)
{
	uint32_t h = 0x0fffffffu;

	(void)state;
	assert_int_equal(scmia_hdr_msg_id(h), 0xff);
	assert_int_equal(scmia_hdr_type(h), 3);
	assert_int_equal(scmia_hdr_proto_id(h), 0xff);
	assert_int_equal(scmia_hdr_token(h), 0x3ff);
	assert_int_equal(scmia_hdr_reserved(h), 0);
	h = 0x05545205u;
	assert_int_equal(scmia_hdr_msg_id(h), 0x5);
	assert_int_equal(scmia_hdr_type(h), SCMIA_MSG_TYPE_DELAYED_RESP);
	assert_int_equal(scmia_hdr_proto_id(h), SCMIA_PROTO_CLOCK);
	assert_int_equal(scmia_hdr_token(h), 0x155);
	h = 0;
	assert_int_equal(scmia_hdr_msg_id(h), 0);
	assert_int_equal(scmia_hdr_type(h), 0);
	assert_int_equal(scmia_hdr_proto_id(h), 0);
	assert_int_equal(scmia_hdr_token(h), 0);
}

/* The type is 2 bits: a larger value must not spill into the protocol or
 * token, and a token above 10 bits must not reach the reserved bits. */
static void test_hdr_type_not_shifted_into_token(void **state)
{
	uint32_t t;

	(void)state;
	for (t = 0; t < 16; t++) {
		uint32_t h = scmia_hdr_pack(0x12, t, 0x34, 0x2aa);

		assert_int_equal(scmia_hdr_type(h), t & 3u);
		assert_int_equal(scmia_hdr_token(h), 0x2aa);
		assert_int_equal(scmia_hdr_proto_id(h), 0x34);
		assert_int_equal(scmia_hdr_msg_id(h), 0x12);
	}
	assert_int_equal(scmia_hdr_token(scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0, 0)), 0);
	assert_int_equal(scmia_hdr_pack(0, 0, 0, 0x400), 0u);
	assert_int_equal(scmia_hdr_pack(0, 0, 0, 0xffffffffu), 0x0ffc0000u);
	assert_int_equal(scmia_hdr_reserved(scmia_hdr_pack(0xff, 0xff, 0xff, 0xffffffffu)), 0);
}

static void test_hdr_reserved_bits_visible(void **state)
{
	(void)state;
	assert_int_equal(scmia_hdr_reserved(0xf0000000u), 0xf);
	assert_int_equal(scmia_hdr_reserved(0x10000000u), 1);
	assert_int_equal(scmia_hdr_reserved(0x0fffffffu), 0);
	/* reserved bits do not leak into the token */
	assert_int_equal(scmia_hdr_token(0xf0000000u), 0);
}

static void test_hdr_roundtrip_every_token(void **state)
{
	uint32_t tok;

	(void)state;
	for (tok = 0; tok < SCMIA_TOKEN_SPACE; tok++) {
		uint32_t h = scmia_hdr_pack((uint8_t)tok, tok & 3u, (uint8_t)(tok >> 2), tok);

		assert_int_equal(scmia_hdr_token(h), tok);
		assert_int_equal(scmia_hdr_msg_id(h), tok & 0xffu);
		assert_int_equal(scmia_hdr_type(h), tok & 3u);
		assert_int_equal(scmia_hdr_proto_id(h), (tok >> 2) & 0xffu);
	}
}

static void test_hdr_same_msg_ignores_type_only(void **state)
{
	uint32_t a = scmia_hdr_pack(0x5, SCMIA_MSG_TYPE_COMMAND, SCMIA_PROTO_CLOCK, 7);

	(void)state;
	assert_true(scmia_hdr_same_msg(a, a));
	assert_true(scmia_hdr_same_msg(a, scmia_hdr_pack(0x5, 2, SCMIA_PROTO_CLOCK, 7)));
	assert_false(scmia_hdr_same_msg(a, scmia_hdr_pack(0x6, 0, SCMIA_PROTO_CLOCK, 7)));
	assert_false(scmia_hdr_same_msg(a, scmia_hdr_pack(0x5, 0, SCMIA_PROTO_PERF, 7)));
	assert_false(scmia_hdr_same_msg(a, scmia_hdr_pack(0x5, 0, SCMIA_PROTO_CLOCK, 8)));
}

/* Wire bytes are little-endian whatever the host. */
static void test_le32_byte_order(void **state)
{
	static const uint8_t wire[4] = { 0x78, 0x56, 0x34, 0x12 };
	uint8_t buf[6];

	(void)state;
	assert_int_equal(scmia_get_le32(wire), 0x12345678u);
	memset(buf, 0xee, sizeof(buf));
	scmia_put_le32(buf + 1, 0xa1b2c3d4u); /* unaligned */
	assert_int_equal(buf[0], 0xee);
	assert_int_equal(buf[1], 0xd4);
	assert_int_equal(buf[2], 0xc3);
	assert_int_equal(buf[3], 0xb2);
	assert_int_equal(buf[4], 0xa1);
	assert_int_equal(buf[5], 0xee);
	assert_int_equal(scmia_get_le32(buf + 1), 0xa1b2c3d4u);
}

/* 64-bit values travel as two le32 words, low word first (e.g. Clock
 * CLOCK_RATE_GET v1+: rate_low, rate_high). */
static void test_le64_word_order_low_first(void **state)
{
	static const uint8_t wire[8] = { 0x00, 0xe1, 0xf5, 0x05, 0x01, 0x00, 0x00, 0x00 };
	uint8_t buf[9];

	(void)state;
	/* low word 0x05f5e100 (100 000 000), high word 1 */
	assert_true(scmia_get_le64(wire) == 0x0000000105f5e100ull);
	memset(buf, 0, sizeof(buf));
	scmia_put_le64(buf + 1, 0x1122334455667788ull);
	assert_int_equal(scmia_get_le32(buf + 1), 0x55667788u);
	assert_int_equal(scmia_get_le32(buf + 5), 0x11223344u);
	assert_int_equal(buf[1], 0x88);
	assert_int_equal(buf[8], 0x11);
	assert_true(scmia_get_le64(buf + 1) == 0x1122334455667788ull);
}

static void test_err_from_status_maps_each_status(void **state)
{
	static const int expect[12] = {
		SCMIA_OK,
		SCMIA_E_SCMI_NOT_SUPPORTED,
		SCMIA_E_SCMI_INVALID_PARAMETERS,
		SCMIA_E_SCMI_DENIED,
		SCMIA_E_SCMI_NOT_FOUND,
		SCMIA_E_SCMI_OUT_OF_RANGE,
		SCMIA_E_SCMI_BUSY,
		SCMIA_E_SCMI_COMMS_ERROR,
		SCMIA_E_SCMI_GENERIC_ERROR,
		SCMIA_E_SCMI_HARDWARE_ERROR,
		SCMIA_E_SCMI_PROTOCOL_ERROR,
		SCMIA_E_SCMI_IN_USE,
	};
	int32_t s;

	(void)state;
	for (s = 0; s >= -11; s--) {
		int e = scmia_err_from_status(s);

		assert_int_equal(e, expect[-s]);
		if (s) {
			assert_true(scmia_err_is_scmi(e));
			assert_int_equal(scmia_err_to_status(e), s);
		} else {
			assert_false(scmia_err_is_scmi(e));
			assert_int_equal(scmia_err_to_status(e), 0);
		}
	}
}

/* Status outside [-11, 0] must be malformed, never a table index. */
static void test_status_out_of_range_is_malformed(void **state)
{
	static const int32_t bad[] = { 1, -12, INT32_MIN, INT32_MAX, 2, -13, -100, -111, 0x7f };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(scmia_err_from_status(bad[i]), SCMIA_EMALFORMED);
	assert_false(scmia_err_is_scmi(SCMIA_EMALFORMED));
	assert_false(scmia_err_is_scmi(SCMIA_E_SCMI_BASE));
	assert_false(scmia_err_is_scmi(SCMIA_E_SCMI_IN_USE - 1));
	assert_int_equal(scmia_err_to_status(SCMIA_ETIMEDOUT), SCMIA_STATUS_GENERIC_ERROR);
}

static void test_strerror_non_empty_for_every_code(void **state)
{
	int e;

	(void)state;
	for (e = 0; e >= SCMIA_EDENIED_LOCAL; e--) {
		const char *s = scmia_strerror(e);

		assert_non_null(s);
#if SCMIA_CFG_STRERROR
		assert_true(strlen(s) > 0);
#endif
	}
	for (e = SCMIA_E_SCMI_NOT_SUPPORTED; e >= SCMIA_E_SCMI_IN_USE; e--) {
		const char *s = scmia_strerror(e);

		assert_non_null(s);
#if SCMIA_CFG_STRERROR
		assert_true(strlen(s) > 0);
		/* distinct from the local band's texts */
		assert_string_not_equal(s, scmia_strerror(SCMIA_EINVAL));
#endif
	}
	/* unknown codes, positive counts and extremes never crash */
	assert_non_null(scmia_strerror(-17));
	assert_non_null(scmia_strerror(-99));
	assert_non_null(scmia_strerror(-112));
	assert_non_null(scmia_strerror(INT_MIN));
	assert_non_null(scmia_strerror(INT_MAX));
	assert_non_null(scmia_strerror(SCMIA_RX_DEFERRED));
#if SCMIA_CFG_STRERROR
	assert_string_not_equal(scmia_strerror(SCMIA_ETIMEDOUT), scmia_strerror(SCMIA_EMALFORMED));
	/* each text at its code's place: both ends of each band */
	assert_string_equal(scmia_strerror(SCMIA_OK), "success");
	assert_string_equal(scmia_strerror(SCMIA_ETIMEDOUT), "timed out");
	assert_string_equal(scmia_strerror(SCMIA_EDENIED_LOCAL), "denied by local policy");
	assert_string_equal(scmia_strerror(SCMIA_E_SCMI_NOT_SUPPORTED), "SCMI NOT_SUPPORTED");
	assert_string_equal(scmia_strerror(SCMIA_E_SCMI_IN_USE), "SCMI IN_USE");
	assert_string_equal(scmia_strerror(SCMIA_EDENIED_LOCAL - 1), "unknown error");
	assert_string_equal(scmia_strerror(SCMIA_E_SCMI_BASE), "unknown error");
	assert_string_equal(scmia_strerror(SCMIA_E_SCMI_IN_USE - 1), "unknown error");
#endif
}

static void test_counter_names_cover_every_counter(void **state)
{
	int i, j;

	(void)state;
#if !SCMIA_CFG_COUNTERS
	(void)j;
	for (i = 0; i < SCMIA_CNT__COUNT; i++)
		assert_string_equal(scmia_counter_name((enum scmia_counter)i), "");
	assert_string_equal(scmia_counter_name(SCMIA_CNT__COUNT), "?");
	return;
#endif
	for (i = 0; i < SCMIA_CNT__COUNT; i++) {
		const char *s = scmia_counter_name((enum scmia_counter)i);

		assert_non_null(s);
		assert_true(strlen(s) > 0);
		assert_string_not_equal(s, "?");
		for (j = 0; j < i; j++)
			assert_string_not_equal(s, scmia_counter_name((enum scmia_counter)j));
	}
	assert_string_equal(scmia_counter_name(SCMIA_CNT__COUNT), "?");
	assert_string_equal(scmia_counter_name((enum scmia_counter)1000), "?");
	/* each name at its counter's place: first, middle, last */
	assert_string_equal(scmia_counter_name(SCMIA_CNT_SENT), "sent");
	assert_string_equal(scmia_counter_name(SCMIA_CNT_TIMEOUTS), "timeouts");
	assert_string_equal(scmia_counter_name(SCMIA_CNT_STALE_REUSED), "stale_reused");
	assert_string_equal(scmia_counter_name((enum scmia_counter)(SCMIA_CNT__COUNT - 1)), "status_in_use");
}

static void test_version_matches_header(void **state)
{
	(void)state;
	assert_int_equal(scmia_version(), (uint32_t)SCMIA_VERSION);
	assert_int_equal(SCMIA_VERSION >> 16, SCMIA_VERSION_MAJOR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hdr_pack_each_field_at_extremes),
		cmocka_unit_test(test_hdr_unpack_each_field_at_extremes),
		cmocka_unit_test(test_hdr_type_not_shifted_into_token),
		cmocka_unit_test(test_hdr_reserved_bits_visible),
		cmocka_unit_test(test_hdr_roundtrip_every_token),
		cmocka_unit_test(test_hdr_same_msg_ignores_type_only),
		cmocka_unit_test(test_le32_byte_order),
		cmocka_unit_test(test_le64_word_order_low_first),
		cmocka_unit_test(test_err_from_status_maps_each_status),
		cmocka_unit_test(test_status_out_of_range_is_malformed),
		cmocka_unit_test(test_strerror_non_empty_for_every_code),
		cmocka_unit_test(test_counter_names_cover_every_counter),
		cmocka_unit_test(test_version_matches_header),
	};

	return cmocka_run_group_tests_name("unit_header", tests, NULL, NULL);
}

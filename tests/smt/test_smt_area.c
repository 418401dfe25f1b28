/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMT area helpers: layout, barrier order, bounds, accessors. Test vectors
 * are written by hand from the DEN0056 shared-memory layout (§5.1.2 of
 * DEN0056 E: reserved, channel status, reserved[2], flags, length, header,
 * payload) and from the message layouts named at each vector.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia_smt.h"
#include "smt_test_acc.h"

#define AREA 128u

struct fx {
	uint32_t mem[AREA / 4];
	struct scmia_smt_area area;
	struct rec_acc rec;
	uint8_t rx[128];
	uint8_t tx[64];
	struct scmia_xfer x;
};

static struct fx F;

static int setup(void **state)
{
	(void)state;
	memset(&F, 0, sizeof(F));
	memset(F.mem, 0xAA, sizeof(F.mem)); /* reserved words: a pattern */
	rec_init(&F.rec, F.mem, AREA);
	assert_int_equal(scmia_smt_area_init(&F.area, F.mem, AREA, &rec_word32_acc, &F.rec),
			 SCMIA_OK);
	F.x.tx_buf = F.tx;
	F.x.rx_buf = F.rx;
	F.x.rx_cap = sizeof(F.rx);
	return 0;
}

static const uint8_t *bytes(void)
{
	return (const uint8_t *)F.mem;
}

/* Write a whole area image from bytes (little-endian layout by hand). */
static void load(const uint8_t *img, size_t n)
{
	memcpy(F.mem, img, n);
}

/* ---------------------------------------------------------------- */

static void test_area_init_args(void **state)
{
	struct scmia_smt_area a;
	static const struct scmia_smt_access no_read = { .write32 = rec_write32 };

	(void)state;
	assert_int_equal(scmia_smt_area_init(NULL, F.mem, AREA, NULL, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_init(&a, NULL, AREA, NULL, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_init(&a, (uint8_t *)F.mem + 2, 64, NULL, NULL),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_init(&a, F.mem, 30, NULL, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_init(&a, F.mem, SCMIA_SMT_AREA_MIN - 4, NULL, NULL),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_init(&a, F.mem, AREA, &no_read, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_init(&a, F.mem, SCMIA_SMT_AREA_MIN, NULL, NULL),
			 SCMIA_OK);
	assert_ptr_equal(a.acc, &scmia_smt_access_default);
}

static void test_layout_constants(void **state)
{
	(void)state;
	assert_int_equal(SCMIA_SMT_OFF_STATUS, 0x04);
	assert_int_equal(SCMIA_SMT_OFF_RESERVED1, 0x08);
	assert_int_equal(SCMIA_SMT_OFF_FLAGS, 0x10);
	assert_int_equal(SCMIA_SMT_OFF_LENGTH, 0x14);
	assert_int_equal(SCMIA_SMT_OFF_HEADER, 0x18);
	assert_int_equal(SCMIA_SMT_OFF_PAYLOAD, 0x1C);
	assert_int_equal(SCMIA_SMT_AREA_SIZE(100), 128);
	assert_int_equal(SCMIA_SMT_PAYLOAD_MAX(128), 100);
}

/*
 * Vector: Clock protocol (0x14) CLOCK_RATE_GET (msg 0x6), DEN0056 v3.2
 * §4.6.2.8: parameter clock_id. Token 5, completion interrupt wanted.
 * Header = 0x06 | 0 << 8 | 0x14 << 10 | 5 << 18 = 0x00145006.
 */
static void test_tx_prepare_vector(void **state)
{
	static const uint8_t expect[0x20] = {
		0xAA, 0xAA, 0xAA, 0xAA, /* 0x00 reserved: untouched */
		0x00, 0x00, 0x00, 0x00, /* 0x04 status: cleared (not FREE, no ERROR) */
		0xAA, 0xAA, 0xAA, 0xAA, /* 0x08 reserved: untouched */
		0xAA, 0xAA, 0xAA, 0xAA, /* 0x0C reserved: untouched */
		0x01, 0x00, 0x00, 0x00, /* 0x10 flags: completion interrupt */
		0x08, 0x00, 0x00, 0x00, /* 0x14 length: 4 + 4 */
		0x06, 0x50, 0x14, 0x00, /* 0x18 header */
		0x02, 0x00, 0x00, 0x00, /* 0x1C clock_id = 2 */
	};

	(void)state;
	smt_word_set(F.mem, 1, 0x3); /* FREE | ERROR left over: both must be cleared */
	F.x.hdr = scmia_hdr_pack(0x6, SCMIA_MSG_TYPE_COMMAND, 0x14, 5);
	assert_int_equal(F.x.hdr, 0x00145006u);
	scmia_put_le32(F.tx, 2);
	F.x.tx_len = 4;
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 1), SCMIA_OK);
	assert_memory_equal(bytes(), expect, sizeof(expect));
	assert_int_equal(F.rec.bad, 0);

	/* Polling: flags 0. */
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 0), SCMIA_OK);
	assert_int_equal(bytes()[0x10], 0);
}

/* Status is the last write; the message words all come before it. */
static void test_tx_prepare_order(void **state)
{
	int st, i;

	(void)state;
	F.x.hdr = scmia_hdr_pack(0x3, 0, 0x80, 9);
	memset(F.tx, 0x5A, 13);
	F.x.tx_len = 13;
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 1), SCMIA_OK);
	st = rec_find_last(&F.rec, REC_W, SCMIA_SMT_OFF_STATUS);
	assert_true(st >= 0);
	assert_int_equal(st, (int)F.rec.n - 1);
	assert_int_equal(rec_find(&F.rec, 0, REC_W, SCMIA_SMT_OFF_STATUS), st);
	assert_true(rec_find(&F.rec, 0, REC_W, SCMIA_SMT_OFF_HEADER) < st);
	assert_true(rec_find(&F.rec, 0, REC_W, SCMIA_SMT_OFF_LENGTH) < st);
	assert_true(rec_find(&F.rec, 0, REC_W, SCMIA_SMT_OFF_FLAGS) < st);
	for (i = 0; i < 4; i++) /* 13 bytes: 4 words of payload */
		assert_true(rec_find(&F.rec, 0, REC_W, SCMIA_SMT_OFF_PAYLOAD + 4u * (unsigned)i) <
			    st);
	/* the last partial word is zero padded */
	assert_int_equal(smt_word_get(F.mem, (SCMIA_SMT_OFF_PAYLOAD + 12) / 4), 0x5Au);
	assert_int_equal(F.rec.bad, 0);
}

static void test_tx_prepare_bounds(void **state)
{
	(void)state;
	F.x.hdr = scmia_hdr_pack(0x3, 0, 0x80, 1);
	F.x.tx_len = AREA - SCMIA_SMT_OFF_PAYLOAD + 1;
	F.x.tx_buf = NULL;
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 1), SCMIA_EINVAL);
	F.x.tx_buf = F.tx;
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 1), SCMIA_ENOSPC);
	assert_int_equal(smt_word_get(F.mem, 1), SCMIA_SMT_STATUS_FREE); /* nothing handed over */
	assert_int_equal(F.rec.writes, 0);
	assert_int_equal(scmia_smt_area_tx_prepare(NULL, &F.x, 1), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, NULL, 1), SCMIA_EINVAL);
}

/*
 * Vector: response to CLOCK_RATE_GET (above), DEN0056 v3.2 §4.6.2.8:
 * int32 status, uint32 rate[0] (low), uint32 rate[1] (high). Rate 100 MHz.
 */
static void test_fetch_response_vector(void **state)
{
	static const uint8_t img[0x28] = {
		0x00, 0x00, 0x00, 0x00, /* reserved */
		0x01, 0x00, 0x00, 0x00, /* status FREE */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, /* flags */
		0x10, 0x00, 0x00, 0x00, /* length 16 = 4 + status + 8 */
		0x06, 0x50, 0x14, 0x00, /* header echoed */
		0x00, 0x00, 0x00, 0x00, /* status SUCCESS */
		0x00, 0xE1, 0xF5, 0x05, /* rate low: 100000000 */
		0x00, 0x00, 0x00, 0x00, /* rate high */
	};

	(void)state;
	load(img, sizeof(img));
	F.x.hdr = 0x00145006u;
	F.x.status = 77;
	assert_int_equal(scmia_smt_area_poll_done(&F.area, &F.x), 1);
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(F.x.status, 0);
	assert_int_equal(F.x.rx_len, 8);
	assert_true(scmia_get_le64(F.rx) == 100000000ull);
	assert_int_equal(F.rec.bad, 0);
}

/* Status read first in a fetch: nothing of the message before it. */
static void test_fetch_reads_status_first(void **state)
{
	(void)state;
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	smt_word_set(F.mem, 5, 12);
	F.x.hdr = scmia_hdr_pack(0, 0, 0x10, 1);
	smt_word_set(F.mem, 6, F.x.hdr);
	smt_word_set(F.mem, 7, 0);
	smt_word_set(F.mem, 8, 0x20000);
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_true(F.rec.n > 1);
	assert_int_equal(F.rec.log[0].op, REC_R);
	assert_int_equal(F.rec.log[0].off, SCMIA_SMT_OFF_STATUS);
	assert_int_equal(F.x.rx_len, 4);
	assert_int_equal(scmia_get_le32(F.rx), 0x20000);
}

/* Vector: Base PROTOCOL_VERSION (0x10, msg 0x0) response, v2.0:
 * status, version 0x00020000. Token 1: header 0x00044000. */
static void fill_base_version(uint32_t length)
{
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	smt_word_set(F.mem, 4, 0);
	smt_word_set(F.mem, 5, length);
	smt_word_set(F.mem, 6, 0x00044000u);
	smt_word_set(F.mem, 7, 0);
	smt_word_set(F.mem, 8, 0x00020000u);
	F.x.hdr = scmia_hdr_pack(0, 0, 0x10, 1);
}

/* Lengths 0..7 cannot hold a status; 8 is an empty payload. */
static void test_fetch_response_short_lengths(void **state)
{
	uint32_t len;

	(void)state;
	assert_int_equal(scmia_hdr_pack(0, 0, 0x10, 1), 0x00044000u);
	for (len = 0; len < 8; len++) {
		fill_base_version(len);
		F.x.status = 55;
		F.x.rx_len = 99;
		assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_ETOOSHORT);
		assert_int_equal(F.x.rx_len, 0);
		assert_int_equal(F.x.status, 55);
	}
	fill_base_version(8);
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(F.x.rx_len, 0);
	assert_int_equal(F.x.status, 0);
}

/* Length larger than the area: malformed, nothing copied; the largest
 * length that fits is accepted (and clamped to rx_cap). */
static void test_fetch_response_long_lengths(void **state)
{
	static const uint32_t bad[] = { AREA - SCMIA_SMT_OFF_HEADER + 1, AREA, 0x1000,
					0x7fffffffu, 0xfffffff8u, 0xffffffffu };
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fill_base_version(bad[i]);
		assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EMALFORMED);
		assert_int_equal(F.x.rx_len, 0);
	}
	fill_base_version(AREA - SCMIA_SMT_OFF_HEADER);
	F.x.rx_cap = 16;
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(F.x.rx_len, 16);
	F.x.rx_cap = sizeof(F.rx);
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(F.x.rx_len, AREA - SCMIA_SMT_OFF_PAYLOAD - 4);
	assert_int_equal(F.rec.bad, 0);
}

/* A platform that leaves the 4 header bytes out of the length: a
 * status-only reply (length 4) is too short; a longer one loses its last
 * word but is never read past what the length covers. */
static void test_fetch_length_without_header(void **state)
{
	(void)state;
	fill_base_version(4); /* should have been 8 for a status-only reply */
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_ETOOSHORT);
	fill_base_version(8); /* should have been 12 */
	memset(F.rx, 0xEE, sizeof(F.rx));
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(F.x.rx_len, 0);
	assert_int_equal(F.rx[0], 0xEE);
}

static void test_fetch_error_bit(void **state)
{
	(void)state;
	fill_base_version(12);
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR);
	assert_int_equal(scmia_smt_area_poll_done(&F.area, &F.x), 1);
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EPROTO);
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_ERROR);
	assert_int_equal(scmia_smt_area_poll_done(&F.area, &F.x), 1);
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EPROTO);
	assert_int_equal(F.x.rx_len, 0);
}

/* The header read back must name the transfer's message; a delayed
 * response (type 2) of the same message is accepted, a notification not. */
static void test_fetch_header_checks(void **state)
{
	(void)state;
	fill_base_version(12);
	smt_word_set(F.mem, 6, scmia_hdr_pack(0, 0, 0x10, 2)); /* other token */
	assert_int_equal(scmia_smt_area_poll_done(&F.area, &F.x), 0);
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EUNEXPECTED);
	smt_word_set(F.mem, 6, scmia_hdr_pack(1, 0, 0x10, 1)); /* other message */
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EUNEXPECTED);
	smt_word_set(F.mem, 6, scmia_hdr_pack(0, 0, 0x11, 1)); /* other protocol */
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EUNEXPECTED);
	smt_word_set(F.mem, 6, scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0x10, 1));
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EUNEXPECTED);
	smt_word_set(F.mem, 6, scmia_hdr_pack(0, SCMIA_MSG_TYPE_DELAYED_RESP, 0x10, 1));
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(F.x.rx_len, 4);
}

static void test_poll_done_needs_free_or_error(void **state)
{
	(void)state;
	fill_base_version(12);
	smt_word_set(F.mem, 1, 0);
	assert_int_equal(scmia_smt_area_poll_done(&F.area, &F.x), 0);
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_smt_area_poll_done(&F.area, &F.x), 1);
	assert_int_equal(scmia_smt_area_is_free(&F.area), 1);
	smt_word_set(F.mem, 1, 0);
	assert_int_equal(scmia_smt_area_is_free(&F.area), 0);
	assert_int_equal(scmia_smt_area_poll_done(NULL, &F.x), 0);
}

static void test_fetch_rx_cap_clamp(void **state)
{
	uint32_t i;

	(void)state;
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	F.x.hdr = scmia_hdr_pack(3, 0, 0x80, 7);
	smt_word_set(F.mem, 6, F.x.hdr);
	smt_word_set(F.mem, 5, 8 + 40);
	smt_word_set(F.mem, 7, (uint32_t)-2); /* INVALID_PARAMETERS, passed raw */
	for (i = 0; i < 10; i++)
		smt_word_set(F.mem, 8 + i, 0x01010101u * (i + 1));
	memset(F.rx, 0, sizeof(F.rx));
	F.x.rx_cap = 7; /* not a multiple of 4: word copy must not spill */
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(F.x.status, -2);
	assert_int_equal(F.x.rx_len, 7);
	assert_int_equal(F.rx[6], 2);
	assert_int_equal(F.rx[7], 0);
	F.x.rx_cap = 0;
	F.x.rx_buf = NULL;
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(F.x.rx_len, 0);
	F.x.rx_cap = 4;
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EINVAL);
}

/*
 * Vector: Power domain (0x11) POWER_STATE_CHANGED notification (event
 * 0x0), DEN0056 v3.2 §4.3.3.1: agent_id, domain_id, power_state.
 * Header = 0x0 | 3 << 8 | 0x11 << 10 = 0x00004700. Length 4 + 12.
 */
static void test_fetch_notification_vector(void **state)
{
	static const uint8_t img[0x28] = {
		0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, /* status: posted (not FREE) */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, /* flags: completion doorbell wanted */
		0x10, 0x00, 0x00, 0x00, /* length 16 */
		0x00, 0x47, 0x00, 0x00, /* header */
		0x01, 0x00, 0x00, 0x00, /* agent_id 1 */
		0x03, 0x00, 0x00, 0x00, /* domain 3 */
		0x00, 0x00, 0x00, 0x40, /* power_state 0x40000000 */
	};

	(void)state;
	assert_int_equal(scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0x11, 0), 0x4700u);
	load(img, sizeof(img));
	assert_int_equal(scmia_smt_area_header(&F.area), 0x4700u);
	assert_int_equal(scmia_smt_area_fetch_notification(&F.area, &F.x, 64), SCMIA_OK);
	assert_int_equal(F.x.rx_len, 12);
	assert_int_equal(scmia_get_le32(F.rx + 4), 3);
	assert_int_equal(scmia_get_le32(F.rx + 8), 0x40000000u);
	/* max_len clamps */
	assert_int_equal(scmia_smt_area_fetch_notification(&F.area, &F.x, 5), SCMIA_OK);
	assert_int_equal(F.x.rx_len, 5);
	/* the agent frees it: FREE set, doorbell wanted */
	assert_int_equal(scmia_smt_area_mark_free(&F.area), 1);
	assert_int_equal(smt_word_get(F.mem, 1), SCMIA_SMT_STATUS_FREE);
	smt_word_set(F.mem, 4, 0);
	assert_int_equal(scmia_smt_area_mark_free(&F.area), 0);
	assert_int_equal(F.rec.bad, 0);
}

static void test_fetch_notification_lengths(void **state)
{
	uint32_t len;

	(void)state;
	smt_word_set(F.mem, 1, 0);
	smt_word_set(F.mem, 6, 0x4700u);
	for (len = 0; len < 4; len++) {
		smt_word_set(F.mem, 5, len);
		assert_int_equal(scmia_smt_area_fetch_notification(&F.area, &F.x, 64),
				 SCMIA_ETOOSHORT);
		assert_int_equal(F.x.rx_len, 0);
	}
	smt_word_set(F.mem, 5, 4);
	assert_int_equal(scmia_smt_area_fetch_notification(&F.area, &F.x, 64), SCMIA_OK);
	assert_int_equal(F.x.rx_len, 0);
	for (len = 5; len <= 8; len++) {
		smt_word_set(F.mem, 5, len);
		assert_int_equal(scmia_smt_area_fetch_notification(&F.area, &F.x, 64), SCMIA_OK);
		assert_int_equal(F.x.rx_len, len - 4);
	}
	smt_word_set(F.mem, 5, AREA - SCMIA_SMT_OFF_HEADER + 1);
	assert_int_equal(scmia_smt_area_fetch_notification(&F.area, &F.x, 64), SCMIA_EMALFORMED);
	smt_word_set(F.mem, 5, 0xffffffffu);
	assert_int_equal(scmia_smt_area_fetch_notification(&F.area, &F.x, 64), SCMIA_EMALFORMED);
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_ERROR);
	smt_word_set(F.mem, 5, 8);
	assert_int_equal(scmia_smt_area_fetch_notification(&F.area, &F.x, 64), SCMIA_EPROTO);
	assert_int_equal(F.rec.bad, 0);
}

/* Every access of a full cycle with odd sizes is an aligned 32-bit word
 * inside the area (32-bit-only memory). */
static void test_word32_every_access(void **state)
{
	uint32_t n;

	(void)state;
	for (n = 0; n <= 13; n++) {
		uint32_t i;

		rec_init(&F.rec, F.mem, AREA);
		F.x.hdr = scmia_hdr_pack(3, 0, 0x80, n);
		for (i = 0; i < n; i++)
			F.tx[i] = (uint8_t)(i + 1);
		F.x.tx_len = n;
		assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 1), SCMIA_OK);
		/* platform: echo back with a status word */
		smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
		smt_word_set(F.mem, 5, 8 + n);
		memmove((uint8_t *)F.mem + 0x20, (uint8_t *)F.mem + 0x1C, n);
		smt_word_set(F.mem, 7, 0);
		F.x.rx_cap = n;
		assert_int_equal(scmia_smt_area_poll_done(&F.area, &F.x), 1);
		assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
		assert_int_equal(F.x.rx_len, n);
		assert_memory_equal(F.rx, F.tx, n);
		assert_int_equal(F.rec.bad, 0);
		for (i = 0; i < F.rec.n; i++) {
			assert_int_equal(F.rec.log[i].len, 4);
			assert_int_equal(F.rec.log[i].off % 4, 0);
			assert_true(F.rec.log[i].off < AREA);
		}
	}
}

/* The stock word32 accessor has no byte copies; the default one has. */
static void test_stock_accessors(void **state)
{
	struct scmia_smt_area a;
	uint32_t n;

	(void)state;
	assert_null(scmia_smt_access_word32.copy_from);
	assert_null(scmia_smt_access_word32.copy_to);
	assert_non_null(scmia_smt_access_default.copy_from);
	for (n = 0; n < 2; n++) {
		const struct scmia_smt_access *acc =
			n ? &scmia_smt_access_word32 : &scmia_smt_access_default;

		memset(F.mem, 0, sizeof(F.mem));
		assert_int_equal(scmia_smt_area_init(&a, F.mem, AREA, acc, NULL), SCMIA_OK);
		F.x.hdr = scmia_hdr_pack(3, 0, 0x80, 3);
		memcpy(F.tx, "abcdefg", 7);
		F.x.tx_len = 7;
		assert_int_equal(scmia_smt_area_tx_prepare(&a, &F.x, 0), SCMIA_OK);
		assert_memory_equal((uint8_t *)F.mem + 0x1C, "abcdefg", 7);
		assert_int_equal(scmia_get_le32((uint8_t *)F.mem + 0x14), 11);
		smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
		smt_word_set(F.mem, 5, 8 + 3);
		memcpy((uint8_t *)F.mem + 0x20, "xyz", 3);
		smt_word_set(F.mem, 7, 0);
		F.x.rx_cap = 32;
		assert_int_equal(scmia_smt_area_fetch_response(&a, &F.x), SCMIA_OK);
		assert_int_equal(F.x.rx_len, 3);
		assert_memory_equal(F.rx, "xyz", 3);
	}
}

/* Cache maintenance: cleaned before the status write is seen, status
 * cleaned after it; status invalidated before it is read and the rest
 * invalidated only after. */
static void test_cache_hooks_order(void **state)
{
	int w_st, c_st, c_msg, r_st, i_st, i_rest, r_len;

	(void)state;
	assert_int_equal(scmia_smt_area_init(&F.area, F.mem, AREA, &rec_cache_acc, &F.rec),
			 SCMIA_OK);
	F.x.hdr = scmia_hdr_pack(3, 0, 0x80, 3);
	F.x.tx_len = 8;
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 1), SCMIA_OK);
	w_st = rec_find(&F.rec, 0, REC_W, SCMIA_SMT_OFF_STATUS);
	c_msg = rec_find(&F.rec, 0, REC_CLEAN, 0);
	c_st = rec_find(&F.rec, (unsigned)w_st, REC_CLEAN, SCMIA_SMT_OFF_STATUS);
	assert_true(c_msg >= 0 && c_msg < w_st);
	assert_true(F.rec.log[c_msg].len >= SCMIA_SMT_OFF_PAYLOAD + 8);
	assert_true(c_st > w_st);

	rec_init(&F.rec, F.mem, AREA);
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	smt_word_set(F.mem, 5, 8);
	smt_word_set(F.mem, 6, F.x.hdr);
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	i_st = rec_find(&F.rec, 0, REC_INVAL, SCMIA_SMT_OFF_STATUS);
	r_st = rec_find(&F.rec, 0, REC_R, SCMIA_SMT_OFF_STATUS);
	i_rest = rec_find(&F.rec, (unsigned)r_st, REC_INVAL, SCMIA_SMT_OFF_FLAGS);
	r_len = rec_find(&F.rec, 0, REC_R, SCMIA_SMT_OFF_LENGTH);
	assert_true(i_st >= 0 && i_st < r_st);
	assert_true(i_rest > r_st && i_rest < r_len);
	assert_int_equal(F.rec.log[i_rest].len, AREA - SCMIA_SMT_OFF_FLAGS);
	assert_int_equal(F.rec.bad, 0);
}

/* Vendor hook: a CRC over header + payload in reserved word 0x08. */
static uint32_t crc_of(struct scmia_smt_area *a, uint32_t length)
{
	uint32_t crc = 0xffffffffu, off, w = 0;

	for (off = SCMIA_SMT_OFF_HEADER; off < SCMIA_SMT_OFF_HEADER + ((length + 3u) & ~3u);
	     off += 4) {
		unsigned b;

		(void)scmia_smt_area_read32(a, off, &w);
		for (b = 0; b < 32; b++) {
			uint32_t bit = ((w >> b) ^ crc) & 1u;

			crc = (crc >> 1) ^ (bit ? 0xEDB88320u : 0u);
		}
	}
	return ~crc;
}

static int vendor_crc(void *ctx, struct scmia_smt_area *a, unsigned event, uint32_t length)
{
	uint32_t have = 0;
	int *calls = (int *)ctx;

	(*calls)++;
	if (event == SCMIA_SMT_VENDOR_TX)
		return scmia_smt_area_write32(a, SCMIA_SMT_OFF_RESERVED1, crc_of(a, length));
	(void)scmia_smt_area_read32(a, SCMIA_SMT_OFF_RESERVED1, &have);
	return have == crc_of(a, length) ? 0 : SCMIA_EMALFORMED;
}

static int vendor_refuse(void *ctx, struct scmia_smt_area *a, unsigned event, uint32_t length)
{
	(void)ctx;
	(void)a;
	(void)event;
	(void)length;
	return SCMIA_EIO;
}

static void test_vendor_hook(void **state)
{
	int calls = 0;

	(void)state;
	scmia_smt_area_set_vendor(&F.area, vendor_crc, &calls);
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	F.x.hdr = scmia_hdr_pack(3, 0, 0x80, 4);
	memcpy(F.tx, "12345678", 8);
	F.x.tx_len = 8;
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 1), SCMIA_OK);
	assert_int_equal(calls, 1);
	assert_int_equal(smt_word_get(F.mem, 2), crc_of(&F.area, 12));
	/* the CRC is written before the status is cleared */
	assert_true(rec_find(&F.rec, 0, REC_W, SCMIA_SMT_OFF_RESERVED1) <
		    rec_find(&F.rec, 0, REC_W, SCMIA_SMT_OFF_STATUS));
	/* platform reply: same bytes as a response (status 0 + 4 bytes) */
	smt_word_set(F.mem, 5, 12);
	smt_word_set(F.mem, 7, 0);
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	smt_word_set(F.mem, 2, crc_of(&F.area, 12));
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_OK);
	assert_int_equal(calls, 2);
	smt_word_set(F.mem, 2, smt_word_get(F.mem, 2) ^ 1u); /* corrupted CRC */
	assert_int_equal(scmia_smt_area_fetch_response(&F.area, &F.x), SCMIA_EMALFORMED);
	assert_int_equal(F.x.rx_len, 0);

	/* a TX refusal hands nothing over */
	scmia_smt_area_set_vendor(&F.area, vendor_refuse, NULL);
	smt_word_set(F.mem, 1, SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_smt_area_tx_prepare(&F.area, &F.x, 1), SCMIA_EIO);
	assert_int_equal(smt_word_get(F.mem, 1), SCMIA_SMT_STATUS_FREE);
}

static void test_word_access_bounds(void **state)
{
	uint32_t v = 0;

	(void)state;
	assert_int_equal(scmia_smt_area_read32(&F.area, 0, &v), SCMIA_OK);
	assert_int_equal(scmia_smt_area_read32(&F.area, AREA - 4, &v), SCMIA_OK);
	assert_int_equal(scmia_smt_area_read32(&F.area, AREA, &v), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_read32(&F.area, 2, &v), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_read32(&F.area, 0xfffffffcu, &v), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_read32(&F.area, 0, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_write32(&F.area, AREA, 1), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_area_write32(&F.area, 8, 0x12345678u), SCMIA_OK);
	assert_int_equal(smt_word_get(F.mem, 2), 0x12345678u);
	assert_int_equal(F.rec.bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_area_init_args, setup),
		cmocka_unit_test_setup(test_layout_constants, setup),
		cmocka_unit_test_setup(test_tx_prepare_vector, setup),
		cmocka_unit_test_setup(test_tx_prepare_order, setup),
		cmocka_unit_test_setup(test_tx_prepare_bounds, setup),
		cmocka_unit_test_setup(test_fetch_response_vector, setup),
		cmocka_unit_test_setup(test_fetch_reads_status_first, setup),
		cmocka_unit_test_setup(test_fetch_response_short_lengths, setup),
		cmocka_unit_test_setup(test_fetch_response_long_lengths, setup),
		cmocka_unit_test_setup(test_fetch_length_without_header, setup),
		cmocka_unit_test_setup(test_fetch_error_bit, setup),
		cmocka_unit_test_setup(test_fetch_header_checks, setup),
		cmocka_unit_test_setup(test_poll_done_needs_free_or_error, setup),
		cmocka_unit_test_setup(test_fetch_rx_cap_clamp, setup),
		cmocka_unit_test_setup(test_fetch_notification_vector, setup),
		cmocka_unit_test_setup(test_fetch_notification_lengths, setup),
		cmocka_unit_test_setup(test_word32_every_access, setup),
		cmocka_unit_test_setup(test_stock_accessors, setup),
		cmocka_unit_test_setup(test_cache_hooks_order, setup),
		cmocka_unit_test_setup(test_vendor_hook, setup),
		cmocka_unit_test_setup(test_word_access_bounds, setup),
	};

	return cmocka_run_group_tests_name("smt_area", tests, NULL, NULL);
}

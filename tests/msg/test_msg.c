/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Message-passing helpers (scmia_msg.h). Vectors written by hand from
 * the DEN0056 header layout and the Base protocol v2.0 message layouts
 * named at each vector.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia_msg.h"

static uint8_t rxb[64];
static uint8_t txb[64];

static void xfer_init(struct scmia_xfer *x)
{
	memset(x, 0, sizeof(*x));
	memset(rxb, 0xEE, sizeof(rxb));
	x->tx_buf = txb;
	x->rx_buf = rxb;
	x->rx_cap = sizeof(rxb);
}

static void test_sizes(void **state)
{
	struct scmia_xfer x;

	(void)state;
	xfer_init(&x);
	x.tx_len = 0;
	x.rx_cap = 0;
	assert_int_equal(scmia_msg_command_size(&x), 4);
	assert_int_equal(scmia_msg_response_size(&x), 8);
	x.tx_len = 12;
	x.rx_cap = 100;
	assert_int_equal(scmia_msg_command_size(&x), 16);
	assert_int_equal(scmia_msg_response_size(&x), 108);
	x.tx_len = 0xffffffffu;
	x.rx_cap = 0xffffffffu;
	assert_true(scmia_msg_command_size(&x) == (size_t)0xffffffffu + 4u);
	assert_true(scmia_msg_response_size(&x) == (size_t)0xffffffffu + 8u);
	assert_int_equal(scmia_msg_command_size(NULL), 0);
	assert_int_equal(scmia_msg_response_size(NULL), 0);
}

/*
 * Vector: Base (0x10) DISCOVER_LIST_PROTOCOLS (msg 0x6), v2.0 §4.2.2.7:
 * parameter skip = 2. Token 3: header = 0x06 | 0x10 << 10 | 3 << 18 =
 * 0x000C4006.
 */
static void test_tx_prepare_vector(void **state)
{
	static const uint8_t expect[8] = { 0x06, 0x40, 0x0C, 0x00, 0x02, 0x00, 0x00, 0x00 };
	uint8_t msg[16];
	struct scmia_xfer x;

	(void)state;
	xfer_init(&x);
	x.hdr = scmia_hdr_pack(0x6, SCMIA_MSG_TYPE_COMMAND, 0x10, 3);
	assert_int_equal(x.hdr, 0x000C4006u);
	scmia_put_le32(txb, 2);
	x.tx_len = 4;
	memset(msg, 0x77, sizeof(msg));
	assert_int_equal(scmia_msg_tx_prepare(msg, sizeof(msg), &x), 8);
	assert_memory_equal(msg, expect, sizeof(expect));
	assert_int_equal(msg[8], 0x77); /* nothing past the message */
	/* exact fit and one byte short */
	assert_int_equal(scmia_msg_tx_prepare(msg, 8, &x), 8);
	assert_int_equal(scmia_msg_tx_prepare(msg, 7, &x), SCMIA_ENOSPC);
	assert_int_equal(scmia_msg_tx_prepare(msg, 3, &x), SCMIA_ENOSPC);
	assert_int_equal(scmia_msg_tx_prepare(msg, 0, &x), SCMIA_ENOSPC);
	/* header only */
	x.tx_len = 0;
	assert_int_equal(scmia_msg_tx_prepare(msg, 4, &x), 4);
	x.tx_buf = NULL;
	assert_int_equal(scmia_msg_tx_prepare(msg, 4, &x), 4);
}

static void test_tx_prepare_args(void **state)
{
	uint8_t msg[8];
	struct scmia_xfer x;

	(void)state;
	xfer_init(&x);
	assert_int_equal(scmia_msg_tx_prepare(NULL, 8, &x), SCMIA_EINVAL);
	assert_int_equal(scmia_msg_tx_prepare(msg, 8, NULL), SCMIA_EINVAL);
	x.tx_len = 4;
	x.tx_buf = NULL;
	assert_int_equal(scmia_msg_tx_prepare(msg, 8, &x), SCMIA_EINVAL);
	x.tx_buf = txb;
	x.tx_len = 0xfffffffeu; /* would overflow 4 + tx_len and the int result */
	assert_int_equal(scmia_msg_tx_prepare(msg, (size_t)-1, &x), SCMIA_ENOSPC);
}

static void test_read_header(void **state)
{
	static const uint8_t m[4] = { 0x06, 0x40, 0x0C, 0x00 };
	uint32_t hdr = 0x12345678u;
	size_t len;

	(void)state;
	for (len = 0; len < 4; len++) {
		assert_int_equal(scmia_msg_read_header(m, len, &hdr), SCMIA_ETOOSHORT);
		assert_int_equal(hdr, 0x12345678u);
	}
	assert_int_equal(scmia_msg_read_header(m, 4, &hdr), SCMIA_OK);
	assert_int_equal(hdr, 0x000C4006u);
	assert_int_equal(scmia_hdr_token(hdr), 3);
	assert_int_equal(scmia_msg_read_header(NULL, 4, &hdr), SCMIA_EINVAL);
	assert_int_equal(scmia_msg_read_header(m, 4, NULL), SCMIA_EINVAL);
}

/*
 * Vector: response to DISCOVER_LIST_PROTOCOLS (v2.0 §4.2.2.7): status
 * SUCCESS, num_protocols 3, protocols 0x11 0x13 0x14 packed into one word
 * with a padding byte.
 */
static const uint8_t list_resp[16] = {
	0x06, 0x40, 0x0C, 0x00, /* header */
	0x00, 0x00, 0x00, 0x00, /* status */
	0x03, 0x00, 0x00, 0x00, /* num_protocols */
	0x11, 0x13, 0x14, 0x00, /* protocol ids + padding */
};

static void test_fetch_response_vector(void **state)
{
	struct scmia_xfer x;

	(void)state;
	xfer_init(&x);
	x.status = 99;
	assert_int_equal(scmia_msg_fetch_response(list_resp, sizeof(list_resp), &x), SCMIA_OK);
	assert_int_equal(x.status, 0);
	assert_int_equal(x.rx_len, 8);
	assert_int_equal(scmia_get_le32(rxb), 3);
	assert_int_equal(rxb[4], 0x11);
	assert_int_equal(rxb[6], 0x14);
	assert_int_equal(rxb[8], 0xEE); /* nothing past rx_len */
}

/* Lengths 0..7 hold no status: refused, nothing copied, no underflow. */
static void test_fetch_response_short(void **state)
{
	struct scmia_xfer x;
	size_t len;

	(void)state;
	for (len = 0; len < 8; len++) {
		xfer_init(&x);
		x.status = 42;
		x.rx_len = 17;
		assert_int_equal(scmia_msg_fetch_response(list_resp, len, &x), SCMIA_ETOOSHORT);
		assert_int_equal(x.rx_len, 0);
		assert_int_equal(x.status, 42);
		assert_int_equal(rxb[0], 0xEE);
	}
	xfer_init(&x);
	assert_int_equal(scmia_msg_fetch_response(list_resp, 8, &x), SCMIA_OK);
	assert_int_equal(x.rx_len, 0);
	assert_int_equal(rxb[0], 0xEE);
	for (len = 9; len <= 16; len++) {
		xfer_init(&x);
		assert_int_equal(scmia_msg_fetch_response(list_resp, len, &x), SCMIA_OK);
		assert_int_equal(x.rx_len, len - 8);
	}
}

static void test_fetch_response_clamp(void **state)
{
	uint8_t big[200];
	struct scmia_xfer x;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	scmia_put_le32(big + 4, (uint32_t)-7); /* COMMS_ERROR: raw, not mapped here */
	xfer_init(&x);
	x.rx_cap = 5;
	assert_int_equal(scmia_msg_fetch_response(big, sizeof(big), &x), SCMIA_OK);
	assert_int_equal(x.status, -7);
	assert_int_equal(x.rx_len, 5);
	assert_int_equal(rxb[4], 12);
	assert_int_equal(rxb[5], 0xEE);
	xfer_init(&x);
	x.rx_cap = 0;
	x.rx_buf = NULL;
	assert_int_equal(scmia_msg_fetch_response(big, sizeof(big), &x), SCMIA_OK);
	assert_int_equal(x.rx_len, 0);
	x.rx_cap = 4;
	assert_int_equal(scmia_msg_fetch_response(big, sizeof(big), &x), SCMIA_EINVAL);
	assert_int_equal(scmia_msg_fetch_response(NULL, 8, &x), SCMIA_EINVAL);
	assert_int_equal(scmia_msg_fetch_response(big, 8, NULL), SCMIA_EINVAL);
}

/*
 * Vector: Base (0x10) BASE_ERROR_EVENT notification (event 0x0), v2.0
 * §4.2.3.1: agent_id, error_status, msg_reports[]. Header =
 * 0x0 | 3 << 8 | 0x10 << 10 = 0x00004300.
 */
static const uint8_t err_evt[20] = {
	0x00, 0x43, 0x00, 0x00, /* header */
	0x01, 0x00, 0x00, 0x00, /* agent_id 1 */
	0x01, 0x00, 0x00, 0x80, /* error_status: fatal, 1 report */
	0x44, 0x33, 0x22, 0x11, /* report low */
	0x00, 0x00, 0x00, 0x00, /* report high */
};

static void test_fetch_notification(void **state)
{
	struct scmia_xfer x;
	uint32_t hdr = 0;
	size_t len;

	(void)state;
	assert_int_equal(scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0x10, 0), 0x4300u);
	assert_int_equal(scmia_msg_read_header(err_evt, sizeof(err_evt), &hdr), SCMIA_OK);
	assert_int_equal(scmia_hdr_type(hdr), SCMIA_MSG_TYPE_NOTIFICATION);
	xfer_init(&x);
	assert_int_equal(scmia_msg_fetch_notification(err_evt, sizeof(err_evt), 64, &x), SCMIA_OK);
	assert_int_equal(x.rx_len, 16);
	assert_int_equal(scmia_get_le32(rxb + 4), 0x80000001u);
	assert_true(scmia_get_le64(rxb + 8) == 0x11223344ull);
	/* lengths 0..3: no header */
	for (len = 0; len < 4; len++) {
		xfer_init(&x);
		x.rx_len = 9;
		assert_int_equal(scmia_msg_fetch_notification(err_evt, len, 64, &x),
				 SCMIA_ETOOSHORT);
		assert_int_equal(x.rx_len, 0);
	}
	/* header only, then every length up to 8 */
	for (len = 4; len <= 8; len++) {
		xfer_init(&x);
		assert_int_equal(scmia_msg_fetch_notification(err_evt, len, 64, &x), SCMIA_OK);
		assert_int_equal(x.rx_len, len - 4);
	}
	/* clamps: max_len, then rx_cap */
	xfer_init(&x);
	assert_int_equal(scmia_msg_fetch_notification(err_evt, sizeof(err_evt), 6, &x), SCMIA_OK);
	assert_int_equal(x.rx_len, 6);
	assert_int_equal(rxb[6], 0xEE);
	xfer_init(&x);
	x.rx_cap = 3;
	assert_int_equal(scmia_msg_fetch_notification(err_evt, sizeof(err_evt), 64, &x), SCMIA_OK);
	assert_int_equal(x.rx_len, 3);
	assert_int_equal(rxb[3], 0xEE);
	xfer_init(&x);
	assert_int_equal(scmia_msg_fetch_notification(err_evt, sizeof(err_evt), 0, &x), SCMIA_OK);
	assert_int_equal(x.rx_len, 0);
	assert_int_equal(scmia_msg_fetch_notification(NULL, 8, 64, &x), SCMIA_EINVAL);
}

/* A round trip: command out, the same buffer answered in place. */
static void test_round_trip(void **state)
{
	uint8_t msg[32];
	struct scmia_xfer x;
	uint32_t hdr = 0;
	int n;

	(void)state;
	xfer_init(&x);
	x.hdr = scmia_hdr_pack(0x3, 0, 0x80, 1023);
	memcpy(txb, "hello", 5);
	x.tx_len = 5;
	n = scmia_msg_tx_prepare(msg, sizeof(msg), &x);
	assert_int_equal(n, 9);
	assert_int_equal(scmia_msg_command_size(&x), (size_t)n);
	/* platform: status SUCCESS + echo */
	memmove(msg + 8, msg + 4, 5);
	scmia_put_le32(msg + 4, 0);
	assert_int_equal(scmia_msg_read_header(msg, 13, &hdr), SCMIA_OK);
	assert_true(scmia_hdr_same_msg(hdr, x.hdr));
	assert_int_equal(scmia_msg_fetch_response(msg, 13, &x), SCMIA_OK);
	assert_int_equal(x.rx_len, 5);
	assert_memory_equal(rxb, "hello", 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_tx_prepare_vector),
		cmocka_unit_test(test_tx_prepare_args),
		cmocka_unit_test(test_read_header),
		cmocka_unit_test(test_fetch_response_vector),
		cmocka_unit_test(test_fetch_response_short),
		cmocka_unit_test(test_fetch_response_clamp),
		cmocka_unit_test(test_fetch_notification),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration: the SENT -> RESP -> DRESP state machine and bad input from
 * the platform, against the simulated platform's fault script.
 *
 * Bug classes (tests/README.md): delayed response before response; response
 * after delayed response; duplicate response; delayed response for a
 * synchronous command; reply length shrunk by the synchronous reply not
 * reset before the delayed response is fetched; lengths 0..8 underflowing
 * into huge copies, lengths above the area; status values outside -11..0;
 * header packing errors (type field shifted into the token).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "ienv.h"

#define P80 SCMIA_SIM_TEST_PROTO
#define CANARY 0xeeu
/* Counter of the agent of the test (e in scope). */
#define CNT(id) ienv_cnt(e, SCMIA_CNT_##id)

/*
 * ASYNC_WORK(value, delay): response SUCCESS (empty), then a delayed
 * response with async_value(value) and the checksum of the command. On
 * success the delayed payload is checked. The transfer is returned in
 * *px when px is not NULL (the caller puts it), else put here.
 */
static int do_async(struct ienv *e, uint32_t value, uint32_t delay_us, unsigned flags,
		    struct scmia_xfer **px)
{
	uint8_t tx[8];
	struct scmia_xfer *x;
	int ret;

	scmia_put_le32(tx, value);
	scmia_put_le32(tx + 4, delay_us);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x),
			 SCMIA_OK);
	memcpy(x->tx_buf, tx, 8);
	ret = scmia_xfer_do(x, flags | SCMIA_XFER_F_ASYNC);
	if (ret == SCMIA_OK) {
		assert_int_equal(x->rx_len, 8);
		assert_int_equal(scmia_get_le32(x->rx_buf), scmia_sim_test_async_value(value));
		assert_int_equal(scmia_get_le32((uint8_t *)x->rx_buf + 4),
				 scmia_sim_checksum(x->hdr, tx, 8));
	}
	if (px)
		*px = x;
	else
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	return ret;
}

/* Normal async command: response, then delayed response after 700 µs. */
static void test_async_resp_then_dresp(void **state)
{
	struct ienv *e = ienv_start(NULL);
	uint64_t t0 = e->now;

	(void)state;
	assert_int_equal(do_async(e, 7, 700, 0, NULL), SCMIA_OK);
	assert_true(e->now - t0 >= 700);
	assert_int_equal(CNT(REPLIES), 1);
	assert_int_equal(CNT(DELAYED_REPLIES), 1);
	assert_int_equal(CNT(REORDERED), 0);
	ienv_assert_no_leak(e);
}

/*
 * The delayed response overtakes the response (REORDER): the response is
 * taken as SUCCESS, the delayed response completes the transfer, the
 * response that comes after is rejected and counted.
 */
static void test_dresp_before_resp_completes(void **state)
{
	struct ienv *e = ienv_start(NULL);
	int r;

	(void)state;
	r = ienv_fault(e, SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_REORDER, P80,
		       SCMIA_SIM_TEST_ASYNC_WORK, 0, 1, 0);
	assert_int_equal(do_async(e, 11, 300, 0, NULL), SCMIA_OK);
	ienv_drain(e, 10000);
	assert_int_equal(ienv_fault_fired(e, r), 1);
	assert_int_equal(CNT(REORDERED), 1);
	assert_int_equal(CNT(DELAYED_REPLIES), 1);
	/* the response that arrived after the delayed one was not applied */
	assert_int_equal(CNT(REPLIES), 0);
	assert_int_equal(CNT(INVALID_STATE) + CNT(UNEXPECTED_TOKEN),
			 1);
	/* the channel still works */
	assert_int_equal(do_async(e, 12, 100, 0, NULL), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/* A polling wait must end when an out-of-order delayed response (on the
 * p2a channel, through the receive entry) completed the transfer. */
static void test_poll_wait_ends_on_reordered_dresp(void **state)
{
	struct ienv_opts o = { .glue_flags = SCMIA_SIM_LB_POST,
			       .completion = SCMIA_COMPLETION_POLL };
	struct ienv *e = ienv_start(&o);
	uint64_t t0;

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_REORDER, P80,
		   SCMIA_SIM_TEST_ASYNC_WORK, 0, 1, 0);
	/* the response is posted only after the delayed response */
	t0 = e->now;
	assert_int_equal(do_async(e, 3, 200, 0, NULL), SCMIA_OK);
	assert_true(e->now - t0 < 5000); /* not the delayed-response timeout */
	assert_int_equal(CNT(REORDERED), 1);
	assert_int_equal(CNT(TIMEOUTS), 0);
	/* and a normal async command on the same polling channel */
	assert_int_equal(do_async(e, 4, 200, 0, NULL), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/*
 * After the delayed response: another response or another delayed
 * response with the same token is rejected while the caller still holds
 * the transfer (INVALID_STATE), and as unknown once it was put; the
 * caller's reply data is never overwritten.
 */
static void test_resp_after_dresp_rejected(void **state)
{
	struct ienv *e = ienv_start(NULL);
	struct scmia_xfer *x;
	uint8_t bogus[12];
	uint8_t keep[8];
	uint32_t hdr;

	(void)state;
	assert_int_equal(do_async(e, 21, 100, 0, &x), SCMIA_OK);
	memcpy(keep, x->rx_buf, 8);
	hdr = x->hdr;
	memset(bogus, 0x33, sizeof(bogus));
	scmia_put_le32(bogus, 0); /* SUCCESS */
	assert_int_equal(scmia_sim_inject(&e->sim, 0, SCMIA_SIM_K_RESP, hdr, bogus, 12, 0),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_inject(&e->sim, 0, SCMIA_SIM_K_DRESP,
					  (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8),
					  bogus, 12, 0),
			 SCMIA_OK);
	ienv_pump(e);
	assert_int_equal(CNT(INVALID_STATE), 2);
	assert_int_equal(x->rx_len, 8);
	assert_memory_equal(x->rx_buf, keep, 8);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* same messages after the put: the token is free, nothing waits */
	assert_int_equal(scmia_sim_inject(&e->sim, 0, SCMIA_SIM_K_RESP, hdr, bogus, 12, 0),
			 SCMIA_OK);
	ienv_pump(e);
	assert_int_equal(CNT(UNEXPECTED_TOKEN), 1);
	assert_int_equal(CNT(REPLIES), 1);
	assert_int_equal(CNT(DELAYED_REPLIES), 1);
	ienv_assert_no_leak(e);
}

/* A duplicated response is applied once; the copy is rejected. */
static void test_duplicate_response_rejected(void **state)
{
	struct ienv *e = ienv_start(NULL);
	int r;

	(void)state;
	r = ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DUPLICATE, 0, 0, 1, 1,
		       0);
	assert_int_equal(ienv_echo(e, 20, 1, 0), SCMIA_OK);
	assert_int_equal(ienv_fault_fired(e, r), 1);
	assert_int_equal(CNT(REPLIES), 1);
	assert_int_equal(CNT(INVALID_STATE) + CNT(UNEXPECTED_TOKEN),
			 1);
	/* duplicate of a delayed response */
	r = ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_DRESP, SCMIA_SIM_FA_DUPLICATE, 0, 0, 0, 1,
		       0);
	assert_int_equal(do_async(e, 5, 100, 0, NULL), SCMIA_OK);
	ienv_drain(e, 1000);
	assert_int_equal(ienv_fault_fired(e, r), 1);
	assert_int_equal(CNT(DELAYED_REPLIES), 1);
	assert_int_equal(CNT(INVALID_STATE) + CNT(UNEXPECTED_TOKEN),
			 2);
	/* a duplicate never completes the next command */
	assert_int_equal(ienv_echo(e, 20, 2, 0), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/* A delayed response for a synchronous command in flight is rejected;
 * the command then completes with its own response. */
static void test_dresp_for_sync_command_rejected(void **state)
{
	static struct ienv_nb nb;
	struct ienv *e = ienv_start(NULL);
	uint8_t body[12];

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 500);
	ienv_echo_submit(e, &nb, 8, 77, 0, 0);
	ienv_pump(e);
	memset(body, 0, sizeof(body));
	assert_int_equal(scmia_sim_inject(&e->sim, 0, SCMIA_SIM_K_DRESP,
					  ienv_hdr(P80, SCMIA_SIM_TEST_ECHO,
						   SCMIA_MSG_TYPE_DELAYED_RESP, nb.token),
					  body, sizeof(body), 100),
			 SCMIA_OK);
	ienv_advance(e, 200);
	assert_int_equal(CNT(INVALID_STATE), 1);
	assert_int_equal(nb.calls, 0);
	ienv_advance(e, 1000);
	assert_int_equal(nb.calls, 1);
	assert_int_equal(nb.result, SCMIA_OK);
	assert_int_equal(nb.echo_ok, 1);
	assert_int_equal(scmia_xfer_put(nb.x), SCMIA_OK);
	assert_int_equal(CNT(DELAYED_REPLIES), 0);
	ienv_assert_no_leak(e);
}

/* An error status in the response of an async command ends it at once:
 * no wait for a delayed response that will not come. */
static void test_async_error_status_completes_without_dresp(void **state)
{
	struct ienv *e = ienv_start(NULL);
	uint64_t t0;

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_STATUS, P80,
		   SCMIA_SIM_TEST_ASYNC_WORK, 0, 1, SCMIA_STATUS_BUSY);
	t0 = e->now;
	assert_int_equal(do_async(e, 1, 4000, 0, NULL), SCMIA_E_SCMI_BUSY);
	assert_true(e->now - t0 < 4000);
	assert_int_equal(CNT(TIMEOUTS), 0);
	/* the delayed response the sim still sends later is dropped */
	ienv_drain(e, 10000);
	assert_int_equal(CNT(DELAYED_REPLIES), 0);
	assert_int_equal(CNT(UNEXPECTED_TOKEN) + CNT(LATE_REPLIES),
			 1);
	ienv_assert_no_leak(e);
}

/*
 * The response carries no payload (rx_len 0); the delayed response carries
 * 8 bytes: they must all arrive (rx_len not left shrunk by the response).
 * Same on a slot whose previous use had a long reply.
 */
static void test_dresp_payload_larger_than_resp(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 1 };
	struct ienv *e = ienv_start(&o);

	(void)state;
	assert_int_equal(do_async(e, 0x1234, 50, 0, NULL), SCMIA_OK); /* checks rx_len 8 */
	assert_int_equal(ienv_echo(e, 100, 9, 0), SCMIA_OK);           /* rx_len 104 */
	assert_int_equal(do_async(e, 0x4321, 50, 0, NULL), SCMIA_OK); /* rx_len 8 again */
	ienv_assert_no_leak(e);
}

/* Every SCMI status -1..-11 maps one to one and is counted per status. */
static void test_status_each_scmi_status_mapped(void **state)
{
	struct ienv *e = ienv_start(NULL);
	int32_t s;

	(void)state;
	for (s = -1; s >= SCMIA_SCMI_STATUS_MIN; s--) {
		ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_STATUS,
			   0, 0, 0, 1, s);
		assert_int_equal(ienv_echo(e, 4, (uint32_t)-s, 0), SCMIA_E_SCMI_BASE + s);
		assert_int_equal(ienv_cnt(e, (enum scmia_counter)(SCMIA_CNT_STATUS_FIRST - s - 1)),
				 1);
		scmia_sim_fault_clear(&e->sim);
	}
	assert_int_equal(CNT(STATUS_ERRORS), 11);
	assert_int_equal(CNT(MALFORMED), 0);
	ienv_assert_no_leak(e);
}

/* Status outside -11..0 (positive, -12, extremes) is a malformed reply:
 * no table index, no per-status count, a distinct error. */
static void test_status_out_of_range_malformed(void **state)
{
	static const int64_t bad[] = { 1, -12, INT32_MIN, INT32_MAX, 0x7fff, -100 };
	struct ienv *e = ienv_start(NULL);
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_STATUS,
			   0, 0, 0, 1, bad[i]);
		assert_int_equal(ienv_echo(e, 4, i, 0), SCMIA_EMALFORMED);
		scmia_sim_fault_clear(&e->sim);
	}
	/* and in a delayed response */
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_DRESP, SCMIA_SIM_FA_CORRUPT_STATUS, 0, 0, 0, 1,
		   -12);
	assert_int_equal(do_async(e, 2, 100, 0, NULL), SCMIA_EMALFORMED);
	assert_int_equal(CNT(MALFORMED), 7);
	assert_int_equal(CNT(STATUS_ERRORS), 0);
	for (i = 0; i < 11; i++)
		assert_int_equal(ienv_cnt(e, (enum scmia_counter)(SCMIA_CNT_STATUS_FIRST + i)), 0);
	assert_int_equal(ienv_echo(e, 4, 99, 0), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/*
 * Corrupted reply headers: reserved bits, an unused message type (type
 * shifted), another message id or protocol with the right token, another
 * token. Each is dropped and counted; the command times out instead of
 * taking a reply that is not its own.
 */
static void test_corrupt_header_never_misattributed(void **state)
{
	static const struct {
		int64_t flip;
		enum scmia_counter cnt;
	} cases[] = {
		{ 0x10000000, SCMIA_CNT_MALFORMED },       /* reserved bit 28 */
		{ (int64_t)0x80000000u, SCMIA_CNT_MALFORMED }, /* reserved bit 31 */
		{ 0x00000100, SCMIA_CNT_MALFORMED },       /* type 0 -> 1 */
		{ 0x00000001, SCMIA_CNT_MALFORMED },       /* message id */
		{ 0x00000400, SCMIA_CNT_MALFORMED },       /* protocol id */
		{ 0x00400000, SCMIA_CNT_UNEXPECTED_TOKEN }, /* token bit 4: not in flight */
		{ 0, SCMIA_CNT_UNEXPECTED_TOKEN },         /* sim: an unused token */
	};
	struct ienv *e = ienv_start(NULL);
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t before = ienv_cnt(e, cases[i].cnt);
		uint32_t late = CNT(LATE_REPLIES);

		ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_HDR,
			   0, 0, 0, 1, cases[i].flip);
		assert_int_equal(ienv_echo(e, 8, i, 0), SCMIA_ETIMEDOUT);
		/* an unused token may be one that timed out earlier: late */
		assert_int_equal(ienv_cnt(e, cases[i].cnt) - before +
					 CNT(LATE_REPLIES) - late,
				 1);
		scmia_sim_fault_clear(&e->sim);
		assert_int_equal(ienv_echo(e, 8, 100 + i, 0), SCMIA_OK);
	}
	assert_int_equal(CNT(REPLIES), sizeof(cases) / sizeof(cases[0]));
	ienv_assert_no_leak(e);
}

/*
 * Response bodies of 0..8 bytes (TRUNCATE): below 4 there is no status
 * (ETOOSHORT, counted malformed); from 4 the payload is len - 4 bytes and
 * nothing beyond it is written.
 */
static void test_response_truncated_lengths_0_to_8(void **state)
{
	struct ienv *e = ienv_start(NULL);
	struct scmia_xfer *x;
	uint8_t tx[16];
	uint32_t n;

	(void)state;
	ienv_pattern(tx, sizeof(tx), 5);
	for (n = 0; n <= 8; n++) {
		uint8_t *rx;

		ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_TRUNCATE,
			   0, 0, 0, 1, n);
		assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 16, 0, &x),
				 SCMIA_OK);
		memcpy(x->tx_buf, tx, 16);
		rx = x->rx_buf;
		memset(rx, CANARY, x->rx_cap);
		if (n < 4) {
			assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETOOSHORT);
			assert_int_equal(x->rx_len, 0);
		} else {
			assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
			assert_int_equal(x->rx_len, n - 4u);
			assert_memory_equal(rx, tx, n - 4u);
		}
		for (uint32_t k = x->rx_len; k < x->rx_cap; k++)
			assert_int_equal(rx[k], CANARY);
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
		scmia_sim_fault_clear(&e->sim);
	}
	assert_int_equal(CNT(MALFORMED), 4);
	/* a delayed response of 0..3 bytes */
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_DRESP, SCMIA_SIM_FA_TRUNCATE, 0, 0, 0, 1, 2);
	assert_int_equal(do_async(e, 9, 100, 0, NULL), SCMIA_ETOOSHORT);
	assert_int_equal(CNT(MALFORMED), 5);
	/* a response padded with 4 payload bytes, then a delayed response
	 * too short for a status: the response's payload must not show as
	 * the delayed response's */
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_TRUNCATE, 0, 0, 0, 1, 8);
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_DRESP, SCMIA_SIM_FA_TRUNCATE, 0, 0, 0, 1, 2);
	assert_int_equal(do_async(e, 10, 100, 0, &x), SCMIA_ETOOSHORT);
	assert_int_equal(x->rx_len, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(CNT(MALFORMED), 6);
	ienv_assert_no_leak(e);
}

/* Hand-written loopback bodies (no sim in the path): a response of 0..8
 * bytes for a command in flight. */
static void test_loopback_response_body_lengths_0_to_8(void **state)
{
	struct ienv *e = ienv_start(NULL);
	static struct ienv_nb nb;
	uint8_t body[8] = { 0, 0, 0, 0, 0xa1, 0xa2, 0xa3, 0xa4 }; /* SUCCESS + 4 bytes */
	uint8_t cmd[32];
	uint32_t hdr, len, n;

	(void)state;
	for (n = 0; n <= 8; n++) {
		uint8_t *rx;

		ienv_echo_submit(e, &nb, 8, n, 0, 0);
		/* the test is the platform: take the command off the loopback */
		assert_int_equal(scmia_loopback_cmd_pop(&e->lb_a2p, &hdr, cmd, sizeof(cmd), &len),
				 SCMIA_OK);
		assert_int_equal(hdr, nb.x->hdr);
		assert_int_equal(len, 8);
		rx = nb.x->rx_buf;
		memset(rx, CANARY, nb.x->rx_cap);
		(void)scmia_loopback_deliver(&e->lb_a2p, hdr, body, n);
		assert_int_equal(nb.calls, 1);
		if (n < 4) {
			assert_int_equal(nb.result, SCMIA_ETOOSHORT);
		} else {
			assert_int_equal(nb.result, SCMIA_OK);
			assert_int_equal(nb.x->rx_len, n - 4u);
			assert_memory_equal(rx, body + 4, n - 4u);
		}
		for (uint32_t k = nb.x->rx_len; k < nb.x->rx_cap; k++)
			assert_int_equal(rx[k], CANARY);
		assert_int_equal(scmia_xfer_put(nb.x), SCMIA_OK);
	}
	ienv_assert_no_leak(e);
}

/*
 * Replies longer than the caller's buffer and than the slot: clamped to
 * rx_cap (a newer platform may append fields), nothing written past it.
 */
static void test_reply_longer_than_buffer_clamped(void **state)
{
	struct ienv *e = ienv_start(NULL);
	static uint8_t big[SCMIA_LOOPBACK_DATA_MAX];
	static struct ienv_nb nb;
	struct scmia_xfer *x;
	uint8_t tx[100];
	uint8_t *rx;
	uint32_t hdr, len;

	(void)state;
	/* ECHO of 100 bytes into a 16-byte rx_cap */
	ienv_pattern(tx, sizeof(tx), 3);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 100, 16, &x),
			 SCMIA_OK);
	memcpy(x->tx_buf, tx, 100);
	rx = x->rx_buf;
	memset(rx, CANARY, IENV_MSG_SIZE);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 16);
	assert_memory_equal(rx, tx, 16);
	for (unsigned k = 16; k < IENV_MSG_SIZE; k++)
		assert_int_equal(rx[k], CANARY);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* the largest body the loopback carries, for a slot of 128 bytes */
	ienv_echo_submit(e, &nb, 4, 1, 0, 0);
	assert_int_equal(scmia_loopback_cmd_pop(&e->lb_a2p, &hdr, NULL, 0, &len), SCMIA_OK);
	memset(big, 0x5c, sizeof(big));
	scmia_put_le32(big, 0);
	rx = nb.x->rx_buf;
	(void)scmia_loopback_deliver(&e->lb_a2p, hdr, big, sizeof(big));
	assert_int_equal(nb.calls, 1);
	assert_int_equal(nb.result, SCMIA_OK);
	assert_int_equal(nb.x->rx_len, nb.x->rx_cap);
	assert_true(nb.x->rx_cap <= IENV_MSG_SIZE);
	assert_int_equal(scmia_xfer_put(nb.x), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/*
 * Length field corrupted on the wire (the loopback carries no length
 * field, so the sim hands over the body length the field would claim):
 * the 4 header bytes left out (4 bytes short), and a length far above
 * the area (clamped to what the loopback carries). Nothing is written
 * past the caller's buffer; the status is still read from the body.
 */
static void test_corrupt_length_field(void **state)
{
	struct ienv *e = ienv_start(NULL);
	struct scmia_xfer *x;
	uint8_t tx[16];
	uint8_t *rx;

	(void)state;
	ienv_pattern(tx, sizeof(tx), 8);
	/* 4 header bytes omitted: the reply looks 4 bytes short */
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_LEN, 0, 0, 0, 1,
		   0);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 16, 32, &x), SCMIA_OK);
	memcpy(x->tx_buf, tx, 16);
	rx = x->rx_buf;
	memset(rx, CANARY, IENV_MSG_SIZE);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 16);
	assert_memory_equal(rx, tx, 16);
	for (unsigned k = 16; k < IENV_MSG_SIZE; k++)
		assert_int_equal(rx[k], CANARY);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* a length of 64 KiB: clamped to the caller's 32 bytes */
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_LEN, 0, 0, 0, 1,
		   0x10000);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 16, 32, &x), SCMIA_OK);
	memcpy(x->tx_buf, tx, 16);
	rx = x->rx_buf;
	memset(rx, CANARY, IENV_MSG_SIZE);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 32);
	assert_memory_equal(rx, tx, 16);
	for (unsigned k = 32; k < IENV_MSG_SIZE; k++)
		assert_int_equal(rx[k], CANARY);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(ienv_echo(e, 16, 1, 0), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/*
 * Spurious messages next to real ones: an unsolicited response, an
 * unsolicited delayed response, a doorbell with nothing behind it (the
 * loopback has no doorbell: an unsolicited response). Each is dropped and
 * counted once; the real reply still reaches its command.
 */
static void test_spurious_messages_dropped(void **state)
{
	static const int64_t kinds[] = { SCMIA_SIM_SPURIOUS_RESP, SCMIA_SIM_SPURIOUS_DRESP,
					 SCMIA_SIM_SPURIOUS_DOORBELL };
	struct ienv *e = ienv_start(NULL);
	struct scmia_sim_stats st;

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		uint32_t before = CNT(UNEXPECTED_TOKEN) + CNT(LATE_REPLIES) + CNT(SPURIOUS);

		ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_SPURIOUS,
			   0, 0, 0, 1, kinds[i]);
		assert_int_equal(ienv_echo(e, 12, i, 0), SCMIA_OK);
		ienv_drain(e, 1000);
		assert_int_equal(CNT(UNEXPECTED_TOKEN) + CNT(LATE_REPLIES) + CNT(SPURIOUS) - before,
				 1);
		scmia_sim_fault_clear(&e->sim);
	}
	scmia_sim_stats_get(&e->sim, &st);
	assert_int_equal(st.spurious, 3);
	assert_int_equal(CNT(REPLIES), 3);
	assert_int_equal(CNT(INVALID_STATE), 0);
	ienv_assert_no_leak(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_async_resp_then_dresp, ienv_teardown),
		cmocka_unit_test_teardown(test_dresp_before_resp_completes, ienv_teardown),
		cmocka_unit_test_teardown(test_poll_wait_ends_on_reordered_dresp, ienv_teardown),
		cmocka_unit_test_teardown(test_resp_after_dresp_rejected, ienv_teardown),
		cmocka_unit_test_teardown(test_duplicate_response_rejected, ienv_teardown),
		cmocka_unit_test_teardown(test_dresp_for_sync_command_rejected, ienv_teardown),
		cmocka_unit_test_teardown(test_async_error_status_completes_without_dresp,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_dresp_payload_larger_than_resp, ienv_teardown),
		cmocka_unit_test_teardown(test_status_each_scmi_status_mapped, ienv_teardown),
		cmocka_unit_test_teardown(test_status_out_of_range_malformed, ienv_teardown),
		cmocka_unit_test_teardown(test_corrupt_header_never_misattributed, ienv_teardown),
		cmocka_unit_test_teardown(test_response_truncated_lengths_0_to_8, ienv_teardown),
		cmocka_unit_test_teardown(test_loopback_response_body_lengths_0_to_8,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_reply_longer_than_buffer_clamped, ienv_teardown),
		cmocka_unit_test_teardown(test_corrupt_length_field, ienv_teardown),
		cmocka_unit_test_teardown(test_spurious_messages_dropped, ienv_teardown),
	};

	return cmocka_run_group_tests_name("integ_state", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw message API (include/scmia/raw.h; label "trace"): raw commands
 * through the real core, the loopback transport and the simulated
 * platform, in virtual time (tests/integration/ienv.c), with a stack
 * built with SCMIA_CFG_RAW=1.
 *
 * Sync, asynchronous (response then delayed response) and polled
 * commands; replies in wire form with the core's token; errors (timeout,
 * close) as entries; failure statuses as replies; notifications copied
 * while the handlers still run; the typed API on the same agent; a full
 * queue drops and counts, never wedges; truncation; the token filter;
 * bad arguments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ienv.h"
#include "scmia/raw.h"
#include "scmia/trace.h"

#if !SCMIA_CFG_RAW
#error "build this test with SCMIA_CFG_RAW=1"
#endif

#define NENT 8u
#define ESIZE (4u + IENV_MSG_SIZE)
#define T_MS 100000u /* generous: virtual time */

static struct scmia_raw g_raw;
static struct scmia_raw_entry g_ent[NENT];
static uint8_t g_buf[NENT * ESIZE];
static struct ienv_wait g_wobj;

static struct ienv *start(const struct ienv_opts *o, unsigned flags, uint16_t nent,
			  uint32_t esize, int use_wait)
{
	struct ienv *e = ienv_start(o);
	struct scmia_raw_cfg cfg;

	memset(&cfg, 0, sizeof(cfg));
	memset(&g_wobj, 0, sizeof(g_wobj));
	cfg.entries = g_ent;
	cfg.n_entries = nent;
	cfg.entry_size = esize;
	cfg.buf = g_buf;
	cfg.flags = flags;
	cfg.wait_obj = use_wait ? &g_wobj : NULL;
	assert_int_equal(scmia_raw_attach(&g_raw, &e->agent, &cfg), SCMIA_OK);
	return e;
}

static void stop(struct ienv *e)
{
	assert_int_equal(scmia_raw_detach(&g_raw), SCMIA_OK);
	ienv_assert_no_leak(e);
}

/* A command in wire form: header (with @token in its token bits), payload. */
static uint32_t mkmsg(uint8_t *m, uint8_t msg_id, uint32_t token, const void *p, uint32_t len)
{
	scmia_put_le32(m, scmia_hdr_pack(msg_id, SCMIA_MSG_TYPE_COMMAND, SCMIA_SIM_TEST_PROTO,
					 token));
	if (len)
		memcpy(m + 4, p, len);
	return 4u + len;
}

static uint32_t send_echo(const uint8_t *payload, uint32_t len, unsigned flags)
{
	uint8_t m[4 + IENV_MSG_SIZE];
	uint32_t hdr = 0;

	assert_int_equal(scmia_raw_send(&g_raw, NULL, m,
					mkmsg(m, SCMIA_SIM_TEST_ECHO, 0x3ffu, payload, len), flags,
					&hdr),
			 SCMIA_OK);
	return hdr;
}

/* The echo reply in wire form: header, status 0, payload, checksum. */
static void check_echo_reply(const uint8_t *r, uint32_t rlen, uint32_t hdr, const uint8_t *p,
			     uint32_t len)
{
	assert_int_equal(rlen, 4u + 4u + len + 4u);
	assert_int_equal(scmia_get_le32(r), hdr);
	assert_int_equal(scmia_get_le32(r + 4), 0);
	assert_memory_equal(r + 8, p, len);
	assert_int_equal(scmia_get_le32(r + 8 + len), scmia_sim_checksum(hdr, p, len));
}

static void test_raw_sync_echo_wire_form(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t p[12], r[64];
	uint32_t hdr, rlen = 0;
	unsigned kind = 99;
	int res = 99;

	(void)state;
	ienv_pattern(p, sizeof(p), 1);
	hdr = send_echo(p, sizeof(p), 0);
	/* the core's token, not the caller's; everything else as given */
	assert_int_equal(scmia_hdr_proto_id(hdr), SCMIA_SIM_TEST_PROTO);
	assert_int_equal(scmia_hdr_msg_id(hdr), SCMIA_SIM_TEST_ECHO);
	assert_int_equal(scmia_hdr_type(hdr), SCMIA_MSG_TYPE_COMMAND);
	assert_int_not_equal(scmia_hdr_token(hdr), 0x3ffu);
	assert_int_equal(e->sent_tokens[0], scmia_hdr_token(hdr));
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, &kind, &res, T_MS),
			 SCMIA_OK);
	assert_int_equal(kind, SCMIA_RAW_RESPONSE);
	assert_int_equal(res, SCMIA_OK);
	check_echo_reply(r, rlen, hdr, p, sizeof(p));
	/* nothing else, and nothing without waiting */
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, 0),
			 SCMIA_EAGAIN);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_SENT), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 1);
	stop(e);
}

/* Reserved header bits of the caller's message are not sent (Linux packs
 * the header from its fields too). */
static void test_raw_reserved_bits_dropped(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t m[8], r[32];
	uint32_t hdr = 0, rlen;

	(void)state;
	mkmsg(m, SCMIA_SIM_TEST_ECHO, 5, "abcd", 4);
	scmia_put_le32(m, scmia_get_le32(m) | 0xf0000000u);
	assert_int_equal(scmia_raw_send(&g_raw, &e->a2p, m, 8, 0, &hdr), SCMIA_OK);
	assert_int_equal(scmia_hdr_reserved(hdr), 0);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_MASK(SCMIA_RAW_RESPONSE),
					(int)scmia_hdr_token(hdr), r, sizeof(r), &rlen, NULL, NULL,
					T_MS),
			 SCMIA_OK);
	check_echo_reply(r, rlen, hdr, (const uint8_t *)"abcd", 4);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_MALFORMED), 0);
	stop(e);
}

static void test_raw_async_response_then_delayed(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t m[16], in[8], r[64];
	uint32_t hdr = 0, rlen;
	unsigned kind;
	int res;

	(void)state;
	scmia_put_le32(in, 7);
	scmia_put_le32(in + 4, 2000); /* delayed response 2 ms later */
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m,
					mkmsg(m, SCMIA_SIM_TEST_ASYNC_WORK, 0, in, 8),
					SCMIA_RAW_SEND_ASYNC, &hdr),
			 SCMIA_OK);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, (int)scmia_hdr_token(hdr), r,
					sizeof(r), &rlen, &kind, &res, T_MS),
			 SCMIA_OK);
	assert_int_equal(kind, SCMIA_RAW_RESPONSE);
	assert_int_equal(rlen, 8);
	assert_int_equal(scmia_get_le32(r), hdr);
	assert_int_equal(scmia_get_le32(r + 4), 0);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, (int)scmia_hdr_token(hdr), r,
					sizeof(r), &rlen, &kind, &res, T_MS),
			 SCMIA_OK);
	assert_int_equal(kind, SCMIA_RAW_DELAYED);
	assert_int_equal(res, SCMIA_OK);
	assert_int_equal(rlen, 16);
	/* the delayed response's header: same ids and token, type 2 */
	assert_int_equal(scmia_get_le32(r),
			 (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8));
	assert_int_equal(scmia_get_le32(r + 4), 0);
	assert_int_equal(scmia_get_le32(r + 8), scmia_sim_test_async_value(7));
	assert_int_equal(scmia_get_le32(r + 12), scmia_sim_checksum(hdr, in, 8));
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_DELAYED_REPLIES), 1);
	stop(e);
}

/* Polled: nobody interrupts; scmia_raw_recv() drives the polling. */
static void test_raw_polled(void **state)
{
	struct ienv_opts o = { .completion = SCMIA_COMPLETION_POLL,
			       .glue_flags = SCMIA_SIM_LB_POST };
	struct ienv *e;
	uint8_t p[4] = { 1, 2, 3, 4 }, r[32];
	uint32_t hdr, rlen;

	(void)state;
	e = start(&o, 0, NENT, ESIZE, 0);
	hdr = send_echo(p, 4, SCMIA_RAW_SEND_POLL);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	check_echo_reply(r, rlen, hdr, p, 4);
	assert_true(e->calls.poll > 0);
	assert_int_not_equal(e->last_send_flags & SCMIA_XFER_F_POLL, 0);
	stop(e);
}

/* The same on an interrupt channel with the per-command poll flag. */
static void test_raw_poll_flag_on_irq_channel(void **state)
{
	struct ienv_opts o = { .glue_flags = SCMIA_SIM_LB_POST };
	struct ienv *e;
	uint8_t p[4] = { 9, 8, 7, 6 }, r[32];
	uint32_t hdr, rlen;

	(void)state;
	e = start(&o, 0, NENT, ESIZE, 1);
	hdr = send_echo(p, 4, SCMIA_RAW_SEND_POLL);
	assert_int_not_equal(e->last_send_flags & SCMIA_XFER_F_POLL, 0);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	check_echo_reply(r, rlen, hdr, p, 4);
	stop(e);
}

static void test_raw_timeout_is_an_error_entry(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t p[4] = { 0 }, r[32];
	uint32_t hdr, rlen, pending = 9;
	unsigned kind;
	int res = 0;

	(void)state;
	(void)ienv_fault(e, SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_LATE,
			 SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 1, 50000);
	hdr = send_echo(p, 4, 0);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, &kind, &res, T_MS),
			 SCMIA_OK);
	assert_int_equal(kind, SCMIA_RAW_ERROR);
	assert_int_equal(res, SCMIA_ETIMEDOUT);
	assert_int_equal(rlen, 4);
	assert_int_equal(scmia_get_le32(r), hdr);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_TIMEOUTS), 1);
	/* the late reply comes: counted late, not queued */
	ienv_advance(e, 60000);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_raw_stats(&g_raw, NULL, NULL, &pending), SCMIA_OK);
	assert_int_equal(pending, 0);
	stop(e);
}

/* A failure status is a reply like any other: no error entry. */
static void test_raw_failure_status_is_a_reply(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t m[8], r[32];
	uint32_t hdr = 0, rlen, queued = 0;
	unsigned kind;
	int res;

	(void)state;
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m, mkmsg(m, 0x7f, 0, NULL, 0), 0, &hdr),
			 SCMIA_OK);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, &kind, &res, T_MS),
			 SCMIA_OK);
	assert_int_equal(kind, SCMIA_RAW_RESPONSE);
	assert_int_equal(rlen, 8);
	assert_int_equal((int32_t)scmia_get_le32(r + 4), SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(res, SCMIA_E_SCMI_NOT_SUPPORTED);
	ienv_advance(e, 10000);
	assert_int_equal(scmia_raw_stats(&g_raw, &queued, NULL, NULL), SCMIA_OK);
	assert_int_equal(queued, 1);
	stop(e);
}

static unsigned g_handled;

static void count_handler(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	g_handled++;
}

static void test_raw_notifications_copied_handlers_still_run(void **state)
{
	struct ienv *e = start(NULL, SCMIA_RAW_F_NOTIFICATIONS, NENT, ESIZE, 1);
	struct scmia_notifier n;
	uint8_t m[16], in[8], r[32];
	uint32_t hdr = 0, rlen, seq;
	unsigned kind, i;

	(void)state;
	memset(&n, 0, sizeof(n));
	n.proto_id = SCMIA_SIM_TEST_PROTO;
	n.evt_id = SCMIA_SIM_TEST_EVT;
	n.src_id = SCMIA_NOTIFY_SRC_ANY;
	n.fn = count_handler;
	g_handled = 0;
	assert_int_equal(scmia_notify_register(&e->agent, &n), SCMIA_OK);
	scmia_put_le32(in, 5);
	scmia_put_le32(in + 4, 3);
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m,
					mkmsg(m, SCMIA_SIM_TEST_TRIGGER_EVENT, 0, in, 8), 0, &hdr),
			 SCMIA_OK);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_MASK(SCMIA_RAW_RESPONSE),
					SCMIA_RAW_TOKEN_ANY, r, sizeof(r), &rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	assert_int_equal(rlen, 12);
	seq = scmia_get_le32(r + 8);
	for (i = 0; i < 3; i++) {
		assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r,
						sizeof(r), &rlen, &kind, NULL, T_MS),
				 SCMIA_OK);
		assert_int_equal(kind, SCMIA_RAW_NOTIFICATION);
		assert_int_equal(scmia_hdr_type(scmia_get_le32(r)), SCMIA_MSG_TYPE_NOTIFICATION);
		assert_int_equal(scmia_hdr_proto_id(scmia_get_le32(r)), SCMIA_SIM_TEST_PROTO);
		assert_int_equal(rlen, 16);
		assert_int_equal(scmia_get_le32(r + 8), 5);
		assert_int_equal(scmia_get_le32(r + 12), seq + i);
	}
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 3);
	assert_int_equal(g_handled, 3);
	assert_int_equal(scmia_notify_unregister(&e->agent, &n), SCMIA_OK);
	stop(e);
}

static void test_raw_notifications_only_when_asked(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t m[16], in[8], r[32];
	uint32_t rlen, pending = 9;

	(void)state;
	scmia_put_le32(in, 5);
	scmia_put_le32(in + 4, 2);
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m,
					mkmsg(m, SCMIA_SIM_TEST_TRIGGER_EVENT, 0, in, 8), 0, NULL),
			 SCMIA_OK);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	ienv_advance(e, 10000);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 2);
	assert_int_equal(scmia_raw_stats(&g_raw, NULL, NULL, &pending), SCMIA_OK);
	assert_int_equal(pending, 0);
	(void)scmia_notify_dispatch(&e->agent, 0);
	stop(e);
}

/* Typed commands on the same agent and channel, between raw ones: their
 * replies go to their callers, never to the raw queue. */
static void test_raw_coexists_with_typed_api(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t p[8], r[32];
	uint32_t h1, h2, rlen, queued = 0;

	(void)state;
	ienv_pattern(p, sizeof(p), 3);
	h1 = send_echo(p, sizeof(p), 0);
	assert_int_equal(ienv_echo(e, 16, 77, 0), SCMIA_OK);
	h2 = send_echo(p, 4, 0);
	assert_int_equal(ienv_echo(e, 0, 78, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	check_echo_reply(r, rlen, h1, p, sizeof(p));
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	check_echo_reply(r, rlen, h2, p, 4);
	assert_int_equal(scmia_raw_stats(&g_raw, &queued, NULL, NULL), SCMIA_OK);
	assert_int_equal(queued, 2);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 4);
	stop(e);
}

/* A queue that nobody reads fills up: what does not fit is dropped and
 * counted; the commands still end and give their slots back. */
static void test_raw_full_queue_drops_and_counts(void **state)
{
	struct ienv *e = start(NULL, 0, 2, ESIZE, 1);
	uint8_t p[4] = { 1, 1, 2, 3 }, r[32];
	uint32_t h[5], rlen, queued = 0, dropped = 0, pending = 0;
	unsigned i;

	(void)state;
	for (i = 0; i < 5; i++)
		h[i] = send_echo(p, 4, 0);
	ienv_drain(e, 100000);
	assert_int_equal(scmia_raw_stats(&g_raw, &queued, &dropped, &pending), SCMIA_OK);
	assert_int_equal(queued, 2);
	assert_int_equal(dropped, 3);
	assert_int_equal(pending, 2);
	ienv_assert_no_leak(e);
	for (i = 0; i < 2; i++) {
		assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r,
						sizeof(r), &rlen, NULL, NULL, 0),
				 SCMIA_OK);
		check_echo_reply(r, rlen, h[i], p, 4);
	}
	/* room again */
	h[0] = send_echo(p, 4, 0);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	check_echo_reply(r, rlen, h[0], p, 4);
	stop(e);
}

static void test_raw_token_filter_takes_out_of_order(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t p[4] = { 5, 6, 7, 8 }, r[32];
	uint32_t h1, h2, rlen;

	(void)state;
	h1 = send_echo(p, 4, 0);
	h2 = send_echo(p, 2, 0);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, (int)scmia_hdr_token(h2), r,
					sizeof(r), &rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	check_echo_reply(r, rlen, h2, p, 2);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, (int)scmia_hdr_token(h2), r,
					sizeof(r), &rlen, NULL, NULL, 0),
			 SCMIA_EAGAIN);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_MASK(SCMIA_RAW_DELAYED),
					SCMIA_RAW_TOKEN_ANY, r, sizeof(r), &rlen, NULL, NULL, 1000),
			 SCMIA_EAGAIN);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, 0),
			 SCMIA_OK);
	check_echo_reply(r, rlen, h1, p, 4);
	stop(e);
}

/* Truncation: by the queue's entry size, and by the caller's buffer. */
static void test_raw_truncation_said(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, 8, 1);
	uint8_t p[12], r[64];
	uint32_t hdr, rlen;

	(void)state;
	ienv_pattern(p, sizeof(p), 9);
	hdr = send_echo(p, sizeof(p), 0);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_ENOSPC);
	assert_int_equal(rlen, 12); /* header, status, 4 payload bytes */
	assert_int_equal(scmia_get_le32(r), hdr);
	assert_memory_equal(r + 8, p, 4);
	stop(e);
	e = start(NULL, 0, NENT, ESIZE, 1);
	hdr = send_echo(p, sizeof(p), 0);
	memset(r, 0xee, sizeof(r));
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, 6, &rlen,
					NULL, NULL, T_MS),
			 SCMIA_ENOSPC);
	assert_int_equal(rlen, 6);
	assert_int_equal(scmia_get_le32(r), hdr);
	assert_int_equal(r[6], 0xee);
	stop(e);
}

static void test_raw_close_cancels_into_error_entry(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t p[4] = { 0 }, r[32];
	uint32_t hdr, rlen;
	unsigned kind;
	int res;

	(void)state;
	(void)ienv_fault(e, SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP,
			 SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 1, 0);
	hdr = send_echo(p, 4, 0);
	assert_int_equal(scmia_raw_detach(&g_raw), SCMIA_EBUSY); /* a command is out */
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_OK);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, &kind, &res, 0),
			 SCMIA_OK);
	assert_int_equal(kind, SCMIA_RAW_ERROR);
	assert_int_equal(res, SCMIA_ECANCELED);
	assert_int_equal(scmia_get_le32(r), hdr);
	assert_int_equal(scmia_raw_detach(&g_raw), SCMIA_OK);
}

static void test_raw_bad_arguments(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t m[8 + IENV_MSG_SIZE], r[16];
	struct scmia_raw other;
	struct scmia_raw_cfg cfg;
	uint32_t rlen;

	(void)state;
	memset(m, 0, sizeof(m));
	/* not a command */
	scmia_put_le32(m, scmia_hdr_pack(3, SCMIA_MSG_TYPE_DELAYED_RESP, 0x80, 0));
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m, 4, 0, NULL), SCMIA_EINVAL);
	scmia_put_le32(m, scmia_hdr_pack(3, SCMIA_MSG_TYPE_NOTIFICATION, 0x80, 0));
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m, 4, 0, NULL), SCMIA_EINVAL);
	/* too short, too long, unknown flag, NULL */
	mkmsg(m, SCMIA_SIM_TEST_ECHO, 0, NULL, 0);
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m, 3, 0, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m, 4 + IENV_MSG_SIZE + 1, 0, NULL),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m, 4, 0x80, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_raw_send(&g_raw, NULL, NULL, 4, 0, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_raw_send(NULL, NULL, m, 4, 0, NULL), SCMIA_EINVAL);
	/* a p2a channel is not for commands */
	assert_int_equal(scmia_raw_send(&g_raw, &e->p2a, m, 4, 0, NULL), SCMIA_EINVAL);
	/* the longest payload is fine */
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m, 4 + IENV_MSG_SIZE - 4, 0, NULL),
			 SCMIA_OK);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_ENOSPC);
	/* recv */
	assert_int_equal(scmia_raw_recv(&g_raw, 0, SCMIA_RAW_TOKEN_ANY, r, sizeof(r), &rlen, NULL,
					NULL, 0),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, 1024, r, sizeof(r), &rlen, NULL,
					NULL, 0),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, -2, r, sizeof(r), &rlen, NULL, NULL,
					0),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					NULL, NULL, NULL, 0),
			 SCMIA_EINVAL);
	/* one queue per agent; bad configurations */
	memset(&cfg, 0, sizeof(cfg));
	cfg.entries = g_ent;
	cfg.n_entries = 1;
	cfg.entry_size = 8;
	cfg.buf = g_buf;
	assert_int_equal(scmia_raw_attach(&other, &e->agent, &cfg), SCMIA_ESTATE);
	cfg.entry_size = 7;
	assert_int_equal(scmia_raw_attach(&other, &e->agent, &cfg), SCMIA_EINVAL);
	cfg.entry_size = 8;
	cfg.n_entries = 0;
	assert_int_equal(scmia_raw_attach(&other, &e->agent, &cfg), SCMIA_EINVAL);
	stop(e);
	assert_int_equal(scmia_raw_detach(&g_raw), SCMIA_EINVAL);
	assert_int_equal(scmia_raw_send(&g_raw, NULL, m, 4, 0, NULL), SCMIA_EINVAL);
}

/* The trace of a raw command uses Linux's raw-mode dump tags (cmnd, resp). */
static char g_lines[8][160];
static unsigned g_nlines;

static void keep_dumps(void *ctx, const struct scmia_trace *ev)
{
	(void)ctx;
	if (ev->event != SCMIA_TRACE_MSG_DUMP || g_nlines >= 8u)
		return;
	assert_true(scmia_trace_format(ev, 0, g_lines[g_nlines], sizeof(g_lines[0])) > 0);
	g_nlines++;
}

static void test_raw_trace_tags(void **state)
{
	struct ienv *e = start(NULL, 0, NENT, ESIZE, 1);
	uint8_t p[2] = { 0xab, 0xcd }, r[32];
	uint32_t hdr, rlen;
	char want[160];

	(void)state;
	g_nlines = 0;
	e->agent.trace = keep_dumps; /* as scmia_agent_cfg::trace would set */
	hdr = send_echo(p, 2, 0);
	assert_int_equal(scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r, sizeof(r),
					&rlen, NULL, NULL, T_MS),
			 SCMIA_OK);
	assert_int_equal(ienv_echo(e, 0, 1, 0), SCMIA_OK);
	e->agent.trace = NULL;
	assert_int_equal(g_nlines, 4);
	snprintf(want, sizeof(want), "id=0 ch=10 pt=80 t=cmnd msg_id=03 seq=%04X s=0 pyld=abcd",
		 (unsigned)scmia_hdr_token(hdr));
	assert_string_equal(g_lines[0], want);
	assert_memory_equal(g_lines[1], "id=0 ch=10 pt=80 t=resp ", 24);
	assert_memory_equal(g_lines[2], "id=0 ch=10 pt=80 t=CMND ", 24);
	assert_memory_equal(g_lines[3], "id=0 ch=10 pt=80 t=RESP ", 24);
	stop(e);
}

/*
 * Random raw traffic against a platform with random faults (drop,
 * duplicate, delay, reorder, truncate, corrupted headers, lengths and
 * statuses, spurious messages): batches of sync, asynchronous and polled
 * commands of random lengths, drained after each batch. The books: every
 * entry names a command that is out (its token, protocol and message id;
 * a reply never reaches another command's entries), no entry is longer
 * than asked, each command ends with exactly one final entry (its
 * response if sync or failed, its delayed response, or an error), and at
 * the end no slot is leaked. The queue is large enough that nothing is
 * dropped.
 */
struct rnd_cmd {
	uint32_t hdr;
	unsigned async;
	unsigned finals;
	int out;
};

static uint32_t rnd_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_raw_random_traffic_under_faults(void **state)
{
	struct ienv_opts o = { .reply_timeout_us = 2000,
			       .dresp_timeout_us = 6000 };
	struct ienv *e;
	struct rnd_cmd cmd[4];
	uint8_t m[4 + IENV_MSG_SIZE], r[4 + 4 + IENV_MSG_SIZE];
	uint32_t seed = 0x2545f491u, dropped = 9;
	unsigned round, i, entries = 0, finals = 0, sent = 0, asyncs = 0;
	unsigned kinds[4] = { 0, 0, 0, 0 };
	struct scmia_sim_stats ss;

	(void)state;
	e = start(&o, SCMIA_RAW_F_NOTIFICATIONS, NENT, ESIZE, 1);
	assert_int_equal(scmia_sim_fault_random(&e->sim, 25, 7), SCMIA_OK);
	for (round = 0; round < 300; round++) {
		unsigned n = 1u + rnd_next(&seed) % 3u;

		memset(cmd, 0, sizeof(cmd));
		for (i = 0; i < n; i++) {
			unsigned kind = rnd_next(&seed) % 3u, flags = 0;
			uint32_t len;
			uint8_t msg;

			if (kind == 1) { /* asynchronous */
				uint32_t in[2] = { rnd_next(&seed), 500u + rnd_next(&seed) % 1500u };

				msg = SCMIA_SIM_TEST_ASYNC_WORK;
				scmia_put_le32(m + 4, in[0]);
				scmia_put_le32(m + 8, in[1]);
				len = 8;
				flags = SCMIA_RAW_SEND_ASYNC;
			} else {
				msg = SCMIA_SIM_TEST_ECHO;
				len = rnd_next(&seed) % (IENV_MSG_SIZE - 3u);
				ienv_pattern(m + 4, len, rnd_next(&seed));
				if (kind == 2)
					flags = SCMIA_RAW_SEND_POLL;
			}
			scmia_put_le32(m, scmia_hdr_pack(msg, 0, SCMIA_SIM_TEST_PROTO,
							 rnd_next(&seed)));
			assert_int_equal(scmia_raw_send(&g_raw, NULL, m, 4u + len, flags,
							&cmd[i].hdr),
					 SCMIA_OK);
			cmd[i].async = kind == 1;
			asyncs += kind == 1;
			cmd[i].out = 1;
			sent++;
		}
		/* drain: until every command of the batch has its final entry */
		for (;;) {
			uint32_t rlen = 0;
			unsigned kind = 99, k, still = 0;
			int res = 0, ret;

			for (k = 0; k < n; k++)
				still += cmd[k].out ? 1u : 0u;
			if (!still)
				break;
			ret = scmia_raw_recv(&g_raw, SCMIA_RAW_ANY, SCMIA_RAW_TOKEN_ANY, r,
					     (uint32_t)sizeof(r), &rlen, &kind, &res, 100000);
			assert_int_equal(ret, SCMIA_OK); /* an entry always comes */
			assert_true(rlen >= 4 && rlen <= sizeof(r));
			entries++;
			kinds[kind & 3u]++;
			if (kind == SCMIA_RAW_NOTIFICATION)
				continue; /* spurious ones the faults make up */
			for (k = 0; k < n; k++)
				if (scmia_hdr_token(scmia_get_le32(r)) == scmia_hdr_token(cmd[k].hdr))
					break;
			assert_true(k < n); /* never a command that is not out */
			assert_true(cmd[k].out);
			assert_int_equal(scmia_hdr_proto_id(scmia_get_le32(r)), SCMIA_SIM_TEST_PROTO);
			assert_int_equal(scmia_hdr_msg_id(scmia_get_le32(r)),
					 scmia_hdr_msg_id(cmd[k].hdr));
			if (kind == SCMIA_RAW_ERROR || kind == SCMIA_RAW_DELAYED ||
			    !cmd[k].async || res != SCMIA_OK) {
				cmd[k].finals++;
				cmd[k].out = 0;
				finals++;
			}
		}
		for (i = 0; i < n; i++)
			assert_int_equal(cmd[i].finals, 1);
		ienv_assert_no_leak(e);
	}
	assert_int_equal(finals, sent);
	assert_int_equal(scmia_raw_stats(&g_raw, NULL, &dropped, NULL), SCMIA_OK);
	assert_int_equal(dropped, 0);
	scmia_sim_stats_get(&e->sim, &ss);
	print_message("raw random: %u commands (%u asynchronous), entries: %u responses, %u "
		      "delayed, %u notifications, %u errors\n",
		      sent, asyncs, kinds[0], kinds[1], kinds[2], kinds[3]);
	/* the faults happened, and asynchronous commands got both replies */
	assert_true(ss.injected[SCMIA_SIM_FA_DROP] > 0 && ss.injected[SCMIA_SIM_FA_TRUNCATE] > 0);
	assert_true(kinds[1] > asyncs / 2u && kinds[3] > 0);
	(void)scmia_sim_fault_random(&e->sim, 0, 0);
	ienv_drain(e, 200000);
	(void)scmia_notify_dispatch(&e->agent, 0);
	stop(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_raw_sync_echo_wire_form, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_reserved_bits_dropped, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_async_response_then_delayed, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_polled, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_poll_flag_on_irq_channel, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_timeout_is_an_error_entry, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_failure_status_is_a_reply, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_notifications_copied_handlers_still_run,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_raw_notifications_only_when_asked, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_coexists_with_typed_api, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_full_queue_drops_and_counts, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_token_filter_takes_out_of_order, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_truncation_said, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_close_cancels_into_error_entry, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_bad_arguments, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_trace_tags, ienv_teardown),
		cmocka_unit_test_teardown(test_raw_random_traffic_under_faults, ienv_teardown),
	};

	return cmocka_run_group_tests_name("trace_raw", tests, NULL, NULL);
}

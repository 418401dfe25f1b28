/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core, the SMT transport and the Base protocol as a reduced build
 * runs them: the same scenarios, with the same observable results, in
 * every combination of SCMIA_CFG_* options that keeps polling completion
 * (the suite "configs" builds this file with the minimal set of
 * tools/footprint and with single switches off; the default build runs it
 * too, label "config"). Only what an option is documented to change
 * differs: a compiled-out feature is SCMIA_ENOTSUP, counters read 0
 * without SCMIA_CFG_COUNTERS, the lock and log ops are never called
 * without SCMIA_CFG_LOCK / SCMIA_CFG_LOG, scmia_strerror() is "" without
 * SCMIA_CFG_STRERROR.
 *
 * One thread, virtual time: the OS table has a clock and a relax hook
 * that moves it by 10 µs and steps the simulated platform, and (counted)
 * lock and log ops. The agent polls its one a2p SMT channel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/proto/base.h"
#include "scmia/proto/proto.h"
#include "scmia_smt.h"
#include "sim_smt.h"

#define AREA 128u
/* Slots of the channel: 4, or fewer when the build allows fewer
 * (SCMIA_CFG_MAX_SLOTS; a one-slot agent is the smallest kind). */
#if SCMIA_CFG_MAX_SLOTS < 4
#define MAX_MSG ((unsigned)SCMIA_CFG_MAX_SLOTS)
#else
#define MAX_MSG 4u
#endif
#define MSG_SIZE 100u
#define STEP_US 10u
#define REPLY_TMO_US 1000u
#define TEST_PROTO SCMIA_SIM_TEST_PROTO
/* The platform retries a message the area cannot take RETRIES times,
 * RETRY_US apart, then drops it. */
#define RETRY_US 20u
#define RETRIES 50u
#define DRAIN_US (2u * RETRIES * RETRY_US)

/* ------------------------------------------------------------------ */
/* OS table: virtual clock, relax steps the platform, counted ops       */
/* ------------------------------------------------------------------ */

struct fos {
	uint64_t now;
	struct scmia_sim_smt *glue;
	unsigned locks, unlocks, logs;
	/* The relax hook calls the receive entry for each reply the
	 * platform left in the area (as a bare-metal loop that services its
	 * mailbox from the back-off would), and counts what it returned. */
	struct scmia_chan *rx_chan;
	const uint32_t *rx_area;
	uint32_t rx_last;
	unsigned rx_ok, rx_other;
};

static struct fos fos;

static scmia_lock_key_t f_lock(void *ctx)
{
	(void)ctx;
	fos.locks++;
	return 0;
}

static void f_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	(void)key;
	fos.unlocks++;
}

static uint64_t f_now(void *ctx)
{
	(void)ctx;
	return fos.now;
}

static void f_relax(void *ctx)
{
	(void)ctx;
	fos.now += STEP_US;
	if (fos.glue)
		(void)scmia_sim_smt_poll(fos.glue);
	if (fos.rx_chan) {
		const uint8_t *a = (const uint8_t *)fos.rx_area;
		uint32_t hdr = scmia_get_le32(a + SCMIA_SMT_OFF_HEADER);

		if ((scmia_get_le32(a + SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE) &&
		    hdr != fos.rx_last) {
			fos.rx_last = hdr;
			if (scmia_rx(fos.rx_chan, hdr, NULL) == SCMIA_OK)
				fos.rx_ok++;
			else
				fos.rx_other++;
		}
	}
}

static void f_log(void *ctx, int level, const char *msg, uint32_t a, uint32_t b)
{
	(void)ctx;
	(void)level;
	(void)msg;
	(void)a;
	(void)b;
	fos.logs++;
}

static const struct scmia_os_ops f_ops = {
	.lock = f_lock,
	.unlock = f_unlock,
	.now_us = f_now,
	.relax = f_relax,
	.log = f_log,
};

/* ------------------------------------------------------------------ */
/* Environment                                                         */
/* ------------------------------------------------------------------ */

struct env {
	struct scmia_agent agent;
	struct scmia_chan a2p;
	SCMIA_CHAN_MEM_DEFINE(mem, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem2, MAX_MSG, MSG_SIZE);
	uint32_t area[AREA / 4];
	uint32_t area_p2a[AREA / 4];
	uint32_t area2[AREA / 4];
	struct scmia_smt_chan sc, sc2;
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_smt glue;
	int ring_fail; /* the doorbell fails this many times */
};

static struct env E;

static int ring(void *ctx)
{
	if (E.ring_fail > 0) {
		E.ring_fail--;
		return SCMIA_EIO;
	}
	return scmia_sim_smt_ring(ctx);
}

static void chan_cfg(struct scmia_chan_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = SCMIA_CHAN_A2P;
	c->completion = SCMIA_COMPLETION_POLL;
	c->max_msg = MAX_MSG;
	c->msg_size = MSG_SIZE;
	c->reply_timeout_us = REPLY_TMO_US;
	c->chan_ctx = &E.sc;
	c->mem = E.mem;
	c->mem_size = sizeof(E.mem);
}

static int env_up(void **state)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_smt_cfg tcfg;

	(void)state;
	memset(&E, 0, sizeof(E));
	memset(&fos, 0, sizeof(fos));
	fos.now = 1000;

	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_CUSTOM;
	scfg.now_us = f_now;
	scfg.retry_us = RETRY_US;
	scfg.max_retries = RETRIES;
	assert_int_equal(scmia_sim_init(&E.sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&E.sim, &E.test), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_init(&E.glue, &E.sim, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_attach(&E.glue, 0, E.area, AREA, E.area_p2a, AREA, &E.sc,
					      NULL, 0),
			 SCMIA_OK);
	fos.glue = &E.glue;

	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = E.area;
	tcfg.size = AREA;
	tcfg.ring = ring;
	tcfg.ring_ctx = scmia_sim_smt_ctx(&E.glue, 0);
	tcfg.free_timeout_us = 20000;
	tcfg.flags = SCMIA_SMT_F_NO_IRQ;
	assert_int_equal(scmia_smt_chan_init(&E.sc, &tcfg), SCMIA_OK);
	tcfg.base = E.area2;
	assert_int_equal(scmia_smt_chan_init(&E.sc2, &tcfg), SCMIA_OK);

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &f_ops;
	acfg.transport = &scmia_smt_transport;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);
	chan_cfg(&ccfg);
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	return 0;
}

static int env_down(void **state)
{
	unsigned n_free = 0, n_held = 0, n_inflight = 0;

	(void)state;
	/* Nothing the caller owns is lost: every slot is back. */
	if (E.a2p.agent) {
		assert_int_equal(scmia_chan_stats(&E.a2p, &n_free, &n_held, &n_inflight), SCMIA_OK);
		assert_int_equal(n_free, MAX_MSG);
		assert_int_equal(n_held, 0);
	}
	(void)scmia_agent_deinit(&E.agent);
	scmia_sim_deinit(&E.sim);
	fos.glue = NULL;
	/* Without the lock option the agent never calls the OS lock. */
	if (!SCMIA_CFG_LOCK)
		assert_int_equal(fos.locks + fos.unlocks, 0);
	return 0;
}

/* A counter as this build reports it: @n, or 0 without counters. */
static void cnt_is(enum scmia_counter id, uint32_t n)
{
	assert_int_equal(scmia_agent_counter(&E.agent, id), SCMIA_CFG_COUNTERS ? n : 0u);
}

/* One ECHO of @v: the result, and the reply checked against the
 * platform's checksum of this very command (its header, token included)
 * when it succeeded. */
static int echo(uint32_t v)
{
	struct scmia_xfer *x;
	uint32_t hdr;
	int ret;

	ret = scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, sizeof(v), 8, &x);
	if (ret)
		return ret;
	memcpy(x->tx_buf, &v, sizeof(v));
	hdr = x->hdr;
	ret = scmia_xfer_do(x, 0);
	if (ret == SCMIA_OK && x->rx_len < 8u) {
		/* a reply shorter than ECHO's: the core cannot know, the
		 * caller must (what a protocol decoder checks) */
		ret = SCMIA_ETOOSHORT;
	} else if (ret == SCMIA_OK) {
		assert_int_equal(x->rx_len, 8);
		assert_memory_equal(x->rx_buf, &v, 4);
		/* le32 on the wire */
		assert_int_equal(scmia_get_le32((const uint8_t *)x->rx_buf + 4),
				 scmia_sim_checksum(hdr, &v, sizeof(v)));
	}
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	return ret;
}

/* The same through scmia_cmd() (its copies in and out). */
static void echo_cmd(uint32_t v)
{
	uint8_t rx[8];
	uint32_t n = 0;

	assert_int_equal(scmia_cmd(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, &v, sizeof(v), rx,
				   sizeof(rx), &n, 0),
			 SCMIA_OK);
	assert_int_equal(n, 8);
	assert_memory_equal(rx, &v, 4);
}

/* Add a platform fault rule on responses (any message). */
static void fault(uint8_t action, int64_t arg, uint32_t count)
{
	struct scmia_sim_fault r;

	memset(&r, 0, sizeof(r));
	r.match = SCMIA_SIM_FM_ANY;
	r.target = SCMIA_SIM_FT_RESP;
	r.action = action;
	r.arg = arg;
	r.count = count;
	assert_true(scmia_sim_fault_add(&E.sim, &r) >= 0);
}

/* Let the platform run @us of virtual time with nothing sent. */
static void idle_for(uint64_t us)
{
	uint64_t end = fos.now + us;

	while (fos.now < end)
		f_relax(NULL);
}

/* ------------------------------------------------------------------ */
/* Scenarios                                                           */
/* ------------------------------------------------------------------ */

/* Commands complete by polling, more than a lap of the token space;
 * scmia_cmd() too. */
static void test_round_trips(void **state)
{
	uint32_t i;

	(void)state;
	for (i = 0; i < SCMIA_TOKEN_SPACE + 100u; i++)
		assert_int_equal(echo(i * 2654435761u), SCMIA_OK);
	for (i = 0; i < 8u; i++)
		echo_cmd(i);
	cnt_is(SCMIA_CNT_SENT, SCMIA_TOKEN_SPACE + 108u);
	cnt_is(SCMIA_CNT_REPLIES, SCMIA_TOKEN_SPACE + 108u);
	assert_int_equal(scmia_chan_quarantined(&E.a2p), 0);
}

/* The receive entry called from the relax hook, nested in a polled wait
 * (the same context: allowed without SCMIA_CFG_LOCK too, agent.h): each
 * reply is taken by that receive, the wait sees its transfer done. */
static void test_rx_from_relax(void **state)
{
	uint32_t i;

	(void)state;
	fos.rx_area = E.area;
	fos.rx_last = scmia_get_le32((const uint8_t *)E.area + SCMIA_SMT_OFF_HEADER);
	fos.rx_chan = &E.a2p;
	for (i = 0; i < 50u; i++)
		assert_int_equal(echo(i * 7u + 1u), SCMIA_OK);
	fos.rx_chan = NULL;
	assert_int_equal(fos.rx_ok, 50);
	assert_int_equal(fos.rx_other, 0);
	cnt_is(SCMIA_CNT_REPLIES, 50);
	/* A second receive of the same reply finds nothing to end. */
	assert_int_equal(scmia_rx(&E.a2p, fos.rx_last, NULL), SCMIA_EUNEXPECTED);
	assert_int_equal(echo(99), SCMIA_OK);
}

/* Tokens are issued in order, one per transfer, kept until put. */
static void test_tokens_in_order(void **state)
{
	struct scmia_xfer *x[MAX_MSG + 1];
	unsigned i;

	(void)state;
	for (i = 0; i < MAX_MSG; i++) {
		assert_int_equal(scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0, &x[i]),
				 SCMIA_OK);
		assert_int_equal(scmia_hdr_token(x[i]->hdr), i);
	}
	/* Every slot taken: no slot, counted. */
	assert_int_equal(scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0, &x[MAX_MSG]),
			 SCMIA_ENOSLOT);
	assert_null(x[MAX_MSG]);
	cnt_is(SCMIA_CNT_NO_SLOT, 1);
	for (i = 0; i < MAX_MSG; i++)
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	/* A put transfer's token is free again, the next one comes after. */
	assert_int_equal(scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0, &x[0]),
			 SCMIA_OK);
	assert_int_equal(scmia_hdr_token(x[0]->hdr), MAX_MSG);
	assert_int_equal(scmia_xfer_do(x[0], 0), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x[0]), SCMIA_OK);
	/* A second put is refused. */
	assert_int_equal(scmia_xfer_put(x[0]), SCMIA_ESTATE);
}

/* A reply that never comes: ETIMEDOUT, the token quarantined; its late
 * reply ends the quarantine and reaches nobody; the next command gets its
 * own reply. */
static void test_timeout_then_late_reply(void **state)
{
	(void)state;
	fault(SCMIA_SIM_FA_LATE, 3 * REPLY_TMO_US, 1);
	assert_int_equal(echo(0x11111111u), SCMIA_ETIMEDOUT);
	cnt_is(SCMIA_CNT_TIMEOUTS, 1);
	assert_int_equal(scmia_chan_quarantined(&E.a2p), 1);
	/* The next command waits for the area the platform still owns; the
	 * late reply in it is seen and dropped. */
	assert_int_equal(echo(0x22222222u), SCMIA_OK);
	assert_int_equal(echo(0x33333333u), SCMIA_OK);
	cnt_is(SCMIA_CNT_REPLIES, 2);
}

/* Replies with a token nobody waits for, each ending its command with an
 * error and no reply: the tokens fill the quarantine; the oldest is given
 * up (STALE_REUSED), commands go on working. */
static void test_quarantine_full(void **state)
{
	unsigned i, cap = 0, n = 3u * MAX_MSG + 4u;
	int first;

	(void)state;
	fault(SCMIA_SIM_FA_CORRUPT_HDR, 0, 0);
	first = echo(0);
	assert_int_not_equal(first, SCMIA_OK);
	for (i = 1; i <= n; i++) {
		unsigned q = scmia_chan_quarantined(&E.a2p);

		assert_true(q >= 1 && q <= i);
		if (q > cap)
			cap = q;
		if (i < n)
			assert_int_equal(echo(i), first);
	}
	/* The quarantine is bounded, and was full: tokens were given up. */
	assert_true(cap < n);
	assert_int_equal(scmia_chan_quarantined(&E.a2p), cap);
	cnt_is(SCMIA_CNT_STALE_REUSED, n - cap);
	scmia_sim_fault_clear(&E.sim);
	assert_int_equal(echo(7), SCMIA_OK);
}

/* A reply with another token than its command's is never its answer:
 * the command waits for its own and times out. */
static void test_wrong_token(void **state)
{
	(void)state;
	fault(SCMIA_SIM_FA_CORRUPT_HDR, 0, 1);
	assert_int_equal(echo(1), SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_chan_quarantined(&E.a2p), 1);
	assert_int_equal(echo(2), SCMIA_OK);
	cnt_is(SCMIA_CNT_REPLIES, 1);
}

/* A reply with another message id (same token) is never delivered. */
static void test_wrong_msg_id(void **state)
{
	(void)state;
	fault(SCMIA_SIM_FA_CORRUPT_HDR, 0x1, 1);
	assert_int_equal(echo(1), SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_chan_quarantined(&E.a2p), 1);
	assert_int_equal(echo(2), SCMIA_OK);
	cnt_is(SCMIA_CNT_REPLIES, 1);
}

/* Status words: each SCMI error maps to its code, anything else is
 * malformed. */
static void test_statuses(void **state)
{
	static const int32_t st[] = { -1, -11, -12, 1, INT32_MIN };
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		fault(SCMIA_SIM_FA_CORRUPT_STATUS, st[i], 1);
		assert_int_equal(echo(i), scmia_err_from_status(st[i]));
		assert_int_equal(echo(i), SCMIA_OK);
	}
	cnt_is(SCMIA_CNT_MALFORMED, 3);
	cnt_is(SCMIA_CNT_STATUS_ERRORS, 2);
}

/* Truncated replies: shorter than a status word is a transport error;
 * a short payload is the caller's to judge. */
static void test_truncated(void **state)
{
	(void)state;
	/* no whole status word: refused by the transport */
	fault(SCMIA_SIM_FA_TRUNCATE, 2, 1);
	assert_int_equal(echo(1), SCMIA_ETOOSHORT);
	cnt_is(SCMIA_CNT_MALFORMED, 1);
	/* a status and 2 of ECHO's 8 bytes; a length word without the
	 * header's 4 bytes: well-formed, short (echo() says ETOOSHORT) */
	fault(SCMIA_SIM_FA_TRUNCATE, 6, 1);
	assert_int_equal(echo(1), SCMIA_ETOOSHORT);
	fault(SCMIA_SIM_FA_CORRUPT_LEN, 0, 1);
	assert_int_equal(echo(2), SCMIA_ETOOSHORT);
	assert_int_equal(echo(3), SCMIA_OK);
	cnt_is(SCMIA_CNT_REPLIES, 3);
}

/* Messages the receive entry must drop: a reply before its command was
 * sent, a token nobody holds, reserved bits, a notification on an a2p
 * channel. Each is counted, none disturbs the transfer. */
static void test_rx_drops(void **state)
{
	struct scmia_xfer *x;
	uint32_t hdr;

	(void)state;
	assert_int_equal(scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0, &x),
			 SCMIA_OK);
	memset(x->tx_buf, 0x5a, 4);
	hdr = x->hdr;
	assert_int_equal(scmia_rx(&E.a2p, hdr, NULL), SCMIA_EUNEXPECTED);
	cnt_is(SCMIA_CNT_EARLY, 1);
	assert_int_equal(scmia_rx(&E.a2p, hdr ^ (1u << 18), NULL), SCMIA_EUNEXPECTED);
	cnt_is(SCMIA_CNT_UNEXPECTED_TOKEN, 1);
	assert_int_equal(scmia_rx(&E.a2p, hdr | (1u << 28), NULL), SCMIA_EMALFORMED);
	assert_int_equal(scmia_rx(&E.a2p, hdr | (3u << 8), NULL), SCMIA_EMALFORMED);
	cnt_is(SCMIA_CNT_MALFORMED, 2);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 8);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* After its end, its own header is a reply for nobody. */
	assert_int_equal(scmia_rx(&E.a2p, hdr, NULL), SCMIA_EUNEXPECTED);
}

/* A doorbell that fails: the send error, nothing reached the platform,
 * the token stays with the transfer, which can be sent again. */
static void test_send_fails(void **state)
{
	struct scmia_xfer *x;
	unsigned tok;

	(void)state;
	assert_int_equal(scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0, &x),
			 SCMIA_OK);
	memset(x->tx_buf, 1, 4);
	tok = scmia_hdr_token(x->hdr);
	E.ring_fail = 1;
	assert_int_not_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	cnt_is(SCMIA_CNT_TX_ERRORS, 1);
	assert_int_equal(scmia_hdr_token(x->hdr), tok);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_chan_quarantined(&E.a2p), 0);
	assert_int_equal(echo(9), SCMIA_OK);
}

/* A duplicated reply: the simulated platform keeps the copy and writes it
 * into the area it is handed next, over the next command, and from then
 * on each command's area gets the previous command's reply, until the
 * platform idles long enough to drop what it cannot deliver. No command
 * ever takes another's reply (echo() checks the payload and checksum of
 * each success); once the platform drained, commands succeed again. */
static void test_duplicate(void **state)
{
	unsigned i;

	(void)state;
	fault(SCMIA_SIM_FA_DUPLICATE, 0, 1);
	assert_int_equal(echo(1), SCMIA_OK);
	for (i = 0; i < 4; i++) {
		int r = echo(10 + i);

		assert_true(r == SCMIA_OK || r == SCMIA_ETIMEDOUT);
	}
	idle_for(DRAIN_US);
	for (i = 0; i < 4; i++)
		assert_int_equal(echo(20 + i), SCMIA_OK);
}

/* Close with a transfer owned: the channel refuses new transfers, the
 * owner can still put. */
static void test_close(void **state)
{
	struct scmia_xfer *x, *y;

	(void)state;
	assert_int_equal(scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0, &x),
			 SCMIA_OK);
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ECANCELED);
	assert_int_not_equal(scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0, &y),
			     SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_ESTATE);
	memset(&E.a2p, 0, sizeof(E.a2p)); /* closed: env_down has nothing to check */
}

/* Base discovery through the protocol layer. */
static void test_base_discover(void **state)
{
	struct scmia_proto_set set;
	struct scmia_proto_handle h[2];
	struct scmia_proto_handle *base;
	char vendor[16];

	(void)state;
	assert_int_equal(scmia_proto_set_init(&set, &E.agent, h, 2), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&set, &scmia_base_desc, NULL, &base), SCMIA_OK);
	assert_true(scmia_base_discover(&set) > 0);
	assert_int_equal(scmia_base_discover_vendor(base, vendor, sizeof(vendor)), SCMIA_OK);
	assert_string_equal(vendor, "scmia-sim");
}

/* What the build compiled out is refused as not supported. */
static void test_compiled_out(void **state)
{
	struct scmia_chan c2;
	struct scmia_chan_cfg ccfg;
	struct scmia_xfer *x;
	int ret;

	(void)state;
	assert_int_equal(scmia_xfer_get(&E.agent, TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0, &x),
			 SCMIA_OK);
	ret = scmia_xfer_do(x, SCMIA_XFER_F_ASYNC);
	if (!SCMIA_CFG_ASYNC)
		assert_int_equal(ret, SCMIA_ENOTSUP);
	else
		assert_int_not_equal(ret, SCMIA_ENOTSUP);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	idle_for(3 * REPLY_TMO_US);

	/* a dedicated channel */
	chan_cfg(&ccfg);
	ccfg.proto_id = TEST_PROTO;
	ccfg.chan_ctx = &E.sc2;
	ccfg.mem = E.mem2;
	ccfg.mem_size = sizeof(E.mem2);
	memset(&c2, 0, sizeof(c2));
	ret = scmia_chan_open(&E.agent, &c2, &ccfg);
	assert_int_equal(ret, SCMIA_CFG_DEDICATED ? SCMIA_OK : SCMIA_ENOTSUP);
	if (ret == SCMIA_OK)
		assert_int_equal(scmia_chan_close(&c2), SCMIA_OK);

	/* a p2a channel */
	chan_cfg(&ccfg);
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.completion = 0;
	ccfg.chan_ctx = &E.sc2;
	ccfg.mem = E.mem2;
	ccfg.mem_size = sizeof(E.mem2);
	memset(&c2, 0, sizeof(c2));
	ret = scmia_chan_open(&E.agent, &c2, &ccfg);
	if (!SCMIA_CFG_P2A)
		assert_int_equal(ret, SCMIA_ENOTSUP);
	else
		assert_int_not_equal(ret, SCMIA_ENOTSUP);
	if (ret == SCMIA_OK)
		assert_int_equal(scmia_chan_close(&c2), SCMIA_OK);

	/* completion modes */
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	chan_cfg(&ccfg);
	ccfg.completion = SCMIA_COMPLETION_IRQ;
	/* (this SMT channel has no completion interrupt: refused either way) */
	ret = scmia_chan_open(&E.agent, &E.a2p, &ccfg);
	assert_int_equal(ret, SCMIA_CFG_IRQ ? SCMIA_EINVAL : SCMIA_ENOTSUP);
	chan_cfg(&ccfg);
	ccfg.completion = SCMIA_COMPLETION_ON_RETURN;
	ret = scmia_chan_open(&E.agent, &E.a2p, &ccfg);
	assert_int_equal(ret, SCMIA_CFG_ON_RETURN ? SCMIA_OK : SCMIA_ENOTSUP);
	if (ret == SCMIA_OK)
		assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	/* AUTO on a channel without a completion interrupt: polling, in
	 * every build (with the lock, AUTO would otherwise choose
	 * interrupts, which this channel never raises) */
	chan_cfg(&ccfg);
	ccfg.completion = SCMIA_COMPLETION_AUTO;
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	assert_int_equal(echo(5), SCMIA_OK);
}

/* Counters, error texts and the log follow their switches. */
static void test_reporting(void **state)
{
	uint32_t all[SCMIA_CNT__COUNT];
	unsigned i;

	(void)state;
	assert_int_equal(echo(1), SCMIA_OK);
	assert_int_equal(scmia_agent_counters(&E.agent, all, SCMIA_CNT__COUNT), SCMIA_CNT__COUNT);
	for (i = 0; i < SCMIA_CNT__COUNT; i++)
		if (!SCMIA_CFG_COUNTERS)
			assert_int_equal(all[i], 0);
	assert_int_equal(all[SCMIA_CNT_SENT], SCMIA_CFG_COUNTERS ? 1u : 0u);
	if (SCMIA_CFG_COUNTERS)
		assert_string_not_equal(scmia_counter_name(SCMIA_CNT_SENT), "");
	else
		assert_string_equal(scmia_counter_name(SCMIA_CNT_SENT), "");
	if (SCMIA_CFG_STRERROR)
		assert_string_not_equal(scmia_strerror(SCMIA_ETIMEDOUT), "");
	else
		assert_string_equal(scmia_strerror(SCMIA_ETIMEDOUT), "");
	/* The channel open logged (SCMIA_LOG_INFO) only with the log on. */
	if (SCMIA_CFG_LOG)
		assert_true(fos.logs > 0);
	else
		assert_int_equal(fos.logs, 0);
	if (SCMIA_CFG_LOCK)
		assert_true(fos.locks > 0 && fos.locks == fos.unlocks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trips, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_tokens_in_order, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_rx_from_relax, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_timeout_then_late_reply, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_quarantine_full, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_wrong_token, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_wrong_msg_id, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_statuses, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_truncated, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_rx_drops, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_send_fails, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_duplicate, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_close, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_base_discover, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_compiled_out, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_reporting, env_up, env_down),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}

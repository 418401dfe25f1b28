/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness of the OP-TEE transport: the real core and transport against
 * a TEE whose every answer comes from the input: open_session and invoke
 * results (TEE codes, host failures), CAPABILITIES and GET_CHANNEL_HANDLE
 * values, the bytes written into the SMT area or MSG buffer (status,
 * length, header, payload), the MSG response size, and p2a messages posted
 * in the p2a area at any point.
 *
 * Invariants (a violation prints "FUZZ-INVARIANT [tag]: ..." and aborts):
 *  [misattributed] a command reported answered (SUCCESS or an SCMI status)
 *                  whose reply the TEE did not write for exactly that
 *                  command header, or whose payload differs from what was
 *                  written (clamped to the capacity);
 *  [tx]            the message the transport handed over is not the
 *                  command (header, payload, MSG input size);
 *  [params]        parameter types or memrefs outside the buffer;
 *  [leak]          a session still open after the agent is gone;
 *  [leak]          a slot not free after its transfer was put;
 *  [liveness]      the channel refuses a well-answered command after a
 *                  bad one (except a static SMT area the TEE kept).
 * Buffers are heap copies of their exact size, so AddressSanitizer sees
 * any access outside them.
 *
 * Built as the other harnesses of tests/fuzz (libFuzzer, or the replay
 * driver common/replay.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "scmia/scmia.h"
#include "scmia_optee.h"

#define MAX_MSG 4u
#define MSG_SIZE 64u
#define PROTO 0x80u
#define MSGID 0x3u

/* ------------------------------------------------------------------ */
/* Input                                                               */
/* ------------------------------------------------------------------ */

struct in {
	const uint8_t *p;
	size_t n, at;
};

static uint8_t u8(struct in *in, uint8_t dflt)
{
	return in->at < in->n ? in->p[in->at++] : dflt;
}

static uint32_t u32(struct in *in, uint32_t dflt)
{
	uint32_t v = 0;
	unsigned i;

	if (in->n - in->at < 4 || in->at > in->n)
		return dflt;
	for (i = 0; i < 4; i++)
		v |= (uint32_t)in->p[in->at++] << (8 * i);
	return v;
}

static int more(const struct in *in)
{
	return in->at < in->n;
}

/* Failures: fz_fail() (common/fz.h) prints "FUZZ-INVARIANT [tag]: ..." and
 * aborts. */
#define CHECK(c, tag, ...) FZ_CHECK(c, tag, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* The TEE                                                             */
/* ------------------------------------------------------------------ */

struct tee {
	struct in *in;
	uint32_t mode;
	uint8_t *buf;          /* a2p buffer (exact size) */
	uint32_t buf_size;
	unsigned open;         /* sessions open */
	/* what the last PROCESS invoke saw and answered */
	uint32_t cmd_hdr;      /* header of the command handed over */
	uint8_t cmd_payload[MSG_SIZE];
	uint32_t cmd_len;
	int answered;          /* a reply was written for cmd_hdr */
	uint32_t reply_hdr;
	int32_t reply_status;
	uint8_t reply_payload[512];
	uint32_t reply_len;    /* payload bytes after the status */
	int keep_area;         /* a static area was left taken */
	unsigned invokes;
};

static struct tee T;

static int fz_open(void *ctx, const uint8_t uuid[16], uint32_t *session, uint32_t *tee_ret)
{
	uint8_t b = u8(T.in, 0);

	(void)ctx;
	CHECK(memcmp(uuid, scmia_optee_pta_uuid, 16) == 0, "params", "open of another TA");
	if (b >= 0xf8) {
		*tee_ret = b & 1 ? SCMIA_OPTEE_TEEC_ERROR_ITEM_NOT_FOUND : SCMIA_OPTEE_TEEC_ERROR_GENERIC;
		return 0;
	}
	if (b >= 0xf0)
		return b & 1 ? SCMIA_EAGAIN : 3;
	T.open++;
	*session = 0x1000u + T.open;
	*tee_ret = SCMIA_OPTEE_TEEC_SUCCESS;
	return 0;
}

static void fz_close(void *ctx, uint32_t session)
{
	(void)ctx;
	(void)session;
	CHECK(T.open > 0, "leak", "close without an open session");
	T.open--;
}

/* Put a reply in the buffer: a proper one for the command, or the input's
 * bytes; remember what an honest reader would take from it (the length
 * word decides, whatever lies in the buffer up to it). */
static void write_reply(struct scmia_optee_param *p)
{
	uint8_t kind = u8(T.in, 0);
	uint32_t hdr = T.cmd_hdr, n, i, len_word, off_hdr, off_pl, total;
	int32_t status = 0;

	if (kind & 1)
		hdr ^= u32(T.in, 0);              /* a wrong header, maybe */
	if (kind & 2)
		status = (int32_t)u32(T.in, 0);   /* any status */
	n = u8(T.in, 8);
	if (T.mode == SCMIA_OPTEE_MODE_MSG) {
		off_hdr = 0;
		off_pl = 8;
	} else {
		off_hdr = SCMIA_SMT_OFF_HEADER;
		off_pl = SCMIA_SMT_OFF_PAYLOAD + 4u;
	}
	if (n > T.buf_size - off_pl)
		n = T.buf_size - off_pl;
	scmia_put_le32(T.buf + off_hdr, hdr);
	scmia_put_le32(T.buf + off_pl - 4u, (uint32_t)status);
	for (i = 0; i < n; i++)
		T.buf[off_pl + i] = u8(T.in, (uint8_t)i);
	/* total = header + status + payload */
	total = 8u + n;
	if (kind & 4)
		total = u32(T.in, total);         /* any length / size */
	T.reply_hdr = hdr;
	T.reply_status = status;
	T.answered = 1;
	if (T.mode == SCMIA_OPTEE_MODE_MSG) {
		p[2].size = total;
		if (total < 8u || total > T.buf_size)
			T.answered = 0; /* nothing an honest reader takes */
	} else {
		uint32_t st = SCMIA_SMT_STATUS_FREE;
		uint8_t sb = u8(T.in, 0);

		/* SMT: the length word counts header + status + payload */
		len_word = total;
		scmia_put_le32(T.buf + SCMIA_SMT_OFF_LENGTH, len_word);
		if (sb >= 0xf0)
			st = sb & 1 ? SCMIA_SMT_STATUS_ERROR : 0u; /* error / not handed back */
		else if (sb >= 0xe0)
			st = u32(T.in, 0);
		scmia_put_le32(T.buf + SCMIA_SMT_OFF_STATUS, st);
		if (!(st & SCMIA_SMT_STATUS_FREE) || (st & SCMIA_SMT_STATUS_ERROR))
			T.answered = 0;
		if (T.mode == SCMIA_OPTEE_MODE_SMT && !(st & SCMIA_SMT_STATUS_FREE))
			T.keep_area = 1;
		if (total < 8u || total > T.buf_size - SCMIA_SMT_OFF_HEADER)
			T.answered = 0;
	}
	if (T.answered) {
		T.reply_len = total - 8u;
		memcpy(T.reply_payload, T.buf + off_pl, T.reply_len);
	}
}

static void check_tx(const struct scmia_optee_param *p)
{
	uint32_t len, hdr;

	if (T.mode == SCMIA_OPTEE_MODE_MSG) {
		CHECK(p[1].shm == (void *)&T && p[2].shm == (void *)&T, "params", "memref object");
		CHECK(p[1].offset == 0 && p[2].offset == 0 && p[2].size == T.buf_size, "params",
		      "memref bounds");
		len = (uint32_t)p[1].size;
		CHECK(len >= 4 && len <= T.buf_size, "tx", "input size %u", len);
		hdr = scmia_get_le32(T.buf);
		CHECK(len - 4u == T.cmd_len && memcmp(T.buf + 4, T.cmd_payload, T.cmd_len) == 0,
		      "tx", "payload");
	} else {
		len = scmia_get_le32(T.buf + SCMIA_SMT_OFF_LENGTH);
		hdr = scmia_get_le32(T.buf + SCMIA_SMT_OFF_HEADER);
		CHECK(scmia_get_le32(T.buf + SCMIA_SMT_OFF_STATUS) == 0, "tx", "status not cleared");
		CHECK(len == 4u + T.cmd_len &&
			      memcmp(T.buf + SCMIA_SMT_OFF_PAYLOAD, T.cmd_payload, T.cmd_len) == 0,
		      "tx", "length %u payload", len);
		if (T.mode == SCMIA_OPTEE_MODE_SMT_SHM)
			CHECK(p[1].shm == (void *)&T && p[1].size == T.buf_size, "params", "memref");
	}
	CHECK(hdr == T.cmd_hdr, "tx", "header %08x, command %08x", hdr, T.cmd_hdr);
}

static int fz_invoke(void *ctx, uint32_t session, uint32_t cmd,
		     struct scmia_optee_param p[SCMIA_OPTEE_NUM_PARAMS], uint32_t *tee_ret)
{
	uint8_t b;

	(void)ctx;
	(void)session;
	T.invokes++;
	CHECK(T.open > 0, "params", "invoke without a session");
	b = u8(T.in, 0);
	if (b >= 0xf8) {
		static const uint32_t codes[] = { SCMIA_OPTEE_TEEC_ERROR_GENERIC,
						   SCMIA_OPTEE_TEEC_ERROR_BUSY,
						   SCMIA_OPTEE_TEEC_ERROR_NOT_SUPPORTED,
						   0x12345678u };
		*tee_ret = codes[b & 3];
		return 0;
	}
	if (b >= 0xf4)
		return b & 1 ? SCMIA_EIO : -100;
	*tee_ret = SCMIA_OPTEE_TEEC_SUCCESS;
	switch (cmd) {
	case SCMIA_OPTEE_CMD_CAPABILITIES:
		CHECK(p[0].type == SCMIA_OPTEE_PARAM_VALUE_OUT && p[1].type == 0, "params", "caps");
		p[0].a = b >= 0xe0 ? u32(T.in, 0) : (SCMIA_OPTEE_CAPS_SMT_HEADER | SCMIA_OPTEE_CAPS_MSG_HEADER);
		p[0].b = u32(T.in, 0);
		return 0;
	case SCMIA_OPTEE_CMD_GET_CHANNEL_HANDLE:
		CHECK(p[0].type == SCMIA_OPTEE_PARAM_VALUE_INOUT && p[1].type == 0, "params",
		      "handle");
		p[0].a = u32(T.in, 7);
		return 0;
	case SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL:
	case SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE:
	case SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL:
		CHECK(p[0].type == SCMIA_OPTEE_PARAM_VALUE_IN, "params", "process");
		CHECK(T.mode == SCMIA_OPTEE_MODE_SMT ? cmd == SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL
			      : T.mode == SCMIA_OPTEE_MODE_SMT_SHM
				      ? cmd == SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE
				      : cmd == SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL,
		      "params", "command %u in mode %u", cmd, T.mode);
		check_tx(p);
		if (b >= 0xf0) {
			/* returns without processing */
			if (T.mode == SCMIA_OPTEE_MODE_MSG)
				p[2].size = 0;
			else if (T.mode == SCMIA_OPTEE_MODE_SMT)
				T.keep_area = 1;
			return 0;
		}
		write_reply(p);
		return 0;
	default:
		fz_fail("params", "unknown command %u", cmd);
	}
	return 0;
}

static const struct scmia_optee_ops fz_ops = {
	.open_session = fz_open,
	.invoke = fz_invoke,
	.close_session = fz_close,
};

/* ------------------------------------------------------------------ */
/* One input                                                           */
/* ------------------------------------------------------------------ */

struct rig {
	struct scmia_optee tr;
	struct scmia_optee_chan a2p_oc, p2a_oc;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
	uint8_t *p2a_area;
	uint32_t p2a_size;
};

static void on_notif(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	CHECK(n->len <= MSG_SIZE, "misattributed", "notification of %u bytes", n->len);
}

/* One command; returns the scmia result. */
static int one_command(struct rig *r, struct in *in)
{
	struct scmia_xfer *x = NULL;
	uint32_t len = u8(in, 8) % (MSG_SIZE + 1u), i;
	unsigned nf, nh, ni;
	int ret, accepted;

	ret = scmia_xfer_get(&r->agent, PROTO, (uint8_t)(MSGID + (u8(in, 0) & 3u)), len, 0, &x);
	if (ret)
		return ret;
	for (i = 0; i < len; i++)
		((uint8_t *)x->tx_buf)[i] = u8(in, (uint8_t)i);
	T.cmd_hdr = x->hdr;
	memcpy(T.cmd_payload, x->tx_buf, len);
	T.cmd_len = len;
	T.answered = 0;
	ret = scmia_xfer_do(x, 0);
	accepted = ret == SCMIA_OK || scmia_err_is_scmi(ret);
	if (accepted) {
		uint32_t want = T.reply_len < x->rx_cap ? T.reply_len : x->rx_cap;

		CHECK(T.answered && T.reply_hdr == x->hdr, "misattributed",
		      "accepted (%d) without a reply to %08x (written %08x)", ret, x->hdr,
		      T.reply_hdr);
		CHECK(x->status == T.reply_status, "misattributed", "status");
		CHECK(x->rx_len == want && memcmp(x->rx_buf, T.reply_payload, want) == 0,
		      "misattributed", "payload %u/%u", x->rx_len, want);
	}
	scmia_xfer_put(x);
	CHECK(scmia_chan_stats(&r->a2p, &nf, &nh, &ni) == SCMIA_OK && nf == MAX_MSG && nh == 0,
	      "leak", "free %u held %u", nf, nh);
	return ret;
}

static void post_p2a(struct rig *r, struct in *in)
{
	uint32_t len = u32(in, 12), hdr = u32(in, 0), st = u8(in, 0) & 3u, i, n;

	if (!r->p2a_area)
		return;
	n = r->p2a_size - SCMIA_SMT_OFF_PAYLOAD;
	scmia_put_le32(r->p2a_area + SCMIA_SMT_OFF_LENGTH, len);
	scmia_put_le32(r->p2a_area + SCMIA_SMT_OFF_HEADER, hdr);
	scmia_put_le32(r->p2a_area + SCMIA_SMT_OFF_FLAGS, u8(in, 0) & 1u);
	for (i = 0; i < n && i < 32u; i++)
		r->p2a_area[SCMIA_SMT_OFF_PAYLOAD + i] = u8(in, 0);
	scmia_put_le32(r->p2a_area + SCMIA_SMT_OFF_STATUS, st == 3 ? SCMIA_SMT_STATUS_ERROR : st & 1u);
	(void)scmia_optee_irq(&r->p2a_oc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rig R;
	struct rig *r = &R;
	struct in in = { data, size, 0 };
	struct scmia_optee_cfg tc;
	struct scmia_optee_chan_cfg cc;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_notifier nf;
	uint8_t *buf = NULL;
	unsigned steps;
	int ret;

	memset(r, 0, sizeof(*r));
	memset(&T, 0, sizeof(T));
	T.in = &in;
	T.mode = 1u + u8(&in, 2) % 3u;
	if (T.mode == SCMIA_OPTEE_MODE_MSG)
		T.buf_size = 8u + u8(&in, 120);
	else
		T.buf_size = (u8(&in, 25) % 40u) * 4u + (T.mode == SCMIA_OPTEE_MODE_SMT ? 32u : 128u);
	buf = malloc(T.buf_size);
	if (!buf)
		return 0;
	memset(buf, 0, T.buf_size);
	T.buf = buf;
	if (T.mode == SCMIA_OPTEE_MODE_SMT)
		scmia_put_le32(buf + SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);

	memset(&tc, 0, sizeof(tc));
	tc.ops = &fz_ops;
	ret = scmia_optee_init(&r->tr, &tc);
	CHECK(ret == SCMIA_OK, "params", "init");
	memset(&cc, 0, sizeof(cc));
	cc.mode = T.mode;
	cc.channel_id = 1;
	cc.base = buf;
	cc.size = T.buf_size;
	cc.shm = &T;
	cc.busy_timeout_us = 500;
	ret = scmia_optee_chan_init(&r->a2p_oc, &cc);
	CHECK(ret == SCMIA_OK, "params", "chan init %d", ret);
	if (u8(&in, 1) & 1) {
		r->p2a_size = 64;
		r->p2a_area = malloc(r->p2a_size);
		if (r->p2a_area) {
			memset(r->p2a_area, 0, r->p2a_size);
			scmia_put_le32(r->p2a_area + SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
			memset(&cc, 0, sizeof(cc));
			cc.base = r->p2a_area;
			cc.size = r->p2a_size;
			CHECK(scmia_optee_chan_init(&r->p2a_oc, &cc) == SCMIA_OK, "params", "p2a");
		}
	}

	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &scmia_optee_transport;
	acfg.transport_ctx = &r->tr;
	if (scmia_agent_init(&r->agent, &acfg) != SCMIA_OK) {
		CHECK(T.open == 0, "leak", "%u open after a failed init", T.open);
		goto out;
	}
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &r->a2p_oc;
	ccfg.mem = r->mem_a2p;
	ccfg.mem_size = sizeof(r->mem_a2p);
	ccfg.reply_timeout_us = 1000;
	ccfg.dresp_timeout_us = 2000;
	if (scmia_chan_open(&r->agent, &r->a2p, &ccfg) != SCMIA_OK) {
		CHECK(T.open == 0, "leak", "%u open after a failed open", T.open);
		goto deinit;
	}
	if (r->p2a_area) {
		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_P2A;
		ccfg.max_msg = MAX_MSG;
		ccfg.msg_size = MSG_SIZE;
		ccfg.chan_ctx = &r->p2a_oc;
		ccfg.mem = r->mem_p2a;
		ccfg.mem_size = sizeof(r->mem_p2a);
		CHECK(scmia_chan_open(&r->agent, &r->p2a, &ccfg) == SCMIA_OK, "params", "p2a open");
	}
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = PROTO;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_notif;
	(void)scmia_notify_register(&r->agent, &nf);

	for (steps = 0; steps < 32 && more(&in); steps++) {
		switch (u8(&in, 0) % 5u) {
		case 0:
		case 1:
			(void)one_command(r, &in);
			break;
		case 2:
			post_p2a(r, &in);
			break;
		case 3:
			(void)scmia_notify_dispatch(&r->agent, 0);
			break;
		default:
			CHECK(scmia_optee_irq(&r->a2p_oc) == SCMIA_ENOTSUP, "params", "a2p irq");
			break;
		}
	}
	/* The input is over: an honest TEE answers. The channel must work,
	 * unless a static area was left taken by the TEE (it must free it). */
	in.at = in.n;
	if (!T.keep_area) {
		uint32_t need = (T.mode == SCMIA_OPTEE_MODE_MSG ? 4u : SCMIA_SMT_OFF_PAYLOAD) + 8u;

		ret = one_command(r, &in);
		CHECK(ret == SCMIA_OK || (ret == SCMIA_ENOSPC && T.buf_size < need), "liveness",
		      "%d (buffer %u)", ret, T.buf_size);
	}
	(void)scmia_notify_dispatch(&r->agent, 0);
deinit:
	(void)scmia_agent_deinit(&r->agent);
	CHECK(T.open == 0, "leak", "%u sessions open after deinit", T.open);
out:
	free(r->p2a_area);
	free(buf);
	return 0;
}

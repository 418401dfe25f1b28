/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness of the ACPI PCC transport: the real core and transport
 * against a platform whose every move comes from the input: the subspace
 * description (region size, register widths, masks), what it writes in the
 * type 3 region (signature, length, header, status, payload), which
 * registers it sets (command complete, error, garbage above the width),
 * register hooks that fail, interrupts raised or not, spurious ones, and
 * raw type 4 messages at any point.
 *
 * The agent runs on a fake OS with a lock that does nothing (one thread)
 * and a virtual clock moved by the relax hook, where the platform acts:
 * interrupt-driven waits spin on the transfer state and the platform
 * answers from relax (or from the doorbell write); polling waits call
 * poll_done.
 *
 * Invariants (a violation prints "FUZZ-INVARIANT [tag]: ..." and aborts):
 *  [misattributed] a command reported answered (SUCCESS or an SCMI status)
 *                  while the region did not hold, for an honest reader,
 *                  a reply with exactly its header: command complete set,
 *                  no error bit, the subspace's signature, a length in
 *                  range; or a payload other than the one there;
 *  [tx]            the message handed over is not the command (signature,
 *                  length, header, payload) or was rung with command
 *                  complete still set;
 *  [width]         a register write beyond the register's width;
 *  [leak]          a slot not free after its transfer was put;
 *  [liveness]      an honest platform and the channel still refuses.
 * Regions are heap copies of their exact size (AddressSanitizer).
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
#include "scmia_pcc.h"

#define MAX_MSG 4u
#define MSG_SIZE 64u
#define PROTO 0x80u
#define MSGID 0x3u

enum { R_DB = 0, R_CC, R_ACK, R_ERR, NREGS };

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

	if (in->at > in->n || in->n - in->at < 4)
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
/* The platform                                                        */
/* ------------------------------------------------------------------ */

struct side {
	uint8_t *mem;
	uint32_t size;
	uint64_t regs[NREGS];
	uint8_t width[NREGS];
	uint8_t id;
	uint8_t has_err;      /* the subspace has an Error Status register */
};

struct plat {
	struct in *in;
	struct side s[2];     /* [0] type 3, [1] type 4 */
	struct scmia_pcc_chan *pc[2];
	uint64_t now;
	int honest;           /* input over: answer every command properly */
	int rung;             /* a type 3 doorbell is pending */
	int handed;           /* the current command was handed over (CC cleared) */
	int in_irq;           /* no re-entry of the interrupt entries */
	uint32_t cmd_hdr;     /* command the agent wants answered */
	uint8_t cmd_payload[MSG_SIZE];
	uint32_t cmd_len;
	uint64_t cc_mask;
	unsigned fail_read, fail_write; /* register accesses left to fail */
	unsigned garbage;     /* reads left that return bits above the width */
	/* the honest reader's view of the type 3 region */
	int valid;
	uint32_t v_hdr;
	int32_t v_status;
	uint32_t v_len;
	uint8_t v_payload[512];
};

static struct plat P;

static uint64_t wmask(uint8_t w)
{
	return w >= 64u ? ~(uint64_t)0 : (((uint64_t)1 << w) - 1u);
}

static uint32_t get(const struct side *s, uint32_t off)
{
	return scmia_get_le32(s->mem + off);
}

static void put(struct side *s, uint32_t off, uint32_t v)
{
	scmia_put_le32(s->mem + off, v);
}

/* What an honest agent would take from the type 3 region now. */
static void view_update(void)
{
	struct side *s = &P.s[0];
	uint32_t len;

	P.valid = 0;
	if (!(P.s[0].regs[R_CC] & P.cc_mask & wmask(s->width[R_CC])) ||
	    (s->has_err && (s->regs[R_ERR] & 1u)) ||
	    get(s, SCMIA_PCC_OFF_SIGNATURE) != SCMIA_PCC_SIGNATURE(s->id))
		return;
	len = get(s, SCMIA_PCC_OFF_LENGTH);
	if (len < 8u || len > s->size - SCMIA_PCC_OFF_COMMAND)
		return;
	P.valid = 1;
	P.v_hdr = get(s, SCMIA_PCC_OFF_COMMAND);
	P.v_status = (int32_t)get(s, SCMIA_PCC_OFF_PAYLOAD);
	P.v_len = len - 8u;
	memcpy(P.v_payload, s->mem + SCMIA_PCC_OFF_PAYLOAD + 4u, P.v_len);
}

static void irq(int side)
{
	if (P.in_irq || !P.pc[side])
		return;
	P.in_irq = 1;
	(void)scmia_pcc_irq(P.pc[side]);
	P.in_irq = 0;
}

/* Answer the command in the type 3 region (proper, or as the input says). */
static void answer(void)
{
	struct side *s = &P.s[0];
	uint8_t kind = P.honest ? 0 : u8(P.in, 0);
	uint32_t hdr = get(s, SCMIA_PCC_OFF_COMMAND), n, i, total;
	int32_t status = 0;
	uint32_t room = s->size - SCMIA_PCC_OFF_PAYLOAD - 4u;

	if (kind & 0x01)
		hdr ^= u32(P.in, 0);
	if (kind & 0x02)
		status = (int32_t)u32(P.in, 0);
	n = P.honest ? 4u : u8(P.in, 4);
	if (n > room)
		n = room;
	put(s, SCMIA_PCC_OFF_COMMAND, hdr);
	put(s, SCMIA_PCC_OFF_PAYLOAD, (uint32_t)status);
	for (i = 0; i < n; i++)
		s->mem[SCMIA_PCC_OFF_PAYLOAD + 4u + i] = P.honest ? (uint8_t)i : u8(P.in, 0);
	total = 8u + n;
	if (kind & 0x04)
		total = u32(P.in, total);
	put(s, SCMIA_PCC_OFF_LENGTH, total);
	if (kind & 0x08)
		put(s, SCMIA_PCC_OFF_SIGNATURE, u32(P.in, 0));
	if (kind & 0x10)
		s->regs[R_ERR] |= 1u;
	P.rung = 0;
	P.handed = 0;
	if (!(kind & 0x20))
		s->regs[R_CC] |= 1u; /* done: command complete */
	view_update();
	if (!(kind & 0x40) && (get(s, SCMIA_PCC_OFF_FLAGS) & SCMIA_PCC_FLAGS_NOTIFY)) {
		s->regs[R_ACK] |= 1u;
		irq(0);
	}
}

/* A raw type 4 message. */
static void post_p2a(void)
{
	struct side *s = &P.s[1];
	uint32_t i, n;

	if (!s->mem)
		return;
	if (!(s->regs[R_CC] & 1u) && !(u8(P.in, 0) & 1u))
		return; /* the agent is not done: usually wait */
	n = s->size - SCMIA_PCC_OFF_PAYLOAD;
	put(s, SCMIA_PCC_OFF_SIGNATURE,
	    u8(P.in, 0) & 0x80 ? u32(P.in, 0) : SCMIA_PCC_SIGNATURE(s->id));
	put(s, SCMIA_PCC_OFF_FLAGS, u8(P.in, 0) & 1u);
	put(s, SCMIA_PCC_OFF_LENGTH, u32(P.in, 8));
	put(s, SCMIA_PCC_OFF_COMMAND, u8(P.in, 0) & 1 ? u32(P.in, 0)
						     : scmia_hdr_pack(0, 3, PROTO, 0));
	for (i = 0; i < n && i < 24u; i++)
		s->mem[SCMIA_PCC_OFF_PAYLOAD + i] = u8(P.in, 0);
	s->regs[R_ERR] = u8(P.in, 0) == 0xff ? 1u : 0u;
	s->regs[R_CC] &= ~(uint64_t)1;
	if (u8(P.in, 1) & 1u) {
		s->regs[R_ACK] |= 1u;
		irq(1);
	}
}

/* The platform's move while the agent waits (relax) or after a doorbell. */
static void act(void)
{
	if (P.honest) {
		/* The region is the platform's (command complete clear): it
		 * answers, doorbell or not (a platform may poll). */
		if (!(P.s[0].regs[R_CC] & 1u))
			answer();
		return;
	}
	switch (u8(P.in, 0) % 8u) {
	case 0:
	case 1:
		if (P.handed)
			answer();
		break;
	case 2:
		post_p2a();
		break;
	case 3:
		irq(0); /* spurious, or a late look */
		break;
	case 4:
		irq(1);
		break;
	case 5:
		/* malicious: the platform flips command complete */
		P.s[u8(P.in, 0) & 1u].regs[R_CC] ^= 1u;
		view_update();
		break;
	case 6:
		P.fail_read = u8(P.in, 0) % 3u;
		P.fail_write = u8(P.in, 0) % 3u;
		P.garbage = u8(P.in, 0) % 4u;
		break;
	default:
		break; /* nothing this time */
	}
}

static int side_of(const struct scmia_pcc_gas *gas, int *r)
{
	uint64_t a = gas->address;

	if (a < 0x1000u || a >= 0x1000u + 2u * NREGS * 8u || (a & 7u))
		fz_fail("tx", "register address %llx", (unsigned long long)a);
	*r = (int)(((a - 0x1000u) / 8u) % NREGS);
	return (int)(((a - 0x1000u) / 8u) / NREGS);
}

static int reg_read(void *ctx, const struct scmia_pcc_gas *gas, uint64_t *val)
{
	int r, sd = side_of(gas, &r);

	(void)ctx;
	CHECK(gas->bit_width == P.s[sd].width[r], "tx", "width %u", gas->bit_width);
	if (!P.honest && P.fail_read) {
		P.fail_read--;
		return SCMIA_EIO;
	}
	*val = P.s[sd].regs[r];
	if (!P.honest && P.garbage) {
		P.garbage--;
		*val |= ~wmask(P.s[sd].width[r]);
	}
	return SCMIA_OK;
}

static int reg_write(void *ctx, const struct scmia_pcc_gas *gas, uint64_t val)
{
	int r, sd = side_of(gas, &r);
	struct side *s = &P.s[sd];

	(void)ctx;
	CHECK(!(val & ~wmask(s->width[r])), "width", "%llx to a %u-bit register",
	      (unsigned long long)val, s->width[r]);
	if (!P.honest && P.fail_write) {
		P.fail_write--;
		return SCMIA_EIO;
	}
	if (r == R_DB) {
		if (sd == 0) {
			/* a command: handed over, with command complete clear */
			CHECK(!(s->regs[R_CC] & 1u), "tx", "rung with command complete set");
			P.rung = 1;
			if (!P.in_irq && (P.honest || (u8(P.in, 0) & 1u)))
				act();
		}
		return SCMIA_OK;
	}
	s->regs[r] = val;
	if (sd == 0 && r == R_CC && !(val & 1u)) {
		/* the agent handed the region over: check what it wrote */
		CHECK(get(s, SCMIA_PCC_OFF_SIGNATURE) == SCMIA_PCC_SIGNATURE(s->id), "tx", "signature");
		CHECK(get(s, SCMIA_PCC_OFF_LENGTH) == 4u + P.cmd_len, "tx", "length %u / %u",
		      get(s, SCMIA_PCC_OFF_LENGTH), P.cmd_len);
		CHECK(get(s, SCMIA_PCC_OFF_COMMAND) == P.cmd_hdr, "tx", "header");
		CHECK(memcmp(s->mem + SCMIA_PCC_OFF_PAYLOAD, P.cmd_payload, P.cmd_len) == 0, "tx",
		      "payload");
		P.handed = 1;
	}
	if (sd == 0)
		view_update();
	return SCMIA_OK;
}

static const struct scmia_pcc_reg_ops regs = { .read = reg_read, .write = reg_write };

/* Fake OS: one thread, a virtual clock; the platform acts while the agent
 * waits. */
static scmia_lock_key_t os_lock(void *ctx)
{
	(void)ctx;
	return 0;
}

static void os_unlock(void *ctx, scmia_lock_key_t k)
{
	(void)ctx;
	(void)k;
}

static uint64_t os_now(void *ctx)
{
	(void)ctx;
	return P.now;
}

static void os_relax(void *ctx)
{
	(void)ctx;
	P.now += 50u;
	act();
}

static const struct scmia_os_ops fake_os = {
	.lock = os_lock, .unlock = os_unlock, .now_us = os_now, .relax = os_relax,
};

/* ------------------------------------------------------------------ */
/* One input                                                           */
/* ------------------------------------------------------------------ */

struct rig {
	struct scmia_pcc_chan a2p_pc, p2a_pc;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
};

static void on_notif(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	CHECK(n->len <= MSG_SIZE, "misattributed", "notification of %u bytes", n->len);
}

static int one_command(struct rig *r, struct in *in, unsigned flags)
{
	struct scmia_xfer *x = NULL;
	uint32_t len = u8(in, 0) % (MSG_SIZE + 1u), i;
	unsigned nf, nh, ni;
	int ret;

	ret = scmia_xfer_get(&r->agent, PROTO, (uint8_t)(MSGID + (u8(in, 0) & 3u)), len, 0, &x);
	if (ret)
		return ret;
	for (i = 0; i < len; i++)
		((uint8_t *)x->tx_buf)[i] = u8(in, (uint8_t)i);
	P.cmd_hdr = x->hdr;
	memcpy(P.cmd_payload, x->tx_buf, len);
	P.cmd_len = len;
	ret = scmia_xfer_do(x, flags);
	if (ret == SCMIA_OK || scmia_err_is_scmi(ret)) {
		uint32_t want = P.v_len < x->rx_cap ? P.v_len : x->rx_cap;

		CHECK(P.valid && P.v_hdr == x->hdr, "misattributed",
		      "accepted (%d) for %08x, region valid %d header %08x", ret, x->hdr, P.valid,
		      P.v_hdr);
		CHECK(x->status == P.v_status, "misattributed", "status");
		CHECK(x->rx_len == want && memcmp(x->rx_buf, P.v_payload, want) == 0,
		      "misattributed", "payload %u / %u", x->rx_len, want);
	}
	scmia_xfer_put(x);
	CHECK(scmia_chan_stats(&r->a2p, &nf, &nh, &ni) == SCMIA_OK && nf == MAX_MSG && nh == 0,
	      "leak", "free %u held %u", nf, nh);
	return ret;
}

static void describe(struct scmia_pcc_cfg *c, int sd, struct in *in)
{
	static const uint8_t widths[] = { 8, 16, 32, 64 };
	struct side *s = &P.s[sd];
	int k;

	memset(c, 0, sizeof(*c));
	c->type = sd ? SCMIA_PCC_TYPE_RESPONDER : SCMIA_PCC_TYPE_INITIATOR;
	c->subspace_id = s->id;
	c->base = s->mem;
	c->size = s->size;
	c->regs = &regs;
	for (k = 0; k < NREGS; k++)
		s->width[k] = widths[u8(in, 2) & 3u];
	c->doorbell.gas.bit_width = s->width[R_DB];
	c->doorbell.gas.address = 0x1000u + (uint64_t)(sd * NREGS + R_DB) * 8u;
	c->doorbell.set = u8(in, 0) & 0x80 ? ((uint64_t)u32(in, 1) << 32 | 1u) : 1u;
	c->cmd_complete.gas.bit_width = s->width[R_CC];
	c->cmd_complete.gas.address = 0x1000u + (uint64_t)(sd * NREGS + R_CC) * 8u;
	c->cmd_complete.mask = u8(in, 0) & 0x80 ? ((uint64_t)u32(in, 0) << 32 | 1u) : 1u;
	c->cmd_update = c->cmd_complete;
	c->cmd_update.mask = 0;
	c->cmd_update.preserve = sd ? ~(uint64_t)0 : ~(uint64_t)1;
	c->cmd_update.set = sd ? 1u : 0u;
	c->plat_ack.gas.bit_width = s->width[R_ACK];
	c->plat_ack.gas.address = u8(in, 1) & 1u ? 0x1000u + (uint64_t)(sd * NREGS + R_ACK) * 8u : 0;
	c->plat_ack.preserve = ~(uint64_t)1;
	c->error.gas.bit_width = s->width[R_ERR];
	c->error.gas.address = u8(in, 1) & 1u ? 0x1000u + (uint64_t)(sd * NREGS + R_ERR) * 8u : 0;
	c->error.mask = 1u;
	s->has_err = c->error.gas.address != 0;
	c->busy_timeout_us = 1000;
	c->min_turnaround_us = u8(in, 0) & 1u ? 200u : 0u;
	if (!sd)
		P.cc_mask = c->cmd_complete.mask;
	s->regs[R_CC] = 1u; /* both start with the agent */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rig R;
	struct rig *r = &R;
	struct in in = { data, size, 0 };
	struct scmia_pcc_cfg cfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_notifier nf;
	unsigned steps, flags = 0;
	int ret, irq_mode;

	memset(r, 0, sizeof(*r));
	memset(&P, 0, sizeof(P));
	P.in = &in;
	P.s[0].id = u8(&in, 0);
	P.s[1].id = (uint8_t)(P.s[0].id + 1u);
	P.s[0].size = SCMIA_PCC_REGION_MIN + 4u * (u8(&in, 27) % 64u);
	P.s[1].size = SCMIA_PCC_REGION_MIN + 4u * (u8(&in, 12) % 16u);
	P.s[0].mem = calloc(1, P.s[0].size);
	P.s[1].mem = u8(&in, 1) & 1u ? calloc(1, P.s[1].size) : NULL;
	if (!P.s[0].mem)
		goto out;
	irq_mode = u8(&in, 1) & 1u;

	describe(&cfg, 0, &in);
	if (!irq_mode)
		cfg.flags = SCMIA_PCC_F_NO_IRQ;
	CHECK(scmia_pcc_chan_init(&r->a2p_pc, &cfg) == SCMIA_OK, "tx", "a2p init");
	P.pc[0] = &r->a2p_pc;
	if (P.s[1].mem) {
		describe(&cfg, 1, &in);
		CHECK(scmia_pcc_chan_init(&r->p2a_pc, &cfg) == SCMIA_OK, "tx", "p2a init");
		P.pc[1] = &r->p2a_pc;
	}

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &fake_os;
	acfg.transport = &scmia_pcc_transport;
	CHECK(scmia_agent_init(&r->agent, &acfg) == SCMIA_OK, "tx", "agent");
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &r->a2p_pc;
	ccfg.mem = r->mem_a2p;
	ccfg.mem_size = sizeof(r->mem_a2p);
	ccfg.reply_timeout_us = 2000;
	ccfg.dresp_timeout_us = 2000;
	/* no platform interrupt: the core must poll (the transport only
	 * stops asking for the interrupt) */
	ccfg.completion = irq_mode ? SCMIA_COMPLETION_AUTO : SCMIA_COMPLETION_POLL;
	CHECK(scmia_chan_open(&r->agent, &r->a2p, &ccfg) == SCMIA_OK, "tx", "a2p open");
	if (P.pc[1]) {
		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_P2A;
		ccfg.max_msg = MAX_MSG;
		ccfg.msg_size = MSG_SIZE;
		ccfg.chan_ctx = &r->p2a_pc;
		ccfg.mem = r->mem_p2a;
		ccfg.mem_size = sizeof(r->mem_p2a);
		CHECK(scmia_chan_open(&r->agent, &r->p2a, &ccfg) == SCMIA_OK, "tx", "p2a open");
	}
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = PROTO;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_notif;
	(void)scmia_notify_register(&r->agent, &nf);

	for (steps = 0; steps < 32 && more(&in); steps++) {
		switch (u8(&in, 0) % 6u) {
		case 0:
		case 1:
			flags = u8(&in, 0) & 1u ? SCMIA_XFER_F_POLL : 0u;
			(void)one_command(r, &in, flags);
			break;
		case 2:
			act();
			break;
		case 3:
			(void)scmia_notify_dispatch(&r->agent, 0);
			break;
		case 4:
			if (P.pc[1])
				(void)scmia_pcc_poll(P.pc[1]);
			break;
		default:
			(void)scmia_agent_service(&r->agent);
			break;
		}
	}
	/* The input is over: the platform turns honest. Whatever happened,
	 * the channel must work again. */
	in.at = in.n;
	P.honest = 1;
	P.fail_read = P.fail_write = P.garbage = 0;
	P.s[0].regs[R_ERR] = 0;
	P.s[1].regs[R_ERR] = 0;
	act();
	ret = one_command(r, &in, 0);
	CHECK(ret == SCMIA_OK, "liveness", "%d", ret);
	(void)scmia_notify_dispatch(&r->agent, 0);
	(void)scmia_agent_deinit(&r->agent);
out:
	free(P.s[0].mem);
	free(P.s[1].mem);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform end of ACPI PCC extended subspaces (sim_pcc.h).
 *
 * The platform's view of a region: aligned 32-bit atomic accesses only;
 * it reads a command after it saw command complete cleared (the register
 * is read under the model's lock, which the agent's update also takes) and
 * writes a reply before it sets the bit.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Part of scmia::sim only when the PCC transport is built (it provides
 * scmia_pcc.h and links it to the sim); otherwise this unit is empty. */
#if defined(__has_include)
#if __has_include("scmia_pcc.h")
#define SIM_PCC_BUILD 1
#endif
#endif
#ifndef SIM_PCC_BUILD
#define SIM_PCC_BUILD 0
#endif

#if SIM_PCC_BUILD
#include "sim_pcc.h"

#define W(off) ((off) / 4u)
#define CC_BIT 1u   /* command complete: bit 0 */
#define ERR_BIT 1u  /* error: bit 0 */
#define ACK_BIT 1u  /* interrupt pending: bit 0 */

static uint32_t le(uint32_t v)
{
	uint8_t b[4];

	memcpy(b, &v, sizeof(b));
	return scmia_get_le32(b);
}

static uint32_t ld(const uint32_t *mem, uint32_t off)
{
	return le(__atomic_load_n(&mem[W(off)], __ATOMIC_ACQUIRE));
}

static void st(uint32_t *mem, uint32_t off, uint32_t v)
{
	__atomic_store_n(&mem[W(off)], le(v), __ATOMIC_RELEASE);
}

static void put_bytes(uint32_t *mem, uint32_t off, const void *src, uint32_t len)
{
	const uint8_t *s = (const uint8_t *)src;
	uint32_t i;

	for (i = 0; i < len; i += 4) {
		uint8_t b[4] = { 0, 0, 0, 0 };
		uint32_t n = len - i < 4u ? len - i : 4u;

		memcpy(b, s + i, n);
		st(mem, off + i, scmia_get_le32(b));
	}
}

static void get_bytes(const uint32_t *mem, uint32_t off, void *dst, uint32_t len)
{
	uint8_t *d = (uint8_t *)dst;
	uint32_t i;

	for (i = 0; i < len; i += 4) {
		uint8_t b[4];
		uint32_t n = len - i < 4u ? len - i : 4u;

		scmia_put_le32(b, ld(mem, off + i));
		memcpy(d + i, b, n);
	}
}

static uint32_t acc_read32(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
}

static void acc_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	__atomic_store_n((uint32_t *)(uintptr_t)addr, le(v), __ATOMIC_RELEASE);
}

const struct scmia_smt_access scmia_sim_pcc_acc = {
	.read32 = acc_read32,
	.write32 = acc_write32,
};

/* ------------------------------------------------------------------ */
/* Rules                                                               */
/* ------------------------------------------------------------------ */

/* Take one shot of the first rule (@act, side @p2a, optional register
 * @reg for the register actions). Lock held. */
static int take_locked(struct scmia_sim_pcc *m, unsigned act, int p2a, int reg, uint64_t *arg)
{
	unsigned i;

	for (i = 0; i < m->n_rules; i++) {
		struct scmia_sim_pcc_rule *r = &m->rules[i];

		if (r->act != act || r->p2a != (p2a ? 1u : 0u) || (reg >= 0 && r->arg != (uint64_t)reg))
			continue;
		if (arg)
			*arg = r->arg;
		if (--r->count == 0) {
			memmove(r, r + 1, (m->n_rules - i - 1u) * sizeof(*r));
			m->n_rules--;
		}
		return 1;
	}
	return 0;
}

int scmia_sim_pcc_script(struct scmia_sim_pcc *m, const struct scmia_sim_pcc_rule *rule)
{
	int ret = SCMIA_OK;

	if (!m || !rule || !rule->act || rule->act > SCMIA_SIM_PCC_ACT_HIGH_BITS || rule->p2a > 1u)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	if (m->n_rules >= sizeof(m->rules) / sizeof(m->rules[0])) {
		ret = SCMIA_ENOSPC;
	} else {
		m->rules[m->n_rules] = *rule;
		if (!m->rules[m->n_rules].count)
			m->rules[m->n_rules].count = 1;
		m->n_rules++;
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Emitting                                                            */
/* ------------------------------------------------------------------ */

static struct scmia_sim_pcc_chan *chan_of(struct scmia_sim_pcc *m, unsigned idx)
{
	if (!m || idx >= SCMIA_SIM_MAX_CHANS || !m->ch[idx].attached)
		return NULL;
	return &m->ch[idx];
}

/* Write a message into a region (lock held). Returns what the interrupt
 * decision needs: 1 to raise, 0 not, -1 when stuck (nothing completed). */
static int write_msg_locked(struct scmia_sim_pcc *m, struct scmia_sim_pcc_chan *c, int p2a,
			    unsigned idx, uint32_t hdr, const void *body, uint32_t len,
			    const uint32_t *wire_len, uint32_t flags)
{
	uint32_t *mem = p2a ? c->p2a_mem : c->a2p_mem;
	uint32_t size = p2a ? c->p2a_size : c->a2p_size;
	uint32_t room = size - SCMIA_PCC_OFF_PAYLOAD, sig, lw;
	uint64_t arg = 0;
	int irq = 1;

	if (len > room)
		len = room;
	sig = SCMIA_PCC_SIGNATURE(SCMIA_SIM_PCC_SUBSPACE(idx, p2a));
	if (take_locked(m, SCMIA_SIM_PCC_ACT_SIGNATURE, p2a, -1, &arg))
		sig ^= (uint32_t)arg;
	lw = wire_len ? *wire_len : 4u + len;
	if (take_locked(m, SCMIA_SIM_PCC_ACT_LENGTH, p2a, -1, &arg))
		lw = (uint32_t)arg;
	st(mem, SCMIA_PCC_OFF_SIGNATURE, sig);
	if (p2a)
		st(mem, SCMIA_PCC_OFF_FLAGS, flags);
	st(mem, SCMIA_PCC_OFF_LENGTH, lw);
	st(mem, SCMIA_PCC_OFF_COMMAND, hdr);
	if (len)
		put_bytes(mem, SCMIA_PCC_OFF_PAYLOAD, body, len);
	if (take_locked(m, SCMIA_SIM_PCC_ACT_ERROR, p2a, -1, &arg))
		c->regs[p2a][SCMIA_SIM_PCC_R_ERROR] |= arg;
	if (take_locked(m, SCMIA_SIM_PCC_ACT_STUCK, p2a, -1, NULL))
		return -1;
	if (take_locked(m, SCMIA_SIM_PCC_ACT_NO_IRQ, p2a, -1, NULL))
		irq = 0;
	/* Hand it over: type 3 sets command complete, type 4 clears it. */
	if (p2a)
		c->regs[1][SCMIA_SIM_PCC_R_COMPLETE] &= ~(uint64_t)CC_BIT;
	else
		c->regs[0][SCMIA_SIM_PCC_R_COMPLETE] |= CC_BIT;
	return irq;
}

/* Raise side @p2a's interrupt (lock held on entry, released on exit). */
static void raise_and_unlock(struct scmia_sim_pcc *m, struct scmia_sim_pcc_chan *c, int p2a)
{
	struct scmia_pcc_chan *pc = p2a ? c->p2a_pc : c->a2p_pc;

	if (!pc || !(c->flags & SCMIA_SIM_PCC_IRQ)) {
		pthread_mutex_unlock(&m->lock);
		return;
	}
	if (c->regs[p2a][SCMIA_SIM_PCC_R_ACK] & ACK_BIT)
		c->st.unacked++;
	c->regs[p2a][SCMIA_SIM_PCC_R_ACK] |= ACK_BIT;
	if (p2a)
		c->st.p2a_irqs++;
	else
		c->st.irqs++;
	pthread_mutex_unlock(&m->lock);
	(void)scmia_pcc_irq(pc);
}

static int emit_reply(struct scmia_sim_pcc *m, unsigned idx, uint32_t hdr, const void *body,
		      uint32_t len, const uint32_t *wire_len)
{
	struct scmia_sim_pcc_chan *c = chan_of(m, idx);
	int irq;

	if (!c)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	if (c->regs[0][SCMIA_SIM_PCC_R_COMPLETE] & CC_BIT) {
		/* The region is the agent's: not now. */
		c->st.reply_busy++;
		pthread_mutex_unlock(&m->lock);
		return SCMIA_EBUSY;
	}
	irq = write_msg_locked(m, c, 0, idx, hdr, body, len, wire_len, 0);
	c->st.replies++;
	if (irq > 0 && (ld(c->a2p_mem, SCMIA_PCC_OFF_FLAGS) & SCMIA_PCC_FLAGS_NOTIFY)) {
		raise_and_unlock(m, c, 0);
		return SCMIA_OK;
	}
	pthread_mutex_unlock(&m->lock);
	return SCMIA_OK;
}

static int emit_p2a(struct scmia_sim_pcc *m, unsigned idx, uint32_t hdr, const void *body,
		    uint32_t len, const uint32_t *wire_len)
{
	struct scmia_sim_pcc_chan *c = chan_of(m, idx);
	int irq;

	if (!c || !c->p2a_mem)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	if (!(c->regs[1][SCMIA_SIM_PCC_R_COMPLETE] & CC_BIT)) {
		/* The agent is not done with the previous one. */
		c->st.p2a_busy++;
		pthread_mutex_unlock(&m->lock);
		return SCMIA_EBUSY;
	}
	irq = write_msg_locked(m, c, 1, idx, hdr, body, len, wire_len,
			       (c->flags & SCMIA_SIM_PCC_ACK) ? SCMIA_PCC_FLAGS_NOTIFY : 0u);
	c->st.p2a_msgs++;
	if (irq > 0) {
		raise_and_unlock(m, c, 1);
		return SCMIA_OK;
	}
	pthread_mutex_unlock(&m->lock);
	return SCMIA_OK;
}

static int port_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	return emit_reply((struct scmia_sim_pcc *)ctx, chan, hdr, body, len, NULL);
}

static int port_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	return emit_p2a((struct scmia_sim_pcc *)ctx, chan, hdr, body, len, NULL);
}

static int port_badlen(void *ctx, unsigned chan, unsigned kind, uint32_t hdr, const void *body,
		       uint32_t len, uint32_t wire_len)
{
	if (kind == SCMIA_SIM_K_RESP)
		return emit_reply((struct scmia_sim_pcc *)ctx, chan, hdr, body, len, &wire_len);
	return emit_p2a((struct scmia_sim_pcc *)ctx, chan, hdr, body, len, &wire_len);
}

static int port_doorbell(void *ctx, unsigned chan, unsigned kind)
{
	struct scmia_sim_pcc *m = ctx;

	if (!chan_of(m, chan))
		return SCMIA_EINVAL;
	(void)scmia_sim_pcc_spurious(m, chan, kind != SCMIA_SIM_K_RESP);
	return SCMIA_OK;
}

/*
 * Take the command of a rung type 3 subspace. Returns 1 with the command,
 * 0 when the doorbell was not valid (counted; a bad signature or length is
 * answered with the error bit). Lock held; may unlock to raise the
 * interrupt, in which case *unlocked is set.
 */
static int take_cmd_locked(struct scmia_sim_pcc *m, unsigned idx, uint32_t *hdr, void *buf,
			   uint32_t cap, uint32_t *len, int *unlocked)
{
	struct scmia_sim_pcc_chan *c = &m->ch[idx];
	uint32_t lw, plen;
	int bad = 0;

	*unlocked = 0;
	if (c->regs[0][SCMIA_SIM_PCC_R_COMPLETE] & CC_BIT) {
		/* Rung without handing the region over. */
		c->st.bad_doorbell++;
		return 0;
	}
	if (ld(c->a2p_mem, SCMIA_PCC_OFF_SIGNATURE) !=
	    SCMIA_PCC_SIGNATURE(SCMIA_SIM_PCC_SUBSPACE(idx, 0))) {
		c->st.bad_signature++;
		bad = 1;
	}
	lw = ld(c->a2p_mem, SCMIA_PCC_OFF_LENGTH);
	if (!bad && (lw < 4u || lw > c->a2p_size - SCMIA_PCC_OFF_COMMAND)) {
		c->st.bad_len++;
		bad = 1;
	}
	if (bad) {
		c->regs[0][SCMIA_SIM_PCC_R_ERROR] |= ERR_BIT;
		c->regs[0][SCMIA_SIM_PCC_R_COMPLETE] |= CC_BIT;
		if (ld(c->a2p_mem, SCMIA_PCC_OFF_FLAGS) & SCMIA_PCC_FLAGS_NOTIFY) {
			*unlocked = 1;
			raise_and_unlock(m, c, 0);
		}
		return 0;
	}
	*hdr = ld(c->a2p_mem, SCMIA_PCC_OFF_COMMAND);
	plen = lw - 4u;
	get_bytes(c->a2p_mem, SCMIA_PCC_OFF_PAYLOAD, buf, plen < cap ? plen : cap);
	*len = plen;
	c->st.commands++;
	return 1;
}

static int port_pull(void *ctx, unsigned *chan, uint32_t *hdr, void *buf, uint32_t cap,
		     uint32_t *len)
{
	struct scmia_sim_pcc *m = ctx;
	unsigned i;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++) {
		unsigned idx = (m->rr + i) % SCMIA_SIM_MAX_CHANS;
		struct scmia_sim_pcc_chan *c = &m->ch[idx];
		int unlocked;

		if (!c->attached || !c->rung)
			continue;
		c->rung = 0;
		if (take_cmd_locked(m, idx, hdr, buf, cap, len, &unlocked)) {
			m->rr = idx + 1u;
			*chan = idx;
			pthread_mutex_unlock(&m->lock);
			return 1;
		}
		if (unlocked)
			pthread_mutex_lock(&m->lock);
	}
	pthread_mutex_unlock(&m->lock);
	return 0;
}

static const struct scmia_sim_port_ops pcc_port = {
	.reply = port_reply,
	.p2a = port_p2a,
	.emit_badlen = port_badlen,
	.doorbell = port_doorbell,
	.pull = port_pull,
};

/* Hand channel @idx's rung command to the engine now (inline / stepped). */
static int handle_rung(struct scmia_sim_pcc *m, unsigned idx)
{
	uint8_t buf[SCMIA_SIM_MSG_MAX];
	uint32_t hdr = 0, len = 0;
	int ok, unlocked = 0;

	pthread_mutex_lock(&m->lock);
	if (!m->ch[idx].attached || !m->ch[idx].rung) {
		pthread_mutex_unlock(&m->lock);
		return 0;
	}
	m->ch[idx].rung = 0;
	ok = take_cmd_locked(m, idx, &hdr, buf, sizeof(buf), &len, &unlocked);
	if (!unlocked)
		pthread_mutex_unlock(&m->lock);
	if (!ok)
		return 0;
	/* A length beyond the buffer: the engine answers PROTOCOL_ERROR
	 * without reading the payload. */
	(void)scmia_sim_command_ex(m->sim, idx, m->agent_id, hdr, buf, len);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Register hooks                                                      */
/* ------------------------------------------------------------------ */

/* Which register a GAS names. Returns the channel or NULL. */
static struct scmia_sim_pcc_chan *reg_of(struct scmia_sim_pcc *m, const struct scmia_pcc_gas *gas,
					 unsigned *idx, int *p2a, unsigned *r)
{
	unsigned i;

	if (!gas || gas->space_id != 0u || gas->bit_width != 32u)
		return NULL;
	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++) {
		unsigned k;

		if (!m->ch[i].attached)
			continue;
		for (k = 0; k < 2u * SCMIA_SIM_PCC_NREGS; k++) {
			if (gas->address ==
			    SCMIA_SIM_PCC_REG_ADDR(i, k >= SCMIA_SIM_PCC_NREGS, k % SCMIA_SIM_PCC_NREGS)) {
				*idx = i;
				*p2a = k >= SCMIA_SIM_PCC_NREGS;
				*r = k % SCMIA_SIM_PCC_NREGS;
				return &m->ch[i];
			}
		}
	}
	return NULL;
}

static int sim_reg_read(void *ctx, const struct scmia_pcc_gas *gas, uint64_t *val)
{
	struct scmia_sim_pcc *m = ctx;
	struct scmia_sim_pcc_chan *c;
	unsigned idx, r;
	int p2a;

	pthread_mutex_lock(&m->lock);
	c = reg_of(m, gas, &idx, &p2a, &r);
	if (!c) {
		pthread_mutex_unlock(&m->lock);
		return SCMIA_EINVAL;
	}
	if (take_locked(m, SCMIA_SIM_PCC_ACT_READ_FAIL, p2a, (int)r, NULL)) {
		c->st.reg_faults++;
		pthread_mutex_unlock(&m->lock);
		return SCMIA_EIO;
	}
	*val = c->regs[p2a][r];
	if (take_locked(m, SCMIA_SIM_PCC_ACT_HIGH_BITS, p2a, (int)r, NULL)) {
		c->st.reg_faults++;
		*val |= 0xffffffff00000000ull;
	}
	pthread_mutex_unlock(&m->lock);
	return SCMIA_OK;
}

static int sim_reg_write(void *ctx, const struct scmia_pcc_gas *gas, uint64_t val)
{
	struct scmia_sim_pcc *m = ctx;
	struct scmia_sim_pcc_chan *c;
	unsigned idx, r;
	int p2a, ring = 0;

	pthread_mutex_lock(&m->lock);
	c = reg_of(m, gas, &idx, &p2a, &r);
	if (!c) {
		pthread_mutex_unlock(&m->lock);
		return SCMIA_EINVAL;
	}
	if (take_locked(m, SCMIA_SIM_PCC_ACT_WRITE_FAIL, p2a, (int)r, NULL)) {
		c->st.reg_faults++;
		pthread_mutex_unlock(&m->lock);
		return SCMIA_EIO;
	}
	if (val > 0xffffffffu)
		c->st.wide_writes++;
	val &= 0xffffffffu;
	switch (r) {
	case SCMIA_SIM_PCC_R_DOORBELL:
		if (p2a) {
			c->st.p2a_doorbells++;
		} else {
			c->st.doorbells++;
			c->rung = 1;
		}
		ring = 1;
		break;
	case SCMIA_SIM_PCC_R_ACK:
		if ((c->regs[p2a][r] & ACK_BIT) && !(val & ACK_BIT))
			c->st.acks++;
		c->regs[p2a][r] = val;
		break;
	default:
		c->regs[p2a][r] = val;
		break;
	}
	pthread_mutex_unlock(&m->lock);
	if (ring) {
		if (!p2a && (c->flags & SCMIA_SIM_PCC_INLINE))
			(void)handle_rung(m, idx);
		else
			scmia_sim_kick(m->sim); /* a command, or room for a p2a message */
	}
	return SCMIA_OK;
}

const struct scmia_pcc_reg_ops scmia_sim_pcc_regs = {
	.read = sim_reg_read,
	.write = sim_reg_write,
};

/* ------------------------------------------------------------------ */
/* Model                                                               */
/* ------------------------------------------------------------------ */

int scmia_sim_pcc_init(struct scmia_sim_pcc *m, struct scmia_sim *sim, uint32_t agent_id)
{
	int ret;

	if (!m || !sim)
		return SCMIA_EINVAL;
	memset(m, 0, sizeof(*m));
	m->sim = sim;
	m->agent_id = agent_id ? agent_id : 1u;
	if (pthread_mutex_init(&m->lock, NULL))
		return SCMIA_EIO;
	ret = scmia_sim_set_port(sim, &pcc_port, m);
	if (ret)
		pthread_mutex_destroy(&m->lock);
	return ret;
}

void scmia_sim_pcc_deinit(struct scmia_sim_pcc *m)
{
	if (!m || !m->sim)
		return;
	pthread_mutex_destroy(&m->lock);
	m->sim = NULL;
}

static int region_ok(const void *mem, uint32_t size)
{
	return mem && !((uintptr_t)mem & 3u) && !(size & 3u) && size >= SCMIA_PCC_REGION_MIN;
}

static void region_reset(uint32_t *mem, uint32_t size)
{
	uint32_t off;

	for (off = 0; off < size; off += 4)
		st(mem, off, 0);
}

int scmia_sim_pcc_attach(struct scmia_sim_pcc *m, unsigned idx, uint32_t *a2p_mem,
			 uint32_t a2p_size, struct scmia_pcc_chan *a2p_pc, uint32_t *p2a_mem,
			 uint32_t p2a_size, struct scmia_pcc_chan *p2a_pc, uint32_t flags)
{
	struct scmia_sim_pcc_chan *c;

	if (!m || idx >= SCMIA_SIM_MAX_CHANS || !region_ok(a2p_mem, a2p_size) ||
	    (p2a_mem && !region_ok(p2a_mem, p2a_size)) ||
	    (flags & ~(SCMIA_SIM_PCC_IRQ | SCMIA_SIM_PCC_INLINE | SCMIA_SIM_PCC_ACK)))
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	c = &m->ch[idx];
	memset(c, 0, sizeof(*c));
	c->a2p_mem = a2p_mem;
	c->a2p_size = a2p_size;
	c->p2a_mem = p2a_mem;
	c->p2a_size = p2a_mem ? p2a_size : 0u;
	c->a2p_pc = a2p_pc;
	c->p2a_pc = p2a_pc;
	c->flags = flags;
	region_reset(a2p_mem, a2p_size);
	if (p2a_mem)
		region_reset(p2a_mem, p2a_size);
	/* Both regions start with the agent: nothing in flight, nothing posted. */
	c->regs[0][SCMIA_SIM_PCC_R_COMPLETE] = CC_BIT;
	c->regs[1][SCMIA_SIM_PCC_R_COMPLETE] = CC_BIT;
	c->attached = 1;
	pthread_mutex_unlock(&m->lock);
	return SCMIA_OK;
}

static void gas(struct scmia_pcc_reg *r, unsigned idx, int p2a, unsigned reg)
{
	memset(r, 0, sizeof(*r));
	r->gas.space_id = 0;
	r->gas.bit_width = 32;
	r->gas.access_size = 3;
	r->gas.address = SCMIA_SIM_PCC_REG_ADDR(idx, p2a, reg);
}

int scmia_sim_pcc_cfg_fill(struct scmia_sim_pcc *m, unsigned idx, int p2a,
			   struct scmia_pcc_cfg *cfg)
{
	struct scmia_sim_pcc_chan *c = chan_of(m, idx);

	if (!c || !cfg || (p2a && !c->p2a_mem))
		return SCMIA_EINVAL;
	memset(cfg, 0, sizeof(*cfg));
	cfg->type = p2a ? SCMIA_PCC_TYPE_RESPONDER : SCMIA_PCC_TYPE_INITIATOR;
	cfg->subspace_id = SCMIA_SIM_PCC_SUBSPACE(idx, p2a);
	cfg->base = p2a ? c->p2a_mem : c->a2p_mem;
	cfg->size = p2a ? c->p2a_size : c->a2p_size;
	cfg->regs = &scmia_sim_pcc_regs;
	cfg->regs_ctx = m;
	gas(&cfg->doorbell, idx, p2a, SCMIA_SIM_PCC_R_DOORBELL);
	cfg->doorbell.preserve = 0;
	cfg->doorbell.set = 1;
	gas(&cfg->cmd_complete, idx, p2a, SCMIA_SIM_PCC_R_COMPLETE);
	cfg->cmd_complete.mask = CC_BIT;
	gas(&cfg->cmd_update, idx, p2a, SCMIA_SIM_PCC_R_COMPLETE);
	/* type 3 clears command complete, type 4 sets it */
	cfg->cmd_update.preserve = p2a ? 0xffffffffu : ~(uint64_t)CC_BIT & 0xffffffffu;
	cfg->cmd_update.set = p2a ? CC_BIT : 0u;
	gas(&cfg->plat_ack, idx, p2a, SCMIA_SIM_PCC_R_ACK);
	cfg->plat_ack.preserve = ~(uint64_t)ACK_BIT & 0xffffffffu;
	cfg->plat_ack.set = 0;
	gas(&cfg->error, idx, p2a, SCMIA_SIM_PCC_R_ERROR);
	cfg->error.mask = ERR_BIT;
	return SCMIA_OK;
}

int scmia_sim_pcc_poll(struct scmia_sim_pcc *m)
{
	unsigned i;
	int n = 0;

	if (!m || !m->sim)
		return SCMIA_EINVAL;
	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++)
		n += handle_rung(m, i);
	(void)scmia_sim_step(m->sim, scmia_sim_now(m->sim));
	return n;
}

int scmia_sim_pcc_reg(struct scmia_sim_pcc *m, unsigned idx, int p2a, unsigned r, int write,
		      uint64_t *val)
{
	struct scmia_sim_pcc_chan *c = chan_of(m, idx);

	if (!c || r >= SCMIA_SIM_PCC_NREGS || !val)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	if (write)
		c->regs[p2a ? 1 : 0][r] = *val;
	else
		*val = c->regs[p2a ? 1 : 0][r];
	pthread_mutex_unlock(&m->lock);
	return SCMIA_OK;
}

int scmia_sim_pcc_spurious(struct scmia_sim_pcc *m, unsigned idx, int p2a)
{
	struct scmia_sim_pcc_chan *c = chan_of(m, idx);
	struct scmia_pcc_chan *pc;

	if (!c)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	pc = p2a ? c->p2a_pc : c->a2p_pc;
	if (pc)
		c->st.spurious++;
	pthread_mutex_unlock(&m->lock);
	if (!pc)
		return SCMIA_EINVAL;
	return scmia_pcc_irq(pc);
}

int scmia_sim_pcc_stats(struct scmia_sim_pcc *m, unsigned idx, struct scmia_sim_pcc_stats *out)
{
	struct scmia_sim_pcc_chan *c = chan_of(m, idx);

	if (!c || !out)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	*out = c->st;
	pthread_mutex_unlock(&m->lock);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* Rig                                                                 */
/* ------------------------------------------------------------------ */

int scmia_sim_pcc_rig_init(struct scmia_sim_pcc_rig *rig, struct scmia_sim *sim, uint32_t sim_flags,
			   uint32_t pcc_flags)
{
	struct scmia_pcc_cfg cfg;
	int ret;

	if (!rig || !sim)
		return SCMIA_EINVAL;
	memset(rig, 0, sizeof(*rig));
	ret = scmia_sim_pcc_init(&rig->model, sim, 0);
	if (ret)
		return ret;
	ret = scmia_sim_pcc_attach(&rig->model, 0, rig->a2p_region, sizeof(rig->a2p_region),
				   &rig->a2p, rig->p2a_region, sizeof(rig->p2a_region), &rig->p2a,
				   sim_flags);
	if (!ret)
		ret = scmia_sim_pcc_cfg_fill(&rig->model, 0, 0, &cfg);
	if (!ret) {
		cfg.acc = &scmia_sim_pcc_acc;
		cfg.flags = pcc_flags;
		ret = scmia_pcc_chan_init(&rig->a2p, &cfg);
	}
	if (!ret)
		ret = scmia_sim_pcc_cfg_fill(&rig->model, 0, 1, &cfg);
	if (!ret) {
		cfg.acc = &scmia_sim_pcc_acc;
		ret = scmia_pcc_chan_init(&rig->p2a, &cfg);
	}
	if (ret)
		scmia_sim_pcc_deinit(&rig->model);
	return ret;
}

void scmia_sim_pcc_rig_deinit(struct scmia_sim_pcc_rig *rig)
{
	if (rig)
		scmia_sim_pcc_deinit(&rig->model);
}
#else /* !SIM_PCC_BUILD */
typedef int scmia_sim_pcc_unused; /* ISO C: no empty translation unit */
#endif

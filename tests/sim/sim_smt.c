/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform end of SMT channels for the simulated platform (sim_smt.h).
 *
 * The platform's view of the areas: aligned 32-bit atomic accesses only,
 * acquire on the status before reading a message, release on the status
 * after writing one (the platform half of the barrier pairs documented in
 * scmia_smt.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Part of scmia::sim only when the SMT transport is built (it provides
 * scmia_smt.h and links it to the sim); otherwise this unit is empty. */
#if defined(__has_include)
#if __has_include("scmia_smt.h")
#define SIM_SMT_BUILD 1
#endif
#endif
#ifndef SIM_SMT_BUILD
#define SIM_SMT_BUILD 0
#endif

#if SIM_SMT_BUILD
#include "sim_smt.h"

#define W(off) ((off) / 4u)

/* The area's words are little-endian (DEN0056): a word as it lies in
 * memory, loaded as a host integer, to its value, and back (the same swap
 * both ways; none on a little-endian host). */
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

static void cnt(uint32_t *c)
{
	__atomic_fetch_add(c, 1u, __ATOMIC_RELAXED);
}

/* Copy @len bytes into the area at @off, word by word, zero padding. */
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

static struct scmia_sim_smt_chan *chan_of(struct scmia_sim_smt *g, unsigned idx)
{
	if (!g || idx >= SCMIA_SIM_MAX_CHANS || !g->ch[idx].a2p_mem)
		return NULL;
	return &g->ch[idx];
}

/* Write a message (header, body, length word) and hand the area over with
 * @status. Returns the body bytes written. */
static uint32_t write_msg(struct scmia_sim_smt_chan *c, uint32_t *mem, uint32_t size, uint32_t hdr,
			  const void *body, uint32_t len, const uint32_t *wire_len, uint32_t flags,
			  uint32_t status)
{
	uint32_t room = size - SCMIA_SMT_OFF_PAYLOAD;

	if (len > room) {
		len = room;
		cnt(&c->st.truncated);
	}
	st(mem, SCMIA_SMT_OFF_HEADER, hdr);
	if (len)
		put_bytes(mem, SCMIA_SMT_OFF_PAYLOAD, body, len);
	st(mem, SCMIA_SMT_OFF_LENGTH, wire_len ? *wire_len : 4u + len);
	st(mem, SCMIA_SMT_OFF_FLAGS, flags);
	/* Release store: the message is visible before the status. */
	st(mem, SCMIA_SMT_OFF_STATUS, status);
	return len;
}

/* a2p response: only into an area the agent handed over (not FREE). */
static int emit_reply(struct scmia_sim_smt_chan *c, uint32_t hdr, const void *body, uint32_t len,
		      const uint32_t *wire_len)
{
	uint32_t want_irq;

	if (__atomic_load_n(&c->stuck, __ATOMIC_ACQUIRE)) {
		cnt(&c->st.stuck_drops);
		return SCMIA_OK; /* swallowed: the area never becomes FREE */
	}
	if (ld(c->a2p_mem, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE) {
		cnt(&c->st.reply_busy);
		return SCMIA_EBUSY;
	}
	want_irq = ld(c->a2p_mem, SCMIA_SMT_OFF_FLAGS) & SCMIA_SMT_FLAGS_IRQ;
	(void)write_msg(c, c->a2p_mem, c->a2p_size, hdr, body, len, wire_len, want_irq,
			SCMIA_SMT_STATUS_FREE);
	cnt(&c->st.replies);
	if ((c->flags & SCMIA_SIM_SMT_IRQ) &&
	    (want_irq || (c->flags & SCMIA_SIM_SMT_IRQ_ALWAYS)) && c->a2p) {
		cnt(&c->st.a2p_irqs);
		(void)scmia_smt_irq(c->a2p);
	}
	return SCMIA_OK;
}

/* p2a message: only into an area the agent freed. */
static int emit_p2a(struct scmia_sim_smt_chan *c, uint32_t hdr, const void *body, uint32_t len,
		    const uint32_t *wire_len)
{
	if (!c->p2a_mem)
		return SCMIA_EINVAL; /* no p2a channel: dropped and counted by the engine */
	if (!(ld(c->p2a_mem, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE)) {
		cnt(&c->st.p2a_busy);
		return SCMIA_EBUSY;
	}
	(void)write_msg(c, c->p2a_mem, c->p2a_size, hdr, body, len, wire_len,
			(c->flags & SCMIA_SIM_SMT_ACK) ? SCMIA_SMT_FLAGS_IRQ : 0u, 0u);
	cnt(&c->st.p2a_msgs);
	if ((c->flags & SCMIA_SIM_SMT_IRQ) && c->p2a) {
		cnt(&c->st.p2a_irqs);
		(void)scmia_smt_irq(c->p2a);
	}
	return SCMIA_OK;
}

static int port_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_smt_chan *c = chan_of((struct scmia_sim_smt *)ctx, chan);

	if (!c)
		return SCMIA_EINVAL;
	return emit_reply(c, hdr, body, len, NULL);
}

static int port_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_smt_chan *c = chan_of((struct scmia_sim_smt *)ctx, chan);

	if (!c)
		return SCMIA_EINVAL;
	return emit_p2a(c, hdr, body, len, NULL);
}

static int port_badlen(void *ctx, unsigned chan, unsigned kind, uint32_t hdr, const void *body,
		       uint32_t len, uint32_t wire_len)
{
	struct scmia_sim_smt_chan *c = chan_of((struct scmia_sim_smt *)ctx, chan);

	if (!c)
		return SCMIA_EINVAL;
	if (kind == SCMIA_SIM_K_RESP)
		return emit_reply(c, hdr, body, len, &wire_len);
	return emit_p2a(c, hdr, body, len, &wire_len);
}

static int port_doorbell(void *ctx, unsigned chan, unsigned kind)
{
	struct scmia_sim_smt *g = (struct scmia_sim_smt *)ctx;

	if (!chan_of(g, chan))
		return SCMIA_EINVAL;
	(void)scmia_sim_smt_spurious(g, chan, kind != SCMIA_SIM_K_RESP);
	return SCMIA_OK;
}

/*
 * Take the command of a rung channel out of its area. Returns 1 with the
 * command, 0 when the doorbell was not valid (counted; a bad length is
 * answered with ERROR).
 */
static int take_cmd(struct scmia_sim_smt_chan *c, uint32_t *hdr, void *buf, uint32_t cap,
		    uint32_t *len)
{
	uint32_t status, lw, plen;

	if (__atomic_load_n(&c->stuck, __ATOMIC_ACQUIRE)) {
		cnt(&c->st.stuck_drops);
		return 0;
	}
	status = ld(c->a2p_mem, SCMIA_SMT_OFF_STATUS);
	if (status & (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)) {
		/* Rung without handing the area over. */
		cnt(&c->st.bad_doorbell);
		return 0;
	}
	lw = ld(c->a2p_mem, SCMIA_SMT_OFF_LENGTH);
	if (lw < 4u || lw > c->a2p_size - SCMIA_SMT_OFF_HEADER) {
		uint32_t want_irq = ld(c->a2p_mem, SCMIA_SMT_OFF_FLAGS) & SCMIA_SMT_FLAGS_IRQ;

		cnt(&c->st.bad_len);
		st(c->a2p_mem, SCMIA_SMT_OFF_STATUS,
		   SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR);
		if ((c->flags & SCMIA_SIM_SMT_IRQ) && want_irq && c->a2p)
			(void)scmia_smt_irq(c->a2p);
		return 0;
	}
	*hdr = ld(c->a2p_mem, SCMIA_SMT_OFF_HEADER);
	plen = lw - 4u;
	get_bytes(c->a2p_mem, SCMIA_SMT_OFF_PAYLOAD, buf, plen < cap ? plen : cap);
	*len = plen;
	cnt(&c->st.commands);
	return 1;
}

static int port_pull(void *ctx, unsigned *chan, uint32_t *hdr, void *buf, uint32_t cap,
		     uint32_t *len)
{
	struct scmia_sim_smt *g = (struct scmia_sim_smt *)ctx;
	unsigned i;

	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++) {
		unsigned idx = (g->rr + i) % SCMIA_SIM_MAX_CHANS;
		struct scmia_sim_smt_chan *c = chan_of(g, idx);

		if (!c || !__atomic_exchange_n(&c->rung, 0u, __ATOMIC_ACQ_REL))
			continue;
		if (take_cmd(c, hdr, buf, cap, len)) {
			g->rr = idx + 1u;
			*chan = idx;
			return 1;
		}
	}
	return 0;
}

const struct scmia_sim_port_ops scmia_sim_smt_port = {
	.reply = port_reply,
	.p2a = port_p2a,
	.emit_badlen = port_badlen,
	.doorbell = port_doorbell,
	.pull = port_pull,
};

int scmia_sim_smt_init(struct scmia_sim_smt *g, struct scmia_sim *sim, uint32_t agent_id)
{
	unsigned i;

	if (!g || !sim)
		return SCMIA_EINVAL;
	memset(g, 0, sizeof(*g));
	g->sim = sim;
	g->agent_id = agent_id ? agent_id : 1u;
	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++) {
		g->ch[i].glue = g;
		g->ch[i].idx = i;
	}
	return scmia_sim_set_port(sim, &scmia_sim_smt_port, g);
}

static int area_ok(const void *mem, uint32_t size)
{
	return mem && !((uintptr_t)mem & 3u) && !(size & 3u) && size >= SCMIA_SMT_AREA_MIN;
}

static void area_reset(uint32_t *mem, uint32_t size)
{
	uint32_t off;

	for (off = 0; off < size; off += 4)
		st(mem, off, 0);
	st(mem, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

int scmia_sim_smt_attach(struct scmia_sim_smt *g, unsigned idx, void *a2p_mem, uint32_t a2p_size,
			 void *p2a_mem, uint32_t p2a_size, struct scmia_smt_chan *a2p_sc,
			 struct scmia_smt_chan *p2a_sc, uint32_t flags)
{
	struct scmia_sim_smt_chan *c;

	if (!g || idx >= SCMIA_SIM_MAX_CHANS || !area_ok(a2p_mem, a2p_size) ||
	    (p2a_mem && !area_ok(p2a_mem, p2a_size)) ||
	    (flags & ~(SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_INLINE | SCMIA_SIM_SMT_ACK |
		       SCMIA_SIM_SMT_IRQ_ALWAYS)))
		return SCMIA_EINVAL;
	c = &g->ch[idx];
	memset(c, 0, sizeof(*c));
	c->glue = g;
	c->idx = idx;
	c->a2p = a2p_sc;
	c->p2a = p2a_sc;
	c->a2p_mem = (uint32_t *)a2p_mem;
	c->a2p_size = a2p_size;
	c->p2a_mem = (uint32_t *)p2a_mem;
	c->p2a_size = p2a_mem ? p2a_size : 0u;
	c->flags = flags;
	area_reset(c->a2p_mem, a2p_size);
	if (c->p2a_mem)
		area_reset(c->p2a_mem, p2a_size);
	return SCMIA_OK;
}

void *scmia_sim_smt_ctx(struct scmia_sim_smt *g, unsigned idx)
{
	return chan_of(g, idx);
}

/* Hand the command of @c to the engine now (inline / stepped). */
static int handle_rung(struct scmia_sim_smt_chan *c)
{
	uint8_t buf[SCMIA_SIM_MSG_MAX];
	uint32_t hdr = 0, len = 0;

	if (!__atomic_exchange_n(&c->rung, 0u, __ATOMIC_ACQ_REL))
		return 0;
	if (!take_cmd(c, &hdr, buf, sizeof(buf), &len))
		return 0;
	(void)scmia_sim_command_ex(c->glue->sim, c->idx, c->glue->agent_id, hdr, buf, len);
	return 1;
}

int scmia_sim_smt_ring(void *ctx)
{
	struct scmia_sim_smt_chan *c = (struct scmia_sim_smt_chan *)ctx;

	if (!c || !c->glue || !c->a2p_mem)
		return SCMIA_EINVAL;
	cnt(&c->st.doorbells);
	__atomic_store_n(&c->rung, 1u, __ATOMIC_RELEASE);
	if (c->flags & SCMIA_SIM_SMT_INLINE)
		(void)handle_rung(c);
	else
		scmia_sim_kick(c->glue->sim);
	return SCMIA_OK;
}

int scmia_sim_smt_ack(void *ctx)
{
	struct scmia_sim_smt_chan *c = (struct scmia_sim_smt_chan *)ctx;

	if (!c || !c->glue)
		return SCMIA_EINVAL;
	cnt(&c->st.acks);
	/* A message that waited for the area may go now: the engine retries
	 * on its own schedule; a threaded runner is woken early. */
	if (!(c->flags & SCMIA_SIM_SMT_INLINE))
		scmia_sim_kick(c->glue->sim);
	return SCMIA_OK;
}

int scmia_sim_smt_poll(struct scmia_sim_smt *g)
{
	unsigned i;
	int n = 0;

	if (!g || !g->sim)
		return SCMIA_EINVAL;
	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++) {
		struct scmia_sim_smt_chan *c = chan_of(g, i);

		if (c)
			n += handle_rung(c);
	}
	(void)scmia_sim_step(g->sim, scmia_sim_now(g->sim));
	return n;
}

int scmia_sim_smt_set_stuck(struct scmia_sim_smt *g, unsigned idx, int on)
{
	struct scmia_sim_smt_chan *c = chan_of(g, idx);

	if (!c)
		return SCMIA_EINVAL;
	__atomic_store_n(&c->stuck, on ? 1u : 0u, __ATOMIC_RELEASE);
	return SCMIA_OK;
}

int scmia_sim_smt_recover(struct scmia_sim_smt *g, unsigned idx)
{
	struct scmia_sim_smt_chan *c = chan_of(g, idx);
	uint32_t status;

	if (!c)
		return SCMIA_EINVAL;
	__atomic_store_n(&c->stuck, 0u, __ATOMIC_RELEASE);
	status = ld(c->a2p_mem, SCMIA_SMT_OFF_STATUS);
	if (status & (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))
		return 0;
	/* A command was handed over and its doorbell swallowed: answer it
	 * now, as a platform that restarted would. */
	__atomic_store_n(&c->rung, 1u, __ATOMIC_RELEASE);
	if (c->flags & SCMIA_SIM_SMT_INLINE)
		(void)handle_rung(c);
	else
		scmia_sim_kick(c->glue->sim);
	return 1;
}

int scmia_sim_smt_spurious(struct scmia_sim_smt *g, unsigned idx, int p2a)
{
	struct scmia_sim_smt_chan *c = chan_of(g, idx);
	struct scmia_smt_chan *sc;

	if (!c)
		return SCMIA_EINVAL;
	sc = p2a ? c->p2a : c->a2p;
	if (!sc)
		return SCMIA_EINVAL;
	cnt(&c->st.spurious);
	return scmia_smt_irq(sc);
}

int scmia_sim_smt_write_raw(struct scmia_sim_smt *g, unsigned idx, int p2a, uint32_t status,
			    uint32_t length, uint32_t hdr, const void *body, uint32_t body_len,
			    int irq)
{
	struct scmia_sim_smt_chan *c = chan_of(g, idx);
	struct scmia_smt_chan *sc;
	uint32_t *mem;
	uint32_t size, room;

	if (!c || (body_len && !body))
		return SCMIA_EINVAL;
	mem = p2a ? c->p2a_mem : c->a2p_mem;
	size = p2a ? c->p2a_size : c->a2p_size;
	sc = p2a ? c->p2a : c->a2p;
	if (!mem)
		return SCMIA_EINVAL;
	room = size - SCMIA_SMT_OFF_PAYLOAD;
	st(mem, SCMIA_SMT_OFF_HEADER, hdr);
	if (body_len)
		put_bytes(mem, SCMIA_SMT_OFF_PAYLOAD, body, body_len < room ? body_len : room);
	st(mem, SCMIA_SMT_OFF_LENGTH, length);
	if (p2a)
		st(mem, SCMIA_SMT_OFF_FLAGS,
		   (c->flags & SCMIA_SIM_SMT_ACK) ? SCMIA_SMT_FLAGS_IRQ : 0u);
	st(mem, SCMIA_SMT_OFF_STATUS, status);
	if (!irq)
		return SCMIA_OK;
	if (!sc)
		return SCMIA_EINVAL;
	return scmia_smt_irq(sc);
}

uint32_t scmia_sim_smt_peek(struct scmia_sim_smt *g, unsigned idx, int p2a, uint32_t off)
{
	struct scmia_sim_smt_chan *c = chan_of(g, idx);
	uint32_t *mem;
	uint32_t size;

	if (!c || (off & 3u))
		return 0;
	mem = p2a ? c->p2a_mem : c->a2p_mem;
	size = p2a ? c->p2a_size : c->a2p_size;
	if (!mem || off >= size)
		return 0;
	return ld(mem, off);
}

int scmia_sim_smt_stats(struct scmia_sim_smt *g, unsigned idx, struct scmia_sim_smt_stats *out)
{
	struct scmia_sim_smt_chan *c = chan_of(g, idx);
	const uint32_t *src;
	uint32_t *dst;
	size_t i;

	if (!c || !out)
		return SCMIA_EINVAL;
	src = (const uint32_t *)(const void *)&c->st;
	dst = (uint32_t *)(void *)out;
	for (i = 0; i < sizeof(*out) / sizeof(uint32_t); i++)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
	return SCMIA_OK;
}

/* The rig's agent-side accessor: aligned 32-bit atomic words, no byte
 * copies (a 32-bit-only memory that ThreadSanitizer also understands). */
static uint32_t rig_read32(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
}

static void rig_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	__atomic_store_n((uint32_t *)(uintptr_t)addr, le(v), __ATOMIC_RELEASE);
}

static const struct scmia_smt_access rig_acc = {
	.read32 = rig_read32,
	.write32 = rig_write32,
};

int scmia_sim_smt_rig_init(struct scmia_sim_smt_rig *rig, struct scmia_sim *sim,
			   uint32_t sim_flags, uint32_t smt_flags)
{
	struct scmia_smt_cfg cfg;
	int ret;

	if (!rig || !sim)
		return SCMIA_EINVAL;
	memset(rig, 0, sizeof(*rig));
	ret = scmia_sim_smt_init(&rig->glue, sim, 0);
	if (ret)
		return ret;
	ret = scmia_sim_smt_attach(&rig->glue, 0, rig->a2p_area, SCMIA_SIM_SMT_AREA,
				   rig->p2a_area, SCMIA_SIM_SMT_AREA, &rig->a2p, &rig->p2a,
				   sim_flags);
	if (ret)
		return ret;
	memset(&cfg, 0, sizeof(cfg));
	cfg.base = rig->a2p_area;
	cfg.size = SCMIA_SIM_SMT_AREA;
	cfg.acc = &rig_acc;
	cfg.ring = scmia_sim_smt_ring;
	cfg.ring_ctx = scmia_sim_smt_ctx(&rig->glue, 0);
	cfg.flags = smt_flags;
	ret = scmia_smt_chan_init(&rig->a2p, &cfg);
	if (ret)
		return ret;
	memset(&cfg, 0, sizeof(cfg));
	cfg.base = rig->p2a_area;
	cfg.size = SCMIA_SIM_SMT_AREA;
	cfg.acc = &rig_acc;
	cfg.ack = scmia_sim_smt_ack;
	cfg.ack_ctx = scmia_sim_smt_ctx(&rig->glue, 0);
	cfg.flags = smt_flags;
	return scmia_smt_chan_init(&rig->p2a, &cfg);
}

#else /* !SIM_SMT_BUILD */
typedef int scmia_sim_smt_unused; /* ISO C: no empty translation unit */
#endif

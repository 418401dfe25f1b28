/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform end of SMT channels for the simulated platform (sim_smt.h): the
 * library's SMT server (transports/smt/smt_server.c) between the areas and
 * the engine. The glue keeps what only a platform model does: the command
 * handed to the engine's thread, the stuck-channel fault, messages written
 * by hand (raw writes, headers the server refuses to send), a length word
 * of the engine's choosing.
 *
 * The areas are accessed with aligned 32-bit atomic words only, on both
 * ends (the server's accessor, the raw writes and the agent's rig).
 */
#include <pthread.h>
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

/* The accessor of both ends: aligned 32-bit atomic words, no byte copies
 * (a 32-bit-only memory that ThreadSanitizer also understands). */
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

/* The servers' lock: one mutex per channel pair. */
static scmia_lock_key_t sm_lock(void *ctx)
{
	pthread_mutex_lock((pthread_mutex_t *)ctx);
	return 0;
}

static void sm_unlock(void *ctx, scmia_lock_key_t k)
{
	(void)k;
	pthread_mutex_unlock((pthread_mutex_t *)ctx);
}

static const struct scmia_os_ops sm_os = {
	.lock = sm_lock,
	.unlock = sm_unlock,
};

static struct scmia_sim_smt_chan *chan_of(struct scmia_sim_smt *g, unsigned idx)
{
	if (!g || idx >= SCMIA_SIM_MAX_CHANS || !g->ch[idx].a2p_mem)
		return NULL;
	return &g->ch[idx];
}

/* ---- the server's hooks ---- */

static void h_a2p_irq(void *ctx)
{
	struct scmia_sim_smt_chan *c = (struct scmia_sim_smt_chan *)ctx;

	if ((c->flags & SCMIA_SIM_SMT_IRQ) && c->a2p) {
		cnt(&c->st.a2p_irqs);
		(void)scmia_smt_irq(c->a2p);
	}
}

static void h_p2a_irq(void *ctx)
{
	struct scmia_sim_smt_chan *c = (struct scmia_sim_smt_chan *)ctx;

	cnt(&c->st.p2a_msgs);
	if ((c->flags & SCMIA_SIM_SMT_IRQ) && c->p2a) {
		cnt(&c->st.p2a_irqs);
		(void)scmia_smt_irq(c->p2a);
	}
}

/* A command the server took: kept for the engine (inline, poll or its
 * thread's pull takes it). */
static void h_cmd(void *ctx, void *srv, uint32_t req, uint32_t hdr, const void *payload,
		  uint32_t len)
{
	struct scmia_sim_smt_chan *c = (struct scmia_sim_smt_chan *)ctx;

	(void)srv;
	pthread_mutex_lock(&c->lock);
	c->req = req;
	c->pend_hdr = hdr;
	c->pend_len = len;
	memcpy(c->pend_buf, payload, len < SCMIA_SIM_MSG_MAX ? len : SCMIA_SIM_MSG_MAX);
	c->pend = 1;
	pthread_mutex_unlock(&c->lock);
	cnt(&c->st.commands);
	/* Taken inside another port op (a doorbell that raced a reply): the
	 * threaded runner picks it up. */
	scmia_sim_kick(c->glue->sim);
}

/* CORRUPT_LEN: the length word the engine wants, written after the
 * server wrote the true one and before the message is handed over. */
static int h_vendor(void *ctx, struct scmia_smt_area *area, unsigned event, uint32_t length)
{
	struct scmia_sim_smt_chan *c = (struct scmia_sim_smt_chan *)ctx;

	(void)length;
	if (event == SCMIA_SMT_VENDOR_TX && c->wire_set)
		return scmia_smt_area_write32(area, SCMIA_SMT_OFF_LENGTH, c->wire_len);
	return 0;
}

/* Take the command the server holds for the engine, if any. */
static int take_pend(struct scmia_sim_smt_chan *c, uint32_t *hdr, void *buf, uint32_t cap,
		     uint32_t *len)
{
	int got;

	pthread_mutex_lock(&c->lock);
	got = c->pend;
	if (got) {
		c->pend = 0;
		*hdr = c->pend_hdr;
		*len = c->pend_len;
		memcpy(buf, c->pend_buf, c->pend_len < cap ? c->pend_len : cap);
	}
	pthread_mutex_unlock(&c->lock);
	return got;
}

/* ---- the engine's port ---- */

/* A p2a message the server will not send (a header a fault corrupted into
 * another type): written by hand, only into an area the agent freed. */
static int p2a_by_hand(struct scmia_sim_smt_chan *c, uint32_t hdr, const void *body, uint32_t len)
{
	uint32_t room = c->p2a_size - SCMIA_SMT_OFF_PAYLOAD;

	if (!(ld(c->p2a_mem, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE)) {
		cnt(&c->st.p2a_busy);
		return SCMIA_EBUSY;
	}
	if (len > room) {
		len = room;
		cnt(&c->st.truncated);
	}
	st(c->p2a_mem, SCMIA_SMT_OFF_HEADER, hdr);
	if (len)
		put_bytes(c->p2a_mem, SCMIA_SMT_OFF_PAYLOAD, body, len);
	st(c->p2a_mem, SCMIA_SMT_OFF_LENGTH, c->wire_set ? c->wire_len : 4u + len);
	st(c->p2a_mem, SCMIA_SMT_OFF_FLAGS,
	   (c->flags & SCMIA_SIM_SMT_ACK) ? SCMIA_SMT_FLAGS_IRQ : 0u);
	st(c->p2a_mem, SCMIA_SMT_OFF_STATUS, 0u);
	h_p2a_irq(c);
	return SCMIA_OK;
}

/* a2p response: to the command in progress. */
static int emit_reply(struct scmia_sim_smt_chan *c, uint32_t hdr, const void *body, uint32_t len)
{
	uint32_t req, asked;
	int ret;

	if (__atomic_load_n(&c->stuck, __ATOMIC_ACQUIRE)) {
		cnt(&c->st.stuck_drops);
		return SCMIA_OK; /* swallowed: the area never becomes FREE */
	}
	asked = ld(c->a2p_mem, SCMIA_SMT_OFF_FLAGS) & SCMIA_SMT_FLAGS_IRQ;
	pthread_mutex_lock(&c->lock);
	req = c->req;
	pthread_mutex_unlock(&c->lock);
	ret = scmia_smt_server_reply(&c->srv, req, hdr, body, len);
	if (ret == SCMIA_ESTATE) {
		/* Nothing in progress (a duplicate, a late one): the engine
		 * retries, it lands on the next command. */
		cnt(&c->st.reply_busy);
		return SCMIA_EBUSY;
	}
	if (ret)
		return ret;
	cnt(&c->st.replies);
	/* IRQ_ALWAYS: also when the agent polls (the server raised it only
	 * when asked). */
	if ((c->flags & SCMIA_SIM_SMT_IRQ_ALWAYS) && !asked)
		h_a2p_irq(c);
	return SCMIA_OK;
}

/* p2a message: only into an area the agent freed. */
static int emit_p2a(struct scmia_sim_smt_chan *c, uint32_t hdr, const void *body, uint32_t len)
{
	int ret;

	if (!c->p2a_mem)
		return SCMIA_EINVAL; /* no p2a channel: dropped and counted by the engine */
	ret = scmia_smt_server_p2a(&c->srv, hdr, body, len);
	if (ret == SCMIA_EINVAL)
		return p2a_by_hand(c, hdr, body, len);
	if (ret == SCMIA_ENOSPC) {
		cnt(&c->st.p2a_busy);
		return SCMIA_EBUSY; /* the engine retries */
	}
	return ret;
}

static int port_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_smt_chan *c = chan_of((struct scmia_sim_smt *)ctx, chan);

	if (!c)
		return SCMIA_EINVAL;
	return emit_reply(c, hdr, body, len);
}

static int port_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_smt_chan *c = chan_of((struct scmia_sim_smt *)ctx, chan);

	if (!c)
		return SCMIA_EINVAL;
	return emit_p2a(c, hdr, body, len);
}

static int port_badlen(void *ctx, unsigned chan, unsigned kind, uint32_t hdr, const void *body,
		       uint32_t len, uint32_t wire_len)
{
	struct scmia_sim_smt_chan *c = chan_of((struct scmia_sim_smt *)ctx, chan);
	int ret;

	if (!c)
		return SCMIA_EINVAL;
	/* The engine emits one message at a time: the armed length is this
	 * message's. */
	c->wire_len = wire_len;
	c->wire_set = 1;
	if (kind == SCMIA_SIM_K_RESP)
		ret = emit_reply(c, hdr, body, len);
	else
		ret = emit_p2a(c, hdr, body, len);
	c->wire_set = 0;
	return ret;
}

static int port_doorbell(void *ctx, unsigned chan, unsigned kind)
{
	struct scmia_sim_smt *g = (struct scmia_sim_smt *)ctx;

	if (!chan_of(g, chan))
		return SCMIA_EINVAL;
	(void)scmia_sim_smt_spurious(g, chan, kind != SCMIA_SIM_K_RESP);
	return SCMIA_OK;
}

/* The server looks at a rung channel (and counts what it refuses). */
static void serve_doorbell(struct scmia_sim_smt_chan *c)
{
	if (__atomic_load_n(&c->stuck, __ATOMIC_ACQUIRE)) {
		cnt(&c->st.stuck_drops);
		return;
	}
	(void)scmia_smt_server_doorbell(&c->srv);
}

static int port_pull(void *ctx, unsigned *chan, uint32_t *hdr, void *buf, uint32_t cap,
		     uint32_t *len)
{
	struct scmia_sim_smt *g = (struct scmia_sim_smt *)ctx;
	unsigned i;

	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++) {
		unsigned idx = (g->rr + i) % SCMIA_SIM_MAX_CHANS;
		struct scmia_sim_smt_chan *c = chan_of(g, idx);

		if (!c)
			continue;
		if (__atomic_exchange_n(&c->rung, 0u, __ATOMIC_ACQ_REL))
			serve_doorbell(c);
		if (take_pend(c, hdr, buf, cap, len)) {
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

int scmia_sim_smt_attach(struct scmia_sim_smt *g, unsigned idx, void *a2p_mem, uint32_t a2p_size,
			 void *p2a_mem, uint32_t p2a_size, struct scmia_smt_chan *a2p_sc,
			 struct scmia_smt_chan *p2a_sc, uint32_t flags)
{
	struct scmia_smt_server_cfg cfg;
	struct scmia_sim_smt_chan *c;

	if (!g || idx >= SCMIA_SIM_MAX_CHANS || !area_ok(a2p_mem, a2p_size) ||
	    (p2a_mem && !area_ok(p2a_mem, p2a_size)) ||
	    (flags & ~(SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_INLINE | SCMIA_SIM_SMT_ACK |
		       SCMIA_SIM_SMT_IRQ_ALWAYS)))
		return SCMIA_EINVAL;
	c = &g->ch[idx];
	memset(c, 0, sizeof(*c));
	if (pthread_mutex_init(&c->lock, NULL))
		return SCMIA_EIO;
	c->glue = g;
	c->idx = idx;
	c->a2p = a2p_sc;
	c->p2a = p2a_sc;
	c->a2p_mem = (uint32_t *)a2p_mem;
	c->a2p_size = a2p_size;
	c->p2a_mem = (uint32_t *)p2a_mem;
	c->p2a_size = p2a_mem ? p2a_size : 0u;
	c->flags = flags;
	/* The platform side is the library's SMT server; it hands both areas
	 * to the agent (zeroed, FREE). */
	memset(&cfg, 0, sizeof(cfg));
	cfg.a2p_base = a2p_mem;
	cfg.a2p_size = a2p_size;
	cfg.p2a_base = p2a_mem;
	cfg.p2a_size = c->p2a_size;
	cfg.acc = &rig_acc;
	cfg.a2p_irq = h_a2p_irq;
	cfg.a2p_irq_ctx = c;
	cfg.p2a_irq = h_p2a_irq;
	cfg.p2a_irq_ctx = c;
	cfg.cmd = h_cmd;
	cfg.cmd_ctx = c;
	cfg.os = &sm_os;
	cfg.os_ctx = &c->lock;
	cfg.flags = (flags & SCMIA_SIM_SMT_ACK) ? SCMIA_SMT_SERVER_F_ACK : 0u;
	cfg.vendor = h_vendor;
	cfg.vendor_ctx = c;
	return scmia_smt_server_init(&c->srv, &cfg);
}

void *scmia_sim_smt_ctx(struct scmia_sim_smt *g, unsigned idx)
{
	return chan_of(g, idx);
}

/* Hand a rung channel's command to the engine now (inline / stepped). */
static int handle_rung(struct scmia_sim_smt_chan *c)
{
	uint8_t buf[SCMIA_SIM_MSG_MAX];
	uint32_t hdr = 0, len = 0;

	if (__atomic_exchange_n(&c->rung, 0u, __ATOMIC_ACQ_REL))
		serve_doorbell(c);
	if (!take_pend(c, &hdr, buf, sizeof(buf), &len))
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
	(void)scmia_smt_server_ack(&c->srv);
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

/* The platform answered or scripted the area by hand: the server gives up
 * the command in progress, and the engine no longer gets it. */
static void give_up(struct scmia_sim_smt_chan *c)
{
	(void)scmia_smt_server_abandon(&c->srv);
	pthread_mutex_lock(&c->lock);
	c->pend = 0;
	pthread_mutex_unlock(&c->lock);
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
	/* A command was handed over and its doorbell (or its reply)
	 * swallowed: take it again and answer it now, as a platform that
	 * restarted would. */
	give_up(c);
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
	if (!p2a)
		give_up(c);
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
	struct scmia_smt_server_stats ss;
	const uint32_t *src;
	uint32_t *dst;
	size_t i;

	if (!c || !out)
		return SCMIA_EINVAL;
	src = (const uint32_t *)(const void *)&c->st;
	dst = (uint32_t *)(void *)out;
	for (i = 0; i < sizeof(*out) / sizeof(uint32_t); i++)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
	/* What the server refused, and what it cut to fit the areas. */
	(void)scmia_smt_server_counters(&c->srv, &ss);
	out->bad_doorbell = ss.not_handed;
	out->bad_len = ss.bad_len + ss.bad_hdr + ss.bad_read;
	out->truncated += ss.truncated;
	return SCMIA_OK;
}

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

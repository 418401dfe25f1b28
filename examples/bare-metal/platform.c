/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SCMI platform of the bare-metal example (see platform.h).
 *
 * SMT area (DEN0056 shared memory), as the platform sees it:
 *   0x04 channel status  bit0 FREE, bit1 ERROR
 *   0x10 flags           bit0 the other side wants a completion interrupt
 *   0x14 length          4 + payload bytes
 *   0x18 message header  msg_id 7:0, type 9:8, protocol 17:10, token 27:18
 *   0x1c payload         in a reply: status first
 * a2p: the agent clears the status to hand a command over and rings; the
 * platform writes the reply over it and sets FREE. p2a: the platform
 * writes a message while FREE is set and clears FREE to post it; the agent
 * sets FREE again once it read it.
 *
 * Runs in the platform's interrupt only, so its state needs no lock; the
 * doorbell words the agent's hooks set are updated with interrupts masked.
 */
#include <stdint.h>

#include "board.h"
#include "platform.h"

#define OFF_STATUS 0x04u
#define OFF_FLAGS 0x10u
#define OFF_LENGTH 0x14u
#define OFF_HEADER 0x18u
#define OFF_PAYLOAD 0x1cu
#define ST_FREE 1u

#define HDR_MSG(h) ((h) & 0xffu)
#define HDR_TYPE(h) (((h) >> 8) & 3u)
#define HDR_PROTO(h) (((h) >> 10) & 0xffu)
#define HDR_MAKE(msg, type, proto, token)                                                   \
	((uint32_t)(msg) | ((uint32_t)(type) << 8) | ((uint32_t)(proto) << 10) |            \
	 ((uint32_t)(token) << 18))

#define TYPE_DRESP 2u
#define TYPE_NOTIF 3u

#define P_BASE 0x10u
#define P_CLOCK 0x14u

/* SCMI status codes */
#define S_SUCCESS 0
#define S_NOT_SUPPORTED (-1)
#define S_INVALID_PARAMETERS (-2)
#define S_NOT_FOUND (-4)
#define S_PROTOCOL_ERROR (-10)

#define MAX_WORDS 6u   /* payload words handled either way */
#define N_EVENTS 6u
#define P2A_RETRY_US 100u

enum ev_kind { EV_NONE = 0, EV_REPLY, EV_P2A };

struct ev {
	uint8_t kind;
	uint8_t irq;      /* EV_REPLY: the agent asked for a completion interrupt */
	uint8_t slow;
	uint8_t n;        /* payload words */
	uint32_t seq;     /* queueing order */
	uint64_t due;     /* bm_clock_us() */
	uint32_t hdr;
	uint32_t w[MAX_WORDS];
};

#define DB_A2P 1u
#define DB_ACK 2u

static struct {
	volatile uint32_t *a2p;
	volatile uint32_t *p2a;
	uint32_t size;
	volatile uint32_t doorbells; /* DB_* set by the agent's hooks */
	uint32_t busy;               /* a command is being processed */
	uint32_t seq;
	uint32_t rate[PLATFORM_CLOCKS];
	uint32_t notify[PLATFORM_CLOCKS];
	struct ev ev[N_EVENTS];
	struct platform_stats st;
} plat;

/* The areas are RAM both sides see: volatile words, little-endian on
 * these cores; fences order the payload against the status word. */
static uint32_t rd(volatile uint32_t *area, uint32_t off)
{
	return area[off / 4u];
}

static void wr(volatile uint32_t *area, uint32_t off, uint32_t v)
{
	area[off / 4u] = v;
}

static void fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void platform_init(volatile uint32_t *a2p, volatile uint32_t *p2a, uint32_t area_size)
{
	uintptr_t key = bm_irq_save();
	unsigned i;

	plat.a2p = a2p;
	plat.p2a = p2a;
	plat.size = area_size;
	plat.doorbells = 0;
	plat.busy = 0;
	plat.seq = 0;
	for (i = 0; i < PLATFORM_CLOCKS; i++) {
		plat.rate[i] = PLATFORM_RATE0;
		plat.notify[i] = 0;
	}
	for (i = 0; i < N_EVENTS; i++)
		plat.ev[i].kind = EV_NONE;
	plat.st = (struct platform_stats){ 0 };
	for (i = 0; i < area_size / 4u; i++) {
		a2p[i] = 0;
		p2a[i] = 0;
	}
	fence();
	wr(a2p, OFF_STATUS, ST_FREE);
	wr(p2a, OFF_STATUS, ST_FREE);
	bm_platform_alarm(UINT64_MAX);
	bm_irq_restore(key);
}

static void ring(uint32_t bit)
{
	uintptr_t key = bm_irq_save();

	plat.doorbells |= bit;
	bm_irq_restore(key);
	bm_platform_kick();
}

void platform_doorbell(void)
{
	ring(DB_A2P);
}

void platform_ack(void)
{
	ring(DB_ACK);
}

void platform_get_stats(struct platform_stats *out)
{
	uintptr_t key = bm_irq_save();

	*out = plat.st;
	bm_irq_restore(key);
}

int platform_idle(void)
{
	uintptr_t key = bm_irq_save();
	int idle = !plat.busy && !plat.doorbells;
	unsigned i;

	for (i = 0; i < N_EVENTS; i++)
		if (plat.ev[i].kind != EV_NONE)
			idle = 0;
	bm_irq_restore(key);
	return idle;
}

static struct ev *queue(enum ev_kind kind, uint64_t due, uint32_t hdr)
{
	unsigned i;

	for (i = 0; i < N_EVENTS; i++) {
		struct ev *e = &plat.ev[i];

		if (e->kind == EV_NONE) {
			*e = (struct ev){ 0 };
			e->kind = (uint8_t)kind;
			e->due = due;
			e->hdr = hdr;
			e->seq = plat.seq++;
			return e;
		}
	}
	return 0; /* full: the message is lost, which the agent sees as a timeout */
}

static void put(struct ev *e, uint32_t v)
{
	if (e && e->n < MAX_WORDS)
		e->w[e->n++] = v;
}

/* The rate of @clk changed: tell the agent if it asked. */
static void rate_changed(uint32_t clk, uint64_t at)
{
	struct ev *e;

	if (!plat.notify[clk])
		return;
	e = queue(EV_P2A, at, HDR_MAKE(0x0u, TYPE_NOTIF, P_CLOCK, 0u)); /* CLOCK_RATE_CHANGED */
	put(e, PLATFORM_AGENT_ID);
	put(e, clk);
	put(e, plat.rate[clk]);
	put(e, 0);
}

static int32_t base_cmd(uint32_t msg, const uint32_t *w, uint32_t n, struct ev *r)
{
	switch (msg) {
	case 0x0: /* PROTOCOL_VERSION */
		put(r, 0x00020000u);
		return S_SUCCESS;
	case 0x1: /* PROTOCOL_ATTRIBUTES: agents 15:8, protocols 7:0 */
		put(r, (1u << 8) | 1u);
		return S_SUCCESS;
	case 0x2: /* PROTOCOL_MESSAGE_ATTRIBUTES */
		if (n < 1)
			return S_PROTOCOL_ERROR;
		if (w[0] > 0x6u || w[0] == 0x4u || w[0] == 0x5u)
			return S_NOT_FOUND;
		put(r, 0);
		return S_SUCCESS;
	case 0x3: /* DISCOVER_VENDOR: 16 bytes, NUL-padded ASCII */
		put(r, 0x696d6373u); /* "scmi" */
		put(r, 0x6d622d61u); /* "a-bm" */
		put(r, 0);
		put(r, 0);
		return S_SUCCESS;
	case 0x6: /* DISCOVER_LIST_PROTOCOLS(skip) */
		if (n < 1)
			return S_PROTOCOL_ERROR;
		if (w[0] > 1u)
			return S_INVALID_PARAMETERS;
		put(r, w[0] == 0u ? 1u : 0u);
		if (w[0] == 0u)
			put(r, P_CLOCK);
		return S_SUCCESS;
	default:
		return S_NOT_SUPPORTED;
	}
}

static int32_t clock_cmd(uint32_t hdr, const uint32_t *w, uint32_t n, struct ev *r, uint64_t now)
{
	uint32_t msg = HDR_MSG(hdr);
	struct ev *d;

	switch (msg) {
	case 0x0: /* PROTOCOL_VERSION */
		put(r, 0x00030000u);
		return S_SUCCESS;
	case 0x6: /* CLOCK_RATE_GET(clock) */
		if (n < 1)
			return S_PROTOCOL_ERROR;
		if (w[0] >= PLATFORM_CLOCKS)
			return S_NOT_FOUND;
		put(r, plat.rate[w[0]]);
		put(r, 0);
		return S_SUCCESS;
	case 0x5: /* CLOCK_RATE_SET(flags, clock, rate low, rate high) */
		if (n < 4)
			return S_PROTOCOL_ERROR;
		if (w[1] >= PLATFORM_CLOCKS)
			return S_NOT_FOUND;
		if (w[3] != 0u)
			return S_INVALID_PARAMETERS; /* rates below 4.29 GHz only */
		plat.rate[w[1]] = w[2];
		if (w[0] & 1u) {
			/* Asynchronous: CLOCK_RATE_SET_COMPLETE later, as a
			 * delayed response with the command's token. */
			d = queue(EV_P2A, now + 1000u, (hdr & ~(3u << 8)) | (TYPE_DRESP << 8));
			put(d, (uint32_t)S_SUCCESS);
			put(d, w[1]);
			put(d, w[2]);
			put(d, 0);
			if (d)
				plat.st.delayed++;
			rate_changed(w[1], now + 1500u);
		} else {
			rate_changed(w[1], now + 500u);
		}
		return S_SUCCESS;
	case 0x7: /* CLOCK_CONFIG_SET(clock, attributes) */
		if (n < 2)
			return S_PROTOCOL_ERROR;
		if (w[0] >= PLATFORM_CLOCKS)
			return S_NOT_FOUND;
		if (w[0] == 1u) {
			/* This clock's PLL takes its time to lock. */
			r->due = now + PLATFORM_SLOW_US;
			r->slow = 1;
		}
		return S_SUCCESS;
	case 0x9: /* CLOCK_RATE_NOTIFY(clock, enable) */
		if (n < 2)
			return S_PROTOCOL_ERROR;
		if (w[0] >= PLATFORM_CLOCKS)
			return S_NOT_FOUND;
		plat.notify[w[0]] = w[1] & 1u;
		return S_SUCCESS;
	default:
		return S_NOT_SUPPORTED;
	}
}

/* A doorbell on the a2p area: take the command, queue its reply. */
static void take_command(uint64_t now)
{
	volatile uint32_t *a = plat.a2p;
	uint32_t w[MAX_WORDS], len, hdr, n, i;
	struct ev *r;
	int32_t status;

	if ((rd(a, OFF_STATUS) & ST_FREE) || plat.busy) {
		plat.st.empty_doorbells++;
		return;
	}
	fence(); /* the status before the message */
	len = rd(a, OFF_LENGTH);
	hdr = rd(a, OFF_HEADER);
	r = queue(EV_REPLY, now + PLATFORM_LATENCY_US, hdr);
	if (!r)
		return;
	r->irq = (uint8_t)(rd(a, OFF_FLAGS) & 1u);
	plat.busy = 1;
	plat.st.commands++;
	/* The agent's length is untrusted here too. */
	if (len < 4u || len > plat.size - OFF_HEADER || (len & 3u) || HDR_TYPE(hdr) != 0u) {
		plat.st.bad++;
		put(r, (uint32_t)S_PROTOCOL_ERROR);
		return;
	}
	n = (len - 4u) / 4u;
	if (n > MAX_WORDS)
		n = MAX_WORDS;
	for (i = 0; i < n; i++)
		w[i] = rd(a, OFF_PAYLOAD + 4u * i);
	put(r, 0); /* status, filled below */
	if (HDR_PROTO(hdr) == P_BASE)
		status = base_cmd(HDR_MSG(hdr), w, n, r);
	else if (HDR_PROTO(hdr) == P_CLOCK)
		status = clock_cmd(hdr, w, n, r, now);
	else
		status = S_NOT_SUPPORTED;
	r->w[0] = (uint32_t)status;
	if (status != S_SUCCESS)
		r->n = 1;
}

/* Write a message into an area: length, header, payload. */
static void write_msg(volatile uint32_t *a, const struct ev *e)
{
	uint32_t i;

	wr(a, OFF_LENGTH, 4u + 4u * e->n);
	wr(a, OFF_HEADER, e->hdr);
	for (i = 0; i < e->n; i++)
		wr(a, OFF_PAYLOAD + 4u * i, e->w[i]);
}

/* Deliver @e; 0 when it must wait (the p2a area is the agent's). */
static int deliver(struct ev *e)
{
	if (e->kind == EV_REPLY) {
		write_msg(plat.a2p, e);
		fence(); /* the reply before FREE */
		wr(plat.a2p, OFF_STATUS, ST_FREE);
		fence();
		plat.busy = 0;
		plat.st.replies++;
		if (e->slow)
			plat.st.slow++;
		if (e->irq)
			bm_agent_raise(BM_LINE_A2P);
		return 1;
	}
	if (!(rd(plat.p2a, OFF_STATUS) & ST_FREE))
		return 0;
	fence(); /* the agent's reads are done before we write */
	write_msg(plat.p2a, e);
	wr(plat.p2a, OFF_FLAGS, 1u); /* ring us back when done */
	fence(); /* the message before it is posted */
	wr(plat.p2a, OFF_STATUS, 0);
	fence();
	if (HDR_TYPE(e->hdr) == TYPE_NOTIF)
		plat.st.notifications++;
	bm_agent_raise(BM_LINE_P2A);
	return 1;
}

void platform_run(void)
{
	uint64_t now = bm_clock_us(), next = UINT64_MAX;
	uintptr_t key;
	uint32_t db;
	unsigned i;

	key = bm_irq_save();
	db = plat.doorbells;
	plat.doorbells = 0;
	bm_irq_restore(key);
	if (!plat.a2p)
		return;
	if (db & DB_ACK)
		plat.st.acks++;
	if (db & DB_A2P)
		take_command(now);
	/* Due events, oldest first; p2a messages in order (one at a time). */
	for (;;) {
		struct ev *best = 0;

		for (i = 0; i < N_EVENTS; i++) {
			struct ev *e = &plat.ev[i];

			if (e->kind == EV_NONE || e->due > now)
				continue;
			if (!best || e->seq < best->seq)
				best = e;
		}
		if (!best)
			break;
		if (!deliver(best)) {
			/* p2a busy: every later p2a message waits behind it. */
			if (next > now + P2A_RETRY_US)
				next = now + P2A_RETRY_US;
			for (i = 0; i < N_EVENTS; i++)
				if (plat.ev[i].kind == EV_P2A && plat.ev[i].due <= now)
					plat.ev[i].due = now + P2A_RETRY_US;
			continue;
		}
		best->kind = EV_NONE;
	}
	for (i = 0; i < N_EVENTS; i++)
		if (plat.ev[i].kind != EV_NONE && plat.ev[i].due < next)
			next = plat.ev[i].due;
	bm_platform_alarm(next);
}

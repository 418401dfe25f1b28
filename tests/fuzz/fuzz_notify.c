/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Harness "notify": notifications end to end: type-3 messages through the
 * receive entry (loopback p2a channels: the default one, and a dedicated
 * one for protocol 0x14), the bounded queue, the per-protocol quota, and
 * dispatch to registered handlers, queued or immediate
 * (SCMIA_AGENT_F_NOTIFY_IMMEDIATE).
 *
 * Every notification the harness posts carries a unique id and a source
 * id, and its payload bytes are a function of the id, so a handler can
 * tell exactly what it got. A "witness" handler is registered for every
 * (protocol, event) the harness uses; input-chosen handlers come and go
 * (with source filters, unregistering themselves from inside). A witness
 * may also post more notifications while it runs: an interrupt arriving
 * during dispatch, the flood that keeps scmia_notify_dispatch(agent, 0)
 * busy (defect 3).
 *
 * Checks: each accepted notification reaches its witness exactly once, in
 * the order accepted, with its payload (clamped to the pool's message
 * size), header fields and source id intact; handlers only see what
 * matches their filter; a notification is refused (ENOSPC) only when its
 * pool is full or its protocol is at the quota (default channel); one
 * dispatch call runs at most FZ_DISPATCH_MAX handlers; at the end every
 * accepted notification was delivered or dropped by a channel close,
 * every pool slot is free, and a command on the a2p channel works.
 */
#include <string.h>

#include "fz.h"
#include "scmia_loopback.h"

#define MSG_SIZE 64u
#define MAX_P2A 6u
#define NMAX 4096u
#define N_DYN 6u
#define RELAX_US 100u
/* Handler runs one scmia_notify_dispatch() call may make: a bound far
 * above any pool here (a dispatch that keeps taking notifications a flood
 * keeps posting never returns). */
#ifndef FZ_DISPATCH_MAX
#define FZ_DISPATCH_MAX 1024u
#endif

static const uint8_t protos[3] = { 0x11, 0x14, 0x15 };

struct note {
	uint8_t proto, evt, chan; /* chan: 0 default p2a, 1 dedicated (0x14) */
	uint8_t accepted;
	uint8_t gone;             /* dropped by a channel close */
	uint8_t witnessed;
	uint32_t src;
	uint32_t len;
};

struct dyn {
	struct scmia_notifier n;
	uint8_t used;
	uint8_t self_unreg;
};

static struct h {
	struct fz_in in;
	struct fz_os os;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a[2], a2p14;
	struct scmia_loopback_chan la, lp[2], la14;
	struct scmia_loopback_msg ma[8], mp[2][8], ma14[8];
	uint16_t qa[8], qp[2][8], qa14[8];
	struct scmia_notifier wit[3][4];
	struct dyn dyn[N_DYN];
	struct note notes[NMAX];
	uint32_t n_notes;
	uint32_t last_witnessed; /* highest id witnessed (FIFO order) */
	uint8_t has_ded;
	uint8_t immediate;
	uint8_t custom_src;
	uint8_t open[2];
	unsigned max_p2a[2];
	unsigned quota;
	unsigned flood;          /* notifications a witness posts per run */
	unsigned in_dispatch;    /* handler runs in the current dispatch call */
	unsigned depth;
	uint8_t dispatching;
	uint8_t untracked;       /* something the harness cannot count took a slot */
	int deliv_chan;          /* pool of the notification being dispatched, or -1 */
	unsigned q_pool[2];      /* queued per pool (harness count) */
	unsigned q_proto[2][3];  /* queued per pool and protocol */
	SCMIA_CHAN_MEM_DEFINE(mem_a, 2, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_a14, 2, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p0, MAX_P2A, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p1, MAX_P2A, MSG_SIZE);
} H;

static uint8_t pbyte(uint32_t id, uint32_t i)
{
	return (uint8_t)((id * 131u + i * 7u) ^ 0x5au);
}

/* Queued (accepted, not yet delivered) notifications of a pool, in all
 * and per protocol, as the harness counts them (kept up to date at each
 * acceptance, delivery and close). */
static unsigned pidx(uint8_t proto)
{
	return proto == 0x11 ? 0u : proto == 0x14 ? 1u : 2u;
}

static void q_add(struct h *h, const struct note *t, int d)
{
	h->q_pool[t->chan] = (unsigned)((int)h->q_pool[t->chan] + d);
	h->q_proto[t->chan][pidx(t->proto)] =
		(unsigned)((int)h->q_proto[t->chan][pidx(t->proto)] + d);
}

static uint32_t custom_src(void *ctx, uint32_t hdr, const void *payload, uint32_t len)
{
	(void)ctx;
	(void)hdr;
	/* this host keeps the source in the first word after the id */
	return (payload && len >= 8u) ? scmia_get_le32((const uint8_t *)payload + 4) & 0xffu
				      : SCMIA_NOTIFY_SRC_ANY;
}

static uint32_t expected_src(struct h *h, const struct note *t)
{
	if (h->custom_src)
		return t->len >= 8u ? t->src : SCMIA_NOTIFY_SRC_ANY;
	/* the generic rule: payload word 1, when present */
	return t->len >= 8u ? t->src : SCMIA_NOTIFY_SRC_ANY;
}

static void post(struct h *h, unsigned chan, unsigned pi, uint8_t evt, uint32_t src,
		 uint32_t len);

/* ------------------------------------------------------------------ */
/* Handlers                                                            */
/* ------------------------------------------------------------------ */

static const struct note *note_of(struct h *h, const struct scmia_notification *n)
{
	uint32_t id;

	if (!n->payload || n->len < 4u)
		return NULL; /* too short to carry an id */
	id = scmia_get_le32(n->payload);
	if ((id & 0xfff00000u) != 0x4e000000u)
		return NULL; /* a raw message of the malformed-traffic op */
	id &= 0xfffffu;
	if (id >= h->n_notes)
		fz_fail("dispatch", "a handler got a notification the platform never posted");
	return &h->notes[id];
}

static void witness(void *ctx, const struct scmia_notification *n)
{
	struct h *h = &H;
	const struct scmia_notifier *w = ctx;
	const struct note *t = note_of(h, n);
	uint32_t id, want_len;

	fz_step("handler");
	fz_os_assert_unlocked(&h->os, "notification handler");
	if (h->dispatching && ++h->in_dispatch > FZ_DISPATCH_MAX)
		fz_fail("unbounded-loop",
			"scmia_notify_dispatch() ran %u handlers in one call while notifications "
			"kept arriving: a flood keeps it busy for ever",
			h->in_dispatch);
	FZ_CHECK(n->proto_id == w->proto_id && n->msg_id == w->evt_id, "dispatch",
		 "witness for %02x/%u got %02x/%u", w->proto_id, w->evt_id, n->proto_id, n->msg_id);
	FZ_CHECK(scmia_hdr_proto_id(n->hdr) == n->proto_id && scmia_hdr_msg_id(n->hdr) == n->msg_id &&
			 scmia_hdr_type(n->hdr) == SCMIA_MSG_TYPE_NOTIFICATION,
		 "dispatch", "notification header %08x does not match its fields",
		 (unsigned)n->hdr);
	if (t) {
		id = (uint32_t)(t - h->notes);
		FZ_CHECK(t->accepted && !t->gone, "dispatch",
			 "notification %u delivered although it was refused or its channel closed",
			 (unsigned)id);
		FZ_CHECK(!t->witnessed, "dispatch", "notification %u delivered twice", (unsigned)id);
		FZ_CHECK(t->proto == n->proto_id && t->evt == n->msg_id, "dispatch",
			 "notification %u delivered as %02x/%u, posted as %02x/%u", (unsigned)id,
			 n->proto_id, n->msg_id, t->proto, t->evt);
		want_len = t->len < MSG_SIZE ? t->len : MSG_SIZE;
		FZ_CHECK(n->len == want_len, "dispatch",
			 "notification %u: %u payload bytes delivered, %u posted (pool %u)",
			 (unsigned)id, (unsigned)n->len, (unsigned)t->len, MSG_SIZE);
		for (uint32_t i = 8; i < n->len; i++)
			FZ_CHECK(((const uint8_t *)n->payload)[i] == pbyte(id, i), "dispatch",
				 "notification %u: payload byte %u corrupted", (unsigned)id,
				 (unsigned)i);
		FZ_CHECK(n->src_id == expected_src(h, t), "dispatch",
			 "notification %u: source id %08x, expected %08x", (unsigned)id,
			 (unsigned)n->src_id, (unsigned)expected_src(h, t));
		FZ_CHECK(h->immediate || id > h->last_witnessed || !h->last_witnessed, "dispatch",
			 "notification %u delivered after %u: not in the order received",
			 (unsigned)id, (unsigned)h->last_witnessed);
		if (h->dispatching)
			q_add(h, t, -1); /* it was queued: dispatched now */
		h->notes[id].witnessed = 1;
		if (!h->immediate)
			h->last_witnessed = id;
		/* its slot stays taken until every handler returned */
		h->deliv_chan = h->dispatching ? t->chan : -1;
	} else {
		h->deliv_chan = -2; /* an untracked one: its pool is unknown */
	}
	/* An interrupt during dispatch: the platform posts more. */
	for (unsigned k = 0; k < h->flood && h->depth < 3u; k++)
		post(h, (unsigned)(n->proto_id == 0x14 && h->has_ded), (unsigned)(n->proto_id % 3u),
		     (uint8_t)(k & 3u), k, 16);
}

static void dyn_handler(void *ctx, const struct scmia_notification *n)
{
	struct h *h = &H;
	struct dyn *d = ctx;

	fz_step("handler");
	fz_os_assert_unlocked(&h->os, "notification handler");
	FZ_CHECK(d->used, "dispatch", "a handler ran after it was unregistered");
	FZ_CHECK(n->proto_id == d->n.proto_id && n->msg_id == d->n.evt_id &&
			 (d->n.src_id == SCMIA_NOTIFY_SRC_ANY || d->n.src_id == n->src_id),
		 "dispatch", "handler for %02x/%u src %08x got %02x/%u src %08x", d->n.proto_id,
		 d->n.evt_id, (unsigned)d->n.src_id, n->proto_id, n->msg_id, (unsigned)n->src_id);
	(void)note_of(h, n);
	if (d->self_unreg) {
		FZ_CHECK(scmia_notify_unregister(&h->agent, &d->n) == SCMIA_OK, "api",
			 "a handler could not unregister itself");
		d->used = 0;
	}
}

/* ------------------------------------------------------------------ */
/* Platform                                                            */
/* ------------------------------------------------------------------ */

static void post(struct h *h, unsigned chan, unsigned pi, uint8_t evt, uint32_t src,
		 uint32_t len)
{
	uint8_t body[MSG_SIZE + 32u];
	struct note *t;
	uint32_t id, hdr, pool_q, proto_q;
	int r;

	if (h->n_notes >= NMAX)
		return;
	if (chan && !h->has_ded)
		chan = 0;
	if (!h->open[chan])
		return;
	id = h->n_notes++;
	t = &h->notes[id];
	memset(t, 0, sizeof(*t));
	t->proto = chan ? 0x14 : protos[pi % 3u];
	t->evt = evt & 3u;
	t->chan = (uint8_t)chan;
	t->src = src & 0xffu;
	t->len = len > sizeof(body) ? (uint32_t)sizeof(body) : len < 4u ? 4u : len;
	for (uint32_t i = 0; i < t->len; i++)
		body[i] = pbyte(id, i);
	if (t->len >= 4u)
		scmia_put_le32(body, id | 0x4e000000u);
	if (t->len >= 8u)
		scmia_put_le32(body + 4, t->src);
	hdr = scmia_hdr_pack(t->evt, SCMIA_MSG_TYPE_NOTIFICATION, t->proto, id);
	pool_q = h->q_pool[chan];
	if (h->dispatching && h->deliv_chan == (int)chan)
		pool_q++;
	proto_q = h->q_proto[chan][pidx(t->proto)];
	h->depth++;
	/* Accepted unless refused: mark first, a handler may run inside. */
	t->accepted = 1;
	r = scmia_loopback_deliver(&h->lp[chan], hdr, body, t->len);
	h->depth--;
	if (r == SCMIA_OK) {
		if (!t->witnessed)
			q_add(h, t, 1); /* queued (delivered at once otherwise) */
		return;
	}
	t->accepted = 0;
	FZ_CHECK(!t->witnessed, "dispatch", "notification %u delivered but refused (%d)",
		 (unsigned)id, r);
	FZ_CHECK(r == SCMIA_ENOSPC, "api", "a notification was refused with %d", r);
	if (h->immediate || h->untracked || (h->dispatching && h->deliv_chan == -2))
		return; /* slots the harness does not count (nested deliveries, raw messages) */
	FZ_CHECK(pool_q >= h->max_p2a[chan] || (chan == 0 && proto_q >= h->quota), "quota",
		 "notification of %02x refused with %u of %u slots queued (%u of that protocol, "
		 "quota %u)",
		 t->proto, pool_q, h->max_p2a[chan], proto_q, h->quota);
}

static void dispatch(struct h *h, unsigned max)
{
	int n;

	h->dispatching = 1;
	h->in_dispatch = 0;
	h->deliv_chan = -1;
	n = scmia_notify_dispatch(&h->agent, max);
	h->dispatching = 0;
	FZ_CHECK(n >= 0, "api", "scmia_notify_dispatch returned %d", n);
	FZ_CHECK(!max || (unsigned)n <= max, "api", "dispatch(%u) dispatched %d", max, n);
}

static void reg_dyn(struct h *h, uint8_t sel)
{
	struct dyn *d = &h->dyn[sel % N_DYN];

	if (d->used)
		return;
	memset(d, 0, sizeof(*d));
	d->n.proto_id = (sel & 8u) && h->has_ded ? 0x14 : protos[(sel >> 4) % 3u];
	d->n.evt_id = (uint8_t)((sel >> 2) & 3u);
	d->n.src_id = (sel & 0x40u) ? (uint32_t)(sel & 3u) : SCMIA_NOTIFY_SRC_ANY;
	d->n.fn = dyn_handler;
	d->n.ctx = d;
	d->self_unreg = (sel & 0x80u) != 0;
	FZ_CHECK(scmia_notify_register(&h->agent, &d->n) == SCMIA_OK, "api", "register");
	d->used = 1;
}

static void open_p2a(struct h *h, unsigned chan)
{
	struct scmia_chan_cfg cc;
	int ret;

	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_P2A;
	cc.proto_id = chan ? 0x14 : 0;
	cc.max_msg = (uint16_t)h->max_p2a[chan];
	cc.msg_size = MSG_SIZE;
	cc.chan_ctx = &h->lp[chan];
	cc.mem = chan ? h->mem_p1 : h->mem_p0;
	cc.mem_size = sizeof(h->mem_p0);
	ret = scmia_chan_open(&h->agent, &h->p2a[chan], &cc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "p2a open: %d", ret);
	h->open[chan] = 1;
}

static void close_p2a(struct h *h, unsigned chan)
{
	int ret;

	if (!h->open[chan] || h->depth)
		return;
	ret = scmia_chan_close(&h->p2a[chan]);
	FZ_CHECK(ret == SCMIA_OK, "api", "p2a close: %d", ret);
	h->open[chan] = 0;
	/* Its queued notifications are dropped with the pool. */
	for (uint32_t i = 0; i < h->n_notes; i++)
		if (h->notes[i].chan == chan && h->notes[i].accepted && !h->notes[i].witnessed)
			h->notes[i].gone = 1;
	h->q_pool[chan] = 0;
	memset(h->q_proto[chan], 0, sizeof(h->q_proto[chan]));
}

static void open_a2p(struct h *h, struct scmia_chan *c, struct scmia_loopback_chan *lc,
		     uint8_t proto, uint64_t *mem, size_t size)
{
	struct scmia_chan_cfg cc;
	int ret;

	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_A2P;
	cc.proto_id = proto;
	cc.max_msg = 2;
	cc.msg_size = MSG_SIZE;
	cc.chan_ctx = lc;
	cc.mem = mem;
	cc.mem_size = size;
	cc.reply_timeout_us = 2000;
	ret = scmia_chan_open(&h->agent, c, &cc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "a2p open: %d", ret);
}

/* The platform leaves its answer to the final (polled) command. */
static void kick(void *ctx, struct scmia_loopback_chan *lc)
{
	uint32_t hdr, len;
	uint8_t body[8] = { 0 };

	(void)ctx;
	while (scmia_loopback_cmd_pop(lc, &hdr, NULL, 0, &len) == SCMIA_OK)
		(void)scmia_loopback_post(lc, hdr, body, 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct h *h = &H;
	struct scmia_agent_cfg ac;
	uint8_t cfg, sizes;
	uint8_t rx[8];
	int ret;

	memset(h, 0, sizeof(*h));
	fz_budget_reset();
	fz_streak_reset();
	fz_in_init(&h->in, data, size);
	cfg = fz_cmd_u8(&h->in);
	sizes = fz_cmd_u8(&h->in);
	fz_os_init(&h->os, RELAX_US);
	h->has_ded = (cfg & 1u) != 0;
	h->immediate = (cfg & 2u) != 0;
	h->custom_src = (cfg & 4u) != 0;
	h->max_p2a[0] = 1u + sizes % MAX_P2A;
	h->max_p2a[1] = 1u + (sizes >> 4) % MAX_P2A;
	FZ_CHECK(scmia_loopback_chan_init(&h->la, h->ma, 8, h->qa, NULL, NULL, kick, h) == 0 &&
			 scmia_loopback_chan_init(&h->la14, h->ma14, 8, h->qa14, NULL, NULL, NULL,
						  NULL) == 0 &&
			 scmia_loopback_chan_init(&h->lp[0], h->mp[0], 8, h->qp[0], NULL, NULL, NULL,
						  NULL) == 0 &&
			 scmia_loopback_chan_init(&h->lp[1], h->mp[1], 8, h->qp[1], NULL, NULL, NULL,
						  NULL) == 0,
		 "harness", "loopback init");
	memset(&ac, 0, sizeof(ac));
	ac.os = (cfg & 8u) ? NULL : &fz_os_ops;
	ac.os_ctx = &h->os;
	ac.transport = &scmia_loopback_transport;
	ac.flags = h->immediate ? SCMIA_AGENT_F_NOTIFY_IMMEDIATE : 0u;
	ac.notify_quota = (cfg >> 4) & 3u;
	if (h->custom_src)
		ac.notify_src = custom_src;
	ret = scmia_agent_init(&h->agent, &ac);
	FZ_CHECK(ret == SCMIA_OK, "harness", "agent init: %d", ret);
	open_a2p(h, &h->a2p, &h->la, 0, h->mem_a, sizeof(h->mem_a));
	open_p2a(h, 0);
	h->quota = ac.notify_quota ? ac.notify_quota
		   : (h->max_p2a[0] / 2u ? h->max_p2a[0] / 2u : 1u);
	if (h->has_ded) {
		open_a2p(h, &h->a2p14, &h->la14, 0x14, h->mem_a14, sizeof(h->mem_a14));
		open_p2a(h, 1);
	}
	for (unsigned p = 0; p < 3u; p++) {
		for (unsigned e = 0; e < 4u; e++) {
			struct scmia_notifier *w = &h->wit[p][e];

			w->proto_id = protos[p];
			w->evt_id = (uint8_t)e;
			w->src_id = SCMIA_NOTIFY_SRC_ANY;
			w->fn = witness;
			w->ctx = w;
			FZ_CHECK(scmia_notify_register(&h->agent, w) == SCMIA_OK, "harness",
				 "witness register");
		}
	}

	while (fz_cmd_more(&h->in)) {
		uint8_t op = fz_cmd_u8(&h->in);
		uint8_t a = fz_cmd_u8(&h->in);
		uint8_t b = fz_cmd_u8(&h->in);

		fz_step("main");
		switch (op % 10u) {
		case 0:
		case 1:
			post(h, a & 1u, a >> 1, b & 3u, b >> 2, fz_cmd_below(&h->in, MSG_SIZE + 24u));
			break;
		case 2:
			for (unsigned k = 0; k < (a & 31u); k++)
				post(h, b & 1u, k + b, (uint8_t)k, k, 12u + (k & 7u));
			break;
		case 3:
			dispatch(h, a & 3u);
			break;
		case 4:
			reg_dyn(h, a);
			break;
		case 5: {
			struct dyn *d = &h->dyn[a % N_DYN];

			if (d->used) {
				FZ_CHECK(scmia_notify_unregister(&h->agent, &d->n) == SCMIA_OK, "api",
					 "unregister");
				d->used = 0;
			}
			break;
		}
		case 6:
			h->flood = a % 3u;
			break;
		case 7:
			close_p2a(h, a & 1u);
			if (b & 1u && !h->open[a & 1u] && (!(a & 1u) || h->has_ded))
				open_p2a(h, a & 1u);
			break;
		case 8: {
			/* malformed traffic: anything on the p2a channel, a
			 * notification on the a2p channel */
			uint32_t hdr = ((uint32_t)a << 24) | ((uint32_t)b << 8) | fz_cmd_u8(&h->in);
			uint8_t body[8] = { 0 };

			if (h->open[0] &&
			    scmia_loopback_deliver(&h->lp[0], hdr, body, a & 7u) == SCMIA_OK)
				h->untracked = 1;
			(void)scmia_loopback_deliver(&h->la, scmia_hdr_pack(0, 3, 0x14, a), body, 4);
			break;
		}
		default:
			break;
		}
	}

	/* End of input: no more flood; drain; every accepted notification
	 * was delivered exactly once (or dropped by a close). */
	h->flood = 0;
	for (unsigned k = 0; k < 64u; k++) {
		h->dispatching = 1;
		h->in_dispatch = 0;
		h->deliv_chan = -1;
		ret = scmia_notify_dispatch(&h->agent, 0);
		h->dispatching = 0;
		if (ret <= 0)
			break;
	}
	for (uint32_t i = 0; i < h->n_notes; i++) {
		const struct note *t = &h->notes[i];

		if (t->accepted && !t->gone && t->len >= 4u)
			FZ_CHECK(t->witnessed, "lost-notification",
				 "notification %u (%02x/%u) was accepted and never delivered",
				 (unsigned)i, t->proto, t->evt);
	}
	for (unsigned c = 0; c < 2u; c++) {
		unsigned nf = 0;

		if (!h->open[c])
			continue;
		FZ_CHECK(scmia_chan_stats(&h->p2a[c], &nf, NULL, NULL) == SCMIA_OK &&
				 nf == h->max_p2a[c],
			 "leak", "p2a %u: %u of %u slots free after dispatch", c, nf, h->max_p2a[c]);
	}
	ret = scmia_cmd(&h->agent, 0x10, 0, NULL, 0, rx, sizeof(rx), NULL, SCMIA_XFER_F_POLL);
	FZ_CHECK(ret == SCMIA_OK, "liveness", "a command on the a2p channel returned %d", ret);
	ret = scmia_agent_deinit(&h->agent);
	FZ_CHECK(ret == SCMIA_OK, "api", "agent deinit: %d", ret);
	return 0;
}

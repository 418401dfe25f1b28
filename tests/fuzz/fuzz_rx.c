/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Harness "rx": the core's receive entry scmia_rx() with arbitrary headers
 * and cookies against scripted pending state.
 *
 * The transport is a fake whose behaviour the input chooses: send() may
 * wait for the channel (an exclusive "area" like SMT's, claimed until
 * mark_txdone), fail, or call back into the platform before and after it
 * rings; fetches copy from the message behind the cookie (or the area),
 * refuse a transfer that does not own the area, or fail with an
 * input-chosen error; poll_done looks at the area or a posted-reply list.
 * The platform injects responses, delayed responses and notifications for
 * any request (in flight, being sent, ended) with any header, from every
 * point where an interrupt could come: the polling back-off, the doorbell,
 * inside a fetch (re-entering the receive entry for the same transfer),
 * inside poll_done. Each injected message is a cookie of its own; the
 * harness checks the core's cookie discipline: a fetch never uses a
 * message already given back, rx_release comes exactly once and only for
 * a message the core kept (SCMIA_RX_DEFERRED), clear_channel never for a
 * kept one, and no kept message is left at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "fz_drv.h"

#ifndef FZ_RX_MSG
#define FZ_RX_MSG 0 /* 1: fuzz_msg.c, every message through transports/msg */
#endif
#if FZ_RX_MSG
#include "scmia_msg.h"
#endif

#define MSG_SIZE 64u
#define MAX_A2P 6u
#define MAX_P2A 4u
#define REPLY_TMO 2000u
#define DRESP_TMO 8000u
#define CLAIM_TMO 6000u
#define RELAX_US 100u
#define POOL 32u
#define BODY_MAX (8u + MSG_SIZE + 16u)

enum { MS_FREE = 0, MS_INJECT, MS_HELD, MS_POSTED };
enum hook { HK_TICK, HK_RING, HK_FETCH, HK_POLL, HK_SEND };

struct msg {
	uint8_t state;
	uint8_t released;  /* rx_release came while injecting */
	uint8_t chan;      /* 0..3: a2p0, p2a0, a2p1, p2a1 */
	int8_t fetch_err;  /* forced fetch verdict (0: copy the body) */
	uint32_t hdr;      /* header inside the body (not necessarily what scmia_rx got) */
	uint32_t len;
	uint8_t body[BODY_MAX];
};

struct fchan {
	struct scmia_chan *chan;
	uint8_t used;
	uint8_t a2p;
	uint8_t pair;
	/* a2p */
	struct scmia_xfer *owner;   /* claim mode: the sender owning the area */
	uint8_t done;               /* claim mode: a reply is in the area */
	struct msg area;            /* claim mode: the area's reply */
	uint8_t polled;             /* the channel polls: replies are posted, not interrupted */
	struct fz_req *pend[8];     /* requests the platform saw and has not answered */
	unsigned np;
};

static struct h {
	struct fz_in in;
	struct fz_os os;
	struct fz_drv drv;
	struct scmia_agent agent;
	struct scmia_chan chans[4];
	struct fchan fc[4];
	struct msg pool[POOL];
	uint8_t claim;       /* area mode: one message per a2p channel */
	uint8_t on_return;   /* completion on return */
	uint8_t os_nolock;   /* no lock op: every channel polls */
	unsigned depth;
	struct { uint32_t hdr, ck; uint8_t ch; } dq[8]; /* owed delayed responses */
	unsigned dn;
	SCMIA_CHAN_MEM_DEFINE(mem0, MAX_A2P, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem1, MAX_P2A, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem2, MAX_A2P, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem3, MAX_P2A, MSG_SIZE);
} H;

static struct fz_ledger LED;
static int no_early_forge = -1;

static void act(struct h *h, enum hook k, struct fchan *fc);

static struct fchan *fc_of(struct scmia_chan *chan)
{
	return (struct fchan *)scmia_chan_ctx(chan);
}

static struct msg *msg_of(struct h *h, void *cookie)
{
	uintptr_t p = (uintptr_t)cookie, b = (uintptr_t)h->pool;

	if (p < b || p >= b + sizeof(h->pool) || (p - b) % sizeof(h->pool[0]))
		fz_fail("cookie", "the core passed a cookie that is not one of the host's messages");
	return (struct msg *)cookie;
}

/* ------------------------------------------------------------------ */
/* The fake transport                                                  */
/* ------------------------------------------------------------------ */

static int ft_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct fchan *fc = fc_of(chan);

	(void)ctx;
	if (!fc)
		return SCMIA_EINVAL;
	fc->chan = chan;
	return SCMIA_OK;
}

static void ft_chan_free(void *ctx, struct scmia_chan *chan)
{
	(void)ctx;
	fc_of(chan)->owner = NULL;
}

static int ft_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *x)
{
	struct h *h = ctx;
	struct fchan *fc = fc_of(chan);
	uint64_t t0 = scmia_chan_now_us(chan);
	struct fz_req *r = h->drv.cur_send;
	uint8_t b;

	if (h->claim) {
		/* Wait for the area (bounded), as SMT and SMC do. */
		while (fc->owner && fc->owner != x) {
			if (scmia_chan_now_us(chan) - t0 >= CLAIM_TMO)
				return SCMIA_EBUSY;
			scmia_chan_relax(chan);
		}
		if (fc->owner == x)
			return SCMIA_ESTATE;
		fc->owner = x;
	}
#if FZ_RX_MSG
	{
		/* The command as a message-passing buffer of exactly its size. */
		size_t need = scmia_msg_command_size(x);
		uint8_t *p = malloc(need);
		int n;

		if (!p)
			fz_fail("harness", "out of memory");
		n = scmia_msg_tx_prepare(p, need, x);
		FZ_CHECK(n == (int)need && scmia_get_le32(p) == x->hdr &&
				 (!x->tx_len || !memcmp(p + 4, x->tx_buf, x->tx_len)),
			 "msg", "scmia_msg_tx_prepare wrote %d bytes, expected %zu", n, need);
		free(p);
	}
#endif
	act(h, HK_SEND, fc); /* the platform may act before the message is out */
	b = h->drv.behaving ? 0 : fz_plat_u8(&h->in, 0);
	if (b >= 0xf8u) {
		static const int errs[8] = { SCMIA_EBUSY, SCMIA_EIO, SCMIA_EAGAIN, SCMIA_ENOSPC,
					     SCMIA_EIO, SCMIA_EBUSY, SCMIA_EIO, SCMIA_EINVAL };

		if (fc->owner == x)
			fc->owner = NULL;
		return errs[b & 7u];
	}
	/* Visible to the platform from here. */
	if (h->claim) {
		fc->done = 0;
		fc->np = 0;
	}
	if (r && fc->np < 8u)
		fc->pend[fc->np++] = r;
	fz_req_visible(r);
#if FZ_HAVE_XFER_SENT
	scmia_xfer_sent(x);
#endif
	act(h, HK_RING, fc);
	if (h->on_return && fc->np) {
		/* Completion on return: the platform answers within the call. */
		act(h, HK_RING, fc);
	}
	return SCMIA_OK;
}

static void ft_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *x)
{
	struct fchan *fc = fc_of(chan);

	(void)ctx;
	(void)ret;
	if (fc->owner == x)
		fc->owner = NULL;
}

/* Mailbox mode: the reply posted for @x's header (polling). */
static struct msg *posted_for(struct h *h, unsigned ci, const struct scmia_xfer *x)
{
	for (unsigned i = 0; i < POOL; i++)
		if (h->pool[i].state == MS_POSTED && h->pool[i].chan == ci &&
		    scmia_hdr_same_msg(h->pool[i].hdr, x->hdr))
			return &h->pool[i];
	return NULL;
}

#if FZ_RX_MSG
/* The message as a transport buffer of exactly its length: any read past
 * it by the msg helpers is an ASan report. */
static uint8_t *heap_copy(const struct msg *m)
{
	uint8_t *p = malloc(m->len ? m->len : 1u);

	if (!p)
		fz_fail("harness", "out of memory");
	memcpy(p, m->body, m->len);
	return p;
}
#endif

static int copy_body(const struct msg *m, struct scmia_xfer *x)
{
	uint32_t n;

	if (m->fetch_err)
		return m->fetch_err;
#if FZ_RX_MSG
	{
		uint8_t *p = heap_copy(m);
		int r = scmia_msg_fetch_response(p, m->len, x);

		free(p);
		FZ_CHECK(x->rx_len <= x->rx_cap, "msg", "rx_len %u above rx_cap %u",
			 (unsigned)x->rx_len, (unsigned)x->rx_cap);
		return r;
	}
#endif
	if (m->len < 8u)
		return SCMIA_ETOOSHORT;
	n = m->len - 8u;
	if (n > x->rx_cap)
		n = x->rx_cap;
	x->status = (int32_t)scmia_get_le32(m->body + 4);
	memcpy(x->rx_buf, m->body + 8, n);
	x->rx_len = n;
	return SCMIA_OK;
}

static int ft_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *x,
			     void *cookie)
{
	struct h *h = ctx;
	struct fchan *fc = fc_of(chan);
	struct msg *m;

	act(h, HK_FETCH, fc); /* e.g. re-enter the receive entry for the same transfer */
	if (!cookie) {
		uint8_t *arr;
		int r;

		/* Polling or completion on return: the area, or a posted reply. */
		if (!fc->a2p)
			return SCMIA_EIO;
		/* A reply fetched for x without the receive entry: it arrived
		 * (for the ledger's rule on reissued tokens, as inject() counts
		 * what comes through the receive entry). */
		arr = fz_ledger_arrival(&LED, (unsigned)fz_drv_chan_index(&h->drv, chan), x->hdr);
		if (arr && *arr < 0xffu)
			(*arr)++;
		if (!h->claim) {
			m = posted_for(h, (unsigned)(fc - h->fc), x);
			if (!m)
				return SCMIA_EIO;
			r = copy_body(m, x);
			m->state = MS_FREE;
			return r;
		}
		if (!fc->done || fc->owner != x)
			return SCMIA_EIO;
		return scmia_hdr_same_msg(fc->area.hdr, x->hdr) ? copy_body(&fc->area, x)
								: SCMIA_EUNEXPECTED;
	}
	m = msg_of(h, cookie);
	if (m->state != MS_INJECT && m->state != MS_HELD)
		fz_fail("cookie", "fetch_response with the cookie of a message already given "
				  "back (state %u)", (unsigned)m->state);
	if (fc->a2p && h->claim && fc->owner != x)
		return SCMIA_EUNEXPECTED; /* the area is another sender's */
	return copy_body(m, x);
}

static int ft_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *x,
				 uint32_t max_len, void *cookie)
{
	struct h *h = ctx;
	struct msg *m;
	uint32_t n;

	act(h, HK_FETCH, fc_of(chan));
	if (!cookie)
		return SCMIA_EINVAL;
	m = msg_of(h, cookie);
	if (m->state != MS_INJECT)
		fz_fail("cookie", "fetch_notification with the cookie of a message not being "
				  "received (state %u)", (unsigned)m->state);
	if (m->fetch_err)
		return m->fetch_err;
#if FZ_RX_MSG
	{
		uint8_t *p = heap_copy(m);
		int r = scmia_msg_fetch_notification(p, m->len, max_len, x);

		free(p);
		FZ_CHECK(x->rx_len <= x->rx_cap && x->rx_len <= max_len, "msg",
			 "notification rx_len %u above rx_cap %u / max %u", (unsigned)x->rx_len,
			 (unsigned)x->rx_cap, (unsigned)max_len);
		return r;
	}
#endif
	if (m->len < 4u)
		return SCMIA_ETOOSHORT;
	n = m->len - 4u;
	if (n > max_len)
		n = max_len;
	if (n > x->rx_cap)
		n = x->rx_cap;
	memcpy(x->rx_buf, m->body + 4, n);
	x->rx_len = n;
	return SCMIA_OK;
}

static void ft_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct h *h = ctx;
	struct msg *m;

	(void)chan;
	if (!cookie)
		return;
	m = msg_of(h, cookie);
	if (m->state != MS_INJECT)
		fz_fail("cookie", "clear_channel for a message not being received (state %u): "
				  "a kept message is released with rx_release only",
			(unsigned)m->state);
}

static int ft_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *x)
{
	struct h *h = ctx;
	struct fchan *fc = fc_of(chan);

	act(h, HK_POLL, fc);
	if (!h->claim)
		return posted_for(h, (unsigned)(fc - h->fc), x) ? 1 : 0;
	if (!fc->done || fc->owner != x)
		return 0;
	return scmia_hdr_same_msg(fc->area.hdr, x->hdr) ? 1 : 0;
}

static void ft_rx_release(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct h *h = ctx;
	struct msg *m;

	(void)chan;
	m = msg_of(h, cookie);
	if (m->state == MS_HELD) {
		m->state = MS_FREE;
	} else if (m->state == MS_INJECT && !m->released) {
		m->released = 1;
	} else {
		fz_fail("cookie", "rx_release for a message the core did not keep, or twice "
				  "(state %u)", (unsigned)m->state);
	}
}

static int ft_rx_poll(void *ctx, struct scmia_chan *chan);

static const struct scmia_transport_ops ft_ops = {
	.chan_setup = ft_chan_setup,
	.chan_free = ft_chan_free,
	.send = ft_send,
	.mark_txdone = ft_mark_txdone,
	.fetch_response = ft_fetch_response,
	.fetch_notification = ft_fetch_notification,
	.clear_channel = ft_clear_channel,
	.poll_done = ft_poll_done,
	.rx_release = ft_rx_release,
	.rx_poll = ft_rx_poll,
};

static const struct scmia_transport ft_irq = {
	.ops = &ft_ops, .name = "fuzz", .max_msg = 8, .max_msg_size = MSG_SIZE,
	.flags = SCMIA_TRANSPORT_F_ATOMIC_SAFE,
};
static const struct scmia_transport ft_ret = {
	.ops = &ft_ops, .name = "fuzz-ret", .max_msg = 8, .max_msg_size = MSG_SIZE,
	.flags = SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN | SCMIA_TRANSPORT_F_ATOMIC_SAFE,
};

/* ------------------------------------------------------------------ */
/* Platform                                                            */
/* ------------------------------------------------------------------ */

static struct msg *msg_new(struct h *h)
{
	for (unsigned i = 0; i < POOL; i++) {
		if (h->pool[i].state == MS_FREE) {
			memset(&h->pool[i], 0, sizeof(h->pool[i]));
			return &h->pool[i];
		}
	}
	return NULL;
}

/* Hand message @m to the core on channel @ci with header @hdr. */
static int inject(struct h *h, unsigned ci, uint32_t hdr, struct msg *m)
{
	uint8_t *arr;
	int r;

	if (!h->fc[ci].used || h->depth >= 3u) {
		m->state = MS_FREE;
		return SCMIA_ENOSPC;
	}
	m->state = MS_INJECT;
	m->chan = (uint8_t)ci;
	hdr = fz_drv_filter_hdr(&h->drv, hdr);
	FZ_TRACE("inject ch %u hdr %08x (body hdr %08x len %u ck %08x err %d)", ci, (unsigned)hdr,
		 (unsigned)m->hdr, (unsigned)m->len,
		 m->len >= 12u ? (unsigned)scmia_get_le32(m->body + 8) : 0u, m->fetch_err);
	/* A response counts on an a2p channel only (on a p2a channel it is
	 * malformed); a delayed response on either, for the pair's a2p. */
	arr = (ci & 1u) && scmia_hdr_type(hdr) == SCMIA_MSG_TYPE_COMMAND
		      ? NULL
		      : fz_ledger_arrival(&LED,
					  (unsigned)fz_drv_chan_index(&h->drv, &h->chans[ci & ~1u]),
					  hdr);
	h->depth++;
	r = scmia_rx(&h->chans[ci], hdr, m);
	h->depth--;
	if (arr && r != SCMIA_ESTATE && *arr < 0xffu)
		(*arr)++;
	FZ_TRACE("inject ch %u hdr %08x -> %d", ci, (unsigned)hdr, r);
	if (r == SCMIA_RX_DEFERRED && !m->released)
		m->state = MS_HELD;
	else
		m->state = MS_FREE;
	return r;
}

static void body_fill(struct msg *m, uint32_t hdr, int32_t status, uint32_t ck, uint32_t extra)
{
	m->hdr = hdr;
	scmia_put_le32(m->body, hdr);
	m->len = 4u + fz_reply_body(m->body + 4, BODY_MAX - 4u, status, ck, extra);
}

/* Channel index of the a2p / p2a channel of pair @p. */
static unsigned ch_a2p(unsigned p)
{
	return p ? 2u : 0u;
}

static unsigned ch_p2a(unsigned p)
{
	return p ? 3u : 1u;
}

static int pair_of_req(struct h *h, const struct fz_req *r)
{
	for (unsigned p = 0; p < 2u; p++)
		if (h->fc[ch_a2p(p)].used &&
		    r->chan == (uint8_t)fz_drv_chan_index(&h->drv, &h->chans[ch_a2p(p)]))
			return (int)p;
	return -1;
}

/* The platform answers the oldest request it saw on @fc (status @st):
 * by interrupt, or posted for a poller / completion on return. */
static void answer(struct h *h, struct fchan *fc, int32_t st, int irq)
{
	struct fz_req *r = NULL;
	struct msg *m;
	uint32_t hdr;
	unsigned ci = (unsigned)(fc - h->fc);

	while (fc->np && !r) {
		r = fc->pend[0];
		memmove(&fc->pend[0], &fc->pend[1], sizeof(fc->pend[0]) * (fc->np - 1u));
		fc->np--;
		if (r->state != FZ_REQ_INFLIGHT || !r->x)
			r = NULL; /* it ended meanwhile (timeout) */
	}
	if (!r)
		return;
	m = msg_new(h);
	if (!m)
		return;
	hdr = r->x->hdr;
	body_fill(m, hdr, st, r->ck, 0);
	fz_ledger_emit(&LED, r->ck);
	if ((r->flags & SCMIA_XFER_F_ASYNC) && st == 0 && h->dn < 8u) {
		h->dq[h->dn].hdr = (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
		h->dq[h->dn].ck = r->ck;
		h->dq[h->dn].ch = (uint8_t)ch_p2a(fc->pair);
		h->dn++;
	}
	if (h->claim) {
		fc->area = *m;
		fc->done = 1;
	}
	if (irq && !(r->flags & SCMIA_XFER_F_POLL) && !h->on_return && !fc->polled) {
		(void)inject(h, ci, hdr, m);
		return;
	}
	if (h->claim) {
		m->state = MS_FREE;
	} else {
		m->state = MS_POSTED;
		m->chan = (uint8_t)ci;
	}
}

static void deliver_dresp(struct h *h)
{
	struct msg *m;
	unsigned ch;

	if (!h->dn)
		return;
	ch = h->dq[0].ch;
	if (!h->fc[ch].used)
		ch = ch == 1u ? 0u : 2u; /* no p2a: on the a2p channel */
	m = msg_new(h);
	if (!m)
		return;
	body_fill(m, h->dq[0].hdr, 0, h->dq[0].ck, 1);
	fz_ledger_emit(&LED, h->dq[0].ck);
	memmove(&h->dq[0], &h->dq[1], sizeof(h->dq[0]) * (h->dn - 1u));
	h->dn--;
	(void)inject(h, ch, m->hdr, m);
}

/* A message for request @r: any type, channel, header corruption, length,
 * fetch verdict. Its checksum is genuine only when the platform saw it. */
static void forge_for(struct h *h, struct fz_req *r, uint8_t sel)
{
	static const int8_t errs[8] = { 0, 0, 0, 0, SCMIA_EPROTO, SCMIA_EMALFORMED,
					SCMIA_ETOOSHORT, SCMIA_EIO };
	static const uint32_t flips[8] = { 0, 0, 0, 1u << 18, 1u << 8, 1u << 28, 0x55u, 1u << 12 };
	int p = r ? pair_of_req(h, r) : -1;
	struct msg *m;
	uint32_t hdr, arg_hdr;
	unsigned ch;
	int corrupt;

	if (p < 0 || (no_early_forge && !r->visible))
		return;
	m = msg_new(h);
	if (!m)
		return;
	hdr = (r->x ? r->x->hdr : r->hdr) & ~(3u << 8);
	if (sel & 1u)
		hdr |= SCMIA_MSG_TYPE_DELAYED_RESP << 8;
	corrupt = (sel >> 1) & 7u;
	arg_hdr = hdr ^ flips[corrupt];
	/* A genuine checksum only with the request's own header, both the one
	 * handed to the receive entry and the one in the message (a polled
	 * fetch reads the latter). */
	body_fill(m, hdr ^ flips[(sel >> 4) & 7u], fz_status_table[fz_plat_u8(&h->in, 0) & 15u],
		  (r->visible && !flips[corrupt] && !flips[(sel >> 4) & 7u]) ? r->ck
									  : FZ_CK_FORGED,
		  (sel >> 5) & 3u);
	if (sel & 0x80u) {
		static const uint32_t lens[8] = { 0, 3, 4, 7, 8, 9, 11, BODY_MAX };

		m->len = lens[fz_plat_u8(&h->in, 0) & 7u];
	}
	m->fetch_err = errs[fz_plat_u8(&h->in, 0) & 7u];
	if (scmia_get_le32(m->body + 8) != FZ_CK_FORGED && m->len >= 12u)
		fz_ledger_emit(&LED, scmia_get_le32(m->body + 8));
	ch = (sel & 1u) && (fz_plat_u8(&h->in, 0) & 1u) ? ch_p2a((unsigned)p) : ch_a2p((unsigned)p);
	if (!h->fc[ch].used)
		ch = ch_a2p((unsigned)p);
	if (ch == ch_a2p((unsigned)p) && h->claim && !(sel & 1u)) {
		/* A reply lands in the area, whoever owns it. */
		struct fchan *fc = &h->fc[ch];

		fc->area = *m;
		fc->done = 1;
	}
	(void)inject(h, ch, arg_hdr, m);
}

static void notif(struct h *h, uint8_t sel)
{
	struct msg *m = msg_new(h);
	unsigned ch = (sel & 1u) ? 3u : 1u;
	uint32_t hdr;
	uint32_t n;

	if (!m)
		return;
	if (!h->fc[ch].used)
		ch = 1u;
	{
		uint8_t evt = fz_plat_u8(&h->in, 0) & 3u;
		uint8_t tok = fz_plat_u8(&h->in, 0);

		hdr = scmia_hdr_pack(evt, SCMIA_MSG_TYPE_NOTIFICATION, (sel & 2u) ? 0x14 : 0x11,
				     tok);
	}
	n = fz_plat_below(&h->in, BODY_MAX - 4u, 8);
	m->hdr = hdr;
	scmia_put_le32(m->body, hdr);
	for (uint32_t i = 0; i < n; i++)
		m->body[4 + i] = fz_plat_u8(&h->in, (uint8_t)i);
	m->len = 4u + n;
	if (sel & 4u)
		m->fetch_err = SCMIA_EMALFORMED;
	(void)inject(h, ch, (sel & 8u) ? fz_plat_u32(&h->in, hdr) : hdr, m);
}

static void raw(struct h *h, uint8_t sel)
{
	struct msg *m = msg_new(h);
	uint32_t hdr = fz_plat_u32(&h->in, 0);
	uint32_t n = fz_plat_below(&h->in, BODY_MAX, 8);

	if (!m)
		return;
	for (uint32_t i = 0; i < n; i++)
		m->body[i] = fz_plat_u8(&h->in, (uint8_t)i);
	if (n >= 12u)
		scmia_put_le32(m->body + 8, FZ_CK_FORGED);
	m->len = n;
	m->hdr = hdr;
	(void)inject(h, sel & 3u, hdr, m);
}

static void behave(struct h *h)
{
	for (unsigned i = 0; i < 4u; i++) {
		struct fchan *fc = &h->fc[i];

		while (fc->used && fc->a2p && fc->np)
			answer(h, fc, 0, 1);
	}
	deliver_dresp(h);
}

enum {
	A_ANSWER, A_ANSWER_ST, A_FORGE_CUR, A_FORGE_PICK, A_FORGE_LATE, A_NOTIF, A_RAW,
	A_DRESP, A_SPURIOUS_DONE, A_NOTHING, A__COUNT
};

static void act(struct h *h, enum hook k, struct fchan *fc)
{
	uint8_t b, sel;

	fz_step("platform");
	fz_os_assert_unlocked(&h->os, "transport op");
	if (h->drv.behaving || !fz_plat_more(&h->in)) {
		if (k == HK_RING && fc) {
			if (!h->on_return)
				answer(h, fc, 0, 1);
			else
				answer(h, fc, 0, 0);
		} else if (k == HK_TICK) {
			behave(h);
		}
		return;
	}
	b = fz_plat_u8(&h->in, 0);
	switch (k) {
	case HK_RING:
		if (b < 128u) {
			answer(h, fc, 0, !h->on_return);
			return;
		}
		if (b < 160u)
			return;
		break;
	case HK_TICK:
		if (b < 96u) {
			behave(h);
			return;
		}
		if (b < 128u)
			return;
		break;
	default:
		if (b < 200u)
			return;
		break;
	}
	sel = fz_plat_u8(&h->in, 0);
	switch (fz_plat_u8(&h->in, A_NOTHING) % A__COUNT) {
	case A_ANSWER:
		if (fc && fc->a2p)
			answer(h, fc, 0, sel & 1u);
		else
			behave(h);
		break;
	case A_ANSWER_ST:
		if (fc && fc->a2p)
			answer(h, fc, fz_status_table[sel & 15u], 1);
		break;
	case A_FORGE_CUR:
		forge_for(h, h->drv.cur_send, sel);
		break;
	case A_FORGE_PICK:
		forge_for(h, fz_drv_pick_inflight(&h->drv, fz_plat_u8(&h->in, 0)), sel);
		break;
	case A_FORGE_LATE:
		forge_for(h, fz_drv_pick_ended(&h->drv, fz_plat_u8(&h->in, 0)), sel);
		break;
	case A_NOTIF:
		notif(h, sel);
		break;
	case A_RAW:
		raw(h, sel);
		break;
	case A_DRESP:
		deliver_dresp(h);
		break;
	case A_SPURIOUS_DONE:
		/* The area claims to be done with a header of the input's. */
		if (fc && fc->a2p) {
			body_fill(&fc->area, fz_plat_u32(&h->in, 0), 0, FZ_CK_FORGED, 0);
			fc->done = 1;
		}
		break;
	default:
		break;
	}
}

static int ft_rx_poll(void *ctx, struct scmia_chan *chan)
{
	struct h *h = ctx;

	(void)chan;
	if (!h->dn)
		return 0;
	deliver_dresp(h);
	return 1;
}

static void tick(void *ctx)
{
	act((struct h *)ctx, HK_TICK, NULL);
}

static void p_settle(void *ctx)
{
	struct h *h = ctx;

	for (unsigned round = 0; round < 8u; round++)
		behave(h);
	/* Replies posted for pollers that gave up are the platform's. */
	for (unsigned i = 0; i < POOL; i++)
		if (h->pool[i].state == MS_POSTED)
			h->pool[i].state = MS_FREE;
}

static void p_final(void *ctx)
{
	struct h *h = ctx;

	for (unsigned i = 0; i < POOL; i++)
		FZ_CHECK(h->pool[i].state == MS_FREE, "leak",
			 "message %u (hdr %08x) kept by the core (SCMIA_RX_DEFERRED) was never "
			 "released", i, (unsigned)h->pool[i].hdr);
}

static const struct fz_plat_if PIF = {
	.tick = tick,
	.settle = p_settle,
	.final_check = p_final,
	.send_bound_us = CLAIM_TMO + 2u * RELAX_US,
};

static void open_chan(struct h *h, unsigned i, unsigned dir, uint8_t proto, unsigned max,
		      uint8_t completion)
{
	struct scmia_chan_cfg cc;
	uint64_t *mems[4] = { h->mem0, h->mem1, h->mem2, h->mem3 };
	size_t sizes[4] = { sizeof(h->mem0), sizeof(h->mem1), sizeof(h->mem2), sizeof(h->mem3) };
	int ret;

	h->fc[i].used = 1;
	h->fc[i].a2p = dir == SCMIA_CHAN_A2P;
	h->fc[i].pair = (uint8_t)(i >> 1);
	/* Without interrupt completion every a2p channel polls (AUTO). */
	h->fc[i].polled = completion == SCMIA_COMPLETION_POLL || h->os_nolock || !FZ_IRQ;
	memset(&cc, 0, sizeof(cc));
	cc.dir = (uint8_t)dir;
	cc.proto_id = proto;
	cc.completion = completion;
	cc.max_msg = (uint16_t)max;
	cc.msg_size = MSG_SIZE;
	cc.chan_ctx = &h->fc[i];
	cc.mem = mems[i];
	cc.mem_size = sizes[i];
	cc.reply_timeout_us = dir == SCMIA_CHAN_A2P ? REPLY_TMO : 0u;
	cc.dresp_timeout_us = dir == SCMIA_CHAN_A2P ? DRESP_TMO : 0u;
	ret = scmia_chan_open(&h->agent, &h->chans[i], &cc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "channel %u open: %d", i, ret);
	fz_drv_add_chan(&h->drv, &h->chans[i], proto ? proto : 0x10, dir == SCMIA_CHAN_A2P);
}

#ifndef FZ_RX_ENTRY
#define FZ_RX_ENTRY LLVMFuzzerTestOneInput
#endif

int FZ_RX_ENTRY(const uint8_t *data, size_t size);

int FZ_RX_ENTRY(const uint8_t *data, size_t size)
{
	struct h *h = &H;
	struct scmia_agent_cfg ac;
	uint8_t cfg, sizes, completion;
	int ret;

	if (no_early_forge < 0)
		no_early_forge = fz_env_flag("SCMIA_FUZZ_NO_EARLY_FORGE");
	memset(h, 0, sizeof(*h));
	fz_budget_reset();
	fz_streak_reset();
	fz_ledger_init(&LED);
	LED.arrivals = 1; /* inject() reports every message */
	fz_in_init(&h->in, data, size);
	cfg = fz_cmd_u8(&h->in);
	sizes = fz_cmd_u8(&h->in);
	fz_os_init(&h->os, RELAX_US);
	h->os.tick = tick;
	h->os.tick_ctx = h;
	h->claim = (cfg & 1u) == 0 && !FZ_RX_MSG; /* area mode by default */
	h->os_nolock = (cfg & 128u) != 0;

	/* Reduced builds (FZ_* in fz_drv.h): what is compiled out is not chosen. */
	h->on_return = FZ_ON_RETURN && (cfg & 0x30u) == 0x30u;
	completion = h->on_return ? SCMIA_COMPLETION_AUTO
		     : (FZ_POLL && (cfg & 0x10u)) ? SCMIA_COMPLETION_POLL : SCMIA_COMPLETION_AUTO;

	fz_drv_init(&h->drv, &h->in, &h->os, &LED, h->on_return ? &ft_ret : &ft_irq, h, &PIF, h);
	memset(&ac, 0, sizeof(ac));
	ac.os = (cfg & 128u) ? &fz_os_ops_nolock : &fz_os_ops;
	ac.os_ctx = &h->os;
	ac.transport = fz_drv_transport(&h->drv);
	ac.transport_ctx = &h->drv;
	ac.flags = (cfg & 64u) ? SCMIA_AGENT_F_NOTIFY_IMMEDIATE : 0u;
	ac.notify_quota = (cfg >> 2) & 1u;
	ret = scmia_agent_init(&h->agent, &ac);
	FZ_CHECK(ret == SCMIA_OK, "harness", "agent init: %d", ret);
	h->drv.agent = &h->agent;
	h->drv.msg_size = MSG_SIZE;
	h->drv.reply_tmo = REPLY_TMO;
	h->drv.dresp_tmo = DRESP_TMO;

	open_chan(h, 0, SCMIA_CHAN_A2P, 0, 1u + sizes % MAX_A2P, completion);
	if (FZ_P2A && !(cfg & 2u))
		open_chan(h, 1, SCMIA_CHAN_P2A, 0, 1u + (sizes >> 4) % MAX_P2A, 0);
	if (FZ_DEDICATED && (cfg & 8u)) {
		open_chan(h, 2, SCMIA_CHAN_A2P, 0x14, 1u + (sizes >> 2) % MAX_A2P, completion);
		if (FZ_P2A && !(cfg & 2u))
			open_chan(h, 3, SCMIA_CHAN_P2A, 0x14, 1u + (sizes >> 6) % MAX_P2A, 0);
	}
	h->drv.can_async = 1; /* delayed responses also come on a2p channels */

	fz_drv_run(&h->drv);

	ret = scmia_agent_deinit(&h->agent);
	FZ_CHECK(ret == SCMIA_OK, "api", "agent deinit: %d", ret);
	for (unsigned i = 0; i < POOL; i++)
		FZ_CHECK(h->pool[i].state == MS_FREE, "leak", "message %u still kept after deinit",
			 i);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Harness "smt": the SMT transport (transports/smt) under the core, with a
 * platform that acts before every shared-memory access.
 *
 * Channels: a default a2p area (optionally with a separate response area),
 * an optional default p2a area, an optional dedicated pair for protocol
 * 0x14. Every access goes through a custom struct scmia_smt_access whose
 * read32/write32/copy hooks first let the input-driven platform act:
 * answer, corrupt, flip FREE/ERROR, rewrite a word (time-of-check /
 * time-of-use), post on p2a, or raise an interrupt (scmia_smt_irq,
 * re-entrantly, nested at most twice). The doorbell, the p2a completion
 * doorbell and every polling back-off (relax) are platform points too.
 *
 * The platform sees a command when the agent clears the area's status
 * (that is when it becomes visible); it answers by echoing the header and
 * the command's checksum word, and follows a successful response to an
 * asynchronous command with a delayed response on the p2a area. Forged
 * messages (any token, including that of a transfer whose send still
 * waits for the area) carry FZ_CK_FORGED instead of a checksum.
 */
#include <string.h>

#include "fz_drv.h"
#include "scmia_smt.h"

#define AREA_SIZE 128u
#define AREA_WORDS (AREA_SIZE / 4u)
#define MSG_SIZE 100u /* SMT max payload of a 128-byte area */
#define MAX_A2P 6u
#define MAX_P2A 4u
#define REPLY_TMO 2000u
#define DRESP_TMO 8000u
#define FREE_TMO 6000u
#define RELAX_US 100u
#define DQ_MAX 8u

enum { K_CMD = 0, K_RX, K_P2A };
enum hook { HK_READ, HK_WRITE, HK_RING, HK_ACK, HK_TICK };

struct area {
	uint32_t w[AREA_WORDS];
	uint8_t used;
	uint8_t kind; /* K_* */
	uint8_t lc;   /* logical channel pair 0 (default) or 1 (dedicated) */
};

struct lchan {
	uint8_t has;        /* the a2p channel exists */
	uint8_t has_rx;     /* separate response area */
	uint8_t has_p2a;
	uint8_t pending;    /* a command was handed over and not answered: the
			     * platform owns the a2p area */
	uint8_t p2a_held;   /* the agent holds a posted p2a message (until it
			     * writes FREE): the platform does not own the p2a area */
	uint8_t flood;      /* p2a: post again as soon as the agent frees the area */
	uint8_t rung;       /* its doorbell rang */
	struct fz_req *vis_req; /* the request whose message is in the area */
	uint32_t vis_hdr;
	uint32_t last_hdr;  /* last answer, for duplicates */
	uint32_t last_ck;
	uint8_t has_last;
	struct { uint32_t hdr, ck; } dq[DQ_MAX]; /* delayed responses owed */
	unsigned dn;
};

static struct h {
	struct fz_in in;
	struct fz_os os;
	struct fz_drv drv;
	struct scmia_agent agent;
	struct scmia_chan a2p[2], p2a[2];
	struct scmia_smt_chan sa[2], sp[2];
	struct scmia_smt_access acc;
	struct area ar[2][3]; /* [lc][K_*] */
	struct lchan lc[2];
	unsigned depth;
	unsigned irq_pending;  /* interrupts raised while masked: bit 2*lc (+1 p2a) */
	uint8_t copy_ops;
	SCMIA_CHAN_MEM_DEFINE(mem_a0, MAX_A2P, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_a1, MAX_A2P, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p0, MAX_P2A, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p1, MAX_P2A, MSG_SIZE);
} H;

static struct fz_ledger LED;
/* SCMIA_FUZZ_NO_EARLY_FORGE=1: the platform never forges a message for a
 * transfer it has not seen (to look past defect 1 in a campaign). */
static int no_early_forge = -1;

static void act(struct h *h, enum hook k, struct area *a);

/* ------------------------------------------------------------------ */
/* Area memory, platform side (direct access, no hooks)                */
/* ------------------------------------------------------------------ */

static uint32_t pr(const struct area *a, uint32_t off)
{
	return a->w[off / 4u];
}

static void pw(struct area *a, uint32_t off, uint32_t v)
{
	a->w[off / 4u] = v;
}

static struct area *area_at(struct h *h, const volatile void *addr, size_t len)
{
	uintptr_t p = (uintptr_t)addr;

	for (unsigned l = 0; l < 2u; l++) {
		for (unsigned k = 0; k < 3u; k++) {
			struct area *a = &h->ar[l][k];
			uintptr_t b = (uintptr_t)a->w;

			if (!a->used || p < b || p >= b + AREA_SIZE)
				continue;
			if (len > AREA_SIZE || p - b > AREA_SIZE - len)
				fz_fail("oob", "shared-memory access of %zu bytes at offset %u runs "
					       "past the %u-byte area",
					len, (unsigned)(p - b), AREA_SIZE);
			return a;
		}
	}
	fz_fail("oob", "shared-memory access outside every area");
}

/* ------------------------------------------------------------------ */
/* The accessor: the platform acts before every read                   */
/* ------------------------------------------------------------------ */

static uint32_t acc_read32(void *ctx, const volatile void *addr)
{
	struct h *h = ctx;
	struct area *a = area_at(h, addr, 4);

	uint32_t v;

	if ((uintptr_t)addr & 3u)
		fz_fail("oob", "misaligned 32-bit read");
	act(h, HK_READ, a);
	v = *(const volatile uint32_t *)addr;
	/* SCMIA_FUZZ_NO_EARLY_FORGE: whatever the area holds, the agent never
	 * reads the token of a transfer still waiting to send. */
	if ((uintptr_t)addr - (uintptr_t)a->w == SCMIA_SMT_OFF_HEADER)
		v = fz_drv_filter_hdr(&h->drv, v);
	return v;
}

static void acc_write32(void *ctx, volatile void *addr, uint32_t val)
{
	struct h *h = ctx;
	struct area *a = area_at(h, addr, 4);
	uint32_t off = (uint32_t)((uintptr_t)addr - (uintptr_t)a->w);

	if ((uintptr_t)addr & 3u)
		fz_fail("oob", "misaligned 32-bit write");
	*(volatile uint32_t *)addr = val;
	if (a->kind == K_P2A && off == SCMIA_SMT_OFF_STATUS && (val & SCMIA_SMT_STATUS_FREE)) {
		struct lchan *l = &h->lc[a->lc];

		l->p2a_held = 0; /* the agent gave the p2a area back */
		if (l->flood && !h->drv.behaving) {
			/* A flooding platform: the next notification at once. */
			pw(a, SCMIA_SMT_OFF_HEADER,
			   scmia_hdr_pack(1, SCMIA_MSG_TYPE_NOTIFICATION, 0x15, 0));
			pw(a, SCMIA_SMT_OFF_LENGTH, 12);
			pw(a, SCMIA_SMT_OFF_FLAGS, SCMIA_SMT_FLAGS_IRQ);
			pw(a, SCMIA_SMT_OFF_STATUS, 0);
			l->p2a_held = 1;
			return;
		}
	}
	if (a->kind == K_CMD && off == SCMIA_SMT_OFF_STATUS && val == 0u) {
		/* The agent hands the command to the platform: it is
		 * visible from now on. */
		struct lchan *l = &h->lc[a->lc];
		struct fz_req *r = h->drv.cur_send;

		l->pending = 1;
		l->rung = 0;
		l->vis_req = NULL;
		if (r && r->chan == (uint8_t)fz_drv_chan_index(&h->drv, &h->a2p[a->lc])) {
			fz_req_visible(r);
			l->vis_req = r;
			/* the request's own header: the area may have been
			 * rewritten while the agent wrote it */
			l->vis_hdr = r->x ? r->x->hdr : r->hdr;
		}
	}
	act(h, HK_WRITE, a);
}

static void acc_copy_from(void *ctx, void *dst, const volatile void *src, size_t len)
{
	struct h *h = ctx;
	struct area *a = area_at(h, src, len);

	act(h, HK_READ, a);
	memcpy(dst, (const void *)src, len);
}

static void acc_copy_to(void *ctx, volatile void *dst, const void *src, size_t len)
{
	struct h *h = ctx;
	struct area *a = area_at(h, dst, len);

	memcpy((void *)dst, src, len);
	act(h, HK_WRITE, a);
}

/* ------------------------------------------------------------------ */
/* Platform actions                                                    */
/* ------------------------------------------------------------------ */

static void irq(struct h *h, int p2a, unsigned lc)
{
	struct scmia_smt_chan *sc = p2a ? &h->sp[lc] : &h->sa[lc];

	if (p2a ? !h->lc[lc].has_p2a : !h->lc[lc].has)
		return;
	if (!fz_os_irq_ok(&h->os)) {
		/* masked (the transport holds the lock): at the unlock */
		h->irq_pending |= 1u << (2u * lc + (p2a ? 1u : 0u));
		return;
	}
	if (h->depth >= 2u)
		return; /* interrupts nest, but not without bound */
	h->depth++;
	FZ_TRACE("irq %s%u", p2a ? "p2a" : "a2p", lc);
	{
		int r = scmia_smt_irq(sc);

		FZ_TRACE("irq %s%u -> %d", p2a ? "p2a" : "a2p", lc, r);
	}
	h->depth--;
}

/* The lock was released: deliver the interrupts raised while it was held. */
static void deferred(void *ctx)
{
	struct h *h = ctx;
	unsigned p = h->irq_pending;

	h->irq_pending = 0;
	for (unsigned b = 0; b < 4u; b++)
		if (p & (1u << b))
			irq(h, (int)(b & 1u), b >> 1);
}

static struct area *resp_area(struct h *h, unsigned lc)
{
	return h->lc[lc].has_rx ? &h->ar[lc][K_RX] : &h->ar[lc][K_CMD];
}

/* Write a reply into lc's response area and mark it done. */
static void put_reply(struct h *h, unsigned lc, uint32_t hdr, int32_t status, uint32_t ck,
		      uint32_t extra, int use_len, uint32_t len, int error_bit)
{
	struct area *ra = resp_area(h, lc);
	uint8_t body[AREA_SIZE];
	uint32_t n;

	/* Only an area the agent handed over (a command pending) is the
	 * platform's to write. Anything else (a reply the agent may be
	 * reading right now, even if the platform flipped the status back)
	 * is rewritten against the protocol: the agent may read half of each
	 * message, so no checksum goes there. */
	if (!h->lc[lc].pending)
		ck = FZ_CK_FORGED;
	/* A separate response area already FREE (or ERROR) holds a reply
	 * the agent may be reading (an earlier one, or one written before
	 * the hand-over): it is the agent's, whatever the command area says. */
	if (ra != &h->ar[lc][K_CMD] &&
	    (pr(ra, SCMIA_SMT_OFF_STATUS) & (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)))
		ck = FZ_CK_FORGED;
	n = fz_reply_body(body, AREA_SIZE - SCMIA_SMT_OFF_PAYLOAD, status, ck, extra);

	hdr = fz_drv_filter_hdr(&h->drv, hdr);
	FZ_TRACE("reply lc %u hdr %08x status %d ck %08x%s", lc, (unsigned)hdr, (int)status,
		 (unsigned)ck, error_bit ? " ERROR" : "");
	pw(ra, SCMIA_SMT_OFF_HEADER, hdr);
	memcpy((uint8_t *)ra->w + SCMIA_SMT_OFF_PAYLOAD, body, n);
	pw(ra, SCMIA_SMT_OFF_LENGTH, use_len ? len : 4u + n);
	pw(ra, SCMIA_SMT_OFF_STATUS, error_bit ? SCMIA_SMT_STATUS_ERROR : SCMIA_SMT_STATUS_FREE);
	if (ra != &h->ar[lc][K_CMD])
		pw(&h->ar[lc][K_CMD], SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
	h->lc[lc].pending = 0; /* FREE: the area is the agent's again */
	if (ck != FZ_CK_FORGED)
		fz_ledger_emit(&LED, ck);
}

static void queue_dresp(struct h *h, unsigned lc, uint32_t hdr, uint32_t ck)
{
	struct lchan *l = &h->lc[lc];

	if (!l->has_p2a || l->dn >= DQ_MAX)
		return;
	l->dq[l->dn].hdr = hdr;
	l->dq[l->dn].ck = ck;
	l->dn++;
}

/* Answer the command in lc's area. mode 0: correct; others corrupt. */
static void answer(struct h *h, unsigned lc, unsigned mode, uint8_t sel, int want_irq)
{
	struct lchan *l = &h->lc[lc];
	struct area *ca = &h->ar[lc][K_CMD];
	uint32_t hdr, ck;
	int32_t status = mode ? fz_status_table[sel & 15u] : 0;

	if (!l->has)
		return;
	if (!l->pending) {
		/* Nothing new: a duplicate of the last answer. */
		if (!l->has_last)
			return;
		put_reply(h, lc, l->last_hdr, 0, l->last_ck, 0, 0, 0, 0);
		if (want_irq)
			irq(h, 0, lc);
		return;
	}
	hdr = pr(ca, SCMIA_SMT_OFF_HEADER);
	ck = pr(ca, SCMIA_SMT_OFF_PAYLOAD);
	/* Echo a checksum only for the very message the agent handed over. */
	if (!l->vis_req || hdr != l->vis_hdr || ck != l->vis_req->ck)
		ck = FZ_CK_FORGED;
	switch (mode) {
	case 0:
	case 1: /* status from the table */
		put_reply(h, lc, hdr, status, ck, sel >> 4, 0, 0, 0);
		break;
	case 2: { /* corrupted header: the checksum no longer names it */
		static const uint32_t flips[8] = { 1u << 18, 3u << 8, 1u << 8, 2u << 8,
						   1u << 28, 0x80000000u, 0xffu, 1u << 10 };

		put_reply(h, lc, hdr ^ flips[sel & 7u], status, FZ_CK_FORGED, 0, 0, 0, 0);
		break;
	}
	case 3: { /* length */
		static const uint32_t lens[16] = { 0, 1, 3, 4, 5, 7, 8, 9, 11, 12, 100, 103,
						   104, 105, 0x7fffffffu, 0xffffffffu };

		put_reply(h, lc, hdr, 0, ck, sel >> 4, 1, lens[sel & 15u], 0);
		break;
	}
	default: /* ERROR bit */
		put_reply(h, lc, hdr, 0, ck, 0, 0, 0, 1);
		break;
	}
	l->pending = 0;
	l->last_hdr = hdr;
	l->last_ck = ck;
	l->has_last = 1;
	if (l->vis_req && (l->vis_req->flags & SCMIA_XFER_F_ASYNC) && mode <= 1 && status == 0)
		queue_dresp(h, lc, (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8), ck);
	if (want_irq)
		irq(h, 0, lc);
}

/* Post a message on lc's p2a area. */
static void post(struct h *h, unsigned lc, uint32_t hdr, int32_t status, uint32_t ck,
		 uint32_t extra, int raw_payload, int ack, int force, int do_irq)
{
	struct area *pa = &h->ar[lc][K_P2A];
	uint8_t body[AREA_SIZE];
	uint32_t n;

	if (!h->lc[lc].has_p2a)
		return;
	if (!(pr(pa, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE) && !force)
		return; /* the agent still owns it */
	if (h->lc[lc].p2a_held)
		ck = FZ_CK_FORGED; /* rewritten under the agent: see put_reply() */
	if (raw_payload) {
		n = extra > AREA_SIZE - SCMIA_SMT_OFF_PAYLOAD ? AREA_SIZE - SCMIA_SMT_OFF_PAYLOAD
							     : extra;
		for (uint32_t i = 0; i < n; i++)
			body[i] = fz_plat_u8(&h->in, (uint8_t)i);
		if (n >= 8u)
			scmia_put_le32(body + 4, FZ_CK_FORGED);
	} else {
		n = fz_reply_body(body, AREA_SIZE - SCMIA_SMT_OFF_PAYLOAD, status, ck, extra);
	}
	hdr = fz_drv_filter_hdr(&h->drv, hdr);
	FZ_TRACE("post lc %u hdr %08x ck %08x%s", lc, (unsigned)hdr, (unsigned)ck,
		 force ? " (forced)" : "");
	pw(pa, SCMIA_SMT_OFF_HEADER, hdr);
	memcpy((uint8_t *)pa->w + SCMIA_SMT_OFF_PAYLOAD, body, n);
	pw(pa, SCMIA_SMT_OFF_LENGTH, 4u + n);
	pw(pa, SCMIA_SMT_OFF_FLAGS, ack ? SCMIA_SMT_FLAGS_IRQ : 0u);
	pw(pa, SCMIA_SMT_OFF_STATUS, 0);
	h->lc[lc].p2a_held = 1;
	if (ck != FZ_CK_FORGED && !raw_payload)
		fz_ledger_emit(&LED, ck);
	if (do_irq)
		irq(h, 1, lc);
}

static void post_dresp_q(struct h *h, unsigned lc, int do_irq)
{
	struct lchan *l = &h->lc[lc];
	struct area *pa = &h->ar[lc][K_P2A];

	if (!l->dn || !l->has_p2a || !(pr(pa, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE))
		return;
	post(h, lc, l->dq[0].hdr, 0, l->dq[0].ck, 2, 0, 1, 0, 0);
	memmove(&l->dq[0], &l->dq[1], sizeof(l->dq[0]) * (l->dn - 1u));
	l->dn--;
	if (do_irq)
		irq(h, 1, lc);
}

static int lc_of_req(struct h *h, const struct fz_req *r)
{
	for (unsigned lc = 0; lc < 2u; lc++)
		if (h->lc[lc].has && r->chan == (uint8_t)fz_drv_chan_index(&h->drv, &h->a2p[lc]))
			return (int)lc;
	return -1;
}

/* A message for request @r (in flight or ended): a reply in its a2p area
 * (whoever owns it) or a delayed response on its p2a area. The checksum
 * is genuine only when the platform did see the request. */
static void forge_for(struct h *h, struct fz_req *r, int dresp, uint8_t sel)
{
	int lc = r ? lc_of_req(h, r) : -1;
	uint32_t hdr, ck;

	if (lc < 0 || (no_early_forge && !r->visible))
		return;
	hdr = r->x ? r->x->hdr : r->hdr;
	ck = r->visible ? r->ck : FZ_CK_FORGED;
	if (dresp) {
		post(h, (unsigned)lc, (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8),
		     fz_status_table[sel & 15u], ck, 0, 0, sel & 16u, (sel & 32u) != 0, 1);
		return;
	}
	put_reply(h, (unsigned)lc, hdr & ~(3u << 8), fz_status_table[sel & 15u], ck, 0, 0, 0,
		  (sel & 0xf0u) == 0xf0u);
	irq(h, 0, (unsigned)lc);
}

static struct area *pick_area(struct h *h, uint8_t sel)
{
	struct area *a = &h->ar[(sel >> 2) & 1u][sel % 3u];

	return a->used ? a : &h->ar[0][K_CMD];
}

/* A word rewritten under the agent's feet. The checksum words never get
 * an input value that could name a request, and a reply whose header or
 * payload is rewritten loses its checksum. */
static void raw_write(struct h *h, uint8_t sel)
{
	struct area *a = pick_area(h, sel);
	uint32_t off = 4u * fz_plat_below(&h->in, AREA_WORDS, 0);
	uint32_t v = fz_plat_u32(&h->in, 0);

	if (off == SCMIA_SMT_OFF_PAYLOAD || off == SCMIA_SMT_OFF_PAYLOAD + 4u)
		v &= 0x7fffffffu;
	if (off == SCMIA_SMT_OFF_HEADER)
		v = fz_drv_filter_hdr(&h->drv, v);
	FZ_TRACE("raw area %u/%u off %02x := %08x", a->lc, a->kind, off, v);
	pw(a, off, v);
	pw(a, SCMIA_SMT_OFF_PAYLOAD + 4u, FZ_CK_FORGED);
	if (a->kind == K_CMD && off == SCMIA_SMT_OFF_HEADER)
		h->lc[a->lc].vis_req = NULL;
}

static void flip(struct h *h, uint8_t sel)
{
	static const uint32_t st[4] = { SCMIA_SMT_STATUS_FREE, 0,
					SCMIA_SMT_STATUS_ERROR,
					SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR };
	struct area *a = pick_area(h, sel);

	pw(a, SCMIA_SMT_OFF_STATUS, st[(sel >> 4) & 3u]);
}

/* What a well-behaved platform does at a back-off tick: answer what was
 * rung, deliver owed delayed responses. */
static void behave_tick(struct h *h)
{
	for (unsigned lc = 0; lc < 2u; lc++) {
		struct lchan *l = &h->lc[lc];

		if (l->has && l->pending && l->rung)
			answer(h, lc, 0, 0,
			       (pr(&h->ar[lc][K_CMD], SCMIA_SMT_OFF_FLAGS) & SCMIA_SMT_FLAGS_IRQ) != 0);
		post_dresp_q(h, lc, 1);
	}
}

enum {
	A_ANSWER, A_ANSWER_STATUS, A_ANSWER_HDR, A_ANSWER_LEN, A_ANSWER_ERR,
	A_FORGE_CUR, A_DRESP_CUR, A_FORGE_PICK, A_DRESP_PICK, A_LATE, A_LATE_DRESP,
	A_NOTIF, A_POST_RAW, A_DRESP_Q, A_FLIP, A_RAW, A_IRQ_A2P, A_IRQ_P2A, A_POLL_P2A,
	A_FLOOD, A_NOTHING, A__COUNT
};

static void do_action(struct h *h, unsigned a, uint8_t sel)
{
	unsigned lc = h->lc[1].has ? (sel >> 7) & 1u : 0u;

	FZ_TRACE("action %u sel %02x", a % A__COUNT, sel);
	switch (a % A__COUNT) {
	case A_ANSWER:
		answer(h, lc, 0, sel, (sel & 1u) || (pr(&h->ar[lc][K_CMD], SCMIA_SMT_OFF_FLAGS) & 1u));
		break;
	case A_ANSWER_STATUS:
		answer(h, lc, 1, sel, 1);
		break;
	case A_ANSWER_HDR:
		answer(h, lc, 2, sel, 1);
		break;
	case A_ANSWER_LEN:
		answer(h, lc, 3, sel, 1);
		break;
	case A_ANSWER_ERR:
		answer(h, lc, 4, sel, 1);
		break;
	case A_FORGE_CUR:
		forge_for(h, h->drv.cur_send, 0, sel);
		break;
	case A_DRESP_CUR:
		forge_for(h, h->drv.cur_send, 1, sel);
		break;
	case A_FORGE_PICK:
		forge_for(h, fz_drv_pick_inflight(&h->drv, sel), 0, sel);
		break;
	case A_DRESP_PICK:
		forge_for(h, fz_drv_pick_inflight(&h->drv, sel), 1, sel);
		break;
	case A_LATE:
		forge_for(h, fz_drv_pick_ended(&h->drv, fz_plat_u8(&h->in, 0)), 0, sel & 0x0fu);
		break;
	case A_LATE_DRESP:
		forge_for(h, fz_drv_pick_ended(&h->drv, fz_plat_u8(&h->in, 0)), 1, sel & 0x3fu);
		break;
	case A_NOTIF: {
		uint8_t proto = (sel & 2u) ? 0x14 : (uint8_t)(0x10u + (sel & 0x0fu));
		uint8_t evt = fz_plat_u8(&h->in, 0) & 7u;
		uint8_t tok = fz_plat_u8(&h->in, 0);
		uint32_t hdr = scmia_hdr_pack(evt, SCMIA_MSG_TYPE_NOTIFICATION, proto, tok);

		post(h, lc, hdr, 0, FZ_CK_FORGED, fz_plat_below(&h->in, 100, 8), 1, sel & 4u,
		     (sel & 0x60u) == 0x60u, (sel & 8u) != 0);
		break;
	}
	case A_POST_RAW: {
		uint32_t hdr = fz_plat_u32(&h->in, 0);
		uint32_t n = fz_plat_below(&h->in, 100, 8);

		post(h, lc, hdr, 0, FZ_CK_FORGED, n, 1, sel & 4u, (sel & 0x60u) == 0x60u,
		     (sel & 8u) != 0);
		break;
	}
	case A_DRESP_Q:
		post_dresp_q(h, lc, (sel & 1u) != 0);
		break;
	case A_FLIP:
		flip(h, sel);
		break;
	case A_RAW:
		raw_write(h, sel);
		break;
	case A_IRQ_A2P:
		irq(h, 0, lc);
		break;
	case A_IRQ_P2A:
		irq(h, 1, lc);
		break;
	case A_FLOOD:
		h->lc[lc].flood = (uint8_t)(sel & 1u);
		break;
	case A_POLL_P2A:
		if (h->lc[lc].has_p2a && h->depth < 2u && fz_os_irq_ok(&h->os)) {
			h->depth++;
			(void)scmia_smt_poll(&h->sp[lc]);
			h->depth--;
		}
		break;
	default:
		break;
	}
}

/* The platform's turn at hook @k. */
static void act(struct h *h, enum hook k, struct area *a)
{
	uint8_t b;

	fz_step("platform");
	if (h->drv.behaving || !fz_plat_more(&h->in)) {
		if (k == HK_RING && a)
			answer(h, a->lc, 0, 0,
			       (pr(&h->ar[a->lc][K_CMD], SCMIA_SMT_OFF_FLAGS) & SCMIA_SMT_FLAGS_IRQ) != 0);
		else if (k == HK_TICK)
			behave_tick(h);
		return;
	}
	b = fz_plat_u8(&h->in, 0);
	switch (k) {
	case HK_READ:
	case HK_WRITE:
		if (b < 200u)
			return; /* most accesses: nothing happens */
		break;
	case HK_RING:
		if (b < 128u) { /* answer at once, as a fast platform */
			answer(h, a->lc, 0, 0,
			       (pr(&h->ar[a->lc][K_CMD], SCMIA_SMT_OFF_FLAGS) & SCMIA_SMT_FLAGS_IRQ) != 0);
			return;
		}
		if (b < 176u)
			return; /* answer later */
		break;
	case HK_ACK:
		if (b < 160u)
			return;
		break;
	case HK_TICK:
		if (b < 96u) {
			behave_tick(h);
			return;
		}
		if (b < 128u)
			return;
		break;
	}
	{
		uint8_t what = fz_plat_u8(&h->in, A_NOTHING);

		do_action(h, what, fz_plat_u8(&h->in, 0));
	}
}

static int ring(void *ctx)
{
	struct lchan *l = ctx;
	struct h *h = &H;
	unsigned lc = (unsigned)(l - h->lc);

	fz_os_assert_unlocked(&h->os, "SMT doorbell");
	l->rung = 1;
	act(h, HK_RING, &h->ar[lc][K_CMD]);
	if (!h->drv.behaving && fz_plat_more(&h->in) && fz_plat_u8(&h->in, 0) == 0xffu)
		return SCMIA_EIO; /* the mailbox refused: the platform was not told */
	return 0;
}

static int ack(void *ctx)
{
	struct lchan *l = ctx;
	struct h *h = &H;

	fz_os_assert_unlocked(&h->os, "SMT completion doorbell");
	act(h, HK_ACK, &h->ar[l - h->lc][K_P2A]);
	return 0;
}

static void tick(void *ctx)
{
	act((struct h *)ctx, HK_TICK, NULL);
}

/* ------------------------------------------------------------------ */
/* Driver interface                                                    */
/* ------------------------------------------------------------------ */

static void p_tick(void *ctx)
{
	struct h *h = ctx;

	act(h, HK_TICK, NULL);
}

static void p_settle(void *ctx)
{
	struct h *h = ctx;

	for (unsigned round = 0; round < 8u; round++) {
		for (unsigned lc = 0; lc < 2u; lc++) {
			struct lchan *l = &h->lc[lc];
			struct area *ca = &h->ar[lc][K_CMD];

			if (!l->has)
				continue;
			if (l->pending)
				answer(h, lc, 0, 0, 1);
			else if (!(pr(ca, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE))
				/* whatever is there, the platform is done with it */
				pw(ca, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
			if (!l->has_p2a)
				continue;
			if (!(pr(&h->ar[lc][K_P2A], SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE))
				irq(h, 1, lc);
			post_dresp_q(h, lc, 1);
		}
	}
}

static void p_final(void *ctx)
{
	struct h *h = ctx;

	for (unsigned lc = 0; lc < 2u; lc++) {
		if (!h->lc[lc].has)
			continue;
		FZ_CHECK(pr(&h->ar[lc][K_CMD], SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE,
			 "liveness", "a2p area %u not FREE after the final command", lc);
	}
}

static const struct fz_plat_if PIF = {
	.tick = p_tick,
	.settle = p_settle,
	.final_check = p_final,
	.send_bound_us = FREE_TMO + 2u * RELAX_US,
};

/* ------------------------------------------------------------------ */
/* Setup                                                               */
/* ------------------------------------------------------------------ */

static void area_init(struct h *h, unsigned lc, unsigned kind)
{
	struct area *a = &h->ar[lc][kind];

	a->used = 1;
	a->kind = (uint8_t)kind;
	a->lc = (uint8_t)lc;
	/* The platform starts with every area FREE. */
	pw(a, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

static void open_pair(struct h *h, unsigned lc, uint8_t cfg, unsigned max_a, unsigned max_p)
{
	struct scmia_smt_cfg sc;
	struct scmia_chan_cfg cc;
	struct lchan *l = &h->lc[lc];
	uint64_t *mem_a = lc ? h->mem_a1 : h->mem_a0;
	uint64_t *mem_p = lc ? h->mem_p1 : h->mem_p0;
	int ret;

	l->has = 1;
	l->has_rx = lc == 0 && (cfg & 1u);
	l->has_p2a = FZ_P2A && (cfg & 2u) != 0;
	area_init(h, lc, K_CMD);
	if (l->has_rx)
		area_init(h, lc, K_RX);
	if (l->has_p2a)
		area_init(h, lc, K_P2A);

	memset(&sc, 0, sizeof(sc));
	sc.base = h->ar[lc][K_CMD].w;
	sc.size = AREA_SIZE;
	if (l->has_rx) {
		sc.rx_base = h->ar[lc][K_RX].w;
		sc.rx_size = AREA_SIZE;
	}
	sc.acc = &h->acc;
	sc.acc_ctx = h;
	sc.ring = ring;
	sc.ring_ctx = l;
	sc.free_timeout_us = FREE_TMO;
	sc.flags = (FZ_POLL && lc == 0 && (cfg & 8u)) ? SCMIA_SMT_F_NO_IRQ : 0u;
	FZ_CHECK(scmia_smt_chan_init(&h->sa[lc], &sc) == SCMIA_OK, "harness", "smt a2p init");

	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_A2P;
	cc.proto_id = lc ? 0x14 : 0;
	/* A channel without a completion interrupt must poll (SMT_F_NO_IRQ
	 * with interrupt completion would be a host misconfiguration). */
	cc.completion = (FZ_POLL && lc == 0 && (cfg & 24u)) ? SCMIA_COMPLETION_POLL
							    : SCMIA_COMPLETION_AUTO;
	cc.max_msg = (uint16_t)max_a;
	cc.msg_size = MSG_SIZE;
	cc.chan_ctx = &h->sa[lc];
	cc.mem = mem_a;
	cc.mem_size = sizeof(h->mem_a0);
	cc.reply_timeout_us = REPLY_TMO;
	cc.dresp_timeout_us = DRESP_TMO;
	ret = scmia_chan_open(&h->agent, &h->a2p[lc], &cc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "a2p open: %d", ret);
	fz_drv_add_chan(&h->drv, &h->a2p[lc], lc ? 0x14 : 0x10, 1);

	if (!l->has_p2a)
		return;
	memset(&sc, 0, sizeof(sc));
	sc.base = h->ar[lc][K_P2A].w;
	sc.size = AREA_SIZE;
	sc.acc = &h->acc;
	sc.acc_ctx = h;
	sc.ack = ack;
	sc.ack_ctx = l;
	FZ_CHECK(scmia_smt_chan_init(&h->sp[lc], &sc) == SCMIA_OK, "harness", "smt p2a init");
	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_P2A;
	cc.proto_id = lc ? 0x14 : 0;
	cc.max_msg = (uint16_t)max_p;
	cc.msg_size = MSG_SIZE;
	cc.chan_ctx = &h->sp[lc];
	cc.mem = mem_p;
	cc.mem_size = sizeof(h->mem_p0);
	ret = scmia_chan_open(&h->agent, &h->p2a[lc], &cc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "p2a open: %d", ret);
	fz_drv_add_chan(&h->drv, &h->p2a[lc], lc ? 0x14 : 0x10, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct h *h = &H;
	struct scmia_agent_cfg ac;
	uint8_t cfg, sizes;
	int ret;

	if (no_early_forge < 0)
		no_early_forge = fz_env_flag("SCMIA_FUZZ_NO_EARLY_FORGE");
	memset(h, 0, sizeof(*h));
	fz_budget_reset();
	fz_streak_reset();
	fz_ledger_init(&LED);
	fz_in_init(&h->in, data, size);
	cfg = fz_cmd_u8(&h->in);
	sizes = fz_cmd_u8(&h->in);
	fz_os_init(&h->os, RELAX_US);
	h->os.tick = tick;
	h->os.tick_ctx = h;
	h->os.deferred = deferred;
	h->os.deferred_ctx = h;
	h->copy_ops = (cfg & 32u) != 0;
	h->acc.read32 = acc_read32;
	h->acc.write32 = acc_write32;
	if (h->copy_ops) {
		h->acc.copy_from = acc_copy_from;
		h->acc.copy_to = acc_copy_to;
	}

	fz_drv_init(&h->drv, &h->in, &h->os, &LED, &scmia_smt_transport, NULL, &PIF, h);
	memset(&ac, 0, sizeof(ac));
	ac.os = (cfg & 128u) ? &fz_os_ops_nolock : &fz_os_ops;
	ac.os_ctx = &h->os;
	ac.transport = fz_drv_transport(&h->drv);
	ac.transport_ctx = &h->drv;
	ac.flags = (cfg & 64u) ? SCMIA_AGENT_F_NOTIFY_IMMEDIATE : 0u;
	ret = scmia_agent_init(&h->agent, &ac);
	FZ_CHECK(ret == SCMIA_OK, "harness", "agent init: %d", ret);
	h->drv.agent = &h->agent;
	h->drv.msg_size = MSG_SIZE;
	h->drv.reply_tmo = REPLY_TMO;
	h->drv.dresp_tmo = DRESP_TMO;

	open_pair(h, 0, cfg, 1u + sizes % MAX_A2P, 1u + (sizes >> 4) % MAX_P2A);
	if (FZ_DEDICATED && (cfg & 4u))
		open_pair(h, 1, (uint8_t)(cfg & 2u), 1u + (sizes >> 2) % MAX_A2P,
			  1u + (sizes >> 6) % MAX_P2A);
	h->drv.can_async = h->lc[0].has_p2a;

	fz_drv_run(&h->drv);

	ret = scmia_agent_deinit(&h->agent);
	FZ_CHECK(ret == SCMIA_OK, "api", "agent deinit: %d", ret);
	return 0;
}

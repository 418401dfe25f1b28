/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Harness "smc": the SMC/HVC transport (transports/smc) with the firmware
 * wait-queue (scmia_fwcall), under the core.
 *
 * The host's SMCCC call hook is the firmware, answering from the input:
 * done (the reply is in the area), done later with a completion interrupt
 * (scmia_smc_irq_transport), WAITQ_SLEEP on a context (valid or not),
 * busy, INTERRUPTED, NOT_SUPPORTED or another error; RESUME is answered
 * the same way; GET_WQ_CTX reports queued wake events (wake one / all /
 * bad flags / unknown context, "more pending"). Wake interrupts
 * (scmia_fwcall_wake_irq) come from the hook itself (a wake before the
 * sleep) or from any back-off tick; the a2p and p2a areas are accessed
 * through an accessor that lets the firmware act first, as in the smt
 * harness. Descriptor (completion on return atomic / may sleep, or
 * interrupt), wait-queue on or off, and a p2a channel are chosen by the
 * input.
 *
 * Oracle of its own: a wake for the context a call sleeps on, reported
 * after the firmware answered WAITQ_SLEEP, must end that sleep: a sleep
 * that times out although it was woken is a lost wake ("lost-wake").
 */
#include <string.h>

#include "fz_drv.h"
#include "scmia_smc.h"

#define AREA_SIZE 128u
#define AREA_WORDS (AREA_SIZE / 4u)
#define MSG_SIZE 100u
#define MAX_A2P 6u
#define MAX_P2A 4u
#define REPLY_TMO 2000u
#define DRESP_TMO 8000u
#define BUSY_TMO 6000u
#define SLEEP_TMO 3000u
#define MAX_SLEEPS 4u
#define BUSY_RETRIES 3u
#define BUSY_DELAY 200u
#define RELAX_US 100u
#define N_CTX 2u
#define WQ_MAX 8u

enum hook { HK_READ, HK_WRITE, HK_CALL, HK_TICK };

static struct h {
	struct fz_in in;
	struct fz_os os;
	struct fz_drv drv;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_smc_chan sa, sp;
	struct scmia_fwcall fw;
	struct scmia_fwcall_wq wq[N_CTX];
	struct scmia_smt_access acc;
	uint32_t area[AREA_WORDS];
	uint32_t parea[AREA_WORDS];
	const struct scmia_transport *desc;
	uint8_t irq_mode;    /* scmia_smc_irq_transport */
	uint8_t waitq;       /* wake interrupt configured */
	uint8_t has_p2a;
	/* firmware state */
	uint8_t pending;     /* a command was handed over (status cleared) */
	uint8_t later;       /* irq mode: accepted, reply comes with an interrupt */
	uint8_t p2a_held;    /* the agent holds a posted p2a message (until FREE) */
	uint8_t flood;       /* p2a: post again as soon as the agent frees the area */
	struct fz_req *vis;
	uint32_t vis_hdr;
	struct { uint32_t hdr, ck; } dq[8];
	unsigned dn;
	struct { uint64_t ctx, flags; } wev[WQ_MAX]; /* wake events for GET_WQ_CTX */
	unsigned wn;
	struct {
		uint8_t valid;
		uint8_t woken;
		uint32_t ctx;
		uint32_t base; /* SLEEP_TIMEOUTS when it began */
	} sleep;
	unsigned depth;
	unsigned irq_pending;  /* raised while masked: 1 a2p, 2 p2a, 4 wake */
	uint32_t fid_scmi, fid_ack, fid_resume, fid_getwq;
	SCMIA_CHAN_MEM_DEFINE(mem_a, MAX_A2P, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p, MAX_P2A, MSG_SIZE);
} H;

static struct fz_ledger LED;

static void act(struct h *h, enum hook k);

/* ------------------------------------------------------------------ */
/* Lost-wake oracle                                                    */
/* ------------------------------------------------------------------ */

static void sleep_check(struct h *h)
{
	uint32_t to;

	if (!h->sleep.valid)
		return;
	to = scmia_fwcall_counter(&h->fw, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS);
	if (to == h->sleep.base)
		return;
	if (h->sleep.woken)
		fz_fail("lost-wake",
			"a call slept on wait-queue context %u, a wake for that context was "
			"reported after its WAITQ_SLEEP answer, and the sleep still timed out "
			"(wake_one %u, wake_all %u, wake_nobody %u, sleeps %u, timeouts %u)",
			(unsigned)h->sleep.ctx,
			scmia_fwcall_counter(&h->fw, SCMIA_FWCALL_CNT_WAKE_ONE),
			scmia_fwcall_counter(&h->fw, SCMIA_FWCALL_CNT_WAKE_ALL),
			scmia_fwcall_counter(&h->fw, SCMIA_FWCALL_CNT_WAKE_NOBODY),
			scmia_fwcall_counter(&h->fw, SCMIA_FWCALL_CNT_SLEEPS), to);
	h->sleep.valid = 0;
}

/* The sleep ended without a timeout (a new trap is being made). */
static void sleep_over(struct h *h)
{
	sleep_check(h);
	h->sleep.valid = 0;
}

/* ------------------------------------------------------------------ */
/* Accessor                                                            */
/* ------------------------------------------------------------------ */

static uint32_t *area_of(struct h *h, const volatile void *addr, size_t len)
{
	uintptr_t p = (uintptr_t)addr;
	uint32_t *areas[2] = { h->area, h->parea };

	for (unsigned i = 0; i < 2u; i++) {
		uintptr_t b = (uintptr_t)areas[i];

		if (p < b || p >= b + AREA_SIZE)
			continue;
		if (len > AREA_SIZE || p - b > AREA_SIZE - len)
			fz_fail("oob", "shared-memory access of %zu bytes past the area", len);
		return areas[i];
	}
	fz_fail("oob", "shared-memory access outside the areas");
}

static uint32_t acc_read32(void *ctx, const volatile void *addr)
{
	struct h *h = ctx;

	uint32_t *a = area_of(h, addr, 4);
	uint32_t v;

	act(h, HK_READ);
	v = *(const volatile uint32_t *)addr;
	/* SCMIA_FUZZ_NO_EARLY_FORGE: whatever the area holds, the agent never
	 * reads the token of a transfer still waiting to send. */
	if ((uintptr_t)addr - (uintptr_t)a == SCMIA_SMT_OFF_HEADER)
		v = fz_drv_filter_hdr(&h->drv, v);
	return v;
}

static void acc_write32(void *ctx, volatile void *addr, uint32_t val)
{
	struct h *h = ctx;
	uint32_t *a = area_of(h, addr, 4);

	*(volatile uint32_t *)addr = val;
	if (a == h->parea && (uintptr_t)addr - (uintptr_t)a == SCMIA_SMT_OFF_STATUS &&
	    (val & SCMIA_SMT_STATUS_FREE)) {
		h->p2a_held = 0;
		if (h->flood && !h->drv.behaving) {
			/* A flooding platform: the next notification at once. */
			a[SCMIA_SMT_OFF_HEADER / 4u] =
				scmia_hdr_pack(1, SCMIA_MSG_TYPE_NOTIFICATION, 0x15, 0);
			a[SCMIA_SMT_OFF_LENGTH / 4u] = 12;
			a[SCMIA_SMT_OFF_FLAGS / 4u] = SCMIA_SMT_FLAGS_IRQ;
			a[SCMIA_SMT_OFF_STATUS / 4u] = 0;
			h->p2a_held = 1;
			return;
		}
	}
	if (a == h->area && (uintptr_t)addr - (uintptr_t)a == SCMIA_SMT_OFF_STATUS && val == 0u) {
		struct fz_req *r = h->drv.cur_send;

		h->pending = 1;
		h->later = 0;
		h->vis = r;
		/* the request's own header: the area may have been rewritten
		 * while the agent wrote it */
		h->vis_hdr = r ? (r->x ? r->x->hdr : r->hdr) : 0u;
		fz_req_visible(r);
	}
	act(h, HK_WRITE);
}

/* ------------------------------------------------------------------ */
/* Firmware                                                            */
/* ------------------------------------------------------------------ */

static void a2p_irq(struct h *h)
{
	if (!fz_os_irq_ok(&h->os)) {
		h->irq_pending |= 1u; /* masked: at the unlock */
		return;
	}
	if (h->depth >= 2u)
		return;
	h->depth++;
	FZ_TRACE("smc irq a2p");
	(void)scmia_smc_irq(&h->sa);
	h->depth--;
}

static void p2a_irq(struct h *h)
{
	if (!h->has_p2a)
		return;
	if (!fz_os_irq_ok(&h->os)) {
		h->irq_pending |= 2u;
		return;
	}
	if (h->depth >= 2u)
		return;
	h->depth++;
	FZ_TRACE("smc irq p2a");
	(void)scmia_smc_irq(&h->sp);
	h->depth--;
}

static void wake_irq(struct h *h)
{
	if (!h->waitq)
		return;
	if (!fz_os_irq_ok(&h->os)) {
		h->irq_pending |= 4u;
		return;
	}
	if (h->depth >= 2u)
		return;
	h->depth++;
	FZ_TRACE("wake irq (%u events queued)", h->wn);
	(void)scmia_fwcall_wake_irq(&h->fw);
	h->depth--;
}

/* The lock was released: deliver the interrupts raised while it was held. */
static void deferred(void *ctx)
{
	struct h *h = ctx;
	unsigned p = h->irq_pending;

	h->irq_pending = 0;
	if (p & 1u)
		a2p_irq(h);
	if (p & 2u)
		p2a_irq(h);
	if (p & 4u)
		wake_irq(h);
}

static void queue_wake(struct h *h, uint64_t ctx, uint64_t flags)
{
	if (h->wn >= WQ_MAX)
		return;
	h->wev[h->wn].ctx = ctx;
	h->wev[h->wn].flags = flags;
	h->wn++;
}

/* Write the reply to the command in the area; FREE (or ERROR). */
static void process(struct h *h, int32_t status, int corrupt, int error_bit)
{
	uint32_t hdr = h->area[SCMIA_SMT_OFF_HEADER / 4u];
	uint32_t ck = h->area[SCMIA_SMT_OFF_PAYLOAD / 4u];
	uint8_t body[AREA_SIZE];
	uint32_t n;

	if (!h->pending)
		return;
	if (!h->vis || hdr != h->vis_hdr || ck != h->vis->ck || corrupt)
		ck = FZ_CK_FORGED;
	if (corrupt)
		hdr ^= 1u << 18;
	hdr = fz_drv_filter_hdr(&h->drv, hdr);
	n = fz_reply_body(body, AREA_SIZE - SCMIA_SMT_OFF_PAYLOAD, status, ck, 0);
	FZ_TRACE("firmware replies hdr %08x status %d ck %08x", (unsigned)hdr, (int)status,
		 (unsigned)ck);
	h->area[SCMIA_SMT_OFF_HEADER / 4u] = hdr;
	memcpy((uint8_t *)h->area + SCMIA_SMT_OFF_PAYLOAD, body, n);
	h->area[SCMIA_SMT_OFF_LENGTH / 4u] = 4u + n;
	h->area[SCMIA_SMT_OFF_STATUS / 4u] = error_bit ? SCMIA_SMT_STATUS_ERROR
						       : SCMIA_SMT_STATUS_FREE;
	if (ck != FZ_CK_FORGED)
		fz_ledger_emit(&LED, ck);
	if (h->vis && (h->vis->flags & SCMIA_XFER_F_ASYNC) && status == 0 && !corrupt &&
	    h->dn < 8u && h->has_p2a) {
		h->dq[h->dn].hdr = (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
		h->dq[h->dn].ck = ck;
		h->dn++;
	}
	h->pending = 0;
	h->later = 0;
}

static void post(struct h *h, uint32_t hdr, int32_t status, uint32_t ck, int force)
{
	uint8_t body[AREA_SIZE];
	uint32_t n;

	if (!h->has_p2a)
		return;
	if (!(h->parea[SCMIA_SMT_OFF_STATUS / 4u] & SCMIA_SMT_STATUS_FREE) && !force)
		return;
	if (h->p2a_held)
		ck = FZ_CK_FORGED; /* rewritten under the agent */
	hdr = fz_drv_filter_hdr(&h->drv, hdr);
	n = fz_reply_body(body, AREA_SIZE - SCMIA_SMT_OFF_PAYLOAD, status, ck, 1);
	FZ_TRACE("firmware posts hdr %08x ck %08x", (unsigned)hdr, (unsigned)ck);
	h->parea[SCMIA_SMT_OFF_HEADER / 4u] = hdr;
	memcpy((uint8_t *)h->parea + SCMIA_SMT_OFF_PAYLOAD, body, n);
	h->parea[SCMIA_SMT_OFF_LENGTH / 4u] = 4u + n;
	h->parea[SCMIA_SMT_OFF_FLAGS / 4u] = SCMIA_SMT_FLAGS_IRQ;
	h->parea[SCMIA_SMT_OFF_STATUS / 4u] = 0;
	h->p2a_held = 1;
	if (ck != FZ_CK_FORGED)
		fz_ledger_emit(&LED, ck);
}

static void post_dresp(struct h *h)
{
	if (!h->dn || !(h->parea[SCMIA_SMT_OFF_STATUS / 4u] & SCMIA_SMT_STATUS_FREE))
		return;
	post(h, h->dq[0].hdr, 0, h->dq[0].ck, 0);
	memmove(&h->dq[0], &h->dq[1], sizeof(h->dq[0]) * (h->dn - 1u));
	h->dn--;
	p2a_irq(h);
}

/* A message for request @r (any state), or for the one being sent. */
static void forge_for(struct h *h, struct fz_req *r, int dresp, uint8_t sel)
{
	uint32_t hdr, ck;

	if (!r)
		return;
	hdr = (r->x ? r->x->hdr : r->hdr) & ~(3u << 8);
	ck = r->visible ? r->ck : FZ_CK_FORGED;
	if (dresp) {
		post(h, hdr | (SCMIA_MSG_TYPE_DELAYED_RESP << 8), fz_status_table[sel & 15u], ck,
		     (sel & 32u) != 0);
		p2a_irq(h);
		return;
	}
	if (!h->pending)
		ck = FZ_CK_FORGED; /* not handed over: the agent may be reading it */
	hdr = fz_drv_filter_hdr(&h->drv, hdr);
	FZ_TRACE("firmware forges hdr %08x ck %08x", (unsigned)hdr, (unsigned)ck);
	h->area[SCMIA_SMT_OFF_HEADER / 4u] = hdr;
	h->area[SCMIA_SMT_OFF_PAYLOAD / 4u] = (uint32_t)fz_status_table[sel & 15u];
	h->area[SCMIA_SMT_OFF_PAYLOAD / 4u + 1u] = ck;
	h->area[SCMIA_SMT_OFF_LENGTH / 4u] = 12u;
	h->area[SCMIA_SMT_OFF_STATUS / 4u] = SCMIA_SMT_STATUS_FREE;
	h->pending = 0;
	h->later = 0;
	if (ck != FZ_CK_FORGED)
		fz_ledger_emit(&LED, ck);
	a2p_irq(h);
}

static void behave(struct h *h)
{
	if (h->pending && h->later) {
		process(h, 0, 0, 0);
		a2p_irq(h);
	}
	if (h->sleep.valid && !h->sleep.woken) {
		queue_wake(h, h->sleep.ctx, SCMIA_FWCALL_WAKE_ALL);
		wake_irq(h);
	}
	post_dresp(h);
}

enum {
	A_WAKE_IRQ, A_WAKE_ONE, A_WAKE_ALL, A_WAKE_BAD, A_WAKE_DIRECT, A_PROCESS, A_PROCESS_BAD,
	A_FORGE_CUR, A_DRESP_CUR, A_FORGE_PICK, A_DRESP_PICK, A_LATE, A_NOTIF, A_FLIP,
	A_IRQ_A2P, A_IRQ_P2A, A_DRESP_Q, A_FLOOD, A_NOTHING, A__COUNT
};

static void do_action(struct h *h, unsigned a, uint8_t sel)
{
	FZ_TRACE("firmware action %u sel %02x", a % A__COUNT, sel);
	switch (a % A__COUNT) {
	case A_WAKE_IRQ:
		wake_irq(h);
		break;
	case A_WAKE_ONE:
		queue_wake(h, sel & 1u, SCMIA_FWCALL_WAKE_ONE);
		if (sel & 2u)
			wake_irq(h);
		break;
	case A_WAKE_ALL:
		queue_wake(h, sel & 1u, SCMIA_FWCALL_WAKE_ALL);
		if (sel & 2u)
			wake_irq(h);
		break;
	case A_WAKE_BAD: {
		static const uint64_t fl[4] = { 0, 3, 4, 0xffffffffffffffffull };

		queue_wake(h, (sel & 4u) ? 7u : (sel & 1u), fl[(sel >> 3) & 3u]);
		wake_irq(h);
		break;
	}
	case A_WAKE_DIRECT:
		if (h->waitq && fz_os_irq_ok(&h->os))
			(void)scmia_fwcall_wake(&h->fw, sel & 3u, (sel >> 2) & 3u);
		break;
	case A_PROCESS:
		process(h, fz_status_table[sel & 15u], 0, 0);
		if (sel & 16u)
			a2p_irq(h);
		break;
	case A_PROCESS_BAD:
		process(h, 0, (sel & 1u) != 0, (sel & 2u) != 0);
		a2p_irq(h);
		break;
	case A_FORGE_CUR:
		forge_for(h, h->drv.cur_send, 0, sel);
		break;
	case A_DRESP_CUR:
		forge_for(h, h->drv.cur_send, 1, sel);
		break;
	case A_FORGE_PICK:
		forge_for(h, fz_drv_pick_inflight(&h->drv, sel >> 4), 0, sel);
		break;
	case A_DRESP_PICK:
		forge_for(h, fz_drv_pick_inflight(&h->drv, sel >> 4), 1, sel);
		break;
	case A_LATE:
		forge_for(h, fz_drv_pick_ended(&h->drv, sel >> 4), sel & 1u, sel & 0x0eu);
		break;
	case A_NOTIF: {
		uint8_t evt = fz_plat_u8(&h->in, 0) & 3u;

		post(h, scmia_hdr_pack(evt, SCMIA_MSG_TYPE_NOTIFICATION, 0x14, sel),
		     0, FZ_CK_FORGED, (sel & 0x80u) != 0);
		if (sel & 1u)
			p2a_irq(h);
		break;
	}
	case A_FLIP:
		h->area[SCMIA_SMT_OFF_STATUS / 4u] = sel & 3u;
		break;
	case A_IRQ_A2P:
		a2p_irq(h);
		break;
	case A_IRQ_P2A:
		p2a_irq(h);
		break;
	case A_DRESP_Q:
		post_dresp(h);
		break;
	case A_FLOOD:
		h->flood = (uint8_t)(sel & 1u);
		break;
	default:
		break;
	}
}

static void act(struct h *h, enum hook k)
{
	uint8_t b;

	fz_step("firmware");
	if (h->drv.behaving || !fz_plat_more(&h->in)) {
		if (k == HK_TICK)
			behave(h);
		return;
	}
	b = fz_plat_u8(&h->in, 0);
	if (k == HK_TICK) {
		if (b < 96u) {
			behave(h);
			return;
		}
		if (b < 128u)
			return;
	} else if (b < 208u) {
		return;
	}
	{
		uint8_t what = fz_plat_u8(&h->in, A_NOTHING);

		do_action(h, what, fz_plat_u8(&h->in, 0));
	}
}

/* Answer an SCMI call or a RESUME: done, later, sleep, busy, ... */
static void answer_call(struct h *h, struct scmia_smccc_res *out)
{
	uint8_t b = (h->drv.behaving || !fz_plat_more(&h->in)) ? 0u : fz_plat_u8(&h->in, 0);

	act(h, HK_CALL); /* e.g. a wake interrupt before the answer */
	if (b < 128u || h->drv.behaving) {
		if (h->irq_mode && ((b & 1u) || h->drv.behaving)) {
			/* accepted; the reply and its completion interrupt come
			 * later (the next tick) */
			h->later = 1;
		} else {
			process(h, 0, 0, 0);
		}
		out->a0 = 0;
		return;
	}
	switch (b & 7u) {
	case 0:
	case 1: { /* WAITQ_SLEEP */
		uint8_t c = fz_plat_u8(&h->in, 0);
		uint64_t ctx = (c & 0x80u) ? 9u : (uint64_t)(c & 1u);

		out->a0 = SCMIA_FWCALL_RET_WAITQ_SLEEP;
		out->a1 = ctx;
		out->a2 = 0x1000u + c;
		FZ_TRACE("firmware: WAITQ_SLEEP on context %llu", (unsigned long long)ctx);
		if (ctx < N_CTX && h->waitq) {
			h->sleep.valid = 1;
			h->sleep.woken = 0;
			h->sleep.ctx = (uint32_t)ctx;
			h->sleep.base = scmia_fwcall_counter(&h->fw, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS);
		}
		if (c & 0x40u) {
			/* wake before the sleeper sleeps */
			queue_wake(h, ctx, (c & 0x20u) ? SCMIA_FWCALL_WAKE_ONE
						      : SCMIA_FWCALL_WAKE_ALL);
			wake_irq(h);
		}
		return;
	}
	case 2:
		FZ_TRACE("firmware: busy");
		out->a0 = (uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY;
		return;
	case 3:
		FZ_TRACE("firmware: interrupted");
		out->a0 = SCMIA_FWCALL_RET_INTERRUPTED;
		return;
	case 4:
		out->a0 = (uint64_t)(int64_t)SCMIA_SMCCC_RET_NOT_SUPPORTED;
		return;
	case 5:
		out->a0 = fz_plat_u32(&h->in, 7);
		return;
	default: /* done, with the status the input picks */
		process(h, fz_status_table[fz_plat_u8(&h->in, 0) & 15u], 0, 0);
		out->a0 = 0;
		return;
	}
}

static void call(void *ctx, const struct scmia_smccc_args *in, struct scmia_smccc_res *out)
{
	struct h *h = ctx;
	uint32_t fid = (uint32_t)in->a0;

	fz_step("smc");
	fz_os_assert_unlocked(&h->os, "SMCCC call");
	memset(out, 0, sizeof(*out));
	FZ_TRACE("smc fid %08x a1 %llx", (unsigned)fid, (unsigned long long)in->a1);
	if (fid == h->fid_getwq) {
		if (h->wn) {
			out->a0 = 0;
			out->a1 = h->wev[0].ctx;
			out->a2 = h->wev[0].flags;
			memmove(&h->wev[0], &h->wev[1], sizeof(h->wev[0]) * (h->wn - 1u));
			h->wn--;
			out->a3 = h->wn != 0;
		} else if (!h->drv.behaving && fz_plat_more(&h->in) &&
			   fz_plat_u8(&h->in, 0) >= 224u) {
			out->a0 = (uint64_t)(int64_t)-1; /* GET_WQ_CTX fails */
			return;
		} else {
			/* nothing pending: a spurious wake of context 0 */
			out->a0 = 0;
			out->a1 = 0;
			out->a2 = SCMIA_FWCALL_WAKE_ONE;
		}
		/* A sleep that already timed out (before this wake) is over. */
		sleep_check(h);
		FZ_TRACE("firmware: GET_WQ_CTX -> ctx %llu flags %llu more %llu",
			 (unsigned long long)out->a1, (unsigned long long)out->a2,
			 (unsigned long long)out->a3);
		if (h->sleep.valid && out->a1 == h->sleep.ctx &&
		    (out->a2 == SCMIA_FWCALL_WAKE_ONE || out->a2 == SCMIA_FWCALL_WAKE_ALL))
			h->sleep.woken = 1;
		return;
	}
	if (fid == h->fid_ack) {
		act(h, HK_CALL);
		out->a0 = 0;
		return;
	}
	if (fid == h->fid_scmi || fid == h->fid_resume) {
		sleep_over(h);
		answer_call(h, out);
		return;
	}
	fz_fail("smc", "unexpected function id %08x", (unsigned)fid);
}

static void tick(void *ctx)
{
	struct h *h = ctx;

	sleep_check(h);
	act(h, HK_TICK);
}

static void p_post_op(void *ctx)
{
	sleep_check((struct h *)ctx);
}

static void p_settle(void *ctx)
{
	struct h *h = ctx;

	for (unsigned round = 0; round < 8u; round++) {
		if (h->pending) {
			process(h, 0, 0, 0);
			a2p_irq(h);
		} else if (!(h->area[SCMIA_SMT_OFF_STATUS / 4u] & SCMIA_SMT_STATUS_FREE)) {
			h->area[SCMIA_SMT_OFF_STATUS / 4u] = SCMIA_SMT_STATUS_FREE;
		}
		if (h->has_p2a && !(h->parea[SCMIA_SMT_OFF_STATUS / 4u] & SCMIA_SMT_STATUS_FREE))
			p2a_irq(h);
		post_dresp(h);
	}
}

static void p_final(void *ctx)
{
	struct h *h = ctx;
	int ret;

	sleep_check(h);
	ret = scmia_fwcall_deinit(&h->fw);
	FZ_CHECK(ret == SCMIA_OK, "leak",
		 "scmia_fwcall_deinit returned %d: an invocation is still counted in progress",
		 ret);
}

static const struct fz_plat_if PIF = {
	.tick = tick,
	.settle = p_settle,
	.post_op = p_post_op,
	.final_check = p_final,
	.send_bound_us = BUSY_TMO + MAX_SLEEPS * SLEEP_TMO + (BUSY_RETRIES + 1u) * BUSY_DELAY +
			 20u * RELAX_US,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct scmia_transport *descs[4] = {
		&scmia_smc_transport, &scmia_smc_waitq_transport, &scmia_smc_irq_transport,
		&scmia_smc_irq_transport,
	};
	struct h *h = &H;
	struct scmia_agent_cfg ac;
	struct scmia_fwcall_cfg fc;
	struct scmia_smc_cfg sc;
	struct scmia_chan_cfg cc;
	uint8_t cfg, sizes;
	int ret;

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
	h->desc = descs[cfg & 3u];
	h->irq_mode = h->desc == &scmia_smc_irq_transport;
	h->waitq = (cfg & 4u) == 0;
	h->has_p2a = FZ_P2A && (cfg & 8u) != 0;
	h->acc.read32 = acc_read32;
	h->acc.write32 = acc_write32;
	h->area[SCMIA_SMT_OFF_STATUS / 4u] = SCMIA_SMT_STATUS_FREE;
	h->parea[SCMIA_SMT_OFF_STATUS / 4u] = SCMIA_SMT_STATUS_FREE;
	h->fid_scmi = scmia_smccc_fid((cfg & 16u) ? 1u : 0u, (cfg & 32u) ? 1u : 0u,
				      SCMIA_SMCCC_OWNER_SIP, 0x50);
	h->fid_ack = h->has_p2a ? scmia_smccc_fid(1, 0, SCMIA_SMCCC_OWNER_SIP, 0x51) : 0u;

	memset(&fc, 0, sizeof(fc));
	fc.call = call;
	fc.call_ctx = h;
	fc.os = &fz_os_ops;
	fc.os_ctx = &h->os;
	fc.flags = (h->waitq ? SCMIA_FWCALL_F_WAKE_IRQ : 0u) |
		   ((cfg & 64u) ? SCMIA_FWCALL_F_ARGINFO : 0u);
	fc.n_ctx = N_CTX;
	fc.wq = h->wq;
	fc.sleep_timeout_us = SLEEP_TMO;
	fc.busy_retries = BUSY_RETRIES;
	fc.busy_delay_us = BUSY_DELAY;
	fc.max_reissue = 8;
	fc.max_sleeps = MAX_SLEEPS;
	fc.max_wake_loop = 4;
	h->fid_resume = scmia_smccc_fid_svc(0, 1, SCMIA_SMCCC_OWNER_SIP, SCMIA_FWCALL_SVC_WAITQ,
					    SCMIA_FWCALL_CMD_RESUME);
	h->fid_getwq = scmia_smccc_fid_svc(1, 1, SCMIA_SMCCC_OWNER_SIP, SCMIA_FWCALL_SVC_WAITQ,
					   SCMIA_FWCALL_CMD_GET_WQ_CTX);
	fc.resume_fid = h->fid_resume;
	fc.get_wq_ctx_fid = h->fid_getwq;
	ret = scmia_fwcall_init(&h->fw, &fc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "fwcall init: %d", ret);

	fz_drv_init(&h->drv, &h->in, &h->os, &LED, h->desc, NULL, &PIF, h);
	memset(&ac, 0, sizeof(ac));
	ac.os = &fz_os_ops;
	ac.os_ctx = &h->os;
	ac.transport = fz_drv_transport(&h->drv);
	ac.transport_ctx = &h->drv;
	ret = scmia_agent_init(&h->agent, &ac);
	FZ_CHECK(ret == SCMIA_OK, "harness", "agent init: %d", ret);
	h->drv.agent = &h->agent;
	h->drv.msg_size = MSG_SIZE;
	h->drv.reply_tmo = REPLY_TMO;
	h->drv.dresp_tmo = DRESP_TMO;

	memset(&sc, 0, sizeof(sc));
	sc.base = h->area;
	sc.size = AREA_SIZE;
	sc.acc = &h->acc;
	sc.acc_ctx = h;
	sc.fw = (cfg & 128u) ? NULL : &h->fw;
	sc.call = call;
	sc.call_ctx = h;
	sc.func_id = h->fid_scmi;
	sc.param_mode = (cfg >> 4) % 3u;
	sc.shmem_paddr = 0x80001234u;
	sc.cap_id = 7;
	sc.busy_timeout_us = BUSY_TMO;
	FZ_CHECK(scmia_smc_chan_init(&h->sa, &sc) == SCMIA_OK, "harness", "smc a2p init");
	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_A2P;
	cc.max_msg = (uint16_t)(1u + sizes % MAX_A2P);
	cc.msg_size = MSG_SIZE;
	cc.chan_ctx = &h->sa;
	cc.mem = h->mem_a;
	cc.mem_size = sizeof(h->mem_a);
	cc.reply_timeout_us = REPLY_TMO;
	cc.dresp_timeout_us = DRESP_TMO;
	if (FZ_POLL && h->irq_mode && (cfg & 0x80u))
		cc.completion = SCMIA_COMPLETION_POLL;
	ret = scmia_chan_open(&h->agent, &h->a2p, &cc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "a2p open: %d", ret);
	fz_drv_add_chan(&h->drv, &h->a2p, 0x10, 1);

	if (h->has_p2a) {
		memset(&sc, 0, sizeof(sc));
		sc.base = h->parea;
		sc.size = AREA_SIZE;
		sc.acc = &h->acc;
		sc.acc_ctx = h;
		sc.fw = &h->fw;
		sc.call = call;
		sc.call_ctx = h;
		sc.func_id = h->fid_ack;
		FZ_CHECK(scmia_smc_chan_init(&h->sp, &sc) == SCMIA_OK, "harness", "smc p2a init");
		memset(&cc, 0, sizeof(cc));
		cc.dir = SCMIA_CHAN_P2A;
		cc.max_msg = (uint16_t)(1u + (sizes >> 4) % MAX_P2A);
		cc.msg_size = MSG_SIZE;
		cc.chan_ctx = &h->sp;
		cc.mem = h->mem_p;
		cc.mem_size = sizeof(h->mem_p);
		ret = scmia_chan_open(&h->agent, &h->p2a, &cc);
		FZ_CHECK(ret == SCMIA_OK, "harness", "p2a open: %d", ret);
		fz_drv_add_chan(&h->drv, &h->p2a, 0x10, 0);
	}
	h->drv.can_async = h->has_p2a;

	fz_drv_run(&h->drv);

	ret = scmia_agent_deinit(&h->agent);
	FZ_CHECK(ret == SCMIA_OK, "api", "agent deinit: %d", ret);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Harness "virtio": the virtio-scmi transport (transports/virtio) on its
 * built-in split rings, under the core, against a device written here
 * over the ring layout (virtio 1.x split virtqueue).
 *
 * The device reads the available rings and the request buffers, and
 * writes responses, notifications and delayed responses and used entries
 * as the input says: correct, with a wrong header, a length beyond the
 * buffer, an id it does not own, the same id twice, a used index that
 * jumps (the driver must then declare the ring broken; the harness
 * recovers as a host would: scmia_virtio_stop(), re-probe,
 * scmia_virtio_start()). Its notification hook (the driver's kick) may
 * answer at once; in "flood" mode every eventq kick returns the buffer
 * just re-posted with a new message, so a device that answers every kick
 * keeps feeding scmia_virtio_process(). The queue ops are wrapped: the
 * used entries one library call takes without any back-off are counted
 * (fz_streak): a loop over them with no bound is reported
 * ("unbounded-loop", defect 3), as is a blocking command that returns past
 * its deadline ("deadline").
 */
#include <string.h>

#include "fz_drv.h"
#include "scmia_virtio.h"

#define MSG_SIZE 64u
#define CMD_NUM_MAX 16u
#define EV_NUM_MAX 8u
#define REPLY_TMO 2000u
#define DRESP_TMO 8000u
#define RELAX_US 100u

struct chain {
	uint16_t head;
	uint8_t live;
	uint8_t *out;
	uint32_t out_len;
	uint8_t *in;
	uint32_t in_len;
};

struct dq {
	struct scmia_vring vr;
	struct scmia_vring_slot slots[CMD_NUM_MAX];
	uint8_t mem[SCMIA_VRING_MEM_SIZE(CMD_NUM_MAX)] __attribute__((aligned(16)));
	uint16_t num;
	uint16_t last_avail; /* device: next available entry to take */
	uint16_t used_idx;   /* device: next used index */
	struct chain ch[CMD_NUM_MAX];
	uint8_t flood;       /* answer every kick */
	uint8_t no_notify;   /* device asks for no kicks */
	uint8_t id_tricks;   /* the device returned ids it did not own, or twice */
	uint8_t q;
};

static struct h {
	struct fz_in in;
	struct fz_os os;
	struct fz_drv drv;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_virtio vio;
	struct dq cq, eq;
	struct scmia_virtio_msg msgs[SCMIA_VIRTIO_N_MSGS(CMD_NUM_MAX, EV_NUM_MAX)];
	uint8_t shm[SCMIA_VIRTIO_SHM_SIZE(CMD_NUM_MAX, EV_NUM_MAX)] __attribute__((aligned(8)));
	struct scmia_virtio_vq_ops vq_ops;
	uint8_t has_eq;
	uint8_t in_kick;
	unsigned depth;
	unsigned irq_pending;
	unsigned resets;
	uint64_t features;
	struct { uint32_t hdr, ck; } dq_owed[8];
	unsigned dn;
	SCMIA_CHAN_MEM_DEFINE(mem_a, CMD_NUM_MAX / 2u, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p, EV_NUM_MAX, MSG_SIZE);
} H;

static struct fz_ledger LED;

static void act(struct h *h, int tick);

/* ------------------------------------------------------------------ */
/* Device side: the ring layout                                        */
/* ------------------------------------------------------------------ */

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint8_t *avail(struct dq *q)
{
	return q->mem + SCMIA_VRING_AVAIL_OFF(q->num);
}

static uint8_t *used(struct dq *q)
{
	return q->mem + SCMIA_VRING_USED_OFF(q->num);
}

/* A buffer the driver exposed: it must lie in the device-visible memory. */
static uint8_t *buf_at(struct h *h, uint64_t addr, uint32_t len)
{
	uintptr_t p = (uintptr_t)addr, b = (uintptr_t)h->shm;

	if (p < b || p >= b + sizeof(h->shm) || len > sizeof(h->shm) - (p - b))
		fz_fail("driver", "descriptor %llx+%u outside the device-visible memory",
			(unsigned long long)addr, (unsigned)len);
	return (uint8_t *)p;
}

/* Take every chain the driver made available since the last look. */
static void take(struct h *h, struct dq *q)
{
	uint16_t idx = rd16(avail(q) + 2);
	unsigned guard = 0;

	while (q->last_avail != idx) {
		uint16_t head = rd16(avail(q) + 4 + 2u * (q->last_avail & (q->num - 1u)));
		uint16_t i = head;
		struct chain c;

		if (++guard > q->num)
			fz_fail("driver", "available index moved by more than the ring size");
		memset(&c, 0, sizeof(c));
		c.head = head;
		for (unsigned n = 0;; n++) {
			const uint8_t *d;
			uint64_t addr;
			uint32_t len;
			uint16_t fl;

			if (i >= q->num || n >= q->num)
				fz_fail("driver", "descriptor chain out of the table or looping");
			d = q->mem + 16u * (size_t)i;
			addr = scmia_get_le64(d);
			len = scmia_get_le32(d + 8);
			fl = rd16(d + 12);
			if (fl & SCMIA_VRING_DESC_F_WRITE) {
				c.in = buf_at(h, addr, len);
				c.in_len = len;
			} else {
				c.out = buf_at(h, addr, len);
				c.out_len = len;
			}
			if (!(fl & SCMIA_VRING_DESC_F_NEXT))
				break;
			i = rd16(d + 14);
		}
		if (!c.in || c.in_len < 8u || (q->q == SCMIA_VIRTIO_CMDQ && (!c.out || c.out_len < 4u)))
			fz_fail("driver", "a chain without the buffers its queue needs");
		if (head >= q->num || (q->ch[head].live && !q->id_tricks))
			fz_fail("driver", "head %u made available while the device owns it",
				(unsigned)head);
		c.live = 1;
		q->ch[head] = c;
		q->last_avail++;
		if (q->q == SCMIA_VIRTIO_CMDQ && c.out_len >= 8u) {
			/* the request is visible: the device read it */
			struct fz_req *r = fz_ledger_by_ck(&LED, scmia_get_le32(c.out + 4));

			if (r && r->x && r->x->hdr == scmia_get_le32(c.out))
				fz_req_visible(r);
		}
	}
}

static void push_used(struct dq *q, uint32_t id, uint32_t len)
{
	uint8_t *e = used(q) + 4u + 8u * (size_t)(q->used_idx & (q->num - 1u));

	/* Whatever the device returns, it could read every chain published
	 * so far, on both queues: those requests are visible from here on. */
	take(&H, &H.cq);
	if (H.has_eq)
		take(&H, &H.eq);
	scmia_put_le32(e, id);
	scmia_put_le32(e + 4, len);
	if (id < q->num)
		q->ch[id].live = 0; /* returned, whatever it holds */
	q->used_idx++;
	wr16(used(q) + 2, q->used_idx);
}

/* The @k-th live chain of @q, or NULL. */
static struct chain *live_chain(struct dq *q, unsigned k)
{
	unsigned n = 0;

	for (unsigned i = 0; i < q->num; i++)
		n += q->ch[i].live;
	if (!n)
		return NULL;
	k %= n;
	for (unsigned i = 0; i < q->num; i++)
		if (q->ch[i].live && !k--)
			return &q->ch[i];
	return NULL;
}

/* cmdq: answer chain @c. mode 0 correct; 1 status; 2 header; 3 length. */
static void cmd_answer(struct h *h, struct chain *c, unsigned mode, uint8_t sel)
{
	uint32_t hdr = scmia_get_le32(c->out);
	uint32_t ck = c->out_len >= 8u ? scmia_get_le32(c->out + 4) : FZ_CK_FORGED;
	struct fz_req *r = fz_ledger_by_ck(&LED, ck);
	int32_t st = mode == 1 ? fz_status_table[sel & 15u] : 0;
	uint32_t n;

	if (!r || r->x == NULL || r->x->hdr != hdr)
		ck = FZ_CK_FORGED;
	if (mode == 2)
		hdr ^= (sel & 1u) ? (1u << 18) : 1u;
	n = 4u + fz_reply_body(c->in + 4, c->in_len - 4u, st, mode == 2 ? FZ_CK_FORGED : ck,
			       sel >> 4);
	scmia_put_le32(c->in, hdr);
	if (mode == 3) {
		static const uint32_t lens[8] = { 0, 3, 4, 7, 8, 9, 200, 0xffffffffu };

		n = lens[sel & 7u];
	}
	FZ_TRACE("device answers head %u hdr %08x status %d ck %08x len %u", (unsigned)c->head,
		 (unsigned)hdr, (int)st, (unsigned)ck, (unsigned)n);
	if (ck != FZ_CK_FORGED && mode != 2)
		fz_ledger_emit(&LED, ck);
	if (r && r->x && (r->flags & SCMIA_XFER_F_ASYNC) && st == 0 && mode == 0 && h->dn < 8u) {
		h->dq_owed[h->dn].hdr = (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
		h->dq_owed[h->dn].ck = ck;
		h->dn++;
	}
	c->live = 0;
	push_used(&h->cq, c->head, n);
}

/* eventq: fill chain @c with a message and return it. */
static void ev_message(struct h *h, struct chain *c, uint32_t hdr, int32_t st, uint32_t ck,
		       uint32_t len_override, int use_len)
{
	uint32_t n;

	hdr = fz_drv_filter_hdr(&h->drv, hdr);
	n = 4u + fz_reply_body(c->in + 4, c->in_len - 4u, st, ck, 2);
	scmia_put_le32(c->in, hdr);
	if (ck != FZ_CK_FORGED)
		fz_ledger_emit(&LED, ck);
	FZ_TRACE("device event head %u hdr %08x ck %08x", (unsigned)c->head, (unsigned)hdr,
		 (unsigned)ck);
	c->live = 0;
	push_used(&h->eq, c->head, use_len ? len_override : n);
}

static int ev_dresp(struct h *h)
{
	struct chain *c;

	if (!h->dn || !h->has_eq)
		return 0;
	c = live_chain(&h->eq, 0);
	if (!c)
		return 0;
	ev_message(h, c, h->dq_owed[0].hdr, 0, h->dq_owed[0].ck, 0, 0);
	memmove(&h->dq_owed[0], &h->dq_owed[1], sizeof(h->dq_owed[0]) * (h->dn - 1u));
	h->dn--;
	return 1;
}

static void ev_notif(struct h *h, uint8_t sel)
{
	struct chain *c = h->has_eq ? live_chain(&h->eq, sel) : NULL;

	if (c)
		ev_message(h, c,
			   scmia_hdr_pack(sel & 3u, SCMIA_MSG_TYPE_NOTIFICATION, 0x14, sel >> 2), 0,
			   FZ_CK_FORGED, 0, 0);
}

/* The driver notified queue @queue (under its lock: no call back). */
static void notify(void *ctx, uint16_t queue)
{
	struct dq *q = ctx;
	struct h *h = &H;

	fz_step("kick");
	take(h, q);
	if (h->drv.behaving)
		return;
	if (q->flood && q->q == SCMIA_VIRTIO_EVENTQ) {
		/* A device that answers every kick: the buffer just posted
		 * comes back at once with a new notification. */
		ev_notif(h, (uint8_t)q->used_idx);
		return;
	}
	(void)queue;
}

/* ------------------------------------------------------------------ */
/* Wrapped queue ops: count what one library call takes                */
/* ------------------------------------------------------------------ */

static int w_add(void *vq, const struct scmia_vring_buf *sg, unsigned n_out, unsigned n_in,
		 void *cookie)
{
	return scmia_virtio_vring_ops.add(vq, sg, n_out, n_in, cookie);
}

static void w_kick(void *vq)
{
	scmia_virtio_vring_ops.kick(vq);
}

static int w_get_used(void *vq, void **cookie, uint32_t *len)
{
	int r = scmia_virtio_vring_ops.get_used(vq, cookie, len);

	fz_step("get_used");
	if (r != 0)
		fz_streak("used entries taken by one scmia_virtio_process() call");
	return r;
}

static void w_reset(void *vq)
{
	scmia_virtio_vring_ops.reset(vq);
}

/* ------------------------------------------------------------------ */
/* Interrupts, reset                                                   */
/* ------------------------------------------------------------------ */

static void interrupt(struct h *h, unsigned queues)
{
	int r;

	if (!fz_os_irq_ok(&h->os)) {
		h->irq_pending |= queues; /* masked: at the unlock */
		return;
	}
	if (h->depth >= 2u)
		return;
	h->depth++;
	FZ_TRACE("virtio interrupt %x", queues);
	r = scmia_virtio_process(&h->vio, queues);
	FZ_TRACE("virtio interrupt %x -> %d", queues, r);
	h->depth--;
	FZ_CHECK(r >= 0 || r == SCMIA_EPROTO, "api", "scmia_virtio_process returned %d", r);
}

/* The lock was released: deliver the interrupts raised while it was held. */
static void deferred(void *ctx)
{
	struct h *h = ctx;
	unsigned q = h->irq_pending;

	h->irq_pending = 0;
	if (q)
		interrupt(h, q);
}

static void dev_reset(void *ctx)
{
	struct h *h = ctx;
	struct dq *qs[2] = { &h->cq, &h->eq };

	FZ_TRACE("device reset");
	for (unsigned i = 0; i < 2u; i++) {
		memset(qs[i]->ch, 0, sizeof(qs[i]->ch));
		qs[i]->last_avail = 0;
		qs[i]->used_idx = 0;
	}
	h->dn = 0;
	h->resets++;
}

/* Reset and re-probe, as a host does with a broken device. */
static void reprobe(struct h *h)
{
	int ret;

	if (h->depth)
		return; /* not from an interrupt */
	ret = scmia_virtio_stop(&h->vio);
	FZ_CHECK(ret == SCMIA_OK, "api", "scmia_virtio_stop returned %d", ret);
	ret = scmia_virtio_start(&h->vio, h->features);
	FZ_CHECK(ret == SCMIA_OK, "api", "scmia_virtio_start after a reset returned %d", ret);
}

/* ------------------------------------------------------------------ */
/* Platform actions                                                    */
/* ------------------------------------------------------------------ */

static void behave(struct h *h)
{
	struct chain *c;

	take(h, &h->cq);
	if (h->has_eq)
		take(h, &h->eq);
	while ((c = live_chain(&h->cq, 0)) != NULL)
		cmd_answer(h, c, 0, 0);
	while (ev_dresp(h))
		;
	interrupt(h, SCMIA_VIRTIO_Q_ALL);
}

enum {
	A_ANSWER, A_ANSWER_ST, A_ANSWER_HDR, A_ANSWER_LEN, A_BAD_ID, A_DUP_ID, A_IDX_JUMP,
	A_NOTIF, A_DRESP_OWED, A_DRESP_PICK, A_EV_BADLEN, A_FLOOD, A_NO_NOTIFY, A_IRQ, A_TAKE,
	A_NOTHING, A__COUNT
};

static void do_action(struct h *h, unsigned a, uint8_t sel)
{
	struct chain *c;

	FZ_TRACE("device action %u sel %02x", a % A__COUNT, sel);
	switch (a % A__COUNT) {
	case A_ANSWER:
	case A_ANSWER_ST:
	case A_ANSWER_HDR:
	case A_ANSWER_LEN:
		take(h, &h->cq);
		c = live_chain(&h->cq, sel >> 5);
		if (c)
			cmd_answer(h, c, a % A__COUNT - A_ANSWER, sel);
		if (sel & 1u)
			interrupt(h, SCMIA_VIRTIO_Q_CMD);
		break;
	case A_BAD_ID:
		/* The driver cannot tell a used entry for a chain it re-posted
		 * from a stale one: from here the device's own book may lag. */
		((sel & 1u) && h->has_eq ? &h->eq : &h->cq)->id_tricks = 1;
		push_used((sel & 1u) && h->has_eq ? &h->eq : &h->cq, fz_plat_u8(&h->in, 0) % 24u,
			  fz_plat_u8(&h->in, 12));
		interrupt(h, SCMIA_VIRTIO_Q_ALL);
		break;
	case A_DUP_ID: {
		struct dq *q = (sel & 1u) && h->has_eq ? &h->eq : &h->cq;

		q->id_tricks = 1;
		if (q->used_idx) {
			const uint8_t *e = used(q) + 4u + 8u * (size_t)((q->used_idx - 1u) &
									   (q->num - 1u));

			push_used(q, scmia_get_le32(e), scmia_get_le32(e + 4));
		}
		interrupt(h, SCMIA_VIRTIO_Q_ALL);
		break;
	}
	case A_IDX_JUMP: {
		struct dq *q = (sel & 1u) && h->has_eq ? &h->eq : &h->cq;

		q->used_idx = (uint16_t)(q->used_idx + q->num + 1u + (sel >> 4));
		wr16(used(q) + 2, q->used_idx);
		interrupt(h, SCMIA_VIRTIO_Q_ALL);
		break;
	}
	case A_NOTIF:
		take(h, &h->eq);
		ev_notif(h, sel);
		if (sel & 1u)
			interrupt(h, SCMIA_VIRTIO_Q_EVENT);
		break;
	case A_DRESP_OWED:
		take(h, &h->eq);
		(void)ev_dresp(h);
		interrupt(h, SCMIA_VIRTIO_Q_EVENT);
		break;
	case A_DRESP_PICK: {
		struct fz_req *r = (sel & 1u) ? fz_drv_pick_ended(&h->drv, sel >> 1)
					      : fz_drv_pick_inflight(&h->drv, sel >> 1);

		take(h, &h->eq);
		c = h->has_eq ? live_chain(&h->eq, 0) : NULL;
		if (r && c)
			ev_message(h, c,
				   ((r->x ? r->x->hdr : r->hdr) & ~(3u << 8)) |
					   (SCMIA_MSG_TYPE_DELAYED_RESP << 8),
				   fz_status_table[sel & 15u], r->visible ? r->ck : FZ_CK_FORGED, 0,
				   0);
		interrupt(h, SCMIA_VIRTIO_Q_EVENT);
		break;
	}
	case A_EV_BADLEN:
		take(h, &h->eq);
		c = h->has_eq ? live_chain(&h->eq, sel) : NULL;
		if (c)
			ev_message(h, c, fz_plat_u32(&h->in, 0), 0, FZ_CK_FORGED,
				   (sel & 1u) ? 3u : 0xffffu, 1);
		interrupt(h, SCMIA_VIRTIO_Q_EVENT);
		break;
	case A_FLOOD:
		h->eq.flood = (uint8_t)(sel & 1u);
		break;
	case A_NO_NOTIFY: {
		struct dq *q = (sel & 1u) && h->has_eq ? &h->eq : &h->cq;

		q->no_notify = (uint8_t)((sel >> 1) & 1u);
		wr16(used(q), q->no_notify ? SCMIA_VRING_USED_F_NO_NOTIFY : 0u);
		break;
	}
	case A_IRQ:
		interrupt(h, (sel & 3u) ? sel & 3u : SCMIA_VIRTIO_Q_ALL);
		break;
	case A_TAKE:
		take(h, &h->cq);
		if (h->has_eq)
			take(h, &h->eq);
		break;
	default:
		break;
	}
}

static void act(struct h *h, int tick)
{
	uint8_t b;

	fz_step("device");
	if (h->drv.behaving || !fz_plat_more(&h->in)) {
		if (tick)
			behave(h);
		return;
	}
	b = fz_plat_u8(&h->in, 0);
	if (b < 96u) {
		behave(h);
		return;
	}
	if (b < 128u)
		return;
	{
		uint8_t what = fz_plat_u8(&h->in, A_NOTHING);

		do_action(h, what, fz_plat_u8(&h->in, 0));
	}
}

static void tick(void *ctx)
{
	act((struct h *)ctx, 1);
}

/* Harness op: reset the device with messages in flight, or mark broken. */
static void p_op(void *ctx, unsigned op)
{
	struct h *h = ctx;
	uint8_t b = fz_cmd_u8(&h->in);

	(void)op;
	if (b & 1u)
		scmia_virtio_mark_broken(&h->vio);
	else
		reprobe(h);
}

static void p_settle(void *ctx)
{
	struct h *h = ctx;

	h->eq.flood = 0;
	if (scmia_virtio_state(&h->vio) != SCMIA_VIRTIO_UP)
		reprobe(h);
	for (unsigned round = 0; round < 8u; round++)
		behave(h);
}

static void p_final(void *ctx)
{
	struct h *h = ctx;

	FZ_CHECK(scmia_virtio_cmd_in_device(&h->vio) == 0, "leak",
		 "%u command slots still owned by the device after it returned everything",
		 scmia_virtio_cmd_in_device(&h->vio));
}

static const struct fz_plat_if PIF = {
	.tick = tick,
	.settle = p_settle,
	.op = p_op,
	.n_ops = 1,
	.final_check = p_final,
	.send_bound_us = 2u * RELAX_US,
};

/* ------------------------------------------------------------------ */
/* Setup                                                               */
/* ------------------------------------------------------------------ */

static void ring_init(struct h *h, struct dq *q, uint16_t num, uint16_t qi)
{
	struct scmia_vring_cfg vc;
	int ret;

	memset(&vc, 0, sizeof(vc));
	q->num = num;
	q->q = (uint8_t)qi;
	vc.num = num;
	vc.queue = qi;
	vc.mem = q->mem;
	vc.mem_size = sizeof(q->mem);
	vc.slots = q->slots;
	vc.notify = notify;
	vc.notify_ctx = q;
	ret = scmia_vring_init(&q->vr, &vc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "vring init: %d", ret);
	(void)h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct h *h = &H;
	struct scmia_agent_cfg ac;
	struct scmia_virtio_cfg vc;
	struct scmia_chan_cfg cc;
	uint8_t cfg;
	int ret;

	memset(h, 0, sizeof(*h));
	fz_budget_reset();
	fz_streak_reset();
	fz_ledger_init(&LED);
	fz_in_init(&h->in, data, size);
	cfg = fz_cmd_u8(&h->in);
	fz_os_init(&h->os, RELAX_US);
	h->os.tick = tick;
	h->os.tick_ctx = h;
	h->os.deferred = deferred;
	h->os.deferred_ctx = h;
	h->has_eq = FZ_P2A && (cfg & 1u) == 0;
	ring_init(h, &h->cq, (cfg & 2u) ? 16u : 8u, SCMIA_VIRTIO_CMDQ);
	if (h->has_eq)
		ring_init(h, &h->eq, (cfg & 4u) ? 8u : 4u, SCMIA_VIRTIO_EVENTQ);
	h->vq_ops.add = w_add;
	h->vq_ops.kick = w_kick;
	h->vq_ops.get_used = w_get_used;
	h->vq_ops.reset = w_reset;

	memset(&vc, 0, sizeof(vc));
	vc.vq_ops = &h->vq_ops;
	vc.cmdq = &h->cq.vr;
	vc.eventq = h->has_eq ? &h->eq.vr : NULL;
	vc.cmdq_num = h->cq.num;
	vc.eventq_num = h->has_eq ? h->eq.num : 0u;
	vc.shm = h->shm;
	vc.shm_size = sizeof(h->shm);
	vc.msgs = h->msgs;
	vc.n_msgs = (unsigned)(sizeof(h->msgs) / sizeof(h->msgs[0]));
	/* The agent's own lock: the transport must never hold it while it
	 * calls the core (a recursion would be reported). */
	vc.os = (cfg & 8u) ? NULL : &fz_os_ops;
	vc.os_ctx = &h->os;
	vc.reset = dev_reset;
	vc.reset_ctx = h;
	ret = scmia_virtio_init(&h->vio, &vc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "virtio init: %d", ret);
	h->features = SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1) |
		      (h->has_eq ? SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS) : 0u);
	ret = scmia_virtio_start(&h->vio, h->features);
	FZ_CHECK(ret == SCMIA_OK, "harness", "virtio start: %d", ret);

	fz_drv_init(&h->drv, &h->in, &h->os, &LED, &scmia_virtio_transport, &h->vio, &PIF, h);
	memset(&ac, 0, sizeof(ac));
	ac.os = &fz_os_ops;
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

	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_A2P;
	cc.msg_size = MSG_SIZE;
	cc.mem = h->mem_a;
	cc.mem_size = sizeof(h->mem_a);
	cc.reply_timeout_us = REPLY_TMO;
	cc.dresp_timeout_us = DRESP_TMO;
	cc.completion = (FZ_POLL && (cfg & 16u)) ? SCMIA_COMPLETION_POLL : SCMIA_COMPLETION_AUTO;
	ret = scmia_chan_open(&h->agent, &h->a2p, &cc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "a2p open: %d", ret);
	fz_drv_add_chan(&h->drv, &h->a2p, 0x10, 1);
	if (h->has_eq) {
		memset(&cc, 0, sizeof(cc));
		cc.dir = SCMIA_CHAN_P2A;
		cc.msg_size = MSG_SIZE;
		cc.mem = h->mem_p;
		cc.mem_size = sizeof(h->mem_p);
		ret = scmia_chan_open(&h->agent, &h->p2a, &cc);
		FZ_CHECK(ret == SCMIA_OK, "harness", "p2a open: %d", ret);
		fz_drv_add_chan(&h->drv, &h->p2a, 0x10, 0);
	}
	h->drv.can_async = h->has_eq;

	fz_drv_run(&h->drv);

	ret = scmia_agent_deinit(&h->agent);
	FZ_CHECK(ret == SCMIA_OK, "api", "agent deinit: %d", ret);
	return 0;
}

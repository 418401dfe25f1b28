/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated virtio-scmi device: virtio-mmio registers (virtio 1.x §4.2.2,
 * version 2) and the device side of split virtqueues (§2.7), written from
 * the specification independently of the agent's transport.
 *
 *   agent                          device (this file)                engine
 *   avail ring + QueueNotify  -->  take chain: req (R) + resp (W)  --> command
 *   interrupt handler         <--  used ring + InterruptStatus     <-- reply()
 *   eventq buffers posted     -->  take one per p2a message        <-- p2a()
 *
 * Every address the driver gives is translated through the DMA windows
 * and bounds-checked; every index is checked against the queue size; a
 * driver mistake is counted as a violation, never followed.
 */
#include <stdatomic.h>
#include <string.h>

#include "sim_internal.h"
#include "sim_virtio.h"

/* Registers. */
#define R_MAGIC 0x000u
#define R_VERSION 0x004u
#define R_DEVICE_ID 0x008u
#define R_VENDOR_ID 0x00cu
#define R_DEV_FEATURES 0x010u
#define R_DEV_FEATURES_SEL 0x014u
#define R_DRV_FEATURES 0x020u
#define R_DRV_FEATURES_SEL 0x024u
#define R_QUEUE_SEL 0x030u
#define R_QUEUE_NUM_MAX 0x034u
#define R_QUEUE_NUM 0x038u
#define R_QUEUE_READY 0x044u
#define R_QUEUE_NOTIFY 0x050u
#define R_INT_STATUS 0x060u
#define R_INT_ACK 0x064u
#define R_STATUS 0x070u
#define R_DESC_LO 0x080u
#define R_DESC_HI 0x084u
#define R_DRV_LO 0x090u
#define R_DRV_HI 0x094u
#define R_DEV_LO 0x0a0u
#define R_DEV_HI 0x0a4u
#define R_CONFIG_GEN 0x0fcu

#define MAGIC_VIRT 0x74726976u
#define VENDOR_SIM 0x494d4353u /* "SCMI" */

#define ST_FEATURES_OK 8u
#define ST_DRIVER_OK 4u
#define ST_NEEDS_RESET 64u

#define F_P2A ((uint64_t)1u << 0)
#define F_EVENT_IDX ((uint64_t)1u << 29)
#define F_VERSION_1 ((uint64_t)1u << 32)

#define D_NEXT 1u
#define D_WRITE 2u
#define D_INDIRECT 4u
#define AVAIL_NO_INTERRUPT 1u

#define INT_VRING 1u
#define INT_CONFIG 2u

#define NO_HEAD 0xffffu

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void dlock(struct scmia_sim_virtio *d)
{
	pthread_mutex_lock(&d->lock);
}

static void dunlock(struct scmia_sim_virtio *d)
{
	pthread_mutex_unlock(&d->lock);
}

static void violation(struct scmia_sim_virtio *d, const char *what)
{
	d->st.violations++;
	if (!d->last_violation)
		d->last_violation = what;
}

static uint16_t host_le16(uint16_t v)
{
	const uint16_t one = 1u;
	uint8_t b;

	memcpy(&b, &one, 1);
	if (b == 1u)
		return v;
	return (uint16_t)((v >> 8) | (v << 8));
}

static uint16_t ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t ld32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static void st32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* The shared indexes are atomics on both sides (the agent runs in another
 * thread); the rest is ordered by them. */
static uint16_t idx_load(uint8_t *p)
{
	return host_le16(atomic_load_explicit((_Atomic uint16_t *)(void *)p, memory_order_acquire));
}

static void idx_store(uint8_t *p, uint16_t v)
{
	atomic_store_explicit((_Atomic uint16_t *)(void *)p, host_le16(v), memory_order_release);
}

/* Bus address -> host pointer for @len bytes, or NULL (counted). */
static uint8_t *dma_map(struct scmia_sim_virtio *d, uint64_t bus, uint64_t len)
{
	for (unsigned i = 0; i < d->cfg.n_win; i++) {
		const struct scmia_sim_virtio_window *w = &d->cfg.win[i];

		if (bus >= w->bus && len <= w->size && bus - w->bus <= w->size - len)
			return (uint8_t *)w->base + (bus - w->bus);
	}
	d->st.dma_faults++;
	return NULL;
}

uint64_t scmia_sim_virtio_dma(void *ctx, const void *va)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	uintptr_t p = (uintptr_t)va;

	if (!d)
		return UINT64_MAX;
	for (unsigned i = 0; i < d->cfg.n_win; i++) {
		const struct scmia_sim_virtio_window *w = &d->cfg.win[i];
		uintptr_t b = (uintptr_t)w->base;

		if (p >= b && p - b < w->size)
			return w->bus + (uint64_t)(p - b);
	}
	return UINT64_MAX;
}

struct rings {
	uint8_t *desc;
	uint8_t *avail;
	uint8_t *used;
	uint32_t num;
};

static int q_live(const struct scmia_sim_virtio *d, unsigned qi)
{
	return (d->status & ST_DRIVER_OK) && !(d->status & ST_NEEDS_RESET) && d->q[qi].ready &&
	       d->q[qi].num;
}

static int q_map(struct scmia_sim_virtio *d, unsigned qi, struct rings *r)
{
	const struct scmia_sim_virtio_q *q = &d->q[qi];

	r->num = q->num;
	r->desc = dma_map(d, q->desc, (uint64_t)q->num * 16u);
	r->avail = dma_map(d, q->drv, 6u + (uint64_t)q->num * 2u);
	r->used = dma_map(d, q->dev, 6u + (uint64_t)q->num * 8u);
	return r->desc && r->avail && r->used;
}

struct vdesc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static void desc_read(const struct rings *r, uint32_t i, struct vdesc *v)
{
	const uint8_t *p = r->desc + (size_t)i * 16u;

	v->addr = (uint64_t)ld32(p) | ((uint64_t)ld32(p + 4) << 32);
	v->len = ld32(p + 8);
	v->flags = ld16(p + 12);
	v->next = ld16(p + 14);
}

/* Take the next available head of queue @qi: 1, 0 (none), -1 (bad entry). */
static int avail_pop(struct scmia_sim_virtio *d, unsigned qi, const struct rings *r,
		     uint16_t *head)
{
	struct scmia_sim_virtio_q *q = &d->q[qi];
	uint16_t idx = idx_load(r->avail + 2);
	uint16_t h;

	if (idx == q->last_avail)
		return 0;
	if ((uint16_t)(idx - q->last_avail) > r->num) {
		violation(d, "available index moved by more than the queue size");
		q->last_avail = idx;
		return 0;
	}
	h = ld16(r->avail + 4 + (size_t)(q->last_avail % r->num) * 2u);
	q->last_avail++;
	/* avail_event: ask to be notified of the next entry (event idx). */
	idx_store(r->used + 4 + (size_t)r->num * 8u, q->last_avail);
	if (h >= r->num) {
		d->st.bad_chain++;
		violation(d, "available entry out of range");
		return -1;
	}
	*head = h;
	return 1;
}

static unsigned avail_count(struct scmia_sim_virtio *d, unsigned qi, const struct rings *r)
{
	uint16_t n = (uint16_t)(idx_load(r->avail + 2) - d->q[qi].last_avail);

	return n > r->num ? 0u : n;
}

/* Publish one used entry (lock held). */
static void used_write(struct scmia_sim_virtio *d, unsigned qi, const struct rings *r, uint32_t id,
		       uint32_t len)
{
	struct scmia_sim_virtio_q *q = &d->q[qi];
	uint8_t *e = r->used + 4 + (size_t)(q->used_idx % r->num) * 8u;

	st32(e, id);
	st32(e + 4, len);
	q->used_idx++;
	idx_store(r->used + 2, q->used_idx);
	d->st.used++;
}

/* Does the driver want an interrupt for used entries [old, new)? */
static int want_irq(struct scmia_sim_virtio *d, const struct rings *r, uint16_t old, uint16_t now)
{
	if (old == now)
		return 0;
	if (d->drv_features & F_EVENT_IDX) {
		uint16_t ev = idx_load(r->avail + 4 + (size_t)r->num * 2u);

		return (uint16_t)(now - ev - 1u) < (uint16_t)(now - old);
	}
	return !(idx_load(r->avail) & AVAIL_NO_INTERRUPT);
}

/* Pop the next armed corruption of @qi if it is of @kind. */
static int corrupt_take(struct scmia_sim_virtio *d, unsigned qi, unsigned kind, uint32_t *arg)
{
	struct scmia_sim_virtio_q *q = &d->q[qi];

	if (!q->n_corrupt || q->corrupt_kind[0] != kind)
		return 0;
	*arg = q->corrupt_arg[0];
	memmove(q->corrupt_kind, q->corrupt_kind + 1, q->n_corrupt - 1u);
	memmove(q->corrupt_arg, q->corrupt_arg + 1, (q->n_corrupt - 1u) * sizeof(uint32_t));
	q->n_corrupt--;
	d->st.corrupted++;
	return 1;
}

/* A chain is done: publish (or hold) its used entry. Lock held. Returns 1
 * when an interrupt is due. *@lost (may be NULL) is set when the driver
 * does not get the answer now as it was sent: held, or the entry
 * corrupted (see lost_taint()). */
static int used_push(struct scmia_sim_virtio *d, unsigned qi, uint32_t id, uint32_t len,
		     int *lost)
{
	struct scmia_sim_virtio_q *q = &d->q[qi];
	struct rings r;
	uint32_t arg, jump = 0;
	unsigned copies = 1;
	uint16_t old;
	int bad = 1;

	if (corrupt_take(d, qi, SCMIA_SIM_VIRTIO_C_BAD_ID, &arg))
		id = arg;
	else if (corrupt_take(d, qi, SCMIA_SIM_VIRTIO_C_BAD_LEN, &arg))
		len = arg;
	else if (corrupt_take(d, qi, SCMIA_SIM_VIRTIO_C_DUP, &arg))
		copies = 2;
	else if (corrupt_take(d, qi, SCMIA_SIM_VIRTIO_C_IDX_JUMP, &arg))
		jump = arg;
	else
		bad = 0;
	if (lost)
		*lost = bad || d->hold;

	if (d->hold) {
		for (unsigned k = 0; k < copies && q->n_held < SCMIA_SIM_VIRTIO_QMAX; k++) {
			q->held[q->n_held].id = id;
			q->held[q->n_held].len = len;
			q->n_held++;
		}
		return 0;
	}
	if (!q_live(d, qi) || !q_map(d, qi, &r))
		return 0;
	old = q->used_idx;
	for (unsigned k = 0; k < copies; k++)
		used_write(d, qi, &r, id, len);
	if (jump) {
		q->used_idx = (uint16_t)(q->used_idx + jump);
		idx_store(r.used + 2, q->used_idx);
	}
	return want_irq(d, &r, old, q->used_idx);
}

static void irq_raise(struct scmia_sim_virtio *d, uint32_t bits)
{
	void (*cb)(void *);
	void *ctx;

	dlock(d);
	d->int_status |= bits;
	d->st.irqs++;
	cb = d->cfg.irq;
	ctx = d->cfg.irq_ctx;
	dunlock(d);
	if (cb)
		cb(ctx);
}

/* Forget everything the driver gave (lock held). */
static void reset_locked(struct scmia_sim_virtio *d)
{
	d->st.resets++;
	d->status = d->cfg.reset_stuck ? ST_NEEDS_RESET : 0u;
	d->needs_reset = 0;
	d->dfsel = 0;
	d->drfsel = 0;
	d->drv_features = 0;
	d->qsel = 0;
	d->int_status = 0;
	memset(d->q, 0, sizeof(d->q));
	memset(d->pend, 0, sizeof(d->pend));
	memset(d->tok2head, 0xff, sizeof(d->tok2head));
}

/* ------------------------------------------------------------------ */
/* cmdq: take commands                                                 */
/* ------------------------------------------------------------------ */

/*
 * Take the next command chain (lock held). Returns 1 with the command,
 * 0 when none. A malformed chain is returned at once with length 0 and
 * *irq set.
 */
static int cmd_take(struct scmia_sim_virtio *d, uint32_t *hdr, void *buf, uint32_t cap,
		    uint32_t *len, int *irq)
{
	struct rings r;
	struct vdesc rq, rs;
	const uint8_t *req;
	uint16_t head;
	int rc;

	if (!q_live(d, 0) || !q_map(d, 0, &r))
		return 0;
	for (;;) {
		rc = avail_pop(d, 0, &r, &head);
		if (rc == 0)
			return 0;
		if (rc < 0)
			continue;
		desc_read(&r, head, &rq);
		rs.flags = D_NEXT; /* invalid until read */
		if (!(rq.flags & D_WRITE) && !(rq.flags & D_INDIRECT) && (rq.flags & D_NEXT) &&
		    rq.next < r.num)
			desc_read(&r, rq.next, &rs);
		req = rq.len >= 4u ? dma_map(d, rq.addr, rq.len) : NULL;
		if ((rs.flags & (D_NEXT | D_INDIRECT)) || !(rs.flags & D_WRITE) || !req ||
		    !dma_map(d, rs.addr, rs.len) || d->pend[head].busy) {
			d->st.bad_chain++;
			violation(d, "malformed cmdq chain");
			*irq |= used_push(d, 0, head, 0, NULL);
			continue;
		}
		*hdr = ld32(req);
		*len = rq.len - 4u;
		memcpy(buf, req + 4, *len < cap ? *len : cap);
		d->pend[head].resp = rs.addr;
		d->pend[head].cap = rs.len;
		d->pend[head].hdr = *hdr;
		d->pend[head].busy = 1;
		if (d->tok2head[scmia_hdr_token(*hdr)] != NO_HEAD &&
		    d->pend[d->tok2head[scmia_hdr_token(*hdr)]].busy)
			d->st.token_reuse++;
		d->tok2head[scmia_hdr_token(*hdr)] = head;
		d->st.requests++;
		return 1;
	}
}

/*
 * An answer the device keeps (hold), or whose used entry or header it
 * corrupts, has left the engine but does not reach the agent as sent: the
 * transfer it answers may still wait. Mark its token in the engine
 * (tainted, as the engine does for its own drops and corruptions, until a
 * new command uses it) so that a corrupted or spurious token
 * (sim_unused_token()) never names that transfer: a message under its
 * exact header is one no agent can tell from the real one. Called without
 * the device lock, before the port op returns: the engine still counts the
 * message as queued (busy) until then, so no emission picks the token
 * meanwhile.
 */
static void lost_taint(struct scmia_sim_virtio *d, uint32_t hdr)
{
	if (!d->sim)
		return;
	sim_lock(d->sim);
	d->sim->toks[scmia_hdr_token(hdr)].tainted = 1;
	sim_unlock(d->sim);
}

/* ------------------------------------------------------------------ */
/* Port ops                                                            */
/* ------------------------------------------------------------------ */

static int vd_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	struct scmia_sim_virtio_pend *p;
	uint8_t hb[4], *buf;
	uint32_t n, arg, tok_hdr = hdr;
	uint16_t head;
	int irq, lost = 0, xored = 0;

	dlock(d);
	head = d->tok2head[scmia_hdr_token(hdr)];
	if (chan != 0 || head == NO_HEAD || !d->pend[head].busy || !q_live(d, 0)) {
		/* No chain for it: a duplicate, a corrupted token, or a
		 * command from before a reset. A device cannot send it. */
		d->st.unmatched++;
		dunlock(d);
		return SCMIA_OK;
	}
	p = &d->pend[head];
	buf = dma_map(d, p->resp, p->cap);
	p->busy = 0;
	d->tok2head[scmia_hdr_token(hdr)] = NO_HEAD;
	n = len <= UINT32_MAX - 4u ? 4u + len : UINT32_MAX;
	if (n > p->cap) {
		n = p->cap;
		d->st.truncated++;
	}
	if (corrupt_take(d, 0, SCMIA_SIM_VIRTIO_C_HDR_XOR, &arg)) {
		hdr ^= arg;
		xored = 1;
	}
	if (buf) {
		st32(hb, hdr);
		memcpy(buf, hb, n < 4u ? n : 4u);
		if (n > 4u)
			memcpy(buf + 4, body, n - 4u);
	}
	d->st.responses++;
	irq = used_push(d, 0, head, buf ? n : 0u, &lost);
	dunlock(d);
	if (lost || xored)
		lost_taint(d, tok_hdr);
	if (irq)
		irq_raise(d, INT_VRING);
	return SCMIA_OK;
}

static int vd_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	struct rings r;
	struct vdesc v;
	uint8_t hb[4], *buf;
	uint16_t head;
	uint32_t n;
	int rc, irq = 0, lost = 0;

	dlock(d);
	if (chan != 0 || !(d->drv_features & F_P2A) || !q_live(d, 1) || !q_map(d, 1, &r)) {
		dunlock(d);
		return SCMIA_ENOENT; /* no eventq: dropped */
	}
	for (;;) {
		rc = avail_pop(d, 1, &r, &head);
		if (rc == 0) {
			d->st.event_no_buf++;
			dunlock(d);
			if (irq)
				irq_raise(d, INT_VRING);
			return SCMIA_ENOSPC;
		}
		if (rc < 0)
			continue;
		desc_read(&r, head, &v);
		buf = (v.flags & D_WRITE) && !(v.flags & (D_NEXT | D_INDIRECT)) && v.len ?
			      dma_map(d, v.addr, v.len) :
			      NULL;
		if (!buf) {
			d->st.bad_chain++;
			violation(d, "malformed eventq buffer");
			irq |= used_push(d, 1, head, 0, NULL);
			continue;
		}
		break;
	}
	n = len <= UINT32_MAX - 4u ? 4u + len : UINT32_MAX;
	if (n > v.len) {
		n = v.len;
		d->st.truncated++;
	}
	st32(hb, hdr);
	memcpy(buf, hb, n < 4u ? n : 4u);
	if (n > 4u)
		memcpy(buf + 4, body, n - 4u);
	d->st.events++;
	irq |= used_push(d, 1, head, n, &lost);
	dunlock(d);
	if (lost)
		lost_taint(d, hdr);
	if (irq)
		irq_raise(d, INT_VRING);
	return SCMIA_OK;
}

static int vd_doorbell(void *ctx, unsigned chan, unsigned kind)
{
	(void)chan;
	(void)kind;
	irq_raise((struct scmia_sim_virtio *)ctx, INT_VRING);
	return SCMIA_OK;
}

static int vd_pull(void *ctx, unsigned *chan, uint32_t *hdr, void *buf, uint32_t cap,
		   uint32_t *len)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	int rc, irq = 0;

	dlock(d);
	rc = cmd_take(d, hdr, buf, cap, len, &irq);
	dunlock(d);
	if (irq)
		irq_raise(d, INT_VRING);
	*chan = 0;
	return rc;
}

const struct scmia_sim_port_ops scmia_sim_virtio_port = {
	.reply = vd_reply,
	.p2a = vd_p2a,
	.doorbell = vd_doorbell,
	.pull = vd_pull,
};

/* ------------------------------------------------------------------ */
/* Registers                                                           */
/* ------------------------------------------------------------------ */

uint32_t scmia_sim_virtio_read32(void *ctx, uint32_t off)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	uint32_t v = 0;

	dlock(d);
	switch (off) {
	case R_MAGIC:
		v = d->cfg.magic;
		break;
	case R_VERSION:
		v = d->cfg.version;
		break;
	case R_DEVICE_ID:
		v = d->cfg.device_id;
		break;
	case R_VENDOR_ID:
		v = VENDOR_SIM;
		break;
	case R_DEV_FEATURES:
		v = d->dfsel == 0 ? (uint32_t)d->cfg.features :
		    d->dfsel == 1 ? (uint32_t)(d->cfg.features >> 32) : 0u;
		break;
	case R_QUEUE_NUM_MAX:
		if (d->qsel == 0)
			v = d->cfg.cmdq_max;
		else if (d->qsel == 1 && (d->cfg.features & F_P2A) && !d->cfg.no_eventq)
			v = d->cfg.eventq_max;
		break;
	case R_QUEUE_READY:
		v = d->qsel < 2u ? d->q[d->qsel].ready : 0u;
		break;
	case R_INT_STATUS:
		v = d->int_status;
		break;
	case R_STATUS:
		v = d->status;
		break;
	case R_CONFIG_GEN:
	default:
		break;
	}
	dunlock(d);
	return v;
}

static void q_addr(struct scmia_sim_virtio *d, uint64_t *a, int high, uint32_t val)
{
	if (d->q[d->qsel].ready) {
		violation(d, "queue address written while the queue is ready");
		return;
	}
	if (high)
		*a = (*a & 0xffffffffu) | ((uint64_t)val << 32);
	else
		*a = (*a & ~(uint64_t)0xffffffffu) | val;
}

void scmia_sim_virtio_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	struct scmia_sim_virtio_q *q;
	struct rings r;
	int kick = 0;

	dlock(d);
	q = d->qsel < 2u ? &d->q[d->qsel] : NULL;
	switch (off) {
	case R_DEV_FEATURES_SEL:
		d->dfsel = val;
		break;
	case R_DRV_FEATURES_SEL:
		d->drfsel = val;
		break;
	case R_DRV_FEATURES:
		if (d->status & ST_FEATURES_OK)
			violation(d, "driver features written after FEATURES_OK");
		else if (d->drfsel == 0)
			d->drv_features = (d->drv_features & ~(uint64_t)0xffffffffu) | val;
		else if (d->drfsel == 1)
			d->drv_features = (d->drv_features & 0xffffffffu) | ((uint64_t)val << 32);
		break;
	case R_QUEUE_SEL:
		d->qsel = val;
		break;
	case R_QUEUE_NUM:
		if (!q || q->ready)
			violation(d, "QueueNum on a bad or live queue");
		else
			q->num = val;
		break;
	case R_QUEUE_READY: {
		uint32_t max = d->qsel == 0 ? d->cfg.cmdq_max : d->cfg.eventq_max;

		if (!q) {
			violation(d, "QueueReady on a bad queue");
		} else if (!val) {
			q->ready = 0;
		} else if (!q->num || q->num > max || (q->num & (q->num - 1u)) ||
			   (d->status & ST_DRIVER_OK) || !q_map(d, d->qsel, &r)) {
			violation(d, "QueueReady with a bad size, address or after DRIVER_OK");
		} else {
			q->ready = 1;
			q->last_avail = 0;
			q->used_idx = 0;
		}
		break;
	}
	case R_QUEUE_NOTIFY:
		d->st.notifies++;
		if (!(d->status & ST_DRIVER_OK)) {
			d->st.notify_early++;
			violation(d, "QueueNotify before DRIVER_OK");
		} else {
			kick = 1;
		}
		break;
	case R_INT_ACK:
		d->int_status &= ~val;
		break;
	case R_STATUS:
		if (val == 0) {
			reset_locked(d);
			break;
		}
		if ((val & ST_FEATURES_OK) && !(d->status & ST_FEATURES_OK)) {
			uint64_t f = d->drv_features;

			if (!(f & F_VERSION_1) || (f & ~d->cfg.features) || (f & d->cfg.refuse))
				val &= ~ST_FEATURES_OK; /* refused: does not stick */
		}
		if ((val & ST_DRIVER_OK) && !(val & ST_FEATURES_OK))
			violation(d, "DRIVER_OK without FEATURES_OK");
		if (d->status & ~val & ~(ST_FEATURES_OK | ST_NEEDS_RESET))
			violation(d, "status bit cleared without a reset");
		if ((val & ST_DRIVER_OK) && !(d->status & ST_DRIVER_OK))
			kick = 1;
		d->status = val | (d->needs_reset ? ST_NEEDS_RESET : 0u);
		break;
	case R_DESC_LO:
	case R_DESC_HI:
		if (q)
			q_addr(d, &q->desc, off == R_DESC_HI, val);
		break;
	case R_DRV_LO:
	case R_DRV_HI:
		if (q)
			q_addr(d, &q->drv, off == R_DRV_HI, val);
		break;
	case R_DEV_LO:
	case R_DEV_HI:
		if (q)
			q_addr(d, &q->dev, off == R_DEV_HI, val);
		break;
	default:
		violation(d, "write to a read-only or unknown register");
		break;
	}
	dunlock(d);
	if (kick && d->sim)
		scmia_sim_kick(d->sim);
}

/* ------------------------------------------------------------------ */
/* Setup and test controls                                             */
/* ------------------------------------------------------------------ */

int scmia_sim_virtio_init(struct scmia_sim_virtio *dev, struct scmia_sim *sim,
			  const struct scmia_sim_virtio_cfg *cfg)
{
	if (!dev || !sim || !cfg || !cfg->n_win || cfg->n_win > SCMIA_SIM_VIRTIO_WINDOWS ||
	    cfg->cmdq_max > SCMIA_SIM_VIRTIO_QMAX || cfg->eventq_max > SCMIA_SIM_VIRTIO_QMAX)
		return SCMIA_EINVAL;
	memset(dev, 0, sizeof(*dev));
	if (pthread_mutex_init(&dev->lock, NULL))
		return SCMIA_EIO;
	dev->sim = sim;
	dev->cfg = *cfg;
	if (!dev->cfg.magic)
		dev->cfg.magic = MAGIC_VIRT;
	if (!dev->cfg.version)
		dev->cfg.version = 2;
	if (!dev->cfg.device_id)
		dev->cfg.device_id = 32;
	if (!dev->cfg.features)
		dev->cfg.features = F_VERSION_1 | F_P2A;
	if (!dev->cfg.cmdq_max)
		dev->cfg.cmdq_max = 64;
	if (!dev->cfg.eventq_max)
		dev->cfg.eventq_max = 16;
	if (!dev->cfg.agent_id)
		dev->cfg.agent_id = 1;
	reset_locked(dev);
	dev->st.resets = 0;
	return scmia_sim_set_port(sim, &scmia_sim_virtio_port, dev);
}

void scmia_sim_virtio_deinit(struct scmia_sim_virtio *dev)
{
	if (dev)
		pthread_mutex_destroy(&dev->lock);
}

int scmia_sim_virtio_poll(struct scmia_sim_virtio *dev)
{
	uint8_t buf[SCMIA_SIM_MSG_MAX];
	uint32_t hdr = 0, len = 0;
	int n = 0, rc, irq;

	if (!dev || !dev->sim)
		return SCMIA_EINVAL;
	for (;;) {
		irq = 0;
		dlock(dev);
		rc = cmd_take(dev, &hdr, buf, sizeof(buf), &len, &irq);
		dunlock(dev);
		if (irq)
			irq_raise(dev, INT_VRING);
		if (rc <= 0)
			break;
		scmia_sim_command_ex(dev->sim, 0, dev->cfg.agent_id, hdr, buf, len);
		n++;
	}
	scmia_sim_step(dev->sim, scmia_sim_now(dev->sim));
	return n;
}

void scmia_sim_virtio_hold(struct scmia_sim_virtio *dev, int on)
{
	dlock(dev);
	dev->hold = on ? 1u : 0u;
	dunlock(dev);
}

int scmia_sim_virtio_flush(struct scmia_sim_virtio *dev, unsigned queues, int reverse)
{
	int n = 0, irq = 0;

	if (!dev)
		return SCMIA_EINVAL;
	dlock(dev);
	for (unsigned qi = 0; qi < 2u; qi++) {
		struct scmia_sim_virtio_q *q = &dev->q[qi];
		struct rings r;
		uint16_t old;

		if (!(queues & (1u << qi)) || !q->n_held)
			continue;
		if (!q_live(dev, qi) || !q_map(dev, qi, &r)) {
			q->n_held = 0; /* nowhere to publish: lost, as in a reset */
			continue;
		}
		old = q->used_idx;
		for (unsigned k = 0; k < q->n_held; k++) {
			const struct scmia_sim_virtio_done *e =
				&q->held[reverse ? q->n_held - 1u - k : k];

			used_write(dev, qi, &r, e->id, e->len);
			n++;
		}
		q->n_held = 0;
		irq |= want_irq(dev, &r, old, q->used_idx);
	}
	dunlock(dev);
	if (irq)
		irq_raise(dev, INT_VRING);
	return n;
}

unsigned scmia_sim_virtio_held(struct scmia_sim_virtio *dev, unsigned queue)
{
	unsigned n;

	if (!dev || queue > 1u)
		return 0;
	dlock(dev);
	n = dev->q[queue].n_held;
	dunlock(dev);
	return n;
}

int scmia_sim_virtio_corrupt(struct scmia_sim_virtio *dev, unsigned queue, unsigned kind,
			     uint32_t arg)
{
	struct scmia_sim_virtio_q *q;
	int ret = SCMIA_OK;

	if (!dev || queue > 1u || kind < SCMIA_SIM_VIRTIO_C_BAD_ID ||
	    kind > SCMIA_SIM_VIRTIO_C_HDR_XOR)
		return SCMIA_EINVAL;
	dlock(dev);
	q = &dev->q[queue];
	if (q->n_corrupt >= SCMIA_SIM_VIRTIO_MAX_CORRUPT) {
		ret = SCMIA_ENOSPC;
	} else {
		q->corrupt_kind[q->n_corrupt] = (uint8_t)kind;
		q->corrupt_arg[q->n_corrupt] = arg;
		q->n_corrupt++;
	}
	dunlock(dev);
	return ret;
}

unsigned scmia_sim_virtio_corrupt_clear(struct scmia_sim_virtio *dev)
{
	unsigned n = 0, i;

	if (!dev)
		return 0;
	dlock(dev);
	for (i = 0; i < 2u; i++) {
		n += dev->q[i].n_corrupt;
		dev->q[i].n_corrupt = 0;
	}
	dunlock(dev);
	return n;
}

int scmia_sim_virtio_raw_used(struct scmia_sim_virtio *dev, unsigned queue, uint32_t id,
			      uint32_t len)
{
	struct rings r;
	uint16_t old;
	int irq;

	if (!dev || queue > 1u)
		return SCMIA_EINVAL;
	dlock(dev);
	if (!q_live(dev, queue) || !q_map(dev, queue, &r)) {
		dunlock(dev);
		return SCMIA_ESTATE;
	}
	old = dev->q[queue].used_idx;
	used_write(dev, queue, &r, id, len);
	irq = want_irq(dev, &r, old, dev->q[queue].used_idx);
	dunlock(dev);
	if (irq)
		irq_raise(dev, INT_VRING);
	return SCMIA_OK;
}

void scmia_sim_virtio_interrupt(struct scmia_sim_virtio *dev, int needs_reset)
{
	if (!dev)
		return;
	if (needs_reset) {
		dlock(dev);
		dev->needs_reset = 1;
		dev->status |= ST_NEEDS_RESET;
		dunlock(dev);
		irq_raise(dev, INT_CONFIG);
		return;
	}
	irq_raise(dev, INT_VRING);
}

unsigned scmia_sim_virtio_pending(struct scmia_sim_virtio *dev)
{
	unsigned n = 0;

	if (!dev)
		return 0;
	dlock(dev);
	for (unsigned i = 0; i < SCMIA_SIM_VIRTIO_QMAX; i++)
		n += dev->pend[i].busy;
	dunlock(dev);
	return n;
}

unsigned scmia_sim_virtio_event_bufs(struct scmia_sim_virtio *dev)
{
	struct rings r;
	unsigned n = 0;

	if (!dev)
		return 0;
	dlock(dev);
	if (q_live(dev, 1) && q_map(dev, 1, &r))
		n = avail_count(dev, 1, &r);
	dunlock(dev);
	return n;
}

uint32_t scmia_sim_virtio_status(struct scmia_sim_virtio *dev)
{
	uint32_t v;

	dlock(dev);
	v = dev->status;
	dunlock(dev);
	return v;
}

uint64_t scmia_sim_virtio_driver_features(struct scmia_sim_virtio *dev)
{
	uint64_t v;

	dlock(dev);
	v = dev->drv_features;
	dunlock(dev);
	return v;
}

void scmia_sim_virtio_stats(struct scmia_sim_virtio *dev, struct scmia_sim_virtio_stats *out)
{
	dlock(dev);
	*out = dev->st;
	dunlock(dev);
}

const char *scmia_sim_virtio_violation(struct scmia_sim_virtio *dev)
{
	const char *v;

	dlock(dev);
	v = dev->last_violation;
	dunlock(dev);
	return v;
}

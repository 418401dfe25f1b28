/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated virtio-scmi device: virtio-mmio registers (virtio 1.x §4.2.2,
 * version 2) in front of the library's device half of the transport
 * (scmia_virtio_dev.h), which serves the split virtqueues (§2.7).
 *
 *   agent                          this file            device half        engine
 *   QueueNotify               -->  pull / poll     -->  notify: chain  --> command
 *   interrupt handler         <--  InterruptStatus <--  used + irq     <-- reply()
 *   eventq buffers posted     -->                       p2a: a buffer  <-- p2a()
 *
 * The glue maps the engine's replies (by token) to the device's request
 * numbers, keeps the register state, and models what only a faulty
 * platform does, through the device half's used-entry hook: used entries
 * held and published later in any order, a corrupted id, length, a
 * duplicate, an index jump, a response header changed, raw used entries,
 * p2a headers the device half refuses to send (written over the buffer
 * before its used entry is published).
 *
 * One recursive mutex is the glue's lock and the device half's; it is
 * never held while the device half runs the engine's handler or raises
 * the interrupt (the device half drops it), nor while the glue calls the
 * engine.
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

#define INT_VRING 1u
#define INT_CONFIG 2u

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

/* The device half's lock: the same mutex. */
static scmia_lock_key_t vd_lock(void *ctx)
{
	pthread_mutex_lock((pthread_mutex_t *)ctx);
	return 0;
}

static void vd_unlock(void *ctx, scmia_lock_key_t k)
{
	(void)k;
	pthread_mutex_unlock((pthread_mutex_t *)ctx);
}

static const struct scmia_os_ops vd_os = {
	.lock = vd_lock,
	.unlock = vd_unlock,
};

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

/* Queue @qi serves (lock held): DRIVER_OK, no NEEDS_RESET, ready. */
static int q_live(const struct scmia_sim_virtio *d, unsigned qi)
{
	return (d->status & ST_DRIVER_OK) && !(d->status & ST_NEEDS_RESET) && d->q[qi].ready &&
	       d->q[qi].num;
}

/* Interrupt with @bits (lock not held); while a flush publishes, one is
 * kept for its end. */
static void irq_raise(struct scmia_sim_virtio *d, uint32_t bits)
{
	void (*cb)(void *);
	void *ctx;

	dlock(d);
	d->int_status |= bits;
	if (d->irq_mute && bits == INT_VRING) {
		d->irq_due = 1;
		dunlock(d);
		return;
	}
	d->st.irqs++;
	cb = d->cfg.irq;
	ctx = d->cfg.irq_ctx;
	dunlock(d);
	if (cb)
		cb(ctx);
}

/* The device half's interrupt hook. */
static void vd_irq(void *ctx)
{
	irq_raise((struct scmia_sim_virtio *)ctx, INT_VRING);
}

/* Pop the next armed corruption of @qi if it is of @kind (lock held). */
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

/*
 * Set by vd_used() when the entry of the answer being published is held or
 * changed by an armed corruption: the driver does not get that answer now
 * as it was sent (see lost_taint()). Per thread: the hook runs inside the
 * port op's own call of the device half, on the port op's thread.
 */
static _Thread_local int vd_lost;

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

/*
 * The device half's used-entry hook (lock held): publish as it comes, or
 * keep the entry, changed by an armed corruption, held, or behind one
 * kept already in this call (published by out_flush() after the call).
 */
static int vd_used(void *ctx, unsigned qi, uint32_t id, uint32_t len)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	struct scmia_sim_virtio_q *q = &d->q[qi];
	uint32_t arg, jump = 0;
	unsigned copies = 1, k;
	int changed = 1;

	if (qi == 1u && d->p2a_patch && len >= 4u) {
		/* A header the device half would not send: over the one it
		 * wrote, before the entry is published. */
		uint8_t *buf = NULL;

		d->p2a_patch = 0;
		if (id < q->num) {
			uint8_t *de = dma_map(d, q->desc + (uint64_t)id * 16u, 16u);

			if (de)
				buf = dma_map(d, (uint64_t)ld32(de) | ((uint64_t)ld32(de + 4) << 32),
					      4u);
		}
		if (buf)
			st32(buf, d->p2a_hdr);
	}
	if (corrupt_take(d, qi, SCMIA_SIM_VIRTIO_C_BAD_ID, &arg))
		id = arg;
	else if (corrupt_take(d, qi, SCMIA_SIM_VIRTIO_C_BAD_LEN, &arg))
		len = arg;
	else if (corrupt_take(d, qi, SCMIA_SIM_VIRTIO_C_DUP, &arg))
		copies = 2;
	else if (corrupt_take(d, qi, SCMIA_SIM_VIRTIO_C_IDX_JUMP, &arg))
		jump = arg;
	else
		changed = 0;
	if (changed || d->hold)
		vd_lost = 1;

	if (d->hold) {
		for (k = 0; k < copies && q->n_held < SCMIA_SIM_VIRTIO_QMAX; k++) {
			q->held[q->n_held].id = id;
			q->held[q->n_held].len = len;
			q->n_held++;
		}
		return 1;
	}
	if (!changed && !q->n_out) {
		d->st.used++;
		return 0;
	}
	if (q->n_out + copies > sizeof(q->out) / sizeof(q->out[0]))
		return 0; /* cannot happen: one entry per call of the glue */
	for (k = 0; k < copies; k++) {
		q->out[q->n_out].id = id;
		q->out[q->n_out].len = len;
		q->n_out++;
	}
	q->jump += jump;
	return 1;
}

/* Publish what vd_used() kept during the last call (lock not held). */
static void out_flush(struct scmia_sim_virtio *d)
{
	struct scmia_virtio_dev_used e[sizeof(d->q[0].out) / sizeof(d->q[0].out[0])];
	unsigned qi, n;
	uint32_t jump;

	for (qi = 0; qi < 2u; qi++) {
		dlock(d);
		n = d->q[qi].n_out;
		jump = d->q[qi].jump;
		memcpy(e, d->q[qi].out, n * sizeof(e[0]));
		d->q[qi].n_out = 0;
		d->q[qi].jump = 0;
		if (n && jump) {
			/* The index moves past the entries: the jump shows
			 * with them (the device half's next publish moves it
			 * back: one bad index, then a sane one). */
			d->irq_mute++;
		}
		dunlock(d);
		if (!n)
			continue;
		if (scmia_virtio_dev_publish(&d->vdev, qi, e, n) == SCMIA_OK) {
			dlock(d);
			d->st.used += n;
			dunlock(d);
		}
		if (jump) {
			int due;

			dlock(d);
			if (q_live(d, qi)) {
				uint8_t *ix = dma_map(d, d->q[qi].dev + 2u, 2u);

				if (ix) {
					uint16_t v = host_le16(atomic_load_explicit(
						(_Atomic uint16_t *)(void *)ix, memory_order_relaxed));

					atomic_store_explicit((_Atomic uint16_t *)(void *)ix,
							      host_le16((uint16_t)(v + jump)),
							      memory_order_release);
				}
			}
			d->irq_mute--;
			due = d->irq_due && !d->irq_mute;
			if (due)
				d->irq_due = 0;
			dunlock(d);
			if (due)
				irq_raise(d, INT_VRING);
		}
	}
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
	d->p2a_patch = 0;
	memset(d->q, 0, sizeof(d->q));
	memset(d->tok_busy, 0, sizeof(d->tok_busy));
	(void)scmia_virtio_dev_reset(&d->vdev);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

/* Where the device half's handler puts a command: the taker's buffer.
 * One taker at a time (the engine's thread, or the test's poll); a
 * taker nested in the interrupt hook stacks its own. */
struct scmia_sim_virtio_cap {
	uint8_t *buf;
	uint32_t cap, hdr, len;
	int got;
};

/* The device half's handler: the command goes to the taker and its token
 * is mapped to the request number. */
static void vd_cmd(void *ctx, void *srv, uint32_t req, uint32_t hdr, const void *payload,
		   uint32_t len)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	struct scmia_sim_virtio_cap *c;
	uint32_t t = scmia_hdr_token(hdr);

	(void)srv;
	dlock(d);
	if (d->tok_busy[t])
		d->st.token_reuse++;
	d->tok_req[t] = req;
	d->tok_busy[t] = 1;
	c = d->cap;
	dunlock(d);
	if (!c)
		return; /* cannot happen: only takers call the device half's notify */
	c->hdr = hdr;
	c->len = len;
	if (len)
		memcpy(c->buf, payload, len < c->cap ? len : c->cap);
	c->got = 1;
}

/* Take the next command: 1 with it, 0 when none. */
static int cmd_take(struct scmia_sim_virtio *d, uint32_t *hdr, void *buf, uint32_t cap,
		    uint32_t *len)
{
	struct scmia_sim_virtio_cap c, *prev;
	int rc, live;

	memset(&c, 0, sizeof(c));
	c.buf = (uint8_t *)buf;
	c.cap = cap;
	dlock(d);
	prev = d->cap;
	d->cap = &c;
	dunlock(d);
	for (;;) {
		dlock(d);
		live = q_live(d, 0);
		dunlock(d);
		if (!live)
			break;
		/* Budget 1: one chain per call, refused ones included. */
		rc = scmia_virtio_dev_notify(&d->vdev, 0);
		if (c.got || (rc != 1 && rc != SCMIA_EAGAIN))
			break;
	}
	dlock(d);
	d->cap = prev;
	dunlock(d);
	out_flush(d);
	*hdr = c.hdr;
	*len = c.len;
	return c.got;
}

/* ------------------------------------------------------------------ */
/* Port ops                                                            */
/* ------------------------------------------------------------------ */

static int vd_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	uint32_t t = scmia_hdr_token(hdr), req, arg, sent = hdr;

	dlock(d);
	if (chan != 0 || !d->tok_busy[t] || !q_live(d, 0)) {
		/* No chain for it: a duplicate, a corrupted token, or a
		 * command from before a reset. A device cannot send it. */
		d->st.unmatched++;
		dunlock(d);
		return SCMIA_OK;
	}
	req = d->tok_req[t];
	d->tok_busy[t] = 0;
	if (corrupt_take(d, 0, SCMIA_SIM_VIRTIO_C_HDR_XOR, &arg))
		hdr ^= arg;
	dunlock(d);
	vd_lost = hdr != sent;
	if (scmia_virtio_dev_reply(&d->vdev, req, hdr, body, len) != SCMIA_OK) {
		dlock(d);
		d->st.unmatched++; /* reset meanwhile */
		dunlock(d);
	}
	if (vd_lost)
		lost_taint(d, sent);
	out_flush(d);
	return SCMIA_OK;
}

static int vd_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_virtio *d = (struct scmia_sim_virtio *)ctx;
	uint32_t sent = hdr;
	int rc;

	if (len > SCMIA_SIM_MSG_MAX)
		len = SCMIA_SIM_MSG_MAX;
	dlock(d);
	if (chan != 0 || !(d->drv_features & F_P2A) || !q_live(d, 1)) {
		dunlock(d);
		return SCMIA_ENOENT; /* no eventq: dropped */
	}
	if (scmia_hdr_reserved(hdr) || (scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_NOTIFICATION &&
					scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_DELAYED_RESP)) {
		/* A faulty platform's header: sent as a notification, its
		 * header written over before the entry is published. */
		sent = scmia_hdr_pack(scmia_hdr_msg_id(hdr), SCMIA_MSG_TYPE_NOTIFICATION,
				      scmia_hdr_proto_id(hdr), scmia_hdr_token(hdr));
		d->p2a_hdr = hdr;
		d->p2a_patch = 1;
	}
	dunlock(d);
	vd_lost = 0;
	rc = scmia_virtio_dev_p2a(&d->vdev, sent, body, len);
	dlock(d);
	d->p2a_patch = 0; /* not taken: no buffer for it */
	dunlock(d);
	if (vd_lost)
		lost_taint(d, hdr);
	out_flush(d);
	if (rc == SCMIA_OK)
		return SCMIA_OK;
	return rc == SCMIA_ENOSPC ? SCMIA_ENOSPC : SCMIA_ENOENT;
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
	*chan = 0;
	return cmd_take((struct scmia_sim_virtio *)ctx, hdr, buf, cap, len);
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
			   (d->status & ST_DRIVER_OK)) {
			violation(d, "QueueReady with a bad size, address or after DRIVER_OK");
		} else if (scmia_virtio_dev_queue(&d->vdev, d->qsel, (uint16_t)q->num, q->desc,
						  q->drv, q->dev) != SCMIA_OK) {
			/* Rings outside the DMA windows, or misaligned. */
			d->st.dma_faults++;
			violation(d, "QueueReady with a bad size, address or after DRIVER_OK");
		} else {
			q->ready = 1;
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
		if ((val & ST_DRIVER_OK) && !(d->status & ST_DRIVER_OK)) {
			uint64_t f = d->drv_features & (F_P2A | F_EVENT_IDX);

			/* The device half serves from now on: with the eventq
			 * if the driver made it ready (P2A without one: p2a
			 * messages are dropped, as with no eventq). Without a
			 * ready cmdq it stays idle. */
			if (!d->q[1].ready)
				f &= ~F_P2A;
			if (d->q[0].ready)
				(void)scmia_virtio_dev_start(&d->vdev, f);
			kick = 1;
		}
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
	struct scmia_virtio_dev_cfg vc;
	pthread_mutexattr_t a;
	int bad;

	if (!dev || !sim || !cfg || !cfg->n_win || cfg->n_win > SCMIA_SIM_VIRTIO_WINDOWS ||
	    cfg->cmdq_max > SCMIA_SIM_VIRTIO_QMAX || cfg->eventq_max > SCMIA_SIM_VIRTIO_QMAX)
		return SCMIA_EINVAL;
	memset(dev, 0, sizeof(*dev));
	if (pthread_mutexattr_init(&a))
		return SCMIA_EIO;
	bad = pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE) ||
	      pthread_mutex_init(&dev->lock, &a);
	pthread_mutexattr_destroy(&a);
	if (bad)
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
	for (unsigned i = 0; i < cfg->n_win; i++) {
		dev->win[i].base = cfg->win[i].base;
		dev->win[i].size = cfg->win[i].size;
		dev->win[i].gpa = cfg->win[i].bus;
	}
	memset(&vc, 0, sizeof(vc));
	vc.win = dev->win;
	vc.n_win = cfg->n_win;
	vc.cmd = vd_cmd;
	vc.cmd_ctx = dev;
	vc.irq = vd_irq;
	vc.irq_ctx = dev;
	vc.used = vd_used;
	vc.used_ctx = dev;
	vc.os = &vd_os;
	vc.os_ctx = &dev->lock;
	vc.reqs = dev->reqs;
	vc.n_reqs = SCMIA_SIM_VIRTIO_QMAX;
	vc.eventq_max = SCMIA_SIM_VIRTIO_QMAX;
	vc.budget = 1;
	if (scmia_virtio_dev_init(&dev->vdev, &vc) != SCMIA_OK) {
		pthread_mutex_destroy(&dev->lock);
		return SCMIA_EINVAL; /* a window with no memory */
	}
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
	int n = 0;

	if (!dev || !dev->sim)
		return SCMIA_EINVAL;
	while (cmd_take(dev, &hdr, buf, sizeof(buf), &len) > 0) {
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
	struct scmia_virtio_dev_used e[SCMIA_SIM_VIRTIO_QMAX];
	int n = 0, due;

	if (!dev)
		return SCMIA_EINVAL;
	dlock(dev);
	dev->irq_mute++; /* one interrupt for the lot */
	dunlock(dev);
	for (unsigned qi = 0; qi < 2u; qi++) {
		struct scmia_sim_virtio_q *q = &dev->q[qi];
		unsigned k, m;
		int live;

		dlock(dev);
		m = (queues & (1u << qi)) ? q->n_held : 0u;
		for (k = 0; k < m; k++)
			e[k] = q->held[reverse ? m - 1u - k : k];
		if (m)
			q->n_held = 0;
		live = q_live(dev, qi);
		dunlock(dev);
		/* Not live: nowhere to publish, lost as in a reset. */
		if (!m || !live || scmia_virtio_dev_publish(&dev->vdev, qi, e, m) != SCMIA_OK)
			continue;
		dlock(dev);
		dev->st.used += m;
		dunlock(dev);
		n += (int)m;
	}
	dlock(dev);
	dev->irq_mute--;
	due = dev->irq_due && !dev->irq_mute;
	if (due)
		dev->irq_due = 0;
	dunlock(dev);
	if (due)
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
	struct scmia_virtio_dev_used e;
	int live;

	if (!dev || queue > 1u)
		return SCMIA_EINVAL;
	e.id = id;
	e.len = len;
	dlock(dev);
	live = q_live(dev, queue);
	dunlock(dev);
	if (!live || scmia_virtio_dev_publish(&dev->vdev, queue, &e, 1) != SCMIA_OK)
		return SCMIA_ESTATE;
	dlock(dev);
	dev->st.used++;
	dunlock(dev);
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
	if (!dev)
		return 0;
	return scmia_virtio_dev_pending(&dev->vdev);
}

unsigned scmia_sim_virtio_event_bufs(struct scmia_sim_virtio *dev)
{
	unsigned n = 0;

	if (!dev)
		return 0;
	dlock(dev);
	if (q_live(dev, 1))
		n = scmia_virtio_dev_posted(&dev->vdev, 1);
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
	struct scmia_virtio_dev_stats v;

	(void)scmia_virtio_dev_counters(&dev->vdev, &v);
	dlock(dev);
	*out = dev->st;
	dunlock(dev);
	/* What the device half counts. */
	out->requests = v.commands;
	out->responses = v.replies;
	out->truncated = v.truncated;
	out->events = v.events;
	out->event_no_buf = v.notif_drops + v.dresp_drops;
	out->bad_chain = v.bad_chain + v.bad_head + v.bad_hdr + v.ev_bad;
	out->dma_faults += v.bad_addr;
	out->violations += out->bad_chain + v.bad_index;
}

const char *scmia_sim_virtio_violation(struct scmia_sim_virtio *dev)
{
	struct scmia_virtio_dev_stats v;
	const char *s;

	(void)scmia_virtio_dev_counters(&dev->vdev, &v);
	dlock(dev);
	s = dev->last_violation;
	dunlock(dev);
	if (s)
		return s;
	if (v.bad_index)
		return "available index moved by more than the queue size";
	if (v.bad_head)
		return "available entry out of range or in flight";
	if (v.bad_chain || v.bad_hdr)
		return "malformed cmdq chain";
	if (v.ev_bad)
		return "malformed eventq buffer";
	return NULL;
}

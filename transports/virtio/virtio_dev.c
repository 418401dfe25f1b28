/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-scmi device side (scmia_virtio_dev.h): split virtqueues read and
 * written from the device's point of view, in guest memory reached only
 * through the host's windows.
 *
 *   driver: descriptors, avail ring, avail idx (release), QueueNotify
 *   device: avail idx (acquire) -> head -> descriptors (read once, checked)
 *           -> command copied out -> handler ... reply -> writable buffer,
 *           used entry, used idx (release), fence, interrupt decision
 *
 * Layout (virtio 1.x §2.7, little-endian): descriptor 16 bytes (addr 8,
 * len 4, flags 2, next 2); avail: flags 2, idx 2, ring[num] 2 each,
 * used_event 2; used: flags 2, idx 2, ring[num] of (id 4, len 4),
 * avail_event 2.
 *
 * A request number is (generation of the head << 16) | head: a head is
 * reused by the driver for later chains, each use gets a new generation,
 * so a reply never lands in a later chain of the same head.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/error.h"
#include "scmia/header.h"
#include "scmia_virtio_dev.h"

#define D_NEXT 1u
#define D_WRITE 2u
#define D_INDIRECT 4u
#define AVAIL_NO_INTERRUPT 1u

#define DEF_BUDGET 64u
#define DEF_EVENTQ_MAX 256u

/* ------------------------------------------------------------------ */
/* Guest memory                                                        */
/* ------------------------------------------------------------------ */

static scmia_lock_key_t dlock(const struct scmia_virtio_dev *d)
{
	return (d->os && d->os->lock) ? d->os->lock(d->os_ctx) : 0u;
}

static void dunlock(const struct scmia_virtio_dev *d, scmia_lock_key_t k)
{
	if (d->os && d->os->lock)
		d->os->unlock(d->os_ctx, k);
}

/* Host address of [gpa, gpa + len), or NULL when no window holds it all. */
static uint8_t *map(const struct scmia_virtio_dev *d, uint64_t gpa, uint64_t len)
{
	unsigned i;

	if (!len)
		return NULL;
	for (i = 0; i < d->n_win; i++) {
		const struct scmia_virtio_dev_window *w = &d->win[i];

		if (gpa >= w->gpa && len <= w->size && gpa - w->gpa <= w->size - len)
			return (uint8_t *)w->base + (size_t)(gpa - w->gpa);
	}
	return NULL;
}

static uint16_t le16_fix(uint16_t v)
{
	const uint16_t one = 1u;
	uint8_t first;

	memcpy(&first, &one, 1);
	if (first == 1u)
		return v;
	return (uint16_t)((v >> 8) | (v << 8));
}

static _Atomic uint16_t *a16(uint8_t *p)
{
	return (_Atomic uint16_t *)(void *)p;
}

static uint16_t ld16_acq(uint8_t *p)
{
	return le16_fix(atomic_load_explicit(a16(p), memory_order_acquire));
}

static void st16_rel(uint8_t *p, uint16_t v)
{
	atomic_store_explicit(a16(p), le16_fix(v), memory_order_release);
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* The three rings of a ready queue, mapped (checked at queue set-up). */
struct rings {
	uint8_t *desc, *avail, *used;
	uint16_t num;
};

static int rings_of(const struct scmia_virtio_dev *d, unsigned qi, struct rings *r)
{
	const struct scmia_virtio_dev_q *q = &d->q[qi];

	r->num = q->num;
	if (!q->num)
		return 0;
	r->desc = map(d, q->desc, (uint64_t)q->num * 16u);
	r->avail = map(d, q->avail, 6u + (uint64_t)q->num * 2u);
	r->used = map(d, q->used, 6u + (uint64_t)q->num * 8u);
	return r->desc && r->avail && r->used;
}

struct vdesc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* Read a descriptor once: the driver may change it at any time after. */
static void desc_read(const struct rings *r, uint16_t i, struct vdesc *v)
{
	const uint8_t *p = r->desc + (size_t)i * 16u;

	v->addr = (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32);
	v->len = rd32(p + 8);
	v->flags = rd16(p + 12);
	v->next = rd16(p + 14);
}

/*
 * Next available head of queue @qi (lock held): 1 with *head, 0 when none,
 * -1 for an entry naming no descriptor (consumed), SCMIA_EPROTO when the
 * index jumped (queue broken).
 */
static int avail_pop(struct scmia_virtio_dev *d, unsigned qi, const struct rings *r, uint16_t *head)
{
	struct scmia_virtio_dev_q *q = &d->q[qi];
	uint16_t idx = ld16_acq(r->avail + 2), h;

	if (idx == q->last_avail)
		return 0;
	if ((uint16_t)(idx - q->last_avail) > r->num) {
		q->broken = 1;
		d->st.bad_index++;
		return SCMIA_EPROTO;
	}
	h = rd16(r->avail + 4 + (size_t)(q->last_avail & (r->num - 1u)) * 2u);
	q->last_avail++;
	/* avail_event (event idx): notify the device at the next entry. */
	st16_rel(r->used + 4 + (size_t)r->num * 8u, q->last_avail);
	if (h >= r->num) {
		d->st.bad_head++;
		return -1;
	}
	*head = h;
	return 1;
}

/* Write a used entry, index not published yet (lock held). */
static void used_write(struct scmia_virtio_dev *d, unsigned qi, const struct rings *r, uint32_t id,
		       uint32_t len)
{
	struct scmia_virtio_dev_q *q = &d->q[qi];
	uint8_t *e = r->used + 4 + (size_t)(q->used_idx & (r->num - 1u)) * 8u;

	wr32(e, id);
	wr32(e + 4, len);
	q->used_idx++;
}

/* Publish the used index after entries [old, now) were written (lock
 * held). Returns 1 when the driver wants the interrupt for them. */
static int used_publish(struct scmia_virtio_dev *d, const struct rings *r, uint16_t old,
			uint16_t now)
{
	/* The entries before the index (release), the index before the
	 * look at the driver's suppression fields (full fence: the driver
	 * may be updating them on another CPU right now). */
	st16_rel(r->used + 2, now);
	atomic_thread_fence(memory_order_seq_cst);
	if (old == now)
		return 0;
	if (d->features & SCMIA_VIRTIO_DEV_F_EVENT_IDX) {
		uint16_t ev = ld16_acq(r->avail + 4 + (size_t)r->num * 2u);

		if ((uint16_t)(now - ev - 1u) < (uint16_t)(now - old))
			return 1;
	} else if (!(ld16_acq(r->avail) & AVAIL_NO_INTERRUPT)) {
		return 1;
	}
	d->st.suppressed++;
	return 0;
}

/* A chain is done: publish its used entry, unless the host's hook keeps it
 * (lock held). Returns 1 when the driver wants the interrupt for it. */
static int used_push(struct scmia_virtio_dev *d, unsigned qi, const struct rings *r, uint32_t id,
		     uint32_t len)
{
	uint16_t old = d->q[qi].used_idx;

	if (d->used && d->used(d->used_ctx, qi, id, len))
		return 0;
	used_write(d, qi, r, id, len);
	return used_publish(d, r, old, d->q[qi].used_idx);
}

static void raise_irq(struct scmia_virtio_dev *d, int irq)
{
	scmia_lock_key_t k;

	if (!irq || !d->irq)
		return;
	k = dlock(d);
	d->st.irqs++;
	dunlock(d, k);
	d->irq(d->irq_ctx);
}

static int q_live(const struct scmia_virtio_dev *d, unsigned qi)
{
	return d->live && d->q[qi].num && !d->q[qi].broken;
}

/* ------------------------------------------------------------------ */
/* Set-up                                                              */
/* ------------------------------------------------------------------ */

static int pow2(uint32_t n)
{
	return n && !(n & (n - 1u));
}

int scmia_virtio_dev_init(struct scmia_virtio_dev *dev, const struct scmia_virtio_dev_cfg *cfg)
{
	unsigned i;

	if (!dev || !cfg || !cfg->cmd || !cfg->win || !cfg->n_win ||
	    cfg->n_win > SCMIA_VIRTIO_DEV_WINDOWS || !cfg->reqs || !cfg->n_reqs ||
	    cfg->n_reqs > 1024u || (cfg->eventq_max && !pow2(cfg->eventq_max)) ||
	    (cfg->backlog_len && !cfg->backlog) ||
	    (cfg->os && !cfg->os->lock != !cfg->os->unlock))
		return SCMIA_EINVAL;
	for (i = 0; i < cfg->n_win; i++)
		if (!cfg->win[i].base || !cfg->win[i].size)
			return SCMIA_EINVAL;
	memset(dev, 0, sizeof(*dev));
	memcpy(dev->win, cfg->win, sizeof(cfg->win[0]) * cfg->n_win);
	dev->n_win = cfg->n_win;
	dev->cmd = cfg->cmd;
	dev->cmd_ctx = cfg->cmd_ctx;
	dev->irq = cfg->irq;
	dev->irq_ctx = cfg->irq_ctx;
	dev->used = cfg->used;
	dev->used_ctx = cfg->used_ctx;
	dev->os = cfg->os;
	dev->os_ctx = cfg->os_ctx;
	dev->reqs = cfg->reqs;
	dev->n_reqs = cfg->n_reqs;
	dev->eventq_max = cfg->eventq_max ? cfg->eventq_max : DEF_EVENTQ_MAX;
	dev->backlog = cfg->backlog_len ? cfg->backlog : NULL;
	dev->backlog_len = cfg->backlog_len;
	dev->budget = cfg->budget ? cfg->budget : DEF_BUDGET;
	memset(dev->reqs, 0, sizeof(dev->reqs[0]) * dev->n_reqs);
	return SCMIA_OK;
}

int scmia_virtio_dev_queue(struct scmia_virtio_dev *dev, unsigned qi, uint16_t num, uint64_t desc,
			   uint64_t avail, uint64_t used)
{
	struct scmia_virtio_dev_q *q;
	scmia_lock_key_t k;
	int ret = SCMIA_OK;

	if (!dev || !dev->cmd || qi > SCMIA_VIRTIO_DEV_EVENTQ || !pow2(num) ||
	    num > (qi == SCMIA_VIRTIO_DEV_CMDQ ? dev->n_reqs : dev->eventq_max) || (desc & 15u) ||
	    (avail & 1u) || (used & 3u) || !map(dev, desc, (uint64_t)num * 16u) ||
	    !map(dev, avail, 6u + (uint64_t)num * 2u) || !map(dev, used, 6u + (uint64_t)num * 8u))
		return SCMIA_EINVAL;
	k = dlock(dev);
	if (dev->live) {
		ret = SCMIA_ESTATE;
	} else {
		q = &dev->q[qi];
		memset(q, 0, sizeof(*q));
		q->desc = desc;
		q->avail = avail;
		q->used = used;
		q->num = num;
	}
	dunlock(dev, k);
	return ret;
}

int scmia_virtio_dev_start(struct scmia_virtio_dev *dev, uint64_t features)
{
	scmia_lock_key_t k;
	int ret = SCMIA_OK;

	if (!dev || !dev->cmd)
		return SCMIA_EINVAL;
	k = dlock(dev);
	if (!dev->q[SCMIA_VIRTIO_DEV_CMDQ].num ||
	    ((features & SCMIA_VIRTIO_DEV_F_P2A) && !dev->q[SCMIA_VIRTIO_DEV_EVENTQ].num)) {
		ret = SCMIA_ESTATE;
	} else {
		dev->features = features;
		dev->live = 1;
	}
	dunlock(dev, k);
	return ret;
}

int scmia_virtio_dev_reset(struct scmia_virtio_dev *dev)
{
	scmia_lock_key_t k;
	unsigned i;

	if (!dev || !dev->cmd)
		return SCMIA_EINVAL;
	k = dlock(dev);
	dev->live = 0;
	dev->features = 0;
	memset(dev->q, 0, sizeof(dev->q));
	/* Each pending request goes: a late reply is refused (not busy),
	 * and a new chain of the head takes a new generation. */
	for (i = 0; i < dev->n_reqs; i++)
		dev->reqs[i].busy = 0;
	dev->bl_head = 0;
	dev->bl_count = 0;
	dev->st.resets++;
	dunlock(dev, k);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* cmdq                                                                */
/* ------------------------------------------------------------------ */

/*
 * Take one command (lock held). Returns 1 with *req, *hdr, *len and the
 * parameters in @payload, 0 when none, -1 for a chain refused (consumed; *irq set
 * when its buffers went back), SCMIA_EPROTO when the queue broke.
 */
static int cmd_take(struct scmia_virtio_dev *d, const struct rings *r, uint8_t *payload,
		    uint32_t *req, uint32_t *hdr, uint32_t *len, int *irq)
{
	struct vdesc rq, rs;
	const uint8_t *in;
	uint16_t head;
	uint32_t h, n;
	int rc, shape;

	rc = avail_pop(d, SCMIA_VIRTIO_DEV_CMDQ, r, &head);
	if (rc <= 0)
		return rc;
	if (d->reqs[head].busy) {
		/* A head the device still owns: the driver reused it. Its
		 * pending chain keeps it; nothing is returned for this one. */
		d->st.bad_head++;
		return -1;
	}
	desc_read(r, head, &rq);
	memset(&rs, 0, sizeof(rs));
	rs.flags = D_NEXT; /* wrong until read */
	/* (A chain looping onto its head reads the head as its second
	 * descriptor: NEXT set, not writable, refused by its shape.) */
	if (!(rq.flags & (D_WRITE | D_INDIRECT)) && (rq.flags & D_NEXT) && rq.next < r->num)
		desc_read(r, rq.next, &rs);
	/* Shape: a readable header (+ parameters) then one writable buffer
	 * for header + status; then both must lie in guest memory. */
	shape = rq.len >= 4u && rq.len - 4u <= SCMIA_VIRTIO_DEV_MSG_MAX &&
		(rs.flags & (D_WRITE | D_NEXT | D_INDIRECT)) == D_WRITE && rs.len >= 8u;
	in = shape ? map(d, rq.addr, rq.len) : NULL;
	if (!in || !map(d, rs.addr, rs.len)) {
		if (shape)
			d->st.bad_addr++;
		d->st.bad_chain++;
		*irq |= used_push(d, SCMIA_VIRTIO_DEV_CMDQ, r, head, 0);
		return -1;
	}
	/* The command, copied once: header then parameters. */
	n = rq.len - 4u;
	h = rd32(in);
	memcpy(payload, in + 4, n);
	if (scmia_hdr_reserved(h) || scmia_hdr_type(h) != SCMIA_MSG_TYPE_COMMAND) {
		d->st.bad_hdr++;
		*irq |= used_push(d, SCMIA_VIRTIO_DEV_CMDQ, r, head, 0);
		return -1;
	}
	d->reqs[head].gen++;
	d->reqs[head].busy = 1;
	d->reqs[head].resp = rs.addr;
	d->reqs[head].cap = rs.len;
	d->st.commands++;
	*req = ((uint32_t)d->reqs[head].gen << 16) | head;
	*hdr = h;
	*len = n;
	return 1;
}

static int cmdq_run(struct scmia_virtio_dev *d)
{
	uint8_t payload[SCMIA_VIRTIO_DEV_MSG_MAX];
	struct rings r;
	scmia_lock_key_t k;
	unsigned taken = 0;
	int rc = 0;

	while (taken < d->budget) {
		uint32_t req = 0, hdr = 0, len = 0;
		int irq = 0;

		k = dlock(d);
		if (!q_live(d, SCMIA_VIRTIO_DEV_CMDQ) || !rings_of(d, SCMIA_VIRTIO_DEV_CMDQ, &r)) {
			d->st.not_ready++;
			dunlock(d, k);
			return taken ? (int)taken : SCMIA_ESTATE;
		}
		rc = cmd_take(d, &r, payload, &req, &hdr, &len, &irq);
		dunlock(d, k);
		raise_irq(d, irq);
		if (rc == SCMIA_EPROTO)
			return SCMIA_EPROTO;
		if (rc == 0)
			return (int)taken;
		taken++;
		if (rc > 0)
			d->cmd(d->cmd_ctx, d, req, hdr, payload, len);
	}
	/* More waiting? */
	k = dlock(d);
	rc = q_live(d, SCMIA_VIRTIO_DEV_CMDQ) && rings_of(d, SCMIA_VIRTIO_DEV_CMDQ, &r) &&
	     ld16_acq(r.avail + 2) != d->q[SCMIA_VIRTIO_DEV_CMDQ].last_avail;
	if (rc)
		d->st.budget_hits++;
	dunlock(d, k);
	return rc ? SCMIA_EAGAIN : (int)taken;
}

int scmia_virtio_dev_reply(void *p, uint32_t req, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_virtio_dev *d = (struct scmia_virtio_dev *)p;
	struct scmia_virtio_dev_req *rq;
	struct rings r;
	scmia_lock_key_t k;
	uint16_t head = (uint16_t)(req & 0xffffu);
	uint8_t *buf;
	uint32_t n;
	int irq = 0;

	if (!d || !d->cmd || (len && !body))
		return SCMIA_EINVAL;
	k = dlock(d);
	rq = head < d->n_reqs ? &d->reqs[head] : NULL;
	if (!rq || !rq->busy || rq->gen != (uint16_t)(req >> 16) ||
	    !q_live(d, SCMIA_VIRTIO_DEV_CMDQ) || head >= d->q[SCMIA_VIRTIO_DEV_CMDQ].num ||
	    !rings_of(d, SCMIA_VIRTIO_DEV_CMDQ, &r)) {
		d->st.stale++;
		dunlock(d, k);
		return SCMIA_ESTATE;
	}
	rq->busy = 0;
	buf = map(d, rq->resp, rq->cap);
	n = len <= UINT32_MAX - 4u ? 4u + len : UINT32_MAX;
	if (n > rq->cap) {
		n = rq->cap;
		d->st.truncated++;
	}
	if (buf) {
		wr32(buf, hdr);
		if (n > 4u)
			memcpy(buf + 4, body, n - 4u);
	}
	d->st.replies++;
	irq = used_push(d, SCMIA_VIRTIO_DEV_CMDQ, &r, head, buf ? n : 0u);
	dunlock(d, k);
	raise_irq(d, irq);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* eventq                                                              */
/* ------------------------------------------------------------------ */

static int is_notif(uint32_t hdr)
{
	return scmia_hdr_type(hdr) == SCMIA_MSG_TYPE_NOTIFICATION;
}

/* Write one message into the next posted eventq buffer (lock held).
 * Returns 1 when written, 0 when no buffer is posted; *irq accumulates. */
static int ev_write(struct scmia_virtio_dev *d, uint32_t hdr, const void *body, uint32_t len,
		    int *irq)
{
	struct rings r;
	struct vdesc v;
	uint8_t *buf;
	uint16_t head;
	uint32_t n;
	unsigned tries;
	int rc;

	if (!rings_of(d, SCMIA_VIRTIO_DEV_EVENTQ, &r))
		return 0;
	for (tries = 0; tries < d->budget; tries++) {
		rc = avail_pop(d, SCMIA_VIRTIO_DEV_EVENTQ, &r, &head);
		if (rc <= 0 && rc != -1)
			return 0; /* none posted, or broken */
		if (rc < 0)
			continue;
		desc_read(&r, head, &v);
		buf = ((v.flags & D_WRITE) && !(v.flags & (D_NEXT | D_INDIRECT)) && v.len >= 4u)
			      ? map(d, v.addr, v.len)
			      : NULL;
		if (!buf) {
			if ((v.flags & (D_WRITE | D_NEXT | D_INDIRECT)) == D_WRITE && v.len >= 4u)
				d->st.bad_addr++;
			d->st.ev_bad++;
			*irq |= used_push(d, SCMIA_VIRTIO_DEV_EVENTQ, &r, head, 0);
			continue;
		}
		n = 4u + len;
		if (n > v.len) {
			n = v.len;
			d->st.truncated++;
		}
		wr32(buf, hdr);
		if (n > 4u)
			memcpy(buf + 4, body, n - 4u);
		d->st.events++;
		*irq |= used_push(d, SCMIA_VIRTIO_DEV_EVENTQ, &r, head, n);
		return 1;
	}
	return 0;
}

/* Queue a message (lock held): the drop rules of the header. */
static int enqueue_locked(struct scmia_virtio_dev *d, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_virtio_dev_msg *m = NULL;
	uint16_t i;

	if (d->bl_count < d->backlog_len) {
		m = &d->backlog[(d->bl_head + d->bl_count) % d->backlog_len];
		d->bl_count++;
	} else if (!is_notif(hdr)) {
		for (i = d->bl_count; i > 0; i--) {
			uint16_t idx = (uint16_t)((d->bl_head + i - 1u) % d->backlog_len);

			if (is_notif(d->backlog[idx].hdr)) {
				m = &d->backlog[idx];
				d->st.evicted++;
				break;
			}
		}
	}
	if (!m) {
		if (is_notif(hdr))
			d->st.notif_drops++;
		else
			d->st.dresp_drops++;
		return SCMIA_ENOSPC;
	}
	m->hdr = hdr;
	m->len = len;
	if (len)
		memcpy(m->body, body, len);
	d->st.ev_queued++;
	return SCMIA_OK;
}

/* Send backlogged messages into posted buffers (lock held), oldest first,
 * at most the budget. Returns the number sent. */
static int drain_locked(struct scmia_virtio_dev *d, int *irq)
{
	int sent = 0;

	while (d->bl_count && sent < (int)d->budget) {
		struct scmia_virtio_dev_msg *m = &d->backlog[d->bl_head];

		if (!ev_write(d, m->hdr, m->body, m->len, irq))
			break;
		d->bl_head = (uint16_t)((d->bl_head + 1u) % d->backlog_len);
		d->bl_count--;
		sent++;
	}
	return sent;
}

int scmia_virtio_dev_p2a(void *p, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_virtio_dev *d = (struct scmia_virtio_dev *)p;
	scmia_lock_key_t k;
	int ret, irq = 0;

	if (!d || !d->cmd || (len && !body) || scmia_hdr_reserved(hdr) ||
	    (scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_NOTIFICATION &&
	     scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_DELAYED_RESP))
		return SCMIA_EINVAL;
	if (len > SCMIA_VIRTIO_DEV_MSG_MAX)
		len = SCMIA_VIRTIO_DEV_MSG_MAX; /* counted when written */
	k = dlock(d);
	if (!(d->features & SCMIA_VIRTIO_DEV_F_P2A) || !q_live(d, SCMIA_VIRTIO_DEV_EVENTQ)) {
		if (is_notif(hdr))
			d->st.notif_drops++;
		else
			d->st.dresp_drops++;
		dunlock(d, k);
		return SCMIA_ENOTSUP;
	}
	/* Behind the backlog, if any; else into a posted buffer. */
	(void)drain_locked(d, &irq);
	if (d->bl_count || !ev_write(d, hdr, body, len, &irq))
		ret = enqueue_locked(d, hdr, body, len);
	else
		ret = SCMIA_OK;
	dunlock(d, k);
	raise_irq(d, irq);
	return ret;
}

int scmia_virtio_dev_notify(struct scmia_virtio_dev *dev, unsigned qi)
{
	scmia_lock_key_t k;
	int n, irq = 0;

	if (!dev || !dev->cmd || qi > SCMIA_VIRTIO_DEV_EVENTQ)
		return SCMIA_EINVAL;
	k = dlock(dev);
	dev->st.notifies++;
	if (dev->q[qi].broken) {
		dunlock(dev, k);
		return SCMIA_EPROTO;
	}
	if (!q_live(dev, qi)) {
		dev->st.not_ready++;
		dunlock(dev, k);
		return SCMIA_ESTATE;
	}
	if (qi == SCMIA_VIRTIO_DEV_EVENTQ) {
		n = drain_locked(dev, &irq);
		dunlock(dev, k);
		raise_irq(dev, irq);
		return n;
	}
	dunlock(dev, k);
	return cmdq_run(dev);
}

int scmia_virtio_dev_publish(struct scmia_virtio_dev *dev, unsigned qi,
			     const struct scmia_virtio_dev_used *e, unsigned n)
{
	struct rings r;
	scmia_lock_key_t k;
	uint16_t old;
	unsigned i;
	int irq;

	if (!dev || !dev->cmd || qi > SCMIA_VIRTIO_DEV_EVENTQ || (n && !e))
		return SCMIA_EINVAL;
	k = dlock(dev);
	if (!q_live(dev, qi) || !rings_of(dev, qi, &r)) {
		dev->st.not_ready++;
		dunlock(dev, k);
		return SCMIA_ESTATE;
	}
	old = dev->q[qi].used_idx;
	for (i = 0; i < n; i++)
		used_write(dev, qi, &r, e[i].id, e[i].len);
	irq = used_publish(dev, &r, old, dev->q[qi].used_idx);
	dunlock(dev, k);
	raise_irq(dev, irq);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

unsigned scmia_virtio_dev_posted(struct scmia_virtio_dev *dev, unsigned qi)
{
	struct rings r;
	scmia_lock_key_t k;
	unsigned n = 0;

	if (!dev || !dev->cmd || qi > SCMIA_VIRTIO_DEV_EVENTQ)
		return 0;
	k = dlock(dev);
	if (q_live(dev, qi) && rings_of(dev, qi, &r)) {
		n = (uint16_t)(ld16_acq(r.avail + 2) - dev->q[qi].last_avail);
		if (n > r.num)
			n = 0;
	}
	dunlock(dev, k);
	return n;
}

int scmia_virtio_dev_counters(struct scmia_virtio_dev *dev, struct scmia_virtio_dev_stats *out)
{
	scmia_lock_key_t k;

	if (!dev || !out)
		return SCMIA_EINVAL;
	k = dlock(dev);
	*out = dev->st;
	dunlock(dev, k);
	return SCMIA_OK;
}

unsigned scmia_virtio_dev_pending(struct scmia_virtio_dev *dev)
{
	scmia_lock_key_t k;
	unsigned i, n = 0;

	if (!dev || !dev->reqs)
		return 0;
	k = dlock(dev);
	for (i = 0; i < dev->n_reqs; i++)
		n += dev->reqs[i].busy;
	dunlock(dev, k);
	return n;
}

int scmia_virtio_dev_broken(struct scmia_virtio_dev *dev)
{
	scmia_lock_key_t k;
	int b;

	if (!dev)
		return 0;
	k = dlock(dev);
	b = dev->q[0].broken || dev->q[1].broken;
	dunlock(dev, k);
	return b;
}

const struct scmia_server_ops scmia_virtio_dev_ops = {
	.reply = scmia_virtio_dev_reply,
	.p2a = scmia_virtio_dev_p2a,
};

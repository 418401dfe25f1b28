/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio bring-up (virtio 1.x §3.1.1 driver initialisation, §4.2.3
 * MMIO specifics), modern register layout (Version 2) only:
 *
 *   check MagicValue / Version / DeviceID
 *   reset (Status = 0, read back 0)
 *   Status |= ACKNOWLEDGE, then DRIVER
 *   read DeviceFeatures[0..1], write DriverFeatures[0..1]
 *   Status |= FEATURES_OK, read back: the device may refuse
 *   per queue: QueueSel, QueueReady == 0, QueueNumMax, QueueNum,
 *              QueueDesc/Driver/Device (64-bit), QueueReady = 1
 *   Status |= DRIVER_OK        <- only now may the device be used
 *   any failure after the reset: Status |= FAILED
 */
#include <string.h>

#include "scmia/scmia.h"
#include "scmia_virtio_mmio.h"

/* Features this driver can honour: split rings with SMP barriers. */
#define SUPPORTED_FEATURES                                          \
	(SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1) |                \
	 SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS) |        \
	 SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_EVENT_IDX) |                \
	 SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_ACCESS_PLATFORM))

_Static_assert(SCMIA_VIRTIO_MMIO_QUEUE_DRIVER_LOW == SCMIA_VIRTIO_MMIO_QUEUE_DESC_LOW + 0x10u &&
		       SCMIA_VIRTIO_MMIO_QUEUE_DEVICE_LOW == SCMIA_VIRTIO_MMIO_QUEUE_DESC_LOW + 0x20u &&
		       SCMIA_VIRTIO_MMIO_QUEUE_DRIVER_HIGH == SCMIA_VIRTIO_MMIO_QUEUE_DESC_HIGH + 0x10u &&
		       SCMIA_VIRTIO_MMIO_QUEUE_DEVICE_HIGH == SCMIA_VIRTIO_MMIO_QUEUE_DESC_HIGH + 0x20u,
	       "queue address registers 0x10 apart");

static uint32_t rd(struct scmia_virtio_mmio *m, uint32_t off)
{
	return m->ops->read32(m->ctx, off);
}

static void wr(struct scmia_virtio_mmio *m, uint32_t off, uint32_t val)
{
	m->ops->write32(m->ctx, off, val);
}

static void status_set(struct scmia_virtio_mmio *m, uint32_t bits)
{
	m->status |= bits;
	wr(m, SCMIA_VIRTIO_MMIO_STATUS, m->status);
}

int scmia_virtio_mmio_init(struct scmia_virtio_mmio *m, const struct scmia_virtio_mmio_ops *ops,
			   void *ctx)
{
	if (!m || !ops || !ops->read32 || !ops->write32)
		return SCMIA_EINVAL;
	memset(m, 0, sizeof(*m));
	m->ops = ops;
	m->ctx = ctx;
	return SCMIA_OK;
}

int scmia_virtio_mmio_reset(struct scmia_virtio_mmio *m)
{
	if (!m || !m->ops)
		return SCMIA_EINVAL;
	m->status = 0;
	wr(m, SCMIA_VIRTIO_MMIO_STATUS, 0);
	/* The reset is complete when Status reads 0 (virtio 1.x §4.2.3.1). */
	for (uint32_t i = 0; i < SCMIA_VIRTIO_MMIO_RESET_SPINS; i++)
		if (rd(m, SCMIA_VIRTIO_MMIO_STATUS) == 0)
			return SCMIA_OK;
	return SCMIA_EIO;
}

void scmia_virtio_mmio_fail(struct scmia_virtio_mmio *m)
{
	if (m && m->ops)
		status_set(m, SCMIA_VIRTIO_STATUS_FAILED);
}

static int give_up(struct scmia_virtio_mmio *m, uint8_t why, int err)
{
	m->fail = why;
	scmia_virtio_mmio_fail(m);
	return err;
}

int scmia_virtio_mmio_probe(struct scmia_virtio_mmio *m, uint64_t wanted, uint64_t *features)
{
	uint64_t dev, acc;

	if (!m || !m->ops)
		return SCMIA_EINVAL;
	m->fail = SCMIA_VIRTIO_MMIO_OK;
	m->features = 0;
	if (features)
		*features = 0;
	/* Identity first: nothing is written to a window that is not ours. */
	if (rd(m, SCMIA_VIRTIO_MMIO_MAGIC_VALUE) != SCMIA_VIRTIO_MMIO_MAGIC) {
		m->fail = SCMIA_VIRTIO_MMIO_BAD_MAGIC;
		return SCMIA_EPROTO;
	}
	if (rd(m, SCMIA_VIRTIO_MMIO_VERSION) != 2u) {
		m->fail = SCMIA_VIRTIO_MMIO_BAD_VERSION;
		return SCMIA_ENOTSUP;
	}
	m->device_id = rd(m, SCMIA_VIRTIO_MMIO_DEVICE_ID);
	if (m->device_id != SCMIA_VIRTIO_ID_SCMI) {
		m->fail = SCMIA_VIRTIO_MMIO_BAD_DEVICE;
		return SCMIA_ENOENT;
	}
	m->vendor_id = rd(m, SCMIA_VIRTIO_MMIO_VENDOR_ID);

	if (scmia_virtio_mmio_reset(m))
		return give_up(m, SCMIA_VIRTIO_MMIO_RESET_TIMEOUT, SCMIA_EIO);
	status_set(m, SCMIA_VIRTIO_STATUS_ACKNOWLEDGE);
	status_set(m, SCMIA_VIRTIO_STATUS_DRIVER);

	wr(m, SCMIA_VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	dev = rd(m, SCMIA_VIRTIO_MMIO_DEVICE_FEATURES);
	wr(m, SCMIA_VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	dev |= (uint64_t)rd(m, SCMIA_VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	m->dev_features = dev;
	if (!(dev & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1)))
		return give_up(m, SCMIA_VIRTIO_MMIO_NO_VERSION_1, SCMIA_ENOTSUP);

	/* SHARED_MEMORY is not in SUPPORTED_FEATURES: refused whatever the
	 * caller wants; the device must then do without it. */
	acc = dev & (wanted | SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1)) & SUPPORTED_FEATURES;
	wr(m, SCMIA_VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(m, SCMIA_VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)acc);
	wr(m, SCMIA_VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(m, SCMIA_VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(acc >> 32));

	status_set(m, SCMIA_VIRTIO_STATUS_FEATURES_OK);
	if (!(rd(m, SCMIA_VIRTIO_MMIO_STATUS) & SCMIA_VIRTIO_STATUS_FEATURES_OK))
		return give_up(m, SCMIA_VIRTIO_MMIO_FEATURES_REFUSED, SCMIA_EIO);
	m->features = acc;
	if (features)
		*features = acc;
	return SCMIA_OK;
}

uint32_t scmia_virtio_mmio_queue_max(struct scmia_virtio_mmio *m, uint32_t queue)
{
	if (!m || !m->ops)
		return 0;
	wr(m, SCMIA_VIRTIO_MMIO_QUEUE_SEL, queue);
	return rd(m, SCMIA_VIRTIO_MMIO_QUEUE_NUM_MAX);
}

int scmia_virtio_mmio_queue_setup(struct scmia_virtio_mmio *m, uint32_t queue,
				  const struct scmia_vring *vr)
{
	uint64_t a[3] = { 0, 0, 0 }; /* descriptor table, available ring, used ring */
	uint32_t max, i;

	if (!m || !m->ops || !vr)
		return SCMIA_EINVAL;
	wr(m, SCMIA_VIRTIO_MMIO_QUEUE_SEL, queue);
	if (rd(m, SCMIA_VIRTIO_MMIO_QUEUE_READY)) {
		m->fail = SCMIA_VIRTIO_MMIO_QUEUE_ABSENT;
		return SCMIA_ENOENT;
	}
	max = rd(m, SCMIA_VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!max) {
		m->fail = SCMIA_VIRTIO_MMIO_QUEUE_ABSENT;
		return SCMIA_ENOENT;
	}
	if (scmia_vring_num(vr) > max) {
		m->fail = SCMIA_VIRTIO_MMIO_QUEUE_SIZE;
		return SCMIA_ENOSPC;
	}
	wr(m, SCMIA_VIRTIO_MMIO_QUEUE_NUM, scmia_vring_num(vr));
	scmia_vring_addrs(vr, &a[0], &a[1], &a[2]);
	/* QueueDesc, QueueDriver, QueueDevice: low then high word, 0x10 apart. */
	for (i = 0; i < 3u; i++) {
		wr(m, SCMIA_VIRTIO_MMIO_QUEUE_DESC_LOW + 0x10u * i, (uint32_t)a[i]);
		wr(m, SCMIA_VIRTIO_MMIO_QUEUE_DESC_HIGH + 0x10u * i, (uint32_t)(a[i] >> 32));
	}
	wr(m, SCMIA_VIRTIO_MMIO_QUEUE_READY, 1);
	return SCMIA_OK;
}

int scmia_virtio_mmio_driver_ok(struct scmia_virtio_mmio *m)
{
	uint32_t st;

	if (!m || !m->ops)
		return SCMIA_EINVAL;
	status_set(m, SCMIA_VIRTIO_STATUS_DRIVER_OK);
	st = rd(m, SCMIA_VIRTIO_MMIO_STATUS);
	if ((st & SCMIA_VIRTIO_STATUS_NEEDS_RESET) || !(st & SCMIA_VIRTIO_STATUS_DRIVER_OK) ||
	    !(st & SCMIA_VIRTIO_STATUS_FEATURES_OK))
		return SCMIA_EIO;
	return SCMIA_OK;
}

uint32_t scmia_virtio_mmio_irq_ack(struct scmia_virtio_mmio *m)
{
	uint32_t st;

	if (!m || !m->ops)
		return 0;
	st = rd(m, SCMIA_VIRTIO_MMIO_INTERRUPT_STATUS);
	if (st)
		wr(m, SCMIA_VIRTIO_MMIO_INTERRUPT_ACK, st);
	return st;
}

void scmia_virtio_mmio_notify(void *ctx, uint16_t queue)
{
	struct scmia_virtio_mmio *m = (struct scmia_virtio_mmio *)ctx;

	if (m && m->ops)
		wr(m, SCMIA_VIRTIO_MMIO_QUEUE_NOTIFY, queue);
}

void scmia_virtio_mmio_reset_hook(void *ctx)
{
	(void)scmia_virtio_mmio_reset((struct scmia_virtio_mmio *)ctx);
}

uint32_t scmia_virtio_mmio_status(struct scmia_virtio_mmio *m)
{
	if (!m || !m->ops)
		return 0;
	return rd(m, SCMIA_VIRTIO_MMIO_STATUS);
}

int scmia_virtio_mmio_fail_reason(const struct scmia_virtio_mmio *m)
{
	return m ? m->fail : SCMIA_VIRTIO_MMIO_OK;
}

/* ------------------------------------------------------------------ */
/* The whole device                                                    */
/* ------------------------------------------------------------------ */

/* The largest power of two <= min(@want, @max, SCMIA_VRING_NUM_MAX); 0 for
 * 0. Not inlined: its two calls share it. */
static __attribute__((noinline)) uint16_t pow2_floor(uint32_t want, uint32_t max)
{
	uint32_t p = 1, v = want < max ? want : max;

	if (v > SCMIA_VRING_NUM_MAX)
		v = SCMIA_VRING_NUM_MAX;
	while (p * 2u <= v)
		p *= 2u;
	return (uint16_t)(v ? p : 0u);
}

int scmia_virtio_mmio_scmi_probe(struct scmia_virtio_mmio_scmi *d,
				 const struct scmia_virtio_mmio_scmi_cfg *cfg)
{
	struct scmia_virtio_mmio *m;
	const struct scmia_virtio_mmio_scmi_cfg *c;
	struct scmia_vring_cfg rc;
	uint64_t wanted, feat = 0;
	uint32_t cmax, emax = 0;
	uint16_t cnum, enm = 0;
	size_t coff;
	unsigned q, nq;
	int first, ret;

	if (!d)
		return SCMIA_EINVAL;
	first = !d->vio.init;
	if (first) {
		if (!cfg || !cfg->ops || !cfg->ring_mem || !cfg->slots)
			return SCMIA_EINVAL;
		memset(d, 0, sizeof(*d));
		d->cfg = *cfg;
		ret = scmia_virtio_mmio_init(&d->mmio, cfg->ops, cfg->ctx);
		if (ret)
			return ret;
	} else if (scmia_virtio_state(&d->vio) != SCMIA_VIRTIO_DOWN) {
		return SCMIA_ESTATE;
	}
	c = &d->cfg;
	m = &d->mmio;

	wanted = c->features | SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1);
	if (first ? c->eventq_num != 0u : d->eventq_num != 0u)
		wanted |= SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS);
	ret = scmia_virtio_mmio_probe(m, wanted, &feat);
	if (ret)
		return ret;

	/* Queue sizes: chosen once, so that the channels' max_msg stays
	 * valid across re-probes. */
	cmax = scmia_virtio_mmio_queue_max(m, SCMIA_VIRTIO_CMDQ);
	if (!cmax)
		return give_up(m, SCMIA_VIRTIO_MMIO_QUEUE_ABSENT, SCMIA_ENOENT);
	if (feat & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS)) {
		emax = scmia_virtio_mmio_queue_max(m, SCMIA_VIRTIO_EVENTQ);
		if (!emax)
			return give_up(m, SCMIA_VIRTIO_MMIO_QUEUE_ABSENT, SCMIA_ENOENT);
	}
	if (first) {
		cnum = pow2_floor(c->cmdq_num, cmax);
		if (emax)
			enm = pow2_floor(c->eventq_num, emax);
		if (cnum < 2u || (emax && enm < 2u))
			return give_up(m, SCMIA_VIRTIO_MMIO_QUEUE_SIZE, SCMIA_ENOSPC);
		if (((uintptr_t)c->ring_mem & 15u) ||
		    c->ring_mem_size < SCMIA_VIRTIO_MMIO_RING_MEM_SIZE(cnum, enm) ||
		    c->n_slots < (unsigned)cnum + enm)
			return give_up(m, SCMIA_VIRTIO_MMIO_SETUP, SCMIA_ENOSPC);
	} else {
		cnum = d->cmdq_num;
		enm = emax ? d->eventq_num : 0u;
		if (cnum > cmax || enm > emax)
			return give_up(m, SCMIA_VIRTIO_MMIO_QUEUE_SIZE, SCMIA_ENOSPC);
	}

	/* The cmdq (queue 0) at the start of the ring memory, the eventq
	 * (queue 1, when there is one) at the next 16-byte boundary; their
	 * buffers the first cnum slots and the next enm. */
	coff = SCMIA_VIRTIO_MMIO_ALIGN16(SCMIA_VRING_MEM_SIZE(cnum));
	memset(&rc, 0, sizeof(rc));
	rc.dma_addr = c->dma_addr;
	rc.dma_ctx = c->dma_ctx;
	rc.notify = scmia_virtio_mmio_notify;
	rc.notify_ctx = m;
	rc.event_idx = (feat & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_EVENT_IDX)) ? 1u : 0u;
	nq = enm ? 2u : 1u;
	for (q = 0; q < nq; q++) {
		rc.num = q ? enm : cnum;
		rc.queue = (uint8_t)q;
		rc.mem = (uint8_t *)c->ring_mem + (q ? coff : 0u);
		rc.mem_size = q ? SCMIA_VRING_MEM_SIZE(enm) : coff;
		rc.slots = c->slots + (q ? cnum : 0u);
		ret = scmia_vring_init(q ? &d->eventq : &d->cmdq, &rc);
		if (ret)
			return give_up(m, SCMIA_VIRTIO_MMIO_SETUP, ret);
	}
	for (q = 0; q < nq; q++) {
		ret = scmia_virtio_mmio_queue_setup(m, q, q ? &d->eventq : &d->cmdq);
		if (ret) {
			scmia_virtio_mmio_fail(m);
			return ret;
		}
	}

	if (first) {
		struct scmia_virtio_cfg vc;

		memset(&vc, 0, sizeof(vc));
		vc.cmdq = &d->cmdq;
		vc.eventq = enm ? &d->eventq : NULL;
		vc.shm = c->shm;
		vc.shm_size = c->shm_size;
		vc.msgs = c->msgs;
		vc.n_msgs = c->n_msgs;
		vc.os = c->os;
		vc.os_ctx = c->os_ctx;
		vc.reset = scmia_virtio_mmio_reset_hook;
		vc.reset_ctx = m;
		ret = scmia_virtio_init(&d->vio, &vc);
		if (ret)
			return give_up(m, SCMIA_VIRTIO_MMIO_SETUP, ret);
		d->cmdq_num = cnum;
		d->eventq_num = enm;
	}

	ret = scmia_virtio_mmio_driver_ok(m);
	if (ret)
		return give_up(m, SCMIA_VIRTIO_MMIO_SETUP, ret);
	/* DRIVER_OK is set: only now are eventq buffers posted and queues
	 * notified. */
	if (!enm)
		feat &= ~SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS);
	ret = scmia_virtio_start(&d->vio, feat);
	if (ret) {
		(void)scmia_virtio_stop(&d->vio);
		m->fail = SCMIA_VIRTIO_MMIO_SETUP;
		return ret;
	}
	return SCMIA_OK;
}

int scmia_virtio_mmio_scmi_remove(struct scmia_virtio_mmio_scmi *d)
{
	if (!d || !d->vio.init)
		return SCMIA_EINVAL;
	return scmia_virtio_stop(&d->vio);
}

int scmia_virtio_mmio_scmi_irq(struct scmia_virtio_mmio_scmi *d)
{
	uint32_t st;
	int n = 0, broken = 0;

	if (!d || !d->vio.init)
		return SCMIA_EINVAL;
	st = scmia_virtio_mmio_irq_ack(&d->mmio);
	if (st & SCMIA_VIRTIO_MMIO_INT_CONFIG) {
		if (scmia_virtio_mmio_status(&d->mmio) & SCMIA_VIRTIO_STATUS_NEEDS_RESET) {
			scmia_virtio_mark_broken(&d->vio);
			broken = 1;
		}
	}
	if (st & SCMIA_VIRTIO_MMIO_INT_VRING)
		n = scmia_virtio_process(&d->vio, SCMIA_VIRTIO_Q_ALL);
	if (broken)
		return SCMIA_EPROTO;
	return n;
}

struct scmia_virtio *scmia_virtio_mmio_scmi_vio(struct scmia_virtio_mmio_scmi *d)
{
	return d ? &d->vio : NULL;
}

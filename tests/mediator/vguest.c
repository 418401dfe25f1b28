/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtio-scmi guest and its device side (vguest.h).
 */
#include <string.h>

#include "vguest.h"

uint64_t vg_gpa(const struct vguest *v, const void *p)
{
	return (uint64_t)VG_GPA + (uint64_t)((const uint8_t *)p - v->mem);
}

static uint64_t vg_dma(void *ctx, const void *va)
{
	return vg_gpa((const struct vguest *)ctx, va);
}

static void vg_notify(void *ctx, uint16_t queue)
{
	struct vguest *v = (struct vguest *)ctx;

	/* A VMM traps the notify write and runs the device later. */
	if (queue < 2u)
		__atomic_store_n(&v->kicked[queue], 1, __ATOMIC_RELEASE);
}

static void vg_irq(void *ctx)
{
	struct vguest *v = (struct vguest *)ctx;

	/* in_irq then up here, up then in_irq in vg_down (both sequentially
	 * consistent): either this handler sees the agent down, or vg_down
	 * sees it running and waits for it. */
	__atomic_fetch_add(&v->irqs, 1u, __ATOMIC_RELAXED);
	__atomic_fetch_add(&v->in_irq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&v->up, __ATOMIC_SEQ_CST))
		(void)scmia_virtio_process(&v->vio, SCMIA_VIRTIO_Q_ALL);
	__atomic_fetch_sub(&v->in_irq, 1, __ATOMIC_SEQ_CST);
}

static void vg_reset(void *ctx)
{
	struct vguest *v = (struct vguest *)ctx;

	(void)scmia_virtio_dev_reset(&v->dev);
}

int vg_step(struct vguest *v)
{
	int n = 0, r;
	unsigned q;

	for (q = 0; q < 2u; q++) {
		if (!__atomic_exchange_n(&v->kicked[q], 0, __ATOMIC_ACQ_REL))
			continue;
		r = scmia_virtio_dev_notify(&v->dev, q);
		if (r == SCMIA_EAGAIN) /* more waiting: next step */
			__atomic_store_n(&v->kicked[q], 1, __ATOMIC_RELEASE);
		else if (r > 0)
			n += r;
	}
	return n;
}

int vg_init(struct vguest *v, const struct scmia_os_ops *agent_os, void *os_ctx,
	    scmia_server_cmd_fn cmd, void *cmd_ctx, int event_idx)
{
	return vg_init_locked(v, agent_os, os_ctx, cmd, cmd_ctx, event_idx, NULL, NULL, NULL);
}

int vg_init_locked(struct vguest *v, const struct scmia_os_ops *agent_os, void *os_ctx,
		   scmia_server_cmd_fn cmd, void *cmd_ctx, int event_idx,
		   const struct scmia_os_ops *lock_os, void *dev_ctx, void *drv_ctx)
{
	struct scmia_virtio_dev_cfg dc;
	struct scmia_vring_cfg rc;
	struct scmia_virtio_cfg vc;
	struct scmia_agent_cfg ac;
	struct scmia_chan_cfg cc;
	uint64_t d, a, u, features;
	int ret;

	memset(v, 0, sizeof(*v));
	/* Device: one window over the guest's memory. */
	v->win.base = v->mem;
	v->win.size = sizeof(v->mem);
	v->win.gpa = VG_GPA;
	memset(&dc, 0, sizeof(dc));
	dc.win = &v->win;
	dc.n_win = 1;
	dc.cmd = cmd;
	dc.cmd_ctx = cmd_ctx;
	dc.irq = vg_irq;
	dc.irq_ctx = v;
	dc.reqs = v->reqs;
	dc.n_reqs = VG_CMDQ;
	dc.eventq_max = VG_EVQ;
	dc.backlog = v->backlog;
	dc.backlog_len = 4;
	dc.os = lock_os;
	dc.os_ctx = dev_ctx;
	ret = scmia_virtio_dev_init(&v->dev, &dc);
	if (ret)
		return ret;

	/* Driver: rings and buffers in that memory. */
	memset(&rc, 0, sizeof(rc));
	rc.num = VG_CMDQ;
	rc.queue = 0;
	rc.mem = v->mem + VG_RING0;
	rc.mem_size = SCMIA_VRING_MEM_SIZE(VG_CMDQ);
	rc.slots = v->cslots;
	rc.dma_addr = vg_dma;
	rc.dma_ctx = v;
	rc.notify = vg_notify;
	rc.notify_ctx = v;
	rc.event_idx = (uint8_t)(event_idx ? 1 : 0);
	ret = scmia_vring_init(&v->cmdq, &rc);
	if (ret)
		return ret;
	rc.num = VG_EVQ;
	rc.queue = 1;
	rc.mem = v->mem + VG_RING1;
	rc.mem_size = SCMIA_VRING_MEM_SIZE(VG_EVQ);
	rc.slots = v->eslots;
	ret = scmia_vring_init(&v->evq, &rc);
	if (ret)
		return ret;
	memset(&vc, 0, sizeof(vc));
	vc.cmdq = &v->cmdq;
	vc.eventq = &v->evq;
	vc.shm = v->mem + VG_SHM;
	vc.shm_size = SCMIA_VIRTIO_SHM_SIZE(VG_CMDQ, VG_EVQ);
	vc.msgs = v->msgs;
	vc.n_msgs = SCMIA_VIRTIO_N_MSGS(VG_CMDQ, VG_EVQ);
	vc.reset = vg_reset;
	vc.reset_ctx = v;
	vc.os = lock_os;
	vc.os_ctx = drv_ctx;
	ret = scmia_virtio_init(&v->vio, &vc);
	if (ret)
		return ret;

	/* The driver's QueueReady and DRIVER_OK, as the VMM sees them. */
	scmia_vring_addrs(&v->cmdq, &d, &a, &u);
	ret = scmia_virtio_dev_queue(&v->dev, 0, VG_CMDQ, d, a, u);
	if (ret)
		return ret;
	scmia_vring_addrs(&v->evq, &d, &a, &u);
	ret = scmia_virtio_dev_queue(&v->dev, 1, VG_EVQ, d, a, u);
	if (ret)
		return ret;
	features = SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1) |
		   SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS) |
		   (event_idx ? SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_EVENT_IDX) : 0u);
	ret = scmia_virtio_dev_start(&v->dev, features);
	if (ret)
		return ret;
	ret = scmia_virtio_start(&v->vio, features);
	if (ret)
		return ret;

	memset(&ac, 0, sizeof(ac));
	ac.os = agent_os;
	ac.os_ctx = os_ctx;
	ac.transport = &scmia_virtio_transport;
	ac.transport_ctx = &v->vio;
	ac.flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	ret = scmia_agent_init(&v->agent, &ac);
	if (ret)
		return ret;
	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_A2P;
	cc.mem = v->mem_a2p;
	cc.mem_size = sizeof(v->mem_a2p);
	cc.reply_timeout_us = 30000;
	cc.dresp_timeout_us = 100000;
	ret = scmia_chan_open(&v->agent, &v->a2p, &cc);
	if (ret)
		return ret;
	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_P2A;
	cc.max_msg = VG_EVQ;
	cc.mem = v->mem_p2a;
	cc.mem_size = sizeof(v->mem_p2a);
	ret = scmia_chan_open(&v->agent, &v->p2a, &cc);
	if (ret)
		return ret;
	__atomic_store_n(&v->up, 1, __ATOMIC_SEQ_CST);
	return SCMIA_OK;
}

void vg_down(struct vguest *v)
{
	if (!__atomic_load_n(&v->up, __ATOMIC_SEQ_CST))
		return;
	__atomic_store_n(&v->up, 0, __ATOMIC_SEQ_CST);
	/* An interrupt another thread is delivering ends first. */
	while (__atomic_load_n(&v->in_irq, __ATOMIC_SEQ_CST))
		;
	(void)scmia_agent_deinit(&v->agent);
}

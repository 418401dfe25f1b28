/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtio-scmi guest and its device side: the agent (scmia core + the
 * virtio transport on built-in split rings) in one window of "guest
 * memory", and a scmia_virtio_dev serving it. Guest addresses differ from
 * host pointers (VG_GPA + offset), so every device access goes through
 * the window. The driver's QueueNotify only marks the queue kicked;
 * vg_step() hands kicked queues to the device (a VMM's notify handler).
 * The device's interrupt calls the driver's scmia_virtio_process().
 */
#ifndef VGUEST_H
#define VGUEST_H

#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_virtio.h"
#include "scmia_virtio_dev.h"

#define VG_CMDQ 16u  /* cmdq descriptors: 8 commands in flight */
#define VG_EVQ 4u    /* eventq buffers */
#define VG_GPA 0x40000000u
#define VG_RING0 0u
#define VG_RING1 SCMIA_VIRTIO_ALIGN8((SCMIA_VRING_MEM_SIZE(VG_CMDQ) + 15u) & ~(size_t)15u)
#define VG_SHM ((VG_RING1 + SCMIA_VRING_MEM_SIZE(VG_EVQ) + 15u) & ~(size_t)15u)
#define VG_MEM (VG_SHM + SCMIA_VIRTIO_SHM_SIZE(VG_CMDQ, VG_EVQ))
#define VG_SLOTS SCMIA_VIRTIO_CMD_SLOTS(VG_CMDQ)

struct vguest {
	_Alignas(16) uint8_t mem[VG_MEM];       /* the guest's memory */
	struct scmia_vring cmdq, evq;
	struct scmia_vring_slot cslots[VG_CMDQ], eslots[VG_EVQ];
	struct scmia_virtio vio;
	struct scmia_virtio_msg msgs[SCMIA_VIRTIO_N_MSGS(VG_CMDQ, VG_EVQ)];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, VG_SLOTS, SCMIA_VIRTIO_MSG_SIZE);
	SCMIA_P2A_MEM_DEFINE(mem_p2a, VG_EVQ, SCMIA_VIRTIO_MSG_SIZE);
	int up;        /* the agent runs (atomic) */
	int in_irq;    /* interrupt handlers running (atomic) */
	int kicked[2]; /* atomic */
	unsigned irqs; /* atomic */
	/* device side */
	struct scmia_virtio_dev dev;
	struct scmia_virtio_dev_req reqs[VG_CMDQ];
	struct scmia_virtio_dev_msg backlog[4];
	struct scmia_virtio_dev_window win;
};

/**
 * Bring up device and driver. @p agent_os: the guest agent's OS table
 * (its relax should call vg_step()), @p cmd/@p cmd_ctx: the device's
 * handler, @p event_idx: negotiate VIRTIO_F_EVENT_IDX. @return 0 or error.
 */
int vg_init(struct vguest *v, const struct scmia_os_ops *agent_os, void *os_ctx,
	    scmia_server_cmd_fn cmd, void *cmd_ctx, int event_idx);
/** As vg_init(), with locks for the device and the driver's transport
 *  (threads): @p lock_os / @p dev_ctx / @p drv_ctx (NULL: none). */
int vg_init_locked(struct vguest *v, const struct scmia_os_ops *agent_os, void *os_ctx,
		   scmia_server_cmd_fn cmd, void *cmd_ctx, int event_idx,
		   const struct scmia_os_ops *lock_os, void *dev_ctx, void *drv_ctx);
/** Device side of QueueNotify for every kicked queue. Returns the number
 *  of chains or messages taken. */
int vg_step(struct vguest *v);
/** Stop the agent (the guest dies); the device stays. */
void vg_down(struct vguest *v);
/** Host pointer -> guest address. */
uint64_t vg_gpa(const struct vguest *v, const void *p);

#endif /* VGUEST_H */

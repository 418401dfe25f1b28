/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test environment of the virtio transport: the agent (core + virtio
 * transport over virtio-mmio) and the simulated virtio-scmi device
 * (tests/sim/sim_virtio.h) driven by the sim engine.
 *
 * Stepped mode (default): one thread. The fake OS has a virtual clock; its
 * relax op advances it and steps the device, whose interrupt line calls
 * the transport's interrupt handler. A blocking scmia_cmd() therefore runs
 * the whole exchange deterministically inside the core's wait loop.
 *
 * Threaded mode (vt_opts::threaded): POSIX port, engine thread on
 * CLOCK_MONOTONIC, interrupts raised from the engine's thread.
 */
#ifndef VT_ENV_H
#define VT_ENV_H

#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "scmia_virtio.h"
#include "scmia_virtio_mmio.h"
#include "sim_virtio.h"

/* Largest queues the environment has memory for. */
#define VT_CMDQ_MAX 64u
#define VT_EVQ_MAX 16u
#define VT_MSG SCMIA_VIRTIO_MSG_SIZE
#define VT_SLOTS_MAX (VT_CMDQ_MAX / 2u)

/* Bus addresses of the two DMA windows (differ from the pointers). */
#define VT_RING_BUS 0x80000000ull
#define VT_SHM_BUS 0x1c0000000ull

struct vt_opts {
	uint16_t cmdq_num;      /* wanted cmdq size; 0: 16 */
	uint16_t eventq_num;    /* wanted eventq size; 0: 8; VT_NO_EVQ: none */
	uint8_t no_irq;         /* device raises no interrupt (polling host) */
	uint8_t no_os;          /* agent without OS table (single-threaded polling) */
	uint8_t no_p2a;         /* do not open the p2a channel */
	uint8_t no_agent;       /* probe only, no agent */
	uint8_t threaded;       /* POSIX port + engine thread */
	uint8_t posix;          /* POSIX port (agent and transport lock), engine stepped */
	uint8_t engine_thread;  /* engine thread on CLOCK_MONOTONIC */
	uint8_t completion;     /* a2p channel completion mode */
	uint32_t reply_timeout_us; /* 0: transport default */
	uint32_t dresp_timeout_us; /* 0: core default */
	uint64_t features;      /* extra features the driver accepts */
	struct scmia_sim_virtio_cfg dev; /* device overrides (windows and irq filled in) */
};

#define VT_NO_EVQ 0xffffu

struct vt_env {
	/* fake OS (stepped) */
	struct scmia_os_ops os;
	uint64_t now;
	uint32_t relax_step_us;
	int in_relax;
	/* POSIX (threaded) */
	struct scmia_posix px;
	struct scmia_posix_wait waits[VT_SLOTS_MAX];
	/* device */
	struct scmia_sim sim;
	struct scmia_sim_test tp;
	struct scmia_sim_virtio sdev;
	/* driver memory */
	_Alignas(16) uint8_t ring[SCMIA_VIRTIO_MMIO_RING_MEM_SIZE(VT_CMDQ_MAX, VT_EVQ_MAX)];
	_Alignas(16) uint8_t shm[SCMIA_VIRTIO_SHM_SIZE(VT_CMDQ_MAX, VT_EVQ_MAX)];
	struct scmia_vring_slot slots[VT_CMDQ_MAX + VT_EVQ_MAX];
	struct scmia_virtio_msg msgs[SCMIA_VIRTIO_N_MSGS(VT_CMDQ_MAX, VT_EVQ_MAX)];
	struct scmia_virtio_mmio_ops mops;
	struct scmia_virtio_mmio_scmi dev;
	struct scmia_virtio_mmio_scmi_cfg dcfg;
	int probe_ret;
	/* agent */
	struct vt_opts o;
	struct scmia_agent agent;
	struct scmia_chan a2p;
	struct scmia_chan p2a;
	SCMIA_CHAN_MEM_DEFINE(a2p_mem, VT_SLOTS_MAX, VT_MSG);
	SCMIA_CHAN_MEM_DEFINE(p2a_mem, VT_EVQ_MAX, VT_MSG);
	int agent_up;
	/* interrupt line */
	unsigned irqs;
	int irq_err;            /* last negative result of the interrupt handler */
	/* notifications */
	struct scmia_notifier nt;
	unsigned notes;
	uint32_t note_seq[64];
};

/* Bring everything up; returns the probe result (0 expected). */
int vt_setup(struct vt_env *e, const struct vt_opts *o);
/* Open the agent and its channels on a probed device. */
int vt_agent_up(struct vt_env *e);
/* Tear down; fails the test if the device saw a driver violation. */
void vt_teardown(struct vt_env *e);
/* Advance virtual time and step the device (stepped mode). */
void vt_advance(struct vt_env *e, uint64_t us);

/* ECHO @len bytes of a pattern seeded by @seed, check the checksum. */
int vt_echo(struct vt_env *e, uint32_t seed, uint32_t len, unsigned flags);
/* ASYNC_WORK(@value): 0 when the delayed response carried the right value. */
int vt_async(struct vt_env *e, uint32_t value, uint32_t delay_us, unsigned flags);

/* Counters. */
uint32_t vt_cnt(struct vt_env *e, enum scmia_counter id);
uint32_t vt_vcnt(struct vt_env *e, enum scmia_virtio_counter id);
struct scmia_sim_virtio_stats vt_dstats(struct vt_env *e);
/* Slots of the a2p channel in the pool (free). */
unsigned vt_free_slots(struct vt_env *e);

#endif /* VT_ENV_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmia host demo: shared state of one run (one transport variant) and the
 * functions the demo's files export to each other.
 *
 *   main.c        command line, the table of transport variants, the run loop
 *   transports.c  one setup / teardown pair per transport variant
 *   enumerate.c   the whole simulated platform through the protocol helpers
 *   steps.c       synchronous, asynchronous, notification and timeout steps,
 *                 counters and leak checks
 *
 * Transports that were not built (SCMIA_TRANSPORTS) are left out at
 * compile time: SCMIA_DEMO_HAVE_<NAME> comes from CMakeLists.txt.
 */
#ifndef SCMIA_HOST_DEMO_H
#define SCMIA_HOST_DEMO_H

#include <pthread.h>
#include <stdint.h>

#include "scmia/proto/base.h"
#include "scmia/proto/clock.h"
#include "scmia/proto/perf.h"
#include "scmia/proto/pinctrl.h"
#include "scmia/proto/power.h"
#include "scmia/proto/powercap.h"
#include "scmia/proto/reset.h"
#include "scmia/proto/sensor.h"
#include "scmia/proto/system.h"
#include "scmia/proto/voltage.h"
#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "scmia_sim_pb.h"
#include "scmia_sim_pm.h"

#ifndef SCMIA_DEMO_HAVE_SMT
#define SCMIA_DEMO_HAVE_SMT 0
#endif
#ifndef SCMIA_DEMO_HAVE_SMC
#define SCMIA_DEMO_HAVE_SMC 0
#endif
#ifndef SCMIA_DEMO_HAVE_VIRTIO
#define SCMIA_DEMO_HAVE_VIRTIO 0
#endif
#ifndef SCMIA_DEMO_HAVE_OPTEE
#define SCMIA_DEMO_HAVE_OPTEE 0
#endif
#ifndef SCMIA_DEMO_HAVE_PCC
#define SCMIA_DEMO_HAVE_PCC 0
#endif

#if SCMIA_DEMO_HAVE_SMT
#include "scmia_smt.h"
#include "sim_smt.h"
#endif
#if SCMIA_DEMO_HAVE_SMC
#include "scmia_fwcall.h"
#include "scmia_smc.h"
#include "sim_smc.h"
#endif
#if SCMIA_DEMO_HAVE_VIRTIO
#include "scmia_virtio.h"
#include "scmia_virtio_mmio.h"
#include "sim_virtio.h"
#endif
#if SCMIA_DEMO_HAVE_OPTEE
#include "scmia_optee.h"
#include "sim_optee.h"
#endif
#if SCMIA_DEMO_HAVE_PCC
#include "scmia_pcc.h"
#include "sim_pcc.h"
#endif

#define DEMO_MAX_MSG 8u          /* slots per channel */
#define DEMO_MSG_SIZE 128u       /* largest payload any transport here carries */
#define DEMO_LB_MSGS 32u         /* loopback queue depth */
#define DEMO_SRC_ID 7u           /* notification source of the test protocol */
/* Reply timeout of the demo's channels: generous, so that a loaded host
 * (2 cores, five threads) does not turn a slow reply into a failure; the
 * timeout step shows a short one. */
#define DEMO_REPLY_TIMEOUT_US 1000000u
#define DEMO_SHORT_TIMEOUT_US 20000u /* 20 ms: the timeout step */
#define DEMO_SLOW_MS 100u        /* the platform answers SLOW after 100 ms */
#define DEMO_HANDLES 12u         /* protocol handles: Base + 9 standard + vendor */

#if SCMIA_DEMO_HAVE_VIRTIO
#define DEMO_VIO_CMDQ 16u        /* cmdq descriptors: 8 commands in flight */
#define DEMO_VIO_EVQ 8u          /* eventq buffers */
#endif

/* How a timed-out command's late reply shows up on a transport. */
enum demo_late {
	/* handed to the receive entry: counted in SCMIA_CNT_LATE_REPLIES */
	DEMO_LATE_COUNTED = 0,
	/* SMT interrupt: LATE, or SPURIOUS when the interrupt finds the area
	 * already owned by a new sender; either is correct */
	DEMO_LATE_IRQ,
	/* polling without a waiter: nobody looks at the area until the next
	 * sender, which waits for FREE and overwrites it: never seen */
	DEMO_LATE_UNSEEN,
	/* completion on return (OP-TEE): the call returns only when the
	 * platform processed the command, so nothing can time out */
	DEMO_LATE_ON_RETURN
};

/* Everything one run needs: agent side, platform side, transport glue. */
struct demo {
	/* agent */
	struct scmia_posix posix;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_posix_wait waits[DEMO_MAX_MSG + 1u]; /* the slots', the raw queue's */
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, DEMO_MAX_MSG, DEMO_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, DEMO_MAX_MSG, DEMO_MSG_SIZE);
	int posix_up, waits_up, agent_up;

	/* protocol helpers */
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[DEMO_HANDLES];
	struct scmia_base_info base_info;
	struct scmia_power_info power_info;
	struct scmia_perf_info perf_info;
	struct scmia_clock_info clock_info;
	struct scmia_sensor_info sensor_info;
	struct scmia_pinctrl_info pinctrl_info;

	/* platform: the engine and every protocol it serves */
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_power sim_power;
	struct scmia_sim_system sim_system;
	struct scmia_sim_perf sim_perf;
	struct scmia_sim_reset sim_reset;
	struct scmia_sim_clocks sim_clock;
	struct scmia_sim_sensor sim_sensor;
	struct scmia_sim_voltage sim_voltage;
	struct scmia_sim_powercap sim_powercap;
	struct scmia_sim_pinctrl sim_pinctrl;
	int sim_up, sim_running;

	/* loopback */
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[DEMO_LB_MSGS], lbm_p2a[DEMO_LB_MSGS];
	uint16_t lbq_a2p[DEMO_LB_MSGS], lbq_p2a[DEMO_LB_MSGS];

#if SCMIA_DEMO_HAVE_SMT
	struct scmia_sim_smt_rig rig;
#endif
	/* a host without a p2a interrupt looks at the channel periodically */
	pthread_t poller;
	int poller_running, poller_stop;
	int (*poll_p2a)(struct demo *d);

#if SCMIA_DEMO_HAVE_SMC
	struct scmia_sim_smc_kit kit;
	struct scmia_posix_wait fw_waits[SCMIA_SIM_SMC_KIT_WAITERS];
	int kit_up, fw_waits_up;
#endif

#if SCMIA_DEMO_HAVE_VIRTIO
	struct scmia_sim_virtio vdev;
	_Alignas(16) uint8_t
		vring_mem[SCMIA_VIRTIO_MMIO_RING_MEM_SIZE(DEMO_VIO_CMDQ, DEMO_VIO_EVQ)];
	_Alignas(16) uint8_t vshm[SCMIA_VIRTIO_SHM_SIZE(DEMO_VIO_CMDQ, DEMO_VIO_EVQ)];
	struct scmia_vring_slot vslots[DEMO_VIO_CMDQ + DEMO_VIO_EVQ];
	struct scmia_virtio_msg vmsgs[SCMIA_VIRTIO_N_MSGS(DEMO_VIO_CMDQ, DEMO_VIO_EVQ)];
	struct scmia_virtio_mmio_ops vmops;
	struct scmia_virtio_mmio_scmi vio;
	int vdev_up, vio_up;
	int vio_irq_err;
#endif

#if SCMIA_DEMO_HAVE_OPTEE
	struct scmia_sim_optee_rig optee;
	int optee_up;
#endif
#if SCMIA_DEMO_HAVE_PCC
	struct scmia_sim_pcc_rig pcc;
	int pcc_up;
#endif

	/* set by the transport setup */
	const struct scmia_transport *tr;
	void *tr_ctx;
	void *a2p_ctx, *p2a_ctx;
	uint8_t completion;     /* SCMIA_COMPLETION_* of the a2p channel (0: auto) */
	uint32_t msg_size;      /* payload bytes per slot (set by demo_agent_open) */
	unsigned xfer_flags;    /* added to the demo's own commands (SCMIA_XFER_F_POLL) */
	enum demo_late late;
	const char *sub_vendor; /* DISCOVER_SUB_VENDOR names the transport */
	int (*a2p_idle)(struct demo *d);  /* DEMO_LATE_UNSEEN: the platform is done */
	/* polling: SCMIA_CNT_SPURIOUS the transport counted when two polls of
	 * the p2a channel raced (the host's tick and the core's rx_poll), not
	 * an interrupt taken for something it was not */
	uint32_t (*poll_races)(struct demo *d);
	void (*report)(struct demo *d);   /* transport statistics, optional */
	void (*teardown)(struct demo *d); /* transport part of the teardown */

	/* state of the run */
	const char *transport;
	int failures;
#if SCMIA_CFG_TRACE
	/* tracing (--trace, --capture): the agent's trace callback */
	scmia_trace_fn trace;
	void *trace_ctx;
	uint16_t agent_id;
#endif

	/* notification steps */
	unsigned notified;
	uint32_t notif_agent, notif_src, notif_seq;
	unsigned clk_events;
	struct scmia_clock_rate_event clk_event;
};

/* Reporting (main.c). */
int demo_check(struct demo *d, int ok, const char *what);
void demo_sleep_ms(unsigned ms);

/* The simulated platform shared by every transport, the agent on top
 * (transports.c). */
int demo_sim_init(struct demo *d);
int demo_agent_open(struct demo *d);
int demo_poller_start(struct demo *d);
void demo_teardown(struct demo *d);

/* Transport variants (transports.c). */
int demo_setup_loopback(struct demo *d);
#if SCMIA_DEMO_HAVE_SMT
int demo_setup_smt(struct demo *d);
int demo_setup_smt_poll(struct demo *d);
#endif
#if SCMIA_DEMO_HAVE_SMC
int demo_setup_smc(struct demo *d);
#endif
#if SCMIA_DEMO_HAVE_VIRTIO
int demo_setup_virtio(struct demo *d);
#endif
#if SCMIA_DEMO_HAVE_OPTEE
int demo_setup_optee(struct demo *d);
int demo_setup_optee_smt(struct demo *d);
#endif
#if SCMIA_DEMO_HAVE_PCC
int demo_setup_pcc(struct demo *d);
int demo_setup_pcc_poll(struct demo *d);
#endif

/* Steps (enumerate.c, steps.c). */
void demo_enumerate(struct demo *d);
void demo_sync(struct demo *d);
void demo_async(struct demo *d);
void demo_notification(struct demo *d);
void demo_timeout(struct demo *d);
void demo_counters(struct demo *d);
void demo_raw(struct demo *d);

#endif /* SCMIA_HOST_DEMO_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault soak (tests/soak): the shared declarations of soak.c (the run and
 * its checks), tap.c (the receive-entry tap, the transport wrapper and the
 * forger) and rigs.c (one set-up per transport). See soak.c for what is
 * run and checked.
 */
#ifndef SOAK_H
#define SOAK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "traffic.h"

#ifndef SOAK_HAVE_SMT
#define SOAK_HAVE_SMT 0
#endif
#ifndef SOAK_HAVE_SMC
#define SOAK_HAVE_SMC 0
#endif
#ifndef SOAK_HAVE_VIRTIO
#define SOAK_HAVE_VIRTIO 0
#endif

#if SOAK_HAVE_SMT
#include "scmia_smt.h"
#include "sim_smt.h"
#include "smt_test_acc.h"
#endif
#if SOAK_HAVE_SMC
#include "scmia_fwcall.h"
#include "scmia_smc.h"
#include "sim_smc.h"
#endif
#if SOAK_HAVE_VIRTIO
#include "scmia_virtio.h"
#include "scmia_virtio_mmio.h"
#include "sim_virtio.h"
#endif

#define SOAK_MAX_MSG 128u    /* a2p slots at most (storage) */
#define SOAK_MSG_SIZE 128u   /* payload bytes per slot at most */
#define SOAK_P2A_MSG 32u     /* p2a slots */
#define SOAK_LB_MSGS 512u    /* loopback buffers per channel */
#define SOAK_SEND_SLOTS 64u  /* entries of the table of sends in progress */
#define SOAK_VIO_CMDQ 256u   /* virtio cmdq descriptors: 128 commands */
#define SOAK_VIO_EVQ 16u     /* virtio eventq buffers */
#define SOAK_TOKENS 1024u

/* Per-token life as the callers see it (tok_life): (sequence << 2) | state. */
enum { TL_FREE = 0, TL_LIVE = 1, TL_QUAR = 2 };
/* Per-token claim of the channel (tok_gate): the transfer's send returned 0
 * and its mark_txdone has not run yet (SENT); the forger holds it (HELD). */
enum { TG_NONE = 0, TG_SENT = 1, TG_HELD = 2 };
/* Entries of the table of sends in progress (send_tab): hdr | state << 32. */
enum { SE_EMPTY = 0, SE_OPEN = 1, SE_CLAIMED = 2, SE_INNER = 3 };

struct soak;

/* One transport variant. */
struct soak_rig {
	const char *name;      /* command-line name */
	const char *env;       /* suffix of SCMIA_SOAK_TRANSFERS_<env> */
	unsigned long transfers; /* default count (the ctest argument overrides) */
	unsigned percent;      /* fault rate (percent of responses and delayed responses) */
	uint32_t reply_timeout_us, dresp_timeout_us, late_us;
	uint16_t max_msg;      /* a2p slots */
	uint32_t resp_actions, dresp_actions; /* random fault actions per kind */
	unsigned serial;       /* one message at a time on a2p (an owner claims the area) */
	unsigned p2a_async;    /* a p2a message reaches the receive entry later (polled) */
	unsigned slow_send_pct; /* sends held back a little before the transport sees them */
	uint32_t service_us;   /* period of the service duty */
	uint32_t episode_ms;   /* mean interval between stuck episodes */
	/* Prepare both ends of the transport: set inner, tr_ctx, a2p_ctx,
	 * p2a_ctx, completion, msg_size, echo_max. */
	int (*setup)(struct soak *s);
	/* Start what runs the platform (after the channels are open). */
	int (*start)(struct soak *s);
	/* Stop it (before the agent goes). */
	void (*stop)(struct soak *s);
	/* Release the transport (after the agent went). */
	void (*teardown)(struct soak *s);
	/* One stuck episode of the transport (@on 1: start, 0: end). */
	void (*stuck)(struct soak *s, int on, uint32_t r);
	/* A device fault armed now and then (virtio), or NULL. */
	void (*arm)(struct soak *s, uint32_t r);
	/* Faults off: disarm what arm() armed (or NULL). */
	void (*quiet)(struct soak *s);
	/* Transport statistics and its own checks. */
	void (*report)(struct soak *s, struct traffic_checker *ck);
};

/* What the tap saw (atomic). */
struct soak_tap {
	atomic_uint rx;            /* scmia_rx() calls from the transports */
	atomic_uint rx_notif;      /* of them: notifications on the p2a channel */
	atomic_uint rx_type[4];    /* by header type */
	atomic_uint tcount[SCMIA_CNT__COUNT]; /* scmia_chan_count() by the transports */
	atomic_uint polled_fetch;  /* fetch_response with no cookie (polling, on return) */
	atomic_uint bad_status;    /* fetches that succeeded with a status outside -11..0 */
	atomic_uint notif_fetch_err; /* fetch_notification errors */
	atomic_uint sends, slow_sends, send_wait; /* sends, held back, waited for a forgery */
	atomic_uint gate_wait;     /* mark_txdone waited for a forgery */
	atomic_uint forged_open, forged_owner; /* pending targets: before send, behind an owner */
	atomic_uint stale_yes, stale_no_state, stale_no_budget; /* stale_ok answers */
	atomic_uint forged_rx;     /* pending forgeries that reached scmia_rx() */
	atomic_uint forged_taken;  /* of them: taken (not refused) - a defect */
	atomic_uint forged_fetched; /* fetched for their target meanwhile - a defect */
	atomic_uint reissued;      /* quarantined tokens issued again too soon - a defect */
};

struct soak {
	const struct soak_rig *rig;
	uint64_t seed;
	unsigned threads;
	unsigned percent;
	int verbose;

	/* agent */
	struct scmia_os_ops os;  /* the POSIX port with a sleeping relax */
	struct scmia_posix px;
	struct scmia_posix_wait w[SOAK_MAX_MSG];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, SOAK_MAX_MSG, SOAK_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, SOAK_P2A_MSG, SOAK_MSG_SIZE);
	int posix_up, waits_up, agent_up;

	/* the transport as the agent sees it: the rig's, wrapped (tap.c) */
	const struct scmia_transport *inner;
	void *tr_ctx, *a2p_ctx, *p2a_ctx;
	struct scmia_transport tr;
	struct scmia_transport_ops ops;
	uint8_t completion;
	uint16_t msg_size;
	uint32_t echo_max;
	unsigned qcap;           /* quarantine capacity of the a2p channel */

	/* platform */
	struct scmia_sim sim;
	struct scmia_sim_test test;
	int sim_up, sim_running;

	/* loopback */
	struct scmia_posix lbpx;
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[SOAK_LB_MSGS], lbm_p2a[SOAK_LB_MSGS];
	uint16_t q_a2p[SOAK_LB_MSGS], q_p2a[SOAK_LB_MSGS];
	int lbpx_up;

	/* a thread that polls (p2a of a polled SMT channel) and services */
	pthread_t poller;
	atomic_int poller_stop;
	int poller_running;

#if SOAK_HAVE_SMT
	struct scmia_sim_smt_rig smt;
	/* the agent's accessor of the SMT areas (SMT and SMC): records that
	 * every access is an aligned word inside its area */
	struct rec_acc rec_a2p, rec_p2a;
#endif
#if SOAK_HAVE_SMC
	struct scmia_sim_smc_kit kit;
	struct scmia_posix_wait fw_waits[SCMIA_SIM_SMC_KIT_WAITERS];
	int kit_up, fw_waits_up;
#endif
#if SOAK_HAVE_VIRTIO
	struct scmia_sim_virtio vdev;
	_Alignas(16) uint8_t vring_mem[SCMIA_VIRTIO_MMIO_RING_MEM_SIZE(SOAK_VIO_CMDQ, SOAK_VIO_EVQ)];
	_Alignas(16) uint8_t vshm[SCMIA_VIRTIO_SHM_SIZE(SOAK_VIO_CMDQ, SOAK_VIO_EVQ)];
	struct scmia_vring_slot vslots[SOAK_VIO_CMDQ + SOAK_VIO_EVQ];
	struct scmia_virtio_msg vmsgs[SCMIA_VIRTIO_N_MSGS(SOAK_VIO_CMDQ, SOAK_VIO_EVQ)];
	struct scmia_virtio_mmio_ops vmops;
	struct scmia_virtio_mmio_scmi vio;
	int vdev_up, vio_up;
	atomic_int vio_irq_err;
#endif

	/* the tap and the forger (tap.c) */
	struct soak_tap tap;
	_Atomic uint64_t send_tab[SOAK_SEND_SLOTS];
	atomic_uint tok_life[SOAK_TOKENS];
	atomic_uint tok_gate[SOAK_TOKENS];
	atomic_uint tok_quar[SOAK_TOKENS]; /* life word of the last transfer put back timed out */
	atomic_uint tok_resp[SOAK_TOKENS]; /* life word of the last async transfer whose response
					      was fetched */
	atomic_uint tok_getq[SOAK_TOKENS]; /* put_quar when the token's transfer was taken */
	atomic_uint tok_putq[SOAK_TOKENS]; /* put_quar after the token's last timed-out put */
	atomic_uint tok_rxn[SOAK_TOKENS];  /* messages with this token handed to scmia_rx() */
	atomic_uint tok_rxput[SOAK_TOKENS]; /* tok_rxn when its timed-out transfer was put */
	atomic_uint tok_prev[SOAK_TOKENS]; /* life word of the quarantined transfer before
					      the token was taken again, 0: none */
	atomic_uint tok_between[SOAK_TOKENS]; /* messages with the token between those two */
	atomic_uint life_seq;
	atomic_int live;         /* transfers between get and put */
	atomic_uint put_quar;     /* transfers put back that may have been quarantined */
	atomic_uint send_rng;
	int claim_ent;           /* send_tab entry claimed by the forgery in progress */
	int claim_gate;          /* token whose gate the forgery in progress holds */
	uint32_t forge_rng;

	/* the run */
	struct traffic traffic;
	uint64_t next_episode;   /* service thread: time of the next stuck episode */
	uint64_t episode_end;
	uint64_t next_progress;  /* SCMIA_SOAK_VERBOSE: time of the next progress line */
	uint32_t tick_rng;
	unsigned episodes, arms;
};

/* tap.c */
void soak_wrap_transport(struct soak *s);
extern const struct scmia_sim_forge_ops soak_forge_ops;
extern const struct traffic_hooks soak_traffic_hooks;
void soak_tap_bind(struct soak *s);
int soak_settle_gates(struct soak *s);

/* rigs.c */
extern const struct soak_rig *const soak_rigs[];
extern const unsigned soak_n_rigs;

#endif /* SOAK_H */

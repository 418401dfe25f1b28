/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stepped world for the mediator tests: the simulated platform (every
 * standard protocol and the vendor test protocol 0x80) behind a loopback
 * channel, the platform agent on it, the mediator, and up to MW_GUESTS
 * guests. Each guest is a scmia agent on the SMT transport whose areas
 * are served by an SMT server of the "hypervisor" (its doorbell hook calls
 * the server, the server's interrupt hooks call the guest's interrupt
 * entry).
 *
 * One thread, virtual time: a guest's blocking call spins, and each spin
 * (the OS relax op) steps the world by MW_STEP_US: the platform takes the
 * commands the platform agent sent, emits what is due, and the mediator's
 * service runs. Everything is deterministic.
 */
#ifndef MWORLD_H
#define MWORLD_H

#include <stdint.h>

#include "scmia/mediator.h"
#include "scmia/proto/proto.h"
#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_sim.h"
#include "scmia_sim_pb.h"
#include "scmia_sim_pm.h"
#include "scmia_smt.h"
#include "scmia_smt_server.h"
#if MW_HAVE_VIRTIO
#include "vguest.h"
#endif

#define MW_GUESTS 4u
#define MW_AREA 128u        /* SMT area bytes: 100-byte payloads */
#define MW_GMSG 100u        /* guest payload bytes */
#define MW_GMAX 4u          /* guest agent slots */
#define MW_PMAX 16u         /* platform a2p slots */
#define MW_PP2A 32u         /* platform p2a slots */
#define MW_PMSG 128u        /* platform payload bytes */
#define MW_LB 64u           /* loopback buffers */
#define MW_REQS 8u          /* most records per guest */
#define MW_SUBS 8u          /* most subscriptions per guest */
#define MW_QUEUE 4u         /* p2a backlog per guest server */
#define MW_NOTIFS 64u       /* notifications a guest remembers */
#define MW_STEP_US 10u      /* virtual time per step */
#define MW_PLATFORM_AGENT 1u /* the mediator's agent id on the platform */

struct mw;

/** A notification as a guest received it. */
struct mw_notif {
	uint8_t proto_id;
	uint8_t evt_id;
	uint32_t len;
	uint8_t payload[64];
};

struct mw_guest {
	struct mw *w;
	unsigned idx;
	int up;
	/* guest side: a scmia agent on SMT */
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MW_GMAX, MW_GMSG);
	SCMIA_P2A_MEM_DEFINE(mem_p2a, MW_GMAX, MW_GMSG);
	struct scmia_smt_chan sa2p, sp2a;
	uint32_t a2p_area[MW_AREA / 4];
	uint32_t p2a_area[MW_AREA / 4];
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[12];
	struct scmia_notifier nf[16];
	unsigned n_nf;
	struct mw_notif notifs[MW_NOTIFS];
	unsigned n_notifs;
	/* hypervisor side */
	struct scmia_smt_server srv;
	struct scmia_smt_server_msg q[MW_QUEUE];
	struct scmia_med_guest mg;
	struct scmia_med_req reqs[MW_REQS];
	struct scmia_med_sub subs[MW_SUBS];
	int no_irq;          /* the hypervisor does not inject interrupts */
	uint32_t a2p_irqs, p2a_irqs;
};

#if MW_HAVE_VIRTIO
#define MW_VGUESTS 2u
/** A guest on virtio-scmi: its driver and device (vguest.h) and its
 *  place in the mediator. */
struct mw_vguest {
	struct vguest v;
	struct scmia_med_guest mg;
	struct scmia_med_req reqs[MW_REQS];
	struct scmia_med_sub subs[MW_SUBS];
	int added;
};
#endif

struct mw {
	uint64_t vnow;
	const struct scmia_med_proto_desc *descs[1]; /* the mediator's extra tables */
	int stepping;
	/* called at every step (hostile guests act between the others' steps) */
	void (*on_step)(struct mw *w, void *arg);
	void *on_step_arg;
	/* platform */
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_power power;
	struct scmia_sim_system system;
	struct scmia_sim_perf perf;
	struct scmia_sim_reset reset;
	struct scmia_sim_clocks clk;
	struct scmia_sim_sensor sensor;
	struct scmia_sim_voltage voltage;
	struct scmia_sim_powercap powercap;
	struct scmia_sim_pinctrl pinctrl;
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[MW_LB], lbm_p2a[MW_LB];
	uint16_t lbq_a2p[MW_LB], lbq_p2a[MW_LB];
	/* platform agent and mediator */
	struct scmia_agent plat;
	struct scmia_chan pa2p, pp2a;
	SCMIA_CHAN_MEM_DEFINE(pmem_a2p, MW_PMAX, MW_PMSG);
	SCMIA_P2A_MEM_DEFINE(pmem_p2a, MW_PP2A, MW_PMSG);
	struct scmia_mediator med;
	struct mw_guest g[MW_GUESTS];
#if MW_HAVE_VIRTIO
	struct mw_vguest vg[MW_VGUESTS];
#endif
};

/** Options of mw_init(). */
struct mw_opts {
	uint16_t plat_max_msg;     /* 0: MW_PMAX */
	uint32_t plat_timeout_us;  /* 0: 20000 */
	uint32_t plat_dresp_us;    /* 0: 50000 */
	/* table of the test protocol 0x80; NULL: mw_test_desc */
	const struct scmia_med_proto_desc *test_desc;
};

/** The vendor test protocol 0x80 as a mediator table: ECHO, ASYNC_WORK
 *  (always asynchronous), TRIGGER_EVENT (source id at 0, class 0),
 *  SLOW; its event goes to every guest that maps the source. */
extern const struct scmia_med_proto_desc mw_test_desc;

int mw_init(struct mw *w, const struct mw_opts *o);
/** Add guest @p i (server, mediator guest, guest agent with channels).
 *  @p irq_mode 1: the guest agent waits on interrupts; 0: it polls; -1:
 *  no guest agent at all (the test writes the areas itself). */
int mw_guest_add(struct mw *w, unsigned i, uint32_t agent_id, const char *name,
		 const struct scmia_med_policy *pol, uint16_t n_reqs, uint16_t n_subs, int irq_mode);
#if MW_HAVE_VIRTIO
/** Add virtio guest @p i (its device handing commands to the mediator). */
int mw_vguest_add(struct mw *w, unsigned i, uint32_t agent_id, const char *name,
		  const struct scmia_med_policy *pol, uint16_t n_reqs, uint16_t n_subs);
#endif
/** Deinit guest @p i's agent (the "guest dies"); the server and mediator
 *  guest stay. */
void mw_guest_agent_down(struct mw *w, unsigned i);
/** (Re)start guest @p i's agent on its areas after a reset. */
int mw_guest_agent_up(struct mw *w, unsigned i, int irq_mode);
/** One step of MW_STEP_US. */
void mw_step(struct mw *w);
/** Step until @p us of virtual time passed. */
void mw_run(struct mw *w, uint64_t us);
/** Tear everything down (guests removed, checked). Returns 0 when clean. */
int mw_fini(struct mw *w);

/** Raw command from guest @p i; @return as scmia_cmd(). */
int mw_cmd(struct mw *w, unsigned i, uint8_t proto, uint8_t msg, const void *tx, uint32_t tx_len,
	   void *rx, uint32_t rx_cap, uint32_t *rx_len, unsigned flags);
/** Same with 32-bit words. */
int mw_cmdw(struct mw *w, unsigned i, uint8_t proto, uint8_t msg, const uint32_t *words,
	    unsigned n, void *rx, uint32_t rx_cap, uint32_t *rx_len);
/** Status (SCMI) of the last reply: scmia error -> SCMI status. */
int32_t mw_status(int ret);

/** Guest @p i's notifications of (@p proto, @p evt) received so far. */
unsigned mw_notifs(struct mw *w, unsigned i, uint8_t proto, uint8_t evt);

#endif /* MWORLD_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threaded test environment: the real core on the POSIX port, the loopback
 * transport, and the simulated platform running in its own thread (the
 * "receive thread": the sim's runner pulls commands and calls the agent's
 * receive entry through the loopback). Used by the threaded integration
 * tests and by the stress test.
 *
 * The sim's output port is wrapped so that every message handed to the
 * agent's receive entry is counted: the stress test checks that each one
 * ends in exactly one of the agent's counters.
 */
#ifndef TENV_H
#define TENV_H

#include <stdatomic.h>
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"

/** Slot storage of the a2p channel. */
#define TENV_MAX_MSG 64u
/** Slot storage of the p2a channel. */
#define TENV_P2A_MSG 32u
/** Payload bytes per slot. */
#define TENV_MSG_SIZE 128u
/** Loopback buffers per channel (never the bottleneck). */
#define TENV_LB_MSGS 512u

/** Options of tenv_start(). Zeroed fields take defaults. */
struct tenv_opts {
	uint16_t a2p_max_msg;      /**< 0: 32 */
	uint16_t p2a_max_msg;      /**< 0: TENV_P2A_MSG */
	uint32_t reply_timeout_us; /**< 0: 20000 */
	uint32_t dresp_timeout_us; /**< 0: 50000 */
	uint32_t sim_latency_us;   /**< sim latency of every response */
	uint32_t notify_quota;     /**< 0: agent default */
};

/** Messages the platform handed to the agent's receive entry. */
struct tenv_counts {
	atomic_uint replies;       /**< on a2p, reached scmia_rx */
	atomic_uint p2a_dresp;     /**< delayed-response type on p2a, reached scmia_rx */
	atomic_uint p2a_notif;     /**< notification type on p2a, reached scmia_rx */
	atomic_uint not_delivered; /**< refused by the loopback (no buffer) */
};

struct tenv {
	struct tenv_opts opts;
	struct scmia_posix px;   /* agent lock */
	struct scmia_posix lbpx; /* loopback's own short critical sections */
	struct scmia_posix_wait w[TENV_MAX_MSG];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[TENV_LB_MSGS], lbm_p2a[TENV_LB_MSGS];
	uint16_t q_a2p[TENV_LB_MSGS], q_p2a[TENV_LB_MSGS];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, TENV_MAX_MSG, TENV_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, TENV_P2A_MSG, TENV_MSG_SIZE);
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_loopback gl;
	struct tenv_counts cnt;
	int started, running;
};

/** Start everything, the platform thread included. @return 0 or an error. */
int tenv_start(struct tenv *t, const struct tenv_opts *opts);
/** Stop the platform thread (queued messages stay queued). */
void tenv_stop_platform(struct tenv *t);
/** Stop the platform thread, deinit agent, sim and POSIX objects. */
void tenv_stop(struct tenv *t);

/** Monotonic wall time in µs. */
uint64_t tenv_now_us(void);
/** Sleep @p us microseconds. */
void tenv_sleep_us(uint32_t us);

#endif /* TENV_H */

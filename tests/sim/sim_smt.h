/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file sim_smt.h
 * @brief Platform end of SMT channels for the simulated platform: connects
 *        SMT areas in plain memory to the engine (scmia_sim.h) through the
 *        library's SMT server (transports/smt/scmia_smt_server.h), the
 *        same platform side a hypervisor uses.
 *
 * a2p: the agent's doorbell hook (scmia_sim_smt_ring) hands the doorbell
 * to the channel's server, which checks the area (FREE state, length,
 * header) and copies the command out; the engine gets it inline
 * (SCMIA_SIM_SMT_INLINE), from scmia_sim_smt_poll() (stepped tests) or
 * from its platform thread (pull op). The engine's response goes back
 * through the server (written, FREE set) to the command in progress, and
 * with SCMIA_SIM_SMT_IRQ the agent's interrupt entry (scmia_smt_irq) is
 * called when the agent asked for it (flags bit0); otherwise the reply is
 * left for polling. A response when no command is in progress (a
 * duplicate, a late one) waits (EBUSY: the engine retries) for the next.
 *
 * p2a: a delayed response or notification is written by the server only
 * when the agent left the area FREE (else the engine retries later), with
 * flags bit0 set under SCMIA_SIM_SMT_ACK; the status is cleared and, with
 * SCMIA_SIM_SMT_IRQ, the agent's interrupt entry called.
 *
 * Faults: stuck channel (never processes nor frees), spurious interrupts,
 * raw messages with any status, length and header (lengths 0..8, larger
 * than the area, the ERROR bit; written by hand, bypassing the server,
 * which is told to give up the command in progress), a length word of the
 * engine's choosing (the server's reserved-word hook writes it before the
 * message is handed over), p2a headers the server refuses to send (written
 * by hand), and the engine's own fault script (LATE replies land on
 * whatever command is in progress then: a reused area).
 *
 * Every area access is an aligned 32-bit atomic access (the platform side
 * of a 32-bit-only memory; also keeps ThreadSanitizer informed).
 */
#ifndef SCMIA_SIM_SMT_H
#define SCMIA_SIM_SMT_H

#include <stdint.h>

#include "scmia_sim.h"
#include "scmia_smt.h"
#include "scmia_smt_server.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Channel flag: raise the agent's interrupt (scmia_smt_irq) for replies
 *  that asked for one and for every p2a message. */
#define SCMIA_SIM_SMT_IRQ (1u << 0)
/** Channel flag: handle a command in the doorbell hook itself (the agent's
 *  send context), like a fast platform. */
#define SCMIA_SIM_SMT_INLINE (1u << 1)
/** Channel flag: p2a messages ask for the completion doorbell (flags bit0). */
#define SCMIA_SIM_SMT_ACK (1u << 2)
/** Channel flag (fault): with SCMIA_SIM_SMT_IRQ, raise the a2p completion
 *  interrupt for every reply, also when the agent polls (flags bit0 clear). */
#define SCMIA_SIM_SMT_IRQ_ALWAYS (1u << 3)

/** Counters of one channel pair (platform view). */
struct scmia_sim_smt_stats {
	uint32_t doorbells;    /**< a2p doorbells rung by the agent */
	uint32_t commands;     /**< commands read and handed to the engine */
	uint32_t replies;      /**< responses written (FREE set) */
	uint32_t reply_busy;   /**< responses deferred: the area was FREE (the agent's) */
	uint32_t a2p_irqs;     /**< a2p interrupts raised */
	uint32_t p2a_msgs;     /**< p2a messages written */
	uint32_t p2a_busy;     /**< p2a messages deferred: the agent had not freed the area */
	uint32_t p2a_irqs;     /**< p2a interrupts raised */
	uint32_t acks;         /**< p2a completion doorbells rung by the agent */
	uint32_t spurious;     /**< spurious interrupts raised */
	uint32_t bad_doorbell; /**< doorbells with the status not cleared (FREE still set) */
	uint32_t bad_len;      /**< commands with a bad length or header (answered with ERROR) */
	uint32_t stuck_drops;  /**< doorbells / replies swallowed by a stuck channel */
	uint32_t truncated;    /**< replies cut to fit the area */
};

struct scmia_sim_smt;

/** Platform end of one channel pair. Fields private. */
struct scmia_sim_smt_chan {
	struct scmia_sim_smt *glue;     /**< @private */
	unsigned idx;                   /**< @private channel index */
	struct scmia_smt_chan *a2p;     /**< @private agent context (interrupt entry) */
	struct scmia_smt_chan *p2a;     /**< @private agent context, or NULL */
	uint32_t *a2p_mem;              /**< @private */
	uint32_t a2p_size;              /**< @private */
	uint32_t *p2a_mem;              /**< @private */
	uint32_t p2a_size;              /**< @private */
	uint32_t flags;                 /**< @private SCMIA_SIM_SMT_* */
	uint32_t rung;                  /**< @private doorbell pending (atomic) */
	uint32_t stuck;                 /**< @private stuck-channel fault (atomic) */
	struct scmia_sim_smt_stats st;  /**< @private counters (atomic adds) */
	struct scmia_smt_server srv;    /**< @private the platform side of the pair */
	pthread_mutex_t lock;           /**< @private the server's lock, and the fields below */
	uint32_t req;                   /**< @private request number of the command in progress */
	uint32_t pend_hdr;              /**< @private a command taken, not yet the engine's */
	uint32_t pend_len;              /**< @private */
	int pend;                       /**< @private */
	uint32_t wire_len;              /**< @private length word of the message being written */
	int wire_set;                   /**< @private (CORRUPT_LEN) */
	uint8_t pend_buf[SCMIA_SIM_MSG_MAX]; /**< @private */
};

/** Glue between an engine and SMT channel pairs. Caller-owned. */
struct scmia_sim_smt {
	struct scmia_sim *sim;                            /**< @private */
	uint32_t agent_id;                                /**< @private */
	unsigned rr;                                      /**< @private pull round robin */
	struct scmia_sim_smt_chan ch[SCMIA_SIM_MAX_CHANS]; /**< @private */
};

/** The port ops of the SMT glue (ctx: struct scmia_sim_smt). */
extern const struct scmia_sim_port_ops scmia_sim_smt_port;

/**
 * @brief Bind the glue to an engine and make it the engine's port.
 * @param g caller-owned glue (overwritten). @param sim an initialised engine.
 * @param agent_id agent id the commands come from; 0: 1.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before traffic.
 */
int scmia_sim_smt_init(struct scmia_sim_smt *g, struct scmia_sim *sim, uint32_t agent_id);

/**
 * @brief Attach a channel pair and initialise its areas (status FREE,
 *        everything else 0).
 * @param g glue. @param idx channel index < SCMIA_SIM_MAX_CHANS.
 * @param a2p_mem a2p area (4-byte aligned). @param a2p_size its size
 *        (multiple of 4, >= SCMIA_SMT_AREA_MIN).
 * @param p2a_mem p2a area or NULL. @param p2a_size its size.
 * @param a2p_sc the agent's a2p context (for its interrupt entry).
 * @param p2a_sc the agent's p2a context or NULL.
 * @param flags SCMIA_SIM_SMT_*.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before traffic. Lifetime: memory and contexts must
 * outlive the glue.
 */
int scmia_sim_smt_attach(struct scmia_sim_smt *g, unsigned idx, void *a2p_mem, uint32_t a2p_size,
			 void *p2a_mem, uint32_t p2a_size, struct scmia_smt_chan *a2p_sc,
			 struct scmia_smt_chan *p2a_sc, uint32_t flags);

/**
 * @brief Context to give the agent as ring_ctx (and ack_ctx) of channel
 *        @p idx.
 * @param g glue. @param idx channel index. @return the context, NULL if bad.
 * Context: any.
 */
void *scmia_sim_smt_ctx(struct scmia_sim_smt *g, unsigned idx);

/**
 * @brief The agent's a2p doorbell hook (scmia_smt_cfg::ring), ctx from
 *        scmia_sim_smt_ctx(). Handles the command at once with
 *        SCMIA_SIM_SMT_INLINE, else kicks the engine's thread.
 * @param ctx channel context. @return 0, SCMIA_EINVAL.
 * Context: the agent's send context.
 */
int scmia_sim_smt_ring(void *ctx);

/**
 * @brief The agent's p2a completion doorbell hook (scmia_smt_cfg::ack):
 *        counts it and lets the engine emit what waited for the area.
 * @param ctx channel context. @return 0, SCMIA_EINVAL.
 * Context: the agent's receive context.
 */
int scmia_sim_smt_ack(void *ctx);

/**
 * @brief Stepped mode: handle every rung doorbell, then emit what is due.
 * @param g glue. @return commands handled, or SCMIA_EINVAL.
 * Context: thread; agent interrupt entries run in this thread.
 */
int scmia_sim_smt_poll(struct scmia_sim_smt *g);

/**
 * @brief Stuck-channel fault: while on, doorbells and replies of channel
 *        @p idx are swallowed (the a2p area never becomes FREE again).
 * @param g glue. @param idx channel. @param on 1 to stick, 0 to release.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any.
 */
int scmia_sim_smt_set_stuck(struct scmia_sim_smt *g, unsigned idx, int on);

/**
 * @brief End a stuck-channel episode as a platform that restarted would:
 *        clear the fault and, when the a2p area holds a command that was
 *        handed over (neither FREE nor ERROR) whose doorbell was
 *        swallowed, process it now (its reply comes late).
 * @param g glue. @param idx channel.
 * @return 1 when a command was picked up again, 0 when the area was the
 *         agent's (FREE or ERROR), SCMIA_EINVAL.
 * Context: any thread; with SCMIA_SIM_SMT_INLINE the agent's interrupt
 * entry may run in it.
 */
int scmia_sim_smt_recover(struct scmia_sim_smt *g, unsigned idx);

/**
 * @brief Raise the agent's interrupt without any message (spurious).
 * @param g glue. @param idx channel. @param p2a 0: a2p, 1: p2a.
 * @return scmia_smt_irq()'s result, or SCMIA_EINVAL.
 * Context: any thread; the agent's interrupt entry runs in it.
 */
int scmia_sim_smt_spurious(struct scmia_sim_smt *g, unsigned idx, int p2a);

/**
 * @brief Write a raw message into an area exactly as given, bypassing the
 *        engine (tests that script bad input), optionally raising the
 *        agent's interrupt.
 * @param g glue. @param idx channel. @param p2a 0: a2p area, 1: p2a area.
 * @param status status word to leave. @param length length word.
 * @param hdr header word. @param body bytes after the header (may be NULL
 *        when @p body_len is 0). @param body_len bytes to write (clamped
 *        to the area). @param irq 1: call the agent's interrupt entry.
 * @return scmia_smt_irq()'s result when @p irq, else SCMIA_OK; SCMIA_EINVAL.
 * Context: any thread.
 */
int scmia_sim_smt_write_raw(struct scmia_sim_smt *g, unsigned idx, int p2a, uint32_t status,
			    uint32_t length, uint32_t hdr, const void *body, uint32_t body_len,
			    int irq);

/**
 * @brief Read one word of an area (platform view), for tests.
 * @param g glue. @param idx channel. @param p2a 0: a2p area, 1: p2a area.
 * @param off 4-byte aligned offset. @return the word, 0 when out of range.
 * Context: any.
 */
uint32_t scmia_sim_smt_peek(struct scmia_sim_smt *g, unsigned idx, int p2a, uint32_t off);

/**
 * @brief Snapshot the counters of a channel pair.
 * @param g glue. @param idx channel. @param[out] out the counters.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any.
 */
int scmia_sim_smt_stats(struct scmia_sim_smt *g, unsigned idx, struct scmia_sim_smt_stats *out);

/* ------------------------------------------------------------------ */
/* Ready-made wiring (demo, tests)                                     */
/* ------------------------------------------------------------------ */

/** Area size of the ready-made wiring (the DEN0056 128-byte default). */
#define SCMIA_SIM_SMT_AREA 128u

/** Everything one SMT channel pair needs on both sides: the shared areas,
 *  the agent's SMT contexts and the platform glue. Caller-owned. */
struct scmia_sim_smt_rig {
	uint32_t a2p_area[SCMIA_SIM_SMT_AREA / 4]; /**< @private shared a2p area */
	uint32_t p2a_area[SCMIA_SIM_SMT_AREA / 4]; /**< @private shared p2a area */
	struct scmia_smt_chan a2p;  /**< agent a2p context: scmia_chan_cfg::chan_ctx */
	struct scmia_smt_chan p2a;  /**< agent p2a context: scmia_chan_cfg::chan_ctx */
	struct scmia_sim_smt glue;  /**< platform end (the engine's port) */
};

/**
 * @brief Wire channel pair 0 of @p sim to SMT: areas, platform glue (made
 *        the engine's port), agent contexts with the simulated doorbells
 *        and a 32-bit-only atomic accessor.
 *        Then open the agent's channels with chan_ctx = &rig->a2p and
 *        &rig->p2a, and run the engine stepped (scmia_sim_smt_poll()) or
 *        threaded (scmia_sim_start()).
 * @param rig caller-owned storage (overwritten).
 * @param sim an initialised engine.
 * @param sim_flags SCMIA_SIM_SMT_* (SCMIA_SIM_SMT_IRQ for interrupt-driven
 *        completion; without it the agent must poll).
 * @param smt_flags SCMIA_SMT_F_* of both agent contexts (SCMIA_SMT_F_NO_IRQ
 *        for a polling agent).
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before traffic. Lifetime: @p rig must outlive the
 * channels and the engine's use of its port.
 */
int scmia_sim_smt_rig_init(struct scmia_sim_smt_rig *rig, struct scmia_sim *sim,
			   uint32_t sim_flags, uint32_t smt_flags);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_SMT_H */

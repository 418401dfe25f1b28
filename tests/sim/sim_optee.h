/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file sim_optee.h
 * @brief Simulated OP-TEE with the SCMI pseudo TA, for the OP-TEE transport
 *        (transports/optee/scmia_optee.h): the host's TEE client hooks,
 *        answered by a model that checks what the agent asks like the PTA
 *        does and hands SCMI commands to the engine (scmia_sim.h).
 *
 * The agent's hooks are scmia_sim_optee_ops with ctx = the model:
 * - open_session: the SCMI PTA's UUID only (else ITEM_NOT_FOUND), at most
 *   SCMIA_SIM_OPTEE_MAX_SESSIONS open;
 * - CAPABILITIES (value out), GET_CHANNEL_HANDLE (value inout: a channel
 *   attached with that id; capability bits beyond SMT|MSG: BAD_PARAMETERS;
 *   bits the model does not offer: NOT_SUPPORTED), PROCESS_SMT_CHANNEL
 *   (the channel's static area), PROCESS_SMT_CHANNEL_MESSAGE (an SMT area
 *   in a registered shared-memory object, at least 128 bytes) and
 *   PROCESS_MSG_CHANNEL (memref in: the command; memref out: the response,
 *   its size written back). Parameter types must be exactly the PTA's
 *   (else BAD_PARAMETERS, counted); memrefs must lie inside an object
 *   registered with scmia_sim_optee_shm_add();
 * - the PROCESS_* invokes are synchronous: the command goes to the engine
 *   and the invoke returns once the engine's reply is in the buffer (the
 *   engine emits inline unless a fault delays it: then the invoke waits,
 *   bounded by return_wait_us, and returns without a reply, counted
 *   not_done). Two invokes on one channel at once: BUSY, counted overlap
 *   (the transport must serialise them).
 *
 * p2a: delayed responses and notifications go into the channel's p2a SMT
 * area (when the agent left it FREE; else the engine retries), with flags
 * bit0 under SCMIA_SIM_OPTEE_ACK, and raise the agent's interrupt entry
 * (scmia_optee_irq) under SCMIA_SIM_OPTEE_IRQ. scmia_sim_optee_ack() is
 * the agent's completion doorbell hook.
 *
 * Script rules (scmia_sim_optee_script()) force answers: a TEE error, a
 * host failure, a value, a response size, an unprocessed return, an SMT
 * ERROR bit.
 *
 * Locking: one mutex per model; never held while calling the engine or the
 * agent. Area words are accessed as aligned 32-bit atomics.
 */
#ifndef SCMIA_SIM_OPTEE_H
#define SCMIA_SIM_OPTEE_H

#include <pthread.h>
#include <stdint.h>

#include "scmia_optee.h"
#include "scmia_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SCMIA_SIM_OPTEE_MAX_SESSIONS 16u /**< Sessions open at once. */
#define SCMIA_SIM_OPTEE_MAX_SHM 8u       /**< Registered shared-memory objects. */
#define SCMIA_SIM_OPTEE_MAX_RULES 16u    /**< Script rules. */
/** Handle GET_CHANNEL_HANDLE gives channel index i: not its id, so a
 *  transport that passes the id where the handle belongs fails. */
#define SCMIA_SIM_OPTEE_HANDLE(i) (0xc0de0000u | (uint32_t)(i))

/** The host's shared-memory object, as the model knows it: what the agent
 *  passes in scmia_optee_chan_cfg::shm. */
struct scmia_sim_optee_shm {
	void *base;    /**< first byte */
	uint32_t size; /**< bytes */
};

/** Rule target: open_session instead of an invoke command. */
#define SCMIA_SIM_OPTEE_ON_OPEN 0xffu

#define SCMIA_SIM_OPTEE_ACT_TEE_ERR 1u   /**< answer tee_ret = arg, nothing done */
#define SCMIA_SIM_OPTEE_ACT_HOST_ERR 2u  /**< the hook itself fails: returns (int)arg */
#define SCMIA_SIM_OPTEE_ACT_VALUE 3u     /**< CAPABILITIES / GET_CHANNEL_HANDLE answer a = arg, b = arg2 */
#define SCMIA_SIM_OPTEE_ACT_OUT_SIZE 4u  /**< MSG: process, then report response size arg */
#define SCMIA_SIM_OPTEE_ACT_SKIP 5u      /**< return success without processing anything */
#define SCMIA_SIM_OPTEE_ACT_SMT_ERROR 6u /**< SMT: process, then hand the area back with ERROR */

/** A script rule: the next @c count invokes of @c cmd (or opens) get @c act. */
struct scmia_sim_optee_rule {
	uint8_t cmd;    /**< SCMIA_OPTEE_CMD_* or SCMIA_SIM_OPTEE_ON_OPEN */
	uint8_t act;    /**< SCMIA_SIM_OPTEE_ACT_* */
	uint32_t count; /**< 0: 1 */
	int64_t arg;    /**< see the action */
	uint64_t arg2;  /**< ACT_VALUE: value b */
};

/** Channel flag: raise the agent's p2a interrupt (scmia_optee_irq) for each
 *  p2a message. */
#define SCMIA_SIM_OPTEE_IRQ (1u << 0)
/** Channel flag: p2a messages ask for the completion doorbell (flags bit0). */
#define SCMIA_SIM_OPTEE_ACK (1u << 1)

/** Model configuration. Zeroed fields take defaults. */
struct scmia_sim_optee_cfg {
	uint32_t caps;           /**< CAPABILITIES a; 0: SMT | MSG */
	uint32_t ext_caps;       /**< CAPABILITIES b */
	uint32_t agent_id;       /**< agent the commands come from; 0: 1 */
	/** Longest time a PROCESS_* invoke waits for the engine's reply, µs;
	 *  0: 200 ms. */
	uint32_t return_wait_us;
};

/** Model statistics. */
struct scmia_sim_optee_stats {
	uint32_t opens, closes;  /**< sessions opened, closed */
	uint32_t bad_uuid;       /**< opens of another TA */
	uint32_t bad_session;    /**< invokes / closes of a session not open */
	uint32_t invokes;        /**< invokes (all commands) */
	uint32_t bad_params;     /**< invokes refused: parameter types, memref outside an object */
	uint32_t bad_handle;     /**< PROCESS_* with an unknown handle */
	uint32_t overlap;        /**< PROCESS_* while another runs on the channel */
	uint32_t commands;       /**< SCMI commands handed to the engine */
	uint32_t replies;        /**< responses written into a buffer */
	uint32_t late;           /**< responses with no invoke waiting (dropped) */
	uint32_t truncated;      /**< responses cut to the buffer */
	uint32_t not_done;       /**< PROCESS_* returned without a reply */
	uint32_t bad_status;     /**< SMT areas posted with FREE still set */
	uint32_t bad_len;        /**< commands with an impossible length (SMT ERROR / BAD_PARAMETERS) */
	uint32_t p2a_msgs;       /**< p2a messages written */
	uint32_t p2a_busy;       /**< p2a messages deferred: area not FREE */
	uint32_t p2a_irqs;       /**< p2a interrupts raised */
	uint32_t acks;           /**< p2a completion doorbells */
	uint32_t spurious;       /**< spurious interrupts raised */
};

/** @private A channel of the model. */
struct scmia_sim_optee_chan {
	uint32_t channel_id;           /**< @private */
	uint32_t *smt_mem;             /**< @private static SMT area, or NULL */
	uint32_t smt_size;             /**< @private */
	uint32_t *p2a_mem;             /**< @private p2a area, or NULL */
	uint32_t p2a_size;             /**< @private */
	struct scmia_optee_chan *a2p_oc; /**< @private agent contexts (interrupt entries) */
	struct scmia_optee_chan *p2a_oc; /**< @private */
	uint32_t flags;                /**< @private SCMIA_SIM_OPTEE_* */
	uint8_t attached;              /**< @private */
	uint8_t busy;                  /**< @private an invoke is processing */
	uint8_t done;                  /**< @private its reply is written */
	uint8_t smt_error;             /**< @private hand the area back with ERROR */
	uint8_t *out;                  /**< @private where the reply goes (SMT area / MSG out) */
	uint32_t out_cap;              /**< @private */
	uint32_t out_len;              /**< @private MSG: bytes written */
	uint8_t is_smt;                /**< @private the reply goes into an SMT area */
};

/** The model. Caller-owned; fields private. */
struct scmia_sim_optee {
	pthread_mutex_t lock;            /**< @private */
	pthread_cond_t cond;             /**< @private reply written (CLOCK_MONOTONIC) */
	struct scmia_sim *sim;           /**< @private */
	struct scmia_sim_optee_cfg cfg;  /**< @private resolved */
	uint8_t open[SCMIA_SIM_OPTEE_MAX_SESSIONS]; /**< @private session i+1 open */
	struct scmia_sim_optee_shm *shm[SCMIA_SIM_OPTEE_MAX_SHM]; /**< @private */
	struct scmia_sim_optee_chan ch[SCMIA_SIM_MAX_CHANS]; /**< @private */
	struct scmia_sim_optee_rule rules[SCMIA_SIM_OPTEE_MAX_RULES]; /**< @private */
	unsigned n_rules;                /**< @private */
	struct scmia_sim_optee_stats st; /**< @private */
};

/** The agent's TEE client hooks (ctx: the model). */
extern const struct scmia_optee_ops scmia_sim_optee_ops;

/** Aligned 32-bit atomic accessor for the areas (what the platform side
 *  uses too), for agents whose area is touched by another thread. */
extern const struct scmia_smt_access scmia_sim_optee_acc;

/**
 * @brief Initialise the model and make it the engine's port.
 * @param m caller-owned model (overwritten). @param sim an initialised engine.
 * @param cfg configuration (NULL: defaults).
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_EIO (pthread).
 * Context: thread, before traffic.
 */
int scmia_sim_optee_init(struct scmia_sim_optee *m, struct scmia_sim *sim,
			 const struct scmia_sim_optee_cfg *cfg);

/**
 * @brief Destroy the model's pthread objects.
 * @param m model. Context: thread, after traffic.
 */
void scmia_sim_optee_deinit(struct scmia_sim_optee *m);

/**
 * @brief Attach channel @p idx: its OP-TEE channel id, its static SMT area
 *        (PROCESS_SMT_CHANNEL) and p2a area, both initialised FREE.
 * @param m model. @param idx engine channel index < SCMIA_SIM_MAX_CHANS.
 * @param channel_id id GET_CHANNEL_HANDLE accepts for it.
 * @param smt_mem static SMT area or NULL. @param smt_size its size.
 * @param a2p_oc the agent's a2p context (spurious interrupts), may be NULL.
 * @param p2a_mem p2a area or NULL. @param p2a_size its size.
 * @param p2a_oc the agent's p2a context, or NULL.
 * @param flags SCMIA_SIM_OPTEE_*.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before traffic.
 */
int scmia_sim_optee_attach(struct scmia_sim_optee *m, unsigned idx, uint32_t channel_id,
			   uint32_t *smt_mem, uint32_t smt_size, struct scmia_optee_chan *a2p_oc,
			   uint32_t *p2a_mem, uint32_t p2a_size, struct scmia_optee_chan *p2a_oc,
			   uint32_t flags);

/**
 * @brief Register a shared-memory object memrefs may point into.
 * @param m model. @param shm the object (base, size).
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_ENOSPC.
 * Context: thread, before traffic. Lifetime: @p shm outlives the model.
 */
int scmia_sim_optee_shm_add(struct scmia_sim_optee *m, struct scmia_sim_optee_shm *shm);

/**
 * @brief Append a script rule.
 * @param m model. @param rule the rule (copied).
 * @return SCMIA_OK; SCMIA_EINVAL (bad action); SCMIA_ENOSPC.
 * Context: any thread.
 */
int scmia_sim_optee_script(struct scmia_sim_optee *m, const struct scmia_sim_optee_rule *rule);

/**
 * @brief The agent's p2a completion doorbell hook (scmia_optee_chan_cfg::ack,
 *        ctx: the model): counts it and kicks the engine.
 * @param ctx model. @return 0.
 * Context: the agent's receive context.
 */
int scmia_sim_optee_ack(void *ctx);

/**
 * @brief Number of sessions open now.
 * @param m model. @return the count.
 * Context: any thread.
 */
unsigned scmia_sim_optee_sessions_open(struct scmia_sim_optee *m);

/**
 * @brief Snapshot the statistics.
 * @param m model. @param[out] out copy.
 * Context: any thread.
 */
void scmia_sim_optee_stats(struct scmia_sim_optee *m, struct scmia_sim_optee_stats *out);

/* ------------------------------------------------------------------ */
/* Ready-made wiring (demo, tests)                                     */
/* ------------------------------------------------------------------ */

/** Buffer and area size of the wiring (the 128 bytes Linux uses). */
#define SCMIA_SIM_OPTEE_BUF 128u
/** OP-TEE channel id of the wiring. */
#define SCMIA_SIM_OPTEE_RIG_CHANNEL 7u

/** Both sides of one OP-TEE channel pair. Caller-owned. */
struct scmia_sim_optee_rig {
	uint32_t buf[SCMIA_SIM_OPTEE_BUF / 4];      /**< @private static area / shm buffer */
	uint32_t p2a_area[SCMIA_SIM_OPTEE_BUF / 4]; /**< @private p2a area */
	struct scmia_sim_optee_shm shm;   /**< @private the shm object (SMT_SHM, MSG) */
	struct scmia_sim_optee model;     /**< @private platform end (the engine's port) */
	struct scmia_optee tr;            /**< transport instance: scmia_agent_cfg::transport_ctx */
	struct scmia_optee_chan a2p;      /**< agent a2p context: scmia_chan_cfg::chan_ctx */
	struct scmia_optee_chan p2a;      /**< agent p2a context: scmia_chan_cfg::chan_ctx */
};

/**
 * @brief Wire channel pair 0 of @p sim to a simulated OP-TEE: the model
 *        (made the engine's port, p2a interrupt and completion doorbell
 *        on, a PROCESS_* invoke waiting up to 2 s for the engine), the
 *        transport instance on its hooks, and both agent contexts with the
 *        atomic accessor. Then open the agent with transport
 *        scmia_optee_transport, transport_ctx &rig->tr and the channels on
 *        &rig->a2p / &rig->p2a.
 * @param rig caller-owned storage (overwritten).
 * @param sim an initialised engine.
 * @param mode SCMIA_OPTEE_MODE_* of the a2p channel.
 * @return SCMIA_OK or an error of the pieces.
 * Context: thread, before traffic. Lifetime: @p rig outlives the agent;
 * scmia_sim_optee_rig_deinit() after the agent is gone.
 */
int scmia_sim_optee_rig_init(struct scmia_sim_optee_rig *rig, struct scmia_sim *sim,
			     uint32_t mode);

/**
 * @brief Release what scmia_sim_optee_rig_init() created.
 * @param rig the wiring. Context: thread, after the agent is gone.
 */
void scmia_sim_optee_rig_deinit(struct scmia_sim_optee_rig *rig);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_OPTEE_H */

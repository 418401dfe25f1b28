/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file sim_smc.h
 * @brief SMC/HVC "firmware" for the simulated platform: SCMI over SMT areas
 *        with an SMCCC call as the doorbell, plus the wait-queue handshake
 *        (WAITQ_SLEEP / RESUME / GET_WQ_CTX, busy, INTERRUPTED).
 *
 * The agent's SMCCC hook is scmia_sim_smc_call() (ctx: the model). By
 * function id it dispatches to:
 * - GET_WQ_CTX (default SiP, fast, SMC64, 0x24/0x03): the oldest pending
 *   wake event: a0 = 0, a1 = context, a2 = flags, a3 = more pending;
 *   a0 = SCMIA_SIM_SMC_RET_INVALID when none is pending;
 * - RESUME (default SiP, yielding, SMC64, 0x24/0x02): the parked call named
 *   by its call context (a1, or a2 with the argument-descriptor convention)
 *   is served when a wake released it, else parked again (WAITQ_SLEEP);
 * - the echo service (SCMIA_SIM_SMC_ECHO_FID by default): a non-SCMI
 *   firmware service for wait-queue tests; final answer a0 = 0,
 *   a1 = scmia_sim_smc_echo_value(a1, a2), a2 = a1, a3 = a2;
 * - an attached SCMI channel's function id (and its parameters: SMT page
 *   and offset, or capability id, checked): the command in the channel's
 *   a2p area is handed to the engine (scmia_sim.h) through the SMT platform
 *   end (sim_smt.h) and, in synchronous mode, the call returns once the
 *   reply is in the area (FREE set); in asynchronous mode the call only
 *   rings and the reply raises the agent's completion interrupt
 *   (scmia_smc_irq) when it asked for one;
 * - a p2a channel's completion doorbell id: counted, lets the engine emit
 *   what waited for the area;
 * - anything else: SMCCC NOT_SUPPORTED (-1).
 *
 * Before an original call (echo or SCMI) or a RESUME is served, the script
 * (a FIFO of rules, scmia_sim_smc_script()) may force an answer: SLEEP on a
 * context (the call is parked), busy, INTERRUPTED, NOT_SUPPORTED or any a0.
 * Contention mode (scmia_sim_smc_contention()) makes original calls sleep
 * at random and schedules their wakes (wake one / wake all, random delays,
 * batched with "more pending", random invalid events) on a waker thread
 * that raises the wake interrupt from its own thread.
 *
 * Firmware semantics of a wake: wake-all releases every call parked on the
 * context; wake-one grants one permit on the context, taken by the first
 * RESUME there. Every parked call gets exactly one scheduled wake in
 * contention mode, so a caller that loses a wake-up times out.
 *
 * Locking: one mutex per model; never held while calling into the agent
 * (interrupt hook, scmia_smc_irq) or the engine.
 */
#ifndef SCMIA_SIM_SMC_H
#define SCMIA_SIM_SMC_H

#include <pthread.h>
#include <stdint.h>

#include "scmia_sim.h"
#include "scmia_smc.h"
#include "sim_smt.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most wait-queue contexts the model uses. */
#define SCMIA_SIM_SMC_MAX_CTX 16u
/** Most calls parked at once. */
#define SCMIA_SIM_SMC_MAX_PARKED 128u
/** Most wake events pending for GET_WQ_CTX. */
#define SCMIA_SIM_SMC_MAX_EVENTS 256u
/** Most script rules. */
#define SCMIA_SIM_SMC_MAX_RULES 32u

/** Default function id of the echo service: SiP, yielding, SMC64, 0x01/0x01. */
#define SCMIA_SIM_SMC_ECHO_FID 0x42000101u
/** a0 of an invalid request (bad parameters, unknown call context, no event):
 *  SMCCC INVALID_PARAMETER. */
#define SCMIA_SIM_SMC_RET_INVALID (-3)

/** Script action: serve the call normally. */
#define SCMIA_SIM_SMC_ACT_SERVE 0u
/** Script action: answer WAITQ_SLEEP on context @c arg (the call is parked). */
#define SCMIA_SIM_SMC_ACT_SLEEP 1u
/** Script action: answer busy (-12). On a RESUME the parked call is dropped. */
#define SCMIA_SIM_SMC_ACT_BUSY 2u
/** Script action: answer INTERRUPTED (1); the call is not served. */
#define SCMIA_SIM_SMC_ACT_INTERRUPTED 3u
/** Script action: answer SMCCC NOT_SUPPORTED (-1). */
#define SCMIA_SIM_SMC_ACT_NOT_SUPPORTED 4u
/** Script action: answer a0 = @c arg (an error code of the service). */
#define SCMIA_SIM_SMC_ACT_RAW 5u

/** Rule target: original calls (echo or SCMI). */
#define SCMIA_SIM_SMC_ON_CALL (1u << 0)
/** Rule target: RESUME calls. */
#define SCMIA_SIM_SMC_ON_RESUME (1u << 1)

/** A script rule: the next matching call gets @c act, @c count times. */
struct scmia_sim_smc_rule {
	uint8_t act;     /**< SCMIA_SIM_SMC_ACT_* */
	uint8_t on;      /**< SCMIA_SIM_SMC_ON_* bits; 0: original calls */
	uint32_t count;  /**< calls it applies to; 0: 1 */
	int64_t arg;     /**< SLEEP: context; RAW: a0 */
	/** SLEEP: schedule a wake this many µs later on the waker thread
	 *  (0: none, the test raises it with scmia_sim_smc_wake()). */
	uint32_t wake_us;
	uint32_t wake_flags; /**< SLEEP with wake_us: SCMIA_FWCALL_WAKE_ONE / _ALL; 0: one */
};

/** Channel flag: asynchronous platform: the call only rings, the reply
 *  comes later with the completion interrupt (scmia_smc_irq). */
#define SCMIA_SIM_SMC_ASYNC (1u << 0)
/** Channel flag: p2a messages ask for the completion doorbell. */
#define SCMIA_SIM_SMC_ACK (1u << 1)

/** Model configuration. Zeroed fields take defaults. */
struct scmia_sim_smc_cfg {
	uint32_t resume_fid;     /**< 0: SiP yielding SMC64 0x24/0x02 */
	uint32_t get_wq_ctx_fid; /**< 0: SiP fast SMC64 0x24/0x03 */
	uint32_t echo_fid;       /**< 0: SCMIA_SIM_SMC_ECHO_FID */
	unsigned n_ctx;          /**< contexts used (<= SCMIA_SIM_SMC_MAX_CTX); 0: 4 */
	int arginfo;             /**< 1: RESUME carries an argument descriptor in a1, call ctx in a2 */
	/** Longest time a synchronous SCMI call waits for the engine's reply
	 *  before returning anyway (a dropped or delayed reply), µs; 0: 200 ms. */
	uint32_t return_wait_us;
	/** The wake interrupt: called (model unlocked) after wake events were
	 *  queued, from the thread that raised them. Typically
	 *  scmia_sim_smc_fwcall_irq with the agent's scmia_fwcall. */
	void (*irq)(void *ctx);
	void *irq_ctx;           /**< its context */
};

/** Contention mode parameters (scmia_sim_smc_contention()). */
struct scmia_sim_smc_contention {
	unsigned sleep_percent;    /**< original calls answered WAITQ_SLEEP (0..100) */
	unsigned wake_all_percent; /**< wakes that are wake-all (0..100) */
	unsigned bogus_percent;    /**< wake interrupts that also carry an invalid event */
	uint32_t wake_min_us;      /**< shortest delay of a wake (0: may come before the sleep) */
	uint32_t wake_max_us;      /**< longest delay */
	uint32_t resume_busy_percent; /**< RESUMEs of a released call answered busy (0..100) */
	uint32_t interrupted_percent; /**< calls answered INTERRUPTED first (0..100) */
	uint64_t seed;             /**< PRNG seed */
};

/** Model statistics. */
struct scmia_sim_smc_stats {
	uint32_t calls;        /**< every SMCCC call */
	uint32_t not_supported; /**< unknown function ids */
	uint32_t bad_params;   /**< known id, wrong parameters / call context */
	uint32_t served;       /**< original calls served (final answer) */
	uint32_t scmi;         /**< SCMI commands handed to the engine */
	uint32_t not_done;     /**< synchronous SCMI calls returned without a reply in the area */
	uint32_t sleeps;       /**< WAITQ_SLEEP answers (parks and re-parks) */
	uint32_t resleeps;     /**< RESUMEs parked again (not released yet) */
	uint32_t resumes;      /**< RESUME calls */
	uint32_t busy;         /**< busy answers */
	uint32_t interrupted;  /**< INTERRUPTED answers */
	uint32_t wakes_one;    /**< wake-one events raised */
	uint32_t wakes_all;    /**< wake-all events raised */
	uint32_t bogus;        /**< invalid events raised */
	uint32_t get_wq_ctx;   /**< GET_WQ_CTX calls */
	uint32_t get_wq_empty; /**< GET_WQ_CTX with nothing pending */
	uint32_t irqs;         /**< wake interrupts raised */
	uint32_t acks;         /**< p2a completion doorbells */
	uint32_t parked_max;   /**< high-water mark of parked calls */
	uint32_t overflow;     /**< parks or events refused: table full */
};

/** @private A parked call. */
struct scmia_sim_smc_parked {
	struct scmia_smccc_args args; /**< @private the original call */
	uint64_t id;        /**< @private call context handed to the agent */
	uint32_t ctx;       /**< @private wait-queue context */
	uint8_t used;       /**< @private */
	uint8_t released;   /**< @private a wake-all released it */
};

/** @private A scheduled wake (waker thread). Wakes belong to a context,
 *  not to a call: each park schedules one, a wake-all cancels the rest. */
struct scmia_sim_smc_sched {
	uint64_t due;       /**< @private µs, CLOCK_MONOTONIC */
	uint32_t ctx;       /**< @private */
	uint32_t flags;     /**< @private SCMIA_FWCALL_WAKE_* */
	uint8_t used;       /**< @private */
};

/** @private An SCMI channel of the model. */
struct scmia_sim_smc_chan {
	uint32_t func_id;   /**< @private a2p function id, 0: not attached */
	uint32_t ack_fid;   /**< @private p2a completion doorbell id, 0: none */
	uint64_t a1, a2;    /**< @private expected parameters */
	uint32_t flags;     /**< @private SCMIA_SIM_SMC_* */
	uint32_t *a2p_mem;  /**< @private */
	struct scmia_smc_chan *a2p_sc; /**< @private agent context (completion irq) */
};

/** The model. Caller-owned; fields private. */
struct scmia_sim_smc {
	pthread_mutex_t lock;            /**< @private */
	pthread_cond_t cond;             /**< @private waker wake-up (CLOCK_MONOTONIC) */
	pthread_t waker;                 /**< @private */
	int running, stop;               /**< @private waker thread */
	struct scmia_sim_smc_cfg cfg;    /**< @private resolved */
	struct scmia_sim *sim;           /**< @private engine, or NULL */
	struct scmia_sim_smt smt;        /**< @private SMT platform end */
	struct scmia_sim_smc_chan ch[SCMIA_SIM_MAX_CHANS]; /**< @private */
	struct scmia_sim_smc_parked parked[SCMIA_SIM_SMC_MAX_PARKED]; /**< @private */
	unsigned n_parked;               /**< @private */
	struct scmia_sim_smc_sched sched[SCMIA_SIM_SMC_MAX_PARKED]; /**< @private */
	unsigned n_sched;                /**< @private */
	uint64_t next_id;                /**< @private */
	uint32_t permits[SCMIA_SIM_SMC_MAX_CTX]; /**< @private wake-one permits */
	uint64_t ev[SCMIA_SIM_SMC_MAX_EVENTS][2]; /**< @private pending events (ctx, flags) */
	unsigned ev_head, ev_count;      /**< @private */
	struct scmia_sim_smc_rule rules[SCMIA_SIM_SMC_MAX_RULES]; /**< @private */
	unsigned n_rules;                /**< @private */
	struct scmia_sim_smc_contention cont; /**< @private */
	int cont_on;                     /**< @private */
	uint64_t rng;                    /**< @private */
	struct scmia_sim_smc_stats st;   /**< @private */
};

/**
 * @brief Initialise the model.
 * @param m caller-owned model (overwritten).
 * @param sim engine for SCMI channels (its port becomes the model's), or
 *        NULL for a wait-queue-only firmware (echo service).
 * @param cfg configuration (NULL: defaults).
 * @return SCMIA_OK; SCMIA_EINVAL (n_ctx too large); SCMIA_EIO (pthread).
 * Context: thread.
 */
int scmia_sim_smc_init(struct scmia_sim_smc *m, struct scmia_sim *sim,
		       const struct scmia_sim_smc_cfg *cfg);

/**
 * @brief Stop the waker thread and destroy the model's pthread objects.
 * @param m model. Context: thread.
 */
void scmia_sim_smc_deinit(struct scmia_sim_smc *m);

/**
 * @brief Attach an SCMI channel pair: SMT areas in plain memory
 *        (initialised FREE) served by the engine.
 * @param m model with an engine. @param idx channel index < SCMIA_SIM_MAX_CHANS.
 * @param func_id the a2p function id. @param param_mode SCMIA_SMC_PARAM_*.
 * @param param SHMEM: the area's physical address; CAP_ID: the capability id.
 * @param a2p_mem a2p area. @param a2p_size its size.
 * @param a2p_sc the agent's a2p context (completion interrupt), may be NULL.
 * @param p2a_mem p2a area or NULL. @param p2a_size its size.
 * @param p2a_sc the agent's p2a context or NULL.
 * @param ack_fid p2a completion doorbell function id (0: none).
 * @param flags SCMIA_SIM_SMC_*.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before traffic.
 */
int scmia_sim_smc_attach(struct scmia_sim_smc *m, unsigned idx, uint32_t func_id,
			 uint32_t param_mode, uint64_t param, void *a2p_mem, uint32_t a2p_size,
			 struct scmia_smc_chan *a2p_sc, void *p2a_mem, uint32_t p2a_size,
			 struct scmia_smc_chan *p2a_sc, uint32_t ack_fid, uint32_t flags);

/**
 * @brief The SMT platform end under the model (stuck channel, raw
 *        messages, peeks: sim_smt.h).
 * @param m model. @return the glue.
 * Context: any.
 */
struct scmia_sim_smt *scmia_sim_smc_smt(struct scmia_sim_smc *m);

/**
 * @brief The agent's SMCCC hook (ctx: the model).
 * @param ctx model. @param in argument registers. @param out result registers.
 * Context: any thread; may run the engine and the agent's receive entry.
 */
void scmia_sim_smc_call(void *ctx, const struct scmia_smccc_args *in,
			struct scmia_smccc_res *out);

/**
 * @brief Ready-made wake-interrupt hook: scmia_fwcall_wake_irq(ctx).
 * @param ctx the agent's struct scmia_fwcall.
 * Context: any thread.
 */
void scmia_sim_smc_fwcall_irq(void *ctx);

/**
 * @brief Append a script rule.
 * @param m model. @param rule the rule (copied).
 * @return SCMIA_OK; SCMIA_EINVAL (bad action or context); SCMIA_ENOSPC.
 * Context: any thread.
 */
int scmia_sim_smc_script(struct scmia_sim_smc *m, const struct scmia_sim_smc_rule *rule);

/**
 * @brief Raise a wake event (and the interrupt, unless @p no_irq): the
 *        firmware state changes as described at the top; an invalid
 *        @p ctx or @p flags is queued as is (for bad-input tests) and
 *        changes nothing.
 * @param m model. @param ctx context. @param flags SCMIA_FWCALL_WAKE_*.
 * @param no_irq 1: only queue the event (a later interrupt fetches it).
 * @return SCMIA_OK; SCMIA_ENOSPC when the event queue is full.
 * Context: any thread; the interrupt hook runs in it.
 */
int scmia_sim_smc_wake(struct scmia_sim_smc *m, uint64_t ctx, uint64_t flags, int no_irq);

/**
 * @brief Turn contention mode on (starts the waker thread) or off
 *        (@p c NULL: stops it; scheduled wakes are raised at once).
 * @param m model. @param c parameters, or NULL.
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_EIO (thread).
 * Context: thread.
 */
int scmia_sim_smc_contention(struct scmia_sim_smc *m, const struct scmia_sim_smc_contention *c);

/**
 * @brief Number of calls parked now.
 * @param m model. @return the count.
 * Context: any thread.
 */
unsigned scmia_sim_smc_parked(struct scmia_sim_smc *m);

/**
 * @brief Snapshot the statistics.
 * @param m model. @param[out] out copy.
 * Context: any thread.
 */
void scmia_sim_smc_stats(struct scmia_sim_smc *m, struct scmia_sim_smc_stats *out);

/* ------------------------------------------------------------------ */
/* Kit: an agent over SMC against an engine, in one call               */
/* ------------------------------------------------------------------ */

/** Waiter slots (wait objects) the kit's wait-queue instance needs. */
#define SCMIA_SIM_SMC_KIT_WAITERS 8u
/** a2p function id the kit uses (fast, SMC32, SiP, 0x0010). */
#define SCMIA_SIM_SMC_KIT_FID 0x82000010u
/** p2a completion doorbell id the kit uses (fast, SMC32, SiP, 0x0011). */
#define SCMIA_SIM_SMC_KIT_ACK_FID 0x82000011u

/** Everything an agent needs to talk SCMI over SMC to an engine: the
 *  firmware model (asynchronous platform, optional wait-queue
 *  contention), a wait-queue instance, and the agent's channel contexts
 *  and shared-memory areas. Use it with scmia_smc_irq_transport; open the
 *  a2p channel with chan_ctx = &kit.a2p and the p2a one with &kit.p2a. */
struct scmia_sim_smc_kit {
	struct scmia_sim_smc model;      /**< the firmware */
	struct scmia_fwcall fw;          /**< the agent's wait-queue instance */
	struct scmia_fwcall_wq wq[4];    /**< @private */
	struct scmia_fwcall_waiter waiters[SCMIA_SIM_SMC_KIT_WAITERS]; /**< @private */
	struct scmia_smc_chan a2p;       /**< chan_ctx of the agent's a2p channel */
	struct scmia_smc_chan p2a;       /**< chan_ctx of the agent's p2a channel */
	uint32_t area_a2p[32];           /**< @private 128-byte a2p area */
	uint32_t area_p2a[32];           /**< @private 128-byte p2a area */
};

/**
 * @brief Set up a kit on an engine (whose port becomes the model's).
 * @param kit caller-owned kit (overwritten).
 * @param sim an initialised engine (start its thread after the agent's
 *        channels are open: it delivers replies and p2a messages).
 * @param os OS ops for the wait-queue (wait, signal, now_us, relax).
 * @param os_ctx their context.
 * @param wait_objs SCMIA_SIM_SMC_KIT_WAITERS wait objects.
 * @param stride bytes between two of them.
 * @param contention 1: the firmware answers WAITQ_SLEEP at random and
 *        wakes from its own thread (busy, INTERRUPTED and invalid events
 *        mixed in); 0: it never sleeps.
 * @return SCMIA_OK or the first error.
 * Context: thread.
 */
int scmia_sim_smc_kit_init(struct scmia_sim_smc_kit *kit, struct scmia_sim *sim,
			   const struct scmia_os_ops *os, void *os_ctx, void *wait_objs,
			   size_t stride, int contention);

/**
 * @brief Stop the kit's firmware threads (after the agent was torn down).
 * @param kit the kit.
 * Context: thread.
 */
void scmia_sim_smc_kit_deinit(struct scmia_sim_smc_kit *kit);

/**
 * @brief Final a1 of the echo service for arguments @p a1, @p a2.
 * @param a1 first argument. @param a2 second argument. @return the value.
 * Context: any.
 */
static inline uint64_t scmia_sim_smc_echo_value(uint64_t a1, uint64_t a2)
{
	return (a1 * 0x9e3779b97f4a7c15ull) ^ (a2 + 0x5bd1e995u);
}

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_SMC_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file sim_pcc.h
 * @brief Platform end of ACPI PCC extended subspaces for the simulated
 *        platform: a type 3 (initiator) and a type 4 (responder) subspace
 *        per channel pair, their shared memory regions and registers,
 *        served by the engine (scmia_sim.h).
 *
 * Registers live in the model; the agent reaches them through
 * scmia_sim_pcc_regs (ctx: the model), the host hooks of the PCC
 * transport. Each side of channel pair i has four, 32 bits wide, at
 * system-memory addresses SCMIA_SIM_PCC_REG_ADDR(i, p2a, r):
 * - SCMIA_SIM_PCC_R_DOORBELL: any write rings (type 3: a command is
 *   posted; type 4: the agent is done with a notification);
 * - SCMIA_SIM_PCC_R_COMPLETE: bit 0 command complete; also the Command
 *   Complete Update register (the usual layout);
 * - SCMIA_SIM_PCC_R_ACK: bit 0 set while a platform interrupt is pending;
 *   the agent's acknowledge clears it;
 * - SCMIA_SIM_PCC_R_ERROR: bit 0 error (set by the fault rules).
 * scmia_sim_pcc_cfg_fill() writes the matching PCCT-like description into
 * a struct scmia_pcc_cfg.
 *
 * Type 3: a doorbell with command complete still set is counted
 * (bad_doorbell) and ignored; a bad signature or length is answered with
 * the error bit. The command goes to the engine inline (SCMIA_SIM_PCC_INLINE),
 * from scmia_sim_pcc_poll() (stepped tests) or the engine's thread (pull).
 * A response is written only into a region the agent handed over (command
 * complete clear; else the engine retries), then command complete is set
 * and, when the agent asked (flags bit0) and SCMIA_SIM_PCC_IRQ is on, the
 * interrupt raised (ACK bit, scmia_pcc_irq).
 *
 * Type 4: a delayed response or notification is written only when command
 * complete is set (the agent is done with the previous one; else retried),
 * with flags bit0 under SCMIA_SIM_PCC_ACK; then command complete is
 * cleared and the interrupt raised under SCMIA_SIM_PCC_IRQ.
 *
 * Locking: one mutex per model; never held while calling the engine or the
 * agent. Region words are accessed as aligned 32-bit atomics.
 */
#ifndef SCMIA_SIM_PCC_H
#define SCMIA_SIM_PCC_H

#include <pthread.h>
#include <stdint.h>

#include "scmia_pcc.h"
#include "scmia_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SCMIA_SIM_PCC_R_DOORBELL 0u /**< Register: doorbell. */
#define SCMIA_SIM_PCC_R_COMPLETE 1u /**< Register: command complete (check and update). */
#define SCMIA_SIM_PCC_R_ACK 2u      /**< Register: interrupt pending / acknowledge. */
#define SCMIA_SIM_PCC_R_ERROR 3u    /**< Register: error status. */
#define SCMIA_SIM_PCC_NREGS 4u      /**< Registers per subspace. */

/** GAS address of register @p r of channel pair @p idx's type 3 (@p p2a 0)
 *  or type 4 (@p p2a 1) subspace. */
#define SCMIA_SIM_PCC_REG_ADDR(idx, p2a, r) \
	(0x10000u + (uint64_t)(idx) * 0x100u + ((p2a) ? 0x80u : 0u) + (uint64_t)(r) * 8u)

/** Subspace id of channel pair @p idx's type 3 (@p p2a 0) or type 4 subspace. */
#define SCMIA_SIM_PCC_SUBSPACE(idx, p2a) ((uint8_t)(2u * (idx) + ((p2a) ? 1u : 0u)))

/** Channel flag: raise the platform interrupts (scmia_pcc_irq). */
#define SCMIA_SIM_PCC_IRQ (1u << 0)
/** Channel flag: handle a command in the doorbell write itself. */
#define SCMIA_SIM_PCC_INLINE (1u << 1)
/** Channel flag: type 4 messages ask for the completion doorbell (flags bit0). */
#define SCMIA_SIM_PCC_ACK (1u << 2)

#define SCMIA_SIM_PCC_ACT_SIGNATURE 1u /**< next message: signature ^= arg */
#define SCMIA_SIM_PCC_ACT_LENGTH 2u    /**< next message: length word = arg */
#define SCMIA_SIM_PCC_ACT_ERROR 3u     /**< next message: error register |= arg */
#define SCMIA_SIM_PCC_ACT_STUCK 4u     /**< next message: written, command complete left alone, no interrupt */
#define SCMIA_SIM_PCC_ACT_NO_IRQ 5u    /**< next message: no interrupt */
#define SCMIA_SIM_PCC_ACT_READ_FAIL 6u /**< reads of register arg fail (hook error) */
#define SCMIA_SIM_PCC_ACT_WRITE_FAIL 7u /**< writes of register arg fail (hook error) */
#define SCMIA_SIM_PCC_ACT_HIGH_BITS 8u /**< reads of register arg return bits 63:32 set too */

/** A fault rule: the next @c count messages (or register accesses) of the
 *  type 3 (@c p2a 0) or type 4 side get @c act. */
struct scmia_sim_pcc_rule {
	uint8_t act;    /**< SCMIA_SIM_PCC_ACT_* */
	uint8_t p2a;    /**< 0: type 3 subspace, 1: type 4 */
	uint32_t count; /**< 0: 1 */
	uint64_t arg;   /**< see the action */
};

/** Counters of one channel pair (platform view). */
struct scmia_sim_pcc_stats {
	uint32_t doorbells;    /**< type 3 doorbells */
	uint32_t bad_doorbell; /**< ... rung with command complete still set */
	uint32_t bad_signature; /**< commands with a wrong signature (error bit) */
	uint32_t bad_len;      /**< commands with an impossible length (error bit) */
	uint32_t commands;     /**< commands handed to the engine */
	uint32_t replies;      /**< responses written */
	uint32_t reply_busy;   /**< responses deferred: command complete set (the agent's) */
	uint32_t irqs;         /**< type 3 interrupts raised */
	uint32_t p2a_msgs;     /**< type 4 messages written */
	uint32_t p2a_busy;     /**< type 4 messages deferred: the agent not done */
	uint32_t p2a_irqs;     /**< type 4 interrupts raised */
	uint32_t p2a_doorbells; /**< type 4 completion doorbells */
	uint32_t acks;         /**< interrupts acknowledged (ACK bit cleared), both sides */
	uint32_t unacked;      /**< interrupts raised while the previous was still pending */
	uint32_t reg_faults;   /**< register accesses failed or garbled by a rule */
	uint32_t wide_writes;  /**< register writes with bits beyond the 32-bit width */
	uint32_t spurious;     /**< spurious interrupts raised */
};

/** @private One channel pair. */
struct scmia_sim_pcc_chan {
	uint32_t *a2p_mem;            /**< @private type 3 region */
	uint32_t a2p_size;            /**< @private */
	uint32_t *p2a_mem;            /**< @private type 4 region, or NULL */
	uint32_t p2a_size;            /**< @private */
	struct scmia_pcc_chan *a2p_pc; /**< @private agent contexts (interrupt entries) */
	struct scmia_pcc_chan *p2a_pc; /**< @private */
	uint64_t regs[2][SCMIA_SIM_PCC_NREGS]; /**< @private [p2a][reg] */
	uint32_t flags;               /**< @private SCMIA_SIM_PCC_* */
	uint8_t attached;             /**< @private */
	uint8_t rung;                 /**< @private a doorbell is pending */
	struct scmia_sim_pcc_stats st; /**< @private */
};

/** The model. Caller-owned; fields private. */
struct scmia_sim_pcc {
	pthread_mutex_t lock;       /**< @private */
	struct scmia_sim *sim;      /**< @private */
	uint32_t agent_id;          /**< @private */
	unsigned rr;                /**< @private pull round robin */
	struct scmia_sim_pcc_chan ch[SCMIA_SIM_MAX_CHANS]; /**< @private */
	struct scmia_sim_pcc_rule rules[16]; /**< @private */
	unsigned n_rules;           /**< @private */
};

/** The agent's register hooks (ctx: the model). */
extern const struct scmia_pcc_reg_ops scmia_sim_pcc_regs;

/** Aligned 32-bit atomic accessor of the regions (the platform side uses
 *  the same), for agents whose region another thread writes. */
extern const struct scmia_smt_access scmia_sim_pcc_acc;

/**
 * @brief Initialise the model and make it the engine's port.
 * @param m caller-owned model (overwritten). @param sim an initialised engine.
 * @param agent_id agent the commands come from; 0: 1.
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_EIO (pthread).
 * Context: thread, before traffic.
 */
int scmia_sim_pcc_init(struct scmia_sim_pcc *m, struct scmia_sim *sim, uint32_t agent_id);

/**
 * @brief Destroy the model's pthread objects.
 * @param m model. Context: thread, after traffic.
 */
void scmia_sim_pcc_deinit(struct scmia_sim_pcc *m);

/**
 * @brief Attach channel pair @p idx: its regions (reset: type 3 command
 *        complete set, the agent's; type 4 command complete set, nothing
 *        posted) and the agent's contexts for the interrupts.
 * @param m model. @param idx channel index < SCMIA_SIM_MAX_CHANS.
 * @param a2p_mem type 3 region (4-byte aligned). @param a2p_size its size.
 * @param a2p_pc the agent's type 3 context, may be NULL.
 * @param p2a_mem type 4 region or NULL. @param p2a_size its size.
 * @param p2a_pc the agent's type 4 context, or NULL.
 * @param flags SCMIA_SIM_PCC_*.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before traffic.
 */
int scmia_sim_pcc_attach(struct scmia_sim_pcc *m, unsigned idx, uint32_t *a2p_mem,
			 uint32_t a2p_size, struct scmia_pcc_chan *a2p_pc, uint32_t *p2a_mem,
			 uint32_t p2a_size, struct scmia_pcc_chan *p2a_pc, uint32_t flags);

/**
 * @brief Fill a transport configuration with the PCCT-like description of
 *        channel pair @p idx's type 3 (@p p2a 0) or type 4 subspace: type,
 *        subspace id, region, the model's register hooks and every
 *        register with its masks. The caller may change it (flags,
 *        accessor, turnaround, a register) before scmia_pcc_chan_init().
 * @param m model. @param idx channel. @param p2a side.
 * @param[out] cfg configuration (overwritten).
 * @return SCMIA_OK or SCMIA_EINVAL (not attached).
 * Context: any.
 */
int scmia_sim_pcc_cfg_fill(struct scmia_sim_pcc *m, unsigned idx, int p2a,
			   struct scmia_pcc_cfg *cfg);

/**
 * @brief Append a fault rule.
 * @param m model. @param rule the rule (copied).
 * @return SCMIA_OK; SCMIA_EINVAL (bad action); SCMIA_ENOSPC.
 * Context: any thread.
 */
int scmia_sim_pcc_script(struct scmia_sim_pcc *m, const struct scmia_sim_pcc_rule *rule);

/**
 * @brief Stepped mode: handle every rung doorbell, then emit what is due.
 * @param m model. @return commands handled, or SCMIA_EINVAL.
 * Context: thread; agent interrupt entries run in this thread.
 */
int scmia_sim_pcc_poll(struct scmia_sim_pcc *m);

/**
 * @brief Read (@p write 0) or write a register as the platform (tests).
 * @param m model. @param idx channel. @param p2a side. @param r register.
 * @param write 1 to store @p *val. @param[in,out] val the value.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any thread.
 */
int scmia_sim_pcc_reg(struct scmia_sim_pcc *m, unsigned idx, int p2a, unsigned r, int write,
		      uint64_t *val);

/**
 * @brief Raise a type 3 (@p p2a 0) or type 4 interrupt with nothing new.
 * @param m model. @param idx channel. @param p2a side.
 * @return scmia_pcc_irq()'s result, or SCMIA_EINVAL.
 * Context: any thread; the agent's interrupt entry runs in it.
 */
int scmia_sim_pcc_spurious(struct scmia_sim_pcc *m, unsigned idx, int p2a);

/**
 * @brief Snapshot the counters of a channel pair.
 * @param m model. @param idx channel. @param[out] out counters.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any thread.
 */
int scmia_sim_pcc_stats(struct scmia_sim_pcc *m, unsigned idx, struct scmia_sim_pcc_stats *out);

/* ------------------------------------------------------------------ */
/* Ready-made wiring (demo, tests)                                     */
/* ------------------------------------------------------------------ */

/** Region size of the wiring. */
#define SCMIA_SIM_PCC_REGION 128u

/** Both sides of one PCC channel pair. Caller-owned. */
struct scmia_sim_pcc_rig {
	uint32_t a2p_region[SCMIA_SIM_PCC_REGION / 4]; /**< @private type 3 region */
	uint32_t p2a_region[SCMIA_SIM_PCC_REGION / 4]; /**< @private type 4 region */
	struct scmia_sim_pcc model;  /**< @private platform end (the engine's port) */
	struct scmia_pcc_chan a2p;   /**< agent type 3 context: scmia_chan_cfg::chan_ctx */
	struct scmia_pcc_chan p2a;   /**< agent type 4 context: scmia_chan_cfg::chan_ctx */
};

/**
 * @brief Wire channel pair 0 of @p sim to PCC: regions, model (made the
 *        engine's port; @p sim_flags), agent contexts with the atomic
 *        accessor and @p pcc_flags (SCMIA_PCC_F_NO_IRQ for a polling agent).
 * @param rig caller-owned storage (overwritten). @param sim an initialised engine.
 * @param sim_flags SCMIA_SIM_PCC_*. @param pcc_flags SCMIA_PCC_F_* of the type 3 context.
 * @return SCMIA_OK or an error of the pieces.
 * Context: thread, before traffic. Lifetime: @p rig outlives the agent;
 * scmia_sim_pcc_rig_deinit() after the agent is gone.
 */
int scmia_sim_pcc_rig_init(struct scmia_sim_pcc_rig *rig, struct scmia_sim *sim, uint32_t sim_flags,
			   uint32_t pcc_flags);

/**
 * @brief Release what scmia_sim_pcc_rig_init() created.
 * @param rig the wiring. Context: thread, after the agent is gone.
 */
void scmia_sim_pcc_rig_deinit(struct scmia_sim_pcc_rig *rig);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_PCC_H */

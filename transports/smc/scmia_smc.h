/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_smc.h
 * @brief SMC/HVC transport (docs/porting-smc.md): an SMT shared-memory area
 *        whose doorbell is an SMCCC call into the platform firmware.
 *
 * The message lives in a shared-memory area with the SMT layout and access
 * rules of transports/smt/scmia_smt.h (reused, not copied). Instead of
 * ringing a mailbox, send() issues the configured SMCCC function through
 * the host's call hook; which conduit (SMC or HVC) is the hook's business.
 *
 * @verbatim
 *   send:  claim the channel (other senders wait, bounded) -> wait FREE
 *          (bounded; give up: SCMIA_EBUSY, no call) -> write the message,
 *          clear the status -> call(func_id, params)
 *            completion on return: the reply is in the area when the call
 *            returns -> the core fetches it at once
 *            completion interrupt: the platform sets FREE later and raises
 *            its interrupt -> host calls scmia_smc_irq() -> scmia_rx()
 *   done:  mark_txdone -> the channel is released for the next sender
 * @endverbatim
 *
 * Parameters of the call (a1..a7), per channel:
 * - SCMIA_SMC_PARAM_NONE: all zero (the function id names the channel);
 * - SCMIA_SMC_PARAM_SHMEM: a1 = the area's physical address >> 12 (page),
 *   a2 = its low 12 bits (offset in the page);
 * - SCMIA_SMC_PARAM_CAP_ID: a1 = a capability id (e.g. the hypervisor's
 *   handle for the channel).
 *
 * Results: a0 = 0 means done; SMCCC NOT_SUPPORTED (-1) becomes
 * SCMIA_ENOTSUP (the function does not exist: wrong id or no SCMI in this
 * firmware); any other a0 becomes SCMIA_EIO. With a firmware-call instance
 * (scmia_fwcall.h) the call follows the wait-queue handshake first.
 *
 * Three descriptors:
 * - scmia_smc_transport: completion on return, atomic safe. The call never
 *   sleeps: with a wait-queue instance, a WAITQ_SLEEP answer fails the send
 *   with SCMIA_ENOTSUP and busy fails at once.
 * - scmia_smc_waitq_transport: completion on return; the send may sleep on
 *   the firmware's wait-queue (thread context only).
 * - scmia_smc_irq_transport: asynchronous platforms: the call only rings;
 *   the reply is signalled by the platform's completion interrupt (host:
 *   scmia_smc_irq()), or found by polling. The send may sleep on the
 *   wait-queue when a wait-queue instance is configured.
 *
 * Shared state (the claim, the phase, counters) is updated with C11
 * atomics where the target has compare-and-swap (SCMIA_SMC_LOCKFREE 1),
 * and inside the agent's lock (scmia_chan_lock()) on cores without it
 * (Cortex-M0+, RV32I), where the C11 operations would be library calls.
 *
 * p2a channels (notifications, delayed responses) are SMT p2a channels: the
 * platform posts into the p2a area and raises an interrupt (host:
 * scmia_smc_irq()); when it asks for a completion doorbell, the agent
 * issues the p2a channel's func_id (if configured) after setting FREE.
 */
#ifndef SCMIA_SMC_H
#define SCMIA_SMC_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_fwcall.h"
#include "scmia_smccc.h"
#include "scmia_smt.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Parameter mode: a1..a7 are zero. */
#define SCMIA_SMC_PARAM_NONE 0u
/** Parameter mode: a1 = page (physical address >> 12), a2 = offset in the page. */
#define SCMIA_SMC_PARAM_SHMEM 1u
/** Parameter mode: a1 = capability id. */
#define SCMIA_SMC_PARAM_CAP_ID 2u

/** Page shift of SCMIA_SMC_PARAM_SHMEM (4 KiB pages, as Linux and TF-A use). */
#define SCMIA_SMC_PAGE_SHIFT 12u

/** Channel option: the memory takes only aligned 32-bit accesses (selects
 *  scmia_smt_access_word32 when no accessor is given). */
#define SCMIA_SMC_F_WORD32 (1u << 0)

/** Channel configuration for scmia_smc_chan_init(). Zeroed fields take
 *  defaults. */
struct scmia_smc_cfg {
	volatile void *base;   /**< The SMT area (required), 4-byte aligned. */
	size_t size;           /**< Its size: a multiple of 4, >= SCMIA_SMT_AREA_MIN. */
	const struct scmia_smt_access *acc; /**< Accessor; NULL: default (or word32 with SCMIA_SMC_F_WORD32). */
	void *acc_ctx;         /**< Accessor context. */
	scmia_smt_vendor_fn vendor; /**< Reserved-word hook (optional). */
	void *vendor_ctx;      /**< Its context. */
	/** The host's SMCCC call (required unless @ref fw is given; with
	 *  @ref fw, the instance's own hook is used). */
	scmia_smccc_call_fn call;
	void *call_ctx;        /**< First argument of @ref call. */
	/** Optional firmware-call instance: calls follow the wait-queue
	 *  handshake (busy retries, INTERRUPTED reissue, WAITQ_SLEEP). May be
	 *  shared by several channels and other firmware services. */
	struct scmia_fwcall *fw;
	/** a2p: the SCMI function id (required, non-zero). p2a: the function
	 *  id issued as the completion doorbell when the platform sets flags
	 *  bit0 (0: none). */
	uint32_t func_id;
	uint32_t param_mode;   /**< SCMIA_SMC_PARAM_* */
	uint64_t shmem_paddr;  /**< SCMIA_SMC_PARAM_SHMEM: physical address of the area, as the firmware sees it. */
	uint64_t cap_id;       /**< SCMIA_SMC_PARAM_CAP_ID: the capability id. */
	/** Bound on waiting for the channel (another sender, then FREE)
	 *  before a send gives up with SCMIA_EBUSY, µs; 0: 2 x the
	 *  descriptor's reply timeout, plus the wait-queue sleep timeout when
	 *  @ref fw has the wait-queue on. */
	uint32_t busy_timeout_us;
	uint32_t flags;        /**< SCMIA_SMC_F_* */
};

/** Per-channel event counts (scmia_smc_chan_stats()). */
struct scmia_smc_stats {
	uint32_t calls;         /**< SMC/HVC invocations for sends (a2p) or completion doorbells (p2a). */
	uint32_t busy;          /**< Sends that gave up waiting for the channel (no call made). */
	uint32_t not_supported; /**< Calls answered SMCCC NOT_SUPPORTED. */
	uint32_t call_errors;   /**< Calls answered another error, or failed in the wait-queue handshake. */
	uint32_t not_done;      /**< Completion-on-return calls that returned with the area not FREE. */
	uint32_t spurious;      /**< Completion interrupts ignored (a2p; p2a: see scmia_smt_chan_stats()). */
	uint32_t late;          /**< Late replies of timed-out senders handed to the core (a2p). */
	uint32_t errors;        /**< Rejected fetches (not the owner, not FREE, ERROR bit, length, header). */
};

/** Words of private state in struct scmia_smc_chan. */
#define SCMIA_SMC_PRIV_WORDS 10u

/**
 * @brief SMC per-channel context (the channel's chan_ctx). Caller-owned;
 *        fields private.
 *
 * The first member is an SMT channel context: a p2a channel is run by the
 * SMT transport's p2a code on it, so scmia_chan_ctx() of an SMC channel is
 * also a valid `struct scmia_smt_chan *`.
 */
struct scmia_smc_chan {
	struct scmia_smt_chan smt;   /**< @private area (+ p2a state) */
	scmia_smccc_call_fn call;    /**< @private */
	void *call_ctx;              /**< @private */
	struct scmia_fwcall *fw;     /**< @private */
	uint64_t a1;                 /**< @private parameter a1 */
	uint64_t a2;                 /**< @private parameter a2 */
	uint32_t func_id;            /**< @private */
	uint32_t busy_timeout_us;    /**< @private 0: from the descriptor */
	/** @private run-time state touched with C11 atomics by smc.c */
	uint64_t priv[SCMIA_SMC_PRIV_WORDS];
};

/** Completion on return, atomic safe (never sleeps): 30 ms reply timeout,
 *  20 slots, 100-byte payloads (a 128-byte area). */
extern const struct scmia_transport scmia_smc_transport;

/** Completion on return; the send may sleep on the firmware wait-queue
 *  (thread context). Same sizes. */
extern const struct scmia_transport scmia_smc_waitq_transport;

/** Completion by the platform's interrupt (or polling); the send may sleep
 *  on the firmware wait-queue when configured. Same sizes. */
extern const struct scmia_transport scmia_smc_irq_transport;

/**
 * @brief Prepare an SMC channel context. Writes nothing to the shared
 *        memory (the platform, or the host with scmia_smt_area_mark_free()
 *        on scmia_smc_chan_area(), initialises the status to FREE).
 * @param sc caller-owned context (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument, a bad area (see
 *         scmia_smt_area_init()), an unknown flag or parameter mode, or
 *         neither a call hook nor a firmware-call instance.
 * Context: thread, before scmia_chan_open(). Lifetime: @p cfg may go after
 * the call; the area, accessor, hooks, the firmware-call instance and
 * their contexts must outlive the channel.
 */
int scmia_smc_chan_init(struct scmia_smc_chan *sc, const struct scmia_smc_cfg *cfg);

/**
 * @brief Interrupt entry for asynchronous platforms: the host calls it from
 *        the channel's completion interrupt (a2p, scmia_smc_irq_transport)
 *        or "message posted" interrupt (p2a, any descriptor).
 *
 * a2p: ignored and counted as spurious (SCMIA_CNT_SPURIOUS) unless a sender
 * that asked for a completion interrupt has made its call and the area is
 * FREE or ERROR; else the header is read and scmia_rx() called. The late
 * reply of a sender that timed out (the area still the platform's when it
 * gave up) is also handed to scmia_rx(), once, while no new sender has
 * rewritten the area: the core counts it as late and retires its token.
 * p2a: as scmia_smt_irq().
 * @param sc a channel context.
 * @return scmia_rx()'s result; SCMIA_EBUSY for a spurious interrupt;
 *         SCMIA_ESTATE when the channel is not set up (before chan_setup
 *         or after chan_free: nothing touched); SCMIA_EINVAL for NULL.
 * Context: interrupt or thread; never blocks.
 * Lifetime: @p sc is used during the call only.
 */
int scmia_smc_irq(struct scmia_smc_chan *sc);

/**
 * @brief Read a channel's event counts.
 * @param sc a channel context. @param[out] out the counts.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any, never blocks.
 * Lifetime: @p sc and @p out are used during the call only.
 */
int scmia_smc_chan_stats(const struct scmia_smc_chan *sc, struct scmia_smc_stats *out);

/**
 * @brief The channel's shared-memory area (to initialise it, or for
 *        platform models that inspect it).
 * @param sc a channel context. @return the area, or NULL for NULL.
 * Context: any. Lifetime: that of @p sc.
 */
struct scmia_smt_area *scmia_smc_chan_area(struct scmia_smc_chan *sc);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SMC_H */

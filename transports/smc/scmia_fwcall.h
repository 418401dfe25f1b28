/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_fwcall.h
 * @brief Firmware calls with the wait-queue handshake (docs/porting-smc.md):
 *        a generic API for any SMC/HVC service (SCMI or not), also used by
 *        the SMC transport as an option.
 *
 * Some firmware, when a call cannot be served at once (another OS or VM
 * holds a firmware lock on this core), answers immediately instead of
 * spinning:
 *
 * @verbatim
 *   agent                              firmware
 *   call(fid, args)  ----------------> busy: a0 = 2 WAITQ_SLEEP,
 *                    <----------------       a1 = wq ctx, a2 = call ctx
 *   sleep on wq ctx                    ... later, lock released ...
 *                    <~~~~~~~~~~~~~~~~ wake interrupt
 *   [irq] GET_WQ_CTX (0x24/0x03, fast) -> a1 = ctx, a2 = flags, a3 = more
 *         signal ctx (wake one / all), repeat while more pending
 *   RESUME (0x24/0x02, std, call ctx) ->  result, or WAITQ_SLEEP again,
 *                                         or busy (-12): retry the ORIGINAL
 *                                         call (bounded, 30 ms apart)
 *   any call answering a0 = 1 INTERRUPTED is issued again.
 * @endverbatim
 *
 * Wake-ups are never lost and never misdelivered:
 * - a wake-all for context c releases every caller whose last call (or
 *   resume) was issued before the wake was reported: each call snapshots a
 *   per-instance wake generation before trapping to the firmware, so a wake
 *   that arrives between the firmware's WAITQ_SLEEP answer and the caller's
 *   sleep is still seen;
 * - a wake-one leaves a ticket on c that exactly one sleeper takes, even one
 *   that has not started to sleep yet; tickets are capped by the number of
 *   calls in progress, so a storm of spurious wakes cannot pile up;
 * - each sleeping caller waits on a wait object of its own (a waiter slot,
 *   taken for the time of one sleep): a wake-all signals every slot
 *   sleeping on c, a wake-one one of them. A context's wake is never
 *   consumed by a caller it is not for (one OS object shared by all the
 *   sleepers of a context would let a newcomer swallow the signal of a
 *   wake-all meant for older sleepers). Without a free slot, or without a
 *   wait op, a caller sleeps by polling with the relax op;
 * - the OS wait object only says "look again": every wake-up re-checks the
 *   state, so a spurious or stale signal costs one extra check (and at worst
 *   one extra RESUME the firmware answers with WAITQ_SLEEP again).
 *
 * Without a wake interrupt (SCMIA_FWCALL_F_WAKE_IRQ not set) the feature is
 * off: a WAITQ_SLEEP answer fails the call with SCMIA_ENOTSUP instead of
 * sleeping forever. Firmware that never answers WAITQ_SLEEP, busy or
 * INTERRUPTED sees exactly one call per scmia_fwcall_invoke().
 *
 * State is per instance and caller-owned. The implementation uses C11
 * atomics and no lock, so the wake handler may run in an interrupt that
 * preempted a caller, on several CPUs at once, or beside
 * scmia_fwcall_wake() called from a thread. On targets without
 * compare-and-swap instructions (SCMIA_SMC_LOCKFREE 0: Cortex-M0+, RV32I)
 * each read-modify-write of that state instead runs inside the OS table's
 * lock op (a few instructions, never across a call or a callback): the
 * wake interrupt then needs lock and unlock in scmia_fwcall_cfg::os.
 */
#ifndef SCMIA_FWCALL_H
#define SCMIA_FWCALL_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/error.h"
#include "scmia/os.h"
#include "scmia_smccc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Firmware answer (a0): the call was interrupted; issue it again. */
#define SCMIA_FWCALL_RET_INTERRUPTED 1
/** Firmware answer (a0): sleep on wait-queue context a1; resume call ctx a2. */
#define SCMIA_FWCALL_RET_WAITQ_SLEEP 2
/** Firmware answer (a0): busy; retry the original call later. */
#define SCMIA_FWCALL_RET_BUSY (-12)

/** Service number of the wait-queue calls. */
#define SCMIA_FWCALL_SVC_WAITQ 0x24u
/** Command RESUME (yielding call): resume the call context given in the argument. */
#define SCMIA_FWCALL_CMD_RESUME 0x02u
/** Command GET_WQ_CTX (fast call): which wait-queue context to wake. */
#define SCMIA_FWCALL_CMD_GET_WQ_CTX 0x03u

/** GET_WQ_CTX flags (a2) bit 0: wake one sleeper of the context. */
#define SCMIA_FWCALL_WAKE_ONE 0x1u
/** GET_WQ_CTX flags (a2) bit 1: wake every sleeper of the context. */
#define SCMIA_FWCALL_WAKE_ALL 0x2u

/** Default number of retries of the original call after busy (Linux: 20). */
#ifndef SCMIA_FWCALL_DEFAULT_BUSY_RETRIES
#define SCMIA_FWCALL_DEFAULT_BUSY_RETRIES 20u
#endif
/** Default delay between two busy retries in µs (Linux: 30 ms). */
#ifndef SCMIA_FWCALL_DEFAULT_BUSY_DELAY_US
#define SCMIA_FWCALL_DEFAULT_BUSY_DELAY_US 30000u
#endif
/** Default longest single sleep on a wait-queue context in µs. */
#ifndef SCMIA_FWCALL_DEFAULT_SLEEP_TIMEOUT_US
#define SCMIA_FWCALL_DEFAULT_SLEEP_TIMEOUT_US 1000000u
#endif
/** Default most INTERRUPTED answers accepted for one invocation. */
#ifndef SCMIA_FWCALL_DEFAULT_MAX_REISSUE
#define SCMIA_FWCALL_DEFAULT_MAX_REISSUE 1024u
#endif
/** Default most sleeps (WAITQ_SLEEP answers slept on) per invocation. */
#ifndef SCMIA_FWCALL_DEFAULT_MAX_SLEEPS
#define SCMIA_FWCALL_DEFAULT_MAX_SLEEPS 256u
#endif
/** Default most GET_WQ_CTX calls per wake interrupt (more-pending loop). */
#ifndef SCMIA_FWCALL_DEFAULT_MAX_WAKE_LOOP
#define SCMIA_FWCALL_DEFAULT_MAX_WAKE_LOOP 64u
#endif
/** Value of scmia_fwcall_cfg::busy_retries meaning "never retry". */
#define SCMIA_FWCALL_NO_RETRY 0xffffffffu

/** Configuration flag: the firmware's wake interrupt is wired to
 *  scmia_fwcall_wake_irq(): the wait-queue is on. */
#define SCMIA_FWCALL_F_WAKE_IRQ (1u << 0)
/** Configuration flag: the default RESUME / GET_WQ_CTX ids use SMC32
 *  (default: SMC64). */
#define SCMIA_FWCALL_F_SMC32 (1u << 1)
/** Configuration flag: a1 of RESUME and GET_WQ_CTX carries an argument
 *  descriptor (number of value arguments in bits 3:0) and the arguments
 *  start at a2 (the Qualcomm SCM convention). Without it, RESUME passes the
 *  call context in a1. */
#define SCMIA_FWCALL_F_ARGINFO (1u << 2)

/** Invocation flag: atomic context. Never sleeps: a WAITQ_SLEEP answer
 *  fails with SCMIA_ENOTSUP and a busy answer with SCMIA_EBUSY at once. */
#define SCMIA_FWCALL_CALL_ATOMIC (1u << 0)

/** Counter ids of a firmware-call instance (scmia_fwcall_counter()). */
enum scmia_fwcall_counter {
	SCMIA_FWCALL_CNT_CALLS = 0,       /**< Invocations. */
	SCMIA_FWCALL_CNT_SMCS,            /**< SMC/HVC traps issued by invocations. */
	SCMIA_FWCALL_CNT_SLEEPS,          /**< WAITQ_SLEEP answers slept on. */
	SCMIA_FWCALL_CNT_SLEEP_REFUSED,   /**< WAITQ_SLEEP answers refused: feature off or atomic. */
	SCMIA_FWCALL_CNT_SLEEP_BAD_CTX,   /**< WAITQ_SLEEP answers naming a context out of range. */
	SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS,  /**< Sleeps that ended without a wake. */
	SCMIA_FWCALL_CNT_SLEEP_EXHAUSTED, /**< Invocations failed after max_sleeps sleeps. */
	SCMIA_FWCALL_CNT_RESUMES,         /**< RESUME calls issued. */
	SCMIA_FWCALL_CNT_BUSY,            /**< Busy answers. */
	SCMIA_FWCALL_CNT_BUSY_EXHAUSTED,  /**< Invocations failed after the last busy retry. */
	SCMIA_FWCALL_CNT_INTERRUPTED,     /**< INTERRUPTED answers (call reissued). */
	SCMIA_FWCALL_CNT_REISSUE_EXHAUSTED, /**< Invocations failed after too many INTERRUPTED. */
	SCMIA_FWCALL_CNT_WAKE_IRQS,       /**< Calls of the wake interrupt handler. */
	SCMIA_FWCALL_CNT_WAKE_ONE,        /**< Valid wake-one events. */
	SCMIA_FWCALL_CNT_WAKE_ALL,        /**< Valid wake-all events. */
	SCMIA_FWCALL_CNT_WAKE_NOBODY,     /**< Wake-one events while no call was in progress (ignored). */
	SCMIA_FWCALL_CNT_WAKE_BAD_CTX,    /**< Wake events naming an unknown context (ignored). */
	SCMIA_FWCALL_CNT_WAKE_BAD_FLAGS,  /**< Wake events with invalid flags (ignored). */
	SCMIA_FWCALL_CNT_WAKE_ERRORS,     /**< GET_WQ_CTX calls that answered an error. */
	SCMIA_FWCALL_CNT_WAKE_LOOP_LIMIT, /**< Wake handler runs stopped with more still pending. */
	SCMIA_FWCALL_CNT_IDLE_WAKEUPS,    /**< Sleeper wake-ups that found no wake (spurious or stale signal). */
	SCMIA_FWCALL_CNT_POLLED_SLEEPS,   /**< Sleeps that polled: no free waiter slot (or no wait op). */
	SCMIA_FWCALL_CNT__COUNT           /**< Number of counters. */
};

/** Per wait-queue context state, one per context in a caller-owned array
 *  (scmia_fwcall_cfg::wq). All fields private. */
struct scmia_fwcall_wq {
	SCMIA_SMC_ATOMIC uint32_t tickets;  /**< @private wake-one tickets not yet taken */
	SCMIA_SMC_ATOMIC uint32_t all_gen;  /**< @private wake generation of the last wake-all */
};

/** Per waiter slot state, one per wait object in a caller-owned array
 *  (scmia_fwcall_cfg::waiters). All fields private. */
struct scmia_fwcall_waiter {
	SCMIA_SMC_ATOMIC uint32_t state;    /**< @private 0 free, 1 taken, 2 sleeping */
	SCMIA_SMC_ATOMIC uint32_t ctx;      /**< @private context slept on */
	SCMIA_SMC_ATOMIC uint32_t notified; /**< @private signalled, not yet looked */
};

/** Configuration of a firmware-call instance. Zeroed fields take defaults. */
struct scmia_fwcall_cfg {
	scmia_smccc_call_fn call; /**< The host's SMC/HVC call hook (required). */
	void *call_ctx;           /**< First argument of @ref call. */
	/** OS ops for sleeping (wait/signal, optional wait_arm) and time
	 *  (now_us). With the wait-queue on, now_us is required; wait is
	 *  optional (without it a sleeper polls with relax until woken or timed
	 *  out) and needs signal. May be NULL when the wait-queue is off (busy
	 *  retries then follow without delay unless @ref delay is given).
	 *  lock/unlock are used only where SCMIA_SMC_LOCKFREE is 0 (then
	 *  required with the wait-queue on; usable from the wake interrupt). */
	const struct scmia_os_ops *os;
	void *os_ctx;             /**< First argument of every OS op. */
	uint32_t flags;           /**< SCMIA_FWCALL_F_* */
	uint32_t n_ctx;           /**< Wait-queue contexts (>= 1 with the wait-queue on). */
	struct scmia_fwcall_wq *wq; /**< Array of @ref n_ctx context states (required with the wait-queue on). */
	/** Waiter slots: how many callers may sleep on OS wait objects at once
	 *  (typically the number of threads that make firmware calls); more
	 *  sleep by polling. Required (>= 1) when the OS table has a wait op. */
	uint32_t n_waiters;
	struct scmia_fwcall_waiter *waiters; /**< Array of @ref n_waiters slot states. */
	/** Host wait objects, one per waiter slot, at wait_objs + i *
	 *  wait_obj_stride. Each must keep a signal that arrives before the
	 *  wait (os.h). */
	void *wait_objs;
	size_t wait_obj_stride;   /**< Bytes between two wait objects (non-zero with several slots). */
	uint32_t resume_fid;      /**< RESUME function id; 0: SiP, yielding, service 0x24 command 0x02. */
	uint32_t get_wq_ctx_fid;  /**< GET_WQ_CTX function id; 0: SiP, fast, service 0x24 command 0x03. */
	uint32_t sleep_timeout_us; /**< Longest single sleep, µs; 0: SCMIA_FWCALL_DEFAULT_SLEEP_TIMEOUT_US. */
	uint32_t busy_retries;    /**< Retries after busy; 0: default (20); SCMIA_FWCALL_NO_RETRY: none. */
	uint32_t busy_delay_us;   /**< Delay before each busy retry, µs; 0: default (30 ms). */
	uint32_t max_reissue;     /**< INTERRUPTED answers accepted per invocation; 0: default. */
	uint32_t max_sleeps;      /**< WAITQ_SLEEP answers slept on per invocation; 0: default. */
	uint32_t max_wake_loop;   /**< GET_WQ_CTX calls per wake interrupt; 0: default. */
	/** Optional delay hook for busy retries (a sleep in thread context).
	 *  NULL: spin on now_us with the relax op (or no delay without a clock). */
	void (*delay)(void *ctx, uint32_t us);
	void *delay_ctx;          /**< First argument of @ref delay. */
};

/** A firmware-call instance. Caller-owned; all fields private. */
struct scmia_fwcall {
	scmia_smccc_call_fn call;        /**< @private */
	void *call_ctx;                  /**< @private */
	const struct scmia_os_ops *os;   /**< @private */
	void *os_ctx;                    /**< @private */
	struct scmia_fwcall_wq *wq;      /**< @private */
	struct scmia_fwcall_waiter *waiters; /**< @private */
	unsigned char *wait_objs;        /**< @private */
	size_t wait_stride;              /**< @private */
	void (*delay)(void *ctx, uint32_t us); /**< @private */
	void *delay_ctx;                 /**< @private */
	uint32_t flags;                  /**< @private */
	uint32_t n_ctx;                  /**< @private */
	uint32_t n_waiters;              /**< @private */
	uint32_t resume_fid;             /**< @private */
	uint32_t get_wq_ctx_fid;         /**< @private */
	uint32_t sleep_timeout_us;       /**< @private */
	uint32_t busy_retries;           /**< @private */
	uint32_t busy_delay_us;          /**< @private */
	uint32_t max_reissue;            /**< @private */
	uint32_t max_sleeps;             /**< @private */
	uint32_t max_wake_loop;          /**< @private */
	SCMIA_SMC_ATOMIC uint32_t gen;   /**< @private wake generation */
	SCMIA_SMC_ATOMIC uint32_t active; /**< @private invocations in progress */
	SCMIA_SMC_ATOMIC uint32_t cnt[SCMIA_FWCALL_CNT__COUNT]; /**< @private counters */
	uint8_t waitq_on;                /**< @private wait-queue usable */
	uint8_t state;                   /**< @private 0 off, 1 up */
};

/**
 * @brief Initialise a firmware-call instance.
 * @param fw caller-owned storage (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument or hook, or, with
 *         SCMIA_FWCALL_F_WAKE_IRQ: no context, no context array, no OS table
 *         or no now_us op, a wait op without signal, or a wait op without
 *         waiter slots (n_waiters, waiters, wait_objs), or a zero
 *         wait_obj_stride with several slots, or (SCMIA_SMC_LOCKFREE 0
 *         only) no lock or no unlock op.
 * Context: thread or early boot; never blocks.
 * Lifetime: @p cfg may go after the call; the hook, OS table, context
 * and waiter arrays and wait objects must outlive the instance.
 */
int scmia_fwcall_init(struct scmia_fwcall *fw, const struct scmia_fwcall_cfg *cfg);

/**
 * @brief Tear an instance down.
 * @param fw an initialised instance.
 * @return SCMIA_OK; SCMIA_ESTATE when not initialised (a double deinit is
 *         harmless) or while an invocation is still in progress (nothing
 *         changed).
 * Context: thread; never blocks. The host must first stop calling
 * scmia_fwcall_wake_irq() for it.
 * Lifetime: @p fw, its tables and the contexts of its hooks may go once this returned SCMIA_OK.
 */
int scmia_fwcall_deinit(struct scmia_fwcall *fw);

/**
 * @brief Make a firmware call, following the wait-queue handshake until
 *        the firmware gives a final answer.
 *
 * WAITQ_SLEEP: sleep on the named context (bounded by the sleep timeout),
 * then RESUME the call context (again and again while the answer is
 * WAITQ_SLEEP, at most max_sleeps times in all). Busy: wait the busy delay
 * and issue the original call again, at most busy_retries times. INTERRUPTED: issue the same call
 * again, at most max_reissue times. Any other a0 is the final answer.
 * @param fw an initialised instance.
 * @param in the call (a0: function id; a1..a7 arguments).
 * @param[out] out the firmware's final answer (valid on SCMIA_OK only).
 * @param flags SCMIA_FWCALL_CALL_ATOMIC or 0.
 * @return SCMIA_OK with the final answer in @p out (its a0 is the
 *         service's own status: interpret it); SCMIA_EINVAL for bad
 *         arguments; SCMIA_ESTATE when @p fw is not initialised;
 *         SCMIA_ENOTSUP for a WAITQ_SLEEP answer while the wait-queue is
 *         off (no wake interrupt) or in an atomic call; SCMIA_EPROTO for a
 *         WAITQ_SLEEP answer naming a context >= n_ctx; SCMIA_ETIMEDOUT when
 *         no wake came within the sleep timeout, or the firmware asked
 *         for more than max_sleeps sleeps; SCMIA_EBUSY when busy
 *         persisted past the retries (at once in an atomic call);
 *         SCMIA_EAGAIN after more than max_reissue INTERRUPTED answers.
 * Context: thread (may sleep on a context and in busy delays, bounded by
 * the timeouts); any context with SCMIA_FWCALL_CALL_ATOMIC (never sleeps).
 * Takes no lock (SCMIA_SMC_LOCKFREE 0: the OS lock op around each update).
 * Lifetime: @p in and @p out are used during the call only.
 */
int scmia_fwcall_invoke(struct scmia_fwcall *fw, const struct scmia_smccc_args *in,
			struct scmia_smccc_res *out, unsigned flags);

/**
 * @brief Wake-interrupt entry: ask the firmware which context to wake
 *        (GET_WQ_CTX), wake it, and repeat while the firmware reports more
 *        pending, at most max_wake_loop times.
 *
 * Events with an unknown context or invalid flags (anything but exactly
 * wake-one or exactly wake-all) are counted and ignored.
 * @param fw an initialised instance with the wait-queue on.
 * @return the number of valid wake events handled (>= 0); SCMIA_EINVAL for
 *         NULL; SCMIA_ESTATE when not initialised; SCMIA_ENOTSUP when the
 *         wait-queue is off; SCMIA_EIO when GET_WQ_CTX answered an error
 *         (earlier events of this run were handled); SCMIA_EPROTO when the
 *         firmware still reported more pending after max_wake_loop calls.
 * Context: interrupt or thread, on any CPU, also while another wake
 * handler runs; never blocks (calls the hook and the OS signal op). Takes
 * no lock (SCMIA_SMC_LOCKFREE 0: the OS lock op around each update).
 * Lifetime: @p fw is used during the call only.
 */
int scmia_fwcall_wake_irq(struct scmia_fwcall *fw);

/**
 * @brief Wake one event: for hosts that learn the context another way, and
 *        the building block of scmia_fwcall_wake_irq().
 * @param fw an initialised instance with the wait-queue on.
 * @param ctx the wait-queue context (untrusted).
 * @param flags SCMIA_FWCALL_WAKE_ONE or SCMIA_FWCALL_WAKE_ALL (untrusted).
 * @return SCMIA_OK when the event was valid (a wake-one while no call is in
 *         progress is counted and ignored: still SCMIA_OK); SCMIA_ENOENT for
 *         a context >= n_ctx; SCMIA_EMALFORMED for invalid flags (both
 *         counted, nothing woken); SCMIA_EINVAL / SCMIA_ESTATE /
 *         SCMIA_ENOTSUP as for scmia_fwcall_wake_irq().
 * Context: interrupt or thread, on any CPU, also while another wake
 * handler runs; never blocks. Takes no lock (SCMIA_SMC_LOCKFREE 0: the OS
 * lock op around each update).
 * Lifetime: @p fw is used during the call only.
 */
int scmia_fwcall_wake(struct scmia_fwcall *fw, uint64_t ctx, uint64_t flags);

/**
 * @brief Whether the wait-queue is on (wake interrupt configured).
 * @param fw an initialised instance. @return 1 when on, 0 otherwise.
 * Context: any, never blocks.
 * Lifetime: @p fw is read during the call only.
 */
int scmia_fwcall_waitq_enabled(const struct scmia_fwcall *fw);

/**
 * @brief Read one counter.
 * @param fw an instance. @param id the counter.
 * @return its value; 0 for an unknown id or NULL @p fw.
 * Context: any, never blocks.
 * Lifetime: @p fw is read during the call only.
 */
uint32_t scmia_fwcall_counter(const struct scmia_fwcall *fw, enum scmia_fwcall_counter id);

/**
 * @brief Name of a counter, for reports.
 * @param id the counter. @return a static string; "?" for an unknown id.
 * Context: any. Lifetime: static.
 */
const char *scmia_fwcall_counter_name(enum scmia_fwcall_counter id);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_FWCALL_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file os.h
 * @brief The OS abstraction: a const ops table the host supplies.
 *
 * Every op is optional on its own:
 * - no table at all (NULL): single-threaded polling mode. No locking, waits
 *   poll the transport, and time is virtual (each poll iteration counts
 *   SCMIA_NOCLOCK_POLL_STEP_US) unless now_us is given;
 * - bare metal whose receive entry runs in an interrupt: lock (mask
 *   interrupts) + now_us; waits spin on the transfer state;
 * - an RTOS or POSIX: all of them.
 *
 * Wait objects are host objects, one per transfer slot, handed to the
 * channel at open (scmia_chan_cfg::wait_objs). A signal that arrives before
 * the wait must not be lost (the POSIX port keeps a flag; an RTOS binary
 * semaphore does the same). The library never relies on a wake-up alone:
 * after every wake it re-checks the transfer's state, so a spurious or stale
 * signal is harmless.
 */
#ifndef SCMIA_OS_H
#define SCMIA_OS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque value returned by lock and handed back to unlock (e.g. saved
 *  interrupt mask). */
typedef uintptr_t scmia_lock_key_t;

/** Log levels passed to scmia_os_ops::log. */
enum scmia_log_level {
	SCMIA_LOG_ERR = 0,  /**< Something failed. */
	SCMIA_LOG_WARN = 1, /**< Bad input from the platform, dropped. */
	SCMIA_LOG_INFO = 2, /**< Lifecycle events. */
	SCMIA_LOG_DEBUG = 3 /**< Per-message detail. */
};

/**
 * @brief OS operations. Lives in ROM; the library keeps a pointer to it.
 *
 * Each callback takes the host's context (scmia_agent_cfg::os_ctx) first.
 */
struct scmia_os_ops {
	/**
	 * Take the agent's lock. Must be usable from every context the
	 * receive entry runs in (mask interrupts on a single core, a spinlock
	 * with interrupts masked on SMP, a mutex when every caller is a
	 * thread). Never taken recursively by the library; held only for a
	 * few dozen instructions, never across a callback or a transport op.
	 * Optional: NULL means no locking (single-threaded use).
	 */
	scmia_lock_key_t (*lock)(void *ctx);
	/** Release the lock taken by lock(), with its key. Optional with lock. */
	void (*unlock)(void *ctx, scmia_lock_key_t key);
	/**
	 * Block the calling thread until @p obj is signalled or @p timeout_us
	 * elapses; consume the signal. Return 0 when signalled (or woken for
	 * any reason), SCMIA_ETIMEDOUT on timeout. Thread context only.
	 * Optional: NULL means waits poll.
	 */
	int (*wait)(void *ctx, void *obj, uint32_t timeout_us);
	/** Signal @p obj; must be callable from interrupt context and before
	 *  the matching wait (the signal is kept). Required with wait. */
	void (*signal)(void *ctx, void *obj);
	/** Discard a pending signal on @p obj (called before each send).
	 *  Optional: without it a stale signal only causes one extra
	 *  state check. */
	void (*wait_arm)(void *ctx, void *obj);
	/** Monotonic time in microseconds; any context. Optional: NULL gives
	 *  virtual time advanced by polling iterations. */
	uint64_t (*now_us)(void *ctx);
	/** Called on every polling iteration (cpu_relax, yield, a short
	 *  delay): the back-off hook. Optional. */
	void (*relax)(void *ctx);
	/** Log a message (a NUL-terminated static string plus two numbers).
	 *  Any context; must not block. Optional. */
	void (*log)(void *ctx, int level, const char *msg, uint32_t a, uint32_t b);
};

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_OS_H */

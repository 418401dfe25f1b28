/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_posix.h
 * @brief POSIX port: pthread mutex lock, condition-variable wait objects,
 *        CLOCK_MONOTONIC time. For host use, tests and the demo.
 *
 * Usage: one struct scmia_posix per agent (os_ctx = &posix, os =
 * &scmia_posix_os_ops) and one struct scmia_posix_wait per slot of each
 * a2p channel (wait_objs = array, wait_obj_stride = sizeof(element)).
 * The receive entry may be called from any thread; there are no signal
 * handlers involved (a POSIX "interrupt" is a thread).
 */
#ifndef SCMIA_POSIX_H
#define SCMIA_POSIX_H

#include <pthread.h>

#include "scmia/os.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Per-agent POSIX context. Private fields. */
struct scmia_posix {
	pthread_mutex_t lock; /**< @private the agent lock */
	int log_level;        /**< most verbose level printed to stderr; -1: none */
};

/** One wait object: a sticky signal flag guarded by a mutex + condvar. */
struct scmia_posix_wait {
	pthread_mutex_t m; /**< @private */
	pthread_cond_t c;  /**< @private CLOCK_MONOTONIC condition variable */
	int signalled;     /**< @private sticky signal */
};

/** The POSIX OS ops (all ops supplied). */
extern const struct scmia_os_ops scmia_posix_os_ops;

/**
 * @brief Initialise a per-agent POSIX context.
 * @param p caller-owned context.
 * @return SCMIA_OK, SCMIA_EINVAL, or SCMIA_EIO when pthread init fails.
 * Context: thread. Lifetime: @p p must outlive the agent using it.
 */
int scmia_posix_init(struct scmia_posix *p);

/**
 * @brief Destroy a per-agent POSIX context.
 * @param p an initialised context, no longer used by any agent.
 * Context: thread.
 * Lifetime: @p p may go once this returned.
 */
void scmia_posix_deinit(struct scmia_posix *p);

/**
 * @brief Initialise @p n wait objects.
 * @param w array of @p n objects. @param n count.
 * @return SCMIA_OK, SCMIA_EINVAL, or SCMIA_EIO (already initialised ones are destroyed).
 * Context: thread. Lifetime: must outlive the channel using them.
 */
int scmia_posix_wait_init(struct scmia_posix_wait *w, unsigned n);

/**
 * @brief Destroy @p n wait objects.
 * @param w array. @param n count.
 * Context: thread, after the channel using them is closed.
 * Lifetime: @p w may go once this returned.
 */
void scmia_posix_wait_deinit(struct scmia_posix_wait *w, unsigned n);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_POSIX_H */

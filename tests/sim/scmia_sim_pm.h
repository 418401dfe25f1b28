/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_sim_pm.h
 * @brief Simulated platform: the Power domain (0x11), System power (0x12),
 *        Performance (0x13) and Reset domain (0x16) protocols with
 *        realistic data and their notifications.
 *
 * Each protocol is a caller-owned state struct registered on an engine.
 * Handlers run with the engine lock held; the accessors below take it.
 *
 * Data:
 * - Power v3.1: "cpu0" (on), "gpu" (off; extended name
 *   "gpu-3d-graphics-engine"), "dsp" (owned by another agent: DENIED),
 *   "display" (on). POWER_STATE_CHANGED on every change when enabled.
 * - System power v2.1: every state but vendor ones; warm reset and suspend
 *   supported; SYSTEM_POWER_STATE_NOTIFIER raised by
 *   scmia_sim_system_request().
 * - Performance v4.0 (negotiable down to 1.0, layouts follow the agreed
 *   version): "little" (8 levels 400-1800 MHz, fastchannels), "big" (13
 *   levels 600-3000 MHz, extended name "cpu-big-cluster-prime",
 *   fastchannels), "gpu" (5 levels, no fastchannel). Levels are paged 4 per
 *   reply. Limits and levels are checked; notifications on change.
 * - Reset v3.1: "usb" (async), "eth" (sync only), "pcie" (async, extended
 *   name "pcie-root-complex-0"). Asynchronous resets complete with
 *   RESET_COMPLETE 500 µs after the response; RESET_ISSUED when enabled.
 */
#ifndef SCMIA_SIM_PM_H
#define SCMIA_SIM_PM_H

#include <stdint.h>

#include "scmia_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Power domains of the simulated platform. */
#define SCMIA_SIM_POWER_DOMAINS 4u
/** The power domain that answers DENIED (owned by another agent). */
#define SCMIA_SIM_POWER_DENIED_DOMAIN 2u

/** Power domain protocol state. Caller-owned; fields private. */
struct scmia_sim_power {
	struct scmia_sim_proto proto;               /**< @private */
	uint32_t state[SCMIA_SIM_POWER_DOMAINS];    /**< @private */
	uint32_t notify;                            /**< @private bit d: notifications on */
	uint32_t sets;                              /**< @private successful STATE_SETs */
};

/**
 * @brief Register the Power domain protocol on an engine.
 * @param sim engine. @param p caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p p until scmia_sim_deinit().
 */
int scmia_sim_power_register(struct scmia_sim *sim, struct scmia_sim_power *p);

/**
 * @brief Current state of a simulated power domain.
 * @param sim engine. @param p state. @param domain domain id.
 * @return the power state, 0xffffffff for an unknown domain.
 * Context: any thread.
 */
uint32_t scmia_sim_power_state(struct scmia_sim *sim, struct scmia_sim_power *p,
			       uint32_t domain);

/** System power protocol state. Caller-owned; fields private. */
struct scmia_sim_system {
	struct scmia_sim_proto proto; /**< @private */
	uint32_t state;               /**< @private last state set */
	uint32_t sets;                /**< @private successful STATE_SETs */
	uint8_t notify;               /**< @private notifier enabled */
};

/**
 * @brief Register the System power protocol on an engine.
 * @param sim engine. @param s caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p s until scmia_sim_deinit().
 */
int scmia_sim_system_register(struct scmia_sim *sim, struct scmia_sim_system *s);

/**
 * @brief The platform asks the agent for a system transition: emits
 *        SYSTEM_POWER_STATE_NOTIFIER when the agent enabled it.
 * @param sim engine. @param s state. @param flags bit 0 graceful.
 * @param state requested system state. @param timeout_ms graceful timeout.
 * @return SCMIA_OK; SCMIA_ENOENT when the agent did not enable it;
 *         errors of scmia_sim_notify().
 * Context: any thread, not a handler.
 */
int scmia_sim_system_request(struct scmia_sim *sim, struct scmia_sim_system *s, uint32_t flags,
			     uint32_t state, uint32_t timeout_ms);

/**
 * @brief Last system state the agent set and how many sets succeeded.
 * @param sim engine. @param s state. @param[out] sets number of sets (may be NULL).
 * @return the last state set (0xffffffff before any).
 * Context: any thread.
 */
uint32_t scmia_sim_system_last(struct scmia_sim *sim, struct scmia_sim_system *s,
			       uint32_t *sets);

/** Performance domains of the simulated platform. */
#define SCMIA_SIM_PERF_DOMAINS 3u
/** Most levels of one simulated performance domain. */
#define SCMIA_SIM_PERF_MAX_LEVELS 16u
/** Levels per DESCRIBE_LEVELS reply (to exercise paging). */
#define SCMIA_SIM_PERF_PAGE 4u

/** Performance protocol state. Caller-owned; fields private. */
struct scmia_sim_perf {
	struct scmia_sim_proto proto;                  /**< @private */
	uint32_t level[SCMIA_SIM_PERF_DOMAINS];        /**< @private current level */
	uint32_t lim_max[SCMIA_SIM_PERF_DOMAINS];      /**< @private */
	uint32_t lim_min[SCMIA_SIM_PERF_DOMAINS];      /**< @private */
	uint32_t notify_level;                         /**< @private bit d */
	uint32_t notify_limits;                        /**< @private bit d */
};

/**
 * @brief Register the Performance protocol on an engine.
 * @param sim engine. @param p caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p p until scmia_sim_deinit().
 */
int scmia_sim_perf_register(struct scmia_sim *sim, struct scmia_sim_perf *p);

/**
 * @brief Current level of a simulated performance domain.
 * @param sim engine. @param p state. @param domain domain id.
 * @return the level, 0 for an unknown domain.
 * Context: any thread.
 */
uint32_t scmia_sim_perf_level(struct scmia_sim *sim, struct scmia_sim_perf *p, uint32_t domain);

/** Reset domains of the simulated platform. */
#define SCMIA_SIM_RESET_DOMAINS 3u
/** Delay of RESET_COMPLETE after the response, in µs. */
#define SCMIA_SIM_RESET_DELAY_US 500u

/** Reset domain protocol state. Caller-owned; fields private. */
struct scmia_sim_reset {
	struct scmia_sim_proto proto;                 /**< @private */
	uint32_t resets[SCMIA_SIM_RESET_DOMAINS];     /**< @private resets done */
	uint32_t asserted;                            /**< @private bit d: held in reset */
	uint32_t notify;                              /**< @private bit d */
	/** SCMIA_SIM_DEV_* deviations (scmia_sim_dev.h): INVAL_ID, LATENCY_7F.
	 *  Set after registering, before scmia_sim_start(). */
	uint32_t dev;
};

/**
 * @brief Register the Reset domain protocol on an engine.
 * @param sim engine. @param r caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p r until scmia_sim_deinit().
 */
int scmia_sim_reset_register(struct scmia_sim *sim, struct scmia_sim_reset *r);

/**
 * @brief Number of resets done on a domain and whether it is held asserted.
 * @param sim engine. @param r state. @param domain domain id.
 * @param[out] asserted 1 when held in reset (may be NULL).
 * @return the count, 0 for an unknown domain.
 * Context: any thread.
 */
uint32_t scmia_sim_reset_count(struct scmia_sim *sim, struct scmia_sim_reset *r, uint32_t domain,
			       int *asserted);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_PM_H */

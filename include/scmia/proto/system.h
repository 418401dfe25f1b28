/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file system.h
 * @brief System power management protocol (0x12, DEN0056 §4.4).
 *
 * Versions understood: 1.0 (SYSTEM_POWER_STATE_NOTIFIER without timeout),
 * 2.0 (the notifier carries a timeout for graceful requests), 2.1
 * (NEGOTIATE_PROTOCOL_VERSION). Notifications: SYSTEM_POWER_STATE_NOTIFIER,
 * which has no source id (handlers match SCMIA_NOTIFY_SRC_ANY).
 */
#ifndef SCMIA_PROTO_SYSTEM_H
#define SCMIA_PROTO_SYSTEM_H

#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest System power protocol version this code implements (2.1). */
#define SCMIA_SYSTEM_VERSION SCMIA_PROTO_VERSION(2, 1)

/** System power message ids. */
#define SCMIA_SYSTEM_POWER_STATE_SET 0x3u    /**< SYSTEM_POWER_STATE_SET. */
#define SCMIA_SYSTEM_POWER_STATE_GET 0x4u    /**< SYSTEM_POWER_STATE_GET. */
#define SCMIA_SYSTEM_POWER_STATE_NOTIFY 0x5u /**< SYSTEM_POWER_STATE_NOTIFY. */

/** System power notification (event) id: SYSTEM_POWER_STATE_NOTIFIER. */
#define SCMIA_SYSTEM_POWER_STATE_NOTIFIER 0x0u

/** System states (DEN0056 §4.4.2.3). */
#define SCMIA_SYSTEM_SHUTDOWN 0u       /**< Shutdown. */
#define SCMIA_SYSTEM_COLD_RESET 1u     /**< Cold reset. */
#define SCMIA_SYSTEM_WARM_RESET 2u     /**< Warm reset. */
#define SCMIA_SYSTEM_POWER_UP 3u       /**< Power up (of a subsystem agent). */
#define SCMIA_SYSTEM_SUSPEND 4u        /**< Suspend. */
#define SCMIA_SYSTEM_VENDOR_FIRST 0x80000000u /**< First vendor-defined state. */

/** SYSTEM_POWER_STATE_SET / notifier flags bit 0: graceful request
 *  (0: forceful). */
#define SCMIA_SYSTEM_F_GRACEFUL (1u << 0)

/** PROTOCOL_MESSAGE_ATTRIBUTES(SYSTEM_POWER_STATE_SET) bit 31: warm reset supported. */
#define SCMIA_SYSTEM_SET_ATTR_WARM_RESET (1u << 31)
/** PROTOCOL_MESSAGE_ATTRIBUTES(SYSTEM_POWER_STATE_SET) bit 30: suspend supported. */
#define SCMIA_SYSTEM_SET_ATTR_SUSPEND (1u << 30)

/** The System power protocol descriptor (priv unused: NULL). */
extern const struct scmia_proto_desc scmia_system_desc;

/**
 * @brief Which optional states SYSTEM_POWER_STATE_SET accepts, from its
 *        PROTOCOL_MESSAGE_ATTRIBUTES.
 * @param ph System handle.
 * @param[out] attrs SCMIA_SYSTEM_SET_ATTR_* bits.
 * @return SCMIA_OK; SCMIA_E_SCMI_NOT_FOUND when this agent may not set
 *         the system state; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_system_power_state_set_attributes(struct scmia_proto_handle *ph, uint32_t *attrs);

/**
 * @brief SYSTEM_POWER_STATE_SET.
 * @param ph System handle. @param flags SCMIA_SYSTEM_F_GRACEFUL or 0.
 * @param state SCMIA_SYSTEM_* or a vendor state.
 * @return SCMIA_OK; SCMI-band errors (SCMIA_E_SCMI_DENIED,
 *         SCMIA_E_SCMI_INVALID_PARAMETERS, SCMIA_E_SCMI_NOT_SUPPORTED);
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_system_power_state_set(struct scmia_proto_handle *ph, uint32_t flags, uint32_t state);

/**
 * @brief SYSTEM_POWER_STATE_GET.
 * @param ph System handle. @param[out] state the current system state.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_system_power_state_get(struct scmia_proto_handle *ph, uint32_t *state);

#if SCMIA_CFG_NOTIFY
/**
 * @brief SYSTEM_POWER_STATE_NOTIFY: enable or disable
 *        SYSTEM_POWER_STATE_NOTIFIER.
 * @param ph System handle. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_system_power_state_notify(struct scmia_proto_handle *ph, int enable);

/** SYSTEM_POWER_STATE_NOTIFIER, decoded. */
struct scmia_system_power_state_notifier {
	uint32_t agent_id;     /**< Agent that asked for the transition. */
	uint32_t flags;        /**< SCMIA_SYSTEM_F_GRACEFUL. */
	uint32_t system_state; /**< Requested state. */
	uint32_t timeout_ms;   /**< v2: time the platform waits for a graceful
				    transition (ms); 0 before v2 or when forceful. */
	uint8_t has_timeout;   /**< 1 when the v2 timeout field was decoded; 0 before
				    v2 or when a v2 notifier came in the 12-byte layout. */
};

/**
 * @brief Decode SYSTEM_POWER_STATE_NOTIFIER with the layout of the agreed
 *        version: v1 agent_id, flags, system_state (12 bytes); v2 adds
 *        timeout (16 bytes).
 * @param ph System handle (its version picks the layout).
 * @param n notification. @param[out] out decoded fields.
 * A v2 notifier in the v1 layout (the timeout a later version appended
 * missing) is accepted with has_timeout 0, counted SCMIA_PROTO_CNT_ABSENT.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a payload under 12 bytes or
 *         ending inside the timeout; SCMIA_EINVAL for NULL or another
 *         protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_system_power_state_notifier_decode(const struct scmia_proto_handle *ph,
					     const struct scmia_notification *n,
					     struct scmia_system_power_state_notifier *out);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_SYSTEM_H */

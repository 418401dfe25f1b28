/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file base.h
 * @brief Base protocol (0x10, DEN0056 §4.2): identification, protocol
 *        list, agents, error notifications, agent management, and the
 *        agent start-up discovery.
 *
 * Versions understood: 1.0 (identification, protocol list), 2.0 (adds
 * DISCOVER_AGENT, NOTIFY_ERRORS, SET_DEVICE_PERMISSIONS,
 * SET_PROTOCOL_PERMISSIONS, RESET_AGENT_CONFIGURATION and
 * BASE_ERROR_EVENT), 2.1 (adds NEGOTIATE_PROTOCOL_VERSION). A v2 call on a
 * v1 platform returns SCMIA_ENOTSUP without sending anything.
 */
#ifndef SCMIA_PROTO_BASE_H
#define SCMIA_PROTO_BASE_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Base protocol version this code implements (2.1). */
#define SCMIA_BASE_VERSION SCMIA_PROTO_VERSION(2, 1)

/** Base message ids (DEN0056 §4.2.2). */
#define SCMIA_BASE_DISCOVER_VENDOR 0x3u                 /**< BASE_DISCOVER_VENDOR. */
#define SCMIA_BASE_DISCOVER_SUB_VENDOR 0x4u             /**< BASE_DISCOVER_SUB_VENDOR. */
#define SCMIA_BASE_DISCOVER_IMPLEMENTATION_VERSION 0x5u /**< BASE_DISCOVER_IMPLEMENTATION_VERSION. */
#define SCMIA_BASE_DISCOVER_LIST_PROTOCOLS 0x6u         /**< BASE_DISCOVER_LIST_PROTOCOLS. */
#define SCMIA_BASE_DISCOVER_AGENT 0x7u                  /**< BASE_DISCOVER_AGENT (v2). */
#define SCMIA_BASE_NOTIFY_ERRORS 0x8u                   /**< BASE_NOTIFY_ERRORS (v2). */
#define SCMIA_BASE_SET_DEVICE_PERMISSIONS 0x9u          /**< BASE_SET_DEVICE_PERMISSIONS (v2). */
#define SCMIA_BASE_SET_PROTOCOL_PERMISSIONS 0xau        /**< BASE_SET_PROTOCOL_PERMISSIONS (v2). */
#define SCMIA_BASE_RESET_AGENT_CONFIGURATION 0xbu       /**< BASE_RESET_AGENT_CONFIGURATION (v2). */

/** Base notification (event) id: BASE_ERROR_EVENT (v2). */
#define SCMIA_BASE_ERROR_EVENT 0x0u

/** DISCOVER_AGENT: ask about the calling agent itself. */
#define SCMIA_BASE_AGENT_SELF 0xffffffffu

/** Most message reports a decoded BASE_ERROR_EVENT exposes (10-bit count). */
#define SCMIA_BASE_ERR_REPORTS_MAX 1023u

/** The Base protocol descriptor (register it first; priv: struct scmia_base_info or NULL). */
extern const struct scmia_proto_desc scmia_base_desc;

/** PROTOCOL_ATTRIBUTES of Base, decoded. */
struct scmia_base_info {
	uint8_t n_protocols; /**< Protocols besides Base the agent may use (bits 7:0). */
	uint8_t n_agents;    /**< Agents in the system (bits 15:8). */
};

/**
 * @brief Decode the Base PROTOCOL_ATTRIBUTES word.
 * @param ph the attached Base handle. @param[out] out the decoded fields.
 * @return SCMIA_OK; SCMIA_EINVAL.
 * Context: any; never blocks (uses the value read at attach).
 * Lifetime: pointer arguments are used during the call only.
 */
static inline int scmia_base_protocol_attributes(const struct scmia_proto_handle *ph,
						 struct scmia_base_info *out)
{
	if (!ph || !out)
		return SCMIA_EINVAL;
	out->n_protocols = (uint8_t)(ph->attributes & 0xffu);
	out->n_agents = (uint8_t)((ph->attributes >> 8) & 0xffu);
	return SCMIA_OK;
}

/**
 * @brief BASE_DISCOVER_VENDOR.
 * @param ph Base handle. @param[out] vendor buffer, always NUL-terminated.
 * @param cap its size (>= 1; 16 holds any answer).
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 16 bytes;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_discover_vendor(struct scmia_proto_handle *ph, char *vendor, size_t cap);

/**
 * @brief BASE_DISCOVER_SUB_VENDOR.
 * @param ph Base handle. @param[out] sub_vendor buffer, always NUL-terminated.
 * @param cap its size (>= 1).
 * @return as scmia_base_discover_vendor().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_discover_sub_vendor(struct scmia_proto_handle *ph, char *sub_vendor, size_t cap);

/**
 * @brief BASE_DISCOVER_IMPLEMENTATION_VERSION.
 * @param ph Base handle. @param[out] version vendor-defined version word.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_discover_implementation_version(struct scmia_proto_handle *ph, uint32_t *version);

/**
 * @brief BASE_DISCOVER_LIST_PROTOCOLS, all pages (paged by skip).
 *
 * The total comes from PROTOCOL_ATTRIBUTES; each page holds a count and
 * the ids packed four per word, padded to a word: a page shorter than
 * its padded list is SCMIA_ETOOSHORT, and nothing past the count is read.
 * A page of no id before the announced total ends the list (the platform
 * lists fewer protocols than it counts, or answers a skip past its end
 * with SUCCESS): *n tells how many came, SCMIA_PROTO_CNT_PAST_END counts it.
 * @param ph the attached Base handle.
 * @param[out] ids buffer for the ids. @param cap its capacity.
 * @param[out] n ids written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when more than @p cap ids exist (the
 *         first @p cap are written); SCMIA_EMALFORMED for a page with
 *         more ids than announced;
 *         SCMIA_ETOOSHORT; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_discover_list_protocols(struct scmia_proto_handle *ph, uint8_t *ids,
				       uint32_t cap, uint32_t *n);

/**
 * @brief BASE_DISCOVER_AGENT (v2).
 * @param ph Base handle.
 * @param agent_id agent asked about (0 is the platform; SCMIA_BASE_AGENT_SELF the caller).
 * @param[out] id_out the agent id the platform answers for (may be NULL).
 * @param[out] name its name, NUL-terminated (may be NULL). @param cap size of @p name.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2 (nothing sent); SCMIA_ETOOSHORT
 *         for a reply under 20 bytes; SCMIA_E_SCMI_NOT_FOUND for an unknown
 *         agent; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_discover_agent(struct scmia_proto_handle *ph, uint32_t agent_id, uint32_t *id_out,
			      char *name, size_t cap);

#if SCMIA_CFG_NOTIFY
/**
 * @brief BASE_NOTIFY_ERRORS (v2): enable BASE_ERROR_EVENT.
 * @param ph Base handle. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_notify_errors(struct scmia_proto_handle *ph, int enable);

#endif

#if SCMIA_CFG_PROTO_BASE_PERMS
/**
 * @brief BASE_SET_DEVICE_PERMISSIONS (v2): allow or deny an agent access
 *        to a device (trusted agents only).
 * @param ph Base handle. @param agent_id agent. @param device_id device.
 * @param allow non-zero: flags bit 0 set (access allowed).
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2; SCMIA_E_SCMI_DENIED,
 *         SCMIA_E_SCMI_NOT_FOUND from the platform; SCMIA_EINVAL; errors
 *         of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_set_device_permissions(struct scmia_proto_handle *ph, uint32_t agent_id,
				      uint32_t device_id, int allow);

/**
 * @brief BASE_SET_PROTOCOL_PERMISSIONS (v2): allow or deny an agent one
 *        protocol on one device.
 * @param ph Base handle. @param agent_id agent. @param device_id device.
 * @param proto_id protocol (command_id bits 7:0; must not be Base).
 * @param allow non-zero: flags bit 0 set (access allowed).
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2; SCMIA_EINVAL (also for
 *         @p proto_id Base); errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_set_protocol_permissions(struct scmia_proto_handle *ph, uint32_t agent_id,
					uint32_t device_id, uint8_t proto_id, int allow);

/**
 * @brief BASE_RESET_AGENT_CONFIGURATION (v2).
 * @param ph Base handle. @param agent_id agent.
 * @param reset_permissions non-zero: flags bit 0 set (also reset the
 *        access permissions).
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_base_reset_agent_configuration(struct scmia_proto_handle *ph, uint32_t agent_id,
					 int reset_permissions);

#endif /* SCMIA_CFG_PROTO_BASE_PERMS */

#if SCMIA_CFG_NOTIFY
/** BASE_ERROR_EVENT, decoded. */
struct scmia_base_error_event {
	uint32_t agent_id;      /**< Agent that caused the errors. */
	uint32_t error_status;  /**< Raw error_status word. */
	uint8_t fatal;          /**< error_status bit 31. */
	uint32_t n_reports;     /**< error_status bits 9:0: message reports in the payload. */
	const uint8_t *reports; /**< First report (n_reports x 8 bytes, read with scmia_base_error_report()). */
};

/**
 * @brief Decode a BASE_ERROR_EVENT notification (v2 layout: agent_id,
 *        error_status, msg_reports[] of 64 bits each).
 * @param n the notification (protocol Base, event SCMIA_BASE_ERROR_EVENT).
 * @param[out] ev decoded fields; reports points into @p n's payload.
 * @return SCMIA_OK; SCMIA_ETOOSHORT when the payload cannot hold the
 *         header or the announced reports; SCMIA_EINVAL for NULL or
 *         another protocol / event.
 * Context: any; never blocks. Lifetime: ev->reports as @p n's payload.
 */
int scmia_base_error_event_decode(const struct scmia_notification *n,
				  struct scmia_base_error_event *ev);

/**
 * @brief Report @p i of a decoded error event (le64, low word first).
 * @param ev decoded event. @param i index < ev->n_reports.
 * @return the report, 0 when @p i is out of range.
 * Context: any; never blocks.
 * Lifetime: @p ev, and the payload ev->reports points into, are read during the call only.
 */
uint64_t scmia_base_error_report(const struct scmia_base_error_event *ev, uint32_t i);

#endif /* SCMIA_CFG_NOTIFY */

/**
 * @brief Agent start-up discovery.
 *
 * Attaches Base (registering it in a free handle when the caller did not),
 * reads the vendor, sub-vendor and implementation version into
 * set->ident, applies the quirk tables to Base (attaching it again when a
 * quirk fixes its version), reads the protocol list, then attaches every
 * registered protocol the platform lists and marks the others
 * SCMIA_PROTO_S_ABSENT. A protocol that fails (DENIED, NOT_FOUND, a short
 * reply, ...) is recorded in its handle (state FAILED, err) and discovery
 * goes on with the next. With scmia_proto_set_lazy() the listed protocols
 * stay registered and each is attached by its first command.
 * @param set a registry with the protocols the caller wants.
 * @return the number of protocols READY (Base included, > 0); Base's
 *         attach error, or an error of DISCOVER_VENDOR /
 *         IMPLEMENTATION_VERSION / LIST_PROTOCOLS (SCMIA_ETIMEDOUT,
 *         SCMIA_ETOOSHORT, SCMIA_EMALFORMED, SCMI-band errors);
 *         SCMIA_ENOSPC when Base is not registered and no handle is free;
 *         SCMIA_EINVAL.
 * Context: thread (blocks for many commands).
 * Lifetime: @p set is used during the call; its handles keep what discovery found.
 */
int scmia_base_discover(struct scmia_proto_set *set);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_BASE_H */

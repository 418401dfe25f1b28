/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file power.h
 * @brief Power domain management protocol (0x11, DEN0056 §4.3).
 *
 * Versions understood: 1.0, 2.0, 3.0 (extended names:
 * POWER_DOMAIN_NAME_GET), 3.1 (NEGOTIATE_PROTOCOL_VERSION).
 * Notifications: POWER_STATE_CHANGED.
 */
#ifndef SCMIA_PROTO_POWER_H
#define SCMIA_PROTO_POWER_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Power domain protocol version this code implements (3.1). */
#define SCMIA_POWER_VERSION SCMIA_PROTO_VERSION(3, 1)

/** Power domain message ids. */
#define SCMIA_POWER_DOMAIN_ATTRIBUTES 0x3u /**< POWER_DOMAIN_ATTRIBUTES. */
#define SCMIA_POWER_STATE_SET 0x4u         /**< POWER_STATE_SET. */
#define SCMIA_POWER_STATE_GET 0x5u         /**< POWER_STATE_GET. */
#define SCMIA_POWER_STATE_NOTIFY 0x6u      /**< POWER_STATE_NOTIFY. */
#define SCMIA_POWER_DOMAIN_NAME_GET 0x8u   /**< POWER_DOMAIN_NAME_GET (v3). */

/** Power domain notification (event) id: POWER_STATE_CHANGED. */
#define SCMIA_POWER_STATE_CHANGED 0x0u

/** Power state: on (context preserved, state id 0). */
#define SCMIA_POWER_STATE_ON 0x00000000u
/** Power state: off (bit 30: context lost, state id 0). */
#define SCMIA_POWER_STATE_OFF 0x40000000u

/** POWER_STATE_SET flags bit 0: asynchronous (the platform returns at
 *  once; completion is reported by POWER_STATE_CHANGED if enabled). */
#define SCMIA_POWER_SET_F_ASYNC (1u << 0)

/** Domain attribute: POWER_STATE_CHANGED notifications supported (bit 31). */
#define SCMIA_POWER_ATTR_NOTIFY (1u << 31)
/** Domain attribute: asynchronous POWER_STATE_SET supported (bit 30). */
#define SCMIA_POWER_ATTR_ASYNC (1u << 30)
/** Domain attribute: synchronous POWER_STATE_SET supported (bit 29). */
#define SCMIA_POWER_ATTR_SYNC (1u << 29)
/** Domain attribute (v3): extended name available via POWER_DOMAIN_NAME_GET (bit 27). */
#define SCMIA_POWER_ATTR_EXT_NAME (1u << 27)

/** The Power domain protocol descriptor (priv: struct scmia_power_info or NULL). */
extern const struct scmia_proto_desc scmia_power_desc;

/** PROTOCOL_ATTRIBUTES of Power domain, decoded. */
struct scmia_power_info {
	uint16_t n_domains;  /**< Number of power domains. */
	uint64_t stats_addr; /**< Statistics shared memory address (0: none). */
	uint32_t stats_len;  /**< Its length in bytes. */
};

/** POWER_DOMAIN_ATTRIBUTES, decoded. */
struct scmia_power_dom_attrs {
	uint32_t attributes; /**< Raw attributes (SCMIA_POWER_ATTR_*; bits meaningless for the version are cleared). */
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One domain of a tolerant enumeration. */
struct scmia_power_dom {
	int err;                           /**< SCMIA_OK, or why this domain could not be described (e.g. SCMIA_E_SCMI_DENIED). */
	struct scmia_power_dom_attrs attrs; /**< Valid when err is SCMIA_OK. */
};

/**
 * @brief Number of domains, from the PROTOCOL_ATTRIBUTES read at attach.
 * @param ph attached Power handle. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: @p ph is read during the call only.
 */
static inline uint32_t scmia_power_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

/**
 * @brief POWER_DOMAIN_ATTRIBUTES, and with @p ext_name the extended name
 *        (v3, when the domain has one).
 * @param ph Power handle. @param domain domain id.
 * @param ext_name non-zero: fetch the extended name when available.
 * @param[out] out decoded attributes.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 20 bytes (or a short
 *         name reply); SCMI-band errors (SCMIA_E_SCMI_NOT_FOUND for an
 *         unknown domain, SCMIA_E_SCMI_DENIED); SCMIA_EINVAL; errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one or two commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_power_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				  struct scmia_power_dom_attrs *out);

/**
 * @brief Describe every domain, tolerating domains that answer with an
 *        SCMI status (DENIED, NOT_FOUND, ...): recorded in doms[i].err.
 * @param ph attached Power handle. @param[out] doms array.
 * @param cap its capacity. @param[out] n entries written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when more domains exist than @p cap (the
 *         first @p cap are described); a local error (timeout, short
 *         reply, ...) that ends the walk; SCMIA_EINVAL.
 * Context: thread (blocks for up to two commands per domain).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_power_domains_describe(struct scmia_proto_handle *ph, struct scmia_power_dom *doms,
				 uint32_t cap, uint32_t *n);

/**
 * @brief POWER_STATE_SET.
 * @param ph Power handle. @param domain domain id.
 * @param state power state (SCMIA_POWER_STATE_ON / _OFF or a platform state).
 * @param flags SCMIA_POWER_SET_F_ASYNC or 0.
 * @return SCMIA_OK; SCMI-band errors (SCMIA_E_SCMI_INVALID_PARAMETERS,
 *         SCMIA_E_SCMI_DENIED, SCMIA_E_SCMI_NOT_FOUND, ...); SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_power_state_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t state,
			  uint32_t flags);

/**
 * @brief POWER_STATE_GET.
 * @param ph Power handle. @param domain domain id. @param[out] state the state.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_power_state_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *state);

#if SCMIA_CFG_NOTIFY
/**
 * @brief POWER_STATE_NOTIFY: enable or disable POWER_STATE_CHANGED for a domain.
 * @param ph Power handle. @param domain domain id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_power_state_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable);
#endif

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief POWER_DOMAIN_NAME_GET (v3).
 * @param ph Power handle. @param domain domain id.
 * @param[out] name NUL-terminated name. @param cap its size.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v3 (nothing sent); as
 *         scmia_proto_ext_name_get().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_power_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				size_t cap);
#endif

#if SCMIA_CFG_NOTIFY
/** POWER_STATE_CHANGED, decoded. */
struct scmia_power_state_changed {
	uint32_t agent_id;    /**< Agent that caused the change. */
	uint32_t domain_id;   /**< Domain. */
	uint32_t power_state; /**< New state. */
};

/**
 * @brief Decode a POWER_STATE_CHANGED notification (agent_id, domain_id, power_state).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 12 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_power_state_changed_decode(const struct scmia_notification *n,
				     struct scmia_power_state_changed *out);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_POWER_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file reset.h
 * @brief Reset domain management protocol (0x16, DEN0056 §4.8).
 *
 * Versions understood: 1.0, 2.0, 3.0 (extended names:
 * RESET_DOMAIN_NAME_GET), 3.1 (NEGOTIATE_PROTOCOL_VERSION).
 * Asynchronous resets complete with the delayed response RESET_COMPLETE.
 * Notifications: RESET_ISSUED.
 */
#ifndef SCMIA_PROTO_RESET_H
#define SCMIA_PROTO_RESET_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Reset domain protocol version this code implements (3.1). */
#define SCMIA_RESET_VERSION SCMIA_PROTO_VERSION(3, 1)

/** Reset domain message ids. */
#define SCMIA_RESET_DOMAIN_ATTRIBUTES 0x3u /**< RESET_DOMAIN_ATTRIBUTES. */
#define SCMIA_RESET_RESET 0x4u             /**< RESET (delayed response: RESET_COMPLETE). */
#define SCMIA_RESET_NOTIFY 0x5u            /**< RESET_NOTIFY. */
#define SCMIA_RESET_DOMAIN_NAME_GET 0x6u   /**< RESET_DOMAIN_NAME_GET (v3). */

/** Reset domain notification (event) id: RESET_ISSUED. */
#define SCMIA_RESET_ISSUED 0x0u

/** RESET flags bit 0: autonomous reset (assert then de-assert by the platform). */
#define SCMIA_RESET_F_AUTONOMOUS (1u << 0)
/** RESET flags bit 1: explicit assert (1) or de-assert (0) when not autonomous. */
#define SCMIA_RESET_F_EXPLICIT_ASSERT (1u << 1)
/** RESET flags bit 2: asynchronous reset; completion by RESET_COMPLETE. */
#define SCMIA_RESET_F_ASYNC (1u << 2)

/** Reset state: architectural cold reset (bit 31 clear, id 0). */
#define SCMIA_RESET_STATE_COLD 0x0u
/** Reset state bit 31: IMPLEMENTATION DEFINED reset type. */
#define SCMIA_RESET_STATE_IMPDEF (1u << 31)

/** Domain attribute: asynchronous reset supported (bit 31). */
#define SCMIA_RESET_ATTR_ASYNC (1u << 31)
/** Domain attribute: RESET_ISSUED notifications supported (bit 30). */
#define SCMIA_RESET_ATTR_NOTIFY (1u << 30)
/** Domain attribute (v3): extended name available (bit 29). */
#define SCMIA_RESET_ATTR_EXT_NAME (1u << 29)

/** Latency value meaning "not reported". The platform's 0xffffffff and
 *  0x7fffffff (TF-A's "unknown latency", SCMI_RESET_DOMAIN_ATTR_UNK_LAT)
 *  are both reported as this value (the latter counted
 *  SCMIA_PROTO_CNT_SENTINEL). */
#define SCMIA_RESET_LATENCY_UNKNOWN 0xffffffffu

/** The Reset domain protocol descriptor (priv unused: NULL). */
extern const struct scmia_proto_desc scmia_reset_desc;

/** RESET_DOMAIN_ATTRIBUTES, decoded. */
struct scmia_reset_dom_attrs {
	uint32_t attributes; /**< SCMIA_RESET_ATTR_* (bits meaningless for the version cleared). */
	uint32_t latency_us; /**< Maximum reset latency in µs, or SCMIA_RESET_LATENCY_UNKNOWN. */
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One domain of a tolerant enumeration. */
struct scmia_reset_dom {
	int err;                            /**< SCMIA_OK, or why it could not be described. */
	struct scmia_reset_dom_attrs attrs; /**< Valid when err is SCMIA_OK. */
};

/**
 * @brief Number of reset domains, from PROTOCOL_ATTRIBUTES (bits 15:0).
 * @param ph attached Reset handle. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: @p ph is read during the call only.
 */
static inline uint32_t scmia_reset_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

/**
 * @brief RESET_DOMAIN_ATTRIBUTES, and with @p ext_name the extended name.
 * @param ph Reset handle. @param domain domain id.
 * @param ext_name non-zero: fetch the extended name when available (v3).
 * @param[out] out decoded attributes.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 24 bytes; SCMI-band
 *         errors (SCMIA_E_SCMI_NOT_FOUND also for INVALID_PARAMETERS about
 *         a domain id at or past the count); SCMIA_EINVAL; errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one or two commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_reset_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				  struct scmia_reset_dom_attrs *out);

/**
 * @brief Describe every domain, recording per-domain SCMI errors (DENIED,
 *        NOT_FOUND) in doms[i].err and going on.
 * @param ph attached Reset handle. @param[out] doms array. @param cap capacity.
 * @param[out] n entries written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when more domains exist than @p cap; a
 *         local error that ends the walk; SCMIA_EINVAL.
 * Context: thread (blocks for up to two commands per domain).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_reset_domains_describe(struct scmia_proto_handle *ph, struct scmia_reset_dom *doms,
				 uint32_t cap, uint32_t *n);

/**
 * @brief RESET. With SCMIA_RESET_F_ASYNC, waits for the delayed response
 *        RESET_COMPLETE and checks it names @p domain.
 *
 * An asynchronous reset is checked before anything is sent that can
 * complete it: the channel needs a p2a partner, and the domain's
 * RESET_DOMAIN_ATTRIBUTES (one command) must announce asynchronous
 * resets; otherwise SCMIA_ENOTSUP at once (counted
 * SCMIA_PROTO_CNT_FAIL_FAST), instead of a delayed-response timeout.
 * @param ph Reset handle. @param domain domain id.
 * @param flags SCMIA_RESET_F_* bits.
 * @param state reset state (SCMIA_RESET_STATE_COLD or an IMPDEF state).
 * @return SCMIA_OK; SCMI-band errors of the response or of RESET_COMPLETE
 *         (or of the attributes query of an asynchronous reset);
 *         SCMIA_ETOOSHORT for a RESET_COMPLETE without domain id;
 *         SCMIA_EMALFORMED when RESET_COMPLETE names another domain;
 *         SCMIA_ENOTSUP for an asynchronous reset that cannot complete
 *         (see above); SCMIA_ETIMEDOUT; SCMIA_EINVAL; errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for the response, and the delayed response when
 * asynchronous).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_reset_reset(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
		      uint32_t state);

#if SCMIA_CFG_NOTIFY
/**
 * @brief RESET_NOTIFY: enable or disable RESET_ISSUED for a domain.
 * @param ph Reset handle. @param domain domain id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_reset_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable);
#endif

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief RESET_DOMAIN_NAME_GET (v3).
 * @param ph Reset handle. @param domain domain id.
 * @param[out] name NUL-terminated name. @param cap its size.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v3 (nothing sent); as
 *         scmia_proto_ext_name_get().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_reset_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				size_t cap);
#endif

#if SCMIA_CFG_NOTIFY
/** RESET_ISSUED, decoded. */
struct scmia_reset_issued {
	uint32_t agent_id;    /**< Agent that caused the reset. */
	uint32_t domain_id;   /**< Domain. */
	uint32_t reset_state; /**< Reset state. */
};

/**
 * @brief Decode RESET_ISSUED (agent_id, domain_id, reset_state).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 12 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_reset_issued_decode(const struct scmia_notification *n, struct scmia_reset_issued *out);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_RESET_H */

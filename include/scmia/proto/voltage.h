/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file voltage.h
 * @brief Voltage domain management protocol (0x17, DEN0056 §4.9).
 *
 * Versions understood: 1.0; 2.0 (extended names: VOLTAGE_DOMAIN_NAME_GET,
 * asynchronous VOLTAGE_LEVEL_SET with the delayed response
 * VOLTAGE_LEVEL_SET_COMPLETE). The agreed version picks every layout; a
 * call the agreed version lacks returns SCMIA_ENOTSUP without sending.
 *
 * Levels are signed 32-bit microvolts. The protocol has no notifications.
 */
#ifndef SCMIA_PROTO_VOLTAGE_H
#define SCMIA_PROTO_VOLTAGE_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Voltage domain protocol version this code implements (2.0). */
#define SCMIA_VOLTAGE_VERSION SCMIA_PROTO_VERSION(2, 0)

/** Voltage domain message ids. */
#define SCMIA_VOLTAGE_DOMAIN_ATTRIBUTES 0x3u /**< VOLTAGE_DOMAIN_ATTRIBUTES. */
#define SCMIA_VOLTAGE_DESCRIBE_LEVELS 0x4u   /**< VOLTAGE_DESCRIBE_LEVELS (paged). */
#define SCMIA_VOLTAGE_CONFIG_SET 0x5u        /**< VOLTAGE_CONFIG_SET. */
#define SCMIA_VOLTAGE_CONFIG_GET 0x6u        /**< VOLTAGE_CONFIG_GET. */
#define SCMIA_VOLTAGE_LEVEL_SET 0x7u         /**< VOLTAGE_LEVEL_SET (+ _COMPLETE). */
#define SCMIA_VOLTAGE_LEVEL_GET 0x8u         /**< VOLTAGE_LEVEL_GET. */
#define SCMIA_VOLTAGE_DOMAIN_NAME_GET 0x9u   /**< VOLTAGE_DOMAIN_NAME_GET (v2). */

/** Domain attribute (v2): asynchronous VOLTAGE_LEVEL_SET supported (bit 31). */
#define SCMIA_VOLTAGE_ATTR_ASYNC (1u << 31)
/** Domain attribute (v2): extended name via VOLTAGE_DOMAIN_NAME_GET (bit 30). */
#define SCMIA_VOLTAGE_ATTR_EXT_NAME (1u << 30)

/** VOLTAGE_LEVEL_SET flags bit 0 (v2): asynchronous (delayed response). */
#define SCMIA_VOLTAGE_SET_F_ASYNC (1u << 0)

/** Voltage configuration: mode field (bits 3:0). */
#define SCMIA_VOLTAGE_CONFIG_MODE_MASK 0xfu
/** Voltage configuration: architectural mode "off" (0b0000). */
#define SCMIA_VOLTAGE_CONFIG_OFF 0x0u
/** Voltage configuration: architectural mode "on" (0b0111). */
#define SCMIA_VOLTAGE_CONFIG_ON 0x7u
/** Voltage configuration: bit 3 set means an IMPLEMENTATION DEFINED mode. */
#define SCMIA_VOLTAGE_CONFIG_IMPDEF (1u << 3)

/** The Voltage domain protocol descriptor (priv unused: NULL). */
extern const struct scmia_proto_desc scmia_voltage_desc;

/** VOLTAGE_DOMAIN_ATTRIBUTES, decoded. */
struct scmia_voltage_dom_attrs {
	uint32_t attributes; /**< SCMIA_VOLTAGE_ATTR_* (undefined bits cleared). */
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One domain of a tolerant enumeration. */
struct scmia_voltage_dom {
	int err;                              /**< SCMIA_OK, or why it could not be described. */
	struct scmia_voltage_dom_attrs attrs; /**< Valid when err is SCMIA_OK. */
};

/** Result of VOLTAGE_DESCRIBE_LEVELS. */
struct scmia_voltage_levels {
	uint8_t range;  /**< 1: a range (min, max, step); 0: a list. */
	uint32_t count; /**< List: levels written. Range: 3. */
	uint32_t total; /**< List: levels the platform has. Range: 3. */
	int32_t min_uv; /**< Range: lowest level (µV). */
	int32_t max_uv; /**< Range: highest level (µV). */
	int32_t step_uv; /**< Range: step (µV). */
};

/**
 * @brief Number of voltage domains (PROTOCOL_ATTRIBUTES bits 15:0).
 * @param ph attached Voltage handle. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
static inline uint32_t scmia_voltage_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

/**
 * @brief VOLTAGE_DOMAIN_ATTRIBUTES, and with @p ext_name the extended name (v2).
 * @param ph Voltage handle. @param domain domain id.
 * @param ext_name non-zero: fetch the extended name when available.
 * @param[out] out decoded attributes.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 20 bytes (or a short
 *         name reply); SCMI-band errors; SCMIA_EINVAL; errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one or two commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_voltage_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				    struct scmia_voltage_dom_attrs *out);

/**
 * @brief Describe every domain, recording per-domain SCMI errors (DENIED,
 *        NOT_FOUND) in doms[i].err and going on.
 * @param ph attached Voltage handle. @param[out] doms array. @param cap capacity.
 * @param[out] n entries written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when more domains exist than @p cap; a
 *         local error that ends the walk; SCMIA_EINVAL.
 * Context: thread (blocks for up to two commands per domain).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_voltage_domains_describe(struct scmia_proto_handle *ph, struct scmia_voltage_dom *doms,
				   uint32_t cap, uint32_t *n);

/**
 * @brief VOLTAGE_DESCRIBE_LEVELS, every page. A list fills @p levels; a
 *        range (one page of exactly three levels, nothing remaining) fills
 *        out->min_uv, max_uv and step_uv.
 * @param ph Voltage handle. @param domain domain id.
 * @param[out] levels list storage in µV (may be NULL when @p cap is 0).
 * @param cap its capacity. @param[out] out format, counts, range.
 * @return SCMIA_OK; SCMIA_ENOSPC when the list has more levels than @p cap
 *         (the first @p cap are written); SCMIA_EMALFORMED (no level while
 *         levels remain, remaining growing, a range that is not one
 *         triplet or has min above max, the format changing);
 *         SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL; errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_voltage_describe_levels(struct scmia_proto_handle *ph, uint32_t domain,
				  int32_t *levels, uint32_t cap, struct scmia_voltage_levels *out);

/**
 * @brief VOLTAGE_CONFIG_SET.
 * @param ph Voltage handle. @param domain domain id.
 * @param config mode: SCMIA_VOLTAGE_CONFIG_ON / _OFF or an IMPLEMENTATION
 *        DEFINED mode (bit 3 set).
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL for bits above 3 or an
 *         undefined architectural mode; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_voltage_config_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t config);

/**
 * @brief VOLTAGE_CONFIG_GET.
 * @param ph Voltage handle. @param domain domain id. @param[out] config mode (bits 3:0).
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_voltage_config_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *config);

/**
 * @brief VOLTAGE_LEVEL_SET, synchronous or (v2) asynchronous: with
 *        SCMIA_VOLTAGE_SET_F_ASYNC waits for VOLTAGE_LEVEL_SET_COMPLETE,
 *        checks it names @p domain and reports the level it carries.
 * @param ph Voltage handle. @param domain domain id.
 * @param flags SCMIA_VOLTAGE_SET_F_ASYNC or 0.
 * @param level_uv level in µV (signed).
 * @param[out] actual_uv the level the delayed response reports
 *        (asynchronous), else @p level_uv; may be NULL.
 * @return SCMIA_OK; SCMI-band errors of the response or delayed response;
 *         SCMIA_ETOOSHORT for a delayed response under 8 bytes;
 *         SCMIA_EMALFORMED when it names another domain; SCMIA_ETIMEDOUT;
 *         SCMIA_ENOTSUP for asynchronous before v2 (nothing sent);
 *         SCMIA_EINVAL for unknown flags; errors of scmia_proto_cmd().
 * Context: thread (blocks for the response, and the delayed response when
 * asynchronous).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_voltage_level_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
			    int32_t level_uv, int32_t *actual_uv);

/**
 * @brief VOLTAGE_LEVEL_GET.
 * @param ph Voltage handle. @param domain domain id. @param[out] level_uv level in µV.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_voltage_level_get(struct scmia_proto_handle *ph, uint32_t domain, int32_t *level_uv);

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief VOLTAGE_DOMAIN_NAME_GET (v2).
 * @param ph Voltage handle. @param domain domain id.
 * @param[out] name NUL-terminated name. @param cap its size.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2 (nothing sent); as
 *         scmia_proto_ext_name_get().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_voltage_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				  size_t cap);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_VOLTAGE_H */

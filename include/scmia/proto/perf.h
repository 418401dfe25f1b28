/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file perf.h
 * @brief Performance domain management protocol (0x13, DEN0056 §4.5):
 *        domains, levels (paged), limits and level get/set, notifications,
 *        and fastchannels.
 *
 * Versions understood: 1.0 and 2.0 (12-byte level entries), 3.0 (extended
 * names: PERFORMANCE_DOMAIN_NAME_GET; power in microwatts), 4.0 (level
 * indexing mode; 20-byte level entries with indicative frequency and level
 * index). The agreed version picks every layout.
 *
 * Fastchannels: scmia_perf_describe_fastchannel() refuses (SCMIA_ENOTSUP,
 * nothing sent) unless the domain declares fastchannel support and
 * PROTOCOL_MESSAGE_ATTRIBUTES declares it for that very message; a bound
 * struct scmia_perf_fc only serves the message it was described for.
 */
#ifndef SCMIA_PROTO_PERF_H
#define SCMIA_PROTO_PERF_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Performance protocol version this code implements (4.0). */
#define SCMIA_PERF_VERSION SCMIA_PROTO_VERSION(4, 0)

/** Performance message ids. */
#define SCMIA_PERF_DOMAIN_ATTRIBUTES 0x3u     /**< PERFORMANCE_DOMAIN_ATTRIBUTES. */
#define SCMIA_PERF_DESCRIBE_LEVELS 0x4u       /**< PERFORMANCE_DESCRIBE_LEVELS (paged). */
#define SCMIA_PERF_LIMITS_SET 0x5u            /**< PERFORMANCE_LIMITS_SET. */
#define SCMIA_PERF_LIMITS_GET 0x6u            /**< PERFORMANCE_LIMITS_GET. */
#define SCMIA_PERF_LEVEL_SET 0x7u             /**< PERFORMANCE_LEVEL_SET. */
#define SCMIA_PERF_LEVEL_GET 0x8u             /**< PERFORMANCE_LEVEL_GET. */
#define SCMIA_PERF_NOTIFY_LIMITS 0x9u         /**< PERFORMANCE_NOTIFY_LIMITS. */
#define SCMIA_PERF_NOTIFY_LEVEL 0xau          /**< PERFORMANCE_NOTIFY_LEVEL. */
#define SCMIA_PERF_DESCRIBE_FASTCHANNEL 0xbu  /**< PERFORMANCE_DESCRIBE_FASTCHANNEL. */
#define SCMIA_PERF_DOMAIN_NAME_GET 0xcu       /**< PERFORMANCE_DOMAIN_NAME_GET (v3). */

/** Performance notification (event) ids. */
#define SCMIA_PERF_LIMITS_CHANGED 0x0u /**< PERFORMANCE_LIMITS_CHANGED. */
#define SCMIA_PERF_LEVEL_CHANGED 0x1u  /**< PERFORMANCE_LEVEL_CHANGED. */

/** Domain attribute: PERFORMANCE_LIMITS_SET allowed (bit 31). */
#define SCMIA_PERF_ATTR_SET_LIMITS (1u << 31)
/** Domain attribute: PERFORMANCE_LEVEL_SET allowed (bit 30). */
#define SCMIA_PERF_ATTR_SET_LEVEL (1u << 30)
/** Domain attribute: limits-changed notifications supported (bit 29). */
#define SCMIA_PERF_ATTR_NOTIFY_LIMITS (1u << 29)
/** Domain attribute: level-changed notifications supported (bit 28). */
#define SCMIA_PERF_ATTR_NOTIFY_LEVEL (1u << 28)
/** Domain attribute: fastchannels supported (bit 27). */
#define SCMIA_PERF_ATTR_FASTCHANNEL (1u << 27)
/** Domain attribute (v3): extended name available (bit 26). */
#define SCMIA_PERF_ATTR_EXT_NAME (1u << 26)
/** Domain attribute (v4): level indexing mode: levels, limits and
 *  notifications use level indices instead of performance values (bit 25). */
#define SCMIA_PERF_ATTR_LEVEL_INDEXING (1u << 25)

/** Power unit of level power costs: abstract. */
#define SCMIA_PERF_POWER_ABSTRACT 0u
/** Power unit of level power costs: milliwatts (attributes bit 16). */
#define SCMIA_PERF_POWER_MILLIWATT 1u
/** Power unit of level power costs: microwatts (v3: attributes bit 17). */
#define SCMIA_PERF_POWER_MICROWATT 2u

/** The Performance protocol descriptor (priv: struct scmia_perf_info or NULL). */
extern const struct scmia_proto_desc scmia_perf_desc;

/** PROTOCOL_ATTRIBUTES of Performance, decoded. */
struct scmia_perf_info {
	uint16_t n_domains;  /**< Number of performance domains. */
	uint8_t power_unit;  /**< SCMIA_PERF_POWER_*. */
	uint64_t stats_addr; /**< Statistics shared memory address (0: none). */
	uint32_t stats_len;  /**< Its length. */
};

/** PERFORMANCE_DOMAIN_ATTRIBUTES, decoded. */
struct scmia_perf_dom_attrs {
	uint32_t attributes;           /**< SCMIA_PERF_ATTR_* (bits meaningless for the version cleared). */
	uint32_t rate_limit_us;        /**< Minimum time between level/limit requests (bits 19:0). */
	uint32_t sustained_freq_khz;   /**< Sustained frequency in kHz. */
	uint32_t sustained_perf_level; /**< Performance level matching it. */
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One domain of a tolerant enumeration. */
struct scmia_perf_dom {
	int err;                           /**< SCMIA_OK, or why it could not be described. */
	struct scmia_perf_dom_attrs attrs; /**< Valid when err is SCMIA_OK. */
};

/** One performance level (PERFORMANCE_DESCRIBE_LEVELS entry). */
struct scmia_perf_level {
	uint32_t perf_level;         /**< Performance level value. */
	uint32_t power_cost;         /**< Power cost in the protocol's power unit. */
	uint16_t latency_us;         /**< Worst-case transition latency (µs). */
	uint32_t indicative_freq_khz; /**< v4: indicative frequency (kHz); 0 before v4. */
	uint32_t level_index;        /**< v4: level index; before v4 the entry's position. */
};

/**
 * @brief Decoded Performance PROTOCOL_ATTRIBUTES (from attach).
 * @param ph attached Perf handle. @param[out] out decoded fields
 *        (statistics fields are 0: they are kept only in priv).
 * @return SCMIA_OK; SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_protocol_attributes(const struct scmia_proto_handle *ph,
				   struct scmia_perf_info *out);

/**
 * @brief Number of domains (PROTOCOL_ATTRIBUTES bits 15:0).
 * @param ph attached Perf handle. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: @p ph is read during the call only.
 */
static inline uint32_t scmia_perf_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

/**
 * @brief PERFORMANCE_DOMAIN_ATTRIBUTES, and with @p ext_name the extended name.
 * @param ph Perf handle. @param domain domain id.
 * @param ext_name non-zero: fetch the extended name when available (v3).
 * @param[out] out decoded attributes.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 32 bytes; SCMI-band
 *         errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one or two commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				 struct scmia_perf_dom_attrs *out);

/**
 * @brief Describe every domain, recording per-domain SCMI errors (DENIED,
 *        NOT_FOUND) in doms[i].err and going on.
 * @param ph attached Perf handle. @param[out] doms array. @param cap capacity.
 * @param[out] n entries written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when more domains exist than @p cap; a
 *         local error that ends the walk; SCMIA_EINVAL.
 * Context: thread (blocks for up to two commands per domain).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_domains_describe(struct scmia_proto_handle *ph, struct scmia_perf_dom *doms,
				uint32_t cap, uint32_t *n);

/**
 * @brief PERFORMANCE_DESCRIBE_LEVELS, every page (entry layout of the
 *        agreed version: 12 bytes before v4, 20 bytes from v4).
 * @param ph Perf handle. @param domain domain id.
 * @param[out] levels array. @param cap its capacity.
 * @param[out] n levels written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when the domain has more than @p cap
 *         levels (the first @p cap are written); SCMIA_EMALFORMED (no
 *         level while levels remain, remaining growing); SCMIA_ETOOSHORT;
 *         SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_describe_levels(struct scmia_proto_handle *ph, uint32_t domain,
			       struct scmia_perf_level *levels, uint32_t cap, uint32_t *n);

/**
 * @brief PERFORMANCE_LIMITS_SET.
 * @param ph Perf handle. @param domain domain id.
 * @param range_max highest allowed level. @param range_min lowest allowed level.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_limits_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t range_max,
			  uint32_t range_min);

/**
 * @brief PERFORMANCE_LIMITS_GET.
 * @param ph Perf handle. @param domain domain id.
 * @param[out] range_max highest allowed level. @param[out] range_min lowest.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 8 bytes; SCMI-band errors;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_limits_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *range_max,
			  uint32_t *range_min);

/**
 * @brief PERFORMANCE_LEVEL_SET.
 * @param ph Perf handle. @param domain domain id. @param level the level.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_level_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t level);

/**
 * @brief PERFORMANCE_LEVEL_GET.
 * @param ph Perf handle. @param domain domain id. @param[out] level the level.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_level_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *level);

#if SCMIA_CFG_NOTIFY
/**
 * @brief PERFORMANCE_NOTIFY_LIMITS.
 * @param ph Perf handle. @param domain domain id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_notify_limits(struct scmia_proto_handle *ph, uint32_t domain, int enable);

/**
 * @brief PERFORMANCE_NOTIFY_LEVEL.
 * @param ph Perf handle. @param domain domain id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_notify_level(struct scmia_proto_handle *ph, uint32_t domain, int enable);
#endif

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief PERFORMANCE_DOMAIN_NAME_GET (v3).
 * @param ph Perf handle. @param domain domain id.
 * @param[out] name NUL-terminated name. @param cap its size.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v3 (nothing sent); as
 *         scmia_proto_ext_name_get().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
			       size_t cap);
#endif

/**
 * @brief Frequency in Hz of a performance level, from the domain's
 *        sustained frequency and level, in 64-bit arithmetic (no 32-bit
 *        truncation).
 * @param a domain attributes. @param level a performance level.
 * @return the frequency in Hz, 0 when the domain reports no sustained level.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
uint64_t scmia_perf_level_to_hz(const struct scmia_perf_dom_attrs *a, uint32_t level);

/* ---- fastchannels ---- */

#if SCMIA_CFG_PROTO_FASTCHANNEL

/** Fastchannel attribute bit 0: a doorbell is attached. */
#define SCMIA_PERF_FC_ATTR_DOORBELL (1u << 0)

/** PERFORMANCE_DESCRIBE_FASTCHANNEL, decoded: the layout Power capping
 *  shares (struct scmia_proto_fc_info, proto.h). */
#define scmia_perf_fc_info scmia_proto_fc_info

/**
 * @brief PERFORMANCE_DESCRIBE_FASTCHANNEL, only for a message the platform
 *        declared for fastchannels.
 *
 * Checks first that the domain's attributes have SCMIA_PERF_ATTR_FASTCHANNEL
 * and that PROTOCOL_MESSAGE_ATTRIBUTES(@p msg_id) has
 * SCMIA_MSG_ATTR_FASTCHANNEL (or that SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE
 * covers PERFORMANCE_LEVEL_GET); otherwise nothing is described.
 * @param ph Perf handle. @param domain domain id.
 * @param msg_id LEVEL_SET, LEVEL_GET, LIMITS_SET or LIMITS_GET.
 * @param[out] info decoded description.
 * @return SCMIA_OK; SCMIA_ENOTSUP when not declared for this domain or
 *         message (no DESCRIBE_FASTCHANNEL sent); SCMIA_ETOOSHORT (under 20
 *         bytes, or under 44 with a doorbell); SCMIA_EMALFORMED for a
 *         size of 0; SCMI-band errors; SCMIA_EINVAL (also for another
 *         message id); errors of scmia_proto_cmd().
 * Context: thread (blocks for up to three commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_describe_fastchannel(struct scmia_proto_handle *ph, uint32_t domain,
				    uint8_t msg_id, struct scmia_perf_fc_info *info);

/** A fastchannel bound to host mappings. Caller-owned; fields private. */
struct scmia_perf_fc {
	volatile uint32_t *chan; /**< @private mapped fastchannel */
	volatile void *db;       /**< @private mapped doorbell, or NULL */
	uint64_t db_set;         /**< @private */
	uint64_t db_preserve;    /**< @private */
	uint32_t chan_size;      /**< @private */
	uint32_t domain;         /**< @private */
	uint8_t db_width;        /**< @private 0, 1, 2, 4, 8 */
	uint8_t msg_id;          /**< @private the one message it serves */
	uint8_t bound;           /**< @private */
};

/**
 * @brief Bind a described fastchannel to the host's mappings of its
 *        memory and doorbell (the library maps nothing itself).
 * @param fc caller-owned fastchannel. @param info from
 *        scmia_perf_describe_fastchannel().
 * @param chan mapping of info->chan_addr, 4-byte aligned.
 * @param db mapping of info->db_addr (required when the info has a
 *        doorbell and the message is a *_SET, else ignored).
 * @return SCMIA_OK; SCMIA_EMALFORMED when chan_size is too small for the
 *         message (4 bytes level, 8 bytes limits); SCMIA_EINVAL for NULL,
 *         misalignment, a missing doorbell mapping or a bad message id.
 * Context: any; never blocks.
 * Lifetime: the mappings must stay valid while @p fc is used.
 */
int scmia_perf_fc_bind(struct scmia_perf_fc *fc, const struct scmia_perf_fc_info *info,
		       volatile void *chan, volatile void *db);

/**
 * @brief Set a level through a LEVEL_SET fastchannel (write, barrier, doorbell).
 * @param fc a bound fastchannel. @param level the level.
 * @return SCMIA_OK; SCMIA_ENOTSUP when @p fc was not described for
 *         PERFORMANCE_LEVEL_SET; SCMIA_EINVAL for NULL or unbound.
 * Context: any; never blocks.
 * Lifetime: @p fc, and the mappings it was bound to, are used during the call only.
 */
int scmia_perf_fc_level_set(struct scmia_perf_fc *fc, uint32_t level);

/**
 * @brief Read the level through a LEVEL_GET fastchannel.
 * @param fc a bound fastchannel. @param[out] level the level.
 * @return SCMIA_OK; SCMIA_ENOTSUP when not a LEVEL_GET fastchannel; SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: @p fc, and the mappings it was bound to, are used during the call only.
 */
int scmia_perf_fc_level_get(struct scmia_perf_fc *fc, uint32_t *level);

/**
 * @brief Set limits through a LIMITS_SET fastchannel (range_max at offset
 *        0, range_min at 4).
 * @param fc a bound fastchannel. @param range_max highest. @param range_min lowest.
 * @return SCMIA_OK; SCMIA_ENOTSUP when not a LIMITS_SET fastchannel; SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: @p fc, and the mappings it was bound to, are used during the call only.
 */
int scmia_perf_fc_limits_set(struct scmia_perf_fc *fc, uint32_t range_max, uint32_t range_min);

/**
 * @brief Read limits through a LIMITS_GET fastchannel.
 * @param fc a bound fastchannel. @param[out] range_max highest. @param[out] range_min lowest.
 * @return SCMIA_OK; SCMIA_ENOTSUP when not a LIMITS_GET fastchannel; SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: @p fc, and the mappings it was bound to, are used during the call only.
 */
int scmia_perf_fc_limits_get(struct scmia_perf_fc *fc, uint32_t *range_max, uint32_t *range_min);

#endif /* SCMIA_CFG_PROTO_FASTCHANNEL */

/* ---- notifications ---- */

#if SCMIA_CFG_NOTIFY

/** PERFORMANCE_LIMITS_CHANGED, decoded. */
struct scmia_perf_limits_changed {
	uint32_t agent_id;  /**< Agent that caused the change. */
	uint32_t domain_id; /**< Domain. */
	uint32_t range_max; /**< New highest level. */
	uint32_t range_min; /**< New lowest level. */
};

/** PERFORMANCE_LEVEL_CHANGED, decoded. */
struct scmia_perf_level_changed {
	uint32_t agent_id;   /**< Agent that caused the change. */
	uint32_t domain_id;  /**< Domain. */
	uint32_t perf_level; /**< New level. */
};

/**
 * @brief Decode PERFORMANCE_LIMITS_CHANGED (agent_id, domain_id, range_max, range_min).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 16 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_limits_changed_decode(const struct scmia_notification *n,
				     struct scmia_perf_limits_changed *out);

/**
 * @brief Decode PERFORMANCE_LEVEL_CHANGED (agent_id, domain_id, performance_level).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 12 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_perf_level_changed_decode(const struct scmia_notification *n,
				    struct scmia_perf_level_changed *out);
#endif /* SCMIA_CFG_NOTIFY */

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_PERF_H */

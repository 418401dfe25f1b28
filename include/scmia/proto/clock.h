/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file clock.h
 * @brief Clock management protocol (0x14, DEN0056 §4.6).
 *
 * Versions understood: 1.0; 2.0 (extended names: CLOCK_NAME_GET, rate
 * notifications, clock enable latency in CLOCK_ATTRIBUTES when the platform
 * sends it); 3.0 (CLOCK_CONFIG_GET, extended configuration in
 * CLOCK_CONFIG_SET, parents: CLOCK_POSSIBLE_PARENTS_GET, CLOCK_PARENT_SET,
 * CLOCK_PARENT_GET, and CLOCK_GET_PERMISSIONS). The agreed version picks
 * every layout: a call that does not exist in the agreed version returns
 * SCMIA_ENOTSUP without sending anything.
 *
 * Rates are 64-bit everywhere (two le32 words on the wire, low word first);
 * nothing is truncated. Clock ids are passed to the platform exactly as
 * given: no helper translates an id (a parent id returned by the platform
 * is handed back untouched).
 *
 * Notifications (v2+): CLOCK_RATE_CHANGED and CLOCK_RATE_CHANGE_REQUESTED;
 * their source id is the clock id (scmia_proto_notify_src()).
 */
#ifndef SCMIA_PROTO_CLOCK_H
#define SCMIA_PROTO_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Clock protocol version this code implements (3.0). */
#define SCMIA_CLOCK_VERSION SCMIA_PROTO_VERSION(3, 0)

/** Clock message ids. */
#define SCMIA_CLOCK_ATTRIBUTES 0x3u                   /**< CLOCK_ATTRIBUTES. */
#define SCMIA_CLOCK_DESCRIBE_RATES 0x4u               /**< CLOCK_DESCRIBE_RATES (paged). */
#define SCMIA_CLOCK_RATE_SET 0x5u                     /**< CLOCK_RATE_SET (+ _COMPLETE). */
#define SCMIA_CLOCK_RATE_GET 0x6u                     /**< CLOCK_RATE_GET. */
#define SCMIA_CLOCK_CONFIG_SET 0x7u                   /**< CLOCK_CONFIG_SET. */
#define SCMIA_CLOCK_NAME_GET 0x8u                     /**< CLOCK_NAME_GET (v2). */
#define SCMIA_CLOCK_RATE_NOTIFY 0x9u                  /**< CLOCK_RATE_NOTIFY (v2). */
#define SCMIA_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY 0xau /**< ..._CHANGE_REQUESTED_NOTIFY (v2). */
#define SCMIA_CLOCK_CONFIG_GET 0xbu                   /**< CLOCK_CONFIG_GET (v3). */
#define SCMIA_CLOCK_POSSIBLE_PARENTS_GET 0xcu         /**< ..._POSSIBLE_PARENTS_GET (v3). */
#define SCMIA_CLOCK_PARENT_SET 0xdu                   /**< CLOCK_PARENT_SET (v3). */
#define SCMIA_CLOCK_PARENT_GET 0xeu                   /**< CLOCK_PARENT_GET (v3). */
#define SCMIA_CLOCK_GET_PERMISSIONS 0xfu              /**< CLOCK_GET_PERMISSIONS (v3). */

/** Clock notification (event) ids (v2). */
#define SCMIA_CLOCK_RATE_CHANGED 0x0u           /**< CLOCK_RATE_CHANGED. */
#define SCMIA_CLOCK_RATE_CHANGE_REQUESTED 0x1u  /**< CLOCK_RATE_CHANGE_REQUESTED. */

/** Clock attribute: the clock is enabled (bit 0). */
#define SCMIA_CLOCK_ATTR_ENABLED (1u << 0)
/** Clock attribute (v3): CLOCK_GET_PERMISSIONS available (bit 1). */
#define SCMIA_CLOCK_ATTR_GET_PERMISSIONS (1u << 1)
/** Clock attribute (v3): extended configuration supported (bit 27). */
#define SCMIA_CLOCK_ATTR_EXT_CONFIG (1u << 27)
/** Clock attribute (v3): parent clocks supported (bit 28). */
#define SCMIA_CLOCK_ATTR_PARENTS (1u << 28)
/** Clock attribute (v2): extended name available via CLOCK_NAME_GET (bit 29). */
#define SCMIA_CLOCK_ATTR_EXT_NAME (1u << 29)
/** Clock attribute (v2): CLOCK_RATE_CHANGE_REQUESTED notifications supported (bit 30). */
#define SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGE_REQUESTED (1u << 30)
/** Clock attribute (v2): CLOCK_RATE_CHANGED notifications supported (bit 31). */
#define SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGED (1u << 31)

/** CLOCK_RATE_SET flags bit 0: asynchronous; the platform answers at once
 *  and reports completion with the delayed response CLOCK_RATE_SET_COMPLETE. */
#define SCMIA_CLOCK_SET_F_ASYNC (1u << 0)
/** CLOCK_RATE_SET flags bit 1: with bit 0, no delayed response is sent
 *  (fire and forget). Invalid without bit 0. */
#define SCMIA_CLOCK_SET_F_IGNORE_DRESP (1u << 1)
/** CLOCK_RATE_SET flags bit 2: round up (1) rather than down (0) when the
 *  rate is not exactly supported. */
#define SCMIA_CLOCK_SET_F_ROUND_UP (1u << 2)
/** CLOCK_RATE_SET flags bit 3: round to the closest rate (bit 2 ignored). */
#define SCMIA_CLOCK_SET_F_ROUND_AUTO (1u << 3)

/** CLOCK_CONFIG_SET state: disable the clock. */
#define SCMIA_CLOCK_STATE_DISABLE 0u
/** CLOCK_CONFIG_SET state: enable the clock. */
#define SCMIA_CLOCK_STATE_ENABLE 1u
/** CLOCK_CONFIG_SET state (v3): leave the enable state unchanged (to set
 *  only an extended configuration). */
#define SCMIA_CLOCK_STATE_UNCHANGED 3u

/** CLOCK_GET_PERMISSIONS: the agent may enable / disable the clock (bit 31). */
#define SCMIA_CLOCK_PERM_STATE (1u << 31)
/** CLOCK_GET_PERMISSIONS: the agent may change the parent (bit 30). */
#define SCMIA_CLOCK_PERM_PARENT (1u << 30)
/** CLOCK_GET_PERMISSIONS: the agent may change the rate (bit 29). */
#define SCMIA_CLOCK_PERM_RATE (1u << 29)

/** Enable latency value meaning "not reported". */
#define SCMIA_CLOCK_LATENCY_UNKNOWN 0xffffffffu

/** The Clock protocol descriptor (priv: struct scmia_clock_info or NULL). */
extern const struct scmia_proto_desc scmia_clock_desc;

/** PROTOCOL_ATTRIBUTES of Clock, decoded. */
struct scmia_clock_info {
	uint16_t n_clocks;  /**< Number of clocks (bits 15:0). */
	uint8_t max_async;  /**< Most pending asynchronous rate changes (bits 23:16). */
};

/** CLOCK_ATTRIBUTES, decoded. */
struct scmia_clock_attrs {
	/** SCMIA_CLOCK_ATTR_* (bits not defined in the agreed version cleared). */
	uint32_t attributes;
	/** Worst-case enable latency in µs (v2+), else
	 *  SCMIA_CLOCK_LATENCY_UNKNOWN: before v2, and when a v2+ platform
	 *  answers in the v1 layout without it (counted
	 *  SCMIA_PROTO_CNT_ABSENT). */
	uint32_t enable_latency_us;
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One clock of a tolerant enumeration. */
struct scmia_clock_dom {
	/** SCMIA_OK, or why it could not be described (e.g. SCMIA_E_SCMI_DENIED). */
	int err;
	struct scmia_clock_attrs attrs; /**< Valid when err is SCMIA_OK. */
};

/** Result of CLOCK_DESCRIBE_RATES. */
struct scmia_clock_rates {
	uint8_t range;  /**< 1: the clock is a range (min, max, step); 0: a list. */
	uint32_t count; /**< List: rates written to the caller's array. Range: 3. */
	uint32_t total; /**< List: rates the platform has. Range: 3. */
	uint64_t min;   /**< Range: lowest rate (Hz). List: 0. */
	uint64_t max;   /**< Range: highest rate (Hz). List: 0. */
	uint64_t step;  /**< Range: step (Hz). List: 0. */
};

/**
 * @brief Decoded Clock PROTOCOL_ATTRIBUTES (from attach).
 * @param ph attached Clock handle. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
static inline int scmia_clock_protocol_attributes(const struct scmia_proto_handle *ph,
						  struct scmia_clock_info *out)
{
	if (!ph || !out)
		return SCMIA_EINVAL;
	/* PROTOCOL_ATTRIBUTES (§4.6.2): max pending async 23:16, clocks 15:0. */
	out->n_clocks = (uint16_t)(ph->attributes & 0xffffu);
	out->max_async = (uint8_t)((ph->attributes >> 16) & 0xffu);
	return SCMIA_OK;
}

/**
 * @brief Number of clocks (PROTOCOL_ATTRIBUTES bits 15:0).
 * @param ph attached Clock handle. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
static inline uint32_t scmia_clock_num_clocks(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

/**
 * @brief CLOCK_ATTRIBUTES, and with @p ext_name the extended name (v2+,
 *        when the clock has one).
 * @param ph Clock handle. @param clock_id clock id.
 * @param ext_name non-zero: fetch the extended name when available.
 * @param[out] out decoded attributes.
 * A v2+ reply in the v1 layout (20 bytes, without the enable latency a
 * later version appended: Clock 3.0 on TF-A) is accepted, the latency
 * reported SCMIA_CLOCK_LATENCY_UNKNOWN and counted SCMIA_PROTO_CNT_ABSENT.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 20 bytes or ending
 *         inside the latency word, or a short name reply; SCMI-band errors
 *         (SCMIA_E_SCMI_NOT_FOUND for an unknown clock, also when the
 *         platform answers INVALID_PARAMETERS for an id past the count;
 *         SCMIA_E_SCMI_DENIED); SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one or two commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_attributes(struct scmia_proto_handle *ph, uint32_t clock_id, int ext_name,
			   struct scmia_clock_attrs *out);

/**
 * @brief Describe every clock, recording per-clock SCMI errors (DENIED,
 *        NOT_FOUND) in clocks[i].err and going on.
 * @param ph attached Clock handle. @param[out] clocks array.
 * @param cap its capacity. @param[out] n entries written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when more clocks exist than @p cap (the
 *         first @p cap are described); a local error (timeout, short
 *         reply, ...) that ends the walk; SCMIA_EINVAL.
 * Context: thread (blocks for up to two commands per clock).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_describe(struct scmia_proto_handle *ph, struct scmia_clock_dom *clocks,
			 uint32_t cap, uint32_t *n);

/**
 * @brief CLOCK_DESCRIBE_RATES, every page, through the shared iterator.
 *
 * A list clock fills @p rates (up to @p cap entries, 64-bit Hz). A range
 * clock fills out->min, max and step and leaves @p rates alone; the spec
 * sends a range as one page of exactly three rates with nothing remaining.
 * Firmware that announces one entry for the triplet yet sends all three
 * rates is accepted (the three words are there); anything else is
 * malformed. The format may not change between pages.
 * @param ph Clock handle. @param clock_id clock id.
 * @param[out] rates list storage (may be NULL when @p cap is 0: the call
 *        then only tells the format and, for a list, the total).
 * @param cap capacity of @p rates.
 * @param[out] out format, counts, range.
 * @return SCMIA_OK; SCMIA_ENOSPC when the list has more rates than @p cap
 *         (the first @p cap are written, out->total tells how many exist);
 *         SCMIA_EMALFORMED (no rate while rates remain, remaining growing,
 *         a range that is not one triplet, the format changing, a range
 *         with min above max); SCMIA_ETOOSHORT; SCMI-band errors;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_describe_rates(struct scmia_proto_handle *ph, uint32_t clock_id,
			       uint64_t *rates, uint32_t cap, struct scmia_clock_rates *out);

/**
 * @brief CLOCK_RATE_GET.
 * @param ph Clock handle. @param clock_id clock id. @param[out] rate Hz (64-bit).
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 8 bytes; SCMI-band errors;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_rate_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint64_t *rate);

/**
 * @brief CLOCK_RATE_SET, synchronous or asynchronous.
 *
 * Without SCMIA_CLOCK_SET_F_ASYNC: one command. With it alone: waits for
 * the delayed response CLOCK_RATE_SET_COMPLETE, checks that it names
 * @p clock_id and reports the rate it carries. With ASYNC and IGNORE_DRESP:
 * returns after the immediate response (no delayed response comes).
 * Asynchronous requests need PROTOCOL_ATTRIBUTES to announce at least one
 * pending asynchronous change and, to wait for the delayed response, a p2a
 * channel (else SCMIA_ENOTSUP at once, counted SCMIA_PROTO_CNT_FAIL_FAST).
 * With the quirk SCMIA_QUIRK_CLOCK_ASYNC_NO_DRESP (a platform that never
 * sends the delayed response) an ASYNC request is sent synchronously and
 * *actual is @p rate.
 * @param ph Clock handle. @param clock_id clock id.
 * @param flags SCMIA_CLOCK_SET_F_* bits.
 * @param rate requested rate in Hz (64-bit, sent as low then high word).
 * @param[out] actual the rate the delayed response reports (asynchronous
 *        with delayed response), else @p rate; may be NULL.
 * @return SCMIA_OK; SCMI-band errors of the response or of the delayed
 *         response (SCMIA_E_SCMI_OUT_OF_RANGE, SCMIA_E_SCMI_BUSY, ...);
 *         SCMIA_ETOOSHORT for a delayed response under 12 bytes;
 *         SCMIA_EMALFORMED when it names another clock; SCMIA_ETIMEDOUT;
 *         SCMIA_ENOTSUP for an asynchronous request the platform or the
 *         agent cannot serve (nothing sent); SCMIA_EINVAL for unknown flag
 *         bits or IGNORE_DRESP without ASYNC; errors of scmia_proto_cmd().
 * Context: thread (blocks for the response, and the delayed response when
 * asynchronous).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_rate_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t flags,
			 uint64_t rate, uint64_t *actual);

/**
 * @brief CLOCK_CONFIG_SET: enable or disable a clock, and from v3 set an
 *        extended configuration.
 * @param ph Clock handle. @param clock_id clock id.
 * @param state SCMIA_CLOCK_STATE_ENABLE / _DISABLE, or (v3)
 *        SCMIA_CLOCK_STATE_UNCHANGED.
 * @param ext_type extended configuration type (v3, bits 23:16; 0: none).
 * @param ext_value its value (v3; ignored when @p ext_type is 0).
 * @return SCMIA_OK; SCMI-band errors; SCMIA_ENOTSUP for an extended
 *         configuration or UNCHANGED before v3 (nothing sent);
 *         SCMIA_EINVAL for a bad state, or for UNCHANGED without an
 *         extended configuration (a command that changes nothing is
 *         refused locally, counted SCMIA_PROTO_CNT_FAIL_FAST); errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_config_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t state,
			   uint8_t ext_type, uint32_t ext_value);

/**
 * @brief The enable state (and from v3 an extended configuration value):
 *        CLOCK_CONFIG_GET from v3, CLOCK_ATTRIBUTES bit 0 before.
 * @param ph Clock handle. @param clock_id clock id.
 * @param ext_type extended configuration type to read (v3; 0: none).
 * @param[out] enabled 1 when the clock is enabled (may be NULL).
 * @param[out] ext_value the extended configuration value (v3; 0 when
 *        @p ext_type is 0 or before v3; may be NULL).
 * CLOCK_CONFIG_GET answered without extended_config_val (8 bytes, as TF-A
 * does) is accepted when @p ext_type is 0 (counted SCMIA_PROTO_CNT_ABSENT).
 * @return SCMIA_OK; SCMIA_ETOOSHORT (CLOCK_CONFIG_GET under 8 bytes, or
 *         under 12 with an @p ext_type);
 *         SCMIA_ENOTSUP for an extended type before v3 (nothing sent);
 *         SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_config_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint8_t ext_type,
			   int *enabled, uint32_t *ext_value);

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief CLOCK_NAME_GET (v2).
 * @param ph Clock handle. @param clock_id clock id.
 * @param[out] name NUL-terminated name. @param cap its size.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2 (nothing sent); as
 *         scmia_proto_ext_name_get().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_name_get(struct scmia_proto_handle *ph, uint32_t clock_id, char *name,
			 size_t cap);
#endif

#if SCMIA_CFG_NOTIFY
/**
 * @brief CLOCK_RATE_NOTIFY (v2): enable or disable CLOCK_RATE_CHANGED.
 * @param ph Clock handle. @param clock_id clock id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2 (nothing sent); SCMI-band
 *         errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_rate_notify(struct scmia_proto_handle *ph, uint32_t clock_id, int enable);

/**
 * @brief CLOCK_RATE_CHANGE_REQUESTED_NOTIFY (v2): enable or disable
 *        CLOCK_RATE_CHANGE_REQUESTED.
 * @param ph Clock handle. @param clock_id clock id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2 (nothing sent); SCMI-band
 *         errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_rate_change_requested_notify(struct scmia_proto_handle *ph, uint32_t clock_id,
					     int enable);
#endif

/**
 * @brief CLOCK_POSSIBLE_PARENTS_GET (v3), every page.
 * @param ph Clock handle. @param clock_id clock id.
 * @param[out] parents parent clock ids, as the platform sends them.
 * @param cap capacity of @p parents (>= 1).
 * @param[out] n parents written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when there are more than @p cap;
 *         SCMIA_EMALFORMED; SCMIA_ETOOSHORT; SCMIA_ENOTSUP before v3
 *         (nothing sent); SCMI-band errors; SCMIA_EINVAL; errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_possible_parents_get(struct scmia_proto_handle *ph, uint32_t clock_id,
				     uint32_t *parents, uint32_t cap, uint32_t *n);

/**
 * @brief CLOCK_PARENT_SET (v3).
 * @param ph Clock handle. @param clock_id clock id. @param parent_id new parent.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v3 (nothing sent); SCMI-band
 *         errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_parent_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t parent_id);

/**
 * @brief CLOCK_PARENT_GET (v3).
 * @param ph Clock handle. @param clock_id clock id. @param[out] parent_id the parent.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMIA_ENOTSUP before v3 (nothing
 *         sent); SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_parent_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t *parent_id);

/**
 * @brief CLOCK_GET_PERMISSIONS (v3).
 * @param ph Clock handle. @param clock_id clock id.
 * @param[out] perms SCMIA_CLOCK_PERM_* bits.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMIA_ENOTSUP before v3 (nothing
 *         sent); SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_get_permissions(struct scmia_proto_handle *ph, uint32_t clock_id,
				uint32_t *perms);

#if SCMIA_CFG_NOTIFY
/** CLOCK_RATE_CHANGED or CLOCK_RATE_CHANGE_REQUESTED, decoded. */
struct scmia_clock_rate_event {
	uint32_t agent_id; /**< Agent that caused it. */
	uint32_t clock_id; /**< Clock. */
	uint64_t rate;     /**< New (or requested) rate in Hz. */
};

/**
 * @brief Decode CLOCK_RATE_CHANGED (agent_id, clock_id, rate low, rate high).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 16 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_rate_changed_decode(const struct scmia_notification *n,
				    struct scmia_clock_rate_event *out);

/**
 * @brief Decode CLOCK_RATE_CHANGE_REQUESTED (agent_id, clock_id, rate low,
 *        rate high).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 16 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_clock_rate_change_requested_decode(const struct scmia_notification *n,
					     struct scmia_clock_rate_event *out);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_CLOCK_H */

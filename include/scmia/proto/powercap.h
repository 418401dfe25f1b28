/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file powercap.h
 * @brief Power capping and monitoring protocol (0x18, DEN0056 §4.10).
 *
 * Versions understood: 1.0 and 2.0 (same message layouts for what this
 * code implements; from 2.0 a cap of 0 means "capping disabled").
 * Caps and measurements are in the domain's power unit (microwatts,
 * milliwatts or abstract, from POWERCAP_DOMAIN_ATTRIBUTES); averaging
 * intervals (PAI) in microseconds.
 *
 * Note the CAP_SET flags: bit 1 asks for an asynchronous set and bit 0
 * says "no delayed response" — the reverse of CLOCK_RATE_SET.
 *
 * Fastchannels: scmia_powercap_describe_fastchannel() describes one only
 * when the domain declares fastchannel support and
 * PROTOCOL_MESSAGE_ATTRIBUTES declares that very message for it; otherwise
 * it answers SCMIA_ENOTSUP without sending POWERCAP_DESCRIBE_FASTCHANNEL.
 *
 * Notifications: POWERCAP_CAP_CHANGED, POWERCAP_MEASUREMENTS_CHANGED; their
 * source id is the domain id (scmia_proto_notify_src()).
 */
#ifndef SCMIA_PROTO_POWERCAP_H
#define SCMIA_PROTO_POWERCAP_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Power capping protocol version this code implements (2.0). */
#define SCMIA_POWERCAP_VERSION SCMIA_PROTO_VERSION(2, 0)

/** Power capping message ids. */
#define SCMIA_POWERCAP_DOMAIN_ATTRIBUTES 0x3u     /**< POWERCAP_DOMAIN_ATTRIBUTES. */
#define SCMIA_POWERCAP_CAP_GET 0x4u               /**< POWERCAP_CAP_GET. */
#define SCMIA_POWERCAP_CAP_SET 0x5u               /**< POWERCAP_CAP_SET (+ _COMPLETE). */
#define SCMIA_POWERCAP_PAI_GET 0x6u               /**< POWERCAP_PAI_GET. */
#define SCMIA_POWERCAP_PAI_SET 0x7u               /**< POWERCAP_PAI_SET. */
#define SCMIA_POWERCAP_DOMAIN_NAME_GET 0x8u       /**< POWERCAP_DOMAIN_NAME_GET. */
#define SCMIA_POWERCAP_MEASUREMENTS_GET 0x9u      /**< POWERCAP_MEASUREMENTS_GET. */
#define SCMIA_POWERCAP_CAP_NOTIFY 0xau            /**< POWERCAP_CAP_NOTIFY. */
#define SCMIA_POWERCAP_MEASUREMENTS_NOTIFY 0xbu   /**< POWERCAP_MEASUREMENTS_NOTIFY. */
#define SCMIA_POWERCAP_DESCRIBE_FASTCHANNEL 0xcu  /**< POWERCAP_DESCRIBE_FASTCHANNEL. */

/** Power capping notification (event) ids. */
#define SCMIA_POWERCAP_CAP_CHANGED 0x0u          /**< POWERCAP_CAP_CHANGED. */
#define SCMIA_POWERCAP_MEASUREMENTS_CHANGED 0x1u /**< POWERCAP_MEASUREMENTS_CHANGED. */

/** Domain attribute: POWERCAP_CAP_CHANGED notifications supported (bit 31). */
#define SCMIA_POWERCAP_ATTR_NOTIFY_CAP (1u << 31)
/** Domain attribute: POWERCAP_MEASUREMENTS_CHANGED notifications supported (bit 30). */
#define SCMIA_POWERCAP_ATTR_NOTIFY_MEASUREMENTS (1u << 30)
/** Domain attribute: asynchronous POWERCAP_CAP_SET supported (bit 29). */
#define SCMIA_POWERCAP_ATTR_ASYNC_CAP_SET (1u << 29)
/** Domain attribute: extended name via POWERCAP_DOMAIN_NAME_GET (bit 28). */
#define SCMIA_POWERCAP_ATTR_EXT_NAME (1u << 28)
/** Domain attribute: the agent may configure the cap (bit 27). */
#define SCMIA_POWERCAP_ATTR_CAP_CONFIG (1u << 27)
/** Domain attribute: power monitoring (measurements) supported (bit 26). */
#define SCMIA_POWERCAP_ATTR_MONITORING (1u << 26)
/** Domain attribute: the agent may configure the PAI (bit 25). */
#define SCMIA_POWERCAP_ATTR_PAI_CONFIG (1u << 25)
/** Domain attribute: fastchannels supported (bit 22). */
#define SCMIA_POWERCAP_ATTR_FASTCHANNEL (1u << 22)

/** Power unit: abstract linear scale (attributes bits 24:23 = 0). */
#define SCMIA_POWERCAP_UNIT_ABSTRACT 0u
/** Power unit: microwatts (bits 24:23 = 1). */
#define SCMIA_POWERCAP_UNIT_MICROWATT 1u
/** Power unit: milliwatts (bits 24:23 = 2). */
#define SCMIA_POWERCAP_UNIT_MILLIWATT 2u

/** POWERCAP_CAP_SET flags bit 0: with bit 1, no delayed response. */
#define SCMIA_POWERCAP_SET_F_IGNORE_DRESP (1u << 0)
/** POWERCAP_CAP_SET flags bit 1: asynchronous (delayed response
 *  POWERCAP_CAP_SET_COMPLETE unless bit 0). */
#define SCMIA_POWERCAP_SET_F_ASYNC (1u << 1)

/** Fastchannel attribute bit 0: a doorbell is attached. */
#define SCMIA_POWERCAP_FC_ATTR_DOORBELL (1u << 0)

/** The Power capping protocol descriptor (priv unused: NULL). */
extern const struct scmia_proto_desc scmia_powercap_desc;

/** POWERCAP_DOMAIN_ATTRIBUTES, decoded. */
struct scmia_powercap_dom_attrs {
	uint32_t attributes;        /**< SCMIA_POWERCAP_ATTR_* and the unit field, raw. */
	uint8_t unit;               /**< SCMIA_POWERCAP_UNIT_*. */
	uint32_t min_pai_us;        /**< Shortest power averaging interval (µs). */
	uint32_t max_pai_us;        /**< Longest PAI (µs). */
	uint32_t pai_step_us;       /**< PAI step (µs). */
	uint32_t min_cap;           /**< Lowest cap (power unit). */
	uint32_t max_cap;           /**< Highest cap. */
	uint32_t cap_step;          /**< Cap step. */
	uint32_t sustainable_power; /**< Sustainable power. */
	uint32_t accuracy;          /**< Measurement accuracy (units of 0.001 %). */
	uint32_t parent_id;         /**< Parent domain id (0xffffffff: none). */
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One domain of a tolerant enumeration. */
struct scmia_powercap_dom {
	int err;                               /**< SCMIA_OK, or why it could not be described. */
	struct scmia_powercap_dom_attrs attrs; /**< Valid when err is SCMIA_OK. */
};

/**
 * @brief Number of power capping domains (PROTOCOL_ATTRIBUTES bits 15:0).
 * @param ph attached Power capping handle. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
static inline uint32_t scmia_powercap_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

/**
 * @brief POWERCAP_DOMAIN_ATTRIBUTES, and with @p ext_name the extended name.
 * @param ph Power capping handle. @param domain domain id.
 * @param ext_name non-zero: fetch the extended name when available.
 * @param[out] out decoded attributes.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 56 bytes (or a short
 *         name reply); SCMIA_EMALFORMED for a minimum above a maximum;
 *         SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one or two commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain,
				     int ext_name, struct scmia_powercap_dom_attrs *out);

/**
 * @brief Describe every domain, recording per-domain SCMI errors in
 *        doms[i].err and going on.
 * @param ph attached Power capping handle. @param[out] doms array.
 * @param cap capacity. @param[out] n entries written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when more domains exist than @p cap; a
 *         local error that ends the walk; SCMIA_EINVAL.
 * Context: thread (blocks for up to two commands per domain).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_domains_describe(struct scmia_proto_handle *ph,
				    struct scmia_powercap_dom *doms, uint32_t cap, uint32_t *n);

/**
 * @brief POWERCAP_CAP_GET.
 * @param ph Power capping handle. @param domain domain id. @param[out] cap the cap.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_cap_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *cap);

/**
 * @brief POWERCAP_CAP_SET, synchronous or asynchronous. With
 *        SCMIA_POWERCAP_SET_F_ASYNC alone waits for
 *        POWERCAP_CAP_SET_COMPLETE, checks it names @p domain and reports
 *        the cap it carries; with IGNORE_DRESP too returns after the
 *        immediate response.
 * @param ph Power capping handle. @param domain domain id.
 * @param flags SCMIA_POWERCAP_SET_F_* bits.
 * @param cap the cap (power unit; from v2, 0 disables capping).
 * @param[out] actual the cap the delayed response reports (asynchronous
 *        with delayed response), else @p cap; may be NULL.
 * @return SCMIA_OK; SCMI-band errors of the response or delayed response;
 *         SCMIA_ETOOSHORT for a delayed response under 8 bytes;
 *         SCMIA_EMALFORMED when it names another domain; SCMIA_ETIMEDOUT;
 *         SCMIA_EINVAL for unknown flags or IGNORE_DRESP without ASYNC;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for the response, and the delayed response when
 * asynchronous).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_cap_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
			   uint32_t cap, uint32_t *actual);

/**
 * @brief POWERCAP_PAI_GET.
 * @param ph Power capping handle. @param domain domain id. @param[out] pai_us interval (µs).
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_pai_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *pai_us);

/**
 * @brief POWERCAP_PAI_SET.
 * @param ph Power capping handle. @param domain domain id. @param pai_us interval (µs).
 * @return SCMIA_OK; SCMI-band errors (SCMIA_E_SCMI_OUT_OF_RANGE, ...);
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_pai_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t pai_us);

/**
 * @brief POWERCAP_MEASUREMENTS_GET.
 * @param ph Power capping handle. @param domain domain id.
 * @param[out] power average power over the PAI (power unit).
 * @param[out] pai_us the PAI it was measured over (may be NULL).
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 8 bytes; SCMI-band errors;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_measurements_get(struct scmia_proto_handle *ph, uint32_t domain,
				    uint32_t *power, uint32_t *pai_us);

#if SCMIA_CFG_NOTIFY
/**
 * @brief POWERCAP_CAP_NOTIFY: enable or disable POWERCAP_CAP_CHANGED.
 * @param ph Power capping handle. @param domain domain id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_cap_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable);

/**
 * @brief POWERCAP_MEASUREMENTS_NOTIFY: enable or disable
 *        POWERCAP_MEASUREMENTS_CHANGED, raised when the power leaves
 *        [@p thresh_low, @p thresh_high].
 * @param ph Power capping handle. @param domain domain id.
 * @param enable non-zero to enable.
 * @param thresh_low low threshold (power unit).
 * @param thresh_high high threshold (power unit).
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL (also low above high
 *         when enabling); errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_measurements_notify(struct scmia_proto_handle *ph, uint32_t domain,
				       int enable, uint32_t thresh_low, uint32_t thresh_high);
#endif

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief POWERCAP_DOMAIN_NAME_GET.
 * @param ph Power capping handle. @param domain domain id.
 * @param[out] name NUL-terminated name. @param cap its size.
 * @return as scmia_proto_ext_name_get().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				   size_t cap);
#endif

/** POWERCAP_DESCRIBE_FASTCHANNEL, decoded: the layout Performance shares
 *  (struct scmia_proto_fc_info, proto.h). */
#define scmia_powercap_fc_info scmia_proto_fc_info

#if SCMIA_CFG_PROTO_FASTCHANNEL
/**
 * @brief POWERCAP_DESCRIBE_FASTCHANNEL, only for a message the platform
 *        declared for fastchannels: the domain must have
 *        SCMIA_POWERCAP_ATTR_FASTCHANNEL and PROTOCOL_MESSAGE_ATTRIBUTES of
 *        @p msg_id must have SCMIA_MSG_ATTR_FASTCHANNEL.
 * @param ph Power capping handle. @param domain domain id.
 * @param msg_id CAP_GET, CAP_SET, PAI_GET or PAI_SET.
 * @param[out] info decoded description.
 * @return SCMIA_OK; SCMIA_ENOTSUP when not declared (no
 *         DESCRIBE_FASTCHANNEL sent); SCMIA_ETOOSHORT (under 20 bytes, or
 *         under 44 with a doorbell); SCMIA_EMALFORMED for a size of 0;
 *         SCMI-band errors; SCMIA_EINVAL (also for another message id);
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for up to three commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_describe_fastchannel(struct scmia_proto_handle *ph, uint32_t domain,
					uint8_t msg_id, struct scmia_powercap_fc_info *info);
#endif

#if SCMIA_CFG_NOTIFY
/** POWERCAP_CAP_CHANGED, decoded. */
struct scmia_powercap_cap_changed {
	uint32_t agent_id;  /**< Agent that caused it. */
	uint32_t domain_id; /**< Domain. */
	uint32_t cap;       /**< New cap. */
	uint32_t pai_us;    /**< New PAI (µs). */
};

/**
 * @brief Decode POWERCAP_CAP_CHANGED (agent_id, domain_id, power_cap, pai).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 16 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_cap_changed_decode(const struct scmia_notification *n,
				      struct scmia_powercap_cap_changed *out);

/** POWERCAP_MEASUREMENTS_CHANGED, decoded. */
struct scmia_powercap_measurements_changed {
	uint32_t agent_id;  /**< Agent. */
	uint32_t domain_id; /**< Domain. */
	uint32_t power;     /**< Power that crossed a threshold. */
};

/**
 * @brief Decode POWERCAP_MEASUREMENTS_CHANGED (agent_id, domain_id, power).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 12 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_powercap_measurements_changed_decode(const struct scmia_notification *n,
					       struct scmia_powercap_measurements_changed *out);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_POWERCAP_H */

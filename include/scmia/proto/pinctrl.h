/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file pinctrl.h
 * @brief Pin control protocol (0x19, DEN0056 §4.11).
 *
 * Version understood: 1.0. Pins, groups of pins and functions are each
 * numbered from 0 and named by a selector type (SCMIA_PINCTRL_PIN,
 * _GROUP, _FUNCTION). Lists of pins or groups come back as 16-bit ids
 * packed two per word (padded to a 4-byte boundary), paged.
 *
 * Wire encodings worth checking twice:
 * - PINCTRL_SETTINGS_GET attributes: config flag in bits 19:18 (0: one
 *   configuration of the type in 7:0, 1: all, from the index in 15:8,
 *   2: only the selected function), selector in 17:16.
 * - PINCTRL_SETTINGS_CONFIGURE attributes: bit 10 says function_id is
 *   valid (a function is selected), bits 9:2 the number of configurations
 *   that follow, bits 1:0 the selector.
 * - Configurations travel as (type, value) word pairs, type in bits 7:0.
 *
 * The protocol has no notifications.
 */
#ifndef SCMIA_PROTO_PINCTRL_H
#define SCMIA_PROTO_PINCTRL_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Pin control protocol version this code implements (1.0). */
#define SCMIA_PINCTRL_VERSION SCMIA_PROTO_VERSION(1, 0)

/** Pin control message ids. */
#define SCMIA_PINCTRL_ATTRIBUTES 0x3u         /**< PINCTRL_ATTRIBUTES. */
#define SCMIA_PINCTRL_LIST_ASSOCIATIONS 0x4u  /**< PINCTRL_LIST_ASSOCIATIONS (paged). */
#define SCMIA_PINCTRL_SETTINGS_GET 0x5u       /**< PINCTRL_SETTINGS_GET (paged when reading all). */
#define SCMIA_PINCTRL_SETTINGS_CONFIGURE 0x6u /**< PINCTRL_SETTINGS_CONFIGURE. */
#define SCMIA_PINCTRL_REQUEST 0x7u            /**< PINCTRL_REQUEST. */
#define SCMIA_PINCTRL_RELEASE 0x8u            /**< PINCTRL_RELEASE. */
#define SCMIA_PINCTRL_NAME_GET 0x9u           /**< PINCTRL_NAME_GET. */

/** Selector type: a pin. */
#define SCMIA_PINCTRL_PIN 0u
/** Selector type: a group of pins. */
#define SCMIA_PINCTRL_GROUP 1u
/** Selector type: a function. */
#define SCMIA_PINCTRL_FUNCTION 2u

/** PINCTRL_ATTRIBUTES attribute: extended name via PINCTRL_NAME_GET (bit 31). */
#define SCMIA_PINCTRL_ATTR_EXT_NAME (1u << 31)

/** function_id meaning "no function" (SETTINGS_CONFIGURE without bit 10,
 *  and what SETTINGS_GET reports when none is selected). */
#define SCMIA_PINCTRL_NO_FUNCTION 0xffffffffu

/** Most configurations one PINCTRL_SETTINGS_CONFIGURE carries (the
 *  helper splits longer lists): 12 bytes + 11 pairs fit a 104-byte payload. */
#define SCMIA_PINCTRL_CONFIGS_PER_MSG 11u

/** Configuration types (the type word, bits 7:0). */
enum scmia_pinctrl_conf_type {
	SCMIA_PINCTRL_CONF_DEFAULT = 0,            /**< Default configuration. */
	SCMIA_PINCTRL_CONF_BIAS_BUS_HOLD = 1,      /**< Bias: bus hold. */
	SCMIA_PINCTRL_CONF_BIAS_DISABLE = 2,       /**< Bias disabled. */
	SCMIA_PINCTRL_CONF_BIAS_HIGH_IMPEDANCE = 3, /**< High impedance. */
	SCMIA_PINCTRL_CONF_BIAS_PULL_UP = 4,       /**< Pull up (value: ohms, 0 default). */
	SCMIA_PINCTRL_CONF_BIAS_PULL_DEFAULT = 5,  /**< Default pull. */
	SCMIA_PINCTRL_CONF_BIAS_PULL_DOWN = 6,     /**< Pull down. */
	SCMIA_PINCTRL_CONF_DRIVE_OPEN_DRAIN = 7,   /**< Open drain. */
	SCMIA_PINCTRL_CONF_DRIVE_OPEN_SOURCE = 8,  /**< Open source. */
	SCMIA_PINCTRL_CONF_DRIVE_PUSH_PULL = 9,    /**< Push-pull. */
	SCMIA_PINCTRL_CONF_DRIVE_STRENGTH = 10,    /**< Drive strength (mA). */
	SCMIA_PINCTRL_CONF_INPUT_DEBOUNCE = 11,    /**< Input debounce (µs). */
	SCMIA_PINCTRL_CONF_INPUT_MODE = 12,        /**< Input enabled (1) / disabled (0). */
	SCMIA_PINCTRL_CONF_PULL_MODE = 13,         /**< Pull mode. */
	SCMIA_PINCTRL_CONF_INPUT_VALUE = 14,       /**< Input value. */
	SCMIA_PINCTRL_CONF_INPUT_SCHMITT = 15,     /**< Schmitt trigger. */
	SCMIA_PINCTRL_CONF_LOW_POWER_MODE = 16,    /**< Low power mode. */
	SCMIA_PINCTRL_CONF_OUTPUT_MODE = 17,       /**< Output enabled (1) / disabled (0). */
	SCMIA_PINCTRL_CONF_OUTPUT_VALUE = 18,      /**< Output value. */
	SCMIA_PINCTRL_CONF_POWER_SOURCE = 19,      /**< Power source selector. */
	SCMIA_PINCTRL_CONF_SLEW_RATE = 20,         /**< Slew rate. */
	SCMIA_PINCTRL_CONF_OEM_FIRST = 192,        /**< First OEM-specific type. */
	SCMIA_PINCTRL_CONF_OEM_LAST = 255          /**< Last OEM-specific type. */
};

/** The Pin control protocol descriptor (priv: struct scmia_pinctrl_info or NULL). */
extern const struct scmia_proto_desc scmia_pinctrl_desc;

/** PROTOCOL_ATTRIBUTES of Pin control, decoded. */
struct scmia_pinctrl_info {
	uint16_t n_pins;      /**< Pins (attributes_low 15:0). */
	uint16_t n_groups;    /**< Groups (attributes_low 31:16). */
	uint16_t n_functions; /**< Functions (attributes_high 15:0). */
};

/** PINCTRL_ATTRIBUTES, decoded. */
struct scmia_pinctrl_attrs {
	uint32_t attributes; /**< Raw attributes. */
	uint32_t n_elems;    /**< Group: its pins; function: its groups (bits 15:0); pin: 0. */
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One configuration: a (type, value) pair. */
struct scmia_pinctrl_config {
	uint32_t type;  /**< enum scmia_pinctrl_conf_type (bits 7:0). */
	uint32_t value; /**< Its value. */
};

/**
 * @brief Decoded Pin control PROTOCOL_ATTRIBUTES (from attach; also stored
 *        in the priv struct given at registration).
 * @param ph attached Pin control handle. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL or a handle without priv.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_protocol_attributes(const struct scmia_proto_handle *ph,
				      struct scmia_pinctrl_info *out);

/**
 * @brief PINCTRL_ATTRIBUTES, and with @p ext_name the extended name.
 * @param ph Pin control handle.
 * @param selector SCMIA_PINCTRL_PIN, _GROUP or _FUNCTION.
 * @param id pin, group or function id.
 * @param ext_name non-zero: fetch the extended name when available.
 * @param[out] out decoded attributes.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 20 bytes (or a short
 *         name reply); SCMI-band errors (SCMIA_E_SCMI_NOT_FOUND for an
 *         unknown id); SCMIA_EINVAL (also for a bad selector); errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one or two commands).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_attributes(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
			     int ext_name, struct scmia_pinctrl_attrs *out);

/**
 * @brief PINCTRL_NAME_GET.
 * @param ph Pin control handle. @param selector selector type. @param id id.
 * @param[out] name NUL-terminated name. @param cap its size (>= 1).
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 68 bytes; SCMI-band errors;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_name_get(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
			   char *name, size_t cap);

/**
 * @brief PINCTRL_LIST_ASSOCIATIONS, every page: the pins of a group or the
 *        groups of a function.
 * @param ph Pin control handle.
 * @param selector SCMIA_PINCTRL_GROUP or SCMIA_PINCTRL_FUNCTION.
 * @param id group or function id.
 * @param[out] ids associated ids. @param cap capacity of @p ids (>= 1).
 * @param[out] n ids written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when there are more than @p cap;
 *         SCMIA_EMALFORMED (none returned while some remain, remaining
 *         growing); SCMIA_ETOOSHORT (a page shorter than its ids and
 *         padding); SCMI-band errors; SCMIA_EINVAL (also for a pin
 *         selector); errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_list_associations(struct scmia_proto_handle *ph, uint32_t selector,
				    uint32_t id, uint16_t *ids, uint32_t cap, uint32_t *n);

/**
 * @brief PINCTRL_SETTINGS_GET of one configuration type.
 * @param ph Pin control handle.
 * @param selector SCMIA_PINCTRL_PIN or SCMIA_PINCTRL_GROUP. @param id id.
 * @param type configuration type (0..255).
 * @param[out] value its value.
 * @param[out] function selected function or SCMIA_PINCTRL_NO_FUNCTION (may be NULL).
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMIA_EMALFORMED when the reply
 *         carries no configuration or one of another type; SCMI-band
 *         errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_settings_get_one(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
				   uint32_t type, uint32_t *value, uint32_t *function);

/**
 * @brief PINCTRL_SETTINGS_GET of every configuration, paged by the
 *        configuration index.
 * @param ph Pin control handle.
 * @param selector SCMIA_PINCTRL_PIN or SCMIA_PINCTRL_GROUP. @param id id.
 * @param[out] function selected function or SCMIA_PINCTRL_NO_FUNCTION (may be NULL).
 * @param[out] configs storage. @param cap its capacity (>= 1).
 * @param[out] n configurations written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC when there are more than @p cap;
 *         SCMIA_EMALFORMED (none returned while some remain, remaining
 *         growing, more than 256 configurations); SCMIA_ETOOSHORT;
 *         SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_settings_get(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
			       uint32_t *function, struct scmia_pinctrl_config *configs,
			       uint32_t cap, uint32_t *n);

/**
 * @brief PINCTRL_SETTINGS_GET of the selected function only.
 * @param ph Pin control handle.
 * @param selector SCMIA_PINCTRL_PIN or SCMIA_PINCTRL_GROUP. @param id id.
 * @param[out] function selected function or SCMIA_PINCTRL_NO_FUNCTION.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMI-band errors; SCMIA_EINVAL;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_function_get(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
			       uint32_t *function);

/**
 * @brief PINCTRL_SETTINGS_CONFIGURE: select a function and/or apply
 *        configurations. Lists longer than SCMIA_PINCTRL_CONFIGS_PER_MSG
 *        go in several messages, the function (if any) with the first.
 * @param ph Pin control handle.
 * @param selector SCMIA_PINCTRL_PIN or SCMIA_PINCTRL_GROUP. @param id id.
 * @param function function to select, or SCMIA_PINCTRL_NO_FUNCTION.
 * @param configs configurations (may be NULL when @p n is 0).
 * @param n their number.
 * @return SCMIA_OK; SCMI-band errors (the first failing message stops the
 *         rest); SCMIA_EINVAL (bad selector, a type above 255, nothing to
 *         do); errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per message).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_settings_configure(struct scmia_proto_handle *ph, uint32_t selector,
				     uint32_t id, uint32_t function,
				     const struct scmia_pinctrl_config *configs, uint32_t n);

/**
 * @brief PINCTRL_REQUEST: ask for exclusive use of a pin or group.
 * @param ph Pin control handle.
 * @param selector SCMIA_PINCTRL_PIN or SCMIA_PINCTRL_GROUP. @param id id.
 * @return SCMIA_OK; SCMI-band errors (SCMIA_E_SCMI_IN_USE when another
 *         agent holds it, SCMIA_E_SCMI_DENIED); SCMIA_EINVAL; errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_request(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id);

/**
 * @brief PINCTRL_RELEASE: give a requested pin or group back.
 * @param ph Pin control handle.
 * @param selector SCMIA_PINCTRL_PIN or SCMIA_PINCTRL_GROUP. @param id id.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_pinctrl_release(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_PINCTRL_H */

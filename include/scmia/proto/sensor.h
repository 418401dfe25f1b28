/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file sensor.h
 * @brief Sensor management protocol (0x15, DEN0056 §4.7).
 *
 * Versions understood: 1.0 (28-byte descriptors, one 64-bit reading);
 * 2.0 (extended attributes appended to a descriptor when its attributes
 * say so, multi-axis sensors and SENSOR_AXIS_DESCRIPTION_GET, readings with
 * timestamps, one per axis, SENSOR_LIST_UPDATE_INTERVALS, SENSOR_CONFIG_GET
 * and _SET, SENSOR_CONTINUOUS_UPDATE_NOTIFY and SENSOR_UPDATE); 3.0
 * (extended names: SENSOR_NAME_GET, SENSOR_AXIS_NAME_GET); 3.1
 * (NEGOTIATE_PROTOCOL_VERSION). The agreed version picks every layout; a
 * message the agreed version does not have returns SCMIA_ENOTSUP without
 * sending anything.
 *
 * Readings, ranges and trip point values are signed 64-bit (two le32 words
 * on the wire, low word first); timestamps unsigned 64-bit.
 *
 * Notifications: SENSOR_TRIP_POINT_EVENT and (v2) SENSOR_UPDATE; their
 * source id is the sensor id (scmia_proto_notify_src()).
 */
#ifndef SCMIA_PROTO_SENSOR_H
#define SCMIA_PROTO_SENSOR_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/proto/proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Highest Sensor protocol version this code implements (3.1). */
#define SCMIA_SENSOR_VERSION SCMIA_PROTO_VERSION(3, 1)

/** Sensor message ids. */
#define SCMIA_SENSOR_DESCRIPTION_GET 0x3u            /**< SENSOR_DESCRIPTION_GET (paged). */
#define SCMIA_SENSOR_TRIP_POINT_NOTIFY 0x4u          /**< SENSOR_TRIP_POINT_NOTIFY. */
#define SCMIA_SENSOR_TRIP_POINT_CONFIG 0x5u          /**< SENSOR_TRIP_POINT_CONFIG. */
#define SCMIA_SENSOR_READING_GET 0x6u                /**< SENSOR_READING_GET (+ _COMPLETE). */
#define SCMIA_SENSOR_AXIS_DESCRIPTION_GET 0x7u       /**< ..._AXIS_DESCRIPTION_GET (v2). */
#define SCMIA_SENSOR_LIST_UPDATE_INTERVALS 0x8u      /**< ..._LIST_UPDATE_INTERVALS (v2). */
#define SCMIA_SENSOR_CONFIG_GET 0x9u                 /**< SENSOR_CONFIG_GET (v2). */
#define SCMIA_SENSOR_CONFIG_SET 0xau                 /**< SENSOR_CONFIG_SET (v2). */
#define SCMIA_SENSOR_CONTINUOUS_UPDATE_NOTIFY 0xbu   /**< SENSOR_CONTINUOUS_UPDATE_NOTIFY (v2). */
#define SCMIA_SENSOR_NAME_GET 0xcu                   /**< SENSOR_NAME_GET (v3). */
#define SCMIA_SENSOR_AXIS_NAME_GET 0xdu              /**< SENSOR_AXIS_NAME_GET (v3, paged). */

/** Sensor notification (event) ids. */
#define SCMIA_SENSOR_TRIP_POINT_EVENT 0x0u /**< SENSOR_TRIP_POINT_EVENT. */
#define SCMIA_SENSOR_UPDATE 0x1u           /**< SENSOR_UPDATE (v2). */

/** Descriptor attributes_low: asynchronous reading supported (bit 31). */
#define SCMIA_SENSOR_ATTR_ASYNC (1u << 31)
/** Descriptor attributes_low (v2): continuous update notifications supported (bit 30). */
#define SCMIA_SENSOR_ATTR_UPDATE_NOTIFY (1u << 30)
/** Descriptor attributes_low (v3): extended name via SENSOR_NAME_GET (bit 29). */
#define SCMIA_SENSOR_ATTR_EXT_NAME (1u << 29)
/** Descriptor attributes_low (v2): readings carry timestamps (bit 9). */
#define SCMIA_SENSOR_ATTR_TIMESTAMP (1u << 9)
/** Descriptor attributes_low (v2): extended attributes follow the name (bit 8). */
#define SCMIA_SENSOR_ATTR_EXT_ATTRS (1u << 8)
/** Descriptor attributes_high (v2): multi-axis sensor (bit 8). */
#define SCMIA_SENSOR_ATTRH_AXES (1u << 8)

/** Axis attributes_low (v3): extended name via SENSOR_AXIS_NAME_GET (bit 9). */
#define SCMIA_SENSOR_AXIS_ATTR_EXT_NAME (1u << 9)
/** Axis attributes_low: extended attributes follow the name (bit 8). */
#define SCMIA_SENSOR_AXIS_ATTR_EXT_ATTRS (1u << 8)

/** SENSOR_READING_GET flags bit 0: asynchronous reading (delayed response). */
#define SCMIA_SENSOR_READ_F_ASYNC (1u << 0)

/** Trip point event control: disabled. */
#define SCMIA_SENSOR_TP_DISABLED 0u
/** Trip point event control: notify on a crossing in the positive direction. */
#define SCMIA_SENSOR_TP_POSITIVE 1u
/** Trip point event control: notify on a crossing in the negative direction. */
#define SCMIA_SENSOR_TP_NEGATIVE 2u
/** Trip point event control: notify on both directions. */
#define SCMIA_SENSOR_TP_BOTH 3u

/** sensor_config bit 0 (v2): sensor enabled. */
#define SCMIA_SENSOR_CFG_ENABLED (1u << 0)
/** sensor_config bit 1 (v2): timestamped readings enabled. */
#define SCMIA_SENSOR_CFG_TIMESTAMP (1u << 1)
/** sensor_config rounding (bits 10:9, SENSOR_CONFIG_SET): round down. */
#define SCMIA_SENSOR_CFG_ROUND_DOWN (0u << 9)
/** sensor_config rounding: round up. */
#define SCMIA_SENSOR_CFG_ROUND_UP (1u << 9)
/** sensor_config rounding: round to the closest supported interval. */
#define SCMIA_SENSOR_CFG_ROUND_AUTO (2u << 9)
/** Build the update interval field of sensor_config: @p secs (16 bits,
 *  bits 31:16) times ten to the power @p exp (signed 5 bits, 15:11). */
#define SCMIA_SENSOR_CFG_INTERVAL(secs, exp) \
	((((uint32_t)(secs)&0xffffu) << 16) | (((uint32_t)(exp)&0x1fu) << 11))

/** Most axes of one sensor (6-bit counts on the wire). */
#define SCMIA_SENSOR_MAX_AXES 63u

/** The Sensor protocol descriptor (priv: struct scmia_sensor_info or NULL). */
extern const struct scmia_proto_desc scmia_sensor_desc;

/** PROTOCOL_ATTRIBUTES of Sensor, decoded. */
struct scmia_sensor_info {
	uint16_t n_sensors; /**< Number of sensors (bits 15:0). */
	uint8_t max_async;  /**< Most pending asynchronous readings (bits 23:16). */
	uint64_t reg_addr;  /**< Sensor register shared memory address (0: none). */
	uint32_t reg_len;   /**< Its length in bytes. */
};

/** One SENSOR_DESCRIPTION_GET descriptor, decoded. */
struct scmia_sensor_desc {
	uint32_t id;          /**< Sensor id. */
	uint32_t attr_low;    /**< sensor_attributes_low (undefined bits cleared). */
	uint32_t attr_high;   /**< sensor_attributes_high (idem). */
	uint8_t type;         /**< Sensor type / unit (attributes_high 7:0). */
	int8_t scale;         /**< Power-of-ten exponent of values (attributes_high 15:11). */
	uint8_t n_trip_points; /**< Trip points supported (attributes_low 7:0). */
	uint8_t n_axes;       /**< v2: axes (attributes_high 21:16), 0: single axis. */
	int8_t tstamp_exp;    /**< v2: timestamp exponent (attributes_low 14:10). */
	uint8_t update_base;  /**< v2: update interval multiplier (attributes_high 31:27). */
	int8_t update_exp;    /**< v2: update interval power-of-ten exponent, seconds (26:22). */
	uint8_t has_ext;      /**< v2: 1 when the extended attributes below were sent. */
	uint32_t power_uw;    /**< Extended: power cost in microwatts. */
	uint32_t resolution;  /**< Extended: resolution (bits 26:0). */
	int8_t resolution_exp; /**< Extended: its power-of-ten exponent (bits 31:27). */
	int64_t min_range;    /**< Extended: lowest value. */
	int64_t max_range;    /**< Extended: highest value. */
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One SENSOR_AXIS_DESCRIPTION_GET descriptor, decoded (v2). */
struct scmia_sensor_axis {
	uint32_t id;          /**< Axis id. */
	uint32_t attr_low;    /**< axis_attributes_low (undefined bits cleared). */
	uint32_t attr_high;   /**< axis_attributes_high. */
	uint8_t type;         /**< Axis type / unit (attributes_high 7:0). */
	int8_t scale;         /**< Power-of-ten exponent (attributes_high 15:11). */
	uint8_t has_ext;      /**< 1 when the extended attributes below were sent. */
	uint32_t resolution;  /**< Extended: resolution (bits 26:0). */
	int8_t resolution_exp; /**< Extended: its exponent (bits 31:27). */
	int64_t min_range;    /**< Extended: lowest value. */
	int64_t max_range;    /**< Extended: highest value. */
	char name[SCMIA_PROTO_EXT_NAME_LEN]; /**< Name (the extended one when fetched). */
};

/** One reading: value and (v2, when the sensor timestamps) timestamp. */
struct scmia_sensor_reading {
	int64_t value;      /**< Value, scaled by 10^scale. */
	uint64_t timestamp; /**< Timestamp (v2), 0 before v2. */
};

/** Result of SENSOR_LIST_UPDATE_INTERVALS. Intervals are raw words:
 *  seconds in bits 20:5, power-of-ten exponent in 4:0. */
struct scmia_sensor_intervals {
	uint8_t range;  /**< 1: a range (min, max, step); 0: a list. */
	uint32_t count; /**< List: intervals written. Range: 3. */
	uint32_t total; /**< List: intervals the platform has. Range: 3. */
	uint32_t min;   /**< Range: shortest interval. */
	uint32_t max;   /**< Range: longest interval. */
	uint32_t step;  /**< Range: step. */
};

/**
 * @brief Decoded Sensor PROTOCOL_ATTRIBUTES (from attach; the register
 *        area fields are kept only in the priv struct given at
 *        registration and read as 0 here).
 * @param ph attached Sensor handle. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
static inline int scmia_sensor_protocol_attributes(const struct scmia_proto_handle *ph,
						   struct scmia_sensor_info *out)
{
	if (!ph || !out)
		return SCMIA_EINVAL;
	out->n_sensors = (uint16_t)(ph->attributes & 0xffffu);
	out->max_async = (uint8_t)((ph->attributes >> 16) & 0xffu);
	out->reg_addr = 0;
	out->reg_len = 0;
	return SCMIA_OK;
}

/**
 * @brief Number of sensors (PROTOCOL_ATTRIBUTES bits 15:0).
 * @param ph attached Sensor handle. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
static inline uint32_t scmia_sensor_num_sensors(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

/**
 * @brief SENSOR_DESCRIPTION_GET, every page (variable-size descriptors:
 *        28 bytes, 52 with extended attributes from v2), then with
 *        @p ext_name SENSOR_NAME_GET for each sensor that has an extended
 *        name (v3).
 * @param ph Sensor handle. @param[out] descs array. @param cap its capacity (>= 1).
 * @param ext_name non-zero: fetch extended names.
 * @param[out] n descriptors written (may be NULL).
 * With SCMIA_QUIRK_SENSOR_EXT_DESC every descriptor is taken as 52 bytes
 * (firmware that always sends the extended layout).
 * @return SCMIA_OK; SCMIA_ENOSPC when there are more than @p cap sensors
 *         (the first @p cap are written); SCMIA_EMALFORMED (no descriptor
 *         while some remain, remaining growing); SCMIA_ETOOSHORT; SCMI-band
 *         errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page, plus one per name).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_description_get(struct scmia_proto_handle *ph, struct scmia_sensor_desc *descs,
				 uint32_t cap, int ext_name, uint32_t *n);

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief SENSOR_NAME_GET (v3).
 * @param ph Sensor handle. @param sensor_id sensor id.
 * @param[out] name NUL-terminated name. @param cap its size.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v3 (nothing sent); as
 *         scmia_proto_ext_name_get().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_name_get(struct scmia_proto_handle *ph, uint32_t sensor_id, char *name,
			  size_t cap);
#endif

/**
 * @brief The descriptor at one index, read by itself: one
 *        SENSOR_DESCRIPTION_GET asking for that index, its first
 *        descriptor kept (lazy enumeration: a sensor's first use reads only
 *        what it needs), then with @p ext_name SENSOR_NAME_GET when the
 *        sensor has an extended name (v3).
 * @param ph Sensor handle. @param desc_index descriptor index (usually the
 *        sensor id). @param ext_name non-zero: fetch the extended name.
 * @param[out] desc the descriptor.
 * @return SCMIA_OK; SCMIA_E_SCMI_NOT_FOUND for an index past the list,
 *         whether the platform says NOT_FOUND, INVALID_PARAMETERS with an
 *         index at or past the count, or SUCCESS with no descriptor (the
 *         last counted SCMIA_PROTO_CNT_PAST_END); SCMIA_ETOOSHORT;
 *         SCMIA_EMALFORMED; SCMI-band errors; SCMIA_EINVAL; errors of
 *         scmia_proto_cmd().
 * Context: thread (blocks for one command, two with a name).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_description_get_one(struct scmia_proto_handle *ph, uint32_t desc_index,
				     int ext_name, struct scmia_sensor_desc *desc);

/**
 * @brief SENSOR_READING_GET, synchronous or asynchronous.
 *
 * v1: one 64-bit value (@p count must be 1). v2+: @p count readings of
 * value and timestamp (1 for a plain sensor, its number of axes for a
 * multi-axis one). With SCMIA_SENSOR_READ_F_ASYNC the values come in the
 * delayed response SENSOR_READING_COMPLETE, which must name @p sensor_id.
 * @param ph Sensor handle. @param sensor_id sensor id.
 * @param flags SCMIA_SENSOR_READ_F_ASYNC or 0.
 * @param[out] readings @p count readings.
 * @param count readings expected (1..SCMIA_SENSOR_MAX_AXES).
 * @return SCMIA_OK; SCMIA_ETOOSHORT when the reply holds fewer readings;
 *         SCMIA_EMALFORMED when the delayed response names another
 *         sensor; SCMI-band errors of the response or delayed response
 *         (SCMIA_E_SCMI_NOT_FOUND also for INVALID_PARAMETERS about an id
 *         past the count); SCMIA_ETIMEDOUT; SCMIA_ENOTSUP for an
 *         asynchronous reading without a p2a channel (nothing sent);
 *         SCMIA_EINVAL for bad flags or count (also a count above 1
 *         before v2); errors of scmia_xfer_do().
 * Context: thread (blocks for the response, and the delayed response when
 * asynchronous).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_reading_get(struct scmia_proto_handle *ph, uint32_t sensor_id, uint32_t flags,
			     struct scmia_sensor_reading *readings, uint32_t count);

#if SCMIA_CFG_NOTIFY
/**
 * @brief SENSOR_TRIP_POINT_NOTIFY: enable or disable trip point events.
 * @param ph Sensor handle. @param sensor_id sensor id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_trip_point_notify(struct scmia_proto_handle *ph, uint32_t sensor_id,
				   int enable);
#endif

/**
 * @brief SENSOR_TRIP_POINT_CONFIG: set a trip point.
 * @param ph Sensor handle. @param sensor_id sensor id.
 * @param tp_id trip point id (0..255, bits 11:4).
 * @param ev_ctrl SCMIA_SENSOR_TP_* (bits 1:0).
 * @param value trip value (signed 64-bit, in the sensor's scale).
 * @return SCMIA_OK; SCMI-band errors (SCMIA_E_SCMI_INVALID_PARAMETERS for
 *         a trip point the sensor lacks); SCMIA_EINVAL for a bad @p ev_ctrl
 *         or @p tp_id; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_trip_point_config(struct scmia_proto_handle *ph, uint32_t sensor_id,
				   uint32_t tp_id, uint32_t ev_ctrl, int64_t value);

/**
 * @brief SENSOR_AXIS_DESCRIPTION_GET (v2), every page (28-byte descriptors,
 *        48 with extended attributes), then with @p ext_name
 *        SENSOR_AXIS_NAME_GET (v3) for the axes that have one.
 * @param ph Sensor handle. @param sensor_id a multi-axis sensor.
 * @param[out] axes array. @param cap its capacity (>= 1).
 * @param ext_name non-zero: fetch extended names.
 * @param[out] n axes written (may be NULL).
 * @return SCMIA_OK; SCMIA_ENOSPC; SCMIA_EMALFORMED; SCMIA_ETOOSHORT;
 *         SCMIA_ENOTSUP before v2 (nothing sent); SCMI-band errors;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_axis_description_get(struct scmia_proto_handle *ph, uint32_t sensor_id,
				      struct scmia_sensor_axis *axes, uint32_t cap, int ext_name,
				      uint32_t *n);

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief SENSOR_AXIS_NAME_GET (v3), every page: each entry (axis_id,
 *        name[64]) overwrites the name of the axis with that id in @p axes.
 * @param ph Sensor handle. @param sensor_id sensor id.
 * @param axes axes from scmia_sensor_axis_description_get().
 * @param n number of entries in @p axes (>= 1).
 * @return SCMIA_OK; SCMIA_EMALFORMED for an axis id not in @p axes;
 *         SCMIA_ENOSPC when the platform lists more than @p n names;
 *         SCMIA_ETOOSHORT; SCMIA_ENOTSUP before v3 (nothing sent);
 *         SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_axis_name_get(struct scmia_proto_handle *ph, uint32_t sensor_id,
			       struct scmia_sensor_axis *axes, uint32_t n);
#endif

/**
 * @brief SENSOR_LIST_UPDATE_INTERVALS (v2), every page.
 * @param ph Sensor handle. @param sensor_id sensor id.
 * @param[out] intervals list storage (may be NULL when @p cap is 0).
 * @param cap its capacity. @param[out] out format, counts, range.
 * @return SCMIA_OK; SCMIA_ENOSPC when the list has more than @p cap;
 *         SCMIA_EMALFORMED (a range that is not one triplet, the format
 *         changing, ...); SCMIA_ETOOSHORT; SCMIA_ENOTSUP before v2;
 *         SCMI-band errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command per page).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_list_update_intervals(struct scmia_proto_handle *ph, uint32_t sensor_id,
				       uint32_t *intervals, uint32_t cap,
				       struct scmia_sensor_intervals *out);

/**
 * @brief SENSOR_CONFIG_GET (v2).
 * @param ph Sensor handle. @param sensor_id sensor id.
 * @param[out] config sensor_config (SCMIA_SENSOR_CFG_*; interval 31:11).
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMIA_ENOTSUP before v2; SCMI-band
 *         errors; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_config_get(struct scmia_proto_handle *ph, uint32_t sensor_id,
			    uint32_t *config);

/**
 * @brief SENSOR_CONFIG_SET (v2).
 * @param ph Sensor handle. @param sensor_id sensor id.
 * @param config sensor_config: SCMIA_SENSOR_CFG_ENABLED, _TIMESTAMP, a
 *        rounding mode and SCMIA_SENSOR_CFG_INTERVAL() (0: keep).
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2; SCMI-band errors;
 *         SCMIA_EINVAL for reserved bits (8:2) or rounding mode 3;
 *         errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_config_set(struct scmia_proto_handle *ph, uint32_t sensor_id, uint32_t config);

#if SCMIA_CFG_NOTIFY
/**
 * @brief SENSOR_CONTINUOUS_UPDATE_NOTIFY (v2): enable or disable SENSOR_UPDATE.
 * @param ph Sensor handle. @param sensor_id sensor id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMIA_ENOTSUP before v2; SCMI-band errors;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: thread (blocks for one command).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_continuous_update_notify(struct scmia_proto_handle *ph, uint32_t sensor_id,
					  int enable);

/** SENSOR_TRIP_POINT_EVENT, decoded. */
struct scmia_sensor_trip_event {
	uint32_t agent_id;  /**< Agent. */
	uint32_t sensor_id; /**< Sensor. */
	uint32_t desc;      /**< Raw trip_point_desc. */
	uint8_t tp_id;      /**< Trip point id (desc bits 7:0). */
	uint8_t direction;  /**< Crossing direction bit (desc bit 16). */
};

/**
 * @brief Decode SENSOR_TRIP_POINT_EVENT (agent_id, sensor_id, trip_point_desc).
 * @param n notification. @param[out] out decoded fields.
 * @return SCMIA_OK; SCMIA_ETOOSHORT under 12 bytes; SCMIA_EINVAL for NULL
 *         or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_trip_point_event_decode(const struct scmia_notification *n,
					 struct scmia_sensor_trip_event *out);

/** SENSOR_UPDATE, decoded (readings in the caller's array). */
struct scmia_sensor_update {
	uint32_t agent_id;   /**< Agent. */
	uint32_t sensor_id;  /**< Sensor. */
	uint32_t n_readings; /**< Complete readings in the payload. */
};

/**
 * @brief Decode SENSOR_UPDATE (agent_id, sensor_id, readings[] of value
 *        low/high and timestamp low/high).
 * @param n notification. @param[out] out decoded fields.
 * @param[out] readings storage (may be NULL when @p cap is 0).
 * @param cap its capacity; min(cap, out->n_readings) are written.
 * @return SCMIA_OK; SCMIA_ETOOSHORT when not even one reading is there;
 *         SCMIA_ENOSPC when the payload has more readings than @p cap;
 *         SCMIA_EINVAL for NULL or another protocol / event.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_sensor_update_decode(const struct scmia_notification *n,
			       struct scmia_sensor_update *out,
			       struct scmia_sensor_reading *readings, uint32_t cap);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_SENSOR_H */

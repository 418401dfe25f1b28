/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mediator's knowledge of the standard protocols (DEN0056 §4.3 -
 * §4.11), as tables: where each command carries its resource ids, which
 * messages change state, which bits ask for a delayed response, which
 * *_NOTIFY enables which event, where replies carry ids, and the counts of
 * PROTOCOL_ATTRIBUTES. Offsets are bytes after the header (commands) or
 * after the status (replies, delayed responses, with the status not
 * counted); events count from the first payload byte.
 *
 * The layouts are those of the newest version in each table (the agent
 * helpers in lib/proto decode the same versions): Power 3.1, System 2.1,
 * Performance 4.0, Clock 3.0, Sensor 3.1, Reset 3.1, Voltage 2.0, Power
 * capping 2.0, Pin control 1.0. Messages 0x0-0x2 and 0x10 of every
 * protocol are handled by the mediator itself (mediator.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "scmia/mediator.h"

#define N SCMIA_MED_NONE

/* Table entries: a resource id at @id (class 0), nothing else. */
#define M_ID(msg, min, id)                                                                   \
	{ (msg), SCMIA_MED_K_PLAIN, 0u, (min), (id), 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, N, 0u, \
	  SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u }
/* As M_ID with message flags. */
#define M_IDF(msg, fl, min, id)                                                                 \
	{ (msg), SCMIA_MED_K_PLAIN, (fl), (min), (id), 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, N, 0u, \
	  SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u }
/* A message without resource id. */
#define M_NOID(msg, fl, min)                                                                   \
	{ (msg), SCMIA_MED_K_PLAIN, (fl), (min), N, 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, N, 0u, \
	  SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u }
/* A *_NOTIFY: id at @id, enable word at @en. */
#define M_NOTIFY(msg, fl, min, id, en)                                                        \
	{ (msg), SCMIA_MED_K_PLAIN, SCMIA_MED_M_NOTIFY | (fl), (min), (id), 0u, N, 0u, N, 0u, N, \
	  N, N, 0u, N, (en), N, 0u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u }
/* A write that may be asynchronous: flags word at @fat, bits, id of the
 * delayed response at @dat. */
#define M_ASYNC(msg, min, id, fat, abit, nbit, dat)                                           \
	{ (msg), SCMIA_MED_K_PLAIN, SCMIA_MED_M_WRITE, (min), (id), 0u, N, 0u, N, 0u, N, N,    \
	  (fat), (abit), (nbit), N, N, 0u, SCMIA_MED_R_DENY, 0u, 0u, (dat), N, 0u, 0u }
/* Attributes replies: bits cleared in the word at @at. */
#define M_ATTRS(msg, min, id, at, clr, clr_ro)                                                \
	{ (msg), SCMIA_MED_K_PLAIN, 0u, (min), (id), 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, N, 0u, \
	  SCMIA_MED_R_DENY, 0u, 0u, N, (at), (clr), (clr_ro) }
/* A message the mediator never forwards. */
#define M_KIND(msg, kind)                                                                   \
	{ (msg), (kind), 0u, 0u, N, 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, N, 0u, SCMIA_MED_R_DENY, \
	  0u, 0u, N, N, 0u, 0u }
/* Pin control: id at 0, selector in the word at @sat, bits @ssh. */
#define M_PIN(msg, fl, min, sat, ssh)                                                           \
	{ (msg), SCMIA_MED_K_PLAIN, (fl), (min), 0u, SCMIA_MED_CLS_SEL, (sat), (ssh), N, 0u, N, N, \
	  N, 0u, N, N, N, 0u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u }

#define NO_COUNTS                                                                 \
	{                                                                         \
		{ 0u, 0u, 0u, N }, { 0u, 0u, 0u, N }, { 0u, 0u, 0u, N }            \
	}
#define ONE_COUNT                                                                 \
	{                                                                         \
		{ 0u, 0u, 16u, 0u }, { 0u, 0u, 0u, N }, { 0u, 0u, 0u, N }          \
	}

/* ---- Power domain management 0x11 (v3.1) ---- */
static const struct scmia_med_msg power_msgs[] = {
	/* POWER_DOMAIN_ATTRIBUTES: in domain_id; out attributes (30 async,
	 * 29 sync set supported), name. */
	M_ATTRS(0x3u, 4u, 0u, 0u, 0u, (1u << 30) | (1u << 29)),
	/* POWER_STATE_SET: in flags (bit 0: do not wait; no delayed
	 * response exists), domain_id, power_state. */
	M_IDF(0x4u, SCMIA_MED_M_WRITE, 12u, 4u),
	/* POWER_STATE_GET: in domain_id. */
	M_ID(0x5u, 4u, 0u),
	/* POWER_STATE_NOTIFY: in domain_id, notify_enable. */
	M_NOTIFY(0x6u, 0u, 8u, 0u, 4u),
	/* POWER_DOMAIN_NAME_GET: in domain_id. */
	M_ID(0x8u, 4u, 0u),
};
static const struct scmia_med_evt power_evts[] = {
	/* POWER_STATE_CHANGED: agent_id, domain_id, power_state. */
	{ 0x0u, 0x6u, 4u, 0u, 0u },
};

/* ---- System power management 0x12 (v2.1) ---- */
static const struct scmia_med_msg system_msgs[] = {
	/* SYSTEM_POWER_STATE_SET: in flags, system_state. */
	M_NOID(0x3u, SCMIA_MED_M_WRITE, 8u),
	/* SYSTEM_POWER_STATE_GET. */
	M_NOID(0x4u, 0u, 0u),
	/* SYSTEM_POWER_STATE_NOTIFY: in notify_enable; no resource. */
	M_NOTIFY(0x5u, 0u, 4u, N, 0u),
};
static const struct scmia_med_evt system_evts[] = {
	/* SYSTEM_POWER_STATE_NOTIFIER: agent_id, flags, system_state[, timeout]. */
	{ 0x0u, 0x5u, N, 0u, 0u },
};

/* ---- Performance domain management 0x13 (v4.0) ---- */
static const struct scmia_med_msg perf_msgs[] = {
	/* PERFORMANCE_DOMAIN_ATTRIBUTES: out attributes (31 set limits,
	 * 30 set level, 27 fastchannel). */
	M_ATTRS(0x3u, 4u, 0u, 0u, 1u << 27, (1u << 31) | (1u << 30)),
	/* PERFORMANCE_DESCRIBE_LEVELS: in domain_id, level_index. */
	M_ID(0x4u, 8u, 0u),
	/* PERFORMANCE_LIMITS_SET: in domain_id, range_max, range_min. */
	M_IDF(0x5u, SCMIA_MED_M_WRITE | SCMIA_MED_M_FC, 12u, 0u),
	/* PERFORMANCE_LIMITS_GET: in domain_id. */
	M_IDF(0x6u, SCMIA_MED_M_FC, 4u, 0u),
	/* PERFORMANCE_LEVEL_SET: in domain_id, performance_level. */
	M_IDF(0x7u, SCMIA_MED_M_WRITE | SCMIA_MED_M_FC, 8u, 0u),
	/* PERFORMANCE_LEVEL_GET: in domain_id. */
	M_IDF(0x8u, SCMIA_MED_M_FC, 4u, 0u),
	/* PERFORMANCE_NOTIFY_LIMITS, _NOTIFY_LEVEL: in domain_id, notify_enable. */
	M_NOTIFY(0x9u, 0u, 8u, 0u, 4u),
	M_NOTIFY(0xau, 0u, 8u, 0u, 4u),
	/* PERFORMANCE_DESCRIBE_FASTCHANNEL: a fastchannel bypasses the mediator. */
	M_KIND(0xbu, SCMIA_MED_K_HIDE),
	/* PERFORMANCE_DOMAIN_NAME_GET: in domain_id. */
	M_ID(0xcu, 4u, 0u),
};
static const struct scmia_med_evt perf_evts[] = {
	/* PERFORMANCE_LIMITS_CHANGED: agent_id, domain_id, range_max, range_min. */
	{ 0x0u, 0x9u, 4u, 0u, 0u },
	/* PERFORMANCE_LEVEL_CHANGED: agent_id, domain_id, performance_level. */
	{ 0x1u, 0xau, 4u, 0u, 0u },
};

/* ---- Clock management 0x14 (v3.0) ---- */
static const struct scmia_med_msg clock_msgs[] = {
	/* CLOCK_ATTRIBUTES: in clock_id. */
	M_ID(0x3u, 4u, 0u),
	/* CLOCK_DESCRIBE_RATES: in clock_id, rate_index. */
	M_ID(0x4u, 8u, 0u),
	/* CLOCK_RATE_SET: in flags (0 async, 1 no delayed response),
	 * clock_id, rate low, high; CLOCK_RATE_SET_COMPLETE: clock_id, rate. */
	M_ASYNC(0x5u, 16u, 4u, 0u, 0u, 1u, 0u),
	/* CLOCK_RATE_GET: in clock_id. */
	M_ID(0x6u, 4u, 0u),
	/* CLOCK_CONFIG_SET: in clock_id, attributes[, extended value]. */
	M_IDF(0x7u, SCMIA_MED_M_WRITE, 8u, 0u),
	/* CLOCK_NAME_GET: in clock_id. */
	M_ID(0x8u, 4u, 0u),
	/* CLOCK_RATE_NOTIFY, _CHANGE_REQUESTED_NOTIFY: in clock_id, notify_enable. */
	M_NOTIFY(0x9u, 0u, 8u, 0u, 4u),
	M_NOTIFY(0xau, 0u, 8u, 0u, 4u),
	/* CLOCK_CONFIG_GET: in clock_id, flags. */
	M_ID(0xbu, 8u, 0u),
	/* CLOCK_POSSIBLE_PARENTS_GET: in clock_id, skip_parents; out
	 * num_parent_flags (returned 7:0), parents[] (clock ids). */
	{ 0xcu, SCMIA_MED_K_LIST, 0u, 8u, 0u, 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, 0u, 0u,
	  SCMIA_MED_R_DENY, 4u, 0xffu, N, N, 0u, 0u },
	/* CLOCK_PARENT_SET: in clock_id, parent_id (a clock). */
	{ 0xdu, SCMIA_MED_K_PLAIN, SCMIA_MED_M_WRITE, 8u, 0u, 0u, N, 0u, 4u, 0u, N, N, N, 0u, N, N,
	  N, 0u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
	/* CLOCK_PARENT_GET: in clock_id; out parent_id. */
	{ 0xeu, SCMIA_MED_K_PLAIN, 0u, 4u, 0u, 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, 0u, 0u,
	  SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
	/* CLOCK_GET_PERMISSIONS: out permissions (31 state, 30 parent,
	 * 29 rate control allowed). */
	M_ATTRS(0xfu, 4u, 0u, 0u, 0u, (1u << 31) | (1u << 30) | (1u << 29)),
};
static const struct scmia_med_evt clock_evts[] = {
	/* CLOCK_RATE_CHANGED, _CHANGE_REQUESTED: agent_id, clock_id, rate. */
	{ 0x0u, 0x9u, 4u, 0u, 0u },
	{ 0x1u, 0xau, 4u, 0u, 0u },
};

/* ---- Sensor management 0x15 (v3.1) ---- */
static const struct scmia_med_msg sensor_msgs[] = {
	/* SENSOR_DESCRIPTION_GET: in desc_index. */
	{ 0x3u, SCMIA_MED_K_SENSOR_DESC, 0u, 4u, 0u, 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, N, 0u,
	  SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
	/* SENSOR_TRIP_POINT_NOTIFY: in sensor_id, event_control (bit 0). */
	M_NOTIFY(0x4u, 0u, 8u, 0u, 4u),
	/* SENSOR_TRIP_POINT_CONFIG: in sensor_id, trip point control, value. */
	M_IDF(0x5u, SCMIA_MED_M_WRITE, 16u, 0u),
	/* SENSOR_READING_GET: in sensor_id, flags (0 async);
	 * SENSOR_READING_COMPLETE: sensor_id, readings. */
	{ 0x6u, SCMIA_MED_K_PLAIN, 0u, 8u, 0u, 0u, N, 0u, N, 0u, N, N, 4u, 0u, N, N, N, 0u,
	  SCMIA_MED_R_DENY, 0u, 0u, 0u, N, 0u, 0u },
	/* SENSOR_AXIS_DESCRIPTION_GET, SENSOR_LIST_UPDATE_INTERVALS: in
	 * sensor_id, index. */
	M_ID(0x7u, 8u, 0u),
	M_ID(0x8u, 8u, 0u),
	/* SENSOR_CONFIG_GET: in sensor_id. */
	M_ID(0x9u, 4u, 0u),
	/* SENSOR_CONFIG_SET: in sensor_id, sensor_config. */
	M_IDF(0xau, SCMIA_MED_M_WRITE, 8u, 0u),
	/* SENSOR_CONTINUOUS_UPDATE_NOTIFY: in sensor_id, notify_enable. */
	M_NOTIFY(0xbu, 0u, 8u, 0u, 4u),
	/* SENSOR_NAME_GET: in sensor_id. */
	M_ID(0xcu, 4u, 0u),
	/* SENSOR_AXIS_NAME_GET: in sensor_id, axis_desc_index. */
	M_ID(0xdu, 8u, 0u),
};
static const struct scmia_med_evt sensor_evts[] = {
	/* SENSOR_TRIP_POINT_EVENT: agent_id, sensor_id, trip_point_desc. */
	{ 0x0u, 0x4u, 4u, 0u, 0u },
	/* SENSOR_UPDATE: agent_id, sensor_id, readings. */
	{ 0x1u, 0xbu, 4u, 0u, 0u },
};

/* ---- Reset domain management 0x16 (v3.1) ---- */
static const struct scmia_med_msg reset_msgs[] = {
	/* RESET_DOMAIN_ATTRIBUTES: in domain_id. */
	M_ID(0x3u, 4u, 0u),
	/* RESET: in domain_id, flags (2 async), reset_state; RESET_COMPLETE:
	 * domain_id. */
	M_ASYNC(0x4u, 12u, 0u, 4u, 2u, N, 0u),
	/* RESET_NOTIFY: in domain_id, notify_enable. */
	M_NOTIFY(0x5u, 0u, 8u, 0u, 4u),
	/* RESET_DOMAIN_NAME_GET: in domain_id. */
	M_ID(0x6u, 4u, 0u),
};
static const struct scmia_med_evt reset_evts[] = {
	/* RESET_ISSUED: agent_id, domain_id, reset_state. */
	{ 0x0u, 0x5u, 4u, 0u, 0u },
};

/* ---- Voltage domain management 0x17 (v2.0) ---- */
static const struct scmia_med_msg voltage_msgs[] = {
	/* VOLTAGE_DOMAIN_ATTRIBUTES: in domain_id. */
	M_ID(0x3u, 4u, 0u),
	/* VOLTAGE_DESCRIBE_LEVELS: in domain_id, level_index. */
	M_ID(0x4u, 8u, 0u),
	/* VOLTAGE_CONFIG_SET: in domain_id, config. */
	M_IDF(0x5u, SCMIA_MED_M_WRITE, 8u, 0u),
	/* VOLTAGE_CONFIG_GET: in domain_id. */
	M_ID(0x6u, 4u, 0u),
	/* VOLTAGE_LEVEL_SET: in domain_id, flags (0 async), level;
	 * VOLTAGE_LEVEL_SET_COMPLETE: domain_id, level. */
	M_ASYNC(0x7u, 12u, 0u, 4u, 0u, N, 0u),
	/* VOLTAGE_LEVEL_GET: in domain_id. */
	M_ID(0x8u, 4u, 0u),
	/* VOLTAGE_DOMAIN_NAME_GET: in domain_id. */
	M_ID(0x9u, 4u, 0u),
};

/* ---- Power capping and monitoring 0x18 (v2.0) ---- */
static const struct scmia_med_msg powercap_msgs[] = {
	/* POWERCAP_DOMAIN_ATTRIBUTES: out attributes (27 cap config, 25 PAI
	 * config, 22 fastchannel), ..., parent_id at 52 (a domain, or
	 * 0xffffffff for none). */
	{ 0x3u, SCMIA_MED_K_PLAIN, 0u, 4u, 0u, 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, 52u, 0u,
	  SCMIA_MED_R_NONE, 0u, 0u, N, 0u, 1u << 22, (1u << 27) | (1u << 25) },
	/* POWERCAP_CAP_GET: in domain_id. */
	M_IDF(0x4u, SCMIA_MED_M_FC, 4u, 0u),
	/* POWERCAP_CAP_SET: in domain_id, flags (1 async, 0 no delayed
	 * response), cap; POWERCAP_CAP_SET_COMPLETE: domain_id, cap. */
	{ 0x5u, SCMIA_MED_K_PLAIN, SCMIA_MED_M_WRITE | SCMIA_MED_M_FC, 12u, 0u, 0u, N, 0u, N, 0u, N,
	  N, 4u, 1u, 0u, N, N, 0u, SCMIA_MED_R_DENY, 0u, 0u, 0u, N, 0u, 0u },
	/* POWERCAP_PAI_GET: in domain_id. */
	M_IDF(0x6u, SCMIA_MED_M_FC, 4u, 0u),
	/* POWERCAP_PAI_SET: in domain_id, flags, pai. */
	M_IDF(0x7u, SCMIA_MED_M_WRITE | SCMIA_MED_M_FC, 12u, 0u),
	/* POWERCAP_DOMAIN_NAME_GET, POWERCAP_MEASUREMENTS_GET: in domain_id. */
	M_ID(0x8u, 4u, 0u),
	M_ID(0x9u, 4u, 0u),
	/* POWERCAP_CAP_NOTIFY: in domain_id, notify_enable. */
	M_NOTIFY(0xau, 0u, 8u, 0u, 4u),
	/* POWERCAP_MEASUREMENTS_NOTIFY: in domain_id, notify_enable,
	 * thresholds: parameters one guest cannot share with another. */
	M_NOTIFY(0xbu, SCMIA_MED_M_PARAM, 16u, 0u, 4u),
	/* POWERCAP_DESCRIBE_FASTCHANNEL. */
	M_KIND(0xcu, SCMIA_MED_K_HIDE),
};
static const struct scmia_med_evt powercap_evts[] = {
	/* POWERCAP_CAP_CHANGED: agent_id, domain_id, cap, pai. */
	{ 0x0u, 0xau, 4u, 0u, 0u },
	/* POWERCAP_MEASUREMENTS_CHANGED: agent_id, domain_id, power. */
	{ 0x1u, 0xbu, 4u, 0u, 0u },
};

/* ---- Pin control 0x19 (v1.0): pins (0), groups (1), functions (2) ---- */
static const struct scmia_med_msg pinctrl_msgs[] = {
	/* PINCTRL_ATTRIBUTES: in identifier, flags (selector 1:0). */
	M_PIN(0x3u, 0u, 8u, 4u, 0u),
	/* PINCTRL_LIST_ASSOCIATIONS: in identifier, flags (selector 1:0),
	 * index; out flags (returned 11:0), 16-bit ids (a group's pins, a
	 * function's groups). */
	{ 0x4u, SCMIA_MED_K_LIST, 0u, 12u, 0u, SCMIA_MED_CLS_SEL, 4u, 0u, N, 0u, N, N, N, 0u, N, N,
	  0u, SCMIA_MED_CLS_SEL_M1, SCMIA_MED_R_DENY, 2u, 0xfffu, N, N, 0u, 0u },
	/* PINCTRL_SETTINGS_GET: in identifier, attributes (selector
	 * 17:16); out function_selected (a function, or 0xffffffff), ... */
	{ 0x5u, SCMIA_MED_K_PLAIN, 0u, 8u, 0u, SCMIA_MED_CLS_SEL, 4u, 16u, N, 0u, N, N, N, 0u, N, N,
	  0u, 2u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
	/* PINCTRL_SETTINGS_CONFIGURE: in identifier, function_id (a
	 * function when attributes bit 10), attributes (selector 1:0). */
	{ 0x6u, SCMIA_MED_K_PLAIN, SCMIA_MED_M_WRITE, 12u, 0u, SCMIA_MED_CLS_SEL, 8u, 0u, 4u, 2u, 8u,
	  10u, N, 0u, N, N, N, 0u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
	/* PINCTRL_REQUEST, PINCTRL_RELEASE: in identifier, flags (selector 1:0). */
	M_PIN(0x7u, SCMIA_MED_M_WRITE, 8u, 4u, 0u),
	M_PIN(0x8u, SCMIA_MED_M_WRITE, 8u, 4u, 0u),
	/* PINCTRL_NAME_GET: in identifier, flags (selector 1:0). */
	M_PIN(0x9u, 0u, 8u, 4u, 0u),
	/* PINCTRL_SET_PERMISSIONS: trusted agents only. */
	M_KIND(0xau, SCMIA_MED_K_DENY),
};

#define COUNT_OF(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))

static const struct scmia_med_proto_desc std_descs[] = {
	/* PROTOCOL_ATTRIBUTES: domains 15:0; statistics address and length
	 * after the first word. */
	{ 0x11u, COUNT_OF(power_msgs), COUNT_OF(power_evts), 4u, 0x30001u, power_msgs, power_evts,
	  ONE_COUNT },
	{ 0x12u, COUNT_OF(system_msgs), COUNT_OF(system_evts), N, 0x20001u, system_msgs, system_evts,
	  NO_COUNTS },
	{ 0x13u, COUNT_OF(perf_msgs), COUNT_OF(perf_evts), 4u, 0x40000u, perf_msgs, perf_evts,
	  ONE_COUNT },
	/* Clock: clocks 15:0, pending asynchronous rate changes 23:16. */
	{ 0x14u, COUNT_OF(clock_msgs), COUNT_OF(clock_evts), N, 0x30000u, clock_msgs, clock_evts,
	  ONE_COUNT },
	/* Sensor: sensors 15:0, pending asynchronous reads 23:16; then the
	 * sensor registers' address and length. */
	{ 0x15u, COUNT_OF(sensor_msgs), COUNT_OF(sensor_evts), 4u, 0x30001u, sensor_msgs,
	  sensor_evts, ONE_COUNT },
	{ 0x16u, COUNT_OF(reset_msgs), COUNT_OF(reset_evts), N, 0x30001u, reset_msgs, reset_evts,
	  ONE_COUNT },
	{ 0x17u, COUNT_OF(voltage_msgs), 0u, N, 0x20000u, voltage_msgs, NULL, ONE_COUNT },
	{ 0x18u, COUNT_OF(powercap_msgs), COUNT_OF(powercap_evts), N, 0x20000u, powercap_msgs,
	  powercap_evts, ONE_COUNT },
	/* Pin control: attributes_low (groups 31:16, pins 15:0),
	 * attributes_high (functions 15:0). */
	{ 0x19u,
	  COUNT_OF(pinctrl_msgs),
	  0u,
	  N,
	  0x10000u,
	  pinctrl_msgs,
	  NULL,
	  { { 0u, 0u, 16u, 0u }, { 0u, 16u, 16u, 1u }, { 4u, 0u, 16u, 2u } } },
};

const struct scmia_med_proto_desc *scmia_med_std_desc(uint8_t proto_id)
{
	unsigned i;

	for (i = 0; i < sizeof(std_descs) / sizeof(std_descs[0]); i++)
		if (std_descs[i].proto_id == proto_id)
			return &std_descs[i];
	return NULL;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_sim_dev.h
 * @brief Simulated platform: deviations of real platform firmware, to test
 *        how the protocol helpers tolerate them (issue 14).
 *
 * Each switch reproduces a behaviour observed on real SCMI servers (TF-A's
 * drivers/scmi-msg in particular) that departs from DEN0056. A protocol's
 * state struct (scmia_sim_pm.h, scmia_sim_pb.h) has a @c dev field the test
 * sets after registering the protocol and before scmia_sim_start(); each
 * protocol honours the switches that concern it (listed per switch).
 * scmia_sim_proto_version_set() makes a protocol report another version
 * (older or newer than the agent's), with or without
 * NEGOTIATE_PROTOCOL_VERSION; scmia_sim_base_deviate() does the same for
 * Base and can make its protocol list shorter than its count.
 */
#ifndef SCMIA_SIM_DEV_H
#define SCMIA_SIM_DEV_H

#include <stdint.h>

#include "scmia_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An unknown resource id answers INVALID_PARAMETERS instead of NOT_FOUND
 *  (TF-A: RESET_DOMAIN_ATTRIBUTES, SENSOR_READING_GET, SENSOR_CONFIG_*).
 *  Reset, Sensor. */
#define SCMIA_SIM_DEV_INVAL_ID (1u << 0)
/** RESET_DOMAIN_ATTRIBUTES reports the latency 0x7fffffff, TF-A's
 *  "unknown" (SCMI_RESET_DOMAIN_ATTR_UNK_LAT). Reset. */
#define SCMIA_SIM_DEV_LATENCY_7F (1u << 1)
/** A paged list asked past its end answers SUCCESS with no entry (TF-A),
 *  instead of an error. Sensor (SENSOR_DESCRIPTION_GET). */
#define SCMIA_SIM_DEV_PAST_END_EMPTY (1u << 2)
/** Every SENSOR_DESCRIPTION_GET descriptor is the 52-byte extended one,
 *  also for sensors without extended attributes (bit 8 clear; the extra
 *  words are zero). Sensor. */
#define SCMIA_SIM_DEV_EXT_DESC (1u << 3)
/** PROTOCOL_ATTRIBUTES announces asynchronous rate changes, but an
 *  asynchronous CLOCK_RATE_SET is applied at once and answered without
 *  the delayed response CLOCK_RATE_SET_COMPLETE (TF-A). Clock. */
#define SCMIA_SIM_DEV_NO_DRESP (1u << 4)
/** CLOCK_ATTRIBUTES answered in the v1 layout (no clock_enable_latency)
 *  whatever the version, as TF-A's Clock 3.0 does. Clock. */
#define SCMIA_SIM_DEV_ATTRS_V1 (1u << 5)

/**
 * @brief Make a registered protocol (not Base) report another version.
 * @param sim engine. @param proto_id protocol.
 * @param version PROTOCOL_VERSION to report (older or newer than the
 *        agent's; handlers follow the agreed or reported version).
 * @param min_version oldest version NEGOTIATE_PROTOCOL_VERSION accepts.
 * @param negotiate 0: NEGOTIATE_PROTOCOL_VERSION is not implemented.
 * @return SCMIA_OK; SCMIA_ENOENT for an unknown protocol; SCMIA_EINVAL for
 *         Base or NULL.
 * Context: thread, before scmia_sim_start().
 */
int scmia_sim_proto_version_set(struct scmia_sim *sim, uint8_t proto_id, uint32_t version,
				uint32_t min_version, int negotiate);

/** Storage of a deviating Base protocol. Caller-owned; fields private. */
struct scmia_sim_base_dev {
	struct scmia_sim_proto proto;      /**< @private */
	struct scmia_sim_msg msgs[16];     /**< @private */
	scmia_sim_handler_fn attributes;   /**< @private the original handler */
	unsigned extra;                    /**< @private protocols counted, not listed */
};

/**
 * @brief Replace the engine's Base protocol by a deviating copy: its
 *        PROTOCOL_ATTRIBUTES counts @p extra more protocols than
 *        DISCOVER_LIST_PROTOCOLS lists (TF-A counts protocols apart from
 *        the per-agent list), so an agent paging by the count asks past
 *        the end of the list, which answers SUCCESS with no id; and it
 *        reports @p version.
 * @param sim engine. @param bd caller-owned storage.
 * @param extra protocols counted but not listed.
 * @param version Base PROTOCOL_VERSION (0: unchanged, 2.0).
 * @return SCMIA_OK; SCMIA_EINVAL.
 * Context: thread, before scmia_sim_start(). Lifetime: @p bd until
 * scmia_sim_deinit().
 */
int scmia_sim_base_deviate(struct scmia_sim *sim, struct scmia_sim_base_dev *bd, unsigned extra,
			   uint32_t version);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_DEV_H */

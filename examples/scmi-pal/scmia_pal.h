/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_pal.h
 * @brief The platform abstraction layer of Arm's SCMI compliance suite
 *        (scmi-tests) implemented over scmia's raw message API.
 *
 * The suite drives a platform through four calls (its `pal_*` functions,
 * declared below with the suite's signatures). This example implements
 * them with scmia_raw_send() / scmia_raw_recv() on an agent that the host
 * program set up (any transport), so the suite's tests run on top of
 * scmia's transports, tokens, timeouts and counters, next to the typed
 * protocol helpers if the program uses those too. The suite itself is not
 * part of scmia.
 *
 * What the layer adds to the raw API:
 *  - words: parameters and return values are 32-bit words, little-endian
 *    on the wire;
 *  - the caller's token: the suite builds headers with its own token; the
 *    raw API sends its own and the layer puts the suite's token back in
 *    the headers it returns (responses and delayed responses);
 *  - which commands are asynchronous: the suite does not say, so the
 *    layer recognises the standard ones from their flags (CLOCK_RATE_SET,
 *    RESET, SENSOR_READING_GET, VOLTAGE_LEVEL_SET, POWERCAP_CAP_SET) and
 *    asks scmia_pal_cfg::is_async for the others (vendor protocols);
 *  - local failures (no reply in time, no slot, transport error) are
 *    reported as the SCMI status COMMS_ERROR with no return values.
 */
#ifndef SCMIA_PAL_H
#define SCMIA_PAL_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/raw.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Decides whether a command (header and parameters as given to
 *  pal_send_message()) gets a delayed response. Return 1 or 0. */
typedef int (*scmia_pal_async_fn)(uint32_t hdr, size_t n, const uint32_t *params);

/** What pal_initialize_system() binds the layer to. Caller-owned. */
struct scmia_pal_cfg {
	struct scmia_raw *raw;        /**< An attached raw queue (with SCMIA_RAW_F_NOTIFICATIONS for pal_receive_notification()). */
	struct scmia_chan *chan;      /**< Channel to send on; NULL: by protocol. */
	uint32_t reply_timeout_us;    /**< Wait for a response (0: 1 s). */
	uint32_t dresp_timeout_us;    /**< Wait for a delayed response (0: 2 s). */
	uint32_t notif_timeout_us;    /**< Wait for a notification (0: 2 s). */
	scmia_pal_async_fn is_async;  /**< Vendor commands with delayed responses; NULL: none. */
	unsigned poll;                /**< 1: send with SCMIA_RAW_SEND_POLL. */
};

/**
 * @brief Bind the layer (the suite's first call).
 * @param info a struct scmia_pal_cfg, kept by pointer.
 * @return 0 on success; 1 for a NULL or incomplete configuration.
 * Context: thread, before any other pal_* call.
 * Lifetime: @p info and its raw queue until the last pal_* call.
 */
uint32_t pal_initialize_system(void *info);

/**
 * @brief Send a command and return its response.
 * @param message_header_send header (the suite's token in it).
 * @param parameter_count words at @p parameters.
 * @param parameters the payload words.
 * @param message_header_rcv out: the response header, with the suite's token.
 * @param status out: the SCMI status (COMMS_ERROR for a local failure).
 * @param return_values_count out: payload words after the status.
 * @param return_values out: those words (room for the channel's msg_size).
 * Context: thread; blocks up to the reply timeout.
 * Lifetime: nothing kept after the call.
 */
void pal_send_message(uint32_t message_header_send, size_t parameter_count,
		      const uint32_t *parameters, uint32_t *message_header_rcv, int32_t *status,
		      size_t *return_values_count, uint32_t *return_values);

/**
 * @brief Wait for the delayed response of the last asynchronous command.
 * @param message_header_rcv out: its header, with the suite's token.
 * @param status out: its SCMI status (COMMS_ERROR when none came in time).
 * @param return_values_count out. @param return_values out.
 * Context: thread; blocks up to the delayed-response timeout.
 * Lifetime: nothing kept after the call.
 */
void pal_receive_delayed_response(uint32_t *message_header_rcv, int32_t *status,
				  size_t *return_values_count, uint32_t *return_values);

/**
 * @brief Wait for the next notification.
 * @param message_header_rcv out: its header (0 when none came in time).
 * @param return_values_count out: payload words (0 when none came).
 * @param return_values out.
 * Context: thread; blocks up to the notification timeout.
 * Lifetime: nothing kept after the call.
 */
void pal_receive_notification(uint32_t *message_header_rcv, size_t *return_values_count,
			      uint32_t *return_values);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PAL_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file error.h
 * @brief The one error space of scmia.
 *
 * 0 is success, negative values are errors, positive values are counts or
 * informational results. Two bands:
 * - local causes, -1 .. -99 (argument, slot, timeout, transport, malformed
 *   input from the platform, ...);
 * - the platform's SCMI status, mapped one to one: SCMI status s in
 *   [-11, -1] becomes SCMIA_E_SCMI_BASE + s (so NOT_SUPPORTED (-1) is -101).
 *   A status outside [-11, 0] is not a status at all: it is a malformed
 *   reply (SCMIA_EMALFORMED).
 */
#ifndef SCMIA_ERROR_H
#define SCMIA_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Error and result codes returned by scmia functions. */
enum scmia_err {
	SCMIA_OK = 0,            /**< Success. */
	/* ---- local band ---- */
	SCMIA_EINVAL = -1,       /**< Invalid argument or configuration. */
	SCMIA_ENOSLOT = -2,      /**< No free transfer slot (all in flight, or held by the transport after a timeout). */
	SCMIA_ETIMEDOUT = -3,    /**< No reply (or delayed response) before the deadline. */
	SCMIA_EIO = -4,          /**< The transport failed to send or receive. */
	SCMIA_EMALFORMED = -5,   /**< The platform sent something invalid: bad status, bad length, bad field. */
	SCMIA_ETOOSHORT = -6,    /**< A reply shorter than the message layout of the agreed version requires. */
	SCMIA_EUNEXPECTED = -7,  /**< A message nobody waits for (unknown or stale token, wrong type). */
	SCMIA_ENOTSUP = -8,      /**< Not supported by this build, transport or negotiated version. */
	SCMIA_ESTATE = -9,       /**< Object or transfer in the wrong state for this call. */
	SCMIA_EAGAIN = -10,      /**< Not ready yet (transport not up): try again later. */
	SCMIA_EBUSY = -11,       /**< Channel busy: the platform never released it in time. */
	SCMIA_ECANCELED = -12,   /**< Channel closed while the transfer was in flight. */
	SCMIA_ENOSPC = -13,      /**< A caller-provided buffer or table is too small. */
	SCMIA_ENOENT = -14,      /**< Not found locally (no such channel, notifier, protocol). */
	SCMIA_EPROTO = -15,      /**< Transport-level protocol violation (e.g. SMT ERROR bit, bad ring entry). */
	SCMIA_EDENIED_LOCAL = -16, /**< Refused by local policy (e.g. a mediator permission). */

	/* ---- SCMI status band: SCMIA_E_SCMI_BASE + status ---- */
	SCMIA_E_SCMI_BASE = -100,                /**< Base of the SCMI status band (not an error itself). */
	SCMIA_E_SCMI_NOT_SUPPORTED = -101,       /**< Platform: NOT_SUPPORTED (-1). */
	SCMIA_E_SCMI_INVALID_PARAMETERS = -102,  /**< Platform: INVALID_PARAMETERS (-2). */
	SCMIA_E_SCMI_DENIED = -103,              /**< Platform: DENIED (-3). */
	SCMIA_E_SCMI_NOT_FOUND = -104,           /**< Platform: NOT_FOUND (-4). */
	SCMIA_E_SCMI_OUT_OF_RANGE = -105,        /**< Platform: OUT_OF_RANGE (-5). */
	SCMIA_E_SCMI_BUSY = -106,                /**< Platform: BUSY (-6). */
	SCMIA_E_SCMI_COMMS_ERROR = -107,         /**< Platform: COMMS_ERROR (-7). */
	SCMIA_E_SCMI_GENERIC_ERROR = -108,       /**< Platform: GENERIC_ERROR (-8). */
	SCMIA_E_SCMI_HARDWARE_ERROR = -109,      /**< Platform: HARDWARE_ERROR (-9). */
	SCMIA_E_SCMI_PROTOCOL_ERROR = -110,      /**< Platform: PROTOCOL_ERROR (-10). */
	SCMIA_E_SCMI_IN_USE = -111               /**< Platform: IN_USE (-11). */
};

/** Most negative SCMI status defined by DEN0056 (IN_USE). */
#define SCMIA_SCMI_STATUS_MIN (-11)

/**
 * @brief Receive entry result: the message was kept for later processing.
 *
 * Returned (positive) by scmia_rx() when another receive of the same
 * transfer was in progress. The transport must keep the message behind the
 * cookie readable until its rx_release op is called with that cookie.
 */
#define SCMIA_RX_DEFERRED 1

/**
 * @brief Map a raw SCMI status word to a scmia error code.
 *
 * @param status the int32 status read from a response or delayed response.
 * @return SCMIA_OK for SUCCESS (0); SCMIA_E_SCMI_BASE + status for a status
 *         in [-11, -1]; SCMIA_EMALFORMED for any other value (positive or
 *         below -11): such a reply is malformed, never used as a table index.
 *
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline int scmia_err_from_status(int32_t status)
{
	if (status == 0)
		return SCMIA_OK;
	if (status < 0 && status >= SCMIA_SCMI_STATUS_MIN)
		return (int)SCMIA_E_SCMI_BASE + (int)status;
	return SCMIA_EMALFORMED;
}

/**
 * @brief Tell whether an error code carries a platform SCMI status.
 * @param err a scmia error code.
 * @return 1 when @p err is in the SCMI status band, 0 otherwise.
 *
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline int scmia_err_is_scmi(int err)
{
	return err <= (int)SCMIA_E_SCMI_NOT_SUPPORTED &&
	       err >= (int)SCMIA_E_SCMI_BASE + SCMIA_SCMI_STATUS_MIN;
}

/**
 * @brief Recover the SCMI status carried by an error code.
 * @param err a scmia error code.
 * @return the SCMI status in [-11, -1] for an error of the SCMI band, 0 for
 *         SCMIA_OK, and -8 (GENERIC_ERROR) for a local error (used by
 *         mediators that must answer a guest with some SCMI status).
 *
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline int32_t scmia_err_to_status(int err)
{
	if (err == SCMIA_OK)
		return 0;
	if (scmia_err_is_scmi(err))
		return (int32_t)(err - (int)SCMIA_E_SCMI_BASE);
	return -8;
}

/**
 * @brief Describe an error code.
 * @param err any value returned by a scmia function.
 * @return a static, NUL-terminated string; "" when the library was built
 *         with SCMIA_CFG_STRERROR=0.
 *
 * Context: any, never blocks. Lifetime: the string is static.
 */
const char *scmia_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_ERROR_H */

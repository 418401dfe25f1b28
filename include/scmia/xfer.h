/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file xfer.h
 * @brief The transfer ("xfer"): one message slot of a channel.
 *
 * Slots live in the channel's caller-owned memory. Callers get one with
 * scmia_xfer_get(), fill tx_buf, run it (scmia_xfer_do() or
 * scmia_xfer_submit()) and give it back with scmia_xfer_put().
 * Fields marked private belong to the core.
 */
#ifndef SCMIA_XFER_H
#define SCMIA_XFER_H

#include <stdint.h>

#include "scmia/config.h"

#ifdef __cplusplus
extern "C" {
#endif

struct scmia_xfer;
struct scmia_chan;

/** Transfer flag: the command is asynchronous; complete only after its
 *  delayed response (or an error). */
#define SCMIA_XFER_F_ASYNC (1u << 0)
/** Transfer flag: wait by polling for this call, whatever the channel's
 *  mode (atomic, early-boot, idle code). The transport is told that no
 *  completion interrupt is wanted. */
#define SCMIA_XFER_F_POLL (1u << 1)

/**
 * @brief Completion callback of a non-blocking transfer.
 * @param arg the argument given to scmia_xfer_submit().
 * @param xfer the transfer; rx_buf/rx_len/status hold the last reply.
 * @param result SCMIA_OK, an SCMI-band error, SCMIA_ETIMEDOUT,
 *        SCMIA_ECANCELED or another scmia error.
 *
 * Context: the receive entry's context (possibly an interrupt), the
 * context of scmia_agent_service(), or of scmia_chan_close(). No library
 * lock is held; the callback may call scmia_xfer_put() on @p xfer.
 */
typedef void (*scmia_xfer_cb)(void *arg, struct scmia_xfer *xfer, int result);

/**
 * @brief One transfer slot. The public fields are read by callers and
 *        written by transports as documented; the private ones depend on
 *        the SCMIA_CFG_* options (config.h), so every translation unit of
 *        a program must see the same options.
 */
struct scmia_xfer {
	uint32_t hdr;     /**< Header as sent; the token is set by scmia_xfer_get(). */
	int32_t status;   /**< Raw SCMI status of the last response fetched (transport writes). */
	void *tx_buf;     /**< Command payload after the header (msg_size bytes of storage). */
	uint32_t tx_len;  /**< Command payload length in bytes. */
	void *rx_buf;     /**< Reply payload after the status word (transport writes). */
	uint32_t rx_len;  /**< Reply payload length (transport writes, clamped to rx_cap). */
	uint32_t rx_cap;  /**< Capacity of rx_buf the reply may use. */
	void *transport_priv; /**< Free for the transport, per slot. */

	/* ---- private ---- */
	struct scmia_chan *chan;   /**< @private owning channel */
#if SCMIA_CFG_NONBLOCKING
	scmia_xfer_cb cb;          /**< @private completion callback (NULL: blocking) */
	void *cb_arg;              /**< @private callback argument */
	uint64_t deadline;         /**< @private expiry deadline (µs) */
#endif
#if SCMIA_CFG_LOCK
	void *def_cookie;          /**< @private cookie of a message handed to the receive holder */
	struct scmia_chan *def_chan; /**< @private channel that message came on */
	uint32_t def_hdr;          /**< @private its header */
#endif
#if SCMIA_CFG_NOTIFY
	struct scmia_xfer *qnext;  /**< @private notification queue link */
#endif
	int32_t result;            /**< @private final result */
#if SCMIA_CFG_TRACE
	uint32_t transfer_id;      /**< @private per-agent id of this use (trace) */
#endif
	uint16_t index;            /**< @private slot index */
	uint16_t next;             /**< @private free-list / expiry-list link (slot index) */
#if SCMIA_CFG_NONBLOCKING
	uint16_t prev;             /**< @private expiry-list link (slot index) */
	uint8_t list;              /**< @private which channel list holds it */
#endif
	uint8_t state;             /**< @private transfer state */
	uint8_t flags;             /**< @private SCMIA_XFER_F_* of this use */
	uint8_t busy;              /**< @private a receive is processing it */
	uint8_t owned;             /**< @private a caller owns it (get .. put) */
	uint8_t holds;             /**< @private transport holds (scmia_xfer_hold) */
	uint8_t txdone;            /**< @private mark_txdone called for this send */
	uint8_t replied;           /**< @private its final reply was processed */
#if SCMIA_CFG_LOCK
	uint8_t def_pending;       /**< @private a message waits for the receive holder */
#endif
#if SCMIA_CFG_NONBLOCKING
	uint8_t in_send;           /**< @private its send() has not returned yet */
#endif
};

/**
 * @brief Flags of the current use of a transfer (SCMIA_XFER_F_*), for
 *        transports (SMT clears flags bit0 when SCMIA_XFER_F_POLL is set).
 * @param xfer a submitted transfer. @return the flags.
 * Context: any, never blocks.
 * Lifetime: @p xfer is read during the call only.
 */
static inline unsigned scmia_xfer_flags(const struct scmia_xfer *xfer)
{
	return xfer->flags;
}

/**
 * @brief Slot index of a transfer within its channel.
 * @param xfer a transfer. @return the index in [0, max_msg).
 * Context: any, never blocks.
 * Lifetime: @p xfer is read during the call only.
 */
static inline unsigned scmia_xfer_index(const struct scmia_xfer *xfer)
{
	return xfer->index;
}

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_XFER_H */

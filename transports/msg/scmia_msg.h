/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_msg.h
 * @brief Message-passing helpers shared by every payload-carrying transport
 *        (virtio, OP-TEE MSG, mailboxes with payload).
 *
 * Wire layout (all words little-endian):
 * - command:      hdr, parameters...               (4 + tx_len bytes)
 * - response:     hdr, status, return values...    (8 + rx payload bytes)
 * - delayed resp: hdr, status, return values...
 * - notification: hdr, payload...                  (4 + payload bytes)
 *
 * Every received length is untrusted: it is compared with the fixed
 * overhead before anything is subtracted (so it never underflows), and
 * copies are clamped to the transfer's capacity. The caller first clamps a
 * device-reported length to the buffer it owns: the helpers read at most
 * @c len bytes at @c msg.
 */
#ifndef SCMIA_MSG_H
#define SCMIA_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of a command message for @p xfer (header + payload).
 *  @param xfer a transfer. @return 4 + tx_len; 0 for NULL.
 *  Context: any, never blocks. Lifetime: @p xfer is read during the call. */
size_t scmia_msg_command_size(const struct scmia_xfer *xfer);

/** Bytes of the largest response @p xfer accepts (header + status +
 *  rx_cap). @param xfer a transfer. @return 8 + rx_cap; 0 for NULL.
 *  Context: any, never blocks. Lifetime: @p xfer is read during the call. */
size_t scmia_msg_response_size(const struct scmia_xfer *xfer);

/**
 * @brief Write the command of @p xfer into a message buffer.
 * @param msg destination. @param cap its size in bytes.
 * @param xfer the transfer (hdr and tx_buf/tx_len).
 * @return bytes written (4 + tx_len), or SCMIA_ENOSPC when @p cap is too
 *         small (or the size would not fit an int), SCMIA_EINVAL for NULL
 *         arguments or a NULL tx_buf with tx_len > 0.
 * Context: any, never blocks. Lifetime: used during the call only.
 */
int scmia_msg_tx_prepare(void *msg, size_t cap, const struct scmia_xfer *xfer);

/**
 * @brief Read the header of a received message.
 * @param msg the message. @param len received length.
 * @param[out] hdr the header (host order).
 * @return SCMIA_OK; SCMIA_ETOOSHORT when @p len < 4; SCMIA_EINVAL for NULL.
 * Context: any, never blocks. Lifetime: @p msg is read during the call only.
 */
int scmia_msg_read_header(const void *msg, size_t len, uint32_t *hdr);

/**
 * @brief Fetch a response or delayed response into @p xfer: status word,
 *        then the payload clamped to rx_cap.
 * @param msg the message (header first). @param len received length.
 * @param xfer destination.
 * @return SCMIA_OK; SCMIA_ETOOSHORT when @p len < 8 (no status);
 *         SCMIA_EINVAL for NULL arguments or rx_cap > 0 without rx_buf.
 *         On error rx_len is 0 and status is untouched.
 * Context: any, never blocks. Lifetime: @p msg is read during the call only.
 */
int scmia_msg_fetch_response(const void *msg, size_t len, struct scmia_xfer *xfer);

/**
 * @brief Fetch a notification payload (after the header) into @p xfer,
 *        clamped to @p max_len and rx_cap.
 * @param msg the message. @param len received length.
 * @param max_len most bytes to copy. @param xfer destination.
 * @return SCMIA_OK; SCMIA_ETOOSHORT when @p len < 4; SCMIA_EINVAL for NULL
 *         arguments or rx_cap > 0 without rx_buf. On error rx_len is 0.
 * Context: any, never blocks. Lifetime: @p msg is read during the call only.
 */
int scmia_msg_fetch_notification(const void *msg, size_t len, size_t max_len,
				 struct scmia_xfer *xfer);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_MSG_H */

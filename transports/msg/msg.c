/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Message-passing helpers (scmia_msg.h): commands, responses and
 * notifications as whole messages in a buffer (virtio, OP-TEE MSG,
 * mailboxes with payload). Every received length is untrusted: it is
 * compared with the fixed overhead before any subtraction, so it can never
 * underflow into a huge copy, and copies are clamped to the destination.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_msg.h"

/* Fixed overheads: header; header + status. */
#define MSG_HDR_SIZE 4u
#define MSG_REPLY_OVERHEAD 8u

size_t scmia_msg_command_size(const struct scmia_xfer *xfer)
{
	if (!xfer)
		return 0;
	return (size_t)MSG_HDR_SIZE + (size_t)xfer->tx_len;
}

size_t scmia_msg_response_size(const struct scmia_xfer *xfer)
{
	if (!xfer)
		return 0;
	return (size_t)MSG_REPLY_OVERHEAD + (size_t)xfer->rx_cap;
}

int scmia_msg_tx_prepare(void *msg, size_t cap, const struct scmia_xfer *xfer)
{
	uint8_t *m = (uint8_t *)msg;

	if (!msg || !xfer || (xfer->tx_len && !xfer->tx_buf))
		return SCMIA_EINVAL;
	/* The result is returned as an int: refuse what it cannot carry. */
	if (xfer->tx_len > (uint32_t)INT32_MAX - MSG_HDR_SIZE)
		return SCMIA_ENOSPC;
	if (cap < MSG_HDR_SIZE || cap - MSG_HDR_SIZE < (size_t)xfer->tx_len)
		return SCMIA_ENOSPC;
	scmia_put_le32(m, xfer->hdr);
	if (xfer->tx_len)
		memcpy(m + MSG_HDR_SIZE, xfer->tx_buf, xfer->tx_len);
	return (int)(MSG_HDR_SIZE + xfer->tx_len);
}

int scmia_msg_read_header(const void *msg, size_t len, uint32_t *hdr)
{
	if (!msg || !hdr)
		return SCMIA_EINVAL;
	if (len < MSG_HDR_SIZE)
		return SCMIA_ETOOSHORT;
	*hdr = scmia_get_le32(msg);
	return SCMIA_OK;
}

/* Fetch a message whose payload follows @min fixed bytes (the header; a
 * reply's status too): at most min(@max_len, rx_cap) payload bytes. */
static int fetch(const void *msg, size_t len, size_t min, size_t max_len,
		 struct scmia_xfer *xfer)
{
	const uint8_t *m = (const uint8_t *)msg;
	size_t n;

	if (!msg || !xfer || (xfer->rx_cap && !xfer->rx_buf))
		return SCMIA_EINVAL;
	xfer->rx_len = 0;
	if (len < min)
		return SCMIA_ETOOSHORT;
	n = len - min;
	if (n > max_len)
		n = max_len;
	if (n > xfer->rx_cap)
		n = xfer->rx_cap;
	if (min == MSG_REPLY_OVERHEAD)
		xfer->status = (int32_t)scmia_get_le32(m + MSG_HDR_SIZE);
	if (n)
		memcpy(xfer->rx_buf, m + min, n);
	xfer->rx_len = (uint32_t)n;
	return SCMIA_OK;
}

int scmia_msg_fetch_response(const void *msg, size_t len, struct scmia_xfer *xfer)
{
	return fetch(msg, len, MSG_REPLY_OVERHEAD, SIZE_MAX, xfer);
}

int scmia_msg_fetch_notification(const void *msg, size_t len, size_t max_len,
				 struct scmia_xfer *xfer)
{
	return fetch(msg, len, MSG_HDR_SIZE, max_len, xfer);
}

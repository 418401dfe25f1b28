/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A mailbox with payload, as a firmware writes for its own hardware: one
 * message buffer shared with the platform, a doorbell register, and a
 * length word the platform writes when its reply is in the buffer. The
 * wire format comes from the msg helpers (transports/msg). Polling only.
 */
#ifndef FW_MAILBOX_H
#define FW_MAILBOX_H

#include <stdint.h>

#include "scmia/scmia.h"

/** Largest payload of a message in the mailbox. */
#define FW_MAILBOX_PAYLOAD 120u

/** One mailbox (channel context of fw_mailbox_transport). */
struct fw_mailbox {
	volatile uint32_t *doorbell;    /**< written 1 to ring the platform */
	volatile uint32_t reply_len;    /**< set by the platform: reply bytes in buf */
	uint32_t buf[(8u + FW_MAILBOX_PAYLOAD) / 4u]; /**< header, status, payload */
};

extern const struct scmia_transport fw_mailbox_transport;

#endif

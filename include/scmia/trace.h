/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file trace.h
 * @brief Trace events with the fields of Linux's `scmi` trace events, and a
 *        formatter that prints them exactly as Linux does.
 *
 * The core fills a struct scmia_trace at five points of a transfer's life
 * and hands it to the agent's trace callback (scmia_trace_fn). The events
 * and their fields follow Linux's include/trace/events/scmi.h, so that a
 * log written with scmia_trace_format() and the `trace` file of a Linux
 * agent diff line by line:
 *
 * | event                         | Linux event               | text after "name: " |
 * |-------------------------------|---------------------------|---------------------|
 * | SCMIA_TRACE_XFER_BEGIN        | scmi_xfer_begin           | `pt=%02X msg_id=%02X seq=%04X transfer_id=%X poll=%u inflight=%d` |
 * | SCMIA_TRACE_RESPONSE_WAIT     | scmi_xfer_response_wait   | `pt=%02X msg_id=%02X seq=%04X transfer_id=%X tmo_ms=%u poll=%u` |
 * | SCMIA_TRACE_XFER_END          | scmi_xfer_end             | `pt=%02X msg_id=%02X seq=%04X transfer_id=%X s=%d inflight=%d` |
 * | SCMIA_TRACE_RX_DONE           | scmi_rx_done              | `pt=%02X msg_id=%02X seq=%04X transfer_id=%X msg_type=%u` |
 * | SCMIA_TRACE_MSG_DUMP          | scmi_msg_dump             | `id=%d ch=%02X pt=%02X t=%s msg_id=%02X seq=%04X s=%d pyld=%s` |
 *
 * `pyld` is the payload as lowercase hexadecimal, two digits per byte and
 * no separator (Linux's `__print_hex_str`); an empty payload prints
 * nothing after `pyld=`. Older kernels print fewer fields: the flags
 * SCMIA_TRACE_FMT_NO_INFLIGHT and SCMIA_TRACE_FMT_NO_CHAN select their
 * formats.
 *
 * The formatter, like the rest of tracing, is compiled only when the
 * library is built with SCMIA_CFG_TRACE=1 (see config.h); the types below
 * are always available.
 */
#ifndef SCMIA_TRACE_H
#define SCMIA_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/header.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Trace event kinds (scmia_trace::event). */
enum scmia_trace_event {
	/** A transfer is about to be sent (Linux scmi_xfer_begin). */
	SCMIA_TRACE_XFER_BEGIN = 0,
	/** The agent starts waiting for the response (scmi_xfer_response_wait). */
	SCMIA_TRACE_RESPONSE_WAIT = 1,
	/** The synchronous part of a transfer ended (scmi_xfer_end). */
	SCMIA_TRACE_XFER_END = 2,
	/** A received message was processed (scmi_rx_done). */
	SCMIA_TRACE_RX_DONE = 3,
	/** A message crossed the channel, or one was rejected (scmi_msg_dump). */
	SCMIA_TRACE_MSG_DUMP = 4,
	/** Number of event kinds. */
	SCMIA_TRACE_EVENT__COUNT = 5
};

/**
 * @brief Message dump tags (scmia_trace::tag), Linux's `t=` strings.
 *
 * The first four dump a message the agent sent or accepted. The `!` tags
 * dump only the header of a message the agent dropped (unknown or stale
 * token, a message invalid in the transfer's state, no slot for a
 * notification...); the tag is chosen by the header's type
 * (scmia_trace_bad_tag()) and scmia_trace::status holds one of the
 * SCMIA_TRACE_BAD_* reasons. The lowercase tags are Linux's raw-mode
 * (debugfs `raw`) messages.
 */
enum scmia_trace_tag {
	SCMIA_TRACE_TAG_CMND = 0,     /**< "CMND": a command the agent sent. */
	SCMIA_TRACE_TAG_RESP = 1,     /**< "RESP": a response. */
	SCMIA_TRACE_TAG_DLYD = 2,     /**< "DLYD": a delayed response. */
	SCMIA_TRACE_TAG_NOTI = 3,     /**< "NOTI": a notification. */
	SCMIA_TRACE_TAG_BAD_RESP = 4, /**< "!RESP": a dropped message of type 0. */
	SCMIA_TRACE_TAG_BAD_DLYD = 5, /**< "!DLYD": a dropped delayed response. */
	SCMIA_TRACE_TAG_BAD_NOTI = 6, /**< "!NOTI": a dropped notification. */
	SCMIA_TRACE_TAG_BAD_UNKN = 7, /**< "!UNKN": a dropped message of type 1. */
	SCMIA_TRACE_TAG_RAW_CMND = 8, /**< "cmnd": a command sent through the raw API. */
	SCMIA_TRACE_TAG_RAW_RESP = 9, /**< "resp": a response to a raw command. */
	SCMIA_TRACE_TAG_RAW_DLYD = 10, /**< "dlyd": a delayed response to a raw command. */
	SCMIA_TRACE_TAG__COUNT = 11   /**< Number of tags. */
};

/** Reason of a `!` dump (scmia_trace::status): a reply nobody waits for
 *  (unknown or stale token). Same value as Linux's MSG_UNEXPECTED. */
#define SCMIA_TRACE_BAD_UNEXPECTED (-1)
/** Reason of a `!` dump: invalid in the transfer's state (duplicate
 *  response, delayed response not asked for...). Linux MSG_INVALID. */
#define SCMIA_TRACE_BAD_INVALID (-2)
/** Reason of a `!` dump: unknown message type. Linux MSG_UNKNOWN. */
#define SCMIA_TRACE_BAD_UNKNOWN (-3)
/** Reason of a `!` dump: no slot or queue room for it. Linux MSG_NOMEM. */
#define SCMIA_TRACE_BAD_NOMEM (-4)
/** Reason of a `!` dump: spurious doorbell or interrupt. Linux MSG_MBOX_SPURIOUS. */
#define SCMIA_TRACE_BAD_SPURIOUS (-5)

/** scmia_trace::dir: agent to platform. */
#define SCMIA_TRACE_DIR_A2P 0u
/** scmia_trace::dir: platform to agent. */
#define SCMIA_TRACE_DIR_P2A 1u

/**
 * @brief One trace event, filled by the core.
 *
 * Which fields an event uses (the others are 0):
 * - every event: event, proto_id, msg_id, msg_type, seq, transfer_id,
 *   hdr, time_us, transport, chan_id, agent_id;
 * - XFER_BEGIN: poll, inflight (transfers in flight on the agent after
 *   this one was counted);
 * - RESPONSE_WAIT: poll, timeout_us;
 * - XFER_END: status (the scmia result of the transfer), inflight;
 * - RX_DONE: msg_type (as received);
 * - MSG_DUMP: tag, dir, status (the SCMI status word for responses and
 *   delayed responses, 0 for commands and notifications, a
 *   SCMIA_TRACE_BAD_* reason for `!` tags), payload and len.
 */
struct scmia_trace {
	uint8_t event;        /**< enum scmia_trace_event. */
	uint8_t proto_id;     /**< Protocol id (header bits 17:10). */
	uint8_t msg_id;       /**< Message id (header bits 7:0). */
	uint8_t msg_type;     /**< Message type (header bits 9:8). */
	uint16_t seq;         /**< Token (header bits 27:18). */
	uint8_t poll;         /**< 1 when the wait polls. */
	uint8_t tag;          /**< MSG_DUMP: enum scmia_trace_tag. */
	uint32_t transfer_id; /**< Per-agent monotonic id of the transfer (Linux transfer_id). */
	int32_t inflight;     /**< Transfers in flight on the agent after this event. */
	uint32_t timeout_us;  /**< RESPONSE_WAIT: the reply timeout in µs. */
	int32_t status;       /**< XFER_END: scmia result; MSG_DUMP: SCMI status or BAD reason. */
	uint32_t hdr;         /**< Raw header (host order). */
	uint8_t chan_id;      /**< Channel's protocol id (0: the default channel, which the formatter prints as `ch=10`, the Base protocol's channel, as Linux does); Linux `ch`. */
	uint8_t dir;          /**< SCMIA_TRACE_DIR_A2P or SCMIA_TRACE_DIR_P2A. */
	uint16_t agent_id;    /**< Agent instance id set by the host; Linux `id`. */
	const void *payload;  /**< MSG_DUMP: bytes after the header (and after the status for replies). */
	uint32_t len;         /**< MSG_DUMP: bytes at payload. */
	uint64_t time_us;     /**< Agent clock, µs. */
	const char *transport; /**< Transport name (scmia_transport::name), may be NULL. */
};

/**
 * @brief Trace callback of an agent.
 * @param ctx the context the host registered with the callback.
 * @param ev the event; valid during the call only.
 * Context: wherever the event happens: the sending thread, a waiting
 * thread, or the receive entry (possibly an interrupt handler). It must not
 * block and must not call back into the agent.
 * Lifetime: @p ev and everything it points to (payload, transport name)
 * only during the call; copy what you keep.
 */
typedef void (*scmia_trace_fn)(void *ctx, const struct scmia_trace *ev);

/** Format flag: prefix the text with the Linux event name and ": "
 *  (`scmi_xfer_begin: pt=...`). */
#define SCMIA_TRACE_FMT_NAME (1u << 0)
/** Format flag: no ` inflight=%d` (kernels before the in-flight counters
 *  were added to scmi_xfer_begin and scmi_xfer_end). */
#define SCMIA_TRACE_FMT_NO_INFLIGHT (1u << 1)
/** Format flag: no `id=%d ch=%02X ` in scmi_msg_dump (kernels before the
 *  2024 change that added the instance and channel). */
#define SCMIA_TRACE_FMT_NO_CHAN (1u << 2)
/** Format flags: the older formats, without either addition. */
#define SCMIA_TRACE_FMT_OLD (SCMIA_TRACE_FMT_NO_INFLIGHT | SCMIA_TRACE_FMT_NO_CHAN)

/** Longest text scmia_trace_format() writes for an event other than
 *  MSG_DUMP, flags included, without the terminating NUL. A MSG_DUMP line
 *  is at most this plus twice its payload length. */
#define SCMIA_TRACE_TEXT_MAX 120u

/**
 * @brief Format an event as Linux prints it (the text after
 *        `scmi_xfer_begin: ` etc.; with SCMIA_TRACE_FMT_NAME the name and
 *        ": " come first). No newline is written.
 *
 * Numbers are printed as Linux's printf would: `%02X` and `%04X` are
 * zero-padded uppercase hex, `%X` unpadded uppercase hex, `%d` signed and
 * `%u` unsigned decimal. `tmo_ms` is timeout_us in milliseconds rounded up
 * (a 500 µs timeout prints 1, not 0). The whole payload is printed.
 *
 * Like snprintf(): at most @p cap - 1 characters are stored, followed by a
 * NUL (nothing when @p cap is 0), and the return value is the length of
 * the whole text, so a result >= @p cap means it was truncated.
 * @param ev the event.
 * @param flags SCMIA_TRACE_FMT_* bits.
 * @param buf output buffer (may be NULL when @p cap is 0: a dry run
 *        that returns the length).
 * @param cap its size in bytes.
 * @return the text length (>= 0); SCMIA_EINVAL for a NULL @p ev, a NULL
 *         @p buf with @p cap > 0, an unknown event, tag or flag, a
 *         MSG_DUMP with a NULL payload and len > 0, or a text that would
 *         be longer than INT_MAX.
 * Context: any, never blocks; no lock, no allocation (usable from the
 * trace callback itself).
 * Lifetime: @p ev and its payload are read during the call only.
 */
int scmia_trace_format(const struct scmia_trace *ev, unsigned flags, char *buf, size_t cap);

/**
 * @brief Linux's name of an event.
 * @param event enum scmia_trace_event.
 * @return "scmi_xfer_begin", "scmi_xfer_response_wait", "scmi_xfer_end",
 *         "scmi_rx_done" or "scmi_msg_dump"; NULL for an unknown event.
 * Context: any, never blocks. Lifetime: static string.
 */
const char *scmia_trace_event_name(unsigned event);

/**
 * @brief The `t=` string of a message dump tag.
 * @param tag enum scmia_trace_tag.
 * @return "CMND", "RESP", "DLYD", "NOTI", "!RESP", "!DLYD", "!NOTI",
 *         "!UNKN", "cmnd", "resp" or "dlyd"; NULL for an unknown tag.
 * Context: any, never blocks. Lifetime: static string.
 */
const char *scmia_trace_tag_name(unsigned tag);

/**
 * @brief Tag of a dropped message, from its header's type, as Linux picks
 *        it: type 0 "!RESP", 2 "!DLYD", 3 "!NOTI", 1 "!UNKN".
 * @param hdr the header as received (host order).
 * @return a SCMIA_TRACE_TAG_BAD_* value.
 * Context: any, never blocks. Lifetime: nothing is kept.
 */
static inline uint8_t scmia_trace_bad_tag(uint32_t hdr)
{
	switch (scmia_hdr_type(hdr)) {
	case SCMIA_MSG_TYPE_COMMAND:
		return (uint8_t)SCMIA_TRACE_TAG_BAD_RESP;
	case SCMIA_MSG_TYPE_DELAYED_RESP:
		return (uint8_t)SCMIA_TRACE_TAG_BAD_DLYD;
	case SCMIA_MSG_TYPE_NOTIFICATION:
		return (uint8_t)SCMIA_TRACE_TAG_BAD_NOTI;
	default:
		return (uint8_t)SCMIA_TRACE_TAG_BAD_UNKN;
	}
}

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_TRACE_H */

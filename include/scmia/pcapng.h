/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file pcapng.h
 * @brief Allocation-free pcapng encoder for SCMI message captures.
 *
 * Each function encodes one pcapng block into a caller buffer, ready to be
 * written to a file or streamed out (a UART, a debug channel): first a
 * section header block (scmia_pcapng_shb()), then one interface
 * description block per interface (scmia_pcapng_idb()), then one enhanced
 * packet block per SCMI message (scmia_pcapng_epb()). Blocks are written
 * little-endian on every host (the section header's byte-order magic tells
 * readers so).
 *
 * There is no registered link type for SCMI. A packet is, by default,
 * LINKTYPE_WIRESHARK_UPPER_PDU (252): an exported-PDU tag naming the
 * dissector "scmi" (tools/wireshark/scmi.lua), then the SCMI record below.
 * With a LINKTYPE_USER0..15 interface the packet is the SCMI record alone.
 *
 * SCMI record (all multi-byte fields little-endian; docs/tracing.md):
 * | offset | size | field |
 * |--------|------|-------|
 * | 0      | 1    | version (1) |
 * | 1      | 1    | record header length (32): offset of the SCMI message |
 * | 2      | 1    | direction: 0 agent to platform, 1 platform to agent |
 * | 3      | 1    | flags: SCMIA_PCAPNG_F_* |
 * | 4      | 1    | transport id: SCMIA_PCAPNG_TR_* |
 * | 5      | 1    | channel: protocol id the channel is dedicated to, 0 the default channel |
 * | 6      | 2    | agent id |
 * | 8      | 1    | trace tag (enum scmia_trace_tag) |
 * | 9      | 1    | reason: SCMIA_TRACE_BAD_* of a dropped message (signed), else 0 |
 * | 10     | 2    | reserved, 0 |
 * | 12     | 4    | transfer id (0: unknown) |
 * | 16     | 16   | transport name, ASCII, NUL padded (not terminated when 16 long) |
 * | 32     | 4    | SCMI message header |
 * | 36     | n    | message body as on the wire: parameters of a command; status then payload of a response or delayed response; payload of a notification |
 */
#ifndef SCMIA_PCAPNG_H
#define SCMIA_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Link type: Wireshark exported PDU (the packet names its dissector). */
#define SCMIA_PCAPNG_LINKTYPE_UPPER_PDU 252u
/** Link type: LINKTYPE_USER0; USER0 + n (n <= 15) are the other user types. */
#define SCMIA_PCAPNG_LINKTYPE_USER0 147u
/** Dissector named by the exported-PDU tag. */
#define SCMIA_PCAPNG_DISSECTOR "scmi"

/** Version of the SCMI record layout. */
#define SCMIA_PCAPNG_REC_VERSION 1u
/** Length of the SCMI record header (offset of the SCMI message). */
#define SCMIA_PCAPNG_REC_HDR_LEN 32u
/** Size of the transport name field. */
#define SCMIA_PCAPNG_NAME_LEN 16u

/** Record direction: agent to platform. */
#define SCMIA_PCAPNG_DIR_A2P 0u
/** Record direction: platform to agent. */
#define SCMIA_PCAPNG_DIR_P2A 1u

/** Record flag: the transfer waited by polling. */
#define SCMIA_PCAPNG_F_POLL (1u << 0)
/** Record flag: sent or received through the raw message API. */
#define SCMIA_PCAPNG_F_RAW (1u << 1)
/** Record flag: the agent dropped this message (a `!` trace tag); only
 *  what the agent saw of it (at least the header) is recorded. */
#define SCMIA_PCAPNG_F_DROPPED (1u << 2)

/** Transport ids of the record (the name field says more). */
enum scmia_pcapng_transport {
	SCMIA_PCAPNG_TR_UNKNOWN = 0,  /**< Unknown or other. */
	SCMIA_PCAPNG_TR_LOOPBACK = 1, /**< In-memory loopback. */
	SCMIA_PCAPNG_TR_SMT = 2,      /**< Shared memory with a doorbell. */
	SCMIA_PCAPNG_TR_MSG = 3,      /**< Message-passing unit. */
	SCMIA_PCAPNG_TR_SMC = 4,      /**< SMC / HVC call. */
	SCMIA_PCAPNG_TR_VIRTIO = 5,   /**< virtio-scmi. */
	SCMIA_PCAPNG_TR_OPTEE = 6,    /**< OP-TEE. */
	SCMIA_PCAPNG_TR_MAILBOX = 7   /**< Mailbox without a shared area. */
};

/**
 * @brief One SCMI message to record.
 *
 * The body on the wire is the optional status word (@c has_status) then
 * @c len bytes at @c payload: give a reply either as its status plus the
 * payload after it (what a trace event carries) or as the whole body with
 * @c has_status 0 (what a transport sees).
 */
struct scmia_pcapng_rec {
	uint64_t time_us;      /**< Timestamp, µs (of any epoch; the agent clock). */
	uint32_t hdr;          /**< SCMI header (host order). */
	int32_t status;        /**< Status word, written first when @c has_status. */
	uint8_t has_status;    /**< 1: the body starts with @c status. */
	uint8_t dir;           /**< SCMIA_PCAPNG_DIR_*. */
	uint8_t flags;         /**< SCMIA_PCAPNG_F_*. */
	uint8_t transport_id;  /**< enum scmia_pcapng_transport. */
	uint8_t chan_id;       /**< Channel's protocol id, 0 for the default channel. */
	uint8_t tag;           /**< enum scmia_trace_tag. */
	int8_t reason;         /**< SCMIA_TRACE_BAD_* for a dropped message, else 0. */
	uint16_t agent_id;     /**< Agent instance id. */
	uint32_t transfer_id;  /**< Transfer id (0: unknown). */
	const char *transport; /**< Transport name (first 16 characters kept); NULL: empty. */
	const void *payload;   /**< Body bytes after the status (or the whole body). */
	uint32_t len;          /**< Bytes at @c payload. */
};

/** Bytes scmia_pcapng_epb() adds around the SCMI message (header and body)
 *  at most: block header and trailer, exported-PDU tags, record header,
 *  options. */
#define SCMIA_PCAPNG_EPB_OVERHEAD (28u + 12u + SCMIA_PCAPNG_REC_HDR_LEN + 12u + 4u + 3u)

/**
 * @brief Encode a section header block (version 1.0, section length
 *        unspecified) with an optional shb_userappl option.
 * @param buf output (may be NULL with @p cap 0: returns the size needed).
 * @param cap its size.
 * @param appl application name for shb_userappl, or NULL for none; at most
 *        256 characters are used.
 * @return bytes written (a multiple of 4); SCMIA_ENOSPC when @p cap is too
 *         small (@p buf then holds nothing useful); SCMIA_EINVAL for a NULL
 *         @p buf with @p cap > 0.
 * Context: any, never blocks. Lifetime: arguments read during the call only.
 */
int scmia_pcapng_shb(void *buf, size_t cap, const char *appl);

/**
 * @brief Encode an interface description block: link type, snap length,
 *        if_name (optional) and if_tsresol = 6 (microseconds).
 * @param buf output (NULL with @p cap 0: size needed). @param cap its size.
 * @param linktype SCMIA_PCAPNG_LINKTYPE_UPPER_PDU or a LINKTYPE_USER value.
 * @param snaplen largest packet recorded, 0 for no limit.
 * @param name interface name or NULL (at most 256 characters used).
 * @return bytes written; SCMIA_ENOSPC; SCMIA_EINVAL as scmia_pcapng_shb(),
 *         or for a link type other than those two kinds.
 * Context: any, never blocks. Lifetime: arguments read during the call only.
 */
int scmia_pcapng_idb(void *buf, size_t cap, uint16_t linktype, uint32_t snaplen,
		     const char *name);

/**
 * @brief Encode one SCMI message as an enhanced packet block.
 *
 * The packet is the exported-PDU tags (link type UPPER_PDU only), the
 * record header and the message; when it is longer than @p snaplen
 * (non-zero) only the first @p snaplen bytes are kept and the original
 * length says how long it was. The epb_flags option gives the direction
 * (a2p outbound, p2a inbound).
 * @param buf output (NULL with @p cap 0: size needed). @param cap its size.
 * @param if_id interface index (0 for the first IDB of the section).
 * @param linktype the link type of that interface.
 * @param snaplen the snap length of that interface (0: none).
 * @param rec the message.
 * @return bytes written (at most SCMIA_PCAPNG_EPB_OVERHEAD + 8 + len,
 *         rounded up to 4); SCMIA_ENOSPC; SCMIA_EINVAL for NULL @p rec, a
 *         NULL payload with len > 0, direction above 1, an unsupported
 *         link type, or a message too long for a 32-bit length.
 * Context: any, never blocks (usable from a trace callback in an interrupt
 * handler). Lifetime: arguments read during the call only.
 */
int scmia_pcapng_epb(void *buf, size_t cap, uint32_t if_id, uint16_t linktype, uint32_t snaplen,
		     const struct scmia_pcapng_rec *rec);

/**
 * @brief Fill a record from a MSG_DUMP trace event: direction, tag, flags
 *        (SCMIA_PCAPNG_F_POLL, _RAW for the lowercase tags, _DROPPED for
 *        the `!` tags with the reason from the event's status), status
 *        word for responses and delayed responses, transport id from the
 *        name, and pointers to the event's payload and name.
 * @param rec output. @param ev the event.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments, an event other than
 *         SCMIA_TRACE_MSG_DUMP or an unknown tag.
 * Context: any, never blocks.
 * Lifetime: @p rec points into @p ev (payload, transport name): encode it
 * before the trace callback returns.
 */
int scmia_pcapng_rec_from_trace(struct scmia_pcapng_rec *rec, const struct scmia_trace *ev);

/**
 * @brief Transport id for a transport name: "loopback", "smt", "msg",
 *        "smc", "virtio", "optee", "mailbox", each also with a "-suffix"
 *        ("smc-waitq" is SMC).
 * @param name the name, may be NULL.
 * @return an enum scmia_pcapng_transport value (UNKNOWN when none fits).
 * Context: any, never blocks. Lifetime: @p name is read during the call only.
 */
uint8_t scmia_pcapng_transport_id(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PCAPNG_H */

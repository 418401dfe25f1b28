/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file raw.h
 * @brief Raw messages: send any command bytes, receive the platform's
 *        replies and notifications as bytes (compliance suites, bring-up).
 *
 * The raw API is Linux's raw mode (debugfs `scmi/<n>/raw`) as a library
 * interface. A message is its wire form: the 32-bit header, then the
 * payload, little-endian words as on the transport. scmia_raw_send() takes
 * the header's protocol, message id and type from the caller and gives
 * the command a token of its own (the caller's token bits are replaced,
 * as Linux does: the token belongs to the channel, and a raw command
 * shares the channel with the typed helpers). Everything the platform
 * sends back for a raw command -- its response, its delayed response,
 * or the error that ended it without one (timeout, channel closed, failed
 * fetch) -- is copied into the raw queue, a bounded FIFO of caller-owned
 * entries; with SCMIA_RAW_F_NOTIFICATIONS so is every notification (which
 * still reaches the registered handlers). scmia_raw_recv() takes the
 * oldest entry that matches a kind mask and, optionally, a token.
 *
 * Raw commands are non-blocking transfers of the core (they take a slot of
 * the channel like any other command and obey its timeouts). A full queue
 * drops what does not fit and counts it (scmia_raw_stats()); it never
 * blocks or wedges the receive path.
 *
 * Compiled with SCMIA_CFG_RAW=1 (needs SCMIA_CFG_NONBLOCKING); otherwise
 * every function returns SCMIA_ENOTSUP.
 */
#ifndef SCMIA_RAW_H
#define SCMIA_RAW_H

#include <stdint.h>

#include "scmia/config.h"

#ifdef __cplusplus
extern "C" {
#endif

struct scmia_agent;
struct scmia_chan;

/** Kinds of raw queue entries (also bits of a kind mask: 1u << kind). */
enum scmia_raw_kind {
	SCMIA_RAW_RESPONSE = 0,     /**< The response to a raw command: header, status, payload. */
	SCMIA_RAW_DELAYED = 1,      /**< Its delayed response: header, status, payload. */
	SCMIA_RAW_NOTIFICATION = 2, /**< A notification: header, payload. */
	SCMIA_RAW_ERROR = 3         /**< A raw command ended without the reply it waited for: header as sent; the entry's result says why. */
};

/** Kind mask: every kind. */
#define SCMIA_RAW_ANY 0xfu
/** Kind mask of one kind. */
#define SCMIA_RAW_MASK(kind) (1u << (kind))
/** scmia_raw_recv() token filter: any token. */
#define SCMIA_RAW_TOKEN_ANY (-1)

/** scmia_raw_cfg::flags: also queue a copy of every notification. */
#define SCMIA_RAW_F_NOTIFICATIONS (1u << 0)

/** scmia_raw_send() flag: an asynchronous command; its delayed response
 *  is waited for after a successful response (Linux's message_async). */
#define SCMIA_RAW_SEND_ASYNC (1u << 0)
/** scmia_raw_send() flag: complete by polling (Linux's message_poll);
 *  scmia_raw_recv() drives the polling. */
#define SCMIA_RAW_SEND_POLL (1u << 1)

/** @private One queue entry. Callers provide the array and never touch
 *  the fields. */
struct scmia_raw_entry {
	uint32_t hdr;            /**< @private header as received (or sent, for ERROR) */
	int32_t result;          /**< @private ERROR: why; else 0 */
	uint32_t len;            /**< @private bytes stored after the header */
	struct scmia_chan *chan; /**< @private channel it came on (or was sent on) */
	uint16_t next;           /**< @private free list / FIFO link */
	uint8_t kind;            /**< @private enum scmia_raw_kind */
	uint8_t state;           /**< @private free, filling, ready */
	uint8_t trunc;           /**< @private the message did not fit */
};

/** Raw queue configuration. */
struct scmia_raw_cfg {
	struct scmia_raw_entry *entries; /**< Caller-owned array of @p n_entries. */
	uint16_t n_entries;              /**< Queue depth, [1, 65534]. */
	uint32_t entry_size;             /**< Bytes stored per message after its header (status and payload): at least 4 + the channels' msg_size to never truncate. At least 8. */
	void *buf;                       /**< Caller-owned storage of n_entries * entry_size bytes. */
	unsigned flags;                  /**< SCMIA_RAW_F_*. */
	/** Optional OS wait object (as for scmia_os_ops::wait) signalled
	 *  whenever an entry is queued: scmia_raw_recv() then sleeps instead
	 *  of polling. NULL: it polls (scmia_os_ops::relax each round). */
	void *wait_obj;
};

/** The raw queue. Caller-owned; all fields private. */
struct scmia_raw {
	struct scmia_agent *agent;       /**< @private */
	struct scmia_raw_entry *ent;     /**< @private */
	uint8_t *buf;                    /**< @private */
	void *wait_obj;                  /**< @private */
	uint32_t entry_size;             /**< @private */
	uint32_t n_out;                  /**< @private raw commands not yet ended */
	uint32_t n_filling;              /**< @private entries being copied */
	uint32_t n_polled;               /**< @private polled raw commands out */
	uint32_t queued;                 /**< @private entries queued so far */
	uint32_t dropped;                /**< @private entries dropped: queue full */
	uint16_t n;                      /**< @private */
	uint16_t free_head;              /**< @private */
	uint16_t head;                   /**< @private FIFO */
	uint16_t tail;                   /**< @private FIFO */
	uint8_t flags;                   /**< @private */
	uint8_t attached;                /**< @private */
};

/**
 * @brief Attach a raw queue to an agent (one per agent).
 * @param raw caller-owned queue object. @param agent an initialised agent.
 * @param cfg the queue's storage and options (copied).
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments, no entries, storage
 *         or an entry_size below 8; SCMIA_ESTATE when the agent already
 *         has a raw queue; SCMIA_ENOTSUP without SCMIA_CFG_RAW.
 * Context: thread; never blocks.
 * Lifetime: @p raw, the entries and the buffer stay in use until
 * scmia_raw_detach() returned SCMIA_OK (or the agent is deinitialised
 * after every raw command ended).
 */
int scmia_raw_attach(struct scmia_raw *raw, struct scmia_agent *agent,
		     const struct scmia_raw_cfg *cfg);

/**
 * @brief Detach the raw queue; entries still queued are discarded.
 * @param raw an attached queue.
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_EBUSY while a raw command is
 *         still out (wait for its reply or timeout: scmia_raw_recv()) or
 *         a receive is copying into the queue (try again).
 * Context: thread; never blocks; not concurrently with scmia_raw_send(),
 * scmia_raw_recv() or scmia_raw_stats() on the same queue (the caller
 * serialises its own calls; the library's receive paths are handled).
 * Lifetime: after SCMIA_OK the library no longer touches @p raw.
 */
int scmia_raw_detach(struct scmia_raw *raw);

/**
 * @brief Send a raw command.
 * @param raw an attached queue.
 * @param chan the a2p channel to send on, or NULL for the channel the
 *        typed API would use for the header's protocol.
 * @param msg the message: 4 header bytes, then the payload (little-endian,
 *        as on the wire). The header's type must be 0 (command); its
 *        token and reserved bits are ignored.
 * @param len bytes at @p msg: 4 + payload length; the payload at most the
 *        channel's msg_size.
 * @param flags SCMIA_RAW_SEND_ASYNC, SCMIA_RAW_SEND_POLL.
 * @param hdr_sent if not NULL, the header as sent (the token the replies
 *        will carry).
 * @return SCMIA_OK once the command is out (its replies are then queued);
 *         SCMIA_EINVAL for a bad argument, a header that is not a
 *         command or a payload too long for the channel; SCMIA_ENOSLOT
 *         when every slot of the channel is busy; SCMIA_ENOENT when no
 *         channel is open for it; SCMIA_ENOTSUP for a flag the build or
 *         transport lacks; the transport's send error (nothing went out).
 * Context: thread (as scmia_xfer_submit()); does not wait for the reply.
 * Lifetime: @p msg is copied before the call returns.
 */
int scmia_raw_send(struct scmia_raw *raw, struct scmia_chan *chan, const void *msg, uint32_t len,
		   unsigned flags, uint32_t *hdr_sent);

/**
 * @brief Take the oldest queued entry of a kind in @p kinds (and with
 *        token @p token unless SCMIA_RAW_TOKEN_ANY), waiting up to
 *        @p timeout_us for one.
 * @param raw an attached queue.
 * @param kinds mask of SCMIA_RAW_MASK(kind) bits; SCMIA_RAW_ANY.
 * @param token a 10-bit token, or SCMIA_RAW_TOKEN_ANY.
 * @param buf where the message goes in wire form: header, then (for
 *        replies) the status word, then the payload.
 * @param cap bytes at @p buf; a longer message is cut to @p cap.
 * @param len out: bytes written to @p buf.
 * @param kind out (optional): its enum scmia_raw_kind.
 * @param result out (optional): for SCMIA_RAW_ERROR the scmia error that
 *        ended the command (SCMIA_ETIMEDOUT, SCMIA_ECANCELED, ...); for a
 *        reply the status mapped to an scmia error (SCMIA_OK for
 *        SUCCESS, SCMIA_EMALFORMED for a status outside the standard
 *        set); 0 for a notification.
 * @param timeout_us 0: do not wait.
 * @return SCMIA_OK; SCMIA_EAGAIN when nothing matched in time;
 *         SCMIA_ENOSPC when the message was cut (to @p cap, or earlier
 *         because it did not fit the queue entry); SCMIA_EINVAL.
 * Context: thread. While it waits it runs scmia_agent_service() (polled
 * raw commands, expiry), and sleeps on the queue's wait object if there
 * is one; without one it polls.
 * Lifetime: @p raw and the output pointers are used during the call only.
 */
int scmia_raw_recv(struct scmia_raw *raw, unsigned kinds, int token, void *buf, uint32_t cap,
		   uint32_t *len, unsigned *kind, int *result, uint32_t timeout_us);

/**
 * @brief Queue statistics.
 * @param raw an attached queue. @param queued out (optional): entries
 *        queued since attach. @param dropped out (optional): entries
 *        dropped because the queue was full. @param pending out
 *        (optional): entries waiting now.
 * @return SCMIA_OK; SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: @p raw and the output pointers are used during the call only.
 */
int scmia_raw_stats(struct scmia_raw *raw, uint32_t *queued, uint32_t *dropped,
		    uint32_t *pending);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_RAW_H */

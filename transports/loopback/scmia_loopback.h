/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_loopback.h
 * @brief Loopback transport: an in-memory channel for tests and the
 *        simulated platform. Deterministic: nothing happens unless the
 *        platform side pops a command and delivers or posts a reply.
 *
 * Agent side: the transport `scmia_loopback_transport`; each channel's
 * chan_ctx is a `struct scmia_loopback_chan`.
 * Platform side: scmia_loopback_cmd_pop() takes the next command the agent
 * sent; scmia_loopback_deliver() hands a message to the agent through the
 * receive entry (the "interrupt"); scmia_loopback_post() leaves a response
 * for a polling agent (poll_done / fetch with no cookie).
 *
 * Messages live in caller-owned buffers (struct scmia_loopback_msg); a
 * message the core defers (SCMIA_RX_DEFERRED) stays allocated until the
 * core releases it. Every copy is bounded by SCMIA_LOOPBACK_DATA_MAX and
 * by the agent's buffers.
 */
#ifndef SCMIA_LOOPBACK_H
#define SCMIA_LOOPBACK_H

#include <stdint.h>

#include "scmia/scmia.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest message body (after the header) a loopback buffer holds. */
#ifndef SCMIA_LOOPBACK_DATA_MAX
#define SCMIA_LOOPBACK_DATA_MAX 256u
#endif

/** One message buffer. Private fields; caller provides arrays of them. */
struct scmia_loopback_msg {
	uint32_t hdr;   /**< @private header */
	uint32_t len;   /**< @private body length */
	uint8_t used;   /**< @private 0 free, 1 command queued, 2 delivered, 3 posted */
	uint8_t data[SCMIA_LOOPBACK_DATA_MAX]; /**< @private body */
};

struct scmia_loopback_chan;

/**
 * @brief Hook called (without locks) when the agent sent a command on an
 *        a2p channel, after it was queued; a threaded platform wakes up
 *        here, a stepped test may ignore it.
 */
typedef void (*scmia_loopback_kick_fn)(void *ctx, struct scmia_loopback_chan *lc);

/** Per-channel loopback state (the channel's chan_ctx). */
struct scmia_loopback_chan {
	struct scmia_chan *chan;          /**< @private bound at chan_setup */
	struct scmia_loopback_msg *msgs;  /**< @private buffer pool */
	unsigned n_msgs;                  /**< @private */
	uint16_t *cmdq;                   /**< @private FIFO of queued commands (indexes) */
	unsigned cmdq_head;               /**< @private */
	unsigned cmdq_count;              /**< @private */
	scmia_loopback_kick_fn kick;      /**< @private */
	void *kick_ctx;                   /**< @private */
	void *lock_ctx;                   /**< @private scmia_os ctx for locking */
	const struct scmia_os_ops *os;    /**< @private */
	int fail_send;                    /**< @private next send returns this error */
	uint32_t sent;                    /**< @private commands accepted */
	uint32_t released;                /**< @private deferred messages released */
	uint32_t cleared;                 /**< @private clear_channel calls */
	uint32_t last_send_flags;         /**< @private SCMIA_XFER_F_* of the last send */
};

/** The loopback transport descriptor (max_msg 1024, 256-byte payloads). */
extern const struct scmia_transport scmia_loopback_transport;

/**
 * @brief Prepare a loopback channel context.
 * @param lc caller-owned context.
 * @param msgs caller-owned buffers. @param n_msgs how many (>= 1).
 * @param cmdq caller-owned FIFO storage of @p n_msgs entries.
 * @param os OS ops for the loopback's own short critical sections (may be
 *        NULL for single-threaded use). @param os_ctx their context.
 * @param kick optional hook called after each command is queued.
 * @param kick_ctx its context.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before scmia_chan_open(). Lifetime: all storage must
 * outlive the channel.
 */
int scmia_loopback_chan_init(struct scmia_loopback_chan *lc, struct scmia_loopback_msg *msgs,
			     unsigned n_msgs, uint16_t *cmdq, const struct scmia_os_ops *os,
			     void *os_ctx, scmia_loopback_kick_fn kick, void *kick_ctx);

/**
 * @brief Platform side: take the oldest command the agent sent.
 * @param lc an a2p loopback channel.
 * @param[out] hdr its header. @param[out] buf payload copy (may be NULL).
 * @param cap capacity of @p buf. @param[out] len payload length (before
 *        clamping to @p cap).
 * @return SCMIA_OK; SCMIA_ENOENT when no command is queued; SCMIA_EINVAL.
 * Context: any. Lifetime: buffers used during the call only.
 */
int scmia_loopback_cmd_pop(struct scmia_loopback_chan *lc, uint32_t *hdr, void *buf,
			   uint32_t cap, uint32_t *len);

/**
 * @brief Platform side: deliver a message to the agent now, through
 *        scmia_rx() (as an interrupt handler would).
 * @param lc the channel to deliver on (a2p for responses, p2a for
 *        notifications and delayed responses).
 * @param hdr header. @param body message body after the header (for a
 *        response: status word then payload). @param len body length
 *        (may be anything up to SCMIA_LOOPBACK_DATA_MAX, including lengths
 *        too short to be valid: the fetch rejects them).
 * @return scmia_rx()'s result; SCMIA_ENOSPC when no buffer is free or
 *         @p len is too large; SCMIA_EINVAL.
 * Context: any context scmia_rx() may run in.
 * Lifetime: @p lc and @p body are used during the call only.
 */
int scmia_loopback_deliver(struct scmia_loopback_chan *lc, uint32_t hdr, const void *body,
			   uint32_t len);

/**
 * @brief Platform side: leave a response for a polling agent: poll_done
 *        reports it when its header matches the polled transfer.
 * @param lc an a2p channel. @param hdr header. @param body status + payload.
 * @param len body length.
 * @return SCMIA_OK; SCMIA_ENOSPC; SCMIA_EINVAL.
 * Context: any.
 * Lifetime: @p body is copied: @p lc and @p body are used during the call only.
 */
int scmia_loopback_post(struct scmia_loopback_chan *lc, uint32_t hdr, const void *body,
			uint32_t len);

/**
 * @brief Make the next send on the channel fail with @p err (0 to clear).
 * @param lc channel. @param err a negative scmia error or 0.
 * Context: any.
 * Lifetime: @p lc is used during the call only.
 */
void scmia_loopback_fail_next_send(struct scmia_loopback_chan *lc, int err);

/**
 * @brief Number of commands queued and not yet popped.
 * @param lc channel. @return the count.
 * Context: any.
 * Lifetime: @p lc is used during the call only.
 */
unsigned scmia_loopback_pending(struct scmia_loopback_chan *lc);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_LOOPBACK_H */

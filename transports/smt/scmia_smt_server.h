/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_smt_server.h
 * @brief SMT server: the platform side of SMT channels (DEN0056 shared
 *        memory), for a hypervisor or any firmware that serves an agent it
 *        does not trust.
 *
 * The server owns an agent's a2p area (commands in, responses out) and,
 * optionally, its p2a area (delayed responses and notifications out). The
 * layout and the barriers are those of scmia_smt.h (every access goes
 * through the same accessor table and area helpers); this is the other end
 * of the ownership rules described there.
 *
 * a2p, one command at a time:
 * @verbatim
 *   IDLE --doorbell: status 0 (handed over), length in [4, area],
 *          header a command with reserved bits 0--> BUSY
 *        copy the command out (the agent cannot change it any more),
 *        call the handler (scmia_server_cmd_fn) with a new request number
 *   BUSY --reply(req)--> write header, body, length; status := FREE;
 *          raise the completion interrupt if the command asked (flags
 *          bit0) --> IDLE
 *   IDLE --doorbell with a bad length or header--> status := FREE|ERROR
 *          (the agent's channel is not wedged), counted
 * @endverbatim
 * A doorbell while BUSY (a storm) or on an area that was not handed over
 * (FREE or ERROR still set) is counted and ignored: it costs a lock and a
 * status read, never a copy or a handler call. A doorbell that arrives in
 * the instant between the reply's FREE and the return to IDLE (an agent on
 * another CPU that was quick) is not lost: it is taken when the reply ends.
 *
 * p2a, one message in the area at a time: a delayed response or a
 * notification is written only while the agent has left the area FREE;
 * the server clears the status (hands it over), sets flags bit0 when it
 * wants the agent's completion doorbell (SCMIA_SMT_SERVER_F_ACK), and
 * raises the agent's p2a interrupt. While the agent holds the area,
 * messages wait in a bounded FIFO (caller storage); they go out at the
 * agent's acknowledge doorbell (scmia_smt_server_ack()) or the next
 * scmia_smt_server_poll(). An agent that never gives the area back cannot
 * block the server: once the FIFO is full a new notification is dropped,
 * and a new delayed response takes the place of the newest queued
 * notification or is dropped itself; each drop is counted.
 *
 * Everything the agent writes is untrusted and read once: the status, the
 * length (bounded below by the header and above by the area and the
 * server's buffer), the header, the flags. The command is copied before
 * the handler sees it, so the agent changing the area afterwards changes
 * nothing.
 *
 * Locking: the server's state is changed under the host's lock
 * (scmia_smt_server_cfg::os); the lock is never held across an area copy,
 * a hook or the handler. Interrupt hooks and the handler run without it.
 */
#ifndef SCMIA_SMT_SERVER_H
#define SCMIA_SMT_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/os.h"
#include "scmia/server.h"
#include "scmia_smt.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest command payload (after the header) the server copies out, and
 *  largest p2a body it queues. A command longer than this is refused
 *  like a bad length (ERROR). */
#ifndef SCMIA_SMT_SERVER_MSG_MAX
#define SCMIA_SMT_SERVER_MSG_MAX 256u
#endif

#if SCMIA_SMT_SERVER_MSG_MAX < 8 || SCMIA_SMT_SERVER_MSG_MAX > 65532 || \
	(SCMIA_SMT_SERVER_MSG_MAX % 4) != 0
#error "SCMIA_SMT_SERVER_MSG_MAX must be a multiple of 4 within [8, 65532]"
#endif

/** Server option: ask for the agent's p2a completion doorbell (flags bit0
 *  of every p2a message), so that queued messages go out at once when the
 *  agent frees the area (scmia_smt_server_ack()). */
#define SCMIA_SMT_SERVER_F_ACK (1u << 0)

/**
 * @brief Raise an interrupt in the agent (a virtual interrupt injected
 *        into the guest, an SGI, a mailbox...).
 * @param ctx the hook's context.
 * Context: that of the server entry that raises it (reply, p2a, ack,
 * poll); must not block and must not call back into this server.
 */
typedef void (*scmia_smt_server_irq_fn)(void *ctx);

/** One queued p2a message. Caller provides arrays of them; fields private. */
struct scmia_smt_server_msg {
	uint32_t hdr;                           /**< @private header */
	uint32_t len;                           /**< @private body bytes */
	uint8_t body[SCMIA_SMT_SERVER_MSG_MAX]; /**< @private body */
};

/** Server configuration (scmia_smt_server_init()). Zeroed fields take
 *  defaults. */
struct scmia_smt_server_cfg {
	volatile void *a2p_base; /**< The agent's command area (required), 4-byte aligned. */
	size_t a2p_size;         /**< Its size: multiple of 4, >= SCMIA_SMT_AREA_MIN. */
	volatile void *p2a_base; /**< The agent's p2a area, or NULL (no p2a path). */
	size_t p2a_size;         /**< Its size. */
	/** Accessor for both areas; NULL: scmia_smt_access_default. */
	const struct scmia_smt_access *acc;
	void *acc_ctx;           /**< Accessor context. */
	scmia_smt_server_irq_fn a2p_irq; /**< Completion interrupt of the a2p channel (optional). */
	void *a2p_irq_ctx;       /**< Its context. */
	scmia_smt_server_irq_fn p2a_irq; /**< "Message posted" interrupt of the p2a channel (optional). */
	void *p2a_irq_ctx;       /**< Its context. */
	scmia_server_cmd_fn cmd; /**< Command handler (required). */
	void *cmd_ctx;           /**< Its context. */
	/** Lock for the server's state (lock/unlock only are used). NULL:
	 *  single-context use (every entry from one context). */
	const struct scmia_os_ops *os;
	void *os_ctx;            /**< First argument of the os ops. */
	/** p2a backlog: @c queue_len entries of caller storage (NULL or 0: a
	 *  message that finds the area held by the agent is dropped). */
	struct scmia_smt_server_msg *queue;
	uint16_t queue_len;      /**< Entries at @c queue. */
	uint32_t flags;          /**< SCMIA_SMT_SERVER_F_* */
	/** Reserved-word hook of both areas (optional; scmia_smt_vendor_fn):
	 *  SCMIA_SMT_VENDOR_TX once a reply or p2a message is written and
	 *  before it is handed over (e.g. fill a CRC), SCMIA_SMT_VENDOR_RX
	 *  before a command is copied out (e.g. check one: an error refuses
	 *  the command with ERROR, counted bad_read). */
	scmia_smt_vendor_fn vendor;
	void *vendor_ctx;        /**< Its context. */
};

/** Server counters (scmia_smt_server_counters()). */
struct scmia_smt_server_stats {
	uint32_t doorbells;     /**< Doorbells (and polls that found a command). */
	uint32_t commands;      /**< Valid commands handed to the handler. */
	uint32_t replies;       /**< Responses written (FREE set). */
	uint32_t storms;        /**< Doorbells while a command was in progress: ignored. */
	uint32_t not_handed;    /**< Doorbells with FREE or ERROR still set: ignored. */
	uint32_t bad_len;       /**< Commands with a length outside [4, area] or above the buffer: ERROR. */
	uint32_t bad_hdr;       /**< Commands whose header is not a command or has reserved bits: ERROR. */
	uint32_t bad_read;      /**< Commands whose length changed while being read, or a vendor hook refusal: ERROR. */
	uint32_t stale_replies; /**< Replies to a request that is not pending: refused. */
	uint32_t truncated;     /**< Replies or p2a bodies cut to fit the area. */
	uint32_t deferred;      /**< Doorbells taken when the reply ended (raced the FREE). */
	uint32_t a2p_irqs;      /**< Completion interrupts raised. */
	uint32_t p2a_sent;      /**< p2a messages written. */
	uint32_t p2a_queued;    /**< p2a messages queued because the agent held the area. */
	uint32_t p2a_irqs;      /**< p2a interrupts raised. */
	uint32_t acks;          /**< Acknowledge doorbells from the agent. */
	uint32_t notif_drops;   /**< Notifications dropped: backlog full (or none). */
	uint32_t dresp_drops;   /**< Delayed responses dropped: backlog full of them (or none). */
	uint32_t evicted;       /**< Queued notifications dropped to make room for a delayed response. */
	uint32_t p2a_bad;       /**< p2a messages refused: not a delayed response or notification. */
	uint32_t resets;        /**< scmia_smt_server_reset() calls. */
	uint32_t abandoned;     /**< Commands given up with scmia_smt_server_abandon(). */
};

/** An SMT server (one agent's channel pair). Caller-owned; fields private. */
struct scmia_smt_server {
	struct scmia_smt_area a2p;      /**< @private */
	struct scmia_smt_area p2a;      /**< @private size 0: none */
	scmia_smt_server_irq_fn a2p_irq; /**< @private */
	void *a2p_irq_ctx;              /**< @private */
	scmia_smt_server_irq_fn p2a_irq; /**< @private */
	void *p2a_irq_ctx;              /**< @private */
	scmia_server_cmd_fn cmd;        /**< @private */
	void *cmd_ctx;                  /**< @private */
	const struct scmia_os_ops *os;  /**< @private */
	void *os_ctx;                   /**< @private */
	struct scmia_smt_server_msg *queue; /**< @private */
	uint16_t queue_len;             /**< @private */
	uint16_t q_head;                /**< @private oldest queued */
	uint16_t q_count;               /**< @private queued */
	uint8_t state;                  /**< @private a2p state (smt_server.c) */
	uint8_t cmd_irq;                /**< @private the pending command asked for an interrupt */
	uint8_t rung;                   /**< @private a doorbell raced the end of a reply */
	uint8_t p2a_busy;               /**< @private a p2a message is being written (2: the queue head) */
	uint8_t p2a_again;              /**< @private a send was asked while writing */
	uint8_t draining;               /**< @private a reply is taking raced doorbells */
	uint32_t flags;                 /**< @private SCMIA_SMT_SERVER_F_* */
	uint32_t seq;                   /**< @private request number of the pending command */
	struct scmia_smt_server_stats st; /**< @private */
	uint8_t buf[SCMIA_SMT_SERVER_MSG_MAX]; /**< @private the command being handled */
};

/** The server as struct scmia_server_ops (srv: struct scmia_smt_server *):
 *  scmia_smt_server_reply() and scmia_smt_server_p2a(). */
extern const struct scmia_server_ops scmia_smt_server_ops;

/**
 * @brief Prepare a server and hand both areas to the agent: every word
 *        zeroed, the status FREE.
 * @param srv caller-owned server (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument, no handler, a bad
 *         area (see scmia_smt_area_init()), an unknown flag, a lock op
 *         without its unlock, or queue_len without queue.
 * Context: thread, before the agent uses the areas.
 * Lifetime: @p cfg may go after the call; the areas, accessor, hooks,
 * queue and their contexts must outlive the server.
 */
int scmia_smt_server_init(struct scmia_smt_server *srv, const struct scmia_smt_server_cfg *cfg);

/**
 * @brief The agent rang the a2p doorbell (the host's trap or interrupt
 *        handler calls this). Takes the command when the area was handed
 *        over and calls the handler.
 * @param srv a server.
 * @return SCMIA_OK when a command went to the handler; SCMIA_EBUSY for a
 *         doorbell while a command is in progress (a storm: ignored);
 *         SCMIA_ESTATE when the area was not handed over (FREE or ERROR
 *         still set: ignored); SCMIA_EMALFORMED for a bad length, header
 *         or read (answered with ERROR); SCMIA_EINVAL for NULL.
 * Context: any the handler allows; never blocks; the handler runs in it.
 * Lifetime: @p srv is used during the call only; the command is copied before
 * the handler runs.
 */
int scmia_smt_server_doorbell(struct scmia_smt_server *srv);

/**
 * @brief Answer the pending command (also reached as scmia_smt_server_ops
 *        reply).
 * @param srv a server (void * for the ops table).
 * @param req the request number the handler was given.
 * @param hdr header to write (the command's, echoed).
 * @param body le32 status then return values. @param len its length;
 *        more than the area holds is cut (counted).
 * @return SCMIA_OK; SCMIA_ESTATE when @p req is not the pending command;
 *         SCMIA_EINVAL for NULL (or a NULL body with @p len > 0).
 * Context: any; never blocks. A doorbell that raced the reply's FREE is
 * taken before this returns: the handler may then run in this context.
 * Lifetime: @p body is read during the call only.
 */
int scmia_smt_server_reply(void *srv, uint32_t req, uint32_t hdr, const void *body,
			   uint32_t len);

/**
 * @brief Send a delayed response or a notification to the agent (also
 *        reached as scmia_smt_server_ops p2a). Written at once when the
 *        agent left the p2a area FREE and nothing is queued, else queued.
 * @param srv a server (void * for the ops table).
 * @param hdr header: type delayed response (2) or notification (3).
 * @param body the body after the header. @param len its length (more than
 *        the area or SCMIA_SMT_SERVER_MSG_MAX holds is cut, counted).
 * @return SCMIA_OK when written or queued; SCMIA_ENOSPC when dropped
 *         (backlog full, or none); SCMIA_ENOTSUP without a p2a area;
 *         SCMIA_EINVAL for NULL or a header of another type.
 * Context: any; never blocks.
 * Lifetime: @p body is copied before the call returns.
 */
int scmia_smt_server_p2a(void *srv, uint32_t hdr, const void *body, uint32_t len);

/**
 * @brief The agent rang the p2a completion doorbell (it set FREE after
 *        reading a message): send the next queued message.
 * @param srv a server.
 * @return the number of messages sent (0 or 1); SCMIA_EINVAL for NULL.
 * Context: any; never blocks.
 * Lifetime: @p srv is used during the call only.
 */
int scmia_smt_server_ack(struct scmia_smt_server *srv);

/**
 * @brief Polling entry, for hosts without a doorbell trap or without the
 *        agent's acknowledge doorbell: take a command the agent handed
 *        over (as scmia_smt_server_doorbell(), but finding none is not
 *        counted), then send the next queued p2a message if the agent
 *        freed the area.
 * @param srv a server.
 * @return 1 when a command went to the handler, 0 otherwise; a negative
 *         error as scmia_smt_server_doorbell() for a bad command;
 *         SCMIA_EINVAL for NULL.
 * Context: any the handler allows; never blocks.
 * Lifetime: @p srv is used during the call only.
 */
int scmia_smt_server_poll(struct scmia_smt_server *srv);

/**
 * @brief Give up the pending command without answering it through the
 *        server: its request number is refused from now on, the area is
 *        left as it is, and the next doorbell is taken as a new command.
 *        For a platform that answers (or discards) the command by other
 *        means: a subsystem restart that rewrites the area itself, a
 *        platform model that scripts the area by hand.
 * @param srv a server.
 * @return SCMIA_OK when a command was pending; SCMIA_ESTATE when none
 *         was (or it is being answered right now); SCMIA_EINVAL for NULL.
 * Context: any; never blocks.
 * Lifetime: @p srv is used during the call only.
 */
int scmia_smt_server_abandon(struct scmia_smt_server *srv);

/**
 * @brief The agent was reset (or died): forget the pending command (its
 *        late reply is refused), drop the p2a backlog, and hand both areas
 *        back to the agent (zeroed, FREE). Call it while the agent does
 *        not run.
 * @param srv a server.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread; never blocks.
 * Lifetime: @p srv is used during the call only; the areas stay the host's.
 */
int scmia_smt_server_reset(struct scmia_smt_server *srv);

/**
 * @brief Read the server's counters.
 * @param srv a server. @param[out] out the counters.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: @p srv and @p out are used during the call only.
 */
int scmia_smt_server_counters(struct scmia_smt_server *srv, struct scmia_smt_server_stats *out);

/**
 * @brief Whether a command is in progress (taken and not answered yet).
 * @param srv a server. @return 1 or 0 (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: @p srv is used during the call only.
 */
int scmia_smt_server_busy(struct scmia_smt_server *srv);

/**
 * @brief Number of p2a messages waiting for the agent to free the area.
 * @param srv a server. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: @p srv is used during the call only.
 */
unsigned scmia_smt_server_queued(struct scmia_smt_server *srv);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SMT_SERVER_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file agent.h
 * @brief Agent instances, channels, transfers, the receive entry, counters.
 *
 * Every object is caller-owned; nothing is allocated. An agent owns a list
 * of channels: a default a2p channel (protocol 0) with an optional p2a
 * channel, and optional channels dedicated to one protocol (a2p plus an
 * optional p2a). Any number of agents may coexist (no global state).
 *
 * Threading: all functions are safe to call concurrently on one agent when
 * the OS table supplies a lock. Blocking functions say so in their
 * `Context:` line; the receive entry never blocks.
 */
#ifndef SCMIA_AGENT_H
#define SCMIA_AGENT_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/config.h"
#include "scmia/error.h"
#include "scmia/header.h"
#include "scmia/notify.h"
#include "scmia/os.h"
#include "scmia/transport.h"
#include "scmia/xfer.h"
#if SCMIA_CFG_TRACE
#include "scmia/trace.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Channel completion mode: derive from transport flags and OS ops: on
 *  return when the transport completes on return; polling when the
 *  transport (or, through scmia_chan_no_completion_irq(), this channel)
 *  has no completion interrupt, or the agent has no lock op; otherwise
 *  interrupt-driven. */
#define SCMIA_COMPLETION_AUTO 0u
/** Channel completion mode: interrupt-driven (OS wait/signal, or spin on
 *  the state the receive entry updates when there is no wait op). */
#define SCMIA_COMPLETION_IRQ 1u
/** Channel completion mode: poll the transport (poll_done). */
#define SCMIA_COMPLETION_POLL 2u
/** Channel completion mode: the reply is ready when send returns. */
#define SCMIA_COMPLETION_ON_RETURN 3u

/** @private Round a buffer size up to 8 bytes. */
#define SCMIA_ALIGN8(n) (((size_t)(n) + 7u) & ~(size_t)7u)

/** @private Every bit below the highest set bit of a 16-bit value, set. */
#define SCMIA__SMEAR16(x)                                                                   \
	((x) | (x) >> 1 | (x) >> 2 | (x) >> 3 | (x) >> 4 | (x) >> 5 | (x) >> 6 | (x) >> 7 |     \
	 (x) >> 8 | (x) >> 9 | (x) >> 10 | (x) >> 11 | (x) >> 12 | (x) >> 13 | (x) >> 14 |     \
	 (x) >> 15)

/** @private Smallest power of two >= n, for 1 <= n <= 65536. */
#define SCMIA__POW2(n) (SCMIA__SMEAR16((size_t)(n) - 1u) + 1u)

/**
 * @brief Tokens an a2p channel of @p max_msg slots keeps in quarantine at
 *        most: as many as it has slots, within the 1024-token space.
 *
 * A quarantined token is one whose command ended without its reply
 * (timeout, cancel): it is not issued again while its late reply may
 * still come. When the quarantine is full, the oldest is given up
 * (SCMIA_CNT_STALE_REUSED).
 */
#define SCMIA__QUARANTINE(max_msg)                                                          \
	((size_t)(max_msg) <= 512u ? (size_t)(max_msg) : (size_t)1024u - (size_t)(max_msg))

/**
 * @brief Buckets of an a2p channel's token table: a power of two, at least
 *        8 and twice the tokens that can be out (held by the slots or
 *        quarantined), at most the 1024 tokens.
 */
#define SCMIA_TOKEN_BUCKETS(max_msg)                                                        \
	(((size_t)(max_msg) + SCMIA__QUARANTINE(max_msg)) * 2u <= 8u ? (size_t)8u           \
	 : ((size_t)(max_msg) + SCMIA__QUARANTINE(max_msg)) * 2u >= 1024u                   \
		 ? (size_t)1024u                                                            \
		 : SCMIA__POW2(((size_t)(max_msg) + SCMIA__QUARANTINE(max_msg)) * 2u))

/** @private Buckets of a p2a channel's per-protocol notification count
 *  table: a power of two >= 2 x slots, at most the 256 protocol ids. */
#define SCMIA__QUOTA_BUCKETS(max_msg)                                                       \
	(!SCMIA_CFG_NOTIFY ? (size_t)0u                                                     \
	 : (size_t)(max_msg) * 2u >= 256u ? (size_t)256u : SCMIA__POW2((size_t)(max_msg) * 2u))

/**
 * @brief Bytes of memory for an a2p channel of @p max_msg slots with
 *        @p msg_size payload bytes each (also enough for a p2a channel of
 *        the same size).
 *
 * Layout: the slots, a tx and an rx buffer per slot, the token table
 * (SCMIA_TOKEN_BUCKETS x 2 bytes), the quarantine ring (SCMIA__QUARANTINE
 * x 4 bytes: the quarantined commands' headers) and, for a table of 1024 buckets, a 1024-bit map of the
 * tokens out. It grows with the slots only.
 */
#define SCMIA_CHAN_MEM_SIZE(max_msg, msg_size)                                              \
	(SCMIA_ALIGN8(sizeof(struct scmia_xfer) * (size_t)(max_msg)) +                      \
	 SCMIA_ALIGN8(msg_size) * 2u * (size_t)(max_msg) + SCMIA_TOKEN_BUCKETS(max_msg) * 2u + \
	 SCMIA_ALIGN8(SCMIA__QUARANTINE(max_msg) * 4u) +                                     \
	 (SCMIA_TOKEN_BUCKETS(max_msg) == SCMIA_TOKEN_SPACE ? SCMIA_TOKEN_SPACE / 8u : 0u))

/**
 * @brief Bytes of memory for a p2a channel (the notification pool) of
 *        @p max_msg slots with @p msg_size payload bytes each: the slots,
 *        an rx buffer per slot and the per-protocol count table.
 */
#define SCMIA_P2A_MEM_SIZE(max_msg, msg_size)                                               \
	(SCMIA_ALIGN8(sizeof(struct scmia_xfer) * (size_t)(max_msg)) +                      \
	 SCMIA_ALIGN8(msg_size) * (size_t)(max_msg) + SCMIA__QUOTA_BUCKETS(max_msg) * 2u)

/**
 * @brief Define suitably aligned static storage for one a2p (or p2a) channel.
 * @param name variable name. @param max_msg slots. @param msg_size payload bytes.
 */
#define SCMIA_CHAN_MEM_DEFINE(name, max_msg, msg_size) \
	uint64_t name[(SCMIA_CHAN_MEM_SIZE(max_msg, msg_size) + 7u) / 8u]

/**
 * @brief Define suitably aligned static storage for one p2a channel.
 * @param name variable name. @param max_msg slots. @param msg_size payload bytes.
 */
#define SCMIA_P2A_MEM_DEFINE(name, max_msg, msg_size) \
	uint64_t name[(SCMIA_P2A_MEM_SIZE(max_msg, msg_size) + 7u) / 8u]

/** Agent flag: run notification handlers directly from the receive entry
 *  (after releasing the lock) instead of queueing them for
 *  scmia_notify_dispatch(). */
#define SCMIA_AGENT_F_NOTIFY_IMMEDIATE (1u << 0)

/**
 * @brief Extracts the source id of a notification (the resource it is
 *        about) for handler matching.
 * @param ctx scmia_agent_cfg::notify_src_ctx.
 * @param hdr the notification header.
 * @param payload the payload after the header. @param len its length.
 * @return the source id, or SCMIA_NOTIFY_SRC_ANY when it has none.
 * Context: the receive entry's context; must not block.
 */
typedef uint32_t (*scmia_notify_src_fn)(void *ctx, uint32_t hdr, const void *payload,
					uint32_t len);

/** Agent configuration. Zeroed fields take their defaults. */
struct scmia_agent_cfg {
	const struct scmia_os_ops *os;   /**< OS ops; NULL: single-threaded polling mode. */
	void *os_ctx;                    /**< First argument of every OS op. */
	const struct scmia_transport *transport; /**< Transport (required). */
	void *transport_ctx;             /**< First argument of every transport op. */
	uint32_t flags;                  /**< SCMIA_AGENT_F_* */
	/** Most notifications of one protocol queued at once, so that a flood
	 *  on one protocol cannot starve another; 0: half of the p2a pool
	 *  (at least 1). */
	uint32_t notify_quota;
	/** Source id extractor; NULL: the generic rule (payload word 1 when
	 *  present, as for every standard protocol's notifications except
	 *  System power; else SCMIA_NOTIFY_SRC_ANY). */
	scmia_notify_src_fn notify_src;
	void *notify_src_ctx;            /**< First argument of notify_src. */
#if SCMIA_CFG_TRACE
	/** Trace callback (include/scmia/trace.h), NULL: none. Its events
	 *  carry the same fields as Linux's scmi trace events. */
	scmia_trace_fn trace;
	void *trace_ctx;                 /**< First argument of trace. */
	uint16_t agent_id;               /**< Instance id the events carry (Linux `id`). */
#endif
};

/** Channel configuration. Zeroed fields take their defaults. */
struct scmia_chan_cfg {
	uint8_t dir;        /**< SCMIA_CHAN_A2P or SCMIA_CHAN_P2A. */
	uint8_t proto_id;   /**< 0: the default channel; else dedicated to this protocol. */
	uint8_t completion; /**< SCMIA_COMPLETION_*; AUTO by default. */
	uint16_t max_msg;   /**< Slots; 0: transport get_max_msg, then descriptor, then default. [1, SCMIA_CFG_MAX_SLOTS]. */
	uint16_t msg_size;  /**< Payload bytes per slot; 0: transport max_msg_size. At least 8. */
	void *chan_ctx;     /**< Transport per-channel context (scmia_chan_ctx()). */
	void *mem;          /**< Channel memory, 8-byte aligned (SCMIA_CHAN_MEM_DEFINE). */
	size_t mem_size;    /**< Bytes at mem; at least SCMIA_CHAN_MEM_SIZE(max_msg, msg_size). */
	/** Host wait objects, one per slot, at wait_objs + i * wait_obj_stride;
	 *  NULL: waits on this channel spin on the transfer state or poll. */
	void *wait_objs;
	size_t wait_obj_stride;      /**< Bytes between two wait objects. */
	uint32_t reply_timeout_us;   /**< Reply timeout; 0: transport's, then default. */
	uint32_t dresp_timeout_us;   /**< Delayed-response timeout; 0: default. */
};

/** @private Channel state values. */
enum scmia_chan_state {
	SCMIA_CHS_CLOSED = 0,
	SCMIA_CHS_OPENING,
	SCMIA_CHS_OPEN,
	SCMIA_CHS_CLOSING
};

/** A channel. Caller-owned; all fields private. */
struct scmia_chan {
	struct scmia_agent *agent;   /**< @private */
	struct scmia_chan *next;     /**< @private agent list */
#if SCMIA_CFG_P2A
	struct scmia_chan *peer;     /**< @private a2p <-> p2a partner */
#endif
	void *chan_ctx;              /**< @private */
	struct scmia_xfer *xfers;    /**< @private slots */
	uint16_t *tab;               /**< @private a2p: token table; p2a: quota counts */
	uint32_t *qring;             /**< @private a2p: headers of the quarantined commands, oldest first */
	uint32_t *omap;              /**< @private a2p, 1024 buckets: map of the tokens out */
	uint32_t osum;               /**< @private bit w: word w of omap is full */
	void *wait_objs;             /**< @private */
	size_t wait_stride;          /**< @private */
	uint32_t reply_timeout_us;   /**< @private */
#if SCMIA_CFG_ASYNC
	uint32_t dresp_timeout_us;   /**< @private */
#endif
#if SCMIA_CFG_NONBLOCKING
	uint32_t n_cb;               /**< @private non-blocking transfers in flight */
	uint16_t lhead[3];           /**< @private lists: reply expiry, delayed expiry, polled */
	uint16_t ltail[3];           /**< @private */
#endif
	uint16_t max_msg;            /**< @private */
	uint16_t msg_size;           /**< @private */
	uint16_t free_head;          /**< @private */
	uint16_t last_token;         /**< @private last token issued */
	uint16_t tmask;              /**< @private a2p: buckets - 1; p2a: quota buckets - 1 */
	uint16_t n_displaced;        /**< @private a2p: table entries away from their home bucket */
	uint16_t qcap;               /**< @private a2p: quarantine ring size */
	uint16_t qhead;              /**< @private a2p: oldest ring entry */
	uint16_t qcount;             /**< @private a2p: ring entries */
	uint16_t n_quar;             /**< @private a2p: tokens quarantined now */
	uint16_t rx_active;          /**< @private receives in progress on this channel */
#if SCMIA_CFG_NOTIFY
	uint16_t nq_count;           /**< @private queued notifications from this pool */
#endif
	uint8_t dir;                 /**< @private */
	uint8_t proto_id;            /**< @private */
	uint8_t state;               /**< @private enum scmia_chan_state */
	uint8_t mode;                /**< @private resolved completion mode */
};

/** An agent instance. Caller-owned; all fields private. */
struct scmia_agent {
	const struct scmia_os_ops *os;          /**< @private */
	void *os_ctx;                           /**< @private */
	const struct scmia_transport *transport; /**< @private */
	const struct scmia_transport_ops *ops;  /**< @private transport->ops */
	void *tctx;                             /**< @private */
	struct scmia_chan *chans;               /**< @private every open channel */
	struct scmia_chan *def;                 /**< @private the default a2p channel */
#if SCMIA_CFG_DEDICATED
	struct scmia_chan *ded[SCMIA_CFG_CHAN_TABLE]; /**< @private dedicated a2p channels by protocol */
	uint16_t n_ded;                         /**< @private */
#endif
#if SCMIA_CFG_NOTIFY
	struct scmia_notifier *notifiers;       /**< @private */
	struct scmia_xfer *nq_head;             /**< @private notification queue */
	struct scmia_xfer *nq_tail;             /**< @private */
	scmia_notify_src_fn notify_src;         /**< @private */
	void *notify_src_ctx;                   /**< @private */
	uint32_t notify_quota;                  /**< @private */
#endif
#if SCMIA_CFG_NONBLOCKING
	uint64_t next_expiry;                   /**< @private no non-blocking deadline before this */
	uint32_t n_polled;                      /**< @private non-blocking transfers that poll */
#endif
#if SCMIA_CFG_TRACE
	scmia_trace_fn trace;                   /**< @private */
	void *trace_ctx;                        /**< @private */
	uint32_t transfer_id;                   /**< @private last transfer id issued */
	int32_t inflight;                       /**< @private transfers in flight */
	uint16_t agent_id;                      /**< @private */
#endif
#if SCMIA_CFG_RAW
	struct scmia_raw *raw;                  /**< @private attached raw queue */
#endif
	uint64_t vtime;                         /**< @private virtual clock (no now_us) */
	uint64_t last_now;                      /**< @private clamp of the OS clock */
	uint32_t flags;                         /**< @private */
#if SCMIA_CFG_COUNTERS
	uint32_t cnt[SCMIA_CNT__COUNT];         /**< @private counters */
#endif
	uint8_t osf;                            /**< @private which OS ops exist */
	uint8_t state;                          /**< @private 0 off, 1 up */
};

/**
 * @brief Initialise an agent instance.
 *
 * Checks the transport's readiness, then calls its init op.
 * @param agent caller-owned storage (its content is overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument, a missing transport
 *         or required op, or an OS table with lock but no unlock / wait
 *         but no signal; SCMIA_EAGAIN when the transport is not ready
 *         (nothing was changed: call again later); the transport init
 *         op's error otherwise.
 * Context: thread or early boot (no OS needed); does not block unless the
 * transport's init does.
 * Lifetime: @p cfg may go after the call; the OS and transport tables and
 * contexts must outlive the agent.
 */
int scmia_agent_init(struct scmia_agent *agent, const struct scmia_agent_cfg *cfg);

/**
 * @brief Tear an agent down: close every channel (p2a first, failing
 *        transfers in flight with SCMIA_ECANCELED), drop queued
 *        notifications, then call the transport's exit op.
 * @param agent an initialised agent.
 * @return SCMIA_OK, or SCMIA_ESTATE when the agent is not initialised
 *         (a double deinit is harmless).
 * Context: thread; does not block; runs completion callbacks of
 * cancelled transfers.
 * Lifetime: @p agent is used during the call; its channels, their memory and the OS and transport
 * contexts may go once it returned (transfers of the channels must have been put).
 */
int scmia_agent_deinit(struct scmia_agent *agent);

/**
 * @brief Open a channel and attach it to the agent.
 *
 * A p2a channel attaches to the a2p channel of the same proto_id, which
 * must be open already; its slots are the notification pool.
 * @param agent an initialised agent.
 * @param chan caller-owned channel storage.
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for bad arguments, a configured
 *         max_msg above SCMIA_CFG_MAX_SLOTS or the transport's, a
 *         transport's max_msg outside [1, 1024] (a transport's default
 *         above SCMIA_CFG_MAX_SLOTS is cut to it), msg_size below 8,
 *         misaligned memory, a p2a channel without its a2p partner or
 *         without fetch_notification, an a2p channel without send,
 *         interrupt-driven completion on a channel whose transport said
 *         it has no completion interrupt; SCMIA_ENOTSUP for a
 *         completion mode or channel kind the build compiled out (or
 *         AUTO with nothing that can complete);
 *         SCMIA_ENOSPC when mem_size is too small; SCMIA_ESTATE when a
 *         channel of that protocol and direction is already open;
 *         SCMIA_EAGAIN when the transport is not ready; the transport's
 *         chan_setup error. On error nothing stays attached.
 * Context: thread or early boot; does not block unless chan_setup does.
 * Lifetime: @p chan, its memory and wait objects must stay valid until
 * scmia_chan_close() (or scmia_agent_deinit()) returned and every
 * transfer of it was put.
 */
int scmia_chan_open(struct scmia_agent *agent, struct scmia_chan *chan,
		    const struct scmia_chan_cfg *cfg);

/**
 * @brief Close a channel: reject further receives, fail every transfer in
 *        flight with SCMIA_ECANCELED (waking waiters, running callbacks),
 *        release the transport channel and detach it. Closing an a2p
 *        channel first closes its p2a partner.
 * @param chan an open channel.
 * @return SCMIA_OK; SCMIA_ESTATE when not open (a double close is harmless).
 * Context: thread; does not block.
 * Lifetime: @p chan is used during the call; it, its memory and its wait objects may go once it
 * returned and every transfer of it was put.
 */
int scmia_chan_close(struct scmia_chan *chan);

/**
 * @brief Change a channel's timeouts at run time.
 * @param chan an open a2p channel.
 * @param reply_timeout_us reply timeout; 0 keeps the current value.
 * @param dresp_timeout_us delayed-response timeout; 0 keeps the current value.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL or non-a2p channel.
 * Context: any; takes effect for transfers submitted afterwards.
 * Lifetime: @p chan is used during the call only.
 */
int scmia_chan_set_timeouts(struct scmia_chan *chan, uint32_t reply_timeout_us,
			    uint32_t dresp_timeout_us);

/**
 * @brief The a2p channel that carries commands of @p proto_id: its
 *        dedicated channel, else the default one.
 * @param agent an agent. @param proto_id protocol id.
 * @return the channel, or NULL when none is open.
 * Context: any, never blocks. Lifetime: valid while the channel is open.
 */
struct scmia_chan *scmia_agent_chan(struct scmia_agent *agent, uint8_t proto_id);

/**
 * @brief Whether an a2p channel has its p2a partner open: the only way
 *        for delayed responses (and notifications) to arrive on it.
 * @param chan an a2p channel (e.g. from scmia_agent_chan()).
 * @return 1 when a p2a channel is paired with it; 0 otherwise, for NULL,
 *         for a p2a channel, or in a build without p2a channels.
 * Context: any, never blocks.
 * Lifetime: @p chan is used during the call only.
 */
int scmia_chan_has_p2a(const struct scmia_chan *chan);

/**
 * @brief Take a free transfer slot for a command.
 * @param agent an initialised agent.
 * @param proto_id protocol id. @param msg_id message id.
 * @param tx_len payload bytes the caller will write at tx_buf.
 * @param rx_cap reply payload bytes the caller accepts; 0: the slot's
 *        msg_size. Longer replies are clamped (a newer platform may append
 *        fields).
 * @param[out] out the transfer, owned by the caller until scmia_xfer_put().
 * @return SCMIA_OK; SCMIA_EINVAL for bad arguments or a size above the
 *         channel's msg_size; SCMIA_ENOENT when no channel carries the
 *         protocol; SCMIA_ENOSLOT when every slot is in use or held by the
 *         transport (never waits).
 * Context: any, never blocks.
 * Lifetime: the transfer stored at @p out belongs to the caller until scmia_xfer_put(); its tx_buf
 * and rx_buf are valid until then.
 */
int scmia_xfer_get(struct scmia_agent *agent, uint8_t proto_id, uint8_t msg_id,
		   uint32_t tx_len, uint32_t rx_cap, struct scmia_xfer **out);

/**
 * @brief Give a transfer back. The slot returns to the pool once no
 *        receive is using it and the transport does not hold it.
 * @param xfer a transfer obtained by scmia_xfer_get().
 * @return SCMIA_OK; SCMIA_EINVAL for NULL; SCMIA_ESTATE when it was not
 *         owned by a caller (double put) or is still in flight with a
 *         callback pending.
 * Context: any, never blocks. Lifetime: @p xfer must not be used after.
 */
int scmia_xfer_put(struct scmia_xfer *xfer);

#if SCMIA_CFG_NONBLOCKING
/**
 * @brief Send a transfer without waiting; @p cb runs once when it ends.
 *
 * The reply deadline starts when the transport accepted the message
 * (doorbell rung), not when it was queued. Overdue transfers are failed
 * with SCMIA_ETIMEDOUT by scmia_agent_service(), or by the next
 * submit or receive on the channel that notices the deadline passed.
 * @param xfer a transfer from scmia_xfer_get(), tx filled.
 * @param flags SCMIA_XFER_F_ASYNC to complete after the delayed response.
 * @param cb completion callback (required). @param arg its argument.
 * @return SCMIA_OK (the callback will run exactly once); SCMIA_EINVAL;
 *         SCMIA_ESTATE when already submitted; SCMIA_ECANCELED when the
 *         channel is closing; the transport's send error (no callback).
 * Context: any context the transport's send allows; never blocks itself.
 * With COMPLETION_ON_RETURN transports the callback may run before this
 * returns.
 * Lifetime: @p xfer belongs to the library from a successful call until @p cb ran; @p cb and @p arg
 * must stay valid until then.
 */
int scmia_xfer_submit(struct scmia_xfer *xfer, unsigned flags, scmia_xfer_cb cb, void *arg);
#endif /* SCMIA_CFG_NONBLOCKING: no scmia_xfer_submit() without it */

/**
 * @brief Send a transfer and wait for its end: the response, or with
 *        SCMIA_XFER_F_ASYNC the delayed response.
 *
 * Waits per the channel's completion mode, or by polling with
 * SCMIA_XFER_F_POLL. Every wait has a deadline; after it passes, the
 * completion is checked once more so that a preempted waiter does not
 * report a false timeout.
 * @param xfer a transfer from scmia_xfer_get(), tx filled.
 * @param flags SCMIA_XFER_F_ASYNC, SCMIA_XFER_F_POLL.
 * @return SCMIA_OK with the reply in rx_buf/rx_len; an SCMI-band error for
 *         a non-SUCCESS status; SCMIA_EMALFORMED for a status outside
 *         [-11, 0] or a transport-reported bad length; SCMIA_ETIMEDOUT;
 *         SCMIA_ECANCELED; SCMIA_EIO or another transport error from send;
 *         SCMIA_ENOTSUP when polling is asked of a transport without
 *         poll_done; SCMIA_EINVAL / SCMIA_ESTATE for misuse.
 * Context: thread when the channel waits on OS wait objects (blocks up to
 * the timeouts); any context when polling with a transport flagged
 * SCMIA_TRANSPORT_F_ATOMIC_SAFE (spins up to the timeouts).
 * Lifetime: @p xfer is used until the call returns; the reply in rx_buf stays valid until
 * scmia_xfer_put().
 */
int scmia_xfer_do(struct scmia_xfer *xfer, unsigned flags);

/**
 * @brief One-shot command: get a slot, copy @p tx, run it, copy the reply
 *        to @p rx, put the slot.
 * @param agent an initialised agent.
 * @param proto_id protocol id. @param msg_id message id.
 * @param tx command payload (may be NULL when @p tx_len is 0).
 * @param tx_len payload length.
 * @param rx reply buffer (may be NULL when @p rx_cap is 0).
 * @param rx_cap its capacity; a longer reply is clamped.
 * @param[out] rx_len reply payload length copied (may be NULL).
 * @param flags SCMIA_XFER_F_*.
 * @return as scmia_xfer_get() and scmia_xfer_do().
 * Context: as scmia_xfer_do(). Lifetime: buffers used during the call only.
 */
int scmia_cmd(struct scmia_agent *agent, uint8_t proto_id, uint8_t msg_id, const void *tx,
	      uint32_t tx_len, void *rx, uint32_t rx_cap, uint32_t *rx_len, unsigned flags);

/**
 * @brief The receive entry. The host calls it when a message arrives on a
 *        channel: from the transport's interrupt handler or a thread.
 *
 * Matches responses and delayed responses by token to the transfer that
 * waits for them, validates the state (SENT -> RESP -> DRESP), lets the
 * transport fetch the message, completes the transfer; queues
 * notifications. Anything unexpected is dropped, counted and the transport
 * asked to clear the channel. Never blocks, never spins on another
 * receive: a message for a transfer that another receive is processing is
 * handed to that receive (SCMIA_RX_DEFERRED).
 * @param chan the channel the message arrived on.
 * @param hdr the message header (host order).
 * @param cookie opaque pointer passed on to fetch / clear / rx_release.
 * @return SCMIA_OK when consumed; SCMIA_RX_DEFERRED (keep the message until
 *         rx_release); or the reason it was dropped: SCMIA_ESTATE (channel
 *         not open), SCMIA_EUNEXPECTED (unknown or stale token, invalid
 *         state), SCMIA_EMALFORMED (bad type or reserved bits, fetch
 *         error), SCMIA_ENOSPC (notification queue full or quota).
 * Context: any (interrupt or thread), never blocks; takes the agent lock
 * briefly; may run completion callbacks and, with
 * SCMIA_AGENT_F_NOTIFY_IMMEDIATE, notification handlers (without the lock).
 * Without SCMIA_CFG_LOCK (one context), from that context only: outside
 * any library call, or nested in the OS relax op, which the library calls
 * between two looks of a wait, never inside its own bookkeeping.
 * Lifetime: @p cookie is used during the call, and until rx_release when
 * SCMIA_RX_DEFERRED is returned.
 */
int scmia_rx(struct scmia_chan *chan, uint32_t hdr, void *cookie);

#if SCMIA_CFG_NONBLOCKING
/**
 * @brief Drive non-blocking transfers: poll the transport for those that
 *        poll (polling channel or SCMIA_XFER_F_POLL), then expire overdue
 *        ones (callbacks get SCMIA_ETIMEDOUT), using the agent's clock.
 * @param agent an initialised agent.
 * @return the number of transfers expired (>= 0), or SCMIA_EINVAL.
 * Context: any context in which the callbacks may run; never blocks.
 * Lifetime: @p agent is used during the call only.
 */
int scmia_agent_service(struct scmia_agent *agent);

/**
 * @brief As scmia_agent_service(), at the host's current time.
 *
 * For hosts without a now_us op: @p now_us then drives the agent's virtual
 * clock (it never goes backwards), so non-blocking transfers still expire.
 * With a now_us op, the OS clock is used and @p now_us is ignored.
 * @param agent an initialised agent.
 * @param now_us the host's monotonic time in microseconds.
 * @return the number of transfers expired (>= 0), or SCMIA_EINVAL.
 * Context: any context in which the callbacks may run; never blocks.
 * Lifetime: @p agent is used during the call only.
 */
int scmia_agent_service_at(struct scmia_agent *agent, uint64_t now_us);
#endif /* SCMIA_CFG_NONBLOCKING: the service exists for non-blocking transfers */

/**
 * @brief Read the agent's counters.
 * @param agent an agent.
 * @param[out] out array of @p n counters, indexed by enum scmia_counter.
 * @param n entries at @p out (extra counters are not copied).
 * @return the number of counters copied, or SCMIA_EINVAL.
 * Context: any, never blocks.
 * Lifetime: @p agent and @p out are used during the call only.
 */
int scmia_agent_counters(struct scmia_agent *agent, uint32_t *out, unsigned n);

/**
 * @brief Read one counter.
 * @param agent an agent. @param id the counter.
 * @return its value; 0 for an unknown id.
 * Context: any, never blocks.
 * Lifetime: @p agent is used during the call only.
 */
uint32_t scmia_agent_counter(struct scmia_agent *agent, enum scmia_counter id);

/**
 * @brief Name of a counter, for reports.
 * @param id the counter. @return a static string; "?" for an unknown id;
 *         "" for every known id when SCMIA_CFG_COUNTERS is 0 (no counters,
 *         no names).
 * Context: any. Lifetime: static.
 */
const char *scmia_counter_name(enum scmia_counter id);

/**
 * @brief Count the transfer slots of a channel by state, for leak checks.
 * @param chan an open channel.
 * @param[out] n_free slots in the pool (may be NULL).
 * @param[out] n_held slots still referenced by a caller, a receive or the
 *             transport (may be NULL).
 * @param[out] n_inflight tokens in flight (may be NULL).
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any, never blocks.
 * Lifetime: @p chan and the output pointers are used during the call only.
 */
int scmia_chan_stats(struct scmia_chan *chan, unsigned *n_free, unsigned *n_held,
		     unsigned *n_inflight);

/**
 * @brief Number of quarantined tokens of an a2p channel: tokens of
 *        commands that ended without their reply (timeout, cancel), kept
 *        out of circulation until their late reply arrives or every other
 *        bucket is taken.
 * @param chan an open a2p channel.
 * @return the count; 0 for NULL or a p2a channel.
 * Context: any, never blocks; takes the agent lock briefly.
 * Lifetime: @p chan is used during the call only.
 */
unsigned scmia_chan_quarantined(struct scmia_chan *chan);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_AGENT_H */

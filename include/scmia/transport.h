/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file transport.h
 * @brief The transport contract: ops table + descriptor, and the services
 *        the core offers to transports.
 *
 * A transport is a `const struct scmia_transport` (descriptor + ops) in ROM.
 * The agent holds one transport instance context (scmia_agent_cfg::
 * transport_ctx, passed first to every op) and each channel has its own
 * per-channel context (scmia_chan_cfg::chan_ctx, read with scmia_chan_ctx()).
 *
 * Life of a message, as the core drives it:
 * @verbatim
 *   a2p:  send() [-> scmia_xfer_sent() before the doorbell] ...... platform
 *         ...... host calls scmia_rx(chan, hdr, cookie)
 *                                        -> fetch_response(chan, xfer, cookie)
 *         [poll_done() instead of the interrupt when polling]
 *         mark_txdone() once the response is fetched, or on timeout/cancel
 *   p2a:  host calls scmia_rx(p2a, hdr, cookie)
 *         -> fetch_response() for a delayed response (into the a2p xfer)
 *         -> fetch_notification() for a notification (into an rx-pool xfer)
 *   any message the core discards unread: clear_channel(chan, cookie)
 *   a message kept by SCMIA_RX_DEFERRED: rx_release(chan, cookie) later
 * @endverbatim
 *
 * Ops run without any library lock held. Ops may call the services at the
 * end of this header, but never scmia_rx() for the same message.
 */
#ifndef SCMIA_TRANSPORT_H
#define SCMIA_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/os.h"
#include "scmia/xfer.h"

#ifdef __cplusplus
extern "C" {
#endif

struct scmia_chan;

/** The transport has no completion interrupt: every wait polls (poll_done). */
#define SCMIA_TRANSPORT_F_NO_COMPLETION_IRQ (1u << 0)
/** send() returns only after the platform processed the command (SMC/HVC):
 *  the response is fetched right after send. */
#define SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN (1u << 1)
/** send(), poll_done() and fetch never sleep: polling calls may be made from
 *  atomic context. */
#define SCMIA_TRANSPORT_F_ATOMIC_SAFE (1u << 2)

/**
 * @brief Transport operations. Only chan_setup, send (for a2p channels) and
 *        fetch_response are required; everything else may be NULL.
 *
 * @p ctx is scmia_agent_cfg::transport_ctx. Error returns are scmia error
 * codes (error.h).
 */
struct scmia_transport_ops {
	/** Once at scmia_agent_init(), after ready(). An error fails the init. */
	int (*init)(void *ctx);
	/** Once at scmia_agent_deinit(), after every channel is closed. */
	void (*exit)(void *ctx);
	/** Readiness check (Linux: link_supplier): 0 when usable,
	 *  SCMIA_EAGAIN when the underlying device is not up yet. */
	int (*ready)(void *ctx);
	/** Prepare a channel (map memory, enable its interrupt). May receive
	 *  before returning: scmia_rx() is safe from then on. */
	int (*chan_setup)(void *ctx, struct scmia_chan *chan);
	/** Release a channel. After return, the host must not call scmia_rx()
	 *  for it (calls that still come are rejected and counted). */
	void (*chan_free)(void *ctx, struct scmia_chan *chan);
	/** Number of slots this channel supports at run time (e.g. virtio:
	 *  ring size / 2), or a negative error. Must be within [1, 1024]. */
	int (*get_max_msg)(void *ctx, struct scmia_chan *chan);
	/** Start sending xfer->hdr + tx_buf[0..tx_len) on an a2p channel.
	 *  Return 0 when handed to the platform (doorbell rung), or an error
	 *  when nothing was handed over (then the core retires the token).
	 *  With SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN, the reply is ready
	 *  when this returns 0. scmia_xfer_flags() tells whether the caller
	 *  polls (SCMIA_XFER_F_POLL: no completion interrupt wanted). */
	int (*send)(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer);
	/** The core is done with the a2p channel for this send: the response
	 *  was fetched (ret 0) or the wait ended in error (ret < 0). Called
	 *  once per send that returned 0, after send() returned, never with
	 *  the agent's lock held, and before the transfer's completion
	 *  callback (so never for a transfer already put). */
	void (*mark_txdone)(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer);
	/** Copy a response or delayed response into the xfer: set
	 *  xfer->status to the raw status word and copy the payload after the
	 *  status into rx_buf, clamped to rx_cap, setting rx_len. @p cookie
	 *  is what the host gave scmia_rx() (NULL when polling / completion on
	 *  return). Return 0, or SCMIA_EMALFORMED / SCMIA_ETOOSHORT when the
	 *  platform's length cannot hold a status, SCMIA_EPROTO for a
	 *  transport-level error indication. */
	int (*fetch_response)(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer, void *cookie);
	/** Copy a notification payload (everything after the header) into
	 *  rx_buf, at most @p max_len bytes; set rx_len. Return 0 or an error
	 *  as for fetch_response. Required on p2a channels. */
	int (*fetch_notification)(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				  uint32_t max_len, void *cookie);
	/** The core discarded the message behind @p cookie without fetching
	 *  it (unknown token, bad state, queue full). A p2a transport frees
	 *  its area here; an a2p area is never the agent's to free. */
	void (*clear_channel)(void *ctx, struct scmia_chan *chan, void *cookie);
	/** Polling: 1 when the response to @p xfer is ready to fetch, 0 when
	 *  not yet, a negative error when the channel reports one. */
	int (*poll_done)(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer);
	/** The core finished with a message it kept (scmia_rx() returned
	 *  SCMIA_RX_DEFERRED), whether it fetched or discarded it (no
	 *  clear_channel is called for a kept message): the transport may now
	 *  reuse its buffer. Required for transports whose receive can be
	 *  re-entered or run concurrently for one transfer. */
	void (*rx_release)(void *ctx, struct scmia_chan *chan, void *cookie);
	/** Polling receive on a p2a channel that has no interrupt: look for
	 *  a message and, if there is one, pass it to scmia_rx(). Return 1
	 *  when a message was delivered, 0 when there was none, a negative
	 *  error otherwise. Called by polling waits for a delayed response
	 *  and by scmia_agent_service(). Optional. */
	int (*rx_poll)(void *ctx, struct scmia_chan *chan);
};

/**
 * @brief Transport descriptor (Linux: scmi_desc). Const, in ROM.
 */
struct scmia_transport {
	const struct scmia_transport_ops *ops; /**< Operations. */
	const char *name;                      /**< Short name for logs and traces. */
	uint32_t reply_timeout_us;  /**< Default reply timeout; 0: SCMIA_DEFAULT_REPLY_TIMEOUT_US. */
	uint16_t max_msg;           /**< Slots per channel; 0: SCMIA_DEFAULT_MAX_MSG. Within [1, 1024]. */
	uint16_t max_msg_size;      /**< Largest payload in bytes; 0: SCMIA_DEFAULT_MSG_SIZE. */
	uint32_t flags;             /**< SCMIA_TRANSPORT_F_* */
};

/* ------------------------------------------------------------------ */
/* Services for transports                                             */
/* ------------------------------------------------------------------ */

/** Channel direction: agent to platform (commands, responses). */
#define SCMIA_CHAN_A2P 0u
/** Channel direction: platform to agent (notifications, delayed responses). */
#define SCMIA_CHAN_P2A 1u

/**
 * @brief The per-channel transport context given in scmia_chan_cfg::chan_ctx.
 * @param chan an open (or opening) channel. @return the pointer, may be NULL.
 * Context: any, never blocks.
 * Lifetime: @p chan is used during the call; the pointer returned is the caller's own
 * (scmia_chan_cfg::chan_ctx).
 */
void *scmia_chan_ctx(const struct scmia_chan *chan);

/**
 * @brief Say that no completion interrupt is wired for this channel (a
 *        channel option of the transport, such as SCMIA_SMT_F_NO_IRQ).
 *
 * Called by the transport's chan_setup op. The channel then completes by
 * polling: opened with SCMIA_COMPLETION_AUTO it polls (SCMIA_ENOTSUP from
 * scmia_chan_open() when the transport has no poll_done op or the build
 * has no polling); opened with SCMIA_COMPLETION_IRQ it is refused
 * (SCMIA_EINVAL: every wait would end in a timeout). Ignored at any other
 * time.
 * @param chan the channel being set up.
 * Context: the transport's chan_setup op.
 * Lifetime: @p chan is used during the call only.
 */
void scmia_chan_no_completion_irq(struct scmia_chan *chan);

/**
 * @brief Direction of a channel.
 * @param chan a channel. @return SCMIA_CHAN_A2P or SCMIA_CHAN_P2A.
 * Context: any, never blocks.
 * Lifetime: @p chan is used during the call only.
 */
unsigned scmia_chan_dir(const struct scmia_chan *chan);

/**
 * @brief Protocol the channel is dedicated to (0 for the default channel).
 * @param chan a channel. @return the protocol id or 0.
 * Context: any, never blocks.
 * Lifetime: @p chan is used during the call only.
 */
unsigned scmia_chan_proto_id(const struct scmia_chan *chan);

/**
 * @brief Current reply timeout of a channel (a transport waiting for a busy
 *        channel derives its bound from it).
 * @param chan an open a2p channel (a p2a channel answers its partner's).
 * @return the reply timeout in µs; 0 for NULL.
 * Context: any, never blocks.
 * Lifetime: @p chan is used during the call only.
 */
uint32_t scmia_chan_reply_timeout_us(const struct scmia_chan *chan);

/**
 * @brief Number of slots of the channel (resolved max_msg).
 * @param chan an open channel. @return max_msg in [1, 1024].
 * Context: any, never blocks.
 * Lifetime: @p chan is used during the call only.
 */
unsigned scmia_chan_max_msg(const struct scmia_chan *chan);

/**
 * @brief Largest payload of the channel in bytes (resolved msg_size).
 * @param chan an open channel. @return msg_size.
 * Context: any, never blocks.
 * Lifetime: @p chan is used during the call only.
 */
unsigned scmia_chan_msg_size(const struct scmia_chan *chan);

/**
 * @brief The transfer in slot @p index of a channel (for transports that
 *        keep per-slot buffers, e.g. virtio).
 * @param chan an open channel. @param index slot index < max_msg.
 * @return the transfer, or NULL when @p index is out of range.
 * Context: any, never blocks. Lifetime: valid while the channel is open.
 */
struct scmia_xfer *scmia_chan_xfer(struct scmia_chan *chan, unsigned index);

/**
 * @brief Monotonic time of the agent that owns the channel, in µs.
 *
 * With no now_us op, this is the agent's virtual time (advanced by polling).
 * @param chan a channel. @return microseconds.
 * Context: any, never blocks.
 * Lifetime: @p chan is used during the call only.
 */
uint64_t scmia_chan_now_us(struct scmia_chan *chan);

/**
 * @brief One polling back-off step (the OS relax op, or virtual time
 *        advance when there is no clock). For transports that wait for a
 *        channel to become free.
 * @param chan a channel.
 * Context: any; does not block beyond the relax op.
 * Lifetime: @p chan is used during the call only.
 */
void scmia_chan_relax(struct scmia_chan *chan);

/** Counter ids (also the index into scmia_agent_counters() output). */
enum scmia_counter {
	SCMIA_CNT_SENT = 0,          /**< Commands handed to the transport. */
	SCMIA_CNT_REPLIES,           /**< Responses matched and fetched. */
	SCMIA_CNT_DELAYED_REPLIES,   /**< Delayed responses matched and fetched. */
	SCMIA_CNT_NOTIFICATIONS,     /**< Notifications queued or dispatched. */
	SCMIA_CNT_TIMEOUTS,          /**< Waits (reply or delayed) that timed out. */
	SCMIA_CNT_LATE_REPLIES,      /**< Replies for a timed-out transfer, dropped. */
	SCMIA_CNT_UNEXPECTED_TOKEN,  /**< Replies whose token nobody waits for, dropped. */
	SCMIA_CNT_INVALID_STATE,     /**< Replies invalid in the transfer's state (duplicate, after delayed, unrequested delayed), dropped. */
	SCMIA_CNT_MALFORMED,         /**< Malformed messages: bad type, reserved bits, status, length. */
	SCMIA_CNT_SPURIOUS,          /**< Spurious doorbells / interrupts reported by transports. */
	SCMIA_CNT_NOTIFY_DROPS,      /**< Notifications dropped: queue full or per-protocol quota. */
	SCMIA_CNT_NOTIFY_UNHANDLED,  /**< Notifications dispatched with no matching handler. */
	SCMIA_CNT_TX_ERRORS,         /**< Transport send failures. */
	SCMIA_CNT_RX_ERRORS,         /**< Transport fetch failures, or receive on a closed channel. */
	SCMIA_CNT_NO_SLOT,           /**< Transfer requests refused for lack of a slot. */
	SCMIA_CNT_DEFERRED,          /**< Receives handed to a concurrent holder of the same transfer. */
	SCMIA_CNT_CANCELED,          /**< Transfers failed by a channel close. */
	SCMIA_CNT_REORDERED,         /**< Delayed responses that arrived before their response. */
	SCMIA_CNT_EARLY,             /**< Replies for a transfer whose message the platform cannot have seen yet (before scmia_xfer_sent()), dropped. */
	SCMIA_CNT_STALE_REUSED,      /**< Quarantined tokens given up because the channel's quarantine was full (the oldest goes; its late reply is then unexpected, and could match a new command only once the token came round again). */
	SCMIA_CNT_STATUS_ERRORS,     /**< Replies with a non-SUCCESS SCMI status (any). */
	SCMIA_CNT_STATUS_FIRST,      /**< Per-status counts: index FIRST + (-status) - 1, for status -1 .. -11. */
	SCMIA_CNT__COUNT = SCMIA_CNT_STATUS_FIRST + 11 /**< Number of counters. */
};

/**
 * @brief Add one to an agent counter on behalf of a transport (e.g.
 *        SCMIA_CNT_SPURIOUS for a completion interrupt while not FREE).
 * @param chan the channel the event happened on. @param id the counter.
 * Context: any (takes the agent lock briefly), never blocks.
 * Lifetime: @p chan is used during the call only.
 */
void scmia_chan_count(struct scmia_chan *chan, enum scmia_counter id);

/**
 * @brief Take the agent's lock on behalf of a transport, for a short
 *        critical section over the transport's own channel state (an owner
 *        claim, a phase): the portable alternative to atomic
 *        read-modify-write instructions, which some cores lack (Cortex-M0+,
 *        RV32I).
 *
 * Without an OS lock op (single-context use) it does nothing. The lock is
 * not recursive: while holding it, call no scmia function (not even
 * scmia_chan_now_us() or scmia_xfer_sent()) and no host hook that could.
 * @param chan an open or opening channel.
 * @return the key for scmia_chan_unlock().
 * Context: any the lock op allows (interrupt or thread); never blocks
 * beyond the lock op.
 * Lifetime: @p chan must stay valid until the matching unlock.
 */
scmia_lock_key_t scmia_chan_lock(struct scmia_chan *chan);

/**
 * @brief Release the lock taken by scmia_chan_lock().
 * @param chan the channel given to scmia_chan_lock(). @param key its key.
 * Context: as scmia_chan_lock().
 * Lifetime: @p chan is used during the call only.
 */
void scmia_chan_unlock(struct scmia_chan *chan, scmia_lock_key_t key);

/**
 * @brief Tell the core that the platform may see the message of @p xfer
 *        from now on: call it from send() once the transport owns the
 *        channel for @p xfer, right before the message becomes visible to
 *        the platform (before the doorbell, the SMC, the virtqueue
 *        publish).
 *
 * Until then the transfer is not matchable: a reply, delayed response or
 * error that carries its token cannot be the platform's answer to it and
 * is dropped and counted (SCMIA_CNT_EARLY), so it can never end the
 * transfer while the transport does not own the channel for it. A send()
 * that returns 0 without calling it is treated as having called it on
 * return; a send() that fails after calling it is still a failed send
 * unless a reply already came.
 * @param xfer the transfer being sent (the argument of send()).
 * Context: inside the transport's send() only; never blocks, takes no lock.
 * Lifetime: @p xfer as for send().
 */
void scmia_xfer_sent(struct scmia_xfer *xfer);

/**
 * @brief The transport takes a reference on a slot: the slot will not be
 *        reused until scmia_xfer_unhold(), even after its caller released
 *        it (a timed-out request whose buffers a device still owns).
 * @param xfer a transfer of an open a2p channel.
 * Context: any, never blocks.
 * Lifetime: @p xfer (the slot) stays valid, and out of the pool, until scmia_xfer_unhold().
 */
void scmia_xfer_hold(struct scmia_xfer *xfer);

/**
 * @brief The platform's response to @p xfer came back after the transfer
 *        ended, recognised by the transport by its own means (the buffer
 *        it was sent in) rather than through scmia_rx(): the response can
 *        no longer come, so the token's quarantine ends (or, if the caller
 *        has not put the transfer yet, the put quarantines nothing) --
 *        unless the command was asynchronous and its delayed response is
 *        still owed: the token then stays quarantined (or is quarantined
 *        at put) until that comes through scmia_rx().
 *
 * Nothing is delivered and nothing is counted here: the transport counts
 * the late answer (SCMIA_CNT_LATE_REPLIES). Without this call the token
 * would stay quarantined until the quarantine gives it up.
 * @param xfer a transfer the transport holds (scmia_xfer_hold()) whose
 *        command ended without its answer; anything else is ignored.
 * Context: any, never blocks; before scmia_xfer_unhold().
 * Lifetime: @p xfer as for scmia_xfer_unhold().
 */
void scmia_xfer_late(struct scmia_xfer *xfer);

/**
 * @brief Drop the transport's reference taken by scmia_xfer_hold(). The
 *        slot returns to the pool when nobody else holds it.
 * @param xfer a transfer previously held.
 * Context: any, never blocks.
 * Lifetime: @p xfer may be reused by the pool once this returned: do not touch it after.
 */
void scmia_xfer_unhold(struct scmia_xfer *xfer);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_TRANSPORT_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_virtio.h
 * @brief virtio-scmi transport (virtio device id 32): the SCMI driver on top
 *        of two virtqueues, cmdq (queue 0) and the optional eventq (queue 1).
 *
 * Wire use (virtio spec, SCMI device; docs/porting-virtio.md):
 * - cmdq: each command is a chain of two buffers, a device-readable request
 *   (le32 header + parameters) and a device-writable response (le32 header
 *   + le32 status + return values). The device completes them in any
 *   order. At most ring size / 2 commands are in flight (capped at 1024):
 *   that is the channel's max_msg, reported through get_max_msg.
 * - eventq (feature VIRTIO_SCMI_F_P2A_CHANNELS): device-writable buffers
 *   pre-posted by the driver, one notification or delayed response each,
 *   re-posted after use.
 *
 * The virtqueues are either the built-in split rings (scmia_vring.h, with
 * scmia_virtio_vring_ops) or the host's own virtio stack behind a
 * struct scmia_virtio_vq_ops (OpenAMP, a VMM).
 *
 * Use (see docs/porting-virtio.md):
 * @verbatim
 *   scmia_virtio_init(&vio, &cfg)            memory, queues, lock, reset hook
 *   ... device bring-up up to DRIVER_OK (scmia_virtio_mmio.h does it) ...
 *   scmia_virtio_start(&vio, features)       post eventq buffers: usable now
 *   agent: transport = &scmia_virtio_transport, transport_ctx = &vio
 *   interrupt / virtqueue callback:  scmia_virtio_process(&vio, SCMIA_VIRTIO_Q_ALL)
 *   scmia_virtio_stop(&vio)                  reset the device, reclaim buffers
 * @endverbatim
 * Without an interrupt the core polls: poll_done takes what the device
 * returned on both queues, rx_poll takes eventq entries for callers that
 * wait for a delayed response, and scmia_agent_service() calls both.
 * Before scmia_virtio_start() the transport's ready op answers SCMIA_EAGAIN.
 *
 * Bounds: the device, not the driver, decides how many used entries there
 * are (a device may answer every re-posted eventq buffer at once). No call
 * loops until a queue is empty: scmia_virtio_process() (hence poll_done)
 * takes at most scmia_virtio_cfg::budget entries from each queue and
 * kicks eventq once at the end; rx_poll takes one entry and answers 0 once
 * after a budget's worth in a row. A polling caller is thus back in the
 * core's wait loop, which checks its deadline, after at most one budget per
 * queue, whatever the device does.
 *
 * Buffer ownership: each cmdq slot owns a request and a response buffer in
 * the device-visible memory given at init. While the device owns them the
 * transport holds the core's slot (scmia_xfer_hold()), so a timed-out
 * command's slot is not reused until the device returns the buffers (or is
 * reset); the late reply is then dropped and counted. A buffer the device
 * owns is never rewritten.
 *
 * Every value from the device is checked: a used entry with an unknown id,
 * a length larger than the buffer, a response header that does not echo
 * the command, a used index that jumps: rejected and counted, never
 * followed out of bounds.
 */
#ifndef SCMIA_VIRTIO_H
#define SCMIA_VIRTIO_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_vring.h"

#ifdef __cplusplus
extern "C" {
#endif

/** virtio device id of the SCMI device. */
#define SCMIA_VIRTIO_ID_SCMI 32u
/** Feature bit: the device sends notifications and delayed responses (eventq). */
#define SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS 0u
/** Feature bit: statistics shared memory regions (not supported: refused). */
#define SCMIA_VIRTIO_SCMI_F_SHARED_MEMORY 1u
/** Feature bit: VIRTIO_F_RING_EVENT_IDX (optional). */
#define SCMIA_VIRTIO_F_EVENT_IDX 29u
/** Feature bit: VIRTIO_F_VERSION_1 (required). */
#define SCMIA_VIRTIO_F_VERSION_1 32u
/** Feature bit: VIRTIO_F_ACCESS_PLATFORM (accept when the host translates DMA). */
#define SCMIA_VIRTIO_F_ACCESS_PLATFORM 33u
/** A feature bit as a mask. @param bit bit number (0..63). */
#define SCMIA_VIRTIO_FBIT(bit) ((uint64_t)1u << (bit))

/** Queue index of cmdq. */
#define SCMIA_VIRTIO_CMDQ 0u
/** Queue index of eventq. */
#define SCMIA_VIRTIO_EVENTQ 1u
/** scmia_virtio_process() mask: cmdq. */
#define SCMIA_VIRTIO_Q_CMD (1u << 0)
/** scmia_virtio_process() mask: eventq. */
#define SCMIA_VIRTIO_Q_EVENT (1u << 1)
/** scmia_virtio_process() mask: both queues. */
#define SCMIA_VIRTIO_Q_ALL (SCMIA_VIRTIO_Q_CMD | SCMIA_VIRTIO_Q_EVENT)

/** Largest payload of one message (after the header, and after the status
 *  in replies); the transport descriptor's max_msg_size. */
#ifndef SCMIA_VIRTIO_MSG_SIZE
#define SCMIA_VIRTIO_MSG_SIZE 128u
#endif

/** Reply timeout of the transport descriptor in µs: a virtio device need
 *  not be real-time (Linux waits 60 s). Channels may override it. */
#ifndef SCMIA_VIRTIO_REPLY_TIMEOUT_US
#define SCMIA_VIRTIO_REPLY_TIMEOUT_US 60000000u
#endif

/** Iterations scmia_virtio_stop() / chan_free wait for receives still
 *  running on another CPU (each one calls the OS relax op). */
#ifndef SCMIA_VIRTIO_DRAIN_SPINS
#define SCMIA_VIRTIO_DRAIN_SPINS 1000000u
#endif

#if SCMIA_VIRTIO_MSG_SIZE < 8 || SCMIA_VIRTIO_MSG_SIZE > 65532
#error "SCMIA_VIRTIO_MSG_SIZE must be within [8, 65532]"
#endif

/** @private Round up to 8 bytes. */
#define SCMIA_VIRTIO_ALIGN8(n) (((size_t)(n) + 7u) & ~(size_t)7u)
/** Bytes of a cmdq request buffer (header + payload). */
#define SCMIA_VIRTIO_REQ_SIZE SCMIA_VIRTIO_ALIGN8(4u + SCMIA_VIRTIO_MSG_SIZE)
/** Bytes of a cmdq response or eventq buffer (header + status + payload). */
#define SCMIA_VIRTIO_RESP_SIZE SCMIA_VIRTIO_ALIGN8(8u + SCMIA_VIRTIO_MSG_SIZE)

/** Commands in flight for a cmdq of @p num descriptors: num / 2, at most 1024. */
#define SCMIA_VIRTIO_CMD_SLOTS(num) ((num) / 2u > 1024u ? 1024u : (num) / 2u)
/** eventq buffers for an eventq of @p num descriptors (at most 1024). */
#define SCMIA_VIRTIO_EVENT_SLOTS(num) ((num) > 1024u ? 1024u : (num))

/** Bytes of device-visible buffer memory (scmia_virtio_cfg::shm) for queues
 *  of @p cmdq_num and @p eventq_num descriptors (0 without eventq). */
#define SCMIA_VIRTIO_SHM_SIZE(cmdq_num, eventq_num)                                       \
	((size_t)SCMIA_VIRTIO_CMD_SLOTS(cmdq_num) * (SCMIA_VIRTIO_REQ_SIZE + SCMIA_VIRTIO_RESP_SIZE) + \
	 (size_t)SCMIA_VIRTIO_EVENT_SLOTS(eventq_num) * SCMIA_VIRTIO_RESP_SIZE)

/** Entries of struct scmia_virtio_msg needed (scmia_virtio_cfg::msgs). */
#define SCMIA_VIRTIO_N_MSGS(cmdq_num, eventq_num) \
	(SCMIA_VIRTIO_CMD_SLOTS(cmdq_num) + SCMIA_VIRTIO_EVENT_SLOTS(eventq_num))

/**
 * @brief A virtqueue implementation: the built-in split ring
 *        (scmia_virtio_vring_ops) or the host's virtio stack.
 *
 * Buffers are described with struct scmia_vring_buf (address, length).
 * The transport serialises calls on one queue under its lock; ops must not
 * call back into the transport. @p vq is the cmdq or eventq handle of
 * scmia_virtio_cfg.
 */
struct scmia_virtio_vq_ops {
	/** Expose @p n_out device-readable then @p n_in device-writable
	 *  buffers as one chain; @p cookie comes back from get_used. Return 0,
	 *  or a negative error (e.g. SCMIA_ENOSPC) when nothing was added.
	 *  Required. */
	int (*add)(void *vq, const struct scmia_vring_buf *sg, unsigned n_out, unsigned n_in,
		   void *cookie);
	/** Notify the device of added buffers if it wants it. Required. */
	void (*kick)(void *vq);
	/** Take the next used chain: return 1 with *cookie and *len (bytes
	 *  written, untrusted), 0 when none, SCMIA_EMALFORMED for an entry the
	 *  queue had to skip (bad id), SCMIA_EPROTO when the queue is broken.
	 *  Required. */
	int (*get_used)(void *vq, void **cookie, uint32_t *len);
	/** Forget every buffer after a device reset. Optional (a host stack
	 *  that re-creates its queues at re-probe). */
	void (*reset)(void *vq);
};

/** The built-in split ring as a virtqueue (vq = struct scmia_vring *). */
extern const struct scmia_virtio_vq_ops scmia_virtio_vring_ops;

/**
 * @brief Per-buffer bookkeeping, driver-private (not device-visible memory).
 *        Caller provides SCMIA_VIRTIO_N_MSGS() of them; fields private.
 */
struct scmia_virtio_msg {
	uint8_t *req;              /**< @private cmdq request buffer */
	uint8_t *resp;             /**< @private response / event buffer */
	struct scmia_xfer *xfer;   /**< @private held transfer (cmdq) */
	uint32_t sent_hdr;         /**< @private header as sent (cmdq), as delivered (eventq) */
	uint32_t len;              /**< @private used length from the device */
	int32_t txret;             /**< @private mark_txdone result */
	uint16_t index;            /**< @private slot / buffer index */
	uint8_t queue;             /**< @private SCMIA_VIRTIO_CMDQ / EVENTQ */
	uint8_t state;             /**< @private MS_* (virtio.c) */
	uint8_t waiting;           /**< @private the caller still waits for the response */
	uint8_t bad;               /**< @private BAD_* (virtio.c): fetch fails */
	uint8_t released;          /**< @private rx_release came before SCMIA_RX_DEFERRED */
};

/** Transport counters (scmia_virtio_counter()). */
enum scmia_virtio_counter {
	SCMIA_VIRTIO_CNT_SENT = 0,     /**< Commands added to cmdq. */
	SCMIA_VIRTIO_CNT_KICKS,        /**< Queue kicks (the queue may suppress the notification). */
	SCMIA_VIRTIO_CNT_CMD_USED,     /**< cmdq chains returned by the device. */
	SCMIA_VIRTIO_CNT_EVENTS,       /**< eventq buffers returned by the device. */
	SCMIA_VIRTIO_CNT_BAD_ID,       /**< Used entries with an unknown id / cookie, skipped. */
	SCMIA_VIRTIO_CNT_BAD_LEN,      /**< Used entries with an impossible length. */
	SCMIA_VIRTIO_CNT_BAD_HDR,      /**< cmdq responses whose header does not echo the command. */
	SCMIA_VIRTIO_CNT_RING_BROKEN,  /**< Queues found corrupt (used index jump). */
	SCMIA_VIRTIO_CNT_LATE,         /**< cmdq responses returned after their transfer ended
					    (timeout, cancel, or completed by its delayed
					    response): dropped, never delivered. */
	SCMIA_VIRTIO_CNT_EVENT_DROPS,  /**< eventq messages dropped (no p2a channel, bad length). */
	SCMIA_VIRTIO_CNT_REPOST_FAIL,  /**< eventq buffers that could not be re-posted. */
	SCMIA_VIRTIO_CNT_CANCELED,     /**< Commands failed by a device reset. */
	SCMIA_VIRTIO_CNT_SEND_FAIL,    /**< Sends refused (not up, broken, queue full). */
	SCMIA_VIRTIO_CNT_BUDGET_STOPS, /**< Queue passes of scmia_virtio_process() that took their
					    whole budget (entries may be left), and rx_poll calls
					    that answered 0 after a budget's worth in a row. */
	SCMIA_VIRTIO_CNT__COUNT        /**< Number of counters. */
};

/** Device state (scmia_virtio_state()). */
enum scmia_virtio_state {
	SCMIA_VIRTIO_DOWN = 0, /**< Not started, or stopped (reset). */
	SCMIA_VIRTIO_UP,       /**< Started after DRIVER_OK: usable. */
	SCMIA_VIRTIO_BROKEN    /**< The device corrupted a queue: stop and re-probe. */
};

/**
 * @brief Device reset hook: make the device drop every buffer it owns
 *        (virtio-mmio: write 0 to Status and wait for it to read 0).
 * @param ctx scmia_virtio_cfg::reset_ctx.
 * Context: thread (scmia_virtio_stop()); may block briefly.
 */
typedef void (*scmia_virtio_reset_fn)(void *ctx);

/** Configuration of scmia_virtio_init(). */
struct scmia_virtio_cfg {
	/** Virtqueue implementation; NULL: the built-in one
	 *  (&scmia_virtio_vring_ops, cmdq / eventq are struct scmia_vring *). */
	const struct scmia_virtio_vq_ops *vq_ops;
	void *cmdq;          /**< cmdq handle (required). */
	void *eventq;        /**< eventq handle; NULL: no eventq (no P2A). */
	/** Descriptors of cmdq; 0 with the built-in rings: the vring's size.
	 *  Commands in flight: SCMIA_VIRTIO_CMD_SLOTS(cmdq_num), at least 1. */
	uint16_t cmdq_num;
	/** Descriptors of eventq; 0 with the built-in rings: the vring's size. */
	uint16_t eventq_num;
	/** Device-visible buffer memory, 8-byte aligned:
	 *  SCMIA_VIRTIO_SHM_SIZE(cmdq_num, eventq_num) bytes. */
	void *shm;
	size_t shm_size;     /**< Bytes at @c shm. */
	/** Driver-private bookkeeping: SCMIA_VIRTIO_N_MSGS(cmdq_num, eventq_num). */
	struct scmia_virtio_msg *msgs;
	unsigned n_msgs;     /**< Entries at @c msgs. */
	/** Lock for the transport's own state (lock/unlock; relax while
	 *  draining). May be the agent's table and context: the transport
	 *  never holds it while calling the core. NULL: no locking. */
	const struct scmia_os_ops *os;
	void *os_ctx;        /**< First argument of the os ops. */
	scmia_virtio_reset_fn reset; /**< Device reset (required for scmia_virtio_stop()). */
	void *reset_ctx;     /**< First argument of reset. */
	/** Most used entries one scmia_virtio_process() call takes from each
	 *  queue, and most eventq entries rx_poll delivers in a row before it
	 *  answers 0 once. Bounds the time an interrupt handler or a poll
	 *  spends in the transport whatever the device does. 0: the queue's
	 *  buffer count (cmdq: SCMIA_VIRTIO_CMD_SLOTS(cmdq_num), eventq:
	 *  SCMIA_VIRTIO_EVENT_SLOTS(eventq_num)), all an honest device can have
	 *  returned at once. */
	uint16_t budget;
};

/** A virtio-scmi device instance (the transport context). Caller-owned. */
struct scmia_virtio {
	const struct scmia_virtio_vq_ops *vq_ops; /**< @private */
	void *vq[2];                    /**< @private cmdq, eventq */
	struct scmia_virtio_msg *cmd;   /**< @private cmdq slots */
	struct scmia_virtio_msg *ev;    /**< @private eventq buffers */
	const struct scmia_os_ops *os;  /**< @private */
	void *os_ctx;                   /**< @private */
	scmia_virtio_reset_fn reset;    /**< @private */
	void *reset_ctx;                /**< @private */
	struct scmia_chan *a2p;         /**< @private bound a2p channel */
	struct scmia_chan *p2a;         /**< @private bound p2a channel */
	uint64_t features;              /**< @private negotiated */
	uint32_t cnt[SCMIA_VIRTIO_CNT__COUNT]; /**< @private counters */
	uint32_t busy[2];               /**< @private deliveries in progress per queue */
	uint16_t n_cmd;                 /**< @private */
	uint16_t n_ev;                  /**< @private */
	uint16_t budget[2];             /**< @private entries per process call, per queue */
	uint16_t rx_streak;             /**< @private rx_poll deliveries in a row */
	uint8_t state;                  /**< @private enum scmia_virtio_state */
	uint8_t init;                   /**< @private */
};

/** The virtio-scmi transport descriptor (reply timeout
 *  SCMIA_VIRTIO_REPLY_TIMEOUT_US, max_msg_size SCMIA_VIRTIO_MSG_SIZE,
 *  atomic-safe; transport_ctx: struct scmia_virtio). Only the default
 *  channel pair exists (one cmdq, one eventq): dedicated channels are
 *  refused with SCMIA_ENOTSUP. */
extern const struct scmia_transport scmia_virtio_transport;

/**
 * @brief Prepare a device instance over host memory. The device stays
 *        DOWN (ready op: SCMIA_EAGAIN) until scmia_virtio_start().
 * @param vio caller-owned instance (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments, a cmdq of fewer than
 *         2 descriptors, misaligned shm, a vq_ops table without add, kick
 *         or get_used; SCMIA_ENOSPC when shm or msgs is too small.
 * Context: thread or early boot; never blocks.
 * Lifetime: everything @p cfg points to must outlive @p vio (and the
 * device's use of the memory).
 */
int scmia_virtio_init(struct scmia_virtio *vio, const struct scmia_virtio_cfg *cfg);

/**
 * @brief The device reached DRIVER_OK: check the negotiated features, post
 *        every eventq buffer and go UP.
 * @param vio an initialised, DOWN instance.
 * @param features the negotiated feature bits.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL; SCMIA_ESTATE when not DOWN;
 *         SCMIA_ENOTSUP without VIRTIO_F_VERSION_1 or with
 *         VIRTIO_SCMI_F_SHARED_MEMORY (never accepted); SCMIA_EINVAL when
 *         P2A was negotiated but no eventq was given; the queue's error
 *         when an eventq buffer cannot be posted.
 * Context: thread; never blocks (notifies the device).
 * Lifetime: @p vio is used during the call; the eventq buffers it posts are the device's until
 * scmia_virtio_stop().
 */
int scmia_virtio_start(struct scmia_virtio *vio, uint64_t features);

/**
 * @brief Reset the device with messages in flight: nothing is delivered
 *        afterwards; waiting callers of cmdq commands are failed with
 *        SCMIA_ECANCELED; every buffer is reclaimed and every held slot
 *        released. Re-probe, then scmia_virtio_start() again, to resume
 *        (open channels stay bound).
 * @param vio an initialised instance.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL or no reset hook; SCMIA_EBUSY
 *         when a receive on another CPU did not finish within
 *         SCMIA_VIRTIO_DRAIN_SPINS (state is still reset).
 * Context: thread; not from a completion callback or notification handler
 * (it waits for receives in progress); calls the reset hook.
 * Lifetime: @p vio is used during the call; once it returned SCMIA_OK the device owns no buffer of
 * the instance.
 */
int scmia_virtio_stop(struct scmia_virtio *vio);

/**
 * @brief The interrupt handler / virtqueue callback: take the buffers the
 *        device returned on the queues in @p queues, at most
 *        scmia_virtio_cfg::budget per queue, and deliver each to the core
 *        (scmia_rx()); re-post the eventq buffers and notify the device
 *        once for all of them at the end.
 *
 * The bound holds whatever the device does (a device that fills every
 * re-posted buffer at once is served one budget per call). When a queue
 * used its whole budget (counted SCMIA_VIRTIO_CNT_BUDGET_STOPS) entries may
 * be left: a host that acknowledged the interrupt before the call should
 * call again later (a bottom half, the next poll); an honest device that
 * returned no more than the queue's buffers never leaves any with the
 * default budget.
 * @param vio an instance. @param queues SCMIA_VIRTIO_Q_* mask.
 * @return the number of used entries taken (>= 0); SCMIA_EINVAL for NULL;
 *         SCMIA_EPROTO when a queue is broken (the device must be reset).
 * Context: any (interrupt or thread), never blocks; several contexts may
 * call it at once (each entry is taken by one).
 * Lifetime: @p vio is used during the call only.
 */
int scmia_virtio_process(struct scmia_virtio *vio, unsigned queues);

/**
 * @brief The device reported an error it cannot recover from without a
 *        reset (virtio-mmio: DEVICE_NEEDS_RESET): sends fail with SCMIA_EIO
 *        and pollers get SCMIA_EPROTO until scmia_virtio_stop() and a
 *        re-probe.
 * @param vio an instance.
 * Context: any (interrupt or thread), never blocks.
 * Lifetime: @p vio is used during the call only.
 */
void scmia_virtio_mark_broken(struct scmia_virtio *vio);

/**
 * @brief Device state. @param vio instance.
 * @return enum scmia_virtio_state (DOWN for NULL).
 * Context: any, never blocks.
 * Lifetime: @p vio is read during the call only.
 */
int scmia_virtio_state(struct scmia_virtio *vio);

/**
 * @brief Commands that can be in flight (the a2p channel's max_msg).
 * @param vio an initialised instance. @return SCMIA_VIRTIO_CMD_SLOTS(cmdq_num), 0 for NULL.
 * Context: any, never blocks.
 * Lifetime: @p vio is read during the call only.
 */
unsigned scmia_virtio_max_msg(const struct scmia_virtio *vio);

/**
 * @brief Number of cmdq slots whose buffers the device owns now.
 * @param vio instance. @return the count.
 * Context: any, never blocks (takes the transport lock).
 * Lifetime: @p vio is used during the call only.
 */
unsigned scmia_virtio_cmd_in_device(struct scmia_virtio *vio);

/**
 * @brief Read a transport counter.
 * @param vio instance. @param id counter.
 * @return its value; 0 for NULL or an unknown id.
 * Context: any, never blocks (takes the transport lock).
 * Lifetime: @p vio is used during the call only.
 */
uint32_t scmia_virtio_counter(struct scmia_virtio *vio, enum scmia_virtio_counter id);

/**
 * @brief Name of a transport counter, for reports.
 * @param id counter. @return a static string; "?" for an unknown id.
 * Context: any. Lifetime: static.
 */
const char *scmia_virtio_counter_name(enum scmia_virtio_counter id);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_VIRTIO_H */

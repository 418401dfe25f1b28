/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_virtio_dev.h
 * @brief virtio-scmi device side: cmdq and eventq served from the
 *        device's point of view on split virtqueues in a guest's memory,
 *        for a hypervisor (or a VMM) that emulates the SCMI device of a
 *        guest it does not trust.
 *
 * The host owns the transport registers (virtio-mmio, PCI: its business)
 * and tells the device what the driver configured: each queue's size and
 * guest addresses when the driver sets QueueReady
 * (scmia_virtio_dev_queue()), the negotiated features at DRIVER_OK
 * (scmia_virtio_dev_start()), a QueueNotify (scmia_virtio_dev_notify()),
 * a reset (scmia_virtio_dev_reset()). The device reads and writes the
 * rings and buffers through windows of guest memory the host maps
 * (struct scmia_virtio_dev_window): an address outside every window is
 * refused, never followed.
 *
 * cmdq: each chain must be one device-readable buffer (le32 header +
 * parameters) then one device-writable buffer (header + status + return
 * values). The device copies the command out, hands it to the handler
 * (scmia_server_cmd_fn) with a request number naming the chain, and
 * answers with scmia_virtio_dev_reply(), in any order, from any context:
 * the reply lands in the writable buffer the chain had when it was taken,
 * the used entry is published and the guest's interrupt raised unless the
 * driver suppressed it (VIRTIO_F_EVENT_IDX used_event, or the
 * VRING_AVAIL_F_NO_INTERRUPT flag).
 *
 * eventq (VIRTIO_SCMI_F_P2A_CHANNELS): each delayed response or
 * notification takes one device-writable buffer the driver posted. With
 * none posted, messages wait in a bounded backlog (caller storage) and go
 * out when the driver posts buffers (its QueueNotify); once it is full a
 * notification is dropped and a delayed response takes the place of the
 * newest queued notification or is dropped itself, each counted.
 *
 * Everything the driver writes is untrusted: the available index (a move
 * by more than the queue size breaks the queue until a reset), every ring
 * entry (an id outside the queue, a chain of the wrong shape, a buffer
 * outside the windows, a head already in flight, an indirect or looping
 * chain: refused, counted, its buffers returned with length 0 when that
 * is safe), every length (the command's bounded by
 * SCMIA_VIRTIO_DEV_MSG_MAX, the response's by its buffer), the header
 * (not a command, or reserved bits: answered with length 0). Each call
 * takes at most a budget of chains.
 *
 * Locking: the device's state is changed under the host's lock
 * (scmia_virtio_dev_cfg::os); never held across the handler or the
 * interrupt hook.
 */
#ifndef SCMIA_VIRTIO_DEV_H
#define SCMIA_VIRTIO_DEV_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/os.h"
#include "scmia/server.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest command payload (after the header) the device copies out, and
 *  largest p2a body it queues. */
#ifndef SCMIA_VIRTIO_DEV_MSG_MAX
#define SCMIA_VIRTIO_DEV_MSG_MAX 256u
#endif

#if SCMIA_VIRTIO_DEV_MSG_MAX < 8 || SCMIA_VIRTIO_DEV_MSG_MAX > 65532
#error "SCMIA_VIRTIO_DEV_MSG_MAX must be within [8, 65532]"
#endif

/** Queue index of cmdq. */
#define SCMIA_VIRTIO_DEV_CMDQ 0u
/** Queue index of eventq. */
#define SCMIA_VIRTIO_DEV_EVENTQ 1u

/** Feature bit (as a mask): the device has an eventq
 *  (VIRTIO_SCMI_F_P2A_CHANNELS, bit 0). */
#define SCMIA_VIRTIO_DEV_F_P2A ((uint64_t)1u << 0)
/** Feature bit (as a mask): VIRTIO_F_RING_EVENT_IDX (bit 29). */
#define SCMIA_VIRTIO_DEV_F_EVENT_IDX ((uint64_t)1u << 29)

/** A window of guest memory: @c size bytes seen by the guest at @c gpa
 *  and by the host at @c base. */
struct scmia_virtio_dev_window {
	void *base;    /**< Host address. */
	size_t size;   /**< Bytes. */
	uint64_t gpa;  /**< Guest (bus) address of @c base. */
};

/** Most windows a device has. */
#define SCMIA_VIRTIO_DEV_WINDOWS 4u

/**
 * @brief Raise the guest's used-buffer interrupt (set InterruptStatus bit
 *        0 and inject it).
 * @param ctx the hook's context.
 * Context: that of the device entry that raises it; must not block and
 * must not call back into this device.
 */
typedef void (*scmia_virtio_dev_irq_fn)(void *ctx);

/**
 * @brief Host hook on each used entry the device is about to publish.
 * @param ctx the hook's context. @param qi queue index.
 * @param id the entry's id (head of the chain). @param len bytes written.
 * @return 0: the device publishes it now; nonzero: the host keeps it and
 *         publishes it later with scmia_virtio_dev_publish() (interrupt
 *         coalescing, completions in another order, a fault model).
 * Context: called with the device's lock held: must not block and must
 * not call into this device.
 */
typedef int (*scmia_virtio_dev_used_fn)(void *ctx, unsigned qi, uint32_t id, uint32_t len);

/** A used entry the host publishes (scmia_virtio_dev_publish()). */
struct scmia_virtio_dev_used {
	uint32_t id;   /**< Head of the chain. */
	uint32_t len;  /**< Bytes written into it. */
};

/** Per-descriptor bookkeeping of cmdq chains. Caller storage, one per
 *  descriptor of the largest cmdq accepted; fields private. */
struct scmia_virtio_dev_req {
	uint64_t resp;  /**< @private guest address of the writable buffer */
	uint32_t cap;   /**< @private its length */
	uint16_t gen;   /**< @private uses of this head (request numbers) */
	uint8_t busy;   /**< @private the chain is the device's */
};

/** One queued eventq message. Caller storage; fields private. */
struct scmia_virtio_dev_msg {
	uint32_t hdr;                          /**< @private */
	uint32_t len;                          /**< @private */
	uint8_t body[SCMIA_VIRTIO_DEV_MSG_MAX]; /**< @private */
};

/** Device configuration (scmia_virtio_dev_init()). Zeroed fields take
 *  defaults. */
struct scmia_virtio_dev_cfg {
	/** Guest memory the rings and buffers may lie in (at least one). */
	const struct scmia_virtio_dev_window *win;
	unsigned n_win;            /**< Entries at @c win (<= SCMIA_VIRTIO_DEV_WINDOWS). */
	scmia_server_cmd_fn cmd;   /**< Command handler (required). */
	void *cmd_ctx;             /**< Its context. */
	scmia_virtio_dev_irq_fn irq; /**< Used-buffer interrupt (optional: a polling driver). */
	void *irq_ctx;             /**< Its context. */
	/** Lock (lock/unlock only are used); NULL: single-context use. */
	const struct scmia_os_ops *os;
	void *os_ctx;              /**< First argument of the os ops. */
	/** cmdq bookkeeping: one per descriptor; the largest cmdq accepted
	 *  has n_reqs descriptors (at most 1024). */
	struct scmia_virtio_dev_req *reqs;
	uint16_t n_reqs;           /**< Entries at @c reqs. */
	/** Largest eventq accepted (a power of two <= 32768); 0: 256. */
	uint16_t eventq_max;
	struct scmia_virtio_dev_msg *backlog; /**< eventq backlog (may be NULL). */
	uint16_t backlog_len;      /**< Entries at @c backlog. */
	uint16_t budget;           /**< Chains one call takes at most; 0: 64. */
	scmia_virtio_dev_used_fn used; /**< Used-entry hook (optional). */
	void *used_ctx;            /**< Its context. */
};

/** Device counters (scmia_virtio_dev_counters()). */
struct scmia_virtio_dev_stats {
	uint32_t notifies;     /**< QueueNotify calls. */
	uint32_t commands;     /**< Commands handed to the handler. */
	uint32_t replies;      /**< Responses written. */
	uint32_t stale;        /**< Replies to a request that is not pending: refused. */
	uint32_t bad_chain;    /**< cmdq chains of the wrong shape, outside the windows, too long. */
	uint32_t bad_addr;     /**< Of those and of ev_bad: a buffer outside every window. */
	uint32_t bad_head;     /**< Available entries naming no descriptor, or a chain in flight. */
	uint32_t bad_hdr;      /**< Commands whose header is not a command: answered with length 0. */
	uint32_t bad_index;    /**< Available index moved by more than the queue size: queue broken. */
	uint32_t truncated;    /**< Replies or events cut to their buffer. */
	uint32_t budget_hits;  /**< Calls that stopped at the budget with chains left. */
	uint32_t events;       /**< eventq messages written. */
	uint32_t ev_queued;    /**< eventq messages queued (no buffer posted). */
	uint32_t ev_bad;       /**< eventq buffers of the wrong shape (returned with length 0). */
	uint32_t notif_drops;  /**< Notifications dropped: backlog full (or none). */
	uint32_t dresp_drops;  /**< Delayed responses dropped: backlog full of them. */
	uint32_t evicted;      /**< Queued notifications dropped for a delayed response. */
	uint32_t irqs;         /**< Interrupts raised. */
	uint32_t suppressed;   /**< Interrupts the driver asked not to get. */
	uint32_t resets;       /**< Device resets. */
	uint32_t not_ready;    /**< Calls while the queue or the device was not live. */
};

/** @private One queue as the driver configured it. */
struct scmia_virtio_dev_q {
	uint64_t desc;       /**< @private guest addresses */
	uint64_t avail;      /**< @private */
	uint64_t used;       /**< @private */
	uint16_t num;        /**< @private 0: not ready */
	uint16_t last_avail; /**< @private next available entry to take */
	uint16_t used_idx;   /**< @private next used index */
	uint8_t broken;      /**< @private the driver corrupted the available index */
};

/** A virtio-scmi device. Caller-owned; fields private. */
struct scmia_virtio_dev {
	struct scmia_virtio_dev_window win[SCMIA_VIRTIO_DEV_WINDOWS]; /**< @private */
	unsigned n_win;                      /**< @private */
	scmia_server_cmd_fn cmd;             /**< @private */
	void *cmd_ctx;                       /**< @private */
	scmia_virtio_dev_irq_fn irq;         /**< @private */
	void *irq_ctx;                       /**< @private */
	scmia_virtio_dev_used_fn used;       /**< @private */
	void *used_ctx;                      /**< @private */
	const struct scmia_os_ops *os;       /**< @private */
	void *os_ctx;                        /**< @private */
	struct scmia_virtio_dev_req *reqs;   /**< @private */
	struct scmia_virtio_dev_msg *backlog; /**< @private */
	struct scmia_virtio_dev_q q[2];      /**< @private cmdq, eventq */
	uint64_t features;                   /**< @private negotiated */
	uint16_t n_reqs;                     /**< @private */
	uint16_t eventq_max;                 /**< @private */
	uint16_t backlog_len;                /**< @private */
	uint16_t bl_head;                    /**< @private oldest queued */
	uint16_t bl_count;                   /**< @private queued */
	uint16_t budget;                     /**< @private */
	uint8_t live;                        /**< @private DRIVER_OK seen, no reset since */
	struct scmia_virtio_dev_stats st;    /**< @private */
};

/** The device as struct scmia_server_ops (srv: struct scmia_virtio_dev *):
 *  scmia_virtio_dev_reply() and scmia_virtio_dev_p2a(). */
extern const struct scmia_server_ops scmia_virtio_dev_ops;

/**
 * @brief Prepare a device (reset state: no queue, not live).
 * @param dev caller-owned device (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments, no handler, no or too
 *         many windows, a window with a NULL base or 0 size, no reqs,
 *         n_reqs above 1024, an eventq_max that is not a power of two,
 *         backlog_len without backlog, a lock without unlock.
 * Context: thread. Lifetime: @p cfg may go after the call; the windows'
 * memory, reqs, backlog, hooks and contexts must outlive the device.
 */
int scmia_virtio_dev_init(struct scmia_virtio_dev *dev, const struct scmia_virtio_dev_cfg *cfg);

/**
 * @brief The driver made queue @p qi ready (QueueReady := 1) with these
 *        size and guest addresses.
 * @param dev a device. @param qi SCMIA_VIRTIO_DEV_CMDQ or _EVENTQ.
 * @param num queue size. @param desc descriptor table (16-byte aligned).
 * @param avail available ring (2-byte aligned).
 * @param used used ring (4-byte aligned).
 * @return SCMIA_OK; SCMIA_EINVAL for a bad queue index, a size that is
 *         not a power of two, above the storage (cmdq: n_reqs) or
 *         eventq_max, misaligned addresses, rings outside the windows;
 *         SCMIA_ESTATE once the device is live (DRIVER_OK).
 * Context: any; never blocks.
 * Lifetime: the rings must stay inside the windows until
 * scmia_virtio_dev_reset().
 */
int scmia_virtio_dev_queue(struct scmia_virtio_dev *dev, unsigned qi, uint16_t num, uint64_t desc,
			   uint64_t avail, uint64_t used);

/**
 * @brief The driver set DRIVER_OK: the device serves from now on.
 * @param dev a device. @param features negotiated features
 *        (SCMIA_VIRTIO_DEV_F_* matter).
 * @return SCMIA_OK; SCMIA_EINVAL for NULL; SCMIA_ESTATE without a ready
 *         cmdq, or with P2A but no ready eventq.
 * Context: any; never blocks.
 * Lifetime: @p dev is used during the call only.
 */
int scmia_virtio_dev_start(struct scmia_virtio_dev *dev, uint64_t features);

/**
 * @brief The driver reset the device (Status := 0): forget every queue and
 *        backlog; every request pending is dropped (its reply is refused).
 * @param dev a device.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: after the call the device no longer touches the guest memory it
 * was given.
 */
int scmia_virtio_dev_reset(struct scmia_virtio_dev *dev);

/**
 * @brief QueueNotify of queue @p qi: take new cmdq commands (at most the
 *        budget) and hand them to the handler, or send backlogged eventq
 *        messages into the buffers the driver posted.
 * @param dev a device. @param qi queue index.
 * @return the number of chains taken or messages sent; SCMIA_EAGAIN when
 *         the budget stopped it with more waiting (call again);
 *         SCMIA_ESTATE when the device or the queue is not live;
 *         SCMIA_EPROTO when the queue is broken; SCMIA_EINVAL for NULL
 *         or a bad index.
 * Context: any the handler allows; never blocks; the handler runs in it.
 * Lifetime: @p dev is used during the call; the handler's payload is valid
 * during the handler only.
 */
int scmia_virtio_dev_notify(struct scmia_virtio_dev *dev, unsigned qi);

/**
 * @brief Answer request @p req (also reached as scmia_virtio_dev_ops reply).
 * @param dev a device (void * for the ops table).
 * @param req the request number the handler was given.
 * @param hdr header. @param body status + return values.
 * @param len its length; more than the buffer holds is cut (counted).
 * @return SCMIA_OK; SCMIA_ESTATE when @p req is not pending (answered,
 *         or dropped by a reset); SCMIA_EINVAL for NULL.
 * Context: any; never blocks.
 * Lifetime: @p body is read during the call only.
 */
int scmia_virtio_dev_reply(void *dev, uint32_t req, uint32_t hdr, const void *body, uint32_t len);

/**
 * @brief Send a delayed response (type 2) or notification (type 3) on the
 *        eventq (also reached as scmia_virtio_dev_ops p2a).
 * @param dev a device (void * for the ops table).
 * @param hdr header. @param body body after the header. @param len length.
 * @return SCMIA_OK when written or queued; SCMIA_ENOSPC when dropped;
 *         SCMIA_ENOTSUP without P2A (or before DRIVER_OK); SCMIA_EINVAL
 *         for NULL or a header of another type.
 * Context: any; never blocks.
 * Lifetime: @p body is read during the call only (queued messages are copied).
 */
int scmia_virtio_dev_p2a(void *dev, uint32_t hdr, const void *body, uint32_t len);

/**
 * @brief Publish used entries on queue @p qi (the ones a used hook kept,
 *        or any the host makes up): written as given, in order, then the
 *        used index, then one interrupt if the driver wants one for any.
 * @param dev a device. @param qi queue index.
 * @param e the entries. @param n how many (more than the queue size
 *        overwrites entries the driver may not have read yet).
 * @return SCMIA_OK; SCMIA_ESTATE when the device or the queue is not live
 *         (nothing published); SCMIA_EINVAL for NULL, a bad index, or
 *         @p n without @p e.
 * Context: any; never blocks; the interrupt hook runs in it.
 * Lifetime: @p e is read during the call only.
 */
int scmia_virtio_dev_publish(struct scmia_virtio_dev *dev, unsigned qi,
			     const struct scmia_virtio_dev_used *e, unsigned n);

/**
 * @brief Buffers the driver made available on queue @p qi that the device
 *        has not taken yet (eventq: posted and unused).
 * @param dev a device. @param qi queue index.
 * @return the count; 0 for NULL, a bad index, a queue that is not live or
 *         broken, or an available index that moved by more than the queue
 *         size (found broken at the next take).
 * Context: any; never blocks.
 * Lifetime: @p dev is used during the call only.
 */
unsigned scmia_virtio_dev_posted(struct scmia_virtio_dev *dev, unsigned qi);

/**
 * @brief Read the counters.
 * @param dev a device. @param[out] out the counters.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: @p dev and @p out are used during the call only.
 */
int scmia_virtio_dev_counters(struct scmia_virtio_dev *dev, struct scmia_virtio_dev_stats *out);

/**
 * @brief Commands taken and not answered yet.
 * @param dev a device. @return the count (0 for NULL).
 * Context: any; never blocks.
 * Lifetime: @p dev is used during the call only.
 */
unsigned scmia_virtio_dev_pending(struct scmia_virtio_dev *dev);

/**
 * @brief Whether the driver broke a queue (the host should set
 *        DEVICE_NEEDS_RESET).
 * @param dev a device. @return 1 or 0.
 * Context: any; never blocks.
 * Lifetime: @p dev is used during the call only.
 */
int scmia_virtio_dev_broken(struct scmia_virtio_dev *dev);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_VIRTIO_DEV_H */

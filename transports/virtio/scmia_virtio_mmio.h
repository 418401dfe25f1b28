/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_virtio_mmio.h
 * @brief virtio-mmio (modern, version 2 register layout) bring-up of the
 *        virtio-scmi device, through a register accessor the host supplies.
 *
 * Two levels:
 * - register helpers (struct scmia_virtio_mmio): probe and feature
 *   negotiation, queue programming, DRIVER_OK, reset, interrupt
 *   status / acknowledge, queue notification;
 * - the whole device (struct scmia_virtio_mmio_scmi): one call brings the
 *   device up (checks, reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK,
 *   cmdq and eventq on the built-in split rings, DRIVER_OK) and starts the
 *   transport; one call is the interrupt handler; one call resets it.
 *
 * The device is not used before DRIVER_OK: no buffer is posted and no
 * queue notified until then. On any failure after the reset the driver
 * sets FAILED in Status.
 *
 * Registers (virtio 1.x §4.2.2), offsets in bytes, 32-bit accesses only.
 */
#ifndef SCMIA_VIRTIO_MMIO_H
#define SCMIA_VIRTIO_MMIO_H

#include <stddef.h>
#include <stdint.h>

#include "scmia_virtio.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SCMIA_VIRTIO_MMIO_MAGIC_VALUE 0x000u     /**< "virt" = 0x74726976 */
#define SCMIA_VIRTIO_MMIO_VERSION 0x004u         /**< 2 (1 is legacy) */
#define SCMIA_VIRTIO_MMIO_DEVICE_ID 0x008u       /**< 32 for SCMI; 0: no device */
#define SCMIA_VIRTIO_MMIO_VENDOR_ID 0x00cu       /**< Vendor id */
#define SCMIA_VIRTIO_MMIO_DEVICE_FEATURES 0x010u /**< Device features, 32 bits by selector */
#define SCMIA_VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014u /**< Selector of DeviceFeatures */
#define SCMIA_VIRTIO_MMIO_DRIVER_FEATURES 0x020u /**< Driver features, 32 bits by selector */
#define SCMIA_VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024u /**< Selector of DriverFeatures */
#define SCMIA_VIRTIO_MMIO_QUEUE_SEL 0x030u       /**< Queue selector */
#define SCMIA_VIRTIO_MMIO_QUEUE_NUM_MAX 0x034u   /**< Largest size of the selected queue; 0: absent */
#define SCMIA_VIRTIO_MMIO_QUEUE_NUM 0x038u       /**< Size of the selected queue */
#define SCMIA_VIRTIO_MMIO_QUEUE_READY 0x044u     /**< Selected queue ready */
#define SCMIA_VIRTIO_MMIO_QUEUE_NOTIFY 0x050u    /**< Write a queue index: new buffers */
#define SCMIA_VIRTIO_MMIO_INTERRUPT_STATUS 0x060u /**< bit0 used buffer, bit1 config change */
#define SCMIA_VIRTIO_MMIO_INTERRUPT_ACK 0x064u   /**< Write bits to acknowledge */
#define SCMIA_VIRTIO_MMIO_STATUS 0x070u          /**< Device status; write 0 to reset */
#define SCMIA_VIRTIO_MMIO_QUEUE_DESC_LOW 0x080u  /**< Descriptor table address, low */
#define SCMIA_VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084u /**< Descriptor table address, high */
#define SCMIA_VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090u  /**< Available ring address, low */
#define SCMIA_VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094u /**< Available ring address, high */
#define SCMIA_VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0u  /**< Used ring address, low */
#define SCMIA_VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4u /**< Used ring address, high */
#define SCMIA_VIRTIO_MMIO_CONFIG_GENERATION 0x0fcu /**< Config space generation */

/** MagicValue: "virt" little-endian. */
#define SCMIA_VIRTIO_MMIO_MAGIC 0x74726976u

/** Status bit: the guest found the device. */
#define SCMIA_VIRTIO_STATUS_ACKNOWLEDGE 1u
/** Status bit: the guest has a driver for it. */
#define SCMIA_VIRTIO_STATUS_DRIVER 2u
/** Status bit: the driver is ready: the device may be used. */
#define SCMIA_VIRTIO_STATUS_DRIVER_OK 4u
/** Status bit: feature negotiation complete (the device may clear it: refused). */
#define SCMIA_VIRTIO_STATUS_FEATURES_OK 8u
/** Status bit: the device hit an error and needs a reset. */
#define SCMIA_VIRTIO_STATUS_NEEDS_RESET 64u
/** Status bit: the driver gave up on the device. */
#define SCMIA_VIRTIO_STATUS_FAILED 128u

/** InterruptStatus bit: used buffer notification. */
#define SCMIA_VIRTIO_MMIO_INT_VRING 1u
/** InterruptStatus bit: configuration change. */
#define SCMIA_VIRTIO_MMIO_INT_CONFIG 2u

/** Read-backs of Status after a reset before giving up. */
#ifndef SCMIA_VIRTIO_MMIO_RESET_SPINS
#define SCMIA_VIRTIO_MMIO_RESET_SPINS 1000u
#endif

/** Why a probe failed (scmia_virtio_mmio::fail). */
enum scmia_virtio_mmio_fail {
	SCMIA_VIRTIO_MMIO_OK = 0,        /**< No failure. */
	SCMIA_VIRTIO_MMIO_BAD_MAGIC,     /**< MagicValue is not "virt". */
	SCMIA_VIRTIO_MMIO_BAD_VERSION,   /**< Version is not 2 (legacy or unknown). */
	SCMIA_VIRTIO_MMIO_BAD_DEVICE,    /**< DeviceID is not 32 (0: no device). */
	SCMIA_VIRTIO_MMIO_RESET_TIMEOUT, /**< Status never read 0 after reset. */
	SCMIA_VIRTIO_MMIO_NO_VERSION_1,  /**< VIRTIO_F_VERSION_1 not offered. */
	SCMIA_VIRTIO_MMIO_FEATURES_REFUSED, /**< FEATURES_OK did not stick. */
	SCMIA_VIRTIO_MMIO_QUEUE_ABSENT,  /**< QueueNumMax is 0, or the queue was live. */
	SCMIA_VIRTIO_MMIO_QUEUE_SIZE,    /**< The queue cannot have the needed size. */
	SCMIA_VIRTIO_MMIO_SETUP          /**< Transport setup failed (memory, state). */
};

/**
 * @brief Register accessor: 32-bit reads and writes at byte offsets of the
 *        device's register window (volatile MMIO, a hypervisor trap, or
 *        the simulator's model). Little-endian values.
 */
struct scmia_virtio_mmio_ops {
	/** Read the register at @p off. */
	uint32_t (*read32)(void *ctx, uint32_t off);
	/** Write @p val to the register at @p off. */
	void (*write32)(void *ctx, uint32_t off, uint32_t val);
};

/** A virtio-mmio register window. Caller-owned; fields private. */
struct scmia_virtio_mmio {
	const struct scmia_virtio_mmio_ops *ops; /**< @private */
	void *ctx;                  /**< @private */
	uint64_t dev_features;      /**< @private offered by the device */
	uint64_t features;          /**< @private negotiated */
	uint32_t device_id;         /**< @private */
	uint32_t vendor_id;         /**< @private */
	uint32_t status;            /**< @private status bits written so far */
	uint8_t fail;               /**< @private enum scmia_virtio_mmio_fail */
};

/**
 * @brief Bind a register window. Touches no register.
 * @param m caller-owned window. @param ops accessor (read32 and write32).
 * @param ctx accessor context.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any, never blocks. Lifetime: @p ops and @p ctx outlive @p m.
 */
int scmia_virtio_mmio_init(struct scmia_virtio_mmio *m, const struct scmia_virtio_mmio_ops *ops,
			   void *ctx);

/**
 * @brief Identify, reset and negotiate: check MagicValue, Version 2 and
 *        DeviceID 32, reset, set ACKNOWLEDGE and DRIVER, read the device
 *        features, accept (device & @p wanted) with VIRTIO_F_VERSION_1
 *        required and VIRTIO_SCMI_F_SHARED_MEMORY never accepted, set
 *        FEATURES_OK and check that it stuck.
 * @param m window. @param wanted features the driver can use.
 * @param[out] features the negotiated set (may be NULL).
 * @return SCMIA_OK; SCMIA_EINVAL for NULL; SCMIA_EPROTO for a bad magic;
 *         SCMIA_ENOTSUP for a version other than 2 or no VERSION_1;
 *         SCMIA_ENOENT for a device id other than 32; SCMIA_EIO when the
 *         reset does not complete or FEATURES_OK is refused. After a
 *         failure past the identity checks, FAILED is set; the reason is
 *         in scmia_virtio_mmio_fail_reason().
 * Context: thread or early boot; spins on Status for the reset (bounded).
 * Lifetime: @p m and @p features are used during the call only.
 */
int scmia_virtio_mmio_probe(struct scmia_virtio_mmio *m, uint64_t wanted, uint64_t *features);

/**
 * @brief Largest size of queue @p queue (QueueNumMax).
 * @param m window. @param queue queue index.
 * @return the size; 0 when the queue does not exist.
 * Context: thread, during bring-up.
 * Lifetime: @p m is used during the call only.
 */
uint32_t scmia_virtio_mmio_queue_max(struct scmia_virtio_mmio *m, uint32_t queue);

/**
 * @brief Program queue @p queue with a split ring and mark it ready.
 * @param m window (after probe). @param queue index. @param vr the ring.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL; SCMIA_ENOENT when the queue is
 *         absent or already ready; SCMIA_ENOSPC when the ring is larger than
 *         QueueNumMax.
 * Context: thread, during bring-up (before DRIVER_OK).
 * Lifetime: @p m and @p vr are used during the call; the ring's memory is the device's until the
 * next reset.
 */
int scmia_virtio_mmio_queue_setup(struct scmia_virtio_mmio *m, uint32_t queue,
				  const struct scmia_vring *vr);

/**
 * @brief Set DRIVER_OK: from now on the device may be used.
 * @param m window. @return SCMIA_OK; SCMIA_EINVAL; SCMIA_EIO when the
 *         device reports NEEDS_RESET or lost FEATURES_OK.
 * Context: thread.
 * Lifetime: @p m is used during the call only.
 */
int scmia_virtio_mmio_driver_ok(struct scmia_virtio_mmio *m);

/**
 * @brief Reset the device (Status 0) and wait until it reads back 0.
 * @param m window. @return SCMIA_OK; SCMIA_EINVAL; SCMIA_EIO on timeout.
 * Context: thread; spins (bounded by SCMIA_VIRTIO_MMIO_RESET_SPINS).
 * Lifetime: @p m is used during the call only.
 */
int scmia_virtio_mmio_reset(struct scmia_virtio_mmio *m);

/**
 * @brief Tell the device the driver gave up (Status |= FAILED).
 * @param m window.
 * Context: thread.
 * Lifetime: @p m is used during the call only.
 */
void scmia_virtio_mmio_fail(struct scmia_virtio_mmio *m);

/**
 * @brief Read InterruptStatus and acknowledge the bits found.
 * @param m window. @return the bits (SCMIA_VIRTIO_MMIO_INT_*), 0 if none.
 * Context: any (the interrupt handler), never blocks.
 * Lifetime: @p m is used during the call only.
 */
uint32_t scmia_virtio_mmio_irq_ack(struct scmia_virtio_mmio *m);

/**
 * @brief Notify hook for scmia_vring_cfg::notify (ctx: the window): writes
 *        the queue index to QueueNotify.
 * @param ctx struct scmia_virtio_mmio. @param queue queue index.
 * Context: any, never blocks.
 * Lifetime: @p ctx is used during the call only.
 */
void scmia_virtio_mmio_notify(void *ctx, uint16_t queue);

/**
 * @brief Reset hook for scmia_virtio_cfg::reset (ctx: the window).
 * @param ctx struct scmia_virtio_mmio.
 * Context: thread.
 * Lifetime: @p ctx is used during the call only.
 */
void scmia_virtio_mmio_reset_hook(void *ctx);

/**
 * @brief Current Status register. @param m window. @return the bits.
 * Context: any.
 * Lifetime: @p m is used during the call only.
 */
uint32_t scmia_virtio_mmio_status(struct scmia_virtio_mmio *m);

/**
 * @brief Why the last probe or setup failed. @param m window.
 * @return enum scmia_virtio_mmio_fail.
 * Context: any.
 * Lifetime: @p m is read during the call only.
 */
int scmia_virtio_mmio_fail_reason(const struct scmia_virtio_mmio *m);

/* ------------------------------------------------------------------ */
/* The whole SCMI device over virtio-mmio                              */
/* ------------------------------------------------------------------ */

/** @private Round up to 16 bytes. */
#define SCMIA_VIRTIO_MMIO_ALIGN16(n) (((size_t)(n) + 15u) & ~(size_t)15u)

/** Ring memory of a cmdq of @p cmdq_num and an eventq of @p eventq_num
 *  descriptors (0: no eventq), 16-byte aligned, device-visible. */
#define SCMIA_VIRTIO_MMIO_RING_MEM_SIZE(cmdq_num, eventq_num)      \
	(SCMIA_VIRTIO_MMIO_ALIGN16(SCMIA_VRING_MEM_SIZE(cmdq_num)) + \
	 ((eventq_num) ? SCMIA_VRING_MEM_SIZE(eventq_num) : 0u))

/** Configuration of scmia_virtio_mmio_scmi_probe(). */
struct scmia_virtio_mmio_scmi_cfg {
	const struct scmia_virtio_mmio_ops *ops; /**< Register accessor. */
	void *ctx;                /**< Accessor context. */
	/** cmdq size wanted: a power of two >= 2; lowered to the device's
	 *  QueueNumMax (rounded down to a power of two) at the first probe
	 *  and kept for re-probes. */
	uint16_t cmdq_num;
	/** eventq size wanted (power of two), 0: no eventq even if offered. */
	uint16_t eventq_num;
	/** Ring memory: SCMIA_VIRTIO_MMIO_RING_MEM_SIZE(cmdq_num, eventq_num),
	 *  16-byte aligned, device-visible. */
	void *ring_mem;
	size_t ring_mem_size;     /**< Bytes at ring_mem. */
	/** Message buffers: SCMIA_VIRTIO_SHM_SIZE(cmdq_num, eventq_num),
	 *  8-byte aligned, device-visible. */
	void *shm;
	size_t shm_size;          /**< Bytes at shm. */
	/** cmdq_num + eventq_num driver-private ring slots. */
	struct scmia_vring_slot *slots;
	unsigned n_slots;         /**< Entries at slots. */
	/** SCMIA_VIRTIO_N_MSGS(cmdq_num, eventq_num) driver-private entries. */
	struct scmia_virtio_msg *msgs;
	unsigned n_msgs;          /**< Entries at msgs. */
	/** Optional features to accept besides VERSION_1 and P2A_CHANNELS
	 *  (e.g. SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_EVENT_IDX) or
	 *  ACCESS_PLATFORM). SHARED_MEMORY is always refused. */
	uint64_t features;
	scmia_vring_dma_fn dma_addr; /**< Address translation; NULL: identity. */
	void *dma_ctx;               /**< Its context. */
	const struct scmia_os_ops *os; /**< Transport lock (scmia_virtio_cfg::os). */
	void *os_ctx;                  /**< Its context. */
};

/** A virtio-scmi device on virtio-mmio. Caller-owned; fields private. */
struct scmia_virtio_mmio_scmi {
	struct scmia_virtio_mmio mmio;          /**< @private */
	struct scmia_vring cmdq;                /**< @private */
	struct scmia_vring eventq;              /**< @private */
	struct scmia_virtio vio;                /**< @private the transport context */
	struct scmia_virtio_mmio_scmi_cfg cfg;  /**< @private */
	uint16_t cmdq_num;                      /**< @private chosen at the first probe */
	uint16_t eventq_num;                    /**< @private */
};

/**
 * @brief Bring the device up and start the transport. Call again after
 *        scmia_virtio_mmio_scmi_remove() to re-probe (channels opened on
 *        the transport stay bound).
 * @param d caller-owned device. @param cfg configuration (copied at the
 *        first probe; a re-probe passes NULL to reuse it).
 * @return SCMIA_OK; the scmia_virtio_mmio_probe() errors; SCMIA_ENOENT /
 *         SCMIA_ENOSPC for queue problems; SCMIA_EINVAL / SCMIA_ENOSPC for
 *         the memory; SCMIA_ESTATE when already up. FAILED is set in
 *         Status on failures after the identity checks.
 * Context: thread or early boot.
 * Lifetime: the memory and accessor must outlive @p d.
 */
int scmia_virtio_mmio_scmi_probe(struct scmia_virtio_mmio_scmi *d,
				 const struct scmia_virtio_mmio_scmi_cfg *cfg);

/**
 * @brief Reset the device with messages in flight (scmia_virtio_stop()).
 * @param d a probed device.
 * @return as scmia_virtio_stop().
 * Context: thread; not from a completion callback or handler.
 * Lifetime: @p d is used during the call; once it returned SCMIA_OK the device owns no buffer of
 * it.
 */
int scmia_virtio_mmio_scmi_remove(struct scmia_virtio_mmio_scmi *d);

/**
 * @brief The interrupt handler: acknowledge InterruptStatus, process both
 *        queues on a used-buffer interrupt; on a configuration change with
 *        NEEDS_RESET, mark the transport broken.
 * @param d a device.
 * @return used entries processed (>= 0); 0 for a spurious interrupt;
 *         SCMIA_EPROTO when the device or a queue is broken (reset it);
 *         SCMIA_EINVAL.
 * Context: any (interrupt or thread), never blocks.
 * Lifetime: @p d is used during the call only.
 */
int scmia_virtio_mmio_scmi_irq(struct scmia_virtio_mmio_scmi *d);

/**
 * @brief The transport context to give scmia_agent_cfg::transport_ctx.
 * @param d device. @return &d->vio.
 * Context: any. Lifetime: as @p d.
 */
struct scmia_virtio *scmia_virtio_mmio_scmi_vio(struct scmia_virtio_mmio_scmi *d);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_VIRTIO_MMIO_H */

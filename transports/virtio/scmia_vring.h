/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_vring.h
 * @brief An OS-agnostic split virtqueue (virtio 1.x, "split" layout) driven
 *        from the driver side, in memory the host provides.
 *
 * Layout of the ring memory (virtio 1.x §2.7, all fields little-endian):
 * @verbatim
 *   offset 0                 descriptor table  num x 16 B  (addr le64, len le32,
 *                                                            flags le16, next le16)
 *   16*num                   available ring    flags, idx, ring[num], used_event
 *   align4(18*num + 6)       used ring         flags, idx, {id le32, len le32}[num],
 *                                               avail_event
 * @endverbatim
 * The descriptor table is 16-byte aligned, the available ring 2-byte and
 * the used ring 4-byte aligned, as the specification requires.
 *
 * The device side is untrusted: every index read from the used ring is
 * checked (an index that advances by more than the ring size breaks the
 * ring; an id out of range or not the head of a chain in flight is
 * rejected), and descriptor chains are freed through a driver-private
 * shadow of the links, never through the shared descriptor table the
 * device could rewrite.
 *
 * Memory ordering: descriptors and the available entry are written before
 * the available index is published with a release store; the used index is
 * read with an acquire load before the entries it covers; a full fence
 * separates the index publication from the notification decision (the
 * device may be running on another CPU).
 *
 * Locking: a vring is not thread safe; its user serialises calls (the
 * virtio-scmi driver does so under its lock).
 */
#ifndef SCMIA_VRING_H
#define SCMIA_VRING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Descriptor flag: the chain continues at @c next. */
#define SCMIA_VRING_DESC_F_NEXT 1u
/** Descriptor flag: the buffer is device-writable (otherwise device-readable). */
#define SCMIA_VRING_DESC_F_WRITE 2u
/** Descriptor flag: indirect table (never used by this driver). */
#define SCMIA_VRING_DESC_F_INDIRECT 4u
/** Available ring flag: the driver asks for no used-buffer interrupts. */
#define SCMIA_VRING_AVAIL_F_NO_INTERRUPT 1u
/** Used ring flag: the device asks for no available-buffer notifications. */
#define SCMIA_VRING_USED_F_NO_NOTIFY 1u

/** Largest queue size of a split virtqueue (virtio 1.x). */
#define SCMIA_VRING_NUM_MAX 32768u

/** Byte offset of the available ring in the ring memory. */
#define SCMIA_VRING_AVAIL_OFF(num) ((size_t)(num) * 16u)
/** Byte offset of the used ring in the ring memory (4-byte aligned). */
#define SCMIA_VRING_USED_OFF(num) (((size_t)(num) * 18u + 6u + 3u) & ~(size_t)3u)
/** Bytes of ring memory for a queue of @p num entries (16-byte aligned storage). */
#define SCMIA_VRING_MEM_SIZE(num) (SCMIA_VRING_USED_OFF(num) + 6u + (size_t)(num) * 8u)

/** One scatter-gather element handed to scmia_vring_add(). */
struct scmia_vring_buf {
	void *addr;   /**< Buffer (driver virtual address; translated by dma_addr). */
	uint32_t len; /**< Length in bytes (> 0). */
};

/**
 * @brief Driver-private bookkeeping of one descriptor. Caller provides
 *        @c num of them (not in memory the device can write).
 */
struct scmia_vring_slot {
	void *cookie;   /**< @private set on the head of a chain in flight */
	uint16_t next;  /**< @private shadow link (free list / chain) */
	uint16_t ndesc; /**< @private descriptors in the chain (head only) */
};

/**
 * @brief Translate a driver address to the address the device uses (DMA,
 *        IOMMU, guest physical). NULL hook: the pointer value itself.
 * @param ctx scmia_vring_cfg::dma_ctx. @param va a buffer or ring address.
 * @return the device address.
 * Context: any (called under the user's lock); must not block.
 */
typedef uint64_t (*scmia_vring_dma_fn)(void *ctx, const void *va);

/**
 * @brief Notify the device that queue @p queue has new buffers (virtio-mmio:
 *        write QueueNotify; a VMM: an ioeventfd; the simulator: a kick).
 * @param ctx scmia_vring_cfg::notify_ctx. @param queue queue index.
 * Context: the context of scmia_vring_kick() (under the user's lock); must
 * not block and must not call back into the vring.
 */
typedef void (*scmia_vring_notify_fn)(void *ctx, uint16_t queue);

/** Configuration of scmia_vring_init(). */
struct scmia_vring_cfg {
	uint16_t num;          /**< Queue size: a power of two in [2, 32768]. */
	uint16_t queue;        /**< Queue index passed to notify. */
	void *mem;             /**< Ring memory, 16-byte aligned, device-visible. */
	size_t mem_size;       /**< Bytes at @c mem: at least SCMIA_VRING_MEM_SIZE(num). */
	struct scmia_vring_slot *slots; /**< @c num driver-private slots. */
	scmia_vring_dma_fn dma_addr;    /**< Address translation; NULL: identity. */
	void *dma_ctx;                  /**< First argument of dma_addr. */
	scmia_vring_notify_fn notify;   /**< Device notification (required). */
	void *notify_ctx;               /**< First argument of notify. */
	uint8_t event_idx;     /**< 1: VIRTIO_F_EVENT_IDX was negotiated. */
};

/** A split virtqueue. Caller-owned; all fields private. */
struct scmia_vring {
	uint8_t *desc;                  /**< @private descriptor table */
	uint8_t *avail;                 /**< @private available ring */
	uint8_t *used;                  /**< @private used ring */
	struct scmia_vring_slot *slots; /**< @private */
	scmia_vring_dma_fn dma_addr;    /**< @private */
	void *dma_ctx;                  /**< @private */
	scmia_vring_notify_fn notify;   /**< @private */
	void *notify_ctx;               /**< @private */
	size_t mem_size;                /**< @private bytes of ring memory */
	uint16_t num;                   /**< @private */
	uint16_t queue;                 /**< @private */
	uint16_t free_head;             /**< @private first free descriptor */
	uint16_t num_free;              /**< @private free descriptors */
	uint16_t avail_idx;             /**< @private next available index (shadow) */
	uint16_t kicked_idx;            /**< @private available index at the last kick */
	uint16_t last_used;             /**< @private next used index to read */
	uint16_t in_flight;             /**< @private chains the device owns */
	uint8_t event_idx;              /**< @private */
	uint8_t broken;                 /**< @private the device corrupted the ring */
};

/**
 * @brief Initialise a vring over host memory (zeroes the ring memory).
 * @param vr caller-owned vring. @param cfg configuration.
 * @return 0 (SCMIA_OK); SCMIA_EINVAL for a NULL argument, a size that is
 *         not a power of two in [2, 32768], misaligned memory, missing slots
 *         or notify hook; SCMIA_ENOSPC when mem_size is too small.
 * Context: thread or early boot; never blocks.
 * Lifetime: the memory, slots and hook contexts must outlive the vring
 * (and the device's use of it: reset the device before reusing them).
 */
int scmia_vring_init(struct scmia_vring *vr, const struct scmia_vring_cfg *cfg);

/**
 * @brief Forget every buffer and return to the initial state (after the
 *        device was reset: it no longer owns anything).
 * @param vr an initialised vring.
 * Context: thread; never blocks. Only while the device is reset.
 * Lifetime: @p vr is used during the call; the buffers of the chains it forgets are the caller's
 * again.
 */
void scmia_vring_reset(struct scmia_vring *vr);

/**
 * @brief Expose a chain of buffers to the device: @p n_out device-readable
 *        buffers followed by @p n_in device-writable ones. Does not notify.
 * @param vr vring. @param bufs n_out + n_in buffers, readable first.
 * @param n_out readable count. @param n_in writable count.
 * @param cookie non-NULL value returned by scmia_vring_get_used().
 * @return 0; SCMIA_EINVAL for bad arguments (no buffer, zero length, NULL
 *         cookie); SCMIA_ENOSPC when fewer than n_out + n_in descriptors are
 *         free; SCMIA_EPROTO when the ring is broken.
 * Context: any (caller's lock); never blocks.
 * Lifetime: the buffers belong to the device until the chain comes back
 * from scmia_vring_get_used() (or the device is reset): do not touch them
 * meanwhile; @p bufs itself is read during the call only.
 */
int scmia_vring_add(struct scmia_vring *vr, const struct scmia_vring_buf *bufs, unsigned n_out,
		    unsigned n_in, void *cookie);

/**
 * @brief Notify the device if it asked for it (used flags or, with event
 *        idx, avail_event) since the last kick.
 * @param vr vring.
 * @return 1 when the device was notified, 0 when suppressed.
 * Context: any (caller's lock); never blocks unless the notify hook does.
 * Lifetime: @p vr is used during the call only.
 */
int scmia_vring_kick(struct scmia_vring *vr);

/**
 * @brief Take the next buffer chain the device returned.
 * @param vr vring. @param[out] cookie the cookie given to add.
 * @param[out] len bytes the device says it wrote: untrusted, the caller
 *        checks it against its buffers.
 * @return 1 with a chain; 0 when none is pending; SCMIA_EMALFORMED for a
 *         used entry whose id is out of range or not the head of a chain
 *         in flight (the entry is consumed and skipped, @p len holds the
 *         bad id); SCMIA_EPROTO when the used index moved by more than the
 *         ring size (the ring is then broken until scmia_vring_reset()).
 * Context: any (caller's lock); never blocks.
 * Lifetime: @p vr and the output pointers are used during the call; the buffers of the chain
 * returned are the caller's again.
 */
int scmia_vring_get_used(struct scmia_vring *vr, void **cookie, uint32_t *len);

/**
 * @brief Whether the device returned chains not yet taken.
 * @param vr vring. @return 1 or 0 (0 as well when broken).
 * Context: any; never blocks.
 * Lifetime: @p vr is read during the call only.
 */
int scmia_vring_has_used(const struct scmia_vring *vr);

/**
 * @brief Device addresses of the three areas, for programming the device
 *        (virtio-mmio QueueDesc / QueueDriver / QueueDevice).
 * @param vr vring. @param[out] desc descriptor table. @param[out] avail
 *        available ring ("driver area"). @param[out] used used ring ("device area").
 * Context: any; never blocks.
 * Lifetime: @p vr and the output pointers are used during the call only.
 */
void scmia_vring_addrs(const struct scmia_vring *vr, uint64_t *desc, uint64_t *avail,
		       uint64_t *used);

/**
 * @brief Queue size. @param vr vring. @return num.
 * Context: any.
 * Lifetime: @p vr is read during the call only.
 */
unsigned scmia_vring_num(const struct scmia_vring *vr);

/**
 * @brief Free descriptors. @param vr vring. @return how many.
 * Context: any (caller's lock).
 * Lifetime: @p vr is read during the call only.
 */
unsigned scmia_vring_num_free(const struct scmia_vring *vr);

/**
 * @brief Whether the device corrupted the ring (used index jump).
 * @param vr vring. @return 1 when broken.
 * Context: any.
 * Lifetime: @p vr is read during the call only.
 */
int scmia_vring_broken(const struct scmia_vring *vr);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_VRING_H */

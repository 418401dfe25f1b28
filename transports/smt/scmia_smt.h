/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_smt.h
 * @brief SMT shared-memory transport (DEN0056 shared memory + doorbell) and
 *        the SMT area helpers other transports reuse (SMC/HVC).
 *
 * Area layout (every word little-endian, offsets from the area base):
 * @verbatim
 *   0x00  4  reserved                 (vendor hook: free for a CRC etc.)
 *   0x04  4  channel status           bit0 FREE (platform done), bit1 ERROR
 *   0x08  8  reserved                 (vendor hook: some vendors put a CRC here)
 *   0x10  4  flags                    bit0: completion interrupt wanted
 *   0x14  4  length                   4 (header) + payload bytes
 *   0x18  4  message header
 *   0x1C  n  payload                  in replies payload[0] is the status
 * @endverbatim
 *
 * Ownership. a2p: the agent may write the area only while FREE is set;
 * clearing the status hands it to the platform, which sets FREE (or ERROR)
 * when the reply is in place. The agent never frees an a2p area. p2a: the
 * platform writes while FREE is set and clears FREE to hand the message to
 * the agent; the agent sets FREE again once it read it and rings the
 * completion doorbell when the platform set flags bit0.
 *
 * Memory discipline. Every access to the area goes through an accessor
 * (struct scmia_smt_access): 32-bit little-endian word reads and writes,
 * optional byte copies (without them every copy goes word by word, for
 * memories that take only aligned 32-bit accesses), optional cache clean
 * and invalidate for non-coherent memory. Barriers (C11 fences):
 * - send: header, payload, length, flags, [vendor words], clean;
 *   release fence; status := 0; clean; full fence; doorbell.
 *   So the platform never sees a cleared status before the message, and the
 *   doorbell never overtakes the status write.
 * - receive: invalidate + read status; acquire fence; invalidate the rest;
 *   read length, header, payload. So nothing is read before the platform's
 *   FREE (a2p) or cleared status (p2a) is seen.
 * - p2a free: every read done; release fence; status := FREE; clean;
 *   full fence; completion doorbell.
 *
 * Transport. `scmia_smt_transport` plugs into an agent; each channel's
 * chan_ctx is a `struct scmia_smt_chan` prepared by scmia_smt_chan_init().
 * The host rings the platform from the doorbell hook and calls
 * scmia_smt_irq() from the channel's completion (a2p) or message (p2a)
 * interrupt.
 */
#ifndef SCMIA_SMT_H
#define SCMIA_SMT_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Layout                                                              */
/* ------------------------------------------------------------------ */

#define SCMIA_SMT_OFF_RESERVED0 0x00u /**< Reserved word (vendor use). */
#define SCMIA_SMT_OFF_STATUS 0x04u    /**< Channel status word. */
#define SCMIA_SMT_OFF_RESERVED1 0x08u /**< First of two reserved words (vendor use, e.g. CRC). */
#define SCMIA_SMT_OFF_RESERVED2 0x0Cu /**< Second reserved word. */
#define SCMIA_SMT_OFF_FLAGS 0x10u     /**< Flags word. */
#define SCMIA_SMT_OFF_LENGTH 0x14u    /**< Length word: 4 + payload bytes. */
#define SCMIA_SMT_OFF_HEADER 0x18u    /**< Message header. */
#define SCMIA_SMT_OFF_PAYLOAD 0x1Cu   /**< First payload byte. */

#define SCMIA_SMT_STATUS_FREE (1u << 0)  /**< Status bit0: channel free (platform done). */
#define SCMIA_SMT_STATUS_ERROR (1u << 1) /**< Status bit1: channel error. */
#define SCMIA_SMT_FLAGS_IRQ (1u << 0)    /**< Flags bit0: completion interrupt wanted. */

/** Smallest area: the fixed fields plus one payload word (a status). */
#define SCMIA_SMT_AREA_MIN (SCMIA_SMT_OFF_PAYLOAD + 4u)
/** Area bytes needed for @p payload payload bytes (a reply counts its status word). */
#define SCMIA_SMT_AREA_SIZE(payload) ((size_t)SCMIA_SMT_OFF_PAYLOAD + (size_t)(payload))
/** Largest payload (bytes after the header) an area of @p size bytes holds. */
#define SCMIA_SMT_PAYLOAD_MAX(size) ((size_t)(size) - (size_t)SCMIA_SMT_OFF_PAYLOAD)
/** Smallest valid length word of a response or delayed response (header + status). */
#define SCMIA_SMT_LEN_MIN_REPLY 8u
/** Smallest valid length word of a notification (header). */
#define SCMIA_SMT_LEN_MIN_NOTIF 4u

/* ------------------------------------------------------------------ */
/* Accessor layer                                                      */
/* ------------------------------------------------------------------ */

/**
 * @brief How the area is accessed. Const, in ROM; @p ctx is the area's
 *        acc_ctx. Addresses handed to read32/write32 are always 4-byte
 *        aligned and inside the area.
 */
struct scmia_smt_access {
	/** Read the little-endian 32-bit word at @p addr; return it in host
	 *  order. Required. */
	uint32_t (*read32)(void *ctx, const volatile void *addr);
	/** Write @p val (host order) as a little-endian 32-bit word at
	 *  @p addr. Required. */
	void (*write32)(void *ctx, volatile void *addr, uint32_t val);
	/** Copy @p len bytes out of the area. Optional: NULL copies word by
	 *  word with read32 (aligned 32-bit accesses only). */
	void (*copy_from)(void *ctx, void *dst, const volatile void *src, size_t len);
	/** Copy @p len bytes into the area. Optional: NULL copies word by
	 *  word with write32 (a partial last word is zero padded). */
	void (*copy_to)(void *ctx, volatile void *dst, const void *src, size_t len);
	/** Write back (clean) cached lines covering [addr, addr + len) so the
	 *  platform sees them. Optional (coherent memory). */
	void (*cache_clean)(void *ctx, const volatile void *addr, size_t len);
	/** Discard cached lines covering [addr, addr + len) so the next read
	 *  comes from memory. Optional (coherent memory). */
	void (*cache_invalidate)(void *ctx, const volatile void *addr, size_t len);
};

/** Default accessor: volatile 32-bit words, volatile byte copies, coherent
 *  memory (no cache hooks). */
extern const struct scmia_smt_access scmia_smt_access_default;

/** Accessor for memories that take only aligned 32-bit accesses: volatile
 *  32-bit words and every copy word by word; coherent memory. */
extern const struct scmia_smt_access scmia_smt_access_word32;

/**
 * @brief Read a little-endian word with a plain volatile 32-bit load (the
 *        read32 of the stock accessors, for hosts building their own table,
 *        e.g. adding cache hooks).
 * @param ctx unused. @param addr 4-byte aligned address.
 * @return the word in host order.
 * Context: any, never blocks. Lifetime: @p addr is read during the call only.
 */
uint32_t scmia_smt_read32_volatile(void *ctx, const volatile void *addr);

/**
 * @brief Write a little-endian word with a plain volatile 32-bit store
 *        (the write32 of the stock accessors).
 * @param ctx unused. @param addr 4-byte aligned address. @param val value (host order).
 * Context: any, never blocks. Lifetime: @p addr is written during the call only.
 */
void scmia_smt_write32_volatile(void *ctx, volatile void *addr, uint32_t val);

/* ------------------------------------------------------------------ */
/* Area                                                                */
/* ------------------------------------------------------------------ */

struct scmia_smt_area;

/** Vendor hook event: the message is written (header, payload, length,
 *  flags), the status not yet cleared: the hook may fill reserved words. */
#define SCMIA_SMT_VENDOR_TX 0u
/** Vendor hook event: a received message passed the status and length
 *  checks and is about to be copied: the hook may check reserved words. */
#define SCMIA_SMT_VENDOR_RX 1u

/**
 * @brief Vendor hook for the reserved words (e.g. a CRC at 0x08).
 * @param ctx the area's vendor_ctx.
 * @param area the area (use scmia_smt_area_read32()/_write32()).
 * @param event SCMIA_SMT_VENDOR_TX or SCMIA_SMT_VENDOR_RX.
 * @param length the length word (validated to fit the area).
 * @return 0 to go on; a negative scmia error aborts the send (nothing is
 *         handed to the platform) or fails the fetch with that error
 *         (SCMIA_EMALFORMED for a bad CRC, say).
 * Context: that of the send or fetch; must not block.
 */
typedef int (*scmia_smt_vendor_fn)(void *ctx, struct scmia_smt_area *area, unsigned event,
				   uint32_t length);

/** A shared-memory area and how to access it. Caller-owned; fields private
 *  (set by scmia_smt_area_init() and scmia_smt_area_set_vendor()). */
struct scmia_smt_area {
	volatile uint8_t *base;              /**< @private 4-byte aligned base */
	uint32_t size;                       /**< @private bytes, multiple of 4 */
	const struct scmia_smt_access *acc;  /**< @private accessor */
	void *acc_ctx;                       /**< @private accessor context */
	scmia_smt_vendor_fn vendor;          /**< @private vendor hook or NULL */
	void *vendor_ctx;                    /**< @private vendor hook context */
};

/**
 * @brief Describe an area. Writes nothing to the shared memory.
 * @param area caller-owned descriptor.
 * @param base area base, 4-byte aligned.
 * @param size area bytes: a multiple of 4, at least SCMIA_SMT_AREA_MIN,
 *        below 2^31.
 * @param acc accessor; NULL: scmia_smt_access_default.
 * @param acc_ctx accessor context.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL area or base, a misaligned
 *         base, a bad size, or an accessor without read32/write32.
 * Context: any, never blocks.
 * Lifetime: the memory, @p acc and @p acc_ctx must outlive every use of
 * @p area.
 */
int scmia_smt_area_init(struct scmia_smt_area *area, volatile void *base, size_t size,
			const struct scmia_smt_access *acc, void *acc_ctx);

/**
 * @brief Install (or remove, with NULL) the vendor hook of an area.
 * @param area an initialised area. @param fn hook or NULL. @param ctx its context.
 * Context: before the area is used by a channel.
 * Lifetime: @p ctx must outlive every use of @p area.
 */
void scmia_smt_area_set_vendor(struct scmia_smt_area *area, scmia_smt_vendor_fn fn, void *ctx);

/**
 * @brief Read one word of the area through the accessor (cache
 *        invalidated first).
 * @param area an initialised area. @param off 4-byte aligned offset.
 * @param[out] val the word, host order.
 * @return SCMIA_OK; SCMIA_EINVAL for a misaligned or out-of-area offset
 *         or a NULL argument.
 * Context: any, never blocks.
 * Lifetime: @p area and @p val are used during the call only.
 */
int scmia_smt_area_read32(struct scmia_smt_area *area, uint32_t off, uint32_t *val);

/**
 * @brief Write one word of the area through the accessor (cache cleaned
 *        after).
 * @param area an initialised area. @param off 4-byte aligned offset.
 * @param val the word, host order.
 * @return SCMIA_OK; SCMIA_EINVAL for a misaligned or out-of-area offset
 *         or a NULL area.
 * Context: any, never blocks.
 * Lifetime: @p area is used during the call only.
 */
int scmia_smt_area_write32(struct scmia_smt_area *area, uint32_t off, uint32_t val);

/**
 * @brief Read the channel status word (invalidate, read, acquire fence:
 *        later reads of the area are ordered after it).
 * @param area an initialised area. @return the status word.
 * Context: any, never blocks.
 * Lifetime: @p area is used during the call only.
 */
uint32_t scmia_smt_area_status(struct scmia_smt_area *area);

/**
 * @brief Whether the FREE bit is set.
 * @param area an initialised area. @return 1 when FREE, 0 otherwise.
 * Context: any, never blocks.
 * Lifetime: @p area is used during the call only.
 */
int scmia_smt_area_is_free(struct scmia_smt_area *area);

/**
 * @brief Wait, bounded, until the area is FREE: polls with
 *        scmia_chan_now_us() / scmia_chan_relax() of @p chan and checks
 *        once more after the deadline (a preempted waiter does not give up
 *        falsely).
 * @param area an initialised area. @param chan the channel whose clock
 *        and back-off hook to use.
 * @param timeout_us the bound.
 * @return SCMIA_OK when FREE; SCMIA_EBUSY when it never became FREE in
 *         time (then do NOT write or ring); SCMIA_EINVAL for NULL.
 * Context: any; spins up to @p timeout_us through the relax hook.
 * Lifetime: @p area and @p chan are used during the call only.
 */
int scmia_smt_area_wait_free(struct scmia_smt_area *area, struct scmia_chan *chan,
			     uint32_t timeout_us);

/**
 * @brief Write a command into an a2p area: header, payload, length
 *        (4 + tx_len), flags, the vendor TX hook, then clear the status
 *        (barriers as described at the top). Does not check FREE and does
 *        not ring: the caller waits for FREE first and rings after.
 * @param area an initialised area owned by the agent (FREE).
 * @param xfer the transfer (hdr, tx_buf, tx_len).
 * @param want_irq 1 to set flags bit0 (completion interrupt), 0 to poll.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments (or a NULL tx_buf with
 *         tx_len > 0); SCMIA_ENOSPC when the payload does not fit the area;
 *         the vendor hook's error (status left untouched: nothing was
 *         handed over).
 * Context: any, never blocks.
 * Lifetime: @p xfer is read during the call only.
 */
int scmia_smt_area_tx_prepare(struct scmia_smt_area *area, const struct scmia_xfer *xfer,
			      int want_irq);

/**
 * @brief The first half of scmia_smt_area_tx_prepare(): write header,
 *        payload, length and flags and run the vendor TX hook, without
 *        clearing the status (the platform does not see the message yet).
 * @param area an initialised area owned by the agent (FREE).
 * @param xfer the transfer (hdr, tx_buf, tx_len).
 * @param want_irq 1 to set flags bit0 (completion interrupt), 0 to poll.
 * @return as scmia_smt_area_tx_prepare().
 * Context: any, never blocks.
 * Lifetime: @p xfer is read during the call only.
 */
int scmia_smt_area_tx_write(struct scmia_smt_area *area, const struct scmia_xfer *xfer,
			    int want_irq);

/**
 * @brief The second half of scmia_smt_area_tx_prepare(): release fence,
 *        clear the status word (FREE and ERROR), full fence. From here the
 *        platform may see the message (a polling platform without a
 *        doorbell too).
 * @param area an area written by scmia_smt_area_tx_write().
 * Context: any, never blocks.
 * Lifetime: @p area is used during the call only.
 */
void scmia_smt_area_tx_publish(struct scmia_smt_area *area);

/**
 * @brief Whether the reply to @p xfer is in the area: FREE or ERROR set
 *        and the header names the same message (id, protocol, token).
 * @param area an initialised area. @param xfer the pending transfer.
 * @return 1 when ready to fetch, 0 when not yet.
 * Context: any, never blocks.
 * Lifetime: @p area and @p xfer are read during the call only.
 */
int scmia_smt_area_poll_done(struct scmia_smt_area *area, const struct scmia_xfer *xfer);

/**
 * @brief Read the message header word (after an acquire on the status).
 * @param area an initialised area. @return the header, host order.
 * Context: any, never blocks.
 * Lifetime: @p area is used during the call only.
 */
uint32_t scmia_smt_area_header(struct scmia_smt_area *area);

/**
 * @brief Fetch a response or delayed response into @p xfer. Does not wait
 *        for or check FREE (the caller saw it: poll_done, the interrupt,
 *        or the return of an SMC); does check ERROR.
 *
 * Sets xfer->status to the raw status word and copies the payload after it
 * into rx_buf, clamped to rx_cap; sets rx_len.
 * @param area an initialised area. @param xfer the transfer waiting for it.
 * @return SCMIA_OK; SCMIA_EPROTO when the ERROR bit is set; SCMIA_ETOOSHORT
 *         when the length word is below 8 (no room for a status: 0..7, or
 *         a length that left out the 4 header bytes of a status-only reply);
 *         SCMIA_EMALFORMED when it is larger than the area; SCMIA_EUNEXPECTED
 *         when the header in the area is not @p xfer's (id, protocol, token)
 *         or is a notification; the vendor RX hook's error; SCMIA_EINVAL
 *         for NULL arguments or rx_cap > 0 without rx_buf.
 *         On error rx_len is 0 and status untouched.
 * Context: any, never blocks.
 * Lifetime: @p area and @p xfer (its rx_buf) are used during the call only.
 */
int scmia_smt_area_fetch_response(struct scmia_smt_area *area, struct scmia_xfer *xfer);

/**
 * @brief Fetch a notification payload (after the header) into @p xfer,
 *        at most min(@p max_len, rx_cap) bytes; sets rx_len.
 * @param area an initialised p2a area. @param xfer destination.
 * @param max_len most bytes to copy.
 * @return SCMIA_OK; SCMIA_EPROTO (ERROR bit); SCMIA_ETOOSHORT (length < 4);
 *         SCMIA_EMALFORMED (length larger than the area); the vendor RX
 *         hook's error; SCMIA_EINVAL for NULL arguments.
 *         On error rx_len is 0.
 * Context: any, never blocks.
 * Lifetime: @p area and @p xfer (its rx_buf) are used during the call only.
 */
int scmia_smt_area_fetch_notification(struct scmia_smt_area *area, struct scmia_xfer *xfer,
				      uint32_t max_len);

/**
 * @brief Hand a p2a area back to the platform: set FREE (after a release
 *        fence; every read of the message is done).
 * @param area an initialised area.
 * @return 1 when the platform asked for a completion interrupt (flags
 *         bit0, read before FREE is set): ring the completion doorbell;
 *         0 otherwise.
 * Context: any, never blocks.
 * Lifetime: @p area is used during the call; the message in it is the platform's again once this
 * returned.
 */
int scmia_smt_area_mark_free(struct scmia_smt_area *area);

/* ------------------------------------------------------------------ */
/* SMT transport                                                       */
/* ------------------------------------------------------------------ */

/**
 * @brief Doorbell hook: tell the platform (a mailbox register write, an
 *        SGI, an SMC/HVC...). Must not sleep when the channel is used from
 *        atomic context. For a device (MMIO) doorbell on Arm, the write
 *        needs a DSB before it when the store ordering to normal memory
 *        matters on the platform side (the library's fence is a DMB).
 * @param ctx the hook's context.
 * @return 0, or a negative scmia error (the send fails with SCMIA_EIO).
 * Context: that of the send (any).
 */
typedef int (*scmia_smt_ring_fn)(void *ctx);

/** Channel option: the memory takes only aligned 32-bit accesses (selects
 *  scmia_smt_access_word32 when no accessor is given). */
#define SCMIA_SMT_F_WORD32 (1u << 0)
/** Channel option: no completion interrupt is wired; never set flags
 *  bit0 (every wait polls). */
#define SCMIA_SMT_F_NO_IRQ (1u << 1)

/** Channel configuration for scmia_smt_chan_init(). Zeroed fields take
 *  defaults. */
struct scmia_smt_cfg {
	volatile void *base;   /**< The area (required), 4-byte aligned. */
	size_t size;           /**< Its size: multiple of 4, >= SCMIA_SMT_AREA_MIN. */
	/** Optional separate response area of an a2p channel (NULL: replies
	 *  come back in @p base). The platform writes the reply (length,
	 *  header, status, payload) there and sets its FREE (or ERROR) bit;
	 *  the command area's FREE bit still gates the next command. The
	 *  agent clears this area's status before each doorbell. */
	volatile void *rx_base;
	size_t rx_size;        /**< Size of @p rx_base. */
	/** Accessor for both areas; NULL: scmia_smt_access_default, or
	 *  scmia_smt_access_word32 with SCMIA_SMT_F_WORD32. */
	const struct scmia_smt_access *acc;
	void *acc_ctx;         /**< Accessor context. */
	scmia_smt_ring_fn ring; /**< a2p doorbell (required on a2p channels). */
	void *ring_ctx;         /**< Its context. */
	/** p2a completion doorbell, rung after the agent set FREE when the
	 *  platform set flags bit0 (optional; a separate unidirectional
	 *  mailbox channel, say). */
	scmia_smt_ring_fn ack;
	void *ack_ctx;          /**< Its context. */
	scmia_smt_vendor_fn vendor; /**< Reserved-word hook (optional), for both areas. */
	void *vendor_ctx;       /**< Its context. */
	/** Bound on waiting for the area (FREE, and for another sender of the
	 *  same channel) before a send gives up with SCMIA_EBUSY; 0: 2 x the
	 *  transport's reply timeout. */
	uint32_t free_timeout_us;
	uint32_t flags;         /**< SCMIA_SMT_F_* */
};

/** Per-channel event counts (scmia_smt_chan_stats()). */
struct scmia_smt_stats {
	uint32_t rings;     /**< Doorbells rung (a2p). */
	uint32_t acks;      /**< Completion doorbells rung (p2a). */
	uint32_t spurious;  /**< Interrupts ignored: area not ready, nobody waiting, held. */
	uint32_t busy;      /**< Sends that gave up waiting for the area (not rung). */
	uint32_t errors;    /**< Rejected fetches (ERROR bit, bad length, wrong header, hook). */
};

/** Words of private state in struct scmia_smt_chan. */
#define SCMIA_SMT_PRIV_WORDS 12u

/** SMT per-channel context (the channel's chan_ctx). Caller-owned;
 *  fields private. */
struct scmia_smt_chan {
	struct scmia_smt_area area;    /**< @private command / message area */
	struct scmia_smt_area rx_area; /**< @private separate response area (size 0: none) */
	scmia_smt_ring_fn ring;        /**< @private */
	void *ring_ctx;                /**< @private */
	scmia_smt_ring_fn ack;         /**< @private */
	void *ack_ctx;                 /**< @private */
	uint32_t free_timeout_us;      /**< @private 0: from the transport */
	uint32_t flags;                /**< @private SCMIA_SMT_F_* */
	/** @private run-time state touched with C11 atomics by smt.c */
	uint64_t priv[SCMIA_SMT_PRIV_WORDS];
};

/** The SMT transport descriptor: reply timeout 30 ms, 20 slots, 100-byte
 *  payloads (a 128-byte area), atomic safe. */
extern const struct scmia_transport scmia_smt_transport;

/**
 * @brief Prepare an SMT channel context. Writes nothing to the shared
 *        memory (the platform, or the host with scmia_smt_area_mark_free(),
 *        initialises the status).
 * @param sc caller-owned context (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument, a bad area or rx
 *         area (see scmia_smt_area_init()), or an unknown flag.
 * Context: thread, before scmia_chan_open(). Lifetime: @p cfg may go after
 * the call; the areas, accessor, hooks and their contexts must outlive the
 * channel.
 */
int scmia_smt_chan_init(struct scmia_smt_chan *sc, const struct scmia_smt_cfg *cfg);

/**
 * @brief Interrupt entry: the host calls it from the channel's interrupt
 *        (a2p completion interrupt, or p2a "message posted" interrupt).
 *
 * a2p: ignored and counted as spurious (SCMIA_CNT_SPURIOUS) unless the area
 * is FREE or ERROR and a sender that asked for a completion interrupt has
 * rung the doorbell; else the header is read and scmia_rx() called.
 * p2a: ignored and counted as spurious when the area is FREE (nothing
 * posted) or its message is already being processed; else scmia_rx() is
 * called and the area set FREE afterwards (and the completion doorbell
 * rung when asked), unless the core kept the message
 * (SCMIA_RX_DEFERRED): then FREE is set at rx_release.
 * @param sc a channel context.
 * @return scmia_rx()'s result; SCMIA_ESTATE when the channel is not set up
 *         (interrupt before chan_setup or after chan_free: nothing
 *         touched); SCMIA_EBUSY for a spurious interrupt; SCMIA_EINVAL for
 *         NULL.
 * Context: interrupt or thread; never blocks.
 * Lifetime: @p sc is used during the call only (the core may keep the message: see scmia_rx()).
 */
int scmia_smt_irq(struct scmia_smt_chan *sc);

/**
 * @brief Polling entry: as scmia_smt_irq(), for hosts that look at a
 *        channel periodically instead of taking its interrupt (a p2a
 *        channel without an interrupt, say). Finding nothing is not counted
 *        as spurious.
 * @param sc a channel context.
 * @return as scmia_smt_irq(); SCMIA_EBUSY when nothing was there.
 * Context: interrupt or thread; never blocks.
 * Lifetime: @p sc is used during the call only (the core may keep the message: see scmia_rx()).
 */
int scmia_smt_poll(struct scmia_smt_chan *sc);

/**
 * @brief Read a channel's event counts.
 * @param sc a channel context. @param[out] out the counts.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any, never blocks.
 * Lifetime: @p sc and @p out are used during the call only.
 */
int scmia_smt_chan_stats(const struct scmia_smt_chan *sc, struct scmia_smt_stats *out);

/**
 * @brief The channel's command (or p2a message) area, for hosts and
 *        platform models that inspect it.
 * @param sc a channel context. @return the area, or NULL for NULL.
 * Context: any. Lifetime: that of @p sc.
 */
struct scmia_smt_area *scmia_smt_chan_area(struct scmia_smt_chan *sc);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SMT_H */

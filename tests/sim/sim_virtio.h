/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file sim_virtio.h
 * @brief Device end of virtio-scmi for the simulated platform: a virtio-mmio
 *        register model (version 2) and the device side of the split rings
 *        (cmdq, eventq), connected to the engine (scmia_sim.h).
 *
 * The rings are served by the library's device half of the transport
 * (scmia_virtio_dev.h, transports/virtio/virtio_dev.c), the same code a
 * hypervisor uses for its guests, written separately from the agent's
 * driver (virtio.c) from the virtio 1.x specification: a layout mistake on
 * either side shows up as a failing test. This file keeps the register
 * model, the engine's glue (command tokens to device requests) and the
 * faults only a platform model has.
 *
 * Memory: the driver's ring and buffer memory is reached only through DMA
 * windows (bus address -> host pointer, bounds-checked). The agent gives
 * scmia_sim_virtio_dma() as its address translation hook, so bus addresses
 * differ from pointers and every device access is checked.
 *
 * Flow: the agent writes QueueNotify -> the device kicks the engine's
 * thread (threaded mode, pull op) or the test calls scmia_sim_virtio_poll()
 * (stepped). Each new cmdq chain becomes a command for the engine; the
 * engine's response lands in that chain's device-writable buffer, the used
 * entry is published and the interrupt raised (the irq hook: the test calls
 * the agent's interrupt handler there). Delayed responses and
 * notifications take an eventq buffer; none posted: a delayed response is
 * retried later by the engine, a notification dropped (counted).
 *
 * Device faults on top of the engine's script: hold used entries and
 * publish them later in any order (scmia_sim_virtio_flush()), corrupt the
 * next used entry (id, length, duplicate, index jump) or response header,
 * publish raw used entries, refuse FEATURES_OK, a reset that never
 * completes, NEEDS_RESET, bad identity registers.
 *
 * Locking: one mutex per device; never held while calling the engine or
 * the irq hook, so the irq hook may run the agent's receive path, whose
 * callbacks may send again.
 */
#ifndef SCMIA_SIM_VIRTIO_H
#define SCMIA_SIM_VIRTIO_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "scmia_sim.h"
#include "scmia_virtio_dev.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest queue size the model handles (QueueNumMax is clamped to it). */
#define SCMIA_SIM_VIRTIO_QMAX 1024u
/** DMA windows a device can have. */
#define SCMIA_SIM_VIRTIO_WINDOWS 4u
/** One-shot used-entry corruptions that can be armed per queue. */
#define SCMIA_SIM_VIRTIO_MAX_CORRUPT 8u

/** Corruption of the next used entry (scmia_sim_virtio_corrupt()). */
enum scmia_sim_virtio_corrupt {
	SCMIA_SIM_VIRTIO_C_BAD_ID = 1, /**< used id = arg (out of range, not a head, not in flight) */
	SCMIA_SIM_VIRTIO_C_BAD_LEN,    /**< used len = arg (0..3, larger than the buffer) */
	SCMIA_SIM_VIRTIO_C_DUP,        /**< publish the entry twice */
	SCMIA_SIM_VIRTIO_C_IDX_JUMP,   /**< then move the used index arg entries further */
	SCMIA_SIM_VIRTIO_C_HDR_XOR     /**< response header ^= arg (cmdq) */
};

/** A DMA window: @c size bytes at host pointer @c base seen at bus address @c bus. */
struct scmia_sim_virtio_window {
	void *base;   /**< host address */
	size_t size;  /**< bytes */
	uint64_t bus; /**< device (bus) address of base */
};

/** Device configuration. Zeroed fields take their defaults. */
struct scmia_sim_virtio_cfg {
	uint32_t magic;       /**< MagicValue; 0: 0x74726976 */
	uint32_t version;     /**< Version; 0: 2 */
	uint32_t device_id;   /**< DeviceID; 0: 32 */
	uint64_t features;    /**< offered features; 0: VERSION_1 | P2A_CHANNELS */
	/** Driver feature bits that make the device refuse FEATURES_OK (it
	 *  also refuses bits it did not offer and a missing VERSION_1). */
	uint64_t refuse;
	uint16_t cmdq_max;    /**< QueueNumMax of cmdq; 0: 64 */
	uint16_t eventq_max;  /**< QueueNumMax of eventq (with P2A); 0: 16 */
	uint8_t no_eventq;    /**< 1: QueueNumMax of eventq reads 0 */
	uint8_t reset_stuck;  /**< 1: Status never reads 0 after a reset */
	uint32_t agent_id;    /**< agent id of the commands; 0: 1 */
	/** DMA windows (at least one: ring and buffer memory of the agent). */
	struct scmia_sim_virtio_window win[SCMIA_SIM_VIRTIO_WINDOWS];
	unsigned n_win;       /**< windows used */
	/** Interrupt line: called (no lock held) after InterruptStatus got a
	 *  bit; NULL: no interrupt (a polling agent). */
	void (*irq)(void *ctx);
	void *irq_ctx;        /**< its context */
};

/** Device counters (scmia_sim_virtio_stats()). */
struct scmia_sim_virtio_stats {
	uint32_t notifies;         /**< QueueNotify writes */
	uint32_t notify_early;     /**< QueueNotify before DRIVER_OK (driver bug) */
	uint32_t requests;         /**< cmdq chains taken */
	uint32_t responses;        /**< cmdq responses written */
	uint32_t truncated;        /**< messages cut to the buffer size */
	uint32_t unmatched;        /**< engine replies with no pending chain (dropped) */
	uint32_t events;           /**< eventq messages written */
	uint32_t event_no_buf;     /**< p2a messages with no eventq buffer posted */
	uint32_t used;             /**< used entries published */
	uint32_t irqs;             /**< interrupts raised */
	uint32_t resets;           /**< device resets */
	uint32_t bad_chain;        /**< malformed chains from the driver (driver bug) */
	uint32_t dma_faults;       /**< addresses outside every window (driver bug) */
	uint32_t violations;       /**< other driver protocol violations (see last_violation) */
	uint32_t token_reuse;      /**< a command token already pending (driver bug) */
	uint32_t corrupted;        /**< corruptions applied */
};

struct scmia_sim_virtio_cap;

/** @private Glue state of one queue. */
struct scmia_sim_virtio_q {
	uint64_t desc;      /**< @private bus addresses */
	uint64_t drv;       /**< @private available ring */
	uint64_t dev;       /**< @private used ring */
	uint32_t num;       /**< @private QueueNum */
	uint32_t ready;     /**< @private QueueReady */
	uint8_t corrupt_kind[SCMIA_SIM_VIRTIO_MAX_CORRUPT]; /**< @private armed one-shots */
	uint32_t corrupt_arg[SCMIA_SIM_VIRTIO_MAX_CORRUPT]; /**< @private */
	unsigned n_corrupt; /**< @private */
	/** @private used entries held (scmia_sim_virtio_hold()) */
	struct scmia_virtio_dev_used held[SCMIA_SIM_VIRTIO_QMAX];
	unsigned n_held;    /**< @private */
	/** @private used entries a corruption took, published after the call */
	struct scmia_virtio_dev_used out[SCMIA_SIM_VIRTIO_MAX_CORRUPT * 2u + 2u];
	unsigned n_out;     /**< @private */
	uint32_t jump;      /**< @private used index jump due after them */
};

/** The device. Caller-owned; fields private. */
struct scmia_sim_virtio {
	pthread_mutex_t lock;                 /**< @private recursive; also the device half's */
	struct scmia_sim *sim;                /**< @private */
	struct scmia_sim_virtio_cfg cfg;      /**< @private resolved */
	struct scmia_virtio_dev vdev;         /**< @private the device half */
	struct scmia_virtio_dev_req reqs[SCMIA_SIM_VIRTIO_QMAX]; /**< @private */
	struct scmia_virtio_dev_window win[SCMIA_SIM_VIRTIO_WINDOWS]; /**< @private */
	uint32_t status;                      /**< @private */
	uint32_t dfsel;                       /**< @private DeviceFeaturesSel */
	uint32_t drfsel;                      /**< @private DriverFeaturesSel */
	uint64_t drv_features;                /**< @private */
	uint32_t qsel;                        /**< @private */
	uint32_t int_status;                  /**< @private */
	uint8_t hold;                         /**< @private hold used entries */
	uint8_t needs_reset;                  /**< @private */
	uint8_t irq_mute;                     /**< @private interrupts coalesced (flush) */
	uint8_t irq_due;                      /**< @private one came while muted */
	struct scmia_sim_virtio_q q[2];       /**< @private cmdq, eventq */
	uint32_t tok_req[SCMIA_HDR_TOKEN_MASK + 1u]; /**< @private token -> request */
	uint8_t tok_busy[SCMIA_HDR_TOKEN_MASK + 1u]; /**< @private */
	struct scmia_sim_virtio_cap *cap;     /**< @private the taker's buffer */
	uint32_t p2a_hdr;                     /**< @private header the device refuses to send */
	uint8_t p2a_patch;                    /**< @private ... written over the next event */
	struct scmia_sim_virtio_stats st;     /**< @private glue counters */
	const char *last_violation;           /**< @private */
};

/** The port ops of the device (ctx: struct scmia_sim_virtio). */
extern const struct scmia_sim_port_ops scmia_sim_virtio_port;

/**
 * @brief Initialise a device and make it the engine's port.
 * @param dev caller-owned device (overwritten). @param sim an initialised engine.
 * @param cfg configuration (at least one DMA window).
 * @return SCMIA_OK; SCMIA_EINVAL (NULL, no window, a queue max above
 *         SCMIA_SIM_VIRTIO_QMAX); SCMIA_EIO when the mutex fails.
 * Context: thread, before traffic.
 */
int scmia_sim_virtio_init(struct scmia_sim_virtio *dev, struct scmia_sim *sim,
			  const struct scmia_sim_virtio_cfg *cfg);

/**
 * @brief Destroy the device's mutex (the engine must be stopped).
 * @param dev device.
 * Context: thread.
 */
void scmia_sim_virtio_deinit(struct scmia_sim_virtio *dev);

/**
 * @brief Register read (the agent's virtio-mmio read32 accessor).
 * @param ctx the device. @param off register offset.
 * @return the value; 0 for an unknown offset.
 * Context: any thread.
 */
uint32_t scmia_sim_virtio_read32(void *ctx, uint32_t off);

/**
 * @brief Register write (the agent's virtio-mmio write32 accessor).
 *        QueueNotify kicks the engine's thread.
 * @param ctx the device. @param off register offset. @param val value.
 * Context: any thread, no device callback runs in it.
 */
void scmia_sim_virtio_write32(void *ctx, uint32_t off, uint32_t val);

/**
 * @brief DMA address of a host pointer (the agent's scmia_vring_dma_fn).
 * @param ctx the device. @param va host address.
 * @return its bus address; UINT64_MAX when no window holds it (the device
 *         then rejects it).
 * Context: any.
 */
uint64_t scmia_sim_virtio_dma(void *ctx, const void *va);

/**
 * @brief Stepped mode: take every new cmdq chain and hand it to the engine,
 *        then emit what is due now.
 * @param dev device. @return commands taken, or SCMIA_EINVAL.
 * Context: thread; the irq hook runs in this thread.
 */
int scmia_sim_virtio_poll(struct scmia_sim_virtio *dev);

/**
 * @brief Hold used entries instead of publishing them (1), or publish as
 *        they come (0; held entries stay held until a flush).
 *
 * The token of an answer held here (or whose used entry or header the
 * device corrupts, scmia_sim_virtio_corrupt()) is never the engine's
 * "token nobody waits for" (CORRUPT_HDR with arg 0, SPURIOUS, a forgery
 * without a target) until a new command uses it: its transfer may still
 * wait, and a message under its exact header would be indistinguishable
 * from its own.
 * @param dev device. @param on 1 or 0.
 * Context: any thread.
 */
void scmia_sim_virtio_hold(struct scmia_sim_virtio *dev, int on);

/**
 * @brief Publish held used entries of the queues in @p queues (bit 0 cmdq,
 *        bit 1 eventq) in completion order or reversed, then raise one
 *        interrupt.
 * @param dev device. @param queues mask. @param reverse 1: newest first.
 * @return entries published, or SCMIA_EINVAL.
 * Context: thread; the irq hook runs in this thread.
 */
int scmia_sim_virtio_flush(struct scmia_sim_virtio *dev, unsigned queues, int reverse);

/**
 * @brief Number of held used entries of queue @p queue.
 * @param dev device. @param queue 0 or 1. @return the count.
 * Context: any thread.
 */
unsigned scmia_sim_virtio_held(struct scmia_sim_virtio *dev, unsigned queue);

/**
 * @brief Arm a one-shot corruption of the next used entry of @p queue.
 * @param dev device. @param queue 0 cmdq, 1 eventq.
 * @param kind enum scmia_sim_virtio_corrupt. @param arg its argument.
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_ENOSPC (too many armed).
 * Context: any thread.
 */
int scmia_sim_virtio_corrupt(struct scmia_sim_virtio *dev, unsigned queue, unsigned kind,
			     uint32_t arg);

/**
 * @brief Disarm the corruptions armed with scmia_sim_virtio_corrupt() that
 *        no used entry took yet (both queues).
 * @param dev device. @return how many were disarmed (0 for NULL).
 * Context: any thread.
 */
unsigned scmia_sim_virtio_corrupt_clear(struct scmia_sim_virtio *dev);

/**
 * @brief Publish a raw used entry (any id and length) on @p queue and
 *        raise the interrupt.
 * @param dev device. @param queue 0 or 1. @param id used id. @param len used length.
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_ESTATE when the queue is not live.
 * Context: thread; the irq hook runs in this thread.
 */
int scmia_sim_virtio_raw_used(struct scmia_sim_virtio *dev, unsigned queue, uint32_t id,
			      uint32_t len);

/**
 * @brief Raise the interrupt with nothing new (spurious, bit 0), or set
 *        DEVICE_NEEDS_RESET with a configuration-change interrupt.
 * @param dev device. @param needs_reset 1: NEEDS_RESET + config interrupt.
 * Context: thread; the irq hook runs in this thread.
 */
void scmia_sim_virtio_interrupt(struct scmia_sim_virtio *dev, int needs_reset);

/**
 * @brief Command chains taken and not answered yet.
 * @param dev device. @return the count.
 * Context: any thread.
 */
unsigned scmia_sim_virtio_pending(struct scmia_sim_virtio *dev);

/**
 * @brief eventq buffers posted by the driver and not used yet.
 * @param dev device. @return the count (0 when the queue is not live).
 * Context: any thread.
 */
unsigned scmia_sim_virtio_event_bufs(struct scmia_sim_virtio *dev);

/**
 * @brief Device Status register as the device sees it.
 * @param dev device. @return the bits.
 * Context: any thread.
 */
uint32_t scmia_sim_virtio_status(struct scmia_sim_virtio *dev);

/**
 * @brief Features the driver wrote.
 * @param dev device. @return the bits.
 * Context: any thread.
 */
uint64_t scmia_sim_virtio_driver_features(struct scmia_sim_virtio *dev);

/**
 * @brief Snapshot the counters.
 * @param dev device. @param[out] out copy.
 * Context: any thread.
 */
void scmia_sim_virtio_stats(struct scmia_sim_virtio *dev, struct scmia_sim_virtio_stats *out);

/**
 * @brief The first driver protocol violation seen (for test messages).
 * @param dev device. @return a static string, or NULL when none.
 * Context: any thread.
 */
const char *scmia_sim_virtio_violation(struct scmia_sim_virtio *dev);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_VIRTIO_H */

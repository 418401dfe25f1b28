/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_pcc.h
 * @brief ACPI PCC transport (docs/porting-pcc.md): SCMI over Platform
 *        Communication Channel extended subspaces (ACPI chapter 14), type 3
 *        (initiator: a2p) and type 4 (responder: p2a).
 *
 * Shared memory region of an extended subspace (every word little-endian):
 * @verbatim
 *   0x00  4  signature   0x50434300 | subspace id
 *   0x04  4  flags       bit0: notify on completion (type 3: the agent asks
 *                        for the platform interrupt; type 4: the platform
 *                        asks the agent to ring the doorbell when done)
 *   0x08  4  length      bytes from the command field on: 4 + payload
 *   0x0C  4  command     the SCMI message header
 *   0x10  n  payload     in responses and delayed responses payload[0] is
 *                        the status
 * @endverbatim
 * The region has no status word: who owns it is told by the command
 * complete bit of the Command Complete Check register (set: the platform
 * is done / the agent is done), the Command Complete Update register
 * changes it, and the Error Status register reports a failed command.
 *
 * Registers are described by ACPI Generic Address Structures and reached
 * only through the host's hooks (read / write a GAS register of a given
 * width), so the transport runs anywhere. Updates are read-modify-write:
 * value = (read & preserve) | set.
 *
 * a2p (type 3, initiator), one message at a time:
 * @verbatim
 *   claim -> [minimum turnaround] -> wait for command complete (bounded;
 *   give up: SCMIA_EBUSY, no doorbell) -> write signature, flags, length,
 *   command, payload -> scmia_xfer_sent() -> Command Complete Update
 *   (clears the bit) -> doorbell
 *   completion: platform interrupt (scmia_pcc_irq: ack, command complete,
 *   header) or polling (poll_done) -> fetch: error status, signature,
 *   header, length -> mark_txdone
 * @endverbatim
 * p2a (type 4, responder): the platform clears command complete and raises
 * its interrupt (scmia_pcc_irq, or scmia_pcc_poll): ack, message handed to
 * the core, then Command Complete Update (sets the bit) and, when the
 * platform set flags bit0, the doorbell.
 *
 * Everything the platform controls is untrusted: register values
 * (masked to the register width, a failed hook read is an error), the
 * signature, the length, the header, the error status; each failure has
 * its own error and counter (struct scmia_pcc_stats) and nothing is read
 * outside the region.
 */
#ifndef SCMIA_PCC_H
#define SCMIA_PCC_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_smt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Layout                                                              */
/* ------------------------------------------------------------------ */

#define SCMIA_PCC_OFF_SIGNATURE 0x00u /**< Signature word. */
#define SCMIA_PCC_OFF_FLAGS 0x04u     /**< Flags word. */
#define SCMIA_PCC_OFF_LENGTH 0x08u    /**< Length word: 4 + payload bytes. */
#define SCMIA_PCC_OFF_COMMAND 0x0Cu   /**< Command word: the SCMI header. */
#define SCMIA_PCC_OFF_PAYLOAD 0x10u   /**< First payload byte. */

/** Signature of subspace @p id: "PCC" in the upper bytes, the id below. */
#define SCMIA_PCC_SIGNATURE(id) (0x50434300u | ((uint32_t)(id) & 0xffu))
/** Flags bit0: notify on completion. */
#define SCMIA_PCC_FLAGS_NOTIFY (1u << 0)

/** Smallest region: the header words plus one payload word (a status). */
#define SCMIA_PCC_REGION_MIN (SCMIA_PCC_OFF_PAYLOAD + 4u)
/** Largest payload (after the SCMI header) a region of @p size bytes holds. */
#define SCMIA_PCC_PAYLOAD_MAX(size) ((size_t)(size) - (size_t)SCMIA_PCC_OFF_PAYLOAD)
/** Smallest length word of a response or delayed response (header + status). */
#define SCMIA_PCC_LEN_MIN_REPLY 8u
/** Smallest length word of a notification (header). */
#define SCMIA_PCC_LEN_MIN_NOTIF 4u

#define SCMIA_PCC_TYPE_INITIATOR 3u /**< Extended subspace type 3: a2p channel. */
#define SCMIA_PCC_TYPE_RESPONDER 4u /**< Extended subspace type 4: p2a channel. */

/* ------------------------------------------------------------------ */
/* Registers                                                           */
/* ------------------------------------------------------------------ */

/** ACPI Generic Address Structure of a register. Address 0: not present. */
struct scmia_pcc_gas {
	uint8_t space_id;    /**< Address space id (0 system memory, 1 system I/O, ...): the hooks' business. */
	uint8_t bit_width;   /**< Register width: 8, 16, 32 or 64. */
	uint8_t bit_offset;  /**< Bit offset: the hooks' business. */
	uint8_t access_size; /**< Access size (0 undefined, 1 byte .. 4 qword): the hooks' business. */
	uint64_t address;    /**< Address in that space; 0: the register does not exist. */
};

/** A register of the subspace with its masks (from the PCCT entry). */
struct scmia_pcc_reg {
	struct scmia_pcc_gas gas; /**< Where it is. */
	uint64_t preserve;        /**< Updates: bits of the old value kept. */
	uint64_t set;             /**< Updates: bits written (doorbell "write", ack / update "set"). */
	uint64_t mask;            /**< Checks: the bits that matter (command complete, error). */
};

/**
 * @brief The host's register accessors. Const, in ROM; @p ctx is
 *        scmia_pcc_cfg::regs_ctx. @p gas names the register (width,
 *        space, address); values are right-aligned. Both must not sleep
 *        (they run in the send and the interrupt entry). Return 0, or a
 *        negative scmia error (the transport fails what it was doing with
 *        SCMIA_EIO and counts it).
 */
struct scmia_pcc_reg_ops {
	/** Read the register into @p val. Required. */
	int (*read)(void *ctx, const struct scmia_pcc_gas *gas, uint64_t *val);
	/** Write @p val to the register. Required. */
	int (*write)(void *ctx, const struct scmia_pcc_gas *gas, uint64_t val);
};

/* ------------------------------------------------------------------ */
/* Channels                                                            */
/* ------------------------------------------------------------------ */

/** Channel option: the region takes only aligned 32-bit accesses (selects
 *  scmia_smt_access_word32 when no accessor is given). */
#define SCMIA_PCC_F_WORD32 (1u << 0)
/** Channel option (a2p): no platform interrupt is wired; never set flags
 *  bit0 (every wait polls). */
#define SCMIA_PCC_F_NO_IRQ (1u << 1)

/** Channel configuration for scmia_pcc_chan_init(), mostly the PCCT
 *  subspace entry. Zeroed fields take defaults. */
struct scmia_pcc_cfg {
	uint8_t type;          /**< SCMIA_PCC_TYPE_INITIATOR (a2p) or _RESPONDER (p2a). */
	uint8_t subspace_id;   /**< Index of the subspace in the PCCT (the signature's low byte). */
	volatile void *base;   /**< The shared memory region, mapped, 4-byte aligned (required). */
	size_t size;           /**< Its length: a multiple of 4, >= SCMIA_PCC_REGION_MIN. */
	const struct scmia_smt_access *acc; /**< Region accessor; NULL: default (or word32 with SCMIA_PCC_F_WORD32). */
	void *acc_ctx;         /**< Accessor context. */
	const struct scmia_pcc_reg_ops *regs; /**< Register hooks (required). */
	void *regs_ctx;        /**< Their context. */
	/** Doorbell: required for type 3; type 4: rung when the platform
	 *  asks for it (flags bit0), optional. */
	struct scmia_pcc_reg doorbell;
	/** Command Complete Check register and mask (required, mask within
	 *  the width and not 0). */
	struct scmia_pcc_reg cmd_complete;
	/** Command Complete Update register, preserve and set masks
	 *  (required): type 3 clears the bit with it, type 4 sets it. */
	struct scmia_pcc_reg cmd_update;
	/** Platform Interrupt Acknowledge register (optional: without it the
	 *  interrupt needs no acknowledge). */
	struct scmia_pcc_reg plat_ack;
	/** Error Status register and mask (optional). */
	struct scmia_pcc_reg error;
	/** Minimum Request Turnaround Time, µs: a2p sends wait this long after
	 *  the previous command completed. */
	uint32_t min_turnaround_us;
	/** a2p: bound on waiting for the channel (another sender, turnaround,
	 *  command complete) before a send gives up with SCMIA_EBUSY, µs; 0:
	 *  2 x the channel's reply timeout. */
	uint32_t busy_timeout_us;
	uint32_t flags;        /**< SCMIA_PCC_F_* */
};

/** Per-channel event counts (scmia_pcc_chan_stats()). */
struct scmia_pcc_stats {
	uint32_t doorbells;  /**< Doorbells rung (a2p: commands; p2a: completion notices). */
	uint32_t acks;       /**< Platform interrupts acknowledged. */
	uint32_t spurious;   /**< Interrupts ignored: nothing completed / posted, nobody waiting, held. */
	uint32_t busy;       /**< Sends that gave up waiting for the channel (no doorbell). */
	uint32_t errors;     /**< Rejected fetches (any reason below, or not the owner). */
	uint32_t bad_signature; /**< Messages whose signature is not the subspace's. */
	uint32_t bad_length; /**< Messages whose length is too short or beyond the region. */
	uint32_t bad_header; /**< Messages whose header changed between the interrupt and the fetch. */
	uint32_t plat_errors; /**< Commands the Error Status register reported failed (cleared). */
	uint32_t reg_errors; /**< Register hooks that failed. */
};

/** Words of private state in struct scmia_pcc_chan. */
#define SCMIA_PCC_PRIV_WORDS 16u

/** PCC per-channel context (the channel's chan_ctx). Caller-owned; fields
 *  private. */
struct scmia_pcc_chan {
	volatile uint8_t *base;             /**< @private */
	uint32_t size;                      /**< @private */
	uint8_t type;                       /**< @private */
	uint8_t subspace_id;                /**< @private */
	const struct scmia_smt_access *acc; /**< @private */
	void *acc_ctx;                      /**< @private */
	const struct scmia_pcc_reg_ops *regs; /**< @private */
	void *regs_ctx;                     /**< @private */
	struct scmia_pcc_reg doorbell;      /**< @private */
	struct scmia_pcc_reg cmd_complete;  /**< @private */
	struct scmia_pcc_reg cmd_update;    /**< @private */
	struct scmia_pcc_reg plat_ack;      /**< @private */
	struct scmia_pcc_reg error;         /**< @private */
	uint32_t min_turnaround_us;         /**< @private */
	uint32_t busy_timeout_us;           /**< @private */
	uint32_t flags;                     /**< @private */
	/** @private run-time state, changed under the agent lock */
	uint64_t priv[SCMIA_PCC_PRIV_WORDS];
};

/** The PCC transport: 30 ms reply timeout, 20 slots, 108-byte payloads (a
 *  128-byte region), atomic safe (the register hooks must not sleep). */
extern const struct scmia_transport scmia_pcc_transport;

/**
 * @brief Prepare a PCC channel context from its subspace description.
 *        Writes nothing to the region or the registers.
 * @param pc caller-owned context (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument, a type other than 3
 *         or 4, a bad region (NULL, misaligned, size), no register hooks,
 *         an unknown flag, a register width other than 8/16/32/64, a
 *         required register missing (command complete check and update;
 *         the doorbell of type 3) or a command complete mask that is 0 or
 *         has no bit inside the register.
 * Context: thread, before scmia_chan_open(). Lifetime: @p cfg may go after
 * the call; the region, accessor, hooks and contexts must outlive the
 * channel.
 */
int scmia_pcc_chan_init(struct scmia_pcc_chan *pc, const struct scmia_pcc_cfg *cfg);

/**
 * @brief Interrupt entry: the host calls it from the subspace's platform
 *        interrupt (type 3: command completed; type 4: message posted).
 *
 * Type 3: ignored and counted as spurious (SCMIA_CNT_SPURIOUS) unless a
 * sender that asked for the interrupt has rung and the command complete
 * bit is set (or, while nobody writes the region, once after a send ended
 * in error: the late reply); then the interrupt is acknowledged and
 * scmia_rx() called. Type 4: ignored and counted as spurious when the
 * command complete bit is set (nothing posted) or the message is already
 * being processed; else acknowledged and handed to scmia_rx(), after which
 * the agent sets command complete and rings the doorbell when asked
 * (at rx_release when the core kept the message).
 * @param pc a channel context.
 * @return scmia_rx()'s result; SCMIA_EBUSY for a spurious interrupt;
 *         SCMIA_EIO when a register hook failed; SCMIA_ESTATE when the
 *         channel is not set up (before chan_setup or after chan_free:
 *         nothing touched); SCMIA_EINVAL for NULL.
 * Context: interrupt or thread; never blocks.
 * Lifetime: @p pc is used during the call only (the core may keep the message: see scmia_rx()).
 */
int scmia_pcc_irq(struct scmia_pcc_chan *pc);

/**
 * @brief Polling entry: as scmia_pcc_irq() for hosts that look at a channel
 *        periodically instead of taking its interrupt. Finding nothing is
 *        not counted as spurious.
 * @param pc a channel context.
 * @return as scmia_pcc_irq(); SCMIA_EBUSY when nothing was there.
 * Context: interrupt or thread; never blocks.
 * Lifetime: @p pc is used during the call only (the core may keep the message: see scmia_rx()).
 */
int scmia_pcc_poll(struct scmia_pcc_chan *pc);

/**
 * @brief Read a channel's event counts.
 * @param pc a channel context. @param[out] out the counts.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any, never blocks (counts are read without the lock).
 * Lifetime: @p pc and @p out are used during the call only.
 */
int scmia_pcc_chan_stats(const struct scmia_pcc_chan *pc, struct scmia_pcc_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PCC_H */

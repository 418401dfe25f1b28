/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_optee.h
 * @brief OP-TEE transport (docs/porting-optee.md): SCMI through OP-TEE's
 *        SCMI pseudo trusted application (PTA), reached with the host's TEE
 *        client calls.
 *
 * The PTA (UUID a8cfe406-d4f5-4a2e-9f8d-a25dc754c099) is opened with the
 * host's TEE client (REE kernel login is the host's business) and invoked
 * with up to four parameters. Its commands:
 *
 * | id | command | parameters |
 * | -- | ------- | ---------- |
 * | 0 | CAPABILITIES | [0] value out: a = capability bits, b = extended (0) |
 * | 1 | PROCESS_SMT_CHANNEL | [0] value in: a = channel handle (message in the channel's static SMT area) |
 * | 2 | PROCESS_SMT_CHANNEL_MESSAGE | [0] value in: a = handle; [1] memref inout: an SMT area of at least 128 bytes |
 * | 3 | GET_CHANNEL_HANDLE | [0] value inout: in a = channel id, b = capabilities wanted; out a = handle |
 * | 4 | PROCESS_MSG_CHANNEL | [0] value in: a = handle; [1] memref in: the command; [2] memref out: the response, its size updated |
 *
 * Capability bits: bit 0 SMT header (commands 1 and 2), bit 1 MSG header
 * (command 4). Unknown bits are ignored (a newer PTA may add some).
 *
 * Three ways to carry a message on an a2p channel (scmia_optee_cfg::mode):
 * - SCMIA_OPTEE_MODE_SMT: an SMT area in memory both worlds know
 *   statically (transports/smt/scmia_smt.h layout and helpers); the invoke
 *   names only the channel;
 * - SCMIA_OPTEE_MODE_SMT_SHM: an SMT area in OP-TEE shared memory, passed
 *   as a memref with each invoke;
 * - SCMIA_OPTEE_MODE_MSG: message-passing buffers in OP-TEE shared memory
 *   (transports/msg/scmia_msg.h layout: header + parameters in, header +
 *   status + values out, the PTA reporting the response size).
 *
 * Completion is on return (SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN): the
 * invoke returns once the PTA processed the message; the reply is fetched
 * at once. One message per channel at a time (the buffer is the channel's):
 * other senders wait, bounded.
 *
 * @verbatim
 *   agent init  ->  open session, CAPABILITIES (SMT or MSG needed), close
 *   chan_setup  ->  open the channel's session, GET_CHANNEL_HANDLE
 *   send        ->  claim the channel -> write the message -> scmia_xfer_sent()
 *                   -> invoke PROCESS_* -> check what came back
 *   core        ->  fetch_response (the reply is in place) -> mark_txdone
 *   chan_free   ->  close the channel's session
 * @endverbatim
 *
 * p2a channels: OP-TEE's PTA has no platform-to-agent path. A platform
 * that posts notifications or delayed responses in a shared-memory area
 * and raises an interrupt (an SCMI server behind OP-TEE with such an
 * area) uses an SMT p2a channel: the context's first member is a
 * struct scmia_smt_chan, run by the SMT transport's p2a code; the host
 * calls scmia_optee_irq() from that interrupt.
 *
 * Everything the TEE returns is untrusted: a TEE error code, a capability
 * word without SMT or MSG, a response size larger than the buffer, an SMT
 * area not handed back, a header that is not the command's: each has its
 * own error and counter (struct scmia_optee_stats), and nothing is read
 * outside the buffers given at init.
 */
#ifndef SCMIA_OPTEE_H
#define SCMIA_OPTEE_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_smt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* The SCMI PTA                                                         */
/* ------------------------------------------------------------------ */

/** The PTA's UUID in RFC 4122 byte order (a8cfe406-d4f5-4a2e-9f8d-a25dc754c099). */
extern const uint8_t scmia_optee_pta_uuid[16];

#define SCMIA_OPTEE_CMD_CAPABILITIES 0u                /**< PTA command: capabilities. */
#define SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL 1u         /**< PTA command: process the static SMT area. */
#define SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE 2u /**< PTA command: process the SMT area in a memref. */
#define SCMIA_OPTEE_CMD_GET_CHANNEL_HANDLE 3u          /**< PTA command: channel id to handle. */
#define SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL 4u         /**< PTA command: process MSG buffers. */

#define SCMIA_OPTEE_CAPS_SMT_HEADER (1u << 0) /**< Capability: SMT areas (commands 1, 2). */
#define SCMIA_OPTEE_CAPS_MSG_HEADER (1u << 1) /**< Capability: MSG buffers (command 4). */

/** Smallest SMT area PROCESS_SMT_CHANNEL_MESSAGE accepts (the PTA refuses
 *  a smaller memref). */
#define SCMIA_OPTEE_SMT_SHM_MIN 128u

/* TEE result codes (GlobalPlatform TEE Client API), as the host's hooks
 * report them in *tee_ret. */
#define SCMIA_OPTEE_TEEC_SUCCESS 0x00000000u            /**< TEEC_SUCCESS */
#define SCMIA_OPTEE_TEEC_ERROR_GENERIC 0xffff0000u      /**< TEEC_ERROR_GENERIC */
#define SCMIA_OPTEE_TEEC_ERROR_ACCESS_DENIED 0xffff0001u /**< TEEC_ERROR_ACCESS_DENIED */
#define SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS 0xffff0006u /**< TEEC_ERROR_BAD_PARAMETERS */
#define SCMIA_OPTEE_TEEC_ERROR_ITEM_NOT_FOUND 0xffff0008u /**< TEEC_ERROR_ITEM_NOT_FOUND */
#define SCMIA_OPTEE_TEEC_ERROR_NOT_IMPLEMENTED 0xffff0009u /**< TEEC_ERROR_NOT_IMPLEMENTED */
#define SCMIA_OPTEE_TEEC_ERROR_NOT_SUPPORTED 0xffff000au /**< TEEC_ERROR_NOT_SUPPORTED */
#define SCMIA_OPTEE_TEEC_ERROR_OUT_OF_MEMORY 0xffff000cu /**< TEEC_ERROR_OUT_OF_MEMORY */
#define SCMIA_OPTEE_TEEC_ERROR_BUSY 0xffff000du         /**< TEEC_ERROR_BUSY */
#define SCMIA_OPTEE_TEEC_ERROR_COMMUNICATION 0xffff000eu /**< TEEC_ERROR_COMMUNICATION */
#define SCMIA_OPTEE_TEEC_ERROR_SHORT_BUFFER 0xffff0010u /**< TEEC_ERROR_SHORT_BUFFER */
#define SCMIA_OPTEE_TEEC_ERROR_TARGET_DEAD 0xffff3024u  /**< TEEC_ERROR_TARGET_DEAD */

/* Parameter types (the GlobalPlatform numbering, as TEE_PARAM_TYPE_*). */
#define SCMIA_OPTEE_PARAM_NONE 0u          /**< Unused parameter. */
#define SCMIA_OPTEE_PARAM_VALUE_IN 1u      /**< Value, input. */
#define SCMIA_OPTEE_PARAM_VALUE_OUT 2u     /**< Value, output. */
#define SCMIA_OPTEE_PARAM_VALUE_INOUT 3u   /**< Value, input and output. */
#define SCMIA_OPTEE_PARAM_MEMREF_IN 5u     /**< Shared-memory reference, input. */
#define SCMIA_OPTEE_PARAM_MEMREF_OUT 6u    /**< Shared-memory reference, output. */
#define SCMIA_OPTEE_PARAM_MEMREF_INOUT 7u  /**< Shared-memory reference, input and output. */

/** Parameters of one invoke. */
#define SCMIA_OPTEE_NUM_PARAMS 4u

/**
 * @brief One TEE parameter. For values, @c a and @c b; for memrefs, the
 *        host's shared-memory object @c shm, the @c offset in it and the
 *        @c size (in: the buffer's; out: what the TEE reports, which the
 *        transport checks before using).
 */
struct scmia_optee_param {
	uint32_t type;   /**< SCMIA_OPTEE_PARAM_* */
	uint64_t a;      /**< value a */
	uint64_t b;      /**< value b */
	void *shm;       /**< memref: the host's shared-memory object (opaque here) */
	uint64_t offset; /**< memref: offset in @c shm */
	uint64_t size;   /**< memref: size in bytes (updated by the TEE for outputs) */
};

/**
 * @brief The host's TEE client calls. Const, in ROM; @p ctx is
 *        scmia_optee_cfg::ctx. Every hook returns 0 when the call reached
 *        the TEE (its result in @p tee_ret: SCMIA_OPTEE_TEEC_*), or a
 *        negative scmia error when the host could not make the call at all
 *        (SCMIA_EAGAIN: the TEE driver is not up yet).
 */
struct scmia_optee_ops {
	/** Open a session with the TA/PTA @p uuid (RFC 4122 byte order),
	 *  REE kernel login. Required. */
	int (*open_session)(void *ctx, const uint8_t uuid[16], uint32_t *session,
			    uint32_t *tee_ret);
	/** Invoke @p cmd on @p session with SCMIA_OPTEE_NUM_PARAMS parameters
	 *  (output values and memref sizes written back). May sleep. Required. */
	int (*invoke)(void *ctx, uint32_t session, uint32_t cmd,
		      struct scmia_optee_param params[SCMIA_OPTEE_NUM_PARAMS], uint32_t *tee_ret);
	/** Close a session opened by open_session. Required. */
	void (*close_session)(void *ctx, uint32_t session);
};

/** Transport instance configuration (scmia_optee_init()). */
struct scmia_optee_cfg {
	const struct scmia_optee_ops *ops; /**< The host's TEE client calls (required). */
	void *ctx;                         /**< Their context. */
};

/** Instance event counts (scmia_optee_stats_get()): the PTA as a whole. */
struct scmia_optee_stats {
	uint32_t sessions;      /**< Sessions opened. */
	uint32_t session_errors; /**< open_session failures (host or TEE). */
	uint32_t invokes;       /**< Invokes made (all commands, all channels). */
	uint32_t tee_errors;    /**< Invokes answered with a TEE error (any). */
	uint32_t not_supported; /**< ... of which NOT_SUPPORTED / NOT_IMPLEMENTED. */
	uint32_t busy;          /**< ... of which BUSY. */
	uint32_t host_errors;   /**< Invokes the host could not make (hook error). */
	uint32_t bad_caps;      /**< CAPABILITIES answers with neither SMT nor MSG. */
	uint32_t bad_size;      /**< MSG responses whose reported size exceeds the buffer. */
	uint32_t not_done;      /**< SMT invokes that returned with the area not handed back. */
	uint32_t bad_reply;     /**< Replies rejected at fetch: header not the command's, too short, ERROR bit. */
	uint32_t channel_busy;  /**< Sends that gave up waiting for the channel (no invoke made). */
};

/** Words of private state in struct scmia_optee. */
#define SCMIA_OPTEE_PRIV_WORDS 8u

/** Transport instance (scmia_agent_cfg::transport_ctx). Caller-owned;
 *  fields private. */
struct scmia_optee {
	const struct scmia_optee_ops *ops; /**< @private */
	void *ctx;                         /**< @private */
	uint32_t caps;                     /**< @private known bits of CAPABILITIES */
	uint32_t ext_caps;                 /**< @private value b of CAPABILITIES */
	/** @private counters, changed under the agent lock */
	uint64_t priv[SCMIA_OPTEE_PRIV_WORDS];
};

/** The OP-TEE transport: completion on return (the invoke may sleep: not
 *  atomic safe), 30 ms reply timeout (delayed responses), 20 slots,
 *  100-byte payloads (a 128-byte buffer). */
extern const struct scmia_transport scmia_optee_transport;

/**
 * @brief Prepare a transport instance. Calls nothing: the TEE is first
 *        reached at scmia_agent_init() (open session, CAPABILITIES).
 * @param t caller-owned instance (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument or hooks missing.
 * Context: thread. Lifetime: @p cfg may go after the call; the ops table
 * and its context must outlive the agent.
 */
int scmia_optee_init(struct scmia_optee *t, const struct scmia_optee_cfg *cfg);

/**
 * @brief Capability bits the PTA reported at agent init (known bits only).
 * @param t an instance. @param[out] ext extended capabilities (value b), may be NULL.
 * @return SCMIA_OPTEE_CAPS_* bits; 0 before the agent init or for NULL.
 * Context: any, never blocks.
 * Lifetime: @p t and @p ext are used during the call only.
 */
uint32_t scmia_optee_caps(const struct scmia_optee *t, uint32_t *ext);

/**
 * @brief Read the instance's event counts.
 * @param t an instance. @param[out] out the counts.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any, never blocks (counts are read without the lock: each is
 * exact, a set of them may straddle an event).
 * Lifetime: @p t and @p out are used during the call only.
 */
int scmia_optee_stats_get(const struct scmia_optee *t, struct scmia_optee_stats *out);

/* ------------------------------------------------------------------ */
/* Channels                                                            */
/* ------------------------------------------------------------------ */

#define SCMIA_OPTEE_MODE_SMT 1u     /**< a2p: static SMT area, PROCESS_SMT_CHANNEL. */
#define SCMIA_OPTEE_MODE_SMT_SHM 2u /**< a2p: SMT area in OP-TEE shm, PROCESS_SMT_CHANNEL_MESSAGE. */
#define SCMIA_OPTEE_MODE_MSG 3u     /**< a2p: MSG buffers in OP-TEE shm, PROCESS_MSG_CHANNEL. */

/** Channel option: the area takes only aligned 32-bit accesses (SMT modes
 *  and p2a; selects scmia_smt_access_word32 when no accessor is given). */
#define SCMIA_OPTEE_F_WORD32 (1u << 0)

/** Channel configuration for scmia_optee_chan_init(). Zeroed fields take
 *  defaults. */
struct scmia_optee_chan_cfg {
	/** a2p: SCMIA_OPTEE_MODE_*. p2a: 0 (an SMT p2a area). */
	uint32_t mode;
	/** a2p: the OP-TEE channel identifier (the DT's linaro,optee-channel-id). */
	uint32_t channel_id;
	/** The buffer: SMT and p2a: the SMT area (4-byte aligned); SMT_SHM and
	 *  MSG: the OP-TEE shared memory the host registered (its address in
	 *  this world). Required. */
	volatile void *base;
	/** Its size: SMT, p2a: a multiple of 4, >= SCMIA_SMT_AREA_MIN;
	 *  SMT_SHM: a multiple of 4, >= SCMIA_OPTEE_SMT_SHM_MIN; MSG: >= 8. */
	size_t size;
	/** SMT_SHM and MSG: the host's shared-memory object the buffer lies
	 *  in, passed in the memref parameters. */
	void *shm;
	/** SMT_SHM and MSG: offset of @ref base in @ref shm. */
	uint64_t shm_offset;
	/** Accessor of the SMT area (SMT, SMT_SHM, p2a); NULL: default (or
	 *  word32 with SCMIA_OPTEE_F_WORD32). */
	const struct scmia_smt_access *acc;
	void *acc_ctx;           /**< Accessor context. */
	/** p2a: completion doorbell rung after the agent set FREE when the
	 *  platform asked (flags bit0); optional. */
	scmia_smt_ring_fn ack;
	void *ack_ctx;           /**< Its context. */
	/** a2p: bound on waiting for the channel (another sender's invoke,
	 *  then a static area's FREE) before a send gives up with SCMIA_EBUSY,
	 *  µs; 0: 2 x the channel's reply timeout. */
	uint32_t busy_timeout_us;
	uint32_t flags;          /**< SCMIA_OPTEE_F_* */
};

/** Per-channel event counts (scmia_optee_chan_stats_get()). */
struct scmia_optee_chan_stats {
	uint32_t invokes;  /**< PROCESS_* invokes made (a2p). */
	uint32_t errors;   /**< Sends or fetches that failed (TEE error, size, header, not done). */
	uint32_t busy;     /**< Sends that gave up waiting for the channel. */
	uint32_t spurious; /**< scmia_optee_irq() calls on an a2p channel (it has no interrupt). */
};

/** Words of private state in struct scmia_optee_chan. */
#define SCMIA_OPTEE_CHAN_PRIV_WORDS 8u

/**
 * @brief OP-TEE per-channel context (the channel's chan_ctx). Caller-owned;
 *        fields private.
 *
 * The first member is an SMT channel context: a p2a channel is run by the
 * SMT transport's p2a code on it, so scmia_chan_ctx() of an OP-TEE p2a
 * channel is also a valid `struct scmia_smt_chan *`.
 */
struct scmia_optee_chan {
	struct scmia_smt_chan smt;   /**< @private SMT area (+ p2a state) */
	volatile uint8_t *buf;       /**< @private SMT_SHM / MSG buffer */
	uint32_t buf_size;           /**< @private */
	uint32_t mode;               /**< @private SCMIA_OPTEE_MODE_* (0: p2a) */
	uint32_t channel_id;         /**< @private */
	uint32_t busy_timeout_us;    /**< @private 0: from the channel */
	void *shm;                   /**< @private */
	uint64_t shm_offset;         /**< @private */
	/** @private run-time state, changed under the agent lock */
	uint64_t priv[SCMIA_OPTEE_CHAN_PRIV_WORDS];
};

/**
 * @brief Prepare a channel context. Writes nothing to the shared memory
 *        and calls nothing (the session and handle come at chan_setup).
 * @param oc caller-owned context (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument or buffer, an unknown
 *         mode or flag, a size below the mode's minimum, a misaligned SMT
 *         area. (Whether the channel is a2p or p2a is known only at
 *         scmia_chan_open(): chan_setup refuses a mode on a p2a channel and
 *         mode 0 on an a2p channel with SCMIA_EINVAL.)
 * Context: thread, before scmia_chan_open(). Lifetime: @p cfg may go after
 * the call; the buffer, the shm object, the accessor, the hooks and their
 * contexts must outlive the channel.
 */
int scmia_optee_chan_init(struct scmia_optee_chan *oc, const struct scmia_optee_chan_cfg *cfg);

/**
 * @brief Interrupt entry of a p2a channel: the platform posted a
 *        notification or delayed response in its area (as scmia_smt_irq()).
 * @param oc a channel context.
 * @return scmia_smt_irq()'s result; SCMIA_ENOTSUP for an a2p channel (it
 *         completes on return and has no interrupt: counted as spurious);
 *         SCMIA_EINVAL for NULL.
 * Context: interrupt or thread; never blocks.
 * Lifetime: @p oc is used during the call only (the core may keep the message: see scmia_rx()).
 */
int scmia_optee_irq(struct scmia_optee_chan *oc);

/**
 * @brief The channel handle the PTA gave at chan_setup.
 * @param oc an a2p channel context. @param[out] handle the handle.
 * @return SCMIA_OK; SCMIA_ESTATE before chan_setup or after chan_free;
 *         SCMIA_EINVAL for NULL or a p2a context.
 * Context: any, never blocks.
 * Lifetime: @p oc and @p handle are used during the call only.
 */
int scmia_optee_chan_handle(const struct scmia_optee_chan *oc, uint32_t *handle);

/**
 * @brief Read a channel's event counts.
 * @param oc a channel context. @param[out] out the counts.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any, never blocks.
 * Lifetime: @p oc and @p out are used during the call only.
 */
int scmia_optee_chan_stats_get(const struct scmia_optee_chan *oc, struct scmia_optee_chan_stats *out);

/**
 * @brief The channel's SMT area (SMT and SMT_SHM modes, p2a), to
 *        initialise it or for platform models that inspect it.
 * @param oc a channel context. @return the area; NULL for NULL or an MSG
 *         channel.
 * Context: any. Lifetime: that of @p oc.
 */
struct scmia_smt_area *scmia_optee_chan_area(struct scmia_optee_chan *oc);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_OPTEE_H */

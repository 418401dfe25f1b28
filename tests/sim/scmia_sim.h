/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_sim.h
 * @brief Simulated SCMI platform: a transport-agnostic engine, a scheduler
 *        of outgoing messages, a fault script, the Base protocol (v2.0), a
 *        vendor test protocol, and glue to the loopback transport.
 *
 * Test code (not part of the agent library): it may use pthreads and libc,
 * but it allocates nothing either; every object is caller-owned and every
 * queue is bounded.
 *
 * Data flow:
 * @verbatim
 *   glue (loopback, SMT, virtio, ...)            engine                      glue
 *   command arrives ---> scmia_sim_command() -> checks -> handler -> fault -> queue
 *                                                                              |
 *   scmia_sim_step()/advance() or the platform thread: due messages ---> port ops
 *                                  reply(): a2p response    p2a(): delayed response
 *                                                           or notification
 * @endverbatim
 *
 * Locking: one recursive mutex per engine protects the protocol state, the
 * queue and the fault script. Protocol handlers run with it held (they may
 * call scmia_sim_notify() and the other engine functions). Port ops are
 * never called with it held: they may call into the agent, whose callbacks
 * may send new commands to the engine.
 *
 * Ordering: messages leave in (due time, sequence) order. Emission is
 * serialised: only one thread emits at a time, so a response always leaves
 * before the delayed response scheduled after it unless a fault says
 * otherwise.
 *
 * Stepped use (a test drives time; no thread):
 * @code
 *   struct scmia_sim sim; struct scmia_sim_test t = {0}; struct scmia_sim_loopback gl;
 *   scmia_sim_init(&sim, NULL);                  // virtual clock, agent id 1
 *   scmia_sim_test_register(&sim, &t);           // protocol 0x80
 *   scmia_sim_loopback_init(&gl, &sim);          // port = loopback glue
 *   scmia_loopback_chan_init(&lb_a2p, msgs, n, q, NULL, NULL, scmia_sim_loopback_kick, &gl);
 *   scmia_sim_loopback_attach(&gl, 0, &lb_a2p, &lb_p2a, 0);
 *   ... open the agent's channels on scmia_loopback_transport, submit ...
 *   scmia_sim_loopback_poll(&gl);                // commands in, due replies out
 *   scmia_sim_advance(&sim, 1000);               // 1 ms later: delayed responses
 * @endcode
 * Threaded use: the same with cfg.clock = SCMIA_SIM_CLOCK_MONOTONIC and
 * scmia_sim_start(&sim) after the channels are open; the loopback kick hook
 * wakes the platform thread (see examples/host-demo/main.c).
 *
 * What the agent can and cannot notice: a TRUNCATE to 4 bytes or more, or a
 * CORRUPT_LEN on a transport without a length field, leaves a reply with a
 * valid status and a shorter (or zero-padded longer) payload; a generic
 * agent accepts it. Callers that check their reply (the ECHO checksum) must
 * compare rx_len too.
 */
#ifndef SCMIA_SIM_H
#define SCMIA_SIM_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_loopback.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

/** Largest message body (after the header) the engine handles: a command's
 *  parameters, or a response's status + payload. */
#define SCMIA_SIM_MSG_MAX 256u
/** Largest response payload after the status word. */
#define SCMIA_SIM_PAYLOAD_MAX (SCMIA_SIM_MSG_MAX - 4u)
/** Protocols that can be registered (Base included). */
#define SCMIA_SIM_MAX_PROTOS 16u
/** Outgoing messages the scheduler holds at once (a response, a duplicate
 *  and a delayed response for each of 1024 tokens in flight would need
 *  more: beyond this, messages are dropped and counted in queue_full). */
#define SCMIA_SIM_QUEUE_LEN 1024u
/** Rules in the fault script. */
#define SCMIA_SIM_MAX_FAULTS 16u
/** Agents in the Base protocol's agent table (agent ids 1..N; 0 is the
 *  platform itself). */
#define SCMIA_SIM_MAX_AGENTS 8u
/** Devices known to the permission model (device ids 0..N-1). */
#define SCMIA_SIM_MAX_DEVICES 16u
/** Channel pairs a port may carry (index 0 is the default channel). */
#define SCMIA_SIM_MAX_CHANS 4u
/** Maximum number of reports the Base error event carries. */
#define SCMIA_SIM_BASE_ERR_REPORTS 4u

/** Agent id meaning "the calling agent" in DISCOVER_AGENT (DEN0056 §4.2, BASE_DISCOVER_AGENT). */
#define SCMIA_SIM_AGENT_SELF 0xffffffffu

/* ------------------------------------------------------------------ */
/* Output port                                                         */
/* ------------------------------------------------------------------ */

/** Message kind handed to scmia_sim_port_ops::emit_badlen and doorbell. */
enum scmia_sim_kind {
	SCMIA_SIM_K_RESP = 0,  /**< a2p response to a command */
	SCMIA_SIM_K_DRESP = 1, /**< p2a delayed response */
	SCMIA_SIM_K_NOTIF = 2  /**< p2a notification */
};

/**
 * @brief Output port: how the engine hands messages to a transport's
 *        platform side. Supplied by the glue; const, the engine keeps a
 *        pointer. Ops run without the engine lock.
 *
 * Return values of reply/p2a/emit_badlen: 0 when handed over (even if the
 * agent then rejected the message: that is the agent's business);
 * SCMIA_ENOSPC or SCMIA_EBUSY when the channel cannot take it now (full
 * p2a queue, SMT area not FREE): the engine retries delayed responses and
 * responses later (bounded) and drops notifications (counted); any other
 * negative value: dropped and counted.
 */
struct scmia_sim_port_ops {
	/** a2p response on channel @p chan: @p body = int32 status + payload,
	 *  @p len bytes (may be < 4 under a TRUNCATE fault). Required. */
	int (*reply)(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len);
	/** p2a message on channel @p chan: a delayed response (body = status +
	 *  payload) or a notification (body = payload); the header's type
	 *  tells which, unless a fault corrupted it. Optional: NULL drops
	 *  every p2a message (counted). */
	int (*p2a)(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len);
	/** Optional, for transports that carry a length field (SMT): emit the
	 *  message with the length field set to @p wire_len instead of the
	 *  true 4 + @p len (CORRUPT_LEN fault). @p kind: enum scmia_sim_kind.
	 *  Without it the engine models the fault by changing the body length
	 *  it hands to reply()/p2a(). */
	int (*emit_badlen)(void *ctx, unsigned chan, unsigned kind, uint32_t hdr, const void *body,
			   uint32_t len, uint32_t wire_len);
	/** Optional: raise the completion interrupt / doorbell of @p chan
	 *  (@p kind RESP: a2p, else p2a) without any new message (SPURIOUS
	 *  fault, arg SCMIA_SIM_SPURIOUS_DOORBELL). Without it the engine
	 *  sends an unsolicited response instead. */
	int (*doorbell)(void *ctx, unsigned chan, unsigned kind);
	/** Optional, for the threaded runner: take the next command the agent
	 *  sent on any channel. Return 1 with the command filled in, 0 when
	 *  none is waiting, a negative error on failure (the runner counts it
	 *  and goes on). @p buf has @p cap bytes; set *len to the parameter
	 *  length (it may exceed @p cap: the engine then answers
	 *  PROTOCOL_ERROR). */
	int (*pull)(void *ctx, unsigned *chan, uint32_t *hdr, void *buf, uint32_t cap,
		    uint32_t *len);
	/** Optional: called by the threaded runner once per loop, before
	 *  pull, e.g. to poll shared memory for a doorbell-less transport. */
	void (*tick)(void *ctx);
};

/* ------------------------------------------------------------------ */
/* Clock                                                               */
/* ------------------------------------------------------------------ */

/** Clock source of the engine. */
enum scmia_sim_clock {
	/** Virtual time in µs, moved only by scmia_sim_step()/advance(). */
	SCMIA_SIM_CLOCK_VIRTUAL = 0,
	/** CLOCK_MONOTONIC. */
	SCMIA_SIM_CLOCK_MONOTONIC = 1,
	/** scmia_sim_cfg::now_us (e.g. the same fake clock the agent uses). */
	SCMIA_SIM_CLOCK_CUSTOM = 2
};

/* ------------------------------------------------------------------ */
/* Requests, response builders, protocol tables                        */
/* ------------------------------------------------------------------ */

struct scmia_sim;
struct scmia_sim_proto;

/** A bounded output buffer. Writes past @c cap are refused and recorded. */
struct scmia_sim_buf {
	uint8_t *data;     /**< storage */
	uint32_t cap;      /**< capacity in bytes */
	uint32_t len;      /**< bytes written */
	uint32_t overflow; /**< number of refused writes (non-zero: the message is invalid) */
};

/** A command as a handler sees it. Valid during the handler call only. */
struct scmia_sim_req {
	struct scmia_sim *sim;               /**< the engine */
	const struct scmia_sim_proto *proto; /**< the protocol being called */
	uint32_t hdr;        /**< command header (host order) */
	const uint8_t *payload; /**< parameters after the header */
	uint32_t len;        /**< parameter length in bytes (>= the message's min_len) */
	uint32_t agent_id;   /**< calling agent */
	unsigned chan;       /**< channel index the command came on */
	uint32_t seq;        /**< 1-based number of this command in the engine */
};

/** A response under construction. Handlers write through the helpers. */
struct scmia_sim_resp {
	struct scmia_sim_buf body;  /**< payload after the status word */
	struct scmia_sim_buf dbody; /**< delayed response payload after its status */
	uint32_t delay_us;          /**< extra latency of the response (e.g. SLOW) */
	uint32_t ddelay_us;         /**< delay of the delayed response after the response */
	int32_t dstatus;            /**< status of the delayed response */
	uint8_t dresp;              /**< 1: a delayed response was requested */
	uint8_t no_reply;           /**< 1: send no response at all (tests of a dead platform) */
	uint8_t data[SCMIA_SIM_PAYLOAD_MAX];  /**< @private storage of body */
	uint8_t ddata[SCMIA_SIM_PAYLOAD_MAX]; /**< @private storage of dbody */
};

/**
 * @brief A message handler.
 * @param ctx scmia_sim_proto::ctx.
 * @param req the command (length already checked against min_len).
 * @param resp the response builder (empty; capacity cfg.max_payload).
 * @return the SCMI status of the response (0 SUCCESS, -1 .. -11). With a
 *         non-SUCCESS status the payload and any delayed response are
 *         discarded. If the builder overflowed, the engine answers
 *         GENERIC_ERROR and counts it.
 * Context: engine lock held; must not block.
 */
typedef int32_t (*scmia_sim_handler_fn)(void *ctx, const struct scmia_sim_req *req,
					struct scmia_sim_resp *resp);

/** Message flag: the handler may request a delayed response. */
#define SCMIA_SIM_MSG_F_ASYNC (1u << 0)
/** Message flag: a short payload gets INVALID_PARAMETERS instead of
 *  PROTOCOL_ERROR. */
#define SCMIA_SIM_MSG_F_SHORT_INVAL (1u << 1)

/** One message of a protocol table. */
struct scmia_sim_msg {
	uint8_t msg_id;            /**< message id */
	uint8_t flags;             /**< SCMIA_SIM_MSG_F_* */
	uint16_t min_len;          /**< minimum parameter bytes */
	uint32_t attributes;       /**< PROTOCOL_MESSAGE_ATTRIBUTES answer (generic) */
	uint32_t latency_us;       /**< extra latency of every response to it */
	scmia_sim_handler_fn fn;   /**< handler; NULL: answer SUCCESS with no payload */
};

/** Protocol flag: answer NEGOTIATE_PROTOCOL_VERSION generically: accept a
 *  version in [min_version, version] and remember it. */
#define SCMIA_SIM_PROTO_F_NEGOTIATE (1u << 0)
/** Protocol flag: hidden from DISCOVER_LIST_PROTOCOLS (still callable). */
#define SCMIA_SIM_PROTO_F_HIDDEN (1u << 1)

/**
 * @brief A protocol: a table of messages. Caller-owned, const while
 *        registered.
 *
 * PROTOCOL_VERSION (0x0), PROTOCOL_ATTRIBUTES (0x1),
 * PROTOCOL_MESSAGE_ATTRIBUTES (0x2) and, with SCMIA_SIM_PROTO_F_NEGOTIATE,
 * NEGOTIATE_PROTOCOL_VERSION (0x10) are answered from these fields unless
 * the table has an entry for that id (the entry wins).
 * PROTOCOL_MESSAGE_ATTRIBUTES answers NOT_FOUND for an id neither in the
 * table nor generic.
 */
struct scmia_sim_proto {
	uint8_t id;                       /**< protocol id */
	uint8_t flags;                    /**< SCMIA_SIM_PROTO_F_* */
	uint32_t version;                 /**< PROTOCOL_VERSION: major 31:16, minor 15:0 */
	uint32_t min_version;             /**< oldest version NEGOTIATE accepts; 0: version only */
	uint32_t attributes;              /**< PROTOCOL_ATTRIBUTES answer (generic) */
	const struct scmia_sim_msg *msgs; /**< message table */
	unsigned n_msgs;                  /**< entries in @c msgs */
	void *ctx;                        /**< handler context */
	/** Optional: RESET_AGENT_CONFIGURATION for @p agent_id reached this
	 *  protocol (engine lock held). */
	void (*reset)(void *ctx, uint32_t agent_id);
};

/* ------------------------------------------------------------------ */
/* Fault script                                                        */
/* ------------------------------------------------------------------ */

/** Fault actions. */
enum scmia_sim_fault_action {
	SCMIA_SIM_FA_NONE = 0,      /**< no fault (rule counts matches only) */
	SCMIA_SIM_FA_DROP,          /**< do not send the message */
	SCMIA_SIM_FA_DUPLICATE,     /**< send it twice */
	SCMIA_SIM_FA_DELAY,         /**< send it arg µs later */
	SCMIA_SIM_FA_REORDER,       /**< (response) send the delayed response first */
	SCMIA_SIM_FA_TRUNCATE,      /**< body length = arg bytes (0..; < 4 and < 8 allowed;
				         above the true length: zero padded, a longer reply) */
	SCMIA_SIM_FA_CORRUPT_HDR,   /**< header ^= arg (token, type, reserved bits...);
				         arg 0: the token replaced by one nobody waits for */
	SCMIA_SIM_FA_CORRUPT_LEN,   /**< length field = arg (> 0) or omit the 4 header bytes (0) */
	SCMIA_SIM_FA_CORRUPT_STATUS,/**< status word = (int32_t)arg (1, -12, INT32_MIN, ...) */
	SCMIA_SIM_FA_LATE,          /**< send it arg µs later (after the agent's timeout) */
	SCMIA_SIM_FA_SPURIOUS,      /**< also emit a spurious message, arg: SCMIA_SIM_SPURIOUS_* */
	SCMIA_SIM_FA_FORGE,         /**< forged token: the message leaves with the header of another
				         command (arg: SCMIA_SIM_FORGE_*) and is itself withheld
				         (see scmia_sim_forge_set()) */
	SCMIA_SIM_FA__COUNT         /**< number of actions */
};

/** SPURIOUS arg: an unsolicited response with a token not in use. */
#define SCMIA_SIM_SPURIOUS_RESP 0
/** SPURIOUS arg: an unsolicited delayed response with a token not in use. */
#define SCMIA_SIM_SPURIOUS_DRESP 1
/** SPURIOUS arg: a doorbell / completion interrupt with no message
 *  (port op doorbell; falls back to SCMIA_SIM_SPURIOUS_RESP). */
#define SCMIA_SIM_SPURIOUS_DOORBELL 2

/** FORGE arg: the header (token, protocol, message id) of a command the
 *  agent has not handed over yet: a transfer still waiting to send. From
 *  scmia_sim_forge_ops::pending, or without that hook a prediction (one of
 *  the four tokens after the newest the engine has seen: the agent's
 *  allocator issues tokens in order). */
#define SCMIA_SIM_FORGE_PENDING 0u
/** FORGE arg: the header of a withheld message: the reply to a command the
 *  agent gave up on (timed out; its token quarantined). That message leaves
 *  the store: its token's one answer is this one. */
#define SCMIA_SIM_FORGE_STALE 1u
/** FORGE arg: as SCMIA_SIM_FORGE_STALE, of a message withheld at least
 *  SCMIA_SIM_FORGE_LAP_CMDS commands ago: the token space has come round
 *  since. */
#define SCMIA_SIM_FORGE_LAP 2u
/** Kind reported to scmia_sim_forge_ops::done for a withheld message
 *  replayed whole (store full, or scmia_sim_forge_flush()). */
#define SCMIA_SIM_FORGE_REPLAY 3u
/** Forge kinds (PENDING, STALE, LAP). */
#define SCMIA_SIM_FORGE__KINDS 3u
/** Commands in one lap of the 10-bit token space. */
#define SCMIA_SIM_FORGE_LAP_CMDS 1024u
/** Most messages the engine withholds at once. */
#define SCMIA_SIM_WITHHELD_MAX 32u

/** Rule match: every message of the targeted kinds. */
#define SCMIA_SIM_FM_ANY 0u
/** Rule match: messages of protocol @c proto_id. */
#define SCMIA_SIM_FM_PROTO 1u
/** Rule match: messages of protocol @c proto_id and message id @c msg_id
 *  (for a notification: the event id). */
#define SCMIA_SIM_FM_MSG 2u
/** Rule match: messages caused by the @c nth command (1-based). */
#define SCMIA_SIM_FM_NTH 3u

/** Target bit: responses. */
#define SCMIA_SIM_FT_RESP (1u << 0)
/** Target bit: delayed responses. */
#define SCMIA_SIM_FT_DRESP (1u << 1)
/** Target bit: notifications. */
#define SCMIA_SIM_FT_NOTIF (1u << 2)

/**
 * @brief A fault rule. The first rule (table order) that matches an
 *        outgoing message and still has shots left fires; one rule per
 *        message.
 */
struct scmia_sim_fault {
	uint8_t match;    /**< SCMIA_SIM_FM_* */
	uint8_t target;   /**< SCMIA_SIM_FT_* bits; 0 means SCMIA_SIM_FT_RESP */
	uint8_t action;   /**< enum scmia_sim_fault_action */
	uint8_t proto_id; /**< for FM_PROTO / FM_MSG */
	uint8_t msg_id;   /**< for FM_MSG */
	uint32_t nth;     /**< for FM_NTH: command number, 1-based */
	uint32_t skip;    /**< matching messages let through before firing */
	uint32_t count;   /**< times to fire; 0: unlimited */
	int64_t arg;      /**< action argument (see the action) */
	uint32_t matched; /**< engine-written: messages matched */
	uint32_t fired;   /**< engine-written: times fired */
};

/* ------------------------------------------------------------------ */
/* Configuration, statistics, engine                                   */
/* ------------------------------------------------------------------ */

/** Agent entry of the Base protocol's agent table. */
struct scmia_sim_agent_desc {
	const char *name; /**< up to 15 characters (longer is truncated) */
	uint8_t trusted;  /**< may change permissions (SET_*_PERMISSIONS, RESET_AGENT_CONFIGURATION) */
};

/** Engine configuration. Zeroed fields take their defaults. */
struct scmia_sim_cfg {
	uint32_t agent_id;       /**< agent talking on the channels; 0: 1 */
	const char *vendor;      /**< DISCOVER_VENDOR; NULL: "scmia-sim" */
	const char *sub_vendor;  /**< DISCOVER_SUB_VENDOR; NULL: "loopback" */
	uint32_t impl_version;   /**< DISCOVER_IMPLEMENTATION_VERSION; 0: 0x00010000 */
	/** Agents (ids 1..n_agents); n_agents 0: one agent, id 1, "agent-1",
	 *  trusted. */
	struct scmia_sim_agent_desc agents[SCMIA_SIM_MAX_AGENTS];
	unsigned n_agents;       /**< entries used in @c agents */
	unsigned n_devices;      /**< devices of the permission model; 0: 4 */
	/** DISCOVER_LIST_PROTOCOLS returns at most this many ids per call (to
	 *  exercise paging); 0: as many as fit. */
	unsigned list_max;
	uint32_t max_payload;    /**< response payload capacity; 0 (or more than
				      SCMIA_SIM_PAYLOAD_MAX): SCMIA_SIM_PAYLOAD_MAX */
	uint32_t latency_us;     /**< latency added to every response */
	/** random extra latency in [0, jitter_us] per response (PRNG of the
	 *  engine): responses then overtake each other (out-of-order
	 *  completion, as a virtio device may do) */
	uint32_t jitter_us;
	uint32_t retry_us;       /**< retry interval when the port is busy; 0: 100 */
	uint32_t max_retries;    /**< retries of a response or delayed response before it
				      is dropped; 0: 10000 */
	uint32_t notify_retries; /**< retries of a notification before it is dropped; 0: 10 */
	enum scmia_sim_clock clock; /**< clock source */
	uint64_t (*now_us)(void *ctx); /**< for SCMIA_SIM_CLOCK_CUSTOM */
	void *now_ctx;           /**< its context */
	const struct scmia_sim_port_ops *port; /**< output port (or scmia_sim_set_port()) */
	void *port_ctx;          /**< first argument of the port ops */
};

/** Engine statistics (snapshot with scmia_sim_stats_get()). */
struct scmia_sim_stats {
	uint32_t commands;       /**< commands received */
	uint32_t bad_commands;   /**< commands dropped: wrong type, reserved bits, too long */
	uint32_t not_supported;  /**< NOT_SUPPORTED answers (unknown protocol or message) */
	uint32_t short_payload;  /**< commands refused for a short payload */
	uint32_t denied;         /**< DENIED answers */
	uint32_t responses;      /**< responses handed to the port */
	uint32_t delayed;        /**< delayed responses handed to the port */
	uint32_t notifications;  /**< notifications handed to the port */
	uint32_t spurious;       /**< spurious messages / doorbells handed to the port */
	uint32_t notify_drops;   /**< notifications dropped (port busy or missing) */
	uint32_t retries;        /**< emissions retried because the port was busy */
	uint32_t emit_errors;    /**< messages dropped: port error or retries exhausted */
	uint32_t queue_full;     /**< messages dropped: scheduler queue full */
	uint32_t resp_overflow;  /**< handlers that overflowed the response builder */
	uint32_t queue_max;      /**< scheduler queue high-water mark */
	uint32_t pull_errors;    /**< errors from the pull op (threaded runner) */
	uint32_t injected[SCMIA_SIM_FA__COUNT]; /**< faults injected, per action */
	uint32_t forged[SCMIA_SIM_FORGE__KINDS]; /**< forged messages with a target of their kind
						      handed to the port, per kind */
	uint32_t forge_miss;     /**< FORGE faults with no target of their kind: the message left
				      with a token nobody waits for */
	uint32_t forge_dresp_drops; /**< delayed responses dropped because their response was forged */
	uint32_t withheld;       /**< messages withheld (a forged one left in their place) */
	uint32_t replayed;       /**< withheld messages replayed whole */
	uint32_t replay_cancel;  /**< withheld messages discarded: stale_ok said no */
};

/** @private A scheduled outgoing message. */
struct scmia_sim_out {
	uint64_t due;        /**< @private due time (µs) */
	uint32_t seq;        /**< @private tie-break: FIFO among equal due times */
	uint32_t hdr;        /**< @private header */
	uint32_t len;        /**< @private body length */
	uint32_t wire_len;   /**< @private length field override (CORRUPT_LEN), 0: none */
	uint32_t retries;    /**< @private emission attempts that failed */
	uint64_t mark;       /**< @private replay: scmia_sim_forge_ops::withheld's mark */
	uint16_t token;      /**< @private token of the command it answers */
	uint8_t kind;        /**< @private enum scmia_sim_kind */
	uint8_t chan;        /**< @private channel index */
	uint8_t flags;       /**< @private SIM_OUT_F_* (sim.c) */
	uint8_t used;        /**< @private slot in use */
	uint8_t forge;       /**< @private FORGE: SCMIA_SIM_FORGE_* */
	uint8_t body[SCMIA_SIM_MSG_MAX]; /**< @private body */
};

/** @private A withheld message (FORGE). */
struct scmia_sim_held {
	struct scmia_sim_out msg; /**< @private the message as it would have left */
	uint64_t when;            /**< @private engine time it was withheld */
	uint32_t cmd_no;          /**< @private commands received by then */
	uint32_t order;           /**< @private insertion order (oldest first) */
	uint8_t used;             /**< @private */
};

/**
 * @brief Hooks of the forged-token fault (all optional; ctx first). Called
 *        without the engine lock, from the emitting thread.
 */
struct scmia_sim_forge_ops {
	/** SCMIA_SIM_FORGE_PENDING: set *hdr to the header of a command the
	 *  agent has not handed over yet (it peeks at the agent's sends) and
	 *  return 1; return 0 when there is none (the message then leaves
	 *  with a token nobody waits for, counted forge_miss). @p for_hdr:
	 *  the header of the
	 *  message being forged. The hook must keep that command from
	 *  reaching the platform until done() (else the forgery could be
	 *  taken for its real reply: no agent can tell). */
	int (*pending)(void *ctx, uint32_t for_hdr, uint32_t *hdr);
	/** A message (header @p hdr) was withheld: return a mark kept with it
	 *  for stale_ok (e.g. the agent's timeout count). */
	uint64_t (*withheld)(void *ctx, uint32_t hdr);
	/** May a message carrying withheld @p hdr's token go out now? @p whole:
	 *  1 when the withheld message itself leaves (a late reply under its
	 *  own header), 0 when its token is the target of another message's
	 *  body (then the agent must have given up the command: its token
	 *  quarantined). Return 1 yes; 0 never (the withheld message is
	 *  discarded, counted replay_cancel: its token is not the command's
	 *  any more); -1 not yet (kept: the command may still be waiting).
	 *  Without the hook: a target once min_age_us passed since it was
	 *  withheld, a whole message at any time. */
	int (*stale_ok)(void *ctx, uint32_t hdr, uint64_t mark, int whole);
	/** A forged (kind SCMIA_SIM_FORGE_*) or replayed (kind
	 *  SCMIA_SIM_FORGE_REPLAY) message carrying @p hdr was handed to the
	 *  port, which returned @p rc (on SCMIA_EBUSY / SCMIA_ENOSPC the
	 *  engine tries again later, resolving the forgery anew). */
	void (*done)(void *ctx, uint32_t hdr, unsigned kind, int rc);
};

/** @private Per-token bookkeeping (for SPURIOUS: pick a token not in use). */
struct scmia_sim_tok {
	uint32_t seq;   /**< @private last command seen with this token */
	uint16_t busy;  /**< @private messages queued for it */
	uint8_t seen;   /**< @private a command used it */
	uint8_t tainted;/**< @private its answer was dropped or corrupted */
};

/** @private Per-agent permission state. */
struct scmia_sim_agent {
	char name[16];                                  /**< @private */
	uint8_t trusted;                                /**< @private */
	uint8_t notify_errors;                          /**< @private NOTIFY_ERRORS enabled */
	uint32_t dev_deny;                              /**< @private bit d: device d denied */
	uint16_t proto_deny[SCMIA_SIM_MAX_DEVICES];     /**< @private bit p: protocol slot p denied */
};

/** The engine. Caller-owned; all fields private. */
struct scmia_sim {
	pthread_mutex_t lock;                 /**< @private recursive */
	pthread_cond_t cond;                  /**< @private runner wake-up (CLOCK_MONOTONIC) */
	pthread_t thread;                     /**< @private runner */
	const struct scmia_sim_port_ops *port; /**< @private */
	void *port_ctx;                       /**< @private */
	struct scmia_sim_cfg cfg;             /**< @private resolved configuration */
	const struct scmia_sim_proto *protos[SCMIA_SIM_MAX_PROTOS]; /**< @private slot 0: Base */
	uint32_t negotiated[SCMIA_SIM_MAX_PROTOS]; /**< @private agreed version, 0: none */
	uint8_t route[SCMIA_SIM_MAX_PROTOS];  /**< @private notification channel per slot */
	unsigned n_protos;                    /**< @private */
	struct scmia_sim_agent agents[SCMIA_SIM_MAX_AGENTS]; /**< @private ids 1..n */
	unsigned n_agents;                    /**< @private */
	struct scmia_sim_fault faults[SCMIA_SIM_MAX_FAULTS]; /**< @private */
	unsigned n_faults;                    /**< @private */
	uint32_t rnd_percent;                 /**< @private random fault rate, 0: off */
	uint32_t rnd_actions;                 /**< @private bit a: action a may be chosen */
	uint32_t rnd_targets;                 /**< @private SCMIA_SIM_FT_* for random faults */
	uint32_t rnd_late_us;                 /**< @private LATE delay in random mode */
	uint32_t rnd_kind_actions[3];         /**< @private per-kind action sets, 0: rnd_actions */
	const struct scmia_sim_forge_ops *forge_ops; /**< @private */
	void *forge_ctx;                      /**< @private */
	uint64_t forge_min_age_us;            /**< @private */
	unsigned held_max;                    /**< @private store capacity */
	uint32_t held_order;                  /**< @private */
	uint16_t last_tok;                    /**< @private token of the newest command */
	struct scmia_sim_held held[SCMIA_SIM_WITHHELD_MAX]; /**< @private withheld messages */
	uint64_t rng;                         /**< @private PRNG state */
	struct scmia_sim_out queue[SCMIA_SIM_QUEUE_LEN]; /**< @private scheduler */
	unsigned n_queued;                    /**< @private */
	unsigned q_hi;                        /**< @private 1 + highest queue index in use */
	struct scmia_sim_tok toks[SCMIA_HDR_TOKEN_MASK + 1u]; /**< @private */
	struct scmia_sim_resp resp;           /**< @private handler scratch */
	struct scmia_sim_stats st;            /**< @private */
	uint64_t vnow;                        /**< @private virtual time */
	uint32_t seq;                         /**< @private output sequence */
	uint32_t cmd_seq;                     /**< @private commands received */
	uint32_t cur_cmd;                     /**< @private command being handled, 0: none */
	uint32_t cur_resp_seq;                /**< @private sequence reserved for its response */
	int in_handler;                       /**< @private a handler is running */
	int emitting;                         /**< @private a thread is emitting */
	int handing;                          /**< @private a message taken from the queue is
						   with the port now (lock released) */
	int emit_again;                       /**< @private more became due meanwhile */
	int running;                          /**< @private runner started */
	int stop;                             /**< @private runner asked to stop */
	int kicked;                           /**< @private runner wake-up pending */
	int initialised;                      /**< @private */
	uint8_t cmd_buf[SCMIA_SIM_MSG_MAX];   /**< @private runner command buffer */
};

/**
 * @brief Initialise an engine and register the Base protocol.
 * @param sim caller-owned storage (overwritten).
 * @param cfg configuration (may be NULL: all defaults, port set later).
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL @p sim, n_agents above
 *         SCMIA_SIM_MAX_AGENTS, n_devices above SCMIA_SIM_MAX_DEVICES, an
 *         agent_id outside 1..n_agents, CUSTOM clock without now_us, a
 *         port without reply; SCMIA_EIO when a pthread object fails.
 * Context: thread. Lifetime: @p cfg may go after the call; strings, port
 * and clock context must outlive the engine.
 */
int scmia_sim_init(struct scmia_sim *sim, const struct scmia_sim_cfg *cfg);

/**
 * @brief Stop the runner if running and destroy the pthread objects.
 * @param sim an initialised engine.
 * Context: thread, not the runner thread.
 */
void scmia_sim_deinit(struct scmia_sim *sim);

/**
 * @brief Set (or replace) the output port.
 * @param sim engine. @param ops port ops (reply required). @param ctx their context.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, while the runner is stopped.
 */
int scmia_sim_set_port(struct scmia_sim *sim, const struct scmia_sim_port_ops *ops, void *ctx);

/**
 * @brief Register a protocol.
 * @param sim engine. @param proto the table (id 0x11..0xff; Base is built in).
 * @return SCMIA_OK; SCMIA_EINVAL for a bad table (NULL msgs with n_msgs,
 *         id below 0x11); SCMIA_ESTATE when the id is registered already;
 *         SCMIA_ENOSPC when SCMIA_SIM_MAX_PROTOS are registered.
 * Context: thread. Lifetime: @p proto until scmia_sim_deinit().
 */
int scmia_sim_register_proto(struct scmia_sim *sim, const struct scmia_sim_proto *proto);

/**
 * @brief Send notifications of protocol @p proto_id on channel @p chan
 *        instead of the default channel 0.
 * @param sim engine. @param proto_id a registered protocol. @param chan < SCMIA_SIM_MAX_CHANS.
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_ENOENT for an unknown protocol.
 * Context: any thread.
 */
int scmia_sim_route(struct scmia_sim *sim, uint8_t proto_id, unsigned chan);

/**
 * @brief The version agreed with NEGOTIATE_PROTOCOL_VERSION, else the
 *        registered version (for handlers that branch on layouts).
 * @param sim engine. @param proto_id protocol.
 * @return the version, 0 for an unknown protocol.
 * Context: any thread (handlers included).
 */
uint32_t scmia_sim_proto_version(struct scmia_sim *sim, uint8_t proto_id);

/**
 * @brief Input: the platform received a command on channel 0 from the
 *        configured agent.
 * @param sim engine. @param hdr command header (host order).
 * @param payload parameters (may be NULL when @p len is 0). @param len their length.
 * @return as scmia_sim_command_ex().
 * Context: any thread; emits messages that are due before returning.
 */
int scmia_sim_command(struct scmia_sim *sim, uint32_t hdr, const void *payload, uint32_t len);

/**
 * @brief Input: a command on channel @p chan from agent @p agent_id.
 *
 * Checks the header (type COMMAND, reserved bits 0: otherwise dropped
 * without answer and counted), the protocol and message (NOT_SUPPORTED),
 * the length (PROTOCOL_ERROR, or INVALID_PARAMETERS with
 * SCMIA_SIM_MSG_F_SHORT_INVAL; more than SCMIA_SIM_MSG_MAX: PROTOCOL_ERROR),
 * the agent's protocol permission (DENIED), runs the handler, applies the
 * fault script and schedules the response (echoing the header, status
 * first) and any delayed response; then emits what is due.
 * @param sim engine. @param chan channel index < SCMIA_SIM_MAX_CHANS.
 * @param agent_id calling agent. @param hdr header. @param payload parameters.
 * @param len parameter length.
 * @return SCMIA_OK when answered (or deliberately not, by a fault);
 *         SCMIA_EMALFORMED when the header was not a command (dropped);
 *         SCMIA_ENOSPC when the scheduler queue was full (dropped, counted);
 *         SCMIA_EINVAL for bad arguments.
 * Context: any thread, not a port op of the same engine.
 */
int scmia_sim_command_ex(struct scmia_sim *sim, unsigned chan, uint32_t agent_id, uint32_t hdr,
			 const void *payload, uint32_t len);

/**
 * @brief Schedule a notification (payload after the header).
 *
 * From a handler it leaves right after that command's response; from
 * anywhere else after the configured latency.
 * @param sim engine. @param proto_id protocol. @param evt_id event (message) id.
 * @param payload payload. @param len length (<= SCMIA_SIM_MSG_MAX).
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_ENOSPC (queue full, counted as a drop).
 * Context: any thread, handlers included.
 */
int scmia_sim_notify(struct scmia_sim *sim, uint8_t proto_id, uint8_t evt_id, const void *payload,
		     uint32_t len);

/**
 * @brief Emit a raw message on a channel, bypassing protocols and faults
 *        (tests that script an exact bad message).
 * @param sim engine. @param chan channel. @param kind enum scmia_sim_kind.
 * @param hdr header as it should appear. @param body body. @param len its length.
 * @param delay_us delay from now.
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_ENOSPC.
 * Context: any thread.
 */
int scmia_sim_inject(struct scmia_sim *sim, unsigned chan, unsigned kind, uint32_t hdr,
		     const void *body, uint32_t len, uint32_t delay_us);

/* ---- response builder ---- */

/**
 * @brief Append a little-endian 32-bit word.
 * @param b builder. @param v value.
 * @return SCMIA_OK, or SCMIA_ENOSPC (nothing written, overflow recorded).
 * Context: any.
 */
int scmia_sim_buf_put_le32(struct scmia_sim_buf *b, uint32_t v);

/**
 * @brief Append a 64-bit value as two little-endian words, low first.
 * @param b builder. @param v value.
 * @return SCMIA_OK or SCMIA_ENOSPC (overflow recorded).
 * Context: any.
 */
int scmia_sim_buf_put_le64(struct scmia_sim_buf *b, uint64_t v);

/**
 * @brief Append bytes.
 * @param b builder. @param p bytes (may be NULL when @p n is 0). @param n count.
 * @return SCMIA_OK or SCMIA_ENOSPC (nothing written, overflow recorded).
 * Context: any.
 */
int scmia_sim_buf_put_bytes(struct scmia_sim_buf *b, const void *p, uint32_t n);

/**
 * @brief Append a string as a fixed field of @p width bytes, NUL padded
 *        and always NUL terminated (truncated to width - 1 characters).
 * @param b builder. @param s string (NULL: empty). @param width field size (>= 1).
 * @return SCMIA_OK or SCMIA_ENOSPC (overflow recorded).
 * Context: any.
 */
int scmia_sim_buf_put_str(struct scmia_sim_buf *b, const char *s, uint32_t width);

/**
 * @brief Bytes still free in a builder.
 * @param b builder. @return cap - len.
 * Context: any.
 */
uint32_t scmia_sim_buf_room(const struct scmia_sim_buf *b);

/** @brief scmia_sim_buf_put_le32() on the response payload.
 *  @param r response. @param v value. @return as scmia_sim_buf_put_le32(). Context: handler. */
int scmia_sim_resp_put_le32(struct scmia_sim_resp *r, uint32_t v);
/** @brief scmia_sim_buf_put_le64() on the response payload.
 *  @param r response. @param v value. @return as scmia_sim_buf_put_le64(). Context: handler. */
int scmia_sim_resp_put_le64(struct scmia_sim_resp *r, uint64_t v);
/** @brief scmia_sim_buf_put_bytes() on the response payload.
 *  @param r response. @param p bytes. @param n count. @return as scmia_sim_buf_put_bytes().
 *  Context: handler. */
int scmia_sim_resp_put_bytes(struct scmia_sim_resp *r, const void *p, uint32_t n);
/** @brief scmia_sim_buf_put_str() on the response payload.
 *  @param r response. @param s string. @param width field size.
 *  @return as scmia_sim_buf_put_str(). Context: handler. */
int scmia_sim_resp_put_str(struct scmia_sim_resp *r, const char *s, uint32_t width);

/**
 * @brief Request a delayed response for the current command (the message
 *        must have SCMIA_SIM_MSG_F_ASYNC; otherwise the request is refused
 *        and the engine answers GENERIC_ERROR).
 * @param r response. @param status status of the delayed response.
 * @param delay_us delay after the response.
 * @return the builder of the delayed response's payload (after its status).
 * Context: handler.
 */
struct scmia_sim_buf *scmia_sim_resp_dresp(struct scmia_sim_resp *r, int32_t status,
					    uint32_t delay_us);

/* ---- time and scheduler ---- */

/**
 * @brief Current engine time in µs (per the configured clock).
 * @param sim engine. @return µs.
 * Context: any.
 */
uint64_t scmia_sim_now(struct scmia_sim *sim);

/**
 * @brief Stepped mode: move virtual time to @p now_us (never backwards)
 *        and emit every message due by then. With a real clock, only emits.
 * @param sim engine. @param now_us new time.
 * @return the number of messages handed to the port.
 * Context: thread; port ops run in this thread.
 */
int scmia_sim_step(struct scmia_sim *sim, uint64_t now_us);

/**
 * @brief Stepped mode: advance virtual time by @p us and emit what is due.
 * @param sim engine. @param us microseconds.
 * @return the number of messages handed to the port.
 * Context: thread; port ops run in this thread.
 */
int scmia_sim_advance(struct scmia_sim *sim, uint64_t us);

/**
 * @brief Due time of the earliest queued message.
 * @param sim engine. @param[out] due_us its due time.
 * @return 1 when something is queued, 0 when the queue is empty.
 * Context: any.
 */
int scmia_sim_next_due(struct scmia_sim *sim, uint64_t *due_us);

/**
 * @brief Number of messages in the scheduler queue, counting one being
 *        handed to the port (taken out, put back if the port is busy).
 * @param sim engine. @return the count.
 * Context: any.
 */
unsigned scmia_sim_queued(struct scmia_sim *sim);

/**
 * @brief Threaded mode: start the platform thread. It calls the port's
 *        tick and pull ops, handles each command, and emits messages on
 *        time; it sleeps until the next due time or a kick.
 * @param sim engine with a port.
 * @return SCMIA_OK; SCMIA_ESTATE when already running; SCMIA_EINVAL
 *         without a port; SCMIA_EIO when the thread cannot start.
 * Context: thread.
 */
int scmia_sim_start(struct scmia_sim *sim);

/**
 * @brief Threaded mode: stop and join the platform thread (no-op when not
 *        running). Queued messages stay queued.
 * @param sim engine.
 * Context: thread, not the runner thread.
 */
void scmia_sim_stop(struct scmia_sim *sim);

/**
 * @brief Wake the platform thread (a command arrived). Safe from any
 *        thread, including port ops and agent callbacks.
 * @param sim engine.
 * Context: any thread, never blocks for long.
 */
void scmia_sim_kick(struct scmia_sim *sim);

/* ---- fault script ---- */

/**
 * @brief Add a fault rule (copied; its matched/fired counters are reset).
 * @param sim engine. @param rule the rule.
 * @return the rule's index (>= 0); SCMIA_EINVAL for a bad action, match
 *         or target; SCMIA_ENOSPC when SCMIA_SIM_MAX_FAULTS are in use.
 * Context: any thread.
 */
int scmia_sim_fault_add(struct scmia_sim *sim, const struct scmia_sim_fault *rule);

/**
 * @brief Remove every rule and turn random faults off.
 * @param sim engine.
 * Context: any thread.
 */
void scmia_sim_fault_clear(struct scmia_sim *sim);

/**
 * @brief Read back a rule with its counters.
 * @param sim engine. @param idx index from scmia_sim_fault_add(). @param[out] out copy.
 * @return SCMIA_OK or SCMIA_EINVAL (bad index).
 * Context: any thread.
 */
int scmia_sim_fault_get(struct scmia_sim *sim, unsigned idx, struct scmia_sim_fault *out);

/**
 * @brief Random faults: each response and delayed response that no rule
 *        matched gets a fault with probability @p percent, the action
 *        drawn from a deterministic PRNG seeded with @p seed. Default
 *        actions: every action except LATE and FORGE (see
 *        scmia_sim_fault_random_cfg()).
 * @param sim engine. @param percent 0..100 (0 turns it off). @param seed PRNG seed.
 * @return SCMIA_OK or SCMIA_EINVAL (@p percent above 100).
 * Context: any thread.
 */
int scmia_sim_fault_random(struct scmia_sim *sim, unsigned percent, uint64_t seed);

/**
 * @brief Choose which actions and targets random faults use.
 * @param sim engine.
 * @param actions bit a set: action a (enum scmia_sim_fault_action) may be chosen;
 *        0 keeps the current set.
 * @param targets SCMIA_SIM_FT_* bits; 0 keeps the current set.
 * @param late_us delay of a random LATE fault; 0 keeps the current value
 *        (default 100 000 µs).
 * @return SCMIA_OK or SCMIA_EINVAL (no valid action in @p actions).
 * Context: any thread.
 */
int scmia_sim_fault_random_cfg(struct scmia_sim *sim, uint32_t actions, uint32_t targets,
			       uint32_t late_us);

/**
 * @brief Choose the actions random faults use on one kind of message,
 *        overriding the set of scmia_sim_fault_random_cfg() for it (a
 *        transport on which a dropped response wedges the channel, say).
 * @param sim engine. @param kind enum scmia_sim_kind.
 * @param actions bit a: action a may be chosen; 0: back to the common set.
 * @return SCMIA_OK; SCMIA_EINVAL for a bad kind or a set with no valid action.
 * Context: any thread.
 */
int scmia_sim_fault_random_kind(struct scmia_sim *sim, unsigned kind, uint32_t actions);

/**
 * @brief Install the hooks of the forged-token fault (SCMIA_SIM_FA_FORGE).
 *
 * A FORGE fault on a response or delayed response resolves when the
 * message is due: the message leaves with the header of its target
 * (SCMIA_SIM_FORGE_*; the type bits stay the message's own, the body is
 * the message's own, so an agent that took it for its target's reply
 * would hand over another command's payload) and is itself withheld in a
 * bounded store (capacity @p max_withheld). A withheld message leaves the
 * store as the target of a later STALE or LAP forgery, or whole as a late
 * reply (SCMIA_SIM_FORGE_REPLAY) when the store is full or on
 * scmia_sim_forge_flush(). Either way at most one later message carries
 * its token, and only after stale_ok agreed. The delayed response of a command
 * whose response was forged is dropped (it would end the transfer and free
 * its token). Without a target of its kind the message leaves with a token
 * nobody waits for (as CORRUPT_HDR with arg 0) and is withheld all the
 * same. A withheld message discarded because stale_ok said no is never
 * answered (as a drop).
 * @param sim engine. @param ops hooks (NULL: none). @param ctx their context.
 * @param max_withheld store capacity, 1..SCMIA_SIM_WITHHELD_MAX; 0: the maximum.
 * @param min_age_us without a stale_ok hook: a withheld message may be a
 *        target or replayed only this long after it was withheld (the
 *        agent must have timed its command out); 0: 200 000.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any thread, before traffic. Lifetime: @p ops and @p ctx until
 * scmia_sim_deinit() or the next call.
 */
int scmia_sim_forge_set(struct scmia_sim *sim, const struct scmia_sim_forge_ops *ops, void *ctx,
			unsigned max_withheld, uint32_t min_age_us);

/**
 * @brief Replay every withheld message now (late replies), stale_ok
 *        permitting.
 * @param sim engine. @return the number queued for replay.
 * Context: any thread; emits what is due before returning.
 */
int scmia_sim_forge_flush(struct scmia_sim *sim);

/**
 * @brief Number of messages withheld now.
 * @param sim engine. @return the count.
 * Context: any thread.
 */
unsigned scmia_sim_withheld(struct scmia_sim *sim);

/**
 * @brief Name of a fault action for reports.
 * @param action enum scmia_sim_fault_action. @return static string, "?" if unknown.
 * Context: any. Lifetime: static.
 */
const char *scmia_sim_fault_name(unsigned action);

/**
 * @brief Next value of the engine's deterministic PRNG (xorshift64*).
 * @param sim engine. @return 32 pseudo-random bits.
 * Context: any thread.
 */
uint32_t scmia_sim_rand(struct scmia_sim *sim);

/**
 * @brief Snapshot the statistics.
 * @param sim engine. @param[out] out copy.
 * Context: any thread.
 */
void scmia_sim_stats_get(struct scmia_sim *sim, struct scmia_sim_stats *out);

/* ---- permissions (Base agent management) ---- */

/**
 * @brief Whether an agent may use device @p device_id through protocol
 *        @p proto_id (SET_DEVICE_PERMISSIONS / SET_PROTOCOL_PERMISSIONS
 *        state). For protocol handlers that own resources of devices.
 * @param sim engine. @param agent_id agent. @param device_id device.
 * @param proto_id protocol.
 * @return SCMIA_STATUS_SUCCESS (0) when allowed; SCMIA_STATUS_DENIED when
 *         denied; SCMIA_STATUS_NOT_FOUND for an unknown agent or device.
 * Context: any thread, handlers included.
 */
int32_t scmia_sim_access(struct scmia_sim *sim, uint32_t agent_id, uint32_t device_id,
			 uint8_t proto_id);

/**
 * @brief Emit BASE_ERROR_EVENT (Base notification 0x0, DEN0056 §4.2, Base protocol notifications)
 *        to @p agent_id if it enabled it with NOTIFY_ERRORS.
 * @param sim engine. @param agent_id agent concerned.
 * @param fatal 1: error_status bit 31 (fatal).
 * @param reports message reports (64-bit each). @param n number (<= SCMIA_SIM_BASE_ERR_REPORTS).
 * @return SCMIA_OK; SCMIA_ENOENT when the agent did not enable it; SCMIA_EINVAL;
 *         SCMIA_ENOSPC.
 * Context: any thread.
 */
int scmia_sim_base_error_event(struct scmia_sim *sim, uint32_t agent_id, int fatal,
			       const uint64_t *reports, unsigned n);

/* ------------------------------------------------------------------ */
/* Vendor test protocol 0x80                                           */
/* ------------------------------------------------------------------ */

/** Vendor test protocol id. */
#define SCMIA_SIM_TEST_PROTO 0x80u
/** Its version: 1.0. */
#define SCMIA_SIM_TEST_VERSION 0x10000u
/** ECHO: in any bytes; out the same bytes + le32 scmia_sim_checksum(hdr, in). */
#define SCMIA_SIM_TEST_ECHO 0x3u
/** ASYNC_WORK: in le32 value [, le32 delay_us]; response SUCCESS, empty;
 *  delayed response SUCCESS: le32 scmia_sim_test_async_value(value),
 *  le32 scmia_sim_checksum(command hdr, in). */
#define SCMIA_SIM_TEST_ASYNC_WORK 0x4u
/** TRIGGER_EVENT: in le32 src_id [, le32 count (1..16, default 1)];
 *  response SUCCESS: le32 first seq; then @c count notifications
 *  SCMIA_SIM_TEST_EVT of payload le32 agent_id, src_id, seq. */
#define SCMIA_SIM_TEST_TRIGGER_EVENT 0x5u
/** SLOW: in le32 ms (<= 60000); response after ms milliseconds: SUCCESS, le32 ms. */
#define SCMIA_SIM_TEST_SLOW 0x6u
/** Notification (event) id of the test protocol. */
#define SCMIA_SIM_TEST_EVT 0x0u
/** Most notifications one TRIGGER_EVENT emits. */
#define SCMIA_SIM_TEST_MAX_EVENTS 16u

/** State of the test protocol. Caller-owned. */
struct scmia_sim_test {
	struct scmia_sim_proto proto; /**< @private the registered table */
	uint32_t async_delay_us;      /**< default ASYNC_WORK delay; 0 at init: 1000 */
	uint32_t seq;                 /**< last notification sequence number emitted */
	uint32_t echoes;              /**< ECHO commands served */
	uint32_t asyncs;              /**< ASYNC_WORK commands served */
};

/**
 * @brief Register the vendor test protocol 0x80 on an engine.
 * @param sim engine. @param t caller-owned state.
 * @return as scmia_sim_register_proto().
 * Context: thread. Lifetime: @p t until scmia_sim_deinit().
 */
int scmia_sim_test_register(struct scmia_sim *sim, struct scmia_sim_test *t);

/**
 * @brief The checksum ECHO and ASYNC_WORK return: FNV-1a (32-bit) over the
 *        4 little-endian header bytes, then the payload.
 * @param hdr command header (host order). @param payload bytes.
 * @param len their length.
 * @return the checksum.
 * Context: any.
 */
uint32_t scmia_sim_checksum(uint32_t hdr, const void *payload, uint32_t len);

/**
 * @brief The value ASYNC_WORK's delayed response carries for @p value.
 * @param value the request's value. @return value * 2654435761 + 1 (mod 2^32).
 * Context: any.
 */
static inline uint32_t scmia_sim_test_async_value(uint32_t value)
{
	return value * 2654435761u + 1u;
}

/* ------------------------------------------------------------------ */
/* Glue to the loopback transport                                      */
/* ------------------------------------------------------------------ */

/** Loopback glue flag: answer on this channel with scmia_loopback_post()
 *  (polling agent) instead of scmia_loopback_deliver(). */
#define SCMIA_SIM_LB_POST (1u << 0)
/** Loopback glue flag: handle commands in the kick hook, i.e. in the
 *  agent's send context (reply before send returns, like a fast platform). */
#define SCMIA_SIM_LB_INLINE (1u << 1)

/** Glue between an engine and loopback channels. Caller-owned. */
struct scmia_sim_loopback {
	struct scmia_sim *sim;                                /**< @private */
	struct scmia_loopback_chan *a2p[SCMIA_SIM_MAX_CHANS]; /**< @private */
	struct scmia_loopback_chan *p2a[SCMIA_SIM_MAX_CHANS]; /**< @private */
	unsigned flags[SCMIA_SIM_MAX_CHANS];                  /**< @private SCMIA_SIM_LB_* */
	unsigned rr;                                          /**< @private pull round robin */
};

/** The port ops of the loopback glue (ctx: struct scmia_sim_loopback). */
extern const struct scmia_sim_port_ops scmia_sim_loopback_port;

/**
 * @brief Bind the glue to an engine and make it the engine's port.
 * @param gl caller-owned glue. @param sim an initialised engine.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before channels are used.
 */
int scmia_sim_loopback_init(struct scmia_sim_loopback *gl, struct scmia_sim *sim);

/**
 * @brief Attach a channel pair.
 * @param gl glue. @param chan index < SCMIA_SIM_MAX_CHANS (0: the default channel).
 * @param a2p the a2p loopback channel (its kick hook should be
 *        scmia_sim_loopback_kick with kick_ctx @p gl).
 * @param p2a the p2a loopback channel, or NULL (p2a messages then dropped, counted).
 * @param flags SCMIA_SIM_LB_*.
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: thread, before traffic.
 */
int scmia_sim_loopback_attach(struct scmia_sim_loopback *gl, unsigned chan,
			      struct scmia_loopback_chan *a2p, struct scmia_loopback_chan *p2a,
			      unsigned flags);

/**
 * @brief Kick hook for scmia_loopback_chan_init() (kick_ctx = the glue):
 *        wakes the threaded runner, or handles the command inline with
 *        SCMIA_SIM_LB_INLINE; does nothing else in stepped mode.
 * @param ctx the glue. @param lc the channel that was kicked.
 * Context: the agent's send context; no lock held.
 */
void scmia_sim_loopback_kick(void *ctx, struct scmia_loopback_chan *lc);

/**
 * @brief Stepped mode: hand every queued command of every attached
 *        channel to the engine, then emit what is due at the current time.
 * @param gl glue.
 * @return the number of commands handled, or SCMIA_EINVAL.
 * Context: thread; agent receive paths run in this thread.
 */
int scmia_sim_loopback_poll(struct scmia_sim_loopback *gl);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SIM_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file mediator.h
 * @brief Mediator: several guest agents served over their own channels,
 *        each under a policy, sharing one platform channel.
 *
 * @verbatim
 *   guest agent --SMT / virtio--> server (scmia/server.h) --handler--> mediator
 *                                                                        |
 *       policy checks, id remapping, quotas, subscriptions      scmia agent (any
 *                                                                transport) --> platform
 * @endverbatim
 *
 * Each guest has an agent id, a name, a policy (struct scmia_med_policy)
 * and a server (a struct scmia_server_ops table and its object). The
 * server hands every valid command to scmia_med_guest_cmd(), which
 * - answers the Base protocol itself, per guest: the guest's own vendor
 *   strings, protocol list and agent id; DISCOVER_AGENT shows the guest,
 *   the platform and, with SCMIA_MED_G_SEE_GUESTS, the other guests;
 * - refuses what the policy does not allow: a protocol the guest does not
 *   see (NOT_SUPPORTED), a message the mediator does not know
 *   (NOT_SUPPORTED), a resource id outside the guest's map (NOT_FOUND), a
 *   write to a read-only resource (DENIED), a command shorter than its
 *   layout (PROTOCOL_ERROR);
 * - renames resource ids: guest resource i is platform resource
 *   res[i].platform_id; enumeration (PROTOCOL_ATTRIBUTES counts, the sensor
 *   descriptor list) shows the guest only its own, numbered from 0; ids in
 *   replies, delayed responses and notifications are mapped back;
 * - forwards the command through the platform agent with
 *   scmia_xfer_submit(): the platform token is whatever the agent issues,
 *   the guest's header is kept in the mediator's record of the command, so
 *   a reply can only ever go to the record's own guest;
 * - keeps per-guest quotas: commands in flight on the platform channel,
 *   notification subscriptions;
 * - shares notification subscriptions: a *_NOTIFY subscription is enabled
 *   on the platform while at least one guest holds it (reference counted
 *   over the guests) and each event goes to the guests that hold it.
 *
 * Which message carries which resource id, where replies carry ids, which
 * bits mean "asynchronous", which event a *_NOTIFY enables: all of it is
 * in tables (struct scmia_med_proto_desc) for the ten standard protocols,
 * and the host may add tables for vendor protocols.
 *
 * Asynchronous commands: the mediator acknowledges an asynchronous
 * command to the guest (SUCCESS) as soon as the platform agent accepted it
 * for sending, and sends the platform's verdict as the delayed response:
 * the platform's own delayed response, or the error status of its
 * immediate response, or GENERIC_ERROR when the platform did not answer.
 *
 * Trust: the guests are untrusted (every value they send is checked, and
 * what one guest does never reaches another); the platform is trusted to
 * be the platform (its replies are checked by the agent core as usual),
 * and so is the host that configures the mediator. See docs/mediator.md.
 *
 * Locking: the mediator's state is changed under the host's lock
 * (scmia_med_cfg::os, lock/unlock). The lock is never held while calling
 * the platform agent or a server.
 */
#ifndef SCMIA_MEDIATOR_H
#define SCMIA_MEDIATOR_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/agent.h"
#include "scmia/notify.h"
#include "scmia/os.h"
#include "scmia/server.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Policy                                                              */
/* ------------------------------------------------------------------ */

/** Resource classes of a protocol: ids in different classes are counted
 *  and mapped separately. Class 0 is the protocol's resources (power,
 *  performance, reset, voltage and power capping domains, clocks, sensors,
 *  pins); Pin control adds groups (1) and functions (2). */
#define SCMIA_MED_CLASSES 3u

/** Resource flag: read-only for this guest (messages that change the
 *  resource are answered DENIED; attribute bits that advertise control
 *  are cleared in replies). */
#define SCMIA_MED_RES_RO (1u << 0)

/** One resource of a guest: the guest's resource id is the entry's index. */
struct scmia_med_res {
	uint32_t platform_id; /**< The platform's id of this resource. */
	uint32_t flags;       /**< SCMIA_MED_RES_* */
};

/** Protocol flag: every message that changes state is answered DENIED. */
#define SCMIA_MED_P_RO (1u << 0)
/** Protocol flag: no notification subscription (the *_NOTIFY messages are
 *  answered DENIED). */
#define SCMIA_MED_P_NO_NOTIFY (1u << 1)

/** What a guest may use of one protocol. */
struct scmia_med_proto_policy {
	uint8_t proto_id;  /**< Protocol id (not Base: the mediator answers Base itself). */
	uint8_t flags;     /**< SCMIA_MED_P_* */
	/** Resources per class (index = class): the guest's ids are 0 ..
	 *  n_res[c] - 1. */
	uint16_t n_res[SCMIA_MED_CLASSES];
	const struct scmia_med_res *res[SCMIA_MED_CLASSES]; /**< Maps per class. */
};

/** Guest flag: DISCOVER_AGENT also shows the other guests (agent id and
 *  name); otherwise a guest sees only itself and the platform. */
#define SCMIA_MED_G_SEE_GUESTS (1u << 0)

/** A guest's policy. Const; may be shared by several guests. */
struct scmia_med_policy {
	const struct scmia_med_proto_policy *protos; /**< Protocols the guest sees, besides Base. */
	uint16_t n_protos;          /**< Entries at @c protos. */
	uint32_t flags;             /**< SCMIA_MED_G_* */
	/** Bound on the platform's answer to one command of this guest, in
	 *  µs: when it passes, the guest gets GENERIC_ERROR (the platform
	 *  command keeps its quota slot until the platform ends it). 0: only
	 *  the platform channel's own timeout. */
	uint32_t reply_timeout_us;
	/** Same for the delayed response of an asynchronous command; 0: the
	 *  platform channel's. */
	uint32_t dresp_timeout_us;
	const char *vendor;         /**< DISCOVER_VENDOR; NULL: the mediator's. */
	const char *sub_vendor;     /**< DISCOVER_SUB_VENDOR; NULL: the mediator's. */
	uint32_t impl_version;      /**< DISCOVER_IMPLEMENTATION_VERSION; 0: the mediator's. */
};

/* ------------------------------------------------------------------ */
/* Protocol tables                                                     */
/* ------------------------------------------------------------------ */

/** "None" in table byte fields (offsets, bits, message ids). */
#define SCMIA_MED_NONE 0xffu
/** Class field: the id's class comes from the pin control selector
 *  (2 bits at sel_at/sel_shift: 0 pin, 1 group, 2 function). */
#define SCMIA_MED_CLS_SEL 0xfeu
/** Reply class field: the selector's class minus one (the members of a
 *  group are pins, those of a function groups). */
#define SCMIA_MED_CLS_SEL_M1 0xfdu

/** Message kind: the generic rules (ids in the command, one id in the
 *  reply and the delayed response, bits cleared in the reply). */
#define SCMIA_MED_K_PLAIN 0u
/** Message kind: the reply is a count word then a list of ids
 *  (list_nmask, list_esz, rsp_cls): each id is mapped back; a list that
 *  names a resource the guest cannot see is answered DENIED. */
#define SCMIA_MED_K_LIST 1u
/** Message kind: SENSOR_DESCRIPTION_GET: the guest's descriptor index is
 *  a sensor of its map; the reply is cut to that one descriptor, renamed,
 *  with the guest's remaining count. */
#define SCMIA_MED_K_SENSOR_DESC 2u
/** Message kind: never forwarded: NOT_SUPPORTED, and NOT_FOUND in
 *  PROTOCOL_MESSAGE_ATTRIBUTES (fastchannels bypass the mediator). */
#define SCMIA_MED_K_HIDE 3u
/** Message kind: never forwarded: DENIED (commands of trusted agents). */
#define SCMIA_MED_K_DENY 4u

/** Message flag: changes state (DENIED on a read-only resource or protocol). */
#define SCMIA_MED_M_WRITE (1u << 0)
/** Message flag: a *_NOTIFY subscription (enable bit 0 of the word at
 *  en_at; without SCMIA_MED_M_PARAM its other bits must be 0, else the
 *  guest is answered INVALID_PARAMETERS). */
#define SCMIA_MED_M_NOTIFY (1u << 1)
/** Message flag: a subscription with parameters beyond enable (also other
 *  bits of the enable word): never shared (DENIED while another guest
 *  holds it), forwarded as sent. */
#define SCMIA_MED_M_PARAM (1u << 2)
/** Message flag: always asynchronous (a delayed response follows). */
#define SCMIA_MED_M_ASYNC (1u << 3)
/** Message flag: may use a fastchannel: bit 0 of its
 *  PROTOCOL_MESSAGE_ATTRIBUTES is cleared (the guest uses the mediator). */
#define SCMIA_MED_M_FC (1u << 4)

/** Reply id rule: an id the guest cannot see makes the reply DENIED. */
#define SCMIA_MED_R_DENY 0u
/** Reply id rule: an id the guest cannot see reads 0xffffffff ("none"). */
#define SCMIA_MED_R_NONE 1u

/**
 * @brief One message of a protocol table. Byte offsets count from the
 *        first byte after the header (commands) or after the status word
 *        (replies, delayed responses); every id is a le32 word. A word
 *        read from the command must lie within min_len.
 */
struct scmia_med_msg {
	uint8_t msg_id;      /**< Message id. */
	uint8_t kind;        /**< SCMIA_MED_K_* */
	uint8_t flags;       /**< SCMIA_MED_M_* */
	uint8_t min_len;     /**< Shortest command payload (PROTOCOL_ERROR below). */
	uint8_t id_at;       /**< Offset of the resource id, or SCMIA_MED_NONE. */
	uint8_t cls;         /**< Its class, or SCMIA_MED_CLS_SEL. */
	uint8_t sel_at;      /**< Offset of the word holding the selector (CLS_SEL). */
	uint8_t sel_shift;   /**< Bit position of the 2-bit selector. */
	uint8_t id2_at;      /**< Offset of a second id, or SCMIA_MED_NONE. */
	uint8_t id2_cls;     /**< Its class. */
	uint8_t id2_if_at;   /**< The second id is an id only when the word here ... */
	uint8_t id2_if_bit;  /**< ... has this bit set (SCMIA_MED_NONE: always). */
	uint8_t flags_at;    /**< Offset of the word with the asynchronous bit, or SCMIA_MED_NONE. */
	uint8_t async_bit;   /**< Bit: asynchronous (a delayed response follows). */
	uint8_t nodresp_bit; /**< Bit: no delayed response wanted, or SCMIA_MED_NONE. */
	uint8_t en_at;       /**< Notify messages: offset of the word whose bit 0 enables. */
	uint8_t rsp_at;      /**< Reply: offset of an id (PLAIN) or of the count word (LIST), or SCMIA_MED_NONE. */
	uint8_t rsp_cls;     /**< Class of the reply ids, or SCMIA_MED_CLS_SEL_M1. */
	uint8_t rsp_rule;    /**< SCMIA_MED_R_* for an id the guest cannot see (0xffffffff always passes). */
	uint8_t list_esz;    /**< LIST: bytes per id (2 or 4). */
	uint16_t list_nmask; /**< LIST: mask of the returned count in the count word (bit 0 up). */
	uint8_t drsp_at;     /**< Delayed response: offset of an id, or SCMIA_MED_NONE. */
	uint8_t clr_at;      /**< Reply: offset of a word whose bits are cleared, or SCMIA_MED_NONE. */
	uint32_t clr;        /**< Bits always cleared there (fastchannel support). */
	uint32_t clr_ro;     /**< Bits cleared for a read-only resource (control allowed). */
};

/** One notification (event) of a protocol table. */
struct scmia_med_evt {
	uint8_t evt_id;     /**< Event (message) id. */
	/** The *_NOTIFY message that subscribes to it; SCMIA_MED_NONE: every
	 *  guest that sees the protocol and maps the source gets it (vendor
	 *  protocols without subscriptions). */
	uint8_t notify_msg;
	uint8_t src_at;     /**< Payload offset of the source id, or SCMIA_MED_NONE. */
	uint8_t agent_at;   /**< Payload offset of the agent id, or SCMIA_MED_NONE. */
	uint8_t cls;        /**< Class of the source id. */
};

/** A count field of PROTOCOL_ATTRIBUTES, rewritten to the guest's count. */
struct scmia_med_count {
	uint8_t at;    /**< Offset of the word (after the status). */
	uint8_t shift; /**< First bit. */
	uint8_t width; /**< Bits (1..16). */
	uint8_t cls;   /**< Class counted; SCMIA_MED_NONE: unused entry. */
};

/** Most count fields in one PROTOCOL_ATTRIBUTES. */
#define SCMIA_MED_COUNTS 3u

/** The table of one protocol. Const, in ROM. */
struct scmia_med_proto_desc {
	uint8_t proto_id;      /**< Protocol id. */
	uint8_t n_msgs;        /**< Entries at @c msgs. */
	uint8_t n_evts;        /**< Entries at @c evts. */
	/** PROTOCOL_ATTRIBUTES bytes passed on; the rest (statistics
	 *  addresses) reads 0. SCMIA_MED_NONE: all. */
	uint8_t attrs_keep;
	uint32_t version;      /**< Newest version whose layouts the table describes. */
	const struct scmia_med_msg *msgs; /**< Messages besides 0x0-0x2 and 0x10. */
	const struct scmia_med_evt *evts; /**< Events. */
	struct scmia_med_count counts[SCMIA_MED_COUNTS]; /**< Count fields. */
};

/**
 * @brief The built-in table of a standard protocol.
 * @param proto_id 0x11 .. 0x19.
 * @return the table, or NULL for another id (Base has none: the mediator
 *         answers it itself).
 * Context: any. Lifetime: static.
 */
const struct scmia_med_proto_desc *scmia_med_std_desc(uint8_t proto_id);

/* ------------------------------------------------------------------ */
/* Objects                                                             */
/* ------------------------------------------------------------------ */

/** Counters, per guest and for the whole mediator (scmia_med_counter()). */
enum scmia_med_counter {
	SCMIA_MED_CNT_COMMANDS = 0,  /**< Commands from guests. */
	SCMIA_MED_CNT_FORWARDED,     /**< Commands sent to the platform. */
	SCMIA_MED_CNT_LOCAL,         /**< Commands answered by the mediator (Base, refusals, shared subscriptions). */
	SCMIA_MED_CNT_DENIED,        /**< Answered DENIED by the mediator. */
	SCMIA_MED_CNT_NOT_SUPPORTED, /**< Answered NOT_SUPPORTED by the mediator. */
	SCMIA_MED_CNT_NOT_FOUND,     /**< Answered NOT_FOUND by the mediator (id outside the map). */
	SCMIA_MED_CNT_BAD_PARAMS,    /**< Answered PROTOCOL_ERROR / INVALID_PARAMETERS (short, bad selector). */
	SCMIA_MED_CNT_QUOTA,         /**< Answered BUSY: the guest's in-flight quota was full. */
	SCMIA_MED_CNT_NO_SLOT,       /**< Answered BUSY: the platform channel had no free slot. */
	SCMIA_MED_CNT_SUB_QUOTA,     /**< Subscriptions refused (DENIED): the guest's quota was full. */
	SCMIA_MED_CNT_SUB_BUSY,      /**< Subscriptions answered BUSY: the platform subscription was changing. */
	SCMIA_MED_CNT_REPLIES,       /**< Responses handed to servers. */
	SCMIA_MED_CNT_DRESPS,        /**< Delayed responses handed to servers. */
	SCMIA_MED_CNT_NOTIFS,        /**< Notifications handed to servers. */
	SCMIA_MED_CNT_P2A_DROPS,     /**< Delayed responses or notifications a server refused (backlog full). */
	SCMIA_MED_CNT_STALE,         /**< Replies a server refused (the request is gone: guest reset). */
	SCMIA_MED_CNT_TIMEOUTS,      /**< Guest deadlines that passed (answered GENERIC_ERROR). */
	SCMIA_MED_CNT_PLATFORM_ERRORS, /**< Platform transfers that ended without a valid reply. */
	SCMIA_MED_CNT_REPLY_DENIED,  /**< Replies that named a resource the guest cannot see (DENIED). */
	SCMIA_MED_CNT_REAPED,        /**< Platform answers dropped: their guest was reset. */
	SCMIA_MED_CNT_RESETS,        /**< Guest resets. */
	SCMIA_MED_CNT_SUB_ENABLES,   /**< Platform subscriptions enabled. */
	SCMIA_MED_CNT_SUB_DISABLES,  /**< Platform subscriptions disabled. */
	SCMIA_MED_CNT_EVENTS,        /**< Notifications from the platform (mediator only). */
	SCMIA_MED_CNT_UNROUTED,      /**< Platform notifications no guest wanted (mediator only). */
	SCMIA_MED_CNT__COUNT         /**< Number of counters. */
};

/** @private A guest command in flight on the platform channel. */
struct scmia_med_req {
	struct scmia_med_guest *guest;   /**< @private */
	const struct scmia_med_msg *msg; /**< @private table entry (NULL: common message) */
	struct scmia_xfer *xfer;         /**< @private platform transfer */
	uint64_t deadline;               /**< @private guest deadline (0: none) */
	uint32_t gen;                    /**< @private guest generation at submit */
	uint32_t sreq;                   /**< @private server request number */
	uint32_t hdr;                    /**< @private the guest's header */
	uint32_t gid;                    /**< @private guest resource id (for replies) */
	uint32_t cls_pid;                /**< @private platform resource id */
	int32_t result;                  /**< @private result kept for the acknowledger */
	int16_t sub;                     /**< @private subscription index, -1: none */
	uint8_t state;                   /**< @private REQ_* (mediator.c) */
	uint8_t async;                   /**< @private a delayed response is expected */
	uint8_t cls;                     /**< @private class of gid */
	uint8_t ro;                      /**< @private the resource is read-only */
	uint8_t answered;                /**< @private the guest got its response */
	uint8_t internal;                /**< @private a mediator-made disable */
	uint8_t phase;                   /**< @private PH_* (mediator.c) */
	uint8_t rflags;                  /**< @private RF_* (mediator.c) */
};

/** @private A guest's notification subscription. */
struct scmia_med_sub {
	uint32_t gid;       /**< @private guest resource id */
	uint32_t pid;       /**< @private platform resource id */
	uint32_t sreq;      /**< @private joining: the server request to answer */
	uint32_t hdr;       /**< @private joining: the guest's header */
	uint8_t proto_id;   /**< @private */
	uint8_t msg_id;     /**< @private the *_NOTIFY message */
	uint8_t state;      /**< @private SUB_* (mediator.c) */
	uint8_t has_id;     /**< @private the subscription names a resource */
	uint8_t cls;        /**< @private class of the resource */
};

/** Configuration of a guest (scmia_med_guest_add()). */
struct scmia_med_guest_cfg {
	uint32_t agent_id;       /**< The guest's agent id (1..0xfffffffe, unique). */
	const char *name;        /**< Its name (DISCOVER_AGENT, up to 15 characters shown). */
	const struct scmia_med_policy *policy; /**< Its policy (required). */
	const struct scmia_server_ops *ops;    /**< Its server's ops (required). */
	void *srv;               /**< Its server (first argument of the ops). */
	/** Records of commands in flight: their number is the guest's
	 *  in-flight quota (at least 1). */
	struct scmia_med_req *reqs;
	uint16_t n_reqs;         /**< Entries at @c reqs. */
	/** Subscriptions: their number is the guest's subscription quota
	 *  (0: the guest may not subscribe). */
	struct scmia_med_sub *subs;
	uint16_t n_subs;         /**< Entries at @c subs. */
};

/** A guest. Caller-owned; fields private. */
struct scmia_med_guest {
	struct scmia_mediator *med;            /**< @private */
	struct scmia_med_guest *next;          /**< @private */
	const struct scmia_med_policy *policy; /**< @private */
	const struct scmia_server_ops *ops;    /**< @private */
	void *srv;                             /**< @private */
	const char *name;                      /**< @private */
	struct scmia_med_req *reqs;            /**< @private */
	struct scmia_med_sub *subs;            /**< @private */
	uint32_t agent_id;                     /**< @private */
	uint32_t gen;                          /**< @private incremented by each reset */
	uint32_t refs;                         /**< @private fan-outs using it now */
	uint16_t n_reqs;                       /**< @private */
	uint16_t n_subs;                       /**< @private */
	uint16_t inflight;                     /**< @private records in use */
	uint8_t up;                            /**< @private added and not removed */
	uint32_t cnt[SCMIA_MED_CNT__COUNT];    /**< @private counters */
};

/** Most protocol tables a mediator uses (the nine standard ones + vendor). */
#define SCMIA_MED_MAX_DESCS 16u
/** Most notification handlers a mediator registers on the platform agent. */
#define SCMIA_MED_MAX_EVTS 32u

/** Mediator configuration (scmia_med_init()). Zeroed fields take defaults. */
struct scmia_med_cfg {
	/** The platform agent: initialised, its channels open. The mediator
	 *  registers notification handlers on it and submits through it. */
	struct scmia_agent *agent;
	/** Lock for the mediator's state (lock/unlock only are used); NULL:
	 *  single-context use. May be the platform agent's table. */
	const struct scmia_os_ops *os;
	void *os_ctx;              /**< First argument of the os ops. */
	/** Tables of vendor protocols (or replacements of standard ones),
	 *  looked up before the built-in tables. */
	const struct scmia_med_proto_desc *const *descs;
	unsigned n_descs;          /**< Entries at @c descs. */
	/** The mediator's own agent id on the platform: an event whose agent
	 *  id is this one shows agent 0 (the platform) to the guests. 0: agent
	 *  ids in events are passed on. */
	uint32_t platform_agent_id;
	const char *vendor;        /**< Default DISCOVER_VENDOR; NULL: "scmia". */
	const char *sub_vendor;    /**< Default DISCOVER_SUB_VENDOR; NULL: "mediator". */
	uint32_t impl_version;     /**< Default implementation version; 0: 0x00010000. */
	const char *platform_name; /**< DISCOVER_AGENT(0) name; NULL: "platform". */
};

/** The mediator. Caller-owned; fields private. */
struct scmia_mediator {
	struct scmia_agent *agent;                 /**< @private */
	const struct scmia_os_ops *os;             /**< @private */
	void *os_ctx;                              /**< @private */
	const struct scmia_med_proto_desc *descs[SCMIA_MED_MAX_DESCS]; /**< @private */
	unsigned n_descs;                          /**< @private */
	struct scmia_notifier nfy[SCMIA_MED_MAX_EVTS]; /**< @private */
	unsigned n_nfy;                            /**< @private */
	struct scmia_med_guest *guests;            /**< @private */
	uint32_t platform_agent_id;                /**< @private */
	const char *vendor;                        /**< @private */
	const char *sub_vendor;                    /**< @private */
	const char *platform_name;                 /**< @private */
	uint32_t impl_version;                     /**< @private */
	uint32_t plat_version[SCMIA_MED_MAX_DESCS]; /**< @private versions seen, per table */
	uint32_t cnt[SCMIA_MED_CNT__COUNT];        /**< @private */
	uint8_t up;                                /**< @private */
};

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

/**
 * @brief Initialise a mediator over a platform agent and register its
 *        notification handlers (one per event of every table) there.
 * @param med caller-owned mediator (overwritten).
 * @param cfg configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments, no agent, a lock
 *         without unlock, a table with an offset outside its message's
 *         min_len or a bad class; SCMIA_ENOSPC for more than
 *         SCMIA_MED_MAX_DESCS tables or SCMIA_MED_MAX_EVTS events; the
 *         agent's error when a handler cannot be registered.
 * Context: thread, before any guest is added and before the platform
 * agent's notifications are dispatched (scmia_notify_register() rule).
 * Lifetime: @p cfg may go after the call; the agent, tables, strings and
 * the os table must outlive the mediator.
 */
int scmia_med_init(struct scmia_mediator *med, const struct scmia_med_cfg *cfg);

/**
 * @brief Unregister the mediator's handlers from the platform agent.
 * @param med a mediator whose guests were all removed.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL; SCMIA_EBUSY while a guest is
 *         still added.
 * Context: thread; as scmia_notify_unregister(); no other call on the
 * mediator may run meanwhile (stop the context that calls
 * scmia_med_service() first).
 * Lifetime: on SCMIA_OK the mediator's storage may go (the agent and tables
 * are no longer used).
 */
int scmia_med_deinit(struct scmia_mediator *med);

/**
 * @brief Add a guest. Its server must hand commands to
 *        scmia_med_guest_cmd() with @p g as the context.
 * @param med an initialised mediator. @param g caller-owned guest.
 * @param cfg its configuration.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments, no policy, no server
 *         ops (reply and p2a required), n_reqs 0, a policy naming Base or
 *         a protocol without a table, a map without entries where its
 *         count is not 0; SCMIA_ESTATE when the agent id is in use or
 *         @p g is added already.
 * Context: thread; never blocks.
 * Lifetime: @p cfg may go after the call; @p g, its policy, name and
 * storage must stay until scmia_med_guest_remove() succeeded.
 */
int scmia_med_guest_add(struct scmia_mediator *med, struct scmia_med_guest *g,
			const struct scmia_med_guest_cfg *cfg);

/**
 * @brief The command handler of a guest's server (scmia_server_cmd_fn,
 *        with @p ctx the guest).
 * @param ctx the guest (struct scmia_med_guest *).
 * @param srv the server (must be the guest's).
 * @param req the server's request number.
 * @param hdr the command header. @param payload its parameters.
 * @param len their length.
 * Context: as scmia_server_cmd_fn: any context the platform transport's
 * send allows; never blocks itself. Takes the mediator lock briefly.
 * Lifetime: @p payload is used during the call only.
 */
void scmia_med_guest_cmd(void *ctx, void *srv, uint32_t req, uint32_t hdr, const void *payload,
			 uint32_t len);

/**
 * @brief A guest was reset (or died): its commands in flight are reaped
 *        (their platform answers are dropped when they come; the
 *        platform slots are released then), its subscriptions are dropped
 *        (a platform subscription nobody else holds is disabled). Reset
 *        the guest's server too, so that the guest starts on clean areas
 *        or queues.
 * @param g an added guest.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL; SCMIA_ESTATE when not added.
 * Context: thread or any context the platform transport's send allows;
 * never blocks.
 * Lifetime: @p g is used during the call; it stays added.
 */
int scmia_med_guest_reset(struct scmia_med_guest *g);

/**
 * @brief Remove a guest: reset it, then unlink it once nothing refers to
 *        it any more.
 * @param g an added guest.
 * @return SCMIA_OK when removed (its memory may go); SCMIA_EBUSY while
 *         platform commands of it (reaped ones, or disables of its
 *         subscriptions) are still in flight or a notification is being
 *         delivered to it: call again after scmia_med_service();
 *         SCMIA_EINVAL for NULL; SCMIA_ESTATE when not added.
 * Context: thread; never blocks.
 * Lifetime: on SCMIA_OK @p g, its policy, name and storage may go; until then
 * they stay.
 */
int scmia_med_guest_remove(struct scmia_med_guest *g);

/**
 * @brief Periodic work: drive the platform agent (scmia_agent_service():
 *        expiry of platform transfers), deliver its queued notifications
 *        (scmia_notify_dispatch()), answer guests whose deadline passed,
 *        and retry disables of dropped subscriptions that found no slot.
 * @param med a mediator.
 * @return the number of guest deadlines that passed (>= 0); SCMIA_EINVAL.
 * Context: thread (notification handlers and completion callbacks run in
 * it); never blocks.
 * Lifetime: @p med is used during the call only.
 */
int scmia_med_service(struct scmia_mediator *med);

/**
 * @brief Read a counter of the whole mediator.
 * @param med a mediator. @param id the counter.
 * @return its value; 0 for NULL or an unknown id.
 * Context: any; never blocks.
 * Lifetime: @p med is used during the call only.
 */
uint32_t scmia_med_counter(struct scmia_mediator *med, enum scmia_med_counter id);

/**
 * @brief Read a counter of one guest.
 * @param g a guest. @param id the counter.
 * @return its value; 0 for NULL or an unknown id.
 * Context: any; never blocks.
 * Lifetime: @p g is used during the call only.
 */
uint32_t scmia_med_guest_counter(struct scmia_med_guest *g, enum scmia_med_counter id);

/**
 * @brief Name of a counter, for reports.
 * @param id the counter. @return a static string; "?" for an unknown id.
 * Context: any. Lifetime: static.
 */
const char *scmia_med_counter_name(enum scmia_med_counter id);

/**
 * @brief Commands of a guest in flight on the platform channel (reaped
 *        ones included), and its subscriptions.
 * @param g a guest. @param[out] inflight may be NULL.
 * @param[out] subs subscriptions held or being changed (may be NULL).
 * @return SCMIA_OK or SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: @p g and the output pointers are used during the call only.
 */
int scmia_med_guest_stats(struct scmia_med_guest *g, unsigned *inflight, unsigned *subs);

/**
 * @brief Number of guests holding the platform subscription of
 *        (@p proto_id, @p msg_id, @p platform_id), for reports and tests.
 * @param med a mediator. @param proto_id protocol.
 * @param msg_id its *_NOTIFY message. @param platform_id the platform
 *        resource (ignored for subscriptions without a resource).
 * @return the reference count (0 when the platform subscription is off).
 * Context: any; never blocks.
 * Lifetime: @p med is used during the call only.
 */
unsigned scmia_med_sub_refs(struct scmia_mediator *med, uint8_t proto_id, uint8_t msg_id,
			    uint32_t platform_id);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_MEDIATOR_H */

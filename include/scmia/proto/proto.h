/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file proto.h
 * @brief Protocol infrastructure: registry, version negotiation, quirks,
 *        the paged-reply iterator and helpers shared by every protocol.
 *
 * Every protocol, standard (0x10-0x7F) or vendor (0x80-0xFF), is described
 * by a const struct scmia_proto_desc (id, highest version we know, an init
 * hook that decodes PROTOCOL_ATTRIBUTES) and registered in a caller-owned
 * struct scmia_proto_set, which hands out one struct scmia_proto_handle per
 * protocol. scmia_proto_attach() then reads PROTOCOL_VERSION, negotiates
 * down with NEGOTIATE_PROTOCOL_VERSION when the platform is newer than the
 * descriptor and supports it, reads PROTOCOL_ATTRIBUTES and runs the init
 * hook. The agreed version is kept in scmia_proto_handle::version and every
 * decoder branches on it. scmia_base_discover() (base.h) does this for every
 * registered protocol the platform lists, after identifying the platform for
 * the quirk table.
 *
 * Versions are encoded as in PROTOCOL_VERSION: major in bits 31:16, minor
 * in bits 15:0 (SCMIA_PROTO_VERSION()).
 *
 * Replies: decoders accept replies longer than the layout of the agreed
 * version (a newer platform may append fields). A reply that lacks only
 * whole trailing fields that a later protocol version added is accepted:
 * those fields are reported absent (each helper says how: an "unknown"
 * value or a flag) and SCMIA_PROTO_CNT_ABSENT counts it. Any other short
 * reply is SCMIA_ETOOSHORT; a field with an impossible value is
 * SCMIA_EMALFORMED. Nothing is ever read past a reply's length.
 *
 * Nothing here allocates or keeps global state.
 */
#ifndef SCMIA_PROTO_PROTO_H
#define SCMIA_PROTO_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/agent.h"
#include "scmia/error.h"
#include "scmia/header.h"
#include "scmia/notify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Build switches (set by the SCMIA_PROTO_<NAME> CMake options)         */
/* ------------------------------------------------------------------ */

/** 1: build the Base protocol helpers (base.h). */
#ifndef SCMIA_CFG_PROTO_BASE
#define SCMIA_CFG_PROTO_BASE 1
#endif
/** 1: build the Power domain protocol helpers (power.h). */
#ifndef SCMIA_CFG_PROTO_POWER
#define SCMIA_CFG_PROTO_POWER 1
#endif
/** 1: build the System power protocol helpers (system.h). */
#ifndef SCMIA_CFG_PROTO_SYSTEM
#define SCMIA_CFG_PROTO_SYSTEM 1
#endif
/** 1: build the Performance protocol helpers (perf.h). */
#ifndef SCMIA_CFG_PROTO_PERF
#define SCMIA_CFG_PROTO_PERF 1
#endif
/** 1: build the Clock protocol helpers (clock.h). */
#ifndef SCMIA_CFG_PROTO_CLOCK
#define SCMIA_CFG_PROTO_CLOCK 1
#endif
/** 1: build the Sensor protocol helpers (sensor.h). */
#ifndef SCMIA_CFG_PROTO_SENSOR
#define SCMIA_CFG_PROTO_SENSOR 1
#endif
/** 1: build the Reset domain protocol helpers (reset.h). */
#ifndef SCMIA_CFG_PROTO_RESET
#define SCMIA_CFG_PROTO_RESET 1
#endif
/** 1: build the Voltage domain protocol helpers (voltage.h). */
#ifndef SCMIA_CFG_PROTO_VOLTAGE
#define SCMIA_CFG_PROTO_VOLTAGE 1
#endif
/** 1: build the Power capping protocol helpers (powercap.h). */
#ifndef SCMIA_CFG_PROTO_POWERCAP
#define SCMIA_CFG_PROTO_POWERCAP 1
#endif
/** 1: build the Pin control protocol helpers (pinctrl.h). */
#ifndef SCMIA_CFG_PROTO_PINCTRL
#define SCMIA_CFG_PROTO_PINCTRL 1
#endif

/** 1: negotiate down (NEGOTIATE_PROTOCOL_VERSION) with a platform newer
 *  than the helpers; 0: speak our own version to it without asking
 *  (SCMIA_PROTO_HF_NOT_NEGOTIATED). */
#ifndef SCMIA_CFG_PROTO_NEGOTIATE
#define SCMIA_CFG_PROTO_NEGOTIATE 1
#endif
/** 1: quirk tables (built-in, per descriptor and the caller's). 0: no
 *  table is consulted and no quirk ever applies. */
#ifndef SCMIA_CFG_PROTO_QUIRKS
#define SCMIA_CFG_PROTO_QUIRKS 1
#endif
/** 1: lazy attach (scmia_proto_set_lazy()): discovery attaches Base only
 *  and every other protocol is attached by its first use. */
#ifndef SCMIA_CFG_PROTO_LAZY
#define SCMIA_CFG_PROTO_LAZY 1
#endif
/** 1: the Base commands of trusted agents (BASE_SET_DEVICE_PERMISSIONS,
 *  BASE_SET_PROTOCOL_PERMISSIONS, BASE_RESET_AGENT_CONFIGURATION). */
#ifndef SCMIA_CFG_PROTO_BASE_PERMS
#define SCMIA_CFG_PROTO_BASE_PERMS 1
#endif
/** 1: fastchannels of Performance and Power capping (DESCRIBE_FASTCHANNEL
 *  and the scmia_perf_fc_*() accessors). */
#ifndef SCMIA_CFG_PROTO_FASTCHANNEL
#define SCMIA_CFG_PROTO_FASTCHANNEL 1
#endif
/** 1: extended names (the *_NAME_GET messages, and fetching them from the
 *  attribute helpers); 0: the 16-byte names only. */
#ifndef SCMIA_CFG_PROTO_EXT_NAMES
#define SCMIA_CFG_PROTO_EXT_NAMES 1
#endif
/** 1: the protocol counters (scmia_proto_set::cnt and
 *  scmia_proto_set::quirk_hits); 0: they stay 0. Defaults to SCMIA_CFG_COUNTERS. */
#ifndef SCMIA_CFG_PROTO_COUNTERS
#ifdef SCMIA_CFG_COUNTERS
#define SCMIA_CFG_PROTO_COUNTERS SCMIA_CFG_COUNTERS
#else
#define SCMIA_CFG_PROTO_COUNTERS 1
#endif
#endif
/* Core options the helpers follow: include/scmia/config.h defines them
 * in the cores that have them; these defaults keep older cores building. */
#ifndef SCMIA_CFG_NOTIFY
/** Core option (config.h): notifications; 0 also removes the helpers'
 *  *_NOTIFY commands, notification decoders and scmia_proto_notify_src(). */
#define SCMIA_CFG_NOTIFY 1
#endif
#ifndef SCMIA_CFG_ASYNC
/** Core option (config.h): asynchronous commands; 0 makes every
 *  asynchronous helper request answer SCMIA_ENOTSUP. */
#define SCMIA_CFG_ASYNC 1
#endif

#if (SCMIA_CFG_PROTO_BASE | SCMIA_CFG_PROTO_POWER | SCMIA_CFG_PROTO_SYSTEM |              \
     SCMIA_CFG_PROTO_PERF | SCMIA_CFG_PROTO_CLOCK | SCMIA_CFG_PROTO_SENSOR |               \
     SCMIA_CFG_PROTO_RESET | SCMIA_CFG_PROTO_VOLTAGE | SCMIA_CFG_PROTO_POWERCAP |          \
     SCMIA_CFG_PROTO_PINCTRL | SCMIA_CFG_PROTO_NEGOTIATE | SCMIA_CFG_PROTO_QUIRKS |        \
     SCMIA_CFG_PROTO_LAZY | SCMIA_CFG_PROTO_BASE_PERMS | SCMIA_CFG_PROTO_FASTCHANNEL |     \
     SCMIA_CFG_PROTO_EXT_NAMES | SCMIA_CFG_PROTO_COUNTERS) > 1
#error "SCMIA_CFG_PROTO_* switches are 0 or 1"
#endif
#if SCMIA_CFG_PROTO_LAZY && !SCMIA_CFG_PROTO_BASE
#error "SCMIA_CFG_PROTO_LAZY needs SCMIA_CFG_PROTO_BASE (discovery)"
#endif

/* ------------------------------------------------------------------ */
/* Versions, names                                                      */
/* ------------------------------------------------------------------ */

/** Encode a protocol version (major in bits 31:16, minor in 15:0). */
#define SCMIA_PROTO_VERSION(major, minor) \
	((uint32_t)(((uint32_t)(major) << 16) | ((uint32_t)(minor) & 0xffffu)))
/** Major part of an encoded protocol version. */
#define SCMIA_PROTO_VERSION_MAJOR(v) ((uint32_t)(v) >> 16)
/** Minor part of an encoded protocol version. */
#define SCMIA_PROTO_VERSION_MINOR(v) ((uint32_t)(v) & 0xffffu)

/** Bytes of a short name field on the wire (NUL-terminated ASCII). */
#define SCMIA_PROTO_NAME_LEN 16u
/** Bytes of an extended name field on the wire (NUL-terminated ASCII). */
#define SCMIA_PROTO_EXT_NAME_LEN 64u

/** PROTOCOL_MESSAGE_ATTRIBUTES bit 0 (Performance, Clock, ...): the
 *  message can be sent through a fastchannel (DEN0056 §4.5.2.4). */
#define SCMIA_MSG_ATTR_FASTCHANNEL (1u << 0)

struct scmia_proto_handle;
struct scmia_proto_set;
struct scmia_proto_quirk;

/** DESCRIBE_FASTCHANNEL of Performance (PERFORMANCE_DESCRIBE_FASTCHANNEL)
 *  and Power capping (POWERCAP_DESCRIBE_FASTCHANNEL), decoded: one layout
 *  in both protocols (also named scmia_perf_fc_info and
 *  scmia_powercap_fc_info). */
struct scmia_proto_fc_info {
	uint32_t domain;           /**< Domain it serves. */
	uint8_t msg_id;            /**< The one message it serves. */
	uint32_t attributes;       /**< Raw attributes (bit 0 doorbell, bits 2:1 doorbell width). */
	uint32_t rate_limit_us;    /**< Rate limit in µs (bits 19:0). */
	uint64_t chan_addr;        /**< Physical address of the fastchannel. */
	uint32_t chan_size;        /**< Its size in bytes. */
	uint64_t db_addr;          /**< Doorbell register address (when bit 0). */
	uint8_t db_width;          /**< Doorbell register width in bytes: 1, 2, 4 or 8 (0: none). */
	uint64_t db_set_mask;      /**< Bits to set when ringing. */
	uint64_t db_preserve_mask; /**< Bits to keep when ringing. */
};

/* ------------------------------------------------------------------ */
/* Protocol descriptor and handle                                       */
/* ------------------------------------------------------------------ */

/**
 * @brief Init hook of a protocol: decode the PROTOCOL_ATTRIBUTES reply.
 *
 * Runs inside scmia_proto_attach() once the version is agreed
 * (scmia_proto_handle::version is set) and the quirks are known. It may
 * issue commands through the handle and fill scmia_proto_handle::priv.
 * @param ph the handle being attached.
 * @param attrs PROTOCOL_ATTRIBUTES reply payload after the status word.
 * @param len its length in bytes (at least scmia_proto_desc::attrs_min_len).
 * @return SCMIA_OK, or an error that fails the attach.
 * Context: as scmia_proto_attach(). Lifetime: @p attrs during the call only.
 */
typedef int (*scmia_proto_init_fn)(struct scmia_proto_handle *ph, const uint8_t *attrs,
				   uint32_t len);

/**
 * @brief Static description of a protocol. Const, in ROM. The same
 *        structure serves the standard protocols and vendor ones.
 */
struct scmia_proto_desc {
	uint8_t id;             /**< Protocol id (0x10-0xFF). */
	uint32_t version;       /**< Highest version this code implements (SCMIA_PROTO_VERSION()). */
	const char *name;       /**< Short name for reports ("clock"). */
	uint32_t attrs_min_len; /**< Bytes PROTOCOL_ATTRIBUTES must return after the status; shorter is SCMIA_ETOOSHORT. */
	scmia_proto_init_fn init; /**< Optional init hook. */
	/** Optional source-id rule for this protocol's notifications, used by
	 *  scmia_proto_notify_src() for vendor protocols, called with the
	 *  handle's priv as ctx; NULL: the generic rule (payload word 1). */
	scmia_notify_src_fn notify_src;
	/** Optional quirk table shipped with the protocol (entries for other
	 *  protocol ids are ignored); consulted after the library-wide
	 *  built-in table and before the caller's. */
	const struct scmia_proto_quirk *quirks;
	unsigned n_quirks;      /**< Entries in @c quirks. */
};

/** Handle state: registered, not attached. */
#define SCMIA_PROTO_S_REGISTERED 0u
/** Handle state: the platform does not list this protocol. */
#define SCMIA_PROTO_S_ABSENT 1u
/** Handle state: attach failed; scmia_proto_handle::err tells why. */
#define SCMIA_PROTO_S_FAILED 2u
/** Handle state: attached; version agreed, ready for use. */
#define SCMIA_PROTO_S_READY 3u
/** Handle state: scmia_proto_attach() in progress (its own commands run). */
#define SCMIA_PROTO_S_ATTACHING 4u

/** Handle flag: the platform reported a newer version than ours. */
#define SCMIA_PROTO_HF_PLATFORM_NEWER (1u << 0)
/** Handle flag: NEGOTIATE_PROTOCOL_VERSION succeeded. */
#define SCMIA_PROTO_HF_NEGOTIATED (1u << 1)
/** Handle flag: the platform is newer but negotiation was not possible
 *  (unsupported or refused); the agent speaks its own (older) version,
 *  relying on the backward compatibility of newer layouts. */
#define SCMIA_PROTO_HF_NOT_NEGOTIATED (1u << 2)
/** Handle flag: a quirk rewrote the version reported by the platform. */
#define SCMIA_PROTO_HF_VERSION_QUIRK (1u << 3)

/**
 * @brief Per-agent state of one protocol. Caller-owned storage (an array
 *        given to scmia_proto_set_init()); fields are read-only for users.
 */
struct scmia_proto_handle {
	struct scmia_agent *agent;            /**< Agent the protocol talks through. */
	struct scmia_proto_set *set;          /**< Registry it belongs to. */
	const struct scmia_proto_desc *desc;  /**< Its descriptor. */
	void *priv;                           /**< Per-protocol storage given at registration (may be NULL). */
	uint32_t platform_version;            /**< Version the platform reported (after a version quirk). */
	uint32_t version;                     /**< Agreed version; decoders branch on it. */
	uint32_t attributes;                  /**< First word of PROTOCOL_ATTRIBUTES. */
	uint32_t quirks;                      /**< SCMIA_QUIRK_* bits that apply to this protocol. */
	uint32_t xfer_flags;                  /**< SCMIA_XFER_F_POLL etc. added to every command (caller may set). */
	int err;                              /**< Result of the last attach. */
	uint8_t id;                           /**< Protocol id. */
	uint8_t state;                        /**< SCMIA_PROTO_S_*. */
	uint8_t hflags;                       /**< SCMIA_PROTO_HF_*. */
};

/* ------------------------------------------------------------------ */
/* Quirks                                                               */
/*                                                                      */
/* A quirk is a named behaviour of the helpers that works around one    */
/* known firmware deviation. Which firmware gets which quirks is data:  */
/* table entries keyed on the platform's identity (vendor, sub-vendor,  */
/* implementation version range) and, where needed, on the version the  */
/* protocol reports. Tables: the built-in one, each descriptor's, and   */
/* the caller's (scmia_proto_set_quirks(), at run time, no rebuild).    */
/* Each quirk counts in scmia_proto_set::quirk_hits[bit] when it        */
/* changes what the helpers do. docs/protocols.md lists them.           */
/* ------------------------------------------------------------------ */

/**
 * @brief Quirk "perf-level-get-fc-force" (Performance): treat
 *        PERFORMANCE_LEVEL_GET as declared for fastchannels although
 *        PROTOCOL_MESSAGE_ATTRIBUTES does not say so. Built-in for vendor
 *        "Qualcomm", implementation version 0x20000 and later (X1E
 *        laptops implement the fastchannel but leave bit 0 clear).
 */
#define SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE (1u << 0)
/**
 * @brief Quirk "clock-async-no-dresp" (Clock): the platform announces
 *        asynchronous rate changes (PROTOCOL_ATTRIBUTES max pending > 0)
 *        but never sends CLOCK_RATE_SET_COMPLETE. An asynchronous
 *        scmia_clock_rate_set() is sent synchronously instead (the rate is
 *        applied when the response comes), instead of waiting out the
 *        delayed-response timeout.
 */
#define SCMIA_QUIRK_CLOCK_ASYNC_NO_DRESP (1u << 1)
/**
 * @brief Quirk "sensor-ext-desc-always" (Sensor, v2+): every
 *        SENSOR_DESCRIPTION_GET descriptor is the 52-byte extended one,
 *        whether attributes_low bit 8 says so or not. Extended fields of a
 *        descriptor without bit 8 are skipped, not reported.
 */
#define SCMIA_QUIRK_SENSOR_EXT_DESC (1u << 2)
/**
 * @brief Quirk "no-negotiate" (any protocol): never send
 *        NEGOTIATE_PROTOCOL_VERSION (firmware that advertises it and then
 *        fails the channel).
 */
#define SCMIA_QUIRK_NO_NEGOTIATE (1u << 3)
/** Number of quirk bits (the size of scmia_proto_set::quirk_hits). */
#define SCMIA_QUIRK__COUNT 4u

/**
 * @brief One entry of a quirk table: which firmware it matches and what it
 *        changes. Strings are compared exactly with the DISCOVER_VENDOR /
 *        DISCOVER_SUB_VENDOR answers; NULL matches any.
 */
struct scmia_proto_quirk {
	const char *vendor;      /**< Vendor identifier, or NULL for any. */
	const char *sub_vendor;  /**< Sub-vendor identifier, or NULL for any. */
	uint32_t impl_min;       /**< Lowest implementation version matched (inclusive). */
	uint32_t impl_max;       /**< Highest implementation version matched (inclusive). */
	uint8_t proto_id;        /**< Protocol the quirk applies to. */
	uint32_t quirks;         /**< SCMIA_QUIRK_* bits set on the handle. */
	/** When non-zero: the version to use instead of what the platform's
	 *  PROTOCOL_VERSION says (firmware reporting a wrong version). */
	uint32_t version_fix;
	const char *name;        /**< Short name for logs and docs. */
	/** Lowest protocol version (as PROTOCOL_VERSION reports it) matched. */
	uint32_t ver_min;
	/** Highest protocol version matched; 0: any version (ver_min ignored). */
	uint32_t ver_max;
};

/** The platform's identity, read by scmia_base_discover(). */
struct scmia_proto_ident {
	char vendor[SCMIA_PROTO_NAME_LEN];     /**< DISCOVER_VENDOR, NUL-terminated. */
	char sub_vendor[SCMIA_PROTO_NAME_LEN]; /**< DISCOVER_SUB_VENDOR, NUL-terminated ("" if none). */
	uint32_t impl_version;                 /**< DISCOVER_IMPLEMENTATION_VERSION. */
	uint8_t valid;                         /**< 1 once vendor and version are known. */
};

/* ------------------------------------------------------------------ */
/* Counters of tolerated deviations                                    */
/* ------------------------------------------------------------------ */

/** Counter: replies (or notifications) that lacked trailing fields a
 *  later protocol version added, accepted with those fields absent. */
#define SCMIA_PROTO_CNT_ABSENT 0u
/** Counter: sentinel values normalised (e.g. a reset latency of
 *  0x7fffffff reported as SCMIA_RESET_LATENCY_UNKNOWN). */
#define SCMIA_PROTO_CNT_SENTINEL 1u
/** Counter: INVALID_PARAMETERS answered for a resource id at or past the
 *  count PROTOCOL_ATTRIBUTES announced, reported as NOT_FOUND. */
#define SCMIA_PROTO_CNT_NOT_FOUND 2u
/** Counter: paged lists ended by a SUCCESS page of zero entries before
 *  the announced end, or asked past their end. */
#define SCMIA_PROTO_CNT_PAST_END 3u
/** Counter: commands refused locally without sending (asynchronous
 *  command with no p2a channel, CONFIG_SET that changes nothing,
 *  asynchronous reset of a domain that does not support it). */
#define SCMIA_PROTO_CNT_FAIL_FAST 4u
/** Counter: versions agreed below what the platform reported
 *  (negotiated, or spoken without negotiation). */
#define SCMIA_PROTO_CNT_DOWNGRADED 5u
/** Counter: protocols attached by their first use (lazy attach). */
#define SCMIA_PROTO_CNT_LAZY_ATTACH 6u
/** Number of protocol counters. */
#define SCMIA_PROTO_CNT__COUNT 7u

/* ------------------------------------------------------------------ */
/* The registry                                                         */
/* ------------------------------------------------------------------ */

/**
 * @brief The protocols of one agent. Caller-owned; fields private except
 *        where said otherwise.
 */
struct scmia_proto_set {
	struct scmia_agent *agent;              /**< @private */
	struct scmia_proto_handle *handles;     /**< @private caller storage */
	unsigned cap;                           /**< @private entries at handles */
	unsigned count;                         /**< @private entries registered */
	const struct scmia_proto_quirk *quirks; /**< @private extra quirk table */
	unsigned n_quirks;                      /**< @private */
	struct scmia_proto_ident ident;         /**< Platform identity (read-only for users). */
	uint32_t offered[8];                    /**< @private 256-bit map of listed protocols */
	uint8_t listed;                         /**< @private offered[] is valid */
	/** @private lazy attach: the attach a first use runs, or NULL */
	int (*lazy)(struct scmia_proto_handle *ph);
	/** Deviation counters, SCMIA_PROTO_CNT_* (read-only for users; plain
	 *  increments, approximate if helpers of one registry run
	 *  concurrently). */
	uint32_t cnt[SCMIA_PROTO_CNT__COUNT];
	/** Times each quirk bit changed what the helpers did (read-only). */
	uint32_t quirk_hits[SCMIA_QUIRK__COUNT];
};

/**
 * @brief Prepare an empty registry.
 * @param set caller-owned registry (overwritten).
 * @param agent an initialised agent the protocols talk through.
 * @param handles caller-owned array of @p n_handles handles.
 * @param n_handles capacity (>= 1).
 * @return SCMIA_OK; SCMIA_EINVAL for a NULL argument or no capacity.
 * Context: thread or early boot; never blocks.
 * Lifetime: @p set, @p handles and @p agent must outlive every use of the
 * handles.
 */
int scmia_proto_set_init(struct scmia_proto_set *set, struct scmia_agent *agent,
			 struct scmia_proto_handle *handles, unsigned n_handles);

#if SCMIA_CFG_PROTO_LAZY
/**
 * @brief Lazy attach: scmia_base_discover() then attaches Base, reads the
 *        platform's identity and protocol list, and leaves every other
 *        listed protocol registered; each is attached by its first command
 *        (scmia_proto_ready()), counted SCMIA_PROTO_CNT_LAZY_ATTACH.
 * @param set a registry. @param lazy non-zero: lazy; 0: every protocol is
 *        attached by discovery (the default).
 * @return SCMIA_OK; SCMIA_EINVAL for NULL.
 * Context: thread, before discovery; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_set_lazy(struct scmia_proto_set *set, int lazy);
#endif

#if SCMIA_CFG_PROTO_QUIRKS
/**
 * @brief Add a caller quirk table, consulted after the built-in one
 *        and the descriptor's (may be called again at run time to replace it;
 *        it applies to later attaches and scmia_proto_quirks_apply()).
 * @param set a registry. @param table entries (may be NULL when @p n is 0).
 * @param n number of entries.
 * @return SCMIA_OK; SCMIA_EINVAL.
 * Context: thread, not concurrently with an attach; never blocks.
 * Lifetime: @p table must outlive the registry.
 */
int scmia_proto_set_quirks(struct scmia_proto_set *set, const struct scmia_proto_quirk *table,
			   unsigned n);
#endif

/**
 * @brief Register a protocol: standard and vendor protocols alike.
 * @param set a registry.
 * @param desc the protocol's descriptor (id 0x10..0xFF).
 * @param priv per-protocol storage handed to the init hook and the
 *        protocol's helpers (see each protocol header; may be NULL).
 * @param[out] out the handle (may be NULL).
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments or an id below 0x10;
 *         SCMIA_ESTATE when the id is already registered; SCMIA_ENOSPC when
 *         the handle array is full.
 * Context: thread, before attach; never blocks.
 * Lifetime: @p desc and @p priv must outlive the registry.
 */
int scmia_proto_register(struct scmia_proto_set *set, const struct scmia_proto_desc *desc,
			 void *priv, struct scmia_proto_handle **out);

/**
 * @brief Find the handle of a registered protocol.
 * @param set a registry. @param proto_id protocol id.
 * @return the handle, or NULL when not registered.
 * Context: any; never blocks. Lifetime: as the registry.
 */
struct scmia_proto_handle *scmia_proto_find(struct scmia_proto_set *set, uint8_t proto_id);

/**
 * @brief Find the handle of a registered protocol that is attached.
 * @param set a registry. @param proto_id protocol id.
 * @return the handle when its state is SCMIA_PROTO_S_READY, else NULL.
 * Context: any; never blocks. Lifetime: as the registry.
 */
struct scmia_proto_handle *scmia_proto_get(struct scmia_proto_set *set, uint8_t proto_id);

/**
 * @brief Whether the platform listed a protocol in DISCOVER_LIST_PROTOCOLS.
 * @param set a registry after scmia_base_discover().
 * @param proto_id protocol id.
 * @return 1 when listed (Base is always listed), 0 when not, or when the
 *         list was not read yet.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_offered(const struct scmia_proto_set *set, uint8_t proto_id);

/**
 * @brief Record that the platform lists a protocol (used by Base discovery).
 * @param set a registry. @param proto_id protocol id.
 * Context: thread; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
void scmia_proto_set_offered(struct scmia_proto_set *set, uint8_t proto_id);

/**
 * @brief Attach a registered protocol: PROTOCOL_VERSION, negotiation,
 *        PROTOCOL_ATTRIBUTES, quirks, init hook.
 *
 * Version rule: if the platform's version is not newer than the
 * descriptor's, it is the agreed version. If newer, and the platform
 * answers PROTOCOL_MESSAGE_ATTRIBUTES(NEGOTIATE_PROTOCOL_VERSION) with
 * SUCCESS (and neither SCMIA_QUIRK_NO_NEGOTIATE nor a build without
 * SCMIA_CFG_PROTO_NEGOTIATE forbids it), the agent negotiates the
 * descriptor's version; in every other case the agent still speaks the
 * descriptor's version and flags SCMIA_PROTO_HF_NOT_NEGOTIATED. A version
 * below the platform's counts SCMIA_PROTO_CNT_DOWNGRADED. The agreed
 * version is stored before the init hook runs.
 * Quirks: the built-in table, then the descriptor's, then the caller's
 * are matched against set->ident (when known) and the version the
 * platform reports, before anything else is sent.
 * @param ph a registered handle (any state: attach may be repeated).
 * @return SCMIA_OK (state READY); on error the state is FAILED and
 *         ph->err holds: an SCMI-band error of PROTOCOL_VERSION or
 *         PROTOCOL_ATTRIBUTES (e.g. SCMIA_E_SCMI_DENIED), SCMIA_ETOOSHORT
 *         for a short reply, SCMIA_EMALFORMED for a version 0,
 *         SCMIA_ETIMEDOUT or another transfer error, or the init hook's
 *         error; SCMIA_EINVAL for a NULL handle.
 * Context: thread (blocks for several commands; polls when
 * ph->xfer_flags has SCMIA_XFER_F_POLL); not concurrently with other
 * calls on the same handle.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_attach(struct scmia_proto_handle *ph);

/**
 * @brief Make a handle ready for commands: attach it now if the registry
 *        is lazy (scmia_proto_set_lazy()) and the handle was only
 *        registered. Every helper that sends a command calls it first.
 * @param ph a handle.
 * @return SCMIA_OK when the handle is READY, or when the registry is not
 *         lazy (nothing is checked then); SCMIA_ENOENT when discovery
 *         found the protocol absent; the stored attach error when an
 *         attach failed; the error of the attach it runs;
 *         SCMIA_EINVAL for NULL.
 * Context: thread (blocks for the attach's commands the first time).
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_ready(struct scmia_proto_handle *ph);

#if SCMIA_CFG_PROTO_QUIRKS
/**
 * @brief Compute and store each handle's quirk bits from the built-in
 *        table, its descriptor's table and the caller's table, matched
 *        against set->ident and each handle's platform_version.
 * @param set a registry. @return the number of (table entry, handle)
 *        matches, or SCMIA_EINVAL.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_quirks_apply(struct scmia_proto_set *set);

/**
 * @brief Match one quirk table against an identity, a protocol and the
 *        version the platform reports for it.
 * @param table entries. @param n number of entries.
 * @param ident the platform identity (must be valid to match anything).
 * @param proto_id protocol id.
 * @param version the protocol version the platform reported; entries with
 *        a version range (ver_max != 0) match only inside it.
 * @param[out] version_fix the last matching non-zero version_fix, or
 *             left unchanged (may be NULL).
 * @return the OR of the quirk bits of every matching entry.
 * Context: any; never blocks.
 * Lifetime: pointer arguments are used during the call only.
 */
uint32_t scmia_proto_quirk_match(const struct scmia_proto_quirk *table, unsigned n,
				 const struct scmia_proto_ident *ident, uint8_t proto_id,
				 uint32_t version, uint32_t *version_fix);

/**
 * @brief The built-in quirk table (documented in docs/protocols.md).
 * @param[out] n number of entries.
 * @return the table (static, const).
 * Context: any. Lifetime: static.
 */
const struct scmia_proto_quirk *scmia_proto_quirks_builtin(unsigned *n);
#endif /* SCMIA_CFG_PROTO_QUIRKS */

/* ------------------------------------------------------------------ */
/* Commands                                                             */
/* ------------------------------------------------------------------ */

/**
 * @brief Run one command of the handle's protocol and check the reply size.
 * @param ph a handle (attached, or being attached).
 * @param msg_id message id.
 * @param tx parameters (may be NULL when @p tx_len is 0).
 * @param tx_len their length in bytes.
 * @param rx reply buffer for the payload after the status (may be NULL
 *        when @p rx_cap is 0).
 * @param rx_min bytes the reply must hold for the agreed version's layout.
 * @param rx_cap capacity of @p rx; a longer reply is clamped (accepted).
 * @param[out] rx_len reply bytes copied (may be NULL).
 * @param flags SCMIA_XFER_F_* added to ph->xfer_flags (SCMIA_XFER_F_ASYNC
 *        waits for the delayed response and returns its payload).
 * @return SCMIA_OK; SCMIA_ETOOSHORT when the reply holds fewer than
 *         @p rx_min bytes; otherwise as scmia_cmd() (SCMI-band errors for a
 *         non-SUCCESS status, SCMIA_EMALFORMED, SCMIA_ETIMEDOUT, ...).
 * Context: as scmia_xfer_do(). Lifetime: buffers during the call only.
 */
int scmia_proto_cmd(struct scmia_proto_handle *ph, uint8_t msg_id, const void *tx,
		    uint32_t tx_len, void *rx, uint32_t rx_min, uint32_t rx_cap,
		    uint32_t *rx_len, unsigned flags);

/**
 * @brief PROTOCOL_VERSION of the handle's protocol.
 * @param ph a handle. @param[out] version the raw version word.
 * @return SCMIA_OK; SCMIA_ETOOSHORT; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: as scmia_proto_cmd().
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_version_get(struct scmia_proto_handle *ph, uint32_t *version);

/**
 * @brief PROTOCOL_ATTRIBUTES of the handle's protocol (raw payload).
 * @param ph a handle. @param buf reply buffer. @param cap its capacity
 *        (>= 4). @param[out] len bytes copied (may be NULL).
 * @return SCMIA_OK; SCMIA_ETOOSHORT when fewer than 4 bytes came back;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: as scmia_proto_cmd().
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_attributes_get(struct scmia_proto_handle *ph, void *buf, uint32_t cap,
			       uint32_t *len);

/**
 * @brief PROTOCOL_MESSAGE_ATTRIBUTES: whether a message is implemented and
 *        its attributes.
 * @param ph a handle. @param msg_id the message asked about.
 * @param[out] attributes the attributes word (may be NULL).
 * @return SCMIA_OK when implemented; SCMIA_E_SCMI_NOT_FOUND when not;
 *         SCMIA_ETOOSHORT; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: as scmia_proto_cmd().
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_msg_attributes(struct scmia_proto_handle *ph, uint8_t msg_id,
			       uint32_t *attributes);

/**
 * @brief NEGOTIATE_PROTOCOL_VERSION: ask the platform to speak @p version.
 * @param ph a handle. @param version the version wanted.
 * @return SCMIA_OK (accepted); SCMIA_E_SCMI_NOT_SUPPORTED when the platform
 *         cannot speak it; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: as scmia_proto_cmd().
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_negotiate_version(struct scmia_proto_handle *ph, uint32_t version);

#if SCMIA_CFG_PROTO_EXT_NAMES
/**
 * @brief The NAME_GET message shared by several protocols (Power, Perf,
 *        Clock, Sensor, Reset, Voltage, Powercap: parameter id; reply
 *        flags + 64-byte name).
 * @param ph a handle. @param msg_id the protocol's *_NAME_GET message id.
 * @param id resource id. @param[out] name buffer; always NUL-terminated.
 * @param cap its size (>= 1); a longer name is truncated.
 * @return SCMIA_OK; SCMIA_ETOOSHORT for a reply under 4 + 64 bytes;
 *         SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: as scmia_proto_cmd().
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_ext_name_get(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			     char *name, size_t cap);
#endif

#if SCMIA_CFG_NOTIFY
/**
 * @brief The *_NOTIFY message shared by several protocols (parameters:
 *        resource id, notify_enable bit 0).
 * @param ph a handle. @param msg_id the protocol's notify message id.
 * @param id resource id. @param enable non-zero to enable.
 * @return SCMIA_OK; SCMIA_EINVAL; errors of scmia_proto_cmd().
 * Context: as scmia_proto_cmd().
 * Lifetime: pointer arguments are used during the call only.
 */
int scmia_proto_notify_enable(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			      int enable);
#endif

/**
 * @brief Copy a fixed-size name field from a reply, stopping at its NUL
 *        and always terminating the result (the platform may omit the NUL).
 * @param dst destination. @param cap its size (>= 1).
 * @param src the wire field. @param src_len the field's size.
 * Context: any; never blocks. Lifetime: buffers during the call only.
 */
void scmia_proto_name_copy(char *dst, size_t cap, const uint8_t *src, size_t src_len);

/* ------------------------------------------------------------------ */
/* Paged replies                                                        */
/* ------------------------------------------------------------------ */

/** One page of a paged reply, as described by the decode_header callback. */
struct scmia_proto_iter_page {
	uint32_t returned;  /**< Entries in this page. */
	uint32_t remaining; /**< Entries after this page. */
	uint32_t hdr_len;   /**< Bytes before the first entry. */
	uint32_t min_len;   /**< Bytes the page must hold (e.g. a byte list padded
			     *   to 4); 0: only hdr_len is checked up front. */
};

/** Generic page layout (scmia_proto_iter_ops::page), for the many paged
 *  messages that share one shape: the parameters are an optional resource
 *  id (@p id_param 1: scmia_proto_iter::id) then the index of the first
 *  entry wanted; the reply opens with a count word whose bits
 *  (@p ret_bits - 1):0 are the entries returned and bits 31:@p rem_shift
 *  the entries remaining; entries are at least @p entry_len bytes (at most
 *  255). @p flags: SCMIA_PROTO_PAGE_F_*. */
#define SCMIA_PROTO_PAGE(id_param, ret_bits, rem_shift, entry_len, flags)                      \
	((uint32_t)(id_param) | ((uint32_t)(ret_bits) << 1) | ((uint32_t)(rem_shift) << 6) |     \
	 ((uint32_t)(entry_len) << 11) | ((uint32_t)(flags) << 19))
/** Page flag: bit 12 of the count word announces a range (min, max, step):
 *  one page of three entries, nothing remaining (firmware that counts the
 *  triplet as one entry while sending all three is accepted); the format
 *  may not change between pages. scmia_proto_iter::range tells which. */
#define SCMIA_PROTO_PAGE_F_TRIPLET 1u
/** Page flag: entries of entry_len bytes are packed, the list padded to
 *  a whole word. */
#define SCMIA_PROTO_PAGE_F_PACKED 2u

/**
 * @brief Callbacks of one paged message. @p ctx is scmia_proto_iter::ctx.
 *        prepare and decode_header may be NULL when @c page describes the
 *        message (SCMIA_PROTO_PAGE()).
 */
struct scmia_proto_iter_ops {
	/** Write the parameters of the request for the page starting at entry
	 *  @p index into @p tx (capacity @p cap); set *tx_len. Return 0 or an
	 *  error (which ends the iteration). NULL: from @c page. */
	int (*prepare)(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len);
	/** Decode the page header of a reply of @p len bytes: fill @p pg.
	 *  Return 0, SCMIA_ETOOSHORT or SCMIA_EMALFORMED. NULL: from
	 *  @c page. */
	int (*decode_header)(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
			     struct scmia_proto_iter_page *pg);
	/** Decode entry @p index found at @p p with @p avail bytes left in the
	 *  reply. Return the bytes it occupies (> 0, <= avail), or
	 *  SCMIA_ETOOSHORT / SCMIA_EMALFORMED / another error. */
	int (*decode_entry)(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail);
	/** Generic layout (SCMIA_PROTO_PAGE()) used where a callback is NULL. */
	uint32_t page;
};

/**
 * @brief State of one paged walk. Fill the inputs (or use
 *        scmia_proto_iter_init()), run scmia_proto_iter_run(), read the
 *        outputs.
 */
struct scmia_proto_iter {
	const struct scmia_proto_iter_ops *ops; /**< In: callbacks. */
	void *ctx;            /**< In: their context. */
	uint8_t msg_id;       /**< In: the paged message. */
	unsigned flags;       /**< In: SCMIA_XFER_F_* for each page. */
	uint32_t start;       /**< In: first entry index to ask for (usually 0). */
	uint32_t max_entries; /**< In: entries the caller can store, counted from start. */
	uint32_t id;          /**< In: resource id of a generic page layout with an id parameter. */
	uint32_t count;       /**< Out: entries decoded. */
	uint32_t total;       /**< Out: entries the platform announced (start + returned + remaining of page 1). */
	uint32_t pages;       /**< Out: pages read. */
	uint8_t range;        /**< Out: 1 when a SCMIA_PROTO_PAGE_F_TRIPLET list announced a range. */
};

/**
 * @brief Fill an iterator's inputs and clear its outputs (start and id 0).
 * @param it iterator. @param msg_id paged message. @param ops callbacks.
 * @param ctx their context. @param max_entries caller capacity.
 * Context: any; never blocks.
 * Lifetime: @p it keeps @p ops and @p ctx: they must stay valid until the last
 * scmia_proto_iter_run() of @p it returned.
 */
void scmia_proto_iter_init(struct scmia_proto_iter *it, uint8_t msg_id,
			   const struct scmia_proto_iter_ops *ops, void *ctx,
			   uint32_t max_entries);

/**
 * @brief Walk a paged reply: request page after page until nothing
 *        remains, decoding every entry.
 *
 * Guarantees: every read is within the reply; a page that returns no entry
 * while entries remain is malformed (never loops); the announced total may
 * not change between pages (remaining growing is malformed); the walk ends
 * after at most max_entries entries. A page of no entry and nothing
 * remaining ends the list wherever it comes (a platform asked past its end
 * may answer SUCCESS that way); after the first page it counts
 * SCMIA_PROTO_CNT_PAST_END.
 * @param ph an attached (or attaching) handle. @param it the iterator.
 * @return SCMIA_OK when every entry was decoded; SCMIA_ENOSPC when the
 *         platform has more entries than max_entries (the first
 *         max_entries are decoded, it->count tells how many);
 *         SCMIA_EMALFORMED for zero returned with entries remaining, a
 *         changed total, or a callback's verdict; SCMIA_ETOOSHORT for a
 *         page shorter than its header, min_len or entries; SCMIA_EINVAL;
 *         errors of the transfer or of a callback.
 * Context: thread (blocks for one command per page).
 * Lifetime: @p ph and @p it are used during the call only (the iterator's callbacks run during it).
 */
int scmia_proto_iter_run(struct scmia_proto_handle *ph, struct scmia_proto_iter *it);

/* ------------------------------------------------------------------ */
/* Notifications                                                        */
/* ------------------------------------------------------------------ */

#if SCMIA_CFG_NOTIFY
/**
 * @brief Source-id extractor for every standard protocol's notifications;
 *        use it as scmia_agent_cfg::notify_src.
 *
 * Base ERROR_EVENT: the agent id (word 0). System power: none
 * (SCMIA_NOTIFY_SRC_ANY). Power, Performance, Clock, Sensor, Reset, Power
 * capping events: the resource id (word 1). Vendor protocols: the
 * registered descriptor's notify_src when @p ctx is a struct
 * scmia_proto_set and has one, else the generic rule (word 1 when present).
 * A payload too short for its source gives SCMIA_NOTIFY_SRC_ANY.
 * @param ctx a struct scmia_proto_set (scmia_agent_cfg::notify_src_ctx), or NULL.
 * @param hdr notification header. @param payload payload. @param len its length.
 * @return the source id, or SCMIA_NOTIFY_SRC_ANY.
 * Context: any (the receive entry's context); never blocks. Registration
 * must not race it.
 * Lifetime: @p payload is read during the call only; @p ctx must stay valid while the agent uses
 * this extractor.
 */
uint32_t scmia_proto_notify_src(void *ctx, uint32_t hdr, const void *payload, uint32_t len);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_PROTO_PROTO_H */

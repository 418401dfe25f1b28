/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file config.h
 * @brief Compile-time configuration with guarded defaults.
 *
 * Define SCMIA_CONFIG_FILE (for example `-DSCMIA_CONFIG_FILE="my_scmia.h"`)
 * to include a user options header first; every option below keeps its
 * value when that header already defined it. Switches are 0/1 and tested
 * with `#if` (the library builds with -Wundef).
 *
 * Run-time configuration fields that are 0 mean "use the default below".
 */
#ifndef SCMIA_CONFIG_H
#define SCMIA_CONFIG_H

#ifdef SCMIA_CONFIG_FILE
#include SCMIA_CONFIG_FILE
#endif

/** Default reply timeout in microseconds (Linux: 30 ms). */
#ifndef SCMIA_DEFAULT_REPLY_TIMEOUT_US
#define SCMIA_DEFAULT_REPLY_TIMEOUT_US 30000u
#endif

/** Default delayed-response timeout in microseconds (Linux: 2 s). */
#ifndef SCMIA_DEFAULT_DRESP_TIMEOUT_US
#define SCMIA_DEFAULT_DRESP_TIMEOUT_US 2000000u
#endif

/** Default number of slots per channel when neither the channel
 *  configuration nor the transport says otherwise (Linux: 20). */
#ifndef SCMIA_DEFAULT_MAX_MSG
#define SCMIA_DEFAULT_MAX_MSG 20u
#endif

/** Default maximum payload size in bytes (Linux: 104, a 128-byte SMT area). */
#ifndef SCMIA_DEFAULT_MSG_SIZE
#define SCMIA_DEFAULT_MSG_SIZE 104u
#endif

/** Upper bound of max_msg: the token is 10 bits wide (DEN0056). */
#define SCMIA_MAX_MSG_LIMIT 1024u

/** Number of tokens the agent cycles through (10-bit token field). */
#define SCMIA_TOKEN_SPACE 1024u

/** 1: compile scmia_strerror() with message texts; 0: it returns "". */
#ifndef SCMIA_CFG_STRERROR
#define SCMIA_CFG_STRERROR 1
#endif

/** Without a clock (no now_us op), each polling iteration counts as this
 *  many microseconds of virtual time, so that a timeout still ends a wait. */
#ifndef SCMIA_NOCLOCK_POLL_STEP_US
#define SCMIA_NOCLOCK_POLL_STEP_US 1u
#endif

/* ------------------------------------------------------------------ */
/* Features compiled in (0/1). Each 0 removes its code and its fields. */
/* ------------------------------------------------------------------ */

/** Agent lock through the OS table's lock/unlock ops. 0: the library is
 *  used from one context only (no receive entry in an interrupt, no
 *  second thread; the receive entry may be called nested in the relax
 *  op); the ops are then never called. */
#ifndef SCMIA_CFG_LOCK
#define SCMIA_CFG_LOCK 1
#endif

/** Fast paths of the hot entry points (scmia_rx(), scmia_xfer_get(),
 *  scmia_xfer_put()): a copy of the common case of each (a synchronous
 *  command's response, a free slot and token, a put with nothing to keep)
 *  in front of the general path, which handles every case on its own.
 *  2: two copies of each fast path, one for an agent with a lock op and
 *  one for an agent without, neither testing the lock at its critical
 *  sections (fewest instructions per transfer); 1: one copy that tests
 *  the lock op where it takes it; 0: no fast path, the general path does
 *  everything (smallest code). Default 2, and 0 when the compiler
 *  optimises for size (`-Os`: GCC and Clang define `__OPTIMIZE_SIZE__`).
 *  Behaviour is the same at every level. */
#ifndef SCMIA_CFG_FAST_PATHS
#if defined(__OPTIMIZE_SIZE__)
#define SCMIA_CFG_FAST_PATHS 0
#else
#define SCMIA_CFG_FAST_PATHS 2
#endif
#endif

/** Most slots a channel may have, within [1, 1024]. A channel whose
 *  configuration asks for more fails to open (SCMIA_EINVAL); one that asks
 *  for none gets the transport's default, cut to this. Below 129 no
 *  channel can have the direct token table (one bucket per token, see
 *  SCMIA_TOKEN_BUCKETS()), and its code is compiled out. */
#ifndef SCMIA_CFG_MAX_SLOTS
#define SCMIA_CFG_MAX_SLOTS 1024
#endif

/** Interrupt-driven completion (SCMIA_COMPLETION_IRQ): OS wait objects,
 *  or a spin on the state that the receive entry updates. */
#ifndef SCMIA_CFG_IRQ
#define SCMIA_CFG_IRQ 1
#endif

/** Polling completion (SCMIA_COMPLETION_POLL and SCMIA_XFER_F_POLL). */
#ifndef SCMIA_CFG_POLL
#define SCMIA_CFG_POLL 1
#endif

/** Completion on return (SCMIA_COMPLETION_ON_RETURN: SMC/HVC). */
#ifndef SCMIA_CFG_ON_RETURN
#define SCMIA_CFG_ON_RETURN 1
#endif

/** Asynchronous commands and their delayed responses
 *  (SCMIA_XFER_F_ASYNC, the RESP state, the delayed-response timeout). */
#ifndef SCMIA_CFG_ASYNC
#define SCMIA_CFG_ASYNC 1
#endif

/** Non-blocking transfers: scmia_xfer_submit() with a completion
 *  callback, their expiry and scmia_agent_service[_at](). */
#ifndef SCMIA_CFG_NONBLOCKING
#define SCMIA_CFG_NONBLOCKING 1
#endif

/** Notifications: the p2a pools, the queue, handlers and dispatch. */
#ifndef SCMIA_CFG_NOTIFY
#define SCMIA_CFG_NOTIFY 1
#endif

/** Channels dedicated to one protocol (scmia_chan_cfg::proto_id != 0). */
#ifndef SCMIA_CFG_DEDICATED
#define SCMIA_CFG_DEDICATED 1
#endif

/** Buckets of the agent's table of dedicated a2p channels (a power of
 *  two). At most half of them are used, so that a lookup stays O(1):
 *  SCMIA_CFG_CHAN_TABLE / 2 dedicated a2p channels per agent. */
#ifndef SCMIA_CFG_CHAN_TABLE
#define SCMIA_CFG_CHAN_TABLE 8
#endif

/** Counters (scmia_agent_counters()). 0: every counter reads 0. */
#ifndef SCMIA_CFG_COUNTERS
#define SCMIA_CFG_COUNTERS 1
#endif

/** The OS table's log op is called on notable events. */
#ifndef SCMIA_CFG_LOG
#define SCMIA_CFG_LOG 1
#endif

/** Trace hooks (include/scmia/trace.h): 0 compiles them out entirely. */
#ifndef SCMIA_CFG_TRACE
#define SCMIA_CFG_TRACE 0
#endif

/** Raw messages (include/scmia/raw.h): 0 compiles them out entirely.
 *  Needs SCMIA_CFG_NONBLOCKING. */
#ifndef SCMIA_CFG_RAW
#define SCMIA_CFG_RAW 0
#endif

/** @private p2a channels exist when something arrives on them. */
#define SCMIA_CFG_P2A (SCMIA_CFG_ASYNC || SCMIA_CFG_NOTIFY)

#if !SCMIA_CFG_IRQ && !SCMIA_CFG_POLL && !SCMIA_CFG_ON_RETURN
#error "SCMIA_CFG_IRQ, SCMIA_CFG_POLL and SCMIA_CFG_ON_RETURN are all 0: no way to complete a transfer"
#endif
#if SCMIA_CFG_IRQ && !SCMIA_CFG_LOCK
#error "SCMIA_CFG_IRQ needs SCMIA_CFG_LOCK: the receive entry runs in another context"
#endif
#if !SCMIA_CFG_NONBLOCKING && !SCMIA_CFG_IRQ && !SCMIA_CFG_POLL
#error "with SCMIA_CFG_NONBLOCKING 0, blocking waits need SCMIA_CFG_IRQ or SCMIA_CFG_POLL"
#endif
#if SCMIA_CFG_RAW && !SCMIA_CFG_NONBLOCKING
#error "SCMIA_CFG_RAW needs SCMIA_CFG_NONBLOCKING: raw commands are non-blocking transfers"
#endif
#if SCMIA_CFG_CHAN_TABLE < 2 || SCMIA_CFG_CHAN_TABLE > 512 || \
	(SCMIA_CFG_CHAN_TABLE & (SCMIA_CFG_CHAN_TABLE - 1)) != 0
#error "SCMIA_CFG_CHAN_TABLE must be a power of two within [2, 512]"
#endif
#if (SCMIA_CFG_LOCK | SCMIA_CFG_IRQ | SCMIA_CFG_POLL | SCMIA_CFG_ON_RETURN | SCMIA_CFG_ASYNC | \
     SCMIA_CFG_NONBLOCKING | SCMIA_CFG_NOTIFY | SCMIA_CFG_DEDICATED | SCMIA_CFG_COUNTERS |      \
     SCMIA_CFG_LOG | SCMIA_CFG_TRACE | SCMIA_CFG_RAW | SCMIA_CFG_STRERROR) > 1
#error "SCMIA_CFG_* switches are 0 or 1"
#endif

#if SCMIA_CFG_FAST_PATHS < 0 || SCMIA_CFG_FAST_PATHS > 2
#error "SCMIA_CFG_FAST_PATHS must be 0, 1 or 2"
#endif
#if SCMIA_CFG_MAX_SLOTS < 1 || SCMIA_CFG_MAX_SLOTS > 1024
#error "SCMIA_CFG_MAX_SLOTS must be within [1, 1024]"
#endif
#if SCMIA_DEFAULT_MAX_MSG < 1 || SCMIA_DEFAULT_MAX_MSG > 1024
#error "SCMIA_DEFAULT_MAX_MSG must be within [1, 1024]"
#endif
#if SCMIA_DEFAULT_MSG_SIZE < 8 || SCMIA_DEFAULT_MSG_SIZE > 65532
#error "SCMIA_DEFAULT_MSG_SIZE must be within [8, 65532]"
#endif
#if SCMIA_DEFAULT_REPLY_TIMEOUT_US < 1
#error "SCMIA_DEFAULT_REPLY_TIMEOUT_US must be positive"
#endif
#if SCMIA_DEFAULT_DRESP_TIMEOUT_US < 1
#error "SCMIA_DEFAULT_DRESP_TIMEOUT_US must be positive"
#endif

#endif /* SCMIA_CONFIG_H */

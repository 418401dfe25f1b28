/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private helpers shared by the core's translation units. Not installed.
 */
#ifndef SCMIA_INTERNAL_H
#define SCMIA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"

/* Transfer states (struct scmia_xfer::state).
 *
 *   FREE --get (slot + token)--> IDLE --submit--> SENDING
 *   SENDING --scmia_xfer_sent() (transport owns the channel)--> SENT
 *   SENT --response--> DONE                                   (sync)
 *   SENT --response OK--> RESP --delayed response--> DONE     (async)
 *   SENT --delayed response (response lost or overtaken)--> DONE
 *   SENT, RESP --timeout / cancel / fetch error--> DONE
 *   SENDING --send() failed--> IDLE (token kept, nothing reached the platform)
 *   DONE, IDLE --put--> FREE once no receive (busy) and no transport hold
 *   p2a pool:  FREE --notification--> QUEUED --dispatch--> FREE
 *
 * Only SENT and RESP transfers are matchable: a message for an IDLE or
 * SENDING transfer cannot be the platform's answer and is dropped (EARLY).
 */
enum {
	SCMIA_XS_FREE = 0,
	SCMIA_XS_IDLE,
	SCMIA_XS_SENDING,
	SCMIA_XS_SENT,
	SCMIA_XS_RESP,
	SCMIA_XS_DONE,
	SCMIA_XS_QUEUED
};

#define SCMIA_SLOT_NONE 0xffffu

/* Which OS ops the agent has (struct scmia_agent::osf). */
enum {
	SCMIA_OSF_LOCK = 1u << 0,
	SCMIA_OSF_WAIT = 1u << 1,
	SCMIA_OSF_ARM = 1u << 2,
	SCMIA_OSF_NOW = 1u << 3,
	SCMIA_OSF_RELAX = 1u << 4,
	SCMIA_OSF_LOG = 1u << 5
};

/*
 * Ordering of the fields read without the lock: the transfer state (the
 * owner waits on it; the transport publishes SENT) and the counters that
 * are bumped outside the lock. The GNU builtins work on plain fields, so
 * public structs need no C11 atomic types (the headers stay C99 and C++).
 */
#if defined(__GNUC__) || defined(__clang__)
#define SCMIA__LOAD_ACQ(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define SCMIA__LOAD_RLX(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define SCMIA__STORE_REL(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define SCMIA__STORE_RLX(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define SCMIA__COMPILER_BARRIER() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#if defined(__GCC_HAVE_SYNC_COMPARE_AND_SWAP_4)
#define SCMIA__HAVE_RMW 1
#define SCMIA__ADD_RLX(p, v) ((void)__atomic_fetch_add((p), (v), __ATOMIC_RELAXED))
#else
#define SCMIA__HAVE_RMW 0
#endif
#else
#error "scmia's core needs the GCC or Clang atomic builtins (__atomic_*)"
#endif

static inline scmia_lock_key_t scmia__lock(struct scmia_agent *a)
{
#if SCMIA_CFG_LOCK
	if (a->osf & SCMIA_OSF_LOCK)
		return a->os->lock(a->os_ctx);
#else
	(void)a;
#endif
	/* No lock: one context only; still keep the compiler from caching
	 * state across what would be the critical section's edges. */
	SCMIA__COMPILER_BARRIER();
	return 0;
}

static inline void scmia__unlock(struct scmia_agent *a, scmia_lock_key_t key)
{
#if SCMIA_CFG_LOCK
	if (a->osf & SCMIA_OSF_LOCK) {
		a->os->unlock(a->os_ctx, key);
		return;
	}
#else
	(void)a;
#endif
	(void)key;
	SCMIA__COMPILER_BARRIER();
}

/*
 * The lock on a hot path, specialised: each hot entry point tests once
 * whether the agent has a lock op and runs a copy of its body with @lk a
 * constant, so that the copy without a lock has no call and no test at
 * each critical section's edges (the other copy calls the op directly).
 */
#if SCMIA_CFG_LOCK
#define SCMIA__HAS_LOCK(a) (((a)->osf & SCMIA_OSF_LOCK) != 0)
#else
#define SCMIA__HAS_LOCK(a) 0
#endif
/* Two copies of the fast paths (SCMIA_CFG_FAST_PATHS 2), or one that
 * tests the lock op (1), or none (0). */
#define SCMIA__TWO_COPIES (SCMIA_CFG_LOCK && SCMIA_CFG_FAST_PATHS == 2)

static inline __attribute__((always_inline)) scmia_lock_key_t
scmia__lock_k(struct scmia_agent *a, int lk)
{
#if SCMIA_CFG_LOCK
	if (lk)
		return a->os->lock(a->os_ctx);
#endif
	(void)a;
	(void)lk;
	SCMIA__COMPILER_BARRIER();
	return 0;
}

static inline __attribute__((always_inline)) void scmia__unlock_k(struct scmia_agent *a, int lk,
								 scmia_lock_key_t key)
{
#if SCMIA_CFG_LOCK
	if (lk) {
		a->os->unlock(a->os_ctx, key);
		return;
	}
#endif
	(void)a;
	(void)lk;
	(void)key;
	SCMIA__COMPILER_BARRIER();
}

#if SCMIA_CFG_COUNTERS
/* Counters changed with the lock held (or in single-context use). */
/* A relaxed atomic store: scmia_agent_counter() reads without the lock. */
#define SCMIA__CNT(a, id) SCMIA__STORE_RLX(&(a)->cnt[(id)], (a)->cnt[(id)] + 1u)
#else
#define SCMIA__CNT(a, id) ((void)(a))
#endif

#if SCMIA_CFG_LOG
static inline void scmia__log(struct scmia_agent *a, int level, const char *msg, uint32_t x,
			      uint32_t y)
{
	if (a->osf & SCMIA_OSF_LOG)
		a->os->log(a->os_ctx, level, msg, x, y);
}
#else
#define scmia__log(a, level, msg, x, y) ((void)(a))
#endif

/* What of its answer a transfer's command got (scmia_xfer.replied, bits;
 * 0 since submit, written under the lock). Only SCMIA__RP_FINAL ends a
 * command with its answer; the other two say which message of an
 * asynchronous command came, so that its put quarantines the token for
 * the one still owed and no more. */
#define SCMIA__RP_FINAL 1u /* its final reply was processed */
#define SCMIA__RP_RESP 2u  /* async: its successful response was (delayed response owed) */
#define SCMIA__RP_DRESP 4u /* async: its delayed response came first (response owed) */

#if SCMIA_CFG_RAW
/* Transfer flag (private, above the public SCMIA_XFER_F_* bits): a raw
 * command, whose replies are copied to the agent's raw queue. */
#define SCMIA_XFER_F__RAW (1u << 7)
/* Copy a fetched response / delayed response of a raw command (busy,
 * no lock held). @hdr: the header as received. */
void scmia__raw_reply(struct scmia_agent *a, struct scmia_chan *rc, struct scmia_xfer *x,
		      uint32_t hdr);
/* Copy a fetched notification (no lock held). */
void scmia__raw_notify(struct scmia_agent *a, struct scmia_chan *rc, uint32_t hdr,
		       const void *payload, uint32_t len);
/* scmia_xfer_get() on channel @c (NULL: by protocol). */
int scmia__xfer_get_on(struct scmia_agent *agent, struct scmia_chan *c, uint8_t proto_id,
		       uint8_t msg_id, uint32_t tx_len, uint32_t rx_cap, struct scmia_xfer **out);
/* scmia_xfer_submit() of a raw command (SCMIA_XFER_F__RAW set). */
int scmia__xfer_submit_raw(struct scmia_xfer *xfer, unsigned flags, scmia_xfer_cb cb, void *arg);
/* The agent's clock (virtual time without now_us). */
uint64_t scmia__now(struct scmia_agent *a);
/* The expiry half of scmia_agent_service(): no polling. */
int scmia__agent_expire(struct scmia_agent *a);
/* One polling round: the relax op, and virtual time advanced. */
void scmia__relax(struct scmia_agent *a);
#endif

/* Count @id from outside the lock. */
void scmia__core_count(struct scmia_agent *a, unsigned id);

#if SCMIA_CFG_NOTIFY
/* Run the handlers of one notification. No lock held. */
void scmia__notify_deliver(struct scmia_agent *a, struct scmia_xfer *x);
/* Give a notification slot back to its pool. Lock held. */
void scmia__notify_slot_free(struct scmia_chan *c, struct scmia_xfer *x);
#endif

/* Text @n of @list: texts each ended by its NUL, an empty text last. NULL
 * past the last (lib/error.c). */
const char *scmia__str_nth(const char *list, unsigned n);

#endif /* SCMIA_INTERNAL_H */

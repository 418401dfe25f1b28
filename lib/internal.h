/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private helpers shared by the core's translation units. Not installed.
 */
#ifndef SCMIA_INTERNAL_H
#define SCMIA_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"

/* Transfer states (struct scmia_xfer::state).
 *
 *   FREE --get--> IDLE --submit--> SENT --response--> DONE        (sync)
 *                                   |  --response--> RESP --dresp--> DONE (async)
 *                                   |  --dresp (response lost/reordered)--> DONE
 *                                   +--timeout / cancel / error--> DONE
 *   p2a pool:  FREE --notification--> QUEUED --dispatch--> FREE
 *
 * A slot goes back to FREE only when its reference count drops to zero:
 * the caller (get..put), a receive in progress and the transport
 * (scmia_xfer_hold) each hold one.
 */
enum {
	SCMIA_XS_FREE = 0,
	SCMIA_XS_IDLE,
	SCMIA_XS_SENT,
	SCMIA_XS_RESP,
	SCMIA_XS_DONE,
	SCMIA_XS_QUEUED
};

#define SCMIA_SLOT_NONE 0xffffu

static inline scmia_lock_key_t scmia__lock(struct scmia_agent *a)
{
	if (a->os && a->os->lock)
		return a->os->lock(a->os_ctx);
	/* No lock op: still keep the compiler from caching state across the
	 * critical section boundaries (an interrupt may update it). */
	atomic_signal_fence(memory_order_seq_cst);
	return 0;
}

static inline void scmia__unlock(struct scmia_agent *a, scmia_lock_key_t key)
{
	if (a->os && a->os->unlock) {
		a->os->unlock(a->os_ctx, key);
		return;
	}
	atomic_signal_fence(memory_order_seq_cst);
}

static inline void scmia__log(struct scmia_agent *a, int level, const char *msg, uint32_t x,
			      uint32_t y)
{
	if (a->os && a->os->log)
		a->os->log(a->os_ctx, level, msg, x, y);
}

/* Return a rx-pool or tx slot to its channel's free list. Lock held. */
void scmia__slot_free(struct scmia_chan *c, struct scmia_xfer *x);

#endif /* SCMIA_INTERNAL_H */

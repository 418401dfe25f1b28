/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notification handlers and dispatch. The receive entry (core.c) fills the
 * queue; this file drains it and runs handlers with no lock held.
 */
#include <string.h>

#include "internal.h"

#if SCMIA_CFG_NOTIFY

struct scmia_xfer *scmia__notify_pop(struct scmia_agent *a);
void scmia__notify_done(struct scmia_xfer *x);

uint32_t scmia_notify_src_default(void *ctx, uint32_t hdr, const void *payload, uint32_t len)
{
	uint8_t proto = scmia_hdr_proto_id(hdr);

	(void)ctx;
	/* Standard notifications start with agent_id, then the resource id
	 * (domain, clock, sensor, ...). System power and Base events carry
	 * no resource id. */
	if (proto == SCMIA_PROTO_SYSTEM || proto == SCMIA_PROTO_BASE || !payload || len < 8u)
		return SCMIA_NOTIFY_SRC_ANY;
	return scmia_get_le32((const uint8_t *)payload + 4);
}

int scmia_notify_register(struct scmia_agent *agent, struct scmia_notifier *n)
{
	struct scmia_notifier **pp;
	scmia_lock_key_t key;

	if (!agent || !n || !n->fn || !agent->state)
		return SCMIA_EINVAL;
	key = scmia__lock(agent);
	/* Append, so handlers run in registration order. */
	for (pp = &agent->notifiers; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			scmia__unlock(agent, key);
			return SCMIA_ESTATE;
		}
	}
	n->next = NULL;
	*pp = n;
	scmia__unlock(agent, key);
	return SCMIA_OK;
}

int scmia_notify_unregister(struct scmia_agent *agent, struct scmia_notifier *n)
{
	struct scmia_notifier **pp;
	scmia_lock_key_t key;

	if (!agent || !n)
		return SCMIA_EINVAL;
	key = scmia__lock(agent);
	for (pp = &agent->notifiers; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			n->next = NULL;
			scmia__unlock(agent, key);
			return SCMIA_OK;
		}
	}
	scmia__unlock(agent, key);
	return SCMIA_ENOENT;
}

/* Run every matching handler for one notification. No lock held. */
void scmia__notify_deliver(struct scmia_agent *a, struct scmia_xfer *x)
{
	struct scmia_notification n;
	struct scmia_notifier *it, *next;
	unsigned matched = 0;

	n.hdr = x->hdr;
	n.proto_id = scmia_hdr_proto_id(x->hdr);
	n.msg_id = scmia_hdr_msg_id(x->hdr);
	n.payload = x->rx_buf;
	n.len = x->rx_len;
	n.src_id = a->notify_src(a->notify_src_ctx, x->hdr, x->rx_buf, x->rx_len);

	for (it = a->notifiers; it; it = next) {
		/* A handler may unregister itself: read the link first. */
		next = it->next;
		if (it->proto_id != n.proto_id || it->evt_id != n.msg_id)
			continue;
		if (it->src_id != SCMIA_NOTIFY_SRC_ANY && it->src_id != n.src_id)
			continue;
		matched++;
		it->fn(it->ctx, &n);
	}
	if (!matched) {
		scmia_lock_key_t key = scmia__lock(a);

		SCMIA__CNT(a, SCMIA_CNT_NOTIFY_UNHANDLED);
		scmia__unlock(a, key);
	}
}

int scmia_notify_dispatch(struct scmia_agent *agent, unsigned max)
{
	struct scmia_xfer *x;
	scmia_lock_key_t key;
	struct scmia_chan *c;
	unsigned queued = 0;
	int n = 0;

	if (!agent || !agent->state)
		return SCMIA_EINVAL;
	if (!max) {
		/* "All" means those queued now: under a sustained flood the
		 * receive entry keeps queueing, and this call must end. */
		key = scmia__lock(agent);
		for (c = agent->chans; c; c = c->next)
			if (c->dir == SCMIA_CHAN_P2A)
				queued += c->nq_count;
		scmia__unlock(agent, key);
		max = queued;
	}
	while ((unsigned)n < max) {
		key = scmia__lock(agent);
		x = scmia__notify_pop(agent);
		scmia__unlock(agent, key);
		if (!x)
			break;
		scmia__notify_deliver(agent, x);
		key = scmia__lock(agent);
		scmia__notify_done(x);
		scmia__unlock(agent, key);
		n++;
	}
	return n;
}

#endif /* SCMIA_CFG_NOTIFY */

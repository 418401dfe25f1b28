/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Raw messages (include/scmia/raw.h): commands sent as bytes, their
 * replies and the notifications copied into a bounded caller-owned queue.
 *
 * The queue is a FIFO of entries linked in the order they were reserved,
 * plus a free list. A receive reserves an entry under the agent's lock,
 * copies the message without it, and marks the entry ready under the lock
 * again; scmia_raw_recv() takes the oldest ready entry that matches. A
 * full queue drops (counted): the receive path never waits for a reader.
 *
 * Compiled only with SCMIA_CFG_RAW=1.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/agent.h"
#include "scmia/error.h"
#include "scmia/header.h"
#include "scmia/raw.h"

#include "internal.h"

#if SCMIA_CFG_RAW

#define NONE 0xffffu

enum { E_FREE = 0, E_FILLING, E_READY, E_TAKEN };

static uint8_t *entry_data(const struct scmia_raw *r, unsigned i)
{
	return r->buf + (size_t)r->entry_size * i;
}

/* Reserve the FIFO's next entry. Lock held. */
static unsigned reserve_locked(struct scmia_raw *r)
{
	unsigned i = r->free_head;
	struct scmia_raw_entry *e;

	if (i == NONE) {
		r->dropped++;
		return NONE;
	}
	e = &r->ent[i];
	r->free_head = e->next;
	e->next = NONE;
	e->state = E_FILLING;
	e->trunc = 0;
	e->result = 0;
	e->len = 0;
	if (r->tail == NONE)
		r->head = (uint16_t)i;
	else
		r->ent[r->tail].next = (uint16_t)i;
	r->tail = (uint16_t)i;
	r->n_filling++;
	return i;
}

/* The copy into entry @i is complete. Lock not held. */
static void commit(struct scmia_agent *a, struct scmia_raw *r, unsigned i)
{
	scmia_lock_key_t key = scmia__lock(a);
	void *obj = r->wait_obj;

	r->ent[i].state = E_READY;
	r->queued++;
	r->n_filling--;
	scmia__unlock(a, key);
	if (obj && a->os->signal)
		a->os->signal(a->os_ctx, obj);
}

/* Queue one message: @hdr, then @pre (4 bytes: the status) if not NULL,
 * then @len bytes of @payload. Lock not held. */
static void report(struct scmia_agent *a, struct scmia_raw *r, unsigned kind,
		   struct scmia_chan *chan, uint32_t hdr, const int32_t *status,
		   const void *payload, uint32_t len, int result)
{
	scmia_lock_key_t key;
	struct scmia_raw_entry *e;
	uint32_t room, at = 0;
	uint8_t *d;
	unsigned i;

	key = scmia__lock(a);
	i = reserve_locked(r);
	scmia__unlock(a, key);
	if (i == NONE)
		return;
	e = &r->ent[i];
	d = entry_data(r, i);
	room = r->entry_size;
	e->hdr = hdr;
	e->kind = (uint8_t)kind;
	e->chan = chan;
	e->result = result;
	if (status) {
		scmia_put_le32(d, (uint32_t)*status);
		at = 4;
	}
	if (len > room - at) {
		len = room - at;
		e->trunc = 1;
	}
	if (len)
		memcpy(d + at, payload, len);
	e->len = at + len;
	commit(a, r, i);
}

void scmia__raw_reply(struct scmia_agent *a, struct scmia_chan *rc, struct scmia_xfer *x,
		      uint32_t hdr)
{
	/* A raw command is out, so the queue stays attached (detach waits
	 * for n_out == 0). */
	struct scmia_raw *r = a->raw;
	unsigned kind = scmia_hdr_type(hdr) == SCMIA_MSG_TYPE_COMMAND ? SCMIA_RAW_RESPONSE
								      : SCMIA_RAW_DELAYED;

	if (!r)
		return;
	report(a, r, kind, rc, hdr, &x->status, x->rx_buf, x->rx_len, 0);
}

void scmia__raw_notify(struct scmia_agent *a, struct scmia_chan *rc, uint32_t hdr,
		       const void *payload, uint32_t len)
{
	scmia_lock_key_t key;
	struct scmia_raw *r;
	unsigned i;

	/* Reserve under the lock that detach takes: the queue cannot go away
	 * while n_filling counts this copy. */
	key = scmia__lock(a);
	r = a->raw;
	if (!r || !(r->flags & SCMIA_RAW_F_NOTIFICATIONS)) {
		scmia__unlock(a, key);
		return;
	}
	i = reserve_locked(r);
	scmia__unlock(a, key);
	if (i == NONE)
		return;
	{
		struct scmia_raw_entry *e = &r->ent[i];

		if (len > r->entry_size) {
			len = r->entry_size;
			e->trunc = 1;
		}
		e->hdr = hdr;
		e->kind = SCMIA_RAW_NOTIFICATION;
		e->chan = rc;
		if (len)
			memcpy(entry_data(r, i), payload, len);
		e->len = len;
	}
	commit(a, r, i);
}

/* Completion of a raw command (the core's non-blocking callback). */
static void raw_done(void *arg, struct scmia_xfer *x, int result)
{
	struct scmia_raw *r = arg;
	struct scmia_agent *a = r->agent;
	int polled = (scmia_xfer_flags(x) & SCMIA_XFER_F_POLL) != 0;
	scmia_lock_key_t key;

	/* Ended without the reply it waited for (its replies, if any, are
	 * queued already): say why. A reply with a failure status is in the
	 * queue with that status and needs no error entry. */
	if (!(x->replied & SCMIA__RP_FINAL) && result != SCMIA_OK && !scmia_err_is_scmi(result) &&
	    result != SCMIA_EMALFORMED)
		report(a, r, SCMIA_RAW_ERROR, x->chan, x->hdr, NULL, NULL, 0, result);
	(void)scmia_xfer_put(x);
	key = scmia__lock(a);
	if (polled)
		r->n_polled--;
	r->n_out--; /* last touch of @r: detach may proceed */
	scmia__unlock(a, key);
}

int scmia_raw_attach(struct scmia_raw *raw, struct scmia_agent *agent,
		     const struct scmia_raw_cfg *cfg)
{
	scmia_lock_key_t key;
	unsigned i;

	if (!raw || !agent || !agent->state || !cfg || !cfg->entries || !cfg->buf ||
	    !cfg->n_entries || cfg->n_entries >= NONE || cfg->entry_size < 8 ||
	    (cfg->flags & ~SCMIA_RAW_F_NOTIFICATIONS))
		return SCMIA_EINVAL;
	memset(raw, 0, sizeof(*raw));
	raw->agent = agent;
	raw->ent = cfg->entries;
	raw->buf = cfg->buf;
	raw->entry_size = cfg->entry_size;
	raw->n = cfg->n_entries;
	raw->flags = (uint8_t)cfg->flags;
	raw->wait_obj = (agent->osf & SCMIA_OSF_WAIT) ? cfg->wait_obj : NULL;
	raw->head = raw->tail = NONE;
	for (i = 0; i < raw->n; i++) {
		raw->ent[i].state = E_FREE;
		raw->ent[i].next = (uint16_t)(i + 1u < raw->n ? i + 1u : NONE);
	}
	raw->free_head = 0;
	key = scmia__lock(agent);
	if (agent->raw) {
		scmia__unlock(agent, key);
		return SCMIA_ESTATE;
	}
	raw->attached = 1;
	agent->raw = raw;
	scmia__unlock(agent, key);
	return SCMIA_OK;
}

int scmia_raw_detach(struct scmia_raw *raw)
{
	struct scmia_agent *a;
	scmia_lock_key_t key;

	if (!raw || !raw->attached)
		return SCMIA_EINVAL;
	a = raw->agent;
	key = scmia__lock(a);
	if (raw->n_out || raw->n_filling) {
		scmia__unlock(a, key);
		return SCMIA_EBUSY;
	}
	a->raw = NULL;
	raw->attached = 0;
	scmia__unlock(a, key);
	return SCMIA_OK;
}

int scmia_raw_send(struct scmia_raw *raw, struct scmia_chan *chan, const void *msg, uint32_t len,
		   unsigned flags, uint32_t *hdr_sent)
{
	struct scmia_agent *a;
	struct scmia_xfer *x;
	scmia_lock_key_t key;
	unsigned xflags = 0;
	uint32_t hdr;
	int polled, ret;

	if (!raw || !raw->attached || !msg || len < 4 ||
	    (flags & ~(SCMIA_RAW_SEND_ASYNC | SCMIA_RAW_SEND_POLL)))
		return SCMIA_EINVAL;
	a = raw->agent;
	hdr = scmia_get_le32(msg);
	if (scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_COMMAND)
		return SCMIA_EINVAL;
	ret = scmia__xfer_get_on(a, chan, scmia_hdr_proto_id(hdr), scmia_hdr_msg_id(hdr), len - 4u,
				 0, &x);
	if (ret)
		return ret;
	if (len > 4u)
		memcpy(x->tx_buf, (const uint8_t *)msg + 4, len - 4u);
	if (flags & SCMIA_RAW_SEND_ASYNC)
		xflags |= SCMIA_XFER_F_ASYNC;
	if (flags & SCMIA_RAW_SEND_POLL)
		xflags |= SCMIA_XFER_F_POLL;
	/* As the core decides: a polling channel polls every command. */
	polled = (flags & SCMIA_RAW_SEND_POLL) || x->chan->mode == SCMIA_COMPLETION_POLL;
	hdr = x->hdr; /* the callback may put @x before submit returns */
	key = scmia__lock(a);
	raw->n_out++;
	if (polled)
		raw->n_polled++;
	scmia__unlock(a, key);
	ret = scmia__xfer_submit_raw(x, xflags, raw_done, raw);
	if (ret) {
		key = scmia__lock(a);
		raw->n_out--;
		if (polled)
			raw->n_polled--;
		scmia__unlock(a, key);
		(void)scmia_xfer_put(x);
		return ret;
	}
	if (hdr_sent)
		*hdr_sent = hdr;
	return SCMIA_OK;
}

/* Take the oldest ready entry matching; E_TAKEN, off the FIFO. Lock held. */
static unsigned take_locked(struct scmia_raw *r, unsigned kinds, int token)
{
	unsigned prev = NONE, i;

	for (i = r->head; i != NONE; prev = i, i = r->ent[i].next) {
		const struct scmia_raw_entry *e = &r->ent[i];

		if (e->state != E_READY || !(kinds & (1u << e->kind)))
			continue;
		if (token >= 0 && scmia_hdr_token(e->hdr) != (uint32_t)token)
			continue;
		if (prev == NONE)
			r->head = e->next;
		else
			r->ent[prev].next = e->next;
		if (r->tail == i)
			r->tail = (uint16_t)prev;
		r->ent[i].state = E_TAKEN;
		return i;
	}
	return NONE;
}

int scmia_raw_recv(struct scmia_raw *raw, unsigned kinds, int token, void *buf, uint32_t cap,
		   uint32_t *len, unsigned *kind, int *result, uint32_t timeout_us)
{
	struct scmia_agent *a;
	scmia_lock_key_t key;
	uint64_t now, deadline;
	unsigned i;

	if (!raw || !raw->attached || !len || (!buf && cap) || !(kinds & SCMIA_RAW_ANY) ||
	    token >= (int)SCMIA_TOKEN_SPACE || token < SCMIA_RAW_TOKEN_ANY)
		return SCMIA_EINVAL;
	a = raw->agent;
	now = scmia__now(a);
	deadline = now + timeout_us;
	for (;;) {
		key = scmia__lock(a);
		i = take_locked(raw, kinds, token);
		if (i == NONE) {
			unsigned polled = raw->n_polled;

			scmia__unlock(a, key);
			if (!timeout_us || now >= deadline)
				return SCMIA_EAGAIN;
			/* Run what the queue may be waiting for: the expiry of
			 * overdue raw commands (their error entries), and when
			 * some poll or nothing signals the queue, the polling
			 * (polled commands, p2a channels). An interrupt-driven
			 * host with a wait object is not polled behind its
			 * back: a poll racing its interrupt handler would only
			 * make one of them find nothing. */
			if (polled || !raw->wait_obj)
				(void)scmia_agent_service(a);
			else
				(void)scmia__agent_expire(a);
			key = scmia__lock(a);
			i = take_locked(raw, kinds, token);
			scmia__unlock(a, key);
			if (i == NONE) {
				if (raw->wait_obj && !polled) {
					uint64_t left = deadline - now;

					/* Wake for expiry too: at most 1 ms. */
					(void)a->os->wait(a->os_ctx, raw->wait_obj,
							  left > 1000u ? 1000u : (uint32_t)left);
				} else {
					scmia__relax(a);
				}
				now = scmia__now(a);
				continue;
			}
		} else {
			scmia__unlock(a, key);
		}
		break;
	}
	{
		struct scmia_raw_entry *e = &raw->ent[i];
		const uint8_t *d = entry_data(raw, i);
		uint32_t n = 0, body = e->len;
		int cut = e->trunc;
		uint8_t hb[4];

		scmia_put_le32(hb, e->hdr);
		n = cap < 4u ? cap : 4u;
		if (n)
			memcpy(buf, hb, n);
		if (cap < 4u || body > cap - 4u) {
			cut = 1;
			body = cap < 4u ? 0 : cap - 4u;
		}
		if (body)
			memcpy((uint8_t *)buf + 4, d, body);
		*len = n + body;
		if (kind)
			*kind = e->kind;
		if (result) {
			if (e->kind == SCMIA_RAW_ERROR)
				*result = e->result;
			else if (e->kind == SCMIA_RAW_NOTIFICATION)
				*result = 0;
			else
				*result = scmia_err_from_status((int32_t)scmia_get_le32(d));
		}
		key = scmia__lock(a);
		e->state = E_FREE;
		e->next = raw->free_head;
		raw->free_head = (uint16_t)i;
		scmia__unlock(a, key);
		return cut ? SCMIA_ENOSPC : SCMIA_OK;
	}
}

int scmia_raw_stats(struct scmia_raw *raw, uint32_t *queued, uint32_t *dropped,
		    uint32_t *pending)
{
	scmia_lock_key_t key;
	uint32_t n = 0;
	unsigned i;

	if (!raw || !raw->attached)
		return SCMIA_EINVAL;
	key = scmia__lock(raw->agent);
	for (i = raw->head; i != NONE; i = raw->ent[i].next)
		n += raw->ent[i].state == E_READY;
	if (queued)
		*queued = raw->queued;
	if (dropped)
		*dropped = raw->dropped;
	scmia__unlock(raw->agent, key);
	if (pending)
		*pending = n;
	return SCMIA_OK;
}

#else /* !SCMIA_CFG_RAW */

int scmia_raw_attach(struct scmia_raw *raw, struct scmia_agent *agent,
		     const struct scmia_raw_cfg *cfg)
{
	(void)raw;
	(void)agent;
	(void)cfg;
	return SCMIA_ENOTSUP;
}

int scmia_raw_detach(struct scmia_raw *raw)
{
	(void)raw;
	return SCMIA_ENOTSUP;
}

int scmia_raw_send(struct scmia_raw *raw, struct scmia_chan *chan, const void *msg, uint32_t len,
		   unsigned flags, uint32_t *hdr_sent)
{
	(void)raw;
	(void)chan;
	(void)msg;
	(void)len;
	(void)flags;
	(void)hdr_sent;
	return SCMIA_ENOTSUP;
}

int scmia_raw_recv(struct scmia_raw *raw, unsigned kinds, int token, void *buf, uint32_t cap,
		   uint32_t *len, unsigned *kind, int *result, uint32_t timeout_us)
{
	(void)raw;
	(void)kinds;
	(void)token;
	(void)buf;
	(void)cap;
	(void)len;
	(void)kind;
	(void)result;
	(void)timeout_us;
	return SCMIA_ENOTSUP;
}

int scmia_raw_stats(struct scmia_raw *raw, uint32_t *queued, uint32_t *dropped,
		    uint32_t *pending)
{
	(void)raw;
	(void)queued;
	(void)dropped;
	(void)pending;
	return SCMIA_ENOTSUP;
}

#endif /* SCMIA_CFG_RAW */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transfer engine: agents, channels, slots, tokens, the receive entry
 * and the SENT -> RESP -> DRESP state machine.
 *
 * Data flow of a synchronous command:
 *
 *   scmia_xfer_get()   pop a slot from the channel's free list
 *   scmia_xfer_do()    xfer_submit(): token, SENT, re-arm wait, send()
 *                      xfer_wait():   OS wait / poll_done / state spin
 *   scmia_rx()         rx_reply(): token -> slot, validate, fetch, complete
 *   scmia_xfer_put()   release the token (stale if no reply), free the slot
 *
 * Locking: one lock per agent (the OS lock op), held only for bookkeeping,
 * never across a transport op or a user callback. Receive processing of
 * one transfer is exclusive (rx_busy); a second message for a busy transfer
 * is handed to the holder (deferred), never waited for: on one core the
 * second receive may be an interrupt that preempted the first.
 */
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static unsigned scmia__ctz32(uint32_t v)
{
#if defined(__GNUC__) || defined(__clang__)
	return (unsigned)__builtin_ctz(v);
#else
	unsigned n = 0;

	while (!(v & 1u)) {
		v >>= 1;
		n++;
	}
	return n;
#endif
}

static unsigned scmia__popcount32(uint32_t v)
{
#if defined(__GNUC__) || defined(__clang__)
	return (unsigned)__builtin_popcount(v);
#else
	unsigned n = 0;

	for (; v; v &= v - 1u)
		n++;
	return n;
#endif
}

static uint64_t clock_now(struct scmia_agent *a)
{
	if (a->os && a->os->now_us)
		return a->os->now_us(a->os_ctx);
	return a->vtime;
}

static void clock_relax(struct scmia_agent *a)
{
	if (a->os && a->os->relax)
		a->os->relax(a->os_ctx);
	if (!a->os || !a->os->now_us)
		a->vtime += SCMIA_NOCLOCK_POLL_STEP_US;
}

/* 64-bit microseconds never wrap in practice; UINT64_MAX is the
 * "clock not started yet" deadline (between submit and the doorbell). */
static int time_reached(uint64_t now, uint64_t deadline)
{
	return now >= deadline;
}

static void signal_waiter(struct scmia_agent *a, struct scmia_xfer *x)
{
	if (x->wait_obj && !x->cb && a->os && a->os->signal)
		a->os->signal(a->os_ctx, x->wait_obj);
}

static void count_status(struct scmia_agent *a, int32_t status)
{
	if (status < 0 && status >= SCMIA_SCMI_STATUS_MIN) {
		a->cnt[SCMIA_CNT_STATUS_ERRORS]++;
		a->cnt[(unsigned)SCMIA_CNT_STATUS_FIRST + (unsigned)(-status) - 1u]++;
	}
}

static void count_fetch_error(struct scmia_agent *a, int err)
{
	if (err == SCMIA_EMALFORMED || err == SCMIA_ETOOSHORT || err == SCMIA_EPROTO)
		a->cnt[SCMIA_CNT_MALFORMED]++;
	else
		a->cnt[SCMIA_CNT_RX_ERRORS]++;
}

/* ------------------------------------------------------------------ */
/* Tokens: a two-level bitmap over the 1024-token space                */
/* ------------------------------------------------------------------ */
/*
 * inflight[w] bit b set  <=> token 32w+b is held by a transfer (from submit
 * until put). inflight_sum bit w set <=> word w is full. Finding the next
 * free token after the last one issued takes at most two ctz steps, whatever
 * the number in flight (flat cost from 1 to 1023).
 *
 *   last issued           next search starts here, wraps at 1023 -> 0
 *        v                 v
 *   ... [x][x][ ][x][ ][ ][ ] ...      x = in flight (skipped)
 *
 * A token whose transfer ended without its reply (timeout, cancel) is
 * marked stale: it goes back to the free map, so it is reissued only when
 * the allocator has come round the whole space, and a late reply to it is
 * recognised (counted LATE_REPLIES), never matched to a newer command.
 */
static int token_alloc(struct scmia_chan *c)
{
	unsigned start = (c->last_token + 1u) & (SCMIA_TOKEN_SPACE - 1u);
	unsigned w = start >> 5;
	uint32_t m = ~c->inflight[w] & (0xffffffffu << (start & 31u));

	if (!m) {
		uint32_t nf = ~c->inflight_sum;
		uint32_t hi = (w == 31u) ? 0u : (nf & (0xffffffffu << (w + 1u)));

		if (hi)
			w = scmia__ctz32(hi);
		else if (nf)
			w = scmia__ctz32(nf); /* wrapped (may be w itself, below start) */
		else
			return -1;
		m = ~c->inflight[w];
	}
	unsigned t = (w << 5) | scmia__ctz32(m);

	c->inflight[w] |= 1u << (t & 31u);
	if (c->inflight[w] == 0xffffffffu)
		c->inflight_sum |= 1u << w;
	c->stale[w] &= ~(1u << (t & 31u));
	c->last_token = (uint16_t)t;
	return (int)t;
}

static void token_release(struct scmia_chan *c, unsigned t, int stale)
{
	unsigned w = t >> 5;
	uint32_t bit = 1u << (t & 31u);

	c->inflight[w] &= ~bit;
	c->inflight_sum &= ~(1u << w);
	if (stale)
		c->stale[w] |= bit;
}

static int token_inflight(const struct scmia_chan *c, unsigned t)
{
	return (c->inflight[t >> 5] >> (t & 31u)) & 1u;
}

static int token_stale(const struct scmia_chan *c, unsigned t)
{
	return (c->stale[t >> 5] >> (t & 31u)) & 1u;
}

/* ------------------------------------------------------------------ */
/* Slots                                                               */
/* ------------------------------------------------------------------ */

void scmia__slot_free(struct scmia_chan *c, struct scmia_xfer *x)
{
	x->state = SCMIA_XS_FREE;
	x->next_free = c->free_head;
	c->free_head = x->index;
	c->n_free++;
}

static struct scmia_xfer *slot_pop(struct scmia_chan *c)
{
	struct scmia_xfer *x;

	if (c->free_head == SCMIA_SLOT_NONE)
		return NULL;
	x = &c->xfers[c->free_head];
	c->free_head = x->next_free;
	c->n_free--;
	return x;
}

/* Drop one reference; the slot returns to the pool when nobody holds it. */
static void ref_drop(struct scmia_chan *c, struct scmia_xfer *x)
{
	if (x->refs)
		x->refs--;
	if (!x->refs && !x->owned && x->state != SCMIA_XS_FREE)
		scmia__slot_free(c, x);
}

/* ------------------------------------------------------------------ */
/* Completion bookkeeping                                              */
/* ------------------------------------------------------------------ */

/* What has to happen after the lock is dropped. */
struct post {
	struct scmia_xfer *x;
	int txdone;  /* call mark_txdone(ret) */
	int txret;
	int signal;  /* wake a blocking waiter */
	int cb;      /* run the completion callback with result */
	int result;
};

/* End a transfer in flight. Lock held. */
static void finish_locked(struct scmia_chan *c, struct scmia_xfer *x, int result, struct post *p)
{
	x->state = SCMIA_XS_DONE;
	x->result = result;
	if (!x->txdone) {
		x->txdone = 1;
		p->txdone = 1;
		p->txret = result;
	}
	if (x->cb_pending) {
		x->cb_pending = 0;
		c->n_cb_pending--;
		p->cb = 1;
	}
	p->signal = 1;
	p->result = result;
	p->x = x;
}

static void post_run(struct scmia_agent *a, struct scmia_chan *c, struct post *p)
{
	struct scmia_xfer *x = p->x;

	if (!x)
		return;
	if (p->txdone && a->transport->ops->mark_txdone)
		a->transport->ops->mark_txdone(a->tctx, c, p->txret, x);
	if (p->cb)
		x->cb(x->cb_arg, x, p->result);
	else if (p->signal)
		signal_waiter(a, x);
}

/* ------------------------------------------------------------------ */
/* Receive of responses and delayed responses                          */
/* ------------------------------------------------------------------ */

enum verdict { V_OK, V_LATE, V_INVALID, V_IGNORE };

/* Is a message of @type acceptable for @x now? Lock held. */
static enum verdict validate_locked(const struct scmia_xfer *x, uint32_t type)
{
	if (type == SCMIA_MSG_TYPE_COMMAND) {
		if (x->state == SCMIA_XS_SENT)
			return V_OK;
	} else {
		if (!(x->flags & SCMIA_XFER_F_ASYNC))
			return V_INVALID; /* delayed response for a synchronous command */
		if (x->state == SCMIA_XS_SENT || x->state == SCMIA_XS_RESP)
			return V_OK;
	}
	if (x->state == SCMIA_XS_DONE && !x->replied && x->result == SCMIA_ETIMEDOUT)
		return V_LATE;
	return V_INVALID;
}

static void count_verdict(struct scmia_agent *a, enum verdict v)
{
	if (v == V_LATE)
		a->cnt[SCMIA_CNT_LATE_REPLIES]++;
	else if (v == V_INVALID)
		a->cnt[SCMIA_CNT_INVALID_STATE]++;
}

/*
 * Apply a fetched message to its transfer. Lock held. The state may have
 * changed while the lock was dropped for the fetch (timeout, cancel), so
 * it is validated again.
 */
static void apply_locked(struct scmia_agent *a, struct scmia_chan *c, struct scmia_xfer *x,
			 uint32_t type, int fetch_ret, uint64_t now, struct post *p)
{
	enum verdict v = validate_locked(x, type);
	int err;

	if (v != V_OK) {
		count_verdict(a, v);
		return;
	}
	if (fetch_ret) {
		count_fetch_error(a, fetch_ret);
		x->replied = 1;
		finish_locked(c, x, fetch_ret, p);
		return;
	}
	err = scmia_err_from_status(x->status);
	if (err == SCMIA_EMALFORMED)
		a->cnt[SCMIA_CNT_MALFORMED]++;
	else
		count_status(a, x->status);

	if (type == SCMIA_MSG_TYPE_COMMAND) {
		a->cnt[SCMIA_CNT_REPLIES]++;
		if ((x->flags & SCMIA_XFER_F_ASYNC) && err == SCMIA_OK) {
			/* Response OK: now wait for the delayed response. */
			x->state = SCMIA_XS_RESP;
			x->deadline = now + c->dresp_timeout_us;
			if (x->cb_pending && x->deadline < c->next_expiry)
				c->next_expiry = x->deadline;
			x->txdone = 1;
			p->x = x;
			p->txdone = 1;
			p->txret = 0;
			p->signal = 1;
			return;
		}
		x->replied = 1;
		finish_locked(c, x, err, p);
		return;
	}
	/* Delayed response. Arriving while still SENT means the response was
	 * lost or overtaken: the command was accepted (SUCCESS), and the
	 * delayed response ends the transfer. */
	a->cnt[SCMIA_CNT_DELAYED_REPLIES]++;
	if (x->state == SCMIA_XS_SENT)
		a->cnt[SCMIA_CNT_REORDERED]++;
	x->replied = 1;
	finish_locked(c, x, err, p);
}

static void drop_msg(struct scmia_agent *a, struct scmia_chan *rc, void *cookie)
{
	if (a->transport->ops->clear_channel)
		a->transport->ops->clear_channel(a->tctx, rc, cookie);
}

/*
 * Process a response / delayed response that arrived on @rc for a token of
 * a2p channel @c. @polled is the transfer a poller / completion-on-return
 * path fetches for (no deferral, no counting: it only helps its own xfer).
 */
static int rx_reply(struct scmia_chan *rc, struct scmia_chan *c, uint32_t hdr, void *cookie,
		    struct scmia_xfer *polled, int *expire)
{
	struct scmia_agent *a = c->agent;
	const struct scmia_transport_ops *ops = a->transport->ops;
	uint32_t type = scmia_hdr_type(hdr);
	unsigned token = scmia_hdr_token(hdr);
	struct scmia_chan *cur_rc = rc;
	void *cur_cookie = cookie;
	int deferred_msg = 0;
	struct scmia_xfer *x;
	scmia_lock_key_t key;
	enum verdict v;
	int ret = SCMIA_OK;
	int next;

	key = scmia__lock(a);
	*expire = c->n_cb_pending != 0;
	if (polled) {
		x = polled;
		if (x->rx_busy || x->state != SCMIA_XS_SENT) {
			scmia__unlock(a, key);
			return SCMIA_OK; /* someone else got it */
		}
	} else {
		if (rc->state != SCMIA_CHS_OPEN || c->state != SCMIA_CHS_OPEN) {
			a->cnt[SCMIA_CNT_RX_ERRORS]++;
			scmia__unlock(a, key);
			return SCMIA_ESTATE;
		}
		if (!token_inflight(c, token)) {
			if (token_stale(c, token)) {
				a->cnt[SCMIA_CNT_LATE_REPLIES]++;
			} else {
				a->cnt[SCMIA_CNT_UNEXPECTED_TOKEN]++;
			}
			scmia__unlock(a, key);
			scmia__log(a, SCMIA_LOG_WARN, "scmia: reply for no transfer", hdr, 0);
			drop_msg(a, rc, cookie);
			return SCMIA_EUNEXPECTED;
		}
		x = &c->xfers[c->tok2slot[token]];
		if (!scmia_hdr_same_msg(hdr, x->hdr)) {
			/* Token in flight but protocol or message id differ: never
			 * deliver it to a caller that asked something else. */
			a->cnt[SCMIA_CNT_MALFORMED]++;
			scmia__unlock(a, key);
			drop_msg(a, rc, cookie);
			return SCMIA_EMALFORMED;
		}
		if (x->rx_busy) {
			if (x->def_pending) {
				/* A third message while two are being handled
				 * cannot be valid (at most a response and a
				 * delayed response exist). */
				a->cnt[SCMIA_CNT_INVALID_STATE]++;
				scmia__unlock(a, key);
				drop_msg(a, rc, cookie);
				return SCMIA_EUNEXPECTED;
			}
			x->def_pending = 1;
			x->def_hdr = hdr;
			x->def_cookie = cookie;
			x->def_chan = rc;
			a->cnt[SCMIA_CNT_DEFERRED]++;
			scmia__unlock(a, key);
			return SCMIA_RX_DEFERRED;
		}
		v = validate_locked(x, type);
		if (v != V_OK) {
			count_verdict(a, v);
			scmia__unlock(a, key);
			drop_msg(a, rc, cookie);
			return SCMIA_EUNEXPECTED;
		}
	}
	x->rx_busy = 1;
	x->refs++;
	scmia__unlock(a, key);

	for (;;) {
		struct post p = { 0 };
		uint64_t now = 0;
		int fr;

		x->rx_len = 0;
		fr = ops->fetch_response(a->tctx, cur_rc, x, cur_cookie);
		if (type == SCMIA_MSG_TYPE_COMMAND && (x->flags & SCMIA_XFER_F_ASYNC))
			now = clock_now(a);

		key = scmia__lock(a);
		apply_locked(a, c, x, type, fr, now, &p);
		scmia__unlock(a, key);
		if (fr && !deferred_msg)
			ret = fr;
		post_run(a, c, &p);
		if (deferred_msg && ops->rx_release)
			ops->rx_release(a->tctx, cur_rc, cur_cookie);

		/* Hand-over: process a message another receive left us. */
		key = scmia__lock(a);
		next = 0;
		while (x->def_pending) {
			struct scmia_chan *drc = x->def_chan;
			void *dck = x->def_cookie;
			uint32_t dh = x->def_hdr;

			x->def_pending = 0;
			v = validate_locked(x, scmia_hdr_type(dh));
			if (v == V_OK) {
				hdr = dh;
				type = scmia_hdr_type(dh);
				cur_rc = drc;
				cur_cookie = dck;
				next = 1;
				break;
			}
			count_verdict(a, v);
			scmia__unlock(a, key);
			if (ops->rx_release)
				ops->rx_release(a->tctx, drc, dck);
			key = scmia__lock(a);
		}
		if (next) {
			scmia__unlock(a, key);
			deferred_msg = 1;
			continue;
		}
		x->rx_busy = 0;
		ref_drop(c, x);
		scmia__unlock(a, key);
		break;
	}
	return ret;
}

/* ------------------------------------------------------------------ */
/* Expiry of non-blocking transfers                                    */
/* ------------------------------------------------------------------ */

static int chan_expire(struct scmia_chan *c, uint64_t now)
{
	struct scmia_agent *a = c->agent;
	struct scmia_xfer *list = NULL, **tail = &list, *x;
	uint64_t next = UINT64_MAX;
	scmia_lock_key_t key;
	int n = 0;

	key = scmia__lock(a);
	if (!c->n_cb_pending || !time_reached(now, c->next_expiry) || c->dir != SCMIA_CHAN_A2P) {
		scmia__unlock(a, key);
		return 0;
	}
	for (unsigned i = 0; i < c->max_msg; i++) {
		x = &c->xfers[i];
		if (!x->cb_pending ||
		    (x->state != SCMIA_XS_SENT && x->state != SCMIA_XS_RESP))
			continue;
		/* A receive is fetching its reply: it completes it; if that
		 * reply turns out invalid, the next scan expires it. */
		if (time_reached(now, x->deadline) && !x->rx_busy) {
			x->state = SCMIA_XS_DONE;
			x->result = SCMIA_ETIMEDOUT;
			x->cb_pending = 0;
			c->n_cb_pending--;
			a->cnt[SCMIA_CNT_TIMEOUTS]++;
			x->qnext = NULL;
			*tail = x;
			tail = &x->qnext;
			n++;
		} else if (x->deadline < next) {
			next = x->deadline; /* includes busy ones already due */
		}
	}
	c->next_expiry = next;
	scmia__unlock(a, key);

	while (list) {
		struct scmia_xfer *nx = list->qnext;
		int txd;

		key = scmia__lock(a);
		txd = !list->txdone;
		list->txdone = 1;
		scmia__unlock(a, key);
		if (txd && a->transport->ops->mark_txdone)
			a->transport->ops->mark_txdone(a->tctx, c, SCMIA_ETIMEDOUT, list);
		list->cb(list->cb_arg, list, SCMIA_ETIMEDOUT);
		list = nx;
	}
	return n;
}

/* Non-blocking transfers that poll have no waiter to call poll_done:
 * the service call does it for them. */
static void chan_poll_pending(struct scmia_chan *c)
{
	struct scmia_agent *a = c->agent;
	const struct scmia_transport_ops *ops = a->transport->ops;
	scmia_lock_key_t key;
	int expire;

	if (!ops->poll_done)
		return;
	for (unsigned i = 0; i < c->max_msg; i++) {
		struct scmia_xfer *x = &c->xfers[i];
		int cand;

		key = scmia__lock(a);
		cand = c->state == SCMIA_CHS_OPEN && x->cb_pending && x->state == SCMIA_XS_SENT &&
		       !x->rx_busy &&
		       (c->mode == SCMIA_COMPLETION_POLL || (x->flags & SCMIA_XFER_F_POLL));
		scmia__unlock(a, key);
		if (cand && ops->poll_done(a->tctx, c, x) > 0)
			(void)rx_reply(c, c, x->hdr, NULL, x, &expire);
	}
}

int scmia_agent_service_at(struct scmia_agent *agent, uint64_t now_us)
{
	struct scmia_chan *c;
	scmia_lock_key_t key;
	int n = 0;

	if (!agent || !agent->state)
		return SCMIA_EINVAL;
	if (!agent->os || !agent->os->now_us) {
		/* No clock op: the host's time drives the virtual clock. */
		key = scmia__lock(agent);
		if (now_us > agent->vtime)
			agent->vtime = now_us;
		scmia__unlock(agent, key);
	}
	for (c = agent->chans; c; c = c->next) {
		if (c->dir == SCMIA_CHAN_A2P)
			chan_poll_pending(c);
		else if (agent->transport->ops->rx_poll)
			/* bounded: at most one pool's worth per channel and call */
			for (unsigned k = 0;
			     k < c->max_msg && agent->transport->ops->rx_poll(agent->tctx, c) > 0; k++)
				;
	}
	now_us = clock_now(agent);
	for (;;) {
		struct scmia_chan *due = NULL;

		/* Find one channel with something due, under the lock; expire
		 * it without the lock (callbacks run), then look again. */
		key = scmia__lock(agent);
		for (c = agent->chans; c; c = c->next) {
			if (c->dir == SCMIA_CHAN_A2P && c->n_cb_pending &&
			    time_reached(now_us, c->next_expiry)) {
				due = c;
				break;
			}
		}
		scmia__unlock(agent, key);
		if (!due)
			break;
		int k = chan_expire(due, now_us);

		if (k <= 0)
			break;
		n += k;
	}
	return n;
}

int scmia_agent_service(struct scmia_agent *agent)
{
	if (!agent || !agent->state)
		return SCMIA_EINVAL;
	return scmia_agent_service_at(agent, clock_now(agent));
}

/* ------------------------------------------------------------------ */
/* Notifications (receive side; dispatch lives in notify.c)            */
/* ------------------------------------------------------------------ */

void scmia__notify_deliver(struct scmia_agent *a, struct scmia_xfer *x);

static int rx_notification(struct scmia_chan *rc, uint32_t hdr, void *cookie, int *expire)
{
	struct scmia_agent *a = rc->agent;
	const struct scmia_transport_ops *ops = a->transport->ops;
	uint8_t proto = scmia_hdr_proto_id(hdr);
	struct scmia_xfer *x, *q;
	scmia_lock_key_t key;
	unsigned queued = 0;
	int ret;

	key = scmia__lock(a);
	*expire = rc->peer && rc->peer->n_cb_pending;
	if (rc->state != SCMIA_CHS_OPEN) {
		a->cnt[SCMIA_CNT_RX_ERRORS]++;
		scmia__unlock(a, key);
		return SCMIA_ESTATE;
	}
	/* Per-protocol quota: a flood on one protocol must leave room for
	 * the others sharing this pool. */
	for (q = a->nq_head; q; q = q->qnext)
		if (q->chan == rc && scmia_hdr_proto_id(q->hdr) == proto)
			queued++;
	x = (queued < a->notify_quota || rc->proto_id) ? slot_pop(rc) : NULL;
	if (!x) {
		a->cnt[SCMIA_CNT_NOTIFY_DROPS]++;
		scmia__unlock(a, key);
		drop_msg(a, rc, cookie);
		return SCMIA_ENOSPC;
	}
	x->refs = 1;
	x->state = SCMIA_XS_QUEUED;
	scmia__unlock(a, key);

	x->hdr = hdr;
	x->rx_len = 0;
	ret = ops->fetch_notification(a->tctx, rc, x, rc->msg_size, cookie);
	if (ret) {
		key = scmia__lock(a);
		count_fetch_error(a, ret);
		x->refs = 0;
		scmia__slot_free(rc, x);
		scmia__unlock(a, key);
		return ret;
	}
	if (x->rx_len > x->rx_cap)
		x->rx_len = x->rx_cap; /* never trust a transport's length either */

	key = scmia__lock(a);
	if (rc->state != SCMIA_CHS_OPEN) {
		/* Closed while we fetched: its pool is going away. */
		a->cnt[SCMIA_CNT_RX_ERRORS]++;
		x->refs = 0;
		scmia__slot_free(rc, x);
		scmia__unlock(a, key);
		return SCMIA_ESTATE;
	}
	a->cnt[SCMIA_CNT_NOTIFICATIONS]++;
	if (a->flags & SCMIA_AGENT_F_NOTIFY_IMMEDIATE) {
		scmia__unlock(a, key);
		scmia__notify_deliver(a, x);
		key = scmia__lock(a);
		x->refs = 0;
		scmia__slot_free(rc, x);
		scmia__unlock(a, key);
		return SCMIA_OK;
	}
	x->qnext = NULL;
	if (a->nq_tail)
		a->nq_tail->qnext = x;
	else
		a->nq_head = x;
	a->nq_tail = x;
	rc->nq_count++;
	scmia__unlock(a, key);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* The receive entry                                                   */
/* ------------------------------------------------------------------ */

int scmia_rx(struct scmia_chan *chan, uint32_t hdr, void *cookie)
{
	struct scmia_agent *a;
	struct scmia_chan *owner = NULL;
	scmia_lock_key_t key;
	int expire = 0;
	int ret;

	if (!chan || !chan->agent)
		return SCMIA_ESTATE;
	a = chan->agent;
	key = scmia__lock(a);
	if (chan->state != SCMIA_CHS_OPEN) {
		uint8_t st = chan->state;

		a->cnt[SCMIA_CNT_RX_ERRORS]++;
		scmia__unlock(a, key);
		/* During setup the transport exists and wants its area back;
		 * after close it is gone. */
		if (st == SCMIA_CHS_OPENING)
			drop_msg(a, chan, cookie);
		return SCMIA_ESTATE;
	}
	if (scmia_hdr_reserved(hdr))
		goto malformed_locked;
	switch (scmia_hdr_type(hdr)) {
	case SCMIA_MSG_TYPE_COMMAND:
		if (chan->dir != SCMIA_CHAN_A2P)
			goto malformed_locked;
		owner = chan;
		break;
	case SCMIA_MSG_TYPE_DELAYED_RESP:
		owner = chan->dir == SCMIA_CHAN_A2P ? chan : chan->peer;
		if (!owner)
			goto malformed_locked;
		break;
	case SCMIA_MSG_TYPE_NOTIFICATION:
		/* Notifications have their own pool and never touch the
		 * token table: one can never complete a pending command. */
		if (chan->dir != SCMIA_CHAN_P2A)
			goto malformed_locked;
		break;
	default:
		goto malformed_locked;
	}
	scmia__unlock(a, key);

	if (owner) {
		ret = rx_reply(chan, owner, hdr, cookie, NULL, &expire);
	} else {
		ret = rx_notification(chan, hdr, cookie, &expire);
		owner = chan->peer;
	}
	if (expire && owner)
		(void)chan_expire(owner, clock_now(a));
	return ret;

malformed_locked:
	a->cnt[SCMIA_CNT_MALFORMED]++;
	scmia__unlock(a, key);
	drop_msg(a, chan, cookie);
	return SCMIA_EMALFORMED;
}

/* ------------------------------------------------------------------ */
/* Transfers: get, submit, wait, put                                   */
/* ------------------------------------------------------------------ */

/* Lock held. */
static struct scmia_chan *chan_lookup(struct scmia_agent *agent, uint8_t proto_id)
{
	struct scmia_chan *c, *def = NULL;

	for (c = agent->chans; c; c = c->next) {
		if (c->dir != SCMIA_CHAN_A2P)
			continue;
		if (c->proto_id == proto_id && proto_id)
			return c;
		if (!c->proto_id)
			def = c;
	}
	return def;
}

struct scmia_chan *scmia_agent_chan(struct scmia_agent *agent, uint8_t proto_id)
{
	struct scmia_chan *c;
	scmia_lock_key_t key;

	if (!agent)
		return NULL;
	key = scmia__lock(agent);
	c = chan_lookup(agent, proto_id);
	scmia__unlock(agent, key);
	return c;
}

int scmia_xfer_get(struct scmia_agent *agent, uint8_t proto_id, uint8_t msg_id, uint32_t tx_len,
		   uint32_t rx_cap, struct scmia_xfer **out)
{
	struct scmia_chan *c;
	struct scmia_xfer *x;
	scmia_lock_key_t key;

	if (!agent || !out || !agent->state)
		return SCMIA_EINVAL;
	*out = NULL;
	key = scmia__lock(agent);
	c = chan_lookup(agent, proto_id);
	if (!c || c->state != SCMIA_CHS_OPEN) {
		scmia__unlock(agent, key);
		return SCMIA_ENOENT;
	}
	if (tx_len > c->msg_size || rx_cap > c->msg_size) {
		scmia__unlock(agent, key);
		return SCMIA_EINVAL;
	}
	x = slot_pop(c);
	if (!x) {
		agent->cnt[SCMIA_CNT_NO_SLOT]++;
		scmia__unlock(agent, key);
		return SCMIA_ENOSLOT;
	}
	x->refs = 1;
	x->owned = 1;
	x->state = SCMIA_XS_IDLE;
	scmia__unlock(agent, key);

	/* Nothing of a previous use may leak into this one. */
	x->hdr = scmia_hdr_pack(msg_id, SCMIA_MSG_TYPE_COMMAND, proto_id, 0);
	x->status = 0;
	x->tx_len = tx_len;
	x->rx_len = 0;
	x->rx_cap = rx_cap ? rx_cap : c->msg_size;
	x->result = 0;
	x->flags = 0;
	x->cb = NULL;
	x->cb_arg = NULL;
	x->replied = 0;
	x->txdone = 0;
	x->tok_live = 0;
	*out = x;
	return SCMIA_OK;
}

static int xfer_submit(struct scmia_xfer *x, unsigned flags, scmia_xfer_cb cb, void *arg)
{
	struct scmia_chan *c;
	struct scmia_agent *a;
	const struct scmia_transport_ops *ops;
	scmia_lock_key_t key;
	uint64_t now;
	int t, ret, expire, on_return;

	if (!x || !x->chan || (flags & ~(SCMIA_XFER_F_ASYNC | SCMIA_XFER_F_POLL)))
		return SCMIA_EINVAL;
	c = x->chan;
	a = c->agent;
	ops = a->transport->ops;
	if ((flags & SCMIA_XFER_F_POLL) && !ops->poll_done && c->mode != SCMIA_COMPLETION_ON_RETURN)
		return SCMIA_ENOTSUP;

	key = scmia__lock(a);
	if (c->state != SCMIA_CHS_OPEN) {
		scmia__unlock(a, key);
		return SCMIA_ECANCELED;
	}
	if (!x->owned || x->state != SCMIA_XS_IDLE) {
		scmia__unlock(a, key);
		return SCMIA_ESTATE;
	}
	t = token_alloc(c);
	if (t < 0) {
		a->cnt[SCMIA_CNT_NO_SLOT]++;
		scmia__unlock(a, key);
		return SCMIA_ENOSLOT;
	}
	c->tok2slot[t] = x->index;
	x->tok_live = 1;
	x->hdr = (x->hdr & ~(SCMIA_HDR_TOKEN_MASK << 18)) | ((uint32_t)t << 18);
	x->state = SCMIA_XS_SENT;
	/* A polling channel wants no completion interrupt: tell the
	 * transport the same way a per-call override does. */
	if (c->mode == SCMIA_COMPLETION_POLL)
		flags |= SCMIA_XFER_F_POLL;
	x->flags = (uint8_t)flags;
	x->cb = cb;
	x->cb_arg = arg;
	x->status = 0;
	x->rx_len = 0;
	x->txdone = 0;
	x->replied = 0;
	x->deadline = UINT64_MAX; /* the clock starts at the doorbell */
	if (cb) {
		x->cb_pending = 1;
		c->n_cb_pending++;
	}
	/* Hold the slot across the send: on another CPU the reply may end a
	 * non-blocking transfer, its callback put it and someone reuse the
	 * slot before send() even returns. */
	x->refs++;
	scmia__unlock(a, key);

	/* Re-arm the wait object: a stale signal of an earlier use (a late
	 * reply) must not end this wait. */
	if (x->wait_obj && !cb && a->os && a->os->wait_arm)
		a->os->wait_arm(a->os_ctx, x->wait_obj);

	ret = ops->send(a->tctx, c, x);
	now = clock_now(a);

	key = scmia__lock(a);
	if (ret) {
		/* Nothing was handed over: the token never reached the
		 * platform, so it goes straight back to the free map. */
		a->cnt[SCMIA_CNT_TX_ERRORS]++;
		if (x->state == SCMIA_XS_SENT) {
			x->state = SCMIA_XS_IDLE;
			x->txdone = 1;
			if (x->cb_pending) {
				x->cb_pending = 0;
				c->n_cb_pending--;
			}
			token_release(c, (unsigned)t, 0);
			x->tok_live = 0;
			ref_drop(c, x);
			scmia__unlock(a, key);
			return ret < 0 ? ret : SCMIA_EIO;
		}
		/* A reply raced a failing send: the platform did get it. */
		ret = SCMIA_OK;
	}
	a->cnt[SCMIA_CNT_SENT]++;
	if (x->state == SCMIA_XS_SENT)
		x->deadline = now + c->reply_timeout_us;
	if (x->cb_pending && (x->state == SCMIA_XS_SENT || x->state == SCMIA_XS_RESP) &&
	    (c->n_cb_pending == 1 || x->deadline < c->next_expiry))
		c->next_expiry = x->deadline;
	/* chan_expire() would only repeat this test under its own lock. */
	expire = c->n_cb_pending && time_reached(now, c->next_expiry);
	on_return = c->mode == SCMIA_COMPLETION_ON_RETURN;
	if (!on_return)
		ref_drop(c, x);
	scmia__unlock(a, key);

	if (on_return) {
		int rx_expire; /* submit decided above */

		(void)rx_reply(c, c, x->hdr, NULL, x, &rx_expire);
		key = scmia__lock(a);
		ref_drop(c, x);
		scmia__unlock(a, key);
	}
	if (expire)
		(void)chan_expire(c, now);
	return SCMIA_OK;
}

int scmia_xfer_submit(struct scmia_xfer *xfer, unsigned flags, scmia_xfer_cb cb, void *arg)
{
	if (!cb)
		return SCMIA_EINVAL;
	return xfer_submit(xfer, flags, cb, arg);
}

/* End a blocking transfer whose wait gave up (timeout or poll error),
 * unless it completed meanwhile. */
static void wait_fail(struct scmia_chan *c, struct scmia_xfer *x, uint8_t seen, int err)
{
	struct scmia_agent *a = c->agent;
	struct post p = { 0 };
	scmia_lock_key_t key;

	key = scmia__lock(a);
	if (x->state == seen && !x->rx_busy) {
		if (err == SCMIA_ETIMEDOUT)
			a->cnt[SCMIA_CNT_TIMEOUTS]++;
		finish_locked(c, x, err, &p);
		p.signal = 0;
	}
	scmia__unlock(a, key);
	post_run(a, c, &p);
}

static int xfer_wait(struct scmia_xfer *x, int poll)
{
	struct scmia_chan *c = x->chan;
	struct scmia_agent *a = c->agent;
	const struct scmia_transport_ops *ops = a->transport->ops;
	int use_wait = !poll && x->wait_obj && a->os && a->os->wait;
	int expire;

	for (;;) {
		scmia_lock_key_t key = scmia__lock(a);
		uint8_t st = x->state;
		uint8_t busy = x->rx_busy;
		uint64_t dl = x->deadline;
		struct scmia_chan *p2a = c->peer;
		uint64_t now;
		int r;

		scmia__unlock(a, key);
		if (st == SCMIA_XS_DONE)
			break;
		if (poll && st == SCMIA_XS_RESP && !busy && ops->rx_poll && p2a) {
			/* Waiting for a delayed response on a channel nobody
			 * interrupts for: fetch p2a messages ourselves. */
			if (ops->rx_poll(a->tctx, p2a) > 0)
				continue;
		}
		if (poll && st == SCMIA_XS_SENT && !busy) {
			r = ops->poll_done(a->tctx, c, x);
			if (r > 0) {
				(void)rx_reply(c, c, x->hdr, NULL, x, &expire);
				continue; /* the state moved, or someone else has it */
			}
			if (r < 0) {
				wait_fail(c, x, st, r);
				continue;
			}
		}
		now = clock_now(a);
		if (time_reached(now, dl) && !busy) {
			/* One last look after the deadline: a waiter preempted
			 * past its deadline must not report a false timeout. */
			if (poll && st == SCMIA_XS_SENT && ops->poll_done(a->tctx, c, x) > 0) {
				(void)rx_reply(c, c, x->hdr, NULL, x, &expire);
				continue;
			}
			wait_fail(c, x, st, SCMIA_ETIMEDOUT);
			continue;
		}
		/* Not done: wait for a signal, or back off one polling step.
		 * While another receive holds the reply (busy), it will end
		 * the transfer: keep backing off, whatever the deadline. */
		if (use_wait && !busy) {
			uint64_t rem = dl - now;
			uint32_t tmo = rem > 0xffffffffu ? 0xffffffffu : (uint32_t)rem;

			if (a->os->wait(a->os_ctx, x->wait_obj, tmo) == SCMIA_ETIMEDOUT &&
			    !a->os->now_us)
				a->vtime = dl; /* no clock: the OS measured it */
		} else {
			clock_relax(a);
		}
	}
	return x->result;
}

int scmia_xfer_do(struct scmia_xfer *xfer, unsigned flags)
{
	int ret, poll;

	ret = xfer_submit(xfer, flags, NULL, NULL);
	if (ret)
		return ret;
	poll = (flags & SCMIA_XFER_F_POLL) || xfer->chan->mode == SCMIA_COMPLETION_POLL;
	return xfer_wait(xfer, poll);
}

int scmia_xfer_put(struct scmia_xfer *xfer)
{
	struct scmia_chan *c;
	struct scmia_agent *a;
	scmia_lock_key_t key;

	if (!xfer || !xfer->chan)
		return SCMIA_EINVAL;
	c = xfer->chan;
	a = c->agent;
	key = scmia__lock(a);
	if (!xfer->owned || xfer->state == SCMIA_XS_SENT || xfer->state == SCMIA_XS_RESP) {
		scmia__unlock(a, key);
		return SCMIA_ESTATE;
	}
	xfer->owned = 0;
	if (xfer->tok_live) {
		/* No final reply seen: keep the token recognisable as stale so
		 * its late reply is told apart from a new command's. */
		token_release(c, scmia_hdr_token(xfer->hdr), !xfer->replied);
		xfer->tok_live = 0;
	}
	ref_drop(c, xfer);
	scmia__unlock(a, key);
	return SCMIA_OK;
}

int scmia_cmd(struct scmia_agent *agent, uint8_t proto_id, uint8_t msg_id, const void *tx,
	      uint32_t tx_len, void *rx, uint32_t rx_cap, uint32_t *rx_len, unsigned flags)
{
	struct scmia_xfer *x;
	int ret;

	if ((tx_len && !tx) || (rx_cap && !rx))
		return SCMIA_EINVAL;
	if (rx_len)
		*rx_len = 0;
	ret = scmia_xfer_get(agent, proto_id, msg_id, tx_len, rx_cap ? rx_cap : 1u, &x);
	if (ret)
		return ret;
	if (tx_len)
		memcpy(x->tx_buf, tx, tx_len);
	ret = scmia_xfer_do(x, flags);
	if (rx_cap && (ret == SCMIA_OK || x->replied)) {
		uint32_t n = x->rx_len < rx_cap ? x->rx_len : rx_cap;

		memcpy(rx, x->rx_buf, n);
		if (rx_len)
			*rx_len = n;
	}
	(void)scmia_xfer_put(x);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Transport services                                                  */
/* ------------------------------------------------------------------ */

void *scmia_chan_ctx(const struct scmia_chan *chan)
{
	return chan ? chan->chan_ctx : NULL;
}

unsigned scmia_chan_dir(const struct scmia_chan *chan)
{
	return chan ? chan->dir : 0u;
}

unsigned scmia_chan_proto_id(const struct scmia_chan *chan)
{
	return chan ? chan->proto_id : 0u;
}

uint32_t scmia_chan_reply_timeout_us(const struct scmia_chan *chan)
{
	if (!chan)
		return 0;
	if (chan->dir == SCMIA_CHAN_P2A && chan->peer)
		chan = chan->peer;
	return chan->reply_timeout_us;
}

unsigned scmia_chan_max_msg(const struct scmia_chan *chan)
{
	return chan ? chan->max_msg : 0u;
}

unsigned scmia_chan_msg_size(const struct scmia_chan *chan)
{
	return chan ? chan->msg_size : 0u;
}

struct scmia_xfer *scmia_chan_xfer(struct scmia_chan *chan, unsigned index)
{
	if (!chan || !chan->xfers || index >= chan->max_msg)
		return NULL;
	return &chan->xfers[index];
}

uint64_t scmia_chan_now_us(struct scmia_chan *chan)
{
	return clock_now(chan->agent);
}

void scmia_chan_relax(struct scmia_chan *chan)
{
	clock_relax(chan->agent);
}

void scmia_chan_count(struct scmia_chan *chan, enum scmia_counter id)
{
	scmia_lock_key_t key;

	if (!chan || !chan->agent || (unsigned)id >= (unsigned)SCMIA_CNT__COUNT)
		return;
	key = scmia__lock(chan->agent);
	chan->agent->cnt[id]++;
	scmia__unlock(chan->agent, key);
}

void scmia_xfer_hold(struct scmia_xfer *xfer)
{
	scmia_lock_key_t key;

	if (!xfer || !xfer->chan)
		return;
	key = scmia__lock(xfer->chan->agent);
	if (xfer->state != SCMIA_XS_FREE)
		xfer->refs++;
	scmia__unlock(xfer->chan->agent, key);
}

void scmia_xfer_unhold(struct scmia_xfer *xfer)
{
	scmia_lock_key_t key;

	if (!xfer || !xfer->chan)
		return;
	key = scmia__lock(xfer->chan->agent);
	if (xfer->state != SCMIA_XS_FREE && xfer->refs)
		ref_drop(xfer->chan, xfer);
	scmia__unlock(xfer->chan->agent, key);
}

/* ------------------------------------------------------------------ */
/* Agents and channels                                                 */
/* ------------------------------------------------------------------ */

int scmia_agent_init(struct scmia_agent *agent, const struct scmia_agent_cfg *cfg)
{
	const struct scmia_transport_ops *ops;
	const struct scmia_os_ops *os;
	int ret;

	if (!agent || !cfg || !cfg->transport || !cfg->transport->ops)
		return SCMIA_EINVAL;
	ops = cfg->transport->ops;
	os = cfg->os;
	if (!ops->chan_setup || !ops->fetch_response)
		return SCMIA_EINVAL;
	if (os && (!os->lock != !os->unlock || !os->wait != !os->signal))
		return SCMIA_EINVAL;
	if (ops->ready) {
		ret = ops->ready(cfg->transport_ctx);
		if (ret)
			return ret < 0 ? ret : SCMIA_EAGAIN;
	}
	memset(agent, 0, sizeof(*agent));
	agent->os = os;
	agent->os_ctx = cfg->os_ctx;
	agent->transport = cfg->transport;
	agent->tctx = cfg->transport_ctx;
	agent->flags = cfg->flags;
	agent->notify_quota = cfg->notify_quota;
	agent->notify_src = cfg->notify_src ? cfg->notify_src : scmia_notify_src_default;
	agent->notify_src_ctx = cfg->notify_src_ctx;
	if (ops->init) {
		ret = ops->init(agent->tctx);
		if (ret) {
			memset(agent, 0, sizeof(*agent));
			return ret;
		}
	}
	agent->state = 1;
	return SCMIA_OK;
}

static void chan_unlink_locked(struct scmia_agent *a, struct scmia_chan *c)
{
	struct scmia_chan **pp;

	for (pp = &a->chans; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	c->next = NULL;
}

static int chan_resolve(struct scmia_agent *a, struct scmia_chan *c,
			const struct scmia_chan_cfg *cfg, size_t *need)
{
	const struct scmia_transport *tr = a->transport;
	const struct scmia_os_ops *os = a->os;
	unsigned tmax, max, size, tsize;

	if (tr->ops->get_max_msg) {
		int r = tr->ops->get_max_msg(a->tctx, c);

		if (r < 0)
			return r;
		tmax = (unsigned)r;
	} else {
		tmax = tr->max_msg ? tr->max_msg : SCMIA_DEFAULT_MAX_MSG;
	}
	if (tmax < 1u || tmax > SCMIA_MAX_MSG_LIMIT)
		return SCMIA_EINVAL;
	max = cfg->max_msg ? cfg->max_msg : tmax;
	if (max > tmax)
		return SCMIA_EINVAL;
	tsize = tr->max_msg_size ? tr->max_msg_size : SCMIA_DEFAULT_MSG_SIZE;
	size = cfg->msg_size ? cfg->msg_size : tsize;
	if (size < 8u || size > tsize)
		return SCMIA_EINVAL;
	c->max_msg = (uint16_t)max;
	c->msg_size = (uint16_t)size;
	c->reply_timeout_us = cfg->reply_timeout_us ? cfg->reply_timeout_us
			      : tr->reply_timeout_us ? tr->reply_timeout_us
						     : SCMIA_DEFAULT_REPLY_TIMEOUT_US;
	c->dresp_timeout_us = cfg->dresp_timeout_us ? cfg->dresp_timeout_us
						    : SCMIA_DEFAULT_DRESP_TIMEOUT_US;
	c->wait_objs = cfg->wait_objs;
	c->wait_stride = cfg->wait_obj_stride;

	/*
	 * AUTO: completion on return when the transport says so; polling when
	 * there is no completion interrupt, no OS, or no lock (nothing can run
	 * the receive entry concurrently); otherwise interrupt-driven: OS
	 * wait objects when given, else a spin on the state the receive entry
	 * (in an interrupt) updates.
	 */
	switch (cfg->completion) {
	case SCMIA_COMPLETION_AUTO:
		if (tr->flags & SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN)
			c->mode = SCMIA_COMPLETION_ON_RETURN;
		else if ((tr->flags & SCMIA_TRANSPORT_F_NO_COMPLETION_IRQ) || !os || !os->lock)
			c->mode = tr->ops->poll_done ? SCMIA_COMPLETION_POLL : SCMIA_COMPLETION_IRQ;
		else
			c->mode = SCMIA_COMPLETION_IRQ;
		break;
	case SCMIA_COMPLETION_POLL:
		if (!tr->ops->poll_done)
			return SCMIA_EINVAL;
		c->mode = SCMIA_COMPLETION_POLL;
		break;
	case SCMIA_COMPLETION_IRQ:
	case SCMIA_COMPLETION_ON_RETURN:
		c->mode = cfg->completion;
		break;
	default:
		return SCMIA_EINVAL;
	}

	if (c->dir == SCMIA_CHAN_A2P)
		*need = sizeof(struct scmia_xfer) * max + SCMIA_TOKEN_SPACE * sizeof(uint16_t) +
			SCMIA_TOKEN_SPACE / 8u * 2u + SCMIA_ALIGN8(size) * 2u * max;
	else
		*need = sizeof(struct scmia_xfer) * max + SCMIA_ALIGN8(size) * max;
	return SCMIA_OK;
}

static void chan_carve(struct scmia_chan *c, void *mem)
{
	uint8_t *p = (uint8_t *)mem;
	size_t bsz = SCMIA_ALIGN8(c->msg_size);
	unsigned i;

	c->xfers = (struct scmia_xfer *)(void *)p;
	p += sizeof(struct scmia_xfer) * c->max_msg;
	if (c->dir == SCMIA_CHAN_A2P) {
		c->inflight = (uint32_t *)(void *)p;
		p += SCMIA_TOKEN_SPACE / 8u;
		c->stale = (uint32_t *)(void *)p;
		p += SCMIA_TOKEN_SPACE / 8u;
		c->tok2slot = (uint16_t *)(void *)p;
		p += SCMIA_TOKEN_SPACE * sizeof(uint16_t);
		memset(c->inflight, 0, SCMIA_TOKEN_SPACE / 8u * 2u);
		/* Start so that the first token issued is 0. */
		c->last_token = SCMIA_TOKEN_SPACE - 1u;
	}
	c->free_head = SCMIA_SLOT_NONE;
	c->n_free = 0;
	for (i = c->max_msg; i-- > 0;) {
		struct scmia_xfer *x = &c->xfers[i];

		memset(x, 0, sizeof(*x));
		x->chan = c;
		x->index = (uint16_t)i;
		if (c->dir == SCMIA_CHAN_A2P) {
			x->tx_buf = p + bsz * 2u * i;
			x->rx_buf = p + bsz * 2u * i + bsz;
			if (c->wait_objs)
				x->wait_obj = (uint8_t *)c->wait_objs + c->wait_stride * i;
		} else {
			x->rx_buf = p + bsz * i;
		}
		x->rx_cap = c->msg_size;
		scmia__slot_free(c, x);
	}
}

int scmia_chan_open(struct scmia_agent *agent, struct scmia_chan *chan,
		    const struct scmia_chan_cfg *cfg)
{
	const struct scmia_transport_ops *ops;
	struct scmia_chan *it, *peer = NULL;
	scmia_lock_key_t key;
	size_t need = 0;
	int ret;

	if (!agent || !chan || !cfg || !agent->state || !cfg->mem ||
	    (cfg->dir != SCMIA_CHAN_A2P && cfg->dir != SCMIA_CHAN_P2A) ||
	    ((uintptr_t)cfg->mem & 7u) || (cfg->wait_objs && !cfg->wait_obj_stride))
		return SCMIA_EINVAL;
	ops = agent->transport->ops;
	if (cfg->dir == SCMIA_CHAN_A2P && !ops->send)
		return SCMIA_EINVAL;
	if (cfg->dir == SCMIA_CHAN_P2A && !ops->fetch_notification)
		return SCMIA_EINVAL;

	key = scmia__lock(agent);
	for (it = agent->chans; it; it = it->next) {
		if (it == chan || (it->dir == cfg->dir && it->proto_id == cfg->proto_id)) {
			scmia__unlock(agent, key);
			return SCMIA_ESTATE;
		}
		if (it->dir == SCMIA_CHAN_A2P && it->proto_id == cfg->proto_id)
			peer = it;
	}
	scmia__unlock(agent, key);
	if (cfg->dir == SCMIA_CHAN_P2A && !peer)
		return SCMIA_EINVAL; /* p2a channels pair with their a2p channel */

	if (ops->ready) {
		ret = ops->ready(agent->tctx);
		if (ret)
			return ret < 0 ? ret : SCMIA_EAGAIN;
	}

	memset(chan, 0, sizeof(*chan));
	chan->agent = agent;
	chan->dir = cfg->dir;
	chan->proto_id = cfg->proto_id;
	chan->chan_ctx = cfg->chan_ctx;
	chan->state = SCMIA_CHS_OPENING; /* receives during setup are dropped */

	ret = ops->chan_setup(agent->tctx, chan);
	if (ret) {
		chan->state = SCMIA_CHS_CLOSED;
		return ret;
	}
	ret = chan_resolve(agent, chan, cfg, &need);
	if (!ret && cfg->mem_size < need)
		ret = SCMIA_ENOSPC;
	if (ret) {
		if (ops->chan_free)
			ops->chan_free(agent->tctx, chan);
		chan->state = SCMIA_CHS_CLOSED;
		return ret;
	}
	memset(cfg->mem, 0, need);
	chan_carve(chan, cfg->mem);
	if (chan->dir == SCMIA_CHAN_P2A && !agent->notify_quota) {
		/* default quota: half the pool, at least one */
		unsigned q = chan->max_msg / 2u;

		agent->notify_quota = q ? q : 1u;
	}

	key = scmia__lock(agent);
	chan->next = agent->chans;
	agent->chans = chan;
	if (chan->dir == SCMIA_CHAN_P2A) {
		chan->peer = peer;
		peer->peer = chan;
	}
	chan->state = SCMIA_CHS_OPEN;
	scmia__unlock(agent, key);
	scmia__log(agent, SCMIA_LOG_INFO, "scmia: channel open", chan->proto_id, chan->max_msg);
	return SCMIA_OK;
}

int scmia_chan_close(struct scmia_chan *chan)
{
	struct scmia_agent *a;
	struct scmia_xfer *list = NULL, **tail = &list, *x, **pp;
	scmia_lock_key_t key;

	if (!chan || !chan->agent)
		return SCMIA_EINVAL;
	a = chan->agent;
	if (chan->dir == SCMIA_CHAN_A2P && chan->peer)
		(void)scmia_chan_close(chan->peer);

	key = scmia__lock(a);
	if (chan->state != SCMIA_CHS_OPEN) {
		scmia__unlock(a, key);
		return SCMIA_ESTATE;
	}
	chan->state = SCMIA_CHS_CLOSED;
	if (chan->dir == SCMIA_CHAN_A2P) {
		for (unsigned i = 0; i < chan->max_msg; i++) {
			x = &chan->xfers[i];
			if (x->state != SCMIA_XS_SENT && x->state != SCMIA_XS_RESP)
				continue;
			x->state = SCMIA_XS_DONE;
			x->result = SCMIA_ECANCELED;
			a->cnt[SCMIA_CNT_CANCELED]++;
			x->qnext = NULL;
			*tail = x;
			tail = &x->qnext;
		}
	} else {
		/* Drop this pool's queued notifications. */
		for (pp = &a->nq_head; *pp;) {
			x = *pp;
			if (x->chan == chan) {
				*pp = x->qnext;
				x->refs = 0;
				scmia__slot_free(chan, x);
			} else {
				pp = &x->qnext;
			}
		}
		a->nq_tail = NULL;
		for (x = a->nq_head; x; x = x->qnext)
			a->nq_tail = x;
		chan->nq_count = 0;
	}
	scmia__unlock(a, key);

	while (list) {
		struct scmia_xfer *nx = list->qnext;
		struct post p = { 0 };

		key = scmia__lock(a);
		p.x = list;
		p.result = SCMIA_ECANCELED;
		p.signal = 1;
		if (!list->txdone) {
			list->txdone = 1;
			p.txdone = 1;
			p.txret = SCMIA_ECANCELED;
		}
		if (list->cb_pending) {
			list->cb_pending = 0;
			chan->n_cb_pending--;
			p.cb = 1;
		}
		scmia__unlock(a, key);
		post_run(a, chan, &p);
		list = nx;
	}

	if (a->transport->ops->chan_free)
		a->transport->ops->chan_free(a->tctx, chan);

	key = scmia__lock(a);
	chan_unlink_locked(a, chan);
	if (chan->peer) {
		chan->peer->peer = NULL;
		chan->peer = NULL;
	}
	scmia__unlock(a, key);
	return SCMIA_OK;
}

int scmia_agent_deinit(struct scmia_agent *agent)
{
	struct scmia_chan *c;

	if (!agent)
		return SCMIA_EINVAL;
	if (!agent->state)
		return SCMIA_ESTATE;
	/* p2a channels first: notification state goes last. */
	for (;;) {
		for (c = agent->chans; c && c->dir != SCMIA_CHAN_P2A; c = c->next)
			;
		if (!c)
			break;
		(void)scmia_chan_close(c);
	}
	while (agent->chans)
		(void)scmia_chan_close(agent->chans);
	agent->nq_head = NULL;
	agent->nq_tail = NULL;
	if (agent->transport->ops->exit)
		agent->transport->ops->exit(agent->tctx);
	agent->state = 0;
	return SCMIA_OK;
}

int scmia_chan_set_timeouts(struct scmia_chan *chan, uint32_t reply_timeout_us,
			    uint32_t dresp_timeout_us)
{
	scmia_lock_key_t key;

	if (!chan || !chan->agent || chan->dir != SCMIA_CHAN_A2P)
		return SCMIA_EINVAL;
	key = scmia__lock(chan->agent);
	if (reply_timeout_us)
		chan->reply_timeout_us = reply_timeout_us;
	if (dresp_timeout_us)
		chan->dresp_timeout_us = dresp_timeout_us;
	scmia__unlock(chan->agent, key);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* Counters and statistics                                             */
/* ------------------------------------------------------------------ */

int scmia_agent_counters(struct scmia_agent *agent, uint32_t *out, unsigned n)
{
	scmia_lock_key_t key;

	if (!agent || (!out && n))
		return SCMIA_EINVAL;
	if (n > (unsigned)SCMIA_CNT__COUNT)
		n = (unsigned)SCMIA_CNT__COUNT;
	key = scmia__lock(agent);
	memcpy(out, agent->cnt, n * sizeof(uint32_t));
	scmia__unlock(agent, key);
	return (int)n;
}

uint32_t scmia_agent_counter(struct scmia_agent *agent, enum scmia_counter id)
{
	scmia_lock_key_t key;
	uint32_t v;

	if (!agent || (unsigned)id >= (unsigned)SCMIA_CNT__COUNT)
		return 0;
	key = scmia__lock(agent);
	v = agent->cnt[id];
	scmia__unlock(agent, key);
	return v;
}

const char *scmia_counter_name(enum scmia_counter id)
{
	static const char *const names[SCMIA_CNT__COUNT] = {
		"sent", "replies", "delayed_replies", "notifications", "timeouts",
		"late_replies", "unexpected_token", "invalid_state", "malformed", "spurious",
		"notify_drops", "notify_unhandled", "tx_errors", "rx_errors", "no_slot",
		"deferred", "canceled", "reordered", "status_errors",
		"status_not_supported", "status_invalid_parameters", "status_denied",
		"status_not_found", "status_out_of_range", "status_busy", "status_comms_error",
		"status_generic_error", "status_hardware_error", "status_protocol_error",
		"status_in_use",
	};

	if ((unsigned)id >= (unsigned)SCMIA_CNT__COUNT)
		return "?";
	return names[id];
}

int scmia_chan_stats(struct scmia_chan *chan, unsigned *n_free, unsigned *n_held,
		     unsigned *n_inflight)
{
	scmia_lock_key_t key;
	unsigned inflight = 0;

	if (!chan || !chan->agent || !chan->xfers)
		return SCMIA_EINVAL;
	key = scmia__lock(chan->agent);
	if (chan->dir == SCMIA_CHAN_A2P)
		for (unsigned w = 0; w < SCMIA_TOKEN_SPACE / 32u; w++)
			inflight += scmia__popcount32(chan->inflight[w]);
	if (n_free)
		*n_free = chan->n_free;
	if (n_held)
		*n_held = (unsigned)chan->max_msg - chan->n_free;
	if (n_inflight)
		*n_inflight = inflight;
	scmia__unlock(chan->agent, key);
	return SCMIA_OK;
}

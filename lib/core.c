/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transfer engine: agents, channels, slots, tokens, the receive entry
 * and the SENT -> RESP -> DRESP state machine.
 *
 * Data flow of a synchronous command:
 *
 *   scmia_xfer_get()   lock: pop a slot, take the next token      (1 lock)
 *   scmia_xfer_do()    SENDING; send(): the transport claims the channel,
 *                      scmia_xfer_sent() -> SENT, doorbell
 *                      wait: OS wait / poll_done / state spin
 *   scmia_rx()         lock: token -> slot, validate, claim (busy)
 *                      fetch_response() without the lock
 *                      lock: complete, release the claim          (2 locks)
 *   scmia_xfer_put()   lock: token back (quarantined if no reply), slot back
 *
 * Locking: one lock per agent (the OS lock op), held only for bookkeeping,
 * never across a transport op or a user callback. The owner of a transfer
 * reads its state without the lock (acquire) and the receive path
 * publishes it with a release store. Receive processing of one transfer is
 * exclusive (busy); a second message for a busy transfer is handed to the
 * holder, never waited for: on one core the second receive may be an
 * interrupt that preempted the first.
 */
#include <string.h>

#include "internal.h"

#define TYPE_BITS (3u << 8)

/* Paths off the common one: out of line, so that the common path of each
 * entry point stays short (no register spills for what it does not do).
 * Without fast paths they are the common path: the compiler places and
 * inlines them as it sees fit. */
#if SCMIA_CFG_FAST_PATHS
#define COLD __attribute__((noinline, cold))
#else
#define COLD
#endif
#define TB_EMPTY 0xffffu
#define TB_QUAR 0x8000u /* | token: a quarantined token */
#define QR_DEAD 0xffffffffu /* a quarantine ring entry whose late reply came */
/* A live ring entry is the quarantined command's header with, in its
 * message type field (a command's is 0), what it still owes: */
#define QO_RESP (1u << 8)  /* its response */
#define QO_DRESP (2u << 8) /* its delayed response */

enum { L_REPLY = 0, L_DRESP = 1, L_POLL = 2, L_NONE = 3 };

/* A transfer's state and busy flag are read by its owner without the lock
 * (and the state is published by the transport in scmia_xfer_sent()):
 * every access is atomic, relaxed unless it publishes (release) or waits
 * for a publication (acquire). Relaxed atomics are plain loads and stores
 * on every target. */
#define XST(x) SCMIA__LOAD_RLX(&(x)->state)
#define XST_SET(x, v) SCMIA__STORE_RLX(&(x)->state, (uint8_t)(v))
#define XST_PUB(x, v) SCMIA__STORE_REL(&(x)->state, (uint8_t)(v))
#define XBUSY(x) SCMIA__LOAD_RLX(&(x)->busy)
#define XBUSY_SET(x, v) SCMIA__STORE_RLX(&(x)->busy, (uint8_t)(v))

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

void scmia__core_count(struct scmia_agent *a, unsigned id)
{
#if SCMIA_CFG_COUNTERS
#if SCMIA__HAVE_RMW
	SCMIA__ADD_RLX(&a->cnt[id], 1u);
#else
	scmia_lock_key_t key = scmia__lock(a);

	SCMIA__STORE_RLX(&a->cnt[id], a->cnt[id] + 1u);
	scmia__unlock(a, key);
#endif
#else
	(void)a;
	(void)id;
#endif
}

/* Counters that are also bumped outside the lock (scmia__core_count) are
 * written with relaxed atomics everywhere, so the locked paths bump
 * them the same way. */
#if SCMIA_CFG_COUNTERS
#define CNT_ATOMIC_LOCKED(a, id) SCMIA__STORE_RLX(&(a)->cnt[(id)], (a)->cnt[(id)] + 1u)
#else
#define CNT_ATOMIC_LOCKED(a, id) ((void)(a))
#endif

static uint64_t clock_raw(struct scmia_agent *a)
{
	if (a->osf & SCMIA_OSF_NOW)
		return a->os->now_us(a->os_ctx);
	return a->vtime;
}

/*
 * One clamped time source: the OS clock may step back a little (a tick
 * counter read just before its interrupt extends it); every deadline in
 * the library and in the transports is computed from this, never from a
 * difference that could go negative. Lock held.
 */
static uint64_t clock_clamp_locked(struct scmia_agent *a, uint64_t t)
{
	if (t < a->last_now)
		return a->last_now;
	a->last_now = t;
	return t;
}

static uint64_t clock_now(struct scmia_agent *a)
{
	scmia_lock_key_t key;
	uint64_t t;

	if (!(a->osf & SCMIA_OSF_NOW))
		return a->vtime;
	t = clock_raw(a);
	key = scmia__lock(a);
	t = clock_clamp_locked(a, t);
	scmia__unlock(a, key);
	return t;
}

static void clock_relax(struct scmia_agent *a)
{
	scmia_lock_key_t key;

	if (a->osf & SCMIA_OSF_RELAX)
		a->os->relax(a->os_ctx);
	if (!(a->osf & SCMIA_OSF_NOW)) {
		key = scmia__lock(a);
		a->vtime += SCMIA_NOCLOCK_POLL_STEP_US;
		scmia__unlock(a, key);
	}
}

#if SCMIA_CFG_IRQ
static void *wait_obj(const struct scmia_chan *c, const struct scmia_xfer *x)
{
	return (uint8_t *)c->wait_objs + c->wait_stride * x->index;
}
#endif

#if SCMIA_CFG_COUNTERS
static void count_status(struct scmia_agent *a, int32_t status)
{
	if (status < 0 && status >= SCMIA_SCMI_STATUS_MIN) {
		SCMIA__CNT(a, SCMIA_CNT_STATUS_ERRORS);
		SCMIA__CNT(a, (unsigned)SCMIA_CNT_STATUS_FIRST + (unsigned)(-status) - 1u);
	}
}

static void count_fetch_error(struct scmia_agent *a, int err)
{
	if (err == SCMIA_EMALFORMED || err == SCMIA_ETOOSHORT || err == SCMIA_EPROTO)
		SCMIA__CNT(a, SCMIA_CNT_MALFORMED);
	else
		SCMIA__CNT(a, SCMIA_CNT_RX_ERRORS);
}
#else
#define count_status(a, s) ((void)(a))
#define count_fetch_error(a, e) ((void)(a))
#endif

/* ------------------------------------------------------------------ */
/* Trace hooks (include/scmia/trace.h): nothing at all unless          */
/* SCMIA_CFG_TRACE is 1, one test of the callback pointer otherwise.    */
/* ------------------------------------------------------------------ */
#if SCMIA_CFG_TRACE
#define BAD_UNEXPECTED SCMIA_TRACE_BAD_UNEXPECTED
#define BAD_INVALID SCMIA_TRACE_BAD_INVALID
#define BAD_UNKNOWN SCMIA_TRACE_BAD_UNKNOWN
#define BAD_NOMEM SCMIA_TRACE_BAD_NOMEM

/* One event. Never with the lock held. */
COLD static void trace_ev(struct scmia_agent *a, const struct scmia_chan *c, uint32_t hdr,
			  uint32_t tid, unsigned event, int32_t status, unsigned tag, unsigned dir,
			  const void *payload, uint32_t len, unsigned poll, uint32_t tmo)
{
	struct scmia_trace ev;

	memset(&ev, 0, sizeof(ev));
	ev.event = (uint8_t)event;
	ev.hdr = hdr;
	ev.proto_id = scmia_hdr_proto_id(hdr);
	ev.msg_id = scmia_hdr_msg_id(hdr);
	ev.msg_type = (uint8_t)scmia_hdr_type(hdr);
	ev.seq = (uint16_t)scmia_hdr_token(hdr);
	ev.transfer_id = tid;
	ev.inflight = (int32_t)SCMIA__LOAD_RLX(&a->inflight);
	ev.status = status;
	ev.tag = (uint8_t)tag;
	ev.dir = (uint8_t)dir;
	ev.payload = len ? payload : NULL;
	ev.len = payload ? len : 0u;
	ev.poll = (uint8_t)poll;
	ev.timeout_us = tmo;
	ev.chan_id = c ? c->proto_id : 0u;
	ev.agent_id = a->agent_id;
	ev.time_us = clock_raw(a);
	ev.transport = a->transport->name;
	a->trace(a->trace_ctx, &ev);
}

static void trace_inflight(struct scmia_agent *a, int d)
{
#if SCMIA__HAVE_RMW
	SCMIA__ADD_RLX(&a->inflight, d);
#else
	scmia_lock_key_t key = scmia__lock(a);

	SCMIA__STORE_RLX(&a->inflight, a->inflight + d);
	scmia__unlock(a, key);
#endif
}

/* The msg_dump tag of @tag for @x: Linux's lower-case ones for a raw
 * command. */
#if SCMIA_CFG_RAW
#define XTAG(x, tag)                                                                        \
	(((x)->flags & SCMIA_XFER_F__RAW) ? SCMIA_TRACE_TAG_RAW_##tag : SCMIA_TRACE_TAG_##tag)
#else
#define XTAG(x, tag) SCMIA_TRACE_TAG_##tag
#endif

/* A transfer starts (before its send): counted in flight. The callback
 * is set at init and never changes, so begin and end always pair. */
#define TRACE_BEGIN(a, c, x)                                                                \
	do {                                                                                \
		if ((a)->trace) {                                                           \
			trace_inflight((a), 1);                                             \
			trace_ev((a), (c), (x)->hdr, (x)->transfer_id, SCMIA_TRACE_XFER_BEGIN, 0, \
				 0, 0, NULL, 0, ((x)->flags & SCMIA_XFER_F_POLL) != 0, 0);     \
		}                                                                           \
	} while (0)
/* Its command went out. */
#define TRACE_CMND(a, c, x)                                                                 \
	do {                                                                                \
		if ((a)->trace)                                                             \
			trace_ev((a), (c), (x)->hdr, (x)->transfer_id, SCMIA_TRACE_MSG_DUMP, 0,  \
				 XTAG(x, CMND), SCMIA_TRACE_DIR_A2P, (x)->tx_buf,              \
				 (x)->tx_len, 0, 0);                                           \
	} while (0)
/* The caller waits. */
#define TRACE_WAIT(a, c, x, tmo)                                                            \
	do {                                                                                \
		if ((a)->trace)                                                             \
			trace_ev((a), (c), (x)->hdr, (x)->transfer_id,                        \
				 SCMIA_TRACE_RESPONSE_WAIT, 0, 0, 0, NULL, 0,                 \
				 ((x)->flags & SCMIA_XFER_F_POLL) != 0, (tmo));               \
	} while (0)
/* A response or delayed response was fetched into it (@h: as received). */
#define TRACE_REPLY(a, rc, x, h)                                                            \
	do {                                                                                \
		if ((a)->trace)                                                             \
			trace_reply((a), (rc), (x), (h));                                     \
	} while (0)
/* It ended with @res. */
#define TRACE_END(a, c, x, res)                                                             \
	do {                                                                                \
		if ((a)->trace) {                                                           \
			trace_inflight((a), -1);                                            \
			trace_ev((a), (c), (x)->hdr, (x)->transfer_id, SCMIA_TRACE_XFER_END,     \
				 (res), 0, 0, NULL, 0, 0, 0);                                  \
		}                                                                           \
	} while (0)
/* A message was dropped (@why: SCMIA_TRACE_BAD_*). */
#define TRACE_DROP(a, rc, h, why)                                                           \
	do {                                                                                \
		if ((a)->trace)                                                             \
			trace_ev((a), (rc), (h), 0, SCMIA_TRACE_MSG_DUMP, (why),              \
				 scmia_trace_bad_tag(h),                                       \
				 (rc)->dir == SCMIA_CHAN_A2P ? SCMIA_TRACE_DIR_A2P              \
							     : SCMIA_TRACE_DIR_P2A,             \
				 NULL, 0, 0, 0);                                               \
	} while (0)

COLD static void trace_reply(struct scmia_agent *a, const struct scmia_chan *rc,
			     const struct scmia_xfer *x, uint32_t h)
{
	unsigned type = scmia_hdr_type(h);

	trace_ev(a, rc, h, x->transfer_id, SCMIA_TRACE_MSG_DUMP, x->status,
		 type == SCMIA_MSG_TYPE_COMMAND ? XTAG(x, RESP) : XTAG(x, DLYD),
		 rc->dir == SCMIA_CHAN_A2P ? SCMIA_TRACE_DIR_A2P : SCMIA_TRACE_DIR_P2A, x->rx_buf,
		 x->rx_len, 0, 0);
	trace_ev(a, rc, h, x->transfer_id, SCMIA_TRACE_RX_DONE, 0, 0, 0, NULL, 0, 0, 0);
}
#else
#define BAD_UNEXPECTED 0
#define BAD_INVALID 0
#define BAD_UNKNOWN 0
#define BAD_NOMEM 0
#define TRACE_BEGIN(a, c, x) ((void)0)
#define TRACE_CMND(a, c, x) ((void)0)
#define TRACE_WAIT(a, c, x, tmo) ((void)0)
#define TRACE_REPLY(a, rc, x, h) ((void)0)
#define TRACE_END(a, c, x, res) ((void)0)
#define TRACE_DROP(a, rc, h, why) ((void)(h), (void)(why))
#endif

#if SCMIA_CFG_RAW
/* A reply of a raw command was fetched into it: copy it to the raw queue. */
#define RAW_REPLY(a, rc, x, h)                                                              \
	do {                                                                                \
		if ((x)->flags & SCMIA_XFER_F__RAW)                                         \
			scmia__raw_reply((a), (rc), (x), (h));                              \
	} while (0)
#else
#define RAW_REPLY(a, rc, x, h) ((void)0)
#endif
/* A reply was fetched into @x (no lock held, @x busy). */
#define RX_FETCHED(a, rc, x, h)                                                             \
	do {                                                                                \
		TRACE_REPLY(a, rc, x, h);                                                   \
		RAW_REPLY(a, rc, x, h);                                                     \
	} while (0)

/* ------------------------------------------------------------------ */
/* Tokens: the set of tokens in use, and the quarantine                */
/* ------------------------------------------------------------------ */
/*
 * The tokens a channel has out -- those held by its transfers (get .. put)
 * and the quarantined ones (their command ended without its reply; a late
 * reply may still come) -- are the keys of a small open-addressed table:
 * B = SCMIA_TOKEN_BUCKETS(max_msg) buckets (a power of two, at least twice
 * the most keys there can be), linear probing from bucket t mod B. An
 * entry is the index of the slot whose transfer holds the token, or
 * TB_QUAR | t for a quarantined token, or TB_EMPTY.
 *
 * The next token is the one after the last issued that is not in the
 * table: tokens increase monotonically (mod 1024), and a token comes back
 * only when the counter went round the whole space past every token out.
 * Each token out is skipped at most once per round, so issuing is O(1)
 * amortised. Tokens are issued in order, so they land in their own
 * buckets: an entry sits away from its home bucket only after the counter
 * went round while an old token stayed out (n_displaced counts them); as
 * long as none does, lookup and removal look at one bucket only. With
 * B = 1024 every token has its own bucket.
 *
 * The quarantine holds at most SCMIA__QUARANTINE(max_msg) tokens, oldest
 * first in a ring: a token is quarantined until its late reply arrives, or
 * until the ring is full and it is the oldest (given up, counted
 * SCMIA_CNT_STALE_REUSED: it may then be issued again when the counter
 * comes round, about 1024 commands after it was issued, as it would be if
 * it had been answered).
 *
 *   last issued      next candidate          x = held, q = quarantined
 *        v            v
 *   ... [x][x][q][ ][x][ ] ...   (tokens in order; q is skipped)
 */

static unsigned tab_key(const struct scmia_chan *c, uint16_t e)
{
	return (e & TB_QUAR) ? (e & (SCMIA_TOKEN_SPACE - 1u)) : scmia_hdr_token(c->xfers[e].hdr);
}

/* A channel with a direct table (compiled out when SCMIA_CFG_MAX_SLOTS
 * keeps every channel below its size). */
#define HAS_OMAP(c) (SCMIA_TOKEN_BUCKETS(SCMIA_CFG_MAX_SLOTS) == SCMIA_TOKEN_SPACE && (c)->omap)

/* Bucket of token @t, or of the empty bucket where it would go (*found
 * 0). Lock held. */
static unsigned tab_find(const struct scmia_chan *c, unsigned t, int *found)
{
	unsigned i = t & c->tmask;
	uint16_t e;

	if (HAS_OMAP(c)) {
		/* A direct table: each token in its own bucket, whatever holds it. */
		*found = c->tab[t] != TB_EMPTY;
		return t;
	}
	while ((e = c->tab[i]) != TB_EMPTY) {
		if (tab_key(c, e) == t) {
			*found = 1;
			return i;
		}
		i = (i + 1u) & c->tmask;
	}
	*found = 0;
	return i;
}

/*
 * A direct table (1024 buckets: every token its own bucket, channels of
 * 129 slots or more) also keeps a bitmap of the buckets in use and a word
 * of full bitmap words, so that the next free token is found in two
 * count-trailing-zeros steps however many tokens are out (up to 1023).
 */

static void omap_set(struct scmia_chan *c, unsigned i)
{
	uint32_t *w = &c->omap[i >> 5];

	*w |= 1u << (i & 31u);
	if (*w == 0xffffffffu)
		c->osum |= 1u << (i >> 5);
}

static void omap_clr(struct scmia_chan *c, unsigned i)
{
	c->omap[i >> 5] &= ~(1u << (i & 31u));
	c->osum &= ~(1u << (i >> 5));
}

/* First free token at or after @t (cyclic) in a direct table, in *@out;
 * returns 0 (and *@out = @t) when every token is out. */
static inline __attribute__((always_inline)) int omap_next_free(const struct scmia_chan *c,
								unsigned t, unsigned *out)
{
	unsigned w = t >> 5;
	uint32_t m = ~c->omap[w] & (0xffffffffu << (t & 31u));
	uint32_t nf, r;
	unsigned s;

	if (m) {
		*out = (w << 5) | (unsigned)__builtin_ctz(m);
		return 1;
	}
	nf = ~c->osum;
	if (!nf) { /* every token out (no free slot either): the caller sees t taken */
		*out = t;
		return 0;
	}
	/* The first word with a free token after w, cyclically (w itself
	 * last, below t): the map rotated so that word w + 1 is bit 0. */
	s = (w + 1u) & 31u;
	r = (nf >> s) | (nf << ((32u - s) & 31u));
	w = (w + 1u + (unsigned)__builtin_ctz(r)) & 31u;
	*out = (w << 5) | (unsigned)__builtin_ctz(~c->omap[w]);
	return 1;
}

static void tab_put(struct scmia_chan *c, unsigned i, unsigned t, uint16_t e)
{
	c->tab[i] = e;
	if (HAS_OMAP(c))
		omap_set(c, i);
	if (i != (t & c->tmask))
		c->n_displaced++;
}

/* Remove the entry in bucket @i, moving back the entries of its run that
 * lost their way to home through it (backward-shift deletion). */
static void tab_remove(struct scmia_chan *c, unsigned i)
{
	unsigned j = i;

	if (i != (tab_key(c, c->tab[i]) & c->tmask))
		c->n_displaced--;
	c->tab[i] = TB_EMPTY;
	if (HAS_OMAP(c))
		omap_clr(c, i); /* a direct table: nothing is ever displaced */
	if (!c->n_displaced)
		return; /* nothing away from home: nothing to move */
	for (;;) {
		unsigned home;
		uint16_t e;

		j = (j + 1u) & c->tmask;
		e = c->tab[j];
		if (e == TB_EMPTY)
			return;
		home = tab_key(c, e) & c->tmask;
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			c->tab[i] = e;
			c->tab[j] = TB_EMPTY;
			if (home == i)
				c->n_displaced--;
			i = j;
		}
	}
}

/* Issue the next token to slot @x: the first after the last issued that
 * is not out. Lock held. Never fails: fewer than 1024 tokens are out. */
COLD static unsigned token_alloc(struct scmia_chan *c, struct scmia_xfer *x)
{
	unsigned t = c->last_token;

	if (HAS_OMAP(c)) {
		/* fewer than 1024 tokens are out: there is a free one */
		(void)omap_next_free(c, (t + 1u) & (SCMIA_TOKEN_SPACE - 1u), &t);
		tab_put(c, t, t, x->index);
		c->last_token = (uint16_t)t;
		return t;
	}
	for (;;) {
		unsigned i;
		int found;

		t = (t + 1u) & (SCMIA_TOKEN_SPACE - 1u);
		i = tab_find(c, t, &found);
		if (!found) {
			tab_put(c, i, t, x->index);
			c->last_token = (uint16_t)t;
			return t;
		}
	}
}

/* Position in the quarantine ring of the live entry of token @t, or -1.
 * Rare path (late answers only): a scan of the ring. */
COLD static int qring_find(const struct scmia_chan *c, unsigned t)
{
	unsigned k, r;

	for (k = 0, r = c->qhead; k < c->qcount; k++) {
		if (c->qring[r] != QR_DEAD && scmia_hdr_token(c->qring[r]) == t)
			return (int)r;
		if (++r == c->qcap)
			r = 0;
	}
	return -1;
}

/* A message @hdr with the token @t of a quarantined command (bucket @i)
 * came. An answer that command still owes (its protocol and message id, a
 * message type it owes) is settled: once nothing is owed, the token leaves
 * the table and its ring entry dies, so that a later quarantine of the
 * same token is not given up early for it; SCMIA_CNT_LATE_REPLIES. Any
 * other message ends nothing, or the token would come back while the real
 * late answer is on its way: another command's ids, SCMIA_CNT_MALFORMED;
 * an answer already had, or a delayed response to a synchronous command,
 * SCMIA_CNT_INVALID_STATE. Returns the counter. Rare path: one scan of
 * the ring. */
COLD static unsigned quarantine_answer(struct scmia_chan *c, unsigned i, unsigned t, uint32_t hdr)
{
	uint32_t owed = scmia_hdr_type(hdr) ? QO_DRESP : QO_RESP;
	int r = qring_find(c, t);

	if (r >= 0) { /* else no entry (cannot happen: defensive) */
		if ((c->qring[r] ^ hdr) & ~TYPE_BITS)
			return SCMIA_CNT_MALFORMED;
		if (!(c->qring[r] & owed))
			return SCMIA_CNT_INVALID_STATE;
#if SCMIA_CFG_ASYNC
		if (c->qring[r] & TYPE_BITS & ~owed) {
			c->qring[r] &= ~owed; /* the other message is still owed */
			return SCMIA_CNT_LATE_REPLIES;
		}
#endif
		c->qring[r] = QR_DEAD;
	}
	tab_remove(c, i);
	c->n_quar--;
	return SCMIA_CNT_LATE_REPLIES;
}

/* The token of @x goes back: into quarantine when its command ended
 * without its reply (@owed: QO_* of the messages still owed, 0 for none),
 * otherwise out of the table. Lock held. */
COLD static void token_release(struct scmia_agent *a, struct scmia_chan *c, struct scmia_xfer *x,
			  uint32_t owed)
{
	unsigned t = scmia_hdr_token(x->hdr);
	unsigned i, k;
	int found;

	i = tab_find(c, t, &found);
	if (!found || c->tab[i] != x->index)
		return; /* not out for this transfer (cannot happen: defensive) */
	if (!owed) {
		tab_remove(c, i);
		return;
	}
	if (!c->qcap) {
		/* no room for a quarantine at all (1024 slots) */
		tab_remove(c, i);
		SCMIA__CNT(a, SCMIA_CNT_STALE_REUSED);
		return;
	}
	if (c->qcount == c->qcap) {
		/* Full: give up the oldest quarantined token (ring entries
		 * whose late reply came already are simply dropped). */
		uint32_t qh = c->qring[c->qhead];
		unsigned q = scmia_hdr_token(qh);
		unsigned j;
		int qf = 0;

		if (++c->qhead == c->qcap)
			c->qhead = 0;
		c->qcount--;
		j = qh == QR_DEAD ? 0u : tab_find(c, q, &qf);
		if (qh != QR_DEAD && qf && c->tab[j] == (TB_QUAR | q)) {
			tab_remove(c, j);
			c->n_quar--;
			SCMIA__CNT(a, SCMIA_CNT_STALE_REUSED);
			i = tab_find(c, t, &found); /* the removal may have moved it */
		}
	}
	c->tab[i] = (uint16_t)(TB_QUAR | t);
	k = (unsigned)c->qhead + c->qcount;
	if (k >= c->qcap)
		k -= c->qcap;
	/* The command's header: its ids are checked on a late answer, and
	 * what it still owes is kept in its type field. */
	c->qring[k] = x->hdr | owed;
	c->qcount++;
	c->n_quar++;
}

/* ------------------------------------------------------------------ */
/* Slots                                                               */
/* ------------------------------------------------------------------ */

#if SCMIA_CFG_NOTIFY
static struct scmia_xfer *slot_pop(struct scmia_chan *c)
{
	struct scmia_xfer *x;

	if (c->free_head == SCMIA_SLOT_NONE)
		return NULL;
	x = &c->xfers[c->free_head];
	c->free_head = x->next;
	return x;
}
#endif

static void slot_push(struct scmia_chan *c, struct scmia_xfer *x)
{
	XST_SET(x, SCMIA_XS_FREE);
	x->next = c->free_head;
	c->free_head = x->index;
}

/* The slot goes back once nobody refers to it. Lock held. */
static void slot_release(struct scmia_chan *c, struct scmia_xfer *x)
{
	if (!x->owned && !XBUSY(x) && !x->holds && XST(x) != SCMIA_XS_FREE)
		slot_push(c, x);
}

#if SCMIA_CFG_NOTIFY
void scmia__notify_slot_free(struct scmia_chan *c, struct scmia_xfer *x)
{
	XBUSY_SET(x, 0);
	slot_push(c, x);
}
#endif

/* ------------------------------------------------------------------ */
/* Non-blocking transfers: deadline-ordered lists                      */
/* ------------------------------------------------------------------ */
#if SCMIA_CFG_NONBLOCKING
/*
 * Each non-blocking transfer in flight is on one list of its channel:
 * waiting for its response (interrupt-driven), waiting for its response
 * by polling (scmia_agent_service() polls these), or waiting for its
 * delayed response. Every list is kept in deadline order; with the
 * channel's timeouts constant, an insert is at the tail, so inserting,
 * removing and expiring the earliest are O(1).
 */
static void list_insert(struct scmia_chan *c, unsigned l, struct scmia_xfer *x)
{
	uint16_t at = c->ltail[l];

	/* Walk back over later deadlines (only after a timeout change). */
	while (at != SCMIA_SLOT_NONE && c->xfers[at].deadline > x->deadline)
		at = c->xfers[at].prev;
	x->list = (uint8_t)l;
	x->prev = at;
	if (at == SCMIA_SLOT_NONE) {
		x->next = c->lhead[l];
		c->lhead[l] = x->index;
	} else {
		x->next = c->xfers[at].next;
		c->xfers[at].next = x->index;
	}
	if (x->next == SCMIA_SLOT_NONE)
		c->ltail[l] = x->index;
	else
		c->xfers[x->next].prev = x->index;
	if (l == L_POLL)
		c->agent->n_polled++;
	if (x->deadline < c->agent->next_expiry)
		c->agent->next_expiry = x->deadline;
}

static void list_remove(struct scmia_chan *c, struct scmia_xfer *x)
{
	unsigned l = x->list;

	if (l == L_NONE)
		return;
	if (x->prev == SCMIA_SLOT_NONE)
		c->lhead[l] = x->next;
	else
		c->xfers[x->prev].next = x->next;
	if (x->next == SCMIA_SLOT_NONE)
		c->ltail[l] = x->prev;
	else
		c->xfers[x->next].prev = x->prev;
	if (l == L_POLL)
		c->agent->n_polled--;
	x->list = L_NONE;
	x->next = SCMIA_SLOT_NONE;
	x->prev = SCMIA_SLOT_NONE;
}
#endif

/* ------------------------------------------------------------------ */
/* Completion                                                          */
/* ------------------------------------------------------------------ */

/* What has to happen once the lock is dropped. */
enum {
	P_SIGNAL = 1u << 0, /* wake the blocking waiter */
	P_TXDONE = 1u << 1, /* mark_txdone(txret) (non-blocking) */
	P_CB = 1u << 2      /* completion callback (non-blocking) */
};

/* End @x with @result. Lock held. Returns the P_* actions. */
static unsigned finish_locked(struct scmia_chan *c, struct scmia_xfer *x, int result)
{
	x->result = result;
	XST_PUB(x, SCMIA_XS_DONE);
#if SCMIA_CFG_NONBLOCKING
	if (x->cb) {
		if (x->in_send)
			return 0; /* the submitter runs it when send() returned */
		list_remove(c, x);
		c->n_cb--;
		if (!x->txdone) {
			x->txdone = 1;
			return P_TXDONE | P_CB;
		}
		return P_CB;
	}
#else
	(void)c;
#endif
	return P_SIGNAL;
}

/* The transport's mark_txdone, if it has one. No lock held. */
static void txdone_op(struct scmia_agent *a, struct scmia_chan *c, struct scmia_xfer *x, int ret)
{
	if (a->ops->mark_txdone)
		a->ops->mark_txdone(a->tctx, c, ret, x);
}

static void post_run(struct scmia_agent *a, struct scmia_chan *c, struct scmia_xfer *x,
		     unsigned p, int txret)
{
	if (p & P_SIGNAL) {
#if SCMIA_CFG_IRQ
		if ((a->osf & SCMIA_OSF_WAIT) && c->wait_objs)
			a->os->signal(a->os_ctx, wait_obj(c, x));
#endif
		return;
	}
	if (p & P_TXDONE)
		txdone_op(a, c, x, txret);
#if SCMIA_CFG_NONBLOCKING
	if (p & P_CB) {
		TRACE_END(a, c, x, x->result);
		x->cb(x->cb_arg, x, x->result);
	}
#endif
}

/* ------------------------------------------------------------------ */
/* Receive of responses and delayed responses                          */
/* ------------------------------------------------------------------ */

enum verdict { V_OK, V_EARLY, V_LATE, V_INVALID };

/* Is a message of @type acceptable for @x now? Lock held. */
static enum verdict validate_locked(const struct scmia_xfer *x, uint32_t type)
{
	uint8_t st = XST(x);

	if (type == SCMIA_MSG_TYPE_COMMAND) {
		if (st == SCMIA_XS_SENT)
			return V_OK;
	}
#if SCMIA_CFG_ASYNC
	else if ((st == SCMIA_XS_SENT || st == SCMIA_XS_RESP) &&
		 (x->flags & SCMIA_XFER_F_ASYNC)) {
		return V_OK; /* the flags are the submitter's until SENT */
	}
#endif
	if (st == SCMIA_XS_IDLE || st == SCMIA_XS_SENDING)
		return V_EARLY; /* the platform has not seen it yet */
	if (st == SCMIA_XS_DONE && !(x->replied & SCMIA__RP_FINAL) && x->result == SCMIA_ETIMEDOUT)
		return V_LATE;
	return V_INVALID;
}

static int count_verdict(struct scmia_agent *a, enum verdict v)
{
	if (v == V_EARLY)
		SCMIA__CNT(a, SCMIA_CNT_EARLY);
	else if (v == V_LATE)
		SCMIA__CNT(a, SCMIA_CNT_LATE_REPLIES);
	else
		SCMIA__CNT(a, SCMIA_CNT_INVALID_STATE);
	return SCMIA_EUNEXPECTED;
}

/*
 * Apply a fetched message to its transfer. Lock held; the transfer is
 * busy, so nobody else changed its state since it was validated.
 */
static unsigned apply_locked(struct scmia_agent *a, struct scmia_chan *c, struct scmia_xfer *x,
			     uint32_t type, int fr, uint64_t now, int *txret)
{
	int err;

	if (fr) {
		/* Nothing usable was read: the platform's real reply may still
		 * come, so the token is quarantined at put (replied stays 0). */
		count_fetch_error(a, fr);
		*txret = fr;
		return finish_locked(c, x, fr);
	}
	err = scmia_err_from_status(x->status);
	if (err == SCMIA_EMALFORMED)
		SCMIA__CNT(a, SCMIA_CNT_MALFORMED);
	else
		count_status(a, x->status);
	*txret = SCMIA_OK;
	if (type == SCMIA_MSG_TYPE_COMMAND) {
		SCMIA__CNT(a, SCMIA_CNT_REPLIES);
#if SCMIA_CFG_ASYNC
		if ((x->flags & SCMIA_XFER_F_ASYNC) && err == SCMIA_OK) {
			/* Response OK: now wait for the delayed response. */
			x->replied = SCMIA__RP_RESP;
			XST_PUB(x, SCMIA_XS_RESP);
#if SCMIA_CFG_NONBLOCKING
			if (x->cb) {
				if (x->in_send)
					return 0; /* the submitter lists it */
				list_remove(c, x);
				x->deadline = now + c->dresp_timeout_us;
				list_insert(c, L_DRESP, x);
				if (x->txdone)
					return 0;
				x->txdone = 1;
				return P_TXDONE;
			}
#endif
			(void)now;
			return P_SIGNAL;
		}
#endif
		x->replied = SCMIA__RP_FINAL;
		return finish_locked(c, x, err);
	}
#if SCMIA_CFG_ASYNC
	/* Delayed response. Arriving while still SENT means the response was
	 * lost or overtaken: the command was accepted (SUCCESS), and the
	 * delayed response ends the transfer. */
	SCMIA__CNT(a, SCMIA_CNT_DELAYED_REPLIES);
	if (XST(x) == SCMIA_XS_SENT) {
		/* The response is still owed: a message-passing transport may
		 * yet deliver it, so the token is quarantined at put for it. */
		SCMIA__CNT(a, SCMIA_CNT_REORDERED);
		x->replied = SCMIA__RP_DRESP;
		(void)now;
		return finish_locked(c, x, err);
	}
#endif
	(void)now;
	x->replied = SCMIA__RP_FINAL;
	return finish_locked(c, x, err);
}

static void drop_msg(struct scmia_agent *a, struct scmia_chan *rc, void *cookie)
{
	if (a->ops->clear_channel)
		a->ops->clear_channel(a->tctx, rc, cookie);
}

/* Drop a message (nothing else to do with it) and end the receive.
 * @why: the SCMIA_TRACE_BAD_* reason for the trace. */
static int rx_drop(struct scmia_agent *a, struct scmia_chan *rc, uint32_t hdr, void *cookie,
		   int ret, int why)
{
	scmia_lock_key_t key;

	TRACE_DROP(a, rc, hdr, why);
	drop_msg(a, rc, cookie);
	key = scmia__lock(a);
	rc->rx_active--;
	scmia__unlock(a, key);
	return ret;
}

#if SCMIA_CFG_NONBLOCKING
static int chan_expire(struct scmia_chan *c, uint64_t now);

/* After a receive: fail what became overdue on @c, reading the clock only
 * when something non-blocking is in flight there. Lock not held. */
static void rx_expire(struct scmia_chan *c, uint64_t next_exp)
{
	uint64_t t = clock_now(c->agent);

	if (t >= next_exp)
		(void)chan_expire(c, t);
}
#endif

/* The receive of one message is over: a message handed over by another
 * receive is released to its transport, and its channel's count of
 * receives in progress dropped only after that (close waits for it). */
static void msg_end(struct scmia_agent *a, struct scmia_chan *rc, void *cookie, int deferred,
		    const struct scmia_xfer *polled)
{
	scmia_lock_key_t key;

	if (!deferred && polled)
		return;
	if (deferred && a->ops->rx_release)
		a->ops->rx_release(a->tctx, rc, cookie);
	key = scmia__lock(a);
	rc->rx_active--;
	scmia__unlock(a, key);
}

/* The clock, when a response to an asynchronous non-blocking transfer
 * starts its delayed-response deadline; 0 otherwise. */
static uint64_t rx_clock(struct scmia_agent *a, const struct scmia_xfer *x, uint32_t type)
{
#if SCMIA_CFG_NONBLOCKING && SCMIA_CFG_ASYNC
	if (x->cb && type == SCMIA_MSG_TYPE_COMMAND && (x->flags & SCMIA_XFER_F_ASYNC))
		return clock_raw(a);
#else
	(void)a;
	(void)x;
	(void)type;
#endif
	return 0;
}

/*
 * The rest of a receive once its transfer is claimed (busy) and the first
 * message fetched (@fr): apply it, take over what another receive handed
 * us, let the transfer go, run what follows without the lock. Entered with
 * the lock held (@key). @rc: the channel the first message came on; @c the
 * a2p channel of the transfer.
 */
COLD static int rx_complete(struct scmia_agent *a, struct scmia_chan *c, struct scmia_chan *rc,
		       struct scmia_xfer *x, uint32_t type, void *cookie, int fr, uint64_t now,
		       const struct scmia_xfer *polled, scmia_lock_key_t key)
{
#if SCMIA_CFG_LOCK
	const struct scmia_transport_ops *ops = a->ops;
#endif
	struct scmia_chan *cur_rc = rc;
	void *cur_cookie = cookie;
	int ret = SCMIA_OK;
	int deferred = 0;
#if SCMIA_CFG_LOCK
	uint32_t cur_hdr = x->hdr; /* the message in hand, as received (hooks) */
#endif

	for (;;) {
		unsigned p;
		int txret = 0, expire;
		uint64_t next_exp = 0;

		if (now)
			now = clock_clamp_locked(a, now);
		p = apply_locked(a, c, x, type, fr, now, &txret);
		if (fr && !deferred)
			ret = fr;
#if SCMIA_CFG_ASYNC && SCMIA_CFG_NONBLOCKING
		if (p == P_TXDONE) {
			/* A non-blocking command's response: its send is over,
			 * its delayed response is still to come. The transport
			 * hears it now, while the transfer is still ours (busy):
			 * once it is not, the delayed response may end it, its
			 * callback put it and a new use send it, and a
			 * mark_txdone after that would release the new use's
			 * claim. A delayed response that comes meanwhile is
			 * handed to us (below). */
			scmia__unlock(a, key);
			txdone_op(a, c, x, txret);
			key = scmia__lock(a);
			p = 0;
		}
#endif
#if SCMIA_CFG_LOCK
		/* A message another receive left us: validate it now; an
		 * invalid one is released at once. */
		while (x->def_pending) {
			struct scmia_chan *drc = x->def_chan;
			void *dck = x->def_cookie;
			uint32_t dh = x->def_hdr;
			enum verdict v;

			x->def_pending = 0;
			v = validate_locked(x, scmia_hdr_type(dh));
			if (v == V_OK) {
				/* End the current message, then go on with it. */
				scmia__unlock(a, key);
				post_run(a, c, x, p, txret);
				msg_end(a, cur_rc, cur_cookie, deferred, polled);
				type = scmia_hdr_type(dh);
				cur_hdr = dh;
				cur_rc = drc;
				cur_cookie = dck;
				deferred = 1;
				now = 0;
				goto next;
			}
			(void)count_verdict(a, v);
			scmia__unlock(a, key);
			msg_end(a, drc, dck, 1, NULL);
			key = scmia__lock(a);
		}
#endif
		XBUSY_SET(x, 0);
		if (!deferred && !polled)
			cur_rc->rx_active--; /* nothing of the transport is used after */
		slot_release(c, x);
#if SCMIA_CFG_NONBLOCKING
		expire = !polled && c->n_cb;
		next_exp = a->next_expiry;
#else
		expire = 0;
#endif
		scmia__unlock(a, key);
		if (deferred)
			msg_end(a, cur_rc, cur_cookie, 1, NULL);
		post_run(a, c, x, p, txret);
#if SCMIA_CFG_NONBLOCKING
		if (expire)
			rx_expire(c, next_exp);
#else
		(void)expire;
		(void)next_exp;
#endif
		break;
#if SCMIA_CFG_LOCK
next:
		x->rx_len = 0;
		fr = ops->fetch_response(a->tctx, cur_rc, x, cur_cookie);
		if (!fr)
			RX_FETCHED(a, cur_rc, x, cur_hdr);
		(void)cur_hdr; /* without hooks */
		now = rx_clock(a, x, type);
		key = scmia__lock(a);
#endif
	}
	return ret;
}


/*
 * Process a response / delayed response that arrived on @rc. @polled is
 * the transfer a poller or a completion-on-return send fetches for (no
 * lookup, no deferral, no counting of a miss: it only helps its own
 * transfer). Returns what scmia_rx() returns.
 */
COLD static int rx_reply(struct scmia_chan *rc, uint32_t hdr, void *cookie, struct scmia_xfer *polled)
{
	struct scmia_agent *a = rc->agent;
	const struct scmia_transport_ops *ops = a->ops;
	uint32_t type = scmia_hdr_type(hdr);
	struct scmia_chan *c = rc;
	struct scmia_xfer *x;
	scmia_lock_key_t key;
	int ret = SCMIA_OK;
	int fr;
	uint64_t now;

	key = scmia__lock(a);
	if (polled) {
		x = polled;
		if (XBUSY(x) || XST(x) != SCMIA_XS_SENT) {
			scmia__unlock(a, key);
			return SCMIA_OK; /* someone else got it */
		}
	} else {
		unsigned t = scmia_hdr_token(hdr);
		uint16_t e;

		if (rc->state != SCMIA_CHS_OPEN)
			goto closed;
		rc->rx_active++;
#if SCMIA_CFG_P2A
		if (rc->dir == SCMIA_CHAN_P2A)
			c = rc->peer;
#endif
		{
			int found;
			unsigned i = tab_find(c, t, &found);

			e = found ? c->tab[i] : TB_EMPTY;
			if (e == (TB_QUAR | t)) {
				/* A late answer, or not one it owes: dropped. */
				unsigned n = quarantine_answer(c, i, t, hdr);

				SCMIA__CNT(a, n);
				(void)n; /* without counters */
			} else if (!found) {
				SCMIA__CNT(a, SCMIA_CNT_UNEXPECTED_TOKEN);
			}
			if (!found || (e & TB_QUAR)) {
				scmia__unlock(a, key);
				scmia__log(a, SCMIA_LOG_WARN, "scmia: reply for no transfer", hdr, 0);
				return rx_drop(a, rc, hdr, cookie, SCMIA_EUNEXPECTED, BAD_UNEXPECTED);
			}
		}
		x = &c->xfers[e];
		if ((x->hdr ^ hdr) & ~TYPE_BITS) {
			/* The token is out but protocol or message id differ:
			 * never deliver it to a caller that asked something
			 * else. */
			SCMIA__CNT(a, SCMIA_CNT_MALFORMED);
			scmia__unlock(a, key);
			return rx_drop(a, rc, hdr, cookie, SCMIA_EMALFORMED, BAD_UNEXPECTED);
		}
#if SCMIA_CFG_LOCK
		if (XBUSY(x)) {
			if (x->def_pending) {
				/* A third message while two are being handled
				 * cannot be valid (at most a response and a
				 * delayed response exist). */
				SCMIA__CNT(a, SCMIA_CNT_INVALID_STATE);
				scmia__unlock(a, key);
				return rx_drop(a, rc, hdr, cookie, SCMIA_EUNEXPECTED, BAD_INVALID);
			}
			/* Hand it to the holder; @rc stays active until the
			 * holder released the message. */
			x->def_pending = 1;
			x->def_hdr = hdr;
			x->def_cookie = cookie;
			x->def_chan = rc;
			SCMIA__CNT(a, SCMIA_CNT_DEFERRED);
			scmia__unlock(a, key);
			return SCMIA_RX_DEFERRED;
		}
#endif
		{
			enum verdict v = validate_locked(x, type);

			if (v != V_OK) {
				ret = count_verdict(a, v);
				scmia__unlock(a, key);
				return rx_drop(a, rc, hdr, cookie, ret,
					       v == V_INVALID ? BAD_INVALID : BAD_UNEXPECTED);
			}
		}
	}
	XBUSY_SET(x, 1);
	scmia__unlock(a, key);
	x->rx_len = 0;
	fr = ops->fetch_response(a->tctx, rc, x, cookie);
	if (!fr)
		RX_FETCHED(a, rc, x, polled ? x->hdr : hdr);
	now = rx_clock(a, x, type);
	key = scmia__lock(a);
	return rx_complete(a, c, rc, x, type, cookie, fr, now, polled, key);

closed:
	{
		uint8_t st = rc->state;

		SCMIA__CNT(a, SCMIA_CNT_RX_ERRORS);
		if (st == SCMIA_CHS_OPENING || st == SCMIA_CHS_CLOSING) {
			/* The transport still exists and wants its area back. */
			rc->rx_active++;
			scmia__unlock(a, key);
			return rx_drop(a, rc, hdr, cookie, SCMIA_ESTATE, BAD_UNEXPECTED);
		}
		scmia__unlock(a, key);
		return SCMIA_ESTATE;
	}
}

/* ------------------------------------------------------------------ */
/* Expiry of non-blocking transfers                                    */
/* ------------------------------------------------------------------ */
#if SCMIA_CFG_NONBLOCKING

/* Earliest deadline of the channel's lists. Lock held. */
static uint64_t chan_next_deadline(const struct scmia_chan *c)
{
	uint64_t next = UINT64_MAX;
	unsigned l;

	for (l = 0; l < 3u; l++)
		if (c->lhead[l] != SCMIA_SLOT_NONE && c->xfers[c->lhead[l]].deadline < next)
			next = c->xfers[c->lhead[l]].deadline;
	return next;
}

/* Earliest deadline of every channel of the agent. Lock held. */
static uint64_t agent_next_deadline(const struct scmia_agent *a)
{
	const struct scmia_chan *c;
	uint64_t next = UINT64_MAX;

	for (c = a->chans; c; c = c->next) {
		if (c->dir == SCMIA_CHAN_A2P && c->n_cb) {
			uint64_t d = chan_next_deadline(c);

			if (d < next)
				next = d;
		}
	}
	return next;
}

/* Fail the channel's overdue non-blocking transfers. */
static int chan_expire(struct scmia_chan *c, uint64_t now)
{
	struct scmia_agent *a = c->agent;
	uint16_t done = SCMIA_SLOT_NONE, *tail = &done;
	scmia_lock_key_t key;
	unsigned l;
	int n = 0;

	key = scmia__lock(a);
	if (c->state != SCMIA_CHS_OPEN || !c->n_cb) {
		scmia__unlock(a, key);
		return 0;
	}
	for (l = 0; l < 3u; l++) {
		uint16_t i = c->lhead[l];

		/* In deadline order: stop at the first one not due. A
		 * transfer a receive is fetching is left to that receive. */
		while (i != SCMIA_SLOT_NONE && c->xfers[i].deadline <= now) {
			struct scmia_xfer *x = &c->xfers[i];

			i = x->next;
			if (XBUSY(x))
				continue;
			list_remove(c, x);
			c->n_cb--;
			x->result = SCMIA_ETIMEDOUT;
			XST_PUB(x, SCMIA_XS_DONE);
			SCMIA__CNT(a, SCMIA_CNT_TIMEOUTS);
			x->next = SCMIA_SLOT_NONE;
			*tail = x->index;
			tail = &x->next;
			n++;
		}
	}
	if (a->next_expiry <= now)
		a->next_expiry = agent_next_deadline(a);
	scmia__unlock(a, key);

	while (done != SCMIA_SLOT_NONE) {
		struct scmia_xfer *x = &c->xfers[done];
		int txd;

		done = x->next;
		key = scmia__lock(a);
		x->next = SCMIA_SLOT_NONE;
		txd = !x->txdone;
		x->txdone = 1;
		scmia__unlock(a, key);
		if (txd && a->ops->mark_txdone)
			a->ops->mark_txdone(a->tctx, c, SCMIA_ETIMEDOUT, x);
		TRACE_END(a, c, x, SCMIA_ETIMEDOUT);
		x->cb(x->cb_arg, x, SCMIA_ETIMEDOUT);
	}
	return n;
}

#if SCMIA_CFG_POLL
/* Non-blocking transfers that poll have no waiter to call poll_done:
 * the service call does it for them, walking only that list. */
static void chan_poll_pending(struct scmia_chan *c)
{
	struct scmia_agent *a = c->agent;
	const struct scmia_transport_ops *ops = a->ops;
	scmia_lock_key_t key;
	uint16_t i;
	unsigned steps;

	key = scmia__lock(a);
	i = c->lhead[L_POLL];
	scmia__unlock(a, key);
	for (steps = 0; i != SCMIA_SLOT_NONE && steps < c->max_msg; steps++) {
		struct scmia_xfer *x = &c->xfers[i];
		uint16_t nx;
		int cand;

		key = scmia__lock(a);
		cand = x->list == L_POLL && XST(x) == SCMIA_XS_SENT && !XBUSY(x) &&
		       x->holds < 0xffu;
		nx = x->next;
		/* Held while we look: another context may end and put it
		 * meanwhile, but its slot (and header) is not reused until we
		 * let go. */
		if (cand)
			x->holds++;
		scmia__unlock(a, key);
		if (!cand)
			break; /* the list changed under us: the next call goes on */
		if (ops->poll_done(a->tctx, c, x) > 0)
			(void)rx_reply(c, x->hdr, NULL, x);
		key = scmia__lock(a);
		x->holds--;
		slot_release(c, x);
		scmia__unlock(a, key);
		i = nx;
	}
}
#endif

/* Fail what is overdue on every a2p channel. */
static int agent_expire(struct scmia_agent *agent)
{
	struct scmia_chan *c;
	scmia_lock_key_t key;
	uint64_t now_us, next;
	int n = 0;

	now_us = clock_now(agent);
	key = scmia__lock(agent);
	next = agent->next_expiry;
	scmia__unlock(agent, key);
	if (now_us < next)
		return 0; /* nothing due: O(1) */
	for (c = agent->chans; c; c = c->next)
		if (c->dir == SCMIA_CHAN_A2P)
			n += chan_expire(c, now_us);
	/* The earliest deadline left, over every channel, in one critical
	 * section so that a concurrent submit's lower deadline is kept. */
	key = scmia__lock(agent);
	agent->next_expiry = agent_next_deadline(agent);
	scmia__unlock(agent, key);
	return n;
}

#if SCMIA_CFG_RAW
int scmia__agent_expire(struct scmia_agent *agent)
{
	return agent_expire(agent);
}
#endif

int scmia_agent_service_at(struct scmia_agent *agent, uint64_t now_us)
{
	const struct scmia_transport_ops *ops;
	struct scmia_chan *c;
	scmia_lock_key_t key;

	if (!agent || !agent->state)
		return SCMIA_EINVAL;
	ops = agent->ops;
	(void)ops; /* without polling and p2a channels */
	(void)c;
	if (!(agent->osf & SCMIA_OSF_NOW)) {
		/* No clock op: the host's time drives the virtual clock. */
		key = scmia__lock(agent);
		if (now_us > agent->vtime)
			agent->vtime = now_us;
		scmia__unlock(agent, key);
	}
	/* What the lists and channel states say is read under the lock: a
	 * submit, a receive or a close changes them from other contexts. */
#if SCMIA_CFG_POLL
	if (ops->poll_done) {
		uint32_t np;

		key = scmia__lock(agent);
		np = agent->n_polled;
		scmia__unlock(agent, key);
		for (c = np ? agent->chans : NULL; c; c = c->next) {
			int pending;

			key = scmia__lock(agent);
			pending = c->dir == SCMIA_CHAN_A2P && c->lhead[L_POLL] != SCMIA_SLOT_NONE;
			scmia__unlock(agent, key);
			if (pending)
				chan_poll_pending(c);
		}
	}
#endif
#if SCMIA_CFG_P2A
	if (ops->rx_poll)
		for (c = agent->chans; c; c = c->next) {
			int open;

			key = scmia__lock(agent);
			open = c->dir == SCMIA_CHAN_P2A && c->state == SCMIA_CHS_OPEN;
			scmia__unlock(agent, key);
			/* bounded: at most one pool's worth per channel and call */
			for (unsigned k = 0; open && k < c->max_msg && ops->rx_poll(agent->tctx, c) > 0;
			     k++)
				;
		}
#endif
	return agent_expire(agent);
}

int scmia_agent_service(struct scmia_agent *agent)
{
	if (!agent || !agent->state)
		return SCMIA_EINVAL;
	return scmia_agent_service_at(agent, clock_now(agent));
}
#endif /* SCMIA_CFG_NONBLOCKING */

/* ------------------------------------------------------------------ */
/* Notifications (receive side; dispatch lives in notify.c)            */
/* ------------------------------------------------------------------ */
#if SCMIA_CFG_NOTIFY

/* Per-protocol counts of queued notifications of a default p2a pool: an
 * open-addressed table (linear probing, backward-shift deletion) of
 * (count << 8 | protocol) entries, 0 = empty. With 256 buckets it is a
 * direct table; otherwise at most max_msg protocols are live in twice as
 * many buckets. */
static uint16_t *quota_slot(struct scmia_chan *rc, uint8_t proto)
{
	unsigned i = proto & rc->tmask;

	while (rc->tab[i] && (rc->tab[i] & 0xffu) != proto)
		i = (i + 1u) & rc->tmask;
	return &rc->tab[i];
}

static void quota_dec(struct scmia_chan *rc, uint8_t proto)
{
	uint16_t *e = quota_slot(rc, proto);
	unsigned i, j;

	if (!*e)
		return;
	*e = (uint16_t)(*e - 0x100u);
	if (*e >> 8)
		return;
	/* Count reached 0: delete, shifting back later entries of the run. */
	i = (unsigned)(e - rc->tab);
	rc->tab[i] = 0;
	for (j = (i + 1u) & rc->tmask; rc->tab[j]; j = (j + 1u) & rc->tmask) {
		unsigned home = (rc->tab[j] & 0xffu) & rc->tmask;

		/* Move it back unless its home lies cyclically in (i, j]. */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			rc->tab[i] = rc->tab[j];
			rc->tab[j] = 0;
			i = j;
		}
	}
}

static int rx_notification(struct scmia_chan *rc, uint32_t hdr, void *cookie)
{
	struct scmia_agent *a = rc->agent;
	const struct scmia_transport_ops *ops = a->ops;
	uint8_t proto = scmia_hdr_proto_id(hdr);
	uint16_t *q = NULL;
	struct scmia_xfer *x;
	scmia_lock_key_t key;
	int ret;

	key = scmia__lock(a);
	if (rc->state != SCMIA_CHS_OPEN) {
		SCMIA__CNT(a, SCMIA_CNT_RX_ERRORS);
		if (rc->state == SCMIA_CHS_CLOSED) {
			scmia__unlock(a, key);
			return SCMIA_ESTATE;
		}
		rc->rx_active++;
		scmia__unlock(a, key);
		return rx_drop(a, rc, hdr, cookie, SCMIA_ESTATE, BAD_UNEXPECTED);
	}
	rc->rx_active++;
	/* Per-protocol quota on a shared pool: a flood on one protocol must
	 * leave room for the others. */
	if (!rc->proto_id) {
		q = quota_slot(rc, proto);
		if ((unsigned)(*q >> 8) >= a->notify_quota)
			q = NULL;
		x = q ? slot_pop(rc) : NULL;
	} else {
		x = slot_pop(rc);
	}
	if (!x) {
		SCMIA__CNT(a, SCMIA_CNT_NOTIFY_DROPS);
		scmia__unlock(a, key);
		return rx_drop(a, rc, hdr, cookie, SCMIA_ENOSPC, BAD_NOMEM);
	}
	if (q)
		*q = (uint16_t)(((*q >> 8) + 1u) << 8 | proto);
	XST_SET(x, SCMIA_XS_QUEUED);
	XBUSY_SET(x, 1);
	scmia__unlock(a, key);

	x->hdr = hdr;
	x->rx_len = 0;
	ret = ops->fetch_notification(a->tctx, rc, x, rc->msg_size, cookie);
	if (x->rx_len > x->rx_cap)
		x->rx_len = x->rx_cap; /* never trust a transport's length either */
#if SCMIA_CFG_TRACE
	if (!ret && a->trace) {
		trace_ev(a, rc, hdr, 0, SCMIA_TRACE_MSG_DUMP, 0, SCMIA_TRACE_TAG_NOTI,
			 SCMIA_TRACE_DIR_P2A, x->rx_buf, x->rx_len, 0, 0);
		trace_ev(a, rc, hdr, 0, SCMIA_TRACE_RX_DONE, 0, 0, 0, NULL, 0, 0, 0);
	}
#endif
#if SCMIA_CFG_RAW
	if (!ret && a->raw)
		scmia__raw_notify(a, rc, hdr, x->rx_buf, x->rx_len);
#endif

	key = scmia__lock(a);
	if (ret) {
		count_fetch_error(a, ret);
	} else {
		SCMIA__CNT(a, SCMIA_CNT_NOTIFICATIONS);
		if (!(a->flags & SCMIA_AGENT_F_NOTIFY_IMMEDIATE)) {
			x->qnext = NULL;
			if (a->nq_tail)
				a->nq_tail->qnext = x;
			else
				a->nq_head = x;
			a->nq_tail = x;
			rc->nq_count++;
			x = NULL;
		} else {
			scmia__unlock(a, key);
			scmia__notify_deliver(a, x);
			key = scmia__lock(a);
		}
	}
	if (x) {
		if (!rc->proto_id)
			quota_dec(rc, proto);
		scmia__notify_slot_free(rc, x);
	}
	rc->rx_active--;
#if SCMIA_CFG_NONBLOCKING
	{
		/* A receive on the p2a side is a chance to expire too. */
		struct scmia_chan *c = rc->peer;
		int expire = c && c->n_cb;
		uint64_t next_exp = a->next_expiry;

		scmia__unlock(a, key);
		if (expire)
			rx_expire(c, next_exp);
	}
#else
	scmia__unlock(a, key);
#endif
	return ret;
}

/* Take the oldest queued notification. Lock held. */
struct scmia_xfer *scmia__notify_pop(struct scmia_agent *a);
struct scmia_xfer *scmia__notify_pop(struct scmia_agent *a)
{
	struct scmia_xfer *x = a->nq_head;

	if (!x)
		return NULL;
	a->nq_head = x->qnext;
	if (!a->nq_head)
		a->nq_tail = NULL;
	x->chan->nq_count--;
	return x;
}

/* A dispatched notification's slot goes back. Lock held. */
void scmia__notify_done(struct scmia_xfer *x);
void scmia__notify_done(struct scmia_xfer *x)
{
	struct scmia_chan *rc = x->chan;

	if (!rc->proto_id)
		quota_dec(rc, scmia_hdr_proto_id(x->hdr));
	scmia__notify_slot_free(rc, x);
}
#endif /* SCMIA_CFG_NOTIFY */

/* ------------------------------------------------------------------ */
/* The receive entry                                                   */
/* ------------------------------------------------------------------ */

/* Every message the fast path of scmia_rx() does not take. */
COLD static int rx_other(struct scmia_chan *chan, uint32_t hdr, void *cookie)
{
	struct scmia_agent *a = chan->agent;
	scmia_lock_key_t key;

	if (scmia_hdr_reserved(hdr))
		goto malformed;
	switch (scmia_hdr_type(hdr)) {
	case SCMIA_MSG_TYPE_COMMAND:
		if (chan->dir != SCMIA_CHAN_A2P)
			goto malformed;
		return rx_reply(chan, hdr, cookie, NULL);
#if SCMIA_CFG_ASYNC
	case SCMIA_MSG_TYPE_DELAYED_RESP:
		return rx_reply(chan, hdr, cookie, NULL);
#endif
#if SCMIA_CFG_NOTIFY
	case SCMIA_MSG_TYPE_NOTIFICATION:
		/* Notifications have their own pool and never touch the
		 * token table: one can never complete a pending command. */
		if (chan->dir != SCMIA_CHAN_P2A)
			goto malformed;
		return rx_notification(chan, hdr, cookie);
#endif
	default:
		break;
	}
malformed:
	key = scmia__lock(a);
	SCMIA__CNT(a, SCMIA_CNT_MALFORMED);
	if (chan->state == SCMIA_CHS_CLOSED) {
		scmia__unlock(a, key);
		return SCMIA_EMALFORMED;
	}
	chan->rx_active++;
	scmia__unlock(a, key);
	return rx_drop(a, chan, hdr, cookie, SCMIA_EMALFORMED, BAD_UNKNOWN);
}

#if SCMIA_CFG_FAST_PATHS
/*
 * Fast path of scmia_rx(): the response (type 0, echoing its command's
 * whole header) of a synchronous command that waits on this a2p channel,
 * and nobody else receiving it. Anything else takes the general path.
 * @lk: the agent has a lock op (a constant in each copy).
 */
static inline __attribute__((always_inline)) int rx_fast(struct scmia_agent *a,
							 struct scmia_chan *rc, uint32_t hdr,
							 void *cookie, const int lk)
{
	struct scmia_xfer *x;
	scmia_lock_key_t key;
	uint16_t e;
	int fr, err;

	key = scmia__lock_k(a, lk);
	if (rc->state != SCMIA_CHS_OPEN)
		goto other;
	/* its token at home (the common case); anything else: general path */
	e = rc->tab[(hdr >> 18) & rc->tmask];
	if (e & TB_QUAR)
		goto other;
	x = &rc->xfers[e];
	if (x->hdr != hdr || XST(x) != SCMIA_XS_SENT || XBUSY(x))
		goto other;
	XBUSY_SET(x, 1);
	rc->rx_active++;
	scmia__unlock_k(a, lk, key);

	/* rx_len is 0: reset at get, and nothing was fetched for a SENT
	 * transfer (a fetch ends SENT, whether it succeeds or fails). */
	fr = a->ops->fetch_response(a->tctx, rc, x, cookie);
	if (!fr)
		TRACE_REPLY(a, rc, x, hdr);

	if (fr || (x->flags & SCMIA_XFER_F_ASYNC)
#if SCMIA_CFG_NONBLOCKING
	    || x->cb
#endif
	) {
		uint64_t now = rx_clock(a, x, SCMIA_MSG_TYPE_COMMAND);

		if (!fr)
			RAW_REPLY(a, rc, x, hdr); /* raw commands have a callback */
		key = scmia__lock_k(a, lk);
		return rx_complete(a, rc, rc, x, SCMIA_MSG_TYPE_COMMAND, cookie, fr, now, NULL, key);
	}
	err = scmia_err_from_status(x->status);
	key = scmia__lock_k(a, lk);
#if SCMIA_CFG_LOCK
	if (x->def_pending || !x->owned)
		return rx_complete(a, rc, rc, x, SCMIA_MSG_TYPE_COMMAND, cookie, 0, 0, NULL, key);
#endif
	if (err) {
		if (err == SCMIA_EMALFORMED)
			SCMIA__CNT(a, SCMIA_CNT_MALFORMED);
		else
			count_status(a, x->status);
	}
	SCMIA__CNT(a, SCMIA_CNT_REPLIES);
	x->replied = SCMIA__RP_FINAL;
	x->result = err;
	XST_PUB(x, SCMIA_XS_DONE);
	XBUSY_SET(x, 0);
	rc->rx_active--;
	scmia__unlock_k(a, lk, key);
#if SCMIA_CFG_IRQ
	if ((a->osf & SCMIA_OSF_WAIT) && rc->wait_objs)
		a->os->signal(a->os_ctx, wait_obj(rc, x));
#endif
	return SCMIA_OK;

other:
	scmia__unlock_k(a, lk, key);
	return rx_other(rc, hdr, cookie);
}
#endif

/* The copy with the lock op: out of line, so that the copy without one
 * (inlined in the entry point) saves no registers for it. */
#if SCMIA__TWO_COPIES
static __attribute__((noinline)) int rx_fast_locked(struct scmia_agent *a, struct scmia_chan *rc,
						    uint32_t hdr, void *cookie)
{
	return rx_fast(a, rc, hdr, cookie, 1);
}
#endif

int scmia_rx(struct scmia_chan *rc, uint32_t hdr, void *cookie)
{
	struct scmia_agent *a;

	if (!rc || !rc->agent)
		return SCMIA_ESTATE;
	a = rc->agent;
	if ((hdr & (0xf0000000u | TYPE_BITS)) || rc->dir != SCMIA_CHAN_A2P)
		return rx_other(rc, hdr, cookie);
#if SCMIA__TWO_COPIES
	if (SCMIA__HAS_LOCK(a))
		return rx_fast_locked(a, rc, hdr, cookie);
	return rx_fast(a, rc, hdr, cookie, 0);
#elif SCMIA_CFG_FAST_PATHS
	return rx_fast(a, rc, hdr, cookie, SCMIA__HAS_LOCK(a));
#else
	(void)a;
	return rx_other(rc, hdr, cookie);
#endif
}

/* ------------------------------------------------------------------ */
/* Transfers: get, submit, wait, put                                   */
/* ------------------------------------------------------------------ */

#if SCMIA_CFG_DEDICATED
static unsigned ded_home(uint8_t proto_id)
{
	return ((unsigned)proto_id * 0x9eu) & (SCMIA_CFG_CHAN_TABLE - 1u);
}

/* The dedicated a2p channel of @proto_id, or NULL. O(1): the table is at
 * most half full. */
static struct scmia_chan *ded_lookup(struct scmia_agent *a, uint8_t proto_id)
{
	unsigned i = ded_home(proto_id);
	struct scmia_chan *c;

	while ((c = a->ded[i]) != NULL) {
		if (c->proto_id == proto_id)
			return c;
		i = (i + 1u) & (SCMIA_CFG_CHAN_TABLE - 1u);
	}
	return NULL;
}
#endif

static struct scmia_chan *chan_lookup(struct scmia_agent *a, uint8_t proto_id)
{
#if SCMIA_CFG_DEDICATED
	if (a->n_ded && proto_id) {
		struct scmia_chan *c = ded_lookup(a, proto_id);

		if (c)
			return c;
	}
#else
	(void)proto_id;
#endif
	return a->def;
}

int scmia_chan_has_p2a(const struct scmia_chan *chan)
{
#if SCMIA_CFG_P2A
	if (!chan || chan->dir != SCMIA_CHAN_A2P)
		return 0;
	return SCMIA__LOAD_RLX(&chan->peer) != NULL;
#else
	(void)chan;
	return 0;
#endif
}

struct scmia_chan *scmia_agent_chan(struct scmia_agent *agent, uint8_t proto_id)
{
	if (!agent)
		return NULL;
	return chan_lookup(agent, proto_id);
}

/* Take a slot and the next token when the common path could not: any
 * channel, token table in any state. Reports why nothing was taken. */
COLD static int xfer_get_on(struct scmia_agent *agent, struct scmia_chan *c, uint8_t proto_id,
			    uint8_t msg_id, uint32_t tx_len, uint32_t rx_cap,
			    struct scmia_xfer **out)
{
	struct scmia_xfer *x;
	scmia_lock_key_t key;
	unsigned t;
	int ret;

	*out = NULL;
	if (!c)
		return agent->state ? SCMIA_ENOENT : SCMIA_EINVAL;
	if (tx_len > c->msg_size || rx_cap > c->msg_size)
		return SCMIA_EINVAL;
	key = scmia__lock(agent);
	if (c->state != SCMIA_CHS_OPEN) {
		ret = SCMIA_ENOENT;
		goto out;
	}
	if (c->free_head == SCMIA_SLOT_NONE) {
		SCMIA__CNT(agent, SCMIA_CNT_NO_SLOT);
		ret = SCMIA_ENOSLOT;
		goto out;
	}
	x = &c->xfers[c->free_head];
	t = token_alloc(c, x);
	c->free_head = x->next;
	x->owned = 1;
	XST_SET(x, SCMIA_XS_IDLE);
	x->hdr = scmia_hdr_pack(msg_id, SCMIA_MSG_TYPE_COMMAND, proto_id, t);
#if SCMIA_CFG_TRACE
	x->transfer_id = ++agent->transfer_id;
#endif
	scmia__unlock(agent, key);
	x->tx_len = tx_len;
	x->rx_cap = rx_cap ? rx_cap : c->msg_size;
	x->rx_len = 0;
	x->status = 0;
	*out = x;
	return SCMIA_OK;
out:
	scmia__unlock(agent, key);
	return ret;
}

COLD static int xfer_get_slow(struct scmia_agent *agent, uint8_t proto_id, uint8_t msg_id,
			      uint32_t tx_len, uint32_t rx_cap, struct scmia_xfer **out)
{
	struct scmia_chan *c = agent->def;

#if SCMIA_CFG_DEDICATED
	if (agent->n_ded && proto_id) {
		struct scmia_chan *d = ded_lookup(agent, proto_id);

		if (d)
			c = d;
	}
#endif
	return xfer_get_on(agent, c, proto_id, msg_id, tx_len, rx_cap, out);
}

#if SCMIA_CFG_RAW
int scmia__xfer_get_on(struct scmia_agent *agent, struct scmia_chan *c, uint8_t proto_id,
		       uint8_t msg_id, uint32_t tx_len, uint32_t rx_cap, struct scmia_xfer **out)
{
	if (!c)
		return xfer_get_slow(agent, proto_id, msg_id, tx_len, rx_cap, out);
	*out = NULL;
	if (c->agent != agent || c->dir != SCMIA_CHAN_A2P)
		return SCMIA_EINVAL;
	return xfer_get_on(agent, c, proto_id, msg_id, tx_len, rx_cap, out);
}

uint64_t scmia__now(struct scmia_agent *a)
{
	return clock_now(a);
}

void scmia__relax(struct scmia_agent *a)
{
	clock_relax(a);
}
#endif

#if SCMIA_CFG_FAST_PATHS
/* scmia_xfer_get() once its arguments are known good: the common path, a
 * free slot and the next token after the last one issued free (in its
 * home bucket, or found by the direct table's map). @lk: the agent has a
 * lock op (a constant in each copy). */
static inline __attribute__((always_inline)) int
xfer_get_fast(struct scmia_agent *agent, uint8_t proto_id, uint8_t msg_id, uint32_t tx_len,
	      uint32_t rx_cap, struct scmia_xfer **out, const int lk)
{
	struct scmia_chan *c;
	struct scmia_xfer *x;
	scmia_lock_key_t key;
	uint32_t hdr;
	unsigned t, b;
	uint16_t i;

	c = agent->def;
#if SCMIA_CFG_DEDICATED
	if (agent->n_ded && proto_id) {
		struct scmia_chan *d = ded_lookup(agent, proto_id);

		if (d)
			c = d;
	}
#endif
	if (!c || tx_len > c->msg_size || rx_cap > c->msg_size)
		return xfer_get_slow(agent, proto_id, msg_id, tx_len, rx_cap, out);
	/* What does not depend on the slot, before the lock. */
	hdr = scmia_hdr_pack(msg_id, SCMIA_MSG_TYPE_COMMAND, proto_id, 0);
	if (!rx_cap)
		rx_cap = c->msg_size;
	key = scmia__lock_k(agent, lk);
	i = c->free_head;
	t = (c->last_token + 1u) & (SCMIA_TOKEN_SPACE - 1u);
	if (c->state != SCMIA_CHS_OPEN || i == SCMIA_SLOT_NONE)
		goto slow;
	b = t & c->tmask;
	if (c->tab[b] != TB_EMPTY) {
		if (!HAS_OMAP(c))
			goto slow;
		/* A direct table: the next free one, two ctz steps. */
		if (!omap_next_free(c, t, &t))
			goto slow;
		b = t;
	}
	x = &c->xfers[i];
	c->tab[b] = i;
	if (HAS_OMAP(c))
		omap_set(c, b);
	c->last_token = (uint16_t)t;
	c->free_head = x->next;
	x->owned = 1;
	XST_SET(x, SCMIA_XS_IDLE);
	/* Under the lock: a receive that finds the token compares it. */
	x->hdr = hdr | ((uint32_t)t << 18);
#if SCMIA_CFG_TRACE
	x->transfer_id = ++agent->transfer_id;
#endif
	scmia__unlock_k(agent, lk, key);

	/* Nothing of a previous use may leak into this one (submit resets
	 * what each send sets; nothing else writes these while IDLE). */
	x->tx_len = tx_len;
	x->rx_cap = rx_cap;
	x->rx_len = 0;
	x->status = 0;
	*out = x;
	return SCMIA_OK;
slow:
	scmia__unlock_k(agent, lk, key);
	return xfer_get_slow(agent, scmia_hdr_proto_id(hdr), scmia_hdr_msg_id(hdr), tx_len, rx_cap,
			     out);
}
#endif

#if SCMIA__TWO_COPIES
/* The copy with the lock op, out of line (see rx_fast_locked()). */
static __attribute__((noinline)) int xfer_get_locked(struct scmia_agent *agent, uint8_t proto_id,
						     uint8_t msg_id, uint32_t tx_len,
						     uint32_t rx_cap, struct scmia_xfer **out)
{
	return xfer_get_fast(agent, proto_id, msg_id, tx_len, rx_cap, out, 1);
}
#endif

int scmia_xfer_get(struct scmia_agent *agent, uint8_t proto_id, uint8_t msg_id, uint32_t tx_len,
		   uint32_t rx_cap, struct scmia_xfer **out)
{
	if (!agent || !out)
		return SCMIA_EINVAL;
#if SCMIA__TWO_COPIES
	if (SCMIA__HAS_LOCK(agent))
		return xfer_get_locked(agent, proto_id, msg_id, tx_len, rx_cap, out);
	return xfer_get_fast(agent, proto_id, msg_id, tx_len, rx_cap, out, 0);
#elif SCMIA_CFG_FAST_PATHS
	return xfer_get_fast(agent, proto_id, msg_id, tx_len, rx_cap, out, SCMIA__HAS_LOCK(agent));
#else
	return xfer_get_slow(agent, proto_id, msg_id, tx_len, rx_cap, out);
#endif
}

void scmia_xfer_sent(struct scmia_xfer *xfer)
{
	/* Release: the receive path reads the fields set before send()
	 * (flags, callback) once it sees SENT. Only the submitter moves a
	 * SENDING transfer, so a plain store is enough. */
	if (xfer && XST(xfer) == SCMIA_XS_SENDING)
		XST_PUB(xfer, SCMIA_XS_SENT);
}

/* send() failed: nothing reached the platform, unless a reply already
 * came (then it did). */
COLD static int send_failed(struct scmia_agent *a, struct scmia_xfer *x, int ret)
{
	scmia_lock_key_t key = scmia__lock(a);
	uint8_t st = XST(x);

	if ((st == SCMIA_XS_SENDING || st == SCMIA_XS_SENT) && !XBUSY(x)) {
		/* The token never reached the platform and stays with the
		 * transfer. */
		XST_SET(x, SCMIA_XS_IDLE);
		SCMIA__CNT(a, SCMIA_CNT_TX_ERRORS);
#if SCMIA_CFG_NONBLOCKING
		x->in_send = 0;
#endif
		scmia__unlock(a, key);
		return ret < 0 ? ret : SCMIA_EIO;
	}
	scmia__unlock(a, key);
	return SCMIA_OK;
}

#if SCMIA_CFG_NONBLOCKING
/* A non-blocking transfer's send() returned: list it for expiry, or run
 * the callback of what ended while send() ran. */
COLD static void submit_nonblocking(struct scmia_agent *a, struct scmia_chan *c, struct scmia_xfer *x)
{
	uint64_t now = clock_raw(a);
	scmia_lock_key_t key;
	unsigned p = 0;
	int res = SCMIA_OK;
	uint8_t st;
	int due;

	key = scmia__lock(a);
	st = XST(x);
#if SCMIA_CFG_ASYNC
	if (st == SCMIA_XS_RESP && !x->txdone) {
		/* Its response came while send() ran: the send is over. The
		 * transport hears it before the transfer is listed and while
		 * in_send still keeps its end to us: a delayed response that
		 * ended it, ran its callback and let it be put and sent again
		 * before this mark_txdone would have this call release the
		 * new use's claim. A delayed response that comes meanwhile
		 * ends it and leaves the callback to us (finish_locked). */
		x->txdone = 1;
		scmia__unlock(a, key);
		txdone_op(a, c, x, SCMIA_OK);
		now = clock_raw(a);
		key = scmia__lock(a);
		st = XST(x);
	}
#endif
	now = clock_clamp_locked(a, now);
	x->in_send = 0;
	if (st == SCMIA_XS_DONE) {
		/* Ended while send() ran (a reply, or completion on return):
		 * its callback was left to us. */
		if (!x->txdone)
			p |= P_TXDONE;
		p |= P_CB;
		res = x->result; /* final: nothing ends it again */
	} else {
		c->n_cb++;
#if SCMIA_CFG_ASYNC
		if (st == SCMIA_XS_RESP) {
			x->deadline = now + c->dresp_timeout_us;
			list_insert(c, L_DRESP, x);
		} else
#endif
		{
			x->deadline = now + c->reply_timeout_us;
			list_insert(c, (x->flags & SCMIA_XFER_F_POLL) ? L_POLL : L_REPLY, x);
		}
	}
	if (p & P_TXDONE)
		x->txdone = 1;
	due = a->next_expiry <= now;
	scmia__unlock(a, key);
	if (p)
		post_run(a, c, x, p, res);
	if (due)
		(void)chan_expire(c, now);
}
#endif

/* @priv: private SCMIA_XFER_F__* bits of this use (a constant). */
static inline __attribute__((always_inline)) int xfer_submit(struct scmia_xfer *x, unsigned flags,
							     scmia_xfer_cb cb, void *arg,
							     unsigned priv, struct scmia_chan **cp)
{
	struct scmia_chan *c;
	struct scmia_agent *a;
	int ret;

	if (!x || !(c = x->chan) || (flags & ~(SCMIA_XFER_F_ASYNC | SCMIA_XFER_F_POLL)))
		return SCMIA_EINVAL;
	a = c->agent;
#if !SCMIA_CFG_ASYNC
	if (flags & SCMIA_XFER_F_ASYNC)
		return SCMIA_ENOTSUP;
#endif
	if (c->state != SCMIA_CHS_OPEN)
		return SCMIA_ECANCELED;
	if (!x->owned || XST(x) != SCMIA_XS_IDLE)
		return SCMIA_ESTATE;
#if SCMIA_CFG_POLL
	/* A polling channel wants no completion interrupt: tell the
	 * transport the same way a per-call override does. */
	if (c->mode == SCMIA_COMPLETION_POLL)
		flags |= SCMIA_XFER_F_POLL;
	else if ((flags & SCMIA_XFER_F_POLL) && !a->ops->poll_done &&
		 c->mode != SCMIA_COMPLETION_ON_RETURN)
		return SCMIA_ENOTSUP;
#else
	if (flags & SCMIA_XFER_F_POLL)
		return SCMIA_ENOTSUP;
#endif
	/* status and rx_len are 0 since get: only a fetch writes them, and a
	 * transfer that fetched a reply never returns to IDLE. */
	x->flags = (uint8_t)(flags | priv);
	x->txdone = 0;
	x->replied = 0;
#if SCMIA_CFG_NONBLOCKING
	x->cb = cb;
	x->cb_arg = arg;
	x->in_send = cb != NULL;
#else
	(void)cb;
	(void)arg;
#endif
#if SCMIA_CFG_IRQ
	/* Re-arm the wait object: a stale signal of an earlier use (a late
	 * reply) must not end this wait. */
	if ((a->osf & SCMIA_OSF_ARM) && c->wait_objs && !cb)
		a->os->wait_arm(a->os_ctx, wait_obj(c, x));
#endif
	XST_SET(x, SCMIA_XS_SENDING);
	TRACE_BEGIN(a, c, x);
	/* Dumped before the send (Linux dumps after it): its reply may come
	 * before send() returns, and a log or capture must show the command
	 * first. A send that fails is followed by its end event. */
	TRACE_CMND(a, c, x);

	ret = a->ops->send(a->tctx, c, x);

	if (ret) {
		ret = send_failed(a, x, ret);
		if (ret) {
			TRACE_END(a, c, x, ret);
			return ret;
		}
	} else if (XST(x) == SCMIA_XS_SENDING) {
		XST_PUB(x, SCMIA_XS_SENT); /* it did not say: it returned */
	}
	scmia__core_count(a, SCMIA_CNT_SENT);
#if SCMIA_CFG_ON_RETURN
	if (c->mode == SCMIA_COMPLETION_ON_RETURN)
		(void)rx_reply(c, x->hdr, NULL, x);
#endif
#if SCMIA_CFG_NONBLOCKING
	if (cb)
		submit_nonblocking(a, c, x);
#endif
	*cp = c;
	return SCMIA_OK;
}

#if SCMIA_CFG_NONBLOCKING
int scmia_xfer_submit(struct scmia_xfer *xfer, unsigned flags, scmia_xfer_cb cb, void *arg)
{
	struct scmia_chan *c;

	if (!cb)
		return SCMIA_EINVAL;
	return xfer_submit(xfer, flags, cb, arg, 0, &c);
}

#if SCMIA_CFG_RAW
int scmia__xfer_submit_raw(struct scmia_xfer *xfer, unsigned flags, scmia_xfer_cb cb, void *arg)
{
	struct scmia_chan *c;

	if (!cb)
		return SCMIA_EINVAL;
	return xfer_submit(xfer, flags, cb, arg, SCMIA_XFER_F__RAW, &c);
}
#endif
#endif

/* End a blocking transfer whose wait gave up (timeout or poll error),
 * unless it moved on or a receive is busy with it (it ends it). */
COLD static void wait_fail(struct scmia_chan *c, struct scmia_xfer *x, uint8_t seen, int err)
{
	struct scmia_agent *a = c->agent;
	scmia_lock_key_t key;

	key = scmia__lock(a);
	if (XST(x) == seen && !XBUSY(x)) {
		if (err == SCMIA_ETIMEDOUT)
			SCMIA__CNT(a, SCMIA_CNT_TIMEOUTS);
		(void)finish_locked(c, x, err);
	}
	scmia__unlock(a, key);
}

static void txdone(struct scmia_agent *a, struct scmia_chan *c, struct scmia_xfer *x, int ret)
{
	x->txdone = 1;
	txdone_op(a, c, x, ret);
}

COLD static int xfer_wait(struct scmia_xfer *x, int poll)
{
	struct scmia_chan *c = x->chan;
	struct scmia_agent *a = c->agent;
	const struct scmia_transport_ops *ops = a->ops;
	uint8_t dl_state = SCMIA_XS_FREE;
	uint64_t dl = 0;
	uint8_t st;

	(void)ops;
	(void)poll; /* without polling completion */
	while ((st = SCMIA__LOAD_ACQ(&x->state)) != SCMIA_XS_DONE) {
		uint64_t now;
		uint8_t busy;

#if SCMIA_CFG_ASYNC
		if (st == SCMIA_XS_RESP && !x->txdone)
			txdone(a, c, x, SCMIA_OK); /* the a2p side is done */
#endif
		busy = XBUSY(x);
#if SCMIA_CFG_POLL
		if (poll && !busy) {
			if (st == SCMIA_XS_SENT) {
				int r = ops->poll_done(a->tctx, c, x);

				if (r > 0) {
					(void)rx_reply(c, x->hdr, NULL, x);
					continue; /* the state moved, or someone else has it */
				}
				if (r < 0) {
					wait_fail(c, x, st, r);
					continue;
				}
			}
#if SCMIA_CFG_ASYNC
			else if (st == SCMIA_XS_RESP && ops->rx_poll && c->peer &&
				 ops->rx_poll(a->tctx, c->peer) > 0 &&
				 SCMIA__LOAD_ACQ(&x->state) != SCMIA_XS_RESP) {
				/* Waiting for a delayed response on a channel
				 * nobody interrupts for: we fetched it ourselves.
				 * Anything else that came (a flood of others)
				 * goes on to the deadline check below. */
				continue;
			}
#endif
		}
#endif
		now = clock_now(a);
		if (dl_state != st) {
			/* The clock starts now: after the doorbell, or when
			 * the response came for the delayed response. */
			dl_state = st;
#if SCMIA_CFG_ASYNC
			dl = now + (st == SCMIA_XS_RESP ? c->dresp_timeout_us : c->reply_timeout_us);
#else
			dl = now + c->reply_timeout_us;
#endif
		}
		if (now >= dl && !busy) {
			/* One last look after the deadline: a waiter preempted
			 * past its deadline must not report a false timeout. */
#if SCMIA_CFG_POLL
			if (poll && st == SCMIA_XS_SENT && ops->poll_done(a->tctx, c, x) > 0) {
				(void)rx_reply(c, x->hdr, NULL, x);
				continue;
			}
#endif
			wait_fail(c, x, st, SCMIA_ETIMEDOUT);
			continue;
		}
		/* Not done: wait for a signal, or back off one polling step.
		 * While a receive holds the reply (busy), it will end the
		 * transfer: keep backing off, whatever the deadline. */
#if SCMIA_CFG_IRQ
		if (!poll && (a->osf & SCMIA_OSF_WAIT) && c->wait_objs && !busy && now < dl) {
			uint64_t rem = dl - now;
			uint32_t tmo = rem > 0xffffffffu ? 0xffffffffu : (uint32_t)rem;

			if (a->os->wait(a->os_ctx, wait_obj(c, x), tmo) == SCMIA_ETIMEDOUT &&
			    !(a->osf & SCMIA_OSF_NOW)) {
				scmia_lock_key_t key = scmia__lock(a);

				if (a->vtime < dl)
					a->vtime = dl; /* no clock: the OS measured it */
				scmia__unlock(a, key);
			}
			continue;
		}
#endif
		clock_relax(a);
	}
	if (!x->txdone)
		txdone(a, c, x, x->result);
	return x->result;
}

int scmia_xfer_do(struct scmia_xfer *xfer, unsigned flags)
{
	struct scmia_chan *c;
	int ret;

	ret = xfer_submit(xfer, flags, NULL, NULL, 0, &c);
	if (ret)
		return ret;
	TRACE_WAIT(c->agent, c, xfer, c->reply_timeout_us);
	if (SCMIA__LOAD_ACQ(&xfer->state) == SCMIA_XS_DONE) {
		/* Done already (the reply came during send, or on return). */
		if (!xfer->txdone)
			txdone(c->agent, c, xfer, xfer->result);
		ret = xfer->result;
	} else {
		ret = xfer_wait(xfer, (xfer->flags & SCMIA_XFER_F_POLL) != 0);
	}
	TRACE_END(c->agent, c, xfer, ret);
	return ret;
}

/* What the command of a transfer that ended still owes (QO_*): nothing
 * after its final reply; else its response unless it had it, and for an
 * asynchronous command its delayed response unless that came first. */
COLD static uint32_t xfer_owed(const struct scmia_xfer *x)
{
	uint32_t o;

	if (x->replied & SCMIA__RP_FINAL)
		return 0;
	o = (x->replied & SCMIA__RP_RESP) ? 0u : QO_RESP;
#if SCMIA_CFG_ASYNC
	if ((x->flags & SCMIA_XFER_F_ASYNC) && !(x->replied & SCMIA__RP_DRESP))
		o |= QO_DRESP;
#endif
	return o;
}

/* Give a transfer back when the common path could not: its token away
 * from its bucket, to be quarantined, or the slot still held. */
COLD static int xfer_put_slow(struct scmia_xfer *xfer)
{
	struct scmia_chan *c = xfer->chan;
	struct scmia_agent *a = c->agent;
	scmia_lock_key_t key;
	uint8_t st;

	key = scmia__lock(a);
	st = XST(xfer);
	if (!xfer->owned || st == SCMIA_XS_SENDING || st == SCMIA_XS_SENT ||
	    st == SCMIA_XS_RESP) {
		scmia__unlock(a, key);
		return SCMIA_ESTATE;
	}
	xfer->owned = 0;
	/* No final reply to a command the platform saw: keep the token out of
	 * circulation so that its late reply is told apart from a new one's. */
	token_release(a, c, xfer, st == SCMIA_XS_DONE ? xfer_owed(xfer) : 0u);
	slot_release(c, xfer);
	scmia__unlock(a, key);
	return SCMIA_OK;
}

#if SCMIA_CFG_FAST_PATHS
/* The common path of scmia_xfer_put(): answered (or never sent), token at
 * home, nothing else holding the slot. @lk: the agent has a lock op. */
static inline __attribute__((always_inline)) int xfer_put_fast(struct scmia_agent *a,
							       struct scmia_chan *c,
							       struct scmia_xfer *xfer,
							       const int lk)
{
	scmia_lock_key_t key;
	unsigned b;
	uint8_t st;

	key = scmia__lock_k(a, lk);
	st = XST(xfer);
	b = (xfer->hdr >> 18) & c->tmask;
	if (!xfer->owned ||
	    !(st == SCMIA_XS_IDLE || (st == SCMIA_XS_DONE && (xfer->replied & SCMIA__RP_FINAL))) ||
	    XBUSY(xfer) || xfer->holds || c->tab[b] != xfer->index || c->n_displaced) {
		scmia__unlock_k(a, lk, key);
		return xfer_put_slow(xfer);
	}
	c->tab[b] = TB_EMPTY;
	if (HAS_OMAP(c))
		omap_clr(c, b);
	xfer->owned = 0;
	slot_push(c, xfer);
	scmia__unlock_k(a, lk, key);
	return SCMIA_OK;
}
#endif

#if SCMIA__TWO_COPIES
/* The copy with the lock op, out of line (see rx_fast_locked()). */
static __attribute__((noinline)) int xfer_put_locked(struct scmia_agent *a, struct scmia_chan *c,
						     struct scmia_xfer *xfer)
{
	return xfer_put_fast(a, c, xfer, 1);
}
#endif

int scmia_xfer_put(struct scmia_xfer *xfer)
{
	struct scmia_chan *c;
	struct scmia_agent *a;

	if (!xfer || !(c = xfer->chan))
		return SCMIA_EINVAL;
	a = c->agent;
#if SCMIA__TWO_COPIES
	if (SCMIA__HAS_LOCK(a))
		return xfer_put_locked(a, c, xfer);
	return xfer_put_fast(a, c, xfer, 0);
#elif SCMIA_CFG_FAST_PATHS
	return xfer_put_fast(a, c, xfer, SCMIA__HAS_LOCK(a));
#else
	(void)a;
	(void)c;
	return xfer_put_slow(xfer);
#endif
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
	if (rx_cap && (ret == SCMIA_OK || (x->replied & SCMIA__RP_FINAL))) {
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

void scmia_chan_no_completion_irq(struct scmia_chan *chan)
{
	/* Until chan_resolve() reads it, the mode holds the transport's
	 * word: polling. */
	if (chan && chan->state == SCMIA_CHS_OPENING)
		chan->mode = SCMIA_COMPLETION_POLL;
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
#if SCMIA_CFG_P2A
	if (chan->dir == SCMIA_CHAN_P2A && chan->peer)
		chan = chan->peer;
#endif
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

scmia_lock_key_t scmia_chan_lock(struct scmia_chan *chan)
{
	return scmia__lock(chan->agent);
}

void scmia_chan_unlock(struct scmia_chan *chan, scmia_lock_key_t key)
{
	scmia__unlock(chan->agent, key);
}

void scmia_chan_count(struct scmia_chan *chan, enum scmia_counter id)
{
	scmia_lock_key_t key;

	if (!chan || !chan->agent || (unsigned)id >= (unsigned)SCMIA_CNT__COUNT)
		return;
	if (id == SCMIA_CNT_SENT) {
		scmia__core_count(chan->agent, (unsigned)id);
		return;
	}
	key = scmia__lock(chan->agent);
	SCMIA__CNT(chan->agent, (unsigned)id);
	scmia__unlock(chan->agent, key);
}

void scmia_xfer_hold(struct scmia_xfer *xfer)
{
	scmia_lock_key_t key;

	if (!xfer || !xfer->chan)
		return;
	key = scmia__lock(xfer->chan->agent);
	if (XST(xfer) != SCMIA_XS_FREE && xfer->holds < 0xffu)
		xfer->holds++;
	scmia__unlock(xfer->chan->agent, key);
}

void scmia_xfer_late(struct scmia_xfer *xfer)
{
	struct scmia_chan *c;
	scmia_lock_key_t key;

	if (!xfer || !(c = xfer->chan) || c->dir != SCMIA_CHAN_A2P)
		return;
	key = scmia__lock(c->agent);
	if (xfer->holds && XST(xfer) == SCMIA_XS_DONE && !(xfer->replied & SCMIA__RP_FINAL)) {
		unsigned t = scmia_hdr_token(xfer->hdr), i;
		int found;

		i = tab_find(c, t, &found);
		if (xfer->owned) {
			/* Not put yet: its put keeps out only what is still
			 * owed -- the delayed response of an async command
			 * whose response this was. */
			xfer->replied = (xfer_owed(xfer) & ~QO_RESP) ? SCMIA__RP_RESP : SCMIA__RP_FINAL;
		} else if (found && c->tab[i] == (TB_QUAR | t)) {
			/* its response (the command's header, type 0) */
			(void)quarantine_answer(c, i, t, xfer->hdr);
		}
	}
	scmia__unlock(c->agent, key);
}

void scmia_xfer_unhold(struct scmia_xfer *xfer)
{
	scmia_lock_key_t key;

	if (!xfer || !xfer->chan)
		return;
	key = scmia__lock(xfer->chan->agent);
	if (XST(xfer) != SCMIA_XS_FREE && xfer->holds) {
		xfer->holds--;
		slot_release(xfer->chan, xfer);
	}
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
	if (os) {
		agent->osf = (uint8_t)((os->lock ? SCMIA_OSF_LOCK : 0u) |
				       (os->wait ? SCMIA_OSF_WAIT : 0u) |
				       (os->wait_arm ? SCMIA_OSF_ARM : 0u) |
				       (os->now_us ? SCMIA_OSF_NOW : 0u) |
				       (os->relax ? SCMIA_OSF_RELAX : 0u) |
				       (os->log ? SCMIA_OSF_LOG : 0u));
	}
	agent->transport = cfg->transport;
	agent->ops = cfg->transport->ops;
	agent->tctx = cfg->transport_ctx;
	agent->flags = cfg->flags;
#if SCMIA_CFG_NOTIFY
	agent->notify_quota = cfg->notify_quota > 255u ? 255u : cfg->notify_quota;
	agent->notify_src = cfg->notify_src ? cfg->notify_src : scmia_notify_src_default;
	agent->notify_src_ctx = cfg->notify_src_ctx;
#endif
#if SCMIA_CFG_NONBLOCKING
	agent->next_expiry = UINT64_MAX;
#endif
#if SCMIA_CFG_TRACE
	agent->trace = cfg->trace;
	agent->trace_ctx = cfg->trace_ctx;
	agent->agent_id = cfg->agent_id;
#endif
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

static int chan_resolve(struct scmia_agent *a, struct scmia_chan *c,
			const struct scmia_chan_cfg *cfg, size_t *need)
{
	const struct scmia_transport *tr = a->transport;
	/* the transport said no completion interrupt is wired (chan_setup) */
	const int no_irq = c->mode == SCMIA_COMPLETION_POLL;
	unsigned tmax, max, size, tsize;
	size_t slots;

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
	max = cfg->max_msg ? cfg->max_msg : tmax < SCMIA_CFG_MAX_SLOTS ? tmax : SCMIA_CFG_MAX_SLOTS;
	if (max > tmax || max > SCMIA_CFG_MAX_SLOTS)
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
#if SCMIA_CFG_ASYNC
	c->dresp_timeout_us = cfg->dresp_timeout_us ? cfg->dresp_timeout_us
						    : SCMIA_DEFAULT_DRESP_TIMEOUT_US;
#endif
	c->wait_objs = cfg->wait_objs;
	c->wait_stride = cfg->wait_obj_stride;

	/*
	 * AUTO: completion on return when the transport says so; polling when
	 * there is no completion interrupt (for the transport, or for this
	 * channel), no OS, or no lock (nothing can run the receive entry
	 * concurrently); otherwise interrupt-driven: OS wait objects when
	 * given, else a spin on the state the receive entry (in an interrupt)
	 * updates.
	 */
	switch (cfg->completion) {
	case SCMIA_COMPLETION_AUTO:
		if (SCMIA_CFG_ON_RETURN && (tr->flags & SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN))
			c->mode = SCMIA_COMPLETION_ON_RETURN;
		else if (SCMIA_CFG_POLL && tr->ops->poll_done &&
			 (no_irq || !SCMIA_CFG_IRQ ||
			  (tr->flags & SCMIA_TRANSPORT_F_NO_COMPLETION_IRQ) ||
			  !(a->osf & SCMIA_OSF_LOCK)))
			c->mode = SCMIA_COMPLETION_POLL;
		else if (SCMIA_CFG_IRQ && !no_irq)
			c->mode = SCMIA_COMPLETION_IRQ;
		else
			return SCMIA_ENOTSUP;
		break;
	case SCMIA_COMPLETION_POLL:
		if (!SCMIA_CFG_POLL)
			return SCMIA_ENOTSUP;
		if (!tr->ops->poll_done)
			return SCMIA_EINVAL;
		c->mode = SCMIA_COMPLETION_POLL;
		break;
	case SCMIA_COMPLETION_IRQ:
		if (!SCMIA_CFG_IRQ)
			return SCMIA_ENOTSUP;
		if (no_irq)
			return SCMIA_EINVAL; /* no interrupt will ever end a wait */
		c->mode = SCMIA_COMPLETION_IRQ;
		break;
	case SCMIA_COMPLETION_ON_RETURN:
		if (!SCMIA_CFG_ON_RETURN)
			return SCMIA_ENOTSUP;
		c->mode = SCMIA_COMPLETION_ON_RETURN;
		break;
	default:
		return SCMIA_EINVAL;
	}

	slots = SCMIA_ALIGN8(sizeof(struct scmia_xfer) * max);
	if (c->dir == SCMIA_CHAN_A2P) {
		size_t b = SCMIA_TOKEN_BUCKETS(max);

		c->tmask = (uint16_t)(b - 1u);
		*need = slots + SCMIA_ALIGN8(size) * 2u * max + b * 2u +
			SCMIA_ALIGN8(SCMIA__QUARANTINE(max) * 4u) +
			(b == SCMIA_TOKEN_SPACE ? SCMIA_TOKEN_SPACE / 8u : 0u);
	} else {
		size_t b = SCMIA__QUOTA_BUCKETS(max);

		c->tmask = (uint16_t)(b ? b - 1u : 0u);
		*need = slots + SCMIA_ALIGN8(size) * max + b * 2u;
	}
	return SCMIA_OK;
}

static void chan_carve(struct scmia_chan *c, void *mem, size_t need)
{
	uint8_t *p = (uint8_t *)mem;
	size_t bsz = SCMIA_ALIGN8(c->msg_size);
	uint8_t *bufs;
	unsigned i;

	memset(mem, 0, need);
	c->xfers = (struct scmia_xfer *)(void *)p;
	p += SCMIA_ALIGN8(sizeof(struct scmia_xfer) * c->max_msg);
	bufs = p;
	if (c->dir == SCMIA_CHAN_A2P) {
		unsigned b = (unsigned)c->tmask + 1u;

		p += bsz * 2u * c->max_msg;
		c->tab = (uint16_t *)(void *)p;
		for (i = 0; i < b; i++)
			c->tab[i] = TB_EMPTY;
		c->qring = (uint32_t *)(void *)(c->tab + b);
		c->qcap = (uint16_t)SCMIA__QUARANTINE(c->max_msg);
		c->omap = NULL;
		c->osum = 0;
		if (b == SCMIA_TOKEN_SPACE)
			c->omap = c->qring + SCMIA_ALIGN8(c->qcap * 4u) / 4u;
		/* Start so that the first token issued is 0. */
		c->last_token = SCMIA_TOKEN_SPACE - 1u;
	} else {
		p += bsz * c->max_msg;
		c->tab = (uint16_t *)(void *)p;
	}
#if SCMIA_CFG_NONBLOCKING
	for (i = 0; i < 3u; i++) {
		c->lhead[i] = SCMIA_SLOT_NONE;
		c->ltail[i] = SCMIA_SLOT_NONE;
	}
#endif
	c->free_head = SCMIA_SLOT_NONE;
	for (i = c->max_msg; i-- > 0;) {
		struct scmia_xfer *x = &c->xfers[i];

		x->chan = c;
		x->index = (uint16_t)i;
#if SCMIA_CFG_NONBLOCKING
		x->list = L_NONE;
		x->prev = SCMIA_SLOT_NONE;
#endif
		if (c->dir == SCMIA_CHAN_A2P) {
			x->tx_buf = bufs + bsz * 2u * i;
			x->rx_buf = bufs + bsz * 2u * i + bsz;
		} else {
			x->rx_buf = bufs + bsz * i;
		}
		x->rx_cap = c->msg_size;
		slot_push(c, x);
	}
}

/* Attach an opened channel to the agent's lookup structures. Lock held. */
static int chan_attach_locked(struct scmia_agent *a, struct scmia_chan *c)
{
	if (c->dir == SCMIA_CHAN_A2P) {
#if SCMIA_CFG_DEDICATED
		if (c->proto_id) {
			unsigned i = ded_home(c->proto_id);

			if (a->n_ded >= SCMIA_CFG_CHAN_TABLE / 2u)
				return SCMIA_ENOSPC;
			while (a->ded[i])
				i = (i + 1u) & (SCMIA_CFG_CHAN_TABLE - 1u);
			a->ded[i] = c;
			a->n_ded++;
		} else
#endif
		{
			a->def = c;
		}
	}
	c->next = a->chans;
	a->chans = c;
	return SCMIA_OK;
}

/* Detach a channel from the agent's lookup structures. Lock held. */
static void chan_detach_locked(struct scmia_agent *a, struct scmia_chan *c)
{
	struct scmia_chan **pp;

	for (pp = &a->chans; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	c->next = NULL;
	if (c->dir != SCMIA_CHAN_A2P)
		return;
	if (a->def == c) {
		a->def = NULL;
		return;
	}
#if SCMIA_CFG_DEDICATED
	{
		unsigned i, j;

		for (i = 0; i < SCMIA_CFG_CHAN_TABLE && a->ded[i] != c; i++)
			;
		if (i == SCMIA_CFG_CHAN_TABLE)
			return;
		a->ded[i] = NULL;
		a->n_ded--;
		/* Backward-shift deletion keeps every probe run unbroken. */
		for (j = (i + 1u) & (SCMIA_CFG_CHAN_TABLE - 1u); a->ded[j];
		     j = (j + 1u) & (SCMIA_CFG_CHAN_TABLE - 1u)) {
			unsigned home = ded_home(a->ded[j]->proto_id);

			if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
				a->ded[i] = a->ded[j];
				a->ded[j] = NULL;
				i = j;
			}
		}
	}
#endif
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
#if !SCMIA_CFG_P2A
	if (cfg->dir == SCMIA_CHAN_P2A)
		return SCMIA_ENOTSUP;
#endif
#if !SCMIA_CFG_DEDICATED
	if (cfg->proto_id)
		return SCMIA_ENOTSUP;
#endif
	ops = agent->ops;
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
	if (ret)
		goto fail;
	/* A receive may already run (the transport was set up): the pool is
	 * carved under the lock, and receives see the channel OPENING. */
	key = scmia__lock(agent);
	chan_carve(chan, cfg->mem, need);
#if SCMIA_CFG_NOTIFY
	if (chan->dir == SCMIA_CHAN_P2A && !agent->notify_quota) {
		/* default quota: half the pool, at least one */
		unsigned q = chan->max_msg / 2u;

		agent->notify_quota = q ? (q > 255u ? 255u : q) : 1u;
	}
#endif
	ret = chan_attach_locked(agent, chan);
	if (ret) {
		scmia__unlock(agent, key);
		goto fail;
	}
#if SCMIA_CFG_P2A
	if (chan->dir == SCMIA_CHAN_P2A) {
		chan->peer = peer;
		peer->peer = chan;
	}
#endif
	chan->state = SCMIA_CHS_OPEN;
	scmia__unlock(agent, key);
	scmia__log(agent, SCMIA_LOG_INFO, "scmia: channel open", chan->proto_id, chan->max_msg);
	return SCMIA_OK;

fail:
	if (ops->chan_free)
		ops->chan_free(agent->tctx, chan);
	chan->state = SCMIA_CHS_CLOSED;
	return ret;
}

int scmia_chan_close(struct scmia_chan *chan)
{
	struct scmia_agent *a;
	uint16_t done = SCMIA_SLOT_NONE, *tail = &done;
	scmia_lock_key_t key;
	unsigned i;

	if (!chan || !chan->agent)
		return SCMIA_EINVAL;
	a = chan->agent;
#if SCMIA_CFG_P2A
	if (chan->dir == SCMIA_CHAN_A2P && chan->peer)
		(void)scmia_chan_close(chan->peer);
#endif
	key = scmia__lock(a);
	if (chan->state != SCMIA_CHS_OPEN) {
		scmia__unlock(a, key);
		return SCMIA_ESTATE;
	}
	chan->state = SCMIA_CHS_CLOSING;
	scmia__unlock(a, key);

	/* Receives in progress on this channel end soon (they never block);
	 * nothing may be freed under them. New ones see CLOSING. */
	for (;;) {
		unsigned n;

		key = scmia__lock(a);
		n = chan->rx_active;
		scmia__unlock(a, key);
		if (!n)
			break;
		clock_relax(a);
	}

	key = scmia__lock(a);
	if (chan->dir == SCMIA_CHAN_A2P) {
		for (i = 0; i < chan->max_msg; i++) {
			struct scmia_xfer *x = &chan->xfers[i];

			uint8_t st = XST(x);

			if (st != SCMIA_XS_SENT && st != SCMIA_XS_RESP)
				continue;
			SCMIA__CNT(a, SCMIA_CNT_CANCELED);
			x->result = SCMIA_ECANCELED;
			XST_PUB(x, SCMIA_XS_DONE);
#if SCMIA_CFG_NONBLOCKING
			if (x->cb && !x->in_send) {
				list_remove(chan, x);
				chan->n_cb--;
			}
#endif
			x->next = SCMIA_SLOT_NONE;
			*tail = x->index;
			tail = &x->next;
		}
	}
#if SCMIA_CFG_NOTIFY
	else {
		/* Drop this pool's queued notifications. */
		struct scmia_xfer **pp, *x;

		for (pp = &a->nq_head; *pp;) {
			x = *pp;
			if (x->chan == chan) {
				*pp = x->qnext;
				scmia__notify_slot_free(chan, x);
			} else {
				pp = &x->qnext;
			}
		}
		a->nq_tail = NULL;
		for (x = a->nq_head; x; x = x->qnext)
			a->nq_tail = x;
		chan->nq_count = 0;
	}
#endif
	scmia__unlock(a, key);

	while (done != SCMIA_SLOT_NONE) {
		struct scmia_xfer *x = &chan->xfers[done];
		unsigned p = P_SIGNAL;

		done = x->next;
		key = scmia__lock(a);
		x->next = SCMIA_SLOT_NONE;
#if SCMIA_CFG_NONBLOCKING
		if (x->cb) {
			p = P_CB;
			if (!x->txdone) {
				x->txdone = 1;
				p |= P_TXDONE;
			}
		}
#endif
		scmia__unlock(a, key);
		post_run(a, chan, x, p, SCMIA_ECANCELED);
	}

	if (a->ops->chan_free)
		a->ops->chan_free(a->tctx, chan);

	key = scmia__lock(a);
	chan_detach_locked(a, chan);
#if SCMIA_CFG_P2A
	if (chan->peer) {
		chan->peer->peer = NULL;
		chan->peer = NULL;
	}
#endif
	chan->state = SCMIA_CHS_CLOSED;
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
#if SCMIA_CFG_NOTIFY
	agent->nq_head = NULL;
	agent->nq_tail = NULL;
#endif
	if (agent->ops->exit)
		agent->ops->exit(agent->tctx);
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
#if SCMIA_CFG_ASYNC
	if (dresp_timeout_us)
		chan->dresp_timeout_us = dresp_timeout_us;
#else
	(void)dresp_timeout_us;
#endif
	scmia__unlock(chan->agent, key);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* Counters and statistics                                             */
/* ------------------------------------------------------------------ */

int scmia_agent_counters(struct scmia_agent *agent, uint32_t *out, unsigned n)
{
	unsigned i;

	if (!agent || (!out && n))
		return SCMIA_EINVAL;
	if (n > (unsigned)SCMIA_CNT__COUNT)
		n = (unsigned)SCMIA_CNT__COUNT;
	for (i = 0; i < n; i++)
		out[i] = scmia_agent_counter(agent, (enum scmia_counter)i);
	return (int)n;
}

uint32_t scmia_agent_counter(struct scmia_agent *agent, enum scmia_counter id)
{
	if (!agent || (unsigned)id >= (unsigned)SCMIA_CNT__COUNT)
		return 0;
#if SCMIA_CFG_COUNTERS
	return SCMIA__LOAD_RLX(&agent->cnt[id]);
#else
	return 0;
#endif
}

const char *scmia_counter_name(enum scmia_counter id)
{
#if SCMIA_CFG_COUNTERS
	/* One string, the names in enum order, each ended by its NUL, an
	 * empty name last: no table of pointers (128 bytes on a 32-bit core). */
	static const char names[] =
		"sent\0replies\0delayed_replies\0notifications\0timeouts\0"
		"late_replies\0unexpected_token\0invalid_state\0malformed\0spurious\0"
		"notify_drops\0notify_unhandled\0tx_errors\0rx_errors\0no_slot\0"
		"deferred\0canceled\0reordered\0early\0stale_reused\0status_errors\0"
		"status_not_supported\0status_invalid_parameters\0status_denied\0"
		"status_not_found\0status_out_of_range\0status_busy\0status_comms_error\0"
		"status_generic_error\0status_hardware_error\0status_protocol_error\0"
		"status_in_use\0";
	const char *p;

	if ((unsigned)id >= (unsigned)SCMIA_CNT__COUNT)
		return "?";
	p = scmia__str_nth(names, (unsigned)id);
	return p ? p : "?";
#else
	return (unsigned)id >= (unsigned)SCMIA_CNT__COUNT ? "?" : ""; /* no counters, no names */
#endif
}

int scmia_chan_stats(struct scmia_chan *chan, unsigned *n_free, unsigned *n_held,
		     unsigned *n_inflight)
{
	scmia_lock_key_t key;
	unsigned inflight = 0, nfree = 0;

	if (!chan || !chan->agent || !chan->xfers)
		return SCMIA_EINVAL;
	key = scmia__lock(chan->agent);
	if (chan->dir == SCMIA_CHAN_A2P) {
		for (unsigned i = 0; i <= chan->tmask; i++)
			if (!(chan->tab[i] & TB_QUAR))
				inflight++;
	}
	for (uint16_t i = chan->free_head; i != SCMIA_SLOT_NONE && nfree < chan->max_msg;
	     i = chan->xfers[i].next)
		nfree++;
	if (n_free)
		*n_free = nfree;
	if (n_held)
		*n_held = (unsigned)chan->max_msg - nfree;
	if (n_inflight)
		*n_inflight = inflight;
	scmia__unlock(chan->agent, key);
	return SCMIA_OK;
}

unsigned scmia_chan_quarantined(struct scmia_chan *chan)
{
	scmia_lock_key_t key;
	unsigned n;

	if (!chan || !chan->agent || !chan->xfers || chan->dir != SCMIA_CHAN_A2P)
		return 0;
	key = scmia__lock(chan->agent);
	n = chan->n_quar;
	scmia__unlock(chan->agent, key);
	return n;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault soak: what sits between the agent, its transport and the platform.
 *
 * 1. The receive-entry tap. Transports call scmia_rx() directly, so the soak
 *    links with -Wl,--wrap=scmia_rx,--wrap=scmia_chan_count: every message a
 *    transport hands to the receive entry is counted here by type, and every
 *    counter a transport bumps itself (virtio counts a used entry it cannot
 *    deliver as MALFORMED or LATE) is counted too, so that the counter
 *    identities can be checked on any transport without touching it.
 *
 * 2. A forwarding transport. The agent runs on a copy of the rig's
 *    transport descriptor whose ops forward to the real ones and record:
 *    fetches with no cookie (a poller or a completion-on-return send, not a
 *    receive entry), fetches that succeed with a status outside -11..0 (the
 *    core counts those twice: REPLIES or DELAYED_REPLIES, and MALFORMED),
 *    notification fetch errors; the sends in progress (for the forger); a
 *    few sends held back before the transport sees them, so that forged
 *    replies find transfers still waiting to send on every transport.
 *
 * 3. The forger (the simulated platform's FORGE fault hooks, scmia_sim.h).
 *    A forged message must never be one the agent could take for its
 *    target's real reply (no agent can tell those apart): so a PENDING
 *    target is a send claimed in the table before its transport saw it
 *    (it waits for the forgery to be delivered), or, on a channel where one
 *    message at a time owns the area, a send stuck behind the owner of the
 *    area, whose release (mark_txdone) waits for the forgery; and a STALE,
 *    LAP or replayed target must be a token the agent holds in quarantine:
 *    its caller saw the timeout and put it back, and fewer than the
 *    quarantine's capacity timed out since (else the agent may have given
 *    it up).
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "soak.h"

static struct soak *g_s;
/* This thread is delivering a PENDING forgery (between pending() and done()),
 * with this header (type bits aside). */
static _Thread_local int t_forging;
static _Thread_local uint32_t t_forged_hdr;

void soak_tap_bind(struct soak *s)
{
	g_s = s;
}

static uint32_t tok(uint32_t hdr)
{
	return scmia_hdr_token(hdr);
}

/* ------------------------------------------------------------------ */
/* 1. Link-time tap on the receive entry and the transports' counters  */
/* ------------------------------------------------------------------ */

int __real_scmia_rx(struct scmia_chan *rc, uint32_t hdr, void *cookie);
int __wrap_scmia_rx(struct scmia_chan *rc, uint32_t hdr, void *cookie);
void __real_scmia_chan_count(struct scmia_chan *chan, enum scmia_counter id);
void __wrap_scmia_chan_count(struct scmia_chan *chan, enum scmia_counter id);
void __real_scmia_xfer_late(struct scmia_xfer *xfer);
void __wrap_scmia_xfer_late(struct scmia_xfer *xfer);

/* A transport that recognised a late answer by its buffer (virtio) ends
 * the token's quarantine without the receive entry: a message with the
 * token came, as far as the quarantine checks go. */
void __wrap_scmia_xfer_late(struct scmia_xfer *xfer)
{
	struct soak *s = g_s;

	if (s && xfer)
		atomic_fetch_add(&s->tok_rxn[tok(xfer->hdr)], 1u);
	__real_scmia_xfer_late(xfer);
}

int __wrap_scmia_rx(struct scmia_chan *rc, uint32_t hdr, void *cookie)
{
	struct soak *s = g_s;
	int forged, ret;

	if (s) {
		atomic_fetch_add(&s->tap.rx, 1u);
		atomic_fetch_add(&s->tap.rx_type[scmia_hdr_type(hdr)], 1u);
		if (rc && scmia_chan_dir(rc) == SCMIA_CHAN_P2A &&
		    scmia_hdr_type(hdr) == SCMIA_MSG_TYPE_NOTIFICATION && !scmia_hdr_reserved(hdr))
			atomic_fetch_add(&s->tap.rx_notif, 1u);
	}
	if (s)
		atomic_fetch_add(&s->tok_rxn[tok(hdr)], 1u);
	/* The forgery naming a transfer still waiting to send: the receive
	 * entry must refuse it (EARLY), never end the transfer with it. */
	forged = s && t_forging && ((hdr ^ t_forged_hdr) & ~(0x3u << 8)) == 0;
	ret = __real_scmia_rx(rc, hdr, cookie);
	if (forged) {
		atomic_fetch_add(&s->tap.forged_rx, 1u);
		if (ret != SCMIA_EUNEXPECTED)
			atomic_fetch_add(&s->tap.forged_taken, 1u);
	}
	return ret;
}

void __wrap_scmia_chan_count(struct scmia_chan *chan, enum scmia_counter id)
{
	struct soak *s = g_s;

	if (s && (unsigned)id < (unsigned)SCMIA_CNT__COUNT)
		atomic_fetch_add(&s->tap.tcount[id], 1u);
	__real_scmia_chan_count(chan, id);
}

/* ------------------------------------------------------------------ */
/* 2. The forwarding transport                                         */
/* ------------------------------------------------------------------ */

static int is_forger(void)
{
	return t_forging;
}

static int w_init(void *ctx)
{
	return g_s->inner->ops->init(ctx);
}

static void w_exit(void *ctx)
{
	g_s->inner->ops->exit(ctx);
}

static int w_ready(void *ctx)
{
	return g_s->inner->ops->ready(ctx);
}

static int w_chan_setup(void *ctx, struct scmia_chan *chan)
{
	return g_s->inner->ops->chan_setup(ctx, chan);
}

static void w_chan_free(void *ctx, struct scmia_chan *chan)
{
	g_s->inner->ops->chan_free(ctx, chan);
}

static int w_get_max_msg(void *ctx, struct scmia_chan *chan)
{
	return g_s->inner->ops->get_max_msg(ctx, chan);
}

static unsigned send_rand(struct soak *s)
{
	unsigned x = atomic_fetch_add(&s->send_rng, 0x9e3779b9u) + 0x9e3779b9u;

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return x;
}

/* Enter the transport's send: an OPEN entry becomes INNER, unless the
 * forger claimed it (then wait until its forgery was delivered). */
static void send_enter(struct soak *s, int e)
{
	int waited = 0;

	for (;;) {
		uint64_t v = atomic_load(&s->send_tab[e]);

		if ((v >> 32) == SE_OPEN &&
		    atomic_compare_exchange_strong(&s->send_tab[e], &v,
						   (v & 0xffffffffu) | ((uint64_t)SE_INNER << 32)))
			break;
		if (!waited++)
			atomic_fetch_add(&s->tap.send_wait, 1u);
		traffic_sleep_us(5);
	}
}

static int w_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct soak *s = g_s;
	unsigned r = send_rand(s);
	int e = -1, ret;

	atomic_fetch_add(&s->tap.sends, 1u);
	for (unsigned i = 0; i < SOAK_SEND_SLOTS; i++) {
		unsigned k = (r + i) % SOAK_SEND_SLOTS;
		uint64_t v = 0;

		if (atomic_compare_exchange_strong(&s->send_tab[k], &v,
						   (uint64_t)xfer->hdr | ((uint64_t)SE_OPEN << 32))) {
			e = (int)k;
			break;
		}
	}
	if (e >= 0 && (r >> 16) % 100u < s->rig->slow_send_pct) {
		/* held back: a forged reply may find it waiting to send */
		atomic_fetch_add(&s->tap.slow_sends, 1u);
		traffic_sleep_us(50 + (r >> 8) % 200u);
	}
	if (e >= 0)
		send_enter(s, e);
	ret = s->inner->ops->send(ctx, chan, xfer);
	if (ret == SCMIA_OK)
		atomic_store(&s->tok_gate[tok(xfer->hdr)], TG_SENT);
	if (e >= 0)
		atomic_store(&s->send_tab[e], 0);
	return ret;
}

static void w_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct soak *s = g_s;
	atomic_uint *g = &s->tok_gate[tok(xfer->hdr)];
	int waited = 0;

	/* Hold the release of the channel while a forgery relies on it,
	 * unless this runs inside that forgery's own delivery. */
	for (;;) {
		unsigned v = atomic_load(g);

		if (v != TG_HELD || is_forger()) {
			atomic_store(g, TG_NONE);
			break;
		}
		if (!waited++)
			atomic_fetch_add(&s->tap.gate_wait, 1u);
		traffic_sleep_us(5);
	}
	s->inner->ops->mark_txdone(ctx, chan, ret, xfer);
}

static int w_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			    void *cookie)
{
	struct soak *s = g_s;
	int ret;

	/* The core fetches only what it accepted for @xfer: a forgery naming
	 * a transfer still waiting to send must never get this far. */
	if (t_forging && ((xfer->hdr ^ t_forged_hdr) & ~(0x3u << 8)) == 0)
		atomic_fetch_add(&s->tap.forged_fetched, 1u);
	/* An asynchronous command's response came (see h_put). */
	if (scmia_chan_dir(chan) == SCMIA_CHAN_A2P && (scmia_xfer_flags(xfer) & SCMIA_XFER_F_ASYNC))
		atomic_store(&s->tok_resp[tok(xfer->hdr)], atomic_load(&s->tok_life[tok(xfer->hdr)]));
	ret = s->inner->ops->fetch_response(ctx, chan, xfer, cookie);
	if (!cookie)
		atomic_fetch_add(&s->tap.polled_fetch, 1u);
	if (ret == SCMIA_OK && (xfer->status > 0 || xfer->status < SCMIA_SCMI_STATUS_MIN))
		atomic_fetch_add(&s->tap.bad_status, 1u);
	return ret;
}

static int w_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				uint32_t max_len, void *cookie)
{
	struct soak *s = g_s;
	int ret = s->inner->ops->fetch_notification(ctx, chan, xfer, max_len, cookie);

	if (ret)
		atomic_fetch_add(&s->tap.notif_fetch_err, 1u);
	return ret;
}

static void w_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	g_s->inner->ops->clear_channel(ctx, chan, cookie);
}

static int w_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	return g_s->inner->ops->poll_done(ctx, chan, xfer);
}

static void w_rx_release(void *ctx, struct scmia_chan *chan, void *cookie)
{
	g_s->inner->ops->rx_release(ctx, chan, cookie);
}

static int w_rx_poll(void *ctx, struct scmia_chan *chan)
{
	return g_s->inner->ops->rx_poll(ctx, chan);
}

void soak_wrap_transport(struct soak *s)
{
	const struct scmia_transport_ops *in = s->inner->ops;
	struct scmia_transport_ops *o = &s->ops;

	memset(o, 0, sizeof(*o));
	/* An op the transport lacks stays NULL: the core checks for them. */
	o->init = in->init ? w_init : NULL;
	o->exit = in->exit ? w_exit : NULL;
	o->ready = in->ready ? w_ready : NULL;
	o->chan_setup = in->chan_setup ? w_chan_setup : NULL;
	o->chan_free = in->chan_free ? w_chan_free : NULL;
	o->get_max_msg = in->get_max_msg ? w_get_max_msg : NULL;
	o->send = w_send;
	o->mark_txdone = in->mark_txdone ? w_mark_txdone : NULL;
	o->fetch_response = w_fetch_response;
	o->fetch_notification = in->fetch_notification ? w_fetch_notification : NULL;
	o->clear_channel = in->clear_channel ? w_clear_channel : NULL;
	o->poll_done = in->poll_done ? w_poll_done : NULL;
	o->rx_release = in->rx_release ? w_rx_release : NULL;
	o->rx_poll = in->rx_poll ? w_rx_poll : NULL;
	s->tr = *s->inner;
	s->tr.ops = o;
}

/* ------------------------------------------------------------------ */
/* Token life as the callers see it (traffic hooks)                    */
/* ------------------------------------------------------------------ */

static uint32_t h_get(void *ctx, const struct scmia_xfer *x)
{
	struct soak *s = ctx;
	uint32_t v = ((atomic_fetch_add(&s->life_seq, 1u) + 1u) << 2) | TL_LIVE;
	unsigned t = tok(x->hdr), old = atomic_load(&s->tok_life[t]);

	/* Taken again after a quarantine: remember whose, and whether any
	 * message with the token came in between (a late reply ends a
	 * quarantine early, rightly). */
	atomic_store(&s->tok_prev[t], (old & 3u) == TL_QUAR ? old : 0u);
	atomic_store(&s->tok_between[t], atomic_load(&s->tok_rxn[t]) - atomic_load(&s->tok_rxput[t]));
	atomic_store(&s->tok_getq[t], atomic_load(&s->put_quar));
	atomic_store(&s->tok_life[t], v);
	atomic_fetch_add(&s->live, 1);
	return v;
}

/*
 * Could the put of this transfer have quarantined its token? The core
 * quarantines what ended without its final response: a timeout, a fetch
 * that failed (the result is the fetch's error), an asynchronous command
 * ended by its delayed response before its response came. Counted from
 * above: every error a fetch can give (an out-of-range status also gives
 * SCMIA_EMALFORMED, with the reply taken), and every asynchronous command
 * whose response was never fetched.
 */
static int maybe_quarantined(struct soak *s, uint32_t hdr, uint32_t cookie, int result)
{
	switch (result) {
	case SCMIA_ETIMEDOUT:
	case SCMIA_EMALFORMED:
	case SCMIA_ETOOSHORT:
	case SCMIA_EPROTO:
	case SCMIA_EUNEXPECTED:
	case SCMIA_EIO:
	case SCMIA_ECANCELED:
		return 1;
	default:
		break;
	}
	return scmia_hdr_msg_id(hdr) == SCMIA_SIM_TEST_ASYNC_WORK &&
	       (atomic_load(&s->tok_resp[tok(hdr)]) >> 2) != (cookie >> 2);
}

static void h_put(void *ctx, uint32_t hdr, uint32_t cookie, int result)
{
	struct soak *s = ctx;
	unsigned expect = cookie;

	if (maybe_quarantined(s, hdr, cookie, result)) {
		unsigned q = atomic_fetch_add(&s->put_quar, 1u) + 1u;

		if (result == SCMIA_ETIMEDOUT) {
			atomic_store(&s->tok_putq[tok(hdr)], q);
			atomic_store(&s->tok_rxput[tok(hdr)], atomic_load(&s->tok_rxn[tok(hdr)]));
		}
	}

	/* A timed-out command's token is quarantined by the put. */
	(void)atomic_compare_exchange_strong(&s->tok_life[tok(hdr)], &expect,
					     (cookie & ~3u) |
						     (result == SCMIA_ETIMEDOUT ? TL_QUAR : TL_FREE));
	if (result == SCMIA_ETIMEDOUT)
		atomic_store(&s->tok_quar[tok(hdr)], cookie);
	atomic_fetch_sub(&s->live, 1);
}

const struct traffic_hooks soak_traffic_hooks = {
	.on_get = h_get,
	.on_put = h_put,
};

/* ------------------------------------------------------------------ */
/* 3. The forger                                                       */
/* ------------------------------------------------------------------ */

static uint32_t frand(struct soak *s)
{
	uint32_t x = s->forge_rng ? s->forge_rng : 0x12345u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	s->forge_rng = x;
	return x;
}

static int f_pending(void *ctx, uint32_t for_hdr, uint32_t *hdr)
{
	struct soak *s = ctx;
	unsigned start, i;

	t_forging = 1;
	s->claim_ent = -1;
	s->claim_gate = -1;
	/* A polled p2a channel delivers later: the claim could not be held
	 * until the forgery is seen. */
	if (scmia_hdr_type(for_hdr) == SCMIA_MSG_TYPE_DELAYED_RESP && s->rig->p2a_async) {
		t_forging = 0;
		return 0;
	}
	/* A send its transport has not seen yet: claim it. */
	start = frand(s);
	for (i = 0; i < SOAK_SEND_SLOTS; i++) {
		unsigned k = (start + i) % SOAK_SEND_SLOTS;
		uint64_t v = atomic_load(&s->send_tab[k]);

		if ((v >> 32) == SE_OPEN &&
		    atomic_compare_exchange_strong(&s->send_tab[k], &v,
						   (v & 0xffffffffu) |
							   ((uint64_t)SE_CLAIMED << 32))) {
			s->claim_ent = (int)k;
			*hdr = (uint32_t)v;
			t_forged_hdr = *hdr;
			atomic_fetch_add(&s->tap.forged_open, 1u);
			return 1;
		}
	}
	/* One message at a time: the response being forged belongs to the
	 * owner of the area; while its release is held, a send waiting in
	 * the transport cannot get the area, so it stays unsent. */
	if (s->rig->serial && scmia_hdr_type(for_hdr) == SCMIA_MSG_TYPE_COMMAND) {
		unsigned ta = tok(for_hdr), g = TG_SENT;

		if (!atomic_compare_exchange_strong(&s->tok_gate[ta], &g, TG_HELD)) {
			t_forging = 0;
			return 0;
		}
		for (i = 0; i < SOAK_SEND_SLOTS; i++) {
			unsigned k = (start + i) % SOAK_SEND_SLOTS;
			uint64_t v = atomic_load(&s->send_tab[k]);

			if ((v >> 32) == SE_INNER && tok((uint32_t)v) != ta) {
				s->claim_gate = (int)ta;
				*hdr = (uint32_t)v;
				t_forged_hdr = *hdr;
				atomic_fetch_add(&s->tap.forged_owner, 1u);
				return 1;
			}
		}
		g = TG_HELD;
		(void)atomic_compare_exchange_strong(&s->tok_gate[ta], &g, TG_SENT);
	}
	t_forging = 0;
	return 0;
}

/* Mark of a withheld message: the life word of its token then (which
 * transfer it answers) and the number of puts that may have quarantined a
 * token (maybe_quarantined()) counted when that transfer was taken: its
 * own quarantine comes after (it may have timed out and been put back
 * before its reply was due to leave: a stuck platform). The agent's own
 * counters are not read here: they are for reading when the agent is
 * quiet. */
static uint64_t f_withheld(void *ctx, uint32_t hdr)
{
	struct soak *s = ctx;

	return ((uint64_t)atomic_load(&s->tok_life[tok(hdr)]) << 32) |
	       atomic_load(&s->tok_getq[tok(hdr)]);
}

/*
 * May a message with withheld @hdr's token go out? Its command is the
 * transfer whose token life word was recorded (same sequence number), and:
 * - as a target of another body (@whole 0): that transfer must have timed
 *   out and been put back (quarantined): else not yet (still waiting) or
 *   never (it ended otherwise; its token may come round again);
 * - whole (its own reply, late): while that transfer waits, or is
 *   quarantined.
 * The quarantine keeps the tokens of the last qcap commands that ended
 * without their final reply, in the order they were put back. The token
 * was put back after its transfer was taken (the mark); it is pushed out
 * only by qcap quarantines after its own: at most the puts counted since
 * the mark that may have quarantined (maybe_quarantined(): from above),
 * plus those being
 * put now and not counted yet, plus those that may be put while this
 * message travels to the receive entry (each sender, and the receive and
 * service threads that run completion callbacks, put at most one at a
 * time): 2 x (senders + 2) of margin.
 */
/* Was the transfer of life word @then put back timed out (quarantined)? */
static int quarantined_once(struct soak *s, unsigned t, unsigned then)
{
	return (atomic_load(&s->tok_quar[t]) >> 2) == (then >> 2);
}

static int f_stale_ok(void *ctx, uint32_t hdr, uint64_t mark, int whole)
{
	struct soak *s = ctx;
	unsigned life = atomic_load(&s->tok_life[tok(hdr)]);
	unsigned then = (unsigned)(mark >> 32);
	uint32_t since = atomic_load(&s->put_quar) - (uint32_t)mark;

	if ((life >> 2) != (then >> 2)) {
		/* Taken again since. If the command timed out (its reply is
		 * this withheld one), no message with the token came between
		 * its put and the next get (a late reply, of an asynchronous
		 * command's other message, say, ends a quarantine rightly),
		 * and fewer than qcap quarantines can have come after its
		 * own, the agent issued a token its quarantine still held. */
		if (((then & 3u) == TL_LIVE) && (uint64_t)since + s->threads + 2u < s->qcap &&
		    quarantined_once(s, tok(hdr), then) &&
		    (atomic_load(&s->tok_prev[tok(hdr)]) >> 2) == (then >> 2) &&
		    atomic_load(&s->tok_between[tok(hdr)]) == 0) {
			atomic_fetch_add(&s->tap.reissued, 1u);
			printf("soak: token %u issued again too soon: its timed-out transfer was put "
			       "back as quarantine #%u (at most), %u puts that may quarantine "
			       "counted since it was taken (capacity %u); now %s\n",
			       tok(hdr), atomic_load(&s->tok_putq[tok(hdr)]), since, s->qcap,
			       (life & 3u) == TL_LIVE ? "held" : (life & 3u) == TL_QUAR ?
			       "quarantined again" : "put back");
		}
		atomic_fetch_add(&s->tap.stale_no_state, 1u);
		return 0; /* another transfer (or none) holds the token now */
	}
	if ((life & 3u) == TL_LIVE) {
		if (whole)
			goto yes; /* its own late reply, while it waits */
		return -1;
	}
	if ((life & 3u) != TL_QUAR) {
		atomic_fetch_add(&s->tap.stale_no_state, 1u);
		return 0;
	}
	if ((uint64_t)since + 2u * (s->threads + 2u) >= s->qcap) {
		atomic_fetch_add(&s->tap.stale_no_budget, 1u);
		return 0;
	}
yes:
	atomic_fetch_add(&s->tap.stale_yes, 1u);
	return 1;
}

static void f_done(void *ctx, uint32_t hdr, unsigned kind, int rc)
{
	struct soak *s = ctx;

	if (kind == SCMIA_SIM_FORGE_PENDING) {
		if (s->claim_ent >= 0) {
			uint64_t v = atomic_load(&s->send_tab[s->claim_ent]);

			atomic_store(&s->send_tab[s->claim_ent],
				     (v & 0xffffffffu) | ((uint64_t)SE_OPEN << 32));
			s->claim_ent = -1;
		}
		if (s->claim_gate >= 0) {
			unsigned g = TG_HELD;

			(void)atomic_compare_exchange_strong(&s->tok_gate[s->claim_gate], &g,
							     TG_SENT);
			s->claim_gate = -1;
		}
		t_forging = 0;
		return;
	}
	if (rc == SCMIA_OK) {
		/* That token's one answer went out: its quarantine ends. */
		unsigned life = atomic_load(&s->tok_life[tok(hdr)]);

		if ((life & 3u) == TL_QUAR)
			(void)atomic_compare_exchange_strong(&s->tok_life[tok(hdr)], &life,
							     (life & ~3u) | TL_FREE);
	}
}

const struct scmia_sim_forge_ops soak_forge_ops = {
	.pending = f_pending,
	.withheld = f_withheld,
	.stale_ok = f_stale_ok,
	.done = f_done,
};

/* No send or release is left waiting on the forger. */
int soak_settle_gates(struct soak *s)
{
	unsigned i;
	int held = 0;

	for (i = 0; i < SOAK_TOKENS; i++)
		held += atomic_load(&s->tok_gate[i]) == TG_HELD;
	for (i = 0; i < SOAK_SEND_SLOTS; i++)
		held += (atomic_load(&s->send_tab[i]) >> 32) == SE_CLAIMED;
	return held;
}

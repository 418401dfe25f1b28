/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The agent side of the transport harnesses (see fz_drv.h).
 */
#include "fz_drv.h"

#include <string.h>

/* The core's compile-time switches (include/scmia/config.h): features
 * compiled out are not driven (FZ_* in fz_drv.h). */

/* Main-loop ops of the driver; harness ops follow. */
enum {
	OP_SYNC = 0,
	OP_SUBMIT,
	OP_PUT,
	OP_SERVICE,
	OP_TICK,
	OP_DISPATCH,
	OP_TIME,
	OP_BURST,
	OP_LAP,
	OP_SUBMIT2, /* a second submit op: non-blocking pairs are what races */
	OP__COUNT
};

/* Commands one input may run in bursts (token laps need 1024). */
#define BURST_BUDGET 2200u
/* Ledger entries kept for the end-of-input commands. */
#define LEDGER_RESERVE 16u

/* ------------------------------------------------------------------ */
/* Transport wrapper                                                   */
/* ------------------------------------------------------------------ */

static struct fz_drv *drv_of(void *ctx)
{
	return (struct fz_drv *)ctx;
}

int fz_drv_chan_index(const struct fz_drv *d, const struct scmia_chan *chan)
{
	for (unsigned i = 0; i < d->n_ch; i++)
		if (d->ch[i].chan == chan)
			return (int)i;
	return -1;
}

static struct fz_wrap_slot *wslot(struct fz_drv *d, struct scmia_chan *chan,
				  const struct scmia_xfer *x)
{
	int ci = fz_drv_chan_index(d, chan);
	unsigned idx = scmia_xfer_index(x);

	if (ci < 0 || idx >= 64u)
		return NULL;
	return &d->ws[ci][idx];
}

static int w_init(void *ctx)
{
	struct fz_drv *d = drv_of(ctx);

	fz_os_assert_unlocked(d->os, "transport init");
	return d->real->ops->init ? d->real->ops->init(d->real_ctx) : 0;
}

static void w_exit(void *ctx)
{
	struct fz_drv *d = drv_of(ctx);

	fz_os_assert_unlocked(d->os, "transport exit");
	if (d->real->ops->exit)
		d->real->ops->exit(d->real_ctx);
}

static int w_ready(void *ctx)
{
	struct fz_drv *d = drv_of(ctx);

	fz_os_assert_unlocked(d->os, "transport ready");
	return d->real->ops->ready ? d->real->ops->ready(d->real_ctx) : 0;
}

static int w_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct fz_drv *d = drv_of(ctx);

	fz_os_assert_unlocked(d->os, "transport chan_setup");
	return d->real->ops->chan_setup(d->real_ctx, chan);
}

static void w_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct fz_drv *d = drv_of(ctx);

	fz_os_assert_unlocked(d->os, "transport chan_free");
	if (d->real->ops->chan_free)
		d->real->ops->chan_free(d->real_ctx, chan);
}

static int w_get_max_msg(void *ctx, struct scmia_chan *chan)
{
	struct fz_drv *d = drv_of(ctx);

	fz_os_assert_unlocked(d->os, "transport get_max_msg");
	return d->real->ops->get_max_msg(d->real_ctx, chan);
}

static int w_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct fz_drv *d = drv_of(ctx);
	struct fz_wrap_slot *s = wslot(d, chan, xfer);
	struct fz_req *r = fz_ledger_by_xfer(d->led, xfer);
	struct fz_req *prev = d->cur_send;
	int ret;

	fz_step("send");
	fz_os_assert_unlocked(d->os, "transport send");
	if (r) {
		r->hdr = xfer->hdr;
		r->in_send = 1;
		r->sent_ok = 0;
		r->txdones = 0;
	}
	if (s) {
		s->req = r;
		s->sending = 1;
		s->sent_ok = 0;
		s->txdone = 0;
	}
	d->cur_send = r;
	FZ_TRACE("send hdr %08x ck %08x t=%llu", (unsigned)xfer->hdr, r ? (unsigned)r->ck : 0u,
		 (unsigned long long)d->os->now);
	ret = d->real->ops->send(d->real_ctx, chan, xfer);
	FZ_TRACE("send hdr %08x returns %d", (unsigned)xfer->hdr, ret);
	d->cur_send = prev;
	if (s) {
		s->sending = 0;
		s->sent_ok = ret == 0;
	}
	if (r) {
		r->in_send = 0;
		r->sent_ok = ret == 0;
	}
	return ret;
}

static void w_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct fz_drv *d = drv_of(ctx);
	struct fz_wrap_slot *s = wslot(d, chan, xfer);

	fz_step("mark_txdone");
	fz_os_assert_unlocked(d->os, "transport mark_txdone");
	FZ_TRACE("mark_txdone hdr %08x ret %d", (unsigned)xfer->hdr, ret);
	if (s && s->sending && s->req && !s->req->visible)
		fz_soft_fail("early-reply",
			"mark_txdone(%d) for request ck %08x hdr %08x while its send() has not "
			"handed the message to the platform yet (still waiting for the channel, "
			"or before its doorbell): a message carrying its token ended it early",
			ret, (unsigned)s->req->ck, (unsigned)xfer->hdr);
	if (s) {
		if (++s->txdone > 1)
			fz_fail("txdone", "mark_txdone called %u times for one send (hdr %08x)",
				(unsigned)s->txdone, (unsigned)xfer->hdr);
		if (s->req && s->req->txdones < 255u)
			s->req->txdones++;
	}
	if (d->real->ops->mark_txdone)
		d->real->ops->mark_txdone(d->real_ctx, chan, ret, xfer);
}

static int w_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			    void *cookie)
{
	struct fz_drv *d = drv_of(ctx);

	fz_step("fetch_response");
	fz_os_assert_unlocked(d->os, "transport fetch_response");
	return d->real->ops->fetch_response(d->real_ctx, chan, xfer, cookie);
}

static int w_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				uint32_t max_len, void *cookie)
{
	struct fz_drv *d = drv_of(ctx);

	fz_step("fetch_notification");
	fz_os_assert_unlocked(d->os, "transport fetch_notification");
	return d->real->ops->fetch_notification(d->real_ctx, chan, xfer, max_len, cookie);
}

static void w_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct fz_drv *d = drv_of(ctx);

	fz_step("clear_channel");
	fz_os_assert_unlocked(d->os, "transport clear_channel");
	if (d->real->ops->clear_channel)
		d->real->ops->clear_channel(d->real_ctx, chan, cookie);
}

static int w_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct fz_drv *d = drv_of(ctx);

	fz_step("poll_done");
	fz_os_assert_unlocked(d->os, "transport poll_done");
	return d->real->ops->poll_done(d->real_ctx, chan, xfer);
}

static void w_rx_release(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct fz_drv *d = drv_of(ctx);

	fz_step("rx_release");
	fz_os_assert_unlocked(d->os, "transport rx_release");
	if (d->real->ops->rx_release)
		d->real->ops->rx_release(d->real_ctx, chan, cookie);
}

static int w_rx_poll(void *ctx, struct scmia_chan *chan)
{
	struct fz_drv *d = drv_of(ctx);

	int r;

	fz_step("rx_poll");
	fz_os_assert_unlocked(d->os, "transport rx_poll");
	r = d->real->ops->rx_poll(d->real_ctx, chan);
	if (r > 0)
		fz_streak("p2a messages taken by rx_poll");
	return r;
}

void fz_drv_init(struct fz_drv *d, struct fz_in *in, struct fz_os *os, struct fz_ledger *led,
		 const struct scmia_transport *real, void *real_ctx, const struct fz_plat_if *pif,
		 void *pctx)
{
	const struct scmia_transport_ops *r = real->ops;

	memset(d, 0, sizeof(*d));
	d->in = in;
	d->os = os;
	d->led = led;
	d->real = real;
	d->real_ctx = real_ctx;
	d->pif = pif;
	d->pctx = pctx;
	d->burst_left = BURST_BUDGET;
	d->can_nb = FZ_NB;
	d->mask_early = (uint8_t)fz_env_flag("SCMIA_FUZZ_NO_EARLY_FORGE");
	/* Optional ops stay optional: NULL where the real transport has none. */
	d->wops.init = r->init ? w_init : NULL;
	d->wops.exit = r->exit ? w_exit : NULL;
	d->wops.ready = r->ready ? w_ready : NULL;
	d->wops.chan_setup = w_chan_setup;
	d->wops.chan_free = r->chan_free ? w_chan_free : NULL;
	d->wops.get_max_msg = r->get_max_msg ? w_get_max_msg : NULL;
	d->wops.send = r->send ? w_send : NULL;
	d->wops.mark_txdone = w_mark_txdone;
	d->wops.fetch_response = w_fetch_response;
	d->wops.fetch_notification = r->fetch_notification ? w_fetch_notification : NULL;
	d->wops.clear_channel = r->clear_channel ? w_clear_channel : NULL;
	d->wops.poll_done = r->poll_done ? w_poll_done : NULL;
	d->wops.rx_release = r->rx_release ? w_rx_release : NULL;
	d->wops.rx_poll = r->rx_poll ? w_rx_poll : NULL;
	d->wtr = *real;
	d->wtr.ops = &d->wops;
	d->can_poll = FZ_POLL && r->poll_done != NULL;
}

const struct scmia_transport *fz_drv_transport(struct fz_drv *d)
{
	return &d->wtr;
}

void fz_drv_add_chan(struct fz_drv *d, struct scmia_chan *chan, uint8_t proto, int a2p)
{
	if (d->n_ch >= FZ_MAX_CH)
		fz_fail("harness", "too many channels");
	d->ch[d->n_ch].chan = chan;
	d->ch[d->n_ch].proto = proto;
	d->ch[d->n_ch].a2p = (uint8_t)(a2p != 0);
	d->n_ch++;
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */
/* ------------------------------------------------------------------ */

uint32_t fz_reply_body(uint8_t *buf, uint32_t cap, int32_t status, uint32_t ck, uint32_t extra)
{
	uint32_t n = 0;

	if (cap >= 4u) {
		scmia_put_le32(buf, (uint32_t)status);
		n = 4;
	}
	if (cap >= 8u) {
		scmia_put_le32(buf + 4, ck);
		n = 8;
	}
	while (extra-- && n < cap) {
		buf[n] = (uint8_t)(0xa0u + n);
		n++;
	}
	return n;
}

static unsigned n_a2p(const struct fz_drv *d)
{
	unsigned n = 0;

	for (unsigned i = 0; i < d->n_ch; i++)
		n += d->ch[i].a2p;
	return n;
}

/* The @p k-th a2p channel's index. */
static unsigned a2p_index(const struct fz_drv *d, unsigned k)
{
	unsigned n = n_a2p(d);

	k = n ? k % n : 0;
	for (unsigned i = 0; i < d->n_ch; i++) {
		if (!d->ch[i].a2p)
			continue;
		if (!k--)
			return i;
	}
	return 0;
}

struct fz_req *fz_drv_pick_inflight(struct fz_drv *d, unsigned pick)
{
	unsigned n = 0;

	/* Recent requests only: the ledger keeps everything. */
	for (uint32_t i = d->led->n; i-- > 0 && d->led->n - i <= 256u;)
		n += d->led->req[i].state == FZ_REQ_INFLIGHT && d->led->req[i].x;
	if (!n)
		return NULL;
	pick %= n;
	for (uint32_t i = d->led->n; i-- > 0 && d->led->n - i <= 256u;) {
		struct fz_req *r = &d->led->req[i];

		if (r->state == FZ_REQ_INFLIGHT && r->x && !pick--)
			return r;
	}
	return NULL;
}

struct fz_req *fz_drv_pick_ended(struct fz_drv *d, unsigned pick)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < d->led->n; i++)
		n += d->led->req[i].state == FZ_REQ_ENDED && d->led->req[i].sent_ok;
	if (!n)
		return NULL;
	pick %= n;
	for (uint32_t i = 0; i < d->led->n; i++) {
		struct fz_req *r = &d->led->req[i];

		if (r->state == FZ_REQ_ENDED && r->sent_ok && !pick--)
			return r;
	}
	return NULL;
}

uint32_t fz_drv_filter_hdr(struct fz_drv *d, uint32_t hdr)
{
	if (!d->mask_early || scmia_hdr_type(hdr) == SCMIA_MSG_TYPE_NOTIFICATION)
		return hdr;
	for (uint32_t i = d->led->n; i-- > 0 && d->led->n - i <= 256u;) {
		const struct fz_req *r = &d->led->req[i];

		if (r->state == FZ_REQ_INFLIGHT && r->x && !r->visible &&
		    scmia_hdr_token(r->x->hdr) == scmia_hdr_token(hdr))
			return hdr ^ (1u << 27);
	}
	return hdr;
}

/*
 * The agent's SCMIA_CNT_STALE_REUSED (quarantined tokens given up), for
 * the misattribution oracle (fz_req_end). Without counters it reads 0, so
 * the driver counts an upper bound itself: the core quarantines a token at
 * the put of a transfer that ended without its final reply, and gives up
 * the channel's oldest when SCMIA__QUARANTINE(max_msg) are kept already.
 * Every put that may quarantine (a result no reply gives, or an
 * asynchronous command: a delayed response overtaking its response leaves
 * the response owed) is counted per channel; each one beyond the ring's
 * size may give one up. A superset of the core's quarantines fills the
 * model ring no later than the real one, so every real give-up is counted
 * at the same put or before: the oracle only gets more lenient.
 */
static uint32_t stale_reused(const struct fz_drv *d)
{
#if FZ_COUNTERS
	return scmia_agent_counter(d->agent, SCMIA_CNT_STALE_REUSED);
#else
	return d->stale_est;
#endif
}

/* Put a transfer the driver owns; @p r is its ended request (or NULL when
 * it was never submitted). Returns what scmia_xfer_put() returned. */
static int drv_put(struct fz_drv *d, struct scmia_xfer *x, const struct fz_req *r)
{
	int ci = r ? (int)r->chan : -1;
	int ret = scmia_xfer_put(x);

#if !FZ_COUNTERS
	if (ret == SCMIA_OK && r && ci < (int)d->n_ch &&
	    ((r->result != SCMIA_OK && !scmia_err_is_scmi(r->result)) ||
	     (r->flags & SCMIA_XFER_F_ASYNC))) {
		size_t qn = SCMIA__QUARANTINE(scmia_chan_max_msg(d->ch[ci].chan));

		if (++d->quar_puts[ci] > qn)
			d->stale_est++;
	}
#else
	(void)d;
	(void)ci;
#endif
	return ret;
}

/* A request ended (blocking return or callback): transport and ledger checks. */
static void req_done(struct fz_drv *d, struct fz_req *r, int result, struct scmia_xfer *x)
{
	if (!r)
		return;
	FZ_TRACE("end ck %08x hdr %08x result %d rx_len %u rx0 %08x", (unsigned)r->ck,
		 (unsigned)x->hdr, result, (unsigned)x->rx_len,
		 x->rx_len >= 4u ? (unsigned)scmia_get_le32(x->rx_buf) : 0u);
	fz_req_end(d->led, r, result, x, stale_reused(d));
}

static struct fz_req *new_req(struct fz_drv *d, unsigned ci, struct scmia_xfer *x,
			      unsigned flags, unsigned extra)
{
	struct fz_req *r;
	uint8_t *tx = (uint8_t *)x->tx_buf;

	if (!d->finale && d->led->n + LEDGER_RESERVE >= FZ_LEDGER_MAX)
		return NULL;
	r = fz_ledger_new(d->led, ci);
	if (!r)
		return NULL;
	r->x = x;
	r->flags = (uint8_t)flags;
	r->hdr = x->hdr;
	r->t_submit = (uint32_t)(d->os->now / 1000u);
	scmia_put_le32(tx, r->ck);
	for (unsigned i = 0; i < extra; i++)
		tx[4 + i] = (uint8_t)(i * 7u + 1u);
	d->commands++;
	return r;
}

static unsigned pick_flags(struct fz_drv *d, uint8_t b)
{
	unsigned f = 0;

	if ((b & 1u) && d->can_async && FZ_ASYNC)
		f |= SCMIA_XFER_F_ASYNC;
	if ((b & 2u) && d->can_poll)
		f |= SCMIA_XFER_F_POLL;
	return f;
}

static uint32_t pick_rx_cap(struct fz_drv *d, uint8_t b)
{
	static const uint32_t caps[8] = { 0, 0, 0, 0, 4, 8, 1, 3 };

	(void)d;
	return caps[b & 7u];
}

/* One blocking command; returns its result (or the get error). */
static int do_sync(struct fz_drv *d, unsigned ci, unsigned flags, uint8_t msg, unsigned extra,
		   uint32_t rx_cap, int must_succeed)
{
	struct scmia_xfer *x = NULL;
	struct fz_req *r;
	uint64_t t0, bound;
	int ret, pret;

	if (extra + 4u > d->msg_size)
		extra = d->msg_size - 4u;
	ret = scmia_xfer_get(d->agent, d->ch[ci].proto, msg, 4u + extra, rx_cap, &x);
	if (must_succeed)
		FZ_CHECK(ret == SCMIA_OK, "liveness",
			 "xfer_get on channel %u (proto %02x) returned %d with nothing in "
			 "flight: slots leaked",
			 ci, (unsigned)d->ch[ci].proto, ret);
	if (ret == SCMIA_ENOSLOT)
		return ret;
	FZ_CHECK(ret == SCMIA_OK, "api", "scmia_xfer_get returned %d", ret);
	r = new_req(d, ci, x, flags, extra);
	if (!r) {
		FZ_CHECK(scmia_xfer_put(x) == SCMIA_OK, "api", "put of an unused transfer failed");
		return SCMIA_ENOSLOT;
	}
	t0 = d->os->now;
	FZ_TRACE("sync ck %08x flags %x proto %02x", (unsigned)r->ck, flags, (unsigned)d->ch[ci].proto);
	d->in_sync++;
	ret = scmia_xfer_do(x, flags);
	d->in_sync--;
	req_done(d, r, ret, x);
	bound = d->pif->send_bound_us + d->reply_tmo +
		((flags & SCMIA_XFER_F_ASYNC) ? d->dresp_tmo : 0u) + 200u * d->os->relax_step +
		1000u;
	if (d->os->now - t0 > bound)
		fz_fail("deadline",
			"blocking command (flags %x) returned %d after %llu µs, bound %llu µs: a "
			"loop kept it past its deadline",
			flags, ret, (unsigned long long)(d->os->now - t0),
			(unsigned long long)bound);
	pret = drv_put(d, x, r);
	FZ_CHECK(pret == SCMIA_OK, "api",
		 "scmia_xfer_put after a blocking command returned %d (command result %d)", pret,
		 ret);
	if (must_succeed)
		FZ_CHECK(ret == SCMIA_OK, "liveness",
			 "well-behaved platform, channel %u (proto %02x), flags %x: the command "
			 "returned %d: the channel is wedged",
			 ci, (unsigned)d->ch[ci].proto, flags, ret);
	return ret;
}

#if FZ_NB
static void nb_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct fz_nb *nb = (struct fz_nb *)arg;
	struct fz_drv *d = nb->d;

	fz_step("callback");
	fz_os_assert_unlocked(d->os, "completion callback");
	FZ_CHECK(nb->used && nb->x == x, "callback",
		 "completion callback for a transfer not in flight (or the wrong transfer)");
	nb->cb_runs++;
	FZ_CHECK(nb->cb_runs == 1, "callback", "completion callback ran %u times",
		 (unsigned)nb->cb_runs);
	nb->result = result;
	req_done(d, nb->req, result, x);
	nb->ended = nb->req;
	nb->req = NULL;
	if (nb->put_in_cb) {
		int pret = drv_put(d, x, nb->ended);

		FZ_CHECK(pret == SCMIA_OK, "api", "scmia_xfer_put in the callback returned %d",
			 pret);
		nb->x = NULL;
		nb->used = 0;
	}
}
#endif

static void do_submit(struct fz_drv *d, unsigned ci, unsigned flags, uint8_t msg, unsigned extra,
		      uint32_t rx_cap, int put_in_cb)
{
	struct fz_nb *nb = NULL;
	struct scmia_xfer *x = NULL;
	struct fz_req *r;
	int ret;

	if (!d->can_nb)
		return;
	for (unsigned i = 0; i < FZ_MAX_NB; i++) {
		if (!d->nb[i].used) {
			nb = &d->nb[i];
			break;
		}
	}
	if (!nb)
		return;
	if (extra + 4u > d->msg_size)
		extra = d->msg_size - 4u;
	ret = scmia_xfer_get(d->agent, d->ch[ci].proto, msg, 4u + extra, rx_cap, &x);
	if (ret == SCMIA_ENOSLOT)
		return;
	FZ_CHECK(ret == SCMIA_OK, "api", "scmia_xfer_get returned %d", ret);
	r = new_req(d, ci, x, flags, extra);
	if (!r) {
		FZ_CHECK(scmia_xfer_put(x) == SCMIA_OK, "api", "put of an unused transfer failed");
		return;
	}
	memset(nb, 0, sizeof(*nb));
	nb->d = d;
	nb->x = x;
	nb->req = r;
	nb->used = 1;
	nb->put_in_cb = (uint8_t)(put_in_cb != 0);
	r->nb = 1;
	FZ_TRACE("submit ck %08x flags %x proto %02x", (unsigned)r->ck, flags, (unsigned)d->ch[ci].proto);
#if FZ_NB
	ret = scmia_xfer_submit(x, flags, nb_cb, nb);
#else
	ret = SCMIA_ENOTSUP;
#endif
	if (ret != SCMIA_OK) {
		FZ_CHECK(nb->cb_runs == 0, "callback",
			 "submit returned %d but the completion callback ran", ret);
		req_done(d, r, ret, x);
		FZ_CHECK(drv_put(d, x, r) == SCMIA_OK, "api",
			 "put after a failed submit (%d) failed", ret);
		nb->used = 0;
		nb->x = NULL;
	}
}

static void do_put(struct fz_drv *d, unsigned pick)
{
	unsigned n = 0;
	struct fz_nb *nb = NULL;
	struct scmia_xfer *x;
	unsigned ran;
	int ret;

	for (unsigned i = 0; i < FZ_MAX_NB; i++)
		n += d->nb[i].used && d->nb[i].x;
	if (!n)
		return;
	pick %= n;
	for (unsigned i = 0; i < FZ_MAX_NB; i++) {
		if (d->nb[i].used && d->nb[i].x && !pick--) {
			nb = &d->nb[i];
			break;
		}
	}
	/* Whether it had completed is judged before the put: the put's unlock
	 * may take a deferred interrupt that completes it now (its callback
	 * runs, and may put it itself), after the put found it in flight. */
	ran = nb->cb_runs;
	x = nb->x;
	ret = drv_put(d, x, nb->ended);
	if (!ran) {
		FZ_CHECK(ret == SCMIA_ESTATE, "api",
			 "scmia_xfer_put of a transfer still in flight returned %d, not ESTATE",
			 ret);
		return;
	}
	/* What the core's private fields say, to tell a slot handed out twice
	 * (not owned) from one moved on after its callback (state). */
	FZ_CHECK(ret == SCMIA_OK, "api",
		 "scmia_xfer_put of a completed transfer (hdr %08x, callback result %d) returned "
		 "%d: state %u owned %u busy %u holds %u replied %u",
		 (unsigned)x->hdr, nb->result, ret, (unsigned)x->state, (unsigned)x->owned,
		 (unsigned)x->busy, (unsigned)x->holds, (unsigned)x->replied);
	nb->x = NULL;
	nb->used = 0;
}

static int nb_pending(const struct fz_drv *d)
{
	for (unsigned i = 0; i < FZ_MAX_NB; i++)
		if (d->nb[i].used && !d->nb[i].cb_runs)
			return 1;
	return 0;
}

static void service(struct fz_drv *d)
{
#if FZ_NB
	int n = scmia_agent_service(d->agent);

	FZ_CHECK(n >= 0, "api", "scmia_agent_service returned %d", n);
#else
	(void)d;
#endif
}

static int dispatch(struct fz_drv *d, unsigned max)
{
#if FZ_NOTIFY
	int n;

	fz_streak_reset();
	n = scmia_notify_dispatch(d->agent, max);
	FZ_CHECK(n >= 0, "api", "scmia_notify_dispatch returned %d", n);
	return n;
#else
	(void)d;
	(void)max;
	return 0;
#endif
}

/* Run well-behaved commands until the next token of channel @ci should be
 * @want (the allocator is monotonic: one lap of the token space). */
static void do_lap(struct fz_drv *d, unsigned ci, uint32_t want)
{
	uint32_t last = 0;
	unsigned n, ok = 0;

	for (uint32_t i = d->led->n; i-- > 0;) {
		const struct fz_req *r = &d->led->req[i];

		if (r->chan == ci && (r->sent_ok || r->txdones || r->state == FZ_REQ_ENDED)) {
			last = scmia_hdr_token(r->hdr);
			ok = 1;
			break;
		}
	}
	if (!ok)
		return;
	n = (unsigned)((want - 1u - last) & (SCMIA_TOKEN_SPACE - 1u));
	if (n > d->burst_left)
		return;
	d->burst_left -= n;
	d->behaving = 1;
	for (unsigned i = 0; i < n; i++)
		if (do_sync(d, ci, 0, 0x02, 0, 0, 0) != SCMIA_OK)
			break;
	d->behaving = 0;
}

static void do_burst(struct fz_drv *d, unsigned ci, unsigned n)
{
	if (n > d->burst_left)
		n = d->burst_left;
	d->burst_left -= n;
	d->behaving = 1;
	for (unsigned i = 0; i < n; i++)
		if (do_sync(d, ci, 0, 0x03, 0, 0, 0) != SCMIA_OK)
			break;
	d->behaving = 0;
}

static const uint32_t time_steps[8] = { 0, 1, 10, 100, 1000, 10000, 100000, 3000000 };

/* ------------------------------------------------------------------ */
/* End of input                                                        */
/* ------------------------------------------------------------------ */

static void finale(struct fz_drv *d)
{
	FZ_TRACE("finale");
	d->finale = 1;
	d->behaving = 1;
	if (d->pif->behave)
		d->pif->behave(d->pctx);
	for (unsigned round = 0; round < 16u; round++) {
		d->pif->settle(d->pctx);
		if (!nb_pending(d))
			break;
		fz_os_advance(d->os, (uint64_t)d->reply_tmo + d->dresp_tmo + 1u);
		service(d);
	}
	for (unsigned i = 0; i < FZ_MAX_NB; i++) {
		struct fz_nb *nb = &d->nb[i];

		if (!nb->used)
			continue;
		FZ_CHECK(nb->cb_runs == 1, "lost-completion",
			 "a non-blocking transfer (hdr %08x) never completed: no callback after "
			 "every deadline passed and the platform settled",
			 nb->x ? (unsigned)nb->x->hdr : 0u);
		if (nb->x)
			FZ_CHECK(drv_put(d, nb->x, nb->ended) == SCMIA_OK, "api",
				 "put of a completed transfer failed");
		nb->x = NULL;
		nb->used = 0;
	}
	for (unsigned k = 0; k < 64u && dispatch(d, 0) > 0; k++)
		;

	/* Liveness: every a2p channel still carries a command, interrupt-driven
	 * (or the channel's mode) and polled. */
	for (unsigned i = 0; i < d->n_ch; i++) {
		if (!d->ch[i].a2p)
			continue;
		(void)do_sync(d, i, 0, 0x01, 4, 0, 1);
		if (d->can_poll)
			(void)do_sync(d, i, SCMIA_XFER_F_POLL, 0x01, 0, 0, 1);
	}

	/* Leaks: every slot back in its pool, no token in flight. */
	d->pif->settle(d->pctx);
	for (unsigned k = 0; k < 64u && dispatch(d, 0) > 0; k++)
		;
	for (unsigned i = 0; i < d->n_ch; i++) {
		unsigned nf = 0, nh = 0, ni = 0;
		int ret = scmia_chan_stats(d->ch[i].chan, &nf, &nh, &ni);

		FZ_CHECK(ret == SCMIA_OK, "api", "scmia_chan_stats returned %d", ret);
		FZ_CHECK(nf == scmia_chan_max_msg(d->ch[i].chan) && ni == 0, "leak",
			 "channel %u (%s, proto %02x): %u of %u slots free, %u held, %u tokens "
			 "in flight after every transfer was put",
			 i, d->ch[i].a2p ? "a2p" : "p2a", (unsigned)d->ch[i].proto, nf,
			 scmia_chan_max_msg(d->ch[i].chan), nh, ni);
	}
	for (uint32_t i = 0; i < d->led->n; i++) {
		const struct fz_req *r = &d->led->req[i];

		if (r->sent_ok)
			FZ_CHECK(r->txdones == 1, "txdone",
				 "request hdr %08x (result %d): mark_txdone ran %u times for its "
				 "successful send",
				 (unsigned)r->hdr, r->result, (unsigned)r->txdones);
	}
	if (d->pif->final_check)
		d->pif->final_check(d->pctx);
}

/* ------------------------------------------------------------------ */
/* Main loop                                                           */
/* ------------------------------------------------------------------ */

void fz_drv_run(struct fz_drv *d)
{
	unsigned nops = OP__COUNT + d->pif->n_ops;

	if (d->msg_size < 4u)
		fz_fail("harness", "msg_size below 4");
	while (fz_cmd_more(d->in)) {
		unsigned op = fz_cmd_u8(d->in) % nops;

		fz_step("main");
		fz_streak_reset();
		FZ_TRACE("op %u t=%llu", op, (unsigned long long)d->os->now);
		switch (op) {
		case OP_SYNC: {
			unsigned ci = a2p_index(d, fz_cmd_u8(d->in));
			uint8_t b = fz_cmd_u8(d->in);

			(void)do_sync(d, ci, pick_flags(d, b), (uint8_t)(b >> 4), (b >> 2) & 3u,
				      pick_rx_cap(d, (uint8_t)(b >> 5)), 0);
			break;
		}
		case OP_SUBMIT:
		case OP_SUBMIT2: {
			unsigned ci = a2p_index(d, fz_cmd_u8(d->in));
			uint8_t b = fz_cmd_u8(d->in);

			do_submit(d, ci, pick_flags(d, b), (uint8_t)(b >> 4), (b >> 2) & 3u,
				  pick_rx_cap(d, (uint8_t)(b >> 5)), (b & 0x80u) != 0);
			break;
		}
		case OP_PUT:
			do_put(d, fz_cmd_u8(d->in));
			break;
		case OP_SERVICE:
			fz_os_advance(d->os, time_steps[fz_cmd_u8(d->in) & 7u]);
			service(d);
			break;
		case OP_TICK: {
			unsigned n = 1u + (fz_cmd_u8(d->in) & 7u);

			for (unsigned i = 0; i < n; i++)
				d->pif->tick(d->pctx);
			break;
		}
		case OP_DISPATCH: {
			static const unsigned maxes[4] = { 0, 1, 2, 4 };

			(void)dispatch(d, maxes[fz_cmd_u8(d->in) & 3u]);
			break;
		}
		case OP_TIME:
			fz_os_advance(d->os, time_steps[fz_cmd_u8(d->in) & 7u]);
			break;
		case OP_BURST: {
			unsigned ci = a2p_index(d, fz_cmd_u8(d->in));

			do_burst(d, ci, 1u + fz_cmd_below(d->in, 1100u));
			break;
		}
		case OP_LAP: {
			struct fz_req *r = fz_drv_pick_ended(d, fz_cmd_u8(d->in));

			if (r && (r->result == SCMIA_ETIMEDOUT || r->result == SCMIA_ECANCELED))
				do_lap(d, r->chan, scmia_hdr_token(r->hdr));
			break;
		}
		default:
			if (d->pif->op)
				d->pif->op(d->pctx, op - OP__COUNT);
			break;
		}
		if (d->pif->post_op)
			d->pif->post_op(d->pctx);
	}
	finale(d);
}

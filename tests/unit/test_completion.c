/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: completion modes and timeouts (docs/design.md, "Waiting and timeouts"):
 * interrupt-driven wait on the fake OS, polling through poll_done,
 * completion on return, the per-call polling override, a polling wait ended
 * by an out-of-order delayed response, the deadline re-check (a preempted
 * waiter does not report a false timeout), re-armed wait objects (a stale
 * signal does not end the next wait), timeouts measured from the doorbell,
 * the NULL OS table, and the non-blocking API (callback exactly once,
 * expiry by scmia_agent_service() and by the next submit or receive).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

#define TMO 30000u

/* ---- the platform, played from the fakes' hooks ---- */

enum { ST_NONE = 0, ST_RESP, ST_DRESP };

/* What the platform does during the n-th wait() call. */
struct step {
	int kind;
	uint64_t after_us;  /* time it takes before answering */
	int32_t status;
	uint32_t len;
	uint8_t fill;       /* payload bytes */
	int wait_ret;       /* 0: FAKE_WAIT_DEFAULT, else forced (use plat_ret()) */
};

struct plat {
	struct fx *fx;
	struct step steps[4];
	unsigned wait_calls;
	int rx_ret[4];
	struct scmia_xfer *target;  /* reply to this transfer (NULL: last sent) */
	/* reply posted at send (polling / completion on return) */
	int post_on_send;
	unsigned post_ready_after;
	uint32_t post_len;
	/* reply delivered from inside send (interrupt before send returns) */
	int deliver_in_send;
	int send_rx_ret;
};

static struct plat g_plat;

#define PLAT_TIMEDOUT 1 /* steps[].wait_ret: wait() reports a timeout anyway */

static int plat_wait(struct fake_os *os, struct fake_wait *w, uint32_t timeout_us, void *arg)
{
	struct plat *p = arg;
	struct step *s;
	uint8_t pay[64];
	uint32_t h;
	unsigned i = p->wait_calls++;

	(void)w;
	(void)timeout_us;
	if (i >= 4 || p->steps[i].kind == ST_NONE)
		return FAKE_WAIT_DEFAULT;
	s = &p->steps[i];
	fake_os_advance(os, s->after_us);
	memset(pay, s->fill, sizeof(pay));
	h = p->target ? p->target->hdr : p->fx->tp.last_hdr;
	if (s->kind == ST_RESP)
		p->rx_ret[i] = fx_resp(p->fx, h, s->status, pay, s->len);
	else
		p->rx_ret[i] = fx_dresp(p->fx, h, s->status, pay, s->len);
	return s->wait_ret == PLAT_TIMEDOUT ? SCMIA_ETIMEDOUT : FAKE_WAIT_DEFAULT;
}

static int plat_send(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct plat *p = &g_plat;
	uint8_t pay[4] = { 0xde, 0xad, 0xbe, 0xef };

	(void)chan;
	if (p->post_on_send) {
		fake_tp_post(tp, xfer->hdr, 0, pay, p->post_len);
		tp->poll_ready_after = p->post_ready_after;
	}
	if (p->deliver_in_send)
		p->send_rx_ret = fx_resp(p->fx, xfer->hdr, 0, pay, 4);
	return 0;
}

static struct plat *plat_init(struct fx *fx)
{
	struct plat *p = &g_plat;

	memset(p, 0, sizeof(*p));
	p->fx = fx;
	p->post_len = 4;
	fx->os.during_wait = plat_wait;
	fx->os.during_wait_arg = p;
	fx->tp.on_send = plat_send;
	return p;
}

static void plat_step(struct plat *p, unsigned i, int kind, uint64_t after_us, int32_t status,
		      uint32_t len, uint8_t fill)
{
	p->steps[i].kind = kind;
	p->steps[i].after_us = after_us;
	p->steps[i].status = status;
	p->steps[i].len = len;
	p->steps[i].fill = fill;
}

static struct fx *fx_mode(uint8_t completion, int no_os)
{
	struct fx_opts o;

	memset(&o, 0, sizeof(o));
	o.completion = completion;
	o.no_os = no_os;
	return fx_new(&o);
}

static int all_bytes(const void *p, uint8_t v, uint32_t n)
{
	const uint8_t *b = p;
	uint32_t i;

	for (i = 0; i < n; i++)
		if (b[i] != v)
			return 0;
	return 1;
}

/* ---- interrupt-driven wait ---- */

static void test_cpl_irq_wait_reply_during_wait(void **state)
{
	struct fx *fx = fx_new_default();
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	struct fake_wait *w = &fx->waits[scmia_xfer_index(x)];

	(void)state;
	plat_step(p, 0, ST_RESP, 1000, 0, 4, 0x5c);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(p->rx_ret[0], SCMIA_OK);
	assert_int_equal(x->rx_len, 4);
	assert_true(all_bytes(x->rx_buf, 0x5c, 4));
	assert_true(w->waits >= 1);      /* waited on this slot's own object */
	assert_true(w->signals >= 1);
	assert_true(w->arms >= 1);       /* re-armed ... */
	assert_true(w->last_arm_seq < fx->tp.last_send_seq); /* ... before the send */
	assert_int_equal(fx->tp.n_poll, 0);
	assert_int_equal(fx->tp.last_flags & SCMIA_XFER_F_POLL, 0);
	assert_int_equal(fx->tp.n_txdone, 1);
	assert_int_equal(fx->tp.last_txdone_ret, 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_cpl_irq_wait_times_out_after_full_timeout(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	assert_true(fx->os.now >= fx->tp.last_doorbell_us + TMO);
	assert_true(fx->os.now <= fx->tp.last_doorbell_us + TMO + 1000);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	assert_int_equal(fx->tp.n_txdone, 1);
	assert_true(fx->tp.last_txdone_ret < 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_cpl_irq_async_waits_for_dresp(void **state)
{
	struct fx *fx = fx_new_default();
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	plat_step(p, 0, ST_RESP, 100, 0, 4, 0x11);
	plat_step(p, 1, ST_DRESP, 500000, 0, 24, 0x22);
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_ASYNC), SCMIA_OK);
	assert_int_equal(p->wait_calls, 2);
	assert_int_equal(x->rx_len, 24);
	assert_true(all_bytes(x->rx_buf, 0x22, 24));
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_DELAYED_REPLIES), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* The delayed response never comes: the wait ends after the delayed
 * response timeout (not the reply timeout, not never). */
static void test_cpl_irq_async_dresp_timeout(void **state)
{
	struct fx *fx = fx_new_default();
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint64_t t_resp;

	(void)state;
	plat_step(p, 0, ST_RESP, 100, 0, 4, 0x11);
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_ASYNC), SCMIA_ETIMEDOUT);
	t_resp = fx->tp.last_doorbell_us + 100;
	assert_true(fx->os.now >= t_resp + 2000000u - 1000u);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_cpl_reply_before_send_returns(void **state)
{
	struct fx *fx = fx_new_default();
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	p->deliver_in_send = 1;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(p->send_rx_ret, SCMIA_OK);
	assert_int_equal(x->rx_len, 4);
	assert_int_equal(((uint8_t *)x->rx_buf)[0], 0xde);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_SENT), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* ---- polling ---- */

static void test_cpl_poll_done_mode(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_POLL, 0);
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	p->post_on_send = 1;
	p->post_ready_after = 5;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 4);
	assert_int_equal(scmia_get_le32(x->rx_buf), 0xefbeaddeu);
	assert_true(fx->tp.n_poll >= 6);
	assert_int_equal(fx->os.waits, 0);
	assert_true(fx->os.relaxes >= 1); /* the back-off hook runs */
	assert_null(fx->tp.last_fetch_cookie);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_cpl_poll_timeout_bounded(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_POLL, 0);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	assert_true(fx->os.now >= fx->tp.last_doorbell_us + TMO);
	assert_true(fx->os.now <= fx->tp.last_doorbell_us + TMO + 100);
	assert_true(fx->tp.n_poll >= TMO / 10u - 10u);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	assert_int_equal(fx->tp.n_txdone, 1);
	assert_true(fx->tp.last_txdone_ret < 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static int poll_fails(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	(void)tp;
	(void)chan;
	(void)xfer;
	return SCMIA_EPROTO;
}

/* The channel reports an error (SMT ERROR bit): the wait ends with it. */
static void test_cpl_poll_done_error_ends_wait(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_POLL, 0);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint64_t t0 = fx->os.now;

	(void)state;
	fx->tp.on_poll = poll_fails;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_EPROTO);
	assert_true(fx->os.now < t0 + TMO);
	assert_true(fx->tp.n_poll < 10);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_cpl_completion_on_return(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct plat *p;
	struct scmia_xfer *x;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.completion_auto = 1;
	o.tp_flags = SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN;
	fx = fx_new(&o);
	p = plat_init(fx);
	p->post_on_send = 1;
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 4);
	assert_int_equal(scmia_get_le32(x->rx_buf), 0xefbeaddeu);
	assert_int_equal(fx->os.waits, 0);
	assert_int_equal(fx->tp.n_fetch, 1);
	assert_null(fx->tp.last_fetch_cookie);
	assert_int_equal(fx->tp.n_txdone, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* Non-blocking submit on a completion-on-return channel: the callback may
 * run before submit returns, and runs once. */
static void test_cpl_completion_on_return_callback_once(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_ON_RETURN, 0);
	struct plat *p = plat_init(fx);
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	p->post_on_send = 1;
	cb_rec_init(&rec, fx);
	(void)fx_submit(fx, x, 0, &rec);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	fake_os_advance(&fx->os, 10 * TMO);
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* Per-call override: an interrupt-driven channel polls for one call
 * (atomic context), and the transport is told no interrupt is wanted. */
static void test_cpl_per_call_poll_override(void **state)
{
	struct fx *fx = fx_new_default();
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	p->post_on_send = 1;
	p->post_ready_after = 3;
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_true(fx->tp.last_flags & SCMIA_XFER_F_POLL);
	assert_int_equal(scmia_xfer_flags(x) & SCMIA_XFER_F_POLL, SCMIA_XFER_F_POLL);
	assert_int_equal(fx->os.waits, 0);
	assert_true(fx->tp.n_poll >= 4);
	assert_int_equal(scmia_get_le32(x->rx_buf), 0xefbeaddeu);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* the next call without the flag waits on the OS again */
	p->post_on_send = 0;
	plat_step(p, 0, ST_RESP, 10, 0, 4, 0x33);
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(fx->tp.last_flags & SCMIA_XFER_F_POLL, 0);
	assert_true(fx->os.waits >= 1);
	assert_true(all_bytes(x->rx_buf, 0x33, 4));
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* poll_done keeps saying "not yet" (the response was lost), but the
 * delayed response arrived out of order through the p2a interrupt: the
 * polling wait ends at once with the delayed response's result. */
static int poll_delivers_dresp(struct fake_tp *tp, struct scmia_chan *chan,
			       struct scmia_xfer *xfer)
{
	struct plat *p = &g_plat;

	(void)tp;
	(void)chan;
	if (tp->n_poll == 2)
		p->rx_ret[0] = fx_dresp(p->fx, xfer->hdr, 0, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	return 0;
}

static void test_cpl_poll_ends_when_out_of_order_dresp_completed(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_POLL, 0);
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint64_t t0 = fx->os.now;

	(void)state;
	fx->tp.on_poll = poll_delivers_dresp;
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_ASYNC), SCMIA_OK);
	assert_int_equal(p->rx_ret[0], SCMIA_OK);
	assert_int_equal(x->rx_len, 8);
	assert_int_equal(((uint8_t *)x->rx_buf)[7], 8);
	assert_true(fx->os.now < t0 + TMO / 2u);
	assert_true(fx->tp.n_poll < 100);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REORDERED), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* ---- deadline re-check: a preempted waiter must not report a false
 * timeout when the reply arrived by the time it looked at the clock ---- */

static void test_cpl_deadline_recheck_irq_reply_at_deadline(void **state)
{
	struct fx *fx = fx_new_default();
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	/* the wait times out exactly at the deadline while the reply lands */
	plat_step(p, 0, ST_RESP, TMO, 0, 4, 0x44);
	p->steps[0].wait_ret = PLAT_TIMEDOUT;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(p->rx_ret[0], SCMIA_OK);
	assert_true(all_bytes(x->rx_buf, 0x44, 4));
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* The poller sees "not yet", is preempted past its deadline, and the reply
 * is ready when it runs again: one last look must find it. */
static int poll_preempted(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	uint8_t pay[4] = { 0x55, 0x55, 0x55, 0x55 };

	(void)chan;
	if (tp->n_poll == 1) {
		fake_tp_post(tp, xfer->hdr, 0, pay, 4);
		fake_os_advance(tp->os, TMO + 5000);
		return 0;
	}
	return tp->posted_valid && scmia_hdr_token(tp->posted.hdr) == scmia_hdr_token(xfer->hdr);
}

static void test_cpl_deadline_recheck_poller_preempted(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_POLL, 0);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	fx->tp.on_poll = poll_preempted;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_true(all_bytes(x->rx_buf, 0x55, 4));
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(fx->tp.n_poll, 2);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* Found exactly when the deadline is reached (no off-by-one in the loop). */
static int poll_ready_at_deadline(struct fake_tp *tp, struct scmia_chan *chan,
				  struct scmia_xfer *xfer)
{
	uint8_t pay[4] = { 0x66, 0x66, 0x66, 0x66 };

	(void)chan;
	if (tp->os->now >= tp->last_doorbell_us + TMO) {
		if (!tp->posted_valid)
			fake_tp_post(tp, xfer->hdr, 0, pay, 4);
		return 1;
	}
	return 0;
}

static void test_cpl_poll_found_on_last_try_not_timeout(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_POLL, 0);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	fx->tp.on_poll = poll_ready_at_deadline;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_true(all_bytes(x->rx_buf, 0x66, 4));
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* ---- stale signals ---- */

/* Command 1 times out; its late reply signals the slot's wait object (and
 * we leave an extra stale signal there). Command 2 on the same slot must
 * wait its full timeout, not return at once. */
static void stale_signal_case(int with_wait_arm, int reply_second)
{
	struct fx_opts o;
	struct fx *fx;
	struct plat *p;
	struct scmia_xfer *x;
	uint32_t h1;
	int r;

	memset(&o, 0, sizeof(o));
	o.max_msg = 1;
	if (!with_wait_arm)
		o.drop_os = FX_DROP_WAIT_ARM;
	fx = fx_new(&o);
	p = plat_init(fx);
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	h1 = x->hdr;
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	(void)fx_resp(fx, h1, 0, NULL, 0); /* the late reply */
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	fx->waits[0].signalled = 1;        /* and a stale signal, whoever left it */

	x = fx_get(fx, FX_PROTO, 2);
	if (reply_second) {
		plat_step(p, 0, ST_RESP, 5000, 0, 4, 0x77);
		plat_step(p, 1, ST_RESP, 5000, 0, 4, 0x77);
	}
	r = scmia_xfer_do(x, 0);
	if (reply_second) {
		assert_int_equal(r, SCMIA_OK);
		assert_true(all_bytes(x->rx_buf, 0x77, 4));
		assert_int_equal(x->rx_len, 4);
	} else {
		assert_int_equal(r, SCMIA_ETIMEDOUT);
		assert_true(fx->os.now >= fx->tp.last_doorbell_us + TMO);
		assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 2);
	}
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_cpl_stale_signal_does_not_end_next_wait_early(void **state)
{
	(void)state;
	stale_signal_case(1, 0);
}

static void test_cpl_stale_signal_without_wait_arm_only_rechecks(void **state)
{
	(void)state;
	stale_signal_case(0, 0);
}

static void test_cpl_stale_signal_then_real_reply_ok(void **state)
{
	(void)state;
	stale_signal_case(0, 1);
}

/* ---- the clock starts at the doorbell ---- */

static void test_cpl_timeout_measured_from_doorbell_blocking(void **state)
{
	struct fx *fx = fx_new_default();
	struct plat *p = plat_init(fx);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	fx->tp.send_advance_us = 50000; /* waited 50 ms for a free channel */
	plat_step(p, 0, ST_RESP, 20000, 0, 4, 0x12);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_true(all_bytes(x->rx_buf, 0x12, 4));
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_cpl_timeout_measured_from_doorbell_polling(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_POLL, 0);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);

	(void)state;
	fx->tp.send_advance_us = 50000;
	fx->tp.on_poll = poll_ready_at_deadline; /* ready at doorbell + TMO */
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

static void test_cpl_timeout_measured_from_doorbell_nonblocking(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint64_t bell;

	(void)state;
	fx->tp.send_advance_us = 50000;
	cb_rec_init(&rec, fx);
	(void)fx_submit(fx, x, 0, &rec);
	bell = fx->tp.last_doorbell_us;
	fx->os.now = bell + TMO - 1000;
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	assert_int_equal(rec.calls, 0);
	fx->os.now = bell + TMO + 1;
	assert_int_equal(scmia_agent_service(&fx->agent), 1);
	assert_int_equal(rec.result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* ---- a polled and an interrupt-driven sender on one channel ---- */

struct race {
	struct fx *fx;
	struct scmia_xfer *irq_x;
	struct scmia_xfer *poll_x;
	int poll_ret;
	int rx_ret;
	unsigned calls;
};

static struct race g_race;

static int race_send(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	uint8_t pay[4] = { 0xb0, 0xb0, 0xb0, 0xb0 };

	(void)chan;
	if (xfer == g_race.poll_x)
		fake_tp_post(tp, xfer->hdr, 0, pay, 4);
	return 0;
}

static int race_wait(struct fake_os *os, struct fake_wait *w, uint32_t timeout_us, void *arg)
{
	struct race *r = arg;
	uint8_t pay[4] = { 0xa0, 0xa0, 0xa0, 0xa0 };

	(void)w;
	(void)timeout_us;
	if (r->calls++)
		return FAKE_WAIT_DEFAULT;
	/* while the interrupt-driven caller sleeps, another caller polls */
	r->poll_x = fx_get(r->fx, FX_PROTO, 2);
	r->poll_ret = scmia_xfer_do(r->poll_x, SCMIA_XFER_F_POLL);
	fake_os_advance(os, 100);
	r->rx_ret = fx_resp(r->fx, r->irq_x->hdr, 0, pay, 4);
	return FAKE_WAIT_DEFAULT;
}

static void test_cpl_polled_and_irq_sender_on_one_channel(void **state)
{
	struct fx *fx = fx_new_default();

	(void)state;
	memset(&g_race, 0, sizeof(g_race));
	g_race.fx = fx;
	fx->tp.on_send = race_send;
	fx->os.during_wait = race_wait;
	fx->os.during_wait_arg = &g_race;
	g_race.irq_x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(g_race.irq_x, 0), SCMIA_OK);
	assert_int_equal(g_race.poll_ret, SCMIA_OK);
	assert_int_equal(g_race.rx_ret, SCMIA_OK);
	assert_true(all_bytes(g_race.irq_x->rx_buf, 0xa0, 4));
	assert_true(all_bytes(g_race.poll_x->rx_buf, 0xb0, 4));
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 2);
	assert_int_equal(scmia_xfer_put(g_race.irq_x), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(g_race.poll_x), SCMIA_OK);
	fx_free(fx);
}

/* ---- a poller and a thread-context receive of the same transfer ----
 *
 * One core: a polling caller (high priority, or F_POLL from atomic code)
 * preempts a thread-context receive that is fetching the same transfer's
 * response. poll_done says "ready", but the transfer is busy in the other
 * receive. The poller must keep backing off (relax on every iteration, as
 * os.h says) and keep its deadline, never spin flat out: on one core the
 * preempted receive cannot finish until the poller yields.
 *
 * Two threads, handshaked so that core code never runs in both at once:
 * P (poller) parks in its first poll_done; R (receive) then enters
 * scmia_rx() and blocks inside fetch_response; P runs alone for SPINS
 * iterations (poll_done or relax calls), then parks until R finished.
 */
#define SPINS 1000u

struct hold {
	struct fx *fx;
	pthread_mutex_t m;
	pthread_cond_t c;
	int p_parked, r_in_fetch, p_done_spinning, r_done;
	uint32_t hdr;
	struct fake_msg *msg;
	int rx_ret;
	unsigned spins, polls, relaxes;
	int started, spinning;
};

static struct hold g_hold;

static int hold_wait_for(int *flag)
{
	struct timespec ts;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	pthread_mutex_lock(&g_hold.m);
	while (!*flag && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&g_hold.c, &g_hold.m, &ts);
	pthread_mutex_unlock(&g_hold.m);
	return *flag;
}

static void hold_set(int *flag)
{
	pthread_mutex_lock(&g_hold.m);
	*flag = 1;
	pthread_cond_broadcast(&g_hold.c);
	pthread_mutex_unlock(&g_hold.m);
}

/* P: one more iteration while R holds the transfer. */
static void hold_spin(void)
{
	if (!g_hold.spinning)
		return;
	if (++g_hold.spins < SPINS)
		return;
	g_hold.spinning = 0;
	hold_set(&g_hold.p_done_spinning);
	(void)hold_wait_for(&g_hold.r_done);
}

static int hold_send(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	uint8_t pay[4] = { 0x99, 0x98, 0x97, 0x96 };

	(void)chan;
	g_hold.hdr = xfer->hdr;
	g_hold.msg = fx_msg(g_hold.fx, xfer->hdr, 0, pay, 4);
	fake_tp_post(tp, xfer->hdr, 0, pay, 4);
	return 0;
}

static int hold_poll(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	(void)tp;
	(void)chan;
	(void)xfer;
	if (!g_hold.started) {
		/* first look: park, let R get inside its fetch, then spin */
		g_hold.started = 1;
		hold_set(&g_hold.p_parked);
		g_hold.spinning = hold_wait_for(&g_hold.r_in_fetch);
	}
	if (g_hold.spinning)
		g_hold.polls++;
	hold_spin();
	return 1; /* the response is there */
}

static void hold_relax(struct fake_os *os, void *arg)
{
	(void)os;
	(void)arg;
	if (g_hold.spinning)
		g_hold.relaxes++;
	hold_spin();
}

static void hold_fetch(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer,
		       void *cookie)
{
	(void)tp;
	(void)chan;
	(void)xfer;
	if (cookie != g_hold.msg)
		return;
	hold_set(&g_hold.r_in_fetch);
	(void)hold_wait_for(&g_hold.p_done_spinning);
}

static void *hold_receiver(void *arg)
{
	(void)arg;
	if (hold_wait_for(&g_hold.p_parked))
		g_hold.rx_ret = scmia_rx(&g_hold.fx->a2p, g_hold.hdr, g_hold.msg);
	hold_set(&g_hold.r_done);
	return NULL;
}

static void test_cpl_poller_backs_off_while_receive_holds_xfer(void **state)
{
	struct fx *fx = fx_mode(SCMIA_COMPLETION_POLL, 0);
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	pthread_t th;
	uint64_t t0;
	int r;

	(void)state;
	memset(&g_hold, 0, sizeof(g_hold));
	pthread_mutex_init(&g_hold.m, NULL);
	pthread_cond_init(&g_hold.c, NULL);
	g_hold.fx = fx;
	fx->tp.on_send = hold_send;
	fx->tp.on_poll = hold_poll;
	fx->tp.on_fetch = hold_fetch;
	fx->os.on_relax = hold_relax;
	assert_int_equal(pthread_create(&th, NULL, hold_receiver, NULL), 0);
	t0 = fx->os.now;
	r = scmia_xfer_do(x, 0);
	pthread_join(th, NULL);
	assert_int_equal(g_hold.r_in_fetch, 1);
	assert_int_equal(g_hold.p_done_spinning, 1);
	/* the receive that held the transfer completed it */
	assert_int_equal(g_hold.rx_ret, SCMIA_OK);
	assert_int_equal(r, SCMIA_OK);
	assert_int_equal(scmia_get_le32(x->rx_buf), 0x96979899u);
	/* while it was held, every polling iteration backed off */
	if (g_hold.relaxes + 1u < g_hold.polls)
		print_error("poller: %u poll_done calls, %u relax calls while the transfer "
			    "was held by another receive\n",
			    g_hold.polls, g_hold.relaxes);
	assert_true(g_hold.relaxes + 1u >= g_hold.polls);
	assert_true(fx->os.now > t0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	pthread_mutex_destroy(&g_hold.m);
	pthread_cond_destroy(&g_hold.c);
	fx_free(fx);
}

/* The same with an interrupt-driven waiter: its wait ends at the deadline
 * while the receive entry (another CPU) is fetching the response that came
 * in time. The waiter must not report a timeout for a transfer whose reply
 * is being processed (and the reply must not end up counted "late"): it
 * waits for the receive to finish.
 *
 * P (waiter) parks in its first wait(); R enters scmia_rx() and blocks in
 * fetch_response; P's first wait then returns ETIMEDOUT at the deadline.
 * If P waits (or backs off) again, it parks there until R completed. */
struct busy_to {
	struct fx *fx;
	pthread_mutex_t m;
	pthread_cond_t c;
	int p_parked, r_in_fetch, p_again, p_returned, r_done;
	unsigned waits;
	uint32_t hdr;
	struct fake_msg *msg;
	int rx_ret;
};

static struct busy_to g_bt;

static int bt_wait_for(int *flag)
{
	struct timespec ts;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	pthread_mutex_lock(&g_bt.m);
	while (!*flag && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&g_bt.c, &g_bt.m, &ts);
	pthread_mutex_unlock(&g_bt.m);
	return *flag;
}

static void bt_set(int *flag)
{
	pthread_mutex_lock(&g_bt.m);
	*flag = 1;
	pthread_cond_broadcast(&g_bt.c);
	pthread_mutex_unlock(&g_bt.m);
}

static int bt_send(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	uint8_t pay[4] = { 0x31, 0x32, 0x33, 0x34 };

	(void)tp;
	(void)chan;
	g_bt.hdr = xfer->hdr;
	g_bt.msg = fx_msg(g_bt.fx, xfer->hdr, 0, pay, 4);
	return 0;
}

static void bt_again(void)
{
	/* P looks again after the deadline: let R finish, park meanwhile */
	if (g_bt.p_again)
		return;
	bt_set(&g_bt.p_again);
	(void)bt_wait_for(&g_bt.r_done);
}

static int bt_wait(struct fake_os *os, struct fake_wait *w, uint32_t timeout_us, void *arg)
{
	(void)w;
	(void)arg;
	if (g_bt.waits++ == 0) {
		bt_set(&g_bt.p_parked);
		(void)bt_wait_for(&g_bt.r_in_fetch);
		/* the deadline passes while R is fetching */
		fake_os_advance(os, (uint64_t)timeout_us + 1u);
		return SCMIA_ETIMEDOUT;
	}
	bt_again();
	return FAKE_WAIT_DEFAULT; /* R's completion signal is pending */
}

static void bt_relax(struct fake_os *os, void *arg)
{
	(void)os;
	(void)arg;
	if (g_bt.waits)
		bt_again();
}

static void bt_fetch(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer,
		     void *cookie)
{
	(void)tp;
	(void)chan;
	(void)xfer;
	if (cookie != g_bt.msg)
		return;
	bt_set(&g_bt.r_in_fetch);
	/* until P looks again, or gave up and returned */
	pthread_mutex_lock(&g_bt.m);
	{
		struct timespec ts;
		int r = 0;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 5;
		while (!g_bt.p_again && !g_bt.p_returned && r != ETIMEDOUT)
			r = pthread_cond_timedwait(&g_bt.c, &g_bt.m, &ts);
	}
	pthread_mutex_unlock(&g_bt.m);
}

static void *bt_receiver(void *arg)
{
	(void)arg;
	if (bt_wait_for(&g_bt.p_parked))
		g_bt.rx_ret = scmia_rx(&g_bt.fx->a2p, g_bt.hdr, g_bt.msg);
	bt_set(&g_bt.r_done);
	return NULL;
}

static void test_cpl_no_false_timeout_while_receive_fetches_reply(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	pthread_t th;
	int r;

	(void)state;
	memset(&g_bt, 0, sizeof(g_bt));
	pthread_mutex_init(&g_bt.m, NULL);
	pthread_cond_init(&g_bt.c, NULL);
	g_bt.fx = fx;
	fx->tp.on_send = bt_send;
	fx->tp.on_fetch = bt_fetch;
	fx->os.during_wait = bt_wait;
	fx->os.on_relax = bt_relax;
	assert_int_equal(pthread_create(&th, NULL, bt_receiver, NULL), 0);
	r = scmia_xfer_do(x, 0);
	bt_set(&g_bt.p_returned);
	pthread_join(th, NULL);
	assert_int_equal(g_bt.r_in_fetch, 1);
	assert_int_equal(g_bt.rx_ret, SCMIA_OK);
	if (r != SCMIA_OK)
		print_error("waiter returned %d while the receive was fetching its reply\n", r);
	assert_int_equal(r, SCMIA_OK);
	assert_int_equal(scmia_get_le32(x->rx_buf), 0x34333231u);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	pthread_mutex_destroy(&g_bt.m);
	pthread_cond_destroy(&g_bt.c);
	fx_free(fx);
}

/* ---- the NULL OS table: single-threaded polling mode ---- */

static void test_cpl_null_os_polling_mode(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct plat *p;
	uint8_t rx[16];
	uint32_t rx_len = 99;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_os = 1;
	o.completion_auto = 1;
	fx = fx_new(&o);
	p = plat_init(fx);
	p->post_on_send = 1;
	p->post_ready_after = 3;
	memset(rx, 0, sizeof(rx));
	assert_int_equal(scmia_cmd(&fx->agent, FX_PROTO, 1, "abcd", 4, rx, sizeof(rx), &rx_len, 0),
			 SCMIA_OK);
	assert_int_equal(rx_len, 4);
	assert_int_equal(scmia_get_le32(rx), 0xefbeaddeu);
	assert_int_equal(fx->tp.last_tx_len, 4);
	assert_memory_equal(fx->tp.last_tx, "abcd", 4);
	assert_true(fx->tp.n_poll >= 4);
	assert_int_equal(fx->os.locks, 0); /* no table, no calls */
	fx_free(fx);
}

static void test_cpl_null_os_polling_timeout_virtual_time(void **state)
{
	struct fx_opts o;
	struct fx *fx;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_os = 1;
	o.completion = SCMIA_COMPLETION_POLL;
	o.reply_timeout_us = 500;
	fx = fx_new(&o);
	assert_int_equal(scmia_cmd(&fx->agent, FX_PROTO, 1, NULL, 0, NULL, 0, NULL, 0),
			 SCMIA_ETIMEDOUT);
	/* virtual time: one step per iteration */
	assert_true(fx->tp.n_poll >= 500u / SCMIA_NOCLOCK_POLL_STEP_US / 2u);
	assert_true(fx->tp.n_poll <= 500u / SCMIA_NOCLOCK_POLL_STEP_US * 2u + 4u);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 1);
	fx_free(fx);
}

static void test_cpl_null_os_irq_spin_times_out_no_hang(void **state)
{
	struct fx_opts o;
	struct fx *fx;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_os = 1;
	o.completion = SCMIA_COMPLETION_IRQ;
	o.reply_timeout_us = 300;
	fx = fx_new(&o);
	assert_int_equal(scmia_cmd(&fx->agent, FX_PROTO, 1, NULL, 0, NULL, 0, NULL, 0),
			 SCMIA_ETIMEDOUT);
	assert_int_equal(fx->tp.n_poll, 0);
	fx_free(fx);
}

static void test_cpl_null_os_irq_reply_from_interrupt(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct plat *p;
	uint8_t rx[4];

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_os = 1;
	o.completion = SCMIA_COMPLETION_IRQ;
	fx = fx_new(&o);
	p = plat_init(fx);
	p->deliver_in_send = 1;
	assert_int_equal(scmia_cmd(&fx->agent, FX_PROTO, 1, NULL, 0, rx, 4, NULL, 0), SCMIA_OK);
	assert_int_equal(rx[0], 0xde);
	fx_free(fx);
}

/* An OS table without a clock (bare metal with an interrupt-masking lock
 * only): time is virtual, the polling wait still ends. */
static void test_cpl_os_without_clock_polls_in_virtual_time(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct plat *p;
	struct scmia_xfer *x;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.completion = SCMIA_COMPLETION_POLL;
	o.reply_timeout_us = 400;
	o.drop_os = FX_DROP_NOW | FX_DROP_WAIT | FX_DROP_WAIT_ARM;
	fx = fx_new(&o);
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(fx->os.nows, 0);
	assert_true(fx->tp.n_poll >= 400u / SCMIA_NOCLOCK_POLL_STEP_US / 2u);
	assert_true(fx->tp.n_poll <= 400u / SCMIA_NOCLOCK_POLL_STEP_US * 2u + 4u);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	p = plat_init(fx);
	p->post_on_send = 1;
	p->post_ready_after = 10;
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* Interrupt-driven channel without wait objects (bare metal, the receive
 * runs in an interrupt): the wait spins on the state with the back-off
 * hook, and still times out. */
static void test_cpl_irq_without_wait_objects_spins_with_relax(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct plat *p;
	struct scmia_xfer *x;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_waits = 1;
	fx = fx_new(&o);
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(fx->os.waits, 0);
	assert_true(fx->os.relaxes >= TMO / 10u - 10u);
	assert_true(fx->os.now >= fx->tp.last_doorbell_us + TMO);
	assert_int_equal(fx->tp.n_poll, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	p = plat_init(fx);
	p->deliver_in_send = 1;
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(scmia_get_le32(x->rx_buf), 0xefbeaddeu);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* ---- non-blocking API ---- */

static void test_nb_submit_callback_exactly_once(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint32_t h;

	(void)state;
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(rec.calls, 0);
	assert_int_equal(fx_resp(fx, h, 0, "wxyz", 4), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_memory_equal(rec.rx, "wxyz", 4);
	(void)fx_resp(fx, h, 0, NULL, 0);
	fake_os_advance(&fx->os, 10 * TMO);
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.lock_violations, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(fx->os.waits, 0); /* never blocks */
	fx_free(fx);
}

static void test_nb_expiry_via_agent_service(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec r[3];
	struct scmia_xfer *x[3];
	unsigned i;

	(void)state;
	for (i = 0; i < 3; i++) {
		x[i] = fx_get(fx, FX_PROTO, 1);
		cb_rec_init(&r[i], fx);
		(void)fx_submit(fx, x[i], 0, &r[i]);
		fake_os_advance(&fx->os, 10000);
	}
	/* x0 sent at t, x1 at t+10ms, x2 at t+20ms; now t+30ms */
	fake_os_advance(&fx->os, 5000); /* t+35 ms: x0 overdue only */
	assert_int_equal(scmia_agent_service(&fx->agent), 1);
	assert_int_equal(r[0].calls, 1);
	assert_int_equal(r[0].result, SCMIA_ETIMEDOUT);
	assert_int_equal(r[1].calls + r[2].calls, 0);
	fake_os_advance(&fx->os, 20000); /* t+55 ms: the other two */
	assert_int_equal(scmia_agent_service(&fx->agent), 2);
	assert_int_equal(r[1].result, SCMIA_ETIMEDOUT);
	assert_int_equal(r[2].result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 3);
	assert_int_equal(fx->tp.n_txdone, 3);
	assert_true(fx->tp.last_txdone_ret < 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	}
	fx_free(fx);
}

static void test_nb_expiry_via_next_submit(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec ra, rb;
	struct scmia_xfer *a = fx_get(fx, FX_PROTO, 1), *b = fx_get(fx, FX_PROTO, 1);
	uint32_t hb;

	(void)state;
	cb_rec_init(&ra, fx);
	cb_rec_init(&rb, fx);
	(void)fx_submit(fx, a, 0, &ra);
	fake_os_advance(&fx->os, TMO + 1);
	hb = fx_submit(fx, b, 0, &rb);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(ra.result, SCMIA_ETIMEDOUT);
	assert_int_equal(rb.calls, 0);
	assert_int_equal(fx_resp(fx, hb, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(rb.result, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
	fx_free(fx);
}

static void test_nb_expiry_via_receive(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec ra, rb;
	struct scmia_xfer *a = fx_get(fx, FX_PROTO, 1), *b = fx_get(fx, FX_PROTO, 1);
	uint32_t hb;

	(void)state;
	cb_rec_init(&ra, fx);
	cb_rec_init(&rb, fx);
	(void)fx_submit(fx, a, 0, &ra);
	fake_os_advance(&fx->os, 20000);
	hb = fx_submit(fx, b, 0, &rb);
	fake_os_advance(&fx->os, 10001); /* a overdue, b not */
	assert_int_equal(ra.calls, 0);
	assert_int_equal(fx_resp(fx, hb, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(rb.calls, 1);
	assert_int_equal(rb.result, SCMIA_OK);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(ra.result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
	fx_free(fx);
}

/* A notification on the p2a channel is a receive too. */
static void test_nb_expiry_via_notification_receive(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec ra;
	struct scmia_xfer *a = fx_get(fx, FX_PROTO, 1);

	(void)state;
	cb_rec_init(&ra, fx);
	(void)fx_submit(fx, a, 0, &ra);
	fake_os_advance(&fx->os, TMO + 1);
	assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(ra.result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	fx_free(fx);
}

static void test_nb_callback_may_put_xfer(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	unsigned nf;
	uint32_t h;

	(void)state;
	cb_rec_init(&rec, fx);
	rec.put_in_cb = 1;
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(fx_resp(fx, h, 0, "1234", 4), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.put_ret, SCMIA_OK);
	assert_memory_equal(rec.rx, "1234", 4);
	fx_stats(&fx->a2p, &nf, NULL, NULL);
	assert_int_equal(nf, 8);
	assert_int_equal(scmia_xfer_put(x), SCMIA_ESTATE); /* already put */
	fx_free(fx);
}

static void test_nb_callback_may_put_xfer_on_timeout(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	unsigned nf;
	uint32_t h;

	(void)state;
	cb_rec_init(&rec, fx);
	rec.put_in_cb = 1;
	h = fx_submit(fx, x, 0, &rec);
	fake_os_advance(&fx->os, TMO + 1);
	assert_int_equal(scmia_agent_service(&fx->agent), 1);
	assert_int_equal(rec.put_ret, SCMIA_OK);
	fx_stats(&fx->a2p, &nf, NULL, NULL);
	assert_int_equal(nf, 8);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(rec.calls, 1);
	fx_free(fx);
}

/* The callback of an async command runs once, after the delayed response,
 * and may put the transfer from there. */
static void test_nb_async_callback_after_dresp_may_put(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	unsigned nf;
	uint32_t h;

	(void)state;
	cb_rec_init(&rec, fx);
	rec.put_in_cb = 1;
	h = fx_submit(fx, x, SCMIA_XFER_F_ASYNC, &rec);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(rec.calls, 0);
	assert_int_equal(fx_dresp(fx, h, 0, "dr", 2), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.put_ret, SCMIA_OK);
	fx_stats(&fx->a2p, &nf, NULL, NULL);
	assert_int_equal(nf, 8);
	fx_free(fx);
}

/*
 * mark_txdone of a non-blocking asynchronous command comes before its
 * callback, whoever receives its delayed response. Found by the mediator's
 * TSan soak: the response's mark_txdone ran after the lock was let go, so
 * the delayed response, received in another context at that moment, could
 * end the transfer and run its callback first (which may put it, and a new
 * use send it: the late mark_txdone would then release the new use's
 * claim). The fake OS plays that other context right after an unlock.
 */
struct txd_order {
	struct fx *fx;
	uint32_t h;
	int dresp_ret;
	unsigned txdone_at_cb;
	struct cb_rec rec;
};

static void txd_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct txd_order *o = arg;

	(void)x;
	o->txdone_at_cb = o->fx->tp.n_txdone;
	o->rec.calls++;
	o->rec.result = result;
}

static void txd_dresp_now(struct fake_os *os, void *arg)
{
	struct txd_order *o = arg;

	(void)os;
	o->dresp_ret = fx_dresp(o->fx, o->h, 0, "dr", 2);
}

/* The delayed response comes in another context right after the next
 * unlock. */
static void txd_dresp_at_next_unlock(struct txd_order *o)
{
	o->fx->os.on_unlock = txd_dresp_now;
	o->fx->os.on_unlock_arg = o;
}

static void txd_init(struct txd_order *o, struct fx *fx)
{
	memset(o, 0, sizeof(*o));
	o->fx = fx;
	o->dresp_ret = 12345; /* not run yet */
	fx->tp.user = o;
}

/* The delayed response came as @dresp_ret says, the callback ran once,
 * with success, and only after the one mark_txdone (@n0 before). */
static void txd_check(struct txd_order *o, unsigned n0, int dresp_ret)
{
	assert_null(o->fx->os.on_unlock);
	assert_int_equal(o->dresp_ret, dresp_ret);
	assert_int_equal(o->rec.calls, 1);
	assert_int_equal(o->rec.result, SCMIA_OK);
	assert_int_equal(o->fx->tp.n_txdone, n0 + 1u);
	assert_int_equal(o->txdone_at_cb, n0 + 1u); /* mark_txdone first */
}

/* The response came while send() ran: the submitter's mark_txdone. */
static int txd_resp_in_send(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *x)
{
	struct txd_order *o = tp->user;

	(void)chan;
	scmia_xfer_sent(x);
	o->h = x->hdr;
	assert_int_equal(fx_resp(o->fx, x->hdr, 0, NULL, 0), SCMIA_OK);
	/* the next unlock is the submitter's, once send() returned */
	txd_dresp_at_next_unlock(o);
	return 0;
}

static void test_nb_async_txdone_before_callback_resp_in_send(void **state)
{
	struct fx *fx = fx_new_default();
	struct txd_order o;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	unsigned n0 = fx->tp.n_txdone;

	(void)state;
	txd_init(&o, fx);
	fx->tp.on_send = txd_resp_in_send;
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, txd_cb, &o), SCMIA_OK);
	fx->tp.on_send = NULL;
	txd_check(&o, n0, SCMIA_OK); /* ended it, left the callback to the submitter */
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* The response came while send() ran and the delayed response has not:
 * the submitter marks the send done before submit returns (the channel is
 * free for the next sender while the delayed response is awaited). */
static int txd_resp_only_in_send(struct fake_tp *tp, struct scmia_chan *chan,
				 struct scmia_xfer *x)
{
	(void)chan;
	scmia_xfer_sent(x);
	assert_int_equal(fx_resp((struct fx *)tp->user, x->hdr, 0, NULL, 0), SCMIA_OK);
	return 0;
}

static void test_nb_async_resp_in_send_txdone_at_submit(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	unsigned n0 = fx->tp.n_txdone;

	(void)state;
	cb_rec_init(&rec, fx);
	fx->tp.user = fx;
	fx->tp.on_send = txd_resp_only_in_send;
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, cb_record, &rec), SCMIA_OK);
	fx->tp.on_send = NULL;
	assert_int_equal(fx->tp.n_txdone, n0 + 1u);
	assert_int_equal(fx->tp.last_txdone_ret, SCMIA_OK);
	assert_int_equal(rec.calls, 0);
	assert_int_equal(fx_dresp(fx, x->hdr, 0, "dr", 2), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(fx->tp.n_txdone, n0 + 1u); /* once */
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* The response comes after send() returned: the receive's mark_txdone. */
static void txd_arm(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *x, void *cookie)
{
	struct txd_order *o = tp->user;

	(void)chan;
	(void)x;
	(void)cookie;
	/* the next unlock ends the receive's critical section */
	tp->on_fetch = NULL;
	txd_dresp_at_next_unlock(o);
}

static void test_nb_async_txdone_before_callback_resp_received(void **state)
{
	struct fx *fx = fx_new_default();
	struct txd_order o;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	unsigned n0 = fx->tp.n_txdone;

	(void)state;
	txd_init(&o, fx);
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, txd_cb, &o), SCMIA_OK);
	o.h = x->hdr;
	fx->tp.on_fetch = txd_arm;
	assert_int_equal(fx_resp(fx, o.h, 0, NULL, 0), SCMIA_OK);
	txd_check(&o, n0, SCMIA_RX_DEFERRED); /* handed to the receive that holds it */
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* The response arrived in time and the receive entry is fetching it when
 * the deadline passes and scmia_agent_service() runs (another CPU, or an
 * interrupt on top of the receive thread). Receive processing of a
 * transfer is exclusive: the expiry must leave it to the receive, so the
 * callback runs once, with the reply, not ETIMEDOUT while fetch_response
 * is still writing rx_buf (and the reply then counted "late"). */
struct exp_in_fetch {
	struct fx *fx;
	struct scmia_xfer *x;
	struct cb_rec *rec;
	int service_ret;
	unsigned calls_seen;
	int done;
};

static struct exp_in_fetch g_eif;

static void expire_in_fetch(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer,
			    void *cookie)
{
	(void)chan;
	(void)cookie;
	if (g_eif.done || xfer != g_eif.x)
		return;
	g_eif.done = 1;
	fake_os_advance(tp->os, TMO + 1000);
	g_eif.service_ret = scmia_agent_service(&g_eif.fx->agent);
	g_eif.calls_seen = g_eif.rec->calls;
}

static void test_nb_expiry_leaves_xfer_being_received_alone(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint32_t h;

	(void)state;
	memset(&g_eif, 0, sizeof(g_eif));
	g_eif.fx = fx;
	g_eif.x = x;
	g_eif.rec = &rec;
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	fx->tp.on_fetch = expire_in_fetch;
	assert_int_equal(fx_resp(fx, h, 0, "intime", 6), SCMIA_OK);
	assert_int_equal(g_eif.done, 1);
	assert_int_equal(g_eif.service_ret, 0);
	assert_int_equal(g_eif.calls_seen, 0);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_memory_equal(rec.rx, "intime", 6);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpl_irq_wait_reply_during_wait),
		cmocka_unit_test(test_cpl_irq_wait_times_out_after_full_timeout),
		cmocka_unit_test(test_cpl_irq_async_waits_for_dresp),
		cmocka_unit_test(test_cpl_irq_async_dresp_timeout),
		cmocka_unit_test(test_cpl_reply_before_send_returns),
		cmocka_unit_test(test_cpl_poll_done_mode),
		cmocka_unit_test(test_cpl_poll_timeout_bounded),
		cmocka_unit_test(test_cpl_poll_done_error_ends_wait),
		cmocka_unit_test(test_cpl_completion_on_return),
		cmocka_unit_test(test_cpl_completion_on_return_callback_once),
		cmocka_unit_test(test_cpl_per_call_poll_override),
		cmocka_unit_test(test_cpl_poll_ends_when_out_of_order_dresp_completed),
		cmocka_unit_test(test_cpl_deadline_recheck_irq_reply_at_deadline),
		cmocka_unit_test(test_cpl_deadline_recheck_poller_preempted),
		cmocka_unit_test(test_cpl_poll_found_on_last_try_not_timeout),
		cmocka_unit_test(test_cpl_stale_signal_does_not_end_next_wait_early),
		cmocka_unit_test(test_cpl_stale_signal_without_wait_arm_only_rechecks),
		cmocka_unit_test(test_cpl_stale_signal_then_real_reply_ok),
		cmocka_unit_test(test_cpl_timeout_measured_from_doorbell_blocking),
		cmocka_unit_test(test_cpl_timeout_measured_from_doorbell_polling),
		cmocka_unit_test(test_cpl_timeout_measured_from_doorbell_nonblocking),
		cmocka_unit_test(test_cpl_polled_and_irq_sender_on_one_channel),
		cmocka_unit_test(test_cpl_poller_backs_off_while_receive_holds_xfer),
		cmocka_unit_test(test_cpl_no_false_timeout_while_receive_fetches_reply),
		cmocka_unit_test(test_cpl_null_os_polling_mode),
		cmocka_unit_test(test_cpl_null_os_polling_timeout_virtual_time),
		cmocka_unit_test(test_cpl_null_os_irq_spin_times_out_no_hang),
		cmocka_unit_test(test_cpl_null_os_irq_reply_from_interrupt),
		cmocka_unit_test(test_cpl_os_without_clock_polls_in_virtual_time),
		cmocka_unit_test(test_cpl_irq_without_wait_objects_spins_with_relax),
		cmocka_unit_test(test_nb_submit_callback_exactly_once),
		cmocka_unit_test(test_nb_expiry_via_agent_service),
		cmocka_unit_test(test_nb_expiry_via_next_submit),
		cmocka_unit_test(test_nb_expiry_via_receive),
		cmocka_unit_test(test_nb_expiry_via_notification_receive),
		cmocka_unit_test(test_nb_callback_may_put_xfer),
		cmocka_unit_test(test_nb_callback_may_put_xfer_on_timeout),
		cmocka_unit_test(test_nb_async_callback_after_dresp_may_put),
		cmocka_unit_test(test_nb_async_txdone_before_callback_resp_in_send),
		cmocka_unit_test(test_nb_async_resp_in_send_txdone_at_submit),
		cmocka_unit_test(test_nb_async_txdone_before_callback_resp_received),
		cmocka_unit_test(test_nb_expiry_leaves_xfer_being_received_alone),
	};

	return cmocka_run_group_tests_name("unit_completion", tests, NULL, unit_teardown);
}

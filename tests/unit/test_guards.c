/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guards of the core that no other test caught when the mutation check
 * (tests/mutate, docs/testing.md "Mutation check") removed them. Each test
 * names the mutation it kills; each fails with that guard removed and
 * passes with it.
 *
 * Two tests need a second context (a receive in progress on another CPU
 * while the caller goes on): they use a POSIX thread in strict hand-off
 * with the test thread (semaphores), so that only one of them runs the
 * core at a time and the fake OS's lock bookkeeping stays exact.
 */
#include <pthread.h>
#include <semaphore.h>
#include <string.h>

#include "fixture.h"

#define TMO 30000u

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

/*
 * Mutation C23: tab_remove()'s backward shift across the end of the table.
 * A 2-slot channel has 8 buckets. Token 7 is quarantined in bucket 7,
 * token 8 is held in bucket 0 (its home), token 15 (home 7) is pushed to
 * bucket 1. The late reply of token 7 empties bucket 7: token 15 moves back
 * home, token 8 must stay where it is. Moving it into bucket 7 (a shift
 * rule that ignores the wrap) loses it: its reply is then "unexpected".
 */
static void test_guard_token_run_across_table_end(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct cb_rec r7, r8, r15;
	struct scmia_xfer *x, *x8, *x15;
	uint32_t h7, h8, h15;
	unsigned t, inflight;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 2;
	o.reply_timeout_us = TMO;
	fx = fx_new(&o);
	/* tokens 0 .. 6: got and put unsent */
	for (t = 0; t < 7; t++) {
		x = fx_get(fx, FX_PROTO, 1);
		assert_int_equal(scmia_hdr_token(x->hdr), t);
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	}
	/* token 7: times out, quarantined at put */
	x = fx_get(fx, FX_PROTO, 1);
	cb_rec_init(&r7, fx);
	h7 = fx_submit(fx, x, 0, &r7);
	assert_int_equal(scmia_hdr_token(h7), 7);
	fake_os_advance(&fx->os, TMO + 1);
	assert_int_equal(scmia_agent_service(&fx->agent), 1);
	assert_int_equal(r7.result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 1);
	/* token 8 (bucket 0) in flight */
	x8 = fx_get(fx, FX_PROTO, 2);
	cb_rec_init(&r8, fx);
	h8 = fx_submit(fx, x8, 0, &r8);
	assert_int_equal(scmia_hdr_token(h8), 8);
	/* tokens 9 .. 14 on the other slot */
	for (t = 9; t < 15; t++) {
		x = fx_get(fx, FX_PROTO, 1);
		assert_int_equal(scmia_hdr_token(x->hdr), t);
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	}
	/* token 15: home bucket 7 holds the quarantined 7, bucket 0 token 8 */
	x15 = fx_get(fx, FX_PROTO, 3);
	cb_rec_init(&r15, fx);
	h15 = fx_submit(fx, x15, 0, &r15);
	assert_int_equal(scmia_hdr_token(h15), 15);

	/* the late reply of 7 ends its quarantine: bucket 7 empties */
	assert_int_equal(fx_resp(fx, h7, 0, NULL, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_quarantined(&fx->a2p), 0);

	/* both tokens out are still found */
	assert_int_equal(fx_resp(fx, h8, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(r8.calls, 1);
	assert_int_equal(r8.result, SCMIA_OK);
	assert_int_equal(fx_resp(fx, h15, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(r15.calls, 1);
	assert_int_equal(r15.result, SCMIA_OK);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(scmia_xfer_put(x8), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x15), SCMIA_OK);
	fx_stats(&fx->a2p, NULL, NULL, &inflight);
	assert_int_equal(inflight, 0);
	fx_free(fx);
}

/* ------------------------------------------------------------------ */
/* Waits                                                               */
/* ------------------------------------------------------------------ */

/*
 * Mutation C26: wait_fail() fails only a transfer still in the state the
 * waiter saw. The poller sees SENT, then (second poll) the reply is
 * received by an interrupt and the poller is preempted past its deadline;
 * its last look finds nothing (the interrupt took the reply). The
 * transfer is DONE with success: the timeout must not overwrite it.
 */
static int poll_reply_then_preempted(struct fake_tp *tp, struct scmia_chan *chan,
				     struct scmia_xfer *xfer)
{
	struct fx *fx = tp->user;
	uint8_t pay[4] = { 0x5a, 0x5a, 0x5a, 0x5a };

	(void)chan;
	if (tp->n_poll == 2) {
		assert_int_equal(fx_resp(fx, xfer->hdr, 0, pay, 4), SCMIA_OK);
		fake_os_advance(&fx->os, TMO + 5000);
	}
	return 0;
}

static void test_guard_no_timeout_over_completed_transfer(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_xfer *x;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.completion = SCMIA_COMPLETION_POLL;
	o.reply_timeout_us = TMO;
	fx = fx_new(&o);
	fx->tp.user = fx;
	fx->tp.on_poll = poll_reply_then_preempted;
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 4);
	assert_int_equal(((const uint8_t *)x->rx_buf)[0], 0x5a);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(fx->tp.n_poll, 3); /* the last look after the deadline */
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/*
 * Mutation C34: scmia_xfer_sent() moves SENDING to SENT only. A transport
 * that calls it again after the platform answered during send() (a
 * duplicate call, or one made after the doorbell instead of before) must
 * not reopen the finished transfer: the caller gets its reply at once.
 */
static int send_answered_then_sent_again(struct fake_tp *tp, struct scmia_chan *chan,
					 struct scmia_xfer *xfer)
{
	struct fx *fx = tp->user;

	(void)chan;
	assert_int_equal(fx_resp(fx, xfer->hdr, 0, "ok", 2), SCMIA_OK);
	scmia_xfer_sent(xfer);
	return 0;
}

static void test_guard_sent_after_reply_does_not_reopen(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x;

	(void)state;
	fx->tp.user = fx;
	fx->tp.on_send = send_answered_then_sent_again;
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 2);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(fx->tp.n_txdone, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/*
 * Mutation C60: scmia_agent_service() holds a polled non-blocking
 * transfer while it polls it. During the poll, an interrupt completes
 * the transfer and its callback puts it; another caller then asks for a
 * slot. The slot must stay out of the pool until the service call let go
 * of it: else the next use of the slot would be polled (and receive) on
 * behalf of the old transfer.
 */
static struct {
	struct fx *fx;
	struct cb_rec rec;
	int get_ret;
	struct scmia_xfer *y;
} g_poll;

static int poll_completed_and_slot_wanted(struct fake_tp *tp, struct scmia_chan *chan,
					  struct scmia_xfer *xfer)
{
	(void)chan;
	if (tp->n_poll != 1)
		return 0;
	assert_int_equal(fx_resp(g_poll.fx, xfer->hdr, 0, "ok", 2), SCMIA_OK);
	assert_int_equal(g_poll.rec.calls, 1);
	assert_int_equal(g_poll.rec.put_ret, SCMIA_OK);
	g_poll.get_ret = scmia_xfer_get(&g_poll.fx->agent, FX_PROTO, 9, 0, 0, &g_poll.y);
	return 1; /* what the poll saw before the interrupt took the reply */
}

static void test_guard_polled_slot_held_while_service_polls(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_xfer *x;
	unsigned nfree;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 1;
	o.completion = SCMIA_COMPLETION_POLL;
	fx = fx_new(&o);
	memset(&g_poll, 0, sizeof(g_poll));
	g_poll.fx = fx;
	cb_rec_init(&g_poll.rec, fx);
	g_poll.rec.put_in_cb = 1;
	x = fx_get(fx, FX_PROTO, 1);
	(void)fx_submit(fx, x, 0, &g_poll.rec);
	fx->tp.on_poll = poll_completed_and_slot_wanted;
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	fx->tp.on_poll = NULL;
	assert_int_equal(fx->tp.n_poll, 1);
	/* while the service call held it, the slot was not handed out */
	assert_int_equal(g_poll.get_ret, SCMIA_ENOSLOT);
	assert_null(g_poll.y);
	if (g_poll.y)
		(void)scmia_xfer_put(g_poll.y);
	/* now it is back */
	fx_stats(&fx->a2p, &nfree, NULL, NULL);
	assert_int_equal(nfree, 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES), 1);
	fx_free(fx);
}

/* ------------------------------------------------------------------ */
/* A receive on another CPU                                            */
/* ------------------------------------------------------------------ */

struct other_cpu {
	struct fx *fx;
	pthread_t thread;
	int started, joined;
	sem_t in_receive;  /* posted by the receive when it reached its hook */
	sem_t go_on;       /* posted by the test thread to let it finish */
	uint32_t hdr;
	struct fake_msg *dup;
	int rx_ret;
	int put_ret;
	struct scmia_xfer *xfer;
};

static struct other_cpu g_cpu;

static void *other_cpu_receive(void *arg)
{
	struct other_cpu *oc = arg;

	oc->rx_ret = fx_resp(oc->fx, oc->hdr, 0, "rx", 2);
	return NULL;
}

static void other_cpu_start(struct other_cpu *oc, uint32_t hdr)
{
	oc->hdr = hdr;
	assert_int_equal(pthread_create(&oc->thread, NULL, other_cpu_receive, oc), 0);
	oc->started = 1;
	while (sem_wait(&oc->in_receive) != 0)
		;
}

static void other_cpu_finish(struct other_cpu *oc)
{
	if (!oc->started || oc->joined)
		return;
	sem_post(&oc->go_on);
	pthread_join(oc->thread, NULL);
	oc->joined = 1;
}

static void other_cpu_init(struct other_cpu *oc, struct fx *fx)
{
	memset(oc, 0, sizeof(*oc));
	oc->fx = fx;
	sem_init(&oc->in_receive, 0, 0);
	sem_init(&oc->go_on, 0, 0);
}

static void other_cpu_destroy(struct other_cpu *oc)
{
	other_cpu_finish(oc);
	sem_destroy(&oc->in_receive);
	sem_destroy(&oc->go_on);
}

/* The receive's fetch: tell the test thread, wait until it says go on. */
static void fetch_pauses(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer,
			 void *cookie)
{
	(void)tp;
	(void)chan;
	(void)xfer;
	(void)cookie;
	sem_post(&g_cpu.in_receive);
	while (sem_wait(&g_cpu.go_on) != 0)
		;
}

/*
 * Mutation C32: send_failed() leaves a transfer a receive holds alone.
 * send() rang the doorbell (scmia_xfer_sent) and the platform answered at
 * once: a receive on another CPU is fetching the reply when send() then
 * reports an error (a doorbell that failed after the platform saw the
 * message). The transfer reached the platform: it must complete with its
 * reply, not be reset to IDLE under the receive and fail with EIO.
 */
static int send_then_fail_while_received(struct fake_tp *tp, struct scmia_chan *chan,
					 struct scmia_xfer *xfer)
{
	(void)tp;
	(void)chan;
	tp->on_fetch = fetch_pauses;
	other_cpu_start(&g_cpu, xfer->hdr); /* returns once it is in the fetch */
	tp->on_fetch = NULL;
	return SCMIA_EIO;
}

/* The waiter backs off while the receive holds the transfer: let it end. */
static void relax_lets_receive_finish(struct fake_os *os, void *arg)
{
	(void)os;
	other_cpu_finish(arg);
}

static void test_guard_failed_send_leaves_receive_alone(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x;
	int ret;

	(void)state;
	other_cpu_init(&g_cpu, fx);
	fx->tp.on_send = send_then_fail_while_received;
	fx->os.on_relax = relax_lets_receive_finish;
	fx->os.on_relax_arg = &g_cpu;
	x = fx_get(fx, FX_PROTO, 1);
	ret = scmia_xfer_do(x, 0);
	other_cpu_destroy(&g_cpu);
	fx->os.on_relax = NULL;
	fx->tp.on_send = NULL;
	assert_int_equal(ret, SCMIA_OK);
	assert_int_equal(g_cpu.rx_ret, SCMIA_OK);
	assert_int_equal(x->rx_len, 2);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TX_ERRORS), 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/*
 * Mutation C30: slot_release() keeps a slot a receive holds. The reply of
 * a blocking command comes with a duplicate that the receive defers; the
 * receive publishes DONE, then drops the duplicate (rx_release) while it
 * still holds the slot. The caller on another CPU sees DONE, returns and
 * puts the transfer: the slot must not go back to the pool (nor be handed
 * out by a get) until the receive let it go.
 */
static void release_pauses(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct fake_tp *tp = ctx;

	tp->n_release++;
	tp->last_release_chan = chan;
	tp->last_release_cookie = cookie;
	if (cookie == g_cpu.dup) {
		sem_post(&g_cpu.in_receive);
		while (sem_wait(&g_cpu.go_on) != 0)
			;
	}
}

static int wait_sees_done_from_other_cpu(struct fake_os *os, struct fake_wait *w,
					 uint32_t timeout_us, void *arg)
{
	struct other_cpu *oc = arg;

	(void)os;
	(void)w;
	(void)timeout_us;
	if (!oc->started) {
		oc->fx->tp.reenter.armed = 1;
		oc->fx->tp.reenter.chan = &oc->fx->a2p;
		oc->fx->tp.reenter.hdr = oc->hdr;
		oc->fx->tp.reenter.msg = oc->dup;
		other_cpu_start(oc, oc->hdr); /* returns once the duplicate is dropped */
	}
	return 0; /* woken: the state says DONE */
}

static void test_guard_put_under_receive_keeps_slot(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_xfer *x, *y = NULL;
	unsigned nfree_after_put = 0, nfree_end = 0;
	int ret, get_ret;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 2;
	fx = fx_new(&o);
	other_cpu_init(&g_cpu, fx);
	x = fx_get(fx, FX_PROTO, 1);
	g_cpu.hdr = x->hdr;
	g_cpu.dup = fx_msg(fx, x->hdr, 0, "dd", 2);
	fx->tp.ops.rx_release = release_pauses;
	fx->os.during_wait = wait_sees_done_from_other_cpu;
	fx->os.during_wait_arg = &g_cpu;
	ret = scmia_xfer_do(x, 0);
	fx->os.during_wait = NULL;
	/* the caller is done: it puts the transfer while the receive still
	 * holds it, and another caller takes slots */
	if (ret == SCMIA_OK) {
		ret = scmia_xfer_put(x);
		fx_stats(&fx->a2p, &nfree_after_put, NULL, NULL);
		get_ret = scmia_xfer_get(&fx->agent, FX_PROTO, 2, 0, 0, &y);
		if (get_ret == SCMIA_OK && y != x) {
			(void)scmia_xfer_put(y);
			y = NULL;
		}
	}
	other_cpu_destroy(&g_cpu);
	fx_stats(&fx->a2p, &nfree_end, NULL, NULL);
	assert_int_equal(ret, SCMIA_OK);
	assert_int_equal(g_cpu.rx_ret, SCMIA_OK);
	assert_int_equal(fx->tp.reenter.ret, SCMIA_RX_DEFERRED);
	assert_ptr_equal(fx->tp.last_release_cookie, g_cpu.dup);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_INVALID_STATE), 1);
	/* while the receive held it: not free, not handed out again */
	assert_int_equal(nfree_after_put, 1);
	assert_null(y);
	/* once it let go: back in the pool */
	assert_int_equal(nfree_end, 2);
	fx->tp.reenter.armed = 0;
	fx_free(fx);
}

/* ------------------------------------------------------------------ */
/* Channels                                                            */
/* ------------------------------------------------------------------ */

/* get_max_msg answering differently per direction. */
static int max_msg_by_dir(void *ctx, struct scmia_chan *chan)
{
	(void)ctx;
	return scmia_chan_dir(chan) == SCMIA_CHAN_A2P ? 2 : 6;
}

/*
 * Mutation C39: each channel asks the transport its own max_msg. The p2a
 * pool is sized from the p2a channel's answer (6), not from the a2p
 * channel's (2, Linux's bug).
 */
static void test_guard_p2a_pool_sized_by_its_own_max_msg(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct scmia_chan_cfg cfg;
	size_t sz;
	unsigned i, nfree;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_p2a = 1;
	o.max_msg = 2;
	o.notify_quota = 6;
	fx = fx_new(&o);
	fx->tp.ops.get_max_msg = max_msg_by_dir;
	fx->p2a_mem = fx_chan_mem(6, 64, &sz);
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SCMIA_CHAN_P2A;
	cfg.msg_size = 64;
	cfg.chan_ctx = fx;
	cfg.mem = fx->p2a_mem;
	cfg.mem_size = sz;
	assert_int_equal(scmia_chan_open(&fx->agent, &fx->p2a, &cfg), SCMIA_OK);
	fx->has_p2a = 1;
	assert_int_equal(scmia_chan_max_msg(&fx->p2a), 6);
	fx_stats(&fx->p2a, &nfree, NULL, NULL);
	assert_int_equal(nfree, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0, i, NULL, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 6);
	fx_free(fx);
}

/* ------------------------------------------------------------------ */
/* Bounds on what the platform (or a transport) hands the core         */
/* ------------------------------------------------------------------ */

static unsigned g_rx_polls;

/* A p2a channel that always has something (and a count to fail on). */
static int rx_poll_always(void *ctx, struct scmia_chan *chan)
{
	(void)ctx;
	(void)chan;
	return ++g_rx_polls < 100000u ? 1 : 0;
}

/*
 * Mutation C43: scmia_agent_service() calls rx_poll at most max_msg times
 * per p2a channel and call, whatever the transport answers: a device that
 * always has an event cannot keep the service call in the library.
 */
static void test_guard_service_bounds_rx_poll(void **state)
{
	struct fx *fx = fx_new_default();

	(void)state;
	fx->tp.ops.rx_poll = rx_poll_always;
	g_rx_polls = 0;
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	assert_true(g_rx_polls >= 1u);
	assert_true(g_rx_polls <= scmia_chan_max_msg(&fx->p2a));
	fx->tp.ops.rx_poll = NULL;
	fx_free(fx);
}

/*
 * Mutation C45: a header with reserved bits (31:28) set is malformed. A
 * response is also refused by the header comparison; a notification has
 * nothing to compare with: only this check keeps it from being delivered.
 */
static unsigned g_ntf_calls;
static uint32_t g_ntf_len;

static void ntf_record(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	g_ntf_calls++;
	g_ntf_len = n->len;
}

static void test_guard_notification_with_reserved_bits_malformed(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_notifier n;
	uint32_t h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SENSOR, 0);
	unsigned bit;

	(void)state;
	memset(&n, 0, sizeof(n));
	n.proto_id = SCMIA_PROTO_SENSOR;
	n.src_id = SCMIA_NOTIFY_SRC_ANY;
	n.fn = ntf_record;
	assert_int_equal(scmia_notify_register(&fx->agent, &n), SCMIA_OK);
	g_ntf_calls = 0;
	for (bit = 28; bit < 32; bit++) {
		uint32_t bad = h | (1u << bit);

		assert_int_equal(scmia_rx(&fx->p2a, bad, fx_msg(fx, bad, 0, "abcdefgh", 8)),
				 SCMIA_EMALFORMED);
	}
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_MALFORMED), 4);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFICATIONS), 0);
	assert_int_equal(fx->tp.n_clear, 4);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 0);
	assert_int_equal(g_ntf_calls, 0);
	/* the same notification without them is delivered */
	assert_int_equal(scmia_rx(&fx->p2a, h, fx_msg(fx, h, 0, "abcdefgh", 8)), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(g_ntf_calls, 1);
	assert_int_equal(scmia_notify_unregister(&fx->agent, &n), SCMIA_OK);
	fx_free(fx);
}

/* A transport that reports a notification longer than the slot (without
 * writing past it). */
static int fetch_notification_overlong(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				       uint32_t max_len, void *cookie)
{
	(void)ctx;
	(void)cookie;
	(void)max_len;
	memset(xfer->rx_buf, 0x33, xfer->rx_cap);
	xfer->rx_len = scmia_chan_msg_size(chan) + 100u;
	return 0;
}

/*
 * Mutation C50: the core clamps a notification length a transport reports
 * above the slot's capacity: a handler is never told of bytes it does not
 * have.
 */
static void test_guard_notification_length_clamped(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_notifier n;

	(void)state;
	memset(&n, 0, sizeof(n));
	n.proto_id = SCMIA_PROTO_SENSOR;
	n.src_id = SCMIA_NOTIFY_SRC_ANY;
	n.fn = ntf_record;
	assert_int_equal(scmia_notify_register(&fx->agent, &n), SCMIA_OK);
	fx->tp.ops.fetch_notification = fetch_notification_overlong;
	g_ntf_calls = 0;
	g_ntf_len = 0;
	assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(g_ntf_calls, 1);
	assert_int_equal(g_ntf_len, scmia_chan_msg_size(&fx->p2a));
	assert_int_equal(scmia_notify_unregister(&fx->agent, &n), SCMIA_OK);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard_token_run_across_table_end),
		cmocka_unit_test(test_guard_no_timeout_over_completed_transfer),
		cmocka_unit_test(test_guard_sent_after_reply_does_not_reopen),
		cmocka_unit_test(test_guard_polled_slot_held_while_service_polls),
		cmocka_unit_test(test_guard_failed_send_leaves_receive_alone),
		cmocka_unit_test(test_guard_put_under_receive_keeps_slot),
		cmocka_unit_test(test_guard_p2a_pool_sized_by_its_own_max_msg),
		cmocka_unit_test(test_guard_service_bounds_rx_poll),
		cmocka_unit_test(test_guard_notification_with_reserved_bits_malformed),
		cmocka_unit_test(test_guard_notification_length_clamped),
	};

	return cmocka_run_group_tests_name("unit_guards", tests, NULL, unit_teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration test environment (see ienv.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "ienv.h"

struct ienv ienv_g;

/* ------------------------------------------------------------------ */
/* Virtual OS                                                          */
/* ------------------------------------------------------------------ */

static scmia_lock_key_t vos_lock(void *ctx)
{
	struct ienv *e = ctx;

	if (e->lock_depth != 0)
		e->lock_violations++;
	e->lock_depth++;
	return 0x5a;
}

static void vos_unlock(void *ctx, scmia_lock_key_t key)
{
	struct ienv *e = ctx;

	if (e->lock_depth != 1 || key != 0x5a)
		e->lock_violations++;
	e->lock_depth--;
}

void ienv_check_unlocked(struct ienv *e)
{
	if (e->lock_depth != 0)
		e->locked_calls++;
}

void ienv_pump(struct ienv *e)
{
	if (e->pumping)
		return;
	e->pumping = 1;
	(void)scmia_sim_loopback_poll(&e->gl);
	e->pumping = 0;
}

/* Next virtual time at which something happens, bounded by @limit. */
static uint64_t next_event(struct ienv *e, uint64_t limit)
{
	uint64_t due;

	if (scmia_sim_next_due(&e->sim, &due)) {
		if (due <= e->now)
			return e->now + 1u; /* due but the port was busy: retry soon */
		if (due < limit)
			return due;
	}
	return limit;
}

static int vos_wait(void *ctx, void *obj, uint32_t timeout_us)
{
	struct ienv *e = ctx;
	struct ienv_wait *w = obj;
	uint64_t deadline = e->now + timeout_us;

	ienv_check_unlocked(e);
	e->waits++;
	for (;;) {
		ienv_pump(e);
		if (e->on_wait && !e->in_hook) {
			e->in_hook = 1;
			e->on_wait(e, obj);
			e->in_hook = 0;
		}
		if (e->wait_timeout_race && e->now >= deadline)
			return SCMIA_ETIMEDOUT; /* signal (if any) stays pending */
		if (w->signalled) {
			w->signalled = 0;
			return 0;
		}
		if (e->now >= deadline)
			return SCMIA_ETIMEDOUT;
		e->now = next_event(e, deadline);
	}
}

static void vos_signal(void *ctx, void *obj)
{
	struct ienv_wait *w = obj;

	(void)ctx;
	w->signalled = 1;
	w->signals++;
}

static void vos_wait_arm(void *ctx, void *obj)
{
	struct ienv *e = ctx;
	struct ienv_wait *w = obj;

	e->wait_arms++;
	w->signalled = 0;
}

static uint64_t vos_now(void *ctx)
{
	struct ienv *e = ctx;

	e->now_calls++;
	if (e->on_now && !e->in_hook) {
		e->in_hook = 1;
		e->on_now(e);
		e->in_hook = 0;
	}
	return e->now;
}

static void vos_relax(void *ctx)
{
	struct ienv *e = ctx;

	ienv_check_unlocked(e);
	e->relaxes++;
	e->now += e->relax_step_us ? e->relax_step_us : 10u;
	ienv_pump(e);
}

const struct scmia_os_ops ienv_os_ops = {
	.lock = vos_lock,
	.unlock = vos_unlock,
	.wait = vos_wait,
	.signal = vos_signal,
	.wait_arm = vos_wait_arm,
	.now_us = vos_now,
	.relax = vos_relax,
};

const struct scmia_os_ops ienv_os_noarm_ops = {
	.lock = vos_lock,
	.unlock = vos_unlock,
	.wait = vos_wait,
	.signal = vos_signal,
	.now_us = vos_now,
	.relax = vos_relax,
};

const struct scmia_os_ops ienv_os_lock_clock_ops = {
	.lock = vos_lock,
	.unlock = vos_unlock,
	.now_us = vos_now,
	.relax = vos_relax,
};

static uint64_t sim_clock(void *ctx)
{
	return ((struct ienv *)ctx)->now;
}

/* ------------------------------------------------------------------ */
/* Checking transport: forwards to the loopback                        */
/* ------------------------------------------------------------------ */

#define LB (scmia_loopback_transport.ops)

static unsigned dir_of(struct scmia_chan *chan)
{
	return scmia_chan_dir(chan) == SCMIA_CHAN_P2A ? 1u : 0u;
}

static int tr_init(void *ctx)
{
	struct ienv *e = ctx;

	e->calls.init++;
	return e->init_ret;
}

static void tr_exit(void *ctx)
{
	struct ienv *e = ctx;

	e->calls.exit++;
}

static int tr_ready(void *ctx)
{
	struct ienv *e = ctx;

	e->calls.ready++;
	return e->ready_ret;
}

static int tr_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct ienv *e = ctx;
	int ret;

	ienv_check_unlocked(e);
	e->calls.setup++;
	ret = LB->chan_setup(ctx, chan);
	if (e->on_setup)
		e->on_setup(e, chan, NULL, NULL);
	if (e->setup_ret[dir_of(chan)])
		return e->setup_ret[dir_of(chan)];
	return ret;
}

static void tr_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct ienv *e = ctx;

	ienv_check_unlocked(e);
	e->calls.free++;
	if (e->n_free_order < sizeof(e->free_order) - 1u)
		e->free_order[e->n_free_order++] = dir_of(chan) ? 'p' : 'a';
}

static int tr_get_max_msg(void *ctx, struct scmia_chan *chan)
{
	struct ienv *e = ctx;

	e->calls.get_max_msg++;
	if (e->gmm[dir_of(chan)])
		return e->gmm[dir_of(chan)];
	return (int)scmia_loopback_transport.max_msg;
}

static int tr_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct ienv *e = ctx;
	int ret;

	ienv_check_unlocked(e);
	e->calls.send++;
	e->last_send_flags = scmia_xfer_flags(xfer);
	/* A send that takes time before the doorbell (waiting for a FREE
	 * area, a slow bus): the reply deadline must start after it. */
	e->now += e->send_cost_us;
	ret = LB->send(ctx, chan, xfer);
	if (!ret && e->n_sent_tokens < sizeof(e->sent_tokens) / sizeof(e->sent_tokens[0]))
		e->sent_tokens[e->n_sent_tokens++] = scmia_hdr_token(xfer->hdr);
	if (!ret && e->on_send)
		e->on_send(e, chan, xfer, NULL);
	if (!ret && e->send_ret_once) {
		/* the message went out, but the transport reports a failure
		 * (a doorbell write error after the area was written) */
		ret = e->send_ret_once;
		e->send_ret_once = 0;
	}
	return ret;
}

static void tr_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct ienv *e = ctx;

	(void)chan;
	(void)xfer;
	ienv_check_unlocked(e);
	e->calls.txdone++;
	if (ret)
		e->calls.txdone_err++;
}

static int tr_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			     void *cookie)
{
	struct ienv *e = ctx;

	ienv_check_unlocked(e);
	e->calls.fetch_resp++;
	if (e->on_fetch)
		e->on_fetch(e, chan, xfer, cookie);
	return LB->fetch_response(ctx, chan, xfer, cookie);
}

static int tr_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				 uint32_t max_len, void *cookie)
{
	struct ienv *e = ctx;

	ienv_check_unlocked(e);
	e->calls.fetch_notif++;
	return LB->fetch_notification(ctx, chan, xfer, max_len, cookie);
}

static void tr_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct ienv *e = ctx;

	ienv_check_unlocked(e);
	e->calls.clear[dir_of(chan)]++;
	LB->clear_channel(ctx, chan, cookie);
}

static int tr_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct ienv *e = ctx;

	ienv_check_unlocked(e);
	e->calls.poll++;
	return LB->poll_done(ctx, chan, xfer);
}

static void tr_rx_release(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct ienv *e = ctx;

	ienv_check_unlocked(e);
	e->calls.release++;
	LB->rx_release(ctx, chan, cookie);
}

const struct scmia_transport_ops ienv_transport_ops = {
	.init = tr_init,
	.exit = tr_exit,
	.ready = tr_ready,
	.chan_setup = tr_chan_setup,
	.chan_free = tr_chan_free,
	.get_max_msg = tr_get_max_msg,
	.send = tr_send,
	.mark_txdone = tr_mark_txdone,
	.fetch_response = tr_fetch_response,
	.fetch_notification = tr_fetch_notification,
	.clear_channel = tr_clear_channel,
	.poll_done = tr_poll_done,
	.rx_release = tr_rx_release,
};

/* ------------------------------------------------------------------ */
/* Set-up                                                              */
/* ------------------------------------------------------------------ */

void ienv_platform_init(struct ienv *e, unsigned glue_flags)
{
	struct scmia_sim_cfg scfg;

	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_CUSTOM;
	scfg.now_us = sim_clock;
	scfg.now_ctx = e;
	assert_int_equal(scmia_sim_init(&e->sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&e->sim, &e->test), SCMIA_OK);
	assert_int_equal(scmia_sim_loopback_init(&e->gl, &e->sim), SCMIA_OK);
	assert_int_equal(scmia_loopback_chan_init(&e->lb_a2p, e->lbm_a2p, IENV_LB_MSGS, e->q_a2p,
						  NULL, NULL, scmia_sim_loopback_kick, &e->gl),
			 SCMIA_OK);
	assert_int_equal(scmia_loopback_chan_init(&e->lb_p2a, e->lbm_p2a, IENV_LB_MSGS, e->q_p2a,
						  NULL, NULL, NULL, NULL),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_loopback_attach(&e->gl, 0, &e->lb_a2p,
						   e->opts.no_p2a ? NULL : &e->lb_p2a, glue_flags),
			 SCMIA_OK);
}

struct scmia_chan_cfg ienv_chan_cfg(struct ienv *e, unsigned dir, uint16_t max_msg)
{
	struct scmia_chan_cfg c;

	memset(&c, 0, sizeof(c));
	c.dir = (uint8_t)dir;
	c.max_msg = max_msg;
	c.msg_size = IENV_MSG_SIZE;
	if (dir == SCMIA_CHAN_A2P) {
		c.chan_ctx = &e->lb_a2p;
		c.mem = e->mem_a2p;
		c.mem_size = sizeof(e->mem_a2p);
		c.completion = e->opts.completion;
		c.reply_timeout_us = e->opts.reply_timeout_us ? e->opts.reply_timeout_us : 1000u;
		c.dresp_timeout_us = e->opts.dresp_timeout_us ? e->opts.dresp_timeout_us : 5000u;
		if (!e->opts.no_wait_objs &&
		    (e->opts.os == IENV_OS_VIRTUAL || e->opts.os == IENV_OS_VIRTUAL_NOARM)) {
			c.wait_objs = e->wobj;
			c.wait_obj_stride = sizeof(e->wobj[0]);
		}
	} else {
		c.chan_ctx = &e->lb_p2a;
		c.mem = e->mem_p2a;
		c.mem_size = sizeof(e->mem_p2a);
	}
	return c;
}

struct ienv *ienv_start(const struct ienv_opts *opts)
{
	return ienv_start_at(&ienv_g, opts);
}

struct ienv *ienv_start_at(struct ienv *e, const struct ienv_opts *opts)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg c;

	memset(e, 0, sizeof(*e));
	if (opts)
		e->opts = *opts;
	e->now = 1000000u; /* not 0: catches deadlines computed from a zero clock */
	e->tr.ops = &ienv_transport_ops;
	e->tr.name = "ienv-loopback";
	e->tr.max_msg = scmia_loopback_transport.max_msg;
	e->tr.max_msg_size = scmia_loopback_transport.max_msg_size;
	e->tr.flags = scmia_loopback_transport.flags;

	ienv_platform_init(e, e->opts.glue_flags);

	switch (e->opts.os) {
	case IENV_OS_NONE:
		e->os = NULL;
		break;
	case IENV_OS_LOCK_CLOCK:
		e->os = &ienv_os_lock_clock_ops;
		break;
	case IENV_OS_VIRTUAL_NOARM:
		e->os = &ienv_os_noarm_ops;
		break;
	default:
		e->os = &ienv_os_ops;
		break;
	}
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = e->os;
	acfg.os_ctx = e;
	acfg.transport = &e->tr;
	acfg.transport_ctx = e;
	acfg.flags = e->opts.agent_flags;
	acfg.notify_quota = e->opts.notify_quota;
	assert_int_equal(scmia_agent_init(&e->agent, &acfg), SCMIA_OK);
	e->started = 1;
	if (e->opts.no_open)
		return e;

	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, e->opts.a2p_max_msg ? e->opts.a2p_max_msg
								 : (uint16_t)IENV_DEF_MAX_MSG);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_OK);
	if (!e->opts.no_p2a) {
		c = ienv_chan_cfg(e, SCMIA_CHAN_P2A,
				  e->opts.p2a_max_msg ? e->opts.p2a_max_msg
						      : (uint16_t)IENV_DEF_MAX_MSG);
		assert_int_equal(scmia_chan_open(&e->agent, &e->p2a, &c), SCMIA_OK);
	}
	return e;
}

void ienv_stop(struct ienv *e)
{
	if (!e->started)
		return;
	e->started = 0;
	e->on_fetch = NULL;
	e->on_send = NULL;
	e->on_setup = NULL;
	e->on_now = NULL;
	e->on_wait = NULL;
	(void)scmia_agent_deinit(&e->agent);
	scmia_sim_deinit(&e->sim);
}

int ienv_teardown(void **state)
{
	struct ienv *e = &ienv_g;
	unsigned viol = e->lock_violations, locked = e->locked_calls;

	(void)state;
	ienv_stop(e);
	/* Lock discipline over the whole test: the agent lock was never
	 * taken recursively and no transport op, wait or callback ran
	 * with it held. */
	assert_int_equal(viol, 0);
	assert_int_equal(locked, 0);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Time                                                                */
/* ------------------------------------------------------------------ */

void ienv_advance(struct ienv *e, uint64_t us)
{
	uint64_t end = e->now + us;

	for (;;) {
		ienv_pump(e);
		if (e->now >= end)
			break;
		e->now = next_event(e, end);
	}
}

void ienv_drain(struct ienv *e, uint64_t max_us)
{
	uint64_t end = e->now + max_us;

	for (;;) {
		ienv_pump(e);
		if (!scmia_sim_queued(&e->sim) && !scmia_loopback_pending(&e->lb_a2p))
			break;
		if (e->now >= end)
			break;
		e->now = next_event(e, end);
	}
}

/* ------------------------------------------------------------------ */
/* Faults, counters, payloads                                          */
/* ------------------------------------------------------------------ */

int ienv_fault(struct ienv *e, uint8_t match, uint8_t target, uint8_t action, uint8_t proto_id,
	       uint8_t msg_id, uint32_t nth, uint32_t count, int64_t arg)
{
	struct scmia_sim_fault f;
	int idx;

	memset(&f, 0, sizeof(f));
	f.match = match;
	f.target = target;
	f.action = action;
	f.proto_id = proto_id;
	f.msg_id = msg_id;
	f.nth = nth;
	f.count = count;
	f.arg = arg;
	idx = scmia_sim_fault_add(&e->sim, &f);
	assert_true(idx >= 0);
	return idx;
}

uint32_t ienv_fault_fired(struct ienv *e, int idx)
{
	struct scmia_sim_fault f;

	assert_int_equal(scmia_sim_fault_get(&e->sim, (unsigned)idx, &f), SCMIA_OK);
	return f.fired;
}

uint32_t ienv_cnt(struct ienv *e, enum scmia_counter id)
{
	return scmia_agent_counter(&e->agent, id);
}

void ienv_assert_no_leak(struct ienv *e)
{
	unsigned n_free = 0, n_held = 0, n_inflight = 0;

	assert_int_equal(scmia_chan_stats(&e->a2p, &n_free, &n_held, &n_inflight), SCMIA_OK);
	assert_int_equal(n_free, scmia_chan_max_msg(&e->a2p));
	assert_int_equal(n_held, 0);
	assert_int_equal(n_inflight, 0);
}

void ienv_pattern(void *buf, uint32_t len, uint32_t seed)
{
	uint8_t *p = buf;
	uint32_t x = seed * 2654435761u + 0x9e3779b9u;

	for (uint32_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}

int ienv_echo_ok(const struct scmia_xfer *x, const void *tx, uint32_t len)
{
	if (x->rx_len != len + 4u)
		return 0;
	if (len && memcmp(x->rx_buf, tx, len) != 0)
		return 0;
	return scmia_get_le32((const uint8_t *)x->rx_buf + len) ==
	       scmia_sim_checksum(x->hdr, tx, len);
}

int ienv_echo(struct ienv *e, uint32_t len, uint32_t seed, unsigned flags)
{
	uint8_t tx[IENV_MSG_SIZE];
	struct scmia_xfer *x;
	int ret;

	assert_true(len + 4u <= IENV_MSG_SIZE);
	ienv_pattern(tx, len, seed);
	assert_int_equal(scmia_xfer_get(&e->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, len,
					0, &x),
			 SCMIA_OK);
	memcpy(x->tx_buf, tx, len);
	ret = scmia_xfer_do(x, flags);
	if (ret == SCMIA_OK)
		assert_true(ienv_echo_ok(x, tx, len));
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	return ret;
}

void ienv_nb_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct ienv_nb *nb = arg;

	ienv_check_unlocked(nb->e);
	nb->calls++;
	nb->result = result;
	nb->echo_ok = result == SCMIA_OK && x == nb->x && ienv_echo_ok(x, nb->tx, nb->len);
	if (nb->put_in_cb && scmia_xfer_put(x) != SCMIA_OK)
		nb->echo_ok = -1; /* the callback could not give the transfer back */
}

void ienv_echo_submit(struct ienv *e, struct ienv_nb *nb, uint32_t len, uint32_t seed,
		      unsigned flags, int put_in_cb)
{
	memset(nb, 0, sizeof(*nb));
	nb->e = e;
	nb->len = len;
	nb->put_in_cb = put_in_cb;
	ienv_pattern(nb->tx, len, seed);
	assert_int_equal(scmia_xfer_get(&e->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, len,
					0, &nb->x),
			 SCMIA_OK);
	memcpy(nb->x->tx_buf, nb->tx, len);
	assert_int_equal(scmia_xfer_submit(nb->x, flags, ienv_nb_cb, nb), SCMIA_OK);
	nb->token = scmia_hdr_token(nb->x->hdr);
}

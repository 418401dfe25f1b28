/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration: agent and channel life cycle, configuration, OS modes.
 *
 * Bug classes (tests/README.md): interrupt arriving during init or after
 * teardown; teardown with messages in flight; locks or waits taken before
 * the RTOS scheduler runs (init and polling with no OS); partial init not
 * unwound, teardown order, double release of a channel; max_msg of 0, 1,
 * 1024, 1025; rx pool sized from the wrong channel, a dedicated rx channel
 * while the base channel has none; independent instances.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "ienv.h"

#define P80 SCMIA_SIM_TEST_PROTO

/* ------------------------------------------------------------------ */
/* Interrupts at the wrong time                                        */
/* ------------------------------------------------------------------ */

static int g_setup_rx_ret[2];

/* The platform's interrupt fires while the channel is being set up (the
 * transport enabled its interrupt before the core finished). */
static void rx_during_setup(struct ienv *e, struct scmia_chan *chan, struct scmia_xfer *x,
			    void *cookie)
{
	uint8_t body[8] = { 0 };

	(void)x;
	(void)cookie;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_A2P)
		g_setup_rx_ret[0] = scmia_loopback_deliver(
			&e->lb_a2p, ienv_hdr(P80, SCMIA_SIM_TEST_ECHO, 0, 0), body, sizeof(body));
	else
		g_setup_rx_ret[1] = scmia_loopback_deliver(
			&e->lb_p2a,
			ienv_hdr(P80, SCMIA_SIM_TEST_EVT, SCMIA_MSG_TYPE_NOTIFICATION, 0), body,
			sizeof(body));
}

static void test_interrupt_during_channel_setup_dropped(void **state)
{
	struct ienv_opts o = { .no_open = 1 };
	struct ienv *e = ienv_start(&o);
	struct scmia_chan_cfg c;

	(void)state;
	/* an interrupt before the channel exists at all (zeroed storage,
	 * transport not set up) */
	memset(&e->a2p, 0, sizeof(e->a2p));
	assert_int_equal(scmia_rx(&e->a2p, ienv_hdr(P80, SCMIA_SIM_TEST_ECHO, 0, 0), NULL),
			 SCMIA_ESTATE);
	assert_int_equal(scmia_rx(NULL, 0, NULL), SCMIA_ESTATE);

	g_setup_rx_ret[0] = g_setup_rx_ret[1] = 1;
	e->on_setup = rx_during_setup;
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 8);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_OK);
	c = ienv_chan_cfg(e, SCMIA_CHAN_P2A, 8);
	assert_int_equal(scmia_chan_open(&e->agent, &e->p2a, &c), SCMIA_OK);
	e->on_setup = NULL;
	assert_int_equal(g_setup_rx_ret[0], SCMIA_ESTATE);
	assert_int_equal(g_setup_rx_ret[1], SCMIA_ESTATE);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_RX_ERRORS), 2);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 0);
	/* the transport got its areas back */
	assert_int_equal(e->calls.clear[0], 1);
	assert_int_equal(e->calls.clear[1], 1);
	/* and the channels work */
	assert_int_equal(ienv_echo(e, 8, 1, 0), SCMIA_OK);
	ienv_assert_no_leak(e);
}

static void test_interrupt_after_teardown_rejected(void **state)
{
	struct ienv *e = ienv_start(NULL);
	uint8_t body[12] = { 0 };
	uint32_t rx_err;

	(void)state;
	assert_int_equal(ienv_echo(e, 8, 1, 0), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_OK); /* closes p2a first */
	assert_int_equal(scmia_loopback_deliver(&e->lb_a2p,
						ienv_hdr(P80, SCMIA_SIM_TEST_ECHO, 0, 0), body, 12),
			 SCMIA_ESTATE);
	assert_int_equal(scmia_loopback_deliver(&e->lb_p2a,
						ienv_hdr(P80, SCMIA_SIM_TEST_EVT,
							 SCMIA_MSG_TYPE_NOTIFICATION, 0),
						body, 12),
			 SCMIA_ESTATE);
	assert_int_equal(scmia_loopback_deliver(&e->lb_p2a,
						ienv_hdr(P80, SCMIA_SIM_TEST_ASYNC_WORK,
							 SCMIA_MSG_TYPE_DELAYED_RESP, 0),
						body, 12),
			 SCMIA_ESTATE);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_RX_ERRORS), 3);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 0);
	/* closed channels are not the transport's any more: no clear */
	assert_int_equal(e->calls.clear[0] + e->calls.clear[1], 0);
	/* after the agent is gone too */
	assert_int_equal(scmia_agent_deinit(&e->agent), SCMIA_OK);
	rx_err = ienv_cnt(e, SCMIA_CNT_RX_ERRORS);
	assert_int_equal(scmia_loopback_deliver(&e->lb_a2p,
						ienv_hdr(P80, SCMIA_SIM_TEST_ECHO, 0, 1), body, 12),
			 SCMIA_ESTATE);
	assert_true(ienv_cnt(e, SCMIA_CNT_RX_ERRORS) >= rx_err);
}

/* ------------------------------------------------------------------ */
/* Teardown with messages in flight                                    */
/* ------------------------------------------------------------------ */

static void test_teardown_with_messages_in_flight(void **state)
{
	static struct ienv_nb a, b, c;
	struct ienv_opts o = { .reply_timeout_us = 100000, .dresp_timeout_us = 100000 };
	struct ienv *e = ienv_start(&o);
	struct ienv_nb *all[3] = { &a, &b, &c };
	uint8_t v[8];
	unsigned txdone;

	(void)state;
	/* a, b: replies 5 ms away; c: async, response in, delayed response
	 * 5 ms away; plus queued notifications */
	ienv_fault(e, SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, P80,
		   SCMIA_SIM_TEST_ECHO, 0, 0, 5000);
	ienv_echo_submit(e, &a, 8, 1, 0, 1);
	ienv_echo_submit(e, &b, 8, 2, 0, 0);
	memset(&c, 0, sizeof(c));
	c.e = e;
	c.put_in_cb = 1;
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &c.x),
			 SCMIA_OK);
	scmia_put_le32(v, 1);
	scmia_put_le32(v + 4, 5000);
	memcpy(c.x->tx_buf, v, 8);
	assert_int_equal(scmia_xfer_submit(c.x, SCMIA_XFER_F_ASYNC, ienv_nb_cb, &c), SCMIA_OK);
	scmia_put_le32(v, 3);
	scmia_put_le32(v + 4, 4);
	ienv_pump(e);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 1); /* c's response */
	(void)scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, v, 8, NULL, 0, NULL, 0);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 4);
	txdone = e->calls.txdone;

	assert_int_equal(scmia_agent_deinit(&e->agent), SCMIA_OK);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(all[i]->calls, 1);
		assert_int_equal(all[i]->result, SCMIA_ECANCELED);
	}
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_CANCELED), 3);
	/* the transport was told for a and b (c's response already did) */
	assert_int_equal(e->calls.txdone - txdone, 2);
	/* p2a stopped before a2p, then the transport's exit */
	assert_string_equal(e->free_order, "pa");
	assert_int_equal(e->calls.exit, 1);
	assert_int_equal(scmia_xfer_put(b.x), SCMIA_OK);

	/* the platform answers after all: rejected, no callback again */
	ienv_drain(e, 20000);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(all[i]->calls, 1);
	assert_true(ienv_cnt(e, SCMIA_CNT_RX_ERRORS) >= 3);
	/* a second deinit is harmless */
	assert_int_equal(scmia_agent_deinit(&e->agent), SCMIA_ESTATE);
	assert_int_equal(e->calls.exit, 1);
	assert_int_equal(e->calls.free, 2);
}

/* A blocking waiter whose channel is closed under it (another thread,
 * driver removal) gets ECANCELED, not a timeout and not a hang. */
static int g_close_ret = 1;

static void close_during_wait(struct ienv *e, void *obj)
{
	(void)obj;
	if (g_close_ret == 1)
		g_close_ret = scmia_chan_close(&e->a2p);
}

static void test_teardown_blocking_waiter_canceled(void **state)
{
	struct ienv_opts o = { .reply_timeout_us = 100000 };
	struct ienv *e = ienv_start(&o);
	uint64_t t0 = e->now;
	struct scmia_xfer *x;

	(void)state;
	g_close_ret = 1;
	ienv_fault(e, SCMIA_SIM_FM_ANY, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 0, 0, 5000);
	e->on_wait = close_during_wait;
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ECANCELED);
	e->on_wait = NULL;
	assert_int_equal(g_close_ret, SCMIA_OK);
	assert_true(e->now - t0 < 5000);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 4, 0, &x),
			 SCMIA_ENOENT);
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_ESTATE); /* double close */
	assert_int_equal(e->calls.free, 2);
	ienv_drain(e, 10000); /* the reply after close: rejected */
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 0);
}

/* ------------------------------------------------------------------ */
/* No OS, bare metal, early boot                                       */
/* ------------------------------------------------------------------ */

static struct {
	unsigned calls;
	uint32_t src;
} g_nos;

static void nos_handler(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	g_nos.calls++;
	g_nos.src = n->src_id;
}

/* os = NULL: init, channel open, synchronous and asynchronous commands and
 * notifications, all by polling with the platform answering at once. */
static void test_no_os_init_and_polling(void **state)
{
	struct ienv_opts o = { .os = IENV_OS_NONE,
			       .glue_flags = SCMIA_SIM_LB_POST | SCMIA_SIM_LB_INLINE };
	struct ienv *e = ienv_start(&o);
	static struct scmia_notifier nf;
	uint8_t v[8], rx[16];
	uint32_t rx_len;

	(void)state;
	memset(&g_nos, 0, sizeof(g_nos));
	for (unsigned i = 0; i < 50; i++)
		assert_int_equal(ienv_echo(e, i % 40u, i, 0), SCMIA_OK);
	assert_true(e->calls.poll >= 50);
	/* Base PROTOCOL_VERSION (DEN0056 §4.2.2.1: status, version) */
	assert_int_equal(scmia_cmd(&e->agent, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0,
				   rx, sizeof(rx), &rx_len, 0),
			 SCMIA_OK);
	assert_int_equal(rx_len, 4);
	assert_int_equal(scmia_get_le32(rx) >> 16, 2);
	/* async: delay 0, the delayed response follows the response */
	scmia_put_le32(v, 77);
	scmia_put_le32(v + 4, 0);
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_ASYNC_WORK, v, 8, rx, sizeof(rx),
				   &rx_len, SCMIA_XFER_F_ASYNC),
			 SCMIA_OK);
	assert_int_equal(rx_len, 8);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(77));
	/* notifications */
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = P80;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = nos_handler;
	assert_int_equal(scmia_notify_register(&e->agent, &nf), SCMIA_OK);
	scmia_put_le32(v, 12);
	scmia_put_le32(v + 4, 2);
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, v, 8, NULL, 0,
				   NULL, 0),
			 SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 2);
	assert_int_equal(g_nos.calls, 2);
	assert_int_equal(g_nos.src, 12);
	ienv_assert_no_leak(e);
}

/* Bare metal: a lock (interrupt mask) and a clock, no wait op: an
 * interrupt-driven wait spins on the state the receive entry updates. */
static void test_bare_metal_lock_and_clock_only(void **state)
{
	struct ienv_opts o = { .os = IENV_OS_LOCK_CLOCK, .completion = SCMIA_COMPLETION_IRQ,
			       .reply_timeout_us = 1000 };
	struct ienv *e = ienv_start(&o);

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 300);
	assert_int_equal(ienv_echo(e, 16, 1, 0), SCMIA_OK);
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DROP, 0, 0, 2, 1, 0);
	assert_int_equal(ienv_echo(e, 16, 2, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(e->waits, 0);
	assert_true(e->relaxes > 0);
	ienv_assert_no_leak(e);
}

/* Early boot / atomic context on an interrupt-driven channel: a call with
 * SCMIA_XFER_F_POLL never enters the OS wait. */
static void test_forced_poll_never_waits_on_os(void **state)
{
	struct ienv *e = ienv_start(NULL);

	(void)state;
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 200);
	assert_int_equal(ienv_echo(e, 8, 1, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_int_equal(e->waits, 0);
	assert_true(e->relaxes > 0);
	/* the transport was told that no completion interrupt is wanted */
	assert_int_equal(e->last_send_flags & SCMIA_XFER_F_POLL, SCMIA_XFER_F_POLL);
	/* the same channel still waits on the OS without the flag */
	assert_int_equal(ienv_echo(e, 8, 2, 0), SCMIA_OK);
	assert_true(e->waits > 0);
	ienv_assert_no_leak(e);
}

/* ------------------------------------------------------------------ */
/* Partial init, teardown order, double release                        */
/* ------------------------------------------------------------------ */

static void test_partial_init_unwound(void **state)
{
	struct ienv_opts o = { .no_open = 1 };
	struct ienv *e = ienv_start(&o);
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg c;
	struct scmia_agent ag;
	struct scmia_xfer *x;
	unsigned setup, freed;

	(void)state;
	/* transport init fails: the agent is not usable, a retry works */
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &ienv_os_ops;
	acfg.os_ctx = e;
	acfg.transport = &e->tr;
	acfg.transport_ctx = e;
	e->init_ret = SCMIA_EIO;
	assert_int_equal(scmia_agent_init(&ag, &acfg), SCMIA_EIO);
	assert_int_equal(scmia_xfer_get(&ag, P80, 0, 0, 0, &x), SCMIA_EINVAL);
	assert_int_equal(scmia_agent_deinit(&ag), SCMIA_ESTATE);
	e->init_ret = 0;
	/* transport not ready: EAGAIN, its init not even called */
	e->ready_ret = SCMIA_EAGAIN;
	setup = e->calls.init;
	assert_int_equal(scmia_agent_init(&ag, &acfg), SCMIA_EAGAIN);
	assert_int_equal(e->calls.init, setup);
	e->ready_ret = 0;

	/* chan_setup fails: nothing attached, nothing to free */
	e->setup_ret[0] = SCMIA_EIO;
	freed = e->calls.free;
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 8);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_EIO);
	assert_null(scmia_agent_chan(&e->agent, P80));
	assert_int_equal(e->calls.free, freed);
	e->setup_ret[0] = 0;

	/* set up, then the memory is too small: the transport channel is
	 * released again, exactly once */
	setup = e->calls.setup;
	c.mem_size = 64;
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_ENOSPC);
	assert_int_equal(e->calls.setup - setup, 1);
	assert_int_equal(e->calls.free - freed, 1);
	assert_null(scmia_agent_chan(&e->agent, P80));

	/* transport says 1025 slots: EINVAL, released */
	e->gmm[0] = 1025;
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 0);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_EINVAL);
	assert_int_equal(e->calls.free - freed, 2);
	e->gmm[0] = 0;

	/* p2a before its a2p partner: refused */
	c = ienv_chan_cfg(e, SCMIA_CHAN_P2A, 8);
	assert_int_equal(scmia_chan_open(&e->agent, &e->p2a, &c), SCMIA_EINVAL);

	/* now everything opens; a p2a failure leaves the a2p working */
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 8);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_OK);
	e->setup_ret[1] = SCMIA_EIO;
	c = ienv_chan_cfg(e, SCMIA_CHAN_P2A, 8);
	assert_int_equal(scmia_chan_open(&e->agent, &e->p2a, &c), SCMIA_EIO);
	e->setup_ret[1] = 0;
	assert_int_equal(ienv_echo(e, 8, 1, 0), SCMIA_OK);
	assert_int_equal(scmia_chan_open(&e->agent, &e->p2a, &c), SCMIA_OK);
	/* opening the same channel twice is refused, not double-linked */
	assert_int_equal(scmia_chan_open(&e->agent, &e->p2a, &c), SCMIA_ESTATE);
	assert_ptr_equal(scmia_agent_chan(&e->agent, P80), &e->a2p);
	assert_int_equal(ienv_echo(e, 8, 2, 0), SCMIA_OK);

	/* close order and double release */
	freed = e->calls.free;
	e->n_free_order = 0;
	memset(e->free_order, 0, sizeof(e->free_order));
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_OK);
	assert_string_equal(e->free_order, "pa");
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_ESTATE);
	assert_int_equal(scmia_chan_close(&e->p2a), SCMIA_ESTATE);
	assert_int_equal(e->calls.free - freed, 2);
}

/* ------------------------------------------------------------------ */
/* max_msg                                                             */
/* ------------------------------------------------------------------ */

static struct ienv_nb g_nb[1024];

static void test_max_msg_0_1_1024_1025(void **state)
{
	struct ienv_opts o = { .no_open = 1, .reply_timeout_us = 100000 };
	struct ienv *e = ienv_start(&o);
	struct scmia_chan_cfg c;
	struct scmia_xfer *x, *y;
	unsigned i;

	(void)state;
	/* 0: the transport decides */
	e->gmm[0] = 16;
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 0);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&e->a2p), 16);
	/* ... and a channel may not ask for more than the transport has */
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_OK);
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 17);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_EINVAL);
	/* the transport reporting 0 or 1025 is a configuration error */
	e->gmm[0] = 1025;
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 0);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_EINVAL);
	e->gmm[0] = 0;

	/* 1025 in the channel configuration */
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 1025);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_EINVAL);

	/* 1: one command at a time */
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 1);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&e->a2p), 1);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 0, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 0, 0, &y),
			 SCMIA_ENOSLOT);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	for (i = 0; i < 10; i++)
		assert_int_equal(ienv_echo(e, 8, i, 0), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_OK);

	/* 1024: every token in flight at once, each gets its own reply */
	e->n_sent_tokens = 0;
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 1024);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&e->a2p), 1024);
	for (i = 0; i < 1024; i++)
		ienv_echo_submit(e, &g_nb[i], i % 61u, i, 0, 1);
	assert_int_equal(scmia_xfer_get(&e->agent, P80, SCMIA_SIM_TEST_ECHO, 0, 0, &y),
			 SCMIA_ENOSLOT);
	for (i = 0; i < 1024; i++)
		assert_int_equal(e->sent_tokens[i], i);
	ienv_pump(e);
	for (i = 0; i < 1024; i++) {
		assert_int_equal(g_nb[i].calls, 1);
		assert_int_equal(g_nb[i].echo_ok, 1);
	}
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 1024 + 10);
	ienv_assert_no_leak(e);
	/* and the next wave wraps the token space */
	for (i = 0; i < 1024; i++)
		ienv_echo_submit(e, &g_nb[i], 4, 5000 + i, 0, 1);
	ienv_pump(e);
	for (i = 0; i < 1024; i++)
		assert_int_equal(g_nb[i].echo_ok, 1);
	ienv_assert_no_leak(e);
}

/* ------------------------------------------------------------------ */
/* Rx pool sizing, dedicated channels                                  */
/* ------------------------------------------------------------------ */

#define SMALL_P2A_MEM SCMIA_CHAN_MEM_SIZE(2, IENV_MSG_SIZE)
static uint64_t g_small_mem[(SMALL_P2A_MEM + 7u) / 8u + 64u];

static void count_handler(void *ctx, const struct scmia_notification *n)
{
	(void)n;
	(*(unsigned *)ctx)++;
}

static void test_rx_pool_sized_from_p2a_channel(void **state)
{
	struct ienv_opts o = { .a2p_max_msg = 2, .p2a_max_msg = 8, .notify_quota = 16 };
	static struct scmia_notifier nf;
	struct ienv *e = ienv_start(&o);
	struct scmia_chan_cfg c;
	unsigned calls = 0;
	uint8_t v[8];

	(void)state;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = P80;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = count_handler;
	nf.ctx = &calls;
	assert_int_equal(scmia_notify_register(&e->agent, &nf), SCMIA_OK);
	/* small a2p (2), larger p2a (8): 8 notifications fit */
	scmia_put_le32(v, 1);
	scmia_put_le32(v + 4, 10);
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, v, 8, NULL, 0,
				   NULL, 0),
			 SCMIA_OK);
	ienv_drain(e, 1000);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 8);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFY_DROPS), 2);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 8);
	assert_int_equal(calls, 8);

	/* larger a2p (8), small p2a (2) in memory sized for 2 slots exactly */
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_OK);
	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 8);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &c), SCMIA_OK);
	memset(g_small_mem, 0xa5, sizeof(g_small_mem));
	c = ienv_chan_cfg(e, SCMIA_CHAN_P2A, 2);
	c.mem = g_small_mem;
	c.mem_size = SMALL_P2A_MEM;
	assert_int_equal(scmia_chan_open(&e->agent, &e->p2a, &c), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&e->p2a), 2);
	scmia_put_le32(v + 4, 5);
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, v, 8, NULL, 0,
				   NULL, 0),
			 SCMIA_OK);
	ienv_drain(e, 1000);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 10);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFY_DROPS), 5);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 2);
	/* nothing written past the memory given */
	for (size_t i = SMALL_P2A_MEM; i < sizeof(g_small_mem); i++)
		assert_int_equal(((uint8_t *)g_small_mem)[i], 0xa5);
	assert_int_equal(scmia_chan_close(&e->a2p), SCMIA_OK);
}

/* A dedicated channel pair for the test protocol while the default
 * channel has no p2a channel at all. */
static struct scmia_loopback_chan g_lb2_a2p, g_lb2_p2a;
static struct scmia_loopback_msg g_lbm2_a2p[32], g_lbm2_p2a[32];
static uint16_t g_q2_a2p[32], g_q2_p2a[32];
static SCMIA_CHAN_MEM_DEFINE(g_mem2_a2p, 8, IENV_MSG_SIZE);
static SCMIA_CHAN_MEM_DEFINE(g_mem2_p2a, 8, IENV_MSG_SIZE);
static struct scmia_chan g_ch2_a2p, g_ch2_p2a;

static void test_dedicated_p2a_without_base_p2a(void **state)
{
	struct ienv_opts o = { .no_p2a = 1 };
	static struct scmia_notifier nf;
	struct ienv *e = ienv_start(&o);
	struct scmia_chan_cfg c;
	unsigned calls = 0;
	uint8_t v[8], rx[16];
	uint32_t rx_len;

	(void)state;
	assert_int_equal(scmia_loopback_chan_init(&g_lb2_a2p, g_lbm2_a2p, 32, g_q2_a2p, NULL, NULL,
						  scmia_sim_loopback_kick, &e->gl),
			 SCMIA_OK);
	assert_int_equal(scmia_loopback_chan_init(&g_lb2_p2a, g_lbm2_p2a, 32, g_q2_p2a, NULL, NULL,
						  NULL, NULL),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_loopback_attach(&e->gl, 1, &g_lb2_a2p, &g_lb2_p2a, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_route(&e->sim, P80, 1), SCMIA_OK);

	c = ienv_chan_cfg(e, SCMIA_CHAN_A2P, 8);
	c.proto_id = P80;
	c.chan_ctx = &g_lb2_a2p;
	c.mem = g_mem2_a2p;
	c.mem_size = sizeof(g_mem2_a2p);
	c.wait_objs = &e->wobj[100];
	assert_int_equal(scmia_chan_open(&e->agent, &g_ch2_a2p, &c), SCMIA_OK);
	c = ienv_chan_cfg(e, SCMIA_CHAN_P2A, 8);
	c.proto_id = P80;
	c.chan_ctx = &g_lb2_p2a;
	c.mem = g_mem2_p2a;
	c.mem_size = sizeof(g_mem2_p2a);
	assert_int_equal(scmia_chan_open(&e->agent, &g_ch2_p2a, &c), SCMIA_OK);
	assert_ptr_equal(scmia_agent_chan(&e->agent, P80), &g_ch2_a2p);
	assert_ptr_equal(scmia_agent_chan(&e->agent, SCMIA_PROTO_BASE), &e->a2p);

	/* Base on the default channel */
	assert_int_equal(scmia_cmd(&e->agent, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0,
				   rx, sizeof(rx), &rx_len, 0),
			 SCMIA_OK);
	/* the test protocol on its own pair: sync, async, notifications */
	assert_int_equal(ienv_echo(e, 20, 1, 0), SCMIA_OK);
	assert_int_equal(e->n_sent_tokens, 2);
	scmia_put_le32(v, 5);
	scmia_put_le32(v + 4, 300);
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_ASYNC_WORK, v, 8, rx, sizeof(rx),
				   &rx_len, SCMIA_XFER_F_ASYNC),
			 SCMIA_OK);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(5));
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = P80;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = count_handler;
	nf.ctx = &calls;
	assert_int_equal(scmia_notify_register(&e->agent, &nf), SCMIA_OK);
	scmia_put_le32(v + 4, 3);
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, v, 8, NULL, 0,
				   NULL, 0),
			 SCMIA_OK);
	ienv_drain(e, 1000);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 3);
	assert_int_equal(calls, 3);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_DELAYED_REPLIES), 1);
	assert_int_equal(scmia_chan_close(&g_ch2_a2p), SCMIA_OK);
}

/* Two agents (a hypervisor with one per guest): separate tokens,
 * counters, slots; a fault on one is invisible to the other. */
static struct ienv g_e2;

static void test_independent_agents_do_not_interfere(void **state)
{
	struct ienv_opts o = { .reply_timeout_us = 1000 };
	struct ienv *e1 = ienv_start(&o);
	struct ienv *e2 = ienv_start_at(&g_e2, &o);

	(void)state;
	ienv_fault(e1, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_LATE, 0, 0, 1, 1, 1500);
	assert_int_equal(ienv_echo(e1, 8, 1, 0), SCMIA_ETIMEDOUT);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(ienv_echo(e2, 8, i, 0), SCMIA_OK);
	ienv_advance(e1, 2000);
	assert_int_equal(ienv_echo(e1, 8, 2, 0), SCMIA_OK);
	assert_int_equal(e1->sent_tokens[1], 1);
	assert_int_equal(e2->sent_tokens[4], 4);
	assert_int_equal(ienv_cnt(e1, SCMIA_CNT_SENT), 2);
	assert_int_equal(ienv_cnt(e2, SCMIA_CNT_SENT), 5);
	assert_int_equal(ienv_cnt(e1, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(ienv_cnt(e2, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(ienv_cnt(e2, SCMIA_CNT_TIMEOUTS), 0);
	ienv_assert_no_leak(e1);
	ienv_assert_no_leak(e2);
	assert_int_equal(g_e2.lock_violations + g_e2.locked_calls, 0);
	ienv_stop(e2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_interrupt_during_channel_setup_dropped,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_interrupt_after_teardown_rejected, ienv_teardown),
		cmocka_unit_test_teardown(test_teardown_with_messages_in_flight, ienv_teardown),
		cmocka_unit_test_teardown(test_teardown_blocking_waiter_canceled, ienv_teardown),
		cmocka_unit_test_teardown(test_no_os_init_and_polling, ienv_teardown),
		cmocka_unit_test_teardown(test_bare_metal_lock_and_clock_only, ienv_teardown),
		cmocka_unit_test_teardown(test_forced_poll_never_waits_on_os, ienv_teardown),
		cmocka_unit_test_teardown(test_partial_init_unwound, ienv_teardown),
		cmocka_unit_test_teardown(test_max_msg_0_1_1024_1025, ienv_teardown),
		cmocka_unit_test_teardown(test_rx_pool_sized_from_p2a_channel, ienv_teardown),
		cmocka_unit_test_teardown(test_dedicated_p2a_without_base_p2a, ienv_teardown),
		cmocka_unit_test_teardown(test_independent_agents_do_not_interfere, ienv_teardown),
	};

	return cmocka_run_group_tests_name("integ_lifecycle", tests, NULL, NULL);
}

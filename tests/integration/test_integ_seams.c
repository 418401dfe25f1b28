/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Seams between a receive in progress on one thread and the rest of the
 * core on another (issue 9):
 *  - scmia_chan_close() must wait for a receive that is inside the
 *    transport's fetch before it calls chan_free, so that the caller may
 *    free the channel's memory as soon as close returns; the message being
 *    received is not queued or completed after that;
 *  - a blocking waiter whose deadline passes just as a receive claims its
 *    transfer must not report a timeout: the receive completes it
 *    (wait_fail() re-checks the claim under the lock).
 *
 * A small transport of its own: fetch blocks on a gate the test opens, and
 * every op records its order. Real threads, the POSIX port or an OS table
 * of the test's own with a clock it steers.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_posix.h"

#define MAX_MSG 4u
#define MSG_SIZE 32u

struct gate_tp {
	struct scmia_chan *fetch_chan; /* channel of the fetch in progress */
	pthread_mutex_t m;
	pthread_cond_t cv;
	int in_fetch;   /* a fetch is blocked on the gate */
	int open;       /* the gate is open */
	int freed;      /* chan_free was called */
	int fetch_after_free; /* a fetch ran after chan_free: the bug */
	int free_during_fetch;
};

static void tp_lock(struct gate_tp *g)
{
	pthread_mutex_lock(&g->m);
}

static void tp_unlock(struct gate_tp *g)
{
	pthread_mutex_unlock(&g->m);
}

static int g_setup(void *ctx, struct scmia_chan *chan)
{
	(void)ctx;
	(void)chan;
	return 0;
}

static void g_free(void *ctx, struct scmia_chan *chan)
{
	struct gate_tp *g = ctx;

	(void)chan;
	tp_lock(g);
	if (g->in_fetch && g->fetch_chan == chan)
		g->free_during_fetch = 1;
	if (chan == g->fetch_chan)
		g->freed++;
	tp_unlock(g);
}

static int g_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	(void)ctx;
	(void)chan;
	scmia_xfer_sent(xfer);
	return 0;
}

static void gate_pass(struct gate_tp *g, struct scmia_chan *chan)
{
	tp_lock(g);
	g->fetch_chan = chan;
	if (g->freed)
		g->fetch_after_free = 1;
	g->in_fetch = 1;
	pthread_cond_broadcast(&g->cv);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->m);
	g->in_fetch = 0;
	if (g->freed)
		g->fetch_after_free = 1;
	tp_unlock(g);
}

static int g_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			    void *cookie)
{
	(void)cookie;
	gate_pass(ctx, chan);
	xfer->status = 0;
	xfer->rx_len = 0;
	return 0;
}

static int g_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				uint32_t max_len, void *cookie)
{
	(void)cookie;
	(void)max_len;
	gate_pass(ctx, chan);
	xfer->rx_len = 0;
	return 0;
}

static const struct scmia_transport_ops g_ops = {
	.chan_setup = g_setup,
	.chan_free = g_free,
	.send = g_send,
	.fetch_response = g_fetch_response,
	.fetch_notification = g_fetch_notification,
};

static const struct scmia_transport g_transport = {
	.ops = &g_ops,
	.name = "gate",
	.reply_timeout_us = 10000000u,
	.max_msg = MAX_MSG,
	.max_msg_size = MSG_SIZE,
};

struct env {
	struct gate_tp g;
	struct scmia_posix posix;
	struct scmia_posix_wait waits[MAX_MSG];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_P2A_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
	/* the receive thread */
	struct scmia_chan *rx_chan;
	uint32_t rx_hdr;
	int rx_ret;
	pthread_t rx_tid;
	/* the close thread */
	struct scmia_chan *close_chan;
	int close_ret;
	int close_done;
};

static struct env g_env;

static struct env *env_start(void)
{
	struct env *e = &g_env;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;

	memset(e, 0, sizeof(*e));
	pthread_mutex_init(&e->g.m, NULL);
	pthread_cond_init(&e->g.cv, NULL);
	assert_int_equal(scmia_posix_init(&e->posix), SCMIA_OK);
	e->posix.log_level = -1;
	assert_int_equal(scmia_posix_wait_init(e->waits, MAX_MSG), SCMIA_OK);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &e->posix;
	acfg.transport = &g_transport;
	acfg.transport_ctx = &e->g;
	assert_int_equal(scmia_agent_init(&e->agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_IRQ;
	ccfg.mem = e->mem_a2p;
	ccfg.mem_size = sizeof(e->mem_a2p);
	ccfg.wait_objs = e->waits;
	ccfg.wait_obj_stride = sizeof(e->waits[0]);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &ccfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.mem = e->mem_p2a;
	ccfg.mem_size = sizeof(e->mem_p2a);
	assert_int_equal(scmia_chan_open(&e->agent, &e->p2a, &ccfg), SCMIA_OK);
	return e;
}

static void env_stop(struct env *e)
{
	(void)scmia_agent_deinit(&e->agent);
	scmia_posix_wait_deinit(e->waits, MAX_MSG);
	scmia_posix_deinit(&e->posix);
	pthread_cond_destroy(&e->g.cv);
	pthread_mutex_destroy(&e->g.m);
}

static void *rx_thread(void *arg)
{
	struct env *e = arg;

	e->rx_ret = scmia_rx(e->rx_chan, e->rx_hdr, NULL);
	return NULL;
}

static void *close_thread(void *arg)
{
	struct env *e = arg;

	e->close_ret = scmia_chan_close(e->close_chan);
	tp_lock(&e->g);
	e->close_done = 1;
	tp_unlock(&e->g);
	return NULL;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { 0, (long)ms * 1000000L };

	nanosleep(&ts, NULL);
}

/* Start a receive that blocks in fetch, then close @closing from another
 * thread: close must not return (nor call chan_free) before the fetch
 * ended. */
static void close_during_fetch(struct env *e, struct scmia_chan *rx_on, uint32_t hdr,
			       struct scmia_chan *closing)
{
	pthread_t rt, ct;
	int done;

	e->rx_chan = rx_on;
	e->rx_hdr = hdr;
	e->close_chan = closing;
	assert_int_equal(pthread_create(&rt, NULL, rx_thread, e), 0);
	tp_lock(&e->g);
	while (!e->g.in_fetch)
		pthread_cond_wait(&e->g.cv, &e->g.m);
	tp_unlock(&e->g);
	assert_int_equal(pthread_create(&ct, NULL, close_thread, e), 0);
	sleep_ms(100);
	tp_lock(&e->g);
	done = e->close_done;
	assert_int_equal(e->g.freed, 0);
	e->g.open = 1;
	pthread_cond_broadcast(&e->g.cv);
	tp_unlock(&e->g);
	assert_int_equal(done, 0); /* close waited for the receive */
	assert_int_equal(pthread_join(rt, NULL), 0);
	assert_int_equal(pthread_join(ct, NULL), 0);
	assert_int_equal(e->close_ret, SCMIA_OK);
	assert_int_equal(e->g.free_during_fetch, 0);
	assert_int_equal(e->g.fetch_after_free, 0);
	assert_true(e->g.freed >= 1);
}

/* A notification being fetched while its p2a channel closes: close
 * waits; the notification is not queued afterwards. */
static void test_close_waits_for_notification_fetch(void **state)
{
	struct env *e = env_start();
	(void)state;
	close_during_fetch(e, &e->p2a, scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION,
						      SCMIA_PROTO_CLOCK, 0),
			   &e->p2a);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 0);
	env_stop(e);
}

struct cb_rec {
	int calls;
	int result;
};

static void close_test_cb(void *arg, struct scmia_xfer *xfer, int result)
{
	struct cb_rec *r = arg;

	(void)xfer;
	r->calls++;
	r->result = result;
}

/* A response being fetched while its a2p channel closes: close waits for
 * the receive; the transfer ends exactly once (the reply or the cancel). */
static void test_close_waits_for_response_fetch(void **state)
{
	struct env *e = env_start();
	struct cb_rec rec = { 0, 1 };
	struct scmia_xfer *x;

	(void)state;
	assert_int_equal(scmia_xfer_get(&e->agent, SCMIA_PROTO_CLOCK, 1, 0, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_submit(x, 0, close_test_cb, &rec), SCMIA_OK);
	close_during_fetch(e, &e->a2p, x->hdr, &e->a2p);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK); /* the fetch it waited for completed it */
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	env_stop(e);
}

/* ---- a waiter's deadline passes as a receive claims its transfer ---- */

static pthread_mutex_t g_os_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_t g_waiter;
static uint64_t g_now = 1000;
static int g_phase; /* 0 quiet, 1 armed, 2 receive claimed, 3 released */

static scmia_lock_key_t os_lock(void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&g_os_m);
	return 0;
}

static void os_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	(void)key;
	pthread_mutex_unlock(&g_os_m);
}

/* The clock, as the waiter reads it after it saw the transfer not busy:
 * once armed, the receive thread claims the transfer right now (it blocks
 * in the fetch), and the time is past the deadline. */
static uint64_t os_now(void *ctx)
{
	struct env *e = ctx;

	if (pthread_equal(pthread_self(), g_waiter) && __atomic_load_n(&g_phase, __ATOMIC_ACQUIRE) == 1) {
		pthread_t rt;

		e->rx_chan = &e->a2p;
		assert_int_equal(pthread_create(&rt, NULL, rx_thread, e), 0);
		tp_lock(&e->g);
		while (!e->g.in_fetch)
			pthread_cond_wait(&e->g.cv, &e->g.m);
		tp_unlock(&e->g);
		e->rx_tid = rt;
		__atomic_store_n(&g_now, g_now + 1000000u, __ATOMIC_RELEASE);
		__atomic_store_n(&g_phase, 2, __ATOMIC_RELEASE);
	}
	return __atomic_load_n(&g_now, __ATOMIC_ACQUIRE);
}

/* The waiter backs off: only then may the receive finish. */
static void os_relax(void *ctx)
{
	struct env *e = ctx;

	if (pthread_equal(pthread_self(), g_waiter) && __atomic_load_n(&g_phase, __ATOMIC_ACQUIRE) == 2) {
		__atomic_store_n(&g_phase, 3, __ATOMIC_RELEASE);
		tp_lock(&e->g);
		e->g.open = 1;
		pthread_cond_broadcast(&e->g.cv);
		tp_unlock(&e->g);
	}
	sched_yield();
}

static const struct scmia_os_ops g_steer_ops = {
	.lock = os_lock,
	.unlock = os_unlock,
	.now_us = os_now,
	.relax = os_relax,
};

struct waiter_arg {
	struct env *e;
	struct scmia_xfer *x;
	int ret;
};

static void *waiter_main(void *arg)
{
	struct waiter_arg *w = arg;

	w->ret = scmia_xfer_do(w->x, 0);
	return NULL;
}

static void test_no_false_timeout_while_receive_claims(void **state)
{
	struct env *e = &g_env;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct waiter_arg w;

	(void)state;
	memset(e, 0, sizeof(*e));
	pthread_mutex_init(&e->g.m, NULL);
	pthread_cond_init(&e->g.cv, NULL);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &g_steer_ops;
	acfg.os_ctx = e;
	acfg.transport = &g_transport;
	acfg.transport_ctx = &e->g;
	assert_int_equal(scmia_agent_init(&e->agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_IRQ; /* no wait objects: spins with relax */
	ccfg.reply_timeout_us = 1000;
	ccfg.mem = e->mem_a2p;
	ccfg.mem_size = sizeof(e->mem_a2p);
	assert_int_equal(scmia_chan_open(&e->agent, &e->a2p, &ccfg), SCMIA_OK);

	memset(&w, 0, sizeof(w));
	w.e = e;
	assert_int_equal(scmia_xfer_get(&e->agent, SCMIA_PROTO_CLOCK, 1, 0, 0, &w.x), SCMIA_OK);
	e->rx_hdr = w.x->hdr;
	g_phase = 0;
	g_now = 1000;
	assert_int_equal(pthread_create(&g_waiter, NULL, waiter_main, &w), 0);
	/* let the waiter reach its loop, then arm the race */
	sleep_ms(20);
	__atomic_store_n(&g_phase, 1, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(g_waiter, NULL), 0);
	assert_int_equal(g_phase, 3);
	assert_int_equal(pthread_join(e->rx_tid, NULL), 0);
	/* the receive that held the reply completed it: no false timeout */
	assert_int_equal(w.ret, SCMIA_OK);
	assert_int_equal(e->rx_ret, SCMIA_OK);
	assert_int_equal(scmia_agent_counter(&e->agent, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(scmia_agent_counter(&e->agent, SCMIA_CNT_REPLIES), 1);
	assert_int_equal(scmia_xfer_put(w.x), SCMIA_OK);
	(void)scmia_agent_deinit(&e->agent);
	pthread_cond_destroy(&e->g.cv);
	pthread_mutex_destroy(&e->g.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_close_waits_for_notification_fetch),
		cmocka_unit_test(test_close_waits_for_response_fetch),
		cmocka_unit_test(test_no_false_timeout_while_receive_claims),
	};

	return cmocka_run_group_tests_name("integ_seams", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A polled sender and an interrupt-driven sender racing on one SMT
 * channel (tests/README.md, bug class 13), plus notifications on the p2a
 * channel, with the simulated platform in its own thread raising the
 * completion interrupt from there. Every reply is checked against its own request (echo +
 * checksum over the header, which carries the token).
 *
 * Second run: the platform raises the completion interrupt for every
 * reply, also for the polling sender's: each of those must be ignored and
 * counted as spurious, never processed twice or taken for the other
 * sender's reply.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "scmia_posix.h"
#include "scmia_smt.h"
#include "sim_smt.h"
#include "smt_test_acc.h"

#define AREA 128u
#define MAX_MSG 8u
#define MSG_SIZE 100u
#define ITER 1500u
#define NOTE_ROUNDS 100u

struct race {
	struct scmia_posix posix;
	struct scmia_posix_wait waits[MAX_MSG];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
	uint32_t area_a2p[AREA / 4];
	uint32_t area_p2a[AREA / 4];
	struct scmia_smt_chan sc_a2p, sc_p2a;
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_smt glue;
	struct scmia_notifier reg;
	unsigned notes;       /* written by the platform thread's interrupt */
	uint32_t last_seq;
	unsigned seq_errors;
};

static struct race R;

struct sender {
	unsigned flags;
	unsigned id;
	unsigned ok, bad, errors;
	int first_error;
};

static void on_note(void *ctx, const struct scmia_notification *n)
{
	struct race *r = (struct race *)ctx;
	uint32_t seq;

	if (n->len < 12) {
		r->seq_errors++;
		return;
	}
	seq = scmia_get_le32((const uint8_t *)n->payload + 8);
	if (r->notes && seq != r->last_seq + 1)
		r->seq_errors++;
	r->last_seq = seq;
	r->notes++;
}

static void race_up(uint32_t sim_flags)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_smt_cfg tcfg;

	memset(&R, 0, sizeof(R));
	assert_int_equal(scmia_posix_init(&R.posix), SCMIA_OK);
	R.posix.log_level = -1;
	assert_int_equal(scmia_posix_wait_init(R.waits, MAX_MSG), SCMIA_OK);

	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	scfg.retry_us = 20;
	assert_int_equal(scmia_sim_init(&R.sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&R.sim, &R.test), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_init(&R.glue, &R.sim, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_attach(&R.glue, 0, R.area_a2p, AREA, R.area_p2a, AREA,
					      &R.sc_a2p, &R.sc_p2a, sim_flags),
			 SCMIA_OK);

	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = R.area_a2p;
	tcfg.size = AREA;
	tcfg.acc = &atomic_word32_acc;
	tcfg.ring = scmia_sim_smt_ring;
	tcfg.ring_ctx = scmia_sim_smt_ctx(&R.glue, 0);
	tcfg.free_timeout_us = 5000000;
	assert_int_equal(scmia_smt_chan_init(&R.sc_a2p, &tcfg), SCMIA_OK);
	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = R.area_p2a;
	tcfg.size = AREA;
	tcfg.acc = &atomic_word32_acc;
	tcfg.ack = scmia_sim_smt_ack;
	tcfg.ack_ctx = scmia_sim_smt_ctx(&R.glue, 0);
	assert_int_equal(scmia_smt_chan_init(&R.sc_p2a, &tcfg), SCMIA_OK);

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &R.posix;
	acfg.transport = &scmia_smt_transport;
	acfg.flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	assert_int_equal(scmia_agent_init(&R.agent, &acfg), SCMIA_OK);

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_IRQ;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &R.sc_a2p;
	ccfg.mem = R.mem_a2p;
	ccfg.mem_size = sizeof(R.mem_a2p);
	ccfg.wait_objs = R.waits;
	ccfg.wait_obj_stride = sizeof(R.waits[0]);
	ccfg.reply_timeout_us = 2000000;
	assert_int_equal(scmia_chan_open(&R.agent, &R.a2p, &ccfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &R.sc_p2a;
	ccfg.mem = R.mem_p2a;
	ccfg.mem_size = sizeof(R.mem_p2a);
	assert_int_equal(scmia_chan_open(&R.agent, &R.p2a, &ccfg), SCMIA_OK);

	R.reg.proto_id = SCMIA_SIM_TEST_PROTO;
	R.reg.evt_id = SCMIA_SIM_TEST_EVT;
	R.reg.src_id = SCMIA_NOTIFY_SRC_ANY;
	R.reg.fn = on_note;
	R.reg.ctx = &R;
	assert_int_equal(scmia_notify_register(&R.agent, &R.reg), SCMIA_OK);
	assert_int_equal(scmia_sim_start(&R.sim), SCMIA_OK);
}

static void race_down(void)
{
	scmia_sim_stop(&R.sim);
	(void)scmia_agent_deinit(&R.agent);
	scmia_sim_deinit(&R.sim);
	scmia_posix_wait_deinit(R.waits, MAX_MSG);
	scmia_posix_deinit(&R.posix);
}

static void *sender_main(void *arg)
{
	struct sender *s = (struct sender *)arg;
	unsigned i;

	for (i = 0; i < ITER; i++) {
		struct scmia_xfer *x = NULL;
		uint8_t *tx;
		uint32_t n = 1u + (i * 7u + s->id * 13u) % 40u, k;
		int ret;

		ret = scmia_xfer_get(&R.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, n, 0, &x);
		if (ret) {
			s->errors++;
			if (!s->first_error)
				s->first_error = ret;
			continue;
		}
		tx = (uint8_t *)x->tx_buf;
		for (k = 0; k < n; k++)
			tx[k] = (uint8_t)(s->id * 31u + i + k);
		ret = scmia_xfer_do(x, s->flags);
		if (ret) {
			s->errors++;
			if (!s->first_error)
				s->first_error = ret;
		} else if (x->rx_len != n + 4 || memcmp(x->rx_buf, tx, n) ||
			   scmia_get_le32((uint8_t *)x->rx_buf + n) !=
				   scmia_sim_checksum(x->hdr, tx, n)) {
			s->bad++; /* a reply that is not this request's */
		} else {
			s->ok++;
		}
		(void)scmia_xfer_put(x);
	}
	return NULL;
}

static void *notifier_main(void *arg)
{
	struct sender *s = (struct sender *)arg;
	unsigned i;

	for (i = 0; i < NOTE_ROUNDS; i++) {
		uint8_t a[8], rx[4];
		uint32_t rx_len = 0;
		int ret;

		scmia_put_le32(a, 9);
		scmia_put_le32(a + 4, 2);
		ret = scmia_cmd(&R.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, a, 8,
				rx, sizeof(rx), &rx_len, s->flags);
		if (ret) {
			s->errors++;
			if (!s->first_error)
				s->first_error = ret;
		} else {
			s->ok++;
		}
	}
	return NULL;
}

static void run_race(uint32_t sim_flags)
{
	struct sender sp = { .flags = SCMIA_XFER_F_POLL, .id = 1 };
	struct sender si = { .flags = 0, .id = 2 };
	struct sender sn = { .flags = 0, .id = 3 };
	pthread_t tp, ti, tn;
	struct scmia_sim_smt_stats ss;
	struct scmia_smt_stats ts;
	unsigned n_free = 0, n_held = 0, n_inflight = 0, i;
	uint32_t irq_for_irq_sender;

	race_up(sim_flags);
	assert_int_equal(pthread_create(&tp, NULL, sender_main, &sp), 0);
	assert_int_equal(pthread_create(&ti, NULL, sender_main, &si), 0);
	assert_int_equal(pthread_create(&tn, NULL, notifier_main, &sn), 0);
	pthread_join(tp, NULL);
	pthread_join(ti, NULL);
	pthread_join(tn, NULL);
	/* the last notifications may still be on their way */
	for (i = 0; i < 2000 && R.notes < 2 * NOTE_ROUNDS; i++) {
		struct timespec ts_ = { 0, 1000000 };

		nanosleep(&ts_, NULL);
	}

	assert_int_equal(sp.first_error, 0);
	assert_int_equal(si.first_error, 0);
	assert_int_equal(sn.first_error, 0);
	assert_int_equal(sp.bad, 0);
	assert_int_equal(si.bad, 0);
	assert_int_equal(sp.ok, ITER);
	assert_int_equal(si.ok, ITER);
	assert_int_equal(sn.ok, NOTE_ROUNDS);
	assert_int_equal(R.notes, 2 * NOTE_ROUNDS);
	assert_int_equal(R.seq_errors, 0);

	assert_int_equal(scmia_agent_counter(&R.agent, SCMIA_CNT_REPLIES),
			 2 * ITER + NOTE_ROUNDS);
	assert_int_equal(scmia_agent_counter(&R.agent, SCMIA_CNT_INVALID_STATE), 0);
	assert_int_equal(scmia_agent_counter(&R.agent, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(scmia_agent_counter(&R.agent, SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(scmia_agent_counter(&R.agent, SCMIA_CNT_MALFORMED), 0);
	assert_int_equal(scmia_agent_counter(&R.agent, SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(scmia_agent_counter(&R.agent, SCMIA_CNT_NOTIFY_DROPS), 0);

	assert_int_equal(scmia_sim_smt_stats(&R.glue, 0, &ss), SCMIA_OK);
	assert_int_equal(scmia_smt_chan_stats(&R.sc_a2p, &ts), SCMIA_OK);
	assert_int_equal(ts.rings, 2 * ITER + NOTE_ROUNDS);
	assert_int_equal(ts.busy, 0);
	assert_int_equal(ss.doorbells, 2 * ITER + NOTE_ROUNDS);
	assert_int_equal(ss.bad_doorbell, 0);
	/* the interrupt-driven senders asked for ITER + NOTE_ROUNDS
	 * interrupts; any other interrupt was spurious and counted so */
	irq_for_irq_sender = ITER + NOTE_ROUNDS;
	assert_true(ss.a2p_irqs >= irq_for_irq_sender);
	if (!(sim_flags & SCMIA_SIM_SMT_IRQ_ALWAYS))
		assert_int_equal(ss.a2p_irqs, irq_for_irq_sender);
	else
		assert_int_equal(ss.a2p_irqs, irq_for_irq_sender + ITER);
	assert_int_equal(ts.spurious, ss.a2p_irqs - irq_for_irq_sender);
	assert_int_equal(scmia_agent_counter(&R.agent, SCMIA_CNT_SPURIOUS), ts.spurious);

	/* nothing leaked, once the platform thread (whose interrupt entry
	 * may still be unwinding after the last completion) has stopped */
	scmia_sim_stop(&R.sim);
	assert_int_equal(scmia_chan_stats(&R.a2p, &n_free, &n_held, &n_inflight), SCMIA_OK);
	assert_int_equal(n_free, MAX_MSG);
	assert_int_equal(n_held, 0);
	assert_int_equal(n_inflight, 0);
	race_down();
}

static void test_race_poll_and_irq_senders(void **state)
{
	(void)state;
	run_race(SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_ACK);
}

static void test_race_irq_for_polled_replies(void **state)
{
	(void)state;
	run_race(SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_ACK | SCMIA_SIM_SMT_IRQ_ALWAYS);
}

/*
 * The ready-made wiring (scmia_sim_smt_rig, used by the demo) with the
 * platform in its own thread: a synchronous command, an asynchronous one
 * with its delayed response, notifications, a timed-out command whose late
 * reply is rejected; interrupt-driven and polling agents.
 */
struct rig_env {
	struct scmia_posix posix;
	struct scmia_posix_wait waits[MAX_MSG];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_smt_rig rig;
};

static struct rig_env G;
static int p2a_poller_stop;
static int p2a_poller_running;
static pthread_t p2a_poller_thread;

/* A polling host looks at its p2a channel periodically (a timer tick). */
static void *p2a_poller(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&p2a_poller_stop, __ATOMIC_ACQUIRE)) {
		struct timespec ts = { 0, 200000 };

		(void)scmia_smt_poll(&G.rig.p2a);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static void rig_flow(int polling)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_sim_fault f;
	uint8_t arg[8], rx[16];
	uint32_t rx_len = 0;
	unsigned flags = polling ? SCMIA_XFER_F_POLL : 0, i;
	uint32_t sim_flags;

	memset(&G, 0, sizeof(G));
	assert_int_equal(scmia_posix_init(&G.posix), SCMIA_OK);
	G.posix.log_level = -1;
	assert_int_equal(scmia_posix_wait_init(G.waits, MAX_MSG), SCMIA_OK);
	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	/* The platform waits up to 1 s for the p2a area to be freed before it
	 * gives a notification up: the polling host below looks at the area
	 * only every few hundred microseconds, longer on a loaded machine. */
	scfg.notify_retries = 10000;
	assert_int_equal(scmia_sim_init(&G.sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&G.sim, &G.test), SCMIA_OK);
	sim_flags = polling ? 0u : (SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_ACK);
	assert_int_equal(scmia_sim_smt_rig_init(&G.rig, &G.sim, sim_flags,
						polling ? SCMIA_SMT_F_NO_IRQ : 0u),
			 SCMIA_OK);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &G.posix;
	acfg.transport = &scmia_smt_transport;
	assert_int_equal(scmia_agent_init(&G.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = polling ? SCMIA_COMPLETION_POLL : SCMIA_COMPLETION_IRQ;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &G.rig.a2p;
	ccfg.mem = G.mem_a2p;
	ccfg.mem_size = sizeof(G.mem_a2p);
	ccfg.wait_objs = G.waits;
	ccfg.wait_obj_stride = sizeof(G.waits[0]);
	assert_int_equal(scmia_chan_open(&G.agent, &G.a2p, &ccfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &G.rig.p2a;
	ccfg.mem = G.mem_p2a;
	ccfg.mem_size = sizeof(G.mem_p2a);
	assert_int_equal(scmia_chan_open(&G.agent, &G.p2a, &ccfg), SCMIA_OK);
	assert_int_equal(scmia_sim_start(&G.sim), SCMIA_OK);
	__atomic_store_n(&p2a_poller_stop, 0, __ATOMIC_RELEASE);
	if (polling) {
		assert_int_equal(pthread_create(&p2a_poller_thread, NULL, p2a_poller, NULL), 0);
		p2a_poller_running = 1;
	}

	/* synchronous */
	assert_int_equal(scmia_cmd(&G.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, "ping", 4,
				   rx, sizeof(rx), &rx_len, flags),
			 SCMIA_OK);
	assert_int_equal(rx_len, 8);
	assert_memory_equal(rx, "ping", 4);
	/* asynchronous: delayed response on the p2a channel */
	scmia_put_le32(arg, 77);
	assert_int_equal(scmia_cmd(&G.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, arg,
				   4, rx, sizeof(rx), &rx_len, flags | SCMIA_XFER_F_ASYNC),
			 SCMIA_OK);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(77));
	/* notifications (the p2a channel is polled when there is no interrupt) */
	scmia_put_le32(arg, 4);
	scmia_put_le32(arg + 4, 2);
	assert_int_equal(scmia_cmd(&G.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT,
				   arg, 8, rx, sizeof(rx), &rx_len, flags),
			 SCMIA_OK);
	for (i = 0; i < 2000 && scmia_agent_counter(&G.agent, SCMIA_CNT_NOTIFICATIONS) < 2; i++) {
		struct timespec ts = { 0, 500000 };

		nanosleep(&ts, NULL);
	}
	assert_int_equal(scmia_agent_counter(&G.agent, SCMIA_CNT_NOTIFICATIONS), 2);
	assert_int_equal(scmia_notify_dispatch(&G.agent, 0), 2);
	/* a timed-out command: its late reply is rejected, and the area it
	 * kept busy is waited for before the next command */
	assert_int_equal(scmia_chan_set_timeouts(&G.a2p, 20000, 0), SCMIA_OK);
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_MSG;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ECHO;
	f.action = SCMIA_SIM_FA_LATE;
	f.arg = 40000;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&G.sim, &f) >= 0);
	assert_int_equal(scmia_cmd(&G.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, "late", 4,
				   rx, sizeof(rx), &rx_len, flags),
			 SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_cmd(&G.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, "next", 4,
				   rx, sizeof(rx), &rx_len, flags),
			 SCMIA_OK);
	assert_memory_equal(rx, "next", 4);
	assert_int_equal(scmia_agent_counter(&G.agent, SCMIA_CNT_TIMEOUTS), 1);
	assert_int_equal(scmia_agent_counter(&G.agent, SCMIA_CNT_INVALID_STATE), 0);
	assert_int_equal(scmia_agent_counter(&G.agent, SCMIA_CNT_MALFORMED), 0);
	/* Interrupt-driven: the late reply's interrupt is reported to the
	 * core as late, unless the next sender had already started writing
	 * the area (then it is spurious). Polling: no interrupt at all. */
	assert_int_equal(scmia_agent_counter(&G.agent, SCMIA_CNT_LATE_REPLIES) +
				 scmia_agent_counter(&G.agent, SCMIA_CNT_SPURIOUS),
			 polling ? 0 : 1);

	if (polling) {
		__atomic_store_n(&p2a_poller_stop, 1, __ATOMIC_RELEASE);
		pthread_join(p2a_poller_thread, NULL);
		p2a_poller_running = 0;
	}
	scmia_sim_stop(&G.sim);
	(void)scmia_agent_deinit(&G.agent);
	scmia_sim_deinit(&G.sim);
	scmia_posix_wait_deinit(G.waits, MAX_MSG);
	scmia_posix_deinit(&G.posix);
}

static int rig_teardown(void **state)
{
	(void)state;
	/* after a failed assertion: stop the threads before the next test */
	__atomic_store_n(&p2a_poller_stop, 1, __ATOMIC_RELEASE);
	if (p2a_poller_running)
		pthread_join(p2a_poller_thread, NULL);
	p2a_poller_running = 0;
	scmia_sim_stop(&G.sim);
	return 0;
}

static void test_rig_flow_irq(void **state)
{
	(void)state;
	rig_flow(0);
}

static void test_rig_flow_polling(void **state)
{
	(void)state;
	rig_flow(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_race_poll_and_irq_senders),
		cmocka_unit_test(test_race_irq_for_polled_replies),
		cmocka_unit_test_teardown(test_rig_flow_irq, rig_teardown),
		cmocka_unit_test_teardown(test_rig_flow_polling, rig_teardown),
	};

	return cmocka_run_group_tests_name("smt_race", tests, NULL, NULL);
}

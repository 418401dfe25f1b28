/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the receive entry may call (label core, smt): the OS contract of
 * docs/porting.md ("Interrupt context") has no "in interrupt" flag because
 * the library never calls the OS wait or relax op, nor the transport's
 * send (which may wait for the channel), from the receive entry; only
 * lock/unlock, signal, now_us and log. This test runs the real core and
 * the SMT transport, interrupt-driven, against a platform whose every
 * message arrives through scmia_smt_irq() called from a simulated
 * interrupt (a flag is set around the call), and fails on any call of
 * wait, relax, send (the doorbell) or a blocking library call made from
 * there. The scenarios take the receive entry through a response, an
 * asynchronous command's response and delayed response, a notification
 * queued and one dispatched at once (SCMIA_AGENT_F_NOTIFY_IMMEDIATE), the
 * late reply of a timed-out command, a reply with a token nobody waits
 * for, and the completion of a non-blocking transfer (its callback runs
 * in the interrupt and puts the transfer). Of the OS table, only lock,
 * unlock, signal, now_us and log may be called there (wait_arm neither:
 * it belongs to the send). It also checks that signal and
 * lock are called from both sides, which is why a port's signal and lock
 * must work in both (a channel closed by another task signals the waiter
 * it cancels from task context).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_smt.h"

#define AREA 128u
#define MAX_MSG 4u
#define MSG_SIZE 96u
#define REPLY_US 1000u
#define NEVER UINT64_MAX

enum op { OP_LOCK, OP_UNLOCK, OP_WAIT, OP_SIGNAL, OP_ARM, OP_NOW, OP_RELAX, OP_LOG, OP_RING, OP__N };
static const char *const op_name[OP__N] = { "lock", "unlock", "wait", "signal", "wait_arm",
					     "now_us", "relax", "log", "ring (send)" };

struct tw {
	int signalled;
};

static struct {
	uint64_t t;
	int in_isr;
	unsigned calls[2][OP__N]; /* [in_isr][op] */
	const char *violation;
	/* platform */
	uint32_t a2p[AREA / 4], p2a[AREA / 4];
	uint32_t cmd_hdr;
	int rung;
	uint64_t reply_at, late_at, dresp_at, notif_at;
	uint32_t bad_token_reply; /* 1: the next reply carries another token */
	uint64_t reply_delay, dresp_delay;
	/* agent */
	struct scmia_agent agent;
	struct scmia_chan a2p_ch, p2a_ch;
	struct scmia_smt_chan sa2p, sp2a;
	struct tw waits[MAX_MSG];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_P2A_MEM_DEFINE(mem_p2a, 4, MSG_SIZE);
	unsigned notified, notified_in_isr, cb_runs, cb_in_isr;
	int cb_result;
	int close_in_wait;
} H;

/* In the receive entry, only lock/unlock, signal, now_us and log. */
static void note(enum op op)
{
	H.calls[H.in_isr][op]++;
	if (H.in_isr && op != OP_LOCK && op != OP_UNLOCK && op != OP_SIGNAL && op != OP_NOW &&
	    op != OP_LOG && !H.violation)
		H.violation = op_name[op];
}

/* ---- the platform, whose messages arrive by interrupt ----------------- */

static void area_wr(uint32_t *a, uint32_t off, uint32_t v)
{
	uint8_t b[4];
	uint32_t w;

	scmia_put_le32(b, v);
	memcpy(&w, b, sizeof(w));
	__atomic_store_n(&a[off / 4u], w, __ATOMIC_SEQ_CST);
}

static uint32_t area_rd(const uint32_t *a, uint32_t off)
{
	uint32_t w = __atomic_load_n(&a[off / 4u], __ATOMIC_SEQ_CST);
	uint8_t b[4];

	memcpy(b, &w, sizeof(b));
	return scmia_get_le32(b);
}

/* The receive entry, from an interrupt. */
static void irq(struct scmia_smt_chan *sc)
{
	H.in_isr = 1;
	(void)scmia_smt_irq(sc);
	H.in_isr = 0;
}

static void reply_now(void)
{
	uint32_t hdr = H.cmd_hdr;

	if (H.bad_token_reply) {
		hdr ^= 1u << 18; /* another token */
		H.bad_token_reply = 0;
	}
	area_wr(H.a2p, 0x14, 8u);
	area_wr(H.a2p, 0x18, hdr);
	area_wr(H.a2p, 0x1c, 0u);
	area_wr(H.a2p, 0x04, SCMIA_SMT_STATUS_FREE);
	H.rung = 0;
	if (H.dresp_delay != NEVER)
		H.dresp_at = H.t + H.dresp_delay;
	irq(&H.sa2p);
}

static void post_p2a(uint32_t hdr, uint32_t w0, uint32_t w1)
{
	area_wr(H.p2a, 0x14, 12u);
	area_wr(H.p2a, 0x18, hdr);
	area_wr(H.p2a, 0x1c, w0);
	area_wr(H.p2a, 0x20, w1);
	area_wr(H.p2a, 0x10, 0u);
	area_wr(H.p2a, 0x04, 0u);
	irq(&H.sp2a);
}

static uint64_t next_event(void)
{
	uint64_t n = NEVER;

	if (H.rung && H.reply_at < n)
		n = H.reply_at;
	if (H.late_at < n)
		n = H.late_at;
	if (H.dresp_at < n)
		n = H.dresp_at;
	if (H.notif_at < n)
		n = H.notif_at;
	return n;
}

static void platform_tick(void)
{
	if (H.rung && H.t >= H.reply_at)
		reply_now();
	if (H.t >= H.late_at) {
		/* the reply of a command that timed out */
		H.late_at = NEVER;
		H.rung = 1;
		reply_now();
	}
	if (H.t >= H.dresp_at && (area_rd(H.p2a, 0x04) & SCMIA_SMT_STATUS_FREE)) {
		H.dresp_at = NEVER;
		post_p2a((H.cmd_hdr & ~(3u << 8)) | (2u << 8), 0u, 7u);
	}
	if (H.t >= H.notif_at && (area_rd(H.p2a, 0x04) & SCMIA_SMT_STATUS_FREE)) {
		/* protocol 0x14, event 0, agent 1, resource 3 */
		H.notif_at = NEVER;
		post_p2a(scmia_hdr_pack(0x0, SCMIA_MSG_TYPE_NOTIFICATION, 0x14, 0), 1u, 3u);
	}
}

static int ring(void *ctx)
{
	(void)ctx;
	note(OP_RING);
	H.cmd_hdr = area_rd(H.a2p, 0x18);
	H.rung = 1;
	H.reply_at = H.reply_delay == NEVER ? NEVER : H.t + H.reply_delay;
	return 0;
}

/* ---- the OS ----------------------------------------------------------- */

static scmia_lock_key_t os_lock(void *ctx)
{
	(void)ctx;
	note(OP_LOCK);
	return 1;
}

static void os_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	(void)key;
	note(OP_UNLOCK);
}

static uint64_t os_now(void *ctx)
{
	(void)ctx;
	note(OP_NOW);
	return ++H.t;
}

static void os_relax(void *ctx)
{
	(void)ctx;
	note(OP_RELAX);
	H.t += 10u;
	platform_tick();
}

static int os_wait(void *ctx, void *obj, uint32_t timeout_us)
{
	struct tw *w = obj;
	uint64_t end = H.t + timeout_us;

	(void)ctx;
	note(OP_WAIT);
	if (H.close_in_wait) {
		/* Another task closes the channel while this one waits. */
		H.close_in_wait = 0;
		assert_int_equal(scmia_chan_close(&H.a2p_ch), SCMIA_OK);
	}
	while (!w->signalled) {
		uint64_t n = next_event();

		if (n > end) {
			H.t = end;
			return SCMIA_ETIMEDOUT;
		}
		if (n > H.t)
			H.t = n;
		platform_tick();
	}
	w->signalled = 0;
	return SCMIA_OK;
}

static void os_signal(void *ctx, void *obj)
{
	(void)ctx;
	note(OP_SIGNAL);
	((struct tw *)obj)->signalled = 1;
}

static void os_arm(void *ctx, void *obj)
{
	(void)ctx;
	note(OP_ARM);
	((struct tw *)obj)->signalled = 0;
}

static void os_log(void *ctx, int level, const char *msg, uint32_t a, uint32_t b)
{
	(void)ctx;
	(void)level;
	(void)msg;
	(void)a;
	(void)b;
	note(OP_LOG);
}

static const struct scmia_os_ops os = {
	.lock = os_lock,
	.unlock = os_unlock,
	.wait = os_wait,
	.signal = os_signal,
	.wait_arm = os_arm,
	.now_us = os_now,
	.relax = os_relax,
	.log = os_log,
};

/* ---- set-up ----------------------------------------------------------- */

static void on_notification(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	H.notified++;
	if (H.in_isr)
		H.notified_in_isr++;
}

static struct scmia_notifier nf;

static int setup_flags(uint32_t agent_flags)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_smt_cfg scfg;

	memset(&H, 0, sizeof(H));
	H.t = 1000000u;
	H.reply_at = H.late_at = H.dresp_at = H.notif_at = NEVER;
	H.dresp_delay = NEVER;
	H.reply_delay = 100u;
	area_wr(H.a2p, 0x04, SCMIA_SMT_STATUS_FREE);
	area_wr(H.p2a, 0x04, SCMIA_SMT_STATUS_FREE);
	memset(&scfg, 0, sizeof(scfg));
	scfg.base = H.a2p;
	scfg.size = AREA;
	scfg.ring = ring;
	assert_int_equal(scmia_smt_chan_init(&H.sa2p, &scfg), SCMIA_OK);
	memset(&scfg, 0, sizeof(scfg));
	scfg.base = H.p2a;
	scfg.size = AREA;
	assert_int_equal(scmia_smt_chan_init(&H.sp2a, &scfg), SCMIA_OK);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &os;
	acfg.transport = &scmia_smt_transport;
	acfg.flags = agent_flags;
	assert_int_equal(scmia_agent_init(&H.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_IRQ;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &H.sa2p;
	ccfg.mem = H.mem_a2p;
	ccfg.mem_size = sizeof(H.mem_a2p);
	ccfg.wait_objs = H.waits;
	ccfg.wait_obj_stride = sizeof(H.waits[0]);
	ccfg.reply_timeout_us = REPLY_US;
	assert_int_equal(scmia_chan_open(&H.agent, &H.a2p_ch, &ccfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = 4;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &H.sp2a;
	ccfg.mem = H.mem_p2a;
	ccfg.mem_size = sizeof(H.mem_p2a);
	assert_int_equal(scmia_chan_open(&H.agent, &H.p2a_ch, &ccfg), SCMIA_OK);
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = 0x14;
	nf.evt_id = 0;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_notification;
	assert_int_equal(scmia_notify_register(&H.agent, &nf), SCMIA_OK);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return setup_flags(0);
}

static int setup_immediate(void **state)
{
	(void)state;
	return setup_flags(SCMIA_AGENT_F_NOTIFY_IMMEDIATE);
}

static int teardown(void **state)
{
	(void)state;
	(void)scmia_agent_deinit(&H.agent);
	return 0;
}

static int cmd(unsigned flags)
{
	uint8_t rx[16];

	return scmia_cmd(&H.agent, 0x14, 0x6, NULL, 0, rx, sizeof(rx), NULL, flags);
}

/* The receive entry ran, and called nothing it must not. */
static void check_clean(void)
{
	if (H.violation)
		fail_msg("the receive entry called %s", H.violation);
	assert_true(H.calls[1][OP_LOCK] > 0);
	assert_int_equal(H.calls[1][OP_LOCK], H.calls[1][OP_UNLOCK]);
}

/* ---- scenarios -------------------------------------------------------- */

static void test_response(void **state)
{
	(void)state;
	assert_int_equal(cmd(0), SCMIA_OK);
	assert_true(H.calls[1][OP_SIGNAL] > 0); /* woke the waiter from the interrupt */
	check_clean();
}

static void test_delayed_response(void **state)
{
	(void)state;
	H.dresp_delay = 300u;
	assert_int_equal(cmd(SCMIA_XFER_F_ASYNC), SCMIA_OK);
	assert_int_equal(scmia_agent_counter(&H.agent, SCMIA_CNT_DELAYED_REPLIES), 1u);
	check_clean();
}

static void test_notification_queued(void **state)
{
	(void)state;
	H.notif_at = H.t + 50u;
	H.reply_delay = 200u; /* the notification comes while the command waits */
	assert_int_equal(cmd(0), SCMIA_OK);
	assert_int_equal(H.notified, 0u);
	assert_int_equal(scmia_notify_dispatch(&H.agent, 0), 1);
	assert_int_equal(H.notified, 1u);
	assert_int_equal(H.notified_in_isr, 0u);
	check_clean();
}

static void test_notification_immediate(void **state)
{
	(void)state;
	H.notif_at = H.t + 50u;
	H.reply_delay = 200u;
	assert_int_equal(cmd(0), SCMIA_OK);
	assert_int_equal(H.notified, 1u);
	assert_int_equal(H.notified_in_isr, 1u); /* the handler ran in the receive entry */
	check_clean();
}

static void test_late_reply(void **state)
{
	(void)state;
	H.reply_delay = NEVER;
	assert_int_equal(cmd(0), SCMIA_ETIMEDOUT);
	H.late_at = H.t + 100u;
	H.reply_delay = 100u;
	/* the next command waits for the area: the late reply comes first */
	assert_int_equal(cmd(0), SCMIA_OK);
	assert_int_equal(scmia_agent_counter(&H.agent, SCMIA_CNT_LATE_REPLIES), 1u);
	check_clean();
}

static void test_unexpected_token(void **state)
{
	(void)state;
	H.bad_token_reply = 1;
	assert_int_equal(cmd(0), SCMIA_ETIMEDOUT);
	assert_true(scmia_agent_counter(&H.agent, SCMIA_CNT_UNEXPECTED_TOKEN) +
			    scmia_agent_counter(&H.agent, SCMIA_CNT_RX_ERRORS) +
			    scmia_agent_counter(&H.agent, SCMIA_CNT_MALFORMED) >
		    0u);
	check_clean();
}

static void cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	H.cb_runs++;
	H.cb_result = result;
	if (H.in_isr)
		H.cb_in_isr++;
	/* allowed from the callback, whatever its context */
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
}

static void test_nonblocking_callback(void **state)
{
	struct scmia_xfer *x = NULL;
	unsigned i;

	(void)state;
	assert_int_equal(scmia_xfer_get(&H.agent, 0x14, 0x6, 0, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_submit(x, 0, cb, NULL), SCMIA_OK);
	/* the task idles; the reply's interrupt completes the transfer */
	for (i = 0; i < 1000u && !H.cb_runs; i++) {
		H.t += 10u;
		platform_tick();
	}
	assert_int_equal(H.cb_runs, 1u);
	assert_int_equal(H.cb_in_isr, 1u);
	assert_int_equal(H.cb_result, SCMIA_OK);
	check_clean();
}

/* Signal and lock come from task context too: a task closes the channel
 * while another waits; the cancel signals the waiter from the closer. */
static void test_signal_from_task(void **state)
{
	unsigned task_signals;

	(void)state;
	assert_int_equal(cmd(0), SCMIA_OK);
	task_signals = H.calls[0][OP_SIGNAL];
	H.reply_delay = NEVER;
	H.close_in_wait = 1;
	assert_int_equal(cmd(0), SCMIA_ECANCELED);
	assert_true(H.calls[0][OP_SIGNAL] > task_signals);
	assert_true(H.calls[1][OP_SIGNAL] > 0u);
	assert_true(H.calls[0][OP_LOCK] > 0u);
	check_clean();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_response, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delayed_response, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notification_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notification_immediate, setup_immediate,
						teardown),
		cmocka_unit_test_setup_teardown(test_late_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unexpected_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nonblocking_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_from_task, setup, teardown),
	};

	return cmocka_run_group_tests_name("rx_context", tests, NULL, NULL);
}

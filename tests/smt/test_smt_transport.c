/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMT transport against the real core and the simulated platform, one
 * thread, virtual time: every SMT bug class of tests/README.md that does not
 * need threads (the race of a polled and an interrupt-driven sender is in
 * test_smt_race.c).
 *
 * The fake OS has a lock (no-op, one thread), a virtual clock and a relax
 * hook that moves the clock by 10 µs and steps the platform; waits spin on
 * the transfer state (no wait op), so the platform's "interrupts" run
 * inside the agent's waits, as on a single core.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia_smt.h"
#include "sim_smt.h"
#include "smt_test_acc.h"

#define AREA 128u
#define MAX_MSG 8u
#define MSG_SIZE 100u
#define RELAX_STEP_US 10u

/* ------------------------------------------------------------------ */
/* Fake OS                                                             */
/* ------------------------------------------------------------------ */

struct fos {
	uint64_t now;
	struct scmia_sim_smt *glue; /* stepped platform, or NULL */
	unsigned relax_calls;
	uint64_t relax_step;
	void (*on_relax)(unsigned call);
};

static struct fos fos;

static scmia_lock_key_t f_lock(void *ctx)
{
	(void)ctx;
	return 0;
}

static void f_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	(void)key;
}

static uint64_t f_now(void *ctx)
{
	(void)ctx;
	return fos.now;
}

static void f_relax(void *ctx)
{
	(void)ctx;
	fos.relax_calls++;
	fos.now += fos.relax_step;
	if (fos.on_relax)
		fos.on_relax(fos.relax_calls);
	if (fos.glue)
		(void)scmia_sim_smt_poll(fos.glue);
}

static const struct scmia_os_ops f_ops = {
	.lock = f_lock,
	.unlock = f_unlock,
	.now_us = f_now,
	.relax = f_relax,
};

/* ------------------------------------------------------------------ */
/* Environment: agent + a2p/p2a SMT channels + platform                */
/* ------------------------------------------------------------------ */

struct opts {
	uint32_t sim_flags;    /* SCMIA_SIM_SMT_* */
	uint8_t completion;    /* SCMIA_COMPLETION_* */
	const struct scmia_smt_access *acc_a2p;
	void *acc_a2p_ctx;
	const struct scmia_smt_access *acc_p2a;
	void *acc_p2a_ctx;
	void *a2p_agent_view;  /* agent's address of the a2p area (non-coherent model) */
	void *p2a_agent_view;
	uint32_t smt_flags;
	uint32_t agent_flags;
	uint32_t free_timeout_us;
	scmia_smt_ring_fn ring;
	void *ring_ctx;
};

struct env {
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
	struct rec_acc rec;
	struct rec_acc rec2;
};

static struct env E;

static void env_up(const struct opts *o)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_smt_cfg tcfg;

	memset(&E, 0, sizeof(E));
	memset(&fos, 0, sizeof(fos));
	fos.now = 1000;
	fos.relax_step = RELAX_STEP_US;

	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_CUSTOM;
	scfg.now_us = f_now;
	scfg.retry_us = 20;
	assert_int_equal(scmia_sim_init(&E.sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&E.sim, &E.test), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_init(&E.glue, &E.sim, 0), SCMIA_OK);

	assert_int_equal(scmia_sim_smt_attach(&E.glue, 0, E.area_a2p, AREA, E.area_p2a, AREA,
					      &E.sc_a2p, &E.sc_p2a, o->sim_flags),
			 SCMIA_OK);
	fos.glue = &E.glue;

	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = o->a2p_agent_view ? o->a2p_agent_view : (void *)E.area_a2p;
	tcfg.size = AREA;
	tcfg.acc = o->acc_a2p;
	tcfg.acc_ctx = o->acc_a2p_ctx;
	tcfg.ring = o->ring ? o->ring : scmia_sim_smt_ring;
	tcfg.ring_ctx = o->ring_ctx ? o->ring_ctx : scmia_sim_smt_ctx(&E.glue, 0);
	tcfg.free_timeout_us = o->free_timeout_us;
	tcfg.flags = o->smt_flags;
	assert_int_equal(scmia_smt_chan_init(&E.sc_a2p, &tcfg), SCMIA_OK);

	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = o->p2a_agent_view ? o->p2a_agent_view : (void *)E.area_p2a;
	tcfg.size = AREA;
	tcfg.acc = o->acc_p2a;
	tcfg.acc_ctx = o->acc_p2a_ctx;
	tcfg.ack = scmia_sim_smt_ack;
	tcfg.ack_ctx = scmia_sim_smt_ctx(&E.glue, 0);
	tcfg.flags = o->smt_flags;
	assert_int_equal(scmia_smt_chan_init(&E.sc_p2a, &tcfg), SCMIA_OK);

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &f_ops;
	acfg.transport = &scmia_smt_transport;
	acfg.flags = o->agent_flags;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = o->completion;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.sc_a2p;
	ccfg.mem = E.mem_a2p;
	ccfg.mem_size = sizeof(E.mem_a2p);
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.completion = 0;
	ccfg.chan_ctx = &E.sc_p2a;
	ccfg.mem = E.mem_p2a;
	ccfg.mem_size = sizeof(E.mem_p2a);
	assert_int_equal(scmia_chan_open(&E.agent, &E.p2a, &ccfg), SCMIA_OK);
}

static int env_down(void **state)
{
	(void)state;
	(void)scmia_agent_deinit(&E.agent);
	scmia_sim_deinit(&E.sim);
	fos.glue = NULL;
	fos.on_relax = NULL;
	return 0;
}

static uint32_t cnt(enum scmia_counter id)
{
	return scmia_agent_counter(&E.agent, id);
}

static struct scmia_smt_stats smt_stats(struct scmia_smt_chan *sc)
{
	struct scmia_smt_stats s;

	assert_int_equal(scmia_smt_chan_stats(sc, &s), SCMIA_OK);
	return s;
}

static struct scmia_sim_smt_stats sim_stats(void)
{
	struct scmia_sim_smt_stats s;

	assert_int_equal(scmia_sim_smt_stats(&E.glue, 0, &s), SCMIA_OK);
	return s;
}

/* ECHO of @n bytes, checking the echoed bytes and the checksum. */
static int echo(uint32_t n, unsigned flags)
{
	struct scmia_xfer *x;
	uint8_t *tx;
	uint32_t i;
	int ret;

	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, n, 0,
					&x),
			 SCMIA_OK);
	tx = (uint8_t *)x->tx_buf;
	for (i = 0; i < n; i++)
		tx[i] = (uint8_t)(0x40 + i * 7);
	ret = scmia_xfer_do(x, flags);
	if (ret == SCMIA_OK) {
		assert_int_equal(x->rx_len, n + 4);
		assert_memory_equal(x->rx_buf, tx, n);
		assert_int_equal(scmia_get_le32((uint8_t *)x->rx_buf + n),
				 scmia_sim_checksum(x->hdr, tx, n));
	}
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	return ret;
}

struct cbres {
	int calls;
	int result;
	uint32_t rx_len;
	uint8_t rx[MSG_SIZE];
};

static void cb(void *arg, struct scmia_xfer *x, int result)
{
	struct cbres *r = (struct cbres *)arg;

	r->calls++;
	r->result = result;
	r->rx_len = x->rx_len;
	memcpy(r->rx, x->rx_buf, x->rx_len < MSG_SIZE ? x->rx_len : MSG_SIZE);
}

/* Submit an ECHO of "abcd" without waiting. */
static struct scmia_xfer *submit_echo(struct cbres *r, unsigned flags)
{
	struct scmia_xfer *x;

	memset(r, 0, sizeof(*r));
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&x),
			 SCMIA_OK);
	memcpy(x->tx_buf, "abcd", 4);
	assert_int_equal(scmia_xfer_submit(x, flags, cb, r), SCMIA_OK);
	return x;
}

/* A correct ECHO reply body for @x ("abcd"): status, echo, checksum. */
static uint32_t echo_body(const struct scmia_xfer *x, uint8_t *body)
{
	scmia_put_le32(body, 0);
	memcpy(body + 4, "abcd", 4);
	scmia_put_le32(body + 8, scmia_sim_checksum(x->hdr, "abcd", 4));
	return 12;
}

static const struct opts o_inline_irq = {
	.sim_flags = SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_INLINE | SCMIA_SIM_SMT_ACK,
	.completion = SCMIA_COMPLETION_IRQ,
};

static const struct opts o_stepped_irq = {
	.sim_flags = SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_ACK,
	.completion = SCMIA_COMPLETION_IRQ,
};

/* ------------------------------------------------------------------ */
/* Issue 9, defect 1: a forged reply while send waits for the area      */
/* ------------------------------------------------------------------ */

/* The transfer whose send is waiting for the area, and what the forger
 * did to it meanwhile. */
static struct {
	struct scmia_xfer *x;
	int r_resp, r_err, r_dresp, r_irq;
	unsigned freed_at;
} g_forge;

static void forge_during_free_wait(unsigned call)
{
	uint8_t body[12];
	uint32_t dh;

	if (call == 2) {
		/* a response carrying its token, straight to the receive
		 * entry; then the same through the interrupt path with the
		 * area still the platform's (not FREE) */
		g_forge.r_resp = scmia_rx(&E.a2p, g_forge.x->hdr, &E.sc_a2p);
		g_forge.r_irq = scmia_smt_irq(&E.sc_a2p);
	} else if (call == 3) {
		/* a delayed response for it on the p2a area, and one with
		 * the ERROR bit */
		dh = (g_forge.x->hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
		(void)echo_body(g_forge.x, body);
		(void)scmia_sim_smt_write_raw(&E.glue, 0, 1, 0, 16, dh, body, sizeof(body), 0);
		g_forge.r_dresp = scmia_smt_irq(&E.sc_p2a);
		(void)scmia_sim_smt_write_raw(&E.glue, 0, 1, SCMIA_SMT_STATUS_ERROR, 16, dh, body,
					      sizeof(body), 0);
		g_forge.r_err = scmia_smt_irq(&E.sc_p2a);
	} else if (call == 5) {
		/* the platform is done with the earlier message at last */
		(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 8, 0, NULL, 0,
					      0);
		g_forge.freed_at = call;
	}
}

static void test_forged_reply_while_send_waits_for_area(void **state)
{
	struct opts o = o_stepped_irq;
	struct cbres ra, rb;
	struct scmia_xfer *a, *b;
	uint8_t body[12];

	(void)state;
	o.free_timeout_us = 100000;
	env_up(&o);
	fos.glue = NULL; /* the platform only acts through this script */
	/* an earlier message still with the platform: the area is not FREE */
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, 0, 8, 0, NULL, 0, 0);
	memset(&g_forge, 0, sizeof(g_forge));
	memset(&ra, 0, sizeof(ra));
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&a),
			 SCMIA_OK);
	memcpy(a->tx_buf, "abcd", 4);
	g_forge.x = a;
	fos.on_relax = forge_during_free_wait;
	assert_int_equal(scmia_xfer_submit(a, 0, cb, &ra), SCMIA_OK);
	fos.on_relax = NULL;
	assert_int_equal(g_forge.freed_at, 5);
	/* none of the forgeries ended the transfer */
	assert_int_equal(g_forge.r_resp, SCMIA_EUNEXPECTED);
	assert_int_equal(g_forge.r_irq, SCMIA_EBUSY); /* not FREE, nobody rang: spurious */
	assert_int_equal(g_forge.r_dresp, SCMIA_EUNEXPECTED);
	assert_int_equal(g_forge.r_err, SCMIA_EUNEXPECTED);
	assert_int_equal(ra.calls, 0);
	assert_int_equal(cnt(SCMIA_CNT_EARLY), 3);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 0);
	/* the command went out after the wait, and its real reply ends it */
	assert_int_equal(smt_stats(&E.sc_a2p).rings, 1);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_HEADER), a->hdr);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, a->hdr, body,
				      echo_body(a, body), 1);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(ra.result, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	/* and the channel is not wedged: the next command goes */
	b = submit_echo(&rb, 0);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_HEADER), b->hdr);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, b->hdr, body,
				      echo_body(b, body), 1);
	assert_int_equal(rb.calls, 1);
	assert_int_equal(rb.result, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
	assert_int_equal(smt_stats(&E.sc_a2p).rings, 2);
}

/* The header is read again by the fetch and must be exactly the one the
 * receive entry was given: a platform that rewrites it between the
 * interrupt's look and the fetch (here: the same token and message as a
 * delayed response, which the area's own same-message check lets
 * through) is caught, counted, and nothing of it is delivered. */
static int g_hdr_reads;

static void rewrite_header_on_fetch(void *ctx, uint32_t off)
{
	(void)ctx;
	if (off != SCMIA_SMT_OFF_HEADER)
		return;
	if (++g_hdr_reads == 1) {
		/* right after the interrupt's read (this hook runs after
		 * each read): another type, same token and message */
		uint32_t h = scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_HEADER);

		E.area_a2p[SCMIA_SMT_OFF_HEADER / 4] =
			(h & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
	}
}

static void test_fetch_rechecks_header_token(void **state)
{
	struct opts o = o_stepped_irq;
	struct cbres ra;
	struct scmia_xfer *a;
	uint8_t body[12];

	(void)state;
	o.acc_a2p = &rec_word32_acc;
	o.acc_a2p_ctx = &E.rec;
	env_up(&o);
	rec_init(&E.rec, E.area_a2p, AREA);
	fos.glue = NULL;
	a = submit_echo(&ra, 0);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, a->hdr, body,
				      echo_body(a, body), 0);
	g_hdr_reads = 0;
	E.rec.on_read = rewrite_header_on_fetch;
	assert_int_equal(scmia_smt_irq(&E.sc_a2p), SCMIA_EMALFORMED);
	E.rec.on_read = NULL;
	assert_int_equal(ra.calls, 1);
	assert_int_equal(ra.result, SCMIA_EMALFORMED);
	assert_int_equal(ra.rx_len, 0);
	assert_int_equal(smt_stats(&E.sc_a2p).errors, 1);
	assert_int_equal(cnt(SCMIA_CNT_MALFORMED), 1);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
}

/* ------------------------------------------------------------------ */
/* Basic operation                                                     */
/* ------------------------------------------------------------------ */

static void test_sync_irq(void **state)
{
	struct scmia_sim_smt_stats ss;

	(void)state;
	env_up(&o_inline_irq);
	assert_int_equal(echo(5, 0), SCMIA_OK);
	assert_int_equal(echo(0, 0), SCMIA_OK);
	assert_int_equal(echo(MSG_SIZE - 8, 0), SCMIA_OK);
	ss = sim_stats();
	assert_int_equal(ss.doorbells, 3);
	assert_int_equal(ss.a2p_irqs, 3);
	assert_int_equal(smt_stats(&E.sc_a2p).rings, 3);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 3);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 0);
	/* the platform left the area FREE; the agent asked for an interrupt */
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_FLAGS), 1);
}

/* Polling: flags bit0 clear, no interrupt raised, completion by
 * poll_done (token match + FREE). */
static void test_sync_poll(void **state)
{
	(void)state;
	env_up(&o_inline_irq);
	assert_int_equal(echo(7, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_FLAGS), 0);
	assert_int_equal(sim_stats().a2p_irqs, 0);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 1);
	/* interrupt-driven again on the same channel */
	assert_int_equal(echo(3, 0), SCMIA_OK);
	assert_int_equal(sim_stats().a2p_irqs, 1);
}

/* A channel without a completion interrupt never asks for one. */
static void test_no_irq_option(void **state)
{
	struct opts o = o_inline_irq;

	(void)state;
	o.smt_flags = SCMIA_SMT_F_NO_IRQ;
	o.completion = SCMIA_COMPLETION_POLL;
	env_up(&o);
	assert_int_equal(echo(9, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_int_equal(echo(9, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_FLAGS), 0);
	assert_int_equal(sim_stats().a2p_irqs, 0);
}

/* Without a completion interrupt, every wait polls: AUTO completion polls
 * even with a lock in the OS table (which would choose interrupts), and
 * interrupt-driven completion is refused (each wait would time out). */
static void test_no_irq_option_auto(void **state)
{
	struct opts o = o_inline_irq;
	struct scmia_chan_cfg ccfg;

	(void)state;
	o.smt_flags = SCMIA_SMT_F_NO_IRQ;
	o.completion = SCMIA_COMPLETION_AUTO;
	env_up(&o);
	assert_int_equal(echo(9, 0), SCMIA_OK);
	assert_int_equal(echo(9, 0), SCMIA_OK);
	assert_int_equal(sim_stats().a2p_irqs, 0);
	assert_int_equal(cnt(SCMIA_CNT_TIMEOUTS), 0);

	assert_int_equal(scmia_chan_close(&E.p2a), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_IRQ;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.sc_a2p;
	ccfg.mem = E.mem_a2p;
	ccfg.mem_size = sizeof(E.mem_a2p);
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_EINVAL);
	/* refused cleanly: the context is free again */
	ccfg.completion = SCMIA_COMPLETION_POLL;
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	assert_int_equal(echo(9, 0), SCMIA_OK);
}

/* Stepped platform: replies come later, inside the agent's wait. */
static void test_sync_stepped_latency(void **state)
{
	struct scmia_sim_fault f;

	(void)state;
	env_up(&o_stepped_irq);
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_ANY;
	f.action = SCMIA_SIM_FA_DELAY;
	f.arg = 500;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(echo(4, 0), SCMIA_OK);
	assert_int_equal(echo(4, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_true(fos.now >= 1000 + 2 * 500);
}

/* ------------------------------------------------------------------ */
/* Stuck channel                                                       */
/* ------------------------------------------------------------------ */

/* The platform never frees the area: the first command times out, the
 * next send gives up after the bounded FREE wait and does not ring. */
static void test_stuck_channel_no_doorbell(void **state)
{
	struct opts o = o_inline_irq;
	uint64_t t0;
	int ret;

	(void)state;
	o.free_timeout_us = 3000;
	env_up(&o);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 1000, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_set_stuck(&E.glue, 0, 1), SCMIA_OK);
	assert_int_equal(echo(4, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(sim_stats().doorbells, 1);
	assert_int_equal(smt_stats(&E.sc_a2p).rings, 1);
	assert_int_equal(cnt(SCMIA_CNT_TIMEOUTS), 1);

	t0 = fos.now;
	ret = echo(4, 0);
	assert_int_equal(ret, SCMIA_EBUSY);
	/* bounded: gave up after the free timeout, not before, not much after */
	assert_true(fos.now - t0 >= 3000);
	assert_true(fos.now - t0 <= 3000 + 4 * RELAX_STEP_US);
	/* no doorbell after giving up */
	assert_int_equal(sim_stats().doorbells, 1);
	assert_int_equal(smt_stats(&E.sc_a2p).rings, 1);
	assert_int_equal(smt_stats(&E.sc_a2p).busy, 1);
	assert_int_equal(cnt(SCMIA_CNT_TX_ERRORS), 1);
	/* the area still holds the first command: nothing was written */
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_STATUS), 0);

	/* polling sender: same */
	assert_int_equal(echo(4, SCMIA_XFER_F_POLL), SCMIA_EBUSY);
	assert_int_equal(sim_stats().doorbells, 1);

	/* the platform recovers and frees the area: traffic resumes */
	assert_int_equal(scmia_sim_smt_set_stuck(&E.glue, 0, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 8, 0, NULL,
						 0, 0),
			 SCMIA_OK);
	assert_int_equal(echo(4, 0), SCMIA_OK);
	assert_int_equal(sim_stats().doorbells, 2);
}

/* A stuck episode ends as a platform that restarted: the swallowed command
 * is answered (late, counted as such) and the channel is usable again. */
static void test_stuck_channel_recovers(void **state)
{
	struct opts o = o_inline_irq;

	(void)state;
	o.free_timeout_us = 3000;
	env_up(&o);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 1000, 0), SCMIA_OK);
	/* nothing handed over: nothing to pick up */
	assert_int_equal(scmia_sim_smt_recover(&E.glue, 0), 0);
	assert_int_equal(scmia_sim_smt_set_stuck(&E.glue, 0, 1), SCMIA_OK);
	assert_int_equal(echo(4, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(sim_stats().commands, 0);
	assert_int_equal(scmia_sim_smt_recover(&E.glue, 0), 1);
	assert_int_equal(sim_stats().commands, 1);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 1);
	assert_true(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_STATUS) &
		    SCMIA_SMT_STATUS_FREE);
	assert_int_equal(echo(4, 0), SCMIA_OK);
	assert_int_equal(echo(4, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_recover(NULL, 0), SCMIA_EINVAL);
}

/* The area turns FREE while the waiter was preempted past its deadline:
 * the look after the deadline still sees it (no false EBUSY). */
static unsigned preempt_at;

static void relax_preempt(unsigned call)
{
	if (call == preempt_at) {
		fos.now += 10000; /* way past the free timeout */
		(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 8, 0, NULL, 0,
					      0);
	}
}

static void test_free_wait_last_look(void **state)
{
	struct opts o = o_inline_irq;

	(void)state;
	o.free_timeout_us = 100;
	env_up(&o);
	/* the platform still owns the area */
	assert_int_equal(scmia_sim_smt_write_raw(&E.glue, 0, 0, 0, 8, 0, NULL, 0, 0), SCMIA_OK);
	preempt_at = 3;
	fos.on_relax = relax_preempt;
	assert_int_equal(echo(4, 0), SCMIA_OK);
	assert_int_equal(smt_stats(&E.sc_a2p).busy, 0);
}

/* ------------------------------------------------------------------ */
/* Spurious interrupts                                                 */
/* ------------------------------------------------------------------ */

static void test_spurious_irq_idle(void **state)
{
	(void)state;
	env_up(&o_inline_irq);
	assert_int_equal(scmia_sim_smt_spurious(&E.glue, 0, 0), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(smt_stats(&E.sc_a2p).spurious, 1);
	assert_int_equal(cnt(SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(echo(4, 0), SCMIA_OK);
}

/* A completion interrupt while the platform still owns the area (not
 * FREE) is ignored and counted; the real reply still completes. */
static void test_spurious_irq_while_busy(void **state)
{
	struct cbres r;
	struct scmia_xfer *x;

	(void)state;
	env_up(&o_stepped_irq);
	x = submit_echo(&r, 0);
	assert_int_equal(scmia_sim_smt_spurious(&E.glue, 0, 0), SCMIA_EBUSY);
	assert_int_equal(r.calls, 0);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(scmia_sim_smt_poll(&E.glue), 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.result, SCMIA_OK);
	assert_int_equal(r.rx_len, 8);
	assert_memory_equal(r.rx, "abcd", 4);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
}

/* Interrupt through the engine's SPURIOUS fault (doorbell port op). */
static void test_spurious_irq_fault(void **state)
{
	struct scmia_sim_fault f;

	(void)state;
	env_up(&o_inline_irq);
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_ANY;
	f.action = SCMIA_SIM_FA_SPURIOUS;
	f.arg = SCMIA_SIM_SPURIOUS_DOORBELL;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(echo(4, 0), SCMIA_OK);
	assert_int_equal(echo(4, 0), SCMIA_OK);
	assert_int_equal(sim_stats().spurious, 1);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 2);
}

/* ------------------------------------------------------------------ */
/* Untrusted lengths, ERROR bit                                        */
/* ------------------------------------------------------------------ */

static void test_reply_lengths(void **state)
{
	static const uint32_t lens[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12,
					 AREA - SCMIA_SMT_OFF_HEADER,
					 AREA - SCMIA_SMT_OFF_HEADER + 1, AREA, 0x10000,
					 0xfffffff8u, 0xffffffffu };
	unsigned i;

	(void)state;
	env_up(&o_stepped_irq);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t body[12];
		struct cbres r;
		struct scmia_xfer *x = submit_echo(&r, 0);
		uint32_t malformed = cnt(SCMIA_CNT_MALFORMED);
		uint32_t len = lens[i];

		(void)echo_body(x, body);
		(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, len, x->hdr,
					      body, sizeof(body), 1);
		assert_int_equal(r.calls, 1);
		if (len < 8) {
			assert_int_equal(r.result, SCMIA_ETOOSHORT);
			assert_int_equal(cnt(SCMIA_CNT_MALFORMED), malformed + 1);
		} else if (len > AREA - SCMIA_SMT_OFF_HEADER) {
			assert_int_equal(r.result, SCMIA_EMALFORMED);
			assert_int_equal(cnt(SCMIA_CNT_MALFORMED), malformed + 1);
		} else {
			assert_int_equal(r.result, SCMIA_OK);
			assert_int_equal(r.rx_len, len - 8 < MSG_SIZE ? len - 8 : MSG_SIZE);
		}
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	}
	/* nothing wedged: a normal command still works */
	fos.glue = &E.glue;
	assert_int_equal(echo(6, 0), SCMIA_OK);
}

/* The engine's CORRUPT_LEN fault with arg 0: a length word without the 4
 * header bytes. A longer reply loses its last 4 bytes (never over-read); a
 * status-only reply becomes too short. */
static void test_length_omits_header(void **state)
{
	struct scmia_sim_fault f;
	struct scmia_xfer *x;
	uint32_t rx_len = 0;

	(void)state;
	env_up(&o_inline_irq);
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_MSG;
	f.action = SCMIA_SIM_FA_CORRUPT_LEN;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ECHO;
	f.arg = 0;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 8, 0,
					&x),
			 SCMIA_OK);
	memcpy(x->tx_buf, "ABCDEFGH", 8);
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
	assert_int_equal(x->rx_len, 8); /* 12 expected: the checksum is cut off */
	assert_memory_equal(x->rx_buf, "ABCDEFGH", 8);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* Base NOTIFY_ERRORS (0x10/0x8, v2.0 §4.2.2.10): status-only reply */
	f.proto_id = SCMIA_PROTO_BASE;
	f.msg_id = 0x8;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	{
		uint8_t en[4] = { 1, 0, 0, 0 };

		assert_int_equal(scmia_cmd(&E.agent, SCMIA_PROTO_BASE, 0x8, en, 4, NULL, 0,
					   &rx_len, 0),
				 SCMIA_ETOOSHORT);
		/* without the fault it is fine */
		assert_int_equal(scmia_cmd(&E.agent, SCMIA_PROTO_BASE, 0x8, en, 4, NULL, 0,
					   &rx_len, 0),
				 SCMIA_OK);
	}
}

static void test_error_bit_irq(void **state)
{
	uint8_t body[12];
	struct cbres r;
	struct scmia_xfer *x;

	(void)state;
	env_up(&o_stepped_irq);
	x = submit_echo(&r, 0);
	(void)echo_body(x, body);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0,
				      SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR, 16, x->hdr,
				      body, sizeof(body), 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.result, SCMIA_EPROTO);
	assert_int_equal(r.rx_len, 0);
	assert_int_equal(cnt(SCMIA_CNT_MALFORMED), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
}

/* Polled path: the platform sets ERROR (a command it could not read). */
static struct scmia_xfer *err_x;

static void relax_error(unsigned call)
{
	if (call == 5)
		(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_ERROR, 0, err_x->hdr,
					      NULL, 0, 0);
}

static void test_error_bit_poll(void **state)
{
	struct opts o = o_stepped_irq;

	(void)state;
	env_up(&o);
	fos.glue = NULL; /* the platform only acts through the script */
	fos.on_relax = relax_error;
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&err_x),
			 SCMIA_OK);
	assert_int_equal(scmia_xfer_do(err_x, SCMIA_XFER_F_POLL), SCMIA_EPROTO);
	assert_int_equal(scmia_xfer_put(err_x), SCMIA_OK);
}

/* The platform answers ERROR to a command whose length word it cannot
 * accept (here corrupted after the agent wrote it, by a vendor TX hook):
 * the agent sees SCMIA_EPROTO, interrupt-driven and polled. */
static int vendor_bad_len(void *ctx, struct scmia_smt_area *a, unsigned event, uint32_t length)
{
	(void)ctx;
	(void)length;
	if (event == SCMIA_SMT_VENDOR_TX)
		return scmia_smt_area_write32(a, SCMIA_SMT_OFF_LENGTH, 0x10000);
	return 0;
}

static void test_platform_sets_error(void **state)
{
	(void)state;
	env_up(&o_inline_irq);
	scmia_smt_area_set_vendor(scmia_smt_chan_area(&E.sc_a2p), vendor_bad_len, NULL);
	assert_int_equal(echo(4, 0), SCMIA_EPROTO);
	assert_int_equal(echo(4, SCMIA_XFER_F_POLL), SCMIA_EPROTO);
	assert_int_equal(sim_stats().bad_len, 2);
	assert_int_equal(sim_stats().commands, 0);
	/* the platform left FREE | ERROR: the next good command clears both */
	scmia_smt_area_set_vendor(scmia_smt_chan_area(&E.sc_a2p), NULL, NULL);
	assert_int_equal(echo(4, 0), SCMIA_OK);
}

/* ------------------------------------------------------------------ */
/* Late reply into a reused area                                       */
/* ------------------------------------------------------------------ */

static void test_late_reply_reused_area(void **state)
{
	uint8_t body[12];
	struct cbres ra, rb;
	struct scmia_xfer *a, *b;
	uint32_t hdr_a;

	(void)state;
	env_up(&o_stepped_irq);
	fos.glue = NULL; /* the platform only acts through this script */
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 1000, 0), SCMIA_OK);

	/* A times out: the platform is slow */
	a = submit_echo(&ra, 0);
	hdr_a = a->hdr;
	fos.now += 2000;
	assert_int_equal(scmia_agent_service(&E.agent), 1);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(ra.result, SCMIA_ETIMEDOUT);
	(void)echo_body(a, body);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);

	/* the platform completes A late and frees the area (no interrupt yet) */
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, hdr_a, body,
				      sizeof(body), 0);

	/* B reuses the area */
	b = submit_echo(&rb, 0);
	assert_int_equal(smt_stats(&E.sc_a2p).rings, 2);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_HEADER), b->hdr);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_STATUS), 0);

	/* A's completion interrupt arrives now, while the platform owns the
	 * area for B: spurious, B untouched (Linux 6.8 FREE check) */
	assert_int_equal(scmia_sim_smt_spurious(&E.glue, 0, 0), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(rb.calls, 0);

	/* the platform writes A's stale reply over B's command: the token
	 * tells it apart, B is not completed with it */
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, hdr_a, body,
				      sizeof(body), 1);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(rb.calls, 0);

	/* B's own reply */
	(void)echo_body(b, body);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, b->hdr, body,
				      sizeof(body), 1);
	assert_int_equal(rb.calls, 1);
	assert_int_equal(rb.result, SCMIA_OK);
	assert_memory_equal(rb.rx, body + 4, 8);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 1);
	assert_int_equal(cnt(SCMIA_CNT_INVALID_STATE), 0);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
}

/* The late reply's interrupt while nobody uses the channel: handed to
 * the core once (counted late, not spurious); a repeat is spurious. */
static void test_late_reply_irq_when_idle(void **state)
{
	uint8_t body[12];
	struct cbres ra;
	struct scmia_xfer *a;

	(void)state;
	env_up(&o_stepped_irq);
	fos.glue = NULL;
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 1000, 0), SCMIA_OK);
	a = submit_echo(&ra, 0);
	fos.now += 2000;
	assert_int_equal(scmia_agent_service(&E.agent), 1);
	assert_int_equal(ra.result, SCMIA_ETIMEDOUT);
	(void)echo_body(a, body);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, a->hdr, body,
				      sizeof(body), 1);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 0);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(scmia_sim_smt_spurious(&E.glue, 0, 0), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	/* a completed (not timed-out) reply's repeated interrupt: spurious */
	fos.glue = &E.glue;
	assert_int_equal(echo(3, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_spurious(&E.glue, 0, 0), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 2);
	assert_int_equal(cnt(SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(cnt(SCMIA_CNT_INVALID_STATE), 0);
}

/* Polled variant: a FREE area holding another message's reply does not
 * complete the poller. */
static uint32_t stale_hdr;
static struct scmia_xfer *poll_x;

static void relax_stale_then_real(unsigned call)
{
	uint8_t body[12];

	if (call == 3) {
		/* stale reply of another token */
		scmia_put_le32(body, 0);
		memcpy(body + 4, "zzzz", 4);
		scmia_put_le32(body + 8, 0);
		(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, stale_hdr,
					      body, sizeof(body), 0);
	} else if (call == 50) {
		(void)echo_body(poll_x, body);
		(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16,
					      poll_x->hdr, body, sizeof(body), 0);
	}
}

static void test_late_reply_reused_area_poll(void **state)
{
	(void)state;
	env_up(&o_stepped_irq);
	fos.glue = NULL;
	fos.on_relax = relax_stale_then_real;
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&poll_x),
			 SCMIA_OK);
	memcpy(poll_x->tx_buf, "abcd", 4);
	stale_hdr = scmia_hdr_pack(SCMIA_SIM_TEST_ECHO, 0, SCMIA_SIM_TEST_PROTO, 1000);
	assert_int_equal(scmia_xfer_do(poll_x, SCMIA_XFER_F_POLL), SCMIA_OK);
	assert_true(fos.relax_calls >= 50);
	assert_int_equal(poll_x->rx_len, 8);
	assert_memory_equal(poll_x->rx_buf, "abcd", 4);
	assert_int_equal(scmia_xfer_put(poll_x), SCMIA_OK);
}

/* One message in the area at a time: a second sender waits (bounded) for
 * the first one's mark_txdone, and a stray mark_txdone for a transfer that
 * never got the area does not end the owner's claim. */
static void test_second_sender_waits_for_owner(void **state)
{
	struct opts o = o_stepped_irq;
	uint8_t body[12];
	struct cbres ra, rb;
	struct scmia_xfer *a, *b;

	(void)state;
	o.free_timeout_us = 200;
	env_up(&o);
	fos.glue = NULL; /* the platform only acts through this script */
	a = submit_echo(&ra, 0);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&b),
			 SCMIA_OK);
	memcpy(b->tx_buf, "efgh", 4);
	scmia_smt_transport.ops->mark_txdone(NULL, &E.a2p, SCMIA_ETIMEDOUT, b);
	memset(&rb, 0, sizeof(rb));
	assert_int_equal(scmia_xfer_submit(b, 0, cb, &rb), SCMIA_EBUSY);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_HEADER), a->hdr);
	assert_int_equal(smt_stats(&E.sc_a2p).rings, 1);
	/* even once the platform freed the area, A's reply is not fetched
	 * yet: B still may not write */
	(void)echo_body(a, body);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, a->hdr, body,
				      sizeof(body), 0);
	assert_int_equal(scmia_xfer_submit(b, 0, cb, &rb), SCMIA_EBUSY);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_HEADER), a->hdr);
	/* A's interrupt: fetched, claim released, B goes */
	assert_int_equal(scmia_smt_irq(&E.sc_a2p), SCMIA_OK);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(ra.result, SCMIA_OK);
	assert_int_equal(scmia_xfer_submit(b, 0, cb, &rb), SCMIA_OK);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_HEADER), b->hdr);
	(void)echo_body(b, body);
	memcpy(body + 4, "efgh", 4);
	scmia_put_le32(body + 8, scmia_sim_checksum(b->hdr, "efgh", 4));
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, b->hdr, body,
				      sizeof(body), 1);
	assert_int_equal(rb.calls, 1);
	assert_int_equal(rb.result, SCMIA_OK);
	assert_memory_equal(rb.rx, "efgh", 4);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
}

/* ------------------------------------------------------------------ */
/* Accessor discipline: 32-bit only, order of writes                   */
/* ------------------------------------------------------------------ */

static void check_word_log(const struct rec_acc *r)
{
	unsigned i;

	assert_int_equal(r->bad, 0);
	for (i = 0; i < r->n; i++) {
		if (r->log[i].op != REC_R && r->log[i].op != REC_W)
			continue;
		assert_int_equal(r->log[i].len, 4);
		assert_int_equal(r->log[i].off % 4, 0);
		assert_true(r->log[i].off < AREA);
	}
}

static void test_word32_every_access(void **state)
{
	struct opts o = o_inline_irq;
	uint32_t n;
	uint8_t arg[8];
	uint8_t rx[8];
	uint32_t rx_len = 0;

	(void)state;
	o.acc_a2p = &rec_word32_acc;
	o.acc_a2p_ctx = &E.rec;
	o.acc_p2a = &rec_word32_acc;
	o.acc_p2a_ctx = &E.rec2;
	o.agent_flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	env_up(&o);
	rec_init(&E.rec, E.area_a2p, AREA);
	rec_init(&E.rec2, E.area_p2a, AREA);
	for (n = 0; n <= 11; n++)
		assert_int_equal(echo(n, n & 1 ? SCMIA_XFER_F_POLL : 0), SCMIA_OK);
	/* a notification and a delayed response through the p2a area */
	scmia_put_le32(arg, 7);
	scmia_put_le32(arg + 4, 1);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT,
				   arg, 8, rx, sizeof(rx), &rx_len, 0),
			 SCMIA_OK);
	scmia_put_le32(arg, 1234);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, arg,
				   4, rx, sizeof(rx), &rx_len, SCMIA_XFER_F_ASYNC),
			 SCMIA_OK);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(1234));
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 1);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 1);
	assert_true(E.rec.n > 100);
	assert_true(E.rec2.n > 10);
	check_word_log(&E.rec);
	check_word_log(&E.rec2);
}

/* @a happened, and before @b. */
static void before(int a, int b)
{
	assert_true(a >= 0);
	assert_true(a < b);
}

/* Doorbell hook that records itself in the accessor log. */
static int ring_recorded(void *ctx)
{
	rec_add(&E.rec, REC_RING, 0, 0, 0);
	return scmia_sim_smt_ring(ctx);
}

static void test_write_order_and_doorbell(void **state)
{
	struct opts o = o_inline_irq;
	unsigned i;
	int ring, st_w, first_after;

	(void)state;
	o.acc_a2p = &rec_cache_acc;
	o.acc_a2p_ctx = &E.rec;
	o.ring = ring_recorded;
	env_up(&o);
	rec_init(&E.rec, E.area_a2p, AREA);
	assert_int_equal(echo(10, 0), SCMIA_OK);

	ring = rec_find(&E.rec, 0, REC_RING, 0);
	assert_true(ring > 0);
	st_w = rec_find_last(&E.rec, REC_W, SCMIA_SMT_OFF_STATUS);
	assert_true(st_w >= 0 && st_w < ring);
	/* every write of the message comes before the status write ... */
	for (i = 0; i < (unsigned)st_w; i++)
		if (E.rec.log[i].op == REC_W)
			assert_true(E.rec.log[i].off != SCMIA_SMT_OFF_STATUS);
	before(rec_find(&E.rec, 0, REC_W, SCMIA_SMT_OFF_HEADER), st_w);
	before(rec_find(&E.rec, 0, REC_W, SCMIA_SMT_OFF_LENGTH), st_w);
	before(rec_find(&E.rec, 0, REC_W, SCMIA_SMT_OFF_FLAGS), st_w);
	before(rec_find(&E.rec, 0, REC_W, SCMIA_SMT_OFF_PAYLOAD + 8), st_w);
	/* ... the message is cleaned before it, the status after it, and
	 * nothing is written between the status and the doorbell */
	before(rec_find(&E.rec, 0, REC_CLEAN, 0), st_w);
	before(st_w, rec_find(&E.rec, (unsigned)st_w, REC_CLEAN, SCMIA_SMT_OFF_STATUS));
	before(rec_find(&E.rec, (unsigned)st_w, REC_CLEAN, SCMIA_SMT_OFF_STATUS), ring);
	for (i = (unsigned)st_w + 1; i < (unsigned)ring; i++)
		assert_true(E.rec.log[i].op != REC_W);
	/* the send checked FREE before writing anything */
	before(rec_find(&E.rec, 0, REC_R, SCMIA_SMT_OFF_STATUS),
	       rec_find(&E.rec, 0, REC_W, SCMIA_SMT_OFF_HEADER));
	/* receive: the status is read before anything else of the reply */
	first_after = -1;
	for (i = (unsigned)ring + 1; i < E.rec.n; i++)
		if (E.rec.log[i].op == REC_R) {
			first_after = (int)i;
			break;
		}
	assert_true(first_after > ring);
	assert_int_equal(E.rec.log[first_after].off, SCMIA_SMT_OFF_STATUS);
	before(rec_find(&E.rec, (unsigned)ring, REC_INVAL, SCMIA_SMT_OFF_STATUS), first_after);
	assert_int_equal(E.rec.bad, 0);
}

/* ------------------------------------------------------------------ */
/* Non-coherent memory                                                 */
/* ------------------------------------------------------------------ */

static struct nc_mem nc_a2p, nc_p2a;
static uint32_t cache_a2p[AREA / 4], cache_p2a[AREA / 4];

static void nc_setup(struct opts *o, const struct scmia_smt_access *acc)
{
	/* the platform works on E.area_*; the agent on its cache copies */
	memset(cache_a2p, 0, sizeof(cache_a2p));
	memset(cache_p2a, 0, sizeof(cache_p2a));
	nc_a2p.cache = cache_a2p;
	nc_a2p.mem = E.area_a2p;
	nc_a2p.size = AREA;
	nc_p2a.cache = cache_p2a;
	nc_p2a.mem = E.area_p2a;
	nc_p2a.size = AREA;
	o->acc_a2p = acc;
	o->acc_a2p_ctx = &nc_a2p;
	o->acc_p2a = acc;
	o->acc_p2a_ctx = &nc_p2a;
	o->a2p_agent_view = cache_a2p;
	o->p2a_agent_view = cache_p2a;
}

static void test_noncoherent_cache_hooks(void **state)
{
	struct opts o = o_inline_irq;
	uint8_t arg[8], rx[8];
	uint32_t rx_len = 0, n;

	(void)state;
	o.agent_flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	nc_setup(&o, &nc_acc);
	env_up(&o);
	/* stale cache lines: whatever was there before the platform set up */
	memset(cache_a2p, 0x5A, sizeof(cache_a2p));
	memset(cache_p2a, 0x5A, sizeof(cache_p2a));
	nc_a2p.mem = E.area_a2p;
	nc_p2a.mem = E.area_p2a;
	for (n = 1; n <= 9; n += 4)
		assert_int_equal(echo(n, 0), SCMIA_OK);
	assert_int_equal(echo(5, SCMIA_XFER_F_POLL), SCMIA_OK);
	scmia_put_le32(arg, 3);
	scmia_put_le32(arg + 4, 2);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT,
				   arg, 8, rx, sizeof(rx), &rx_len, 0),
			 SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 2);
	scmia_put_le32(arg, 99);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, arg,
				   4, rx, sizeof(rx), &rx_len, SCMIA_XFER_F_ASYNC),
			 SCMIA_OK);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(99));
	/* the p2a area was handed back through the cache */
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 1, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE);
	assert_true(nc_a2p.cleans > 0 && nc_a2p.invals > 0);
	assert_true(nc_p2a.cleans > 0 && nc_p2a.invals > 0);
}

/* Control: the same memory model without maintenance fails, so the test
 * above can fail. */
static const struct scmia_smt_access nc_no_maint_acc = {
	.read32 = nc_read32,
	.write32 = nc_write32,
};

static void test_noncoherent_control(void **state)
{
	struct opts o = o_inline_irq;

	(void)state;
	nc_setup(&o, &nc_no_maint_acc);
	env_up(&o);
	smt_word_set(cache_a2p, SCMIA_SMT_OFF_STATUS / 4, SCMIA_SMT_STATUS_FREE); /* stale, but FREE */
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 500, 0), SCMIA_OK);
	assert_int_equal(echo(4, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(sim_stats().bad_doorbell, 1); /* the platform saw nothing */
}

/* ------------------------------------------------------------------ */
/* p2a                                                                 */
/* ------------------------------------------------------------------ */

struct notes {
	unsigned n;
	uint32_t src[32];
	uint32_t seq[32];
	uint32_t agent[32];
};

static struct notes N;

static void on_note(void *ctx, const struct scmia_notification *n)
{
	struct notes *s = (struct notes *)ctx;

	if (s->n < 32 && n->len >= 12) {
		s->agent[s->n] = scmia_get_le32(n->payload);
		s->src[s->n] = scmia_get_le32((const uint8_t *)n->payload + 4);
		s->seq[s->n] = scmia_get_le32((const uint8_t *)n->payload + 8);
	}
	s->n++;
}

static struct scmia_notifier note_reg;

static void register_notes(void)
{
	memset(&N, 0, sizeof(N));
	memset(&note_reg, 0, sizeof(note_reg));
	note_reg.proto_id = SCMIA_SIM_TEST_PROTO;
	note_reg.evt_id = SCMIA_SIM_TEST_EVT;
	note_reg.src_id = SCMIA_NOTIFY_SRC_ANY;
	note_reg.fn = on_note;
	note_reg.ctx = &N;
	assert_int_equal(scmia_notify_register(&E.agent, &note_reg), SCMIA_OK);
}

static int trigger(uint32_t src, uint32_t count)
{
	uint8_t arg[8], rx[4];
	uint32_t rx_len = 0;

	scmia_put_le32(arg, src);
	scmia_put_le32(arg + 4, count);
	return scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, arg, 8, rx,
			 sizeof(rx), &rx_len, 0);
}

static void test_p2a_notification_ack(void **state)
{
	(void)state;
	env_up(&o_inline_irq);
	register_notes();
	assert_int_equal(trigger(7, 1), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 1);
	assert_int_equal(scmia_notify_dispatch(&E.agent, 0), 1);
	assert_int_equal(N.n, 1);
	assert_int_equal(N.agent[0], 1);
	assert_int_equal(N.src[0], 7);
	/* the agent freed the p2a area and rang the completion doorbell */
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 1, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(sim_stats().acks, 1);
	assert_int_equal(smt_stats(&E.sc_p2a).acks, 1);
	assert_int_equal(smt_stats(&E.sc_p2a).spurious, 0);
}

static void test_p2a_no_ack_when_not_asked(void **state)
{
	struct opts o = o_inline_irq;

	(void)state;
	o.sim_flags &= ~SCMIA_SIM_SMT_ACK;
	env_up(&o);
	assert_int_equal(trigger(2, 1), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 1);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 1, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(sim_stats().acks, 0);
}

/* A burst: one message in the area at a time, all delivered in order. */
static void test_p2a_burst(void **state)
{
	struct opts o = o_stepped_irq;
	unsigned i;

	(void)state;
	o.agent_flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	env_up(&o);
	register_notes();
	assert_int_equal(trigger(5, 16), SCMIA_OK);
	for (i = 0; i < 200 && N.n < 16; i++)
		f_relax(NULL);
	assert_int_equal(N.n, 16);
	for (i = 1; i < 16; i++)
		assert_int_equal(N.seq[i], N.seq[i - 1] + 1);
	assert_int_equal(sim_stats().p2a_msgs, 16);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFY_DROPS), 0);
}

static void test_p2a_delayed_response(void **state)
{
	uint8_t arg[4], rx[8];
	uint32_t rx_len = 0;

	(void)state;
	env_up(&o_inline_irq);
	scmia_put_le32(arg, 0xC0FFEE);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, arg,
				   4, rx, sizeof(rx), &rx_len, SCMIA_XFER_F_ASYNC),
			 SCMIA_OK);
	assert_int_equal(rx_len, 8);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(0xC0FFEE));
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 1);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 1, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(sim_stats().acks, 1);
}

static void test_p2a_spurious(void **state)
{
	(void)state;
	env_up(&o_inline_irq);
	assert_int_equal(scmia_sim_smt_spurious(&E.glue, 0, 1), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(smt_stats(&E.sc_p2a).spurious, 1);
	/* polling the p2a channel with nothing posted is not spurious */
	assert_int_equal(scmia_smt_poll(&E.sc_p2a), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(trigger(1, 1), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 1);
}

/* A second p2a interrupt for the message being processed (raised from
 * inside its handler, as a nested interrupt would) is turned away without
 * waiting; once the first receive is done it looks again, finds nothing
 * new and counts the duplicate as spurious. The message is processed and
 * freed once. */
static int dup_ret = 99;

static void on_note_dup(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	if (dup_ret == 99)
		dup_ret = scmia_sim_smt_spurious(&E.glue, 0, 1);
}

static void test_p2a_duplicate_irq_while_held(void **state)
{
	struct opts o = o_inline_irq;
	struct scmia_notifier reg;

	(void)state;
	o.agent_flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	env_up(&o);
	memset(&reg, 0, sizeof(reg));
	reg.proto_id = SCMIA_SIM_TEST_PROTO;
	reg.evt_id = SCMIA_SIM_TEST_EVT;
	reg.src_id = SCMIA_NOTIFY_SRC_ANY;
	reg.fn = on_note_dup;
	dup_ret = 99;
	assert_int_equal(scmia_notify_register(&E.agent, &reg), SCMIA_OK);
	assert_int_equal(trigger(3, 1), SCMIA_OK);
	assert_int_equal(dup_ret, SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 1);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(smt_stats(&E.sc_p2a).spurious, 1);
	assert_int_equal(sim_stats().acks, 1);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 1, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_notify_unregister(&E.agent, &reg), SCMIA_OK);
}

/* Notifications with bad lengths are dropped, counted, and the area is
 * handed back (not wedged). */
static void test_p2a_bad_lengths(void **state)
{
	static const uint32_t lens[] = { 0, 1, 2, 3, AREA - SCMIA_SMT_OFF_HEADER + 1, AREA,
					 0xffffffffu };
	uint8_t body[12] = { 1, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0 };
	uint32_t hdr = scmia_hdr_pack(SCMIA_SIM_TEST_EVT, SCMIA_MSG_TYPE_NOTIFICATION,
				      SCMIA_SIM_TEST_PROTO, 0);
	unsigned i;

	(void)state;
	env_up(&o_inline_irq);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint32_t malformed = cnt(SCMIA_CNT_MALFORMED);

		(void)scmia_sim_smt_write_raw(&E.glue, 0, 1, 0, lens[i], hdr, body, sizeof(body),
					      1);
		assert_int_equal(cnt(SCMIA_CNT_MALFORMED), malformed + 1);
		assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 1, SCMIA_SMT_OFF_STATUS),
				 SCMIA_SMT_STATUS_FREE);
	}
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 0);
	/* a header-only notification is fine */
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 1, 0, 4, hdr, NULL, 0, 1);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 1);
	assert_int_equal(trigger(1, 1), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 2);
}

/*
 * Re-entrance: the delayed response arrives (p2a interrupt) while the
 * response of the same transfer is being fetched from the a2p area. The
 * core keeps it (SCMIA_RX_DEFERRED): the p2a area must stay the agent's
 * until the core releases it, then be freed (and acked) once.
 */
static struct scmia_xfer *def_x;
static int def_fired, def_ret;
static uint32_t def_status_inside;

static void on_a2p_read(void *ctx, uint32_t off)
{
	uint8_t body[12];

	(void)ctx;
	if (def_fired || off != SCMIA_SMT_OFF_PAYLOAD || !def_x)
		return;
	def_fired = 1;
	scmia_put_le32(body, 0);
	scmia_put_le32(body + 4, scmia_sim_test_async_value(5));
	scmia_put_le32(body + 8, 0x1234);
	def_ret = scmia_sim_smt_write_raw(
		&E.glue, 0, 1, 0, 16,
		(def_x->hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8), body, sizeof(body),
		1);
	def_status_inside = scmia_sim_smt_peek(&E.glue, 0, 1, SCMIA_SMT_OFF_STATUS);
}

static void test_p2a_deferred_release(void **state)
{
	struct opts o = o_stepped_irq;
	struct cbres r;
	uint8_t body[4];

	(void)state;
	o.acc_a2p = &rec_word32_acc;
	o.acc_a2p_ctx = &E.rec;
	env_up(&o);
	fos.glue = NULL;
	rec_init(&E.rec, E.area_a2p, AREA);
	E.rec.on_read = on_a2p_read;
	def_fired = 0;
	def_x = NULL;
	memset(&r, 0, sizeof(r));
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK,
					4, 0, &def_x),
			 SCMIA_OK);
	scmia_put_le32(def_x->tx_buf, 5);
	assert_int_equal(scmia_xfer_submit(def_x, SCMIA_XFER_F_ASYNC, cb, &r), SCMIA_OK);
	/* the response: SUCCESS, no payload */
	scmia_put_le32(body, 0);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 8, def_x->hdr, body,
				      4, 1);
	assert_int_equal(def_fired, 1);
	assert_int_equal(def_ret, SCMIA_RX_DEFERRED);
	assert_int_equal(def_status_inside, 0); /* kept: not freed while deferred */
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.result, SCMIA_OK);
	assert_int_equal(r.rx_len, 8);
	assert_int_equal(scmia_get_le32(r.rx), scmia_sim_test_async_value(5));
	assert_int_equal(cnt(SCMIA_CNT_DEFERRED), 1);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 1);
	/* freed and acked exactly once after the release */
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 1, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(sim_stats().acks, 1);
	assert_int_equal(smt_stats(&E.sc_p2a).spurious, 0);
	assert_int_equal(scmia_xfer_put(def_x), SCMIA_OK);
	def_x = NULL;
}

/* The a2p area is never freed by the agent from the receive path, even
 * for a message it drops. */
static void test_a2p_never_freed_by_agent(void **state)
{
	uint8_t body[12] = { 0 };
	struct cbres r;
	struct scmia_xfer *x;

	(void)state;
	env_up(&o_stepped_irq);
	fos.glue = NULL;
	x = submit_echo(&r, 0);
	/* unknown token, platform left ERROR without FREE */
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_ERROR, 16,
				      scmia_hdr_pack(3, 0, 0x80, 999), body, sizeof(body), 1);
	assert_int_equal(scmia_sim_smt_peek(&E.glue, 0, 0, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_ERROR);
	assert_int_equal(r.calls, 0);
	assert_int_equal(cnt(SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	(void)echo_body(x, body);
	(void)scmia_sim_smt_write_raw(&E.glue, 0, 0, SCMIA_SMT_STATUS_FREE, 16, x->hdr, body,
				      sizeof(body), 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.result, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
}

/* ------------------------------------------------------------------ */
/* Lifecycle and configuration                                         */
/* ------------------------------------------------------------------ */

static void test_irq_before_setup_and_after_close(void **state)
{
	struct scmia_smt_chan sc;
	struct scmia_smt_cfg cfg;
	struct rec_acc r;
	uint32_t area[AREA / 4];

	(void)state;
	memset(area, 0, sizeof(area));
	rec_init(&r, area, AREA);
	memset(&cfg, 0, sizeof(cfg));
	cfg.base = area;
	cfg.size = AREA;
	cfg.acc = &rec_word32_acc;
	cfg.acc_ctx = &r;
	cfg.ring = scmia_sim_smt_ring;
	assert_int_equal(scmia_smt_chan_init(&sc, &cfg), SCMIA_OK);
	assert_int_equal(scmia_smt_irq(&sc), SCMIA_ESTATE);
	assert_int_equal(scmia_smt_poll(&sc), SCMIA_ESTATE);
	assert_int_equal(r.n, 0); /* nothing touched */
	assert_int_equal(scmia_smt_irq(NULL), SCMIA_EINVAL);

	env_up(&o_inline_irq);
	assert_int_equal(echo(2, 0), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	assert_int_equal(scmia_smt_irq(&E.sc_a2p), SCMIA_ESTATE);
	assert_int_equal(scmia_smt_irq(&E.sc_p2a), SCMIA_ESTATE);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 0);
}

static int ring_ok(void *ctx)
{
	(void)ctx;
	return 0;
}

static void test_config_errors(void **state)
{
	struct scmia_smt_chan sc;
	struct scmia_smt_cfg cfg;
	uint32_t area[AREA / 4];

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.base = area;
	cfg.size = AREA;
	assert_int_equal(scmia_smt_chan_init(NULL, &cfg), SCMIA_EINVAL);
	assert_int_equal(scmia_smt_chan_init(&sc, NULL), SCMIA_EINVAL);
	cfg.flags = 1u << 7;
	assert_int_equal(scmia_smt_chan_init(&sc, &cfg), SCMIA_EINVAL);
	cfg.flags = SCMIA_SMT_F_WORD32;
	assert_int_equal(scmia_smt_chan_init(&sc, &cfg), SCMIA_OK);
	assert_ptr_equal(scmia_smt_chan_area(&sc)->acc, &scmia_smt_access_word32);
	cfg.rx_size = 64; /* rx size without rx base */
	assert_int_equal(scmia_smt_chan_init(&sc, &cfg), SCMIA_EINVAL);
	cfg.rx_size = 0;
	cfg.size = 20;
	assert_int_equal(scmia_smt_chan_init(&sc, &cfg), SCMIA_EINVAL);

	/* an a2p channel needs a doorbell; a p2a channel cannot have a
	 * separate response area */
	env_up(&o_inline_irq);
	{
		struct scmia_agent ag;
		struct scmia_agent_cfg acfg;
		struct scmia_chan ch, ch2;
		struct scmia_chan_cfg ccfg;

		memset(&acfg, 0, sizeof(acfg));
		acfg.transport = &scmia_smt_transport;
		assert_int_equal(scmia_agent_init(&ag, &acfg), SCMIA_OK);
		cfg.size = AREA;
		cfg.flags = 0;
		assert_int_equal(scmia_smt_chan_init(&sc, &cfg), SCMIA_OK);
		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_A2P;
		ccfg.max_msg = MAX_MSG;
		ccfg.msg_size = MSG_SIZE;
		ccfg.chan_ctx = &sc;
		ccfg.mem = E.mem_a2p; /* unused by E after close below */
		ccfg.mem_size = sizeof(E.mem_a2p);
		assert_int_equal(scmia_agent_deinit(&E.agent), SCMIA_OK);
		assert_int_equal(scmia_chan_open(&ag, &ch, &ccfg), SCMIA_EINVAL);
		cfg.ring = ring_ok;
		assert_int_equal(scmia_smt_chan_init(&sc, &cfg), SCMIA_OK);
		assert_int_equal(scmia_chan_open(&ag, &ch, &ccfg), SCMIA_OK);
		/* a context bound to one channel cannot serve another */
		ccfg.dir = SCMIA_CHAN_P2A;
		ccfg.mem = E.mem_p2a;
		ccfg.mem_size = sizeof(E.mem_p2a);
		assert_true(scmia_chan_open(&ag, &ch2, &ccfg) != SCMIA_OK);
		assert_int_equal(scmia_agent_deinit(&ag), SCMIA_OK);
	}
}

/* Separate response area: the command goes out in the tx area, the reply
 * comes back in the rx area, whose status the agent hands over before
 * each doorbell. */
struct sep {
	uint32_t tx[AREA / 4];
	uint32_t rx[AREA / 4];
	uint32_t rx_status_at_ring;
	unsigned rings;
};

static struct sep S;

static int ring_sep(void *ctx)
{
	struct sep *s = (struct sep *)ctx;
	uint32_t hdr = smt_word_get(s->tx, SCMIA_SMT_OFF_HEADER / 4);
	uint32_t len = smt_word_get(s->tx, SCMIA_SMT_OFF_LENGTH / 4);

	s->rings++;
	s->rx_status_at_ring = smt_word_get(s->rx, SCMIA_SMT_OFF_STATUS / 4);
	/* echo the parameters back behind a SUCCESS status */
	memcpy((uint8_t *)s->rx + 0x20, (uint8_t *)s->tx + 0x1C, len - 4);
	smt_word_set(s->rx, SCMIA_SMT_OFF_PAYLOAD / 4, 0);
	smt_word_set(s->rx, SCMIA_SMT_OFF_HEADER / 4, hdr);
	smt_word_set(s->rx, SCMIA_SMT_OFF_LENGTH / 4, len + 4);
	smt_word_set(s->rx, SCMIA_SMT_OFF_STATUS / 4, SCMIA_SMT_STATUS_FREE);
	smt_word_set(s->tx, SCMIA_SMT_OFF_STATUS / 4, SCMIA_SMT_STATUS_FREE);
	return 0;
}

static void test_separate_rx_area(void **state)
{
	struct scmia_agent ag;
	struct scmia_agent_cfg acfg;
	struct scmia_chan ch;
	struct scmia_chan_cfg ccfg;
	struct scmia_smt_chan sc;
	struct scmia_smt_cfg cfg;
	uint8_t rx[16];
	uint32_t rx_len = 0;

	(void)state;
	memset(&S, 0, sizeof(S));
	smt_word_set(S.tx, 1, SCMIA_SMT_STATUS_FREE);
	smt_word_set(S.rx, 1, SCMIA_SMT_STATUS_FREE); /* stale FREE from an earlier reply */
	memset(&cfg, 0, sizeof(cfg));
	cfg.base = S.tx;
	cfg.size = AREA;
	cfg.rx_base = S.rx;
	cfg.rx_size = AREA;
	cfg.ring = ring_sep;
	cfg.ring_ctx = &S;
	assert_int_equal(scmia_smt_chan_init(&sc, &cfg), SCMIA_OK);
	memset(&fos, 0, sizeof(fos));
	fos.relax_step = RELAX_STEP_US;
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &f_ops;
	acfg.transport = &scmia_smt_transport;
	assert_int_equal(scmia_agent_init(&ag, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_POLL;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &sc;
	ccfg.mem = E.mem_a2p;
	ccfg.mem_size = sizeof(E.mem_a2p);
	assert_int_equal(scmia_chan_open(&ag, &ch, &ccfg), SCMIA_OK);
	assert_int_equal(scmia_cmd(&ag, 0x80, 3, "wxyz", 4, rx, sizeof(rx), &rx_len,
				   SCMIA_XFER_F_POLL),
			 SCMIA_OK);
	assert_int_equal(rx_len, 4);
	assert_memory_equal(rx, "wxyz", 4);
	assert_int_equal(S.rx_status_at_ring, 0); /* handed over before the doorbell */
	assert_int_equal(scmia_cmd(&ag, 0x80, 3, "12", 2, rx, sizeof(rx), &rx_len,
				   SCMIA_XFER_F_POLL),
			 SCMIA_OK);
	assert_int_equal(rx_len, 2);
	assert_int_equal(S.rings, 2);
	assert_int_equal(scmia_agent_deinit(&ag), SCMIA_OK);
}

/* Doorbell failure: nothing handed over is reported, the claim released. */
static int ring_fail(void *ctx)
{
	(void)ctx;
	return SCMIA_EIO;
}

static void test_ring_failure(void **state)
{
	struct opts o = o_inline_irq;

	(void)state;
	o.ring = ring_fail;
	o.free_timeout_us = 200;
	env_up(&o);
	assert_int_equal(echo(4, 0), SCMIA_EIO);
	assert_int_equal(cnt(SCMIA_CNT_TX_ERRORS), 1);
	/* the area was cleared before the doorbell: the next send rings for
	 * that message again (it fails too), waits for FREE and gives up
	 * (bounded) instead of overwriting it */
	assert_int_equal(echo(4, 0), SCMIA_EBUSY);
	assert_int_equal(smt_stats(&E.sc_a2p).rings, 2);
	assert_int_equal(sim_stats().commands, 0);
}

/* A doorbell that fails once does not wedge the channel: a platform that
 * waits for doorbells never frees the area by itself, so the next send
 * rings for the message already there; the platform answers it (the reply
 * reaches nobody) and frees the area, and the next command goes through.
 * Interrupt-driven and polled. */
static unsigned ring_failures;

static int ring_fail_n(void *ctx)
{
	if (ring_failures) {
		ring_failures--;
		return SCMIA_EIO;
	}
	return scmia_sim_smt_ring(ctx);
}

static void test_ring_failure_recovers(void **state)
{
	struct opts o = o_inline_irq;
	unsigned flags;

	(void)state;
	o.ring = ring_fail_n;
	o.ring_ctx = NULL; /* env_up: the glue's context */
	o.free_timeout_us = 2000;
	env_up(&o);
	for (flags = 0; flags <= SCMIA_XFER_F_POLL; flags += SCMIA_XFER_F_POLL) {
		uint32_t cmds = sim_stats().commands;

		ring_failures = 1;
		assert_int_equal(echo(4, flags), SCMIA_EIO);
		assert_int_equal(sim_stats().commands, cmds);
		assert_int_equal(echo(5, flags), SCMIA_OK);
		/* the platform answered both: the first one to nobody */
		assert_int_equal(sim_stats().commands, cmds + 2u);
		assert_int_equal(echo(6, flags), SCMIA_OK);
	}
	assert_int_equal(cnt(SCMIA_CNT_TX_ERRORS), 2);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 4);
	assert_int_equal(scmia_chan_quarantined(&E.a2p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sync_irq, env_down),
		cmocka_unit_test_teardown(test_sync_poll, env_down),
		cmocka_unit_test_teardown(test_no_irq_option, env_down),
		cmocka_unit_test_teardown(test_no_irq_option_auto, env_down),
		cmocka_unit_test_teardown(test_sync_stepped_latency, env_down),
		cmocka_unit_test_teardown(test_stuck_channel_no_doorbell, env_down),
		cmocka_unit_test_teardown(test_stuck_channel_recovers, env_down),
		cmocka_unit_test_teardown(test_free_wait_last_look, env_down),
		cmocka_unit_test_teardown(test_spurious_irq_idle, env_down),
		cmocka_unit_test_teardown(test_spurious_irq_while_busy, env_down),
		cmocka_unit_test_teardown(test_spurious_irq_fault, env_down),
		cmocka_unit_test_teardown(test_reply_lengths, env_down),
		cmocka_unit_test_teardown(test_length_omits_header, env_down),
		cmocka_unit_test_teardown(test_error_bit_irq, env_down),
		cmocka_unit_test_teardown(test_error_bit_poll, env_down),
		cmocka_unit_test_teardown(test_platform_sets_error, env_down),
		cmocka_unit_test_teardown(test_late_reply_reused_area, env_down),
		cmocka_unit_test_teardown(test_late_reply_reused_area_poll, env_down),
		cmocka_unit_test_teardown(test_late_reply_irq_when_idle, env_down),
		cmocka_unit_test_teardown(test_second_sender_waits_for_owner, env_down),
		cmocka_unit_test_teardown(test_forged_reply_while_send_waits_for_area, env_down),
		cmocka_unit_test_teardown(test_fetch_rechecks_header_token, env_down),
		cmocka_unit_test_teardown(test_word32_every_access, env_down),
		cmocka_unit_test_teardown(test_write_order_and_doorbell, env_down),
		cmocka_unit_test_teardown(test_noncoherent_cache_hooks, env_down),
		cmocka_unit_test_teardown(test_noncoherent_control, env_down),
		cmocka_unit_test_teardown(test_p2a_notification_ack, env_down),
		cmocka_unit_test_teardown(test_p2a_no_ack_when_not_asked, env_down),
		cmocka_unit_test_teardown(test_p2a_burst, env_down),
		cmocka_unit_test_teardown(test_p2a_delayed_response, env_down),
		cmocka_unit_test_teardown(test_p2a_spurious, env_down),
		cmocka_unit_test_teardown(test_p2a_duplicate_irq_while_held, env_down),
		cmocka_unit_test_teardown(test_p2a_bad_lengths, env_down),
		cmocka_unit_test_teardown(test_p2a_deferred_release, env_down),
		cmocka_unit_test_teardown(test_a2p_never_freed_by_agent, env_down),
		cmocka_unit_test_teardown(test_irq_before_setup_and_after_close, env_down),
		cmocka_unit_test_teardown(test_config_errors, env_down),
		cmocka_unit_test(test_separate_rx_area),
		cmocka_unit_test_teardown(test_ring_failure, env_down),
		cmocka_unit_test_teardown(test_ring_failure_recovers, env_down),
	};

	return cmocka_run_group_tests_name("smt_transport", tests, NULL, NULL);
}

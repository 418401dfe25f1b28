/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guards of the SMC transport (interrupt completion) that the other tests
 * did not catch when the mutation check removed them (tests/mutate,
 * docs/testing.md "Mutation check"). Two sit behind the core's state rule
 * (the core never asks such a fetch) and are checked by calling the
 * transport's ops as a broken core would; the others are races and
 * platform behaviour played step by step.
 *
 * The agent runs with no OS table (one context, virtual time) and the
 * interrupt-completion descriptor; the test plays the platform by writing
 * the area and calling scmia_smc_irq().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_smc.h"

#define MAX_MSG 2u
#define MSG_SIZE 64u
#define AREA_WORDS 32u /* 128 bytes */
#define FUNC_ID 0x82000010u
#define TMO 5000u

struct rec {
	unsigned calls;
	int result;
};

static struct {
	struct scmia_agent agent;
	struct scmia_chan a2p;
	struct scmia_smc_chan sc;
	uint32_t area[AREA_WORDS];
	SCMIA_CHAN_MEM_DEFINE(mem, MAX_MSG, MSG_SIZE);
	unsigned calls;
	/* accessor hook: runs once, at the next read of the header word */
	void (*on_header_read)(void);
	/* accessor hook: runs once, before the next write of 0 to the status
	 * word (a sender publishing its message) */
	void (*on_status_clear)(void);
	int irq_ret;
	/* completion records: here, not on a test's stack (a failed test
	 * leaves transfers that the teardown cancels) */
	struct rec ra, rb;
} E;

static const struct scmia_transport_ops *ops(void)
{
	return scmia_smc_irq_transport.ops;
}

/* The firmware takes every call (a0 = 0) and answers later. */
static void fw_call(void *ctx, const struct scmia_smccc_args *in, struct scmia_smccc_res *out)
{
	(void)ctx;
	(void)in;
	memset(out, 0, sizeof(*out));
	E.calls++;
}

static uint32_t acc_read32(void *ctx, const volatile void *addr)
{
	void (*fn)(void) = E.on_header_read;

	if (fn && addr == (const volatile void *)((const volatile uint8_t *)E.area +
						  SCMIA_SMT_OFF_HEADER)) {
		E.on_header_read = NULL;
		fn();
	}
	return scmia_smt_read32_volatile(ctx, addr);
}

static void acc_write32(void *ctx, volatile void *addr, uint32_t v)
{
	void (*fn)(void) = E.on_status_clear;

	if (fn && !v &&
	    addr == (volatile void *)((volatile uint8_t *)E.area + SCMIA_SMT_OFF_STATUS)) {
		E.on_status_clear = NULL;
		fn();
	}
	scmia_smt_write32_volatile(ctx, addr, v);
}

static const struct scmia_smt_access acc = {
	.read32 = acc_read32,
	.write32 = acc_write32,
};

static void cb(void *arg, struct scmia_xfer *xfer, int result)
{
	struct rec *r = arg;

	(void)xfer;
	r->calls++;
	r->result = result;
}

static void wr(uint32_t off, uint32_t v)
{
	assert_int_equal(scmia_smt_area_write32(scmia_smc_chan_area(&E.sc), off, v), SCMIA_OK);
}

static uint32_t rdw(uint32_t off)
{
	uint32_t v = 0;

	assert_int_equal(scmia_smt_area_read32(scmia_smc_chan_area(&E.sc), off, &v), SCMIA_OK);
	return v;
}

/* The platform writes a reply (status 0, 4 payload bytes) and sets FREE. */
static void plat_reply(uint32_t hdr)
{
	wr(SCMIA_SMT_OFF_LENGTH, 12u);
	wr(SCMIA_SMT_OFF_HEADER, hdr);
	wr(SCMIA_SMT_OFF_PAYLOAD, 0u);
	wr(SCMIA_SMT_OFF_PAYLOAD + 4u, 0x600du);
	wr(SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

static int env_up(void **state)
{
	struct scmia_agent_cfg acfg;
	struct scmia_smc_cfg scfg;
	struct scmia_chan_cfg ccfg;

	(void)state;
	memset(&E, 0, sizeof(E));
	memset(&scfg, 0, sizeof(scfg));
	scfg.base = E.area;
	scfg.size = sizeof(E.area);
	scfg.acc = &acc;
	scfg.call = fw_call;
	scfg.func_id = FUNC_ID;
	scfg.busy_timeout_us = 1000u;
	assert_int_equal(scmia_smc_chan_init(&E.sc, &scfg), SCMIA_OK);
	wr(SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE); /* the platform is idle */
	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &scmia_smc_irq_transport;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_IRQ;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.sc;
	ccfg.mem = E.mem;
	ccfg.mem_size = sizeof(E.mem);
	ccfg.reply_timeout_us = TMO;
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	return 0;
}

static int env_down(void **state)
{
	(void)state;
	(void)scmia_agent_deinit(&E.agent);
	return 0;
}

static struct scmia_xfer *get(uint8_t msg_id)
{
	struct scmia_xfer *x = NULL;

	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_PROTO_CLOCK, msg_id, 4, 0, &x), SCMIA_OK);
	memset(x->tx_buf, 0, 4);
	return x;
}

/* A command submitted (non-blocking, completion interrupt) and called. */
static struct scmia_xfer *send_cmd(uint8_t msg_id, struct rec *r)
{
	struct scmia_xfer *x = get(msg_id);
	unsigned calls = E.calls;

	memset(r, 0, sizeof(*r));
	assert_int_equal(scmia_xfer_submit(x, 0, cb, r), SCMIA_OK);
	assert_int_equal(E.calls, calls + 1u);
	return x;
}

static void answer(struct scmia_xfer *x, struct rec *r)
{
	unsigned calls = r->calls;

	plat_reply(x->hdr);
	assert_int_equal(scmia_smc_irq(&E.sc), SCMIA_OK);
	assert_int_equal(r->calls, calls + 1u);
	assert_int_equal(r->result, SCMIA_OK);
}

/*
 * Mutation K01: smc_fetch_response() reads the area only for the transfer
 * that owns it. A owns the area; the reply there carries B's header: a
 * fetch for B (never sent) must be refused.
 */
static void test_fetch_refuses_transfer_not_owning_area(void **state)
{
	struct scmia_xfer *a, *b;

	(void)state;
	a = send_cmd(1, &E.ra);
	b = get(2);
	plat_reply(b->hdr);
	assert_int_equal(ops()->fetch_response(NULL, &E.a2p, b, NULL), SCMIA_EUNEXPECTED);
	assert_int_equal(b->rx_len, 0);
	answer(a, &E.ra);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
}

/*
 * Mutation K02: only once the platform set FREE (or ERROR). The call was
 * made, the area still holds the command: a fetch must be refused, not
 * return the command itself as the reply.
 */
static void test_fetch_refuses_area_platform_owns(void **state)
{
	struct scmia_xfer *a;

	(void)state;
	a = send_cmd(1, &E.ra);
	assert_int_equal(rdw(SCMIA_SMT_OFF_STATUS) &
			 (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR), 0);
	assert_int_equal(rdw(SCMIA_SMT_OFF_HEADER), a->hdr);
	assert_int_equal(ops()->fetch_response(NULL, &E.a2p, a, NULL), SCMIA_EUNEXPECTED);
	assert_int_equal(a->rx_len, 0);
	answer(a, &E.ra);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
}

/*
 * Mutation K11: a2p_release() resets the phase only for the owner. A
 * stray mark_txdone for a transfer that never got the area must leave the
 * owner's call alone: its completion interrupt still completes it.
 */
static void test_stray_release_leaves_owner_alone(void **state)
{
	struct scmia_xfer *a, *b;

	(void)state;
	a = send_cmd(1, &E.ra);
	b = get(2);
	ops()->mark_txdone(NULL, &E.a2p, SCMIA_OK, b);
	answer(a, &E.ra);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
}

/*
 * Mutation K08: scmia_smc_irq() hands a header over only if the claim
 * did not change while it read it. A's completion interrupt checks the
 * area (A owns it, FREE); before it reads the header, A's deadline passes
 * on another CPU (A fails, its claim ends) and B claims the area and
 * writes its command. The header the interrupt reads is B's: handing it
 * to the core would end B with an error before the platform even saw it.
 */
static struct scmia_xfer *g_b;

static void a_times_out_b_sends(void)
{
	assert_int_equal(scmia_agent_service_at(&E.agent, 1000000000u), 1);
	assert_int_equal(E.ra.calls, 1);
	assert_int_equal(E.ra.result, SCMIA_ETIMEDOUT);
	g_b = send_cmd(2, &E.rb);
}

static void test_irq_owner_changed_under_header_read(void **state)
{
	struct scmia_xfer *a;
	struct scmia_smc_stats s0, s1;

	(void)state;
	g_b = NULL;
	a = send_cmd(1, &E.ra);
	plat_reply(a->hdr);
	assert_int_equal(scmia_smc_chan_stats(&E.sc, &s0), SCMIA_OK);
	E.on_header_read = a_times_out_b_sends;
	assert_int_equal(scmia_smc_irq(&E.sc), SCMIA_EBUSY);
	assert_null(E.on_header_read);
	assert_non_null(g_b);
	assert_int_equal(scmia_smc_chan_stats(&E.sc, &s1), SCMIA_OK);
	assert_int_equal(s1.spurious, s0.spurious + 1u);
	/* B untouched: it completes with the platform's answer */
	assert_int_equal(E.rb.calls, 0);
	answer(g_b, &E.rb);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(g_b), SCMIA_OK);
}

/*
 * Mutation K09: after an owner timed out with its message still in the
 * platform's hands, only a FREE area holding that owner's header is its
 * late reply. An interrupt with anything else there is spurious: nothing
 * is handed to the core, and the late reply that does come is still
 * recognised once.
 */
static void test_late_reply_only_with_owner_header(void **state)
{
	struct scmia_xfer *a, *other;
	struct scmia_smc_stats s;

	(void)state;
	a = send_cmd(1, &E.ra);
	/* A's deadline passes while the platform holds the area */
	assert_int_equal(scmia_agent_service_at(&E.agent, 1000000000u), 1);
	assert_int_equal(E.ra.result, SCMIA_ETIMEDOUT);
	/* the area comes back FREE with another header */
	other = get(7);
	plat_reply(other->hdr);
	assert_int_equal(scmia_smc_irq(&E.sc), SCMIA_EBUSY);
	assert_int_equal(scmia_smc_chan_stats(&E.sc, &s), SCMIA_OK);
	assert_int_equal(s.late, 0);
	assert_int_equal(s.spurious, 1);
	assert_int_equal(scmia_agent_counter(&E.agent, SCMIA_CNT_EARLY), 0);
	/* A's real late reply */
	plat_reply(a->hdr);
	assert_int_equal(scmia_smc_irq(&E.sc), SCMIA_EUNEXPECTED);
	assert_int_equal(scmia_smc_chan_stats(&E.sc, &s), SCMIA_OK);
	assert_int_equal(s.late, 1);
	assert_int_equal(scmia_agent_counter(&E.agent, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(other), SCMIA_OK);
}

/*
 * Found by a clean-clone run (smc_transport, test_late_irq_after_area_reused,
 * once in a few hundred runs): A times out while the platform holds the
 * area; the platform then answers A and sets FREE, but A's completion
 * interrupt is late. B claims the area (FREE), writes its command and, at
 * the moment it clears the status to publish it, A's interrupt arrives:
 * the area still says FREE and holds B's header. It must be spurious: were
 * B's phase CALLED already, the interrupt would hand B's own message to the
 * core as B's reply.
 */
static void late_irq_now(void)
{
	E.irq_ret = scmia_smc_irq(&E.sc);
}

static void test_late_irq_while_next_sender_publishes(void **state)
{
	struct scmia_xfer *a, *b;
	struct scmia_smc_stats s0, s1;

	(void)state;
	a = send_cmd(1, &E.ra);
	assert_int_equal(scmia_agent_service_at(&E.agent, 1000000000u), 1);
	assert_int_equal(E.ra.result, SCMIA_ETIMEDOUT);
	plat_reply(a->hdr); /* A's late reply; its interrupt has not come yet */
	assert_int_equal(scmia_smc_chan_stats(&E.sc, &s0), SCMIA_OK);
	E.irq_ret = 1;
	E.on_status_clear = late_irq_now;
	b = send_cmd(2, &E.rb);
	assert_null(E.on_status_clear);
	assert_int_equal(E.irq_ret, SCMIA_EBUSY);
	assert_int_equal(scmia_smc_chan_stats(&E.sc, &s1), SCMIA_OK);
	assert_int_equal(s1.spurious, s0.spurious + 1u);
	/* B untouched: it completes with the platform's answer */
	assert_int_equal(E.rb.calls, 0);
	assert_int_equal(scmia_agent_counter(&E.agent, SCMIA_CNT_REPLIES), 0);
	answer(b, &E.rb);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fetch_refuses_transfer_not_owning_area, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_fetch_refuses_area_platform_owns, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_stray_release_leaves_owner_alone, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_irq_owner_changed_under_header_read, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_late_reply_only_with_owner_header, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_late_irq_while_next_sender_publishes, env_up,
						env_down),
	};

	return cmocka_run_group_tests_name("test_smc_guards", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guards of the PCC transport that the other tests did not catch when the
 * mutation check removed them (tests/mutate, docs/testing.md "Mutation
 * check"):
 *
 *   - pcc_fetch_response() reads the region only for its owner. The core
 *     never asks otherwise, and the header check behind it refuses a reply
 *     that names another command; so the fetch is made here through the
 *     transport's op, as a broken core would, while the owner's reply is
 *     ready and the region names the other transfer (a wrapper transport
 *     whose fetch op calls the real one).
 *   - p2a_rx() processes at most PCC_RX_LOOP_MAX messages per interrupt
 *     entry, against a platform that posts the next notification as soon
 *     as the region is handed back while a second interrupt arrives for
 *     every message.
 *
 * The real core and transport against the simulated PCC platform
 * (tests/sim/sim_pcc.h), one context, virtual time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_pcc.h"
#include "sim_pcc.h"

#define REGION 128u
#define MAX_MSG 4u
#define MSG_SIZE 100u

static struct {
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_pcc model;
	uint32_t a2p_region[REGION / 4];
	uint32_t p2a_region[REGION / 4];
	struct scmia_pcc_chan a2p_pc, p2a_pc;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
	struct scmia_transport desc; /* the PCC transport, fetch op wrapped */
	struct scmia_transport_ops ops;
	int up;
	/* the fetch made by the wrapper for another transfer */
	struct scmia_xfer *other;
	int other_ran, other_ret;
	/* p2a */
	unsigned notes, reentered, releases;
	int repost;
} E;

/* The core fetches for the owner: first, as a broken core would, for
 * E.other while the region names it (the owner's reply is there). */
static int fetch_wrapped(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer, void *cookie)
{
	const struct scmia_transport_ops *real = scmia_pcc_transport.ops;

	if (E.other && !E.other_ran && xfer != E.other &&
	    scmia_chan_dir(chan) == SCMIA_CHAN_A2P) {
		uint8_t *hdr = (uint8_t *)E.a2p_region + SCMIA_PCC_OFF_COMMAND;
		uint32_t saved = scmia_get_le32(hdr);

		E.other_ran = 1;
		scmia_put_le32(hdr, E.other->hdr);
		E.other_ret = real->fetch_response(ctx, chan, E.other, NULL);
		scmia_put_le32(hdr, saved);
	}
	return real->fetch_response(ctx, chan, xfer, cookie);
}

/* Register writes: after the p2a region is handed back (command complete
 * update), the platform posts its next notification at once. */
static int reg_read(void *ctx, const struct scmia_pcc_gas *gas, uint64_t *val)
{
	return scmia_sim_pcc_regs.read(ctx, gas, val);
}

static int reg_write(void *ctx, const struct scmia_pcc_gas *gas, uint64_t val)
{
	int ret = scmia_sim_pcc_regs.write(ctx, gas, val);

	if (!ret && E.repost && gas->address == SCMIA_SIM_PCC_REG_ADDR(0, 1, SCMIA_SIM_PCC_R_COMPLETE)) {
		E.releases++;
		(void)scmia_sim_pcc_poll(&E.model);
		(void)scmia_sim_advance(&E.sim, 1000);
	}
	return ret;
}

static const struct scmia_pcc_reg_ops regs = { .read = reg_read, .write = reg_write };

static void env_up(int immediate)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_pcc_cfg pcfg;

	memset(&E, 0, sizeof(E));
	E.up = 1;
	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_VIRTUAL;
	assert_int_equal(scmia_sim_init(&E.sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&E.sim, &E.test), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_init(&E.model, &E.sim, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_attach(&E.model, 0, E.a2p_region, sizeof(E.a2p_region),
					      &E.a2p_pc, E.p2a_region, sizeof(E.p2a_region),
					      &E.p2a_pc, SCMIA_SIM_PCC_INLINE),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_cfg_fill(&E.model, 0, 0, &pcfg), SCMIA_OK);
	pcfg.acc = &scmia_sim_pcc_acc;
	assert_int_equal(scmia_pcc_chan_init(&E.a2p_pc, &pcfg), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_cfg_fill(&E.model, 0, 1, &pcfg), SCMIA_OK);
	pcfg.acc = &scmia_sim_pcc_acc;
	pcfg.regs = &regs;
	assert_int_equal(scmia_pcc_chan_init(&E.p2a_pc, &pcfg), SCMIA_OK);

	E.ops = *scmia_pcc_transport.ops;
	E.ops.fetch_response = fetch_wrapped;
	E.desc = scmia_pcc_transport;
	E.desc.ops = &E.ops;
	memset(&acfg, 0, sizeof(acfg));
	acfg.flags = immediate ? SCMIA_AGENT_F_NOTIFY_IMMEDIATE : 0u;
	acfg.transport = &E.desc;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.a2p_pc;
	ccfg.mem = E.mem_a2p;
	ccfg.mem_size = sizeof(E.mem_a2p);
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.p2a_pc;
	ccfg.mem = E.mem_p2a;
	ccfg.mem_size = sizeof(E.mem_p2a);
	assert_int_equal(scmia_chan_open(&E.agent, &E.p2a, &ccfg), SCMIA_OK);
}

static int setup(void **state)
{
	(void)state;
	env_up(0);
	return 0;
}

static int setup_immediate(void **state)
{
	(void)state;
	env_up(1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (!E.up)
		return 0;
	E.up = 0;
	E.repost = 0;
	(void)scmia_agent_deinit(&E.agent);
	scmia_sim_pcc_deinit(&E.model);
	scmia_sim_deinit(&E.sim);
	return 0;
}

static int echo(uint32_t len)
{
	struct scmia_xfer *x = NULL;
	int ret;

	ret = scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, len, 0, &x);
	if (ret)
		return ret;
	memset(x->tx_buf, 0x5a, len);
	ret = scmia_xfer_do(x, 0);
	if (!ret && (x->rx_len != len + 4u || ((const uint8_t *)x->rx_buf)[0] != 0x5a))
		ret = SCMIA_EUNEXPECTED;
	(void)scmia_xfer_put(x);
	return ret;
}

/*
 * Mutation A01: the region is read only for the transfer that owns it.
 * A's reply is ready (A owns the region, rung); the region names B (a
 * platform answering with another command's header, or a broken core
 * asking): a fetch for B must be refused, and A still gets its reply.
 */
static void test_fetch_refuses_transfer_not_owning_region(void **state)
{
	struct scmia_xfer *b = NULL;

	(void)state;
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 8, 0,
					&b),
			 SCMIA_OK);
	E.other = b;
	assert_int_equal(echo(8), SCMIA_OK);
	assert_int_equal(E.other_ran, 1);
	assert_int_equal(E.other_ret, SCMIA_EUNEXPECTED);
	assert_int_equal(b->rx_len, 0);
	E.other = NULL;
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
}

static void trigger(uint32_t count);

static void on_event_second_irq(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	E.notes++;
	/* a second interrupt for the message being processed: turned away,
	 * the entry looks again when done */
	if (scmia_pcc_irq(&E.p2a_pc) == SCMIA_EBUSY)
		E.reentered++;
	/* the platform always has more to say (up to 100) */
	if (E.repost && E.notes < 100u)
		trigger(1);
}

static void trigger(uint32_t count)
{
	uint8_t tx[8], rx[4];

	scmia_put_le32(tx, 7);
	scmia_put_le32(tx + 4, count);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx,
				   8, rx, sizeof(rx), NULL, 0),
			 SCMIA_OK);
}

/*
 * Mutation A10: one interrupt entry processes at most 16 p2a messages.
 * The platform always has another notification to send (up to 100) and
 * posts it as soon as the region is handed back; a second interrupt
 * arrives while each one is processed. The entry must return after its bound; the next
 * interrupt goes on.
 */
static void test_p2a_entry_bounded_under_reposting_platform(void **state)
{
	struct scmia_notifier nf;
	unsigned first;

	(void)state;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_event_second_irq;
	assert_int_equal(scmia_notify_register(&E.agent, &nf), SCMIA_OK);
	trigger(1);
	E.repost = 1;
	(void)scmia_sim_pcc_poll(&E.model);
	(void)scmia_sim_advance(&E.sim, 10);
	assert_int_equal(scmia_pcc_irq(&E.p2a_pc), SCMIA_OK);
	first = E.notes;
	assert_true(E.reentered >= 2u);
	assert_true(first >= 2u);
	assert_true(first <= 16u);
	/* the next interrupt goes on where this one stopped */
	assert_int_equal(scmia_pcc_irq(&E.p2a_pc), SCMIA_OK);
	assert_true(E.notes > first);
	E.repost = 0;
	assert_int_equal(scmia_notify_unregister(&E.agent, &nf), SCMIA_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fetch_refuses_transfer_not_owning_region, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_p2a_entry_bounded_under_reposting_platform,
						setup_immediate, teardown),
	};

	return cmocka_run_group_tests_name("pcc_guards", tests, NULL, NULL);
}

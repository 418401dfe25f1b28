/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A guard of the OP-TEE transport that the other tests did not catch when
 * the mutation check removed it (tests/mutate, docs/testing.md "Mutation
 * check"): optee_fetch_response() reads the channel's buffer only for the
 * transfer that owns the channel. The core never asks otherwise, and the
 * header check behind it refuses a reply naming another command; so the
 * fetch is made here through the transport's op, as a broken core would,
 * while the owner's reply is in the buffer and the buffer names the other
 * transfer (a wrapper transport whose fetch op calls the real one).
 *
 * The real core and transport (MSG and SMT channels) against the simulated
 * OP-TEE and its SCMI pseudo TA (tests/sim/sim_optee.h), one context.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_optee.h"
#include "sim_optee.h"

#define BUF 128u
#define MAX_MSG 4u
#define MSG_SIZE 100u
#define CHAN_ID 3u

static struct {
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_optee model;
	struct scmia_sim_optee_shm shm;
	uint32_t buf[512 / 4];
	uint32_t area[BUF / 4];
	uint32_t p2a_area[BUF / 4];
	struct scmia_optee tr;
	struct scmia_optee_chan a2p_oc, p2a_oc;
	struct scmia_agent agent;
	struct scmia_chan a2p;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	struct scmia_transport desc; /* the OP-TEE transport, fetch op wrapped */
	struct scmia_transport_ops ops;
	uint8_t *hdr_word;           /* where the reply's header lies */
	int up;
	/* the fetch made by the wrapper for another transfer */
	struct scmia_xfer *other;
	int other_ran, other_ret;
} E;

/* The core fetches for the owner: first, as a broken core would, for
 * E.other while the buffer names it (the owner's reply is there). */
static int fetch_wrapped(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer, void *cookie)
{
	const struct scmia_transport_ops *real = scmia_optee_transport.ops;

	if (E.other && !E.other_ran && xfer != E.other &&
	    scmia_chan_dir(chan) == SCMIA_CHAN_A2P) {
		uint32_t saved = scmia_get_le32(E.hdr_word);

		E.other_ran = 1;
		scmia_put_le32(E.hdr_word, E.other->hdr);
		E.other_ret = real->fetch_response(ctx, chan, E.other, NULL);
		scmia_put_le32(E.hdr_word, saved);
	}
	return real->fetch_response(ctx, chan, xfer, cookie);
}

static void env_up(uint32_t mode)
{
	struct scmia_sim_cfg scfg;
	struct scmia_sim_optee_cfg mcfg;
	struct scmia_optee_cfg tcfg;
	struct scmia_optee_chan_cfg cc;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;

	memset(&E, 0, sizeof(E));
	E.up = 1;
	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_VIRTUAL;
	assert_int_equal(scmia_sim_init(&E.sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&E.sim, &E.test), SCMIA_OK);
	memset(&mcfg, 0, sizeof(mcfg));
	assert_int_equal(scmia_sim_optee_init(&E.model, &E.sim, &mcfg), SCMIA_OK);
	E.shm.base = E.buf;
	E.shm.size = sizeof(E.buf);
	assert_int_equal(scmia_sim_optee_shm_add(&E.model, &E.shm), SCMIA_OK);
	assert_int_equal(scmia_sim_optee_attach(&E.model, 0, CHAN_ID, E.area, sizeof(E.area),
						&E.a2p_oc, E.p2a_area, sizeof(E.p2a_area),
						&E.p2a_oc, 0),
			 SCMIA_OK);
	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.ops = &scmia_sim_optee_ops;
	tcfg.ctx = &E.model;
	assert_int_equal(scmia_optee_init(&E.tr, &tcfg), SCMIA_OK);
	memset(&cc, 0, sizeof(cc));
	cc.mode = mode;
	cc.channel_id = CHAN_ID;
	cc.base = mode == SCMIA_OPTEE_MODE_SMT ? (void *)E.area : (void *)E.buf;
	cc.size = mode == SCMIA_OPTEE_MODE_SMT ? sizeof(E.area) : BUF;
	cc.shm = &E.shm;
	cc.acc = &scmia_sim_optee_acc;
	assert_int_equal(scmia_optee_chan_init(&E.a2p_oc, &cc), SCMIA_OK);
	E.hdr_word = mode == SCMIA_OPTEE_MODE_SMT ? (uint8_t *)E.area + SCMIA_SMT_OFF_HEADER
						  : (uint8_t *)E.buf;

	E.ops = *scmia_optee_transport.ops;
	E.ops.fetch_response = fetch_wrapped;
	E.desc = scmia_optee_transport;
	E.desc.ops = &E.ops;
	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &E.desc;
	acfg.transport_ctx = &E.tr;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.a2p_oc;
	ccfg.mem = E.mem_a2p;
	ccfg.mem_size = sizeof(E.mem_a2p);
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
}

static int setup_msg(void **state)
{
	(void)state;
	env_up(SCMIA_OPTEE_MODE_MSG);
	return 0;
}

static int setup_smt(void **state)
{
	(void)state;
	env_up(SCMIA_OPTEE_MODE_SMT);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (!E.up)
		return 0;
	E.up = 0;
	(void)scmia_agent_deinit(&E.agent);
	scmia_sim_optee_deinit(&E.model);
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
 * Mutation O01: the channel's buffer is read only for the transfer that
 * owns it. A's invoke returned with its reply; the buffer names B: a fetch
 * for B (never sent) must be refused, and A still gets its reply.
 */
static void test_fetch_refuses_transfer_not_owning_channel(void **state)
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fetch_refuses_transfer_not_owning_channel,
						setup_msg, teardown),
		cmocka_unit_test_setup_teardown(test_fetch_refuses_transfer_not_owning_channel,
						setup_smt, teardown),
	};

	return cmocka_run_group_tests_name("optee_guards", tests, NULL, NULL);
}

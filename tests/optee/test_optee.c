/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OP-TEE transport tests (label optee): the real core and transport against
 * the simulated OP-TEE with its SCMI pseudo TA (tests/sim/sim_optee.h), and
 * hooks in front of it that answer exactly what a test needs.
 *
 * PTA facts used (OP-TEE core/pta/scmi.c, lib/libutee/include/
 * pta_scmi_client.h): UUID a8cfe406-d4f5-4a2e-9f8d-a25dc754c099; commands
 * 0 CAPABILITIES (value out), 1 PROCESS_SMT_CHANNEL (value in), 2
 * PROCESS_SMT_CHANNEL_MESSAGE (value in, memref inout >= 128 bytes), 3
 * GET_CHANNEL_HANDLE (value inout), 4 PROCESS_MSG_CHANNEL (value in, memref
 * in, memref out); capabilities bit 0 SMT, bit 1 MSG. TEE results are the
 * GlobalPlatform TEEC_* codes. ECHO (vendor protocol 0x80, msg 0x3)
 * answers the bytes it got plus the sim's checksum of the command header
 * and payload, so every reply proves it belongs to its own command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_optee.h"
#include "scmia_posix.h"
#include "sim_optee.h"

#define BUF 128u
#define MAX_MSG 8u
#define MSG_SIZE 100u
#define CHAN_ID 3u

/* ------------------------------------------------------------------ */
/* Environment                                                         */
/* ------------------------------------------------------------------ */

struct opts {
	uint32_t mode;            /* SCMIA_OPTEE_MODE_*; default MSG */
	uint32_t caps;            /* model's capabilities; 0: SMT | MSG */
	uint32_t buf_size;        /* a2p buffer size; 0: BUF */
	uint32_t busy_timeout_us; /* channel's */
	int p2a;                  /* open a p2a channel too */
	int threaded;             /* POSIX agent, engine runner on CLOCK_MONOTONIC */
	int no_open;              /* stop after the agent init */
	const struct scmia_optee_ops *ops; /* hooks; default: the model's */
	struct scmia_sim_optee_rule pre;   /* a script rule set before the agent init */
	uint32_t latency_us;      /* the platform's latency per response */
};

struct env {
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_optee model;
	struct scmia_sim_optee_shm shm;
	uint32_t buf[512 / 4];
	uint32_t area[BUF / 4];   /* static SMT area */
	uint32_t p2a_area[BUF / 4];
	struct scmia_optee tr;
	struct scmia_optee_chan a2p_oc, p2a_oc;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
	struct scmia_posix posix;
	struct scmia_posix_wait waits[MAX_MSG];
	int posix_up, agent_up, threaded, up;
	int init_ret, open_ret;
	/* stray mark_txdone the wrapping hook issues inside an invoke */
	struct scmia_xfer *stray;
	unsigned wrapped;
};

static struct env E;
static const struct opts O0;

static void env_up(const struct opts *o)
{
	struct scmia_sim_cfg scfg;
	struct scmia_sim_optee_cfg mcfg;
	struct scmia_optee_cfg tcfg;
	struct scmia_optee_chan_cfg cc;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	uint32_t mode = o->mode ? o->mode : SCMIA_OPTEE_MODE_MSG;

	memset(&E, 0, sizeof(E));
	E.up = 1;
	E.threaded = o->threaded;
	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = o->threaded ? SCMIA_SIM_CLOCK_MONOTONIC : SCMIA_SIM_CLOCK_VIRTUAL;
	scfg.latency_us = o->latency_us;
	assert_int_equal(scmia_sim_init(&E.sim, &scfg), SCMIA_OK);
	E.test.async_delay_us = 2000u;
	assert_int_equal(scmia_sim_test_register(&E.sim, &E.test), SCMIA_OK);
	memset(&mcfg, 0, sizeof(mcfg));
	mcfg.caps = o->caps;
	assert_int_equal(scmia_sim_optee_init(&E.model, &E.sim, &mcfg), SCMIA_OK);
	E.shm.base = E.buf;
	E.shm.size = sizeof(E.buf);
	assert_int_equal(scmia_sim_optee_shm_add(&E.model, &E.shm), SCMIA_OK);
	if (o->pre.act)
		assert_int_equal(scmia_sim_optee_script(&E.model, &o->pre), SCMIA_OK);
	assert_int_equal(scmia_sim_optee_attach(&E.model, 0, CHAN_ID, E.area, sizeof(E.area),
						&E.a2p_oc, E.p2a_area, sizeof(E.p2a_area),
						&E.p2a_oc,
						SCMIA_SIM_OPTEE_IRQ | SCMIA_SIM_OPTEE_ACK),
			 SCMIA_OK);

	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.ops = o->ops ? o->ops : &scmia_sim_optee_ops;
	tcfg.ctx = &E.model;
	assert_int_equal(scmia_optee_init(&E.tr, &tcfg), SCMIA_OK);
	memset(&cc, 0, sizeof(cc));
	cc.mode = mode;
	cc.channel_id = CHAN_ID;
	cc.base = mode == SCMIA_OPTEE_MODE_SMT ? (void *)E.area : (void *)E.buf;
	cc.size = mode == SCMIA_OPTEE_MODE_SMT ? sizeof(E.area) : (o->buf_size ? o->buf_size : BUF);
	cc.shm = &E.shm;
	cc.acc = &scmia_sim_optee_acc;
	cc.busy_timeout_us = o->busy_timeout_us;
	assert_int_equal(scmia_optee_chan_init(&E.a2p_oc, &cc), SCMIA_OK);
	memset(&cc, 0, sizeof(cc));
	cc.base = E.p2a_area;
	cc.size = sizeof(E.p2a_area);
	cc.acc = &scmia_sim_optee_acc;
	cc.ack = scmia_sim_optee_ack;
	cc.ack_ctx = &E.model;
	assert_int_equal(scmia_optee_chan_init(&E.p2a_oc, &cc), SCMIA_OK);

	memset(&acfg, 0, sizeof(acfg));
	if (o->threaded) {
		assert_int_equal(scmia_posix_init(&E.posix), SCMIA_OK);
		E.posix.log_level = -1;
		assert_int_equal(scmia_posix_wait_init(E.waits, MAX_MSG), SCMIA_OK);
		E.posix_up = 1;
		acfg.os = &scmia_posix_os_ops;
		acfg.os_ctx = &E.posix;
	}
	acfg.transport = &scmia_optee_transport;
	acfg.transport_ctx = &E.tr;
	E.init_ret = scmia_agent_init(&E.agent, &acfg);
	if (E.init_ret)
		return;
	E.agent_up = 1;
	if (o->no_open)
		return;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.a2p_oc;
	ccfg.mem = E.mem_a2p;
	ccfg.mem_size = sizeof(E.mem_a2p);
	if (o->threaded) {
		ccfg.wait_objs = E.waits;
		ccfg.wait_obj_stride = sizeof(E.waits[0]);
	}
	E.open_ret = scmia_chan_open(&E.agent, &E.a2p, &ccfg);
	if (E.open_ret)
		return;
	if (o->p2a) {
		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_P2A;
		ccfg.max_msg = MAX_MSG;
		ccfg.msg_size = MSG_SIZE;
		ccfg.chan_ctx = &E.p2a_oc;
		ccfg.mem = E.mem_p2a;
		ccfg.mem_size = sizeof(E.mem_p2a);
		E.open_ret = scmia_chan_open(&E.agent, &E.p2a, &ccfg);
		if (E.open_ret)
			return;
	}
	if (o->threaded)
		assert_int_equal(scmia_sim_start(&E.sim), SCMIA_OK);
}

static void env_down(void)
{
	if (!E.up)
		return;
	E.up = 0;
	if (E.threaded)
		scmia_sim_stop(&E.sim);
	if (E.agent_up)
		(void)scmia_agent_deinit(&E.agent);
	E.agent_up = 0;
	scmia_sim_optee_deinit(&E.model);
	scmia_sim_deinit(&E.sim);
	if (E.posix_up) {
		scmia_posix_wait_deinit(E.waits, MAX_MSG);
		scmia_posix_deinit(&E.posix);
	}
	E.posix_up = 0;
}

static struct scmia_optee_stats istats(void)
{
	struct scmia_optee_stats s;

	assert_int_equal(scmia_optee_stats_get(&E.tr, &s), SCMIA_OK);
	return s;
}

static struct scmia_sim_optee_stats mstats(void)
{
	struct scmia_sim_optee_stats s;

	scmia_sim_optee_stats(&E.model, &s);
	return s;
}

static void rule(uint8_t cmd, uint8_t act, int64_t arg)
{
	struct scmia_sim_optee_rule r;

	memset(&r, 0, sizeof(r));
	r.cmd = cmd;
	r.act = act;
	r.arg = arg;
	assert_int_equal(scmia_sim_optee_script(&E.model, &r), SCMIA_OK);
}

/* ECHO @len bytes: SCMIA_OK only when the reply is exactly this command's. */
static int echo(uint32_t seed, uint32_t len)
{
	struct scmia_xfer *x = NULL;
	uint8_t tx[64];
	uint32_t i;
	int ret;

	assert_true(len <= sizeof(tx));
	for (i = 0; i < len; i++)
		tx[i] = (uint8_t)(seed + i * 13u);
	ret = scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, len, 0, &x);
	if (ret)
		return ret;
	memcpy(x->tx_buf, tx, len);
	ret = scmia_xfer_do(x, 0);
	if (ret == SCMIA_OK &&
	    (x->rx_len != len + 4u || memcmp(x->rx_buf, tx, len) != 0 ||
	     scmia_get_le32((const uint8_t *)x->rx_buf + len) != scmia_sim_checksum(x->hdr, tx, len)))
		ret = SCMIA_EUNEXPECTED;
	scmia_xfer_put(x);
	return ret;
}

static uint32_t cnt(enum scmia_counter c)
{
	return scmia_agent_counter(&E.agent, c);
}

static uint32_t area_status(uint32_t *mem)
{
	return scmia_get_le32(&mem[SCMIA_SMT_OFF_STATUS / 4u]);
}

/* ------------------------------------------------------------------ */
/* Discovery: session, capabilities, channel handle                    */
/* ------------------------------------------------------------------ */

static void test_init_caps_and_sessions(void **state)
{
	struct opts o = O0;
	uint32_t handle = 0, ext = 1;

	(void)state;
	o.no_open = 1;
	env_up(&o);
	assert_int_equal(E.init_ret, SCMIA_OK);
	/* The init's session was used for CAPABILITIES and closed. */
	assert_int_equal(scmia_optee_caps(&E.tr, &ext),
			 SCMIA_OPTEE_CAPS_SMT_HEADER | SCMIA_OPTEE_CAPS_MSG_HEADER);
	assert_int_equal(ext, 0);
	assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 0);
	assert_int_equal(mstats().opens, 1);
	env_down();

	env_up(&O0);
	assert_int_equal(E.open_ret, SCMIA_OK);
	/* The channel holds its own session and the PTA's handle (not its id). */
	assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 1);
	assert_int_equal(scmia_optee_chan_handle(&E.a2p_oc, &handle), SCMIA_OK);
	assert_int_equal(handle, SCMIA_SIM_OPTEE_HANDLE(0));
	assert_int_equal(echo(1, 16), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 0);
	assert_int_equal(scmia_optee_chan_handle(&E.a2p_oc, &handle), SCMIA_ESTATE);
	assert_int_equal(mstats().bad_session, 0);
	env_down();
}

/* Capabilities are the TEE's: a word with neither SMT nor MSG, or only bits
 * we do not know, means the transport is not there. */
static void test_caps_untrusted(void **state)
{
	static const uint64_t bad[] = { 0, 0x4, 0x80000000u, 0xfffffffcu };
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct opts o = O0;

		o.no_open = 1;
		o.pre.cmd = SCMIA_OPTEE_CMD_CAPABILITIES;
		o.pre.act = SCMIA_SIM_OPTEE_ACT_VALUE;
		o.pre.arg = (int64_t)bad[i];
		env_up(&o);
		assert_int_equal(E.init_ret, SCMIA_ENOTSUP);
		assert_int_equal(istats().bad_caps, 1);
		assert_int_equal(scmia_optee_caps(&E.tr, NULL), 0);
		assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 0);
		env_down();
	}

	/* Known bits plus unknown ones: the known ones count. */
	{
		struct opts o = O0;

		o.no_open = 1;
		o.pre.cmd = SCMIA_OPTEE_CMD_CAPABILITIES;
		o.pre.act = SCMIA_SIM_OPTEE_ACT_VALUE;
		o.pre.arg = (int64_t)(SCMIA_OPTEE_CAPS_SMT_HEADER | 0x84u);
		env_up(&o);
		assert_int_equal(E.init_ret, SCMIA_OK);
		assert_int_equal(scmia_optee_caps(&E.tr, NULL), SCMIA_OPTEE_CAPS_SMT_HEADER);
		assert_int_equal(istats().bad_caps, 0);
		env_down();
	}
}

/* The PTA offers SMT only: an MSG channel does not open (ENOTSUP), nothing
 * asked of the TEE for it. */
static void test_mode_not_offered(void **state)
{
	struct opts o = O0;

	(void)state;
	o.caps = SCMIA_OPTEE_CAPS_SMT_HEADER;
	o.mode = SCMIA_OPTEE_MODE_MSG;
	env_up(&o);
	assert_int_equal(E.open_ret, SCMIA_ENOTSUP);
	assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 0);
	/* refused locally: the PTA was not asked */
	assert_int_equal(istats().sessions, 1);
	assert_int_equal(istats().invokes, 1);
	env_down();
}

/* open_session and CAPABILITIES failures, each mapped to its own error. */
static void test_tee_errors_at_init(void **state)
{
	static const struct {
		uint8_t cmd, act;
		int64_t arg;
		int want;
	} c[] = {
		{ SCMIA_SIM_OPTEE_ON_OPEN, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
		  SCMIA_OPTEE_TEEC_ERROR_ITEM_NOT_FOUND, SCMIA_ENOTSUP },
		{ SCMIA_SIM_OPTEE_ON_OPEN, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
		  SCMIA_OPTEE_TEEC_ERROR_ACCESS_DENIED, SCMIA_ENOTSUP },
		{ SCMIA_SIM_OPTEE_ON_OPEN, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
		  SCMIA_OPTEE_TEEC_ERROR_COMMUNICATION, SCMIA_EIO },
		{ SCMIA_SIM_OPTEE_ON_OPEN, SCMIA_SIM_OPTEE_ACT_HOST_ERR, SCMIA_EAGAIN, SCMIA_EAGAIN },
		{ SCMIA_SIM_OPTEE_ON_OPEN, SCMIA_SIM_OPTEE_ACT_HOST_ERR, 7, SCMIA_EIO },
		{ SCMIA_OPTEE_CMD_CAPABILITIES, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
		  SCMIA_OPTEE_TEEC_ERROR_NOT_SUPPORTED, SCMIA_ENOTSUP },
		{ SCMIA_OPTEE_CMD_CAPABILITIES, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
		  SCMIA_OPTEE_TEEC_ERROR_NOT_IMPLEMENTED, SCMIA_ENOTSUP },
		{ SCMIA_OPTEE_CMD_CAPABILITIES, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
		  SCMIA_OPTEE_TEEC_ERROR_BUSY, SCMIA_EBUSY },
		{ SCMIA_OPTEE_CMD_CAPABILITIES, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
		  SCMIA_OPTEE_TEEC_ERROR_GENERIC, SCMIA_EIO },
		{ SCMIA_OPTEE_CMD_CAPABILITIES, SCMIA_SIM_OPTEE_ACT_HOST_ERR, SCMIA_EIO, SCMIA_EIO },
		{ SCMIA_OPTEE_CMD_CAPABILITIES, SCMIA_SIM_OPTEE_ACT_HOST_ERR, 5, SCMIA_EIO },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct opts o = O0;
		struct scmia_optee_stats s;

		o.no_open = 1;
		o.pre.cmd = c[i].cmd;
		o.pre.act = c[i].act;
		o.pre.arg = c[i].arg;
		env_up(&o);
		assert_int_equal(E.init_ret, c[i].want);
		s = istats();
		if (c[i].cmd == SCMIA_SIM_OPTEE_ON_OPEN) {
			assert_int_equal(s.session_errors, 1);
			assert_int_equal(s.invokes, 0);
		} else {
			assert_int_equal(s.invokes, 1);
			assert_int_equal(s.tee_errors + s.host_errors, 1);
		}
		assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 0);
		env_down();
	}
}

/* GET_CHANNEL_HANDLE refused (unknown channel id): the open fails and the
 * channel's session is closed again. */
static void test_handle_refused_no_session_leak(void **state)
{
	(void)state;
	env_up(&O0);
	assert_int_equal(E.open_ret, SCMIA_OK);
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	rule(SCMIA_OPTEE_CMD_GET_CHANNEL_HANDLE, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
	     SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS);
	{
		struct scmia_chan_cfg ccfg;

		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_A2P;
		ccfg.max_msg = MAX_MSG;
		ccfg.msg_size = MSG_SIZE;
		ccfg.chan_ctx = &E.a2p_oc;
		ccfg.mem = E.mem_a2p;
		ccfg.mem_size = sizeof(E.mem_a2p);
		assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_EIO);
		assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 0);
		/* and it opens when the PTA agrees */
		assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
		assert_int_equal(echo(3, 8), SCMIA_OK);
	}
	env_down();
}

/* The handle is what PROCESS_* names: a PTA giving another handle than the
 * id (the model's are not ids) is followed. */
static void test_handle_is_used(void **state)
{
	(void)state;
	env_up(&O0);
	assert_int_equal(echo(5, 4), SCMIA_OK);
	assert_int_equal(mstats().bad_handle, 0);
	env_down();
}

/* One context for two channels: refused. */
static void test_context_bound_once(void **state)
{
	struct scmia_chan_cfg ccfg;
	struct scmia_chan other;

	(void)state;
	env_up(&O0);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.proto_id = SCMIA_SIM_TEST_PROTO;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.a2p_oc;
	ccfg.mem = E.mem_p2a;
	ccfg.mem_size = sizeof(E.mem_p2a);
	{
		uint32_t opens = mstats().opens;

		assert_int_equal(scmia_chan_open(&E.agent, &other, &ccfg), SCMIA_ESTATE);
		assert_int_equal(mstats().opens, opens); /* refused before the TEE is asked */
	}
	assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 1);
	assert_int_equal(echo(9, 8), SCMIA_OK);
	env_down();
}

/* ------------------------------------------------------------------ */
/* Messages in each mode                                               */
/* ------------------------------------------------------------------ */

static void run_modes(uint32_t mode)
{
	struct opts o = O0;
	uint32_t i;

	o.mode = mode;
	env_up(&o);
	assert_int_equal(E.open_ret, SCMIA_OK);
	for (i = 0; i < 40; i++)
		assert_int_equal(echo(i, i % 33u), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 40);
	assert_int_equal(mstats().commands, 40);
	assert_int_equal(mstats().bad_params, 0);
	assert_int_equal(mstats().overlap, 0);
	env_down();
}

static void test_mode_smt(void **state)
{
	(void)state;
	run_modes(SCMIA_OPTEE_MODE_SMT);
}

static void test_mode_smt_shm(void **state)
{
	(void)state;
	run_modes(SCMIA_OPTEE_MODE_SMT_SHM);
}

static void test_mode_msg(void **state)
{
	(void)state;
	run_modes(SCMIA_OPTEE_MODE_MSG);
}

/* A command that does not fit the MSG buffer is refused before any invoke. */
static void test_msg_too_big(void **state)
{
	struct opts o = O0;
	uint32_t inv;

	(void)state;
	o.buf_size = 24;
	env_up(&o);
	inv = istats().invokes;
	assert_int_equal(echo(1, 24), SCMIA_ENOSPC);
	assert_int_equal(istats().invokes, inv);
	assert_int_equal(echo(1, 8), SCMIA_OK); /* 8 + 4 + 4 + 4 bytes back: fits */
	env_down();
}

/* ------------------------------------------------------------------ */
/* What the TEE hands back is untrusted                                */
/* ------------------------------------------------------------------ */

/* MSG: the response size the TEE reports, larger than the buffer, shorter
 * than a status, zero: each refused with its own error, never read past. */
static void test_msg_out_size(void **state)
{
	static const struct {
		int64_t size;
		int want;
	} c[] = {
		{ BUF + 1, SCMIA_EMALFORMED }, { 0x7fffffff, SCMIA_EMALFORMED },
		{ (int64_t)1 << 40, SCMIA_EMALFORMED }, { 7, SCMIA_ETOOSHORT },
		{ 3, SCMIA_ETOOSHORT }, { 0, SCMIA_ETOOSHORT },
	};
	unsigned i;

	(void)state;
	env_up(&O0);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct scmia_optee_stats s0 = istats(), s1;

		rule(SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL, SCMIA_SIM_OPTEE_ACT_OUT_SIZE, c[i].size);
		assert_int_equal(echo(i, 12), c[i].want);
		s1 = istats();
		if (c[i].want == SCMIA_EMALFORMED)
			assert_int_equal(s1.bad_size, s0.bad_size + 1u);
		else
			assert_int_equal(s1.bad_reply, s0.bad_reply + 1u);
		/* the channel is free again: the next command is fine */
		assert_int_equal(echo(i + 100u, 12), SCMIA_OK);
	}
	env_down();
}

/* A reply whose header is not the command's (token, type, reserved bits,
 * protocol): refused in every mode; the core never gets a reply for a
 * message it did not send. */
static void check_bad_header(uint32_t mode)
{
	static const int64_t flips[] = {
		1 << 18,              /* token */
		2 << 8,               /* type: delayed response */
		3 << 8,               /* type: notification */
		(int64_t)1 << 28,     /* reserved */
		1 << 10,              /* protocol */
		1,                    /* message id */
	};
	struct opts o = O0;
	unsigned i;

	o.mode = mode;
	env_up(&o);
	for (i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
		struct scmia_sim_fault f;
		uint32_t br = istats().bad_reply;

		memset(&f, 0, sizeof(f));
		f.match = SCMIA_SIM_FM_PROTO;
		f.proto_id = SCMIA_SIM_TEST_PROTO;
		f.target = SCMIA_SIM_FT_RESP;
		f.action = SCMIA_SIM_FA_CORRUPT_HDR;
		f.count = 1;
		f.arg = flips[i];
		assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
		assert_int_equal(echo(i, 8), SCMIA_EUNEXPECTED);
		assert_int_equal(istats().bad_reply, br + 1u);
		scmia_sim_fault_clear(&E.sim);
		assert_int_equal(echo(i + 50u, 8), SCMIA_OK);
	}
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), sizeof(flips) / sizeof(flips[0]));
	env_down();
}

static void test_bad_header_msg(void **state)
{
	(void)state;
	check_bad_header(SCMIA_OPTEE_MODE_MSG);
}

static void test_bad_header_smt(void **state)
{
	(void)state;
	check_bad_header(SCMIA_OPTEE_MODE_SMT);
	check_bad_header(SCMIA_OPTEE_MODE_SMT_SHM);
}

/* SMT: the invoke returned but the area was not handed back (FREE not
 * set): no reply to fetch (EPROTO, not_done). A shm area is ours between
 * invokes: the next send goes at once. */
static void test_smt_shm_not_done(void **state)
{
	struct opts o = O0;

	(void)state;
	o.mode = SCMIA_OPTEE_MODE_SMT_SHM;
	env_up(&o);
	rule(SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE, SCMIA_SIM_OPTEE_ACT_SKIP, 0);
	assert_int_equal(echo(1, 8), SCMIA_EPROTO);
	assert_int_equal(istats().not_done, 1);
	assert_int_equal(echo(2, 8), SCMIA_OK);
	env_down();
}

/* A static area left taken by the platform: the next send waits for FREE,
 * bounded, and gives up without invoking (EBUSY); once the platform frees
 * it, traffic resumes. */
static void test_smt_static_not_done(void **state)
{
	struct opts o = O0;
	uint32_t inv;

	(void)state;
	o.mode = SCMIA_OPTEE_MODE_SMT;
	o.busy_timeout_us = 3000;
	env_up(&o);
	rule(SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL, SCMIA_SIM_OPTEE_ACT_SKIP, 0);
	assert_int_equal(echo(1, 8), SCMIA_EPROTO);
	assert_int_equal(istats().not_done, 1);
	assert_int_equal(area_status(E.area) & SCMIA_SMT_STATUS_FREE, 0);
	inv = istats().invokes;
	assert_int_equal(echo(2, 8), SCMIA_EBUSY);
	assert_int_equal(istats().invokes, inv);
	assert_int_equal(istats().channel_busy, 1);
	/* the platform hands it back */
	assert_int_equal(scmia_smt_area_write32(scmia_optee_chan_area(&E.a2p_oc),
						SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE),
			 SCMIA_OK);
	assert_int_equal(echo(3, 8), SCMIA_OK);
	env_down();
}

/* A TEE error on a static area: the invoke is over for the TEE, so the
 * area is handed back and the next send does not wait for a FREE that
 * never comes. */
static void test_smt_static_tee_error_frees(void **state)
{
	struct opts o = O0;

	(void)state;
	o.mode = SCMIA_OPTEE_MODE_SMT;
	o.busy_timeout_us = 3000;
	env_up(&o);
	rule(SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL, SCMIA_SIM_OPTEE_ACT_TEE_ERR,
	     SCMIA_OPTEE_TEEC_ERROR_GENERIC);
	assert_int_equal(echo(1, 8), SCMIA_EIO);
	assert_true(area_status(E.area) & SCMIA_SMT_STATUS_FREE);
	assert_int_equal(echo(2, 8), SCMIA_OK);
	assert_int_equal(istats().channel_busy, 0);
	env_down();
}

/* ERROR bit in the area: EPROTO, counted. */
static void test_smt_error_bit(void **state)
{
	struct opts o = O0;

	(void)state;
	o.mode = SCMIA_OPTEE_MODE_SMT_SHM;
	env_up(&o);
	rule(SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE, SCMIA_SIM_OPTEE_ACT_SMT_ERROR, 0);
	assert_int_equal(echo(1, 8), SCMIA_EPROTO);
	assert_int_equal(istats().bad_reply, 1);
	assert_int_equal(echo(2, 8), SCMIA_OK);
	env_down();
}

/* TEE errors and host failures of a PROCESS invoke: each mapped, counted,
 * and the channel released for the next sender. */
static void test_process_errors(void **state)
{
	static const struct {
		uint8_t act;
		int64_t arg;
		int want;
	} c[] = {
		{ SCMIA_SIM_OPTEE_ACT_TEE_ERR, SCMIA_OPTEE_TEEC_ERROR_BUSY, SCMIA_EBUSY },
		{ SCMIA_SIM_OPTEE_ACT_TEE_ERR, SCMIA_OPTEE_TEEC_ERROR_NOT_SUPPORTED, SCMIA_ENOTSUP },
		{ SCMIA_SIM_OPTEE_ACT_TEE_ERR, SCMIA_OPTEE_TEEC_ERROR_TARGET_DEAD, SCMIA_EIO },
		{ SCMIA_SIM_OPTEE_ACT_TEE_ERR, 0x12345678, SCMIA_EIO },
		{ SCMIA_SIM_OPTEE_ACT_HOST_ERR, SCMIA_EIO, SCMIA_EIO },
		{ SCMIA_SIM_OPTEE_ACT_HOST_ERR, SCMIA_EAGAIN, SCMIA_EAGAIN },
		{ SCMIA_SIM_OPTEE_ACT_HOST_ERR, 1, SCMIA_EIO },
	};
	unsigned i;

	(void)state;
	env_up(&O0);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct scmia_optee_chan_stats cs0, cs1;

		assert_int_equal(scmia_optee_chan_stats_get(&E.a2p_oc, &cs0), SCMIA_OK);
		rule(SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL, c[i].act, c[i].arg);
		assert_int_equal(echo(i, 8), c[i].want);
		assert_int_equal(scmia_optee_chan_stats_get(&E.a2p_oc, &cs1), SCMIA_OK);
		assert_int_equal(cs1.errors, cs0.errors + 1u);
		assert_int_equal(echo(i, 8), SCMIA_OK);
	}
	assert_int_equal(istats().host_errors, 3);
	assert_int_equal(istats().busy, 1);
	assert_int_equal(istats().not_supported, 1);
	env_down();
}

/* ------------------------------------------------------------------ */
/* Channel ownership                                                   */
/* ------------------------------------------------------------------ */

/* A mark_txdone for a transfer that does not own the channel (a duplicate,
 * or one arriving after its waiter woke and another sender claimed) frees
 * nobody's claim: issued from inside the owner's invoke, the owner still
 * fetches its own reply. */
static int wrap_invoke(void *ctx, uint32_t session, uint32_t cmd,
		       struct scmia_optee_param p[SCMIA_OPTEE_NUM_PARAMS], uint32_t *tee_ret)
{
	if (cmd == SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL && E.stray) {
		scmia_optee_transport.ops->mark_txdone(&E.tr, &E.a2p, SCMIA_ETIMEDOUT, E.stray);
		E.wrapped++;
	}
	return scmia_sim_optee_ops.invoke(ctx, session, cmd, p, tee_ret);
}

static int wrap_open(void *ctx, const uint8_t uuid[16], uint32_t *s, uint32_t *r)
{
	return scmia_sim_optee_ops.open_session(ctx, uuid, s, r);
}

static void wrap_close(void *ctx, uint32_t s)
{
	scmia_sim_optee_ops.close_session(ctx, s);
}

static const struct scmia_optee_ops wrap_ops = {
	.open_session = wrap_open,
	.invoke = wrap_invoke,
	.close_session = wrap_close,
};

static void test_stray_txdone_keeps_claim(void **state)
{
	struct opts o = O0;
	struct scmia_xfer *stray = NULL;

	(void)state;
	o.ops = &wrap_ops;
	env_up(&o);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&stray),
			 SCMIA_OK);
	E.stray = stray;
	assert_int_equal(echo(7, 16), SCMIA_OK);
	assert_int_equal(E.wrapped, 1);
	E.stray = NULL;
	scmia_xfer_put(stray);
	/* and a late mark_txdone of the finished owner changes nothing */
	assert_int_equal(echo(8, 16), SCMIA_OK);
	env_down();
}

/* fetch_response for a transfer that does not own the channel (or before
 * its invoke returned) is refused, never copies the buffer. */
static void test_fetch_needs_owner(void **state)
{
	struct scmia_optee_chan_stats cs;
	struct scmia_xfer *x = NULL;

	(void)state;
	env_up(&O0);
	assert_int_equal(echo(1, 8), SCMIA_OK); /* a reply lies in the buffer */
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 8, 0,
					&x),
			 SCMIA_OK);
	/* a reply that would fit x lies in the buffer, x never sent */
	scmia_put_le32(&E.buf[0], x->hdr);
	scmia_put_le32(&E.buf[1], 0);
	assert_int_equal(scmia_optee_transport.ops->fetch_response(&E.tr, &E.a2p, x, NULL),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(x->rx_len, 0);
	assert_int_equal(scmia_optee_transport.ops->poll_done(&E.tr, &E.a2p, x), 0);
	assert_int_equal(scmia_optee_chan_stats_get(&E.a2p_oc, &cs), SCMIA_OK);
	assert_int_equal(cs.errors, 1);
	scmia_xfer_put(x);
	env_down();
}

/* An a2p channel has no interrupt: a call is spurious, counted. */
static void test_irq_on_a2p(void **state)
{
	struct scmia_optee_chan_stats cs;

	(void)state;
	env_up(&O0);
	assert_int_equal(scmia_optee_irq(&E.a2p_oc), SCMIA_ENOTSUP);
	assert_int_equal(scmia_optee_chan_stats_get(&E.a2p_oc, &cs), SCMIA_OK);
	assert_int_equal(cs.spurious, 1);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(scmia_optee_irq(NULL), SCMIA_EINVAL);
	env_down();
}

struct burst {
	unsigned n, bad;
	uint32_t seed;
};

static void *burst_main(void *arg)
{
	struct burst *b = arg;
	unsigned i;

	for (i = 0; i < b->n; i++)
		if (echo(b->seed + i, (b->seed + i) % 29u) != SCMIA_OK)
			b->bad++;
	return NULL;
}

/* Several threads on one channel: the PTA never sees two invokes on it at
 * once (the model answers BUSY and counts an overlap if it does), and every
 * reply is its own command's. */
static void test_threads_serialised(void **state)
{
	struct opts o = O0;
	struct burst b[4];
	pthread_t th[4];
	unsigned i;

	(void)state;
	o.threaded = 1;
	o.busy_timeout_us = 2000000u;
	o.latency_us = 500; /* each invoke waits for the platform: senders meet */
	env_up(&o);
	for (i = 0; i < 4; i++) {
		b[i].n = 60;
		b[i].bad = 0;
		b[i].seed = 1000u * i;
		assert_int_equal(pthread_create(&th[i], NULL, burst_main, &b[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(b[i].bad, 0);
	}
	assert_int_equal(mstats().overlap, 0);
	assert_int_equal(mstats().commands, 240);
	env_down();
}

static void *slow_main(void *arg)
{
	uint8_t tx[4], rx[8];
	int *ret = arg;

	scmia_put_le32(tx, 60);
	*ret = scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx, sizeof(rx),
			 NULL, 0);
	return NULL;
}

/* A second sender while a slow invoke holds the channel: it waits, bounded,
 * and gives up without invoking (EBUSY, counted). The slow one completes
 * on return, however long the TEE took. */
static void test_busy_channel(void **state)
{
	struct opts o = O0;
	pthread_t th;
	int slow_ret = -100;
	unsigned waited;

	(void)state;
	o.threaded = 1;
	o.busy_timeout_us = 5000;
	env_up(&o);
	assert_int_equal(pthread_create(&th, NULL, slow_main, &slow_ret), 0);
	for (waited = 0; waited < 2000 && mstats().commands == 0; waited++)
		usleep(1000);
	assert_int_equal(mstats().commands, 1);
	assert_int_equal(echo(1, 8), SCMIA_EBUSY);
	assert_int_equal(istats().channel_busy, 1);
	pthread_join(th, NULL);
	assert_int_equal(slow_ret, SCMIA_OK);
	assert_int_equal(mstats().commands, 1);
	assert_int_equal(echo(2, 8), SCMIA_OK);
	env_down();
}

/* ------------------------------------------------------------------ */
/* p2a: delayed responses and notifications in the SMT p2a area        */
/* ------------------------------------------------------------------ */

static unsigned notified;

static void on_event(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	__atomic_fetch_add(&notified, 1u, __ATOMIC_RELAXED);
}

static void test_p2a(void **state)
{
	struct opts o = O0;
	struct scmia_notifier nf;
	struct scmia_xfer *x = NULL;
	uint8_t tx[8], rx[4];
	unsigned waited;

	(void)state;
	o.threaded = 1;
	o.p2a = 1;
	env_up(&o);
	assert_int_equal(E.open_ret, SCMIA_OK);

	/* asynchronous command: response on return, delayed response later */
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO,
					SCMIA_SIM_TEST_ASYNC_WORK, 4, 0, &x),
			 SCMIA_OK);
	scmia_put_le32(x->tx_buf, 0x55u);
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_ASYNC), SCMIA_OK);
	assert_true(x->rx_len >= 4);
	assert_int_equal(scmia_get_le32(x->rx_buf), scmia_sim_test_async_value(0x55u));
	scmia_xfer_put(x);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 1);

	/* notification */
	notified = 0;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_event;
	assert_int_equal(scmia_notify_register(&E.agent, &nf), SCMIA_OK);
	scmia_put_le32(tx, 7);
	scmia_put_le32(tx + 4, 3);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx,
				   8, rx, sizeof(rx), NULL, 0),
			 SCMIA_OK);
	for (waited = 0; waited < 2000 && __atomic_load_n(&notified, __ATOMIC_RELAXED) < 3;
	     waited++) {
		scmia_notify_dispatch(&E.agent, 0);
		usleep(1000);
	}
	assert_int_equal(__atomic_load_n(&notified, __ATOMIC_RELAXED), 3);
	scmia_notify_unregister(&E.agent, &nf);
	/* every p2a message asked for the completion doorbell and got it */
	for (waited = 0; waited < 1000 && mstats().acks < mstats().p2a_msgs; waited++)
		usleep(1000);
	assert_int_equal(mstats().acks, mstats().p2a_msgs);
	assert_int_equal(mstats().p2a_msgs, 4);
	env_down();
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

static void test_config(void **state)
{
	struct scmia_optee_chan oc;
	struct scmia_optee_chan_cfg cc;
	struct scmia_optee t;
	struct scmia_optee_cfg tc;
	static const struct scmia_optee_ops no_invoke = { .open_session = wrap_open,
							  .close_session = wrap_close };
	uint32_t mem[64];

	(void)state;
	memset(&tc, 0, sizeof(tc));
	assert_int_equal(scmia_optee_init(&t, &tc), SCMIA_EINVAL);
	tc.ops = &no_invoke;
	assert_int_equal(scmia_optee_init(&t, &tc), SCMIA_EINVAL);
	assert_int_equal(scmia_optee_init(NULL, &tc), SCMIA_EINVAL);

	memset(&cc, 0, sizeof(cc));
	cc.mode = SCMIA_OPTEE_MODE_MSG;
	cc.base = mem;
	cc.size = 7;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_EINVAL); /* no room for a status */
	cc.size = 8;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_OK);
	assert_null(scmia_optee_chan_area(&oc));
	cc.mode = 4;
	cc.size = 128;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_EINVAL);
	cc.mode = SCMIA_OPTEE_MODE_SMT_SHM;
	cc.size = 124;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_EINVAL); /* the PTA wants 128 */
	cc.size = 128;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_OK);
	assert_non_null(scmia_optee_chan_area(&oc));
	cc.mode = SCMIA_OPTEE_MODE_SMT;
	cc.base = (uint8_t *)mem + 2;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_EINVAL); /* misaligned area */
	cc.base = mem;
	cc.size = 30;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_EINVAL);
	cc.size = 64;
	cc.flags = 0x80;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_EINVAL);
	cc.flags = 0;
	cc.base = NULL;
	assert_int_equal(scmia_optee_chan_init(&oc, &cc), SCMIA_EINVAL);
}

/* A p2a context with a mode, or an a2p context without: the open fails. */
static void test_direction_checks(void **state)
{
	struct scmia_chan_cfg ccfg;
	struct scmia_optee_chan_cfg cc;

	(void)state;
	env_up(&O0);
	/* p2a channel on a context configured for a2p */
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.a2p_oc;
	ccfg.mem = E.mem_p2a;
	ccfg.mem_size = sizeof(E.mem_p2a);
	assert_int_equal(scmia_chan_open(&E.agent, &E.p2a, &ccfg), SCMIA_EINVAL);
	/* ... also one whose buffer is an SMT area (it has a mode) */
	memset(&cc, 0, sizeof(cc));
	cc.mode = SCMIA_OPTEE_MODE_SMT;
	cc.base = E.p2a_area;
	cc.size = sizeof(E.p2a_area);
	assert_int_equal(scmia_optee_chan_init(&E.p2a_oc, &cc), SCMIA_OK);
	ccfg.chan_ctx = &E.p2a_oc;
	assert_int_equal(scmia_chan_open(&E.agent, &E.p2a, &ccfg), SCMIA_EINVAL);
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	/* a2p channel on a p2a context (mode 0) */
	memset(&cc, 0, sizeof(cc));
	cc.base = E.p2a_area;
	cc.size = sizeof(E.p2a_area);
	assert_int_equal(scmia_optee_chan_init(&E.p2a_oc, &cc), SCMIA_OK);
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.chan_ctx = &E.p2a_oc;
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_EINVAL);
	assert_int_equal(scmia_sim_optee_sessions_open(&E.model), 0);
	env_down();
}

/* After every test, also one that failed half way: nothing left running. */
static int teardown(void **state)
{
	(void)state;
	env_down();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_init_caps_and_sessions, teardown),
		cmocka_unit_test_teardown(test_caps_untrusted, teardown),
		cmocka_unit_test_teardown(test_mode_not_offered, teardown),
		cmocka_unit_test_teardown(test_tee_errors_at_init, teardown),
		cmocka_unit_test_teardown(test_handle_refused_no_session_leak, teardown),
		cmocka_unit_test_teardown(test_handle_is_used, teardown),
		cmocka_unit_test_teardown(test_context_bound_once, teardown),
		cmocka_unit_test_teardown(test_mode_smt, teardown),
		cmocka_unit_test_teardown(test_mode_smt_shm, teardown),
		cmocka_unit_test_teardown(test_mode_msg, teardown),
		cmocka_unit_test_teardown(test_msg_too_big, teardown),
		cmocka_unit_test_teardown(test_msg_out_size, teardown),
		cmocka_unit_test_teardown(test_bad_header_msg, teardown),
		cmocka_unit_test_teardown(test_bad_header_smt, teardown),
		cmocka_unit_test_teardown(test_smt_shm_not_done, teardown),
		cmocka_unit_test_teardown(test_smt_static_not_done, teardown),
		cmocka_unit_test_teardown(test_smt_static_tee_error_frees, teardown),
		cmocka_unit_test_teardown(test_smt_error_bit, teardown),
		cmocka_unit_test_teardown(test_process_errors, teardown),
		cmocka_unit_test_teardown(test_stray_txdone_keeps_claim, teardown),
		cmocka_unit_test_teardown(test_fetch_needs_owner, teardown),
		cmocka_unit_test_teardown(test_irq_on_a2p, teardown),
		cmocka_unit_test_teardown(test_threads_serialised, teardown),
		cmocka_unit_test_teardown(test_busy_channel, teardown),
		cmocka_unit_test_teardown(test_p2a, teardown),
		cmocka_unit_test_teardown(test_config, teardown),
		cmocka_unit_test_teardown(test_direction_checks, teardown),
	};

	return cmocka_run_group_tests_name("optee", tests, NULL, NULL);
}

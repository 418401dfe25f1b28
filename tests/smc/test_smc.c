/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMC/HVC transport tests (label smc): the real core and transport against
 * the simulated platform's SMC firmware model (tests/sim/sim_smc.h), and a
 * few hand-made firmware hooks for exact bad answers.
 *
 * Function ids and parameter registers are written by hand from SMCCC
 * (Arm DEN0028 §2.5) and the "arm,scmi-smc-param" convention (a1 = the
 * shared memory's page number, 4 KiB pages; a2 = offset in the page):
 *   0x82000010  fast, SMC32, SiP, function 0x0010 (a typical SCMI id)
 *   0xc2000011  fast, SMC64, SiP, function 0x0011
 *   0x82000011  the p2a completion doorbell used here
 * ECHO (vendor protocol 0x80, msg 0x3) answers the bytes it got plus the
 * sim's checksum of the command header and payload, so every reply proves
 * it belongs to its own command.
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
#include "scmia_fwcall.h"
#include "scmia_posix.h"
#include "scmia_smc.h"
#include "sim_smc.h"

#define FID_SCMI 0x82000010u
#define FID_SCMI64 0xc2000011u
#define FID_ACK 0x82000011u
#define AREA 128u
#define MAX_MSG 8u
#define MSG_SIZE 100u
#define PADDR 0x812345678ull /* area's physical address as the firmware sees it */
#define CAP_ID 0xcafe0001ull

/* ------------------------------------------------------------------ */
/* Environment                                                         */
/* ------------------------------------------------------------------ */

struct opts {
	const struct scmia_transport *tr; /* default scmia_smc_transport */
	uint32_t func_id;       /* agent's a2p id; default FID_SCMI */
	uint32_t model_fid;     /* id the model serves; default func_id */
	uint32_t param_mode;
	uint64_t param;
	uint32_t model_param_mode;
	uint64_t model_param;
	uint32_t model_flags;   /* SCMIA_SIM_SMC_* */
	uint32_t smc_flags;     /* SCMIA_SMC_F_* */
	uint32_t busy_timeout_us;
	int posix;              /* agent on the POSIX port, wait objects */
	int threaded;           /* sim on CLOCK_MONOTONIC with its runner thread */
	int use_fw;             /* calls through a firmware-call instance */
	int fw_waitq;           /* ... with the wait-queue on */
	scmia_smccc_call_fn hook; /* replaces the model as the firmware */
	const struct scmia_smt_access *acc; /* a2p accessor (default: as posix says) */
};

struct env {
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
	uint32_t area_a2p[AREA / 4];
	uint32_t area_p2a[AREA / 4];
	struct scmia_smc_chan sc_a2p, sc_p2a;
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_smc model;
	struct scmia_posix posix;
	struct scmia_posix_wait waits[MAX_MSG];
	struct scmia_fwcall fw;
	struct scmia_fwcall_wq wq[4];
	struct scmia_fwcall_waiter waiters[8];
	struct scmia_posix_wait fw_waits[8];
	int posix_up, waits_up, fw_up; /* what env_down must destroy */
	/* call log of the recording hook */
	struct scmia_smccc_args log[64];
	unsigned n_log;
	int hook_mode;
};

static struct env E;
static const struct opts O0;

/* The agent's OS table with posix: the POSIX port's, its lock counted
 * (the transport takes it through scmia_chan_lock() where the target has
 * no compare-and-swap). */
static unsigned AGENT_LOCKS;
static struct scmia_os_ops AGENT_OS;

static scmia_lock_key_t counting_lock(void *ctx)
{
	__atomic_fetch_add(&AGENT_LOCKS, 1u, __ATOMIC_RELAXED);
	return scmia_posix_os_ops.lock(ctx);
}

/* The SMT area's words are little-endian (DEN0056): a word as it lies in
 * memory, loaded as a host integer, to its value, and back (the same swap
 * both ways; none on a little-endian host). */
static uint32_t smt_le(uint32_t v)
{
	uint8_t b[4];

	memcpy(b, &v, sizeof(b));
	return scmia_get_le32(b);
}

/* Threaded tests: aligned 32-bit atomic words (the platform model uses the
 * same), so ThreadSanitizer sees the FREE/status handshake. Real shared
 * memory uses the volatile accessor plus the transport's fences. */
static uint32_t atomic_read32(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return smt_le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
}

static void atomic_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	__atomic_store_n((uint32_t *)(uintptr_t)addr, smt_le(v), __ATOMIC_RELEASE);
}

static const struct scmia_smt_access atomic_acc = {
	.read32 = atomic_read32,
	.write32 = atomic_write32,
};

/* Recording hook in front of the model (or a hand-made firmware). */
static void rec_call(void *ctx, const struct scmia_smccc_args *in, struct scmia_smccc_res *out)
{
	struct env *e = ctx;

	if (e->n_log < 64)
		e->log[e->n_log++] = *in;
	scmia_sim_smc_call(&e->model, in, out);
}

static void env_up(const struct opts *o)
{
	struct scmia_sim_cfg scfg;
	struct scmia_sim_smc_cfg mcfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_smc_cfg tcfg;
	scmia_smccc_call_fn call = o->hook ? o->hook : rec_call;
	uint32_t fid = o->func_id ? o->func_id : FID_SCMI;

	memset(&E, 0, sizeof(E));
	AGENT_LOCKS = 0;
	AGENT_OS = scmia_posix_os_ops;
	AGENT_OS.lock = counting_lock;
	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = o->threaded ? SCMIA_SIM_CLOCK_MONOTONIC : SCMIA_SIM_CLOCK_VIRTUAL;
	assert_int_equal(scmia_sim_init(&E.sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&E.sim, &E.test), SCMIA_OK);

	if (o->use_fw || o->posix) {
		assert_int_equal(scmia_posix_init(&E.posix), SCMIA_OK);
		E.posix_up = 1;
	}
	if (o->use_fw) {
		struct scmia_fwcall_cfg fc;

		assert_int_equal(scmia_posix_wait_init(E.fw_waits, 8), SCMIA_OK);
		E.fw_up = 1;
		memset(&fc, 0, sizeof(fc));
		fc.call = call;
		fc.call_ctx = &E;
		fc.os = &scmia_posix_os_ops;
		fc.os_ctx = &E.posix;
		fc.flags = o->fw_waitq ? SCMIA_FWCALL_F_WAKE_IRQ : 0u;
		fc.n_ctx = 4;
		fc.wq = E.wq;
		fc.n_waiters = 8;
		fc.waiters = E.waiters;
		fc.wait_objs = E.fw_waits;
		fc.wait_obj_stride = sizeof(E.fw_waits[0]);
		fc.sleep_timeout_us = 1000000;
		fc.busy_delay_us = 100;
		assert_int_equal(scmia_fwcall_init(&E.fw, &fc), SCMIA_OK);
	}

	memset(&mcfg, 0, sizeof(mcfg));
	mcfg.return_wait_us = 20000;
	mcfg.irq = scmia_sim_smc_fwcall_irq;
	mcfg.irq_ctx = &E.fw;
	assert_int_equal(scmia_sim_smc_init(&E.model, &E.sim, &mcfg), SCMIA_OK);
	assert_int_equal(scmia_sim_smc_attach(&E.model, 0, o->model_fid ? o->model_fid : fid,
					      o->model_param_mode ? o->model_param_mode
								  : o->param_mode,
					      o->model_param ? o->model_param : o->param,
					      E.area_a2p, AREA, &E.sc_a2p, E.area_p2a, AREA,
					      &E.sc_p2a, FID_ACK, o->model_flags),
			 SCMIA_OK);

	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = E.area_a2p;
	tcfg.size = AREA;
	tcfg.call = call;
	tcfg.call_ctx = &E;
	tcfg.fw = o->use_fw ? &E.fw : NULL;
	tcfg.func_id = fid;
	tcfg.acc = o->acc ? o->acc : o->posix ? &atomic_acc : NULL;
	tcfg.param_mode = o->param_mode;
	tcfg.shmem_paddr = o->param_mode == SCMIA_SMC_PARAM_SHMEM ? o->param : 0;
	tcfg.cap_id = o->param_mode == SCMIA_SMC_PARAM_CAP_ID ? o->param : 0;
	tcfg.busy_timeout_us = o->busy_timeout_us;
	tcfg.flags = o->smc_flags;
	assert_int_equal(scmia_smc_chan_init(&E.sc_a2p, &tcfg), SCMIA_OK);
	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = E.area_p2a;
	tcfg.size = AREA;
	tcfg.call = call;
	tcfg.call_ctx = &E;
	tcfg.func_id = FID_ACK;
	tcfg.acc = o->posix ? &atomic_acc : NULL;
	tcfg.flags = o->smc_flags;
	assert_int_equal(scmia_smc_chan_init(&E.sc_p2a, &tcfg), SCMIA_OK);

	memset(&acfg, 0, sizeof(acfg));
	if (o->posix) {
		acfg.os = &AGENT_OS;
		acfg.os_ctx = &E.posix;
		assert_int_equal(scmia_posix_wait_init(E.waits, MAX_MSG), SCMIA_OK);
		E.waits_up = 1;
	}
	acfg.transport = o->tr ? o->tr : &scmia_smc_transport;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.sc_a2p;
	ccfg.mem = E.mem_a2p;
	ccfg.mem_size = sizeof(E.mem_a2p);
	if (o->posix) {
		ccfg.wait_objs = E.waits;
		ccfg.wait_obj_stride = sizeof(E.waits[0]);
	}
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.sc_p2a;
	ccfg.mem = E.mem_p2a;
	ccfg.mem_size = sizeof(E.mem_p2a);
	assert_int_equal(scmia_chan_open(&E.agent, &E.p2a, &ccfg), SCMIA_OK);
	if (o->threaded)
		assert_int_equal(scmia_sim_start(&E.sim), SCMIA_OK);
	E.posix.log_level = -1;
}

static int env_down(void **state)
{
	(void)state;
	scmia_sim_stop(&E.sim);
	(void)scmia_agent_deinit(&E.agent);
	scmia_sim_smc_deinit(&E.model);
	scmia_sim_deinit(&E.sim);
	if (E.fw_up) {
		(void)scmia_fwcall_deinit(&E.fw);
		scmia_posix_wait_deinit(E.fw_waits, 8);
	}
	if (E.waits_up)
		scmia_posix_wait_deinit(E.waits, MAX_MSG);
	if (E.posix_up)
		scmia_posix_deinit(&E.posix);
	E.fw_up = E.waits_up = E.posix_up = 0;
	return 0;
}

static uint32_t cnt(enum scmia_counter id)
{
	return scmia_agent_counter(&E.agent, id);
}

static struct scmia_smc_stats smc_stats(struct scmia_smc_chan *sc)
{
	struct scmia_smc_stats s;

	assert_int_equal(scmia_smc_chan_stats(sc, &s), SCMIA_OK);
	return s;
}

static struct scmia_sim_smc_stats model_stats(void)
{
	struct scmia_sim_smc_stats s;

	scmia_sim_smc_stats(&E.model, &s);
	return s;
}

/* A word of an SMT area: little-endian in memory (DEN0056), host order
 * here. */
static uint32_t area_word(const uint32_t *area, uint32_t off)
{
	return smt_le(__atomic_load_n(&area[off / 4], __ATOMIC_ACQUIRE));
}

static void area_word_set(uint32_t *area, uint32_t off, uint32_t val)
{
	__atomic_store_n(&area[off / 4], smt_le(val), __ATOMIC_RELEASE);
}

static uint32_t area_status(void)
{
	return area_word(E.area_a2p, SCMIA_SMT_OFF_STATUS);
}

/* ECHO of @n bytes; checks the bytes and the checksum. Returns the result. */
static int echo(uint32_t n, unsigned flags, uint8_t seed)
{
	struct scmia_xfer *x;
	uint8_t *tx, *rx;
	uint32_t i;
	int ret;

	ret = scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, n, 0, &x);
	if (ret)
		return ret;
	tx = (uint8_t *)x->tx_buf;
	for (i = 0; i < n; i++)
		tx[i] = (uint8_t)(seed + i * 7u);
	ret = scmia_xfer_do(x, flags);
	if (ret == SCMIA_OK) {
		rx = (uint8_t *)x->rx_buf;
		if (x->rx_len != n + 4u || memcmp(rx, tx, n) != 0 ||
		    scmia_get_le32(rx + n) != scmia_sim_checksum(x->hdr, tx, n))
			ret = -1000; /* a reply that is not this command's */
	}
	/* No cmocka assertion here: sender threads call this too. */
	if (scmia_xfer_put(x) != SCMIA_OK && ret == SCMIA_OK)
		ret = -1001;
	return ret;
}

/* ------------------------------------------------------------------ */
/* Completion on return                                                */
/* ------------------------------------------------------------------ */

static void test_on_return_echo(void **state)
{
	struct opts o = O0;
	uint8_t i;

	(void)state;
	env_up(&o);
	for (i = 0; i < 20; i++)
		assert_int_equal(echo((uint32_t)i * 4u, 0, i), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_SENT), 20);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 20);
	assert_int_equal(smc_stats(&E.sc_a2p).calls, 20);
	assert_int_equal(model_stats().scmi, 20);
	assert_int_equal(model_stats().not_done, 0);
	/* One call per command, with the configured id and no parameters. */
	assert_int_equal(E.n_log, 20);
	assert_int_equal(E.log[0].a0, FID_SCMI);
	assert_int_equal(E.log[0].a1, 0);
	assert_int_equal(E.log[0].a2, 0);
	assert_true(area_status() & SCMIA_SMT_STATUS_FREE);
	/* Completion on return never asks for a completion interrupt. */
	assert_int_equal(area_word(E.area_a2p, SCMIA_SMT_OFF_FLAGS) & SCMIA_SMT_FLAGS_IRQ, 0);
}

/* Base PROTOCOL_VERSION (DEN0056 §4.2.2.1): empty request; reply status,
 * version (the sim implements Base v2.0 = 0x00020000). */
static void test_on_return_base_version(void **state)
{
	struct opts o = O0;
	uint8_t rx[8];
	uint32_t len = 0;

	(void)state;
	env_up(&o);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0,
				   rx, sizeof(rx), &len, 0),
			 SCMIA_OK);
	assert_int_equal(len, 4);
	assert_int_equal(scmia_get_le32(rx), 0x00020000u);
}

static void test_param_shmem(void **state)
{
	struct opts o = O0;

	(void)state;
	o.param_mode = SCMIA_SMC_PARAM_SHMEM;
	o.param = PADDR;
	env_up(&o);
	assert_int_equal(echo(8, 0, 1), SCMIA_OK);
	assert_int_equal(E.log[0].a0, FID_SCMI);
	assert_int_equal(E.log[0].a1, 0x812345u); /* page: 0x8_1234_5678 >> 12 */
	assert_int_equal(E.log[0].a2, 0x678u);    /* offset in the 4 KiB page */
	assert_int_equal(E.log[0].a3, 0);
}

static void test_param_cap_id(void **state)
{
	struct opts o = O0;

	(void)state;
	o.func_id = FID_SCMI64;
	o.param_mode = SCMIA_SMC_PARAM_CAP_ID;
	o.param = CAP_ID;
	env_up(&o);
	assert_int_equal(echo(8, 0, 2), SCMIA_OK);
	assert_int_equal(E.log[0].a0, FID_SCMI64);
	assert_int_equal(E.log[0].a1, CAP_ID);
	assert_int_equal(E.log[0].a2, 0);
}

/* The firmware knows the id but not these parameters: an SMCCC error other
 * than NOT_SUPPORTED is a transport I/O error; the channel stays usable. */
static void test_param_mismatch_is_io_error(void **state)
{
	struct opts o = O0;

	(void)state;
	o.param_mode = SCMIA_SMC_PARAM_SHMEM;
	o.param = PADDR;
	o.model_param = PADDR + 0x1000u;
	env_up(&o);
	assert_int_equal(echo(8, 0, 3), SCMIA_EIO);
	assert_int_equal(model_stats().bad_params, 1);
	assert_int_equal(smc_stats(&E.sc_a2p).call_errors, 1);
	assert_int_equal(cnt(SCMIA_CNT_TX_ERRORS), 1);
	/* Not wedged: the area was handed back, the next send makes its call. */
	assert_true(area_status() & SCMIA_SMT_STATUS_FREE);
	assert_int_equal(echo(8, 0, 3), SCMIA_EIO);
	assert_int_equal(E.n_log, 2);
}

/* SMCCC NOT_SUPPORTED (-1 in a0): SCMIA_ENOTSUP, never a hang or EBUSY. */
static void test_not_supported(void **state)
{
	struct opts o = O0;

	(void)state;
	o.model_fid = FID_SCMI64; /* the firmware has another id */
	env_up(&o);
	assert_int_equal(echo(4, 0, 4), SCMIA_ENOTSUP);
	assert_int_equal(echo(4, 0, 4), SCMIA_ENOTSUP);
	assert_int_equal(model_stats().not_supported, 2);
	assert_int_equal(smc_stats(&E.sc_a2p).not_supported, 2);
	assert_int_equal(smc_stats(&E.sc_a2p).busy, 0);
	assert_int_equal(cnt(SCMIA_CNT_TX_ERRORS), 2);
	assert_true(area_status() & SCMIA_SMT_STATUS_FREE);
}

/* Hand-made firmware answers for the result decoding. */
static uint64_t RAW_A0;

static void raw_call(void *ctx, const struct scmia_smccc_args *in, struct scmia_smccc_res *out)
{
	struct env *e = ctx;

	if (e->n_log < 64)
		e->log[e->n_log++] = *in;
	memset(out, 0, sizeof(*out));
	out->a0 = RAW_A0;
}

static void test_result_decoding(void **state)
{
	struct opts o = O0;

	(void)state;
	o.hook = raw_call;
	env_up(&o);
	/* SMC32: -1 in the low word, whatever the upper half. */
	RAW_A0 = 0xffffffffull;
	assert_int_equal(echo(4, 0, 5), SCMIA_ENOTSUP);
	RAW_A0 = 0x12345678ffffffffull;
	assert_int_equal(echo(4, 0, 5), SCMIA_ENOTSUP);
	/* Any other non-zero answer. */
	RAW_A0 = 2;
	assert_int_equal(echo(4, 0, 5), SCMIA_EIO);
	RAW_A0 = 0xfffffffeull; /* -2 */
	assert_int_equal(echo(4, 0, 5), SCMIA_EIO);
	/* Success, but the area was not given back: the firmware broke the
	 * completion-on-return contract. */
	RAW_A0 = 0;
	assert_int_equal(echo(4, 0, 5), SCMIA_EPROTO);
	assert_int_equal(smc_stats(&E.sc_a2p).not_done, 1);
	assert_int_equal(smc_stats(&E.sc_a2p).not_supported, 2);
	assert_int_equal(smc_stats(&E.sc_a2p).call_errors, 2);
	(void)env_down(NULL);

	/* SMC64: the whole register counts. */
	o.func_id = FID_SCMI64;
	env_up(&o);
	RAW_A0 = 0xffffffffull; /* a positive 64-bit value: not NOT_SUPPORTED */
	assert_int_equal(echo(4, 0, 6), SCMIA_EIO);
	RAW_A0 = UINT64_MAX;
	assert_int_equal(echo(4, 0, 6), SCMIA_ENOTSUP);
}

/* The platform never frees the area (stuck): the first command finds its
 * reply missing on return; the next gives up waiting for FREE without
 * making the call. */
static void test_stuck_channel_no_call(void **state)
{
	struct opts o = O0;

	(void)state;
	o.busy_timeout_us = 500;
	env_up(&o);
	assert_int_equal(scmia_sim_smt_set_stuck(scmia_sim_smc_smt(&E.model), 0, 1), SCMIA_OK);
	assert_int_equal(echo(4, 0, 7), SCMIA_EPROTO);
	assert_int_equal(smc_stats(&E.sc_a2p).not_done, 1);
	assert_int_equal(E.n_log, 1);
	assert_int_equal(echo(4, 0, 7), SCMIA_EBUSY);
	assert_int_equal(E.n_log, 1); /* no call after giving up */
	assert_int_equal(smc_stats(&E.sc_a2p).busy, 1);
	/* The platform recovers: the area becomes FREE, traffic resumes. */
	assert_int_equal(scmia_sim_smt_set_stuck(scmia_sim_smc_smt(&E.model), 0, 0), SCMIA_OK);
	area_word_set(E.area_a2p, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
	assert_int_equal(echo(4, 0, 7), SCMIA_OK);
}

/* A reply the platform dropped: missing on return, never a wrong reply. */
static void test_dropped_reply(void **state)
{
	struct opts o = O0;
	struct scmia_sim_fault f;

	(void)state;
	o.busy_timeout_us = 500;
	env_up(&o);
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_MSG;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ECHO;
	f.action = SCMIA_SIM_FA_DROP;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(echo(4, 0, 8), SCMIA_EPROTO);
	assert_int_equal(model_stats().not_done, 1);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 0);
}

/* A reply too short for a status: the fetch fails, the transfer gets an
 * error, and the channel is released for the next sender. */
static void test_truncated_reply_releases_channel(void **state)
{
	struct opts o = O0;
	struct scmia_sim_fault f;
	int ret;

	(void)state;
	env_up(&o);
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_MSG;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ECHO;
	f.action = SCMIA_SIM_FA_TRUNCATE;
	f.arg = 2; /* length word 6: no room for a status */
	f.count = 1;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	ret = echo(4, 0, 9);
	assert_true(ret == SCMIA_ETOOSHORT || ret == SCMIA_EMALFORMED);
	assert_int_equal(smc_stats(&E.sc_a2p).errors, 1);
	assert_int_equal(echo(4, 0, 9), SCMIA_OK);
	assert_int_equal(smc_stats(&E.sc_a2p).busy, 0);
}

/* Hand-made firmware that writes the area itself: ERROR bit, a wrong
 * token, a length above the area. */
static int BAD_KIND;

static void bad_area_call(void *ctx, const struct scmia_smccc_args *in,
			  struct scmia_smccc_res *out)
{
	struct env *e = ctx;
	uint32_t *a = e->area_a2p;
	uint32_t hdr = area_word(a, SCMIA_SMT_OFF_HEADER);

	(void)in;
	memset(out, 0, sizeof(*out));
	area_word_set(a, SCMIA_SMT_OFF_LENGTH, 8);
	area_word_set(a, SCMIA_SMT_OFF_PAYLOAD, 0); /* SUCCESS */
	switch (BAD_KIND) {
	case 1: /* ERROR bit */
		area_word_set(a, SCMIA_SMT_OFF_STATUS,
			      SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR);
		return;
	case 2: /* another token */
		area_word_set(a, SCMIA_SMT_OFF_HEADER, hdr ^ (1u << 18));
		break;
	case 3: /* longer than the area */
		area_word_set(a, SCMIA_SMT_OFF_LENGTH, AREA);
		break;
	case 4: /* the length leaves out the 4 header bytes of a status-only reply */
		area_word_set(a, SCMIA_SMT_OFF_LENGTH, 4);
		break;
	case 5: /* the right token, protocol and message, as a delayed response */
		area_word_set(a, SCMIA_SMT_OFF_HEADER,
			      scmia_hdr_pack(scmia_hdr_msg_id(hdr), SCMIA_MSG_TYPE_DELAYED_RESP,
					     scmia_hdr_proto_id(hdr), scmia_hdr_token(hdr)));
		break;
	default:
		break;
	}
	area_word_set(a, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

static void test_bad_replies_on_return(void **state)
{
	struct opts o = O0;

	(void)state;
	o.hook = bad_area_call;
	env_up(&o);
	BAD_KIND = 1;
	assert_int_equal(echo(0, 0, 0), SCMIA_EPROTO);
	BAD_KIND = 2;
	assert_int_equal(echo(0, 0, 0), SCMIA_EUNEXPECTED);
	BAD_KIND = 3;
	assert_int_equal(echo(0, 0, 0), SCMIA_EMALFORMED);
	BAD_KIND = 4;
	assert_int_equal(echo(0, 0, 0), SCMIA_ETOOSHORT);
	assert_int_equal(smc_stats(&E.sc_a2p).errors, 4);
	/* The a2p area holds the command's response only: the same token,
	 * protocol and message typed as a delayed response is not it. */
	BAD_KIND = 5;
	assert_int_equal(echo(0, 0, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(smc_stats(&E.sc_a2p).errors, 5);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 0);
	/* And a good one still goes through: nothing was left claimed. */
	BAD_KIND = 0;
	assert_int_equal(echo(0, 0, 0), -1000); /* status-only reply: no echo bytes */
	assert_int_equal(smc_stats(&E.sc_a2p).busy, 0);
	assert_int_equal(cnt(SCMIA_CNT_SENT), 6);
}

/* ---- the platform rewrites the area while the agent reads it ---- */

/* Accessor: plain words, and a one-shot rewrite of the header word once
 * the word at TOCTOU_OFF has been read (the platform writing the area
 * between two of the agent's reads). */
static uint32_t TOCTOU_OFF = UINT32_MAX;
static uint32_t TOCTOU_HDR;
static unsigned TOCTOU_HITS;

static uint32_t toctou_read32(void *ctx, const volatile void *addr)
{
	uint32_t off = (uint32_t)((const volatile uint8_t *)addr - (const uint8_t *)E.area_a2p);
	uint32_t v = smt_le(*(const volatile uint32_t *)addr);

	(void)ctx;
	if (off == TOCTOU_OFF) {
		TOCTOU_OFF = UINT32_MAX;
		TOCTOU_HITS++;
		area_word_set(E.area_a2p, SCMIA_SMT_OFF_HEADER, TOCTOU_HDR);
	}
	return v;
}

static void toctou_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	*(volatile uint32_t *)addr = smt_le(v);
}

static const struct scmia_smt_access toctou_acc = {
	.read32 = toctou_read32,
	.write32 = toctou_write32,
};

/* Firmware that takes the call and answers nothing (the test writes the
 * area), or answers ECHO-less SUCCESS in the area (@RING_ANSWERS). */
static int RING_ANSWERS;
static int RING_DRESP; /* ... with the header typed as a delayed response */

static void ring_call(void *ctx, const struct scmia_smccc_args *in, struct scmia_smccc_res *out)
{
	struct env *e = ctx;
	uint32_t *a = e->area_a2p;

	(void)in;
	memset(out, 0, sizeof(*out));
	if (!RING_ANSWERS)
		return;
	if (RING_DRESP)
		area_word_set(a, SCMIA_SMT_OFF_HEADER,
			      area_word(a, SCMIA_SMT_OFF_HEADER) |
				      (SCMIA_MSG_TYPE_DELAYED_RESP << 8));
	area_word_set(a, SCMIA_SMT_OFF_LENGTH, 8);
	area_word_set(a, SCMIA_SMT_OFF_PAYLOAD, 0);
	area_word_set(a, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

static int PLAIN_RESULT = 1;
static uint32_t PLAIN_WORD;

static void plain_cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	PLAIN_RESULT = result;
	PLAIN_WORD = result == SCMIA_OK && x->rx_len >= 4 ? scmia_get_le32(x->rx_buf) : 0;
}

/* The platform posts a delayed response for @x carrying @word on the p2a
 * area and raises the p2a interrupt. */
static int post_dresp(const struct scmia_xfer *x, uint32_t word)
{
	uint32_t *a = E.area_p2a;

	area_word_set(a, SCMIA_SMT_OFF_FLAGS, 0);
	area_word_set(a, SCMIA_SMT_OFF_LENGTH, 12);
	area_word_set(a, SCMIA_SMT_OFF_HEADER,
		      scmia_hdr_pack(scmia_hdr_msg_id(x->hdr), SCMIA_MSG_TYPE_DELAYED_RESP,
				     scmia_hdr_proto_id(x->hdr), scmia_hdr_token(x->hdr)));
	area_word_set(a, SCMIA_SMT_OFF_PAYLOAD, 0);
	area_word_set(a, SCMIA_SMT_OFF_PAYLOAD + 4u, word);
	area_word_set(a, SCMIA_SMT_OFF_STATUS, 0);
	return scmia_smc_irq(&E.sc_p2a);
}

/* While the send waits for the platform to give the a2p area back, the
 * platform (a forger) posts a delayed response with the sending transfer's
 * token, then frees the area. */
static struct scmia_xfer *SENDING;
static int FORGED_RET;

static void relax_forge(void *ctx)
{
	scmia_posix_os_ops.relax(ctx);
	if (!SENDING)
		return;
	FORGED_RET = post_dresp(SENDING, 0xbad);
	SENDING = NULL;
	area_word_set(E.area_a2p, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

/* Issue 9, defect 1, on SMC: a delayed response carrying the token of a
 * transfer whose send still waits for the area is not the platform's
 * answer to it (the transport calls scmia_xfer_sent() only once it owns
 * the area and wrote the message): dropped and counted, the transfer and
 * the channel carry on. */
static void test_forged_dresp_while_send_waits(void **state)
{
	struct opts o = O0;
	struct scmia_xfer *x;

	(void)state;
	o.hook = ring_call;
	o.posix = 1;
	RING_ANSWERS = 1;
	RING_DRESP = 0;
	TOCTOU_OFF = UINT32_MAX;
	env_up(&o);
	AGENT_OS.relax = relax_forge;
	area_word_set(E.area_a2p, SCMIA_SMT_OFF_STATUS, 0); /* the platform still holds it */
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 4,
					0, &x),
			 SCMIA_OK);
	PLAIN_RESULT = 1;
	SENDING = x;
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, plain_cb, NULL), SCMIA_OK);
	assert_null(SENDING); /* the forger ran while the send waited */
	assert_int_equal(FORGED_RET, SCMIA_EUNEXPECTED);
	assert_int_equal(cnt(SCMIA_CNT_EARLY), 1);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 0);
	/* The p2a area was handed back to the platform. */
	assert_true(area_word(E.area_p2a, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE);
	/* The call was made, the response came on return: waiting for the
	 * real delayed response now. */
	assert_int_equal(PLAIN_RESULT, 1);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 1);
	assert_int_equal(post_dresp(x, 0x600d), SCMIA_OK);
	assert_int_equal(PLAIN_RESULT, SCMIA_OK);
	assert_int_equal(PLAIN_WORD, 0x600d);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* And the channel carries on. */
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, NULL, 0,
				   NULL, 0, NULL, 0),
			 SCMIA_OK);
	assert_int_equal(smc_stats(&E.sc_a2p).busy, 0);
}

/* Asynchronous platform (interrupt): the interrupt reads a header typed as
 * a delayed response with the owner's token (the core takes it as a
 * delayed response that overtook the response), then the platform makes
 * the area look like the plain response. The fetch compares with the
 * header the receive entry was given: nothing is delivered. */
static void test_irq_header_given_to_rx_checked(void **state)
{
	struct opts o = O0;
	struct scmia_xfer *x;
	uint32_t dresp;

	(void)state;
	o.tr = &scmia_smc_irq_transport;
	o.hook = ring_call;
	o.acc = &toctou_acc;
	o.posix = 1; /* wait objects: the channel completes by interrupt */
	RING_ANSWERS = 0;
	TOCTOU_OFF = UINT32_MAX;
	env_up(&o);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 4,
					0, &x),
			 SCMIA_OK);
	PLAIN_RESULT = 1;
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, plain_cb, NULL), SCMIA_OK);
	dresp = scmia_hdr_pack(scmia_hdr_msg_id(x->hdr), SCMIA_MSG_TYPE_DELAYED_RESP,
			       scmia_hdr_proto_id(x->hdr), scmia_hdr_token(x->hdr));
	area_word_set(E.area_a2p, SCMIA_SMT_OFF_HEADER, dresp);
	area_word_set(E.area_a2p, SCMIA_SMT_OFF_LENGTH, 12);
	area_word_set(E.area_a2p, SCMIA_SMT_OFF_PAYLOAD, 0);
	area_word_set(E.area_a2p, SCMIA_SMT_OFF_PAYLOAD + 4u, 0x5a5a);
	area_word_set(E.area_a2p, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
	TOCTOU_HITS = 0;
	TOCTOU_HDR = x->hdr;
	TOCTOU_OFF = SCMIA_SMT_OFF_HEADER; /* right after the interrupt's read */
	(void)scmia_smc_irq(&E.sc_a2p);
	assert_int_equal(TOCTOU_HITS, 1);
	assert_int_equal(PLAIN_RESULT, SCMIA_EUNEXPECTED);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 0);
	assert_int_equal(smc_stats(&E.sc_a2p).errors, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* The channel was released: the next command goes through. */
	RING_ANSWERS = 1;
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, NULL, 0,
				   NULL, 0, NULL, SCMIA_XFER_F_POLL),
			 SCMIA_OK);
}

/* Completion on return: the platform rewrites the header (another token)
 * while the agent copies the reply out: the header read again after the
 * copy no longer matches, the reply is refused. */
static void test_header_rechecked_after_copy(void **state)
{
	struct opts o = O0;
	struct scmia_xfer *x;

	(void)state;
	o.hook = ring_call;
	o.acc = &toctou_acc;
	RING_ANSWERS = 1;
	TOCTOU_OFF = UINT32_MAX;
	env_up(&o);
	/* Control: left alone, the reply is taken. */
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, NULL, 0,
				   NULL, 0, NULL, 0),
			 SCMIA_OK);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0,
					&x),
			 SCMIA_OK);
	TOCTOU_HITS = 0;
	TOCTOU_HDR = x->hdr ^ (1u << 18);
	TOCTOU_OFF = SCMIA_SMT_OFF_PAYLOAD; /* the status word, during the copy */
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(TOCTOU_HITS, 1);
	assert_int_equal(smc_stats(&E.sc_a2p).errors, 1);
	/* And the other way round: the header is not the command's when the
	 * fetch first looks (typed as a delayed response), and becomes it
	 * before the copy: refused as well. */
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0,
					&x),
			 SCMIA_OK);
	RING_DRESP = 1;
	TOCTOU_HDR = x->hdr;
	TOCTOU_OFF = SCMIA_SMT_OFF_HEADER;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_EUNEXPECTED);
	assert_int_equal(TOCTOU_HITS, 2);
	assert_int_equal(smc_stats(&E.sc_a2p).errors, 2);
	RING_DRESP = 0;
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, NULL, 0,
				   NULL, 0, NULL, 0),
			 SCMIA_OK);
}

/* Delayed response and notification come on the p2a SMT area; the agent
 * acknowledges with the p2a channel's SMC when the platform asks. */
static int DRESP_RESULT = 1;
static uint32_t DRESP_VALUE;

static void dresp_cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	DRESP_RESULT = result;
	if (result == SCMIA_OK && x->rx_len >= 4)
		DRESP_VALUE = scmia_get_le32(x->rx_buf);
}

static void test_p2a_delayed_response_and_notification(void **state)
{
	struct opts o = O0;
	struct scmia_xfer *x;
	uint8_t rx[8];
	uint32_t len = 0;

	(void)state;
	o.model_flags = SCMIA_SIM_SMC_ACK;
	env_up(&o);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 4,
					0, &x),
			 SCMIA_OK);
	scmia_put_le32(x->tx_buf, 0x1234);
	DRESP_RESULT = 1;
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, dresp_cb, NULL), SCMIA_OK);
	assert_int_equal(DRESP_RESULT, 1); /* response only, so far */
	(void)scmia_sim_advance(&E.sim, 5000);
	assert_int_equal(DRESP_RESULT, SCMIA_OK);
	assert_int_equal(DRESP_VALUE, scmia_sim_test_async_value(0x1234));
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 1);
	/* The p2a completion doorbell was an SMC with the p2a channel's id. */
	assert_int_equal(model_stats().acks, 1);
	assert_int_equal(E.log[E.n_log - 1].a0, FID_ACK);
	assert_int_equal(smc_stats(&E.sc_p2a).calls, 1);
	assert_true(area_word(E.area_p2a, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE);

	/* TRIGGER_EVENT: one notification of protocol 0x80. */
	scmia_put_le32(rx, 7);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, rx,
				   4, rx, sizeof(rx), &len, 0),
			 SCMIA_OK);
	(void)scmia_sim_advance(&E.sim, 5000);
	assert_int_equal(cnt(SCMIA_CNT_NOTIFICATIONS), 1);
	assert_int_equal(model_stats().acks, 2);
}

static void test_irq_entry_lifecycle(void **state)
{
	struct opts o = O0;
	struct scmia_smc_chan lone;
	struct scmia_smc_cfg c;

	(void)state;
	/* Before chan_setup: nothing is touched. */
	memset(&c, 0, sizeof(c));
	c.base = E.area_a2p;
	c.size = AREA;
	c.call = raw_call;
	c.func_id = FID_SCMI;
	assert_int_equal(scmia_smc_chan_init(&lone, &c), SCMIA_OK);
	assert_int_equal(scmia_smc_irq(&lone), SCMIA_ESTATE);
	assert_int_equal(scmia_smc_irq(NULL), SCMIA_EINVAL);

	env_up(&o);
	/* A completion interrupt with nobody waiting: spurious, counted. */
	assert_int_equal(scmia_smc_irq(&E.sc_a2p), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(smc_stats(&E.sc_a2p).spurious, 1);
	/* p2a interrupt with nothing posted (area FREE): spurious too. */
	assert_int_equal(scmia_smc_irq(&E.sc_p2a), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 2);
	/* After close: rejected, nothing touched. */
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
	assert_int_equal(scmia_smc_irq(&E.sc_a2p), SCMIA_ESTATE);
	assert_int_equal(scmia_smc_irq(&E.sc_p2a), SCMIA_ESTATE);
}

static void test_init_validation(void **state)
{
	struct scmia_smc_chan sc;
	struct scmia_smc_cfg c;
	struct scmia_agent ag;
	struct scmia_agent_cfg acfg;
	struct scmia_chan ch;
	struct scmia_chan_cfg ccfg;
	SCMIA_CHAN_MEM_DEFINE(mem, 2, MSG_SIZE);
	uint32_t area[AREA / 4];

	(void)state;
	memset(&c, 0, sizeof(c));
	c.base = area;
	c.size = AREA;
	c.call = raw_call;
	c.func_id = FID_SCMI;
	assert_int_equal(scmia_smc_chan_init(NULL, &c), SCMIA_EINVAL);
	assert_int_equal(scmia_smc_chan_init(&sc, NULL), SCMIA_EINVAL);
	c.flags = 0x80;
	assert_int_equal(scmia_smc_chan_init(&sc, &c), SCMIA_EINVAL);
	c.flags = 0;
	c.param_mode = 3;
	assert_int_equal(scmia_smc_chan_init(&sc, &c), SCMIA_EINVAL);
	c.param_mode = 0;
	c.call = NULL;
	assert_int_equal(scmia_smc_chan_init(&sc, &c), SCMIA_EINVAL);
	c.call = raw_call;
	c.size = 10;
	assert_int_equal(scmia_smc_chan_init(&sc, &c), SCMIA_EINVAL);
	c.size = AREA;
	c.base = (uint8_t *)area + 2;
	assert_int_equal(scmia_smc_chan_init(&sc, &c), SCMIA_EINVAL);
	c.base = area;
	c.flags = SCMIA_SMC_F_WORD32;
	assert_int_equal(scmia_smc_chan_init(&sc, &c), SCMIA_OK);
	assert_ptr_equal(scmia_smc_chan_area(&sc)->acc, &scmia_smt_access_word32);
	assert_null(scmia_smc_chan_area(NULL));
	assert_int_equal(scmia_smc_chan_stats(NULL, NULL), SCMIA_EINVAL);

	/* An a2p channel needs a function id (chan_setup refuses 0). */
	c.func_id = 0;
	assert_int_equal(scmia_smc_chan_init(&sc, &c), SCMIA_OK);
	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &scmia_smc_transport;
	assert_int_equal(scmia_agent_init(&ag, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = 2;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &sc;
	ccfg.mem = mem;
	ccfg.mem_size = sizeof(mem);
	assert_int_equal(scmia_chan_open(&ag, &ch, &ccfg), SCMIA_EINVAL);
	c.func_id = FID_SCMI;
	assert_int_equal(scmia_smc_chan_init(&sc, &c), SCMIA_OK);
	assert_int_equal(scmia_chan_open(&ag, &ch, &ccfg), SCMIA_OK);
	assert_int_equal(scmia_agent_deinit(&ag), SCMIA_OK);
}

/* Memory that takes only 32-bit accesses: the stock word accessor. */
static void test_word32_memory(void **state)
{
	struct opts o = O0;

	(void)state;
	o.smc_flags = SCMIA_SMC_F_WORD32;
	env_up(&o);
	assert_ptr_equal(scmia_smc_chan_area(&E.sc_a2p)->acc, &scmia_smt_access_word32);
	assert_int_equal(echo(13, 0, 10), SCMIA_OK); /* odd length: padded last word */
}

/* ------------------------------------------------------------------ */
/* Wait-queue option                                                   */
/* ------------------------------------------------------------------ */

static void test_waitq_sleep_then_served(void **state)
{
	struct opts o = O0;
	struct scmia_sim_smc_rule r;

	(void)state;
	o.tr = &scmia_smc_waitq_transport;
	o.use_fw = 1;
	o.fw_waitq = 1;
	env_up(&o);
	memset(&r, 0, sizeof(r));
	r.act = SCMIA_SIM_SMC_ACT_SLEEP;
	r.arg = 1;
	r.wake_us = 500; /* the firmware's waker raises the interrupt later */
	r.wake_flags = SCMIA_FWCALL_WAKE_ALL;
	assert_int_equal(scmia_sim_smc_script(&E.model, &r), SCMIA_OK);
	assert_int_equal(echo(16, 0, 11), SCMIA_OK);
	assert_int_equal(scmia_fwcall_counter(&E.fw, SCMIA_FWCALL_CNT_SLEEPS), 1);
	assert_int_equal(scmia_fwcall_counter(&E.fw, SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(model_stats().scmi, 1);
	assert_int_equal(model_stats().sleeps, 1);
	/* The command was processed once, at RESUME. */
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 1);
	assert_int_equal(echo(16, 0, 12), SCMIA_OK); /* no rule: served at once */
}

static void test_waitq_busy_retries(void **state)
{
	struct opts o = O0;
	struct scmia_sim_smc_rule r;

	(void)state;
	o.tr = &scmia_smc_waitq_transport;
	o.use_fw = 1;
	o.fw_waitq = 1;
	env_up(&o);
	memset(&r, 0, sizeof(r));
	r.act = SCMIA_SIM_SMC_ACT_BUSY;
	r.count = 3;
	assert_int_equal(scmia_sim_smc_script(&E.model, &r), SCMIA_OK);
	r.act = SCMIA_SIM_SMC_ACT_INTERRUPTED;
	r.count = 2;
	assert_int_equal(scmia_sim_smc_script(&E.model, &r), SCMIA_OK);
	assert_int_equal(echo(8, 0, 13), SCMIA_OK);
	assert_int_equal(scmia_fwcall_counter(&E.fw, SCMIA_FWCALL_CNT_BUSY), 3);
	assert_int_equal(scmia_fwcall_counter(&E.fw, SCMIA_FWCALL_CNT_INTERRUPTED), 2);
	assert_int_equal(smc_stats(&E.sc_a2p).calls, 1); /* one send */
	assert_int_equal(E.n_log, 6);                   /* six traps */
	assert_int_equal(model_stats().scmi, 1);
}

/* The atomic descriptor never sleeps: a WAITQ_SLEEP answer fails the send
 * (SCMIA_ENOTSUP) and the channel stays usable. */
static void test_atomic_refuses_sleep(void **state)
{
	struct opts o = O0;
	struct scmia_sim_smc_rule r;

	(void)state;
	o.tr = &scmia_smc_transport;
	o.use_fw = 1;
	o.fw_waitq = 1;
	env_up(&o);
	memset(&r, 0, sizeof(r));
	r.act = SCMIA_SIM_SMC_ACT_SLEEP;
	r.arg = 0;
	assert_int_equal(scmia_sim_smc_script(&E.model, &r), SCMIA_OK);
	assert_int_equal(echo(8, 0, 14), SCMIA_ENOTSUP);
	assert_int_equal(scmia_fwcall_counter(&E.fw, SCMIA_FWCALL_CNT_SLEEP_REFUSED), 1);
	assert_true(area_status() & SCMIA_SMT_STATUS_FREE);
	assert_int_equal(echo(8, 0, 14), SCMIA_OK);
}

/* Without a wake interrupt the wait-queue is off: a SLEEP answer is an
 * error, not a hang. */
static void test_waitq_off_sleep_is_error(void **state)
{
	struct opts o = O0;
	struct scmia_sim_smc_rule r;

	(void)state;
	o.tr = &scmia_smc_waitq_transport;
	o.use_fw = 1;
	o.fw_waitq = 0;
	env_up(&o);
	memset(&r, 0, sizeof(r));
	r.act = SCMIA_SIM_SMC_ACT_SLEEP;
	r.arg = 2;
	assert_int_equal(scmia_sim_smc_script(&E.model, &r), SCMIA_OK);
	assert_int_equal(echo(8, 0, 15), SCMIA_ENOTSUP);
	assert_int_equal(echo(8, 0, 15), SCMIA_OK);
}

/* ------------------------------------------------------------------ */
/* Threads                                                             */
/* ------------------------------------------------------------------ */

struct sender {
	pthread_t t;
	unsigned n, ok, bad;
	uint8_t seed;
	unsigned flags;
};

static void *sender_main(void *arg)
{
	struct sender *s = arg;
	unsigned i;

	for (i = 0; i < s->n; i++) {
		if (echo(4u + (i % 20u) * 4u, s->flags, (uint8_t)(s->seed + i)) == SCMIA_OK)
			s->ok++;
		else
			s->bad++;
	}
	return NULL;
}

static void run_senders(unsigned n_threads, unsigned n, unsigned flags)
{
	struct sender s[4];
	unsigned i, ok = 0, bad = 0;

	assert_true(n_threads <= 4);
	for (i = 0; i < n_threads; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].n = n;
		s[i].seed = (uint8_t)(i * 50u);
		s[i].flags = flags;
		assert_int_equal(pthread_create(&s[i].t, NULL, sender_main, &s[i]), 0);
	}
	for (i = 0; i < n_threads; i++) {
		pthread_join(s[i].t, NULL);
		ok += s[i].ok;
		bad += s[i].bad;
	}
	assert_int_equal(bad, 0);
	assert_int_equal(ok, n_threads * n);
}

/* Threaded tests check who gets which reply, not how fast: a reply
 * timeout of 1 s (not the descriptor's 30 ms) keeps a loaded machine from
 * turning a slow thread into a timeout. */
static void slow_machine_timeouts(void)
{
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 1000000, 0), SCMIA_OK);
}

/* Senders racing on one channel (one area) are serialised: every reply
 * reaches its own command. */
static void test_concurrent_senders_on_return(void **state)
{
	struct opts o = O0;

	(void)state;
	o.posix = 1;
	o.busy_timeout_us = 2000000;
	env_up(&o);
	slow_machine_timeouts();
	run_senders(4, 200, 0);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 800);
	assert_int_equal(smc_stats(&E.sc_a2p).busy, 0);
	assert_int_equal(model_stats().not_done, 0);
}

/* The transport takes the agent's lock (scmia_chan_lock()) to update its
 * state exactly where the target has no compare-and-swap: a fetch for a
 * transfer that does not own the area only counts an error. */
static void test_lock_only_without_cas(void **state)
{
	struct opts o = O0;
	struct scmia_xfer *x;
	unsigned before;

	(void)state;
	o.posix = 1;
	env_up(&o);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 0, 0,
					&x),
			 SCMIA_OK);
	before = __atomic_load_n(&AGENT_LOCKS, __ATOMIC_RELAXED);
	assert_int_equal(scmia_smc_transport.ops->fetch_response(NULL, &E.a2p, x, NULL),
			 SCMIA_EUNEXPECTED);
	if (SCMIA_SMC_LOCKFREE)
		assert_int_equal(__atomic_load_n(&AGENT_LOCKS, __ATOMIC_RELAXED), before);
	else
		assert_true(__atomic_load_n(&AGENT_LOCKS, __ATOMIC_RELAXED) > before);
	assert_int_equal(smc_stats(&E.sc_a2p).errors, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
}

/* Asynchronous platform: the call only rings; the sim's thread writes the
 * reply and raises the completion interrupt (scmia_smc_irq). */
static void test_irq_completion(void **state)
{
	struct opts o = O0;

	(void)state;
	o.tr = &scmia_smc_irq_transport;
	o.model_flags = SCMIA_SIM_SMC_ASYNC;
	o.posix = 1;
	o.threaded = 1;
	o.busy_timeout_us = 2000000;
	env_up(&o);
	slow_machine_timeouts();
	run_senders(2, 100, 0);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 200);
	assert_int_equal(cnt(SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(smc_stats(&E.sc_a2p).spurious, 0);
	/* And polling on the same channel (no completion interrupt asked). */
	run_senders(2, 50, SCMIA_XFER_F_POLL);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 300);
	assert_int_equal(smc_stats(&E.sc_a2p).spurious, 0);
}

/* A polled and an interrupt-driven sender racing on one channel. */
static void test_irq_and_poll_senders_race(void **state)
{
	struct opts o = O0;
	struct sender s[2];
	unsigned i;

	(void)state;
	o.tr = &scmia_smc_irq_transport;
	o.model_flags = SCMIA_SIM_SMC_ASYNC;
	o.posix = 1;
	o.threaded = 1;
	o.busy_timeout_us = 2000000;
	env_up(&o);
	slow_machine_timeouts();
	for (i = 0; i < 2; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].n = 150;
		s[i].seed = (uint8_t)(i * 90u);
		s[i].flags = i ? SCMIA_XFER_F_POLL : 0u;
		assert_int_equal(pthread_create(&s[i].t, NULL, sender_main, &s[i]), 0);
	}
	for (i = 0; i < 2; i++) {
		pthread_join(s[i].t, NULL);
		assert_int_equal(s[i].bad, 0);
		assert_int_equal(s[i].ok, 150);
	}
	assert_int_equal(cnt(SCMIA_CNT_TIMEOUTS), 0);
}

/* A completion interrupt while the platform still owns the area (a late or
 * early interrupt): ignored and counted; the real one completes. */
static volatile int CB_DONE;
static int CB_RESULT;

static void echo_cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	(void)x;
	CB_RESULT = result;
	__atomic_store_n(&CB_DONE, 1, __ATOMIC_RELEASE);
}

static void test_irq_while_not_free(void **state)
{
	struct opts o = O0;
	struct scmia_sim_fault f;
	struct scmia_xfer *x;
	unsigned i;

	(void)state;
	o.tr = &scmia_smc_irq_transport;
	o.model_flags = SCMIA_SIM_SMC_ASYNC;
	o.posix = 1;
	o.threaded = 1;
	env_up(&o);
	slow_machine_timeouts();
	/* The platform takes 20 ms to answer. */
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_MSG;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ECHO;
	f.action = SCMIA_SIM_FA_DELAY;
	f.arg = 20000;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&x),
			 SCMIA_OK);
	memset(x->tx_buf, 0x5a, 4);
	CB_DONE = 0;
	assert_int_equal(scmia_xfer_submit(x, 0, echo_cb, NULL), SCMIA_OK);
	/* The call returned (it only rings); the area is still the
	 * platform's: an interrupt now is not the reply. */
	assert_false(area_status() & (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR));
	assert_int_equal(scmia_smc_irq(&E.sc_a2p), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(smc_stats(&E.sc_a2p).spurious, 1);
	for (i = 0; i < 2000 && !__atomic_load_n(&CB_DONE, __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	assert_int_equal(CB_DONE, 1);
	assert_int_equal(CB_RESULT, SCMIA_OK);
	assert_int_equal(scmia_get_le32((uint8_t *)x->rx_buf + 4),
			 scmia_sim_checksum(x->hdr, x->tx_buf, 4));
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* The platform's own spurious doorbell after a reply: counted. */
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_MSG;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.msg_id = SCMIA_SIM_TEST_ECHO;
	f.action = SCMIA_SIM_FA_SPURIOUS;
	f.arg = SCMIA_SIM_SPURIOUS_DOORBELL;
	f.count = 1;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(echo(8, 0, 17), SCMIA_OK);
	for (i = 0; i < 1000 && cnt(SCMIA_CNT_SPURIOUS) < 2; i++)
		usleep(1000);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 2);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 2);
}

/* A command that times out on an asynchronous platform: its late reply is
 * handed to the core (counted late, token retired), not taken for the next
 * command and not counted as spurious; the channel keeps working. */
static void test_irq_late_reply_after_timeout(void **state)
{
	struct opts o = O0;
	uint8_t tx[4], rx[8];
	unsigned i;

	(void)state;
	o.tr = &scmia_smc_irq_transport;
	o.model_flags = SCMIA_SIM_SMC_ASYNC;
	o.posix = 1;
	o.threaded = 1;
	env_up(&o);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 20000, 0), SCMIA_OK);
	scmia_put_le32(tx, 100); /* SLOW: the platform answers after 100 ms */
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx,
				   sizeof(rx), NULL, 0),
			 SCMIA_ETIMEDOUT);
	for (i = 0; i < 2000 && cnt(SCMIA_CNT_LATE_REPLIES) == 0; i++)
		usleep(1000);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 0);
	assert_int_equal(smc_stats(&E.sc_a2p).late, 1);
	slow_machine_timeouts();
	assert_int_equal(echo(8, 0, 18), SCMIA_OK);
	/* A second interrupt for that same late reply is spurious now. */
	assert_int_equal(scmia_smc_irq(&E.sc_a2p), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 1);
}

/* The next sender rewrote the area before the late interrupt came: that
 * interrupt must not deliver anything. */
static void test_late_irq_after_area_reused(void **state)
{
	struct opts o = O0;
	uint8_t tx[4], rx[8];
	unsigned i;

	(void)state;
	o.tr = &scmia_smc_irq_transport;
	o.model_flags = SCMIA_SIM_SMC_ASYNC;
	o.posix = 1;
	o.threaded = 1;
	o.busy_timeout_us = 2000000; /* the next sender waits for the late reply */
	env_up(&o);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 20000, 0), SCMIA_OK);
	scmia_put_le32(tx, 100);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx,
				   sizeof(rx), NULL, 0),
			 SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 1000000, 0), SCMIA_OK);
	/* The next command waits for the late reply's FREE, then rewrites the
	 * area; its own reply completes it. */
	assert_int_equal(echo(8, 0, 19), SCMIA_OK);
	for (i = 0; i < 200; i++)
		usleep(1000);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 1);
	/* Whatever happened to the late interrupt, it completed nothing. */
	assert_true(cnt(SCMIA_CNT_LATE_REPLIES) + cnt(SCMIA_CNT_SPURIOUS) <= 1);
	assert_int_equal(scmia_smc_irq(&E.sc_a2p), SCMIA_EBUSY);
}

/* The kit (sim_smc.h) the demo uses: the demo's whole flow over an
 * asynchronous SMC platform whose firmware answers WAITQ_SLEEP, busy and
 * INTERRUPTED at random. */
static struct {
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_smc_kit kit;
	struct scmia_posix posix;
	struct scmia_posix_wait waits[MAX_MSG];
	struct scmia_posix_wait fw_waits[SCMIA_SIM_SMC_KIT_WAITERS];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
} K;

static void test_kit_demo_flow(void **state)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_xfer *x;
	uint8_t tx[8], rx[16];
	uint32_t len = 0;
	unsigned i;

	(void)state;
	memset(&K, 0, sizeof(K));
	assert_int_equal(scmia_posix_init(&K.posix), SCMIA_OK);
	K.posix.log_level = -1;
	assert_int_equal(scmia_posix_wait_init(K.waits, MAX_MSG), SCMIA_OK);
	assert_int_equal(scmia_posix_wait_init(K.fw_waits, SCMIA_SIM_SMC_KIT_WAITERS), SCMIA_OK);
	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	assert_int_equal(scmia_sim_init(&K.sim, &scfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&K.sim, &K.test), SCMIA_OK);
	assert_int_equal(scmia_sim_smc_kit_init(&K.kit, &K.sim, &scmia_posix_os_ops, &K.posix,
						K.fw_waits, sizeof(K.fw_waits[0]), 1),
			 SCMIA_OK);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &K.posix;
	acfg.transport = &scmia_smc_irq_transport;
	assert_int_equal(scmia_agent_init(&K.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &K.kit.a2p;
	ccfg.mem = K.mem_a2p;
	ccfg.mem_size = sizeof(K.mem_a2p);
	ccfg.wait_objs = K.waits;
	ccfg.wait_obj_stride = sizeof(K.waits[0]);
	assert_int_equal(scmia_chan_open(&K.agent, &K.a2p, &ccfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &K.kit.p2a;
	ccfg.mem = K.mem_p2a;
	ccfg.mem_size = sizeof(K.mem_p2a);
	assert_int_equal(scmia_chan_open(&K.agent, &K.p2a, &ccfg), SCMIA_OK);
	/* not a timing test: 1 s, so that a loaded machine does not fail it */
	assert_int_equal(scmia_chan_set_timeouts(&K.a2p, 1000000, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_start(&K.sim), SCMIA_OK);

	/* discovery */
	assert_int_equal(scmia_cmd(&K.agent, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0,
				   rx, sizeof(rx), &len, 0),
			 SCMIA_OK);
	assert_int_equal(scmia_get_le32(rx), 0x00020000u);
	/* synchronous commands, each reply checked against its command */
	for (i = 0; i < 60; i++) {
		uint32_t n = 4u + (i % 8u) * 4u, k;
		uint8_t *p;

		assert_int_equal(scmia_xfer_get(&K.agent, SCMIA_SIM_TEST_PROTO,
						SCMIA_SIM_TEST_ECHO, n, 0, &x),
				 SCMIA_OK);
		p = (uint8_t *)x->tx_buf;
		for (k = 0; k < n; k++)
			p[k] = (uint8_t)(i + k);
		assert_int_equal(scmia_xfer_do(x, 0), SCMIA_OK);
		assert_int_equal(x->rx_len, n + 4u);
		assert_int_equal(scmia_get_le32((uint8_t *)x->rx_buf + n),
				 scmia_sim_checksum(x->hdr, x->tx_buf, n));
		assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	}
	/* asynchronous command: the delayed response comes on p2a */
	scmia_put_le32(tx, 0x77);
	assert_int_equal(scmia_cmd(&K.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, tx, 4,
				   rx, sizeof(rx), &len, SCMIA_XFER_F_ASYNC),
			 SCMIA_OK);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(0x77));
	/* notification */
	scmia_put_le32(tx, 7);
	assert_int_equal(scmia_cmd(&K.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx,
				   4, rx, sizeof(rx), &len, 0),
			 SCMIA_OK);
	for (i = 0; i < 2000 && scmia_agent_counter(&K.agent, SCMIA_CNT_NOTIFICATIONS) == 0; i++)
		usleep(1000);
	assert_int_equal(scmia_agent_counter(&K.agent, SCMIA_CNT_NOTIFICATIONS), 1);
	/* timeout and late reply */
	assert_int_equal(scmia_chan_set_timeouts(&K.a2p, 20000, 0), SCMIA_OK);
	scmia_put_le32(tx, 100);
	assert_int_equal(scmia_cmd(&K.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx,
				   sizeof(rx), NULL, 0),
			 SCMIA_ETIMEDOUT);
	for (i = 0; i < 2000 && scmia_agent_counter(&K.agent, SCMIA_CNT_LATE_REPLIES) == 0; i++)
		usleep(1000);
	assert_int_equal(scmia_agent_counter(&K.agent, SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(scmia_chan_set_timeouts(&K.a2p, 1000000, 0), SCMIA_OK);
	scmia_put_le32(tx, 0);
	assert_int_equal(scmia_cmd(&K.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx,
				   sizeof(rx), NULL, 0),
			 SCMIA_OK);
	/* the wait-queue was exercised, and never timed out */
	assert_true(scmia_fwcall_counter(&K.kit.fw, SCMIA_FWCALL_CNT_SLEEPS) > 0);
	assert_int_equal(scmia_fwcall_counter(&K.kit.fw, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 0);
	assert_int_equal(scmia_agent_counter(&K.agent, SCMIA_CNT_SPURIOUS), 0);

	scmia_sim_stop(&K.sim);
	assert_int_equal(scmia_agent_deinit(&K.agent), SCMIA_OK);
	scmia_sim_smc_kit_deinit(&K.kit);
	scmia_sim_deinit(&K.sim);
	scmia_posix_wait_deinit(K.waits, MAX_MSG);
	scmia_posix_wait_deinit(K.fw_waits, SCMIA_SIM_SMC_KIT_WAITERS);
	scmia_posix_deinit(&K.posix);
}

#define T_(fn) cmocka_unit_test_teardown(fn, env_down)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T_(test_on_return_echo),
		T_(test_on_return_base_version),
		T_(test_param_shmem),
		T_(test_param_cap_id),
		T_(test_param_mismatch_is_io_error),
		T_(test_not_supported),
		T_(test_result_decoding),
		T_(test_stuck_channel_no_call),
		T_(test_dropped_reply),
		T_(test_truncated_reply_releases_channel),
		T_(test_bad_replies_on_return),
		T_(test_irq_header_given_to_rx_checked),
		T_(test_header_rechecked_after_copy),
		T_(test_forged_dresp_while_send_waits),
		T_(test_p2a_delayed_response_and_notification),
		T_(test_irq_entry_lifecycle),
		cmocka_unit_test(test_init_validation),
		T_(test_word32_memory),
		T_(test_waitq_sleep_then_served),
		T_(test_waitq_busy_retries),
		T_(test_atomic_refuses_sleep),
		T_(test_waitq_off_sleep_is_error),
		T_(test_concurrent_senders_on_return),
		T_(test_lock_only_without_cas),
		T_(test_irq_completion),
		T_(test_irq_and_poll_senders_race),
		T_(test_irq_while_not_free),
		T_(test_irq_late_reply_after_timeout),
		T_(test_late_irq_after_area_reused),
		cmocka_unit_test(test_kit_demo_flow),
	};

	alarm(120); /* a hang is a failure */
	return cmocka_run_group_tests_name(SCMIA_SMC_LOCKFREE ? "smc" : "smc_locked", tests, NULL,
					   NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACPI PCC transport tests (label pcc): the real core and transport against
 * the simulated platform's PCC subspaces (tests/sim/sim_pcc.h), with fault
 * rules and register-hook wrappers for exact bad answers.
 *
 * Facts used (ACPI 6.5 chapter 14, Extended PCC subspaces; Linux
 * include/acpi/pcc.h): type 3 initiator, type 4 responder; region header
 * signature 0x50434300 | subspace id, flags (bit 0 notify on completion),
 * length (from the command field on), command; register updates are
 * (read & preserve) | set; command complete and error are checked under
 * their masks, an error is cleared by writing the bits under the mask 0.
 * The SCMI header is in the command field, the payload after it (replies:
 * status first). ECHO (vendor protocol 0x80, msg 0x3) answers the bytes it
 * got plus the sim's checksum of the command header and payload.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_pcc.h"
#include "scmia_posix.h"
#include "sim_pcc.h"

#define REGION 128u
#define MAX_MSG 8u
#define MSG_SIZE 100u

/* ------------------------------------------------------------------ */
/* Environment                                                         */
/* ------------------------------------------------------------------ */

struct opts {
	uint32_t sim_flags;       /* SCMIA_SIM_PCC_*; default INLINE */
	int threaded;             /* POSIX agent, engine runner */
	int posix;                /* POSIX agent, stepped engine (virtual clock) */
	uint8_t completion;       /* a2p SCMIA_COMPLETION_*; 0: auto */
	int p2a;                  /* open the type 4 channel */
	int immediate;            /* notifications dispatched by the receive entry */
	uint32_t pcc_flags;       /* type 3 SCMIA_PCC_F_* */
	uint32_t busy_timeout_us;
	uint32_t min_turnaround_us;
	uint64_t complete_mask;   /* type 3 command complete mask; 0: the model's */
	uint64_t doorbell_set;    /* type 3 doorbell set mask; 0: the model's */
	const struct scmia_pcc_reg_ops *regs; /* wrapper in front of the model */
};

struct env {
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
	struct scmia_posix posix;
	struct scmia_posix_wait waits[MAX_MSG];
	int posix_up, agent_up, threaded, up;
	int open_ret;
	/* wrapper state */
	struct scmia_xfer *stray;
	uint64_t db_times[8];
	unsigned n_db;
	unsigned reentered;
};

static struct env E;
static const struct opts O0;

static void env_up(const struct opts *o)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_pcc_cfg pcfg;

	memset(&E, 0, sizeof(E));
	E.up = 1;
	E.threaded = o->threaded;
	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = o->threaded ? SCMIA_SIM_CLOCK_MONOTONIC : SCMIA_SIM_CLOCK_VIRTUAL;
	assert_int_equal(scmia_sim_init(&E.sim, &scfg), SCMIA_OK);
	E.test.async_delay_us = 2000u;
	assert_int_equal(scmia_sim_test_register(&E.sim, &E.test), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_init(&E.model, &E.sim, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_attach(&E.model, 0, E.a2p_region, sizeof(E.a2p_region),
					      &E.a2p_pc, E.p2a_region, sizeof(E.p2a_region),
					      &E.p2a_pc,
					      o->sim_flags ? o->sim_flags : SCMIA_SIM_PCC_INLINE),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_cfg_fill(&E.model, 0, 0, &pcfg), SCMIA_OK);
	pcfg.acc = &scmia_sim_pcc_acc;
	pcfg.flags = o->pcc_flags;
	pcfg.busy_timeout_us = o->busy_timeout_us;
	pcfg.min_turnaround_us = o->min_turnaround_us;
	if (o->complete_mask)
		pcfg.cmd_complete.mask = o->complete_mask;
	if (o->doorbell_set)
		pcfg.doorbell.set = o->doorbell_set;
	if (o->regs)
		pcfg.regs = o->regs;
	assert_int_equal(scmia_pcc_chan_init(&E.a2p_pc, &pcfg), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_cfg_fill(&E.model, 0, 1, &pcfg), SCMIA_OK);
	pcfg.acc = &scmia_sim_pcc_acc;
	if (o->regs)
		pcfg.regs = o->regs;
	assert_int_equal(scmia_pcc_chan_init(&E.p2a_pc, &pcfg), SCMIA_OK);

	memset(&acfg, 0, sizeof(acfg));
	if (o->threaded || o->posix) {
		assert_int_equal(scmia_posix_init(&E.posix), SCMIA_OK);
		E.posix.log_level = -1;
		assert_int_equal(scmia_posix_wait_init(E.waits, MAX_MSG), SCMIA_OK);
		E.posix_up = 1;
		acfg.os = &scmia_posix_os_ops;
		acfg.os_ctx = &E.posix;
	}
	acfg.flags = o->immediate ? SCMIA_AGENT_F_NOTIFY_IMMEDIATE : 0u;
	acfg.transport = &scmia_pcc_transport;
	acfg.transport_ctx = NULL;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);
	E.agent_up = 1;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.a2p_pc;
	ccfg.mem = E.mem_a2p;
	ccfg.mem_size = sizeof(E.mem_a2p);
	ccfg.completion = o->completion;
	if (o->threaded || o->posix) {
		ccfg.wait_objs = E.waits;
		ccfg.wait_obj_stride = sizeof(E.waits[0]);
		/* a loaded host (2 cores, several jobs) must not turn a slow
		 * reply into a failure */
		ccfg.reply_timeout_us = 1000000u;
	}
	E.open_ret = scmia_chan_open(&E.agent, &E.a2p, &ccfg);
	assert_int_equal(E.open_ret, SCMIA_OK);
	if (o->p2a) {
		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_P2A;
		ccfg.max_msg = MAX_MSG;
		ccfg.msg_size = MSG_SIZE;
		ccfg.chan_ctx = &E.p2a_pc;
		ccfg.mem = E.mem_p2a;
		ccfg.mem_size = sizeof(E.mem_p2a);
		assert_int_equal(scmia_chan_open(&E.agent, &E.p2a, &ccfg), SCMIA_OK);
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
	scmia_sim_pcc_deinit(&E.model);
	scmia_sim_deinit(&E.sim);
	if (E.posix_up) {
		scmia_posix_wait_deinit(E.waits, MAX_MSG);
		scmia_posix_deinit(&E.posix);
	}
	E.posix_up = 0;
}

static struct scmia_pcc_stats tstats(struct scmia_pcc_chan *pc)
{
	struct scmia_pcc_stats s;

	assert_int_equal(scmia_pcc_chan_stats(pc, &s), SCMIA_OK);
	return s;
}

static struct scmia_sim_pcc_stats mstats(void)
{
	struct scmia_sim_pcc_stats s;

	assert_int_equal(scmia_sim_pcc_stats(&E.model, 0, &s), SCMIA_OK);
	return s;
}

static void rule(uint8_t act, int p2a, uint64_t arg, uint32_t count)
{
	struct scmia_sim_pcc_rule r;

	memset(&r, 0, sizeof(r));
	r.act = act;
	r.p2a = (uint8_t)p2a;
	r.arg = arg;
	r.count = count;
	assert_int_equal(scmia_sim_pcc_script(&E.model, &r), SCMIA_OK);
}

static uint64_t reg(int p2a, unsigned r)
{
	uint64_t v = 0;

	assert_int_equal(scmia_sim_pcc_reg(&E.model, 0, p2a, r, 0, &v), SCMIA_OK);
	return v;
}

static void reg_set(int p2a, unsigned r, uint64_t v)
{
	assert_int_equal(scmia_sim_pcc_reg(&E.model, 0, p2a, r, 1, &v), SCMIA_OK);
}

static uint32_t cnt(enum scmia_counter c)
{
	return scmia_agent_counter(&E.agent, c);
}

static int echo(uint32_t seed, uint32_t len)
{
	struct scmia_xfer *x = NULL;
	uint8_t tx[64];
	uint32_t i;
	int ret;

	assert_true(len <= sizeof(tx));
	for (i = 0; i < len; i++)
		tx[i] = (uint8_t)(seed + i * 11u);
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

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

static void test_config(void **state)
{
	struct scmia_pcc_cfg good, c;
	struct scmia_pcc_chan pc;

	(void)state;
	memset(&E, 0, sizeof(E));
	assert_int_equal(scmia_sim_init(&E.sim, NULL), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_init(&E.model, &E.sim, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_attach(&E.model, 0, E.a2p_region, sizeof(E.a2p_region),
					      NULL, E.p2a_region, sizeof(E.p2a_region), NULL, 0),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_cfg_fill(&E.model, 0, 0, &good), SCMIA_OK);
	assert_int_equal(scmia_pcc_chan_init(&pc, &good), SCMIA_OK);

#define BAD(stmt)                                                         \
	do {                                                              \
		c = good;                                                 \
		stmt;                                                     \
		assert_int_equal(scmia_pcc_chan_init(&pc, &c), SCMIA_EINVAL); \
	} while (0)
	BAD(c.type = 5);
	BAD(c.type = 2);
	BAD(c.base = NULL);
	BAD(c.base = (uint8_t *)E.a2p_region + 2);
	BAD(c.size = 16);
	BAD(c.size = 126);
	BAD(c.regs = NULL);
	BAD(c.flags = 0x100);
	BAD(c.cmd_complete.gas.address = 0);
	BAD(c.cmd_update.gas.address = 0);
	BAD(c.doorbell.gas.address = 0);           /* type 3 rings */
	BAD(c.cmd_complete.mask = 0);
	BAD(c.cmd_complete.mask = (uint64_t)1 << 40); /* nothing inside 32 bits */
	BAD(c.cmd_complete.gas.bit_width = 24);
	BAD(c.doorbell.gas.bit_width = 0);
	BAD(c.error.mask = 0);
	BAD(c.error.mask = (uint64_t)1 << 33);
	BAD(c.plat_ack.gas.bit_width = 12);
#undef BAD
	/* optional registers may be absent */
	c = good;
	c.plat_ack.gas.address = 0;
	c.error.gas.address = 0;
	assert_int_equal(scmia_pcc_chan_init(&pc, &c), SCMIA_OK);
	assert_int_equal(scmia_sim_pcc_cfg_fill(&E.model, 0, 1, &c), SCMIA_OK);
	c.doorbell.gas.address = 0; /* type 4: rung only when asked */
	assert_int_equal(scmia_pcc_chan_init(&pc, &c), SCMIA_OK);
	c.size = SCMIA_PCC_REGION_MIN;
	assert_int_equal(scmia_pcc_chan_init(&pc, &c), SCMIA_OK);
	assert_int_equal(scmia_pcc_chan_init(NULL, &c), SCMIA_EINVAL);
	assert_int_equal(scmia_pcc_chan_init(&pc, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_pcc_irq(NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_pcc_irq(&pc), SCMIA_ESTATE); /* not set up */
	scmia_sim_pcc_deinit(&E.model);
	scmia_sim_deinit(&E.sim);
}

/* The subspace type must match the channel direction. */
static void test_direction(void **state)
{
	struct scmia_chan_cfg ccfg;
	struct scmia_chan other;

	(void)state;
	env_up(&O0);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.a2p_pc; /* type 3 on a p2a channel */
	ccfg.mem = E.mem_p2a;
	ccfg.mem_size = sizeof(E.mem_p2a);
	assert_int_equal(scmia_chan_open(&E.agent, &E.p2a, &ccfg), SCMIA_EINVAL);
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.proto_id = SCMIA_SIM_TEST_PROTO;
	ccfg.chan_ctx = &E.p2a_pc; /* type 4 on an a2p channel */
	assert_int_equal(scmia_chan_open(&E.agent, &other, &ccfg), SCMIA_EINVAL);
	ccfg.chan_ctx = &E.a2p_pc; /* bound already */
	assert_int_equal(scmia_chan_open(&E.agent, &other, &ccfg), SCMIA_ESTATE);
	assert_int_equal(echo(1, 8), SCMIA_OK);
	env_down();
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

/* Polling agent (no OS), platform inline: the region carries the
 * subspace's signature, the length counts the command field, the
 * platform sees every doorbell with command complete cleared. */
/* A subspace without a platform interrupt (SCMIA_PCC_F_NO_IRQ): AUTO
 * completion polls even with the POSIX port's lock (which would choose
 * interrupts, never raised here: every command would time out). */
static void test_no_irq_auto_polls(void **state)
{
	struct opts o = O0;
	uint32_t i;

	(void)state;
	o.posix = 1;
	o.pcc_flags = SCMIA_PCC_F_NO_IRQ;
	o.completion = SCMIA_COMPLETION_AUTO;
	env_up(&o);
	for (i = 0; i < 4; i++)
		assert_int_equal(echo(i, 8), SCMIA_OK);
	assert_int_equal(mstats().irqs, 0);
	assert_int_equal(cnt(SCMIA_CNT_TIMEOUTS), 0);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 4);
}

static void test_echo_polling(void **state)
{
	struct scmia_sim_pcc_stats s;
	uint32_t i;

	(void)state;
	env_up(&O0);
	for (i = 0; i < 40; i++)
		assert_int_equal(echo(i, i % 41u), SCMIA_OK);
	s = mstats();
	assert_int_equal(s.commands, 40);
	assert_int_equal(s.doorbells, 40);
	assert_int_equal(s.bad_doorbell + s.bad_signature + s.bad_len + s.wide_writes, 0);
	assert_int_equal(s.irqs, 0); /* a polling agent asks for none */
	assert_int_equal(scmia_get_le32(&E.a2p_region[0]), SCMIA_PCC_SIGNATURE(0));
	assert_int_equal(scmia_get_le32(&E.a2p_region[1]) & SCMIA_PCC_FLAGS_NOTIFY, 0);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 40);
	/* the largest payload the region holds, and one more byte */
	{
		struct scmia_xfer *x = NULL;

		assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO,
						SCMIA_PCC_PAYLOAD_MAX(REGION) - 12u, 0, &x),
				 SCMIA_OK);
		memset(x->tx_buf, 0x5a, x->tx_len);
		x->tx_len = (uint32_t)SCMIA_PCC_PAYLOAD_MAX(REGION) + 1u;
		assert_int_equal(scmia_xfer_do(x, 0), SCMIA_ENOSPC);
		scmia_xfer_put(x);
	}
	env_down();
}

/* Interrupt-driven (POSIX agent, platform thread): every completion
 * interrupt acknowledged once, none left pending. */
static void test_echo_irq(void **state)
{
	struct opts o = O0;
	struct scmia_sim_pcc_stats s;
	uint32_t i;

	(void)state;
	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ;
	env_up(&o);
	for (i = 0; i < 40; i++)
		assert_int_equal(echo(i, i % 41u), SCMIA_OK);
	s = mstats();
	assert_int_equal(s.commands, 40);
	assert_int_equal(s.irqs, 40);
	assert_int_equal(s.acks, 40);
	assert_int_equal(s.unacked, 0);
	assert_int_equal(tstats(&E.a2p_pc).acks, 40);
	assert_int_equal(reg(0, SCMIA_SIM_PCC_R_ACK), 0);
	env_down();
}

/* ------------------------------------------------------------------ */
/* Ownership of the region                                             */
/* ------------------------------------------------------------------ */

/* The platform keeps the region (command complete never set): the next
 * send waits, bounded, and gives up without writing or ringing. */
static void test_wait_complete(void **state)
{
	struct opts o = O0;
	uint32_t db;

	(void)state;
	o.busy_timeout_us = 2000;
	env_up(&o);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 3000, 0), SCMIA_OK);
	rule(SCMIA_SIM_PCC_ACT_STUCK, 0, 0, 1);
	assert_int_equal(echo(1, 8), SCMIA_ETIMEDOUT);
	db = mstats().doorbells;
	memset(E.a2p_region, 0xee, sizeof(E.a2p_region) / 2); /* what a writer would change */
	{
		uint32_t before = E.a2p_region[0];

		assert_int_equal(echo(2, 8), SCMIA_EBUSY);
		assert_int_equal(E.a2p_region[0], before); /* nothing written */
	}
	assert_int_equal(mstats().doorbells, db);
	assert_int_equal(tstats(&E.a2p_pc).busy, 1);
	/* the platform is done at last */
	reg_set(0, SCMIA_SIM_PCC_R_COMPLETE, 1);
	assert_int_equal(echo(3, 8), SCMIA_OK);
	env_down();
}

/* Garbage above a register's width never reads as a set bit: a command
 * complete mask reaching beyond 32 bits still waits for bit 0. */
static void test_register_width(void **state)
{
	struct opts o = O0;

	(void)state;
	o.busy_timeout_us = 2000;
	o.complete_mask = 0x100000001ull;
	o.doorbell_set = 0x100000001ull;
	env_up(&o);
	assert_int_equal(echo(1, 8), SCMIA_OK);
	assert_int_equal(mstats().wide_writes, 0); /* the doorbell write kept to 32 bits */
	reg_set(0, SCMIA_SIM_PCC_R_COMPLETE, 0);  /* the platform holds the region */
	rule(SCMIA_SIM_PCC_ACT_HIGH_BITS, 0, SCMIA_SIM_PCC_R_COMPLETE, 100000);
	assert_int_equal(echo(2, 8), SCMIA_EBUSY);
	env_down();
}

/* Minimum request turnaround: the next doorbell comes no sooner than that
 * after the previous command ended. */
static int tr_read(void *ctx, const struct scmia_pcc_gas *gas, uint64_t *val)
{
	return scmia_sim_pcc_regs.read(ctx, gas, val);
}

static int tr_write(void *ctx, const struct scmia_pcc_gas *gas, uint64_t val)
{
	if (gas->address == SCMIA_SIM_PCC_REG_ADDR(0, 0, SCMIA_SIM_PCC_R_DOORBELL)) {
		if (E.n_db < 8)
			E.db_times[E.n_db++] = mono_us();
		if (E.stray)
			scmia_pcc_transport.ops->mark_txdone(NULL, &E.a2p, SCMIA_ETIMEDOUT, E.stray);
	}
	return scmia_sim_pcc_regs.write(ctx, gas, val);
}

static const struct scmia_pcc_reg_ops tr_ops = { .read = tr_read, .write = tr_write };

static void test_turnaround(void **state)
{
	struct opts o = O0;

	(void)state;
	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ;
	o.regs = &tr_ops;
	o.min_turnaround_us = 20000;
	env_up(&o);
	assert_int_equal(echo(1, 8), SCMIA_OK);
	assert_int_equal(echo(2, 8), SCMIA_OK);
	assert_int_equal(echo(3, 8), SCMIA_OK);
	assert_int_equal(E.n_db, 3);
	assert_true(E.db_times[1] - E.db_times[0] >= 20000u);
	assert_true(E.db_times[2] - E.db_times[1] >= 20000u);
	env_down();
}

/* A mark_txdone for a transfer that does not own the region (issued from
 * inside the owner's doorbell write) frees nobody's claim: the owner still
 * fetches its own reply. */
static void test_stray_txdone_keeps_claim(void **state)
{
	struct opts o = O0;
	struct scmia_xfer *stray = NULL;

	(void)state;
	o.regs = &tr_ops;
	env_up(&o);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&stray),
			 SCMIA_OK);
	E.stray = stray;
	assert_int_equal(echo(7, 16), SCMIA_OK);
	E.stray = NULL;
	scmia_xfer_put(stray);
	assert_int_equal(echo(8, 16), SCMIA_OK);
	env_down();
}

/* fetch_response for a transfer that does not own the region is refused
 * and copies nothing. */
static void test_fetch_needs_owner(void **state)
{
	struct scmia_xfer *x = NULL;

	(void)state;
	env_up(&O0);
	assert_int_equal(echo(1, 8), SCMIA_OK);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 8, 0,
					&x),
			 SCMIA_OK);
	assert_int_equal(scmia_pcc_transport.ops->fetch_response(NULL, &E.a2p, x, NULL),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(x->rx_len, 0);
	assert_int_equal(scmia_pcc_transport.ops->poll_done(NULL, &E.a2p, x), 0);
	assert_int_equal(tstats(&E.a2p_pc).errors, 1);
	scmia_xfer_put(x);
	env_down();
}

/* ------------------------------------------------------------------ */
/* What the platform writes is untrusted                               */
/* ------------------------------------------------------------------ */

static void test_bad_signature(void **state)
{
	(void)state;
	env_up(&O0);
	rule(SCMIA_SIM_PCC_ACT_SIGNATURE, 0, 0x100, 1);
	assert_int_equal(echo(1, 8), SCMIA_EMALFORMED);
	assert_int_equal(tstats(&E.a2p_pc).bad_signature, 1);
	assert_int_equal(echo(2, 8), SCMIA_OK);
	env_down();
}

static void test_bad_length(void **state)
{
	static const struct {
		uint32_t len;
		int want;
	} c[] = {
		{ 0, SCMIA_ETOOSHORT },
		{ 4, SCMIA_ETOOSHORT },
		{ 7, SCMIA_ETOOSHORT },
		{ REGION - SCMIA_PCC_OFF_COMMAND + 1u, SCMIA_EMALFORMED },
		{ 0x7fffffffu, SCMIA_EMALFORMED },
		{ 0xfffffff8u, SCMIA_EMALFORMED },
	};
	unsigned i;

	(void)state;
	env_up(&O0);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint32_t bl = tstats(&E.a2p_pc).bad_length;

		rule(SCMIA_SIM_PCC_ACT_LENGTH, 0, c[i].len, 1);
		assert_int_equal(echo(i, 8), c[i].want);
		assert_int_equal(tstats(&E.a2p_pc).bad_length, bl + 1u);
		assert_int_equal(echo(i, 8), SCMIA_OK);
	}
	/* the longest the region allows is taken, clamped to the caller */
	{
		uint8_t tx[8] = { 0 }, rx[16];
		uint32_t n = 0;

		rule(SCMIA_SIM_PCC_ACT_LENGTH, 0, REGION - SCMIA_PCC_OFF_COMMAND, 1);
		assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, tx,
					   8, rx, sizeof(rx), &n, 0),
				 SCMIA_OK);
		assert_int_equal(n, sizeof(rx));
	}
	env_down();
}

/* The Error Status register reports the command failed: EPROTO, the bit
 * cleared, counted; the next command is fine. */
static void test_error_status(void **state)
{
	(void)state;
	env_up(&O0);
	rule(SCMIA_SIM_PCC_ACT_ERROR, 0, 1, 1);
	assert_int_equal(echo(1, 8), SCMIA_EPROTO);
	assert_int_equal(tstats(&E.a2p_pc).plat_errors, 1);
	assert_int_equal(reg(0, SCMIA_SIM_PCC_R_ERROR), 0);
	assert_int_equal(echo(2, 8), SCMIA_OK);
	/* a bit outside the error mask is not an error, and is left alone */
	rule(SCMIA_SIM_PCC_ACT_ERROR, 0, 0x10, 1);
	assert_int_equal(echo(3, 8), SCMIA_OK);
	assert_int_equal(reg(0, SCMIA_SIM_PCC_R_ERROR), 0x10);
	env_down();
}

/* A reply whose header is not the command's. Polling: a wrong type is
 * found at fetch (the command field changed: EMALFORMED, bad_header); a
 * wrong token is never taken for this command's reply (it times out).
 * Interrupt: the core sees the wrong token and drops it. */
static void test_bad_header(void **state)
{
	struct scmia_sim_fault f;
	struct opts o = O0;

	(void)state;
	env_up(&O0);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 2000, 0), SCMIA_OK);
	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_PROTO;
	f.proto_id = SCMIA_SIM_TEST_PROTO;
	f.action = SCMIA_SIM_FA_CORRUPT_HDR;
	f.count = 1;
	f.arg = 2 << 8;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(echo(1, 8), SCMIA_EMALFORMED);
	assert_int_equal(tstats(&E.a2p_pc).bad_header, 1);
	scmia_sim_fault_clear(&E.sim);
	f.arg = 1 << 18;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(echo(2, 8), SCMIA_ETIMEDOUT);
	scmia_sim_fault_clear(&E.sim);
	env_down();

	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ;
	env_up(&o);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 20000, 0), SCMIA_OK);
	f.arg = 1 << 18;
	assert_true(scmia_sim_fault_add(&E.sim, &f) >= 0);
	assert_int_equal(echo(3, 8), SCMIA_ETIMEDOUT);
	/* the wrong reply may come after the timeout on a loaded host */
	for (unsigned w = 0; w < 1000 && cnt(SCMIA_CNT_UNEXPECTED_TOKEN) == 0; w++)
		usleep(1000);
	assert_int_equal(cnt(SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	scmia_sim_fault_clear(&E.sim);
	assert_int_equal(echo(4, 8), SCMIA_OK);
	env_down();
}

/* Register hooks that fail: each send or fetch fails with EIO, counted;
 * nothing is rung when the region could not be checked. */
static void test_register_failures(void **state)
{
	struct opts o = O0;
	uint32_t db;

	(void)state;
	o.busy_timeout_us = 2000;
	env_up(&o);
	db = mstats().doorbells;
	rule(SCMIA_SIM_PCC_ACT_READ_FAIL, 0, SCMIA_SIM_PCC_R_COMPLETE, 1);
	assert_int_equal(echo(1, 8), SCMIA_EIO);
	assert_int_equal(mstats().doorbells, db);
	assert_int_equal(tstats(&E.a2p_pc).reg_errors, 1);
	assert_int_equal(echo(2, 8), SCMIA_OK);
	/* the update fails: the region was not handed over */
	rule(SCMIA_SIM_PCC_ACT_WRITE_FAIL, 0, SCMIA_SIM_PCC_R_COMPLETE, 1);
	assert_int_equal(echo(3, 8), SCMIA_EIO);
	assert_int_equal(echo(4, 8), SCMIA_OK);
	/* the doorbell fails: handed over but the platform not told; the next
	 * send rings for it again (test_doorbell_fail_rerung), then sends */
	rule(SCMIA_SIM_PCC_ACT_WRITE_FAIL, 0, SCMIA_SIM_PCC_R_DOORBELL, 1);
	assert_int_equal(echo(5, 8), SCMIA_EIO);
	assert_int_equal(echo(6, 8), SCMIA_OK);
	assert_int_equal(echo(7, 8), SCMIA_OK);
	assert_int_equal(tstats(&E.a2p_pc).reg_errors, 3);
	env_down();
}

/* One failed doorbell does not wedge the subspace. The message was handed
 * over (command complete cleared) but a platform that waits for doorbells
 * was not told: the next send rings for it again, the platform answers it
 * (nobody takes that reply: its send failed), then the next command goes
 * through, and the one after. Completion by polling, by interrupt with the
 * platform answering inside the doorbell write (the old reply's interrupt
 * comes while the new sender waits for the region: spurious), and by
 * interrupt from the platform's thread. */
static void doorbell_fail_rerung(int mode)
{
	struct opts o = O0;
	struct scmia_sim_pcc_stats m0, m;
	struct scmia_pcc_stats t0, t;
	uint32_t replies;

	if (mode == 1) {
		o.posix = 1;
		o.sim_flags = SCMIA_SIM_PCC_INLINE | SCMIA_SIM_PCC_IRQ;
	} else if (mode == 2) {
		o.threaded = 1;
		o.sim_flags = SCMIA_SIM_PCC_IRQ;
	}
	o.busy_timeout_us = mode == 2 ? 1000000u : 2000u;
	env_up(&o);
	assert_int_equal(echo(0, 8), SCMIA_OK);
	m0 = mstats();
	t0 = tstats(&E.a2p_pc);
	replies = cnt(SCMIA_CNT_REPLIES);
	rule(SCMIA_SIM_PCC_ACT_WRITE_FAIL, 0, SCMIA_SIM_PCC_R_DOORBELL, 1);
	assert_int_equal(echo(1, 8), SCMIA_EIO);
	m = mstats();
	assert_int_equal(m.commands, m0.commands);    /* the platform was not told */
	assert_int_equal(reg(0, SCMIA_SIM_PCC_R_COMPLETE) & 1u, 0); /* but has the region */
	/* the next command rings for the old one, then its own: two commands */
	assert_int_equal(echo(2, 8), SCMIA_OK);
	m = mstats();
	t = tstats(&E.a2p_pc);
	assert_int_equal(m.commands, m0.commands + 2u);
	assert_int_equal(m.doorbells, m0.doorbells + 2u);
	assert_int_equal(m.bad_doorbell, 0);
	assert_int_equal(t.doorbells, t0.doorbells + 3u); /* the failed one, again, its own */
	assert_int_equal(t.busy, 0);
	/* the old reply reached nobody: not a reply, not late, not unexpected */
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), replies + 1u);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 0);
	assert_int_equal(cnt(SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(cnt(SCMIA_CNT_INVALID_STATE), 0);
	if (mode == 1) {
		assert_int_equal(m.irqs, m0.irqs + 2u);
		assert_int_equal(t.spurious, t0.spurious + 1u); /* the old reply's */
	} else if (mode == 2) {
		assert_true(t.spurious >= t0.spurious + 1u);
	}
	assert_int_equal(echo(3, 8), SCMIA_OK);
	assert_int_equal(mstats().commands, m0.commands + 3u);
	assert_int_equal(tstats(&E.a2p_pc).doorbells, t0.doorbells + 4u); /* rung once */
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), replies + 2u);
	env_down();
}

static void test_doorbell_fail_rerung(void **state)
{
	(void)state;
	doorbell_fail_rerung(0);
	doorbell_fail_rerung(1);
	doorbell_fail_rerung(2);
}

/* Spurious interrupts: nothing completed, nothing posted: counted, not
 * acknowledged, the core told. */
static void test_spurious(void **state)
{
	struct opts o = O0;

	(void)state;
	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ;
	o.p2a = 1;
	env_up(&o);
	assert_int_equal(scmia_sim_pcc_spurious(&E.model, 0, 0), SCMIA_EBUSY);
	assert_int_equal(scmia_sim_pcc_spurious(&E.model, 0, 1), SCMIA_EBUSY);
	assert_int_equal(tstats(&E.a2p_pc).spurious, 1);
	assert_int_equal(tstats(&E.p2a_pc).spurious, 1);
	assert_int_equal(tstats(&E.a2p_pc).acks + tstats(&E.p2a_pc).acks, 0);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 2);
	assert_int_equal(echo(1, 8), SCMIA_OK);
	env_down();
}

/* A command that times out; its late reply's interrupt is handed to the
 * core once (counted late), and the next command waits for the region and
 * gets its own reply. */
static void test_late_reply(void **state)
{
	struct opts o = O0;
	uint8_t tx[4], rx[8];
	unsigned waited;

	(void)state;
	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ;
	env_up(&o);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 10000, 0), SCMIA_OK);
	scmia_put_le32(tx, 40);
	assert_int_equal(scmia_cmd(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx,
				   sizeof(rx), NULL, 0),
			 SCMIA_ETIMEDOUT);
	for (waited = 0; waited < 1000 && cnt(SCMIA_CNT_LATE_REPLIES) == 0; waited++)
		usleep(1000);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 1);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 0);
	/* the late reply is reported once: another interrupt is spurious */
	assert_int_equal(scmia_sim_pcc_spurious(&E.model, 0, 0), SCMIA_EBUSY);
	assert_int_equal(cnt(SCMIA_CNT_SPURIOUS), 1);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES) + cnt(SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 1000000, 0), SCMIA_OK);
	assert_int_equal(echo(1, 8), SCMIA_OK);
	env_down();
}

/* ------------------------------------------------------------------ */
/* Type 4: notifications and delayed responses                         */
/* ------------------------------------------------------------------ */

static unsigned notified;

static void on_event(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	__atomic_fetch_add(&notified, 1u, __ATOMIC_RELAXED);
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

/* Stepped platform: doorbells handled, virtual time moved on (retries of
 * messages that waited for the region). */
static void platform_step(void)
{
	(void)scmia_sim_pcc_poll(&E.model);
	(void)scmia_sim_advance(&E.sim, 1000);
}

static void wait_notified(unsigned n)
{
	unsigned waited;

	for (waited = 0; waited < 2000 && __atomic_load_n(&notified, __ATOMIC_RELAXED) < n;
	     waited++) {
		scmia_notify_dispatch(&E.agent, 0);
		if (E.threaded)
			usleep(1000);
		else
			platform_step();
	}
}

static void test_p2a(void **state)
{
	struct opts o = O0;
	struct scmia_notifier nf;
	struct scmia_xfer *x = NULL;
	struct scmia_sim_pcc_stats s;
	unsigned waited;

	(void)state;
	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ | SCMIA_SIM_PCC_ACK;
	o.p2a = 1;
	env_up(&o);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO,
					SCMIA_SIM_TEST_ASYNC_WORK, 4, 0, &x),
			 SCMIA_OK);
	scmia_put_le32(x->tx_buf, 0x77u);
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_ASYNC), SCMIA_OK);
	assert_int_equal(scmia_get_le32(x->rx_buf), scmia_sim_test_async_value(0x77u));
	scmia_xfer_put(x);
	assert_int_equal(cnt(SCMIA_CNT_DELAYED_REPLIES), 1);

	notified = 0;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_event;
	assert_int_equal(scmia_notify_register(&E.agent, &nf), SCMIA_OK);
	trigger(3);
	wait_notified(3);
	assert_int_equal(__atomic_load_n(&notified, __ATOMIC_RELAXED), 3);
	/* each message: acknowledged, command complete set, doorbell rung */
	for (waited = 0; waited < 1000 && mstats().p2a_doorbells < mstats().p2a_msgs; waited++)
		usleep(1000);
	s = mstats();
	assert_int_equal(s.p2a_msgs, 4);
	assert_int_equal(s.p2a_doorbells, 4);
	assert_int_equal(s.p2a_irqs, 4);
	assert_int_equal(s.unacked, 0);
	assert_int_equal(reg(1, SCMIA_SIM_PCC_R_COMPLETE) & 1u, 1);
	scmia_notify_unregister(&E.agent, &nf);
	env_down();
}

/* Without the platform's request (flags bit0 clear) no doorbell is rung,
 * but command complete is still set; with no interrupt at all, the host's
 * poll (or the core's rx_poll) finds the messages. */
static void test_p2a_poll_no_ack(void **state)
{
	struct opts o = O0;
	struct scmia_notifier nf;

	(void)state;
	o.p2a = 1;
	env_up(&o);
	notified = 0;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_event;
	assert_int_equal(scmia_notify_register(&E.agent, &nf), SCMIA_OK);
	trigger(3);
	for (unsigned i = 0; i < 10 && __atomic_load_n(&notified, __ATOMIC_RELAXED) < 3; i++) {
		(void)scmia_pcc_poll(&E.p2a_pc);
		scmia_notify_dispatch(&E.agent, 0);
		platform_step();
	}
	assert_int_equal(__atomic_load_n(&notified, __ATOMIC_RELAXED), 3);
	assert_int_equal(mstats().p2a_doorbells, 0);
	assert_int_equal(tstats(&E.p2a_pc).spurious, 0); /* polls that find nothing are not */
	assert_int_equal(scmia_pcc_poll(&E.p2a_pc), SCMIA_EBUSY);
	scmia_notify_unregister(&E.agent, &nf);
	env_down();
}

/* A type 4 message with a bad signature or length: rejected and counted,
 * the region still handed back (command complete set) so the platform can
 * post the next one. */
static void test_p2a_bad_message(void **state)
{
	struct opts o = O0;
	struct scmia_notifier nf;

	(void)state;
	o.p2a = 1;
	env_up(&o);
	notified = 0;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_event;
	assert_int_equal(scmia_notify_register(&E.agent, &nf), SCMIA_OK);
	rule(SCMIA_SIM_PCC_ACT_SIGNATURE, 1, 0xff, 1);
	trigger(2);
	for (unsigned i = 0; i < 10; i++) {
		(void)scmia_pcc_poll(&E.p2a_pc);
		scmia_notify_dispatch(&E.agent, 0);
		platform_step();
	}
	rule(SCMIA_SIM_PCC_ACT_LENGTH, 1, 3, 1);
	trigger(2);
	for (unsigned i = 0; i < 10; i++) {
		(void)scmia_pcc_poll(&E.p2a_pc);
		scmia_notify_dispatch(&E.agent, 0);
		platform_step();
	}
	assert_int_equal(__atomic_load_n(&notified, __ATOMIC_RELAXED), 2);
	assert_int_equal(tstats(&E.p2a_pc).bad_signature, 1);
	assert_int_equal(tstats(&E.p2a_pc).bad_length, 1);
	assert_int_equal(reg(1, SCMIA_SIM_PCC_R_COMPLETE) & 1u, 1);
	scmia_notify_unregister(&E.agent, &nf);
	env_down();
}

/* The receive entry called again while a message is held (from inside the
 * handler of an immediately dispatched notification): turned away, the
 * message processed once, the look-again after release finds nothing. */
static void on_event_reenter(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	__atomic_fetch_add(&notified, 1u, __ATOMIC_RELAXED);
	if (scmia_pcc_irq(&E.p2a_pc) == SCMIA_EBUSY)
		E.reentered++;
}

static void test_p2a_reentry(void **state)
{
	struct opts o = O0;
	struct scmia_notifier nf;

	(void)state;
	o.p2a = 1;
	o.immediate = 1;
	env_up(&o);
	notified = 0;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_event_reenter;
	assert_int_equal(scmia_notify_register(&E.agent, &nf), SCMIA_OK);
	trigger(1);
	assert_int_equal(scmia_pcc_irq(&E.p2a_pc), SCMIA_OK);
	assert_int_equal(__atomic_load_n(&notified, __ATOMIC_RELAXED), 1);
	assert_int_equal(E.reentered, 1);
	/* the turned-away interrupt was a duplicate: spurious once */
	assert_int_equal(tstats(&E.p2a_pc).spurious, 1);
	assert_int_equal(reg(1, SCMIA_SIM_PCC_R_COMPLETE) & 1u, 1);
	scmia_notify_unregister(&E.agent, &nf);
	env_down();
}

/* ------------------------------------------------------------------ */
/* Races, made to happen at a fixed point through the register hooks   */
/* ------------------------------------------------------------------ */

/* Hook wrapper: the test's callbacks run around the model's accessors. */
static void (*hk_after_read)(const struct scmia_pcc_gas *gas, uint64_t *val);
static void (*hk_before_write)(const struct scmia_pcc_gas *gas, uint64_t val);
static void (*hk_after_write)(const struct scmia_pcc_gas *gas, uint64_t val);

static int hk_read(void *ctx, const struct scmia_pcc_gas *gas, uint64_t *val)
{
	int ret = scmia_sim_pcc_regs.read(ctx, gas, val);

	if (!ret && hk_after_read)
		hk_after_read(gas, val);
	return ret;
}

static int hk_write(void *ctx, const struct scmia_pcc_gas *gas, uint64_t val)
{
	int ret;

	if (hk_before_write)
		hk_before_write(gas, val);
	ret = scmia_sim_pcc_regs.write(ctx, gas, val);
	if (!ret && hk_after_write)
		hk_after_write(gas, val);
	return ret;
}

static const struct scmia_pcc_reg_ops hk_ops = { .read = hk_read, .write = hk_write };

static int is_reg(const struct scmia_pcc_gas *gas, int p2a, unsigned r)
{
	return gas->address == SCMIA_SIM_PCC_REG_ADDR(0, p2a, r);
}

static void hooks_off(void)
{
	hk_after_read = NULL;
	hk_before_write = NULL;
	hk_after_write = NULL;
}

#define LD(v) __atomic_load_n(&(v), __ATOMIC_ACQUIRE)
#define ST(v, x) __atomic_store_n(&(v), (x), __ATOMIC_RELEASE)

/* A tiny one-shot event between two threads. */
struct ev {
	pthread_mutex_t m;
	pthread_cond_t c;
	int set;
};

static struct ev ev_a, ev_b;

static void ev_init(struct ev *e)
{
	pthread_mutex_init(&e->m, NULL);
	pthread_cond_init(&e->c, NULL);
	e->set = 0;
}

static void ev_fini(struct ev *e)
{
	pthread_cond_destroy(&e->c);
	pthread_mutex_destroy(&e->m);
}

static void ev_signal(struct ev *e)
{
	pthread_mutex_lock(&e->m);
	e->set = 1;
	pthread_cond_broadcast(&e->c);
	pthread_mutex_unlock(&e->m);
}

/* Wait up to 2 s; returns 1 when signalled. */
static int ev_wait(struct ev *e)
{
	struct timespec ts;
	int ok;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 2;
	pthread_mutex_lock(&e->m);
	while (!e->set && pthread_cond_timedwait(&e->c, &e->m, &ts) == 0)
		;
	ok = e->set;
	pthread_mutex_unlock(&e->m);
	return ok;
}

static void *echo_main(void *arg)
{
	int *ret = arg;

	*ret = echo(0x33, 8);
	return NULL;
}

/* Several threads share the type 3 subspace: one command in the region at
 * a time, every reply its own command's. */
static void *burst_main(void *arg)
{
	unsigned *bad = arg, i;

	for (i = 0; i < 50; i++)
		if (echo((uint32_t)(uintptr_t)bad + i, i % 33u) != SCMIA_OK)
			(*bad)++;
	return NULL;
}

static void test_threads_serialised(void **state)
{
	struct opts o = O0;
	unsigned bad[4] = { 0, 0, 0, 0 }, i;
	pthread_t th[4];

	(void)state;
	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ;
	o.busy_timeout_us = 2000000u;
	env_up(&o);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, burst_main, &bad[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(bad[i], 0);
	}
	assert_int_equal(mstats().commands, 200);
	assert_int_equal(mstats().bad_doorbell, 0);
	env_down();
}

/* An interrupt while the sender still owns the region and the platform has
 * not set command complete (the reply words are there, the bit is not):
 * spurious, the transfer keeps waiting; once the bit is set, it completes. */
static int nb_done = 0, nb_result = 1;

static void nb_cb(void *arg, struct scmia_xfer *xfer, int result)
{
	(void)arg;
	(void)xfer;
	nb_result = result;
	nb_done = 1;
}

static void test_irq_before_complete(void **state)
{
	struct opts o = O0;
	struct scmia_xfer *x = NULL;

	(void)state;
	o.posix = 1; /* interrupt completion: the sender asks for the interrupt */
	o.sim_flags = SCMIA_SIM_PCC_INLINE | SCMIA_SIM_PCC_IRQ;
	env_up(&o);
	rule(SCMIA_SIM_PCC_ACT_STUCK, 0, 0, 1);
	nb_done = 0;
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, 4, 0,
					&x),
			 SCMIA_OK);
	memset(x->tx_buf, 1, 4);
	assert_int_equal(scmia_xfer_submit(x, 0, nb_cb, NULL), SCMIA_OK);
	/* the reply words are in the region, command complete is not set */
	assert_int_equal(scmia_pcc_irq(&E.a2p_pc), SCMIA_EBUSY);
	assert_int_equal(nb_done, 0);
	assert_int_equal(tstats(&E.a2p_pc).spurious, 1);
	reg_set(0, SCMIA_SIM_PCC_R_COMPLETE, 1);
	assert_int_equal(scmia_pcc_irq(&E.a2p_pc), SCMIA_OK);
	assert_int_equal(nb_done, 1);
	assert_int_equal(nb_result, SCMIA_OK);
	scmia_xfer_put(x);
	env_down();
}

/* The platform answers before the doorbell (it polls), and raises its
 * interrupt while the sender has not reached RUNG: the interrupt is noted
 * and looked at again once RUNG, so the reply is not lost. */
static void answer_now(const struct scmia_pcc_gas *gas, uint64_t val)
{
	uint32_t hdr, sum;
	uint64_t one = 1;

	(void)val;
	if (!is_reg(gas, 0, SCMIA_SIM_PCC_R_COMPLETE))
		return;
	hk_after_write = NULL;
	hdr = scmia_get_le32(&E.a2p_region[SCMIA_PCC_OFF_COMMAND / 4]);
	sum = scmia_sim_checksum(hdr, NULL, 0);
	scmia_put_le32(&E.a2p_region[SCMIA_PCC_OFF_LENGTH / 4], 12);
	scmia_put_le32(&E.a2p_region[SCMIA_PCC_OFF_PAYLOAD / 4], 0);
	scmia_put_le32(&E.a2p_region[SCMIA_PCC_OFF_PAYLOAD / 4 + 1], sum);
	assert_int_equal(scmia_sim_pcc_reg(&E.model, 0, 0, SCMIA_SIM_PCC_R_COMPLETE, 1, &one),
			 SCMIA_OK);
	E.reentered = (unsigned)scmia_pcc_irq(&E.a2p_pc) == (unsigned)SCMIA_EBUSY;
}

static void test_irq_while_writing(void **state)
{
	struct opts o = O0;

	(void)state;
	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ;
	o.regs = &hk_ops;
	env_up(&o);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 100000, 0), SCMIA_OK);
	hk_after_write = answer_now;
	assert_int_equal(echo(0, 0), SCMIA_OK);
	hooks_off();
	assert_int_equal(E.reentered, 1); /* turned away while writing */
	assert_int_equal(echo(5, 8), SCMIA_OK);
	env_down();
}

/* A late reply's interrupt looks at the region (the new sender waits for
 * command complete, late set) while that sender takes the region over:
 * when the interrupt looks again the region is the new sender's, so it is
 * spurious and the new command gets its own reply (not failed by a fetch
 * of a region still being written). The hooks stop each side at the
 * point where the other must act. */
static struct ev ev_c;
static pthread_t race_irq_thread;
static int race_armed, irq_step, snd_step; /* __atomic: shared by threads */

static void race_after_read(const struct scmia_pcc_gas *gas, uint64_t *val)
{
	(void)val;
	if (!LD(race_armed) || !is_reg(gas, 0, SCMIA_SIM_PCC_R_COMPLETE))
		return;
	if (pthread_equal(pthread_self(), race_irq_thread)) {
		if (LD(irq_step) == 0) {
			ST(irq_step, 1);
			ev_signal(&ev_a);            /* the sender may go on ... */
			assert_true(ev_wait(&ev_b)); /* ... until its command is written */
		}
	} else if (LD(snd_step) == 0) {
		ST(snd_step, 1);
		ev_signal(&ev_c);            /* waiting for command complete */
		assert_true(ev_wait(&ev_a)); /* until the interrupt has looked */
	}
}

static void race_before_write(const struct scmia_pcc_gas *gas, uint64_t val)
{
	(void)val;
	if (!LD(race_armed) || !is_reg(gas, 0, SCMIA_SIM_PCC_R_COMPLETE) || LD(snd_step) != 1 ||
	    pthread_equal(pthread_self(), race_irq_thread))
		return;
	ST(snd_step, 2);
	ev_signal(&ev_b); /* written, not handed over yet */
	usleep(20000);    /* the interrupt looks again meanwhile */
}

static void test_late_irq_vs_new_sender(void **state)
{
	struct opts o = O0;
	pthread_t th;
	int ret = -100;

	(void)state;
	o.threaded = 1;
	o.sim_flags = SCMIA_SIM_PCC_IRQ | SCMIA_SIM_PCC_INLINE;
	o.regs = &hk_ops;
	env_up(&o);
	ev_init(&ev_a);
	ev_init(&ev_b);
	ev_init(&ev_c);
	/* a command times out: its reply is written, command complete not set */
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 20000, 0), SCMIA_OK);
	rule(SCMIA_SIM_PCC_ACT_STUCK, 0, 0, 1);
	assert_int_equal(echo(1, 8), SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_chan_set_timeouts(&E.a2p, 1000000, 0), SCMIA_OK);
	/* the platform finishes (command complete), its interrupt comes later */
	reg_set(0, SCMIA_SIM_PCC_R_COMPLETE, 1);
	race_irq_thread = pthread_self();
	ST(irq_step, 0);
	ST(snd_step, 0);
	ST(race_armed, 1);
	hk_after_read = race_after_read;
	hk_before_write = race_before_write;
	assert_int_equal(pthread_create(&th, NULL, echo_main, &ret), 0);
	assert_true(ev_wait(&ev_c)); /* the new sender waits for command complete */
	assert_int_equal(scmia_pcc_irq(&E.a2p_pc), SCMIA_EBUSY);
	pthread_join(th, NULL);
	ST(race_armed, 0);
	hooks_off();
	assert_int_equal(LD(irq_step), 1);
	assert_int_equal(LD(snd_step), 2);
	assert_int_equal(ret, SCMIA_OK);
	assert_int_equal(cnt(SCMIA_CNT_REPLIES), 1);
	assert_int_equal(cnt(SCMIA_CNT_LATE_REPLIES), 0);
	ev_fini(&ev_a);
	ev_fini(&ev_b);
	ev_fini(&ev_c);
	env_down();
}

/* scmia_chan_close() waits for an interrupt entry in progress before the
 * caller may free the context. */
static int irq_inside, irq_left; /* __atomic: shared by threads */

static void slow_read(const struct scmia_pcc_gas *gas, uint64_t *val)
{
	(void)val;
	if (!is_reg(gas, 1, SCMIA_SIM_PCC_R_COMPLETE) || LD(irq_inside))
		return;
	ST(irq_inside, 1);
	usleep(50000);
	ST(irq_left, 1);
}

static void *irq_main(void *arg)
{
	(void)arg;
	(void)scmia_pcc_irq(&E.p2a_pc);
	return NULL;
}

static void test_close_waits_for_irq(void **state)
{
	struct opts o = O0;
	pthread_t th;
	unsigned waited;

	(void)state;
	o.threaded = 1;
	o.p2a = 1;
	o.regs = &hk_ops;
	env_up(&o);
	ST(irq_inside, 0);
	ST(irq_left, 0);
	hk_after_read = slow_read;
	assert_int_equal(pthread_create(&th, NULL, irq_main, NULL), 0);
	for (waited = 0; waited < 2000 && !LD(irq_inside); waited++)
		usleep(100);
	assert_true(LD(irq_inside));
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK); /* closes the p2a first */
	assert_true(LD(irq_left));
	pthread_join(th, NULL);
	hooks_off();
	env_down();
}

/* Type 4: a receive claims the message first and looks at command complete
 * after. A second receive that comes while the first holds a message is
 * turned away (never reads a command complete bit the holder is about to
 * set), so a message is never processed twice. */
static int holder_in, second_done; /* __atomic: shared by threads */

static pthread_t holder_thread;
static int holder_known; /* __atomic: holder_thread is set */

static void *holder_main(void *arg)
{
	(void)arg;
	holder_thread = pthread_self();
	ST(holder_known, 1);
	(void)scmia_pcc_irq(&E.p2a_pc);
	return NULL;
}

static void hold_handler(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	__atomic_fetch_add(&notified, 1u, __ATOMIC_RELAXED);
	if (!LD(holder_in)) {
		ST(holder_in, 1);
		for (unsigned w = 0; w < 2000 && !LD(second_done); w++)
			usleep(100);
	}
}

static void second_read(const struct scmia_pcc_gas *gas, uint64_t *val)
{
	(void)val;
	/* the second receive, if it reads command complete while the holder
	 * is busy, would see the message still posted: hold it there until
	 * the holder released the region */
	if (!is_reg(gas, 1, SCMIA_SIM_PCC_R_COMPLETE) || !LD(holder_in) || LD(second_done) ||
	    (LD(holder_known) && pthread_equal(pthread_self(), holder_thread)))
		return;
	ST(second_done, 1);
	usleep(30000);
}

static void test_p2a_claim_before_look(void **state)
{
	struct opts o = O0;
	struct scmia_notifier nf;
	pthread_t th;
	unsigned waited;

	(void)state;
	o.p2a = 1;
	o.immediate = 1;
	o.threaded = 1;
	o.regs = &hk_ops;
	/* no interrupt anywhere: the commands poll, the test raises the type 4
	 * receive itself */
	o.pcc_flags = SCMIA_PCC_F_NO_IRQ;
	o.completion = SCMIA_COMPLETION_POLL;
	env_up(&o);
	notified = 0;
	ST(holder_in, 0);
	ST(second_done, 0);
	ST(holder_known, 0);
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = hold_handler;
	assert_int_equal(scmia_notify_register(&E.agent, &nf), SCMIA_OK);
	trigger(1); /* posted; no interrupt (the sim raises none here) */
	for (waited = 0; waited < 2000 && mstats().p2a_msgs == 0; waited++)
		usleep(100);
	hk_after_read = second_read;
	assert_int_equal(pthread_create(&th, NULL, holder_main, NULL), 0);
	for (waited = 0; waited < 20000 && !LD(holder_in); waited++)
		usleep(100);
	assert_true(LD(holder_in));
	(void)scmia_pcc_irq(&E.p2a_pc); /* the second receive */
	ST(second_done, 1);
	pthread_join(th, NULL);
	hooks_off();
	assert_int_equal(__atomic_load_n(&notified, __ATOMIC_RELAXED), 1);
	scmia_notify_unregister(&E.agent, &nf);
	env_down();
}

/* A release or a fetch with a cookie that is not the held message's (a
 * duplicate, a stale one, 0): changes nothing, reads nothing. */
static void test_stray_release_and_fetch(void **state)
{
	struct opts o = O0;
	struct scmia_notifier nf;
	struct scmia_xfer *x;
	uint32_t db;

	(void)state;
	o.p2a = 1;
	o.sim_flags = SCMIA_SIM_PCC_INLINE | SCMIA_SIM_PCC_ACK;
	env_up(&o);
	notified = 0;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = on_event;
	assert_int_equal(scmia_notify_register(&E.agent, &nf), SCMIA_OK);
	trigger(1); /* posted, no interrupt: command complete clear, flags bit 0 set */
	assert_int_equal(reg(1, SCMIA_SIM_PCC_R_COMPLETE) & 1u, 0);
	db = mstats().p2a_doorbells;
	scmia_pcc_transport.ops->clear_channel(NULL, &E.p2a, (void *)(uintptr_t)0x77);
	scmia_pcc_transport.ops->rx_release(NULL, &E.p2a, NULL);
	assert_int_equal(reg(1, SCMIA_SIM_PCC_R_COMPLETE) & 1u, 0); /* still the agent's to read */
	assert_int_equal(mstats().p2a_doorbells, db);
	x = scmia_chan_xfer(&E.p2a, 0);
	assert_non_null(x);
	assert_int_equal(scmia_pcc_transport.ops->fetch_notification(NULL, &E.p2a, x, 16,
								     (void *)(uintptr_t)0x77),
			 SCMIA_EUNEXPECTED);
	assert_int_equal(x->rx_len, 0);
	/* the message itself is processed once, normally */
	assert_int_equal(scmia_pcc_poll(&E.p2a_pc), SCMIA_OK);
	scmia_notify_dispatch(&E.agent, 0);
	assert_int_equal(notified, 1);
	assert_int_equal(mstats().p2a_doorbells, db + 1u);
	scmia_notify_unregister(&E.agent, &nf);
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
		cmocka_unit_test_teardown(test_config, teardown),
		cmocka_unit_test_teardown(test_direction, teardown),
		cmocka_unit_test_teardown(test_echo_polling, teardown),
		cmocka_unit_test_teardown(test_no_irq_auto_polls, teardown),
		cmocka_unit_test_teardown(test_echo_irq, teardown),
		cmocka_unit_test_teardown(test_wait_complete, teardown),
		cmocka_unit_test_teardown(test_register_width, teardown),
		cmocka_unit_test_teardown(test_turnaround, teardown),
		cmocka_unit_test_teardown(test_stray_txdone_keeps_claim, teardown),
		cmocka_unit_test_teardown(test_fetch_needs_owner, teardown),
		cmocka_unit_test_teardown(test_bad_signature, teardown),
		cmocka_unit_test_teardown(test_bad_length, teardown),
		cmocka_unit_test_teardown(test_error_status, teardown),
		cmocka_unit_test_teardown(test_bad_header, teardown),
		cmocka_unit_test_teardown(test_register_failures, teardown),
		cmocka_unit_test_teardown(test_doorbell_fail_rerung, teardown),
		cmocka_unit_test_teardown(test_spurious, teardown),
		cmocka_unit_test_teardown(test_late_reply, teardown),
		cmocka_unit_test_teardown(test_p2a, teardown),
		cmocka_unit_test_teardown(test_p2a_poll_no_ack, teardown),
		cmocka_unit_test_teardown(test_p2a_bad_message, teardown),
		cmocka_unit_test_teardown(test_p2a_reentry, teardown),
		cmocka_unit_test_teardown(test_threads_serialised, teardown),
		cmocka_unit_test_teardown(test_irq_before_complete, teardown),
		cmocka_unit_test_teardown(test_irq_while_writing, teardown),
		cmocka_unit_test_teardown(test_late_irq_vs_new_sender, teardown),
		cmocka_unit_test_teardown(test_close_waits_for_irq, teardown),
		cmocka_unit_test_teardown(test_p2a_claim_before_look, teardown),
		cmocka_unit_test_teardown(test_stray_release_and_fetch, teardown),
	};

	return cmocka_run_group_tests_name("pcc", tests, NULL, NULL);
}

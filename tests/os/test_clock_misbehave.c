/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks that misbehave (label core, smt): every wait of the SMT and SMC
 * transports and of the core, against two host clocks a firmware really
 * has:
 *
 *  stepback  the true time minus a random 0..8 µs: consecutive readings
 *            step back by a few µs (a tick counter read just before the
 *            interrupt that extends it lands);
 *  wrap32    a 32-bit counter extended to 64 bits by an overflow count
 *            that an interrupt increments (as SysTick, an RTOS tick count
 *            or a 32-bit timer are extended). The counter starts just
 *            before its wrap and the interrupt lags: between the wrap and
 *            the next interrupt (here: the next back-off step or sleep),
 *            readings are the old overflow count with the new low word,
 *            2^32 µs behind the previous ones. The wrap is swept over
 *            every clock reading of the operation, so that the start, the
 *            deadline and every check of it each meet a stale reading
 *            once. Before the operation the agent ran a command (it read
 *            the clock a moment ago): the core's clamp holds the time at
 *            that reading while the stale ones last. (A stale reading
 *            after a long idle time cannot be told from the true time;
 *            a port's clock must not give one: docs/porting.md.)
 *
 * Each wait runs twice per clock: the platform answers in the middle of
 * the bound (the wait must not give up early: a transport computing
 * `now - start` on unclamped readings sees a huge difference and gives up
 * at once), and never (the wait must end, at its bound, not before and
 * not much after). Time is virtual: the true time advances by 1 µs per
 * clock reading and RELAX_US per back-off step or sleep, and the
 * platform's events (the area freed, a reply, a delayed response) happen
 * at true times, from the back-off hook and the wait op, as interrupts
 * would. Single-threaded, deterministic.
 *
 * The waits: the SMT send's wait for a FREE area; the core's reply wait,
 * polled (SMT poll_done) and interrupt-driven (wait op, scmia_smt_irq());
 * the core's delayed-response wait; the expiry of a non-blocking
 * transfer (scmia_agent_service()); the SMC send's wait for the area; the
 * SMC wait-queue's sleep (on a wait op, and polled) and its busy delay
 * spun on the clock (scmia_fwcall, through scmia_smc_waitq_transport).
 * The wait-queue has no clamp: it must neither end early after a stale
 * start nor ask the wait op for a span computed from a stale reading (a
 * 71-minute sleep); mutations W11 and W12 show these cases catch both.
 *
 * What fails without the clamp (checked once by hand, by mutating
 * lib/core.c): with scmia_chan_now_us() returning the raw clock (the
 * transports computing now - start on unclamped readings), every SMT and
 * SMC case with a busy area fails on both clocks, and every wrap32 case
 * of a polled wait; with the core's own clock unclamped too, the wrap32
 * cases of the core's polled, delayed-response and non-blocking waits
 * fail as well. The stepback cases of the core's waits and the
 * interrupt-driven reply wait pass either way: the core compares with
 * deadlines (a reading a few µs behind only makes the wait a little
 * longer) and the wait op measures its own sleep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_smc.h"
#include "scmia_smt.h"

#define AREA 128u
#define MAX_MSG 4u
#define MSG_SIZE 96u
#define REPLY_US 1000u  /* reply timeout */
#define DRESP_US 3000u  /* delayed-response timeout */
#define FREE_US 2000u   /* SMT free-wait / SMC busy bound */
#define RELAX_US 10u    /* one back-off step */
#define JITTER_US 8u    /* stepback: most a reading is behind */
#define NEVER UINT64_MAX
/* A wait that gives up must do so within [bound - EARLY_US, bound + LATE_US]
 * of true time after it started: the clock may read up to JITTER_US behind
 * when the deadline is set, and the last look takes a back-off step. */
#define EARLY_US 20u
#define LATE_US 100u
/* Wrap positions swept: wrap this many µs of true time into the operation. */
#define SWEEP_US 120u
#define STEPBACK_RUNS 40u
#define FID 0x82000010u
#define FID_RESUME 0x02002402u /* wait-queue RESUME: yielding, SMC32, SiP, 0x24/0x02 */
#define SLEEP_US 1500u  /* wait-queue sleep bound */
#define BUSY_US 400u    /* wait-queue busy delay (spun on the clock) */
#define BUSY_N 2u       /* busy answers before the firmware takes the call */
#define T_START 1000000u
/* wrap32: no wrap within the run (the counter is the true time). */
#define NEVER_WRAP (1ull << 32)

enum clk_kind { CLK_STEPBACK = 0, CLK_WRAP32 = 1 };
static const char *const clk_name[] = { "stepback", "wrap32" };

/* ------------------------------------------------------------------ */
/* The host: a clock, a back-off hook, wait objects, the platform      */
/* ------------------------------------------------------------------ */

struct tw {
	int signalled;
};

struct plat {
	uint32_t a2p[AREA / 4];
	uint32_t p2a[AREA / 4];
	uint64_t free_at;   /* a2p area FREE from then (NEVER: stays busy) */
	uint64_t reply_at;  /* reply to the rung command then (NEVER: none) */
	uint64_t dresp_at;  /* delayed response then (NEVER: none) */
	uint64_t reply_delay, dresp_delay;
	uint32_t cmd_hdr;
	int rung;           /* a command waits for its reply */
	int irq;            /* raise the a2p / p2a interrupt (scmia_smt_irq) */
	int smc;            /* SMC: the reply is written by the call itself */
	uint64_t wake_at;   /* wait-queue: wake the sleeping call then */
	uint64_t wake_delay; /* how long after the SLEEP answer (NEVER: no wake) */
	int sleep;          /* wait-queue: answer the call with WAITQ_SLEEP */
	unsigned busy;      /* wait-queue: answer the call BUSY that many times */
	unsigned rings, calls;
};

static struct {
	enum clk_kind kind;
	uint64_t t;         /* true time, µs */
	uint32_t rng;
	uint64_t v0;        /* wrap32: the counter is v0 + t */
	uint32_t ovf;       /* wrap32: overflow count, as its interrupt keeps it */
	unsigned reads, stale, backs;
	uint64_t last;
	struct plat p;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_smt_chan sa2p, sp2a;
	struct scmia_smc_chan smc;
	struct scmia_fwcall fw;
	struct scmia_fwcall_wq wq[1];
	struct scmia_fwcall_waiter fwt[1];
	struct tw fwobj[1];
	struct tw waits[MAX_MSG];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_P2A_MEM_DEFINE(mem_p2a, 2, MSG_SIZE);
	int cb_result, cb_runs;
} H;

static uint32_t rnd(void)
{
	H.rng ^= H.rng << 13;
	H.rng ^= H.rng >> 17;
	H.rng ^= H.rng << 5;
	return H.rng;
}

/* The overflow interrupt of the wrap32 clock: runs when the CPU backs off
 * or sleeps, not at the instant of the wrap. */
static void clock_isr(void)
{
	if (H.kind == CLK_WRAP32)
		H.ovf = (uint32_t)((H.v0 + H.t) >> 32);
}

static uint64_t host_now(void *ctx)
{
	uint64_t v;

	(void)ctx;
	H.t++; /* reading the clock takes time too */
	H.reads++;
	if (H.kind == CLK_STEPBACK) {
		v = H.t - rnd() % (JITTER_US + 1u);
	} else {
		uint64_t c = H.v0 + H.t;

		v = ((uint64_t)H.ovf << 32) | (uint32_t)c;
		if (v != c)
			H.stale++; /* the overflow interrupt has not run yet */
	}
	if (v < H.last)
		H.backs++;
	H.last = v;
	return v;
}

static void platform_tick(void);

static void host_relax(void *ctx)
{
	(void)ctx;
	H.t += RELAX_US;
	clock_isr();
	platform_tick();
}

static scmia_lock_key_t host_lock(void *ctx)
{
	(void)ctx;
	return 1;
}

static void host_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	(void)key;
}

static uint64_t next_event(void)
{
	uint64_t n = NEVER;

	if (H.p.free_at > H.t && H.p.free_at < n)
		n = H.p.free_at;
	if (H.p.rung && H.p.reply_at < n)
		n = H.p.reply_at;
	if (H.p.dresp_at < n)
		n = H.p.dresp_at;
	if (H.p.wake_at < n)
		n = H.p.wake_at;
	return n;
}

/* Sleep until signalled (the platform's interrupt) or @timeout_us of true
 * time passed. */
static int host_wait(void *ctx, void *obj, uint32_t timeout_us)
{
	struct tw *w = obj;
	uint64_t end = H.t + timeout_us;

	(void)ctx;
	while (!w->signalled) {
		uint64_t n = next_event();

		if (n > end) {
			H.t = end;
			clock_isr();
			return SCMIA_ETIMEDOUT;
		}
		if (n > H.t)
			H.t = n;
		clock_isr();
		platform_tick();
	}
	w->signalled = 0;
	return SCMIA_OK;
}

static void host_signal(void *ctx, void *obj)
{
	(void)ctx;
	((struct tw *)obj)->signalled = 1;
}

static void host_arm(void *ctx, void *obj)
{
	(void)ctx;
	((struct tw *)obj)->signalled = 0;
}

static const struct scmia_os_ops poll_os = {
	.lock = host_lock,
	.unlock = host_unlock,
	.now_us = host_now,
	.relax = host_relax,
};

static const struct scmia_os_ops irq_os = {
	.lock = host_lock,
	.unlock = host_unlock,
	.wait = host_wait,
	.signal = host_signal,
	.wait_arm = host_arm,
	.now_us = host_now,
	.relax = host_relax,
};

/* The platform, on the SMT areas (DEN0056 layout, written by hand; every
 * word little-endian, whatever the host's order). */
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

static void reply_now(void)
{
	area_wr(H.p.a2p, 0x14, 8u);                /* length: header + status */
	area_wr(H.p.a2p, 0x18, H.p.cmd_hdr);      /* the command's header */
	area_wr(H.p.a2p, 0x1c, 0u);                /* SUCCESS */
	area_wr(H.p.a2p, 0x04, SCMIA_SMT_STATUS_FREE);
	H.p.rung = 0;
	if (H.p.dresp_delay != NEVER)
		H.p.dresp_at = H.t + H.p.dresp_delay;
	if (H.p.irq && (area_rd(H.p.a2p, 0x10) & 1u))
		(void)scmia_smt_irq(&H.sa2p);
}

static void platform_tick(void)
{
	if (H.t >= H.p.wake_at) {
		H.p.wake_at = NEVER;
		(void)scmia_fwcall_wake(&H.fw, 0, SCMIA_FWCALL_WAKE_ONE);
	}
	if (H.p.free_at != NEVER && H.t >= H.p.free_at && !H.p.rung &&
	    !(area_rd(H.p.a2p, 0x04) & SCMIA_SMT_STATUS_FREE)) {
		/* the earlier command's reply, which nobody waits for any more */
		area_wr(H.p.a2p, 0x04, SCMIA_SMT_STATUS_FREE);
		H.p.free_at = NEVER;
	}
	if (H.p.rung && H.t >= H.p.reply_at)
		reply_now();
	if (H.t >= H.p.dresp_at && (area_rd(H.p.p2a, 0x04) & SCMIA_SMT_STATUS_FREE)) {
		area_wr(H.p.p2a, 0x14, 8u);
		area_wr(H.p.p2a, 0x18, (H.p.cmd_hdr & ~(3u << 8)) | (2u << 8));
		area_wr(H.p.p2a, 0x1c, 0u);
		area_wr(H.p.p2a, 0x10, 0u);
		area_wr(H.p.p2a, 0x04, 0u); /* posted */
		H.p.dresp_at = NEVER;
		if (H.p.irq)
			(void)scmia_smt_irq(&H.sp2a);
	}
}

static int ring(void *ctx)
{
	(void)ctx;
	H.p.rings++;
	H.p.cmd_hdr = area_rd(H.p.a2p, 0x18);
	H.p.rung = 1;
	H.p.reply_at = H.p.reply_delay == NEVER ? NEVER : H.t + H.p.reply_delay;
	platform_tick();
	return 0;
}

/* The SMC firmware: answers in the call (completion on return). With the
 * wait-queue, it may first answer BUSY (H.p.busy times), or WAITQ_SLEEP on
 * context 0 (H.p.sleep) and take the call when it is RESUMEd after the
 * wake. */
static void smc_call(void *ctx, const struct scmia_smccc_args *in, struct scmia_smccc_res *out)
{
	static const struct scmia_smccc_args resumed = { .a0 = FID };

	(void)ctx;
	memset(out, 0, sizeof(*out));
	H.p.calls++;
	if (in->a0 == FID && H.p.busy) {
		H.p.busy--;
		out->a0 = (uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY;
		return;
	}
	if (in->a0 == FID && H.p.sleep) {
		H.p.sleep = 0;
		out->a0 = SCMIA_FWCALL_RET_WAITQ_SLEEP;
		out->a1 = 0;    /* context */
		out->a2 = 0x55; /* call context, given back with RESUME */
		H.p.wake_at = H.p.wake_delay == NEVER ? NEVER : H.t + H.p.wake_delay;
		return;
	}
	if (in->a0 == FID_RESUME && in->a1 == 0x55)
		in = &resumed; /* the call it puts to sleep, taken now */
	if (in->a0 != FID) {
		out->a0 = (uint64_t)(int64_t)-1;
		return;
	}
	H.p.cmd_hdr = area_rd(H.p.a2p, 0x18);
	reply_now();
}

/* ------------------------------------------------------------------ */
/* Set-up                                                              */
/* ------------------------------------------------------------------ */

/* M_WQ, M_WQ_POLL: SMC with the firmware wait-queue (scmia_fwcall), its
 * sleeps on a wait op or polled (no wait op). */
enum mode { M_POLL, M_IRQ, M_SMC, M_WQ, M_WQ_POLL };

/* A fresh agent with the clock @kind; the wrap32 counter wraps at true
 * time @wrap_at. The agent runs one command first, so that it read its
 * clock a moment before the operation under test. */
static void env(enum clk_kind kind, enum mode m, uint64_t wrap_at, uint32_t seed)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_smt_cfg scfg;

	memset(&H, 0, sizeof(H));
	H.kind = kind;
	H.rng = seed | 1u;
	H.t = T_START;
	H.v0 = (1ull << 32) - wrap_at;
	clock_isr();
	H.p.free_at = NEVER;
	H.p.reply_at = NEVER;
	H.p.dresp_at = NEVER;
	H.p.reply_delay = 0;
	H.p.dresp_delay = NEVER;
	H.p.wake_at = NEVER;
	H.p.wake_delay = NEVER;
	H.p.irq = m == M_IRQ;
	area_wr(H.p.a2p, 0x04, SCMIA_SMT_STATUS_FREE);
	area_wr(H.p.p2a, 0x04, SCMIA_SMT_STATUS_FREE);

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = m == M_IRQ ? &irq_os : &poll_os;
	memset(&scfg, 0, sizeof(scfg));
	if (m == M_SMC || m == M_WQ || m == M_WQ_POLL) {
		struct scmia_smc_cfg c;

		memset(&c, 0, sizeof(c));
		c.base = H.p.a2p;
		c.size = AREA;
		c.call = smc_call;
		if (m != M_SMC) {
			struct scmia_fwcall_cfg f;

			memset(&f, 0, sizeof(f));
			f.call = smc_call;
			f.os = m == M_WQ ? &irq_os : &poll_os;
			f.flags = SCMIA_FWCALL_F_WAKE_IRQ | SCMIA_FWCALL_F_SMC32;
			f.n_ctx = 1;
			f.wq = H.wq;
			f.n_waiters = 1;
			f.waiters = H.fwt;
			f.wait_objs = H.fwobj;
			f.wait_obj_stride = sizeof(H.fwobj[0]);
			f.sleep_timeout_us = SLEEP_US;
			f.busy_delay_us = BUSY_US;
			assert_int_equal(scmia_fwcall_init(&H.fw, &f), SCMIA_OK);
			c.call = NULL;
			c.fw = &H.fw;
		}
		c.func_id = FID;
		c.busy_timeout_us = FREE_US;
		assert_int_equal(scmia_smc_chan_init(&H.smc, &c), SCMIA_OK);
		acfg.transport = m == M_SMC ? &scmia_smc_transport : &scmia_smc_waitq_transport;
	} else {
		scfg.base = H.p.a2p;
		scfg.size = AREA;
		scfg.ring = ring;
		scfg.free_timeout_us = FREE_US;
		scfg.flags = m == M_POLL ? SCMIA_SMT_F_NO_IRQ : 0u;
		assert_int_equal(scmia_smt_chan_init(&H.sa2p, &scfg), SCMIA_OK);
		memset(&scfg, 0, sizeof(scfg));
		scfg.base = H.p.p2a;
		scfg.size = AREA;
		assert_int_equal(scmia_smt_chan_init(&H.sp2a, &scfg), SCMIA_OK);
		acfg.transport = &scmia_smt_transport;
	}
	assert_int_equal(scmia_agent_init(&H.agent, &acfg), SCMIA_OK);

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = m == M_IRQ	? SCMIA_COMPLETION_IRQ
			  : m == M_POLL ? SCMIA_COMPLETION_POLL
					: SCMIA_COMPLETION_ON_RETURN;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = m == M_POLL || m == M_IRQ ? (void *)&H.sa2p : (void *)&H.smc;
	ccfg.mem = H.mem_a2p;
	ccfg.mem_size = sizeof(H.mem_a2p);
	ccfg.reply_timeout_us = REPLY_US;
	ccfg.dresp_timeout_us = DRESP_US;
	if (m == M_IRQ) {
		ccfg.wait_objs = H.waits;
		ccfg.wait_obj_stride = sizeof(H.waits[0]);
	}
	assert_int_equal(scmia_chan_open(&H.agent, &H.a2p, &ccfg), SCMIA_OK);
	if (m == M_POLL || m == M_IRQ) {
		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_P2A;
		ccfg.max_msg = 2;
		ccfg.msg_size = MSG_SIZE;
		ccfg.chan_ctx = &H.sp2a;
		ccfg.mem = H.mem_p2a;
		ccfg.mem_size = sizeof(H.mem_p2a);
		assert_int_equal(scmia_chan_open(&H.agent, &H.p2a, &ccfg), SCMIA_OK);
	}
	/* The warm-up command: answered at once. */
	{
		uint8_t rx[8];

		assert_int_equal(scmia_cmd(&H.agent, 0x14, 0x6, NULL, 0, rx, sizeof(rx), NULL, 0),
				 SCMIA_OK);
	}
	H.stale = 0;
	H.backs = 0;
}

static void env_done(void)
{
	assert_int_equal(scmia_agent_deinit(&H.agent), SCMIA_OK);
	if (H.fw.state)
		assert_int_equal(scmia_fwcall_deinit(&H.fw), SCMIA_OK);
}

static int run_cmd(unsigned flags, uint64_t *elapsed)
{
	uint8_t rx[8];
	uint64_t t0 = H.t;
	int ret;

	ret = scmia_cmd(&H.agent, 0x14, 0x6, NULL, 0, rx, sizeof(rx), NULL, flags);
	*elapsed = H.t - t0;
	return ret;
}

/* One case, every wrap position (wrap32) or many seeds (stepback).
 * @arm sets the platform up; @check judges one run. */
struct cas {
	const char *what;
	enum mode m;
	void (*arm)(void);
	int (*go)(uint64_t *elapsed);
	int want;          /* expected result */
	uint64_t lo, hi;   /* elapsed true time must be within [lo, hi] */
};

static unsigned total_stale, total_backs;

static void run_case(enum clk_kind kind, const struct cas *c)
{
	unsigned i, n = kind == CLK_WRAP32 ? SWEEP_US : STEPBACK_RUNS;
	uint64_t t0;

	/* When the operation starts (the set-up reads the clock the same
	 * number of times on every run). */
	env(kind, c->m, NEVER_WRAP, 1u);
	t0 = H.t;
	env_done();
	for (i = 0; i < n; i++) {
		uint64_t el = 0;
		int ret;

		env(kind, c->m, kind == CLK_WRAP32 ? t0 + i : NEVER_WRAP, 0x9e3779b9u * (i + 1u));
		assert_true(kind != CLK_WRAP32 || H.t == t0);
		c->arm();
		ret = c->go(&el);
		if (ret != c->want || el < c->lo || el > c->hi)
			fail_msg("%s, clock %s, %s %u: result %d (%s), want %d; %llu us of true "
				 "time, want %llu..%llu",
				 c->what, clk_name[kind], kind == CLK_WRAP32 ? "wrap after" : "run",
				 i, ret, scmia_strerror(ret), c->want, (unsigned long long)el,
				 (unsigned long long)c->lo, (unsigned long long)c->hi);
		total_stale += H.stale;
		total_backs += H.backs;
		env_done();
	}
}

/* ------------------------------------------------------------------ */
/* The waits                                                           */
/* ------------------------------------------------------------------ */

static int go_sync(uint64_t *el)
{
	return run_cmd(0, el);
}

static int go_async(uint64_t *el)
{
	return run_cmd(SCMIA_XFER_F_ASYNC, el);
}

/* SMT send: the area is still the platform's (an earlier command's reply
 * pending) for half the free-wait bound, then for ever. */
static void arm_busy_half(void)
{
	area_wr(H.p.a2p, 0x04, 0u);
	H.p.free_at = H.t + FREE_US / 2u;
}

static void arm_busy_ever(void)
{
	area_wr(H.p.a2p, 0x04, 0u);
}

/* Reply after half the reply timeout, or never. */
static void arm_reply_half(void)
{
	H.p.reply_delay = REPLY_US / 2u;
}

static void arm_reply_never(void)
{
	H.p.reply_delay = NEVER;
}

/* Delayed response after half its timeout, or never. */
static void arm_dresp_half(void)
{
	H.p.dresp_delay = DRESP_US / 2u;
}

static void arm_dresp_never(void)
{
	H.p.dresp_delay = NEVER;
}

/* Wait-queue: the firmware puts the call to sleep; the wake comes after
 * half the sleep bound, or never. */
static void arm_wake_half(void)
{
	H.p.sleep = 1;
	H.p.wake_delay = SLEEP_US / 2u;
}

static void arm_wake_never(void)
{
	H.p.sleep = 1;
}

/* Wait-queue: the firmware answers busy BUSY_N times; each retry follows
 * a busy delay spun on the clock (no delay hook). */
static void arm_fw_busy(void)
{
	H.p.busy = BUSY_N;
}

static void cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)arg;
	(void)x;
	H.cb_result = result;
	H.cb_runs++;
}

/* Non-blocking: submit, then call the service from the back-off loop until
 * the callback ran (bounded). */
static int go_nonblocking(uint64_t *el)
{
	struct scmia_xfer *x = NULL;
	uint64_t t0 = H.t;
	unsigned i;
	int ret;

	ret = scmia_xfer_get(&H.agent, 0x14, 0x6, 0, 0, &x);
	if (ret)
		return ret;
	ret = scmia_xfer_submit(x, SCMIA_XFER_F_POLL, cb, NULL);
	for (i = 0; ret == SCMIA_OK && !H.cb_runs && i < 100000u; i++) {
		(void)scmia_agent_service(&H.agent);
		if (!H.cb_runs)
			host_relax(NULL);
	}
	*el = H.t - t0;
	(void)scmia_xfer_put(x);
	if (ret)
		return ret;
	return H.cb_runs == 1 ? H.cb_result : SCMIA_ESTATE;
}

static const struct cas cases[] = {
	{ "SMT free-wait, area freed in time", M_POLL, arm_busy_half, go_sync, SCMIA_OK,
	  FREE_US / 2u, FREE_US / 2u + LATE_US },
	{ "SMT free-wait, area never freed", M_POLL, arm_busy_ever, go_sync, SCMIA_EBUSY,
	  FREE_US - EARLY_US, FREE_US + LATE_US },
	{ "polled reply wait, reply in time", M_POLL, arm_reply_half, go_sync, SCMIA_OK,
	  REPLY_US / 2u, REPLY_US / 2u + LATE_US },
	{ "polled reply wait, no reply", M_POLL, arm_reply_never, go_sync, SCMIA_ETIMEDOUT,
	  REPLY_US - EARLY_US, REPLY_US + LATE_US },
	{ "interrupt-driven reply wait, reply in time", M_IRQ, arm_reply_half, go_sync, SCMIA_OK,
	  REPLY_US / 2u, REPLY_US / 2u + LATE_US },
	{ "interrupt-driven reply wait, no reply", M_IRQ, arm_reply_never, go_sync,
	  SCMIA_ETIMEDOUT, REPLY_US - EARLY_US, REPLY_US + LATE_US },
	{ "SMT free-wait before an interrupt-driven send, area freed in time", M_IRQ,
	  arm_busy_half, go_sync, SCMIA_OK, FREE_US / 2u, FREE_US / 2u + LATE_US },
	{ "delayed-response wait (polled), in time", M_POLL, arm_dresp_half, go_async, SCMIA_OK,
	  DRESP_US / 2u, DRESP_US / 2u + LATE_US },
	{ "delayed-response wait (polled), never", M_POLL, arm_dresp_never, go_async,
	  SCMIA_ETIMEDOUT, DRESP_US - EARLY_US, DRESP_US + LATE_US },
	{ "delayed-response wait (interrupt), in time", M_IRQ, arm_dresp_half, go_async,
	  SCMIA_OK, DRESP_US / 2u, DRESP_US / 2u + LATE_US },
	{ "delayed-response wait (interrupt), never", M_IRQ, arm_dresp_never, go_async,
	  SCMIA_ETIMEDOUT, DRESP_US - EARLY_US, DRESP_US + LATE_US },
	{ "non-blocking expiry, reply in time", M_POLL, arm_reply_half, go_nonblocking, SCMIA_OK,
	  REPLY_US / 2u, REPLY_US / 2u + LATE_US },
	{ "non-blocking expiry, no reply", M_POLL, arm_reply_never, go_nonblocking,
	  SCMIA_ETIMEDOUT, REPLY_US - EARLY_US, REPLY_US + LATE_US },
	{ "SMC busy wait, area freed in time", M_SMC, arm_busy_half, go_sync, SCMIA_OK,
	  FREE_US / 2u, FREE_US / 2u + LATE_US },
	{ "SMC busy wait, area never freed", M_SMC, arm_busy_ever, go_sync, SCMIA_EBUSY,
	  FREE_US - EARLY_US, FREE_US + LATE_US },
	{ "SMC wait-queue sleep (wait op), woken in time", M_WQ, arm_wake_half, go_sync, SCMIA_OK,
	  SLEEP_US / 2u, SLEEP_US / 2u + LATE_US },
	{ "SMC wait-queue sleep (wait op), never woken", M_WQ, arm_wake_never, go_sync,
	  SCMIA_ETIMEDOUT, SLEEP_US - EARLY_US, SLEEP_US + LATE_US },
	{ "SMC wait-queue sleep (polled), woken in time", M_WQ_POLL, arm_wake_half, go_sync,
	  SCMIA_OK, SLEEP_US / 2u, SLEEP_US / 2u + LATE_US },
	{ "SMC wait-queue sleep (polled), never woken", M_WQ_POLL, arm_wake_never, go_sync,
	  SCMIA_ETIMEDOUT, SLEEP_US - EARLY_US, SLEEP_US + LATE_US },
	{ "SMC wait-queue busy delays on the clock", M_WQ_POLL, arm_fw_busy, go_sync, SCMIA_OK,
	  BUSY_N * BUSY_US - EARLY_US, BUSY_N * BUSY_US + LATE_US },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void test_stepback(void **state)
{
	const struct cas *c = *state;

	run_case(CLK_STEPBACK, c);
}

static void test_wrap32(void **state)
{
	const struct cas *c = *state;

	run_case(CLK_WRAP32, c);
}

/* The clocks do misbehave: the stepback clock went back, the wrap32 clock
 * gave stale readings, in the runs above (else the cases prove nothing). */
static void test_clocks_misbehaved(void **state)
{
	(void)state;
	assert_true(total_backs > 100u);
	assert_true(total_stale > 100u);
}

int main(void)
{
	static char names[2 * N_CASES][96];
	struct CMUnitTest t[2 * N_CASES + 1];
	unsigned i, k;

	for (i = 0; i < 2 * N_CASES; i++) {
		const struct cas *c = &cases[i / 2u];
		const char *pre = clk_name[i % 2u];

		/* "<clock>: <case>", bounded */
		for (k = 0; *pre && k < sizeof(names[i]) - 3u; k++)
			names[i][k] = *pre++;
		names[i][k++] = ':';
		names[i][k++] = ' ';
		for (pre = c->what; *pre && k < sizeof(names[i]) - 1u; k++)
			names[i][k] = *pre++;
		names[i][k] = 0;
		t[i] = (struct CMUnitTest){ names[i], i % 2u ? test_wrap32 : test_stepback, NULL,
					    NULL, (void *)(uintptr_t)c };
	}
	t[2 * N_CASES] = (struct CMUnitTest){ "clocks misbehaved", test_clocks_misbehaved, NULL,
					      NULL, NULL };
	return cmocka_run_group_tests_name("clock_misbehave", t, NULL, NULL);
}

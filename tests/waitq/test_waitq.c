/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Firmware-call wait-queue, deterministic unit tests (label waitq).
 *
 * A scripted fake firmware (answers in order, GET_WQ_CTX events in order,
 * every call logged) and a fake OS with a virtual clock whose wait() can
 * play the wake interrupt while the caller sleeps. Its lock op checks that
 * the instance never holds it across a call, a wait, a signal or a nested
 * lock. Built twice: against the library, and with fwcall.c compiled with
 * SCMIA_SMC_LOCKFREE 0 (the lock op instead of compare-and-swap, as on
 * Cortex-M0+ and RV32I). Function ids in the
 * checks are written by hand from SMCCC (Arm DEN0028 §2.5): bit 31 fast,
 * bit 30 SMC64, bits 29:24 owner (SiP = 2), bits 15:0 function number =
 * service << 8 | command; the wait-queue service is 0x24, RESUME 0x02
 * (yielding), GET_WQ_CTX 0x03 (fast).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia_fwcall.h"

/* Hand-computed function ids. */
#define FID_RESUME_64 0x42002402u     /* yielding, SMC64, SiP, 0x24/0x02 */
#define FID_GETWQ_64 0xC2002403u      /* fast, SMC64, SiP, 0x24/0x03 */
#define FID_RESUME_32 0x02002402u     /* yielding, SMC32, SiP, 0x24/0x02 */
#define FID_GETWQ_32 0x82002403u      /* fast, SMC32, SiP, 0x24/0x03 */
#define FID_SVC_64 0x42000105u        /* a SiP service call, SMC64, 0x01/0x05 */
#define FID_SVC_32 0x02000105u        /* the same, SMC32 */

#define N_CTX 8u
#define MAX_LOG 256u
#define DEFAULT_WAIT 1000 /* hook result: let the fake finish the wait */

/* ---- fake firmware ---- */

struct ffw {
	struct scmia_smccc_args log[MAX_LOG];
	unsigned n_log;
	struct scmia_smccc_res ans[32];   /* answers to every call but GET_WQ_CTX */
	unsigned n_ans, i_ans;
	struct scmia_smccc_res dflt;      /* answer once the script is exhausted */
	int have_dflt;
	struct scmia_smccc_res ev[32];    /* GET_WQ_CTX answers */
	unsigned n_ev, i_ev;
	struct scmia_smccc_res ev_dflt;   /* once exhausted (else an error answer) */
	int have_ev_dflt;
	uint32_t getwq_fid;
	unsigned n_getwq, n_other;
	unsigned irq_in_call;             /* raise the wake irq inside this call (1-based) */
	int irq_ret;                      /* result of that irq */
	int deinit_in_call;               /* try deinit from inside the first call */
	int deinit_ret;
	struct scmia_fwcall *fw;
};

/* ---- fake OS ---- */

struct tos;
typedef int (*tos_hook)(struct tos *t, int *obj, uint32_t timeout_us);

struct tos {
	struct scmia_os_ops ops;
	uint64_t now;
	unsigned locks, depth;
	unsigned waits, signals, relaxes, delays;
	uint32_t last_delay;
	tos_hook hook;
	tos_hook relax_hook;
};

static struct ffw F;
static struct scmia_fwcall FW;
static struct scmia_fwcall_wq WQ[N_CTX];
#define N_WAIT 4u
static struct scmia_fwcall_waiter WT[N_WAIT];
static int WOBJ[N_WAIT];

static struct scmia_smccc_res ans(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct scmia_smccc_res r = { a0, a1, a2, a3 };
	return r;
}

static void script(struct scmia_smccc_res r)
{
	assert_true(F.n_ans < 32);
	F.ans[F.n_ans++] = r;
}

static void event(uint64_t ctx, uint64_t flags, uint64_t more)
{
	assert_true(F.n_ev < 32);
	F.ev[F.n_ev++] = ans(0, ctx, flags, more);
}

static struct tos T;

static void ffw_call(void *ctx, const struct scmia_smccc_args *in, struct scmia_smccc_res *out)
{
	struct ffw *f = ctx;

	assert_int_equal(T.depth, 0); /* never held across a call */
	assert_true(f->n_log < MAX_LOG);
	f->log[f->n_log++] = *in;
	if ((uint32_t)in->a0 == f->getwq_fid) {
		f->n_getwq++;
		if (f->i_ev < f->n_ev)
			*out = f->ev[f->i_ev++];
		else if (f->have_ev_dflt)
			*out = f->ev_dflt;
		else
			*out = ans((uint64_t)-1, 0, 0, 0);
		return;
	}
	f->n_other++;
	if (f->deinit_in_call && f->n_other == 1)
		f->deinit_ret = scmia_fwcall_deinit(f->fw);
	if (f->irq_in_call && f->n_other == f->irq_in_call)
		f->irq_ret = scmia_fwcall_wake_irq(f->fw);
	if (f->i_ans < f->n_ans)
		*out = f->ans[f->i_ans++];
	else if (f->have_dflt)
		*out = f->dflt;
	else
		fail_msg("unscripted firmware call %u", f->n_other);
}

static scmia_lock_key_t tos_lock(void *ctx)
{
	struct tos *t = ctx;

	assert_int_equal(t->depth, 0); /* never nested */
	t->depth++;
	t->locks++;
	return 0x1234;
}

static void tos_unlock(void *ctx, scmia_lock_key_t key)
{
	struct tos *t = ctx;

	assert_int_equal(key, 0x1234);
	assert_int_equal(t->depth, 1);
	t->depth--;
}

static int tos_wait(void *ctx, void *obj, uint32_t timeout_us)
{
	struct tos *t = ctx;
	int *o = obj;

	assert_int_equal(t->depth, 0);
	t->waits++;
	assert_true(t->waits < 10000u); /* a storm of waits is a bug */
	if (t->hook) {
		int r = t->hook(t, o, timeout_us);

		if (r != DEFAULT_WAIT)
			return r;
	}
	if (*o) {
		*o = 0;
		return 0;
	}
	t->now += timeout_us;
	return SCMIA_ETIMEDOUT;
}

static void tos_signal(void *ctx, void *obj)
{
	struct tos *t = ctx;

	assert_int_equal(t->depth, 0);
	t->signals++;
	*(int *)obj = 1;
}

static uint64_t tos_now(void *ctx)
{
	assert_int_equal(((struct tos *)ctx)->depth, 0);
	return ((struct tos *)ctx)->now;
}

static void tos_relax(void *ctx)
{
	struct tos *t = ctx;

	t->relaxes++;
	t->now += 10;
	assert_true(t->relaxes < 1000000u);
	if (t->relax_hook)
		(void)t->relax_hook(t, NULL, 0);
}

static void tos_delay(void *ctx, uint32_t us)
{
	struct tos *t = ctx;

	t->delays++;
	t->last_delay = us;
	t->now += us;
}

static int setup(void **state)
{
	(void)state;
	memset(&F, 0, sizeof(F));
	memset(&T, 0, sizeof(T));
	memset(&FW, 0, sizeof(FW));
	memset(WQ, 0, sizeof(WQ));
	memset(WT, 0, sizeof(WT));
	memset(WOBJ, 0, sizeof(WOBJ));
	T.ops.lock = tos_lock;
	T.ops.unlock = tos_unlock;
	T.ops.wait = tos_wait;
	T.ops.signal = tos_signal;
	T.ops.now_us = tos_now;
	T.ops.relax = tos_relax;
	T.now = 1000000;
	F.getwq_fid = FID_GETWQ_64;
	F.fw = &FW;
	return 0;
}

static void cfg_default(struct scmia_fwcall_cfg *c, uint32_t flags)
{
	memset(c, 0, sizeof(*c));
	c->call = ffw_call;
	c->call_ctx = &F;
	c->os = &T.ops;
	c->os_ctx = &T;
	c->flags = flags;
	c->n_ctx = N_CTX;
	c->wq = WQ;
	c->n_waiters = N_WAIT;
	c->waiters = WT;
	c->wait_objs = WOBJ;
	c->wait_obj_stride = sizeof(WOBJ[0]);
	c->delay = tos_delay;
	c->delay_ctx = &T;
}

static void fw_up(uint32_t flags)
{
	struct scmia_fwcall_cfg c;

	cfg_default(&c, flags);
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
}

static struct scmia_smccc_args svc_args(uint32_t fid)
{
	struct scmia_smccc_args a = { fid, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0x7777 };
	return a;
}

static uint32_t cnt(enum scmia_fwcall_counter id)
{
	return scmia_fwcall_counter(&FW, id);
}

static void assert_args_eq(const struct scmia_smccc_args *a, const struct scmia_smccc_args *b)
{
	assert_memory_equal(a, b, sizeof(*a));
}

/* Hook: the wake interrupt arrives during the first wait. */
static int hook_irq_first(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->waits == 1)
		F.irq_ret = scmia_fwcall_wake_irq(&FW);
	return DEFAULT_WAIT;
}

/* ------------------------------------------------------------------ */

static void test_fid_helpers(void **state)
{
	(void)state;
	assert_int_equal(scmia_smccc_fid_svc(0, 1, SCMIA_SMCCC_OWNER_SIP, 0x24, 0x02), FID_RESUME_64);
	assert_int_equal(scmia_smccc_fid_svc(1, 1, SCMIA_SMCCC_OWNER_SIP, 0x24, 0x03), FID_GETWQ_64);
	assert_int_equal(scmia_smccc_fid_svc(0, 0, SCMIA_SMCCC_OWNER_SIP, 0x24, 0x02), FID_RESUME_32);
	assert_int_equal(scmia_smccc_fid_svc(1, 0, SCMIA_SMCCC_OWNER_SIP, 0x24, 0x03), FID_GETWQ_32);
	/* SMCCC_VERSION (Arm arch, fast, SMC32, 0x0000) and PSCI_VERSION
	 * (standard secure service, fast, SMC32, 0x0000). */
	assert_int_equal(scmia_smccc_fid(1, 0, SCMIA_SMCCC_OWNER_ARCH, 0), 0x80000000u);
	assert_int_equal(scmia_smccc_fid(1, 0, SCMIA_SMCCC_OWNER_STANDARD, 0), 0x84000000u);
	/* Oversized fields are masked, never spill into other fields. */
	assert_int_equal(scmia_smccc_fid(0, 0, 0x42, 0x12345), 0x02002345u);
	assert_int_equal(scmia_smccc_is_64(FID_RESUME_64), 1);
	assert_int_equal(scmia_smccc_is_64(FID_RESUME_32), 0);
	assert_int_equal(scmia_smccc_is_fast(FID_GETWQ_32), 1);
	assert_int_equal(scmia_smccc_is_fast(FID_RESUME_32), 0);
	/* Result sign: SMC32 uses the low word only. */
	assert_true(scmia_smccc_ret(0x84000000u, 0xffffffffu) == -1);
	assert_true(scmia_smccc_ret(0x84000000u, 0xdead0000fffffff4ull) == -12);
	assert_true(scmia_smccc_ret(0xc4000000u, 0xffffffffu) == 4294967295ll);
	assert_true(scmia_smccc_ret(0xc4000000u, UINT64_MAX) == -1);
}

static void test_init_validation(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_os_ops no_signal, no_now, spin;

	(void)state;
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	assert_int_equal(scmia_fwcall_init(NULL, &c), SCMIA_EINVAL);
	assert_int_equal(scmia_fwcall_init(&FW, NULL), SCMIA_EINVAL);
	c.call = NULL;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.n_ctx = 0;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.wq = NULL;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.os = NULL;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	no_now = T.ops;
	no_now.now_us = NULL;
	c.os = &no_now;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	no_signal = T.ops;
	no_signal.signal = NULL;
	c.os = &no_signal;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.wait_objs = NULL;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.n_waiters = 0;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.waiters = NULL;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.wait_obj_stride = 0; /* four slots on one object */
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_EINVAL);
	c.n_waiters = 1;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	/* Without a wait op, no wait objects are needed (spinning sleeper). */
	c.wait_objs = NULL;
	spin = T.ops;
	spin.wait = NULL;
	spin.signal = NULL;
	c.os = &spin;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	assert_int_equal(scmia_fwcall_waitq_enabled(&FW), 1);
	assert_int_equal(scmia_fwcall_deinit(&FW), SCMIA_OK);
	assert_int_equal(scmia_fwcall_deinit(&FW), SCMIA_ESTATE);
	assert_int_equal(scmia_fwcall_waitq_enabled(&FW), 0);
	/* Wait-queue off: nothing but the hook is needed. */
	memset(&c, 0, sizeof(c));
	c.call = ffw_call;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	assert_int_equal(scmia_fwcall_waitq_enabled(&FW), 0);
	/* The lock op: needed for the wake interrupt only where the target
	 * has no compare-and-swap. */
	{
		struct scmia_os_ops no_lock = T.ops, no_unlock = T.ops;
		int want = SCMIA_SMC_LOCKFREE ? SCMIA_OK : SCMIA_EINVAL;

		no_lock.lock = NULL;
		no_unlock.unlock = NULL;
		cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
		c.os = &no_lock;
		assert_int_equal(scmia_fwcall_init(&FW, &c), want);
		c.os = &no_unlock;
		assert_int_equal(scmia_fwcall_init(&FW, &c), want);
	}
}

/* The lock op is taken where compare-and-swap is missing, never elsewhere;
 * either way the other ops check it is never held around them. */
static void test_lock_only_without_cas(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 3, 0x42, 0));
	script(ans(0, 0x99, 0, 0));
	event(3, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_irq_first;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 0x99);
	assert_int_equal(T.depth, 0);
	if (SCMIA_SMC_LOCKFREE)
		assert_int_equal(T.locks, 0);
	else
		assert_true(T.locks > 0);
}

static void test_not_initialised(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_ESTATE);
	assert_int_equal(scmia_fwcall_wake_irq(&FW), SCMIA_ESTATE);
	assert_int_equal(scmia_fwcall_wake(&FW, 0, 1), SCMIA_ESTATE);
	assert_int_equal(scmia_fwcall_invoke(NULL, &a, &r, 0), SCMIA_EINVAL);
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	assert_int_equal(scmia_fwcall_invoke(&FW, NULL, &r, 0), SCMIA_EINVAL);
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, NULL, 0), SCMIA_EINVAL);
	assert_int_equal(scmia_fwcall_wake_irq(NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_fwcall_wake(NULL, 0, 1), SCMIA_EINVAL);
	assert_int_equal(F.n_log, 0);
}

static void test_firmware_never_sleeps(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(0, 0x1234, 0x5678, 0x9abc));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.n_log, 1);
	assert_args_eq(&F.log[0], &a);
	assert_int_equal(r.a0, 0);
	assert_int_equal(r.a1, 0x1234);
	assert_int_equal(r.a2, 0x5678);
	assert_int_equal(r.a3, 0x9abc);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_CALLS), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SMCS), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEPS), 0);
	assert_int_equal(T.waits, 0);
	/* Any other final a0 (a service's own error) is passed through. */
	script(ans((uint64_t)-3, 1, 2, 3));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_true(r.a0 == (uint64_t)-3);
	assert_int_equal(F.n_log, 2);
}

static void test_sleep_wake_one_resume(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 1, 0xabcd, 0));
	script(ans(0, 7, 0, 0));
	event(1, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_irq_first;

	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 7);
	assert_int_equal(F.irq_ret, 1);
	assert_int_equal(F.n_log, 3);
	assert_args_eq(&F.log[0], &a);
	/* GET_WQ_CTX: fast SiP call, no argument. */
	assert_int_equal(F.log[1].a0, FID_GETWQ_64);
	assert_int_equal(F.log[1].a1, 0);
	/* RESUME: yielding SiP call with the call context in a1. */
	assert_int_equal(F.log[2].a0, FID_RESUME_64);
	assert_int_equal(F.log[2].a1, 0xabcd);
	assert_int_equal(F.log[2].a2, 0);
	assert_int_equal(F.log[2].a7, 0);
	assert_int_equal(T.waits, 1);
	assert_int_equal(T.signals, 1); /* the sleeper's own object */
	assert_int_equal(WOBJ[0], 0);   /* ... and its signal was consumed */
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEPS), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_IRQS), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ONE), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 0);
}

static void test_resume_sleeps_again(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	/* RESUME answers WAITQ_SLEEP again, on another context and call ctx. */
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0x10, 0));
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 6, 0x20, 0));
	script(ans(0, 0, 0, 0));
	event(2, SCMIA_FWCALL_WAKE_ALL, 0);
	event(6, SCMIA_FWCALL_WAKE_ONE, 0);
	F.irq_in_call = 2; /* second wake inside the first RESUME */
	T.hook = hook_irq_first;

	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	/* orig, getwq, resume(0x10) [getwq inside], resume(0x20) */
	assert_int_equal(F.n_log, 5);
	assert_int_equal(F.log[2].a0, FID_RESUME_64);
	assert_int_equal(F.log[2].a1, 0x10);
	assert_int_equal(F.log[3].a0, FID_GETWQ_64);
	assert_int_equal(F.log[4].a0, FID_RESUME_64);
	assert_int_equal(F.log[4].a1, 0x20);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEPS), 2);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 2);
}

/* Wake-one reported inside the call that answers WAITQ_SLEEP: before the
 * caller sleeps. It must not be lost (and no wait is needed). */
static void test_wake_one_before_sleep(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0x99, 0));
	script(ans(0, 0x42, 0, 0));
	event(2, SCMIA_FWCALL_WAKE_ONE, 0);
	F.irq_in_call = 1;

	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.irq_ret, 1);
	assert_int_equal(r.a1, 0x42);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 0);
	assert_int_equal(T.now, 1000000); /* no time passed: no timeout wait */
}

static void test_wake_all_before_sleep(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 7, 0x98, 0));
	script(ans(0, 0x43, 0, 0));
	event(7, SCMIA_FWCALL_WAKE_ALL, 0);
	F.irq_in_call = 1;

	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 0x43);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ALL), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(T.now, 1000000);
}

/* A wake-all reported before the call was even issued is not for it: the
 * caller must sleep until its own wake (no early RESUME). */
static void test_old_wake_all_not_for_new_call(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	assert_int_equal(scmia_fwcall_wake(&FW, 3, SCMIA_FWCALL_WAKE_ALL), SCMIA_OK);
	assert_int_equal(T.signals, 0); /* nobody was sleeping */
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 3, 0x55, 0));
	script(ans(0, 0, 0, 0));
	event(3, SCMIA_FWCALL_WAKE_ALL, 0);
	T.hook = hook_irq_first;

	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(T.waits, 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(F.n_other, 2);
}

/* A wake-one while no call is in progress is ignored (counted): it must
 * not leave a ticket that a later sleeper takes without a real wake. */
static void test_wake_one_nobody(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	assert_int_equal(scmia_fwcall_wake(&FW, 4, SCMIA_FWCALL_WAKE_ONE), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_NOBODY), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ONE), 0);
	assert_int_equal(T.signals, 0);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 4, 0x1, 0));
	script(ans(0, 0, 0, 0));
	event(4, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_irq_first;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(T.waits, 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
}

/* Hook: a signal with no wake at the first wait, the real wake at the second. */
static int hook_spurious_then_irq(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)timeout_us;
	if (t->waits == 1) {
		t->now += 100;
		*obj = 0;
		return 0; /* woken for no reason */
	}
	if (t->waits == 2)
		F.irq_ret = scmia_fwcall_wake_irq(&FW);
	return DEFAULT_WAIT;
}

static void test_spurious_wake_harmless(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 0, 0x1, 0));
	script(ans(0, 0, 0, 0));
	event(0, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_spurious_then_irq;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(T.waits, 2);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_IDLE_WAKEUPS), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1); /* no RESUME for the spurious one */
	assert_int_equal(F.n_other, 2);
}

/* A stale OS signal left on the object (from an earlier wake) is harmless. */
static void test_stale_signal_harmless(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	WOBJ[0] = 1; /* the first waiter slot's object */
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 5, 0x1, 0));
	script(ans(0, 0, 0, 0));
	event(5, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_spurious_then_irq; /* wait 1 consumes nothing new: stale */
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_IDLE_WAKEUPS), 1);
}

/* Hook: first wait gets only invalid events (no wake for us, returns as a
 * spurious wake-up), the second wait the valid one. */
static int hook_bad_then_good(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->waits == 1) {
		F.irq_ret = scmia_fwcall_wake_irq(&FW);
		t->now += 100;
		return 0;
	}
	if (t->waits == 2)
		(void)scmia_fwcall_wake_irq(&FW);
	return DEFAULT_WAIT;
}

static void test_unknown_context_ignored(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 3, 0x1, 0));
	script(ans(0, 0, 0, 0));
	/* First irq: n_ctx, a 64-bit value whose low word is 3, UINT64_MAX. */
	event(N_CTX, SCMIA_FWCALL_WAKE_ONE, 1);
	event(0x100000003ull, SCMIA_FWCALL_WAKE_ALL, 1);
	event(UINT64_MAX, SCMIA_FWCALL_WAKE_ONE, 0);
	/* Second irq: the real one. */
	event(3, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_bad_then_good;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.irq_ret, 0); /* no valid event in the first run */
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_BAD_CTX), 3);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ONE), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(T.waits, 2);
	assert_int_equal(F.n_getwq, 4);
	assert_int_equal(scmia_fwcall_wake(&FW, N_CTX, SCMIA_FWCALL_WAKE_ONE), SCMIA_ENOENT);
}

static void test_invalid_flags_ignored(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 1, 0x1, 0));
	script(ans(0, 0, 0, 0));
	event(1, 0, 1);                    /* neither bit */
	event(1, 3, 1);                    /* both bits */
	event(1, 4, 1);                    /* an undefined bit */
	event(1, 0x100000001ull, 1);       /* wake-one plus a high bit */
	event(1, 0x80000002ull, 0);        /* wake-all plus bit 31 */
	event(1, SCMIA_FWCALL_WAKE_ALL, 0);
	T.hook = hook_bad_then_good;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.irq_ret, 0);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_BAD_FLAGS), 5);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ALL), 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(scmia_fwcall_wake(&FW, 1, 0), SCMIA_EMALFORMED);
}

static void test_more_pending_loop(void **state)
{
	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	event(0, SCMIA_FWCALL_WAKE_ALL, 1);
	event(5, SCMIA_FWCALL_WAKE_ALL, 1);
	event(7, SCMIA_FWCALL_WAKE_ALL, 0);
	event(1, SCMIA_FWCALL_WAKE_ALL, 0); /* next interrupt's: not fetched now */
	assert_int_equal(scmia_fwcall_wake_irq(&FW), 3);
	assert_int_equal(F.n_getwq, 3);
	assert_int_equal(T.signals, 0); /* nobody sleeping: nothing to signal */
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ALL), 3);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_IRQS), 1);
}

static void test_more_pending_bounded(void **state)
{
	struct scmia_fwcall_cfg c;

	(void)state;
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.max_wake_loop = 5;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	F.ev_dflt = ans(0, 0, SCMIA_FWCALL_WAKE_ALL, 1); /* "more" forever */
	F.have_ev_dflt = 1;
	assert_int_equal(scmia_fwcall_wake_irq(&FW), SCMIA_EPROTO);
	assert_int_equal(F.n_getwq, 5);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_LOOP_LIMIT), 1);
	/* Default bound. */
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	F.n_getwq = 0;
	assert_int_equal(scmia_fwcall_wake_irq(&FW), SCMIA_EPROTO);
	assert_int_equal(F.n_getwq, SCMIA_FWCALL_DEFAULT_MAX_WAKE_LOOP);
}

static void test_get_wq_ctx_error(void **state)
{
	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	event(2, SCMIA_FWCALL_WAKE_ALL, 1);
	F.ev[F.n_ev++] = ans(0xffffffffu, 0, SCMIA_FWCALL_WAKE_ALL, 1); /* -1 in the low word */
	assert_int_equal(scmia_fwcall_wake_irq(&FW), SCMIA_EIO);
	assert_int_equal(F.n_getwq, 2);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ALL), 1); /* the event before the error */
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ERRORS), 1);
}

static void test_busy_retries_exhausted(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;
	unsigned i;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	F.dflt = ans((uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY, 0, 0, 0);
	F.have_dflt = 1;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_EBUSY);
	/* The original call, then 20 retries 30 ms apart. */
	assert_int_equal(F.n_log, 21);
	for (i = 0; i < F.n_log; i++)
		assert_args_eq(&F.log[i], &a);
	assert_int_equal(T.delays, 20);
	assert_int_equal(T.last_delay, 30000);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_BUSY), 21);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_BUSY_EXHAUSTED), 1);
}

static void test_busy_retries_configured(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	cfg_default(&c, 0);
	c.busy_retries = 3;
	c.busy_delay_us = 500;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	F.dflt = ans((uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY, 0, 0, 0);
	F.have_dflt = 1;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_EBUSY);
	assert_int_equal(F.n_log, 4);
	assert_int_equal(T.delays, 3);
	assert_int_equal(T.last_delay, 500);

	cfg_default(&c, 0);
	c.busy_retries = SCMIA_FWCALL_NO_RETRY;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	F.n_log = 0;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_EBUSY);
	assert_int_equal(F.n_log, 1);
}

/* Without a delay hook the busy delay spins on the clock. */
static void test_busy_delay_by_clock(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;
	uint64_t t0;

	(void)state;
	cfg_default(&c, 0);
	c.delay = NULL;
	c.busy_delay_us = 1000;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	script(ans((uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY, 0, 0, 0));
	script(ans(0, 9, 0, 0));
	t0 = T.now;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 9);
	assert_true(T.now - t0 >= 1000);
	assert_true(T.relaxes >= 100);
}

/* A clock whose every other reading is 15 us behind (more than one relax
 * step): the busy delay must not count a step back again when the clock
 * catches up, so it still spins its whole delay of true time. */
static unsigned jitter_reads;

static uint64_t tos_now_jitter(void *ctx)
{
	uint64_t t = tos_now(ctx);

	return (jitter_reads++ & 1u) ? t - 15u : t;
}

static void test_busy_delay_clock_steps_back(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;
	uint64_t t0;

	(void)state;
	T.ops.now_us = tos_now_jitter;
	jitter_reads = 0;
	cfg_default(&c, 0);
	c.delay = NULL;
	c.busy_delay_us = 1000;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	script(ans((uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY, 0, 0, 0));
	script(ans(0, 9, 0, 0));
	t0 = T.now;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 9);
	assert_true(jitter_reads > 50u); /* the clock did step back */
	assert_true(T.now - t0 >= 1000);
	assert_true(T.now - t0 <= 1000 + 30);
}

static void test_busy_then_success(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(0);
	script(ans((uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY, 0, 0, 0));
	script(ans((uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY, 0, 0, 0));
	script(ans(0, 0xbeef, 0, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 0xbeef);
	assert_int_equal(F.n_log, 3);
	assert_int_equal(T.delays, 2);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_BUSY_EXHAUSTED), 0);
}

/* RESUME answering busy retries the ORIGINAL call, not the RESUME. */
static void test_resume_busy_retries_original(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 1, 0x77, 0));
	script(ans((uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY, 0, 0, 0));
	script(ans(0, 0x5a, 0, 0));
	event(1, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_irq_first;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 0x5a);
	assert_int_equal(F.n_log, 4);
	assert_args_eq(&F.log[0], &a);
	assert_int_equal(F.log[1].a0, FID_GETWQ_64);
	assert_int_equal(F.log[2].a0, FID_RESUME_64);
	assert_args_eq(&F.log[3], &a);
	assert_int_equal(T.delays, 1);
}

static void test_no_interrupt_configured(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(0);
	assert_int_equal(scmia_fwcall_waitq_enabled(&FW), 0);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 0, 0x1, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_ENOTSUP);
	assert_int_equal(F.n_log, 1);
	assert_int_equal(T.waits, 0);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEP_REFUSED), 1);
	assert_int_equal(scmia_fwcall_wake_irq(&FW), SCMIA_ENOTSUP);
	assert_int_equal(scmia_fwcall_wake(&FW, 0, SCMIA_FWCALL_WAKE_ONE), SCMIA_ENOTSUP);
	assert_int_equal(F.n_getwq, 0);
	/* The same instance still serves firmware that does not sleep. */
	script(ans(0, 1, 2, 3));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a3, 3);
	assert_int_equal(scmia_fwcall_deinit(&FW), SCMIA_OK);
}

static void test_atomic_never_sleeps(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 0, 0x1, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, SCMIA_FWCALL_CALL_ATOMIC), SCMIA_ENOTSUP);
	script(ans((uint64_t)(int64_t)SCMIA_FWCALL_RET_BUSY, 0, 0, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, SCMIA_FWCALL_CALL_ATOMIC), SCMIA_EBUSY);
	script(ans(SCMIA_FWCALL_RET_INTERRUPTED, 0, 0, 0));
	script(ans(0, 0x11, 0, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, SCMIA_FWCALL_CALL_ATOMIC), SCMIA_OK);
	assert_int_equal(r.a1, 0x11);
	assert_int_equal(F.n_log, 4);
	assert_int_equal(T.waits, 0);
	assert_int_equal(T.delays, 0);
	assert_int_equal(T.now, 1000000);
}

static void test_interrupted_reissue(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_INTERRUPTED, 0, 0, 0));
	script(ans(SCMIA_FWCALL_RET_INTERRUPTED, 0, 0, 0));
	script(ans(0, 0x31, 0, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 0x31);
	assert_int_equal(F.n_log, 3);
	assert_args_eq(&F.log[1], &a);
	assert_args_eq(&F.log[2], &a);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_INTERRUPTED), 2);
}

/* An interrupted RESUME is issued again (the RESUME, not the original). */
static void test_interrupted_resume_reissued(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 0, 0x66, 0));
	script(ans(SCMIA_FWCALL_RET_INTERRUPTED, 0, 0, 0));
	script(ans(0, 0x32, 0, 0));
	event(0, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_irq_first;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.n_log, 4);
	assert_int_equal(F.log[2].a0, FID_RESUME_64);
	assert_args_eq(&F.log[3], &F.log[2]);
	assert_int_equal(r.a1, 0x32);
}

static void test_interrupted_bounded(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	cfg_default(&c, 0);
	c.max_reissue = 4;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	F.dflt = ans(SCMIA_FWCALL_RET_INTERRUPTED, 0, 0, 0);
	F.have_dflt = 1;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_EAGAIN);
	assert_int_equal(F.n_log, 5);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_REISSUE_EXHAUSTED), 1);
}

static void test_sleep_timeout(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.sleep_timeout_us = 5000;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 6, 0x1, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(T.now, 1000000 + 5000);
	assert_int_equal(F.n_log, 1); /* no RESUME without a wake */
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 1);
	/* Nothing left in progress: deinit succeeds. */
	assert_int_equal(scmia_fwcall_deinit(&FW), SCMIA_OK);
}

static void test_sleep_timeout_default(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 6, 0x1, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(T.now, 1000000 + SCMIA_FWCALL_DEFAULT_SLEEP_TIMEOUT_US);
}

/* Hook: the sleeper is "preempted" past its deadline; the wake came in the
 * meantime but its wait reports a timeout. One last check must see it. */
static int hook_wake_at_deadline(struct tos *t, int *obj, uint32_t timeout_us)
{
	t->now += timeout_us;
	F.irq_ret = scmia_fwcall_wake_irq(&FW);
	*obj = 0;
	return SCMIA_ETIMEDOUT;
}

static void test_no_false_timeout_at_deadline(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0x1, 0));
	script(ans(0, 0x77, 0, 0));
	event(2, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_wake_at_deadline;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(r.a1, 0x77);
	assert_int_equal(T.waits, 1);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 0);
}

/* Hook: the wait times out as asked, but the clock stands still (a frozen
 * or very coarse clock): the sleep still ends, the wait op measured it. */
static int hook_frozen_clock(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)t;
	(void)obj;
	F.irq_ret += (int)(timeout_us / 1000u); /* sum of what was asked, ms */
	return SCMIA_ETIMEDOUT;
}

static void test_sleep_frozen_clock(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.sleep_timeout_us = 5000;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 6, 0x1, 0));
	T.hook = hook_frozen_clock;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_ETIMEDOUT);
	assert_int_equal(T.now, 1000000); /* the clock never moved */
	assert_int_equal(T.waits, 1);     /* one wait of the whole bound */
	assert_int_equal(F.irq_ret, 5);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 1);
}

/* Hook: every wait gets a wake (the firmware keeps answering SLEEP). */
static int hook_irq_always(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)t;
	(void)obj;
	(void)timeout_us;
	(void)scmia_fwcall_wake(&FW, 2, SCMIA_FWCALL_WAKE_ALL);
	return DEFAULT_WAIT;
}

/* A firmware that answers every RESUME with WAITQ_SLEEP (and keeps waking
 * the caller) cannot keep it forever: max_sleeps bounds the invocation. */
static void test_sleeps_bounded(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.max_sleeps = 3;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	F.dflt = ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0x9, 0);
	F.have_dflt = 1;
	T.hook = hook_irq_always;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_ETIMEDOUT);
	/* the call, then one RESUME per sleep: 3 sleeps, the 4th refused */
	assert_int_equal(F.n_log, 4);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEPS), 3);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 3);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEP_EXHAUSTED), 1);
	assert_int_equal(scmia_fwcall_deinit(&FW), SCMIA_OK);
}

/* ---- two sleepers: a nested invocation from inside the first's wait ---- */

static struct scmia_smccc_res NESTED_R;
static int NESTED_RET;
static unsigned NESTED_BASE_WAITS;

static void nested_invoke(void)
{
	struct scmia_smccc_args b = svc_args(FID_SVC_64);

	b.a1 = 0xb;
	NESTED_RET = scmia_fwcall_invoke(&FW, &b, &NESTED_R, 0);
}

/* A sleeps on ctx 2 (wait 1) -> B sleeps on ctx 2 (wait 2) -> wake-all:
 * both slots signalled, both resume. */
static int hook_two_sleepers_wake_all(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->waits == 1)
		nested_invoke();
	else if (t->waits == 2)
		assert_int_equal(scmia_fwcall_wake(&FW, 2, SCMIA_FWCALL_WAKE_ALL), SCMIA_OK);
	return DEFAULT_WAIT;
}

static void test_wake_all_reaches_every_sleeper(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0xa0, 0)); /* A */
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0xb0, 0)); /* B */
	script(ans(0, 0xb1, 0, 0));                            /* B's RESUME */
	script(ans(0, 0xa1, 0, 0));                            /* A's RESUME */
	T.hook = hook_two_sleepers_wake_all;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(NESTED_RET, SCMIA_OK);
	assert_int_equal(NESTED_R.a1, 0xb1);
	assert_int_equal(r.a1, 0xa1);
	assert_int_equal(T.waits, 2);
	assert_int_equal(T.signals, 2); /* one per sleeper, each on its own object */
	assert_int_equal(F.n_log, 4); /* A, B, B's RESUME, A's RESUME */
	assert_int_equal(F.log[2].a1, 0xb0);
	assert_int_equal(F.log[3].a1, 0xa0);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_IDLE_WAKEUPS), 0);
}

/* A sleeps on ctx 2; a wake-all for A arrives; then B, whose call began
 * after that wake, sleeps on ctx 2 too. B must not see A's signal (it is
 * not for B), and A must still get it. */
static int hook_newcomer(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)timeout_us;
	if (t->waits == 1) {
		assert_int_equal(scmia_fwcall_wake(&FW, 2, SCMIA_FWCALL_WAKE_ALL), SCMIA_OK);
		assert_int_equal(*obj, 1); /* A's object */
		nested_invoke();           /* B */
		assert_int_equal(*obj, 1); /* still there for A */
	} else if (t->waits == 2) {
		/* B's first wait: its own object, not signalled by A's wake. */
		assert_int_equal(*obj, 0);
		assert_int_equal(scmia_fwcall_wake(&FW, 2, SCMIA_FWCALL_WAKE_ALL), SCMIA_OK);
	}
	return DEFAULT_WAIT;
}

static void test_newcomer_does_not_swallow_wake(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0xa0, 0)); /* A */
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0xb0, 0)); /* B */
	script(ans(0, 0xb1, 0, 0));                            /* B's RESUME */
	script(ans(0, 0xa1, 0, 0));                            /* A's RESUME */
	T.hook = hook_newcomer;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(NESTED_RET, SCMIA_OK);
	assert_int_equal(r.a1, 0xa1);
	assert_int_equal(T.waits, 2);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 2);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_IDLE_WAKEUPS), 0);
}

/* Two wake-ones for two sleepers of one context signal both of them. */
static int hook_two_wake_ones(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->waits == 1) {
		nested_invoke();
	} else if (t->waits == 2) {
		assert_int_equal(scmia_fwcall_wake(&FW, 1, SCMIA_FWCALL_WAKE_ONE), SCMIA_OK);
		assert_int_equal(scmia_fwcall_wake(&FW, 1, SCMIA_FWCALL_WAKE_ONE), SCMIA_OK);
	}
	return DEFAULT_WAIT;
}

static void test_two_wake_ones_two_sleepers(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 1, 0xa0, 0));
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 1, 0xb0, 0));
	script(ans(0, 0xb1, 0, 0));
	script(ans(0, 0xa1, 0, 0));
	T.hook = hook_two_wake_ones;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(NESTED_RET, SCMIA_OK);
	assert_int_equal(r.a1, 0xa1);
	assert_int_equal(T.signals, 2);
	assert_int_equal(T.waits, 2);
	assert_int_equal(WQ[1].tickets, 0);
}

/* One waiter slot: a second concurrent sleeper polls with relax. */
static int relax_hook_wake_b(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->relaxes == 5)
		assert_int_equal(scmia_fwcall_wake(&FW, 3, SCMIA_FWCALL_WAKE_ONE), SCMIA_OK);
	return 0;
}

static int hook_nested_once(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->waits == 1) {
		NESTED_BASE_WAITS = t->waits;
		nested_invoke();
		/* A's wake */
		assert_int_equal(scmia_fwcall_wake(&FW, 2, SCMIA_FWCALL_WAKE_ONE), SCMIA_OK);
	}
	return DEFAULT_WAIT;
}

static void test_waiter_slots_exhausted_poll(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.n_waiters = 1;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 2, 0xa0, 0)); /* A: slot 0 */
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 3, 0xb0, 0)); /* B: no slot, polls */
	script(ans(0, 0xb1, 0, 0));
	script(ans(0, 0xa1, 0, 0));
	T.hook = hook_nested_once;
	T.relax_hook = relax_hook_wake_b;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(NESTED_RET, SCMIA_OK);
	assert_int_equal(NESTED_R.a1, 0xb1);
	assert_int_equal(r.a1, 0xa1);
	assert_int_equal(T.waits, 1);      /* only A used a wait object */
	assert_int_equal(T.relaxes, 5);    /* B polled until its wake */
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_POLLED_SLEEPS), 1);
	/* The slot is free again. */
	assert_int_equal(WT[0].state, 0);
}

static void test_sleep_bad_context(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, N_CTX, 0x1, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_EPROTO);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 0x100000000ull, 0x1, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_EPROTO);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_SLEEP_BAD_CTX), 2);
	assert_int_equal(T.waits, 0);
	assert_int_equal(F.n_log, 2);
}

/* SMC32 ids and the argument-descriptor convention. */
static void test_smc32_arginfo(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_32);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ | SCMIA_FWCALL_F_SMC32 | SCMIA_FWCALL_F_ARGINFO);
	F.getwq_fid = FID_GETWQ_32;
	/* SMC32: upper register halves are not part of the result. */
	script(ans(0xffffffff00000002ull, 4, 0xc0ffee, 0));
	script(ans(0, 0, 0, 0));
	event(4, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_irq_first;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.n_log, 3);
	assert_int_equal(F.log[1].a0, FID_GETWQ_32);
	assert_int_equal(F.log[1].a1, 0); /* no argument */
	assert_int_equal(F.log[2].a0, FID_RESUME_32);
	assert_int_equal(F.log[2].a1, 1); /* one value argument */
	assert_int_equal(F.log[2].a2, 0xc0ffee);
}

static void test_result_width_by_convention(void **state)
{
	struct scmia_smccc_args a32 = svc_args(FID_SVC_32);
	struct scmia_smccc_args a64 = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(0);
	/* SMC32: low word -12 is busy whatever the upper half holds. */
	script(ans(0xdead0000fffffff4ull, 0, 0, 0));
	script(ans(0, 0, 0, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a32, &r, 0), SCMIA_OK);
	assert_int_equal(F.n_log, 2);
	/* SMC64: 0x00000000fffffff4 is a positive value, a final answer. */
	script(ans(0xfffffff4ull, 0, 0, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a64, &r, 0), SCMIA_OK);
	assert_int_equal(r.a0, 0xfffffff4ull);
	assert_int_equal(F.n_log, 3);
}

/* Custom function ids from the configuration. */
static void test_custom_fids(void **state)
{
	struct scmia_fwcall_cfg c;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.resume_fid = 0x43001234u;
	c.get_wq_ctx_fid = 0xc3001235u;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	F.getwq_fid = 0xc3001235u;
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 0, 0x3, 0));
	script(ans(0, 0, 0, 0));
	event(0, SCMIA_FWCALL_WAKE_ONE, 0);
	T.hook = hook_irq_first;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.log[1].a0, 0xc3001235u);
	assert_int_equal(F.log[2].a0, 0x43001234u);
}

/* Hook: wakes for other contexts first (the sleeper's object is not
 * signalled; it returns as a spurious wake-up), then its own. */
static int hook_other_contexts_first(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->waits == 1) {
		assert_int_equal(scmia_fwcall_wake(&FW, 4, SCMIA_FWCALL_WAKE_ALL), SCMIA_OK);
		assert_int_equal(scmia_fwcall_wake(&FW, 6, SCMIA_FWCALL_WAKE_ONE), SCMIA_OK);
		t->now += 50;
		return 0;
	}
	if (t->waits == 2)
		assert_int_equal(scmia_fwcall_wake(&FW, 5, SCMIA_FWCALL_WAKE_ONE), SCMIA_OK);
	return DEFAULT_WAIT;
}

static void test_contexts_are_independent(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 5, 0x1, 0));
	script(ans(0, 0, 0, 0));
	T.hook = hook_other_contexts_first;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(T.waits, 2);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 1);
	assert_int_equal(T.signals, 1); /* only the wake of context 5 signalled */
}

/* Several wake-ones while one call is in progress leave one ticket, not
 * five: a later sleep of the same call must wait for a new wake. */
static void test_wake_one_tickets_capped(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;
	unsigned i;

	(void)state;
	fw_up(SCMIA_FWCALL_F_WAKE_IRQ);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 0, 0x1, 0));
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 0, 0x1, 0));
	script(ans(0, 0, 0, 0));
	for (i = 0; i < 4; i++)
		event(0, SCMIA_FWCALL_WAKE_ONE, 1);
	event(0, SCMIA_FWCALL_WAKE_ONE, 0);
	event(0, SCMIA_FWCALL_WAKE_ONE, 0); /* for the second sleep */
	F.irq_in_call = 1;
	T.hook = hook_irq_first;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_WAKE_ONE), 6);
	assert_int_equal(F.n_getwq, 6);
	assert_int_equal(T.waits, 1); /* the second sleep did wait */
	assert_int_equal(cnt(SCMIA_FWCALL_CNT_RESUMES), 2);
}

/* Without an OS wait op the sleeper spins with relax until woken. */
static int relax_hook_irq(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->relaxes == 3)
		F.irq_ret = scmia_fwcall_wake_irq(&FW);
	return 0;
}

/* An instance whose OS table has no wait op (sleepers poll with relax),
 * wait-queue on; @sleep_timeout_us 0: the default. @spin holds the table. */
static void fw_up_polled(struct scmia_os_ops *spin, uint32_t sleep_timeout_us)
{
	struct scmia_fwcall_cfg c;

	*spin = T.ops;
	spin->wait = NULL;
	spin->signal = NULL;
	cfg_default(&c, SCMIA_FWCALL_F_WAKE_IRQ);
	c.os = spin;
	c.wait_objs = NULL;
	c.waiters = NULL;
	c.n_waiters = 0;
	c.sleep_timeout_us = sleep_timeout_us;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
}

static void test_spinning_sleeper(void **state)
{
	struct scmia_os_ops spin;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up_polled(&spin, 0);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 3, 0x1, 0));
	script(ans(0, 0x3, 0, 0));
	event(3, SCMIA_FWCALL_WAKE_ALL, 0);
	T.relax_hook = relax_hook_irq;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.irq_ret, 1);
	assert_int_equal(T.relaxes, 3);
	assert_int_equal(T.signals, 0);
	/* And it times out by the clock when nothing comes. */
	T.relax_hook = NULL;
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 3, 0x1, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_ETIMEDOUT);
}

/* Relax hook: the sleeper is preempted for twice the sleep bound once. */
static int relax_hook_preempted(struct tos *t, int *obj, uint32_t timeout_us)
{
	(void)obj;
	(void)timeout_us;
	if (t->relaxes == 3)
		t->now += 2u * 5000u;
	return 0;
}

/* A polled sleep preempted for longer than its whole bound: the jump of
 * the clock cannot be told from the end of a stale stretch, so it counts
 * as none; the sleep ends at most one bound later (docs/porting.md 1.3),
 * never at once and never later than that. */
static void test_polled_sleep_preempted_past_bound(void **state)
{
	struct scmia_os_ops spin;
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;
	uint64_t t0;

	(void)state;
	fw_up_polled(&spin, 5000);
	script(ans(SCMIA_FWCALL_RET_WAITQ_SLEEP, 3, 0x1, 0));
	T.relax_hook = relax_hook_preempted;
	t0 = T.now;
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_ETIMEDOUT);
	T.relax_hook = NULL;
	assert_true(T.now - t0 >= 2u * 5000u + 5000u - 30u);
	assert_true(T.now - t0 <= 2u * 5000u + 5000u + 30u);
}

static void test_deinit_refused_while_in_progress(void **state)
{
	struct scmia_smccc_args a = svc_args(FID_SVC_64);
	struct scmia_smccc_res r;

	(void)state;
	fw_up(0);
	F.deinit_in_call = 1;
	script(ans(0, 0, 0, 0));
	assert_int_equal(scmia_fwcall_invoke(&FW, &a, &r, 0), SCMIA_OK);
	assert_int_equal(F.deinit_ret, SCMIA_ESTATE);
	assert_int_equal(scmia_fwcall_deinit(&FW), SCMIA_OK);
}

static void test_counter_names(void **state)
{
	unsigned i, j;

	(void)state;
	for (i = 0; i < SCMIA_FWCALL_CNT__COUNT; i++) {
		const char *n = scmia_fwcall_counter_name((enum scmia_fwcall_counter)i);

		assert_string_not_equal(n, "?");
		for (j = 0; j < i; j++)
			assert_string_not_equal(n, scmia_fwcall_counter_name(
							   (enum scmia_fwcall_counter)j));
	}
	assert_string_equal(scmia_fwcall_counter_name(SCMIA_FWCALL_CNT__COUNT), "?");
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT__COUNT), 0);
	assert_int_equal(scmia_fwcall_counter(NULL, SCMIA_FWCALL_CNT_CALLS), 0);
}

#define T_(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T_(test_fid_helpers),
		T_(test_init_validation),
		T_(test_not_initialised),
		T_(test_firmware_never_sleeps),
		T_(test_sleep_wake_one_resume),
		T_(test_resume_sleeps_again),
		T_(test_wake_one_before_sleep),
		T_(test_wake_all_before_sleep),
		T_(test_old_wake_all_not_for_new_call),
		T_(test_wake_one_nobody),
		T_(test_spurious_wake_harmless),
		T_(test_stale_signal_harmless),
		T_(test_unknown_context_ignored),
		T_(test_invalid_flags_ignored),
		T_(test_more_pending_loop),
		T_(test_more_pending_bounded),
		T_(test_get_wq_ctx_error),
		T_(test_busy_retries_exhausted),
		T_(test_busy_retries_configured),
		T_(test_busy_delay_by_clock),
		T_(test_busy_delay_clock_steps_back),
		T_(test_busy_then_success),
		T_(test_resume_busy_retries_original),
		T_(test_no_interrupt_configured),
		T_(test_atomic_never_sleeps),
		T_(test_interrupted_reissue),
		T_(test_interrupted_resume_reissued),
		T_(test_interrupted_bounded),
		T_(test_sleep_timeout),
		T_(test_sleep_timeout_default),
		T_(test_no_false_timeout_at_deadline),
		T_(test_sleep_frozen_clock),
		T_(test_wake_all_reaches_every_sleeper),
		T_(test_newcomer_does_not_swallow_wake),
		T_(test_two_wake_ones_two_sleepers),
		T_(test_waiter_slots_exhausted_poll),
		T_(test_sleeps_bounded),
		T_(test_sleep_bad_context),
		T_(test_smc32_arginfo),
		T_(test_result_width_by_convention),
		T_(test_custom_fids),
		T_(test_contexts_are_independent),
		T_(test_wake_one_tickets_capped),
		T_(test_spinning_sleeper),
		T_(test_polled_sleep_preempted_past_bound),
		T_(test_deinit_refused_while_in_progress),
		T_(test_counter_names),
		T_(test_lock_only_without_cas),
	};

	return cmocka_run_group_tests_name(SCMIA_SMC_LOCKFREE ? "waitq" : "waitq_locked", tests,
					   NULL, NULL);
}

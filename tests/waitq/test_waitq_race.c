/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Firmware-call wait-queue: interleavings of wake handlers and sleepers,
 * forced step by step (label waitq).
 *
 * transports/smc/fwcall.c is compiled into this test with
 * SCMIA_FWCALL_TEST_HOOKS, which makes a wake-all call
 * scmia_fwcall_test_hook() between taking its generation and publishing
 * it. Callers and handlers run on threads, but nothing depends on timing:
 * every wait of the fake OS blocks until the test releases it (woken or
 * timed out, the test says which), every such wait and every thread end is
 * reported to the test as an event, and time is a virtual clock that only
 * the test moves. Each step waits for the event that says the previous one
 * happened.
 *
 * 1. A wake-all lost (issue 9, defect 4): handler A takes generation 1 and
 *    is held in the hook; caller C traps (snapshot 1) and sleeps; handler B
 *    takes generation 2 and publishes it; A resumes. all_gen must stay 2:
 *    C was released by B's wake-all and must resume, not time out.
 * 2. The leftover ticket: S1 and S2 sleep on one context; at S1's deadline,
 *    between its last look and its leaving, a wake-one arrives and signals
 *    S1 (the first sleeper). S1 leaves without the ticket; it must pass it
 *    on to S2 at once, not leave S2 asleep until its own timeout.
 *
 * Built twice: as the target compiles it (lock-free where the host has
 * compare-and-swap), and with SCMIA_SMC_LOCKFREE 0 (the lock op path).
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "scmia_fwcall.h"

#define FID_SVC 0x42000105u    /* a SiP service call, SMC64, 0x01/0x05 */
#define FID_RESUME 0x42002402u /* yielding, SMC64, SiP, 0x24/0x02 (the default) */
#define N_CTX 2u
#define N_WAIT 2u
#define SLEEP_TMO 1000000u

enum tag { T_MAIN = 0, T_A, T_B, T_C, T_S1, T_S2 };
enum ev { EV_WAITING = 1, EV_HOOK, EV_DONE };

static _Thread_local int TAG;

/* ---- events: thread -> test ---- */

static pthread_mutex_t EV_LOCK = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t EV_COND = PTHREAD_COND_INITIALIZER;
static struct {
	int ev, tag;
	unsigned obj;
} EVQ[64];
static unsigned EV_HEAD, EV_TAIL;

static void post(int ev, int tag, unsigned obj)
{
	pthread_mutex_lock(&EV_LOCK);
	EVQ[EV_TAIL % 64u].ev = ev;
	EVQ[EV_TAIL % 64u].tag = tag;
	EVQ[EV_TAIL % 64u].obj = obj;
	EV_TAIL++;
	pthread_cond_broadcast(&EV_COND);
	pthread_mutex_unlock(&EV_LOCK);
}

/* Next event (in order); fails the test after 10 s of real time (a hang). */
static void next_event(int *ev, int *tag, unsigned *obj)
{
	struct timespec dl;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += 10;
	pthread_mutex_lock(&EV_LOCK);
	while (EV_HEAD == EV_TAIL && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&EV_COND, &EV_LOCK, &dl);
	if (EV_HEAD == EV_TAIL) {
		pthread_mutex_unlock(&EV_LOCK);
		fail_msg("no event within 10 s");
	}
	*ev = EVQ[EV_HEAD % 64u].ev;
	*tag = EVQ[EV_HEAD % 64u].tag;
	*obj = EVQ[EV_HEAD % 64u].obj;
	EV_HEAD++;
	pthread_mutex_unlock(&EV_LOCK);
}

static unsigned expect(int ev, int tag)
{
	int e, t;
	unsigned o;

	next_event(&e, &t, &o);
	if (e != ev || t != tag)
		fail_msg("event %d of thread %d, expected event %d of thread %d", e, t, ev, tag);
	return o;
}

/* ---- fake OS: wait objects the test releases, virtual clock ---- */

struct wobj {
	sem_t go;
	int result;
	int signalled; /* atomic */
};

static struct wobj WOBJ[N_WAIT];
static uint64_t NOW; /* atomic */
static pthread_mutex_t OS_LOCK = PTHREAD_MUTEX_INITIALIZER;
static unsigned LOCKS; /* lock op calls, under OS_LOCK */
static int NOW_HOOK_TAG;
static void (*NOW_HOOK)(void);

static int f_wait(void *ctx, void *obj, uint32_t timeout_us)
{
	struct wobj *o = obj;

	(void)ctx;
	(void)timeout_us;
	post(EV_WAITING, TAG, (unsigned)(o - WOBJ));
	while (sem_wait(&o->go) != 0)
		;
	return o->result;
}

static void f_signal(void *ctx, void *obj)
{
	(void)ctx;
	__atomic_store_n(&((struct wobj *)obj)->signalled, 1, __ATOMIC_SEQ_CST);
}

static uint64_t f_now(void *ctx)
{
	(void)ctx;
	if (NOW_HOOK && TAG == NOW_HOOK_TAG) {
		void (*h)(void) = NOW_HOOK;

		NOW_HOOK = NULL;
		h(); /* an interrupt on this caller's CPU, right here */
	}
	return __atomic_load_n(&NOW, __ATOMIC_SEQ_CST);
}

static scmia_lock_key_t f_lock(void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&OS_LOCK);
	LOCKS++;
	return 0x77;
}

static void f_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	assert_int_equal(key, 0x77);
	pthread_mutex_unlock(&OS_LOCK);
}

static const struct scmia_os_ops OS = {
	.lock = f_lock,
	.unlock = f_unlock,
	.wait = f_wait,
	.signal = f_signal,
	.now_us = f_now,
};

/* Release the wait on @o: woken (0) or timed out (the clock moved to @now). */
static void release(unsigned o, int result, uint64_t now)
{
	if (now)
		__atomic_store_n(&NOW, now, __ATOMIC_SEQ_CST);
	WOBJ[o].result = result;
	sem_post(&WOBJ[o].go);
}

static int signalled(unsigned o)
{
	return __atomic_load_n(&WOBJ[o].signalled, __ATOMIC_SEQ_CST);
}

/* ---- fake firmware: the service call sleeps once, RESUME succeeds ---- */

static void fw_call(void *ctx, const struct scmia_smccc_args *in, struct scmia_smccc_res *out)
{
	(void)ctx;
	memset(out, 0, sizeof(*out));
	if ((uint32_t)in->a0 == FID_SVC) {
		out->a0 = SCMIA_FWCALL_RET_WAITQ_SLEEP;
		out->a1 = 0;                  /* context 0 */
		out->a2 = 0xc000u + in->a1;   /* call context: the caller's tag */
	} else if ((uint32_t)in->a0 == FID_RESUME) {
		out->a0 = 0;
		out->a1 = 0xd000u + in->a1 - 0xc000u; /* done, for that caller */
	} else {
		out->a0 = (uint64_t)-1;
	}
}

/* ---- the instance and the threads ---- */

static struct scmia_fwcall FW;
static struct scmia_fwcall_wq WQ[N_CTX];
static struct scmia_fwcall_waiter WT[N_WAIT];

/* The hook of SCMIA_FWCALL_TEST_HOOKS: hold handler A between its
 * increment and its publication until the test lets it go. */
static sem_t HOOK_GO;

void scmia_fwcall_test_hook(struct scmia_fwcall *fw, uint32_t ctx, uint32_t gen);

void scmia_fwcall_test_hook(struct scmia_fwcall *fw, uint32_t ctx, uint32_t gen)
{
	(void)fw;
	(void)ctx;
	if (TAG != T_A)
		return;
	post(EV_HOOK, TAG, gen);
	while (sem_wait(&HOOK_GO) != 0)
		;
}

struct thr {
	pthread_t t;
	int tag;
	int ret;
	struct scmia_smccc_res res;
};

static void *caller_main(void *arg)
{
	struct thr *th = arg;
	struct scmia_smccc_args a;

	TAG = th->tag;
	memset(&a, 0, sizeof(a));
	a.a0 = FID_SVC;
	a.a1 = (uint64_t)th->tag;
	th->ret = scmia_fwcall_invoke(&FW, &a, &th->res, 0);
	post(EV_DONE, TAG, 0);
	return NULL;
}

static void *wake_all_main(void *arg)
{
	struct thr *th = arg;

	TAG = th->tag;
	th->ret = scmia_fwcall_wake(&FW, 0, SCMIA_FWCALL_WAKE_ALL);
	post(EV_DONE, TAG, 0);
	return NULL;
}

static void start(struct thr *th, int tag, void *(*fn)(void *))
{
	memset(th, 0, sizeof(*th));
	th->tag = tag;
	assert_int_equal(pthread_create(&th->t, NULL, fn, th), 0);
}

static int setup(void **state)
{
	struct scmia_fwcall_cfg c;

	(void)state;
	EV_HEAD = EV_TAIL = 0;
	NOW = 1000000;
	NOW_HOOK = NULL;
	LOCKS = 0;
	TAG = T_MAIN;
	for (unsigned i = 0; i < N_WAIT; i++) {
		WOBJ[i].signalled = 0;
		WOBJ[i].result = 0;
		assert_int_equal(sem_init(&WOBJ[i].go, 0, 0), 0);
	}
	assert_int_equal(sem_init(&HOOK_GO, 0, 0), 0);
	memset(&c, 0, sizeof(c));
	c.call = fw_call;
	c.os = &OS;
	c.flags = SCMIA_FWCALL_F_WAKE_IRQ;
	c.n_ctx = N_CTX;
	c.wq = WQ;
	c.n_waiters = N_WAIT;
	c.waiters = WT;
	c.wait_objs = WOBJ;
	c.wait_obj_stride = sizeof(WOBJ[0]);
	c.sleep_timeout_us = SLEEP_TMO;
	assert_int_equal(scmia_fwcall_init(&FW, &c), SCMIA_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	(void)scmia_fwcall_deinit(&FW);
	for (unsigned i = 0; i < N_WAIT; i++)
		sem_destroy(&WOBJ[i].go);
	sem_destroy(&HOOK_GO);
	return 0;
}

/* ------------------------------------------------------------------ */

static void test_wake_all_never_moves_back(void **state)
{
	struct thr a, c;
	unsigned obj;
	int ev, tag;

	(void)state;
	/* A: a wake-all for context 0, held after taking generation 1. */
	start(&a, T_A, wake_all_main);
	assert_int_equal(expect(EV_HOOK, T_A), 1);
	/* C: its call is issued now (snapshot: generation 1) and the
	 * firmware tells it to sleep on context 0. */
	start(&c, T_C, caller_main);
	obj = expect(EV_WAITING, T_C);
	/* B: the wake-all for C's sleep, from this thread, all the way. */
	assert_int_equal(scmia_fwcall_wake(&FW, 0, SCMIA_FWCALL_WAKE_ALL), SCMIA_OK);
	assert_true(signalled(obj));
	/* A finishes: it must not take all_gen back to its generation. */
	sem_post(&HOOK_GO);
	expect(EV_DONE, T_A);
	pthread_join(a.t, NULL);
	assert_int_equal(a.ret, SCMIA_OK);
	/* C wakes up (it was signalled) and looks. */
	release(obj, 0, 0);
	next_event(&ev, &tag, &obj);
	assert_int_equal(tag, T_C);
	if (ev == EV_WAITING) /* it found nothing: sleep out its timeout */
		release(obj, SCMIA_ETIMEDOUT, __atomic_load_n(&NOW, __ATOMIC_SEQ_CST) + SLEEP_TMO);
	else
		assert_int_equal(ev, EV_DONE);
	pthread_join(c.t, NULL);
	assert_int_equal(c.ret, SCMIA_OK); /* resumed, not ETIMEDOUT */
	assert_int_equal(c.res.a1, 0xd000u + T_C);
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_WAKE_ALL), 2);
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 0);
	assert_int_equal(scmia_fwcall_counter(&FW, SCMIA_FWCALL_CNT_IDLE_WAKEUPS), 0);
}

/* At S1's deadline check: a wake-one for context 0 (the interrupt). */
static void wake_one_now(void)
{
	assert_int_equal(scmia_fwcall_wake(&FW, 0, SCMIA_FWCALL_WAKE_ONE), SCMIA_OK);
}

static void test_leftover_ticket_passed_on(void **state)
{
	struct thr s1, s2;
	unsigned o1, o2, s2_sig;
	int ev, tag;

	(void)state;
	start(&s1, T_S1, caller_main);
	o1 = expect(EV_WAITING, T_S1);
	__atomic_store_n(&NOW, NOW + 1000u, __ATOMIC_SEQ_CST); /* S2's deadline is later */
	start(&s2, T_S2, caller_main);
	o2 = expect(EV_WAITING, T_S2);
	assert_int_not_equal(o1, o2);
	/* S1's sleep times out; when it reads the clock to leave, a wake-one
	 * comes and signals S1, the first sleeper of the context. */
	NOW_HOOK_TAG = T_S1;
	NOW_HOOK = wake_one_now;
	release(o1, SCMIA_ETIMEDOUT, NOW - 1000u + SLEEP_TMO);
	expect(EV_DONE, T_S1);
	pthread_join(s1.t, NULL);
	assert_null(NOW_HOOK); /* the wake came where it should */
	assert_int_equal(s1.ret, SCMIA_ETIMEDOUT);
	assert_true(signalled(o1));
	/* S1 left the ticket: S2 must have been signalled for it. */
	s2_sig = (unsigned)signalled(o2);
	if (s2_sig) {
		release(o2, 0, 0);
	} else {
		/* Nobody told S2: it sleeps until its timeout, then finds it. */
		release(o2, SCMIA_ETIMEDOUT, NOW + SLEEP_TMO);
	}
	next_event(&ev, &tag, &o2);
	assert_int_equal(ev, EV_DONE);
	assert_int_equal(tag, T_S2);
	pthread_join(s2.t, NULL);
	assert_int_equal(s2.ret, SCMIA_OK);
	assert_int_equal(s2.res.a1, 0xd000u + T_S2);
	assert_int_equal(WQ[0].tickets, 0);
	assert_int_equal(s2_sig, 1); /* woken at once, not at its timeout */
}

/* Where the lock is the only way (no compare-and-swap), the wake-queue
 * takes it; where the instructions exist, never. */
static void test_lock_use_follows_target(void **state)
{
	unsigned locks;

	(void)state;
	assert_int_equal(scmia_fwcall_wake(&FW, 0, SCMIA_FWCALL_WAKE_ALL), SCMIA_OK);
	pthread_mutex_lock(&OS_LOCK);
	locks = LOCKS;
	pthread_mutex_unlock(&OS_LOCK);
#if SCMIA_SMC_LOCKFREE
	assert_int_equal(locks, 0);
#else
	assert_true(locks > 0);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wake_all_never_moves_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leftover_ticket_passed_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_use_follows_target, setup, teardown),
	};

#if SCMIA_SMC_LOCKFREE
	return cmocka_run_group_tests_name("waitq_race", tests, NULL, NULL);
#else
	return cmocka_run_group_tests_name("waitq_race_locked", tests, NULL, NULL);
#endif
}

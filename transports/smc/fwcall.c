/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Firmware calls with the wait-queue handshake (docs/porting-smc.md).
 *
 * Wake bookkeeping (C11 atomics; no lock where the target has
 * compare-and-swap, see SCMIA_SMC_LOCKFREE and at_add / at_cas below):
 *
 *   per context c:
 *   tickets   wake-one events not yet taken by a sleeper. A sleeper takes
 *             one with a compare-and-swap; capped by the number of calls in
 *             progress so spurious wakes cannot accumulate.
 *   all_gen   value of the instance's wake generation `gen` at the last
 *             wake-all of c. A caller snapshots `gen` before each trap
 *             (g0); it was released by a wake-all when all_gen - g0 > 0
 *             (serial-number arithmetic, so the 32-bit counter may wrap).
 *             A wake-all takes its generation (gen + 1) and then moves
 *             all_gen forward to it, never backward: two wake-all handlers
 *             for one context may run at once (two CPUs taking the wake
 *             interrupt, scmia_fwcall_wake() from a thread while the
 *             handler runs), and the one that took the older generation
 *             may store last. Storing it would take all_gen back below a
 *             generation already reported, and a caller whose snapshot lies
 *             between the two would sleep through its wake-all until its
 *             timeout. Handlers are not serialised instead: the header
 *             promises a handler that runs anywhere and takes no lock.
 *
 *   per waiter slot (one OS wait object each, taken for one sleep):
 *   state     FREE -> TAKEN (claimed) -> SLEEPING (ctx set) -> FREE
 *   notified  the wake handler signalled this slot and the sleeper has not
 *             looked since: a wake-one picks an un-notified slot, so two
 *             wake-ones reach two sleepers.
 *
 *   wake handler:  update tickets / all_gen, then signal the slot(s)
 *                  SLEEPING on c (all of them, or one un-notified)
 *   sleeper:       publish SLEEPING on c, then check tickets / all_gen,
 *                  then wait on its own object
 *
 * Both sides store then load with sequentially consistent atomics, so
 * either the handler sees the slot SLEEPING and signals it, or the sleeper
 * sees the new state before waiting: no lost wake. A signal that arrives
 * after the check and before the wait is kept by the object (os.h). A
 * signal with no state change only causes one more check. Since every
 * sleeper has its own object, a caller a wake is not for (its call began
 * after a wake-all) can never swallow the signal meant for another. A
 * sleeper that leaves while tickets remain passes one on to another
 * sleeper of the context.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_fwcall.h"

_Static_assert(sizeof(SCMIA_SMC_ATOMIC uint32_t) == sizeof(uint32_t),
	       "atomic uint32_t must keep the size of uint32_t (header layout)");
_Static_assert(_Alignof(SCMIA_SMC_ATOMIC uint32_t) == _Alignof(uint32_t),
	       "atomic uint32_t must keep the alignment of uint32_t (header layout)");

/* How a sleeper was released. */
enum { WOKE_NONE = 0, WOKE_ONE, WOKE_ALL };

/* Waiter slot states. */
enum { W_FREE = 0, W_TAKEN, W_SLEEPING };

#ifdef SCMIA_FWCALL_TEST_HOOKS
/* Tests only (the library is never built with it): called by a wake-all
 * between taking its generation and publishing it, so that a test can run
 * another wake handler at exactly that point. */
void scmia_fwcall_test_hook(struct scmia_fwcall *fw, uint32_t ctx, uint32_t gen);
#define FW_TEST_HOOK(fw, c, g) scmia_fwcall_test_hook((fw), (c), (g))
#else
#define FW_TEST_HOOK(fw, c, g) ((void)0)
#endif

/*
 * Read-modify-write of a shared word. With compare-and-swap instructions
 * (SCMIA_SMC_LOCKFREE 1) these are the C11 operations, lock-free. Without
 * them the C11 operations would be __atomic_* library calls; instead the
 * load and the store run inside the OS table's lock (which masks
 * interrupts on one core, and is a spinlock on SMP): every context that
 * touches the instance takes it, so nothing comes between the two. The
 * lock is never held across anything else. With no lock op the instance
 * is used from one context at a time (init refuses the wake interrupt
 * then).
 */
#if SCMIA_SMC_LOCKFREE
static uint32_t at_add(struct scmia_fwcall *fw, SCMIA_SMC_ATOMIC uint32_t *p, uint32_t v)
{
	(void)fw;
	return atomic_fetch_add(p, v);
}

static int at_cas(struct scmia_fwcall *fw, SCMIA_SMC_ATOMIC uint32_t *p, uint32_t *expect,
		  uint32_t desired)
{
	(void)fw;
	return atomic_compare_exchange_strong(p, expect, desired);
}
#else
static scmia_lock_key_t fw_lock(const struct scmia_fwcall *fw)
{
	if (fw->os && fw->os->lock)
		return fw->os->lock(fw->os_ctx);
	atomic_signal_fence(memory_order_seq_cst);
	return 0;
}

static void fw_unlock(const struct scmia_fwcall *fw, scmia_lock_key_t key)
{
	if (fw->os && fw->os->unlock)
		fw->os->unlock(fw->os_ctx, key);
	else
		atomic_signal_fence(memory_order_seq_cst);
}

static uint32_t at_add(struct scmia_fwcall *fw, SCMIA_SMC_ATOMIC uint32_t *p, uint32_t v)
{
	scmia_lock_key_t key = fw_lock(fw);
	uint32_t old = atomic_load(p);

	atomic_store(p, old + v);
	fw_unlock(fw, key);
	return old;
}

static int at_cas(struct scmia_fwcall *fw, SCMIA_SMC_ATOMIC uint32_t *p, uint32_t *expect,
		  uint32_t desired)
{
	scmia_lock_key_t key = fw_lock(fw);
	uint32_t cur = atomic_load(p);
	int ok = cur == *expect;

	if (ok)
		atomic_store(p, desired);
	else
		*expect = cur;
	fw_unlock(fw, key);
	return ok;
}
#endif

static void fw_count(struct scmia_fwcall *fw, enum scmia_fwcall_counter id)
{
	(void)at_add(fw, &fw->cnt[id], 1u);
}

static int64_t fw_code(uint64_t fid, uint64_t a0)
{
	return scmia_smccc_ret((uint32_t)fid, a0);
}

static uint64_t fw_now(const struct scmia_fwcall *fw)
{
	return fw->os->now_us(fw->os_ctx);
}

/*
 * The clock of one bounded wait (a sleep, a busy delay): the time spent is
 * the sum of the steps between consecutive readings, each step at least
 * @credit, what the wait op itself measured before this reading (its full
 * timeout when it timed out, else 0). The OS clock may read behind
 * (docs/porting.md: a counter read across its reload, the high word of a
 * 32-bit count read one interrupt late, which is a whole 2^32 us behind). A
 * reading behind the latest one adds no step of its own: time stands still
 * until the clock catches up. A step longer than the whole bound counts as
 * none: the readings before it were the stale ones, and the wait must not
 * end at once because its start was taken from one of them. So a wait
 * never ends before its bound of true time (but for the few us a reading
 * may lag), and after a stale stretch (or a preemption longer than the
 * bound) it ends at most one bound late. Each wait op is asked for at most
 * what is left of the bound, never for a span computed from a stale
 * reading.
 */
struct fw_span {
	uint64_t last;  /* latest reading */
	uint64_t spent; /* time counted so far, µs */
	uint32_t bound; /* the wait's bound, µs */
};

static void span_start(const struct scmia_fwcall *fw, struct fw_span *s, uint32_t bound)
{
	s->last = fw_now(fw);
	s->spent = 0;
	s->bound = bound;
}

/* What is left of the bound after a new reading (0: the wait is over). */
static uint32_t span_left(const struct scmia_fwcall *fw, struct fw_span *s, uint32_t credit)
{
	uint64_t now = fw_now(fw);
	uint64_t d = now > s->last ? now - s->last : 0u;

	if (d > s->bound)
		d = 0;
	s->spent += d > credit ? d : credit;
	if (now > s->last)
		s->last = now;
	return s->spent >= s->bound ? 0u : (uint32_t)(s->bound - s->spent);
}

static void *fw_wait_obj(const struct scmia_fwcall *fw, uint32_t slot)
{
	return fw->wait_objs + (size_t)slot * fw->wait_stride;
}

int scmia_fwcall_init(struct scmia_fwcall *fw, const struct scmia_fwcall_cfg *cfg)
{
	unsigned is64;
	uint32_t i;

	if (!fw || !cfg || !cfg->call)
		return SCMIA_EINVAL;
	if (cfg->flags & SCMIA_FWCALL_F_WAKE_IRQ) {
		if (!cfg->n_ctx || !cfg->wq || !cfg->os || !cfg->os->now_us)
			return SCMIA_EINVAL;
		/* One object per slot: a zero stride would make slots share. */
		if (cfg->os->wait && (!cfg->os->signal || !cfg->n_waiters || !cfg->waiters ||
				      !cfg->wait_objs ||
				      (cfg->n_waiters > 1 && !cfg->wait_obj_stride)))
			return SCMIA_EINVAL;
#if !SCMIA_SMC_LOCKFREE
		/* The wake handler runs in an interrupt: without
		 * compare-and-swap its updates need the lock. */
		if (!cfg->os->lock || !cfg->os->unlock)
			return SCMIA_EINVAL;
#endif
	}

	memset(fw, 0, sizeof(*fw));
	fw->call = cfg->call;
	fw->call_ctx = cfg->call_ctx;
	fw->os = cfg->os;
	fw->os_ctx = cfg->os_ctx;
	fw->flags = cfg->flags;
	fw->delay = cfg->delay;
	fw->delay_ctx = cfg->delay_ctx;

	is64 = (cfg->flags & SCMIA_FWCALL_F_SMC32) ? 0u : 1u;
	fw->resume_fid = cfg->resume_fid ? cfg->resume_fid
					 : scmia_smccc_fid_svc(0, is64, SCMIA_SMCCC_OWNER_SIP,
							       SCMIA_FWCALL_SVC_WAITQ,
							       SCMIA_FWCALL_CMD_RESUME);
	fw->get_wq_ctx_fid = cfg->get_wq_ctx_fid
				     ? cfg->get_wq_ctx_fid
				     : scmia_smccc_fid_svc(1, is64, SCMIA_SMCCC_OWNER_SIP,
							   SCMIA_FWCALL_SVC_WAITQ,
							   SCMIA_FWCALL_CMD_GET_WQ_CTX);
	fw->sleep_timeout_us = cfg->sleep_timeout_us ? cfg->sleep_timeout_us
						     : SCMIA_FWCALL_DEFAULT_SLEEP_TIMEOUT_US;
	if (cfg->busy_retries == SCMIA_FWCALL_NO_RETRY)
		fw->busy_retries = 0;
	else
		fw->busy_retries = cfg->busy_retries ? cfg->busy_retries
						     : SCMIA_FWCALL_DEFAULT_BUSY_RETRIES;
	fw->busy_delay_us = cfg->busy_delay_us ? cfg->busy_delay_us
					       : SCMIA_FWCALL_DEFAULT_BUSY_DELAY_US;
	fw->max_reissue = cfg->max_reissue ? cfg->max_reissue : SCMIA_FWCALL_DEFAULT_MAX_REISSUE;
	fw->max_sleeps = cfg->max_sleeps ? cfg->max_sleeps : SCMIA_FWCALL_DEFAULT_MAX_SLEEPS;
	fw->max_wake_loop = cfg->max_wake_loop ? cfg->max_wake_loop
					       : SCMIA_FWCALL_DEFAULT_MAX_WAKE_LOOP;

	/* gen, active and the counters start 0: zeroed with the rest of *fw
	 * above (an atomic uint32_t is a uint32_t: static asserts above). */

	if (cfg->flags & SCMIA_FWCALL_F_WAKE_IRQ) {
		fw->wq = cfg->wq;
		fw->n_ctx = cfg->n_ctx;
		for (i = 0; i < fw->n_ctx; i++) {
			atomic_init(&fw->wq[i].tickets, 0u);
			atomic_init(&fw->wq[i].all_gen, 0u);
		}
		if (cfg->os->wait) {
			fw->waiters = cfg->waiters;
			fw->n_waiters = cfg->n_waiters;
			fw->wait_objs = (unsigned char *)cfg->wait_objs;
			fw->wait_stride = cfg->wait_obj_stride;
			for (i = 0; i < fw->n_waiters; i++) {
				atomic_init(&fw->waiters[i].state, W_FREE);
				atomic_init(&fw->waiters[i].ctx, 0u);
				atomic_init(&fw->waiters[i].notified, 0u);
			}
		}
		fw->waitq_on = 1;
	}
	/* Publish the configuration before the state (a wake interrupt may
	 * already look at it). */
	atomic_thread_fence(memory_order_release);
	fw->state = 1;
	return SCMIA_OK;
}

int scmia_fwcall_deinit(struct scmia_fwcall *fw)
{
	if (!fw || fw->state != 1)
		return SCMIA_ESTATE;
	if (atomic_load(&fw->active) != 0)
		return SCMIA_ESTATE;
	fw->state = 0;
	return SCMIA_OK;
}

int scmia_fwcall_waitq_enabled(const struct scmia_fwcall *fw)
{
	return fw && fw->state == 1 && fw->waitq_on;
}

/* Take a wake addressed to a caller whose last trap began at generation g0. */
static int fw_take_wake(struct scmia_fwcall *fw, struct scmia_fwcall_wq *q, uint32_t g0)
{
	uint32_t ag = atomic_load(&q->all_gen);
	uint32_t t;

	if ((int32_t)(ag - g0) > 0)
		return WOKE_ALL;
	t = atomic_load(&q->tickets);
	while (t > 0) {
		if (at_cas(fw, &q->tickets, &t, t - 1u))
			return WOKE_ONE;
	}
	return WOKE_NONE;
}

/* Signal one slot sleeping on @c that was not signalled yet. Returns 1
 * when one was signalled. */
static int fw_notify_one(struct scmia_fwcall *fw, uint32_t c)
{
	uint32_t i;

	for (i = 0; i < fw->n_waiters; i++) {
		struct scmia_fwcall_waiter *w = &fw->waiters[i];
		uint32_t zero = 0;

		if (atomic_load(&w->state) != W_SLEEPING || atomic_load(&w->ctx) != c)
			continue;
		if (at_cas(fw, &w->notified, &zero, 1u)) {
			fw->os->signal(fw->os_ctx, fw_wait_obj(fw, i));
			return 1;
		}
	}
	return 0;
}

/* Signal every slot sleeping on @c. */
static void fw_notify_all(struct scmia_fwcall *fw, uint32_t c)
{
	uint32_t i;

	for (i = 0; i < fw->n_waiters; i++) {
		struct scmia_fwcall_waiter *w = &fw->waiters[i];

		if (atomic_load(&w->state) != W_SLEEPING || atomic_load(&w->ctx) != c)
			continue;
		atomic_store(&w->notified, 1u);
		fw->os->signal(fw->os_ctx, fw_wait_obj(fw, i));
	}
}

/* Take a free waiter slot, or return n_waiters when none is free. */
static uint32_t fw_slot_take(struct scmia_fwcall *fw)
{
	uint32_t i;

	for (i = 0; i < fw->n_waiters; i++) {
		uint32_t expect = W_FREE;

		if (at_cas(fw, &fw->waiters[i].state, &expect, W_TAKEN))
			return i;
	}
	return fw->n_waiters;
}

/*
 * Sleep on context c until a wake addressed to this caller (see fw_take_wake)
 * or the sleep timeout (measured by struct fw_span). The state is checked
 * after every wait and before the time is, so a sleeper preempted past its
 * bound still sees a wake that did arrive (no false timeout).
 */
static int fw_sleep(struct scmia_fwcall *fw, uint32_t c, uint32_t g0)
{
	struct scmia_fwcall_wq *q = &fw->wq[c];
	struct scmia_fwcall_waiter *w = NULL;
	struct fw_span span;
	void *obj = NULL;
	uint32_t credit = 0;
	int woke, waited = 0;

	span_start(fw, &span, fw->sleep_timeout_us);
	if (fw->os->wait) {
		uint32_t slot = fw_slot_take(fw);

		if (slot < fw->n_waiters) {
			w = &fw->waiters[slot];
			obj = fw_wait_obj(fw, slot);
			/* A signal left by the slot's previous sleeper is
			 * stale: drop it when the OS can (else it costs one
			 * extra look). */
			if (fw->os->wait_arm)
				fw->os->wait_arm(fw->os_ctx, obj);
			atomic_store(&w->ctx, c);
			atomic_store(&w->notified, 0u);
			/* From here on the wake handler signals this slot;
			 * the first check below follows this store. */
			atomic_store(&w->state, W_SLEEPING);
		}
	}
	if (!w)
		fw_count(fw, SCMIA_FWCALL_CNT_POLLED_SLEEPS);

	for (;;) {
		uint32_t left;

		woke = fw_take_wake(fw, q, g0);
		if (woke != WOKE_NONE)
			break;
		if (waited)
			fw_count(fw, SCMIA_FWCALL_CNT_IDLE_WAKEUPS);
		left = span_left(fw, &span, credit);
		if (!left)
			break;
		if (w) {
			/* Any return (signal, timeout, spurious) means "look
			 * again": the loop decides. Looking clears notified,
			 * so a later wake-one may pick this slot again. */
			int r = fw->os->wait(fw->os_ctx, obj, left);

			credit = r == SCMIA_ETIMEDOUT ? left : 0u;
			atomic_store(&w->notified, 0u);
			waited = 1;
		} else if (fw->os->relax) {
			fw->os->relax(fw->os_ctx);
		}
	}
	if (w)
		atomic_store(&w->state, W_FREE);
	/* A wake-one may have signalled this slot while it was leaving:
	 * pass a ticket left over on to another sleeper of the context. */
	if (fw->n_waiters && atomic_load(&q->tickets) > 0)
		(void)fw_notify_one(fw, c);

	if (woke == WOKE_NONE) {
		fw_count(fw, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS);
		return SCMIA_ETIMEDOUT;
	}
	return SCMIA_OK;
}

/* Busy back-off between two attempts of the original call. */
static void fw_busy_delay(struct scmia_fwcall *fw)
{
	struct fw_span span;

	if (fw->delay) {
		fw->delay(fw->delay_ctx, fw->busy_delay_us);
		return;
	}
	if (!fw->os || !fw->os->now_us)
		return;
	span_start(fw, &span, fw->busy_delay_us);
	while (span_left(fw, &span, 0u)) {
		if (fw->os->relax)
			fw->os->relax(fw->os_ctx);
	}
}

static void fw_resume_args(const struct scmia_fwcall *fw, struct scmia_smccc_args *a,
			   uint64_t call_ctx)
{
	memset(a, 0, sizeof(*a));
	a->a0 = fw->resume_fid;
	if (fw->flags & SCMIA_FWCALL_F_ARGINFO) {
		a->a1 = 1u; /* one value argument */
		a->a2 = call_ctx;
	} else {
		a->a1 = call_ctx;
	}
}

int scmia_fwcall_invoke(struct scmia_fwcall *fw, const struct scmia_smccc_args *in,
			struct scmia_smccc_res *out, unsigned flags)
{
	struct scmia_smccc_args cur;
	struct scmia_smccc_res res;
	const int atomic = (flags & SCMIA_FWCALL_CALL_ATOMIC) != 0;
	uint32_t busy = 0, reissue = 0, sleeps = 0;
	int ret;

	if (!fw || !in || !out)
		return SCMIA_EINVAL;
	if (fw->state != 1)
		return SCMIA_ESTATE;

	fw_count(fw, SCMIA_FWCALL_CNT_CALLS);
	/* Counted as in progress before the first trap: a wake-one for this
	 * call may be reported before the call learns it must sleep. */
	(void)at_add(fw, &fw->active, 1u);
	cur = *in;
	for (;;) {
		/* Snapshot before the trap: a wake-all reported after this
		 * point may concern the call we are about to queue. */
		uint32_t g0 = atomic_load(&fw->gen);
		int64_t code;

		memset(&res, 0, sizeof(res));
		fw->call(fw->call_ctx, &cur, &res);
		fw_count(fw, SCMIA_FWCALL_CNT_SMCS);
		code = fw_code(cur.a0, res.a0);

		if (code == SCMIA_FWCALL_RET_INTERRUPTED) {
			fw_count(fw, SCMIA_FWCALL_CNT_INTERRUPTED);
			if (++reissue > fw->max_reissue) {
				fw_count(fw, SCMIA_FWCALL_CNT_REISSUE_EXHAUSTED);
				ret = SCMIA_EAGAIN;
				break;
			}
			continue; /* the same call again (original or RESUME) */
		}
		if (code == SCMIA_FWCALL_RET_WAITQ_SLEEP) {
			if (!fw->waitq_on || atomic) {
				fw_count(fw, SCMIA_FWCALL_CNT_SLEEP_REFUSED);
				ret = SCMIA_ENOTSUP;
				break;
			}
			if (res.a1 >= fw->n_ctx) {
				fw_count(fw, SCMIA_FWCALL_CNT_SLEEP_BAD_CTX);
				ret = SCMIA_EPROTO;
				break;
			}
			if (++sleeps > fw->max_sleeps) {
				fw_count(fw, SCMIA_FWCALL_CNT_SLEEP_EXHAUSTED);
				ret = SCMIA_ETIMEDOUT;
				break;
			}
			fw_count(fw, SCMIA_FWCALL_CNT_SLEEPS);
			ret = fw_sleep(fw, (uint32_t)res.a1, g0);
			if (ret != SCMIA_OK)
				break;
			fw_resume_args(fw, &cur, res.a2);
			fw_count(fw, SCMIA_FWCALL_CNT_RESUMES);
			continue;
		}
		if (code == SCMIA_FWCALL_RET_BUSY) {
			fw_count(fw, SCMIA_FWCALL_CNT_BUSY);
			if (atomic || busy >= fw->busy_retries) {
				fw_count(fw, SCMIA_FWCALL_CNT_BUSY_EXHAUSTED);
				ret = SCMIA_EBUSY;
				break;
			}
			busy++;
			fw_busy_delay(fw);
			cur = *in; /* busy, even from RESUME: the original call */
			continue;
		}
		*out = res;
		ret = SCMIA_OK;
		break;
	}
	(void)at_add(fw, &fw->active, UINT32_MAX); /* minus one */
	return ret;
}

int scmia_fwcall_wake(struct scmia_fwcall *fw, uint64_t ctx, uint64_t flags)
{
	struct scmia_fwcall_wq *q;

	if (!fw)
		return SCMIA_EINVAL;
	if (fw->state != 1)
		return SCMIA_ESTATE;
	if (!fw->waitq_on)
		return SCMIA_ENOTSUP;
	if (ctx >= fw->n_ctx) {
		fw_count(fw, SCMIA_FWCALL_CNT_WAKE_BAD_CTX);
		return SCMIA_ENOENT;
	}
	q = &fw->wq[ctx];

	if (flags == SCMIA_FWCALL_WAKE_ALL) {
		uint32_t g = at_add(fw, &fw->gen, 1u) + 1u;
		uint32_t cur;

		FW_TEST_HOOK(fw, (uint32_t)ctx, g);
		/* Forward only (see the top of this file): another wake-all may
		 * have published a newer generation since we took ours. */
		cur = atomic_load(&q->all_gen);
		while ((int32_t)(g - cur) > 0 && !at_cas(fw, &q->all_gen, &cur, g))
			;
		fw_count(fw, SCMIA_FWCALL_CNT_WAKE_ALL);
	} else if (flags == SCMIA_FWCALL_WAKE_ONE) {
		uint32_t act = atomic_load(&fw->active);
		uint32_t t = atomic_load(&q->tickets);

		if (act == 0) {
			/* No call in progress: nobody to wake. */
			fw_count(fw, SCMIA_FWCALL_CNT_WAKE_NOBODY);
			return SCMIA_OK;
		}
		for (;;) {
			uint32_t nt = t < act ? t + 1u : t;

			if (nt == t || at_cas(fw, &q->tickets, &t, nt))
				break;
		}
		fw_count(fw, SCMIA_FWCALL_CNT_WAKE_ONE);
	} else {
		fw_count(fw, SCMIA_FWCALL_CNT_WAKE_BAD_FLAGS);
		return SCMIA_EMALFORMED;
	}
	/* State first, then the signals (see the top of this file). */
	if (flags == SCMIA_FWCALL_WAKE_ALL)
		fw_notify_all(fw, (uint32_t)ctx);
	else
		(void)fw_notify_one(fw, (uint32_t)ctx);
	return SCMIA_OK;
}

int scmia_fwcall_wake_irq(struct scmia_fwcall *fw)
{
	uint32_t i;
	int n = 0;

	if (!fw)
		return SCMIA_EINVAL;
	if (fw->state != 1)
		return SCMIA_ESTATE;
	if (!fw->waitq_on)
		return SCMIA_ENOTSUP;

	fw_count(fw, SCMIA_FWCALL_CNT_WAKE_IRQS);
	for (i = 0; i < fw->max_wake_loop; i++) {
		struct scmia_smccc_args a;
		struct scmia_smccc_res r;

		memset(&a, 0, sizeof(a));
		memset(&r, 0, sizeof(r));
		a.a0 = fw->get_wq_ctx_fid;
		/* With an argument descriptor, a1 = 0 says "no arguments". */
		fw->call(fw->call_ctx, &a, &r);
		if (fw_code(a.a0, r.a0) != 0) {
			fw_count(fw, SCMIA_FWCALL_CNT_WAKE_ERRORS);
			return SCMIA_EIO;
		}
		if (scmia_fwcall_wake(fw, r.a1, r.a2) == SCMIA_OK)
			n++;
		if (r.a3 == 0)
			return n;
	}
	fw_count(fw, SCMIA_FWCALL_CNT_WAKE_LOOP_LIMIT);
	return SCMIA_EPROTO;
}

uint32_t scmia_fwcall_counter(const struct scmia_fwcall *fw, enum scmia_fwcall_counter id)
{
	struct scmia_fwcall *w = (struct scmia_fwcall *)(uintptr_t)fw;

	if (!fw || (unsigned)id >= SCMIA_FWCALL_CNT__COUNT)
		return 0;
	return atomic_load_explicit(&w->cnt[id], memory_order_relaxed);
}

const char *scmia_fwcall_counter_name(enum scmia_fwcall_counter id)
{
	static const char *const names[SCMIA_FWCALL_CNT__COUNT] = {
		[SCMIA_FWCALL_CNT_CALLS] = "calls",
		[SCMIA_FWCALL_CNT_SMCS] = "smcs",
		[SCMIA_FWCALL_CNT_SLEEPS] = "sleeps",
		[SCMIA_FWCALL_CNT_SLEEP_REFUSED] = "sleep_refused",
		[SCMIA_FWCALL_CNT_SLEEP_BAD_CTX] = "sleep_bad_ctx",
		[SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS] = "sleep_timeouts",
		[SCMIA_FWCALL_CNT_SLEEP_EXHAUSTED] = "sleep_exhausted",
		[SCMIA_FWCALL_CNT_RESUMES] = "resumes",
		[SCMIA_FWCALL_CNT_BUSY] = "busy",
		[SCMIA_FWCALL_CNT_BUSY_EXHAUSTED] = "busy_exhausted",
		[SCMIA_FWCALL_CNT_INTERRUPTED] = "interrupted",
		[SCMIA_FWCALL_CNT_REISSUE_EXHAUSTED] = "reissue_exhausted",
		[SCMIA_FWCALL_CNT_WAKE_IRQS] = "wake_irqs",
		[SCMIA_FWCALL_CNT_WAKE_ONE] = "wake_one",
		[SCMIA_FWCALL_CNT_WAKE_ALL] = "wake_all",
		[SCMIA_FWCALL_CNT_WAKE_NOBODY] = "wake_nobody",
		[SCMIA_FWCALL_CNT_WAKE_BAD_CTX] = "wake_bad_ctx",
		[SCMIA_FWCALL_CNT_WAKE_BAD_FLAGS] = "wake_bad_flags",
		[SCMIA_FWCALL_CNT_WAKE_ERRORS] = "wake_errors",
		[SCMIA_FWCALL_CNT_WAKE_LOOP_LIMIT] = "wake_loop_limit",
		[SCMIA_FWCALL_CNT_IDLE_WAKEUPS] = "idle_wakeups",
		[SCMIA_FWCALL_CNT_POLLED_SLEEPS] = "polled_sleeps",
	};

	if ((unsigned)id >= SCMIA_FWCALL_CNT__COUNT || !names[id])
		return "?";
	return names[id];
}

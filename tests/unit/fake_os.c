/* SPDX-License-Identifier: BSD-3-Clause */
/* Fake OS ops for the core unit tests (see fake_os.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"
#include "scmia/error.h"

void fake_os_violation(struct fake_os *os, const char *what)
{
	if (!os)
		return;
	if (!os->violations)
		os->violation = what;
	os->violations++;
}

void fake_os_check_unlocked(struct fake_os *os, const char *where)
{
	if (os && os->depth != 0)
		fake_os_violation(os, where);
}

void fake_os_advance(struct fake_os *os, uint64_t us)
{
	os->now += us;
}

uint64_t fake_os_next_seq(struct fake_os *os)
{
	return ++os->seq;
}

void fake_os_assert_clean(const struct fake_os *os)
{
	if (os->violations)
		print_error("fake OS violation: %s (%u in all)\n", os->violation, os->violations);
	assert_int_equal(os->violations, 0);
	assert_int_equal(os->depth, 0);
	assert_int_equal(os->locks, os->unlocks);
}

static scmia_lock_key_t f_lock(void *ctx)
{
	struct fake_os *os = ctx;

	os->locks++;
	if (os->depth != 0)
		fake_os_violation(os, "lock taken recursively");
	os->depth++;
	os->next_key = 0x5ca1ab1eu + os->locks;
	return os->next_key;
}

static void f_unlock(void *ctx, scmia_lock_key_t key)
{
	struct fake_os *os = ctx;

	os->unlocks++;
	if (os->depth != 1)
		fake_os_violation(os, "unlock without lock");
	else if (key != os->next_key)
		fake_os_violation(os, "unlock with a key lock() did not return");
	if (os->depth > 0)
		os->depth--;
	if (os->on_unlock && !os->depth) {
		void (*fn)(struct fake_os *, void *) = os->on_unlock;

		os->on_unlock = NULL;
		fn(os, os->on_unlock_arg);
	}
}

static int f_wait(void *ctx, void *obj, uint32_t timeout_us)
{
	struct fake_os *os = ctx;
	struct fake_wait *w = obj;
	uint64_t start = os->now;
	int r;

	fake_os_check_unlocked(os, "wait() with the lock held");
	if (!w) {
		fake_os_violation(os, "wait() on a NULL object");
		return SCMIA_ETIMEDOUT;
	}
	os->waits++;
	w->waits++;
	os->last_wait_seq = fake_os_next_seq(os);
	os->last_wait_timeout = timeout_us;
	if (os->waits > FAKE_OS_MAX_WAITS) {
		fake_os_violation(os, "wait storm (core keeps waiting)");
		os->now += (uint64_t)timeout_us + 1u;
		return SCMIA_ETIMEDOUT;
	}
	if (w->signalled) {
		w->signalled = 0;
		return 0;
	}
	if (os->during_wait) {
		r = os->during_wait(os, w, timeout_us, os->during_wait_arg);
		if (r != FAKE_WAIT_DEFAULT) {
			if (r == 0)
				w->signalled = 0;
			return r;
		}
	}
	if (w->signalled) {
		w->signalled = 0;
		return 0;
	}
	if (os->now < start + timeout_us)
		os->now = start + timeout_us;
	return SCMIA_ETIMEDOUT;
}

static void f_signal(void *ctx, void *obj)
{
	struct fake_os *os = ctx;
	struct fake_wait *w = obj;

	os->signals++;
	if (!w) {
		fake_os_violation(os, "signal() on a NULL object");
		return;
	}
	w->signals++;
	w->signalled = 1;
	w->last_signal_seq = fake_os_next_seq(os);
}

static void f_wait_arm(void *ctx, void *obj)
{
	struct fake_os *os = ctx;
	struct fake_wait *w = obj;

	os->arms++;
	if (!w) {
		fake_os_violation(os, "wait_arm() on a NULL object");
		return;
	}
	w->arms++;
	w->signalled = 0;
	w->last_arm_seq = fake_os_next_seq(os);
}

static uint64_t f_now_us(void *ctx)
{
	struct fake_os *os = ctx;

	os->nows++;
	return os->now;
}

static void f_relax(void *ctx)
{
	struct fake_os *os = ctx;

	os->relaxes++;
	os->now += os->relax_step_us;
	if (os->on_relax)
		os->on_relax(os, os->on_relax_arg);
}

static void f_log(void *ctx, int level, const char *msg, uint32_t a, uint32_t b)
{
	struct fake_os *os = ctx;

	(void)level;
	(void)a;
	(void)b;
	os->logs++;
	if (!msg)
		fake_os_violation(os, "log() with a NULL message");
}

void fake_os_init(struct fake_os *os)
{
	memset(os, 0, sizeof(*os));
	os->ops.lock = f_lock;
	os->ops.unlock = f_unlock;
	os->ops.wait = f_wait;
	os->ops.signal = f_signal;
	os->ops.wait_arm = f_wait_arm;
	os->ops.now_us = f_now_us;
	os->ops.relax = f_relax;
	os->ops.log = f_log;
	os->now = 1000000u;
	os->relax_step_us = 10u;
}

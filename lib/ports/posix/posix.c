/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX port: the agent lock is a pthread mutex, wait objects are a sticky
 * flag + condition variable on CLOCK_MONOTONIC, time is CLOCK_MONOTONIC.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

#include "scmia/error.h"
#include "scmia_posix.h"

static scmia_lock_key_t posix_lock(void *ctx)
{
	struct scmia_posix *p = ctx;

	(void)pthread_mutex_lock(&p->lock);
	return 0;
}

static void posix_unlock(void *ctx, scmia_lock_key_t key)
{
	struct scmia_posix *p = ctx;

	(void)key;
	(void)pthread_mutex_unlock(&p->lock);
}

static uint64_t posix_now_us(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int posix_wait(void *ctx, void *obj, uint32_t timeout_us)
{
	struct scmia_posix_wait *w = obj;
	struct timespec ts;
	int rc = 0;

	(void)ctx;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += (time_t)(timeout_us / 1000000u);
	ts.tv_nsec += (long)(timeout_us % 1000000u) * 1000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	(void)pthread_mutex_lock(&w->m);
	while (!w->signalled && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&w->c, &w->m, &ts);
	if (w->signalled) {
		w->signalled = 0;
		rc = 0;
	}
	(void)pthread_mutex_unlock(&w->m);
	return rc ? SCMIA_ETIMEDOUT : SCMIA_OK;
}

static void posix_signal(void *ctx, void *obj)
{
	struct scmia_posix_wait *w = obj;

	(void)ctx;
	(void)pthread_mutex_lock(&w->m);
	w->signalled = 1;
	(void)pthread_cond_signal(&w->c);
	(void)pthread_mutex_unlock(&w->m);
}

static void posix_wait_arm(void *ctx, void *obj)
{
	struct scmia_posix_wait *w = obj;

	(void)ctx;
	(void)pthread_mutex_lock(&w->m);
	w->signalled = 0;
	(void)pthread_mutex_unlock(&w->m);
}

static void posix_relax(void *ctx)
{
	(void)ctx;
	(void)sched_yield();
}

static void posix_log(void *ctx, int level, const char *msg, uint32_t a, uint32_t b)
{
	struct scmia_posix *p = ctx;

	if (level <= p->log_level)
		fprintf(stderr, "%s (0x%08x, 0x%08x)\n", msg, (unsigned)a, (unsigned)b);
}

const struct scmia_os_ops scmia_posix_os_ops = {
	.lock = posix_lock,
	.unlock = posix_unlock,
	.wait = posix_wait,
	.signal = posix_signal,
	.wait_arm = posix_wait_arm,
	.now_us = posix_now_us,
	.relax = posix_relax,
	.log = posix_log,
};

int scmia_posix_init(struct scmia_posix *p)
{
	if (!p)
		return SCMIA_EINVAL;
	p->log_level = -1;
	return pthread_mutex_init(&p->lock, NULL) ? SCMIA_EIO : SCMIA_OK;
}

void scmia_posix_deinit(struct scmia_posix *p)
{
	if (p)
		(void)pthread_mutex_destroy(&p->lock);
}

int scmia_posix_wait_init(struct scmia_posix_wait *w, unsigned n)
{
	pthread_condattr_t attr;
	unsigned i;

	if (!w && n)
		return SCMIA_EINVAL;
	if (pthread_condattr_init(&attr))
		return SCMIA_EIO;
	if (pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)) {
		(void)pthread_condattr_destroy(&attr);
		return SCMIA_EIO;
	}
	for (i = 0; i < n; i++) {
		w[i].signalled = 0;
		if (pthread_mutex_init(&w[i].m, NULL))
			break;
		if (pthread_cond_init(&w[i].c, &attr)) {
			(void)pthread_mutex_destroy(&w[i].m);
			break;
		}
	}
	(void)pthread_condattr_destroy(&attr);
	if (i < n) {
		scmia_posix_wait_deinit(w, i);
		return SCMIA_EIO;
	}
	return SCMIA_OK;
}

void scmia_posix_wait_deinit(struct scmia_posix_wait *w, unsigned n)
{
	for (unsigned i = 0; w && i < n; i++) {
		(void)pthread_cond_destroy(&w[i].c);
		(void)pthread_mutex_destroy(&w[i].m);
	}
}

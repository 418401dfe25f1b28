/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMT channel teardown against an interrupt entry still running (issue 9):
 * scmia_chan_close() -> the transport's chan_free must wait for an
 * scmia_smt_irq() that is still inside the transport (here: ringing the
 * p2a completion doorbell after it set FREE, after the core's receive
 * already returned), so that the caller may free the channel context as
 * soon as close returns.
 *
 * Real threads, the POSIX port, an SMT area in memory with no platform
 * model: the test writes the platform's part itself.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "scmia_posix.h"
#include "scmia_smt.h"
#include "smt_test_acc.h"

#define AREA 128u
#define MAX_MSG 4u
#define MSG_SIZE 64u

static struct {
	struct scmia_posix posix;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, MAX_MSG, MSG_SIZE);
	SCMIA_P2A_MEM_DEFINE(mem_p2a, MAX_MSG, MSG_SIZE);
	uint32_t area_a2p[AREA / 4];
	uint32_t area_p2a[AREA / 4];
	struct scmia_smt_chan sc_a2p, sc_p2a;
	pthread_mutex_t m;
	pthread_cond_t cv;
	int in_ack, ack_open, close_done, irq_done;
	int irq_ret, close_ret;
} T;

static int ring(void *ctx)
{
	(void)ctx;
	return 0;
}

/* The p2a completion doorbell: blocks until the test opens it. */
static int ack(void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&T.m);
	T.in_ack = 1;
	pthread_cond_broadcast(&T.cv);
	while (!T.ack_open)
		pthread_cond_wait(&T.cv, &T.m);
	T.in_ack = 0;
	pthread_mutex_unlock(&T.m);
	return 0;
}

static void *irq_thread(void *arg)
{
	(void)arg;
	T.irq_ret = scmia_smt_irq(&T.sc_p2a);
	pthread_mutex_lock(&T.m);
	T.irq_done = 1;
	pthread_mutex_unlock(&T.m);
	return NULL;
}

static void *close_thread(void *arg)
{
	(void)arg;
	T.close_ret = scmia_chan_close(&T.p2a);
	pthread_mutex_lock(&T.m);
	T.close_done = 1;
	pthread_mutex_unlock(&T.m);
	return NULL;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { 0, (long)ms * 1000000L };

	nanosleep(&ts, NULL);
}

static void test_close_waits_for_irq_entry_in_progress(void **state)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_smt_cfg tcfg;
	pthread_t it, ct;
	int done;

	(void)state;
	memset(&T, 0, sizeof(T));
	pthread_mutex_init(&T.m, NULL);
	pthread_cond_init(&T.cv, NULL);
	assert_int_equal(scmia_posix_init(&T.posix), SCMIA_OK);
	T.posix.log_level = -1;
	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = T.area_a2p;
	tcfg.size = AREA;
	tcfg.ring = ring;
	assert_int_equal(scmia_smt_chan_init(&T.sc_a2p, &tcfg), SCMIA_OK);
	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.base = T.area_p2a;
	tcfg.size = AREA;
	tcfg.ack = ack;
	assert_int_equal(scmia_smt_chan_init(&T.sc_p2a, &tcfg), SCMIA_OK);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &T.posix;
	acfg.transport = &scmia_smt_transport;
	assert_int_equal(scmia_agent_init(&T.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &T.sc_a2p;
	ccfg.mem = T.mem_a2p;
	ccfg.mem_size = sizeof(T.mem_a2p);
	assert_int_equal(scmia_chan_open(&T.agent, &T.a2p, &ccfg), SCMIA_OK);
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.chan_ctx = &T.sc_p2a;
	ccfg.mem = T.mem_p2a;
	ccfg.mem_size = sizeof(T.mem_p2a);
	assert_int_equal(scmia_chan_open(&T.agent, &T.p2a, &ccfg), SCMIA_OK);

	/* The platform posts a notification and asks for the completion
	 * doorbell: FREE clear, flags bit0, length 4 + 8, header. */
	smt_word_set(T.area_p2a, SCMIA_SMT_OFF_FLAGS / 4, SCMIA_SMT_FLAGS_IRQ);
	smt_word_set(T.area_p2a, SCMIA_SMT_OFF_LENGTH / 4, 12);
	smt_word_set(T.area_p2a, SCMIA_SMT_OFF_HEADER / 4,
		     scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SENSOR, 0));
	__atomic_store_n(&T.area_p2a[SCMIA_SMT_OFF_STATUS / 4], 0u, __ATOMIC_RELEASE);

	/* The interrupt entry: the core takes the notification, the
	 * transport sets FREE and rings the doorbell, which blocks. */
	assert_int_equal(pthread_create(&it, NULL, irq_thread, NULL), 0);
	pthread_mutex_lock(&T.m);
	while (!T.in_ack)
		pthread_cond_wait(&T.cv, &T.m);
	pthread_mutex_unlock(&T.m);
	assert_int_equal(smt_word_get(T.area_p2a, SCMIA_SMT_OFF_STATUS / 4) & SCMIA_SMT_STATUS_FREE,
			 SCMIA_SMT_STATUS_FREE);

	/* Close now: it must not return while the entry is still inside. */
	assert_int_equal(pthread_create(&ct, NULL, close_thread, NULL), 0);
	sleep_ms(100);
	pthread_mutex_lock(&T.m);
	done = T.close_done;
	T.ack_open = 1;
	pthread_cond_broadcast(&T.cv);
	pthread_mutex_unlock(&T.m);
	assert_int_equal(done, 0);
	assert_int_equal(pthread_join(it, NULL), 0);
	assert_int_equal(pthread_join(ct, NULL), 0);
	assert_int_equal(T.close_ret, SCMIA_OK);
	assert_int_equal(T.irq_ret, SCMIA_OK);
	/* an interrupt after the close touches nothing */
	assert_int_equal(scmia_smt_irq(&T.sc_p2a), SCMIA_ESTATE);
	(void)scmia_agent_deinit(&T.agent);
	scmia_posix_deinit(&T.posix);
	pthread_cond_destroy(&T.cv);
	pthread_mutex_destroy(&T.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_close_waits_for_irq_entry_in_progress),
	};

	return cmocka_run_group_tests_name("test_smt_close", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guards of the virtio transport that the other tests did not catch when
 * the mutation check removed them (tests/mutate, docs/testing.md
 * "Mutation check"): they sit behind the built-in ring's own checks or the
 * core's state rule, so they are checked here with a host virtqueue (the
 * vq_ops of a host virtio stack, which may hand back any cookie), by
 * calling the transport's ops as a broken core would, and with a delivery
 * on another CPU racing a channel close.
 *
 * The fake virtqueue records the chains added; the test plays the device
 * by writing a response into a chain's buffer and queueing a used entry.
 */
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_virtio.h"

#define CMDQ_NUM 4u /* two command slots */
#define MAX_USED 16u

/* A host virtqueue: chains added, used entries the device returns. */
struct fvq {
	struct {
		void *cookie;
		uint8_t *req;
		uint8_t *resp;
	} chain[MAX_USED];
	unsigned n_chain;
	void *used_cookie[MAX_USED];
	uint32_t used_len[MAX_USED];
	unsigned used_head, used_tail;
};

static struct {
	struct fvq cmdq;
	struct scmia_virtio vio;
	_Alignas(8) uint8_t shm[SCMIA_VIRTIO_SHM_SIZE(CMDQ_NUM, 0)];
	struct scmia_virtio_msg msgs[SCMIA_VIRTIO_N_MSGS(CMDQ_NUM, 0)];
	struct scmia_agent agent;
	struct scmia_chan a2p;
	SCMIA_CHAN_MEM_DEFINE(mem, 2, SCMIA_VIRTIO_MSG_SIZE);
	/* lock op: counts; after an entry was taken from the used ring, the
	 * next unlock runs a hook (the delivering context, on another CPU) */
	int arm_unlock;
	void (*on_unlock)(void);
	void (*on_relax)(void);
	/* completion records */
	unsigned calls[2];
	int result[2];
	/* a fetch made from inside a completion callback */
	struct scmia_xfer *inner_xfer;
	void *inner_cookie;
	int inner_ret;
	int inner_ran;
} E;

static int fvq_add(void *vq, const struct scmia_vring_buf *sg, unsigned n_out, unsigned n_in,
		   void *cookie)
{
	struct fvq *q = vq;

	if (q->n_chain >= MAX_USED || n_out != 1u || n_in != 1u)
		return SCMIA_ENOSPC;
	q->chain[q->n_chain].cookie = cookie;
	q->chain[q->n_chain].req = sg[0].addr;
	q->chain[q->n_chain].resp = sg[1].addr;
	q->n_chain++;
	return 0;
}

static void fvq_kick(void *vq)
{
	(void)vq;
}

static int fvq_get_used(void *vq, void **cookie, uint32_t *len)
{
	struct fvq *q = vq;

	if (q->used_head == q->used_tail)
		return 0;
	*cookie = q->used_cookie[q->used_head % MAX_USED];
	*len = q->used_len[q->used_head % MAX_USED];
	q->used_head++;
	E.arm_unlock = 1;
	return 1;
}

static const struct scmia_virtio_vq_ops fvq_ops = {
	.add = fvq_add,
	.kick = fvq_kick,
	.get_used = fvq_get_used,
};

/* The device answers the chain added @k-th: response header = the
 * command's, status 0, 4 payload bytes; the used entry is queued. */
static void *dev_answer(unsigned k)
{
	struct fvq *q = &E.cmdq;

	assert_true(k < q->n_chain);
	memcpy(q->chain[k].resp, q->chain[k].req, 4);
	memset(q->chain[k].resp + 4, 0, 4);
	memset(q->chain[k].resp + 8, 0x77, 4);
	q->used_cookie[q->used_tail % MAX_USED] = q->chain[k].cookie;
	q->used_len[q->used_tail % MAX_USED] = 12u;
	q->used_tail++;
	return q->chain[k].cookie;
}

/* Queue a used entry again (a device returning a chain twice). */
static void dev_return_again(void *cookie)
{
	struct fvq *q = &E.cmdq;

	q->used_cookie[q->used_tail % MAX_USED] = cookie;
	q->used_len[q->used_tail % MAX_USED] = 12u;
	q->used_tail++;
}

static scmia_lock_key_t os_lock(void *ctx)
{
	(void)ctx;
	return 0;
}

static void os_unlock(void *ctx, scmia_lock_key_t key)
{
	void (*fn)(void) = E.on_unlock;

	(void)ctx;
	(void)key;
	if (E.arm_unlock && fn) {
		E.arm_unlock = 0;
		E.on_unlock = NULL;
		fn();
	}
}

static void os_relax(void *ctx)
{
	void (*fn)(void) = E.on_relax;

	(void)ctx;
	if (fn) {
		E.on_relax = NULL;
		fn();
	}
}

static const struct scmia_os_ops os_ops = {
	.lock = os_lock,
	.unlock = os_unlock,
	.relax = os_relax,
};

static void cb(void *arg, struct scmia_xfer *xfer, int result)
{
	unsigned i = (unsigned)(uintptr_t)arg;

	E.calls[i]++;
	E.result[i] = result;
	if (E.inner_xfer && !E.inner_ran) {
		E.inner_ran = 1;
		E.inner_ret = scmia_virtio_transport.ops->fetch_response(&E.vio, &E.a2p, E.inner_xfer,
									 E.inner_cookie);
	}
	(void)xfer;
}

static int env_up(void **state)
{
	struct scmia_virtio_cfg vcfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;

	(void)state;
	memset(&E, 0, sizeof(E));
	memset(&vcfg, 0, sizeof(vcfg));
	vcfg.vq_ops = &fvq_ops;
	vcfg.cmdq = &E.cmdq;
	vcfg.cmdq_num = CMDQ_NUM;
	vcfg.shm = E.shm;
	vcfg.shm_size = sizeof(E.shm);
	vcfg.msgs = E.msgs;
	vcfg.n_msgs = sizeof(E.msgs) / sizeof(E.msgs[0]);
	vcfg.os = &os_ops;
	assert_int_equal(scmia_virtio_init(&E.vio, &vcfg), SCMIA_OK);
	assert_int_equal(scmia_virtio_start(&E.vio, SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1)),
			 SCMIA_OK);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &os_ops;
	acfg.transport = &scmia_virtio_transport;
	acfg.transport_ctx = &E.vio;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.mem = E.mem;
	ccfg.mem_size = sizeof(E.mem);
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&E.a2p), 2);
	return 0;
}

static int env_down(void **state)
{
	(void)state;
	E.on_unlock = NULL;
	E.on_relax = NULL;
	E.inner_xfer = NULL;
	(void)scmia_agent_deinit(&E.agent);
	return 0;
}

static struct scmia_xfer *get(uint8_t msg_id)
{
	struct scmia_xfer *x = NULL;

	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_PROTO_CLOCK, msg_id, 4, 0, &x), SCMIA_OK);
	memset(x->tx_buf, 0, 4);
	return x;
}

static void submit(struct scmia_xfer *x, unsigned i)
{
	assert_int_equal(scmia_xfer_submit(x, 0, cb, (void *)(uintptr_t)i), SCMIA_OK);
}

/*
 * Mutation V03: process_one() refuses a used entry for a buffer the device
 * does not own. A host virtqueue that returns a chain a second time (the
 * built-in ring catches that itself; a host stack may not) gets a "bad
 * id", not a second delivery counted as the late reply of a transfer.
 */
static void test_used_twice_is_bad_id(void **state)
{
	struct scmia_xfer *a;
	void *ck;

	(void)state;
	a = get(1);
	submit(a, 0);
	ck = dev_answer(0);
	assert_int_equal(scmia_virtio_process(&E.vio, SCMIA_VIRTIO_Q_ALL), 1);
	assert_int_equal(E.calls[0], 1);
	assert_int_equal(E.result[0], SCMIA_OK);
	dev_return_again(ck);
	assert_int_equal(scmia_virtio_process(&E.vio, SCMIA_VIRTIO_Q_ALL), 1);
	assert_int_equal(scmia_virtio_counter(&E.vio, SCMIA_VIRTIO_CNT_BAD_ID), 1);
	assert_int_equal(scmia_virtio_counter(&E.vio, SCMIA_VIRTIO_CNT_LATE), 0);
	assert_int_equal(scmia_virtio_counter(&E.vio, SCMIA_VIRTIO_CNT_CMD_USED), 1);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
}

/*
 * Mutation V08: claimed() writes a command buffer's reply only into the
 * transfer that sent it. While A's reply is being delivered (here from
 * A's completion callback, inside the delivery), a fetch of A's buffer
 * into B must be refused.
 */
static void test_fetch_refuses_other_transfer(void **state)
{
	struct scmia_xfer *a, *b;

	(void)state;
	a = get(1);
	b = get(2);
	submit(a, 0);
	E.inner_xfer = b;
	E.inner_cookie = dev_answer(0);
	assert_int_equal(scmia_virtio_process(&E.vio, SCMIA_VIRTIO_Q_ALL), 1);
	assert_int_equal(E.calls[0], 1);
	assert_int_equal(E.result[0], SCMIA_OK);
	assert_int_equal(E.inner_ran, 1);
	assert_int_equal(E.inner_ret, SCMIA_EPROTO);
	assert_int_equal(b->rx_len, 0);
	E.inner_xfer = NULL;
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
}

/*
 * Mutation V11: vio_send() never rewrites a buffer the device owns. A
 * send for a slot whose buffers are still with the device (a broken core
 * reusing a held slot) is refused, and nothing is added to the queue.
 */
static void test_send_refuses_buffer_device_owns(void **state)
{
	struct scmia_xfer *a;

	(void)state;
	a = get(1);
	submit(a, 0);
	assert_int_equal(E.cmdq.n_chain, 1);
	assert_int_equal(scmia_virtio_transport.ops->send(&E.vio, &E.a2p, a), SCMIA_EBUSY);
	assert_int_equal(E.cmdq.n_chain, 1);
	assert_int_equal(scmia_virtio_counter(&E.vio, SCMIA_VIRTIO_CNT_SEND_FAIL), 1);
	(void)dev_answer(0);
	assert_int_equal(scmia_virtio_process(&E.vio, SCMIA_VIRTIO_Q_ALL), 1);
	assert_int_equal(E.calls[0], 1);
	assert_int_equal(E.result[0], SCMIA_OK);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
}

/*
 * Mutation V14: vio_chan_free() waits for deliveries running on another
 * CPU. The delivery of A's reply took its used entry and is about to
 * hand it to the core (nothing of the core knows yet) when the channel is
 * closed: the close must not return before that delivery is over, or the
 * caller frees the channel under it.
 */
static struct {
	pthread_t thread;
	sem_t taken, go_on;
	int started, joined;
	int done;            /* the delivery returned */
	int done_at_close;   /* ... before scmia_chan_close() returned */
} D;

static void delivery_pauses(void)
{
	sem_post(&D.taken);
	while (sem_wait(&D.go_on) != 0)
		;
}

static void *delivery(void *arg)
{
	(void)arg;
	(void)scmia_virtio_process(&E.vio, SCMIA_VIRTIO_Q_CMD);
	__atomic_store_n(&D.done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void delivery_finish(void)
{
	if (!D.started || D.joined)
		return;
	sem_post(&D.go_on);
	pthread_join(D.thread, NULL);
	D.joined = 1;
}

static void test_close_waits_for_delivery_on_other_cpu(void **state)
{
	struct scmia_xfer *a;
	int ret;

	(void)state;
	memset(&D, 0, sizeof(D));
	sem_init(&D.taken, 0, 0);
	sem_init(&D.go_on, 0, 0);
	a = get(1);
	submit(a, 0);
	(void)dev_answer(0);
	E.on_unlock = delivery_pauses;
	assert_int_equal(pthread_create(&D.thread, NULL, delivery, NULL), 0);
	D.started = 1;
	while (sem_wait(&D.taken) != 0)
		;
	/* the close waits (relax) for the delivery: let it go on then */
	E.on_relax = delivery_finish;
	ret = scmia_chan_close(&E.a2p);
	D.done_at_close = __atomic_load_n(&D.done, __ATOMIC_SEQ_CST);
	E.on_relax = NULL;
	delivery_finish();
	sem_destroy(&D.taken);
	sem_destroy(&D.go_on);
	assert_int_equal(ret, SCMIA_OK);
	assert_int_equal(D.done_at_close, 1);
	/* the transfer was canceled by the close; the late delivery found
	 * the channel closing */
	assert_int_equal(E.calls[0], 1);
	assert_int_equal(E.result[0], SCMIA_ECANCELED);
	(void)a;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_used_twice_is_bad_id, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_fetch_refuses_other_transfer, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_send_refuses_buffer_device_owns, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_close_waits_for_delivery_on_other_cpu, env_up,
						env_down),
	};

	return cmocka_run_group_tests_name("test_virtio_guards", tests, NULL, NULL);
}

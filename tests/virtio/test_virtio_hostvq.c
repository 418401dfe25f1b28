/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-scmi transport on a host-supplied virtqueue implementation (a
 * host that already runs a virtio stack): a fake queue records what the
 * transport adds, and the test plays the device by hand. Covers the
 * request / response wire layout (virtio-scmi cmdq, docs/porting-virtio.md), cookie
 * validation, eventq re-posting, send failures, channel close with buffers
 * the device owns, and the start / stop checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_virtio.h"

#define CMDQ_NUM 8u
#define EVQ_NUM 4u
#define N_CMD (CMDQ_NUM / 2u)

/* ---- a host virtqueue: chains in, used entries out ---- */

struct hq_chain {
	struct scmia_vring_buf sg[2];
	unsigned n_out, n_in;
	void *cookie;
	int live;
};

struct hq_used {
	void *cookie;
	uint32_t len;
	int ret;
};

struct hq {
	struct hq_chain ch[16];
	struct hq_used used[32];
	unsigned u_head, u_tail;
	unsigned adds, kicks, resets;
	int fail_add;
};

static int hq_add(void *vq, const struct scmia_vring_buf *sg, unsigned n_out, unsigned n_in,
		  void *cookie)
{
	struct hq *q = (struct hq *)vq;

	if (q->fail_add)
		return q->fail_add;
	for (unsigned i = 0; i < 16; i++) {
		if (q->ch[i].live)
			continue;
		assert_true(n_out + n_in <= 2);
		memcpy(q->ch[i].sg, sg, (n_out + n_in) * sizeof(*sg));
		q->ch[i].n_out = n_out;
		q->ch[i].n_in = n_in;
		q->ch[i].cookie = cookie;
		q->ch[i].live = 1;
		q->adds++;
		return SCMIA_OK;
	}
	return SCMIA_ENOSPC;
}

static void hq_kick(void *vq)
{
	((struct hq *)vq)->kicks++;
}

static int hq_get_used(void *vq, void **cookie, uint32_t *len)
{
	struct hq *q = (struct hq *)vq;
	struct hq_used *u;

	if (q->u_head == q->u_tail)
		return 0;
	u = &q->used[q->u_head++ % 32u];
	if (u->ret < 0)
		return u->ret;
	*cookie = u->cookie;
	*len = u->len;
	return 1;
}

static void hq_reset(void *vq)
{
	struct hq *q = (struct hq *)vq;

	q->resets++;
	memset(q->ch, 0, sizeof(q->ch));
	q->u_head = q->u_tail = 0;
}

static const struct scmia_virtio_vq_ops hq_ops = {
	.add = hq_add, .kick = hq_kick, .get_used = hq_get_used, .reset = hq_reset,
};

static void hq_push(struct hq *q, void *cookie, uint32_t len, int ret)
{
	struct hq_used *u = &q->used[q->u_tail++ % 32u];

	u->cookie = cookie;
	u->len = len;
	u->ret = ret;
}

/* The device takes the live chain with @cookie, or any first one. */
static struct hq_chain *hq_find(struct hq *q, void *cookie)
{
	for (unsigned i = 0; i < 16; i++)
		if (q->ch[i].live && (!cookie || q->ch[i].cookie == cookie))
			return &q->ch[i];
	return NULL;
}

/* ---- fixture ---- */

struct fx {
	struct hq cmdq, evq;
	_Alignas(8) uint8_t shm[SCMIA_VIRTIO_SHM_SIZE(CMDQ_NUM, EVQ_NUM)];
	struct scmia_virtio_msg msgs[SCMIA_VIRTIO_N_MSGS(CMDQ_NUM, EVQ_NUM)];
	struct scmia_virtio vio;
	struct scmia_virtio_cfg cfg;
	unsigned resets;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(a2p_mem, N_CMD, SCMIA_VIRTIO_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(p2a_mem, EVQ_NUM, SCMIA_VIRTIO_MSG_SIZE);
	unsigned cbs;
	int last;
	unsigned notes;
	uint32_t note_word;
};

static struct fx f;

static void dev_reset(void *ctx)
{
	((struct fx *)ctx)->resets++;
}

static void cb(void *arg, struct scmia_xfer *x, int result)
{
	(void)x;
	((struct fx *)arg)->cbs++;
	((struct fx *)arg)->last = result;
}

static void on_note(void *ctx, const struct scmia_notification *n)
{
	struct fx *x = (struct fx *)ctx;

	x->notes++;
	x->note_word = n->len >= 4 ? scmia_get_le32(n->payload) : 0;
}

static void fx_init(void)
{
	memset(&f, 0, sizeof(f));
	f.cfg.vq_ops = &hq_ops;
	f.cfg.cmdq = &f.cmdq;
	f.cfg.eventq = &f.evq;
	f.cfg.cmdq_num = CMDQ_NUM;
	f.cfg.eventq_num = EVQ_NUM;
	f.cfg.shm = f.shm;
	f.cfg.shm_size = sizeof(f.shm);
	f.cfg.msgs = f.msgs;
	f.cfg.n_msgs = SCMIA_VIRTIO_N_MSGS(CMDQ_NUM, EVQ_NUM);
	f.cfg.reset = dev_reset;
	f.cfg.reset_ctx = &f;
}

static const uint64_t feat_all = SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1) |
				 SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS);

static void fx_up(void)
{
	static struct scmia_notifier nt;
	struct scmia_agent_cfg ac = { 0 };
	struct scmia_chan_cfg cc = { 0 };

	fx_init();
	assert_int_equal(scmia_virtio_init(&f.vio, &f.cfg), SCMIA_OK);
	assert_int_equal(scmia_virtio_start(&f.vio, feat_all), SCMIA_OK);
	ac.transport = &scmia_virtio_transport;
	ac.transport_ctx = &f.vio;
	ac.flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	assert_int_equal(scmia_agent_init(&f.agent, &ac), SCMIA_OK);
	cc.dir = SCMIA_CHAN_A2P;
	cc.completion = SCMIA_COMPLETION_IRQ;
	cc.mem = f.a2p_mem;
	cc.mem_size = sizeof(f.a2p_mem);
	assert_int_equal(scmia_chan_open(&f.agent, &f.a2p, &cc), SCMIA_OK);
	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_P2A;
	cc.mem = f.p2a_mem;
	cc.mem_size = sizeof(f.p2a_mem);
	assert_int_equal(scmia_chan_open(&f.agent, &f.p2a, &cc), SCMIA_OK);
	memset(&nt, 0, sizeof(nt));
	nt.proto_id = 0x80;
	nt.evt_id = 1;
	nt.src_id = SCMIA_NOTIFY_SRC_ANY;
	nt.fn = on_note;
	nt.ctx = &f;
	assert_int_equal(scmia_notify_register(&f.agent, &nt), SCMIA_OK);
}

static struct scmia_xfer *submit(uint8_t msg_id, const char *payload)
{
	struct scmia_xfer *x;
	uint32_t n = (uint32_t)strlen(payload);

	assert_int_equal(scmia_xfer_get(&f.agent, 0x80, msg_id, n, 0, &x), SCMIA_OK);
	memcpy(x->tx_buf, payload, n);
	assert_int_equal(scmia_xfer_submit(x, 0, cb, &f), SCMIA_OK);
	return x;
}

/* The device answers chain @c: header, status, @payload. */
static void answer(struct hq_chain *c, uint32_t hdr, int32_t status, const char *payload)
{
	uint8_t *r = (uint8_t *)c->sg[1].addr;
	uint32_t n = (uint32_t)strlen(payload);

	scmia_put_le32(r, hdr);
	scmia_put_le32(r + 4, (uint32_t)status);
	memcpy(r + 8, payload, n);
	c->live = 0;
	hq_push(&f.cmdq, c->cookie, 8u + n, 0);
}

/* ------------------------------------------------------------------ */

static void test_init_and_start_checks(void **state)
{
	static const struct scmia_virtio_vq_ops no_get = { .add = hq_add, .kick = hq_kick };

	(void)state;
	fx_init();
	f.cfg.vq_ops = &no_get;
	assert_int_equal(scmia_virtio_init(&f.vio, &f.cfg), SCMIA_EINVAL);
	fx_init();
	f.cfg.shm_size--;
	assert_int_equal(scmia_virtio_init(&f.vio, &f.cfg), SCMIA_ENOSPC);
	fx_init();
	f.cfg.n_msgs--;
	assert_int_equal(scmia_virtio_init(&f.vio, &f.cfg), SCMIA_ENOSPC);
	fx_init();
	f.cfg.cmdq_num = 1; /* cannot hold one request + response */
	assert_int_equal(scmia_virtio_init(&f.vio, &f.cfg), SCMIA_EINVAL);
	fx_init();
	f.cfg.shm = f.shm + 4;
	assert_int_equal(scmia_virtio_init(&f.vio, &f.cfg), SCMIA_EINVAL);

	fx_init();
	assert_int_equal(scmia_virtio_init(&f.vio, &f.cfg), SCMIA_OK);
	assert_int_equal(scmia_virtio_max_msg(&f.vio), N_CMD);
	/* Not started: not ready, and nothing posted. */
	assert_int_equal(scmia_virtio_transport.ops->ready(&f.vio), SCMIA_EAGAIN);
	assert_int_equal(f.evq.adds, 0);
	/* VERSION_1 required; SHARED_MEMORY never accepted. */
	assert_int_equal(scmia_virtio_start(&f.vio, 0), SCMIA_ENOTSUP);
	assert_int_equal(scmia_virtio_start(&f.vio,
					    feat_all | SCMIA_VIRTIO_FBIT(
							       SCMIA_VIRTIO_SCMI_F_SHARED_MEMORY)),
			 SCMIA_ENOTSUP);
	assert_int_equal(f.evq.adds, 0);
	assert_int_equal(scmia_virtio_start(&f.vio, feat_all), SCMIA_OK);
	assert_int_equal(scmia_virtio_transport.ops->ready(&f.vio), SCMIA_OK);
	assert_int_equal(f.evq.adds, EVQ_NUM);
	assert_int_equal(f.evq.kicks, 1);
	assert_int_equal(scmia_virtio_start(&f.vio, feat_all), SCMIA_ESTATE);

	/* P2A without an eventq. */
	fx_init();
	f.cfg.eventq = NULL;
	assert_int_equal(scmia_virtio_init(&f.vio, &f.cfg), SCMIA_OK);
	assert_int_equal(scmia_virtio_start(&f.vio, feat_all), SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_start(&f.vio, SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1)),
			 SCMIA_OK);
	/* Stop needs a reset hook. */
	f.vio.reset = NULL;
	assert_int_equal(scmia_virtio_stop(&f.vio), SCMIA_EINVAL);
}

static void test_wire_layout(void **state)
{
	struct scmia_xfer *x;
	struct hq_chain *c;
	const uint8_t *req;

	(void)state;
	fx_up();
	x = submit(0x3, "hello");
	c = hq_find(&f.cmdq, NULL);
	assert_non_null(c);
	/* One device-readable request (le32 header + parameters), one
	 * device-writable response buffer (header + status + payload). */
	assert_int_equal(c->n_out, 1);
	assert_int_equal(c->n_in, 1);
	assert_int_equal(c->sg[0].len, 4 + 5);
	req = (const uint8_t *)c->sg[0].addr;
	assert_int_equal(scmia_get_le32(req), x->hdr);
	assert_int_equal(scmia_hdr_msg_id(x->hdr), 0x3);
	assert_int_equal(scmia_hdr_proto_id(x->hdr), 0x80);
	assert_memory_equal(req + 4, "hello", 5);
	assert_int_equal(c->sg[1].len, SCMIA_VIRTIO_RESP_SIZE);
	assert_true(f.cmdq.kicks >= 1);
	/* Request and response buffers live in the shared memory given. */
	assert_true((uint8_t *)c->sg[0].addr >= f.shm &&
		    (uint8_t *)c->sg[1].addr + c->sg[1].len <= f.shm + sizeof(f.shm));

	answer(c, x->hdr, 0, "world!");
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_ALL), 1);
	assert_int_equal(f.cbs, 1);
	assert_int_equal(f.last, SCMIA_OK);
	assert_int_equal(x->rx_len, 6);
	assert_memory_equal(x->rx_buf, "world!", 6);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* An SCMI error status is the caller's result, mapped one to one. */
	x = submit(0x4, "");
	c = hq_find(&f.cmdq, NULL);
	assert_int_equal(c->sg[0].len, 4);
	answer(c, x->hdr, -3, "");
	scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD);
	assert_int_equal(f.last, SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	scmia_agent_deinit(&f.agent);
}

static void test_bad_cookies(void **state)
{
	struct scmia_xfer *x;
	struct hq_chain *c;
	int junk;

	(void)state;
	fx_up();
	x = submit(0x3, "ab");
	c = hq_find(&f.cmdq, NULL);
	hq_push(&f.cmdq, &junk, 8, 0);                          /* not ours */
	hq_push(&f.cmdq, (uint8_t *)c->cookie + 1, 8, 0);      /* inside an entry */
	hq_push(&f.cmdq, &f.msgs[N_CMD], 8, 0);                 /* an eventq entry */
	hq_push(&f.cmdq, &f.msgs[(scmia_xfer_index(x) + 1u) % N_CMD], 8, 0); /* idle slot */
	hq_push(&f.cmdq, NULL, 8, SCMIA_EMALFORMED);            /* the queue skipped one */
	/* At most one budget (default: N_CMD slots) per call, whatever the
	 * device returned; the rest on the next call. */
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD), N_CMD);
	assert_int_equal(scmia_virtio_counter(&f.vio, SCMIA_VIRTIO_CNT_BUDGET_STOPS), 1);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD), 5 - N_CMD);
	assert_int_equal(scmia_virtio_counter(&f.vio, SCMIA_VIRTIO_CNT_BUDGET_STOPS), 1);
	assert_int_equal(scmia_virtio_counter(&f.vio, SCMIA_VIRTIO_CNT_BAD_ID), 5);
	assert_int_equal(scmia_agent_counter(&f.agent, SCMIA_CNT_MALFORMED), 5);
	assert_int_equal(f.cbs, 0);
	/* The real answer still completes the command. */
	answer(c, x->hdr, 0, "ok");
	scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD);
	assert_int_equal(f.cbs, 1);
	assert_int_equal(f.last, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* A broken queue breaks the device. */
	hq_push(&f.cmdq, NULL, 0, SCMIA_EPROTO);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD), SCMIA_EPROTO);
	assert_int_equal(scmia_virtio_state(&f.vio), SCMIA_VIRTIO_BROKEN);
	assert_int_equal(scmia_xfer_get(&f.agent, 0x80, 3, 0, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_submit(x, 0, cb, &f), SCMIA_EIO);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	scmia_agent_deinit(&f.agent);
}

static void test_eventq_repost(void **state)
{
	struct hq_chain *c;
	uint8_t *b;
	unsigned adds;

	(void)state;
	fx_up();
	adds = f.evq.adds;
	for (unsigned round = 0; round < 10; round++) {
		/* Notification 0x80 / event 1, payload le32 round. */
		c = hq_find(&f.evq, NULL);
		assert_non_null(c);
		assert_int_equal(c->n_out, 0);
		assert_int_equal(c->n_in, 1);
		assert_int_equal(c->sg[0].len, SCMIA_VIRTIO_RESP_SIZE);
		b = (uint8_t *)c->sg[0].addr;
		scmia_put_le32(b, scmia_hdr_pack(1, SCMIA_MSG_TYPE_NOTIFICATION, 0x80, 0));
		scmia_put_le32(b + 4, round);
		c->live = 0;
		hq_push(&f.evq, c->cookie, 8, 0);
		assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT), 1);
		assert_int_equal(f.notes, round + 1u);
		assert_int_equal(f.note_word, round);
		/* The buffer went straight back to the device. */
		assert_int_equal(f.evq.adds, adds + round + 1u);
		assert_non_null(hq_find(&f.evq, c->cookie));
	}
	/* A response type on eventq is malformed; the buffer is re-posted. */
	c = hq_find(&f.evq, NULL);
	scmia_put_le32(c->sg[0].addr, scmia_hdr_pack(1, SCMIA_MSG_TYPE_COMMAND, 0x80, 0));
	c->live = 0;
	hq_push(&f.evq, c->cookie, 8, 0);
	scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT);
	assert_int_equal(scmia_agent_counter(&f.agent, SCMIA_CNT_MALFORMED), 1);
	assert_non_null(hq_find(&f.evq, c->cookie));
	/* A re-post that fails is counted; the buffer stays with us. */
	f.evq.fail_add = SCMIA_ENOSPC;
	c = hq_find(&f.evq, NULL);
	scmia_put_le32(c->sg[0].addr, scmia_hdr_pack(1, SCMIA_MSG_TYPE_NOTIFICATION, 0x80, 0));
	c->live = 0;
	hq_push(&f.evq, c->cookie, 8, 0);
	scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT);
	assert_int_equal(scmia_virtio_counter(&f.vio, SCMIA_VIRTIO_CNT_REPOST_FAIL), 1);
	scmia_agent_deinit(&f.agent);
}

static void test_send_failure(void **state)
{
	struct scmia_xfer *x;
	unsigned n_free;

	(void)state;
	fx_up();
	f.cmdq.fail_add = SCMIA_ENOSPC;
	assert_int_equal(scmia_xfer_get(&f.agent, 0x80, 3, 0, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_submit(x, 0, cb, &f), SCMIA_ENOSPC);
	assert_int_equal(f.cbs, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* Nothing handed over: the slot was not kept. */
	assert_int_equal(scmia_chan_stats(&f.a2p, &n_free, NULL, NULL), SCMIA_OK);
	assert_int_equal(n_free, N_CMD);
	assert_int_equal(scmia_virtio_counter(&f.vio, SCMIA_VIRTIO_CNT_SEND_FAIL), 1);
	assert_int_equal(scmia_virtio_cmd_in_device(&f.vio), 0);
	f.cmdq.fail_add = 0;
	x = submit(3, "x");
	answer(hq_find(&f.cmdq, NULL), x->hdr, 0, "");
	scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD);
	assert_int_equal(f.last, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	scmia_agent_deinit(&f.agent);
}

static void test_close_with_device_owned_buffers(void **state)
{
	struct scmia_xfer *x[2];
	struct hq_chain *c[2];

	(void)state;
	fx_up();
	x[0] = submit(3, "a");
	x[1] = submit(3, "b");
	c[0] = hq_find(&f.cmdq, f.cmdq.ch[0].cookie);
	c[1] = hq_find(&f.cmdq, f.cmdq.ch[1].cookie);
	assert_int_equal(scmia_virtio_cmd_in_device(&f.vio), 2);
	assert_int_equal(scmia_agent_deinit(&f.agent), SCMIA_OK);
	assert_int_equal(f.cbs, 2);
	assert_int_equal(f.last, SCMIA_ECANCELED);
	/* The channel memory is reused by the host right away... */
	memset(f.a2p_mem, 0x5a, sizeof(f.a2p_mem));
	memset(&f.a2p, 0x5a, sizeof(f.a2p));
	memset(&f.agent, 0x5a, sizeof(f.agent));
	/* ...then the device returns the buffers: dropped, nothing touched. */
	answer(c[0], 0, 0, "late");
	answer(c[1], 0, 0, "late");
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_ALL), 2);
	assert_int_equal(scmia_virtio_counter(&f.vio, SCMIA_VIRTIO_CNT_LATE), 2);
	assert_int_equal(scmia_virtio_cmd_in_device(&f.vio), 0);
	/* Eventq traffic after the p2a channel is gone: dropped, re-posted. */
	{
		struct hq_chain *e = hq_find(&f.evq, NULL);

		scmia_put_le32(e->sg[0].addr,
			       scmia_hdr_pack(1, SCMIA_MSG_TYPE_NOTIFICATION, 0x80, 0));
		e->live = 0;
		hq_push(&f.evq, e->cookie, 8, 0);
		assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT), 1);
		assert_int_equal(scmia_virtio_counter(&f.vio, SCMIA_VIRTIO_CNT_EVENT_DROPS), 1);
		assert_non_null(hq_find(&f.evq, e->cookie));
	}
	/* Stop: device reset, queues reset. */
	assert_int_equal(scmia_virtio_stop(&f.vio), SCMIA_OK);
	assert_int_equal(f.resets, 1);
	assert_int_equal(f.cmdq.resets, 1);
	assert_int_equal(f.evq.resets, 1);
	assert_int_equal(scmia_virtio_transport.ops->ready(&f.vio), SCMIA_EAGAIN);
	(void)x;
}

static void test_stop_cancels_waiters(void **state)
{
	struct scmia_xfer *x;

	(void)state;
	fx_up();
	x = submit(3, "a");
	/* The device is reset while it owns the command. */
	assert_int_equal(scmia_virtio_stop(&f.vio), SCMIA_OK);
	assert_int_equal(f.cbs, 1);
	assert_int_equal(f.last, SCMIA_ECANCELED);
	assert_int_equal(scmia_virtio_counter(&f.vio, SCMIA_VIRTIO_CNT_CANCELED), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	/* A stale used entry from before the reset is never read. */
	hq_push(&f.cmdq, &f.msgs[0], 8, 0);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_ALL), 0);
	/* Restart (re-probe): eventq re-posted, commands flow. */
	f.cmdq.u_head = f.cmdq.u_tail = 0;
	assert_int_equal(scmia_virtio_start(&f.vio, feat_all), SCMIA_OK);
	assert_int_equal(f.evq.adds, 2u * EVQ_NUM);
	x = submit(3, "b");
	answer(hq_find(&f.cmdq, NULL), x->hdr, 0, "B");
	scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD);
	assert_int_equal(f.last, SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	scmia_agent_deinit(&f.agent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_start_checks),
		cmocka_unit_test(test_wire_layout),
		cmocka_unit_test(test_bad_cookies),
		cmocka_unit_test(test_eventq_repost),
		cmocka_unit_test(test_send_failure),
		cmocka_unit_test(test_close_with_device_owned_buffers),
		cmocka_unit_test(test_stop_cancels_waiters),
	};

	return cmocka_run_group_tests_name("virtio_hostvq", tests, NULL, NULL);
}

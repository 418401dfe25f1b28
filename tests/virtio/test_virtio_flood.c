/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-scmi transport against a device that floods (label virtio):
 * issue 9, defect 3. The transport runs on its built-in split rings; the
 * device end is a small split-ring device written here from the virtio 1.x
 * layout (scmia_vring.h), whose notification hook is the driver's kick. In
 * flood mode every eventq kick makes it fill every buffer it owns with a
 * new notification at once: a device that answers every kick. Everything
 * runs in one thread on a virtual clock: relax advances it by RELAX_US and
 * every notification handled costs NOTE_US, so time passes while the
 * library works, as on a real CPU.
 *
 * Checks: one scmia_virtio_process() call takes at most a budget per queue
 * and kicks once; a polled command keeps its deadline (reply, and delayed
 * response through rx_poll) while the eventq floods; the eventq header is
 * checked again at the fetch.
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
#define RELAX_US 100u
#define NOTE_US 2u
#define TMO_US 10000u
/* The device stops flooding after this many notifications, so that a
 * transport without a bound ends its loop and the test can report it. */
#define FLOOD_CAP 20000u
#define NOTE_PROTO 0x80u
#define NOTE_EVT 1u

/* ------------------------------------------------------------------ */
/* A split-ring device                                                 */
/* ------------------------------------------------------------------ */

struct dq {
	uint8_t *mem;        /* ring memory (identity DMA) */
	unsigned num;
	uint16_t last_avail; /* next available entry to take */
	uint16_t used_idx;   /* next used index to publish */
	unsigned kicks;
	uint16_t held[16];   /* heads taken, not used yet (in order) */
	unsigned n_held;
};

struct cmd_chain {
	uint16_t head;
	uint8_t *req;
	uint32_t req_len;
	uint8_t *resp;
	uint32_t resp_len;
};

struct dev {
	struct dq q[2];
	int flood;
	int flood_on_add;     /* also refill on every re-post, without a kick */
	int answer_cmds;      /* answer every command at once (SUCCESS, echo header) */
	unsigned pushed;      /* flood notifications published */
	uint32_t seq;
};

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint64_t rd64(const uint8_t *p)
{
	return scmia_get_le32(p) | ((uint64_t)scmia_get_le32(p + 4) << 32);
}

static uint8_t *desc(struct dq *q, uint16_t i)
{
	assert_true(i < q->num);
	return q->mem + 16u * i;
}

static void *desc_addr(struct dq *q, uint16_t i)
{
	return (void *)(uintptr_t)rd64(desc(q, i));
}

static uint32_t desc_len(struct dq *q, uint16_t i)
{
	return scmia_get_le32(desc(q, i) + 8);
}

static uint16_t desc_flags(struct dq *q, uint16_t i)
{
	return rd16(desc(q, i) + 12);
}

static uint16_t desc_next(struct dq *q, uint16_t i)
{
	return rd16(desc(q, i) + 14);
}

/* Publish used entry {head, len}. */
static void dq_used(struct dq *q, uint32_t head, uint32_t len)
{
	uint8_t *used = q->mem + SCMIA_VRING_USED_OFF(q->num);
	uint8_t *e = used + 4u + 8u * (q->used_idx % q->num);

	scmia_put_le32(e, head);
	scmia_put_le32(e + 4, len);
	q->used_idx++;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	wr16(used + 2, q->used_idx);
}

/* Take the chains the driver made available. */
static void dq_take(struct dq *q)
{
	const uint8_t *avail = q->mem + SCMIA_VRING_AVAIL_OFF(q->num);

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	while (q->last_avail != rd16(avail + 2)) {
		uint16_t head = rd16(avail + 4u + 2u * (q->last_avail % q->num));

		q->last_avail++;
		assert_true(q->n_held < 16u);
		q->held[q->n_held++] = head;
	}
}

/* Remove held head number @k. */
static uint16_t dq_pop(struct dq *q, unsigned k)
{
	uint16_t head;

	assert_true(k < q->n_held);
	head = q->held[k];
	memmove(&q->held[k], &q->held[k + 1u], (q->n_held - k - 1u) * sizeof(q->held[0]));
	q->n_held--;
	return head;
}

/* Write @n bytes into the eventq buffer of the first held head and use it. */
static void ev_write(struct dev *d, const uint8_t *msg, uint32_t n)
{
	struct dq *q = &d->q[SCMIA_VIRTIO_EVENTQ];
	uint16_t head = dq_pop(q, 0);

	assert_true(desc_flags(q, head) & SCMIA_VRING_DESC_F_WRITE);
	assert_true(desc_len(q, head) >= n);
	memcpy(desc_addr(q, head), msg, n);
	dq_used(q, head, n);
}

/* Return one held eventq buffer with a notification. */
static void note(struct dev *d)
{
	uint8_t m[8];

	scmia_put_le32(m, scmia_hdr_pack(NOTE_EVT, SCMIA_MSG_TYPE_NOTIFICATION, NOTE_PROTO, 0));
	scmia_put_le32(m + 4, d->seq++);
	ev_write(d, m, sizeof(m));
}

/* Fill every held eventq buffer with a notification (flood mode). */
static void flood(struct dev *d)
{
	while (d->q[SCMIA_VIRTIO_EVENTQ].n_held && d->pushed < FLOOD_CAP) {
		note(d);
		d->pushed++;
	}
}

static struct cmd_chain cmd_chain(struct dev *d, uint16_t head)
{
	struct dq *q = &d->q[SCMIA_VIRTIO_CMDQ];
	struct cmd_chain c;
	uint16_t n;

	assert_true(desc_flags(q, head) & SCMIA_VRING_DESC_F_NEXT);
	n = desc_next(q, head);
	assert_true(desc_flags(q, n) & SCMIA_VRING_DESC_F_WRITE);
	c.head = head;
	c.req = desc_addr(q, head);
	c.req_len = desc_len(q, head);
	c.resp = desc_addr(q, n);
	c.resp_len = desc_len(q, n);
	return c;
}

/* Answer held command @k: its header echoed, @status, no payload. */
static void cmd_answer(struct dev *d, unsigned k, int32_t status)
{
	struct cmd_chain c = cmd_chain(d, dq_pop(&d->q[SCMIA_VIRTIO_CMDQ], k));

	scmia_put_le32(c.resp, scmia_get_le32(c.req));
	scmia_put_le32(c.resp + 4, (uint32_t)status);
	dq_used(&d->q[SCMIA_VIRTIO_CMDQ], c.head, 8);
}

/* The driver's kick (scmia_vring_notify_fn). */
static void dev_notify(void *ctx, uint16_t queue)
{
	struct dev *d = ctx;
	struct dq *q;

	assert_true(queue < 2u);
	q = &d->q[queue];
	q->kicks++;
	dq_take(q);
	if (queue == SCMIA_VIRTIO_EVENTQ && d->flood)
		flood(d);
	if (queue == SCMIA_VIRTIO_CMDQ && d->answer_cmds)
		while (q->n_held)
			cmd_answer(d, 0, 0);
}

/* ------------------------------------------------------------------ */
/* Driver, agent, virtual clock                                        */
/* ------------------------------------------------------------------ */

struct fx {
	struct dev dev;
	_Alignas(16) uint8_t ring_c[SCMIA_VRING_MEM_SIZE(CMDQ_NUM)];
	_Alignas(16) uint8_t ring_e[SCMIA_VRING_MEM_SIZE(EVQ_NUM)];
	struct scmia_vring_slot slots_c[CMDQ_NUM], slots_e[EVQ_NUM];
	struct scmia_vring vr_c, vr_e;
	_Alignas(8) uint8_t shm[SCMIA_VIRTIO_SHM_SIZE(CMDQ_NUM, EVQ_NUM)];
	struct scmia_virtio_msg msgs[SCMIA_VIRTIO_N_MSGS(CMDQ_NUM, EVQ_NUM)];
	struct scmia_virtio vio;
	/* agent OS: virtual clock */
	struct scmia_os_ops aos;
	uint64_t now;
	unsigned relaxes;
	/* transport lock: counts, and a hook that plays the device while the
	 * transport is between two of its steps */
	struct scmia_os_ops tos;
	int ev_taken;         /* the device returned an eventq entry: hook on next unlock */
	void (*unlock_hook)(void);
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(a2p_mem, N_CMD, SCMIA_VIRTIO_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(p2a_mem, EVQ_NUM, SCMIA_VIRTIO_MSG_SIZE);
	struct scmia_notifier nt;
	unsigned notes;
	unsigned cbs;
	int last;
	uint32_t last_word;
};

static struct fx f;

static uint64_t a_now(void *ctx)
{
	return ((struct fx *)ctx)->now;
}

static void a_relax(void *ctx)
{
	struct fx *x = ctx;

	x->relaxes++;
	x->now += RELAX_US;
}

static scmia_lock_key_t t_lock(void *ctx)
{
	(void)ctx;
	return 0x5a;
}

static void t_unlock(void *ctx, scmia_lock_key_t key)
{
	struct fx *x = ctx;

	assert_int_equal(key, 0x5a);
	if (x->ev_taken && x->unlock_hook) {
		void (*h)(void) = x->unlock_hook;

		x->unlock_hook = NULL;
		x->ev_taken = 0;
		h();
	}
}

/* Wrapped built-in ring ops: note when eventq hands an entry out. */
static int w_add(void *vq, const struct scmia_vring_buf *sg, unsigned n_out, unsigned n_in,
		 void *cookie)
{
	int r = scmia_virtio_vring_ops.add(vq, sg, n_out, n_in, cookie);

	/* A device that polls the available ring (another CPU) sees the
	 * buffer now, without a kick. */
	if (!r && vq == &f.vr_e && f.dev.flood_on_add) {
		dq_take(&f.dev.q[SCMIA_VIRTIO_EVENTQ]);
		flood(&f.dev);
	}
	return r;
}

static void w_kick(void *vq)
{
	scmia_virtio_vring_ops.kick(vq);
}

static int w_get_used(void *vq, void **cookie, uint32_t *len)
{
	int r = scmia_virtio_vring_ops.get_used(vq, cookie, len);

	if (r > 0 && vq == &f.vr_e)
		f.ev_taken = 1;
	return r;
}

static void w_reset(void *vq)
{
	scmia_virtio_vring_ops.reset(vq);
}

static const struct scmia_virtio_vq_ops w_ops = {
	.add = w_add, .kick = w_kick, .get_used = w_get_used, .reset = w_reset,
};

static void dev_reset(void *ctx)
{
	(void)ctx;
}

static void on_note(void *ctx, const struct scmia_notification *n)
{
	struct fx *x = ctx;

	(void)n;
	x->notes++;
	x->now += NOTE_US; /* handling takes time */
}

static void cb(void *arg, struct scmia_xfer *x, int result)
{
	struct fx *fx = arg;

	fx->cbs++;
	fx->last = result;
	fx->last_word = result == SCMIA_OK && x->rx_len >= 4 ? scmia_get_le32(x->rx_buf) : 0;
}

static const uint64_t feats = SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1) |
			      SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS);

/* Bring everything up; @budget goes to scmia_virtio_cfg::budget. */
static void fx_up(uint16_t budget)
{
	struct scmia_vring_cfg rc;
	struct scmia_virtio_cfg vc;
	struct scmia_agent_cfg ac;
	struct scmia_chan_cfg cc;

	memset(&f, 0, sizeof(f));
	f.dev.q[0].mem = f.ring_c;
	f.dev.q[0].num = CMDQ_NUM;
	f.dev.q[1].mem = f.ring_e;
	f.dev.q[1].num = EVQ_NUM;

	memset(&rc, 0, sizeof(rc));
	rc.num = CMDQ_NUM;
	rc.queue = SCMIA_VIRTIO_CMDQ;
	rc.mem = f.ring_c;
	rc.mem_size = sizeof(f.ring_c);
	rc.slots = f.slots_c;
	rc.notify = dev_notify;
	rc.notify_ctx = &f.dev;
	assert_int_equal(scmia_vring_init(&f.vr_c, &rc), SCMIA_OK);
	rc.num = EVQ_NUM;
	rc.queue = SCMIA_VIRTIO_EVENTQ;
	rc.mem = f.ring_e;
	rc.mem_size = sizeof(f.ring_e);
	rc.slots = f.slots_e;
	assert_int_equal(scmia_vring_init(&f.vr_e, &rc), SCMIA_OK);

	f.tos.lock = t_lock;
	f.tos.unlock = t_unlock;
	memset(&vc, 0, sizeof(vc));
	vc.vq_ops = &w_ops;
	vc.cmdq = &f.vr_c;
	vc.eventq = &f.vr_e;
	vc.cmdq_num = CMDQ_NUM;
	vc.eventq_num = EVQ_NUM;
	vc.shm = f.shm;
	vc.shm_size = sizeof(f.shm);
	vc.msgs = f.msgs;
	vc.n_msgs = SCMIA_VIRTIO_N_MSGS(CMDQ_NUM, EVQ_NUM);
	vc.os = &f.tos;
	vc.os_ctx = &f;
	vc.reset = dev_reset;
	vc.budget = budget;
	assert_int_equal(scmia_virtio_init(&f.vio, &vc), SCMIA_OK);
	assert_int_equal(scmia_virtio_start(&f.vio, feats), SCMIA_OK);
	assert_int_equal(f.dev.q[1].n_held, EVQ_NUM); /* every eventq buffer posted */

	f.aos.now_us = a_now;
	f.aos.relax = a_relax;
	f.now = 1000000;
	memset(&ac, 0, sizeof(ac));
	ac.transport = &scmia_virtio_transport;
	ac.transport_ctx = &f.vio;
	ac.os = &f.aos;
	ac.os_ctx = &f;
	ac.flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	assert_int_equal(scmia_agent_init(&f.agent, &ac), SCMIA_OK);
	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_A2P;
	cc.completion = SCMIA_COMPLETION_POLL;
	cc.mem = f.a2p_mem;
	cc.mem_size = sizeof(f.a2p_mem);
	assert_int_equal(scmia_chan_open(&f.agent, &f.a2p, &cc), SCMIA_OK);
	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_P2A;
	cc.mem = f.p2a_mem;
	cc.mem_size = sizeof(f.p2a_mem);
	assert_int_equal(scmia_chan_open(&f.agent, &f.p2a, &cc), SCMIA_OK);
	assert_int_equal(scmia_chan_set_timeouts(&f.a2p, TMO_US, TMO_US), SCMIA_OK);
	f.nt.proto_id = NOTE_PROTO;
	f.nt.evt_id = NOTE_EVT;
	f.nt.src_id = SCMIA_NOTIFY_SRC_ANY;
	f.nt.fn = on_note;
	f.nt.ctx = &f;
	assert_int_equal(scmia_notify_register(&f.agent, &f.nt), SCMIA_OK);
}

static int fx_down(void **state)
{
	(void)state;
	(void)scmia_agent_deinit(&f.agent);
	return 0;
}

/* The device starts flooding: what it holds is filled now, and every
 * later kick refills whatever it got back. */
static void flood_on(void)
{
	f.dev.flood = 1;
	flood(&f.dev);
}

/* The device returns @n of the eventq buffers it holds. */
static void fill(unsigned n)
{
	dq_take(&f.dev.q[SCMIA_VIRTIO_EVENTQ]);
	assert_true(f.dev.q[SCMIA_VIRTIO_EVENTQ].n_held >= n);
	while (n--)
		note(&f.dev);
}

static uint32_t vcnt(enum scmia_virtio_counter id)
{
	return scmia_virtio_counter(&f.vio, id);
}

/* ------------------------------------------------------------------ */

/* The interrupt handler's call: at most one budget per queue (default:
 * the queue's buffers), one kick for all the buffers it re-posted, and
 * back to the caller although the device refilled the queue at once. */
static void test_process_bounded(void **state)
{
	unsigned kicks;

	(void)state;
	fx_up(0);
	flood_on();
	for (unsigned round = 1; round <= 3; round++) {
		kicks = f.dev.q[1].kicks;
		assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_ALL), EVQ_NUM);
		assert_int_equal(f.notes, round * EVQ_NUM);
		assert_int_equal(f.dev.q[1].kicks, kicks + 1u);
		assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_BUDGET_STOPS), round);
		/* the device refilled everything on that one kick */
		assert_int_equal(f.dev.pushed, (round + 1u) * EVQ_NUM);
	}
	assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_EVENTS), 3u * EVQ_NUM);
	assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_REPOST_FAIL), 0);
	/* The device calms down: what is left is taken, nothing more. */
	f.dev.flood = 0;
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_ALL), EVQ_NUM);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_ALL), 0);
	assert_int_equal(f.notes, 4u * EVQ_NUM);
}

/* A device that does not wait for the kick (it polls the available ring)
 * and fills every re-posted buffer at once: the budget alone ends the
 * call. */
static void test_process_bounded_without_kick(void **state)
{
	(void)state;
	fx_up(0);
	f.dev.flood_on_add = 1;
	flood_on();
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT), EVQ_NUM);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_ALL), EVQ_NUM);
	assert_int_equal(f.notes, 2u * EVQ_NUM);
	assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_BUDGET_STOPS), 2);
	assert_true(f.dev.pushed < FLOOD_CAP);
}

/* A configured budget, on both queues: cmdq entries the device made up
 * (ids that are not chains in flight) are taken budget by budget too. */
static void test_budget_configured(void **state)
{
	(void)state;
	fx_up(3);
	flood_on();
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT), 3);
	assert_int_equal(f.notes, 3);
	f.dev.flood = 0;
	for (unsigned i = 0; i < 7u; i++)
		dq_used(&f.dev.q[0], 6u, 8u); /* never a head in flight */
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD), 3);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD), 3);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD), 1);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD), 0);
	assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_BAD_ID), 7);
	assert_int_equal(scmia_virtio_state(&f.vio), SCMIA_VIRTIO_UP);
}

/* A polled command the device never answers, while it floods eventq: the
 * poll returns to the core's wait loop after each budget, so the 10 ms
 * deadline holds (virtual time, which the notifications also consume). */
static void test_polled_deadline_while_flooding(void **state)
{
	struct scmia_xfer *x;
	uint64_t t0, spent;

	(void)state;
	fx_up(0);
	f.dev.flood_on_add = 1; /* the worst case: it does not even wait for kicks */
	flood_on();
	assert_int_equal(scmia_xfer_get(&f.agent, 0x80, 3, 0, 0, &x), SCMIA_OK);
	t0 = f.now;
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_POLL), SCMIA_ETIMEDOUT);
	spent = f.now - t0;
	print_message("polled timeout after %llu us, %u notifications, %u relaxes\n",
		      (unsigned long long)spent, f.notes, f.relaxes);
	assert_true(spent >= TMO_US);
	/* one back-off step plus one budget of work past the deadline */
	assert_true(spent <= TMO_US + RELAX_US + (N_CMD + EVQ_NUM) * NOTE_US);
	assert_true(f.notes > 0); /* the flood was served meanwhile */
	assert_true(f.dev.pushed < FLOOD_CAP);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_agent_counter(&f.agent, SCMIA_CNT_TIMEOUTS), 1);
}

/* A polled asynchronous command: the response comes at once, the delayed
 * response never, and the device floods eventq. The wait for the delayed
 * response polls the p2a channel (rx_poll), which the core calls again at
 * once while it delivers: rx_poll answers 0 after a budget in a row, so
 * the delayed-response deadline holds too. */
static void test_polled_dresp_deadline_while_flooding(void **state)
{
	struct scmia_xfer *x;
	uint64_t t0, spent;

	(void)state;
	fx_up(0);
	f.dev.answer_cmds = 1;
	f.dev.flood_on_add = 1;
	flood_on();
	assert_int_equal(scmia_xfer_get(&f.agent, 0x80, 4, 0, 4, &x), SCMIA_OK);
	t0 = f.now;
	assert_int_equal(scmia_xfer_do(x, SCMIA_XFER_F_POLL | SCMIA_XFER_F_ASYNC), SCMIA_ETIMEDOUT);
	spent = f.now - t0;
	print_message("delayed-response timeout after %llu us, %u notifications\n",
		      (unsigned long long)spent, f.notes);
	assert_int_equal(scmia_agent_counter(&f.agent, SCMIA_CNT_REPLIES), 1);
	assert_true(spent >= TMO_US);
	assert_true(spent <= TMO_US + 2u * (RELAX_US + (N_CMD + EVQ_NUM) * NOTE_US));
	assert_true(f.notes > 0);
	assert_true(f.dev.pushed < FLOOD_CAP);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
}

/* rx_poll itself: one entry per call, 0 once after a budget in a row. */
static void test_rx_poll_streak(void **state)
{
	const struct scmia_transport_ops *ops = scmia_virtio_transport.ops;
	unsigned stops;

	(void)state;
	fx_up(0);
	flood_on();
	stops = vcnt(SCMIA_VIRTIO_CNT_BUDGET_STOPS);
	for (unsigned round = 0; round < 3u; round++) {
		for (unsigned i = 0; i < EVQ_NUM; i++)
			assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 1);
		assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 0);
	}
	assert_int_equal(f.notes, 3u * EVQ_NUM);
	assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_BUDGET_STOPS), stops + 3u);
	/* The device calms down: what it returned is taken, then the
	 * budget stop, then the empty queue. */
	f.dev.flood = 0;
	for (unsigned i = 0; i < EVQ_NUM; i++)
		assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 1);
	assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 0);
	assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_BUDGET_STOPS), stops + 4u);
	assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 0);
	assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_BUDGET_STOPS), stops + 4u);
	/* An empty queue starts a new streak: two, empty, then a whole
	 * budget in a row again. */
	fill(2);
	assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 1);
	assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 1);
	assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 0);
	fill(EVQ_NUM);
	for (unsigned i = 0; i < EVQ_NUM; i++)
		assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 1);
	assert_int_equal(ops->rx_poll(&f.vio, &f.p2a), 0);
	assert_int_equal(f.notes, 5u * EVQ_NUM + 2u);
}

/* ---- eventq header checked again at the fetch ---- */

static uint8_t DRESP[16];
static struct scmia_virtio_msg *DRESP_MSG; /* the transport's entry of that buffer */

static void rewrite_dresp_token(void)
{
	/* The device writes into the buffer it returned: another token. */
	scmia_put_le32(DRESP_MSG->resp, scmia_get_le32(DRESP_MSG->resp) ^ (1u << 18));
}

static struct scmia_xfer *OTHER;
static int OTHER_RET;

static void fetch_for_other(void)
{
	/* The delivery of DRESP_MSG is claimed now: a fetch of it for a
	 * transfer it does not name must fail. */
	OTHER_RET = scmia_virtio_transport.ops->fetch_response(&f.vio, &f.p2a, OTHER, DRESP_MSG);
}

/* Send an asynchronous command, answer its response; return it (RESP). */
static struct scmia_xfer *async_cmd(void)
{
	unsigned cbs = f.cbs;
	struct scmia_xfer *x;

	assert_int_equal(scmia_xfer_get(&f.agent, 0x80, 4, 0, 8, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_ASYNC, cb, &f), SCMIA_OK);
	cmd_answer(&f.dev, 0, 0);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_CMD), 1);
	assert_int_equal(f.cbs, cbs); /* waits for its delayed response */
	return x;
}

/* The device returns the first eventq buffer it holds with the delayed
 * response of @x carrying @word (DRESP_MSG: that buffer's entry). */
static void dresp(const struct scmia_xfer *x, uint32_t word)
{
	struct dq *q = &f.dev.q[SCMIA_VIRTIO_EVENTQ];

	dq_take(q);
	assert_true(q->n_held > 0);
	DRESP_MSG = NULL;
	for (unsigned i = N_CMD; i < N_CMD + EVQ_NUM; i++)
		if (f.msgs[i].resp == desc_addr(q, q->held[0]))
			DRESP_MSG = &f.msgs[i];
	assert_non_null(DRESP_MSG);
	scmia_put_le32(DRESP, scmia_hdr_pack(scmia_hdr_msg_id(x->hdr), SCMIA_MSG_TYPE_DELAYED_RESP,
					     scmia_hdr_proto_id(x->hdr), scmia_hdr_token(x->hdr)));
	scmia_put_le32(DRESP + 4, 0);
	scmia_put_le32(DRESP + 8, word);
	ev_write(&f.dev, DRESP, 12);
}

static void test_dresp_header_checked_at_fetch(void **state)
{
	struct scmia_xfer *x;

	(void)state;
	fx_up(0);
	/* Control: a delayed response the device leaves alone is delivered. */
	x = async_cmd();
	dresp(x, 0x1111);
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT), 1);
	assert_int_equal(f.cbs, 1);
	assert_int_equal(f.last, SCMIA_OK);
	assert_int_equal(f.last_word, 0x1111);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* The device rewrites the header after the transport read it and
	 * before the fetch: the fetch refuses what the buffer holds now. */
	x = async_cmd();
	dresp(x, 0x2222);
	f.unlock_hook = rewrite_dresp_token;
	f.ev_taken = 0;
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT), 1);
	assert_null(f.unlock_hook); /* the hook ran */
	assert_int_equal(f.cbs, 2);
	assert_int_equal(f.last, SCMIA_EMALFORMED);
	assert_int_equal(vcnt(SCMIA_VIRTIO_CNT_BAD_HDR), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);

	/* A delivered eventq message is never fetched into a transfer it
	 * does not name. */
	x = async_cmd();
	assert_int_equal(scmia_xfer_get(&f.agent, 0x80, 4, 0, 8, &OTHER), SCMIA_OK);
	dresp(x, 0x3333);
	OTHER_RET = 1;
	f.unlock_hook = fetch_for_other;
	f.ev_taken = 0;
	assert_int_equal(scmia_virtio_process(&f.vio, SCMIA_VIRTIO_Q_EVENT), 1);
	assert_int_equal(OTHER_RET, SCMIA_EPROTO);
	assert_int_equal(OTHER->rx_len, 0);
	assert_int_equal(f.cbs, 3);
	assert_int_equal(f.last, SCMIA_OK); /* the real one still got it */
	assert_int_equal(f.last_word, 0x3333);
	assert_int_equal(scmia_xfer_put(OTHER), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_process_bounded, fx_down),
		cmocka_unit_test_teardown(test_process_bounded_without_kick, fx_down),
		cmocka_unit_test_teardown(test_budget_configured, fx_down),
		cmocka_unit_test_teardown(test_polled_deadline_while_flooding, fx_down),
		cmocka_unit_test_teardown(test_polled_dresp_deadline_while_flooding, fx_down),
		cmocka_unit_test_teardown(test_rx_poll_streak, fx_down),
		cmocka_unit_test_teardown(test_dresp_header_checked_at_fetch, fx_down),
	};

	return cmocka_run_group_tests_name("virtio_flood", tests, NULL, NULL);
}

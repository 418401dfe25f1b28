/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-scmi device side. First against the library's own driver (the
 * agent's virtio transport on split rings in "guest memory", vguest.h):
 * commands answered in any order, delayed responses and notifications on
 * the eventq, the backlog when the driver posts no buffer. Then a hostile
 * driver writing the rings by hand: every index, id, length, flag and
 * address it can get wrong, the budget, stale replies, reused heads,
 * interrupt suppression.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vguest.h"

/* ---- the device's handler: answers at once or keeps the request ---- */

struct pend {
	uint32_t req, hdr, len;
	uint8_t p[64];
};

static struct {
	struct vguest v;
	uint64_t now;
	int deferred;     /* keep requests for the test to answer */
	int async;        /* answer, then send the delayed response */
	struct pend pend[80];
	unsigned n_pend, cmds;
} g;

static void answer(void *srv, const struct pend *p, uint32_t extra)
{
	uint8_t body[4 + 64 + 4];

	scmia_put_le32(body, 0);
	memcpy(body + 4, p->p, p->len);
	scmia_put_le32(body + 4 + p->len, extra);
	assert_int_equal(scmia_virtio_dev_reply(srv, p->req, p->hdr, body, 8u + p->len), 0);
}

static void handler(void *ctx, void *srv, uint32_t req, uint32_t hdr, const void *payload,
		    uint32_t len)
{
	struct pend p;

	(void)ctx;
	g.cmds++;
	p.req = req;
	p.hdr = hdr;
	p.len = len < sizeof(p.p) ? len : (uint32_t)sizeof(p.p);
	memcpy(p.p, payload, p.len);
	if (g.deferred) {
		assert_true(g.n_pend < 80u);
		g.pend[g.n_pend++] = p;
		return;
	}
	answer(srv, &p, 0xc0ffee00u + g.cmds);
	if (g.async) {
		uint8_t b[8];

		scmia_put_le32(b, 0);
		scmia_put_le32(b + 4, 0xd0000000u | p.len);
		assert_int_equal(scmia_virtio_dev_p2a(srv,
						      scmia_hdr_pack(scmia_hdr_msg_id(hdr),
								     SCMIA_MSG_TYPE_DELAYED_RESP,
								     scmia_hdr_proto_id(hdr),
								     scmia_hdr_token(hdr)),
						      b, 8),
				 0);
	}
}

static uint64_t g_now(void *ctx)
{
	(void)ctx;
	return g.now;
}

static void g_relax(void *ctx)
{
	(void)ctx;
	g.now += 10;
	(void)vg_step(&g.v);
}

static scmia_lock_key_t g_lock(void *ctx)
{
	(void)ctx;
	return 0;
}

static void g_unlock(void *ctx, scmia_lock_key_t k)
{
	(void)ctx;
	(void)k;
}

static const struct scmia_os_ops gos = {
	.lock = g_lock, .unlock = g_unlock, .now_us = g_now, .relax = g_relax,
};

static int setup_ei(int event_idx)
{
	memset(&g, 0, sizeof(g));
	g.now = 1000;
	return vg_init(&g.v, &gos, NULL, handler, NULL, event_idx);
}

static int setup(void **state)
{
	(void)state;
	return setup_ei(0);
}

static int setup_event_idx(void **state)
{
	(void)state;
	return setup_ei(1);
}

static int teardown(void **state)
{
	(void)state;
	vg_down(&g.v);
	return 0;
}

static struct scmia_virtio_dev_stats dstats(void)
{
	struct scmia_virtio_dev_stats s;

	assert_int_equal(scmia_virtio_dev_counters(&g.v.dev, &s), 0);
	return s;
}

/* ---- with the library's driver ---- */

static void test_interop_echo(void **state)
{
	uint8_t rx[64];
	uint32_t n = 0, i;

	(void)state;
	for (i = 0; i < 20u; i++) {
		uint8_t tx[12];

		scmia_put_le32(tx, i);
		scmia_put_le32(tx + 4, ~i);
		scmia_put_le32(tx + 8, i * 7u);
		assert_int_equal(scmia_cmd(&g.v.agent, 0x80, 3, tx, 12, rx, sizeof(rx), &n, 0), 0);
		assert_int_equal(n, 16);
		assert_memory_equal(rx, tx, 12);
		assert_int_equal(scmia_get_le32(rx + 12), 0xc0ffee00u + i + 1u);
	}
	assert_int_equal(dstats().commands, 20);
	assert_int_equal(dstats().replies, 20);
	assert_int_equal(scmia_virtio_dev_pending(&g.v.dev), 0);
}

struct done {
	int res;
	uint32_t got;
	int called;
};

static void cb(void *arg, struct scmia_xfer *x, int res)
{
	struct done *d = (struct done *)arg;

	d->called++;
	d->res = res;
	d->got = x->rx_len >= 4u ? scmia_get_le32(x->rx_buf) : 0xffffffffu;
}

static void test_out_of_order_replies(void **state)
{
	struct scmia_xfer *x[6];
	struct done d[6];
	unsigned i;

	(void)state;
	g.deferred = 1;
	memset(d, 0, sizeof(d));
	for (i = 0; i < 6u; i++) {
		assert_int_equal(scmia_xfer_get(&g.v.agent, 0x80, 3, 4, 0, &x[i]), 0);
		scmia_put_le32(x[i]->tx_buf, 0x100u + i);
		assert_int_equal(scmia_xfer_submit(x[i], 0, cb, &d[i]), 0);
	}
	assert_int_equal(vg_step(&g.v), 6);
	assert_int_equal(g.n_pend, 6);
	assert_int_equal(scmia_virtio_dev_pending(&g.v.dev), 6);
	/* Newest first. */
	for (i = 6u; i > 0; i--)
		answer(&g.v.dev, &g.pend[i - 1u], 0);
	for (i = 0; i < 6u; i++) {
		assert_int_equal(d[i].called, 1);
		assert_int_equal(d[i].res, 0);
		assert_int_equal(d[i].got, 0x100u + i);
		(void)scmia_xfer_put(x[i]);
	}
	/* The same request twice, and a number with a wrong generation. */
	assert_int_equal(scmia_virtio_dev_reply(&g.v.dev, g.pend[0].req, g.pend[0].hdr,
						"\0\0\0\0", 4),
			 SCMIA_ESTATE);
	assert_int_equal(scmia_virtio_dev_reply(&g.v.dev, g.pend[0].req + 0x10000u,
						g.pend[0].hdr, "\0\0\0\0", 4),
			 SCMIA_ESTATE);
	assert_int_equal(scmia_virtio_dev_reply(&g.v.dev, 0xffffu, 0, "\0\0\0\0", 4),
			 SCMIA_ESTATE);
	assert_int_equal(dstats().stale, 3);
}

static void test_delayed_responses(void **state)
{
	uint8_t tx[8], rx[16];
	uint32_t n = 0;
	unsigned i;

	(void)state;
	g.async = 1;
	for (i = 0; i < 10u; i++) {
		scmia_put_le32(tx, i);
		scmia_put_le32(tx + 4, i);
		assert_int_equal(scmia_cmd(&g.v.agent, 0x80, 4, tx, 8, rx, sizeof(rx), &n,
					   SCMIA_XFER_F_ASYNC),
				 0);
		assert_int_equal(n, 4);
		assert_int_equal(scmia_get_le32(rx), 0xd0000008u);
	}
	assert_int_equal(dstats().events, 10);
}

static unsigned notes;

static void note(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	(void)n;
	notes++;
}

static void test_eventq_backlog(void **state)
{
	struct scmia_notifier nf;
	uint32_t hdr = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0x80, 0);
	uint32_t dr = scmia_hdr_pack(4, SCMIA_MSG_TYPE_DELAYED_RESP, 0x80, 5);
	uint8_t b[12];
	unsigned i;

	(void)state;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = 0x80;
	nf.evt_id = 0;
	nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	nf.fn = note;
	notes = 0;
	assert_int_equal(scmia_notify_register(&g.v.agent, &nf), 0);
	memset(b, 0, sizeof(b));
	/* The driver does not take its interrupt: the posted buffers fill,
	 * then the backlog (4), then notifications are dropped and delayed
	 * responses push the newest notifications out. */
	g.v.up = 0;
	for (i = 0; i < VG_EVQ + 4u; i++)
		assert_int_equal(scmia_virtio_dev_p2a(&g.v.dev, hdr, b, 12), 0);
	assert_int_equal(dstats().events, VG_EVQ);
	assert_int_equal(dstats().ev_queued, 4);
	assert_int_equal(scmia_virtio_dev_p2a(&g.v.dev, hdr, b, 12), SCMIA_ENOSPC);
	assert_int_equal(scmia_virtio_dev_p2a(&g.v.dev, dr, b, 8), 0);
	assert_int_equal(dstats().notif_drops, 1);
	assert_int_equal(dstats().evicted, 1);
	/* The driver takes what is there, re-posts, notifies: the backlog
	 * goes out. */
	g.v.up = 1;
	assert_true(scmia_virtio_process(&g.v.vio, SCMIA_VIRTIO_Q_ALL) >= (int)VG_EVQ);
	assert_int_equal(notes, VG_EVQ);
	assert_int_equal(vg_step(&g.v), 4);
	assert_int_equal(dstats().events, VG_EVQ + 4u);
	/* 3 notifications and the delayed response (nobody waits for it:
	 * the agent drops it as unexpected). */
	assert_int_equal(notes, VG_EVQ + 3u);
	(void)scmia_notify_unregister(&g.v.agent, &nf);
	/* Not a p2a type. */
	assert_int_equal(scmia_virtio_dev_p2a(&g.v.dev, scmia_hdr_pack(1, 0, 0x80, 0), b, 4),
			 SCMIA_EINVAL);
}

static void test_event_idx_suppression(void **state)
{
	uint8_t rx[64];
	uint32_t n = 0, i, irqs;

	(void)state;
	/* With event idx the driver asks for an interrupt at each entry it
	 * waits for: commands still complete, each reply signalled. */
	for (i = 0; i < 5u; i++)
		assert_int_equal(scmia_cmd(&g.v.agent, 0x80, 3, "abcd", 4, rx, sizeof(rx), &n, 0),
				 0);
	irqs = g.v.irqs;
	assert_true(irqs >= 5u);
	/* A driver that asks for nothing: used_event far behind. */
	scmia_put_le32(rx, 0);
	{
		uint8_t *ue = g.v.mem + VG_RING0 + SCMIA_VRING_AVAIL_OFF(VG_CMDQ) + 4u + 2u * VG_CMDQ;
		uint16_t used = (uint16_t)dstats().replies;

		g.deferred = 1;
		{
			struct scmia_xfer *x;
			struct done d;

			memset(&d, 0, sizeof(d));
			assert_int_equal(scmia_xfer_get(&g.v.agent, 0x80, 3, 4, 0, &x), 0);
			scmia_put_le32(x->tx_buf, 1);
			assert_int_equal(scmia_xfer_submit(x, SCMIA_XFER_F_POLL, cb, &d), 0);
			assert_int_equal(vg_step(&g.v), 1);
			/* used_event = used - 10: the next entry is not the one. */
			ue[0] = (uint8_t)(used - 10u);
			ue[1] = (uint8_t)((used - 10u) >> 8);
			answer(&g.v.dev, &g.pend[0], 0);
			assert_int_equal(g.v.irqs, irqs);
			assert_true(dstats().suppressed >= 1u);
			/* The polling driver finds it anyway. */
			for (i = 0; i < 100u && !d.called; i++)
				(void)scmia_agent_service(&g.v.agent);
			assert_int_equal(d.res, 0);
			(void)scmia_xfer_put(x);
		}
	}
}

/* ---- a hostile driver ---- */

#define RQ 128u /* cmdq size of the raw tests */

static struct {
	_Alignas(16) uint8_t mem[32768];
	struct scmia_virtio_dev dev;
	struct scmia_virtio_dev_req reqs[RQ];
	struct scmia_virtio_dev_msg backlog[4];
	struct scmia_virtio_dev_window win;
	uint16_t avail_idx;
	unsigned irqs;
} h;

#define H_GPA 0x80000000ull
#define H_DESC 0u
#define H_AVAIL (16u * RQ)
#define H_USED 8192u
#define H_BUF 12288u

static void h_irq(void *ctx)
{
	(void)ctx;
	h.irqs++;
}

static void h_desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *d = h.mem + H_DESC + 16u * i;

	scmia_put_le32(d, (uint32_t)addr);
	scmia_put_le32(d + 4, (uint32_t)(addr >> 32));
	scmia_put_le32(d + 8, len);
	d[12] = (uint8_t)flags;
	d[13] = (uint8_t)(flags >> 8);
	d[14] = (uint8_t)next;
	d[15] = (uint8_t)(next >> 8);
}

static void h_publish(uint16_t head)
{
	uint8_t *a = h.mem + H_AVAIL;

	a[4 + 2u * (h.avail_idx % RQ)] = (uint8_t)head;
	a[5 + 2u * (h.avail_idx % RQ)] = (uint8_t)(head >> 8);
	h.avail_idx++;
	a[2] = (uint8_t)h.avail_idx;
	a[3] = (uint8_t)(h.avail_idx >> 8);
}

static uint16_t h_used_idx(void)
{
	return (uint16_t)(h.mem[H_USED + 2] | (h.mem[H_USED + 3] << 8));
}

static uint32_t h_used_len(uint16_t k)
{
	return scmia_get_le32(h.mem + H_USED + 4u + 8u * (k % RQ) + 4u);
}

/* A well-formed chain at head @i: request buffer then response buffer. */
static void h_chain(uint16_t i, uint32_t hdr, uint32_t req_len, uint32_t resp_len)
{
	uint32_t off = H_BUF + 64u * i;

	scmia_put_le32(h.mem + off, hdr);
	h_desc(i, H_GPA + off, req_len, 1u /* NEXT */, (uint16_t)(i + 1u));
	h_desc((uint16_t)(i + 1u), H_GPA + off + 32u, resp_len, 2u /* WRITE */, 0);
}

/* The used-entry hook: keeps entries while h_keep is set. */
struct kept {
	unsigned qi;
	struct scmia_virtio_dev_used e;
};

static struct {
	int keep;
	struct kept k[8];
	unsigned n;
} hk;

static int h_used(void *ctx, unsigned qi, uint32_t id, uint32_t len)
{
	(void)ctx;
	if (!hk.keep)
		return 0;
	assert_true(hk.n < 8u);
	hk.k[hk.n].qi = qi;
	hk.k[hk.n].e.id = id;
	hk.k[hk.n].e.len = len;
	hk.n++;
	return 1;
}

static int h_setup(void **state)
{
	struct scmia_virtio_dev_cfg dc;

	(void)state;
	memset(&h, 0, sizeof(h));
	memset(&g, 0, sizeof(g));
	h.win.base = h.mem;
	h.win.size = sizeof(h.mem);
	h.win.gpa = H_GPA;
	memset(&dc, 0, sizeof(dc));
	dc.win = &h.win;
	dc.n_win = 1;
	dc.cmd = handler;
	dc.irq = h_irq;
	dc.used = h_used;
	dc.backlog = h.backlog;
	dc.backlog_len = 4;
	dc.reqs = h.reqs;
	dc.n_reqs = RQ;
	memset(&hk, 0, sizeof(hk));
	assert_int_equal(scmia_virtio_dev_init(&h.dev, &dc), 0);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, RQ, H_GPA + H_DESC, H_GPA + H_AVAIL,
						H_GPA + H_USED),
			 0);
	assert_int_equal(scmia_virtio_dev_start(&h.dev, 0), 0);
	g.deferred = 1;
	return 0;
}

static struct scmia_virtio_dev_stats hstats(void)
{
	struct scmia_virtio_dev_stats s;

	assert_int_equal(scmia_virtio_dev_counters(&h.dev, &s), 0);
	return s;
}

static void test_setup_checks(void **state)
{
	struct scmia_virtio_dev_cfg dc;
	struct scmia_virtio_dev d;

	(void)state;
	/* Queue parameters: size, alignment, inside the window, after live. */
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 1, 4, H_GPA, H_GPA + 64, H_GPA + 128),
			 SCMIA_ESTATE);
	assert_int_equal(scmia_virtio_dev_reset(&h.dev), 0);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, 12, H_GPA, H_GPA + 256, H_GPA + 512),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, 256, H_GPA, H_GPA + 4096, H_GPA + 8192),
			 SCMIA_EINVAL); /* above n_reqs */
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, 8, H_GPA + 8, H_GPA + 256, H_GPA + 512),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, 8, H_GPA, H_GPA + 257, H_GPA + 512),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, 8, H_GPA, H_GPA + 256, H_GPA + 514),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, 8, H_GPA, H_GPA + 256,
						H_GPA + sizeof(h.mem) - 16u),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, 8, 0xfffffffffffffff0ull, H_GPA + 256,
						H_GPA + 512),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 2, 8, H_GPA, H_GPA + 256, H_GPA + 512),
			 SCMIA_EINVAL);
	/* Live needs a cmdq; P2A needs an eventq. */
	assert_int_equal(scmia_virtio_dev_start(&h.dev, 0), SCMIA_ESTATE);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, 8, H_GPA, H_GPA + 256, H_GPA + 512), 0);
	assert_int_equal(scmia_virtio_dev_start(&h.dev, SCMIA_VIRTIO_DEV_F_P2A), SCMIA_ESTATE);
	assert_int_equal(scmia_virtio_dev_p2a(&h.dev, scmia_hdr_pack(0, 3, 0x80, 0), "abcd", 4),
			 SCMIA_ENOTSUP);
	/* Bad configurations. */
	memset(&dc, 0, sizeof(dc));
	dc.win = &h.win;
	dc.n_win = 1;
	dc.cmd = handler;
	dc.reqs = h.reqs;
	assert_int_equal(scmia_virtio_dev_init(&d, &dc), SCMIA_EINVAL); /* n_reqs 0 */
	dc.n_reqs = 2000;
	assert_int_equal(scmia_virtio_dev_init(&d, &dc), SCMIA_EINVAL);
	dc.n_reqs = 8;
	dc.eventq_max = 12;
	assert_int_equal(scmia_virtio_dev_init(&d, &dc), SCMIA_EINVAL);
	dc.eventq_max = 0;
	dc.n_win = 5;
	assert_int_equal(scmia_virtio_dev_init(&d, &dc), SCMIA_EINVAL);
	dc.n_win = 1;
	dc.backlog_len = 3;
	assert_int_equal(scmia_virtio_dev_init(&d, &dc), SCMIA_EINVAL);
}

static void test_bad_chains(void **state)
{
	uint32_t hdr = scmia_hdr_pack(3, 0, 0x80, 1);
	uint16_t used0;
	unsigned k;

	(void)state;
	/* 1. Request buffer device-writable. */
	h_chain(0, hdr, 8, 16);
	h_desc(0, H_GPA + H_BUF, 8, 1u | 2u, 1);
	h_publish(0);
	/* 2. Request without a response (no NEXT). */
	h_chain(2, hdr, 8, 16);
	h_desc(2, H_GPA + H_BUF + 128u, 8, 0, 0);
	h_publish(2);
	/* 3. Response not writable. */
	h_chain(4, hdr, 8, 16);
	h_desc(5, H_GPA + H_BUF + 256u + 32u, 16, 0, 0);
	h_publish(4);
	/* 4. Response chained on (three descriptors). */
	h_chain(6, hdr, 8, 16);
	h_desc(7, H_GPA + H_BUF + 384u + 32u, 16, 2u | 1u, 8);
	h_publish(6);
	/* 5. Response too small for a status. */
	h_chain(10, hdr, 8, 7);
	h_publish(10);
	/* 6. Request shorter than a header. */
	h_chain(12, hdr, 3, 16);
	h_publish(12);
	/* 7. Request longer than the device takes. */
	h_chain(14, hdr, 4u + SCMIA_VIRTIO_DEV_MSG_MAX + 4u, 16);
	h_publish(14);
	/* 8. Buffers outside the window, and one wrapping the address space. */
	h_chain(16, hdr, 8, 16);
	h_desc(16, H_GPA + sizeof(h.mem) - 4u, 8, 1u, 17);
	h_publish(16);
	h_chain(18, hdr, 8, 16);
	h_desc(19, 0xfffffffffffffffcull, 16, 2u, 0);
	h_publish(18);
	/* 9. Indirect. */
	h_chain(20, hdr, 8, 16);
	h_desc(20, H_GPA + H_BUF, 16, 1u | 4u, 21);
	h_publish(20);
	/* 10. A chain looping onto its own head. */
	h_chain(22, hdr, 8, 16);
	h_desc(22, H_GPA + H_BUF + 22u * 64u, 8, 1u, 22);
	h_publish(22);
	/* 11. A head beyond the queue. */
	h_publish(RQ + 5u);
	/* 12. Next beyond the queue. */
	h_chain(24, hdr, 8, 16);
	h_desc(24, H_GPA + H_BUF + 24u * 64u, 8, 1u, RQ + 1u);
	h_publish(24);
	/* 13-14. Headers that are not commands. */
	h_chain(26, scmia_hdr_pack(3, 2, 0x80, 1), 8, 16);
	h_publish(26);
	h_chain(28, hdr | 0x20000000u, 8, 16);
	h_publish(28);

	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 15);
	assert_int_equal(g.cmds, 0);
	assert_int_equal(hstats().bad_chain, 12);
	assert_int_equal(hstats().bad_head, 1);
	assert_int_equal(hstats().bad_hdr, 2);
	assert_int_equal(hstats().bad_addr, 2); /* of the bad chains: case 8 */
	/* Every refused chain but the out-of-range head went back, length 0. */
	assert_int_equal(h_used_idx(), 14);
	for (k = 0; k < 14u; k++)
		assert_int_equal(h_used_len((uint16_t)k), 0);
	assert_int_equal(scmia_virtio_dev_pending(&h.dev), 0);

	/* A good chain now goes through. */
	used0 = h_used_idx();
	h_chain(30, hdr, 8, 16);
	h_publish(30);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	assert_int_equal(g.cmds, 1);
	/* The driver publishes the same head while the device owns it:
	 * refused, and nothing is returned for it. */
	h_publish(30);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	assert_int_equal(g.cmds, 1);
	assert_int_equal(hstats().bad_head, 2);
	assert_int_equal(h_used_idx(), used0);
	/* The reply goes into the response buffer the chain had when it was
	 * taken, even if the driver moved the descriptor since. */
	h_desc(31, H_GPA + 64u, 16, 2u, 0);
	answer(&h.dev, &g.pend[0], 0x12345678u);
	assert_int_equal(h_used_idx(), used0 + 1u);
	assert_int_equal(h_used_len(used0), 16);
	assert_int_equal(scmia_get_le32(h.mem + H_BUF + 30u * 64u + 32u), hdr);
	assert_int_equal(scmia_get_le32(h.mem + H_BUF + 30u * 64u + 32u + 12u), 0x12345678u);
}

static void test_reply_cut_and_generations(void **state)
{
	uint32_t hdr = scmia_hdr_pack(3, 0, 0x80, 2);
	uint32_t old;

	(void)state;
	h_chain(0, hdr, 8, 8);
	h_publish(0);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	old = g.pend[0].req;
	/* 8-byte response buffer: the 12-byte reply is cut. */
	answer(&h.dev, &g.pend[0], 1);
	assert_int_equal(h_used_len(0), 8);
	assert_int_equal(hstats().truncated, 1);
	/* Head 0 again: a new generation; the old number is refused. */
	h_chain(0, hdr, 8, 16);
	h_publish(0);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	assert_int_not_equal(g.pend[1].req, old);
	assert_int_equal(scmia_virtio_dev_reply(&h.dev, old, hdr, "\0\0\0\0", 4), SCMIA_ESTATE);
	/* A reset drops it: its reply is refused too. */
	assert_int_equal(scmia_virtio_dev_reset(&h.dev), 0);
	assert_int_equal(scmia_virtio_dev_reply(&h.dev, g.pend[1].req, hdr, "\0\0\0\0", 4),
			 SCMIA_ESTATE);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), SCMIA_ESTATE);
	assert_int_equal(hstats().stale, 2);
}

static void test_index_jump_breaks_queue(void **state)
{
	(void)state;
	h.avail_idx = (uint16_t)(RQ + 1u);
	h.mem[H_AVAIL + 2] = (uint8_t)h.avail_idx;
	h.mem[H_AVAIL + 3] = (uint8_t)(h.avail_idx >> 8);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), SCMIA_EPROTO);
	assert_true(scmia_virtio_dev_broken(&h.dev));
	assert_int_equal(hstats().bad_index, 1);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), SCMIA_EPROTO);
	/* A reset and a new queue: serving again. */
	assert_int_equal(scmia_virtio_dev_reset(&h.dev), 0);
	assert_false(scmia_virtio_dev_broken(&h.dev));
	memset(h.mem, 0, H_BUF);
	h.avail_idx = 0;
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, RQ, H_GPA + H_DESC, H_GPA + H_AVAIL,
						H_GPA + H_USED),
			 0);
	assert_int_equal(scmia_virtio_dev_start(&h.dev, 0), 0);
	h_chain(0, scmia_hdr_pack(3, 0, 0x80, 2), 8, 16);
	h_publish(0);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
}

static void test_budget(void **state)
{
	uint32_t hdr = scmia_hdr_pack(3, 0, 0x80, 2);
	uint16_t i;

	(void)state;
	/* 64 chains of two descriptors fill the 128-entry queue. */
	for (i = 0; i < RQ; i += 2u) {
		h_chain(i, hdr, 8, 16);
		h_publish(i);
	}
	/* Budget 64 by default: the first call takes 64 and says more wait
	 * only when more do. Shrink it to see the call stop. */
	h.dev.budget = 40;
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), SCMIA_EAGAIN);
	assert_int_equal(g.cmds, 40);
	assert_int_equal(hstats().budget_hits, 1);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 24);
	assert_int_equal(g.cmds, 64);
}

static void test_interrupt_suppression(void **state)
{
	uint32_t hdr = scmia_hdr_pack(3, 0, 0x80, 2);

	(void)state;
	/* VRING_AVAIL_F_NO_INTERRUPT: no interrupt, counted. */
	h.mem[H_AVAIL] = 1;
	h_chain(0, hdr, 8, 16);
	h_publish(0);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	answer(&h.dev, &g.pend[0], 0);
	assert_int_equal(h.irqs, 0);
	assert_int_equal(hstats().suppressed, 1);
	h.mem[H_AVAIL] = 0;
	h_chain(2, hdr, 8, 16);
	h_publish(2);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	answer(&h.dev, &g.pend[1], 0);
	assert_int_equal(h.irqs, 1);
}

/* The bytes the device reads and writes, against little-endian encodings
 * written out by hand (virtio 1.x: le16 indexes, le32 used id and len; the
 * SCMI header le32): a host-order access shows on a big-endian host (the
 * big-endian suite) even where every value still round-trips. */
static void test_ring_bytes_le(void **state)
{
	static const uint8_t req_hdr[4] = { 0x03, 0x00, 0x96, 0x0a }; /* 0x0a960003 */
	uint8_t body[0x10f], *u, *rsp = h.mem + 20480u;
	const uint32_t hdr = scmia_hdr_pack(3, 0, 0x80, 0x2a5);
	unsigned k;

	(void)state;
	assert_int_equal(hdr, 0x0a960003u);
	/* 300 commands answered at once: the indexes pass 255. */
	g.deferred = 0;
	for (k = 0; k < 300u; k++) {
		h_chain(0, hdr, 8, 16);
		h_publish(0);
		assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	}
	/* used idx (le16) and avail_event (le16, after the used ring). */
	assert_int_equal(h.mem[H_USED + 2], 0x2c);
	assert_int_equal(h.mem[H_USED + 3], 0x01);
	assert_int_equal(h.mem[H_USED + 4 + 8u * RQ], 0x2c);
	assert_int_equal(h.mem[H_USED + 5 + 8u * RQ], 0x01);
	/* Head 0x7e: the request header in bytes; a 0x113-byte response
	 * buffer at 0x80005000 (descriptor bytes by hand as well). */
	g.deferred = 1;
	memcpy(h.mem + H_BUF, req_hdr, 4);
	memset(h.mem + H_BUF + 4, 0, 4);
	{
		static const uint8_t d0[16] = { 0x00, 0x30, 0x00, 0x80, 0, 0, 0, 0,
						0x08, 0, 0, 0, 0x01, 0x00, 0x7f, 0x00 };
		static const uint8_t d1[16] = { 0x00, 0x50, 0x00, 0x80, 0, 0, 0, 0,
						0x13, 0x01, 0, 0, 0x02, 0x00, 0x00, 0x00 };

		memcpy(h.mem + H_DESC + 16u * 0x7eu, d0, 16);
		memcpy(h.mem + H_DESC + 16u * 0x7fu, d1, 16);
	}
	assert_int_equal(H_GPA + H_BUF, 0x80003000u);
	h_publish(0x7e);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	assert_int_equal(g.n_pend, 1);
	assert_int_equal(g.pend[0].hdr, hdr);
	assert_int_equal(g.pend[0].len, 4);
	memset(body, 0xa5, sizeof(body));
	memset(rsp, 0, 0x113u + 1u);
	assert_int_equal(scmia_virtio_dev_reply(&h.dev, g.pend[0].req, hdr, body, sizeof(body)), 0);
	/* The response: header bytes, then the body; nothing past 0x113. */
	assert_memory_equal(rsp, req_hdr, 4);
	assert_memory_equal(rsp + 4, body, sizeof(body));
	assert_int_equal(rsp[0x113], 0);
	/* Used entry 300 (slot 300 % 128 = 44): id 0x7e, len 0x113 (le32). */
	u = h.mem + H_USED + 4u + 8u * 44u;
	{
		static const uint8_t want[8] = { 0x7e, 0, 0, 0, 0x13, 0x01, 0, 0 };

		assert_memory_equal(u, want, 8);
	}
	assert_int_equal(h.mem[H_USED + 2], 0x2d);
	assert_int_equal(h.mem[H_USED + 3], 0x01);
	assert_int_equal(h.mem[H_USED + 4 + 8u * RQ], 0x2d);
	assert_int_equal(h.mem[H_USED + 5 + 8u * RQ], 0x01);
}

/* An eventq of 8 behind the cmdq's memory. */
#define E_DESC 24576u
#define E_AVAIL 24832u
#define E_USED 25088u
#define E_BUF 26112u

static uint16_t e_avail_idx;

static void e_post(uint16_t i, uint64_t addr, uint32_t len)
{
	uint8_t *d = h.mem + E_DESC + 16u * i, *a = h.mem + E_AVAIL;

	scmia_put_le32(d, (uint32_t)addr);
	scmia_put_le32(d + 4, (uint32_t)(addr >> 32));
	scmia_put_le32(d + 8, len);
	d[12] = 2u; /* WRITE */
	d[13] = d[14] = d[15] = 0;
	a[4 + 2u * (e_avail_idx % 8u)] = (uint8_t)i;
	a[5 + 2u * (e_avail_idx % 8u)] = 0;
	e_avail_idx++;
	a[2] = (uint8_t)e_avail_idx;
	a[3] = (uint8_t)(e_avail_idx >> 8);
}

static uint16_t e_used_idx(void)
{
	return (uint16_t)(h.mem[E_USED + 2] | (h.mem[E_USED + 3] << 8));
}

static uint32_t e_used(uint16_t k, unsigned word)
{
	return scmia_get_le32(h.mem + E_USED + 4u + 8u * (k % 8u) + 4u * word);
}

/* Entries kept by the host's hook and published later (coalesced, in
 * another order, twice); buffers the driver posted; a buffer outside the
 * guest's memory. */
static void test_used_hook_publish_posted(void **state)
{
	const uint32_t notif = scmia_hdr_pack(1, SCMIA_MSG_TYPE_NOTIFICATION, 0x80, 0);
	struct scmia_virtio_dev_used e[2];
	unsigned irqs;

	(void)state;
	e_avail_idx = 0;
	assert_int_equal(scmia_virtio_dev_reset(&h.dev), 0);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, RQ, H_GPA + H_DESC, H_GPA + H_AVAIL,
						H_GPA + H_USED),
			 0);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 1, 8, H_GPA + E_DESC, H_GPA + E_AVAIL,
						H_GPA + E_USED),
			 0);
	assert_int_equal(scmia_virtio_dev_posted(&h.dev, 1), 0); /* not live yet */
	assert_int_equal(scmia_virtio_dev_start(&h.dev, SCMIA_VIRTIO_DEV_F_P2A), 0);
	e_post(0, H_GPA + E_BUF, 32);
	e_post(3, H_GPA + sizeof(h.mem) - 8u, 32); /* outside the window */
	e_post(1, H_GPA + E_BUF + 64u, 32);
	assert_int_equal(scmia_virtio_dev_posted(&h.dev, 1), 3);
	assert_int_equal(scmia_virtio_dev_posted(&h.dev, 0), 0);
	assert_int_equal(scmia_virtio_dev_posted(&h.dev, 2), 0);
	assert_int_equal(scmia_virtio_dev_posted(NULL, 1), 0);

	/* Kept: written into the buffer, not published, no interrupt. */
	hk.keep = 1;
	irqs = h.irqs;
	assert_int_equal(scmia_virtio_dev_p2a(&h.dev, notif, "abcdefgh", 8), 0);
	assert_int_equal(scmia_virtio_dev_posted(&h.dev, 1), 2);
	assert_int_equal(hk.n, 1);
	assert_int_equal(hk.k[0].qi, 1);
	assert_int_equal(hk.k[0].e.id, 0);
	assert_int_equal(hk.k[0].e.len, 12);
	assert_int_equal(e_used_idx(), 0);
	assert_memory_equal(h.mem + E_BUF + 4u, "abcdefgh", 8);
	h_chain(0, scmia_hdr_pack(3, 0, 0x80, 1), 8, 16);
	h_publish(0);
	assert_int_equal(scmia_virtio_dev_notify(&h.dev, 0), 1);
	answer(&h.dev, &g.pend[0], 7);
	assert_int_equal(hk.n, 2);
	assert_int_equal(hk.k[1].qi, 0);
	assert_int_equal(h_used_idx(), 0);
	assert_int_equal(h.irqs, irqs);

	/* Published by the host: the eventq entry twice, in one go. */
	hk.keep = 0;
	e[0] = hk.k[0].e;
	e[1] = hk.k[0].e;
	assert_int_equal(scmia_virtio_dev_publish(&h.dev, 1, e, 2), 0);
	assert_int_equal(e_used_idx(), 2);
	assert_int_equal(e_used(1, 0), 0);
	assert_int_equal(e_used(1, 1), 12);
	assert_int_equal(h.irqs, irqs + 1u);
	assert_int_equal(scmia_virtio_dev_publish(&h.dev, 0, &hk.k[1].e, 1), 0);
	assert_int_equal(h_used_idx(), 1);
	assert_int_equal(h_used_len(0), 16);
	assert_int_equal(h.irqs, irqs + 2u);
	assert_int_equal(scmia_virtio_dev_publish(&h.dev, 0, NULL, 0), 0);
	assert_int_equal(h.irqs, irqs + 2u); /* nothing new: no interrupt */

	/* Not kept: the bad buffer goes back empty, the next one is used. */
	assert_int_equal(scmia_virtio_dev_p2a(&h.dev, notif, "ijkl", 4), 0);
	assert_int_equal(e_used_idx(), 4);
	assert_int_equal(e_used(2, 0), 3);
	assert_int_equal(e_used(2, 1), 0);
	assert_int_equal(e_used(3, 0), 1);
	assert_int_equal(e_used(3, 1), 8);
	assert_int_equal(hstats().ev_bad, 1);
	assert_int_equal(hstats().bad_addr, 1);
	assert_int_equal(scmia_virtio_dev_posted(&h.dev, 1), 0);

	/* An available index beyond the queue size: nothing counts as posted. */
	e_avail_idx = (uint16_t)(e_avail_idx + 9u);
	h.mem[E_AVAIL + 2] = (uint8_t)e_avail_idx;
	h.mem[E_AVAIL + 3] = (uint8_t)(e_avail_idx >> 8);
	assert_int_equal(scmia_virtio_dev_posted(&h.dev, 1), 0);

	/* Bad calls, and nothing to publish into after a reset. */
	assert_int_equal(scmia_virtio_dev_publish(&h.dev, 2, e, 1), SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_publish(&h.dev, 0, NULL, 1), SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_publish(NULL, 0, e, 1), SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_dev_reset(&h.dev), 0);
	assert_int_equal(scmia_virtio_dev_publish(&h.dev, 0, e, 1), SCMIA_ESTATE);
	/* Set up again but not started (no DRIVER_OK): still nothing. */
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, RQ, H_GPA + H_DESC, H_GPA + H_AVAIL,
						H_GPA + H_USED),
			 0);
	assert_int_equal(scmia_virtio_dev_publish(&h.dev, 0, e, 1), SCMIA_ESTATE);
	assert_int_equal(h_used_idx(), 1);
}

/* Messages leave in the order they came: a new one goes behind the
 * backlog even when the driver posted buffers without telling. */
static void test_eventq_order(void **state)
{
	const uint32_t notif = scmia_hdr_pack(1, SCMIA_MSG_TYPE_NOTIFICATION, 0x80, 0);

	(void)state;
	e_avail_idx = 0;
	assert_int_equal(scmia_virtio_dev_reset(&h.dev), 0);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 0, RQ, H_GPA + H_DESC, H_GPA + H_AVAIL,
						H_GPA + H_USED),
			 0);
	assert_int_equal(scmia_virtio_dev_queue(&h.dev, 1, 8, H_GPA + E_DESC, H_GPA + E_AVAIL,
						H_GPA + E_USED),
			 0);
	assert_int_equal(scmia_virtio_dev_start(&h.dev, SCMIA_VIRTIO_DEV_F_P2A), 0);
	/* No buffer: queued. */
	assert_int_equal(scmia_virtio_dev_p2a(&h.dev, notif, "1111", 4), 0);
	assert_int_equal(hstats().ev_queued, 1);
	/* Two buffers posted, no QueueNotify; the next message comes. */
	e_post(0, H_GPA + E_BUF, 32);
	e_post(1, H_GPA + E_BUF + 64u, 32);
	assert_int_equal(scmia_virtio_dev_p2a(&h.dev, notif, "2222", 4), 0);
	assert_int_equal(e_used_idx(), 2);
	assert_memory_equal(h.mem + E_BUF + 4u, "1111", 4);
	assert_memory_equal(h.mem + E_BUF + 64u + 4u, "2222", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_interop_echo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_replies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delayed_responses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eventq_backlog, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_idx_suppression, setup_event_idx,
						teardown),
		cmocka_unit_test_setup(test_setup_checks, h_setup),
		cmocka_unit_test_setup(test_bad_chains, h_setup),
		cmocka_unit_test_setup(test_reply_cut_and_generations, h_setup),
		cmocka_unit_test_setup(test_index_jump_breaks_queue, h_setup),
		cmocka_unit_test_setup(test_budget, h_setup),
		cmocka_unit_test_setup(test_interrupt_suppression, h_setup),
		cmocka_unit_test_setup(test_ring_bytes_le, h_setup),
		cmocka_unit_test_setup(test_used_hook_publish_posted, h_setup),
		cmocka_unit_test_setup(test_eventq_order, h_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

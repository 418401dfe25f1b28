/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness: the guest-facing side of the virtio-scmi device, with the
 * mediator and the simulated platform behind it (mworld.h).
 *
 * The input is a program for a hostile driver H: bytes written anywhere
 * in its guest memory (descriptor table, rings, buffers), chains of any
 * shape published with any head, available indexes that jump, queue
 * set-ups with any size and address, features, resets, notifies, time
 * passing. An honest guest A (a scmia agent on SMT) runs checked commands
 * in between.
 *
 * Invariants (fz_fail(): "FUZZ-INVARIANT [tag]", abort):
 * - [oob] the device never writes outside H's memory window (guard bytes
 *   around it stay intact) - AddressSanitizer watches reads as well;
 * - [misrouted] A's replies are its own;
 * - [quota] H never has more commands on the platform than its quota;
 * - [wedged] at the end the platform channel holds no slot and no token,
 *   H can be removed, A still works.
 */
#include <string.h>

#include "fz.h"
#include "mworld.h"
#include "scmia_virtio_dev.h"

#define GA 0u
#define H_QUOTA 2u
#define MEM 8192u
#define GUARD 256u
#define GPA 0x10000000ull

#define FAIL(tag, ...) fz_fail(tag, __VA_ARGS__)

static const struct scmia_med_res a_clk[] = { { 2, 0 } };
static const struct scmia_med_res a_test[] = { { 7, 0 } };
static const struct scmia_med_proto_policy a_protos[] = {
	{ 0x14, 0, { 1, 0, 0 }, { a_clk, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { a_test, NULL, NULL } },
};
static const struct scmia_med_policy pol_a = { a_protos, 2, 0, 0, 0, NULL, NULL, 0 };

static const struct scmia_med_res h_two[] = { { 2, 0 }, { 1, 0 } };
static const struct scmia_med_res h_test[] = { { 11, 0 } };
static const struct scmia_med_proto_policy h_protos[] = {
	{ 0x14, 0, { 2, 0, 0 }, { h_two, NULL, NULL } },
	{ 0x15, 0, { 2, 0, 0 }, { h_two, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { h_test, NULL, NULL } },
};
static const struct scmia_med_policy pol_h = { h_protos, 3, 0, 3000, 0, NULL, NULL, 0 };

static struct mw world;
static struct {
	_Alignas(16) uint8_t raw[GUARD + MEM + GUARD];
	struct scmia_virtio_dev dev;
	struct scmia_virtio_dev_req reqs[64];
	struct scmia_virtio_dev_msg backlog[2];
	struct scmia_virtio_dev_window win;
	struct scmia_med_guest mg;
	struct scmia_med_req mreqs[H_QUOTA];
	struct scmia_med_sub msubs[2];
	uint16_t avail_idx[2];
	uint16_t num[2];
	int live;
} h;

struct in {
	const uint8_t *p;
	size_t n, i;
};

static uint32_t u8(struct in *in)
{
	return in->i < in->n ? in->p[in->i++] : 0u;
}

static uint32_t u16(struct in *in)
{
	return u8(in) | (u8(in) << 8);
}

static uint32_t u32(struct in *in)
{
	return u16(in) | (u16(in) << 16);
}

static uint8_t *mem(void)
{
	return h.raw + GUARD;
}

static void guards(void)
{
	unsigned i;

	for (i = 0; i < GUARD; i++)
		if (h.raw[i] != 0x5a || h.raw[GUARD + MEM + i] != 0x5a)
			FAIL("oob", "write outside the window at %d",
			     i < GUARD && h.raw[i] != 0x5a ? (int)i - (int)GUARD : (int)(MEM + i));
}

static void on_step(struct mw *w, void *arg)
{
	unsigned inflight = 0;

	(void)w;
	(void)arg;
	(void)scmia_med_guest_stats(&h.mg, &inflight, NULL);
	if (inflight > H_QUOTA)
		FAIL("quota", "H has %u commands out", inflight);
	guards();
}

/* Queue layout H uses when it plays by the rules: cmdq at 0 (16
 * entries), eventq at 2048 (4 entries), buffers from 4096. */
#define CQ_DESC 0u
#define CQ_AVAIL 256u
#define CQ_USED 512u
#define EQ_DESC 2048u
#define EQ_AVAIL 2112u
#define EQ_USED 2176u
#define BUFS 4096u

static void put16(uint32_t off, uint32_t v)
{
	mem()[off % MEM] = (uint8_t)v;
	mem()[(off + 1u) % MEM] = (uint8_t)(v >> 8);
}

static void put32(uint32_t off, uint32_t v)
{
	if (off + 4u <= MEM)
		scmia_put_le32(mem() + off, v);
}

static void desc(uint32_t base, uint16_t i, uint64_t addr, uint32_t len, uint16_t fl, uint16_t nx)
{
	uint32_t o = base + 16u * i;

	put32(o, (uint32_t)addr);
	put32(o + 4u, (uint32_t)(addr >> 32));
	put32(o + 8u, len);
	put16(o + 12u, fl);
	put16(o + 14u, nx);
}

static void publish(unsigned q, uint16_t head)
{
	uint32_t avail = q ? EQ_AVAIL : CQ_AVAIL;
	uint16_t num = h.num[q] ? h.num[q] : 16u;

	put16(avail + 4u + 2u * (h.avail_idx[q] % num), head);
	h.avail_idx[q]++;
	put16(avail + 2u, h.avail_idx[q]);
}

/* A chain by the rules at cmdq head @i: request then response buffer. */
static void good_chain(struct in *in, uint16_t i)
{
	static const uint8_t protos[] = { 0x10, 0x14, 0x15, 0x80, 0x80, 0x13 };
	uint32_t off = BUFS + 128u * (i % 16u), nw = u8(in) % 6u, k;

	put32(off, scmia_hdr_pack((uint8_t)(u8(in) % 16u), 0, protos[u8(in) % sizeof(protos)],
				  u16(in)));
	for (k = 0; k < nw; k++)
		put32(off + 4u + 4u * k, (u8(in) & 1u) ? u8(in) % 3u : u32(in));
	desc(CQ_DESC, i, GPA + off, 4u + 4u * nw, 1u, (uint16_t)(i + 1u));
	desc(CQ_DESC, (uint16_t)(i + 1u), GPA + off + 64u, 64u, 2u, 0);
	publish(0, i);
}

static void setup_queues(struct in *in, int honest)
{
	uint16_t n0 = (uint16_t)(honest ? 16u : 1u << (u8(in) % 8u));
	uint16_t n1 = (uint16_t)(honest ? 4u : 1u << (u8(in) % 4u));

	if (honest) {
		(void)scmia_virtio_dev_queue(&h.dev, 0, n0, GPA + CQ_DESC, GPA + CQ_AVAIL,
					     GPA + CQ_USED);
		(void)scmia_virtio_dev_queue(&h.dev, 1, n1, GPA + EQ_DESC, GPA + EQ_AVAIL,
					     GPA + EQ_USED);
	} else {
		(void)scmia_virtio_dev_queue(&h.dev, 0, n0, GPA + (u16(in) % (2u * MEM)),
					     GPA + (u16(in) % (2u * MEM)),
					     GPA + (u16(in) % (2u * MEM)));
		(void)scmia_virtio_dev_queue(&h.dev, 1, n1, GPA + (u16(in) % (2u * MEM)),
					     GPA + (u16(in) % (2u * MEM)),
					     GPA + (u16(in) % (2u * MEM)));
	}
	h.num[0] = n0;
	h.num[1] = n1;
}

static void a_echo(struct mw *w, uint32_t seq)
{
	uint8_t tx[8], rx[32];
	uint32_t n = 0;
	int ret;

	scmia_put_le32(tx, 0xa5a10000u | (seq & 0xffffu));
	scmia_put_le32(tx + 4, seq * 2654435761u);
	ret = mw_cmd(w, GA, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, tx, 8, rx, sizeof(rx), &n, 0);
	if (ret != 0 || n != 12u || memcmp(rx, tx, 8) != 0)
		FAIL("misrouted", "A's ECHO: ret %d len %u", ret, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw *w = &world;
	struct in in = { data, size, 0 };
	struct scmia_virtio_dev_cfg dc;
	struct scmia_med_guest_cfg gc;
	unsigned ops = 0, seq = 0, nfree = 0, nheld = 0, ninfl = 0, tries;

	if (mw_init(w, NULL) || mw_guest_add(w, GA, 21, "a", &pol_a, 4, 2, 1))
		FAIL("setup", "world");
	memset(&h, 0, sizeof(h));
	memset(h.raw, 0x5a, sizeof(h.raw));
	memset(mem(), 0, MEM);
	h.win.base = mem();
	h.win.size = MEM;
	h.win.gpa = GPA;
	memset(&dc, 0, sizeof(dc));
	dc.win = &h.win;
	dc.n_win = 1;
	dc.cmd = scmia_med_guest_cmd;
	dc.cmd_ctx = &h.mg;
	dc.reqs = h.reqs;
	dc.n_reqs = 64;
	dc.eventq_max = 8;
	dc.backlog = h.backlog;
	dc.backlog_len = 2;
	dc.budget = 8;
	if (scmia_virtio_dev_init(&h.dev, &dc))
		FAIL("setup", "device");
	memset(&gc, 0, sizeof(gc));
	gc.agent_id = 22;
	gc.name = "h";
	gc.policy = &pol_h;
	gc.ops = &scmia_virtio_dev_ops;
	gc.srv = &h.dev;
	gc.reqs = h.mreqs;
	gc.n_reqs = H_QUOTA;
	gc.subs = h.msubs;
	gc.n_subs = 2;
	if (scmia_med_guest_add(&w->med, &h.mg, &gc))
		FAIL("setup", "guest");
	w->on_step = on_step;
	/* Mostly a driver that set its queues up by the rules. */
	setup_queues(&in, (u8(&in) & 3u) != 0);
	(void)scmia_virtio_dev_start(&h.dev, (u8(&in) & 1u) ? 0u : SCMIA_VIRTIO_DEV_F_P2A |
					(u8(&in) & 1u ? SCMIA_VIRTIO_DEV_F_EVENT_IDX : 0u));

	while (in.i < in.n && ops++ < 400u) {
		switch (u8(&in) % 14u) {
		case 0:
			mem()[u16(&in) % MEM] = (uint8_t)u8(&in);
			break;
		case 1:
			put32(u16(&in) % MEM, u32(&in));
			break;
		case 2:
		case 3:
			good_chain(&in, (uint16_t)(2u * (u8(&in) % 8u)));
			break;
		case 4:
			/* any descriptor, any head */
			desc(CQ_DESC, (uint16_t)(u8(&in) % 16u), GPA + u16(&in), u16(&in),
			     (uint16_t)(u8(&in) % 8u), (uint16_t)u8(&in));
			publish(0, (uint16_t)u8(&in));
			break;
		case 5:
			h.avail_idx[u8(&in) & 1u] = (uint16_t)u16(&in);
			put16(CQ_AVAIL + 2u, h.avail_idx[0]);
			break;
		case 6:
			(void)scmia_virtio_dev_notify(&h.dev, u8(&in) & 1u);
			break;
		case 7:
			/* an eventq buffer (posted) */
			desc(EQ_DESC, (uint16_t)(u8(&in) % 4u), GPA + BUFS + 2048u + 64u * (u8(&in) % 8u),
			     (u8(&in) & 1u) ? 64u : u8(&in), (u8(&in) & 1u) ? 2u : (uint16_t)(u8(&in) % 8u),
			     0);
			publish(1, (uint16_t)(u8(&in) % 5u));
			(void)scmia_virtio_dev_notify(&h.dev, 1);
			break;
		case 8: {
			unsigned k, m = 1u + u8(&in) % 16u;

			for (k = 0; k < m; k++)
				mw_step(w);
			break;
		}
		case 9:
			a_echo(w, ++seq);
			break;
		case 10:
			/* the driver resets the device and sets it up again */
			(void)scmia_virtio_dev_reset(&h.dev);
			(void)scmia_med_guest_reset(&h.mg);
			memset(h.avail_idx, 0, sizeof(h.avail_idx));
			setup_queues(&in, (u8(&in) & 3u) != 0);
			(void)scmia_virtio_dev_start(&h.dev, (u8(&in) & 1u) ? SCMIA_VIRTIO_DEV_F_P2A
									     : 0u);
			break;
		case 11:
			mw_run(w, 1000u * (1u + u8(&in) % 6u));
			break;
		case 12: {
			/* A changes the clock H shares (an event for H if it
			 * subscribed). */
			uint8_t rx[16];
			uint32_t n = 0;

			(void)mw_cmdw(w, GA, 0x14, 0x5,
				      (const uint32_t[]){ 0, 0, (u8(&in) & 1u) ? 400000000u : 800000000u,
							  0 },
				      4, rx, sizeof(rx), &n);
			break;
		}
		default:
			(void)scmia_virtio_dev_queue(&h.dev, u8(&in) % 3u, (uint16_t)u16(&in),
						     u32(&in), u32(&in), u32(&in));
			break;
		}
		guards();
	}
	w->on_step = NULL;
	mw_run(w, 60000);
	/* H's device goes away: reset, then its guest is removed. */
	(void)scmia_virtio_dev_reset(&h.dev);
	for (tries = 0; tries < 20000u && scmia_med_guest_remove(&h.mg) == SCMIA_EBUSY; tries++)
		mw_step(w);
	if (h.mg.up)
		FAIL("wedged", "H could not be removed");
	(void)scmia_chan_stats(&w->pa2p, &nfree, &nheld, &ninfl);
	if (nheld || ninfl)
		FAIL("wedged", "platform channel: %u held, %u tokens out", nheld, ninfl);
	guards();
	a_echo(w, ++seq);
	if (mw_fini(w))
		FAIL("wedged", "a guest could not be removed");
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueue driver (transports/virtio/vring.c) against a device view
 * written here by hand from the virtio 1.x layout (§2.7):
 *
 *   descriptor: le64 addr, le32 len, le16 flags (1 NEXT, 2 WRITE), le16 next
 *   available:  le16 flags, le16 idx, le16 ring[num], le16 used_event
 *   used:       le16 flags, le16 idx, {le32 id, le32 len}[num], le16 avail_event
 *
 * The test reads and writes the ring bytes directly at the offsets it
 * computes itself, so a layout mistake in the driver fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_vring.h"

#define NUM 16u
#define BUS 0x40000000ull

/* Offsets computed by hand for NUM = 16: descriptors 16 x 16 = 256 bytes;
 * available ring at 256, 6 + 2 x 16 = 38 bytes (to 294); used ring at
 * 294 rounded up to 4 = 296, 6 + 8 x 16 = 134 bytes: 430 in all. */
#define AV 256u
#define US 296u
#define TOTAL 430u

struct fx {
	_Alignas(16) uint8_t mem[512];
	uint8_t bufs[4096];
	struct scmia_vring_slot slots[NUM];
	struct scmia_vring vr;
	unsigned notifies;
	uint16_t notified_q;
};

static struct fx f;

static uint64_t fx_dma(void *ctx, const void *va)
{
	struct fx *x = (struct fx *)ctx;
	const uint8_t *p = (const uint8_t *)va;

	if (p >= x->mem && p < x->mem + sizeof(x->mem))
		return BUS + (uint64_t)(p - x->mem);
	return BUS + 0x10000u + (uint64_t)(p - x->bufs);
}

static void fx_notify(void *ctx, uint16_t q)
{
	struct fx *x = (struct fx *)ctx;

	x->notifies++;
	x->notified_q = q;
}

static uint16_t rd16(unsigned off)
{
	return (uint16_t)(f.mem[off] | (f.mem[off + 1] << 8));
}

static void wr16(unsigned off, uint16_t v)
{
	f.mem[off] = (uint8_t)v;
	f.mem[off + 1] = (uint8_t)(v >> 8);
}

static void wr32(unsigned off, uint32_t v)
{
	scmia_put_le32(&f.mem[off], v);
}

/* The device returns chain @id with @len bytes written. */
static void dev_used(uint32_t id, uint32_t len)
{
	uint16_t idx = rd16(US + 2);

	wr32(US + 4 + (idx % NUM) * 8u, id);
	wr32(US + 8 + (idx % NUM) * 8u, len);
	wr16(US + 2, (uint16_t)(idx + 1u));
}

static void setup_ring(uint8_t event_idx)
{
	struct scmia_vring_cfg c = { 0 };

	memset(&f, 0xee, sizeof(f));
	f.notifies = 0;
	c.num = NUM;
	c.queue = 3;
	c.mem = f.mem;
	c.mem_size = sizeof(f.mem);
	c.slots = f.slots;
	c.dma_addr = fx_dma;
	c.dma_ctx = &f;
	c.notify = fx_notify;
	c.notify_ctx = &f;
	c.event_idx = event_idx;
	assert_int_equal(scmia_vring_init(&f.vr, &c), SCMIA_OK);
}

static int add2(void *cookie, uint32_t out_len, uint32_t in_len, unsigned k)
{
	struct scmia_vring_buf b[2] = { { f.bufs + k * 64u, out_len },
					{ f.bufs + 2048 + k * 64u, in_len } };

	return scmia_vring_add(&f.vr, b, 1, 1, cookie);
}

static void test_layout(void **state)
{
	struct scmia_vring_cfg c = { 0 };
	uint64_t d, a, u;

	(void)state;
	/* Hand-computed sizes: num 2 -> 32 + (6+4 -> 44) + 22 = 66;
	 * num 16 -> 430; num 256 -> 4096 + 518 -> 4616 + 2054 = 6670. */
	assert_int_equal(SCMIA_VRING_MEM_SIZE(2), 66);
	assert_int_equal(SCMIA_VRING_USED_OFF(2), 44);
	assert_int_equal(SCMIA_VRING_MEM_SIZE(16), TOTAL);
	assert_int_equal(SCMIA_VRING_USED_OFF(16), US);
	assert_int_equal(SCMIA_VRING_AVAIL_OFF(16), AV);
	assert_int_equal(SCMIA_VRING_MEM_SIZE(256), 6670);
	assert_int_equal(SCMIA_VRING_MEM_SIZE(32768), 32768u * 16u + 6u + 65536u + 2u + 6u + 262144u);

	setup_ring(0);
	scmia_vring_addrs(&f.vr, &d, &a, &u);
	assert_int_equal(d, BUS);
	assert_int_equal(a, BUS + AV);
	assert_int_equal(u, BUS + US);
	assert_int_equal(scmia_vring_num(&f.vr), NUM);
	assert_int_equal(scmia_vring_num_free(&f.vr), NUM);
	/* The ring memory is zeroed, nothing past it touched. */
	for (unsigned i = 0; i < TOTAL; i++)
		assert_int_equal(f.mem[i], 0);
	assert_int_equal(f.mem[TOTAL], 0xee);

	c.num = NUM;
	c.mem = f.mem;
	c.mem_size = sizeof(f.mem);
	c.slots = f.slots;
	c.notify = fx_notify;
	c.num = 12; /* not a power of two */
	assert_int_equal(scmia_vring_init(&f.vr, &c), SCMIA_EINVAL);
	c.num = 1;
	assert_int_equal(scmia_vring_init(&f.vr, &c), SCMIA_EINVAL);
	c.num = NUM;
	c.mem = f.mem + 8; /* descriptor table must be 16-byte aligned */
	assert_int_equal(scmia_vring_init(&f.vr, &c), SCMIA_EINVAL);
	c.mem = f.mem;
	c.mem_size = TOTAL - 1u;
	assert_int_equal(scmia_vring_init(&f.vr, &c), SCMIA_ENOSPC);
	c.mem_size = TOTAL;
	c.notify = NULL;
	assert_int_equal(scmia_vring_init(&f.vr, &c), SCMIA_EINVAL);
	c.notify = fx_notify;
	c.slots = NULL;
	assert_int_equal(scmia_vring_init(&f.vr, &c), SCMIA_EINVAL);
}

static void test_add_writes_descriptors(void **state)
{
	static int ck1, ck2;
	struct scmia_vring_buf one = { f.bufs + 100, 20 };
	const uint8_t *d;

	(void)state;
	setup_ring(0);
	assert_int_equal(add2(&ck1, 12, 136, 0), SCMIA_OK);
	/* desc 0: the readable request, chained to desc 1. */
	d = f.mem;
	assert_int_equal(scmia_get_le64(d), BUS + 0x10000u);
	assert_int_equal(scmia_get_le32(d + 8), 12);
	assert_int_equal(rd16(12), 1); /* NEXT */
	assert_int_equal(rd16(14), 1);
	/* desc 1: the writable response, end of chain. */
	d = f.mem + 16;
	assert_int_equal(scmia_get_le64(d), BUS + 0x10000u + 2048u);
	assert_int_equal(scmia_get_le32(d + 8), 136);
	assert_int_equal(rd16(16 + 12), 2); /* WRITE */
	/* available: flags 0, idx 1, ring[0] = head 0. */
	assert_int_equal(rd16(AV), 0);
	assert_int_equal(rd16(AV + 2), 1);
	assert_int_equal(rd16(AV + 4), 0);

	f.bufs[100] = 0;
	assert_int_equal(scmia_vring_add(&f.vr, &one, 0, 1, &ck2), SCMIA_OK);
	assert_int_equal(scmia_get_le64(f.mem + 32), BUS + 0x10000u + 100u);
	assert_int_equal(rd16(32 + 12), 2); /* WRITE, no NEXT */
	assert_int_equal(rd16(AV + 2), 2);
	assert_int_equal(rd16(AV + 6), 2);
	assert_int_equal(scmia_vring_num_free(&f.vr), NUM - 3u);
	/* Nothing written into the used ring by the driver. */
	assert_int_equal(rd16(US + 2), 0);

	/* Bad requests change nothing. */
	assert_int_equal(scmia_vring_add(&f.vr, &one, 0, 1, NULL), SCMIA_EINVAL);
	one.len = 0;
	assert_int_equal(scmia_vring_add(&f.vr, &one, 0, 1, &ck2), SCMIA_EINVAL);
	assert_int_equal(scmia_vring_add(&f.vr, &one, 0, 0, &ck2), SCMIA_EINVAL);
	assert_int_equal(rd16(AV + 2), 2);
	assert_int_equal(scmia_vring_num_free(&f.vr), NUM - 3u);
}

static void test_get_used(void **state)
{
	static int ck[3];
	void *cookie;
	uint32_t len;

	(void)state;
	setup_ring(0);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 0);
	assert_int_equal(add2(&ck[0], 8, 64, 0), SCMIA_OK); /* heads 0 */
	assert_int_equal(add2(&ck[1], 8, 64, 1), SCMIA_OK); /* 2 */
	assert_int_equal(add2(&ck[2], 8, 64, 2), SCMIA_OK); /* 4 */
	assert_false(scmia_vring_has_used(&f.vr));
	/* Out of order: the device returns head 4 first, then 0. */
	dev_used(4, 20);
	dev_used(0, 9);
	assert_true(scmia_vring_has_used(&f.vr));
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 1);
	assert_ptr_equal(cookie, &ck[2]);
	assert_int_equal(len, 20);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 1);
	assert_ptr_equal(cookie, &ck[0]);
	assert_int_equal(len, 9);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 0);
	assert_int_equal(scmia_vring_num_free(&f.vr), NUM - 2u);
	/* Freed descriptors are reused: the next chain takes head 0's pair
	 * or head 4's, never head 2's (still with the device). */
	assert_int_equal(add2(&ck[0], 8, 64, 0), SCMIA_OK);
	assert_true(rd16(AV + 4 + 3 * 2) == 4 || rd16(AV + 4 + 3 * 2) == 0);
}

static void test_bad_used_entries(void **state)
{
	static int ck0, ck1;
	void *cookie;
	uint32_t len;

	(void)state;
	setup_ring(0);
	assert_int_equal(add2(&ck0, 8, 64, 0), SCMIA_OK); /* head 0, desc 1 */
	assert_int_equal(add2(&ck1, 8, 64, 1), SCMIA_OK); /* head 2, desc 3 */
	dev_used(NUM, 8);        /* out of range */
	dev_used(0xffffffffu, 8);
	dev_used(1, 8);          /* the second descriptor of a chain */
	dev_used(6, 8);          /* in range, free */
	dev_used(2, 8);          /* valid */
	dev_used(2, 8);          /* again: no longer in flight */
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), SCMIA_EMALFORMED);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 1);
	assert_ptr_equal(cookie, &ck1);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), SCMIA_EMALFORMED);
	assert_null(cookie);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 0);
	assert_false(scmia_vring_broken(&f.vr));
	/* Head 0 is still owned by the device: 2 descriptors out. */
	assert_int_equal(scmia_vring_num_free(&f.vr), NUM - 2u);
	dev_used(0, 1);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 1);
	assert_ptr_equal(cookie, &ck0);
}

static void test_used_index_jump(void **state)
{
	static int ck;
	void *cookie;
	uint32_t len;

	(void)state;
	setup_ring(0);
	assert_int_equal(add2(&ck, 8, 64, 0), SCMIA_OK);
	/* More than a ring's worth of entries at once: corrupt. */
	wr16(US + 2, NUM + 1u);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), SCMIA_EPROTO);
	assert_true(scmia_vring_broken(&f.vr));
	assert_false(scmia_vring_has_used(&f.vr));
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), SCMIA_EPROTO);
	assert_int_equal(add2(&ck, 8, 64, 1), SCMIA_EPROTO);
	assert_int_equal(scmia_vring_kick(&f.vr), 0);
	/* Backwards counts as a jump too. */
	scmia_vring_reset(&f.vr);
	assert_false(scmia_vring_broken(&f.vr));
	assert_int_equal(add2(&ck, 8, 64, 0), SCMIA_OK);
	dev_used(0, 8);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 1);
	wr16(US + 2, 0xffff);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), SCMIA_EPROTO);
	/* Exactly num pending entries is still in bounds. */
	scmia_vring_reset(&f.vr);
	wr16(US + 2, NUM);
	for (unsigned i = 0; i < NUM; i++)
		assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), SCMIA_EMALFORMED);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 0);
	assert_false(scmia_vring_broken(&f.vr));
}

static void test_shadow_links(void **state)
{
	static int ck[NUM];
	void *cookie;
	uint32_t len;

	(void)state;
	setup_ring(0);
	assert_int_equal(add2(&ck[0], 8, 64, 0), SCMIA_OK);
	/* The device scribbles over the shared descriptor table. */
	wr16(14, 9);
	wr16(16 + 14, 0xffff);
	wr16(12, 0xffff);
	dev_used(0, 8);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 1);
	/* The free list did not follow the scribbles: the whole ring can be
	 * filled with valid chains, each head linked to its own pair. */
	for (unsigned k = 0; k < NUM / 2u; k++)
		assert_int_equal(add2(&ck[k], 8, 64, k), SCMIA_OK);
	assert_int_equal(scmia_vring_num_free(&f.vr), 0);
	for (unsigned k = 0; k < NUM / 2u; k++) {
		uint16_t head = rd16(AV + 4 + (1u + k) % NUM * 2u);
		uint16_t next = rd16(head * 16u + 14);

		assert_true(head < NUM);
		assert_true(next < NUM);
		assert_int_equal(rd16(head * 16u + 12), 1);
		assert_int_equal(rd16(next * 16u + 12), 2);
	}
}

static void test_full_ring(void **state)
{
	static int ck;
	struct scmia_vring_buf b[3] = { { f.bufs, 4 }, { f.bufs + 8, 4 }, { f.bufs + 16, 4 } };
	uint16_t idx;

	(void)state;
	setup_ring(0);
	for (unsigned k = 0; k < 5; k++)
		assert_int_equal(scmia_vring_add(&f.vr, b, 1, 2, &ck), SCMIA_OK);
	assert_int_equal(scmia_vring_num_free(&f.vr), 1);
	idx = rd16(AV + 2);
	assert_int_equal(scmia_vring_add(&f.vr, b, 1, 1, &ck), SCMIA_ENOSPC);
	assert_int_equal(rd16(AV + 2), idx);
	assert_int_equal(scmia_vring_add(&f.vr, b, 0, 1, &ck), SCMIA_OK);
	assert_int_equal(scmia_vring_add(&f.vr, b, 0, 1, &ck), SCMIA_ENOSPC);
}

static void test_index_wrap(void **state)
{
	static int ck;
	void *cookie;
	uint32_t len;

	(void)state;
	setup_ring(0);
	/* 70 000 round trips: both 16-bit indexes wrap past 65535. */
	for (uint32_t i = 0; i < 70000u; i++) {
		assert_int_equal(add2(&ck, 8, 64, i % 8u), SCMIA_OK);
		assert_int_equal(rd16(AV + 2), (uint16_t)(i + 1u));
		dev_used(rd16(AV + 4 + (i % NUM) * 2u), i % 64u);
		assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 1);
		assert_int_equal(len, i % 64u);
	}
	assert_int_equal(scmia_vring_num_free(&f.vr), NUM);
	assert_int_equal(rd16(US + 2), (uint16_t)70000u);
}

static void test_kick_suppression(void **state)
{
	static int ck;

	(void)state;
	setup_ring(0);
	assert_int_equal(scmia_vring_kick(&f.vr), 0); /* nothing new */
	assert_int_equal(add2(&ck, 8, 64, 0), SCMIA_OK);
	assert_int_equal(scmia_vring_kick(&f.vr), 1);
	assert_int_equal(f.notifies, 1);
	assert_int_equal(f.notified_q, 3);
	assert_int_equal(scmia_vring_kick(&f.vr), 0);
	/* The device says "no notifications" in the used flags. */
	wr16(US, 1);
	assert_int_equal(add2(&ck, 8, 64, 1), SCMIA_OK);
	assert_int_equal(scmia_vring_kick(&f.vr), 0);
	wr16(US, 0);
	assert_int_equal(add2(&ck, 8, 64, 2), SCMIA_OK);
	assert_int_equal(scmia_vring_kick(&f.vr), 1);
	assert_int_equal(f.notifies, 2);
}

static void test_event_idx(void **state)
{
	static int ck;
	void *cookie;
	uint32_t len;
	const unsigned avail_event = US + 4 + NUM * 8u;
	const unsigned used_event = AV + 4 + NUM * 2u;

	(void)state;
	setup_ring(1);
	/* avail_event 0: notify when the index moves past 0. */
	assert_int_equal(add2(&ck, 8, 64, 0), SCMIA_OK);
	assert_int_equal(scmia_vring_kick(&f.vr), 1);
	/* avail_event 1, two more added (1 -> 3): 1 is crossed. */
	wr16(avail_event, 1);
	assert_int_equal(add2(&ck, 8, 64, 1), SCMIA_OK);
	assert_int_equal(add2(&ck, 8, 64, 2), SCMIA_OK);
	assert_int_equal(scmia_vring_kick(&f.vr), 1);
	/* avail_event 10: not crossed by 3 -> 4. */
	wr16(avail_event, 10);
	assert_int_equal(add2(&ck, 8, 64, 3), SCMIA_OK);
	assert_int_equal(scmia_vring_kick(&f.vr), 0);
	assert_int_equal(f.notifies, 2);
	/* Reading the ring empty asks for an interrupt at the next entry. */
	dev_used(rd16(AV + 4), 8);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 1);
	assert_int_equal(scmia_vring_get_used(&f.vr, &cookie, &len), 0);
	assert_int_equal(rd16(used_event), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_add_writes_descriptors),
		cmocka_unit_test(test_get_used),
		cmocka_unit_test(test_bad_used_entries),
		cmocka_unit_test(test_used_index_jump),
		cmocka_unit_test(test_shadow_links),
		cmocka_unit_test(test_full_ring),
		cmocka_unit_test(test_index_wrap),
		cmocka_unit_test(test_kick_suppression),
		cmocka_unit_test(test_event_idx),
	};

	return cmocka_run_group_tests_name("vring", tests, NULL, NULL);
}

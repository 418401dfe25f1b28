/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test accessors for SMT areas (test code, header-only):
 * - a recording accessor: logs every access (read, write, clean,
 *   invalidate, and doorbell markers the tests add) and flags any access
 *   that is not an aligned 32-bit word inside the area; its copy ops are
 *   NULL so that every payload copy goes word by word;
 * - a non-coherent memory model: the agent works on a "cache" copy of the
 *   area; only cache_clean moves lines to the platform's memory and only
 *   cache_invalidate brings them back, so a missing maintenance call shows
 *   up as stale data.
 * Every shared word is accessed with __atomic builtins (acquire loads,
 * release stores: the platform half of the handshake in sim_smt.c does the
 * same), and the recording's own bookkeeping with atomic adds, so that the
 * accessors stay ThreadSanitizer-clean when an agent thread and the
 * platform's thread (or two agent threads) use them at once. The SMT
 * transport reaches the area only through struct scmia_smt_access, so
 * these are all it does to it. Read a recording (log, counters) once the
 * threads that add to it are done.
 */
#ifndef SMT_TEST_ACC_H
#define SMT_TEST_ACC_H

#include <stdint.h>
#include <string.h>

#include "scmia_smt.h"

#define REC_MAX 4096u

/* The area's words are little-endian (DEN0056), and the accessors below
 * keep the accessor contract (scmia_smt_access: host-order values,
 * little-endian words in memory): a word as it lies in memory, loaded as a
 * host integer, to its value, and back (the same swap both ways; none on a
 * little-endian host). Tests that look at an area word by word use
 * smt_word_get() / smt_word_set(). */
static inline uint32_t smt_le(uint32_t v)
{
	uint8_t b[4];

	memcpy(b, &v, sizeof(b));
	return scmia_get_le32(b);
}

static inline uint32_t smt_word_get(const uint32_t *area, uint32_t index)
{
	return scmia_get_le32((const uint8_t *)&area[index]);
}

static inline void smt_word_set(uint32_t *area, uint32_t index, uint32_t v)
{
	scmia_put_le32((uint8_t *)&area[index], v);
}

/* Recorded operations. */
enum { REC_R = 1, REC_W, REC_CLEAN, REC_INVAL, REC_RING, REC_MARK };

struct rec_entry {
	uint8_t op;
	uint32_t off;
	uint32_t len;
	uint32_t val;
};

struct rec_acc {
	uintptr_t base;   /* area the accesses must fall in */
	uint32_t size;
	uintptr_t base2;  /* optional second area (separate rx area) */
	uint32_t size2;
	unsigned n;
	unsigned bad;     /* unaligned, out-of-area or misaligned-length accesses */
	unsigned reads, writes;
	struct rec_entry log[REC_MAX];
	/* optional hook run on every read (tests that act mid-fetch) */
	void (*on_read)(void *ctx, uint32_t off);
	void *on_read_ctx;
};

static inline int rec_off(struct rec_acc *r, const volatile void *addr, uint32_t len,
			  uint32_t *off)
{
	uintptr_t a = (uintptr_t)addr;

	if (a >= r->base && a + len <= r->base + r->size) {
		*off = (uint32_t)(a - r->base);
		return 1;
	}
	if (r->size2 && a >= r->base2 && a + len <= r->base2 + r->size2) {
		*off = 0x10000u + (uint32_t)(a - r->base2);
		return 1;
	}
	return 0;
}

static inline void rec_count(unsigned *c)
{
	__atomic_fetch_add(c, 1u, __ATOMIC_RELAXED);
}

/* Take the next entry (each thread writes only the one it took). */
static inline void rec_add(struct rec_acc *r, uint8_t op, uint32_t off, uint32_t len, uint32_t v)
{
	unsigned i = __atomic_load_n(&r->n, __ATOMIC_RELAXED);

	do {
		if (i >= REC_MAX)
			return;
	} while (!__atomic_compare_exchange_n(&r->n, &i, i + 1u, 0, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	r->log[i].op = op;
	r->log[i].off = off;
	r->log[i].len = len;
	r->log[i].val = v;
}

static inline uint32_t rec_read32(void *ctx, const volatile void *addr)
{
	struct rec_acc *r = (struct rec_acc *)ctx;
	uint32_t off = 0, v;

	if (((uintptr_t)addr & 3u) || !rec_off(r, addr, 4, &off))
		rec_count(&r->bad);
	v = smt_le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
	rec_count(&r->reads);
	rec_add(r, REC_R, off, 4, v);
	if (r->on_read)
		r->on_read(r->on_read_ctx, off);
	return v;
}

static inline void rec_write32(void *ctx, volatile void *addr, uint32_t val)
{
	struct rec_acc *r = (struct rec_acc *)ctx;
	uint32_t off = 0;

	if (((uintptr_t)addr & 3u) || !rec_off(r, addr, 4, &off))
		rec_count(&r->bad);
	__atomic_store_n((uint32_t *)(uintptr_t)addr, smt_le(val), __ATOMIC_RELEASE);
	rec_count(&r->writes);
	rec_add(r, REC_W, off, 4, val);
}

static inline void rec_clean(void *ctx, const volatile void *addr, size_t len)
{
	struct rec_acc *r = (struct rec_acc *)ctx;
	uint32_t off = 0;

	if (!rec_off(r, addr, (uint32_t)len, &off))
		rec_count(&r->bad);
	rec_add(r, REC_CLEAN, off, (uint32_t)len, 0);
}

static inline void rec_inval(void *ctx, const volatile void *addr, size_t len)
{
	struct rec_acc *r = (struct rec_acc *)ctx;
	uint32_t off = 0;

	if (!rec_off(r, addr, (uint32_t)len, &off))
		rec_count(&r->bad);
	rec_add(r, REC_INVAL, off, (uint32_t)len, 0);
}

/* 32-bit only, no cache hooks. */
static const struct scmia_smt_access rec_word32_acc = {
	.read32 = rec_read32,
	.write32 = rec_write32,
};

/* 32-bit only, with (recorded, no-op) cache hooks. */
static const struct scmia_smt_access rec_cache_acc = {
	.read32 = rec_read32,
	.write32 = rec_write32,
	.cache_clean = rec_clean,
	.cache_invalidate = rec_inval,
};

static inline void rec_init(struct rec_acc *r, const void *base, uint32_t size)
{
	memset(r, 0, sizeof(*r));
	r->base = (uintptr_t)base;
	r->size = size;
}

/* Index of the first entry at or after @from with @op at @off, or -1. */
static inline int rec_find(const struct rec_acc *r, unsigned from, uint8_t op, uint32_t off)
{
	unsigned i;

	for (i = from; i < r->n; i++)
		if (r->log[i].op == op && r->log[i].off == off)
			return (int)i;
	return -1;
}

/* Index of the last entry with @op at @off, or -1. */
static inline int rec_find_last(const struct rec_acc *r, uint8_t op, uint32_t off)
{
	int i;

	for (i = (int)r->n - 1; i >= 0; i--)
		if (r->log[i].op == op && r->log[i].off == off)
			return i;
	return -1;
}

/* ---- 32-bit only, atomic words (threaded tests: ThreadSanitizer sees the
 * platform handshake; the library's volatile accessor is right for real
 * shared memory but invisible to it) ---- */

static inline uint32_t atomic_read32(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return smt_le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
}

static inline void atomic_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	__atomic_store_n((uint32_t *)(uintptr_t)addr, smt_le(v), __ATOMIC_RELEASE);
}

static const struct scmia_smt_access atomic_word32_acc = {
	.read32 = atomic_read32,
	.write32 = atomic_write32,
};

/* ---- non-coherent memory model ---- */

#define NC_LINE 32u

struct nc_mem {
	uint32_t *cache;  /* what the agent's loads and stores hit */
	uint32_t *mem;    /* what the platform sees */
	uint32_t size;
	unsigned cleans, invals;
};

static inline void nc_range(const struct nc_mem *m, const volatile void *addr, size_t len,
			    uint32_t *lo, uint32_t *hi)
{
	uint32_t off = (uint32_t)((uintptr_t)addr - (uintptr_t)m->cache);

	*lo = off & ~(NC_LINE - 1u);
	*hi = (uint32_t)((off + len + NC_LINE - 1u) & ~(size_t)(NC_LINE - 1u));
	if (*hi > m->size)
		*hi = m->size;
}

/* The agent's view (the "cache") is shared by the agent's threads too:
 * atomic words there as well. */
static inline uint32_t nc_read32(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return smt_le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
}

static inline void nc_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	__atomic_store_n((uint32_t *)(uintptr_t)addr, smt_le(v), __ATOMIC_RELEASE);
}

static inline void nc_clean(void *ctx, const volatile void *addr, size_t len)
{
	struct nc_mem *m = (struct nc_mem *)ctx;
	uint32_t lo, hi, o;

	nc_range(m, addr, len, &lo, &hi);
	for (o = lo; o < hi; o += 4)
		__atomic_store_n(&m->mem[o / 4], __atomic_load_n(&m->cache[o / 4], __ATOMIC_ACQUIRE),
				 __ATOMIC_RELEASE);
	rec_count(&m->cleans);
}

static inline void nc_inval(void *ctx, const volatile void *addr, size_t len)
{
	struct nc_mem *m = (struct nc_mem *)ctx;
	uint32_t lo, hi, o;

	nc_range(m, addr, len, &lo, &hi);
	for (o = lo; o < hi; o += 4)
		__atomic_store_n(&m->cache[o / 4], __atomic_load_n(&m->mem[o / 4], __ATOMIC_ACQUIRE),
				 __ATOMIC_RELEASE);
	rec_count(&m->invals);
}

static const struct scmia_smt_access nc_acc = {
	.read32 = nc_read32,
	.write32 = nc_write32,
	.cache_clean = nc_clean,
	.cache_invalidate = nc_inval,
};

#endif /* SMT_TEST_ACC_H */

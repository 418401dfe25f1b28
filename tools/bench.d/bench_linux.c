/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A model of the Linux SCMI agent's transfer bookkeeping, the anchor that
 * tools/bench compares the core with: the same lifecycle, measured the same
 * way in the same process. Written from the algorithm as the Linux driver
 * (drivers/firmware/arm_scmi/driver.c) describes it, not from its code:
 *
 *   get:   lock; take the first xfer of the free list; transfer_id =
 *          ++last_id (atomic); refcount = 1; next token = transfer_id mod
 *          1024; find the next clear bit of the 1024-bit token map from
 *          there (wrapping to 0); set it; add the xfer to a 512-bucket hash
 *          of pending xfers under that token; unlock; set up the header
 *          and lengths (xfer_get_init)
 *   do:    poll flag; state SENT_OK; re-arm the completion; send (the
 *          transport calls the receive path, as the interrupt would);
 *          wait for the completion (its own spinlock, done already)
 *   rx:    message type; lock; look the token up in the hash; take a
 *          reference if not zero (compare-and-swap loop); update the state
 *          by the SENT_OK -> RESP_OK -> DRESP_OK rules; unlock; claim the
 *          xfer (busy 0 -> 1 compare-and-swap); fetch; release the claim;
 *          complete (its spinlock); drop the reference
 *   put:   drop the reference (atomic decrement); when it reaches 0: lock,
 *          clear the token bit, remove the xfer from the hash, put it back
 *          on the free list, unlock
 *
 * The lock is a spinlock (compare-and-swap, release store) or none; the
 * reference count and the transfer id are atomics as in Linux. Nothing of
 * this model is part of the library.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "bench_linux.h"

#define LX_TOKENS 1024u
#define LX_WORDS (LX_TOKENS / 64u)
#define LX_HASH_BITS 9u

enum { LX_SENT_OK = 0, LX_RESP_OK = 1 };

struct lx_completion {
	atomic_int lock;
	int done;
};

struct lx_xfer {
	uint32_t hdr;
	uint16_t seq;
	uint8_t type;
	uint8_t poll;
	int32_t status;
	uint32_t tx_len, rx_len;
	uint32_t transfer_id;
	atomic_int refcount;
	atomic_int busy;
	int state;
	int pending;
	struct lx_completion done;
	struct lx_xfer *next_free;
	struct lx_xfer *hnext; /* hash chain */
	struct lx_xfer **hpprev;
};

struct lx {
	atomic_int lock;
	int use_lock;
	atomic_uint last_id;
	uint64_t alloc_table[LX_WORDS];
	struct lx_xfer *free_list;
	struct lx_xfer *hash[1u << LX_HASH_BITS];
	struct lx_xfer xfers[LX_TOKENS];
	unsigned inflight;
	void (*send)(struct lx *lx, struct lx_xfer *x);
};

static struct lx g_lx;

static void spin_lock(atomic_int *l);
static void spin_unlock(atomic_int *l);

__attribute__((noinline)) static void lx_lock(struct lx *lx)
{
	if (lx->use_lock)
		spin_lock(&lx->lock);
}

__attribute__((noinline)) static void lx_unlock(struct lx *lx)
{
	if (lx->use_lock)
		spin_unlock(&lx->lock);
}

static void spin_lock(atomic_int *l)
{
	int zero = 0;

	while (!atomic_compare_exchange_weak_explicit(l, &zero, 1, memory_order_acquire,
						      memory_order_relaxed))
		zero = 0;
}

static void spin_unlock(atomic_int *l)
{
	atomic_store_explicit(l, 0, memory_order_release);
}

static void lx_complete(struct lx_completion *c)
{
	spin_lock(&c->lock);
	c->done = 1;
	spin_unlock(&c->lock);
}

/* wait_for_completion_timeout, when it is already done */
static int lx_wait(struct lx_completion *c)
{
	int d;

	spin_lock(&c->lock);
	d = c->done;
	if (d)
		c->done = 0;
	spin_unlock(&c->lock);
	return d;
}

/* refcount_inc_not_zero */
static int lx_ref_get(struct lx_xfer *x)
{
	int v = atomic_load_explicit(&x->refcount, memory_order_relaxed);

	do {
		if (!v)
			return 0;
	} while (!atomic_compare_exchange_weak_explicit(&x->refcount, &v, v + 1,
							memory_order_relaxed, memory_order_relaxed));
	return 1;
}

static unsigned lx_hash(uint32_t seq)
{
	/* the kernel's hash_32: multiply by the golden ratio, keep the top */
	return (seq * 0x61C88647u) >> (32u - LX_HASH_BITS);
}

/* find_next_zero_bit from @start; LX_TOKENS when none */
static unsigned lx_next_zero(const uint64_t *map, unsigned start)
{
	unsigned w = start / 64u;
	uint64_t m;

	if (start >= LX_TOKENS)
		return LX_TOKENS;
	m = ~map[w] & (~0ull << (start % 64u));
	for (;;) {
		if (m)
			return w * 64u + (unsigned)__builtin_ctzll(m);
		if (++w >= LX_WORDS)
			return LX_TOKENS;
		m = ~map[w];
	}
}

__attribute__((noinline)) struct lx_xfer *lx_xfer_get(void)
{
	struct lx *lx = &g_lx;
	struct lx_xfer *x;
	unsigned next, bit;

	lx_lock(lx);
	x = lx->free_list;
	if (!x) {
		lx_unlock(lx);
		return NULL;
	}
	lx->free_list = x->next_free;
	x->transfer_id = atomic_fetch_add_explicit(&lx->last_id, 1u, memory_order_relaxed) + 1u;
	atomic_store_explicit(&x->refcount, 1, memory_order_relaxed);
	next = x->transfer_id & (LX_TOKENS - 1u);
	bit = lx_next_zero(lx->alloc_table, next);
	if (bit == LX_TOKENS)
		bit = lx_next_zero(lx->alloc_table, 0);
	if (bit == LX_TOKENS) {
		x->next_free = lx->free_list;
		lx->free_list = x;
		lx_unlock(lx);
		return NULL;
	}
	lx->alloc_table[bit / 64u] |= 1ull << (bit % 64u);
	x->seq = (uint16_t)bit;
	x->hdr = (x->hdr & ~(0x3ffu << 18)) | ((uint32_t)bit << 18);
	/* hash_add */
	{
		struct lx_xfer **head = &lx->hash[lx_hash(bit)];

		x->hnext = *head;
		if (*head)
			(*head)->hpprev = &x->hnext;
		*head = x;
		x->hpprev = head;
	}
	x->pending = 1;
	lx_unlock(lx);
	/* xfer_get_init: header, lengths */
	x->hdr = (x->hdr & (0x3ffu << 18)) | (0x10u << 10) | 0x0u;
	x->tx_len = 0;
	x->rx_len = 8;
	x->type = 0;
	return x;
}

/* refcount drop; on zero: unhash, clear the token, back to the free list */
static void lx_put_ref(struct lx *lx, struct lx_xfer *x)
{
	if (atomic_fetch_sub_explicit(&x->refcount, 1, memory_order_release) != 1)
		return;
	lx_lock(lx);
	if (x->pending) {
		lx->alloc_table[x->seq / 64u] &= ~(1ull << (x->seq % 64u));
		*x->hpprev = x->hnext;
		if (x->hnext)
			x->hnext->hpprev = x->hpprev;
		x->pending = 0;
	}
	x->next_free = lx->free_list;
	lx->free_list = x;
	lx_unlock(lx);
}

__attribute__((noinline)) void lx_xfer_put(struct lx_xfer *x)
{
	lx_put_ref(&g_lx, x);
}

/* The state rules of a response (type 0) and a delayed response (2). */
static int lx_state_update(struct lx_xfer *x, unsigned type)
{
	if (type == 0) {
		if (x->state != LX_SENT_OK)
			return -1;
		x->state = LX_RESP_OK;
		return 0;
	}
	if (type == 2 && (x->state == LX_SENT_OK || x->state == LX_RESP_OK)) {
		x->state = 2;
		return 0;
	}
	return -1;
}

__attribute__((noinline)) int lx_rx(uint32_t hdr)
{
	struct lx *lx = &g_lx;
	unsigned type = (hdr >> 8) & 3u;
	unsigned seq = (hdr >> 18) & 0x3ffu;
	struct lx_xfer *x;
	int zero = 0, ret;

	if (type == 3)
		return -1; /* notifications go elsewhere */
	lx_lock(lx);
	for (x = lx->hash[lx_hash(seq)]; x; x = x->hnext)
		if (x->seq == seq)
			break;
	if (x && (!x->pending || !lx_ref_get(x)))
		x = NULL;
	ret = x ? lx_state_update(x, type) : -1;
	lx_unlock(lx);
	if (!x)
		return -1;
	if (ret) {
		lx_put_ref(lx, x);
		return -1;
	}
	/* exclusive receive */
	while (!atomic_compare_exchange_weak_explicit(&x->busy, &zero, 1, memory_order_acquire,
						      memory_order_relaxed))
		zero = 0;
	bench_lx_fetch(&x->status); /* the transport's fetch */
	atomic_store_explicit(&x->busy, 0, memory_order_release);
	lx_complete(&x->done);
	lx_put_ref(lx, x);
	return 0;
}

__attribute__((noinline)) int lx_do_xfer(struct lx_xfer *x)
{
	x->poll = 0;
	x->state = LX_SENT_OK;
	x->done.done = 0; /* reinit_completion */
	bench_lx_send(x->hdr);
	if (!lx_wait(&x->done))
		return -1; /* the benchmark's transport always answers */
	return x->status;
}

void lx_init(int use_lock)
{
	unsigned i;

	memset(&g_lx, 0, sizeof(g_lx));
	g_lx.use_lock = use_lock;
	for (i = LX_TOKENS; i-- > 0;) {
		g_lx.xfers[i].hdr = 0x10u << 10;
		g_lx.xfers[i].next_free = g_lx.free_list;
		g_lx.free_list = &g_lx.xfers[i];
	}
}

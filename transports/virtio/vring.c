/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueue, driver side (virtio 1.x §2.7).
 *
 * Ownership of a descriptor chain:
 *
 *   free list --add--> device (cookie set on the head) --used entry--> free list
 *
 * The free list and the chains are linked through the driver-private
 * shadow (slots[].next), so that a device that rewrites the shared
 * descriptor table can neither make us loop nor free the wrong entries.
 *
 * The shared indexes (avail->idx, used->idx, used->flags, the event
 * fields) are accessed with C11 atomics: the device runs concurrently
 * (another CPU, another VM, the simulator's thread). Everything else in
 * the rings is published by those indexes (release / acquire).
 */
#include <stdatomic.h>
#include <string.h>

#include "scmia/scmia.h"
#include "scmia_vring.h"

/* Offsets inside the rings. */
#define AVAIL_IDX 2u
#define AVAIL_RING 4u
#define USED_FLAGS 0u
#define USED_IDX 2u
#define USED_RING 4u

/* The rings are little-endian (virtio 1.x); the atomic 16-bit accesses
 * see the bytes in host order. The test folds to a constant. */
static inline uint16_t le16_fix(uint16_t v)
{
	const uint16_t one = 1u;
	uint8_t first;

	memcpy(&first, &one, 1);
	if (first == 1u)
		return v;
	return (uint16_t)((v >> 8) | (v << 8));
}

static inline _Atomic uint16_t *a16(uint8_t *p)
{
	return (_Atomic uint16_t *)(void *)p;
}

static inline uint16_t load16_acquire(uint8_t *p)
{
	return le16_fix(atomic_load_explicit(a16(p), memory_order_acquire));
}

static inline uint16_t load16_relaxed(uint8_t *p)
{
	return le16_fix(atomic_load_explicit(a16(p), memory_order_relaxed));
}

static inline void store16_release(uint8_t *p, uint16_t v)
{
	atomic_store_explicit(a16(p), le16_fix(v), memory_order_release);
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	v = le16_fix(v);
	memcpy(p, &v, 2);
}

/* Whole little-endian fields of the rings (aligned): one store each where
 * the host is little-endian. */
static inline uint32_t le32_fix(uint32_t v)
{
	if (le16_fix(1u) == 1u)
		return v;
	return (uint32_t)le16_fix((uint16_t)v) << 16 | le16_fix((uint16_t)(v >> 16));
}

static inline uint64_t le64_fix(uint64_t v)
{
	if (le16_fix(1u) == 1u)
		return v;
	return (uint64_t)le32_fix((uint32_t)v) << 32 | le32_fix((uint32_t)(v >> 32));
}

static uint64_t dma(const struct scmia_vring *vr, const void *va)
{
	if (vr->dma_addr)
		return vr->dma_addr(vr->dma_ctx, va);
	return (uint64_t)(uintptr_t)va;
}

/* Build the free list and clear the rings. */
static void vring_clear(struct scmia_vring *vr)
{
	memset(vr->desc, 0, vr->mem_size);
	for (unsigned i = 0; i < vr->num; i++) {
		vr->slots[i].cookie = NULL;
		vr->slots[i].ndesc = 0;
		vr->slots[i].next = (uint16_t)((i + 1u) & (vr->num - 1u));
	}
	vr->free_head = 0;
	vr->num_free = vr->num;
	vr->avail_idx = 0;
	vr->kicked_idx = 0;
	vr->last_used = 0;
	vr->in_flight = 0;
	vr->broken = 0;
	atomic_thread_fence(memory_order_seq_cst);
}

int scmia_vring_init(struct scmia_vring *vr, const struct scmia_vring_cfg *cfg)
{
	if (!vr || !cfg || !cfg->mem || !cfg->slots || !cfg->notify)
		return SCMIA_EINVAL;
	if (cfg->num < 2u || (cfg->num & (cfg->num - 1u)))
		return SCMIA_EINVAL;
	if ((uintptr_t)cfg->mem & 15u)
		return SCMIA_EINVAL;
	if (cfg->mem_size < SCMIA_VRING_MEM_SIZE(cfg->num))
		return SCMIA_ENOSPC;

	memset(vr, 0, sizeof(*vr));
	vr->num = cfg->num;
	vr->queue = cfg->queue;
	vr->desc = (uint8_t *)cfg->mem;
	vr->avail = vr->desc + SCMIA_VRING_AVAIL_OFF(cfg->num);
	vr->used = vr->desc + SCMIA_VRING_USED_OFF(cfg->num);
	vr->mem_size = SCMIA_VRING_MEM_SIZE(cfg->num);
	vr->slots = cfg->slots;
	vr->dma_addr = cfg->dma_addr;
	vr->dma_ctx = cfg->dma_ctx;
	vr->notify = cfg->notify;
	vr->notify_ctx = cfg->notify_ctx;
	vr->event_idx = cfg->event_idx ? 1u : 0u;
	vring_clear(vr);
	return SCMIA_OK;
}

void scmia_vring_reset(struct scmia_vring *vr)
{
	if (vr && vr->desc)
		vring_clear(vr);
}

int scmia_vring_add(struct scmia_vring *vr, const struct scmia_vring_buf *bufs, unsigned n_out,
		    unsigned n_in, void *cookie)
{
	unsigned n = n_out + n_in;
	uint16_t head, i;

	if (!vr || !bufs || !cookie || n == 0u || n_out > vr->num || n_in > vr->num)
		return SCMIA_EINVAL;
	if (vr->broken)
		return SCMIA_EPROTO;
	if (n > vr->num_free)
		return SCMIA_ENOSPC;
	for (unsigned k = 0; k < n; k++)
		if (!bufs[k].addr || !bufs[k].len)
			return SCMIA_EINVAL;

	head = vr->free_head;
	i = head;
	for (unsigned k = 0; k < n; k++) {
		uint8_t *d = vr->desc + (size_t)i * 16u;
		uint16_t flags = k < n_out ? 0u : (uint16_t)SCMIA_VRING_DESC_F_WRITE;
		uint64_t addr = le64_fix(dma(vr, bufs[k].addr));
		uint32_t len = le32_fix(bufs[k].len);

		if (k + 1u < n)
			flags |= SCMIA_VRING_DESC_F_NEXT;
		memcpy(d, &addr, 8);
		memcpy(d + 8, &len, 4);
		put_le16(d + 12, flags);
		put_le16(d + 14, (k + 1u < n) ? vr->slots[i].next : 0u);
		i = vr->slots[i].next;
	}
	vr->free_head = i;
	vr->num_free = (uint16_t)(vr->num_free - n);
	vr->slots[head].cookie = cookie;
	vr->slots[head].ndesc = (uint16_t)n;
	vr->in_flight++;

	put_le16(vr->avail + AVAIL_RING + (size_t)(vr->avail_idx & (vr->num - 1u)) * 2u, head);
	vr->avail_idx++;
	/* Descriptors and ring entry before the index (virtio 1.x §2.7.13). */
	store16_release(vr->avail + AVAIL_IDX, vr->avail_idx);
	return SCMIA_OK;
}

/* virtio 1.x §2.7.10: notify when the device's event index lies in
 * (old, new]. */
static int need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1u) < (uint16_t)(new_idx - old);
}

int scmia_vring_kick(struct scmia_vring *vr)
{
	uint16_t old, now;
	int need;

	if (!vr || vr->broken)
		return 0;
	/* The index store must be visible before we read the device's
	 * suppression fields, or both sides may decide not to act. */
	atomic_thread_fence(memory_order_seq_cst);
	old = vr->kicked_idx;
	now = vr->avail_idx;
	vr->kicked_idx = now;
	if (old == now)
		return 0;
	if (vr->event_idx)
		need = need_event(load16_relaxed(vr->used + USED_RING + (size_t)vr->num * 8u), now,
				  old);
	else
		need = !(load16_relaxed(vr->used + USED_FLAGS) & SCMIA_VRING_USED_F_NO_NOTIFY);
	if (!need)
		return 0;
	vr->notify(vr->notify_ctx, vr->queue);
	return 1;
}

static void chain_free(struct scmia_vring *vr, uint16_t head)
{
	uint16_t n = vr->slots[head].ndesc;
	uint16_t last = head;

	for (uint16_t k = 1; k < n; k++)
		last = vr->slots[last].next;
	vr->slots[last].next = vr->free_head;
	vr->free_head = head;
	vr->num_free = (uint16_t)(vr->num_free + n);
	vr->slots[head].cookie = NULL;
	vr->slots[head].ndesc = 0;
	vr->in_flight--;
}

int scmia_vring_get_used(struct scmia_vring *vr, void **cookie, uint32_t *len)
{
	uint16_t used_idx;
	const uint8_t *e;
	uint32_t id;

	if (!vr || !cookie || !len)
		return SCMIA_EINVAL;
	*cookie = NULL;
	*len = 0;
	if (vr->broken)
		return SCMIA_EPROTO;
	used_idx = load16_acquire(vr->used + USED_IDX);
	if (used_idx == vr->last_used) {
		if (!vr->event_idx)
			return 0;
		/* Ask for an interrupt at the next entry, then look again:
		 * an entry published meanwhile would otherwise wait for the
		 * one after it (virtio 1.x §2.7.10). */
		store16_release(vr->avail + AVAIL_RING + (size_t)vr->num * 2u, vr->last_used);
		atomic_thread_fence(memory_order_seq_cst);
		used_idx = load16_acquire(vr->used + USED_IDX);
		if (used_idx == vr->last_used)
			return 0;
	}
	/* The used ring holds at most num entries: a larger step means a
	 * corrupt index (or one moving backwards). Never follow it. Entries
	 * within the ring are read in bounds and checked one by one. */
	if ((uint16_t)(used_idx - vr->last_used) > vr->num) {
		vr->broken = 1;
		return SCMIA_EPROTO;
	}
	e = vr->used + USED_RING + (size_t)(vr->last_used & (vr->num - 1u)) * 8u;
	id = scmia_get_le32(e);
	*len = scmia_get_le32(e + 4);
	vr->last_used++;
	if (id >= vr->num || !vr->slots[id].cookie) {
		*len = id;
		return SCMIA_EMALFORMED;
	}
	*cookie = vr->slots[id].cookie;
	chain_free(vr, (uint16_t)id);
	return 1;
}

int scmia_vring_has_used(const struct scmia_vring *vr)
{
	if (!vr || vr->broken)
		return 0;
	return load16_acquire(vr->used + USED_IDX) != vr->last_used;
}

void scmia_vring_addrs(const struct scmia_vring *vr, uint64_t *desc, uint64_t *avail,
		       uint64_t *used)
{
	if (!vr)
		return;
	if (desc)
		*desc = dma(vr, vr->desc);
	if (avail)
		*avail = dma(vr, vr->avail);
	if (used)
		*used = dma(vr, vr->used);
}

unsigned scmia_vring_num(const struct scmia_vring *vr)
{
	return vr ? vr->num : 0u;
}

unsigned scmia_vring_num_free(const struct scmia_vring *vr)
{
	return vr ? vr->num_free : 0u;
}

int scmia_vring_broken(const struct scmia_vring *vr)
{
	return vr ? vr->broken : 1;
}

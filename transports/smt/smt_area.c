/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMT area helpers: the DEN0056 shared-memory layout, accessed only through
 * an accessor table, with the barriers of the header's "Memory discipline".
 * Shared by the SMT transport (smt.c) and the SMC/HVC transport.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_smt.h"

#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__)
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define SMT_BIG_ENDIAN 1
#endif
#endif
#ifndef SMT_BIG_ENDIAN
#define SMT_BIG_ENDIAN 0
#endif

/* ------------------------------------------------------------------ */
/* Stock accessors                                                     */
/* ------------------------------------------------------------------ */

static uint32_t le32_to_host(uint32_t v)
{
#if SMT_BIG_ENDIAN
	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
#else
	return v;
#endif
}

uint32_t scmia_smt_read32_volatile(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return le32_to_host(*(const volatile uint32_t *)addr);
}

void scmia_smt_write32_volatile(void *ctx, volatile void *addr, uint32_t val)
{
	(void)ctx;
	*(volatile uint32_t *)addr = le32_to_host(val);
}

/* Byte copies through volatile pointers: the compiler may neither cache
 * nor elide them, nor widen them into accesses the memory may not take. */
static void copy_from_bytes(void *ctx, void *dst, const volatile void *src, size_t len)
{
	const volatile uint8_t *s = (const volatile uint8_t *)src;
	uint8_t *d = (uint8_t *)dst;
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++)
		d[i] = s[i];
}

static void copy_to_bytes(void *ctx, volatile void *dst, const void *src, size_t len)
{
	volatile uint8_t *d = (volatile uint8_t *)dst;
	const uint8_t *s = (const uint8_t *)src;
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++)
		d[i] = s[i];
}

const struct scmia_smt_access scmia_smt_access_default = {
	.read32 = scmia_smt_read32_volatile,
	.write32 = scmia_smt_write32_volatile,
	.copy_from = copy_from_bytes,
	.copy_to = copy_to_bytes,
};

const struct scmia_smt_access scmia_smt_access_word32 = {
	.read32 = scmia_smt_read32_volatile,
	.write32 = scmia_smt_write32_volatile,
};

/* ------------------------------------------------------------------ */
/* Primitive accesses. Offsets are 4-aligned and inside the area: every  */
/* caller checks against area->size first.                             */
/* ------------------------------------------------------------------ */

static uint32_t rd(const struct scmia_smt_area *a, uint32_t off)
{
	return a->acc->read32(a->acc_ctx, a->base + off);
}

static void wr(const struct scmia_smt_area *a, uint32_t off, uint32_t v)
{
	a->acc->write32(a->acc_ctx, a->base + off, v);
}

static void clean(const struct scmia_smt_area *a, uint32_t off, uint32_t len)
{
	if (a->acc->cache_clean && len)
		a->acc->cache_clean(a->acc_ctx, a->base + off, len);
}

static void invalidate(const struct scmia_smt_area *a, uint32_t off, uint32_t len)
{
	if (a->acc->cache_invalidate && len)
		a->acc->cache_invalidate(a->acc_ctx, a->base + off, len);
}

/* Copy @len bytes at @off out of the area. Without a copy op, whole
 * aligned words are read (the area size is a multiple of 4, so the last
 * partial word is still inside it) and unpacked little-endian. */
static void copy_out(const struct scmia_smt_area *a, uint32_t off, void *dst, uint32_t len)
{
	uint8_t *d = (uint8_t *)dst;
	uint32_t i, v = 0;

	if (!len)
		return;
	if (a->acc->copy_from) {
		a->acc->copy_from(a->acc_ctx, dst, a->base + off, len);
		return;
	}
	for (i = 0; i < len; i++) {
		if (!(i & 3u))
			v = rd(a, off + i);
		d[i] = (uint8_t)(v >> (8u * (i & 3u))); /* little-endian */
	}
}

/* Copy @len bytes into the area at @off; word by word without a copy op,
 * padding the last word with zeros. */
static void copy_in(const struct scmia_smt_area *a, uint32_t off, const void *src, uint32_t len)
{
	const uint8_t *s = (const uint8_t *)src;
	uint32_t i;

	if (!len)
		return;
	if (a->acc->copy_to) {
		a->acc->copy_to(a->acc_ctx, a->base + off, src, len);
		return;
	}
	for (i = 0; i < len; i += 4) {
		uint32_t n = len - i < 4u ? len - i : 4u;
		uint8_t b[4] = { 0, 0, 0, 0 };

		memcpy(b, s + i, n);
		wr(a, off + i, scmia_get_le32(b));
	}
}

/* ------------------------------------------------------------------ */
/* Area                                                                */
/* ------------------------------------------------------------------ */

int scmia_smt_area_init(struct scmia_smt_area *area, volatile void *base, size_t size,
			const struct scmia_smt_access *acc, void *acc_ctx)
{
	if (!area || !base)
		return SCMIA_EINVAL;
	if (((uintptr_t)base & 3u) || (size & 3u) || size < SCMIA_SMT_AREA_MIN ||
	    size > 0x7ffffffcu)
		return SCMIA_EINVAL;
	if (!acc)
		acc = &scmia_smt_access_default;
	if (!acc->read32 || !acc->write32)
		return SCMIA_EINVAL;
	area->base = (volatile uint8_t *)base;
	area->size = (uint32_t)size;
	area->acc = acc;
	area->acc_ctx = acc_ctx;
	area->vendor = NULL;
	area->vendor_ctx = NULL;
	return SCMIA_OK;
}

void scmia_smt_area_set_vendor(struct scmia_smt_area *area, scmia_smt_vendor_fn fn, void *ctx)
{
	if (!area)
		return;
	area->vendor = fn;
	area->vendor_ctx = ctx;
}

static int off_ok(const struct scmia_smt_area *a, uint32_t off)
{
	return a && a->acc && !(off & 3u) && off < a->size && a->size - off >= 4u;
}

int scmia_smt_area_read32(struct scmia_smt_area *area, uint32_t off, uint32_t *val)
{
	if (!off_ok(area, off) || !val)
		return SCMIA_EINVAL;
	invalidate(area, off, 4);
	*val = rd(area, off);
	return SCMIA_OK;
}

int scmia_smt_area_write32(struct scmia_smt_area *area, uint32_t off, uint32_t val)
{
	if (!off_ok(area, off))
		return SCMIA_EINVAL;
	wr(area, off, val);
	clean(area, off, 4);
	return SCMIA_OK;
}

uint32_t scmia_smt_area_status(struct scmia_smt_area *area)
{
	uint32_t st;

	invalidate(area, SCMIA_SMT_OFF_STATUS, 4);
	st = rd(area, SCMIA_SMT_OFF_STATUS);
	/* Status before anything else: the platform wrote the message before
	 * it set FREE (a2p) or cleared it (p2a); no later read of the area
	 * may be satisfied before this one. */
	atomic_thread_fence(memory_order_acquire);
	return st;
}

int scmia_smt_area_is_free(struct scmia_smt_area *area)
{
	return (scmia_smt_area_status(area) & SCMIA_SMT_STATUS_FREE) ? 1 : 0;
}

int scmia_smt_area_wait_free(struct scmia_smt_area *area, struct scmia_chan *chan,
			     uint32_t timeout_us)
{
	uint64_t start;

	if (!area || !chan)
		return SCMIA_EINVAL;
	start = scmia_chan_now_us(chan);
	for (;;) {
		/* Read the clock before looking: the look after the deadline
		 * is the last one, so a waiter preempted past its deadline
		 * still sees a FREE that came in time. */
		int expired = scmia_chan_now_us(chan) - start >= (uint64_t)timeout_us;

		if (scmia_smt_area_is_free(area))
			return SCMIA_OK;
		if (expired)
			return SCMIA_EBUSY;
		scmia_chan_relax(chan);
	}
}

int scmia_smt_area_tx_write(struct scmia_smt_area *area, const struct scmia_xfer *xfer,
			    int want_irq)
{
	uint32_t len;
	int ret;

	if (!area || !area->acc || !xfer || (!xfer->tx_buf && xfer->tx_len))
		return SCMIA_EINVAL;
	if (xfer->tx_len > SCMIA_SMT_PAYLOAD_MAX(area->size))
		return SCMIA_ENOSPC;
	len = 4u + xfer->tx_len;
	wr(area, SCMIA_SMT_OFF_HEADER, xfer->hdr);
	copy_in(area, SCMIA_SMT_OFF_PAYLOAD, xfer->tx_buf, xfer->tx_len);
	wr(area, SCMIA_SMT_OFF_LENGTH, len);
	wr(area, SCMIA_SMT_OFF_FLAGS, want_irq ? SCMIA_SMT_FLAGS_IRQ : 0u);
	if (area->vendor) {
		ret = area->vendor(area->vendor_ctx, area, SCMIA_SMT_VENDOR_TX, len);
		if (ret)
			return ret < 0 ? ret : SCMIA_EIO;
	}
	clean(area, 0, SCMIA_SMT_OFF_PAYLOAD + ((xfer->tx_len + 3u) & ~3u));
	return SCMIA_OK;
}

void scmia_smt_area_tx_publish(struct scmia_smt_area *area)
{
	/* Message before status: a platform that sees the cleared status
	 * must see the whole message. */
	atomic_thread_fence(memory_order_release);
	/* Clearing the whole word drops FREE and a stale ERROR: a platform
	 * that finds either still set may refuse or wedge the channel. */
	wr(area, SCMIA_SMT_OFF_STATUS, 0);
	clean(area, SCMIA_SMT_OFF_STATUS, 4);
	/* Status before the doorbell the caller rings next. */
	atomic_thread_fence(memory_order_seq_cst);
}

int scmia_smt_area_tx_prepare(struct scmia_smt_area *area, const struct scmia_xfer *xfer,
			      int want_irq)
{
	int ret = scmia_smt_area_tx_write(area, xfer, want_irq);

	if (!ret)
		scmia_smt_area_tx_publish(area);
	return ret;
}

uint32_t scmia_smt_area_header(struct scmia_smt_area *area)
{
	invalidate(area, SCMIA_SMT_OFF_HEADER, 4);
	atomic_thread_fence(memory_order_acquire);
	return rd(area, SCMIA_SMT_OFF_HEADER);
}

int scmia_smt_area_poll_done(struct scmia_smt_area *area, const struct scmia_xfer *xfer)
{
	uint32_t st;

	if (!area || !area->acc || !xfer)
		return 0;
	st = scmia_smt_area_status(area);
	if (!(st & (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)))
		return 0;
	/* FREE alone is not enough: a late reply of an earlier command, or an
	 * area another sender reused, must not complete this transfer. */
	return scmia_hdr_same_msg(scmia_smt_area_header(area), xfer->hdr) ? 1 : 0;
}

/* Fetch the message in the area into @xfer: a response or delayed response
 * (min_len SCMIA_SMT_LEN_MIN_REPLY: header, status, payload) or a
 * notification (min_len SCMIA_SMT_LEN_MIN_NOTIF: header, payload). The
 * payload starts right after the min_len bytes the length word counts
 * first; at most min(max_len, rx_cap) bytes of it are copied. */
static int fetch(struct scmia_smt_area *a, struct scmia_xfer *xfer, uint32_t min_len,
		 uint32_t max_len)
{
	uint32_t st, len, hdr, type, n;
	int ret;

	if (!a || !a->acc || !xfer || (xfer->rx_cap && !xfer->rx_buf))
		return SCMIA_EINVAL;
	xfer->rx_len = 0;
	st = scmia_smt_area_status(a);
	if (st & SCMIA_SMT_STATUS_ERROR)
		return SCMIA_EPROTO;
	/* Status seen (acquire in scmia_smt_area_status()): now the lines
	 * behind it may be refreshed and read. */
	invalidate(a, SCMIA_SMT_OFF_FLAGS, a->size - SCMIA_SMT_OFF_FLAGS);
	len = rd(a, SCMIA_SMT_OFF_LENGTH);
	if (len < min_len)
		return SCMIA_ETOOSHORT;
	if (len > a->size - SCMIA_SMT_OFF_HEADER)
		return SCMIA_EMALFORMED;
	if (a->vendor) {
		ret = a->vendor(a->vendor_ctx, a, SCMIA_SMT_VENDOR_RX, len);
		if (ret)
			return ret < 0 ? ret : SCMIA_EMALFORMED;
	}
	n = len - min_len;
	if (min_len == SCMIA_SMT_LEN_MIN_REPLY) {
		hdr = rd(a, SCMIA_SMT_OFF_HEADER);
		type = scmia_hdr_type(hdr);
		if (!scmia_hdr_same_msg(hdr, xfer->hdr) ||
		    (type != SCMIA_MSG_TYPE_COMMAND && type != SCMIA_MSG_TYPE_DELAYED_RESP))
			return SCMIA_EUNEXPECTED;
		xfer->status = (int32_t)rd(a, SCMIA_SMT_OFF_PAYLOAD);
	}
	if (n > max_len)
		n = max_len;
	if (n > xfer->rx_cap)
		n = xfer->rx_cap;
	copy_out(a, SCMIA_SMT_OFF_HEADER + min_len, xfer->rx_buf, n);
	xfer->rx_len = n;
	return SCMIA_OK;
}

int scmia_smt_area_fetch_response(struct scmia_smt_area *area, struct scmia_xfer *xfer)
{
	return fetch(area, xfer, SCMIA_SMT_LEN_MIN_REPLY, UINT32_MAX);
}

int scmia_smt_area_fetch_notification(struct scmia_smt_area *area, struct scmia_xfer *xfer,
				      uint32_t max_len)
{
	return fetch(area, xfer, SCMIA_SMT_LEN_MIN_NOTIF, max_len);
}

int scmia_smt_area_mark_free(struct scmia_smt_area *area)
{
	uint32_t flags;

	if (!area || !area->acc)
		return 0;
	invalidate(area, SCMIA_SMT_OFF_FLAGS, 4);
	/* Read the platform's request before FREE lets it write again. */
	flags = rd(area, SCMIA_SMT_OFF_FLAGS);
	/* Every read of the message done before the platform may reuse it. */
	atomic_thread_fence(memory_order_release);
	wr(area, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
	clean(area, SCMIA_SMT_OFF_STATUS, 4);
	/* FREE before the completion doorbell the caller may ring. */
	atomic_thread_fence(memory_order_seq_cst);
	return (flags & SCMIA_SMT_FLAGS_IRQ) ? 1 : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trace event formatter: Linux's scmi trace event texts (see trace.h),
 * written with a few local number printers instead of printf, so that it
 * runs on targets without stdio and from interrupt context.
 *
 * Compiled only with SCMIA_CFG_TRACE=1.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "scmia/config.h"
#include "scmia/error.h"
#include "scmia/trace.h"

#if defined(SCMIA_CFG_TRACE) && SCMIA_CFG_TRACE

static const char *const event_names[SCMIA_TRACE_EVENT__COUNT] = {
	[SCMIA_TRACE_XFER_BEGIN] = "scmi_xfer_begin",
	[SCMIA_TRACE_RESPONSE_WAIT] = "scmi_xfer_response_wait",
	[SCMIA_TRACE_XFER_END] = "scmi_xfer_end",
	[SCMIA_TRACE_RX_DONE] = "scmi_rx_done",
	[SCMIA_TRACE_MSG_DUMP] = "scmi_msg_dump",
};

/* Linux driver.c and raw_mode.c spell these; the field holds 5 + NUL. */
static const char *const tag_names[SCMIA_TRACE_TAG__COUNT] = {
	[SCMIA_TRACE_TAG_CMND] = "CMND",      [SCMIA_TRACE_TAG_RESP] = "RESP",
	[SCMIA_TRACE_TAG_DLYD] = "DLYD",      [SCMIA_TRACE_TAG_NOTI] = "NOTI",
	[SCMIA_TRACE_TAG_BAD_RESP] = "!RESP", [SCMIA_TRACE_TAG_BAD_DLYD] = "!DLYD",
	[SCMIA_TRACE_TAG_BAD_NOTI] = "!NOTI", [SCMIA_TRACE_TAG_BAD_UNKN] = "!UNKN",
	[SCMIA_TRACE_TAG_RAW_CMND] = "cmnd",  [SCMIA_TRACE_TAG_RAW_RESP] = "resp",
	[SCMIA_TRACE_TAG_RAW_DLYD] = "dlyd",
};

#define FMT_KNOWN (SCMIA_TRACE_FMT_NAME | SCMIA_TRACE_FMT_NO_INFLIGHT | SCMIA_TRACE_FMT_NO_CHAN)

const char *scmia_trace_event_name(unsigned event)
{
	return event < SCMIA_TRACE_EVENT__COUNT ? event_names[event] : NULL;
}

const char *scmia_trace_tag_name(unsigned tag)
{
	return tag < SCMIA_TRACE_TAG__COUNT ? tag_names[tag] : NULL;
}

/* Output cursor: counts every character, stores those that fit. */
struct out {
	char *buf;
	size_t cap;
	size_t pos;
};

static void put_c(struct out *o, char c)
{
	if (o->pos + 1u < o->cap)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_s(struct out *o, const char *s)
{
	while (*s)
		put_c(o, *s++);
}

/* %X with at least @p width digits (%02X, %04X; %X is width 1). */
static void put_hex(struct out *o, uint32_t v, unsigned width)
{
	static const char digits[] = "0123456789ABCDEF";
	char tmp[8];
	unsigned n = 0;

	do {
		tmp[n++] = digits[v & 0xfu];
		v >>= 4;
	} while (v);
	while (n < width && n < sizeof(tmp))
		tmp[n++] = '0';
	while (n)
		put_c(o, tmp[--n]);
}

/* %u */
static void put_u(struct out *o, uint32_t v)
{
	char tmp[10];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + (char)(v % 10u));
		v /= 10u;
	} while (v);
	while (n)
		put_c(o, tmp[--n]);
}

/* %d: the magnitude in unsigned arithmetic, so INT32_MIN prints right. */
static void put_d(struct out *o, int32_t v)
{
	if (v < 0) {
		put_c(o, '-');
		put_u(o, 0u - (uint32_t)v);
	} else {
		put_u(o, (uint32_t)v);
	}
}

/* "pt=%02X msg_id=%02X seq=%04X transfer_id=%X", common to four events. */
static void put_xfer(struct out *o, const struct scmia_trace *ev)
{
	put_s(o, "pt=");
	put_hex(o, ev->proto_id, 2);
	put_s(o, " msg_id=");
	put_hex(o, ev->msg_id, 2);
	put_s(o, " seq=");
	put_hex(o, ev->seq, 4);
	put_s(o, " transfer_id=");
	put_hex(o, ev->transfer_id, 1);
}

int scmia_trace_format(const struct scmia_trace *ev, unsigned flags, char *buf, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	struct out o;
	const uint8_t *p;
	uint32_t i;

	if (!ev || (!buf && cap) || (flags & ~(unsigned)FMT_KNOWN) ||
	    ev->event >= SCMIA_TRACE_EVENT__COUNT)
		return SCMIA_EINVAL;
	if (ev->event == SCMIA_TRACE_MSG_DUMP) {
		if (ev->tag >= SCMIA_TRACE_TAG__COUNT || (!ev->payload && ev->len))
			return SCMIA_EINVAL;
		/* Two characters per byte on top of the fixed part: refuse a
		 * text whose length an int cannot return, before reading any
		 * payload byte. */
		if (ev->len > (uint32_t)(INT_MAX - (int)SCMIA_TRACE_TEXT_MAX) / 2u)
			return SCMIA_EINVAL;
	}
	o.buf = buf;
	o.cap = cap;
	o.pos = 0;
	if (flags & SCMIA_TRACE_FMT_NAME) {
		put_s(&o, event_names[ev->event]);
		put_s(&o, ": ");
	}
	switch (ev->event) {
	case SCMIA_TRACE_XFER_BEGIN:
		put_xfer(&o, ev);
		put_s(&o, " poll=");
		put_u(&o, ev->poll);
		if (!(flags & SCMIA_TRACE_FMT_NO_INFLIGHT)) {
			put_s(&o, " inflight=");
			put_d(&o, ev->inflight);
		}
		break;
	case SCMIA_TRACE_RESPONSE_WAIT:
		put_xfer(&o, ev);
		put_s(&o, " tmo_ms=");
		/* Round up: a sub-millisecond timeout must not read as 0. */
		put_u(&o, ev->timeout_us / 1000u + (ev->timeout_us % 1000u ? 1u : 0u));
		put_s(&o, " poll=");
		put_u(&o, ev->poll);
		break;
	case SCMIA_TRACE_XFER_END:
		put_xfer(&o, ev);
		put_s(&o, " s=");
		put_d(&o, ev->status);
		if (!(flags & SCMIA_TRACE_FMT_NO_INFLIGHT)) {
			put_s(&o, " inflight=");
			put_d(&o, ev->inflight);
		}
		break;
	case SCMIA_TRACE_RX_DONE:
		put_xfer(&o, ev);
		put_s(&o, " msg_type=");
		put_u(&o, ev->msg_type);
		break;
	default: /* SCMIA_TRACE_MSG_DUMP */
		if (!(flags & SCMIA_TRACE_FMT_NO_CHAN)) {
			put_s(&o, "id=");
			put_d(&o, (int32_t)ev->agent_id);
			put_s(&o, " ch=");
			put_hex(&o, ev->chan_id ? ev->chan_id : 0x10u, 2); /* Linux: the Base channel */
			put_c(&o, ' ');
		}
		put_s(&o, "pt=");
		put_hex(&o, ev->proto_id, 2);
		put_s(&o, " t=");
		put_s(&o, tag_names[ev->tag]);
		put_s(&o, " msg_id=");
		put_hex(&o, ev->msg_id, 2);
		put_s(&o, " seq=");
		put_hex(&o, ev->seq, 4);
		put_s(&o, " s=");
		put_d(&o, ev->status);
		put_s(&o, " pyld=");
		p = (const uint8_t *)ev->payload;
		for (i = 0; i < ev->len; i++) {
			/* Past the end of the buffer only the count matters. */
			if (o.pos + 1u >= o.cap) {
				o.pos += 2u * (size_t)(ev->len - i);
				break;
			}
			put_c(&o, hex[p[i] >> 4]);
			put_c(&o, hex[p[i] & 0xfu]);
		}
		break;
	}
	if (cap)
		buf[o.pos < cap ? o.pos : cap - 1u] = '\0';
	return (int)o.pos;
}

#else /* !SCMIA_CFG_TRACE */

/* Tracing is compiled out: nothing here (ISO C wants a declaration). */
typedef int scmia_trace_compiled_out;

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pcapng block encoder for SCMI captures (pcapng.h). Block layouts follow
 * the pcapng specification (IETF draft-ietf-opsawg-pcapng): every block is
 * type, total length, body, total length again, padded to 32 bits; options
 * are (code, length, value padded to 32 bits) and end with opt_endofopt.
 * Everything is written byte by byte, little-endian, so the output is the
 * same on every host; the exported-PDU tags are big-endian (Wireshark
 * reads them in network order).
 *
 * Compiled only with SCMIA_CFG_TRACE=1.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "scmia/config.h"
#include "scmia/error.h"
#include "scmia/pcapng.h"

#if defined(SCMIA_CFG_TRACE) && SCMIA_CFG_TRACE

#define BT_SHB 0x0a0d0d0au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1a2b3c4du

#define OPT_END 0u
#define OPT_SHB_USERAPPL 4u
#define OPT_IF_NAME 2u
#define OPT_IF_TSRESOL 9u
#define OPT_EPB_FLAGS 2u
#define EPB_FLAG_INBOUND 1u
#define EPB_FLAG_OUTBOUND 2u

/* Exported PDU tags (Wireshark epan/exported_pdu.h). */
#define EXP_PDU_TAG_END 0u
#define EXP_PDU_TAG_DISSECTOR_NAME 12u

/* Longest option string used (pcapng strings are not NUL terminated). */
#define STR_OPT_MAX 256u

/* Output cursor: counts every byte, stores those that fit. */
struct w {
	uint8_t *b;
	size_t cap;
	size_t pos;
};

static void put8(struct w *w, uint8_t v)
{
	if (w->pos < w->cap)
		w->b[w->pos] = v;
	w->pos++;
}

static void put16(struct w *w, uint16_t v)
{
	put8(w, (uint8_t)v);
	put8(w, (uint8_t)(v >> 8));
}

static void put32(struct w *w, uint32_t v)
{
	put16(w, (uint16_t)v);
	put16(w, (uint16_t)(v >> 16));
}

static void put_be16(struct w *w, uint16_t v)
{
	put8(w, (uint8_t)(v >> 8));
	put8(w, (uint8_t)v);
}

static void put_bytes(struct w *w, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put8(w, p[i]);
}

static void pad32(struct w *w)
{
	while (w->pos & 3u)
		put8(w, 0);
}

static size_t str_len(const char *s, size_t max)
{
	size_t n = 0;

	while (s && n < max && s[n])
		n++;
	return n;
}

static void put_opt_str(struct w *w, uint16_t code, const char *s)
{
	size_t n = str_len(s, STR_OPT_MAX);

	if (!n)
		return;
	put16(w, code);
	put16(w, (uint16_t)n);
	put_bytes(w, (const uint8_t *)s, n);
	pad32(w);
}

/* The block's total length goes at offset 4 and at the end. */
static void patch_len(struct w *w, size_t start)
{
	uint32_t total = (uint32_t)(w->pos + 4u - start);
	size_t i;

	put32(w, total);
	for (i = 0; i < 4; i++)
		if (start + 4u + i < w->cap)
			w->b[start + 4u + i] = (uint8_t)(total >> (8u * i));
}

static int finish(const struct w *w)
{
	if (!w->b)
		return (int)w->pos; /* dry run */
	return w->pos <= w->cap ? (int)w->pos : SCMIA_ENOSPC;
}

static int start(struct w *w, void *buf, size_t cap)
{
	if (!buf && cap)
		return SCMIA_EINVAL;
	w->b = (uint8_t *)buf;
	w->cap = buf ? cap : 0u;
	w->pos = 0;
	return SCMIA_OK;
}

int scmia_pcapng_shb(void *buf, size_t cap, const char *appl)
{
	struct w w;

	if (start(&w, buf, cap))
		return SCMIA_EINVAL;
	put32(&w, BT_SHB);
	put32(&w, 0); /* total length, patched */
	put32(&w, BYTE_ORDER_MAGIC);
	put16(&w, 1); /* major */
	put16(&w, 0); /* minor */
	put32(&w, 0xffffffffu); /* section length -1: not given */
	put32(&w, 0xffffffffu);
	if (str_len(appl, STR_OPT_MAX)) {
		put_opt_str(&w, OPT_SHB_USERAPPL, appl);
		put32(&w, OPT_END);
	}
	patch_len(&w, 0);
	return finish(&w);
}

static int linktype_ok(uint16_t linktype)
{
	return linktype == SCMIA_PCAPNG_LINKTYPE_UPPER_PDU ||
	       (linktype >= SCMIA_PCAPNG_LINKTYPE_USER0 &&
		linktype <= SCMIA_PCAPNG_LINKTYPE_USER0 + 15u);
}

int scmia_pcapng_idb(void *buf, size_t cap, uint16_t linktype, uint32_t snaplen,
		     const char *name)
{
	struct w w;

	if (start(&w, buf, cap) || !linktype_ok(linktype))
		return SCMIA_EINVAL;
	put32(&w, BT_IDB);
	put32(&w, 0);
	put16(&w, linktype);
	put16(&w, 0); /* reserved */
	put32(&w, snaplen);
	put_opt_str(&w, OPT_IF_NAME, name);
	put16(&w, OPT_IF_TSRESOL);
	put16(&w, 1);
	put8(&w, 6); /* 10^-6 s: timestamps in µs */
	pad32(&w);
	put32(&w, OPT_END);
	patch_len(&w, 0);
	return finish(&w);
}

int scmia_pcapng_epb(void *buf, size_t cap, uint32_t if_id, uint16_t linktype, uint32_t snaplen,
		     const struct scmia_pcapng_rec *rec)
{
	uint8_t head[SCMIA_PCAPNG_REC_HDR_LEN + 8u];
	const uint8_t *payload;
	uint32_t prefix, total, caplen, skip, n;
	size_t nlen, i;
	struct w w;

	if (start(&w, buf, cap) || !rec || (!rec->payload && rec->len) ||
	    rec->dir > SCMIA_PCAPNG_DIR_P2A || !linktype_ok(linktype))
		return SCMIA_EINVAL;
	/* Everything must fit an int result and 32-bit block lengths. */
	if (rec->len > (uint32_t)INT_MAX - SCMIA_PCAPNG_EPB_OVERHEAD - 8u)
		return SCMIA_EINVAL;

	/* Record header, message header and status in one small array; the
	 * payload is copied straight from the caller. */
	for (i = 0; i < sizeof(head); i++)
		head[i] = 0;
	head[0] = SCMIA_PCAPNG_REC_VERSION;
	head[1] = SCMIA_PCAPNG_REC_HDR_LEN;
	head[2] = rec->dir;
	head[3] = rec->flags;
	head[4] = rec->transport_id;
	head[5] = rec->chan_id;
	head[6] = (uint8_t)rec->agent_id;
	head[7] = (uint8_t)(rec->agent_id >> 8);
	head[8] = rec->tag;
	head[9] = (uint8_t)rec->reason;
	scmia_put_le32(head + 12, rec->transfer_id);
	nlen = str_len(rec->transport, SCMIA_PCAPNG_NAME_LEN);
	for (i = 0; i < nlen; i++)
		head[16 + i] = (uint8_t)rec->transport[i];
	scmia_put_le32(head + SCMIA_PCAPNG_REC_HDR_LEN, rec->hdr);
	scmia_put_le32(head + SCMIA_PCAPNG_REC_HDR_LEN + 4u, (uint32_t)rec->status);

	prefix = linktype == SCMIA_PCAPNG_LINKTYPE_UPPER_PDU ? 12u : 0u;
	n = SCMIA_PCAPNG_REC_HDR_LEN + 4u + (rec->has_status ? 4u : 0u);
	total = prefix + n + rec->len;
	caplen = snaplen && total > snaplen ? snaplen : total;

	put32(&w, BT_EPB);
	put32(&w, 0);
	put32(&w, if_id);
	put32(&w, (uint32_t)(rec->time_us >> 32));
	put32(&w, (uint32_t)rec->time_us);
	put32(&w, caplen);
	put32(&w, total);

	/* Packet data, cut at caplen. */
	skip = caplen;
	if (prefix) {
		uint8_t tags[12];
		struct w t = { tags, sizeof(tags), 0 };

		put_be16(&t, EXP_PDU_TAG_DISSECTOR_NAME);
		put_be16(&t, 4);
		put_bytes(&t, (const uint8_t *)SCMIA_PCAPNG_DISSECTOR, 4);
		put_be16(&t, EXP_PDU_TAG_END);
		put_be16(&t, 0);
		put_bytes(&w, tags, skip < prefix ? skip : prefix);
		skip = skip < prefix ? 0u : skip - prefix;
	}
	put_bytes(&w, head, skip < n ? skip : n);
	skip = skip < n ? 0u : skip - n;
	payload = (const uint8_t *)rec->payload;
	/* Past the end of the buffer only the count matters. */
	if (w.pos + skip > w.cap)
		w.pos += skip;
	else
		put_bytes(&w, payload, skip);
	pad32(&w);

	put16(&w, OPT_EPB_FLAGS);
	put16(&w, 4);
	put32(&w, rec->dir == SCMIA_PCAPNG_DIR_P2A ? EPB_FLAG_INBOUND : EPB_FLAG_OUTBOUND);
	put32(&w, OPT_END);
	patch_len(&w, 0);
	return finish(&w);
}

static int tag_has_status(uint8_t tag)
{
	return tag == SCMIA_TRACE_TAG_RESP || tag == SCMIA_TRACE_TAG_DLYD ||
	       tag == SCMIA_TRACE_TAG_RAW_RESP || tag == SCMIA_TRACE_TAG_RAW_DLYD;
}

int scmia_pcapng_rec_from_trace(struct scmia_pcapng_rec *rec, const struct scmia_trace *ev)
{
	if (!rec || !ev || ev->event != SCMIA_TRACE_MSG_DUMP || ev->tag >= SCMIA_TRACE_TAG__COUNT)
		return SCMIA_EINVAL;
	rec->time_us = ev->time_us;
	rec->hdr = ev->hdr;
	rec->dir = (uint8_t)(ev->tag == SCMIA_TRACE_TAG_CMND || ev->tag == SCMIA_TRACE_TAG_RAW_CMND ?
				     SCMIA_PCAPNG_DIR_A2P :
				     SCMIA_PCAPNG_DIR_P2A);
	rec->flags = (uint8_t)(ev->poll ? SCMIA_PCAPNG_F_POLL : 0u);
	rec->tag = ev->tag;
	rec->reason = 0;
	rec->has_status = 0;
	rec->status = 0;
	rec->payload = ev->payload;
	rec->len = ev->payload ? ev->len : 0u;
	switch (ev->tag) {
	case SCMIA_TRACE_TAG_BAD_RESP:
	case SCMIA_TRACE_TAG_BAD_DLYD:
	case SCMIA_TRACE_TAG_BAD_NOTI:
	case SCMIA_TRACE_TAG_BAD_UNKN:
		rec->flags |= SCMIA_PCAPNG_F_DROPPED;
		rec->reason = (int8_t)(ev->status < INT8_MIN ? INT8_MIN :
				       ev->status > INT8_MAX ? INT8_MAX : ev->status);
		break;
	case SCMIA_TRACE_TAG_RAW_CMND:
	case SCMIA_TRACE_TAG_RAW_RESP:
	case SCMIA_TRACE_TAG_RAW_DLYD:
		rec->flags |= SCMIA_PCAPNG_F_RAW;
		break;
	default:
		break;
	}
	if (tag_has_status(ev->tag)) {
		rec->has_status = 1;
		rec->status = ev->status;
	}
	rec->transport_id = scmia_pcapng_transport_id(ev->transport);
	rec->transport = ev->transport;
	rec->chan_id = ev->chan_id;
	rec->agent_id = ev->agent_id;
	rec->transfer_id = ev->transfer_id;
	return SCMIA_OK;
}

uint8_t scmia_pcapng_transport_id(const char *name)
{
	static const struct {
		const char *name;
		uint8_t id;
	} known[] = {
		{ "loopback", SCMIA_PCAPNG_TR_LOOPBACK }, { "smt", SCMIA_PCAPNG_TR_SMT },
		{ "msg", SCMIA_PCAPNG_TR_MSG },           { "smc", SCMIA_PCAPNG_TR_SMC },
		{ "virtio", SCMIA_PCAPNG_TR_VIRTIO },     { "optee", SCMIA_PCAPNG_TR_OPTEE },
		{ "mailbox", SCMIA_PCAPNG_TR_MAILBOX },
	};
	size_t k, i;

	if (!name)
		return SCMIA_PCAPNG_TR_UNKNOWN;
	for (k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		const char *s = known[k].name;

		for (i = 0; s[i] && name[i] == s[i]; i++)
			;
		/* The whole known name, then the end or a '-' suffix. */
		if (!s[i] && (name[i] == '\0' || name[i] == '-'))
			return known[k].id;
	}
	return SCMIA_PCAPNG_TR_UNKNOWN;
}

#else /* !SCMIA_CFG_TRACE */

/* Tracing is compiled out: nothing here (ISO C wants a declaration). */
typedef int scmia_pcapng_compiled_out;

#endif

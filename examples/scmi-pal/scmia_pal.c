/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The compliance suite's platform abstraction layer over scmia's raw
 * message API (see scmia_pal.h). One binding per program: the suite's
 * interface is a set of global functions.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/header.h"
#include "scmia/proto/clock.h"
#include "scmia/proto/powercap.h"
#include "scmia/proto/reset.h"
#include "scmia/proto/sensor.h"
#include "scmia/proto/voltage.h"
#include "scmia/raw.h"
#include "scmia/scmia.h"
#include "scmia_pal.h"

/* Largest payload the layer moves (words after the header and status). */
#define PAL_MAX_BYTES 1024u
/* Asynchronous commands whose delayed response is still to come. */
#define PAL_ASYNC_MAX 8u

#define TOKEN_MASK (0x3ffu << 18)

static struct {
	const struct scmia_pal_cfg *cfg;
	/* core token -> the suite's token, for delayed responses */
	struct {
		uint16_t core;
		uint16_t mine;
		uint8_t used;
	} async[PAL_ASYNC_MAX];
	unsigned next;
	uint8_t buf[8u + PAL_MAX_BYTES];
} pal;

static uint32_t tmo(uint32_t v, uint32_t def)
{
	return v ? v : def;
}

/* Payload words after @skip bytes of @len bytes at pal.buf. */
static size_t words_out(uint32_t len, uint32_t skip, uint32_t *out)
{
	size_t n = 0;
	uint32_t at;

	for (at = skip; at + 4u <= len; at += 4u)
		out[n++] = scmia_get_le32(pal.buf + at);
	return n;
}

/* The standard commands that get a delayed response, from their flags. */
static int std_async(uint32_t hdr, size_t n, const uint32_t *p)
{
	uint8_t proto = scmia_hdr_proto_id(hdr), msg = scmia_hdr_msg_id(hdr);

	switch (proto) {
	case SCMIA_PROTO_CLOCK: /* flags, clock id, rate */
		return msg == SCMIA_CLOCK_RATE_SET && n >= 1 &&
		       (p[0] & (SCMIA_CLOCK_SET_F_ASYNC | SCMIA_CLOCK_SET_F_IGNORE_DRESP)) ==
			       SCMIA_CLOCK_SET_F_ASYNC;
	case SCMIA_PROTO_RESET: /* domain, flags, state */
		return msg == SCMIA_RESET_RESET && n >= 2 && (p[1] & SCMIA_RESET_F_ASYNC);
	case SCMIA_PROTO_SENSOR: /* sensor, flags */
		return msg == SCMIA_SENSOR_READING_GET && n >= 2 &&
		       (p[1] & SCMIA_SENSOR_READ_F_ASYNC);
	case SCMIA_PROTO_VOLTAGE: /* domain, flags, level */
		return msg == SCMIA_VOLTAGE_LEVEL_SET && n >= 2 &&
		       (p[1] & SCMIA_VOLTAGE_SET_F_ASYNC);
	case SCMIA_PROTO_POWERCAP: /* domain, flags, cap */
		return msg == SCMIA_POWERCAP_CAP_SET && n >= 2 &&
		       (p[1] & (SCMIA_POWERCAP_SET_F_ASYNC | SCMIA_POWERCAP_SET_F_IGNORE_DRESP)) ==
			       SCMIA_POWERCAP_SET_F_ASYNC;
	default:
		return 0;
	}
}

uint32_t pal_initialize_system(void *info)
{
	const struct scmia_pal_cfg *cfg = info;

	if (!cfg || !cfg->raw)
		return 1;
	memset(&pal, 0, sizeof(pal));
	pal.cfg = cfg;
	return 0;
}

void pal_send_message(uint32_t message_header_send, size_t parameter_count,
		      const uint32_t *parameters, uint32_t *message_header_rcv, int32_t *status,
		      size_t *return_values_count, uint32_t *return_values)
{
	const struct scmia_pal_cfg *cfg = pal.cfg;
	unsigned flags = 0, kind = 0;
	uint32_t hdr = 0, len = 0;
	size_t i;
	int async, ret;

	*message_header_rcv = message_header_send;
	*status = SCMIA_STATUS_COMMS_ERROR;
	*return_values_count = 0;
	if (!cfg || parameter_count > PAL_MAX_BYTES / 4u || (parameter_count && !parameters))
		return;
	scmia_put_le32(pal.buf, message_header_send);
	for (i = 0; i < parameter_count; i++)
		scmia_put_le32(pal.buf + 4u + 4u * i, parameters[i]);
	async = std_async(message_header_send, parameter_count, parameters) ||
		(cfg->is_async && cfg->is_async(message_header_send, parameter_count, parameters));
	if (async)
		flags |= SCMIA_RAW_SEND_ASYNC;
	if (cfg->poll)
		flags |= SCMIA_RAW_SEND_POLL;
	ret = scmia_raw_send(cfg->raw, cfg->chan, pal.buf, (uint32_t)(4u + 4u * parameter_count),
			     flags, &hdr);
	if (ret)
		return;
	if (async) {
		unsigned k = pal.next++ % PAL_ASYNC_MAX;

		pal.async[k].core = (uint16_t)scmia_hdr_token(hdr);
		pal.async[k].mine = (uint16_t)scmia_hdr_token(message_header_send);
		pal.async[k].used = 1;
	}
	ret = scmia_raw_recv(cfg->raw,
			     SCMIA_RAW_MASK(SCMIA_RAW_RESPONSE) | SCMIA_RAW_MASK(SCMIA_RAW_ERROR),
			     (int)scmia_hdr_token(hdr), pal.buf, sizeof(pal.buf), &len, &kind, NULL,
			     tmo(cfg->reply_timeout_us, 1000000u));
	if ((ret != SCMIA_OK && ret != SCMIA_ENOSPC) || kind != SCMIA_RAW_RESPONSE || len < 8u)
		return;
	*message_header_rcv = (scmia_get_le32(pal.buf) & ~TOKEN_MASK) |
			      (message_header_send & TOKEN_MASK);
	*status = (int32_t)scmia_get_le32(pal.buf + 4);
	*return_values_count = words_out(len, 8u, return_values);
}

void pal_receive_delayed_response(uint32_t *message_header_rcv, int32_t *status,
				  size_t *return_values_count, uint32_t *return_values)
{
	const struct scmia_pal_cfg *cfg = pal.cfg;
	uint32_t hdr, len = 0;
	unsigned kind = 0, k;
	int ret;

	*message_header_rcv = 0;
	*status = SCMIA_STATUS_COMMS_ERROR;
	*return_values_count = 0;
	if (!cfg)
		return;
	ret = scmia_raw_recv(cfg->raw,
			     SCMIA_RAW_MASK(SCMIA_RAW_DELAYED) | SCMIA_RAW_MASK(SCMIA_RAW_ERROR),
			     SCMIA_RAW_TOKEN_ANY, pal.buf, sizeof(pal.buf), &len, &kind, NULL,
			     tmo(cfg->dresp_timeout_us, 2000000u));
	if ((ret != SCMIA_OK && ret != SCMIA_ENOSPC) || len < 4u)
		return;
	hdr = scmia_get_le32(pal.buf);
	/* the suite's token back, if the command was one of its async ones */
	for (k = 0; k < PAL_ASYNC_MAX; k++) {
		if (pal.async[k].used && pal.async[k].core == scmia_hdr_token(hdr)) {
			hdr = (hdr & ~TOKEN_MASK) | ((uint32_t)pal.async[k].mine << 18);
			pal.async[k].used = 0;
			break;
		}
	}
	*message_header_rcv = hdr;
	if (kind != SCMIA_RAW_DELAYED || len < 8u)
		return; /* no delayed response in time: COMMS_ERROR */
	*status = (int32_t)scmia_get_le32(pal.buf + 4);
	*return_values_count = words_out(len, 8u, return_values);
}

void pal_receive_notification(uint32_t *message_header_rcv, size_t *return_values_count,
			      uint32_t *return_values)
{
	const struct scmia_pal_cfg *cfg = pal.cfg;
	uint32_t len = 0;
	int ret;

	*message_header_rcv = 0;
	*return_values_count = 0;
	if (!cfg)
		return;
	ret = scmia_raw_recv(cfg->raw, SCMIA_RAW_MASK(SCMIA_RAW_NOTIFICATION),
			     SCMIA_RAW_TOKEN_ANY, pal.buf, sizeof(pal.buf), &len, NULL, NULL,
			     tmo(cfg->notif_timeout_us, 2000000u));
	if ((ret != SCMIA_OK && ret != SCMIA_ENOSPC) || len < 4u)
		return;
	*message_header_rcv = scmia_get_le32(pal.buf);
	*return_values_count = words_out(len, 4u, return_values);
}

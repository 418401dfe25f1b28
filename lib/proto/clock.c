/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clock management protocol (0x14), DEN0056 §4.6.
 *
 * Layout changes by version (agreed version, scmia_proto_handle::version):
 *   1.0  CLOCK_ATTRIBUTES: attributes (bit 0 enabled), name[16].
 *        CLOCK_CONFIG_SET: clock_id, attributes (bit 0 enable).
 *   2.0  + CLOCK_NAME_GET, CLOCK_RATE_NOTIFY, CLOCK_RATE_CHANGE_REQUESTED_NOTIFY;
 *        attributes bits 31..29; CLOCK_ATTRIBUTES may append
 *        clock_enable_latency (platforms of the 3.1 specification do).
 *   3.0  + CLOCK_CONFIG_GET, CLOCK_POSSIBLE_PARENTS_GET, CLOCK_PARENT_SET/GET,
 *        CLOCK_GET_PERMISSIONS; attributes bits 28, 27 and 1;
 *        CLOCK_ATTRIBUTES always carries clock_enable_latency;
 *        CLOCK_CONFIG_SET: clock_id, attributes (state in 1:0, extended
 *        configuration type in 23:16), extended_config_val.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/clock.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_CLOCK

/* PROTOCOL_ATTRIBUTES: one word (max async 23:16, clocks 15:0). */
#define CLOCK_PROTO_ATTRS_LEN 4u
/* CLOCK_ATTRIBUTES: attributes, name[16] (+ clock_enable_latency). */
#define CLOCK_ATTRS_LEN_V1 (4u + SCMIA_PROTO_NAME_LEN)
#define CLOCK_ATTRS_LEN_V3 (CLOCK_ATTRS_LEN_V1 + 4u)

/* Attribute bits defined by each version; the rest is reserved. */
#define CLOCK_ATTR_V1 SCMIA_CLOCK_ATTR_ENABLED
#define CLOCK_ATTR_V2                                                                  \
	(CLOCK_ATTR_V1 | SCMIA_CLOCK_ATTR_EXT_NAME |                                   \
	 SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGE_REQUESTED | SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGED)
#define CLOCK_ATTR_V3                                                                  \
	(CLOCK_ATTR_V2 | SCMIA_CLOCK_ATTR_GET_PERMISSIONS | SCMIA_CLOCK_ATTR_EXT_CONFIG | \
	 SCMIA_CLOCK_ATTR_PARENTS)

#define CLOCK_SET_F_ALL                                                                \
	(SCMIA_CLOCK_SET_F_ASYNC | SCMIA_CLOCK_SET_F_IGNORE_DRESP | SCMIA_CLOCK_SET_F_ROUND_UP | \
	 SCMIA_CLOCK_SET_F_ROUND_AUTO)

static uint32_t clock_major(const struct scmia_proto_handle *ph)
{
	return SCMIA_PROTO_VERSION_MAJOR(ph->version);
}

static int clock_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	struct scmia_clock_info *ci = (struct scmia_clock_info *)ph->priv;

	(void)attrs;
	(void)len;
	if (ci)
		(void)scmia_clock_protocol_attributes(ph, ci);
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_clock_desc = {
	.id = SCMIA_PROTO_CLOCK,
	.version = SCMIA_CLOCK_VERSION,
	.name = "clock",
	.attrs_min_len = CLOCK_PROTO_ATTRS_LEN,
	.init = clock_init,
	.notify_src = NULL,
};

int scmia_clock_protocol_attributes(const struct scmia_proto_handle *ph,
				    struct scmia_clock_info *out)
{
	if (!ph || !out)
		return SCMIA_EINVAL;
	/* PROTOCOL_ATTRIBUTES (§4.6.2): max pending async 23:16, clocks 15:0. */
	out->n_clocks = (uint16_t)(ph->attributes & 0xffffu);
	out->max_async = (uint8_t)((ph->attributes >> 16) & 0xffu);
	return SCMIA_OK;
}

uint32_t scmia_clock_num_clocks(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

int scmia_clock_name_get(struct scmia_proto_handle *ph, uint32_t clock_id, char *name,
			 size_t cap)
{
	/* CLOCK_NAME_GET (§4.6.2): in clock_id; out flags, name[64]. */
	return scmia__proto_name_get(ph, 2u, SCMIA_CLOCK_NAME_GET, clock_id, name, cap);
}

int scmia_clock_attributes(struct scmia_proto_handle *ph, uint32_t clock_id, int ext_name,
			   struct scmia_clock_attrs *out)
{
	uint8_t rx[CLOCK_ATTRS_LEN_V3];
	uint32_t attr, len = 0, min;
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	out->enable_latency_us = SCMIA_CLOCK_LATENCY_UNKNOWN;
	/* CLOCK_ATTRIBUTES (§4.6.2): in clock_id; out attributes,
	 * clock_name[16], clock_enable_latency (v3; optional in v2). */
	min = clock_major(ph) >= 3u ? CLOCK_ATTRS_LEN_V3 : CLOCK_ATTRS_LEN_V1;
	ret = scmia__proto_cmd_id(ph, SCMIA_CLOCK_ATTRIBUTES, clock_id, rx, min, sizeof(rx), &len);
	if (ret)
		return ret;
	attr = scmia_get_le32(rx);
	if (clock_major(ph) >= 3u)
		attr &= CLOCK_ATTR_V3;
	else if (clock_major(ph) == 2u)
		attr &= CLOCK_ATTR_V2;
	else
		attr &= CLOCK_ATTR_V1;
	out->attributes = attr;
	if (clock_major(ph) >= 2u && len >= CLOCK_ATTRS_LEN_V3)
		out->enable_latency_us = scmia_get_le32(rx + CLOCK_ATTRS_LEN_V1);
	return scmia__proto_dom_name(ph, ext_name && (attr & SCMIA_CLOCK_ATTR_EXT_NAME), 2u,
				     SCMIA_CLOCK_NAME_GET, clock_id, rx + 4, out->name,
				     sizeof(out->name));
}

static int clock_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_clock_dom *d = (struct scmia_clock_dom *)item;

	d->err = scmia_clock_attributes(ph, id, 1, &d->attrs);
	return d->err;
}

int scmia_clock_describe(struct scmia_proto_handle *ph, struct scmia_clock_dom *clocks,
			 uint32_t cap, uint32_t *n)
{
	/* A clock of another agent (DENIED) or absent (NOT_FOUND) does not
	 * stop the others. */
	return scmia__proto_describe_all(ph, clocks, sizeof(*clocks), cap, n, clock_describe_one);
}

/* ---- CLOCK_DESCRIBE_RATES through the shared iterator ---- */

#define RATES_FMT_UNKNOWN 0
#define RATES_FMT_LIST 1
#define RATES_FMT_RANGE 2

struct rates_ctx {
	uint64_t *rates;
	uint32_t cap;
	uint32_t clock_id;
	int fmt;
	uint64_t triplet[3];
};

static int rates_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len)
{
	const struct rates_ctx *rc = (const struct rates_ctx *)ctx;

	/* in: clock_id, rate_index (first rate wanted). */
	return scmia__proto_prep_id_index(rc->clock_id, index, tx, cap, tx_len);
}

static int rates_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
			struct scmia_proto_iter_page *pg)
{
	struct rates_ctx *rc = (struct rates_ctx *)ctx;
	int ret, fmt;

	/* out: num_rates_flags (remaining 31:16, format bit 12: 1 range,
	 * returned 11:0), then rates[] of two words each, low word first. */
	ret = scmia__proto_page_count(rx, len, 0xfffu, 16, pg);
	if (ret)
		return ret;
	fmt = (scmia_get_le32(rx) & (1u << 12)) ? RATES_FMT_RANGE : RATES_FMT_LIST;
	if (rc->fmt != RATES_FMT_UNKNOWN && rc->fmt != fmt)
		return SCMIA_EMALFORMED;
	rc->fmt = fmt;
	if (fmt == RATES_FMT_RANGE) {
		/* One page, one triplet (min, max, step), nothing remaining.
		 * Known out-of-spec firmware counts the triplet as one entry
		 * while sending all three rates: accept it when the three
		 * rates are really there. */
		if (index != 0)
			return SCMIA_EMALFORMED;
		if (pg->returned != 3u || pg->remaining != 0u) {
			if (pg->remaining != 0u || len < 4u + 3u * 8u)
				return SCMIA_EMALFORMED;
			pg->returned = 3;
		}
	}
	/* At most 4095 entries: no overflow. */
	pg->min_len = 4u + pg->returned * 8u;
	return SCMIA_OK;
}

static int rates_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct rates_ctx *rc = (struct rates_ctx *)ctx;
	uint64_t v;

	if (avail < 8)
		return SCMIA_ETOOSHORT;
	v = scmia_get_le64(p);
	if (rc->fmt == RATES_FMT_RANGE) {
		if (index >= 3u)
			return SCMIA_EMALFORMED;
		rc->triplet[index] = v;
		return 8;
	}
	if (index >= rc->cap)
		return SCMIA_ENOSPC;
	rc->rates[index] = v;
	return 8;
}

static const struct scmia_proto_iter_ops rates_ops = {
	.prepare = rates_prepare,
	.decode_header = rates_header,
	.decode_entry = rates_entry,
};

int scmia_clock_describe_rates(struct scmia_proto_handle *ph, uint32_t clock_id,
			       uint64_t *rates, uint32_t cap, struct scmia_clock_rates *out)
{
	struct rates_ctx rc;
	struct scmia_proto_iter it;
	int ret;

	if (!ph || !out || (cap && !rates))
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	memset(&rc, 0, sizeof(rc));
	rc.rates = rates;
	rc.cap = cap;
	rc.clock_id = clock_id;
	rc.fmt = RATES_FMT_UNKNOWN;
	/* Room for a triplet even when the caller has no list storage; list
	 * entries past cap are refused by rates_entry(). */
	scmia_proto_iter_init(&it, SCMIA_CLOCK_DESCRIBE_RATES, &rates_ops, &rc,
			      cap < 3u ? 3u : cap);
	ret = scmia_proto_iter_run(ph, &it);
	out->total = it.total;
	if (rc.fmt == RATES_FMT_RANGE) {
		if (ret)
			return ret;
		if (it.count != 3u || rc.triplet[0] > rc.triplet[1])
			return SCMIA_EMALFORMED;
		out->range = 1;
		out->count = 3;
		out->min = rc.triplet[0];
		out->max = rc.triplet[1];
		out->step = rc.triplet[2];
		return SCMIA_OK;
	}
	out->count = it.count < cap ? it.count : cap;
	return ret;
}

/* ---- rates ---- */

int scmia_clock_rate_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint64_t *rate)
{
	uint8_t rx[8];
	int ret;

	if (!ph || !rate)
		return SCMIA_EINVAL;
	/* CLOCK_RATE_GET (§4.6.2): in clock_id; out rate low, rate high. */
	ret = scmia__proto_cmd_id(ph, SCMIA_CLOCK_RATE_GET, clock_id, rx, 8, 8, NULL);
	if (ret)
		return ret;
	*rate = scmia_get_le64(rx);
	return SCMIA_OK;
}

int scmia_clock_rate_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t flags,
			 uint64_t rate, uint64_t *actual)
{
	uint8_t tx[16], rx[12];
	int ret;

	if (!ph || (flags & ~CLOCK_SET_F_ALL))
		return SCMIA_EINVAL;
	/* Bit 1 (no delayed response) only qualifies an asynchronous request. */
	if ((flags & SCMIA_CLOCK_SET_F_IGNORE_DRESP) && !(flags & SCMIA_CLOCK_SET_F_ASYNC))
		return SCMIA_EINVAL;
	if ((flags & SCMIA_CLOCK_SET_F_ASYNC) && !((ph->attributes >> 16) & 0xffu))
		return SCMIA_ENOTSUP;
	/* CLOCK_RATE_SET (§4.6.2): in flags, clock_id, rate low, rate high. */
	scmia_put_le32(tx, flags);
	scmia_put_le32(tx + 4, clock_id);
	scmia_put_le64(tx + 8, rate);
	if (!(flags & SCMIA_CLOCK_SET_F_ASYNC) || (flags & SCMIA_CLOCK_SET_F_IGNORE_DRESP)) {
		ret = scmia_proto_cmd(ph, SCMIA_CLOCK_RATE_SET, tx, 16, NULL, 0, 0, NULL, 0);
		if (!ret && actual)
			*actual = rate;
		return ret;
	}
	/* Delayed response CLOCK_RATE_SET_COMPLETE: status, clock_id, rate
	 * low, rate high; it must name the clock we set. */
	ret = scmia_proto_cmd(ph, SCMIA_CLOCK_RATE_SET, tx, 16, rx, 12, 12, NULL,
			      SCMIA_XFER_F_ASYNC);
	if (ret)
		return ret;
	if (scmia_get_le32(rx) != clock_id)
		return SCMIA_EMALFORMED;
	if (actual)
		*actual = scmia_get_le64(rx + 4);
	return SCMIA_OK;
}

/* ---- configuration ---- */

int scmia_clock_config_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t state,
			   uint8_t ext_type, uint32_t ext_value)
{
	uint8_t tx[12];

	if (!ph)
		return SCMIA_EINVAL;
	if (state != SCMIA_CLOCK_STATE_ENABLE && state != SCMIA_CLOCK_STATE_DISABLE &&
	    state != SCMIA_CLOCK_STATE_UNCHANGED)
		return SCMIA_EINVAL;
	scmia_put_le32(tx, clock_id);
	if (clock_major(ph) < 3u) {
		/* v1/v2 CLOCK_CONFIG_SET (§4.6.2): in clock_id,
		 * attributes (bit 0 enable). */
		if (ext_type || state == SCMIA_CLOCK_STATE_UNCHANGED)
			return SCMIA_ENOTSUP;
		scmia_put_le32(tx + 4, state);
		return scmia_proto_cmd(ph, SCMIA_CLOCK_CONFIG_SET, tx, 8, NULL, 0, 0, NULL, 0);
	}
	/* v3: in clock_id, attributes (extended config type 23:16, state
	 * 1:0), extended_config_val. */
	scmia_put_le32(tx + 4, ((uint32_t)ext_type << 16) | state);
	scmia_put_le32(tx + 8, ext_type ? ext_value : 0u);
	return scmia_proto_cmd(ph, SCMIA_CLOCK_CONFIG_SET, tx, 12, NULL, 0, 0, NULL, 0);
}

int scmia_clock_config_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint8_t ext_type,
			   int *enabled, uint32_t *ext_value)
{
	struct scmia_clock_attrs a;
	uint8_t tx[8], rx[12];
	int ret;

	if (!ph)
		return SCMIA_EINVAL;
	if (ext_value)
		*ext_value = 0;
	if (clock_major(ph) < 3u) {
		/* No CLOCK_CONFIG_GET before v3: the state is bit 0 of
		 * CLOCK_ATTRIBUTES. */
		if (ext_type)
			return SCMIA_ENOTSUP;
		ret = scmia_clock_attributes(ph, clock_id, 0, &a);
		if (ret)
			return ret;
		if (enabled)
			*enabled = (a.attributes & SCMIA_CLOCK_ATTR_ENABLED) ? 1 : 0;
		return SCMIA_OK;
	}
	/* CLOCK_CONFIG_GET (§4.6.2): in clock_id, flags (extended config
	 * type 7:0); out attributes (reserved), config (bit 0 enabled),
	 * extended_config_val. */
	scmia_put_le32(tx, clock_id);
	scmia_put_le32(tx + 4, ext_type);
	ret = scmia_proto_cmd(ph, SCMIA_CLOCK_CONFIG_GET, tx, 8, rx, 12, 12, NULL, 0);
	if (ret)
		return ret;
	if (enabled)
		*enabled = (scmia_get_le32(rx + 4) & 1u) ? 1 : 0;
	if (ext_value && ext_type)
		*ext_value = scmia_get_le32(rx + 8);
	return SCMIA_OK;
}

/* ---- notifications enable ---- */

int scmia_clock_rate_notify(struct scmia_proto_handle *ph, uint32_t clock_id, int enable)
{
	/* CLOCK_RATE_NOTIFY (§4.6.2): in clock_id, notify_enable. */
	return scmia__proto_notify(ph, 2u, SCMIA_CLOCK_RATE_NOTIFY, clock_id, enable);
}

int scmia_clock_rate_change_requested_notify(struct scmia_proto_handle *ph, uint32_t clock_id,
					     int enable)
{
	/* CLOCK_RATE_CHANGE_REQUESTED_NOTIFY (§4.6.2): in clock_id,
	 * notify_enable. */
	return scmia__proto_notify(ph, 2u, SCMIA_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY, clock_id,
				   enable);
}

/* ---- parents (v3) ---- */

struct parents_ctx {
	uint32_t *parents;
	uint32_t clock_id;
};

static int parents_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap,
			   uint32_t *tx_len)
{
	const struct parents_ctx *pc = (const struct parents_ctx *)ctx;

	/* in: clock_id, skip_parents. */
	return scmia__proto_prep_id_index(pc->clock_id, index, tx, cap, tx_len);
}

static int parents_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
			  struct scmia_proto_iter_page *pg)
{
	int ret;

	(void)ctx;
	(void)index;
	/* out: num_parent_flags (remaining 31:24, returned 7:0), then
	 * possible_parents[] (one word each). */
	ret = scmia__proto_page_count(rx, len, 0xffu, 24, pg);
	if (ret)
		return ret;
	pg->min_len = 4u + pg->returned * 4u;
	return SCMIA_OK;
}

static int parents_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct parents_ctx *pc = (struct parents_ctx *)ctx;

	if (avail < 4)
		return SCMIA_ETOOSHORT;
	/* Kept as sent: a parent id is a clock id, never translated. */
	pc->parents[index] = scmia_get_le32(p);
	return 4;
}

static const struct scmia_proto_iter_ops parents_ops = {
	.prepare = parents_prepare,
	.decode_header = parents_header,
	.decode_entry = parents_entry,
};

int scmia_clock_possible_parents_get(struct scmia_proto_handle *ph, uint32_t clock_id,
				     uint32_t *parents, uint32_t cap, uint32_t *n)
{
	struct parents_ctx pc;
	struct scmia_proto_iter it;
	int ret;

	if (n)
		*n = 0;
	if (!ph || !parents || !cap)
		return SCMIA_EINVAL;
	if (clock_major(ph) < 3u)
		return SCMIA_ENOTSUP;
	pc.parents = parents;
	pc.clock_id = clock_id;
	/* CLOCK_POSSIBLE_PARENTS_GET (§4.6.2). */
	scmia_proto_iter_init(&it, SCMIA_CLOCK_POSSIBLE_PARENTS_GET, &parents_ops, &pc, cap);
	ret = scmia_proto_iter_run(ph, &it);
	if (n)
		*n = it.count;
	return ret;
}

int scmia_clock_parent_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t parent_id)
{
	if (!ph)
		return SCMIA_EINVAL;
	if (clock_major(ph) < 3u)
		return SCMIA_ENOTSUP;
	/* CLOCK_PARENT_SET (§4.6.2): in clock_id, parent_id. */
	return scmia__proto_set_word(ph, SCMIA_CLOCK_PARENT_SET, clock_id, parent_id);
}

int scmia_clock_parent_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t *parent_id)
{
	if (!ph || !parent_id)
		return SCMIA_EINVAL;
	if (clock_major(ph) < 3u)
		return SCMIA_ENOTSUP;
	/* CLOCK_PARENT_GET (§4.6.2): in clock_id; out parent_id. */
	return scmia__proto_get_word(ph, SCMIA_CLOCK_PARENT_GET, clock_id, parent_id);
}

int scmia_clock_get_permissions(struct scmia_proto_handle *ph, uint32_t clock_id,
				uint32_t *perms)
{
	uint32_t w;
	int ret;

	if (!ph || !perms)
		return SCMIA_EINVAL;
	if (clock_major(ph) < 3u)
		return SCMIA_ENOTSUP;
	/* CLOCK_GET_PERMISSIONS (§4.6.2): in clock_id; out permissions
	 * (state 31, parent 30, rate 29). */
	ret = scmia__proto_get_word(ph, SCMIA_CLOCK_GET_PERMISSIONS, clock_id, &w);
	if (ret)
		return ret;
	*perms = w & (SCMIA_CLOCK_PERM_STATE | SCMIA_CLOCK_PERM_PARENT | SCMIA_CLOCK_PERM_RATE);
	return SCMIA_OK;
}

/* ---- notifications ---- */

static int rate_event_decode(const struct scmia_notification *n, uint8_t evt,
			     struct scmia_clock_rate_event *out)
{
	const uint8_t *p;
	int ret;

	/* agent_id, clock_id, rate low, rate high (§4.6.3). */
	ret = scmia__proto_evt(n, SCMIA_PROTO_CLOCK, evt, out, sizeof(*out), 16, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->clock_id = scmia_get_le32(p + 4);
	out->rate = scmia_get_le64(p + 8);
	return SCMIA_OK;
}

int scmia_clock_rate_changed_decode(const struct scmia_notification *n,
				    struct scmia_clock_rate_event *out)
{
	return rate_event_decode(n, SCMIA_CLOCK_RATE_CHANGED, out);
}

int scmia_clock_rate_change_requested_decode(const struct scmia_notification *n,
					     struct scmia_clock_rate_event *out)
{
	return rate_event_decode(n, SCMIA_CLOCK_RATE_CHANGE_REQUESTED, out);
}

#endif /* SCMIA_CFG_PROTO_CLOCK */

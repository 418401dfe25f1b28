/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sensor management protocol (0x15), DEN0056 §4.7.
 *
 * Layout changes by version (agreed version):
 *   1.0  descriptor: sensor_id, attributes_low, attributes_high, name[16]
 *        (28 bytes); SENSOR_READING_GET returns value low, high.
 *   2.0  descriptor + power, resolution, min_range, max_range (24 bytes)
 *        when attributes_low bit 8 says so; SENSOR_READING_GET returns one
 *        (value, timestamp) pair per axis (16 bytes each); axes,
 *        update intervals, sensor configuration, continuous updates.
 *   3.0  extended names (SENSOR_NAME_GET, SENSOR_AXIS_NAME_GET).
 *   3.1  NEGOTIATE_PROTOCOL_VERSION; no layout change.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/sensor.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_SENSOR

/* PROTOCOL_ATTRIBUTES: attributes (max async 23:16, sensors 15:0),
 * sensor_reg_address low, high, sensor_reg_len. */
#define SENSOR_PROTO_ATTRS_LEN 16u

/* Descriptor sizes. */
#define SENSOR_DESC_LEN 28u
#define SENSOR_DESC_EXT_LEN 24u
#define SENSOR_AXIS_LEN 28u
#define SENSOR_AXIS_EXT_LEN 20u
#define SENSOR_AXIS_NAME_LEN (4u + SCMIA_PROTO_EXT_NAME_LEN)

/* attributes_low / attributes_high bits defined by each version. */
#define SENSOR_LOW_V1 (SCMIA_SENSOR_ATTR_ASYNC | 0xffu)
#define SENSOR_LOW_V2                                                                 \
	(SENSOR_LOW_V1 | SCMIA_SENSOR_ATTR_UPDATE_NOTIFY | (0x1fu << 10) |            \
	 SCMIA_SENSOR_ATTR_TIMESTAMP | SCMIA_SENSOR_ATTR_EXT_ATTRS)
#define SENSOR_LOW_V3 (SENSOR_LOW_V2 | SCMIA_SENSOR_ATTR_EXT_NAME)
#define SENSOR_HIGH_V1 ((0x1fu << 11) | 0xffu)
#define SENSOR_HIGH_V2                                                                \
	(SENSOR_HIGH_V1 | (0x1fu << 27) | (0x1fu << 22) | (0x3fu << 16) | SCMIA_SENSOR_ATTRH_AXES)
#define AXIS_LOW_V2 SCMIA_SENSOR_AXIS_ATTR_EXT_ATTRS
#define AXIS_LOW_V3 (AXIS_LOW_V2 | SCMIA_SENSOR_AXIS_ATTR_EXT_NAME)
#define AXIS_HIGH ((0x1fu << 11) | 0xffu)

/* sensor_config bits a SENSOR_CONFIG_SET may carry. */
#define SENSOR_CFG_RESERVED (0x7fu << 2)
#define SENSOR_CFG_ROUND_MASK (3u << 9)

static uint32_t sensor_major(const struct scmia_proto_handle *ph)
{
	return SCMIA_PROTO_VERSION_MAJOR(ph->version);
}

/* Sign-extend a 5-bit two's complement field. */
static int8_t sext5(uint32_t v)
{
	v &= 0x1fu;
	return (int8_t)(v & 0x10u ? (int)v - 32 : (int)v);
}

static int sensor_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	struct scmia_sensor_info *si = (struct scmia_sensor_info *)ph->priv;

	(void)len;
	if (!si)
		return SCMIA_OK;
	(void)scmia_sensor_protocol_attributes(ph, si);
	si->reg_addr = scmia_get_le64(attrs + 4);
	si->reg_len = scmia_get_le32(attrs + 12);
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_sensor_desc = {
	.id = SCMIA_PROTO_SENSOR,
	.version = SCMIA_SENSOR_VERSION,
	.name = "sensor",
	.attrs_min_len = SENSOR_PROTO_ATTRS_LEN,
	.init = sensor_init,
	.notify_src = NULL,
};

int scmia_sensor_protocol_attributes(const struct scmia_proto_handle *ph,
				     struct scmia_sensor_info *out)
{
	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	out->n_sensors = (uint16_t)(ph->attributes & 0xffffu);
	out->max_async = (uint8_t)((ph->attributes >> 16) & 0xffu);
	return SCMIA_OK;
}

uint32_t scmia_sensor_num_sensors(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

int scmia_sensor_name_get(struct scmia_proto_handle *ph, uint32_t sensor_id, char *name,
			  size_t cap)
{
	/* SENSOR_NAME_GET (§4.7.2): in sensor_id; out flags, name[64]. */
	return scmia__proto_name_get(ph, 3u, SCMIA_SENSOR_NAME_GET, sensor_id, name, cap);
}

/* ---- SENSOR_DESCRIPTION_GET through the shared iterator ---- */

struct desc_ctx {
	struct scmia_sensor_desc *descs;
	uint32_t major;
};

static int desc_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len)
{
	(void)ctx;
	if (cap < 4)
		return SCMIA_EINVAL;
	/* in: desc_index (first descriptor wanted). */
	scmia_put_le32(tx, index);
	*tx_len = 4;
	return SCMIA_OK;
}

static int desc_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
		       struct scmia_proto_iter_page *pg)
{
	int ret;

	(void)ctx;
	(void)index;
	/* out: num_sensor_flags (remaining 31:16, returned 11:0), then
	 * descriptors of variable size. */
	ret = scmia__proto_page_count(rx, len, 0xfffu, 16, pg);
	if (ret)
		return ret;
	/* Every descriptor is at least 28 bytes (at most 4095 of them). */
	pg->min_len = 4u + pg->returned * SENSOR_DESC_LEN;
	return SCMIA_OK;
}

static int desc_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct desc_ctx *dc = (struct desc_ctx *)ctx;
	struct scmia_sensor_desc *d = &dc->descs[index];
	uint32_t lo, hi, size = SENSOR_DESC_LEN;

	/* sensor_id, attributes_low, attributes_high, name[16]; from v2,
	 * when attributes_low bit 8: power, resolution, min_range low,
	 * high, max_range low, high. */
	if (avail < SENSOR_DESC_LEN)
		return SCMIA_ETOOSHORT;
	lo = scmia_get_le32(p + 4);
	hi = scmia_get_le32(p + 8);
	if (dc->major >= 2u && (lo & SCMIA_SENSOR_ATTR_EXT_ATTRS))
		size += SENSOR_DESC_EXT_LEN;
	if (avail < size)
		return SCMIA_ETOOSHORT;
	memset(d, 0, sizeof(*d));
	if (dc->major >= 3u)
		lo &= SENSOR_LOW_V3;
	else if (dc->major == 2u)
		lo &= SENSOR_LOW_V2;
	else
		lo &= SENSOR_LOW_V1;
	hi &= dc->major >= 2u ? SENSOR_HIGH_V2 : SENSOR_HIGH_V1;
	d->id = scmia_get_le32(p);
	d->attr_low = lo;
	d->attr_high = hi;
	d->type = (uint8_t)(hi & 0xffu);
	d->scale = sext5(hi >> 11);
	d->n_trip_points = (uint8_t)(lo & 0xffu);
	if (hi & SCMIA_SENSOR_ATTRH_AXES)
		d->n_axes = (uint8_t)((hi >> 16) & 0x3fu);
	if (lo & SCMIA_SENSOR_ATTR_TIMESTAMP)
		d->tstamp_exp = sext5(lo >> 10);
	d->update_base = (uint8_t)((hi >> 27) & 0x1fu);
	d->update_exp = sext5(hi >> 22);
	scmia_proto_name_copy(d->name, sizeof(d->name), p + 12, SCMIA_PROTO_NAME_LEN);
	if (size > SENSOR_DESC_LEN) {
		uint32_t res = scmia_get_le32(p + 32);

		d->has_ext = 1;
		d->power_uw = scmia_get_le32(p + 28);
		d->resolution = res & 0x7ffffffu;
		d->resolution_exp = sext5(res >> 27);
		d->min_range = (int64_t)scmia_get_le64(p + 36);
		d->max_range = (int64_t)scmia_get_le64(p + 44);
	}
	return (int)size;
}

static const struct scmia_proto_iter_ops desc_ops = {
	.prepare = desc_prepare,
	.decode_header = desc_header,
	.decode_entry = desc_entry,
};

int scmia_sensor_description_get(struct scmia_proto_handle *ph, struct scmia_sensor_desc *descs,
				 uint32_t cap, int ext_name, uint32_t *n)
{
	struct desc_ctx dc;
	struct scmia_proto_iter it;
	uint32_t i;
	int ret, r;

	if (n)
		*n = 0;
	if (!ph || !descs || !cap)
		return SCMIA_EINVAL;
	dc.descs = descs;
	dc.major = sensor_major(ph);
	/* SENSOR_DESCRIPTION_GET (§4.7.2). */
	scmia_proto_iter_init(&it, SCMIA_SENSOR_DESCRIPTION_GET, &desc_ops, &dc, cap);
	ret = scmia_proto_iter_run(ph, &it);
	if (n)
		*n = it.count;
	if (ret && ret != SCMIA_ENOSPC)
		return ret;
	/* Names after the walk: no command may run while a page is held. A
	 * sensor whose name is refused (DENIED, ...) keeps its short name. */
	for (i = 0; ext_name && i < it.count; i++) {
		char name[SCMIA_PROTO_EXT_NAME_LEN];

		if (!(descs[i].attr_low & SCMIA_SENSOR_ATTR_EXT_NAME))
			continue;
		r = scmia_sensor_name_get(ph, descs[i].id, name, sizeof(name));
		if (r == SCMIA_OK)
			memcpy(descs[i].name, name, sizeof(name));
		else if (!scmia_err_is_scmi(r))
			return r;
	}
	return ret;
}

/* ---- readings ---- */

int scmia_sensor_reading_get(struct scmia_proto_handle *ph, uint32_t sensor_id, uint32_t flags,
			     struct scmia_sensor_reading *readings, uint32_t count)
{
	struct scmia_xfer *x;
	const uint8_t *p;
	uint32_t esz, off, need, i;
	int async, ret;

	if (!ph || !ph->agent || !readings || !count || count > SCMIA_SENSOR_MAX_AXES ||
	    (flags & ~SCMIA_SENSOR_READ_F_ASYNC))
		return SCMIA_EINVAL;
	if (sensor_major(ph) < 2u && count != 1u)
		return SCMIA_EINVAL;
	async = (flags & SCMIA_SENSOR_READ_F_ASYNC) != 0;
	/* v1 reply: value low, high. v2: per axis value low, high,
	 * timestamp low, high. The delayed response SENSOR_READING_COMPLETE
	 * puts the sensor_id first. */
	esz = sensor_major(ph) >= 2u ? 16u : 8u;
	off = async ? 4u : 0u;
	need = off + count * esz;
	/* SENSOR_READING_GET (§4.7.2): in sensor_id, flags (bit 0 async).
	 * The readings are decoded from the slot: no large stack buffer. */
	ret = scmia_xfer_get(ph->agent, ph->id, SCMIA_SENSOR_READING_GET, 8, need, &x);
	if (ret)
		return ret;
	scmia_put_le32(x->tx_buf, sensor_id);
	scmia_put_le32((uint8_t *)x->tx_buf + 4, flags);
	ret = scmia_xfer_do(x, (async ? SCMIA_XFER_F_ASYNC : 0u) | ph->xfer_flags);
	if (ret == SCMIA_OK) {
		p = (const uint8_t *)x->rx_buf;
		if (x->rx_len < need)
			ret = SCMIA_ETOOSHORT;
		else if (async && scmia_get_le32(p) != sensor_id)
			ret = SCMIA_EMALFORMED;
	}
	if (ret == SCMIA_OK) {
		p = (const uint8_t *)x->rx_buf + off;
		for (i = 0; i < count; i++, p += esz) {
			readings[i].value = (int64_t)scmia_get_le64(p);
			readings[i].timestamp = esz == 16u ? scmia_get_le64(p + 8) : 0u;
		}
	}
	(void)scmia_xfer_put(x);
	return ret;
}

/* ---- trip points ---- */

int scmia_sensor_trip_point_notify(struct scmia_proto_handle *ph, uint32_t sensor_id, int enable)
{
	/* SENSOR_TRIP_POINT_NOTIFY (§4.7.2): in sensor_id,
	 * sensor_event_control (bit 0). */
	return scmia__proto_notify(ph, 0u, SCMIA_SENSOR_TRIP_POINT_NOTIFY, sensor_id, enable);
}

int scmia_sensor_trip_point_config(struct scmia_proto_handle *ph, uint32_t sensor_id,
				   uint32_t tp_id, uint32_t ev_ctrl, int64_t value)
{
	uint8_t tx[16];

	if (!ph || tp_id > 0xffu || ev_ctrl > SCMIA_SENSOR_TP_BOTH)
		return SCMIA_EINVAL;
	/* SENSOR_TRIP_POINT_CONFIG (§4.7.2): in sensor_id,
	 * trip_point_ev_ctrl (trip point id 11:4, event control 1:0),
	 * trip_point_val low, high. */
	scmia_put_le32(tx, sensor_id);
	scmia_put_le32(tx + 4, (tp_id << 4) | ev_ctrl);
	scmia_put_le64(tx + 8, (uint64_t)value);
	return scmia_proto_cmd(ph, SCMIA_SENSOR_TRIP_POINT_CONFIG, tx, 16, NULL, 0, 0, NULL, 0);
}

/* ---- axes (v2) ---- */

struct axis_ctx {
	struct scmia_sensor_axis *axes;
	uint32_t n;
	uint32_t sensor_id;
	uint32_t major;
	uint32_t min_esz; /* smallest entry of the message */
};

static int axis_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len)
{
	const struct axis_ctx *ac = (const struct axis_ctx *)ctx;

	/* in: sensor_id, axis_desc_index. */
	return scmia__proto_prep_id_index(ac->sensor_id, index, tx, cap, tx_len);
}

static int axis_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
		       struct scmia_proto_iter_page *pg)
{
	struct axis_ctx *ac = (struct axis_ctx *)ctx;
	int ret;

	(void)index;
	/* out: num_axis_flags (remaining 31:26, returned 5:0), then
	 * entries of at least min_esz bytes. */
	ret = scmia__proto_page_count(rx, len, 0x3fu, 26, pg);
	if (ret)
		return ret;
	pg->min_len = 4u + pg->returned * ac->min_esz;
	return SCMIA_OK;
}

static int axis_desc_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct axis_ctx *ac = (struct axis_ctx *)ctx;
	struct scmia_sensor_axis *ax = &ac->axes[index];
	uint32_t lo, hi, size = SENSOR_AXIS_LEN;

	/* axis_id, axis_attributes_low, axis_attributes_high, name[16];
	 * when attributes_low bit 8: resolution, min_range low, high,
	 * max_range low, high. */
	if (avail < SENSOR_AXIS_LEN)
		return SCMIA_ETOOSHORT;
	lo = scmia_get_le32(p + 4);
	hi = scmia_get_le32(p + 8);
	if (lo & SCMIA_SENSOR_AXIS_ATTR_EXT_ATTRS)
		size += SENSOR_AXIS_EXT_LEN;
	if (avail < size)
		return SCMIA_ETOOSHORT;
	memset(ax, 0, sizeof(*ax));
	ax->id = scmia_get_le32(p);
	ax->attr_low = lo & (ac->major >= 3u ? AXIS_LOW_V3 : AXIS_LOW_V2);
	ax->attr_high = hi & AXIS_HIGH;
	ax->type = (uint8_t)(hi & 0xffu);
	ax->scale = sext5(hi >> 11);
	scmia_proto_name_copy(ax->name, sizeof(ax->name), p + 12, SCMIA_PROTO_NAME_LEN);
	if (size > SENSOR_AXIS_LEN) {
		uint32_t res = scmia_get_le32(p + 28);

		ax->has_ext = 1;
		ax->resolution = res & 0x7ffffffu;
		ax->resolution_exp = sext5(res >> 27);
		ax->min_range = (int64_t)scmia_get_le64(p + 32);
		ax->max_range = (int64_t)scmia_get_le64(p + 40);
	}
	return (int)size;
}

static const struct scmia_proto_iter_ops axis_desc_ops = {
	.prepare = axis_prepare,
	.decode_header = axis_header,
	.decode_entry = axis_desc_entry,
};

static int axis_name_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct axis_ctx *ac = (struct axis_ctx *)ctx;
	uint32_t id, i;

	(void)index;
	/* axis_id, name[64]. */
	if (avail < SENSOR_AXIS_NAME_LEN)
		return SCMIA_ETOOSHORT;
	id = scmia_get_le32(p);
	for (i = 0; i < ac->n; i++) {
		if (ac->axes[i].id == id) {
			scmia_proto_name_copy(ac->axes[i].name, sizeof(ac->axes[i].name), p + 4,
					      SCMIA_PROTO_EXT_NAME_LEN);
			return (int)SENSOR_AXIS_NAME_LEN;
		}
	}
	return SCMIA_EMALFORMED;
}

static const struct scmia_proto_iter_ops axis_name_ops = {
	.prepare = axis_prepare,
	.decode_header = axis_header,
	.decode_entry = axis_name_entry,
};

int scmia_sensor_axis_name_get(struct scmia_proto_handle *ph, uint32_t sensor_id,
			       struct scmia_sensor_axis *axes, uint32_t n)
{
	struct axis_ctx ac;
	struct scmia_proto_iter it;

	if (!ph || !axes || !n)
		return SCMIA_EINVAL;
	if (sensor_major(ph) < 3u)
		return SCMIA_ENOTSUP;
	ac.min_esz = SENSOR_AXIS_NAME_LEN;
	ac.axes = axes;
	ac.n = n;
	ac.sensor_id = sensor_id;
	ac.major = sensor_major(ph);
	/* SENSOR_AXIS_NAME_GET (§4.7.2): in sensor_id, axis_desc_index; out
	 * num_axis_flags, entries of axis_id and name[64]. */
	scmia_proto_iter_init(&it, SCMIA_SENSOR_AXIS_NAME_GET, &axis_name_ops, &ac, n);
	return scmia_proto_iter_run(ph, &it);
}

int scmia_sensor_axis_description_get(struct scmia_proto_handle *ph, uint32_t sensor_id,
				      struct scmia_sensor_axis *axes, uint32_t cap, int ext_name,
				      uint32_t *n)
{
	struct axis_ctx ac;
	struct scmia_proto_iter it;
	uint32_t i;
	int ret, want_names = 0;

	if (n)
		*n = 0;
	if (!ph || !axes || !cap)
		return SCMIA_EINVAL;
	if (sensor_major(ph) < 2u)
		return SCMIA_ENOTSUP;
	ac.min_esz = SENSOR_AXIS_LEN;
	ac.axes = axes;
	ac.n = cap;
	ac.sensor_id = sensor_id;
	ac.major = sensor_major(ph);
	/* SENSOR_AXIS_DESCRIPTION_GET (§4.7.2). */
	scmia_proto_iter_init(&it, SCMIA_SENSOR_AXIS_DESCRIPTION_GET, &axis_desc_ops, &ac, cap);
	ret = scmia_proto_iter_run(ph, &it);
	if (n)
		*n = it.count;
	if (ret || !ext_name || !it.count)
		return ret;
	for (i = 0; i < it.count; i++)
		want_names |= (axes[i].attr_low & SCMIA_SENSOR_AXIS_ATTR_EXT_NAME) != 0;
	if (!want_names)
		return SCMIA_OK;
	ret = scmia_sensor_axis_name_get(ph, sensor_id, axes, it.count);
	/* A refused name request leaves the short names. */
	return scmia_err_is_scmi(ret) ? SCMIA_OK : ret;
}

/* ---- update intervals (v2) ---- */

struct intervals_ctx {
	uint32_t *intervals;
	uint32_t cap;
	uint32_t sensor_id;
	int fmt; /* 0 unknown, 1 list, 2 range */
	uint32_t triplet[3];
};

static int intervals_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap,
			     uint32_t *tx_len)
{
	const struct intervals_ctx *ic = (const struct intervals_ctx *)ctx;

	/* in: sensor_id, index. */
	return scmia__proto_prep_id_index(ic->sensor_id, index, tx, cap, tx_len);
}

static int intervals_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
			    struct scmia_proto_iter_page *pg)
{
	struct intervals_ctx *ic = (struct intervals_ctx *)ctx;
	int ret, fmt;

	/* out: num_intervals_flags (remaining 31:16, format bit 12: 1
	 * triplet, returned 11:0), intervals[] one word each. */
	ret = scmia__proto_page_count(rx, len, 0xfffu, 16, pg);
	if (ret)
		return ret;
	fmt = (scmia_get_le32(rx) & (1u << 12)) ? 2 : 1;
	if (ic->fmt && ic->fmt != fmt)
		return SCMIA_EMALFORMED;
	ic->fmt = fmt;
	if (fmt == 2 && (index != 0 || pg->returned != 3u || pg->remaining != 0u))
		return SCMIA_EMALFORMED;
	pg->min_len = 4u + pg->returned * 4u;
	return SCMIA_OK;
}

static int intervals_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct intervals_ctx *ic = (struct intervals_ctx *)ctx;

	if (avail < 4)
		return SCMIA_ETOOSHORT;
	if (ic->fmt == 2) {
		if (index >= 3u)
			return SCMIA_EMALFORMED;
		ic->triplet[index] = scmia_get_le32(p);
		return 4;
	}
	if (index >= ic->cap)
		return SCMIA_ENOSPC;
	ic->intervals[index] = scmia_get_le32(p);
	return 4;
}

static const struct scmia_proto_iter_ops intervals_ops = {
	.prepare = intervals_prepare,
	.decode_header = intervals_header,
	.decode_entry = intervals_entry,
};

int scmia_sensor_list_update_intervals(struct scmia_proto_handle *ph, uint32_t sensor_id,
				       uint32_t *intervals, uint32_t cap,
				       struct scmia_sensor_intervals *out)
{
	struct intervals_ctx ic;
	struct scmia_proto_iter it;
	int ret;

	if (!ph || !out || (cap && !intervals))
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	if (sensor_major(ph) < 2u)
		return SCMIA_ENOTSUP;
	memset(&ic, 0, sizeof(ic));
	ic.intervals = intervals;
	ic.cap = cap;
	ic.sensor_id = sensor_id;
	/* SENSOR_LIST_UPDATE_INTERVALS (§4.7.2). */
	scmia_proto_iter_init(&it, SCMIA_SENSOR_LIST_UPDATE_INTERVALS, &intervals_ops, &ic,
			      cap < 3u ? 3u : cap);
	ret = scmia_proto_iter_run(ph, &it);
	out->total = it.total;
	if (ic.fmt == 2) {
		if (ret)
			return ret;
		if (it.count != 3u)
			return SCMIA_EMALFORMED;
		out->range = 1;
		out->count = 3;
		out->min = ic.triplet[0];
		out->max = ic.triplet[1];
		out->step = ic.triplet[2];
		return SCMIA_OK;
	}
	out->count = it.count < cap ? it.count : cap;
	return ret;
}

/* ---- configuration (v2) ---- */

int scmia_sensor_config_get(struct scmia_proto_handle *ph, uint32_t sensor_id, uint32_t *config)
{
	if (!ph || !config)
		return SCMIA_EINVAL;
	if (sensor_major(ph) < 2u)
		return SCMIA_ENOTSUP;
	/* SENSOR_CONFIG_GET (§4.7.2): in sensor_id; out sensor_config. */
	return scmia__proto_get_word(ph, SCMIA_SENSOR_CONFIG_GET, sensor_id, config);
}

int scmia_sensor_config_set(struct scmia_proto_handle *ph, uint32_t sensor_id, uint32_t config)
{
	if (!ph || (config & SENSOR_CFG_RESERVED) ||
	    (config & SENSOR_CFG_ROUND_MASK) == SENSOR_CFG_ROUND_MASK)
		return SCMIA_EINVAL;
	if (sensor_major(ph) < 2u)
		return SCMIA_ENOTSUP;
	/* SENSOR_CONFIG_SET (§4.7.2): in sensor_id, sensor_config (update
	 * interval 31:11, rounding 10:9, timestamp 1, enable 0). */
	return scmia__proto_set_word(ph, SCMIA_SENSOR_CONFIG_SET, sensor_id, config);
}

int scmia_sensor_continuous_update_notify(struct scmia_proto_handle *ph, uint32_t sensor_id,
					  int enable)
{
	/* SENSOR_CONTINUOUS_UPDATE_NOTIFY (§4.7.2): in sensor_id, notify_enable. */
	return scmia__proto_notify(ph, 2u, SCMIA_SENSOR_CONTINUOUS_UPDATE_NOTIFY, sensor_id,
				   enable);
}

/* ---- notifications ---- */

int scmia_sensor_trip_point_event_decode(const struct scmia_notification *n,
					 struct scmia_sensor_trip_event *out)
{
	const uint8_t *p;
	int ret;

	/* agent_id, sensor_id, trip_point_desc (§4.7.3). */
	ret = scmia__proto_evt(n, SCMIA_PROTO_SENSOR, SCMIA_SENSOR_TRIP_POINT_EVENT, out,
			       sizeof(*out), 12, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->sensor_id = scmia_get_le32(p + 4);
	out->desc = scmia_get_le32(p + 8);
	out->tp_id = (uint8_t)(out->desc & 0xffu);
	out->direction = (uint8_t)((out->desc >> 16) & 1u);
	return SCMIA_OK;
}

int scmia_sensor_update_decode(const struct scmia_notification *n,
			       struct scmia_sensor_update *out,
			       struct scmia_sensor_reading *readings, uint32_t cap)
{
	const uint8_t *p;
	uint32_t i, count;
	int ret;

	if (cap && !readings)
		return SCMIA_EINVAL;
	/* agent_id, sensor_id, readings[] of value low, high, timestamp
	 * low, high (§4.7.3); at least one reading. */
	ret = scmia__proto_evt(n, SCMIA_PROTO_SENSOR, SCMIA_SENSOR_UPDATE, out, sizeof(*out),
			       8u + 16u, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->sensor_id = scmia_get_le32(p + 4);
	out->n_readings = (n->len - 8u) / 16u;
	count = out->n_readings < cap ? out->n_readings : cap;
	for (i = 0; i < count; i++) {
		readings[i].value = (int64_t)scmia_get_le64(p + 8 + 16u * i);
		readings[i].timestamp = scmia_get_le64(p + 16 + 16u * i);
	}
	return out->n_readings > cap ? SCMIA_ENOSPC : SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_SENSOR */

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

#define SNS_MAJOR(ph) PH_MAJOR(ph)

static int sensor_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	struct scmia_sensor_info *si = (struct scmia_sensor_info *)ph->priv;

	(void)len;
	if (si) {
		(void)scmia_sensor_protocol_attributes(ph, si);
		si->reg_addr = scmia__pr_le64(attrs + 4);
		si->reg_len = scmia__pr_rd32(attrs + 12);
	}
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_sensor_desc = {
	.id = SCMIA_PROTO_SENSOR,
	.version = SCMIA_SENSOR_VERSION,
	.name = "sensor",
	.attrs_min_len = SENSOR_PROTO_ATTRS_LEN,
	.init = sensor_init,
};

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_sensor_name_get(struct scmia_proto_handle *ph, uint32_t sensor_id, char *name,
			  size_t cap)
{
	/* SENSOR_NAME_GET (§4.7.2): in sensor_id; out flags, name[64]. */
	return scmia__proto_name_get(ph, 3u, SCMIA_SENSOR_NAME_GET, sensor_id, name, cap);
}
#endif

/*
 * The extended attributes a sensor or axis descriptor may append:
 * resolution (exponent 31:27, value 26:0), min_range low, high, max_range
 * low, high.
 */
static void range_decode(const uint8_t *p, uint32_t *res, int8_t *res_exp, int64_t *min,
			 int64_t *max)
{
	uint32_t r = scmia__pr_rd32(p);

	*res = r & 0x7ffffffu;
	*res_exp = scmia__pr_sext5(r >> 27);
	*min = (int64_t)scmia__pr_le64(p + 4);
	*max = (int64_t)scmia__pr_le64(p + 12);
}

/* ---- SENSOR_DESCRIPTION_GET through the shared iterator ---- */

struct desc_ctx {
	struct scmia_sensor_desc *descs; /* descriptor of index start */
	struct scmia_proto_handle *ph;
	uint32_t start;
};

static int desc_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct desc_ctx *dc = (struct desc_ctx *)ctx;
	struct scmia_sensor_desc *d;
	uint32_t lo = scmia__pr_rd32(p + 4), hi = scmia__pr_rd32(p + 8), major = SNS_MAJOR(dc->ph);
	uint32_t size = SENSOR_DESC_LEN;
	int ext = major >= 2u && (lo & SCMIA_SENSOR_ATTR_EXT_ATTRS);

	/* sensor_id, attributes_low, attributes_high, name[16]; from v2,
	 * when attributes_low bit 8: power, resolution, min_range low,
	 * high, max_range low, high. Firmware known to always send the
	 * extended layout has a quirk. The first 28 bytes are there: the
	 * page length was checked against the smallest descriptor. */
	if (ext || (major >= 2u && scmia__pr_quirk(dc->ph, SCMIA_QUIRK_SENSOR_EXT_DESC)))
		size += SENSOR_DESC_EXT_LEN;
	if (avail < size)
		return SCMIA_ETOOSHORT;
	d = &dc->descs[index - dc->start];
	memset(d, 0, sizeof(*d));
	lo &= major >= 3u ? SENSOR_LOW_V3 : major == 2u ? SENSOR_LOW_V2 : SENSOR_LOW_V1;
	hi &= major >= 2u ? SENSOR_HIGH_V2 : SENSOR_HIGH_V1;
	d->id = scmia__pr_rd32(p);
	d->attr_low = lo;
	d->attr_high = hi;
	d->type = (uint8_t)hi;
	d->scale = scmia__pr_sext5(hi >> 11);
	d->n_trip_points = (uint8_t)lo;
	if (hi & SCMIA_SENSOR_ATTRH_AXES)
		d->n_axes = (uint8_t)((hi >> 16) & 0x3fu);
	if (lo & SCMIA_SENSOR_ATTR_TIMESTAMP)
		d->tstamp_exp = scmia__pr_sext5(lo >> 10);
	d->update_base = (uint8_t)((hi >> 27) & 0x1fu);
	d->update_exp = scmia__pr_sext5(hi >> 22);
	scmia_proto_name_copy(d->name, sizeof(d->name), p + 12, SCMIA_PROTO_NAME_LEN);
	if (ext) {
		d->has_ext = 1;
		d->power_uw = scmia__pr_rd32(p + 28);
		range_decode(p + 32, &d->resolution, &d->resolution_exp, &d->min_range,
			     &d->max_range);
	}
	return (int)size;
}

/* in: desc_index (first descriptor wanted); out: num_sensor_flags
 * (remaining 31:16, returned 11:0), descriptors of 28 bytes or more. */
static const struct scmia_proto_iter_ops desc_ops = {
	.decode_entry = desc_entry,
	.page = SCMIA_PROTO_PAGE(0, 12, 16, SENSOR_DESC_LEN, 0),
};

/* Replace the short names of the sensors that have an extended one: after
 * the walk, as no command may run while a page is held. A sensor whose
 * name is refused (DENIED, ...) keeps its short name. */
static int desc_names(struct scmia_proto_handle *ph, struct scmia_sensor_desc *descs, uint32_t n)
{
#if SCMIA_CFG_PROTO_EXT_NAMES
	char name[SCMIA_PROTO_EXT_NAME_LEN];
	uint32_t i;
	int r;

	for (i = 0; i < n; i++) {
		if (!(descs[i].attr_low & SCMIA_SENSOR_ATTR_EXT_NAME))
			continue;
		r = scmia_sensor_name_get(ph, descs[i].id, name, sizeof(name));
		if (r == SCMIA_OK)
			memcpy(descs[i].name, name, sizeof(name));
		else if (!scmia_err_is_scmi(r))
			return r;
	}
#else
	(void)ph;
	(void)descs;
	(void)n;
#endif
	return SCMIA_OK;
}

/* Walk from descriptor @p start, at most @p cap of them. */
static int desc_walk(struct scmia_proto_handle *ph, struct scmia_sensor_desc *descs, uint32_t start,
		     uint32_t cap, int ext_name, uint32_t *n)
{
	struct desc_ctx dc;
	struct scmia_proto_iter it;
	int ret, r;

	dc.descs = descs;
	dc.ph = ph;
	dc.start = start;
	/* SENSOR_DESCRIPTION_GET (§4.7.2). */
	scmia_proto_iter_init(&it, SCMIA_SENSOR_DESCRIPTION_GET, &desc_ops, &dc, cap);
	it.start = start;
	ret = scmia_proto_iter_run(ph, &it);
	*n = it.count;
	if (ret && ret != SCMIA_ENOSPC)
		return ret;
	r = ext_name ? desc_names(ph, descs, it.count) : SCMIA_OK;
	return r ? r : ret;
}

int scmia_sensor_description_get(struct scmia_proto_handle *ph, struct scmia_sensor_desc *descs,
				 uint32_t cap, int ext_name, uint32_t *n)
{
	uint32_t got = 0;
	int ret = SCMIA_EINVAL;

	if (ph && descs && cap)
		ret = desc_walk(ph, descs, 0, cap, ext_name, &got);
	if (n)
		*n = got;
	return ret;
}

int scmia_sensor_description_get_one(struct scmia_proto_handle *ph, uint32_t desc_index,
				     int ext_name, struct scmia_sensor_desc *desc)
{
	uint32_t got = 0;
	int ret;

	if (!ph || !desc)
		return SCMIA_EINVAL;
	memset(desc, 0, sizeof(*desc));
	ret = desc_walk(ph, desc, desc_index, 1, ext_name, &got);
	/* More descriptors after this one is no error here. */
	if (ret == SCMIA_ENOSPC && got)
		ret = SCMIA_OK;
	/* An index past the count: NOT_FOUND, whatever the platform says. */
	if (ret == SCMIA_E_SCMI_INVALID_PARAMETERS && desc_index >= PH_COUNT(ph)) {
		scmia__pr_count(ph, SCMIA_PROTO_CNT_NOT_FOUND);
		ret = SCMIA_E_SCMI_NOT_FOUND;
	}
	/* Asked past the end, a platform may answer SUCCESS and nothing. */
	if (!ret && !got) {
		scmia__pr_count(ph, SCMIA_PROTO_CNT_PAST_END);
		ret = SCMIA_E_SCMI_NOT_FOUND;
	}
	return ret;
}

/* ---- readings ---- */

/* The asynchronous flag of SENSOR_READING_GET is the transfer's. */
_Static_assert(SCMIA_SENSOR_READ_F_ASYNC == SCMIA_XFER_F_ASYNC, "sensor async flag");

int scmia_sensor_reading_get(struct scmia_proto_handle *ph, uint32_t sensor_id, uint32_t flags,
			     struct scmia_sensor_reading *readings, uint32_t count)
{
	struct scmia_xfer *x;
	const uint8_t *p;
	uint32_t esz, off, i, a[2];
	int ret;

	if (!ph || !readings || !count || count > SCMIA_SENSOR_MAX_AXES ||
	    (flags & ~SCMIA_SENSOR_READ_F_ASYNC) || (SNS_MAJOR(ph) < 2u && count != 1u))
		return SCMIA_EINVAL;
	/* v1 reply: value low, high. v2: per axis value low, high,
	 * timestamp low, high. The delayed response SENSOR_READING_COMPLETE
	 * puts the sensor_id first (flags bit 0 is SCMIA_XFER_F_ASYNC). */
	esz = SNS_MAJOR(ph) >= 2u ? 16u : 8u;
	off = flags * 4u;
	/* SENSOR_READING_GET (§4.7.2): in sensor_id, flags (bit 0 async).
	 * The readings are decoded from the slot: no large stack buffer. */
	a[0] = scmia__pr_le32(sensor_id);
	a[1] = scmia__pr_le32(flags);
	ret = scmia__pr_xcall(ph, PM(SCMIA_SENSOR_READING_GET, 0, 0, 0, 0, 0, 1), a, 8, flags, &x);
	if (ret)
		return ret;
	p = (const uint8_t *)x->rx_buf;
	if (x->rx_len < off + count * esz)
		ret = SCMIA_ETOOSHORT;
	else if (flags && scmia__pr_rd32(p) != sensor_id)
		ret = SCMIA_EMALFORMED;
	for (i = 0, p += off; !ret && i < count; i++, p += esz) {
		readings[i].value = (int64_t)scmia__pr_le64(p);
		readings[i].timestamp = esz == 16u ? scmia__pr_le64(p + 8) : 0u;
	}
	(void)scmia_xfer_put(x);
	return ret;
}

/* ---- trip points ---- */

int scmia_sensor_trip_point_config(struct scmia_proto_handle *ph, uint32_t sensor_id,
				   uint32_t tp_id, uint32_t ev_ctrl, int64_t value)
{
	uint32_t a[4];

	if (tp_id > 0xffu || ev_ctrl > SCMIA_SENSOR_TP_BOTH)
		return SCMIA_EINVAL;
	/* SENSOR_TRIP_POINT_CONFIG (§4.7.2): in sensor_id,
	 * trip_point_ev_ctrl (trip point id 11:4, event control 1:0),
	 * trip_point_val low, high. */
	a[0] = sensor_id;
	a[1] = (tp_id << 4) | ev_ctrl;
	a[2] = (uint32_t)(uint64_t)value;
	a[3] = (uint32_t)((uint64_t)value >> 32);
	return scmia__pr_pcall(ph, PM(SCMIA_SENSOR_TRIP_POINT_CONFIG, 4, 0, 0, 0, 0, 1), a, NULL);
}

/* ---- axes (v2) ---- */

struct axis_ctx {
	struct scmia_sensor_axis *axes;
	uint32_t n;
	uint32_t major;
};

static int axis_desc_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct axis_ctx *ac = (struct axis_ctx *)ctx;
	struct scmia_sensor_axis *ax = &ac->axes[index];
	uint32_t lo = scmia__pr_rd32(p + 4), hi = scmia__pr_rd32(p + 8), size = SENSOR_AXIS_LEN;

	/* axis_id, axis_attributes_low, axis_attributes_high, name[16];
	 * when attributes_low bit 8: resolution, min_range low, high,
	 * max_range low, high (the first 28 bytes checked by the page). */
	if (lo & SCMIA_SENSOR_AXIS_ATTR_EXT_ATTRS)
		size += SENSOR_AXIS_EXT_LEN;
	if (avail < size)
		return SCMIA_ETOOSHORT;
	memset(ax, 0, sizeof(*ax));
	ax->id = scmia__pr_rd32(p);
	ax->attr_low = lo & (ac->major >= 3u ? AXIS_LOW_V3 : AXIS_LOW_V2);
	ax->attr_high = hi & AXIS_HIGH;
	ax->type = (uint8_t)hi;
	ax->scale = scmia__pr_sext5(hi >> 11);
	scmia_proto_name_copy(ax->name, sizeof(ax->name), p + 12, SCMIA_PROTO_NAME_LEN);
	if (size > SENSOR_AXIS_LEN) {
		ax->has_ext = 1;
		range_decode(p + 28, &ax->resolution, &ax->resolution_exp, &ax->min_range,
			     &ax->max_range);
	}
	return (int)size;
}

/* in: sensor_id, axis_desc_index; out: num_axis_flags (remaining 31:26,
 * returned 5:0), entries of at least 28 bytes. */
static const struct scmia_proto_iter_ops axis_desc_ops = {
	.decode_entry = axis_desc_entry,
	.page = SCMIA_PROTO_PAGE(1, 6, 26, SENSOR_AXIS_LEN, 0),
};

#if SCMIA_CFG_PROTO_EXT_NAMES
static int axis_name_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct axis_ctx *ac = (struct axis_ctx *)ctx;
	uint32_t id = scmia__pr_rd32(p), i;

	/* axis_id, name[64] (whole: checked by the page). */
	(void)index;
	(void)avail;
	for (i = 0; i < ac->n; i++) {
		if (ac->axes[i].id == id) {
			scmia_proto_name_copy(ac->axes[i].name, sizeof(ac->axes[i].name), p + 4,
					      SCMIA_PROTO_EXT_NAME_LEN);
			return (int)SENSOR_AXIS_NAME_LEN;
		}
	}
	return SCMIA_EMALFORMED;
}

/* in: sensor_id, axis_desc_index; out: num_axis_flags, entries of axis_id
 * and name[64]. */
static const struct scmia_proto_iter_ops axis_name_ops = {
	.decode_entry = axis_name_entry,
	.page = SCMIA_PROTO_PAGE(1, 6, 26, SENSOR_AXIS_NAME_LEN, 0),
};
#endif

/* Walk the axes of @p sensor_id with @p ops (v @p major and later). */
static int axis_walk(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t major,
		     const struct scmia_proto_iter_ops *ops, uint32_t sensor_id,
		     struct scmia_sensor_axis *axes, uint32_t n, uint32_t *count)
{
	struct axis_ctx ac;
	struct scmia_proto_iter it;
	int ret;

	*count = 0;
	if (!ph || !axes || !n)
		return SCMIA_EINVAL;
	if (SNS_MAJOR(ph) < major)
		return SCMIA_ENOTSUP;
	ac.axes = axes;
	ac.n = n;
	ac.major = SNS_MAJOR(ph);
	scmia_proto_iter_init(&it, msg_id, ops, &ac, n);
	it.id = sensor_id;
	ret = scmia_proto_iter_run(ph, &it);
	*count = it.count;
	return ret;
}

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_sensor_axis_name_get(struct scmia_proto_handle *ph, uint32_t sensor_id,
			       struct scmia_sensor_axis *axes, uint32_t n)
{
	uint32_t got;

	/* SENSOR_AXIS_NAME_GET (§4.7.2). */
	return axis_walk(ph, SCMIA_SENSOR_AXIS_NAME_GET, 3u, &axis_name_ops, sensor_id, axes, n,
			 &got);
}
#endif

int scmia_sensor_axis_description_get(struct scmia_proto_handle *ph, uint32_t sensor_id,
				      struct scmia_sensor_axis *axes, uint32_t cap, int ext_name,
				      uint32_t *n)
{
	uint32_t i, got;
	int ret;

	/* SENSOR_AXIS_DESCRIPTION_GET (§4.7.2). */
	ret = axis_walk(ph, SCMIA_SENSOR_AXIS_DESCRIPTION_GET, 2u, &axis_desc_ops, sensor_id, axes,
			cap, &got);
	if (n)
		*n = got;
#if SCMIA_CFG_PROTO_EXT_NAMES
	for (i = 0; !ret && ext_name && i < got; i++) {
		if (axes[i].attr_low & SCMIA_SENSOR_AXIS_ATTR_EXT_NAME) {
			ret = scmia_sensor_axis_name_get(ph, sensor_id, axes, got);
			/* A refused name request leaves the short names. */
			return scmia_err_is_scmi(ret) ? SCMIA_OK : ret;
		}
	}
#else
	(void)i;
	(void)ext_name;
#endif
	return ret;
}

/* ---- update intervals (v2) ---- */

int scmia_sensor_list_update_intervals(struct scmia_proto_handle *ph, uint32_t sensor_id,
				       uint32_t *intervals, uint32_t cap,
				       struct scmia_sensor_intervals *out)
{
	struct scmia__pr_vlist vl;
	int ret;

	if (!ph || !out || (cap && !intervals))
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	if (SNS_MAJOR(ph) < 2u)
		return SCMIA_ENOTSUP;
	/* SENSOR_LIST_UPDATE_INTERVALS (§4.7.2): in sensor_id, index; out
	 * num_intervals_flags (remaining 31:16, bit 12 range, returned
	 * 11:0), intervals[] one word each. */
	ret = scmia__pr_vlist_run(ph, &vl, SCMIA_SENSOR_LIST_UPDATE_INTERVALS, sensor_id,
			       &scmia__pr_vlist_ops4, intervals, cap);
	out->total = vl.it.total;
	if (!vl.it.range) {
		out->count = vl.it.count < cap ? vl.it.count : cap;
		return ret;
	}
	if (ret)
		return ret;
	out->range = 1;
	out->count = 3;
	out->min = (uint32_t)vl.trip[0];
	out->max = (uint32_t)vl.trip[1];
	out->step = (uint32_t)vl.trip[2];
	return SCMIA_OK;
}

/* ---- configuration (v2) ---- */

int scmia_sensor_config_get(struct scmia_proto_handle *ph, uint32_t sensor_id, uint32_t *config)
{
	/* SENSOR_CONFIG_GET (§4.7.2): in sensor_id; out sensor_config. */
	return scmia__pr_get(ph, PM(SCMIA_SENSOR_CONFIG_GET, 1, 2, 1, 1, 0, 1), &sensor_id, config,
			  NULL);
}

int scmia_sensor_config_set(struct scmia_proto_handle *ph, uint32_t sensor_id, uint32_t config)
{
	uint32_t a[2];

	if ((config & SENSOR_CFG_RESERVED) ||
	    (config & SENSOR_CFG_ROUND_MASK) == SENSOR_CFG_ROUND_MASK)
		return SCMIA_EINVAL;
	/* SENSOR_CONFIG_SET (§4.7.2): in sensor_id, sensor_config (update
	 * interval 31:11, rounding 10:9, timestamp 1, enable 0). */
	a[0] = sensor_id;
	a[1] = config;
	return scmia__pr_pcall(ph, PM(SCMIA_SENSOR_CONFIG_SET, 2, 2, 0, 0, 0, 1), a, NULL);
}

/* ---- notifications ---- */

#if SCMIA_CFG_NOTIFY
int scmia_sensor_trip_point_notify(struct scmia_proto_handle *ph, uint32_t sensor_id, int enable)
{
	/* SENSOR_TRIP_POINT_NOTIFY (§4.7.2): in sensor_id,
	 * sensor_event_control (bit 0). */
	return scmia__proto_notify(ph, 0u, SCMIA_SENSOR_TRIP_POINT_NOTIFY, sensor_id, enable);
}

int scmia_sensor_continuous_update_notify(struct scmia_proto_handle *ph, uint32_t sensor_id,
					  int enable)
{
	/* SENSOR_CONTINUOUS_UPDATE_NOTIFY (§4.7.2): in sensor_id, notify_enable. */
	return scmia__proto_notify(ph, 2u, SCMIA_SENSOR_CONTINUOUS_UPDATE_NOTIFY, sensor_id,
				   enable);
}

int scmia_sensor_trip_point_event_decode(const struct scmia_notification *n,
					 struct scmia_sensor_trip_event *out)
{
	/* agent_id, sensor_id, trip_point_desc (§4.7.3). */
	int ret = scmia__pr_evt(NULL, n, SCMIA_PROTO_SENSOR, SCMIA_SENSOR_TRIP_POINT_EVENT, out,
			     sizeof(*out), 3, 3);

	if (!ret) {
		out->tp_id = (uint8_t)out->desc;
		out->direction = (uint8_t)((out->desc >> 16) & 1u);
	}
	return ret;
}

int scmia_sensor_update_decode(const struct scmia_notification *n,
			       struct scmia_sensor_update *out,
			       struct scmia_sensor_reading *readings, uint32_t cap)
{
	const uint8_t *p;
	uint32_t i;
	int ret;

	if (cap && !readings)
		return SCMIA_EINVAL;
	/* agent_id, sensor_id, readings[] of value low, high, timestamp
	 * low, high (§4.7.3); at least one reading. */
	ret = scmia__pr_evt(NULL, n, SCMIA_PROTO_SENSOR, SCMIA_SENSOR_UPDATE, out, sizeof(*out), 6, 2);
	if (ret)
		return ret;
	out->n_readings = (n->len - 8u) / 16u;
	p = (const uint8_t *)n->payload + 8;
	for (i = 0; i < out->n_readings && i < cap; i++, p += 16) {
		readings[i].value = (int64_t)scmia__pr_le64(p);
		readings[i].timestamp = scmia__pr_le64(p + 8);
	}
	return out->n_readings > cap ? SCMIA_ENOSPC : SCMIA_OK;
}
#endif /* SCMIA_CFG_NOTIFY */

#endif /* SCMIA_CFG_PROTO_SENSOR */

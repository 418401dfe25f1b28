/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: Sensor management protocol (0x15), v3.1, DEN0056
 * §4.7. Layouts follow the version agreed with the agent (28-byte
 * descriptors and single readings in v1; extended attributes, axes,
 * timestamps from v2; extended names from v3).
 */
#include <string.h>

#include "scmia_sim_dev.h"
#include "scmia_sim_pb.h"
#include "sim_internal.h"

#define SNS_ID 0x15u

#define SNS_L_ASYNC (1u << 31)
#define SNS_L_UPDATE (1u << 30)
#define SNS_L_EXT_NAME (1u << 29)
#define SNS_L_TSTAMP (1u << 9)
#define SNS_L_EXT (1u << 8)
#define SNS_H_AXES (1u << 8)
#define AXIS_L_EXT_NAME (1u << 9)
#define AXIS_L_EXT (1u << 8)

/* Sensor types (units): 1 unspecified, 2 degrees C, 5 volts, 7 watts. */
struct sns_desc {
	const char *name;
	const char *ext_name; /* NULL: none */
	uint8_t type;
	int8_t scale;         /* power of ten of values */
	uint8_t async;
	uint8_t tstamp;       /* readings carry timestamps (µs: exponent -6) */
	uint8_t trips;
	uint8_t axes;         /* 0: single axis */
	uint8_t update;       /* continuous update notifications */
	uint8_t ext;          /* extended attributes */
	uint8_t denied;       /* readings refused */
	uint32_t power_uw;
	uint32_t resolution;  /* value 26:0, exponent 31:27 */
	int64_t min, max;
	int64_t initial;
};

static const struct sns_desc sns_descs[SCMIA_SIM_SENSORS] = {
	{ "soc-temp", "soc-junction-temperature", 2, -3, 1, 1, 2, 0, 1, 1, 0, 50,
	  (0x1du << 27) | 500u, -40000, 125000, 45000 },
	{ "vdd-cpu-volt", NULL, 5, -3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 900 },
	{ "imu-gyro", NULL, 1, -3, 1, 1, 0, SCMIA_SIM_SENSOR_AXES, 1, 0, 0, 0, 0, 0, 0, 0 },
	{ "pkg-power", NULL, 7, -3, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4200 },
	{ "secure-temp", NULL, 2, -3, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 38000 },
};

static const char *const axis_names[SCMIA_SIM_SENSOR_AXES] = { "x", "y", "z" };
static const char *const axis_ext_names[SCMIA_SIM_SENSOR_AXES] = {
	"gyro-x-axis-roll", "gyro-y-axis-pitch", "gyro-z-axis-yaw"
};

/* Update intervals of soc-temp (seconds 20:5, exponent 4:0): 1, 10,
 * 100 ms and 1 s. */
#define INTERVAL(secs, exp) ((((uint32_t)(secs)) << 5) | ((uint32_t)(exp)&0x1fu))
static const uint32_t soc_intervals[] = { INTERVAL(1, -3), INTERVAL(10, -3), INTERVAL(100, -3),
					  INTERVAL(1, 0) };
#define SNS_INTERVAL_PAGE 3u

static uint32_t sns_version(const struct scmia_sim_req *req)
{
	return scmia_sim_proto_version(req->sim, SNS_ID);
}

static int32_t sns_get(const void *ctx, const struct scmia_sim_req *req, uint32_t *id)
{
	const struct scmia_sim_sensor *s = (const struct scmia_sim_sensor *)ctx;

	*id = scmia_get_le32(req->payload);
	if (*id < SCMIA_SIM_SENSORS)
		return SCMIA_STATUS_SUCCESS;
	/* TF-A answers INVALID_PARAMETERS for an id past its count. */
	return (s->dev & SCMIA_SIM_DEV_INVAL_ID) ? SCMIA_STATUS_INVALID_PARAMETERS :
						   SCMIA_STATUS_NOT_FOUND;
}

static uint32_t sns_naxes(uint32_t id)
{
	return sns_descs[id].axes ? sns_descs[id].axes : 1u;
}

static int32_t sns_proto_attributes(void *ctx, const struct scmia_sim_req *req,
				    struct scmia_sim_resp *r)
{
	(void)ctx;
	(void)req;
	/* attributes (max async 23:16, sensors 15:0), sensor_reg_address
	 * low, high, sensor_reg_len: no shared register area. */
	scmia_sim_resp_put_le32(r, (2u << 16) | SCMIA_SIM_SENSORS);
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, 0);
	return SCMIA_STATUS_SUCCESS;
}

static uint32_t sns_attr_low(uint32_t id, uint32_t v)
{
	const struct sns_desc *d = &sns_descs[id];
	uint32_t a = d->trips;

	if (d->async)
		a |= SNS_L_ASYNC;
	if (v >= 0x20000u) {
		if (d->update)
			a |= SNS_L_UPDATE;
		if (d->tstamp)
			a |= SNS_L_TSTAMP | ((uint32_t)(-6 & 0x1f) << 10);
		if (d->ext)
			a |= SNS_L_EXT;
	}
	if (v >= 0x30000u && d->ext_name)
		a |= SNS_L_EXT_NAME;
	return a;
}

static uint32_t sns_attr_high(uint32_t id, uint32_t v)
{
	const struct sns_desc *d = &sns_descs[id];
	uint32_t a = ((uint32_t)d->scale & 0x1fu) << 11 | d->type;

	if (v >= 0x20000u) {
		/* Update interval 1 x 10^-3 s: base 31:27, exponent 26:22. */
		a |= (1u << 27) | ((uint32_t)(-3 & 0x1f) << 22);
		if (d->axes)
			a |= SNS_H_AXES | ((uint32_t)d->axes << 16);
	}
	return a;
}

static uint32_t sns_desc_size(const struct scmia_sim_sensor *s, uint32_t id, uint32_t v)
{
	/* TF-A always sends the extended layout (deviation EXT_DESC). */
	if (v >= 0x20000u && (sns_descs[id].ext || (s->dev & SCMIA_SIM_DEV_EXT_DESC)))
		return 52u;
	return 28u;
}

static int32_t sns_description_get(void *ctx, const struct scmia_sim_req *req,
				   struct scmia_sim_resp *r)
{
	const struct scmia_sim_sensor *s = (const struct scmia_sim_sensor *)ctx;
	uint32_t index = scmia_get_le32(req->payload), v = sns_version(req);
	uint32_t n = 0, bytes = 4, i;

	/* Past the end: an error, or (TF-A) SUCCESS with nothing. */
	if (index >= SCMIA_SIM_SENSORS && (s->dev & SCMIA_SIM_DEV_PAST_END_EMPTY)) {
		scmia_sim_resp_put_le32(r, 0);
		return SCMIA_STATUS_SUCCESS;
	}
	if (index > SCMIA_SIM_SENSORS)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	/* As many descriptors as fit the page budget (two extended ones
	 * with EXT_DESC, so that a page holds several of them). */
	while (index + n < SCMIA_SIM_SENSORS &&
	       bytes + sns_desc_size(s, index + n, v) <=
		       ((s->dev & SCMIA_SIM_DEV_EXT_DESC) ? 4u + 2u * 52u : SCMIA_SIM_PB_PAGE_BYTES)) {
		bytes += sns_desc_size(s, index + n, v);
		n++;
	}
	scmia_sim_resp_put_le32(r, ((SCMIA_SIM_SENSORS - index - n) << 16) | n);
	for (i = index; i < index + n; i++) {
		const struct sns_desc *d = &sns_descs[i];

		scmia_sim_resp_put_le32(r, i);
		scmia_sim_resp_put_le32(r, sns_attr_low(i, v));
		scmia_sim_resp_put_le32(r, sns_attr_high(i, v));
		scmia_sim_resp_put_str(r, d->name, 16);
		if (sns_desc_size(s, i, v) > 28u && !d->ext) {
			/* The extended layout without extended attributes. */
			scmia_sim_resp_put_bytes(r, "\0\0\0\0\0\0\0\0\0\0\0\0"
						    "\0\0\0\0\0\0\0\0\0\0\0\0", 24);
		} else if (sns_desc_size(s, i, v) > 28u) {
			scmia_sim_resp_put_le32(r, d->power_uw);
			scmia_sim_resp_put_le32(r, d->resolution);
			scmia_sim_resp_put_le64(r, (uint64_t)d->min);
			scmia_sim_resp_put_le64(r, (uint64_t)d->max);
		}
	}
	return SCMIA_STATUS_SUCCESS;
}

/* Readings of a sensor in the agreed version's layout. */
static void sns_put_readings(struct scmia_sim_sensor *s, struct scmia_sim_buf *b,
			     const struct scmia_sim_req *req, uint32_t id)
{
	uint64_t ts = scmia_sim_now(req->sim);
	uint32_t a;

	if (sns_version(req) < 0x20000u) {
		scmia_sim_buf_put_le64(b, (uint64_t)s->value[id][0]);
		return;
	}
	for (a = 0; a < sns_naxes(id); a++) {
		scmia_sim_buf_put_le64(b, (uint64_t)s->value[id][a]);
		scmia_sim_buf_put_le64(b, sns_descs[id].tstamp ? ts : 0u);
	}
}

static int32_t sns_reading_get(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	struct scmia_sim_sensor *s = (struct scmia_sim_sensor *)ctx;
	uint32_t id, flags = scmia_get_le32(req->payload + 4);
	int32_t st = sns_get(ctx, req, &id);
	struct scmia_sim_buf *d;

	if (st)
		return st;
	if (sns_descs[id].denied)
		return SCMIA_STATUS_DENIED;
	if (flags & ~1u)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	s->reads++;
	if (!(flags & 1u)) {
		sns_put_readings(s, &r->body, req, id);
		return SCMIA_STATUS_SUCCESS;
	}
	if (!sns_descs[id].async)
		return SCMIA_STATUS_NOT_SUPPORTED;
	/* SENSOR_READING_COMPLETE: status, sensor_id, readings. */
	d = scmia_sim_resp_dresp(r, SCMIA_STATUS_SUCCESS, SCMIA_SIM_SENSOR_ASYNC_US);
	scmia_sim_buf_put_le32(d, id);
	sns_put_readings(s, d, req, id);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_trip_notify(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	struct scmia_sim_sensor *s = (struct scmia_sim_sensor *)ctx;
	uint32_t id;
	int32_t st = sns_get(ctx, req, &id);

	(void)r;
	if (st)
		return st;
	if (!sns_descs[id].trips)
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (scmia_get_le32(req->payload + 4) & 1u)
		s->notify_trip |= 1u << id;
	else
		s->notify_trip &= ~(1u << id);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_trip_config(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	struct scmia_sim_sensor *s = (struct scmia_sim_sensor *)ctx;
	uint32_t id, ctrl = scmia_get_le32(req->payload + 4), tp;
	int32_t st = sns_get(ctx, req, &id);

	(void)r;
	if (st)
		return st;
	tp = (ctrl >> 4) & 0xffu;
	/* trip_point_ev_ctrl: id 11:4, event control 1:0, the rest reserved. */
	if ((ctrl & ~0xff3u) || tp >= sns_descs[id].trips)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	s->trip_ctrl[id][tp] = (uint8_t)(ctrl & 3u);
	s->trip_val[id][tp] = (int64_t)scmia_get_le64(req->payload + 8);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_axis_description(void *ctx, const struct scmia_sim_req *req,
				    struct scmia_sim_resp *r)
{
	uint32_t id, index = scmia_get_le32(req->payload + 4), v = sns_version(req);
	uint32_t n, a, na;
	int32_t st = sns_get(ctx, req, &id);

	(void)ctx;
	if (st)
		return st;
	if (v < 0x20000u || !sns_descs[id].axes)
		return SCMIA_STATUS_NOT_SUPPORTED;
	na = sns_descs[id].axes;
	if (index > na)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	/* Extended axis descriptors are 48 bytes: one per page. */
	n = index < na ? 1u : 0u;
	/* num_axis_flags: remaining 31:26, returned 5:0. */
	scmia_sim_resp_put_le32(r, ((na - index - n) << 26) | n);
	for (a = index; a < index + n; a++) {
		scmia_sim_resp_put_le32(r, a);
		scmia_sim_resp_put_le32(r, AXIS_L_EXT | (v >= 0x30000u ? AXIS_L_EXT_NAME : 0u));
		scmia_sim_resp_put_le32(r, ((uint32_t)(-3 & 0x1f) << 11) | 1u);
		scmia_sim_resp_put_str(r, axis_names[a], 16);
		/* resolution 1 x 10^0, range +/- 2000000 (m°/s). */
		scmia_sim_resp_put_le32(r, 1u);
		scmia_sim_resp_put_le64(r, (uint64_t)(int64_t)-2000000);
		scmia_sim_resp_put_le64(r, 2000000u);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_axis_name_get(void *ctx, const struct scmia_sim_req *req,
				 struct scmia_sim_resp *r)
{
	uint32_t id, index = scmia_get_le32(req->payload + 4), n, na;
	int32_t st = sns_get(ctx, req, &id);

	(void)ctx;
	if (st)
		return st;
	if (sns_version(req) < 0x30000u || !sns_descs[id].axes)
		return SCMIA_STATUS_NOT_SUPPORTED;
	na = sns_descs[id].axes;
	if (index > na)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	n = index < na ? 1u : 0u;
	scmia_sim_resp_put_le32(r, ((na - index - n) << 26) | n);
	if (n) {
		scmia_sim_resp_put_le32(r, index);
		scmia_sim_resp_put_str(r, axis_ext_names[index], 64);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_intervals(void *ctx, const struct scmia_sim_req *req,
			     struct scmia_sim_resp *r)
{
	uint32_t id, index = scmia_get_le32(req->payload + 4), total, n, i;
	int32_t st = sns_get(ctx, req, &id);

	(void)ctx;
	if (st)
		return st;
	if (sns_version(req) < 0x20000u)
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (sns_descs[id].axes) {
		/* Triplet: bit 12, min 1 ms, max 1 s, step 1 ms. */
		scmia_sim_resp_put_le32(r, (1u << 12) | 3u);
		scmia_sim_resp_put_le32(r, INTERVAL(1, -3));
		scmia_sim_resp_put_le32(r, INTERVAL(1, 0));
		scmia_sim_resp_put_le32(r, INTERVAL(1, -3));
		return SCMIA_STATUS_SUCCESS;
	}
	total = id == 0 ? (uint32_t)(sizeof(soc_intervals) / sizeof(soc_intervals[0])) : 1u;
	if (index > total)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	n = total - index < SNS_INTERVAL_PAGE ? total - index : SNS_INTERVAL_PAGE;
	scmia_sim_resp_put_le32(r, ((total - index - n) << 16) | n);
	for (i = index; i < index + n; i++)
		scmia_sim_resp_put_le32(r, id == 0 ? soc_intervals[i] : INTERVAL(1, 0));
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_config_get(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_sensor *s = (struct scmia_sim_sensor *)ctx;
	uint32_t id;
	int32_t st = sns_get(ctx, req, &id);

	if (st)
		return st;
	if (sns_version(req) < 0x20000u)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, s->config[id]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_config_set(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_sensor *s = (struct scmia_sim_sensor *)ctx;
	uint32_t id, cfg = scmia_get_le32(req->payload + 4);
	int32_t st = sns_get(ctx, req, &id);

	(void)r;
	if (st)
		return st;
	if (sns_version(req) < 0x20000u)
		return SCMIA_STATUS_NOT_SUPPORTED;
	/* Reserved 8:2; rounding 3 is reserved. */
	if ((cfg & (0x7fu << 2)) || ((cfg >> 9) & 3u) == 3u)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if ((cfg & 2u) && !sns_descs[id].tstamp)
		return SCMIA_STATUS_NOT_SUPPORTED;
	/* Rounding is an instruction, not state: not stored. */
	s->config[id] = cfg & ~(3u << 9);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_update_notify(void *ctx, const struct scmia_sim_req *req,
				 struct scmia_sim_resp *r)
{
	struct scmia_sim_sensor *s = (struct scmia_sim_sensor *)ctx;
	uint32_t id;
	int32_t st = sns_get(ctx, req, &id);

	(void)r;
	if (st)
		return st;
	if (sns_version(req) < 0x20000u || !sns_descs[id].update)
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (scmia_get_le32(req->payload + 4) & 1u)
		s->notify_update |= 1u << id;
	else
		s->notify_update &= ~(1u << id);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sns_name_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint32_t id;
	int32_t st = sns_get(ctx, req, &id);

	(void)ctx;
	if (st)
		return st;
	if (sns_version(req) < 0x30000u || !sns_descs[id].ext_name)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_str(r, sns_descs[id].ext_name, 64);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg sns_msgs[] = {
	{ .msg_id = 0x1, .fn = sns_proto_attributes },
	{ .msg_id = 0x3, .min_len = 4, .fn = sns_description_get },
	{ .msg_id = 0x4, .min_len = 8, .fn = sns_trip_notify },
	{ .msg_id = 0x5, .min_len = 16, .fn = sns_trip_config },
	{ .msg_id = 0x6, .min_len = 8, .flags = SCMIA_SIM_MSG_F_ASYNC, .fn = sns_reading_get },
	{ .msg_id = 0x7, .min_len = 8, .fn = sns_axis_description },
	{ .msg_id = 0x8, .min_len = 8, .fn = sns_intervals },
	{ .msg_id = 0x9, .min_len = 4, .fn = sns_config_get },
	{ .msg_id = 0xa, .min_len = 8, .fn = sns_config_set },
	{ .msg_id = 0xb, .min_len = 8, .fn = sns_update_notify },
	{ .msg_id = 0xc, .min_len = 4, .fn = sns_name_get },
	{ .msg_id = 0xd, .min_len = 8, .fn = sns_axis_name_get },
};

int scmia_sim_sensor_register(struct scmia_sim *sim, struct scmia_sim_sensor *s)
{
	unsigned i, a;

	if (!sim || !s)
		return SCMIA_EINVAL;
	memset(s, 0, sizeof(*s));
	for (i = 0; i < SCMIA_SIM_SENSORS; i++) {
		for (a = 0; a < SCMIA_SIM_SENSOR_AXES; a++)
			s->value[i][a] = sns_descs[i].initial +
					 (sns_descs[i].axes ? (int64_t)a * 7 : 0);
		/* Enabled, update interval 1 x 10^-3 s. */
		s->config[i] = (1u << 16) | ((uint32_t)(-3 & 0x1f) << 11) | 1u;
	}
	s->proto.id = SNS_ID;
	s->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	s->proto.version = 0x30001u;
	s->proto.min_version = 0x10000u;
	s->proto.msgs = sns_msgs;
	s->proto.n_msgs = sizeof(sns_msgs) / sizeof(sns_msgs[0]);
	s->proto.ctx = s;
	return scmia_sim_register_proto(sim, &s->proto);
}

int scmia_sim_sensor_set(struct scmia_sim *sim, struct scmia_sim_sensor *s, uint32_t sensor,
			 uint32_t axis, int64_t value)
{
	uint8_t trip[SCMIA_SIM_SENSOR_TRIPS][12], upd[8 + 16 * SCMIA_SIM_SENSOR_AXES];
	uint32_t n_trip = 0, tp, a, upd_len = 0, agent;
	uint64_t ts;
	int64_t old;
	int raised = 0;

	if (!sim || !s || sensor >= SCMIA_SIM_SENSORS || axis >= sns_naxes(sensor))
		return SCMIA_EINVAL;
	ts = scmia_sim_now(sim);
	sim_lock(sim);
	agent = sim->cfg.agent_id;
	old = s->value[sensor][axis];
	s->value[sensor][axis] = value;
	for (tp = 0; tp < sns_descs[sensor].trips; tp++) {
		int64_t tv = s->trip_val[sensor][tp];
		uint32_t ctrl = s->trip_ctrl[sensor][tp], rising;

		if (!(s->notify_trip & (1u << sensor)) || !ctrl)
			continue;
		if (old < tv && value >= tv && (ctrl & 1u))
			rising = 1;
		else if (old > tv && value <= tv && (ctrl & 2u))
			rising = 0;
		else
			continue;
		/* SENSOR_TRIP_POINT_EVENT: agent_id, sensor_id,
		 * trip_point_desc (this platform: bit 16 set on a rising
		 * crossing, trip point id 7:0). */
		scmia_put_le32(trip[n_trip], agent);
		scmia_put_le32(trip[n_trip] + 4, sensor);
		scmia_put_le32(trip[n_trip] + 8, (rising << 16) | tp);
		n_trip++;
	}
	if (s->notify_update & (1u << sensor)) {
		/* SENSOR_UPDATE: agent_id, sensor_id, readings[]. */
		scmia_put_le32(upd, agent);
		scmia_put_le32(upd + 4, sensor);
		upd_len = 8;
		for (a = 0; a < sns_naxes(sensor); a++) {
			scmia_put_le64(upd + upd_len, (uint64_t)s->value[sensor][a]);
			scmia_put_le64(upd + upd_len + 8, sns_descs[sensor].tstamp ? ts : 0u);
			upd_len += 16;
		}
	}
	sim_unlock(sim);
	for (tp = 0; tp < n_trip; tp++)
		raised += scmia_sim_notify(sim, SNS_ID, 0x0, trip[tp], 12) == SCMIA_OK;
	if (upd_len)
		raised += scmia_sim_notify(sim, SNS_ID, 0x1, upd, upd_len) == SCMIA_OK;
	return raised;
}

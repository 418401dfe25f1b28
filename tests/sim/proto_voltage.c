/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: Voltage domain management protocol (0x17), v2.0,
 * DEN0056 §4.9. Levels in signed microvolts.
 */
#include <string.h>

#include "scmia_sim_pb.h"
#include "sim_internal.h"

#define VLT_ID 0x17u

#define VLT_A_ASYNC (1u << 31)
#define VLT_A_EXT_NAME (1u << 30)
#define VLT_ON 0x7u
#define VLT_OFF 0x0u

/* Levels per VOLTAGE_DESCRIBE_LEVELS page. */
#define VLT_PAGE 4u

struct vlt_desc {
	const char *name;
	const char *ext_name;
	uint8_t range;    /* 1: first/max/step triplet */
	uint8_t async;
	uint8_t denied;
	uint32_t n;       /* list: levels first + i * step, or tab */
	const int32_t *tab;
	int32_t first, max, step;
	int32_t initial;
};

static const int32_t io_levels[] = { 1800000, 3300000 };

static const struct vlt_desc vlt_descs[SCMIA_SIM_VOLTAGE_DOMAINS] = {
	{ "vdd-cpu", NULL, 0, 1, 0, 11, NULL, 600000, 0, 50000, 900000 },
	{ "vdd-gpu", "vdd-gpu-shader-cores", 1, 1, 0, 0, NULL, 550000, 1050000, 6250, 800000 },
	{ "vdd-io", NULL, 0, 0, 0, 2, io_levels, 0, 0, 0, 3300000 },
	{ "vdd-secure", NULL, 0, 0, 1, 2, io_levels, 0, 0, 0, 1800000 },
};

static uint32_t vlt_version(const struct scmia_sim_req *req)
{
	return scmia_sim_proto_version(req->sim, VLT_ID);
}

static int32_t vlt_level_at(const struct vlt_desc *d, uint32_t i)
{
	return d->tab ? d->tab[i] : d->first + (int32_t)i * d->step;
}

static int32_t vlt_get(const struct scmia_sim_req *req, uint32_t *dom)
{
	*dom = scmia_get_le32(req->payload);
	if (*dom >= SCMIA_SIM_VOLTAGE_DOMAINS)
		return SCMIA_STATUS_NOT_FOUND;
	if (vlt_descs[*dom].denied)
		return SCMIA_STATUS_DENIED;
	return SCMIA_STATUS_SUCCESS;
}

static int vlt_level_ok(const struct vlt_desc *d, int32_t uv)
{
	uint32_t i;

	if (d->range)
		return uv >= d->first && uv <= d->max && (uv - d->first) % d->step == 0;
	for (i = 0; i < d->n; i++)
		if (vlt_level_at(d, i) == uv)
			return 1;
	return 0;
}

static int32_t vlt_proto_attributes(void *ctx, const struct scmia_sim_req *req,
				    struct scmia_sim_resp *r)
{
	(void)ctx;
	(void)req;
	scmia_sim_resp_put_le32(r, SCMIA_SIM_VOLTAGE_DOMAINS);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t vlt_dom_attributes(void *ctx, const struct scmia_sim_req *req,
				  struct scmia_sim_resp *r)
{
	uint32_t dom, a = 0;
	int32_t st = vlt_get(req, &dom);

	(void)ctx;
	if (st)
		return st;
	if (vlt_version(req) >= 0x20000u) {
		if (vlt_descs[dom].async)
			a |= VLT_A_ASYNC;
		if (vlt_descs[dom].ext_name)
			a |= VLT_A_EXT_NAME;
	}
	scmia_sim_resp_put_le32(r, a);
	scmia_sim_resp_put_str(r, vlt_descs[dom].name, 16);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t vlt_describe_levels(void *ctx, const struct scmia_sim_req *req,
				   struct scmia_sim_resp *r)
{
	uint32_t dom, index = scmia_get_le32(req->payload + 4), n, i;
	int32_t st = vlt_get(req, &dom);
	const struct vlt_desc *d;

	(void)ctx;
	if (st)
		return st;
	d = &vlt_descs[dom];
	if (d->range) {
		scmia_sim_resp_put_le32(r, (1u << 12) | 3u);
		scmia_sim_resp_put_le32(r, (uint32_t)d->first);
		scmia_sim_resp_put_le32(r, (uint32_t)d->max);
		scmia_sim_resp_put_le32(r, (uint32_t)d->step);
		return SCMIA_STATUS_SUCCESS;
	}
	if (index > d->n)
		return SCMIA_STATUS_OUT_OF_RANGE;
	n = d->n - index < VLT_PAGE ? d->n - index : VLT_PAGE;
	scmia_sim_resp_put_le32(r, ((d->n - index - n) << 16) | n);
	for (i = index; i < index + n; i++)
		scmia_sim_resp_put_le32(r, (uint32_t)vlt_level_at(d, i));
	return SCMIA_STATUS_SUCCESS;
}

static int32_t vlt_config_set(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_voltage *v = (struct scmia_sim_voltage *)ctx;
	uint32_t dom, cfg = scmia_get_le32(req->payload + 4);
	int32_t st = vlt_get(req, &dom);

	(void)r;
	if (st)
		return st;
	/* Architectural modes only: off (0b000) or on (0b111). */
	if (cfg != VLT_ON && cfg != VLT_OFF)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	v->config[dom] = cfg;
	return SCMIA_STATUS_SUCCESS;
}

static int32_t vlt_config_get(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_voltage *v = (struct scmia_sim_voltage *)ctx;
	uint32_t dom;
	int32_t st = vlt_get(req, &dom);

	if (st)
		return st;
	scmia_sim_resp_put_le32(r, v->config[dom]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t vlt_level_set(void *ctx, const struct scmia_sim_req *req,
			     struct scmia_sim_resp *r)
{
	struct scmia_sim_voltage *v = (struct scmia_sim_voltage *)ctx;
	uint32_t dom, flags = scmia_get_le32(req->payload + 4);
	int32_t uv = (int32_t)scmia_get_le32(req->payload + 8);
	int32_t st = vlt_get(req, &dom);
	struct scmia_sim_buf *d;

	if (st)
		return st;
	if (flags & ~1u)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if ((flags & 1u) && (vlt_version(req) < 0x20000u || !vlt_descs[dom].async))
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (!vlt_level_ok(&vlt_descs[dom], uv))
		return SCMIA_STATUS_OUT_OF_RANGE;
	v->level[dom] = uv;
	v->sets++;
	if (flags & 1u) {
		/* VOLTAGE_LEVEL_SET_COMPLETE: status, domain_id, voltage_level. */
		d = scmia_sim_resp_dresp(r, SCMIA_STATUS_SUCCESS, SCMIA_SIM_VOLTAGE_ASYNC_US);
		scmia_sim_buf_put_le32(d, dom);
		scmia_sim_buf_put_le32(d, (uint32_t)uv);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t vlt_level_get(void *ctx, const struct scmia_sim_req *req,
			     struct scmia_sim_resp *r)
{
	struct scmia_sim_voltage *v = (struct scmia_sim_voltage *)ctx;
	uint32_t dom;
	int32_t st = vlt_get(req, &dom);

	if (st)
		return st;
	scmia_sim_resp_put_le32(r, (uint32_t)v->level[dom]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t vlt_name_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint32_t dom;
	int32_t st = vlt_get(req, &dom);

	(void)ctx;
	if (st)
		return st;
	if (vlt_version(req) < 0x20000u || !vlt_descs[dom].ext_name)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_str(r, vlt_descs[dom].ext_name, 64);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg vlt_msgs[] = {
	{ .msg_id = 0x1, .fn = vlt_proto_attributes },
	{ .msg_id = 0x3, .min_len = 4, .fn = vlt_dom_attributes },
	{ .msg_id = 0x4, .min_len = 8, .fn = vlt_describe_levels },
	{ .msg_id = 0x5, .min_len = 8, .fn = vlt_config_set },
	{ .msg_id = 0x6, .min_len = 4, .fn = vlt_config_get },
	{ .msg_id = 0x7, .min_len = 12, .flags = SCMIA_SIM_MSG_F_ASYNC, .fn = vlt_level_set },
	{ .msg_id = 0x8, .min_len = 4, .fn = vlt_level_get },
	{ .msg_id = 0x9, .min_len = 4, .fn = vlt_name_get },
};

int scmia_sim_voltage_register(struct scmia_sim *sim, struct scmia_sim_voltage *v)
{
	unsigned i;

	if (!sim || !v)
		return SCMIA_EINVAL;
	memset(v, 0, sizeof(*v));
	for (i = 0; i < SCMIA_SIM_VOLTAGE_DOMAINS; i++) {
		v->level[i] = vlt_descs[i].initial;
		v->config[i] = VLT_ON;
	}
	v->proto.id = VLT_ID;
	v->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	v->proto.version = 0x20000u;
	v->proto.min_version = 0x10000u;
	v->proto.msgs = vlt_msgs;
	v->proto.n_msgs = sizeof(vlt_msgs) / sizeof(vlt_msgs[0]);
	v->proto.ctx = v;
	return scmia_sim_register_proto(sim, &v->proto);
}

int32_t scmia_sim_voltage_level(struct scmia_sim *sim, struct scmia_sim_voltage *v,
				uint32_t domain)
{
	int32_t l;

	if (!sim || !v || domain >= SCMIA_SIM_VOLTAGE_DOMAINS)
		return 0;
	sim_lock(sim);
	l = v->level[domain];
	sim_unlock(sim);
	return l;
}

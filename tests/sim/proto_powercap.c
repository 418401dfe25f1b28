/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: Power capping and monitoring protocol (0x18), v2.0,
 * DEN0056 §4.10. Powers in milliwatts, averaging intervals in µs.
 */
#include <string.h>

#include "scmia_sim_pb.h"
#include "sim_internal.h"

#define PC_ID 0x18u

#define PC_A_NOTIFY_CAP (1u << 31)
#define PC_A_NOTIFY_MEAS (1u << 30)
#define PC_A_ASYNC (1u << 29)
#define PC_A_EXT_NAME (1u << 28)
#define PC_A_CAP_CONFIG (1u << 27)
#define PC_A_MONITORING (1u << 26)
#define PC_A_PAI_CONFIG (1u << 25)
#define PC_A_UNIT_MW (2u << 23)
#define PC_A_FC (1u << 22)

#define PC_F_IGNORE_DRESP (1u << 0)
#define PC_F_ASYNC (1u << 1)

struct pc_desc {
	const char *name;
	const char *ext_name;
	uint32_t attributes;
	uint32_t min_pai, max_pai, pai_step;
	uint32_t min_cap, max_cap, cap_step;
	uint32_t sustainable, accuracy, parent;
	uint32_t cap, pai, power; /* initial */
};

static const struct pc_desc pc_descs[SCMIA_SIM_POWERCAP_DOMAINS] = {
	{ "soc", "soc-package-power-limit",
	  PC_A_NOTIFY_CAP | PC_A_NOTIFY_MEAS | PC_A_ASYNC | PC_A_EXT_NAME | PC_A_CAP_CONFIG |
		  PC_A_MONITORING | PC_A_PAI_CONFIG | PC_A_UNIT_MW | PC_A_FC,
	  1000, 1000000, 1000, 1000, 15000, 50, 10000, 5000, 0xffffffffu, 12000, 10000, 8000 },
	{ "gpu", NULL,
	  PC_A_NOTIFY_CAP | PC_A_NOTIFY_MEAS | PC_A_CAP_CONFIG | PC_A_MONITORING |
		  PC_A_PAI_CONFIG | PC_A_UNIT_MW,
	  1000, 100000, 1000, 500, 8000, 50, 5000, 10000, 0, 6000, 10000, 3000 },
	{ "npu", NULL, PC_A_NOTIFY_MEAS | PC_A_MONITORING | PC_A_UNIT_MW,
	  10000, 10000, 0, 0, 0, 0, 2000, 20000, 0, 0, 10000, 1200 },
};

static uint32_t pc_version(const struct scmia_sim_req *req)
{
	return scmia_sim_proto_version(req->sim, PC_ID);
}

static int32_t pc_get(const struct scmia_sim_req *req, uint32_t *dom)
{
	*dom = scmia_get_le32(req->payload);
	return *dom < SCMIA_SIM_POWERCAP_DOMAINS ? SCMIA_STATUS_SUCCESS : SCMIA_STATUS_NOT_FOUND;
}

static void pc_cap_event(struct scmia_sim_powercap *p, const struct scmia_sim_req *req,
			 uint32_t dom)
{
	uint8_t ev[16];

	if (!(p->notify_cap & (1u << dom)))
		return;
	/* POWERCAP_CAP_CHANGED: agent_id, domain_id, power_cap, pai. */
	scmia_put_le32(ev, req->agent_id);
	scmia_put_le32(ev + 4, dom);
	scmia_put_le32(ev + 8, p->cap[dom]);
	scmia_put_le32(ev + 12, p->pai[dom]);
	(void)scmia_sim_notify(req->sim, PC_ID, 0x0, ev, sizeof(ev));
}

static int32_t pc_proto_attributes(void *ctx, const struct scmia_sim_req *req,
				   struct scmia_sim_resp *r)
{
	(void)ctx;
	(void)req;
	scmia_sim_resp_put_le32(r, SCMIA_SIM_POWERCAP_DOMAINS);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_dom_attributes(void *ctx, const struct scmia_sim_req *req,
				 struct scmia_sim_resp *r)
{
	uint32_t dom;
	int32_t st = pc_get(req, &dom);
	const struct pc_desc *d;

	(void)ctx;
	if (st)
		return st;
	d = &pc_descs[dom];
	scmia_sim_resp_put_le32(r, d->attributes);
	scmia_sim_resp_put_str(r, d->name, 16);
	scmia_sim_resp_put_le32(r, d->min_pai);
	scmia_sim_resp_put_le32(r, d->max_pai);
	scmia_sim_resp_put_le32(r, d->pai_step);
	scmia_sim_resp_put_le32(r, d->min_cap);
	scmia_sim_resp_put_le32(r, d->max_cap);
	scmia_sim_resp_put_le32(r, d->cap_step);
	scmia_sim_resp_put_le32(r, d->sustainable);
	scmia_sim_resp_put_le32(r, d->accuracy);
	scmia_sim_resp_put_le32(r, d->parent);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_cap_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_powercap *p = (struct scmia_sim_powercap *)ctx;
	uint32_t dom;
	int32_t st = pc_get(req, &dom);

	if (st)
		return st;
	scmia_sim_resp_put_le32(r, p->cap[dom]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_cap_set(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_powercap *p = (struct scmia_sim_powercap *)ctx;
	uint32_t dom, flags = scmia_get_le32(req->payload + 4);
	uint32_t cap = scmia_get_le32(req->payload + 8);
	int32_t st = pc_get(req, &dom);
	const struct pc_desc *d;
	struct scmia_sim_buf *b;

	if (st)
		return st;
	d = &pc_descs[dom];
	if ((flags & ~3u) || ((flags & PC_F_IGNORE_DRESP) && !(flags & PC_F_ASYNC)))
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (!(d->attributes & PC_A_CAP_CONFIG))
		return SCMIA_STATUS_NOT_SUPPORTED;
	if ((flags & PC_F_ASYNC) && !(d->attributes & PC_A_ASYNC))
		return SCMIA_STATUS_NOT_SUPPORTED;
	/* From v2 a cap of 0 turns capping off. */
	if (!(cap == 0 && pc_version(req) >= 0x20000u)) {
		if (cap < d->min_cap || cap > d->max_cap)
			return SCMIA_STATUS_OUT_OF_RANGE;
		if ((cap - d->min_cap) % d->cap_step)
			return SCMIA_STATUS_INVALID_PARAMETERS;
	}
	if (p->cap[dom] != cap) {
		p->cap[dom] = cap;
		pc_cap_event(p, req, dom);
	}
	if ((flags & PC_F_ASYNC) && !(flags & PC_F_IGNORE_DRESP)) {
		/* POWERCAP_CAP_SET_COMPLETE: status, domain_id, power_cap. */
		b = scmia_sim_resp_dresp(r, SCMIA_STATUS_SUCCESS, SCMIA_SIM_POWERCAP_ASYNC_US);
		scmia_sim_buf_put_le32(b, dom);
		scmia_sim_buf_put_le32(b, cap);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_pai_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_powercap *p = (struct scmia_sim_powercap *)ctx;
	uint32_t dom;
	int32_t st = pc_get(req, &dom);

	if (st)
		return st;
	scmia_sim_resp_put_le32(r, p->pai[dom]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_pai_set(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_powercap *p = (struct scmia_sim_powercap *)ctx;
	uint32_t dom, pai = scmia_get_le32(req->payload + 8);
	int32_t st = pc_get(req, &dom);
	const struct pc_desc *d;

	(void)r;
	if (st)
		return st;
	d = &pc_descs[dom];
	if (scmia_get_le32(req->payload + 4))
		return SCMIA_STATUS_INVALID_PARAMETERS; /* flags reserved */
	if (!(d->attributes & PC_A_PAI_CONFIG))
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (pai < d->min_pai || pai > d->max_pai)
		return SCMIA_STATUS_OUT_OF_RANGE;
	if ((pai - d->min_pai) % d->pai_step)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (p->pai[dom] != pai) {
		p->pai[dom] = pai;
		pc_cap_event(p, req, dom);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_name_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint32_t dom;
	int32_t st = pc_get(req, &dom);

	(void)ctx;
	if (st)
		return st;
	if (!pc_descs[dom].ext_name)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_str(r, pc_descs[dom].ext_name, 64);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_meas_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_powercap *p = (struct scmia_sim_powercap *)ctx;
	uint32_t dom;
	int32_t st = pc_get(req, &dom);

	if (st)
		return st;
	if (!(pc_descs[dom].attributes & PC_A_MONITORING))
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, p->power[dom]);
	scmia_sim_resp_put_le32(r, p->pai[dom]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_cap_notify(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_powercap *p = (struct scmia_sim_powercap *)ctx;
	uint32_t dom;
	int32_t st = pc_get(req, &dom);

	(void)r;
	if (st)
		return st;
	if (!(pc_descs[dom].attributes & PC_A_NOTIFY_CAP))
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (scmia_get_le32(req->payload + 4) & 1u)
		p->notify_cap |= 1u << dom;
	else
		p->notify_cap &= ~(1u << dom);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_meas_notify(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_powercap *p = (struct scmia_sim_powercap *)ctx;
	uint32_t dom, en = scmia_get_le32(req->payload + 4) & 1u;
	uint32_t lo = scmia_get_le32(req->payload + 8), hi = scmia_get_le32(req->payload + 12);
	int32_t st = pc_get(req, &dom);

	(void)r;
	if (st)
		return st;
	if (!(pc_descs[dom].attributes & PC_A_NOTIFY_MEAS))
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (en && lo > hi)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (en) {
		p->notify_meas |= 1u << dom;
		p->thresh_lo[dom] = lo;
		p->thresh_hi[dom] = hi;
	} else {
		p->notify_meas &= ~(1u << dom);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pc_describe_fc(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	uint32_t dom, msg = scmia_get_le32(req->payload + 4);
	int32_t st = pc_get(req, &dom);

	(void)ctx;
	if (st)
		return st;
	/* Only CAP_GET of "soc" has a fastchannel (no doorbell). */
	if (!(pc_descs[dom].attributes & PC_A_FC) || msg != 0x4u)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, 1000);
	scmia_sim_resp_put_le64(r, SCMIA_SIM_POWERCAP_FC_ADDR);
	scmia_sim_resp_put_le32(r, 4);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg pc_msgs[] = {
	{ .msg_id = 0x1, .fn = pc_proto_attributes },
	{ .msg_id = 0x3, .min_len = 4, .fn = pc_dom_attributes },
	/* CAP_GET is declared for fastchannels (PROTOCOL_MESSAGE_ATTRIBUTES bit 0). */
	{ .msg_id = 0x4, .min_len = 4, .attributes = 1, .fn = pc_cap_get },
	{ .msg_id = 0x5, .min_len = 12, .flags = SCMIA_SIM_MSG_F_ASYNC, .fn = pc_cap_set },
	{ .msg_id = 0x6, .min_len = 4, .fn = pc_pai_get },
	{ .msg_id = 0x7, .min_len = 12, .fn = pc_pai_set },
	{ .msg_id = 0x8, .min_len = 4, .fn = pc_name_get },
	{ .msg_id = 0x9, .min_len = 4, .fn = pc_meas_get },
	{ .msg_id = 0xa, .min_len = 8, .fn = pc_cap_notify },
	{ .msg_id = 0xb, .min_len = 16, .fn = pc_meas_notify },
	{ .msg_id = 0xc, .min_len = 8, .fn = pc_describe_fc },
};

int scmia_sim_powercap_register(struct scmia_sim *sim, struct scmia_sim_powercap *p)
{
	unsigned i;

	if (!sim || !p)
		return SCMIA_EINVAL;
	memset(p, 0, sizeof(*p));
	for (i = 0; i < SCMIA_SIM_POWERCAP_DOMAINS; i++) {
		p->cap[i] = pc_descs[i].cap;
		p->pai[i] = pc_descs[i].pai;
		p->power[i] = pc_descs[i].power;
	}
	p->proto.id = PC_ID;
	p->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	p->proto.version = 0x20000u;
	p->proto.min_version = 0x10000u;
	p->proto.msgs = pc_msgs;
	p->proto.n_msgs = sizeof(pc_msgs) / sizeof(pc_msgs[0]);
	p->proto.ctx = p;
	return scmia_sim_register_proto(sim, &p->proto);
}

uint32_t scmia_sim_powercap_cap(struct scmia_sim *sim, struct scmia_sim_powercap *p,
				uint32_t domain)
{
	uint32_t c;

	if (!sim || !p || domain >= SCMIA_SIM_POWERCAP_DOMAINS)
		return 0;
	sim_lock(sim);
	c = p->cap[domain];
	sim_unlock(sim);
	return c;
}

int scmia_sim_powercap_set_power(struct scmia_sim *sim, struct scmia_sim_powercap *p,
				 uint32_t domain, uint32_t power)
{
	uint8_t ev[12];
	int raise;

	if (!sim || !p || domain >= SCMIA_SIM_POWERCAP_DOMAINS)
		return SCMIA_EINVAL;
	sim_lock(sim);
	p->power[domain] = power;
	raise = (p->notify_meas & (1u << domain)) &&
		(power < p->thresh_lo[domain] || power > p->thresh_hi[domain]);
	/* POWERCAP_MEASUREMENTS_CHANGED: agent_id, domain_id, power. */
	scmia_put_le32(ev, sim->cfg.agent_id);
	scmia_put_le32(ev + 4, domain);
	scmia_put_le32(ev + 8, power);
	sim_unlock(sim);
	if (!raise)
		return 0;
	return scmia_sim_notify(sim, PC_ID, 0x1, ev, sizeof(ev)) == SCMIA_OK ? 1 : 0;
}

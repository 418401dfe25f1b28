/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: Power domain management protocol (0x11), v3.1,
 * DEN0056 §4.3.
 */
#include <string.h>

#include "scmia_sim_pm.h"
#include "sim_internal.h"

#define PWR_ID 0x11u
#define PWR_ON 0x00000000u
#define PWR_OFF 0x40000000u

#define PWR_A_NOTIFY (1u << 31)
#define PWR_A_ASYNC (1u << 30)
#define PWR_A_SYNC (1u << 29)
#define PWR_A_EXT_NAME (1u << 27)

struct pwr_dom {
	const char *name;
	const char *ext_name; /* NULL: none */
	uint32_t initial;
};

static const struct pwr_dom pwr_doms[SCMIA_SIM_POWER_DOMAINS] = {
	{ "cpu0", NULL, PWR_ON },
	{ "gpu", "gpu-3d-graphics-engine", PWR_OFF },
	{ "dsp", NULL, PWR_ON }, /* another agent's: DENIED */
	{ "display", NULL, PWR_ON },
};

/* Domain id of a request, or a status for a bad or foreign domain. */
static int32_t pwr_domain(const struct scmia_sim_req *req, uint32_t off, uint32_t *dom)
{
	*dom = scmia_get_le32(req->payload + off);
	if (*dom >= SCMIA_SIM_POWER_DOMAINS)
		return SCMIA_STATUS_NOT_FOUND;
	if (*dom == SCMIA_SIM_POWER_DENIED_DOMAIN)
		return SCMIA_STATUS_DENIED;
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pwr_attributes(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	(void)ctx;
	(void)req;
	/* attributes (domains), statistics address low/high, length: none. */
	scmia_sim_resp_put_le32(r, SCMIA_SIM_POWER_DOMAINS);
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, 0);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pwr_dom_attributes(void *ctx, const struct scmia_sim_req *req,
				  struct scmia_sim_resp *r)
{
	uint32_t dom, a = PWR_A_NOTIFY | PWR_A_ASYNC | PWR_A_SYNC;
	int32_t st = pwr_domain(req, 0, &dom);

	(void)ctx;
	if (st)
		return st;
	if (pwr_doms[dom].ext_name && scmia_sim_proto_version(req->sim, PWR_ID) >= 0x30000u)
		a |= PWR_A_EXT_NAME;
	scmia_sim_resp_put_le32(r, a);
	scmia_sim_resp_put_str(r, pwr_doms[dom].name, 16);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pwr_state_set(void *ctx, const struct scmia_sim_req *req,
			     struct scmia_sim_resp *r)
{
	struct scmia_sim_power *p = (struct scmia_sim_power *)ctx;
	uint32_t flags = scmia_get_le32(req->payload);
	uint32_t state = scmia_get_le32(req->payload + 8);
	uint32_t dom;
	int32_t st = pwr_domain(req, 4, &dom);
	uint8_t ev[12];

	(void)r;
	if (st)
		return st;
	if (flags & ~1u)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (state != PWR_ON && state != PWR_OFF)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	p->sets++;
	if (p->state[dom] == state)
		return SCMIA_STATUS_SUCCESS;
	p->state[dom] = state;
	if (p->notify & (1u << dom)) {
		/* POWER_STATE_CHANGED: agent_id, domain_id, power_state. */
		scmia_put_le32(ev, req->agent_id);
		scmia_put_le32(ev + 4, dom);
		scmia_put_le32(ev + 8, state);
		(void)scmia_sim_notify(req->sim, PWR_ID, 0x0, ev, sizeof(ev));
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pwr_state_get(void *ctx, const struct scmia_sim_req *req,
			     struct scmia_sim_resp *r)
{
	struct scmia_sim_power *p = (struct scmia_sim_power *)ctx;
	uint32_t dom;
	int32_t st = pwr_domain(req, 0, &dom);

	if (st)
		return st;
	scmia_sim_resp_put_le32(r, p->state[dom]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pwr_state_notify(void *ctx, const struct scmia_sim_req *req,
				struct scmia_sim_resp *r)
{
	struct scmia_sim_power *p = (struct scmia_sim_power *)ctx;
	uint32_t dom;
	int32_t st = pwr_domain(req, 0, &dom);

	(void)r;
	if (st)
		return st;
	if (scmia_get_le32(req->payload + 4) & 1u)
		p->notify |= 1u << dom;
	else
		p->notify &= ~(1u << dom);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pwr_name_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint32_t dom;
	int32_t st = pwr_domain(req, 0, &dom);

	(void)ctx;
	if (st)
		return st;
	if (!pwr_doms[dom].ext_name)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_str(r, pwr_doms[dom].ext_name, 64);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg pwr_msgs[] = {
	{ .msg_id = 0x1, .fn = pwr_attributes },
	{ .msg_id = 0x3, .min_len = 4, .fn = pwr_dom_attributes },
	{ .msg_id = 0x4, .min_len = 12, .fn = pwr_state_set },
	{ .msg_id = 0x5, .min_len = 4, .fn = pwr_state_get },
	{ .msg_id = 0x6, .min_len = 8, .fn = pwr_state_notify },
	{ .msg_id = 0x8, .min_len = 4, .fn = pwr_name_get },
};

int scmia_sim_power_register(struct scmia_sim *sim, struct scmia_sim_power *p)
{
	unsigned i;

	if (!sim || !p)
		return SCMIA_EINVAL;
	memset(p, 0, sizeof(*p));
	for (i = 0; i < SCMIA_SIM_POWER_DOMAINS; i++)
		p->state[i] = pwr_doms[i].initial;
	p->proto.id = PWR_ID;
	p->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	p->proto.version = 0x30001u;
	p->proto.min_version = 0x10000u;
	p->proto.msgs = pwr_msgs;
	p->proto.n_msgs = sizeof(pwr_msgs) / sizeof(pwr_msgs[0]);
	p->proto.ctx = p;
	return scmia_sim_register_proto(sim, &p->proto);
}

uint32_t scmia_sim_power_state(struct scmia_sim *sim, struct scmia_sim_power *p,
			       uint32_t domain)
{
	uint32_t v;

	if (!sim || !p || domain >= SCMIA_SIM_POWER_DOMAINS)
		return 0xffffffffu;
	sim_lock(sim);
	v = p->state[domain];
	sim_unlock(sim);
	return v;
}

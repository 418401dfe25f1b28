/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: Performance domain management protocol (0x13),
 * v4.0, DEN0056 §4.5. Layouts follow the version agreed with the agent
 * (12-byte level entries before v4, 20-byte entries from v4).
 */
#include <string.h>

#include "scmia_sim_pm.h"
#include "sim_internal.h"

#define PERF_ID 0x13u

#define PERF_A_SET_LIMITS (1u << 31)
#define PERF_A_SET_LEVEL (1u << 30)
#define PERF_A_NOTIFY_LIMITS (1u << 29)
#define PERF_A_NOTIFY_LEVEL (1u << 28)
#define PERF_A_FC (1u << 27)
#define PERF_A_EXT_NAME (1u << 26)

/* Levels are MHz values; power in mW; latency in µs. */
struct perf_dom {
	const char *name;
	const char *ext_name;
	uint32_t n_levels;
	uint32_t levels[SCMIA_SIM_PERF_MAX_LEVELS];
	uint32_t power_mw[SCMIA_SIM_PERF_MAX_LEVELS];
	uint16_t latency_us;
	uint32_t sustained_level;
	uint32_t rate_limit_us;
	uint8_t fc;
};

static const struct perf_dom perf_doms[SCMIA_SIM_PERF_DOMAINS] = {
	{ "little", NULL, 8,
	  { 400, 600, 800, 1000, 1200, 1400, 1600, 1800 },
	  { 12, 20, 30, 42, 58, 78, 102, 130 }, 50, 1800, 500, 1 },
	{ "big", "cpu-big-cluster-prime", 13,
	  { 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400, 2600, 2800, 3000 },
	  { 60, 85, 115, 150, 190, 240, 300, 370, 450, 540, 650, 780, 930 }, 80, 2400, 1000, 1 },
	{ "gpu", NULL, 5,
	  { 200, 400, 600, 800, 900 },
	  { 150, 320, 520, 760, 900 }, 120, 800, 2000, 0 },
};

static uint32_t perf_version(const struct scmia_sim_req *req)
{
	return scmia_sim_proto_version(req->sim, PERF_ID);
}

static int32_t perf_domain(const struct scmia_sim_req *req, uint32_t *dom)
{
	*dom = scmia_get_le32(req->payload);
	return *dom < SCMIA_SIM_PERF_DOMAINS ? SCMIA_STATUS_SUCCESS : SCMIA_STATUS_NOT_FOUND;
}

static int perf_level_known(uint32_t dom, uint32_t level)
{
	uint32_t i;

	for (i = 0; i < perf_doms[dom].n_levels; i++)
		if (perf_doms[dom].levels[i] == level)
			return 1;
	return 0;
}

static int32_t perf_attributes(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	(void)ctx;
	(void)req;
	/* attributes (bit 16: power in mW; domains), stats low, high, len. */
	scmia_sim_resp_put_le32(r, (1u << 16) | SCMIA_SIM_PERF_DOMAINS);
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, 0);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t perf_dom_attributes(void *ctx, const struct scmia_sim_req *req,
				   struct scmia_sim_resp *r)
{
	uint32_t dom, a = PERF_A_SET_LIMITS | PERF_A_SET_LEVEL | PERF_A_NOTIFY_LIMITS |
			  PERF_A_NOTIFY_LEVEL;
	int32_t st = perf_domain(req, &dom);
	const struct perf_dom *d;

	(void)ctx;
	if (st)
		return st;
	d = &perf_doms[dom];
	if (d->fc)
		a |= PERF_A_FC;
	if (d->ext_name && perf_version(req) >= 0x30000u)
		a |= PERF_A_EXT_NAME;
	/* attributes, rate_limit, sustained_freq (kHz), sustained level, name. */
	scmia_sim_resp_put_le32(r, a);
	scmia_sim_resp_put_le32(r, d->rate_limit_us);
	scmia_sim_resp_put_le32(r, d->sustained_level * 1000u);
	scmia_sim_resp_put_le32(r, d->sustained_level);
	scmia_sim_resp_put_str(r, d->name, 16);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t perf_describe_levels(void *ctx, const struct scmia_sim_req *req,
				    struct scmia_sim_resp *r)
{
	uint32_t dom, idx = scmia_get_le32(req->payload + 4), n, i;
	int32_t st = perf_domain(req, &dom);
	const struct perf_dom *d;
	int v4;

	(void)ctx;
	if (st)
		return st;
	d = &perf_doms[dom];
	if (idx > d->n_levels)
		return SCMIA_STATUS_OUT_OF_RANGE;
	v4 = perf_version(req) >= 0x40000u;
	n = d->n_levels - idx;
	if (n > SCMIA_SIM_PERF_PAGE)
		n = SCMIA_SIM_PERF_PAGE;
	/* num_levels: returned in 11:0, remaining in 31:16. */
	scmia_sim_resp_put_le32(r, n | ((d->n_levels - idx - n) << 16));
	for (i = idx; i < idx + n; i++) {
		scmia_sim_resp_put_le32(r, d->levels[i]);
		scmia_sim_resp_put_le32(r, d->power_mw[i]);
		scmia_sim_resp_put_le32(r, d->latency_us);
		if (v4) {
			scmia_sim_resp_put_le32(r, d->levels[i] * 1000u); /* kHz */
			scmia_sim_resp_put_le32(r, i);
		}
	}
	return SCMIA_STATUS_SUCCESS;
}

static void perf_notify_level(struct scmia_sim_perf *p, const struct scmia_sim_req *req,
			      uint32_t dom)
{
	uint8_t ev[12];

	if (!(p->notify_level & (1u << dom)))
		return;
	/* PERFORMANCE_LEVEL_CHANGED: agent_id, domain_id, level. */
	scmia_put_le32(ev, req->agent_id);
	scmia_put_le32(ev + 4, dom);
	scmia_put_le32(ev + 8, p->level[dom]);
	(void)scmia_sim_notify(req->sim, PERF_ID, 0x1, ev, sizeof(ev));
}

static int32_t perf_limits_set(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	struct scmia_sim_perf *p = (struct scmia_sim_perf *)ctx;
	uint32_t mx = scmia_get_le32(req->payload + 4), mn = scmia_get_le32(req->payload + 8);
	uint32_t dom;
	int32_t st = perf_domain(req, &dom);
	const struct perf_dom *d;
	uint8_t ev[16];

	(void)r;
	if (st)
		return st;
	d = &perf_doms[dom];
	if (mn > mx || mn < d->levels[0] || mx > d->levels[d->n_levels - 1])
		return SCMIA_STATUS_OUT_OF_RANGE;
	p->lim_max[dom] = mx;
	p->lim_min[dom] = mn;
	if (p->notify_limits & (1u << dom)) {
		/* PERFORMANCE_LIMITS_CHANGED: agent_id, domain_id, max, min. */
		scmia_put_le32(ev, req->agent_id);
		scmia_put_le32(ev + 4, dom);
		scmia_put_le32(ev + 8, mx);
		scmia_put_le32(ev + 12, mn);
		(void)scmia_sim_notify(req->sim, PERF_ID, 0x0, ev, sizeof(ev));
	}
	/* The level follows the new limits. */
	if (p->level[dom] > mx || p->level[dom] < mn) {
		p->level[dom] = p->level[dom] > mx ? mx : mn;
		perf_notify_level(p, req, dom);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t perf_limits_get(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	struct scmia_sim_perf *p = (struct scmia_sim_perf *)ctx;
	uint32_t dom;
	int32_t st = perf_domain(req, &dom);

	if (st)
		return st;
	scmia_sim_resp_put_le32(r, p->lim_max[dom]);
	scmia_sim_resp_put_le32(r, p->lim_min[dom]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t perf_level_set(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_perf *p = (struct scmia_sim_perf *)ctx;
	uint32_t lv = scmia_get_le32(req->payload + 4);
	uint32_t dom;
	int32_t st = perf_domain(req, &dom);

	(void)r;
	if (st)
		return st;
	if (!perf_level_known(dom, lv) || lv > p->lim_max[dom] || lv < p->lim_min[dom])
		return SCMIA_STATUS_OUT_OF_RANGE;
	if (p->level[dom] != lv) {
		p->level[dom] = lv;
		perf_notify_level(p, req, dom);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t perf_level_get(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_perf *p = (struct scmia_sim_perf *)ctx;
	uint32_t dom;
	int32_t st = perf_domain(req, &dom);

	if (st)
		return st;
	scmia_sim_resp_put_le32(r, p->level[dom]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t perf_notify(struct scmia_sim_perf *p, const struct scmia_sim_req *req,
			   uint32_t *mask)
{
	uint32_t dom;
	int32_t st = perf_domain(req, &dom);

	(void)p;
	if (st)
		return st;
	if (scmia_get_le32(req->payload + 4) & 1u)
		*mask |= 1u << dom;
	else
		*mask &= ~(1u << dom);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t perf_notify_limits(void *ctx, const struct scmia_sim_req *req,
				  struct scmia_sim_resp *r)
{
	struct scmia_sim_perf *p = (struct scmia_sim_perf *)ctx;

	(void)r;
	return perf_notify(p, req, &p->notify_limits);
}

static int32_t perf_notify_lvl(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	struct scmia_sim_perf *p = (struct scmia_sim_perf *)ctx;

	(void)r;
	return perf_notify(p, req, &p->notify_level);
}

static int32_t perf_describe_fc(void *ctx, const struct scmia_sim_req *req,
				struct scmia_sim_resp *r)
{
	uint32_t dom, msg = scmia_get_le32(req->payload + 4);
	int32_t st = perf_domain(req, &dom);

	(void)ctx;
	if (st)
		return st;
	if (!perf_doms[dom].fc)
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (msg < 0x5 || msg > 0x8)
		return SCMIA_STATUS_NOT_FOUND;
	/* attributes (no doorbell), rate_limit, chan address low/high, size,
	 * then the doorbell fields (unused: zero). */
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, perf_doms[dom].rate_limit_us);
	scmia_sim_resp_put_le32(r, 0x4000f000u + dom * 0x100u + (msg - 5u) * 0x20u);
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, (msg == 0x5 || msg == 0x6) ? 8u : 4u);
	for (unsigned i = 0; i < 6; i++)
		scmia_sim_resp_put_le32(r, 0);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t perf_name_get(void *ctx, const struct scmia_sim_req *req,
			     struct scmia_sim_resp *r)
{
	uint32_t dom;
	int32_t st = perf_domain(req, &dom);

	(void)ctx;
	if (st)
		return st;
	if (!perf_doms[dom].ext_name)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_str(r, perf_doms[dom].ext_name, 64);
	return SCMIA_STATUS_SUCCESS;
}

/* Levels and limits are declared for fastchannels (message attributes
 * bit 0); the domain attributes say which domains have them. */
static const struct scmia_sim_msg perf_msgs[] = {
	{ .msg_id = 0x1, .fn = perf_attributes },
	{ .msg_id = 0x3, .min_len = 4, .fn = perf_dom_attributes },
	{ .msg_id = 0x4, .min_len = 8, .fn = perf_describe_levels },
	{ .msg_id = 0x5, .min_len = 12, .attributes = 1, .fn = perf_limits_set },
	{ .msg_id = 0x6, .min_len = 4, .attributes = 1, .fn = perf_limits_get },
	{ .msg_id = 0x7, .min_len = 8, .attributes = 1, .fn = perf_level_set },
	{ .msg_id = 0x8, .min_len = 4, .attributes = 1, .fn = perf_level_get },
	{ .msg_id = 0x9, .min_len = 8, .fn = perf_notify_limits },
	{ .msg_id = 0xa, .min_len = 8, .fn = perf_notify_lvl },
	{ .msg_id = 0xb, .min_len = 8, .fn = perf_describe_fc },
	{ .msg_id = 0xc, .min_len = 4, .fn = perf_name_get },
};

int scmia_sim_perf_register(struct scmia_sim *sim, struct scmia_sim_perf *p)
{
	unsigned i;

	if (!sim || !p)
		return SCMIA_EINVAL;
	memset(p, 0, sizeof(*p));
	for (i = 0; i < SCMIA_SIM_PERF_DOMAINS; i++) {
		p->lim_min[i] = perf_doms[i].levels[0];
		p->lim_max[i] = perf_doms[i].levels[perf_doms[i].n_levels - 1];
		p->level[i] = perf_doms[i].sustained_level;
	}
	p->proto.id = PERF_ID;
	p->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	p->proto.version = 0x40000u;
	p->proto.min_version = 0x10000u;
	p->proto.msgs = perf_msgs;
	p->proto.n_msgs = sizeof(perf_msgs) / sizeof(perf_msgs[0]);
	p->proto.ctx = p;
	return scmia_sim_register_proto(sim, &p->proto);
}

uint32_t scmia_sim_perf_level(struct scmia_sim *sim, struct scmia_sim_perf *p, uint32_t domain)
{
	uint32_t v;

	if (!sim || !p || domain >= SCMIA_SIM_PERF_DOMAINS)
		return 0;
	sim_lock(sim);
	v = p->level[domain];
	sim_unlock(sim);
	return v;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: Clock management protocol (0x14), v3.0, DEN0056
 * §4.6. Layouts follow the version agreed with the agent.
 */
#include <string.h>

#include "scmia_sim_dev.h"
#include "scmia_sim_pb.h"
#include "sim_internal.h"

#define CLK_ID 0x14u

#define CLK_A_NOTIFY_CHANGED (1u << 31)
#define CLK_A_NOTIFY_REQUESTED (1u << 30)
#define CLK_A_EXT_NAME (1u << 29)
#define CLK_A_PARENTS (1u << 28)
#define CLK_A_PERMISSIONS (1u << 1)
#define CLK_A_ENABLED (1u << 0)

#define CLK_F_ASYNC (1u << 0)
#define CLK_F_IGNORE_DRESP (1u << 1)
#define CLK_F_ROUND_UP (1u << 2)
#define CLK_F_ROUND_AUTO (1u << 3)

/* Rates per DESCRIBE_RATES page: 4 + 8 * 8 bytes. */
#define CLK_PAGE 8u
#define MHZ 1000000ull

struct clk_desc {
	const char *name;
	const char *ext_name;   /* NULL: none */
	uint8_t range;          /* 1: min/max/step; 0: list */
	uint8_t async;          /* asynchronous rate changes */
	uint8_t requested;      /* CLOCK_RATE_CHANGE_REQUESTED supported */
	uint8_t denied;         /* another agent's */
	uint8_t parents;        /* has possible parents */
	uint32_t n;             /* list: number of rates */
	const uint64_t *tab;    /* list: rates, or NULL: first + i * step */
	uint64_t first, max, step;
	uint64_t initial;
	uint32_t latency_us;
};

static const uint64_t ddr_rates[] = { 400 * MHZ, 800 * MHZ, 1066 * MHZ, 1600 * MHZ };
static const uint64_t periph_rates[] = { 600 * MHZ, 1200 * MHZ };
static const uint32_t sdmmc_parents[] = { 0, 4 };

static const struct clk_desc clk_descs[SCMIA_SIM_CLOCKS] = {
	{ "cpu-pll", NULL, 0, 0, 1, 0, 0, 50, NULL, 100 * MHZ, 0, 100 * MHZ, 1200 * MHZ, 20 },
	{ "uart", NULL, 1, 0, 0, 0, 0, 0, NULL, 1 * MHZ, 100 * MHZ, 1000, 48 * MHZ, 5 },
	{ "ddr", NULL, 0, 1, 1, 0, 0, 4, ddr_rates, 0, 0, 0, 800 * MHZ, 100 },
	{ "sdmmc", "sdmmc0-card-clock", 1, 0, 0, 0, 1, 0, NULL, 400000, 200 * MHZ, 100000,
	  50 * MHZ, 10 },
	{ "periph-pll", NULL, 0, 0, 0, 0, 0, 2, periph_rates, 0, 0, 0, 600 * MHZ, 50 },
	{ "secure", NULL, 0, 0, 0, 1, 0, 1, periph_rates, 0, 0, 0, 600 * MHZ, 0 },
};

static uint32_t clk_version(const struct scmia_sim_req *req)
{
	return scmia_sim_proto_version(req->sim, CLK_ID);
}

static uint64_t clk_list_rate(const struct clk_desc *d, uint32_t i)
{
	return d->tab ? d->tab[i] : d->first + (uint64_t)i * d->step;
}

/* Clock id at @off, or a status for an unknown or foreign clock. */
static int32_t clk_get(const struct scmia_sim_req *req, uint32_t off, uint32_t *id)
{
	*id = scmia_get_le32(req->payload + off);
	if (*id >= SCMIA_SIM_CLOCKS)
		return SCMIA_STATUS_NOT_FOUND;
	if (clk_descs[*id].denied)
		return SCMIA_STATUS_DENIED;
	return SCMIA_STATUS_SUCCESS;
}

static int clk_event(struct scmia_sim *sim, uint8_t evt, uint32_t agent, uint32_t id,
		     uint64_t rate)
{
	uint8_t ev[16];

	/* CLOCK_RATE_CHANGED / _CHANGE_REQUESTED: agent_id, clock_id, rate
	 * low, rate high. */
	scmia_put_le32(ev, agent);
	scmia_put_le32(ev + 4, id);
	scmia_put_le64(ev + 8, rate);
	return scmia_sim_notify(sim, CLK_ID, evt, ev, sizeof(ev));
}

static int32_t clk_proto_attributes(void *ctx, const struct scmia_sim_req *req,
				    struct scmia_sim_resp *r)
{
	(void)ctx;
	(void)req;
	/* max pending async 23:16 (4), clocks 15:0. */
	scmia_sim_resp_put_le32(r, (4u << 16) | SCMIA_SIM_CLOCKS);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_attributes(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;
	uint32_t id, a = 0, v = clk_version(req);
	int32_t st = clk_get(req, 0, &id);
	const struct clk_desc *d;

	if (st)
		return st;
	d = &clk_descs[id];
	if (c->enabled & (1u << id))
		a |= CLK_A_ENABLED;
	if (v >= 0x20000u) {
		a |= CLK_A_NOTIFY_CHANGED;
		if (d->requested)
			a |= CLK_A_NOTIFY_REQUESTED;
		if (d->ext_name)
			a |= CLK_A_EXT_NAME;
	}
	if (v >= 0x30000u) {
		a |= CLK_A_PERMISSIONS;
		if (d->parents)
			a |= CLK_A_PARENTS;
	}
	/* attributes, clock_name[16], clock_enable_latency (v2+; TF-A's
	 * Clock 3.0 omits it: deviation ATTRS_V1). */
	scmia_sim_resp_put_le32(r, a);
	scmia_sim_resp_put_str(r, d->name, 16);
	if (v >= 0x20000u && !(c->dev & SCMIA_SIM_DEV_ATTRS_V1))
		scmia_sim_resp_put_le32(r, d->latency_us);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_describe_rates(void *ctx, const struct scmia_sim_req *req,
				  struct scmia_sim_resp *r)
{
	uint32_t id, index = scmia_get_le32(req->payload + 4), n, i;
	int32_t st = clk_get(req, 0, &id);
	const struct clk_desc *d;

	(void)ctx;
	if (st)
		return st;
	d = &clk_descs[id];
	if (d->range) {
		/* One triplet: format bit 12, three returned, none remaining. */
		scmia_sim_resp_put_le32(r, (1u << 12) | 3u);
		scmia_sim_resp_put_le64(r, d->first);
		scmia_sim_resp_put_le64(r, d->max);
		scmia_sim_resp_put_le64(r, d->step);
		return SCMIA_STATUS_SUCCESS;
	}
	if (index > d->n)
		return SCMIA_STATUS_OUT_OF_RANGE;
	n = d->n - index < CLK_PAGE ? d->n - index : CLK_PAGE;
	scmia_sim_resp_put_le32(r, ((d->n - index - n) << 16) | n);
	for (i = 0; i < n; i++)
		scmia_sim_resp_put_le64(r, clk_list_rate(d, index + i));
	return SCMIA_STATUS_SUCCESS;
}

/* Pick the rate the clock will really run at, or 0 when out of range. */
static uint64_t clk_round(const struct clk_desc *d, uint64_t want, uint32_t flags)
{
	uint64_t lo = 0, hi = 0, best;
	uint32_t i;

	if (d->range) {
		if (want < d->first || want > d->max)
			return 0;
		lo = d->first + (want - d->first) / d->step * d->step;
		hi = lo == want || lo + d->step > d->max ? lo : lo + d->step;
	} else {
		for (i = 0; i < d->n; i++) {
			uint64_t v = clk_list_rate(d, i);

			if (v <= want && v > lo)
				lo = v;
			if (v >= want && (!hi || v < hi))
				hi = v;
		}
	}
	if (flags & CLK_F_ROUND_AUTO) {
		if (!lo || !hi)
			best = lo ? lo : hi;
		else
			best = want - lo <= hi - want ? lo : hi;
	} else {
		best = (flags & CLK_F_ROUND_UP) ? hi : lo;
	}
	return best;
}

static int32_t clk_rate_set(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;
	uint32_t flags = scmia_get_le32(req->payload), id;
	uint64_t want = scmia_get_le64(req->payload + 8), got;
	int32_t st = clk_get(req, 4, &id);
	struct scmia_sim_buf *d;

	if (st)
		return st;
	if ((flags & ~0xfu) || ((flags & CLK_F_IGNORE_DRESP) && !(flags & CLK_F_ASYNC)))
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if ((flags & CLK_F_ASYNC) && !clk_descs[id].async)
		return SCMIA_STATUS_NOT_SUPPORTED;
	got = clk_round(&clk_descs[id], want, flags);
	if (!got)
		return SCMIA_STATUS_OUT_OF_RANGE;
	c->sets++;
	if (c->rate[id] != got) {
		c->rate[id] = got;
		if (c->notify_changed & (1u << id))
			(void)clk_event(req->sim, 0x0, req->agent_id, id, got);
	}
	/* TF-A announces asynchronous changes, then applies them at once
	 * and never sends the delayed response (deviation NO_DRESP). */
	if ((flags & CLK_F_ASYNC) && !(flags & CLK_F_IGNORE_DRESP) &&
	    !(c->dev & SCMIA_SIM_DEV_NO_DRESP)) {
		/* CLOCK_RATE_SET_COMPLETE: status, clock_id, rate low, high. */
		d = scmia_sim_resp_dresp(r, SCMIA_STATUS_SUCCESS, SCMIA_SIM_CLOCK_ASYNC_US);
		scmia_sim_buf_put_le32(d, id);
		scmia_sim_buf_put_le64(d, got);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_rate_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;
	uint32_t id;
	int32_t st = clk_get(req, 0, &id);

	if (st)
		return st;
	scmia_sim_resp_put_le64(r, c->rate[id]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_config_set(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;
	uint32_t id, attr = scmia_get_le32(req->payload + 4), state;
	int32_t st = clk_get(req, 0, &id);

	(void)r;
	if (st)
		return st;
	if (clk_version(req) >= 0x30000u) {
		/* v3: attributes (ext config type 23:16, state 1:0), value. */
		if (req->len < 12)
			return SCMIA_STATUS_INVALID_PARAMETERS;
		if ((attr >> 16) & 0xffu)
			return SCMIA_STATUS_NOT_SUPPORTED;
		state = attr & 0x3u;
		if (state == 2u || (attr & ~0x00ff0003u))
			return SCMIA_STATUS_INVALID_PARAMETERS;
		if (state == 3u)
			return SCMIA_STATUS_SUCCESS;
	} else {
		if (attr & ~1u)
			return SCMIA_STATUS_INVALID_PARAMETERS;
		state = attr & 1u;
	}
	if (state)
		c->enabled |= 1u << id;
	else
		c->enabled &= ~(1u << id);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_name_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint32_t id;
	int32_t st = clk_get(req, 0, &id);

	(void)ctx;
	if (st)
		return st;
	if (clk_version(req) < 0x20000u || !clk_descs[id].ext_name)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_str(r, clk_descs[id].ext_name, 64);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_notify(const struct scmia_sim_req *req, uint32_t *mask, int requested)
{
	uint32_t id;
	int32_t st = clk_get(req, 0, &id);

	if (st)
		return st;
	if (clk_version(req) < 0x20000u || (requested && !clk_descs[id].requested))
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (scmia_get_le32(req->payload + 4) & 1u)
		*mask |= 1u << id;
	else
		*mask &= ~(1u << id);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_rate_notify(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;

	(void)r;
	return clk_notify(req, &c->notify_changed, 0);
}

static int32_t clk_requested_notify(void *ctx, const struct scmia_sim_req *req,
				    struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;

	(void)r;
	return clk_notify(req, &c->notify_requested, 1);
}

static int32_t clk_config_get(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;
	uint32_t id;
	int32_t st = clk_get(req, 0, &id);

	if (st)
		return st;
	if (clk_version(req) < 0x30000u)
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (scmia_get_le32(req->payload + 4) & 0xffu)
		return SCMIA_STATUS_NOT_SUPPORTED; /* no extended configuration */
	/* attributes (reserved), config (bit 0 enabled), extended value. */
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_le32(r, (c->enabled >> id) & 1u);
	scmia_sim_resp_put_le32(r, 0);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_parents_get(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	uint32_t id, skip = scmia_get_le32(req->payload + 4), n = 2u;
	int32_t st = clk_get(req, 0, &id);

	(void)ctx;
	if (st)
		return st;
	if (clk_version(req) < 0x30000u || !clk_descs[id].parents)
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (skip >= n)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	/* One parent per page (remaining 31:24, returned 7:0). */
	scmia_sim_resp_put_le32(r, ((n - skip - 1u) << 24) | 1u);
	scmia_sim_resp_put_le32(r, sdmmc_parents[skip]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_parent_set(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;
	uint32_t id, parent = scmia_get_le32(req->payload + 4);
	int32_t st = clk_get(req, 0, &id);

	(void)r;
	if (st)
		return st;
	if (clk_version(req) < 0x30000u || !clk_descs[id].parents)
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (parent != sdmmc_parents[0] && parent != sdmmc_parents[1])
		return SCMIA_STATUS_INVALID_PARAMETERS;
	c->parent[id] = parent;
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_parent_get(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	struct scmia_sim_clocks *c = (struct scmia_sim_clocks *)ctx;
	uint32_t id;
	int32_t st = clk_get(req, 0, &id);

	if (st)
		return st;
	if (clk_version(req) < 0x30000u || !clk_descs[id].parents)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, c->parent[id]);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t clk_permissions(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	uint32_t id, perms = (1u << 31) | (1u << 29);
	int32_t st = clk_get(req, 0, &id);

	(void)ctx;
	if (st)
		return st;
	if (clk_version(req) < 0x30000u)
		return SCMIA_STATUS_NOT_SUPPORTED;
	/* state 31, parent 30 (only clocks with parents), rate 29. */
	if (clk_descs[id].parents)
		perms |= 1u << 30;
	scmia_sim_resp_put_le32(r, perms);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg clk_msgs[] = {
	{ .msg_id = 0x1, .fn = clk_proto_attributes },
	{ .msg_id = 0x3, .min_len = 4, .fn = clk_attributes },
	{ .msg_id = 0x4, .min_len = 8, .fn = clk_describe_rates },
	{ .msg_id = 0x5, .min_len = 16, .flags = SCMIA_SIM_MSG_F_ASYNC, .fn = clk_rate_set },
	{ .msg_id = 0x6, .min_len = 4, .fn = clk_rate_get },
	{ .msg_id = 0x7, .min_len = 8, .fn = clk_config_set },
	{ .msg_id = 0x8, .min_len = 4, .fn = clk_name_get },
	{ .msg_id = 0x9, .min_len = 8, .fn = clk_rate_notify },
	{ .msg_id = 0xa, .min_len = 8, .fn = clk_requested_notify },
	{ .msg_id = 0xb, .min_len = 8, .fn = clk_config_get },
	{ .msg_id = 0xc, .min_len = 8, .fn = clk_parents_get },
	{ .msg_id = 0xd, .min_len = 8, .fn = clk_parent_set },
	{ .msg_id = 0xe, .min_len = 4, .fn = clk_parent_get },
	{ .msg_id = 0xf, .min_len = 4, .fn = clk_permissions },
};

int scmia_sim_clock_register(struct scmia_sim *sim, struct scmia_sim_clocks *c)
{
	unsigned i;

	if (!sim || !c)
		return SCMIA_EINVAL;
	memset(c, 0, sizeof(*c));
	for (i = 0; i < SCMIA_SIM_CLOCKS; i++)
		c->rate[i] = clk_descs[i].initial;
	c->parent[3] = sdmmc_parents[0];
	c->enabled = (1u << 0) | (1u << 2) | (1u << 4); /* PLLs and DDR run */
	c->proto.id = CLK_ID;
	c->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	c->proto.version = 0x30000u;
	c->proto.min_version = 0x10000u;
	c->proto.msgs = clk_msgs;
	c->proto.n_msgs = sizeof(clk_msgs) / sizeof(clk_msgs[0]);
	c->proto.ctx = c;
	return scmia_sim_register_proto(sim, &c->proto);
}

uint64_t scmia_sim_clock_rate(struct scmia_sim *sim, struct scmia_sim_clocks *c, uint32_t clock)
{
	uint64_t v;

	if (!sim || !c || clock >= SCMIA_SIM_CLOCKS)
		return 0;
	sim_lock(sim);
	v = c->rate[clock];
	sim_unlock(sim);
	return v;
}

int scmia_sim_clock_request(struct scmia_sim *sim, struct scmia_sim_clocks *c, uint32_t clock,
			    uint64_t rate)
{
	int on;

	if (!sim || !c || clock >= SCMIA_SIM_CLOCKS)
		return SCMIA_EINVAL;
	sim_lock(sim);
	on = (c->notify_requested >> clock) & 1u;
	sim_unlock(sim);
	if (!on)
		return SCMIA_ENOENT;
	return clk_event(sim, 0x1, sim->cfg.agent_id, clock, rate);
}

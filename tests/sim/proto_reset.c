/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: Reset domain management protocol (0x16), v3.1,
 * DEN0056 §4.8, with asynchronous resets (delayed response RESET_COMPLETE).
 */
#include <string.h>

#include "scmia_sim_dev.h"
#include "scmia_sim_pm.h"
#include "sim_internal.h"

#define RST_ID 0x16u

#define RST_A_ASYNC (1u << 31)
#define RST_A_NOTIFY (1u << 30)
#define RST_A_EXT_NAME (1u << 29)

#define RST_F_AUTONOMOUS (1u << 0)
#define RST_F_ASSERT (1u << 1)
#define RST_F_ASYNC (1u << 2)

struct rst_dom {
	const char *name;
	const char *ext_name;
	uint32_t latency_us;
	uint8_t async;
};

static const struct rst_dom rst_doms[SCMIA_SIM_RESET_DOMAINS] = {
	{ "usb", NULL, 200, 1 },
	{ "eth", NULL, 50, 0 },
	{ "pcie", "pcie-root-complex-0", 1000, 1 },
};

static int32_t rst_domain(const struct scmia_sim_reset *s, const struct scmia_sim_req *req,
			  uint32_t *dom)
{
	*dom = scmia_get_le32(req->payload);
	if (*dom < SCMIA_SIM_RESET_DOMAINS)
		return SCMIA_STATUS_SUCCESS;
	/* TF-A answers INVALID_PARAMETERS for an id past its count. */
	return (s->dev & SCMIA_SIM_DEV_INVAL_ID) ? SCMIA_STATUS_INVALID_PARAMETERS :
						   SCMIA_STATUS_NOT_FOUND;
}

static int32_t rst_dom_attributes(void *ctx, const struct scmia_sim_req *req,
				  struct scmia_sim_resp *r)
{
	const struct scmia_sim_reset *s = (const struct scmia_sim_reset *)ctx;
	uint32_t dom, a = RST_A_NOTIFY;
	int32_t st = rst_domain(s, req, &dom);

	if (st)
		return st;
	if (rst_doms[dom].async)
		a |= RST_A_ASYNC;
	if (rst_doms[dom].ext_name && scmia_sim_proto_version(req->sim, RST_ID) >= 0x30000u)
		a |= RST_A_EXT_NAME;
	/* attributes, latency, name[16]. */
	scmia_sim_resp_put_le32(r, a);
	/* TF-A reports every latency as 0x7fffffff ("unknown"). */
	scmia_sim_resp_put_le32(r, (s->dev & SCMIA_SIM_DEV_LATENCY_7F) ? 0x7fffffffu :
									 rst_doms[dom].latency_us);
	scmia_sim_resp_put_str(r, rst_doms[dom].name, 16);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t rst_reset(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_reset *s = (struct scmia_sim_reset *)ctx;
	uint32_t flags = scmia_get_le32(req->payload + 4);
	uint32_t state = scmia_get_le32(req->payload + 8);
	struct scmia_sim_buf *d;
	uint32_t dom;
	int32_t st = rst_domain((const struct scmia_sim_reset *)ctx, req, &dom);
	uint8_t ev[12];

	if (st)
		return st;
	if ((flags & ~(RST_F_AUTONOMOUS | RST_F_ASSERT | RST_F_ASYNC)) || state != 0)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if ((flags & RST_F_ASYNC) && (!rst_doms[dom].async || !(flags & RST_F_AUTONOMOUS)))
		return SCMIA_STATUS_NOT_SUPPORTED;
	if (flags & RST_F_AUTONOMOUS) {
		s->resets[dom]++;
		s->asserted &= ~(1u << dom);
	} else if (flags & RST_F_ASSERT) {
		s->asserted |= 1u << dom;
	} else {
		if (s->asserted & (1u << dom))
			s->resets[dom]++;
		s->asserted &= ~(1u << dom);
	}
	if (flags & RST_F_ASYNC) {
		/* RESET_COMPLETE: status, domain_id. */
		d = scmia_sim_resp_dresp(r, SCMIA_STATUS_SUCCESS, SCMIA_SIM_RESET_DELAY_US);
		scmia_sim_buf_put_le32(d, dom);
	}
	if (s->notify & (1u << dom)) {
		/* RESET_ISSUED: agent_id, domain_id, reset_state. */
		scmia_put_le32(ev, req->agent_id);
		scmia_put_le32(ev + 4, dom);
		scmia_put_le32(ev + 8, state);
		(void)scmia_sim_notify(req->sim, RST_ID, 0x0, ev, sizeof(ev));
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t rst_notify(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_reset *s = (struct scmia_sim_reset *)ctx;
	uint32_t dom;
	int32_t st = rst_domain((const struct scmia_sim_reset *)ctx, req, &dom);

	(void)r;
	if (st)
		return st;
	if (scmia_get_le32(req->payload + 4) & 1u)
		s->notify |= 1u << dom;
	else
		s->notify &= ~(1u << dom);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t rst_name_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint32_t dom;
	int32_t st = rst_domain((const struct scmia_sim_reset *)ctx, req, &dom);

	(void)ctx;
	if (st)
		return st;
	if (!rst_doms[dom].ext_name)
		return SCMIA_STATUS_NOT_SUPPORTED;
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_str(r, rst_doms[dom].ext_name, 64);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg rst_msgs[] = {
	{ .msg_id = 0x3, .min_len = 4, .fn = rst_dom_attributes },
	{ .msg_id = 0x4, .min_len = 12, .flags = SCMIA_SIM_MSG_F_ASYNC, .fn = rst_reset },
	{ .msg_id = 0x5, .min_len = 8, .fn = rst_notify },
	{ .msg_id = 0x6, .min_len = 4, .fn = rst_name_get },
};

int scmia_sim_reset_register(struct scmia_sim *sim, struct scmia_sim_reset *r)
{
	if (!sim || !r)
		return SCMIA_EINVAL;
	memset(r, 0, sizeof(*r));
	r->proto.id = RST_ID;
	r->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	r->proto.version = 0x30001u;
	r->proto.min_version = 0x10000u;
	r->proto.attributes = SCMIA_SIM_RESET_DOMAINS;
	r->proto.msgs = rst_msgs;
	r->proto.n_msgs = sizeof(rst_msgs) / sizeof(rst_msgs[0]);
	r->proto.ctx = r;
	return scmia_sim_register_proto(sim, &r->proto);
}

uint32_t scmia_sim_reset_count(struct scmia_sim *sim, struct scmia_sim_reset *r, uint32_t domain,
			       int *asserted)
{
	uint32_t v;

	if (asserted)
		*asserted = 0;
	if (!sim || !r || domain >= SCMIA_SIM_RESET_DOMAINS)
		return 0;
	sim_lock(sim);
	v = r->resets[domain];
	if (asserted)
		*asserted = (r->asserted >> domain) & 1u ? 1 : 0;
	sim_unlock(sim);
	return v;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated SCMI platform: the Base protocol (0x10), version 2.0 (0x20000),
 * after DEN0056 §4.2 (Base protocol). Every layout below is written from
 * the spec's message tables; the comment on each handler names the
 * message and its parameters / return values.
 *
 * Permission model (agent management messages): agents 1..n, devices
 * 0..n_devices-1. An agent uses a device unless SET_DEVICE_PERMISSIONS
 * denied it, and a protocol on a device unless SET_PROTOCOL_PERMISSIONS
 * denied that pair. Only trusted agents may change permissions.
 */
#include <string.h>

#include "sim_internal.h"

#define BASE_VERSION 0x20000u

#define BASE_DISCOVER_VENDOR 0x3u
#define BASE_DISCOVER_SUB_VENDOR 0x4u
#define BASE_DISCOVER_IMPLEMENTATION_VERSION 0x5u
#define BASE_DISCOVER_LIST_PROTOCOLS 0x6u
#define BASE_DISCOVER_AGENT 0x7u
#define BASE_NOTIFY_ERRORS 0x8u
#define BASE_SET_DEVICE_PERMISSIONS 0x9u
#define BASE_SET_PROTOCOL_PERMISSIONS 0xAu
#define BASE_RESET_AGENT_CONFIGURATION 0xBu
#define BASE_ERROR_EVENT 0x0u

/* Protocol ids the calling agent may see, ascending, Base excluded. */
static unsigned base_visible(const struct scmia_sim *sim, uint32_t agent_id, uint8_t *ids)
{
	unsigned i, j, n = 0;

	for (i = 1; i < sim->n_protos; i++) {
		const struct scmia_sim_proto *p = sim->protos[i];

		if ((p->flags & SCMIA_SIM_PROTO_F_HIDDEN) || !sim_proto_accessible(sim, agent_id, i))
			continue;
		/* insertion sort: at most SCMIA_SIM_MAX_PROTOS entries */
		for (j = n; j > 0 && ids[j - 1] > p->id; j--)
			ids[j] = ids[j - 1];
		ids[j] = p->id;
		n++;
	}
	return n;
}

/* PROTOCOL_ATTRIBUTES: out attributes: bits 15:8 number of agents,
 * bits 7:0 number of protocols (Base excluded). */
static int32_t base_attributes(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint8_t ids[SCMIA_SIM_MAX_PROTOS];
	unsigned n = base_visible(req->sim, req->agent_id, ids);

	(void)ctx;
	scmia_sim_resp_put_le32(r, ((req->sim->n_agents & 0xffu) << 8) | (n & 0xffu));
	return SCMIA_STATUS_SUCCESS;
}

/* BASE_DISCOVER_VENDOR: out vendor_identifier[16], NUL terminated. */
static int32_t base_vendor(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	(void)ctx;
	scmia_sim_resp_put_str(r, req->sim->cfg.vendor, 16);
	return SCMIA_STATUS_SUCCESS;
}

/* BASE_DISCOVER_SUB_VENDOR: out vendor_identifier[16], NUL terminated. */
static int32_t base_sub_vendor(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	(void)ctx;
	scmia_sim_resp_put_str(r, req->sim->cfg.sub_vendor, 16);
	return SCMIA_STATUS_SUCCESS;
}

/* BASE_DISCOVER_IMPLEMENTATION_VERSION: out uint32 implementation_version. */
static int32_t base_impl_version(void *ctx, const struct scmia_sim_req *req,
				 struct scmia_sim_resp *r)
{
	(void)ctx;
	scmia_sim_resp_put_le32(r, req->sim->cfg.impl_version);
	return SCMIA_STATUS_SUCCESS;
}

/* BASE_DISCOVER_LIST_PROTOCOLS: in uint32 skip; out uint32 num_protocols
 * (returned by this call), then the protocol ids packed as bytes, four per
 * 32-bit word (first id in bits 7:0), the last word zero padded.
 * skip beyond the number of protocols: INVALID_PARAMETERS. */
static int32_t base_list_protocols(void *ctx, const struct scmia_sim_req *req,
				   struct scmia_sim_resp *r)
{
	uint8_t ids[SCMIA_SIM_MAX_PROTOS];
	uint8_t packed[SCMIA_SIM_MAX_PROTOS + 4];
	struct scmia_sim *sim = req->sim;
	uint32_t skip = scmia_get_le32(req->payload);
	unsigned total = base_visible(sim, req->agent_id, ids);
	unsigned n, fit;

	(void)ctx;
	if (skip > total)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	n = total - skip;
	if (sim->cfg.list_max && n > sim->cfg.list_max)
		n = sim->cfg.list_max;
	/* 4 bytes of count, then whole words of ids */
	fit = scmia_sim_buf_room(&r->body) >= 4 ? (scmia_sim_buf_room(&r->body) - 4u) & ~3u : 0;
	if (n > fit)
		n = fit;
	memset(packed, 0, sizeof(packed));
	memcpy(packed, ids + skip, n);
	scmia_sim_resp_put_le32(r, n);
	scmia_sim_resp_put_bytes(r, packed, (n + 3u) & ~3u);
	return SCMIA_STATUS_SUCCESS;
}

/* BASE_DISCOVER_AGENT (v2.0): in uint32 agent_id (0xFFFFFFFF: the caller);
 * out uint32 agent_id, name[16]. Agent 0 is the platform. Unknown agent:
 * NOT_FOUND. */
static int32_t base_discover_agent(void *ctx, const struct scmia_sim_req *req,
				   struct scmia_sim_resp *r)
{
	struct scmia_sim *sim = req->sim;
	uint32_t id = scmia_get_le32(req->payload);
	const struct scmia_sim_agent *a;

	(void)ctx;
	if (id == SCMIA_SIM_AGENT_SELF)
		id = req->agent_id;
	if (id == 0) {
		scmia_sim_resp_put_le32(r, 0);
		scmia_sim_resp_put_str(r, "platform", 16);
		return SCMIA_STATUS_SUCCESS;
	}
	a = sim_agent(sim, id);
	if (!a)
		return SCMIA_STATUS_NOT_FOUND;
	scmia_sim_resp_put_le32(r, id);
	scmia_sim_resp_put_str(r, a->name, 16);
	return SCMIA_STATUS_SUCCESS;
}

/* BASE_NOTIFY_ERRORS: in uint32 notify_enable (bit 0: enable
 * BASE_ERROR_EVENT; bits 31:1 reserved, must be 0). */
static int32_t base_notify_errors(void *ctx, const struct scmia_sim_req *req,
				  struct scmia_sim_resp *r)
{
	uint32_t en = scmia_get_le32(req->payload);
	struct scmia_sim_agent *a = sim_agent(req->sim, req->agent_id);

	(void)ctx;
	(void)r;
	if (en & ~1u)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (!a)
		return SCMIA_STATUS_DENIED;
	a->notify_errors = (uint8_t)(en & 1u);
	return SCMIA_STATUS_SUCCESS;
}

/* Common checks of the agent management messages: caller trusted, target
 * agent known. */
static int32_t base_mgmt_target(const struct scmia_sim_req *req, uint32_t agent_id,
				struct scmia_sim_agent **out)
{
	struct scmia_sim_agent *caller = sim_agent(req->sim, req->agent_id);

	if (!caller || !caller->trusted) {
		req->sim->st.denied++;
		return SCMIA_STATUS_DENIED;
	}
	*out = sim_agent(req->sim, agent_id);
	return *out ? SCMIA_STATUS_SUCCESS : SCMIA_STATUS_NOT_FOUND;
}

/* BASE_SET_DEVICE_PERMISSIONS: in uint32 agent_id, uint32 device_id,
 * uint32 flags (bit 0: 1 allow, 0 deny; bits 31:1 reserved). */
static int32_t base_set_device_perm(void *ctx, const struct scmia_sim_req *req,
				    struct scmia_sim_resp *r)
{
	uint32_t agent_id = scmia_get_le32(req->payload);
	uint32_t dev = scmia_get_le32(req->payload + 4);
	uint32_t flags = scmia_get_le32(req->payload + 8);
	struct scmia_sim_agent *a;
	int32_t st;

	(void)ctx;
	(void)r;
	st = base_mgmt_target(req, agent_id, &a);
	if (st)
		return st;
	if (dev >= req->sim->cfg.n_devices)
		return SCMIA_STATUS_NOT_FOUND;
	if (flags & ~1u)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (flags & 1u)
		a->dev_deny &= ~(1u << dev);
	else
		a->dev_deny |= 1u << dev;
	return SCMIA_STATUS_SUCCESS;
}

/* BASE_SET_PROTOCOL_PERMISSIONS: in uint32 agent_id, uint32 device_id,
 * uint32 command_id (bits 7:0 protocol id, bits 31:8 reserved), uint32
 * flags (bit 0: 1 allow, 0 deny). The Base protocol cannot be denied:
 * NOT_SUPPORTED. */
static int32_t base_set_proto_perm(void *ctx, const struct scmia_sim_req *req,
				   struct scmia_sim_resp *r)
{
	uint32_t agent_id = scmia_get_le32(req->payload);
	uint32_t dev = scmia_get_le32(req->payload + 4);
	uint32_t cmd = scmia_get_le32(req->payload + 8);
	uint32_t flags = scmia_get_le32(req->payload + 12);
	struct scmia_sim_agent *a;
	int32_t st;
	int slot;

	(void)ctx;
	(void)r;
	st = base_mgmt_target(req, agent_id, &a);
	if (st)
		return st;
	if (dev >= req->sim->cfg.n_devices)
		return SCMIA_STATUS_NOT_FOUND;
	if ((cmd & ~0xffu) || (flags & ~1u))
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (cmd == SCMIA_PROTO_BASE)
		return SCMIA_STATUS_NOT_SUPPORTED;
	slot = sim_proto_slot(req->sim, (uint8_t)cmd);
	if (slot < 0)
		return SCMIA_STATUS_NOT_FOUND;
	if (flags & 1u)
		a->proto_deny[dev] &= (uint16_t)~(1u << slot);
	else
		a->proto_deny[dev] |= (uint16_t)(1u << slot);
	return SCMIA_STATUS_SUCCESS;
}

/* BASE_RESET_AGENT_CONFIGURATION: in uint32 agent_id, uint32 flags (bit 0:
 * also reset the access permissions; bits 31:1 reserved). Every protocol's
 * reset hook runs for the agent. */
static int32_t base_reset_agent(void *ctx, const struct scmia_sim_req *req,
				struct scmia_sim_resp *r)
{
	uint32_t agent_id = scmia_get_le32(req->payload);
	uint32_t flags = scmia_get_le32(req->payload + 4);
	struct scmia_sim *sim = req->sim;
	struct scmia_sim_agent *a;
	unsigned i;
	int32_t st;

	(void)ctx;
	(void)r;
	st = base_mgmt_target(req, agent_id, &a);
	if (st)
		return st;
	if (flags & ~1u)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (flags & 1u) {
		a->dev_deny = 0;
		memset(a->proto_deny, 0, sizeof(a->proto_deny));
	}
	a->notify_errors = 0;
	for (i = 1; i < sim->n_protos; i++)
		if (sim->protos[i]->reset)
			sim->protos[i]->reset(sim->protos[i]->ctx, agent_id);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg base_msgs[] = {
	{ .msg_id = SCMIA_MSG_PROTOCOL_ATTRIBUTES, .fn = base_attributes },
	{ .msg_id = BASE_DISCOVER_VENDOR, .fn = base_vendor },
	{ .msg_id = BASE_DISCOVER_SUB_VENDOR, .fn = base_sub_vendor },
	{ .msg_id = BASE_DISCOVER_IMPLEMENTATION_VERSION, .fn = base_impl_version },
	{ .msg_id = BASE_DISCOVER_LIST_PROTOCOLS, .min_len = 4, .fn = base_list_protocols },
	{ .msg_id = BASE_DISCOVER_AGENT, .min_len = 4, .fn = base_discover_agent },
	{ .msg_id = BASE_NOTIFY_ERRORS, .min_len = 4, .fn = base_notify_errors },
	{ .msg_id = BASE_SET_DEVICE_PERMISSIONS, .min_len = 12, .fn = base_set_device_perm },
	{ .msg_id = BASE_SET_PROTOCOL_PERMISSIONS, .min_len = 16, .fn = base_set_proto_perm },
	{ .msg_id = BASE_RESET_AGENT_CONFIGURATION, .min_len = 8, .fn = base_reset_agent },
};

const struct scmia_sim_proto sim_base_proto = {
	.id = SCMIA_PROTO_BASE,
	.version = BASE_VERSION,
	.msgs = base_msgs,
	.n_msgs = sizeof(base_msgs) / sizeof(base_msgs[0]),
};

int32_t scmia_sim_access(struct scmia_sim *sim, uint32_t agent_id, uint32_t device_id,
			 uint8_t proto_id)
{
	const struct scmia_sim_agent *a;
	int32_t st = SCMIA_STATUS_SUCCESS;
	int slot;

	if (!sim)
		return SCMIA_STATUS_NOT_FOUND;
	sim_lock(sim);
	a = sim_agent(sim, agent_id);
	slot = sim_proto_slot(sim, proto_id);
	if (!a || device_id >= sim->cfg.n_devices || slot < 0)
		st = SCMIA_STATUS_NOT_FOUND;
	else if ((a->dev_deny & (1u << device_id)) || (a->proto_deny[device_id] & (1u << slot)))
		st = SCMIA_STATUS_DENIED;
	sim_unlock(sim);
	return st;
}

/* BASE_ERROR_EVENT: uint32 agent_id, uint32 error_status (bit 31: fatal;
 * bits 9:0: number of message reports), uint64 msg_reports[N]. */
int scmia_sim_base_error_event(struct scmia_sim *sim, uint32_t agent_id, int fatal,
			       const uint64_t *reports, unsigned n)
{
	uint8_t buf[8 + 8 * SCMIA_SIM_BASE_ERR_REPORTS];
	const struct scmia_sim_agent *a;
	unsigned i;
	int on;

	if (!sim || n > SCMIA_SIM_BASE_ERR_REPORTS || (n && !reports))
		return SCMIA_EINVAL;
	sim_lock(sim);
	a = sim_agent(sim, agent_id);
	on = a && a->notify_errors;
	sim_unlock(sim);
	if (!a)
		return SCMIA_EINVAL;
	if (!on)
		return SCMIA_ENOENT;
	scmia_put_le32(buf, agent_id);
	scmia_put_le32(buf + 4, (fatal ? 0x80000000u : 0u) | (n & 0x3ffu));
	for (i = 0; i < n; i++)
		scmia_put_le64(buf + 8 + 8 * i, reports[i]);
	return scmia_sim_notify(sim, SCMIA_PROTO_BASE, BASE_ERROR_EVENT, buf, 8 + 8 * n);
}

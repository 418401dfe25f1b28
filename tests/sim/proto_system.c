/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: System power management protocol (0x12), v2.1,
 * DEN0056 §4.4.
 */
#include <string.h>

#include "scmia_sim_pm.h"
#include "sim_internal.h"

#define SYS_ID 0x12u
#define SYS_SUSPEND 4u
/* PROTOCOL_MESSAGE_ATTRIBUTES of SYSTEM_POWER_STATE_SET: warm reset (31)
 * and suspend (30) supported. */
#define SYS_SET_ATTRS 0xc0000000u

static int32_t sys_state_set(void *ctx, const struct scmia_sim_req *req,
			     struct scmia_sim_resp *r)
{
	struct scmia_sim_system *s = (struct scmia_sim_system *)ctx;
	uint32_t flags = scmia_get_le32(req->payload);
	uint32_t state = scmia_get_le32(req->payload + 4);

	(void)r;
	if ((flags & ~1u) || state > SYS_SUSPEND)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	s->state = state;
	s->sets++;
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sys_state_get(void *ctx, const struct scmia_sim_req *req,
			     struct scmia_sim_resp *r)
{
	struct scmia_sim_system *s = (struct scmia_sim_system *)ctx;

	(void)req;
	/* The system is running: POWER_UP until the agent set something. */
	scmia_sim_resp_put_le32(r, s->sets ? s->state : 3u);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t sys_notify(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_system *s = (struct scmia_sim_system *)ctx;

	(void)r;
	s->notify = (uint8_t)(scmia_get_le32(req->payload) & 1u);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg sys_msgs[] = {
	{ .msg_id = 0x3, .min_len = 8, .attributes = SYS_SET_ATTRS, .fn = sys_state_set },
	{ .msg_id = 0x4, .fn = sys_state_get },
	{ .msg_id = 0x5, .min_len = 4, .fn = sys_notify },
};

int scmia_sim_system_register(struct scmia_sim *sim, struct scmia_sim_system *s)
{
	if (!sim || !s)
		return SCMIA_EINVAL;
	memset(s, 0, sizeof(*s));
	s->state = 0xffffffffu;
	s->proto.id = SYS_ID;
	s->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	s->proto.version = 0x20001u;
	s->proto.min_version = 0x10000u;
	s->proto.attributes = 0;
	s->proto.msgs = sys_msgs;
	s->proto.n_msgs = sizeof(sys_msgs) / sizeof(sys_msgs[0]);
	s->proto.ctx = s;
	return scmia_sim_register_proto(sim, &s->proto);
}

int scmia_sim_system_request(struct scmia_sim *sim, struct scmia_sim_system *s, uint32_t flags,
			     uint32_t state, uint32_t timeout_ms)
{
	uint8_t ev[16];
	uint32_t len = 16;
	int on;

	if (!sim || !s)
		return SCMIA_EINVAL;
	sim_lock(sim);
	on = s->notify;
	/* v1 layout has no timeout word. */
	if (scmia_sim_proto_version(sim, SYS_ID) < 0x20000u)
		len = 12;
	sim_unlock(sim);
	if (!on)
		return SCMIA_ENOENT;
	/* SYSTEM_POWER_STATE_NOTIFIER: agent_id (0: the platform), flags,
	 * system_state, timeout (v2). */
	scmia_put_le32(ev, 0);
	scmia_put_le32(ev + 4, flags);
	scmia_put_le32(ev + 8, state);
	scmia_put_le32(ev + 12, timeout_ms);
	return scmia_sim_notify(sim, SYS_ID, 0x0, ev, len);
}

uint32_t scmia_sim_system_last(struct scmia_sim *sim, struct scmia_sim_system *s,
			       uint32_t *sets)
{
	uint32_t v;

	if (!sim || !s)
		return 0xffffffffu;
	sim_lock(sim);
	v = s->state;
	if (sets)
		*sets = s->sets;
	sim_unlock(sim);
	return v;
}

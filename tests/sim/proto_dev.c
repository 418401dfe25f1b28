/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: versions and Base deviations of real firmware
 * (scmia_sim_dev.h). The per-protocol deviations live in each protocol's
 * proto_*.c, selected by its state's dev field.
 */
#include <string.h>

#include "scmia_sim_dev.h"
#include "sim_internal.h"

int scmia_sim_proto_version_set(struct scmia_sim *sim, uint8_t proto_id, uint32_t version,
				uint32_t min_version, int negotiate)
{
	struct scmia_sim_proto *p;
	int slot;

	if (!sim || proto_id == SCMIA_PROTO_BASE)
		return SCMIA_EINVAL;
	sim_lock(sim);
	slot = sim_proto_slot(sim, proto_id);
	if (slot > 0) {
		/* A protocol's table is the caller's (its state struct), not
		 * const: only the engine's view of it is. */
		p = (struct scmia_sim_proto *)(uintptr_t)sim->protos[slot];
		p->version = version;
		p->min_version = min_version;
		if (negotiate)
			p->flags |= SCMIA_SIM_PROTO_F_NEGOTIATE;
		else
			p->flags &= (uint8_t)~SCMIA_SIM_PROTO_F_NEGOTIATE;
		sim->negotiated[slot] = 0;
	}
	sim_unlock(sim);
	return slot > 0 ? SCMIA_OK : SCMIA_ENOENT;
}

/* PROTOCOL_ATTRIBUTES of the deviating Base: the original answer (agents
 * 15:8, protocols 7:0) with bd->extra more protocols counted. */
static int32_t dev_base_attributes(void *ctx, const struct scmia_sim_req *req,
				   struct scmia_sim_resp *r)
{
	struct scmia_sim_base_dev *bd = (struct scmia_sim_base_dev *)ctx;
	int32_t st = bd->attributes(NULL, req, r);

	if (st == SCMIA_STATUS_SUCCESS && r->body.len >= 4)
		r->body.data[0] = (uint8_t)(r->body.data[0] + bd->extra);
	return st;
}

int scmia_sim_base_deviate(struct scmia_sim *sim, struct scmia_sim_base_dev *bd, unsigned extra,
			   uint32_t version)
{
	unsigned i;

	if (!sim || !bd || sim_base_proto.n_msgs > sizeof(bd->msgs) / sizeof(bd->msgs[0]))
		return SCMIA_EINVAL;
	memset(bd, 0, sizeof(*bd));
	bd->proto = sim_base_proto;
	memcpy(bd->msgs, sim_base_proto.msgs, sim_base_proto.n_msgs * sizeof(bd->msgs[0]));
	for (i = 0; i < sim_base_proto.n_msgs; i++) {
		if (bd->msgs[i].msg_id == SCMIA_MSG_PROTOCOL_ATTRIBUTES) {
			bd->attributes = bd->msgs[i].fn;
			bd->msgs[i].fn = dev_base_attributes;
		}
	}
	if (!bd->attributes)
		return SCMIA_EINVAL;
	bd->extra = extra;
	bd->proto.msgs = bd->msgs;
	bd->proto.ctx = bd;
	if (version)
		bd->proto.version = version;
	sim_lock(sim);
	sim->protos[0] = &bd->proto;
	sim_unlock(sim);
	return SCMIA_OK;
}

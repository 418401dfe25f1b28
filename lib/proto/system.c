/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System power management protocol (0x12), DEN0056 §4.4.
 */
#include <stdint.h>
#include <string.h>

#include "scmia/proto/system.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_SYSTEM

const struct scmia_proto_desc scmia_system_desc = {
	.id = SCMIA_PROTO_SYSTEM,
	.version = SCMIA_SYSTEM_VERSION,
	.name = "system",
	/* PROTOCOL_ATTRIBUTES: one reserved word. */
	.attrs_min_len = 4,
};

int scmia_system_power_state_set_attributes(struct scmia_proto_handle *ph, uint32_t *attrs)
{
	if (!ph || !attrs)
		return SCMIA_EINVAL;
	return scmia_proto_msg_attributes(ph, SCMIA_SYSTEM_POWER_STATE_SET, attrs);
}

int scmia_system_power_state_set(struct scmia_proto_handle *ph, uint32_t flags, uint32_t state)
{
	uint32_t a[2];

	if (flags & ~SCMIA_SYSTEM_F_GRACEFUL)
		return SCMIA_EINVAL;
	/* in: flags (bit 0 graceful), system_state. */
	a[0] = flags;
	a[1] = state;
	return scmia__pr_pcall(ph, PM(SCMIA_SYSTEM_POWER_STATE_SET, 2, 0, 0, 0, 0, 0), a, NULL);
}

int scmia_system_power_state_get(struct scmia_proto_handle *ph, uint32_t *state)
{
	/* out: system_state. */
	return scmia__pr_get(ph, PM(SCMIA_SYSTEM_POWER_STATE_GET, 0, 0, 1, 1, 0, 0), NULL, state, NULL);
}

#if SCMIA_CFG_NOTIFY
int scmia_system_power_state_notify(struct scmia_proto_handle *ph, int enable)
{
	uint32_t a = enable ? 1u : 0u;

	/* in: notify_enable (bit 0). No resource id: one system. */
	return scmia__pr_pcall(ph, PM(SCMIA_SYSTEM_POWER_STATE_NOTIFY, 1, 0, 0, 0, 0, 0), &a, NULL);
}

int scmia_system_power_state_notifier_decode(const struct scmia_proto_handle *ph,
					     const struct scmia_notification *n,
					     struct scmia_system_power_state_notifier *out)
{
	int v2, ret;

	if (!ph)
		return SCMIA_EINVAL;
	/* agent_id, flags, system_state; v2 appends timeout. */
	v2 = PH_MAJOR(ph) >= 2u;
	ret = scmia__pr_evt(v2 ? ph : NULL, n, SCMIA_PROTO_SYSTEM, SCMIA_SYSTEM_POWER_STATE_NOTIFIER,
			 out, sizeof(*out), 3, v2 ? 4u : 3u);
	if (ret)
		return ret;
	if (v2 && n->len >= 16u) {
		out->has_timeout = 1;
		/* The timeout means something for graceful requests only. */
		if (!(out->flags & SCMIA_SYSTEM_F_GRACEFUL))
			out->timeout_ms = 0;
	} else if (v2 && n->len > 12u) {
		/* Ends inside the timeout word. */
		ret = SCMIA_ETOOSHORT;
	} else {
		out->timeout_ms = 0;
	}
	return ret;
}
#endif

#endif /* SCMIA_CFG_PROTO_SYSTEM */

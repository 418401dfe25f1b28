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
	.init = NULL,
	.notify_src = NULL,
};

int scmia_system_power_state_set_attributes(struct scmia_proto_handle *ph, uint32_t *attrs)
{
	if (!ph || !attrs)
		return SCMIA_EINVAL;
	return scmia_proto_msg_attributes(ph, SCMIA_SYSTEM_POWER_STATE_SET, attrs);
}

int scmia_system_power_state_set(struct scmia_proto_handle *ph, uint32_t flags, uint32_t state)
{
	uint8_t tx[8];

	if (!ph || (flags & ~SCMIA_SYSTEM_F_GRACEFUL))
		return SCMIA_EINVAL;
	/* in: flags (bit 0 graceful), system_state. */
	scmia_put_le32(tx, flags);
	scmia_put_le32(tx + 4, state);
	return scmia_proto_cmd(ph, SCMIA_SYSTEM_POWER_STATE_SET, tx, 8, NULL, 0, 0, NULL, 0);
}

int scmia_system_power_state_get(struct scmia_proto_handle *ph, uint32_t *state)
{
	uint8_t rx[4];
	int ret;

	if (!ph || !state)
		return SCMIA_EINVAL;
	/* out: system_state. */
	ret = scmia_proto_cmd(ph, SCMIA_SYSTEM_POWER_STATE_GET, NULL, 0, rx, 4, 4, NULL, 0);
	if (ret)
		return ret;
	*state = scmia_get_le32(rx);
	return SCMIA_OK;
}

int scmia_system_power_state_notify(struct scmia_proto_handle *ph, int enable)
{
	uint8_t tx[4];

	if (!ph)
		return SCMIA_EINVAL;
	/* in: notify_enable (bit 0). No resource id: one system. */
	scmia_put_le32(tx, enable ? 1u : 0u);
	return scmia_proto_cmd(ph, SCMIA_SYSTEM_POWER_STATE_NOTIFY, tx, 4, NULL, 0, 0, NULL, 0);
}

int scmia_system_power_state_notifier_decode(const struct scmia_proto_handle *ph,
					     const struct scmia_notification *n,
					     struct scmia_system_power_state_notifier *out)
{
	const uint8_t *p;
	int v2, ret;

	if (!ph)
		return SCMIA_EINVAL;
	v2 = SCMIA_PROTO_VERSION_MAJOR(ph->version) >= 2u;
	ret = scmia__proto_evt(n, SCMIA_PROTO_SYSTEM, SCMIA_SYSTEM_POWER_STATE_NOTIFIER, out,
			       sizeof(*out), v2 ? 16u : 12u, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->flags = scmia_get_le32(p + 4);
	out->system_state = scmia_get_le32(p + 8);
	if (v2) {
		out->has_timeout = 1;
		/* The timeout means something for graceful requests only. */
		if (out->flags & SCMIA_SYSTEM_F_GRACEFUL)
			out->timeout_ms = scmia_get_le32(p + 12);
	}
	return SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_SYSTEM */

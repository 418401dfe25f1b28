/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Power domain management protocol (0x11), DEN0056 §4.3.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/power.h"

#if SCMIA_CFG_PROTO_POWER

/* PROTOCOL_ATTRIBUTES: attributes (domains in 15:0), statistics address
 * low, high, length: 16 bytes in every version. */
#define POWER_ATTRS_LEN 16u

static int power_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	struct scmia_power_info *pi = (struct scmia_power_info *)ph->priv;

	(void)len;
	if (!pi)
		return SCMIA_OK;
	pi->n_domains = (uint16_t)(scmia_get_le32(attrs) & 0xffffu);
	pi->stats_addr = scmia_get_le64(attrs + 4);
	pi->stats_len = scmia_get_le32(attrs + 12);
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_power_desc = {
	.id = SCMIA_PROTO_POWER,
	.version = SCMIA_POWER_VERSION,
	.name = "power",
	.attrs_min_len = POWER_ATTRS_LEN,
	.init = power_init,
	.notify_src = NULL,
};

uint32_t scmia_power_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

int scmia_power_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				size_t cap)
{
	if (!ph || !name || !cap)
		return SCMIA_EINVAL;
	name[0] = '\0';
	if (SCMIA_PROTO_VERSION_MAJOR(ph->version) < 3u)
		return SCMIA_ENOTSUP;
	return scmia_proto_ext_name_get(ph, SCMIA_POWER_DOMAIN_NAME_GET, domain, name, cap);
}

int scmia_power_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				  struct scmia_power_dom_attrs *out)
{
	uint8_t tx[4], rx[4 + SCMIA_PROTO_NAME_LEN];
	uint32_t attr;
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* in: domain_id; out: attributes, name[16]. */
	scmia_put_le32(tx, domain);
	ret = scmia_proto_cmd(ph, SCMIA_POWER_DOMAIN_ATTRIBUTES, tx, 4, rx, sizeof(rx), sizeof(rx),
			      NULL, 0);
	if (ret)
		return ret;
	attr = scmia_get_le32(rx);
	/* Bit 27 was reserved before v3.0. */
	if (SCMIA_PROTO_VERSION_MAJOR(ph->version) < 3u)
		attr &= ~SCMIA_POWER_ATTR_EXT_NAME;
	out->attributes = attr;
	scmia_proto_name_copy(out->name, sizeof(out->name), rx + 4, SCMIA_PROTO_NAME_LEN);
	if (ext_name && (attr & SCMIA_POWER_ATTR_EXT_NAME))
		return scmia_power_domain_name_get(ph, domain, out->name, sizeof(out->name));
	return SCMIA_OK;
}

int scmia_power_domains_describe(struct scmia_proto_handle *ph, struct scmia_power_dom *doms,
				 uint32_t cap, uint32_t *n)
{
	uint32_t total, i, count;
	int ret;

	if (n)
		*n = 0;
	if (!ph || (cap && !doms))
		return SCMIA_EINVAL;
	total = scmia_power_num_domains(ph);
	count = total < cap ? total : cap;
	for (i = 0; i < count; i++) {
		ret = scmia_power_domain_attributes(ph, i, 1, &doms[i].attrs);
		doms[i].err = ret;
		/* A domain owned by another agent (DENIED) or absent
		 * (NOT_FOUND) does not stop the others. */
		if (ret && !scmia_err_is_scmi(ret))
			return ret;
		if (n)
			*n = i + 1;
	}
	return total > cap ? SCMIA_ENOSPC : SCMIA_OK;
}

int scmia_power_state_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t state,
			  uint32_t flags)
{
	uint8_t tx[12];

	if (!ph || (flags & ~SCMIA_POWER_SET_F_ASYNC))
		return SCMIA_EINVAL;
	/* in: flags (bit 0 async), domain_id, power_state. */
	scmia_put_le32(tx, flags);
	scmia_put_le32(tx + 4, domain);
	scmia_put_le32(tx + 8, state);
	return scmia_proto_cmd(ph, SCMIA_POWER_STATE_SET, tx, 12, NULL, 0, 0, NULL, 0);
}

int scmia_power_state_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *state)
{
	uint8_t tx[4], rx[4];
	int ret;

	if (!ph || !state)
		return SCMIA_EINVAL;
	/* in: domain_id; out: power_state. */
	scmia_put_le32(tx, domain);
	ret = scmia_proto_cmd(ph, SCMIA_POWER_STATE_GET, tx, 4, rx, 4, 4, NULL, 0);
	if (ret)
		return ret;
	*state = scmia_get_le32(rx);
	return SCMIA_OK;
}

int scmia_power_state_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	if (!ph)
		return SCMIA_EINVAL;
	return scmia_proto_notify_enable(ph, SCMIA_POWER_STATE_NOTIFY, domain, enable);
}

int scmia_power_state_changed_decode(const struct scmia_notification *n,
				     struct scmia_power_state_changed *out)
{
	const uint8_t *p;

	if (!n || !out || n->proto_id != SCMIA_PROTO_POWER ||
	    n->msg_id != SCMIA_POWER_STATE_CHANGED)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	if (!n->payload || n->len < 12)
		return SCMIA_ETOOSHORT;
	p = (const uint8_t *)n->payload;
	out->agent_id = scmia_get_le32(p);
	out->domain_id = scmia_get_le32(p + 4);
	out->power_state = scmia_get_le32(p + 8);
	return SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_POWER */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Power domain management protocol (0x11), DEN0056 §4.3.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/power.h"
#include "proto_internal.h"

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
	return scmia__proto_name_get(ph, 3u, SCMIA_POWER_DOMAIN_NAME_GET, domain, name, cap);
}

int scmia_power_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				  struct scmia_power_dom_attrs *out)
{
	uint8_t rx[4 + SCMIA_PROTO_NAME_LEN];
	uint32_t attr;
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* in: domain_id; out: attributes, name[16]. */
	ret = scmia__proto_cmd_id(ph, SCMIA_POWER_DOMAIN_ATTRIBUTES, domain, rx, sizeof(rx),
				  sizeof(rx), NULL);
	if (ret)
		return ret;
	attr = scmia_get_le32(rx);
	/* Bit 27 was reserved before v3.0. */
	if (SCMIA_PROTO_VERSION_MAJOR(ph->version) < 3u)
		attr &= ~SCMIA_POWER_ATTR_EXT_NAME;
	out->attributes = attr;
	return scmia__proto_dom_name(ph, ext_name && (attr & SCMIA_POWER_ATTR_EXT_NAME), 3u,
				     SCMIA_POWER_DOMAIN_NAME_GET, domain, rx + 4, out->name,
				     sizeof(out->name));
}

static int power_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_power_dom *d = (struct scmia_power_dom *)item;

	d->err = scmia_power_domain_attributes(ph, id, 1, &d->attrs);
	return d->err;
}

int scmia_power_domains_describe(struct scmia_proto_handle *ph, struct scmia_power_dom *doms,
				 uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, power_describe_one);
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
	/* in: domain_id; out: power_state. */
	return scmia__proto_get_word(ph, SCMIA_POWER_STATE_GET, domain, state);
}

int scmia_power_state_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	return scmia__proto_notify(ph, 0u, SCMIA_POWER_STATE_NOTIFY, domain, enable);
}

int scmia_power_state_changed_decode(const struct scmia_notification *n,
				     struct scmia_power_state_changed *out)
{
	const uint8_t *p;
	int ret;

	ret = scmia__proto_evt(n, SCMIA_PROTO_POWER, SCMIA_POWER_STATE_CHANGED, out, sizeof(*out),
			       12, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->domain_id = scmia_get_le32(p + 4);
	out->power_state = scmia_get_le32(p + 8);
	return SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_POWER */

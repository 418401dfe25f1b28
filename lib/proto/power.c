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
	if (pi) {
		pi->n_domains = (uint16_t)PH_COUNT(ph);
		pi->stats_addr = scmia__pr_le64(attrs + 4);
		pi->stats_len = scmia__pr_rd32(attrs + 12);
	}
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_power_desc = {
	.id = SCMIA_PROTO_POWER,
	.version = SCMIA_POWER_VERSION,
	.name = "power",
	.attrs_min_len = POWER_ATTRS_LEN,
	.init = power_init,
};

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_power_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				size_t cap)
{
	return scmia__proto_name_get(ph, 3u, SCMIA_POWER_DOMAIN_NAME_GET, domain, name, cap);
}
#endif

/* POWER_DOMAIN_ATTRIBUTES: in domain_id; out attributes (bit 27, the
 * extended name, reserved before v3.0), name[16]. */
static const struct scmia__pr_dom power_dom = {
	.spec = PM(SCMIA_POWER_DOMAIN_ATTRIBUTES, 1, 0, 5, 5, 0, 1),
	.ext_bit = SCMIA_POWER_ATTR_EXT_NAME,
	.size = sizeof(struct scmia_power_dom_attrs),
	.name_at = 4,
	.name_out = offsetof(struct scmia_power_dom_attrs, name),
	.name_major = 3,
	.name_msg = SCMIA_POWER_DOMAIN_NAME_GET,
};

int scmia_power_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				  struct scmia_power_dom_attrs *out)
{
	uint8_t rx[4 + SCMIA_PROTO_NAME_LEN];
	int ret = scmia__pr_dom_attrs(ph, &power_dom, domain, ext_name, out, rx);

	return ret < 0 ? ret : SCMIA_OK;
}

static int power_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_power_dom *d = (struct scmia_power_dom *)item;

	return d->err = scmia_power_domain_attributes(ph, id, 1, &d->attrs);
}

int scmia_power_domains_describe(struct scmia_proto_handle *ph, struct scmia_power_dom *doms,
				 uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, power_describe_one);
}

int scmia_power_state_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t state,
			  uint32_t flags)
{
	uint32_t a[3];

	if (flags & ~SCMIA_POWER_SET_F_ASYNC)
		return SCMIA_EINVAL;
	/* in: flags (bit 0 async: no delayed response), domain_id,
	 * power_state. */
	a[0] = flags;
	a[1] = domain;
	a[2] = state;
	return scmia__pr_pcall(ph, PM(SCMIA_POWER_STATE_SET, 3, 0, 0, 0, 0, 2), a, NULL);
}

int scmia_power_state_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *state)
{
	/* in: domain_id; out: power_state. */
	return scmia__pr_get(ph, PM(SCMIA_POWER_STATE_GET, 1, 0, 1, 1, 0, 1), &domain, state, NULL);
}

#if SCMIA_CFG_NOTIFY
int scmia_power_state_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	return scmia__proto_notify(ph, 0u, SCMIA_POWER_STATE_NOTIFY, domain, enable);
}

int scmia_power_state_changed_decode(const struct scmia_notification *n,
				     struct scmia_power_state_changed *out)
{
	/* agent_id, domain_id, power_state. */
	return scmia__pr_evt(NULL, n, SCMIA_PROTO_POWER, SCMIA_POWER_STATE_CHANGED, out, sizeof(*out),
			  3, 3);
}
#endif

#endif /* SCMIA_CFG_PROTO_POWER */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Power capping and monitoring protocol (0x18), DEN0056 §4.10.
 *
 * Versions 1.0 and 2.0 share the layouts used here. The CAP_SET flags are
 * bit 1 "asynchronous" and bit 0 "ignore delayed response"; CLOCK_RATE_SET
 * has them the other way round, so each protocol spells its own.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/powercap.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_POWERCAP

#define POWERCAP_DOM_ATTRS_LEN (4u + SCMIA_PROTO_NAME_LEN + 9u * 4u)
#define POWERCAP_SET_F_ALL (SCMIA_POWERCAP_SET_F_ASYNC | SCMIA_POWERCAP_SET_F_IGNORE_DRESP)

const struct scmia_proto_desc scmia_powercap_desc = {
	.id = SCMIA_PROTO_POWERCAP,
	.version = SCMIA_POWERCAP_VERSION,
	.name = "powercap",
	/* PROTOCOL_ATTRIBUTES: one word, domains in 15:0. */
	.attrs_min_len = 4,
};

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_powercap_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				   size_t cap)
{
	/* POWERCAP_DOMAIN_NAME_GET (§4.10.2): in domain_id; out flags, name[64]. */
	return scmia__proto_name_get(ph, 0u, SCMIA_POWERCAP_DOMAIN_NAME_GET, domain, name, cap);
}
#endif

/* POWERCAP_DOMAIN_ATTRIBUTES (§4.10.2): in domain_id; out attributes,
 * name[16], min_pai, max_pai, pai_step, min_power_cap, max_power_cap,
 * power_cap_step, sustainable_power, accuracy, parent_id. The extended
 * name is fetched after the values are checked. */
#define POWERCAP_DOM_WORDS 9u
_Static_assert(offsetof(struct scmia_powercap_dom_attrs, parent_id) ==
		       offsetof(struct scmia_powercap_dom_attrs, min_pai_us) +
			       4u * (POWERCAP_DOM_WORDS - 1u),
	       "powercap attribute words");

static const struct scmia__pr_dom powercap_dom = {
	.spec = PM(SCMIA_POWERCAP_DOMAIN_ATTRIBUTES, 1, 0, 14, 14, 0, 1),
	.size = sizeof(struct scmia_powercap_dom_attrs),
	.name_at = 4,
	.name_out = offsetof(struct scmia_powercap_dom_attrs, name),
};

int scmia_powercap_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain,
				     int ext_name, struct scmia_powercap_dom_attrs *out)
{
	uint8_t rx[POWERCAP_DOM_ATTRS_LEN];
	const uint8_t *v = rx + 4 + SCMIA_PROTO_NAME_LEN;
	int ret = scmia__pr_dom_attrs(ph, &powercap_dom, domain, 0, out, rx);
	uint32_t *w, i;

	if (ret < 0)
		return ret;
	out->unit = (uint8_t)((out->attributes >> 23) & 0x3u);
	/* min_pai_us .. parent_id: nine words in the reply's order. */
	w = (uint32_t *)((uint8_t *)out + offsetof(struct scmia_powercap_dom_attrs, min_pai_us));
	for (i = 0; i < POWERCAP_DOM_WORDS; i++)
		w[i] = scmia__pr_rd32(v + 4u * i);
	if (out->min_pai_us > out->max_pai_us || out->min_cap > out->max_cap)
		return SCMIA_EMALFORMED;
	if (ext_name && (out->attributes & SCMIA_POWERCAP_ATTR_EXT_NAME))
		return scmia__proto_name_get(ph, 0u, SCMIA_POWERCAP_DOMAIN_NAME_GET, domain,
					     out->name, sizeof(out->name));
	return SCMIA_OK;
}

static int powercap_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_powercap_dom *d = (struct scmia_powercap_dom *)item;

	return d->err = scmia_powercap_domain_attributes(ph, id, 1, &d->attrs);
}

int scmia_powercap_domains_describe(struct scmia_proto_handle *ph,
				    struct scmia_powercap_dom *doms, uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, powercap_describe_one);
}

int scmia_powercap_cap_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *cap)
{
	/* POWERCAP_CAP_GET (§4.10.2): in domain_id; out power_cap. */
	return scmia__pr_get(ph, PM(SCMIA_POWERCAP_CAP_GET, 1, 0, 1, 1, 0, 1), &domain, cap, NULL);
}

int scmia_powercap_pai_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *pai_us)
{
	/* POWERCAP_PAI_GET (§4.10.2): in domain_id; out pai. */
	return scmia__pr_get(ph, PM(SCMIA_POWERCAP_PAI_GET, 1, 0, 1, 1, 0, 1), &domain, pai_us, NULL);
}

int scmia_powercap_measurements_get(struct scmia_proto_handle *ph, uint32_t domain,
				    uint32_t *power, uint32_t *pai_us)
{
	uint32_t pai;
	int ret;

	/* POWERCAP_MEASUREMENTS_GET (§4.10.2): in domain_id; out power, pai
	 * (both words required; pai_us may be NULL). */
	ret = scmia__pr_get(ph, PM(SCMIA_POWERCAP_MEASUREMENTS_GET, 1, 0, 2, 2, 0, 1), &domain, power,
			 &pai);
	if (!ret && pai_us)
		*pai_us = pai;
	return ret;
}

int scmia_powercap_cap_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
			   uint32_t cap, uint32_t *actual)
{
	uint32_t a[3];
	uint8_t rx[8];
	int ret;

	if (!ph || (flags & ~POWERCAP_SET_F_ALL))
		return SCMIA_EINVAL;
	if ((flags & SCMIA_POWERCAP_SET_F_IGNORE_DRESP) && !(flags & SCMIA_POWERCAP_SET_F_ASYNC))
		return SCMIA_EINVAL;
	/* POWERCAP_CAP_SET (§4.10.2): in domain_id, flags (bit 1 async,
	 * bit 0 ignore delayed response), power_cap. */
	a[0] = domain;
	a[1] = flags;
	a[2] = cap;
	/* Asynchronous with a delayed response: POWERCAP_CAP_SET_COMPLETE,
	 * status, domain_id, power_cap. Otherwise the status only, and the
	 * cap asked is the cap. */
	ret = scmia__pr_pcall(ph,
			      flags == SCMIA_POWERCAP_SET_F_ASYNC ?
				      PM(SCMIA_POWERCAP_CAP_SET, 3, 0, 2, 2, 0, 1) | PM_ASYNC :
				      PM(SCMIA_POWERCAP_CAP_SET, 3, 0, 0, 0, 0, 1),
			      a, rx);
	if (ret < 0)
		return ret;
	if (flags == SCMIA_POWERCAP_SET_F_ASYNC) {
		if (scmia__pr_rd32(rx) != domain)
			return SCMIA_EMALFORMED;
		cap = scmia__pr_rd32(rx + 4);
	}
	if (actual)
		*actual = cap;
	return SCMIA_OK;
}

int scmia_powercap_pai_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t pai_us)
{
	uint32_t a[3];

	/* POWERCAP_PAI_SET (§4.10.2): in domain_id, flags (reserved, 0), pai. */
	a[0] = domain;
	a[1] = 0;
	a[2] = pai_us;
	return scmia__pr_pcall(ph, PM(SCMIA_POWERCAP_PAI_SET, 3, 0, 0, 0, 0, 1), a, NULL);
}

#if SCMIA_CFG_NOTIFY
int scmia_powercap_cap_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	/* POWERCAP_CAP_NOTIFY (§4.10.2): in domain_id, notify_enable. */
	return scmia__proto_notify(ph, 0u, SCMIA_POWERCAP_CAP_NOTIFY, domain, enable);
}

int scmia_powercap_measurements_notify(struct scmia_proto_handle *ph, uint32_t domain,
				       int enable, uint32_t thresh_low, uint32_t thresh_high)
{
	uint32_t a[4];

	if (enable && thresh_low > thresh_high)
		return SCMIA_EINVAL;
	/* POWERCAP_MEASUREMENTS_NOTIFY (§4.10.2): in domain_id,
	 * notify_enable, power_thresh_low, power_thresh_high. */
	a[0] = domain;
	a[1] = enable ? 1u : 0u;
	a[2] = thresh_low;
	a[3] = thresh_high;
	return scmia__pr_pcall(ph, PM(SCMIA_POWERCAP_MEASUREMENTS_NOTIFY, 4, 0, 0, 0, 0, 1), a, NULL);
}
#endif

#if SCMIA_CFG_PROTO_FASTCHANNEL
int scmia_powercap_describe_fastchannel(struct scmia_proto_handle *ph, uint32_t domain,
					uint8_t msg_id, struct scmia_powercap_fc_info *info)
{
	struct scmia_powercap_dom_attrs da;
	int ret;

	/* CAP_GET 4, CAP_SET 5, PAI_GET 6, PAI_SET 7. */
	if (!info || msg_id < SCMIA_POWERCAP_CAP_GET || msg_id > SCMIA_POWERCAP_PAI_SET)
		return SCMIA_EINVAL;
	memset(info, 0, sizeof(*info));
	/* The domain must support fastchannels at all. */
	ret = scmia_powercap_domain_attributes(ph, domain, 0, &da);
	if (ret)
		return ret;
	if (!(da.attributes & SCMIA_POWERCAP_ATTR_FASTCHANNEL))
		return SCMIA_ENOTSUP;
	return scmia__pr_fc_describe(ph, domain, msg_id, SCMIA_POWERCAP_DESCRIBE_FASTCHANNEL, 0, info);
}
#endif

#if SCMIA_CFG_NOTIFY
int scmia_powercap_cap_changed_decode(const struct scmia_notification *n,
				      struct scmia_powercap_cap_changed *out)
{
	/* agent_id, domain_id, power_cap, pai (§4.10.3). */
	return scmia__pr_evt(NULL, n, SCMIA_PROTO_POWERCAP, SCMIA_POWERCAP_CAP_CHANGED, out,
			  sizeof(*out), 4, 4);
}

int scmia_powercap_measurements_changed_decode(const struct scmia_notification *n,
					       struct scmia_powercap_measurements_changed *out)
{
	/* agent_id, domain_id, power (§4.10.3). */
	return scmia__pr_evt(NULL, n, SCMIA_PROTO_POWERCAP, SCMIA_POWERCAP_MEASUREMENTS_CHANGED, out,
			  sizeof(*out), 3, 3);
}
#endif

#endif /* SCMIA_CFG_PROTO_POWERCAP */

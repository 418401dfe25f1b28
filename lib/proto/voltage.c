/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Voltage domain management protocol (0x17), DEN0056 §4.9.
 *
 * Layout changes by version (agreed version):
 *   1.0  VOLTAGE_DOMAIN_ATTRIBUTES: attributes (all reserved), name[16].
 *   2.0  attributes bit 31 (asynchronous level set) and bit 30 (extended
 *        name); VOLTAGE_LEVEL_SET flags bit 0 asynchronous with the delayed
 *        response VOLTAGE_LEVEL_SET_COMPLETE (domain_id, voltage_level);
 *        VOLTAGE_DOMAIN_NAME_GET.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/voltage.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_VOLTAGE

#define VOLTAGE_DOM_ATTRS_LEN (4u + SCMIA_PROTO_NAME_LEN)
#define VOLTAGE_ATTR_V2 (SCMIA_VOLTAGE_ATTR_ASYNC | SCMIA_VOLTAGE_ATTR_EXT_NAME)

#define VOLTAGE_DOM_ATTRS_LEN (4u + SCMIA_PROTO_NAME_LEN)
#define VOLTAGE_ATTR_V2 (SCMIA_VOLTAGE_ATTR_ASYNC | SCMIA_VOLTAGE_ATTR_EXT_NAME)

const struct scmia_proto_desc scmia_voltage_desc = {
	.id = SCMIA_PROTO_VOLTAGE,
	.version = SCMIA_VOLTAGE_VERSION,
	.name = "voltage",
	/* PROTOCOL_ATTRIBUTES: one word, domains in 15:0. */
	.attrs_min_len = 4,
};

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_voltage_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				  size_t cap)
{
	/* VOLTAGE_DOMAIN_NAME_GET (§4.9.2): in domain_id; out flags, name[64]. */
	return scmia__proto_name_get(ph, 2u, SCMIA_VOLTAGE_DOMAIN_NAME_GET, domain, name, cap);
}
#endif

/* VOLTAGE_DOMAIN_ATTRIBUTES (§4.9.2): in domain_id; out attributes, name[16]. */
static const struct scmia__pr_dom voltage_dom = {
	.spec = PM(SCMIA_VOLTAGE_DOMAIN_ATTRIBUTES, 1, 0, 5, 5, 0, 1),
	.ext_bit = SCMIA_VOLTAGE_ATTR_EXT_NAME,
	.size = sizeof(struct scmia_voltage_dom_attrs),
	.name_at = 4,
	.name_out = offsetof(struct scmia_voltage_dom_attrs, name),
	.name_major = 2,
	.name_msg = SCMIA_VOLTAGE_DOMAIN_NAME_GET,
};

int scmia_voltage_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				    struct scmia_voltage_dom_attrs *out)
{
	uint8_t rx[VOLTAGE_DOM_ATTRS_LEN];
	int ret = scmia__pr_dom_attrs(ph, &voltage_dom, domain, ext_name, out, rx);

	if (ret < 0)
		return ret;
	/* Every attribute bit was reserved in v1. */
	if (PH_MAJOR(ph) < 2u)
		out->attributes = 0;
	out->attributes &= VOLTAGE_ATTR_V2;
	return SCMIA_OK;
}

static int voltage_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_voltage_dom *d = (struct scmia_voltage_dom *)item;

	return d->err = scmia_voltage_domain_attributes(ph, id, 1, &d->attrs);
}

int scmia_voltage_domains_describe(struct scmia_proto_handle *ph, struct scmia_voltage_dom *doms,
				   uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, voltage_describe_one);
}

int scmia_voltage_describe_levels(struct scmia_proto_handle *ph, uint32_t domain,
				  int32_t *levels, uint32_t cap, struct scmia_voltage_levels *out)
{
	struct scmia__pr_vlist vl;
	int ret;

	if (!out || (cap && !levels))
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* VOLTAGE_DESCRIBE_LEVELS (§4.9.2): in domain_id, level_index; out
	 * flags (remaining 31:16, bit 12 triplet, returned 11:0), voltage[]
	 * (signed µV, one word each). */
	ret = scmia__pr_vlist_run(ph, &vl, SCMIA_VOLTAGE_DESCRIBE_LEVELS, domain, &scmia__pr_vlist_ops4,
			       levels, cap);
	out->total = vl.it.total;
	if (!vl.it.range) {
		out->count = vl.it.count < cap ? vl.it.count : cap;
		return ret;
	}
	if (!ret && (int32_t)vl.trip[0] > (int32_t)vl.trip[1])
		ret = SCMIA_EMALFORMED;
	if (ret)
		return ret;
	out->range = 1;
	out->count = 3;
	out->min_uv = (int32_t)vl.trip[0];
	out->max_uv = (int32_t)vl.trip[1];
	out->step_uv = (int32_t)vl.trip[2];
	return SCMIA_OK;
}

int scmia_voltage_config_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t config)
{
	uint32_t a[2];

	if (config & ~SCMIA_VOLTAGE_CONFIG_MODE_MASK)
		return SCMIA_EINVAL;
	/* Architectural modes (bit 3 clear): only off (0b000) and on (0b111). */
	if (!(config & SCMIA_VOLTAGE_CONFIG_IMPDEF) && config != SCMIA_VOLTAGE_CONFIG_OFF &&
	    config != SCMIA_VOLTAGE_CONFIG_ON)
		return SCMIA_EINVAL;
	/* VOLTAGE_CONFIG_SET (§4.9.2): in domain_id, config (mode 3:0). */
	a[0] = domain;
	a[1] = config;
	return scmia__pr_pcall(ph, PM(SCMIA_VOLTAGE_CONFIG_SET, 2, 0, 0, 0, 0, 1), a, NULL);
}

int scmia_voltage_config_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *config)
{
	/* VOLTAGE_CONFIG_GET (§4.9.2): in domain_id; out config. */
	int ret = scmia__pr_get(ph, PM(SCMIA_VOLTAGE_CONFIG_GET, 1, 0, 1, 1, 0, 1), &domain, config,
			     NULL);

	if (!ret)
		*config &= SCMIA_VOLTAGE_CONFIG_MODE_MASK;
	return ret;
}

int scmia_voltage_level_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
			    int32_t level_uv, int32_t *actual_uv)
{
	uint32_t a[3];
	uint8_t rx[8];
	int ret;

	if (!ph || (flags & ~SCMIA_VOLTAGE_SET_F_ASYNC))
		return SCMIA_EINVAL;
	/* VOLTAGE_LEVEL_SET (§4.9.2): in domain_id, flags (bit 0 async, v2),
	 * voltage_level (signed µV). */
	a[0] = domain;
	a[1] = flags;
	a[2] = (uint32_t)level_uv;
	/* Asynchronous: the delayed response VOLTAGE_LEVEL_SET_COMPLETE,
	 * status, domain_id, voltage_level. Otherwise the status only, and
	 * the level asked is the level. */
	ret = scmia__pr_pcall(ph,
			      flags ? PM(SCMIA_VOLTAGE_LEVEL_SET, 3, 2, 2, 2, 0, 1) | PM_ASYNC :
				      PM(SCMIA_VOLTAGE_LEVEL_SET, 3, 0, 0, 0, 0, 1),
			      a, rx);
	if (ret < 0)
		return ret;
	if (flags) {
		if (scmia__pr_rd32(rx) != domain)
			return SCMIA_EMALFORMED;
		level_uv = (int32_t)scmia__pr_rd32(rx + 4);
	}
	if (actual_uv)
		*actual_uv = level_uv;
	return SCMIA_OK;
}

int scmia_voltage_level_get(struct scmia_proto_handle *ph, uint32_t domain, int32_t *level_uv)
{
	/* VOLTAGE_LEVEL_GET (§4.9.2): in domain_id; out voltage_level. */
	return scmia__pr_get(ph, PM(SCMIA_VOLTAGE_LEVEL_GET, 1, 0, 1, 1, 0, 1), &domain,
			  (uint32_t *)level_uv, NULL);
}

#endif /* SCMIA_CFG_PROTO_VOLTAGE */

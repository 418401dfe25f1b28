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

const struct scmia_proto_desc scmia_voltage_desc = {
	.id = SCMIA_PROTO_VOLTAGE,
	.version = SCMIA_VOLTAGE_VERSION,
	.name = "voltage",
	/* PROTOCOL_ATTRIBUTES: one word, domains in 15:0. */
	.attrs_min_len = 4,
	.init = NULL,
	.notify_src = NULL,
};

static uint32_t voltage_major(const struct scmia_proto_handle *ph)
{
	return SCMIA_PROTO_VERSION_MAJOR(ph->version);
}

uint32_t scmia_voltage_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

int scmia_voltage_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				  size_t cap)
{
	/* VOLTAGE_DOMAIN_NAME_GET (§4.9.2): in domain_id; out flags, name[64]. */
	return scmia__proto_name_get(ph, 2u, SCMIA_VOLTAGE_DOMAIN_NAME_GET, domain, name, cap);
}

int scmia_voltage_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				    struct scmia_voltage_dom_attrs *out)
{
	uint8_t rx[VOLTAGE_DOM_ATTRS_LEN];
	uint32_t attr;
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* VOLTAGE_DOMAIN_ATTRIBUTES (§4.9.2): in domain_id; out attributes,
	 * name[16]. */
	ret = scmia__proto_cmd_id(ph, SCMIA_VOLTAGE_DOMAIN_ATTRIBUTES, domain, rx, sizeof(rx),
				  sizeof(rx), NULL);
	if (ret)
		return ret;
	/* Every attribute bit was reserved in v1. */
	attr = scmia_get_le32(rx) & (voltage_major(ph) >= 2u ? VOLTAGE_ATTR_V2 : 0u);
	out->attributes = attr;
	return scmia__proto_dom_name(ph, ext_name && (attr & SCMIA_VOLTAGE_ATTR_EXT_NAME), 2u,
				     SCMIA_VOLTAGE_DOMAIN_NAME_GET, domain, rx + 4, out->name,
				     sizeof(out->name));
}

static int voltage_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_voltage_dom *d = (struct scmia_voltage_dom *)item;

	d->err = scmia_voltage_domain_attributes(ph, id, 1, &d->attrs);
	return d->err;
}

int scmia_voltage_domains_describe(struct scmia_proto_handle *ph, struct scmia_voltage_dom *doms,
				   uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, voltage_describe_one);
}

/* ---- VOLTAGE_DESCRIBE_LEVELS through the shared iterator ---- */

#define LEVELS_FMT_LIST 1
#define LEVELS_FMT_RANGE 2

struct vlevels_ctx {
	int32_t *levels;
	uint32_t cap;
	uint32_t domain;
	int fmt;
	int32_t triplet[3];
};

static int vlevels_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len)
{
	const struct vlevels_ctx *vc = (const struct vlevels_ctx *)ctx;

	/* in: domain_id, level_index. */
	return scmia__proto_prep_id_index(vc->domain, index, tx, cap, tx_len);
}

static int vlevels_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
			  struct scmia_proto_iter_page *pg)
{
	struct vlevels_ctx *vc = (struct vlevels_ctx *)ctx;
	int ret, fmt;

	/* out: flags (remaining 31:16, format bit 12: 1 triplet, returned
	 * 11:0), voltage[] (signed µV, one word each). */
	ret = scmia__proto_page_count(rx, len, 0xfffu, 16, pg);
	if (ret)
		return ret;
	fmt = (scmia_get_le32(rx) & (1u << 12)) ? LEVELS_FMT_RANGE : LEVELS_FMT_LIST;
	if (vc->fmt && vc->fmt != fmt)
		return SCMIA_EMALFORMED;
	vc->fmt = fmt;
	pg->min_len = 4u + pg->returned * 4u;
	/* A triplet comes whole in the first page. */
	if (fmt == LEVELS_FMT_RANGE && (index != 0 || pg->returned != 3u || pg->remaining != 0u))
		return SCMIA_EMALFORMED;
	return SCMIA_OK;
}

static int vlevels_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct vlevels_ctx *vc = (struct vlevels_ctx *)ctx;
	int32_t v;

	if (avail < 4)
		return SCMIA_ETOOSHORT;
	v = (int32_t)scmia_get_le32(p);
	if (vc->fmt == LEVELS_FMT_RANGE) {
		if (index >= 3u)
			return SCMIA_EMALFORMED;
		vc->triplet[index] = v;
		return 4;
	}
	if (index >= vc->cap)
		return SCMIA_ENOSPC;
	vc->levels[index] = v;
	return 4;
}

static const struct scmia_proto_iter_ops vlevels_ops = {
	.prepare = vlevels_prepare,
	.decode_header = vlevels_header,
	.decode_entry = vlevels_entry,
};

int scmia_voltage_describe_levels(struct scmia_proto_handle *ph, uint32_t domain,
				  int32_t *levels, uint32_t cap, struct scmia_voltage_levels *out)
{
	struct vlevels_ctx vc;
	struct scmia_proto_iter it;
	int ret;

	if (!ph || !out || (cap && !levels))
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	memset(&vc, 0, sizeof(vc));
	vc.levels = levels;
	vc.cap = cap;
	vc.domain = domain;
	/* VOLTAGE_DESCRIBE_LEVELS (§4.9.2). */
	scmia_proto_iter_init(&it, SCMIA_VOLTAGE_DESCRIBE_LEVELS, &vlevels_ops, &vc,
			      cap < 3u ? 3u : cap);
	ret = scmia_proto_iter_run(ph, &it);
	out->total = it.total;
	if (vc.fmt == LEVELS_FMT_RANGE) {
		if (ret)
			return ret;
		if (it.count != 3u || vc.triplet[0] > vc.triplet[1])
			return SCMIA_EMALFORMED;
		out->range = 1;
		out->count = 3;
		out->min_uv = vc.triplet[0];
		out->max_uv = vc.triplet[1];
		out->step_uv = vc.triplet[2];
		return SCMIA_OK;
	}
	out->count = it.count < cap ? it.count : cap;
	return ret;
}

/* ---- configuration and levels ---- */

int scmia_voltage_config_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t config)
{
	if (!ph || (config & ~SCMIA_VOLTAGE_CONFIG_MODE_MASK))
		return SCMIA_EINVAL;
	/* Architectural modes (bit 3 clear): only off (0b000) and on (0b111). */
	if (!(config & SCMIA_VOLTAGE_CONFIG_IMPDEF) && config != SCMIA_VOLTAGE_CONFIG_OFF &&
	    config != SCMIA_VOLTAGE_CONFIG_ON)
		return SCMIA_EINVAL;
	/* VOLTAGE_CONFIG_SET (§4.9.2): in domain_id, config (mode 3:0). */
	return scmia__proto_set_word(ph, SCMIA_VOLTAGE_CONFIG_SET, domain, config);
}

int scmia_voltage_config_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *config)
{
	uint32_t w;
	int ret;

	if (!config)
		return SCMIA_EINVAL;
	/* VOLTAGE_CONFIG_GET (§4.9.2): in domain_id; out config. */
	ret = scmia__proto_get_word(ph, SCMIA_VOLTAGE_CONFIG_GET, domain, &w);
	if (ret)
		return ret;
	*config = w & SCMIA_VOLTAGE_CONFIG_MODE_MASK;
	return SCMIA_OK;
}

int scmia_voltage_level_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
			    int32_t level_uv, int32_t *actual_uv)
{
	uint8_t tx[12], rx[8];
	int ret;

	if (!ph || (flags & ~SCMIA_VOLTAGE_SET_F_ASYNC))
		return SCMIA_EINVAL;
	if ((flags & SCMIA_VOLTAGE_SET_F_ASYNC) && voltage_major(ph) < 2u)
		return SCMIA_ENOTSUP;
	/* VOLTAGE_LEVEL_SET (§4.9.2): in domain_id, flags (bit 0 async),
	 * voltage_level (signed µV). */
	scmia_put_le32(tx, domain);
	scmia_put_le32(tx + 4, flags);
	scmia_put_le32(tx + 8, (uint32_t)level_uv);
	if (!(flags & SCMIA_VOLTAGE_SET_F_ASYNC)) {
		ret = scmia_proto_cmd(ph, SCMIA_VOLTAGE_LEVEL_SET, tx, 12, NULL, 0, 0, NULL, 0);
		if (!ret && actual_uv)
			*actual_uv = level_uv;
		return ret;
	}
	/* VOLTAGE_LEVEL_SET_COMPLETE: status, domain_id, voltage_level. */
	ret = scmia_proto_cmd(ph, SCMIA_VOLTAGE_LEVEL_SET, tx, 12, rx, 8, 8, NULL,
			      SCMIA_XFER_F_ASYNC);
	if (ret)
		return ret;
	if (scmia_get_le32(rx) != domain)
		return SCMIA_EMALFORMED;
	if (actual_uv)
		*actual_uv = (int32_t)scmia_get_le32(rx + 4);
	return SCMIA_OK;
}

int scmia_voltage_level_get(struct scmia_proto_handle *ph, uint32_t domain, int32_t *level_uv)
{
	uint32_t w;
	int ret;

	if (!level_uv)
		return SCMIA_EINVAL;
	/* VOLTAGE_LEVEL_GET (§4.9.2): in domain_id; out voltage_level. */
	ret = scmia__proto_get_word(ph, SCMIA_VOLTAGE_LEVEL_GET, domain, &w);
	if (ret)
		return ret;
	*level_uv = (int32_t)w;
	return SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_VOLTAGE */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Performance domain management protocol (0x13), DEN0056 §4.5.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/perf.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_PERF

/* PROTOCOL_ATTRIBUTES: attributes, statistics address low, high, length. */
#define PERF_ATTRS_LEN 16u
/* PERFORMANCE_DOMAIN_ATTRIBUTES: attributes, rate_limit, sustained_freq,
 * sustained_perf_level, name[16]. */
#define PERF_DOM_ATTRS_LEN (16u + SCMIA_PROTO_NAME_LEN)
/* Level entries: perf_level, power_cost, attributes (latency in 15:0);
 * v4 adds indicative_freq and level_index. */
#define PERF_LEVEL_LEN_V1 12u
#define PERF_LEVEL_LEN_V4 20u
/* DESCRIBE_FASTCHANNEL: attributes, rate_limit, chan_addr low/high,
 * chan_size; then doorbell address low/high, set mask low/high, preserve
 * mask low/high. */
#define PERF_FC_LEN_NODB 20u
#define PERF_FC_LEN_DB 44u

static unsigned perf_major(const struct scmia_proto_handle *ph)
{
	return (unsigned)SCMIA_PROTO_VERSION_MAJOR(ph->version);
}

static uint8_t power_unit(const struct scmia_proto_handle *ph, uint32_t attr)
{
	/* Bit 17 (microwatts) exists from v3.0; bit 16 (milliwatts) always. */
	if (perf_major(ph) >= 3u && (attr & (1u << 17)))
		return SCMIA_PERF_POWER_MICROWATT;
	if (attr & (1u << 16))
		return SCMIA_PERF_POWER_MILLIWATT;
	return SCMIA_PERF_POWER_ABSTRACT;
}

static int perf_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	struct scmia_perf_info *pi = (struct scmia_perf_info *)ph->priv;

	(void)len;
	if (!pi)
		return SCMIA_OK;
	(void)scmia_perf_protocol_attributes(ph, pi);
	pi->stats_addr = scmia_get_le64(attrs + 4);
	pi->stats_len = scmia_get_le32(attrs + 12);
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_perf_desc = {
	.id = SCMIA_PROTO_PERF,
	.version = SCMIA_PERF_VERSION,
	.name = "perf",
	.attrs_min_len = PERF_ATTRS_LEN,
	.init = perf_init,
	.notify_src = NULL,
};

int scmia_perf_protocol_attributes(const struct scmia_proto_handle *ph,
				   struct scmia_perf_info *out)
{
	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	out->n_domains = (uint16_t)(ph->attributes & 0xffffu);
	out->power_unit = power_unit(ph, ph->attributes);
	return SCMIA_OK;
}

uint32_t scmia_perf_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

int scmia_perf_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
			       size_t cap)
{
	return scmia__proto_name_get(ph, 3u, SCMIA_PERF_DOMAIN_NAME_GET, domain, name, cap);
}

int scmia_perf_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				 struct scmia_perf_dom_attrs *out)
{
	uint8_t rx[PERF_DOM_ATTRS_LEN];
	uint32_t attr;
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	ret = scmia__proto_cmd_id(ph, SCMIA_PERF_DOMAIN_ATTRIBUTES, domain, rx, sizeof(rx),
				  sizeof(rx), NULL);
	if (ret)
		return ret;
	attr = scmia_get_le32(rx);
	/* Bits that were reserved in the agreed version mean nothing. */
	if (perf_major(ph) < 3u)
		attr &= ~SCMIA_PERF_ATTR_EXT_NAME;
	if (perf_major(ph) < 4u)
		attr &= ~SCMIA_PERF_ATTR_LEVEL_INDEXING;
	out->attributes = attr;
	out->rate_limit_us = scmia_get_le32(rx + 4) & 0xfffffu;
	out->sustained_freq_khz = scmia_get_le32(rx + 8);
	out->sustained_perf_level = scmia_get_le32(rx + 12);
	return scmia__proto_dom_name(ph, ext_name && (attr & SCMIA_PERF_ATTR_EXT_NAME), 3u,
				     SCMIA_PERF_DOMAIN_NAME_GET, domain, rx + 16, out->name,
				     sizeof(out->name));
}

static int perf_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_perf_dom *d = (struct scmia_perf_dom *)item;

	d->err = scmia_perf_domain_attributes(ph, id, 1, &d->attrs);
	return d->err;
}

int scmia_perf_domains_describe(struct scmia_proto_handle *ph, struct scmia_perf_dom *doms,
				uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, perf_describe_one);
}

uint64_t scmia_perf_level_to_hz(const struct scmia_perf_dom_attrs *a, uint32_t level)
{
	uint64_t hz, sl;

	if (!a || !a->sustained_perf_level || !level)
		return 0;
	/* Hz per level = sustained kHz * 1000 / sustained level; multiply
	 * before dividing, in 64 bits, so nothing is truncated. */
	hz = (uint64_t)a->sustained_freq_khz * 1000u;
	sl = a->sustained_perf_level;
	if (hz <= UINT64_MAX / level)
		return hz * level / sl;
	/* Absurdly large product: split the level to stay within 64 bits. */
	return hz * (level / sl) + hz / sl * (level % sl);
}

/* ---- PERFORMANCE_DESCRIBE_LEVELS through the shared iterator ---- */

struct levels_ctx {
	struct scmia_perf_level *levels;
	uint32_t domain;
	uint32_t start; /* index of levels[0] */
	int v4;
};

static int levels_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len)
{
	const struct levels_ctx *lc = (const struct levels_ctx *)ctx;

	/* in: domain_id, level_index (first level wanted). */
	return scmia__proto_prep_id_index(lc->domain, index, tx, cap, tx_len);
}

static int levels_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
			 struct scmia_proto_iter_page *pg)
{
	struct levels_ctx *lc = (struct levels_ctx *)ctx;
	uint32_t esz = lc->v4 ? PERF_LEVEL_LEN_V4 : PERF_LEVEL_LEN_V1;
	int ret;

	(void)index;
	/* out: num_levels (returned in 11:0, remaining in 31:16), levels[]. */
	ret = scmia__proto_page_count(rx, len, 0xfffu, 16, pg);
	if (ret)
		return ret;
	pg->min_len = 4u + pg->returned * esz;
	return SCMIA_OK;
}

static int levels_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct levels_ctx *lc = (struct levels_ctx *)ctx;
	struct scmia_perf_level *l = &lc->levels[index - lc->start];
	uint32_t esz = lc->v4 ? PERF_LEVEL_LEN_V4 : PERF_LEVEL_LEN_V1;

	if (avail < esz)
		return SCMIA_ETOOSHORT;
	l->perf_level = scmia_get_le32(p);
	l->power_cost = scmia_get_le32(p + 4);
	l->latency_us = (uint16_t)(scmia_get_le32(p + 8) & 0xffffu);
	if (lc->v4) {
		l->indicative_freq_khz = scmia_get_le32(p + 12);
		l->level_index = scmia_get_le32(p + 16);
	} else {
		l->indicative_freq_khz = 0;
		l->level_index = index;
	}
	return (int)esz;
}

static const struct scmia_proto_iter_ops levels_ops = {
	.prepare = levels_prepare,
	.decode_header = levels_header,
	.decode_entry = levels_entry,
};

int scmia_perf_describe_levels(struct scmia_proto_handle *ph, uint32_t domain,
			       struct scmia_perf_level *levels, uint32_t cap, uint32_t *n)
{
	struct levels_ctx lc;
	struct scmia_proto_iter it;
	int ret;

	if (n)
		*n = 0;
	if (!ph || !levels || !cap)
		return SCMIA_EINVAL;
	lc.levels = levels;
	lc.domain = domain;
	lc.start = 0;
	lc.v4 = perf_major(ph) >= 4u;
	scmia_proto_iter_init(&it, SCMIA_PERF_DESCRIBE_LEVELS, &levels_ops, &lc, cap);
	ret = scmia_proto_iter_run(ph, &it);
	if (n)
		*n = it.count;
	return ret;
}

/* ---- limits and levels by message ---- */

int scmia_perf_limits_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t range_max,
			  uint32_t range_min)
{
	uint8_t tx[12];

	if (!ph)
		return SCMIA_EINVAL;
	/* in: domain_id, range_max, range_min. */
	scmia_put_le32(tx, domain);
	scmia_put_le32(tx + 4, range_max);
	scmia_put_le32(tx + 8, range_min);
	return scmia_proto_cmd(ph, SCMIA_PERF_LIMITS_SET, tx, 12, NULL, 0, 0, NULL, 0);
}

int scmia_perf_limits_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *range_max,
			  uint32_t *range_min)
{
	uint8_t rx[8];
	int ret;

	if (!ph || !range_max || !range_min)
		return SCMIA_EINVAL;
	/* in: domain_id; out: range_max, range_min. */
	ret = scmia__proto_cmd_id(ph, SCMIA_PERF_LIMITS_GET, domain, rx, 8, 8, NULL);
	if (ret)
		return ret;
	*range_max = scmia_get_le32(rx);
	*range_min = scmia_get_le32(rx + 4);
	return SCMIA_OK;
}

int scmia_perf_level_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t level)
{
	/* in: domain_id, performance_level. */
	return scmia__proto_set_word(ph, SCMIA_PERF_LEVEL_SET, domain, level);
}

int scmia_perf_level_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *level)
{
	/* in: domain_id; out: performance_level. */
	return scmia__proto_get_word(ph, SCMIA_PERF_LEVEL_GET, domain, level);
}

int scmia_perf_notify_limits(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	return scmia__proto_notify(ph, 0u, SCMIA_PERF_NOTIFY_LIMITS, domain, enable);
}

int scmia_perf_notify_level(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	return scmia__proto_notify(ph, 0u, SCMIA_PERF_NOTIFY_LEVEL, domain, enable);
}

/* ---- fastchannels ---- */

static int fc_msg_ok(uint8_t msg_id)
{
	return msg_id == SCMIA_PERF_LEVEL_SET || msg_id == SCMIA_PERF_LEVEL_GET ||
	       msg_id == SCMIA_PERF_LIMITS_SET || msg_id == SCMIA_PERF_LIMITS_GET;
}

int scmia_perf_describe_fastchannel(struct scmia_proto_handle *ph, uint32_t domain,
				    uint8_t msg_id, struct scmia_perf_fc_info *info)
{
	struct scmia_perf_dom_attrs da;
	uint8_t tx[8], rx[PERF_FC_LEN_DB];
	uint32_t mattr = 0, len = 0;
	int ret, forced;

	if (!ph || !info || !fc_msg_ok(msg_id))
		return SCMIA_EINVAL;
	memset(info, 0, sizeof(*info));

	/* 1. The domain must support fastchannels at all. */
	ret = scmia_perf_domain_attributes(ph, domain, 0, &da);
	if (ret)
		return ret;
	if (!(da.attributes & SCMIA_PERF_ATTR_FASTCHANNEL))
		return SCMIA_ENOTSUP;

	/* 2. The platform must declare this very message for fastchannels.
	 * A quirk may force LEVEL_GET for firmware known to omit the bit. */
	forced = msg_id == SCMIA_PERF_LEVEL_GET &&
		 (ph->quirks & SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE);
	ret = scmia_proto_msg_attributes(ph, msg_id, &mattr);
	if (ret && !(forced && scmia_err_is_scmi(ret)))
		return scmia_err_is_scmi(ret) ? SCMIA_ENOTSUP : ret;
	if (!(mattr & SCMIA_MSG_ATTR_FASTCHANNEL) && !forced)
		return SCMIA_ENOTSUP;

	/* 3. in: domain_id, message_id. */
	scmia_put_le32(tx, domain);
	scmia_put_le32(tx + 4, msg_id);
	ret = scmia_proto_cmd(ph, SCMIA_PERF_DESCRIBE_FASTCHANNEL, tx, 8, rx, PERF_FC_LEN_NODB,
			      sizeof(rx), &len, 0);
	if (ret)
		return ret;
	info->domain = domain;
	info->msg_id = msg_id;
	info->attributes = scmia_get_le32(rx);
	info->rate_limit_us = scmia_get_le32(rx + 4) & 0xfffffu;
	info->chan_addr = scmia_get_le64(rx + 8);
	info->chan_size = scmia_get_le32(rx + 16);
	if (!info->chan_size)
		return SCMIA_EMALFORMED;
	if (info->attributes & SCMIA_PERF_FC_ATTR_DOORBELL) {
		if (len < PERF_FC_LEN_DB)
			return SCMIA_ETOOSHORT;
		info->db_width = (uint8_t)(1u << ((info->attributes >> 1) & 0x3u));
		info->db_addr = scmia_get_le64(rx + 20);
		info->db_set_mask = scmia_get_le64(rx + 28);
		info->db_preserve_mask = scmia_get_le64(rx + 36);
	}
	return SCMIA_OK;
}

int scmia_perf_fc_bind(struct scmia_perf_fc *fc, const struct scmia_perf_fc_info *info,
		       volatile void *chan, volatile void *db)
{
	uint32_t need;
	int is_set;

	if (!fc || !info || !chan || !fc_msg_ok(info->msg_id) || ((uintptr_t)chan & 3u))
		return SCMIA_EINVAL;
	memset(fc, 0, sizeof(*fc));
	need = (info->msg_id == SCMIA_PERF_LIMITS_SET || info->msg_id == SCMIA_PERF_LIMITS_GET) ?
		       8u : 4u;
	if (info->chan_size < need)
		return SCMIA_EMALFORMED;
	is_set = info->msg_id == SCMIA_PERF_LEVEL_SET || info->msg_id == SCMIA_PERF_LIMITS_SET;
	if (is_set && info->db_width) {
		if (!db || ((uintptr_t)db & (uintptr_t)(info->db_width - 1u)))
			return SCMIA_EINVAL;
		fc->db = db;
		fc->db_width = info->db_width;
		fc->db_set = info->db_set_mask;
		fc->db_preserve = info->db_preserve_mask;
	}
	fc->chan = (volatile uint32_t *)chan;
	fc->chan_size = info->chan_size;
	fc->domain = info->domain;
	fc->msg_id = info->msg_id;
	fc->bound = 1;
	return SCMIA_OK;
}

/* Fastchannel memory is little-endian like every SCMI field; go through
 * a byte-order conversion and single aligned 32-bit volatile accesses. */
static void fc_write32(volatile uint32_t *p, uint32_t v)
{
	uint32_t le;

	scmia_put_le32(&le, v);
	*p = le;
}

static uint32_t fc_read32(const volatile uint32_t *p)
{
	uint32_t le = *p;

	return scmia_get_le32(&le);
}

/* Ring the doorbell: read-modify-write keeping the preserve bits and
 * setting the set bits, at the register's width. */
static void fc_ring(struct scmia_perf_fc *fc)
{
	/* The values must reach the fastchannel before the platform looks. */
	atomic_thread_fence(memory_order_seq_cst);
	switch (fc->db_width) {
	case 1: {
		volatile uint8_t *r = (volatile uint8_t *)fc->db;

		*r = (uint8_t)((*r & (uint8_t)fc->db_preserve) | (uint8_t)fc->db_set);
		break;
	}
	case 2: {
		volatile uint16_t *r = (volatile uint16_t *)fc->db;

		*r = (uint16_t)((*r & (uint16_t)fc->db_preserve) | (uint16_t)fc->db_set);
		break;
	}
	case 4: {
		volatile uint32_t *r = (volatile uint32_t *)fc->db;

		*r = (uint32_t)((*r & (uint32_t)fc->db_preserve) | (uint32_t)fc->db_set);
		break;
	}
	case 8: {
		volatile uint64_t *r = (volatile uint64_t *)fc->db;

		*r = (*r & fc->db_preserve) | fc->db_set;
		break;
	}
	default:
		break;
	}
}

static int fc_check(const struct scmia_perf_fc *fc, uint8_t msg_id)
{
	if (!fc || !fc->bound)
		return SCMIA_EINVAL;
	/* Never use a fastchannel for a message it was not described for. */
	return fc->msg_id == msg_id ? SCMIA_OK : SCMIA_ENOTSUP;
}

int scmia_perf_fc_level_set(struct scmia_perf_fc *fc, uint32_t level)
{
	int ret = fc_check(fc, SCMIA_PERF_LEVEL_SET);

	if (ret)
		return ret;
	fc_write32(fc->chan, level);
	if (fc->db)
		fc_ring(fc);
	return SCMIA_OK;
}

int scmia_perf_fc_level_get(struct scmia_perf_fc *fc, uint32_t *level)
{
	int ret = fc_check(fc, SCMIA_PERF_LEVEL_GET);

	if (ret)
		return ret;
	if (!level)
		return SCMIA_EINVAL;
	*level = fc_read32(fc->chan);
	return SCMIA_OK;
}

int scmia_perf_fc_limits_set(struct scmia_perf_fc *fc, uint32_t range_max, uint32_t range_min)
{
	int ret = fc_check(fc, SCMIA_PERF_LIMITS_SET);

	if (ret)
		return ret;
	fc_write32(fc->chan, range_max);
	fc_write32(fc->chan + 1, range_min);
	if (fc->db)
		fc_ring(fc);
	return SCMIA_OK;
}

int scmia_perf_fc_limits_get(struct scmia_perf_fc *fc, uint32_t *range_max, uint32_t *range_min)
{
	int ret = fc_check(fc, SCMIA_PERF_LIMITS_GET);

	if (ret)
		return ret;
	if (!range_max || !range_min)
		return SCMIA_EINVAL;
	*range_max = fc_read32(fc->chan);
	*range_min = fc_read32(fc->chan + 1);
	return SCMIA_OK;
}

/* ---- notifications ---- */

int scmia_perf_limits_changed_decode(const struct scmia_notification *n,
				     struct scmia_perf_limits_changed *out)
{
	const uint8_t *p;
	int ret;

	ret = scmia__proto_evt(n, SCMIA_PROTO_PERF, SCMIA_PERF_LIMITS_CHANGED, out, sizeof(*out),
			       16, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->domain_id = scmia_get_le32(p + 4);
	out->range_max = scmia_get_le32(p + 8);
	out->range_min = scmia_get_le32(p + 12);
	return SCMIA_OK;
}

int scmia_perf_level_changed_decode(const struct scmia_notification *n,
				    struct scmia_perf_level_changed *out)
{
	const uint8_t *p;
	int ret;

	ret = scmia__proto_evt(n, SCMIA_PROTO_PERF, SCMIA_PERF_LEVEL_CHANGED, out, sizeof(*out),
			       12, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->domain_id = scmia_get_le32(p + 4);
	out->perf_level = scmia_get_le32(p + 8);
	return SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_PERF */

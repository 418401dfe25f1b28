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
/* Level entries: perf_level, power_cost, attributes (latency in 15:0);
 * v4 adds indicative_freq and level_index. */
#define PERF_LEVEL_LEN_V1 12u
#define PERF_LEVEL_LEN_V4 20u

static int perf_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	struct scmia_perf_info *pi = (struct scmia_perf_info *)ph->priv;

	(void)len;
	if (pi) {
		(void)scmia_perf_protocol_attributes(ph, pi);
		pi->stats_addr = scmia__pr_le64(attrs + 4);
		pi->stats_len = scmia__pr_rd32(attrs + 12);
	}
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_perf_desc = {
	.id = SCMIA_PROTO_PERF,
	.version = SCMIA_PERF_VERSION,
	.name = "perf",
	.attrs_min_len = PERF_ATTRS_LEN,
	.init = perf_init,
};

int scmia_perf_protocol_attributes(const struct scmia_proto_handle *ph,
				   struct scmia_perf_info *out)
{
	uint32_t a;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	a = ph->attributes;
	out->n_domains = (uint16_t)a;
	/* Bit 17 (microwatts) exists from v3.0; bit 16 (milliwatts) always. */
	if (PH_MAJOR(ph) >= 3u && (a & (1u << 17)))
		out->power_unit = SCMIA_PERF_POWER_MICROWATT;
	else if (a & (1u << 16))
		out->power_unit = SCMIA_PERF_POWER_MILLIWATT;
	return SCMIA_OK;
}

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_perf_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
			       size_t cap)
{
	return scmia__proto_name_get(ph, 3u, SCMIA_PERF_DOMAIN_NAME_GET, domain, name, cap);
}
#endif

/* PERFORMANCE_DOMAIN_ATTRIBUTES: in domain_id; out attributes,
 * rate_limit, sustained_freq, sustained_perf_level, name[16]. */
static const struct scmia__pr_dom perf_dom = {
	.spec = PM(SCMIA_PERF_DOMAIN_ATTRIBUTES, 1, 0, 8, 8, 0, 1),
	.ext_bit = SCMIA_PERF_ATTR_EXT_NAME,
	.size = sizeof(struct scmia_perf_dom_attrs),
	.name_at = 16,
	.name_out = offsetof(struct scmia_perf_dom_attrs, name),
	.name_major = 3,
	.name_msg = SCMIA_PERF_DOMAIN_NAME_GET,
};

int scmia_perf_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				 struct scmia_perf_dom_attrs *out)
{
	uint8_t rx[32];
	int ret = scmia__pr_dom_attrs(ph, &perf_dom, domain, ext_name, out, rx);

	if (ret < 0)
		return ret;
	/* Level indexing is a v4 bit, reserved before. */
	if (PH_MAJOR(ph) < 4u)
		out->attributes &= ~SCMIA_PERF_ATTR_LEVEL_INDEXING;
	out->rate_limit_us = scmia__pr_rd32(rx + 4) & 0xfffffu;
	out->sustained_freq_khz = scmia__pr_rd32(rx + 8);
	out->sustained_perf_level = scmia__pr_rd32(rx + 12);
	return SCMIA_OK;
}

static int perf_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_perf_dom *d = (struct scmia_perf_dom *)item;

	return d->err = scmia_perf_domain_attributes(ph, id, 1, &d->attrs);
}

int scmia_perf_domains_describe(struct scmia_proto_handle *ph, struct scmia_perf_dom *doms,
				uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, perf_describe_one);
}

/*
 * @p n / @p d (d > 0), the remainder in *rem: restoring division, one
 * quotient bit per step, so that a 32-bit target links no 64-bit division
 * from libgcc (__aeabi_uldivmod, some 700 bytes) for this one conversion.
 * Exact for every n and d: the partial remainder r stays below d before
 * each step, so 2r + 1 < 2^33 fits, and each step is a long-division
 * digit in base 2.
 */
static __attribute__((noinline)) uint64_t div64_32(uint64_t n, uint32_t d, uint32_t *rem)
{
	uint64_t r = 0;
	unsigned i;

	/* n is shifted out at the top while the quotient comes in below. */
	for (i = 0; i < 64; i++) {
		r = (r << 1) | (n >> 63);
		n <<= 1;
		if (r >= d) {
			r -= d;
			n |= 1u;
		}
	}
	*rem = (uint32_t)r;
	return n;
}

uint64_t scmia_perf_level_to_hz(const struct scmia_perf_dom_attrs *a, uint32_t level)
{
	uint64_t q;
	uint32_t sl, r;

	if (!a || !a->sustained_perf_level || !level)
		return 0;
	/* Hz per level = sustained kHz * 1000 / sustained level; multiply
	 * before dividing, in 64 bits, so nothing is truncated. */
	sl = a->sustained_perf_level;
	/* hz * level / sl exactly: (q * sl + r) * level / sl with q, r the
	 * quotient and remainder of hz / sl; r * level stays below 2^64
	 * (r < sl < 2^32), and q * level overflows only when the result
	 * itself does. */
	q = div64_32((uint64_t)a->sustained_freq_khz * 1000u, sl, &r);
	return q * level + div64_32((uint64_t)r * level, sl, &r);
}

/* ---- PERFORMANCE_DESCRIBE_LEVELS through the shared iterator ---- */

struct levels_ctx {
	struct scmia_perf_level *levels;
	uint32_t esz;
};

static int levels_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct levels_ctx *lc = (struct levels_ctx *)ctx;
	struct scmia_perf_level *l = &lc->levels[index];

	if (avail < lc->esz)
		return SCMIA_ETOOSHORT;
	l->perf_level = scmia__pr_rd32(p);
	l->power_cost = scmia__pr_rd32(p + 4);
	l->latency_us = (uint16_t)scmia__pr_rd32(p + 8);
	l->indicative_freq_khz = 0;
	l->level_index = index;
	if (lc->esz == PERF_LEVEL_LEN_V4) {
		l->indicative_freq_khz = scmia__pr_rd32(p + 12);
		l->level_index = scmia__pr_rd32(p + 16);
	}
	return (int)lc->esz;
}

/* in: domain_id, level_index (first level wanted); out: num_levels
 * (returned 11:0, remaining 31:16), levels[] of 12 bytes (20 from v4). */
static const struct scmia_proto_iter_ops levels_ops = {
	.decode_entry = levels_entry,
	.page = SCMIA_PROTO_PAGE(1, 12, 16, PERF_LEVEL_LEN_V1, 0),
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
	lc.esz = PH_MAJOR(ph) >= 4u ? PERF_LEVEL_LEN_V4 : PERF_LEVEL_LEN_V1;
	scmia_proto_iter_init(&it, SCMIA_PERF_DESCRIBE_LEVELS, &levels_ops, &lc, cap);
	it.id = domain;
	ret = scmia_proto_iter_run(ph, &it);
	if (n)
		*n = it.count;
	return ret;
}

/* ---- limits and levels by message ---- */

int scmia_perf_limits_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t range_max,
			  uint32_t range_min)
{
	uint32_t a[3];

	/* in: domain_id, range_max, range_min. */
	a[0] = domain;
	a[1] = range_max;
	a[2] = range_min;
	return scmia__pr_pcall(ph, PM(SCMIA_PERF_LIMITS_SET, 3, 0, 0, 0, 0, 1), a, NULL);
}

int scmia_perf_limits_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *range_max,
			  uint32_t *range_min)
{
	if (!range_min)
		return SCMIA_EINVAL;
	/* in: domain_id; out: range_max, range_min. */
	return scmia__pr_get(ph, PM(SCMIA_PERF_LIMITS_GET, 1, 0, 2, 2, 0, 1), &domain, range_max,
			  range_min);
}

int scmia_perf_level_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t level)
{
	uint32_t a[2];

	/* in: domain_id, performance_level. */
	a[0] = domain;
	a[1] = level;
	return scmia__pr_pcall(ph, PM(SCMIA_PERF_LEVEL_SET, 2, 0, 0, 0, 0, 1), a, NULL);
}

int scmia_perf_level_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *level)
{
	/* in: domain_id; out: performance_level. */
	return scmia__pr_get(ph, PM(SCMIA_PERF_LEVEL_GET, 1, 0, 1, 1, 0, 1), &domain, level, NULL);
}

#if SCMIA_CFG_NOTIFY
int scmia_perf_notify_limits(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	return scmia__proto_notify(ph, 0u, SCMIA_PERF_NOTIFY_LIMITS, domain, enable);
}

int scmia_perf_notify_level(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	return scmia__proto_notify(ph, 0u, SCMIA_PERF_NOTIFY_LEVEL, domain, enable);
}
#endif

/* ---- fastchannels ---- */

#if SCMIA_CFG_PROTO_FASTCHANNEL
static int fc_msg_ok(uint8_t msg_id)
{
	/* LIMITS_SET 5, LIMITS_GET 6, LEVEL_SET 7, LEVEL_GET 8. */
	return msg_id >= SCMIA_PERF_LIMITS_SET && msg_id <= SCMIA_PERF_LEVEL_GET;
}

int scmia_perf_describe_fastchannel(struct scmia_proto_handle *ph, uint32_t domain,
				    uint8_t msg_id, struct scmia_perf_fc_info *info)
{
	struct scmia_perf_dom_attrs da;
	int ret;

	if (!info || !fc_msg_ok(msg_id))
		return SCMIA_EINVAL;
	memset(info, 0, sizeof(*info));
	/* 1. The domain must support fastchannels at all. */
	ret = scmia_perf_domain_attributes(ph, domain, 0, &da);
	if (ret)
		return ret;
	if (!(da.attributes & SCMIA_PERF_ATTR_FASTCHANNEL))
		return SCMIA_ENOTSUP;
	/* 2. and 3.: the message declared (a quirk may force LEVEL_GET for
	 * firmware known to omit the bit), then its description. */
	return scmia__pr_fc_describe(ph, domain, msg_id, SCMIA_PERF_DESCRIBE_FASTCHANNEL,
				  msg_id == SCMIA_PERF_LEVEL_GET ?
					  SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE : 0u,
				  info);
}

/* The *_SET messages (LIMITS_SET 5, LEVEL_SET 7) are the odd ones. */
#define FC_IS_SET(msg_id) ((msg_id)&1u)

int scmia_perf_fc_bind(struct scmia_perf_fc *fc, const struct scmia_perf_fc_info *info,
		       volatile void *chan, volatile void *db)
{
	if (!fc || !info || !chan || !fc_msg_ok(info->msg_id) || ((uintptr_t)chan & 3u))
		return SCMIA_EINVAL;
	memset(fc, 0, sizeof(*fc));
	/* Limits take two words, a level one. */
	if (info->chan_size < (info->msg_id <= SCMIA_PERF_LIMITS_GET ? 8u : 4u))
		return SCMIA_EMALFORMED;
	if (FC_IS_SET(info->msg_id) && info->db_width) {
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

/* Ring the doorbell: read-modify-write keeping the preserve bits and
 * setting the set bits, at the register's width. */
static void fc_ring(struct scmia_perf_fc *fc)
{
	/* The values must reach the fastchannel before the platform looks. */
	atomic_thread_fence(memory_order_seq_cst);
	if (fc->db_width == 8) {
		volatile uint64_t *r = (volatile uint64_t *)fc->db;

		*r = (*r & fc->db_preserve) | fc->db_set;
	} else if (fc->db_width == 4) {
		volatile uint32_t *r = (volatile uint32_t *)fc->db;

		*r = (uint32_t)((*r & (uint32_t)fc->db_preserve) | (uint32_t)fc->db_set);
	} else if (fc->db_width == 2) {
		volatile uint16_t *r = (volatile uint16_t *)fc->db;

		*r = (uint16_t)((*r & (uint16_t)fc->db_preserve) | (uint16_t)fc->db_set);
	} else {
		/* 1: the only other width a description can give. */
		volatile uint8_t *r = (volatile uint8_t *)fc->db;

		*r = (uint8_t)((*r & (uint8_t)fc->db_preserve) | (uint8_t)fc->db_set);
	}
}

/*
 * Move @p n words between @p v and a fastchannel described for @p msg_id
 * (never another message). Fastchannel memory is little-endian like every
 * SCMI field: single aligned 32-bit volatile accesses through a byte-order
 * conversion; a *_SET then rings the doorbell.
 */
static int fc_io(struct scmia_perf_fc *fc, uint8_t msg_id, uint32_t *v, unsigned n)
{
	unsigned i;

	if (!fc || !fc->bound)
		return SCMIA_EINVAL;
	if (fc->msg_id != msg_id)
		return SCMIA_ENOTSUP;
	for (i = 0; i < n; i++) {
		if (FC_IS_SET(msg_id))
			fc->chan[i] = scmia__pr_le32(v[i]);
		else
			v[i] = scmia__pr_le32(fc->chan[i]);
	}
	if (FC_IS_SET(msg_id) && fc->db)
		fc_ring(fc);
	return SCMIA_OK;
}

int scmia_perf_fc_level_set(struct scmia_perf_fc *fc, uint32_t level)
{
	return fc_io(fc, SCMIA_PERF_LEVEL_SET, &level, 1);
}

int scmia_perf_fc_level_get(struct scmia_perf_fc *fc, uint32_t *level)
{
	uint32_t v;
	int ret = fc_io(fc, SCMIA_PERF_LEVEL_GET, &v, 1);

	if (!ret && !level)
		ret = SCMIA_EINVAL;
	if (!ret)
		*level = v;
	return ret;
}

int scmia_perf_fc_limits_set(struct scmia_perf_fc *fc, uint32_t range_max, uint32_t range_min)
{
	uint32_t v[2];

	/* range_max at offset 0, range_min at 4. */
	v[0] = range_max;
	v[1] = range_min;
	return fc_io(fc, SCMIA_PERF_LIMITS_SET, v, 2);
}

int scmia_perf_fc_limits_get(struct scmia_perf_fc *fc, uint32_t *range_max, uint32_t *range_min)
{
	uint32_t v[2];
	int ret = fc_io(fc, SCMIA_PERF_LIMITS_GET, v, 2);

	if (!ret && (!range_max || !range_min))
		ret = SCMIA_EINVAL;
	if (!ret) {
		*range_max = v[0];
		*range_min = v[1];
	}
	return ret;
}

#endif /* SCMIA_CFG_PROTO_FASTCHANNEL */

/* ---- notifications ---- */

#if SCMIA_CFG_NOTIFY
int scmia_perf_limits_changed_decode(const struct scmia_notification *n,
				     struct scmia_perf_limits_changed *out)
{
	/* agent_id, domain_id, range_max, range_min. */
	return scmia__pr_evt(NULL, n, SCMIA_PROTO_PERF, SCMIA_PERF_LIMITS_CHANGED, out, sizeof(*out),
			  4, 4);
}

int scmia_perf_level_changed_decode(const struct scmia_notification *n,
				    struct scmia_perf_level_changed *out)
{
	/* agent_id, domain_id, performance_level. */
	return scmia__pr_evt(NULL, n, SCMIA_PROTO_PERF, SCMIA_PERF_LEVEL_CHANGED, out, sizeof(*out),
			  3, 3);
}
#endif /* SCMIA_CFG_NOTIFY */

#endif /* SCMIA_CFG_PROTO_PERF */

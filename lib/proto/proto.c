/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Protocol infrastructure: the registry, version agreement, quirks, the
 * command engine every helper goes through (scmia__pr_pcall), the paged-reply
 * iterator, the shared shapes (names, notify enables, "describe every
 * domain", notifications, value lists) and the notification source-id rule
 * of every standard protocol.
 *
 * Everything the platform sends is untrusted: each reply length is checked
 * against what the agreed version's layout needs before a byte is read,
 * and nothing past a reply's length is ever read (absent trailing words are
 * a fill in the caller's buffer, not reply bytes).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/proto.h"
#include "proto_internal.h"

/* ------------------------------------------------------------------ */
/* Registry                                                            */
/* ------------------------------------------------------------------ */

int scmia_proto_set_init(struct scmia_proto_set *set, struct scmia_agent *agent,
			 struct scmia_proto_handle *handles, unsigned n_handles)
{
	if (!set || !agent || !handles || !n_handles)
		return SCMIA_EINVAL;
	memset(set, 0, sizeof(*set));
	memset(handles, 0, sizeof(*handles) * n_handles);
	set->agent = agent;
	set->handles = handles;
	set->cap = n_handles;
	return SCMIA_OK;
}

struct scmia_proto_handle *scmia_proto_find(struct scmia_proto_set *set, uint8_t proto_id)
{
	unsigned i;

	for (i = 0; set && i < set->count; i++)
		if (set->handles[i].id == proto_id)
			return &set->handles[i];
	return NULL;
}

struct scmia_proto_handle *scmia_proto_get(struct scmia_proto_set *set, uint8_t proto_id)
{
	struct scmia_proto_handle *ph = scmia_proto_find(set, proto_id);

	return ph && ph->state == SCMIA_PROTO_S_READY ? ph : NULL;
}

int scmia_proto_register(struct scmia_proto_set *set, const struct scmia_proto_desc *desc,
			 void *priv, struct scmia_proto_handle **out)
{
	struct scmia_proto_handle *ph;

	if (out)
		*out = NULL;
	if (!set || !desc || desc->id < SCMIA_PROTO_BASE)
		return SCMIA_EINVAL;
	if (scmia_proto_find(set, desc->id))
		return SCMIA_ESTATE;
	if (set->count >= set->cap)
		return SCMIA_ENOSPC;
	/* set_init cleared the array: the handle is zero (REGISTERED). */
	ph = &set->handles[set->count++];
	ph->agent = set->agent;
	ph->set = set;
	ph->desc = desc;
	ph->priv = priv;
	ph->id = desc->id;
	if (out)
		*out = ph;
	return SCMIA_OK;
}

int scmia_proto_offered(const struct scmia_proto_set *set, uint8_t proto_id)
{
	if (!set)
		return 0;
	if (proto_id == SCMIA_PROTO_BASE)
		return 1;
	return set->listed && ((set->offered[proto_id >> 5] >> (proto_id & 31u)) & 1u);
}

void scmia_proto_set_offered(struct scmia_proto_set *set, uint8_t proto_id)
{
	if (!set)
		return;
	set->offered[proto_id >> 5] |= 1u << (proto_id & 31u);
	set->listed = 1;
}

/* ------------------------------------------------------------------ */
/* Counters                                                            */
/* ------------------------------------------------------------------ */

void scmia__pr_count(const struct scmia_proto_handle *ph, unsigned cnt)
{
#if SCMIA_CFG_PROTO_COUNTERS
	if (ph->set)
		ph->set->cnt[cnt]++;
#else
	(void)ph;
	(void)cnt;
#endif
}

int scmia__pr_quirk(const struct scmia_proto_handle *ph, uint32_t bit)
{
#if SCMIA_CFG_PROTO_QUIRKS
	unsigned i = 0;

	if (!(ph->quirks & bit))
		return 0;
#if SCMIA_CFG_PROTO_COUNTERS
	while (!((bit >> i) & 1u))
		i++;
	if (ph->set)
		ph->set->quirk_hits[i]++;
#else
	(void)i;
#endif
	return 1;
#else
	(void)ph;
	(void)bit;
	return 0;
#endif
}

/* ------------------------------------------------------------------ */
/* Quirks                                                              */
/* ------------------------------------------------------------------ */

#if SCMIA_CFG_PROTO_QUIRKS
/*
 * Built-in quirks. Each entry names firmware known to break the
 * specification, and docs/protocols.md says where it was reported.
 *
 * perf-level-get-fc-force: Qualcomm's SCMI firmware on X1E laptops
 * (vendor "Qualcomm", implementation version 0x20000 and later) serves
 * PERFORMANCE_LEVEL_GET through a fastchannel but does not set bit 0 of
 * its PROTOCOL_MESSAGE_ATTRIBUTES; without the quirk every cpufreq read is
 * a full message round trip. Linux carries the same workaround.
 *
 * The other quirk bits have no built-in entry: no firmware identity is
 * known to us for them. A caller whose firmware needs one adds an entry
 * with scmia_proto_set_quirks().
 */
static const struct scmia_proto_quirk builtin_quirks[] = {
	{
		.vendor = "Qualcomm",
		.impl_min = 0x20000u,
		.impl_max = 0xffffffffu,
		.proto_id = SCMIA_PROTO_PERF,
		.quirks = SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE,
		.name = "perf-level-get-fc-force",
	},
};

const struct scmia_proto_quirk *scmia_proto_quirks_builtin(unsigned *n)
{
	if (n)
		*n = (unsigned)(sizeof(builtin_quirks) / sizeof(builtin_quirks[0]));
	return builtin_quirks;
}

int scmia_proto_set_quirks(struct scmia_proto_set *set, const struct scmia_proto_quirk *table,
			   unsigned n)
{
	if (!set || (n && !table))
		return SCMIA_EINVAL;
	set->quirks = table;
	set->n_quirks = n;
	return SCMIA_OK;
}

static int str_match(const char *want, const char *have)
{
	return !want || strncmp(want, have, SCMIA_PROTO_NAME_LEN) == 0;
}

/* Bits of the matching entries of one table; *matches counts them. */
static uint32_t quirk_scan(const struct scmia_proto_quirk *q, unsigned n,
			   const struct scmia_proto_ident *id, uint8_t proto_id, uint32_t version,
			   uint32_t *fix, unsigned *matches)
{
	uint32_t bits = 0;

	for (; q && id->valid && n; n--, q++) {
		if (q->proto_id != proto_id || !str_match(q->vendor, id->vendor) ||
		    !str_match(q->sub_vendor, id->sub_vendor) || id->impl_version < q->impl_min ||
		    id->impl_version > q->impl_max ||
		    (q->ver_max && (version < q->ver_min || version > q->ver_max)))
			continue;
		bits |= q->quirks;
		if (q->version_fix && fix)
			*fix = q->version_fix;
		(*matches)++;
	}
	return bits;
}

uint32_t scmia_proto_quirk_match(const struct scmia_proto_quirk *table, unsigned n,
				 const struct scmia_proto_ident *ident, uint8_t proto_id,
				 uint32_t version, uint32_t *version_fix)
{
	unsigned m = 0;

	if (!ident)
		return 0;
	return quirk_scan(table, n, ident, proto_id, version, version_fix, &m);
}

/* Quirk bits and version fix of one handle: built-in table, then the
 * descriptor's, then the caller's (a later version fix wins). */
static uint32_t quirks_for(struct scmia_proto_handle *ph, uint32_t version, uint32_t *fix,
			   unsigned *matches)
{
	const struct scmia_proto_set *set = ph->set;
	const struct scmia_proto_ident *id = &set->ident;
	uint32_t bits;

	bits = quirk_scan(builtin_quirks, sizeof(builtin_quirks) / sizeof(builtin_quirks[0]), id,
			  ph->id, version, fix, matches);
	bits |= quirk_scan(ph->desc->quirks, ph->desc->n_quirks, id, ph->id, version, fix,
			   matches);
	return bits | quirk_scan(set->quirks, set->n_quirks, id, ph->id, version, fix, matches);
}

unsigned scmia__pr_quirks_matches(struct scmia_proto_handle *ph)
{
	unsigned m = 0;

	(void)quirks_for(ph, ph->platform_version, NULL, &m);
	return m;
}

int scmia_proto_quirks_apply(struct scmia_proto_set *set)
{
	unsigned i, matches = 0;

	if (!set)
		return SCMIA_EINVAL;
	for (i = 0; i < set->count; i++) {
		struct scmia_proto_handle *ph = &set->handles[i];

		ph->quirks = quirks_for(ph, ph->platform_version, NULL, &matches);
	}
	return (int)matches;
}
#endif /* SCMIA_CFG_PROTO_QUIRKS */

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

int scmia__pr_async_ok(const struct scmia_proto_handle *ph)
{
#if SCMIA_CFG_ASYNC
	/* No p2a channel: the delayed response could never come. */
	if (scmia_chan_has_p2a(scmia_agent_chan(ph->agent, ph->id)))
		return SCMIA_OK;
	scmia__pr_count(ph, SCMIA_PROTO_CNT_FAIL_FAST);
#else
	(void)ph;
#endif
	return SCMIA_ENOTSUP;
}


/* Little-endian host: parameter words are already in wire order. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PROTO_HOST_LE 1
#else
#define PROTO_HOST_LE 0
#endif

int scmia__pr_xcall(struct scmia_proto_handle *ph, uint32_t spec, const void *tx, uint32_t tx_len,
		 unsigned xf, struct scmia_xfer **xp)
{
	uint32_t idp = (spec >> 29) & 3u;
	struct scmia_xfer *x;
	int ret;

	if (!ph || !ph->agent)
		return SCMIA_EINVAL;
	ret = scmia_proto_ready(ph);
	if (!ret && PH_MAJOR(ph) < ((spec >> 11) & 7u))
		ret = SCMIA_ENOTSUP;
	if (!ret && (xf & SCMIA_XFER_F_ASYNC))
		ret = scmia__pr_async_ok(ph);
	/* The layout's reply size (0: the slot's): a channel whose messages
	 * cannot hold it is refused by the core (SCMIA_EINVAL). */
	if (!ret)
		ret = scmia_xfer_get(ph->agent, ph->id, (uint8_t)spec, tx_len,
				     ((spec >> 20) & 0x3fu) * 4u, &x);
	if (ret)
		return ret;
	if (tx_len)
		memcpy(x->tx_buf, tx, tx_len);
	ret = scmia_xfer_do(x, xf | ph->xfer_flags);
	/* TF-A answers INVALID_PARAMETERS for an id past the count, where
	 * the specification says NOT_FOUND. */
	if (ret == SCMIA_E_SCMI_INVALID_PARAMETERS && idp &&
	    scmia__pr_rd32((const uint8_t *)tx + 4u * (idp - 1u)) >= PH_COUNT(ph)) {
		scmia__pr_count(ph, SCMIA_PROTO_CNT_NOT_FOUND);
		ret = SCMIA_E_SCMI_NOT_FOUND;
	}
	if (ret)
		(void)scmia_xfer_put(x);
	else
		*xp = x;
	return ret;
}

/* Run @p spec (as scmia__pr_xcall()), copy up to @p cap reply bytes to
 * @p rx, their count to *got, and release the transfer. Out of line: the
 * two callers share it (their only difference is the length check). */
static __attribute__((noinline)) int run_copy(struct scmia_proto_handle *ph, uint32_t spec,
					      const void *tx, uint32_t tx_len, unsigned xf,
					      void *rx, uint32_t cap, uint32_t *got)
{
	struct scmia_xfer *x;
	int ret = scmia__pr_xcall(ph, spec, tx, tx_len, xf, &x);

	if (ret)
		return ret;
	*got = x->rx_len < cap ? x->rx_len : cap;
	if (*got)
		memcpy(rx, x->rx_buf, *got);
	(void)scmia_xfer_put(x);
	return SCMIA_OK;
}

int scmia__pr_pcall(struct scmia_proto_handle *ph, uint32_t spec, const uint32_t *args, void *rx)
{
	uint32_t got, ntx = (spec >> 8) & 7u, cap = ((spec >> 20) & 0x3fu) * 4u, t;
	int ret;
#if PROTO_HOST_LE
	const uint32_t *tx = args;
#else
	uint32_t tx[PM_TX_MAX];

	for (t = 0; t < ntx; t++)
		tx[t] = scmia__pr_le32(args[t]);
#endif

	ret = run_copy(ph, spec, tx, ntx * 4u, spec & PM_ASYNC ? SCMIA_XFER_F_ASYNC : 0u, rx, cap,
		       &got);
	if (ret)
		return ret;
	if (got < cap) {
		if (got < ((spec >> 14) & 0x3fu) * 4u || (got & 3u))
			return SCMIA_ETOOSHORT;
		/* Whole trailing words the reply lacks read as 0xffffffff
		 * ("absent"); when a later version than the message's added
		 * them to the agreed layout, count it. */
		memset((uint8_t *)rx + got, 0xff, cap - got);
		t = (spec >> 26) & 7u;
		if (t && PH_MAJOR(ph) >= t)
			scmia__pr_count(ph, SCMIA_PROTO_CNT_ABSENT);
	}
	return (int)got;
}

int scmia_proto_cmd(struct scmia_proto_handle *ph, uint8_t msg_id, const void *tx,
		    uint32_t tx_len, void *rx, uint32_t rx_min, uint32_t rx_cap,
		    uint32_t *rx_len, unsigned flags)
{
	uint32_t got;
	int ret = SCMIA_EINVAL;

	if (rx_len)
		*rx_len = 0;
	if (rx_min <= rx_cap && (!rx_cap || rx) && (!tx_len || tx))
		ret = run_copy(ph, msg_id, tx, tx_len, flags, rx, rx_cap, &got);
	if (ret)
		return ret;
	if (got < rx_min)
		return SCMIA_ETOOSHORT;
	if (rx_len)
		*rx_len = got;
	return SCMIA_OK;
}

int scmia__pr_get(struct scmia_proto_handle *ph, uint32_t spec, const uint32_t *args, uint32_t *out,
	       uint32_t *out2)
{
	uint32_t rx[2];
	int ret;

	if (!out)
		return SCMIA_EINVAL;
	ret = scmia__pr_pcall(ph, spec, args, rx);
	if (ret < 0)
		return ret;
	*out = scmia__pr_le32(rx[0]);
	if (out2)
		*out2 = scmia__pr_le32(rx[1]);
	return SCMIA_OK;
}

int scmia_proto_version_get(struct scmia_proto_handle *ph, uint32_t *version)
{
	/* PROTOCOL_VERSION (DEN0056 §4.2.2.1 and each protocol): out: version. */
	return scmia__pr_get(ph, PM(SCMIA_MSG_PROTOCOL_VERSION, 0, 0, 1, 1, 0, 0), NULL, version, NULL);
}

int scmia_proto_attributes_get(struct scmia_proto_handle *ph, void *buf, uint32_t cap,
			       uint32_t *len)
{
	if (!buf || cap < 4)
		return SCMIA_EINVAL;
	return scmia_proto_cmd(ph, SCMIA_MSG_PROTOCOL_ATTRIBUTES, NULL, 0, buf, 4, cap, len, 0);
}

int scmia_proto_msg_attributes(struct scmia_proto_handle *ph, uint8_t msg_id,
			       uint32_t *attributes)
{
	uint32_t m = msg_id, a;
	int ret;

	/* PROTOCOL_MESSAGE_ATTRIBUTES: in: message_id; out: attributes.
	 * NOT_FOUND means the message is not implemented. */
	ret = scmia__pr_get(ph, PM(SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 1, 0, 1, 1, 0, 0), &m, &a,
			 NULL);
	if (!ret && attributes)
		*attributes = a;
	return ret;
}

int scmia_proto_negotiate_version(struct scmia_proto_handle *ph, uint32_t version)
{
	/* NEGOTIATE_PROTOCOL_VERSION: in: version; out: status only. */
	return scmia__pr_pcall(ph, PM(SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION, 1, 0, 0, 0, 0, 0),
			    &version, NULL);
}

void scmia_proto_name_copy(char *dst, size_t cap, const uint8_t *src, size_t src_len)
{
	size_t i;

	if (!dst || !cap)
		return;
	for (i = 0; i + 1 < cap && i < src_len && src[i]; i++)
		dst[i] = (char)src[i];
	dst[i] = '\0';
}

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_proto_ext_name_get(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			     char *name, size_t cap)
{
	return scmia__proto_name_get(ph, 0, msg_id, id, name, cap);
}
#endif

int scmia__proto_name_get(struct scmia_proto_handle *ph, uint32_t min_major, uint8_t msg_id,
			  uint32_t id, char *name, size_t cap)
{
	uint8_t rx[4 + SCMIA_PROTO_EXT_NAME_LEN];
	int ret;

	if (!ph || !name || !cap)
		return SCMIA_EINVAL;
	name[0] = '\0';
#if SCMIA_CFG_PROTO_EXT_NAMES
	/* *_NAME_GET (v3 Power/Perf/Clock/Sensor/Reset, v2 Voltage, ...):
	 * in: id; out: flags (reserved), name[64] NUL-terminated. */
	ret = scmia__pr_pcall(ph, PM(msg_id, 1, min_major, 17, 17, 0, 0), &id, rx);
	if (ret < 0)
		return ret;
	scmia_proto_name_copy(name, cap, rx + 4, SCMIA_PROTO_EXT_NAME_LEN);
	return SCMIA_OK;
#else
	(void)min_major;
	(void)msg_id;
	(void)id;
	(void)rx;
	(void)ret;
	return SCMIA_ENOTSUP;
#endif
}

int scmia__pr_dom_attrs(struct scmia_proto_handle *ph, const struct scmia__pr_dom *d, uint32_t id,
		     int ext_name, void *out, uint8_t *rx)
{
	uint32_t *attr = (uint32_t *)out;
	char *name;
	int len, ret;

	if (!out)
		return SCMIA_EINVAL;
	memset(out, 0, d->size);
	len = scmia__pr_pcall(ph, d->spec, &id, rx);
	if (len < 0)
		return len;
	*attr = scmia__pr_rd32(rx);
	/* The bit was reserved before the extended name existed. */
	if (PH_MAJOR(ph) < d->name_major)
		*attr &= ~d->ext_bit;
	name = (char *)out + d->name_out;
	scmia_proto_name_copy(name, SCMIA_PROTO_EXT_NAME_LEN, rx + d->name_at, SCMIA_PROTO_NAME_LEN);
	if (!ext_name || !(*attr & d->ext_bit))
		return len;
	/* A refused extended name clears the name and is returned. */
	ret = scmia__proto_name_get(ph, d->name_major, d->name_msg, id, name,
				    SCMIA_PROTO_EXT_NAME_LEN);
	return ret ? ret : len;
}

#if SCMIA_CFG_NOTIFY
int scmia__proto_notify(struct scmia_proto_handle *ph, uint32_t min_major, uint8_t msg_id,
			uint32_t id, int enable)
{
	uint32_t a[2];

	/* *_NOTIFY: in: resource id, notify_enable (bit 0); out: status. */
	a[0] = id;
	a[1] = enable ? 1u : 0u;
	return scmia__pr_pcall(ph, PM(msg_id, 2, min_major, 0, 0, 0, 0), a, NULL);
}

int scmia_proto_notify_enable(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			      int enable)
{
	return scmia__proto_notify(ph, 0, msg_id, id, enable);
}

int scmia__pr_evt(const struct scmia_proto_handle *ph, const struct scmia_notification *n,
	       uint8_t proto_id, uint8_t msg_id, void *out, size_t out_size, uint32_t min_words,
	       uint32_t words)
{
	uint32_t *w = (uint32_t *)out, i;

	if (!n || !out || n->proto_id != proto_id || n->msg_id != msg_id)
		return SCMIA_EINVAL;
	memset(out, 0, out_size);
	if (!n->payload || n->len < 4u * min_words)
		return SCMIA_ETOOSHORT;
	for (i = 0; i < words; i++)
		w[i] = 4u * i + 4u <= n->len ?
			       scmia__pr_rd32((const uint8_t *)n->payload + 4u * i) :
			       0xffffffffu;
	if (ph && n->len < 4u * words)
		scmia__pr_count(ph, SCMIA_PROTO_CNT_ABSENT);
	return SCMIA_OK;
}
#endif /* SCMIA_CFG_NOTIFY */

int scmia__proto_describe_all(struct scmia_proto_handle *ph, void *items, size_t item_size,
			      uint32_t cap, uint32_t *n, scmia__proto_describe_fn one)
{
	uint32_t i;
	int ret;

	if (n)
		*n = 0;
	if (!ph || (cap && !items))
		return SCMIA_EINVAL;
	/* The count comes from PROTOCOL_ATTRIBUTES: attach a lazy handle. */
	ret = scmia_proto_ready(ph);
	for (i = 0; !ret && i < cap && i < PH_COUNT(ph); i++) {
		ret = one(ph, i, (uint8_t *)items + (size_t)i * item_size);
		/* A domain owned by another agent (DENIED) or absent
		 * (NOT_FOUND) does not stop the others. */
		if (scmia_err_is_scmi(ret))
			ret = SCMIA_OK;
		if (!ret && n)
			*n = i + 1;
	}
	return ret ? ret : (PH_COUNT(ph) > cap ? SCMIA_ENOSPC : SCMIA_OK);
}

int8_t scmia__pr_sext5(uint32_t v)
{
	return (int8_t)((int32_t)(v << 27) >> 27);
}

/* ------------------------------------------------------------------ */
/* Attach: version agreement                                           */
/* ------------------------------------------------------------------ */

/* Largest PROTOCOL_ATTRIBUTES reply kept for the init hook. */
#define PROTO_ATTRS_MAX 64u

/*
 * Agree on a version. Older or equal platform: its version. Newer
 * platform: ours, after NEGOTIATE_PROTOCOL_VERSION when the platform
 * implements it. Only a local failure (timeout, transport) of the probe
 * fails the attach; an SCMI status means "cannot negotiate".
 */
static int agree_version(struct scmia_proto_handle *ph, uint32_t platform)
{
	uint32_t ours = ph->desc->version;
	int ret = SCMIA_OK;

	ph->version = platform;
	if (platform <= ours)
		return SCMIA_OK;
	ph->hflags |= SCMIA_PROTO_HF_PLATFORM_NEWER;
	ph->version = ours;
	scmia__pr_count(ph, SCMIA_PROTO_CNT_DOWNGRADED);
#if SCMIA_CFG_PROTO_NEGOTIATE
	if (!scmia__pr_quirk(ph, SCMIA_QUIRK_NO_NEGOTIATE)) {
		ret = scmia_proto_msg_attributes(ph, SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION, NULL);
		if (!ret)
			ret = scmia_proto_negotiate_version(ph, ours);
		if (!ret) {
			ph->hflags |= SCMIA_PROTO_HF_NEGOTIATED;
			return SCMIA_OK;
		}
		if (scmia_err_is_scmi(ret) || ret == SCMIA_ETOOSHORT)
			ret = SCMIA_OK;
	}
#endif
	ph->hflags |= SCMIA_PROTO_HF_NOT_NEGOTIATED;
	return ret;
}

int scmia_proto_attach(struct scmia_proto_handle *ph)
{
	uint8_t attrs[PROTO_ATTRS_MAX];
	uint32_t version = 0, len = 0, min;
	int ret;

	if (!ph || !ph->desc || !ph->set)
		return SCMIA_EINVAL;
	/* Its own commands must not attach it again (lazy registries). */
	ph->state = SCMIA_PROTO_S_ATTACHING;
	ph->hflags = 0;
	/* platform_version, version, attributes, quirks */
	memset(&ph->platform_version, 0, 4u * sizeof(uint32_t));
	ret = scmia_proto_version_get(ph, &version);
#if SCMIA_CFG_PROTO_QUIRKS
	{
		uint32_t fix = 0;
		unsigned m = 0;

		/* Known even when the protocol answers nothing: entries
		 * without a version range match on the identity alone. */
		ph->quirks = quirks_for(ph, version, &fix, &m);
		if (fix && !ret) {
			version = fix;
			ph->hflags |= SCMIA_PROTO_HF_VERSION_QUIRK;
		}
	}
#endif
	/* Version 0.0 does not exist: every protocol starts at 1.0. */
	if (!ret && !SCMIA_PROTO_VERSION_MAJOR(version))
		ret = SCMIA_EMALFORMED;
	if (!ret) {
		ph->platform_version = version;
		ret = agree_version(ph, version);
	}
	/* At least the attributes word; a descriptor asking for more than
	 * PROTO_ATTRS_MAX is refused (SCMIA_EINVAL). */
	min = ph->desc->attrs_min_len < 4u ? 4u : ph->desc->attrs_min_len;
	if (!ret)
		ret = scmia_proto_cmd(ph, SCMIA_MSG_PROTOCOL_ATTRIBUTES, NULL, 0, attrs, min,
				      sizeof(attrs), &len, 0);
	if (!ret) {
		ph->attributes = scmia__pr_rd32(attrs);
		if (ph->desc->init)
			ret = ph->desc->init(ph, attrs, len);
	}
	ph->err = ret;
	ph->state = ret ? SCMIA_PROTO_S_FAILED : SCMIA_PROTO_S_READY;
	return ret;
}

#if SCMIA_CFG_PROTO_LAZY
int scmia_proto_set_lazy(struct scmia_proto_set *set, int lazy)
{
	if (!set)
		return SCMIA_EINVAL;
	set->lazy = lazy ? scmia_proto_attach : NULL;
	return SCMIA_OK;
}
#endif

int scmia_proto_ready(struct scmia_proto_handle *ph)
{
	if (!ph)
		return SCMIA_EINVAL;
#if SCMIA_CFG_PROTO_LAZY
	/* Through the registry's pointer: an image that never asks for lazy
	 * attach does not link the attach with every command. */
	if (ph->set && ph->set->lazy && ph->state != SCMIA_PROTO_S_READY &&
	    ph->state != SCMIA_PROTO_S_ATTACHING) {
		if (ph->state != SCMIA_PROTO_S_REGISTERED)
			return ph->state == SCMIA_PROTO_S_ABSENT ? SCMIA_ENOENT : ph->err;
		scmia__pr_count(ph, SCMIA_PROTO_CNT_LAZY_ATTACH);
		return ph->set->lazy(ph);
	}
#endif
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* Paged replies                                                       */
/* ------------------------------------------------------------------ */

void scmia_proto_iter_init(struct scmia_proto_iter *it, uint8_t msg_id,
			   const struct scmia_proto_iter_ops *ops, void *ctx,
			   uint32_t max_entries)
{
	if (!it)
		return;
	memset(it, 0, sizeof(*it));
	it->msg_id = msg_id;
	it->ops = ops;
	it->ctx = ctx;
	it->max_entries = max_entries;
}

/* The generic page header (scmia_proto_iter_ops::page). */
static int page_header(struct scmia_proto_iter *it, const uint8_t *rx, uint32_t len,
		       struct scmia_proto_iter_page *pg)
{
	uint32_t page = it->ops->page, w, esz = (page >> 11) & 0xffu;

	if (len < 4)
		return SCMIA_ETOOSHORT;
	w = scmia__pr_rd32(rx);
	pg->returned = w & ((1u << ((page >> 1) & 0x1fu)) - 1u);
	pg->remaining = w >> ((page >> 6) & 0x1fu);
	pg->hdr_len = 4;
	if (page & (SCMIA_PROTO_PAGE_F_TRIPLET << 19)) {
		w = (w >> 12) & 1u;
		/* The format may not change between pages. One page, one
		 * triplet (min, max, step), nothing remaining. Firmware that
		 * counts the triplet as one entry while sending all three
		 * values is accepted (Linux: clock_rates_triplet_out_of_spec). */
		if ((it->pages && w != it->range) ||
		    (w && (it->pages || pg->remaining ||
			   (pg->returned != 3u && len < 4u + 3u * esz))))
			return SCMIA_EMALFORMED;
		it->range = (uint8_t)w;
		if (w)
			pg->returned = 3;
	}
	/* Every announced entry must be in the page after the header (in
	 * whole words when packed): compared by a division, so that the
	 * count times the entry size cannot wrap. */
	len -= 4u;
	if (page & (SCMIA_PROTO_PAGE_F_PACKED << 19))
		len &= ~3u;
	return esz && pg->returned > len / esz ? SCMIA_ETOOSHORT : SCMIA_OK;
}

/* Decode one page of (rx, len) at entry @p index. Sets *more when the
 * platform has entries after this page. */
static int iter_page(struct scmia_proto_handle *ph, struct scmia_proto_iter *it, uint32_t index,
		     const uint8_t *rx, uint32_t len, int *more)
{
	const struct scmia_proto_iter_ops *ops = it->ops;
	struct scmia_proto_iter_page pg = { 0, 0, 0, 0 };
	uint32_t n, off;
	int ret;

	ret = ops->decode_header ? ops->decode_header(it->ctx, index, rx, len, &pg) :
				   page_header(it, rx, len, &pg);
	if (ret)
		return ret;
	if (pg.hdr_len > len || pg.min_len > len)
		return SCMIA_ETOOSHORT;
	/* Nothing returned, nothing remaining: the list ends here, wherever
	 * that is. After a first page it ends before what was announced
	 * (a platform asked past its end answering SUCCESS, empty). */
	if (!pg.returned && !pg.remaining) {
		if (it->pages++)
			scmia__pr_count(ph, SCMIA_PROTO_CNT_PAST_END);
		return SCMIA_OK;
	}
	/* The total must not move between pages (a platform whose
	 * "remaining" grows could keep us paging forever), nor wrap; no
	 * progress while entries remain is malformed too: never loop. */
	n = index + pg.returned;
	if (n < index || n + pg.remaining < n || (it->pages && n + pg.remaining != it->total) ||
	    !pg.returned)
		return SCMIA_EMALFORMED;
	it->total = n + pg.remaining;
	it->pages++;
	n = it->max_entries - it->count;
	if (n > pg.returned)
		n = pg.returned;
	for (off = pg.hdr_len; n; n--) {
		if (off >= len)
			return SCMIA_ETOOSHORT;
		ret = ops->decode_entry(it->ctx, it->start + it->count, rx + off, len - off);
		if (ret < 0)
			return ret;
		if (!ret || (uint32_t)ret > len - off)
			return SCMIA_EMALFORMED;
		off += (uint32_t)ret;
		it->count++;
	}
	if (it->start + it->count < index + pg.returned || (pg.remaining && it->count >= it->max_entries))
		return SCMIA_ENOSPC;
	*more = pg.remaining != 0;
	return SCMIA_OK;
}

int scmia_proto_iter_run(struct scmia_proto_handle *ph, struct scmia_proto_iter *it)
{
	uint32_t tx[PM_TX_MAX], i, index, tx_len;
	struct scmia_xfer *x;
	int ret, more;

	if (!ph || !it || !it->ops || !it->ops->decode_entry)
		return SCMIA_EINVAL;
	it->count = 0;
	it->total = 0;
	it->pages = 0;
	it->range = 0;
	do {
		index = it->start + it->count;
		more = 0;
		if (it->count >= it->max_entries)
			return SCMIA_ENOSPC;
		i = 0;
		if (it->ops->prepare) {
			ret = it->ops->prepare(it->ctx, index, tx, sizeof(tx), &tx_len);
			if (!ret && tx_len > sizeof(tx))
				ret = SCMIA_EINVAL;
			if (ret)
				return ret;
		} else {
			/* [resource id,] index of the first entry wanted; an
			 * id past the count answered INVALID_PARAMETERS is
			 * NOT_FOUND. */
			i = it->ops->page & 1u;
			tx[0] = scmia__pr_le32(it->id);
			tx[i] = scmia__pr_le32(index);
			tx_len = 4u * i + 4u;
		}
		ret = scmia__pr_xcall(ph, PM(it->msg_id, 0, 0, 0, 0, 0, i), tx, tx_len, it->flags, &x);
		if (ret)
			return ret;
		ret = iter_page(ph, it, index, (const uint8_t *)x->rx_buf, x->rx_len, &more);
		(void)scmia_xfer_put(x);
	} while (!ret && more);
	return ret;
}

/* ---- value lists (rates, intervals, voltage levels) ---- */

static int vlist_entry(void *ctx, uint32_t index, const uint8_t *p, int wide)
{
	struct scmia__pr_vlist *vl = (struct scmia__pr_vlist *)ctx;
	uint64_t v;

	/* Entries are whole: the page length was checked up front. */
	v = wide ? scmia__pr_le64(p) : scmia__pr_rd32(p);
	if (vl->it.range)
		vl->trip[index] = v;
	else if (index >= vl->cap)
		return SCMIA_ENOSPC;
	else if (wide)
		((uint64_t *)vl->out)[index] = v;
	else
		((uint32_t *)vl->out)[index] = (uint32_t)v;
	return wide ? 8 : 4;
}

int scmia__pr_vlist_entry4(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	(void)avail;
	return vlist_entry(ctx, index, p, 0);
}

static int vlist_entry8(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	(void)avail;
	return vlist_entry(ctx, index, p, 1);
}

/* in: id, index; out: flags (remaining 31:16, bit 12 range, returned
 * 11:0), values. */
const struct scmia_proto_iter_ops scmia__pr_vlist_ops4 = {
	.decode_entry = scmia__pr_vlist_entry4,
	.page = SCMIA_PROTO_PAGE(1, 12, 16, 4, SCMIA_PROTO_PAGE_F_TRIPLET),
};

const struct scmia_proto_iter_ops scmia__pr_vlist_ops8 = {
	.decode_entry = vlist_entry8,
	.page = SCMIA_PROTO_PAGE(1, 12, 16, 8, SCMIA_PROTO_PAGE_F_TRIPLET),
};

int scmia__pr_vlist_run(struct scmia_proto_handle *ph, struct scmia__pr_vlist *vl, uint8_t msg_id,
		     uint32_t id, const struct scmia_proto_iter_ops *ops, void *out, uint32_t cap)
{
	/* Room for a triplet even when the caller has no list storage; list
	 * entries past cap are refused by the entry decoder. */
	scmia_proto_iter_init(&vl->it, msg_id, ops, vl, cap < 3u ? 3u : cap);
	vl->it.id = id;
	vl->out = out;
	vl->cap = cap;
	return scmia_proto_iter_run(ph, &vl->it);
}

/* ---- fastchannels (Performance, Power capping) ---- */

#if SCMIA_CFG_PROTO_FASTCHANNEL && (SCMIA_CFG_PROTO_PERF || SCMIA_CFG_PROTO_POWERCAP)
int scmia__pr_fc_describe(struct scmia_proto_handle *ph, uint32_t domain, uint8_t msg_id,
		       uint8_t desc_msg, uint32_t force_quirk, struct scmia_proto_fc_info *info)
{
	uint32_t mattr = 0, a[2];
	uint8_t rx[44];
	int ret;

	/* The platform must declare this very message for fastchannels
	 * (PROTOCOL_MESSAGE_ATTRIBUTES bit 0): a fast path is never used
	 * for a message it was not declared for, unless a quirk says the
	 * firmware serves it undeclared. */
	ret = scmia_proto_msg_attributes(ph, msg_id, &mattr);
	if (ret && !scmia_err_is_scmi(ret))
		return ret;
	if ((ret || !(mattr & SCMIA_MSG_ATTR_FASTCHANNEL)) && !scmia__pr_quirk(ph, force_quirk))
		return SCMIA_ENOTSUP;
	/* *_DESCRIBE_FASTCHANNEL: in domain_id, message_id; out attributes,
	 * rate_limit, chan_addr low, high, chan_size, then with a doorbell
	 * db address low, high, set mask low, high, preserve mask low, high. */
	a[0] = domain;
	a[1] = msg_id;
	ret = scmia__pr_pcall(ph, PM(desc_msg, 2, 0, 5, 11, 0, 0), a, rx);
	if (ret < 0)
		return ret;
	info->domain = domain;
	info->msg_id = msg_id;
	info->attributes = scmia__pr_rd32(rx);
	info->rate_limit_us = scmia__pr_rd32(rx + 4) & 0xfffffu;
	info->chan_addr = scmia__pr_le64(rx + 8);
	info->chan_size = scmia__pr_rd32(rx + 16);
	if (!info->chan_size)
		return SCMIA_EMALFORMED;
	if (info->attributes & 1u) {
		if (ret < 44)
			return SCMIA_ETOOSHORT;
		info->db_width = (uint8_t)(1u << ((info->attributes >> 1) & 0x3u));
		info->db_addr = scmia__pr_le64(rx + 20);
		info->db_set_mask = scmia__pr_le64(rx + 28);
		info->db_preserve_mask = scmia__pr_le64(rx + 36);
	}
	return SCMIA_OK;
}
#endif

/* ------------------------------------------------------------------ */
/* Notification source ids                                             */
/* ------------------------------------------------------------------ */

#if SCMIA_CFG_NOTIFY
uint32_t scmia_proto_notify_src(void *ctx, uint32_t hdr, const void *payload, uint32_t len)
{
	uint8_t proto_id = scmia_hdr_proto_id(hdr);
	uint32_t w = 1;

	/* BASE_ERROR_EVENT: agent_id first. SYSTEM_POWER_STATE_NOTIFIER
	 * concerns the whole system. Every other standard protocol: agent_id,
	 * then the domain / clock / sensor / ... id. */
	if (proto_id == SCMIA_PROTO_BASE)
		w = 0;
	else if (proto_id == SCMIA_PROTO_SYSTEM)
		return SCMIA_NOTIFY_SRC_ANY;
	else if (proto_id > SCMIA_PROTO_PINCTRL && ctx) {
		struct scmia_proto_handle *ph =
			scmia_proto_find((struct scmia_proto_set *)ctx, proto_id);

		if (ph && ph->desc && ph->desc->notify_src)
			return ph->desc->notify_src(ph->priv, hdr, payload, len);
	}
	if (!payload || len < 4u * (w + 1u))
		return SCMIA_NOTIFY_SRC_ANY;
	return scmia__pr_rd32((const uint8_t *)payload + 4u * w);
}
#endif

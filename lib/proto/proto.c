/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Protocol infrastructure: the registry, version agreement, quirks, the
 * shared command helpers, the paged-reply iterator and the notification
 * source-id rule of every standard protocol.
 *
 * Everything the platform sends is untrusted: each reply length is checked
 * against what the agreed version's layout needs before a byte is read.
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

int scmia_proto_set_quirks(struct scmia_proto_set *set, const struct scmia_proto_quirk *table,
			   unsigned n)
{
	if (!set || (n && !table))
		return SCMIA_EINVAL;
	set->quirks = table;
	set->n_quirks = n;
	return SCMIA_OK;
}

struct scmia_proto_handle *scmia_proto_find(struct scmia_proto_set *set, uint8_t proto_id)
{
	unsigned i;

	if (!set)
		return NULL;
	for (i = 0; i < set->count; i++)
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
	ph = &set->handles[set->count++];
	memset(ph, 0, sizeof(*ph));
	ph->agent = set->agent;
	ph->set = set;
	ph->desc = desc;
	ph->priv = priv;
	ph->id = desc->id;
	ph->state = SCMIA_PROTO_S_REGISTERED;
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
	if (!set->listed)
		return 0;
	return (set->offered[proto_id >> 5] >> (proto_id & 31u)) & 1u ? 1 : 0;
}

void scmia_proto_set_offered(struct scmia_proto_set *set, uint8_t proto_id)
{
	if (!set)
		return;
	set->offered[proto_id >> 5] |= 1u << (proto_id & 31u);
	set->listed = 1;
}

/* ------------------------------------------------------------------ */
/* Quirks                                                              */
/* ------------------------------------------------------------------ */

/*
 * Built-in quirks. Each entry names firmware that is known to break the
 * specification, and docs/protocols.md says where it was reported.
 *
 * perf-level-get-fc-force: Qualcomm's SCMI firmware on X1E laptops
 * (vendor "Qualcomm", implementation version 0x20000 and later) serves
 * PERFORMANCE_LEVEL_GET through a fastchannel but does not set bit 0 of
 * its PROTOCOL_MESSAGE_ATTRIBUTES; without the quirk every cpufreq read is
 * a full message round trip. Linux carries the same workaround.
 */
static const struct scmia_proto_quirk builtin_quirks[] = {
	{
		.vendor = "Qualcomm",
		.sub_vendor = NULL,
		.impl_min = 0x20000u,
		.impl_max = 0xffffffffu,
		.proto_id = SCMIA_PROTO_PERF,
		.quirks = SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE,
		.version_fix = 0,
		.name = "perf-level-get-fc-force",
	},
};

const struct scmia_proto_quirk *scmia_proto_quirks_builtin(unsigned *n)
{
	if (n)
		*n = (unsigned)(sizeof(builtin_quirks) / sizeof(builtin_quirks[0]));
	return builtin_quirks;
}

static int quirk_matches(const struct scmia_proto_quirk *q, const struct scmia_proto_ident *id,
			 uint8_t proto_id)
{
	if (q->proto_id != proto_id)
		return 0;
	if (q->vendor && strncmp(q->vendor, id->vendor, sizeof(id->vendor)) != 0)
		return 0;
	if (q->sub_vendor && strncmp(q->sub_vendor, id->sub_vendor, sizeof(id->sub_vendor)) != 0)
		return 0;
	return id->impl_version >= q->impl_min && id->impl_version <= q->impl_max;
}

uint32_t scmia_proto_quirk_match(const struct scmia_proto_quirk *table, unsigned n,
				 const struct scmia_proto_ident *ident, uint8_t proto_id,
				 uint32_t *version_fix)
{
	uint32_t bits = 0;
	unsigned i;

	if (!table || !ident || !ident->valid)
		return 0;
	for (i = 0; i < n; i++) {
		if (!quirk_matches(&table[i], ident, proto_id))
			continue;
		bits |= table[i].quirks;
		if (table[i].version_fix && version_fix)
			*version_fix = table[i].version_fix;
	}
	return bits;
}

/* Quirk bits and version fix of one protocol: built-in table, then the
 * descriptor's, then the caller's (a later version fix wins). */
static uint32_t quirks_for(const struct scmia_proto_set *set, const struct scmia_proto_desc *d,
			   uint8_t proto_id, uint32_t *version_fix)
{
	unsigned n;
	const struct scmia_proto_quirk *t = scmia_proto_quirks_builtin(&n);
	uint32_t bits;

	bits = scmia_proto_quirk_match(t, n, &set->ident, proto_id, version_fix);
	if (d)
		bits |= scmia_proto_quirk_match(d->quirks, d->n_quirks, &set->ident, proto_id,
						version_fix);
	bits |= scmia_proto_quirk_match(set->quirks, set->n_quirks, &set->ident, proto_id,
					version_fix);
	return bits;
}

static unsigned count_matches(const struct scmia_proto_quirk *t, unsigned n,
			      const struct scmia_proto_ident *ident, uint8_t proto_id)
{
	unsigned i, c = 0;

	if (!t || !ident->valid)
		return 0;
	for (i = 0; i < n; i++)
		c += quirk_matches(&t[i], ident, proto_id) ? 1u : 0u;
	return c;
}

int scmia_proto_quirks_apply(struct scmia_proto_set *set)
{
	unsigned i, nb, matches = 0;
	const struct scmia_proto_quirk *bt = scmia_proto_quirks_builtin(&nb);

	if (!set)
		return SCMIA_EINVAL;
	for (i = 0; i < set->count; i++) {
		struct scmia_proto_handle *ph = &set->handles[i];

		ph->quirks = quirks_for(set, ph->desc, ph->id, NULL);
		matches += count_matches(bt, nb, &set->ident, ph->id);
		if (ph->desc)
			matches += count_matches(ph->desc->quirks, ph->desc->n_quirks, &set->ident,
						 ph->id);
		matches += count_matches(set->quirks, set->n_quirks, &set->ident, ph->id);
	}
	return (int)matches;
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

int scmia_proto_cmd(struct scmia_proto_handle *ph, uint8_t msg_id, const void *tx,
		    uint32_t tx_len, void *rx, uint32_t rx_min, uint32_t rx_cap,
		    uint32_t *rx_len, unsigned flags)
{
	uint32_t got = 0;
	int ret;

	if (rx_len)
		*rx_len = 0;
	if (!ph || !ph->agent || rx_min > rx_cap)
		return SCMIA_EINVAL;
	ret = scmia_cmd(ph->agent, ph->id, msg_id, tx, tx_len, rx, rx_cap, &got,
			flags | ph->xfer_flags);
	if (ret)
		return ret;
	if (got < rx_min)
		return SCMIA_ETOOSHORT;
	if (rx_len)
		*rx_len = got;
	return SCMIA_OK;
}

int scmia_proto_version_get(struct scmia_proto_handle *ph, uint32_t *version)
{
	uint8_t rx[4];
	int ret;

	if (!version)
		return SCMIA_EINVAL;
	/* PROTOCOL_VERSION (DEN0056 §4.2.2.1 and each protocol): out: version. */
	ret = scmia_proto_cmd(ph, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0, rx, 4, 4, NULL, 0);
	if (ret)
		return ret;
	*version = scmia_get_le32(rx);
	return SCMIA_OK;
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
	uint8_t tx[4], rx[4];
	int ret;

	/* PROTOCOL_MESSAGE_ATTRIBUTES: in: message_id; out: attributes.
	 * NOT_FOUND means the message is not implemented. */
	scmia_put_le32(tx, msg_id);
	ret = scmia_proto_cmd(ph, SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, tx, 4, rx, 4, 4, NULL, 0);
	if (ret)
		return ret;
	if (attributes)
		*attributes = scmia_get_le32(rx);
	return SCMIA_OK;
}

int scmia_proto_negotiate_version(struct scmia_proto_handle *ph, uint32_t version)
{
	uint8_t tx[4];

	/* NEGOTIATE_PROTOCOL_VERSION: in: version; out: status only. */
	scmia_put_le32(tx, version);
	return scmia_proto_cmd(ph, SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION, tx, 4, NULL, 0, 0, NULL,
			       0);
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

int scmia_proto_ext_name_get(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			     char *name, size_t cap)
{
	uint8_t tx[4], rx[4 + SCMIA_PROTO_EXT_NAME_LEN];
	int ret;

	if (!name || !cap)
		return SCMIA_EINVAL;
	name[0] = '\0';
	/* *_NAME_GET (v3 Power/Perf/Clock/Sensor/Reset, v2 Voltage, ...):
	 * in: id; out: flags (reserved), name[64] NUL-terminated. */
	scmia_put_le32(tx, id);
	ret = scmia_proto_cmd(ph, msg_id, tx, 4, rx, sizeof(rx), sizeof(rx), NULL, 0);
	if (ret)
		return ret;
	scmia_proto_name_copy(name, cap, rx + 4, SCMIA_PROTO_EXT_NAME_LEN);
	return SCMIA_OK;
}

int scmia_proto_notify_enable(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			      int enable)
{
	/* *_NOTIFY: in: resource id, notify_enable (bit 0); out: status. */
	return scmia__proto_set_word(ph, msg_id, id, enable ? 1u : 0u);
}

/* ------------------------------------------------------------------ */
/* Shapes shared by the protocol helpers (proto_internal.h)            */
/* ------------------------------------------------------------------ */

int scmia__proto_cmd_id(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id, void *rx,
			uint32_t rx_min, uint32_t rx_cap, uint32_t *rx_len)
{
	uint8_t tx[4];

	scmia_put_le32(tx, id);
	return scmia_proto_cmd(ph, msg_id, tx, 4, rx, rx_min, rx_cap, rx_len, 0);
}

int scmia__proto_get_word(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			  uint32_t *out)
{
	uint8_t rx[4];
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	/* in: resource id; out: one word. */
	ret = scmia__proto_cmd_id(ph, msg_id, id, rx, 4, 4, NULL);
	if (ret)
		return ret;
	*out = scmia_get_le32(rx);
	return SCMIA_OK;
}

int scmia__proto_set_word(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t id,
			  uint32_t value)
{
	uint8_t tx[8];

	/* in: resource id, value; out: status. */
	scmia_put_le32(tx, id);
	scmia_put_le32(tx + 4, value);
	return scmia_proto_cmd(ph, msg_id, tx, 8, NULL, 0, 0, NULL, 0);
}

int scmia__proto_name_get(struct scmia_proto_handle *ph, uint32_t min_major, uint8_t msg_id,
			  uint32_t id, char *name, size_t cap)
{
	if (!ph || !name || !cap)
		return SCMIA_EINVAL;
	name[0] = '\0';
	if (SCMIA_PROTO_VERSION_MAJOR(ph->version) < min_major)
		return SCMIA_ENOTSUP;
	return scmia_proto_ext_name_get(ph, msg_id, id, name, cap);
}

int scmia__proto_dom_name(struct scmia_proto_handle *ph, int want_ext, uint32_t min_major,
			  uint8_t msg_id, uint32_t id, const uint8_t *short_name, char *name,
			  size_t cap)
{
	scmia_proto_name_copy(name, cap, short_name, SCMIA_PROTO_NAME_LEN);
	if (!want_ext)
		return SCMIA_OK;
	return scmia__proto_name_get(ph, min_major, msg_id, id, name, cap);
}

int scmia__proto_notify(struct scmia_proto_handle *ph, uint32_t min_major, uint8_t msg_id,
			uint32_t id, int enable)
{
	if (!ph)
		return SCMIA_EINVAL;
	if (SCMIA_PROTO_VERSION_MAJOR(ph->version) < min_major)
		return SCMIA_ENOTSUP;
	return scmia_proto_notify_enable(ph, msg_id, id, enable);
}

int scmia__proto_describe_all(struct scmia_proto_handle *ph, void *items, size_t item_size,
			      uint32_t cap, uint32_t *n, scmia__proto_describe_fn one)
{
	uint32_t total, i, count;
	int ret;

	if (n)
		*n = 0;
	if (!ph || (cap && !items))
		return SCMIA_EINVAL;
	total = ph->attributes & 0xffffu;
	count = total < cap ? total : cap;
	for (i = 0; i < count; i++) {
		ret = one(ph, i, (uint8_t *)items + (size_t)i * item_size);
		/* A domain owned by another agent (DENIED) or absent
		 * (NOT_FOUND) does not stop the others. */
		if (ret && !scmia_err_is_scmi(ret))
			return ret;
		if (n)
			*n = i + 1;
	}
	return total > cap ? SCMIA_ENOSPC : SCMIA_OK;
}

int scmia__proto_evt(const struct scmia_notification *n, uint8_t proto_id, uint8_t msg_id,
		     void *out, size_t out_size, uint32_t min_len, const uint8_t **p)
{
	if (!n || !out || n->proto_id != proto_id || n->msg_id != msg_id)
		return SCMIA_EINVAL;
	memset(out, 0, out_size);
	if (!n->payload || n->len < min_len)
		return SCMIA_ETOOSHORT;
	*p = (const uint8_t *)n->payload;
	return SCMIA_OK;
}

int scmia__proto_page_count(const uint8_t *rx, uint32_t len, uint32_t returned_mask,
			    unsigned remaining_shift, struct scmia_proto_iter_page *pg)
{
	uint32_t w;

	if (len < 4)
		return SCMIA_ETOOSHORT;
	w = scmia_get_le32(rx);
	pg->returned = w & returned_mask;
	pg->remaining = w >> remaining_shift;
	pg->hdr_len = 4;
	pg->min_len = 0;
	return SCMIA_OK;
}

int scmia__proto_prep_id_index(uint32_t id, uint32_t index, void *tx, uint32_t cap,
			       uint32_t *tx_len)
{
	if (cap < 8)
		return SCMIA_EINVAL;
	scmia_put_le32(tx, id);
	scmia_put_le32((uint8_t *)tx + 4, index);
	*tx_len = 8;
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* Attach: version agreement                                           */
/* ------------------------------------------------------------------ */

/* Largest PROTOCOL_ATTRIBUTES reply kept for the init hook. */
#define PROTO_ATTRS_MAX 64u

static int attach_fail(struct scmia_proto_handle *ph, int err)
{
	ph->err = err;
	ph->state = SCMIA_PROTO_S_FAILED;
	return err;
}

/*
 * Agree on a version. Older or equal platform: its version. Newer
 * platform: ours, after NEGOTIATE_PROTOCOL_VERSION when the platform
 * implements it. Only a local failure (timeout, transport) of the probe
 * fails the attach; an SCMI status means "cannot negotiate".
 */
static int agree_version(struct scmia_proto_handle *ph, uint32_t platform)
{
	uint32_t ours = ph->desc->version;
	int ret;

	if (platform <= ours) {
		ph->version = platform;
		return SCMIA_OK;
	}
	ph->hflags |= SCMIA_PROTO_HF_PLATFORM_NEWER;
	ph->version = ours;
	if (ph->quirks & SCMIA_QUIRK_NO_NEGOTIATE) {
		ph->hflags |= SCMIA_PROTO_HF_NOT_NEGOTIATED;
		return SCMIA_OK;
	}
	ret = scmia_proto_msg_attributes(ph, SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION, NULL);
	if (ret == SCMIA_OK)
		ret = scmia_proto_negotiate_version(ph, ours);
	if (ret == SCMIA_OK) {
		ph->hflags |= SCMIA_PROTO_HF_NEGOTIATED;
		return SCMIA_OK;
	}
	if (!scmia_err_is_scmi(ret) && ret != SCMIA_ETOOSHORT)
		return ret;
	ph->hflags |= SCMIA_PROTO_HF_NOT_NEGOTIATED;
	return SCMIA_OK;
}

int scmia_proto_attach(struct scmia_proto_handle *ph)
{
	uint8_t attrs[PROTO_ATTRS_MAX];
	uint32_t version = 0, fix = 0, len = 0, min;
	int ret;

	if (!ph || !ph->desc || !ph->set)
		return SCMIA_EINVAL;
	ph->hflags = 0;
	ph->version = 0;
	ph->platform_version = 0;
	ph->attributes = 0;
	ph->err = SCMIA_OK;
	ph->quirks = quirks_for(ph->set, ph->desc, ph->id, &fix);

	ret = scmia_proto_version_get(ph, &version);
	if (ret)
		return attach_fail(ph, ret);
	if (fix) {
		version = fix;
		ph->hflags |= SCMIA_PROTO_HF_VERSION_QUIRK;
	}
	/* Version 0.0 does not exist: every protocol starts at 1.0. */
	if (SCMIA_PROTO_VERSION_MAJOR(version) == 0)
		return attach_fail(ph, SCMIA_EMALFORMED);
	ph->platform_version = version;
	ret = agree_version(ph, version);
	if (ret)
		return attach_fail(ph, ret);

	min = ph->desc->attrs_min_len < 4u ? 4u : ph->desc->attrs_min_len;
	if (min > sizeof(attrs))
		return attach_fail(ph, SCMIA_EINVAL);
	ret = scmia_proto_cmd(ph, SCMIA_MSG_PROTOCOL_ATTRIBUTES, NULL, 0, attrs, min,
			      sizeof(attrs), &len, 0);
	if (ret)
		return attach_fail(ph, ret);
	ph->attributes = scmia_get_le32(attrs);
	if (ph->desc->init) {
		ret = ph->desc->init(ph, attrs, len);
		if (ret)
			return attach_fail(ph, ret);
	}
	ph->state = SCMIA_PROTO_S_READY;
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* Paged replies                                                       */
/* ------------------------------------------------------------------ */

/* Largest parameter block of a paged request (pinctrl LIST_ASSOCIATIONS
 * has three words; room to spare for vendor protocols). */
#define ITER_TX_MAX 32u

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

/* Decode one page already fetched into (rx, len). Sets *more when the
 * platform has entries after this page. */
static int iter_page(struct scmia_proto_iter *it, uint32_t index, const uint8_t *rx,
		     uint32_t len, int *more)
{
	struct scmia_proto_iter_page pg = { 0, 0, 0, 0 };
	uint64_t announced;
	uint32_t n, i, off;
	int ret;

	*more = 0;
	ret = it->ops->decode_header(it->ctx, index, rx, len, &pg);
	if (ret)
		return ret;
	if (pg.hdr_len > len || pg.min_len > len)
		return SCMIA_ETOOSHORT;

	/* The total must not move between pages: a platform whose
	 * "remaining" grows could keep us paging forever. */
	announced = (uint64_t)index + pg.returned + pg.remaining;
	if (announced > 0xffffffffu)
		return SCMIA_EMALFORMED;
	if (it->pages == 0)
		it->total = (uint32_t)announced;
	else if (announced != it->total)
		return SCMIA_EMALFORMED;
	it->pages++;

	/* No progress while entries remain: never loop on it. */
	if (pg.returned == 0)
		return pg.remaining ? SCMIA_EMALFORMED : SCMIA_OK;

	n = pg.returned;
	if (n > it->max_entries - it->count)
		n = it->max_entries - it->count;
	off = pg.hdr_len;
	for (i = 0; i < n; i++) {
		uint32_t avail = len - off;

		if (!avail)
			return SCMIA_ETOOSHORT;
		ret = it->ops->decode_entry(it->ctx, index + i, rx + off, avail);
		if (ret < 0)
			return ret;
		if (ret == 0 || (uint32_t)ret > avail)
			return SCMIA_EMALFORMED;
		off += (uint32_t)ret;
		it->count++;
	}
	if (n < pg.returned || (pg.remaining && it->count >= it->max_entries))
		return SCMIA_ENOSPC;
	*more = pg.remaining != 0;
	return SCMIA_OK;
}

int scmia_proto_iter_run(struct scmia_proto_handle *ph, struct scmia_proto_iter *it)
{
	uint8_t tx[ITER_TX_MAX];
	struct scmia_xfer *x;
	int ret, more;

	if (!ph || !ph->agent || !it || !it->ops || !it->ops->prepare ||
	    !it->ops->decode_header || !it->ops->decode_entry)
		return SCMIA_EINVAL;
	it->count = 0;
	it->total = 0;
	it->pages = 0;
	do {
		uint32_t index = it->start + it->count, tx_len = 0;

		if (it->count >= it->max_entries)
			return SCMIA_ENOSPC;
		ret = it->ops->prepare(it->ctx, index, tx, sizeof(tx), &tx_len);
		if (ret)
			return ret;
		if (tx_len > sizeof(tx))
			return SCMIA_EINVAL;
		ret = scmia_xfer_get(ph->agent, ph->id, it->msg_id, tx_len, 0, &x);
		if (ret)
			return ret;
		if (tx_len)
			memcpy(x->tx_buf, tx, tx_len);
		ret = scmia_xfer_do(x, it->flags | ph->xfer_flags);
		if (ret == SCMIA_OK)
			ret = iter_page(it, index, (const uint8_t *)x->rx_buf, x->rx_len, &more);
		(void)scmia_xfer_put(x);
		if (ret)
			return ret;
	} while (more);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* Notification source ids                                             */
/* ------------------------------------------------------------------ */

/* Word @p w of a notification payload, or SCMIA_NOTIFY_SRC_ANY when the
 * payload is too short to hold it. */
static uint32_t payload_word(const void *payload, uint32_t len, uint32_t w)
{
	if (!payload || len < 4u * (w + 1u))
		return SCMIA_NOTIFY_SRC_ANY;
	return scmia_get_le32((const uint8_t *)payload + 4u * w);
}

uint32_t scmia_proto_notify_src(void *ctx, uint32_t hdr, const void *payload, uint32_t len)
{
	uint8_t proto_id = scmia_hdr_proto_id(hdr);

	switch (proto_id) {
	case SCMIA_PROTO_BASE:
		/* BASE_ERROR_EVENT: agent_id, error_status, reports. */
		return payload_word(payload, len, 0);
	case SCMIA_PROTO_SYSTEM:
		/* SYSTEM_POWER_STATE_NOTIFIER concerns the whole system. */
		return SCMIA_NOTIFY_SRC_ANY;
	case SCMIA_PROTO_POWER:
	case SCMIA_PROTO_PERF:
	case SCMIA_PROTO_CLOCK:
	case SCMIA_PROTO_SENSOR:
	case SCMIA_PROTO_RESET:
	case SCMIA_PROTO_VOLTAGE:
	case SCMIA_PROTO_POWERCAP:
	case SCMIA_PROTO_PINCTRL:
		/* agent_id, then the domain / clock / sensor / ... id. */
		return payload_word(payload, len, 1);
	default:
		break;
	}
	if (ctx) {
		struct scmia_proto_handle *ph =
			scmia_proto_find((struct scmia_proto_set *)ctx, proto_id);

		if (ph && ph->desc && ph->desc->notify_src)
			return ph->desc->notify_src(ph->priv, hdr, payload, len);
	}
	return payload_word(payload, len, 1);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Base protocol (0x10), DEN0056 §4.2, and the agent start-up discovery.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/base.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_BASE

static int base_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	(void)attrs;
	(void)len;
	if (ph->priv)
		return scmia_base_protocol_attributes(ph, (struct scmia_base_info *)ph->priv);
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_base_desc = {
	.id = SCMIA_PROTO_BASE,
	.version = SCMIA_BASE_VERSION,
	.name = "base",
	/* PROTOCOL_ATTRIBUTES: one word, agents 15:8, protocols 7:0. */
	.attrs_min_len = 4,
	.init = base_init,
	.notify_src = NULL,
	.quirks = NULL,
	.n_quirks = 0,
};

static int base_v2(const struct scmia_proto_handle *ph)
{
	return SCMIA_PROTO_VERSION_MAJOR(ph->version) >= 2u;
}

int scmia_base_protocol_attributes(const struct scmia_proto_handle *ph,
				   struct scmia_base_info *out)
{
	if (!ph || !out)
		return SCMIA_EINVAL;
	out->n_protocols = (uint8_t)(ph->attributes & 0xffu);
	out->n_agents = (uint8_t)((ph->attributes >> 8) & 0xffu);
	return SCMIA_OK;
}

/* DISCOVER_VENDOR / DISCOVER_SUB_VENDOR: out: a 16-byte ASCII string. */
static int base_name(struct scmia_proto_handle *ph, uint8_t msg_id, char *out, size_t cap)
{
	uint8_t rx[SCMIA_PROTO_NAME_LEN];
	int ret;

	if (!out || !cap)
		return SCMIA_EINVAL;
	out[0] = '\0';
	ret = scmia_proto_cmd(ph, msg_id, NULL, 0, rx, sizeof(rx), sizeof(rx), NULL, 0);
	if (ret)
		return ret;
	scmia_proto_name_copy(out, cap, rx, sizeof(rx));
	return SCMIA_OK;
}

int scmia_base_discover_vendor(struct scmia_proto_handle *ph, char *vendor, size_t cap)
{
	return base_name(ph, SCMIA_BASE_DISCOVER_VENDOR, vendor, cap);
}

int scmia_base_discover_sub_vendor(struct scmia_proto_handle *ph, char *sub_vendor, size_t cap)
{
	return base_name(ph, SCMIA_BASE_DISCOVER_SUB_VENDOR, sub_vendor, cap);
}

int scmia_base_discover_implementation_version(struct scmia_proto_handle *ph, uint32_t *version)
{
	uint8_t rx[4];
	int ret;

	if (!version)
		return SCMIA_EINVAL;
	ret = scmia_proto_cmd(ph, SCMIA_BASE_DISCOVER_IMPLEMENTATION_VERSION, NULL, 0, rx, 4, 4,
			      NULL, 0);
	if (ret)
		return ret;
	*version = scmia_get_le32(rx);
	return SCMIA_OK;
}

/* ---- DISCOVER_LIST_PROTOCOLS through the shared iterator ---- */

struct list_ctx {
	uint8_t *ids;
	uint32_t total; /* from PROTOCOL_ATTRIBUTES */
};

static int list_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len)
{
	(void)ctx;
	if (cap < 4)
		return SCMIA_EINVAL;
	/* in: skip (ids already read). */
	scmia_put_le32(tx, index);
	*tx_len = 4;
	return SCMIA_OK;
}

static int list_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
		       struct scmia_proto_iter_page *pg)
{
	struct list_ctx *lc = (struct list_ctx *)ctx;
	uint32_t n;

	/* out: num_protocols (in this page), then protocols[] packed four
	 * per little-endian word, the last word padded with zeros. */
	if (len < 4)
		return SCMIA_ETOOSHORT;
	n = scmia_get_le32(rx);
	if (index > lc->total || n > lc->total - index)
		return SCMIA_EMALFORMED;
	pg->returned = n;
	pg->remaining = lc->total - index - n;
	pg->hdr_len = 4;
	pg->min_len = 4u + ((n + 3u) & ~3u);
	return SCMIA_OK;
}

static int list_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct list_ctx *lc = (struct list_ctx *)ctx;

	(void)avail;
	lc->ids[index] = p[0];
	return 1;
}

static const struct scmia_proto_iter_ops list_ops = {
	.prepare = list_prepare,
	.decode_header = list_header,
	.decode_entry = list_entry,
};

int scmia_base_discover_list_protocols(struct scmia_proto_handle *ph, uint8_t *ids,
				       uint32_t cap, uint32_t *n)
{
	struct list_ctx lc;
	struct scmia_proto_iter it;
	int ret;

	if (n)
		*n = 0;
	if (!ph || (!ids && cap))
		return SCMIA_EINVAL;
	lc.ids = ids;
	lc.total = ph->attributes & 0xffu;
	if (lc.total == 0)
		return SCMIA_OK;
	scmia_proto_iter_init(&it, SCMIA_BASE_DISCOVER_LIST_PROTOCOLS, &list_ops, &lc, cap);
	ret = scmia_proto_iter_run(ph, &it);
	if (n)
		*n = it.count;
	return ret;
}

/* ---- v2: agents, errors, agent management ---- */

int scmia_base_discover_agent(struct scmia_proto_handle *ph, uint32_t agent_id, uint32_t *id_out,
			      char *name, size_t cap)
{
	uint8_t rx[4 + SCMIA_PROTO_NAME_LEN];
	int ret;

	if (!ph || (name && !cap))
		return SCMIA_EINVAL;
	if (name)
		name[0] = '\0';
	if (!base_v2(ph))
		return SCMIA_ENOTSUP;
	/* in: agent_id; out: agent_id, name[16]. */
	ret = scmia__proto_cmd_id(ph, SCMIA_BASE_DISCOVER_AGENT, agent_id, rx, sizeof(rx),
				  sizeof(rx), NULL);
	if (ret)
		return ret;
	if (id_out)
		*id_out = scmia_get_le32(rx);
	if (name)
		scmia_proto_name_copy(name, cap, rx + 4, SCMIA_PROTO_NAME_LEN);
	return SCMIA_OK;
}

int scmia_base_notify_errors(struct scmia_proto_handle *ph, int enable)
{
	uint8_t tx[4];

	if (!ph)
		return SCMIA_EINVAL;
	if (!base_v2(ph))
		return SCMIA_ENOTSUP;
	/* in: notify_enable (bit 0). */
	scmia_put_le32(tx, enable ? 1u : 0u);
	return scmia_proto_cmd(ph, SCMIA_BASE_NOTIFY_ERRORS, tx, 4, NULL, 0, 0, NULL, 0);
}

int scmia_base_set_device_permissions(struct scmia_proto_handle *ph, uint32_t agent_id,
				      uint32_t device_id, int allow)
{
	uint8_t tx[12];

	if (!ph)
		return SCMIA_EINVAL;
	if (!base_v2(ph))
		return SCMIA_ENOTSUP;
	/* in: agent_id, device_id, flags (bit 0: access allowed). */
	scmia_put_le32(tx, agent_id);
	scmia_put_le32(tx + 4, device_id);
	scmia_put_le32(tx + 8, allow ? 1u : 0u);
	return scmia_proto_cmd(ph, SCMIA_BASE_SET_DEVICE_PERMISSIONS, tx, 12, NULL, 0, 0, NULL, 0);
}

int scmia_base_set_protocol_permissions(struct scmia_proto_handle *ph, uint32_t agent_id,
					uint32_t device_id, uint8_t proto_id, int allow)
{
	uint8_t tx[16];

	if (!ph || proto_id == SCMIA_PROTO_BASE)
		return SCMIA_EINVAL;
	if (!base_v2(ph))
		return SCMIA_ENOTSUP;
	/* in: agent_id, device_id, command_id (protocol id in bits 7:0),
	 * flags (bit 0: access allowed). */
	scmia_put_le32(tx, agent_id);
	scmia_put_le32(tx + 4, device_id);
	scmia_put_le32(tx + 8, proto_id);
	scmia_put_le32(tx + 12, allow ? 1u : 0u);
	return scmia_proto_cmd(ph, SCMIA_BASE_SET_PROTOCOL_PERMISSIONS, tx, 16, NULL, 0, 0, NULL,
			       0);
}

int scmia_base_reset_agent_configuration(struct scmia_proto_handle *ph, uint32_t agent_id,
					 int reset_permissions)
{
	if (!ph)
		return SCMIA_EINVAL;
	if (!base_v2(ph))
		return SCMIA_ENOTSUP;
	/* in: agent_id, flags (bit 0: also reset access permissions). */
	return scmia__proto_set_word(ph, SCMIA_BASE_RESET_AGENT_CONFIGURATION, agent_id,
				     reset_permissions ? 1u : 0u);
}

int scmia_base_error_event_decode(const struct scmia_notification *n,
				  struct scmia_base_error_event *ev)
{
	const uint8_t *p;
	int ret;

	ret = scmia__proto_evt(n, SCMIA_PROTO_BASE, SCMIA_BASE_ERROR_EVENT, ev, sizeof(*ev), 8, &p);
	if (ret)
		return ret;
	ev->agent_id = scmia_get_le32(p);
	ev->error_status = scmia_get_le32(p + 4);
	ev->fatal = (uint8_t)(ev->error_status >> 31);
	ev->n_reports = ev->error_status & 0x3ffu;
	/* The count is untrusted: the payload must hold every report. */
	if ((n->len - 8u) / 8u < ev->n_reports) {
		ev->n_reports = 0;
		return SCMIA_ETOOSHORT;
	}
	ev->reports = p + 8;
	return SCMIA_OK;
}

uint64_t scmia_base_error_report(const struct scmia_base_error_event *ev, uint32_t i)
{
	if (!ev || !ev->reports || i >= ev->n_reports)
		return 0;
	return scmia_get_le64(ev->reports + 8u * i);
}

/* ---- start-up discovery ---- */

/* An SCMI status answer concerns this one query; a local failure
 * (timeout, transport, malformed reply) ends the discovery. */
static int tolerable(int err)
{
	return scmia_err_is_scmi(err);
}

static uint32_t base_version_fix(const struct scmia_proto_set *set,
				 const struct scmia_proto_handle *base)
{
	const struct scmia_proto_quirk *bt;
	uint32_t fix = 0;
	unsigned nb;

	bt = scmia_proto_quirks_builtin(&nb);
	(void)scmia_proto_quirk_match(bt, nb, &set->ident, SCMIA_PROTO_BASE, &fix);
	(void)scmia_proto_quirk_match(base->desc->quirks, base->desc->n_quirks, &set->ident,
				      SCMIA_PROTO_BASE, &fix);
	(void)scmia_proto_quirk_match(set->quirks, set->n_quirks, &set->ident, SCMIA_PROTO_BASE,
				      &fix);
	return fix;
}

int scmia_base_discover(struct scmia_proto_set *set)
{
	struct scmia_proto_handle *base;
	uint8_t ids[256];
	uint32_t n = 0, i;
	unsigned h;
	int ret, ready = 0;

	if (!set)
		return SCMIA_EINVAL;
	base = scmia_proto_find(set, SCMIA_PROTO_BASE);
	if (!base) {
		ret = scmia_proto_register(set, &scmia_base_desc, NULL, &base);
		if (ret)
			return ret;
	}
	memset(&set->ident, 0, sizeof(set->ident));
	memset(set->offered, 0, sizeof(set->offered));
	set->listed = 0;

	ret = scmia_proto_attach(base);
	if (ret)
		return ret;

	ret = scmia_base_discover_vendor(base, set->ident.vendor, sizeof(set->ident.vendor));
	if (ret)
		return ret;
	/* Sub-vendor is optional for a platform: record its absence. */
	ret = scmia_base_discover_sub_vendor(base, set->ident.sub_vendor,
					     sizeof(set->ident.sub_vendor));
	if (ret && !tolerable(ret))
		return ret;
	ret = scmia_base_discover_implementation_version(base, &set->ident.impl_version);
	if (ret)
		return ret;
	set->ident.valid = 1;
	(void)scmia_proto_quirks_apply(set);
	/* A version quirk for Base itself can only act now that the
	 * platform is identified: attach again with it. */
	if (base_version_fix(set, base)) {
		ret = scmia_proto_attach(base);
		if (ret)
			return ret;
	}

	n = 0;
	ret = scmia_base_discover_list_protocols(base, ids, sizeof(ids), &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		scmia_proto_set_offered(set, ids[i]);
	set->listed = 1;

	ready = 1;
	for (h = 0; h < set->count; h++) {
		struct scmia_proto_handle *ph = &set->handles[h];

		if (ph == base)
			continue;
		if (!scmia_proto_offered(set, ph->id)) {
			ph->state = SCMIA_PROTO_S_ABSENT;
			ph->err = SCMIA_ENOENT;
			continue;
		}
		/* One protocol failing (DENIED to this agent, a short reply,
		 * a timeout) is recorded in its handle; the others go on. */
		if (scmia_proto_attach(ph) == SCMIA_OK)
			ready++;
	}
	return ready;
}

#endif /* SCMIA_CFG_PROTO_BASE */

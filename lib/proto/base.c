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
	(void)scmia_base_protocol_attributes(ph, (struct scmia_base_info *)ph->priv);
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_base_desc = {
	.id = SCMIA_PROTO_BASE,
	.version = SCMIA_BASE_VERSION,
	.name = "base",
	/* PROTOCOL_ATTRIBUTES: one word, agents 15:8, protocols 7:0. */
	.attrs_min_len = 4,
	.init = base_init,
};

/* DISCOVER_VENDOR / DISCOVER_SUB_VENDOR: out: a 16-byte ASCII string. */
static int base_name(struct scmia_proto_handle *ph, uint8_t msg_id, char *out, size_t cap)
{
	uint8_t rx[SCMIA_PROTO_NAME_LEN];
	int ret;

	if (!out || !cap)
		return SCMIA_EINVAL;
	out[0] = '\0';
	ret = scmia__pr_pcall(ph, PM(msg_id, 0, 0, 4, 4, 0, 0), NULL, rx);
	if (ret < 0)
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
	return scmia__pr_get(ph, PM(SCMIA_BASE_DISCOVER_IMPLEMENTATION_VERSION, 0, 0, 1, 1, 0, 0), NULL,
			  version, NULL);
}

/* ---- DISCOVER_LIST_PROTOCOLS through the shared iterator ---- */

struct list_ctx {
	struct scmia_proto_handle *ph;
	uint8_t *ids;
	uint32_t total; /* from PROTOCOL_ATTRIBUTES */
};

static int list_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
		       struct scmia_proto_iter_page *pg)
{
	struct list_ctx *lc = (struct list_ctx *)ctx;
	uint32_t n;

	/* out: num_protocols (in this page), then protocols[] packed four
	 * per little-endian word, the last word padded with zeros. There is
	 * no "remaining": the total is PROTOCOL_ATTRIBUTES bits 7:0. */
	if (len < 4)
		return SCMIA_ETOOSHORT;
	n = scmia__pr_rd32(rx);
	if (n > lc->total - index)
		return SCMIA_EMALFORMED;
	pg->returned = n;
	/* A page of nothing ends the list: the platform has fewer than it
	 * counted (TF-A answers a skip past its end with SUCCESS, empty).
	 * The iterator counts it after the first page. */
	pg->remaining = n ? lc->total - index - n : 0u;
	if (!n && !index)
		scmia__pr_count(lc->ph, SCMIA_PROTO_CNT_PAST_END);
	pg->hdr_len = 4;
	pg->min_len = 4u + ((n + 3u) & ~3u);
	return SCMIA_OK;
}

static int list_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	(void)avail;
	((struct list_ctx *)ctx)->ids[index] = p[0];
	return 1;
}

/* in: skip (ids already read). */
static const struct scmia_proto_iter_ops list_ops = {
	.decode_header = list_header,
	.decode_entry = list_entry,
	.page = SCMIA_PROTO_PAGE(0, 0, 0, 1, 0),
};

int scmia_base_discover_list_protocols(struct scmia_proto_handle *ph, uint8_t *ids,
				       uint32_t cap, uint32_t *n)
{
	struct list_ctx lc;
	struct scmia_proto_iter it;
	int ret = SCMIA_OK;

	if (!ph || (!ids && cap)) {
		ret = SCMIA_EINVAL;
		it.count = 0;
	} else {
		lc.ph = ph;
		lc.ids = ids;
		lc.total = ph->attributes & 0xffu;
		scmia_proto_iter_init(&it, SCMIA_BASE_DISCOVER_LIST_PROTOCOLS, &list_ops, &lc, cap);
		if (lc.total)
			ret = scmia_proto_iter_run(ph, &it);
	}
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

	if (name && !cap)
		return SCMIA_EINVAL;
	if (name)
		name[0] = '\0';
	/* in: agent_id; out: agent_id, name[16]. */
	ret = scmia__pr_pcall(ph, PM(SCMIA_BASE_DISCOVER_AGENT, 1, 2, 5, 5, 0, 0), &agent_id, rx);
	if (ret < 0)
		return ret;
	if (id_out)
		*id_out = scmia__pr_rd32(rx);
	scmia_proto_name_copy(name, cap, rx + 4, SCMIA_PROTO_NAME_LEN);
	return SCMIA_OK;
}

#if SCMIA_CFG_NOTIFY
int scmia_base_notify_errors(struct scmia_proto_handle *ph, int enable)
{
	uint32_t a = enable ? 1u : 0u;

	/* in: notify_enable (bit 0). */
	return scmia__pr_pcall(ph, PM(SCMIA_BASE_NOTIFY_ERRORS, 1, 2, 0, 0, 0, 0), &a, NULL);
}
#endif

#if SCMIA_CFG_PROTO_BASE_PERMS
int scmia_base_set_device_permissions(struct scmia_proto_handle *ph, uint32_t agent_id,
				      uint32_t device_id, int allow)
{
	uint32_t a[3];

	/* in: agent_id, device_id, flags (bit 0: access allowed). */
	a[0] = agent_id;
	a[1] = device_id;
	a[2] = allow ? 1u : 0u;
	return scmia__pr_pcall(ph, PM(SCMIA_BASE_SET_DEVICE_PERMISSIONS, 3, 2, 0, 0, 0, 0), a, NULL);
}

int scmia_base_set_protocol_permissions(struct scmia_proto_handle *ph, uint32_t agent_id,
					uint32_t device_id, uint8_t proto_id, int allow)
{
	uint32_t a[4];

	if (proto_id == SCMIA_PROTO_BASE)
		return SCMIA_EINVAL;
	/* in: agent_id, device_id, command_id (protocol id in bits 7:0),
	 * flags (bit 0: access allowed). */
	a[0] = agent_id;
	a[1] = device_id;
	a[2] = proto_id;
	a[3] = allow ? 1u : 0u;
	return scmia__pr_pcall(ph, PM(SCMIA_BASE_SET_PROTOCOL_PERMISSIONS, 4, 2, 0, 0, 0, 0), a, NULL);
}

int scmia_base_reset_agent_configuration(struct scmia_proto_handle *ph, uint32_t agent_id,
					 int reset_permissions)
{
	uint32_t a[2];

	/* in: agent_id, flags (bit 0: also reset access permissions). */
	a[0] = agent_id;
	a[1] = reset_permissions ? 1u : 0u;
	return scmia__pr_pcall(ph, PM(SCMIA_BASE_RESET_AGENT_CONFIGURATION, 2, 2, 0, 0, 0, 0), a,
			    NULL);
}
#endif /* SCMIA_CFG_PROTO_BASE_PERMS */

#if SCMIA_CFG_NOTIFY
int scmia_base_error_event_decode(const struct scmia_notification *n,
				  struct scmia_base_error_event *ev)
{
	int ret;

	/* agent_id, error_status, msg_reports[] of 64 bits. */
	ret = scmia__pr_evt(NULL, n, SCMIA_PROTO_BASE, SCMIA_BASE_ERROR_EVENT, ev, sizeof(*ev), 2, 2);
	if (ret)
		return ret;
	ev->fatal = (uint8_t)(ev->error_status >> 31);
	/* The count is untrusted: the payload must hold every report. */
	if ((n->len - 8u) / 8u < (ev->error_status & 0x3ffu))
		return SCMIA_ETOOSHORT;
	ev->n_reports = ev->error_status & 0x3ffu;
	ev->reports = (const uint8_t *)n->payload + 8;
	return SCMIA_OK;
}

uint64_t scmia_base_error_report(const struct scmia_base_error_event *ev, uint32_t i)
{
	if (!ev || !ev->reports || i >= ev->n_reports)
		return 0;
	return scmia__pr_le64(ev->reports + 8u * i);
}
#endif

/* ---- start-up discovery ---- */

int scmia_base_discover(struct scmia_proto_set *set)
{
	struct scmia_proto_handle *base;
	uint8_t ids[256];
	uint32_t n = 0, i;
	int ret, ready = 1;

	if (!set)
		return SCMIA_EINVAL;
	base = scmia_proto_find(set, SCMIA_PROTO_BASE);
	if (!base) {
		ret = scmia_proto_register(set, &scmia_base_desc, NULL, &base);
		if (ret)
			return ret;
	}
	/* ident, offered[] and listed follow one another: one clear. */
	memset(&set->ident, 0,
	       offsetof(struct scmia_proto_set, listed) + sizeof(set->listed) -
		       offsetof(struct scmia_proto_set, ident));

	ret = scmia_proto_attach(base);
	if (!ret)
		ret = scmia_base_discover_vendor(base, set->ident.vendor, sizeof(set->ident.vendor));
	/* Sub-vendor is optional for a platform: an SCMI status is its
	 * absence; a local failure ends the discovery. */
	if (!ret) {
		ret = scmia_base_discover_sub_vendor(base, set->ident.sub_vendor,
						     sizeof(set->ident.sub_vendor));
		if (scmia_err_is_scmi(ret))
			ret = SCMIA_OK;
	}
	if (!ret)
		ret = scmia_base_discover_implementation_version(base, &set->ident.impl_version);
	if (ret)
		return ret;
	set->ident.valid = 1;
#if SCMIA_CFG_PROTO_QUIRKS
	/* The quirks of Base can only be known now that the platform is
	 * identified: attach it again when an entry matches it. */
	if (scmia__pr_quirks_matches(base)) {
		ret = scmia_proto_attach(base);
		if (ret)
			return ret;
	}
#endif
	ret = scmia_base_discover_list_protocols(base, ids, sizeof(ids), &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		scmia_proto_set_offered(set, ids[i]);
	set->listed = 1;

	for (i = 0; i < set->count; i++) {
		struct scmia_proto_handle *ph = &set->handles[i];

		if (ph == base)
			continue;
		if (!scmia_proto_offered(set, ph->id)) {
			ph->state = SCMIA_PROTO_S_ABSENT;
			ph->err = SCMIA_ENOENT;
			continue;
		}
#if SCMIA_CFG_PROTO_LAZY
		/* Attached by its first command (scmia_proto_ready()). */
		if (set->lazy) {
			ph->state = SCMIA_PROTO_S_REGISTERED;
			continue;
		}
#endif
		/* One protocol failing (DENIED to this agent, a short reply,
		 * a timeout) is recorded in its handle; the others go on. */
		if (scmia_proto_attach(ph) == SCMIA_OK)
			ready++;
	}
	return ready;
}

#endif /* SCMIA_CFG_PROTO_BASE */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reset domain management protocol (0x16), DEN0056 §4.8.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/reset.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_RESET

#define RESET_F_ALL (SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_EXPLICIT_ASSERT | SCMIA_RESET_F_ASYNC)

/* TF-A's scmi-msg sends this latency for "unknown" (its
 * SCMI_RESET_DOMAIN_ATTR_UNK_LAT); ours is 0xffffffff. */
#define RESET_LATENCY_UNK_7F 0x7fffffffu

const struct scmia_proto_desc scmia_reset_desc = {
	.id = SCMIA_PROTO_RESET,
	.version = SCMIA_RESET_VERSION,
	.name = "reset",
	/* PROTOCOL_ATTRIBUTES: one word, domains in 15:0. */
	.attrs_min_len = 4,
};

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_reset_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				size_t cap)
{
	return scmia__proto_name_get(ph, 3u, SCMIA_RESET_DOMAIN_NAME_GET, domain, name, cap);
}
#endif

/* RESET_DOMAIN_ATTRIBUTES: in domain_id; out attributes (bit 29, the
 * extended name, reserved before v3.0), latency, name[16]. */
static const struct scmia__pr_dom reset_dom = {
	.spec = PM(SCMIA_RESET_DOMAIN_ATTRIBUTES, 1, 0, 6, 6, 0, 1),
	.ext_bit = SCMIA_RESET_ATTR_EXT_NAME,
	.size = sizeof(struct scmia_reset_dom_attrs),
	.name_at = 8,
	.name_out = offsetof(struct scmia_reset_dom_attrs, name),
	.name_major = 3,
	.name_msg = SCMIA_RESET_DOMAIN_NAME_GET,
};

int scmia_reset_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				  struct scmia_reset_dom_attrs *out)
{
	uint8_t rx[8 + SCMIA_PROTO_NAME_LEN];
	int ret = scmia__pr_dom_attrs(ph, &reset_dom, domain, ext_name, out, rx);

	if (ret < 0)
		return ret;
	out->latency_us = scmia__pr_rd32(rx + 4);
	if (out->latency_us == RESET_LATENCY_UNK_7F) {
		scmia__pr_count(ph, SCMIA_PROTO_CNT_SENTINEL);
		out->latency_us = SCMIA_RESET_LATENCY_UNKNOWN;
	}
	return SCMIA_OK;
}

static int reset_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_reset_dom *d = (struct scmia_reset_dom *)item;

	return d->err = scmia_reset_domain_attributes(ph, id, 1, &d->attrs);
}

int scmia_reset_domains_describe(struct scmia_proto_handle *ph, struct scmia_reset_dom *doms,
				 uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, reset_describe_one);
}

int scmia_reset_reset(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
		      uint32_t state)
{
	struct scmia_reset_dom_attrs a;
	uint32_t args[3];
	uint8_t rx[4];
	int ret;

	if (!ph || (flags & ~RESET_F_ALL))
		return SCMIA_EINVAL;
	if (flags & SCMIA_RESET_F_ASYNC) {
		/* Fail fast: no way to receive RESET_COMPLETE, or a domain
		 * that does not reset asynchronously. */
		ret = scmia__pr_async_ok(ph);
		if (!ret)
			ret = scmia_reset_domain_attributes(ph, domain, 0, &a);
		if (!ret && !(a.attributes & SCMIA_RESET_ATTR_ASYNC)) {
			scmia__pr_count(ph, SCMIA_PROTO_CNT_FAIL_FAST);
			ret = SCMIA_ENOTSUP;
		}
		if (ret)
			return ret;
	}
	/* in: domain_id, flags, reset_state. Asynchronous: the delayed
	 * response RESET_COMPLETE carries status and domain_id, which must
	 * be the domain we reset. */
	args[0] = domain;
	args[1] = flags;
	args[2] = state;
	ret = scmia__pr_pcall(ph,
			      (flags & SCMIA_RESET_F_ASYNC) ?
				      PM(SCMIA_RESET_RESET, 3, 0, 1, 1, 0, 1) | PM_ASYNC :
				      PM(SCMIA_RESET_RESET, 3, 0, 0, 0, 0, 1),
			      args, rx);
	if (ret < 0)
		return ret;
	return !(flags & SCMIA_RESET_F_ASYNC) || scmia__pr_rd32(rx) == domain ? SCMIA_OK :
										SCMIA_EMALFORMED;
}

#if SCMIA_CFG_NOTIFY
int scmia_reset_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	return scmia__proto_notify(ph, 0u, SCMIA_RESET_NOTIFY, domain, enable);
}

int scmia_reset_issued_decode(const struct scmia_notification *n, struct scmia_reset_issued *out)
{
	/* agent_id, domain_id, reset_state. */
	return scmia__pr_evt(NULL, n, SCMIA_PROTO_RESET, SCMIA_RESET_ISSUED, out, sizeof(*out), 3, 3);
}
#endif

#endif /* SCMIA_CFG_PROTO_RESET */

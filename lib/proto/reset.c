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

const struct scmia_proto_desc scmia_reset_desc = {
	.id = SCMIA_PROTO_RESET,
	.version = SCMIA_RESET_VERSION,
	.name = "reset",
	/* PROTOCOL_ATTRIBUTES: one word, domains in 15:0. */
	.attrs_min_len = 4,
	.init = NULL,
	.notify_src = NULL,
};

uint32_t scmia_reset_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

int scmia_reset_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				size_t cap)
{
	return scmia__proto_name_get(ph, 3u, SCMIA_RESET_DOMAIN_NAME_GET, domain, name, cap);
}

int scmia_reset_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				  struct scmia_reset_dom_attrs *out)
{
	uint8_t rx[8 + SCMIA_PROTO_NAME_LEN];
	uint32_t attr;
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* in: domain_id; out: attributes, latency, name[16]. */
	ret = scmia__proto_cmd_id(ph, SCMIA_RESET_DOMAIN_ATTRIBUTES, domain, rx, sizeof(rx),
				  sizeof(rx), NULL);
	if (ret)
		return ret;
	attr = scmia_get_le32(rx);
	/* Bit 29 was reserved before v3.0. */
	if (SCMIA_PROTO_VERSION_MAJOR(ph->version) < 3u)
		attr &= ~SCMIA_RESET_ATTR_EXT_NAME;
	out->attributes = attr;
	out->latency_us = scmia_get_le32(rx + 4);
	return scmia__proto_dom_name(ph, ext_name && (attr & SCMIA_RESET_ATTR_EXT_NAME), 3u,
				     SCMIA_RESET_DOMAIN_NAME_GET, domain, rx + 8, out->name,
				     sizeof(out->name));
}

static int reset_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_reset_dom *d = (struct scmia_reset_dom *)item;

	d->err = scmia_reset_domain_attributes(ph, id, 1, &d->attrs);
	return d->err;
}

int scmia_reset_domains_describe(struct scmia_proto_handle *ph, struct scmia_reset_dom *doms,
				 uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, reset_describe_one);
}

int scmia_reset_reset(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
		      uint32_t state)
{
	uint8_t tx[12], rx[4];
	int ret;

	if (!ph || (flags & ~RESET_F_ALL))
		return SCMIA_EINVAL;
	/* in: domain_id, flags, reset_state. */
	scmia_put_le32(tx, domain);
	scmia_put_le32(tx + 4, flags);
	scmia_put_le32(tx + 8, state);
	if (!(flags & SCMIA_RESET_F_ASYNC))
		return scmia_proto_cmd(ph, SCMIA_RESET_RESET, tx, 12, NULL, 0, 0, NULL, 0);
	/* Asynchronous: the delayed response RESET_COMPLETE carries status
	 * and domain_id, which must be the domain we reset. */
	ret = scmia_proto_cmd(ph, SCMIA_RESET_RESET, tx, 12, rx, 4, 4, NULL, SCMIA_XFER_F_ASYNC);
	if (ret)
		return ret;
	return scmia_get_le32(rx) == domain ? SCMIA_OK : SCMIA_EMALFORMED;
}

int scmia_reset_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	return scmia__proto_notify(ph, 0u, SCMIA_RESET_NOTIFY, domain, enable);
}

int scmia_reset_issued_decode(const struct scmia_notification *n, struct scmia_reset_issued *out)
{
	const uint8_t *p;
	int ret;

	ret = scmia__proto_evt(n, SCMIA_PROTO_RESET, SCMIA_RESET_ISSUED, out, sizeof(*out), 12, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->domain_id = scmia_get_le32(p + 4);
	out->reset_state = scmia_get_le32(p + 8);
	return SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_RESET */

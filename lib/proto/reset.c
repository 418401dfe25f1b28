/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reset domain management protocol (0x16), DEN0056 §4.8.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/reset.h"

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
	if (!ph || !name || !cap)
		return SCMIA_EINVAL;
	name[0] = '\0';
	if (SCMIA_PROTO_VERSION_MAJOR(ph->version) < 3u)
		return SCMIA_ENOTSUP;
	return scmia_proto_ext_name_get(ph, SCMIA_RESET_DOMAIN_NAME_GET, domain, name, cap);
}

int scmia_reset_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain, int ext_name,
				  struct scmia_reset_dom_attrs *out)
{
	uint8_t tx[4], rx[8 + SCMIA_PROTO_NAME_LEN];
	uint32_t attr;
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* in: domain_id; out: attributes, latency, name[16]. */
	scmia_put_le32(tx, domain);
	ret = scmia_proto_cmd(ph, SCMIA_RESET_DOMAIN_ATTRIBUTES, tx, 4, rx, sizeof(rx), sizeof(rx),
			      NULL, 0);
	if (ret)
		return ret;
	attr = scmia_get_le32(rx);
	/* Bit 29 was reserved before v3.0. */
	if (SCMIA_PROTO_VERSION_MAJOR(ph->version) < 3u)
		attr &= ~SCMIA_RESET_ATTR_EXT_NAME;
	out->attributes = attr;
	out->latency_us = scmia_get_le32(rx + 4);
	scmia_proto_name_copy(out->name, sizeof(out->name), rx + 8, SCMIA_PROTO_NAME_LEN);
	if (ext_name && (attr & SCMIA_RESET_ATTR_EXT_NAME))
		return scmia_reset_domain_name_get(ph, domain, out->name, sizeof(out->name));
	return SCMIA_OK;
}

int scmia_reset_domains_describe(struct scmia_proto_handle *ph, struct scmia_reset_dom *doms,
				 uint32_t cap, uint32_t *n)
{
	uint32_t total, i, count;
	int ret;

	if (n)
		*n = 0;
	if (!ph || (cap && !doms))
		return SCMIA_EINVAL;
	total = scmia_reset_num_domains(ph);
	count = total < cap ? total : cap;
	for (i = 0; i < count; i++) {
		ret = scmia_reset_domain_attributes(ph, i, 1, &doms[i].attrs);
		doms[i].err = ret;
		if (ret && !scmia_err_is_scmi(ret))
			return ret;
		if (n)
			*n = i + 1;
	}
	return total > cap ? SCMIA_ENOSPC : SCMIA_OK;
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
	if (!ph)
		return SCMIA_EINVAL;
	return scmia_proto_notify_enable(ph, SCMIA_RESET_NOTIFY, domain, enable);
}

int scmia_reset_issued_decode(const struct scmia_notification *n, struct scmia_reset_issued *out)
{
	const uint8_t *p;

	if (!n || !out || n->proto_id != SCMIA_PROTO_RESET || n->msg_id != SCMIA_RESET_ISSUED)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	if (!n->payload || n->len < 12)
		return SCMIA_ETOOSHORT;
	p = (const uint8_t *)n->payload;
	out->agent_id = scmia_get_le32(p);
	out->domain_id = scmia_get_le32(p + 4);
	out->reset_state = scmia_get_le32(p + 8);
	return SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_RESET */

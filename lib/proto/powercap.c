/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Power capping and monitoring protocol (0x18), DEN0056 §4.10.
 *
 * Versions 1.0 and 2.0 share the layouts used here. The CAP_SET flags are
 * bit 1 "asynchronous" and bit 0 "ignore delayed response"; CLOCK_RATE_SET
 * has them the other way round, so each protocol spells its own.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/powercap.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_POWERCAP

/* POWERCAP_DOMAIN_ATTRIBUTES: attributes, name[16], min_pai, max_pai,
 * pai_step, min_power_cap, max_power_cap, power_cap_step,
 * sustainable_power, accuracy, parent_id. */
#define POWERCAP_DOM_ATTRS_LEN (4u + SCMIA_PROTO_NAME_LEN + 9u * 4u)
/* POWERCAP_DESCRIBE_FASTCHANNEL: 20 bytes, 44 with a doorbell. */
#define POWERCAP_FC_LEN_NODB 20u
#define POWERCAP_FC_LEN_DB 44u

#define POWERCAP_SET_F_ALL (SCMIA_POWERCAP_SET_F_ASYNC | SCMIA_POWERCAP_SET_F_IGNORE_DRESP)

const struct scmia_proto_desc scmia_powercap_desc = {
	.id = SCMIA_PROTO_POWERCAP,
	.version = SCMIA_POWERCAP_VERSION,
	.name = "powercap",
	/* PROTOCOL_ATTRIBUTES: one word, domains in 15:0. */
	.attrs_min_len = 4,
	.init = NULL,
	.notify_src = NULL,
};

uint32_t scmia_powercap_num_domains(const struct scmia_proto_handle *ph)
{
	return ph ? ph->attributes & 0xffffu : 0u;
}

int scmia_powercap_domain_name_get(struct scmia_proto_handle *ph, uint32_t domain, char *name,
				   size_t cap)
{
	/* POWERCAP_DOMAIN_NAME_GET (§4.10.2): in domain_id; out flags, name[64]. */
	return scmia__proto_name_get(ph, 0u, SCMIA_POWERCAP_DOMAIN_NAME_GET, domain, name, cap);
}

int scmia_powercap_domain_attributes(struct scmia_proto_handle *ph, uint32_t domain,
				     int ext_name, struct scmia_powercap_dom_attrs *out)
{
	uint8_t rx[POWERCAP_DOM_ATTRS_LEN];
	const uint8_t *v = rx + 4 + SCMIA_PROTO_NAME_LEN;
	int ret;

	if (!ph || !out)
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* POWERCAP_DOMAIN_ATTRIBUTES (§4.10.2): in domain_id. */
	ret = scmia__proto_cmd_id(ph, SCMIA_POWERCAP_DOMAIN_ATTRIBUTES, domain, rx, sizeof(rx),
				  sizeof(rx), NULL);
	if (ret)
		return ret;
	out->attributes = scmia_get_le32(rx);
	out->unit = (uint8_t)((out->attributes >> 23) & 0x3u);
	scmia_proto_name_copy(out->name, sizeof(out->name), rx + 4, SCMIA_PROTO_NAME_LEN);
	out->min_pai_us = scmia_get_le32(v);
	out->max_pai_us = scmia_get_le32(v + 4);
	out->pai_step_us = scmia_get_le32(v + 8);
	out->min_cap = scmia_get_le32(v + 12);
	out->max_cap = scmia_get_le32(v + 16);
	out->cap_step = scmia_get_le32(v + 20);
	out->sustainable_power = scmia_get_le32(v + 24);
	out->accuracy = scmia_get_le32(v + 28);
	out->parent_id = scmia_get_le32(v + 32);
	if (out->min_pai_us > out->max_pai_us || out->min_cap > out->max_cap)
		return SCMIA_EMALFORMED;
	if (ext_name && (out->attributes & SCMIA_POWERCAP_ATTR_EXT_NAME))
		return scmia_powercap_domain_name_get(ph, domain, out->name, sizeof(out->name));
	return SCMIA_OK;
}

static int powercap_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_powercap_dom *d = (struct scmia_powercap_dom *)item;

	d->err = scmia_powercap_domain_attributes(ph, id, 1, &d->attrs);
	return d->err;
}

int scmia_powercap_domains_describe(struct scmia_proto_handle *ph,
				    struct scmia_powercap_dom *doms, uint32_t cap, uint32_t *n)
{
	return scmia__proto_describe_all(ph, doms, sizeof(*doms), cap, n, powercap_describe_one);
}

int scmia_powercap_cap_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *cap)
{
	/* POWERCAP_CAP_GET (§4.10.2): in domain_id; out power_cap. */
	return scmia__proto_get_word(ph, SCMIA_POWERCAP_CAP_GET, domain, cap);
}

int scmia_powercap_pai_get(struct scmia_proto_handle *ph, uint32_t domain, uint32_t *pai_us)
{
	/* POWERCAP_PAI_GET (§4.10.2): in domain_id; out pai. */
	return scmia__proto_get_word(ph, SCMIA_POWERCAP_PAI_GET, domain, pai_us);
}

int scmia_powercap_cap_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t flags,
			   uint32_t cap, uint32_t *actual)
{
	uint8_t tx[12], rx[8];
	int ret;

	if (!ph || (flags & ~POWERCAP_SET_F_ALL))
		return SCMIA_EINVAL;
	if ((flags & SCMIA_POWERCAP_SET_F_IGNORE_DRESP) && !(flags & SCMIA_POWERCAP_SET_F_ASYNC))
		return SCMIA_EINVAL;
	/* POWERCAP_CAP_SET (§4.10.2): in domain_id, flags (bit 1 async,
	 * bit 0 ignore delayed response), power_cap. */
	scmia_put_le32(tx, domain);
	scmia_put_le32(tx + 4, flags);
	scmia_put_le32(tx + 8, cap);
	if (!(flags & SCMIA_POWERCAP_SET_F_ASYNC) || (flags & SCMIA_POWERCAP_SET_F_IGNORE_DRESP)) {
		ret = scmia_proto_cmd(ph, SCMIA_POWERCAP_CAP_SET, tx, 12, NULL, 0, 0, NULL, 0);
		if (!ret && actual)
			*actual = cap;
		return ret;
	}
	/* POWERCAP_CAP_SET_COMPLETE: status, domain_id, power_cap. */
	ret = scmia_proto_cmd(ph, SCMIA_POWERCAP_CAP_SET, tx, 12, rx, 8, 8, NULL,
			      SCMIA_XFER_F_ASYNC);
	if (ret)
		return ret;
	if (scmia_get_le32(rx) != domain)
		return SCMIA_EMALFORMED;
	if (actual)
		*actual = scmia_get_le32(rx + 4);
	return SCMIA_OK;
}

int scmia_powercap_pai_set(struct scmia_proto_handle *ph, uint32_t domain, uint32_t pai_us)
{
	uint8_t tx[12];

	if (!ph)
		return SCMIA_EINVAL;
	/* POWERCAP_PAI_SET (§4.10.2): in domain_id, flags (reserved, 0), pai. */
	scmia_put_le32(tx, domain);
	scmia_put_le32(tx + 4, 0);
	scmia_put_le32(tx + 8, pai_us);
	return scmia_proto_cmd(ph, SCMIA_POWERCAP_PAI_SET, tx, 12, NULL, 0, 0, NULL, 0);
}

int scmia_powercap_measurements_get(struct scmia_proto_handle *ph, uint32_t domain,
				    uint32_t *power, uint32_t *pai_us)
{
	uint8_t rx[8];
	int ret;

	if (!ph || !power)
		return SCMIA_EINVAL;
	/* POWERCAP_MEASUREMENTS_GET (§4.10.2): in domain_id; out power, pai. */
	ret = scmia__proto_cmd_id(ph, SCMIA_POWERCAP_MEASUREMENTS_GET, domain, rx, 8, 8, NULL);
	if (ret)
		return ret;
	*power = scmia_get_le32(rx);
	if (pai_us)
		*pai_us = scmia_get_le32(rx + 4);
	return SCMIA_OK;
}

int scmia_powercap_cap_notify(struct scmia_proto_handle *ph, uint32_t domain, int enable)
{
	/* POWERCAP_CAP_NOTIFY (§4.10.2): in domain_id, notify_enable. */
	return scmia__proto_notify(ph, 0u, SCMIA_POWERCAP_CAP_NOTIFY, domain, enable);
}

int scmia_powercap_measurements_notify(struct scmia_proto_handle *ph, uint32_t domain,
				       int enable, uint32_t thresh_low, uint32_t thresh_high)
{
	uint8_t tx[16];

	if (!ph || (enable && thresh_low > thresh_high))
		return SCMIA_EINVAL;
	/* POWERCAP_MEASUREMENTS_NOTIFY (§4.10.2): in domain_id,
	 * notify_enable, power_thresh_low, power_thresh_high. */
	scmia_put_le32(tx, domain);
	scmia_put_le32(tx + 4, enable ? 1u : 0u);
	scmia_put_le32(tx + 8, thresh_low);
	scmia_put_le32(tx + 12, thresh_high);
	return scmia_proto_cmd(ph, SCMIA_POWERCAP_MEASUREMENTS_NOTIFY, tx, 16, NULL, 0, 0, NULL, 0);
}

/* ---- fastchannels ---- */

static int fc_msg_ok(uint8_t msg_id)
{
	return msg_id == SCMIA_POWERCAP_CAP_GET || msg_id == SCMIA_POWERCAP_CAP_SET ||
	       msg_id == SCMIA_POWERCAP_PAI_GET || msg_id == SCMIA_POWERCAP_PAI_SET;
}

int scmia_powercap_describe_fastchannel(struct scmia_proto_handle *ph, uint32_t domain,
					uint8_t msg_id, struct scmia_powercap_fc_info *info)
{
	struct scmia_powercap_dom_attrs da;
	uint8_t tx[8], rx[POWERCAP_FC_LEN_DB];
	uint32_t mattr = 0, len = 0;
	int ret;

	if (!ph || !info || !fc_msg_ok(msg_id))
		return SCMIA_EINVAL;
	memset(info, 0, sizeof(*info));
	/* 1. The domain must support fastchannels. */
	ret = scmia_powercap_domain_attributes(ph, domain, 0, &da);
	if (ret)
		return ret;
	if (!(da.attributes & SCMIA_POWERCAP_ATTR_FASTCHANNEL))
		return SCMIA_ENOTSUP;
	/* 2. The platform must declare this very message for fastchannels. */
	ret = scmia_proto_msg_attributes(ph, msg_id, &mattr);
	if (ret)
		return scmia_err_is_scmi(ret) ? SCMIA_ENOTSUP : ret;
	if (!(mattr & SCMIA_MSG_ATTR_FASTCHANNEL))
		return SCMIA_ENOTSUP;
	/* 3. POWERCAP_DESCRIBE_FASTCHANNEL (§4.10.2): in domain_id,
	 * message_id; out attributes, rate_limit, chan_addr low, high,
	 * chan_size, then with a doorbell: doorbell address low, high,
	 * set mask low, high, preserve mask low, high. */
	scmia_put_le32(tx, domain);
	scmia_put_le32(tx + 4, msg_id);
	ret = scmia_proto_cmd(ph, SCMIA_POWERCAP_DESCRIBE_FASTCHANNEL, tx, 8, rx,
			      POWERCAP_FC_LEN_NODB, sizeof(rx), &len, 0);
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
	if (info->attributes & SCMIA_POWERCAP_FC_ATTR_DOORBELL) {
		if (len < POWERCAP_FC_LEN_DB)
			return SCMIA_ETOOSHORT;
		info->db_width = (uint8_t)(1u << ((info->attributes >> 1) & 0x3u));
		info->db_addr = scmia_get_le64(rx + 20);
		info->db_set_mask = scmia_get_le64(rx + 28);
		info->db_preserve_mask = scmia_get_le64(rx + 36);
	}
	return SCMIA_OK;
}

/* ---- notifications ---- */

int scmia_powercap_cap_changed_decode(const struct scmia_notification *n,
				      struct scmia_powercap_cap_changed *out)
{
	const uint8_t *p;
	int ret;

	/* agent_id, domain_id, power_cap, pai (§4.10.3). */
	ret = scmia__proto_evt(n, SCMIA_PROTO_POWERCAP, SCMIA_POWERCAP_CAP_CHANGED, out,
			       sizeof(*out), 16, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->domain_id = scmia_get_le32(p + 4);
	out->cap = scmia_get_le32(p + 8);
	out->pai_us = scmia_get_le32(p + 12);
	return SCMIA_OK;
}

int scmia_powercap_measurements_changed_decode(const struct scmia_notification *n,
					       struct scmia_powercap_measurements_changed *out)
{
	const uint8_t *p;
	int ret;

	/* agent_id, domain_id, power (§4.10.3). */
	ret = scmia__proto_evt(n, SCMIA_PROTO_POWERCAP, SCMIA_POWERCAP_MEASUREMENTS_CHANGED, out,
			       sizeof(*out), 12, &p);
	if (ret)
		return ret;
	out->agent_id = scmia_get_le32(p);
	out->domain_id = scmia_get_le32(p + 4);
	out->power = scmia_get_le32(p + 8);
	return SCMIA_OK;
}

#endif /* SCMIA_CFG_PROTO_POWERCAP */

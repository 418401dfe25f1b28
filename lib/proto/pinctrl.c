/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pin control protocol (0x19), DEN0056 §4.11 (version 1.0).
 *
 * Bit fields of the two settings messages:
 *
 *   PINCTRL_SETTINGS_GET attributes
 *     31..20 reserved | 19:18 config flag | 17:16 selector | 15:8 skip | 7:0 type
 *     config flag: 0 one configuration (type 7:0), 1 all from index 15:8,
 *                  2 the selected function only
 *
 *   PINCTRL_SETTINGS_CONFIGURE attributes
 *     31..11 reserved | 10 function_id valid | 9:2 configs | 1:0 selector
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/pinctrl.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_PINCTRL

/* PROTOCOL_ATTRIBUTES: attributes_low (groups 31:16, pins 15:0),
 * attributes_high (functions 15:0). */
#define PINCTRL_PROTO_ATTRS_LEN 8u
#define PINCTRL_ATTRS_LEN (4u + SCMIA_PROTO_NAME_LEN)
#define PINCTRL_NAME_REPLY_LEN (4u + SCMIA_PROTO_EXT_NAME_LEN)

#define GET_FLAG_ONE 0u
#define GET_FLAG_ALL 1u
#define GET_FLAG_FUNCTION 2u
#define GET_ATTR(flag, sel, skip, type)                                                \
	(((uint32_t)(flag) << 18) | ((uint32_t)(sel) << 16) | ((uint32_t)(skip) << 8) | \
	 (uint32_t)(type))

/* SETTINGS_CONFIGURE attributes. */
#define CONF_FUNCTION_VALID (1u << 10)
#define CONF_ATTR(fn_valid, n, sel) \
	(((fn_valid) ? CONF_FUNCTION_VALID : 0u) | ((uint32_t)(n) << 2) | (uint32_t)(sel))

static int pinctrl_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	struct scmia_pinctrl_info *pi = (struct scmia_pinctrl_info *)ph->priv;
	uint32_t lo;

	(void)len;
	if (!pi)
		return SCMIA_OK;
	lo = scmia__pr_rd32(attrs);
	pi->n_pins = (uint16_t)(lo & 0xffffu);
	pi->n_groups = (uint16_t)(lo >> 16);
	pi->n_functions = (uint16_t)(scmia__pr_rd32(attrs + 4) & 0xffffu);
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_pinctrl_desc = {
	.id = SCMIA_PROTO_PINCTRL,
	.version = SCMIA_PINCTRL_VERSION,
	.name = "pinctrl",
	.attrs_min_len = PINCTRL_PROTO_ATTRS_LEN,
	.init = pinctrl_init,
	.notify_src = NULL,
};

int scmia_pinctrl_protocol_attributes(const struct scmia_proto_handle *ph,
				      struct scmia_pinctrl_info *out)
{
	if (!ph || !out || !ph->priv)
		return SCMIA_EINVAL;
	*out = *(const struct scmia_pinctrl_info *)ph->priv;
	return SCMIA_OK;
}

static int sel_ok(uint32_t selector)
{
	return selector <= SCMIA_PINCTRL_FUNCTION;
}

/* Pins and groups carry settings and can be requested; functions cannot. */
static int sel_pin_or_group(uint32_t selector)
{
	return selector == SCMIA_PINCTRL_PIN || selector == SCMIA_PINCTRL_GROUP;
}

/* A command of (identifier, flags): PINCTRL_NAME_GET, PINCTRL_ATTRIBUTES
 * (flags: selector 1:0), PINCTRL_SETTINGS_GET (attributes), PINCTRL_REQUEST,
 * PINCTRL_RELEASE (selector). */
static int pin_cmd(struct scmia_proto_handle *ph, uint32_t spec, uint32_t flags, uint32_t id,
		   uint8_t *rx)
{
	uint32_t a[2];

	a[0] = id;
	a[1] = flags;
	return scmia__pr_pcall(ph, spec, a, rx);
}

int scmia_pinctrl_name_get(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
			   char *name, size_t cap)
{
	uint8_t rx[PINCTRL_NAME_REPLY_LEN];
	int ret;

	if (!name || !cap || !sel_ok(selector))
		return SCMIA_EINVAL;
	name[0] = '\0';
	/* PINCTRL_NAME_GET (§4.11.2): in identifier, flags (selector 1:0);
	 * out flags (reserved), name[64]. */
	ret = pin_cmd(ph, PM(SCMIA_PINCTRL_NAME_GET, 2, 0, 17, 17, 0, 0), selector, id, rx);
	if (ret < 0)
		return ret;
	scmia_proto_name_copy(name, cap, rx + 4, SCMIA_PROTO_EXT_NAME_LEN);
	return SCMIA_OK;
}

int scmia_pinctrl_attributes(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
			     int ext_name, struct scmia_pinctrl_attrs *out)
{
	uint8_t rx[PINCTRL_ATTRS_LEN];
	int ret;

	if (!out || !sel_ok(selector))
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* PINCTRL_ATTRIBUTES (§4.11.2): in identifier, flags (selector 1:0);
	 * out attributes (bit 31 extended name, 15:0 associated elements),
	 * name[16]. */
	ret = pin_cmd(ph, PM(SCMIA_PINCTRL_ATTRIBUTES, 2, 0, 5, 5, 0, 0), selector, id, rx);
	if (ret < 0)
		return ret;
	out->attributes = scmia__pr_rd32(rx);
	/* A pin has no associated elements. */
	out->n_elems = selector == SCMIA_PINCTRL_PIN ? 0u : out->attributes & 0xffffu;
	scmia_proto_name_copy(out->name, sizeof(out->name), rx + 4, SCMIA_PROTO_NAME_LEN);
	if (ext_name && (out->attributes & SCMIA_PINCTRL_ATTR_EXT_NAME))
		return scmia_pinctrl_name_get(ph, selector, id, out->name, sizeof(out->name));
	return SCMIA_OK;
}

/* ---- PINCTRL_LIST_ASSOCIATIONS through the shared iterator ---- */

struct assoc_ctx {
	uint16_t *ids;
	uint32_t selector;
	uint32_t id;
};

static int assoc_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len)
{
	struct assoc_ctx *ac = (struct assoc_ctx *)ctx;
	uint32_t *w = (uint32_t *)tx;

	/* in: identifier, flags (selector 1:0), index. */
	(void)cap;
	w[0] = scmia__pr_le32(ac->id);
	w[1] = scmia__pr_le32(ac->selector);
	w[2] = scmia__pr_le32(index);
	*tx_len = 12;
	return SCMIA_OK;
}

static int assoc_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct assoc_ctx *ac = (struct assoc_ctx *)ctx;

	/* Whole: the padded list was checked up front. */
	(void)avail;
	ac->ids[index] = (uint16_t)(p[0] | (p[1] << 8));
	return 2;
}

/* out: flags (remaining 31:16, returned 11:0), array[] of 16-bit ids
 * padded to a word. */
static const struct scmia_proto_iter_ops assoc_ops = {
	.prepare = assoc_prepare,
	.decode_entry = assoc_entry,
	.page = SCMIA_PROTO_PAGE(0, 12, 16, 2, SCMIA_PROTO_PAGE_F_PACKED),
};

int scmia_pinctrl_list_associations(struct scmia_proto_handle *ph, uint32_t selector,
				    uint32_t id, uint16_t *ids, uint32_t cap, uint32_t *n)
{
	struct assoc_ctx ac;
	struct scmia_proto_iter it;
	int ret;

	if (n)
		*n = 0;
	if (!ph || !ids || !cap ||
	    (selector != SCMIA_PINCTRL_GROUP && selector != SCMIA_PINCTRL_FUNCTION))
		return SCMIA_EINVAL;
	ac.ids = ids;
	ac.selector = selector;
	ac.id = id;
	/* PINCTRL_LIST_ASSOCIATIONS (§4.11.2). */
	scmia_proto_iter_init(&it, SCMIA_PINCTRL_LIST_ASSOCIATIONS, &assoc_ops, &ac, cap);
	ret = scmia_proto_iter_run(ph, &it);
	if (n)
		*n = it.count;
	return ret;
}

/* ---- PINCTRL_SETTINGS_GET ---- */

int scmia_pinctrl_settings_get_one(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
				   uint32_t type, uint32_t *value, uint32_t *function)
{
	uint8_t rx[16];
	int ret;

	if (!value || !sel_pin_or_group(selector) || type > 0xffu)
		return SCMIA_EINVAL;
	/* in: identifier, attributes (flag 0: one configuration of @type);
	 * out: function_selected, num_configs (remaining 31:24, returned
	 * 7:0), configs[] of (type, value). */
	ret = pin_cmd(ph, PM(SCMIA_PINCTRL_SETTINGS_GET, 2, 0, 2, 4, 0, 0),
		      GET_ATTR(GET_FLAG_ONE, selector, 0u, type), id, rx);
	if (ret < 0)
		return ret;
	if ((scmia__pr_rd32(rx + 4) & 0xffu) == 0u)
		return SCMIA_EMALFORMED;
	if (ret < 16)
		return SCMIA_ETOOSHORT;
	if ((scmia__pr_rd32(rx + 8) & 0xffu) != type)
		return SCMIA_EMALFORMED;
	*value = scmia__pr_rd32(rx + 12);
	if (function)
		*function = scmia__pr_rd32(rx);
	return SCMIA_OK;
}

int scmia_pinctrl_function_get(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
			       uint32_t *function)
{
	uint8_t rx[8];
	int ret;

	if (!function || !sel_pin_or_group(selector))
		return SCMIA_EINVAL;
	/* in: identifier, attributes (flag 2: the function only); out:
	 * function_selected, num_configs (0). */
	ret = pin_cmd(ph, PM(SCMIA_PINCTRL_SETTINGS_GET, 2, 0, 2, 2, 0, 0),
		      GET_ATTR(GET_FLAG_FUNCTION, selector, 0u, 0u), id, rx);
	if (ret < 0)
		return ret;
	*function = scmia__pr_rd32(rx);
	return SCMIA_OK;
}

struct settings_ctx {
	struct scmia_pinctrl_config *configs;
	uint32_t selector;
	uint32_t id;
	uint32_t function;
};

static int settings_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap,
			    uint32_t *tx_len)
{
	struct settings_ctx *sc = (struct settings_ctx *)ctx;
	uint32_t *w = (uint32_t *)tx;

	/* in: identifier, attributes (all configurations from index 15:8). */
	(void)cap;
	if (index > 0xffu)
		return SCMIA_EMALFORMED;
	w[0] = scmia__pr_le32(sc->id);
	w[1] = scmia__pr_le32(GET_ATTR(GET_FLAG_ALL, sc->selector, index, 0u));
	*tx_len = 8;
	return SCMIA_OK;
}

static int settings_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
			   struct scmia_proto_iter_page *pg)
{
	struct settings_ctx *sc = (struct settings_ctx *)ctx;
	uint32_t w;

	/* out: function_selected, num_configs (remaining 31:24, returned
	 * 7:0), configs[] of (type, value). */
	if (len < 8)
		return SCMIA_ETOOSHORT;
	if (index == 0)
		sc->function = scmia__pr_rd32(rx);
	w = scmia__pr_rd32(rx + 4);
	pg->returned = w & 0xffu;
	pg->remaining = w >> 24;
	pg->hdr_len = 8;
	pg->min_len = 8u + pg->returned * 8u;
	return SCMIA_OK;
}

static int settings_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct settings_ctx *sc = (struct settings_ctx *)ctx;

	if (avail < 8)
		return SCMIA_ETOOSHORT;
	sc->configs[index].type = scmia__pr_rd32(p) & 0xffu;
	sc->configs[index].value = scmia__pr_rd32(p + 4);
	return 8;
}

static const struct scmia_proto_iter_ops settings_ops = {
	.prepare = settings_prepare,
	.decode_header = settings_header,
	.decode_entry = settings_entry,
};

int scmia_pinctrl_settings_get(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id,
			       uint32_t *function, struct scmia_pinctrl_config *configs,
			       uint32_t cap, uint32_t *n)
{
	struct settings_ctx sc;
	struct scmia_proto_iter it;
	int ret;

	if (n)
		*n = 0;
	if (!ph || !configs || !cap || !sel_pin_or_group(selector))
		return SCMIA_EINVAL;
	sc.configs = configs;
	sc.selector = selector;
	sc.id = id;
	sc.function = SCMIA_PINCTRL_NO_FUNCTION;
	/* PINCTRL_SETTINGS_GET (§4.11.2), paged by configuration index. */
	scmia_proto_iter_init(&it, SCMIA_PINCTRL_SETTINGS_GET, &settings_ops, &sc, cap);
	ret = scmia_proto_iter_run(ph, &it);
	if (n)
		*n = it.count;
	if (function)
		*function = sc.function;
	return ret;
}

/* ---- PINCTRL_SETTINGS_CONFIGURE ---- */

int scmia_pinctrl_settings_configure(struct scmia_proto_handle *ph, uint32_t selector,
				     uint32_t id, uint32_t function,
				     const struct scmia_pinctrl_config *configs, uint32_t n)
{
	uint32_t tx[3u + 2u * SCMIA_PINCTRL_CONFIGS_PER_MSG];
	uint32_t done = 0, k, i;
	int fn_valid = function != SCMIA_PINCTRL_NO_FUNCTION;
	int ret;

	if (!ph || !sel_pin_or_group(selector) || (n && !configs) || (!n && !fn_valid))
		return SCMIA_EINVAL;
	ret = scmia_proto_ready(ph);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		if (configs[i].type > 0xffu)
			return SCMIA_EINVAL;
	/* in: identifier, function_id, attributes (bit 10 function valid,
	 * 9:2 configs, 1:0 selector), configs[] of (type, value). The
	 * function goes with the first message only. */
	do {
		k = n - done;
		if (k > SCMIA_PINCTRL_CONFIGS_PER_MSG)
			k = SCMIA_PINCTRL_CONFIGS_PER_MSG;
		tx[0] = scmia__pr_le32(id);
		tx[1] = scmia__pr_le32(fn_valid ? function : SCMIA_PINCTRL_NO_FUNCTION);
		tx[2] = scmia__pr_le32(CONF_ATTR(fn_valid, k, selector));
		for (i = 0; i < k; i++) {
			tx[3 + 2 * i] = scmia__pr_le32(configs[done + i].type);
			tx[4 + 2 * i] = scmia__pr_le32(configs[done + i].value);
		}
		ret = scmia_proto_cmd(ph, SCMIA_PINCTRL_SETTINGS_CONFIGURE, tx, 12u + 8u * k, NULL,
				      0, 0, NULL, 0);
		if (ret)
			return ret;
		done += k;
		fn_valid = 0;
	} while (done < n);
	return SCMIA_OK;
}

/* ---- request / release ---- */

static int req_rel(struct scmia_proto_handle *ph, uint8_t msg_id, uint32_t selector, uint32_t id)
{
	if (!sel_pin_or_group(selector))
		return SCMIA_EINVAL;
	/* in: identifier, flags (selector 1:0); out: status. */
	return pin_cmd(ph, PM(msg_id, 2, 0, 0, 0, 0, 0), selector, id, NULL);
}

int scmia_pinctrl_request(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id)
{
	/* PINCTRL_REQUEST (§4.11.2). */
	return req_rel(ph, SCMIA_PINCTRL_REQUEST, selector, id);
}

int scmia_pinctrl_release(struct scmia_proto_handle *ph, uint32_t selector, uint32_t id)
{
	/* PINCTRL_RELEASE (§4.11.2). */
	return req_rel(ph, SCMIA_PINCTRL_RELEASE, selector, id);
}

#endif /* SCMIA_CFG_PROTO_PINCTRL */

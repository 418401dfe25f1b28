/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated platform: Pin control protocol (0x19), v1.0, DEN0056 §4.11.
 *
 * Requesting a pin or group that is already requested answers IN_USE
 * (the simulated platform has one agent, so this is how a test sees that
 * status); pins of "secure-gpio" belong to another agent and answer DENIED.
 */
#include <string.h>

#include "scmia_sim_pb.h"
#include "sim_internal.h"

#define PIN_ID 0x19u

#define SEL_PIN 0u
#define SEL_GROUP 1u
#define SEL_FUNCTION 2u

#define NO_FUNCTION 0xffffffffu
#define PIN_PAGE_IDS 4u     /* ids per LIST_ASSOCIATIONS page */
#define PIN_PAGE_CONFIGS 2u /* configurations per SETTINGS_GET page */
#define CONF_OEM_FIRST 192u
#define CONF_STD_LAST 20u

struct pin_group {
	const char *name;
	const char *ext_name;
	uint32_t n;
	uint16_t pins[10];
};

struct pin_function {
	const char *name;
	uint32_t n;
	uint16_t groups[2];
};

static const struct pin_group pin_groups[SCMIA_SIM_PIN_GROUPS] = {
	{ "uart0", NULL, 2, { 0, 1 } },
	{ "uart1", "uart1-rx-tx-rts-cts", 4, { 2, 3, 4, 5 } },
	{ "spi0", NULL, 4, { 8, 9, 10, 11 } },
	{ "i2c0", NULL, 2, { 12, 13 } },
	{ "sdmmc0", NULL, 10, { 14, 15, 16, 17, 18, 19, 20, 21, 22, 23 } },
	{ "secure-gpio", NULL, 2, { 6, 7 } },
};

static const struct pin_function pin_functions[SCMIA_SIM_PIN_FUNCTIONS] = {
	{ "uart", 2, { 0, 1 } },
	{ "spi", 1, { 2 } },
	{ "i2c", 1, { 3 } },
	{ "sdmmc", 1, { 4 } },
};

static int group_has_pin(uint32_t g, uint32_t pin)
{
	uint32_t i;

	for (i = 0; i < pin_groups[g].n; i++)
		if (pin_groups[g].pins[i] == pin)
			return 1;
	return 0;
}

static int pin_denied(uint32_t pin)
{
	return group_has_pin(SCMIA_SIM_PIN_GROUP_DENIED, pin);
}

static int function_has_group(uint32_t f, uint32_t g)
{
	uint32_t i;

	for (i = 0; i < pin_functions[f].n; i++)
		if (pin_functions[f].groups[i] == g)
			return 1;
	return 0;
}

static void pin_name(uint32_t pin, char name[8])
{
	name[0] = 'p';
	name[1] = (char)('a' + pin / 8u);
	name[2] = (char)('0' + pin % 8u);
	name[3] = '\0';
}

/* Check a (selector, id); for settings and requests only pins and groups. */
static int32_t pin_target(uint32_t sel, uint32_t id, int allow_function)
{
	if (sel == SEL_PIN)
		return id < SCMIA_SIM_PINS ? SCMIA_STATUS_SUCCESS : SCMIA_STATUS_NOT_FOUND;
	if (sel == SEL_GROUP)
		return id < SCMIA_SIM_PIN_GROUPS ? SCMIA_STATUS_SUCCESS : SCMIA_STATUS_NOT_FOUND;
	if (sel == SEL_FUNCTION && allow_function)
		return id < SCMIA_SIM_PIN_FUNCTIONS ? SCMIA_STATUS_SUCCESS : SCMIA_STATUS_NOT_FOUND;
	return SCMIA_STATUS_INVALID_PARAMETERS;
}

static int target_denied(uint32_t sel, uint32_t id)
{
	return (sel == SEL_PIN && pin_denied(id)) ||
	       (sel == SEL_GROUP && id == SCMIA_SIM_PIN_GROUP_DENIED);
}

static struct scmia_sim_pin_settings *pin_settings(struct scmia_sim_pinctrl *p, uint32_t sel,
						   uint32_t id)
{
	return sel == SEL_PIN ? &p->pin[id] : &p->group[id];
}

static int32_t pin_proto_attributes(void *ctx, const struct scmia_sim_req *req,
				    struct scmia_sim_resp *r)
{
	(void)ctx;
	(void)req;
	/* attributes_low: groups 31:16, pins 15:0; attributes_high: functions. */
	scmia_sim_resp_put_le32(r, (SCMIA_SIM_PIN_GROUPS << 16) | SCMIA_SIM_PINS);
	scmia_sim_resp_put_le32(r, SCMIA_SIM_PIN_FUNCTIONS);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pin_attributes(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	uint32_t id = scmia_get_le32(req->payload), flags = scmia_get_le32(req->payload + 4);
	uint32_t sel = flags & 3u;
	int32_t st = (flags & ~3u) ? SCMIA_STATUS_INVALID_PARAMETERS : pin_target(sel, id, 1);
	char name[8];

	(void)ctx;
	if (st)
		return st;
	/* attributes (31 extended name, 15:0 elements), name[16]. */
	if (sel == SEL_PIN) {
		pin_name(id, name);
		scmia_sim_resp_put_le32(r, 0);
		scmia_sim_resp_put_str(r, name, 16);
	} else if (sel == SEL_GROUP) {
		scmia_sim_resp_put_le32(r, (pin_groups[id].ext_name ? 1u << 31 : 0u) |
						   pin_groups[id].n);
		scmia_sim_resp_put_str(r, pin_groups[id].name, 16);
	} else {
		scmia_sim_resp_put_le32(r, pin_functions[id].n);
		scmia_sim_resp_put_str(r, pin_functions[id].name, 16);
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pin_list_assoc(void *ctx, const struct scmia_sim_req *req,
			      struct scmia_sim_resp *r)
{
	uint32_t id = scmia_get_le32(req->payload), sel = scmia_get_le32(req->payload + 4);
	uint32_t index = scmia_get_le32(req->payload + 8), total, n, i;
	int32_t st;
	uint8_t ids[2 * PIN_PAGE_IDS];

	(void)ctx;
	if (sel != SEL_GROUP && sel != SEL_FUNCTION)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	st = pin_target(sel, id, 1);
	if (st)
		return st;
	total = sel == SEL_GROUP ? pin_groups[id].n : pin_functions[id].n;
	if (index > total)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	n = total - index < PIN_PAGE_IDS ? total - index : PIN_PAGE_IDS;
	/* flags (remaining 31:16, returned 11:0), 16-bit ids padded to 4. */
	scmia_sim_resp_put_le32(r, ((total - index - n) << 16) | n);
	memset(ids, 0, sizeof(ids));
	for (i = 0; i < n; i++) {
		uint16_t v = sel == SEL_GROUP ? pin_groups[id].pins[index + i] :
						pin_functions[id].groups[index + i];

		ids[2 * i] = (uint8_t)(v & 0xffu);
		ids[2 * i + 1] = (uint8_t)(v >> 8);
	}
	scmia_sim_resp_put_bytes(r, ids, (2u * n + 3u) & ~3u);
	return SCMIA_STATUS_SUCCESS;
}

static int conf_type_ok(uint32_t type)
{
	return type <= CONF_STD_LAST || (type >= CONF_OEM_FIRST && type <= 0xffu);
}

static int32_t pin_settings_get(void *ctx, const struct scmia_sim_req *req,
				struct scmia_sim_resp *r)
{
	struct scmia_sim_pinctrl *p = (struct scmia_sim_pinctrl *)ctx;
	uint32_t id = scmia_get_le32(req->payload), attr = scmia_get_le32(req->payload + 4);
	uint32_t flag = (attr >> 18) & 3u, sel = (attr >> 16) & 3u, skip = (attr >> 8) & 0xffu;
	uint32_t type = attr & 0xffu, i, n;
	struct scmia_sim_pin_settings *s;
	int32_t st = pin_target(sel, id, 0);

	if (st)
		return st;
	if ((attr >> 20) || flag == 3u)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (target_denied(sel, id))
		return SCMIA_STATUS_DENIED;
	s = pin_settings(p, sel, id);
	/* function_selected, num_configs (remaining 31:24, returned 7:0),
	 * configs[] of (type, value). */
	scmia_sim_resp_put_le32(r, s->function);
	if (flag == 2u) {
		scmia_sim_resp_put_le32(r, 0);
		return SCMIA_STATUS_SUCCESS;
	}
	if (flag == 0u) {
		uint32_t value = 0;

		if (!conf_type_ok(type))
			return SCMIA_STATUS_INVALID_PARAMETERS;
		for (i = 0; i < s->n; i++)
			if (s->type[i] == type)
				value = s->value[i];
		scmia_sim_resp_put_le32(r, 1);
		scmia_sim_resp_put_le32(r, type);
		scmia_sim_resp_put_le32(r, value);
		return SCMIA_STATUS_SUCCESS;
	}
	if (skip > s->n)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	n = s->n - skip < PIN_PAGE_CONFIGS ? s->n - skip : PIN_PAGE_CONFIGS;
	scmia_sim_resp_put_le32(r, ((s->n - skip - n) << 24) | n);
	for (i = skip; i < skip + n; i++) {
		scmia_sim_resp_put_le32(r, s->type[i]);
		scmia_sim_resp_put_le32(r, s->value[i]);
	}
	return SCMIA_STATUS_SUCCESS;
}

/* Store one configuration (replacing one of the same type). */
static int32_t conf_store(struct scmia_sim_pin_settings *s, uint32_t type, uint32_t value)
{
	uint32_t i;

	for (i = 0; i < s->n; i++) {
		if (s->type[i] == type) {
			s->value[i] = value;
			return SCMIA_STATUS_SUCCESS;
		}
	}
	if (s->n >= SCMIA_SIM_PIN_CONFIGS)
		return SCMIA_STATUS_OUT_OF_RANGE;
	s->type[s->n] = type;
	s->value[s->n] = value;
	s->n++;
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pin_settings_configure(void *ctx, const struct scmia_sim_req *req,
				      struct scmia_sim_resp *r)
{
	struct scmia_sim_pinctrl *p = (struct scmia_sim_pinctrl *)ctx;
	uint32_t id = scmia_get_le32(req->payload), fn = scmia_get_le32(req->payload + 4);
	uint32_t attr = scmia_get_le32(req->payload + 8);
	uint32_t sel = attr & 3u, n = (attr >> 2) & 0xffu, fn_valid = (attr >> 10) & 1u;
	uint32_t i, k;
	int32_t st = pin_target(sel, id, 0);

	(void)r;
	if (st)
		return st;
	/* attributes: 10 function valid, 9:2 configs, 1:0 selector. */
	if ((attr >> 11) || req->len < 12u + 8u * n)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	if (target_denied(sel, id))
		return SCMIA_STATUS_DENIED;
	if (fn_valid) {
		int ok = 0;

		if (fn >= SCMIA_SIM_PIN_FUNCTIONS)
			return SCMIA_STATUS_NOT_FOUND;
		if (sel == SEL_GROUP)
			ok = function_has_group(fn, id);
		for (k = 0; sel == SEL_PIN && k < pin_functions[fn].n; k++)
			ok |= group_has_pin(pin_functions[fn].groups[k], id);
		if (!ok)
			return SCMIA_STATUS_INVALID_PARAMETERS;
	}
	for (i = 0; i < n; i++)
		if (!conf_type_ok(scmia_get_le32(req->payload + 12 + 8 * i)))
			return SCMIA_STATUS_NOT_SUPPORTED;
	for (i = 0; i < n; i++) {
		uint32_t type = scmia_get_le32(req->payload + 12 + 8 * i);
		uint32_t value = scmia_get_le32(req->payload + 16 + 8 * i);

		st = conf_store(pin_settings(p, sel, id), type, value);
		if (st)
			return st;
		if (sel == SEL_GROUP)
			for (k = 0; k < pin_groups[id].n; k++)
				(void)conf_store(&p->pin[pin_groups[id].pins[k]], type, value);
	}
	if (fn_valid) {
		pin_settings(p, sel, id)->function = fn;
		if (sel == SEL_GROUP)
			for (k = 0; k < pin_groups[id].n; k++)
				p->pin[pin_groups[id].pins[k]].function = fn;
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pin_request(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_pinctrl *p = (struct scmia_sim_pinctrl *)ctx;
	uint32_t id = scmia_get_le32(req->payload), sel = scmia_get_le32(req->payload + 4);
	uint32_t *mask;
	int32_t st = (sel & ~3u) ? SCMIA_STATUS_INVALID_PARAMETERS : pin_target(sel, id, 0);

	(void)r;
	if (st)
		return st;
	if (target_denied(sel, id))
		return SCMIA_STATUS_DENIED;
	mask = sel == SEL_PIN ? &p->requested : &p->group_requested;
	if (*mask & (1u << id))
		return SCMIA_STATUS_IN_USE;
	*mask |= 1u << id;
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pin_release(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_pinctrl *p = (struct scmia_sim_pinctrl *)ctx;
	uint32_t id = scmia_get_le32(req->payload), sel = scmia_get_le32(req->payload + 4);
	uint32_t *mask;
	int32_t st = (sel & ~3u) ? SCMIA_STATUS_INVALID_PARAMETERS : pin_target(sel, id, 0);

	(void)r;
	if (st)
		return st;
	if (target_denied(sel, id))
		return SCMIA_STATUS_DENIED;
	mask = sel == SEL_PIN ? &p->requested : &p->group_requested;
	if (!(*mask & (1u << id)))
		return SCMIA_STATUS_INVALID_PARAMETERS;
	*mask &= ~(1u << id);
	return SCMIA_STATUS_SUCCESS;
}

static int32_t pin_name_get(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint32_t id = scmia_get_le32(req->payload), sel = scmia_get_le32(req->payload + 4) & 3u;
	int32_t st = pin_target(sel, id, 1);

	(void)ctx;
	if (st)
		return st;
	if (sel != SEL_GROUP || !pin_groups[id].ext_name)
		return SCMIA_STATUS_NOT_SUPPORTED;
	/* flags (reserved), name[64]. */
	scmia_sim_resp_put_le32(r, 0);
	scmia_sim_resp_put_str(r, pin_groups[id].ext_name, 64);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg pin_msgs[] = {
	{ .msg_id = 0x1, .fn = pin_proto_attributes },
	{ .msg_id = 0x3, .min_len = 8, .fn = pin_attributes },
	{ .msg_id = 0x4, .min_len = 12, .fn = pin_list_assoc },
	{ .msg_id = 0x5, .min_len = 8, .fn = pin_settings_get },
	{ .msg_id = 0x6, .min_len = 12, .fn = pin_settings_configure },
	{ .msg_id = 0x7, .min_len = 8, .fn = pin_request },
	{ .msg_id = 0x8, .min_len = 8, .fn = pin_release },
	{ .msg_id = 0x9, .min_len = 8, .fn = pin_name_get },
};

int scmia_sim_pinctrl_register(struct scmia_sim *sim, struct scmia_sim_pinctrl *p)
{
	unsigned i;

	if (!sim || !p)
		return SCMIA_EINVAL;
	memset(p, 0, sizeof(*p));
	for (i = 0; i < SCMIA_SIM_PINS; i++)
		p->pin[i].function = NO_FUNCTION;
	for (i = 0; i < SCMIA_SIM_PIN_GROUPS; i++)
		p->group[i].function = NO_FUNCTION;
	p->proto.id = PIN_ID;
	p->proto.flags = SCMIA_SIM_PROTO_F_NEGOTIATE;
	p->proto.version = 0x10000u;
	p->proto.min_version = 0x10000u;
	p->proto.msgs = pin_msgs;
	p->proto.n_msgs = sizeof(pin_msgs) / sizeof(pin_msgs[0]);
	p->proto.ctx = p;
	return scmia_sim_register_proto(sim, &p->proto);
}

uint32_t scmia_sim_pinctrl_pin(struct scmia_sim *sim, struct scmia_sim_pinctrl *p, uint32_t pin,
			       uint32_t type, uint32_t *value)
{
	uint32_t fn, i;

	if (!sim || !p || pin >= SCMIA_SIM_PINS)
		return NO_FUNCTION;
	sim_lock(sim);
	fn = p->pin[pin].function;
	for (i = 0; value && i < p->pin[pin].n; i++)
		if (p->pin[pin].type[i] == type)
			*value = p->pin[pin].value[i];
	sim_unlock(sim);
	return fn;
}

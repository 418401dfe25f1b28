/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Harness "proto": every protocol helper and decoder of lib/proto against a
 * platform whose every reply comes from the input.
 *
 * The agent runs on the loopback transport (transports/loopback). Each
 * command the helpers send is answered at the next back-off tick with a
 * status word and payload bytes taken from the input, or with the previous
 * reply again ("repeat": a paged reply whose stream never moves on), and
 * optionally followed by a delayed response with input bytes. The front
 * stream picks helpers (attach, discovery, every *_get / *_set / describe
 * / paged list / name / notify helper, the fastchannel binding and
 * accessors) with small ids and output capacities, and runs every
 * notification decoder over input payloads held in exact-size heap
 * buffers (any read past the payload is an ASan report).
 *
 * Checks: counts never exceed the capacity given, names are NUL-terminated
 * within their buffer, a helper never sends more than HELPER_MAX commands
 * (a loop fed by a repeating stream is reported as "hang"), and at the end
 * a well-behaved platform's PROTOCOL_VERSION succeeds and no slot, token
 * or queued command is left behind.
 */
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "scmia/proto/base.h"
#include "scmia/proto/clock.h"
#include "scmia/proto/perf.h"
#include "scmia/proto/pinctrl.h"
#include "scmia/proto/power.h"
#include "scmia/proto/powercap.h"
#include "scmia/proto/proto.h"
#include "scmia/proto/reset.h"
#include "scmia/proto/sensor.h"
#include "scmia/proto/system.h"
#include "scmia/proto/voltage.h"
#include "scmia_loopback.h"

#define SLOTS 4u
#define MSG_SIZE 248u
#define REPLY_TMO 2000u
#define DRESP_TMO 6000u
#define RELAX_US 100u
#define HELPER_MAX 4096u
#define N_HANDLES 12u

static struct h {
	struct fz_in in;
	struct fz_os os;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_loopback_chan la, lp;
	struct scmia_loopback_msg ma[SLOTS * 2u], mp[SLOTS * 2u];
	uint16_t qa[SLOTS * 2u], qp[SLOTS * 2u];
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[N_HANDLES];
	struct scmia_proto_handle *ph[10];
	struct scmia_base_info base_info;
	struct scmia_power_info power_info;
	struct scmia_perf_info perf_info;
	struct scmia_clock_info clock_info;
	struct scmia_sensor_info sensor_info;
	struct scmia_pinctrl_info pinctrl_info;
	uint8_t last[MSG_SIZE + 8u];
	uint32_t last_len;
	uint8_t repeat;
	uint8_t behaving;
	unsigned cmds;    /* commands sent during the current helper */
	uint32_t fc_mem[16];
	uint64_t fc_db;
	SCMIA_CHAN_MEM_DEFINE(mem_a, SLOTS, MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p, SLOTS, MSG_SIZE);
} H;

/* ------------------------------------------------------------------ */
/* Platform                                                            */
/* ------------------------------------------------------------------ */

static void kick(void *ctx, struct scmia_loopback_chan *lc)
{
	struct h *h = ctx;

	(void)lc;
	fz_step("command");
	fz_os_assert_unlocked(&h->os, "loopback kick");
	if (++h->cmds > HELPER_MAX)
		fz_fail("hang", "one protocol helper sent more than %u commands: a paged walk "
				"fed a repeating stream never ends", HELPER_MAX);
}

/* Answer every command queued (at a back-off tick). */
static void answer(struct h *h)
{
	uint32_t hdr, len;
	uint8_t req[MSG_SIZE];
	uint8_t body[MSG_SIZE + 8u];

	while (scmia_loopback_cmd_pop(&h->la, &hdr, req, sizeof(req), &len) == SCMIA_OK) {
		uint32_t n;
		uint8_t b = h->behaving ? 0u : fz_plat_u8(&h->in, 0);

		if (h->behaving || !fz_plat_more(&h->in)) {
			/* Well-behaved: SUCCESS, version 2.0, zeros. */
			memset(body, 0, 72);
			scmia_put_le32(body + 4, 0x00020000u);
			n = 72;
		} else if (b >= 240u && h->last_len) {
			h->repeat = 1; /* from now on the same reply again and again */
			memcpy(body, h->last, h->last_len);
			n = h->last_len;
		} else if (h->repeat && b < 200u) {
			memcpy(body, h->last, h->last_len);
			n = h->last_len;
		} else {
			n = 4u + fz_plat_below(&h->in, MSG_SIZE - 4u, 0);
			scmia_put_le32(body, (uint32_t)fz_status_table[b & 15u]);
			for (uint32_t i = 4; i < n; i++)
				body[i] = fz_plat_u8(&h->in, 0);
			if (b & 0x10u)
				n = b & 7u; /* a body too short to hold a status */
			memcpy(h->last, body, n);
			h->last_len = n;
		}
		(void)scmia_loopback_deliver(&h->la, hdr, body, n);
		if (h->behaving || (b & 0x20u)) {
			/* a delayed response (ignored unless the command is async) */
			uint32_t dh = (hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);

			if (!h->behaving && (b & 0x40u)) {
				n = fz_plat_below(&h->in, MSG_SIZE, 8);
				for (uint32_t i = 0; i < n; i++)
					body[i] = fz_plat_u8(&h->in, 0);
			}
			(void)scmia_loopback_deliver(&h->lp, dh, body, n);
		}
	}
}

static void tick(void *ctx)
{
	answer((struct h *)ctx);
}

/* ------------------------------------------------------------------ */
/* Output checks                                                       */
/* ------------------------------------------------------------------ */

static void check_name(const char *name, size_t cap, const char *what)
{
	if (cap && !memchr(name, 0, cap))
		fz_fail("decoder", "%s: name not NUL-terminated within its %zu-byte buffer", what,
			cap);
}

static void check_count(int ret, uint32_t n, uint32_t cap, const char *what)
{
	if (ret == SCMIA_OK || ret == SCMIA_ENOSPC)
		FZ_CHECK(n <= cap, "decoder", "%s: %u entries reported in a buffer of %u", what,
			 (unsigned)n, (unsigned)cap);
}

/* An exact-size heap array of @n elements of @size (ASan sees overruns). */
static void *arr(uint32_t n, size_t size)
{
	void *p = calloc(n ? n : 1u, size);

	if (!p)
		fz_fail("harness", "out of memory");
	return p;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

enum { P_BASE, P_POWER, P_SYSTEM, P_PERF, P_CLOCK, P_SENSOR, P_RESET, P_VOLTAGE, P_POWERCAP,
       P_PINCTRL, P__COUNT };

static uint32_t small_id(struct h *h)
{
	uint8_t b = fz_cmd_u8(&h->in);

	return b < 240u ? (uint32_t)(b & 7u) : fz_cmd_u32(&h->in);
}

static uint32_t small_cap(struct h *h)
{
	return fz_cmd_u8(&h->in) % 9u;
}

static void call_helper(struct h *h, unsigned which)
{
	struct scmia_proto_handle *const *ph = h->ph;
	uint32_t id = small_id(h), cap = small_cap(h), n = 0, u = 0, v = 0;
	uint8_t sel = fz_cmd_u8(&h->in);
	char name[SCMIA_PROTO_EXT_NAME_LEN + 1];
	size_t ncap = (size_t)(sel % (SCMIA_PROTO_EXT_NAME_LEN + 1u)) + 1u;
	int ret = 0;

	memset(name, 0x55, sizeof(name));
	switch (which) {
	/* ---- Base ---- */
	case 0: {
		struct scmia_base_info bi;

		ret = scmia_base_protocol_attributes(ph[P_BASE], &bi);
		break;
	}
	case 1:
		ret = scmia_base_discover_vendor(ph[P_BASE], name, ncap);
		if (!ret)
			check_name(name, ncap, "base vendor");
		break;
	case 2:
		ret = scmia_base_discover_sub_vendor(ph[P_BASE], name, ncap);
		if (!ret)
			check_name(name, ncap, "base sub-vendor");
		break;
	case 3:
		ret = scmia_base_discover_implementation_version(ph[P_BASE], &u);
		break;
	case 4: {
		uint8_t *ids = arr(cap, 1);

		ret = scmia_base_discover_list_protocols(ph[P_BASE], ids, cap, &n);
		check_count(ret, n, cap, "base list protocols");
		free(ids);
		break;
	}
	case 5:
		ret = scmia_base_discover_agent(ph[P_BASE], id, &u, name, ncap);
		if (!ret)
			check_name(name, ncap, "base agent");
		break;
	case 6:
		ret = scmia_base_notify_errors(ph[P_BASE], sel & 1);
		break;
	case 7:
		ret = scmia_base_set_device_permissions(ph[P_BASE], id, sel, sel & 1);
		break;
	case 8:
		ret = scmia_base_set_protocol_permissions(ph[P_BASE], id, sel, (uint8_t)(0x10u + (sel & 7u)),
							  sel & 1);
		break;
	case 9:
		ret = scmia_base_reset_agent_configuration(ph[P_BASE], id, sel & 1);
		break;
	case 10:
		ret = scmia_base_discover(&h->set);
		break;
	/* ---- Power ---- */
	case 11: {
		struct scmia_power_dom_attrs a;

		ret = scmia_power_domain_attributes(ph[P_POWER], id, sel & 1, &a);
		if (!ret)
			check_name(a.name, sizeof(a.name), "power domain");
		break;
	}
	case 12: {
		struct scmia_power_dom *d = arr(cap, sizeof(*d));

		ret = scmia_power_domains_describe(ph[P_POWER], d, cap, &n);
		check_count(ret, n, cap, "power domains");
		free(d);
		break;
	}
	case 13:
		ret = scmia_power_state_set(ph[P_POWER], id, sel, sel >> 4);
		break;
	case 14:
		ret = scmia_power_state_get(ph[P_POWER], id, &u);
		break;
	case 15:
		ret = scmia_power_state_notify(ph[P_POWER], id, sel & 1);
		break;
	case 16:
		ret = scmia_power_domain_name_get(ph[P_POWER], id, name, ncap);
		if (!ret)
			check_name(name, ncap, "power name");
		break;
	/* ---- System ---- */
	case 17:
		ret = scmia_system_power_state_set_attributes(ph[P_SYSTEM], &u);
		break;
	case 18:
		ret = scmia_system_power_state_set(ph[P_SYSTEM], sel & 1, sel >> 1);
		break;
	case 19:
		ret = scmia_system_power_state_get(ph[P_SYSTEM], &u);
		break;
	case 20:
		ret = scmia_system_power_state_notify(ph[P_SYSTEM], sel & 1);
		break;
	/* ---- Performance ---- */
	case 21: {
		struct scmia_perf_info pi;

		ret = scmia_perf_protocol_attributes(ph[P_PERF], &pi);
		break;
	}
	case 22: {
		struct scmia_perf_dom_attrs a;

		ret = scmia_perf_domain_attributes(ph[P_PERF], id, sel & 1, &a);
		if (!ret) {
			check_name(a.name, sizeof(a.name), "perf domain");
			(void)scmia_perf_level_to_hz(&a, fz_cmd_u32(&h->in));
		}
		break;
	}
	case 23: {
		struct scmia_perf_dom *d = arr(cap, sizeof(*d));

		ret = scmia_perf_domains_describe(ph[P_PERF], d, cap, &n);
		check_count(ret, n, cap, "perf domains");
		free(d);
		break;
	}
	case 24: {
		struct scmia_perf_level *l = arr(cap, sizeof(*l));

		ret = scmia_perf_describe_levels(ph[P_PERF], id, l, cap, &n);
		check_count(ret, n, cap, "perf levels");
		free(l);
		break;
	}
	case 25:
		ret = scmia_perf_limits_set(ph[P_PERF], id, sel, sel >> 2);
		break;
	case 26:
		ret = scmia_perf_limits_get(ph[P_PERF], id, &u, &v);
		break;
	case 27:
		ret = scmia_perf_level_set(ph[P_PERF], id, sel);
		break;
	case 28:
		ret = scmia_perf_level_get(ph[P_PERF], id, &u);
		break;
	case 29:
		ret = (sel & 1) ? scmia_perf_notify_limits(ph[P_PERF], id, sel & 2)
				: scmia_perf_notify_level(ph[P_PERF], id, sel & 2);
		break;
	case 30:
		ret = scmia_perf_domain_name_get(ph[P_PERF], id, name, ncap);
		if (!ret)
			check_name(name, ncap, "perf name");
		break;
	case 31: {
		static const uint8_t msgs[4] = { 7, 8, 5, 6 };
		struct scmia_perf_fc_info fi;
		struct scmia_perf_fc fc;

		ret = scmia_perf_describe_fastchannel(ph[P_PERF], id, msgs[sel & 3u], &fi);
		if (ret)
			break;
		memset(&fc, 0, sizeof(fc));
		/* The host maps what the platform describes: here 64 bytes. */
		if (fi.chan_size > sizeof(h->fc_mem))
			break;
		if (scmia_perf_fc_bind(&fc, &fi, h->fc_mem, &h->fc_db) != SCMIA_OK)
			break;
		(void)scmia_perf_fc_level_set(&fc, sel);
		(void)scmia_perf_fc_level_get(&fc, &u);
		(void)scmia_perf_fc_limits_set(&fc, sel, sel >> 1);
		(void)scmia_perf_fc_limits_get(&fc, &u, &v);
		break;
	}
	/* ---- Clock ---- */
	case 32: {
		struct scmia_clock_info ci;

		ret = scmia_clock_protocol_attributes(ph[P_CLOCK], &ci);
		(void)scmia_clock_num_clocks(ph[P_CLOCK]);
		break;
	}
	case 33: {
		struct scmia_clock_attrs a;

		ret = scmia_clock_attributes(ph[P_CLOCK], id, sel & 1, &a);
		if (!ret)
			check_name(a.name, sizeof(a.name), "clock");
		break;
	}
	case 34: {
		struct scmia_clock_dom *d = arr(cap, sizeof(*d));

		ret = scmia_clock_describe(ph[P_CLOCK], d, cap, &n);
		check_count(ret, n, cap, "clocks");
		free(d);
		break;
	}
	case 35: {
		uint64_t *r = arr(cap, sizeof(*r));
		struct scmia_clock_rates cr;

		memset(&cr, 0, sizeof(cr));
		ret = scmia_clock_describe_rates(ph[P_CLOCK], id, r, cap, &cr);
		if (!cr.range)
			check_count(ret, cr.count, cap, "clock rates");
		free(r);
		break;
	}
	case 36: {
		uint64_t rate;

		ret = scmia_clock_rate_get(ph[P_CLOCK], id, &rate);
		break;
	}
	case 37: {
		uint64_t actual;

		ret = scmia_clock_rate_set(ph[P_CLOCK], id, sel & 0x0fu, fz_cmd_u32(&h->in), &actual);
		break;
	}
	case 38:
		ret = scmia_clock_config_set(ph[P_CLOCK], id, sel & 3u, sel >> 2, sel);
		break;
	case 39: {
		int en;

		ret = scmia_clock_config_get(ph[P_CLOCK], id, sel, &en, &u);
		break;
	}
	case 40:
		ret = scmia_clock_name_get(ph[P_CLOCK], id, name, ncap);
		if (!ret)
			check_name(name, ncap, "clock name");
		break;
	case 41:
		ret = (sel & 1) ? scmia_clock_rate_notify(ph[P_CLOCK], id, sel & 2)
				: scmia_clock_rate_change_requested_notify(ph[P_CLOCK], id, sel & 2);
		break;
	case 42: {
		uint32_t *p = arr(cap, sizeof(*p));

		ret = scmia_clock_possible_parents_get(ph[P_CLOCK], id, p, cap, &n);
		check_count(ret, n, cap, "clock parents");
		free(p);
		break;
	}
	case 43:
		ret = (sel & 1) ? scmia_clock_parent_set(ph[P_CLOCK], id, sel >> 1)
				: scmia_clock_parent_get(ph[P_CLOCK], id, &u);
		break;
	case 44:
		ret = scmia_clock_get_permissions(ph[P_CLOCK], id, &u);
		break;
	/* ---- Sensor ---- */
	case 45: {
		struct scmia_sensor_info si;

		ret = scmia_sensor_protocol_attributes(ph[P_SENSOR], &si);
		(void)scmia_sensor_num_sensors(ph[P_SENSOR]);
		break;
	}
	case 46: {
		struct scmia_sensor_desc *d = arr(cap, sizeof(*d));

		ret = scmia_sensor_description_get(ph[P_SENSOR], d, cap, sel & 1, &n);
		check_count(ret, n, cap, "sensor descriptions");
		for (uint32_t i = 0; i < n && i < cap && ret == SCMIA_OK; i++)
			check_name(d[i].name, sizeof(d[i].name), "sensor");
		free(d);
		break;
	}
	case 47:
		ret = scmia_sensor_name_get(ph[P_SENSOR], id, name, ncap);
		if (!ret)
			check_name(name, ncap, "sensor name");
		break;
	case 48: {
		uint32_t cnt = 1u + cap;
		struct scmia_sensor_reading *r = arr(cnt, sizeof(*r));

		ret = scmia_sensor_reading_get(ph[P_SENSOR], id, sel & 1u, r, cnt);
		free(r);
		break;
	}
	case 49:
		ret = (sel & 1) ? scmia_sensor_trip_point_notify(ph[P_SENSOR], id, sel & 2)
				: scmia_sensor_continuous_update_notify(ph[P_SENSOR], id, sel & 2);
		break;
	case 50:
		ret = scmia_sensor_trip_point_config(ph[P_SENSOR], id, sel, sel >> 4,
						     (int64_t)(int32_t)fz_cmd_u32(&h->in));
		break;
	case 51: {
		struct scmia_sensor_axis *a = arr(cap, sizeof(*a));

		ret = scmia_sensor_axis_description_get(ph[P_SENSOR], id, a, cap, sel & 1, &n);
		check_count(ret, n, cap, "sensor axes");
		if (ret == SCMIA_OK && n)
			(void)scmia_sensor_axis_name_get(ph[P_SENSOR], id, a, n);
		free(a);
		break;
	}
	case 52: {
		uint32_t *iv = arr(cap, sizeof(*iv));
		struct scmia_sensor_intervals si;

		memset(&si, 0, sizeof(si));
		ret = scmia_sensor_list_update_intervals(ph[P_SENSOR], id, iv, cap, &si);
		if (!si.range)
			check_count(ret, si.count, cap, "sensor intervals");
		free(iv);
		break;
	}
	case 53:
		ret = (sel & 1) ? scmia_sensor_config_get(ph[P_SENSOR], id, &u)
				: scmia_sensor_config_set(ph[P_SENSOR], id, sel);
		break;
	/* ---- Reset ---- */
	case 54: {
		struct scmia_reset_dom_attrs a;

		ret = scmia_reset_domain_attributes(ph[P_RESET], id, sel & 1, &a);
		if (!ret)
			check_name(a.name, sizeof(a.name), "reset domain");
		break;
	}
	case 55: {
		struct scmia_reset_dom *d = arr(cap, sizeof(*d));

		ret = scmia_reset_domains_describe(ph[P_RESET], d, cap, &n);
		check_count(ret, n, cap, "reset domains");
		free(d);
		break;
	}
	case 56:
		ret = scmia_reset_reset(ph[P_RESET], id, sel & 7u, sel >> 3);
		break;
	case 57:
		ret = scmia_reset_notify(ph[P_RESET], id, sel & 1);
		break;
	case 58:
		ret = scmia_reset_domain_name_get(ph[P_RESET], id, name, ncap);
		if (!ret)
			check_name(name, ncap, "reset name");
		break;
	/* ---- Voltage ---- */
	case 59: {
		struct scmia_voltage_dom_attrs a;

		ret = scmia_voltage_domain_attributes(ph[P_VOLTAGE], id, sel & 1, &a);
		if (!ret)
			check_name(a.name, sizeof(a.name), "voltage domain");
		break;
	}
	case 60: {
		struct scmia_voltage_dom *d = arr(cap, sizeof(*d));

		ret = scmia_voltage_domains_describe(ph[P_VOLTAGE], d, cap, &n);
		check_count(ret, n, cap, "voltage domains");
		free(d);
		break;
	}
	case 61: {
		int32_t *l = arr(cap, sizeof(*l));
		struct scmia_voltage_levels vl;

		memset(&vl, 0, sizeof(vl));
		ret = scmia_voltage_describe_levels(ph[P_VOLTAGE], id, l, cap, &vl);
		if (!vl.range)
			check_count(ret, vl.count, cap, "voltage levels");
		free(l);
		break;
	}
	case 62:
		ret = (sel & 1) ? scmia_voltage_config_get(ph[P_VOLTAGE], id, &u)
				: scmia_voltage_config_set(ph[P_VOLTAGE], id, sel);
		break;
	case 63: {
		int32_t actual, lv;

		ret = (sel & 2) ? scmia_voltage_level_set(ph[P_VOLTAGE], id, sel & 1u,
							  (int32_t)fz_cmd_u32(&h->in), &actual)
				: scmia_voltage_level_get(ph[P_VOLTAGE], id, &lv);
		break;
	}
	case 64:
		ret = scmia_voltage_domain_name_get(ph[P_VOLTAGE], id, name, ncap);
		if (!ret)
			check_name(name, ncap, "voltage name");
		break;
	/* ---- Power capping ---- */
	case 65: {
		struct scmia_powercap_dom_attrs a;

		ret = scmia_powercap_domain_attributes(ph[P_POWERCAP], id, sel & 1, &a);
		if (!ret)
			check_name(a.name, sizeof(a.name), "powercap domain");
		break;
	}
	case 66: {
		struct scmia_powercap_dom *d = arr(cap, sizeof(*d));

		ret = scmia_powercap_domains_describe(ph[P_POWERCAP], d, cap, &n);
		check_count(ret, n, cap, "powercap domains");
		free(d);
		break;
	}
	case 67:
		ret = (sel & 1) ? scmia_powercap_cap_get(ph[P_POWERCAP], id, &u)
				: scmia_powercap_cap_set(ph[P_POWERCAP], id, sel & 3u, fz_cmd_u32(&h->in),
							 &v);
		break;
	case 68:
		ret = (sel & 1) ? scmia_powercap_pai_get(ph[P_POWERCAP], id, &u)
				: scmia_powercap_pai_set(ph[P_POWERCAP], id, sel);
		break;
	case 69:
		ret = scmia_powercap_measurements_get(ph[P_POWERCAP], id, &u, &v);
		break;
	case 70:
		ret = (sel & 1) ? scmia_powercap_cap_notify(ph[P_POWERCAP], id, sel & 2)
				: scmia_powercap_measurements_notify(ph[P_POWERCAP], id, sel & 2, sel,
								     (uint32_t)sel << 4);
		break;
	case 71:
		ret = scmia_powercap_domain_name_get(ph[P_POWERCAP], id, name, ncap);
		if (!ret)
			check_name(name, ncap, "powercap name");
		break;
	case 72: {
		struct scmia_powercap_fc_info fi;

		ret = scmia_powercap_describe_fastchannel(ph[P_POWERCAP], id, (uint8_t)(4u + (sel & 3u)),
							  &fi);
		break;
	}
	/* ---- Pin control ---- */
	case 73: {
		struct scmia_pinctrl_info pi;

		ret = scmia_pinctrl_protocol_attributes(ph[P_PINCTRL], &pi);
		break;
	}
	case 74: {
		struct scmia_pinctrl_attrs a;

		ret = scmia_pinctrl_attributes(ph[P_PINCTRL], sel % 4u, id, sel & 4u, &a);
		if (!ret)
			check_name(a.name, sizeof(a.name), "pinctrl");
		break;
	}
	case 75:
		ret = scmia_pinctrl_name_get(ph[P_PINCTRL], sel % 4u, id, name, ncap);
		if (!ret)
			check_name(name, ncap, "pinctrl name");
		break;
	case 76: {
		uint16_t *ids = arr(cap, sizeof(*ids));

		ret = scmia_pinctrl_list_associations(ph[P_PINCTRL], sel % 4u, id, ids, cap, &n);
		check_count(ret, n, cap, "pinctrl associations");
		free(ids);
		break;
	}
	case 77:
		ret = scmia_pinctrl_settings_get_one(ph[P_PINCTRL], sel % 4u, id, sel >> 2, &u, &v);
		break;
	case 78: {
		struct scmia_pinctrl_config *c = arr(cap, sizeof(*c));

		ret = scmia_pinctrl_settings_get(ph[P_PINCTRL], sel % 4u, id, &u, c, cap, &n);
		check_count(ret, n, cap, "pinctrl settings");
		free(c);
		break;
	}
	case 79:
		ret = scmia_pinctrl_function_get(ph[P_PINCTRL], sel % 4u, id, &u);
		break;
	case 80: {
		struct scmia_pinctrl_config *c = arr(cap, sizeof(*c));

		for (uint32_t i = 0; i < cap; i++) {
			c[i].type = i;
			c[i].value = sel;
		}
		ret = scmia_pinctrl_settings_configure(ph[P_PINCTRL], sel % 4u, id, sel, c, cap);
		free(c);
		break;
	}
	case 81:
		ret = (sel & 1) ? scmia_pinctrl_request(ph[P_PINCTRL], sel % 4u, id)
				: scmia_pinctrl_release(ph[P_PINCTRL], sel % 4u, id);
		break;
	/* ---- Infrastructure ---- */
	case 82:
		ret = scmia_proto_attach(ph[sel % P__COUNT]);
		break;
	case 83:
		ret = scmia_proto_version_get(ph[sel % P__COUNT], &u);
		break;
	case 84: {
		uint8_t buf[16];

		ret = scmia_proto_attributes_get(ph[sel % P__COUNT], buf, 4u + cap, &u);
		FZ_CHECK(ret || u <= 4u + cap, "decoder", "attributes: %u bytes in %u", (unsigned)u,
			 (unsigned)(4u + cap));
		break;
	}
	case 85:
		ret = scmia_proto_msg_attributes(ph[sel % P__COUNT], (uint8_t)id, &u);
		break;
	case 86:
		ret = scmia_proto_negotiate_version(ph[sel % P__COUNT], fz_cmd_u32(&h->in));
		break;
	default:
		break;
	}
	(void)ret;
}
#define N_HELPERS 87u

/* Every notification decoder over an input payload of exact size. */
static void decode(struct h *h)
{
	uint32_t len = fz_cmd_below(&h->in, 96);
	uint8_t *p = malloc(len ? len : 1u);
	uint8_t sel = fz_cmd_u8(&h->in);
	struct scmia_notification n;

	if (!p)
		fz_fail("harness", "out of memory");
	for (uint32_t i = 0; i < len; i++)
		p[i] = fz_cmd_u8(&h->in);
	memset(&n, 0, sizeof(n));
	n.proto_id = (uint8_t)(0x10u + sel % 10u);
	n.msg_id = (uint8_t)(sel >> 4);
	n.hdr = scmia_hdr_pack(n.msg_id, SCMIA_MSG_TYPE_NOTIFICATION, n.proto_id, 0);
	n.payload = len ? p : NULL;
	n.len = len;
	n.src_id = scmia_proto_notify_src(&h->set, n.hdr, n.payload, n.len);
	{
		struct scmia_base_error_event be;

		if (scmia_base_error_event_decode(&n, &be) == SCMIA_OK)
			for (uint32_t i = 0; i < be.n_reports && i < 64u; i++)
				(void)scmia_base_error_report(&be, i);
	}
	{
		struct scmia_power_state_changed o;

		(void)scmia_power_state_changed_decode(&n, &o);
	}
	{
		struct scmia_system_power_state_notifier o;

		(void)scmia_system_power_state_notifier_decode(h->ph[P_SYSTEM], &n, &o);
	}
	{
		struct scmia_perf_limits_changed a;
		struct scmia_perf_level_changed b;

		(void)scmia_perf_limits_changed_decode(&n, &a);
		(void)scmia_perf_level_changed_decode(&n, &b);
	}
	{
		struct scmia_clock_rate_event a;

		(void)scmia_clock_rate_changed_decode(&n, &a);
		(void)scmia_clock_rate_change_requested_decode(&n, &a);
	}
	{
		struct scmia_sensor_trip_event te;
		struct scmia_sensor_update su;
		uint32_t cap = sel & 7u;
		struct scmia_sensor_reading *r = arr(cap, sizeof(*r));

		(void)scmia_sensor_trip_point_event_decode(&n, &te);
		if (scmia_sensor_update_decode(&n, &su, r, cap) == SCMIA_OK)
			(void)su;
		free(r);
	}
	{
		struct scmia_reset_issued o;

		(void)scmia_reset_issued_decode(&n, &o);
	}
	{
		struct scmia_powercap_cap_changed a;
		struct scmia_powercap_measurements_changed b;

		(void)scmia_powercap_cap_changed_decode(&n, &a);
		(void)scmia_powercap_measurements_changed_decode(&n, &b);
	}
	free(p);
}

/* ------------------------------------------------------------------ */
/* Setup                                                               */
/* ------------------------------------------------------------------ */

static void open_chan(struct h *h, struct scmia_chan *c, struct scmia_loopback_chan *lc,
		      unsigned dir, uint64_t *mem, size_t mem_size)
{
	struct scmia_chan_cfg cc;
	int ret;

	memset(&cc, 0, sizeof(cc));
	cc.dir = (uint8_t)dir;
	cc.max_msg = SLOTS;
	cc.msg_size = MSG_SIZE;
	cc.chan_ctx = lc;
	cc.mem = mem;
	cc.mem_size = mem_size;
	if (dir == SCMIA_CHAN_A2P) {
		cc.reply_timeout_us = REPLY_TMO;
		cc.dresp_timeout_us = DRESP_TMO;
	}
	ret = scmia_chan_open(&h->agent, c, &cc);
	FZ_CHECK(ret == SCMIA_OK, "harness", "channel open: %d", ret);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct scmia_proto_desc *const descs[P__COUNT] = {
		&scmia_base_desc, &scmia_power_desc, &scmia_system_desc, &scmia_perf_desc,
		&scmia_clock_desc, &scmia_sensor_desc, &scmia_reset_desc, &scmia_voltage_desc,
		&scmia_powercap_desc, &scmia_pinctrl_desc,
	};
	struct h *h = &H;
	void *privs[P__COUNT];
	struct scmia_agent_cfg ac;
	unsigned nf = 0, ni = 0;
	uint32_t ver = 0;
	int ret;

	memset(h, 0, sizeof(*h));
	fz_budget_reset();
	fz_streak_reset();
	fz_in_init(&h->in, data, size);
	fz_os_init(&h->os, RELAX_US);
	h->os.tick = tick;
	h->os.tick_ctx = h;
	FZ_CHECK(scmia_loopback_chan_init(&h->la, h->ma, SLOTS * 2u, h->qa, NULL, NULL, kick, h) ==
			 SCMIA_OK &&
		 scmia_loopback_chan_init(&h->lp, h->mp, SLOTS * 2u, h->qp, NULL, NULL, NULL, NULL) ==
			 SCMIA_OK,
		 "harness", "loopback init");
	memset(&ac, 0, sizeof(ac));
	ac.os = &fz_os_ops;
	ac.os_ctx = &h->os;
	ac.transport = &scmia_loopback_transport;
	ac.notify_src = scmia_proto_notify_src;
	ac.notify_src_ctx = &h->set;
	ret = scmia_agent_init(&h->agent, &ac);
	FZ_CHECK(ret == SCMIA_OK, "harness", "agent init: %d", ret);
	open_chan(h, &h->a2p, &h->la, SCMIA_CHAN_A2P, h->mem_a, sizeof(h->mem_a));
	open_chan(h, &h->p2a, &h->lp, SCMIA_CHAN_P2A, h->mem_p, sizeof(h->mem_p));

	privs[P_BASE] = &h->base_info;
	privs[P_POWER] = &h->power_info;
	privs[P_SYSTEM] = NULL;
	privs[P_PERF] = &h->perf_info;
	privs[P_CLOCK] = &h->clock_info;
	privs[P_SENSOR] = &h->sensor_info;
	privs[P_RESET] = NULL;
	privs[P_VOLTAGE] = NULL;
	privs[P_POWERCAP] = NULL;
	privs[P_PINCTRL] = &h->pinctrl_info;
	FZ_CHECK(scmia_proto_set_init(&h->set, &h->agent, h->handles, N_HANDLES) == SCMIA_OK,
		 "harness", "proto set init");
	for (unsigned i = 0; i < P__COUNT; i++)
		FZ_CHECK(scmia_proto_register(&h->set, descs[i], privs[i], &h->ph[i]) == SCMIA_OK,
			 "harness", "register %u", i);

	while (fz_cmd_more(&h->in)) {
		uint8_t op = fz_cmd_u8(&h->in);

		fz_step("main");
		fz_streak_reset();
		h->cmds = 0;
		if (op < 224u)
			call_helper(h, op % N_HELPERS);
		else if (op < 248u)
			decode(h);
		else
			(void)scmia_notify_dispatch(&h->agent, 0);
	}

	/* End of input: a well-behaved platform, one command that must work,
	 * nothing left behind. */
	h->behaving = 1;
	h->cmds = 0;
	answer(h);
	ret = scmia_proto_version_get(h->ph[P_BASE], &ver);
	FZ_CHECK(ret == SCMIA_OK && ver == 0x00020000u, "liveness",
		 "PROTOCOL_VERSION with a well-behaved platform returned %d (version %08x)", ret,
		 (unsigned)ver);
	answer(h);
	for (unsigned k = 0; k < 64u && scmia_notify_dispatch(&h->agent, 0) > 0; k++)
		;
	FZ_CHECK(scmia_chan_stats(&h->a2p, &nf, NULL, &ni) == SCMIA_OK && nf == SLOTS && ni == 0,
		 "leak", "a2p: %u of %u slots free, %u tokens in flight", nf, SLOTS, ni);
	FZ_CHECK(scmia_chan_stats(&h->p2a, &nf, NULL, NULL) == SCMIA_OK && nf == SLOTS, "leak",
		 "p2a: %u of %u slots free", nf, SLOTS);
	FZ_CHECK(scmia_loopback_pending(&h->la) == 0, "leak", "commands left unanswered");
	ret = scmia_agent_deinit(&h->agent);
	FZ_CHECK(ret == SCMIA_OK, "api", "agent deinit: %d", ret);
	return 0;
}

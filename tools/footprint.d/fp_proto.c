/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The protocol-helper image of tools/footprint.d/proto_size.sh: an agent on
 * one SMT channel (plus its p2a partner when notifications or delayed
 * responses are compiled in) that calls EVERY helper the configuration
 * offers, so that --gc-sections keeps exactly what a user of that
 * configuration links. Which helpers exist is decided by the same
 * SCMIA_CFG_* macros the library is compiled with. It is linked, never
 * run: arguments come from a volatile so nothing is folded away.
 */
#include <stdint.h>

#include "scmia/scmia.h"
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
#include "scmia_smt.h"

#ifndef FP_POLL
#define FP_POLL 0
#endif

static uint32_t fp_area[128 / 4];
#if SCMIA_CFG_NOTIFY || SCMIA_CFG_ASYNC
static uint32_t fp_p2a_area[128 / 4];
#endif
static volatile uint32_t fp_mailbox;
static volatile uint32_t fp_in;
static volatile int fp_out;

static SCMIA_CHAN_MEM_DEFINE(fp_mem, 4, SCMIA_SMT_PAYLOAD_MAX(sizeof(fp_area)));
#if SCMIA_CFG_NOTIFY || SCMIA_CFG_ASYNC
static SCMIA_CHAN_MEM_DEFINE(fp_p2a_mem, 4, SCMIA_SMT_PAYLOAD_MAX(sizeof(fp_p2a_area)));
#endif

static int fp_ring(void *ctx)
{
	(void)ctx;
	fp_mailbox = 1u;
	return 0;
}

/* Results are folded into a volatile so no call is dead. */
#define USE(x) (fp_out += (int)(uintptr_t)(x))

static struct scmia_proto_set set;
static struct scmia_proto_handle handles[11];
static char name[64];
#if SCMIA_CFG_PROTO_CLOCK || SCMIA_CFG_PROTO_SENSOR
static uint32_t words[8];
#endif
#if SCMIA_CFG_PROTO_CLOCK
static uint64_t rates[8];
#endif

#if SCMIA_CFG_PROTO_BASE
static void fp_base(struct scmia_proto_handle *ph)
{
	struct scmia_base_info bi;
	uint8_t ids[8];
	uint32_t v;

	USE(scmia_base_protocol_attributes(ph, &bi));
	USE(scmia_base_discover_vendor(ph, name, sizeof(name)));
	USE(scmia_base_discover_sub_vendor(ph, name, sizeof(name)));
	USE(scmia_base_discover_implementation_version(ph, &v));
	USE(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &v));
	USE(scmia_base_discover_agent(ph, fp_in, &v, name, sizeof(name)));
#if SCMIA_CFG_NOTIFY
	USE(scmia_base_notify_errors(ph, (int)fp_in));
#endif
#if SCMIA_CFG_PROTO_BASE_PERMS
	USE(scmia_base_set_device_permissions(ph, fp_in, fp_in, 1));
	USE(scmia_base_set_protocol_permissions(ph, fp_in, fp_in, (uint8_t)fp_in, 1));
	USE(scmia_base_reset_agent_configuration(ph, fp_in, 1));
#endif
	USE(scmia_base_discover(&set));
}
#endif

#if SCMIA_CFG_PROTO_POWER
static void fp_power(struct scmia_proto_handle *ph)
{
	static struct scmia_power_dom doms[2];
	uint32_t v;

	USE(scmia_power_num_domains(ph));
	USE(scmia_power_domain_attributes(ph, fp_in, 1, &doms[0].attrs));
	USE(scmia_power_domains_describe(ph, doms, 2, &v));
	USE(scmia_power_state_set(ph, fp_in, fp_in, 0));
	USE(scmia_power_state_get(ph, fp_in, &v));
#if SCMIA_CFG_NOTIFY
	USE(scmia_power_state_notify(ph, fp_in, 1));
#endif
#if SCMIA_CFG_PROTO_EXT_NAMES
	USE(scmia_power_domain_name_get(ph, fp_in, name, sizeof(name)));
#endif
}
#endif

#if SCMIA_CFG_PROTO_SYSTEM
static void fp_system(struct scmia_proto_handle *ph)
{
	uint32_t v;

	USE(scmia_system_power_state_set_attributes(ph, &v));
	USE(scmia_system_power_state_set(ph, fp_in, fp_in));
	USE(scmia_system_power_state_get(ph, &v));
#if SCMIA_CFG_NOTIFY
	USE(scmia_system_power_state_notify(ph, 1));
#endif
}
#endif

#if SCMIA_CFG_PROTO_PERF
static void fp_perf(struct scmia_proto_handle *ph)
{
	static struct scmia_perf_dom doms[2];
	static struct scmia_perf_level levels[4];
	struct scmia_perf_info pi;
	uint32_t v, w;

	USE(scmia_perf_protocol_attributes(ph, &pi));
	USE(scmia_perf_num_domains(ph));
	USE(scmia_perf_domain_attributes(ph, fp_in, 1, &doms[0].attrs));
	USE(scmia_perf_domains_describe(ph, doms, 2, &v));
	USE(scmia_perf_describe_levels(ph, fp_in, levels, 4, &v));
	USE(scmia_perf_limits_set(ph, fp_in, fp_in, fp_in));
	USE(scmia_perf_limits_get(ph, fp_in, &v, &w));
	USE(scmia_perf_level_set(ph, fp_in, fp_in));
	USE(scmia_perf_level_get(ph, fp_in, &v));
	USE(scmia_perf_level_to_hz(&doms[0].attrs, fp_in));
#if SCMIA_CFG_NOTIFY
	USE(scmia_perf_notify_limits(ph, fp_in, 1));
	USE(scmia_perf_notify_level(ph, fp_in, 1));
#endif
#if SCMIA_CFG_PROTO_EXT_NAMES
	USE(scmia_perf_domain_name_get(ph, fp_in, name, sizeof(name)));
#endif
#if SCMIA_CFG_PROTO_FASTCHANNEL
	{
		static struct scmia_perf_fc_info fi;
		static struct scmia_perf_fc fc;

		USE(scmia_perf_describe_fastchannel(ph, fp_in, (uint8_t)fp_in, &fi));
		USE(scmia_perf_fc_bind(&fc, &fi, (volatile void *)fp_area, &fp_mailbox));
		USE(scmia_perf_fc_level_set(&fc, fp_in));
		USE(scmia_perf_fc_level_get(&fc, &v));
		USE(scmia_perf_fc_limits_set(&fc, fp_in, fp_in));
		USE(scmia_perf_fc_limits_get(&fc, &v, &w));
	}
#endif
}
#endif

#if SCMIA_CFG_PROTO_CLOCK
static void fp_clock(struct scmia_proto_handle *ph)
{
	static struct scmia_clock_dom doms[2];
	struct scmia_clock_info ci;
	struct scmia_clock_rates r;
	uint64_t rate;
	uint32_t v;
	int en;

	USE(scmia_clock_protocol_attributes(ph, &ci));
	USE(scmia_clock_num_clocks(ph));
	USE(scmia_clock_attributes(ph, fp_in, 1, &doms[0].attrs));
	USE(scmia_clock_describe(ph, doms, 2, &v));
	USE(scmia_clock_describe_rates(ph, fp_in, rates, 8, &r));
	USE(scmia_clock_rate_get(ph, fp_in, &rate));
	USE(scmia_clock_rate_set(ph, fp_in, fp_in, rate, &rate));
	USE(scmia_clock_config_set(ph, fp_in, fp_in, (uint8_t)fp_in, fp_in));
	USE(scmia_clock_config_get(ph, fp_in, (uint8_t)fp_in, &en, &v));
	USE(scmia_clock_possible_parents_get(ph, fp_in, words, 8, &v));
	USE(scmia_clock_parent_set(ph, fp_in, fp_in));
	USE(scmia_clock_parent_get(ph, fp_in, &v));
	USE(scmia_clock_get_permissions(ph, fp_in, &v));
#if SCMIA_CFG_NOTIFY
	USE(scmia_clock_rate_notify(ph, fp_in, 1));
	USE(scmia_clock_rate_change_requested_notify(ph, fp_in, 1));
#endif
#if SCMIA_CFG_PROTO_EXT_NAMES
	USE(scmia_clock_name_get(ph, fp_in, name, sizeof(name)));
#endif
}
#endif

#if SCMIA_CFG_PROTO_SENSOR
static void fp_sensor(struct scmia_proto_handle *ph)
{
	static struct scmia_sensor_desc descs[2];
	static struct scmia_sensor_axis axes[3];
	struct scmia_sensor_info si;
	struct scmia_sensor_reading rd[3];
	struct scmia_sensor_intervals iv;
	uint32_t v;

	USE(scmia_sensor_protocol_attributes(ph, &si));
	USE(scmia_sensor_num_sensors(ph));
	USE(scmia_sensor_description_get(ph, descs, 2, 1, &v));
	USE(scmia_sensor_description_get_one(ph, fp_in, 1, &descs[0]));
	USE(scmia_sensor_reading_get(ph, fp_in, fp_in, rd, 3));
	USE(scmia_sensor_trip_point_config(ph, fp_in, fp_in, fp_in, (int64_t)fp_in));
	USE(scmia_sensor_axis_description_get(ph, fp_in, axes, 3, 1, &v));
	USE(scmia_sensor_list_update_intervals(ph, fp_in, words, 8, &iv));
	USE(scmia_sensor_config_get(ph, fp_in, &v));
	USE(scmia_sensor_config_set(ph, fp_in, fp_in));
#if SCMIA_CFG_NOTIFY
	USE(scmia_sensor_trip_point_notify(ph, fp_in, 1));
	USE(scmia_sensor_continuous_update_notify(ph, fp_in, 1));
#endif
#if SCMIA_CFG_PROTO_EXT_NAMES
	USE(scmia_sensor_name_get(ph, fp_in, name, sizeof(name)));
	USE(scmia_sensor_axis_name_get(ph, fp_in, axes, 3));
#endif
}
#endif

#if SCMIA_CFG_PROTO_RESET
static void fp_reset(struct scmia_proto_handle *ph)
{
	static struct scmia_reset_dom doms[2];
	uint32_t v;

	USE(scmia_reset_num_domains(ph));
	USE(scmia_reset_domain_attributes(ph, fp_in, 1, &doms[0].attrs));
	USE(scmia_reset_domains_describe(ph, doms, 2, &v));
	USE(scmia_reset_reset(ph, fp_in, fp_in, fp_in));
#if SCMIA_CFG_NOTIFY
	USE(scmia_reset_notify(ph, fp_in, 1));
#endif
#if SCMIA_CFG_PROTO_EXT_NAMES
	USE(scmia_reset_domain_name_get(ph, fp_in, name, sizeof(name)));
#endif
}
#endif

#if SCMIA_CFG_PROTO_VOLTAGE
static void fp_voltage(struct scmia_proto_handle *ph)
{
	static struct scmia_voltage_dom doms[2];
	struct scmia_voltage_levels lv;
	int32_t l[4];
	uint32_t v;

	USE(scmia_voltage_num_domains(ph));
	USE(scmia_voltage_domain_attributes(ph, fp_in, 1, &doms[0].attrs));
	USE(scmia_voltage_domains_describe(ph, doms, 2, &v));
	USE(scmia_voltage_describe_levels(ph, fp_in, l, 4, &lv));
	USE(scmia_voltage_config_set(ph, fp_in, fp_in));
	USE(scmia_voltage_config_get(ph, fp_in, &v));
	USE(scmia_voltage_level_set(ph, fp_in, fp_in, (int32_t)fp_in, &l[0]));
	USE(scmia_voltage_level_get(ph, fp_in, &l[0]));
#if SCMIA_CFG_PROTO_EXT_NAMES
	USE(scmia_voltage_domain_name_get(ph, fp_in, name, sizeof(name)));
#endif
}
#endif

#if SCMIA_CFG_PROTO_POWERCAP
static void fp_powercap(struct scmia_proto_handle *ph)
{
	static struct scmia_powercap_dom doms[2];
	uint32_t v, w;

	USE(scmia_powercap_num_domains(ph));
	USE(scmia_powercap_domain_attributes(ph, fp_in, 1, &doms[0].attrs));
	USE(scmia_powercap_domains_describe(ph, doms, 2, &v));
	USE(scmia_powercap_cap_get(ph, fp_in, &v));
	USE(scmia_powercap_cap_set(ph, fp_in, fp_in, fp_in, &v));
	USE(scmia_powercap_pai_get(ph, fp_in, &v));
	USE(scmia_powercap_pai_set(ph, fp_in, fp_in));
	USE(scmia_powercap_measurements_get(ph, fp_in, &v, &w));
#if SCMIA_CFG_NOTIFY
	USE(scmia_powercap_cap_notify(ph, fp_in, 1));
	USE(scmia_powercap_measurements_notify(ph, fp_in, 1, fp_in, fp_in));
#endif
#if SCMIA_CFG_PROTO_EXT_NAMES
	USE(scmia_powercap_domain_name_get(ph, fp_in, name, sizeof(name)));
#endif
#if SCMIA_CFG_PROTO_FASTCHANNEL
	{
		static struct scmia_powercap_fc_info fi;

		USE(scmia_powercap_describe_fastchannel(ph, fp_in, (uint8_t)fp_in, &fi));
	}
#endif
}
#endif

#if SCMIA_CFG_PROTO_PINCTRL
static void fp_pinctrl(struct scmia_proto_handle *ph)
{
	static struct scmia_pinctrl_config cfg[2];
	struct scmia_pinctrl_info pi;
	struct scmia_pinctrl_attrs pa;
	uint16_t ids[4];
	uint32_t v, w;

	USE(scmia_pinctrl_protocol_attributes(ph, &pi));
	USE(scmia_pinctrl_name_get(ph, fp_in, fp_in, name, sizeof(name)));
	USE(scmia_pinctrl_attributes(ph, fp_in, fp_in, 1, &pa));
	USE(scmia_pinctrl_list_associations(ph, fp_in, fp_in, ids, 4, &v));
	USE(scmia_pinctrl_settings_get_one(ph, fp_in, fp_in, fp_in, &v, &w));
	USE(scmia_pinctrl_function_get(ph, fp_in, fp_in, &v));
	USE(scmia_pinctrl_settings_get(ph, fp_in, fp_in, &v, cfg, 2, &w));
	USE(scmia_pinctrl_settings_configure(ph, fp_in, fp_in, fp_in, cfg, 2));
	USE(scmia_pinctrl_request(ph, fp_in, fp_in));
	USE(scmia_pinctrl_release(ph, fp_in, fp_in));
}
#endif

#if SCMIA_CFG_NOTIFY
/* Notification decoders, called from a handler as a user would. */
static void fp_notified(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
#if SCMIA_CFG_PROTO_BASE
	{
		struct scmia_base_error_event ev;

		USE(scmia_base_error_event_decode(n, &ev));
		USE(scmia_base_error_report(&ev, fp_in));
	}
#endif
#if SCMIA_CFG_PROTO_POWER
	{
		struct scmia_power_state_changed ev;

		USE(scmia_power_state_changed_decode(n, &ev));
	}
#endif
#if SCMIA_CFG_PROTO_SYSTEM
	{
		struct scmia_system_power_state_notifier ev;

		USE(scmia_system_power_state_notifier_decode(&handles[0], n, &ev));
	}
#endif
#if SCMIA_CFG_PROTO_PERF
	{
		struct scmia_perf_limits_changed a;
		struct scmia_perf_level_changed b;

		USE(scmia_perf_limits_changed_decode(n, &a));
		USE(scmia_perf_level_changed_decode(n, &b));
	}
#endif
#if SCMIA_CFG_PROTO_CLOCK
	{
		struct scmia_clock_rate_event ev;

		USE(scmia_clock_rate_changed_decode(n, &ev));
		USE(scmia_clock_rate_change_requested_decode(n, &ev));
	}
#endif
#if SCMIA_CFG_PROTO_SENSOR
	{
		struct scmia_sensor_trip_event a;
		struct scmia_sensor_update b;
		struct scmia_sensor_reading r[2];

		USE(scmia_sensor_trip_point_event_decode(n, &a));
		USE(scmia_sensor_update_decode(n, &b, r, 2));
	}
#endif
#if SCMIA_CFG_PROTO_RESET
	{
		struct scmia_reset_issued ev;

		USE(scmia_reset_issued_decode(n, &ev));
	}
#endif
#if SCMIA_CFG_PROTO_POWERCAP
	{
		struct scmia_powercap_cap_changed a;
		struct scmia_powercap_measurements_changed b;

		USE(scmia_powercap_cap_changed_decode(n, &a));
		USE(scmia_powercap_measurements_changed_decode(n, &b));
	}
#endif
}
#endif

/* The infrastructure a user (or a vendor protocol) calls directly. */
static void fp_infra(struct scmia_proto_handle *ph)
{
	uint32_t v;
	uint8_t buf[8];

	USE(scmia_proto_find(&set, (uint8_t)fp_in));
	USE(scmia_proto_get(&set, (uint8_t)fp_in));
	USE(scmia_proto_offered(&set, (uint8_t)fp_in));
	USE(scmia_proto_attach(ph));
	USE(scmia_proto_ready(ph));
	USE(scmia_proto_version_get(ph, &v));
	USE(scmia_proto_attributes_get(ph, buf, sizeof(buf), &v));
	USE(scmia_proto_msg_attributes(ph, (uint8_t)fp_in, &v));
	USE(scmia_proto_negotiate_version(ph, fp_in));
	USE(scmia_proto_cmd(ph, (uint8_t)fp_in, buf, 4, buf, 4, 8, &v, 0));
#if SCMIA_CFG_PROTO_QUIRKS
	USE(scmia_proto_quirks_apply(&set));
#endif
}

int main(void)
{
	static struct scmia_agent agent;
	static struct scmia_chan chan;
	static struct scmia_smt_chan sc;
	struct scmia_agent_cfg acfg = { 0 };
	struct scmia_chan_cfg ccfg = { 0 };
	struct scmia_smt_cfg scfg = { 0 };
	struct scmia_proto_handle *ph = &handles[0];
#if SCMIA_CFG_NOTIFY || SCMIA_CFG_ASYNC
	static struct scmia_chan p2a;
	static struct scmia_smt_chan sp;
#endif
#if SCMIA_CFG_NOTIFY
	static struct scmia_notifier nb;
#endif

	scfg.base = fp_area;
	scfg.size = sizeof(fp_area);
	scfg.ring = fp_ring;
	scfg.flags = FP_POLL ? SCMIA_SMT_F_NO_IRQ : 0u;
	if (scmia_smt_chan_init(&sc, &scfg))
		return 1;
	acfg.transport = &scmia_smt_transport;
#if SCMIA_CFG_NOTIFY
	acfg.notify_src = scmia_proto_notify_src;
	acfg.notify_src_ctx = &set;
#endif
	if (scmia_agent_init(&agent, &acfg))
		return 1;
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = FP_POLL ? SCMIA_COMPLETION_POLL : SCMIA_COMPLETION_AUTO;
	ccfg.max_msg = 4;
	ccfg.chan_ctx = &sc;
	ccfg.mem = fp_mem;
	ccfg.mem_size = sizeof(fp_mem);
	if (scmia_chan_open(&agent, &chan, &ccfg))
		return 1;
#if SCMIA_CFG_NOTIFY || SCMIA_CFG_ASYNC
	scfg.base = fp_p2a_area;
	if (scmia_smt_chan_init(&sp, &scfg))
		return 1;
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.chan_ctx = &sp;
	ccfg.mem = fp_p2a_mem;
	ccfg.mem_size = sizeof(fp_p2a_mem);
	if (scmia_chan_open(&agent, &p2a, &ccfg))
		return 1;
#endif
#if SCMIA_CFG_NOTIFY
	nb.proto_id = (uint8_t)fp_in;
	nb.fn = fp_notified;
	USE(scmia_notify_register(&agent, &nb));
	USE(scmia_notify_dispatch(&agent, 0));
#endif
	if (scmia_proto_set_init(&set, &agent, handles, 11))
		return 1;
#if SCMIA_CFG_PROTO_QUIRKS
	USE(scmia_proto_set_quirks(&set, NULL, 0));
#endif
#if SCMIA_CFG_PROTO_LAZY
	USE(scmia_proto_set_lazy(&set, (int)fp_in));
#endif
#define REG(desc, fn)                                                  \
	do {                                                           \
		if (scmia_proto_register(&set, &(desc), NULL, &ph) == 0) \
			fn(ph);                                        \
	} while (0)
#if SCMIA_CFG_PROTO_BASE
	REG(scmia_base_desc, fp_base);
#endif
	fp_infra(ph);
#if SCMIA_CFG_PROTO_POWER
	REG(scmia_power_desc, fp_power);
#endif
#if SCMIA_CFG_PROTO_SYSTEM
	REG(scmia_system_desc, fp_system);
#endif
#if SCMIA_CFG_PROTO_PERF
	REG(scmia_perf_desc, fp_perf);
#endif
#if SCMIA_CFG_PROTO_CLOCK
	REG(scmia_clock_desc, fp_clock);
#endif
#if SCMIA_CFG_PROTO_SENSOR
	REG(scmia_sensor_desc, fp_sensor);
#endif
#if SCMIA_CFG_PROTO_RESET
	REG(scmia_reset_desc, fp_reset);
#endif
#if SCMIA_CFG_PROTO_VOLTAGE
	REG(scmia_voltage_desc, fp_voltage);
#endif
#if SCMIA_CFG_PROTO_POWERCAP
	REG(scmia_powercap_desc, fp_powercap);
#endif
#if SCMIA_CFG_PROTO_PINCTRL
	REG(scmia_pinctrl_desc, fp_pinctrl);
#endif
	return fp_out;
}

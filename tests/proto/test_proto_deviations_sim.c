/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Real platforms (issue 14), end to end over the simulated platform with
 * all ten protocols (its own thread, loopback transport, POSIX port): each
 * deviation observed on real firmware (TF-A's drivers/scmi-msg in
 * particular) switched on in the simulated platform (scmia_sim_dev.h), and
 * what the helpers make of it; platforms older and newer than the helpers
 * for every protocol; quirks added at run time; fail-fast refusals; and the
 * lazy attach option with the number of messages it saves at boot.
 *
 * The layouts are the simulated platform's (tests/sim/proto_*.c, written
 * from DEN0056 and cross-checked against SCP-firmware and TF-A); the
 * byte-level vectors of the same rules are in the per-protocol tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/proto/base.h"
#include "scmia/proto/clock.h"
#include "scmia/proto/perf.h"
#include "scmia/proto/pinctrl.h"
#include "scmia/proto/power.h"
#include "scmia/proto/powercap.h"
#include "scmia/proto/reset.h"
#include "scmia/proto/sensor.h"
#include "scmia/proto/system.h"
#include "scmia/proto/voltage.h"
#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "scmia_sim_dev.h"
#include "scmia_sim_pb.h"
#include "scmia_sim_pm.h"

#define E_MAX_MSG 8u
#define E_MSG_SIZE 128u
#define E_LB_MSGS 32u
#define E_PROTOS 11u

struct env {
	struct scmia_posix posix;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_posix_wait waits[E_MAX_MSG];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, E_MAX_MSG, E_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, E_MAX_MSG, E_MSG_SIZE);
	struct scmia_sim sim;
	struct scmia_sim_power power;
	struct scmia_sim_system system;
	struct scmia_sim_perf perf;
	struct scmia_sim_reset reset;
	struct scmia_sim_clocks clock;
	struct scmia_sim_sensor sensor;
	struct scmia_sim_voltage voltage;
	struct scmia_sim_powercap powercap;
	struct scmia_sim_pinctrl pinctrl;
	struct scmia_sim_base_dev base_dev;
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[E_LB_MSGS], lbm_p2a[E_LB_MSGS];
	uint16_t lbq_a2p[E_LB_MSGS], lbq_p2a[E_LB_MSGS];
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[E_PROTOS];
	struct scmia_pinctrl_info pin_info;
	int started;
};

static struct env g_e;

/* The engine with every protocol registered, not started: a test
 * configures the deviations, then calls env_start(). */
static int env_up(void **state)
{
	struct env *e = &g_e;
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;

	(void)state;
	memset(e, 0, sizeof(*e));
	if (scmia_posix_init(&e->posix) || scmia_posix_wait_init(e->waits, E_MAX_MSG))
		return -1;
	memset(&scfg, 0, sizeof(scfg));
	scfg.vendor = "scmia-sim";
	scfg.sub_vendor = "tf-a-like";
	scfg.impl_version = 0x00020e00u;
	scfg.list_max = 4;
	scfg.max_payload = E_MSG_SIZE;
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	if (scmia_sim_init(&e->sim, &scfg) || scmia_sim_power_register(&e->sim, &e->power) ||
	    scmia_sim_system_register(&e->sim, &e->system) ||
	    scmia_sim_perf_register(&e->sim, &e->perf) ||
	    scmia_sim_clock_register(&e->sim, &e->clock) ||
	    scmia_sim_sensor_register(&e->sim, &e->sensor) ||
	    scmia_sim_reset_register(&e->sim, &e->reset) ||
	    scmia_sim_voltage_register(&e->sim, &e->voltage) ||
	    scmia_sim_powercap_register(&e->sim, &e->powercap) ||
	    scmia_sim_pinctrl_register(&e->sim, &e->pinctrl) ||
	    scmia_sim_loopback_init(&e->gl, &e->sim))
		return -1;
	if (scmia_loopback_chan_init(&e->lb_a2p, e->lbm_a2p, E_LB_MSGS, e->lbq_a2p,
				     &scmia_posix_os_ops, &e->posix, scmia_sim_loopback_kick,
				     &e->gl) ||
	    scmia_loopback_chan_init(&e->lb_p2a, e->lbm_p2a, E_LB_MSGS, e->lbq_p2a,
				     &scmia_posix_os_ops, &e->posix, NULL, NULL) ||
	    scmia_sim_loopback_attach(&e->gl, 0, &e->lb_a2p, &e->lb_p2a, 0))
		return -1;
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &e->posix;
	acfg.transport = &scmia_loopback_transport;
	acfg.notify_src = scmia_proto_notify_src;
	acfg.notify_src_ctx = &e->set;
	if (scmia_agent_init(&e->agent, &acfg))
		return -1;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = E_MAX_MSG;
	ccfg.msg_size = E_MSG_SIZE;
	ccfg.chan_ctx = &e->lb_a2p;
	ccfg.mem = e->mem_a2p;
	ccfg.mem_size = sizeof(e->mem_a2p);
	ccfg.wait_objs = e->waits;
	ccfg.wait_obj_stride = sizeof(e->waits[0]);
	ccfg.reply_timeout_us = 500000u;
	ccfg.dresp_timeout_us = 1000000u;
	if (scmia_chan_open(&e->agent, &e->a2p, &ccfg))
		return -1;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = E_MAX_MSG;
	ccfg.msg_size = E_MSG_SIZE;
	ccfg.chan_ctx = &e->lb_p2a;
	ccfg.mem = e->mem_p2a;
	ccfg.mem_size = sizeof(e->mem_p2a);
	if (scmia_chan_open(&e->agent, &e->p2a, &ccfg))
		return -1;
	return scmia_proto_set_init(&e->set, &e->agent, e->handles, E_PROTOS) ? -1 : 0;
}

static void env_start(void)
{
	assert_int_equal(scmia_sim_start(&g_e.sim), SCMIA_OK);
	g_e.started = 1;
}

static int env_down(void **state)
{
	struct env *e = &g_e;

	(void)state;
	if (e->started)
		scmia_sim_stop(&e->sim);
	scmia_agent_deinit(&e->agent);
	scmia_sim_deinit(&e->sim);
	scmia_posix_wait_deinit(e->waits, E_MAX_MSG);
	scmia_posix_deinit(&e->posix);
	return 0;
}

static const struct scmia_proto_desc *const all_descs[] = {
	&scmia_base_desc,    &scmia_power_desc,   &scmia_system_desc, &scmia_perf_desc,
	&scmia_clock_desc,   &scmia_sensor_desc,  &scmia_reset_desc,  &scmia_voltage_desc,
	&scmia_powercap_desc, &scmia_pinctrl_desc,
};
#define N_DESCS (sizeof(all_descs) / sizeof(all_descs[0]))

/* Register Base and the nine other protocols. */
static void register_all(void)
{
	unsigned i;

	for (i = 0; i < N_DESCS; i++)
		assert_int_equal(scmia_proto_register(&g_e.set, all_descs[i],
						      all_descs[i] == &scmia_pinctrl_desc ?
							      &g_e.pin_info :
							      NULL,
						      NULL),
				 SCMIA_OK);
}

static struct scmia_proto_handle *get(uint8_t id)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&g_e.set, id);

	assert_non_null(ph);
	return ph;
}

static uint32_t sent(void)
{
	return scmia_agent_counter(&g_e.agent, SCMIA_CNT_SENT);
}

/* ---- reset latency 0x7fffffff ---- */

static void test_dev_reset_latency_unknown(void **state)
{
	struct scmia_reset_dom_attrs a;
	struct scmia_reset_dom doms[SCMIA_SIM_RESET_DOMAINS];
	uint32_t n = 0, i;

	(void)state;
	/* TF-A: RESET_DOMAIN_ATTRIBUTES latency 0x7fffffff means unknown. */
	g_e.reset.dev = SCMIA_SIM_DEV_LATENCY_7F;
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	assert_int_equal(scmia_reset_domain_attributes(get(0x16), 0, 0, &a), SCMIA_OK);
	assert_int_equal(a.latency_us, SCMIA_RESET_LATENCY_UNKNOWN);
	assert_string_equal(a.name, "usb");
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_SENTINEL], 1);
	assert_int_equal(scmia_reset_domains_describe(get(0x16), doms, SCMIA_SIM_RESET_DOMAINS, &n),
			 SCMIA_OK);
	assert_int_equal(n, SCMIA_SIM_RESET_DOMAINS);
	for (i = 0; i < n; i++) {
		assert_int_equal(doms[i].err, SCMIA_OK);
		assert_int_equal(doms[i].attrs.latency_us, SCMIA_RESET_LATENCY_UNKNOWN);
	}
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_SENTINEL], 1 + SCMIA_SIM_RESET_DOMAINS);
}

/* ---- INVALID_PARAMETERS instead of NOT_FOUND ---- */

static void check_not_found(void)
{
	struct scmia_reset_dom_attrs a;
	struct scmia_sensor_reading r;
	uint32_t cfg;

	assert_int_equal(scmia_reset_domain_attributes(get(0x16), 7, 0, &a),
			 SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(scmia_sensor_reading_get(get(0x15), 9, 0, &r, 1), SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(scmia_sensor_config_get(get(0x15), 9, &cfg), SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(scmia_sensor_config_set(get(0x15), 9, SCMIA_SENSOR_CFG_ENABLED),
			 SCMIA_E_SCMI_NOT_FOUND);
}

static void test_dev_invalid_params_is_not_found(void **state)
{
	(void)state;
	/* TF-A answers INVALID_PARAMETERS for an id past the count
	 * (RESET_DOMAIN_ATTRIBUTES, SENSOR_READING_GET, SENSOR_CONFIG_*). */
	g_e.reset.dev = SCMIA_SIM_DEV_INVAL_ID;
	g_e.sensor.dev = SCMIA_SIM_DEV_INVAL_ID;
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	check_not_found();
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_NOT_FOUND], 4);
}

static void test_spec_not_found_not_counted(void **state)
{
	(void)state;
	/* The same calls on a platform that follows DEN0056. */
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	check_not_found();
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_NOT_FOUND], 0);
}

/* ---- paged lists asked past their end ---- */

static void test_dev_past_end_empty(void **state)
{
	struct scmia_sensor_desc d;

	(void)state;
	/* TF-A answers a sensor description asked past the end SUCCESS with
	 * no descriptor; its Base counts more protocols than it lists, so a
	 * skip past the list's end comes back SUCCESS and empty too. */
	g_e.sensor.dev = SCMIA_SIM_DEV_PAST_END_EMPTY;
	assert_int_equal(scmia_sim_base_deviate(&g_e.sim, &g_e.base_dev, 1, 0), SCMIA_OK);
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_PAST_END], 1);
	/* Every protocol was listed all the same. */
	assert_int_equal(scmia_proto_offered(&g_e.set, 0x19), 1);
	/* Lazy lookup of one sensor: the last one, then one past the end. */
	assert_int_equal(scmia_sensor_description_get_one(get(0x15), SCMIA_SIM_SENSORS - 1, 0, &d),
			 SCMIA_OK);
	assert_string_equal(d.name, "secure-temp");
	assert_int_equal(d.id, SCMIA_SIM_SENSORS - 1);
	assert_int_equal(scmia_sensor_description_get_one(get(0x15), SCMIA_SIM_SENSORS + 3, 0, &d),
			 SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_PAST_END], 2);
}

static void test_spec_past_end(void **state)
{
	struct scmia_sensor_desc d;

	(void)state;
	/* DEN0056 platform: INVALID_PARAMETERS past the end, NOT_FOUND here. */
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	assert_int_equal(scmia_sensor_description_get_one(get(0x15), 1, 0, &d), SCMIA_OK);
	assert_string_equal(d.name, "vdd-cpu-volt");
	assert_int_equal(scmia_sensor_description_get_one(get(0x15), SCMIA_SIM_SENSORS + 3, 0, &d),
			 SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_PAST_END], 0);
}

/* ---- extended sensor descriptor without extended attributes ---- */

static const struct scmia_proto_quirk ext_desc_quirk[] = {
	{ .vendor = "scmia-sim", .sub_vendor = "tf-a-like", .impl_min = 0x20000u,
	  .impl_max = 0x2ffffu, .proto_id = 0x15, .quirks = SCMIA_QUIRK_SENSOR_EXT_DESC,
	  .name = "sensor-ext-desc-always" },
};

static void test_dev_sensor_ext_desc(void **state)
{
	struct scmia_sensor_desc d[SCMIA_SIM_SENSORS];
	uint32_t n = 0, i;
	int ret;

	(void)state;
	/* Every descriptor in the 52-byte layout, two per page: without the
	 * quirk the second of a page is read 24 bytes early. */
	g_e.sensor.dev = SCMIA_SIM_DEV_EXT_DESC;
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	ret = scmia_sensor_description_get(get(0x15), d, SCMIA_SIM_SENSORS, 0, &n);
	assert_true(ret != SCMIA_OK || d[3].id != 3u);
	/* The caller adds the quirk at run time; it applies from the next
	 * attach of the protocol. */
	assert_int_equal(scmia_proto_set_quirks(&g_e.set, ext_desc_quirk, 1), SCMIA_OK);
	assert_int_equal(scmia_proto_attach(scmia_proto_find(&g_e.set, 0x15)), SCMIA_OK);
	assert_int_equal(get(0x15)->quirks, SCMIA_QUIRK_SENSOR_EXT_DESC);
	assert_int_equal(scmia_sensor_description_get(get(0x15), d, SCMIA_SIM_SENSORS, 0, &n),
			 SCMIA_OK);
	assert_int_equal(n, SCMIA_SIM_SENSORS);
	for (i = 0; i < n; i++)
		assert_int_equal(d[i].id, i);
	assert_string_equal(d[1].name, "vdd-cpu-volt");
	assert_string_equal(d[4].name, "secure-temp");
	/* soc-temp has its extended attributes; the others none. */
	assert_int_equal(d[0].has_ext, 1);
	assert_true(d[0].min_range == -40000);
	assert_int_equal(d[1].has_ext, 0);
	/* Counted for each descriptor the quirk resized (bit 8 clear). */
	assert_int_equal(g_e.set.quirk_hits[2], SCMIA_SIM_SENSORS - 1);
}

/* ---- asynchronous clock rate change without delayed response ---- */

#define CLK_DDR 2u
#define MHZ 1000000ull

static void test_dev_clock_no_dresp(void **state)
{
	static const struct scmia_proto_quirk q[] = {
		{ .vendor = "scmia-sim", .impl_min = 0, .impl_max = 0xffffffffu, .proto_id = 0x14,
		  .quirks = SCMIA_QUIRK_CLOCK_ASYNC_NO_DRESP, .name = "clock-async-no-dresp",
		  /* Clock 3.x only: a version-keyed entry. */
		  .ver_min = 0x30000u, .ver_max = 0x3ffffu },
	};
	uint64_t actual = 0;

	(void)state;
	g_e.clock.dev = SCMIA_SIM_DEV_NO_DRESP;
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	/* Without the quirk: the change is applied, but the agent waits out
	 * the delayed-response timeout (shortened here). */
	assert_int_equal(scmia_chan_set_timeouts(&g_e.a2p, 0, 50000u), SCMIA_OK);
	assert_int_equal(scmia_clock_rate_set(get(0x14), CLK_DDR, SCMIA_CLOCK_SET_F_ASYNC,
					      800 * MHZ, &actual),
			 SCMIA_ETIMEDOUT);
	assert_true(scmia_sim_clock_rate(&g_e.sim, &g_e.clock, CLK_DDR) == 800 * MHZ);
	/* With it (added at run time): sent synchronously, done at once. */
	assert_int_equal(scmia_proto_set_quirks(&g_e.set, q, 1), SCMIA_OK);
	assert_int_equal(scmia_proto_attach(scmia_proto_find(&g_e.set, 0x14)), SCMIA_OK);
	assert_int_equal(scmia_clock_rate_set(get(0x14), CLK_DDR, SCMIA_CLOCK_SET_F_ASYNC,
					      1066 * MHZ, &actual),
			 SCMIA_OK);
	assert_true(actual == 1066 * MHZ);
	assert_true(scmia_sim_clock_rate(&g_e.sim, &g_e.clock, CLK_DDR) == 1066 * MHZ);
	assert_int_equal(g_e.set.quirk_hits[1], 1);
	/* The entry is keyed on Clock 3.x: a 2.0 platform does not match. */
	assert_int_equal(scmia_proto_quirk_match(q, 1, &g_e.set.ident, 0x14, 0x20000u, NULL), 0);
	assert_int_equal(scmia_proto_quirk_match(q, 1, &g_e.set.ident, 0x14, 0x30000u, NULL),
			 SCMIA_QUIRK_CLOCK_ASYNC_NO_DRESP);
}

/* ---- Clock 3.0 answering CLOCK_ATTRIBUTES in the older layout ---- */

static void test_dev_clock_attributes_v1_layout(void **state)
{
	struct scmia_clock_dom c[SCMIA_SIM_CLOCKS];
	uint32_t n = 0, i;

	(void)state;
	g_e.clock.dev = SCMIA_SIM_DEV_ATTRS_V1;
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	assert_int_equal(get(0x14)->version, SCMIA_PROTO_VERSION(3, 0));
	assert_int_equal(scmia_clock_describe(get(0x14), c, SCMIA_SIM_CLOCKS, &n), SCMIA_OK);
	assert_int_equal(n, SCMIA_SIM_CLOCKS);
	for (i = 0; i < SCMIA_SIM_CLOCKS - 1; i++) {
		assert_int_equal(c[i].err, SCMIA_OK);
		assert_int_equal(c[i].attrs.enable_latency_us, SCMIA_CLOCK_LATENCY_UNKNOWN);
	}
	assert_string_equal(c[0].attrs.name, "cpu-pll");
	assert_string_equal(c[3].attrs.name, "sdmmc0-card-clock");
	assert_int_equal(c[SCMIA_SIM_CLOCKS - 1].err, SCMIA_E_SCMI_DENIED);
	/* One per clock answered (the denied one answered nothing). */
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_ABSENT], SCMIA_SIM_CLOCKS - 1);
}

/* ---- versions: older and newer platforms, every protocol ---- */

/* One command of each protocol, decoded by the agreed version. */
static void use_all(void)
{
	struct scmia_power_dom_attrs pa;
	struct scmia_perf_dom_attrs fa;
	struct scmia_perf_level lv[4];
	struct scmia_clock_attrs ca;
	struct scmia_sensor_desc sd[2];
	struct scmia_sensor_reading rd;
	struct scmia_reset_dom_attrs ra;
	struct scmia_voltage_dom_attrs va;
	struct scmia_powercap_dom_attrs pc;
	struct scmia_pinctrl_attrs pn;
	char name[16];
	uint32_t v, n;

	assert_int_equal(scmia_base_discover_vendor(get(0x10), name, sizeof(name)), SCMIA_OK);
	assert_string_equal(name, "scmia-sim");
	assert_int_equal(scmia_power_domain_attributes(get(0x11), 0, 1, &pa), SCMIA_OK);
	assert_string_equal(pa.name, "cpu0");
	assert_int_equal(scmia_system_power_state_get(get(0x12), &v), SCMIA_OK);
	assert_int_equal(scmia_perf_domain_attributes(get(0x13), 0, 0, &fa), SCMIA_OK);
	assert_string_equal(fa.name, "little");
	assert_int_equal(scmia_perf_describe_levels(get(0x13), 0, lv, 4, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 4);
	assert_true(lv[1].perf_level > lv[0].perf_level);
	assert_int_equal(scmia_clock_attributes(get(0x14), 0, 0, &ca), SCMIA_OK);
	assert_string_equal(ca.name, "cpu-pll");
	assert_int_equal(scmia_sensor_description_get(get(0x15), sd, 2, 0, &n), SCMIA_ENOSPC);
	assert_string_equal(sd[1].name, "vdd-cpu-volt");
	assert_int_equal(scmia_sensor_reading_get(get(0x15), 1, 0, &rd, 1), SCMIA_OK);
	assert_true(rd.value == 900);
	assert_int_equal(scmia_reset_domain_attributes(get(0x16), 1, 0, &ra), SCMIA_OK);
	assert_string_equal(ra.name, "eth");
	assert_int_equal(scmia_voltage_domain_attributes(get(0x17), 0, 0, &va), SCMIA_OK);
	assert_string_equal(va.name, "vdd-cpu");
	assert_int_equal(scmia_powercap_domain_attributes(get(0x18), 0, 0, &pc), SCMIA_OK);
	assert_string_equal(pc.name, "soc");
	assert_int_equal(scmia_pinctrl_attributes(get(0x19), SCMIA_PINCTRL_GROUP, 0, 0, &pn),
			 SCMIA_OK);
	assert_string_equal(pn.name, "uart0");
}

static void newer_platform(int negotiate)
{
	unsigned i;

	/* Every protocol one major version ahead of the helpers; Base too. */
	for (i = 1; i < N_DESCS; i++)
		assert_int_equal(scmia_sim_proto_version_set(&g_e.sim, all_descs[i]->id,
							     all_descs[i]->version + 0x10000u,
							     0x10000u, negotiate),
				 SCMIA_OK);
	assert_int_equal(scmia_sim_base_deviate(&g_e.sim, &g_e.base_dev, 0,
					       SCMIA_BASE_VERSION + 0x10000u),
			 SCMIA_OK);
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	for (i = 0; i < N_DESCS; i++) {
		struct scmia_proto_handle *ph = get(all_descs[i]->id);
		/* The simulated Base does not implement NEGOTIATE. */
		unsigned want = negotiate && i ? SCMIA_PROTO_HF_NEGOTIATED :
						 SCMIA_PROTO_HF_NOT_NEGOTIATED;

		assert_int_equal(ph->version, all_descs[i]->version);
		assert_int_equal(ph->platform_version, all_descs[i]->version + 0x10000u);
		assert_int_equal(ph->hflags, SCMIA_PROTO_HF_PLATFORM_NEWER | want);
	}
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_DOWNGRADED], N_DESCS);
	use_all();
}

static void test_versions_newer_negotiated(void **state)
{
	(void)state;
	newer_platform(1);
}

static void test_versions_newer_not_negotiated(void **state)
{
	(void)state;
	newer_platform(0);
}

static void test_versions_older(void **state)
{
	char name[64];
	uint32_t cfg;
	unsigned i;

	(void)state;
	/* Every protocol at 1.0: decoded by the 1.0 layouts, the messages
	 * of later versions refused without being sent. */
	for (i = 1; i < N_DESCS; i++)
		assert_int_equal(scmia_sim_proto_version_set(&g_e.sim, all_descs[i]->id, 0x10000u,
							     0x10000u, 1),
				 SCMIA_OK);
	assert_int_equal(scmia_sim_base_deviate(&g_e.sim, &g_e.base_dev, 0, 0x10000u), SCMIA_OK);
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	for (i = 0; i < N_DESCS; i++) {
		assert_int_equal(get(all_descs[i]->id)->version, 0x10000u);
		assert_int_equal(get(all_descs[i]->id)->hflags, 0);
	}
	use_all();
	i = sent();
	assert_int_equal(scmia_base_discover_agent(get(0x10), SCMIA_BASE_AGENT_SELF, NULL, NULL, 0),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_power_domain_name_get(get(0x11), 0, name, sizeof(name)),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_clock_name_get(get(0x14), 0, name, sizeof(name)), SCMIA_ENOTSUP);
	assert_int_equal(scmia_clock_parent_get(get(0x14), 3, &cfg), SCMIA_ENOTSUP);
	assert_int_equal(scmia_sensor_config_get(get(0x15), 0, &cfg), SCMIA_ENOTSUP);
	assert_int_equal(scmia_reset_domain_name_get(get(0x16), 2, name, sizeof(name)),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_voltage_domain_name_get(get(0x17), 1, name, sizeof(name)),
			 SCMIA_ENOTSUP);
	assert_int_equal(sent(), i);
}

/* ---- fail fast ---- */

static void test_fail_fast_no_p2a(void **state)
{
	struct scmia_sensor_reading rd;
	uint64_t actual;
	uint32_t before;

	(void)state;
	env_start();
	register_all();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	/* No p2a channel: no delayed response can ever arrive. Every
	 * asynchronous command is refused at once, nothing sent. */
	assert_int_equal(scmia_chan_close(&g_e.p2a), SCMIA_OK);
	before = sent();
	assert_int_equal(scmia_clock_rate_set(get(0x14), CLK_DDR, SCMIA_CLOCK_SET_F_ASYNC,
					      800 * MHZ, &actual),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_sensor_reading_get(get(0x15), 0, SCMIA_SENSOR_READ_F_ASYNC, &rd, 1),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_reset_reset(get(0x16), 0,
					   SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC, 0),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_voltage_level_set(get(0x17), 0, SCMIA_VOLTAGE_SET_F_ASYNC, 800000,
						 NULL),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_powercap_cap_set(get(0x18), 0, SCMIA_POWERCAP_SET_F_ASYNC, 5000,
						NULL),
			 SCMIA_ENOTSUP);
	/* A CLOCK_CONFIG_SET that would change nothing. */
	assert_int_equal(scmia_clock_config_set(get(0x14), 0, SCMIA_CLOCK_STATE_UNCHANGED, 0, 0),
			 SCMIA_EINVAL);
	assert_int_equal(sent(), before);
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_FAIL_FAST], 6);
	/* Synchronous commands still work. */
	assert_int_equal(scmia_clock_rate_set(get(0x14), CLK_DDR, 0, 800 * MHZ, &actual),
			 SCMIA_OK);
}

/* ---- lazy attach ---- */

static void test_lazy_boot_messages(void **state)
{
	struct scmia_clock_attrs ca;
	uint32_t eager, lazy, first;
	unsigned i;

	(void)state;
	env_start();
	/* Eager discovery: Base, then every protocol attached. */
	register_all();
	i = sent();
	assert_int_equal(scmia_base_discover(&g_e.set), (int)N_DESCS);
	eager = sent() - i;
	/* Lazy: Base and the list only; each protocol by its first use. */
	assert_int_equal(scmia_proto_set_init(&g_e.set, &g_e.agent, g_e.handles, E_PROTOS),
			 SCMIA_OK);
	assert_int_equal(scmia_proto_set_lazy(&g_e.set, 1), SCMIA_OK);
	register_all();
	i = sent();
	assert_int_equal(scmia_base_discover(&g_e.set), 1);
	lazy = sent() - i;
	assert_true(lazy < eager);
	/* Eager attaches each of the nine protocols with at least
	 * PROTOCOL_VERSION and PROTOCOL_ATTRIBUTES. */
	assert_true(eager - lazy >= 2u * (N_DESCS - 1u));
	assert_int_equal(scmia_proto_find(&g_e.set, 0x14)->state, SCMIA_PROTO_S_REGISTERED);
	assert_null(scmia_proto_get(&g_e.set, 0x14));
	/* First use of Clock: attach (version, attributes) then the command. */
	i = sent();
	assert_int_equal(scmia_clock_attributes(scmia_proto_find(&g_e.set, 0x14), 0, 0, &ca),
			 SCMIA_OK);
	first = sent() - i;
	assert_int_equal(first, 3);
	assert_int_equal(get(0x14)->version, SCMIA_PROTO_VERSION(3, 0));
	assert_int_equal(g_e.set.cnt[SCMIA_PROTO_CNT_LAZY_ATTACH], 1);
	/* Later uses attach nothing. */
	i = sent();
	assert_int_equal(scmia_clock_attributes(get(0x14), 1, 0, &ca), SCMIA_OK);
	assert_int_equal(sent() - i, 1);
	print_message("proto_boot_messages: eager=%u lazy=%u first_use=%u\n", (unsigned)eager,
		      (unsigned)lazy, (unsigned)first);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dev_reset_latency_unknown, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_dev_invalid_params_is_not_found, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_spec_not_found_not_counted, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_dev_past_end_empty, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_spec_past_end, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_dev_sensor_ext_desc, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_dev_clock_no_dresp, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_dev_clock_attributes_v1_layout, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_versions_newer_negotiated, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_versions_newer_not_negotiated, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_versions_older, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_fail_fast_no_p2a, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_lazy_boot_messages, env_up, env_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

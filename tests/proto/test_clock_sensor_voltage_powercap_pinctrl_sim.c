/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end: the Clock, Sensor, Voltage, Power capping and Pin control
 * helpers against the simulated platform (its own thread, loopback
 * transport, POSIX port, 104-byte payloads so that every list needs
 * several pages): discovery, paged lists (rates, sensor and axis
 * descriptions, intervals, levels, associations, settings), synchronous
 * and asynchronous commands with delayed responses, each protocol's
 * notifications routed to the right handler, and older layouts after
 * negotiating down.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "scmia/proto/base.h"
#include "scmia/proto/clock.h"
#include "scmia/proto/pinctrl.h"
#include "scmia/proto/powercap.h"
#include "scmia/proto/sensor.h"
#include "scmia/proto/voltage.h"
#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "scmia_sim_pb.h"

#define E_MAX_MSG 8u
#define E_MSG_SIZE 104u
#define E_LB_MSGS 32u
#define MHZ 1000000ull

struct env {
	struct scmia_posix posix;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_posix_wait waits[E_MAX_MSG];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, E_MAX_MSG, E_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, E_MAX_MSG, E_MSG_SIZE);
	struct scmia_sim sim;
	struct scmia_sim_clocks clock;
	struct scmia_sim_sensor sensor;
	struct scmia_sim_voltage voltage;
	struct scmia_sim_powercap powercap;
	struct scmia_sim_pinctrl pinctrl;
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[E_LB_MSGS], lbm_p2a[E_LB_MSGS];
	uint16_t lbq_a2p[E_LB_MSGS], lbq_p2a[E_LB_MSGS];
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[8];
	struct scmia_clock_info clock_info;
	struct scmia_sensor_info sensor_info;
	struct scmia_pinctrl_info pin_info;
};

static struct env g_e;

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
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	if (scmia_sim_init(&e->sim, &scfg) || scmia_sim_clock_register(&e->sim, &e->clock) ||
	    scmia_sim_sensor_register(&e->sim, &e->sensor) ||
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
	if (scmia_proto_set_init(&e->set, &e->agent, e->handles, 8))
		return -1;
	return scmia_sim_start(&e->sim) ? -1 : 0;
}

static int env_down(void **state)
{
	struct env *e = &g_e;

	(void)state;
	scmia_sim_stop(&e->sim);
	scmia_agent_deinit(&e->agent);
	scmia_sim_deinit(&e->sim);
	scmia_posix_wait_deinit(e->waits, E_MAX_MSG);
	scmia_posix_deinit(&e->posix);
	return 0;
}

/* Register Base and the five protocols (the given descriptors) and discover. */
static void discover_with(const struct scmia_proto_desc *clock,
			  const struct scmia_proto_desc *sensor)
{
	struct env *e = &g_e;

	assert_int_equal(scmia_proto_register(&e->set, &scmia_base_desc, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, clock, &e->clock_info, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, sensor, &e->sensor_info, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, &scmia_voltage_desc, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, &scmia_powercap_desc, NULL, NULL),
			 SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, &scmia_pinctrl_desc, &e->pin_info, NULL),
			 SCMIA_OK);
	assert_int_equal(scmia_base_discover(&e->set), 6);
}

static void discover(void)
{
	discover_with(&scmia_clock_desc, &scmia_sensor_desc);
}

static struct scmia_proto_handle *get(uint8_t id)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&g_e.set, id);

	assert_non_null(ph);
	return ph;
}

/* Dispatch notifications until *counter reaches @p want, for at most 2 s. */
static int wait_for(const unsigned *counter, unsigned want)
{
	struct timespec ts = { 0, 1000000L };
	int i;

	for (i = 0; i < 2000; i++) {
		(void)scmia_notify_dispatch(&g_e.agent, 0);
		if (*counter >= want)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

struct seen {
	unsigned calls;
	struct scmia_notification last;
	uint8_t payload[64];
};

static void on_any(void *ctx, const struct scmia_notification *n)
{
	struct seen *s = (struct seen *)ctx;

	s->last = *n;
	memcpy(s->payload, n->payload, n->len < sizeof(s->payload) ? n->len : sizeof(s->payload));
	s->last.payload = s->payload;
	s->calls++;
}

/* Every helper gives its slots back, whatever the outcome. The receive
 * path (the platform thread) may still hold its reference for a moment
 * after the waiter woke up: allow it 200 ms to let go. */
static void assert_no_slot_leak(void)
{
	struct timespec ts = { 0, 1000000L };
	unsigned n_free = 0, n_held = 0, n_inflight = 0;
	int i;

	for (i = 0; i < 200; i++) {
		assert_int_equal(scmia_chan_stats(&g_e.a2p, &n_free, &n_held, &n_inflight),
				 SCMIA_OK);
		if (!n_held)
			break;
		nanosleep(&ts, NULL);
	}
	assert_int_equal(n_held, 0);
	assert_int_equal(n_free, E_MAX_MSG);
}

static void test_sim_discovery(void **state)
{
	struct env *e = &g_e;

	(void)state;
	discover();
	assert_int_equal(get(SCMIA_PROTO_CLOCK)->version, 0x30000u);
	assert_int_equal(get(SCMIA_PROTO_SENSOR)->version, 0x30001u);
	assert_int_equal(get(SCMIA_PROTO_VOLTAGE)->version, 0x20000u);
	assert_int_equal(get(SCMIA_PROTO_POWERCAP)->version, 0x20000u);
	assert_int_equal(get(SCMIA_PROTO_PINCTRL)->version, 0x10000u);
	assert_int_equal(e->clock_info.n_clocks, SCMIA_SIM_CLOCKS);
	assert_int_equal(e->clock_info.max_async, 4);
	assert_int_equal(e->sensor_info.n_sensors, SCMIA_SIM_SENSORS);
	assert_int_equal(e->pin_info.n_pins, SCMIA_SIM_PINS);
	assert_int_equal(e->pin_info.n_groups, SCMIA_SIM_PIN_GROUPS);
	assert_int_equal(e->pin_info.n_functions, SCMIA_SIM_PIN_FUNCTIONS);
	assert_no_slot_leak();
}

/* ---- Clock ---- */

static void test_sim_clock(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_clock_dom c[SCMIA_SIM_CLOCKS];
	struct scmia_clock_rates rr;
	struct scmia_clock_rate_event ev;
	uint64_t rates[64], rate = 0;
	uint32_t n = 0, parents[4], pid = 0, perms = 0;
	struct seen ddr = { 0 }, cpu = { 0 }, req = { 0 };
	struct scmia_notifier nddr = { .proto_id = SCMIA_PROTO_CLOCK, .evt_id = 0, .src_id = 2,
				       .fn = on_any, .ctx = &ddr };
	struct scmia_notifier ncpu = { .proto_id = SCMIA_PROTO_CLOCK, .evt_id = 0, .src_id = 0,
				       .fn = on_any, .ctx = &cpu };
	struct scmia_notifier nreq = { .proto_id = SCMIA_PROTO_CLOCK, .evt_id = 1,
				       .src_id = SCMIA_NOTIFY_SRC_ANY, .fn = on_any, .ctx = &req };
	int en = 0;

	(void)state;
	discover();
	ph = get(SCMIA_PROTO_CLOCK);
	assert_int_equal(scmia_clock_describe(ph, c, SCMIA_SIM_CLOCKS, &n), SCMIA_OK);
	assert_int_equal(n, SCMIA_SIM_CLOCKS);
	assert_string_equal(c[0].attrs.name, "cpu-pll");
	assert_string_equal(c[3].attrs.name, "sdmmc0-card-clock");
	assert_true(c[3].attrs.attributes & SCMIA_CLOCK_ATTR_PARENTS);
	assert_int_equal(c[0].attrs.enable_latency_us, 20);
	assert_int_equal(c[SCMIA_SIM_CLOCK_DENIED].err, SCMIA_E_SCMI_DENIED);

	/* 50 rates in pages of 8, up to 5 GHz (above 32 bits). */
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 64, &rr), SCMIA_OK);
	assert_int_equal(rr.range, 0);
	assert_int_equal(rr.count, 50);
	assert_true(rates[0] == 100 * MHZ);
	assert_true(rates[49] == 5000 * MHZ);
	/* Too little room: the first ones and the total. */
	assert_int_equal(scmia_clock_describe_rates(ph, 0, rates, 10, &rr), SCMIA_ENOSPC);
	assert_int_equal(rr.count, 10);
	assert_int_equal(rr.total, 50);
	assert_int_equal(scmia_clock_describe_rates(ph, 1, rates, 64, &rr), SCMIA_OK);
	assert_int_equal(rr.range, 1);
	assert_true(rr.min == 1 * MHZ && rr.max == 100 * MHZ && rr.step == 1000);

	/* Synchronous set with rounding, rate changed on clock 0 only. */
	assert_int_equal(scmia_notify_register(&e->agent, &nddr), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&e->agent, &ncpu), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&e->agent, &nreq), SCMIA_OK);
	assert_int_equal(scmia_clock_rate_notify(ph, 0, 1), SCMIA_OK);
	assert_int_equal(scmia_clock_rate_notify(ph, 2, 1), SCMIA_OK);
	assert_int_equal(scmia_clock_rate_set(ph, 0, SCMIA_CLOCK_SET_F_ROUND_UP, 4234 * MHZ, NULL),
			 SCMIA_OK);
	assert_int_equal(scmia_clock_rate_get(ph, 0, &rate), SCMIA_OK);
	assert_true(rate == 4300 * MHZ);
	assert_true(wait_for(&cpu.calls, 1));
	assert_int_equal(scmia_clock_rate_changed_decode(&cpu.last, &ev), SCMIA_OK);
	assert_true(ev.rate == 4300 * MHZ);
	assert_int_equal(ddr.calls, 0);
	assert_int_equal(scmia_clock_rate_set(ph, 0, 0, 50 * MHZ, NULL), SCMIA_E_SCMI_OUT_OF_RANGE);

	/* Asynchronous set on ddr: CLOCK_RATE_SET_COMPLETE reports the rate. */
	rate = 0;
	assert_int_equal(scmia_clock_rate_set(ph, 2, SCMIA_CLOCK_SET_F_ASYNC |
							     SCMIA_CLOCK_SET_F_ROUND_AUTO,
					      1100 * MHZ, &rate),
			 SCMIA_OK);
	assert_true(rate == 1066 * MHZ);
	assert_true(scmia_sim_clock_rate(&e->sim, &e->clock, 2) == 1066 * MHZ);
	assert_true(wait_for(&ddr.calls, 1));
	assert_int_equal(scmia_clock_rate_changed_decode(&ddr.last, &ev), SCMIA_OK);
	assert_int_equal(ev.clock_id, 2);
	/* Fire and forget (no delayed response). */
	assert_int_equal(scmia_clock_rate_set(ph, 2,
					      SCMIA_CLOCK_SET_F_ASYNC |
						      SCMIA_CLOCK_SET_F_IGNORE_DRESP,
					      400 * MHZ, NULL),
			 SCMIA_OK);
	assert_true(scmia_sim_clock_rate(&e->sim, &e->clock, 2) == 400 * MHZ);
	/* uart has no asynchronous rate change. */
	assert_int_equal(scmia_clock_rate_set(ph, 1, SCMIA_CLOCK_SET_F_ASYNC, 2 * MHZ, NULL),
			 SCMIA_E_SCMI_NOT_SUPPORTED);

	/* The platform asks for a change. */
	assert_int_equal(scmia_clock_rate_change_requested_notify(ph, 0, 1), SCMIA_OK);
	assert_int_equal(scmia_sim_clock_request(&e->sim, &e->clock, 0, 2000 * MHZ), SCMIA_OK);
	assert_true(wait_for(&req.calls, 1));
	assert_int_equal(scmia_clock_rate_change_requested_decode(&req.last, &ev), SCMIA_OK);
	assert_true(ev.rate == 2000 * MHZ);
	assert_int_equal(scmia_clock_rate_change_requested_notify(ph, 1, 1),
			 SCMIA_E_SCMI_NOT_SUPPORTED);

	/* Parents (paged one per reply), configuration, permissions. */
	assert_int_equal(scmia_clock_possible_parents_get(ph, 3, parents, 4, &n), SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(parents[1], 4);
	assert_int_equal(scmia_clock_parent_set(ph, 3, 4), SCMIA_OK);
	assert_int_equal(scmia_clock_parent_get(ph, 3, &pid), SCMIA_OK);
	assert_int_equal(pid, 4);
	assert_int_equal(scmia_clock_parent_set(ph, 3, 1), SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_int_equal(scmia_clock_config_set(ph, 1, SCMIA_CLOCK_STATE_ENABLE, 0, 0), SCMIA_OK);
	assert_int_equal(scmia_clock_config_get(ph, 1, 0, &en, NULL), SCMIA_OK);
	assert_int_equal(en, 1);
	assert_int_equal(scmia_clock_config_set(ph, 1, SCMIA_CLOCK_STATE_DISABLE, 0, 0), SCMIA_OK);
	assert_int_equal(scmia_clock_config_get(ph, 1, 0, &en, NULL), SCMIA_OK);
	assert_int_equal(en, 0);
	assert_int_equal(scmia_clock_get_permissions(ph, 3, &perms), SCMIA_OK);
	assert_int_equal(perms, SCMIA_CLOCK_PERM_STATE | SCMIA_CLOCK_PERM_PARENT |
					SCMIA_CLOCK_PERM_RATE);
	assert_int_equal(scmia_clock_rate_get(ph, 9, &rate), SCMIA_E_SCMI_NOT_FOUND);
	assert_no_slot_leak();
}

/* ---- Sensor ---- */

static void test_sim_sensor(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_sensor_desc d[SCMIA_SIM_SENSORS];
	struct scmia_sensor_axis ax[4];
	struct scmia_sensor_reading r[3];
	struct scmia_sensor_intervals iv;
	struct scmia_sensor_trip_event te;
	struct scmia_sensor_update up;
	uint32_t n = 0, l[8], cfg = 0;
	struct seen trips = { 0 }, other = { 0 }, upd = { 0 };
	struct scmia_notifier nt = { .proto_id = SCMIA_PROTO_SENSOR, .evt_id = 0, .src_id = 0,
				     .fn = on_any, .ctx = &trips };
	struct scmia_notifier no = { .proto_id = SCMIA_PROTO_SENSOR, .evt_id = 0, .src_id = 3,
				     .fn = on_any, .ctx = &other };
	struct scmia_notifier nu = { .proto_id = SCMIA_PROTO_SENSOR, .evt_id = 1, .src_id = 2,
				     .fn = on_any, .ctx = &upd };

	(void)state;
	discover();
	ph = get(SCMIA_PROTO_SENSOR);
	/* Descriptions over several pages, extended name fetched. */
	assert_int_equal(scmia_sensor_description_get(ph, d, SCMIA_SIM_SENSORS, 1, &n), SCMIA_OK);
	assert_int_equal(n, SCMIA_SIM_SENSORS);
	assert_string_equal(d[0].name, "soc-junction-temperature");
	assert_int_equal(d[0].type, 2);
	assert_int_equal(d[0].scale, -3);
	assert_int_equal(d[0].has_ext, 1);
	assert_true(d[0].min_range == -40000 && d[0].max_range == 125000);
	assert_int_equal(d[0].n_trip_points, 2);
	assert_int_equal(d[0].tstamp_exp, -6);
	assert_int_equal(d[2].n_axes, SCMIA_SIM_SENSOR_AXES);
	assert_string_equal(d[3].name, "pkg-power");

	/* Synchronous, asynchronous, multi-axis, denied readings. */
	assert_int_equal(scmia_sensor_reading_get(ph, 0, 0, r, 1), SCMIA_OK);
	assert_true(r[0].value == 45000);
	assert_true(r[0].timestamp != 0);
	assert_int_equal(scmia_sensor_reading_get(ph, 3, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_OK);
	assert_true(r[0].value == 4200);
	assert_int_equal(scmia_sensor_reading_get(ph, 2, SCMIA_SENSOR_READ_F_ASYNC, r, 3),
			 SCMIA_OK);
	assert_true(r[0].value == 0 && r[1].value == 7 && r[2].value == 14);
	assert_int_equal(scmia_sensor_reading_get(ph, 1, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_int_equal(scmia_sensor_reading_get(ph, SCMIA_SIM_SENSOR_DENIED, 0, r, 1),
			 SCMIA_E_SCMI_DENIED);
	/* A multi-axis reading read as one axis is still accepted (longer). */
	assert_int_equal(scmia_sensor_reading_get(ph, 2, 0, r, 1), SCMIA_OK);

	/* Axes (one per page) and their extended names (one per page). */
	assert_int_equal(scmia_sensor_axis_description_get(ph, 2, ax, 4, 1, &n), SCMIA_OK);
	assert_int_equal(n, 3);
	assert_string_equal(ax[1].name, "gyro-y-axis-pitch");
	assert_int_equal(ax[2].has_ext, 1);
	assert_true(ax[2].max_range == 2000000);
	assert_int_equal(scmia_sensor_axis_description_get(ph, 0, ax, 4, 0, &n),
			 SCMIA_E_SCMI_NOT_SUPPORTED);

	/* Update intervals: a list over two pages, a triplet. */
	assert_int_equal(scmia_sensor_list_update_intervals(ph, 0, l, 8, &iv), SCMIA_OK);
	assert_int_equal(iv.count, 4);
	assert_int_equal(l[3], 1u << 5);
	assert_int_equal(scmia_sensor_list_update_intervals(ph, 2, l, 8, &iv), SCMIA_OK);
	assert_int_equal(iv.range, 1);

	/* Configuration. */
	assert_int_equal(scmia_sensor_config_set(ph, 0, SCMIA_SENSOR_CFG_INTERVAL(10, -3) |
								 SCMIA_SENSOR_CFG_TIMESTAMP |
								 SCMIA_SENSOR_CFG_ENABLED),
			 SCMIA_OK);
	assert_int_equal(scmia_sensor_config_get(ph, 0, &cfg), SCMIA_OK);
	assert_int_equal(cfg, SCMIA_SENSOR_CFG_INTERVAL(10, -3) | 3u);
	assert_int_equal(scmia_sensor_config_set(ph, 1, SCMIA_SENSOR_CFG_TIMESTAMP),
			 SCMIA_E_SCMI_NOT_SUPPORTED);

	/* Trip point 1 of soc-temp at 80 °C, rising: the event reaches the
	 * soc-temp handler only. */
	assert_int_equal(scmia_notify_register(&e->agent, &nt), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&e->agent, &no), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&e->agent, &nu), SCMIA_OK);
	assert_int_equal(scmia_sensor_trip_point_config(ph, 0, 1, SCMIA_SENSOR_TP_POSITIVE, 80000),
			 SCMIA_OK);
	assert_int_equal(scmia_sensor_trip_point_config(ph, 0, 2, SCMIA_SENSOR_TP_BOTH, 1),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_int_equal(scmia_sensor_trip_point_notify(ph, 0, 1), SCMIA_OK);
	assert_int_equal(scmia_sim_sensor_set(&e->sim, &e->sensor, 0, 0, 85000), 1);
	assert_true(wait_for(&trips.calls, 1));
	assert_int_equal(scmia_sensor_trip_point_event_decode(&trips.last, &te), SCMIA_OK);
	assert_int_equal(te.sensor_id, 0);
	assert_int_equal(te.tp_id, 1);
	assert_int_equal(other.calls, 0);
	assert_int_equal(scmia_sensor_reading_get(ph, 0, 0, r, 1), SCMIA_OK);
	assert_true(r[0].value == 85000);
	/* Falling back does not trip a "positive" trip point. */
	assert_int_equal(scmia_sim_sensor_set(&e->sim, &e->sensor, 0, 0, 60000), 0);

	/* Continuous updates of the gyro: all three axes. */
	assert_int_equal(scmia_sensor_continuous_update_notify(ph, 2, 1), SCMIA_OK);
	assert_int_equal(scmia_sim_sensor_set(&e->sim, &e->sensor, 2, 1, -250), 1);
	assert_true(wait_for(&upd.calls, 1));
	assert_int_equal(scmia_sensor_update_decode(&upd.last, &up, r, 3), SCMIA_OK);
	assert_int_equal(up.sensor_id, 2);
	assert_int_equal(up.n_readings, 3);
	assert_true(r[1].value == -250);
	assert_int_equal(scmia_sensor_continuous_update_notify(ph, 1, 1),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_no_slot_leak();
}

/* ---- Voltage ---- */

static void test_sim_voltage(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_voltage_dom d[SCMIA_SIM_VOLTAGE_DOMAINS];
	struct scmia_voltage_levels lv;
	int32_t levels[16], got = 0;
	uint32_t n = 0, cfg = 0;

	(void)state;
	discover();
	ph = get(SCMIA_PROTO_VOLTAGE);
	assert_int_equal(scmia_voltage_domains_describe(ph, d, SCMIA_SIM_VOLTAGE_DOMAINS, &n),
			 SCMIA_OK);
	assert_int_equal(n, SCMIA_SIM_VOLTAGE_DOMAINS);
	assert_string_equal(d[0].attrs.name, "vdd-cpu");
	assert_true(d[0].attrs.attributes & SCMIA_VOLTAGE_ATTR_ASYNC);
	assert_string_equal(d[1].attrs.name, "vdd-gpu-shader-cores");
	assert_int_equal(d[SCMIA_SIM_VOLTAGE_DENIED].err, SCMIA_E_SCMI_DENIED);
	/* 11 levels in pages of 4; a range. */
	assert_int_equal(scmia_voltage_describe_levels(ph, 0, levels, 16, &lv), SCMIA_OK);
	assert_int_equal(lv.count, 11);
	assert_int_equal(levels[10], 1100000);
	assert_int_equal(scmia_voltage_describe_levels(ph, 1, NULL, 0, &lv), SCMIA_OK);
	assert_int_equal(lv.range, 1);
	assert_int_equal(lv.step_uv, 6250);
	/* Asynchronous and synchronous level sets. */
	assert_int_equal(scmia_voltage_level_set(ph, 0, SCMIA_VOLTAGE_SET_F_ASYNC, 1000000, &got),
			 SCMIA_OK);
	assert_int_equal(got, 1000000);
	assert_int_equal(scmia_sim_voltage_level(&e->sim, &e->voltage, 0), 1000000);
	assert_int_equal(scmia_voltage_level_set(ph, 1, 0, 606250, NULL), SCMIA_OK);
	assert_int_equal(scmia_voltage_level_get(ph, 1, &got), SCMIA_OK);
	assert_int_equal(got, 606250);
	assert_int_equal(scmia_voltage_level_set(ph, 2, 0, 1800000, NULL), SCMIA_OK);
	assert_int_equal(scmia_voltage_level_set(ph, 2, SCMIA_VOLTAGE_SET_F_ASYNC, 3300000, NULL),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_int_equal(scmia_voltage_level_set(ph, 1, 0, 606000, NULL),
			 SCMIA_E_SCMI_OUT_OF_RANGE);
	assert_int_equal(scmia_voltage_level_get(ph, 3, &got), SCMIA_E_SCMI_DENIED);
	/* Configuration. */
	assert_int_equal(scmia_voltage_config_set(ph, 2, SCMIA_VOLTAGE_CONFIG_OFF), SCMIA_OK);
	assert_int_equal(scmia_voltage_config_get(ph, 2, &cfg), SCMIA_OK);
	assert_int_equal(cfg, SCMIA_VOLTAGE_CONFIG_OFF);
	assert_int_equal(scmia_voltage_config_set(ph, 2, 0x9), SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_no_slot_leak();
}

/* ---- Power capping ---- */

static void test_sim_powercap(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_powercap_dom d[SCMIA_SIM_POWERCAP_DOMAINS];
	struct scmia_powercap_fc_info fi;
	struct scmia_powercap_cap_changed cc;
	struct scmia_powercap_measurements_changed mc;
	uint32_t n = 0, cap = 0, pai = 0, power = 0;
	struct seen caps = { 0 }, meas = { 0 };
	struct scmia_notifier nc = { .proto_id = SCMIA_PROTO_POWERCAP, .evt_id = 0, .src_id = 1,
				     .fn = on_any, .ctx = &caps };
	struct scmia_notifier nm = { .proto_id = SCMIA_PROTO_POWERCAP, .evt_id = 1, .src_id = 0,
				     .fn = on_any, .ctx = &meas };

	(void)state;
	discover();
	ph = get(SCMIA_PROTO_POWERCAP);
	assert_int_equal(scmia_powercap_domains_describe(ph, d, SCMIA_SIM_POWERCAP_DOMAINS, &n),
			 SCMIA_OK);
	assert_string_equal(d[0].attrs.name, "soc-package-power-limit");
	assert_int_equal(d[0].attrs.unit, SCMIA_POWERCAP_UNIT_MILLIWATT);
	assert_int_equal(d[1].attrs.parent_id, 0);
	assert_int_equal(d[1].attrs.max_cap, 8000);
	assert_int_equal(d[2].attrs.attributes & SCMIA_POWERCAP_ATTR_CAP_CONFIG, 0);

	assert_int_equal(scmia_notify_register(&e->agent, &nc), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&e->agent, &nm), SCMIA_OK);
	assert_int_equal(scmia_powercap_cap_notify(ph, 1, 1), SCMIA_OK);
	assert_int_equal(scmia_powercap_cap_set(ph, 1, 0, 4000, NULL), SCMIA_OK);
	assert_true(wait_for(&caps.calls, 1));
	assert_int_equal(scmia_powercap_cap_changed_decode(&caps.last, &cc), SCMIA_OK);
	assert_int_equal(cc.domain_id, 1);
	assert_int_equal(cc.cap, 4000);
	assert_int_equal(scmia_powercap_cap_get(ph, 1, &cap), SCMIA_OK);
	assert_int_equal(cap, 4000);
	/* Asynchronous (flags bit 1): POWERCAP_CAP_SET_COMPLETE. */
	assert_int_equal(scmia_powercap_cap_set(ph, 0, SCMIA_POWERCAP_SET_F_ASYNC, 9000, &cap),
			 SCMIA_OK);
	assert_int_equal(cap, 9000);
	assert_int_equal(scmia_sim_powercap_cap(&e->sim, &e->powercap, 0), 9000);
	assert_int_equal(scmia_powercap_cap_set(ph, 1, SCMIA_POWERCAP_SET_F_ASYNC, 4000, NULL),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_int_equal(scmia_powercap_cap_set(ph, 0, 0, 20000, NULL), SCMIA_E_SCMI_OUT_OF_RANGE);
	assert_int_equal(scmia_powercap_cap_set(ph, 2, 0, 1000, NULL), SCMIA_E_SCMI_NOT_SUPPORTED);
	/* v2: a cap of 0 disables capping. */
	assert_int_equal(scmia_powercap_cap_set(ph, 0, 0, 0, NULL), SCMIA_OK);
	/* PAI and measurements. */
	assert_int_equal(scmia_powercap_pai_set(ph, 0, 5000), SCMIA_OK);
	assert_int_equal(scmia_powercap_pai_get(ph, 0, &pai), SCMIA_OK);
	assert_int_equal(pai, 5000);
	assert_int_equal(scmia_powercap_pai_set(ph, 0, 5500), SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_int_equal(scmia_powercap_measurements_get(ph, 0, &power, &pai), SCMIA_OK);
	assert_int_equal(power, 8000);
	assert_int_equal(scmia_powercap_measurements_notify(ph, 0, 1, 5000, 9000), SCMIA_OK);
	assert_int_equal(scmia_sim_powercap_set_power(&e->sim, &e->powercap, 0, 8500), 0);
	assert_int_equal(scmia_sim_powercap_set_power(&e->sim, &e->powercap, 0, 9500), 1);
	assert_true(wait_for(&meas.calls, 1));
	assert_int_equal(scmia_powercap_measurements_changed_decode(&meas.last, &mc), SCMIA_OK);
	assert_int_equal(mc.power, 9500);
	/* Fastchannel: CAP_GET of soc is declared; CAP_SET is not; gpu has none. */
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_CAP_GET, &fi),
			 SCMIA_OK);
	assert_true(fi.chan_addr == SCMIA_SIM_POWERCAP_FC_ADDR);
	assert_int_equal(fi.chan_size, 4);
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_CAP_SET, &fi),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 1, SCMIA_POWERCAP_CAP_GET, &fi),
			 SCMIA_ENOTSUP);
	assert_no_slot_leak();
}

/* ---- Pin control ---- */

static void test_sim_pinctrl(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_pinctrl_attrs a;
	struct scmia_pinctrl_config c[4];
	uint16_t ids[16];
	uint32_t n = 0, fn = 0, v = 0;

	(void)state;
	discover();
	ph = get(SCMIA_PROTO_PINCTRL);
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_PIN, 10, 1, &a), SCMIA_OK);
	assert_string_equal(a.name, "pb2");
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_GROUP, 1, 1, &a), SCMIA_OK);
	assert_string_equal(a.name, "uart1-rx-tx-rts-cts");
	assert_int_equal(a.n_elems, 4);
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_FUNCTION, 0, 1, &a), SCMIA_OK);
	assert_string_equal(a.name, "uart");
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_GROUP, 9, 1, &a),
			 SCMIA_E_SCMI_NOT_FOUND);
	/* sdmmc0: 10 pins in pages of 4. */
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, 4, ids, 16, &n),
			 SCMIA_OK);
	assert_int_equal(n, 10);
	assert_int_equal(ids[0], 14);
	assert_int_equal(ids[9], 23);
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_FUNCTION, 0, ids, 16,
							 &n),
			 SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[1], 1);
	/* uart function on group uart1 with a pull-up and drive strength. */
	c[0].type = SCMIA_PINCTRL_CONF_BIAS_PULL_UP;
	c[0].value = 10000;
	c[1].type = SCMIA_PINCTRL_CONF_DRIVE_STRENGTH;
	c[1].value = 8;
	c[2].type = SCMIA_PINCTRL_CONF_INPUT_SCHMITT;
	c[2].value = 1;
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_GROUP, 1, 0, c, 3),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_pinctrl_pin(&e->sim, &e->pinctrl, 3,
					       SCMIA_PINCTRL_CONF_DRIVE_STRENGTH, &v),
			 0);
	assert_int_equal(v, 8);
	assert_int_equal(scmia_pinctrl_function_get(ph, SCMIA_PINCTRL_GROUP, 1, &fn), SCMIA_OK);
	assert_int_equal(fn, 0);
	/* All settings of pin 3 (two per page). */
	assert_int_equal(scmia_pinctrl_settings_get(ph, SCMIA_PINCTRL_PIN, 3, &fn, c, 4, &n),
			 SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(fn, 0);
	assert_int_equal(c[2].type, SCMIA_PINCTRL_CONF_INPUT_SCHMITT);
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_PIN, 3,
							SCMIA_PINCTRL_CONF_BIAS_PULL_UP, &v, NULL),
			 SCMIA_OK);
	assert_int_equal(v, 10000);
	/* The spi function does not reach uart pins. */
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_PIN, 3, 1, NULL, 0),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	/* Request / release. */
	assert_int_equal(scmia_pinctrl_request(ph, SCMIA_PINCTRL_GROUP, 2), SCMIA_OK);
	assert_int_equal(scmia_pinctrl_request(ph, SCMIA_PINCTRL_GROUP, 2), SCMIA_E_SCMI_IN_USE);
	assert_int_equal(scmia_pinctrl_release(ph, SCMIA_PINCTRL_GROUP, 2), SCMIA_OK);
	assert_int_equal(scmia_pinctrl_request(ph, SCMIA_PINCTRL_PIN, 6), SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_GROUP,
							SCMIA_SIM_PIN_GROUP_DENIED, 0, &v, NULL),
			 SCMIA_E_SCMI_DENIED);
	assert_no_slot_leak();
}

/* ---- older layouts after negotiating down ---- */

static void test_sim_negotiated_older_layouts(void **state)
{
	static struct scmia_proto_desc clock_v2, sensor_v1;
	struct scmia_proto_handle *ph;
	struct scmia_clock_attrs ca;
	struct scmia_sensor_desc d[SCMIA_SIM_SENSORS];
	struct scmia_sensor_reading r[1];
	uint32_t n = 0, pid;

	(void)state;
	/* An agent built for Clock 2.0 and Sensor 1.0 meets a 3.x platform:
	 * NEGOTIATE_PROTOCOL_VERSION brings both sides to the older layouts. */
	clock_v2 = scmia_clock_desc;
	clock_v2.version = SCMIA_PROTO_VERSION(2, 0);
	sensor_v1 = scmia_sensor_desc;
	sensor_v1.version = SCMIA_PROTO_VERSION(1, 0);
	discover_with(&clock_v2, &sensor_v1);
	ph = get(SCMIA_PROTO_CLOCK);
	assert_int_equal(ph->version, 0x20000u);
	assert_true(ph->hflags & SCMIA_PROTO_HF_NEGOTIATED);
	assert_int_equal(scmia_clock_attributes(ph, 3, 1, &ca), SCMIA_OK);
	assert_string_equal(ca.name, "sdmmc0-card-clock");
	assert_int_equal(ca.attributes & SCMIA_CLOCK_ATTR_PARENTS, 0);
	assert_int_equal(scmia_clock_parent_get(ph, 3, &pid), SCMIA_ENOTSUP);
	ph = get(SCMIA_PROTO_SENSOR);
	assert_int_equal(ph->version, 0x10000u);
	/* v1: 28-byte descriptors, no extended attributes, no axes. */
	assert_int_equal(scmia_sensor_description_get(ph, d, SCMIA_SIM_SENSORS, 1, &n), SCMIA_OK);
	assert_int_equal(n, SCMIA_SIM_SENSORS);
	assert_string_equal(d[0].name, "soc-temp");
	assert_int_equal(d[0].has_ext, 0);
	assert_int_equal(d[2].n_axes, 0);
	/* v1 reading: one value, no timestamp; asynchronous too. */
	assert_int_equal(scmia_sensor_reading_get(ph, 0, 0, r, 1), SCMIA_OK);
	assert_true(r[0].value == 45000 && r[0].timestamp == 0);
	assert_int_equal(scmia_sensor_reading_get(ph, 3, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_OK);
	assert_true(r[0].value == 4200);
	assert_no_slot_leak();
}

/* ---- platform faults seen through the helpers ---- */

static void add_fault(uint8_t proto, uint8_t msg, uint8_t target, uint8_t action, int64_t arg)
{
	struct scmia_sim_fault f;

	memset(&f, 0, sizeof(f));
	f.match = SCMIA_SIM_FM_MSG;
	f.proto_id = proto;
	f.msg_id = msg;
	f.target = target;
	f.action = action;
	f.count = 1;
	f.arg = arg;
	assert_true(scmia_sim_fault_add(&g_e.sim, &f) >= 0);
}

static void test_sim_faults(void **state)
{
	struct env *e = &g_e;
	struct scmia_clock_rates rr;
	struct scmia_sensor_reading r[1];
	uint64_t rates[64];
	int32_t got = 0;
	uint32_t fn = 0;

	(void)state;
	discover();
	assert_int_equal(scmia_chan_set_timeouts(&e->a2p, 0, 50000), SCMIA_OK);
	/* A rates page cut inside its fourth rate (status + flags + 3.5
	 * rates): too short, not a crash or a wrong rate. */
	add_fault(SCMIA_PROTO_CLOCK, SCMIA_CLOCK_DESCRIBE_RATES, SCMIA_SIM_FT_RESP,
		  SCMIA_SIM_FA_TRUNCATE, 4 + 4 + 28);
	assert_int_equal(scmia_clock_describe_rates(get(SCMIA_PROTO_CLOCK), 0, rates, 64, &rr),
			 SCMIA_ETOOSHORT);
	assert_int_equal(scmia_clock_describe_rates(get(SCMIA_PROTO_CLOCK), 0, rates, 64, &rr),
			 SCMIA_OK);
	/* SENSOR_READING_COMPLETE before the response. */
	add_fault(SCMIA_PROTO_SENSOR, SCMIA_SENSOR_READING_GET, SCMIA_SIM_FT_RESP,
		  SCMIA_SIM_FA_REORDER, 0);
	assert_int_equal(scmia_sensor_reading_get(get(SCMIA_PROTO_SENSOR), 3,
						  SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_OK);
	assert_true(r[0].value == 4200);
	/* VOLTAGE_LEVEL_SET_COMPLETE lost: a timeout; the next call works. */
	add_fault(SCMIA_PROTO_VOLTAGE, SCMIA_VOLTAGE_LEVEL_SET, SCMIA_SIM_FT_DRESP,
		  SCMIA_SIM_FA_DROP, 0);
	assert_int_equal(scmia_voltage_level_set(get(SCMIA_PROTO_VOLTAGE), 0,
						 SCMIA_VOLTAGE_SET_F_ASYNC, 650000, &got),
			 SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_voltage_level_get(get(SCMIA_PROTO_VOLTAGE), 0, &got), SCMIA_OK);
	assert_int_equal(got, 650000);
	/* A status outside [-11, 0]. */
	add_fault(SCMIA_PROTO_PINCTRL, SCMIA_PINCTRL_SETTINGS_GET, SCMIA_SIM_FT_RESP,
		  SCMIA_SIM_FA_CORRUPT_STATUS, 1);
	assert_int_equal(scmia_pinctrl_function_get(get(SCMIA_PROTO_PINCTRL), SCMIA_PINCTRL_PIN, 0,
						    &fn),
			 SCMIA_EMALFORMED);
	assert_int_equal(scmia_pinctrl_function_get(get(SCMIA_PROTO_PINCTRL), SCMIA_PINCTRL_PIN, 0,
						    &fn),
			 SCMIA_OK);
	assert_int_equal(fn, SCMIA_PINCTRL_NO_FUNCTION);
	assert_no_slot_leak();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sim_discovery, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_clock, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_sensor, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_voltage, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_powercap, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_pinctrl, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_negotiated_older_layouts, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_sim_faults, env_up, env_down),
	};

	return cmocka_run_group_tests_name("proto_b_sim", tests, NULL, NULL);
}

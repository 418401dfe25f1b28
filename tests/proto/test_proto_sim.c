/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end: the protocol helpers against the simulated platform (its
 * own thread, loopback transport, POSIX port): start-up discovery, Power,
 * System power, Performance (paged levels, limits, fastchannel discovery,
 * negotiation down to v3), Reset (asynchronous, delayed response) and each
 * protocol's notifications routed to the right handler.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "scmia/proto/base.h"
#include "scmia/proto/perf.h"
#include "scmia/proto/power.h"
#include "scmia/proto/reset.h"
#include "scmia/proto/system.h"
#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "scmia_sim_pm.h"

#define E_MAX_MSG 8u
#define E_MSG_SIZE 128u
#define E_LB_MSGS 32u

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
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[E_LB_MSGS], lbm_p2a[E_LB_MSGS];
	uint16_t lbq_a2p[E_LB_MSGS], lbq_p2a[E_LB_MSGS];
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[8];
	struct scmia_perf_info perf_info;
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
	scfg.vendor = "scmia-sim";
	scfg.sub_vendor = "proto";
	scfg.impl_version = 0x00020001u;
	scfg.list_max = 2; /* page DISCOVER_LIST_PROTOCOLS */
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	if (scmia_sim_init(&e->sim, &scfg) || scmia_sim_power_register(&e->sim, &e->power) ||
	    scmia_sim_system_register(&e->sim, &e->system) ||
	    scmia_sim_perf_register(&e->sim, &e->perf) ||
	    scmia_sim_reset_register(&e->sim, &e->reset) ||
	    scmia_sim_loopback_init(&e->gl, &e->sim))
		return -1;
	if (scmia_loopback_chan_init(&e->lb_a2p, e->lbm_a2p, E_LB_MSGS, e->lbq_a2p,
				     &scmia_posix_os_ops, &e->posix, scmia_sim_loopback_kick, &e->gl) ||
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

/* Register the four protocols and discover. */
static void discover(void)
{
	struct env *e = &g_e;

	assert_int_equal(scmia_proto_register(&e->set, &scmia_base_desc, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, &scmia_power_desc, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, &scmia_system_desc, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, &scmia_perf_desc, &e->perf_info, NULL),
			 SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, &scmia_reset_desc, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_base_discover(&e->set), 5);
}

/* Dispatch notifications until @p done says so, for at most 2 s. */
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

static void test_sim_discovery(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_base_info bi;
	char name[16];
	uint32_t id = 0;

	(void)state;
	discover();
	assert_string_equal(e->set.ident.vendor, "scmia-sim");
	assert_string_equal(e->set.ident.sub_vendor, "proto");
	assert_int_equal(e->set.ident.impl_version, 0x00020001u);
	ph = scmia_proto_get(&e->set, SCMIA_PROTO_BASE);
	assert_non_null(ph);
	assert_int_equal(SCMIA_PROTO_VERSION_MAJOR(ph->version), 2);
	assert_int_equal(scmia_base_protocol_attributes(ph, &bi), SCMIA_OK);
	assert_int_equal(bi.n_protocols, 4);
	assert_int_equal(scmia_base_discover_agent(ph, SCMIA_BASE_AGENT_SELF, &id, name,
						   sizeof(name)),
			 SCMIA_OK);
	assert_int_equal(id, 1);
	assert_int_equal(scmia_proto_get(&e->set, SCMIA_PROTO_POWER)->version, 0x30001u);
	assert_int_equal(scmia_proto_get(&e->set, SCMIA_PROTO_SYSTEM)->version, 0x20001u);
	assert_int_equal(scmia_proto_get(&e->set, SCMIA_PROTO_PERF)->version, 0x40000u);
	assert_int_equal(scmia_proto_get(&e->set, SCMIA_PROTO_RESET)->version, 0x30001u);
	assert_int_equal(e->perf_info.n_domains, SCMIA_SIM_PERF_DOMAINS);
	assert_int_equal(e->perf_info.power_unit, SCMIA_PERF_POWER_MILLIWATT);
	assert_false(scmia_proto_offered(&e->set, SCMIA_PROTO_CLOCK));
}

struct seen {
	unsigned calls;
	struct scmia_notification last;
	uint8_t payload[32];
};

static void on_any(void *ctx, const struct scmia_notification *n)
{
	struct seen *s = (struct seen *)ctx;

	s->last = *n;
	memcpy(s->payload, n->payload, n->len < sizeof(s->payload) ? n->len : sizeof(s->payload));
	s->last.payload = s->payload;
	s->calls++;
}

static void test_sim_power(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_power_dom d[SCMIA_SIM_POWER_DOMAINS];
	struct scmia_power_state_changed ev;
	struct seen gpu = { 0 }, cpu = { 0 };
	struct scmia_notifier ngpu = { .proto_id = SCMIA_PROTO_POWER, .evt_id = 0, .src_id = 1,
				       .fn = on_any, .ctx = &gpu };
	struct scmia_notifier ncpu = { .proto_id = SCMIA_PROTO_POWER, .evt_id = 0, .src_id = 0,
				       .fn = on_any, .ctx = &cpu };
	uint32_t n = 0, st = 0;

	(void)state;
	discover();
	ph = scmia_proto_get(&e->set, SCMIA_PROTO_POWER);
	assert_int_equal(scmia_power_num_domains(ph), SCMIA_SIM_POWER_DOMAINS);
	assert_int_equal(scmia_power_domains_describe(ph, d, SCMIA_SIM_POWER_DOMAINS, &n), SCMIA_OK);
	assert_int_equal(n, SCMIA_SIM_POWER_DOMAINS);
	assert_string_equal(d[0].attrs.name, "cpu0");
	assert_string_equal(d[1].attrs.name, "gpu-3d-graphics-engine");
	assert_int_equal(d[SCMIA_SIM_POWER_DENIED_DOMAIN].err, SCMIA_E_SCMI_DENIED);
	assert_int_equal(d[3].err, SCMIA_OK);

	assert_int_equal(scmia_notify_register(&e->agent, &ngpu), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&e->agent, &ncpu), SCMIA_OK);
	assert_int_equal(scmia_power_state_notify(ph, 1, 1), SCMIA_OK);
	assert_int_equal(scmia_power_state_set(ph, 1, SCMIA_POWER_STATE_ON, 0), SCMIA_OK);
	assert_true(wait_for(&gpu.calls, 1));
	assert_int_equal(cpu.calls, 0);
	assert_int_equal(scmia_power_state_changed_decode(&gpu.last, &ev), SCMIA_OK);
	assert_int_equal(ev.domain_id, 1);
	assert_int_equal(ev.power_state, SCMIA_POWER_STATE_ON);
	assert_int_equal(scmia_power_state_get(ph, 1, &st), SCMIA_OK);
	assert_int_equal(st, SCMIA_POWER_STATE_ON);
	assert_int_equal(scmia_sim_power_state(&e->sim, &e->power, 1), SCMIA_POWER_STATE_ON);
	assert_int_equal(scmia_power_state_set(ph, 1, 5, 0), SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_int_equal(scmia_power_state_set(ph, 2, 0, 0), SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_power_state_get(ph, 9, &st), SCMIA_E_SCMI_NOT_FOUND);
}

static void test_sim_system(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_system_power_state_notifier ev;
	struct seen s = { 0 };
	struct scmia_notifier nt = { .proto_id = SCMIA_PROTO_SYSTEM, .evt_id = 0,
				     .src_id = SCMIA_NOTIFY_SRC_ANY, .fn = on_any, .ctx = &s };
	uint32_t attrs = 0, sets = 0;

	(void)state;
	discover();
	ph = scmia_proto_get(&e->set, SCMIA_PROTO_SYSTEM);
	assert_int_equal(scmia_system_power_state_set_attributes(ph, &attrs), SCMIA_OK);
	assert_int_equal(attrs, SCMIA_SYSTEM_SET_ATTR_WARM_RESET | SCMIA_SYSTEM_SET_ATTR_SUSPEND);
	assert_int_equal(scmia_system_power_state_set(ph, SCMIA_SYSTEM_F_GRACEFUL,
						      SCMIA_SYSTEM_SUSPEND),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_system_last(&e->sim, &e->system, &sets), SCMIA_SYSTEM_SUSPEND);
	assert_int_equal(sets, 1);
	assert_int_equal(scmia_system_power_state_set(ph, 0, 0x80000000u),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_int_equal(scmia_notify_register(&e->agent, &nt), SCMIA_OK);
	assert_int_equal(scmia_sim_system_request(&e->sim, &e->system, 1, 0, 100), SCMIA_ENOENT);
	assert_int_equal(scmia_system_power_state_notify(ph, 1), SCMIA_OK);
	assert_int_equal(scmia_sim_system_request(&e->sim, &e->system, 1, SCMIA_SYSTEM_SHUTDOWN,
						  3000),
			 SCMIA_OK);
	assert_true(wait_for(&s.calls, 1));
	assert_int_equal(scmia_system_power_state_notifier_decode(ph, &s.last, &ev), SCMIA_OK);
	assert_int_equal(ev.system_state, SCMIA_SYSTEM_SHUTDOWN);
	assert_int_equal(ev.timeout_ms, 3000);
}

static void test_sim_perf(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_perf_dom d[SCMIA_SIM_PERF_DOMAINS];
	struct scmia_perf_level lv[SCMIA_SIM_PERF_MAX_LEVELS];
	struct scmia_perf_fc_info fi;
	struct scmia_perf_level_changed ev;
	struct seen big = { 0 }, lim = { 0 };
	struct scmia_notifier nbig = { .proto_id = SCMIA_PROTO_PERF, .evt_id = 1, .src_id = 1,
				       .fn = on_any, .ctx = &big };
	struct scmia_notifier nlim = { .proto_id = SCMIA_PROTO_PERF, .evt_id = 0, .src_id = 1,
				       .fn = on_any, .ctx = &lim };
	uint32_t n = 0, mx = 0, mn = 0, l = 0;

	(void)state;
	discover();
	ph = scmia_proto_get(&e->set, SCMIA_PROTO_PERF);
	assert_int_equal(scmia_perf_domains_describe(ph, d, SCMIA_SIM_PERF_DOMAINS, &n), SCMIA_OK);
	assert_string_equal(d[0].attrs.name, "little");
	assert_string_equal(d[1].attrs.name, "cpu-big-cluster-prime");
	assert_true(d[1].attrs.attributes & SCMIA_PERF_ATTR_FASTCHANNEL);
	assert_false(d[2].attrs.attributes & SCMIA_PERF_ATTR_FASTCHANNEL);
	assert_true(scmia_perf_level_to_hz(&d[1].attrs, 3000) == 3000000000ull);
	/* 13 levels in 4 pages of at most 4, v4 layout. */
	assert_int_equal(scmia_perf_describe_levels(ph, 1, lv, SCMIA_SIM_PERF_MAX_LEVELS, &n),
			 SCMIA_OK);
	assert_int_equal(n, 13);
	assert_int_equal(lv[0].perf_level, 600);
	assert_int_equal(lv[12].perf_level, 3000);
	assert_int_equal(lv[12].indicative_freq_khz, 3000000);
	assert_int_equal(lv[12].level_index, 12);
	assert_int_equal(scmia_perf_describe_levels(ph, 1, lv, 5, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 5);

	assert_int_equal(scmia_notify_register(&e->agent, &nbig), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&e->agent, &nlim), SCMIA_OK);
	assert_int_equal(scmia_perf_notify_level(ph, 1, 1), SCMIA_OK);
	assert_int_equal(scmia_perf_notify_limits(ph, 1, 1), SCMIA_OK);
	assert_int_equal(scmia_perf_level_set(ph, 1, 1200), SCMIA_OK);
	assert_true(wait_for(&big.calls, 1));
	assert_int_equal(scmia_perf_level_changed_decode(&big.last, &ev), SCMIA_OK);
	assert_int_equal(ev.perf_level, 1200);
	assert_int_equal(scmia_perf_level_get(ph, 1, &l), SCMIA_OK);
	assert_int_equal(l, 1200);
	assert_int_equal(scmia_perf_limits_set(ph, 1, 1000, 800), SCMIA_OK);
	assert_true(wait_for(&lim.calls, 1));
	assert_true(wait_for(&big.calls, 2)); /* the level followed the limits */
	assert_int_equal(scmia_sim_perf_level(&e->sim, &e->perf, 1), 1000);
	assert_int_equal(scmia_perf_limits_get(ph, 1, &mx, &mn), SCMIA_OK);
	assert_int_equal(mx, 1000);
	assert_int_equal(mn, 800);
	assert_int_equal(scmia_perf_level_set(ph, 1, 2400), SCMIA_E_SCMI_OUT_OF_RANGE);
	assert_int_equal(scmia_perf_level_set(ph, 7, 2400), SCMIA_E_SCMI_NOT_FOUND);

	/* Fastchannels: declared for little, not for the gpu domain. */
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LEVEL_SET, &fi),
			 SCMIA_OK);
	assert_int_equal(fi.chan_size, 4);
	assert_true(fi.chan_addr == 0x4000f040ull);
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 0, SCMIA_PERF_LIMITS_GET, &fi),
			 SCMIA_OK);
	assert_int_equal(fi.chan_size, 8);
	assert_int_equal(scmia_perf_describe_fastchannel(ph, 2, SCMIA_PERF_LEVEL_SET, &fi),
			 SCMIA_ENOTSUP);
}

static void test_sim_perf_negotiated_v3(void **state)
{
	static const struct scmia_proto_desc perf_v3 = {
		.id = SCMIA_PROTO_PERF, .version = SCMIA_PROTO_VERSION(3, 0), .name = "perf-v3",
		.attrs_min_len = 16,
	};
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_perf_level lv[SCMIA_SIM_PERF_MAX_LEVELS];
	uint32_t n = 0;

	(void)state;
	/* An agent that knows Perf v3 only, on a v4 platform: negotiate down
	 * and read the levels in the v3 layout the platform now sends. */
	assert_int_equal(scmia_proto_register(&e->set, &scmia_base_desc, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&e->set, &perf_v3, NULL, &ph), SCMIA_OK);
	assert_int_equal(scmia_base_discover(&e->set), 2);
	assert_int_equal(ph->platform_version, 0x40000u);
	assert_int_equal(ph->version, 0x30000u);
	assert_true(ph->hflags & SCMIA_PROTO_HF_NEGOTIATED);
	assert_int_equal(scmia_perf_describe_levels(ph, 0, lv, SCMIA_SIM_PERF_MAX_LEVELS, &n),
			 SCMIA_OK);
	assert_int_equal(n, 8);
	assert_int_equal(lv[7].perf_level, 1800);
	assert_int_equal(lv[7].indicative_freq_khz, 0);
	assert_int_equal(lv[7].latency_us, 50);
}

static void test_sim_reset(void **state)
{
	struct env *e = &g_e;
	struct scmia_proto_handle *ph;
	struct scmia_reset_dom d[SCMIA_SIM_RESET_DOMAINS];
	struct scmia_reset_issued ev;
	struct seen usb = { 0 };
	struct scmia_notifier nusb = { .proto_id = SCMIA_PROTO_RESET, .evt_id = 0, .src_id = 0,
				       .fn = on_any, .ctx = &usb };
	uint32_t n = 0;
	int asserted = 0;

	(void)state;
	discover();
	ph = scmia_proto_get(&e->set, SCMIA_PROTO_RESET);
	assert_int_equal(scmia_reset_domains_describe(ph, d, SCMIA_SIM_RESET_DOMAINS, &n), SCMIA_OK);
	assert_string_equal(d[2].attrs.name, "pcie-root-complex-0");
	assert_true(d[0].attrs.attributes & SCMIA_RESET_ATTR_ASYNC);
	assert_false(d[1].attrs.attributes & SCMIA_RESET_ATTR_ASYNC);

	assert_int_equal(scmia_notify_register(&e->agent, &nusb), SCMIA_OK);
	assert_int_equal(scmia_reset_notify(ph, 0, 1), SCMIA_OK);
	/* Asynchronous: waits for RESET_COMPLETE (500 µs later). */
	assert_int_equal(scmia_reset_reset(ph, 0, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   SCMIA_RESET_STATE_COLD),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_reset_count(&e->sim, &e->reset, 0, NULL), 1);
	assert_true(scmia_agent_counter(&e->agent, SCMIA_CNT_DELAYED_REPLIES) >= 1);
	assert_true(wait_for(&usb.calls, 1));
	assert_int_equal(scmia_reset_issued_decode(&usb.last, &ev), SCMIA_OK);
	assert_int_equal(ev.domain_id, 0);
	/* eth has no asynchronous reset: refused locally from its
	 * attributes, RESET never sent. */
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
					   0),
			 SCMIA_ENOTSUP);
	assert_int_equal(scmia_sim_reset_count(&e->sim, &e->reset, 1, NULL), 0);
	assert_int_equal(e->set.cnt[SCMIA_PROTO_CNT_FAIL_FAST], 1);
	/* Explicit assert / de-assert. */
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_EXPLICIT_ASSERT, 0), SCMIA_OK);
	(void)scmia_sim_reset_count(&e->sim, &e->reset, 1, &asserted);
	assert_int_equal(asserted, 1);
	assert_int_equal(scmia_reset_reset(ph, 1, 0, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_reset_count(&e->sim, &e->reset, 1, &asserted), 1);
	assert_int_equal(asserted, 0);
	assert_int_equal(scmia_reset_reset(ph, 1, SCMIA_RESET_F_AUTONOMOUS,
					   SCMIA_RESET_STATE_IMPDEF | 1u),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sim_discovery, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_power, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_system, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_perf, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_perf_negotiated_v3, env_up, env_down),
		cmocka_unit_test_setup_teardown(test_sim_reset, env_up, env_down),
	};

	return cmocka_run_group_tests_name("proto_sim", tests, NULL, NULL);
}

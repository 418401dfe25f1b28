/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tools/bench, line proto_boot_messages: how many messages discovery sends
 * at boot against the demo's simulated platform (every standard protocol,
 * over the loopback transport, the platform in its own thread), eagerly
 * (Base, then every protocol attached: version, attributes, its message
 * attributes) and lazily (scmia_proto_set_lazy(): Base and its list only;
 * a protocol is attached by its first use), and what that first use costs.
 * Counted from the agent's SENT counter: exact, not timed.
 */
#include <stdio.h>
#include <string.h>

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
#include "scmia_sim_pb.h"
#include "scmia_sim_pm.h"

#define B_MAX_MSG 8u
#define B_MSG_SIZE 128u
#define B_LB_MSGS 32u
#define B_PROTOS 11u

static struct {
	struct scmia_posix posix;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_posix_wait waits[B_MAX_MSG];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, B_MAX_MSG, B_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, B_MAX_MSG, B_MSG_SIZE);
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_power power;
	struct scmia_sim_system system;
	struct scmia_sim_perf perf;
	struct scmia_sim_reset reset;
	struct scmia_sim_clocks clock;
	struct scmia_sim_sensor sensor;
	struct scmia_sim_voltage voltage;
	struct scmia_sim_powercap powercap;
	struct scmia_sim_pinctrl pinctrl;
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[B_LB_MSGS], lbm_p2a[B_LB_MSGS];
	uint16_t lbq_a2p[B_LB_MSGS], lbq_p2a[B_LB_MSGS];
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[B_PROTOS];
	struct scmia_pinctrl_info pin_info;
} b;

static const struct scmia_proto_desc *const descs[] = {
	&scmia_base_desc,     &scmia_power_desc,  &scmia_system_desc, &scmia_perf_desc,
	&scmia_clock_desc,    &scmia_sensor_desc, &scmia_reset_desc,  &scmia_voltage_desc,
	&scmia_powercap_desc, &scmia_pinctrl_desc,
};
#define N_DESCS (sizeof(descs) / sizeof(descs[0]))

static int fail(const char *what, int ret)
{
	fprintf(stderr, "bench_boot: %s: %s (%d)\n", what, scmia_strerror(ret), ret);
	return 1;
}

static int setup(void)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg c;
	int ret;

	if ((ret = scmia_posix_init(&b.posix)) || (ret = scmia_posix_wait_init(b.waits, B_MAX_MSG)))
		return fail("posix", ret);
	b.posix.log_level = -1;
	memset(&scfg, 0, sizeof(scfg));
	scfg.vendor = "scmia-demo"; /* the demo's platform */
	scfg.sub_vendor = "loopback";
	scfg.impl_version = 0x00010002u;
	scfg.list_max = 4;
	scfg.max_payload = B_MSG_SIZE;
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	if ((ret = scmia_sim_init(&b.sim, &scfg)) ||
	    (ret = scmia_sim_test_register(&b.sim, &b.test)) ||
	    (ret = scmia_sim_power_register(&b.sim, &b.power)) ||
	    (ret = scmia_sim_system_register(&b.sim, &b.system)) ||
	    (ret = scmia_sim_perf_register(&b.sim, &b.perf)) ||
	    (ret = scmia_sim_reset_register(&b.sim, &b.reset)) ||
	    (ret = scmia_sim_clock_register(&b.sim, &b.clock)) ||
	    (ret = scmia_sim_sensor_register(&b.sim, &b.sensor)) ||
	    (ret = scmia_sim_voltage_register(&b.sim, &b.voltage)) ||
	    (ret = scmia_sim_powercap_register(&b.sim, &b.powercap)) ||
	    (ret = scmia_sim_pinctrl_register(&b.sim, &b.pinctrl)) ||
	    (ret = scmia_sim_loopback_init(&b.gl, &b.sim)))
		return fail("platform", ret);
	if ((ret = scmia_loopback_chan_init(&b.lb_a2p, b.lbm_a2p, B_LB_MSGS, b.lbq_a2p,
					    &scmia_posix_os_ops, &b.posix, scmia_sim_loopback_kick,
					    &b.gl)) ||
	    (ret = scmia_loopback_chan_init(&b.lb_p2a, b.lbm_p2a, B_LB_MSGS, b.lbq_p2a,
					    &scmia_posix_os_ops, &b.posix, NULL, NULL)) ||
	    (ret = scmia_sim_loopback_attach(&b.gl, 0, &b.lb_a2p, &b.lb_p2a, 0)))
		return fail("loopback", ret);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &b.posix;
	acfg.transport = &scmia_loopback_transport;
	acfg.notify_src = scmia_proto_notify_src;
	acfg.notify_src_ctx = &b.set;
	if ((ret = scmia_agent_init(&b.agent, &acfg)))
		return fail("agent", ret);
	memset(&c, 0, sizeof(c));
	c.dir = SCMIA_CHAN_A2P;
	c.max_msg = B_MAX_MSG;
	c.msg_size = B_MSG_SIZE;
	c.chan_ctx = &b.lb_a2p;
	c.mem = b.mem_a2p;
	c.mem_size = sizeof(b.mem_a2p);
	c.wait_objs = b.waits;
	c.wait_obj_stride = sizeof(b.waits[0]);
	c.reply_timeout_us = 1000000u;
	if ((ret = scmia_chan_open(&b.agent, &b.a2p, &c)))
		return fail("a2p channel", ret);
	memset(&c, 0, sizeof(c));
	c.dir = SCMIA_CHAN_P2A;
	c.max_msg = B_MAX_MSG;
	c.msg_size = B_MSG_SIZE;
	c.chan_ctx = &b.lb_p2a;
	c.mem = b.mem_p2a;
	c.mem_size = sizeof(b.mem_p2a);
	if ((ret = scmia_chan_open(&b.agent, &b.p2a, &c)))
		return fail("p2a channel", ret);
	if ((ret = scmia_sim_start(&b.sim)))
		return fail("platform thread", ret);
	return 0;
}

/* Discovery from a fresh protocol set; returns the messages it sent, or
 * -1. */
static long discover(int lazy)
{
	uint32_t before;
	unsigned i;
	int ret;

	if ((ret = scmia_proto_set_init(&b.set, &b.agent, b.handles, B_PROTOS)))
		return fail("proto set", ret), -1;
	if (lazy && (ret = scmia_proto_set_lazy(&b.set, 1)))
		return fail("lazy", ret), -1;
	for (i = 0; i < N_DESCS; i++)
		if ((ret = scmia_proto_register(&b.set, descs[i],
						descs[i] == &scmia_pinctrl_desc ? &b.pin_info : NULL,
						NULL)))
			return fail("register", ret), -1;
	before = scmia_agent_counter(&b.agent, SCMIA_CNT_SENT);
	ret = scmia_base_discover(&b.set);
	if (ret < 0)
		return fail("discovery", ret), -1;
	return (long)(scmia_agent_counter(&b.agent, SCMIA_CNT_SENT) - before);
}

int main(void)
{
	struct scmia_clock_attrs ca;
	long eager, lazy;
	uint32_t before, first;
	int ret;

	if (setup())
		return 1;
	eager = discover(0);
	lazy = discover(1);
	if (eager < 0 || lazy < 0)
		return 1;
	/* The first use of a protocol in lazy mode attaches it first. */
	before = scmia_agent_counter(&b.agent, SCMIA_CNT_SENT);
	ret = scmia_clock_attributes(scmia_proto_find(&b.set, SCMIA_PROTO_CLOCK), 0, 0, &ca);
	if (ret)
		return fail("first clock use", ret);
	first = scmia_agent_counter(&b.agent, SCMIA_CNT_SENT) - before;
	printf("proto_boot_messages: eager=%ld lazy=%ld first_use=%u\n", eager, lazy, first);
	scmia_sim_stop(&b.sim);
	(void)scmia_agent_deinit(&b.agent);
	scmia_sim_deinit(&b.sim);
	return 0;
}

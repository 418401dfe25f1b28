/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmia mediator demo: a "hypervisor" serves three guests over their own
 * SMT channels and shares one platform channel between them.
 *
 *   guest thread (scmia agent, SMT) --doorbell--> SMT server --> mediator
 *                                                                  |
 *   simulated platform thread <--loopback-- platform agent <-------+
 *
 * - "linux"  sees clocks 0 = ddr and 1 = cpu-pll, sensors, and the vendor
 *   test protocol;
 * - "rtos"   sees clock 0 = periph-pll (read-only) and clock 1 = ddr, the
 *   same platform clock as linux's clock 0, and sees the other guests;
 * - "rogue"  sees clock 0 = uart; it may have 2 commands out and 1
 *   subscription, and it attacks its own channel.
 *
 * Steps: each guest's view of the platform; linux and rtos subscribe to
 * the shared clock and linux changes its rate (both see the change, each
 * under its own clock id); denied requests; the rogue guest writes
 * arbitrary bytes, rings storms, forges the others' tokens and floods its
 * quota while the others keep working; the counters. Exit status 0 only
 * when every step behaved as expected.
 *
 * Interrupt injection is a direct call here (the server's hooks call the
 * guest's interrupt entry); a hypervisor injects a virtual interrupt.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scmia/mediator.h"
#include "scmia/proto/base.h"
#include "scmia/proto/clock.h"
#include "scmia/proto/sensor.h"
#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "scmia_sim_pb.h"
#include "scmia_sim_pm.h"
#include "scmia_smt.h"
#include "scmia_smt_server.h"

#define N_GUESTS 3u
#define AREA 128u
#define G_SLOTS 4u
#define G_MSG 100u
#define P_SLOTS 16u
#define P_MSG 128u
#define LB 64u
#define OUT 4096u
#define ROGUE_MS 400u

enum { LINUX = 0, RTOS = 1, ROGUE = 2 };

/* ------------------------------------------------------------------ */
/* Policies                                                            */
/* ------------------------------------------------------------------ */

/* Platform clocks of the simulator: 0 cpu-pll, 1 uart, 2 ddr, 3 sdmmc,
 * 4 periph-pll, 5 secure. Sensors: 0 soc-temp, 2 imu-gyro. */
static const struct scmia_med_res linux_clk[] = { { 2, 0 }, { 0, 0 } };
static const struct scmia_med_res linux_sns[] = { { 0, 0 }, { 2, 0 } };
static const struct scmia_med_res linux_test[] = { { 7, 0 } };
static const struct scmia_med_res rtos_clk[] = { { 4, SCMIA_MED_RES_RO }, { 2, 0 } };
static const struct scmia_med_res rtos_test[] = { { 9, 0 } };
static const struct scmia_med_res rogue_clk[] = { { 1, 0 } };
static const struct scmia_med_res rogue_test[] = { { 11, 0 } };

static const struct scmia_med_proto_policy linux_protos[] = {
	{ SCMIA_PROTO_CLOCK, 0, { 2, 0, 0 }, { linux_clk, NULL, NULL } },
	{ SCMIA_PROTO_SENSOR, 0, { 2, 0, 0 }, { linux_sns, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { linux_test, NULL, NULL } },
};
static const struct scmia_med_proto_policy rtos_protos[] = {
	{ SCMIA_PROTO_CLOCK, 0, { 2, 0, 0 }, { rtos_clk, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { rtos_test, NULL, NULL } },
};
static const struct scmia_med_proto_policy rogue_protos[] = {
	{ SCMIA_PROTO_CLOCK, 0, { 1, 0, 0 }, { rogue_clk, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { rogue_test, NULL, NULL } },
};

static const struct scmia_med_policy policies[N_GUESTS] = {
	{ linux_protos, 3, 0, 0, 0, "acme-virt", "linux-view", 0x00050000u },
	/* rtos bounds the platform's answer at 50 ms (GENERIC_ERROR after):
	 * far above an answer's time here, even on a loaded host */
	{ rtos_protos, 2, SCMIA_MED_G_SEE_GUESTS, 50000, 0, "acme-virt", "rtos-view", 0x00050000u },
	{ rogue_protos, 2, 0, 0, 0, NULL, NULL, 0 },
};
static const char *const names[N_GUESTS] = { "linux", "rtos", "rogue" };
static const uint16_t quotas[N_GUESTS][2] = { { 4, 4 }, { 4, 4 }, { 2, 1 } };

/* The vendor test protocol 0x80 as a mediator table (ECHO, ASYNC_WORK,
 * TRIGGER_EVENT, SLOW), so that the guests can use it. */
#define NN SCMIA_MED_NONE
static const struct scmia_med_msg test_msgs[] = {
	{ SCMIA_SIM_TEST_ECHO, SCMIA_MED_K_PLAIN, 0, 0, NN, 0, NN, 0, NN, 0, NN, NN, NN, 0, NN, NN, NN,
	  0, SCMIA_MED_R_DENY, 0, 0, NN, NN, 0, 0 },
	{ SCMIA_SIM_TEST_ASYNC_WORK, SCMIA_MED_K_PLAIN, SCMIA_MED_M_ASYNC, 4, NN, 0, NN, 0, NN, 0, NN,
	  NN, NN, 0, NN, NN, NN, 0, SCMIA_MED_R_DENY, 0, 0, NN, NN, 0, 0 },
	{ SCMIA_SIM_TEST_TRIGGER_EVENT, SCMIA_MED_K_PLAIN, 0, 4, 0, 0, NN, 0, NN, 0, NN, NN, NN, 0,
	  NN, NN, NN, 0, SCMIA_MED_R_DENY, 0, 0, NN, NN, 0, 0 },
	{ SCMIA_SIM_TEST_SLOW, SCMIA_MED_K_PLAIN, 0, 4, NN, 0, NN, 0, NN, 0, NN, NN, NN, 0, NN, NN, NN,
	  0, SCMIA_MED_R_DENY, 0, 0, NN, NN, 0, 0 },
};
static const struct scmia_med_evt test_evts[] = { { SCMIA_SIM_TEST_EVT, NN, 4, 0, 0 } };
static const struct scmia_med_proto_desc test_desc = {
	SCMIA_SIM_TEST_PROTO, 4, 1, NN, SCMIA_SIM_TEST_VERSION, test_msgs, test_evts,
	{ { 0, 0, 0, NN }, { 0, 0, 0, NN }, { 0, 0, 0, NN } },
};
static const struct scmia_med_proto_desc *const descs[] = { &test_desc };

static const struct scmia_proto_desc test_proto_desc = {
	.id = SCMIA_SIM_TEST_PROTO,
	.version = SCMIA_SIM_TEST_VERSION,
	.name = "scmia-test",
	.attrs_min_len = 4,
};

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

struct guest {
	unsigned idx;
	uint32_t agent_id;
	/* shared memory of the guest's two SMT channels */
	uint32_t a2p_area[AREA / 4];
	uint32_t p2a_area[AREA / 4];
	/* the guest: a scmia agent on SMT, in its own thread */
	struct scmia_posix px;
	struct scmia_posix_wait waits[G_SLOTS];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, G_SLOTS, G_MSG);
	SCMIA_P2A_MEM_DEFINE(mem_p2a, G_SLOTS, G_MSG);
	struct scmia_smt_chan sa2p, sp2a;
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[6];
	struct scmia_clock_info clock_info;
	struct scmia_sensor_info sensor_info;
	struct scmia_notifier nf;
	int agent_up;
	volatile int irq_on; /* the hypervisor injects interrupts into it */
	pthread_t thread;
	/* what it saw */
	unsigned events;
	uint32_t ev_clock, ev_rate_lo;
	unsigned ok, fails;
	uint64_t worst_us;
	char out[OUT];
	size_t out_len;
	/* hypervisor side */
	struct scmia_posix srv_px;
	struct scmia_smt_server srv;
	struct scmia_smt_server_msg q[4];
	struct scmia_med_guest mg;
	struct scmia_med_req reqs[4];
	struct scmia_med_sub subs[4];
};

static struct demo {
	/* platform */
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_clocks clk;
	struct scmia_sim_sensor sensor;
	struct scmia_sim_power power;
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[LB], lbm_p2a[LB];
	uint16_t lbq_a2p[LB], lbq_p2a[LB];
	/* platform agent and mediator (the hypervisor) */
	struct scmia_posix ppx, mpx;
	struct scmia_agent plat;
	struct scmia_chan pa2p, pp2a;
	SCMIA_CHAN_MEM_DEFINE(pmem_a2p, P_SLOTS, P_MSG);
	SCMIA_P2A_MEM_DEFINE(pmem_p2a, P_SLOTS, P_MSG);
	struct scmia_mediator med;
	pthread_t service;
	volatile int stop;
	struct guest g[N_GUESTS];
	pthread_barrier_t bar;
	int failures;
	volatile int rogue_running;
} D;

static void sleep_us(unsigned us)
{
	struct timespec ts = { (time_t)(us / 1000000u), (long)(us % 1000000u) * 1000L };

	nanosleep(&ts, NULL);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void say(struct guest *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(g->out + g->out_len, OUT - g->out_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		g->out_len += (size_t)n < OUT - g->out_len ? (size_t)n : OUT - g->out_len - 1u;
}

/* A check inside a guest thread: reported with its output. */
static int gcheck(struct guest *g, int ok, const char *what)
{
	say(g, "    [%s] %s\n", ok ? " ok " : "FAIL", what);
	if (!ok)
		__atomic_add_fetch(&D.failures, 1, __ATOMIC_RELAXED);
	return ok;
}

static int check(int ok, const char *what)
{
	printf("  [%s] %s\n", ok ? " ok " : "FAIL", what);
	if (!ok)
		__atomic_add_fetch(&D.failures, 1, __ATOMIC_RELAXED);
	return ok;
}

static void flush(struct guest *g)
{
	printf("  -- %s (agent %u)\n%s", names[g->idx], (unsigned)g->agent_id, g->out);
	g->out_len = 0;
	g->out[0] = 0;
}

static void phase(void)
{
	(void)pthread_barrier_wait(&D.bar);
}

/* ------------------------------------------------------------------ */
/* Hypervisor hooks                                                    */
/* ------------------------------------------------------------------ */

/* The guest's doorbell traps into the hypervisor: the server takes the
 * command, the mediator forwards or answers it (in the guest's thread). */
static int h_ring(void *ctx)
{
	(void)scmia_smt_server_doorbell(&((struct guest *)ctx)->srv);
	return 0;
}

static int h_ack(void *ctx)
{
	(void)scmia_smt_server_ack(&((struct guest *)ctx)->srv);
	return 0;
}

/* "Interrupt injection": the guest's interrupt entries. */
static void h_a2p_irq(void *ctx)
{
	struct guest *g = (struct guest *)ctx;

	if (g->irq_on)
		(void)scmia_smt_irq(&g->sa2p);
}

static void h_p2a_irq(void *ctx)
{
	struct guest *g = (struct guest *)ctx;

	if (g->irq_on)
		(void)scmia_smt_irq(&g->sp2a);
}

/* The hypervisor's tick: platform expiry, notifications, guest
 * deadlines, and a look at every guest's channels. */
static void *service(void *arg)
{
	unsigned i;

	(void)arg;
	while (!__atomic_load_n(&D.stop, __ATOMIC_ACQUIRE)) {
		(void)scmia_med_service(&D.med);
		for (i = 0; i < N_GUESTS; i++)
			(void)scmia_smt_server_poll(&D.g[i].srv);
		sleep_us(200);
	}
	return NULL;
}

static void on_clock_event(void *ctx, const struct scmia_notification *n)
{
	struct guest *g = (struct guest *)ctx;
	struct scmia_clock_rate_event ev;

	if (scmia_clock_rate_changed_decode(n, &ev) == SCMIA_OK) {
		g->ev_clock = ev.clock_id;
		g->ev_rate_lo = (uint32_t)ev.rate;
		__atomic_add_fetch(&g->events, 1u, __ATOMIC_RELEASE);
	}
}

/* ------------------------------------------------------------------ */
/* Set-up                                                              */
/* ------------------------------------------------------------------ */

static int platform_up(void)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_med_cfg mcfg;
	int ret;

	memset(&scfg, 0, sizeof(scfg));
	scfg.vendor = "acme-soc";
	scfg.sub_vendor = "scp";
	scfg.agents[0].name = "hypervisor";
	scfg.agents[0].trusted = 1;
	scfg.n_agents = 1;
	scfg.agent_id = 1;
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	ret = scmia_sim_init(&D.sim, &scfg);
	if (!ret)
		ret = scmia_sim_test_register(&D.sim, &D.test);
	if (!ret)
		ret = scmia_sim_clock_register(&D.sim, &D.clk);
	if (!ret)
		ret = scmia_sim_sensor_register(&D.sim, &D.sensor);
	if (!ret)
		ret = scmia_sim_power_register(&D.sim, &D.power);
	if (!ret)
		ret = scmia_sim_loopback_init(&D.gl, &D.sim);
	if (ret)
		return ret;
	D.test.async_delay_us = 2000;
	if (scmia_posix_init(&D.ppx) || scmia_posix_init(&D.mpx))
		return SCMIA_EIO;
	D.ppx.log_level = -1;
	D.mpx.log_level = -1;
	ret = scmia_loopback_chan_init(&D.lb_a2p, D.lbm_a2p, LB, D.lbq_a2p, &scmia_posix_os_ops,
				       &D.ppx, scmia_sim_loopback_kick, &D.gl);
	if (!ret)
		ret = scmia_loopback_chan_init(&D.lb_p2a, D.lbm_p2a, LB, D.lbq_p2a,
					       &scmia_posix_os_ops, &D.ppx, NULL, NULL);
	if (!ret)
		ret = scmia_sim_loopback_attach(&D.gl, 0, &D.lb_a2p, &D.lb_p2a, 0);
	if (ret)
		return ret;

	/* The hypervisor's own agent on the one platform channel. */
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &D.ppx;
	acfg.transport = &scmia_loopback_transport;
	ret = scmia_agent_init(&D.plat, &acfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = P_SLOTS;
	ccfg.msg_size = P_MSG;
	ccfg.chan_ctx = &D.lb_a2p;
	ccfg.mem = D.pmem_a2p;
	ccfg.mem_size = sizeof(D.pmem_a2p);
	ccfg.reply_timeout_us = 100000;
	ccfg.dresp_timeout_us = 500000;
	ret = scmia_chan_open(&D.plat, &D.pa2p, &ccfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = P_SLOTS;
	ccfg.msg_size = P_MSG;
	ccfg.chan_ctx = &D.lb_p2a;
	ccfg.mem = D.pmem_p2a;
	ccfg.mem_size = sizeof(D.pmem_p2a);
	ret = scmia_chan_open(&D.plat, &D.pp2a, &ccfg);
	if (ret)
		return ret;

	memset(&mcfg, 0, sizeof(mcfg));
	mcfg.agent = &D.plat;
	mcfg.os = &scmia_posix_os_ops;
	mcfg.os_ctx = &D.mpx;
	mcfg.descs = descs;
	mcfg.n_descs = 1;
	mcfg.platform_agent_id = 1;
	mcfg.platform_name = "acme-scp";
	ret = scmia_med_init(&D.med, &mcfg);
	if (!ret)
		ret = scmia_sim_start(&D.sim);
	return ret;
}

static int guest_up(struct guest *g)
{
	struct scmia_smt_server_cfg scfg;
	struct scmia_med_guest_cfg gcfg;
	struct scmia_smt_cfg cfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	int ret;

	/* Hypervisor: the server of the guest's areas, and its mediator
	 * guest (agent id, name, policy, quotas). */
	if (scmia_posix_init(&g->srv_px) || scmia_posix_init(&g->px) ||
	    scmia_posix_wait_init(g->waits, G_SLOTS))
		return SCMIA_EIO;
	g->srv_px.log_level = -1;
	g->px.log_level = -1;
	memset(&scfg, 0, sizeof(scfg));
	scfg.a2p_base = g->a2p_area;
	scfg.a2p_size = AREA;
	scfg.p2a_base = g->p2a_area;
	scfg.p2a_size = AREA;
	scfg.a2p_irq = h_a2p_irq;
	scfg.a2p_irq_ctx = g;
	scfg.p2a_irq = h_p2a_irq;
	scfg.p2a_irq_ctx = g;
	scfg.cmd = scmia_med_guest_cmd;
	scfg.cmd_ctx = &g->mg;
	scfg.os = &scmia_posix_os_ops;
	scfg.os_ctx = &g->srv_px;
	scfg.queue = g->q;
	scfg.queue_len = 4;
	scfg.flags = SCMIA_SMT_SERVER_F_ACK;
	ret = scmia_smt_server_init(&g->srv, &scfg);
	if (ret)
		return ret;
	memset(&gcfg, 0, sizeof(gcfg));
	gcfg.agent_id = g->agent_id;
	gcfg.name = names[g->idx];
	gcfg.policy = &policies[g->idx];
	gcfg.ops = &scmia_smt_server_ops;
	gcfg.srv = &g->srv;
	gcfg.reqs = g->reqs;
	gcfg.n_reqs = quotas[g->idx][0];
	gcfg.subs = g->subs;
	gcfg.n_subs = quotas[g->idx][1];
	ret = scmia_med_guest_add(&D.med, &g->mg, &gcfg);
	if (ret)
		return ret;

	/* Guest: a scmia agent on SMT over those areas. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.base = g->a2p_area;
	cfg.size = AREA;
	cfg.ring = h_ring;
	cfg.ring_ctx = g;
	ret = scmia_smt_chan_init(&g->sa2p, &cfg);
	if (ret)
		return ret;
	memset(&cfg, 0, sizeof(cfg));
	cfg.base = g->p2a_area;
	cfg.size = AREA;
	cfg.ack = h_ack;
	cfg.ack_ctx = g;
	ret = scmia_smt_chan_init(&g->sp2a, &cfg);
	if (ret)
		return ret;
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &g->px;
	acfg.transport = &scmia_smt_transport;
	acfg.flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	acfg.notify_src = scmia_proto_notify_src;
	acfg.notify_src_ctx = &g->set;
	ret = scmia_agent_init(&g->agent, &acfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = G_SLOTS;
	ccfg.msg_size = G_MSG;
	ccfg.chan_ctx = &g->sa2p;
	ccfg.mem = g->mem_a2p;
	ccfg.mem_size = sizeof(g->mem_a2p);
	ccfg.wait_objs = g->waits;
	ccfg.wait_obj_stride = sizeof(g->waits[0]);
	ccfg.reply_timeout_us = 100000;
	ret = scmia_chan_open(&g->agent, &g->a2p, &ccfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = G_SLOTS;
	ccfg.msg_size = G_MSG;
	ccfg.chan_ctx = &g->sp2a;
	ccfg.mem = g->mem_p2a;
	ccfg.mem_size = sizeof(g->mem_p2a);
	ret = scmia_chan_open(&g->agent, &g->p2a, &ccfg);
	if (ret)
		return ret;
	ret = scmia_proto_set_init(&g->set, &g->agent, g->handles, 6);
	if (!ret)
		ret = scmia_proto_register(&g->set, &scmia_base_desc, NULL, NULL);
	if (!ret)
		ret = scmia_proto_register(&g->set, &scmia_clock_desc, &g->clock_info, NULL);
	if (!ret)
		ret = scmia_proto_register(&g->set, &scmia_sensor_desc, &g->sensor_info, NULL);
	if (!ret)
		ret = scmia_proto_register(&g->set, &test_proto_desc, NULL, NULL);
	memset(&g->nf, 0, sizeof(g->nf));
	g->nf.proto_id = SCMIA_PROTO_CLOCK;
	g->nf.evt_id = SCMIA_CLOCK_RATE_CHANGED;
	g->nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	g->nf.fn = on_clock_event;
	g->nf.ctx = g;
	if (!ret)
		ret = scmia_notify_register(&g->agent, &g->nf);
	g->irq_on = 1;
	g->agent_up = !ret;
	return ret;
}

/* ------------------------------------------------------------------ */
/* The guests' scripts                                                 */
/* ------------------------------------------------------------------ */

static void fmt_hz(char *b, size_t cap, uint64_t hz)
{
	snprintf(b, cap, "%llu.%03llu MHz", (unsigned long long)(hz / 1000000u),
		 (unsigned long long)(hz % 1000000u / 1000u));
}

static void view(struct guest *g)
{
	struct scmia_proto_handle *base, *clk;
	struct scmia_clock_dom doms[4];
	uint8_t ids[16];
	char name[64];
	uint32_t n = 0, id = 0, i, nc = 0;
	int ret;

	ret = scmia_base_discover(&g->set);
	if (!gcheck(g, ret > 0, "Base discovery through the mediator"))
		return;
	base = scmia_proto_get(&g->set, SCMIA_PROTO_BASE);
	say(g, "    vendor \"%s\" / \"%s\", implementation 0x%08x\n", g->set.ident.vendor,
	    g->set.ident.sub_vendor, (unsigned)g->set.ident.impl_version);
	if (scmia_base_discover_agent(base, SCMIA_BASE_AGENT_SELF, &id, name, sizeof(name)) == 0)
		say(g, "    I am agent %u \"%s\"\n", (unsigned)id, name);
	gcheck(g, id == g->agent_id, "DISCOVER_AGENT(self) gives my own agent id");
	for (i = 1; i <= 3; i++) {
		uint32_t other = 100u + i;

		if (other == g->agent_id)
			continue;
		ret = scmia_base_discover_agent(base, other, &id, name, sizeof(name));
		say(g, "    agent %u: %s\n", (unsigned)other,
		    ret == 0 ? name : "not visible (NOT_FOUND)");
	}
	if (scmia_base_discover_list_protocols(base, ids, sizeof(ids), &n) == 0) {
		say(g, "    protocols:");
		for (i = 0; i < n; i++)
			say(g, " 0x%02x", ids[i]);
		say(g, "\n");
	}
	clk = scmia_proto_get(&g->set, SCMIA_PROTO_CLOCK);
	if (!gcheck(g, clk != NULL, "the clock protocol is attached"))
		return;
	ret = scmia_clock_describe(clk, doms, 4, &nc);
	gcheck(g, ret == 0 && nc == policies[g->idx].protos[0].n_res[0],
	       "clock enumeration shows only my clocks, numbered from 0");
	for (i = 0; i < nc; i++) {
		uint64_t rate = 0;
		char hz[32];

		(void)scmia_clock_rate_get(clk, i, &rate);
		fmt_hz(hz, sizeof(hz), rate);
		say(g, "    clock %u: %-10s %s%s\n", (unsigned)i, doms[i].attrs.name, hz,
		    (policies[g->idx].protos[0].res[0][i].flags & SCMIA_MED_RES_RO) ? " (read-only)"
										 : "");
	}
}

static int echo(struct guest *g, uint32_t seq)
{
	uint8_t tx[12], rx[32];
	uint32_t n = 0;
	uint64_t t0 = now_us(), dt;
	int ret;

	scmia_put_le32(tx, 0xa5000000u | (g->idx << 16) | (seq & 0xffffu));
	scmia_put_le32(tx + 4, ~seq);
	scmia_put_le32(tx + 8, g->agent_id * 2654435761u + seq);
	ret = scmia_cmd(&g->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, tx, 12, rx,
			sizeof(rx), &n, 0);
	dt = now_us() - t0;
	if (dt > g->worst_us)
		g->worst_us = dt;
	/* Our bytes back, nobody else's. */
	if (ret || n != 16u || memcmp(rx, tx, 12) != 0) {
		if (g->fails++ < 3u)
			say(g, "    ECHO %u: %s, %u bytes%s\n", (unsigned)seq, scmia_strerror(ret),
			    (unsigned)n, !ret && n >= 12u ? ", not my bytes" : "");
		return 0;
	}
	g->ok++;
	return 1;
}

/* The rogue guest's attack on its own channel, for ROGUE_MS. */
static void rogue_attack(struct guest *g)
{
	uint64_t end = now_us() + ROGUE_MS * 1000u, x = 0x243f6a8885a308d3ull;
	uint8_t *a = (uint8_t *)g->a2p_area;
	unsigned i, rounds = 0;

	/* It stops being a well-behaved agent: its own agent goes away and
	 * it writes its memory by hand. */
	g->irq_on = 0;
	(void)scmia_agent_deinit(&g->agent);
	g->agent_up = 0;
	while (now_us() < end) {
		uint32_t k;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		k = (uint32_t)x % 6u;
		if (k == 0) {
			/* arbitrary bytes, then the doorbell */
			for (i = 0; i < AREA; i += 4)
				scmia_put_le32(a + i, (uint32_t)(x >> (i % 32u)) ^ i);
			scmia_put_le32(a + SCMIA_SMT_OFF_STATUS, 0);
			(void)scmia_smt_server_doorbell(&g->srv);
		} else if (k == 1) {
			/* a doorbell storm */
			for (i = 0; i < 50u; i++)
				(void)scmia_smt_server_doorbell(&g->srv);
		} else {
			/* well-formed commands with tokens the others use right
			 * now (a hypervisor does not hide them from the guest in
			 * this demo); asynchronous work of 50 ms to hold its
			 * quota of platform commands */
			uint32_t tok = scmia_hdr_token(scmia_get_le32(
				(uint8_t *)D.g[k & 1u].a2p_area + SCMIA_SMT_OFF_HEADER));
			uint8_t msg = k == 2 ? SCMIA_SIM_TEST_ASYNC_WORK : SCMIA_SIM_TEST_ECHO;

			scmia_put_le32(a + SCMIA_SMT_OFF_HEADER,
				       scmia_hdr_pack(msg, 0, SCMIA_SIM_TEST_PROTO, tok));
			scmia_put_le32(a + SCMIA_SMT_OFF_PAYLOAD, (uint32_t)x);
			scmia_put_le32(a + SCMIA_SMT_OFF_PAYLOAD + 4, 50000u);
			scmia_put_le32(a + SCMIA_SMT_OFF_LENGTH, k == 2 ? 12u : 8u);
			scmia_put_le32(a + SCMIA_SMT_OFF_FLAGS, 1);
			scmia_put_le32(a + SCMIA_SMT_OFF_STATUS, 0);
			(void)scmia_smt_server_doorbell(&g->srv);
		}
		/* and it never gives its p2a area back */
		rounds++;
		if ((rounds & 63u) == 0)
			sleep_us(50);
	}
	say(g, "    %u attack rounds in %u ms\n", rounds, ROGUE_MS);
}

static void *guest_main(void *arg)
{
	struct guest *g = (struct guest *)arg;
	struct scmia_proto_handle *clk;
	uint64_t rate = 0;
	int ret;

	/* 1. the view of the platform */
	view(g);
	phase();
	phase();
	clk = scmia_proto_get(&g->set, SCMIA_PROTO_CLOCK);

	/* 2. subscriptions: linux and rtos to the shared clock (ddr);
	 * rogue beyond its quota */
	if (g->idx == LINUX) {
		gcheck(g, clk && scmia_clock_rate_notify(clk, 0, 1) == 0,
		       "subscribed to CLOCK_RATE_CHANGED of my clock 0 (ddr)");
	} else if (g->idx == RTOS) {
		gcheck(g, clk && scmia_clock_rate_notify(clk, 1, 1) == 0,
		       "subscribed to CLOCK_RATE_CHANGED of my clock 1 (ddr)");
	} else {
		int a = clk ? scmia_clock_rate_notify(clk, 0, 1) : SCMIA_EINVAL;
		int b = clk ? scmia_clock_rate_change_requested_notify(clk, 0, 1) : SCMIA_EINVAL;

		gcheck(g, a == 0, "first subscription accepted");
		gcheck(g, b == SCMIA_E_SCMI_DENIED, "second subscription DENIED (quota 1)");
	}
	phase();
	phase();

	/* 3. linux changes the shared clock; the subscribed others see it */
	if (g->idx == LINUX) {
		ret = clk ? scmia_clock_rate_set(clk, 0, 0, 1600000000ull, NULL) : SCMIA_EINVAL;
		gcheck(g, ret == 0, "set my clock 0 (ddr) to 1600 MHz");
	}
	phase();
	if (g->idx != ROGUE) {
		uint64_t until = now_us() + 200000u;

		while (!__atomic_load_n(&g->events, __ATOMIC_ACQUIRE) && now_us() < until)
			sleep_us(500);
		say(g, "    CLOCK_RATE_CHANGED seen: %u, naming my clock %u at %u MHz\n",
		    g->events, (unsigned)g->ev_clock, (unsigned)(g->ev_rate_lo / 1000000u));
		gcheck(g, g->events == 1 && g->ev_clock == (g->idx == LINUX ? 0u : 1u) &&
				  g->ev_rate_lo == 1600000000u,
		       "the change, under my own clock id");
		if (clk && scmia_clock_rate_get(clk, g->idx == LINUX ? 0u : 1u, &rate) == 0)
			gcheck(g, rate == 1600000000ull, "reading it back gives 1600 MHz");
	} else {
		sleep_us(50000);
		gcheck(g, g->events == 0, "the rogue guest saw nothing of the others' clock");
	}
	phase();
	phase();

	/* 4. denied requests */
	if (g->idx == RTOS) {
		ret = clk ? scmia_clock_rate_set(clk, 0, 0, 1200000000ull, NULL) : SCMIA_EINVAL;
		say(g, "    CLOCK_RATE_SET on my read-only clock 0: %s\n", scmia_strerror(ret));
		gcheck(g, ret == SCMIA_E_SCMI_DENIED, "DENIED");
	} else if (g->idx == ROGUE) {
		uint32_t a[2] = { 1, 0 };

		ret = scmia_cmd(&g->agent, SCMIA_PROTO_BASE, 0xb, a, 8, NULL, 0, NULL, 0);
		say(g, "    BASE_RESET_AGENT_CONFIGURATION: %s\n", scmia_strerror(ret));
		gcheck(g, ret == SCMIA_E_SCMI_DENIED, "DENIED");
		ret = scmia_cmd(&g->agent, SCMIA_PROTO_SENSOR, 0x0, NULL, 0, NULL, 0, NULL, 0);
		say(g, "    a protocol outside its policy (sensor): %s\n", scmia_strerror(ret));
		gcheck(g, ret == SCMIA_E_SCMI_NOT_SUPPORTED, "NOT_SUPPORTED");
		ret = scmia_clock_rate_get(clk, 3, &rate);
		say(g, "    a clock outside its map (3): %s\n", scmia_strerror(ret));
		gcheck(g, ret == SCMIA_E_SCMI_NOT_FOUND, "NOT_FOUND");
	}
	phase();
	phase();

	/* 5. the rogue guest attacks; the others keep working */
	if (g->idx == ROGUE) {
		__atomic_store_n(&D.rogue_running, 1, __ATOMIC_RELEASE);
		rogue_attack(g);
		__atomic_store_n(&D.rogue_running, 0, __ATOMIC_RELEASE);
	} else {
		uint32_t seq = 0;

		while (!__atomic_load_n(&D.rogue_running, __ATOMIC_ACQUIRE) && seq < 100000u)
			sleep_us(100), seq++;
		seq = 0;
		while (__atomic_load_n(&D.rogue_running, __ATOMIC_ACQUIRE))
			(void)echo(g, seq++);
		say(g, "    %u ECHO during the attack, %u wrong or failed, slowest %llu us\n", g->ok,
		    g->fails, (unsigned long long)g->worst_us);
		gcheck(g, g->ok > 0 && g->fails == 0, "every reply was mine and correct");
	}
	phase();
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

static void counters(void)
{
	static const enum scmia_med_counter shown[] = {
		SCMIA_MED_CNT_COMMANDS, SCMIA_MED_CNT_FORWARDED, SCMIA_MED_CNT_LOCAL,
		SCMIA_MED_CNT_DENIED,   SCMIA_MED_CNT_NOT_SUPPORTED, SCMIA_MED_CNT_NOT_FOUND,
		SCMIA_MED_CNT_QUOTA,    SCMIA_MED_CNT_SUB_QUOTA, SCMIA_MED_CNT_REPLIES,
		SCMIA_MED_CNT_NOTIFS,   SCMIA_MED_CNT_P2A_DROPS, SCMIA_MED_CNT_TIMEOUTS,
		SCMIA_MED_CNT_SUB_ENABLES, SCMIA_MED_CNT_EVENTS,
	};
	unsigned i, k;

	printf("  %-16s %9s %9s %9s %9s\n", "counter", "mediator", names[0], names[1], names[2]);
	for (k = 0; k < sizeof(shown) / sizeof(shown[0]); k++) {
		printf("  %-16s %9u", scmia_med_counter_name(shown[k]),
		       (unsigned)scmia_med_counter(&D.med, shown[k]));
		for (i = 0; i < N_GUESTS; i++)
			printf(" %9u", (unsigned)scmia_med_guest_counter(&D.g[i].mg, shown[k]));
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	struct scmia_smt_server_stats rs;
	unsigned i, nfree = 0, nheld = 0, ninfl = 0, inflight = 0;
	uint64_t t0 = now_us();
	int ret;

	(void)argv;
	if (argc > 1) {
		printf("usage: %s\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("scmia %s mediator demo: three guests, one platform channel\n",
	       SCMIA_VERSION_STRING);
	ret = platform_up();
	if (ret) {
		printf("  [FAIL] platform: %s\n", scmia_strerror(ret));
		return 1;
	}
	for (i = 0; i < N_GUESTS; i++) {
		D.g[i].idx = i;
		D.g[i].agent_id = 101u + i;
		ret = guest_up(&D.g[i]);
		if (ret) {
			printf("  [FAIL] guest %s: %s\n", names[i], scmia_strerror(ret));
			return 1;
		}
	}
	if (pthread_create(&D.service, NULL, service, NULL) ||
	    pthread_barrier_init(&D.bar, NULL, N_GUESTS + 1u))
		return 1;
	for (i = 0; i < N_GUESTS; i++)
		if (pthread_create(&D.g[i].thread, NULL, guest_main, &D.g[i]))
			return 1;

	printf("\n== each guest's view of the platform (Base answered per guest)\n");
	phase();
	for (i = 0; i < N_GUESTS; i++)
		flush(&D.g[i]);
	phase();

	printf("\n== subscriptions (shared on the platform, reference counted)\n");
	phase();
	for (i = 0; i < N_GUESTS; i++)
		flush(&D.g[i]);
	check(scmia_med_sub_refs(&D.med, SCMIA_PROTO_CLOCK, SCMIA_CLOCK_RATE_NOTIFY, 2) == 2,
	      "platform clock 2 (ddr): one platform subscription, two guests hold it");
	check(D.clk.notify_changed & (1u << 2), "the platform has it enabled");
	phase();

	printf("\n== linux changes the shared clock; rtos sees it under its own id\n");
	phase();
	phase();
	for (i = 0; i < N_GUESTS; i++)
		flush(&D.g[i]);
	phase();

	printf("\n== denied requests\n");
	phase();
	for (i = 0; i < N_GUESTS; i++)
		if (i != LINUX)
			flush(&D.g[i]);
	phase();

	printf("\n== the rogue guest attacks its channel for %u ms; the others keep going\n",
	       ROGUE_MS);
	phase();
	for (i = 0; i < N_GUESTS; i++)
		flush(&D.g[i]);
	for (i = 0; i < N_GUESTS; i++)
		pthread_join(D.g[i].thread, NULL);
	(void)scmia_smt_server_counters(&D.g[ROGUE].srv, &rs);
	printf("  rogue's server: %u doorbells, %u storms, %u bad lengths, %u bad headers, "
	       "%u not handed over, %u p2a drops\n",
	       (unsigned)rs.doorbells, (unsigned)rs.storms, (unsigned)rs.bad_len,
	       (unsigned)rs.bad_hdr, (unsigned)rs.not_handed,
	       (unsigned)(rs.notif_drops + rs.dresp_drops));
	check(rs.storms > 0 && rs.bad_len + rs.bad_hdr > 0, "its storms and bad messages were "
							     "counted and ignored");
	check(scmia_med_guest_counter(&D.g[ROGUE].mg, SCMIA_MED_CNT_QUOTA) > 0,
	      "its commands beyond 2 in flight were answered BUSY");
	check(scmia_med_guest_counter(&D.g[ROGUE].mg, SCMIA_MED_CNT_P2A_DROPS) > 0,
	      "its delayed responses, never read, were dropped at its own backlog");

	/* Let everything in flight end: the platform channel is not wedged. */
	for (i = 0; i < 200u; i++) {
		(void)scmia_med_guest_stats(&D.g[ROGUE].mg, &inflight, NULL);
		if (!inflight)
			break;
		sleep_us(1000);
	}
	(void)scmia_chan_stats(&D.pa2p, &nfree, &nheld, &ninfl);
	check(nheld == 0 && ninfl == 0, "the platform channel has no slot held, no token out");

	printf("\n== counters\n");
	counters();

	/* Teardown: guests (reset, remove), then the hypervisor. */
	__atomic_store_n(&D.stop, 1, __ATOMIC_RELEASE);
	pthread_join(D.service, NULL);
	for (i = 0; i < N_GUESTS; i++) {
		struct guest *g = &D.g[i];
		unsigned tries;

		g->irq_on = 0;
		if (g->agent_up)
			(void)scmia_agent_deinit(&g->agent);
		for (tries = 0; tries < 1000u; tries++) {
			ret = scmia_med_guest_remove(&g->mg);
			if (ret != SCMIA_EBUSY)
				break;
			(void)scmia_med_service(&D.med);
			sleep_us(1000);
		}
		check(ret == 0, names[i]);
		scmia_posix_wait_deinit(g->waits, G_SLOTS);
	}
	(void)scmia_med_deinit(&D.med);
	scmia_sim_stop(&D.sim);
	(void)scmia_agent_deinit(&D.plat);
	scmia_sim_deinit(&D.sim);
	pthread_barrier_destroy(&D.bar);

	printf("\nmediator demo: %s, %d failure(s), %llu ms\n",
	       D.failures ? "FAILED" : "all steps behaved as expected", D.failures,
	       (unsigned long long)((now_us() - t0) / 1000u));
	return D.failures ? 1 : 0;
}

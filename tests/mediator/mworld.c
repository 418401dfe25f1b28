/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The stepped mediator world (mworld.h).
 */
#include <string.h>

#include "mworld.h"

/* ---- the vendor test protocol as a mediator table ---- */

#define N SCMIA_MED_NONE

static const struct scmia_med_msg test_msgs[] = {
	/* ECHO: any bytes. */
	{ SCMIA_SIM_TEST_ECHO, SCMIA_MED_K_PLAIN, 0u, 0u, N, 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, N,
	  0u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
	/* ASYNC_WORK: value [, delay]; always a delayed response. */
	{ SCMIA_SIM_TEST_ASYNC_WORK, SCMIA_MED_K_PLAIN, SCMIA_MED_M_ASYNC, 4u, N, 0u, N, 0u, N, 0u,
	  N, N, N, 0u, N, N, N, 0u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
	/* TRIGGER_EVENT: src_id (a class-0 resource) [, count]. */
	{ SCMIA_SIM_TEST_TRIGGER_EVENT, SCMIA_MED_K_PLAIN, 0u, 4u, 0u, 0u, N, 0u, N, 0u, N, N, N,
	  0u, N, N, N, 0u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
	/* SLOW: ms. */
	{ SCMIA_SIM_TEST_SLOW, SCMIA_MED_K_PLAIN, 0u, 4u, N, 0u, N, 0u, N, 0u, N, N, N, 0u, N, N, N,
	  0u, SCMIA_MED_R_DENY, 0u, 0u, N, N, 0u, 0u },
};

static const struct scmia_med_evt test_evts[] = {
	/* agent_id, src_id, seq: to every guest that maps src_id. */
	{ SCMIA_SIM_TEST_EVT, N, 4u, 0u, 0u },
};

const struct scmia_med_proto_desc mw_test_desc = {
	SCMIA_SIM_TEST_PROTO,
	(uint8_t)(sizeof(test_msgs) / sizeof(test_msgs[0])),
	1u,
	N,
	SCMIA_SIM_TEST_VERSION,
	test_msgs,
	test_evts,
	{ { 0u, 0u, 0u, N }, { 0u, 0u, 0u, N }, { 0u, 0u, 0u, N } },
};

/* ---- time and the OS tables ---- */

static uint64_t w_now(void *ctx)
{
	return ((struct mw *)ctx)->vnow;
}

static void w_relax(void *ctx)
{
	mw_step((struct mw *)ctx);
}

static scmia_lock_key_t w_lock(void *ctx)
{
	(void)ctx;
	return 0;
}

static void w_unlock(void *ctx, scmia_lock_key_t k)
{
	(void)ctx;
	(void)k;
}

/* Guests waiting by polling: clock and relax only. */
static const struct scmia_os_ops os_poll = {
	.now_us = w_now,
	.relax = w_relax,
};

/* Guests with interrupts: a (single-threaded) lock makes the core pick
 * interrupt-driven completion; waits spin on the state with relax. */
static const struct scmia_os_ops os_irq = {
	.lock = w_lock,
	.unlock = w_unlock,
	.now_us = w_now,
	.relax = w_relax,
};

/* The platform agent: clock only (submit, receive, service). */
static const struct scmia_os_ops os_plat = {
	.lock = w_lock,
	.unlock = w_unlock,
	.now_us = w_now,
};

void mw_step(struct mw *w)
{
	w->vnow += MW_STEP_US;
	if (w->stepping)
		return;
	w->stepping = 1;
	if (w->on_step)
		w->on_step(w, w->on_step_arg);
#if MW_HAVE_VIRTIO
	{
		unsigned i;

		for (i = 0; i < MW_VGUESTS; i++)
			if (w->vg[i].added)
				(void)vg_step(&w->vg[i].v);
	}
#endif
	(void)scmia_sim_loopback_poll(&w->gl);
	(void)scmia_med_service(&w->med);
	w->stepping = 0;
}

void mw_run(struct mw *w, uint64_t us)
{
	uint64_t end = w->vnow + us;

	while (w->vnow < end)
		mw_step(w);
}

/* ---- hypervisor hooks of a guest ---- */

static int g_ring(void *ctx)
{
	struct mw_guest *g = (struct mw_guest *)ctx;

	(void)scmia_smt_server_doorbell(&g->srv);
	return 0;
}

static int g_ack(void *ctx)
{
	struct mw_guest *g = (struct mw_guest *)ctx;

	(void)scmia_smt_server_ack(&g->srv);
	return 0;
}

static void g_a2p_irq(void *ctx)
{
	struct mw_guest *g = (struct mw_guest *)ctx;

	g->a2p_irqs++;
	if (g->up && !g->no_irq)
		(void)scmia_smt_irq(&g->sa2p);
}

static void g_p2a_irq(void *ctx)
{
	struct mw_guest *g = (struct mw_guest *)ctx;

	g->p2a_irqs++;
	if (g->up && !g->no_irq)
		(void)scmia_smt_irq(&g->sp2a);
}

static void g_notif(void *ctx, const struct scmia_notification *n)
{
	struct mw_guest *g = (struct mw_guest *)ctx;
	struct mw_notif *m;

	if (g->n_notifs >= MW_NOTIFS)
		return;
	m = &g->notifs[g->n_notifs++];
	m->proto_id = n->proto_id;
	m->evt_id = n->msg_id;
	m->len = n->len < sizeof(m->payload) ? n->len : (uint32_t)sizeof(m->payload);
	if (m->len)
		memcpy(m->payload, n->payload, m->len);
}

/* ---- set-up ---- */

int mw_init(struct mw *w, const struct mw_opts *o)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_med_cfg mcfg;
	struct mw_opts def;
	int ret;

	memset(&def, 0, sizeof(def));
	if (!o)
		o = &def;
	memset(w, 0, sizeof(*w));
	w->vnow = 1000;
	memset(&scfg, 0, sizeof(scfg));
	scfg.vendor = "sim-vendor";
	scfg.agents[0].name = "hypervisor";
	scfg.agents[0].trusted = 1;
	scfg.agents[1].name = "secure";
	scfg.n_agents = 2;
	scfg.agent_id = MW_PLATFORM_AGENT;
	scfg.clock = SCMIA_SIM_CLOCK_CUSTOM;
	scfg.now_us = w_now;
	scfg.now_ctx = w;
	ret = scmia_sim_init(&w->sim, &scfg);
	if (!ret)
		ret = scmia_sim_test_register(&w->sim, &w->test);
	if (!ret)
		ret = scmia_sim_power_register(&w->sim, &w->power);
	if (!ret)
		ret = scmia_sim_system_register(&w->sim, &w->system);
	if (!ret)
		ret = scmia_sim_perf_register(&w->sim, &w->perf);
	if (!ret)
		ret = scmia_sim_reset_register(&w->sim, &w->reset);
	if (!ret)
		ret = scmia_sim_clock_register(&w->sim, &w->clk);
	if (!ret)
		ret = scmia_sim_sensor_register(&w->sim, &w->sensor);
	if (!ret)
		ret = scmia_sim_voltage_register(&w->sim, &w->voltage);
	if (!ret)
		ret = scmia_sim_powercap_register(&w->sim, &w->powercap);
	if (!ret)
		ret = scmia_sim_pinctrl_register(&w->sim, &w->pinctrl);
	if (!ret)
		ret = scmia_sim_loopback_init(&w->gl, &w->sim);
	if (ret)
		return ret;
	w->test.async_delay_us = 300;

	ret = scmia_loopback_chan_init(&w->lb_a2p, w->lbm_a2p, MW_LB, w->lbq_a2p, NULL, NULL,
				       scmia_sim_loopback_kick, &w->gl);
	if (!ret)
		ret = scmia_loopback_chan_init(&w->lb_p2a, w->lbm_p2a, MW_LB, w->lbq_p2a, NULL, NULL,
					       NULL, NULL);
	if (!ret)
		ret = scmia_sim_loopback_attach(&w->gl, 0, &w->lb_a2p, &w->lb_p2a, 0);
	if (ret)
		return ret;

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &os_plat;
	acfg.os_ctx = w;
	acfg.transport = &scmia_loopback_transport;
	ret = scmia_agent_init(&w->plat, &acfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = o->plat_max_msg ? o->plat_max_msg : MW_PMAX;
	ccfg.msg_size = MW_PMSG;
	ccfg.chan_ctx = &w->lb_a2p;
	ccfg.mem = w->pmem_a2p;
	ccfg.mem_size = sizeof(w->pmem_a2p);
	ccfg.reply_timeout_us = o->plat_timeout_us ? o->plat_timeout_us : 20000u;
	ccfg.dresp_timeout_us = o->plat_dresp_us ? o->plat_dresp_us : 50000u;
	ret = scmia_chan_open(&w->plat, &w->pa2p, &ccfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MW_PP2A;
	ccfg.msg_size = MW_PMSG;
	ccfg.chan_ctx = &w->lb_p2a;
	ccfg.mem = w->pmem_p2a;
	ccfg.mem_size = sizeof(w->pmem_p2a);
	ret = scmia_chan_open(&w->plat, &w->pp2a, &ccfg);
	if (ret)
		return ret;

	memset(&mcfg, 0, sizeof(mcfg));
	mcfg.agent = &w->plat;
	w->descs[0] = o->test_desc ? o->test_desc : &mw_test_desc;
	mcfg.descs = w->descs;
	mcfg.n_descs = 1;
	mcfg.platform_agent_id = MW_PLATFORM_AGENT;
	mcfg.vendor = "med-vendor";
	mcfg.sub_vendor = "med-sub";
	mcfg.platform_name = "the-platform";
	return scmia_med_init(&w->med, &mcfg);
}

int mw_guest_agent_up(struct mw *w, unsigned i, int irq_mode)
{
	struct mw_guest *g = &w->g[i];
	struct scmia_smt_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	static const uint8_t evts[][2] = {
		{ SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_EVT },
		{ 0x11, 0 }, { 0x12, 0 }, { 0x13, 0 }, { 0x13, 1 }, { 0x14, 0 }, { 0x14, 1 },
		{ 0x15, 0 }, { 0x15, 1 }, { 0x16, 0 }, { 0x18, 0 }, { 0x18, 1 },
	};
	unsigned k;
	int ret;

	memset(&scfg, 0, sizeof(scfg));
	scfg.base = g->a2p_area;
	scfg.size = MW_AREA;
	scfg.ring = g_ring;
	scfg.ring_ctx = g;
	scfg.flags = irq_mode ? 0u : SCMIA_SMT_F_NO_IRQ;
	ret = scmia_smt_chan_init(&g->sa2p, &scfg);
	if (ret)
		return ret;
	memset(&scfg, 0, sizeof(scfg));
	scfg.base = g->p2a_area;
	scfg.size = MW_AREA;
	scfg.ack = g_ack;
	scfg.ack_ctx = g;
	scfg.flags = irq_mode ? 0u : SCMIA_SMT_F_NO_IRQ;
	ret = scmia_smt_chan_init(&g->sp2a, &scfg);
	if (ret)
		return ret;

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = irq_mode ? &os_irq : &os_poll;
	acfg.os_ctx = w;
	acfg.transport = &scmia_smt_transport;
	acfg.flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE;
	ret = scmia_agent_init(&g->agent, &acfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MW_GMAX;
	ccfg.msg_size = MW_GMSG;
	ccfg.chan_ctx = &g->sa2p;
	ccfg.mem = g->mem_a2p;
	ccfg.mem_size = sizeof(g->mem_a2p);
	ccfg.reply_timeout_us = 30000;
	ccfg.dresp_timeout_us = 100000;
	ret = scmia_chan_open(&g->agent, &g->a2p, &ccfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MW_GMAX;
	ccfg.msg_size = MW_GMSG;
	ccfg.chan_ctx = &g->sp2a;
	ccfg.mem = g->mem_p2a;
	ccfg.mem_size = sizeof(g->mem_p2a);
	ret = scmia_chan_open(&g->agent, &g->p2a, &ccfg);
	if (ret)
		return ret;
	g->n_nf = 0;
	for (k = 0; k < sizeof(evts) / sizeof(evts[0]); k++) {
		struct scmia_notifier *n = &g->nf[g->n_nf++];

		memset(n, 0, sizeof(*n));
		n->proto_id = evts[k][0];
		n->evt_id = evts[k][1];
		n->src_id = SCMIA_NOTIFY_SRC_ANY;
		n->fn = g_notif;
		n->ctx = g;
		ret = scmia_notify_register(&g->agent, n);
		if (ret)
			return ret;
	}
	ret = scmia_proto_set_init(&g->set, &g->agent, g->handles, 12);
	if (ret)
		return ret;
	g->up = 1;
	return SCMIA_OK;
}

void mw_guest_agent_down(struct mw *w, unsigned i)
{
	struct mw_guest *g = &w->g[i];

	if (!g->up)
		return;
	g->up = 0;
	(void)scmia_agent_deinit(&g->agent);
}

int mw_guest_add(struct mw *w, unsigned i, uint32_t agent_id, const char *name,
		 const struct scmia_med_policy *pol, uint16_t n_reqs, uint16_t n_subs, int irq_mode)
{
	struct mw_guest *g = &w->g[i];
	struct scmia_smt_server_cfg scfg;
	struct scmia_med_guest_cfg gcfg;
	int ret;

	if (i >= MW_GUESTS || n_reqs > MW_REQS || n_subs > MW_SUBS)
		return SCMIA_EINVAL;
	memset(g, 0, sizeof(*g));
	g->w = w;
	g->idx = i;
	memset(&scfg, 0, sizeof(scfg));
	scfg.a2p_base = g->a2p_area;
	scfg.a2p_size = MW_AREA;
	scfg.p2a_base = g->p2a_area;
	scfg.p2a_size = MW_AREA;
	scfg.a2p_irq = g_a2p_irq;
	scfg.a2p_irq_ctx = g;
	scfg.p2a_irq = g_p2a_irq;
	scfg.p2a_irq_ctx = g;
	scfg.cmd = scmia_med_guest_cmd;
	scfg.cmd_ctx = &g->mg;
	scfg.queue = g->q;
	scfg.queue_len = MW_QUEUE;
	scfg.flags = SCMIA_SMT_SERVER_F_ACK;
	ret = scmia_smt_server_init(&g->srv, &scfg);
	if (ret)
		return ret;
	memset(&gcfg, 0, sizeof(gcfg));
	gcfg.agent_id = agent_id;
	gcfg.name = name;
	gcfg.policy = pol;
	gcfg.ops = &scmia_smt_server_ops;
	gcfg.srv = &g->srv;
	gcfg.reqs = g->reqs;
	gcfg.n_reqs = n_reqs;
	gcfg.subs = g->subs;
	gcfg.n_subs = n_subs;
	ret = scmia_med_guest_add(&w->med, &g->mg, &gcfg);
	if (ret || irq_mode < 0)
		return ret;
	return mw_guest_agent_up(w, i, irq_mode);
}

#if MW_HAVE_VIRTIO
int mw_vguest_add(struct mw *w, unsigned i, uint32_t agent_id, const char *name,
		  const struct scmia_med_policy *pol, uint16_t n_reqs, uint16_t n_subs)
{
	struct mw_vguest *vg = &w->vg[i];
	struct scmia_med_guest_cfg gcfg;
	int ret;

	if (i >= MW_VGUESTS || n_reqs > MW_REQS || n_subs > MW_SUBS)
		return SCMIA_EINVAL;
	ret = vg_init(&vg->v, &os_irq, w, scmia_med_guest_cmd, &vg->mg, 0);
	if (ret)
		return ret;
	memset(&gcfg, 0, sizeof(gcfg));
	gcfg.agent_id = agent_id;
	gcfg.name = name;
	gcfg.policy = pol;
	gcfg.ops = &scmia_virtio_dev_ops;
	gcfg.srv = &vg->v.dev;
	gcfg.reqs = vg->reqs;
	gcfg.n_reqs = n_reqs;
	gcfg.subs = vg->subs;
	gcfg.n_subs = n_subs;
	ret = scmia_med_guest_add(&w->med, &vg->mg, &gcfg);
	if (!ret)
		vg->added = 1;
	return ret;
}
#endif

int mw_fini(struct mw *w)
{
	unsigned i, n;
	int bad = 0;

#if MW_HAVE_VIRTIO
	for (i = 0; i < MW_VGUESTS; i++) {
		if (!w->vg[i].added)
			continue;
		vg_down(&w->vg[i].v);
		(void)scmia_virtio_dev_reset(&w->vg[i].v.dev);
		for (n = 0; n < 100000u && scmia_med_guest_remove(&w->vg[i].mg) == SCMIA_EBUSY; n++)
			mw_step(w);
		if (w->vg[i].mg.up)
			bad = 1;
		w->vg[i].added = 0;
	}
#endif
	for (i = 0; i < MW_GUESTS; i++)
		mw_guest_agent_down(w, i);
	for (i = 0; i < MW_GUESTS; i++) {
		if (!w->g[i].mg.med)
			continue;
		for (n = 0; n < 100000u && scmia_med_guest_remove(&w->g[i].mg) == SCMIA_EBUSY; n++)
			mw_step(w);
		if (w->g[i].mg.up)
			bad = 1;
	}
	if (scmia_med_deinit(&w->med))
		bad = 1;
	(void)scmia_agent_deinit(&w->plat);
	scmia_sim_deinit(&w->sim);
	return bad;
}

/* ---- commands ---- */

int mw_cmd(struct mw *w, unsigned i, uint8_t proto, uint8_t msg, const void *tx, uint32_t tx_len,
	   void *rx, uint32_t rx_cap, uint32_t *rx_len, unsigned flags)
{
	(void)w;
	return scmia_cmd(&w->g[i].agent, proto, msg, tx, tx_len, rx, rx_cap, rx_len, flags);
}

int mw_cmdw(struct mw *w, unsigned i, uint8_t proto, uint8_t msg, const uint32_t *words,
	    unsigned n, void *rx, uint32_t rx_cap, uint32_t *rx_len)
{
	uint8_t tx[64];
	unsigned k;

	for (k = 0; k < n && k < 16u; k++)
		scmia_put_le32(tx + 4u * k, words[k]);
	return mw_cmd(w, i, proto, msg, tx, 4u * n, rx, rx_cap, rx_len, 0);
}

int32_t mw_status(int ret)
{
	if (ret == SCMIA_OK)
		return 0;
	if (scmia_err_is_scmi(ret))
		return (int32_t)(ret - (int)SCMIA_E_SCMI_BASE);
	return 1000 - ret; /* not a status: a local error */
}

unsigned mw_notifs(struct mw *w, unsigned i, uint8_t proto, uint8_t evt)
{
	unsigned k, n = 0;

	for (k = 0; k < w->g[i].n_notifs; k++)
		if (w->g[i].notifs[k].proto_id == proto && w->g[i].notifs[k].evt_id == evt)
			n++;
	return n;
}

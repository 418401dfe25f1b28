/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mediator soak: several guests, a faulty platform, real threads.
 *
 *   4 honest guests (scmia agents on SMT, one thread each, rebooting now
 *   and then), 1 honest guest on virtio-scmi, 1 hostile guest writing its
 *   SMT areas by hand
 *        |  SMT servers, a virtio device
 *   mediator (service thread: expiry, notifications, guest deadlines, polls)
 *        |  platform agent on a loopback channel
 *   simulated platform in its own thread, random faults on a share of
 *   its responses, delayed responses and notifications
 *
 * Every honest guest checks each reply against what it sent (its marker,
 * sequence number and nonce), each delayed value against its own request,
 * each notification against the events it triggered itself and the clock
 * id it knows the shared clock by. Faults make commands fail (GENERIC
 * status, timeouts, shortened replies): counted, allowed. A byte of
 * another guest's, or of another command of its own, is a misroute: the
 * run fails.
 *
 * At the end: nothing misrouted, every kind of operation succeeded at
 * least once per guest, the platform channel drains (no slot held, no
 * token out), every guest can be removed.
 *
 *   soak_med [seconds]   (default 20; SCMIA_MED_SOAK_SECONDS)
 * Last line: "soak_med: N passed, N failed" (one case per check).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scmia/mediator.h"
#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "scmia_sim_pb.h"
#include "scmia_smt.h"
#include "scmia_smt_server.h"
#include "vguest.h"

#define HONEST 4u
#define AREA 128u
#define G_SLOTS 4u
#define G_MSG 100u
#define P_SLOTS 32u
#define P_MSG 128u
#define LB 256u
#define MAX_SEQS 32768u /* per guest; it triggers no more when full */
#define HOSTILE_QUOTA 2u

static unsigned pass, fail;

static void check(int ok, const char *what, unsigned idx)
{
	if (ok) {
		pass++;
		return;
	}
	fail++;
	printf("FAIL: %s (guest %u)\n", what, idx);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void sleep_us(unsigned us)
{
	struct timespec ts = { (time_t)(us / 1000000u), (long)(us % 1000000u) * 1000L };

	nanosleep(&ts, NULL);
}

/* ---- policies: every honest guest maps ddr (platform clock 2) under a
 * different id (its index mod 2), and its own test-protocol source ---- */

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

/* guest i: clock (i & 1) is ddr; test source 0 is platform source 20 + i */
static struct scmia_med_res clk_even[] = { { 2, 0 }, { 0, 0 } };
static struct scmia_med_res clk_odd[] = { { 0, 0 }, { 2, 0 } };
static struct scmia_med_res srcs[HONEST + 2u][1];
static struct scmia_med_proto_policy protos[HONEST + 2u][2];
static struct scmia_med_policy pols[HONEST + 2u];

/* ---- one honest SMT guest ---- */

struct guest {
	unsigned idx;
	uint32_t a2p_area[AREA / 4];
	uint32_t p2a_area[AREA / 4];
	struct scmia_posix px, spx;
	struct scmia_posix_wait waits[G_SLOTS];
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, G_SLOTS, G_MSG);
	SCMIA_P2A_MEM_DEFINE(mem_p2a, G_SLOTS, G_MSG);
	struct scmia_smt_chan sa2p, sp2a;
	struct scmia_notifier nf[2];
	/* The hypervisor's interrupt line for this guest: irq_mu is held by
	 * a handler while it runs, so turning the line off (agent_down) also
	 * waits for a handler that already saw it on. */
	pthread_mutex_t irq_mu;
	int irq_on;
	int agent_up;
	struct scmia_smt_server srv;
	struct scmia_smt_server_msg q[4];
	struct scmia_med_guest mg;
	struct scmia_med_req reqs[4];
	struct scmia_med_sub subs[2];
	pthread_t th;
	uint64_t rng;
	uint32_t seq;
	/* what it triggered and what it got */
	pthread_mutex_t lk;
	uint32_t trig[MAX_SEQS];
	unsigned n_trig;
	uint32_t got[MAX_SEQS];
	unsigned n_got;
	unsigned bad_evt, short_evt, clk_evts, failed_trig;
	unsigned ok_echo, ok_async, ok_trig, ok_clk, errors, misroutes, reboots;
};

static struct {
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_clocks clk;
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[LB], lbm_p2a[LB];
	uint16_t lbq_a2p[LB], lbq_p2a[LB];
	struct scmia_posix ppx, mpx, lbpx, vpx, vdpx;
	struct scmia_agent plat;
	struct scmia_chan pa2p, pp2a;
	SCMIA_CHAN_MEM_DEFINE(pmem_a2p, P_SLOTS, P_MSG);
	SCMIA_P2A_MEM_DEFINE(pmem_p2a, P_SLOTS, P_MSG);
	struct scmia_mediator med;
	struct guest g[HONEST + 1u]; /* the last one is the hostile guest */
	/* the virtio guest */
	struct vguest vg;
	struct scmia_med_guest vmg;
	struct scmia_med_req vreqs[4];
	struct scmia_med_sub vsubs[1];
	pthread_t vth, svc, hth;
	uint64_t vrng;
	unsigned v_ok, v_err, v_misroutes;
	unsigned v_errs[32]; /* the virtio guest's errors: -1..-16, -100..-114, 0: other */
	volatile int stop, stop_svc;
	unsigned hostile_rounds;
} S;

static uint32_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (uint32_t)(*x >> 16);
}

/* ---- shared memory: aligned 32-bit atomic words on both sides (the
 * guest and the hypervisor run on different CPUs; ThreadSanitizer sees
 * the accesses for what they are) ---- */

static uint32_t le(uint32_t v)
{
	uint8_t b[4];

	memcpy(b, &v, 4);
	return scmia_get_le32(b);
}

static uint32_t a_read32(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
}

static void a_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	__atomic_store_n((uint32_t *)(uintptr_t)addr, le(v), __ATOMIC_RELEASE);
}

static const struct scmia_smt_access acc = { .read32 = a_read32, .write32 = a_write32 };

/* The hostile guest writes its area the same way (its own words). */
static void hput(uint8_t *area, uint32_t off, uint32_t v)
{
	a_write32(NULL, area + off, v);
}

static uint32_t hget(const uint32_t *area, uint32_t off)
{
	return a_read32(NULL, (const uint8_t *)area + off);
}

/* ---- hypervisor hooks ---- */

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

static void h_irq(struct guest *g, struct scmia_smt_chan *c)
{
	pthread_mutex_lock(&g->irq_mu);
	if (g->irq_on)
		(void)scmia_smt_irq(c);
	pthread_mutex_unlock(&g->irq_mu);
}

static void h_a2p_irq(void *ctx)
{
	h_irq((struct guest *)ctx, &((struct guest *)ctx)->sa2p);
}

static void h_p2a_irq(void *ctx)
{
	h_irq((struct guest *)ctx, &((struct guest *)ctx)->sp2a);
}

static void irq_line(struct guest *g, int on)
{
	pthread_mutex_lock(&g->irq_mu);
	g->irq_on = on;
	pthread_mutex_unlock(&g->irq_mu);
}

static void on_test_evt(void *ctx, const struct scmia_notification *n)
{
	struct guest *g = (struct guest *)ctx;

	pthread_mutex_lock(&g->lk);
	if (n->len < 12u)
		g->short_evt++; /* a TRUNCATE fault of the platform */
	else if (scmia_get_le32((const uint8_t *)n->payload + 4) != 0)
		g->bad_evt++;
	else if (g->n_got < MAX_SEQS)
		g->got[g->n_got++] = scmia_get_le32((const uint8_t *)n->payload + 8);
	pthread_mutex_unlock(&g->lk);
}

static void on_clk_evt(void *ctx, const struct scmia_notification *n)
{
	struct guest *g = (struct guest *)ctx;

	pthread_mutex_lock(&g->lk);
	/* The shared clock under this guest's own id. */
	if (n->len < 8u)
		g->short_evt++;
	else if (scmia_get_le32((const uint8_t *)n->payload + 4) != (g->idx & 1u))
		g->bad_evt++;
	else
		g->clk_evts++;
	pthread_mutex_unlock(&g->lk);
}

static int agent_up(struct guest *g)
{
	struct scmia_smt_cfg cfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	int ret;

	memset(&cfg, 0, sizeof(cfg));
	cfg.base = g->a2p_area;
	cfg.size = AREA;
	cfg.acc = &acc;
	cfg.ring = h_ring;
	cfg.ring_ctx = g;
	ret = scmia_smt_chan_init(&g->sa2p, &cfg);
	if (ret)
		return ret;
	memset(&cfg, 0, sizeof(cfg));
	cfg.base = g->p2a_area;
	cfg.size = AREA;
	cfg.acc = &acc;
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
	ccfg.reply_timeout_us = 50000;
	ccfg.dresp_timeout_us = 200000;
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
	memset(g->nf, 0, sizeof(g->nf));
	g->nf[0].proto_id = SCMIA_SIM_TEST_PROTO;
	g->nf[0].evt_id = SCMIA_SIM_TEST_EVT;
	g->nf[0].src_id = SCMIA_NOTIFY_SRC_ANY;
	g->nf[0].fn = on_test_evt;
	g->nf[0].ctx = g;
	g->nf[1].proto_id = 0x14;
	g->nf[1].evt_id = 0;
	g->nf[1].src_id = SCMIA_NOTIFY_SRC_ANY;
	g->nf[1].fn = on_clk_evt;
	g->nf[1].ctx = g;
	ret = scmia_notify_register(&g->agent, &g->nf[0]);
	if (!ret)
		ret = scmia_notify_register(&g->agent, &g->nf[1]);
	if (!ret) {
		g->agent_up = 1;
		irq_line(g, 1);
	}
	return ret;
}

static void agent_down(struct guest *g)
{
	irq_line(g, 0); /* no handler runs after this */
	if (g->agent_up)
		(void)scmia_agent_deinit(&g->agent);
	g->agent_up = 0;
}

static int guest_up(struct guest *g, uint16_t nreq, uint16_t nsub, int with_agent)
{
	struct scmia_smt_server_cfg scfg;
	struct scmia_med_guest_cfg gcfg;
	int ret;

	if (scmia_posix_init(&g->px) || scmia_posix_init(&g->spx) ||
	    scmia_posix_wait_init(g->waits, G_SLOTS) || pthread_mutex_init(&g->lk, NULL) ||
	    pthread_mutex_init(&g->irq_mu, NULL))
		return SCMIA_EIO;
	g->px.log_level = -1;
	g->spx.log_level = -1;
	memset(&scfg, 0, sizeof(scfg));
	scfg.a2p_base = g->a2p_area;
	scfg.a2p_size = AREA;
	scfg.p2a_base = g->p2a_area;
	scfg.p2a_size = AREA;
	scfg.acc = &acc;
	scfg.a2p_irq = h_a2p_irq;
	scfg.a2p_irq_ctx = g;
	scfg.p2a_irq = h_p2a_irq;
	scfg.p2a_irq_ctx = g;
	scfg.cmd = scmia_med_guest_cmd;
	scfg.cmd_ctx = &g->mg;
	scfg.os = &scmia_posix_os_ops;
	scfg.os_ctx = &g->spx;
	scfg.queue = g->q;
	scfg.queue_len = 4;
	scfg.flags = SCMIA_SMT_SERVER_F_ACK;
	ret = scmia_smt_server_init(&g->srv, &scfg);
	if (ret)
		return ret;
	memset(&gcfg, 0, sizeof(gcfg));
	gcfg.agent_id = 50u + g->idx;
	gcfg.name = "soak";
	gcfg.policy = &pols[g->idx];
	gcfg.ops = &scmia_smt_server_ops;
	gcfg.srv = &g->srv;
	gcfg.reqs = g->reqs;
	gcfg.n_reqs = nreq;
	gcfg.subs = g->subs;
	gcfg.n_subs = nsub;
	ret = scmia_med_guest_add(&S.med, &g->mg, &gcfg);
	if (ret || !with_agent)
		return ret;
	return agent_up(g);
}

/* A guest reboots: its agent goes, the hypervisor resets the guest and
 * its channel, a new agent comes up on clean areas. */
static void reboot(struct guest *g)
{
	agent_down(g);
	(void)scmia_med_guest_reset(&g->mg);
	(void)scmia_smt_server_reset(&g->srv);
	(void)agent_up(g);
	g->reboots++;
}

/* ---- honest guest operations ---- */

/* Bytes present must be ours; a shorter reply is the platform's fault. */
static void check_prefix(unsigned *misroutes, const uint8_t *got, uint32_t n, const uint8_t *mine,
			 uint32_t len)
{
	if (n > len)
		n = len;
	if (memcmp(got, mine, n) != 0)
		(*misroutes)++;
}

static int op_echo(struct scmia_agent *a, unsigned idx, uint64_t *rng, uint32_t *seq,
		   unsigned *ok, unsigned *err, unsigned *mis)
{
	uint8_t tx[16], rx[32];
	uint32_t n = 0;
	int ret;

	(*seq)++;
	scmia_put_le32(tx, 0xa5000000u | (idx << 16) | (*seq & 0xffffu));
	scmia_put_le32(tx + 4, *seq);
	scmia_put_le32(tx + 8, rnd(rng));
	scmia_put_le32(tx + 12, 0xa5000000u | (idx << 16) | 0xeeeeu);
	ret = scmia_cmd(a, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, tx, 16, rx, sizeof(rx), &n, 0);
	if (ret) {
		(*err)++;
		return ret;
	}
	check_prefix(mis, rx, n, tx, 16);
	(*ok)++;
	return 0;
}

static int op_async(struct scmia_agent *a, unsigned idx, uint32_t *seq, unsigned *ok,
		    unsigned *err, unsigned *mis)
{
	uint8_t tx[8], rx[16];
	uint32_t n = 0, v = 0x5a000000u | (idx << 16) | (++(*seq) & 0xffffu);
	int ret;

	scmia_put_le32(tx, v);
	scmia_put_le32(tx + 4, 500u);
	ret = scmia_cmd(a, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, tx, 8, rx, sizeof(rx),
			&n, SCMIA_XFER_F_ASYNC);
	if (ret) {
		(*err)++;
		return ret;
	}
	if (n >= 4u && scmia_get_le32(rx) != scmia_sim_test_async_value(v))
		(*mis)++;
	(*ok)++;
	return 0;
}

/* Every trigger's sequence numbers are recorded: the check at the end
 * attributes each event received, so a guest whose record is full
 * triggers no more. */
static int trig_room(struct guest *g)
{
	int room;

	pthread_mutex_lock(&g->lk);
	room = g->n_trig + 2u <= MAX_SEQS;
	pthread_mutex_unlock(&g->lk);
	return room;
}

static void *guest_main(void *arg)
{
	struct guest *g = (struct guest *)arg;

	while (!__atomic_load_n(&S.stop, __ATOMIC_ACQUIRE)) {
		uint32_t k = rnd(&g->rng) % 100u;

		if (k < 40u) {
			op_echo(&g->agent, g->idx, &g->rng, &g->seq, &g->ok_echo, &g->errors,
				&g->misroutes);
		} else if (k < 60u) {
			op_async(&g->agent, g->idx, &g->seq, &g->ok_async, &g->errors,
				 &g->misroutes);
		} else if (k < 72u && trig_room(g)) {
			uint8_t tx[8], rx[16];
			uint32_t n = 0;

			scmia_put_le32(tx, 0);
			scmia_put_le32(tx + 4, 2);
			/* The events may come before the reply: the check is at the end. */
			if (scmia_cmd(&g->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT,
				      tx, 8, rx, sizeof(rx), &n, 0) == 0 && n >= 4u) {
				pthread_mutex_lock(&g->lk);
				if (g->n_trig + 2u <= MAX_SEQS) {
					g->trig[g->n_trig++] = scmia_get_le32(rx);
					g->trig[g->n_trig++] = scmia_get_le32(rx) + 1u;
				}
				pthread_mutex_unlock(&g->lk);
				g->ok_trig++;
			} else {
				/* The platform may have run it anyway: its events
				 * come with sequence numbers nobody knows. */
				g->failed_trig++;
				g->errors++;
			}
		} else if (k < 84u) {
			uint8_t w[8];

			scmia_put_le32(w, g->idx & 1u);
			scmia_put_le32(w + 4, rnd(&g->rng) & 1u);
			if (scmia_cmd(&g->agent, 0x14, 0x9, w, 8, NULL, 0, NULL, 0) == 0)
				g->ok_clk++;
			else
				g->errors++;
		} else {
			static const uint32_t mhz[] = { 400, 800, 1066, 1600 };
			uint8_t w[16];

			scmia_put_le32(w, 0u);
			scmia_put_le32(w + 4, g->idx & 1u);
			scmia_put_le32(w + 8, 1000000u * mhz[rnd(&g->rng) % 4u]);
			scmia_put_le32(w + 12, 0u);
			if (scmia_cmd(&g->agent, 0x14, 0x5, w, 16, NULL, 0, NULL, 0) == 0)
				g->ok_clk++;
			else
				g->errors++;
		}
		if (rnd(&g->rng) % 500u == 0)
			reboot(g);
	}
	return NULL;
}

/* ---- the virtio guest ---- */

static void *vguest_main(void *arg)
{
	uint32_t seq = 0;

	(void)arg;
	while (!__atomic_load_n(&S.stop, __ATOMIC_ACQUIRE)) {
		int ret;

		if (rnd(&S.vrng) & 1u)
			ret = op_echo(&S.vg.agent, 9, &S.vrng, &seq, &S.v_ok, &S.v_err,
				      &S.v_misroutes);
		else
			ret = op_async(&S.vg.agent, 9, &seq, &S.v_ok, &S.v_err, &S.v_misroutes);
		if (ret)
			S.v_errs[ret >= -16 ? -ret : ret <= -100 && ret >= -114 ? -ret - 83 : 0]++;
	}
	return NULL;
}

/* ---- the hostile guest ---- */

static void *hostile_main(void *arg)
{
	struct guest *h = &S.g[HONEST];
	uint8_t *a = (uint8_t *)h->a2p_area;
	uint64_t x = 0x1234567887654321ull;

	(void)arg;
	while (!__atomic_load_n(&S.stop, __ATOMIC_ACQUIRE)) {
		uint32_t k = rnd(&x) % 8u, i;

		switch (k) {
		case 0:
			for (i = 0; i < AREA; i += 4)
				hput(a, i, rnd(&x) ^ (rnd(&x) << 16));
			hput(a, SCMIA_SMT_OFF_STATUS, 0);
			(void)scmia_smt_server_doorbell(&h->srv);
			break;
		case 1:
			for (i = 0; i < 30u; i++)
				(void)scmia_smt_server_doorbell(&h->srv);
			break;
		case 2:
		case 3: {
			/* commands of any protocol with another guest's token */
			uint32_t tok = scmia_hdr_token(
				hget(S.g[rnd(&x) % HONEST].a2p_area, SCMIA_SMT_OFF_HEADER));

			hput(a, SCMIA_SMT_OFF_HEADER,
				       scmia_hdr_pack((uint8_t)(rnd(&x) % 12u), 0,
						      (uint8_t)((k == 2) ? 0x80u : 0x10u + rnd(&x) % 10u),
						      tok));
			for (i = 0; i < 3u; i++)
				hput(a, SCMIA_SMT_OFF_PAYLOAD + 4u * i,
					       (rnd(&x) & 1u) ? rnd(&x) % 3u : rnd(&x));
			hput(a, SCMIA_SMT_OFF_LENGTH, 4u + 4u * (rnd(&x) % 4u));
			hput(a, SCMIA_SMT_OFF_FLAGS, rnd(&x) & 1u);
			hput(a, SCMIA_SMT_OFF_STATUS, 0);
			(void)scmia_smt_server_doorbell(&h->srv);
			break;
		}
		case 4:
			hput((uint8_t *)h->p2a_area, SCMIA_SMT_OFF_STATUS,
				       (rnd(&x) & 7u) ? 0u : SCMIA_SMT_STATUS_FREE);
			(void)scmia_smt_server_ack(&h->srv);
			break;
		case 5:
			/* subscriptions to the shared clock, on and off */
			hput(a, SCMIA_SMT_OFF_HEADER, scmia_hdr_pack(0x9, 0, 0x14, rnd(&x)));
			hput(a, SCMIA_SMT_OFF_PAYLOAD, rnd(&x) % 2u);
			hput(a, SCMIA_SMT_OFF_PAYLOAD + 4, rnd(&x) & 1u);
			hput(a, SCMIA_SMT_OFF_LENGTH, 12);
			hput(a, SCMIA_SMT_OFF_STATUS, 0);
			(void)scmia_smt_server_doorbell(&h->srv);
			break;
		case 6:
			if ((rnd(&x) & 63u) == 0) {
				/* its hypervisor resets it */
				(void)scmia_med_guest_reset(&h->mg);
				(void)scmia_smt_server_reset(&h->srv);
			}
			break;
		default:
			sleep_us(100);
			break;
		}
		S.hostile_rounds++;
	}
	return NULL;
}

/* ---- the hypervisor's tick ---- */

static void *service_main(void *arg)
{
	unsigned i;

	(void)arg;
	while (!__atomic_load_n(&S.stop_svc, __ATOMIC_ACQUIRE)) {
		(void)scmia_med_service(&S.med);
		for (i = 0; i <= HONEST; i++)
			(void)scmia_smt_server_poll(&S.g[i].srv);
		(void)vg_step(&S.vg);
		sleep_us(200);
	}
	return NULL;
}

static int setup(void)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_med_cfg mcfg;
	struct scmia_med_guest_cfg gcfg;
	unsigned i;
	int ret;

	for (i = 0; i < HONEST + 2u; i++) {
		srcs[i][0].platform_id = 20u + i;
		protos[i][0].proto_id = 0x14;
		protos[i][0].n_res[0] = 2;
		protos[i][0].res[0] = (i & 1u) ? clk_odd : clk_even;
		protos[i][1].proto_id = SCMIA_SIM_TEST_PROTO;
		protos[i][1].n_res[0] = 1;
		protos[i][1].res[0] = srcs[i];
		pols[i].protos = protos[i];
		pols[i].n_protos = 2;
		pols[i].reply_timeout_us = (i == HONEST) ? 5000u : 0u;
	}
	memset(&scfg, 0, sizeof(scfg));
	scfg.agent_id = 1;
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	scfg.jitter_us = 200;
	ret = scmia_sim_init(&S.sim, &scfg);
	if (!ret)
		ret = scmia_sim_test_register(&S.sim, &S.test);
	if (!ret)
		ret = scmia_sim_clock_register(&S.sim, &S.clk);
	if (!ret)
		ret = scmia_sim_loopback_init(&S.gl, &S.sim);
	if (ret)
		return ret;
	S.test.async_delay_us = 1000;
	/* The faulty platform: 5 % of responses, delayed responses and
	 * notifications get a random fault (late ones after the agent's
	 * timeout too). */
	(void)scmia_sim_fault_random(&S.sim, 5, 0xfeedu);
	(void)scmia_sim_fault_random_cfg(&S.sim, 0,
					 SCMIA_SIM_FT_RESP | SCMIA_SIM_FT_DRESP | SCMIA_SIM_FT_NOTIF,
					 60000);
	if (scmia_posix_init(&S.ppx) || scmia_posix_init(&S.mpx) || scmia_posix_init(&S.lbpx) ||
	    scmia_posix_init(&S.vpx) || scmia_posix_init(&S.vdpx))
		return SCMIA_EIO;
	S.ppx.log_level = S.mpx.log_level = S.lbpx.log_level = S.vpx.log_level = -1;
	S.vdpx.log_level = -1;
	ret = scmia_loopback_chan_init(&S.lb_a2p, S.lbm_a2p, LB, S.lbq_a2p, &scmia_posix_os_ops,
				       &S.lbpx, scmia_sim_loopback_kick, &S.gl);
	if (!ret)
		ret = scmia_loopback_chan_init(&S.lb_p2a, S.lbm_p2a, LB, S.lbq_p2a,
					       &scmia_posix_os_ops, &S.lbpx, NULL, NULL);
	if (!ret)
		ret = scmia_sim_loopback_attach(&S.gl, 0, &S.lb_a2p, &S.lb_p2a, 0);
	if (ret)
		return ret;
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &S.ppx;
	acfg.transport = &scmia_loopback_transport;
	ret = scmia_agent_init(&S.plat, &acfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = P_SLOTS;
	ccfg.msg_size = P_MSG;
	ccfg.chan_ctx = &S.lb_a2p;
	ccfg.mem = S.pmem_a2p;
	ccfg.mem_size = sizeof(S.pmem_a2p);
	ccfg.reply_timeout_us = 20000;
	ccfg.dresp_timeout_us = 50000;
	ret = scmia_chan_open(&S.plat, &S.pa2p, &ccfg);
	if (ret)
		return ret;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = P_SLOTS;
	ccfg.msg_size = P_MSG;
	ccfg.chan_ctx = &S.lb_p2a;
	ccfg.mem = S.pmem_p2a;
	ccfg.mem_size = sizeof(S.pmem_p2a);
	ret = scmia_chan_open(&S.plat, &S.pp2a, &ccfg);
	if (ret)
		return ret;
	memset(&mcfg, 0, sizeof(mcfg));
	mcfg.agent = &S.plat;
	mcfg.os = &scmia_posix_os_ops;
	mcfg.os_ctx = &S.mpx;
	mcfg.descs = descs;
	mcfg.n_descs = 1;
	mcfg.platform_agent_id = 1;
	ret = scmia_med_init(&S.med, &mcfg);
	if (ret)
		return ret;
	for (i = 0; i <= HONEST; i++) {
		S.g[i].idx = i;
		S.g[i].rng = 0x9e3779b97f4a7c15ull * (i + 1u);
		ret = guest_up(&S.g[i], i == HONEST ? HOSTILE_QUOTA : 4u, i == HONEST ? 1u : 2u,
			       i < HONEST);
		if (ret)
			return ret;
	}
	/* The virtio guest: no wait objects, its waits spin on the state. */
	ret = vg_init_locked(&S.vg, &scmia_posix_os_ops, &S.vpx, scmia_med_guest_cmd, &S.vmg, 1,
			     &scmia_posix_os_ops, &S.vdpx, &S.vdpx);
	if (ret)
		return ret;
	memset(&gcfg, 0, sizeof(gcfg));
	gcfg.agent_id = 90;
	gcfg.name = "virtio";
	gcfg.policy = &pols[HONEST + 1u];
	gcfg.ops = &scmia_virtio_dev_ops;
	gcfg.srv = &S.vg.dev;
	gcfg.reqs = S.vreqs;
	gcfg.n_reqs = 4;
	gcfg.subs = S.vsubs;
	gcfg.n_subs = 1;
	S.vrng = 0x5eed;
	ret = scmia_med_guest_add(&S.med, &S.vmg, &gcfg);
	if (!ret)
		ret = scmia_sim_start(&S.sim);
	return ret;
}

/* A guest's mediator records and subscriptions (@private fields: the
 * soak's diagnostics when a guest misbehaves; records in use and the
 * in-flight count should agree). */
static void dump_guest(const char *why, unsigned idx, const struct scmia_med_guest *mg)
{
	unsigned r, busy = 0;

	for (r = 0; r < mg->n_reqs; r++)
		busy += mg->reqs[r].state != 0u;
	printf("guest %u %s: inflight %u, records in use %u, refs %u\n", idx, why,
	       (unsigned)mg->inflight, busy, (unsigned)mg->refs);
	for (r = 0; r < mg->n_reqs; r++)
		printf("  req %u: state %u phase %u internal %u answered %u async %u sub %d "
		       "gen %u/%u xfer %p\n",
		       r, mg->reqs[r].state, mg->reqs[r].phase, mg->reqs[r].internal,
		       mg->reqs[r].answered, mg->reqs[r].async, mg->reqs[r].sub,
		       (unsigned)mg->reqs[r].gen, (unsigned)mg->gen, (void *)mg->reqs[r].xfer);
	for (r = 0; r < mg->n_subs; r++)
		printf("  sub %u: state %u\n", r, mg->subs[r].state);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return x < y ? -1 : x > y;
}

/* @p set sorted */
static int in_set(const uint32_t *set, unsigned n, uint32_t v)
{
	return bsearch(&v, set, n, sizeof(v), cmp_u32) != NULL;
}

int main(int argc, char **argv)
{
	const char *env = getenv("SCMIA_MED_SOAK_SECONDS");
	unsigned secs = argc > 1 ? (unsigned)atoi(argv[1]) : env ? (unsigned)atoi(env) : 20u;
	unsigned i, k, nfree = 0, nheld = 0, ninfl = 0;
	uint64_t t0, end;
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!secs)
		secs = 20;
	ret = setup();
	if (ret) {
		printf("setup: %s\nsoak_med: 0 passed, 1 failed\n", scmia_strerror(ret));
		return 1;
	}
	t0 = now_us();
	end = t0 + (uint64_t)secs * 1000000u;
	if (pthread_create(&S.svc, NULL, service_main, NULL))
		return 1;
	for (i = 0; i < HONEST; i++)
		if (pthread_create(&S.g[i].th, NULL, guest_main, &S.g[i]))
			return 1;
	if (pthread_create(&S.vth, NULL, vguest_main, NULL) ||
	    pthread_create(&S.hth, NULL, hostile_main, NULL))
		return 1;
	while (now_us() < end)
		sleep_us(100000);
	__atomic_store_n(&S.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < HONEST; i++)
		pthread_join(S.g[i].th, NULL);
	pthread_join(S.vth, NULL);
	pthread_join(S.hth, NULL);

	/* Late events: give the platform and the mediator time to end. */
	for (k = 0; k < 300u; k++) {
		(void)scmia_chan_stats(&S.pa2p, &nfree, &nheld, &ninfl);
		if (!nheld && !ninfl)
			break;
		sleep_us(10000);
	}
	check(nheld == 0 && ninfl == 0, "the platform channel drains (no slot, no token)", 0);

	/* Sorted records: events are looked up; an event the platform sent
	 * twice (a DUPLICATE fault) is attributed once. Interrupts off
	 * first: no event comes in while the records are read. */
	for (i = 0; i < HONEST; i++) {
		irq_line(&S.g[i], 0);
		qsort(S.g[i].trig, S.g[i].n_trig, sizeof(uint32_t), cmp_u32);
		qsort(S.g[i].got, S.g[i].n_got, sizeof(uint32_t), cmp_u32);
	}
	for (i = 0; i < HONEST; i++) {
		struct guest *g = &S.g[i];

		printf("guest %u: echo %u, async %u, triggers %u, clock %u, errors %u, reboots %u, "
		       "events got %u, clock events %u, short events %u\n",
		       i, g->ok_echo, g->ok_async, g->ok_trig, g->ok_clk, g->errors, g->reboots,
		       g->n_got, g->clk_evts, g->short_evt);
		check(g->misroutes == 0, "no reply or delayed response of another", i);
		check(g->bad_evt == 0, "notifications name my source and my clock id", i);
		{
			unsigned unknown = 0, theirs = 0, j;

			for (k = 0; k < g->n_got; k++) {
				if (k && g->got[k] == g->got[k - 1u])
					continue;
				if (in_set(g->trig, g->n_trig, g->got[k]))
					continue;
				for (j = 0; j < HONEST; j++)
					if (j != i && in_set(S.g[j].trig, S.g[j].n_trig, g->got[k]))
						break;
				if (j < HONEST)
					theirs++;
				else
					unknown++;
			}
			if (unknown > 2u * g->failed_trig)
				printf("guest %u: %u events of no recorded trigger, %u triggers "
				       "failed, %u recorded\n",
				       i, unknown, g->failed_trig, g->n_trig);
			check(theirs == 0, "no test event another guest triggered", i);
			/* Unknown: events of triggers whose reply a fault took. */
			check(unknown <= 2u * g->failed_trig,
			      "every other event I got comes from a trigger of mine", i);
		}
		check(g->ok_echo && g->ok_async && g->ok_trig && g->ok_clk,
		      "every kind of command succeeded at least once", i);
	}
	printf("virtio guest: %u ok, %u errors; hostile: %u rounds\n", S.v_ok, S.v_err,
	       S.hostile_rounds);
	for (k = 0; k < 32u; k++)
		if (S.v_errs[k])
			printf("  virtio guest: %u x %d\n", S.v_errs[k],
			       !k ? 0 : k <= 16u ? -(int)k : -(int)k - 83);
	if (S.v_err > 2000u) { /* usually a few hundred, all GENERIC_ERROR faults */
		unsigned c;

		printf("virtio guest: transport state %d, counters:",
		       scmia_virtio_state(&S.vg.vio));
		for (c = 0; c < SCMIA_VIRTIO_CNT__COUNT; c++)
			printf(" %s=%u", scmia_virtio_counter_name((enum scmia_virtio_counter)c),
			       scmia_virtio_counter(&S.vg.vio, (enum scmia_virtio_counter)c));
		printf("\n");
		dump_guest("many errors", 9, &S.vmg);
	}
	check(S.v_misroutes == 0 && S.v_ok > 0, "virtio guest: only its own replies", 9);
	{
		struct scmia_sim_stats ss;

		scmia_sim_stats_get(&S.sim, &ss);
		for (k = 0, i = 0; i < SCMIA_SIM_FA__COUNT; i++)
			k += ss.injected[i];
		printf("platform faults injected: %u\n", k);
		check(k > 0, "the platform was faulty", 0);
	}
	printf("mediator: commands %u, forwarded %u, timeouts %u, platform errors %u, "
	       "reaped %u, resets %u, quota %u\n",
	       scmia_med_counter(&S.med, SCMIA_MED_CNT_COMMANDS),
	       scmia_med_counter(&S.med, SCMIA_MED_CNT_FORWARDED),
	       scmia_med_counter(&S.med, SCMIA_MED_CNT_TIMEOUTS),
	       scmia_med_counter(&S.med, SCMIA_MED_CNT_PLATFORM_ERRORS),
	       scmia_med_counter(&S.med, SCMIA_MED_CNT_REAPED),
	       scmia_med_counter(&S.med, SCMIA_MED_CNT_RESETS),
	       scmia_med_counter(&S.med, SCMIA_MED_CNT_QUOTA));

	/* Every guest goes; nothing of them is left. */
	vg_down(&S.vg);
	(void)scmia_virtio_dev_reset(&S.vg.dev);
	for (i = 0; i <= HONEST; i++)
		agent_down(&S.g[i]);
	/* Removal waits for the platform to end what the guests left (its
	 * timeouts are 20 and 50 ms); 10 s is for a starved TSan run. */
	for (k = 0; k < 1000u; k++) {
		int busy = 0;

		for (i = 0; i <= HONEST; i++)
			if (S.g[i].mg.up && scmia_med_guest_remove(&S.g[i].mg) == SCMIA_EBUSY)
				busy = 1;
		if (S.vmg.up && scmia_med_guest_remove(&S.vmg) == SCMIA_EBUSY)
			busy = 1;
		if (!busy)
			break;
		sleep_us(10000);
	}
	if (k >= 100u)
		printf("removal took %u ms\n", k * 10u);
	for (i = 0; i <= HONEST; i++) {
		struct scmia_med_guest *mg = &S.g[i].mg;

		if (mg->up)
			dump_guest("not removed", i, mg);
		check(!mg->up, "removed", i);
	}
	if (S.vmg.up)
		dump_guest("not removed", 9, &S.vmg);
	check(!S.vmg.up, "removed", 9);
	/* The service tick stops before the mediator goes (scmia_med_deinit:
	 * no other call on the mediator meanwhile; TSan saw one). */
	__atomic_store_n(&S.stop_svc, 1, __ATOMIC_RELEASE);
	pthread_join(S.svc, NULL);
	check(scmia_med_deinit(&S.med) == 0, "mediator deinit", 0);
	scmia_sim_stop(&S.sim);
	(void)scmia_agent_deinit(&S.plat);
	scmia_sim_deinit(&S.sim);
	printf("soak_med: %u s\n", (unsigned)((now_us() - t0) / 1000000u));
	printf("soak_med: %u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}

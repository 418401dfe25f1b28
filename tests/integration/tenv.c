/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threaded test environment (see tenv.h).
 */
#include <string.h>
#include <time.h>

#include "tenv.h"

/* ---- the counting output port, forwarding to the loopback glue ---- */

static int tp_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct tenv *t = ctx;
	int rc = scmia_sim_loopback_port.reply(&t->gl, chan, hdr, body, len);

	/* The glue answers OK for whatever the receive entry decided, and
	 * ENOSPC/EINVAL only when the loopback never called it. */
	if (rc == SCMIA_OK)
		atomic_fetch_add(&t->cnt.replies, 1u);
	else
		atomic_fetch_add(&t->cnt.not_delivered, 1u);
	return rc;
}

static int tp_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct tenv *t = ctx;
	int rc = scmia_sim_loopback_port.p2a(&t->gl, chan, hdr, body, len);

	/* A notification refused for lack of a loopback buffer would also
	 * read OK here: the loopback pools are sized so that never happens
	 * (TENV_LB_MSGS far above anything in flight). */
	if (rc == SCMIA_OK) {
		if (scmia_hdr_type(hdr) == SCMIA_MSG_TYPE_NOTIFICATION)
			atomic_fetch_add(&t->cnt.p2a_notif, 1u);
		else
			atomic_fetch_add(&t->cnt.p2a_dresp, 1u);
	} else {
		atomic_fetch_add(&t->cnt.not_delivered, 1u);
	}
	return rc;
}

static int tp_pull(void *ctx, unsigned *chan, uint32_t *hdr, void *buf, uint32_t cap,
		   uint32_t *len)
{
	struct tenv *t = ctx;

	return scmia_sim_loopback_port.pull(&t->gl, chan, hdr, buf, cap, len);
}

static const struct scmia_sim_port_ops tenv_port = {
	.reply = tp_reply,
	.p2a = tp_p2a,
	.pull = tp_pull,
};

uint64_t tenv_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void tenv_sleep_us(uint32_t us)
{
	struct timespec ts = { .tv_sec = (time_t)(us / 1000000u),
				.tv_nsec = (long)(us % 1000000u) * 1000L };

	nanosleep(&ts, NULL);
}

int tenv_start(struct tenv *t, const struct tenv_opts *opts)
{
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg c;
	int rc;

	memset(t, 0, sizeof(*t));
	if (opts)
		t->opts = *opts;
	if ((rc = scmia_posix_init(&t->px)) || (rc = scmia_posix_init(&t->lbpx)))
		return rc;
	if ((rc = scmia_posix_wait_init(t->w, TENV_MAX_MSG)))
		return rc;

	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	scfg.latency_us = t->opts.sim_latency_us;
	if ((rc = scmia_sim_init(&t->sim, &scfg)))
		return rc;
	if ((rc = scmia_sim_test_register(&t->sim, &t->test)))
		return rc;
	if ((rc = scmia_sim_loopback_init(&t->gl, &t->sim)))
		return rc;
	if ((rc = scmia_sim_set_port(&t->sim, &tenv_port, t)))
		return rc;
	rc = scmia_loopback_chan_init(&t->lb_a2p, t->lbm_a2p, TENV_LB_MSGS, t->q_a2p,
				      &scmia_posix_os_ops, &t->lbpx, scmia_sim_loopback_kick,
				      &t->gl);
	if (rc)
		return rc;
	rc = scmia_loopback_chan_init(&t->lb_p2a, t->lbm_p2a, TENV_LB_MSGS, t->q_p2a,
				      &scmia_posix_os_ops, &t->lbpx, NULL, NULL);
	if (rc)
		return rc;
	if ((rc = scmia_sim_loopback_attach(&t->gl, 0, &t->lb_a2p, &t->lb_p2a, 0)))
		return rc;

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &t->px;
	acfg.transport = &scmia_loopback_transport;
	acfg.notify_quota = t->opts.notify_quota;
	if ((rc = scmia_agent_init(&t->agent, &acfg)))
		return rc;
	t->started = 1;

	memset(&c, 0, sizeof(c));
	c.dir = SCMIA_CHAN_A2P;
	c.max_msg = t->opts.a2p_max_msg ? t->opts.a2p_max_msg : 32u;
	c.msg_size = TENV_MSG_SIZE;
	c.chan_ctx = &t->lb_a2p;
	c.mem = t->mem_a2p;
	c.mem_size = sizeof(t->mem_a2p);
	c.wait_objs = t->w;
	c.wait_obj_stride = sizeof(t->w[0]);
	c.reply_timeout_us = t->opts.reply_timeout_us ? t->opts.reply_timeout_us : 20000u;
	c.dresp_timeout_us = t->opts.dresp_timeout_us ? t->opts.dresp_timeout_us : 50000u;
	if ((rc = scmia_chan_open(&t->agent, &t->a2p, &c)))
		return rc;
	memset(&c, 0, sizeof(c));
	c.dir = SCMIA_CHAN_P2A;
	c.max_msg = t->opts.p2a_max_msg ? t->opts.p2a_max_msg : TENV_P2A_MSG;
	c.msg_size = TENV_MSG_SIZE;
	c.chan_ctx = &t->lb_p2a;
	c.mem = t->mem_p2a;
	c.mem_size = sizeof(t->mem_p2a);
	if ((rc = scmia_chan_open(&t->agent, &t->p2a, &c)))
		return rc;
	if ((rc = scmia_sim_start(&t->sim)))
		return rc;
	t->running = 1;
	return SCMIA_OK;
}

void tenv_stop_platform(struct tenv *t)
{
	if (t->running) {
		scmia_sim_stop(&t->sim);
		t->running = 0;
	}
}

void tenv_stop(struct tenv *t)
{
	if (!t->started)
		return;
	tenv_stop_platform(t);
	(void)scmia_agent_deinit(&t->agent);
	scmia_sim_deinit(&t->sim);
	scmia_posix_wait_deinit(t->w, TENV_MAX_MSG);
	scmia_posix_deinit(&t->lbpx);
	scmia_posix_deinit(&t->px);
	t->started = 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault soak: one set-up per transport variant (both ends of the
 * transport over the simulated platform), with its fault mix and its own
 * stuck fault. The engine (s->sim) and the agent's OS objects exist when
 * setup() runs; the agent's channels are opened by soak.c on s->inner
 * (wrapped) with s->a2p_ctx / s->p2a_ctx.
 */
#include <stdio.h>
#include <string.h>

#include "soak.h"

#define A(x) (1u << SCMIA_SIM_FA_##x)
/* Every fault action of the engine. */
#define ALL_ACTIONS                                                                         \
	(A(DROP) | A(DUPLICATE) | A(DELAY) | A(REORDER) | A(TRUNCATE) | A(CORRUPT_HDR) |    \
	 A(CORRUPT_LEN) | A(CORRUPT_STATUS) | A(LATE) | A(SPURIOUS) | A(FORGE))
/* A dropped response on an SMT area (SMT, SMC) is a stuck channel: the area
 * is never freed. That fault is the stuck episode, not a random drop. */
#define AREA_RESP_ACTIONS (ALL_ACTIONS & ~A(DROP))

static int sim_start(struct soak *s)
{
	int ret = scmia_sim_start(&s->sim);

	if (!ret)
		s->sim_running = 1;
	return ret;
}

static void sim_stop(struct soak *s)
{
	if (s->sim_running)
		scmia_sim_stop(&s->sim);
	s->sim_running = 0;
}

/* ------------------------------------------------------------------ */
/* loopback                                                            */
/* ------------------------------------------------------------------ */

static int lb_setup(struct soak *s)
{
	int ret = scmia_posix_init(&s->lbpx);

	if (ret)
		return ret;
	s->lbpx_up = 1;
	ret = scmia_sim_loopback_init(&s->gl, &s->sim);
	if (!ret)
		ret = scmia_loopback_chan_init(&s->lb_a2p, s->lbm_a2p, SOAK_LB_MSGS, s->q_a2p,
					       &scmia_posix_os_ops, &s->lbpx,
					       scmia_sim_loopback_kick, &s->gl);
	if (!ret)
		ret = scmia_loopback_chan_init(&s->lb_p2a, s->lbm_p2a, SOAK_LB_MSGS, s->q_p2a,
					       &scmia_posix_os_ops, &s->lbpx, NULL, NULL);
	if (!ret)
		ret = scmia_sim_loopback_attach(&s->gl, 0, &s->lb_a2p, &s->lb_p2a, 0);
	s->inner = &scmia_loopback_transport;
	s->a2p_ctx = &s->lb_a2p;
	s->p2a_ctx = &s->lb_p2a;
	s->msg_size = 128;
	s->echo_max = 100;
	return ret;
}

static void lb_teardown(struct soak *s)
{
	if (s->lbpx_up)
		scmia_posix_deinit(&s->lbpx);
	s->lbpx_up = 0;
}

static const struct soak_rig rig_loopback = {
	.name = "loopback",
	.env = "LOOPBACK",
	.transfers = 1000000,
	.percent = 5,
	.reply_timeout_us = 10000,
	.dresp_timeout_us = 30000,
	.late_us = 13000,
	.max_msg = 128,
	.resp_actions = ALL_ACTIONS,
	.dresp_actions = ALL_ACTIONS,
	.slow_send_pct = 10,
	.service_us = 1000,
	.episode_ms = 250,
	.setup = lb_setup,
	.start = sim_start,
	.stop = sim_stop,
	.teardown = lb_teardown,
};

/* ------------------------------------------------------------------ */
/* SMT: interrupt-driven and polled                                    */
/* ------------------------------------------------------------------ */

#if SOAK_HAVE_SMT
/* What the recording accessor saw of the agent's accesses. */
static unsigned rec_get(const unsigned *c)
{
	/* the recording accessor counts atomically: a poller may still run */
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

static void rec_report(struct soak *s, struct traffic_checker *ck)
{
	unsigned ar = rec_get(&s->rec_a2p.reads), aw = rec_get(&s->rec_a2p.writes);
	unsigned pr = rec_get(&s->rec_p2a.reads), pw = rec_get(&s->rec_p2a.writes);
	unsigned bad = rec_get(&s->rec_a2p.bad) + rec_get(&s->rec_p2a.bad);

	printf("soak: area accesses by the agent: a2p %u reads, %u writes; p2a %u reads, %u "
	       "writes; %u not an aligned word inside its area\n",
	       ar, aw, pr, pw, bad);
	traffic_check(ck, bad == 0, "every area access an aligned 32-bit word inside its area",
		      bad, 0);
	traffic_check(ck, aw > 0 && pr > 0,
		      "the agent reached the areas through the accessor", aw,
		      pr);
}

static int smt_setup_common(struct soak *s, int polling)
{
	int ret;

	/* interrupt: the platform raises the agent's interrupt for replies
	 * that asked for one and for every p2a message; polling: none */
	ret = scmia_sim_smt_rig_init(&s->smt, &s->sim,
				     polling ? 0u : (SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_ACK),
				     polling ? SCMIA_SMT_F_NO_IRQ : 0u);
	if (!ret) {
		/* the agent side again, through the recording accessor of
		 * tests/smt (aligned atomic words, every access checked) */
		struct scmia_smt_cfg cfg;

		rec_init(&s->rec_a2p, s->smt.a2p_area, SCMIA_SIM_SMT_AREA);
		rec_init(&s->rec_p2a, s->smt.p2a_area, SCMIA_SIM_SMT_AREA);
		memset(&cfg, 0, sizeof(cfg));
		cfg.base = s->smt.a2p_area;
		cfg.size = SCMIA_SIM_SMT_AREA;
		cfg.acc = &rec_word32_acc;
		cfg.acc_ctx = &s->rec_a2p;
		cfg.ring = scmia_sim_smt_ring;
		cfg.ring_ctx = scmia_sim_smt_ctx(&s->smt.glue, 0);
		cfg.flags = polling ? SCMIA_SMT_F_NO_IRQ : 0u;
		ret = scmia_smt_chan_init(&s->smt.a2p, &cfg);
		memset(&cfg, 0, sizeof(cfg));
		cfg.base = s->smt.p2a_area;
		cfg.size = SCMIA_SIM_SMT_AREA;
		cfg.acc = &rec_word32_acc;
		cfg.acc_ctx = &s->rec_p2a;
		cfg.ack = scmia_sim_smt_ack;
		cfg.ack_ctx = scmia_sim_smt_ctx(&s->smt.glue, 0);
		cfg.flags = polling ? SCMIA_SMT_F_NO_IRQ : 0u;
		if (!ret)
			ret = scmia_smt_chan_init(&s->smt.p2a, &cfg);
	}
	s->inner = &scmia_smt_transport;
	s->a2p_ctx = &s->smt.a2p;
	s->p2a_ctx = &s->smt.p2a;
	s->completion = polling ? SCMIA_COMPLETION_POLL : SCMIA_COMPLETION_IRQ;
	/* 128-byte area: 100 payload bytes, a reply's status and checksum
	 * leave 92 for the echo */
	s->msg_size = 100;
	s->echo_max = 92;
	return ret;
}

static int smt_irq_setup(struct soak *s)
{
	return smt_setup_common(s, 0);
}

static int smt_poll_setup(struct soak *s)
{
	return smt_setup_common(s, 1);
}

/* A host without a p2a interrupt looks at the channel every 100 µs, and
 * drives its non-blocking transfers (they poll too). */
static void *smt_poller(void *arg)
{
	struct soak *s = arg;

	while (!atomic_load(&s->poller_stop)) {
		(void)scmia_smt_poll(&s->smt.p2a);
		(void)scmia_agent_service(&s->agent);
		traffic_sleep_us(100);
	}
	return NULL;
}

static int smt_poll_start(struct soak *s)
{
	atomic_store(&s->poller_stop, 0);
	if (pthread_create(&s->poller, NULL, smt_poller, s))
		return SCMIA_EIO;
	s->poller_running = 1;
	return sim_start(s);
}

static void smt_poll_stop(struct soak *s)
{
	if (s->poller_running) {
		atomic_store(&s->poller_stop, 1);
		pthread_join(s->poller, NULL);
		s->poller_running = 0;
	}
	sim_stop(s);
}

/* Stuck channel: doorbells and replies swallowed, the area never freed;
 * at the end the platform restarts and answers what it swallowed. */
static void smt_stuck(struct soak *s, int on, uint32_t r)
{
	(void)r;
	if (on)
		(void)scmia_sim_smt_set_stuck(&s->smt.glue, 0, 1);
	else
		(void)scmia_sim_smt_recover(&s->smt.glue, 0);
}

static void smt_report(struct soak *s, struct traffic_checker *ck)
{
	struct scmia_sim_smt_stats ps;
	struct scmia_smt_stats a, p;

	(void)ck;
	if (scmia_smt_chan_stats(&s->smt.a2p, &a) || scmia_smt_chan_stats(&s->smt.p2a, &p) ||
	    scmia_sim_smt_stats(&s->smt.glue, 0, &ps))
		return;
	printf("soak: smt agent: a2p %u doorbells, %u spurious, %u busy, %u rejected; p2a %u acks, "
	       "%u spurious, %u rejected\n",
	       a.rings, a.spurious, a.busy, a.errors, p.acks, p.spurious, p.errors);
	printf("soak: smt platform: %u commands, %u replies (%u deferred: area the agent's), "
	       "%u a2p irqs, %u p2a messages (%u deferred), %u bad doorbells, %u swallowed\n",
	       ps.commands, ps.replies, ps.reply_busy, ps.a2p_irqs, ps.p2a_msgs, ps.p2a_busy,
	       ps.bad_doorbell, ps.stuck_drops);
	rec_report(s, ck);
}

static const struct soak_rig rig_smt_irq = {
	.name = "smt-irq",
	.env = "SMT_IRQ",
	.transfers = 1000000,
	.percent = 1,
	.reply_timeout_us = 5000,
	.dresp_timeout_us = 15000,
	.late_us = 7000,
	.max_msg = 64,
	.resp_actions = AREA_RESP_ACTIONS,
	.dresp_actions = ALL_ACTIONS,
	.serial = 1,
	.slow_send_pct = 5,
	.service_us = 1000,
	.episode_ms = 1000,
	.setup = smt_irq_setup,
	.start = sim_start,
	.stop = sim_stop,
	.stuck = smt_stuck,
	.report = smt_report,
};

static const struct soak_rig rig_smt_poll = {
	.name = "smt-poll",
	.env = "SMT_POLL",
	.transfers = 1000000,
	.percent = 1,
	.reply_timeout_us = 5000,
	.dresp_timeout_us = 15000,
	.late_us = 7000,
	.max_msg = 64,
	.resp_actions = AREA_RESP_ACTIONS,
	.dresp_actions = ALL_ACTIONS,
	.serial = 1,
	.p2a_async = 1,
	.slow_send_pct = 5,
	.service_us = 1000,
	.episode_ms = 1000,
	.setup = smt_poll_setup,
	.start = smt_poll_start,
	.stop = smt_poll_stop,
	.stuck = smt_stuck,
	.report = smt_report,
};
#endif /* SOAK_HAVE_SMT */

/* ------------------------------------------------------------------ */
/* SMC with the firmware wait-queue                                    */
/* ------------------------------------------------------------------ */

#if SOAK_HAVE_SMC
static int smc_setup(struct soak *s)
{
	struct scmia_sim_smc_contention c;
	int ret;

	ret = scmia_posix_wait_init(s->fw_waits, SCMIA_SIM_SMC_KIT_WAITERS);
	if (ret)
		return ret;
	s->fw_waits_up = 1;
	ret = scmia_sim_smc_kit_init(&s->kit, &s->sim, &s->os, &s->px, s->fw_waits,
				     sizeof(s->fw_waits[0]), 0);
	if (ret)
		return ret;
	s->kit_up = 1;
#if SOAK_HAVE_SMT
	{
		/* the agent's contexts again, through the recording accessor
		 * of tests/smt; the rest as the kit sets them */
		struct scmia_smc_cfg tc;

		rec_init(&s->rec_a2p, s->kit.area_a2p, sizeof(s->kit.area_a2p));
		rec_init(&s->rec_p2a, s->kit.area_p2a, sizeof(s->kit.area_p2a));
		memset(&tc, 0, sizeof(tc));
		tc.base = s->kit.area_a2p;
		tc.size = sizeof(s->kit.area_a2p);
		tc.acc = &rec_word32_acc;
		tc.acc_ctx = &s->rec_a2p;
		tc.fw = &s->kit.fw;
		tc.func_id = SCMIA_SIM_SMC_KIT_FID;
		ret = scmia_smc_chan_init(&s->kit.a2p, &tc);
		tc.base = s->kit.area_p2a;
		tc.size = sizeof(s->kit.area_p2a);
		tc.acc_ctx = &s->rec_p2a;
		tc.func_id = SCMIA_SIM_SMC_KIT_ACK_FID;
		if (!ret)
			ret = scmia_smc_chan_init(&s->kit.p2a, &tc);
		if (ret)
			return ret;
	}
#endif
	/* The firmware answers WAITQ_SLEEP now and then and wakes from its
	 * own thread (wake-one, wake-all, invalid events, busy RESUMEs,
	 * INTERRUPTED): every call goes through the wait-queue handshake. */
	memset(&c, 0, sizeof(c));
	c.sleep_percent = 5;
	c.wake_all_percent = 30;
	c.bogus_percent = 5;
	c.wake_min_us = 0;
	c.wake_max_us = 300;
	c.resume_busy_percent = 3;
	c.interrupted_percent = 3;
	c.seed = s->seed ^ 0x5eedu;
	ret = scmia_sim_smc_contention(&s->kit.model, &c);
	s->inner = &scmia_smc_irq_transport;
	s->a2p_ctx = &s->kit.a2p;
	s->p2a_ctx = &s->kit.p2a;
	s->completion = SCMIA_COMPLETION_IRQ;
	s->msg_size = 100;
	s->echo_max = 92;
	return ret;
}

static void smc_teardown(struct soak *s)
{
	if (s->kit_up)
		scmia_sim_smc_kit_deinit(&s->kit);
	s->kit_up = 0;
	if (s->fw_waits_up)
		scmia_posix_wait_deinit(s->fw_waits, SCMIA_SIM_SMC_KIT_WAITERS);
	s->fw_waits_up = 0;
}

static void smc_stuck(struct soak *s, int on, uint32_t r)
{
	struct scmia_sim_smt *g = scmia_sim_smc_smt(&s->kit.model);

	(void)r;
	if (on)
		(void)scmia_sim_smt_set_stuck(g, 0, 1);
	else
		(void)scmia_sim_smt_recover(g, 0);
}

static void smc_report(struct soak *s, struct traffic_checker *ck)
{
	struct scmia_sim_smc_stats ms;
	struct scmia_smc_stats a;

	scmia_sim_smc_stats(&s->kit.model, &ms);
	printf("soak: smc firmware: %u calls, %u scmi, %u WAITQ_SLEEP, %u RESUME, %u busy, "
	       "%u INTERRUPTED, %u wake-one, %u wake-all, %u invalid events\n",
	       ms.calls, ms.scmi, ms.sleeps, ms.resumes, ms.busy, ms.interrupted, ms.wakes_one,
	       ms.wakes_all, ms.bogus);
	printf("soak: smc wait-queue: %u calls, %u sleeps, %u resumes, %u sleep timeouts, "
	       "%u busy exhausted\n",
	       scmia_fwcall_counter(&s->kit.fw, SCMIA_FWCALL_CNT_CALLS),
	       scmia_fwcall_counter(&s->kit.fw, SCMIA_FWCALL_CNT_SLEEPS),
	       scmia_fwcall_counter(&s->kit.fw, SCMIA_FWCALL_CNT_RESUMES),
	       scmia_fwcall_counter(&s->kit.fw, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS),
	       scmia_fwcall_counter(&s->kit.fw, SCMIA_FWCALL_CNT_BUSY_EXHAUSTED));
	if (!scmia_smc_chan_stats(&s->kit.a2p, &a))
		printf("soak: smc agent a2p: %u calls, %u spurious, %u late, %u rejected\n",
		       a.calls, a.spurious, a.late, a.errors);
	traffic_check(ck, ms.sleeps > 0 && ms.resumes > 0, "calls slept on the wait-queue and resumed",
		      ms.sleeps, ms.resumes);
#if SOAK_HAVE_SMT
	rec_report(s, ck);
#endif
	/* every parked call gets its wake: a caller that times out lost one */
	traffic_check(ck, scmia_fwcall_counter(&s->kit.fw, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS) == 0,
		      "no wake-up lost (no wait-queue sleep timed out)",
		      scmia_fwcall_counter(&s->kit.fw, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS), 0);
}

static const struct soak_rig rig_smc = {
	.name = "smc",
	.env = "SMC",
	.transfers = 1000000,
	.percent = 1,
	.reply_timeout_us = 5000,
	.dresp_timeout_us = 15000,
	.late_us = 7000,
	.max_msg = 64,
	.resp_actions = AREA_RESP_ACTIONS,
	.dresp_actions = ALL_ACTIONS,
	.serial = 1,
	.slow_send_pct = 5,
	.service_us = 1000,
	.episode_ms = 1000,
	.setup = smc_setup,
	.start = sim_start,
	.stop = sim_stop,
	.teardown = smc_teardown,
	.stuck = smc_stuck,
	.report = smc_report,
};
#endif /* SOAK_HAVE_SMC */

/* ------------------------------------------------------------------ */
/* virtio-scmi over virtio-mmio                                        */
/* ------------------------------------------------------------------ */

#if SOAK_HAVE_VIRTIO
/* Bus addresses of the DMA windows: not the pointers, so that every
 * device access goes through the translation and its bounds checks. */
#define VIO_RING_BUS 0x80000000ull
#define VIO_SHM_BUS 0x1c0000000ull

static void vio_irq(void *ctx)
{
	struct soak *s = ctx;
	int ret = scmia_virtio_mmio_scmi_irq(&s->vio);

	if (ret < 0)
		atomic_store(&s->vio_irq_err, ret);
}

/* The device runs in the platform thread; the driver brings it up before
 * the agent exists (the transport is not ready before). */
static int vio_setup(struct soak *s)
{
	struct scmia_sim_virtio_cfg dc;
	struct scmia_virtio_mmio_scmi_cfg mc;
	int ret;

	memset(&dc, 0, sizeof(dc));
	dc.cmdq_max = SOAK_VIO_CMDQ;
	dc.eventq_max = SOAK_VIO_EVQ;
	dc.win[0].base = s->vring_mem;
	dc.win[0].size = sizeof(s->vring_mem);
	dc.win[0].bus = VIO_RING_BUS;
	dc.win[1].base = s->vshm;
	dc.win[1].size = sizeof(s->vshm);
	dc.win[1].bus = VIO_SHM_BUS;
	dc.n_win = 2;
	dc.irq = vio_irq;
	dc.irq_ctx = s;
	ret = scmia_sim_virtio_init(&s->vdev, &s->sim, &dc);
	if (ret)
		return ret;
	s->vdev_up = 1;
	ret = sim_start(s);
	if (ret)
		return ret;
	s->vmops.read32 = scmia_sim_virtio_read32;
	s->vmops.write32 = scmia_sim_virtio_write32;
	memset(&mc, 0, sizeof(mc));
	mc.ops = &s->vmops;
	mc.ctx = &s->vdev;
	mc.cmdq_num = SOAK_VIO_CMDQ;
	mc.eventq_num = SOAK_VIO_EVQ;
	mc.ring_mem = s->vring_mem;
	mc.ring_mem_size = sizeof(s->vring_mem);
	mc.shm = s->vshm;
	mc.shm_size = sizeof(s->vshm);
	mc.slots = s->vslots;
	mc.n_slots = SOAK_VIO_CMDQ + SOAK_VIO_EVQ;
	mc.msgs = s->vmsgs;
	mc.n_msgs = SCMIA_VIRTIO_N_MSGS(SOAK_VIO_CMDQ, SOAK_VIO_EVQ);
	mc.dma_addr = scmia_sim_virtio_dma;
	mc.dma_ctx = &s->vdev;
	mc.os = &s->os;
	mc.os_ctx = &s->px;
	ret = scmia_virtio_mmio_scmi_probe(&s->vio, &mc);
	if (ret)
		return ret;
	s->vio_up = 1;
	s->inner = &scmia_virtio_transport;
	s->tr_ctx = scmia_virtio_mmio_scmi_vio(&s->vio);
	s->msg_size = 128;
	s->echo_max = 100;
	return SCMIA_OK;
}

static int vio_start(struct soak *s)
{
	(void)s; /* running since the set-up */
	return SCMIA_OK;
}

static void vio_teardown(struct soak *s)
{
	if (s->vio_up)
		(void)scmia_virtio_mmio_scmi_remove(&s->vio);
	s->vio_up = 0;
	if (s->vdev_up)
		scmia_sim_virtio_deinit(&s->vdev);
	s->vdev_up = 0;
}

/* Stuck device: it keeps the used entries; at the end it publishes them
 * all at once, in order or newest first. */
static void vio_stuck(struct soak *s, int on, uint32_t r)
{
	scmia_sim_virtio_hold(&s->vdev, on);
	if (!on)
		(void)scmia_sim_virtio_flush(&s->vdev, 3u, (int)(r & 1u));
}

/* Device faults on top of the engine's: a used entry with a length that
 * cannot hold a status or is larger than the buffer, a response header
 * that is not its command's. Not a bad id, a duplicated entry or an index
 * jump: the first loses a buffer for good, the second hands the driver a
 * buffer it has already posted again (no driver can tell that from the
 * real completion), the third breaks the ring; a reset's business. */
static void vio_arm(struct soak *s, uint32_t r)
{
	static const uint32_t lens[] = { 0, 3, 4096 };

	if (r & 1u)
		(void)scmia_sim_virtio_corrupt(&s->vdev, (r >> 4) & 1u, SCMIA_SIM_VIRTIO_C_BAD_LEN,
					       lens[(r >> 8) % 3u]);
	else
		(void)scmia_sim_virtio_corrupt(&s->vdev, 0, SCMIA_SIM_VIRTIO_C_HDR_XOR, 0x1u);
}

static void vio_quiet(struct soak *s)
{
	(void)scmia_sim_virtio_corrupt_clear(&s->vdev);
}

static void vio_report(struct soak *s, struct traffic_checker *ck)
{
	struct scmia_virtio *vio = scmia_virtio_mmio_scmi_vio(&s->vio);
	struct scmia_sim_virtio_stats ds;
	const char *viol;

	scmia_sim_virtio_stats(&s->vdev, &ds);
	printf("soak: virtio device: %u notifies, %u requests, %u responses, %u unmatched, "
	       "%u events, %u no event buffer, %u used, %u irqs, %u corrupted\n",
	       ds.notifies, ds.requests, ds.responses, ds.unmatched, ds.events, ds.event_no_buf,
	       ds.used, ds.irqs, ds.corrupted);
	printf("soak: virtio driver: %u sent, %u late, %u bad id, %u bad len, %u bad hdr, "
	       "%u event drops\n",
	       scmia_virtio_counter(vio, SCMIA_VIRTIO_CNT_SENT),
	       scmia_virtio_counter(vio, SCMIA_VIRTIO_CNT_LATE),
	       scmia_virtio_counter(vio, SCMIA_VIRTIO_CNT_BAD_ID),
	       scmia_virtio_counter(vio, SCMIA_VIRTIO_CNT_BAD_LEN),
	       scmia_virtio_counter(vio, SCMIA_VIRTIO_CNT_BAD_HDR),
	       scmia_virtio_counter(vio, SCMIA_VIRTIO_CNT_EVENT_DROPS));
	viol = scmia_sim_virtio_violation(&s->vdev);
	if (viol)
		printf("soak: virtio device saw a driver violation: %s\n", viol);
	traffic_check(ck,
		      !viol && ds.violations == 0 && ds.notify_early == 0 && ds.dma_faults == 0 &&
			      ds.bad_chain == 0 && ds.token_reuse == 0,
		      "virtio device saw no driver violation", ds.violations, 0);
	traffic_check(ck, atomic_load(&s->vio_irq_err) == 0, "virtio interrupt never broken",
		      atomic_load(&s->vio_irq_err), 0);
	traffic_check(ck, scmia_sim_virtio_pending(&s->vdev) == 0,
		      "virtio device returned every command buffer",
		      scmia_sim_virtio_pending(&s->vdev), 0);
}

/* The device finds a command's chain by its token: a response that loses
 * its token (dropped, token rewritten, forged) never returns the buffer,
 * which only a reset gets back. */
#define VIO_RESP_ACTIONS (ALL_ACTIONS & ~(A(DROP) | A(CORRUPT_HDR) | A(FORGE)))

static const struct soak_rig rig_virtio = {
	.name = "virtio",
	.env = "VIRTIO",
	.transfers = 1000000,
	.percent = 5,
	.reply_timeout_us = 10000,
	.dresp_timeout_us = 30000,
	.late_us = 13000,
	.max_msg = 128,
	.resp_actions = VIO_RESP_ACTIONS,
	.dresp_actions = ALL_ACTIONS,
	.slow_send_pct = 10,
	.service_us = 1000,
	.episode_ms = 250,
	.setup = vio_setup,
	.start = vio_start,
	.stop = sim_stop,
	.teardown = vio_teardown,
	.stuck = vio_stuck,
	.arm = vio_arm,
	.quiet = vio_quiet,
	.report = vio_report,
};
#endif /* SOAK_HAVE_VIRTIO */

const struct soak_rig *const soak_rigs[] = {
	&rig_loopback,
#if SOAK_HAVE_SMT
	&rig_smt_irq,
	&rig_smt_poll,
#endif
#if SOAK_HAVE_SMC
	&rig_smc,
#endif
#if SOAK_HAVE_VIRTIO
	&rig_virtio,
#endif
};
const unsigned soak_n_rigs = sizeof(soak_rigs) / sizeof(soak_rigs[0]);

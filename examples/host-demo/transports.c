/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmia host demo: the simulated platform, the agent on top of it, and one
 * setup function per transport variant. Each setup prepares the transport
 * (both ends), fills in d->tr / d->tr_ctx / d->a2p_ctx / d->p2a_ctx and
 * how the variant behaves (completion mode, how a late reply shows up),
 * then calls demo_agent_open() and starts the platform thread.
 *
 * Teardown order (demo_teardown): host poller, platform thread, agent,
 * transport (d->teardown), platform, OS objects. The agent goes before the
 * transport's platform end so that nothing is delivered to a dead agent.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo.h"

/* ------------------------------------------------------------------ */
/* Platform, agent, teardown                                           */
/* ------------------------------------------------------------------ */

/* The platform shared by every transport: Base, the nine standard
 * protocols with their simulated data, and the vendor test protocol. */
int demo_sim_init(struct demo *d)
{
	struct scmia_sim_cfg scfg;
	int ret;

	ret = scmia_posix_init(&d->posix);
	if (ret)
		return ret;
	d->posix_up = 1;
	d->posix.log_level = -1; /* the demo reports itself */
	ret = scmia_posix_wait_init(d->waits, DEMO_MAX_MSG + 1u);
	if (ret)
		return ret;
	d->waits_up = 1;

	memset(&scfg, 0, sizeof(scfg));
	scfg.vendor = "scmia-demo";
	scfg.sub_vendor = d->sub_vendor;
	scfg.impl_version = 0x00010002u;
	scfg.agents[0].name = "OSPM";
	scfg.agents[0].trusted = 1;
	scfg.agents[1].name = "secure-world";
	scfg.n_agents = 2;
	scfg.agent_id = 1;
	scfg.list_max = 4; /* DISCOVER_LIST_PROTOCOLS takes several pages */
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	ret = scmia_sim_init(&d->sim, &scfg);
	if (ret)
		return ret;
	d->sim_up = 1;
	d->test.async_delay_us = 5000u;
	ret = scmia_sim_test_register(&d->sim, &d->test);
	if (!ret)
		ret = scmia_sim_power_register(&d->sim, &d->sim_power);
	if (!ret)
		ret = scmia_sim_system_register(&d->sim, &d->sim_system);
	if (!ret)
		ret = scmia_sim_perf_register(&d->sim, &d->sim_perf);
	if (!ret)
		ret = scmia_sim_reset_register(&d->sim, &d->sim_reset);
	if (!ret)
		ret = scmia_sim_clock_register(&d->sim, &d->sim_clock);
	if (!ret)
		ret = scmia_sim_sensor_register(&d->sim, &d->sim_sensor);
	if (!ret)
		ret = scmia_sim_voltage_register(&d->sim, &d->sim_voltage);
	if (!ret)
		ret = scmia_sim_powercap_register(&d->sim, &d->sim_powercap);
	if (!ret)
		ret = scmia_sim_pinctrl_register(&d->sim, &d->sim_pinctrl);
	return ret;
}

/* The agent's channel pair over the prepared transport, and the protocol
 * registry on top of it. */
int demo_agent_open(struct demo *d)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	uint32_t size;
	int ret;

	/* the largest payload the transport carries, within our memory */
	size = d->tr->max_msg_size ? d->tr->max_msg_size : SCMIA_DEFAULT_MSG_SIZE;
	if (size > DEMO_MSG_SIZE)
		size = DEMO_MSG_SIZE;
	d->msg_size = size;

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &d->posix;
	acfg.transport = d->tr;
	acfg.transport_ctx = d->tr_ctx;
	/* each standard protocol's notifications name their source their own way */
	acfg.notify_src = scmia_proto_notify_src;
	acfg.notify_src_ctx = &d->set;
#if SCMIA_CFG_TRACE
	acfg.trace = d->trace;
	acfg.trace_ctx = d->trace_ctx;
	acfg.agent_id = d->agent_id;
#endif
	ret = scmia_agent_init(&d->agent, &acfg);
	if (ret)
		return ret;
	d->agent_up = 1;

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = d->completion;
	ccfg.max_msg = DEMO_MAX_MSG;
	ccfg.msg_size = (uint16_t)size;
	ccfg.chan_ctx = d->a2p_ctx;
	ccfg.mem = d->mem_a2p;
	ccfg.mem_size = sizeof(d->mem_a2p);
	ccfg.wait_objs = d->waits;
	ccfg.wait_obj_stride = sizeof(d->waits[0]);
	ccfg.reply_timeout_us = DEMO_REPLY_TIMEOUT_US;
	ret = scmia_chan_open(&d->agent, &d->a2p, &ccfg);
	if (ret)
		return ret;

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = DEMO_MAX_MSG;
	ccfg.msg_size = (uint16_t)size;
	ccfg.chan_ctx = d->p2a_ctx;
	ccfg.mem = d->mem_p2a;
	ccfg.mem_size = sizeof(d->mem_p2a);
	ret = scmia_chan_open(&d->agent, &d->p2a, &ccfg);
	if (ret)
		return ret;
	return scmia_proto_set_init(&d->set, &d->agent, d->handles, DEMO_HANDLES);
}

static int demo_sim_start(struct demo *d)
{
	int ret = scmia_sim_start(&d->sim);

	if (!ret)
		d->sim_running = 1;
	return ret;
}

/* A host without a p2a interrupt looks at the channel periodically (a
 * timer tick): every 200 µs here. */
static void *demo_poller(void *arg)
{
	struct demo *d = (struct demo *)arg;
	struct timespec ts = { 0, 200000L };

	while (!__atomic_load_n(&d->poller_stop, __ATOMIC_ACQUIRE)) {
		(void)d->poll_p2a(d);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

int demo_poller_start(struct demo *d)
{
	__atomic_store_n(&d->poller_stop, 0, __ATOMIC_RELEASE);
	if (pthread_create(&d->poller, NULL, demo_poller, d))
		return SCMIA_EIO;
	d->poller_running = 1;
	return SCMIA_OK;
}

void demo_teardown(struct demo *d)
{
	if (d->poller_running) {
		__atomic_store_n(&d->poller_stop, 1, __ATOMIC_RELEASE);
		pthread_join(d->poller, NULL);
		d->poller_running = 0;
	}
	if (d->sim_running)
		scmia_sim_stop(&d->sim);
	d->sim_running = 0;
	if (d->agent_up)
		(void)scmia_agent_deinit(&d->agent);
	d->agent_up = 0;
	if (d->teardown)
		d->teardown(d);
	d->teardown = NULL;
	if (d->sim_up)
		scmia_sim_deinit(&d->sim);
	d->sim_up = 0;
	if (d->waits_up)
		scmia_posix_wait_deinit(d->waits, DEMO_MAX_MSG + 1u);
	d->waits_up = 0;
	if (d->posix_up)
		scmia_posix_deinit(&d->posix);
	d->posix_up = 0;
}

/* ------------------------------------------------------------------ */
/* loopback                                                            */
/* ------------------------------------------------------------------ */

/*
 * In-memory channels. The agent's send queues the command and kicks the
 * platform thread, which pops it, answers through the receive entry (as an
 * interrupt handler would) and sends delayed responses and notifications
 * on the p2a channel.
 */
int demo_setup_loopback(struct demo *d)
{
	int ret;

	d->sub_vendor = "loopback";
	ret = demo_sim_init(d);
	if (!ret)
		ret = scmia_sim_loopback_init(&d->gl, &d->sim);
	if (!ret)
		ret = scmia_loopback_chan_init(&d->lb_a2p, d->lbm_a2p, DEMO_LB_MSGS, d->lbq_a2p,
					       &scmia_posix_os_ops, &d->posix,
					       scmia_sim_loopback_kick, &d->gl);
	if (!ret)
		ret = scmia_loopback_chan_init(&d->lb_p2a, d->lbm_p2a, DEMO_LB_MSGS, d->lbq_p2a,
					       &scmia_posix_os_ops, &d->posix, NULL, NULL);
	if (!ret)
		ret = scmia_sim_loopback_attach(&d->gl, 0, &d->lb_a2p, &d->lb_p2a, 0);
	if (ret)
		return ret;
	d->tr = &scmia_loopback_transport;
	d->a2p_ctx = &d->lb_a2p;
	d->p2a_ctx = &d->lb_p2a;
	d->late = DEMO_LATE_COUNTED;
	ret = demo_agent_open(d);
	return ret ? ret : demo_sim_start(d);
}

/* ------------------------------------------------------------------ */
/* SMT: shared memory + doorbell, interrupt-driven or polled           */
/* ------------------------------------------------------------------ */

#if SCMIA_DEMO_HAVE_SMT
static void demo_report_smt(struct demo *d)
{
	struct scmia_sim_smt_stats ps;
	struct scmia_smt_stats a, p;

	if (scmia_smt_chan_stats(&d->rig.a2p, &a) || scmia_smt_chan_stats(&d->rig.p2a, &p) ||
	    scmia_sim_smt_stats(&d->rig.glue, 0, &ps)) {
		demo_check(d, 0, "SMT statistics readable");
		return;
	}
	printf("    agent a2p: %u doorbells, %u spurious interrupts, %u busy, %u rejected\n",
	       a.rings, a.spurious, a.busy, a.errors);
	printf("    agent p2a: %u completion doorbells, %u spurious, %u rejected\n", p.acks,
	       p.spurious, p.errors);
	printf("    platform: %u commands, %u replies, %u a2p interrupts,\n              %u p2a "
	       "messages (%u deferred: area not yet freed), %u p2a interrupts\n",
	       ps.commands, ps.replies, ps.a2p_irqs, ps.p2a_msgs, ps.p2a_busy, ps.p2a_irqs);
	demo_check(d, ps.bad_doorbell == 0 && ps.bad_len == 0 && a.errors == 0 && p.errors == 0,
		   "shared memory protocol followed on both sides");
}

static int demo_smt_poll_p2a(struct demo *d)
{
	return scmia_smt_poll(&d->rig.p2a);
}

/* The platform has handed the a2p area back (FREE): a polling host can
 * see that a timed-out command's late reply has landed. */
static int demo_smt_a2p_idle(struct demo *d)
{
	return scmia_smt_area_is_free(scmia_smt_chan_area(&d->rig.a2p));
}

/* Polling: no interrupt exists, so every SCMIA_CNT_SPURIOUS comes from
 * the p2a channel's look-again after two polls raced (see the report). */
static uint32_t demo_smt_poll_races(struct demo *d)
{
	struct scmia_smt_stats a, p;

	if (scmia_smt_chan_stats(&d->rig.a2p, &a) || scmia_smt_chan_stats(&d->rig.p2a, &p))
		return 0;
	return a.spurious ? 0u : p.spurious;
}

static int demo_setup_smt_common(struct demo *d, int polling)
{
	int ret;

	d->sub_vendor = polling ? "smt-poll" : "smt";
	ret = demo_sim_init(d);
	if (ret)
		return ret;
	/* interrupt: the platform raises the agent's interrupt for replies
	 * that asked for one and for every p2a message, which asks for the
	 * completion doorbell; polling: no interrupt on either channel */
	ret = scmia_sim_smt_rig_init(&d->rig, &d->sim,
				     polling ? 0u : (SCMIA_SIM_SMT_IRQ | SCMIA_SIM_SMT_ACK),
				     polling ? SCMIA_SMT_F_NO_IRQ : 0u);
	if (ret)
		return ret;
	d->tr = &scmia_smt_transport;
	d->a2p_ctx = &d->rig.a2p;
	d->p2a_ctx = &d->rig.p2a;
	d->completion = polling ? SCMIA_COMPLETION_POLL : SCMIA_COMPLETION_IRQ;
	d->late = polling ? DEMO_LATE_UNSEEN : DEMO_LATE_IRQ;
	d->a2p_idle = demo_smt_a2p_idle;
	d->report = demo_report_smt;
	ret = demo_agent_open(d);
	if (ret)
		return ret;
	if (polling) {
		d->poll_p2a = demo_smt_poll_p2a;
		d->poll_races = demo_smt_poll_races;
		ret = demo_poller_start(d);
		if (ret)
			return ret;
	}
	return demo_sim_start(d);
}

int demo_setup_smt(struct demo *d)
{
	return demo_setup_smt_common(d, 0);
}

int demo_setup_smt_poll(struct demo *d)
{
	return demo_setup_smt_common(d, 1);
}
#endif /* SCMIA_DEMO_HAVE_SMT */

/* ------------------------------------------------------------------ */
/* SMC: SMT area + SMCCC call, firmware wait-queue under contention     */
/* ------------------------------------------------------------------ */

#if SCMIA_DEMO_HAVE_SMC
static const enum scmia_fwcall_counter demo_wq_counters[] = {
	SCMIA_FWCALL_CNT_CALLS,		SCMIA_FWCALL_CNT_SMCS,
	SCMIA_FWCALL_CNT_SLEEPS,	SCMIA_FWCALL_CNT_RESUMES,
	SCMIA_FWCALL_CNT_WAKE_IRQS,	SCMIA_FWCALL_CNT_WAKE_ONE,
	SCMIA_FWCALL_CNT_WAKE_ALL,	SCMIA_FWCALL_CNT_BUSY,
	SCMIA_FWCALL_CNT_INTERRUPTED,	SCMIA_FWCALL_CNT_WAKE_NOBODY,
	SCMIA_FWCALL_CNT_WAKE_BAD_CTX,	SCMIA_FWCALL_CNT_WAKE_BAD_FLAGS,
	SCMIA_FWCALL_CNT_IDLE_WAKEUPS,	SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS,
	SCMIA_FWCALL_CNT_BUSY_EXHAUSTED,
};

static uint32_t demo_wq(struct demo *d, enum scmia_fwcall_counter id)
{
	return scmia_fwcall_counter(&d->kit.fw, id);
}

static void demo_report_smc(struct demo *d)
{
	struct scmia_sim_smc_stats ms;
	struct scmia_smc_stats a;
	size_t i;

	printf("    wait-queue (agent side, scmia_fwcall):\n");
	for (i = 0; i < sizeof(demo_wq_counters) / sizeof(demo_wq_counters[0]); i++)
		printf("      %-16s %5u%s", scmia_fwcall_counter_name(demo_wq_counters[i]),
		       demo_wq(d, demo_wq_counters[i]),
		       (i % 3u == 2u) ? "\n" : "");
	if (i % 3u)
		printf("\n");
	scmia_sim_smc_stats(&d->kit.model, &ms);
	printf("    firmware: %u SMC calls, %u SCMI commands, %u answered WAITQ_SLEEP, "
	       "%u RESUMEs,\n              %u busy, %u INTERRUPTED, %u wake-one + %u wake-all "
	       "events, %u invalid events\n",
	       ms.calls, ms.scmi, ms.sleeps, ms.resumes, ms.busy, ms.interrupted, ms.wakes_one,
	       ms.wakes_all, ms.bogus);
	if (!scmia_smc_chan_stats(&d->kit.a2p, &a))
		printf("    agent a2p: %u calls, %u spurious interrupts, %u late replies handed "
		       "to the core, %u rejected\n",
		       a.calls, a.spurious, a.late, a.errors);
	demo_check(d, demo_wq(d, SCMIA_FWCALL_CNT_SLEEPS) > 0 &&
			      demo_wq(d, SCMIA_FWCALL_CNT_RESUMES) > 0,
		   "calls slept on the firmware wait-queue and were woken and resumed");
	demo_check(d, demo_wq(d, SCMIA_FWCALL_CNT_SLEEP_TIMEOUTS) == 0 &&
			      demo_wq(d, SCMIA_FWCALL_CNT_BUSY_EXHAUSTED) == 0 &&
			      demo_wq(d, SCMIA_FWCALL_CNT_SLEEP_EXHAUSTED) == 0,
		   "no wake-up lost: no sleep timed out, no call gave up");
}

static void demo_teardown_smc(struct demo *d)
{
	if (d->kit_up)
		scmia_sim_smc_kit_deinit(&d->kit);
	d->kit_up = 0;
	if (d->fw_waits_up)
		scmia_posix_wait_deinit(d->fw_waits, SCMIA_SIM_SMC_KIT_WAITERS);
	d->fw_waits_up = 0;
}

/*
 * The platform is asynchronous: the SMC call only rings, the reply raises
 * the completion interrupt (scmia_smc_irq_transport). The firmware answers
 * WAITQ_SLEEP at random (contention mode) and wakes the sleepers from its
 * own thread through the wait-queue interrupt, mixing in busy answers,
 * INTERRUPTED and invalid wake events.
 */
int demo_setup_smc(struct demo *d)
{
	int ret;

	d->sub_vendor = "smc";
	ret = demo_sim_init(d);
	if (ret)
		return ret;
	ret = scmia_posix_wait_init(d->fw_waits, SCMIA_SIM_SMC_KIT_WAITERS);
	if (ret)
		return ret;
	d->fw_waits_up = 1;
	d->teardown = demo_teardown_smc;
	ret = scmia_sim_smc_kit_init(&d->kit, &d->sim, &scmia_posix_os_ops, &d->posix,
				     d->fw_waits, sizeof(d->fw_waits[0]), 1);
	if (ret)
		return ret;
	d->kit_up = 1;
	d->tr = &scmia_smc_irq_transport;
	d->a2p_ctx = &d->kit.a2p;
	d->p2a_ctx = &d->kit.p2a;
	d->late = DEMO_LATE_COUNTED;
	d->report = demo_report_smc;
	ret = demo_agent_open(d);
	return ret ? ret : demo_sim_start(d);
}
#endif /* SCMIA_DEMO_HAVE_SMC */

/* ------------------------------------------------------------------ */
/* virtio-scmi over virtio-mmio                                        */
/* ------------------------------------------------------------------ */

#if SCMIA_DEMO_HAVE_VIRTIO
/* Bus addresses of the two DMA windows: not the pointers, so that every
 * device access goes through the translation and its bounds checks. */
#define DEMO_VIO_RING_BUS 0x80000000ull
#define DEMO_VIO_SHM_BUS 0x1c0000000ull

/* The device's interrupt line: the host's interrupt handler. */
static void demo_vio_irq(void *ctx)
{
	struct demo *d = (struct demo *)ctx;
	int ret = scmia_virtio_mmio_scmi_irq(&d->vio);

	if (ret < 0)
		__atomic_store_n(&d->vio_irq_err, ret, __ATOMIC_RELAXED);
}

static const enum scmia_virtio_counter demo_vio_counters[] = {
	SCMIA_VIRTIO_CNT_SENT,      SCMIA_VIRTIO_CNT_KICKS,       SCMIA_VIRTIO_CNT_CMD_USED,
	SCMIA_VIRTIO_CNT_EVENTS,    SCMIA_VIRTIO_CNT_LATE,        SCMIA_VIRTIO_CNT_EVENT_DROPS,
	SCMIA_VIRTIO_CNT_BAD_ID,    SCMIA_VIRTIO_CNT_BAD_LEN,     SCMIA_VIRTIO_CNT_BAD_HDR,
};

static void demo_report_virtio(struct demo *d)
{
	struct scmia_virtio *vio = scmia_virtio_mmio_scmi_vio(&d->vio);
	struct scmia_sim_virtio_stats ds;
	const char *viol;
	size_t i;

	printf("    transport:\n");
	for (i = 0; i < sizeof(demo_vio_counters) / sizeof(demo_vio_counters[0]); i++)
		printf("      %-12s %5u%s", scmia_virtio_counter_name(demo_vio_counters[i]),
		       scmia_virtio_counter(vio, demo_vio_counters[i]), (i % 3u == 2u) ? "\n" : "");
	if (i % 3u)
		printf("\n");
	scmia_sim_virtio_stats(&d->vdev, &ds);
	printf("    device: %u notifications, %u requests, %u responses, %u events, "
	       "%u used entries, %u interrupts\n",
	       ds.notifies, ds.requests, ds.responses, ds.events, ds.used, ds.irqs);
	viol = scmia_sim_virtio_violation(&d->vdev);
	if (viol)
		printf("    device saw a driver violation: %s\n", viol);
	demo_check(d, !viol && ds.violations == 0 && ds.notify_early == 0 && ds.dma_faults == 0 &&
			      ds.bad_chain == 0 && ds.token_reuse == 0,
		   "the device saw no driver violation (no use before DRIVER_OK, no DMA fault, "
		   "no token reuse)");
	demo_check(d, __atomic_load_n(&d->vio_irq_err, __ATOMIC_RELAXED) == 0,
		   "interrupt handler never reported a broken device");
}

/* What the bring-up helper negotiated, as the device sees it. */
static void demo_report_virtio_up(struct demo *d)
{
	uint64_t f = scmia_sim_virtio_driver_features(&d->vdev);
	uint32_t status = scmia_sim_virtio_status(&d->vdev);

	printf("  virtio-mmio bring-up: device id %u, features 0x%llx (%s%s), status 0x%x "
	       "(DRIVER_OK %s)\n",
	       SCMIA_VIRTIO_ID_SCMI, (unsigned long long)f,
	       (f & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1)) ? "VERSION_1" : "-",
	       (f & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS)) ? " P2A_CHANNELS" : "",
	       status, (status & SCMIA_VIRTIO_STATUS_DRIVER_OK) ? "set" : "not set");
}

static void demo_teardown_virtio(struct demo *d)
{
	if (d->vio_up)
		(void)scmia_virtio_mmio_scmi_remove(&d->vio);
	d->vio_up = 0;
	if (d->vdev_up)
		scmia_sim_virtio_deinit(&d->vdev);
	d->vdev_up = 0;
}

/*
 * A guest's view: the virtio-scmi device behind virtio-mmio registers, its
 * rings and buffers in the guest's memory reached by the device through
 * DMA windows. The bring-up helper identifies, resets and negotiates the
 * device (VERSION_1, P2A_CHANNELS), programs cmdq and eventq and sets
 * DRIVER_OK; the device runs in the platform thread and raises its
 * interrupt from there.
 */
int demo_setup_virtio(struct demo *d)
{
	struct scmia_sim_virtio_cfg dc;
	struct scmia_virtio_mmio_scmi_cfg mc;
	int ret;

	d->sub_vendor = "virtio";
	ret = demo_sim_init(d);
	if (ret)
		return ret;
	memset(&dc, 0, sizeof(dc));
	dc.win[0].base = d->vring_mem;
	dc.win[0].size = sizeof(d->vring_mem);
	dc.win[0].bus = DEMO_VIO_RING_BUS;
	dc.win[1].base = d->vshm;
	dc.win[1].size = sizeof(d->vshm);
	dc.win[1].bus = DEMO_VIO_SHM_BUS;
	dc.n_win = 2;
	dc.irq = demo_vio_irq;
	dc.irq_ctx = d;
	ret = scmia_sim_virtio_init(&d->vdev, &d->sim, &dc);
	if (ret)
		return ret;
	d->vdev_up = 1;
	d->teardown = demo_teardown_virtio;
	ret = demo_sim_start(d);
	if (ret)
		return ret;

	d->vmops.read32 = scmia_sim_virtio_read32;
	d->vmops.write32 = scmia_sim_virtio_write32;
	memset(&mc, 0, sizeof(mc));
	mc.ops = &d->vmops;
	mc.ctx = &d->vdev;
	mc.cmdq_num = DEMO_VIO_CMDQ;
	mc.eventq_num = DEMO_VIO_EVQ;
	mc.ring_mem = d->vring_mem;
	mc.ring_mem_size = sizeof(d->vring_mem);
	mc.shm = d->vshm;
	mc.shm_size = sizeof(d->vshm);
	mc.slots = d->vslots;
	mc.n_slots = DEMO_VIO_CMDQ + DEMO_VIO_EVQ;
	mc.msgs = d->vmsgs;
	mc.n_msgs = SCMIA_VIRTIO_N_MSGS(DEMO_VIO_CMDQ, DEMO_VIO_EVQ);
	mc.dma_addr = scmia_sim_virtio_dma;
	mc.dma_ctx = &d->vdev;
	mc.os = &scmia_posix_os_ops;
	mc.os_ctx = &d->posix;
	ret = scmia_virtio_mmio_scmi_probe(&d->vio, &mc);
	if (ret)
		return ret;
	d->vio_up = 1;
	demo_report_virtio_up(d);

	d->tr = &scmia_virtio_transport;
	d->tr_ctx = scmia_virtio_mmio_scmi_vio(&d->vio);
	d->late = DEMO_LATE_COUNTED;
	d->report = demo_report_virtio;
	return demo_agent_open(d);
}
#endif /* SCMIA_DEMO_HAVE_VIRTIO */

/* ------------------------------------------------------------------ */
/* OP-TEE: the SCMI pseudo TA through the TEE client calls             */
/* ------------------------------------------------------------------ */

#if SCMIA_DEMO_HAVE_OPTEE
static void demo_report_optee(struct demo *d)
{
	struct scmia_optee_stats is;
	struct scmia_optee_chan_stats cs;
	struct scmia_sim_optee_stats ms;
	uint32_t caps, ext = 0, handle = 0;
	unsigned open;

	if (scmia_optee_stats_get(&d->optee.tr, &is) || scmia_optee_chan_stats_get(&d->optee.a2p, &cs) ||
	    scmia_optee_chan_handle(&d->optee.a2p, &handle)) {
		demo_check(d, 0, "OP-TEE statistics readable");
		return;
	}
	scmia_sim_optee_stats(&d->optee.model, &ms);
	caps = scmia_optee_caps(&d->optee.tr, &ext);
	open = scmia_sim_optee_sessions_open(&d->optee.model);
	printf("    PTA capabilities 0x%x (%s%s), channel %u -> handle 0x%08x\n", caps,
	       (caps & SCMIA_OPTEE_CAPS_SMT_HEADER) ? "SMT" : "",
	       (caps & SCMIA_OPTEE_CAPS_MSG_HEADER) ? " MSG" : "", SCMIA_SIM_OPTEE_RIG_CHANNEL,
	       handle);
	printf("    agent: %u sessions opened, %u invokes (%u PROCESS), %u TEE errors, "
	       "%u replies refused, %u busy\n",
	       is.sessions, is.invokes, cs.invokes, is.tee_errors, is.bad_reply, cs.busy);
	printf("    TEE: %u invokes, %u SCMI commands, %u replies, %u p2a messages "
	       "(%u deferred), %u completion doorbells, %u session(s) open\n",
	       ms.invokes, ms.commands, ms.replies, ms.p2a_msgs, ms.p2a_busy, ms.acks, open);
	demo_check(d, ms.bad_params == 0 && ms.bad_handle == 0 && ms.bad_session == 0 &&
			      ms.overlap == 0 && ms.not_done == 0 && ms.bad_uuid == 0 &&
			      is.tee_errors == 0 && cs.errors == 0,
		   "the PTA saw well-formed invokes only (parameter types, handle, one per "
		   "channel at a time)");
	demo_check(d, open == 1, "one session open: the channel's (the capability query's is closed)");
}

static void demo_teardown_optee(struct demo *d)
{
	if (d->optee_up)
		scmia_sim_optee_rig_deinit(&d->optee);
	d->optee_up = 0;
}

/*
 * A simulated OP-TEE: the agent opens a session with the SCMI pseudo TA,
 * reads its capabilities, gets the channel's handle and invokes
 * PROCESS_MSG_CHANNEL (or PROCESS_SMT_CHANNEL on a static SMT area) for
 * each command; the invoke returns once the TEE processed it. Delayed
 * responses and notifications come in a p2a SMT area with an interrupt.
 */
static int demo_setup_optee_common(struct demo *d, uint32_t mode)
{
	int ret;

	d->sub_vendor = mode == SCMIA_OPTEE_MODE_MSG ? "optee" : "optee-smt";
	ret = demo_sim_init(d);
	if (ret)
		return ret;
	ret = scmia_sim_optee_rig_init(&d->optee, &d->sim, mode);
	if (ret)
		return ret;
	d->optee_up = 1;
	d->teardown = demo_teardown_optee;
	d->tr = &scmia_optee_transport;
	d->tr_ctx = &d->optee.tr;
	d->a2p_ctx = &d->optee.a2p;
	d->p2a_ctx = &d->optee.p2a;
	d->late = DEMO_LATE_ON_RETURN;
	d->report = demo_report_optee;
	ret = demo_agent_open(d);
	return ret ? ret : demo_sim_start(d);
}

int demo_setup_optee(struct demo *d)
{
	return demo_setup_optee_common(d, SCMIA_OPTEE_MODE_MSG);
}

int demo_setup_optee_smt(struct demo *d)
{
	return demo_setup_optee_common(d, SCMIA_OPTEE_MODE_SMT);
}
#endif /* SCMIA_DEMO_HAVE_OPTEE */

/* ------------------------------------------------------------------ */
/* ACPI PCC: extended subspaces, type 3 (a2p) and type 4 (p2a)         */
/* ------------------------------------------------------------------ */

#if SCMIA_DEMO_HAVE_PCC
static void demo_report_pcc(struct demo *d)
{
	struct scmia_pcc_stats a, p;
	struct scmia_sim_pcc_stats ms;

	if (scmia_pcc_chan_stats(&d->pcc.a2p, &a) || scmia_pcc_chan_stats(&d->pcc.p2a, &p) ||
	    scmia_sim_pcc_stats(&d->pcc.model, 0, &ms)) {
		demo_check(d, 0, "PCC statistics readable");
		return;
	}
	printf("    agent type 3: %u doorbells, %u interrupts acknowledged, %u spurious, %u busy, "
	       "%u rejected\n",
	       a.doorbells, a.acks, a.spurious, a.busy, a.errors);
	printf("    agent type 4: %u completion doorbells, %u interrupts acknowledged, "
	       "%u spurious, %u rejected\n",
	       p.doorbells, p.acks, p.spurious, p.errors);
	printf("    platform: %u commands, %u replies, %u type 3 interrupts, %u type 4 messages "
	       "(%u deferred: the agent not done), %u type 4 interrupts\n",
	       ms.commands, ms.replies, ms.irqs, ms.p2a_msgs, ms.p2a_busy, ms.p2a_irqs);
	demo_check(d, ms.bad_doorbell == 0 && ms.bad_signature == 0 && ms.bad_len == 0 &&
			      ms.unacked == 0 && ms.wide_writes == 0 && a.errors == 0 &&
			      p.errors == 0 && a.reg_errors == 0 && p.reg_errors == 0,
		   "PCC protocol followed on both sides (signature, length, command complete "
		   "handshake, every interrupt acknowledged)");
}

static int demo_pcc_poll_p2a(struct demo *d)
{
	return scmia_pcc_poll(&d->pcc.p2a);
}

/* The platform is done with the type 3 region (command complete set): a
 * polling host can see that a timed-out command's late reply has landed. */
static int demo_pcc_a2p_idle(struct demo *d)
{
	uint64_t v = 0;

	return scmia_sim_pcc_reg(&d->pcc.model, 0, 0, SCMIA_SIM_PCC_R_COMPLETE, 0, &v) == SCMIA_OK &&
	       (v & 1u);
}

static void demo_teardown_pcc(struct demo *d)
{
	if (d->pcc_up)
		scmia_sim_pcc_rig_deinit(&d->pcc);
	d->pcc_up = 0;
}

/*
 * A type 3 subspace for commands and a type 4 subspace for delayed
 * responses and notifications, their registers reached through the host
 * hooks. Interrupt: the platform raises each subspace's interrupt (the
 * agent asked for it with flags bit 0; type 4 messages ask for the
 * completion doorbell). Polling: no interrupt at all; a host tick polls
 * the type 4 subspace.
 */
static int demo_setup_pcc_common(struct demo *d, int polling)
{
	int ret;

	d->sub_vendor = polling ? "pcc-poll" : "pcc";
	ret = demo_sim_init(d);
	if (ret)
		return ret;
	ret = scmia_sim_pcc_rig_init(&d->pcc, &d->sim,
				     polling ? SCMIA_SIM_PCC_ACK
					     : (SCMIA_SIM_PCC_IRQ | SCMIA_SIM_PCC_ACK),
				     polling ? SCMIA_PCC_F_NO_IRQ : 0u);
	if (ret)
		return ret;
	d->pcc_up = 1;
	d->teardown = demo_teardown_pcc;
	d->tr = &scmia_pcc_transport;
	d->a2p_ctx = &d->pcc.a2p;
	d->p2a_ctx = &d->pcc.p2a;
	d->completion = polling ? SCMIA_COMPLETION_POLL : SCMIA_COMPLETION_IRQ;
	d->late = polling ? DEMO_LATE_UNSEEN : DEMO_LATE_IRQ;
	d->a2p_idle = demo_pcc_a2p_idle;
	d->report = demo_report_pcc;
	ret = demo_agent_open(d);
	if (ret)
		return ret;
	if (polling) {
		d->poll_p2a = demo_pcc_poll_p2a;
		ret = demo_poller_start(d);
		if (ret)
			return ret;
	}
	return demo_sim_start(d);
}

int demo_setup_pcc(struct demo *d)
{
	return demo_setup_pcc_common(d, 0);
}

int demo_setup_pcc_poll(struct demo *d)
{
	return demo_setup_pcc_common(d, 1);
}
#endif /* SCMIA_DEMO_HAVE_PCC */

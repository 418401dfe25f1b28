/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test environment of the virtio transport (see vt_env.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vt_env.h"

/* ---- fake OS: virtual clock, relax steps the device ---- */

static scmia_lock_key_t vt_lock(void *ctx)
{
	(void)ctx;
	return 0;
}

static void vt_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	(void)key;
}

static uint64_t vt_now(void *ctx)
{
	return ((struct vt_env *)ctx)->now;
}

static void vt_relax(void *ctx)
{
	struct vt_env *e = (struct vt_env *)ctx;

	e->now += e->relax_step_us;
	if (e->in_relax)
		return;
	e->in_relax = 1;
	scmia_sim_virtio_poll(&e->sdev);
	e->in_relax = 0;
}

static uint64_t vt_sim_now(void *ctx)
{
	return ((struct vt_env *)ctx)->now;
}

/* ---- interrupt line of the simulated device ---- */

static void vt_irq(void *ctx)
{
	struct vt_env *e = (struct vt_env *)ctx;
	int r;

	__atomic_add_fetch(&e->irqs, 1u, __ATOMIC_RELAXED);
	r = scmia_virtio_mmio_scmi_irq(&e->dev);
	if (r < 0)
		__atomic_store_n(&e->irq_err, r, __ATOMIC_RELAXED);
}

static void vt_note(void *ctx, const struct scmia_notification *n)
{
	struct vt_env *e = (struct vt_env *)ctx;

	if (n->len >= 12u && e->notes < 64u)
		e->note_seq[e->notes] = scmia_get_le32((const uint8_t *)n->payload + 8);
	e->notes++;
}

int vt_setup(struct vt_env *e, const struct vt_opts *o)
{
	struct scmia_sim_cfg sc;
	struct scmia_sim_virtio_cfg dc;

	memset(e, 0, sizeof(*e));
	if (o)
		e->o = *o;
	if (!e->o.cmdq_num)
		e->o.cmdq_num = 16;
	if (!e->o.eventq_num)
		e->o.eventq_num = 8;
	if (e->o.eventq_num == VT_NO_EVQ)
		e->o.eventq_num = 0;
	if (e->o.threaded)
		e->o.posix = e->o.engine_thread = 1;
	e->now = 1000000u;
	e->relax_step_us = 100u;
	e->os.lock = vt_lock;
	e->os.unlock = vt_unlock;
	e->os.now_us = vt_now;
	e->os.relax = vt_relax;
	if (e->o.posix) {
		assert_int_equal(scmia_posix_init(&e->px), SCMIA_OK);
		assert_int_equal(scmia_posix_wait_init(e->waits, VT_SLOTS_MAX), SCMIA_OK);
	}

	memset(&sc, 0, sizeof(sc));
	if (e->o.engine_thread) {
		sc.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	} else {
		sc.clock = SCMIA_SIM_CLOCK_CUSTOM;
		sc.now_us = vt_sim_now;
		sc.now_ctx = e;
	}
	sc.sub_vendor = "virtio";
	assert_int_equal(scmia_sim_init(&e->sim, &sc), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&e->sim, &e->tp), SCMIA_OK);

	dc = e->o.dev;
	dc.win[0].base = e->ring;
	dc.win[0].size = sizeof(e->ring);
	dc.win[0].bus = VT_RING_BUS;
	dc.win[1].base = e->shm;
	dc.win[1].size = sizeof(e->shm);
	dc.win[1].bus = VT_SHM_BUS;
	dc.n_win = 2;
	dc.irq = e->o.no_irq ? NULL : vt_irq;
	dc.irq_ctx = e;
	assert_int_equal(scmia_sim_virtio_init(&e->sdev, &e->sim, &dc), SCMIA_OK);
	if (e->o.engine_thread)
		assert_int_equal(scmia_sim_start(&e->sim), SCMIA_OK);

	e->mops.read32 = scmia_sim_virtio_read32;
	e->mops.write32 = scmia_sim_virtio_write32;
	e->dcfg.ops = &e->mops;
	e->dcfg.ctx = &e->sdev;
	e->dcfg.cmdq_num = e->o.cmdq_num;
	e->dcfg.eventq_num = e->o.eventq_num;
	e->dcfg.ring_mem = e->ring;
	e->dcfg.ring_mem_size = sizeof(e->ring);
	e->dcfg.shm = e->shm;
	e->dcfg.shm_size = sizeof(e->shm);
	e->dcfg.slots = e->slots;
	e->dcfg.n_slots = VT_CMDQ_MAX + VT_EVQ_MAX;
	e->dcfg.msgs = e->msgs;
	e->dcfg.n_msgs = SCMIA_VIRTIO_N_MSGS(VT_CMDQ_MAX, VT_EVQ_MAX);
	e->dcfg.features = e->o.features;
	e->dcfg.dma_addr = scmia_sim_virtio_dma;
	e->dcfg.dma_ctx = &e->sdev;
	if (e->o.posix) {
		e->dcfg.os = &scmia_posix_os_ops;
		e->dcfg.os_ctx = &e->px;
	} else if (!e->o.no_os) {
		e->dcfg.os = &e->os;
		e->dcfg.os_ctx = e;
	}
	e->probe_ret = scmia_virtio_mmio_scmi_probe(&e->dev, &e->dcfg);
	if (e->probe_ret || e->o.no_agent)
		return e->probe_ret;
	assert_int_equal(vt_agent_up(e), SCMIA_OK);
	return SCMIA_OK;
}

int vt_agent_up(struct vt_env *e)
{
	struct scmia_agent_cfg ac;
	struct scmia_chan_cfg cc;
	int ret;

	memset(&ac, 0, sizeof(ac));
	if (e->o.posix) {
		ac.os = &scmia_posix_os_ops;
		ac.os_ctx = &e->px;
	} else if (!e->o.no_os) {
		ac.os = &e->os;
		ac.os_ctx = e;
	}
	ac.transport = &scmia_virtio_transport;
	ac.transport_ctx = scmia_virtio_mmio_scmi_vio(&e->dev);
	ac.notify_quota = VT_EVQ_MAX; /* the tests count every notification */
	ret = scmia_agent_init(&e->agent, &ac);
	if (ret)
		return ret;

	memset(&cc, 0, sizeof(cc));
	cc.dir = SCMIA_CHAN_A2P;
	cc.completion = e->o.completion;
	cc.mem = e->a2p_mem;
	cc.mem_size = sizeof(e->a2p_mem);
	cc.reply_timeout_us = e->o.reply_timeout_us;
	cc.dresp_timeout_us = e->o.dresp_timeout_us;
	if (e->o.posix) {
		cc.wait_objs = e->waits;
		cc.wait_obj_stride = sizeof(e->waits[0]);
	}
	ret = scmia_chan_open(&e->agent, &e->a2p, &cc);
	if (ret) {
		scmia_agent_deinit(&e->agent);
		return ret;
	}
	if (e->o.eventq_num && !e->o.no_p2a) {
		memset(&cc, 0, sizeof(cc));
		cc.dir = SCMIA_CHAN_P2A;
		cc.mem = e->p2a_mem;
		cc.mem_size = sizeof(e->p2a_mem);
		ret = scmia_chan_open(&e->agent, &e->p2a, &cc);
		if (ret) {
			scmia_agent_deinit(&e->agent);
			return ret;
		}
	}
	e->nt.proto_id = SCMIA_SIM_TEST_PROTO;
	e->nt.evt_id = SCMIA_SIM_TEST_EVT;
	e->nt.src_id = SCMIA_NOTIFY_SRC_ANY;
	e->nt.fn = vt_note;
	e->nt.ctx = e;
	assert_int_equal(scmia_notify_register(&e->agent, &e->nt), SCMIA_OK);
	e->agent_up = 1;
	return SCMIA_OK;
}

void vt_teardown(struct vt_env *e)
{
	struct scmia_sim_virtio_stats st;

	if (e->o.engine_thread)
		scmia_sim_stop(&e->sim);
	if (e->agent_up)
		scmia_agent_deinit(&e->agent);
	e->agent_up = 0;
	if (!e->probe_ret)
		(void)scmia_virtio_mmio_scmi_remove(&e->dev);
	scmia_sim_virtio_stats(&e->sdev, &st);
	if (st.violations || st.notify_early || st.dma_faults || st.bad_chain || st.token_reuse)
		fail_msg("driver violated the device protocol: %s (violations %u, early notify %u, "
			 "dma faults %u, bad chains %u, token reuse %u)",
			 scmia_sim_virtio_violation(&e->sdev) ? scmia_sim_virtio_violation(&e->sdev) :
								  "-",
			 st.violations, st.notify_early, st.dma_faults, st.bad_chain, st.token_reuse);
	scmia_sim_virtio_deinit(&e->sdev);
	scmia_sim_deinit(&e->sim);
	if (e->o.posix) {
		scmia_posix_wait_deinit(e->waits, VT_SLOTS_MAX);
		scmia_posix_deinit(&e->px);
	}
}

void vt_advance(struct vt_env *e, uint64_t us)
{
	e->now += us;
	scmia_sim_virtio_poll(&e->sdev);
}

static void pattern(uint8_t *p, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed * 31u + i * 7u + (seed >> 8));
}

int vt_echo(struct vt_env *e, uint32_t seed, uint32_t len, unsigned flags)
{
	struct scmia_xfer *x;
	uint8_t tx[VT_MSG];
	int ret;

	if (len + 4u > VT_MSG)
		return SCMIA_EINVAL;
	pattern(tx, len, seed);
	ret = scmia_xfer_get(&e->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, len, 0, &x);
	if (ret)
		return ret;
	memcpy(x->tx_buf, tx, len);
	ret = scmia_xfer_do(x, flags);
	if (!ret) {
		const uint8_t *rx = (const uint8_t *)x->rx_buf;

		if (x->rx_len != len + 4u || memcmp(rx, tx, len) ||
		    scmia_get_le32(rx + len) != scmia_sim_checksum(x->hdr, tx, len))
			ret = SCMIA_EUNEXPECTED;
	}
	scmia_xfer_put(x);
	return ret;
}

int vt_async(struct vt_env *e, uint32_t value, uint32_t delay_us, unsigned flags)
{
	struct scmia_xfer *x;
	uint8_t tx[8];
	int ret;

	scmia_put_le32(tx, value);
	scmia_put_le32(tx + 4, delay_us);
	ret = scmia_xfer_get(&e->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x);
	if (ret)
		return ret;
	memcpy(x->tx_buf, tx, 8);
	ret = scmia_xfer_do(x, flags | SCMIA_XFER_F_ASYNC);
	if (!ret) {
		const uint8_t *rx = (const uint8_t *)x->rx_buf;

		if (x->rx_len != 8u || scmia_get_le32(rx) != scmia_sim_test_async_value(value) ||
		    scmia_get_le32(rx + 4) != scmia_sim_checksum(x->hdr, tx, 8))
			ret = SCMIA_EUNEXPECTED;
	}
	scmia_xfer_put(x);
	return ret;
}

uint32_t vt_cnt(struct vt_env *e, enum scmia_counter id)
{
	return scmia_agent_counter(&e->agent, id);
}

uint32_t vt_vcnt(struct vt_env *e, enum scmia_virtio_counter id)
{
	return scmia_virtio_counter(scmia_virtio_mmio_scmi_vio(&e->dev), id);
}

struct scmia_sim_virtio_stats vt_dstats(struct vt_env *e)
{
	struct scmia_sim_virtio_stats st;

	scmia_sim_virtio_stats(&e->sdev, &st);
	return st;
}

unsigned vt_free_slots(struct vt_env *e)
{
	unsigned n_free = 0;

	assert_int_equal(scmia_chan_stats(&e->a2p, &n_free, NULL, NULL), SCMIA_OK);
	return n_free;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio bring-up of the SCMI device (transports/virtio/virtio_mmio.c)
 * against the simulated register model: identity checks, reset, status
 * bits, feature negotiation and refusal, queue sizes, event idx, and
 * nothing used before DRIVER_OK.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "vt_env.h"

static struct vt_env env;

#define F(bit) SCMIA_VIRTIO_FBIT(bit)
#define ST_UP                                                                        \
	(SCMIA_VIRTIO_STATUS_ACKNOWLEDGE | SCMIA_VIRTIO_STATUS_DRIVER |               \
	 SCMIA_VIRTIO_STATUS_FEATURES_OK | SCMIA_VIRTIO_STATUS_DRIVER_OK)

/* Probe only; returns the probe result. */
static int probe_with(const struct scmia_sim_virtio_cfg *dev, uint64_t extra)
{
	struct vt_opts o = { 0 };

	o.no_agent = 1;
	o.features = extra;
	if (dev)
		o.dev = *dev;
	return vt_setup(&env, &o);
}

static void done(void)
{
	vt_teardown(&env);
}

static void test_bad_magic(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };

	(void)state;
	d.magic = 0x12345678u;
	assert_int_equal(probe_with(&d, 0), SCMIA_EPROTO);
	assert_int_equal(scmia_virtio_mmio_fail_reason(&env.dev.mmio), SCMIA_VIRTIO_MMIO_BAD_MAGIC);
	/* Not a virtio window: nothing was written to it. */
	assert_int_equal(scmia_sim_virtio_status(&env.sdev), 0);
	assert_int_equal(vt_dstats(&env).resets, 0);
	assert_int_equal(scmia_virtio_state(scmia_virtio_mmio_scmi_vio(&env.dev)), SCMIA_VIRTIO_DOWN);
	done();
}

static void test_bad_version(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };

	(void)state;
	d.version = 1; /* legacy layout */
	assert_int_equal(probe_with(&d, 0), SCMIA_ENOTSUP);
	assert_int_equal(scmia_virtio_mmio_fail_reason(&env.dev.mmio),
			 SCMIA_VIRTIO_MMIO_BAD_VERSION);
	assert_int_equal(vt_dstats(&env).resets, 0);
	done();
	d.version = 3;
	assert_int_equal(probe_with(&d, 0), SCMIA_ENOTSUP);
	done();
}

static void test_bad_device_id(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };

	(void)state;
	d.device_id = 1; /* a network card */
	assert_int_equal(probe_with(&d, 0), SCMIA_ENOENT);
	assert_int_equal(scmia_virtio_mmio_fail_reason(&env.dev.mmio), SCMIA_VIRTIO_MMIO_BAD_DEVICE);
	assert_int_equal(vt_dstats(&env).resets, 0);
	done();
}

static void test_no_version_1(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };

	(void)state;
	d.features = F(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS); /* a legacy-only device */
	assert_int_equal(probe_with(&d, 0), SCMIA_ENOTSUP);
	assert_int_equal(scmia_virtio_mmio_fail_reason(&env.dev.mmio),
			 SCMIA_VIRTIO_MMIO_NO_VERSION_1);
	assert_int_equal(scmia_sim_virtio_status(&env.sdev),
			 SCMIA_VIRTIO_STATUS_ACKNOWLEDGE | SCMIA_VIRTIO_STATUS_DRIVER |
				 SCMIA_VIRTIO_STATUS_FAILED);
	done();
}

static void test_features_ok_refused(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };
	struct scmia_agent_cfg ac = { 0 };

	(void)state;
	d.refuse = F(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS);
	assert_int_equal(probe_with(&d, 0), SCMIA_EIO);
	assert_int_equal(scmia_virtio_mmio_fail_reason(&env.dev.mmio),
			 SCMIA_VIRTIO_MMIO_FEATURES_REFUSED);
	/* FEATURES_OK did not stick; the driver gave up (FAILED) and never
	 * set DRIVER_OK. */
	assert_int_equal(scmia_sim_virtio_status(&env.sdev),
			 SCMIA_VIRTIO_STATUS_ACKNOWLEDGE | SCMIA_VIRTIO_STATUS_DRIVER |
				 SCMIA_VIRTIO_STATUS_FAILED);
	assert_int_equal(vt_dstats(&env).notifies, 0);
	/* The transport is not ready: the agent is told to try again. */
	ac.transport = &scmia_virtio_transport;
	ac.transport_ctx = scmia_virtio_mmio_scmi_vio(&env.dev);
	assert_int_equal(scmia_agent_init(&env.agent, &ac), SCMIA_EAGAIN);
	done();
}

static void test_reset_never_completes(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };

	(void)state;
	d.reset_stuck = 1;
	assert_int_equal(probe_with(&d, 0), SCMIA_EIO);
	assert_int_equal(scmia_virtio_mmio_fail_reason(&env.dev.mmio),
			 SCMIA_VIRTIO_MMIO_RESET_TIMEOUT);
	done();
}

static void test_no_eventq_queue(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };

	(void)state;
	d.no_eventq = 1; /* offers P2A but has no queue 1 */
	assert_int_equal(probe_with(&d, 0), SCMIA_ENOENT);
	assert_int_equal(scmia_virtio_mmio_fail_reason(&env.dev.mmio),
			 SCMIA_VIRTIO_MMIO_QUEUE_ABSENT);
	assert_true(scmia_sim_virtio_status(&env.sdev) & SCMIA_VIRTIO_STATUS_FAILED);
	done();
}

static void test_without_p2a(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };
	struct scmia_chan_cfg cc = { 0 };
	struct vt_opts o = { 0 };

	(void)state;
	d.features = F(SCMIA_VIRTIO_F_VERSION_1);
	o.dev = d;
	o.no_p2a = 1;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(scmia_sim_virtio_driver_features(&env.sdev), F(SCMIA_VIRTIO_F_VERSION_1));
	/* No eventq: a p2a channel is refused; commands work. */
	cc.dir = SCMIA_CHAN_P2A;
	cc.max_msg = 4;
	cc.mem = env.p2a_mem;
	cc.mem_size = sizeof(env.p2a_mem);
	assert_int_equal(scmia_chan_open(&env.agent, &env.p2a, &cc), SCMIA_ENOTSUP);
	assert_int_equal(vt_echo(&env, 1, 3, 0), SCMIA_OK);
	/* An async command's delayed response has nowhere to go: the device
	 * drops it, the caller times out. */
	assert_int_equal(scmia_chan_set_timeouts(&env.a2p, 0, 5000), SCMIA_OK);
	assert_int_equal(vt_async(&env, 1, 0, 0), SCMIA_ETIMEDOUT);
	done();
}

static void test_queue_sizes(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };
	struct vt_opts o = { 0 };

	(void)state;
	/* The device allows 4: max_msg 2. */
	d.cmdq_max = 4;
	o.dev = d;
	o.cmdq_num = 64;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&env.a2p), 2);
	assert_int_equal(vt_echo(&env, 1, 1, 0), SCMIA_OK);
	done();
	/* Not a power of two: rounded down, 48 -> 32 -> max_msg 16... capped
	 * by what we asked for (64 -> 32 slots, env has 32). */
	d.cmdq_max = 48;
	o.dev = d;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&env.a2p), 16);
	done();
	/* A one-entry queue cannot carry a command. */
	d.cmdq_max = 1;
	o.dev = d;
	o.no_agent = 1;
	assert_int_equal(vt_setup(&env, &o), SCMIA_ENOSPC);
	assert_int_equal(scmia_virtio_mmio_fail_reason(&env.dev.mmio),
			 SCMIA_VIRTIO_MMIO_QUEUE_SIZE);
	done();
}

static void test_event_idx(void **state)
{
	struct scmia_sim_virtio_cfg d = { 0 };
	struct vt_opts o = { 0 };
	uint8_t tx[8];

	(void)state;
	d.features = F(SCMIA_VIRTIO_F_VERSION_1) | F(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS) |
		     F(SCMIA_VIRTIO_F_EVENT_IDX);
	o.dev = d;
	o.features = F(SCMIA_VIRTIO_F_EVENT_IDX);
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_true(scmia_sim_virtio_driver_features(&env.sdev) & F(SCMIA_VIRTIO_F_EVENT_IDX));
	for (unsigned i = 0; i < 40; i++)
		assert_int_equal(vt_echo(&env, i, i % 16u, 0), SCMIA_OK);
	assert_int_equal(vt_async(&env, 9, 10, 0), SCMIA_OK);
	scmia_put_le32(tx, 2);
	scmia_put_le32(tx + 4, 6);
	assert_int_equal(scmia_cmd(&env.agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx,
				   8, NULL, 0, NULL, 0),
			 SCMIA_OK);
	vt_advance(&env, 10);
	assert_int_equal(scmia_notify_dispatch(&env.agent, 0), 6);
	done();
	/* Offered but not wanted: not negotiated. */
	o.features = 0;
	assert_int_equal(vt_setup(&env, &o), SCMIA_OK);
	assert_false(scmia_sim_virtio_driver_features(&env.sdev) & F(SCMIA_VIRTIO_F_EVENT_IDX));
	done();
}

static void test_probe_twice(void **state)
{
	(void)state;
	assert_int_equal(probe_with(NULL, 0), SCMIA_OK);
	assert_int_equal(scmia_sim_virtio_status(&env.sdev), ST_UP);
	/* Already up: refused, the device left alone. */
	assert_int_equal(scmia_virtio_mmio_scmi_probe(&env.dev, NULL), SCMIA_ESTATE);
	assert_int_equal(vt_dstats(&env).resets, 1);
	/* A live queue cannot be programmed again. */
	assert_int_equal(scmia_virtio_mmio_queue_setup(&env.dev.mmio, 0, &env.dev.cmdq),
			 SCMIA_ENOENT);
	/* Remove, probe again: reset, renegotiate. */
	assert_int_equal(scmia_virtio_mmio_scmi_remove(&env.dev), SCMIA_OK);
	assert_int_equal(scmia_sim_virtio_status(&env.sdev), 0);
	assert_int_equal(scmia_virtio_mmio_scmi_probe(&env.dev, NULL), SCMIA_OK);
	assert_int_equal(scmia_sim_virtio_status(&env.sdev), ST_UP);
	assert_int_equal(vt_dstats(&env).resets, 3);
	assert_int_equal(scmia_sim_virtio_event_bufs(&env.sdev), 8);
	done();
}

static void test_register_helpers(void **state)
{
	struct scmia_virtio_mmio m;
	uint64_t feat = 1;

	(void)state;
	assert_int_equal(probe_with(NULL, 0), SCMIA_OK);
	assert_int_equal(scmia_virtio_mmio_init(&m, NULL, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_virtio_mmio_init(&m, &env.mops, &env.sdev), SCMIA_OK);
	/* Interrupt status is acknowledged by writing back what was read. */
	scmia_sim_virtio_interrupt(&env.sdev, 0);
	assert_int_equal(scmia_sim_virtio_read32(&env.sdev, SCMIA_VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	/* A probe through a second window object: resets the device, then
	 * negotiates only what is asked for (SHARED_MEMORY never). */
	assert_int_equal(scmia_virtio_mmio_probe(&m, F(SCMIA_VIRTIO_SCMI_F_SHARED_MEMORY), &feat),
			 SCMIA_OK);
	assert_int_equal(feat, F(SCMIA_VIRTIO_F_VERSION_1));
	assert_int_equal(scmia_virtio_mmio_queue_max(&m, 0), 64);
	assert_int_equal(scmia_virtio_mmio_queue_max(&m, 1), 16);
	assert_int_equal(scmia_virtio_mmio_queue_max(&m, 2), 0);
	assert_int_equal(scmia_virtio_mmio_reset(&m), SCMIA_OK);
	/* The transport saw its device reset behind its back; remove() puts
	 * its state in order. */
	assert_int_equal(scmia_virtio_mmio_scmi_remove(&env.dev), SCMIA_OK);
	env.probe_ret = 1;
	done();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_bad_device_id),
		cmocka_unit_test(test_no_version_1),
		cmocka_unit_test(test_features_ok_refused),
		cmocka_unit_test(test_reset_never_completes),
		cmocka_unit_test(test_no_eventq_queue),
		cmocka_unit_test(test_without_p2a),
		cmocka_unit_test(test_queue_sizes),
		cmocka_unit_test(test_event_idx),
		cmocka_unit_test(test_probe_twice),
		cmocka_unit_test(test_register_helpers),
	};

	return cmocka_run_group_tests_name("virtio_mmio", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: agent and channel configuration (docs/design.md): max_msg
 * 0/1/1024/1025 from the channel config, the transport descriptor and
 * get_max_msg; memory and msg_size bounds; channel pairing;
 * readiness (EAGAIN leaves everything untouched); required ops; default
 * and run-time timeouts.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

struct cfx {
	struct fake_os os;
	struct fake_tp tp;
	struct scmia_agent agent;
	struct scmia_chan a2p;
	struct scmia_chan a2p2;
	struct scmia_chan p2a;
	struct scmia_chan p2a2;
	uint64_t *mem[4];
	struct fake_wait waits[SCMIA_MAX_MSG_LIMIT];
};

static struct cfx *cfx_new(void)
{
	struct cfx *c = unit_alloc(sizeof(*c));

	unit_watchdog(FX_WATCHDOG_S);
	fake_os_init(&c->os);
	fake_tp_init(&c->tp, &c->os);
	return c;
}

static void cfx_agent_cfg(struct cfx *c, struct scmia_agent_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->os = &c->os.ops;
	cfg->os_ctx = &c->os;
	cfg->transport = &c->tp.desc;
	cfg->transport_ctx = &c->tp;
}

static int cfx_init(struct cfx *c)
{
	struct scmia_agent_cfg cfg;

	cfx_agent_cfg(c, &cfg);
	return scmia_agent_init(&c->agent, &cfg);
}

/* A channel config with memory for mem_slots x mem_size (kept in c->mem[i]). */
static void cfx_chan_cfg(struct cfx *c, unsigned i, struct scmia_chan_cfg *cfg, uint8_t dir,
			 uint8_t proto, uint16_t max_msg, uint16_t msg_size, uint16_t mem_slots,
			 uint16_t mem_size)
{
	size_t sz;

	memset(cfg, 0, sizeof(*cfg));
	unit_free(c->mem[i]);
	c->mem[i] = fx_chan_mem(mem_slots, mem_size, &sz);
	cfg->dir = dir;
	cfg->proto_id = proto;
	cfg->completion = SCMIA_COMPLETION_IRQ;
	cfg->max_msg = max_msg;
	cfg->msg_size = msg_size;
	cfg->mem = c->mem[i];
	cfg->mem_size = sz;
	if (dir == SCMIA_CHAN_A2P) {
		cfg->wait_objs = c->waits;
		cfg->wait_obj_stride = sizeof(c->waits[0]);
	}
}

static void cfx_free(struct cfx *c)
{
	unsigned i;

	fake_os_assert_clean(&c->os);
	fake_tp_assert_clean(&c->tp);
	(void)scmia_agent_deinit(&c->agent);
	for (i = 0; i < 4; i++)
		unit_free(c->mem[i]);
	unit_free(c);
	unit_watchdog(0);
}

static int open_a2p(struct cfx *c, uint16_t max_msg, uint16_t mem_slots)
{
	struct scmia_chan_cfg cfg;

	cfx_chan_cfg(c, 0, &cfg, SCMIA_CHAN_A2P, 0, max_msg, 64, mem_slots, 64);
	return scmia_chan_open(&c->agent, &c->a2p, &cfg);
}

static void test_cfg_max_msg_0_takes_default(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	c->tp.desc.max_msg = 0; /* the transport has no opinion either */
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(open_a2p(c, 0, SCMIA_MAX_MSG_LIMIT), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&c->a2p), SCMIA_DEFAULT_MAX_MSG);
	assert_ptr_equal(scmia_agent_chan(&c->agent, SCMIA_PROTO_BASE), &c->a2p);
	cfx_free(c);
}

static void test_cfg_max_msg_0_takes_transport_descriptor(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	c->tp.desc.max_msg = 5;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(open_a2p(c, 0, SCMIA_MAX_MSG_LIMIT), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&c->a2p), 5);
	cfx_free(c);
}

static void test_cfg_max_msg_0_takes_get_max_msg_first(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	c->tp.desc.max_msg = 5;
	c->tp.ops.get_max_msg = fake_tp_get_max_msg;
	c->tp.max_msg_ret = 7;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(open_a2p(c, 0, SCMIA_MAX_MSG_LIMIT), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&c->a2p), 7);
	assert_true(c->tp.n_get_max >= 1);
	cfx_free(c);
}

static void test_cfg_max_msg_1_single_slot(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_xfer *x = NULL, *y = NULL;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(open_a2p(c, 1, 1), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&c->a2p), 1);
	assert_int_equal(scmia_xfer_get(&c->agent, FX_PROTO, 1, 0, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_get(&c->agent, FX_PROTO, 1, 0, 0, &y), SCMIA_ENOSLOT);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	cfx_free(c);
}

static void test_cfg_max_msg_1024_every_slot_usable(void **state)
{
	struct cfx *c = cfx_new();
	static struct scmia_xfer *x[SCMIA_MAX_MSG_LIMIT];
	struct scmia_xfer *extra = NULL;
	unsigned i;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(open_a2p(c, 1024, 1024), SCMIA_OK);
	assert_int_equal(scmia_chan_max_msg(&c->a2p), 1024);
	for (i = 0; i < 1024; i++) {
		assert_int_equal(scmia_xfer_get(&c->agent, FX_PROTO, 1, 0, 0, &x[i]), SCMIA_OK);
		assert_true(scmia_xfer_index(x[i]) < 1024);
		assert_ptr_equal(scmia_chan_xfer(&c->a2p, scmia_xfer_index(x[i])), x[i]);
	}
	assert_int_equal(scmia_xfer_get(&c->agent, FX_PROTO, 1, 0, 0, &extra), SCMIA_ENOSLOT);
	assert_null(scmia_chan_xfer(&c->a2p, 1024));
	for (i = 0; i < 1024; i++)
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	cfx_free(c);
}

static void test_cfg_max_msg_1025_einval_nothing_attached(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(open_a2p(c, 1025, 1025), SCMIA_EINVAL);
	assert_null(scmia_agent_chan(&c->agent, SCMIA_PROTO_BASE));
	/* the same storage opens fine with a valid config afterwards */
	assert_int_equal(open_a2p(c, 8, 8), SCMIA_OK);
	assert_ptr_equal(scmia_agent_chan(&c->agent, SCMIA_PROTO_BASE), &c->a2p);
	cfx_free(c);
}

static void test_cfg_get_max_msg_0_or_1025_einval(void **state)
{
	static const int bad[] = { 0, 1025, 65536 };
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cfx *c = cfx_new();

		c->tp.ops.get_max_msg = fake_tp_get_max_msg;
		c->tp.max_msg_ret = bad[i];
		assert_int_equal(cfx_init(c), SCMIA_OK);
		assert_int_equal(open_a2p(c, 0, SCMIA_MAX_MSG_LIMIT), SCMIA_EINVAL);
		assert_null(scmia_agent_chan(&c->agent, 0));
		cfx_free(c);
	}
}

static void test_cfg_get_max_msg_error_fails_open(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	c->tp.ops.get_max_msg = fake_tp_get_max_msg;
	c->tp.max_msg_ret = SCMIA_EIO;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_true(open_a2p(c, 0, SCMIA_MAX_MSG_LIMIT) < 0);
	assert_null(scmia_agent_chan(&c->agent, 0));
	cfx_free(c);
}

static void test_cfg_descriptor_max_msg_1025_einval(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	c->tp.desc.max_msg = 1025;
	if (cfx_init(c) == SCMIA_OK)
		assert_int_equal(open_a2p(c, 0, 1025), SCMIA_EINVAL);
	assert_null(scmia_agent_chan(&c->agent, 0));
	cfx_free(c);
}

static void test_cfg_mem_too_small_enospc(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;
	size_t full;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	cfx_chan_cfg(c, 0, &cfg, SCMIA_CHAN_A2P, 0, 8, 64, 8, 64);
	full = cfg.mem_size;
	cfg.mem_size = full / 2u;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_ENOSPC);
	assert_null(scmia_agent_chan(&c->agent, 0));
	cfg.mem_size = 8;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_ENOSPC);
	/* one slot's buffers short */
	cfg.mem_size = full - 2u * 64u;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_ENOSPC);
	cfg.mem_size = full;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_OK);
	cfx_free(c);
}

#define CANARY 0xa5u

static int canary_intact(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != CANARY)
			return 0;
	return 1;
}

/*
 * Whatever size the core accepts, it never writes past mem_size: find the
 * smallest accepted size (results must be ENOSPC below it, OK above), open
 * a2p and p2a channels at exactly that size with canaries behind, and fill
 * every slot's tx and rx buffers and the notification pool completely.
 */
static void test_cfg_chan_mem_never_written_past_mem_size(void **state)
{
	enum { SLOTS = 4, SIZE = 40, GUARD = 64 };
	struct fx *fx;
	struct fx_opts o;
	struct scmia_chan a2p, p2a;
	struct scmia_chan_cfg cfg;
	size_t full = SCMIA_CHAN_MEM_SIZE(SLOTS, SIZE), lo = 0, hi = full, min_a2p, min_p2a;
	uint8_t *buf_a2p = unit_alloc(full + GUARD);
	uint8_t *buf_p2a = unit_alloc(full + GUARD);
	struct scmia_xfer *x[SLOTS];
	struct cb_rec rec[SLOTS];
	uint8_t pay[SIZE];
	unsigned i;
	int r;

	(void)state;
	assert_non_null(buf_a2p);
	assert_non_null(buf_p2a);
	memset(&o, 0, sizeof(o));
	o.no_p2a = 1;
	o.max_msg = 1;
	fx = fx_new(&o);
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SCMIA_CHAN_A2P;
	cfg.proto_id = SCMIA_PROTO_SENSOR;
	cfg.completion = SCMIA_COMPLETION_IRQ;
	cfg.max_msg = SLOTS;
	cfg.msg_size = SIZE;
	cfg.mem = buf_a2p;
	/* smallest accepted a2p size: f(size) is ENOSPC below, OK from it on */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2u;

		cfg.mem_size = mid;
		r = scmia_chan_open(&fx->agent, &a2p, &cfg);
		if (r == SCMIA_OK) {
			assert_int_equal(scmia_chan_close(&a2p), SCMIA_OK);
			hi = mid;
		} else {
			assert_int_equal(r, SCMIA_ENOSPC);
			lo = mid + 1u;
		}
	}
	min_a2p = lo;
	assert_true(min_a2p <= full);
	memset(buf_a2p, CANARY, full + GUARD);
	cfg.mem_size = min_a2p;
	assert_int_equal(scmia_chan_open(&fx->agent, &a2p, &cfg), SCMIA_OK);

	cfg.dir = SCMIA_CHAN_P2A;
	cfg.mem = buf_p2a;
	cfg.completion = 0;
	lo = 0;
	hi = full;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2u;

		cfg.mem_size = mid;
		r = scmia_chan_open(&fx->agent, &p2a, &cfg);
		if (r == SCMIA_OK) {
			assert_int_equal(scmia_chan_close(&p2a), SCMIA_OK);
			hi = mid;
		} else {
			assert_int_equal(r, SCMIA_ENOSPC);
			lo = mid + 1u;
		}
	}
	min_p2a = lo;
	memset(buf_p2a, CANARY, full + GUARD);
	cfg.mem_size = min_p2a;
	assert_int_equal(scmia_chan_open(&fx->agent, &p2a, &cfg), SCMIA_OK);

	memset(pay, 0x3c, sizeof(pay));
	for (i = 0; i < SLOTS; i++) {
		assert_int_equal(
			scmia_xfer_get(&fx->agent, SCMIA_PROTO_SENSOR, 1, SIZE, SIZE, &x[i]),
			SCMIA_OK);
		memset(x[i]->tx_buf, 0x5a, SIZE);
		cb_rec_init(&rec[i], fx);
		(void)fx_submit(fx, x[i], 0, &rec[i]);
	}
	for (i = 0; i < SLOTS; i++) {
		uint32_t h = x[i]->hdr;

		assert_int_equal(scmia_rx(&a2p, h, fx_msg(fx, h, 0, pay, SIZE)), SCMIA_OK);
		assert_int_equal(rec[i].calls, 1);
		assert_int_equal(rec[i].rx_len, SIZE);
	}
	for (i = 0; i < SLOTS; i++) {
		uint32_t h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SENSOR, i);

		r = scmia_rx(&p2a, h, fx_msg(fx, h, 0, pay, SIZE));
		assert_true(r == SCMIA_OK || r == SCMIA_ENOSPC);
	}
	assert_true(canary_intact(buf_a2p + min_a2p, full + GUARD - min_a2p));
	assert_true(canary_intact(buf_p2a + min_p2a, full + GUARD - min_p2a));
	for (i = 0; i < SLOTS; i++)
		assert_int_equal(scmia_xfer_put(x[i]), SCMIA_OK);
	(void)scmia_notify_dispatch(&fx->agent, 0);
	assert_int_equal(scmia_chan_close(&a2p), SCMIA_OK);
	fx_free(fx);
	unit_free(buf_a2p);
	unit_free(buf_p2a);
}

static void test_cfg_msg_size_below_8_einval(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	cfx_chan_cfg(c, 0, &cfg, SCMIA_CHAN_A2P, 0, 4, 7, 4, 64);
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_EINVAL);
	cfg.msg_size = 8;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_OK);
	assert_int_equal(scmia_chan_msg_size(&c->a2p), 8);
	cfx_free(c);
}

static void test_cfg_msg_size_0_takes_transport_then_default(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;

	(void)state;
	c->tp.desc.max_msg_size = 0;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	cfx_chan_cfg(c, 0, &cfg, SCMIA_CHAN_A2P, 0, 4, 0, 4, 256);
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_OK);
	assert_int_equal(scmia_chan_msg_size(&c->a2p), SCMIA_DEFAULT_MSG_SIZE);
	cfx_free(c);

	c = cfx_new();
	c->tp.desc.max_msg_size = 200;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	cfx_chan_cfg(c, 0, &cfg, SCMIA_CHAN_A2P, 0, 4, 0, 4, 256);
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_OK);
	assert_int_equal(scmia_chan_msg_size(&c->a2p), 200);
	cfx_free(c);
}

static void test_cfg_misaligned_mem_einval(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	cfx_chan_cfg(c, 0, &cfg, SCMIA_CHAN_A2P, 0, 4, 64, 5, 64);
	cfg.mem = (uint8_t *)cfg.mem + 4;
	cfg.mem_size -= 4;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_EINVAL);
	assert_null(scmia_agent_chan(&c->agent, 0));
	cfx_free(c);
}

static void test_cfg_bad_completion_and_wait_stride_einval(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	cfx_chan_cfg(c, 0, &cfg, SCMIA_CHAN_A2P, 0, 4, 64, 4, 64);
	cfg.completion = 7;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_EINVAL);
	cfg.completion = SCMIA_COMPLETION_IRQ;
	cfg.wait_obj_stride = 0; /* wait objects without a stride */
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_EINVAL);
	cfg.wait_obj_stride = sizeof(c->waits[0]);
	cfg.dir = 2;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_EINVAL);
	assert_null(scmia_agent_chan(&c->agent, 0));
	cfg.dir = SCMIA_CHAN_A2P;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_OK);
	cfx_free(c);
}

static void test_cfg_poll_mode_without_poll_done_einval(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;
	struct scmia_xfer *x;

	(void)state;
	c->tp.ops.poll_done = NULL;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	cfx_chan_cfg(c, 0, &cfg, SCMIA_CHAN_A2P, 0, 4, 64, 4, 64);
	cfg.completion = SCMIA_COMPLETION_POLL;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_EINVAL);
	cfg.completion = SCMIA_COMPLETION_IRQ;
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p, &cfg), SCMIA_OK);
	/* and a per-call polling request cannot be honoured: refused, nothing sent */
	assert_int_equal(scmia_xfer_get(&c->agent, FX_PROTO, 1, 0, 0, &x), SCMIA_OK);
	assert_true(scmia_xfer_do(x, SCMIA_XFER_F_POLL) < 0);
	assert_int_equal(c->tp.n_send, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	cfx_free(c);
}

static void test_cfg_p2a_without_a2p_einval(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	cfx_chan_cfg(c, 1, &cfg, SCMIA_CHAN_P2A, 0, 4, 64, 4, 64);
	assert_int_equal(scmia_chan_open(&c->agent, &c->p2a, &cfg), SCMIA_EINVAL);
	/* a dedicated p2a without its dedicated a2p, while the default exists */
	assert_int_equal(open_a2p(c, 4, 4), SCMIA_OK);
	cfx_chan_cfg(c, 1, &cfg, SCMIA_CHAN_P2A, SCMIA_PROTO_SENSOR, 4, 64, 4, 64);
	assert_int_equal(scmia_chan_open(&c->agent, &c->p2a, &cfg), SCMIA_EINVAL);
	cfx_free(c);
}

static void test_cfg_duplicate_channel_estate(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(open_a2p(c, 4, 4), SCMIA_OK);
	cfx_chan_cfg(c, 1, &cfg, SCMIA_CHAN_A2P, 0, 4, 64, 4, 64);
	assert_int_equal(scmia_chan_open(&c->agent, &c->a2p2, &cfg), SCMIA_ESTATE);
	assert_ptr_equal(scmia_agent_chan(&c->agent, 0), &c->a2p);
	cfx_chan_cfg(c, 2, &cfg, SCMIA_CHAN_P2A, 0, 4, 64, 4, 64);
	assert_int_equal(scmia_chan_open(&c->agent, &c->p2a, &cfg), SCMIA_OK);
	cfx_chan_cfg(c, 3, &cfg, SCMIA_CHAN_P2A, 0, 4, 64, 4, 64);
	assert_int_equal(scmia_chan_open(&c->agent, &c->p2a2, &cfg), SCMIA_ESTATE);
	cfx_free(c);
}

static void test_cfg_transport_not_ready_init_eagain_nothing_changed(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_agent zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	c->tp.ready_ret = SCMIA_EAGAIN;
	assert_int_equal(cfx_init(c), SCMIA_EAGAIN);
	assert_int_equal(c->tp.n_ready, 1);
	assert_int_equal(c->tp.n_init, 0);
	assert_memory_equal(&c->agent, &zero, sizeof(zero));
	/* not initialised: channels cannot attach, deinit says so */
	assert_int_equal(scmia_agent_deinit(&c->agent), SCMIA_ESTATE);
	assert_int_equal(c->tp.n_exit, 0);
	/* try again later: works */
	c->tp.ready_ret = 0;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(c->tp.n_init, 1);
	assert_int_equal(open_a2p(c, 4, 4), SCMIA_OK);
	cfx_free(c);
	/* cfx_free deinit ran exit exactly once */
}

static void test_cfg_transport_init_error_propagated(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	c->tp.init_ret = SCMIA_EIO;
	assert_int_equal(cfx_init(c), SCMIA_EIO);
	assert_int_equal(scmia_agent_deinit(&c->agent), SCMIA_ESTATE);
	assert_int_equal(c->tp.n_exit, 0);
	cfx_free(c);
}

static void test_cfg_chan_open_eagain_when_transport_not_ready(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	c->tp.ready_ret = SCMIA_EAGAIN;
	assert_int_equal(open_a2p(c, 4, 4), SCMIA_EAGAIN);
	assert_null(scmia_agent_chan(&c->agent, 0));
	c->tp.ready_ret = 0;
	assert_int_equal(open_a2p(c, 4, 4), SCMIA_OK);
	cfx_free(c);
}

static void test_cfg_chan_setup_error_nothing_attached(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_xfer *x = NULL;

	(void)state;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	c->tp.setup_ret = SCMIA_EIO;
	assert_int_equal(open_a2p(c, 4, 4), SCMIA_EIO);
	assert_null(scmia_agent_chan(&c->agent, 0));
	assert_int_equal(scmia_xfer_get(&c->agent, FX_PROTO, 1, 0, 0, &x), SCMIA_ENOENT);
	c->tp.setup_ret = 0;
	assert_int_equal(open_a2p(c, 4, 4), SCMIA_OK);
	cfx_free(c);
}

static void test_cfg_os_lock_without_unlock_einval(void **state)
{
	struct cfx *c = cfx_new();

	(void)state;
	c->os.ops.unlock = NULL;
	assert_int_equal(cfx_init(c), SCMIA_EINVAL);
	assert_int_equal(c->tp.n_init, 0);
	fake_os_init(&c->os);
	c->os.ops.signal = NULL;
	assert_int_equal(cfx_init(c), SCMIA_EINVAL);
	assert_int_equal(c->tp.n_init, 0);
	cfx_free(c);
}

static void test_cfg_missing_required_transport_op_einval(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_agent_cfg cfg;

	(void)state;
	cfx_agent_cfg(c, &cfg);
	cfg.transport = NULL;
	assert_int_equal(scmia_agent_init(&c->agent, &cfg), SCMIA_EINVAL);
	c->tp.desc.ops = NULL;
	cfx_agent_cfg(c, &cfg);
	assert_int_equal(scmia_agent_init(&c->agent, &cfg), SCMIA_EINVAL);
	c->tp.desc.ops = &c->tp.ops;
	c->tp.ops.fetch_response = NULL;
	assert_int_equal(scmia_agent_init(&c->agent, &cfg), SCMIA_EINVAL);
	fake_tp_init(&c->tp, &c->os);
	c->tp.ops.chan_setup = NULL;
	assert_int_equal(scmia_agent_init(&c->agent, &cfg), SCMIA_EINVAL);
	assert_int_equal(c->tp.n_init, 0);
	cfx_free(c);
}

static void test_cfg_a2p_without_send_einval(void **state)
{
	struct cfx *c = cfx_new();
	int r;

	(void)state;
	c->tp.ops.send = NULL;
	r = cfx_init(c);
	if (r == SCMIA_OK)
		assert_int_equal(open_a2p(c, 4, 4), SCMIA_EINVAL);
	else
		assert_int_equal(r, SCMIA_EINVAL);
	assert_null(scmia_agent_chan(&c->agent, 0));
	cfx_free(c);
}

static void test_cfg_p2a_without_fetch_notification_einval(void **state)
{
	struct cfx *c = cfx_new();
	struct scmia_chan_cfg cfg;

	(void)state;
	c->tp.ops.fetch_notification = NULL;
	assert_int_equal(cfx_init(c), SCMIA_OK);
	assert_int_equal(open_a2p(c, 4, 4), SCMIA_OK);
	cfx_chan_cfg(c, 1, &cfg, SCMIA_CHAN_P2A, 0, 4, 64, 4, 64);
	assert_int_equal(scmia_chan_open(&c->agent, &c->p2a, &cfg), SCMIA_EINVAL);
	cfx_free(c);
}

/* Submit one non-blocking command and find when scmia_agent_service()
 * expires it: not at doorbell + t - 1, yes at doorbell + t + 1. */
static void expect_expiry_after(struct fx *fx, uint64_t t, unsigned flags)
{
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint32_t h;
	uint64_t t0;

	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, flags, &rec);
	t0 = fx->os.now;
	if (flags & SCMIA_XFER_F_ASYNC) {
		assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
		assert_int_equal(rec.calls, 0);
	}
	fx->os.now = t0 + t - 1;
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	assert_int_equal(rec.calls, 0);
	fx->os.now = t0 + t + 1;
	assert_int_equal(scmia_agent_service(&fx->agent), 1);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
}

static void test_cfg_reply_timeout_default_from_config_h(void **state)
{
	struct fx *fx;
	struct fx_opts o;
	struct scmia_chan_cfg cfg;
	size_t sz;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_p2a = 1;
	o.max_msg = 2;
	fx = fx_new(&o);
	/* reopen the channel with zero timeouts and a transport with none */
	assert_int_equal(scmia_chan_close(&fx->a2p), SCMIA_OK);
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SCMIA_CHAN_A2P;
	cfg.completion = SCMIA_COMPLETION_IRQ;
	cfg.max_msg = 2;
	cfg.msg_size = 64;
	cfg.mem = fx->a2p_mem;
	sz = SCMIA_CHAN_MEM_SIZE(2, 64);
	cfg.mem_size = sz;
	memset(fx->a2p_mem, 0, sz);
	memset(&fx->a2p, 0, sizeof(fx->a2p));
	assert_int_equal(scmia_chan_open(&fx->agent, &fx->a2p, &cfg), SCMIA_OK);
	expect_expiry_after(fx, SCMIA_DEFAULT_REPLY_TIMEOUT_US, 0);
	expect_expiry_after(fx, SCMIA_DEFAULT_DRESP_TIMEOUT_US, SCMIA_XFER_F_ASYNC);
	fx_free(fx);
}

static void test_cfg_reply_timeout_from_transport_descriptor(void **state)
{
	struct fx *fx;
	struct fx_opts o;
	struct scmia_chan_cfg cfg;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_p2a = 1;
	o.max_msg = 2;
	fx = fx_new(&o);
	assert_int_equal(scmia_chan_close(&fx->a2p), SCMIA_OK);
	fx->tp.desc.reply_timeout_us = 5000;
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SCMIA_CHAN_A2P;
	cfg.completion = SCMIA_COMPLETION_IRQ;
	cfg.max_msg = 2;
	cfg.msg_size = 64;
	cfg.mem = fx->a2p_mem;
	cfg.mem_size = SCMIA_CHAN_MEM_SIZE(2, 64);
	memset(fx->a2p_mem, 0, cfg.mem_size);
	memset(&fx->a2p, 0, sizeof(fx->a2p));
	assert_int_equal(scmia_chan_open(&fx->agent, &fx->a2p, &cfg), SCMIA_OK);
	expect_expiry_after(fx, 5000, 0);
	fx_free(fx);
}

static void test_cfg_set_timeouts_runtime_applies_to_next_submit(void **state)
{
	struct fx *fx = fx_new_default();

	(void)state;
	expect_expiry_after(fx, 30000, 0);
	assert_int_equal(scmia_chan_set_timeouts(&fx->a2p, 1000, 0), SCMIA_OK);
	expect_expiry_after(fx, 1000, 0);
	expect_expiry_after(fx, 2000000, SCMIA_XFER_F_ASYNC);
	assert_int_equal(scmia_chan_set_timeouts(&fx->a2p, 0, 50000), SCMIA_OK);
	expect_expiry_after(fx, 1000, 0);
	expect_expiry_after(fx, 50000, SCMIA_XFER_F_ASYNC);
	assert_int_equal(scmia_chan_set_timeouts(NULL, 1, 1), SCMIA_EINVAL);
	assert_int_equal(scmia_chan_set_timeouts(&fx->p2a, 1, 1), SCMIA_EINVAL);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfg_max_msg_0_takes_default),
		cmocka_unit_test(test_cfg_max_msg_0_takes_transport_descriptor),
		cmocka_unit_test(test_cfg_max_msg_0_takes_get_max_msg_first),
		cmocka_unit_test(test_cfg_max_msg_1_single_slot),
		cmocka_unit_test(test_cfg_max_msg_1024_every_slot_usable),
		cmocka_unit_test(test_cfg_max_msg_1025_einval_nothing_attached),
		cmocka_unit_test(test_cfg_get_max_msg_0_or_1025_einval),
		cmocka_unit_test(test_cfg_get_max_msg_error_fails_open),
		cmocka_unit_test(test_cfg_descriptor_max_msg_1025_einval),
		cmocka_unit_test(test_cfg_mem_too_small_enospc),
		cmocka_unit_test(test_cfg_chan_mem_never_written_past_mem_size),
		cmocka_unit_test(test_cfg_msg_size_below_8_einval),
		cmocka_unit_test(test_cfg_msg_size_0_takes_transport_then_default),
		cmocka_unit_test(test_cfg_misaligned_mem_einval),
		cmocka_unit_test(test_cfg_bad_completion_and_wait_stride_einval),
		cmocka_unit_test(test_cfg_poll_mode_without_poll_done_einval),
		cmocka_unit_test(test_cfg_p2a_without_a2p_einval),
		cmocka_unit_test(test_cfg_duplicate_channel_estate),
		cmocka_unit_test(test_cfg_transport_not_ready_init_eagain_nothing_changed),
		cmocka_unit_test(test_cfg_transport_init_error_propagated),
		cmocka_unit_test(test_cfg_chan_open_eagain_when_transport_not_ready),
		cmocka_unit_test(test_cfg_chan_setup_error_nothing_attached),
		cmocka_unit_test(test_cfg_os_lock_without_unlock_einval),
		cmocka_unit_test(test_cfg_missing_required_transport_op_einval),
		cmocka_unit_test(test_cfg_a2p_without_send_einval),
		cmocka_unit_test(test_cfg_p2a_without_fetch_notification_einval),
		cmocka_unit_test(test_cfg_reply_timeout_default_from_config_h),
		cmocka_unit_test(test_cfg_reply_timeout_from_transport_descriptor),
		cmocka_unit_test(test_cfg_set_timeouts_runtime_applies_to_next_submit),
	};

	return cmocka_run_group_tests_name("unit_config", tests, NULL, unit_teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared fixture of the core unit tests (see fixture.h). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

static void watchdog_fired(int sig)
{
	static const char msg[] = "unit watchdog: a test hung (core spins or waits forever)\n";
	ssize_t r;

	(void)sig;
	r = write(2, msg, sizeof(msg) - 1);
	(void)r;
	_exit(3);
}

void unit_watchdog(unsigned seconds)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = watchdog_fired;
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds);
}

#define UNIT_MAX_ALLOCS 256

static void *g_allocs[UNIT_MAX_ALLOCS];

void *unit_alloc(size_t size)
{
	void *p = aligned_alloc(16, (size + 15u) & ~(size_t)15u);
	unsigned i;

	assert_non_null(p);
	memset(p, 0, size);
	for (i = 0; i < UNIT_MAX_ALLOCS; i++) {
		if (!g_allocs[i]) {
			g_allocs[i] = p;
			return p;
		}
	}
	free(p);
	fail_msg("unit_alloc: too many live allocations");
	return NULL;
}

void unit_free(void *p)
{
	unsigned i;

	if (!p)
		return;
	for (i = 0; i < UNIT_MAX_ALLOCS; i++) {
		if (g_allocs[i] == p) {
			g_allocs[i] = NULL;
			free(p);
			return;
		}
	}
	fail_msg("unit_free: %p was not allocated by unit_alloc", p);
}

int unit_teardown(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < UNIT_MAX_ALLOCS; i++) {
		free(g_allocs[i]);
		g_allocs[i] = NULL;
	}
	unit_watchdog(0);
	return 0;
}

uint64_t *fx_chan_mem(uint16_t max_msg, uint16_t msg_size, size_t *size)
{
	size_t sz = SCMIA_CHAN_MEM_SIZE(max_msg, msg_size);
	uint64_t *m = unit_alloc(sz);

	if (size)
		*size = sz;
	return m;
}

struct fx *fx_new(const struct fx_opts *o)
{
	struct fx_opts d;
	struct fx *fx;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	size_t sz;

	memset(&d, 0, sizeof(d));
	if (o)
		d = *o;
	if (!d.max_msg)
		d.max_msg = 8;
	if (!d.msg_size)
		d.msg_size = 64;
	if (!d.p2a_max_msg)
		d.p2a_max_msg = 4;
	if (!d.completion)
		d.completion = SCMIA_COMPLETION_IRQ;
	if (d.completion_auto)
		d.completion = SCMIA_COMPLETION_AUTO;
	if (!d.reply_timeout_us)
		d.reply_timeout_us = 30000u;
	if (!d.dresp_timeout_us)
		d.dresp_timeout_us = 2000000u;

	unit_watchdog(FX_WATCHDOG_S);
	fx = unit_alloc(sizeof(*fx));
	fake_os_init(&fx->os);
	if (d.drop_os & FX_DROP_NOW)
		fx->os.ops.now_us = NULL;
	if (d.drop_os & FX_DROP_WAIT) {
		fx->os.ops.wait = NULL;
		fx->os.ops.signal = NULL;
	}
	if (d.drop_os & FX_DROP_WAIT_ARM)
		fx->os.ops.wait_arm = NULL;
	fake_tp_init(&fx->tp, d.no_os ? NULL : &fx->os);
	fx->tp.desc.flags = d.tp_flags;

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = d.no_os ? NULL : &fx->os.ops;
	acfg.os_ctx = d.no_os ? NULL : &fx->os;
	acfg.transport = &fx->tp.desc;
	acfg.transport_ctx = &fx->tp;
	acfg.flags = d.agent_flags;
	acfg.notify_quota = d.notify_quota;
	assert_int_equal(scmia_agent_init(&fx->agent, &acfg), SCMIA_OK);

	fx->n_waits = d.max_msg;
	fx->waits = unit_alloc(d.max_msg * sizeof(*fx->waits));
	fx->a2p_mem = fx_chan_mem(d.max_msg, d.msg_size, &sz);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = d.completion;
	ccfg.max_msg = d.max_msg;
	ccfg.msg_size = d.msg_size;
	ccfg.chan_ctx = fx;
	ccfg.mem = fx->a2p_mem;
	ccfg.mem_size = sz;
	if (!d.no_waits && !d.no_os) {
		ccfg.wait_objs = fx->waits;
		ccfg.wait_obj_stride = sizeof(*fx->waits);
	}
	ccfg.reply_timeout_us = d.reply_timeout_us;
	ccfg.dresp_timeout_us = d.dresp_timeout_us;
	assert_int_equal(scmia_chan_open(&fx->agent, &fx->a2p, &ccfg), SCMIA_OK);

	if (!d.no_p2a) {
		fx->p2a_mem = fx_chan_mem(d.p2a_max_msg, d.msg_size, &sz);
		memset(&ccfg, 0, sizeof(ccfg));
		ccfg.dir = SCMIA_CHAN_P2A;
		ccfg.max_msg = d.p2a_max_msg;
		ccfg.msg_size = d.msg_size;
		ccfg.chan_ctx = fx;
		ccfg.mem = fx->p2a_mem;
		ccfg.mem_size = sz;
		assert_int_equal(scmia_chan_open(&fx->agent, &fx->p2a, &ccfg), SCMIA_OK);
		fx->has_p2a = 1;
	}
	return fx;
}

struct fx *fx_new_default(void)
{
	return fx_new(NULL);
}

void fx_free(struct fx *fx)
{
	fake_os_assert_clean(&fx->os);
	fake_tp_assert_clean(&fx->tp);
	(void)scmia_agent_deinit(&fx->agent);
	fake_os_assert_clean(&fx->os);
	fake_tp_assert_clean(&fx->tp);
	unit_free(fx->a2p_mem);
	unit_free(fx->p2a_mem);
	unit_free(fx->waits);
	unit_free(fx);
	unit_watchdog(0);
}

struct fake_msg *fx_msg(struct fx *fx, uint32_t hdr, int32_t status, const void *data,
			uint32_t len)
{
	struct fake_msg *m = &fx->msgs[fx->n_msgs % FX_MSGS];

	fx->n_msgs++;
	fake_msg_fill(m, hdr, status, data, len);
	return m;
}

int fx_resp(struct fx *fx, uint32_t cmd_hdr, int32_t status, const void *data, uint32_t len)
{
	return scmia_rx(&fx->a2p, cmd_hdr, fx_msg(fx, cmd_hdr, status, data, len));
}

uint32_t fx_dresp_hdr(uint32_t cmd_hdr)
{
	return (cmd_hdr & ~(0x3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
}

int fx_dresp(struct fx *fx, uint32_t cmd_hdr, int32_t status, const void *data, uint32_t len)
{
	uint32_t h = fx_dresp_hdr(cmd_hdr);

	return scmia_rx(fx->has_p2a ? &fx->p2a : &fx->a2p, h, fx_msg(fx, h, status, data, len));
}

int fx_notif(struct fx *fx, uint8_t proto, uint8_t evt, uint32_t token, const void *data,
	     uint32_t len)
{
	uint32_t h = scmia_hdr_pack(evt, SCMIA_MSG_TYPE_NOTIFICATION, proto, token);

	return scmia_rx(&fx->p2a, h, fx_msg(fx, h, 0, data, len));
}

struct scmia_xfer *fx_get(struct fx *fx, uint8_t proto, uint8_t msg_id)
{
	struct scmia_xfer *x = NULL;

	assert_int_equal(scmia_xfer_get(&fx->agent, proto, msg_id, 0, 0, &x), SCMIA_OK);
	assert_non_null(x);
	return x;
}

void cb_rec_init(struct cb_rec *rec, struct fx *fx)
{
	memset(rec, 0, sizeof(*rec));
	rec->os = fx ? &fx->os : NULL;
}

void cb_record(void *arg, struct scmia_xfer *xfer, int result)
{
	struct cb_rec *rec = arg;
	uint32_t n;

	if (rec->os && rec->os->depth != 0) {
		rec->lock_violations++;
		fake_os_violation(rec->os, "completion callback under the lock");
	}
	rec->calls++;
	rec->result = result;
	rec->xfer = xfer;
	rec->status = xfer->status;
	rec->rx_len = xfer->rx_len;
	n = xfer->rx_len < FAKE_MSG_MAX ? xfer->rx_len : FAKE_MSG_MAX;
	if (n && xfer->rx_buf)
		memcpy(rec->rx, xfer->rx_buf, n);
	if (rec->put_in_cb)
		rec->put_ret = scmia_xfer_put(xfer);
}

uint32_t fx_submit(struct fx *fx, struct scmia_xfer *x, unsigned flags, struct cb_rec *rec)
{
	unsigned before = fx->tp.n_send;

	assert_int_equal(scmia_xfer_submit(x, flags, cb_record, rec), SCMIA_OK);
	assert_int_equal(fx->tp.n_send, before + 1);
	assert_ptr_equal(fx->tp.last_xfer, x);
	return fx->tp.last_hdr;
}

/* One command (get, non-blocking submit, put), answered (@answer) or
 * left to time out. */
static uint32_t fx_one(struct fx *fx, int answer)
{
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 0x6);
	uint32_t h;

	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	if (answer) {
		assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
	} else {
		fake_os_advance(&fx->os, 30001);
		assert_int_equal(scmia_agent_service(&fx->agent), 1);
	}
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, answer ? SCMIA_OK : SCMIA_ETIMEDOUT);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	return scmia_hdr_token(h);
}

uint32_t fx_roundtrip(struct fx *fx)
{
	return fx_one(fx, 1);
}

uint32_t fx_timeout(struct fx *fx)
{
	return fx_one(fx, 0);
}

uint32_t fx_cnt(struct fx *fx, enum scmia_counter id)
{
	return scmia_agent_counter(&fx->agent, id);
}

void fx_stats(struct scmia_chan *chan, unsigned *n_free, unsigned *n_held, unsigned *n_inflight)
{
	unsigned f = 0, h = 0, i = 0;

	assert_int_equal(scmia_chan_stats(chan, &f, &h, &i), SCMIA_OK);
	if (n_free)
		*n_free = f;
	if (n_held)
		*n_held = h;
	if (n_inflight)
		*n_inflight = i;
}

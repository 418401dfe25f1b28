/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: channels and agent instances (docs/design.md):
 * dedicated per-protocol channels, the rx pool sized from the p2a
 * channel's own max_msg, a dedicated p2a channel while the default has
 * none, receive before open / during setup / after close, close and deinit
 * with transfers in flight, double close, teardown order, two independent
 * agents, transport services, counters that add up, and NULL arguments.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

void chan_count_handler(void *ctx, const struct scmia_notification *nt);

void chan_count_handler(void *ctx, const struct scmia_notification *nt)
{
	(void)nt;
	(*(unsigned *)ctx)++;
}

struct ded {
	struct scmia_chan a2p;
	struct scmia_chan p2a;
	uint64_t *a2p_mem;
	uint64_t *p2a_mem;
	struct fake_wait waits[4];
};

static void ded_open(struct fx *fx, struct ded *d, uint8_t proto, uint16_t p2a_slots)
{
	struct scmia_chan_cfg cfg;
	size_t sz;

	memset(d, 0, sizeof(*d));
	d->a2p_mem = fx_chan_mem(4, 64, &sz);
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SCMIA_CHAN_A2P;
	cfg.proto_id = proto;
	cfg.completion = SCMIA_COMPLETION_IRQ;
	cfg.max_msg = 4;
	cfg.msg_size = 64;
	cfg.mem = d->a2p_mem;
	cfg.mem_size = sz;
	cfg.wait_objs = d->waits;
	cfg.wait_obj_stride = sizeof(d->waits[0]);
	assert_int_equal(scmia_chan_open(&fx->agent, &d->a2p, &cfg), SCMIA_OK);
	if (!p2a_slots)
		return;
	d->p2a_mem = fx_chan_mem(p2a_slots, 64, &sz);
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SCMIA_CHAN_P2A;
	cfg.proto_id = proto;
	cfg.max_msg = p2a_slots;
	cfg.msg_size = 64;
	cfg.mem = d->p2a_mem;
	cfg.mem_size = sz;
	assert_int_equal(scmia_chan_open(&fx->agent, &d->p2a, &cfg), SCMIA_OK);
}

static void ded_free(struct ded *d)
{
	unit_free(d->a2p_mem);
	unit_free(d->p2a_mem);
}

static void test_chan_dedicated_protocol_channel_chosen_by_xfer_get(void **state)
{
	struct fx *fx = fx_new_default();
	struct ded d;
	struct cb_rec rs, rp;
	struct scmia_xfer *xs, *xp;
	uint32_t hs, hp;

	(void)state;
	ded_open(fx, &d, SCMIA_PROTO_SENSOR, 0);
	assert_ptr_equal(scmia_agent_chan(&fx->agent, SCMIA_PROTO_SENSOR), &d.a2p);
	assert_ptr_equal(scmia_agent_chan(&fx->agent, SCMIA_PROTO_PERF), &fx->a2p);
	assert_ptr_equal(scmia_agent_chan(&fx->agent, SCMIA_PROTO_BASE), &fx->a2p);
	assert_int_equal(scmia_chan_proto_id(&d.a2p), SCMIA_PROTO_SENSOR);
	assert_int_equal(scmia_chan_proto_id(&fx->a2p), 0);

	xs = fx_get(fx, SCMIA_PROTO_SENSOR, 3);
	cb_rec_init(&rs, fx);
	hs = fx_submit(fx, xs, 0, &rs);
	assert_ptr_equal(fx->tp.last_send_chan, &d.a2p);
	xp = fx_get(fx, SCMIA_PROTO_PERF, 3);
	cb_rec_init(&rp, fx);
	hp = fx_submit(fx, xp, 0, &rp);
	assert_ptr_equal(fx->tp.last_send_chan, &fx->a2p);

	/* each channel has its own token space: a reply on the wrong
	 * channel never completes the other channel's command */
	(void)scmia_rx(&fx->a2p, hs, fx_msg(fx, hs, 0, NULL, 0));
	assert_int_equal(rs.calls, 0);
	assert_int_equal(rp.calls, 0);
	assert_int_equal(scmia_rx(&d.a2p, hs, fx_msg(fx, hs, 0, "s", 1)), SCMIA_OK);
	assert_int_equal(rs.calls, 1);
	assert_int_equal(fx_resp(fx, hp, 0, "p", 1), SCMIA_OK);
	assert_int_equal(rp.calls, 1);
	assert_int_equal(rs.rx[0], 's');
	assert_int_equal(rp.rx[0], 'p');
	assert_int_equal(scmia_xfer_put(xs), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(xp), SCMIA_OK);
	fx_free(fx);
	ded_free(&d);
}

static void test_chan_no_default_channel_enoent(void **state)
{
	struct fx *fx = fx_new_default();
	struct ded d;
	struct scmia_xfer *x = NULL;

	(void)state;
	ded_open(fx, &d, SCMIA_PROTO_SENSOR, 0);
	assert_int_equal(scmia_chan_close(&fx->a2p), SCMIA_OK);
	assert_null(scmia_agent_chan(&fx->agent, SCMIA_PROTO_PERF));
	assert_int_equal(scmia_xfer_get(&fx->agent, SCMIA_PROTO_PERF, 1, 0, 0, &x), SCMIA_ENOENT);
	assert_int_equal(scmia_cmd(&fx->agent, SCMIA_PROTO_PERF, 1, NULL, 0, NULL, 0, NULL, 0),
			 SCMIA_ENOENT);
	assert_int_equal(scmia_xfer_get(&fx->agent, SCMIA_PROTO_SENSOR, 1, 0, 0, &x), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
	ded_free(&d);
}

/* The notification pool is the p2a channel's own: 8 slots while the a2p
 * partner has 2. */
static void test_chan_rx_pool_sized_from_p2a_own_max_msg(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	unsigned i, nf;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.max_msg = 2;
	o.p2a_max_msg = 8;
	o.notify_quota = 8;
	fx = fx_new(&o);
	assert_int_equal(scmia_chan_max_msg(&fx->p2a), 8);
	assert_int_equal(scmia_chan_max_msg(&fx->a2p), 2);
	fx_stats(&fx->p2a, &nf, NULL, NULL);
	assert_int_equal(nf, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0, i, NULL, 0), SCMIA_OK);
	assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0, 9, NULL, 0), SCMIA_ENOSPC);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 8);
	fx_free(fx);
}

static void test_chan_dedicated_p2a_while_default_has_none(void **state)
{
	struct fx_opts o;
	struct fx *fx;
	struct ded d;
	struct cb_rec rec;
	struct scmia_xfer *x;
	uint32_t h, dh;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_p2a = 1;
	fx = fx_new(&o);
	ded_open(fx, &d, SCMIA_PROTO_SENSOR, 3);
	assert_int_equal(scmia_chan_dir(&d.p2a), SCMIA_CHAN_P2A);
	assert_int_equal(scmia_chan_max_msg(&d.p2a), 3);
	/* notification on the dedicated p2a channel */
	h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SENSOR, 0);
	assert_int_equal(scmia_rx(&d.p2a, h, fx_msg(fx, h, 0, "abcdefgh", 8)), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	/* delayed response of a dedicated-channel command on its p2a */
	x = fx_get(fx, SCMIA_PROTO_SENSOR, 4);
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, SCMIA_XFER_F_ASYNC, &rec);
	assert_int_equal(scmia_rx(&d.a2p, h, fx_msg(fx, h, 0, NULL, 0)), SCMIA_OK);
	dh = fx_dresp_hdr(h);
	assert_int_equal(scmia_rx(&d.p2a, dh, fx_msg(fx, dh, 0, "dr", 2)), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_memory_equal(rec.rx, "dr", 2);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
	ded_free(&d);
}

static void test_chan_receive_before_open_estate(void **state)
{
	struct scmia_chan never;
	struct fake_msg m;

	(void)state;
	memset(&never, 0, sizeof(never));
	fake_msg_fill(&m, 0, 0, NULL, 0);
	assert_int_equal(scmia_rx(&never, 0, &m), SCMIA_ESTATE);
	assert_int_equal(scmia_rx(&never, scmia_hdr_pack(0, 3, 0x14, 0), &m), SCMIA_ESTATE);
	assert_int_equal(m.fetched, 0);
}

static int rx_during_setup(struct fake_tp *tp, struct scmia_chan *chan)
{
	struct fx *fx = tp->user;
	uint32_t h = scmia_hdr_pack(1, 0, FX_PROTO, 5);
	int r;

	/* an interrupt left pending by the bootloader fires during setup */
	r = scmia_rx(chan, h, fx_msg(fx, h, 0, NULL, 0));
	assert_true(r < 0);
	h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, FX_PROTO, 0);
	r = scmia_rx(chan, h, fx_msg(fx, h, 0, NULL, 0));
	assert_true(r < 0);
	return 0;
}

static void test_chan_receive_during_setup_no_crash(void **state)
{
	struct fx *fx = fx_new_default();
	struct ded d;
	unsigned nf, ni;

	(void)state;
	fx->tp.user = fx;
	fx->tp.on_setup = rx_during_setup;
	ded_open(fx, &d, SCMIA_PROTO_SENSOR, 2);
	fx->tp.on_setup = NULL;
	assert_int_equal(fx->msgs[0].fetched + fx->msgs[1].fetched + fx->msgs[2].fetched +
				 fx->msgs[3].fetched,
			 0);
	fx_stats(&d.a2p, &nf, NULL, &ni);
	assert_int_equal(nf, 4);
	assert_int_equal(ni, 0);
	fx_stats(&d.p2a, &nf, NULL, NULL);
	assert_int_equal(nf, 2);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 0);
	fx_free(fx);
	ded_free(&d);
}

static void test_chan_receive_after_close_estate_rx_errors(void **state)
{
	struct fx *fx = fx_new_default();
	struct fake_msg *m;
	uint32_t h = scmia_hdr_pack(1, 0, FX_PROTO, 0);

	(void)state;
	assert_int_equal(scmia_chan_close(&fx->a2p), SCMIA_OK);
	m = fx_msg(fx, h, 0, NULL, 0);
	assert_int_equal(scmia_rx(&fx->a2p, h, m), SCMIA_ESTATE);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_RX_ERRORS), 1);
	h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, FX_PROTO, 0);
	assert_int_equal(scmia_rx(&fx->p2a, h, m), SCMIA_ESTATE); /* closed with its a2p */
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_RX_ERRORS), 2);
	assert_int_equal(m->fetched, 0);
	assert_int_equal(fx->tp.n_fetch + fx->tp.n_fetch_notif, 0);
	fx_free(fx);
}

/* Close wakes a blocked waiter with ECANCELED. */
static struct fx *g_close_fx;
static int g_close_ret = 99;

static int close_during_wait(struct fake_os *os, struct fake_wait *w, uint32_t timeout_us,
			     void *arg)
{
	(void)os;
	(void)w;
	(void)timeout_us;
	(void)arg;
	if (g_close_ret == 99)
		g_close_ret = scmia_chan_close(&g_close_fx->a2p);
	return FAKE_WAIT_DEFAULT;
}

static void test_chan_close_with_transfers_in_flight_cancels(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec r1, r2;
	struct scmia_xfer *a = fx_get(fx, FX_PROTO, 1), *b = fx_get(fx, FX_PROTO, 1);
	struct scmia_xfer *c = fx_get(fx, FX_PROTO, 1), *idle = fx_get(fx, FX_PROTO, 1);
	uint64_t t0;

	(void)state;
	cb_rec_init(&r1, fx);
	cb_rec_init(&r2, fx);
	(void)fx_submit(fx, a, 0, &r1);
	(void)fx_submit(fx, b, SCMIA_XFER_F_ASYNC, &r2);
	assert_int_equal(fx_resp(fx, b->hdr, 0, NULL, 0), SCMIA_OK); /* b waits for its dresp */
	g_close_fx = fx;
	g_close_ret = 99;
	fx->os.during_wait = close_during_wait;
	t0 = fx->os.now;
	assert_int_equal(scmia_xfer_do(c, 0), SCMIA_ECANCELED);
	assert_int_equal(g_close_ret, SCMIA_OK);
	assert_true(fx->os.now < t0 + 30000); /* woken, not timed out */
	assert_int_equal(r1.calls, 1);
	assert_int_equal(r1.result, SCMIA_ECANCELED);
	assert_int_equal(r2.calls, 1);
	assert_int_equal(r2.result, SCMIA_ECANCELED);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_CANCELED), 3);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_TIMEOUTS), 0);
	/* transfers are put after the close */
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(c), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(idle), SCMIA_OK);
	/* nothing expires later, nothing is submitted on a closed channel */
	fake_os_advance(&fx->os, 10000000);
	assert_int_equal(scmia_agent_service(&fx->agent), 0);
	assert_int_equal(r1.calls, 1);
	fx_free(fx);
}

static void test_chan_double_close_harmless(void **state)
{
	struct fx *fx = fx_new_default();

	(void)state;
	assert_int_equal(scmia_chan_close(&fx->p2a), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&fx->p2a), SCMIA_ESTATE);
	assert_int_equal(fx->tp.n_free, 1);
	assert_int_equal(scmia_chan_close(&fx->a2p), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&fx->a2p), SCMIA_ESTATE);
	assert_int_equal(fx->tp.n_free, 2);
	assert_int_equal(scmia_agent_deinit(&fx->agent), SCMIA_OK);
	assert_int_equal(fx->tp.n_free, 2);
	assert_int_equal(scmia_agent_deinit(&fx->agent), SCMIA_ESTATE);
	assert_int_equal(fx->tp.n_exit, 1);
	fx_free(fx);
}

/* Closing an a2p channel closes its p2a partner first and drops the
 * notifications queued from it. */
static void test_chan_close_a2p_closes_p2a_first(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x = NULL;

	(void)state;
	assert_int_equal(fx_notif(fx, FX_PROTO, 0, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(scmia_chan_close(&fx->a2p), SCMIA_OK);
	assert_int_equal(fx->tp.n_free, 2);
	assert_ptr_equal(fx->tp.freed[0], &fx->p2a);
	assert_ptr_equal(fx->tp.freed[1], &fx->a2p);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 0);
	assert_int_equal(scmia_chan_close(&fx->p2a), SCMIA_ESTATE);
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 0, &x), SCMIA_ENOENT);
	fx_free(fx);
}

static void test_agent_deinit_cancels_in_flight_then_exit(void **state)
{
	struct fx *fx = fx_new_default();
	struct ded d;
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1);
	uint32_t h;
	unsigned i;

	(void)state;
	ded_open(fx, &d, SCMIA_PROTO_SENSOR, 2);
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, 0, &rec);
	assert_int_equal(fx_notif(fx, FX_PROTO, 0, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(scmia_agent_deinit(&fx->agent), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_ECANCELED);
	assert_int_equal(fx->tp.n_free, 4);
	assert_int_equal(fx->tp.n_exit, 1);
	/* p2a channels go first: notification state last */
	for (i = 0; i < 2; i++)
		assert_int_equal(scmia_chan_dir(fx->tp.freed[i]), SCMIA_CHAN_P2A);
	/* interrupts after teardown: rejected, no crash */
	assert_true(scmia_rx(&fx->a2p, h, fx_msg(fx, h, 0, NULL, 0)) < 0);
	assert_true(fx_notif(fx, FX_PROTO, 0, 0, NULL, 0) < 0);
	assert_int_equal(fx->tp.n_fetch + fx->tp.n_fetch_notif, 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_agent_deinit(&fx->agent), SCMIA_ESTATE);
	assert_int_equal(fx->tp.n_exit, 1);
	fx_free(fx);
	ded_free(&d);
}

/* Two agents, each with its own transport context, clock and channels. */
static void test_two_agents_do_not_interfere(void **state)
{
	struct fx *f1 = fx_new_default(), *f2 = fx_new_default();
	struct cb_rec r1, r2;
	struct scmia_xfer *x1, *x2;
	uint32_t h1, h2;
	unsigned i;

	(void)state;
	for (i = 0; i < 5; i++)
		(void)fx_roundtrip(f1);
	/* tokens are taken at get: agent 1 is 5 tokens ahead of agent 2 */
	x1 = fx_get(f1, FX_PROTO, 1);
	x2 = fx_get(f2, FX_PROTO, 1);
	cb_rec_init(&r1, f1);
	cb_rec_init(&r2, f2);
	h1 = fx_submit(f1, x1, 0, &r1);
	h2 = fx_submit(f2, x2, 0, &r2);
	assert_int_equal(f1->tp.n_send, 6);
	assert_int_equal(f2->tp.n_send, 1);
	/* agent 1's reply shown to agent 2: nobody there waits for token h1 */
	assert_int_not_equal(scmia_hdr_token(h1), scmia_hdr_token(h2));
	assert_int_equal(scmia_rx(&f2->a2p, h1, fx_msg(f2, h1, 0, NULL, 0)), SCMIA_EUNEXPECTED);
	assert_int_equal(r1.calls + r2.calls, 0);
	assert_int_equal(fx_cnt(f2, SCMIA_CNT_UNEXPECTED_TOKEN), 1);
	assert_int_equal(fx_cnt(f1, SCMIA_CNT_UNEXPECTED_TOKEN), 0);
	assert_int_equal(fx_resp(f2, h2, 0, "2", 1), SCMIA_OK);
	assert_int_equal(fx_resp(f1, h1, 0, "1", 1), SCMIA_OK);
	assert_int_equal(r1.rx[0], '1');
	assert_int_equal(r2.rx[0], '2');
	assert_int_equal(fx_cnt(f1, SCMIA_CNT_SENT), 6);
	assert_int_equal(fx_cnt(f2, SCMIA_CNT_SENT), 1);
	/* time is per agent: expiring agent 1 leaves agent 2 alone */
	assert_int_equal(scmia_xfer_put(x1), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x2), SCMIA_OK);
	x2 = fx_get(f2, FX_PROTO, 1);
	cb_rec_init(&r2, f2);
	(void)fx_submit(f2, x2, 0, &r2);
	fake_os_advance(&f1->os, 10000000);
	assert_int_equal(scmia_agent_service(&f1->agent), 0);
	assert_int_equal(scmia_agent_service(&f2->agent), 0);
	assert_int_equal(r2.calls, 0);
	assert_int_equal(scmia_agent_deinit(&f1->agent), SCMIA_OK);
	assert_int_equal(r2.calls, 0);
	assert_int_equal(fx_resp(f2, x2->hdr, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(r2.calls, 1);
	assert_int_equal(scmia_xfer_put(x2), SCMIA_OK);
	fx_free(f1);
	fx_free(f2);
}

static void test_chan_transport_services(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_xfer *x;
	uint64_t t;

	(void)state;
	assert_ptr_equal(scmia_chan_ctx(&fx->a2p), fx);
	assert_int_equal(scmia_chan_dir(&fx->a2p), SCMIA_CHAN_A2P);
	assert_int_equal(scmia_chan_dir(&fx->p2a), SCMIA_CHAN_P2A);
	assert_int_equal(scmia_chan_max_msg(&fx->a2p), 8);
	assert_int_equal(scmia_chan_msg_size(&fx->a2p), 64);
	assert_int_equal(scmia_chan_now_us(&fx->a2p), fx->os.now);
	t = fx->os.now;
	scmia_chan_relax(&fx->a2p);
	assert_int_equal(fx->os.relaxes, 1);
	assert_true(fx->os.now == t + fx->os.relax_step_us);
	scmia_chan_count(&fx->a2p, SCMIA_CNT_SPURIOUS);
	scmia_chan_count(&fx->a2p, SCMIA_CNT_SPURIOUS);
	scmia_chan_count(&fx->a2p, SCMIA_CNT__COUNT);              /* ignored */
	scmia_chan_count(&fx->a2p, (enum scmia_counter)-1);        /* ignored */
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_SPURIOUS), 2);
	x = scmia_chan_xfer(&fx->a2p, 7);
	assert_non_null(x);
	assert_int_equal(scmia_xfer_index(x), 7);
	assert_null(scmia_chan_xfer(&fx->a2p, 8));
	assert_null(scmia_chan_xfer(&fx->a2p, 0xffffffffu));
	fx_free(fx);
}

static void test_chan_stats_track_slots_and_tokens(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_xfer *x = fx_get(fx, FX_PROTO, 1), *y = fx_get(fx, FX_PROTO, 1);
	unsigned nf, nh, ni;

	(void)state;
	/* a transfer holds its token from get to put */
	fx_stats(&fx->a2p, &nf, &nh, &ni);
	assert_int_equal(nf, 6);
	assert_int_equal(nh, 2);
	assert_int_equal(ni, 2);
	cb_rec_init(&rec, fx);
	(void)fx_submit(fx, x, 0, &rec);
	fx_stats(&fx->a2p, &nf, &nh, &ni);
	assert_int_equal(ni, 2);
	assert_int_equal(scmia_chan_stats(&fx->a2p, NULL, NULL, NULL), SCMIA_OK);
	assert_int_equal(fx_resp(fx, x->hdr, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(y), SCMIA_OK);
	fx_stats(&fx->a2p, &nf, &nh, &ni);
	assert_int_equal(nf, 8);
	assert_int_equal(nh, 0);
	assert_int_equal(ni, 0);
	fx_free(fx);
}

/* One scenario of every kind; every counter ends at exactly what happened. */
static void test_counters_add_up_mixed_scenario(void **state)
{
	struct fx *fx = fx_new_default();
	uint32_t c[SCMIA_CNT__COUNT + 4], exp[SCMIA_CNT__COUNT];
	struct cb_rec r;
	struct scmia_xfer *x;
	uint32_t h;
	unsigned i;

	(void)state;
	memset(exp, 0, sizeof(exp));
	for (i = 0; i < 10; i++)
		(void)fx_roundtrip(fx);
	exp[SCMIA_CNT_SENT] += 10;
	exp[SCMIA_CNT_REPLIES] += 10;
	/* a timeout and its late reply */
	x = fx_get(fx, FX_PROTO, 1);
	cb_rec_init(&r, fx);
	h = fx_submit(fx, x, 0, &r);
	fake_os_advance(&fx->os, 40000);
	assert_int_equal(scmia_agent_service(&fx->agent), 1);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	(void)fx_resp(fx, h, 0, NULL, 0);
	exp[SCMIA_CNT_SENT]++;
	exp[SCMIA_CNT_TIMEOUTS]++;
	exp[SCMIA_CNT_LATE_REPLIES]++;
	/* an unknown token */
	(void)fx_resp(fx, scmia_hdr_pack(1, 0, FX_PROTO, 999), 0, NULL, 0);
	exp[SCMIA_CNT_UNEXPECTED_TOKEN]++;
	/* async with a reordered delayed response and a late response */
	x = fx_get(fx, FX_PROTO, 1);
	cb_rec_init(&r, fx);
	h = fx_submit(fx, x, SCMIA_XFER_F_ASYNC, &r);
	(void)fx_dresp(fx, h, SCMIA_STATUS_BUSY, NULL, 0);
	(void)fx_resp(fx, h, 0, NULL, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	exp[SCMIA_CNT_SENT]++;
	exp[SCMIA_CNT_DELAYED_REPLIES]++;
	exp[SCMIA_CNT_REORDERED]++;
	exp[SCMIA_CNT_INVALID_STATE]++;
	exp[SCMIA_CNT_STATUS_ERRORS]++;
	exp[SCMIA_CNT_STATUS_FIRST + 5]++;
	/* malformed status */
	x = fx_get(fx, FX_PROTO, 1);
	cb_rec_init(&r, fx);
	h = fx_submit(fx, x, 0, &r);
	(void)fx_resp(fx, h, 3, NULL, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	exp[SCMIA_CNT_SENT]++;
	exp[SCMIA_CNT_REPLIES]++; /* matched and fetched, then found malformed */
	exp[SCMIA_CNT_MALFORMED]++;
	/* a send failure */
	x = fx_get(fx, FX_PROTO, 1);
	fx->tp.send_fail_once = SCMIA_EIO;
	assert_int_equal(scmia_xfer_do(x, 0), SCMIA_EIO);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	exp[SCMIA_CNT_TX_ERRORS]++;
	/* notifications: 2 queued (quota 2 of 4), 1 dropped, 1 unhandled */
	(void)fx_notif(fx, FX_PROTO, 0, 0, NULL, 0);
	(void)fx_notif(fx, FX_PROTO, 0, 0, NULL, 0);
	(void)fx_notif(fx, FX_PROTO, 0, 0, NULL, 0);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 2);
	exp[SCMIA_CNT_NOTIFICATIONS] += 2;
	exp[SCMIA_CNT_NOTIFY_DROPS]++;
	exp[SCMIA_CNT_NOTIFY_UNHANDLED] += 2;
	/* pool exhaustion */
	{
		struct scmia_xfer *all[8], *extra;

		for (i = 0; i < 8; i++)
			all[i] = fx_get(fx, FX_PROTO, 1);
		assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 0, &extra),
				 SCMIA_ENOSLOT);
		for (i = 0; i < 8; i++)
			assert_int_equal(scmia_xfer_put(all[i]), SCMIA_OK);
		exp[SCMIA_CNT_NO_SLOT]++;
	}
	memset(c, 0xee, sizeof(c));
	assert_int_equal(scmia_agent_counters(&fx->agent, c, SCMIA_CNT__COUNT + 4),
			 SCMIA_CNT__COUNT);
	assert_int_equal(c[SCMIA_CNT__COUNT], 0xeeeeeeeeu); /* nothing past the end */
	for (i = 0; i < SCMIA_CNT__COUNT; i++) {
		if (c[i] != exp[i])
			print_error("counter %s: %u, expected %u\n",
				    scmia_counter_name((enum scmia_counter)i), c[i], exp[i]);
		assert_int_equal(c[i], exp[i]);
		assert_int_equal(scmia_agent_counter(&fx->agent, (enum scmia_counter)i), exp[i]);
	}
	/* partial read */
	memset(c, 0, sizeof(c));
	assert_int_equal(scmia_agent_counters(&fx->agent, c, 2), 2);
	assert_int_equal(c[0], exp[0]);
	assert_int_equal(c[1], exp[1]);
	assert_int_equal(c[2], 0);
	assert_int_equal(scmia_agent_counter(&fx->agent, SCMIA_CNT__COUNT), 0);
	fx_free(fx);
}

static void test_null_arguments_einval(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	struct scmia_chan ch;
	struct scmia_agent ag;
	struct scmia_xfer *x = NULL;
	struct scmia_notifier n;
	uint32_t c[4];
	unsigned u;

	(void)state;
	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &fx->tp.desc;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.mem = fx->a2p_mem;
	ccfg.mem_size = 1;
	memset(&n, 0, sizeof(n));
	memset(&ag, 0, sizeof(ag));

	assert_int_equal(scmia_agent_init(NULL, &acfg), SCMIA_EINVAL);
	assert_int_equal(scmia_agent_init(&ag, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_agent_deinit(NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_chan_open(NULL, &ch, &ccfg), SCMIA_EINVAL);
	assert_int_equal(scmia_chan_open(&fx->agent, NULL, &ccfg), SCMIA_EINVAL);
	assert_int_equal(scmia_chan_open(&fx->agent, &ch, NULL), SCMIA_EINVAL);
	ccfg.mem = NULL;
	assert_int_equal(scmia_chan_open(&fx->agent, &ch, &ccfg), SCMIA_EINVAL);
	/* agent not initialised */
	assert_int_equal(scmia_chan_open(&ag, &ch, &ccfg), SCMIA_EINVAL);
	assert_true(scmia_chan_close(NULL) < 0);
	assert_int_equal(scmia_chan_set_timeouts(NULL, 1, 1), SCMIA_EINVAL);
	assert_null(scmia_agent_chan(NULL, 0));
	assert_int_equal(scmia_xfer_get(NULL, FX_PROTO, 1, 0, 0, &x), SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_get(&fx->agent, FX_PROTO, 1, 0, 0, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_get(&ag, FX_PROTO, 1, 0, 0, &x), SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_put(NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_submit(NULL, 0, cb_record, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_do(NULL, 0), SCMIA_EINVAL);
	x = fx_get(fx, FX_PROTO, 1);
	assert_int_equal(scmia_xfer_submit(x, 0, NULL, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_xfer_submit(x, 0x80, cb_record, NULL), SCMIA_EINVAL);
	assert_int_equal(fx->tp.n_send, 0);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	assert_int_equal(scmia_cmd(NULL, FX_PROTO, 1, NULL, 0, NULL, 0, NULL, 0), SCMIA_EINVAL);
	assert_int_equal(scmia_cmd(&fx->agent, FX_PROTO, 1, NULL, 4, NULL, 0, NULL, 0),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_cmd(&fx->agent, FX_PROTO, 1, NULL, 0, NULL, 4, NULL, 0),
			 SCMIA_EINVAL);
	assert_true(scmia_rx(NULL, 0, NULL) < 0);
	assert_int_equal(scmia_agent_service(NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_agent_counters(NULL, c, 4), SCMIA_EINVAL);
	assert_int_equal(scmia_agent_counters(&fx->agent, NULL, 4), SCMIA_EINVAL);
	assert_int_equal(scmia_agent_counter(NULL, SCMIA_CNT_SENT), 0);
	assert_int_equal(scmia_chan_stats(NULL, &u, &u, &u), SCMIA_EINVAL);
	assert_int_equal(scmia_notify_register(NULL, &n), SCMIA_EINVAL);
	assert_int_equal(scmia_notify_register(&fx->agent, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_notify_register(&fx->agent, &n), SCMIA_EINVAL); /* no handler */
	assert_int_equal(scmia_notify_unregister(NULL, &n), SCMIA_EINVAL);
	assert_int_equal(scmia_notify_unregister(&fx->agent, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_notify_dispatch(NULL, 0), SCMIA_EINVAL);
	/* services tolerate NULL without crashing */
	assert_null(scmia_chan_ctx(NULL));
	assert_null(scmia_chan_xfer(NULL, 0));
	scmia_chan_count(NULL, SCMIA_CNT_SPURIOUS);
	scmia_xfer_hold(NULL);
	scmia_xfer_unhold(NULL);
	assert_int_equal(fx->tp.n_send, 0);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chan_dedicated_protocol_channel_chosen_by_xfer_get),
		cmocka_unit_test(test_chan_no_default_channel_enoent),
		cmocka_unit_test(test_chan_rx_pool_sized_from_p2a_own_max_msg),
		cmocka_unit_test(test_chan_dedicated_p2a_while_default_has_none),
		cmocka_unit_test(test_chan_receive_before_open_estate),
		cmocka_unit_test(test_chan_receive_during_setup_no_crash),
		cmocka_unit_test(test_chan_receive_after_close_estate_rx_errors),
		cmocka_unit_test(test_chan_close_with_transfers_in_flight_cancels),
		cmocka_unit_test(test_chan_double_close_harmless),
		cmocka_unit_test(test_chan_close_a2p_closes_p2a_first),
		cmocka_unit_test(test_agent_deinit_cancels_in_flight_then_exit),
		cmocka_unit_test(test_two_agents_do_not_interfere),
		cmocka_unit_test(test_chan_transport_services),
		cmocka_unit_test(test_chan_stats_track_slots_and_tokens),
		cmocka_unit_test(test_counters_add_up_mixed_scenario),
		cmocka_unit_test(test_null_arguments_einval),
	};

	return cmocka_run_group_tests_name("unit_chan", tests, NULL, unit_teardown);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests: notifications (docs/design.md, "Notifications"): handler matching by
 * (protocol, event, source) and ANY source, the bounded queue (full ->
 * NOTIFY_DROPS and the channel cleared), the per-protocol quota (a flood on
 * one protocol does not starve another), immediate dispatch, unregister,
 * handlers never under a library lock, and a notification never completing
 * a pending command that has the same token.
 */
#include <string.h>

#include "fixture.h"

struct hrec {
	struct fake_os *os;
	unsigned calls;
	uint32_t src;
	uint8_t proto, evt;
	uint32_t len;
	uint8_t pay[64];
	uint32_t hdr;
	unsigned order;
	unsigned lock_violations;
};

static unsigned g_order;

static void handler(void *ctx, const struct scmia_notification *n)
{
	struct hrec *h = ctx;

	if (h->os && h->os->depth != 0) {
		h->lock_violations++;
		fake_os_violation(h->os, "notification handler under the lock");
	}
	h->calls++;
	h->src = n->src_id;
	h->proto = n->proto_id;
	h->evt = n->msg_id;
	h->hdr = n->hdr;
	h->len = n->len;
	h->order = ++g_order;
	if (n->len && n->len <= sizeof(h->pay))
		memcpy(h->pay, n->payload, n->len);
}

static void notifier(struct scmia_notifier *n, struct hrec *h, struct fx *fx, uint8_t proto,
		     uint8_t evt, uint32_t src)
{
	memset(n, 0, sizeof(*n));
	memset(h, 0, sizeof(*h));
	h->os = &fx->os;
	n->proto_id = proto;
	n->evt_id = evt;
	n->src_id = src;
	n->fn = handler;
	n->ctx = h;
}

/* Standard notification payload: agent_id, then the resource id. */
static int notif_src(struct fx *fx, uint8_t proto, uint8_t evt, uint32_t src, uint32_t extra)
{
	uint8_t p[12];

	scmia_put_le32(p, 0);
	scmia_put_le32(p + 4, src);
	scmia_put_le32(p + 8, extra);
	return fx_notif(fx, proto, evt, 0, p, 12);
}

static struct fx *fx_notify(uint16_t p2a_slots, uint32_t quota, uint32_t flags)
{
	struct fx_opts o;

	memset(&o, 0, sizeof(o));
	o.p2a_max_msg = p2a_slots;
	o.notify_quota = quota;
	o.agent_flags = flags;
	return fx_new(&o);
}

static void test_ntf_handler_matched_by_proto_evt_src(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_notifier n1, n2, n3, n4;
	struct hrec h1, h2, h3, h4;

	(void)state;
	notifier(&n1, &h1, fx, SCMIA_PROTO_SENSOR, 0x0, 5);   /* exact */
	notifier(&n2, &h2, fx, SCMIA_PROTO_SENSOR, 0x0, 6);   /* other source */
	notifier(&n3, &h3, fx, SCMIA_PROTO_SENSOR, 0x1, 5);   /* other event */
	notifier(&n4, &h4, fx, SCMIA_PROTO_PERF, 0x0, 5);     /* other protocol */
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&fx->agent, &n2), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&fx->agent, &n3), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&fx->agent, &n4), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0x0, 5, 0xabcdef01u), SCMIA_OK);
	assert_int_equal(h1.calls, 0); /* queued, not run from the receive entry */
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(h1.calls, 1);
	assert_int_equal(h2.calls + h3.calls + h4.calls, 0);
	assert_int_equal(h1.src, 5);
	assert_int_equal(h1.proto, SCMIA_PROTO_SENSOR);
	assert_int_equal(h1.evt, 0);
	assert_int_equal(h1.len, 12);
	assert_int_equal(scmia_get_le32(h1.pay + 8), 0xabcdef01u);
	assert_int_equal(scmia_hdr_type(h1.hdr), SCMIA_MSG_TYPE_NOTIFICATION);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFICATIONS), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFY_UNHANDLED), 0);
	fx_free(fx);
}

static void test_ntf_any_source_matches_every_source(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_notifier n1, n2;
	struct hrec h1, h2;

	(void)state;
	notifier(&n1, &h1, fx, SCMIA_PROTO_CLOCK, 0x1, SCMIA_NOTIFY_SRC_ANY);
	notifier(&n2, &h2, fx, SCMIA_PROTO_CLOCK, 0x1, 3);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&fx->agent, &n2), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_CLOCK, 0x1, 3, 0), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_CLOCK, 0x1, 9, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 2);
	assert_int_equal(h1.calls, 2);
	assert_int_equal(h2.calls, 1);
	assert_int_equal(h1.src, 9);
	fx_free(fx);
}

static void test_ntf_unhandled_counted(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_notifier n1;
	struct hrec h1;

	(void)state;
	notifier(&n1, &h1, fx, SCMIA_PROTO_CLOCK, 0x1, 3);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_CLOCK, 0x1, 4, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(h1.calls, 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFY_UNHANDLED), 1);
	fx_free(fx);
}

/* Dispatch in arrival order, up to max at a time, slots returned. */
static void test_ntf_dispatch_fifo_and_max(void **state)
{
	struct fx *fx = fx_notify(4, 4, 0);
	struct scmia_notifier n1;
	struct hrec h1;
	uint32_t i;

	(void)state;
	notifier(&n1, &h1, fx, SCMIA_PROTO_SENSOR, 0, SCMIA_NOTIFY_SRC_ANY);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	for (i = 0; i < 4; i++)
		assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, i, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 1), 1);
	assert_int_equal(h1.src, 0);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 2), 2);
	assert_int_equal(h1.src, 2);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(h1.src, 3);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 0);
	/* the pool is whole again */
	for (i = 0; i < 4; i++)
		assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, i, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 4);
	assert_int_equal(h1.calls, 8);
	fx_free(fx);
}

static void test_ntf_queue_full_drops_and_clears(void **state)
{
	struct fx *fx = fx_notify(4, 4, 0);
	struct fake_msg *m;
	uint32_t h, i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, i, 0), SCMIA_OK);
	h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SENSOR, 0);
	m = fx_msg(fx, h, 0, NULL, 0);
	assert_int_equal(scmia_rx(&fx->p2a, h, m), SCMIA_ENOSPC);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFY_DROPS), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFICATIONS), 4);
	assert_int_equal(fx->tp.n_clear, 1);
	assert_ptr_equal(fx->tp.last_clear_cookie, m);
	assert_ptr_equal(fx->tp.last_clear_chan, &fx->p2a);
	assert_int_equal(m->fetched, 0);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 4);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 9, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	fx_free(fx);
}

/* A flood on one protocol fills only its quota: another protocol still
 * gets through. */
static void test_ntf_flood_on_one_protocol_does_not_starve_another(void **state)
{
	struct fx *fx = fx_notify(8, 3, 0);
	struct scmia_notifier na, nb;
	struct hrec ha, hb;
	unsigned i, ok = 0, dropped = 0;

	(void)state;
	notifier(&na, &ha, fx, SCMIA_PROTO_SENSOR, 0, SCMIA_NOTIFY_SRC_ANY);
	notifier(&nb, &hb, fx, SCMIA_PROTO_POWER, 0, SCMIA_NOTIFY_SRC_ANY);
	assert_int_equal(scmia_notify_register(&fx->agent, &na), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&fx->agent, &nb), SCMIA_OK);
	for (i = 0; i < 20; i++) {
		int r = notif_src(fx, SCMIA_PROTO_SENSOR, 0, i, 0);

		if (r == SCMIA_OK)
			ok++;
		else if (r == SCMIA_ENOSPC)
			dropped++;
		else
			fail_msg("unexpected rx result %d", r);
	}
	assert_int_equal(ok, 3);
	assert_int_equal(dropped, 17);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFY_DROPS), 17);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_POWER, 0, 1, 0), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_POWER, 0, 2, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 5);
	assert_int_equal(ha.calls, 3);
	assert_int_equal(hb.calls, 2);
	/* the quota frees with the dispatch */
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 1, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	fx_free(fx);
}

/* Default quota (0): half the p2a pool. */
static void test_ntf_default_quota_half_the_pool(void **state)
{
	struct fx *fx = fx_notify(8, 0, 0);
	unsigned i, ok = 0;

	(void)state;
	for (i = 0; i < 8; i++)
		if (notif_src(fx, SCMIA_PROTO_SENSOR, 0, i, 0) == SCMIA_OK)
			ok++;
	assert_int_equal(ok, 4);
	ok = 0;
	for (i = 0; i < 8; i++)
		if (notif_src(fx, SCMIA_PROTO_PERF, 0, i, 0) == SCMIA_OK)
			ok++;
	assert_int_equal(ok, 4);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFY_DROPS), 8);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 8);
	fx_free(fx);
}

static void test_ntf_immediate_dispatch_flag(void **state)
{
	struct fx *fx = fx_notify(4, 0, SCMIA_AGENT_F_NOTIFY_IMMEDIATE);
	struct scmia_notifier n1;
	struct hrec h1;
	unsigned i;

	(void)state;
	notifier(&n1, &h1, fx, SCMIA_PROTO_SENSOR, 2, 7);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 2, 7, 0x1234), SCMIA_OK);
	assert_int_equal(h1.calls, 1); /* ran inside the receive entry */
	assert_int_equal(h1.lock_violations, 0);
	assert_int_equal(scmia_get_le32(h1.pay + 8), 0x1234);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 0);
	/* slots are returned right away: more than the pool size gets through */
	for (i = 0; i < 10; i++)
		assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 2, 7, i), SCMIA_OK);
	assert_int_equal(h1.calls, 11);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFY_DROPS), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFICATIONS), 11);
	fx_free(fx);
}

static void test_ntf_unregister(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_notifier n1, n2;
	struct hrec h1, h2;

	(void)state;
	notifier(&n1, &h1, fx, SCMIA_PROTO_SENSOR, 0, SCMIA_NOTIFY_SRC_ANY);
	notifier(&n2, &h2, fx, SCMIA_PROTO_SENSOR, 0, SCMIA_NOTIFY_SRC_ANY);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_ESTATE);
	assert_int_equal(scmia_notify_register(&fx->agent, &n2), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 1, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(h1.calls, 1);
	assert_int_equal(h2.calls, 1);
	assert_true(h1.order < h2.order); /* registration order */
	assert_int_equal(scmia_notify_unregister(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(scmia_notify_unregister(&fx->agent, &n1), SCMIA_ENOENT);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 1, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(h1.calls, 1);
	assert_int_equal(h2.calls, 2);
	assert_int_equal(scmia_notify_unregister(&fx->agent, &n2), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 1, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFY_UNHANDLED), 1);
	/* re-register after unregister works */
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	fx_free(fx);
}

/* A handler may unregister itself while dispatch runs (register and
 * unregister are allowed from the dispatching thread): the handlers
 * registered after it still run for that notification. */
static struct scmia_notifier *g_self;
static struct fx *g_fx;
static int g_unreg_ret = 99;

static void self_unregister(void *ctx, const struct scmia_notification *n)
{
	handler(ctx, n);
	g_unreg_ret = scmia_notify_unregister(&g_fx->agent, g_self);
}

static void test_ntf_handler_unregisters_itself(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_notifier n1, n2;
	struct hrec h1, h2;

	(void)state;
	notifier(&n1, &h1, fx, SCMIA_PROTO_SENSOR, 0, SCMIA_NOTIFY_SRC_ANY);
	notifier(&n2, &h2, fx, SCMIA_PROTO_SENSOR, 0, SCMIA_NOTIFY_SRC_ANY);
	n1.fn = self_unregister;
	g_self = &n1;
	g_fx = fx;
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&fx->agent, &n2), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 1, 0), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 2, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 2);
	assert_int_equal(g_unreg_ret, SCMIA_OK);
	assert_int_equal(h1.calls, 1);
	assert_int_equal(h2.calls, 2); /* not skipped by n1's removal */
	fx_free(fx);
}

/* A notification with the same token (and protocol / message id) as a
 * command in flight goes to the notification path; the command keeps
 * waiting for its own response. */
static void test_ntf_never_completes_pending_command(void **state)
{
	struct fx *fx = fx_new_default();
	struct cb_rec rec;
	struct scmia_notifier n1;
	struct hrec h1;
	struct scmia_xfer *x = fx_get(fx, SCMIA_PROTO_SENSOR, 0x0);
	uint32_t h;
	uint8_t pay[8];

	(void)state;
	notifier(&n1, &h1, fx, SCMIA_PROTO_SENSOR, 0x0, SCMIA_NOTIFY_SRC_ANY);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	cb_rec_init(&rec, fx);
	h = fx_submit(fx, x, SCMIA_XFER_F_ASYNC, &rec);
	scmia_put_le32(pay, 0);
	scmia_put_le32(pay + 4, 0x99);
	assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0x0, scmia_hdr_token(h), pay, 8),
			 SCMIA_OK);
	assert_int_equal(rec.calls, 0);
	assert_int_equal(x->rx_len, 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_REPLIES) + fx_cnt(fx, SCMIA_CNT_DELAYED_REPLIES), 0);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(h1.calls, 1);
	assert_int_equal(h1.src, 0x99);
	assert_int_equal(fx_resp(fx, h, 0, NULL, 0), SCMIA_OK);
	assert_int_equal(fx_dresp(fx, h, 0, "ok", 2), SCMIA_OK);
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.result, SCMIA_OK);
	assert_memory_equal(rec.rx, "ok", 2);
	assert_int_equal(scmia_xfer_put(x), SCMIA_OK);
	fx_free(fx);
}

/* Notification payload bounded by the p2a channel's msg_size. */
static void test_ntf_payload_bounded_by_msg_size(void **state)
{
	struct fx *fx = fx_new_default();
	struct scmia_notifier n1;
	struct hrec h1;
	uint8_t big[200];

	(void)state;
	memset(big, 0x6b, sizeof(big));
	notifier(&n1, &h1, fx, SCMIA_PROTO_SENSOR, 0, SCMIA_NOTIFY_SRC_ANY);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(fx_notif(fx, SCMIA_PROTO_SENSOR, 0, 0, big, sizeof(big)), SCMIA_OK);
	assert_true(fx->tp.last_notif_max <= 64);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_true(h1.len <= 64);
	fx_free(fx);
}

/* A failing fetch drops the notification and returns its slot. */
static void test_ntf_fetch_error_returns_slot(void **state)
{
	struct fx *fx = fx_notify(2, 2, 0);
	struct fake_msg *m;
	uint32_t h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SENSOR, 0);
	unsigned i, nf;

	(void)state;
	for (i = 0; i < 5; i++) {
		m = fx_msg(fx, h, 0, NULL, 0);
		m->fetch_ret = SCMIA_ETOOSHORT;
		assert_true(scmia_rx(&fx->p2a, h, m) < 0);
	}
	fx_stats(&fx->p2a, &nf, NULL, NULL);
	assert_int_equal(nf, 2);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_NOTIFICATIONS), 0);
	assert_int_equal(fx_cnt(fx, SCMIA_CNT_MALFORMED) + fx_cnt(fx, SCMIA_CNT_RX_ERRORS), 5);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 1, 0), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 1, 0), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 2);
	fx_free(fx);
}

/* The default source rule: payload word 1; none for System power or a
 * payload shorter than 8 bytes. */
static void test_ntf_default_source_rule(void **state)
{
	uint8_t p[8];
	uint32_t h;

	(void)state;
	scmia_put_le32(p, 1);
	scmia_put_le32(p + 4, 0x42);
	h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_PERF, 0);
	assert_int_equal(scmia_notify_src_default(NULL, h, p, 8), 0x42);
	assert_int_equal(scmia_notify_src_default(NULL, h, p, 7), SCMIA_NOTIFY_SRC_ANY);
	assert_int_equal(scmia_notify_src_default(NULL, h, p, 0), SCMIA_NOTIFY_SRC_ANY);
	assert_int_equal(scmia_notify_src_default(NULL, h, NULL, 0), SCMIA_NOTIFY_SRC_ANY);
	h = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SYSTEM, 0);
	assert_int_equal(scmia_notify_src_default(NULL, h, p, 8), SCMIA_NOTIFY_SRC_ANY);
}

static uint32_t src_from_word2(void *ctx, uint32_t hdr, const void *payload, uint32_t len)
{
	unsigned *calls = ctx;

	(void)hdr;
	(*calls)++;
	return len >= 12 ? scmia_get_le32((const uint8_t *)payload + 8) : SCMIA_NOTIFY_SRC_ANY;
}

static void test_ntf_custom_source_extractor(void **state)
{
	struct fx *fx;
	struct fx_opts o;
	struct scmia_agent_cfg cfg;
	struct scmia_notifier n1;
	struct hrec h1;
	unsigned calls = 0;

	(void)state;
	memset(&o, 0, sizeof(o));
	fx = fx_new(&o);
	/* re-init the agent with a custom extractor */
	assert_int_equal(scmia_agent_deinit(&fx->agent), SCMIA_OK);
	memset(&cfg, 0, sizeof(cfg));
	cfg.os = &fx->os.ops;
	cfg.os_ctx = &fx->os;
	cfg.transport = &fx->tp.desc;
	cfg.transport_ctx = &fx->tp;
	cfg.notify_src = src_from_word2;
	cfg.notify_src_ctx = &calls;
	assert_int_equal(scmia_agent_init(&fx->agent, &cfg), SCMIA_OK);
	{
		struct scmia_chan_cfg cc;

		memset(&cc, 0, sizeof(cc));
		cc.dir = SCMIA_CHAN_A2P;
		cc.max_msg = 8;
		cc.msg_size = 64;
		cc.mem = fx->a2p_mem;
		cc.mem_size = SCMIA_CHAN_MEM_SIZE(8, 64);
		assert_int_equal(scmia_chan_open(&fx->agent, &fx->a2p, &cc), SCMIA_OK);
		cc.dir = SCMIA_CHAN_P2A;
		cc.max_msg = 4;
		cc.mem = fx->p2a_mem;
		cc.mem_size = SCMIA_CHAN_MEM_SIZE(4, 64);
		assert_int_equal(scmia_chan_open(&fx->agent, &fx->p2a, &cc), SCMIA_OK);
	}
	notifier(&n1, &h1, fx, SCMIA_PROTO_SENSOR, 0, 0x77);
	assert_int_equal(scmia_notify_register(&fx->agent, &n1), SCMIA_OK);
	assert_int_equal(notif_src(fx, SCMIA_PROTO_SENSOR, 0, 5, 0x77), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&fx->agent, 0), 1);
	assert_int_equal(h1.calls, 1);
	assert_int_equal(h1.src, 0x77);
	assert_true(calls >= 1);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ntf_handler_matched_by_proto_evt_src),
		cmocka_unit_test(test_ntf_any_source_matches_every_source),
		cmocka_unit_test(test_ntf_unhandled_counted),
		cmocka_unit_test(test_ntf_dispatch_fifo_and_max),
		cmocka_unit_test(test_ntf_queue_full_drops_and_clears),
		cmocka_unit_test(test_ntf_flood_on_one_protocol_does_not_starve_another),
		cmocka_unit_test(test_ntf_default_quota_half_the_pool),
		cmocka_unit_test(test_ntf_immediate_dispatch_flag),
		cmocka_unit_test(test_ntf_unregister),
		cmocka_unit_test(test_ntf_handler_unregisters_itself),
		cmocka_unit_test(test_ntf_never_completes_pending_command),
		cmocka_unit_test(test_ntf_payload_bounded_by_msg_size),
		cmocka_unit_test(test_ntf_fetch_error_returns_slot),
		cmocka_unit_test(test_ntf_default_source_rule),
		cmocka_unit_test(test_ntf_custom_source_extractor),
	};

	return cmocka_run_group_tests_name("unit_notify", tests, NULL, unit_teardown);
}

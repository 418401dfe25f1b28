/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration: notifications from the simulated platform.
 *
 * Bug classes (tests/README.md): notification flood on one protocol starving
 * another; a notification completing a pending command; lengths 0..8
 * (and above the area) in notifications; queue full.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "ienv.h"

#define P80 SCMIA_SIM_TEST_PROTO
#define P_OTHER SCMIA_PROTO_POWER

/* What a handler saw. */
struct seen {
	unsigned calls;
	uint32_t last_src;
	uint32_t last_len;
	uint32_t last_seq;
	uint8_t last_payload[IENV_MSG_SIZE + 8];
	uint32_t srcs[64];
};

static void handler(void *ctx, const struct scmia_notification *n)
{
	struct seen *s = ctx;

	ienv_check_unlocked(&ienv_g);
	if (s->calls < 64)
		s->srcs[s->calls] = n->src_id;
	s->calls++;
	s->last_src = n->src_id;
	s->last_len = n->len;
	if (n->len <= sizeof(s->last_payload))
		memcpy(s->last_payload, n->payload, n->len);
	s->last_seq = n->len >= 12 ? scmia_get_le32((const uint8_t *)n->payload + 8) : 0;
}

static void reg(struct ienv *e, struct scmia_notifier *nf, uint8_t proto, uint8_t evt, uint32_t src,
		struct seen *s)
{
	memset(nf, 0, sizeof(*nf));
	nf->proto_id = proto;
	nf->evt_id = evt;
	nf->src_id = src;
	nf->fn = handler;
	nf->ctx = s;
	assert_int_equal(scmia_notify_register(&e->agent, nf), SCMIA_OK);
}

/* TRIGGER_EVENT(src, count): @count notifications from the test protocol. */
static void trigger(struct ienv *e, uint32_t src, uint32_t count)
{
	uint8_t tx[8];
	uint8_t rx[8];

	scmia_put_le32(tx, src);
	scmia_put_le32(tx + 4, count);
	assert_int_equal(scmia_cmd(&e->agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, tx, 8, rx,
				   sizeof(rx), NULL, 0),
			 SCMIA_OK);
	ienv_drain(e, 1000);
}

/* Inject one notification of protocol @proto (payload agent, src, seq). */
static void inject_notif(struct ienv *e, uint8_t proto, uint8_t evt, uint32_t src, uint32_t seq)
{
	uint8_t p[12];

	scmia_put_le32(p, 1);
	scmia_put_le32(p + 4, src);
	scmia_put_le32(p + 8, seq);
	assert_int_equal(scmia_sim_inject(&e->sim, 0, SCMIA_SIM_K_NOTIF,
					  ienv_hdr(proto, evt, SCMIA_MSG_TYPE_NOTIFICATION, 0), p,
					  sizeof(p), 0),
			 SCMIA_OK);
	ienv_pump(e);
}

/*
 * 16 notifications of the test protocol flood an 8-slot pool (quota 4 per
 * protocol) before the host dispatches; a notification of another
 * protocol that comes after still finds room.
 */
static void test_notification_flood_does_not_starve_other_protocol(void **state)
{
	struct ienv_opts o = { .p2a_max_msg = 8, .notify_quota = 4 };
	struct ienv *e = ienv_start(&o);
	static struct scmia_notifier n1, n2;
	static struct seen s1, s2;

	(void)state;
	memset(&s1, 0, sizeof(s1));
	memset(&s2, 0, sizeof(s2));
	reg(e, &n1, P80, SCMIA_SIM_TEST_EVT, SCMIA_NOTIFY_SRC_ANY, &s1);
	reg(e, &n2, P_OTHER, 0, SCMIA_NOTIFY_SRC_ANY, &s2);

	trigger(e, 5, 16);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 4);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFY_DROPS), 12);
	assert_int_equal(e->calls.clear[1], 12); /* dropped ones were cleared */

	inject_notif(e, P_OTHER, 0, 9, 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 5);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 5);
	assert_int_equal(s1.calls, 4);
	assert_int_equal(s2.calls, 1);
	assert_int_equal(s2.last_src, 9);
	/* in order: the first four of the flood */
	assert_int_equal(s1.last_seq, 4);

	/* after dispatch the pool is free again */
	trigger(e, 5, 3);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 3);
	assert_int_equal(s1.calls, 7);
	ienv_assert_no_leak(e);
}

/*
 * A notification whose header carries the token, protocol and message id
 * of a command in flight goes to the notification path only; the command
 * completes later with its own reply. A notification type on the a2p
 * channel is malformed.
 */
static void test_notification_never_completes_pending_command(void **state)
{
	static struct ienv_nb nb;
	static struct scmia_notifier n1;
	static struct seen s1;
	struct ienv *e = ienv_start(NULL);
	uint8_t p[12] = { 0 };
	uint32_t nhdr;

	(void)state;
	memset(&s1, 0, sizeof(s1));
	reg(e, &n1, P80, SCMIA_SIM_TEST_ECHO, SCMIA_NOTIFY_SRC_ANY, &s1);
	ienv_fault(e, SCMIA_SIM_FM_NTH, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DELAY, 0, 0, 1, 1, 500);
	ienv_echo_submit(e, &nb, 8, 3, 0, 0);
	ienv_pump(e);
	nhdr = ienv_hdr(P80, SCMIA_SIM_TEST_ECHO, SCMIA_MSG_TYPE_NOTIFICATION, nb.token);
	assert_int_equal(scmia_sim_inject(&e->sim, 0, SCMIA_SIM_K_NOTIF, nhdr, p, 12, 100),
			 SCMIA_OK);
	/* the same header on the a2p channel (as a "response") */
	assert_int_equal(scmia_sim_inject(&e->sim, 0, SCMIA_SIM_K_RESP, nhdr, p, 12, 200),
			 SCMIA_OK);
	ienv_advance(e, 300);
	assert_int_equal(nb.calls, 0);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_MALFORMED), 1);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 1);
	assert_int_equal(s1.calls, 1);
	ienv_advance(e, 300);
	assert_int_equal(nb.calls, 1);
	assert_int_equal(nb.result, SCMIA_OK);
	assert_int_equal(nb.echo_ok, 1);
	assert_int_equal(scmia_xfer_put(nb.x), SCMIA_OK);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_REPLIES), 1);
	ienv_assert_no_leak(e);
}

/* Notification payloads of 0..8 bytes and one larger than the pool's
 * slots: exact lengths, source id only from a full word 1, clamping. */
static void test_notification_lengths_0_to_8_and_above_area(void **state)
{
	static uint8_t big[SCMIA_LOOPBACK_DATA_MAX];
	static struct scmia_notifier n1;
	static struct seen s1;
	struct ienv *e = ienv_start(NULL);
	uint8_t p[8] = { 1, 0, 0, 0, 0x44, 0x33, 0x22, 0x11 };
	uint32_t hdr = ienv_hdr(P80, SCMIA_SIM_TEST_EVT, SCMIA_MSG_TYPE_NOTIFICATION, 0);
	uint32_t n;

	(void)state;
	memset(&s1, 0, sizeof(s1));
	reg(e, &n1, P80, SCMIA_SIM_TEST_EVT, SCMIA_NOTIFY_SRC_ANY, &s1);
	for (n = 0; n <= 8; n++) {
		assert_int_equal(scmia_loopback_deliver(&e->lb_p2a, hdr, p, n), SCMIA_OK);
		assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 1);
		assert_int_equal(s1.calls, n + 1);
		assert_int_equal(s1.last_len, n);
		assert_memory_equal(s1.last_payload, p, n);
		assert_int_equal(s1.last_src, n == 8 ? 0x11223344u : SCMIA_NOTIFY_SRC_ANY);
	}
	memset(big, 0x7e, sizeof(big));
	assert_int_equal(scmia_loopback_deliver(&e->lb_p2a, hdr, big, sizeof(big)), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 1);
	assert_int_equal(s1.last_len, scmia_chan_msg_size(&e->p2a));
	assert_memory_equal(s1.last_payload, big, s1.last_len);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 10);
	ienv_assert_no_leak(e);
}

/* Pool full: drop, count, clear the p2a channel; nothing corrupts the
 * queued ones. */
static void test_notification_queue_full_dropped_and_counted(void **state)
{
	struct ienv_opts o = { .p2a_max_msg = 4, .notify_quota = 4 };
	static struct scmia_notifier n1;
	static struct seen s1;
	struct ienv *e = ienv_start(&o);

	(void)state;
	memset(&s1, 0, sizeof(s1));
	reg(e, &n1, P80, SCMIA_SIM_TEST_EVT, SCMIA_NOTIFY_SRC_ANY, &s1);
	trigger(e, 1, 6);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFICATIONS), 4);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFY_DROPS), 2);
	assert_int_equal(e->calls.clear[1], 2);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 2), 2);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 2);
	assert_int_equal(s1.calls, 4);
	assert_int_equal(s1.last_seq, 4);
	ienv_assert_no_leak(e);
}

/* Immediate dispatch: the handler runs from the receive entry, with no
 * library lock held, and the slot goes back at once. */
static void test_notification_immediate_dispatch_unlocked(void **state)
{
	struct ienv_opts o = { .p2a_max_msg = 2, .agent_flags = SCMIA_AGENT_F_NOTIFY_IMMEDIATE };
	static struct scmia_notifier n1;
	static struct seen s1;
	struct ienv *e = ienv_start(&o);

	(void)state;
	memset(&s1, 0, sizeof(s1));
	reg(e, &n1, P80, SCMIA_SIM_TEST_EVT, SCMIA_NOTIFY_SRC_ANY, &s1);
	trigger(e, 1, 16); /* more than the pool: each slot comes back */
	assert_int_equal(s1.calls, 16);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFY_DROPS), 0);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 0);
	ienv_assert_no_leak(e);
}

/* Matching by (protocol, event, source) and any source; unhandled ones
 * are counted. */
static void test_notification_source_matching(void **state)
{
	static struct scmia_notifier na, n5, n7, nother;
	static struct seen sa, s5, s7, sother;
	struct ienv *e = ienv_start(NULL);

	(void)state;
	memset(&sa, 0, sizeof(sa));
	memset(&s5, 0, sizeof(s5));
	memset(&s7, 0, sizeof(s7));
	memset(&sother, 0, sizeof(sother));
	reg(e, &na, P80, SCMIA_SIM_TEST_EVT, SCMIA_NOTIFY_SRC_ANY, &sa);
	reg(e, &n5, P80, SCMIA_SIM_TEST_EVT, 5, &s5);
	reg(e, &n7, P80, SCMIA_SIM_TEST_EVT, 7, &s7);
	reg(e, &nother, P80, 1, SCMIA_NOTIFY_SRC_ANY, &sother);
	trigger(e, 5, 2);
	trigger(e, 6, 1);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 3);
	assert_int_equal(sa.calls, 3);
	assert_int_equal(s5.calls, 2);
	assert_int_equal(s7.calls, 0);
	assert_int_equal(sother.calls, 0);
	assert_int_equal(sa.srcs[2], 6);
	/* a protocol nobody listens to */
	inject_notif(e, P_OTHER, 3, 1, 1);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 1);
	assert_int_equal(ienv_cnt(e, SCMIA_CNT_NOTIFY_UNHANDLED), 1);
	assert_int_equal(scmia_notify_unregister(&e->agent, &n5), SCMIA_OK);
	trigger(e, 5, 1);
	assert_int_equal(scmia_notify_dispatch(&e->agent, 0), 1);
	assert_int_equal(s5.calls, 2);
	assert_int_equal(sa.calls, 4);
	ienv_assert_no_leak(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_notification_flood_does_not_starve_other_protocol,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_notification_never_completes_pending_command,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_notification_lengths_0_to_8_and_above_area,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_notification_queue_full_dropped_and_counted,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_notification_immediate_dispatch_unlocked,
					  ienv_teardown),
		cmocka_unit_test_teardown(test_notification_source_matching, ienv_teardown),
	};

	return cmocka_run_group_tests_name("integ_notify", tests, NULL, NULL);
}

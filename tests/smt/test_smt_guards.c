/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guards of the SMT transport that sit behind the core's state rule: the
 * core never asks a fetch that one of them refuses (a transfer is SENT
 * only while its transport owns the area, a receive is validated before
 * its fetch), so no test through the core alone fails when one is removed
 * (the mutation check found them: tests/mutate, docs/testing.md "Mutation
 * check"). They are the transport's half of the contract -- what keeps the
 * area safe when the core's rule is broken, as issue 9's defect 1 broke
 * it -- and are checked here by calling the transport's ops directly, the
 * way the core would if it were wrong, while the area is in each state.
 *
 * The agent runs with no OS table (single context, polling, virtual time);
 * the test plays the platform by writing the areas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia_smt.h"

#define MAX_MSG 2u
#define MSG_SIZE 64u
#define AREA_WORDS 32u /* 128 bytes */

static struct {
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_smt_chan sa2p, sp2a;
	uint32_t area[AREA_WORDS];
	uint32_t parea[AREA_WORDS];
	SCMIA_CHAN_MEM_DEFINE(mem, MAX_MSG, MSG_SIZE);
	SCMIA_P2A_MEM_DEFINE(pmem, MAX_MSG, MSG_SIZE);
	unsigned rings;
	/* vendor hook: a fetch made from inside the area's own use */
	int hook_on;          /* 1: on a2p TX, 2: on p2a RX */
	int hook_ran;
	int hook_ret;
	struct scmia_xfer *hook_xfer;
	void *hook_cookie;
	uint32_t hook_status;  /* hook 3: the p2a status right after the stale release */
	unsigned hook_irqs;    /* hook 4: second interrupts raised while held */
	/* the platform re-posting from the p2a completion doorbell */
	unsigned acks, reposts, repost_max;
	/* lock op hook: runs once, at the next lock taken */
	void (*on_lock)(void);
	unsigned locks;
	/* completions */
	unsigned cb_calls;
	int cb_result;
} E;

static const struct scmia_transport_ops *ops(void)
{
	return scmia_smt_transport.ops;
}

static int ring(void *ctx)
{
	(void)ctx;
	E.rings++;
	return 0;
}

static void cb(void *arg, struct scmia_xfer *xfer, int result)
{
	(void)arg;
	(void)xfer;
	E.cb_calls++;
	E.cb_result = result;
}

static uint32_t rdw(struct scmia_smt_chan *sc, uint32_t off);

/* Vendor hook: once, at the chosen event, fetch through the transport op
 * as a broken core would. */
static int vendor(void *ctx, struct scmia_smt_area *area, unsigned event, uint32_t length)
{
	struct scmia_chan *chan;

	(void)ctx;
	(void)length;
	if (E.hook_ran)
		return 0;
	if (E.hook_on == 1 && event == SCMIA_SMT_VENDOR_TX && area == scmia_smt_chan_area(&E.sa2p))
		chan = &E.a2p;
	else if (E.hook_on >= 2 && event == SCMIA_SMT_VENDOR_RX &&
		 area == scmia_smt_chan_area(&E.sp2a))
		chan = &E.p2a;
	else
		return 0;
	if (E.hook_on == 3) {
		/* a stale release of the previous p2a message (its cookie) */
		E.hook_ran = 1;
		ops()->clear_channel(NULL, chan, E.hook_cookie);
		E.hook_status = rdw(&E.sp2a, SCMIA_SMT_OFF_STATUS);
		return 0;
	}
	if (E.hook_on == 4) {
		/* a second interrupt for the message being processed */
		E.hook_irqs++;
		(void)scmia_smt_irq(&E.sp2a);
		return 0;
	}
	E.hook_ran = 1;
	E.hook_ret = ops()->fetch_response(NULL, chan, E.hook_xfer, E.hook_cookie);
	return 0;
}

static void wr(struct scmia_smt_chan *sc, uint32_t off, uint32_t v)
{
	assert_int_equal(scmia_smt_area_write32(scmia_smt_chan_area(sc), off, v), SCMIA_OK);
}

static uint32_t rdw(struct scmia_smt_chan *sc, uint32_t off)
{
	uint32_t v = 0;

	assert_int_equal(scmia_smt_area_read32(scmia_smt_chan_area(sc), off, &v), SCMIA_OK);
	return v;
}

/* The platform writes a message (header, status 0, 4 payload bytes). */
static void plat_write(struct scmia_smt_chan *sc, uint32_t hdr, uint32_t word)
{
	wr(sc, SCMIA_SMT_OFF_LENGTH, 12u);
	wr(sc, SCMIA_SMT_OFF_HEADER, hdr);
	wr(sc, SCMIA_SMT_OFF_PAYLOAD, 0u);
	wr(sc, SCMIA_SMT_OFF_PAYLOAD + 4u, word);
}

/* a2p reply: written, then FREE. */
static void plat_reply(uint32_t hdr, uint32_t word)
{
	plat_write(&E.sa2p, hdr, word);
	wr(&E.sa2p, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

/* p2a completion doorbell: the platform posts the next notification at
 * once (up to repost_max times). */
static int plat_ack(void *ctx)
{
	(void)ctx;
	E.acks++;
	if (E.reposts < E.repost_max) {
		E.reposts++;
		plat_write(&E.sp2a, scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION,
						  SCMIA_PROTO_SENSOR, 0), E.reposts);
		wr(&E.sp2a, SCMIA_SMT_OFF_FLAGS, SCMIA_SMT_FLAGS_IRQ);
		wr(&E.sp2a, SCMIA_SMT_OFF_STATUS, 0u);
	}
	return 0;
}

/* An OS table with a lock only (one context; the lock counts and may run
 * a hook, standing for what another CPU does right then). */
static scmia_lock_key_t os_lock(void *ctx)
{
	void (*fn)(void) = E.on_lock;

	(void)ctx;
	E.locks++;
	if (fn) {
		E.on_lock = NULL;
		fn();
	}
	return 0;
}

static void os_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	(void)key;
}

static const struct scmia_os_ops os_lock_only = {
	.lock = os_lock,
	.unlock = os_unlock,
};

static int env_up_with(const struct scmia_os_ops *os, uint32_t agent_flags)
{
	struct scmia_agent_cfg acfg;
	struct scmia_smt_cfg scfg;
	struct scmia_chan_cfg ccfg;

	memset(&E, 0, sizeof(E));

	memset(&scfg, 0, sizeof(scfg));
	scfg.base = E.area;
	scfg.size = sizeof(E.area);
	scfg.ring = ring;
	scfg.vendor = vendor;
	scfg.free_timeout_us = 1000u;
	assert_int_equal(scmia_smt_chan_init(&E.sa2p, &scfg), SCMIA_OK);
	memset(&scfg, 0, sizeof(scfg));
	scfg.base = E.parea;
	scfg.size = sizeof(E.parea);
	scfg.vendor = vendor;
	scfg.ack = plat_ack;
	assert_int_equal(scmia_smt_chan_init(&E.sp2a, &scfg), SCMIA_OK);
	/* both areas start FREE (a2p: the platform is idle; p2a: nothing posted) */
	wr(&E.sa2p, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
	wr(&E.sp2a, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = os;
	acfg.flags = agent_flags;
	acfg.transport = &scmia_smt_transport;
	assert_int_equal(scmia_agent_init(&E.agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.sa2p;
	ccfg.mem = E.mem;
	ccfg.mem_size = sizeof(E.mem);
	ccfg.reply_timeout_us = 5000u;
	assert_int_equal(scmia_chan_open(&E.agent, &E.a2p, &ccfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = MAX_MSG;
	ccfg.msg_size = MSG_SIZE;
	ccfg.chan_ctx = &E.sp2a;
	ccfg.mem = E.pmem;
	ccfg.mem_size = sizeof(E.pmem);
	assert_int_equal(scmia_chan_open(&E.agent, &E.p2a, &ccfg), SCMIA_OK);
	return 0;
}

static int env_up(void **state)
{
	(void)state;
	return env_up_with(NULL, 0);
}

/* Notification handlers run by the receive itself: the pool never fills. */
static int env_up_immediate(void **state)
{
	(void)state;
	return env_up_with(NULL, SCMIA_AGENT_F_NOTIFY_IMMEDIATE);
}

static int env_up_locked(void **state)
{
	(void)state;
	return env_up_with(&os_lock_only, 0);
}

static int env_down(void **state)
{
	(void)state;
	(void)scmia_agent_deinit(&E.agent);
	return 0;
}

/* A command of 4 payload bytes, submitted (non-blocking) and rung. */
static struct scmia_xfer *send_cmd(uint8_t msg_id, unsigned flags)
{
	struct scmia_xfer *x = NULL;

	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_PROTO_CLOCK, msg_id, 4, 0, &x), SCMIA_OK);
	memset(x->tx_buf, 0, 4);
	assert_int_equal(scmia_xfer_submit(x, flags, cb, NULL), SCMIA_OK);
	return x;
}

/* Let the platform answer @x and the agent poll it home. */
static void complete(struct scmia_xfer *x)
{
	unsigned calls = E.cb_calls;

	plat_reply(x->hdr, 0x600du);
	(void)scmia_agent_service(&E.agent);
	assert_int_equal(E.cb_calls, calls + 1u);
	assert_int_equal(E.cb_result, SCMIA_OK);
}

/*
 * Mutation S01: smt_fetch_response() reads the a2p area only for the
 * transfer that owns it. A owns the area (rung); the platform's reply in
 * the area carries B's header: a fetch for B (which never sent) must be
 * refused, not fed A's area.
 */
static void test_fetch_refuses_transfer_not_owning_area(void **state)
{
	struct scmia_xfer *a, *b = NULL;
	struct scmia_smt_stats s0, s1;

	(void)state;
	a = send_cmd(1, 0);
	assert_int_equal(E.rings, 1);
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_PROTO_CLOCK, 2, 0, 0, &b), SCMIA_OK);
	plat_reply(b->hdr, 0xbadu);
	assert_int_equal(scmia_smt_chan_stats(&E.sa2p, &s0), SCMIA_OK);
	assert_int_equal(ops()->fetch_response(NULL, &E.a2p, b, NULL), SCMIA_EUNEXPECTED);
	assert_int_equal(b->rx_len, 0);
	assert_int_equal(scmia_smt_chan_stats(&E.sa2p, &s1), SCMIA_OK);
	assert_int_equal(s1.errors, s0.errors + 1u);
	/* the owner still gets its own reply */
	complete(a);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
	assert_int_equal(scmia_xfer_put(b), SCMIA_OK);
}

/*
 * Mutation S02: only once the doorbell rang. While its owner writes the
 * area (phase WRITING; here from the vendor hook run by the write) the
 * area holds the command itself, header and all, and FREE is still set:
 * a fetch then would return the agent's own command as the reply.
 */
static void test_fetch_refuses_while_owner_writes(void **state)
{
	struct scmia_xfer *a = NULL;

	(void)state;
	assert_int_equal(scmia_xfer_get(&E.agent, SCMIA_PROTO_CLOCK, 1, 4, 0, &a), SCMIA_OK);
	memset(a->tx_buf, 0, 4);
	E.hook_on = 1;
	E.hook_xfer = a;
	E.hook_cookie = NULL;
	assert_int_equal(scmia_xfer_submit(a, 0, cb, NULL), SCMIA_OK);
	assert_int_equal(E.hook_ran, 1);
	assert_int_equal(E.hook_ret, SCMIA_EUNEXPECTED);
	E.hook_on = 0;
	complete(a);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
}

/*
 * Mutation S03: only once the platform set FREE (or ERROR). The owner
 * rang; the platform has not answered, the area still holds the command:
 * a fetch must be refused, not return the command as the reply.
 */
static void test_fetch_refuses_area_platform_owns(void **state)
{
	struct scmia_xfer *a;

	(void)state;
	a = send_cmd(1, 0);
	assert_int_equal(rdw(&E.sa2p, SCMIA_SMT_OFF_STATUS) &
			 (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR), 0);
	assert_int_equal(rdw(&E.sa2p, SCMIA_SMT_OFF_HEADER), a->hdr);
	assert_int_equal(ops()->fetch_response(NULL, &E.a2p, a, NULL), SCMIA_EUNEXPECTED);
	assert_int_equal(a->rx_len, 0);
	complete(a);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
}

/*
 * Mutation S06: a delayed response only from the p2a message this receive
 * holds. While the core fetches a delayed response (generation g, here
 * from the vendor hook of that fetch), a fetch naming another generation
 * (a stale cookie) must be refused.
 */
static void test_p2a_fetch_refuses_other_generation(void **state)
{
	struct scmia_xfer *a;
	uint32_t dh;

	(void)state;
	a = send_cmd(1, SCMIA_XFER_F_ASYNC);
	/* the response: the command is accepted */
	plat_reply(a->hdr, 0u);
	(void)scmia_agent_service(&E.agent);
	assert_int_equal(E.cb_calls, 0);
	/* the delayed response, posted in the p2a area */
	dh = (a->hdr & ~(3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
	plat_write(&E.sp2a, dh, 0xd0d0u);
	wr(&E.sp2a, SCMIA_SMT_OFF_STATUS, 0u);
	E.hook_on = 2;
	E.hook_xfer = a;
	E.hook_cookie = (void *)(uintptr_t)0x5a5au;
	assert_int_equal(scmia_smt_irq(&E.sp2a), SCMIA_OK);
	assert_int_equal(E.hook_ran, 1);
	assert_int_equal(E.hook_ret, SCMIA_EUNEXPECTED);
	E.hook_on = 0;
	/* the real one went through */
	assert_int_equal(E.cb_calls, 1);
	assert_int_equal(E.cb_result, SCMIA_OK);
	assert_int_equal(rdw(&E.sp2a, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE,
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_xfer_put(a), SCMIA_OK);
}

/* A notification posted in the p2a area, and its interrupt. */
static int post_notification(uint32_t word, int ack)
{
	plat_write(&E.sp2a, scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, SCMIA_PROTO_SENSOR, 0),
		   word);
	wr(&E.sp2a, SCMIA_SMT_OFF_FLAGS, ack ? SCMIA_SMT_FLAGS_IRQ : 0u);
	wr(&E.sp2a, SCMIA_SMT_OFF_STATUS, 0u);
	return scmia_smt_irq(&E.sp2a);
}

/*
 * Mutation S16: p2a_free() sets FREE only for the message being held (its
 * generation). A release naming the previous message (a stale cookie: a
 * duplicate or late release) while the next one is being read must not
 * hand the area back to the platform under the reader.
 */
static void test_p2a_stale_release_does_not_free_next(void **state)
{
	(void)state;
	/* message 1 (generation 1): processed and freed */
	assert_int_equal(post_notification(1, 0), SCMIA_OK);
	assert_int_equal(rdw(&E.sp2a, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE,
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_notify_dispatch(&E.agent, 0), 1);
	/* message 2: while it is read, a release of message 1 */
	E.hook_on = 3;
	E.hook_cookie = (void *)(uintptr_t)1u;
	assert_int_equal(post_notification(2, 0), SCMIA_OK);
	assert_int_equal(E.hook_ran, 1);
	assert_int_equal(E.hook_status & SCMIA_SMT_STATUS_FREE, 0);
	E.hook_on = 0;
	/* freed once it was read */
	assert_int_equal(rdw(&E.sp2a, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE,
			 SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_notify_dispatch(&E.agent, 0), 1);
}

/*
 * Mutation S17: one interrupt entry processes at most SMT_RX_LOOP_MAX
 * (16) p2a messages. A platform that posts the next notification from the
 * completion doorbell of the last, while a second interrupt for each one
 * arrived during its processing (so the entry looks again), must not keep
 * the entry in the library: it returns, and the rest waits for the next
 * interrupt.
 */
static void test_p2a_entry_bounded_under_reposting_platform(void **state)
{
	(void)state;
	E.repost_max = 1000u;
	E.hook_on = 4;
	assert_int_equal(post_notification(0, 1), SCMIA_OK);
	E.hook_on = 0;
	assert_true(E.hook_irqs >= 2u);
	assert_true(E.acks >= 2u);
	assert_true(E.acks <= 16u);
	assert_true(E.reposts < E.repost_max);
	/* the next interrupt goes on where this one stopped */
	assert_int_equal(scmia_smt_irq(&E.sp2a), SCMIA_OK);
	assert_true(E.acks > 16u);
}

/*
 * Mutation S19: smt_rx() checks the binding again under the lock before
 * it counts itself. An interrupt entry that read the channel, then lost
 * the race with chan_free (which saw no entry in progress and returned),
 * must not go on with the channel being torn down.
 */
static void close_a2p(void)
{
	assert_int_equal(scmia_chan_close(&E.a2p), SCMIA_OK);
}

static void test_irq_entry_racing_close_turns_away(void **state)
{
	struct scmia_smt_stats s0, s1;

	(void)state;
	assert_int_equal(scmia_smt_chan_stats(&E.sa2p, &s0), SCMIA_OK);
	/* the entry's first lock is taken right after it read the binding:
	 * the close runs on another CPU just before it */
	E.on_lock = close_a2p;
	assert_int_equal(scmia_smt_irq(&E.sa2p), SCMIA_ESTATE);
	assert_null(E.on_lock);
	assert_int_equal(scmia_smt_chan_stats(&E.sa2p, &s1), SCMIA_OK);
	assert_int_equal(s1.spurious, s0.spurious);
	/* and later ones see the channel gone */
	assert_int_equal(scmia_smt_irq(&E.sa2p), SCMIA_ESTATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fetch_refuses_transfer_not_owning_area, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_fetch_refuses_while_owner_writes, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_fetch_refuses_area_platform_owns, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_p2a_fetch_refuses_other_generation, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_p2a_stale_release_does_not_free_next, env_up,
						env_down),
		cmocka_unit_test_setup_teardown(test_p2a_entry_bounded_under_reposting_platform,
						env_up_immediate, env_down),
		cmocka_unit_test_setup_teardown(test_irq_entry_racing_close_turns_away,
						env_up_locked, env_down),
	};

	return cmocka_run_group_tests_name("test_smt_guards", tests, NULL, NULL);
}

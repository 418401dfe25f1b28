/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmia host demo: the transfer engine step by step, on the vendor test
 * protocol 0x80 of the simulated platform (tests/sim/scmia_sim.h): a
 * synchronous command, an asynchronous command and its delayed response,
 * a notification, and a command that times out and whose late reply is
 * rejected; then the agent's counters and a leak check.
 *
 * Only the public API is used (scmia_cmd, scmia_xfer_*, scmia_notify_*).
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#if SCMIA_CFG_RAW
#include "scmia/raw.h"
#include "scmia_pal.h"
#endif

/* ECHO @p len bytes of a pattern: 0 when the reply is exactly this
 * command's (the same bytes, then a checksum of our own header and
 * payload), else why not. */
static int demo_echo(struct demo *d, uint32_t seed, uint32_t len, uint32_t *token)
{
	struct scmia_xfer *x = NULL;
	uint8_t tx[32];
	uint32_t i;
	int ret;

	if (len > sizeof(tx))
		return SCMIA_EINVAL;
	for (i = 0; i < len; i++)
		tx[i] = (uint8_t)(seed + i * 7u);
	ret = scmia_xfer_get(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, len, 0, &x);
	if (ret)
		return ret;
	memcpy(x->tx_buf, tx, len);
	ret = scmia_xfer_do(x, d->xfer_flags);
	if (token)
		*token = scmia_hdr_token(x->hdr);
	if (ret == SCMIA_OK &&
	    (x->rx_len != len + 4u || memcmp(x->rx_buf, tx, len) != 0 ||
	     scmia_get_le32((const uint8_t *)x->rx_buf + len) !=
		     scmia_sim_checksum(x->hdr, tx, len)))
		ret = SCMIA_EUNEXPECTED;
	scmia_xfer_put(x);
	return ret;
}

void demo_sync(struct demo *d)
{
	uint32_t token = 0;
	int ret;

	printf("\n== Synchronous command: ECHO (protocol 0x80, message 0x3)\n");
	ret = demo_echo(d, 0xa0u, 16, &token);
	printf("    token %u, result %s\n", token, scmia_strerror(ret));
	demo_check(d, ret == SCMIA_OK, "ECHO reply is exactly this command's (payload + checksum)");
}

void demo_async(struct demo *d)
{
	struct scmia_xfer *x = NULL;
	uint32_t value = 0x1234u, before, after;
	int ret, ok;

	printf("\n== Asynchronous command: ASYNC_WORK (message 0x4) + delayed response\n");
	before = scmia_agent_counter(&d->agent, SCMIA_CNT_DELAYED_REPLIES);
	ret = scmia_xfer_get(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 4, 0, &x);
	if (!demo_check(d, ret == SCMIA_OK, "scmia_xfer_get"))
		return;
	scmia_put_le32(x->tx_buf, value);
	ret = scmia_xfer_do(x, d->xfer_flags | SCMIA_XFER_F_ASYNC);
	after = scmia_agent_counter(&d->agent, SCMIA_CNT_DELAYED_REPLIES);
	/* the delayed response's header is the command's with type 2 */
	ok = ret == SCMIA_OK && x->rx_len >= 8 &&
	     scmia_get_le32(x->rx_buf) == scmia_sim_test_async_value(value) &&
	     scmia_get_le32((const uint8_t *)x->rx_buf + 4) ==
		     scmia_sim_checksum(x->hdr & ~(0x3u << 8), x->tx_buf, 4);
	printf("    result %s, delayed value 0x%08x (expected 0x%08x)\n", scmia_strerror(ret),
	       (ret == SCMIA_OK && x->rx_len >= 4) ? scmia_get_le32(x->rx_buf) : 0u,
	       scmia_sim_test_async_value(value));
	demo_check(d, ok, "delayed response carries this command's result");
	demo_check(d, after == before + 1u, "one delayed response counted");
	scmia_xfer_put(x);
}

static void demo_on_event(void *ctx, const struct scmia_notification *n)
{
	struct demo *d = (struct demo *)ctx;
	const uint8_t *p = (const uint8_t *)n->payload;

	if (n->len >= 12) {
		d->notif_agent = scmia_get_le32(p);
		d->notif_src = scmia_get_le32(p + 4);
		d->notif_seq = scmia_get_le32(p + 8);
	}
	d->notified++;
}

void demo_notification(struct demo *d)
{
	struct scmia_notifier nf;
	uint8_t tx[8], rx[4];
	uint32_t n = 0, first_seq = 0;
	unsigned waited;
	int ret;

	printf("\n== Notification: TRIGGER_EVENT (message 0x5) -> event 0x0\n");
	d->notified = 0;
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = DEMO_SRC_ID;
	nf.fn = demo_on_event;
	nf.ctx = d;
	ret = scmia_notify_register(&d->agent, &nf);
	if (!demo_check(d, ret == SCMIA_OK,
			"scmia_notify_register (protocol 0x80, event 0, source 7)"))
		return;
	scmia_put_le32(tx, DEMO_SRC_ID);
	scmia_put_le32(tx + 4, 1);
	ret = scmia_cmd(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx, 8, rx,
			sizeof(rx), &n, d->xfer_flags);
	if (ret == SCMIA_OK && n >= 4)
		first_seq = scmia_get_le32(rx);
	demo_check(d, ret == SCMIA_OK && n >= 4, "TRIGGER_EVENT answered");
	/* The notification arrives on the p2a channel, is queued by the
	 * receive entry and runs its handler when we dispatch. */
	for (waited = 0; waited < 2000 && !d->notified; waited++) {
		scmia_notify_dispatch(&d->agent, 0);
		if (!d->notified)
			demo_sleep_ms(1);
	}
	printf("    handler ran %u time(s): agent %u, source %u, seq %u\n", d->notified,
	       d->notif_agent, d->notif_src, d->notif_seq);
	demo_check(d, d->notified == 1 && d->notif_agent == 1 && d->notif_src == DEMO_SRC_ID &&
			      d->notif_seq == first_seq,
		   "notification dispatched to its handler");
	scmia_notify_unregister(&d->agent, &nf);
}

void demo_timeout(struct demo *d)
{
	uint8_t tx[4], rx[8];
	uint32_t late0, spur0, races0, to0, late, spur, token = 0;
	unsigned waited;
	int ret, seen = 0;

	printf("\n== Timeout: SLOW (message 0x6, %u ms) with a %u ms reply timeout\n", DEMO_SLOW_MS,
	       DEMO_SHORT_TIMEOUT_US / 1000u);
	late0 = scmia_agent_counter(&d->agent, SCMIA_CNT_LATE_REPLIES);
	spur0 = scmia_agent_counter(&d->agent, SCMIA_CNT_SPURIOUS);
	races0 = d->poll_races ? d->poll_races(d) : 0u;
	to0 = scmia_agent_counter(&d->agent, SCMIA_CNT_TIMEOUTS);
	ret = scmia_chan_set_timeouts(&d->a2p, DEMO_SHORT_TIMEOUT_US, 0);
	demo_check(d, ret == SCMIA_OK, "scmia_chan_set_timeouts");
	scmia_put_le32(tx, DEMO_SLOW_MS);
	ret = scmia_cmd(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx, sizeof(rx),
			NULL, d->xfer_flags);
	printf("    result: %s\n", scmia_strerror(ret));
	if (d->late == DEMO_LATE_ON_RETURN) {
		/* The call into the platform (the TEE's invoke) returns only
		 * once the command is processed: the reply is there when it
		 * returns, however long it took, and no timeout applies. */
		demo_check(d, ret == SCMIA_OK,
			   "command completed on return of the call (no timeout on this transport)");
		demo_check(d, scmia_agent_counter(&d->agent, SCMIA_CNT_TIMEOUTS) == to0 &&
				      scmia_agent_counter(&d->agent, SCMIA_CNT_LATE_REPLIES) == late0,
			   "no timeout and no late reply counted");
		ret = scmia_chan_set_timeouts(&d->a2p, DEMO_REPLY_TIMEOUT_US, 0);
		demo_check(d, ret == SCMIA_OK, "reply timeout restored");
		ret = demo_echo(d, 0x5au, 12, &token);
		printf("    next command: token %u, %s\n", token, scmia_strerror(ret));
		demo_check(d, ret == SCMIA_OK, "next command gets its own reply (no misattribution)");
		return;
	}
	demo_check(d, ret == SCMIA_ETIMEDOUT, "command timed out");
	demo_check(d, scmia_agent_counter(&d->agent, SCMIA_CNT_TIMEOUTS) == to0 + 1u,
		   "one timeout counted");

	/* The platform answers anyway, later: that reply must not complete
	 * anything. How the agent gets to see it depends on the transport. */
	for (waited = 0; waited < 2000 && !seen; waited++) {
		late = scmia_agent_counter(&d->agent, SCMIA_CNT_LATE_REPLIES) - late0;
		spur = scmia_agent_counter(&d->agent, SCMIA_CNT_SPURIOUS) - spur0;
		switch (d->late) {
		case DEMO_LATE_COUNTED:
			seen = late != 0;
			break;
		case DEMO_LATE_IRQ:
			seen = late + spur != 0;
			break;
		case DEMO_LATE_UNSEEN:
			seen = d->a2p_idle(d);
			break;
		case DEMO_LATE_ON_RETURN:
			seen = 1;
			break;
		}
		if (!seen)
			demo_sleep_ms(1);
	}
	late = scmia_agent_counter(&d->agent, SCMIA_CNT_LATE_REPLIES) - late0;
	spur = scmia_agent_counter(&d->agent, SCMIA_CNT_SPURIOUS) - spur0;
	printf("    %u ms later: %u late reply(ies), %u spurious interrupt(s)\n", waited, late,
	       spur);
	switch (d->late) {
	case DEMO_LATE_COUNTED:
		demo_check(d, late == 1u && spur == 0,
			   "late reply rejected and counted in SCMIA_CNT_LATE_REPLIES");
		break;
	case DEMO_LATE_IRQ:
		/* The late reply's interrupt is the core's late reply, or, when
		 * it finds the area no longer the timed-out sender's, a spurious
		 * interrupt: both are correct, once. */
		demo_check(d, late + spur == 1u,
			   "late reply's interrupt rejected once (as late or as spurious)");
		break;
	case DEMO_LATE_UNSEEN:
		/* Polling: nobody looks at the area for a command that gave up;
		 * the next sender waits for FREE and overwrites it. */
		spur -= (d->poll_races ? d->poll_races(d) : 0u) - races0;
		demo_check(d, seen && late == 0 && spur == 0,
			   "platform released the area; its late reply never taken for a reply");
		break;
	case DEMO_LATE_ON_RETURN:
		break;
	}
	ret = scmia_chan_set_timeouts(&d->a2p, DEMO_REPLY_TIMEOUT_US, 0);
	demo_check(d, ret == SCMIA_OK, "reply timeout restored");
	/* and the channel still works: the next reply is the next command's */
	ret = demo_echo(d, 0x5au, 12, &token);
	printf("    next command: token %u, %s\n", token, scmia_strerror(ret));
	demo_check(d, ret == SCMIA_OK, "next command gets its own reply (no misattribution)");
}

void demo_counters(struct demo *d)
{
	uint32_t c[SCMIA_CNT__COUNT], late_ok, races;
	unsigned i, n_free = 0, n_held = 0, n_inflight = 0, col = 0;
	int n;

	printf("\n== Agent counters\n");
	n = scmia_agent_counters(&d->agent, c, SCMIA_CNT__COUNT);
	if (!demo_check(d, n == (int)SCMIA_CNT__COUNT, "scmia_agent_counters"))
		return;
	for (i = 0; i < SCMIA_CNT__COUNT; i++) {
		printf("%s%-26s %6u", col ? "   " : "    ",
		       scmia_counter_name((enum scmia_counter)i), c[i]);
		if (++col == 2u) {
			printf("\n");
			col = 0;
		}
	}
	if (col)
		printf("\n");
	switch (d->late) {
	case DEMO_LATE_IRQ:
		late_ok = c[SCMIA_CNT_LATE_REPLIES] + c[SCMIA_CNT_SPURIOUS] ==
			  c[SCMIA_CNT_TIMEOUTS];
		break;
	case DEMO_LATE_UNSEEN:
		/* no interrupt at all: nothing may be taken for one, except the
		 * transport's own count of racing p2a polls (see poll_races) */
		races = d->poll_races ? d->poll_races(d) : 0u;
		if (races)
			printf("    (%u spurious counted by racing p2a polls: transport "
			       "accounting)\n",
			       races);
		late_ok = c[SCMIA_CNT_LATE_REPLIES] == 0 && c[SCMIA_CNT_SPURIOUS] == races;
		break;
	default:
		late_ok = c[SCMIA_CNT_LATE_REPLIES] == c[SCMIA_CNT_TIMEOUTS] &&
			  c[SCMIA_CNT_SPURIOUS] == 0;
		break;
	}
	/* No fault was injected: every command sent got its reply, except the
	 * one that timed out (its late reply is accounted for apart) and any
	 * asynchronous command whose delayed response overtook its response
	 * (a polling waiter looks at the a2p area later than the p2a channel
	 * is served): the core then completes it on the delayed response and
	 * counts it as reordered (docs/design.md, "Transfer states"). */
	if (c[SCMIA_CNT_REORDERED])
		printf("    (%u delayed response(s) overtook their response: completed by it)\n",
		       c[SCMIA_CNT_REORDERED]);
	demo_check(d, c[SCMIA_CNT_SENT] == c[SCMIA_CNT_REPLIES] + c[SCMIA_CNT_REORDERED] +
						  c[SCMIA_CNT_TIMEOUTS] &&
			      late_ok &&
			      c[SCMIA_CNT_UNEXPECTED_TOKEN] == 0 &&
			      c[SCMIA_CNT_INVALID_STATE] == 0 && c[SCMIA_CNT_MALFORMED] == 0 &&
			      c[SCMIA_CNT_NOTIFY_DROPS] == 0,
		   "counters add up: sent = replies (+ reordered) + timeouts, late reply "
		   "accounted for, nothing unexpected, malformed or dropped");

	/* A receive that has just completed the last command may still hold
	 * its reference for a moment after the caller put it: wait for the
	 * receive paths to let go (bounded) before calling anything a leak. */
	for (i = 0; i < 1000; i++) {
		if (scmia_chan_stats(&d->a2p, &n_free, &n_held, &n_inflight) != SCMIA_OK ||
		    (n_held == 0 && n_inflight == 0))
			break;
		demo_sleep_ms(1);
	}
	printf("    a2p slots: %u free, %u held, %u token(s) in flight\n", n_free, n_held,
	       n_inflight);
	demo_check(d, n_free == DEMO_MAX_MSG && n_held == 0 && n_inflight == 0,
		   "no slot or token leaked");
	if (d->report) {
		printf("\n== Transport statistics (%s)\n", d->transport);
		d->report(d);
	}
}

#if SCMIA_CFG_RAW
static int demo_vendor_async(uint32_t hdr, size_t n, const uint32_t *p)
{
	(void)n;
	(void)p;
	return scmia_hdr_proto_id(hdr) == SCMIA_SIM_TEST_PROTO &&
	       scmia_hdr_msg_id(hdr) == SCMIA_SIM_TEST_ASYNC_WORK;
}

#define DEMO_RAW_ENTRIES 8u
#define DEMO_RAW_ENTRY (4u + DEMO_MSG_SIZE)

/* The compliance suite's abstraction layer (examples/scmi-pal) over the
 * raw API, next to the typed helpers on the same agent. */
void demo_raw(struct demo *d)
{
	static struct scmia_raw raw;
	static struct scmia_raw_entry ent[DEMO_RAW_ENTRIES];
	static uint8_t buf[DEMO_RAW_ENTRIES * DEMO_RAW_ENTRY];
	struct scmia_raw_cfg rc;
	struct scmia_pal_cfg pc;
	uint32_t p[4], rv[32], rh = 0, seq = 0, queued = 0, dropped = 0;
	int32_t st = 1;
	size_t n = 0;
	int ret;

	printf("\n== Raw messages: the compliance suite's calls (examples/scmi-pal)\n");
	memset(&rc, 0, sizeof(rc));
	rc.entries = ent;
	rc.n_entries = DEMO_RAW_ENTRIES;
	rc.entry_size = DEMO_RAW_ENTRY;
	rc.buf = buf;
	rc.flags = SCMIA_RAW_F_NOTIFICATIONS;
	rc.wait_obj = &d->waits[DEMO_MAX_MSG]; /* signalled per entry queued */
	ret = scmia_raw_attach(&raw, &d->agent, &rc);
	if (!demo_check(d, ret == SCMIA_OK, "scmia_raw_attach"))
		return;
	memset(&pc, 0, sizeof(pc));
	pc.raw = &raw;
	pc.is_async = demo_vendor_async;
	pc.poll = (d->xfer_flags & SCMIA_XFER_F_POLL) != 0;
	demo_check(d, pal_initialize_system(&pc) == 0, "pal_initialize_system");

	/* Base PROTOCOL_VERSION with the suite's own token */
	pal_send_message(scmia_hdr_pack(0, SCMIA_MSG_TYPE_COMMAND, SCMIA_PROTO_BASE, 0x2a), 0,
			 NULL, &rh, &st, &n, rv);
	printf("    BASE PROTOCOL_VERSION: status %d, version 0x%08x, header 0x%08x\n", st,
	       n ? rv[0] : 0u, rh);
	demo_check(d, st == 0 && n == 1 &&
			      rv[0] == scmia_sim_proto_version(&d->sim, SCMIA_PROTO_BASE) &&
			      rh == scmia_hdr_pack(0, 0, SCMIA_PROTO_BASE, 0x2a),
		   "pal_send_message: the platform's Base version, the suite's token back");

	/* CLOCK_RATE_SET, asynchronous, on the clock that supports it */
	p[0] = 1u;
	p[1] = 2u;
	p[2] = 800000000u;
	p[3] = 0;
	pal_send_message(scmia_hdr_pack(SCMIA_CLOCK_RATE_SET, 0, SCMIA_PROTO_CLOCK, 0x2b), 4, p,
			 &rh, &st, &n, rv);
	demo_check(d, st == 0 && n == 0, "CLOCK_RATE_SET (async) response");
	pal_receive_delayed_response(&rh, &st, &n, rv);
	printf("    delayed response: status %d, clock %u, rate %u Hz, header 0x%08x\n", st,
	       n ? rv[0] : 0u, n > 1 ? rv[1] : 0u, rh);
	demo_check(d, st == 0 && n == 3 && rv[0] == 2u && rv[1] == 800000000u &&
			      scmia_hdr_type(rh) == SCMIA_MSG_TYPE_DELAYED_RESP &&
			      scmia_hdr_token(rh) == 0x2b,
		   "pal_receive_delayed_response: CLOCK_RATE_SET_COMPLETE for it");

	/* a notification, also dispatched to the typed handlers as usual */
	p[0] = DEMO_SRC_ID;
	p[1] = 1;
	pal_send_message(scmia_hdr_pack(SCMIA_SIM_TEST_TRIGGER_EVENT, 0, SCMIA_SIM_TEST_PROTO, 1),
			 2, p, &rh, &st, &n, rv);
	if (st == 0 && n == 1)
		seq = rv[0];
	pal_receive_notification(&rh, &n, rv);
	printf("    notification: header 0x%08x, %zu word(s), seq %u\n", rh, n,
	       n > 2 ? rv[2] : 0u);
	demo_check(d, scmia_hdr_type(rh) == SCMIA_MSG_TYPE_NOTIFICATION && n == 3 &&
			      rv[1] == DEMO_SRC_ID && rv[2] == seq,
		   "pal_receive_notification: the event it triggered");
	(void)scmia_notify_dispatch(&d->agent, 0);

	(void)scmia_raw_stats(&raw, &queued, &dropped, NULL);
	ret = scmia_raw_detach(&raw);
	printf("    raw queue: %u entries queued, %u dropped\n", queued, dropped);
	demo_check(d, ret == SCMIA_OK && dropped == 0, "raw queue detached, nothing dropped");
}
#else
void demo_raw(struct demo *d)
{
	(void)d;
	printf("\n== Raw messages: not built (configure with -DSCMIA_RAW=ON; tools/demo does)\n");
}
#endif

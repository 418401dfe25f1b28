/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmia host demo: an agent on the POSIX port talks to the simulated SCMI
 * platform, which runs in its own thread, over a transport chosen on the
 * command line (--transport=loopback by default).
 *
 * It discovers the platform through the Base protocol, then walks through
 * a synchronous command, an asynchronous command and its delayed response,
 * a notification, and a command that times out and whose late reply is
 * rejected; then it prints the agent's counters. Exit status 0 only when
 * every step behaved as expected.
 *
 * Only the public API is used (scmia_cmd, scmia_xfer_*); the few Base
 * messages are encoded by hand from DEN0056 §4.2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"
#include "scmia_sim.h"

#define DEMO_MAX_MSG 8u
#define DEMO_MSG_SIZE 128u
#define DEMO_LB_MSGS 32u
#define DEMO_SRC_ID 7u
#define DEMO_SHORT_TIMEOUT_US 20000u /* 20 ms */
#define DEMO_SLOW_MS 100u            /* the platform answers after 100 ms */

/* Base protocol messages (DEN0056 §4.2). */
#define BASE_DISCOVER_VENDOR 0x3u
#define BASE_DISCOVER_SUB_VENDOR 0x4u
#define BASE_DISCOVER_IMPLEMENTATION_VERSION 0x5u
#define BASE_DISCOVER_LIST_PROTOCOLS 0x6u
#define BASE_DISCOVER_AGENT 0x7u

/* Everything one run needs: agent side, platform side, transport glue. */
struct demo {
	/* agent */
	struct scmia_posix posix;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_posix_wait waits[DEMO_MAX_MSG];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, DEMO_MAX_MSG, DEMO_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, DEMO_MAX_MSG, DEMO_MSG_SIZE);

	/* platform */
	struct scmia_sim sim;
	struct scmia_sim_test test;

	/* loopback transport + glue */
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[DEMO_LB_MSGS], lbm_p2a[DEMO_LB_MSGS];
	uint16_t lbq_a2p[DEMO_LB_MSGS], lbq_p2a[DEMO_LB_MSGS];

	/* set by the transport setup before demo_agent_open() */
	uint8_t completion; /* SCMIA_COMPLETION_* of the a2p channel (0: auto) */
	int no_p2a;         /* 1: the transport has no p2a channel */

	/* state of the run */
	const char *transport;
	void (*teardown)(struct demo *d);
	int failures;

	/* notification step */
	unsigned notified;
	uint32_t notif_agent, notif_src, notif_seq;
};

static struct demo demo_g;

/* ------------------------------------------------------------------ */
/* Reporting                                                           */
/* ------------------------------------------------------------------ */

static int demo_check(struct demo *d, int ok, const char *what)
{
	printf("  [%s] %s\n", ok ? " ok " : "FAIL", what);
	if (!ok)
		d->failures++;
	return ok;
}

static void demo_sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------------ */
/* Transport setup: one function per transport                         */
/* ------------------------------------------------------------------ */

static void demo_teardown_loopback(struct demo *d)
{
	scmia_sim_stop(&d->sim);
	scmia_agent_deinit(&d->agent);
	scmia_sim_deinit(&d->sim);
	scmia_posix_wait_deinit(d->waits, DEMO_MAX_MSG);
	scmia_posix_deinit(&d->posix);
}

/* The platform simulation shared by every transport. */
static int demo_sim_init(struct demo *d, const char *sub_vendor)
{
	struct scmia_sim_cfg scfg;
	int ret;

	memset(&scfg, 0, sizeof(scfg));
	scfg.vendor = "scmia-demo";
	scfg.sub_vendor = sub_vendor;
	scfg.impl_version = 0x00010002u;
	scfg.agents[0].name = "OSPM";
	scfg.agents[0].trusted = 1;
	scfg.agents[1].name = "secure-world";
	scfg.n_agents = 2;
	scfg.agent_id = 1;
	scfg.list_max = 2; /* page DISCOVER_LIST_PROTOCOLS */
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	ret = scmia_sim_init(&d->sim, &scfg);
	if (ret)
		return ret;
	d->test.async_delay_us = 5000u;
	return scmia_sim_test_register(&d->sim, &d->test);
}

/* The agent's channel pair over an already prepared transport. */
static int demo_agent_open(struct demo *d, const struct scmia_transport *tr, void *tctx,
			   void *a2p_ctx, void *p2a_ctx)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	int ret;

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &d->posix;
	acfg.transport = tr;
	acfg.transport_ctx = tctx;
	ret = scmia_agent_init(&d->agent, &acfg);
	if (ret)
		return ret;

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = d->completion;
	ccfg.max_msg = DEMO_MAX_MSG;
	ccfg.msg_size = DEMO_MSG_SIZE;
	ccfg.chan_ctx = a2p_ctx;
	ccfg.mem = d->mem_a2p;
	ccfg.mem_size = sizeof(d->mem_a2p);
	ccfg.wait_objs = d->waits;
	ccfg.wait_obj_stride = sizeof(d->waits[0]);
	ret = scmia_chan_open(&d->agent, &d->a2p, &ccfg);
	if (ret || d->no_p2a)
		return ret;

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = DEMO_MAX_MSG;
	ccfg.msg_size = DEMO_MSG_SIZE;
	ccfg.chan_ctx = p2a_ctx;
	ccfg.mem = d->mem_p2a;
	ccfg.mem_size = sizeof(d->mem_p2a);
	return scmia_chan_open(&d->agent, &d->p2a, &ccfg);
}

/*
 * Loopback: in-memory channels. The agent's send queues the command and
 * kicks the platform thread, which pops it, answers through the receive
 * entry (as an interrupt handler would) and sends delayed responses and
 * notifications on the p2a channel.
 */
static int demo_setup_loopback(struct demo *d)
{
	int ret;

	ret = scmia_posix_init(&d->posix);
	if (ret)
		return ret;
	ret = scmia_posix_wait_init(d->waits, DEMO_MAX_MSG);
	if (ret)
		return ret;
	ret = demo_sim_init(d, "loopback");
	if (ret)
		return ret;
	ret = scmia_sim_loopback_init(&d->gl, &d->sim);
	if (ret)
		return ret;
	ret = scmia_loopback_chan_init(&d->lb_a2p, d->lbm_a2p, DEMO_LB_MSGS, d->lbq_a2p,
				       &scmia_posix_os_ops, &d->posix, scmia_sim_loopback_kick,
				       &d->gl);
	if (ret)
		return ret;
	ret = scmia_loopback_chan_init(&d->lb_p2a, d->lbm_p2a, DEMO_LB_MSGS, d->lbq_p2a,
				       &scmia_posix_os_ops, &d->posix, NULL, NULL);
	if (ret)
		return ret;
	ret = scmia_sim_loopback_attach(&d->gl, 0, &d->lb_a2p, &d->lb_p2a, 0);
	if (ret)
		return ret;
	d->teardown = demo_teardown_loopback;
	ret = demo_agent_open(d, &scmia_loopback_transport, NULL, &d->lb_a2p, &d->lb_p2a);
	if (ret)
		return ret;
	return scmia_sim_start(&d->sim);
}

/* Transports the demo can run over. */
static const struct demo_transport {
	const char *name;
	int (*setup)(struct demo *d);
	const char *help;
} demo_transports[] = {
	{ "loopback", demo_setup_loopback, "in-memory channels, platform thread" },
};

#define DEMO_N_TRANSPORTS (sizeof(demo_transports) / sizeof(demo_transports[0]))

/* ------------------------------------------------------------------ */
/* Steps                                                               */
/* ------------------------------------------------------------------ */

static int demo_base_u32(struct demo *d, uint8_t proto, uint8_t msg, const void *tx,
			 uint32_t tx_len, uint32_t *out)
{
	uint8_t rx[8];
	uint32_t n = 0;
	int ret;

	ret = scmia_cmd(&d->agent, proto, msg, tx, tx_len, rx, sizeof(rx), &n, 0);
	if (ret == SCMIA_OK && n < 4)
		ret = SCMIA_ETOOSHORT;
	if (ret == SCMIA_OK)
		*out = scmia_get_le32(rx);
	return ret;
}

/* A 16-byte string field of a reply, made printable. */
static void demo_str16(char out[17], const uint8_t *in, uint32_t len)
{
	uint32_t i;

	memset(out, 0, 17);
	for (i = 0; i < 16 && i < len && in[i]; i++)
		out[i] = (in[i] >= 0x20 && in[i] < 0x7f) ? (char)in[i] : '?';
}

static void demo_discover(struct demo *d)
{
	uint8_t rx[DEMO_MSG_SIZE], tx[4];
	uint8_t ids[256];
	char s[17];
	uint32_t v, attrs = 0, n, count, skip = 0, i, total = 0;
	int ret, found_test = 0;

	printf("\n== Discovery (Base protocol)\n");
	ret = demo_base_u32(d, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0, &v);
	if (demo_check(d, ret == SCMIA_OK, "Base PROTOCOL_VERSION"))
		printf("    Base version %u.%u\n", v >> 16, v & 0xffffu);
	ret = demo_base_u32(d, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_ATTRIBUTES, NULL, 0, &attrs);
	if (demo_check(d, ret == SCMIA_OK, "Base PROTOCOL_ATTRIBUTES"))
		printf("    %u agents, %u protocols besides Base\n", (attrs >> 8) & 0xffu,
		       attrs & 0xffu);

	ret = scmia_cmd(&d->agent, SCMIA_PROTO_BASE, BASE_DISCOVER_VENDOR, NULL, 0, rx, 16, &n, 0);
	demo_str16(s, rx, ret == SCMIA_OK ? n : 0);
	if (demo_check(d, ret == SCMIA_OK && n >= 16, "DISCOVER_VENDOR"))
		printf("    vendor \"%s\"\n", s);
	ret = scmia_cmd(&d->agent, SCMIA_PROTO_BASE, BASE_DISCOVER_SUB_VENDOR, NULL, 0, rx, 16, &n,
			0);
	demo_str16(s, rx, ret == SCMIA_OK ? n : 0);
	if (demo_check(d, ret == SCMIA_OK && n >= 16, "DISCOVER_SUB_VENDOR"))
		printf("    sub-vendor \"%s\"\n", s);
	ret = demo_base_u32(d, SCMIA_PROTO_BASE, BASE_DISCOVER_IMPLEMENTATION_VERSION, NULL, 0, &v);
	if (demo_check(d, ret == SCMIA_OK, "DISCOVER_IMPLEMENTATION_VERSION"))
		printf("    implementation version 0x%08x\n", v);

	/* DISCOVER_LIST_PROTOCOLS, paged: in skip; out count + ids packed
	 * four per word. A page of 0 entries ends the walk (never loops). */
	for (;;) {
		scmia_put_le32(tx, skip);
		ret = scmia_cmd(&d->agent, SCMIA_PROTO_BASE, BASE_DISCOVER_LIST_PROTOCOLS, tx, 4, rx,
				sizeof(rx), &n, 0);
		if (ret != SCMIA_OK || n < 4)
			break;
		count = scmia_get_le32(rx);
		if (count == 0 || count > n - 4u || skip + count > sizeof(ids))
			break;
		memcpy(ids + skip, rx + 4, count);
		skip += count;
		if (skip >= (attrs & 0xffu))
			break;
	}
	total = skip;
	demo_check(d, ret == SCMIA_OK && total == (attrs & 0xffu),
		   "DISCOVER_LIST_PROTOCOLS (paged) lists every protocol");
	for (i = 0; i < total; i++) {
		ret = demo_base_u32(d, ids[i], SCMIA_MSG_PROTOCOL_VERSION, NULL, 0, &v);
		if (ret == SCMIA_OK)
			printf("    protocol 0x%02x version %u.%u\n", ids[i], v >> 16, v & 0xffffu);
		else
			printf("    protocol 0x%02x version: %s\n", ids[i], scmia_strerror(ret));
		if (ids[i] == SCMIA_SIM_TEST_PROTO && ret == SCMIA_OK)
			found_test = 1;
	}
	demo_check(d, found_test, "vendor test protocol 0x80 present");

	/* DISCOVER_AGENT: in agent_id (0xFFFFFFFF: myself); out agent_id, name[16]. */
	scmia_put_le32(tx, 0xffffffffu);
	ret = scmia_cmd(&d->agent, SCMIA_PROTO_BASE, BASE_DISCOVER_AGENT, tx, 4, rx, sizeof(rx), &n,
			0);
	if (ret == SCMIA_OK && n < 20)
		ret = SCMIA_ETOOSHORT;
	demo_str16(s, rx + 4, ret == SCMIA_OK ? 16 : 0);
	if (demo_check(d, ret == SCMIA_OK, "DISCOVER_AGENT (self)"))
		printf("    I am agent %u, \"%s\"\n", scmia_get_le32(rx), s);
}

static void demo_sync(struct demo *d)
{
	struct scmia_xfer *x = NULL;
	uint8_t tx[16];
	uint32_t i;
	int ret, ok;

	printf("\n== Synchronous command: ECHO (protocol 0x80, message 0x3)\n");
	for (i = 0; i < sizeof(tx); i++)
		tx[i] = (uint8_t)(0xa0u + i);
	ret = scmia_xfer_get(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, sizeof(tx), 0,
			     &x);
	if (!demo_check(d, ret == SCMIA_OK, "scmia_xfer_get"))
		return;
	memcpy(x->tx_buf, tx, sizeof(tx));
	ret = scmia_xfer_do(x, 0);
	/* the reply: the same bytes, then a checksum of our own header + payload */
	ok = ret == SCMIA_OK && x->rx_len == sizeof(tx) + 4u &&
	     memcmp(x->rx_buf, tx, sizeof(tx)) == 0 &&
	     scmia_get_le32((const uint8_t *)x->rx_buf + sizeof(tx)) ==
		     scmia_sim_checksum(x->hdr, tx, sizeof(tx));
	printf("    token %u, result %s, %u bytes back\n", scmia_hdr_token(x->hdr),
	       scmia_strerror(ret), x->rx_len);
	demo_check(d, ok, "ECHO reply is exactly this command's (payload + checksum)");
	scmia_xfer_put(x);
}

static void demo_async(struct demo *d)
{
	struct scmia_xfer *x = NULL;
	uint32_t value = 0x1234u, before, after;
	int ret, ok;

	printf("\n== Asynchronous command: ASYNC_WORK (message 0x4) + delayed response\n");
	if (d->no_p2a) {
		printf("    skipped: transport %s has no p2a channel\n", d->transport);
		return;
	}
	before = scmia_agent_counter(&d->agent, SCMIA_CNT_DELAYED_REPLIES);
	ret = scmia_xfer_get(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, 4, 0, &x);
	if (!demo_check(d, ret == SCMIA_OK, "scmia_xfer_get"))
		return;
	scmia_put_le32(x->tx_buf, value);
	ret = scmia_xfer_do(x, SCMIA_XFER_F_ASYNC);
	after = scmia_agent_counter(&d->agent, SCMIA_CNT_DELAYED_REPLIES);
	ok = ret == SCMIA_OK && x->rx_len >= 8 &&
	     scmia_get_le32(x->rx_buf) == scmia_sim_test_async_value(value) &&
	     scmia_get_le32((const uint8_t *)x->rx_buf + 4) ==
		     scmia_sim_checksum(x->hdr & ~(0x3u << 8), x->tx_buf, 4);
	printf("    result %s, delayed value 0x%08x (expected 0x%08x)\n", scmia_strerror(ret),
	       x->rx_len >= 4 ? scmia_get_le32(x->rx_buf) : 0u, scmia_sim_test_async_value(value));
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

static void demo_notification(struct demo *d)
{
	struct scmia_notifier nf;
	uint8_t tx[8], rx[4];
	uint32_t n = 0, first_seq = 0;
	unsigned waited;
	int ret;

	printf("\n== Notification: TRIGGER_EVENT (message 0x5) -> event 0x0\n");
	if (d->no_p2a) {
		printf("    skipped: transport %s has no p2a channel\n", d->transport);
		return;
	}
	memset(&nf, 0, sizeof(nf));
	nf.proto_id = SCMIA_SIM_TEST_PROTO;
	nf.evt_id = SCMIA_SIM_TEST_EVT;
	nf.src_id = DEMO_SRC_ID;
	nf.fn = demo_on_event;
	nf.ctx = d;
	ret = scmia_notify_register(&d->agent, &nf);
	if (!demo_check(d, ret == SCMIA_OK, "scmia_notify_register (protocol 0x80, event 0, source 7)"))
		return;
	scmia_put_le32(tx, DEMO_SRC_ID);
	scmia_put_le32(tx + 4, 1);
	ret = scmia_cmd(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx, 8, rx,
			sizeof(rx), &n, 0);
	if (ret == SCMIA_OK && n >= 4)
		first_seq = scmia_get_le32(rx);
	demo_check(d, ret == SCMIA_OK && n >= 4, "TRIGGER_EVENT answered");
	/* The notification arrives on the p2a channel, is queued by the
	 * receive entry and runs its handler when we dispatch. */
	for (waited = 0; waited < 1000 && !d->notified; waited++) {
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

static void demo_timeout(struct demo *d)
{
	uint8_t tx[4], rx[8];
	uint32_t late0, to0;
	unsigned waited;
	int ret;

	printf("\n== Timeout: SLOW (message 0x6, %u ms) with a %u ms reply timeout\n", DEMO_SLOW_MS,
	       DEMO_SHORT_TIMEOUT_US / 1000u);
	late0 = scmia_agent_counter(&d->agent, SCMIA_CNT_LATE_REPLIES);
	to0 = scmia_agent_counter(&d->agent, SCMIA_CNT_TIMEOUTS);
	ret = scmia_chan_set_timeouts(&d->a2p, DEMO_SHORT_TIMEOUT_US, 0);
	demo_check(d, ret == SCMIA_OK, "scmia_chan_set_timeouts");
	scmia_put_le32(tx, DEMO_SLOW_MS);
	ret = scmia_cmd(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx, sizeof(rx),
			NULL, 0);
	printf("    result: %s\n", scmia_strerror(ret));
	demo_check(d, ret == SCMIA_ETIMEDOUT, "command timed out");
	demo_check(d, scmia_agent_counter(&d->agent, SCMIA_CNT_TIMEOUTS) == to0 + 1u,
		   "one timeout counted");
	/* The platform answers anyway, later: that reply must be rejected. */
	for (waited = 0; waited < 2000; waited++) {
		if (scmia_agent_counter(&d->agent, SCMIA_CNT_LATE_REPLIES) != late0)
			break;
		demo_sleep_ms(1);
	}
	demo_check(d, scmia_agent_counter(&d->agent, SCMIA_CNT_LATE_REPLIES) == late0 + 1u,
		   "late reply rejected and counted in SCMIA_CNT_LATE_REPLIES");
	ret = scmia_chan_set_timeouts(&d->a2p, SCMIA_DEFAULT_REPLY_TIMEOUT_US, 0);
	demo_check(d, ret == SCMIA_OK, "reply timeout restored");
	/* and the channel still works */
	scmia_put_le32(tx, 0);
	ret = scmia_cmd(&d->agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW, tx, 4, rx, sizeof(rx),
			NULL, 0);
	demo_check(d, ret == SCMIA_OK, "next command succeeds");
}

static void demo_counters(struct demo *d)
{
	uint32_t c[SCMIA_CNT__COUNT];
	unsigned i;
	int n;

	printf("\n== Agent counters\n");
	n = scmia_agent_counters(&d->agent, c, SCMIA_CNT__COUNT);
	if (!demo_check(d, n == (int)SCMIA_CNT__COUNT, "scmia_agent_counters"))
		return;
	for (i = 0; i < SCMIA_CNT__COUNT; i++)
		printf("    %-26s %u\n", scmia_counter_name((enum scmia_counter)i), c[i]);
	/* No fault was injected: every command sent got its reply, except the
	 * one that timed out (its late reply is counted apart). */
	demo_check(d, c[SCMIA_CNT_SENT] == c[SCMIA_CNT_REPLIES] + c[SCMIA_CNT_TIMEOUTS] &&
			      c[SCMIA_CNT_TIMEOUTS] == c[SCMIA_CNT_LATE_REPLIES] &&
			      c[SCMIA_CNT_UNEXPECTED_TOKEN] == 0 && c[SCMIA_CNT_INVALID_STATE] == 0 &&
			      c[SCMIA_CNT_MALFORMED] == 0,
		   "counters add up: sent = replies + timeouts, one late reply per timeout");
}

/* ------------------------------------------------------------------ */
/* main                                                                */
/* ------------------------------------------------------------------ */

static void demo_usage(const char *argv0)
{
	size_t i;

	printf("usage: %s [--transport=NAME]\n  transports:\n", argv0);
	for (i = 0; i < DEMO_N_TRANSPORTS; i++)
		printf("    %-10s %s%s\n", demo_transports[i].name, demo_transports[i].help,
		       i == 0 ? " (default)" : "");
}

int main(int argc, char **argv)
{
	const struct demo_transport *t = &demo_transports[0];
	struct demo *d = &demo_g;
	size_t i;
	int a, ret;

	for (a = 1; a < argc; a++) {
		if (strncmp(argv[a], "--transport=", 12) == 0) {
			t = NULL;
			for (i = 0; i < DEMO_N_TRANSPORTS; i++)
				if (strcmp(argv[a] + 12, demo_transports[i].name) == 0)
					t = &demo_transports[i];
			if (!t) {
				fprintf(stderr, "unknown transport '%s'\n", argv[a] + 12);
				demo_usage(argv[0]);
				return 2;
			}
		} else {
			demo_usage(argv[0]);
			return strcmp(argv[a], "--help") == 0 ? 0 : 2;
		}
	}

	memset(d, 0, sizeof(*d));
	d->transport = t->name;
	printf("scmia %s host demo, transport: %s\n", SCMIA_VERSION_STRING, t->name);
	ret = t->setup(d);
	if (ret) {
		fprintf(stderr, "setup of transport %s failed: %s (%d)\n", t->name,
			scmia_strerror(ret), ret);
		if (d->teardown)
			d->teardown(d);
		return 1;
	}

	demo_discover(d);
	demo_sync(d);
	demo_async(d);
	demo_notification(d);
	demo_timeout(d);
	demo_counters(d);

	d->teardown(d);
	printf("\nhost demo (%s): %s, %d failure(s)\n", d->transport,
	       d->failures ? "FAILED" : "all steps behaved as expected", d->failures);
	return d->failures ? 1 : 0;
}

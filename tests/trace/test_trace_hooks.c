/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core's trace hooks (label "trace"): a scripted session through a
 * core built with SCMIA_CFG_TRACE=1, every event formatted with
 * scmia_trace_format() and compared byte for byte with lines written by
 * hand from Linux's formats (include/scmia/trace.h lists them):
 *  - a synchronous command, polled: begin, CMND, response wait, RESP,
 *    rx done, end;
 *  - an asynchronous command: ... RESP, rx done, DLYD, rx done, end;
 *  - a reply for no transfer: !RESP with the "unexpected" reason;
 *  - a notification: NOTI, rx done;
 *  - a timeout: end with the timeout result.
 * A tiny transport of the test's own: polling, replies scripted in a
 * mailbox the test fills.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia/trace.h"

#if !SCMIA_CFG_TRACE
#error "build this test with SCMIA_CFG_TRACE=1"
#endif

/* ---- the transport: one message at a time, replies scripted ---- */

static struct {
	int have;        /* a reply is waiting for poll_done */
	int32_t status;
	uint8_t data[16];
	uint32_t len;
	int answer;      /* answer each send at once */
	uint32_t notif;  /* payload word of the next notification */
} mb;

static int t_setup(void *ctx, struct scmia_chan *chan)
{
	(void)ctx;
	(void)chan;
	return 0;
}

static int t_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *x)
{
	(void)ctx;
	(void)chan;
	scmia_xfer_sent(x);
	mb.have = mb.answer;
	return 0;
}

static int t_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *x)
{
	(void)ctx;
	(void)chan;
	(void)x;
	return mb.have;
}

static int t_fetch(void *ctx, struct scmia_chan *chan, struct scmia_xfer *x, void *cookie)
{
	(void)ctx;
	(void)chan;
	(void)cookie;
	mb.have = 0;
	x->status = mb.status;
	x->rx_len = mb.len < x->rx_cap ? mb.len : x->rx_cap;
	memcpy(x->rx_buf, mb.data, x->rx_len);
	return 0;
}

static int t_fetch_notif(void *ctx, struct scmia_chan *chan, struct scmia_xfer *x, uint32_t max,
			 void *cookie)
{
	(void)ctx;
	(void)chan;
	(void)max;
	(void)cookie;
	scmia_put_le32(x->rx_buf, mb.notif);
	x->rx_len = 4;
	return 0;
}

static const struct scmia_transport_ops t_ops = {
	.chan_setup = t_setup,
	.send = t_send,
	.fetch_response = t_fetch,
	.fetch_notification = t_fetch_notif,
	.poll_done = t_poll_done,
};

static const struct scmia_transport t_tr = {
	.ops = &t_ops,
	.name = "script",
	.reply_timeout_us = 30000,
	.max_msg = 4,
	.max_msg_size = 32,
	.flags = SCMIA_TRANSPORT_F_NO_COMPLETION_IRQ,
};

/* ---- the trace sink: formatted lines ---- */

static char lines[64][160];
static unsigned n_lines;

static void sink(void *ctx, const struct scmia_trace *ev)
{
	(void)ctx;
	if (n_lines < 64)
		(void)scmia_trace_format(ev, SCMIA_TRACE_FMT_NAME, lines[n_lines++],
					 sizeof(lines[0]));
}

static struct scmia_agent agent;
static struct scmia_chan a2p, p2a;
static SCMIA_CHAN_MEM_DEFINE(mem_a2p, 4, 32);
static SCMIA_P2A_MEM_DEFINE(mem_p2a, 4, 32);

static void up(void)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;

	memset(&mb, 0, sizeof(mb));
	n_lines = 0;
	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &t_tr;
	acfg.trace = sink;
	acfg.agent_id = 7;
	assert_int_equal(scmia_agent_init(&agent, &acfg), SCMIA_OK);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.mem = mem_a2p;
	ccfg.mem_size = sizeof(mem_a2p);
	assert_int_equal(scmia_chan_open(&agent, &a2p, &ccfg), SCMIA_OK);
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.mem = mem_p2a;
	ccfg.mem_size = sizeof(mem_p2a);
	assert_int_equal(scmia_chan_open(&agent, &p2a, &ccfg), SCMIA_OK);
}

static void expect(const char *const *want, unsigned n)
{
	unsigned i;

	for (i = 0; i < n && i < n_lines; i++)
		if (strcmp(lines[i], want[i]))
			fail_msg("line %u:\n  got  '%s'\n  want '%s'", i, lines[i], want[i]);
	assert_int_equal(n_lines, n);
}

static void test_trace_session(void **state)
{
	static const char *const want[] = {
		/* a synchronous command, polled */
		"scmi_xfer_begin: pt=10 msg_id=00 seq=0000 transfer_id=1 poll=1 inflight=1",
		"scmi_msg_dump: id=7 ch=10 pt=10 t=CMND msg_id=00 seq=0000 s=0 pyld=",
		"scmi_xfer_response_wait: pt=10 msg_id=00 seq=0000 transfer_id=1 tmo_ms=30 poll=1",
		"scmi_msg_dump: id=7 ch=10 pt=10 t=RESP msg_id=00 seq=0000 s=0 pyld=00000200",
		"scmi_rx_done: pt=10 msg_id=00 seq=0000 transfer_id=1 msg_type=0",
		"scmi_xfer_end: pt=10 msg_id=00 seq=0000 transfer_id=1 s=0 inflight=0",
		/* a command with a payload and an error status */
		"scmi_xfer_begin: pt=14 msg_id=05 seq=0001 transfer_id=2 poll=1 inflight=1",
		"scmi_msg_dump: id=7 ch=10 pt=14 t=CMND msg_id=05 seq=0001 s=0 pyld=2a000000",
		"scmi_xfer_response_wait: pt=14 msg_id=05 seq=0001 transfer_id=2 tmo_ms=30 poll=1",
		"scmi_msg_dump: id=7 ch=10 pt=14 t=RESP msg_id=05 seq=0001 s=-4 pyld=",
		"scmi_rx_done: pt=14 msg_id=05 seq=0001 transfer_id=2 msg_type=0",
		"scmi_xfer_end: pt=14 msg_id=05 seq=0001 transfer_id=2 s=-104 inflight=0",
		/* a reply nobody waits for */
		"scmi_msg_dump: id=7 ch=10 pt=10 t=!RESP msg_id=00 seq=0099 s=-1 pyld=",
		/* a notification */
		"scmi_msg_dump: id=7 ch=10 pt=14 t=NOTI msg_id=00 seq=0000 s=0 pyld=0b000000",
		"scmi_rx_done: pt=14 msg_id=00 seq=0000 transfer_id=0 msg_type=3",
	};
	uint8_t rx[8], tx[4];
	uint32_t n = 0;

	(void)state;
	up();
	/* PROTOCOL_VERSION answered 2.0 */
	mb.answer = 1;
	mb.status = 0;
	scmia_put_le32(mb.data, 0x00020000u);
	mb.len = 4;
	assert_int_equal(scmia_cmd(&agent, SCMIA_PROTO_BASE, 0, NULL, 0, rx, sizeof(rx), &n, 0),
			 SCMIA_OK);
	/* a Clock message answered NOT_FOUND */
	mb.status = SCMIA_STATUS_NOT_FOUND;
	mb.len = 0;
	scmia_put_le32(tx, 42);
	assert_int_equal(scmia_cmd(&agent, SCMIA_PROTO_CLOCK, 5, tx, 4, rx, sizeof(rx), &n, 0),
			 SCMIA_E_SCMI_NOT_FOUND);
	/* a reply for no transfer */
	assert_int_equal(scmia_rx(&a2p, scmia_hdr_pack(0, 0, SCMIA_PROTO_BASE, 0x99), NULL),
			 SCMIA_EUNEXPECTED);
	/* a notification */
	mb.notif = 11;
	assert_int_equal(scmia_rx(&p2a, scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION,
						       SCMIA_PROTO_CLOCK, 0),
				  NULL),
			 SCMIA_OK);
	expect(want, sizeof(want) / sizeof(want[0]));
	(void)scmia_agent_deinit(&agent);
}

static void test_trace_timeout(void **state)
{
	static const char *const want[] = {
		"scmi_xfer_begin: pt=13 msg_id=07 seq=0000 transfer_id=1 poll=1 inflight=1",
		"scmi_msg_dump: id=7 ch=10 pt=13 t=CMND msg_id=07 seq=0000 s=0 pyld=",
		"scmi_xfer_response_wait: pt=13 msg_id=07 seq=0000 transfer_id=1 tmo_ms=30 poll=1",
		"scmi_xfer_end: pt=13 msg_id=07 seq=0000 transfer_id=1 s=-3 inflight=0",
	};

	(void)state;
	up();
	mb.answer = 0; /* no reply: the virtual clock runs out */
	assert_int_equal(scmia_cmd(&agent, SCMIA_PROTO_PERF, 7, NULL, 0, NULL, 0, NULL, 0),
			 SCMIA_ETIMEDOUT);
	expect(want, sizeof(want) / sizeof(want[0]));
	(void)scmia_agent_deinit(&agent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_session),
		cmocka_unit_test(test_trace_timeout),
	};

	return cmocka_run_group_tests_name("trace_hooks", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trace formatter (label "trace"): scmia_trace_format() against lines
 * written by hand from Linux's TP_printk formats (include/trace/events/
 * scmi.h), newest and older variants:
 *   scmi_xfer_begin          pt=%02X msg_id=%02X seq=%04X transfer_id=%X poll=%u inflight=%d
 *   scmi_xfer_response_wait  pt=%02X msg_id=%02X seq=%04X transfer_id=%X tmo_ms=%u poll=%u
 *   scmi_xfer_end            pt=%02X msg_id=%02X seq=%04X transfer_id=%X s=%d inflight=%d
 *   scmi_rx_done             pt=%02X msg_id=%02X seq=%04X transfer_id=%X msg_type=%u
 *   scmi_msg_dump            id=%d ch=%02X pt=%02X t=%s msg_id=%02X seq=%04X s=%d pyld=%s
 * with pyld printed by __print_hex_str: lowercase, no separators, also
 * across the 16-byte chunks the kernel prints it in.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia/scmia.h"
#include "scmia/trace.h"

/* Format into a buffer that is ample, check the return value is the length. */
static const char *fmt(const struct scmia_trace *ev, unsigned flags)
{
	static char line[4096];
	int n;

	memset(line, 'X', sizeof(line));
	n = scmia_trace_format(ev, flags, line, sizeof(line));
	assert_true(n >= 0);
	assert_int_equal((size_t)n, strlen(line));
	return line;
}

static struct scmia_trace ev_xfer(uint8_t event, uint8_t pt, uint8_t msg, uint16_t seq,
				  uint32_t tid)
{
	struct scmia_trace ev;

	memset(&ev, 0, sizeof(ev));
	ev.event = event;
	ev.proto_id = pt;
	ev.msg_id = msg;
	ev.seq = seq;
	ev.transfer_id = tid;
	ev.hdr = scmia_hdr_pack(msg, 0, pt, seq);
	ev.agent_id = 3;
	ev.transport = "smt";
	return ev;
}

static struct scmia_trace ev_dump(uint8_t tag, uint8_t ch, uint8_t pt, uint8_t msg, uint16_t seq,
				  int32_t status, const void *payload, uint32_t len)
{
	struct scmia_trace ev = ev_xfer(SCMIA_TRACE_MSG_DUMP, pt, msg, seq, 0);

	ev.tag = tag;
	ev.chan_id = ch;
	ev.status = status;
	ev.payload = payload;
	ev.len = len;
	ev.dir = (uint8_t)(tag == SCMIA_TRACE_TAG_CMND ? SCMIA_TRACE_DIR_A2P : SCMIA_TRACE_DIR_P2A);
	return ev;
}

/*
 * A scripted session as the core reports it: a synchronous CLOCK_RATE_GET,
 * an asynchronous RESET on a dedicated, polled channel with its delayed
 * response, a POWER_STATE_CHANGED notification, a command that times out
 * and the late reply that is then dropped, and a reply with an error
 * status. Each line is the text Linux prints for the same event.
 */
static void test_scripted_session(void **state)
{
	static const uint8_t clk_id[] = { 0x03, 0x00, 0x00, 0x00 };
	static const uint8_t rate[] = { 0x00, 0xe1, 0xf5, 0x05, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t reset_cmd[] = { 0x05, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t reset_done[] = { 0x05, 0, 0, 0 };
	static const uint8_t power_ev[] = { 0x01, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0x40 };
	static const uint8_t slow[] = { 0xe8, 0x03, 0x00, 0x00 };
	struct scmia_trace ev;

	(void)state;
	/* Synchronous CLOCK_RATE_GET (0x14/0x06), token 1. */
	ev = ev_xfer(SCMIA_TRACE_XFER_BEGIN, 0x14, 0x06, 0x001, 0x2a);
	ev.inflight = 1;
	assert_string_equal(fmt(&ev, 0),
			    "pt=14 msg_id=06 seq=0001 transfer_id=2A poll=0 inflight=1");
	ev = ev_dump(SCMIA_TRACE_TAG_CMND, 0x00, 0x14, 0x06, 0x001, 0, clk_id, sizeof(clk_id));
	assert_string_equal(fmt(&ev, 0),
			    "id=3 ch=10 pt=14 t=CMND msg_id=06 seq=0001 s=0 pyld=03000000");
	ev = ev_xfer(SCMIA_TRACE_RESPONSE_WAIT, 0x14, 0x06, 0x001, 0x2a);
	ev.timeout_us = 30000;
	assert_string_equal(fmt(&ev, 0),
			    "pt=14 msg_id=06 seq=0001 transfer_id=2A tmo_ms=30 poll=0");
	ev = ev_dump(SCMIA_TRACE_TAG_RESP, 0x00, 0x14, 0x06, 0x001, 0, rate, sizeof(rate));
	assert_string_equal(fmt(&ev, 0),
			    "id=3 ch=10 pt=14 t=RESP msg_id=06 seq=0001 s=0 pyld=00e1f50500000000");
	ev = ev_xfer(SCMIA_TRACE_RX_DONE, 0x14, 0x06, 0x001, 0x2a);
	assert_string_equal(fmt(&ev, 0), "pt=14 msg_id=06 seq=0001 transfer_id=2A msg_type=0");
	ev = ev_xfer(SCMIA_TRACE_XFER_END, 0x14, 0x06, 0x001, 0x2a);
	assert_string_equal(fmt(&ev, 0), "pt=14 msg_id=06 seq=0001 transfer_id=2A s=0 inflight=0");

	/* Asynchronous RESET (0x16/0x04) on the Reset channel, polled, token 0x3ff. */
	ev = ev_xfer(SCMIA_TRACE_XFER_BEGIN, 0x16, 0x04, 0x3ff, 0x2b);
	ev.poll = 1;
	ev.inflight = 1;
	assert_string_equal(fmt(&ev, 0),
			    "pt=16 msg_id=04 seq=03FF transfer_id=2B poll=1 inflight=1");
	ev = ev_dump(SCMIA_TRACE_TAG_CMND, 0x16, 0x16, 0x04, 0x3ff, 0, reset_cmd,
		     sizeof(reset_cmd));
	assert_string_equal(fmt(&ev, 0), "id=3 ch=16 pt=16 t=CMND msg_id=04 seq=03FF s=0 "
					  "pyld=050000000100000000000000");
	ev = ev_xfer(SCMIA_TRACE_RESPONSE_WAIT, 0x16, 0x04, 0x3ff, 0x2b);
	ev.timeout_us = 500;
	ev.poll = 1;
	assert_string_equal(fmt(&ev, 0), "pt=16 msg_id=04 seq=03FF transfer_id=2B tmo_ms=1 poll=1");
	ev = ev_dump(SCMIA_TRACE_TAG_RESP, 0x16, 0x16, 0x04, 0x3ff, 0, NULL, 0);
	assert_string_equal(fmt(&ev, 0), "id=3 ch=16 pt=16 t=RESP msg_id=04 seq=03FF s=0 pyld=");
	ev = ev_xfer(SCMIA_TRACE_XFER_END, 0x16, 0x04, 0x3ff, 0x2b);
	ev.inflight = 1;
	assert_string_equal(fmt(&ev, 0), "pt=16 msg_id=04 seq=03FF transfer_id=2B s=0 inflight=1");
	ev = ev_dump(SCMIA_TRACE_TAG_DLYD, 0x16, 0x16, 0x04, 0x3ff, 0, reset_done,
		     sizeof(reset_done));
	assert_string_equal(fmt(&ev, 0),
			    "id=3 ch=16 pt=16 t=DLYD msg_id=04 seq=03FF s=0 pyld=05000000");
	ev = ev_xfer(SCMIA_TRACE_RX_DONE, 0x16, 0x04, 0x3ff, 0x2b);
	ev.msg_type = 2;
	assert_string_equal(fmt(&ev, 0), "pt=16 msg_id=04 seq=03FF transfer_id=2B msg_type=2");

	/* POWER_STATE_CHANGED (0x11/0x00) notification. */
	ev = ev_dump(SCMIA_TRACE_TAG_NOTI, 0x00, 0x11, 0x00, 0x000, 0, power_ev,
		     sizeof(power_ev));
	assert_string_equal(fmt(&ev, 0), "id=3 ch=10 pt=11 t=NOTI msg_id=00 seq=0000 s=0 "
					  "pyld=010000000200000000000040");
	ev = ev_xfer(SCMIA_TRACE_RX_DONE, 0x11, 0x00, 0x000, 0x2c);
	ev.msg_type = 3;
	assert_string_equal(fmt(&ev, 0), "pt=11 msg_id=00 seq=0000 transfer_id=2C msg_type=3");

	/* Vendor SLOW (0x80/0x06) times out (SCMIA_ETIMEDOUT = -3)... */
	ev = ev_xfer(SCMIA_TRACE_XFER_BEGIN, 0x80, 0x06, 0x002, 0x2d);
	ev.inflight = 1;
	assert_string_equal(fmt(&ev, 0),
			    "pt=80 msg_id=06 seq=0002 transfer_id=2D poll=0 inflight=1");
	ev = ev_dump(SCMIA_TRACE_TAG_CMND, 0x00, 0x80, 0x06, 0x002, 0, slow, sizeof(slow));
	assert_string_equal(fmt(&ev, 0),
			    "id=3 ch=10 pt=80 t=CMND msg_id=06 seq=0002 s=0 pyld=e8030000");
	ev = ev_xfer(SCMIA_TRACE_XFER_END, 0x80, 0x06, 0x002, 0x2d);
	ev.status = SCMIA_ETIMEDOUT;
	assert_string_equal(fmt(&ev, 0),
			    "pt=80 msg_id=06 seq=0002 transfer_id=2D s=-3 inflight=0");
	/* ... and its late reply is dropped: header only, reason -1. */
	ev = ev_dump(SCMIA_TRACE_TAG_BAD_RESP, 0x00, 0x80, 0x06, 0x002,
		     SCMIA_TRACE_BAD_UNEXPECTED, NULL, 0);
	assert_string_equal(fmt(&ev, 0), "id=3 ch=10 pt=80 t=!RESP msg_id=06 seq=0002 s=-1 pyld=");

	/* Power POWER_STATE_GET (0x11/0x05) answered NOT_FOUND (-4): the
	 * dump shows the SCMI status, the end the scmia result (-104). */
	ev = ev_dump(SCMIA_TRACE_TAG_RESP, 0x00, 0x11, 0x05, 0x003, SCMIA_STATUS_NOT_FOUND, NULL, 0);
	assert_string_equal(fmt(&ev, 0), "id=3 ch=10 pt=11 t=RESP msg_id=05 seq=0003 s=-4 pyld=");
	ev = ev_xfer(SCMIA_TRACE_XFER_END, 0x11, 0x05, 0x003, 0x2e);
	ev.status = SCMIA_E_SCMI_NOT_FOUND;
	assert_string_equal(fmt(&ev, 0),
			    "pt=11 msg_id=05 seq=0003 transfer_id=2E s=-104 inflight=0");
}

/* The same events in the formats of older kernels. */
static void test_old_formats(void **state)
{
	static const uint8_t clk_id[] = { 0x03, 0x00, 0x00, 0x00 };
	struct scmia_trace ev;

	(void)state;
	ev = ev_xfer(SCMIA_TRACE_XFER_BEGIN, 0x14, 0x06, 0x001, 0x2a);
	ev.inflight = 1;
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_OLD),
			    "pt=14 msg_id=06 seq=0001 transfer_id=2A poll=0");
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NO_INFLIGHT),
			    "pt=14 msg_id=06 seq=0001 transfer_id=2A poll=0");
	/* NO_CHAN alone leaves the in-flight count (kernels of 2024). */
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NO_CHAN),
			    "pt=14 msg_id=06 seq=0001 transfer_id=2A poll=0 inflight=1");
	ev = ev_xfer(SCMIA_TRACE_XFER_END, 0x14, 0x06, 0x001, 0x2a);
	ev.status = -110;
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_OLD),
			    "pt=14 msg_id=06 seq=0001 transfer_id=2A s=-110");
	/* RESPONSE_WAIT and RX_DONE did not change. */
	ev = ev_xfer(SCMIA_TRACE_RESPONSE_WAIT, 0x14, 0x06, 0x001, 0x2a);
	ev.timeout_us = 30000;
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_OLD),
			    "pt=14 msg_id=06 seq=0001 transfer_id=2A tmo_ms=30 poll=0");
	ev = ev_xfer(SCMIA_TRACE_RX_DONE, 0x14, 0x06, 0x001, 0x2a);
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_OLD),
			    "pt=14 msg_id=06 seq=0001 transfer_id=2A msg_type=0");
	ev = ev_dump(SCMIA_TRACE_TAG_CMND, 0x14, 0x14, 0x06, 0x001, 0, clk_id, sizeof(clk_id));
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_OLD),
			    "pt=14 t=CMND msg_id=06 seq=0001 s=0 pyld=03000000");
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NO_CHAN),
			    "pt=14 t=CMND msg_id=06 seq=0001 s=0 pyld=03000000");
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NO_INFLIGHT),
			    "id=3 ch=14 pt=14 t=CMND msg_id=06 seq=0001 s=0 pyld=03000000");
}

/* With SCMIA_TRACE_FMT_NAME each line starts like Linux's trace file entry. */
static void test_name_prefix(void **state)
{
	struct scmia_trace ev;

	(void)state;
	ev = ev_xfer(SCMIA_TRACE_XFER_BEGIN, 0x10, 0x00, 0x000, 0x1);
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NAME),
			    "scmi_xfer_begin: pt=10 msg_id=00 seq=0000 transfer_id=1 poll=0 "
			    "inflight=0");
	ev.event = SCMIA_TRACE_RESPONSE_WAIT;
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NAME | SCMIA_TRACE_FMT_OLD),
			    "scmi_xfer_response_wait: pt=10 msg_id=00 seq=0000 transfer_id=1 "
			    "tmo_ms=0 poll=0");
	ev.event = SCMIA_TRACE_XFER_END;
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NAME),
			    "scmi_xfer_end: pt=10 msg_id=00 seq=0000 transfer_id=1 s=0 inflight=0");
	ev.event = SCMIA_TRACE_RX_DONE;
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NAME),
			    "scmi_rx_done: pt=10 msg_id=00 seq=0000 transfer_id=1 msg_type=0");
	ev = ev_dump(SCMIA_TRACE_TAG_NOTI, 0, 0x10, 0x00, 0, 0, NULL, 0);
	assert_string_equal(fmt(&ev, SCMIA_TRACE_FMT_NAME),
			    "scmi_msg_dump: id=3 ch=10 pt=10 t=NOTI msg_id=00 seq=0000 s=0 pyld=");
}

/* Extremes of every number: widths, signs, INT32_MIN, unpadded %X. */
static void test_edge_values(void **state)
{
	struct scmia_trace ev;

	(void)state;
	ev = ev_xfer(SCMIA_TRACE_XFER_BEGIN, 0xff, 0xff, 0xffff, 0xffffffffu);
	ev.poll = 255;
	ev.inflight = INT32_MAX;
	assert_string_equal(fmt(&ev, 0), "pt=FF msg_id=FF seq=FFFF transfer_id=FFFFFFFF poll=255 "
					  "inflight=2147483647");
	ev = ev_xfer(SCMIA_TRACE_XFER_END, 0x00, 0x00, 0x0000, 0);
	ev.status = INT32_MIN;
	ev.inflight = -1;
	assert_string_equal(fmt(&ev, 0), "pt=00 msg_id=00 seq=0000 transfer_id=0 s=-2147483648 "
					  "inflight=-1");
	ev = ev_xfer(SCMIA_TRACE_XFER_END, 0x0a, 0x0b, 0x00c0, 0x1000);
	ev.status = INT32_MAX;
	assert_string_equal(fmt(&ev, 0), "pt=0A msg_id=0B seq=00C0 transfer_id=1000 "
					  "s=2147483647 inflight=0");
	ev = ev_xfer(SCMIA_TRACE_RESPONSE_WAIT, 0x13, 0x07, 0x0100, 0xabcdef);
	ev.timeout_us = 0;
	assert_string_equal(fmt(&ev, 0),
			    "pt=13 msg_id=07 seq=0100 transfer_id=ABCDEF tmo_ms=0 poll=0");
	ev.timeout_us = 999;
	assert_string_equal(fmt(&ev, 0),
			    "pt=13 msg_id=07 seq=0100 transfer_id=ABCDEF tmo_ms=1 poll=0");
	ev.timeout_us = 1000;
	assert_string_equal(fmt(&ev, 0),
			    "pt=13 msg_id=07 seq=0100 transfer_id=ABCDEF tmo_ms=1 poll=0");
	ev.timeout_us = 1001;
	assert_string_equal(fmt(&ev, 0),
			    "pt=13 msg_id=07 seq=0100 transfer_id=ABCDEF tmo_ms=2 poll=0");
	ev.timeout_us = 0xffffffffu;
	assert_string_equal(fmt(&ev, 0),
			    "pt=13 msg_id=07 seq=0100 transfer_id=ABCDEF tmo_ms=4294968 poll=0");
	ev = ev_xfer(SCMIA_TRACE_RX_DONE, 0x15, 0x00, 0x0001, 0x10);
	ev.msg_type = 255;
	assert_string_equal(fmt(&ev, 0), "pt=15 msg_id=00 seq=0001 transfer_id=10 msg_type=255");
	/* A malformed status word is printed as the platform sent it. */
	ev = ev_dump(SCMIA_TRACE_TAG_DLYD, 0xff, 0x15, 0x06, 0x03ff, INT32_MIN, NULL, 0);
	ev.agent_id = 65535;
	assert_string_equal(fmt(&ev, 0),
			    "id=65535 ch=FF pt=15 t=DLYD msg_id=06 seq=03FF s=-2147483648 pyld=");
	ev.status = 7;
	ev.agent_id = 0;
	assert_string_equal(fmt(&ev, 0), "id=0 ch=FF pt=15 t=DLYD msg_id=06 seq=03FF s=7 pyld=");
}

/* Every tag spells as Linux does; "!" tags carry the bad-message reason. */
static void test_tags(void **state)
{
	static const struct {
		uint8_t tag;
		int32_t s;
		const char *line;
	} v[] = {
		{ SCMIA_TRACE_TAG_CMND, 0, "id=3 ch=10 pt=12 t=CMND msg_id=04 seq=0009 s=0 pyld=" },
		{ SCMIA_TRACE_TAG_RESP, 0, "id=3 ch=10 pt=12 t=RESP msg_id=04 seq=0009 s=0 pyld=" },
		{ SCMIA_TRACE_TAG_DLYD, 0, "id=3 ch=10 pt=12 t=DLYD msg_id=04 seq=0009 s=0 pyld=" },
		{ SCMIA_TRACE_TAG_NOTI, 0, "id=3 ch=10 pt=12 t=NOTI msg_id=04 seq=0009 s=0 pyld=" },
		{ SCMIA_TRACE_TAG_BAD_RESP, SCMIA_TRACE_BAD_UNEXPECTED,
		  "id=3 ch=10 pt=12 t=!RESP msg_id=04 seq=0009 s=-1 pyld=" },
		{ SCMIA_TRACE_TAG_BAD_DLYD, SCMIA_TRACE_BAD_INVALID,
		  "id=3 ch=10 pt=12 t=!DLYD msg_id=04 seq=0009 s=-2 pyld=" },
		{ SCMIA_TRACE_TAG_BAD_UNKN, SCMIA_TRACE_BAD_UNKNOWN,
		  "id=3 ch=10 pt=12 t=!UNKN msg_id=04 seq=0009 s=-3 pyld=" },
		{ SCMIA_TRACE_TAG_BAD_NOTI, SCMIA_TRACE_BAD_NOMEM,
		  "id=3 ch=10 pt=12 t=!NOTI msg_id=04 seq=0009 s=-4 pyld=" },
		{ SCMIA_TRACE_TAG_BAD_RESP, SCMIA_TRACE_BAD_SPURIOUS,
		  "id=3 ch=10 pt=12 t=!RESP msg_id=04 seq=0009 s=-5 pyld=" },
		{ SCMIA_TRACE_TAG_RAW_CMND, 0, "id=3 ch=10 pt=12 t=cmnd msg_id=04 seq=0009 s=0 pyld=" },
		{ SCMIA_TRACE_TAG_RAW_RESP, 0, "id=3 ch=10 pt=12 t=resp msg_id=04 seq=0009 s=0 pyld=" },
		{ SCMIA_TRACE_TAG_RAW_DLYD, 0, "id=3 ch=10 pt=12 t=dlyd msg_id=04 seq=0009 s=0 pyld=" },
	};
	struct scmia_trace ev;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ev = ev_dump(v[i].tag, 0, 0x12, 0x04, 9, v[i].s, NULL, 0);
		assert_string_equal(fmt(&ev, 0), v[i].line);
	}
	assert_string_equal(scmia_trace_tag_name(SCMIA_TRACE_TAG_CMND), "CMND");
	assert_string_equal(scmia_trace_tag_name(SCMIA_TRACE_TAG_BAD_UNKN), "!UNKN");
	assert_string_equal(scmia_trace_tag_name(SCMIA_TRACE_TAG_RAW_DLYD), "dlyd");
	assert_null(scmia_trace_tag_name(SCMIA_TRACE_TAG__COUNT));
	assert_null(scmia_trace_tag_name(0xffffffffu));
	assert_string_equal(scmia_trace_event_name(SCMIA_TRACE_XFER_BEGIN), "scmi_xfer_begin");
	assert_string_equal(scmia_trace_event_name(SCMIA_TRACE_RESPONSE_WAIT),
			    "scmi_xfer_response_wait");
	assert_string_equal(scmia_trace_event_name(SCMIA_TRACE_XFER_END), "scmi_xfer_end");
	assert_string_equal(scmia_trace_event_name(SCMIA_TRACE_RX_DONE), "scmi_rx_done");
	assert_string_equal(scmia_trace_event_name(SCMIA_TRACE_MSG_DUMP), "scmi_msg_dump");
	assert_null(scmia_trace_event_name(SCMIA_TRACE_EVENT__COUNT));
	/* The tag of a dropped message follows its header's type. */
	assert_int_equal(scmia_trace_bad_tag(0x00044000u), SCMIA_TRACE_TAG_BAD_RESP);
	assert_int_equal(scmia_trace_bad_tag(0x00044100u), SCMIA_TRACE_TAG_BAD_UNKN);
	assert_int_equal(scmia_trace_bad_tag(0x05545205u), SCMIA_TRACE_TAG_BAD_DLYD);
	assert_int_equal(scmia_trace_bad_tag(0x00044300u), SCMIA_TRACE_TAG_BAD_NOTI);
}

/*
 * Payloads: every byte value prints as two lowercase digits, and a payload
 * longer than the kernel's 16-byte chunks runs on without separators.
 */
static void test_payloads(void **state)
{
	static const uint8_t p40[40] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
		0x0e, 0x0f, 0x10, 0x7f, 0x80, 0x9a, 0xab, 0xbc, 0xcd, 0xde, 0xef, 0xf0, 0xff, 0xfe,
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
	};
	static uint8_t big[1024];
	static char line[3000];
	struct scmia_trace ev;
	const char *pyld;
	unsigned i;
	int n;

	(void)state;
	ev = ev_dump(SCMIA_TRACE_TAG_RESP, 0, 0x15, 0x03, 0x10, 0, p40, sizeof(p40));
	assert_string_equal(fmt(&ev, 0),
			    "id=3 ch=10 pt=15 t=RESP msg_id=03 seq=0010 s=0 pyld="
			    "000102030405060708090a0b0c0d0e0f"
			    "107f809aabbccddeeff0fffe11223344"
			    "5566778899aabbcc");
	/* One byte. */
	ev.len = 1;
	assert_string_equal(fmt(&ev, 0), "id=3 ch=10 pt=15 t=RESP msg_id=03 seq=0010 s=0 pyld=00");
	/* Zero length, with or without a pointer: nothing after "pyld=". */
	ev.len = 0;
	assert_string_equal(fmt(&ev, 0), "id=3 ch=10 pt=15 t=RESP msg_id=03 seq=0010 s=0 pyld=");
	ev.payload = NULL;
	assert_string_equal(fmt(&ev, 0), "id=3 ch=10 pt=15 t=RESP msg_id=03 seq=0010 s=0 pyld=");

	/* 1 KiB: the whole payload, 2048 digits; boundaries checked by hand. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7u);
	ev = ev_dump(SCMIA_TRACE_TAG_NOTI, 0x80, 0x80, 0x00, 0, 0, big, sizeof(big));
	n = scmia_trace_format(&ev, 0, line, sizeof(line));
	assert_int_equal(n, (int)strlen("id=3 ch=80 pt=80 t=NOTI msg_id=00 seq=0000 s=0 pyld=") +
				    2048);
	assert_int_equal((size_t)n, strlen(line));
	pyld = strstr(line, "pyld=") + 5;
	assert_memory_equal(pyld, "00070e151c232a31383f464d545b6269", 32); /* bytes 0..15 */
	assert_memory_equal(pyld + 32, "70777e858c939aa1", 16);                /* 16..23 */
	/* byte 1023 = 1023 * 7 mod 256 = 7161 mod 256 = 249 */
	assert_string_equal(pyld + 2046, "f9");
}

/* snprintf semantics: the full length is returned, the text is cut. */
static void test_truncation(void **state)
{
	static const uint8_t p[] = { 0xde, 0xad, 0xbe, 0xef };
	static const char full[] = "id=3 ch=10 pt=10 t=CMND msg_id=02 seq=0004 s=0 pyld=deadbeef";
	struct scmia_trace ev = ev_dump(SCMIA_TRACE_TAG_CMND, 0, 0x10, 0x02, 4, 0, p, sizeof(p));
	char buf[80];
	size_t cut;

	(void)state;
	/* Dry run. */
	assert_int_equal(scmia_trace_format(&ev, 0, NULL, 0), (int)strlen(full));
	/* cap 0 with a buffer: nothing written. */
	buf[0] = 'Q';
	assert_int_equal(scmia_trace_format(&ev, 0, buf, 0), (int)strlen(full));
	assert_int_equal(buf[0], 'Q');
	/* cap 1: just the NUL. */
	assert_int_equal(scmia_trace_format(&ev, 0, buf, 1), (int)strlen(full));
	assert_string_equal(buf, "");
	/* Every cut in the fixed part and inside the payload. */
	for (cut = 2; cut <= sizeof(full); cut++) {
		memset(buf, 'X', sizeof(buf));
		assert_int_equal(scmia_trace_format(&ev, 0, buf, cut), (int)strlen(full));
		assert_int_equal(strlen(buf), cut - 1u);
		assert_memory_equal(buf, full, cut - 1u);
		assert_int_equal(buf[cut], 'X'); /* nothing past the cap */
	}
	/* Exactly enough. */
	assert_int_equal(scmia_trace_format(&ev, 0, buf, sizeof(full)), (int)strlen(full));
	assert_string_equal(buf, full);
	/* Non-dump event cut mid-number. */
	ev = ev_xfer(SCMIA_TRACE_XFER_BEGIN, 0x10, 0x02, 4, 0x1234);
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(scmia_trace_format(&ev, 0, buf, 41),
			 (int)strlen("pt=10 msg_id=02 seq=0004 transfer_id=1234 poll=0 inflight=0"));
	assert_string_equal(buf, "pt=10 msg_id=02 seq=0004 transfer_id=123");
}

/* SCMIA_TRACE_TEXT_MAX bounds every fixed part, with the widest values. */
static void test_text_max(void **state)
{
	struct scmia_trace ev;
	unsigned e;
	int n;

	(void)state;
	for (e = 0; e < SCMIA_TRACE_EVENT__COUNT; e++) {
		ev = ev_xfer((uint8_t)e, 0xff, 0xff, 0xffff, 0xffffffffu);
		ev.poll = 255;
		ev.msg_type = 255;
		ev.inflight = INT32_MIN;
		ev.status = INT32_MIN;
		ev.timeout_us = 0xffffffffu;
		ev.agent_id = 65535;
		ev.chan_id = 0xff;
		ev.tag = SCMIA_TRACE_TAG_BAD_RESP;
		n = scmia_trace_format(&ev, SCMIA_TRACE_FMT_NAME, NULL, 0);
		assert_true(n > 0);
		assert_true((unsigned)n <= SCMIA_TRACE_TEXT_MAX);
	}
}

/* Each argument check, and that a refused call writes nothing. */
static void test_invalid(void **state)
{
	static const uint8_t one = 1;
	struct scmia_trace ev = ev_dump(SCMIA_TRACE_TAG_CMND, 0, 0x10, 0x02, 4, 0, &one, 1);
	char buf[128];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(scmia_trace_format(NULL, 0, buf, sizeof(buf)), SCMIA_EINVAL);
	assert_int_equal(scmia_trace_format(&ev, 0, NULL, 10), SCMIA_EINVAL);
	assert_int_equal(scmia_trace_format(&ev, 1u << 3, buf, sizeof(buf)), SCMIA_EINVAL);
	assert_int_equal(scmia_trace_format(&ev, 0x80000000u, buf, sizeof(buf)), SCMIA_EINVAL);
	ev.event = SCMIA_TRACE_EVENT__COUNT;
	assert_int_equal(scmia_trace_format(&ev, 0, buf, sizeof(buf)), SCMIA_EINVAL);
	ev.event = 0xff;
	assert_int_equal(scmia_trace_format(&ev, 0, buf, sizeof(buf)), SCMIA_EINVAL);
	ev.event = SCMIA_TRACE_MSG_DUMP;
	ev.tag = SCMIA_TRACE_TAG__COUNT;
	assert_int_equal(scmia_trace_format(&ev, 0, buf, sizeof(buf)), SCMIA_EINVAL);
	ev.tag = SCMIA_TRACE_TAG_CMND;
	ev.payload = NULL; /* len 1 */
	assert_int_equal(scmia_trace_format(&ev, 0, buf, sizeof(buf)), SCMIA_EINVAL);
	/* A payload whose text an int cannot count: refused before any byte
	 * is read (the pointer covers one byte only). */
	ev.payload = &one;
	ev.len = 0x7fffffffu;
	assert_int_equal(scmia_trace_format(&ev, 0, buf, sizeof(buf)), SCMIA_EINVAL);
	ev.len = (uint32_t)(INT_MAX - (int)SCMIA_TRACE_TEXT_MAX) / 2u + 1u;
	assert_int_equal(scmia_trace_format(&ev, 0, buf, sizeof(buf)), SCMIA_EINVAL);
	/* The largest accepted length is counted without reading the bytes
	 * when nothing is stored (dry run). */
	ev.len = (uint32_t)(INT_MAX - (int)SCMIA_TRACE_TEXT_MAX) / 2u;
	assert_true(scmia_trace_format(&ev, 0, NULL, 0) > 0);
	assert_int_equal(buf[0], 'X');
	/* A tag of a non-dump event is not looked at. */
	ev = ev_xfer(SCMIA_TRACE_RX_DONE, 0x10, 0x02, 4, 1);
	ev.tag = 0xff;
	ev.payload = NULL;
	ev.len = 5;
	assert_string_equal(fmt(&ev, 0), "pt=10 msg_id=02 seq=0004 transfer_id=1 msg_type=0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scripted_session),
		cmocka_unit_test(test_old_formats),
		cmocka_unit_test(test_name_prefix),
		cmocka_unit_test(test_edge_values),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_payloads),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_text_max),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests_name("trace_format", tests, NULL, NULL);
}

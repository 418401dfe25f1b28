/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pcapng encoder and capture file (label "trace"). The expected blocks are
 * written by hand from the pcapng specification (section header 0x0A0D0D0A,
 * interface description 1, enhanced packet 6; options code/length/value
 * padded to 32 bits; little-endian here) and from the SCMI record layout of
 * pcapng.h / docs/tracing.md.
 */
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scmia/pcapng.h"
#include "scmia/scmia.h"
#include "scmia_pcapng_file.h"

/* SHB with shb_userappl "scmia": 44 bytes. */
static const uint8_t shb_scmia[] = {
	0x0a, 0x0d, 0x0d, 0x0a, 0x2c, 0x00, 0x00, 0x00, /* type, total length 44 */
	0x4d, 0x3c, 0x2b, 0x1a, 0x01, 0x00, 0x00, 0x00, /* magic, version 1.0 */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* section length -1 */
	0x04, 0x00, 0x05, 0x00, 's',  'c',  'm',  'i',  /* shb_userappl, 5 */
	'a',  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* padding, opt_endofopt */
	0x2c, 0x00, 0x00, 0x00,
};

/* IDB: UPPER_PDU (252), snaplen 0, if_name "scmi", if_tsresol 6: 40 bytes. */
static const uint8_t idb_upper[] = {
	0x01, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, /* type, total length 40 */
	0xfc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* linktype, reserved, snaplen */
	0x02, 0x00, 0x04, 0x00, 's',  'c',  'm',  'i',  /* if_name */
	0x09, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, /* if_tsresol = 6 */
	0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, /* end, total length */
};

/* CLOCK_RATE_GET (0x14/0x06) token 1, clock 3, agent 3, "smt", transfer 0x2a. */
static const uint8_t clk_id[] = { 0x03, 0x00, 0x00, 0x00 };

static struct scmia_pcapng_rec rec_cmd(void)
{
	struct scmia_pcapng_rec r;

	memset(&r, 0, sizeof(r));
	r.time_us = 0x123456789ull;
	r.hdr = scmia_hdr_pack(0x06, SCMIA_MSG_TYPE_COMMAND, 0x14, 1); /* 0x00045006 */
	r.dir = SCMIA_PCAPNG_DIR_A2P;
	r.transport_id = SCMIA_PCAPNG_TR_SMT;
	r.agent_id = 3;
	r.tag = SCMIA_TRACE_TAG_CMND;
	r.transfer_id = 0x2a;
	r.transport = "smt";
	r.payload = clk_id;
	r.len = sizeof(clk_id);
	return r;
}

static const uint8_t epb_cmd[] = {
	0x06, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, /* type, total length 96 */
	0x00, 0x00, 0x00, 0x00,                         /* interface 0 */
	0x01, 0x00, 0x00, 0x00, 0x89, 0x67, 0x45, 0x23, /* timestamp high, low */
	0x34, 0x00, 0x00, 0x00, 0x34, 0x00, 0x00, 0x00, /* captured 52, original 52 */
	0x00, 0x0c, 0x00, 0x04, 's',  'c',  'm',  'i',  /* exported PDU: dissector "scmi" */
	0x00, 0x00, 0x00, 0x00,                         /* end of tags */
	0x01, 0x20, 0x00, 0x00, 0x02, 0x00, 0x03, 0x00, /* v1, 32, a2p, flags, SMT, ch 0, agent 3 */
	0x00, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, /* CMND, reason, reserved, transfer */
	's',  'm',  't',  0x00, 0x00, 0x00, 0x00, 0x00, /* transport name */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x06, 0x50, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00, /* header, clock_id 3 */
	0x02, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, /* epb_flags: outbound */
	0x00, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, /* end, total length */
};

static void test_shb(void **state)
{
	uint8_t buf[128];
	static const uint8_t bare[] = {
		0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0x00, 0x00, 0x00, 0x4d, 0x3c, 0x2b, 0x1a,
		0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x1c, 0x00, 0x00, 0x00,
	};
	size_t cap;

	(void)state;
	assert_int_equal(scmia_pcapng_shb(buf, sizeof(buf), "scmia"), (int)sizeof(shb_scmia));
	assert_memory_equal(buf, shb_scmia, sizeof(shb_scmia));
	/* No application: no options at all. */
	assert_int_equal(scmia_pcapng_shb(buf, sizeof(buf), NULL), (int)sizeof(bare));
	assert_memory_equal(buf, bare, sizeof(bare));
	assert_int_equal(scmia_pcapng_shb(buf, sizeof(buf), ""), (int)sizeof(bare));
	/* Dry run, every short buffer, bad arguments. */
	assert_int_equal(scmia_pcapng_shb(NULL, 0, "scmia"), (int)sizeof(shb_scmia));
	for (cap = 0; cap < sizeof(shb_scmia); cap++)
		assert_int_equal(scmia_pcapng_shb(buf, cap, "scmia"), SCMIA_ENOSPC);
	assert_int_equal(scmia_pcapng_shb(NULL, 8, "scmia"), SCMIA_EINVAL);
}

static void test_idb(void **state)
{
	static const uint8_t user3[] = {
		0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, /* length 32 */
		0x96, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, /* USER3 = 150, snaplen 256 */
		0x09, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, /* if_tsresol */
		0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
	};
	uint8_t buf[128];
	size_t cap;

	(void)state;
	assert_int_equal(scmia_pcapng_idb(buf, sizeof(buf), SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
					  "scmi"),
			 (int)sizeof(idb_upper));
	assert_memory_equal(buf, idb_upper, sizeof(idb_upper));
	assert_int_equal(scmia_pcapng_idb(buf, sizeof(buf), SCMIA_PCAPNG_LINKTYPE_USER0 + 3u, 256,
					  NULL),
			 (int)sizeof(user3));
	assert_memory_equal(buf, user3, sizeof(user3));
	for (cap = 0; cap < sizeof(idb_upper); cap++)
		assert_int_equal(scmia_pcapng_idb(buf, cap, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
						  "scmi"),
				 SCMIA_ENOSPC);
	/* Link types other than UPPER_PDU and USER0..15 are refused. */
	assert_int_equal(scmia_pcapng_idb(buf, sizeof(buf), 1, 0, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_idb(buf, sizeof(buf), SCMIA_PCAPNG_LINKTYPE_USER0 - 1u, 0,
					  NULL),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_idb(buf, sizeof(buf), SCMIA_PCAPNG_LINKTYPE_USER0 + 16u, 0,
					  NULL),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_idb(buf, sizeof(buf), SCMIA_PCAPNG_LINKTYPE_USER0 + 15u, 0,
					  NULL),
			 32);
	assert_int_equal(scmia_pcapng_idb(NULL, 4, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0, NULL),
			 SCMIA_EINVAL);
}

static void test_epb_command(void **state)
{
	struct scmia_pcapng_rec r = rec_cmd();
	uint8_t buf[256];
	size_t cap;

	(void)state;
	assert_int_equal(r.hdr, 0x00045006u);
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
					  &r),
			 (int)sizeof(epb_cmd));
	assert_memory_equal(buf, epb_cmd, sizeof(epb_cmd));
	assert_int_equal(buf[sizeof(epb_cmd)], 0xee);
	assert_int_equal(scmia_pcapng_epb(NULL, 0, 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0, &r),
			 (int)sizeof(epb_cmd));
	for (cap = 0; cap < sizeof(epb_cmd); cap++)
		assert_int_equal(scmia_pcapng_epb(buf, cap, 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
						  &r),
				 SCMIA_ENOSPC);
}

/* A response given as status + payload, on a USER link type (no tags),
 * platform to agent (inbound), payload needing padding. */
static void test_epb_response_user(void **state)
{
	static const uint8_t rate[] = { 0x00, 0xe1, 0xf5, 0x05, 0x00, 0x00, 0x00, 0x00, 0x77 };
	static const uint8_t expect[] = {
		0x06, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, /* total length 96 */
		0x01, 0x00, 0x00, 0x00,                         /* interface 1 */
		0x00, 0x00, 0x00, 0x00, 0x10, 0x27, 0x00, 0x00, /* 10000 µs */
		0x31, 0x00, 0x00, 0x00, 0x31, 0x00, 0x00, 0x00, /* 49 = 32 + 4 + 4 + 9 */
		0x01, 0x20, 0x01, 0x01, 0x01, 0x14, 0xff, 0xff, /* p2a, POLL, loopback, ch 0x14, 65535 */
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* RESP, transfer 0 */
		'l',  'o',  'o',  'p',  'b',  'a',  'c',  'k',  /* name */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x06, 0x50, 0x04, 0x00, 0xfc, 0xff, 0xff, 0xff, /* header, status -4 */
		0x00, 0xe1, 0xf5, 0x05, 0x00, 0x00, 0x00, 0x00, /* payload */
		0x77, 0x00, 0x00, 0x00,                         /* last byte, padding */
		0x02, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, /* epb_flags: inbound */
		0x00, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00,
	};
	struct scmia_pcapng_rec r;
	uint8_t buf[256];

	(void)state;
	memset(&r, 0, sizeof(r));
	r.time_us = 10000;
	r.hdr = 0x00045006u;
	r.status = SCMIA_STATUS_NOT_FOUND;
	r.has_status = 1;
	r.dir = SCMIA_PCAPNG_DIR_P2A;
	r.flags = SCMIA_PCAPNG_F_POLL;
	r.transport_id = SCMIA_PCAPNG_TR_LOOPBACK;
	r.chan_id = 0x14;
	r.tag = SCMIA_TRACE_TAG_RESP;
	r.agent_id = 0xffff;
	r.transport = "loopback";
	r.payload = rate;
	r.len = sizeof(rate);
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 1, SCMIA_PCAPNG_LINKTYPE_USER0, 0, &r),
			 (int)sizeof(expect));
	assert_memory_equal(buf, expect, sizeof(expect));
}

/* Snap length: the packet is cut, the original length kept; a cut inside
 * the tags, the record header and the payload. */
static void test_epb_snaplen(void **state)
{
	struct scmia_pcapng_rec r = rec_cmd();
	uint8_t buf[256];
	uint32_t snap;
	int n;

	(void)state;
	for (snap = 1; snap <= 60; snap++) {
		uint32_t cut = snap < 52 ? snap : 52;

		n = scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, snap, &r);
		assert_int_equal(n, (int)(28u + ((cut + 3u) & ~3u) + 12u + 4u));
		assert_int_equal(scmia_get_le32(buf + 4), (uint32_t)n);
		assert_int_equal(scmia_get_le32(buf + (size_t)n - 4u), (uint32_t)n);
		assert_int_equal(scmia_get_le32(buf + 20), cut);
		assert_int_equal(scmia_get_le32(buf + 24), 52u);
		assert_memory_equal(buf + 28, epb_cmd + 28, cut);
		/* padding after the cut is zero */
		while (cut & 3u)
			assert_int_equal(buf[28 + cut++], 0);
	}
}

/* The transport name is cut at 16 characters, with no terminator. */
static void test_epb_long_name(void **state)
{
	struct scmia_pcapng_rec r = rec_cmd();
	uint8_t buf[256];

	(void)state;
	r.transport = "a-very-long-transport-name";
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
					  &r),
			 (int)sizeof(epb_cmd));
	assert_memory_equal(buf + 40 + 16, "a-very-long-tran", 16);
	assert_memory_equal(buf + 40 + 32, epb_cmd + 40 + 32, 8); /* message intact */
	r.transport = NULL;
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
					  &r),
			 (int)sizeof(epb_cmd));
	assert_memory_equal(buf + 40 + 16, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
}

static void test_epb_invalid(void **state)
{
	struct scmia_pcapng_rec r = rec_cmd();
	uint8_t buf[256];

	(void)state;
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
					  NULL),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_epb(NULL, 1, 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0, &r),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, 1, 0, &r), SCMIA_EINVAL);
	r.dir = 2;
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
					  &r),
			 SCMIA_EINVAL);
	r = rec_cmd();
	r.payload = NULL;
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
					  &r),
			 SCMIA_EINVAL);
	/* A length no int can report: refused before any payload byte is
	 * read (the pointer covers four bytes). */
	r = rec_cmd();
	r.len = UINT32_MAX;
	assert_int_equal(scmia_pcapng_epb(NULL, 0, 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0, &r),
			 SCMIA_EINVAL);
	r.len = (uint32_t)INT_MAX - SCMIA_PCAPNG_EPB_OVERHEAD - 7u;
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0,
					  &r),
			 SCMIA_EINVAL);
	/* The largest accepted length is sized without reading it, and a
	 * snap length lets it be written. */
	r.len = (uint32_t)INT_MAX - SCMIA_PCAPNG_EPB_OVERHEAD - 8u;
	assert_true(scmia_pcapng_epb(NULL, 0, 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 0, &r) > 0);
	assert_int_equal(scmia_pcapng_epb(buf, sizeof(buf), 0, SCMIA_PCAPNG_LINKTYPE_UPPER_PDU, 52,
					  &r),
			 96);
	assert_int_equal(scmia_get_le32(buf + 24), 12u + 32u + 4u + r.len);
}

static struct scmia_trace dump(uint8_t tag, int32_t status, const void *p, uint32_t len)
{
	struct scmia_trace ev;

	memset(&ev, 0, sizeof(ev));
	ev.event = SCMIA_TRACE_MSG_DUMP;
	ev.tag = tag;
	ev.status = status;
	ev.payload = p;
	ev.len = len;
	ev.hdr = 0x00045006u;
	ev.proto_id = 0x14;
	ev.msg_id = 0x06;
	ev.seq = 1;
	ev.time_us = 77;
	ev.transport = "smc-waitq";
	ev.chan_id = 0x14;
	ev.agent_id = 9;
	ev.transfer_id = 5;
	return ev;
}

static void test_rec_from_trace(void **state)
{
	static const struct {
		uint8_t tag;
		int32_t status;
		uint8_t dir, flags, has_status;
		int8_t reason;
	} v[] = {
		{ SCMIA_TRACE_TAG_CMND, 0, SCMIA_PCAPNG_DIR_A2P, 0, 0, 0 },
		{ SCMIA_TRACE_TAG_RESP, -2, SCMIA_PCAPNG_DIR_P2A, 0, 1, 0 },
		{ SCMIA_TRACE_TAG_DLYD, 0, SCMIA_PCAPNG_DIR_P2A, 0, 1, 0 },
		{ SCMIA_TRACE_TAG_NOTI, 0, SCMIA_PCAPNG_DIR_P2A, 0, 0, 0 },
		{ SCMIA_TRACE_TAG_BAD_RESP, -1, SCMIA_PCAPNG_DIR_P2A, SCMIA_PCAPNG_F_DROPPED, 0, -1 },
		{ SCMIA_TRACE_TAG_BAD_DLYD, -2, SCMIA_PCAPNG_DIR_P2A, SCMIA_PCAPNG_F_DROPPED, 0, -2 },
		{ SCMIA_TRACE_TAG_BAD_NOTI, -4, SCMIA_PCAPNG_DIR_P2A, SCMIA_PCAPNG_F_DROPPED, 0, -4 },
		{ SCMIA_TRACE_TAG_BAD_UNKN, -3, SCMIA_PCAPNG_DIR_P2A, SCMIA_PCAPNG_F_DROPPED, 0, -3 },
		{ SCMIA_TRACE_TAG_BAD_UNKN, -1000, SCMIA_PCAPNG_DIR_P2A, SCMIA_PCAPNG_F_DROPPED, 0,
		  -128 },
		{ SCMIA_TRACE_TAG_BAD_UNKN, 1000, SCMIA_PCAPNG_DIR_P2A, SCMIA_PCAPNG_F_DROPPED, 0, 127 },
		{ SCMIA_TRACE_TAG_RAW_CMND, 0, SCMIA_PCAPNG_DIR_A2P, SCMIA_PCAPNG_F_RAW, 0, 0 },
		{ SCMIA_TRACE_TAG_RAW_RESP, 0, SCMIA_PCAPNG_DIR_P2A, SCMIA_PCAPNG_F_RAW, 1, 0 },
		{ SCMIA_TRACE_TAG_RAW_DLYD, -8, SCMIA_PCAPNG_DIR_P2A, SCMIA_PCAPNG_F_RAW, 1, 0 },
	};
	struct scmia_pcapng_rec r;
	struct scmia_trace ev;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ev = dump(v[i].tag, v[i].status, clk_id, 4);
		memset(&r, 0x5a, sizeof(r));
		assert_int_equal(scmia_pcapng_rec_from_trace(&r, &ev), SCMIA_OK);
		assert_int_equal(r.tag, v[i].tag);
		assert_int_equal(r.dir, v[i].dir);
		assert_int_equal(r.flags, v[i].flags);
		assert_int_equal(r.has_status, v[i].has_status);
		assert_int_equal(r.status, v[i].has_status ? v[i].status : 0);
		assert_int_equal(r.reason, v[i].reason);
		assert_int_equal(r.hdr, 0x00045006u);
		assert_int_equal(r.time_us, 77);
		assert_int_equal(r.transport_id, SCMIA_PCAPNG_TR_SMC);
		assert_string_equal(r.transport, "smc-waitq");
		assert_int_equal(r.chan_id, 0x14);
		assert_int_equal(r.agent_id, 9);
		assert_int_equal(r.transfer_id, 5);
		assert_ptr_equal(r.payload, clk_id);
		assert_int_equal(r.len, 4);
	}
	ev = dump(SCMIA_TRACE_TAG_CMND, 0, NULL, 0);
	ev.poll = 1;
	assert_int_equal(scmia_pcapng_rec_from_trace(&r, &ev), SCMIA_OK);
	assert_int_equal(r.flags, SCMIA_PCAPNG_F_POLL);
	assert_int_equal(r.len, 0);
	ev.tag = SCMIA_TRACE_TAG__COUNT;
	assert_int_equal(scmia_pcapng_rec_from_trace(&r, &ev), SCMIA_EINVAL);
	ev = dump(SCMIA_TRACE_TAG_CMND, 0, NULL, 0);
	ev.event = SCMIA_TRACE_XFER_BEGIN;
	assert_int_equal(scmia_pcapng_rec_from_trace(&r, &ev), SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_rec_from_trace(NULL, &ev), SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_rec_from_trace(&r, NULL), SCMIA_EINVAL);
}

static void test_transport_id(void **state)
{
	(void)state;
	assert_int_equal(scmia_pcapng_transport_id("loopback"), SCMIA_PCAPNG_TR_LOOPBACK);
	assert_int_equal(scmia_pcapng_transport_id("smt"), SCMIA_PCAPNG_TR_SMT);
	assert_int_equal(scmia_pcapng_transport_id("msg"), SCMIA_PCAPNG_TR_MSG);
	assert_int_equal(scmia_pcapng_transport_id("smc"), SCMIA_PCAPNG_TR_SMC);
	assert_int_equal(scmia_pcapng_transport_id("smc-irq"), SCMIA_PCAPNG_TR_SMC);
	assert_int_equal(scmia_pcapng_transport_id("virtio"), SCMIA_PCAPNG_TR_VIRTIO);
	assert_int_equal(scmia_pcapng_transport_id("optee"), SCMIA_PCAPNG_TR_OPTEE);
	assert_int_equal(scmia_pcapng_transport_id("mailbox"), SCMIA_PCAPNG_TR_MAILBOX);
	assert_int_equal(scmia_pcapng_transport_id("smtx"), SCMIA_PCAPNG_TR_UNKNOWN);
	assert_int_equal(scmia_pcapng_transport_id("sm"), SCMIA_PCAPNG_TR_UNKNOWN);
	assert_int_equal(scmia_pcapng_transport_id(""), SCMIA_PCAPNG_TR_UNKNOWN);
	assert_int_equal(scmia_pcapng_transport_id(NULL), SCMIA_PCAPNG_TR_UNKNOWN);
}

/* ---- capture file ---- */

static size_t slurp(const char *path, uint8_t *buf, size_t cap)
{
	FILE *fp = fopen(path, "rb");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, cap, fp);
	fclose(fp);
	return n;
}

static void tmp_path(char *out, size_t cap, const char *what)
{
	snprintf(out, cap, "/tmp/scmia_test_pcapng_%ld_%s.pcapng", (long)getpid(), what);
}

static void test_file_roundtrip(void **state)
{
	static uint8_t got[4096];
	struct scmia_pcapng_file *f = calloc(1, sizeof(*f));
	struct scmia_pcapng_rec r = rec_cmd();
	struct scmia_trace ev;
	uint32_t recs = 99, lost = 99;
	char path[128];
	size_t n;

	(void)state;
	assert_non_null(f);
	tmp_path(path, sizeof(path), "rt");
	assert_int_equal(scmia_pcapng_file_open(f, path, NULL), SCMIA_OK);
	assert_int_equal(scmia_pcapng_file_write(f, &r), SCMIA_OK);
	/* A trace event goes the same way; other events are ignored. */
	ev = dump(SCMIA_TRACE_TAG_CMND, 0, clk_id, 4);
	ev.time_us = r.time_us;
	ev.hdr = r.hdr;
	ev.transport = "smt";
	ev.chan_id = 0;
	ev.agent_id = 3;
	ev.transfer_id = 0x2a;
	scmia_pcapng_file_trace(f, &ev);
	ev.event = SCMIA_TRACE_XFER_BEGIN;
	scmia_pcapng_file_trace(f, &ev);
	ev.event = SCMIA_TRACE_MSG_DUMP;
	ev.tag = 200; /* cannot be recorded: lost */
	scmia_pcapng_file_trace(f, &ev);
	scmia_pcapng_file_stats(f, &recs, &lost);
	assert_int_equal(recs, 2);
	assert_int_equal(lost, 1);
	assert_int_equal(scmia_pcapng_file_close(f), SCMIA_OK);

	n = slurp(path, got, sizeof(got));
	assert_int_equal(n, sizeof(shb_scmia) + sizeof(idb_upper) + 2u * sizeof(epb_cmd));
	assert_memory_equal(got, shb_scmia, sizeof(shb_scmia));
	/* the file's IDB carries its snap length, 4096 */
	assert_memory_equal(got + sizeof(shb_scmia), idb_upper, 12);
	assert_memory_equal(got + sizeof(shb_scmia) + 12, "\x00\x10\x00\x00", 4);
	assert_memory_equal(got + sizeof(shb_scmia) + 16, idb_upper + 16, sizeof(idb_upper) - 16u);
	assert_memory_equal(got + sizeof(shb_scmia) + sizeof(idb_upper), epb_cmd, sizeof(epb_cmd));
	assert_memory_equal(got + sizeof(shb_scmia) + sizeof(idb_upper) + sizeof(epb_cmd), epb_cmd,
			    sizeof(epb_cmd));
	remove(path);
	/* Closed: every call refuses. */
	assert_int_equal(scmia_pcapng_file_write(f, &r), SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_file_close(f), SCMIA_EINVAL);
	scmia_pcapng_file_trace(f, &ev); /* no crash */
	free(f);
}

static void test_file_options_and_errors(void **state)
{
	static uint8_t got[8192];
	struct scmia_pcapng_file *f = calloc(1, sizeof(*f));
	struct scmia_pcapng_file_cfg cfg;
	struct scmia_pcapng_rec r = rec_cmd();
	static uint8_t big[5000];
	char path[128];
	size_t n;

	(void)state;
	assert_non_null(f);
	tmp_path(path, sizeof(path), "opt");
	memset(&cfg, 0, sizeof(cfg));
	cfg.linktype = (uint16_t)(SCMIA_PCAPNG_LINKTYPE_USER0 + 2u);
	cfg.snaplen = 38;
	cfg.if_name = "agent0";
	cfg.appl = "test";
	cfg.flags = SCMIA_PCAPNG_FILE_F_FLUSH;
	assert_int_equal(scmia_pcapng_file_open(f, path, &cfg), SCMIA_OK);
	assert_int_equal(scmia_pcapng_file_write(f, &r), SCMIA_OK);
	/* Flushed: the record is in the file before close. SHB 28 + "test"
	 * option 8 + end 4 = 40; IDB 16 + "agent0" 12 + tsresol 8 + end 4 +
	 * length 4 = 44; EPB 28 + 40 (38 padded) + options 12 + length 4. */
	n = slurp(path, got, sizeof(got));
	assert_int_equal(n, 40u + 44u + 84u);
	assert_memory_equal(got + 28, "test", 4);
	assert_memory_equal(got + 40 + 20, "agent0\0\0", 8);
	assert_int_equal(scmia_get_le32(got + 40 + 8), SCMIA_PCAPNG_LINKTYPE_USER0 + 2u);
	assert_int_equal(scmia_get_le32(got + 40 + 12), 38u); /* snaplen */
	assert_int_equal(scmia_get_le32(got + 84 + 20), 38u); /* cut */
	assert_int_equal(scmia_get_le32(got + 84 + 24), 40u); /* 32 + 4 + 4, no tags */
	assert_int_equal(got[84 + 28 + 36], 0x03);           /* clock id, first byte */
	assert_int_equal(got[84 + 28 + 38], 0x00);           /* padding after the cut */
	/* A payload larger than the file's own snap length is cut too. */
	r.payload = big;
	r.len = sizeof(big);
	assert_int_equal(scmia_pcapng_file_write(f, &r), SCMIA_OK);
	r.payload = NULL; /* refused by the encoder: lost */
	assert_int_equal(scmia_pcapng_file_write(f, &r), SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_file_close(f), SCMIA_OK);
	remove(path);

	/* Default snap length caps a big record. */
	assert_int_equal(scmia_pcapng_file_open(f, path, NULL), SCMIA_OK);
	r.payload = big;
	assert_int_equal(scmia_pcapng_file_write(f, &r), SCMIA_OK);
	assert_int_equal(scmia_pcapng_file_close(f), SCMIA_OK);
	n = slurp(path, got, sizeof(got));
	assert_int_equal(scmia_get_le32(got + 44 + 40 + 20), SCMIA_PCAPNG_FILE_SNAPLEN);
	assert_int_equal(scmia_get_le32(got + 44 + 40 + 24), 12u + 36u + sizeof(big));
	assert_int_equal(n, 44u + 40u + 28u + SCMIA_PCAPNG_FILE_SNAPLEN + 16u);
	remove(path);

	/* Errors: no such directory, bad link type, NULL arguments. */
	assert_int_equal(scmia_pcapng_file_open(f, "/nonexistent-dir/x.pcapng", NULL), SCMIA_EIO);
	cfg.linktype = 1;
	assert_int_equal(scmia_pcapng_file_open(f, path, &cfg), SCMIA_EINVAL);
	assert_int_equal(access(path, F_OK), -1); /* nothing created */
	assert_int_equal(scmia_pcapng_file_open(NULL, path, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_file_open(f, NULL, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_pcapng_file_write(NULL, &r), SCMIA_EINVAL);
	free(f);
}

/* Records written from several threads never interleave. */
#define N_THREADS 4
#define N_RECS 500

struct writer {
	struct scmia_pcapng_file *f;
	uint16_t agent;
};

static void *writer_main(void *arg)
{
	struct writer *w = (struct writer *)arg;
	uint8_t payload[64];
	struct scmia_pcapng_rec r = rec_cmd();
	unsigned i;

	for (i = 0; i < N_RECS; i++) {
		memset(payload, (int)w->agent, sizeof(payload));
		r.agent_id = w->agent;
		r.transfer_id = i;
		r.payload = payload;
		r.len = 1u + i % 64u;
		if (scmia_pcapng_file_write(w->f, &r) != SCMIA_OK)
			return (void *)1;
	}
	return NULL;
}

static void test_file_threads(void **state)
{
	static uint8_t got[N_THREADS * N_RECS * 160 + 256];
	struct scmia_pcapng_file *f = calloc(1, sizeof(*f));
	struct writer w[N_THREADS];
	pthread_t t[N_THREADS];
	unsigned next[N_THREADS] = { 0 };
	uint32_t recs = 0, lost = 1;
	char path[128];
	size_t n, off;
	unsigned i, count = 0;

	(void)state;
	assert_non_null(f);
	tmp_path(path, sizeof(path), "thr");
	assert_int_equal(scmia_pcapng_file_open(f, path, NULL), SCMIA_OK);
	for (i = 0; i < N_THREADS; i++) {
		w[i].f = f;
		w[i].agent = (uint16_t)(i + 1u);
		assert_int_equal(pthread_create(&t[i], NULL, writer_main, &w[i]), 0);
	}
	for (i = 0; i < N_THREADS; i++) {
		void *rv;

		assert_int_equal(pthread_join(t[i], &rv), 0);
		assert_null(rv);
	}
	scmia_pcapng_file_stats(f, &recs, &lost);
	assert_int_equal(recs, N_THREADS * N_RECS);
	assert_int_equal(lost, 0);
	assert_int_equal(scmia_pcapng_file_close(f), SCMIA_OK);
	n = slurp(path, got, sizeof(got));
	/* Walk the blocks: every EPB is whole, and each writer's records are
	 * in its own order with its own bytes. */
	off = 44 + 40;
	while (off < n) {
		uint32_t len = scmia_get_le32(got + off + 4);
		const uint8_t *pkt = got + off + 28;
		uint16_t agent;
		uint32_t tid, plen, k;

		assert_int_equal(scmia_get_le32(got + off), 6u);
		assert_true(len >= 28u && off + len <= n);
		assert_int_equal(scmia_get_le32(got + off + len - 4u), len);
		agent = (uint16_t)(pkt[12 + 6] | pkt[12 + 7] << 8);
		tid = scmia_get_le32(pkt + 12 + 12);
		plen = scmia_get_le32(got + off + 20) - 12u - 36u;
		assert_true(agent >= 1 && agent <= N_THREADS);
		assert_int_equal(tid, next[agent - 1u]++);
		assert_int_equal(plen, 1u + tid % 64u);
		for (k = 0; k < plen; k++)
			assert_int_equal(pkt[12 + 36 + k], agent);
		off += len;
		count++;
	}
	assert_int_equal(off, n);
	assert_int_equal(count, N_THREADS * N_RECS);
	remove(path);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shb),
		cmocka_unit_test(test_idb),
		cmocka_unit_test(test_epb_command),
		cmocka_unit_test(test_epb_response_user),
		cmocka_unit_test(test_epb_snaplen),
		cmocka_unit_test(test_epb_long_name),
		cmocka_unit_test(test_epb_invalid),
		cmocka_unit_test(test_rec_from_trace),
		cmocka_unit_test(test_transport_id),
		cmocka_unit_test(test_file_roundtrip),
		cmocka_unit_test(test_file_options_and_errors),
		cmocka_unit_test(test_file_threads),
	};

	return cmocka_run_group_tests_name("pcapng", tests, NULL, NULL);
}

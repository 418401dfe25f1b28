/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Base protocol (0x10) helpers and the agent start-up discovery.
 * Vectors written by hand from DEN0056 §4.2 (Base protocol v2.0 / v2.1,
 * and v1.0 where said).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/base.h"
#include "scmia/proto/perf.h"
#include "scmia/proto/power.h"
#include "scmia/proto/reset.h"
#include "scmia/proto/system.h"

#define BASE 0x10u

static struct fp g_fp;

static int setup(void **state)
{
	(void)state;
	return fp_init(&g_fp);
}

static int teardown(void **state)
{
	(void)state;
	fp_fini(&g_fp);
	return 0;
}

/* Attach Base v2.0 with 3 protocols and 2 agents (attributes 0x0203). */
static struct scmia_proto_handle *attach_base(uint32_t version, uint32_t attrs)
{
	struct scmia_proto_handle *ph = NULL;
	uint8_t a[4];

	scmia_put_le32(a, attrs);
	assert_int_equal(fp_attach(&g_fp, &scmia_base_desc, NULL, version, a, 4, &ph), SCMIA_OK);
	return ph;
}

static void test_base_attributes(void **state)
{
	struct scmia_base_info bi, priv;
	struct scmia_proto_handle *ph;

	(void)state;
	memset(&priv, 0, sizeof(priv));
	/* PROTOCOL_ATTRIBUTES v2.0: bits 15:8 agents, 7:0 protocols. */
	assert_int_equal(fp_attach(&g_fp, &scmia_base_desc, &priv, 0x20000u, BYTES(W(0x0203)), &ph),
			 SCMIA_OK);
	assert_int_equal(scmia_base_protocol_attributes(ph, &bi), SCMIA_OK);
	assert_int_equal(bi.n_protocols, 3);
	assert_int_equal(bi.n_agents, 2);
	assert_int_equal(priv.n_protocols, 3);
	assert_int_equal(priv.n_agents, 2);
	assert_true(fp_ok(&g_fp));
}

static void test_base_vendor_names(void **state)
{
	struct scmia_proto_handle *ph = attach_base(0x20000u, 0x0103);
	char v[16], small[4];
	uint32_t impl = 0;

	(void)state;
	/* BASE_DISCOVER_VENDOR: out vendor_identifier[16]. */
	fp_expect(&g_fp, BASE, 0x3, NOPARAMS,
		  BYTES(ST_OK, 'A', 'r', 'm', ' ', 'L', 't', 'd', 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_base_discover_vendor(ph, v, sizeof(v)), SCMIA_OK);
	assert_string_equal(v, "Arm Ltd");
	/* 16 characters and no NUL: cut to the buffer, never over-read. */
	fp_expect(&g_fp, BASE, 0x4, NOPARAMS,
		  BYTES(ST_OK, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
			'n', 'o', 'p', W(0x12345678)));
	assert_int_equal(scmia_base_discover_sub_vendor(ph, v, sizeof(v)), SCMIA_OK);
	assert_string_equal(v, "abcdefghijklmno");
	fp_expect(&g_fp, BASE, 0x3, NOPARAMS, BYTES(ST_OK, 'x', 'y', 'z', 'w', 0, 0, 0, 0, 0, 0,
						     0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_base_discover_vendor(ph, small, sizeof(small)), SCMIA_OK);
	assert_string_equal(small, "xyz");
	/* Truncated: 15 bytes of the 16. */
	fp_expect(&g_fp, BASE, 0x3, NOPARAMS,
		  BYTES(ST_OK, 'A', 'r', 'm', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_base_discover_vendor(ph, v, sizeof(v)), SCMIA_ETOOSHORT);
	assert_string_equal(v, "");
	/* BASE_DISCOVER_IMPLEMENTATION_VERSION: out version. */
	fp_expect(&g_fp, BASE, 0x5, NOPARAMS, BYTES(ST_OK, 0x03, 0x02, 0x01, 0x00));
	assert_int_equal(scmia_base_discover_implementation_version(ph, &impl), SCMIA_OK);
	assert_int_equal(impl, 0x00010203u);
	fp_expect(&g_fp, BASE, 0x5, NOPARAMS, BYTES(ST_OK, 0x03, 0x02));
	assert_int_equal(scmia_base_discover_implementation_version(ph, &impl), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, BASE, 0x5, NOPARAMS, BYTES(ST_GENERIC_ERROR));
	assert_int_equal(scmia_base_discover_implementation_version(ph, &impl),
			 SCMIA_E_SCMI_GENERIC_ERROR);
	fp_expect(&g_fp, BASE, 0x3, NOPARAMS, BYTES(ST_DENIED));
	assert_int_equal(scmia_base_discover_vendor(ph, v, sizeof(v)), SCMIA_E_SCMI_DENIED);
	fp_expect(&g_fp, BASE, 0x4, NOPARAMS, BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_base_discover_sub_vendor(ph, v, sizeof(v)),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_true(fp_ok(&g_fp));
}

static void test_base_list_protocols_paged(void **state)
{
	struct scmia_proto_handle *ph = attach_base(0x20000u, 0x0103); /* 3 protocols */
	uint8_t ids[8];
	uint32_t n = 0;

	(void)state;
	memset(ids, 0xee, sizeof(ids));
	/* BASE_DISCOVER_LIST_PROTOCOLS: in skip; out num_protocols, then the
	 * ids packed 4 per word, padded with zeros to a word. */
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)), BYTES(ST_OK, W(2), 0x11, 0x13, 0x00, 0x00));
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(2)), BYTES(ST_OK, W(1), 0x14, 0x00, 0x00, 0x00));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n), SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 0x11);
	assert_int_equal(ids[1], 0x13);
	assert_int_equal(ids[2], 0x14);
	assert_int_equal(ids[3], 0xee);
	assert_true(fp_ok(&g_fp));
}

static void test_base_list_protocols_never_past_count(void **state)
{
	struct scmia_proto_handle *ph = attach_base(0x20000u, 0x0102); /* 2 protocols */
	uint8_t ids[8];
	uint32_t n = 0;

	(void)state;
	memset(ids, 0xee, sizeof(ids));
	/* Count 1 with junk in the padding bytes: only one id is read. */
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)), BYTES(ST_OK, W(1), 0x15, 0x16, 0x17, 0x18));
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(1)), BYTES(ST_OK, W(1), 0x19, 0x99, 0x99, 0x99));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n), SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 0x15);
	assert_int_equal(ids[1], 0x19);
	assert_int_equal(ids[2], 0xee);
	assert_true(fp_ok(&g_fp));
}

static void test_base_list_protocols_bad_pages(void **state)
{
	struct scmia_proto_handle *ph = attach_base(0x20000u, 0x0106); /* 6 protocols */
	uint8_t ids[8];
	uint32_t n = 0;

	(void)state;
	/* Padding missing: 5 ids need two words, only 5 bytes sent. */
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)), BYTES(ST_OK, W(5), 0x11, 0x12, 0x13, 0x14, 0x15));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n),
			 SCMIA_ETOOSHORT);
	/* More ids than PROTOCOL_ATTRIBUTES announced. */
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)),
		  BYTES(ST_OK, W(7), 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n),
			 SCMIA_EMALFORMED);
	/* Zero returned while ids remain (TF-A answers a skip past its list
	 * with SUCCESS and nothing, its list being shorter than the count):
	 * the list ends there, never loops, and the deviation is counted. */
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)), BYTES(ST_OK, W(4), 0x11, 0x12, 0x13, 0x14));
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(4)), BYTES(ST_OK, W(0)));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n), SCMIA_OK);
	assert_int_equal(n, 4);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_PAST_END], 1);
	/* Same on the first page. */
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)), BYTES(ST_OK, W(0)));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n), SCMIA_OK);
	assert_int_equal(n, 0);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_PAST_END], 2);
	/* Page larger than the caller's buffer. */
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)),
		  BYTES(ST_OK, W(6), 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0, 0));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, 3, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 3);
	/* No count word at all. */
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)), BYTES(ST_OK, 0x06));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n),
			 SCMIA_ETOOSHORT);
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n),
			 SCMIA_E_SCMI_DENIED);
	assert_true(fp_ok(&g_fp));
}

static void test_base_discover_agent(void **state)
{
	struct scmia_proto_handle *ph = attach_base(0x20000u, 0x0203);
	uint32_t id = 0;
	char name[16];

	(void)state;
	/* BASE_DISCOVER_AGENT v2: in agent_id; out agent_id, name[16]. */
	fp_expect(&g_fp, BASE, 0x7, BYTES(W(0xffffffffu)),
		  BYTES(ST_OK, W(1), 'O', 'S', 'P', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(scmia_base_discover_agent(ph, SCMIA_BASE_AGENT_SELF, &id, name,
						   sizeof(name)),
			 SCMIA_OK);
	assert_int_equal(id, 1);
	assert_string_equal(name, "OSPM");
	fp_expect(&g_fp, BASE, 0x7, BYTES(W(9)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_base_discover_agent(ph, 9, &id, name, sizeof(name)),
			 SCMIA_E_SCMI_NOT_FOUND);
	fp_expect(&g_fp, BASE, 0x7, BYTES(W(0)), BYTES(ST_OK, W(0), 'p', 'l', 'a'));
	assert_int_equal(scmia_base_discover_agent(ph, 0, &id, name, sizeof(name)),
			 SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_base_v1_has_no_v2_calls(void **state)
{
	/* A Base v1.0 platform: the v2 calls are refused locally. */
	struct scmia_proto_handle *ph = attach_base(0x10000u, 0x0103);
	uint32_t id;

	(void)state;
	assert_int_equal(ph->version, 0x10000u);
	assert_int_equal(scmia_base_discover_agent(ph, 0, &id, NULL, 0), SCMIA_ENOTSUP);
	assert_int_equal(scmia_base_notify_errors(ph, 1), SCMIA_ENOTSUP);
	assert_int_equal(scmia_base_set_device_permissions(ph, 1, 2, 1), SCMIA_ENOTSUP);
	assert_int_equal(scmia_base_set_protocol_permissions(ph, 1, 2, 0x14, 1), SCMIA_ENOTSUP);
	assert_int_equal(scmia_base_reset_agent_configuration(ph, 1, 1), SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp)); /* nothing was sent */
}

static void test_base_agent_management(void **state)
{
	struct scmia_proto_handle *ph = attach_base(0x20001u, 0x0303);

	(void)state;
	/* BASE_NOTIFY_ERRORS: in notify_enable. */
	fp_expect(&g_fp, BASE, 0x8, BYTES(W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_base_notify_errors(ph, 1), SCMIA_OK);
	fp_expect(&g_fp, BASE, 0x8, BYTES(W(0)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_base_notify_errors(ph, 0), SCMIA_E_SCMI_NOT_SUPPORTED);
	/* BASE_SET_DEVICE_PERMISSIONS: in agent_id, device_id, flags. */
	fp_expect(&g_fp, BASE, 0x9, BYTES(W(2), W(5), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_base_set_device_permissions(ph, 2, 5, 1), SCMIA_OK);
	fp_expect(&g_fp, BASE, 0x9, BYTES(W(2), W(5), W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_base_set_device_permissions(ph, 2, 5, 0), SCMIA_E_SCMI_DENIED);
	/* BASE_SET_PROTOCOL_PERMISSIONS: in agent_id, device_id, command_id, flags. */
	fp_expect(&g_fp, BASE, 0xa, BYTES(W(2), W(5), W(0x14), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_base_set_protocol_permissions(ph, 2, 5, 0x14, 0), SCMIA_OK);
	fp_expect(&g_fp, BASE, 0xa, BYTES(W(3), W(1), W(0x16), W(1)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_base_set_protocol_permissions(ph, 3, 1, 0x16, 1),
			 SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(scmia_base_set_protocol_permissions(ph, 3, 1, 0x10, 1), SCMIA_EINVAL);
	/* BASE_RESET_AGENT_CONFIGURATION: in agent_id, flags. */
	fp_expect(&g_fp, BASE, 0xb, BYTES(W(2), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_base_reset_agent_configuration(ph, 2, 1), SCMIA_OK);
	fp_expect(&g_fp, BASE, 0xb, BYTES(W(7), W(0)), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_base_reset_agent_configuration(ph, 7, 0),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_true(fp_ok(&g_fp));
}

struct err_seen {
	unsigned calls;
	int dec;
	struct scmia_base_error_event ev;
	uint64_t r0, r1;
};

static void on_error_event(void *ctx, const struct scmia_notification *n)
{
	struct err_seen *s = (struct err_seen *)ctx;

	s->calls++;
	s->dec = scmia_base_error_event_decode(n, &s->ev);
	s->r0 = scmia_base_error_report(&s->ev, 0);
	s->r1 = scmia_base_error_report(&s->ev, 1);
}

static void test_base_error_event(void **state)
{
	struct err_seen s3 = { 0 }, s4 = { 0 };
	struct scmia_notifier n3 = { .proto_id = BASE, .evt_id = 0, .src_id = 3,
				     .fn = on_error_event, .ctx = &s3 };
	struct scmia_notifier n4 = { .proto_id = BASE, .evt_id = 0, .src_id = 4,
				     .fn = on_error_event, .ctx = &s4 };

	(void)state;
	assert_int_equal(scmia_notify_register(&g_fp.agent, &n3), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &n4), SCMIA_OK);
	/* BASE_ERROR_EVENT: agent_id 3, error_status (bit 31 fatal, 9:0 = 2),
	 * msg_reports[2] of 64 bits, low word first. */
	assert_int_equal(fp_notify(&g_fp, BASE, 0,
				   BYTES(W(3), W(0x80000002u), W(0x00000004u), W(0x00000001u),
					 W(0xcafef00du), W(0x00000000u))),
			 SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s3.calls, 1);
	assert_int_equal(s4.calls, 0);
	assert_int_equal(s3.dec, SCMIA_OK);
	assert_int_equal(s3.ev.agent_id, 3);
	assert_int_equal(s3.ev.fatal, 1);
	assert_int_equal(s3.ev.n_reports, 2);
	assert_true(s3.r0 == 0x0000000100000004ull);
	assert_true(s3.r1 == 0x00000000cafef00dull);
	/* Announces 3 reports, carries 1: too short, reports not exposed. */
	assert_int_equal(fp_notify(&g_fp, BASE, 0,
				   BYTES(W(4), W(0x00000003u), W(1), W(2))),
			 SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s4.calls, 1);
	assert_int_equal(s4.dec, SCMIA_ETOOSHORT);
	assert_int_equal(s4.ev.n_reports, 0);
	assert_true(s4.r0 == 0);
	/* Only the agent id. */
	assert_int_equal(fp_notify(&g_fp, BASE, 0, BYTES(W(4))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s4.dec, SCMIA_ETOOSHORT);
}

/* ---- start-up discovery ---- */

static void script_base_ident(const char *vendor, uint32_t impl)
{
	uint8_t r[4 + 16];

	memset(r, 0, sizeof(r));
	memcpy(r + 4, vendor, strlen(vendor));
	fp_expect(&g_fp, BASE, 0x3, NOPARAMS, r, sizeof(r));
	fp_expect(&g_fp, BASE, 0x4, NOPARAMS, BYTES(ST_NOT_SUPPORTED)); /* optional */
	memset(r, 0, sizeof(r));
	scmia_put_le32(r + 4, impl);
	fp_expect(&g_fp, BASE, 0x5, NOPARAMS, r, 8);
}

static const struct scmia_proto_desc vendor_desc = {
	.id = 0x90, .version = 0x10000u, .name = "v", .attrs_min_len = 4,
};

static void test_discover_tolerates_failures(void **state)
{
	struct scmia_proto_handle *base, *pw, *sy, *pf, *rs, *vd;
	struct scmia_perf_info pinfo;
	int ret;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_base_desc, NULL, &base), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_power_desc, NULL, &pw), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_system_desc, NULL, &sy), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_perf_desc, &pinfo, &pf), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&g_fp.set, &scmia_reset_desc, NULL, &rs), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&g_fp.set, &vendor_desc, NULL, &vd), SCMIA_OK);

	fp_expect_attach(&g_fp, BASE, 0x20000u, BYTES(W(0x0104)));
	script_base_ident("Qualcomm", 0x20005);
	fp_expect(&g_fp, BASE, 0x6, BYTES(W(0)),
		  BYTES(ST_OK, W(4), 0x11, 0x13, 0x16, 0x90)); /* no System power */
	/* Power: fine. */
	fp_expect_attach(&g_fp, 0x11, 0x30000u, BYTES(W(2), W(0), W(0), W(0)));
	/* Perf: DENIED to this agent, recorded, discovery goes on. */
	fp_expect(&g_fp, 0x13, 0x0, NOPARAMS, BYTES(ST_DENIED));
	/* Reset: fine. */
	fp_expect_attach(&g_fp, 0x16, 0x10000u, BYTES(W(1)));
	/* Vendor: its attributes reply is truncated. */
	fp_expect(&g_fp, 0x90, 0x0, NOPARAMS, BYTES(ST_OK, W(0x10000)));
	fp_expect(&g_fp, 0x90, 0x1, NOPARAMS, BYTES(ST_OK, 0x01));

	ret = scmia_base_discover(&g_fp.set);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ret, 3); /* base, power, reset */
	assert_string_equal(g_fp.set.ident.vendor, "Qualcomm");
	assert_string_equal(g_fp.set.ident.sub_vendor, "");
	assert_int_equal(g_fp.set.ident.impl_version, 0x20005);
	assert_int_equal(base->state, SCMIA_PROTO_S_READY);
	assert_int_equal(pw->state, SCMIA_PROTO_S_READY);
	assert_int_equal(pw->version, 0x30000u);
	assert_int_equal(sy->state, SCMIA_PROTO_S_ABSENT);
	assert_int_equal(pf->state, SCMIA_PROTO_S_FAILED);
	assert_int_equal(pf->err, SCMIA_E_SCMI_DENIED);
	/* The built-in quirk matched this firmware, for Perf only. */
	assert_int_equal(pf->quirks, SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE);
	assert_int_equal(pw->quirks, 0);
	assert_int_equal(rs->state, SCMIA_PROTO_S_READY);
	assert_int_equal(rs->version, 0x10000u);
	assert_int_equal(vd->state, SCMIA_PROTO_S_FAILED);
	assert_int_equal(vd->err, SCMIA_ETOOSHORT);
	assert_true(scmia_proto_offered(&g_fp.set, 0x13));
	assert_false(scmia_proto_offered(&g_fp.set, 0x12));
	assert_true(scmia_proto_offered(&g_fp.set, 0x10));
	assert_null(scmia_proto_get(&g_fp.set, 0x13));
	assert_non_null(scmia_proto_get(&g_fp.set, 0x16));
}

static void test_discover_registers_base_and_fails_cleanly(void **state)
{
	(void)state;
	/* No Base registered: discovery registers it. Its version answer is
	 * NOT_SUPPORTED: discovery fails with that status. */
	fp_expect(&g_fp, BASE, 0x0, NOPARAMS, BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_base_discover(&g_fp.set), SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_non_null(scmia_proto_find(&g_fp.set, BASE));
	assert_true(fp_ok(&g_fp));
	/* Timeout of the vendor query ends discovery with the timeout. */
	fp_expect_attach(&g_fp, BASE, 0x20000u, BYTES(W(0x0101)));
	fp_expect(&g_fp, BASE, 0x3, NOPARAMS, NOBYTES);
	assert_int_equal(scmia_base_discover(&g_fp.set), SCMIA_ETIMEDOUT);
	assert_true(fp_ok(&g_fp));
}

static void test_discover_base_newer_negotiates(void **state)
{
	struct scmia_proto_handle *base;

	(void)state;
	/* Base 2.2 platform, we know 2.1: NEGOTIATE to 2.1 (DEN0056 v3.2). */
	fp_expect(&g_fp, BASE, 0x0, NOPARAMS, BYTES(ST_OK, W(0x20002)));
	fp_expect(&g_fp, BASE, 0x2, BYTES(W(0x10)), BYTES(ST_OK, W(0)));
	fp_expect(&g_fp, BASE, 0x10, BYTES(W(0x20001)), BYTES(ST_OK));
	fp_expect(&g_fp, BASE, 0x1, NOPARAMS, BYTES(ST_OK, W(0x0100)));
	script_base_ident("acme", 1);
	assert_int_equal(scmia_base_discover(&g_fp.set), 1); /* no protocol listed: 0 */
	assert_true(fp_ok(&g_fp));
	base = scmia_proto_get(&g_fp.set, BASE);
	assert_non_null(base);
	assert_int_equal(base->version, 0x20001u);
	assert_true(base->hflags & SCMIA_PROTO_HF_NEGOTIATED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_base_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_vendor_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_list_protocols_paged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_list_protocols_never_past_count, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_base_list_protocols_bad_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_discover_agent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_v1_has_no_v2_calls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_agent_management, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_error_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discover_tolerates_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discover_registers_base_and_fails_cleanly,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_discover_base_newer_negotiates, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("proto_base", tests, NULL, NULL);
}

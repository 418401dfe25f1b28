/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Protocol infrastructure: registry (standard and vendor protocols alike),
 * version agreement and negotiation, quirks, the paged-reply iterator,
 * shared helpers and the notification source-id rule.
 *
 * Vectors follow the common messages of DEN0056 §4.2.2 (PROTOCOL_VERSION,
 * PROTOCOL_ATTRIBUTES, PROTOCOL_MESSAGE_ATTRIBUTES,
 * NEGOTIATE_PROTOCOL_VERSION), written by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"

static struct fp g_fp;

/* ---- a vendor protocol, registered through the same machinery ---- */

#define VND_ID 0x90u
#define VND_LIST 0x3u  /* paged: in index; out hdr (returned 11:0, remaining 31:16), u32[] */
#define VND_EVT 0x0u

struct vnd_priv {
	uint32_t init_calls;
	uint32_t attrs_len;
	uint32_t attr0;
	uint32_t src_calls;
};

static int vnd_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	struct vnd_priv *p = (struct vnd_priv *)ph->priv;

	if (!p)
		return SCMIA_OK;
	p->init_calls++;
	p->attrs_len = len;
	p->attr0 = scmia_get_le32(attrs);
	return SCMIA_OK;
}

/* Vendor rule: the source is payload word 2. */
static uint32_t vnd_src(void *ctx, uint32_t hdr, const void *payload, uint32_t len)
{
	struct vnd_priv *p = (struct vnd_priv *)ctx;

	(void)hdr;
	if (p)
		p->src_calls++;
	return len >= 12 ? scmia_get_le32((const uint8_t *)payload + 8) : SCMIA_NOTIFY_SRC_ANY;
}

static const struct scmia_proto_desc vnd_desc = {
	.id = VND_ID,
	.version = SCMIA_PROTO_VERSION(1, 0),
	.name = "vendor-test",
	.attrs_min_len = 8,
	.init = vnd_init,
	.notify_src = vnd_src,
};

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

/* ---- registry ---- */

static void test_vendor_protocol_first_class(void **state)
{
	struct vnd_priv priv = { 0 };
	struct scmia_proto_handle *ph;

	(void)state;
	/* PROTOCOL_ATTRIBUTES of the vendor protocol: two words. */
	assert_int_equal(fp_attach(&g_fp, &vnd_desc, &priv, 0x10000u, BYTES(W(0x1234), W(7)), &ph),
			 SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ph->state, SCMIA_PROTO_S_READY);
	assert_int_equal(ph->version, 0x10000u);
	assert_int_equal(ph->platform_version, 0x10000u);
	assert_int_equal(ph->attributes, 0x1234u);
	assert_int_equal(priv.init_calls, 1);
	assert_int_equal(priv.attrs_len, 8);
	assert_ptr_equal(scmia_proto_get(&g_fp.set, VND_ID), ph);
	assert_ptr_equal(scmia_proto_find(&g_fp.set, VND_ID), ph);
	assert_null(scmia_proto_get(&g_fp.set, 0x91));
}

static void test_register_errors(void **state)
{
	static const struct scmia_proto_desc low = { .id = 0x0f, .version = 0x10000u };
	struct scmia_proto_handle hs[2];
	struct scmia_proto_set set;
	struct scmia_proto_desc d2 = vnd_desc, d3 = vnd_desc;

	(void)state;
	assert_int_equal(scmia_proto_set_init(&set, &g_fp.agent, hs, 0), SCMIA_EINVAL);
	assert_int_equal(scmia_proto_set_init(&set, &g_fp.agent, hs, 2), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&set, &low, NULL, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_proto_register(&set, NULL, NULL, NULL), SCMIA_EINVAL);
	assert_int_equal(scmia_proto_register(&set, &vnd_desc, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&set, &vnd_desc, NULL, NULL), SCMIA_ESTATE);
	d2.id = 0x91;
	d3.id = 0x92;
	assert_int_equal(scmia_proto_register(&set, &d2, NULL, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_register(&set, &d3, NULL, NULL), SCMIA_ENOSPC);
	assert_int_equal(scmia_proto_attach(NULL), SCMIA_EINVAL);
}

/* ---- version agreement ---- */

static void test_version_older_platform_kept(void **state)
{
	struct scmia_proto_desc d = vnd_desc;
	struct vnd_priv priv = { 0 };
	struct scmia_proto_handle *ph;

	(void)state;
	d.version = SCMIA_PROTO_VERSION(3, 0);
	/* Platform 2.0 < ours 3.0: no negotiation message at all. */
	assert_int_equal(fp_attach(&g_fp, &d, &priv, 0x20000u, BYTES(W(1), W(2)), &ph), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ph->version, 0x20000u);
	assert_int_equal(ph->hflags, 0);
}

static void script_newer(uint32_t platform)
{
	/* PROTOCOL_VERSION: status, version. */
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_OK, W(platform)));
}

static void test_negotiate_success(void **state)
{
	struct vnd_priv priv = { 0 };
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, &priv, &ph), SCMIA_OK);
	script_newer(0x10002u);
	/* PROTOCOL_MESSAGE_ATTRIBUTES(0x10): in message_id; out attributes. */
	fp_expect(&g_fp, VND_ID, 0x2, BYTES(W(0x10)), BYTES(ST_OK, W(0)));
	/* NEGOTIATE_PROTOCOL_VERSION: in version 1.0; out status. */
	fp_expect(&g_fp, VND_ID, 0x10, BYTES(W(0x10000)), BYTES(ST_OK));
	fp_expect(&g_fp, VND_ID, 0x1, NOPARAMS, BYTES(ST_OK, W(5), W(6)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ph->platform_version, 0x10002u);
	assert_int_equal(ph->version, 0x10000u);
	assert_int_equal(ph->hflags, SCMIA_PROTO_HF_PLATFORM_NEWER | SCMIA_PROTO_HF_NEGOTIATED);
}

static void test_negotiate_not_implemented(void **state)
{
	struct vnd_priv priv = { 0 };
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, &priv, &ph), SCMIA_OK);
	script_newer(0x20000u);
	/* NOT_FOUND: NEGOTIATE is not implemented, so it is never sent. */
	fp_expect(&g_fp, VND_ID, 0x2, BYTES(W(0x10)), BYTES(ST_NOT_FOUND));
	fp_expect(&g_fp, VND_ID, 0x1, NOPARAMS, BYTES(ST_OK, W(5), W(6)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ph->version, 0x10000u);
	assert_int_equal(ph->hflags,
			 SCMIA_PROTO_HF_PLATFORM_NEWER | SCMIA_PROTO_HF_NOT_NEGOTIATED);
}

static void test_negotiate_refused(void **state)
{
	struct vnd_priv priv = { 0 };
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, &priv, &ph), SCMIA_OK);
	script_newer(0x20000u);
	fp_expect(&g_fp, VND_ID, 0x2, BYTES(W(0x10)), BYTES(ST_OK, W(0)));
	fp_expect(&g_fp, VND_ID, 0x10, BYTES(W(0x10000)), BYTES(ST_NOT_SUPPORTED));
	fp_expect(&g_fp, VND_ID, 0x1, NOPARAMS, BYTES(ST_OK, W(5), W(6)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ph->version, 0x10000u);
	assert_true(ph->hflags & SCMIA_PROTO_HF_NOT_NEGOTIATED);
}

static void test_negotiate_timeout_fails_attach(void **state)
{
	struct vnd_priv priv = { 0 };
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, &priv, &ph), SCMIA_OK);
	script_newer(0x20000u);
	fp_expect(&g_fp, VND_ID, 0x2, BYTES(W(0x10)), NOBYTES); /* no reply */
	assert_int_equal(scmia_proto_attach(ph), SCMIA_ETIMEDOUT);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ph->state, SCMIA_PROTO_S_FAILED);
	assert_int_equal(ph->err, SCMIA_ETIMEDOUT);
	assert_null(scmia_proto_get(&g_fp.set, VND_ID));
}

static void test_quirk_no_negotiate_and_version_fix(void **state)
{
	static const struct scmia_proto_quirk q[] = {
		{ .vendor = "acme", .impl_min = 0x100, .impl_max = 0x1ff, .proto_id = VND_ID,
		  .quirks = SCMIA_QUIRK_NO_NEGOTIATE, .name = "acme-no-negotiate" },
		{ .vendor = "acme", .sub_vendor = "board-b", .impl_min = 0, .impl_max = 0xffffffffu,
		  .proto_id = VND_ID, .version_fix = 0x10000u, .name = "acme-b-version" },
	};
	struct vnd_priv priv = { 0 };
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_set_quirks(&g_fp.set, q, 2), SCMIA_OK);
	strcpy(g_fp.set.ident.vendor, "acme");
	strcpy(g_fp.set.ident.sub_vendor, "board-a");
	g_fp.set.ident.impl_version = 0x180;
	g_fp.set.ident.valid = 1;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, &priv, &ph), SCMIA_OK);
	assert_int_equal(scmia_proto_quirks_apply(&g_fp.set), 1);
	assert_int_equal(ph->quirks, SCMIA_QUIRK_NO_NEGOTIATE);
	/* Newer platform, but the quirk forbids NEGOTIATE: no 0x2, no 0x10. */
	script_newer(0x20000u);
	fp_expect(&g_fp, VND_ID, 0x1, NOPARAMS, BYTES(ST_OK, W(5), W(6)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ph->version, 0x10000u);
	assert_true(ph->hflags & SCMIA_PROTO_HF_NOT_NEGOTIATED);

	/* Board b reports 3.0 but speaks 1.0: the version is fixed. */
	strcpy(g_fp.set.ident.sub_vendor, "board-b");
	g_fp.set.ident.impl_version = 0x500;
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_OK, W(0x30000)));
	fp_expect(&g_fp, VND_ID, 0x1, NOPARAMS, BYTES(ST_OK, W(5), W(6)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(ph->platform_version, 0x10000u);
	assert_int_equal(ph->version, 0x10000u);
	assert_true(ph->hflags & SCMIA_PROTO_HF_VERSION_QUIRK);
}

static void test_descriptor_quirk_table(void **state)
{
	static const struct scmia_proto_quirk dq[] = {
		{ .vendor = "acme", .impl_min = 0, .impl_max = 0xffffffffu, .proto_id = VND_ID,
		  .quirks = 0x4u, .name = "acme-desc-quirk" },
		{ .vendor = "acme", .impl_min = 0, .impl_max = 0xffffffffu, .proto_id = 0x91,
		  .quirks = 0x8u, .name = "other-protocol" },
	};
	struct scmia_proto_desc d = vnd_desc;
	struct scmia_proto_handle *ph;

	(void)state;
	d.quirks = dq;
	d.n_quirks = 2;
	strcpy(g_fp.set.ident.vendor, "acme");
	g_fp.set.ident.valid = 1;
	/* A protocol ships its own quirks; entries for other ids are ignored. */
	assert_int_equal(fp_attach(&g_fp, &d, NULL, 0x10000u, BYTES(W(1), W(2)), &ph), SCMIA_OK);
	assert_int_equal(ph->quirks, 0x4u);
	assert_int_equal(scmia_proto_quirks_apply(&g_fp.set), 1);
	strcpy(g_fp.set.ident.vendor, "other");
	assert_int_equal(scmia_proto_quirks_apply(&g_fp.set), 0);
	assert_int_equal(ph->quirks, 0);
	assert_true(fp_ok(&g_fp));
}

static void test_quirk_match_rules(void **state)
{
	static const struct scmia_proto_quirk t[] = {
		{ .vendor = NULL, .impl_min = 10, .impl_max = 20, .proto_id = 0x13, .quirks = 1u },
		{ .vendor = "v", .sub_vendor = "s", .impl_min = 0, .impl_max = 0xffffffffu,
		  .proto_id = 0x13, .quirks = 2u },
		{ .vendor = "v", .impl_min = 0, .impl_max = 0xffffffffu, .proto_id = 0x14,
		  .quirks = 4u },
	};
	struct scmia_proto_ident id;
	const struct scmia_proto_quirk *bt;
	unsigned nb;

	(void)state;
	memset(&id, 0, sizeof(id));
	strcpy(id.vendor, "v");
	strcpy(id.sub_vendor, "s");
	id.impl_version = 10;
	/* Not identified: nothing matches. */
	assert_int_equal(scmia_proto_quirk_match(t, 3, &id, 0x13, 0, NULL), 0);
	id.valid = 1;
	assert_int_equal(scmia_proto_quirk_match(t, 3, &id, 0x13, 0, NULL), 3u);
	id.impl_version = 20;
	assert_int_equal(scmia_proto_quirk_match(t, 3, &id, 0x13, 0, NULL), 3u);
	id.impl_version = 21;
	assert_int_equal(scmia_proto_quirk_match(t, 3, &id, 0x13, 0, NULL), 2u);
	id.impl_version = 9;
	strcpy(id.sub_vendor, "x");
	assert_int_equal(scmia_proto_quirk_match(t, 3, &id, 0x13, 0, NULL), 0u);
	assert_int_equal(scmia_proto_quirk_match(t, 3, &id, 0x14, 0, NULL), 4u);
	strcpy(id.vendor, "vv");
	assert_int_equal(scmia_proto_quirk_match(t, 3, &id, 0x14, 0, NULL), 0u);

	/* The built-in table: Qualcomm >= 0x20000 forces PERF LEVEL_GET fc. */
	bt = scmia_proto_quirks_builtin(&nb);
	assert_true(nb >= 1);
	memset(&id, 0, sizeof(id));
	strcpy(id.vendor, "Qualcomm");
	id.impl_version = 0x20000;
	id.valid = 1;
	assert_int_equal(scmia_proto_quirk_match(bt, nb, &id, SCMIA_PROTO_PERF, 0, NULL),
			 SCMIA_QUIRK_PERF_LEVEL_GET_FC_FORCE);
	id.impl_version = 0x1ffff;
	assert_int_equal(scmia_proto_quirk_match(bt, nb, &id, SCMIA_PROTO_PERF, 0, NULL), 0);
	id.impl_version = 0x20000;
	assert_int_equal(scmia_proto_quirk_match(bt, nb, &id, SCMIA_PROTO_CLOCK, 0, NULL), 0);
}

/* ---- attach failures: every reply is untrusted ---- */

static void test_attach_version_denied(void **state)
{
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, NULL, &ph), SCMIA_OK);
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_DENIED));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_E_SCMI_DENIED);
	assert_int_equal(ph->state, SCMIA_PROTO_S_FAILED);
	assert_int_equal(ph->err, SCMIA_E_SCMI_DENIED);
	assert_true(fp_ok(&g_fp));
}

static void test_attach_version_too_short(void **state)
{
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, NULL, &ph), SCMIA_OK);
	/* SUCCESS without the version word. */
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_OK));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_OK, 0x00, 0x00, 0x01));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_attach_version_zero_malformed(void **state)
{
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, NULL, &ph), SCMIA_OK);
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_OK, W(0x0000ffffu)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_EMALFORMED);
	assert_true(fp_ok(&g_fp));
}

static void test_attach_bad_status_malformed(void **state)
{
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, NULL, &ph), SCMIA_OK);
	/* Status 5 and -12 are not SCMI statuses. */
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(W(5), W(0x10000)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_EMALFORMED);
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(W(0xfffffff4u), W(0x10000)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_EMALFORMED);
	assert_true(fp_ok(&g_fp));
}

static void test_attach_attrs_too_short_and_longer_ok(void **state)
{
	struct vnd_priv priv = { 0 };
	struct scmia_proto_handle *ph;

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, &priv, &ph), SCMIA_OK);
	/* attrs_min_len is 8: one word is too short. */
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_OK, W(0x10000)));
	fp_expect(&g_fp, VND_ID, 0x1, NOPARAMS, BYTES(ST_OK, W(5)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_ETOOSHORT);
	assert_int_equal(priv.init_calls, 0);
	/* Longer than our layout (a newer platform appended fields): fine;
	 * the PROTOCOL_VERSION reply carries an extra word too. */
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_OK, W(0x10000), W(0xdead)));
	fp_expect(&g_fp, VND_ID, 0x1, NOPARAMS, BYTES(ST_OK, W(5), W(6), W(7), W(8)));
	assert_int_equal(scmia_proto_attach(ph), SCMIA_OK);
	assert_int_equal(priv.attrs_len, 16);
	assert_true(fp_ok(&g_fp));
}

static void test_msg_attributes_and_negotiate_calls(void **state)
{
	struct scmia_proto_handle *ph;
	uint32_t attr = 0, v = 0;

	(void)state;
	assert_int_equal(fp_attach(&g_fp, &vnd_desc, NULL, 0x10000u, BYTES(W(1), W(2)), &ph),
			 SCMIA_OK);
	fp_expect(&g_fp, VND_ID, 0x2, BYTES(W(0x3)), BYTES(ST_OK, W(0x80000001u)));
	assert_int_equal(scmia_proto_msg_attributes(ph, 0x3, &attr), SCMIA_OK);
	assert_int_equal(attr, 0x80000001u);
	fp_expect(&g_fp, VND_ID, 0x2, BYTES(W(0x44)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_proto_msg_attributes(ph, 0x44, &attr), SCMIA_E_SCMI_NOT_FOUND);
	fp_expect(&g_fp, VND_ID, 0x2, BYTES(W(0x3)), BYTES(ST_OK));
	assert_int_equal(scmia_proto_msg_attributes(ph, 0x3, &attr), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, VND_ID, 0x10, BYTES(W(0x20001)), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_proto_negotiate_version(ph, 0x20001), SCMIA_E_SCMI_INVALID_PARAMETERS);
	fp_expect(&g_fp, VND_ID, 0x0, NOPARAMS, BYTES(ST_OK, W(0x10003)));
	assert_int_equal(scmia_proto_version_get(ph, &v), SCMIA_OK);
	assert_int_equal(v, 0x10003u);
	assert_true(fp_ok(&g_fp));
}

/* ---- shared helpers ---- */

static void test_name_copy_and_ext_name(void **state)
{
	static const uint8_t nonul[16] = { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h',
					   'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p' };
	struct scmia_proto_handle *ph;
	char out[16], big[80];

	(void)state;
	/* A name field without NUL is cut, never over-read. */
	scmia_proto_name_copy(out, sizeof(out), nonul, sizeof(nonul));
	assert_string_equal(out, "abcdefghijklmno");
	scmia_proto_name_copy(out, 4, (const uint8_t *)"xy\0z", 4);
	assert_string_equal(out, "xy");

	assert_int_equal(fp_attach(&g_fp, &vnd_desc, NULL, 0x10000u, BYTES(W(1), W(2)), &ph),
			 SCMIA_OK);
	/* *_NAME_GET: in id; out flags, name[64]. */
	{
		uint8_t r[4 + 4 + 64];

		memset(r, 0, sizeof(r));
		r[8] = 'l';
		r[9] = 'o';
		r[10] = 'n';
		r[11] = 'g';
		fp_expect(&g_fp, VND_ID, 0x9, BYTES(W(3)), r, sizeof(r));
	}
	assert_int_equal(scmia_proto_ext_name_get(ph, 0x9, 3, big, sizeof(big)), SCMIA_OK);
	assert_string_equal(big, "long");
	fp_expect(&g_fp, VND_ID, 0x9, BYTES(W(3)), BYTES(ST_OK, W(0), 'x', 0));
	assert_int_equal(scmia_proto_ext_name_get(ph, 0x9, 3, big, sizeof(big)), SCMIA_ETOOSHORT);
	assert_string_equal(big, "");
	/* *_NOTIFY: in id, notify_enable. */
	fp_expect(&g_fp, VND_ID, 0x8, BYTES(W(3), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_proto_notify_enable(ph, 0x8, 3, 1), SCMIA_OK);
	fp_expect(&g_fp, VND_ID, 0x8, BYTES(W(3), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_proto_notify_enable(ph, 0x8, 3, 0), SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));
}

/* ---- the paged-reply iterator ---- */

struct it_ctx {
	uint32_t got[64];
	uint32_t prepared;
	int entry_ret; /* when non-zero: decode_entry returns it */
};

static int it_prepare(void *ctx, uint32_t index, void *tx, uint32_t cap, uint32_t *tx_len)
{
	struct it_ctx *c = (struct it_ctx *)ctx;

	assert_true(cap >= 4);
	c->prepared++;
	scmia_put_le32(tx, index);
	*tx_len = 4;
	return 0;
}

static int it_header(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
		     struct scmia_proto_iter_page *pg)
{
	(void)ctx;
	(void)index;
	if (len < 4)
		return SCMIA_ETOOSHORT;
	pg->returned = scmia_get_le32(rx) & 0xfffu;
	pg->remaining = scmia_get_le32(rx) >> 16;
	pg->hdr_len = 4;
	return 0;
}

static int it_entry(void *ctx, uint32_t index, const uint8_t *p, uint32_t avail)
{
	struct it_ctx *c = (struct it_ctx *)ctx;

	if (c->entry_ret)
		return c->entry_ret;
	if (avail < 4)
		return SCMIA_ETOOSHORT;
	c->got[index] = scmia_get_le32(p);
	return 4;
}

static const struct scmia_proto_iter_ops it_ops = {
	.prepare = it_prepare,
	.decode_header = it_header,
	.decode_entry = it_entry,
};

#define PAGE(ret, rem) W((uint32_t)(ret) | ((uint32_t)(rem) << 16))

static struct scmia_proto_handle *attach_vendor(void)
{
	struct scmia_proto_handle *ph = NULL;

	assert_int_equal(fp_attach(&g_fp, &vnd_desc, NULL, 0x10000u, BYTES(W(1), W(2)), &ph),
			 SCMIA_OK);
	return ph;
}

static void test_iter_pages(void **state)
{
	struct scmia_proto_handle *ph = attach_vendor();
	struct scmia_proto_iter it;
	struct it_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(2, 3), W(10), W(11)));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(2)),
		  BYTES(ST_OK, PAGE(2, 1), W(12), W(13), W(0xfeed))); /* extra bytes: ignored */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(4)), BYTES(ST_OK, PAGE(1, 0), W(14)));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops, &c, 64);
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
	assert_int_equal(it.count, 5);
	assert_int_equal(it.total, 5);
	assert_int_equal(it.pages, 3);
	assert_int_equal(c.got[0], 10);
	assert_int_equal(c.got[4], 14);
}

static void test_iter_empty_list(void **state)
{
	struct scmia_proto_handle *ph = attach_vendor();
	struct scmia_proto_iter it;
	struct it_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(0, 0)));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops, &c, 64);
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_OK);
	assert_int_equal(it.count, 0);
	assert_true(fp_ok(&g_fp));
}

static void test_iter_zero_returned_with_remaining(void **state)
{
	struct scmia_proto_handle *ph = attach_vendor();
	struct scmia_proto_iter it;
	struct it_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	/* First page fine, then a page with nothing while 3 remain: the
	 * iterator must stop (one more request would be an endless loop). */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(1, 3), W(1)));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(1)), BYTES(ST_OK, PAGE(0, 3)));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops, &c, 64);
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_EMALFORMED);
	assert_int_equal(c.prepared, 2);
	assert_true(fp_ok(&g_fp));
	/* Same on the very first page. */
	memset(&c, 0, sizeof(c));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(0, 1)));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_EMALFORMED);
	assert_int_equal(c.prepared, 1);
	assert_true(fp_ok(&g_fp));
}

static void test_iter_remaining_grows(void **state)
{
	struct scmia_proto_handle *ph = attach_vendor();
	struct scmia_proto_iter it;
	struct it_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	/* 2 + 2 announced, then 2 returned with 5 remaining (total grew). */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(2, 2), W(1), W(2)));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(2)), BYTES(ST_OK, PAGE(2, 5), W(3), W(4)));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops, &c, 64);
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_EMALFORMED);
	assert_int_equal(it.count, 2);
	assert_true(fp_ok(&g_fp));
	/* Shrinking is just as inconsistent. */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(2, 2), W(1), W(2)));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(2)), BYTES(ST_OK, PAGE(1, 0), W(3)));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_EMALFORMED);
	assert_true(fp_ok(&g_fp));
}

/* A header of two full words: returned, remaining (a vendor layout). */
static int it_header2(void *ctx, uint32_t index, const uint8_t *rx, uint32_t len,
		      struct scmia_proto_iter_page *pg)
{
	(void)ctx;
	(void)index;
	if (len < 8)
		return SCMIA_ETOOSHORT;
	pg->returned = scmia_get_le32(rx);
	pg->remaining = scmia_get_le32(rx + 4);
	pg->hdr_len = 8;
	return 0;
}

static const struct scmia_proto_iter_ops it_ops2 = {
	.prepare = it_prepare,
	.decode_header = it_header2,
	.decode_entry = it_entry,
};

static void test_iter_total_wraps(void **state)
{
	struct scmia_proto_handle *ph = attach_vendor();
	struct scmia_proto_iter it;
	struct it_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	/* index 0 + 1 returned + 0xffffffff remaining wraps 32 bits: refused
	 * on the page that announces it, never a second request. */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)),
		  BYTES(ST_OK, W(1), W(0xffffffffu), W(7)));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops2, &c, 64);
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_EMALFORMED);
	assert_int_equal(c.prepared, 1);
	assert_true(fp_ok(&g_fp));
	/* Same from a later page: 2 + 1 + 0xfffffffe. */
	memset(&c, 0, sizeof(c));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, W(2), W(1), W(5), W(6)));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(2)),
		  BYTES(ST_OK, W(1), W(0xfffffffeu), W(7)));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_EMALFORMED);
	assert_int_equal(c.prepared, 2);
	assert_true(fp_ok(&g_fp));
}

/* The generic page layout (ops.page, no callbacks): id then index sent,
 * 12-bit returned, remaining in 31:16; a list that ends early with an
 * empty page (asked past its end) counts SCMIA_PROTO_CNT_PAST_END. */
static const struct scmia_proto_iter_ops it_ops_generic = {
	.decode_entry = it_entry,
	.page = SCMIA_PROTO_PAGE(1, 12, 16, 4, 0),
};

static void test_iter_generic_layout(void **state)
{
	struct scmia_proto_handle *ph = attach_vendor();
	struct scmia_proto_iter it;
	struct it_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0x42), W(0)),
		  BYTES(ST_OK, PAGE(2, 1), W(10), W(11)));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0x42), W(2)), BYTES(ST_OK, PAGE(1, 0), W(12)));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops_generic, &c, 64);
	it.id = 0x42;
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_OK);
	assert_int_equal(it.count, 3);
	assert_int_equal(c.got[2], 12);
	/* A page too short for its entries (2 announced, 1 sent). */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0x42), W(0)), BYTES(ST_OK, PAGE(2, 0), W(10)));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_ETOOSHORT);
	/* Past the end: the second page comes back empty, nothing left. */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0x42), W(0)),
		  BYTES(ST_OK, PAGE(2, 2), W(10), W(11)));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0x42), W(2)), BYTES(ST_OK, PAGE(0, 0)));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_OK);
	assert_int_equal(it.count, 2);
	assert_int_equal(g_fp.set.cnt[SCMIA_PROTO_CNT_PAST_END], 1);
	assert_true(fp_ok(&g_fp));
}

static void test_iter_page_larger_than_buffer(void **state)
{
	struct scmia_proto_handle *ph = attach_vendor();
	struct scmia_proto_iter it;
	struct it_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	/* Room for 3; the page brings 4: 3 decoded, ENOSPC, no more pages. */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)),
		  BYTES(ST_OK, PAGE(4, 2), W(1), W(2), W(3), W(4)));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops, &c, 3);
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_ENOSPC);
	assert_int_equal(it.count, 3);
	assert_int_equal(it.total, 6);
	assert_int_equal(c.got[2], 3);
	assert_int_equal(c.got[3], 0);
	assert_true(fp_ok(&g_fp));
	/* Exactly full at a page end with more remaining: ENOSPC too. */
	memset(&c, 0, sizeof(c));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(2, 1), W(1), W(2)));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops, &c, 2);
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_ENOSPC);
	assert_int_equal(it.count, 2);
	/* Exactly full and nothing remaining: OK. */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(2, 0), W(1), W(2)));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_OK);
	assert_true(fp_ok(&g_fp));
}

static void test_iter_truncated_page(void **state)
{
	struct scmia_proto_handle *ph = attach_vendor();
	struct scmia_proto_iter it;
	struct it_ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	/* Announces 3 entries, carries 2 and a half. */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)),
		  BYTES(ST_OK, PAGE(3, 0), W(1), W(2), 0x03, 0x00));
	scmia_proto_iter_init(&it, VND_LIST, &it_ops, &c, 64);
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_ETOOSHORT);
	assert_int_equal(it.count, 2);
	/* Only the status: no page header. */
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_ETOOSHORT);
	/* A callback claiming more bytes than exist is caught. */
	c.entry_ret = 100;
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(1, 0), W(1)));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_EMALFORMED);
	/* An error status on page 2 ends the walk with it. */
	c.entry_ret = 0;
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(0)), BYTES(ST_OK, PAGE(1, 1), W(1)));
	fp_expect(&g_fp, VND_ID, VND_LIST, BYTES(W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_proto_iter_run(ph, &it), SCMIA_E_SCMI_DENIED);
	assert_true(fp_ok(&g_fp));
}

/* ---- notification source ids ---- */

static void test_notify_src_rules(void **state)
{
	struct vnd_priv priv = { 0 };
	static const uint8_t p3[] = { W(7), W(42), W(99) };

	(void)state;
	/* Base error event: agent id (word 0). */
	assert_int_equal(scmia_proto_notify_src(NULL, scmia_hdr_pack(0, 3, 0x10, 0), p3, 12), 7);
	/* System power: no source. */
	assert_int_equal(scmia_proto_notify_src(NULL, scmia_hdr_pack(0, 3, 0x12, 0), p3, 12),
			 SCMIA_NOTIFY_SRC_ANY);
	/* Power, Perf, Clock, Sensor, Reset, Powercap: word 1. */
	for (unsigned p = 0x11; p <= 0x18; p++) {
		if (p == 0x12)
			continue;
		assert_int_equal(scmia_proto_notify_src(NULL, scmia_hdr_pack(1, 3, (uint8_t)p, 0),
							p3, 12),
				 42);
		/* Too short for the source: any. */
		assert_int_equal(scmia_proto_notify_src(NULL, scmia_hdr_pack(1, 3, (uint8_t)p, 0),
							p3, 7),
				 SCMIA_NOTIFY_SRC_ANY);
	}
	assert_int_equal(scmia_proto_notify_src(NULL, scmia_hdr_pack(0, 3, 0x10, 0), p3, 3),
			 SCMIA_NOTIFY_SRC_ANY);
	/* Vendor: its descriptor's rule (word 2 here), with its priv. */
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, &priv, NULL), SCMIA_OK);
	assert_int_equal(scmia_proto_notify_src(&g_fp.set, scmia_hdr_pack(0, 3, VND_ID, 0), p3, 12),
			 99);
	assert_int_equal(priv.src_calls, 1);
	/* Unregistered vendor protocol: generic word 1. */
	assert_int_equal(scmia_proto_notify_src(&g_fp.set, scmia_hdr_pack(0, 3, 0x91, 0), p3, 12),
			 42);
}

struct seen {
	unsigned calls;
	uint32_t src;
	uint32_t len;
};

static void on_vendor_evt(void *ctx, const struct scmia_notification *n)
{
	struct seen *s = (struct seen *)ctx;

	s->calls++;
	s->src = n->src_id;
	s->len = n->len;
}

static void test_vendor_notification_routed(void **state)
{
	struct vnd_priv priv = { 0 };
	struct seen s99 = { 0 }, s5 = { 0 };
	struct scmia_notifier n99 = { .proto_id = VND_ID, .evt_id = VND_EVT, .src_id = 99,
				      .fn = on_vendor_evt, .ctx = &s99 };
	struct scmia_notifier n5 = { .proto_id = VND_ID, .evt_id = VND_EVT, .src_id = 5,
				     .fn = on_vendor_evt, .ctx = &s5 };

	(void)state;
	assert_int_equal(scmia_proto_register(&g_fp.set, &vnd_desc, &priv, NULL), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &n99), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &n5), SCMIA_OK);
	assert_int_equal(fp_notify(&g_fp, VND_ID, VND_EVT, BYTES(W(1), W(5), W(99))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s99.calls, 1);
	assert_int_equal(s99.src, 99);
	assert_int_equal(s5.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vendor_protocol_first_class, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_older_platform_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_not_implemented, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_timeout_fails_attach, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_quirk_no_negotiate_and_version_fix, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_quirk_table, setup, teardown),
		cmocka_unit_test(test_quirk_match_rules),
		cmocka_unit_test_setup_teardown(test_attach_version_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach_version_too_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach_version_zero_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach_bad_status_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach_attrs_too_short_and_longer_ok, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_msg_attributes_and_negotiate_calls, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_name_copy_and_ext_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iter_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iter_empty_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iter_zero_returned_with_remaining, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_iter_remaining_grows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iter_total_wraps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iter_generic_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iter_page_larger_than_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iter_truncated_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_src_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vendor_notification_routed, setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_infra", tests, NULL, NULL);
}

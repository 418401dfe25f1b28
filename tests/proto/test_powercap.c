/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Power capping and monitoring protocol (0x18) helpers. Vectors written
 * by hand from DEN0056 §4.10 (Power capping protocol v1.0/v2.0 layouts),
 * cross-checked against SCP-firmware module/scmi_power_capping and Linux
 * arm_scmi/powercap.c (facts only): domain attributes, cap get/set (sync,
 * async with POWERCAP_CAP_SET_COMPLETE, async without delayed response:
 * flags bit 1 async, bit 0 ignore), PAI, measurements, notifications and
 * fastchannel descriptors only where declared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/powercap.h"

#define PCAP 0x18u

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

/* PROTOCOL_ATTRIBUTES: attributes (domains 15:0). */
static struct scmia_proto_handle *attach(uint32_t version, uint32_t attrs)
{
	struct scmia_proto_handle *ph = NULL;
	uint8_t a[4];

	scmia_put_le32(a, attrs);
	assert_int_equal(fp_attach(&g_fp, &scmia_powercap_desc, NULL, version, a, sizeof(a), &ph),
			 SCMIA_OK);
	return ph;
}

#define NAME16(a, b, c, d) a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

/* POWERCAP_DOMAIN_ATTRIBUTES reply (status included): attributes,
 * name[16], min_pai, max_pai, pai_step, min_power_cap, max_power_cap,
 * power_cap_step, sustainable_power, accuracy, parent_id. */
static void script_dom_attrs(uint32_t dom, uint32_t attr)
{
	fp_expect(&g_fp, PCAP, 0x3, BYTES(W(dom)),
		  BYTES(ST_OK, W(attr), NAME16('s', 'o', 'c', 0), W(100), W(1000000), W(100),
			W(1000), W(50000), W(100), W(30000), W(5000), W(0xffffffffu)));
}

static void test_powercap_domain_attributes(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct scmia_powercap_dom_attrs a;
	uint8_t nr[4 + 4 + 64];

	(void)state;
	assert_int_equal(scmia_powercap_num_domains(ph), 2);
	/* attributes: 31 cap notif, 30 measurement notif, 29 async cap set,
	 * 28 extended name, 27 cap config, 26 monitoring, 25 PAI config,
	 * 24:23 unit (2: mW), 22 fastchannels. */
	script_dom_attrs(0, 0xff400000u);
	memset(nr, 0, sizeof(nr));
	memcpy(nr + 8, "soc-package-power", 17);
	/* POWERCAP_DOMAIN_NAME_GET: in domain_id; out flags, name[64]. */
	fp_expect(&g_fp, PCAP, 0x8, BYTES(W(0)), nr, sizeof(nr));
	assert_int_equal(scmia_powercap_domain_attributes(ph, 0, 1, &a), SCMIA_OK);
	assert_int_equal(a.attributes, 0xff400000u);
	assert_int_equal(a.unit, SCMIA_POWERCAP_UNIT_MILLIWATT);
	assert_int_equal(a.min_pai_us, 100);
	assert_int_equal(a.max_pai_us, 1000000);
	assert_int_equal(a.pai_step_us, 100);
	assert_int_equal(a.min_cap, 1000);
	assert_int_equal(a.max_cap, 50000);
	assert_int_equal(a.cap_step, 100);
	assert_int_equal(a.sustainable_power, 30000);
	assert_int_equal(a.accuracy, 5000);
	assert_int_equal(a.parent_id, 0xffffffffu);
	assert_string_equal(a.name, "soc-package-power");
	/* µW unit, no extended name. */
	script_dom_attrs(1, 0x00800000u);
	assert_int_equal(scmia_powercap_domain_attributes(ph, 1, 1, &a), SCMIA_OK);
	assert_int_equal(a.unit, SCMIA_POWERCAP_UNIT_MICROWATT);
	assert_string_equal(a.name, "soc");
	/* 52 bytes: parent_id missing. */
	fp_expect(&g_fp, PCAP, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0), NAME16('s', 'o', 'c', 0), W(100), W(1000), W(100), W(1), W(2),
			W(1), W(2), W(0)));
	assert_int_equal(scmia_powercap_domain_attributes(ph, 0, 1, &a), SCMIA_ETOOSHORT);
	/* min cap above max cap. */
	fp_expect(&g_fp, PCAP, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0), NAME16('s', 'o', 'c', 0), W(100), W(1000), W(100), W(9), W(2),
			W(1), W(2), W(0), W(0)));
	assert_int_equal(scmia_powercap_domain_attributes(ph, 0, 1, &a), SCMIA_EMALFORMED);
	fp_expect(&g_fp, PCAP, 0x3, BYTES(W(5)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_powercap_domain_attributes(ph, 5, 1, &a), SCMIA_E_SCMI_NOT_FOUND);
	assert_true(fp_ok(&g_fp));
}

static void test_powercap_domains_describe(void **state)
{
	struct scmia_proto_handle *ph = attach(0x10000u, 3);
	struct scmia_powercap_dom d[2];
	uint32_t n = 0;

	(void)state;
	script_dom_attrs(0, 0);
	fp_expect(&g_fp, PCAP, 0x3, BYTES(W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_powercap_domains_describe(ph, d, 2, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].err, SCMIA_OK);
	assert_int_equal(d[1].err, SCMIA_E_SCMI_DENIED);
	assert_true(fp_ok(&g_fp));
}

static void test_powercap_cap_get_set(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	uint32_t cap = 0;
	struct fp_step *s;

	(void)state;
	/* POWERCAP_CAP_GET: in domain_id; out power_cap. */
	fp_expect(&g_fp, PCAP, 0x4, BYTES(W(1)), BYTES(ST_OK, W(25000)));
	assert_int_equal(scmia_powercap_cap_get(ph, 1, &cap), SCMIA_OK);
	assert_int_equal(cap, 25000);
	fp_expect(&g_fp, PCAP, 0x4, BYTES(W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_powercap_cap_get(ph, 1, &cap), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PCAP, 0x4, BYTES(W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_powercap_cap_get(ph, 1, &cap), SCMIA_E_SCMI_DENIED);
	/* POWERCAP_CAP_SET: in domain_id, flags (bit 1 async, bit 0 ignore
	 * delayed response), power_cap. Synchronous: flags 0. */
	fp_expect(&g_fp, PCAP, 0x5, BYTES(W(1), W(0), W(20000)), BYTES(ST_OK));
	assert_int_equal(scmia_powercap_cap_set(ph, 1, 0, 20000, &cap), SCMIA_OK);
	assert_int_equal(cap, 20000);
	fp_expect(&g_fp, PCAP, 0x5, BYTES(W(1), W(0), W(99)), BYTES(ST_OUT_OF_RANGE));
	assert_int_equal(scmia_powercap_cap_set(ph, 1, 0, 99, NULL), SCMIA_E_SCMI_OUT_OF_RANGE);
	/* Asynchronous (flags 0x2): POWERCAP_CAP_SET_COMPLETE: status,
	 * domain_id, power_cap. */
	s = fp_expect(&g_fp, PCAP, 0x5, BYTES(W(1), W(0x2), W(20050)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1), W(20000)), 0);
	assert_int_equal(scmia_powercap_cap_set(ph, 1, SCMIA_POWERCAP_SET_F_ASYNC, 20050, &cap),
			 SCMIA_OK);
	assert_int_equal(cap, 20000);
	s = fp_expect(&g_fp, PCAP, 0x5, BYTES(W(1), W(0x2), W(20050)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1), W(20000)), 1);
	assert_int_equal(scmia_powercap_cap_set(ph, 1, SCMIA_POWERCAP_SET_F_ASYNC, 20050, &cap),
			 SCMIA_OK);
	s = fp_expect(&g_fp, PCAP, 0x5, BYTES(W(1), W(0x2), W(20050)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(0), W(20000)), 0);
	assert_int_equal(scmia_powercap_cap_set(ph, 1, SCMIA_POWERCAP_SET_F_ASYNC, 20050, &cap),
			 SCMIA_EMALFORMED);
	s = fp_expect(&g_fp, PCAP, 0x5, BYTES(W(1), W(0x2), W(20050)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1)), 0);
	assert_int_equal(scmia_powercap_cap_set(ph, 1, SCMIA_POWERCAP_SET_F_ASYNC, 20050, &cap),
			 SCMIA_ETOOSHORT);
	s = fp_expect(&g_fp, PCAP, 0x5, BYTES(W(1), W(0x2), W(20050)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_GENERIC_ERROR, W(1), W(0)), 0);
	assert_int_equal(scmia_powercap_cap_set(ph, 1, SCMIA_POWERCAP_SET_F_ASYNC, 20050, &cap),
			 SCMIA_E_SCMI_GENERIC_ERROR);
	/* Asynchronous without delayed response: flags 0x3. */
	fp_expect(&g_fp, PCAP, 0x5, BYTES(W(1), W(0x3), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_powercap_cap_set(ph, 1,
						SCMIA_POWERCAP_SET_F_ASYNC |
							SCMIA_POWERCAP_SET_F_IGNORE_DRESP,
						0, &cap),
			 SCMIA_OK);
	/* Bit 0 alone is meaningless; unknown bits. */
	assert_int_equal(scmia_powercap_cap_set(ph, 1, SCMIA_POWERCAP_SET_F_IGNORE_DRESP, 1, NULL),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_powercap_cap_set(ph, 1, 0x4, 1, NULL), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_powercap_pai_and_measurements(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	uint32_t pai = 0, power = 0;

	(void)state;
	/* POWERCAP_PAI_GET: in domain_id; out pai. */
	fp_expect(&g_fp, PCAP, 0x6, BYTES(W(0)), BYTES(ST_OK, W(10000)));
	assert_int_equal(scmia_powercap_pai_get(ph, 0, &pai), SCMIA_OK);
	assert_int_equal(pai, 10000);
	fp_expect(&g_fp, PCAP, 0x6, BYTES(W(0)), BYTES(ST_OK, 1));
	assert_int_equal(scmia_powercap_pai_get(ph, 0, &pai), SCMIA_ETOOSHORT);
	/* POWERCAP_PAI_SET: in domain_id, flags (reserved), pai. */
	fp_expect(&g_fp, PCAP, 0x7, BYTES(W(0), W(0), W(2000)), BYTES(ST_OK));
	assert_int_equal(scmia_powercap_pai_set(ph, 0, 2000), SCMIA_OK);
	fp_expect(&g_fp, PCAP, 0x7, BYTES(W(0), W(0), W(1)), BYTES(ST_OUT_OF_RANGE));
	assert_int_equal(scmia_powercap_pai_set(ph, 0, 1), SCMIA_E_SCMI_OUT_OF_RANGE);
	/* POWERCAP_MEASUREMENTS_GET: in domain_id; out power, pai. */
	fp_expect(&g_fp, PCAP, 0x9, BYTES(W(0)), BYTES(ST_OK, W(18250), W(2000)));
	assert_int_equal(scmia_powercap_measurements_get(ph, 0, &power, &pai), SCMIA_OK);
	assert_int_equal(power, 18250);
	assert_int_equal(pai, 2000);
	fp_expect(&g_fp, PCAP, 0x9, BYTES(W(0)), BYTES(ST_OK, W(18250)));
	assert_int_equal(scmia_powercap_measurements_get(ph, 0, &power, &pai), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PCAP, 0x9, BYTES(W(0)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_powercap_measurements_get(ph, 0, &power, NULL),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	/* POWERCAP_CAP_NOTIFY: in domain_id, notify_enable. */
	fp_expect(&g_fp, PCAP, 0xa, BYTES(W(0), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_powercap_cap_notify(ph, 0, 1), SCMIA_OK);
	/* POWERCAP_MEASUREMENTS_NOTIFY: in domain_id, notify_enable,
	 * power_thresh_low, power_thresh_high. */
	fp_expect(&g_fp, PCAP, 0xb, BYTES(W(0), W(1), W(10000), W(25000)), BYTES(ST_OK));
	assert_int_equal(scmia_powercap_measurements_notify(ph, 0, 1, 10000, 25000), SCMIA_OK);
	fp_expect(&g_fp, PCAP, 0xb, BYTES(W(0), W(0), W(0), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_powercap_measurements_notify(ph, 0, 0, 0, 0),
			 SCMIA_E_SCMI_NOT_FOUND);
	assert_int_equal(scmia_powercap_measurements_notify(ph, 0, 1, 5, 4), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_powercap_fastchannel_declared_only(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct scmia_powercap_fc_info fi;

	(void)state;
	/* Domain without bit 22: nothing else sent. */
	script_dom_attrs(0, 0x08000000u);
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_CAP_SET, &fi),
			 SCMIA_ENOTSUP);
	/* Domain with fastchannels, message not declared (bit 0 clear). */
	script_dom_attrs(0, 0x00400000u);
	fp_expect(&g_fp, PCAP, 0x2, BYTES(W(0x5)), BYTES(ST_OK, W(0)));
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_CAP_SET, &fi),
			 SCMIA_ENOTSUP);
	/* Message not implemented at all. */
	script_dom_attrs(0, 0x00400000u);
	fp_expect(&g_fp, PCAP, 0x2, BYTES(W(0x7)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_PAI_SET, &fi),
			 SCMIA_ENOTSUP);
	/* Declared: POWERCAP_DESCRIBE_FASTCHANNEL: in domain_id, message_id;
	 * out attributes (bit 0 doorbell, 2:1 width: 3 = 64-bit),
	 * rate_limit, chan_addr low, high, chan_size, doorbell addr low,
	 * high, set mask low, high, preserve mask low, high. */
	script_dom_attrs(0, 0x00400000u);
	fp_expect(&g_fp, PCAP, 0x2, BYTES(W(0x5)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PCAP, 0xc, BYTES(W(0), W(0x5)),
		  BYTES(ST_OK, W(0x7), W(0xfff00200u), W(0x60000000u), W(0x1), W(4),
			W(0x60001000u), W(0x1), W(0x1), W(0x0), W(0x0), W(0x80000000u)));
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_CAP_SET, &fi),
			 SCMIA_OK);
	assert_int_equal(fi.msg_id, SCMIA_POWERCAP_CAP_SET);
	assert_int_equal(fi.rate_limit_us, 0x200);
	assert_true(fi.chan_addr == 0x160000000ull);
	assert_int_equal(fi.chan_size, 4);
	assert_int_equal(fi.db_width, 8);
	assert_true(fi.db_addr == 0x160001000ull);
	assert_true(fi.db_set_mask == 1);
	assert_true(fi.db_preserve_mask == 0x8000000000000000ull);
	/* Without doorbell: 20 bytes suffice. */
	script_dom_attrs(0, 0x00400000u);
	fp_expect(&g_fp, PCAP, 0x2, BYTES(W(0x4)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PCAP, 0xc, BYTES(W(0), W(0x4)),
		  BYTES(ST_OK, W(0), W(0), W(0x60000010u), W(0), W(4)));
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_CAP_GET, &fi),
			 SCMIA_OK);
	assert_int_equal(fi.db_width, 0);
	/* Doorbell announced, its fields missing. */
	script_dom_attrs(0, 0x00400000u);
	fp_expect(&g_fp, PCAP, 0x2, BYTES(W(0x6)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PCAP, 0xc, BYTES(W(0), W(0x6)),
		  BYTES(ST_OK, W(1), W(0), W(0x60000010u), W(0), W(4)));
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_PAI_GET, &fi),
			 SCMIA_ETOOSHORT);
	/* Size 0. */
	script_dom_attrs(0, 0x00400000u);
	fp_expect(&g_fp, PCAP, 0x2, BYTES(W(0x6)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PCAP, 0xc, BYTES(W(0), W(0x6)),
		  BYTES(ST_OK, W(0), W(0), W(0x60000010u), W(0), W(0)));
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_PAI_GET, &fi),
			 SCMIA_EMALFORMED);
	/* Shorter than the fixed part. */
	script_dom_attrs(0, 0x00400000u);
	fp_expect(&g_fp, PCAP, 0x2, BYTES(W(0x6)), BYTES(ST_OK, W(1)));
	fp_expect(&g_fp, PCAP, 0xc, BYTES(W(0), W(0x6)), BYTES(ST_OK, W(0), W(0), W(0x60000010u)));
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_PAI_GET, &fi),
			 SCMIA_ETOOSHORT);
	assert_int_equal(scmia_powercap_describe_fastchannel(ph, 0, SCMIA_POWERCAP_MEASUREMENTS_GET,
							     &fi),
			 SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

/* ---- notifications ---- */

struct pc_seen {
	unsigned caps, meas;
	int dec;
	struct scmia_powercap_cap_changed cap;
	struct scmia_powercap_measurements_changed m;
};

static void on_cap(void *ctx, const struct scmia_notification *n)
{
	struct pc_seen *s = (struct pc_seen *)ctx;

	s->caps++;
	s->dec = scmia_powercap_cap_changed_decode(n, &s->cap);
}

static void on_meas(void *ctx, const struct scmia_notification *n)
{
	struct pc_seen *s = (struct pc_seen *)ctx;

	s->meas++;
	s->dec = scmia_powercap_measurements_changed_decode(n, &s->m);
}

static void test_powercap_notifications(void **state)
{
	struct pc_seen s, other;
	struct scmia_notifier nc = { .proto_id = PCAP, .evt_id = 0, .src_id = 1, .fn = on_cap,
				     .ctx = &s };
	struct scmia_notifier nm = { .proto_id = PCAP, .evt_id = 1, .src_id = 1, .fn = on_meas,
				     .ctx = &s };
	struct scmia_notifier no = { .proto_id = PCAP, .evt_id = 1, .src_id = 0, .fn = on_meas,
				     .ctx = &other };

	(void)state;
	memset(&s, 0, sizeof(s));
	memset(&other, 0, sizeof(other));
	(void)attach(0x20000u, 2);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &nc), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &nm), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &no), SCMIA_OK);
	/* POWERCAP_CAP_CHANGED: agent_id, domain_id, power_cap, pai. */
	assert_int_equal(fp_notify(&g_fp, PCAP, 0, BYTES(W(2), W(1), W(15000), W(1000))), SCMIA_OK);
	/* POWERCAP_MEASUREMENTS_CHANGED: agent_id, domain_id, power. */
	assert_int_equal(fp_notify(&g_fp, PCAP, 1, BYTES(W(0), W(1), W(26000))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 2);
	assert_int_equal(s.caps, 1);
	assert_int_equal(s.meas, 1);
	assert_int_equal(other.meas, 0);
	assert_int_equal(s.cap.agent_id, 2);
	assert_int_equal(s.cap.cap, 15000);
	assert_int_equal(s.cap.pai_us, 1000);
	assert_int_equal(s.m.power, 26000);
	assert_int_equal(fp_notify(&g_fp, PCAP, 0, BYTES(W(2), W(1), W(15000))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ETOOSHORT);
	assert_int_equal(fp_notify(&g_fp, PCAP, 1, BYTES(W(0), W(1))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ETOOSHORT);
	assert_int_equal(fp_notify(&g_fp, PCAP, 1, BYTES(W(0), W(0), W(5))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(other.meas, 1);
	assert_int_equal(other.m.power, 5);
}

/* Script a reply that is only @p status for message @p msg (parameters
 * not checked: their vectors are tested above). */
static void script_status(uint8_t proto, uint8_t msg, int32_t status)
{
	uint8_t r[4];

	scmia_put_le32(r, (uint32_t)status);
	fp_expect(&g_fp, proto, msg, NOBYTES, r, sizeof(r));
}

static int powercap_call(struct scmia_proto_handle *ph, unsigned i)
{
	struct scmia_powercap_dom_attrs a;
	uint32_t w;

	switch (i) {
	case 0:
		return scmia_powercap_domain_attributes(ph, 0, 1, &a);
	case 1:
		return scmia_powercap_cap_get(ph, 0, &w);
	case 2:
		return scmia_powercap_cap_set(ph, 0, 0, 1000, &w);
	case 3:
		return scmia_powercap_cap_set(ph, 0, SCMIA_POWERCAP_SET_F_ASYNC, 1000, &w);
	case 4:
		return scmia_powercap_pai_get(ph, 0, &w);
	case 5:
		return scmia_powercap_pai_set(ph, 0, 1000);
	case 6:
		return scmia_powercap_domain_name_get(ph, 0, a.name, sizeof(a.name));
	case 7:
		return scmia_powercap_measurements_get(ph, 0, &w, NULL);
	case 8:
		return scmia_powercap_cap_notify(ph, 0, 1);
	default:
		return scmia_powercap_measurements_notify(ph, 0, 1, 1, 2);
	}
}

static void test_powercap_status_every_call(void **state)
{
	static const uint8_t msgs[] = { 0x3, 0x4, 0x5, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb };
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	unsigned i;

	(void)state;
	for (i = 0; i < 22u; i++) {
		int32_t st = -(int32_t)(1u + i % 11u);

		script_status(PCAP, msgs[i % sizeof(msgs)], st);
		assert_int_equal(powercap_call(ph, i % sizeof(msgs)), SCMIA_E_SCMI_BASE + st);
	}
	assert_true(fp_ok(&g_fp));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_powercap_domain_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_powercap_domains_describe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_powercap_cap_get_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_powercap_pai_and_measurements, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_powercap_fastchannel_declared_only, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_powercap_notifications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_powercap_status_every_call, setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_powercap", tests, NULL, NULL);
}

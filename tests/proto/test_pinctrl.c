/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pin control protocol (0x19) helpers. Vectors written by hand from
 * DEN0056 §4.11 (Pin control protocol v1.0), cross-checked against
 * SCP-firmware module/scmi_pin_control and Linux arm_scmi/pinctrl.c (facts
 * only): attributes of pins, groups and functions, associations (16-bit
 * ids packed and padded, paged), settings get (one, all paged, function
 * only: flag in bits 19:18, selector in 17:16), settings configure
 * (function valid bit 10, count in 9:2, selector in 1:0), request,
 * release, names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/pinctrl.h"

#define PIN 0x19u
/* IN_USE (-11), DEN0056 §4.1.4. */
#define ST_IN_USE W(0xfffffff5u)

static struct fp g_fp;
static struct scmia_pinctrl_info g_info;

static int setup(void **state)
{
	(void)state;
	memset(&g_info, 0, sizeof(g_info));
	return fp_init(&g_fp);
}

static int teardown(void **state)
{
	(void)state;
	fp_fini(&g_fp);
	return 0;
}

/* PROTOCOL_ATTRIBUTES: attributes_low (groups 31:16, pins 15:0),
 * attributes_high (functions 15:0). */
static struct scmia_proto_handle *attach(void)
{
	struct scmia_proto_handle *ph = NULL;
	uint8_t a[8];

	scmia_put_le32(a, 0x00040020u);
	scmia_put_le32(a + 4, 0xffff0003u);
	assert_int_equal(fp_attach(&g_fp, &scmia_pinctrl_desc, &g_info, 0x10000u, a, sizeof(a),
				   &ph),
			 SCMIA_OK);
	return ph;
}

#define NAME16(a, b, c, d) a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

static void test_pinctrl_protocol_attributes(void **state)
{
	struct scmia_proto_handle *ph = attach();
	struct scmia_pinctrl_info pi;

	(void)state;
	assert_int_equal(g_info.n_pins, 32);
	assert_int_equal(g_info.n_groups, 4);
	assert_int_equal(g_info.n_functions, 3);
	assert_int_equal(scmia_pinctrl_protocol_attributes(ph, &pi), SCMIA_OK);
	assert_int_equal(pi.n_functions, 3);
	assert_true(fp_ok(&g_fp));
	/* PROTOCOL_ATTRIBUTES of 4 bytes: too short for this protocol. */
	fp_fini(&g_fp);
	assert_int_equal(fp_init(&g_fp), 0);
	{
		uint8_t a[4] = { 0x20, 0, 4, 0 };

		assert_int_equal(fp_attach(&g_fp, &scmia_pinctrl_desc, NULL, 0x10000u, a, 4, &ph),
				 SCMIA_ETOOSHORT);
		assert_int_equal(scmia_pinctrl_protocol_attributes(ph, &pi), SCMIA_EINVAL);
	}
}

static void test_pinctrl_attributes(void **state)
{
	struct scmia_proto_handle *ph = attach();
	struct scmia_pinctrl_attrs a;
	uint8_t nr[4 + 4 + 64];

	(void)state;
	/* PINCTRL_ATTRIBUTES: in identifier, flags (selector 1:0: 0 pin, 1
	 * group, 2 function); out attributes (31 extended name, 15:0
	 * associated elements), name[16]. */
	fp_expect(&g_fp, PIN, 0x3, BYTES(W(5), W(0)), BYTES(ST_OK, W(0), NAME16('p', 'a', '5', 0)));
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_PIN, 5, 1, &a), SCMIA_OK);
	assert_int_equal(a.n_elems, 0);
	assert_string_equal(a.name, "pa5");
	fp_expect(&g_fp, PIN, 0x3, BYTES(W(1), W(1)),
		  BYTES(ST_OK, W(0x80000004u), NAME16('u', 'a', 'r', 't')));
	/* PINCTRL_NAME_GET: in identifier, flags (selector); out flags,
	 * name[64]. */
	memset(nr, 0, sizeof(nr));
	memcpy(nr + 8, "uart1-rx-tx-rts-cts", 19);
	fp_expect(&g_fp, PIN, 0x9, BYTES(W(1), W(1)), nr, sizeof(nr));
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_GROUP, 1, 1, &a), SCMIA_OK);
	assert_int_equal(a.n_elems, 4);
	assert_string_equal(a.name, "uart1-rx-tx-rts-cts");
	fp_expect(&g_fp, PIN, 0x3, BYTES(W(2), W(2)), BYTES(ST_OK, W(2), NAME16('s', 'p', 'i', 0)));
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_FUNCTION, 2, 1, &a), SCMIA_OK);
	assert_int_equal(a.n_elems, 2);
	fp_expect(&g_fp, PIN, 0x3, BYTES(W(2), W(2)), BYTES(ST_OK, W(2), 's', 'p', 'i', 0));
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_FUNCTION, 2, 1, &a),
			 SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PIN, 0x3, BYTES(W(99), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_PIN, 99, 1, &a),
			 SCMIA_E_SCMI_NOT_FOUND);
	fp_expect(&g_fp, PIN, 0x9, BYTES(W(3), W(0)), nr, 4 + 4 + 10);
	{
		char name[8];

		assert_int_equal(scmia_pinctrl_name_get(ph, SCMIA_PINCTRL_PIN, 3, name,
							sizeof(name)),
				 SCMIA_ETOOSHORT);
	}
	assert_int_equal(scmia_pinctrl_attributes(ph, 3, 0, 1, &a), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_pinctrl_list_associations(void **state)
{
	struct scmia_proto_handle *ph = attach();
	uint16_t ids[8];
	uint32_t n = 0;

	(void)state;
	/* PINCTRL_LIST_ASSOCIATIONS: in identifier, flags (selector),
	 * index; out flags (remaining 31:16, returned 11:0), 16-bit ids
	 * packed, padded to 4 bytes. Page 1: three pins + 2 bytes of
	 * padding, two remaining. */
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(1), W(1), W(0)),
		  BYTES(ST_OK, W(0x00020003u), 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x00, 0x00));
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(1), W(1), W(3)),
		  BYTES(ST_OK, W(0x00000002u), 0x07, 0x00, 0x00, 0x01));
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, 1, ids, 8, &n),
			 SCMIA_OK);
	assert_int_equal(n, 5);
	assert_int_equal(ids[0], 4);
	assert_int_equal(ids[2], 6);
	assert_int_equal(ids[3], 7);
	assert_int_equal(ids[4], 0x100);
	/* Groups of a function. */
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(0), W(2), W(0)),
		  BYTES(ST_OK, W(0x00000002u), 0x01, 0x00, 0x03, 0x00));
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_FUNCTION, 0, ids, 8, &n),
			 SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[1], 3);
	/* The padding is part of the layout: a page without it is short. */
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(1), W(1), W(0)),
		  BYTES(ST_OK, W(0x00000001u), 0x04, 0x00));
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, 1, ids, 8, &n),
			 SCMIA_ETOOSHORT);
	/* Zero returned with ids remaining. */
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(1), W(1), W(0)), BYTES(ST_OK, W(0x00040000u)));
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, 1, ids, 8, &n),
			 SCMIA_EMALFORMED);
	/* Remaining grows. */
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(1), W(1), W(0)),
		  BYTES(ST_OK, W(0x00010001u), 0x04, 0x00, 0, 0));
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(1), W(1), W(1)),
		  BYTES(ST_OK, W(0x00020001u), 0x05, 0x00, 0, 0));
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, 1, ids, 8, &n),
			 SCMIA_EMALFORMED);
	/* A page larger than the buffer. */
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(1), W(1), W(0)),
		  BYTES(ST_OK, W(0x00000003u), 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0, 0));
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, 1, ids, 2, &n),
			 SCMIA_ENOSPC);
	assert_int_equal(n, 2);
	fp_expect(&g_fp, PIN, 0x4, BYTES(W(1), W(1), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, 1, ids, 8, &n),
			 SCMIA_E_SCMI_NOT_FOUND);
	/* Pins have no associations. */
	assert_int_equal(scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_PIN, 1, ids, 8, &n),
			 SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_pinctrl_settings_get(void **state)
{
	struct scmia_proto_handle *ph = attach();
	struct scmia_pinctrl_config c[4];
	uint32_t v = 0, fn = 0, n = 0;

	(void)state;
	/* PINCTRL_SETTINGS_GET, one configuration: in identifier,
	 * attributes (flag 19:18 = 0, selector 17:16, type 7:0 = 18
	 * OUTPUT_VALUE); out function_selected, num_configs (remaining 31:24,
	 * returned 7:0), configs[] of (type, value). */
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(5), W(0x00000012u)),
		  BYTES(ST_OK, W(0xffffffffu), W(1), W(18), W(1)));
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_PIN, 5,
							SCMIA_PINCTRL_CONF_OUTPUT_VALUE, &v, &fn),
			 SCMIA_OK);
	assert_int_equal(v, 1);
	assert_int_equal(fn, SCMIA_PINCTRL_NO_FUNCTION);
	/* Group selector: bits 17:16 = 1; type 10 DRIVE_STRENGTH. */
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(2), W(0x0001000au)),
		  BYTES(ST_OK, W(1), W(1), W(10), W(8)));
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_GROUP, 2,
							SCMIA_PINCTRL_CONF_DRIVE_STRENGTH, &v, &fn),
			 SCMIA_OK);
	assert_int_equal(v, 8);
	assert_int_equal(fn, 1);
	/* Another type in the reply; no configuration; cut short. */
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(2), W(0x0001000au)),
		  BYTES(ST_OK, W(1), W(1), W(11), W(8)));
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_GROUP, 2, 10, &v, NULL),
			 SCMIA_EMALFORMED);
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(2), W(0x0001000au)), BYTES(ST_OK, W(1), W(0)));
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_GROUP, 2, 10, &v, NULL),
			 SCMIA_EMALFORMED);
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(2), W(0x0001000au)), BYTES(ST_OK, W(1), W(1), W(10)));
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_GROUP, 2, 10, &v, NULL),
			 SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(2), W(0x0001000au)), BYTES(ST_OK, W(1)));
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_GROUP, 2, 10, &v, NULL),
			 SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(2), W(0x0001000au)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_GROUP, 2, 10, &v, NULL),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_FUNCTION, 2, 10, &v,
							NULL),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_PIN, 2, 256, &v, NULL),
			 SCMIA_EINVAL);

	/* All configurations (flag 1), paged by the skip field 15:8. */
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(5), W(0x00040000u)),
		  BYTES(ST_OK, W(2), W(0x01000002u), W(4), W(1), W(0x10a), W(8)));
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(5), W(0x00040200u)),
		  BYTES(ST_OK, W(2), W(0x00000001u), W(18), W(0)));
	assert_int_equal(scmia_pinctrl_settings_get(ph, SCMIA_PINCTRL_PIN, 5, &fn, c, 4, &n),
			 SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(fn, 2);
	assert_int_equal(c[0].type, SCMIA_PINCTRL_CONF_BIAS_PULL_UP);
	assert_int_equal(c[1].type, 10); /* type is bits 7:0 */
	assert_int_equal(c[1].value, 8);
	assert_int_equal(c[2].type, 18);
	/* Zero returned with configurations remaining. */
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(5), W(0x00050000u)), BYTES(ST_OK, W(2), W(0x02000000u)));
	assert_int_equal(scmia_pinctrl_settings_get(ph, SCMIA_PINCTRL_GROUP, 5, &fn, c, 4, &n),
			 SCMIA_EMALFORMED);
	/* More than room. */
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(5), W(0x00040000u)),
		  BYTES(ST_OK, W(2), W(0x00000002u), W(4), W(1), W(10), W(8)));
	assert_int_equal(scmia_pinctrl_settings_get(ph, SCMIA_PINCTRL_PIN, 5, &fn, c, 1, &n),
			 SCMIA_ENOSPC);
	assert_int_equal(n, 1);
	/* Page shorter than its configurations; header cut. */
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(5), W(0x00040000u)),
		  BYTES(ST_OK, W(2), W(0x00000002u), W(4), W(1), W(10)));
	assert_int_equal(scmia_pinctrl_settings_get(ph, SCMIA_PINCTRL_PIN, 5, &fn, c, 4, &n),
			 SCMIA_ETOOSHORT);
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(5), W(0x00040000u)), BYTES(ST_OK, W(2)));
	assert_int_equal(scmia_pinctrl_settings_get(ph, SCMIA_PINCTRL_PIN, 5, &fn, c, 4, &n),
			 SCMIA_ETOOSHORT);

	/* The selected function only (flag 2). */
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(2), W(0x00090000u)), BYTES(ST_OK, W(1), W(0)));
	assert_int_equal(scmia_pinctrl_function_get(ph, SCMIA_PINCTRL_GROUP, 2, &fn), SCMIA_OK);
	assert_int_equal(fn, 1);
	fp_expect(&g_fp, PIN, 0x5, BYTES(W(2), W(0x00080000u)), BYTES(ST_OK, W(1)));
	assert_int_equal(scmia_pinctrl_function_get(ph, SCMIA_PINCTRL_PIN, 2, &fn),
			 SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_pinctrl_settings_configure(void **state)
{
	struct scmia_proto_handle *ph = attach();
	struct scmia_pinctrl_config c[12];
	uint8_t tx[12 + 8 * 11];
	unsigned i;

	(void)state;
	/* PINCTRL_SETTINGS_CONFIGURE: in identifier, function_id,
	 * attributes (10 function valid, 9:2 configs, 1:0 selector),
	 * configs[] of (type, value). Function 2 on group 1 only: 0x401. */
	fp_expect(&g_fp, PIN, 0x6, BYTES(W(1), W(2), W(0x00000401u)), BYTES(ST_OK));
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_GROUP, 1, 2, NULL, 0),
			 SCMIA_OK);
	/* Two configurations on pin 5, no function: bit 10 clear,
	 * function_id 0xffffffff. */
	c[0].type = SCMIA_PINCTRL_CONF_BIAS_PULL_UP;
	c[0].value = 0;
	c[1].type = SCMIA_PINCTRL_CONF_OUTPUT_VALUE;
	c[1].value = 1;
	fp_expect(&g_fp, PIN, 0x6,
		  BYTES(W(5), W(0xffffffffu), W(0x00000008u), W(4), W(0), W(18), W(1)),
		  BYTES(ST_OK));
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_PIN, 5,
							  SCMIA_PINCTRL_NO_FUNCTION, c, 2),
			 SCMIA_OK);
	/* Function and one configuration together. */
	fp_expect(&g_fp, PIN, 0x6, BYTES(W(5), W(1), W(0x00000404u), W(4), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_PIN, 5, 1, c, 1),
			 SCMIA_OK);
	/* Twelve configurations: 11 with the function, then 1 without. */
	for (i = 0; i < 12; i++) {
		c[i].type = SCMIA_PINCTRL_CONF_OEM_FIRST + i;
		c[i].value = 100 + i;
	}
	scmia_put_le32(tx, 1);
	scmia_put_le32(tx + 4, 3);
	scmia_put_le32(tx + 8, 0x400u | (11u << 2) | 1u);
	for (i = 0; i < 11; i++) {
		scmia_put_le32(tx + 12 + 8 * i, 192 + i);
		scmia_put_le32(tx + 16 + 8 * i, 100 + i);
	}
	fp_expect(&g_fp, PIN, 0x6, tx, sizeof(tx), BYTES(ST_OK));
	fp_expect(&g_fp, PIN, 0x6, BYTES(W(1), W(0xffffffffu), W(0x00000005u), W(203), W(111)),
		  BYTES(ST_OK));
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_GROUP, 1, 3, c, 12),
			 SCMIA_OK);
	/* The first refusal stops the rest. */
	fp_expect(&g_fp, PIN, 0x6, tx, sizeof(tx), BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_GROUP, 1, 3, c, 12),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	/* Nothing to do, a type above 255, a function selector. */
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_PIN, 5,
							  SCMIA_PINCTRL_NO_FUNCTION, NULL, 0),
			 SCMIA_EINVAL);
	c[0].type = 256;
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_PIN, 5, 1, c, 1),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_FUNCTION, 5, 1, NULL,
							  0),
			 SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_pinctrl_request_release(void **state)
{
	struct scmia_proto_handle *ph = attach();

	(void)state;
	/* PINCTRL_REQUEST / PINCTRL_RELEASE: in identifier, flags
	 * (selector 1:0). */
	fp_expect(&g_fp, PIN, 0x7, BYTES(W(5), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_pinctrl_request(ph, SCMIA_PINCTRL_PIN, 5), SCMIA_OK);
	fp_expect(&g_fp, PIN, 0x7, BYTES(W(1), W(1)), BYTES(ST_IN_USE));
	assert_int_equal(scmia_pinctrl_request(ph, SCMIA_PINCTRL_GROUP, 1), SCMIA_E_SCMI_IN_USE);
	fp_expect(&g_fp, PIN, 0x8, BYTES(W(5), W(0)), BYTES(ST_OK));
	assert_int_equal(scmia_pinctrl_release(ph, SCMIA_PINCTRL_PIN, 5), SCMIA_OK);
	fp_expect(&g_fp, PIN, 0x8, BYTES(W(5), W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_pinctrl_release(ph, SCMIA_PINCTRL_PIN, 5), SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_pinctrl_request(ph, SCMIA_PINCTRL_FUNCTION, 5), SCMIA_EINVAL);
	assert_int_equal(scmia_pinctrl_release(ph, 3, 5), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

/* Script a reply that is only @p status for message @p msg (parameters
 * not checked: their vectors are tested above). */
static void script_status(uint8_t proto, uint8_t msg, int32_t status)
{
	uint8_t r[4];

	scmia_put_le32(r, (uint32_t)status);
	fp_expect(&g_fp, proto, msg, NOBYTES, r, sizeof(r));
}

static int pinctrl_call(struct scmia_proto_handle *ph, unsigned i)
{
	struct scmia_pinctrl_attrs a;
	struct scmia_pinctrl_config c[1] = { { SCMIA_PINCTRL_CONF_OUTPUT_VALUE, 1 } };
	uint16_t ids[2];
	uint32_t w, v;

	switch (i) {
	case 0:
		return scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_GROUP, 0, 1, &a);
	case 1:
		return scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, 0, ids, 2, &w);
	case 2:
		return scmia_pinctrl_settings_get_one(ph, SCMIA_PINCTRL_PIN, 0, 18, &v, NULL);
	case 3:
		return scmia_pinctrl_settings_get(ph, SCMIA_PINCTRL_PIN, 0, &v, c, 1, &w);
	case 4:
		return scmia_pinctrl_function_get(ph, SCMIA_PINCTRL_PIN, 0, &v);
	case 5:
		return scmia_pinctrl_settings_configure(ph, SCMIA_PINCTRL_PIN, 0, 1, c, 1);
	case 6:
		return scmia_pinctrl_request(ph, SCMIA_PINCTRL_PIN, 0);
	case 7:
		return scmia_pinctrl_release(ph, SCMIA_PINCTRL_PIN, 0);
	default:
		return scmia_pinctrl_name_get(ph, SCMIA_PINCTRL_PIN, 0, a.name, sizeof(a.name));
	}
}

static void test_pinctrl_status_every_call(void **state)
{
	static const uint8_t msgs[] = { 0x3, 0x4, 0x5, 0x5, 0x5, 0x6, 0x7, 0x8, 0x9 };
	struct scmia_proto_handle *ph = attach();
	unsigned i;

	(void)state;
	for (i = 0; i < 22u; i++) {
		int32_t st = -(int32_t)(1u + i % 11u);

		script_status(PIN, msgs[i % sizeof(msgs)], st);
		assert_int_equal(pinctrl_call(ph, i % sizeof(msgs)), SCMIA_E_SCMI_BASE + st);
	}
	assert_true(fp_ok(&g_fp));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pinctrl_protocol_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinctrl_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinctrl_list_associations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinctrl_settings_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinctrl_settings_configure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinctrl_request_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinctrl_status_every_call, setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_pinctrl", tests, NULL, NULL);
}

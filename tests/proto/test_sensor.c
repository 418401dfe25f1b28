/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sensor management protocol (0x15) helpers. Vectors written by hand from
 * DEN0056 §4.7 (Sensor protocol v1.0, v2.0 and v3.0 layouts),
 * cross-checked against SCP-firmware module/scmi_sensor and Linux
 * arm_scmi/sensors.c (facts only): descriptors (28 bytes, 52 with extended
 * attributes), readings (v1: one value; v2: value + timestamp per axis),
 * asynchronous readings with SENSOR_READING_COMPLETE, axes, names,
 * intervals, configuration, trip points, notifications.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plat.h"
#include "scmia/proto/sensor.h"

#define SNS 0x15u

static struct fp g_fp;
static struct scmia_sensor_info g_info;

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

/* PROTOCOL_ATTRIBUTES: attributes (max pending async 23:16, sensors
 * 15:0), sensor_reg_address low, high, sensor_reg_len. */
static struct scmia_proto_handle *attach(uint32_t version, uint32_t attrs)
{
	struct scmia_proto_handle *ph = NULL;
	uint8_t a[16];

	scmia_put_le32(a, attrs);
	scmia_put_le32(a + 4, 0x4000u);
	scmia_put_le32(a + 8, 0x1u);
	scmia_put_le32(a + 12, 0x200u);
	assert_int_equal(fp_attach(&g_fp, &scmia_sensor_desc, &g_info, version, a, sizeof(a), &ph),
			 SCMIA_OK);
	return ph;
}

static void reattach_fresh(void)
{
	fp_fini(&g_fp);
	assert_int_equal(fp_init(&g_fp), 0);
}

#define NAME16(a, b, c, d) a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

static void test_sensor_protocol_attributes(void **state)
{
	struct scmia_proto_handle *ph;
	struct scmia_sensor_info si;

	(void)state;
	ph = attach(0x30001u, 0x00020004u);
	assert_int_equal(g_info.n_sensors, 4);
	assert_int_equal(g_info.max_async, 2);
	assert_true(g_info.reg_addr == 0x100004000ull);
	assert_int_equal(g_info.reg_len, 0x200);
	assert_int_equal(scmia_sensor_num_sensors(ph), 4);
	assert_int_equal(scmia_sensor_protocol_attributes(ph, &si), SCMIA_OK);
	assert_int_equal(si.n_sensors, 4);
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_descriptions_v1_paged(void **state)
{
	struct scmia_proto_handle *ph = attach(0x10000u, 3);
	struct scmia_sensor_desc d[4];
	uint32_t n = 0;

	(void)state;
	/* SENSOR_DESCRIPTION_GET v1: in desc_index; out num_sensor_flags
	 * (remaining 31:16, returned 11:0), descriptors of sensor_id,
	 * attributes_low (31 async, 7:0 trip points), attributes_high
	 * (15:11 scale, 7:0 type), name[16]. Bit 8 of attributes_low is
	 * reserved in v1: the descriptor stays 28 bytes. */
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x00010002u), W(0), W(0x80000102u), W(0x0000e802u),
			NAME16('s', 'o', 'c', 0), W(1), W(0x40000000u), W(0x00000004u),
			NAME16('v', 'i', 'n', 0)));
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(2)),
		  BYTES(ST_OK, W(0x00000001u), W(7), W(0), W(0x0000000du),
			NAME16('p', 'w', 'r', 0)));
	assert_int_equal(scmia_sensor_description_get(ph, d, 4, 1, &n), SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(d[0].id, 0);
	assert_int_equal(d[0].attr_low, 0x80000002u); /* bit 8 reserved in v1 */
	assert_int_equal(d[0].n_trip_points, 2);
	assert_int_equal(d[0].type, 2);
	assert_int_equal(d[0].scale, -3);
	assert_int_equal(d[0].has_ext, 0);
	assert_string_equal(d[0].name, "soc");
	assert_int_equal(d[1].attr_low, 0); /* bit 30 reserved in v1 */
	assert_string_equal(d[1].name, "vin");
	assert_int_equal(d[2].id, 7);
	assert_int_equal(d[2].type, 0xd);
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_descriptions_v2_ext_attrs(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	struct scmia_sensor_desc d[2];
	uint32_t n = 0;

	(void)state;
	/* v2: descriptor 0 has extended attributes (attributes_low bit 8):
	 * + power, resolution (31:27 exponent, 26:0 value), min_range low,
	 * high, max_range low, high = 52 bytes; descriptor 1 has none = 28.
	 * attributes_low: 31 async, 30 continuous update, 14:10 timestamp
	 * exponent, 9 timestamps, 8 extended; attributes_high: 31:27 update
	 * base, 26:22 update exponent, 21:16 axes, 15:11 scale, 8 multi-axis,
	 * 7:0 type. */
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x00000002u), W(0), W(0xc0001b01u), W(0x2fc3e902u),
			NAME16('t', 'm', 'p', 0), W(1500), W(0xf000000au), W(0xffff63c0u),
			W(0xffffffffu), W(125000), W(0), W(1), W(0x20000000u), W(0x00000005u),
			NAME16('a', 'c', 'c', 0)));
	assert_int_equal(scmia_sensor_description_get(ph, d, 2, 1, &n), SCMIA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].attr_low, 0xc0001b01u);
	assert_int_equal(d[0].n_trip_points, 1);
	assert_int_equal(d[0].tstamp_exp, 6);
	assert_int_equal(d[0].type, 2);
	assert_int_equal(d[0].scale, -3);
	assert_int_equal(d[0].n_axes, 3);
	assert_int_equal(d[0].update_base, 5);
	assert_int_equal(d[0].update_exp, -1);
	assert_int_equal(d[0].has_ext, 1);
	assert_int_equal(d[0].power_uw, 1500);
	assert_int_equal(d[0].resolution, 10);
	assert_int_equal(d[0].resolution_exp, -2);
	assert_true(d[0].min_range == -40000);
	assert_true(d[0].max_range == 125000);
	/* Bit 29 (extended name) is reserved in v2: no SENSOR_NAME_GET. */
	assert_int_equal(d[1].id, 1);
	assert_int_equal(d[1].attr_low, 0);
	assert_int_equal(d[1].has_ext, 0);
	assert_string_equal(d[1].name, "acc");
	/* Extended attributes announced but cut short. */
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x00000001u), W(0), W(0x00000100u), W(0), NAME16('t', 0, 0, 0),
			W(1), W(2)));
	assert_int_equal(scmia_sensor_description_get(ph, d, 2, 0, &n), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_descriptions_v3_names(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_sensor_desc d[2];
	uint8_t nr[4 + 4 + 64];
	uint32_t n = 0;

	(void)state;
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x00000002u), W(0), W(0x20000000u), W(2), NAME16('c', 'p', 'u', 0),
			W(1), W(0x20000000u), W(2), NAME16('g', 'p', 'u', 0)));
	/* SENSOR_NAME_GET: in sensor_id; out flags, name[64]. */
	memset(nr, 0, sizeof(nr));
	memcpy(nr + 8, "cpu-cluster-0-junction", 22);
	fp_expect(&g_fp, SNS, 0xc, BYTES(W(0)), nr, sizeof(nr));
	/* The second name is refused: its short name stays. */
	fp_expect(&g_fp, SNS, 0xc, BYTES(W(1)), BYTES(ST_DENIED));
	assert_int_equal(scmia_sensor_description_get(ph, d, 2, 1, &n), SCMIA_OK);
	assert_string_equal(d[0].name, "cpu-cluster-0-junction");
	assert_string_equal(d[1].name, "gpu");
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_descriptions_paging_faults(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 3);
	struct scmia_sensor_desc d[1];
	uint32_t n = 0;

	(void)state;
	/* Zero returned with three remaining. */
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)), BYTES(ST_OK, W(0x00030000u)));
	assert_int_equal(scmia_sensor_description_get(ph, d, 1, 0, &n), SCMIA_EMALFORMED);
	/* Remaining grows. */
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x00010001u), W(0), W(0), W(0), NAME16('a', 0, 0, 0)));
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(1)),
		  BYTES(ST_OK, W(0x00050001u), W(1), W(0), W(0), NAME16('b', 0, 0, 0)));
	{
		struct scmia_sensor_desc d2[4];

		assert_int_equal(scmia_sensor_description_get(ph, d2, 4, 0, &n), SCMIA_EMALFORMED);
	}
	/* A page larger than the buffer. */
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x00000002u), W(0), W(0), W(0), NAME16('a', 0, 0, 0), W(1), W(0),
			W(0), NAME16('b', 0, 0, 0)));
	assert_int_equal(scmia_sensor_description_get(ph, d, 1, 0, &n), SCMIA_ENOSPC);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].name, "a");
	/* Truncated descriptor. */
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)),
		  BYTES(ST_OK, W(0x00000001u), W(0), W(0), W(0), 'a', 0));
	assert_int_equal(scmia_sensor_description_get(ph, d, 1, 0, &n), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, SNS, 0x3, BYTES(W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_sensor_description_get(ph, d, 1, 0, &n), SCMIA_E_SCMI_DENIED);
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_reading_v1(void **state)
{
	struct scmia_proto_handle *ph = attach(0x10000u, 0x00010002u);
	struct scmia_sensor_reading r[2];
	struct fp_step *s;

	(void)state;
	/* SENSOR_READING_GET v1: in sensor_id, flags (bit 0 async); out
	 * sensor_value low, high. */
	fp_expect(&g_fp, SNS, 0x6, BYTES(W(1), W(0)), BYTES(ST_OK, W(0x2a), W(0x1)));
	assert_int_equal(scmia_sensor_reading_get(ph, 1, 0, r, 1), SCMIA_OK);
	assert_true(r[0].value == 0x10000002a);
	assert_true(r[0].timestamp == 0);
	fp_expect(&g_fp, SNS, 0x6, BYTES(W(1), W(0)), BYTES(ST_OK, W(0x2a)));
	assert_int_equal(scmia_sensor_reading_get(ph, 1, 0, r, 1), SCMIA_ETOOSHORT);
	/* Asynchronous: SENSOR_READING_COMPLETE: status, sensor_id, value
	 * low, high. */
	s = fp_expect(&g_fp, SNS, 0x6, BYTES(W(1), W(1)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(1), W(0xfffffff6u), W(0xffffffffu)), 0);
	assert_int_equal(scmia_sensor_reading_get(ph, 1, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_OK);
	assert_true(r[0].value == -10);
	/* v1 has one value: asking for two axes is a caller error. */
	assert_int_equal(scmia_sensor_reading_get(ph, 1, 0, r, 2), SCMIA_EINVAL);
	assert_int_equal(scmia_sensor_reading_get(ph, 1, 0x2, r, 1), SCMIA_EINVAL);
	/* v1 has no axes, intervals, configuration, continuous updates. */
	{
		struct scmia_sensor_axis ax[1];
		struct scmia_sensor_intervals iv;
		uint32_t cfg;

		assert_int_equal(scmia_sensor_axis_description_get(ph, 1, ax, 1, 0, NULL),
				 SCMIA_ENOTSUP);
		assert_int_equal(scmia_sensor_list_update_intervals(ph, 1, NULL, 0, &iv),
				 SCMIA_ENOTSUP);
		assert_int_equal(scmia_sensor_config_get(ph, 1, &cfg), SCMIA_ENOTSUP);
		assert_int_equal(scmia_sensor_config_set(ph, 1, 1), SCMIA_ENOTSUP);
		assert_int_equal(scmia_sensor_continuous_update_notify(ph, 1, 1), SCMIA_ENOTSUP);
	}
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_reading_v2(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 0x00010002u);
	struct scmia_sensor_reading r[3];
	struct fp_step *s;

	(void)state;
	/* SENSOR_READING_GET v2: out readings[] of value low, high,
	 * timestamp low, high: one for a plain sensor. */
	fp_expect(&g_fp, SNS, 0x6, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(45000), W(0), W(0x89abcdefu), W(0x01234567u)));
	assert_int_equal(scmia_sensor_reading_get(ph, 0, 0, r, 1), SCMIA_OK);
	assert_true(r[0].value == 45000);
	assert_true(r[0].timestamp == 0x0123456789abcdefull);
	/* The v1 layout (8 bytes) is too short for v2. */
	fp_expect(&g_fp, SNS, 0x6, BYTES(W(0), W(0)), BYTES(ST_OK, W(45000), W(0)));
	assert_int_equal(scmia_sensor_reading_get(ph, 0, 0, r, 1), SCMIA_ETOOSHORT);
	/* Three axes. */
	fp_expect(&g_fp, SNS, 0x6, BYTES(W(1), W(0)),
		  BYTES(ST_OK, W(1), W(0), W(10), W(0), W(0xfffffffeu), W(0xffffffffu), W(10), W(0),
			W(3), W(0), W(10), W(0)));
	assert_int_equal(scmia_sensor_reading_get(ph, 1, 0, r, 3), SCMIA_OK);
	assert_true(r[1].value == -2);
	assert_true(r[2].value == 3 && r[2].timestamp == 10);
	/* Two axes announced by the caller, one sent. */
	fp_expect(&g_fp, SNS, 0x6, BYTES(W(1), W(0)), BYTES(ST_OK, W(1), W(0), W(10), W(0)));
	assert_int_equal(scmia_sensor_reading_get(ph, 1, 0, r, 2), SCMIA_ETOOSHORT);
	/* Asynchronous: SENSOR_READING_COMPLETE: status, sensor_id,
	 * readings[]. Delivered before the response, too. */
	s = fp_expect(&g_fp, SNS, 0x6, BYTES(W(2), W(1)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(2), W(77), W(0), W(5), W(0)), 0);
	assert_int_equal(scmia_sensor_reading_get(ph, 2, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_OK);
	assert_true(r[0].value == 77 && r[0].timestamp == 5);
	s = fp_expect(&g_fp, SNS, 0x6, BYTES(W(2), W(1)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(2), W(78), W(0), W(6), W(0)), 1);
	assert_int_equal(scmia_sensor_reading_get(ph, 2, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_OK);
	assert_true(r[0].value == 78);
	/* Completion naming another sensor. */
	s = fp_expect(&g_fp, SNS, 0x6, BYTES(W(2), W(1)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(3), W(78), W(0), W(6), W(0)), 0);
	assert_int_equal(scmia_sensor_reading_get(ph, 2, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_EMALFORMED);
	/* Completion with an error status; immediate refusal. */
	s = fp_expect(&g_fp, SNS, 0x6, BYTES(W(2), W(1)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_GENERIC_ERROR, W(2)), 0);
	assert_int_equal(scmia_sensor_reading_get(ph, 2, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_E_SCMI_GENERIC_ERROR);
	fp_expect(&g_fp, SNS, 0x6, BYTES(W(2), W(1)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_sensor_reading_get(ph, 2, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	/* Completion cut inside the reading. */
	s = fp_expect(&g_fp, SNS, 0x6, BYTES(W(2), W(1)), BYTES(ST_OK));
	fp_dresp(s, BYTES(ST_OK, W(2), W(78), W(0)), 0);
	assert_int_equal(scmia_sensor_reading_get(ph, 2, SCMIA_SENSOR_READ_F_ASYNC, r, 1),
			 SCMIA_ETOOSHORT);
	assert_int_equal(scmia_sensor_reading_get(ph, 2, 0, r, 0), SCMIA_EINVAL);
	assert_int_equal(scmia_sensor_reading_get(ph, 2, 0, r, 64), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_trip_points(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);

	(void)state;
	/* SENSOR_TRIP_POINT_NOTIFY: in sensor_id, sensor_event_control (bit 0). */
	fp_expect(&g_fp, SNS, 0x4, BYTES(W(1), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_sensor_trip_point_notify(ph, 1, 1), SCMIA_OK);
	fp_expect(&g_fp, SNS, 0x4, BYTES(W(1), W(0)), BYTES(ST_NOT_FOUND));
	assert_int_equal(scmia_sensor_trip_point_notify(ph, 1, 0), SCMIA_E_SCMI_NOT_FOUND);
	/* SENSOR_TRIP_POINT_CONFIG: in sensor_id, trip_point_ev_ctrl (id
	 * 11:4, control 1:0), trip_point_val low, high (signed). */
	fp_expect(&g_fp, SNS, 0x5, BYTES(W(1), W(0x23), W(0xfffffffbu), W(0xffffffffu)),
		  BYTES(ST_OK));
	assert_int_equal(scmia_sensor_trip_point_config(ph, 1, 2, SCMIA_SENSOR_TP_BOTH, -5),
			 SCMIA_OK);
	fp_expect(&g_fp, SNS, 0x5, BYTES(W(1), W(0xff1), W(85000), W(0)),
		  BYTES(ST_INVALID_PARAMETERS));
	assert_int_equal(scmia_sensor_trip_point_config(ph, 1, 255, SCMIA_SENSOR_TP_POSITIVE,
							85000),
			 SCMIA_E_SCMI_INVALID_PARAMETERS);
	assert_int_equal(scmia_sensor_trip_point_config(ph, 1, 256, 1, 0), SCMIA_EINVAL);
	assert_int_equal(scmia_sensor_trip_point_config(ph, 1, 0, 4, 0), SCMIA_EINVAL);
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_axes(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_sensor_axis ax[4];
	uint8_t nr[4 + 4 + 2 * 68];
	uint32_t n = 0;

	(void)state;
	/* SENSOR_AXIS_DESCRIPTION_GET: in sensor_id, axis_desc_index; out
	 * num_axis_flags (remaining 31:26, returned 5:0), descriptors of
	 * axis_id, attributes_low (9 ext name, 8 ext attrs), attributes_high
	 * (15:11 scale, 7:0 type), name[16], and with bit 8: resolution,
	 * min_range low, high, max_range low, high (48 bytes). Page 1: axis 0
	 * extended, axis 1 plain; one remaining. */
	fp_expect(&g_fp, SNS, 0x7, BYTES(W(5), W(0)),
		  BYTES(ST_OK, W(0x04000002u), W(0), W(0x00000300u), W(0x0000f80bu),
			NAME16('x', 0, 0, 0), W(0x08000004u), W(0xfffffc18u), W(0xffffffffu),
			W(1000), W(0), W(1), W(0x00000200u), W(0x0000f80bu), NAME16('y', 0, 0, 0)));
	fp_expect(&g_fp, SNS, 0x7, BYTES(W(5), W(2)),
		  BYTES(ST_OK, W(0x00000001u), W(2), W(0), W(0x0000f80bu), NAME16('z', 0, 0, 0)));
	/* SENSOR_AXIS_NAME_GET: in sensor_id, axis_desc_index; out
	 * num_axis_flags, entries of axis_id, name[64]. */
	memset(nr, 0, sizeof(nr));
	scmia_put_le32(nr, 0);
	scmia_put_le32(nr + 4, 0x00000002u);
	scmia_put_le32(nr + 8, 0);
	memcpy(nr + 12, "accel-x-axis", 12);
	scmia_put_le32(nr + 76, 1);
	memcpy(nr + 80, "accel-y-axis", 12);
	fp_expect(&g_fp, SNS, 0xd, BYTES(W(5), W(0)), nr, sizeof(nr));
	assert_int_equal(scmia_sensor_axis_description_get(ph, 5, ax, 4, 1, &n), SCMIA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ax[0].id, 0);
	assert_int_equal(ax[0].attr_low, 0x300);
	assert_int_equal(ax[0].type, 0xb);
	assert_int_equal(ax[0].scale, -1);
	assert_int_equal(ax[0].has_ext, 1);
	assert_int_equal(ax[0].resolution, 4);
	assert_int_equal(ax[0].resolution_exp, 1);
	assert_true(ax[0].min_range == -1000 && ax[0].max_range == 1000);
	assert_string_equal(ax[0].name, "accel-x-axis");
	assert_string_equal(ax[1].name, "accel-y-axis");
	assert_int_equal(ax[1].has_ext, 0);
	assert_string_equal(ax[2].name, "z");
	/* A name for an axis that was not described. */
	scmia_put_le32(nr + 8, 9);
	fp_expect(&g_fp, SNS, 0xd, BYTES(W(5), W(0)), nr, sizeof(nr));
	assert_int_equal(scmia_sensor_axis_name_get(ph, 5, ax, 3), SCMIA_EMALFORMED);
	/* Zero returned with axes remaining. */
	fp_expect(&g_fp, SNS, 0x7, BYTES(W(5), W(0)), BYTES(ST_OK, W(0x08000000u)));
	assert_int_equal(scmia_sensor_axis_description_get(ph, 5, ax, 4, 0, &n), SCMIA_EMALFORMED);
	/* Truncated extended axis. */
	fp_expect(&g_fp, SNS, 0x7, BYTES(W(5), W(0)),
		  BYTES(ST_OK, W(0x00000001u), W(0), W(0x100), W(0), NAME16('x', 0, 0, 0), W(1)));
	assert_int_equal(scmia_sensor_axis_description_get(ph, 5, ax, 4, 0, &n), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, SNS, 0x7, BYTES(W(1), W(0)), BYTES(ST_NOT_SUPPORTED));
	assert_int_equal(scmia_sensor_axis_description_get(ph, 1, ax, 4, 0, &n),
			 SCMIA_E_SCMI_NOT_SUPPORTED);
	assert_true(fp_ok(&g_fp));
	reattach_fresh();
	/* v2: bit 9 is reserved, no SENSOR_AXIS_NAME_GET. */
	ph = attach(0x20000u, 2);
	fp_expect(&g_fp, SNS, 0x7, BYTES(W(5), W(0)),
		  BYTES(ST_OK, W(0x00000001u), W(0), W(0x200), W(0), NAME16('x', 0, 0, 0)));
	assert_int_equal(scmia_sensor_axis_description_get(ph, 5, ax, 4, 1, &n), SCMIA_OK);
	assert_int_equal(ax[0].attr_low, 0);
	assert_int_equal(scmia_sensor_axis_name_get(ph, 5, ax, 1), SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_update_intervals(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_sensor_intervals iv;
	uint32_t l[4];

	(void)state;
	/* SENSOR_LIST_UPDATE_INTERVALS: in sensor_id, index; out
	 * num_intervals_flags (remaining 31:16, bit 12 triplet, returned
	 * 11:0), intervals[] (seconds 20:5, exponent 4:0). */
	fp_expect(&g_fp, SNS, 0x8, BYTES(W(0), W(0)),
		  BYTES(ST_OK, W(0x00010002u), W((1u << 5) | 0x1du), W(1u << 5)));
	fp_expect(&g_fp, SNS, 0x8, BYTES(W(0), W(2)), BYTES(ST_OK, W(0x00000001u), W(10u << 5)));
	assert_int_equal(scmia_sensor_list_update_intervals(ph, 0, l, 4, &iv), SCMIA_OK);
	assert_int_equal(iv.range, 0);
	assert_int_equal(iv.count, 3);
	assert_int_equal(l[0], 0x3d);
	assert_int_equal(l[2], 10u << 5);
	fp_expect(&g_fp, SNS, 0x8, BYTES(W(1), W(0)),
		  BYTES(ST_OK, W(0x00001003u), W(0x3d), W(0x140), W(0x3d)));
	assert_int_equal(scmia_sensor_list_update_intervals(ph, 1, NULL, 0, &iv), SCMIA_OK);
	assert_int_equal(iv.range, 1);
	assert_int_equal(iv.min, 0x3d);
	assert_int_equal(iv.max, 0x140);
	fp_expect(&g_fp, SNS, 0x8, BYTES(W(1), W(0)),
		  BYTES(ST_OK, W(0x00001002u), W(0x3d), W(0x140)));
	assert_int_equal(scmia_sensor_list_update_intervals(ph, 1, NULL, 0, &iv), SCMIA_EMALFORMED);
	fp_expect(&g_fp, SNS, 0x8, BYTES(W(1), W(0)), BYTES(ST_OK, W(0x00000003u), W(1), W(2)));
	assert_int_equal(scmia_sensor_list_update_intervals(ph, 1, l, 4, &iv), SCMIA_ETOOSHORT);
	fp_expect(&g_fp, SNS, 0x8, BYTES(W(1), W(0)), BYTES(ST_OK, W(0x00020000u)));
	assert_int_equal(scmia_sensor_list_update_intervals(ph, 1, l, 4, &iv), SCMIA_EMALFORMED);
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_config(void **state)
{
	struct scmia_proto_handle *ph = attach(0x20000u, 2);
	uint32_t cfg = 0;
	char name[8];

	(void)state;
	/* SENSOR_CONFIG_GET: in sensor_id; out sensor_config (interval
	 * seconds 31:16, exponent 15:11, rounding 10:9, timestamp 1,
	 * enabled 0). */
	fp_expect(&g_fp, SNS, 0x9, BYTES(W(1)), BYTES(ST_OK, W(0x0005e803u)));
	assert_int_equal(scmia_sensor_config_get(ph, 1, &cfg), SCMIA_OK);
	assert_int_equal(cfg, 0x0005e803u);
	fp_expect(&g_fp, SNS, 0x9, BYTES(W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_sensor_config_get(ph, 1, &cfg), SCMIA_ETOOSHORT);
	/* SENSOR_CONFIG_SET: in sensor_id, sensor_config. 5 x 10^-3 s,
	 * round up, timestamps, enabled. */
	fp_expect(&g_fp, SNS, 0xa, BYTES(W(1), W(0x0005ea03u)), BYTES(ST_OK));
	assert_int_equal(scmia_sensor_config_set(ph, 1,
						 SCMIA_SENSOR_CFG_INTERVAL(5, -3) |
							 SCMIA_SENSOR_CFG_ROUND_UP |
							 SCMIA_SENSOR_CFG_TIMESTAMP |
							 SCMIA_SENSOR_CFG_ENABLED),
			 SCMIA_OK);
	fp_expect(&g_fp, SNS, 0xa, BYTES(W(1), W(0)), BYTES(ST_DENIED));
	assert_int_equal(scmia_sensor_config_set(ph, 1, 0), SCMIA_E_SCMI_DENIED);
	assert_int_equal(scmia_sensor_config_set(ph, 1, 1u << 4), SCMIA_EINVAL);
	assert_int_equal(scmia_sensor_config_set(ph, 1, 3u << 9), SCMIA_EINVAL);
	/* SENSOR_CONTINUOUS_UPDATE_NOTIFY: in sensor_id, notify_enable. */
	fp_expect(&g_fp, SNS, 0xb, BYTES(W(1), W(1)), BYTES(ST_OK));
	assert_int_equal(scmia_sensor_continuous_update_notify(ph, 1, 1), SCMIA_OK);
	/* SENSOR_NAME_GET is v3. */
	assert_int_equal(scmia_sensor_name_get(ph, 1, name, sizeof(name)), SCMIA_ENOTSUP);
	assert_true(fp_ok(&g_fp));
}

/* ---- notifications ---- */

struct sns_seen {
	unsigned trips, updates;
	int dec;
	struct scmia_sensor_trip_event trip;
	struct scmia_sensor_update upd;
	struct scmia_sensor_reading r[2];
};

static void on_trip(void *ctx, const struct scmia_notification *n)
{
	struct sns_seen *s = (struct sns_seen *)ctx;

	s->trips++;
	s->dec = scmia_sensor_trip_point_event_decode(n, &s->trip);
}

static void on_update(void *ctx, const struct scmia_notification *n)
{
	struct sns_seen *s = (struct sns_seen *)ctx;

	s->updates++;
	s->dec = scmia_sensor_update_decode(n, &s->upd, s->r, 2);
}

static void test_sensor_notifications(void **state)
{
	struct sns_seen s, other;
	struct scmia_notifier nt = { .proto_id = SNS, .evt_id = 0, .src_id = 2, .fn = on_trip,
				     .ctx = &s };
	struct scmia_notifier nu = { .proto_id = SNS, .evt_id = 1, .src_id = 2, .fn = on_update,
				     .ctx = &s };
	struct scmia_notifier no = { .proto_id = SNS, .evt_id = 0, .src_id = 3, .fn = on_trip,
				     .ctx = &other };

	(void)state;
	memset(&s, 0, sizeof(s));
	memset(&other, 0, sizeof(other));
	(void)attach(0x30000u, 4);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &nt), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &nu), SCMIA_OK);
	assert_int_equal(scmia_notify_register(&g_fp.agent, &no), SCMIA_OK);
	/* SENSOR_TRIP_POINT_EVENT: agent_id, sensor_id, trip_point_desc
	 * (direction 16, trip point id 7:0). */
	assert_int_equal(fp_notify(&g_fp, SNS, 0, BYTES(W(1), W(2), W(0x00010003u))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.trips, 1);
	assert_int_equal(other.trips, 0);
	assert_int_equal(s.dec, SCMIA_OK);
	assert_int_equal(s.trip.sensor_id, 2);
	assert_int_equal(s.trip.tp_id, 3);
	assert_int_equal(s.trip.direction, 1);
	/* SENSOR_UPDATE: agent_id, sensor_id, readings[] (value low, high,
	 * timestamp low, high). */
	assert_int_equal(fp_notify(&g_fp, SNS, 1,
				   BYTES(W(1), W(2), W(0xffffff9cu), W(0xffffffffu), W(9), W(0))),
			 SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.updates, 1);
	assert_int_equal(s.dec, SCMIA_OK);
	assert_int_equal(s.upd.n_readings, 1);
	assert_true(s.r[0].value == -100 && s.r[0].timestamp == 9);
	/* Three readings, room for two. */
	assert_int_equal(fp_notify(&g_fp, SNS, 1,
				   BYTES(W(1), W(2), W(1), W(0), W(1), W(0), W(2), W(0), W(2), W(0),
					 W(3), W(0), W(3), W(0))),
			 SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ENOSPC);
	assert_int_equal(s.upd.n_readings, 3);
	assert_true(s.r[1].value == 2);
	/* Truncated ones. */
	assert_int_equal(fp_notify(&g_fp, SNS, 1, BYTES(W(1), W(2), W(1), W(0))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ETOOSHORT);
	assert_int_equal(fp_notify(&g_fp, SNS, 0, BYTES(W(1), W(2))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(s.dec, SCMIA_ETOOSHORT);
	/* The other sensor's handler only sees sensor 3. */
	assert_int_equal(fp_notify(&g_fp, SNS, 0, BYTES(W(1), W(3), W(0))), SCMIA_OK);
	assert_int_equal(scmia_notify_dispatch(&g_fp.agent, 0), 1);
	assert_int_equal(other.trips, 1);
	assert_int_equal(s.trips, 2);
}

/* Script a reply that is only @p status for message @p msg (parameters
 * not checked: their vectors are tested above). */
static void script_status(uint8_t proto, uint8_t msg, int32_t status)
{
	uint8_t r[4];

	scmia_put_le32(r, (uint32_t)status);
	fp_expect(&g_fp, proto, msg, NOBYTES, r, sizeof(r));
}

static int sensor_call(struct scmia_proto_handle *ph, unsigned i)
{
	struct scmia_sensor_desc d[1];
	struct scmia_sensor_axis ax[1];
	struct scmia_sensor_reading r[1];
	struct scmia_sensor_intervals iv;
	uint32_t w, l[1];

	switch (i) {
	case 0:
		return scmia_sensor_description_get(ph, d, 1, 0, &w);
	case 1:
		return scmia_sensor_trip_point_notify(ph, 0, 1);
	case 2:
		return scmia_sensor_trip_point_config(ph, 0, 0, SCMIA_SENSOR_TP_BOTH, 5);
	case 3:
		return scmia_sensor_reading_get(ph, 0, 0, r, 1);
	case 4:
		return scmia_sensor_reading_get(ph, 0, SCMIA_SENSOR_READ_F_ASYNC, r, 1);
	case 5:
		return scmia_sensor_axis_description_get(ph, 0, ax, 1, 0, &w);
	case 6:
		return scmia_sensor_list_update_intervals(ph, 0, l, 1, &iv);
	case 7:
		return scmia_sensor_config_get(ph, 0, &w);
	case 8:
		return scmia_sensor_config_set(ph, 0, SCMIA_SENSOR_CFG_ENABLED);
	case 9:
		return scmia_sensor_continuous_update_notify(ph, 0, 1);
	case 10:
		return scmia_sensor_name_get(ph, 0, d[0].name, sizeof(d[0].name));
	default:
		ax[0].id = 0;
		return scmia_sensor_axis_name_get(ph, 0, ax, 1);
	}
}

static void test_sensor_status_every_call(void **state)
{
	static const uint8_t msgs[] = { 0x3, 0x4, 0x5, 0x6, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb, 0xc,
					0xd };
	struct scmia_proto_handle *ph = attach(0x30001u, 0x00010002u);
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(msgs) * 2u; i++) {
		int32_t st = -(int32_t)(1u + i % 11u);

		script_status(SNS, msgs[i % sizeof(msgs)], st);
		assert_int_equal(sensor_call(ph, i % sizeof(msgs)), SCMIA_E_SCMI_BASE + st);
	}
	assert_true(fp_ok(&g_fp));
}

static void test_sensor_truncated_axis_name_and_attributes(void **state)
{
	struct scmia_proto_handle *ph = attach(0x30000u, 2);
	struct scmia_sensor_axis ax[1];
	uint8_t nr[4 + 4 + 68];

	(void)state;
	/* SENSOR_AXIS_NAME_GET entry cut inside its name. */
	memset(nr, 0, sizeof(nr));
	scmia_put_le32(nr + 4, 1);
	memset(ax, 0, sizeof(ax));
	fp_expect(&g_fp, SNS, 0xd, BYTES(W(5), W(0)), nr, sizeof(nr) - 1);
	assert_int_equal(scmia_sensor_axis_name_get(ph, 5, ax, 1), SCMIA_ETOOSHORT);
	assert_true(fp_ok(&g_fp));
	/* PROTOCOL_ATTRIBUTES of 12 bytes (the register length missing). */
	reattach_fresh();
	{
		uint8_t a[12] = { 2, 0, 0, 0 };

		assert_int_equal(fp_attach(&g_fp, &scmia_sensor_desc, NULL, 0x30000u, a, sizeof(a),
					   &ph),
				 SCMIA_ETOOSHORT);
		assert_int_equal(ph->state, SCMIA_PROTO_S_FAILED);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sensor_protocol_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_descriptions_v1_paged, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sensor_descriptions_v2_ext_attrs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sensor_descriptions_v3_names, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sensor_descriptions_paging_faults, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sensor_reading_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_reading_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_trip_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_axes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_update_intervals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_notifications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_status_every_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sensor_truncated_axis_name_and_attributes,
						setup, teardown),
	};

	return cmocka_run_group_tests_name("proto_sensor", tests, NULL, NULL);
}

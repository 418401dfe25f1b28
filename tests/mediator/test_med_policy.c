/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mediator: Base answered per guest, what a policy lets a guest see and
 * do, id remapping both ways (commands, replies, delayed responses,
 * enumeration, notifications), read-only resources, quotas, shared
 * subscriptions, guest deadlines and resets. Guests are scmia agents on
 * SMT, the platform the simulated one (mworld.h), in virtual time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mworld.h"
#include "scmia/proto/clock.h"

#define GA 0u
#define GB 1u
#define GC 2u
#define ID_A 11u
#define ID_B 12u
#define ID_C 13u

/* Guest A: clocks 0 -> ddr (2), 1 -> cpu-pll (0); sensors 0 -> imu (2),
 * 1 -> soc-temp (0); perf domains 0 -> 1 (read-only), 1 -> 0; powercap
 * 0 -> gpu (1) only; pins 0 -> pin 3...; test protocol source 0 -> 7. */
static const struct scmia_med_res a_clk[] = { { 2, 0 }, { 0, 0 } };
static const struct scmia_med_res a_sns[] = { { 2, 0 }, { 0, 0 } };
static const struct scmia_med_res a_perf[] = { { 1, SCMIA_MED_RES_RO }, { 0, 0 } };
static const struct scmia_med_res a_pcap[] = { { 1, 0 } };
static const struct scmia_med_res a_test[] = { { 7, 0 } };
static const struct scmia_med_proto_policy a_protos[] = {
	{ 0x13, 0, { 2, 0, 0 }, { a_perf, NULL, NULL } },
	{ 0x14, 0, { 2, 0, 0 }, { a_clk, NULL, NULL } },
	{ 0x15, 0, { 2, 0, 0 }, { a_sns, NULL, NULL } },
	{ 0x18, 0, { 1, 0, 0 }, { a_pcap, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { a_test, NULL, NULL } },
};
static const struct scmia_med_policy pol_a = {
	a_protos, 5, 0, 0, 0, "vendor-a", NULL, 0,
};

/* Guest B: clocks 0 -> periph-pll (4, read-only), 1 -> ddr (2, shared
 * with A); powercap 0 -> soc (0), 1 -> gpu (1); test source 0 -> 9;
 * sees the other guests. */
static const struct scmia_med_res b_clk[] = { { 4, SCMIA_MED_RES_RO }, { 2, 0 } };
static const struct scmia_med_res b_pcap[] = { { 0, 0 }, { 1, 0 } };
static const struct scmia_med_res b_test[] = { { 9, 0 } };
static const struct scmia_med_proto_policy b_protos[] = {
	{ 0x14, 0, { 2, 0, 0 }, { b_clk, NULL, NULL } },
	{ 0x18, 0, { 2, 0, 0 }, { b_pcap, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { b_test, NULL, NULL } },
};
static const struct scmia_med_policy pol_b = {
	b_protos, 3, SCMIA_MED_G_SEE_GUESTS, 0, 0, NULL, "sub-b", 0x00020003u,
};

/* Guest C: clock 0 -> uart (1) read-only protocol; pin control: pins 0 ->
 * 16, 1 -> 17 (uart0's pins), groups 0 -> uart0 (0), 1 -> spi0 (2),
 * function 0 -> uart (0); its commands get a 5 ms deadline. */
static const struct scmia_med_res c_clk[] = { { 1, 0 } };
static const struct scmia_med_res c_test[] = { { 7, 0 } };
static struct scmia_med_res c_pins[24];
static struct scmia_med_res c_groups[2];
static const struct scmia_med_res c_funcs[] = { { 0, 0 } };
static struct scmia_med_proto_policy c_protos[3];
static struct scmia_med_policy pol_c;

static struct mw world;

static int setup(void **state)
{
	struct mw *w = &world;

	(void)state;
	if (mw_init(w, NULL))
		return -1;
	if (mw_guest_add(w, GA, ID_A, "guest-a", &pol_a, 2, 4, 1))
		return -1;
	if (mw_guest_add(w, GB, ID_B, "guest-b", &pol_b, 4, 1, 0))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return mw_fini(&world);
}

/* Pins of the simulated pin controller: which guest pin maps which platform
 * pin is filled in at run time (the pins of uart0 first). */
static int setup_c(void **state)
{
	struct mw *w = &world;
	unsigned i;

	if (setup(state))
		return -1;
	/* pins: uart0 is pins 0..3 on the simulated platform's table? take
	 * every pin in reverse so that each id is renamed. */
	for (i = 0; i < 24u; i++) {
		c_pins[i].platform_id = 23u - i;
		c_pins[i].flags = 0;
	}
	c_groups[0].platform_id = 0; /* uart0 */
	c_groups[1].platform_id = 2; /* spi0 */
	memset(c_protos, 0, sizeof(c_protos));
	c_protos[0].proto_id = 0x14;
	c_protos[0].flags = SCMIA_MED_P_RO;
	c_protos[0].n_res[0] = 1;
	c_protos[0].res[0] = c_clk;
	c_protos[1].proto_id = 0x19;
	c_protos[1].n_res[0] = 24;
	c_protos[1].res[0] = c_pins;
	c_protos[1].n_res[1] = 2;
	c_protos[1].res[1] = c_groups;
	c_protos[1].n_res[2] = 1;
	c_protos[1].res[2] = c_funcs;
	c_protos[2].proto_id = SCMIA_SIM_TEST_PROTO;
	c_protos[2].n_res[0] = 1;
	c_protos[2].res[0] = c_test;
	memset(&pol_c, 0, sizeof(pol_c));
	pol_c.protos = c_protos;
	pol_c.n_protos = 3;
	pol_c.reply_timeout_us = 5000;
	pol_c.dresp_timeout_us = 5000;
	return mw_guest_add(w, GC, ID_C, "guest-c", &pol_c, 2, 0, 1) ? -1 : 0;
}

static uint32_t le(const uint8_t *p)
{
	return scmia_get_le32(p);
}

/* ---- Base ---- */

static void test_base_per_guest(void **state)
{
	struct mw *w = &world;
	uint8_t rx[100];
	uint32_t n = 0;

	(void)state;
	/* Vendor view: A's own vendor, the mediator's sub-vendor; B the
	 * mediator's vendor and its own sub-vendor and version. */
	assert_int_equal(mw_cmd(w, GA, 0x10, 0x3, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_string_equal((char *)rx, "vendor-a");
	assert_int_equal(mw_cmd(w, GA, 0x10, 0x4, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_string_equal((char *)rx, "med-sub");
	assert_int_equal(mw_cmd(w, GB, 0x10, 0x3, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_string_equal((char *)rx, "med-vendor");
	assert_int_equal(mw_cmd(w, GB, 0x10, 0x4, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_string_equal((char *)rx, "sub-b");
	assert_int_equal(mw_cmd(w, GB, 0x10, 0x5, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_int_equal(le(rx), 0x00020003u);

	/* Protocol lists: each guest its own, ascending. */
	assert_int_equal(mw_cmdw(w, GA, 0x10, 0x6, (const uint32_t[]){ 0 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(le(rx), 5);
	assert_memory_equal(rx + 4, ((const uint8_t[]){ 0x13, 0x14, 0x15, 0x18, 0x80 }), 5);
	assert_int_equal(n, 12);
	assert_int_equal(mw_cmdw(w, GB, 0x10, 0x6, (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(le(rx), 2);
	assert_memory_equal(rx + 4, ((const uint8_t[]){ 0x18, 0x80 }), 2);
	assert_int_equal(mw_status(mw_cmdw(w, GB, 0x10, 0x6, (const uint32_t[]){ 4 }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_INVALID_PARAMETERS);

	/* PROTOCOL_ATTRIBUTES: protocols, and agents each guest sees. */
	assert_int_equal(mw_cmd(w, GA, 0x10, 0x1, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_int_equal(le(rx), (1u << 8) | 5u);
	assert_int_equal(mw_cmd(w, GB, 0x10, 0x1, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_int_equal(le(rx), (2u << 8) | 3u);

	/* DISCOVER_AGENT: self, the platform, the other guest per policy. */
	assert_int_equal(
		mw_cmdw(w, GA, 0x10, 0x7, (const uint32_t[]){ 0xffffffffu }, 1, rx, sizeof(rx), &n),
		0);
	assert_int_equal(le(rx), ID_A);
	assert_string_equal((char *)rx + 4, "guest-a");
	assert_int_equal(mw_cmdw(w, GA, 0x10, 0x7, (const uint32_t[]){ 0 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_string_equal((char *)rx + 4, "the-platform");
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x10, 0x7, (const uint32_t[]){ ID_B }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	assert_int_equal(
		mw_cmdw(w, GB, 0x10, 0x7, (const uint32_t[]){ ID_A }, 1, rx, sizeof(rx), &n), 0);
	assert_string_equal((char *)rx + 4, "guest-a");

	/* Not for guests: errors (NOT_SUPPORTED), permissions (DENIED). */
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x10, 0x8, (const uint32_t[]){ 1 }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x10, 0xb, (const uint32_t[]){ ID_A, 0 }, 2, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_DENIED);
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x10, 0x2, (const uint32_t[]){ 0x8 }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	assert_int_equal(
		mw_cmdw(w, GA, 0x10, 0x2, (const uint32_t[]){ 0x7 }, 1, rx, sizeof(rx), &n), 0);
	assert_int_equal(mw_status(mw_cmd(w, GA, 0x10, 0x20, NULL, 0, rx, sizeof(rx), &n, 0)),
			 SCMIA_STATUS_NOT_SUPPORTED);
	/* Nothing of Base went to the platform. */
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED), 0);
}

/* ---- what a guest may use ---- */

static void test_policy_refusals(void **state)
{
	struct mw *w = &world;
	uint8_t rx[100];
	uint32_t n = 0;

	(void)state;
	/* A protocol the guest does not see. */
	assert_int_equal(mw_status(mw_cmd(w, GB, 0x15, 0x0, NULL, 0, rx, sizeof(rx), &n, 0)),
			 SCMIA_STATUS_NOT_SUPPORTED);
	/* A message the mediator does not know, in a visible protocol. */
	assert_int_equal(mw_status(mw_cmd(w, GA, 0x14, 0x40, NULL, 0, rx, sizeof(rx), &n, 0)),
			 SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x14, 0x2, (const uint32_t[]){ 0x40 }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	/* Fastchannels bypass the mediator: not offered. */
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x13, 0xb, (const uint32_t[]){ 0, 7 }, 2, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x13, 0x2, (const uint32_t[]){ 0xb }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	/* A resource outside the guest's map. */
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x14, 0x6, (const uint32_t[]){ 2 }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x14, 0x6, (const uint32_t[]){ 0xffffffffu }, 1,
					   rx, sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	/* Too short for its layout. */
	assert_int_equal(mw_status(mw_cmd(w, GA, 0x14, 0x6, NULL, 0, rx, sizeof(rx), &n, 0)),
			 SCMIA_STATUS_PROTOCOL_ERROR);
	/* Read-only resource: reads pass, writes are DENIED. */
	assert_int_equal(
		mw_cmdw(w, GB, 0x14, 0x6, (const uint32_t[]){ 0 }, 1, rx, sizeof(rx), &n), 0);
	assert_int_equal(mw_status(mw_cmdw(w, GB, 0x14, 0x5,
					   (const uint32_t[]){ 0, 0, 1200000000u, 0 }, 4, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_DENIED);
	assert_int_equal(scmia_sim_clock_rate(&w->sim, &w->clk, 4), 600000000ull);
	assert_int_equal(scmia_med_guest_counter(&w->g[GB].mg, SCMIA_MED_CNT_DENIED), 1);
}

/* ---- ids, both ways ---- */

static void test_remap_clock(void **state)
{
	struct mw *w = &world;
	uint8_t rx[100];
	uint32_t n = 0;
	uint64_t before;

	(void)state;
	/* Enumeration: A has two clocks, numbered from 0. */
	assert_int_equal(mw_cmd(w, GA, 0x14, 0x1, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_int_equal(le(rx) & 0xffffu, 2);
	assert_int_equal(mw_cmdw(w, GA, 0x14, 0x3, (const uint32_t[]){ 0 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_string_equal((char *)rx + 4, "ddr");
	assert_int_equal(mw_cmdw(w, GA, 0x14, 0x3, (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_string_equal((char *)rx + 4, "cpu-pll");
	/* B's clock 1 is the same platform clock as A's clock 0. */
	assert_int_equal(mw_cmdw(w, GB, 0x14, 0x3, (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_string_equal((char *)rx + 4, "ddr");

	/* Synchronous rate set on A's clock 1 reaches platform clock 0. */
	before = scmia_sim_clock_rate(&w->sim, &w->clk, 2);
	assert_int_equal(mw_cmdw(w, GA, 0x14, 0x5, (const uint32_t[]){ 0, 1, 300000000u, 0 }, 4,
				 rx, sizeof(rx), &n),
			 0);
	assert_int_equal(scmia_sim_clock_rate(&w->sim, &w->clk, 0), 300000000ull);
	assert_int_equal(scmia_sim_clock_rate(&w->sim, &w->clk, 2), before);

	/* Asynchronous rate set on A's clock 0 (ddr): the delayed response
	 * names A's clock 0, not the platform's 2. */
	{
		uint8_t tx[16];

		scmia_put_le32(tx, 1u); /* async */
		scmia_put_le32(tx + 4, 0u);
		scmia_put_le32(tx + 8, 1600000000u);
		scmia_put_le32(tx + 12, 0u);
		assert_int_equal(mw_cmd(w, GA, 0x14, 0x5, tx, sizeof(tx), rx, sizeof(rx), &n,
					SCMIA_XFER_F_ASYNC),
				 0);
		assert_int_equal(n, 12);
		assert_int_equal(le(rx), 0);
		assert_int_equal(le(rx + 4), 1600000000u);
		assert_int_equal(scmia_sim_clock_rate(&w->sim, &w->clk, 2), 1600000000ull);
	}
	/* The same through B's name for it: B's clock 1. */
	{
		uint8_t tx[16];

		scmia_put_le32(tx, 1u);
		scmia_put_le32(tx + 4, 1u);
		scmia_put_le32(tx + 8, 800000000u);
		scmia_put_le32(tx + 12, 0u);
		assert_int_equal(mw_cmd(w, GB, 0x14, 0x5, tx, sizeof(tx), rx, sizeof(rx), &n,
					SCMIA_XFER_F_ASYNC),
				 0);
		assert_int_equal(le(rx), 1);
		assert_int_equal(scmia_sim_clock_rate(&w->sim, &w->clk, 2), 800000000ull);
	}
	assert_int_equal(scmia_med_guest_counter(&w->g[GA].mg, SCMIA_MED_CNT_DRESPS), 1);
	assert_int_equal(scmia_med_guest_counter(&w->g[GB].mg, SCMIA_MED_CNT_DRESPS), 1);
}

static void test_remap_sensor_enumeration(void **state)
{
	struct mw *w = &world;
	uint8_t rx[100];
	uint32_t n = 0;

	(void)state;
	assert_int_equal(mw_cmd(w, GA, 0x15, 0x1, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_int_equal(le(rx) & 0xffffu, 2);
	/* The sensor registers' address and length are the platform's. */
	assert_int_equal(n, 16);
	assert_int_equal(le(rx + 4) | le(rx + 8) | le(rx + 12), 0);
	/* Descriptor 0 is the platform's imu-gyro (2), one returned, one left. */
	assert_int_equal(mw_cmdw(w, GA, 0x15, 0x3, (const uint32_t[]){ 0 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(le(rx) & 0xfffu, 1);
	assert_int_equal(le(rx) >> 16, 1);
	assert_int_equal(le(rx + 4), 0);
	assert_string_equal((char *)rx + 16, "imu-gyro");
	/* One 28-byte descriptor, nothing of the sensors after it. */
	assert_int_equal(n, 4 + 28);
	assert_int_equal(mw_cmdw(w, GA, 0x15, 0x3, (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(le(rx), 1u);
	assert_int_equal(le(rx + 4), 1);
	assert_string_equal((char *)rx + 16, "soc-temp");
	/* soc-temp has extended attributes (attributes_low bit 8): 52 bytes. */
	assert_int_not_equal(le(rx + 8) & (1u << 8), 0);
	assert_int_equal(n, 4 + 52);
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x15, 0x3, (const uint32_t[]){ 2 }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	/* Asynchronous reading: SENSOR_READING_COMPLETE names A's sensor 0. */
	{
		uint8_t tx[8];

		scmia_put_le32(tx, 0u);
		scmia_put_le32(tx + 4, 1u);
		assert_int_equal(mw_cmd(w, GA, 0x15, 0x6, tx, sizeof(tx), rx, sizeof(rx), &n,
					SCMIA_XFER_F_ASYNC),
				 0);
		assert_int_equal(le(rx), 0);
	}
}

static void test_remap_replies_and_bits(void **state)
{
	struct mw *w = &world;
	uint8_t rx[100];
	uint32_t n = 0;

	(void)state;
	/* Performance domain attributes: fastchannel bit always cleared,
	 * "set" bits cleared on the read-only domain. */
	assert_int_equal(mw_cmdw(w, GA, 0x13, 0x3, (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(le(rx) & (1u << 27), 0);
	assert_int_not_equal(le(rx) & ((1u << 31) | (1u << 30)), 0);
	assert_int_equal(mw_cmdw(w, GA, 0x13, 0x3, (const uint32_t[]){ 0 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(le(rx) & ((1u << 31) | (1u << 30) | (1u << 27)), 0);
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x13, 0x7, (const uint32_t[]){ 0, 1 }, 2, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_DENIED);
	/* PROTOCOL_MESSAGE_ATTRIBUTES: no fastchannel for guests. */
	assert_int_equal(
		mw_cmdw(w, GA, 0x13, 0x2, (const uint32_t[]){ 0x7 }, 1, rx, sizeof(rx), &n), 0);
	assert_int_equal(le(rx) & 1u, 0);

	/* Power capping: the parent of gpu is soc. A does not see soc: none;
	 * B does, as its domain 0. */
	assert_int_equal(mw_cmdw(w, GA, 0x18, 0x3, (const uint32_t[]){ 0 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_true(n >= 56);
	assert_int_equal(le(rx + 52), 0xffffffffu);
	assert_int_equal(mw_cmdw(w, GB, 0x18, 0x3, (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(le(rx + 52), 0);
}

static void test_remap_pinctrl(void **state)
{
	struct mw *w = &world;
	uint8_t rx[100];
	uint32_t n = 0, i;

	(void)state;
	/* Counts per class: 24 pins, 2 groups, 1 function. */
	assert_int_equal(mw_cmd(w, GC, 0x19, 0x1, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	assert_int_equal(le(rx) & 0xffffu, 24);
	assert_int_equal(le(rx) >> 16, 2);
	assert_int_equal(le(rx + 4) & 0xffffu, 1);
	/* Guest group 0 is uart0; its pins come back under the guest's names
	 * (guest pin = 23 - platform pin). */
	assert_int_equal(mw_cmdw(w, GC, 0x19, 0x4, (const uint32_t[]){ 0, 1, 0 }, 3, rx,
				 sizeof(rx), &n),
			 0);
	assert_true((le(rx) & 0xfffu) >= 2);
	for (i = 0; i < (le(rx) & 0xfffu); i++) {
		uint32_t gpin = (uint32_t)(rx[4 + 2 * i] | (rx[5 + 2 * i] << 8));
		uint8_t attrs[100];
		uint32_t m = 0, pin;
		char want[4];

		assert_true(gpin < 24);
		/* The pin's attributes through the guest's id are those of the
		 * platform pin 23 - gpin ("pa0" .. "pc7"). */
		assert_int_equal(mw_cmdw(w, GC, 0x19, 0x3, (const uint32_t[]){ gpin, 0 }, 2, attrs,
					 sizeof(attrs), &m),
				 0);
		pin = 23u - gpin;
		want[0] = 'p';
		want[1] = (char)('a' + pin / 8u);
		want[2] = (char)('0' + pin % 8u);
		want[3] = 0;
		assert_string_equal((char *)attrs + 4, want);
	}
	/* A selector of 3 is not a class. */
	assert_int_equal(mw_status(mw_cmdw(w, GC, 0x19, 0x3, (const uint32_t[]){ 0, 3 }, 2, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_INVALID_PARAMETERS);
	/* Group 2 is outside C's map. */
	assert_int_equal(mw_status(mw_cmdw(w, GC, 0x19, 0x3, (const uint32_t[]){ 2, 1 }, 2, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	/* Permissions are for trusted agents. */
	assert_int_equal(mw_status(mw_cmdw(w, GC, 0x19, 0xa, (const uint32_t[]){ 1, 0, 0, 0 }, 4,
					   rx, sizeof(rx), &n)),
			 SCMIA_STATUS_DENIED);
	/* C's clock protocol is read-only as a whole. */
	assert_int_equal(mw_status(mw_cmdw(w, GC, 0x14, 0x7, (const uint32_t[]){ 0, 1 }, 2, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_DENIED);
}

/* ---- subscriptions ---- */

static int notify(struct mw *w, unsigned g, uint8_t msg, uint32_t id, uint32_t en)
{
	uint8_t rx[16];
	uint32_t n = 0;
	uint32_t words[2];

	words[0] = id;
	words[1] = en;
	return mw_cmdw(w, g, 0x14, msg, words, 2, rx, sizeof(rx), &n);
}

static void test_fanout_refcounted(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0, fwd;

	(void)state;
	/* A subscribes to its clock 0 (ddr): the platform is asked. */
	assert_int_equal(notify(w, GA, 0x9, 0, 1), 0);
	assert_int_equal(w->clk.notify_changed & (1u << 2), 1u << 2);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 1);
	/* B subscribes to the same platform clock (its clock 1): shared, the
	 * platform is not asked again. */
	fwd = scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED);
	assert_int_equal(notify(w, GB, 0x9, 1, 1), 0);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED), fwd);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 2);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_SUB_ENABLES), 1);

	/* A changes the rate: both see it, each under its own clock id, the
	 * changing agent shown as the platform (0). */
	assert_int_equal(mw_cmdw(w, GA, 0x14, 0x5, (const uint32_t[]){ 0, 0, 400000000u, 0 }, 4,
				 rx, sizeof(rx), &n),
			 0);
	mw_run(w, 200);
	assert_int_equal(mw_notifs(w, GA, 0x14, 0), 1);
	assert_int_equal(mw_notifs(w, GB, 0x14, 0), 1);
	assert_int_equal(le(w->g[GA].notifs[0].payload + 4), 0);
	assert_int_equal(le(w->g[GB].notifs[0].payload + 4), 1);
	assert_int_equal(le(w->g[GA].notifs[0].payload), 0);
	assert_int_equal(le(w->g[GB].notifs[0].payload + 8), 400000000u);

	/* A rate change of a clock nobody subscribed: nobody sees it. */
	assert_int_equal(mw_cmdw(w, GA, 0x14, 0x5, (const uint32_t[]){ 0, 1, 200000000u, 0 }, 4,
				 rx, sizeof(rx), &n),
			 0);
	mw_run(w, 200);
	assert_int_equal(mw_notifs(w, GA, 0x14, 0), 1);
	assert_int_equal(mw_notifs(w, GB, 0x14, 0), 1);

	/* A unsubscribes: B still holds it, the platform keeps it on. */
	assert_int_equal(notify(w, GA, 0x9, 0, 0), 0);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 1);
	assert_int_equal(w->clk.notify_changed & (1u << 2), 1u << 2);
	assert_int_equal(mw_cmdw(w, GB, 0x14, 0x5, (const uint32_t[]){ 0, 1, 1066000000u, 0 }, 4,
				 rx, sizeof(rx), &n),
			 0);
	mw_run(w, 200);
	assert_int_equal(mw_notifs(w, GA, 0x14, 0), 1);
	assert_int_equal(mw_notifs(w, GB, 0x14, 0), 2);
	/* B, the last holder, unsubscribes: the platform is turned off. */
	assert_int_equal(notify(w, GB, 0x9, 1, 0), 0);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 0);
	assert_int_equal(w->clk.notify_changed & (1u << 2), 0);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_SUB_DISABLES), 1);
	/* B held only one subscription (quota 1): a second is refused. */
	assert_int_equal(notify(w, GB, 0x9, 1, 1), 0);
	assert_int_equal(mw_status(notify(w, GB, 0xa, 1, 1)), SCMIA_STATUS_DENIED);
	assert_int_equal(scmia_med_guest_counter(&w->g[GB].mg, SCMIA_MED_CNT_SUB_QUOTA), 1);
}

/* A *_NOTIFY whose notify_enable has a reserved bit set (bits 31:1) is
 * refused INVALID_PARAMETERS and counted: never forwarded, so one guest's
 * bits cannot configure the platform subscription others share, and no
 * subscription is taken or dropped. */
static void test_notify_reserved_bits_refused(void **state)
{
	struct mw *w = &world;
	uint32_t fwd = scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED);

	(void)state;
	assert_int_equal(mw_status(notify(w, GA, 0x9, 0, 0x80000001u)),
			 SCMIA_STATUS_INVALID_PARAMETERS);
	assert_int_equal(mw_status(notify(w, GA, 0x9, 0, 2u)), SCMIA_STATUS_INVALID_PARAMETERS);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED), fwd);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 0);
	assert_int_equal(w->clk.notify_changed & (1u << 2), 0);
	assert_int_equal(scmia_med_guest_counter(&w->g[GA].mg, SCMIA_MED_CNT_BAD_PARAMS), 2);
	/* held: a disable with reserved bits does not drop it */
	assert_int_equal(notify(w, GA, 0x9, 0, 1), 0);
	assert_int_equal(mw_status(notify(w, GA, 0x9, 0, 0x10u)),
			 SCMIA_STATUS_INVALID_PARAMETERS);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 1);
	assert_int_equal(w->clk.notify_changed & (1u << 2), 1u << 2);
	assert_int_equal(scmia_med_guest_counter(&w->g[GA].mg, SCMIA_MED_CNT_BAD_PARAMS), 3);
	/* a subscription with parameters (never shared) is forwarded as sent */
	fwd = scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED);
	{
		uint8_t rx[16];
		uint32_t n = 0;

		(void)mw_cmdw(w, GA, 0x18, 0xb, (const uint32_t[]){ 0, 3, 1000, 5000 }, 4, rx,
			      sizeof(rx), &n);
	}
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED), fwd + 1u);
	assert_int_equal(scmia_med_guest_counter(&w->g[GA].mg, SCMIA_MED_CNT_BAD_PARAMS), 3);
}

/* Guest D: clock 0 -> periph-pll (4), like B's clock 0. */
static const struct scmia_med_res d_clk[] = { { 4, 0 } };
static const struct scmia_med_proto_policy d_protos[] = {
	{ 0x14, 0, { 1, 0, 0 }, { d_clk, NULL, NULL } },
};
static const struct scmia_med_policy pol_d = { d_protos, 1, 0, 0, 0, NULL, NULL, 0 };

struct jdone {
	int called, res;
};

static void jcb(void *arg, struct scmia_xfer *x, int res)
{
	struct jdone *d = (struct jdone *)arg;

	(void)x;
	d->called++;
	d->res = res;
}

/* Send a *_NOTIFY from guest @g without waiting: it reaches the mediator
 * (the doorbell runs it) and waits on the platform. */
static struct scmia_xfer *notify_nb(struct mw *w, unsigned g, uint8_t msg, uint32_t id,
				    struct jdone *d)
{
	struct scmia_xfer *x;

	assert_int_equal(scmia_xfer_get(&w->g[g].agent, 0x14, msg, 8, 0, &x), 0);
	scmia_put_le32(x->tx_buf, id);
	scmia_put_le32((uint8_t *)x->tx_buf + 4, 1u);
	assert_int_equal(scmia_xfer_submit(x, 0, jcb, d), 0);
	return x;
}

static void test_subscription_join(void **state)
{
	struct mw *w = &world;
	struct scmia_xfer *x;
	struct jdone d;
	uint32_t fwd;
	unsigned subs = 9;

	(void)state;
	assert_int_equal(mw_guest_add(w, 3, 14, "guest-d", &pol_d, 2, 2, 1), 0);
	/* D asks the platform for CLOCK_RATE_CHANGE_REQUESTED of
	 * periph-pll; B asks for the same while D's enable is in flight: B
	 * joins it and gets its outcome (periph-pll cannot: NOT_SUPPORTED). */
	memset(&d, 0, sizeof(d));
	x = notify_nb(w, 3, 0xa, 0, &d);
	fwd = scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED);
	assert_int_equal(mw_status(notify(w, GB, 0xa, 0, 1)), SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED), fwd);
	assert_int_equal(d.called, 1);
	assert_int_equal(d.res, SCMIA_E_SCMI_NOT_SUPPORTED);
	(void)scmia_xfer_put(x);
	assert_int_equal(scmia_med_guest_stats(&w->g[GB].mg, NULL, &subs), 0);
	assert_int_equal(subs, 0);
	assert_int_equal(scmia_med_guest_stats(&w->g[3].mg, NULL, &subs), 0);
	assert_int_equal(subs, 0);

	/* A enables CLOCK_RATE_CHANGED of ddr; B joins: one platform
	 * command, both hold it. */
	memset(&d, 0, sizeof(d));
	x = notify_nb(w, GA, 0x9, 0, &d);
	fwd = scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED);
	assert_int_equal(notify(w, GB, 0x9, 1, 1), 0);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED), fwd);
	assert_int_equal(d.called, 1);
	assert_int_equal(d.res, 0);
	(void)scmia_xfer_put(x);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 2);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_SUB_ENABLES), 1);
	assert_int_not_equal(w->clk.notify_changed & (1u << 2), 0);
}

/* NEGOTIATE_PROTOCOL_VERSION: the platform agent's version is every
 * guest's; a guest may confirm the version it was shown, nothing else,
 * and the platform is not asked. */
static void test_negotiate_version(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0, v, fwd;

	(void)state;
	/* Nothing shown yet: nothing to confirm. */
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x14, 0x10, (const uint32_t[]){ 0x30000u }, 1,
					   rx, sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(mw_cmd(w, GA, 0x14, 0x0, NULL, 0, rx, sizeof(rx), &n, 0), 0);
	v = le(rx);
	assert_true(v != 0u);
	fwd = scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED);
	assert_int_equal(mw_cmdw(w, GA, 0x14, 0x10, (const uint32_t[]){ v }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(mw_cmdw(w, GB, 0x14, 0x10, (const uint32_t[]){ v }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(mw_status(mw_cmdw(w, GA, 0x14, 0x10, (const uint32_t[]){ v - 1u }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(mw_status(mw_cmdw(w, GB, 0x14, 0x10, (const uint32_t[]){ v + 0x10000u },
					   1, rx, sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_SUPPORTED);
	assert_int_equal(mw_status(mw_cmd(w, GA, 0x14, 0x10, NULL, 0, rx, sizeof(rx), &n, 0)),
			 SCMIA_STATUS_PROTOCOL_ERROR);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_FORWARDED), fwd);
}

/* Guest E: clock 0 -> sdmmc (3), whose parents are cpu-pll (0) and
 * periph-pll (4); clock 1 -> periph-pll only. */
static const struct scmia_med_res e_clk[] = { { 3, 0 }, { 4, 0 } };
static const struct scmia_med_proto_policy e_protos[] = {
	{ 0x14, 0, { 2, 0, 0 }, { e_clk, NULL, NULL } },
};
static const struct scmia_med_policy pol_e = { e_protos, 1, 0, 0, 0, NULL, NULL, 0 };

/* Ids in replies: a clock the guest may not name is refused (DENIED),
 * one it may is renamed; ids in commands (the parent) are renamed too. */
static void test_reply_ids(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0;

	(void)state;
	assert_int_equal(mw_guest_add(w, 3, 15, "guest-e", &pol_e, 2, 0, 1), 0);
	/* sdmmc's parent is cpu-pll: not E's. */
	assert_int_equal(mw_status(mw_cmdw(w, 3, 0x14, 0xe, (const uint32_t[]){ 0 }, 1, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_DENIED);
	assert_int_equal(scmia_med_guest_counter(&w->g[3].mg, SCMIA_MED_CNT_REPLY_DENIED), 1);
	/* E makes its clock 1 (periph-pll) the parent, and reads it back
	 * under its own name. */
	assert_int_equal(mw_cmdw(w, 3, 0x14, 0xd, (const uint32_t[]){ 0, 1 }, 2, rx, sizeof(rx),
				 &n),
			 0);
	assert_int_equal(w->clk.parent[3], 4);
	assert_int_equal(mw_cmdw(w, 3, 0x14, 0xe, (const uint32_t[]){ 0 }, 1, rx, sizeof(rx), &n),
			 0);
	assert_int_equal(n, 4);
	assert_int_equal(le(rx), 1);
	/* A parent E cannot name: refused before the platform sees it. */
	assert_int_equal(mw_status(mw_cmdw(w, 3, 0x14, 0xd, (const uint32_t[]){ 0, 2 }, 2, rx,
					   sizeof(rx), &n)),
			 SCMIA_STATUS_NOT_FOUND);
	assert_int_equal(w->clk.parent[3], 4);
}

/* The reply-id rules on a table of the caller's: ECHO's first word made
 * a reply id of class 0 (test sources), first refused (R_DENY) then
 * shown as "none" (R_NONE); 0xffffffff passes either way. */
static struct scmia_med_msg rt_msgs[8];
static struct scmia_med_proto_desc rt_desc;

static void rt_world(struct mw *w, uint8_t rule)
{
	struct mw_opts o;
	unsigned i;

	assert_int_equal(mw_fini(w), 0);
	rt_desc = mw_test_desc;
	assert_true(rt_desc.n_msgs <= 8u);
	memcpy(rt_msgs, mw_test_desc.msgs, rt_desc.n_msgs * sizeof(rt_msgs[0]));
	for (i = 0; i < rt_desc.n_msgs; i++)
		if (rt_msgs[i].msg_id == SCMIA_SIM_TEST_ECHO) {
			rt_msgs[i].rsp_at = 0;
			rt_msgs[i].rsp_cls = 0;
			rt_msgs[i].rsp_rule = rule;
		}
	rt_desc.msgs = rt_msgs;
	memset(&o, 0, sizeof(o));
	o.test_desc = &rt_desc;
	assert_int_equal(mw_init(w, &o), 0);
	assert_int_equal(mw_guest_add(w, GA, ID_A, "guest-a", &pol_a, 2, 4, 1), 0);
}

static uint32_t rt_echo(struct mw *w, uint32_t v, int32_t *status)
{
	uint8_t rx[16];
	uint32_t n = 0;
	int ret;

	memset(rx, 0, sizeof(rx));
	ret = mw_cmdw(w, GA, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, (const uint32_t[]){ v },
		      1, rx, sizeof(rx), &n);
	*status = ret ? mw_status(ret) : 0;
	return le(rx);
}

static void test_reply_id_rules(void **state)
{
	struct mw *w = &world;
	int32_t st;

	(void)state;
	rt_world(w, SCMIA_MED_R_DENY);
	assert_int_equal(rt_echo(w, 7, &st), 0); /* platform 7 is A's source 0 */
	assert_int_equal(st, 0);
	(void)rt_echo(w, 5, &st);
	assert_int_equal(st, SCMIA_STATUS_DENIED);
	assert_int_equal(rt_echo(w, 0xffffffffu, &st), 0xffffffffu);
	assert_int_equal(st, 0);
	rt_world(w, SCMIA_MED_R_NONE);
	assert_int_equal(rt_echo(w, 5, &st), 0xffffffffu);
	assert_int_equal(st, 0);
	assert_int_equal(rt_echo(w, 7, &st), 0);
	assert_int_equal(rt_echo(w, 0xffffffffu, &st), 0xffffffffu);
}

/* A *_NOTIFY whose parameters (thresholds) are the subscriber's own is
 * never shared: a second guest asking for the same platform resource is
 * refused while the first holds it. */
static void test_param_subscription_not_shared(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0;

	(void)state;
	/* A: its powercap 0 is gpu (1), thresholds 1000..5000 mW. */
	assert_int_equal(mw_cmdw(w, GA, 0x18, 0xb, (const uint32_t[]){ 0, 1, 1000, 5000 }, 4, rx,
				 sizeof(rx), &n),
			 0);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x18, 0xb, 1), 1);
	/* B: its powercap 1 is gpu too: other thresholds, refused. */
	assert_int_equal(mw_status(mw_cmdw(w, GB, 0x18, 0xb, (const uint32_t[]){ 1, 1, 0, 100 },
					   4, rx, sizeof(rx), &n)),
			 SCMIA_STATUS_DENIED);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x18, 0xb, 1), 1);
	/* Its own soc (0): nobody else's, granted. */
	assert_int_equal(mw_cmdw(w, GB, 0x18, 0xb, (const uint32_t[]){ 0, 1, 0, 100 }, 4, rx,
				 sizeof(rx), &n),
			 0);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x18, 0xb, 0), 1);
	/* A lets go: B may have gpu now (after dropping soc: quota 1). */
	assert_int_equal(mw_cmdw(w, GA, 0x18, 0xb, (const uint32_t[]){ 0, 0, 0, 0 }, 4, rx,
				 sizeof(rx), &n),
			 0);
	assert_int_equal(mw_cmdw(w, GB, 0x18, 0xb, (const uint32_t[]){ 0, 0, 0, 0 }, 4, rx,
				 sizeof(rx), &n),
			 0);
	assert_int_equal(mw_cmdw(w, GB, 0x18, 0xb, (const uint32_t[]){ 1, 1, 0, 100 }, 4, rx,
				 sizeof(rx), &n),
			 0);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x18, 0xb, 1), 1);
}

/* An enable that comes while the platform is being told to disable the
 * same event is answered BUSY (the guest tries again), never joined to
 * the disable or sent behind it. */
static void test_enable_during_disable_busy(void **state)
{
	struct mw *w = &world;
	struct scmia_xfer *x;
	struct jdone d;

	(void)state;
	assert_int_equal(notify(w, GA, 0x9, 0, 1), 0);
	/* A, the only holder, lets go: the disable goes to the platform. */
	memset(&d, 0, sizeof(d));
	assert_int_equal(scmia_xfer_get(&w->g[GA].agent, 0x14, 0x9, 8, 0, &x), 0);
	scmia_put_le32(x->tx_buf, 0);
	scmia_put_le32((uint8_t *)x->tx_buf + 4, 0u);
	assert_int_equal(scmia_xfer_submit(x, 0, jcb, &d), 0);
	/* B asks for ddr (its clock 1) meanwhile. */
	assert_int_equal(mw_status(notify(w, GB, 0x9, 1, 1)), SCMIA_STATUS_BUSY);
	assert_true(scmia_med_guest_counter(&w->g[GB].mg, SCMIA_MED_CNT_SUB_BUSY) >= 1u);
	mw_run(w, 200);
	assert_int_equal(d.called, 1);
	assert_int_equal(d.res, 0);
	(void)scmia_xfer_put(x);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 0);
	assert_int_equal(w->clk.notify_changed & (1u << 2), 0);
	/* Again, now that the disable is done: granted. */
	assert_int_equal(notify(w, GB, 0x9, 1, 1), 0);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 1);
	assert_int_not_equal(w->clk.notify_changed & (1u << 2), 0);
}

/* An event reaches the guests subscribed to that very resource: A holds
 * cpu-pll's, B ddr's; a ddr change is B's only. */
static void test_event_to_resource_subscribers(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0;

	(void)state;
	assert_int_equal(notify(w, GA, 0x9, 1, 1), 0); /* A: cpu-pll (0) */
	assert_int_equal(notify(w, GB, 0x9, 1, 1), 0); /* B: ddr (2) */
	assert_int_equal(mw_cmdw(w, GA, 0x14, 0x5, (const uint32_t[]){ 0, 0, 533000000u, 0 }, 4,
				 rx, sizeof(rx), &n),
			 0);
	mw_run(w, 200);
	assert_int_equal(mw_notifs(w, GB, 0x14, 0), 1);
	assert_int_equal(mw_notifs(w, GA, 0x14, 0), 0);
}

/* Guest F: the test protocol's platform source 0 is its source 0. */
static const struct scmia_med_res f_test[] = { { 0, 0 } };
static const struct scmia_med_proto_policy f_protos[] = {
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { f_test, NULL, NULL } },
};
static const struct scmia_med_policy pol_f = { f_protos, 1, 0, 0, 0, NULL, NULL, 0 };

/* A platform event too short to name its source reaches nobody (not the
 * owner of source 0 either). */
static void test_short_event_unrouted(void **state)
{
	struct mw *w = &world;
	uint8_t p[12];
	uint32_t unrouted;

	(void)state;
	assert_int_equal(mw_guest_add(w, 3, 16, "guest-f", &pol_f, 2, 0, 1), 0);
	/* A full one for A's source 0 (platform 7) first... */
	scmia_put_le32(p, 1);
	scmia_put_le32(p + 4, 7);
	scmia_put_le32(p + 8, 1);
	assert_int_equal(scmia_sim_notify(&w->sim, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_EVT, p, 12),
			 0);
	mw_run(w, 200);
	assert_int_equal(mw_notifs(w, GA, SCMIA_SIM_TEST_PROTO, 0), 1);
	/* ... then one that stops before the source. */
	unrouted = scmia_med_counter(&w->med, SCMIA_MED_CNT_UNROUTED);
	assert_int_equal(scmia_sim_notify(&w->sim, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_EVT, p, 4),
			 0);
	mw_run(w, 200);
	assert_int_equal(mw_notifs(w, GA, SCMIA_SIM_TEST_PROTO, 0), 1);
	assert_int_equal(mw_notifs(w, 3, SCMIA_SIM_TEST_PROTO, 0), 0);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_UNROUTED), unrouted + 1u);
}

static void test_vendor_events_to_owners(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0;

	(void)state;
	/* A triggers 3 events of its source 0 (platform 7): A sees them with
	 * source 0; B maps platform 9 only: nothing. */
	assert_int_equal(mw_cmdw(w, GA, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT,
				 (const uint32_t[]){ 0, 3 }, 2, rx, sizeof(rx), &n),
			 0);
	mw_run(w, 500);
	assert_int_equal(mw_notifs(w, GA, SCMIA_SIM_TEST_PROTO, 0), 3);
	assert_int_equal(mw_notifs(w, GB, SCMIA_SIM_TEST_PROTO, 0), 0);
	assert_int_equal(le(w->g[GA].notifs[0].payload + 4), 0);
	/* The sim names agent 1 (the mediator): shown as the platform. */
	assert_int_equal(le(w->g[GA].notifs[0].payload), 0);
}

static void test_quota_busy(void **state)
{
	struct mw *w = &world;
	struct scmia_xfer *x[3];
	int done[3] = { 0, 0, 0 };
	unsigned i, inflight = 0;
	uint8_t rx[16];
	uint32_t n = 0;

	(void)state;
	for (i = 0; i < 2; i++) {
		uint8_t tx[8];

		scmia_put_le32(tx, 200u + i);
		scmia_put_le32(tx + 4, 30000u);
		/* Asynchronous at the mediator: acknowledged at once. */
		assert_int_equal(scmia_xfer_get(&w->g[GA].agent, SCMIA_SIM_TEST_PROTO,
						SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x[i]),
				 0);
		memcpy(x[i]->tx_buf, tx, 8);
		/* A synchronous wait on an asynchronous message: the response
		 * is the acknowledgement. */
		assert_int_equal(scmia_xfer_do(x[i], 0), 0);
		(void)scmia_xfer_put(x[i]);
		done[i] = 1;
	}
	assert_int_equal(scmia_med_guest_stats(&w->g[GA].mg, &inflight, NULL), 0);
	assert_int_equal(inflight, 2);
	/* The third command finds the quota used up. */
	assert_int_equal(mw_status(mw_cmdw(w, GA, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO,
					   (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n)),
			 SCMIA_STATUS_BUSY);
	assert_int_equal(scmia_med_guest_counter(&w->g[GA].mg, SCMIA_MED_CNT_QUOTA), 1);
	/* B is not affected. */
	assert_int_equal(mw_cmdw(w, GB, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO,
				 (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
	/* The delayed responses arrive (to a guest that gave up on them:
	 * its agent counts them as unexpected), the quota frees. */
	mw_run(w, 40000);
	assert_int_equal(scmia_med_guest_stats(&w->g[GA].mg, &inflight, NULL), 0);
	assert_int_equal(inflight, 0);
	assert_int_equal(mw_cmdw(w, GA, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO,
				 (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
	(void)done;
}

/* ---- deadlines ---- */

static void test_guest_deadline(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0;
	unsigned inflight = 1, i;
	uint64_t t0 = w->vnow;

	(void)state;
	/* C's deadline is 5 ms; the platform takes 15 ms (its channel's
	 * timeout is 20 ms). C gets GENERIC_ERROR at 5 ms. */
	assert_int_equal(mw_status(mw_cmdw(w, GC, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW,
					   (const uint32_t[]){ 15 }, 1, rx, sizeof(rx), &n)),
			 SCMIA_STATUS_GENERIC_ERROR);
	assert_true(w->vnow - t0 < 8000u);
	assert_int_equal(scmia_med_guest_counter(&w->g[GC].mg, SCMIA_MED_CNT_TIMEOUTS), 1);
	/* The platform command still holds C's quota slot until it ends. */
	assert_int_equal(scmia_med_guest_stats(&w->g[GC].mg, &inflight, NULL), 0);
	assert_int_equal(inflight, 1);
	mw_run(w, 15000);
	assert_int_equal(scmia_med_guest_stats(&w->g[GC].mg, &inflight, NULL), 0);
	assert_int_equal(inflight, 0);
	/* Answered once: the late platform reply is dropped, no second answer. */
	assert_int_equal(scmia_med_guest_counter(&w->g[GC].mg, SCMIA_MED_CNT_TIMEOUTS), 1);
	assert_int_equal(scmia_med_guest_counter(&w->g[GC].mg, SCMIA_MED_CNT_STALE), 0);
	/* Asynchronous: acknowledged, then the delayed response carries
	 * GENERIC_ERROR at C's 5 ms (the platform's comes at 15 ms). */
	t0 = w->vnow;
	{
		uint8_t tx[8];

		scmia_put_le32(tx, 1u);
		scmia_put_le32(tx + 4, 15000u); /* 15 ms */
		assert_int_equal(mw_status(mw_cmd(w, GC, SCMIA_SIM_TEST_PROTO,
						  SCMIA_SIM_TEST_ASYNC_WORK, tx, 8, rx, sizeof(rx),
						  &n, SCMIA_XFER_F_ASYNC)),
				 SCMIA_STATUS_GENERIC_ERROR);
	}
	assert_true(w->vnow - t0 < 8000u);
	assert_int_equal(scmia_med_guest_counter(&w->g[GC].mg, SCMIA_MED_CNT_TIMEOUTS), 2);
	mw_run(w, 15000);
	assert_int_equal(scmia_med_guest_counter(&w->g[GC].mg, SCMIA_MED_CNT_TIMEOUTS), 2);
	assert_int_equal(scmia_med_guest_counter(&w->g[GC].mg, SCMIA_MED_CNT_STALE), 0);
	/* A deadline passing after a reset is not the new guest's. */
	{
		struct scmia_xfer *x;
		struct jdone d;

		memset(&d, 0, sizeof(d));
		assert_int_equal(scmia_xfer_get(&w->g[GC].agent, SCMIA_SIM_TEST_PROTO,
						SCMIA_SIM_TEST_SLOW, 4, 0, &x),
				 0);
		scmia_put_le32(x->tx_buf, 15u);
		assert_int_equal(scmia_xfer_submit(x, 0, jcb, &d), 0);
		mw_run(w, 1000);
		assert_int_equal(scmia_med_guest_reset(&w->g[GC].mg), 0);
		assert_int_equal(scmia_smt_server_reset(&w->g[GC].srv), 0);
		mw_run(w, 20000);
		assert_int_equal(scmia_med_guest_counter(&w->g[GC].mg, SCMIA_MED_CNT_TIMEOUTS), 2);
		assert_int_equal(scmia_med_guest_counter(&w->g[GC].mg, SCMIA_MED_CNT_REAPED), 1);
		for (i = 0; i < 200u && !d.called; i++) {
			(void)scmia_agent_service(&w->g[GC].agent);
			mw_run(w, 1000);
		}
		assert_int_equal(d.called, 1);
		(void)scmia_xfer_put(x);
	}
	/* A platform that does not answer in its channel's time: the guest
	 * gets GENERIC_ERROR too (A has no deadline of its own). */
	assert_int_equal(mw_status(mw_cmdw(w, GA, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW,
					   (const uint32_t[]){ 25 }, 1, rx, sizeof(rx), &n)),
			 SCMIA_STATUS_GENERIC_ERROR);
	assert_int_equal(scmia_med_guest_counter(&w->g[GA].mg, SCMIA_MED_CNT_PLATFORM_ERRORS), 1);
}

/* ---- reset ---- */

static void test_guest_reset(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0;
	unsigned inflight = 0, subs = 0;
	uint32_t p2a_before;

	(void)state;
	/* B: a subscription held alone, one shared with A, and an
	 * asynchronous command in flight. */
	assert_int_equal(notify(w, GA, 0x9, 0, 1), 0);
	assert_int_equal(notify(w, GB, 0x9, 1, 1), 0);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 2);
	{
		struct scmia_xfer *x;

		assert_int_equal(scmia_xfer_get(&w->g[GB].agent, SCMIA_SIM_TEST_PROTO,
						SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x),
				 0);
		scmia_put_le32(x->tx_buf, 5u);
		scmia_put_le32((uint8_t *)x->tx_buf + 4, 10000u);
		assert_int_equal(scmia_xfer_do(x, 0), 0);
		(void)scmia_xfer_put(x);
	}
	assert_int_equal(scmia_med_guest_stats(&w->g[GB].mg, &inflight, &subs), 0);
	assert_int_equal(inflight, 1);
	assert_int_equal(subs, 1);

	/* B dies and comes back on clean areas. */
	mw_guest_agent_down(w, GB);
	assert_int_equal(scmia_med_guest_reset(&w->g[GB].mg), 0);
	assert_int_equal(scmia_smt_server_reset(&w->g[GB].srv), 0);
	assert_int_equal(mw_guest_agent_up(w, GB, 0), 0);
	p2a_before = w->g[GB].p2a_irqs;
	/* Its subscription is gone; A's stays (the platform keeps it). */
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 1);
	assert_int_equal(w->clk.notify_changed & (1u << 2), 1u << 2);
	assert_int_equal(scmia_med_guest_stats(&w->g[GB].mg, &inflight, &subs), 0);
	assert_int_equal(subs, 0);
	/* The old delayed response is reaped: the new B never sees it. */
	mw_run(w, 20000);
	assert_int_equal(w->g[GB].p2a_irqs, p2a_before);
	assert_int_equal(scmia_med_guest_counter(&w->g[GB].mg, SCMIA_MED_CNT_REAPED), 1);
	assert_int_equal(scmia_med_guest_stats(&w->g[GB].mg, &inflight, &subs), 0);
	assert_int_equal(inflight, 0);
	/* The new B works. */
	assert_int_equal(mw_cmdw(w, GB, 0x14, 0x6, (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);

	/* A, the last holder, dies: the platform subscription is disabled. */
	mw_guest_agent_down(w, GA);
	assert_int_equal(scmia_med_guest_reset(&w->g[GA].mg), 0);
	mw_run(w, 100);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 0);
	assert_int_equal(w->clk.notify_changed & (1u << 2), 0);
	/* Removing a guest: nothing of it is left. */
	assert_int_equal(scmia_med_guest_remove(&w->g[GA].mg), 0);
	assert_int_equal(mw_cmdw(w, GB, 0x14, 0x6, (const uint32_t[]){ 1 }, 1, rx, sizeof(rx), &n),
			 0);
}

/* A guest being removed (a command still in flight) gets nothing new:
 * no event, no reply; the removal completes once the platform is done. */
static void test_removing_guest_gets_nothing(void **state)
{
	struct mw *w = &world;
	struct scmia_xfer *x;
	struct jdone d;
	uint8_t p[12];
	uint32_t unrouted;
	unsigned i;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(scmia_xfer_get(&w->g[GA].agent, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_SLOW,
					4, 0, &x),
			 0);
	scmia_put_le32(x->tx_buf, 5u); /* 5 ms */
	assert_int_equal(scmia_xfer_submit(x, 0, jcb, &d), 0);
	mw_run(w, 100);
	assert_int_equal(scmia_med_guest_remove(&w->g[GA].mg), SCMIA_EBUSY);
	assert_int_equal(scmia_med_guest_remove(&w->g[GA].mg), SCMIA_EBUSY);
	/* An event of A's source 0 (platform 7). */
	unrouted = scmia_med_counter(&w->med, SCMIA_MED_CNT_UNROUTED);
	scmia_put_le32(p, 1);
	scmia_put_le32(p + 4, 7);
	scmia_put_le32(p + 8, 1);
	assert_int_equal(scmia_sim_notify(&w->sim, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_EVT, p, 12),
			 0);
	mw_run(w, 1000);
	assert_int_equal(mw_notifs(w, GA, SCMIA_SIM_TEST_PROTO, 0), 0);
	assert_int_equal(scmia_med_counter(&w->med, SCMIA_MED_CNT_UNROUTED), unrouted + 1u);
	/* The platform answers: reaped, and A is gone. */
	for (i = 0; i < 100u && scmia_med_guest_remove(&w->g[GA].mg) == SCMIA_EBUSY; i++)
		mw_run(w, 1000);
	assert_int_equal(scmia_med_guest_remove(&w->g[GA].mg), SCMIA_ESTATE);
	assert_int_equal(scmia_med_guest_counter(&w->g[GA].mg, SCMIA_MED_CNT_REAPED), 1);
	/* A's agent never got an answer: its own timeout ends the transfer. */
	for (i = 0; i < 100u && !d.called; i++) {
		mw_run(w, 1000);
		(void)scmia_agent_service(&w->g[GA].agent);
	}
	assert_int_equal(d.called, 1);
	assert_int_equal(d.res, SCMIA_ETIMEDOUT);
	(void)scmia_xfer_put(x);
}

/* ---- a guest on virtio-scmi: several commands in flight ---- */

#if MW_HAVE_VIRTIO
struct vdone {
	int called, res;
	uint32_t v;
};

static struct scmia_notifier v_nf;
static unsigned v_seen;
static uint32_t v_clock, v_rate;

static void v_note(void *ctx, const struct scmia_notification *n)
{
	(void)ctx;
	v_seen++;
	v_clock = n->len >= 8u ? scmia_get_le32((const uint8_t *)n->payload + 4) : 0xffffffffu;
	v_rate = n->len >= 12u ? scmia_get_le32((const uint8_t *)n->payload + 8) : 0u;
}

static void vcb(void *arg, struct scmia_xfer *x, int res)
{
	struct vdone *d = (struct vdone *)arg;

	d->called++;
	d->res = res;
	d->v = x->rx_len >= 4u ? scmia_get_le32(x->rx_buf) : 0u;
}

static void test_virtio_guest_quota_and_events(void **state)
{
	struct mw *w = &world;
	struct mw_vguest *v = &w->vg[0];
	struct scmia_xfer *x[4];
	struct vdone d[4];
	unsigned i, inflight = 0, ok = 0, busy = 0;
	uint8_t rx[32];
	uint32_t n = 0;

	(void)state;
	/* V sees clock 0 = ddr (as A does) and may have 2 commands out. */
	assert_int_equal(mw_vguest_add(w, 0, 31, "virtio-guest", &pol_a, 2, 2), 0);
	memset(d, 0, sizeof(d));
	for (i = 0; i < 4u; i++) {
		assert_int_equal(scmia_xfer_get(&v->v.agent, SCMIA_SIM_TEST_PROTO,
						SCMIA_SIM_TEST_SLOW, 4, 0, &x[i]),
				 0);
		scmia_put_le32(x[i]->tx_buf, 2u);
		assert_int_equal(scmia_xfer_submit(x[i], 0, vcb, &d[i]), 0);
	}
	mw_step(w);
	assert_int_equal(scmia_med_guest_stats(&v->mg, &inflight, NULL), 0);
	assert_int_equal(inflight, 2);
	mw_run(w, 5000);
	for (i = 0; i < 4u; i++) {
		assert_int_equal(d[i].called, 1);
		if (d[i].res == 0)
			ok++;
		else if (d[i].res == SCMIA_E_SCMI_BUSY)
			busy++;
		(void)scmia_xfer_put(x[i]);
	}
	assert_int_equal(ok, 2);
	assert_int_equal(busy, 2);
	assert_int_equal(scmia_med_guest_counter(&v->mg, SCMIA_MED_CNT_QUOTA), 2);
	/* Delayed response through the eventq, with the guest's clock id. */
	{
		uint8_t tx[16];

		scmia_put_le32(tx, 1u);
		scmia_put_le32(tx + 4, 0u);
		scmia_put_le32(tx + 8, 400000000u);
		scmia_put_le32(tx + 12, 0u);
		assert_int_equal(scmia_cmd(&v->v.agent, 0x14, 0x5, tx, 16, rx, sizeof(rx), &n,
					   SCMIA_XFER_F_ASYNC),
				 0);
		assert_int_equal(scmia_get_le32(rx), 0);
	}
	/* A (SMT) and V (virtio) share a subscription; B changes the rate:
	 * V's agent gets CLOCK_RATE_CHANGED naming its clock 0. */
	memset(&v_nf, 0, sizeof(v_nf));
	v_nf.proto_id = 0x14;
	v_nf.evt_id = 0;
	v_nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	v_nf.fn = v_note;
	v_seen = 0;
	assert_int_equal(scmia_notify_register(&v->v.agent, &v_nf), 0);
	assert_int_equal(notify(w, GA, 0x9, 0, 1), 0);
	{
		/* CLOCK_RATE_NOTIFY (clock 0, notify_enable 1): the SCMI
		 * payload is little-endian bytes, not host words. */
		uint8_t tx[8];

		scmia_put_le32(tx, 0u);
		scmia_put_le32(tx + 4, 1u);
		assert_int_equal(scmia_cmd(&v->v.agent, 0x14, 0x9, tx, 8, rx, sizeof(rx), &n, 0),
				 0);
	}
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 2);
	assert_int_equal(mw_cmdw(w, GB, 0x14, 0x5, (const uint32_t[]){ 0, 1, 1600000000u, 0 }, 4,
				 rx, sizeof(rx), &n),
			 0);
	mw_run(w, 200);
	assert_int_equal(mw_notifs(w, GA, 0x14, 0), 1);
	assert_int_equal(scmia_med_guest_counter(&v->mg, SCMIA_MED_CNT_NOTIFS), 1);
	assert_int_equal(v_seen, 1);
	assert_int_equal(v_clock, 0);
	assert_int_equal(v_rate, 1600000000u);
}
#endif

/* ---- tables ---- */

static void test_vendor_table_checked(void **state)
{
	struct scmia_med_msg bad_msg = mw_test_desc.msgs[2];
	struct scmia_med_proto_desc bad = mw_test_desc;
	const struct scmia_med_proto_desc *descs[1] = { &bad };
	struct scmia_med_cfg cfg;
	struct scmia_mediator med;
	struct mw *w = &world;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.agent = &w->plat;
	cfg.descs = descs;
	cfg.n_descs = 1;
	/* An id read past the message's minimum length. */
	bad_msg.id_at = 4;
	bad.msgs = &bad_msg;
	bad.n_msgs = 1;
	bad.n_evts = 0;
	assert_int_equal(scmia_med_init(&med, &cfg), SCMIA_EINVAL);
	/* A class that does not exist. */
	bad_msg = mw_test_desc.msgs[2];
	bad_msg.cls = 5;
	assert_int_equal(scmia_med_init(&med, &cfg), SCMIA_EINVAL);
	/* Every standard table passes the same checks. */
	bad_msg = mw_test_desc.msgs[2];
	assert_int_equal(scmia_med_init(&med, &cfg), 0);
	assert_int_equal(scmia_med_deinit(&med), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_base_per_guest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap_sensor_enumeration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap_replies_and_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap_pinctrl, setup_c, teardown),
		cmocka_unit_test_setup_teardown(test_fanout_refcounted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subscription_join, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removing_guest_gets_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_to_resource_subscribers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_event_unrouted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_id_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_param_subscription_not_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_reserved_bits_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enable_during_disable_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vendor_events_to_owners, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quota_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_deadline, setup_c, teardown),
		cmocka_unit_test_setup_teardown(test_guest_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vendor_table_checked, setup, teardown),
#if MW_HAVE_VIRTIO
		cmocka_unit_test_setup_teardown(test_virtio_guest_quota_and_events, setup, teardown),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

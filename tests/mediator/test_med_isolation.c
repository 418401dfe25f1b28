/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Isolation and a hostile guest, in the stepped world (mworld.h).
 *
 * Two well-behaved guests (A, B) run ECHO, ASYNC_WORK and TRIGGER_EVENT of
 * the vendor test protocol with payloads unique to them (a marker of the
 * guest, a sequence number, a random nonce and a checksum over them).
 * Between every step of the world a hostile guest H acts on its own
 * areas: arbitrary bytes, doorbell storms, commands carrying the very
 * tokens A and B use at that moment, lengths and headers out of bounds,
 * floods up to and beyond its quota, subscriptions beyond its quota, a
 * p2a area it never gives back, forged acknowledgements.
 *
 * Checked: every reply, delayed response and notification A and B get is
 * theirs (payload and checksum, delayed value, event sequence numbers);
 * nothing of A's or B's ever appears in H's areas; H never holds more
 * platform slots than its quota; A and B are answered within a bound of
 * virtual time whatever H does; the platform channel ends with no slot
 * held and no token in flight; H's misdeeds are counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mworld.h"

#define GA 0u
#define GB 1u
#define GH 2u
#define MARK_A 0xa5a1u
#define MARK_B 0xa5b2u
#define ROUNDS 120u
#define H_QUOTA 2u
/* Most virtual time a well-behaved guest's ECHO may take, hostile or not. */
#define ECHO_BOUND_US 1000u

static const struct scmia_med_res a_test[] = { { 7, 0 } };
static const struct scmia_med_res b_test[] = { { 9, 0 } };
static const struct scmia_med_res h_test[] = { { 11, 0 } };
static const struct scmia_med_res shared_clk[] = { { 2, 0 }, { 0, 0 }, { 1, 0 } };
static const struct scmia_med_proto_policy a_protos[] = {
	{ 0x14, 0, { 3, 0, 0 }, { shared_clk, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { a_test, NULL, NULL } },
};
static const struct scmia_med_proto_policy b_protos[] = {
	{ 0x14, 0, { 3, 0, 0 }, { shared_clk, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { b_test, NULL, NULL } },
};
static const struct scmia_med_proto_policy h_protos[] = {
	{ 0x14, 0, { 3, 0, 0 }, { shared_clk, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { h_test, NULL, NULL } },
};
static const struct scmia_med_policy pol_a = { a_protos, 2, 0, 0, 0, NULL, NULL, 0 };
static const struct scmia_med_policy pol_b = { b_protos, 2, 0, 0, 0, NULL, NULL, 0 };
static const struct scmia_med_policy pol_h = { h_protos, 2, 0, 0, 0, NULL, NULL, 0 };

static struct mw world;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ull) >> 32);
}

/* A word the hostile guest may write: never one of A's or B's markers. */
static uint32_t hword(void)
{
	uint32_t v = rnd();

	if ((v >> 16) == MARK_A || (v >> 16) == MARK_B)
		v ^= 0x00010000u;
	return v;
}

struct hstate {
	unsigned actions[16];
	unsigned marker_leaks;
	unsigned over_quota;
	int quiet; /* stop acting (end of run) */
};

static struct hstate hs;

static void h_write(struct mw_guest *h, uint32_t off, uint32_t v)
{
	scmia_put_le32((uint8_t *)h->a2p_area + off, v);
}

/* Two consecutive words carrying A's (or B's) marker are a leak of their
 * payload (the sim's checksums and H's own words are random: one of them
 * may look like a marker, two in a row do not). */
static unsigned leaks(const uint32_t *area)
{
	unsigned i, n = 0;

	for (i = 0; i + 1u < MW_AREA / 4u; i++) {
		uint32_t v = scmia_get_le32(&area[i]) >> 16, u = scmia_get_le32(&area[i + 1u]) >> 16;

		if ((v == MARK_A || v == MARK_B) && u == v)
			n++;
	}
	return n;
}

static void hostile_step(struct mw *w, void *arg)
{
	struct mw_guest *h = &w->g[GH];
	uint32_t k = rnd() % 16u, i, tok;
	unsigned inflight = 0;

	(void)arg;
	hs.marker_leaks += leaks(h->a2p_area) + leaks(h->p2a_area);
	(void)scmia_med_guest_stats(&h->mg, &inflight, NULL);
	if (inflight > H_QUOTA)
		hs.over_quota++;
	if (hs.quiet)
		return;
	hs.actions[k]++;
	/* The token A or B has in flight right now, half of the time. */
	tok = (rnd() & 1u) ? scmia_hdr_token(scmia_get_le32((uint8_t *)w->g[rnd() & 1u].a2p_area +
							     SCMIA_SMT_OFF_HEADER))
			   : rnd() & 0x3ffu;
	switch (k) {
	case 0:
	case 1:
	case 2:
		/* Arbitrary bytes over the whole area, then the doorbell. */
		for (i = 0; i < MW_AREA; i += 4)
			h_write(h, i, hword());
		if (rnd() & 1u)
			h_write(h, SCMIA_SMT_OFF_STATUS, 0);
		(void)scmia_smt_server_doorbell(&h->srv);
		break;
	case 3:
	case 4:
		/* Doorbell storm. */
		for (i = 0; i < 20u; i++)
			(void)scmia_smt_server_doorbell(&h->srv);
		break;
	case 5:
	case 6:
		/* A well-formed ECHO with another guest's token. */
		h_write(h, SCMIA_SMT_OFF_HEADER,
			scmia_hdr_pack(SCMIA_SIM_TEST_ECHO, 0, SCMIA_SIM_TEST_PROTO, tok));
		h_write(h, SCMIA_SMT_OFF_PAYLOAD, hword());
		h_write(h, SCMIA_SMT_OFF_LENGTH, 8);
		h_write(h, SCMIA_SMT_OFF_FLAGS, rnd() & 1u);
		h_write(h, SCMIA_SMT_OFF_STATUS, 0);
		(void)scmia_smt_server_doorbell(&h->srv);
		break;
	case 7:
		/* Hold platform slots: SLOW commands, asynchronous work. */
		if (rnd() & 1u) {
			h_write(h, SCMIA_SMT_OFF_HEADER,
				scmia_hdr_pack(SCMIA_SIM_TEST_SLOW, 0, SCMIA_SIM_TEST_PROTO, tok));
			h_write(h, SCMIA_SMT_OFF_PAYLOAD, 1u + rnd() % 4u);
		} else {
			h_write(h, SCMIA_SMT_OFF_HEADER,
				scmia_hdr_pack(SCMIA_SIM_TEST_ASYNC_WORK, 0, SCMIA_SIM_TEST_PROTO,
					       tok));
			h_write(h, SCMIA_SMT_OFF_PAYLOAD, hword());
		}
		h_write(h, SCMIA_SMT_OFF_LENGTH, 8);
		h_write(h, SCMIA_SMT_OFF_FLAGS, 0);
		h_write(h, SCMIA_SMT_OFF_STATUS, 0);
		(void)scmia_smt_server_doorbell(&h->srv);
		break;
	case 8:
		/* Subscriptions, on and off, beyond its quota. */
		h_write(h, SCMIA_SMT_OFF_HEADER, scmia_hdr_pack(0x9, 0, 0x14, tok));
		h_write(h, SCMIA_SMT_OFF_PAYLOAD, rnd() % 4u);
		h_write(h, SCMIA_SMT_OFF_PAYLOAD + 4, rnd() & 1u);
		h_write(h, SCMIA_SMT_OFF_LENGTH, 12);
		h_write(h, SCMIA_SMT_OFF_FLAGS, 0);
		h_write(h, SCMIA_SMT_OFF_STATUS, 0);
		(void)scmia_smt_server_doorbell(&h->srv);
		break;
	case 9:
		/* Its p2a area: garbage, or a forged acknowledgement without
		 * giving it back, or (rarely) given back. */
		if ((rnd() & 7u) == 0)
			scmia_put_le32((uint8_t *)h->p2a_area + SCMIA_SMT_OFF_STATUS,
				       SCMIA_SMT_STATUS_FREE);
		else
			scmia_put_le32((uint8_t *)h->p2a_area + SCMIA_SMT_OFF_STATUS,
				       hword() & ~SCMIA_SMT_STATUS_FREE);
		for (i = 0; i < 5u; i++)
			(void)scmia_smt_server_ack(&h->srv);
		break;
	case 10:
		/* Events of its own source, which it never reads. */
		h_write(h, SCMIA_SMT_OFF_HEADER,
			scmia_hdr_pack(SCMIA_SIM_TEST_TRIGGER_EVENT, 0, SCMIA_SIM_TEST_PROTO,
				       tok));
		h_write(h, SCMIA_SMT_OFF_PAYLOAD, 0);
		h_write(h, SCMIA_SMT_OFF_PAYLOAD + 4, 1u + rnd() % 8u);
		h_write(h, SCMIA_SMT_OFF_LENGTH, 12);
		h_write(h, SCMIA_SMT_OFF_FLAGS, 0);
		h_write(h, SCMIA_SMT_OFF_STATUS, 0);
		(void)scmia_smt_server_doorbell(&h->srv);
		break;
	case 11:
		/* Lengths out of bounds, headers that are not commands. */
		h_write(h, SCMIA_SMT_OFF_HEADER, (rnd() & 1u) ? hword() | 0x100u : hword() | 0x10000000u);
		h_write(h, SCMIA_SMT_OFF_LENGTH,
			(rnd() & 1u) ? 4u + 4u * (rnd() % 8u)
				     : ((rnd() & 1u) ? rnd() % 4u : 4u * MW_AREA + rnd()));
		h_write(h, SCMIA_SMT_OFF_STATUS, 0);
		(void)scmia_smt_server_doorbell(&h->srv);
		break;
	case 12:
		/* Commands it may not send: Base permissions, a protocol not in
		 * its policy, a clock outside its map, a message nobody knows. */
		h_write(h, SCMIA_SMT_OFF_HEADER,
			scmia_hdr_pack((uint8_t)rnd(), 0, (uint8_t)(0x10u + rnd() % 10u), tok));
		h_write(h, SCMIA_SMT_OFF_PAYLOAD, rnd() % 8u);
		h_write(h, SCMIA_SMT_OFF_PAYLOAD + 4, hword());
		h_write(h, SCMIA_SMT_OFF_LENGTH, 4u + 4u * (rnd() % 3u));
		h_write(h, SCMIA_SMT_OFF_FLAGS, rnd() & 1u);
		h_write(h, SCMIA_SMT_OFF_STATUS, 0);
		(void)scmia_smt_server_doorbell(&h->srv);
		break;
	case 13:
		/* It sets FREE itself in the middle of a command (takes the
		 * area back early) and rings again. */
		h_write(h, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
		(void)scmia_smt_server_doorbell(&h->srv);
		h_write(h, SCMIA_SMT_OFF_STATUS, 0);
		(void)scmia_smt_server_doorbell(&h->srv);
		break;
	default:
		/* A tight storm of polls. */
		for (i = 0; i < 10u; i++)
			(void)scmia_smt_server_poll(&h->srv);
		break;
	}
}

static uint32_t fnv(const uint8_t *p, unsigned n)
{
	uint32_t h = 2166136261u;
	unsigned i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

struct gstate {
	uint32_t seqs[256];  /* event sequence numbers this guest triggered */
	unsigned n_seqs;
	unsigned echoes, asyncs, triggers;
	uint64_t worst_us;
};

static struct gstate gs[2];

static void echo(struct mw *w, unsigned g, uint16_t mark, uint32_t seq)
{
	uint8_t tx[16], rx[64];
	uint32_t n = 0;
	uint64_t t0 = w->vnow;

	scmia_put_le32(tx, ((uint32_t)mark << 16) | g);
	scmia_put_le32(tx + 4, ((uint32_t)mark << 16) | (seq & 0xffffu));
	scmia_put_le32(tx + 8, ((uint32_t)mark << 16) | (rnd() & 0xffffu));
	scmia_put_le32(tx + 12, fnv(tx, 12));
	assert_int_equal(mw_cmd(w, g, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, tx, 16, rx,
				sizeof(rx), &n, 0),
			 0);
	/* Our bytes back, and the platform's checksum word after them. */
	assert_int_equal(n, 20);
	assert_memory_equal(rx, tx, 16);
	assert_int_equal(scmia_get_le32(rx + 12), fnv(rx, 12));
	if (w->vnow - t0 > gs[g].worst_us)
		gs[g].worst_us = w->vnow - t0;
	gs[g].echoes++;
}

static void async_work(struct mw *w, unsigned g, uint16_t mark, uint32_t seq)
{
	uint8_t tx[4], rx[16];
	uint32_t n = 0, v = ((uint32_t)mark << 16) | (seq & 0xffffu);

	scmia_put_le32(tx, v);
	assert_int_equal(mw_cmd(w, g, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, tx, 4, rx,
				sizeof(rx), &n, SCMIA_XFER_F_ASYNC),
			 0);
	assert_int_equal(n, 8);
	assert_int_equal(scmia_get_le32(rx), scmia_sim_test_async_value(v));
	gs[g].asyncs++;
}

static void trigger(struct mw *w, unsigned g)
{
	uint8_t tx[8], rx[16];
	uint32_t n = 0, first, i;

	scmia_put_le32(tx, 0);
	scmia_put_le32(tx + 4, 2);
	assert_int_equal(mw_cmd(w, g, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_TRIGGER_EVENT, tx, 8,
				rx, sizeof(rx), &n, 0),
			 0);
	first = scmia_get_le32(rx);
	for (i = 0; i < 2u && gs[g].n_seqs < 256u; i++)
		gs[g].seqs[gs[g].n_seqs++] = first + i;
	gs[g].triggers++;
}

static int mine(unsigned g, uint32_t seq)
{
	unsigned i;

	for (i = 0; i < gs[g].n_seqs; i++)
		if (gs[g].seqs[i] == seq)
			return 1;
	return 0;
}

static void test_hostile_guest_contained(void **state)
{
	struct mw *w = &world;
	unsigned r, g, i, nfree = 0, nheld = 0, ninfl = 0;
	struct scmia_smt_server_stats hst;

	(void)state;
	memset(&hs, 0, sizeof(hs));
	memset(gs, 0, sizeof(gs));
	assert_int_equal(mw_init(w, NULL), 0);
	assert_int_equal(mw_guest_add(w, GA, 21, "a", &pol_a, 4, 2, 1), 0);
	assert_int_equal(mw_guest_add(w, GB, 22, "b", &pol_b, 4, 2, 0), 0);
	assert_int_equal(mw_guest_add(w, GH, 23, "h", &pol_h, H_QUOTA, 1, -1), 0);
	w->on_step = hostile_step;

	for (r = 0; r < ROUNDS; r++) {
		for (g = 0; g < 2u; g++) {
			uint16_t mark = g ? MARK_B : MARK_A;

			echo(w, g, mark, r);
			if (r % 3u == 0)
				async_work(w, g, mark, r);
			if (r % 8u == 0)
				trigger(w, g);
		}
	}
	/* Let everything in flight end, H quiet. */
	hs.quiet = 1;
	mw_run(w, 200000);

	for (g = 0; g < 2u; g++) {
		struct mw_guest *gg = &w->g[g];

		/* Every worst case stays within the bound despite H. */
		assert_true(gs[g].worst_us <= ECHO_BOUND_US);
		/* Notifications: only the guest's own events, under its own
		 * source id 0, the platform's agent id shown as 0. */
		assert_int_equal(mw_notifs(w, g, SCMIA_SIM_TEST_PROTO, 0), gs[g].n_seqs);
		for (i = 0; i < gg->n_notifs; i++) {
			const struct mw_notif *n = &gg->notifs[i];

			assert_int_equal(n->proto_id, SCMIA_SIM_TEST_PROTO);
			assert_int_equal(scmia_get_le32(n->payload), 0);
			assert_int_equal(scmia_get_le32(n->payload + 4), 0);
			assert_true(mine(g, scmia_get_le32(n->payload + 8)));
			assert_false(mine(g ^ 1u, scmia_get_le32(n->payload + 8)));
		}
		assert_int_equal(scmia_med_guest_counter(&gg->mg, SCMIA_MED_CNT_DENIED), 0);
		assert_int_equal(scmia_med_guest_counter(&gg->mg, SCMIA_MED_CNT_QUOTA), 0);
		assert_int_equal(scmia_med_guest_counter(&gg->mg, SCMIA_MED_CNT_NO_SLOT), 0);
		assert_int_equal(scmia_med_guest_counter(&gg->mg, SCMIA_MED_CNT_P2A_DROPS), 0);
	}
	/* Nothing of A's or B's reached H's areas; H never held more than
	 * its quota. */
	assert_int_equal(hs.marker_leaks, 0);
	assert_int_equal(hs.over_quota, 0);
	/* H's misdeeds were each seen and counted. */
	for (i = 0; i < 16u; i++)
		assert_true(hs.actions[i] > 0);
	assert_int_equal(scmia_smt_server_counters(&w->g[GH].srv, &hst), 0);
	assert_true(hst.storms > 0);
	assert_true(hst.bad_len > 0);
	assert_true(hst.bad_hdr > 0);
	assert_true(hst.not_handed > 0);
	assert_true(hst.notif_drops + hst.dresp_drops > 0);
	assert_true(scmia_med_guest_counter(&w->g[GH].mg, SCMIA_MED_CNT_QUOTA) > 0);
	assert_true(scmia_med_guest_counter(&w->g[GH].mg, SCMIA_MED_CNT_SUB_QUOTA) > 0);
	assert_true(scmia_med_guest_counter(&w->g[GH].mg, SCMIA_MED_CNT_NOT_SUPPORTED) +
			    scmia_med_guest_counter(&w->g[GH].mg, SCMIA_MED_CNT_NOT_FOUND) +
			    scmia_med_guest_counter(&w->g[GH].mg, SCMIA_MED_CNT_DENIED) >
		    0);
	assert_true(scmia_med_guest_counter(&w->g[GH].mg, SCMIA_MED_CNT_P2A_DROPS) > 0);
	/* The platform channel is not wedged: nothing held, no token out. */
	assert_int_equal(scmia_chan_stats(&w->pa2p, &nfree, &nheld, &ninfl), 0);
	assert_int_equal(nheld, 0);
	assert_int_equal(ninfl, 0);
	assert_int_equal(nfree, MW_PMAX);
	/* And everybody still works. */
	echo(w, GA, MARK_A, 9999);
	echo(w, GB, MARK_B, 9999);
	w->on_step = NULL;
	assert_int_equal(mw_fini(w), 0);
}

/* H subscribes and unsubscribes the clock A listens to as fast as it can:
 * A's subscription never drops on the platform, A sees every change. */
static void test_hostile_subscription_churn(void **state)
{
	struct mw *w = &world;
	uint8_t rx[16];
	uint32_t n = 0, k;
	static const uint32_t ddr_mhz[] = { 400, 800, 1066, 1600 };

	(void)state;
	assert_int_equal(mw_init(w, NULL), 0);
	assert_int_equal(mw_guest_add(w, GA, 21, "a", &pol_a, 4, 2, 1), 0);
	assert_int_equal(mw_guest_add(w, GB, 22, "b", &pol_b, 4, 2, 0), 0);
	assert_int_equal(mw_cmdw(w, GA, 0x14, 0x9, (const uint32_t[]){ 0, 1 }, 2, rx, sizeof(rx),
				 &n),
			 0);
	for (k = 0; k < 40u; k++) {
		/* B (hostile here) flips its subscription of the same clock. */
		int ret = mw_cmdw(w, GB, 0x14, 0x9, (const uint32_t[]){ 0, k & 1u ? 0u : 1u }, 2,
				  rx, sizeof(rx), &n);

		assert_true(ret == 0 || mw_status(ret) == SCMIA_STATUS_BUSY);
		assert_int_not_equal(w->clk.notify_changed & (1u << 2), 0);
		assert_int_equal(mw_cmdw(w, GB, 0x14, 0x5,
					 (const uint32_t[]){ 0, 0, 1000000u * ddr_mhz[k % 4u], 0 },
					 4, rx, sizeof(rx), &n),
				 0);
		mw_run(w, 100);
	}
	/* A saw each of the 40 changes (its clock 0 is platform clock 2). */
	assert_int_equal(mw_notifs(w, GA, 0x14, 0), 40);
	assert_int_equal(scmia_med_sub_refs(&w->med, 0x14, 0x9, 2), 1);
	assert_int_equal(mw_fini(w), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_guest_contained),
		cmocka_unit_test(test_hostile_subscription_churn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

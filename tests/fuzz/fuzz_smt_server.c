/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness: the guest-facing side of the SMT server, with the
 * mediator and the simulated platform behind it (mworld.h).
 *
 * The input is a program for a hostile guest H that owns an SMT channel
 * pair: words written anywhere in its areas, commands of every protocol
 * with any token, length, flags and parameters, doorbells, polls, forged
 * acknowledgements, resets, time passing. An honest guest A, a scmia
 * agent on its own SMT channel, runs checked commands in between.
 *
 * Invariants (fz_fail(): "FUZZ-INVARIANT [tag]", abort):
 * - [misrouted] every reply and delayed response A gets is its own (its
 *   payload back, the value derived from its own);
 * - [leak] A's payload never shows in H's areas;
 * - [quota] H never has more commands on the platform than its quota;
 * - [wedged] at the end the platform channel holds no slot and no token,
 *   H can be removed, A still works.
 * Built with libFuzzer (-fsanitize=fuzzer) or with common/replay.c.
 */
#include <string.h>

#include "fz.h"
#include "mworld.h"

#define GA 0u
#define GH 1u
#define H_QUOTA 2u
#define MARK 0xa5a1u

#define FAIL(tag, ...) fz_fail(tag, __VA_ARGS__)

static const struct scmia_med_res a_clk[] = { { 2, 0 } };
static const struct scmia_med_res a_test[] = { { 7, 0 } };
static const struct scmia_med_proto_policy a_protos[] = {
	{ 0x14, 0, { 1, 0, 0 }, { a_clk, NULL, NULL } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { a_test, NULL, NULL } },
};
static const struct scmia_med_policy pol_a = { a_protos, 2, 0, 0, 0, NULL, NULL, 0 };

/* H sees a bit of every protocol, so that every table entry is reached. */
static const struct scmia_med_res h_two[] = { { 2, 0 }, { 1, SCMIA_MED_RES_RO } };
static const struct scmia_med_res h_one[] = { { 0, 0 } };
static const struct scmia_med_res h_pins[] = { { 0, 0 }, { 1, 0 }, { 2, 0 }, { 3, 0 } };
static const struct scmia_med_res h_test[] = { { 11, 0 } };
static const struct scmia_med_proto_policy h_protos[] = {
	{ 0x11, 0, { 2, 0, 0 }, { h_two, NULL, NULL } },
	{ 0x12, SCMIA_MED_P_RO, { 0, 0, 0 }, { NULL, NULL, NULL } },
	{ 0x13, 0, { 2, 0, 0 }, { h_two, NULL, NULL } },
	{ 0x14, 0, { 2, 0, 0 }, { h_two, NULL, NULL } },
	{ 0x15, 0, { 2, 0, 0 }, { h_two, NULL, NULL } },
	{ 0x16, 0, { 1, 0, 0 }, { h_one, NULL, NULL } },
	{ 0x17, 0, { 2, 0, 0 }, { h_two, NULL, NULL } },
	{ 0x18, 0, { 2, 0, 0 }, { h_two, NULL, NULL } },
	{ 0x19, 0, { 4, 1, 1 }, { h_pins, h_one, h_one } },
	{ SCMIA_SIM_TEST_PROTO, 0, { 1, 0, 0 }, { h_test, NULL, NULL } },
};
static const struct scmia_med_policy pol_h = { h_protos, 10, SCMIA_MED_G_SEE_GUESTS, 4000, 0,
					      NULL, NULL, 0 };

static struct mw world;

struct in {
	const uint8_t *p;
	size_t n, i;
};

static uint32_t u8(struct in *in)
{
	return in->i < in->n ? in->p[in->i++] : 0u;
}

static uint32_t u32(struct in *in)
{
	return u8(in) | (u8(in) << 8) | (u8(in) << 16) | (u8(in) << 24);
}

static void hw(struct mw *w, int p2a, uint32_t off, uint32_t v)
{
	uint8_t *a = (uint8_t *)(p2a ? w->g[GH].p2a_area : w->g[GH].a2p_area);

	scmia_put_le32(a + (off % (MW_AREA / 4u)) * 4u, v);
}

static void on_step(struct mw *w, void *arg)
{
	unsigned inflight = 0, i;

	(void)arg;
	(void)scmia_med_guest_stats(&w->g[GH].mg, &inflight, NULL);
	if (inflight > H_QUOTA)
		FAIL("quota", "H has %u commands out (quota %u)", inflight, H_QUOTA);
	for (i = 0; i + 1u < MW_AREA / 4u; i++) {
		uint32_t x = scmia_get_le32(&w->g[GH].a2p_area[i]) >> 16;
		uint32_t y = scmia_get_le32(&w->g[GH].a2p_area[i + 1u]) >> 16;
		uint32_t u = scmia_get_le32(&w->g[GH].p2a_area[i]) >> 16;
		uint32_t v = scmia_get_le32(&w->g[GH].p2a_area[i + 1u]) >> 16;

		if ((x == MARK && y == MARK) || (u == MARK && v == MARK))
			FAIL("leak", "A's payload in H's area");
	}
}

static uint32_t a_seq;

static void a_echo(struct mw *w)
{
	uint8_t tx[12], rx[32];
	uint32_t n = 0;
	int ret;

	a_seq++;
	scmia_put_le32(tx, (MARK << 16) | (a_seq & 0xffffu));
	scmia_put_le32(tx + 4, (MARK << 16) | 0x1234u);
	scmia_put_le32(tx + 8, a_seq * 2654435761u);
	ret = mw_cmd(w, GA, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ECHO, tx, 12, rx, sizeof(rx), &n,
		     0);
	if (ret != 0 || n != 16u || memcmp(rx, tx, 12) != 0)
		FAIL("misrouted", "A's ECHO %u: ret %d len %u", a_seq, ret, n);
}

static void a_async(struct mw *w)
{
	uint8_t tx[8], rx[16];
	uint32_t n = 0, v = (MARK << 16) | (++a_seq & 0xffffu);
	int ret;

	scmia_put_le32(tx, v);
	scmia_put_le32(tx + 4, 300u);
	ret = mw_cmd(w, GA, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_ASYNC_WORK, tx, 8, rx, sizeof(rx),
		     &n, SCMIA_XFER_F_ASYNC);
	if (ret != 0 || n != 8u || scmia_get_le32(rx) != scmia_sim_test_async_value(v))
		FAIL("misrouted", "A's ASYNC_WORK: ret %d len %u", ret, n);
}

/* A well-formed command of H's, any protocol, message, token. */
static void h_command(struct mw *w, struct in *in)
{
	static const uint8_t protos[] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
					  0x17, 0x18, 0x19, 0x80, 0x20 };
	uint32_t nw = u8(in) % 8u, k;
	uint8_t proto = protos[u8(in) % sizeof(protos)];
	uint8_t msg = (uint8_t)(u8(in) % 18u);

	hw(w, 0, SCMIA_SMT_OFF_HEADER / 4u, scmia_hdr_pack(msg, 0, proto, u32(in)));
	for (k = 0; k < nw; k++)
		hw(w, 0, SCMIA_SMT_OFF_PAYLOAD / 4u + k, (u8(in) & 1u) ? u8(in) % 4u : u32(in));
	hw(w, 0, SCMIA_SMT_OFF_LENGTH / 4u, 4u + 4u * nw);
	hw(w, 0, SCMIA_SMT_OFF_FLAGS / 4u, u8(in) & 1u);
	hw(w, 0, SCMIA_SMT_OFF_STATUS / 4u, 0);
	(void)scmia_smt_server_doorbell(&w->g[GH].srv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw *w = &world;
	struct in in = { data, size, 0 };
	unsigned ops = 0, nfree = 0, nheld = 0, ninfl = 0;

	if (mw_init(w, NULL) || mw_guest_add(w, GA, 21, "a", &pol_a, 4, 2, 1) ||
	    mw_guest_add(w, GH, 22, "h", &pol_h, H_QUOTA, 2, -1))
		FAIL("setup", "world");
	w->on_step = on_step;
	a_seq = 0;
	while (in.i < in.n && ops++ < 400u) {
		switch (u8(&in) % 16u) {
		case 0:
			hw(w, 0, u8(&in), u32(&in));
			break;
		case 1:
		case 2:
			h_command(w, &in);
			break;
		case 3:
			(void)scmia_smt_server_doorbell(&w->g[GH].srv);
			break;
		case 4:
			(void)scmia_smt_server_poll(&w->g[GH].srv);
			break;
		case 5:
			(void)scmia_smt_server_ack(&w->g[GH].srv);
			break;
		case 6:
			hw(w, 1, u8(&in), u32(&in));
			break;
		case 7: {
			unsigned k, m = 1u + u8(&in) % 16u;

			for (k = 0; k < m; k++)
				mw_step(w);
			break;
		}
		case 8:
			a_echo(w);
			break;
		case 9:
			a_async(w);
			break;
		case 10:
			/* H is reset by its hypervisor. */
			(void)scmia_med_guest_reset(&w->g[GH].mg);
			(void)scmia_smt_server_reset(&w->g[GH].srv);
			break;
		case 11: {
			uint8_t rx[16];
			uint32_t n = 0;

			(void)mw_cmdw(w, GA, 0x14, 0x9, (const uint32_t[]){ 0, u8(&in) & 1u }, 2,
				      rx, sizeof(rx), &n);
			break;
		}
		case 12:
			/* H gives its p2a area back, and says so. */
			hw(w, 1, SCMIA_SMT_OFF_STATUS / 4u, SCMIA_SMT_STATUS_FREE);
			(void)scmia_smt_server_ack(&w->g[GH].srv);
			break;
		case 13:
			mw_run(w, 1000u * (1u + u8(&in) % 8u));
			break;
		case 14:
			hw(w, 0, SCMIA_SMT_OFF_LENGTH / 4u, u32(&in));
			hw(w, 0, SCMIA_SMT_OFF_STATUS / 4u, u8(&in) % 4u);
			(void)scmia_smt_server_doorbell(&w->g[GH].srv);
			break;
		default: {
			/* A rate change of the clock A and H share. */
			uint8_t rx[16];
			uint32_t n = 0;

			(void)mw_cmdw(w, GA, 0x14, 0x5,
				      (const uint32_t[]){ 0, 0, (u8(&in) & 1u) ? 400000000u : 800000000u,
							  0 },
				      4, rx, sizeof(rx), &n);
			break;
		}
		}
	}
	/* H stops; everything in flight ends. */
	w->on_step = NULL;
	mw_run(w, 60000);
	(void)scmia_chan_stats(&w->pa2p, &nfree, &nheld, &ninfl);
	if (nheld || ninfl)
		FAIL("wedged", "platform channel: %u held, %u tokens out", nheld, ninfl);
	a_echo(w);
	if (mw_fini(w))
		FAIL("wedged", "a guest could not be removed");
	return 0;
}

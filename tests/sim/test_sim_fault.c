/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulated platform's fault script: each rule matches the messages it
 * names, fires as often as it says, and does what its action says. One
 * table of scenarios, run in virtual time against a capturing port (no
 * agent involved).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia_sim.h"

#define CAP_MAX 32u

struct cap_msg {
	unsigned kind; /* enum scmia_sim_kind, from the op used and the header type */
	uint32_t hdr;
	uint32_t len;
	uint8_t body[SCMIA_SIM_MSG_MAX];
};

struct cap {
	struct cap_msg m[CAP_MAX];
	unsigned n;
};

static int cap_put(struct cap *c, unsigned kind, uint32_t hdr, const void *body, uint32_t len)
{
	struct cap_msg *m;

	if (c->n >= CAP_MAX)
		return SCMIA_EINVAL;
	m = &c->m[c->n++];
	m->kind = kind;
	m->hdr = hdr;
	m->len = len;
	memcpy(m->body, body, len);
	return SCMIA_OK;
}

static int cap_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	(void)chan;
	return cap_put(ctx, SCMIA_SIM_K_RESP, hdr, body, len);
}

static int cap_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	(void)chan;
	return cap_put(ctx,
		       scmia_hdr_type(hdr) == SCMIA_MSG_TYPE_NOTIFICATION ? SCMIA_SIM_K_NOTIF :
									    SCMIA_SIM_K_DRESP,
		       hdr, body, len);
}

static const struct scmia_sim_port_ops cap_port = {
	.reply = cap_reply,
	.p2a = cap_p2a,
};

/* Commands of the scenarios (vendor test protocol 0x80). */
enum { C_ECHO, C_ASYNC, C_TRIGGER };

/* What one scenario expects of the first captured messages. */
struct expect {
	unsigned kind;
	uint8_t msg_id;
	uint32_t token;
	uint32_t len;       /* body length; UINT32_MAX: do not check */
	int64_t status;     /* first body word as int32; INT64_MAX: do not check */
	uint32_t hdr_xor;   /* expected header ^ the command's (type bits aside) */
};

#define ANY_LEN UINT32_MAX
#define ANY_ST INT64_MAX

struct scenario {
	const char *name;
	struct scmia_sim_fault rule;
	unsigned cmds[3];     /* commands sent at t = 0 with tokens 1, 2, 3 */
	unsigned n_cmds;
	uint32_t advance_us;  /* virtual time advanced before checking */
	unsigned n_out;       /* messages expected in total */
	struct expect out[5]; /* the first ones, in order */
	unsigned n_check;
	uint32_t matched, fired;
	unsigned injected;    /* enum scmia_sim_fault_action counted once per firing */
	uint32_t n_injected;
};

/* ECHO of 4 bytes: response body = status + 4 bytes + checksum = 12. */
#define ECHO_LEN 12u
/* ASYNC_WORK: response = status (4); delayed response = status + 2 words (12). */
#define E(kind, msg, tok, len, st) { kind, msg, tok, len, st, 0 }

static const struct scenario scenarios[] = {
	{ "drop second echo",
	  { .match = SCMIA_SIM_FM_MSG, .proto_id = 0x80, .msg_id = 0x3, .action = SCMIA_SIM_FA_DROP,
	    .skip = 1, .count = 1 },
	  { C_ECHO, C_ECHO, C_ECHO }, 3, 0, 2,
	  { E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0), E(SCMIA_SIM_K_RESP, 3, 3, ECHO_LEN, 0) }, 2,
	  3, 1, SCMIA_SIM_FA_DROP, 1 },
	{ "duplicate nth 2",
	  { .match = SCMIA_SIM_FM_NTH, .nth = 2, .action = SCMIA_SIM_FA_DUPLICATE },
	  { C_ECHO, C_ECHO }, 2, 0, 3,
	  { E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0), E(SCMIA_SIM_K_RESP, 3, 2, ECHO_LEN, 0),
	    E(SCMIA_SIM_K_RESP, 3, 2, ECHO_LEN, 0) }, 3,
	  1, 1, SCMIA_SIM_FA_DUPLICATE, 1 },
	{ "delay first past the second",
	  { .match = SCMIA_SIM_FM_NTH, .nth = 1, .action = SCMIA_SIM_FA_DELAY, .arg = 500 },
	  { C_ECHO, C_ECHO }, 2, 500, 2,
	  { E(SCMIA_SIM_K_RESP, 3, 2, ECHO_LEN, 0), E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0) }, 2,
	  1, 1, SCMIA_SIM_FA_DELAY, 1 },
	{ "async in order",
	  { .match = SCMIA_SIM_FM_PROTO, .proto_id = 0x11, .action = SCMIA_SIM_FA_DROP },
	  { C_ASYNC }, 1, 1000, 2,
	  { E(SCMIA_SIM_K_RESP, 4, 1, 4, 0), E(SCMIA_SIM_K_DRESP, 4, 1, 12, 0) }, 2,
	  0, 0, SCMIA_SIM_FA_DROP, 0 },
	{ "reorder: delayed response first",
	  { .match = SCMIA_SIM_FM_MSG, .proto_id = 0x80, .msg_id = 0x4,
	    .action = SCMIA_SIM_FA_REORDER },
	  { C_ASYNC }, 1, 0, 2,
	  { E(SCMIA_SIM_K_DRESP, 4, 1, 12, 0), E(SCMIA_SIM_K_RESP, 4, 1, 4, 0) }, 2,
	  1, 1, SCMIA_SIM_FA_REORDER, 1 },
	{ "truncate to 3 bytes (no status)",
	  { .action = SCMIA_SIM_FA_TRUNCATE, .arg = 3, .count = 1 },
	  { C_ECHO, C_ECHO }, 2, 0, 2,
	  { E(SCMIA_SIM_K_RESP, 3, 1, 3, ANY_ST), E(SCMIA_SIM_K_RESP, 3, 2, ECHO_LEN, 0) }, 2,
	  2, 1, SCMIA_SIM_FA_TRUNCATE, 1 },
	{ "truncate the delayed response to 7",
	  { .target = SCMIA_SIM_FT_DRESP, .action = SCMIA_SIM_FA_TRUNCATE, .arg = 7 },
	  { C_ASYNC }, 1, 1000, 2,
	  { E(SCMIA_SIM_K_RESP, 4, 1, 4, 0), E(SCMIA_SIM_K_DRESP, 4, 1, 7, 0) }, 2,
	  1, 1, SCMIA_SIM_FA_TRUNCATE, 1 },
	{ "corrupt status INT32_MIN",
	  { .action = SCMIA_SIM_FA_CORRUPT_STATUS, .arg = INT32_MIN },
	  { C_ECHO }, 1, 0, 1,
	  { E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, INT32_MIN) }, 1,
	  1, 1, SCMIA_SIM_FA_CORRUPT_STATUS, 1 },
	{ "corrupt status -12",
	  { .action = SCMIA_SIM_FA_CORRUPT_STATUS, .arg = -12 },
	  { C_ECHO }, 1, 0, 1,
	  { E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, -12) }, 1,
	  1, 1, SCMIA_SIM_FA_CORRUPT_STATUS, 1 },
	{ "corrupt header reserved bit",
	  { .action = SCMIA_SIM_FA_CORRUPT_HDR, .arg = 0x10000000 },
	  { C_ECHO }, 1, 0, 1,
	  { { SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0, 0x10000000u } }, 1,
	  1, 1, SCMIA_SIM_FA_CORRUPT_HDR, 1 },
	{ "corrupt length: 4 header bytes omitted",
	  { .action = SCMIA_SIM_FA_CORRUPT_LEN, .arg = 0 },
	  { C_ECHO }, 1, 0, 1,
	  { E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN - 4u, 0) }, 1,
	  1, 1, SCMIA_SIM_FA_CORRUPT_LEN, 1 },
	{ "spurious response reuses a finished token",
	  { .match = SCMIA_SIM_FM_NTH, .nth = 2, .action = SCMIA_SIM_FA_SPURIOUS,
	    .arg = SCMIA_SIM_SPURIOUS_RESP },
	  { C_ECHO, C_ECHO }, 2, 0, 3,
	  { E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0), E(SCMIA_SIM_K_RESP, 3, 2, ECHO_LEN, 0),
	    E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0) }, 3,
	  1, 1, SCMIA_SIM_FA_SPURIOUS, 1 },
	{ "corrupt header: token swapped for an unused one",
	  { .match = SCMIA_SIM_FM_NTH, .nth = 2, .action = SCMIA_SIM_FA_CORRUPT_HDR, .arg = 0 },
	  { C_ECHO, C_ECHO }, 2, 0, 2,
	  { E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0), E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0) }, 2,
	  1, 1, SCMIA_SIM_FA_CORRUPT_HDR, 1 },
	{ "late reply",
	  { .action = SCMIA_SIM_FA_LATE, .arg = 50000 },
	  { C_ECHO }, 1, 50000, 1,
	  { E(SCMIA_SIM_K_RESP, 3, 1, ECHO_LEN, 0) }, 1,
	  1, 1, SCMIA_SIM_FA_LATE, 1 },
	{ "drop notifications only",
	  { .target = SCMIA_SIM_FT_NOTIF, .match = SCMIA_SIM_FM_PROTO, .proto_id = 0x80,
	    .action = SCMIA_SIM_FA_DROP, .count = 1 },
	  { C_TRIGGER }, 1, 0, 2,
	  { E(SCMIA_SIM_K_RESP, 5, 1, 8, 0), E(SCMIA_SIM_K_NOTIF, 0, 0, 12, ANY_ST) }, 2,
	  2, 1, SCMIA_SIM_FA_DROP, 1 },
};

static uint32_t send_cmd(struct scmia_sim *sim, unsigned cmd, uint32_t token)
{
	uint8_t p[8];
	uint32_t hdr;

	switch (cmd) {
	case C_ASYNC:
		hdr = scmia_hdr_pack(SCMIA_SIM_TEST_ASYNC_WORK, 0, 0x80, token);
		scmia_put_le32(p, 7);
		scmia_put_le32(p + 4, 1000); /* delay */
		assert_int_equal(scmia_sim_command(sim, hdr, p, 8), SCMIA_OK);
		break;
	case C_TRIGGER:
		hdr = scmia_hdr_pack(SCMIA_SIM_TEST_TRIGGER_EVENT, 0, 0x80, token);
		scmia_put_le32(p, 5);
		scmia_put_le32(p + 4, 2); /* two notifications */
		assert_int_equal(scmia_sim_command(sim, hdr, p, 8), SCMIA_OK);
		break;
	default:
		hdr = scmia_hdr_pack(SCMIA_SIM_TEST_ECHO, 0, 0x80, token);
		scmia_put_le32(p, 0xdeadbeef ^ token);
		assert_int_equal(scmia_sim_command(sim, hdr, p, 4), SCMIA_OK);
		break;
	}
	return hdr;
}

static struct scmia_sim sim; /* large: not on the stack */

static void run_scenario(const struct scenario *s)
{
	struct scmia_sim_test t;
	struct scmia_sim_cfg cfg;
	struct scmia_sim_fault f;
	struct scmia_sim_stats st;
	struct cap cap;
	unsigned i;
	int idx;

	memset(&cap, 0, sizeof(cap));
	memset(&t, 0, sizeof(t));
	memset(&cfg, 0, sizeof(cfg));
	cfg.port = &cap_port;
	cfg.port_ctx = &cap;
	assert_int_equal(scmia_sim_init(&sim, &cfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&sim, &t), SCMIA_OK);
	idx = scmia_sim_fault_add(&sim, &s->rule);
	assert_true(idx >= 0);

	print_message("scenario: %s\n", s->name);
	for (i = 0; i < s->n_cmds; i++)
		send_cmd(&sim, s->cmds[i], i + 1u);
	scmia_sim_advance(&sim, s->advance_us);

	if (cap.n != s->n_out)
		print_error("scenario '%s': %u messages, expected %u\n", s->name, cap.n, s->n_out);
	assert_int_equal(cap.n, s->n_out);
	for (i = 0; i < s->n_check; i++) {
		const struct expect *x = &s->out[i];
		const struct cap_msg *m = &cap.m[i];
		uint32_t type = x->kind == SCMIA_SIM_K_RESP ? 0u :
				x->kind == SCMIA_SIM_K_DRESP ? 2u : 3u;
		uint32_t want = scmia_hdr_pack(x->msg_id, type, 0x80, x->token) ^ x->hdr_xor;

		if (m->kind != x->kind || m->hdr != want)
			print_error("scenario '%s' message %u: kind %u hdr %08x, expected %u %08x\n",
				    s->name, i, m->kind, m->hdr, x->kind, want);
		assert_int_equal(m->kind, x->kind);
		assert_int_equal(m->hdr, want);
		if (x->len != ANY_LEN)
			assert_int_equal(m->len, x->len);
		if (x->status != ANY_ST) {
			assert_true(m->len >= 4);
			assert_int_equal((int32_t)scmia_get_le32(m->body), (int32_t)x->status);
		}
	}
	assert_int_equal(scmia_sim_fault_get(&sim, (unsigned)idx, &f), SCMIA_OK);
	assert_int_equal(f.matched, s->matched);
	assert_int_equal(f.fired, s->fired);
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.injected[s->injected], s->n_injected);
	assert_int_equal(scmia_sim_queued(&sim), 0);
	scmia_sim_deinit(&sim);
}

static void test_fault_rules(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		run_scenario(&scenarios[i]);
}

/* The random mode is a deterministic function of the seed, and its
 * injections are all counted. */
static void random_run(uint64_t seed, uint32_t *trace, unsigned n, struct scmia_sim_stats *st)
{
	struct scmia_sim_test t;
	struct scmia_sim_cfg cfg;
	struct cap cap;
	unsigned i;

	memset(&t, 0, sizeof(t));
	memset(&cfg, 0, sizeof(cfg));
	cfg.port = &cap_port;
	cfg.port_ctx = &cap;
	assert_int_equal(scmia_sim_init(&sim, &cfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&sim, &t), SCMIA_OK);
	assert_int_equal(scmia_sim_fault_random(&sim, 50, seed), SCMIA_OK);
	for (i = 0; i < n; i++) {
		memset(&cap, 0, sizeof(cap));
		send_cmd(&sim, C_ECHO, i & SCMIA_HDR_TOKEN_MASK);
		scmia_sim_advance(&sim, 2000);
		trace[i] = cap.n ? (cap.m[0].hdr ^ cap.m[0].len ^ (cap.n << 24)) : 0xffffffffu;
	}
	scmia_sim_stats_get(&sim, st);
	scmia_sim_deinit(&sim);
}

static void test_fault_random(void **state)
{
	static uint32_t a[400], b[400];
	struct scmia_sim_stats sa, sb;
	uint32_t total = 0;
	unsigned i;

	(void)state;
	random_run(42, a, 400, &sa);
	random_run(42, b, 400, &sb);
	assert_memory_equal(a, b, sizeof(a));
	for (i = 0; i < SCMIA_SIM_FA__COUNT; i++) {
		assert_int_equal(sa.injected[i], sb.injected[i]);
		total += sa.injected[i];
	}
	/* about half of 400 responses, LATE never by default */
	assert_in_range(total, 120, 280);
	assert_int_equal(sa.injected[SCMIA_SIM_FA_LATE], 0);
	assert_int_equal(sa.injected[SCMIA_SIM_FA_NONE], 0);
	random_run(43, b, 400, &sb);
	assert_memory_not_equal(a, b, sizeof(a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_rules),
		cmocka_unit_test(test_fault_random),
	};

	return cmocka_run_group_tests_name("sim_fault", tests, NULL, NULL);
}

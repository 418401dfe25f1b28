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
	assert_int_equal(sa.injected[SCMIA_SIM_FA_FORGE], 0);
	assert_int_equal(sa.injected[SCMIA_SIM_FA_NONE], 0);
	random_run(43, b, 400, &sb);
	assert_memory_not_equal(a, b, sizeof(a));
}

/* ---- forged tokens ---- */

/* Hooks that record what the engine asked and answer as told. */
struct fhooks {
	int pending_ret;       /* what pending() answers */
	uint32_t pending_hdr;  /* the header it offers */
	uint32_t pending_for;  /* last for_hdr it was asked about */
	unsigned n_pending;
	uint64_t next_mark;    /* what withheld() returns (then increments) */
	uint32_t withheld_hdr[8];
	unsigned n_withheld;
	int stale_ret;         /* what stale_ok() answers */
	uint32_t stale_hdr;
	uint64_t stale_mark;
	int stale_whole;
	unsigned n_stale;
	uint32_t done_hdr[8];
	unsigned done_kind[8];
	int done_rc[8];
	unsigned n_done;
};

static int fh_pending(void *ctx, uint32_t for_hdr, uint32_t *hdr)
{
	struct fhooks *h = ctx;

	h->n_pending++;
	h->pending_for = for_hdr;
	*hdr = h->pending_hdr;
	return h->pending_ret;
}

static uint64_t fh_withheld(void *ctx, uint32_t hdr)
{
	struct fhooks *h = ctx;

	if (h->n_withheld < 8u)
		h->withheld_hdr[h->n_withheld] = hdr;
	h->n_withheld++;
	return h->next_mark++;
}

static int fh_stale_ok(void *ctx, uint32_t hdr, uint64_t mark, int whole)
{
	struct fhooks *h = ctx;

	h->n_stale++;
	h->stale_hdr = hdr;
	h->stale_mark = mark;
	h->stale_whole = whole;
	return h->stale_ret;
}

static void fh_done(void *ctx, uint32_t hdr, unsigned kind, int rc)
{
	struct fhooks *h = ctx;

	if (h->n_done < 8u) {
		h->done_hdr[h->n_done] = hdr;
		h->done_kind[h->n_done] = kind;
		h->done_rc[h->n_done] = rc;
	}
	h->n_done++;
}

static const struct scmia_sim_forge_ops fh_ops = {
	.pending = fh_pending,
	.withheld = fh_withheld,
	.stale_ok = fh_stale_ok,
	.done = fh_done,
};

/* A port that refuses the next @busy responses with SCMIA_EBUSY. */
static unsigned g_busy;

static int busy_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	if (g_busy) {
		g_busy--;
		return SCMIA_EBUSY;
	}
	return cap_reply(ctx, chan, hdr, body, len);
}

static const struct scmia_sim_port_ops busy_port = {
	.reply = busy_reply,
	.p2a = cap_p2a,
};

static struct scmia_sim_test g_t;

static void forge_env(struct cap *cap, const struct scmia_sim_port_ops *port)
{
	struct scmia_sim_cfg cfg;

	memset(cap, 0, sizeof(*cap));
	memset(&g_t, 0, sizeof(g_t));
	memset(&cfg, 0, sizeof(cfg));
	cfg.port = port;
	cfg.port_ctx = cap;
	assert_int_equal(scmia_sim_init(&sim, &cfg), SCMIA_OK);
	assert_int_equal(scmia_sim_test_register(&sim, &g_t), SCMIA_OK);
}

static void add_forge(uint32_t nth, unsigned kind, unsigned target)
{
	struct scmia_sim_fault r;

	memset(&r, 0, sizeof(r));
	r.match = SCMIA_SIM_FM_NTH;
	r.nth = nth;
	r.target = (uint8_t)target;
	r.action = SCMIA_SIM_FA_FORGE;
	r.arg = kind;
	assert_true(scmia_sim_fault_add(&sim, &r) >= 0);
}

#define ECHO_HDR(tok) scmia_hdr_pack(SCMIA_SIM_TEST_ECHO, 0, 0x80, (tok))

/* Without hooks a pending target is predicted: one of the tokens right
 * after the newest seen. The original is withheld and a flush replays it
 * whole. */
static void test_forge_pending_predicted(void **state)
{
	struct scmia_sim_stats st;
	struct cap cap;
	uint32_t tok;

	(void)state;
	forge_env(&cap, &cap_port);
	add_forge(1, SCMIA_SIM_FORGE_PENDING, 0);
	send_cmd(&sim, C_ECHO, 9);
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 1);
	tok = scmia_hdr_token(cap.m[0].hdr);
	assert_in_range(tok, 10, 13);
	assert_int_equal(cap.m[0].hdr & ~(SCMIA_HDR_TOKEN_MASK << 18), ECHO_HDR(0));
	assert_int_equal(cap.m[0].len, ECHO_LEN);
	assert_int_equal(scmia_sim_withheld(&sim), 1);
	assert_int_equal(scmia_sim_forge_flush(&sim), 1);
	assert_int_equal(cap.n, 2);
	assert_int_equal(cap.m[1].hdr, ECHO_HDR(9));
	assert_memory_equal(cap.m[1].body, cap.m[0].body, ECHO_LEN);
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.injected[SCMIA_SIM_FA_FORGE], 1);
	assert_int_equal(st.forged[SCMIA_SIM_FORGE_PENDING], 1);
	assert_int_equal(st.withheld, 1);
	assert_int_equal(st.replayed, 1);
	assert_int_equal(scmia_sim_withheld(&sim), 0);
	scmia_sim_deinit(&sim);
}

/* The pending hook names the target (any protocol and message: the type
 * stays the message's own); done() reports the emission; withheld() marks
 * the original. With nothing to offer, the message leaves with a token
 * nobody waits for, and is withheld all the same. */
static void test_forge_pending_hook(void **state)
{
	struct scmia_sim_stats st;
	struct fhooks h;
	struct cap cap;

	(void)state;
	forge_env(&cap, &cap_port);
	memset(&h, 0, sizeof(h));
	h.pending_ret = 1;
	h.pending_hdr = scmia_hdr_pack(SCMIA_SIM_TEST_ASYNC_WORK, 2, 0x80, 77);
	h.next_mark = 100;
	assert_int_equal(scmia_sim_forge_set(&sim, &fh_ops, &h, 0, 0), SCMIA_OK);
	add_forge(1, SCMIA_SIM_FORGE_PENDING, 0);
	add_forge(2, SCMIA_SIM_FORGE_PENDING, 0);
	send_cmd(&sim, C_ECHO, 1);
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 1);
	assert_int_equal(cap.m[0].hdr, scmia_hdr_pack(SCMIA_SIM_TEST_ASYNC_WORK, 0, 0x80, 77));
	assert_int_equal(h.pending_for, ECHO_HDR(1));
	assert_int_equal(h.n_done, 1);
	assert_int_equal(h.done_hdr[0], cap.m[0].hdr);
	assert_int_equal(h.done_kind[0], SCMIA_SIM_FORGE_PENDING);
	assert_int_equal(h.done_rc[0], SCMIA_OK);
	assert_int_equal(h.n_withheld, 1);
	assert_int_equal(h.withheld_hdr[0], ECHO_HDR(1));

	h.pending_ret = 0;
	send_cmd(&sim, C_ECHO, 2);
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 2);
	/* token 1 is withheld, 2 is the message's own: neither */
	assert_int_equal(cap.m[1].hdr, ECHO_HDR(2 + 512));
	assert_int_equal(h.n_done, 2);
	assert_int_equal(h.done_kind[1], SCMIA_SIM_FORGE_PENDING);
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.forge_miss, 1);
	assert_int_equal(st.forged[SCMIA_SIM_FORGE_PENDING], 1);
	assert_int_equal(st.withheld, 2);
	/* the replay asks stale_ok with the mark given at withholding */
	h.stale_ret = 1;
	assert_int_equal(scmia_sim_forge_flush(&sim), 2);
	assert_int_equal(h.n_stale, 2);
	assert_int_equal(h.stale_hdr, ECHO_HDR(2));
	assert_int_equal(h.stale_mark, 101);
	assert_int_equal(cap.n, 4);
	assert_int_equal(cap.m[2].hdr, ECHO_HDR(1));
	assert_int_equal(cap.m[3].hdr, ECHO_HDR(2));
	assert_int_equal(h.done_kind[2], SCMIA_SIM_FORGE_REPLAY);
	assert_int_equal(h.done_kind[3], SCMIA_SIM_FORGE_REPLAY);
	scmia_sim_deinit(&sim);
}

/* STALE: the header of a withheld message, once old enough (no stale_ok
 * hook: min_age_us); that message leaves the store, the forged one takes
 * its place. */
static void test_forge_stale_by_age(void **state)
{
	struct scmia_sim_stats st;
	struct cap cap;

	(void)state;
	forge_env(&cap, &cap_port);
	assert_int_equal(scmia_sim_forge_set(&sim, NULL, NULL, 0, 5000), SCMIA_OK);
	add_forge(1, SCMIA_SIM_FORGE_PENDING, 0);
	add_forge(2, SCMIA_SIM_FORGE_STALE, 0);
	add_forge(3, SCMIA_SIM_FORGE_STALE, 0);
	send_cmd(&sim, C_ECHO, 1);
	scmia_sim_advance(&sim, 10);
	send_cmd(&sim, C_ECHO, 2); /* too early: token 1's command not given up yet */
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 2);
	assert_int_not_equal(scmia_hdr_token(cap.m[1].hdr), 1);
	assert_int_not_equal(scmia_hdr_token(cap.m[1].hdr), 2);
	scmia_sim_advance(&sim, 5000);
	send_cmd(&sim, C_ECHO, 3);
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 3);
	assert_int_equal(cap.m[2].hdr, ECHO_HDR(1)); /* token 1, body of command 3 */
	assert_int_equal(scmia_get_le32(cap.m[2].body + 4), 0xdeadbeefu ^ 3u);
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.forged[SCMIA_SIM_FORGE_STALE], 1);
	assert_int_equal(st.forge_miss, 1);
	assert_int_equal(st.withheld, 3);
	/* what is left: commands 2 and 3's own replies */
	assert_int_equal(scmia_sim_forge_flush(&sim), 2);
	assert_int_equal(cap.m[3].hdr, ECHO_HDR(2));
	assert_int_equal(cap.m[4].hdr, ECHO_HDR(3));
	scmia_sim_deinit(&sim);
}

/* LAP: only a message withheld a whole token space (1024 commands) ago;
 * stale_ok is asked with its mark and may refuse (the message is then
 * discarded). */
static void test_forge_lap(void **state)
{
	struct scmia_sim_stats st;
	struct fhooks h;
	struct cap cap;
	unsigned i;

	(void)state;
	forge_env(&cap, &cap_port);
	memset(&h, 0, sizeof(h));
	h.pending_ret = 1;
	h.pending_hdr = ECHO_HDR(500);
	h.next_mark = 7;
	h.stale_ret = 1;
	assert_int_equal(scmia_sim_forge_set(&sim, &fh_ops, &h, 0, 0), SCMIA_OK);
	add_forge(1, SCMIA_SIM_FORGE_PENDING, 0);
	add_forge(2, SCMIA_SIM_FORGE_PENDING, 0);
	add_forge(1024, SCMIA_SIM_FORGE_LAP, 0);  /* 1023 commands later: too soon */
	add_forge(1025, SCMIA_SIM_FORGE_LAP, 0);  /* a lap after command 1 */
	add_forge(1026, SCMIA_SIM_FORGE_LAP, 0);  /* a lap after command 2: refused */
	for (i = 1; i <= 1026u; i++) {
		cap.n = 0;
		if (i == 1026u)
			h.stale_ret = 0;
		send_cmd(&sim, C_ECHO, i & SCMIA_HDR_TOKEN_MASK);
		scmia_sim_advance(&sim, 10);
		assert_int_equal(cap.n, 1);
		if (i == 1024u) /* too soon: a token nobody waits for */
			assert_int_not_equal(scmia_hdr_token(cap.m[0].hdr), 1);
		if (i == 1025u) {
			assert_int_equal(cap.m[0].hdr, ECHO_HDR(1));
			assert_int_equal(h.stale_hdr, ECHO_HDR(1));
			assert_int_equal(h.stale_mark, 7);
		}
		if (i == 1026u) {
			assert_int_not_equal(scmia_hdr_token(cap.m[0].hdr), 2);
			assert_int_equal(h.stale_hdr, ECHO_HDR(2));
		}
	}
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.forged[SCMIA_SIM_FORGE_LAP], 1);
	assert_int_equal(st.forge_miss, 2);
	assert_int_equal(st.replay_cancel, 1);
	/* left: commands 1024, 1025 and 1026 (command 1 was a target, 2 refused) */
	assert_int_equal(scmia_sim_withheld(&sim), 3);
	scmia_sim_deinit(&sim);
}

/* stale_ok "not yet" keeps a withheld message: it is a target later, and
 * a whole replay that is not yet ready goes again a millisecond later. */
static void test_forge_not_yet(void **state)
{
	struct scmia_sim_stats st;
	struct fhooks h;
	struct cap cap;

	(void)state;
	forge_env(&cap, &cap_port);
	memset(&h, 0, sizeof(h));
	h.pending_ret = 1;
	h.pending_hdr = ECHO_HDR(300);
	assert_int_equal(scmia_sim_forge_set(&sim, &fh_ops, &h, 0, 0), SCMIA_OK);
	add_forge(1, SCMIA_SIM_FORGE_PENDING, 0);
	add_forge(2, SCMIA_SIM_FORGE_STALE, 0);
	add_forge(3, SCMIA_SIM_FORGE_STALE, 0);
	send_cmd(&sim, C_ECHO, 1);
	scmia_sim_advance(&sim, 10);
	h.stale_ret = -1; /* command 1 still waits */
	send_cmd(&sim, C_ECHO, 2);
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 2);
	assert_int_not_equal(scmia_hdr_token(cap.m[1].hdr), 1);
	assert_int_equal(h.stale_hdr, ECHO_HDR(1));
	assert_int_equal(h.stale_whole, 0);
	assert_int_equal(scmia_sim_withheld(&sim), 2);
	h.stale_ret = 1; /* command 1 gave up: a target now */
	send_cmd(&sim, C_ECHO, 3);
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 3);
	assert_int_equal(cap.m[2].hdr, ECHO_HDR(1));
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.replay_cancel, 0);
	assert_int_equal(st.forged[SCMIA_SIM_FORGE_STALE], 1);
	/* a whole replay asked too early goes again later */
	h.stale_ret = -1;
	assert_int_equal(scmia_sim_forge_flush(&sim), 2);
	assert_int_equal(cap.n, 3);
	assert_int_equal(h.stale_whole, 1);
	h.stale_ret = 1;
	scmia_sim_advance(&sim, 1000);
	assert_int_equal(cap.n, 5);
	assert_int_equal(scmia_sim_queued(&sim), 0);
	scmia_sim_deinit(&sim);
}

/* A full store replays its oldest message whole; a forged response drops
 * its command's delayed response. */
static void test_forge_store_full_and_dresp(void **state)
{
	struct scmia_sim_stats st;
	struct cap cap;

	(void)state;
	forge_env(&cap, &cap_port);
	assert_int_equal(scmia_sim_forge_set(&sim, NULL, NULL, 2, 0), SCMIA_OK);
	add_forge(1, SCMIA_SIM_FORGE_PENDING, 0);
	add_forge(2, SCMIA_SIM_FORGE_PENDING, 0);
	add_forge(3, SCMIA_SIM_FORGE_PENDING, 0);
	send_cmd(&sim, C_ECHO, 1);
	send_cmd(&sim, C_ECHO, 2);
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 2);
	send_cmd(&sim, C_ASYNC, 3);
	scmia_sim_advance(&sim, 5000);
	/* forged response of 3, then command 1's reply whole; no delayed response */
	assert_int_equal(cap.n, 4);
	assert_int_equal(cap.m[3].hdr, ECHO_HDR(1));
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.forge_dresp_drops, 1);
	assert_int_equal(st.replayed, 1);
	assert_int_equal(st.delayed, 0);
	assert_int_equal(scmia_sim_withheld(&sim), 2);
	scmia_sim_deinit(&sim);
}

/* A port that refuses a forgery: the target is resolved again at the
 * retry, and a withheld message used as a target is put back. */
static void test_forge_port_busy(void **state)
{
	struct scmia_sim_stats st;
	struct fhooks h;
	struct cap cap;

	(void)state;
	forge_env(&cap, &busy_port);
	memset(&h, 0, sizeof(h));
	h.pending_ret = 1;
	h.pending_hdr = ECHO_HDR(40);
	h.stale_ret = 1;
	assert_int_equal(scmia_sim_forge_set(&sim, &fh_ops, &h, 0, 0), SCMIA_OK);
	add_forge(1, SCMIA_SIM_FORGE_PENDING, 0);
	add_forge(2, SCMIA_SIM_FORGE_STALE, 0);
	send_cmd(&sim, C_ECHO, 1);
	scmia_sim_advance(&sim, 10);
	assert_int_equal(cap.n, 1);
	g_busy = 1;
	send_cmd(&sim, C_ECHO, 2);
	assert_int_equal(cap.n, 1);
	assert_int_equal(h.n_done, 2);
	assert_int_equal(h.done_rc[1], SCMIA_EBUSY);
	assert_int_equal(scmia_sim_withheld(&sim), 1); /* put back */
	scmia_sim_advance(&sim, 1000);
	assert_int_equal(cap.n, 2);
	assert_int_equal(cap.m[1].hdr, ECHO_HDR(1));
	assert_int_equal(h.n_stale, 2);
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.forged[SCMIA_SIM_FORGE_STALE], 1);
	assert_int_equal(st.retries, 1);
	assert_int_equal(scmia_sim_withheld(&sim), 1); /* command 2's reply */
	scmia_sim_deinit(&sim);
}

/* What scmia_sim_queued() says while the port has the message: refused
 * once (EBUSY), then taken. */
static unsigned g_seen[4], g_n_seen;

static int seeing_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	if (g_n_seen < 4u)
		g_seen[g_n_seen++] = scmia_sim_queued(&sim);
	return busy_reply(ctx, chan, hdr, body, len);
}

static const struct scmia_sim_port_ops seeing_port = {
	.reply = seeing_reply,
	.p2a = cap_p2a,
};

/* A message being handed to the port, or retried after the port refused
 * it, is still queued: a drain that waits for 0 does not stop while the
 * engine retries (the soak's drain did, the lock being released around
 * the port). */
static void test_queued_counts_message_at_port(void **state)
{
	struct cap cap;

	(void)state;
	forge_env(&cap, &seeing_port);
	g_n_seen = 0;
	g_busy = 1;
	send_cmd(&sim, C_ECHO, 3);
	assert_int_equal(g_n_seen, 1);
	assert_int_equal(g_seen[0], 1); /* at the port */
	assert_int_equal(cap.n, 0);
	assert_int_equal(scmia_sim_queued(&sim), 1); /* back for a retry */
	scmia_sim_advance(&sim, 1000);
	assert_int_equal(g_n_seen, 2);
	assert_int_equal(g_seen[1], 1);
	assert_int_equal(cap.n, 1);
	assert_int_equal(scmia_sim_queued(&sim), 0);
	scmia_sim_deinit(&sim);
}

/* Random FORGE only when asked for, never on notifications; a per-kind
 * action set overrides the common one. */
static void test_forge_random_kinds(void **state)
{
	struct scmia_sim_stats st;
	struct cap cap;
	unsigned i;

	(void)state;
	forge_env(&cap, &cap_port);
	assert_int_equal(scmia_sim_fault_random_kind(&sim, 3, 1u << SCMIA_SIM_FA_DROP),
			 SCMIA_EINVAL);
	assert_int_equal(scmia_sim_fault_random_kind(&sim, SCMIA_SIM_K_RESP, 1u), SCMIA_EINVAL);
	assert_int_equal(scmia_sim_fault_random_cfg(&sim, 1u << SCMIA_SIM_FA_DROP,
						    SCMIA_SIM_FT_RESP | SCMIA_SIM_FT_NOTIF, 0),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_fault_random_kind(&sim, SCMIA_SIM_K_RESP,
						     1u << SCMIA_SIM_FA_FORGE),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_fault_random_kind(&sim, SCMIA_SIM_K_NOTIF,
						     1u << SCMIA_SIM_FA_FORGE),
			 SCMIA_OK);
	assert_int_equal(scmia_sim_fault_random(&sim, 100, 5), SCMIA_OK);
	for (i = 0; i < 50u; i++) {
		cap.n = 0;
		send_cmd(&sim, C_TRIGGER, i + 1u);
		scmia_sim_advance(&sim, 100);
	}
	scmia_sim_stats_get(&sim, &st);
	assert_int_equal(st.injected[SCMIA_SIM_FA_DROP], 0);
	assert_int_equal(st.injected[SCMIA_SIM_FA_FORGE], 50);
	assert_int_equal(st.notifications, 100);
	scmia_sim_deinit(&sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_rules),
		cmocka_unit_test(test_fault_random),
		cmocka_unit_test(test_forge_pending_predicted),
		cmocka_unit_test(test_forge_pending_hook),
		cmocka_unit_test(test_forge_stale_by_age),
		cmocka_unit_test(test_forge_lap),
		cmocka_unit_test(test_forge_not_yet),
		cmocka_unit_test(test_forge_store_full_and_dresp),
		cmocka_unit_test(test_forge_port_busy),
		cmocka_unit_test(test_queued_counts_message_at_port),
		cmocka_unit_test(test_forge_random_kinds),
	};

	return cmocka_run_group_tests_name("sim_fault", tests, NULL, NULL);
}

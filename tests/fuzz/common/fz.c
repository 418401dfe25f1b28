/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzzing support: input streams, failures, step budget, fake OS, ledger.
 */
#include "fz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Input                                                               */
/* ------------------------------------------------------------------ */

void fz_in_init(struct fz_in *in, const uint8_t *p, size_t n)
{
	in->p = p;
	in->head = 0;
	in->tail = n;
}

int fz_cmd_more(const struct fz_in *in)
{
	return in->head < in->tail;
}

int fz_plat_more(const struct fz_in *in)
{
	return in->head < in->tail;
}

uint8_t fz_cmd_u8(struct fz_in *in)
{
	if (in->head >= in->tail)
		return 0;
	return in->p[in->head++];
}

uint16_t fz_cmd_u16(struct fz_in *in)
{
	uint16_t v = fz_cmd_u8(in);

	return (uint16_t)(v | (uint16_t)(fz_cmd_u8(in) << 8));
}

uint32_t fz_cmd_u32(struct fz_in *in)
{
	uint32_t v = fz_cmd_u16(in);

	return v | ((uint32_t)fz_cmd_u16(in) << 16);
}

unsigned fz_cmd_below(struct fz_in *in, unsigned n)
{
	if (!n)
		return 0;
	if (n <= 256u)
		return fz_cmd_u8(in) % n;
	return fz_cmd_u16(in) % n;
}

uint8_t fz_plat_u8(struct fz_in *in, uint8_t dflt)
{
	if (in->head >= in->tail)
		return dflt;
	return in->p[--in->tail];
}

uint32_t fz_plat_u32(struct fz_in *in, uint32_t dflt)
{
	uint32_t v = 0;

	if (in->tail - in->head < 4u)
		return dflt;
	for (unsigned i = 0; i < 4u; i++)
		v |= (uint32_t)in->p[--in->tail] << (8u * i);
	return v;
}

unsigned fz_plat_below(struct fz_in *in, unsigned n, unsigned dflt)
{
	if (!n || in->head >= in->tail)
		return dflt;
	if (n <= 256u)
		return fz_plat_u8(in, 0) % n;
	{
		/* one read per statement: argument and operand order is unspecified */
		uint32_t lo = fz_plat_u8(in, 0);
		uint32_t hi = fz_plat_u8(in, 0);

		return (unsigned)((lo | (hi << 8)) % n);
	}
}

/* ------------------------------------------------------------------ */
/* Failures and budgets                                                */
/* ------------------------------------------------------------------ */

static void vreport(const char *tag, const char *fmt, va_list ap)
{
	fprintf(stderr, "FUZZ-INVARIANT [%s]: ", tag);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	fflush(stderr);
}

void fz_fail(const char *tag, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(tag, fmt, ap);
	va_end(ap);
	abort();
}

static int tag_allowed(const char *tag)
{
	const char *env = getenv("SCMIA_FUZZ_ALLOW");
	size_t n = strlen(tag);

	while (env && *env) {
		const char *end = strchr(env, ',');
		size_t len = end ? (size_t)(end - env) : strlen(env);

		if (len == n && !strncmp(env, tag, n))
			return 1;
		env = end ? end + 1 : NULL;
	}
	return 0;
}

void fz_soft_fail(const char *tag, const char *fmt, ...)
{
	va_list ap;

	if (tag_allowed(tag))
		return;
	va_start(ap, fmt);
	vreport(tag, fmt, ap);
	va_end(ap);
	abort();
}

int fz_tracing = -1;

void fz_trace_init(void)
{
	if (fz_tracing < 0)
		fz_tracing = fz_env_flag("SCMIA_FUZZ_TRACE");
}

void fz_trace(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "  . ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

int fz_env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

static uint64_t fz__steps;

void fz_budget_reset(void)
{
	fz__steps = 0;
	fz_trace_init();
}

void fz_step(const char *where)
{
	if (++fz__steps > FZ_STEP_MAX)
		fz_fail("hang", "more than %u steps in one input (last in %s): a loop the "
				"platform drives never ends", (unsigned)FZ_STEP_MAX, where);
}

uint64_t fz_steps(void)
{
	return fz__steps;
}

static unsigned fz__streak;

void fz_streak_reset(void)
{
	fz__streak = 0;
}

void fz_streak(const char *what)
{
	if (++fz__streak > FZ_STREAK_MAX)
		fz_fail("unbounded-loop",
			"%u %s in one library call with no back-off and no deadline check: "
			"a loop the platform keeps feeding never ends",
			fz__streak, what);
}

/* ------------------------------------------------------------------ */
/* Fake OS                                                             */
/* ------------------------------------------------------------------ */

static scmia_lock_key_t fz_lock(void *ctx)
{
	struct fz_os *os = ctx;

	if (os->depth)
		fz_fail("lock", "agent lock taken recursively (depth %u)", os->depth);
	os->depth = 1;
	os->locks++;
	return (scmia_lock_key_t)0x5a5a;
}

static void fz_unlock(void *ctx, scmia_lock_key_t key)
{
	struct fz_os *os = ctx;

	if (!os->depth || key != (scmia_lock_key_t)0x5a5a)
		fz_fail("lock", "unlock without lock (depth %u)", os->depth);
	os->depth = 0;
	if (os->pending && os->deferred && !os->in_deferred) {
		/* interrupts unmasked: what was raised meanwhile comes now */
		os->pending = 0;
		os->in_deferred = 1;
		os->deferred(os->deferred_ctx);
		os->in_deferred = 0;
	}
}

static uint64_t fz_now(void *ctx)
{
	return ((struct fz_os *)ctx)->now;
}

static void fz_relax(void *ctx)
{
	struct fz_os *os = ctx;

	fz_step("relax");
	if (os->depth)
		fz_fail("lock", "relax (a polling back-off) with the agent lock held");
	os->now += os->relax_step;
	fz_streak_reset();
	if (os->tick && !os->in_tick) {
		os->in_tick = 1;
		os->tick(os->tick_ctx);
		os->in_tick = 0;
	}
}

const struct scmia_os_ops fz_os_ops = {
	.lock = fz_lock,
	.unlock = fz_unlock,
	.now_us = fz_now,
	.relax = fz_relax,
};

const struct scmia_os_ops fz_os_ops_nolock = {
	.now_us = fz_now,
	.relax = fz_relax,
};

void fz_os_init(struct fz_os *os, uint32_t relax_step)
{
	memset(os, 0, sizeof(*os));
	os->now = 1000000u; /* not 0: a deadline of 0 would hide bugs */
	os->relax_step = relax_step ? relax_step : 1u;
}

void fz_os_assert_unlocked(const struct fz_os *os, const char *where)
{
	if (os->depth)
		fz_fail("lock", "%s runs with the agent lock held", where);
}

void fz_os_advance(struct fz_os *os, uint64_t us)
{
	os->now += us;
}

int fz_os_irq_ok(struct fz_os *os)
{
	if (!os->depth)
		return 1;
	os->pending = 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Checksums and the ledger                                            */
/* ------------------------------------------------------------------ */

static uint32_t mix16(uint32_t v)
{
	v ^= v >> 7;
	v *= 0x9e3779b1u;
	v ^= v >> 15;
	v *= 0x85ebca77u;
	v ^= v >> 13;
	return v & 0x7fffu;
}

/* Top bit set, index in the low 16 bits, a keyed hash of it in between:
 * never FZ_CK_FORGED (top bit clear). */
uint32_t fz_ck_of(uint32_t seq)
{
	return 0x80000000u | (mix16(seq) << 16) | (seq & 0xffffu);
}

int fz_ck_seq(uint32_t ck)
{
	uint32_t seq = ck & 0xffffu;

	if (seq >= FZ_LEDGER_MAX || fz_ck_of(seq) != ck)
		return -1;
	return (int)seq;
}

void fz_ledger_init(struct fz_ledger *l)
{
	memset(l, 0, sizeof(*l));
}

struct fz_req *fz_ledger_new(struct fz_ledger *l, unsigned chan)
{
	struct fz_req *r;

	if (l->n >= FZ_LEDGER_MAX)
		return NULL;
	r = &l->req[l->n];
	memset(r, 0, sizeof(*r));
	r->ck = fz_ck_of(l->n);
	r->chan = (uint8_t)chan;
	r->state = FZ_REQ_INFLIGHT;
	l->n++;
	return r;
}

struct fz_req *fz_ledger_by_ck(struct fz_ledger *l, uint32_t ck)
{
	int s = fz_ck_seq(ck);

	if (s < 0 || (uint32_t)s >= l->n)
		return NULL;
	return &l->req[s];
}

struct fz_req *fz_ledger_by_xfer(struct fz_ledger *l, const struct scmia_xfer *x)
{
	for (uint32_t i = l->n; i-- > 0;)
		if (l->req[i].state == FZ_REQ_INFLIGHT && l->req[i].x == x)
			return &l->req[i];
	return NULL;
}

struct fz_req *fz_ledger_by_token(struct fz_ledger *l, unsigned chan, uint32_t token)
{
	for (uint32_t i = l->n; i-- > 0;) {
		struct fz_req *r = &l->req[i];

		if (r->state == FZ_REQ_INFLIGHT && r->chan == chan && r->x &&
		    scmia_hdr_token(r->x->hdr) == token)
			return r;
	}
	return NULL;
}

void fz_req_visible(struct fz_req *r)
{
	if (r)
		r->visible = 1;
}

void fz_ledger_emit(struct fz_ledger *l, uint32_t ck)
{
	struct fz_req *r = fz_ledger_by_ck(l, ck);

	if (!r)
		return;
	r->emitted = 1;
	if (r->state == FZ_REQ_ENDED && r->late_emits < 0xffffu)
		r->late_emits++;
}

uint8_t *fz_ledger_arrival(struct fz_ledger *l, unsigned chan, uint32_t hdr)
{
	uint32_t type = scmia_hdr_type(hdr), t = scmia_hdr_token(hdr);
	unsigned k;

	if ((hdr & 0xf0000000u) ||
	    (type != SCMIA_MSG_TYPE_COMMAND && type != SCMIA_MSG_TYPE_DELAYED_RESP))
		return NULL;
	k = type == SCMIA_MSG_TYPE_DELAYED_RESP;
	for (uint32_t i = l->n; i-- > 0;) {
		struct fz_req *r = &l->req[i];

		if (r->state == FZ_REQ_FREE || r->chan != chan || scmia_hdr_token(r->hdr) != t)
			continue;
		/* the request that last had the token: is it its message? */
		return ((r->hdr ^ hdr) & ~(3u << 8)) ? NULL : &r->arr[k];
	}
	return NULL;
}

/* Could the token of ended request @o be issued again without a late
 * answer of @o still owed? What the core requires (docs/design.md,
 * "Tokens"): every message it owes arrived at some point, at least one of
 * them after it ended -- a synchronous command owes its response, an
 * asynchronous one its response and its delayed response (either may
 * overtake the other). */
static int fz_late_answered(const struct fz_ledger *l, const struct fz_req *o)
{
	unsigned late = (unsigned)(o->arr[0] - o->arr_end[0]) + (unsigned)(o->arr[1] - o->arr_end[1]);

	if (!l->arrivals)
		return o->late_emits >= 2u;
	if (!late || !o->arr[0])
		return 0;
	return !(o->flags & SCMIA_XFER_F_ASYNC) || o->arr[1];
}

int fz_result_from_platform(int result)
{
	return result == SCMIA_OK || scmia_err_is_scmi(result) || result == SCMIA_EMALFORMED ||
	       result == SCMIA_ETOOSHORT || result == SCMIA_EUNEXPECTED;
}

void fz_req_end(struct fz_ledger *l, struct fz_req *r, int result, const struct scmia_xfer *x,
		uint32_t stale_reused)
{
	uint32_t c;
	struct fz_req *o;

	if (!r)
		return;
	if (r->state != FZ_REQ_INFLIGHT)
		fz_fail("double-end", "request ck %08x ended twice (result %d)", (unsigned)r->ck,
			result);
	r->state = FZ_REQ_ENDED;
	r->result = result;
	r->x = NULL;
	r->stale_at_end = stale_reused;
	r->arr_end[0] = r->arr[0];
	r->arr_end[1] = r->arr[1];

	if (fz_result_from_platform(result) && !r->visible)
		fz_soft_fail("early-reply",
			"request ck %08x hdr %08x ended with %d, a result only a platform message "
			"gives, but its message never reached the platform (doorbell not rung)",
			(unsigned)r->ck, (unsigned)r->hdr, result);

	if (result != SCMIA_OK || !x || x->rx_len < 4u || !x->rx_buf)
		return;
	c = scmia_get_le32(x->rx_buf);
	if (c == r->ck)
		return;
	o = fz_ledger_by_ck(l, c);
	if (!o || o == r)
		return; /* a forged payload: no request's checksum */
	if (o->chan != r->chan || scmia_hdr_token(o->hdr) != scmia_hdr_token(r->hdr))
		fz_soft_fail("misattributed",
			"request ck %08x (hdr %08x) completed with the reply of request ck %08x "
			"(hdr %08x, another channel or token)",
			(unsigned)r->ck, (unsigned)r->hdr, (unsigned)o->ck, (unsigned)o->hdr);
	/* Same token: legitimate only when the other request's token could be
	 * reissued: it got a final reply (its token was not quarantined), its
	 * late answers already came (quarantine over), or the quarantine
	 * gave up a token since it ended (a full ring gives up its oldest,
	 * counted: docs/design.md, "Tokens"). */
	if (o->state == FZ_REQ_INFLIGHT ||
	    (o->state == FZ_REQ_ENDED &&
	     (o->result == SCMIA_ETIMEDOUT || o->result == SCMIA_ECANCELED) &&
	     !fz_late_answered(l, o) && stale_reused == o->stale_at_end))
		fz_soft_fail("misattributed",
			"request ck %08x (hdr %08x) completed with the reply of request ck %08x "
			"(hdr %08x, result %d, state %u): its token was reissued while the "
			"other's reply was still owed (stale_reused %u, %u when it ended)",
			(unsigned)r->ck, (unsigned)r->hdr, (unsigned)o->ck, (unsigned)o->hdr,
			o->result, (unsigned)o->state, (unsigned)stale_reused,
			(unsigned)o->stale_at_end);
}

const int32_t fz_status_table[16] = {
	0, 0, 0, 0, 0, 0, 0, 0, /* mostly SUCCESS */
	-1, -3, -6, -8, -11, -12, 7, (int32_t)0x80000000u,
};

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzzing support shared by every harness in tests/fuzz: the input reader,
 * failure reporting, the step budget, a fake OS with a virtual clock whose
 * back-off hook lets the "platform" act, and the request ledger behind the
 * misattribution and "reply before the doorbell" oracles.
 *
 * Each harness is one LLVMFuzzerTestOneInput(). Built with libFuzzer it is
 * driven by the fuzzer; built with replay.c (any compiler) a main() runs
 * every file of a corpus through it. Every invariant violation calls
 * fz_fail(), which prints one line "FUZZ-INVARIANT [tag]: ..." on stderr
 * and aborts, so that libFuzzer reports a crash and saves the input.
 *
 * Input model: one byte string, read from both ends. The front stream
 * (fz_cmd_*) drives the agent side (which command to issue, when to
 * service, dispatch, put); the back stream (fz_plat_*) drives the platform
 * (what it answers, when it interrupts, how it corrupts). When the two
 * meet the input is over: the platform turns well-behaved and the harness
 * runs its end-of-input checks (liveness, leaks, lost completions).
 */
#ifndef SCMIA_FUZZ_FZ_H
#define SCMIA_FUZZ_FZ_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FZ_NORETURN __attribute__((noreturn))
#define FZ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FZ_NORETURN
#define FZ_PRINTF(a, b)
#endif

/* ------------------------------------------------------------------ */
/* Input                                                               */
/* ------------------------------------------------------------------ */

/** The input: front stream [head, tail), back stream read from tail down. */
struct fz_in {
	const uint8_t *p;
	size_t head; /* next front byte */
	size_t tail; /* one past the next back byte */
};

void fz_in_init(struct fz_in *in, const uint8_t *p, size_t n);
/** Whether the front stream still has a byte (the input is not over). */
int fz_cmd_more(const struct fz_in *in);
/** Whether the back stream still has a byte. */
int fz_plat_more(const struct fz_in *in);
/** Next front byte; 0 when the input is over. */
uint8_t fz_cmd_u8(struct fz_in *in);
uint16_t fz_cmd_u16(struct fz_in *in);
uint32_t fz_cmd_u32(struct fz_in *in);
/** A front value in [0, n) (n <= 65536); 0 when over or n == 0. */
unsigned fz_cmd_below(struct fz_in *in, unsigned n);
/** Next back byte; @p dflt when the input is over. */
uint8_t fz_plat_u8(struct fz_in *in, uint8_t dflt);
uint32_t fz_plat_u32(struct fz_in *in, uint32_t dflt);
/** A back value in [0, n); @p dflt when over. */
unsigned fz_plat_below(struct fz_in *in, unsigned n, unsigned dflt);

/* ------------------------------------------------------------------ */
/* Failures and budgets                                                */
/* ------------------------------------------------------------------ */

/** Report an invariant violation and abort(). @p tag is a short class
 *  name (regression manifests match on "[tag]"). */
FZ_NORETURN void fz_fail(const char *tag, const char *fmt, ...) FZ_PRINTF(2, 3);

/**
 * @brief As fz_fail(), unless @p tag is listed in the environment variable
 *        SCMIA_FUZZ_ALLOW (comma separated): then it is counted and
 *        returns. For observation-only oracles (early-reply, misattributed)
 *        so that a campaign can look past a known defect; the liveness and
 *        leak checks still judge the consequences.
 */
void fz_soft_fail(const char *tag, const char *fmt, ...) FZ_PRINTF(2, 3);
/** Print a trace line on stderr when SCMIA_FUZZ_TRACE is set (for
 *  reading what an input does; costs one test when off). */
void fz_trace(const char *fmt, ...) FZ_PRINTF(1, 2);
extern int fz_tracing;
#define FZ_TRACE(...)                       \
	do {                                \
		if (fz_tracing)             \
			fz_trace(__VA_ARGS__); \
	} while (0)
/** Read the tracing switch (call once per input). */
void fz_trace_init(void);

/** Whether the environment variable @p name is set to a non-empty value
 *  other than "0" (read once per name and cached by the caller). */
int fz_env_flag(const char *name);

#define FZ_CHECK(cond, tag, ...)               \
	do {                                   \
		if (!(cond))                   \
			fz_fail(tag, __VA_ARGS__); \
	} while (0)

/** Steps one input may take (every hook call counts one) before it is
 *  reported as a hang: far above what any legitimate input needs. */
#ifndef FZ_STEP_MAX
#define FZ_STEP_MAX 4000000u
#endif

/** Reset the step budget for a new input. */
void fz_budget_reset(void);
/** Count one step; over FZ_STEP_MAX: fz_fail("hang"). */
void fz_step(const char *where);
/** Steps counted so far for this input. */
uint64_t fz_steps(void);

/** Calls a loop over platform input may make without the virtual clock
 *  moving (no relax, no main-loop op) before it is reported unbounded. */
#ifndef FZ_STREAK_MAX
#define FZ_STREAK_MAX 4096u
#endif

/** A new library call from the main loop, or a relax: restart the count. */
void fz_streak_reset(void);
/** One more platform message consumed by a library loop; over
 *  FZ_STREAK_MAX: fz_fail("unbounded-loop"). */
void fz_streak(const char *what);

/* ------------------------------------------------------------------ */
/* Fake OS: lock with recursion check, virtual clock, back-off tick    */
/* ------------------------------------------------------------------ */

/** Called by the relax op (a polling back-off step): the platform may act
 *  here, as an interrupt or another CPU would while the agent spins. */
typedef void (*fz_tick_fn)(void *ctx);

struct fz_os {
	uint64_t now;          /* virtual time, µs */
	uint32_t relax_step;   /* µs added by each relax */
	unsigned depth;        /* lock depth (0 or 1) */
	unsigned locks;        /* locks taken (statistics) */
	fz_tick_fn tick;       /* platform hook of relax (may be NULL) */
	void *tick_ctx;
	unsigned in_tick;      /* a tick is running: relax does not nest ticks */
	/* Interrupts raised while the lock is held (interrupts masked) are
	 * delivered when it is released, as an unmasked interrupt would be:
	 * the platform sets @pending, @deferred runs at the next unlock. */
	fz_tick_fn deferred;
	void *deferred_ctx;
	unsigned pending;
	unsigned in_deferred;
};

/** lock/unlock (recursion and unbalanced unlock are failures), now_us,
 *  relax. No wait/signal: waits spin on the state or poll. */
extern const struct scmia_os_ops fz_os_ops;
/** now_us and relax only (no lock: the polling-only mode). */
extern const struct scmia_os_ops fz_os_ops_nolock;

void fz_os_init(struct fz_os *os, uint32_t relax_step);
/** Fail when the library lock is held (transport ops, hooks, callbacks
 *  and handlers must run without it). */
void fz_os_assert_unlocked(const struct fz_os *os, const char *where);
/** Advance the virtual clock. */
void fz_os_advance(struct fz_os *os, uint64_t us);
/** Whether the platform may raise an interrupt now (the lock is not held,
 *  i.e. interrupts are not masked); if not, remember to call the deferred
 *  hook at the next unlock. */
int fz_os_irq_ok(struct fz_os *os);

/* ------------------------------------------------------------------ */
/* Checksums and the request ledger                                    */
/* ------------------------------------------------------------------ */

/*
 * Every command a harness sends carries, as its first payload word, a
 * checksum naming the request (fz_ck_of(seq)); a well-behaved platform
 * echoes the word it read as the first payload word after the status. A
 * reply that completes request X carrying the checksum of another request
 * R was delivered to the wrong caller. The checksum encodes the request's
 * ledger index, so the lookup is O(1). A platform that forges a message
 * writes FZ_CK_FORGED there instead: it never knows another request's
 * checksum, so a forged message can never look like a misattribution.
 */
#define FZ_CK_FORGED 0x0badf00du
#define FZ_LEDGER_MAX 8192u

uint32_t fz_ck_of(uint32_t seq);
/** The ledger index a checksum names, or -1 when it names none. */
int fz_ck_seq(uint32_t ck);

enum fz_req_state { FZ_REQ_FREE = 0, FZ_REQ_INFLIGHT, FZ_REQ_ENDED };

struct fz_req {
	struct scmia_xfer *x;  /* while in flight */
	uint32_t ck;
	uint32_t hdr;          /* header as submitted (token filled) */
	uint32_t t_submit;     /* virtual time of the submit, ms (statistics) */
	int result;
	uint16_t late_emits;   /* platform messages emitted for it after it ended */
	uint8_t state;         /* enum fz_req_state */
	uint8_t chan;          /* index of the a2p channel in the harness */
	uint8_t flags;         /* SCMIA_XFER_F_* */
	uint8_t visible;       /* the platform could see it (doorbell, status cleared) */
	uint8_t nb;            /* non-blocking */
	uint8_t emitted;       /* the platform emitted a message for it */
	uint8_t sent_ok;       /* the transport's send() returned 0 */
	uint8_t txdones;       /* mark_txdone calls for its send */
	uint8_t in_send;       /* its send() is running */
	uint32_t stale_at_end; /* the agent's STALE_REUSED when it ended */
	/* Messages with its header (response / delayed response) handed to
	 * the core's receive entry while its token was last issued to it,
	 * genuine or forged: in all, and by the time it ended. */
	uint8_t arr[2], arr_end[2];
};

struct fz_ledger {
	struct fz_req req[FZ_LEDGER_MAX];
	uint32_t n;
	uint8_t arrivals; /* the harness reports every message it hands the core */
};

void fz_ledger_init(struct fz_ledger *l);
/** A new request (NULL when the ledger is full). */
struct fz_req *fz_ledger_new(struct fz_ledger *l, unsigned chan);
struct fz_req *fz_ledger_by_ck(struct fz_ledger *l, uint32_t ck);
/** The in-flight request using transfer @p x (NULL when none). */
struct fz_req *fz_ledger_by_xfer(struct fz_ledger *l, const struct scmia_xfer *x);
/** The request in flight on @p chan whose token is @p token (NULL: none). */
struct fz_req *fz_ledger_by_token(struct fz_ledger *l, unsigned chan, uint32_t token);

/** The platform saw request @p r (its doorbell rang, its area was handed
 *  over): replies to it may legitimately complete it from now on. */
void fz_req_visible(struct fz_req *r);
/** The platform emitted a message carrying @p ck (the checksum it echoes). */
void fz_ledger_emit(struct fz_ledger *l, uint32_t ck);
/**
 * @brief A message with header @p hdr is about to be handed to the core's
 *        receive entry for a2p channel @p chan (a delayed response on its
 *        p2a peer counts for the a2p channel): if it is a response or
 *        delayed response with the token, protocol and message id of the
 *        request that last had that token, the counter of that request to
 *        bump once the core took the message (whatever its payload), else
 *        NULL. Looked up before the call: the call may end a request and
 *        issue the token again. A harness that reports every message so
 *        sets l->arrivals, and fz_req_end() then judges a reissued token by
 *        what arrived rather than by what the platform emitted.
 */
uint8_t *fz_ledger_arrival(struct fz_ledger *l, unsigned chan, uint32_t hdr);

/**
 * @brief Check the end of a request: called once, with the transfer still
 *        valid, when a blocking command returned or a callback ran.
 *
 * - a result that can only come from a platform message (SUCCESS, an SCMI
 *   status, a fetch verdict) for a request the platform never saw: the
 *   library took a message for a transfer whose doorbell had not rung
 *   ("early-reply");
 * - a SUCCESS payload carrying another request's checksum ("misattributed"),
 *   unless that other request's token could legitimately have been
 *   reissued (it was answered, its late reply already came, or the core
 *   gave up a quarantined token since that request ended: @p stale_reused
 *   is the agent's SCMIA_CNT_STALE_REUSED now; the channel's quarantine
 *   ring keeps the newest SCMIA__QUARANTINE(max_msg) quarantines, and
 *   gives up its oldest, counted, when a newer one needs room).
 * Marks the request ended.
 */
void fz_req_end(struct fz_ledger *l, struct fz_req *r, int result, const struct scmia_xfer *x,
		uint32_t stale_reused);

/** Whether @p result can only have come from a platform message. */
int fz_result_from_platform(int result);

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

/** Status words a platform model picks from (index by input). */
extern const int32_t fz_status_table[16];

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_FUZZ_FZ_H */

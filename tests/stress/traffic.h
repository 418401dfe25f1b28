/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Traffic of the vendor test protocol (0x80) for the threaded tests that
 * check the core end to end: the stress test (tests/stress/stress.c, the
 * loopback transport) and the fault soak (tests/soak, every transport).
 *
 * Sender threads share one agent. Each mixes synchronous ECHO (some by
 * polling), asynchronous ASYNC_WORK (waits for the delayed response),
 * non-blocking ECHO batches (submit + completion callback, the slot put
 * back in the callback or by the sender), and TRIGGER_EVENT
 * (notifications). Every ECHO payload is unique to (thread, sequence) and
 * its reply carries the platform's checksum of the command header +
 * payload; every ASYNC_WORK delayed response carries a value derived from
 * the request and the same checksum. A full-length reply that does not
 * match is misattributed. Each result is tallied by kind, so that the
 * caller can check the agent's counters against what the callers saw.
 *
 * The caller's thread runs the service duty (expiry, notification
 * dispatch, whatever else it likes) through traffic_wait()'s tick.
 */
#ifndef TRAFFIC_H
#define TRAFFIC_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "scmia/scmia.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most sender threads. */
#define TRAFFIC_MAX_THREADS 16u
/** Most non-blocking transfers a sender has in flight (one batch). */
#define TRAFFIC_BATCH_MAX 4u
/** Smallest ECHO payload: a TRUNCATE fault (<= 11 bytes) always shortens the reply. */
#define TRAFFIC_ECHO_MIN 8u
/** Largest ECHO payload the generator supports. */
#define TRAFFIC_ECHO_CAP 200u

/** Outcomes seen by the callers (one sender, or the sum). */
struct traffic_tally {
	unsigned attempts;      /**< transfers handed to scmia_xfer_do / submit / scmia_cmd */
	unsigned ok;            /**< SCMIA_OK, reply exactly the command's */
	unsigned short_ok;      /**< SCMIA_OK, reply shorter (truncated by a fault) */
	unsigned long_ok;       /**< SCMIA_OK, the command's reply with bytes appended */
	unsigned malformed;     /**< SCMIA_EMALFORMED */
	unsigned tooshort;      /**< SCMIA_ETOOSHORT */
	unsigned eproto;        /**< SCMIA_EPROTO (a transport's error flag) */
	unsigned unexpected;    /**< SCMIA_EUNEXPECTED (a fetch that refused what it found) */
	unsigned scmi_err;      /**< SCMI-band errors */
	unsigned timeout;       /**< SCMIA_ETIMEDOUT */
	unsigned tx_err;        /**< send refused (SCMIA_EBUSY, SCMIA_EIO): nothing sent */
	unsigned no_slot;       /**< SCMIA_ENOSLOT at get: nothing sent */
	unsigned other;         /**< anything else (a failure of the test) */
	unsigned misattributed; /**< SCMIA_OK with a reply that is not the command's */
	unsigned echo_sync, echo_poll, async, nb, trigger; /**< what was run */
	int last_other;         /**< the last "other" result */
};

/**
 * Optional hooks (ctx first). on_get: a transfer was taken (its token is
 * x->hdr's): return a cookie handed back to on_put. on_put: the transfer
 * with header @p hdr, which ended with @p result (0 when it was never
 * sent), is about to be put back (called right before scmia_xfer_put()).
 */
struct traffic_hooks {
	uint32_t (*on_get)(void *ctx, const struct scmia_xfer *x);
	void (*on_put)(void *ctx, uint32_t hdr, uint32_t cookie, int result);
};

/** Configuration. Zeroed fields take defaults. */
struct traffic_cfg {
	struct scmia_agent *agent;  /**< required */
	unsigned threads;           /**< 1..TRAFFIC_MAX_THREADS; 0: 4 */
	unsigned long transfers;    /**< transfers to run in all */
	uint64_t seed;              /**< PRNG seed of the senders */
	uint32_t max_rate;          /**< transfers started per second at most; 0: no limit */
	uint32_t echo_max;          /**< largest ECHO payload (reply: + 4 bytes); 0: 100 */
	uint32_t async_delay_max_us; /**< delayed responses after 0..this - 1 µs; 0: 300 */
	/** Mix in percent of the draws: sync ECHO, polled ECHO, ASYNC_WORK,
	 *  non-blocking ECHO batches; the rest is TRIGGER_EVENT. All 0:
	 *  35 / 5 / 25 / 30 (5 % trigger). */
	unsigned pct_sync, pct_poll, pct_async, pct_nb;
	const struct traffic_hooks *hooks; /**< or NULL */
	void *hooks_ctx;            /**< their context */
};

/** @private One non-blocking transfer of a batch. */
struct traffic_nb {
	struct traffic_sender *s;
	struct scmia_xfer *x;
	uint8_t tx[TRAFFIC_ECHO_CAP];
	uint32_t len, hdr, cookie;
	int put_in_cb;
	int result;
	int verdict; /* 1 full match, 0 short, -1 misattributed */
	atomic_int done;
};

/** @private One sender thread. */
struct traffic_sender {
	struct traffic *t;
	unsigned id;
	uint64_t rng;
	struct traffic_tally tally;
	struct traffic_nb nb[TRAFFIC_BATCH_MAX];
};

/** A run. Caller-owned; fields private. */
struct traffic {
	struct traffic_cfg cfg;
	atomic_long remaining;
	atomic_ulong started;
	atomic_uint finished;
	atomic_uint notif_handled;
	uint64_t t0, t1;
	unsigned n_threads;
	pthread_t th[TRAFFIC_MAX_THREADS];
	struct traffic_sender snd[TRAFFIC_MAX_THREADS];
	struct scmia_notifier nf;
};

/** Monotonic wall time in µs. */
uint64_t traffic_now_us(void);
/** Sleep @p us microseconds. */
void traffic_sleep_us(uint32_t us);

/**
 * Register a notification handler for the test protocol's event that
 * counts what it is handed (traffic_notifications_handled()).
 * @return scmia_notify_register()'s result.
 */
int traffic_notify_register(struct traffic *t, struct scmia_agent *agent);

/** Notifications the handler was handed. */
unsigned traffic_notifications_handled(struct traffic *t);

/**
 * Start the sender threads.
 * @return 0, or -1 for a bad configuration or a thread that did not start
 *         (the ones started are joined).
 */
int traffic_start(struct traffic *t, const struct traffic_cfg *cfg);

/**
 * Run @p tick every @p period_us until every sender is done, then join
 * them. @p tick may be NULL.
 */
void traffic_wait(struct traffic *t, void (*tick)(void *ctx), void *ctx, uint32_t period_us);

/** The tallies of every sender added up; seconds the run took. */
double traffic_total(const struct traffic *t, struct traffic_tally *tot);

/** Print the mix and the results ("<name>: ..." lines). */
void traffic_print(const char *name, const struct traffic_tally *tot, double secs);

/** Checks with a running count; a failed one prints both values. */
struct traffic_checker {
	const char *name;
	unsigned pass, fail;
};

/** Count one check; print it when it fails. */
void traffic_check(struct traffic_checker *ck, int cond, const char *what, long long a,
		   long long b);

/**
 * The identities between the callers' results and the agent's counters
 * @p cnt (SCMIA_CNT__COUNT entries): every command handed to the transport
 * ends exactly once, as its caller sees it (SENT == sum of results after a
 * send); TIMEOUTS, STATUS_ERRORS, NO_SLOT, TX_ERRORS match what the callers
 * saw; nothing misattributed; no unexpected result; at least @p transfers
 * were run.
 */
void traffic_check_results(struct traffic_checker *ck, const struct traffic_tally *tot,
			   const uint32_t *cnt, unsigned long transfers);

/** A positive number from the environment, else @p def. */
unsigned long traffic_env(const char *name, unsigned long def);

#ifdef __cplusplus
}
#endif

#endif /* TRAFFIC_H */

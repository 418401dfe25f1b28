/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Traffic of the vendor test protocol for the stress test and the soak
 * (see traffic.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scmia_sim.h"
#include "traffic.h"

#define P80 SCMIA_SIM_TEST_PROTO

uint64_t traffic_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void traffic_sleep_us(uint32_t us)
{
	struct timespec ts = { .tv_sec = (time_t)(us / 1000000u),
			       .tv_nsec = (long)(us % 1000000u) * 1000L };

	nanosleep(&ts, NULL);
}

unsigned long traffic_env(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return (v && *v) ? strtoul(v, NULL, 0) : def;
}

static uint32_t rnd(struct traffic_sender *s)
{
	uint64_t x = s->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	s->rng = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

/* ---- hooks ---- */

static uint32_t hook_get(struct traffic_sender *s, const struct scmia_xfer *x)
{
	const struct traffic_hooks *h = s->t->cfg.hooks;

	return (h && h->on_get) ? h->on_get(s->t->cfg.hooks_ctx, x) : 0u;
}

/* Tell the hook, then put @x back. */
static void put_xfer(struct traffic *t, struct scmia_xfer *x, uint32_t cookie, int result)
{
	const struct traffic_hooks *h = t->cfg.hooks;

	if (h && h->on_put)
		h->on_put(t->cfg.hooks_ctx, x->hdr, cookie, result);
	(void)scmia_xfer_put(x);
}

/* ---- verdicts and tallies ---- */

/* Classify an ECHO reply: 1 exactly this command's, 2 this command's with
 * bytes appended (a platform's length field saying more: a newer layout
 * to a generic agent), 0 shorter (a truncated reply), -1 anything else
 * (misattributed). */
static int echo_verdict(const struct scmia_xfer *x, const uint8_t *tx, uint32_t len)
{
	if (x->rx_len < len + 4u)
		return 0;
	if (memcmp(x->rx_buf, tx, len) != 0 ||
	    scmia_get_le32((const uint8_t *)x->rx_buf + len) != scmia_sim_checksum(x->hdr, tx, len))
		return -1;
	return x->rx_len == len + 4u ? 1 : 2;
}

static void fill_echo(struct traffic_sender *s, uint8_t *tx, uint32_t len, unsigned seq)
{
	scmia_put_le32(tx, s->id);
	scmia_put_le32(tx + 4, seq);
	for (uint32_t k = 8; k < len; k++)
		tx[k] = (uint8_t)rnd(s);
}

/* Say what a misattributed reply looked like (a failure: worth the line). */
static void report_misattributed(const char *what, const struct scmia_xfer *x, uint32_t len)
{
	const uint8_t *b = (const uint8_t *)x->rx_buf;

	printf("traffic: misattributed %s reply: hdr %08x, %u bytes for a %u-byte request, "
	       "first words %08x %08x %08x\n",
	       what, x->hdr, x->rx_len, len, x->rx_len >= 4 ? scmia_get_le32(b) : 0u,
	       x->rx_len >= 8 ? scmia_get_le32(b + 4) : 0u,
	       x->rx_len >= 12 ? scmia_get_le32(b + 8) : 0u);
}

/* Account for the result of one transfer that was handed to the core. */
static void account(struct traffic_tally *t, int ret, int verdict)
{
	switch (ret) {
	case SCMIA_OK:
		if (verdict == 1)
			t->ok++;
		else if (verdict == 2)
			t->long_ok++;
		else if (verdict == 0)
			t->short_ok++;
		else
			t->misattributed++;
		break;
	case SCMIA_EMALFORMED:
		t->malformed++;
		break;
	case SCMIA_ETOOSHORT:
		t->tooshort++;
		break;
	case SCMIA_EPROTO:
		t->eproto++;
		break;
	case SCMIA_EUNEXPECTED:
		t->unexpected++;
		break;
	case SCMIA_ETIMEDOUT:
		t->timeout++;
		break;
	case SCMIA_EBUSY: /* the transport could not take it: nothing was sent */
	case SCMIA_EIO:
		t->tx_err++;
		break;
	default:
		if (scmia_err_is_scmi(ret)) {
			t->scmi_err++;
		} else {
			t->other++;
			t->last_other = ret;
		}
		break;
	}
}

/* A failure before the transfer reached the transport. */
static void account_get(struct traffic_tally *t, int ret)
{
	if (ret == SCMIA_ENOSLOT) {
		t->no_slot++;
	} else {
		t->other++;
		t->last_other = ret;
	}
}

/* ---- the kinds of transfer ---- */

static void do_echo(struct traffic_sender *s, unsigned seq, unsigned flags)
{
	struct traffic *t = s->t;
	uint8_t tx[TRAFFIC_ECHO_CAP];
	uint32_t len = TRAFFIC_ECHO_MIN + rnd(s) % (t->cfg.echo_max - TRAFFIC_ECHO_MIN + 1u);
	struct scmia_xfer *x;
	uint32_t cookie;
	int ret, verdict;

	fill_echo(s, tx, len, seq);
	ret = scmia_xfer_get(t->cfg.agent, P80, SCMIA_SIM_TEST_ECHO, len, 0, &x);
	if (ret) {
		account_get(&s->tally, ret);
		return;
	}
	cookie = hook_get(s, x);
	memcpy(x->tx_buf, tx, len);
	s->tally.attempts++;
	ret = scmia_xfer_do(x, flags);
	verdict = ret == SCMIA_OK ? echo_verdict(x, tx, len) : 0;
	if (verdict < 0)
		report_misattributed(flags ? "polled echo" : "echo", x, len);
	account(&s->tally, ret, verdict);
	put_xfer(t, x, cookie, ret);
}

static void do_async(struct traffic_sender *s)
{
	struct traffic *t = s->t;
	uint8_t tx[8];
	uint32_t value = rnd(s);
	struct scmia_xfer *x;
	uint32_t cookie;
	int ret, verdict = 0;

	scmia_put_le32(tx, value);
	scmia_put_le32(tx + 4, rnd(s) % t->cfg.async_delay_max_us);
	ret = scmia_xfer_get(t->cfg.agent, P80, SCMIA_SIM_TEST_ASYNC_WORK, 8, 0, &x);
	if (ret) {
		account_get(&s->tally, ret);
		return;
	}
	cookie = hook_get(s, x);
	memcpy(x->tx_buf, tx, 8);
	s->tally.attempts++;
	ret = scmia_xfer_do(x, SCMIA_XFER_F_ASYNC);
	if (ret == SCMIA_OK) {
		if (x->rx_len < 8u)
			verdict = 0;
		else if (scmia_get_le32(x->rx_buf) == scmia_sim_test_async_value(value) &&
			 scmia_get_le32((uint8_t *)x->rx_buf + 4) ==
				 scmia_sim_checksum(x->hdr, tx, 8))
			verdict = x->rx_len == 8u ? 1 : 2;
		else
			verdict = -1;
	}
	if (verdict < 0)
		report_misattributed("async", x, 8);
	account(&s->tally, ret, verdict);
	put_xfer(t, x, cookie, ret);
}

static void do_trigger(struct traffic_sender *s)
{
	struct traffic *t = s->t;
	struct scmia_xfer *x;
	uint8_t tx[8];
	uint32_t cookie;
	int ret;

	scmia_put_le32(tx, rnd(s) % 8u);          /* source id */
	scmia_put_le32(tx + 4, 1u + rnd(s) % 3u); /* count */
	if (!t->cfg.hooks) {
		/* the one-shot call (it takes and puts the slot itself) */
		ret = scmia_cmd(t->cfg.agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, tx, 8, NULL, 0,
				NULL, 0);
		if (ret == SCMIA_ENOSLOT) {
			account_get(&s->tally, ret);
			return;
		}
		s->tally.attempts++;
		account(&s->tally, ret, 1);
		return;
	}
	ret = scmia_xfer_get(t->cfg.agent, P80, SCMIA_SIM_TEST_TRIGGER_EVENT, 8, 0, &x);
	if (ret) {
		account_get(&s->tally, ret);
		return;
	}
	cookie = hook_get(s, x);
	memcpy(x->tx_buf, tx, 8);
	s->tally.attempts++;
	ret = scmia_xfer_do(x, 0);
	account(&s->tally, ret, 1);
	put_xfer(t, x, cookie, ret);
}

/* Completion callback of a non-blocking ECHO: any thread (the receive
 * thread, the service thread, another sender's submit). */
static void nb_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct traffic_nb *c = arg;

	c->result = result;
	c->verdict = (result == SCMIA_OK && x == c->x) ? echo_verdict(x, c->tx, c->len) : 0;
	if (result == SCMIA_OK && x != c->x)
		c->verdict = -1;
	if (c->verdict < 0)
		report_misattributed("non-blocking echo", x, c->len);
	if (c->put_in_cb)
		put_xfer(c->s->t, x, c->cookie, result);
	atomic_store_explicit(&c->done, 1, memory_order_release);
}

static void do_batch(struct traffic_sender *s, unsigned seq, unsigned k)
{
	struct traffic *t = s->t;
	unsigned i, n = 0;

	for (i = 0; i < k; i++) {
		struct traffic_nb *c = &s->nb[i];
		int ret;

		c->s = s;
		c->len = TRAFFIC_ECHO_MIN + rnd(s) % (t->cfg.echo_max - TRAFFIC_ECHO_MIN + 1u);
		c->put_in_cb = (int)(rnd(s) & 1u);
		c->result = 0;
		c->verdict = 0;
		atomic_store(&c->done, 0);
		fill_echo(s, c->tx, c->len, seq + i);
		c->x = NULL;
		ret = scmia_xfer_get(t->cfg.agent, P80, SCMIA_SIM_TEST_ECHO, c->len, 0, &c->x);
		if (ret) {
			account_get(&s->tally, ret);
			c->x = NULL;
			continue;
		}
		c->cookie = hook_get(s, c->x);
		memcpy(c->x->tx_buf, c->tx, c->len);
		s->tally.attempts++;
		ret = scmia_xfer_submit(c->x, 0, nb_cb, c);
		if (ret) {
			/* nothing handed over: no callback will come */
			account(&s->tally, ret, 0);
			put_xfer(t, c->x, c->cookie, 0);
			c->x = NULL;
			continue;
		}
		n++;
	}
	for (i = 0; n && i < k; i++) {
		struct traffic_nb *c = &s->nb[i];

		if (!c->x)
			continue;
		while (!atomic_load_explicit(&c->done, memory_order_acquire))
			traffic_sleep_us(20);
		account(&s->tally, c->result, c->verdict);
		if (!c->put_in_cb)
			put_xfer(t, c->x, c->cookie, c->result);
	}
}

static void *sender_main(void *arg)
{
	struct traffic_sender *s = arg;
	struct traffic *t = s->t;
	const struct traffic_cfg *cfg = &t->cfg;
	unsigned seq = 0;
	unsigned c_sync = cfg->pct_sync, c_poll = c_sync + cfg->pct_poll,
		 c_async = c_poll + cfg->pct_async, c_nb = c_async + cfg->pct_nb;

	for (;;) {
		uint32_t r = rnd(s) % 100u;
		long want = 1, left;

		if (r >= c_async && r < c_nb)
			want = 1 + (long)(rnd(s) % TRAFFIC_BATCH_MAX);
		left = atomic_fetch_sub(&t->remaining, want);
		if (left <= 0)
			break;
		if (want > left)
			want = left;
		/* throttle: never faster than max_rate */
		while (cfg->max_rate) {
			uint64_t due = (uint64_t)atomic_load(&t->started) * 1000000u / cfg->max_rate;

			if (traffic_now_us() - t->t0 >= due)
				break;
			traffic_sleep_us(100);
		}
		atomic_fetch_add(&t->started, (unsigned long)want);

		if (r < c_sync) {
			s->tally.echo_sync++;
			do_echo(s, seq++, 0);
		} else if (r < c_poll) {
			s->tally.echo_poll++;
			do_echo(s, seq++, SCMIA_XFER_F_POLL);
		} else if (r < c_async) {
			s->tally.async++;
			do_async(s);
		} else if (r < c_nb) {
			s->tally.nb += (unsigned)want;
			do_batch(s, seq, (unsigned)want);
			seq += (unsigned)want;
		} else {
			s->tally.trigger++;
			do_trigger(s);
		}
	}
	atomic_fetch_add(&t->finished, 1u);
	return NULL;
}

/* ---- run ---- */

static void notif_handler(void *ctx, const struct scmia_notification *n)
{
	struct traffic *t = ctx;

	(void)n;
	atomic_fetch_add(&t->notif_handled, 1u);
}

int traffic_notify_register(struct traffic *t, struct scmia_agent *agent)
{
	memset(&t->nf, 0, sizeof(t->nf));
	t->nf.proto_id = P80;
	t->nf.evt_id = SCMIA_SIM_TEST_EVT;
	t->nf.src_id = SCMIA_NOTIFY_SRC_ANY;
	t->nf.fn = notif_handler;
	t->nf.ctx = t;
	return scmia_notify_register(agent, &t->nf);
}

unsigned traffic_notifications_handled(struct traffic *t)
{
	return atomic_load(&t->notif_handled);
}

int traffic_start(struct traffic *t, const struct traffic_cfg *cfg)
{
	unsigned i;

	t->cfg = *cfg;
	if (!t->cfg.threads)
		t->cfg.threads = 4;
	if (!t->cfg.echo_max)
		t->cfg.echo_max = 100;
	if (!t->cfg.async_delay_max_us)
		t->cfg.async_delay_max_us = 300;
	if (!t->cfg.pct_sync && !t->cfg.pct_poll && !t->cfg.pct_async && !t->cfg.pct_nb) {
		t->cfg.pct_sync = 35;
		t->cfg.pct_poll = 5;
		t->cfg.pct_async = 25;
		t->cfg.pct_nb = 30;
	}
	if (!t->cfg.agent || t->cfg.threads > TRAFFIC_MAX_THREADS ||
	    t->cfg.echo_max < TRAFFIC_ECHO_MIN || t->cfg.echo_max > TRAFFIC_ECHO_CAP ||
	    t->cfg.pct_sync + t->cfg.pct_poll + t->cfg.pct_async + t->cfg.pct_nb > 100u)
		return -1;
	atomic_store(&t->remaining, (long)t->cfg.transfers);
	atomic_store(&t->started, 0ul);
	atomic_store(&t->finished, 0u);
	memset(t->snd, 0, sizeof(t->snd));
	t->n_threads = 0;
	t->t0 = traffic_now_us();
	for (i = 0; i < t->cfg.threads; i++) {
		struct traffic_sender *s = &t->snd[i];

		s->t = t;
		s->id = i + 1u;
		s->rng = (t->cfg.seed ^ (0x9e3779b97f4a7c15ull * (i + 1u))) | 1u;
		if (pthread_create(&t->th[i], NULL, sender_main, s)) {
			atomic_store(&t->remaining, 0l);
			while (t->n_threads)
				pthread_join(t->th[--t->n_threads], NULL);
			return -1;
		}
		t->n_threads++;
	}
	return 0;
}

void traffic_wait(struct traffic *t, void (*tick)(void *ctx), void *ctx, uint32_t period_us)
{
	unsigned i;

	while (atomic_load(&t->finished) < t->n_threads) {
		if (tick)
			tick(ctx);
		traffic_sleep_us(period_us);
	}
	for (i = 0; i < t->n_threads; i++)
		pthread_join(t->th[i], NULL);
	t->t1 = traffic_now_us();
}

double traffic_total(const struct traffic *t, struct traffic_tally *tot)
{
	unsigned i;

	memset(tot, 0, sizeof(*tot));
	for (i = 0; i < t->n_threads; i++) {
		const struct traffic_tally *s = &t->snd[i].tally;

		tot->attempts += s->attempts;
		tot->ok += s->ok;
		tot->short_ok += s->short_ok;
		tot->long_ok += s->long_ok;
		tot->malformed += s->malformed;
		tot->tooshort += s->tooshort;
		tot->eproto += s->eproto;
		tot->unexpected += s->unexpected;
		tot->scmi_err += s->scmi_err;
		tot->timeout += s->timeout;
		tot->tx_err += s->tx_err;
		tot->no_slot += s->no_slot;
		tot->other += s->other;
		tot->misattributed += s->misattributed;
		tot->echo_sync += s->echo_sync;
		tot->echo_poll += s->echo_poll;
		tot->async += s->async;
		tot->nb += s->nb;
		tot->trigger += s->trigger;
		if (s->other)
			tot->last_other = s->last_other;
	}
	return (double)(t->t1 > t->t0 ? t->t1 - t->t0 : 1u) / 1e6;
}

void traffic_print(const char *name, const struct traffic_tally *tot, double secs)
{
	printf("%s: %u transfers in %.2f s (%.0f/s): %u sync echo, %u polled echo, %u async, "
	       "%u non-blocking, %u trigger\n",
	       name, tot->attempts, secs, (double)tot->attempts / (secs > 0 ? secs : 1),
	       tot->echo_sync, tot->echo_poll, tot->async, tot->nb, tot->trigger);
	printf("%s: results: ok %u, truncated %u, longer %u, malformed %u, too short %u, "
	       "error flag %u, refused fetch %u, scmi error %u, timeout %u, tx error %u, no slot %u, "
	       "other %u, misattributed %u\n",
	       name, tot->ok, tot->short_ok, tot->long_ok, tot->malformed, tot->tooshort, tot->eproto,
	       tot->unexpected, tot->scmi_err, tot->timeout, tot->tx_err, tot->no_slot, tot->other,
	       tot->misattributed);
}

void traffic_check(struct traffic_checker *ck, int cond, const char *what, long long a,
		   long long b)
{
	if (cond) {
		ck->pass++;
	} else {
		ck->fail++;
		printf("%s: CHECK FAILED: %s (%lld vs %lld)\n", ck->name, what, a, b);
	}
}

void traffic_check_results(struct traffic_checker *ck, const struct traffic_tally *tot,
			   const uint32_t *cnt, unsigned long transfers)
{
	unsigned long ended = (unsigned long)tot->ok + tot->short_ok + tot->long_ok + tot->malformed +
			      tot->tooshort + tot->eproto + tot->unexpected + tot->scmi_err +
			      tot->timeout + tot->misattributed;

	traffic_check(ck, tot->misattributed == 0, "misattributed replies", tot->misattributed, 0);
	traffic_check(ck, tot->other == 0, "unexpected results (last one)", tot->last_other, 0);
	traffic_check(ck, (unsigned long)tot->attempts + tot->no_slot >= transfers, "transfers run",
		      (long long)tot->attempts + tot->no_slot, (long long)transfers);
	traffic_check(ck, cnt[SCMIA_CNT_NO_SLOT] == tot->no_slot, "NO_SLOT == ENOSLOT results",
		      cnt[SCMIA_CNT_NO_SLOT], tot->no_slot);
	traffic_check(ck, cnt[SCMIA_CNT_TX_ERRORS] == tot->tx_err, "TX_ERRORS == refused sends",
		      cnt[SCMIA_CNT_TX_ERRORS], tot->tx_err);
	traffic_check(ck, (unsigned long)cnt[SCMIA_CNT_SENT] + tot->tx_err == tot->attempts,
		      "SENT + TX_ERRORS == attempts", (long long)cnt[SCMIA_CNT_SENT] + tot->tx_err,
		      tot->attempts);
	/* (A) every command handed to the transport ends exactly once */
	traffic_check(ck, cnt[SCMIA_CNT_SENT] == ended, "(A) SENT == sum of results",
		      cnt[SCMIA_CNT_SENT], (long long)ended);
	traffic_check(ck, cnt[SCMIA_CNT_TIMEOUTS] == tot->timeout, "(A) TIMEOUTS == timeouts seen",
		      cnt[SCMIA_CNT_TIMEOUTS], tot->timeout);
	traffic_check(ck, cnt[SCMIA_CNT_STATUS_ERRORS] == tot->scmi_err,
		      "(A) STATUS_ERRORS == SCMI errors seen", cnt[SCMIA_CNT_STATUS_ERRORS],
		      tot->scmi_err);
	traffic_check(ck, cnt[SCMIA_CNT_CANCELED] == 0, "no transfer canceled",
		      cnt[SCMIA_CNT_CANCELED], 0);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMC/HVC firmware model for the simulated platform (sim_smc.h).
 *
 * Wake bookkeeping per context c (model lock held):
 *   U = calls parked on c and not released, P = permits[c],
 *   W = scheduled wakes of c.
 * A park adds one to U and (contention, or a rule with wake_us) one to W.
 * A wake-one fired moves one from W to P; a RESUME that takes a permit
 * removes one from P and one from U. A wake-all releases every call of c
 * and cancels c's other scheduled wakes (U, P and W go to 0). So P + W == U
 * holds, and a caller that loses a wake-up on the agent side is not
 * rescued by a spare permit: it times out, and the test sees it.
 */
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

/* Part of scmia::sim only when the SMC transport is built (it provides
 * scmia_smc.h and links itself to the sim); otherwise this unit is empty. */
#if defined(__has_include)
#if __has_include("scmia_smc.h") && __has_include("scmia_smt.h")
#define SIM_SMC_BUILD 1
#endif
#endif
#ifndef SIM_SMC_BUILD
#define SIM_SMC_BUILD 0
#endif

#if SIM_SMC_BUILD
#include "sim_smc.h"

/* The SMT area's words are little-endian (DEN0056): a word as it lies in
 * memory, loaded as a host integer, to its value, and back (the same swap
 * both ways; none on a little-endian host). */
static uint32_t smc_le(uint32_t v)
{
	uint8_t b[4];

	memcpy(b, &v, sizeof(b));
	return scmia_get_le32(b);
}

#define DEFAULT_N_CTX 4u
#define DEFAULT_RETURN_WAIT_US 200000u
#define ID_BASE 0x5100u

static uint64_t mono_us(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* xorshift64*: deterministic for a seed. Lock held. */
static uint32_t rnd(struct scmia_sim_smc *m)
{
	uint64_t x = m->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	m->rng = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
}

static int chance(struct scmia_sim_smc *m, unsigned percent)
{
	return percent && rnd(m) % 100u < percent;
}

static void res_set(struct scmia_smccc_res *r, int64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	r->a0 = (uint64_t)a0;
	r->a1 = a1;
	r->a2 = a2;
	r->a3 = a3;
}

/* ------------------------------------------------------------------ */
/* Port: the SMT platform end, plus the SMC completion interrupt       */
/* ------------------------------------------------------------------ */

static struct scmia_sim_smc_chan *mch(struct scmia_sim_smc *m, unsigned idx)
{
	return idx < SCMIA_SIM_MAX_CHANS && m->ch[idx].func_id ? &m->ch[idx] : NULL;
}

/* After a response was written into an asynchronous channel's area: raise
 * the agent's completion interrupt when it asked for one. */
static void async_irq(struct scmia_sim_smc *m, unsigned chan, uint32_t flags_before, int ret)
{
	struct scmia_sim_smc_chan *c = mch(m, chan);

	if (ret == SCMIA_OK && c && (c->flags & SCMIA_SIM_SMC_ASYNC) && c->a2p_sc &&
	    (flags_before & SCMIA_SMT_FLAGS_IRQ))
		(void)scmia_smc_irq(c->a2p_sc);
}

static int port_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_smc *m = ctx;
	uint32_t fl = scmia_sim_smt_peek(&m->smt, chan, 0, SCMIA_SMT_OFF_FLAGS);
	int ret = scmia_sim_smt_port.reply(&m->smt, chan, hdr, body, len);

	async_irq(m, chan, fl, ret);
	return ret;
}

static int port_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_smc *m = ctx;

	return scmia_sim_smt_port.p2a(&m->smt, chan, hdr, body, len);
}

static int port_badlen(void *ctx, unsigned chan, unsigned kind, uint32_t hdr, const void *body,
		       uint32_t len, uint32_t wire_len)
{
	struct scmia_sim_smc *m = ctx;
	uint32_t fl = scmia_sim_smt_peek(&m->smt, chan, 0, SCMIA_SMT_OFF_FLAGS);
	int ret = scmia_sim_smt_port.emit_badlen(&m->smt, chan, kind, hdr, body, len, wire_len);

	if (kind == SCMIA_SIM_K_RESP)
		async_irq(m, chan, fl, ret);
	return ret;
}

static int port_doorbell(void *ctx, unsigned chan, unsigned kind)
{
	struct scmia_sim_smc *m = ctx;
	struct scmia_sim_smc_chan *c = mch(m, chan);

	if (!c)
		return SCMIA_EINVAL;
	if (kind == SCMIA_SIM_K_RESP) {
		/* A completion interrupt with no reply behind it. */
		if (c->a2p_sc)
			(void)scmia_smc_irq(c->a2p_sc);
		return SCMIA_OK;
	}
	return scmia_sim_smt_port.doorbell(&m->smt, chan, kind);
}

static int port_pull(void *ctx, unsigned *chan, uint32_t *hdr, void *buf, uint32_t cap,
		     uint32_t *len)
{
	struct scmia_sim_smc *m = ctx;

	return scmia_sim_smt_port.pull(&m->smt, chan, hdr, buf, cap, len);
}

static const struct scmia_sim_port_ops smc_port = {
	.reply = port_reply,
	.p2a = port_p2a,
	.emit_badlen = port_badlen,
	.doorbell = port_doorbell,
	.pull = port_pull,
};

/* ------------------------------------------------------------------ */
/* Set-up                                                              */
/* ------------------------------------------------------------------ */

int scmia_sim_smc_init(struct scmia_sim_smc *m, struct scmia_sim *sim,
		       const struct scmia_sim_smc_cfg *cfg)
{
	pthread_condattr_t ca;
	int ret;

	if (!m || (cfg && cfg->n_ctx > SCMIA_SIM_SMC_MAX_CTX))
		return SCMIA_EINVAL;
	memset(m, 0, sizeof(*m));
	if (cfg)
		m->cfg = *cfg;
	if (!m->cfg.resume_fid)
		m->cfg.resume_fid = scmia_smccc_fid_svc(0, 1, SCMIA_SMCCC_OWNER_SIP,
							SCMIA_FWCALL_SVC_WAITQ,
							SCMIA_FWCALL_CMD_RESUME);
	if (!m->cfg.get_wq_ctx_fid)
		m->cfg.get_wq_ctx_fid = scmia_smccc_fid_svc(1, 1, SCMIA_SMCCC_OWNER_SIP,
							    SCMIA_FWCALL_SVC_WAITQ,
							    SCMIA_FWCALL_CMD_GET_WQ_CTX);
	if (!m->cfg.echo_fid)
		m->cfg.echo_fid = SCMIA_SIM_SMC_ECHO_FID;
	if (!m->cfg.n_ctx)
		m->cfg.n_ctx = DEFAULT_N_CTX;
	if (!m->cfg.return_wait_us)
		m->cfg.return_wait_us = DEFAULT_RETURN_WAIT_US;
	m->next_id = ID_BASE;
	m->rng = 0x9e3779b97f4a7c15ull;

	if (pthread_mutex_init(&m->lock, NULL))
		return SCMIA_EIO;
	if (pthread_condattr_init(&ca)) {
		pthread_mutex_destroy(&m->lock);
		return SCMIA_EIO;
	}
	(void)pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	ret = pthread_cond_init(&m->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (ret) {
		pthread_mutex_destroy(&m->lock);
		return SCMIA_EIO;
	}
	if (sim) {
		m->sim = sim;
		ret = scmia_sim_smt_init(&m->smt, sim, 0);
		if (!ret)
			ret = scmia_sim_set_port(sim, &smc_port, m);
		if (ret) {
			pthread_cond_destroy(&m->cond);
			pthread_mutex_destroy(&m->lock);
			return ret;
		}
	}
	return SCMIA_OK;
}

static void waker_stop(struct scmia_sim_smc *m)
{
	if (!m->running)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = 1;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->waker, NULL);
	m->running = 0;
	m->stop = 0;
}

void scmia_sim_smc_deinit(struct scmia_sim_smc *m)
{
	if (!m)
		return;
	waker_stop(m);
	pthread_cond_destroy(&m->cond);
	pthread_mutex_destroy(&m->lock);
}

int scmia_sim_smc_attach(struct scmia_sim_smc *m, unsigned idx, uint32_t func_id,
			 uint32_t param_mode, uint64_t param, void *a2p_mem, uint32_t a2p_size,
			 struct scmia_smc_chan *a2p_sc, void *p2a_mem, uint32_t p2a_size,
			 struct scmia_smc_chan *p2a_sc, uint32_t ack_fid, uint32_t flags)
{
	struct scmia_sim_smc_chan *c;
	uint32_t sflags = 0;
	int ret;

	if (!m || !m->sim || idx >= SCMIA_SIM_MAX_CHANS || !func_id ||
	    param_mode > SCMIA_SMC_PARAM_CAP_ID ||
	    (flags & ~(SCMIA_SIM_SMC_ASYNC | SCMIA_SIM_SMC_ACK)))
		return SCMIA_EINVAL;
	if (!(flags & SCMIA_SIM_SMC_ASYNC))
		sflags |= SCMIA_SIM_SMT_INLINE;
	if (p2a_sc)
		sflags |= SCMIA_SIM_SMT_IRQ;
	if (flags & SCMIA_SIM_SMC_ACK)
		sflags |= SCMIA_SIM_SMT_ACK;
	/* The a2p completion interrupt is the SMC transport's own entry
	 * (raised here), so the SMT end gets no a2p context. The p2a side is
	 * an SMT p2a channel: its entry is scmia_smt_irq() on the context's
	 * first member. */
	ret = scmia_sim_smt_attach(&m->smt, idx, a2p_mem, a2p_size, p2a_mem, p2a_size, NULL,
				   p2a_sc ? &p2a_sc->smt : NULL, sflags);
	if (ret)
		return ret;
	c = &m->ch[idx];
	memset(c, 0, sizeof(*c));
	c->func_id = func_id;
	c->ack_fid = ack_fid;
	c->flags = flags;
	c->a2p_mem = (uint32_t *)a2p_mem;
	c->a2p_sc = a2p_sc;
	if (param_mode == SCMIA_SMC_PARAM_SHMEM) {
		c->a1 = param >> SCMIA_SMC_PAGE_SHIFT;
		c->a2 = param & ((1u << SCMIA_SMC_PAGE_SHIFT) - 1u);
	} else if (param_mode == SCMIA_SMC_PARAM_CAP_ID) {
		c->a1 = param;
	}
	return SCMIA_OK;
}

struct scmia_sim_smt *scmia_sim_smc_smt(struct scmia_sim_smc *m)
{
	return &m->smt;
}

/* ------------------------------------------------------------------ */
/* Wake events                                                         */
/* ------------------------------------------------------------------ */

/* Fire a wake: change the firmware state, queue the event. Lock held. */
static int raise_locked(struct scmia_sim_smc *m, uint64_t ctx, uint64_t flags)
{
	unsigned i, t;

	if (m->ev_count >= SCMIA_SIM_SMC_MAX_EVENTS) {
		m->st.overflow++;
		return SCMIA_ENOSPC;
	}
	if (ctx < m->cfg.n_ctx && flags == SCMIA_FWCALL_WAKE_ALL) {
		for (i = 0; i < SCMIA_SIM_SMC_MAX_PARKED; i++)
			if (m->parked[i].used && m->parked[i].ctx == ctx)
				m->parked[i].released = 1;
		for (i = 0; i < SCMIA_SIM_SMC_MAX_PARKED; i++) {
			if (m->sched[i].used && m->sched[i].ctx == ctx) {
				m->sched[i].used = 0;
				m->n_sched--;
			}
		}
		m->permits[ctx] = 0;
		m->st.wakes_all++;
	} else if (ctx < m->cfg.n_ctx && flags == SCMIA_FWCALL_WAKE_ONE) {
		m->permits[ctx]++;
		m->st.wakes_one++;
	} else {
		m->st.bogus++;
	}
	t = (m->ev_head + m->ev_count) % SCMIA_SIM_SMC_MAX_EVENTS;
	m->ev[t][0] = ctx;
	m->ev[t][1] = flags;
	m->ev_count++;
	return SCMIA_OK;
}

static void raise_irq(struct scmia_sim_smc *m)
{
	pthread_mutex_lock(&m->lock);
	m->st.irqs++;
	pthread_mutex_unlock(&m->lock);
	if (m->cfg.irq)
		m->cfg.irq(m->cfg.irq_ctx);
}

int scmia_sim_smc_wake(struct scmia_sim_smc *m, uint64_t ctx, uint64_t flags, int no_irq)
{
	int ret;

	if (!m)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	ret = raise_locked(m, ctx, flags);
	pthread_mutex_unlock(&m->lock);
	if (ret == SCMIA_OK && !no_irq)
		raise_irq(m);
	return ret;
}

void scmia_sim_smc_fwcall_irq(void *ctx)
{
	(void)scmia_fwcall_wake_irq((struct scmia_fwcall *)ctx);
}

/* Schedule a wake of @ctx @delay_us from now. Lock held. */
static void schedule_locked(struct scmia_sim_smc *m, uint32_t ctx, uint32_t flags,
			    uint32_t delay_us)
{
	unsigned i;

	for (i = 0; i < SCMIA_SIM_SMC_MAX_PARKED; i++) {
		if (!m->sched[i].used) {
			m->sched[i].used = 1;
			m->sched[i].ctx = ctx;
			m->sched[i].flags = flags ? flags : SCMIA_FWCALL_WAKE_ONE;
			m->sched[i].due = mono_us() + delay_us;
			m->n_sched++;
			pthread_cond_broadcast(&m->cond);
			return;
		}
	}
	m->st.overflow++;
}

/* Fire every scheduled wake that is due (all of them with @all). Lock held.
 * Returns the number fired. */
static unsigned fire_due_locked(struct scmia_sim_smc *m, uint64_t now, int all,
				uint64_t *next_due)
{
	unsigned i, n = 0;

	*next_due = UINT64_MAX;
	/* An interrupt may also carry an invalid event the agent must skip. */
	for (i = 0; i < SCMIA_SIM_SMC_MAX_PARKED; i++) {
		struct scmia_sim_smc_sched *s = &m->sched[i];

		if (!s->used)
			continue;
		if (!all && s->due > now) {
			if (s->due < *next_due)
				*next_due = s->due;
			continue;
		}
		if (!n && m->cont_on && chance(m, m->cont.bogus_percent)) {
			if (rnd(m) & 1u)
				(void)raise_locked(m, m->cfg.n_ctx + rnd(m) % 4u,
						   SCMIA_FWCALL_WAKE_ONE);
			else
				(void)raise_locked(m, s->ctx, (rnd(m) & 1u) ? 0u : 3u);
		}
		s->used = 0;
		m->n_sched--;
		(void)raise_locked(m, s->ctx, s->flags);
		n++;
	}
	return n;
}

static void *waker_main(void *arg)
{
	struct scmia_sim_smc *m = arg;

	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		uint64_t next, now = mono_us();
		unsigned n = fire_due_locked(m, now, 0, &next);

		if (n) {
			pthread_mutex_unlock(&m->lock);
			raise_irq(m);
			pthread_mutex_lock(&m->lock);
			continue;
		}
		if (next == UINT64_MAX) {
			pthread_cond_wait(&m->cond, &m->lock);
		} else {
			struct timespec ts;

			ts.tv_sec = (time_t)(next / 1000000u);
			ts.tv_nsec = (long)(next % 1000000u) * 1000L;
			(void)pthread_cond_timedwait(&m->cond, &m->lock, &ts);
		}
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static int waker_start(struct scmia_sim_smc *m)
{
	if (m->running)
		return SCMIA_OK;
	m->stop = 0;
	if (pthread_create(&m->waker, NULL, waker_main, m))
		return SCMIA_EIO;
	m->running = 1;
	return SCMIA_OK;
}

int scmia_sim_smc_contention(struct scmia_sim_smc *m, const struct scmia_sim_smc_contention *c)
{
	if (!m)
		return SCMIA_EINVAL;
	if (!c) {
		uint64_t next;
		unsigned n;

		waker_stop(m);
		pthread_mutex_lock(&m->lock);
		m->cont_on = 0;
		n = fire_due_locked(m, 0, 1, &next);
		pthread_mutex_unlock(&m->lock);
		if (n)
			raise_irq(m);
		return SCMIA_OK;
	}
	if (c->sleep_percent > 100 || c->wake_all_percent > 100 || c->bogus_percent > 100 ||
	    c->resume_busy_percent > 100 || c->interrupted_percent > 100 ||
	    c->wake_min_us > c->wake_max_us)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	m->cont = *c;
	m->rng = c->seed ? c->seed : 0x9e3779b97f4a7c15ull;
	m->cont_on = 1;
	pthread_mutex_unlock(&m->lock);
	return waker_start(m);
}

int scmia_sim_smc_script(struct scmia_sim_smc *m, const struct scmia_sim_smc_rule *rule)
{
	int ret = SCMIA_OK;

	if (!m || !rule || rule->act > SCMIA_SIM_SMC_ACT_RAW ||
	    (rule->act == SCMIA_SIM_SMC_ACT_SLEEP &&
	     (rule->arg < 0 || (uint64_t)rule->arg >= m->cfg.n_ctx)))
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	if (m->n_rules >= SCMIA_SIM_SMC_MAX_RULES) {
		ret = SCMIA_ENOSPC;
	} else {
		m->rules[m->n_rules] = *rule;
		if (!m->rules[m->n_rules].on)
			m->rules[m->n_rules].on = SCMIA_SIM_SMC_ON_CALL;
		if (!m->rules[m->n_rules].count)
			m->rules[m->n_rules].count = 1;
		m->n_rules++;
	}
	pthread_mutex_unlock(&m->lock);
	if (!ret && rule->act == SCMIA_SIM_SMC_ACT_SLEEP && rule->wake_us)
		ret = waker_start(m);
	return ret;
}

/* Take the first rule for @on. Lock held. Returns 1 with *out filled. */
static int take_rule_locked(struct scmia_sim_smc *m, unsigned on, struct scmia_sim_smc_rule *out)
{
	unsigned i;

	for (i = 0; i < m->n_rules; i++) {
		if (!(m->rules[i].on & on))
			continue;
		*out = m->rules[i];
		if (--m->rules[i].count == 0) {
			memmove(&m->rules[i], &m->rules[i + 1],
				(m->n_rules - i - 1u) * sizeof(m->rules[0]));
			m->n_rules--;
		}
		return 1;
	}
	return 0;
}

unsigned scmia_sim_smc_parked(struct scmia_sim_smc *m)
{
	unsigned n;

	pthread_mutex_lock(&m->lock);
	n = m->n_parked;
	pthread_mutex_unlock(&m->lock);
	return n;
}

void scmia_sim_smc_stats(struct scmia_sim_smc *m, struct scmia_sim_smc_stats *out)
{
	pthread_mutex_lock(&m->lock);
	*out = m->st;
	pthread_mutex_unlock(&m->lock);
}

/* ------------------------------------------------------------------ */
/* Calls                                                               */
/* ------------------------------------------------------------------ */

/* Park a call on @ctx and answer WAITQ_SLEEP. Lock held. */
static void park_locked(struct scmia_sim_smc *m, const struct scmia_smccc_args *in, uint32_t ctx,
			uint32_t wake_flags, int schedule, uint32_t delay_us,
			struct scmia_smccc_res *out)
{
	unsigned i;

	for (i = 0; i < SCMIA_SIM_SMC_MAX_PARKED; i++) {
		struct scmia_sim_smc_parked *p = &m->parked[i];

		if (p->used)
			continue;
		p->used = 1;
		p->released = 0;
		p->args = *in;
		p->ctx = ctx;
		p->id = m->next_id++;
		m->n_parked++;
		if (m->n_parked > m->st.parked_max)
			m->st.parked_max = m->n_parked;
		m->st.sleeps++;
		if (schedule)
			schedule_locked(m, ctx, wake_flags, delay_us);
		res_set(out, SCMIA_FWCALL_RET_WAITQ_SLEEP, ctx, p->id, 0);
		return;
	}
	/* Table full: a firmware out of wait-queue slots is just busy. */
	m->st.overflow++;
	m->st.busy++;
	res_set(out, SCMIA_FWCALL_RET_BUSY, 0, 0, 0);
}

/* Decide the answer to an original call or a RESUME from the script and
 * the contention settings. Lock held. Returns 1 when *out is final (not
 * to be served). */
static int forced_locked(struct scmia_sim_smc *m, unsigned on, const struct scmia_smccc_args *in,
			 struct scmia_sim_smc_rule *r, struct scmia_smccc_res *out)
{
	if (!take_rule_locked(m, on, r)) {
		r->act = SCMIA_SIM_SMC_ACT_SERVE;
		if (!m->cont_on)
			return 0;
		if (chance(m, m->cont.interrupted_percent)) {
			r->act = SCMIA_SIM_SMC_ACT_INTERRUPTED;
		} else if (on == SCMIA_SIM_SMC_ON_CALL && chance(m, m->cont.sleep_percent)) {
			uint32_t span = m->cont.wake_max_us - m->cont.wake_min_us;
			uint32_t delay = m->cont.wake_min_us + (span ? rnd(m) % (span + 1u) : 0u);
			uint32_t fl = chance(m, m->cont.wake_all_percent) ? SCMIA_FWCALL_WAKE_ALL
									  : SCMIA_FWCALL_WAKE_ONE;

			park_locked(m, in, rnd(m) % m->cfg.n_ctx, fl, 1, delay, out);
			return 1;
		} else {
			return 0;
		}
	}
	switch (r->act) {
	case SCMIA_SIM_SMC_ACT_SLEEP:
		park_locked(m, in, (uint32_t)r->arg, r->wake_flags, r->wake_us != 0, r->wake_us,
			    out);
		return 1;
	case SCMIA_SIM_SMC_ACT_BUSY:
		m->st.busy++;
		res_set(out, SCMIA_FWCALL_RET_BUSY, 0, 0, 0);
		return 1;
	case SCMIA_SIM_SMC_ACT_INTERRUPTED:
		m->st.interrupted++;
		res_set(out, SCMIA_FWCALL_RET_INTERRUPTED, 0, 0, 0);
		return 1;
	case SCMIA_SIM_SMC_ACT_NOT_SUPPORTED:
		res_set(out, SCMIA_SMCCC_RET_NOT_SUPPORTED, 0, 0, 0);
		return 1;
	case SCMIA_SIM_SMC_ACT_RAW:
		res_set(out, r->arg, 0, 0, 0);
		return 1;
	default:
		return 0;
	}
}

/* Serve an original call (model unlocked): the echo service, or an SCMI
 * command of channel @idx. */
static void serve(struct scmia_sim_smc *m, int idx, const struct scmia_smccc_args *in,
		  struct scmia_smccc_res *out)
{
	struct scmia_sim_smc_chan *c;
	uint64_t end;

	if (idx < 0) {
		res_set(out, 0, scmia_sim_smc_echo_value(in->a1, in->a2), in->a1, in->a2);
		pthread_mutex_lock(&m->lock);
		m->st.served++;
		pthread_mutex_unlock(&m->lock);
		return;
	}
	c = &m->ch[idx];
	pthread_mutex_lock(&m->lock);
	m->st.served++;
	m->st.scmi++;
	pthread_mutex_unlock(&m->lock);
	(void)scmia_sim_smt_ring(scmia_sim_smt_ctx(&m->smt, (unsigned)idx));
	res_set(out, 0, 0, 0, 0);
	if (c->flags & SCMIA_SIM_SMC_ASYNC)
		return;
	/* A synchronous firmware returns once the reply is in place. The
	 * engine emits inline unless another thread was emitting, or a fault
	 * delayed or dropped the reply: wait for it, bounded. */
	end = mono_us() + m->cfg.return_wait_us;
	while (!(smc_le(__atomic_load_n(&c->a2p_mem[SCMIA_SMT_OFF_STATUS / 4u], __ATOMIC_ACQUIRE)) &
		 (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))) {
		if (mono_us() >= end) {
			pthread_mutex_lock(&m->lock);
			m->st.not_done++;
			pthread_mutex_unlock(&m->lock);
			return;
		}
		(void)sched_yield();
	}
}

static void do_getwq(struct scmia_sim_smc *m, struct scmia_smccc_res *out)
{
	pthread_mutex_lock(&m->lock);
	m->st.get_wq_ctx++;
	if (!m->ev_count) {
		m->st.get_wq_empty++;
		res_set(out, SCMIA_SIM_SMC_RET_INVALID, 0, 0, 0);
	} else {
		uint64_t ctx = m->ev[m->ev_head][0], fl = m->ev[m->ev_head][1];

		m->ev_head = (m->ev_head + 1u) % SCMIA_SIM_SMC_MAX_EVENTS;
		m->ev_count--;
		res_set(out, 0, ctx, fl, m->ev_count ? 1u : 0u);
	}
	pthread_mutex_unlock(&m->lock);
}

/* Which SCMI channel an original call is for: index, -1 for none,
 * -2 for a known id with wrong parameters. Lock held. */
static int scmi_chan_locked(struct scmia_sim_smc *m, const struct scmia_smccc_args *in)
{
	unsigned i;
	int known = 0;

	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++) {
		const struct scmia_sim_smc_chan *c = &m->ch[i];

		if (!c->func_id || c->func_id != (uint32_t)in->a0)
			continue;
		known = 1;
		if (in->a1 == c->a1 && in->a2 == c->a2)
			return (int)i;
	}
	return known ? -2 : -1;
}

static void do_resume(struct scmia_sim_smc *m, const struct scmia_smccc_args *in,
		      struct scmia_smccc_res *out)
{
	uint64_t id = m->cfg.arginfo ? in->a2 : in->a1;
	struct scmia_sim_smc_parked *p = NULL;
	struct scmia_sim_smc_rule r;
	struct scmia_smccc_args orig;
	unsigned i;
	int idx;

	pthread_mutex_lock(&m->lock);
	m->st.resumes++;
	for (i = 0; i < SCMIA_SIM_SMC_MAX_PARKED; i++) {
		if (m->parked[i].used && m->parked[i].id == id) {
			p = &m->parked[i];
			break;
		}
	}
	if (!p || (m->cfg.arginfo && in->a1 != 1u)) {
		m->st.bad_params++;
		res_set(out, SCMIA_SIM_SMC_RET_INVALID, 0, 0, 0);
		pthread_mutex_unlock(&m->lock);
		return;
	}
	if (take_rule_locked(m, SCMIA_SIM_SMC_ON_RESUME, &r) && r.act != SCMIA_SIM_SMC_ACT_SERVE) {
		switch (r.act) {
		case SCMIA_SIM_SMC_ACT_INTERRUPTED:
			m->st.interrupted++;
			res_set(out, SCMIA_FWCALL_RET_INTERRUPTED, 0, 0, 0);
			break;
		case SCMIA_SIM_SMC_ACT_SLEEP:
			m->st.sleeps++;
			m->st.resleeps++;
			res_set(out, SCMIA_FWCALL_RET_WAITQ_SLEEP, p->ctx, p->id, 0);
			break;
		default:
			/* busy / not supported / raw: the parked call is gone;
			 * the agent retries the original call (busy). */
			if (r.act == SCMIA_SIM_SMC_ACT_BUSY) {
				m->st.busy++;
				res_set(out, SCMIA_FWCALL_RET_BUSY, 0, 0, 0);
			} else if (r.act == SCMIA_SIM_SMC_ACT_NOT_SUPPORTED) {
				res_set(out, SCMIA_SMCCC_RET_NOT_SUPPORTED, 0, 0, 0);
			} else {
				res_set(out, r.arg, 0, 0, 0);
			}
			p->used = 0;
			m->n_parked--;
			break;
		}
		pthread_mutex_unlock(&m->lock);
		return;
	}
	if (!p->released && !m->permits[p->ctx]) {
		/* Not released yet (a spurious or stolen wake): sleep again. */
		m->st.sleeps++;
		m->st.resleeps++;
		res_set(out, SCMIA_FWCALL_RET_WAITQ_SLEEP, p->ctx, p->id, 0);
		pthread_mutex_unlock(&m->lock);
		return;
	}
	if (!p->released)
		m->permits[p->ctx]--;
	orig = p->args;
	p->used = 0;
	m->n_parked--;
	if (m->cont_on && chance(m, m->cont.resume_busy_percent)) {
		m->st.busy++;
		res_set(out, SCMIA_FWCALL_RET_BUSY, 0, 0, 0);
		pthread_mutex_unlock(&m->lock);
		return;
	}
	idx = (uint32_t)orig.a0 == m->cfg.echo_fid ? -1 : scmi_chan_locked(m, &orig);
	pthread_mutex_unlock(&m->lock);
	if (idx < -1) {
		res_set(out, SCMIA_SIM_SMC_RET_INVALID, 0, 0, 0);
		return;
	}
	serve(m, idx, &orig, out);
}

void scmia_sim_smc_call(void *ctx, const struct scmia_smccc_args *in,
			struct scmia_smccc_res *out)
{
	struct scmia_sim_smc *m = ctx;
	uint32_t fid = (uint32_t)in->a0;
	struct scmia_sim_smc_rule r;
	unsigned i;
	int idx;

	res_set(out, SCMIA_SMCCC_RET_NOT_SUPPORTED, 0, 0, 0);
	pthread_mutex_lock(&m->lock);
	m->st.calls++;
	pthread_mutex_unlock(&m->lock);

	if (fid == m->cfg.get_wq_ctx_fid) {
		do_getwq(m, out);
		return;
	}
	if (fid == m->cfg.resume_fid) {
		do_resume(m, in, out);
		return;
	}
	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++) {
		if (m->ch[i].func_id && m->ch[i].ack_fid == fid) {
			pthread_mutex_lock(&m->lock);
			m->st.acks++;
			pthread_mutex_unlock(&m->lock);
			(void)scmia_sim_smt_ack(scmia_sim_smt_ctx(&m->smt, i));
			res_set(out, 0, 0, 0, 0);
			return;
		}
	}

	pthread_mutex_lock(&m->lock);
	if (fid == m->cfg.echo_fid) {
		idx = -1;
	} else {
		idx = scmi_chan_locked(m, in);
		if (idx == -1) {
			m->st.not_supported++;
			pthread_mutex_unlock(&m->lock);
			return; /* NOT_SUPPORTED */
		}
		if (idx == -2) {
			m->st.bad_params++;
			res_set(out, SCMIA_SIM_SMC_RET_INVALID, 0, 0, 0);
			pthread_mutex_unlock(&m->lock);
			return;
		}
	}
	if (forced_locked(m, SCMIA_SIM_SMC_ON_CALL, in, &r, out)) {
		pthread_mutex_unlock(&m->lock);
		return;
	}
	pthread_mutex_unlock(&m->lock);
	serve(m, idx, in, out);
}

/* ------------------------------------------------------------------ */
/* Kit                                                                 */
/* ------------------------------------------------------------------ */

/* Aligned 32-bit atomic words: the model's own accesses are atomic too,
 * so ThreadSanitizer sees the status handshake. */
static uint32_t kit_read32(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return smc_le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
}

static void kit_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	__atomic_store_n((uint32_t *)(uintptr_t)addr, smc_le(v), __ATOMIC_RELEASE);
}

static const struct scmia_smt_access kit_acc = {
	.read32 = kit_read32,
	.write32 = kit_write32,
};

int scmia_sim_smc_kit_init(struct scmia_sim_smc_kit *kit, struct scmia_sim *sim,
			   const struct scmia_os_ops *os, void *os_ctx, void *wait_objs,
			   size_t stride, int contention)
{
	struct scmia_fwcall_cfg fc;
	struct scmia_sim_smc_cfg mc;
	struct scmia_smc_cfg tc;
	int ret;

	if (!kit || !sim || !os || !wait_objs)
		return SCMIA_EINVAL;
	memset(kit, 0, sizeof(*kit));

	memset(&fc, 0, sizeof(fc));
	fc.call = scmia_sim_smc_call;
	fc.call_ctx = &kit->model;
	fc.os = os;
	fc.os_ctx = os_ctx;
	fc.flags = SCMIA_FWCALL_F_WAKE_IRQ;
	fc.n_ctx = 4;
	fc.wq = kit->wq;
	fc.n_waiters = SCMIA_SIM_SMC_KIT_WAITERS;
	fc.waiters = kit->waiters;
	fc.wait_objs = wait_objs;
	fc.wait_obj_stride = stride;
	fc.busy_delay_us = 1000;
	ret = scmia_fwcall_init(&kit->fw, &fc);
	if (ret)
		return ret;

	memset(&mc, 0, sizeof(mc));
	mc.n_ctx = 4;
	mc.irq = scmia_sim_smc_fwcall_irq;
	mc.irq_ctx = &kit->fw;
	ret = scmia_sim_smc_init(&kit->model, sim, &mc);
	if (ret)
		return ret;
	ret = scmia_sim_smc_attach(&kit->model, 0, SCMIA_SIM_SMC_KIT_FID, SCMIA_SMC_PARAM_NONE, 0,
				   kit->area_a2p, sizeof(kit->area_a2p), &kit->a2p, kit->area_p2a,
				   sizeof(kit->area_p2a), &kit->p2a, SCMIA_SIM_SMC_KIT_ACK_FID,
				   SCMIA_SIM_SMC_ASYNC | SCMIA_SIM_SMC_ACK);
	if (ret)
		goto fail;

	memset(&tc, 0, sizeof(tc));
	tc.base = kit->area_a2p;
	tc.size = sizeof(kit->area_a2p);
	tc.acc = &kit_acc;
	tc.fw = &kit->fw;
	tc.func_id = SCMIA_SIM_SMC_KIT_FID;
	ret = scmia_smc_chan_init(&kit->a2p, &tc);
	if (ret)
		goto fail;
	tc.base = kit->area_p2a;
	tc.size = sizeof(kit->area_p2a);
	tc.func_id = SCMIA_SIM_SMC_KIT_ACK_FID;
	ret = scmia_smc_chan_init(&kit->p2a, &tc);
	if (ret)
		goto fail;

	if (contention) {
		struct scmia_sim_smc_contention c;

		memset(&c, 0, sizeof(c));
		c.sleep_percent = 30;
		c.wake_all_percent = 30;
		c.bogus_percent = 5;
		c.wake_min_us = 0;
		c.wake_max_us = 2000;
		c.resume_busy_percent = 5;
		c.interrupted_percent = 5;
		c.seed = 0x5eed;
		ret = scmia_sim_smc_contention(&kit->model, &c);
		if (ret)
			goto fail;
	}
	return SCMIA_OK;
fail:
	scmia_sim_smc_deinit(&kit->model);
	return ret;
}

void scmia_sim_smc_kit_deinit(struct scmia_sim_smc_kit *kit)
{
	if (!kit)
		return;
	scmia_sim_smc_deinit(&kit->model);
	(void)scmia_fwcall_deinit(&kit->fw);
}

#endif /* SIM_SMC_BUILD */

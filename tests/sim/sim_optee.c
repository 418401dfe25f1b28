/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated OP-TEE with the SCMI pseudo TA (sim_optee.h): the platform end
 * of the OP-TEE transport.
 *
 * A PROCESS_* invoke marks its channel busy, points the channel's reply at
 * the buffer (SMT area or MSG out memref), hands the command to the engine
 * with the model unlocked, and waits (bounded) until the engine's reply op
 * wrote it. The engine may emit inline (in this thread) or from its runner
 * thread; both go through port_reply under the model's lock.
 */
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

/* Part of scmia::sim only when the OP-TEE transport is built (it provides
 * scmia_optee.h and links it to the sim); otherwise this unit is empty. */
#if defined(__has_include)
#if __has_include("scmia_optee.h")
#define SIM_OPTEE_BUILD 1
#endif
#endif
#ifndef SIM_OPTEE_BUILD
#define SIM_OPTEE_BUILD 0
#endif

#if SIM_OPTEE_BUILD
#include "sim_optee.h"

#define DEFAULT_RETURN_WAIT_US 200000u
#define W(off) ((off) / 4u)

/* SMT area words are little-endian: a word as it lies in memory, loaded as
 * a host integer, to its value, and back. */
static uint32_t le(uint32_t v)
{
	uint8_t b[4];

	memcpy(b, &v, sizeof(b));
	return scmia_get_le32(b);
}

static uint32_t ld(const uint32_t *mem, uint32_t off)
{
	return le(__atomic_load_n(&mem[W(off)], __ATOMIC_ACQUIRE));
}

static void st(uint32_t *mem, uint32_t off, uint32_t v)
{
	__atomic_store_n(&mem[W(off)], le(v), __ATOMIC_RELEASE);
}

static void put_bytes(uint32_t *mem, uint32_t off, const void *src, uint32_t len)
{
	const uint8_t *s = (const uint8_t *)src;
	uint32_t i;

	for (i = 0; i < len; i += 4) {
		uint8_t b[4] = { 0, 0, 0, 0 };
		uint32_t n = len - i < 4u ? len - i : 4u;

		memcpy(b, s + i, n);
		st(mem, off + i, scmia_get_le32(b));
	}
}

static void get_bytes(const uint32_t *mem, uint32_t off, void *dst, uint32_t len)
{
	uint8_t *d = (uint8_t *)dst;
	uint32_t i;

	for (i = 0; i < len; i += 4) {
		uint8_t b[4];
		uint32_t n = len - i < 4u ? len - i : 4u;

		scmia_put_le32(b, ld(mem, off + i));
		memcpy(d + i, b, n);
	}
}

/* The accessor the agent's side of the tests and the demo use. */
static uint32_t acc_read32(void *ctx, const volatile void *addr)
{
	(void)ctx;
	return le(__atomic_load_n((const uint32_t *)(uintptr_t)addr, __ATOMIC_ACQUIRE));
}

static void acc_write32(void *ctx, volatile void *addr, uint32_t v)
{
	(void)ctx;
	__atomic_store_n((uint32_t *)(uintptr_t)addr, le(v), __ATOMIC_RELEASE);
}

const struct scmia_smt_access scmia_sim_optee_acc = {
	.read32 = acc_read32,
	.write32 = acc_write32,
};

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ------------------------------------------------------------------ */
/* Engine port                                                         */
/* ------------------------------------------------------------------ */

static int port_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_optee *m = ctx;
	struct scmia_sim_optee_chan *c;

	if (chan >= SCMIA_SIM_MAX_CHANS)
		return SCMIA_EINVAL;
	c = &m->ch[chan];
	pthread_mutex_lock(&m->lock);
	if (!c->busy || c->done) {
		/* Nobody is inside an invoke for it: a synchronous PTA has
		 * nowhere to put it. */
		m->st.late++;
		pthread_mutex_unlock(&m->lock);
		return SCMIA_OK;
	}
	if (c->is_smt) {
		uint32_t *mem = (uint32_t *)(void *)c->out;
		uint32_t room = c->out_cap - SCMIA_SMT_OFF_PAYLOAD;

		if (len > room) {
			m->st.truncated++;
			len = room;
		}
		st(mem, SCMIA_SMT_OFF_LENGTH, 4u + len);
		st(mem, SCMIA_SMT_OFF_HEADER, hdr);
		put_bytes(mem, SCMIA_SMT_OFF_PAYLOAD, body, len);
		st(mem, SCMIA_SMT_OFF_STATUS,
		   c->smt_error ? (SCMIA_SMT_STATUS_ERROR | SCMIA_SMT_STATUS_FREE)
				: SCMIA_SMT_STATUS_FREE);
	} else {
		uint32_t total = 4u + len;
		uint8_t h[4];

		if (total > c->out_cap) {
			m->st.truncated++;
			total = c->out_cap;
		}
		scmia_put_le32(h, hdr);
		memcpy(c->out, h, total < 4u ? total : 4u);
		if (total > 4u)
			memcpy(c->out + 4, body, total - 4u);
		c->out_len = total;
	}
	c->done = 1;
	m->st.replies++;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
	return SCMIA_OK;
}

static int port_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_optee *m = ctx;
	struct scmia_sim_optee_chan *c;
	struct scmia_optee_chan *oc;
	uint32_t room;
	int irq;

	if (chan >= SCMIA_SIM_MAX_CHANS)
		return SCMIA_EINVAL;
	c = &m->ch[chan];
	pthread_mutex_lock(&m->lock);
	if (!c->p2a_mem) {
		pthread_mutex_unlock(&m->lock);
		return SCMIA_EINVAL;
	}
	if (!(ld(c->p2a_mem, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE)) {
		/* The agent still holds the previous one: try later. */
		m->st.p2a_busy++;
		pthread_mutex_unlock(&m->lock);
		return SCMIA_EBUSY;
	}
	room = c->p2a_size - SCMIA_SMT_OFF_PAYLOAD;
	if (len > room) {
		m->st.truncated++;
		len = room;
	}
	st(c->p2a_mem, SCMIA_SMT_OFF_LENGTH, 4u + len);
	st(c->p2a_mem, SCMIA_SMT_OFF_HEADER, hdr);
	put_bytes(c->p2a_mem, SCMIA_SMT_OFF_PAYLOAD, body, len);
	st(c->p2a_mem, SCMIA_SMT_OFF_FLAGS, (c->flags & SCMIA_SIM_OPTEE_ACK) ? SCMIA_SMT_FLAGS_IRQ : 0u);
	st(c->p2a_mem, SCMIA_SMT_OFF_STATUS, 0);
	m->st.p2a_msgs++;
	irq = (c->flags & SCMIA_SIM_OPTEE_IRQ) && c->p2a_oc;
	if (irq)
		m->st.p2a_irqs++;
	oc = c->p2a_oc;
	pthread_mutex_unlock(&m->lock);
	if (irq)
		(void)scmia_optee_irq(oc);
	return SCMIA_OK;
}

static int port_doorbell(void *ctx, unsigned chan, unsigned kind)
{
	struct scmia_sim_optee *m = ctx;
	struct scmia_optee_chan *oc;

	if (chan >= SCMIA_SIM_MAX_CHANS)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	oc = kind == SCMIA_SIM_K_RESP ? m->ch[chan].a2p_oc : m->ch[chan].p2a_oc;
	if (oc)
		m->st.spurious++;
	pthread_mutex_unlock(&m->lock);
	if (!oc)
		return SCMIA_EINVAL;
	(void)scmia_optee_irq(oc);
	return SCMIA_OK;
}

static const struct scmia_sim_port_ops optee_port = {
	.reply = port_reply,
	.p2a = port_p2a,
	.doorbell = port_doorbell,
};

/* ------------------------------------------------------------------ */
/* Model                                                               */
/* ------------------------------------------------------------------ */

int scmia_sim_optee_init(struct scmia_sim_optee *m, struct scmia_sim *sim,
			 const struct scmia_sim_optee_cfg *cfg)
{
	pthread_condattr_t ca;
	int ret;

	if (!m || !sim)
		return SCMIA_EINVAL;
	memset(m, 0, sizeof(*m));
	if (cfg)
		m->cfg = *cfg;
	if (!m->cfg.caps)
		m->cfg.caps = SCMIA_OPTEE_CAPS_SMT_HEADER | SCMIA_OPTEE_CAPS_MSG_HEADER;
	if (!m->cfg.agent_id)
		m->cfg.agent_id = 1;
	if (!m->cfg.return_wait_us)
		m->cfg.return_wait_us = DEFAULT_RETURN_WAIT_US;
	m->sim = sim;
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
	ret = scmia_sim_set_port(sim, &optee_port, m);
	if (ret) {
		pthread_cond_destroy(&m->cond);
		pthread_mutex_destroy(&m->lock);
	}
	return ret;
}

void scmia_sim_optee_deinit(struct scmia_sim_optee *m)
{
	if (!m || !m->sim)
		return;
	pthread_cond_destroy(&m->cond);
	pthread_mutex_destroy(&m->lock);
	m->sim = NULL;
}

static void area_init(uint32_t *mem, uint32_t size)
{
	uint32_t i;

	for (i = 0; i < size; i += 4)
		st(mem, i, 0);
	st(mem, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

static int area_ok(const uint32_t *mem, uint32_t size)
{
	return !mem || (!(size & 3u) && size >= SCMIA_SMT_AREA_MIN);
}

int scmia_sim_optee_attach(struct scmia_sim_optee *m, unsigned idx, uint32_t channel_id,
			   uint32_t *smt_mem, uint32_t smt_size, struct scmia_optee_chan *a2p_oc,
			   uint32_t *p2a_mem, uint32_t p2a_size, struct scmia_optee_chan *p2a_oc,
			   uint32_t flags)
{
	struct scmia_sim_optee_chan *c;

	if (!m || idx >= SCMIA_SIM_MAX_CHANS || !area_ok(smt_mem, smt_size) ||
	    !area_ok(p2a_mem, p2a_size) || (flags & ~(SCMIA_SIM_OPTEE_IRQ | SCMIA_SIM_OPTEE_ACK)))
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	c = &m->ch[idx];
	memset(c, 0, sizeof(*c));
	c->channel_id = channel_id;
	c->smt_mem = smt_mem;
	c->smt_size = smt_size;
	c->p2a_mem = p2a_mem;
	c->p2a_size = p2a_size;
	c->a2p_oc = a2p_oc;
	c->p2a_oc = p2a_oc;
	c->flags = flags;
	c->attached = 1;
	if (smt_mem)
		area_init(smt_mem, smt_size);
	if (p2a_mem)
		area_init(p2a_mem, p2a_size);
	pthread_mutex_unlock(&m->lock);
	return SCMIA_OK;
}

int scmia_sim_optee_shm_add(struct scmia_sim_optee *m, struct scmia_sim_optee_shm *shm)
{
	unsigned i;
	int ret = SCMIA_ENOSPC;

	if (!m || !shm || !shm->base || !shm->size)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	for (i = 0; i < SCMIA_SIM_OPTEE_MAX_SHM; i++) {
		if (!m->shm[i] || m->shm[i] == shm) {
			m->shm[i] = shm;
			ret = SCMIA_OK;
			break;
		}
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int scmia_sim_optee_script(struct scmia_sim_optee *m, const struct scmia_sim_optee_rule *rule)
{
	int ret = SCMIA_OK;

	if (!m || !rule || !rule->act || rule->act > SCMIA_SIM_OPTEE_ACT_SMT_ERROR)
		return SCMIA_EINVAL;
	pthread_mutex_lock(&m->lock);
	if (m->n_rules >= SCMIA_SIM_OPTEE_MAX_RULES) {
		ret = SCMIA_ENOSPC;
	} else {
		m->rules[m->n_rules] = *rule;
		if (!m->rules[m->n_rules].count)
			m->rules[m->n_rules].count = 1;
		m->n_rules++;
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

/* The first rule for @cmd, consumed once. Lock held. */
static int take_rule_locked(struct scmia_sim_optee *m, uint32_t cmd, struct scmia_sim_optee_rule *out)
{
	unsigned i;

	for (i = 0; i < m->n_rules; i++) {
		struct scmia_sim_optee_rule *r = &m->rules[i];

		if (r->cmd != cmd)
			continue;
		*out = *r;
		if (--r->count == 0) {
			memmove(r, r + 1, (m->n_rules - i - 1u) * sizeof(*r));
			m->n_rules--;
		}
		return 1;
	}
	return 0;
}

int scmia_sim_optee_ack(void *ctx)
{
	struct scmia_sim_optee *m = ctx;

	pthread_mutex_lock(&m->lock);
	m->st.acks++;
	pthread_mutex_unlock(&m->lock);
	scmia_sim_kick(m->sim);
	return 0;
}

unsigned scmia_sim_optee_sessions_open(struct scmia_sim_optee *m)
{
	unsigned i, n = 0;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < SCMIA_SIM_OPTEE_MAX_SESSIONS; i++)
		n += m->open[i];
	pthread_mutex_unlock(&m->lock);
	return n;
}

void scmia_sim_optee_stats(struct scmia_sim_optee *m, struct scmia_sim_optee_stats *out)
{
	pthread_mutex_lock(&m->lock);
	*out = m->st;
	pthread_mutex_unlock(&m->lock);
}

/* ------------------------------------------------------------------ */
/* The TEE client hooks                                                */
/* ------------------------------------------------------------------ */

static int sim_open_session(void *ctx, const uint8_t uuid[16], uint32_t *session, uint32_t *tee_ret)
{
	struct scmia_sim_optee *m = ctx;
	struct scmia_sim_optee_rule r;
	unsigned i;

	pthread_mutex_lock(&m->lock);
	if (take_rule_locked(m, SCMIA_SIM_OPTEE_ON_OPEN, &r)) {
		pthread_mutex_unlock(&m->lock);
		if (r.act == SCMIA_SIM_OPTEE_ACT_HOST_ERR)
			return (int)r.arg;
		*tee_ret = (uint32_t)r.arg;
		return 0;
	}
	if (memcmp(uuid, scmia_optee_pta_uuid, 16) != 0) {
		m->st.bad_uuid++;
		pthread_mutex_unlock(&m->lock);
		*tee_ret = SCMIA_OPTEE_TEEC_ERROR_ITEM_NOT_FOUND;
		return 0;
	}
	for (i = 0; i < SCMIA_SIM_OPTEE_MAX_SESSIONS && m->open[i]; i++)
		;
	if (i == SCMIA_SIM_OPTEE_MAX_SESSIONS) {
		pthread_mutex_unlock(&m->lock);
		*tee_ret = SCMIA_OPTEE_TEEC_ERROR_OUT_OF_MEMORY;
		return 0;
	}
	m->open[i] = 1;
	m->st.opens++;
	pthread_mutex_unlock(&m->lock);
	*session = i + 1u;
	*tee_ret = SCMIA_OPTEE_TEEC_SUCCESS;
	return 0;
}

static void sim_close_session(void *ctx, uint32_t session)
{
	struct scmia_sim_optee *m = ctx;

	pthread_mutex_lock(&m->lock);
	if (session >= 1u && session <= SCMIA_SIM_OPTEE_MAX_SESSIONS && m->open[session - 1u]) {
		m->open[session - 1u] = 0;
		m->st.closes++;
	} else {
		m->st.bad_session++;
	}
	pthread_mutex_unlock(&m->lock);
}

static int types_are(const struct scmia_optee_param *p, uint32_t t0, uint32_t t1, uint32_t t2)
{
	return p[0].type == t0 && p[1].type == t1 && p[2].type == t2 &&
	       p[3].type == SCMIA_OPTEE_PARAM_NONE;
}

/* The memory a memref names, if it lies inside a registered object. Lock held. */
static uint8_t *memref_locked(struct scmia_sim_optee *m, const struct scmia_optee_param *p,
			      uint64_t size)
{
	unsigned i;

	for (i = 0; i < SCMIA_SIM_OPTEE_MAX_SHM; i++) {
		struct scmia_sim_optee_shm *s = m->shm[i];

		if (!s || (void *)s != p->shm)
			continue;
		if (p->offset > s->size || size > s->size - p->offset)
			return NULL;
		return (uint8_t *)s->base + p->offset;
	}
	return NULL;
}

static int chan_by_handle_locked(struct scmia_sim_optee *m, uint64_t handle)
{
	unsigned i;

	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++)
		if (m->ch[i].attached && handle == SCMIA_SIM_OPTEE_HANDLE(i))
			return (int)i;
	return -1;
}

/* Wait (model locked) until channel @idx's reply is written or the
 * return bound passes. */
static void wait_reply_locked(struct scmia_sim_optee *m, struct scmia_sim_optee_chan *c)
{
	uint64_t end = mono_us() + m->cfg.return_wait_us;

	while (!c->done) {
		struct timespec ts;
		uint64_t now = mono_us();

		if (now >= end)
			break;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (time_t)((end - now) / 1000000u);
		ts.tv_nsec += (long)(((end - now) % 1000000u) * 1000u);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&m->cond, &m->lock, &ts);
	}
}

/*
 * PROCESS_SMT_CHANNEL / _MESSAGE on an SMT area @mem of @size bytes
 * (model locked on entry and exit). Returns the TEE result.
 */
static uint32_t process_smt_locked(struct scmia_sim_optee *m, unsigned idx, uint32_t *mem,
				   uint32_t size, int smt_error)
{
	struct scmia_sim_optee_chan *c = &m->ch[idx];
	uint8_t payload[SCMIA_SIM_MSG_MAX];
	uint32_t len, hdr;

	if (ld(mem, SCMIA_SMT_OFF_STATUS) & SCMIA_SMT_STATUS_FREE) {
		/* The agent did not hand the area over. */
		m->st.bad_status++;
		return SCMIA_OPTEE_TEEC_SUCCESS;
	}
	len = ld(mem, SCMIA_SMT_OFF_LENGTH);
	if (len < 4u || len > size - SCMIA_SMT_OFF_HEADER || len - 4u > sizeof(payload)) {
		m->st.bad_len++;
		st(mem, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_ERROR | SCMIA_SMT_STATUS_FREE);
		return SCMIA_OPTEE_TEEC_SUCCESS;
	}
	hdr = ld(mem, SCMIA_SMT_OFF_HEADER);
	get_bytes(mem, SCMIA_SMT_OFF_PAYLOAD, payload, len - 4u);
	c->busy = 1;
	c->done = 0;
	c->is_smt = 1;
	c->smt_error = (uint8_t)smt_error;
	c->out = (uint8_t *)(void *)mem;
	c->out_cap = size;
	m->st.commands++;
	pthread_mutex_unlock(&m->lock);
	(void)scmia_sim_command_ex(m->sim, idx, m->cfg.agent_id, hdr, payload, len - 4u);
	pthread_mutex_lock(&m->lock);
	wait_reply_locked(m, c);
	if (!c->done)
		m->st.not_done++;
	c->busy = 0;
	c->out = NULL;
	return SCMIA_OPTEE_TEEC_SUCCESS;
}

/* PROCESS_MSG_CHANNEL (model locked on entry and exit). */
static uint32_t process_msg_locked(struct scmia_sim_optee *m, unsigned idx, const uint8_t *in,
				   uint32_t in_len, uint8_t *out, uint32_t out_cap,
				   uint32_t *out_len)
{
	struct scmia_sim_optee_chan *c = &m->ch[idx];
	uint8_t payload[SCMIA_SIM_MSG_MAX];
	uint32_t hdr;

	if (in_len < 4u || in_len - 4u > sizeof(payload)) {
		m->st.bad_len++;
		return SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
	}
	/* Read the whole command before the response may overwrite it (one
	 * buffer may serve both ways). */
	hdr = scmia_get_le32(in);
	memcpy(payload, in + 4, in_len - 4u);
	c->busy = 1;
	c->done = 0;
	c->is_smt = 0;
	c->out = out;
	c->out_cap = out_cap;
	c->out_len = 0;
	m->st.commands++;
	pthread_mutex_unlock(&m->lock);
	(void)scmia_sim_command_ex(m->sim, idx, m->cfg.agent_id, hdr, payload, in_len - 4u);
	pthread_mutex_lock(&m->lock);
	wait_reply_locked(m, c);
	if (!c->done)
		m->st.not_done++;
	*out_len = c->done ? c->out_len : 0u;
	c->busy = 0;
	c->out = NULL;
	return SCMIA_OPTEE_TEEC_SUCCESS;
}

static int sim_invoke(void *ctx, uint32_t session, uint32_t cmd,
		      struct scmia_optee_param p[SCMIA_OPTEE_NUM_PARAMS], uint32_t *tee_ret)
{
	struct scmia_sim_optee *m = ctx;
	struct scmia_sim_optee_rule r;
	int have_rule, idx;
	uint32_t ret = SCMIA_OPTEE_TEEC_SUCCESS;

	pthread_mutex_lock(&m->lock);
	m->st.invokes++;
	if (session < 1u || session > SCMIA_SIM_OPTEE_MAX_SESSIONS || !m->open[session - 1u]) {
		m->st.bad_session++;
		pthread_mutex_unlock(&m->lock);
		*tee_ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
		return 0;
	}
	memset(&r, 0, sizeof(r));
	have_rule = take_rule_locked(m, cmd, &r);
	if (have_rule && r.act == SCMIA_SIM_OPTEE_ACT_HOST_ERR) {
		pthread_mutex_unlock(&m->lock);
		return (int)r.arg;
	}
	if (have_rule && r.act == SCMIA_SIM_OPTEE_ACT_TEE_ERR) {
		pthread_mutex_unlock(&m->lock);
		*tee_ret = (uint32_t)r.arg;
		return 0;
	}

	switch (cmd) {
	case SCMIA_OPTEE_CMD_CAPABILITIES:
		if (!types_are(p, SCMIA_OPTEE_PARAM_VALUE_OUT, SCMIA_OPTEE_PARAM_NONE,
			       SCMIA_OPTEE_PARAM_NONE)) {
			ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		p[0].a = m->cfg.caps;
		p[0].b = m->cfg.ext_caps;
		if (have_rule && r.act == SCMIA_SIM_OPTEE_ACT_VALUE) {
			p[0].a = (uint64_t)r.arg;
			p[0].b = r.arg2;
		}
		break;
	case SCMIA_OPTEE_CMD_GET_CHANNEL_HANDLE: {
		unsigned i;

		if (!types_are(p, SCMIA_OPTEE_PARAM_VALUE_INOUT, SCMIA_OPTEE_PARAM_NONE,
			       SCMIA_OPTEE_PARAM_NONE) ||
		    (p[0].b & ~(uint64_t)(SCMIA_OPTEE_CAPS_SMT_HEADER | SCMIA_OPTEE_CAPS_MSG_HEADER))) {
			ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		if (p[0].b & ~(uint64_t)m->cfg.caps) {
			ret = SCMIA_OPTEE_TEEC_ERROR_NOT_SUPPORTED;
			break;
		}
		for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++)
			if (m->ch[i].attached && m->ch[i].channel_id == p[0].a)
				break;
		if (i == SCMIA_SIM_MAX_CHANS) {
			ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		p[0].a = SCMIA_SIM_OPTEE_HANDLE(i);
		if (have_rule && r.act == SCMIA_SIM_OPTEE_ACT_VALUE)
			p[0].a = (uint64_t)r.arg;
		break;
	}
	case SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL:
	case SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE:
	case SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL: {
		struct scmia_sim_optee_chan *c;
		int ok;

		if (cmd == SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL)
			ok = types_are(p, SCMIA_OPTEE_PARAM_VALUE_IN, SCMIA_OPTEE_PARAM_NONE,
				       SCMIA_OPTEE_PARAM_NONE);
		else if (cmd == SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE)
			ok = types_are(p, SCMIA_OPTEE_PARAM_VALUE_IN, SCMIA_OPTEE_PARAM_MEMREF_INOUT,
				       SCMIA_OPTEE_PARAM_NONE);
		else
			ok = types_are(p, SCMIA_OPTEE_PARAM_VALUE_IN, SCMIA_OPTEE_PARAM_MEMREF_IN,
				       SCMIA_OPTEE_PARAM_MEMREF_OUT);
		if (!ok) {
			m->st.bad_params++;
			ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		idx = chan_by_handle_locked(m, p[0].a);
		if (idx < 0) {
			m->st.bad_handle++;
			ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		c = &m->ch[idx];
		if (c->busy) {
			m->st.overlap++;
			ret = SCMIA_OPTEE_TEEC_ERROR_BUSY;
			break;
		}
		if (have_rule && r.act == SCMIA_SIM_OPTEE_ACT_SKIP) {
			if (cmd == SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL)
				p[2].size = 0;
			break;
		}
		if (cmd == SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL) {
			if (!c->smt_mem) {
				ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
				break;
			}
			ret = process_smt_locked(m, (unsigned)idx, c->smt_mem, c->smt_size,
						 have_rule && r.act == SCMIA_SIM_OPTEE_ACT_SMT_ERROR);
		} else if (cmd == SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE) {
			uint8_t *mem = memref_locked(m, &p[1], p[1].size);

			if (!mem || p[1].size < SCMIA_OPTEE_SMT_SHM_MIN || ((uintptr_t)mem & 3u) ||
			    (p[1].size & 3u) || p[1].size > 0x10000u) {
				m->st.bad_params++;
				ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
				break;
			}
			ret = process_smt_locked(m, (unsigned)idx, (uint32_t *)(void *)mem,
						 (uint32_t)p[1].size,
						 have_rule && r.act == SCMIA_SIM_OPTEE_ACT_SMT_ERROR);
		} else {
			uint8_t *in = memref_locked(m, &p[1], p[1].size);
			uint8_t *out = memref_locked(m, &p[2], p[2].size);
			uint32_t out_len = 0;

			if (!in || !out || p[2].size > 0x10000u) {
				m->st.bad_params++;
				ret = SCMIA_OPTEE_TEEC_ERROR_BAD_PARAMETERS;
				break;
			}
			ret = process_msg_locked(m, (unsigned)idx, in, (uint32_t)p[1].size, out,
						 (uint32_t)p[2].size, &out_len);
			if (ret == SCMIA_OPTEE_TEEC_SUCCESS)
				p[2].size = out_len;
			if (have_rule && r.act == SCMIA_SIM_OPTEE_ACT_OUT_SIZE)
				p[2].size = (uint64_t)r.arg;
		}
		break;
	}
	default:
		ret = SCMIA_OPTEE_TEEC_ERROR_NOT_SUPPORTED;
		break;
	}
	pthread_mutex_unlock(&m->lock);
	*tee_ret = ret;
	return 0;
}

const struct scmia_optee_ops scmia_sim_optee_ops = {
	.open_session = sim_open_session,
	.invoke = sim_invoke,
	.close_session = sim_close_session,
};

/* ------------------------------------------------------------------ */
/* Rig                                                                 */
/* ------------------------------------------------------------------ */

int scmia_sim_optee_rig_init(struct scmia_sim_optee_rig *rig, struct scmia_sim *sim,
			     uint32_t mode)
{
	struct scmia_optee_chan_cfg cc;
	struct scmia_sim_optee_cfg mc;
	struct scmia_optee_cfg tc;
	int ret;

	if (!rig || !sim || !mode || mode > SCMIA_OPTEE_MODE_MSG)
		return SCMIA_EINVAL;
	memset(rig, 0, sizeof(*rig));
	memset(&mc, 0, sizeof(mc));
	/* A synchronous TEE returns when it is done; the bound only catches a
	 * lost reply, so it is generous (a loaded host is slow). */
	mc.return_wait_us = 2000000u;
	ret = scmia_sim_optee_init(&rig->model, sim, &mc);
	if (ret)
		return ret;
	rig->shm.base = rig->buf;
	rig->shm.size = sizeof(rig->buf);
	ret = scmia_sim_optee_shm_add(&rig->model, &rig->shm);
	if (!ret)
		ret = scmia_sim_optee_attach(&rig->model, 0, SCMIA_SIM_OPTEE_RIG_CHANNEL,
					     mode == SCMIA_OPTEE_MODE_SMT ? rig->buf : NULL,
					     sizeof(rig->buf), &rig->a2p, rig->p2a_area,
					     sizeof(rig->p2a_area), &rig->p2a,
					     SCMIA_SIM_OPTEE_IRQ | SCMIA_SIM_OPTEE_ACK);
	if (ret)
		goto fail;
	memset(&tc, 0, sizeof(tc));
	tc.ops = &scmia_sim_optee_ops;
	tc.ctx = &rig->model;
	ret = scmia_optee_init(&rig->tr, &tc);
	if (ret)
		goto fail;
	memset(&cc, 0, sizeof(cc));
	cc.mode = mode;
	cc.channel_id = SCMIA_SIM_OPTEE_RIG_CHANNEL;
	cc.base = rig->buf;
	cc.size = sizeof(rig->buf);
	cc.shm = &rig->shm;
	cc.acc = &scmia_sim_optee_acc;
	ret = scmia_optee_chan_init(&rig->a2p, &cc);
	if (ret)
		goto fail;
	memset(&cc, 0, sizeof(cc));
	cc.base = rig->p2a_area;
	cc.size = sizeof(rig->p2a_area);
	cc.acc = &scmia_sim_optee_acc;
	cc.ack = scmia_sim_optee_ack;
	cc.ack_ctx = &rig->model;
	ret = scmia_optee_chan_init(&rig->p2a, &cc);
	if (ret)
		goto fail;
	return SCMIA_OK;
fail:
	scmia_sim_optee_deinit(&rig->model);
	return ret;
}

void scmia_sim_optee_rig_deinit(struct scmia_sim_optee_rig *rig)
{
	if (rig)
		scmia_sim_optee_deinit(&rig->model);
}
#else /* !SIM_OPTEE_BUILD */
typedef int scmia_sim_optee_unused; /* ISO C: no empty translation unit */
#endif

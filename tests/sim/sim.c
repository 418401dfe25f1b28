/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated SCMI platform: engine, scheduler, emission, threaded runner,
 * response builders.
 *
 * Every outgoing message goes through one bounded queue ordered by (due
 * time, sequence). A command is handled under the engine lock; what it
 * produces is queued; then whatever is due leaves through the port with the
 * lock released. Only one thread emits at a time ("emitting"), so two
 * messages of one command never overtake each other unless a fault or a
 * delay says so.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pthread_mutexattr_settype, clock_gettime */
#endif

#include <errno.h>
#include <string.h>
#include <time.h>

#include "sim_internal.h"

#define SIM_DEFAULT_RETRY_US 100u
#define SIM_DEFAULT_MAX_RETRIES 10000u
#define SIM_DEFAULT_NOTIFY_RETRIES 10u
#define SIM_DEFAULT_IMPL_VERSION 0x00010000u
#define SIM_DEFAULT_DEVICES 4u
#define SIM_RUNNER_IDLE_US 10000u
#define SIM_DEFAULT_FORGE_AGE_US 200000u
#define SIM_HDR_TYPE_BITS (0x3u << 8)

/* ------------------------------------------------------------------ */
/* Lock, clock, PRNG                                                   */
/* ------------------------------------------------------------------ */

void sim_lock(struct scmia_sim *sim)
{
	pthread_mutex_lock(&sim->lock);
}

void sim_unlock(struct scmia_sim *sim)
{
	pthread_mutex_unlock(&sim->lock);
}

static uint64_t sim_monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t sim_now_locked(struct scmia_sim *sim)
{
	switch (sim->cfg.clock) {
	case SCMIA_SIM_CLOCK_MONOTONIC:
		return sim_monotonic_us();
	case SCMIA_SIM_CLOCK_CUSTOM:
		return sim->cfg.now_us(sim->cfg.now_ctx);
	case SCMIA_SIM_CLOCK_VIRTUAL:
	default:
		return sim->vnow;
	}
}

uint64_t scmia_sim_now(struct scmia_sim *sim)
{
	uint64_t now;

	sim_lock(sim);
	now = sim_now_locked(sim);
	sim_unlock(sim);
	return now;
}

/* xorshift64*: small, deterministic, good enough to pick faults. */
uint32_t sim_rand_locked(struct scmia_sim *sim)
{
	uint64_t x = sim->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	sim->rng = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

uint32_t scmia_sim_rand(struct scmia_sim *sim)
{
	uint32_t v;

	sim_lock(sim);
	v = sim_rand_locked(sim);
	sim_unlock(sim);
	return v;
}

/* ------------------------------------------------------------------ */
/* Builders                                                            */
/* ------------------------------------------------------------------ */

uint32_t scmia_sim_buf_room(const struct scmia_sim_buf *b)
{
	return b->len <= b->cap ? b->cap - b->len : 0;
}

int scmia_sim_buf_put_bytes(struct scmia_sim_buf *b, const void *p, uint32_t n)
{
	if (n > scmia_sim_buf_room(b) || (n && !p)) {
		b->overflow++;
		return SCMIA_ENOSPC;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return SCMIA_OK;
}

int scmia_sim_buf_put_le32(struct scmia_sim_buf *b, uint32_t v)
{
	uint8_t w[4];

	scmia_put_le32(w, v);
	return scmia_sim_buf_put_bytes(b, w, 4);
}

int scmia_sim_buf_put_le64(struct scmia_sim_buf *b, uint64_t v)
{
	uint8_t w[8];

	scmia_put_le64(w, v);
	return scmia_sim_buf_put_bytes(b, w, 8);
}

int scmia_sim_buf_put_str(struct scmia_sim_buf *b, const char *s, uint32_t width)
{
	uint8_t field[64];
	uint32_t n = 0;

	if (width == 0 || width > sizeof(field) || width > scmia_sim_buf_room(b)) {
		b->overflow++;
		return SCMIA_ENOSPC;
	}
	memset(field, 0, width);
	while (s && s[n] && n < width - 1u) {
		field[n] = (uint8_t)s[n];
		n++;
	}
	return scmia_sim_buf_put_bytes(b, field, width);
}

int scmia_sim_resp_put_le32(struct scmia_sim_resp *r, uint32_t v)
{
	return scmia_sim_buf_put_le32(&r->body, v);
}

int scmia_sim_resp_put_le64(struct scmia_sim_resp *r, uint64_t v)
{
	return scmia_sim_buf_put_le64(&r->body, v);
}

int scmia_sim_resp_put_bytes(struct scmia_sim_resp *r, const void *p, uint32_t n)
{
	return scmia_sim_buf_put_bytes(&r->body, p, n);
}

int scmia_sim_resp_put_str(struct scmia_sim_resp *r, const char *s, uint32_t width)
{
	return scmia_sim_buf_put_str(&r->body, s, width);
}

struct scmia_sim_buf *scmia_sim_resp_dresp(struct scmia_sim_resp *r, int32_t status,
					    uint32_t delay_us)
{
	r->dresp = 1;
	r->dstatus = status;
	r->ddelay_us = delay_us;
	r->dbody.len = 0;
	return &r->dbody;
}

static void sim_resp_reset(struct scmia_sim *sim)
{
	struct scmia_sim_resp *r = &sim->resp;

	r->body.data = r->data;
	r->body.cap = sim->cfg.max_payload;
	r->body.len = 0;
	r->body.overflow = 0;
	r->dbody.data = r->ddata;
	r->dbody.cap = sim->cfg.max_payload;
	r->dbody.len = 0;
	r->dbody.overflow = 0;
	r->delay_us = 0;
	r->ddelay_us = 0;
	r->dstatus = 0;
	r->dresp = 0;
	r->no_reply = 0;
}

/* ------------------------------------------------------------------ */
/* Checksum                                                            */
/* ------------------------------------------------------------------ */

uint32_t scmia_sim_checksum(uint32_t hdr, const void *payload, uint32_t len)
{
	const uint8_t *p = (const uint8_t *)payload;
	uint8_t h[4];
	uint32_t c = 2166136261u; /* FNV-1a offset basis */
	uint32_t i;

	scmia_put_le32(h, hdr);
	for (i = 0; i < 4; i++)
		c = (c ^ h[i]) * 16777619u;
	for (i = 0; p && i < len; i++)
		c = (c ^ p[i]) * 16777619u;
	return c;
}

/* ------------------------------------------------------------------ */
/* Init, registration                                                  */
/* ------------------------------------------------------------------ */

static void sim_copy_name(char dst[16], const char *src)
{
	size_t n = 0;

	memset(dst, 0, 16);
	while (src && src[n] && n < 15) {
		dst[n] = src[n];
		n++;
	}
}

int scmia_sim_set_port(struct scmia_sim *sim, const struct scmia_sim_port_ops *ops, void *ctx)
{
	if (!sim || !ops || !ops->reply)
		return SCMIA_EINVAL;
	sim_lock(sim);
	sim->port = ops;
	sim->port_ctx = ctx;
	sim_unlock(sim);
	return SCMIA_OK;
}

int scmia_sim_init(struct scmia_sim *sim, const struct scmia_sim_cfg *cfg)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	struct scmia_sim_cfg c;
	unsigned i;

	if (!sim)
		return SCMIA_EINVAL;
	if (cfg)
		c = *cfg;
	else
		memset(&c, 0, sizeof(c));

	if (c.n_agents > SCMIA_SIM_MAX_AGENTS || c.n_devices > SCMIA_SIM_MAX_DEVICES)
		return SCMIA_EINVAL;
	if (c.clock == SCMIA_SIM_CLOCK_CUSTOM && !c.now_us)
		return SCMIA_EINVAL;
	if (c.clock != SCMIA_SIM_CLOCK_VIRTUAL && c.clock != SCMIA_SIM_CLOCK_MONOTONIC &&
	    c.clock != SCMIA_SIM_CLOCK_CUSTOM)
		return SCMIA_EINVAL;
	if (c.port && !c.port->reply)
		return SCMIA_EINVAL;
	if (c.n_agents == 0) {
		c.n_agents = 1;
		c.agents[0].name = "agent-1";
		c.agents[0].trusted = 1;
	}
	if (c.agent_id == 0)
		c.agent_id = 1;
	if (c.agent_id > c.n_agents)
		return SCMIA_EINVAL;
	if (!c.vendor)
		c.vendor = "scmia-sim";
	if (!c.sub_vendor)
		c.sub_vendor = "loopback";
	if (!c.impl_version)
		c.impl_version = SIM_DEFAULT_IMPL_VERSION;
	if (!c.n_devices)
		c.n_devices = SIM_DEFAULT_DEVICES;
	if (!c.max_payload || c.max_payload > SCMIA_SIM_PAYLOAD_MAX)
		c.max_payload = SCMIA_SIM_PAYLOAD_MAX;
	if (!c.retry_us)
		c.retry_us = SIM_DEFAULT_RETRY_US;
	if (!c.max_retries)
		c.max_retries = SIM_DEFAULT_MAX_RETRIES;
	if (!c.notify_retries)
		c.notify_retries = SIM_DEFAULT_NOTIFY_RETRIES;

	memset(sim, 0, sizeof(*sim));
	sim->cfg = c;
	sim->port = c.port;
	sim->port_ctx = c.port_ctx;
	sim->n_agents = c.n_agents;
	for (i = 0; i < c.n_agents; i++) {
		sim_copy_name(sim->agents[i].name, c.agents[i].name);
		sim->agents[i].trusted = c.agents[i].trusted;
	}
	sim->rng = 0x9E3779B97F4A7C15ull;
	sim->rnd_actions = ((1u << SCMIA_SIM_FA__COUNT) - 1u) &
			   ~((1u << SCMIA_SIM_FA_NONE) | (1u << SCMIA_SIM_FA_LATE) |
			     (1u << SCMIA_SIM_FA_FORGE));
	sim->held_max = SCMIA_SIM_WITHHELD_MAX;
	sim->forge_min_age_us = SIM_DEFAULT_FORGE_AGE_US;
	sim->rnd_targets = SCMIA_SIM_FT_RESP | SCMIA_SIM_FT_DRESP;
	sim->rnd_late_us = 100000u;

	if (pthread_mutexattr_init(&ma))
		return SCMIA_EIO;
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	if (pthread_mutex_init(&sim->lock, &ma)) {
		pthread_mutexattr_destroy(&ma);
		return SCMIA_EIO;
	}
	pthread_mutexattr_destroy(&ma);
	if (pthread_condattr_init(&ca)) {
		pthread_mutex_destroy(&sim->lock);
		return SCMIA_EIO;
	}
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_cond_init(&sim->cond, &ca)) {
		pthread_condattr_destroy(&ca);
		pthread_mutex_destroy(&sim->lock);
		return SCMIA_EIO;
	}
	pthread_condattr_destroy(&ca);

	sim->protos[0] = &sim_base_proto;
	sim->n_protos = 1;
	sim->initialised = 1;
	return SCMIA_OK;
}

void scmia_sim_deinit(struct scmia_sim *sim)
{
	if (!sim || !sim->initialised)
		return;
	scmia_sim_stop(sim);
	sim->initialised = 0;
	pthread_cond_destroy(&sim->cond);
	pthread_mutex_destroy(&sim->lock);
}

int sim_proto_slot(const struct scmia_sim *sim, uint8_t proto_id)
{
	unsigned i;

	for (i = 0; i < sim->n_protos; i++)
		if (sim->protos[i]->id == proto_id)
			return (int)i;
	return -1;
}

struct scmia_sim_agent *sim_agent(struct scmia_sim *sim, uint32_t agent_id)
{
	if (agent_id == 0 || agent_id > sim->n_agents)
		return NULL;
	return &sim->agents[agent_id - 1u];
}

int sim_proto_accessible(const struct scmia_sim *sim, uint32_t agent_id, unsigned slot)
{
	const struct scmia_sim_agent *a;
	unsigned d;

	if (slot == 0)
		return 1; /* Base cannot be denied (SET_PROTOCOL_PERMISSIONS) */
	if (agent_id == 0 || agent_id > sim->n_agents)
		return 0;
	a = &sim->agents[agent_id - 1u];
	for (d = 0; d < sim->cfg.n_devices; d++)
		if (!(a->dev_deny & (1u << d)) && !(a->proto_deny[d] & (1u << slot)))
			return 1;
	return 0;
}

int scmia_sim_register_proto(struct scmia_sim *sim, const struct scmia_sim_proto *proto)
{
	unsigned i;
	int ret = SCMIA_OK;

	if (!sim || !proto || proto->id <= SCMIA_PROTO_BASE || (proto->n_msgs && !proto->msgs))
		return SCMIA_EINVAL;
	for (i = 0; i < proto->n_msgs; i++)
		if (proto->msgs[i].min_len > SCMIA_SIM_MSG_MAX)
			return SCMIA_EINVAL;
	sim_lock(sim);
	if (sim_proto_slot(sim, proto->id) >= 0)
		ret = SCMIA_ESTATE;
	else if (sim->n_protos >= SCMIA_SIM_MAX_PROTOS)
		ret = SCMIA_ENOSPC;
	else
		sim->protos[sim->n_protos++] = proto;
	sim_unlock(sim);
	return ret;
}

int scmia_sim_route(struct scmia_sim *sim, uint8_t proto_id, unsigned chan)
{
	int slot, ret = SCMIA_OK;

	if (!sim || chan >= SCMIA_SIM_MAX_CHANS)
		return SCMIA_EINVAL;
	sim_lock(sim);
	slot = sim_proto_slot(sim, proto_id);
	if (slot < 0)
		ret = SCMIA_ENOENT;
	else
		sim->route[slot] = (uint8_t)chan;
	sim_unlock(sim);
	return ret;
}

uint32_t scmia_sim_proto_version(struct scmia_sim *sim, uint8_t proto_id)
{
	uint32_t v = 0;
	int slot;

	if (!sim)
		return 0;
	sim_lock(sim);
	slot = sim_proto_slot(sim, proto_id);
	if (slot >= 0)
		v = sim->negotiated[slot] ? sim->negotiated[slot] : sim->protos[slot]->version;
	sim_unlock(sim);
	return v;
}

/* ------------------------------------------------------------------ */
/* Scheduler                                                           */
/* ------------------------------------------------------------------ */

static void sim_wake_runner(struct scmia_sim *sim)
{
	if (sim->running) {
		sim->kicked = 1;
		pthread_cond_signal(&sim->cond);
	}
}

/* Put one message in the queue (lock held). */
static int sim_enqueue(struct scmia_sim *sim, const struct scmia_sim_out *o)
{
	unsigned i;

	for (i = 0; i < SCMIA_SIM_QUEUE_LEN; i++) {
		if (!sim->queue[i].used) {
			sim->queue[i] = *o;
			sim->queue[i].used = 1;
			sim->n_queued++;
			if (i + 1u > sim->q_hi)
				sim->q_hi = i + 1u;
			if (sim->n_queued > sim->st.queue_max)
				sim->st.queue_max = sim->n_queued;
			if (o->flags & SIM_OUT_F_HASTOK)
				sim->toks[o->token].busy++;
			sim_wake_runner(sim);
			return SCMIA_OK;
		}
	}
	sim->st.queue_full++;
	if (o->kind == SCMIA_SIM_K_NOTIF)
		sim->st.notify_drops++;
	if (o->flags & SIM_OUT_F_HASTOK)
		sim->toks[o->token].tainted = 1;
	return SCMIA_ENOSPC;
}

static void sim_release_tok(struct scmia_sim *sim, const struct scmia_sim_out *o)
{
	if ((o->flags & SIM_OUT_F_HASTOK) && sim->toks[o->token].busy)
		sim->toks[o->token].busy--;
}

/* Apply a fault decision to a message and queue the result (lock held). */
static int sim_schedule(struct scmia_sim *sim, struct scmia_sim_out *o, const struct sim_pick *pk)
{
	struct scmia_sim_out extra;
	int ret;

	if (pk->action != SCMIA_SIM_FA_NONE && pk->action < SCMIA_SIM_FA__COUNT)
		sim->st.injected[pk->action]++;

	switch (pk->action) {
	case SCMIA_SIM_FA_DROP:
		if (o->flags & SIM_OUT_F_HASTOK)
			sim->toks[o->token].tainted = 1;
		if (o->kind == SCMIA_SIM_K_NOTIF)
			sim->st.notify_drops++;
		return SCMIA_OK;
	case SCMIA_SIM_FA_DELAY:
	case SCMIA_SIM_FA_LATE:
		if (pk->arg > 0)
			o->due += (uint64_t)pk->arg;
		break;
	case SCMIA_SIM_FA_TRUNCATE: {
		uint32_t n = pk->arg < 0 ? 0 :
			     pk->arg > (int64_t)SCMIA_SIM_MSG_MAX ? SCMIA_SIM_MSG_MAX :
								    (uint32_t)pk->arg;

		if (n > o->len) /* longer: zero padding (a newer layout) */
			memset(o->body + o->len, 0, n - o->len);
		else if (o->flags & SIM_OUT_F_HASTOK)
			sim->toks[o->token].tainted = 1;
		o->len = n;
		break;
	}
	case SCMIA_SIM_FA_CORRUPT_HDR:
		if (pk->arg == 0) {
			o->flags |= SIM_OUT_F_TOKSWAP;
		} else {
			o->hdr ^= (uint32_t)pk->arg;
		}
		if (o->flags & SIM_OUT_F_HASTOK)
			sim->toks[o->token].tainted = 1;
		break;
	case SCMIA_SIM_FA_CORRUPT_LEN:
		o->flags |= SIM_OUT_F_BADLEN;
		if (pk->arg > 0)
			o->wire_len = pk->arg > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)pk->arg;
		else
			o->wire_len = o->len; /* the 4 header bytes omitted */
		if (o->flags & SIM_OUT_F_HASTOK)
			sim->toks[o->token].tainted = 1;
		break;
	case SCMIA_SIM_FA_CORRUPT_STATUS:
		if (o->len >= 4)
			scmia_put_le32(o->body, (uint32_t)(int32_t)pk->arg);
		if (o->flags & SIM_OUT_F_HASTOK)
			sim->toks[o->token].tainted = 1;
		break;
	case SCMIA_SIM_FA_FORGE:
		/* Resolved when due (sim_forge_resolve): the target is whatever
		 * the agent has pending or quarantined then. */
		if (o->kind != SCMIA_SIM_K_NOTIF) {
			o->flags |= SIM_OUT_F_FORGE;
			o->forge = (uint8_t)(pk->arg >= 0 && pk->arg < (int64_t)SCMIA_SIM_FORGE__KINDS
						     ? pk->arg
						     : SCMIA_SIM_FORGE_PENDING);
			if (o->flags & SIM_OUT_F_HASTOK)
				sim->toks[o->token].tainted = 1;
		}
		break;
	default:
		break;
	}

	ret = sim_enqueue(sim, o);
	if (ret)
		return ret;

	if (pk->action == SCMIA_SIM_FA_DUPLICATE) {
		extra = *o;
		extra.seq = ++sim->seq;
		ret = sim_enqueue(sim, &extra);
	} else if (pk->action == SCMIA_SIM_FA_SPURIOUS) {
		extra = *o;
		extra.seq = ++sim->seq;
		extra.flags = (uint8_t)((o->flags & SIM_OUT_F_PARKED) | SIM_OUT_F_SPUR);
		extra.wire_len = 0;
		if (pk->arg == SCMIA_SIM_SPURIOUS_DRESP) {
			extra.kind = SCMIA_SIM_K_DRESP;
			extra.hdr = (extra.hdr & ~(0x3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
		} else if (pk->arg == SCMIA_SIM_SPURIOUS_DOORBELL) {
			extra.flags |= SIM_OUT_F_DOORBELL;
		} else if (extra.kind == SCMIA_SIM_K_NOTIF) {
			extra.kind = SCMIA_SIM_K_RESP;
			extra.hdr &= ~(0x3u << 8);
		}
		ret = sim_enqueue(sim, &extra);
	}
	return ret;
}

/* Unused token for a spurious message (lock held): the most recently used
 * token whose messages have all left and were not damaged. The agent's
 * monotonic allocator has just moved past it, so nothing waits for it; an
 * unseen token might be the next one the agent hands out. */
static uint32_t sim_unused_token(struct scmia_sim *sim, uint32_t avoid)
{
	uint32_t t, best = (avoid + 512u) & SCMIA_HDR_TOKEN_MASK;
	uint32_t best_seq = 0;

	for (t = 0; t <= SCMIA_HDR_TOKEN_MASK; t++) {
		const struct scmia_sim_tok *k = &sim->toks[t];

		if (t == avoid || !k->seen || k->busy || k->tainted)
			continue;
		if (k->seq > best_seq) {
			best_seq = k->seq;
			best = t;
		}
	}
	return best;
}

static int sim_pop_due(struct scmia_sim *sim, uint64_t now, struct scmia_sim_out *out)
{
	int best = -1;
	unsigned i;

	for (i = 0; i < sim->q_hi; i++) {
		const struct scmia_sim_out *q = &sim->queue[i];

		if (!q->used || (q->flags & SIM_OUT_F_PARKED) || q->due > now)
			continue;
		if (best < 0 || q->due < sim->queue[best].due ||
		    (q->due == sim->queue[best].due &&
		     (int32_t)(q->seq - sim->queue[best].seq) < 0))
			best = (int)i;
	}
	if (best < 0)
		return 0;
	*out = sim->queue[best];
	sim->queue[best].used = 0;
	sim->n_queued--;
	if (sim->n_queued == 0)
		sim->q_hi = 0;
	return 1;
}

/* Hand one message to the port (lock NOT held). */
static int sim_port_emit(struct scmia_sim *sim, const struct scmia_sim_port_ops *port, void *pctx,
			 const struct scmia_sim_out *o)
{
	uint8_t padded[SCMIA_SIM_MSG_MAX];
	uint32_t len = o->len;
	const uint8_t *body = o->body;

	(void)sim;
	if (o->flags & SIM_OUT_F_DOORBELL)
		return port->doorbell(pctx, o->chan, o->kind);
	if (o->flags & SIM_OUT_F_BADLEN) {
		if (port->emit_badlen)
			return port->emit_badlen(pctx, o->chan, o->kind, o->hdr, o->body, o->len,
						 o->wire_len);
		/* No length field on this transport: the received length is
		 * what the field would have said, within what can be carried. */
		if (o->wire_len == o->len) {
			len = o->len >= 4 ? o->len - 4u : 0u;
		} else {
			len = o->wire_len >= 4 ? o->wire_len - 4u : 0u;
			if (len > SCMIA_SIM_MSG_MAX)
				len = SCMIA_SIM_MSG_MAX;
			if (len > o->len) {
				memcpy(padded, o->body, o->len);
				memset(padded + o->len, 0xa5, len - o->len);
				body = padded;
			}
		}
	}
	if (o->kind == SCMIA_SIM_K_RESP)
		return port->reply(pctx, o->chan, o->hdr, body, len);
	if (!port->p2a)
		return SCMIA_ENOENT;
	return port->p2a(pctx, o->chan, o->hdr, body, len);
}

static int sim_emit_due(struct scmia_sim *sim);

/* ------------------------------------------------------------------ */
/* Forged tokens: targets and the store of withheld messages           */
/* ------------------------------------------------------------------ */
/*
 * A FORGE fault is resolved when its message is due, by the one thread
 * emitting (sim->emitting), which is also the only one that takes from or
 * puts into the store (scmia_sim_forge_flush() only empties it). Hooks run
 * with the lock dropped.
 */

static int sim_tok_withheld(const struct scmia_sim *sim, uint32_t t)
{
	unsigned i;

	for (i = 0; i < SCMIA_SIM_WITHHELD_MAX; i++)
		if (sim->held[i].used && sim->held[i].msg.token == t)
			return 1;
	return 0;
}

/* The token after the newest seen, give or take three: the agent issues
 * tokens in order, so these are the ones it is about to send. */
static uint32_t sim_predict_token(struct scmia_sim *sim)
{
	unsigned k;
	uint32_t t = (sim->last_tok + 1u) & SCMIA_HDR_TOKEN_MASK;

	for (k = 0; k < 8u; k++) {
		t = (sim->last_tok + 1u + sim_rand_locked(sim) % 4u) & SCMIA_HDR_TOKEN_MASK;
		if (!sim_tok_withheld(sim, t))
			break;
	}
	return t;
}

/* Take the oldest withheld message that may be a target of @kind out of
 * the store. Lock held. */
static int sim_held_take(struct scmia_sim *sim, unsigned kind, struct scmia_sim_held *out)
{
	uint64_t now = sim_now_locked(sim);
	int best = -1;
	unsigned i;

	for (i = 0; i < SCMIA_SIM_WITHHELD_MAX; i++) {
		const struct scmia_sim_held *e = &sim->held[i];

		if (!e->used)
			continue;
		if (kind == SCMIA_SIM_FORGE_LAP &&
		    (uint32_t)(sim->cmd_seq - e->cmd_no) < SCMIA_SIM_FORGE_LAP_CMDS)
			continue;
		/* Without a stale_ok hook, time tells whether the agent gave up. */
		if (!(sim->forge_ops && sim->forge_ops->stale_ok) &&
		    now - e->when < sim->forge_min_age_us)
			continue;
		if (best < 0 || (int32_t)(e->order - sim->held[best].order) < 0)
			best = (int)i;
	}
	if (best < 0)
		return 0;
	*out = sim->held[best];
	sim->held[best].used = 0;
	return 1;
}

/* Put an entry back (the port refused the forgery that used it). */
static void sim_held_restore(struct scmia_sim *sim, const struct scmia_sim_held *e)
{
	unsigned i;

	for (i = 0; i < SCMIA_SIM_WITHHELD_MAX; i++) {
		if (!sim->held[i].used) {
			sim->held[i] = *e;
			return;
		}
	}
}

/* Queue a withheld message to leave whole, now. Lock held. */
static void sim_replay_locked(struct scmia_sim *sim, const struct scmia_sim_out *m)
{
	struct scmia_sim_out r = *m;

	r.flags = SIM_OUT_F_REPLAY;
	r.forge = 0;
	r.retries = 0;
	r.due = sim_now_locked(sim);
	r.seq = ++sim->seq;
	(void)sim_enqueue(sim, &r);
}

/* @o left as a forgery: keep the original. Lock held; dropped around the
 * withheld hook. */
static void sim_withhold(struct scmia_sim *sim, const struct scmia_sim_out *o)
{
	const struct scmia_sim_forge_ops *ops = sim->forge_ops;
	void *ctx = sim->forge_ctx;
	struct scmia_sim_out m = *o;
	int oldest = -1, slot = -1;
	unsigned i, n = 0;

	m.flags = 0;
	m.forge = 0;
	m.retries = 0;
	m.mark = 0;
	if (ops && ops->withheld) {
		sim_unlock(sim);
		m.mark = ops->withheld(ctx, m.hdr);
		sim_lock(sim);
	}
	for (i = 0; i < SCMIA_SIM_WITHHELD_MAX; i++) {
		if (!sim->held[i].used) {
			if (slot < 0)
				slot = (int)i;
			continue;
		}
		n++;
		if (oldest < 0 || (int32_t)(sim->held[i].order - sim->held[oldest].order) < 0)
			oldest = (int)i;
	}
	if (n >= sim->held_max && oldest >= 0) {
		/* Full: the oldest leaves whole, as a late reply. */
		sim_replay_locked(sim, &sim->held[oldest].msg);
		sim->held[oldest].used = 0;
		slot = oldest;
	}
	if (slot < 0)
		return; /* cannot happen: held_max <= SCMIA_SIM_WITHHELD_MAX */
	sim->held[slot].msg = m;
	sim->held[slot].when = sim_now_locked(sim);
	sim->held[slot].cmd_no = sim->cmd_seq;
	sim->held[slot].order = ++sim->held_order;
	sim->held[slot].used = 1;
	sim->toks[m.token].tainted = 1;
	sim->st.withheld++;
}

/*
 * Resolve the forgery of @o into @f. Returns 1 with a target; 0 without
 * (the message leaves as it is). *took: a store entry was consumed (in
 * @taken; to restore if the port refuses @f). Lock held; dropped around
 * the hooks.
 */
static int sim_forge_resolve(struct scmia_sim *sim, const struct scmia_sim_out *o,
			     struct scmia_sim_out *f, struct scmia_sim_held *taken, int *took)
{
	const struct scmia_sim_forge_ops *ops = sim->forge_ops;
	void *ctx = sim->forge_ctx;
	uint32_t h = 0;
	int ok;

	*took = 0;
	if (o->forge == SCMIA_SIM_FORGE_PENDING) {
		if (ops && ops->pending) {
			sim_unlock(sim);
			ok = ops->pending(ctx, o->hdr, &h);
			sim_lock(sim);
			if (!ok)
				return 0;
		} else {
			h = (o->hdr & ~(SCMIA_HDR_TOKEN_MASK << 18)) | (sim_predict_token(sim) << 18);
		}
	} else {
		/* Oldest first; one the hook says is not ready yet stays. */
		struct scmia_sim_held later[SCMIA_SIM_WITHHELD_MAX];
		unsigned n_later = 0, k;

		while (!*took && sim_held_take(sim, o->forge, taken)) {
			ok = 1;
			if (ops && ops->stale_ok) {
				sim_unlock(sim);
				ok = ops->stale_ok(ctx, taken->msg.hdr, taken->msg.mark, 0);
				sim_lock(sim);
			}
			if (ok > 0)
				*took = 1;
			else if (ok == 0)
				sim->st.replay_cancel++;
			else
				later[n_later++] = *taken;
		}
		for (k = 0; k < n_later; k++)
			sim_held_restore(sim, &later[k]);
		if (!*took)
			return 0;
		h = taken->msg.hdr;
	}
	*f = *o;
	f->hdr = (h & ~SIM_HDR_TYPE_BITS) | (o->hdr & SIM_HDR_TYPE_BITS);
	f->flags &= (uint8_t)~SIM_OUT_F_FORGE;
	return 1;
}

/* May withheld message @m leave whole now (1), never (0), not yet (-1)?
 * Lock held; dropped around the hook. */
static int sim_replay_ok(struct scmia_sim *sim, const struct scmia_sim_out *m)
{
	const struct scmia_sim_forge_ops *ops = sim->forge_ops;
	void *ctx = sim->forge_ctx;
	int ok;

	if (!ops || !ops->stale_ok)
		return 1; /* its own reply, under its own header */
	sim_unlock(sim);
	ok = ops->stale_ok(ctx, m->hdr, m->mark, 1);
	sim_lock(sim);
	return ok;
}

int scmia_sim_forge_set(struct scmia_sim *sim, const struct scmia_sim_forge_ops *ops, void *ctx,
			unsigned max_withheld, uint32_t min_age_us)
{
	if (!sim || !sim->initialised || max_withheld > SCMIA_SIM_WITHHELD_MAX)
		return SCMIA_EINVAL;
	sim_lock(sim);
	sim->forge_ops = ops;
	sim->forge_ctx = ctx;
	sim->held_max = max_withheld ? max_withheld : SCMIA_SIM_WITHHELD_MAX;
	sim->forge_min_age_us = min_age_us ? min_age_us : SIM_DEFAULT_FORGE_AGE_US;
	sim_unlock(sim);
	return SCMIA_OK;
}

int scmia_sim_forge_flush(struct scmia_sim *sim)
{
	unsigned i;
	int n = 0;

	if (!sim || !sim->initialised)
		return SCMIA_EINVAL;
	sim_lock(sim);
	for (;;) {
		int oldest = -1;

		/* oldest first: the order they were withheld in */
		for (i = 0; i < SCMIA_SIM_WITHHELD_MAX; i++)
			if (sim->held[i].used &&
			    (oldest < 0 ||
			     (int32_t)(sim->held[i].order - sim->held[oldest].order) < 0))
				oldest = (int)i;
		if (oldest < 0)
			break;
		sim_replay_locked(sim, &sim->held[oldest].msg);
		sim->held[oldest].used = 0;
		n++;
	}
	sim_unlock(sim);
	sim_emit_due(sim);
	return n;
}

unsigned scmia_sim_withheld(struct scmia_sim *sim)
{
	unsigned i, n = 0;

	if (!sim || !sim->initialised)
		return 0;
	sim_lock(sim);
	for (i = 0; i < SCMIA_SIM_WITHHELD_MAX; i++)
		n += sim->held[i].used;
	sim_unlock(sim);
	return n;
}

/* Emit everything due; returns the number handed to the port. */
static int sim_emit_due(struct scmia_sim *sim)
{
	struct scmia_sim_out o, f;
	struct scmia_sim_held taken;
	const struct scmia_sim_port_ops *port;
	const struct scmia_sim_forge_ops *fops;
	void *pctx, *fctx;
	int n = 0, rc;

	sim_lock(sim);
	if (sim->emitting) {
		/* Another thread (or an outer frame of this one) is emitting:
		 * it rescans the queue before it stops. */
		sim->emit_again = 1;
		sim_unlock(sim);
		return 0;
	}
	sim->emitting = 1;
	for (;;) {
		const struct scmia_sim_out *out = &o;
		unsigned fkind = 0;
		int forged = 0, took = 0, replay;

		sim->emit_again = 0;
		if (!sim->port || !sim_pop_due(sim, sim_now_locked(sim), &o))
			break;
		port = sim->port;
		pctx = sim->port_ctx;
		replay = (o.flags & SIM_OUT_F_REPLAY) != 0;
		if (replay) {
			int ok = sim_replay_ok(sim, &o);

			if (ok < 0) {
				/* not yet: look again a little later */
				o.due = sim_now_locked(sim) + 1000u;
				(void)sim_enqueue(sim, &o);
				continue;
			}
			if (!ok) {
				sim->st.replay_cancel++;
				continue;
			}
		}
		if (o.flags & SIM_OUT_F_FORGE) {
			forged = sim_forge_resolve(sim, &o, &f, &taken, &took);
			if (!forged) {
				/* No target of that kind now: a token nobody
				 * waits for (the original is withheld all the
				 * same, a later target). */
				uint32_t t = sim_unused_token(sim, scmia_hdr_token(o.hdr));

				f = o;
				f.hdr = (o.hdr & ~(SCMIA_HDR_TOKEN_MASK << 18)) | (t << 18);
				f.flags &= (uint8_t)~SIM_OUT_F_FORGE;
				forged = 2;
			}
			out = &f;
			fkind = o.forge;
		}
		if (o.flags & (SIM_OUT_F_SPUR | SIM_OUT_F_TOKSWAP)) {
			uint32_t tok = sim_unused_token(sim, scmia_hdr_token(o.hdr));

			o.hdr = (o.hdr & ~(SCMIA_HDR_TOKEN_MASK << 18)) | (tok << 18);
		}
		if ((o.flags & SIM_OUT_F_DOORBELL) && !port->doorbell) {
			o.flags &= (uint8_t)~SIM_OUT_F_DOORBELL; /* fall back: unsolicited response */
		}
		fops = sim->forge_ops;
		fctx = sim->forge_ctx;
		/* Out of the queue but not settled: still counted as queued
		 * (scmia_sim_queued()), or a drain could take a retry in
		 * progress for idle. */
		sim->handing = 1;
		sim_unlock(sim);
		rc = sim_port_emit(sim, port, pctx, out);
		if ((forged || replay) && fops && fops->done)
			fops->done(fctx, out->hdr, forged ? fkind : SCMIA_SIM_FORGE_REPLAY, rc);
		sim_lock(sim);
		sim->handing = 0;
		if (rc == SCMIA_OK) {
			n++;
			if (o.flags & (SIM_OUT_F_SPUR | SIM_OUT_F_DOORBELL))
				sim->st.spurious++;
			else if (o.kind == SCMIA_SIM_K_RESP)
				sim->st.responses++;
			else if (o.kind == SCMIA_SIM_K_DRESP)
				sim->st.delayed++;
			else
				sim->st.notifications++;
			sim_release_tok(sim, &o);
			if (replay)
				sim->st.replayed++;
			if (forged) {
				if (forged == 1)
					sim->st.forged[fkind]++;
				else
					sim->st.forge_miss++;
				sim_withhold(sim, &o);
			}
			continue;
		}
		if (took)
			sim_held_restore(sim, &taken);
		if ((rc == SCMIA_ENOSPC || rc == SCMIA_EBUSY) &&
		    o.retries < (o.kind == SCMIA_SIM_K_NOTIF ? sim->cfg.notify_retries :
							       sim->cfg.max_retries)) {
			sim_release_tok(sim, &o);
			o.retries++;
			o.due = sim_now_locked(sim) + sim->cfg.retry_us;
			sim->st.retries++;
			if (sim_enqueue(sim, &o) == SCMIA_OK)
				continue;
			/* queue full: counted by sim_enqueue; dropped */
			continue;
		}
		sim_release_tok(sim, &o);
		if (o.flags & SIM_OUT_F_HASTOK)
			sim->toks[o.token].tainted = 1;
		if (o.kind == SCMIA_SIM_K_NOTIF)
			sim->st.notify_drops++;
		else
			sim->st.emit_errors++;
	}
	sim->emitting = 0;
	sim_unlock(sim);
	return n;
}

int scmia_sim_step(struct scmia_sim *sim, uint64_t now_us)
{
	if (!sim)
		return SCMIA_EINVAL;
	sim_lock(sim);
	if (sim->cfg.clock == SCMIA_SIM_CLOCK_VIRTUAL && now_us > sim->vnow)
		sim->vnow = now_us;
	sim_wake_runner(sim);
	sim_unlock(sim);
	return sim_emit_due(sim);
}

int scmia_sim_advance(struct scmia_sim *sim, uint64_t us)
{
	uint64_t now;

	if (!sim)
		return SCMIA_EINVAL;
	sim_lock(sim);
	now = sim->vnow + us;
	sim_unlock(sim);
	return scmia_sim_step(sim, now);
}

int scmia_sim_next_due(struct scmia_sim *sim, uint64_t *due_us)
{
	unsigned i;
	int found = 0;
	uint64_t best = 0;

	sim_lock(sim);
	for (i = 0; i < sim->q_hi; i++) {
		const struct scmia_sim_out *q = &sim->queue[i];

		if (!q->used || (q->flags & SIM_OUT_F_PARKED))
			continue;
		if (!found || q->due < best)
			best = q->due;
		found = 1;
	}
	sim_unlock(sim);
	if (found && due_us)
		*due_us = best;
	return found;
}

unsigned scmia_sim_queued(struct scmia_sim *sim)
{
	unsigned n;

	sim_lock(sim);
	n = sim->n_queued + (unsigned)sim->handing;
	sim_unlock(sim);
	return n;
}

void scmia_sim_stats_get(struct scmia_sim *sim, struct scmia_sim_stats *out)
{
	if (!sim || !out)
		return;
	sim_lock(sim);
	*out = sim->st;
	sim_unlock(sim);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

static const struct scmia_sim_msg *sim_find_msg(const struct scmia_sim_proto *p, uint8_t msg_id)
{
	unsigned i;

	for (i = 0; i < p->n_msgs; i++)
		if (p->msgs[i].msg_id == msg_id)
			return &p->msgs[i];
	return NULL;
}

/* Generic PROTOCOL_VERSION / ATTRIBUTES / MESSAGE_ATTRIBUTES / NEGOTIATE
 * (DEN0056 §4.2.2.1-4.2.2.3 and the common NEGOTIATE_PROTOCOL_VERSION). */
static int32_t sim_generic(struct scmia_sim *sim, int slot, const struct scmia_sim_req *req,
			   struct scmia_sim_resp *r)
{
	const struct scmia_sim_proto *p = sim->protos[slot];
	uint8_t msg_id = scmia_hdr_msg_id(req->hdr);
	const struct scmia_sim_msg *m;
	uint32_t id, v;

	switch (msg_id) {
	case SCMIA_MSG_PROTOCOL_VERSION:
		scmia_sim_resp_put_le32(r, p->version);
		return SCMIA_STATUS_SUCCESS;
	case SCMIA_MSG_PROTOCOL_ATTRIBUTES:
		scmia_sim_resp_put_le32(r, p->attributes);
		return SCMIA_STATUS_SUCCESS;
	case SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES:
		if (req->len < 4) {
			sim->st.short_payload++;
			return SCMIA_STATUS_PROTOCOL_ERROR;
		}
		id = scmia_get_le32(req->payload);
		if (id > 0xffu)
			return SCMIA_STATUS_NOT_FOUND;
		m = sim_find_msg(p, (uint8_t)id);
		if (m) {
			scmia_sim_resp_put_le32(r, m->attributes);
			return SCMIA_STATUS_SUCCESS;
		}
		if (id <= SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES ||
		    (id == SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION &&
		     (p->flags & SCMIA_SIM_PROTO_F_NEGOTIATE))) {
			scmia_sim_resp_put_le32(r, 0);
			return SCMIA_STATUS_SUCCESS;
		}
		return SCMIA_STATUS_NOT_FOUND;
	case SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION:
		if (!(p->flags & SCMIA_SIM_PROTO_F_NEGOTIATE))
			break;
		if (req->len < 4) {
			sim->st.short_payload++;
			return SCMIA_STATUS_PROTOCOL_ERROR;
		}
		v = scmia_get_le32(req->payload);
		if (v == p->version || (p->min_version && v >= p->min_version && v <= p->version)) {
			sim->negotiated[slot] = v;
			return SCMIA_STATUS_SUCCESS;
		}
		return SCMIA_STATUS_NOT_SUPPORTED;
	default:
		break;
	}
	sim->st.not_supported++;
	return SCMIA_STATUS_NOT_SUPPORTED;
}

/* Run the protocol (lock held). */
static int32_t sim_dispatch(struct scmia_sim *sim, struct scmia_sim_req *req,
			    struct scmia_sim_resp *r, uint32_t *latency, int *async_ok)
{
	uint8_t proto_id = scmia_hdr_proto_id(req->hdr);
	const struct scmia_sim_msg *m;
	const struct scmia_sim_proto *p;
	int slot;

	*latency = 0;
	*async_ok = 0;
	slot = sim_proto_slot(sim, proto_id);
	if (slot < 0) {
		sim->st.not_supported++;
		return SCMIA_STATUS_NOT_SUPPORTED;
	}
	p = sim->protos[slot];
	if (!sim_proto_accessible(sim, req->agent_id, (unsigned)slot)) {
		sim->st.denied++;
		return SCMIA_STATUS_DENIED;
	}
	req->proto = p;
	m = sim_find_msg(p, scmia_hdr_msg_id(req->hdr));
	if (!m)
		return sim_generic(sim, slot, req, r);
	*latency = m->latency_us;
	*async_ok = (m->flags & SCMIA_SIM_MSG_F_ASYNC) != 0;
	if (req->len < m->min_len) {
		sim->st.short_payload++;
		return (m->flags & SCMIA_SIM_MSG_F_SHORT_INVAL) ? SCMIA_STATUS_INVALID_PARAMETERS :
								  SCMIA_STATUS_PROTOCOL_ERROR;
	}
	if (!m->fn)
		return SCMIA_STATUS_SUCCESS;
	return m->fn(p->ctx, req, r);
}

/* Give queued notifications raised by the handler their real due time. */
static void sim_unpark(struct scmia_sim *sim, uint64_t base)
{
	unsigned i;

	for (i = 0; i < sim->q_hi; i++) {
		struct scmia_sim_out *q = &sim->queue[i];

		if (q->used && (q->flags & SIM_OUT_F_PARKED)) {
			q->due += base;
			q->flags &= (uint8_t)~SIM_OUT_F_PARKED;
		}
	}
}

int scmia_sim_command_ex(struct scmia_sim *sim, unsigned chan, uint32_t agent_id, uint32_t hdr,
			 const void *payload, uint32_t len)
{
	struct scmia_sim_resp *r;
	struct scmia_sim_req req;
	struct scmia_sim_out o;
	struct sim_pick pk, dpk;
	uint32_t latency = 0, resp_seq, tok;
	uint64_t now, due;
	int32_t status;
	int async_ok = 0, reorder = 0, forged = 0, ret = SCMIA_OK, ret2;

	if (!sim || !sim->initialised || chan >= SCMIA_SIM_MAX_CHANS || (len && !payload))
		return SCMIA_EINVAL;

	sim_lock(sim);
	sim->st.commands++;
	sim->cmd_seq++;
	if (scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_COMMAND || scmia_hdr_reserved(hdr)) {
		sim->st.bad_commands++;
		sim_unlock(sim);
		return SCMIA_EMALFORMED;
	}
	tok = scmia_hdr_token(hdr);
	sim->last_tok = (uint16_t)tok;
	sim->toks[tok].seen = 1;
	sim->toks[tok].seq = sim->cmd_seq;
	sim->toks[tok].tainted = 0;

	r = &sim->resp;
	sim_resp_reset(sim);
	memset(&req, 0, sizeof(req));
	req.sim = sim;
	req.hdr = hdr;
	req.payload = (const uint8_t *)payload;
	req.len = len;
	req.agent_id = agent_id;
	req.chan = chan;
	req.seq = sim->cmd_seq;

	/* The response's place in the output order is taken before the
	 * handler runs, so that notifications it raises follow it. */
	resp_seq = ++sim->seq;
	sim->cur_cmd = sim->cmd_seq;
	if (len > SCMIA_SIM_MSG_MAX) {
		sim->st.bad_commands++;
		status = SCMIA_STATUS_PROTOCOL_ERROR;
	} else {
		sim->in_handler = 1;
		status = sim_dispatch(sim, &req, r, &latency, &async_ok);
		sim->in_handler = 0;
	}

	if (r->body.overflow || r->dbody.overflow || (r->dresp && !async_ok) ||
	    status > 0 || status < SCMIA_SCMI_STATUS_MIN) {
		/* A bug of the simulated protocol, not of the agent: answer
		 * GENERIC_ERROR and count it. */
		sim->st.resp_overflow++;
		status = SCMIA_STATUS_GENERIC_ERROR;
	}
	if (status != SCMIA_STATUS_SUCCESS) {
		r->body.len = 0;
		r->dresp = 0;
	}

	now = sim_now_locked(sim);
	due = now + sim->cfg.latency_us + latency + r->delay_us;
	if (sim->cfg.jitter_us)
		due += sim_rand_locked(sim) % ((uint64_t)sim->cfg.jitter_us + 1u);

	memset(&o, 0, sizeof(o));
	o.chan = (uint8_t)chan;
	o.token = (uint16_t)tok;
	o.flags = SIM_OUT_F_HASTOK;

	sim_fault_pick(sim, SCMIA_SIM_K_RESP, scmia_hdr_proto_id(hdr), scmia_hdr_msg_id(hdr),
		       sim->cmd_seq, r->dresp, &pk);
	if (pk.action == SCMIA_SIM_FA_REORDER) {
		if (r->dresp) {
			reorder = 1;
			sim->st.injected[SCMIA_SIM_FA_REORDER]++;
		}
		pk.action = SCMIA_SIM_FA_NONE;
	}

	/* A forged response is withheld: its delayed response would end the
	 * transfer (and free its token) behind the forgery's back. */
	forged = pk.action == SCMIA_SIM_FA_FORGE && !r->no_reply;
	if (!r->no_reply) {
		o.kind = SCMIA_SIM_K_RESP;
		o.hdr = hdr;
		o.due = due;
		o.seq = reorder ? ++sim->seq : resp_seq;
		scmia_put_le32(o.body, (uint32_t)status);
		memcpy(o.body + 4, r->body.data, r->body.len);
		o.len = 4u + r->body.len;
		ret = sim_schedule(sim, &o, &pk);
	} else {
		sim->toks[tok].tainted = 1;
	}
	sim_unpark(sim, due);

	if (r->dresp && forged) {
		sim->st.forge_dresp_drops++;
	} else if (r->dresp) {
		o.kind = SCMIA_SIM_K_DRESP;
		o.hdr = (hdr & ~(0x3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8);
		o.due = reorder ? due : due + r->ddelay_us;
		o.seq = reorder ? resp_seq : ++sim->seq;
		o.flags = SIM_OUT_F_HASTOK;
		o.wire_len = 0;
		o.retries = 0;
		o.forge = 0;
		scmia_put_le32(o.body, (uint32_t)r->dstatus);
		memcpy(o.body + 4, r->dbody.data, r->dbody.len);
		o.len = 4u + r->dbody.len;
		sim_fault_pick(sim, SCMIA_SIM_K_DRESP, scmia_hdr_proto_id(hdr),
			       scmia_hdr_msg_id(hdr), sim->cmd_seq, 0, &dpk);
		if (dpk.action == SCMIA_SIM_FA_REORDER)
			dpk.action = SCMIA_SIM_FA_NONE;
		ret2 = sim_schedule(sim, &o, &dpk);
		if (ret2)
			ret = ret2;
	}
	sim->cur_cmd = 0;
	sim_unlock(sim);
	sim_emit_due(sim);
	return ret;
}

int scmia_sim_command(struct scmia_sim *sim, uint32_t hdr, const void *payload, uint32_t len)
{
	if (!sim)
		return SCMIA_EINVAL;
	return scmia_sim_command_ex(sim, 0, sim->cfg.agent_id, hdr, payload, len);
}

int scmia_sim_notify(struct scmia_sim *sim, uint8_t proto_id, uint8_t evt_id, const void *payload,
		     uint32_t len)
{
	struct scmia_sim_out o;
	struct sim_pick pk;
	int slot, ret, in_handler;

	if (!sim || !sim->initialised || len > SCMIA_SIM_MSG_MAX || (len && !payload))
		return SCMIA_EINVAL;
	sim_lock(sim);
	slot = sim_proto_slot(sim, proto_id);
	memset(&o, 0, sizeof(o));
	o.kind = SCMIA_SIM_K_NOTIF;
	o.chan = slot >= 0 ? sim->route[slot] : 0;
	o.hdr = scmia_hdr_pack(evt_id, SCMIA_MSG_TYPE_NOTIFICATION, proto_id, 0);
	o.seq = ++sim->seq;
	o.len = len;
	if (len)
		memcpy(o.body, payload, len);
	in_handler = sim->in_handler;
	if (in_handler) {
		o.flags = SIM_OUT_F_PARKED; /* due set when the response's is known */
		o.due = 0;
	} else {
		o.due = sim_now_locked(sim) + sim->cfg.latency_us;
	}
	sim_fault_pick(sim, SCMIA_SIM_K_NOTIF, proto_id, evt_id, in_handler ? sim->cur_cmd : 0, 0,
		       &pk);
	if (pk.action == SCMIA_SIM_FA_REORDER)
		pk.action = SCMIA_SIM_FA_NONE;
	ret = sim_schedule(sim, &o, &pk);
	sim_unlock(sim);
	if (!in_handler)
		sim_emit_due(sim);
	return ret;
}

int scmia_sim_inject(struct scmia_sim *sim, unsigned chan, unsigned kind, uint32_t hdr,
		     const void *body, uint32_t len, uint32_t delay_us)
{
	struct scmia_sim_out o;
	int ret;

	if (!sim || !sim->initialised || chan >= SCMIA_SIM_MAX_CHANS ||
	    kind > SCMIA_SIM_K_NOTIF || len > SCMIA_SIM_MSG_MAX || (len && !body))
		return SCMIA_EINVAL;
	memset(&o, 0, sizeof(o));
	o.kind = (uint8_t)kind;
	o.chan = (uint8_t)chan;
	o.hdr = hdr;
	o.len = len;
	if (len)
		memcpy(o.body, body, len);
	sim_lock(sim);
	o.seq = ++sim->seq;
	o.due = sim_now_locked(sim) + delay_us;
	ret = sim_enqueue(sim, &o);
	sim_unlock(sim);
	sim_emit_due(sim);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Threaded runner                                                     */
/* ------------------------------------------------------------------ */

static void sim_runner_wait(struct scmia_sim *sim)
{
	struct timespec ts;
	uint64_t wait_us = SIM_RUNNER_IDLE_US, now, due = 0, abs_us;
	unsigned i;
	int found = 0;

	now = sim_now_locked(sim);
	for (i = 0; i < sim->q_hi; i++) {
		const struct scmia_sim_out *q = &sim->queue[i];

		if (!q->used || (q->flags & SIM_OUT_F_PARKED))
			continue;
		if (!found || q->due < due)
			due = q->due;
		found = 1;
	}
	if (found && sim->cfg.clock != SCMIA_SIM_CLOCK_VIRTUAL) {
		if (due <= now)
			return;
		if (due - now < wait_us)
			wait_us = due - now;
	}
	if (sim->port && sim->port->tick && wait_us > 1000u)
		wait_us = 1000u; /* a transport polled by tick needs a short period */
	abs_us = sim_monotonic_us() + wait_us;
	ts.tv_sec = (time_t)(abs_us / 1000000u);
	ts.tv_nsec = (long)(abs_us % 1000000u) * 1000L;
	while (!sim->kicked && !sim->stop) {
		if (pthread_cond_timedwait(&sim->cond, &sim->lock, &ts) == ETIMEDOUT)
			break;
	}
}

static void *sim_runner(void *arg)
{
	struct scmia_sim *sim = (struct scmia_sim *)arg;
	const struct scmia_sim_port_ops *port;
	void *pctx;
	uint32_t hdr, len;
	unsigned chan;
	int rc;

	for (;;) {
		sim_lock(sim);
		if (sim->stop) {
			sim_unlock(sim);
			break;
		}
		sim->kicked = 0;
		port = sim->port;
		pctx = sim->port_ctx;
		sim_unlock(sim);

		if (port->tick)
			port->tick(pctx);
		/* What is due leaves before new commands are read: a reply
		 * that waited for a busy channel (SMT: the agent held the
		 * area) lands on the next command before the platform took
		 * it, not after, so that one late reply costs that one
		 * command and not the reply of every command after it. */
		sim_emit_due(sim);
		while (port->pull) {
			chan = 0;
			len = 0;
			rc = port->pull(pctx, &chan, &hdr, sim->cmd_buf, sizeof(sim->cmd_buf), &len);
			if (rc == 0)
				break;
			if (rc < 0) {
				sim_lock(sim);
				sim->st.pull_errors++;
				sim_unlock(sim);
				break;
			}
			/* A parameter length beyond the buffer is answered
			 * PROTOCOL_ERROR without reading the payload. */
			scmia_sim_command_ex(sim, chan < SCMIA_SIM_MAX_CHANS ? chan : 0,
					     sim->cfg.agent_id, hdr, sim->cmd_buf, len);
		}
		sim_emit_due(sim);

		sim_lock(sim);
		if (!sim->kicked && !sim->stop)
			sim_runner_wait(sim);
		sim_unlock(sim);
	}
	return NULL;
}

int scmia_sim_start(struct scmia_sim *sim)
{
	int ret = SCMIA_OK;

	if (!sim || !sim->initialised)
		return SCMIA_EINVAL;
	sim_lock(sim);
	if (!sim->port) {
		ret = SCMIA_EINVAL;
	} else if (sim->running) {
		ret = SCMIA_ESTATE;
	} else {
		sim->stop = 0;
		sim->kicked = 1;
		if (pthread_create(&sim->thread, NULL, sim_runner, sim))
			ret = SCMIA_EIO;
		else
			sim->running = 1;
	}
	sim_unlock(sim);
	return ret;
}

void scmia_sim_stop(struct scmia_sim *sim)
{
	int running;

	if (!sim || !sim->initialised)
		return;
	sim_lock(sim);
	running = sim->running;
	sim->stop = 1;
	pthread_cond_signal(&sim->cond);
	sim_unlock(sim);
	if (running)
		pthread_join(sim->thread, NULL);
	sim_lock(sim);
	sim->running = 0;
	sim->stop = 0;
	sim_unlock(sim);
}

void scmia_sim_kick(struct scmia_sim *sim)
{
	if (!sim || !sim->initialised)
		return;
	sim_lock(sim);
	sim->kicked = 1;
	pthread_cond_signal(&sim->cond);
	sim_unlock(sim);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mediator (scmia/mediator.h): guests' commands checked against their
 * policy, renamed, forwarded through the platform agent, and answered.
 *
 * A guest command goes one of two ways:
 *
 *   server --cmd--> guest_cmd: Base, refusals, shared subscriptions
 *                        |        --> answered at once (ops->reply)
 *                        +--> record (guest's reqs[]) + scmia_xfer_get/submit
 *   platform reply --> xfer_cb(record): rename back --> ops->reply, or
 *                      ops->p2a for a delayed response; scmia_xfer_put
 *
 * The record keeps the guest's header and the server's request number:
 * the platform token never reaches a guest and a guest's token never
 * reaches the platform, so no reply can find another guest's record.
 *
 * Records (per guest, its in-flight quota):
 *   FREE --submit--> BUSY --callback--> FREE
 *   A reset of the guest bumps its generation: a record of an older
 *   generation is "reaped": its answer is dropped, the slot freed when the
 *   platform ends the transfer. A guest deadline answers the guest early
 *   (answered = 1); the platform's answer is then dropped the same way.
 *   An asynchronous command is acknowledged to the guest right after the
 *   submit (phase SUBMITTING -> ACKED); a completion that comes before the
 *   acknowledgement went out waits for it (done_pending), so the guest
 *   never sees its delayed response before its response.
 *
 * Subscriptions (per guest, its subscription quota), keyed on (protocol,
 * *_NOTIFY message, platform resource):
 *   enable, nobody holds the key:  ENABLING --platform ok--> ACTIVE
 *   enable, another guest ENABLING: JOINING --that enable ends--> ACTIVE /
 *                                  FREE, answered with its outcome
 *   enable, another guest ACTIVE:  ACTIVE at once (answered SUCCESS)
 *   disable, others ACTIVE:        FREE at once
 *   disable, last holder:          DISABLING --platform--> FREE
 *   reset, last holder:            DROP --(record, slot)--> DROPPING --> FREE
 *   reset while ENABLING:          REAPED_EN --ok--> DROP / --error--> FREE
 * A key being disabled (DISABLING, DROP, DROPPING) answers BUSY to an
 * enable.
 *
 * Locking: the host's lock (med->os) guards records, subscriptions, the
 * guest list and counters. It is never held across the platform agent or
 * a server op: a server op may raise an interrupt whose handler (in a
 * simulation, the guest itself) sends the next command at once.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/mediator.h"
#include "scmia/transport.h"

#if !SCMIA_CFG_NONBLOCKING
#error "the mediator forwards with scmia_xfer_submit(): it needs SCMIA_CFG_NONBLOCKING (or build without it: -DSCMIA_MEDIATOR=OFF)"
#endif

/* Largest payload the mediator handles after a status word. */
#ifndef SCMIA_MED_PAYLOAD_MAX
#define SCMIA_MED_PAYLOAD_MAX 256u
#endif

#define N SCMIA_MED_NONE
#define BASE 0x10u
#define ALL_ONES 0xffffffffu

enum { REQ_FREE = 0, REQ_BUSY };
enum { PH_SUBMITTING = 0, PH_ACKED };
enum { SUB_FREE = 0, SUB_ENABLING, SUB_ACTIVE, SUB_DISABLING, SUB_DROP, SUB_DROPPING,
       SUB_REAPED_EN, SUB_JOINING };

/* Private state carried in the public record beyond its named fields. */
#define RF_DONE_PENDING 1u /* completion came before the acknowledgement */

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static scmia_lock_key_t mlock(const struct scmia_mediator *m)
{
	return (m->os && m->os->lock) ? m->os->lock(m->os_ctx) : 0u;
}

static void munlock(const struct scmia_mediator *m, scmia_lock_key_t k)
{
	if (m->os && m->os->lock)
		m->os->unlock(m->os_ctx, k);
}

static uint32_t rd32(const void *p)
{
	return scmia_get_le32(p);
}

static void wr32(void *p, uint32_t v)
{
	scmia_put_le32(p, v);
}

/* Count for the guest and the mediator (lock held). */
static void cnt_locked(struct scmia_med_guest *g, enum scmia_med_counter id)
{
	if (g)
		g->cnt[id]++;
	if (g && g->med)
		g->med->cnt[id]++;
}

static void cnt(struct scmia_med_guest *g, enum scmia_med_counter id)
{
	scmia_lock_key_t k = mlock(g->med);

	cnt_locked(g, id);
	munlock(g->med, k);
}

static void mcnt(struct scmia_mediator *m, enum scmia_med_counter id)
{
	scmia_lock_key_t k = mlock(m);

	m->cnt[id]++;
	munlock(m, k);
}

static uint64_t now_us(struct scmia_mediator *m)
{
	struct scmia_chan *c = scmia_agent_chan(m->agent, 0);

	return c ? scmia_chan_now_us(c) : 0u;
}

static void put_name(uint8_t *dst, const char *s)
{
	size_t i;

	memset(dst, 0, 16);
	for (i = 0; s && s[i] && i < 15u; i++)
		dst[i] = (uint8_t)s[i];
}

/* ------------------------------------------------------------------ */
/* Tables and policy lookups                                           */
/* ------------------------------------------------------------------ */

static int desc_index(const struct scmia_mediator *m, uint8_t proto_id)
{
	unsigned i;

	for (i = 0; i < m->n_descs; i++)
		if (m->descs[i]->proto_id == proto_id)
			return (int)i;
	return -1;
}

static const struct scmia_med_msg *find_msg(const struct scmia_med_proto_desc *d, uint8_t msg_id)
{
	unsigned i;

	for (i = 0; i < d->n_msgs; i++)
		if (d->msgs[i].msg_id == msg_id)
			return &d->msgs[i];
	return NULL;
}

static const struct scmia_med_proto_policy *find_pp(const struct scmia_med_policy *p,
						    uint8_t proto_id)
{
	unsigned i;

	for (i = 0; i < p->n_protos; i++)
		if (p->protos[i].proto_id == proto_id)
			return &p->protos[i];
	return NULL;
}

/* Guest id -> map entry, or NULL. */
static const struct scmia_med_res *res_of(const struct scmia_med_proto_policy *pp, unsigned cls,
					  uint32_t gid)
{
	if (cls >= SCMIA_MED_CLASSES || gid >= pp->n_res[cls])
		return NULL;
	return &pp->res[cls][gid];
}

/* Platform id -> first guest id of the class that maps it; -1: none. */
static int64_t gid_of(const struct scmia_med_proto_policy *pp, unsigned cls, uint32_t pid)
{
	uint32_t i;

	if (cls >= SCMIA_MED_CLASSES)
		return -1;
	for (i = 0; i < pp->n_res[cls]; i++)
		if (pp->res[cls][i].platform_id == pid)
			return (int64_t)i;
	return -1;
}

static int off_ok(uint8_t at, uint8_t min_len)
{
	return at == N || (uint32_t)at + 4u <= min_len;
}

static int cls_ok(uint8_t cls, int sel_ok)
{
	return cls < SCMIA_MED_CLASSES || (sel_ok && cls == SCMIA_MED_CLS_SEL);
}

/* A table the mediator can follow without reading past a command. */
static int desc_valid(const struct scmia_med_proto_desc *d)
{
	unsigned i;

	if (!d || d->proto_id == BASE || (d->n_msgs && !d->msgs) || (d->n_evts && !d->evts))
		return 0;
	for (i = 0; i < d->n_msgs; i++) {
		const struct scmia_med_msg *x = &d->msgs[i];

		if (x->kind > SCMIA_MED_K_DENY || x->msg_id <= 0x2u || x->msg_id == 0x10u)
			return 0;
		if (!off_ok(x->id_at, x->min_len) || !off_ok(x->id2_at, x->min_len) ||
		    !off_ok(x->id2_if_at, x->min_len) || !off_ok(x->flags_at, x->min_len) ||
		    !off_ok(x->en_at, x->min_len))
			return 0;
		if (x->id_at != N && !cls_ok(x->cls, 1))
			return 0;
		if (x->cls == SCMIA_MED_CLS_SEL && (!off_ok(x->sel_at, x->min_len) ||
						    x->sel_at == N || x->sel_shift > 30u))
			return 0;
		if (x->id2_at != N && !cls_ok(x->id2_cls, 0))
			return 0;
		if ((x->id2_if_at == N) != (x->id2_if_bit == N) ||
		    (x->id2_if_bit != N && x->id2_if_bit > 31u))
			return 0;
		if (x->flags_at != N && (x->async_bit > 31u ||
					 (x->nodresp_bit != N && x->nodresp_bit > 31u)))
			return 0;
		if ((x->flags & SCMIA_MED_M_NOTIFY) && x->en_at == N)
			return 0;
		if (x->rsp_at != N && !cls_ok(x->rsp_cls, 0) && x->rsp_cls != SCMIA_MED_CLS_SEL_M1)
			return 0;
		if (x->rsp_cls == SCMIA_MED_CLS_SEL_M1 && x->cls != SCMIA_MED_CLS_SEL)
			return 0;
		if (x->kind == SCMIA_MED_K_LIST &&
		    (x->rsp_at == N || (x->list_esz != 2u && x->list_esz != 4u) || !x->list_nmask))
			return 0;
		if (x->kind == SCMIA_MED_K_SENSOR_DESC && x->id_at == N)
			return 0;
	}
	for (i = 0; i < d->n_evts; i++) {
		const struct scmia_med_evt *e = &d->evts[i];

		if (e->src_at != N && !cls_ok(e->cls, 0))
			return 0;
		if (e->notify_msg != N) {
			const struct scmia_med_msg *x = find_msg(d, e->notify_msg);

			if (!x || !(x->flags & SCMIA_MED_M_NOTIFY))
				return 0;
		}
	}
	for (i = 0; i < SCMIA_MED_COUNTS; i++)
		if (d->counts[i].cls != N &&
		    (d->counts[i].cls >= SCMIA_MED_CLASSES || !d->counts[i].width ||
		     d->counts[i].width > 16u || d->counts[i].shift + d->counts[i].width > 32u))
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */
/* ------------------------------------------------------------------ */

static int status_of(int result, int32_t raw)
{
	if (result == SCMIA_OK)
		return 0;
	if (scmia_err_is_scmi(result))
		return raw;
	return (int)scmia_err_to_status(result);
}

/* Answer a guest command: status + @len bytes of payload. */
static void answer(struct scmia_med_guest *g, uint32_t req, uint32_t hdr, int32_t status,
		   const void *payload, uint32_t len)
{
	uint8_t body[4u + SCMIA_MED_PAYLOAD_MAX];
	int ret;

	if (len > SCMIA_MED_PAYLOAD_MAX)
		len = SCMIA_MED_PAYLOAD_MAX;
	wr32(body, (uint32_t)status);
	if (len)
		memcpy(body + 4, payload, len);
	ret = g->ops->reply(g->srv, req, hdr, body, 4u + len);
	cnt(g, ret ? SCMIA_MED_CNT_STALE : SCMIA_MED_CNT_REPLIES);
}

/* A refusal by the mediator, counted by its status. */
static void refuse(struct scmia_med_guest *g, uint32_t req, uint32_t hdr, int32_t status)
{
	enum scmia_med_counter id = SCMIA_MED_CNT_BAD_PARAMS;

	if (status == SCMIA_STATUS_DENIED)
		id = SCMIA_MED_CNT_DENIED;
	else if (status == SCMIA_STATUS_NOT_SUPPORTED)
		id = SCMIA_MED_CNT_NOT_SUPPORTED;
	else if (status == SCMIA_STATUS_NOT_FOUND)
		id = SCMIA_MED_CNT_NOT_FOUND;
	else if (status == SCMIA_STATUS_BUSY)
		id = SCMIA_MED_CNT_LOCAL; /* counted by the caller (quota, slot) */
	if (id != SCMIA_MED_CNT_LOCAL)
		cnt(g, id);
	cnt(g, SCMIA_MED_CNT_LOCAL);
	answer(g, req, hdr, status, NULL, 0);
}

static uint32_t dresp_hdr(uint32_t hdr)
{
	return scmia_hdr_pack(scmia_hdr_msg_id(hdr), SCMIA_MSG_TYPE_DELAYED_RESP,
			      scmia_hdr_proto_id(hdr), (uint16_t)scmia_hdr_token(hdr));
}

static void send_p2a(struct scmia_med_guest *g, uint32_t hdr, const void *body, uint32_t len,
		     enum scmia_med_counter ok)
{
	int ret = g->ops->p2a(g->srv, hdr, body, len);

	cnt(g, ret ? SCMIA_MED_CNT_P2A_DROPS : ok);
}

/* ------------------------------------------------------------------ */
/* Base protocol, answered per guest                                   */
/* ------------------------------------------------------------------ */

/* Whether @other is visible to @g in DISCOVER_AGENT. */
static int sees(const struct scmia_med_guest *g, const struct scmia_med_guest *other)
{
	return other == g ||
	       (other->up == 1u && (g->policy->flags & SCMIA_MED_G_SEE_GUESTS));
}

static void base_cmd(struct scmia_med_guest *g, uint32_t req, uint32_t hdr, const uint8_t *p,
		     uint32_t len)
{
	struct scmia_mediator *m = g->med;
	const struct scmia_med_policy *pol = g->policy;
	uint8_t out[4u + 16u + 4u * 64u];
	uint32_t n = 0, i, v;
	scmia_lock_key_t k;

	switch (scmia_hdr_msg_id(hdr)) {
	case SCMIA_MSG_PROTOCOL_VERSION:
		wr32(out, 0x20000u); /* Base 2.0 */
		n = 4;
		break;
	case SCMIA_MSG_PROTOCOL_ATTRIBUTES: {
		const struct scmia_med_guest *o;
		uint32_t agents = 0;

		k = mlock(m);
		for (o = m->guests; o; o = o->next)
			if (sees(g, o))
				agents++;
		munlock(m, k);
		wr32(out, ((agents & 0xffu) << 8) | (pol->n_protos & 0xffu));
		n = 4;
		break;
	}
	case SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES:
		if (len < 4u) {
			refuse(g, req, hdr, SCMIA_STATUS_PROTOCOL_ERROR);
			return;
		}
		v = rd32(p);
		/* Everything but NOTIFY_ERRORS exists (the permission
		 * commands answer DENIED). */
		if (v > 0xbu || v == 0x8u) {
			refuse(g, req, hdr, SCMIA_STATUS_NOT_FOUND);
			return;
		}
		wr32(out, 0);
		n = 4;
		break;
	case 0x3u: /* BASE_DISCOVER_VENDOR */
		put_name(out, pol->vendor ? pol->vendor : m->vendor);
		n = 16;
		break;
	case 0x4u: /* BASE_DISCOVER_SUB_VENDOR */
		put_name(out, pol->sub_vendor ? pol->sub_vendor : m->sub_vendor);
		n = 16;
		break;
	case 0x5u: /* BASE_DISCOVER_IMPLEMENTATION_VERSION */
		wr32(out, pol->impl_version ? pol->impl_version : m->impl_version);
		n = 4;
		break;
	case 0x6u: { /* BASE_DISCOVER_LIST_PROTOCOLS: in skip; out count, ids */
		uint8_t ids[256];
		uint32_t cntp = 0, j, skip;

		if (len < 4u) {
			refuse(g, req, hdr, SCMIA_STATUS_PROTOCOL_ERROR);
			return;
		}
		skip = rd32(p);
		/* Ascending ids, each once. */
		for (v = 0x11u; v <= 0xffu; v++)
			if (find_pp(pol, (uint8_t)v))
				ids[cntp++] = (uint8_t)v;
		if (skip > cntp) {
			refuse(g, req, hdr, SCMIA_STATUS_INVALID_PARAMETERS);
			return;
		}
		j = cntp - skip;
		if (j > 4u * 60u)
			j = 4u * 60u;
		memset(out, 0, sizeof(out));
		wr32(out, j);
		for (i = 0; i < j; i++)
			out[4u + i] = ids[skip + i];
		n = 4u + ((j + 3u) & ~3u);
		break;
	}
	case 0x7u: { /* BASE_DISCOVER_AGENT: in agent_id; out agent_id, name */
		const struct scmia_med_guest *o, *found = NULL;

		if (len < 4u) {
			refuse(g, req, hdr, SCMIA_STATUS_PROTOCOL_ERROR);
			return;
		}
		v = rd32(p);
		if (v == 0u) {
			wr32(out, 0);
			put_name(out + 4, m->platform_name);
			n = 20;
			break;
		}
		if (v == ALL_ONES)
			v = g->agent_id;
		k = mlock(m);
		for (o = m->guests; o; o = o->next)
			if (o->agent_id == v && sees(g, o))
				found = o;
		if (found) {
			wr32(out, found->agent_id);
			put_name(out + 4, found->name);
		}
		munlock(m, k);
		if (!found) {
			refuse(g, req, hdr, SCMIA_STATUS_NOT_FOUND);
			return;
		}
		n = 20;
		break;
	}
	case 0x8u: /* BASE_NOTIFY_ERRORS: errors are the mediator's business */
		refuse(g, req, hdr, SCMIA_STATUS_NOT_SUPPORTED);
		return;
	case 0x9u: /* SET_DEVICE_PERMISSIONS, SET_PROTOCOL_PERMISSIONS, */
	case 0xau: /* RESET_AGENT_CONFIGURATION: trusted agents only */
	case 0xbu:
		refuse(g, req, hdr, SCMIA_STATUS_DENIED);
		return;
	default:
		refuse(g, req, hdr, SCMIA_STATUS_NOT_SUPPORTED);
		return;
	}
	cnt(g, SCMIA_MED_CNT_LOCAL);
	answer(g, req, hdr, 0, out, n);
}

/* ------------------------------------------------------------------ */
/* Subscriptions                                                       */
/* ------------------------------------------------------------------ */

static int sub_key(const struct scmia_med_sub *s, uint8_t proto, uint8_t msg, int has_id,
		   uint32_t pid)
{
	return s->state != SUB_FREE && s->proto_id == proto && s->msg_id == msg &&
	       (!has_id || s->pid == pid);
}

/* Scan every guest's subscriptions of a key (lock held): ACTIVE count
 * (except @skip), whether an enable is in flight (ENABLING, REAPED_EN),
 * whether a disable is (DISABLING, DROP, DROPPING). */
struct keyscan {
	unsigned active;
	int enabling;
	int disabling;
};

static void key_scan(struct scmia_mediator *m, uint8_t proto, uint8_t msg, int has_id,
		     uint32_t pid, const struct scmia_med_sub *skip, struct keyscan *ks)
{
	struct scmia_med_guest *o;
	unsigned i;

	memset(ks, 0, sizeof(*ks));
	for (o = m->guests; o; o = o->next)
		for (i = 0; i < o->n_subs; i++) {
			const struct scmia_med_sub *s = &o->subs[i];

			if (s == skip || !sub_key(s, proto, msg, has_id, pid))
				continue;
			if (s->state == SUB_ACTIVE)
				ks->active++;
			else if (s->state == SUB_ENABLING || s->state == SUB_REAPED_EN)
				ks->enabling = 1;
			else if (s->state != SUB_JOINING)
				ks->disabling = 1;
		}
}

/* The next guest waiting on the enable of a key (lock held): moved to
 * ACTIVE or FREE; the guest is pinned for the caller's answer. */
static struct scmia_med_guest *joiner_locked(struct scmia_mediator *m, uint8_t proto, uint8_t msg,
					     int has_id, uint32_t pid, int ok, uint32_t *sreq,
					     uint32_t *hdr)
{
	struct scmia_med_guest *o;
	unsigned i;

	for (o = m->guests; o; o = o->next)
		for (i = 0; i < o->n_subs; i++) {
			struct scmia_med_sub *s = &o->subs[i];

			if (s->state != SUB_JOINING || !sub_key(s, proto, msg, has_id, pid))
				continue;
			s->state = ok ? SUB_ACTIVE : SUB_FREE;
			*sreq = s->sreq;
			*hdr = s->hdr;
			o->refs++;
			return o;
		}
	return NULL;
}

unsigned scmia_med_sub_refs(struct scmia_mediator *med, uint8_t proto_id, uint8_t msg_id,
			    uint32_t platform_id)
{
	const struct scmia_med_proto_desc *d;
	const struct scmia_med_msg *x;
	struct keyscan ks;
	scmia_lock_key_t k;
	int i;

	if (!med || !med->up)
		return 0;
	i = desc_index(med, proto_id);
	if (i < 0)
		return 0;
	d = med->descs[i];
	x = find_msg(d, msg_id);
	if (!x || !(x->flags & SCMIA_MED_M_NOTIFY))
		return 0;
	k = mlock(med);
	key_scan(med, proto_id, msg_id, x->id_at != N, platform_id, NULL, &ks);
	munlock(med, k);
	return ks.active;
}

/* ------------------------------------------------------------------ */
/* Forwarding                                                          */
/* ------------------------------------------------------------------ */

static void xfer_cb(void *arg, struct scmia_xfer *x, int result);

/* A free record of @g (lock held); NULL when the quota is used up. */
static struct scmia_med_req *rec_alloc_locked(struct scmia_med_guest *g)
{
	unsigned i;

	for (i = 0; i < g->n_reqs; i++) {
		struct scmia_med_req *r = &g->reqs[i];

		if (r->state == REQ_FREE) {
			memset(r, 0, sizeof(*r));
			r->guest = g;
			r->state = REQ_BUSY;
			r->gen = g->gen;
			r->sub = -1;
			g->inflight++;
			return r;
		}
	}
	return NULL;
}

static void rec_free_locked(struct scmia_med_req *r)
{
	r->guest->inflight--;
	r->state = REQ_FREE;
	r->xfer = NULL;
}

/*
 * Submit @x for record @r (filled in). Returns 0 when submitted (the
 * callback will run), or the SCMI status to answer with (the transfer is
 * put and the record freed).
 */
static int32_t submit(struct scmia_med_guest *g, struct scmia_med_req *r, struct scmia_xfer *x)
{
	scmia_lock_key_t k;
	int ret;

	ret = scmia_xfer_submit(x, r->async ? SCMIA_XFER_F_ASYNC : 0u, xfer_cb, r);
	if (ret == SCMIA_OK)
		return 0;
	(void)scmia_xfer_put(x);
	k = mlock(g->med);
	rec_free_locked(r);
	cnt_locked(g, SCMIA_MED_CNT_PLATFORM_ERRORS);
	munlock(g->med, k);
	return (ret == SCMIA_EBUSY || ret == SCMIA_ENOSLOT) ? SCMIA_STATUS_BUSY
							    : SCMIA_STATUS_GENERIC_ERROR;
}

/* Submit a disable of a dropped subscription nobody holds any more
 * (sub in DROP). Returns 1 when submitted. */
static int submit_drop(struct scmia_med_guest *g, int si)
{
	struct scmia_mediator *m = g->med;
	struct scmia_med_sub *s = &g->subs[si];
	const struct scmia_med_msg *x;
	struct scmia_med_req *r;
	struct scmia_xfer *xf;
	scmia_lock_key_t k;
	int di;

	di = desc_index(m, s->proto_id);
	x = di < 0 ? NULL : find_msg(m->descs[di], s->msg_id);
	if (!x)
		return 0;
	k = mlock(m);
	if (s->state != SUB_DROP) {
		munlock(m, k);
		return 0;
	}
	r = rec_alloc_locked(g);
	if (r) {
		r->internal = 1;
		r->msg = x;
		r->sub = (int16_t)si;
		r->phase = PH_ACKED;
		s->state = SUB_DROPPING;
	}
	munlock(m, k);
	if (!r)
		return 0;
	if (scmia_xfer_get(m->agent, s->proto_id, s->msg_id, x->min_len, 0, &xf) == SCMIA_OK) {
		memset(xf->tx_buf, 0, x->min_len);
		if (x->id_at != N)
			wr32((uint8_t *)xf->tx_buf + x->id_at, s->pid);
		/* enable bit 0 clear; other parameters 0 */
		k = mlock(m);
		r->xfer = xf;
		munlock(m, k);
		if (submit(g, r, xf) == 0)
			return 1;
	} else {
		k = mlock(m);
		rec_free_locked(r);
		munlock(m, k);
	}
	k = mlock(m);
	s->state = SUB_DROP; /* retried by scmia_med_service() */
	munlock(m, k);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Replies: ids back to the guest's names                              */
/* ------------------------------------------------------------------ */

/* Resolve a reply class of a record. */
static int rsp_class(const struct scmia_med_req *r, uint8_t cls)
{
	if (cls == SCMIA_MED_CLS_SEL_M1)
		return r->cls >= 1u && r->cls < SCMIA_MED_CLASSES ? (int)r->cls - 1 : -1;
	return cls < SCMIA_MED_CLASSES ? (int)cls : -1;
}

/*
 * Rename a forwarded command's reply payload in @buf (@len bytes) for the
 * guest. Returns 0, or the status to answer instead (a reply that names
 * what the guest cannot see). *len may shrink (sensor descriptors).
 */
static int32_t fix_reply(struct scmia_med_guest *g, const struct scmia_med_req *r, uint8_t *buf,
			 uint32_t *len)
{
	struct scmia_mediator *m = g->med;
	const struct scmia_med_msg *x = r->msg;
	const struct scmia_med_proto_policy *pp =
		find_pp(g->policy, scmia_hdr_proto_id(r->hdr));
	uint8_t mid = scmia_hdr_msg_id(r->hdr);
	uint32_t n = *len, i, v;
	int di = desc_index(m, scmia_hdr_proto_id(r->hdr));
	int64_t gid;
	int c;

	if (!pp || di < 0)
		return SCMIA_STATUS_GENERIC_ERROR;
	if (!x) {
		const struct scmia_med_proto_desc *d = m->descs[di];

		if (mid == SCMIA_MSG_PROTOCOL_VERSION && n >= 4u) {
			scmia_lock_key_t k;

			v = rd32(buf);
			k = mlock(m);
			m->plat_version[di] = v;
			munlock(m, k);
			if (v > d->version)
				wr32(buf, d->version);
		} else if (mid == SCMIA_MSG_PROTOCOL_ATTRIBUTES) {
			for (i = 0; i < SCMIA_MED_COUNTS; i++) {
				const struct scmia_med_count *cf = &d->counts[i];
				uint32_t mask, cntv;

				if (cf->cls == N || (uint32_t)cf->at + 4u > n)
					continue;
				mask = (cf->width >= 32u ? ALL_ONES : ((1u << cf->width) - 1u))
				       << cf->shift;
				cntv = pp->n_res[cf->cls];
				if (cntv > (mask >> cf->shift))
					cntv = mask >> cf->shift;
				v = rd32(buf + cf->at);
				wr32(buf + cf->at, (v & ~mask) | (cntv << cf->shift));
			}
			if (d->attrs_keep != N && n > d->attrs_keep)
				memset(buf + d->attrs_keep, 0, n - d->attrs_keep);
		} else if (mid == SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES && n >= 4u) {
			const struct scmia_med_msg *t = find_msg(d, (uint8_t)r->gid);

			if (t && (t->flags & SCMIA_MED_M_FC))
				wr32(buf, rd32(buf) & ~1u);
		}
		return 0;
	}
	switch (x->kind) {
	case SCMIA_MED_K_LIST: {
		uint32_t at = x->rsp_at, got, avail;

		c = rsp_class(r, x->rsp_cls);
		if (c < 0 || at + 4u > n)
			return c < 0 ? SCMIA_STATUS_GENERIC_ERROR : 0;
		got = rd32(buf + at) & x->list_nmask;
		avail = (n - at - 4u) / x->list_esz;
		if (got > avail)
			got = avail;
		for (i = 0; i < got; i++) {
			uint8_t *e = buf + at + 4u + i * x->list_esz;

			v = x->list_esz == 2u ? (uint32_t)(e[0] | (e[1] << 8)) : rd32(e);
			gid = gid_of(pp, (unsigned)c, v);
			if (gid < 0)
				return SCMIA_STATUS_DENIED;
			if (x->list_esz == 2u) {
				e[0] = (uint8_t)gid;
				e[1] = (uint8_t)(gid >> 8);
			} else {
				wr32(e, (uint32_t)gid);
			}
		}
		return 0;
	}
	case SCMIA_MED_K_SENSOR_DESC: {
		uint32_t size = 28u, total = pp->n_res[0];

		/* num_sensor_flags, then the descriptor of the sensor asked
		 * for: sensor_id, attributes_low (bit 8: 24 more bytes),
		 * attributes_high, name. */
		if (n < 4u + size || (rd32(buf) & 0xfffu) < 1u)
			return SCMIA_STATUS_GENERIC_ERROR;
		if (rd32(buf + 4) != r->cls_pid)
			return SCMIA_STATUS_GENERIC_ERROR;
		if (rd32(buf + 8) & (1u << 8))
			size += 24u;
		if (n < 4u + size)
			return SCMIA_STATUS_GENERIC_ERROR;
		wr32(buf, ((total - r->gid - 1u) << 16) | 1u);
		wr32(buf + 4, r->gid);
		*len = 4u + size;
		return 0;
	}
	default:
		break;
	}
	if (x->rsp_at != N && (uint32_t)x->rsp_at + 4u <= n) {
		v = rd32(buf + x->rsp_at);
		c = rsp_class(r, x->rsp_cls);
		if (v != ALL_ONES) {
			gid = c < 0 ? -1 : gid_of(pp, (unsigned)c, v);
			if (gid < 0 && x->rsp_rule == SCMIA_MED_R_DENY)
				return SCMIA_STATUS_DENIED;
			wr32(buf + x->rsp_at, gid < 0 ? ALL_ONES : (uint32_t)gid);
		}
	}
	if (x->clr_at != N && (uint32_t)x->clr_at + 4u <= n) {
		v = rd32(buf + x->clr_at) & ~x->clr;
		if (r->ro)
			v &= ~x->clr_ro;
		wr32(buf + x->clr_at, v);
	}
	return 0;
}

/* The delayed response's id back to the guest's name. */
static int32_t fix_dresp(struct scmia_med_guest *g, const struct scmia_med_req *r, uint8_t *buf,
			 uint32_t len)
{
	const struct scmia_med_proto_policy *pp =
		find_pp(g->policy, scmia_hdr_proto_id(r->hdr));
	const struct scmia_med_msg *x = r->msg;
	int64_t gid;

	if (!x || x->drsp_at == N || (uint32_t)x->drsp_at + 4u > len)
		return 0;
	if (!pp)
		return SCMIA_STATUS_GENERIC_ERROR;
	gid = gid_of(pp, r->cls, rd32(buf + x->drsp_at));
	if (gid < 0)
		return SCMIA_STATUS_DENIED;
	/* Several guest ids may name one platform resource: the guest's own. */
	if (rd32(buf + x->drsp_at) == r->cls_pid)
		gid = r->gid;
	wr32(buf + x->drsp_at, (uint32_t)gid);
	return 0;
}

/* Subscription bookkeeping when a platform *_NOTIFY ended (lock held).
 * Returns 1 when a dropped subscription must now be disabled; *joiners is
 * set when an enable ended that other guests joined. */
static int sub_done_locked(struct scmia_med_guest *g, struct scmia_med_req *r, int ok,
			   int *joiners)
{
	struct scmia_med_sub *s;
	struct keyscan ks;
	unsigned i;
	int joined = 0;

	*joiners = 0;
	if (r->sub < 0 || r->sub >= (int)g->n_subs)
		return 0;
	s = &g->subs[r->sub];
	if (s->state == SUB_ENABLING || s->state == SUB_REAPED_EN) {
		struct scmia_med_guest *o;

		for (o = g->med->guests; o && !joined; o = o->next)
			for (i = 0; i < o->n_subs && !joined; i++)
				joined = o->subs[i].state == SUB_JOINING &&
					 sub_key(&o->subs[i], s->proto_id, s->msg_id, s->has_id,
						 s->pid);
		*joiners = joined;
		if (ok)
			cnt_locked(g, SCMIA_MED_CNT_SUB_ENABLES);
	}
	switch (s->state) {
	case SUB_ENABLING:
		s->state = ok ? SUB_ACTIVE : SUB_FREE;
		return 0;
	case SUB_REAPED_EN:
		/* Enabled for a guest that went away: off again, unless others
		 * joined it (then they hold it). */
		key_scan(g->med, s->proto_id, s->msg_id, s->has_id, s->pid, s, &ks);
		if (ok && !joined && !ks.active) {
			s->state = SUB_DROP;
			return 1;
		}
		s->state = SUB_FREE;
		return 0;
	case SUB_DISABLING:
	case SUB_DROPPING:
		/* Off for the guests either way: a platform that refused
		 * keeps sending events nobody is given. */
		s->state = SUB_FREE;
		cnt_locked(g, SCMIA_MED_CNT_SUB_DISABLES);
		return 0;
	default:
		return 0;
	}
}

/* Answer the guests that joined an enable with its outcome. */
static void answer_joiners(struct scmia_mediator *m, uint8_t proto, uint8_t msg, int has_id,
			   uint32_t pid, int32_t status)
{
	struct scmia_med_guest *o;
	uint32_t sreq = 0, hdr = 0;
	scmia_lock_key_t k;

	for (;;) {
		k = mlock(m);
		o = joiner_locked(m, proto, msg, has_id, pid, status == 0, &sreq, &hdr);
		munlock(m, k);
		if (!o)
			return;
		answer(o, sreq, hdr, status, NULL, 0);
		k = mlock(m);
		o->refs--;
		munlock(m, k);
	}
}

/* The end of a forwarded command: answer the guest (unless reaped or
 * answered already), put the transfer, free the record. */
static void complete(struct scmia_med_req *r, struct scmia_xfer *x, int result)
{
	struct scmia_med_guest *g = r->guest;
	struct scmia_mediator *m = g->med;
	uint8_t body[4u + SCMIA_MED_PAYLOAD_MAX];
	uint32_t len = 0;
	int32_t status;
	scmia_lock_key_t k;
	int live, drop = 0, si = r->sub, is_async = r->async, joiners = 0, jid = 0;
	uint8_t jproto = 0, jmsg = 0;
	uint32_t jpid = 0;

	status = status_of(result, x->status);
	if (result != SCMIA_OK && !scmia_err_is_scmi(result))
		cnt(g, SCMIA_MED_CNT_PLATFORM_ERRORS);
	if (status == 0 && x->rx_len) {
		len = x->rx_len < SCMIA_MED_PAYLOAD_MAX ? x->rx_len : SCMIA_MED_PAYLOAD_MAX;
		memcpy(body + 4, x->rx_buf, len);
	}
	(void)scmia_xfer_put(x);

	k = mlock(m);
	live = !r->internal && !r->answered && r->gen == g->gen && g->up == 1u;
	drop = sub_done_locked(g, r, status == 0, &joiners);
	if (joiners) {
		jproto = g->subs[si].proto_id;
		jmsg = g->subs[si].msg_id;
		jid = g->subs[si].has_id;
		jpid = g->subs[si].pid;
	}
	if (!r->internal && !r->answered && !live)
		cnt_locked(g, SCMIA_MED_CNT_REAPED);
	if (!live) {
		rec_free_locked(r);
		munlock(m, k);
		if (joiners)
			answer_joiners(m, jproto, jmsg, jid, jpid, status);
		if (drop)
			(void)submit_drop(g, si);
		return;
	}
	r->answered = 1;
	munlock(m, k);
	if (joiners)
		answer_joiners(m, jproto, jmsg, jid, jpid, status);

	if (status == 0) {
		int32_t fs = is_async ? fix_dresp(g, r, body + 4, len) : fix_reply(g, r, body + 4, &len);

		if (fs) {
			status = fs;
			len = 0;
			cnt(g, SCMIA_MED_CNT_REPLY_DENIED);
		}
	}
	wr32(body, (uint32_t)status);
	if (is_async) {
		send_p2a(g, dresp_hdr(r->hdr), body, 4u + len, SCMIA_MED_CNT_DRESPS);
	} else {
		int ret = g->ops->reply(g->srv, r->sreq, r->hdr, body, 4u + len);

		cnt(g, ret ? SCMIA_MED_CNT_STALE : SCMIA_MED_CNT_REPLIES);
	}
	k = mlock(m);
	rec_free_locked(r);
	munlock(m, k);
	if (drop)
		(void)submit_drop(g, si);
}

static void xfer_cb(void *arg, struct scmia_xfer *x, int result)
{
	struct scmia_med_req *r = (struct scmia_med_req *)arg;
	struct scmia_mediator *m = r->guest->med;
	scmia_lock_key_t k;

	k = mlock(m);
	if (r->phase == PH_SUBMITTING) {
		/* The acknowledgement has not gone out yet: the submitter
		 * completes the record once it has. */
		r->rflags |= RF_DONE_PENDING;
		r->result = result;
		munlock(m, k);
		return;
	}
	munlock(m, k);
	complete(r, x, result);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

struct ids {
	uint32_t gid, pid, gid2, pid2;
	int cls, has2, ro;
};

/* Check and map the resource ids of a command. Returns 0 or a status. */
static int32_t map_ids(const struct scmia_med_proto_policy *pp, const struct scmia_med_msg *x,
		       const uint8_t *p, struct ids *ids)
{
	const struct scmia_med_res *re;

	memset(ids, 0, sizeof(*ids));
	ids->cls = -1;
	if (x->id_at == N)
		return 0;
	ids->cls = x->cls;
	if (x->cls == SCMIA_MED_CLS_SEL) {
		ids->cls = (int)((rd32(p + x->sel_at) >> x->sel_shift) & 3u);
		if (ids->cls >= (int)SCMIA_MED_CLASSES)
			return SCMIA_STATUS_INVALID_PARAMETERS;
	}
	ids->gid = rd32(p + x->id_at);
	re = res_of(pp, (unsigned)ids->cls, ids->gid);
	if (!re)
		return SCMIA_STATUS_NOT_FOUND;
	ids->pid = re->platform_id;
	ids->ro = (re->flags & SCMIA_MED_RES_RO) ? 1 : 0;
	if (x->id2_at != N &&
	    (x->id2_if_at == N || (rd32(p + x->id2_if_at) & (1u << x->id2_if_bit)))) {
		ids->gid2 = rd32(p + x->id2_at);
		re = res_of(pp, x->id2_cls, ids->gid2);
		if (!re)
			return SCMIA_STATUS_NOT_FOUND;
		ids->pid2 = re->platform_id;
		ids->has2 = 1;
	}
	return 0;
}

/* The guest's subscription entry for (proto, msg, gid), or -1. */
static int sub_find_locked(struct scmia_med_guest *g, uint8_t proto, uint8_t msg, int has_id,
			   uint32_t gid)
{
	unsigned i;

	for (i = 0; i < g->n_subs; i++) {
		const struct scmia_med_sub *s = &g->subs[i];

		if (s->state != SUB_FREE && s->proto_id == proto && s->msg_id == msg &&
		    (!has_id || s->gid == gid))
			return (int)i;
	}
	return -1;
}

/*
 * A *_NOTIFY command. Returns 1 when it must be forwarded (*si: the
 * subscription entry changing), 0 when answered here or left for the
 * enable in flight that it joined.
 */
static int notify_cmd(struct scmia_med_guest *g, uint32_t req, uint32_t hdr,
		      const struct scmia_med_msg *x, const uint8_t *p, const struct ids *ids,
		      int *si)
{
	struct scmia_mediator *m = g->med;
	uint8_t proto = scmia_hdr_proto_id(hdr), msg = scmia_hdr_msg_id(hdr);
	int has_id = x->id_at != N, enable = (rd32(p + x->en_at) & 1u) != 0, i;
	int32_t status = 0;
	struct keyscan ks;
	scmia_lock_key_t k;
	int fwd = 0, joined = 0;

	k = mlock(m);
	i = sub_find_locked(g, proto, msg, has_id, ids->gid);
	if (enable) {
		if (i >= 0) {
			if (g->subs[i].state != SUB_ACTIVE) {
				status = SCMIA_STATUS_BUSY;
				cnt_locked(g, SCMIA_MED_CNT_SUB_BUSY);
			}
			goto out; /* already held: nothing changes */
		}
		for (i = 0; i < (int)g->n_subs && g->subs[i].state != SUB_FREE; i++)
			;
		if (i >= (int)g->n_subs) {
			status = SCMIA_STATUS_DENIED;
			cnt_locked(g, SCMIA_MED_CNT_SUB_QUOTA);
			goto out;
		}
		key_scan(m, proto, msg, has_id, ids->pid, NULL, &ks);
		if (ks.disabling) {
			status = SCMIA_STATUS_BUSY;
			cnt_locked(g, SCMIA_MED_CNT_SUB_BUSY);
			goto out;
		}
		if ((ks.active || ks.enabling) && (x->flags & SCMIA_MED_M_PARAM)) {
			status = SCMIA_STATUS_DENIED;
			cnt_locked(g, SCMIA_MED_CNT_DENIED);
			goto out;
		}
		g->subs[i].proto_id = proto;
		g->subs[i].msg_id = msg;
		g->subs[i].gid = ids->gid;
		g->subs[i].pid = ids->pid;
		g->subs[i].has_id = (uint8_t)has_id;
		g->subs[i].cls = (uint8_t)(ids->cls < 0 ? 0 : ids->cls);
		g->subs[i].sreq = req;
		g->subs[i].hdr = hdr;
		if (ks.active) {
			g->subs[i].state = SUB_ACTIVE;
		} else if (ks.enabling) {
			/* Wait for the enable in flight; answered with its outcome. */
			g->subs[i].state = SUB_JOINING;
			joined = 1;
		} else {
			g->subs[i].state = SUB_ENABLING;
			fwd = 1;
		}
	} else {
		if (i < 0)
			goto out; /* never held: nothing to disable */
		if (g->subs[i].state != SUB_ACTIVE) {
			status = SCMIA_STATUS_BUSY;
			cnt_locked(g, SCMIA_MED_CNT_SUB_BUSY);
			goto out;
		}
		key_scan(m, proto, msg, has_id, g->subs[i].pid, &g->subs[i], &ks);
		if (ks.active) {
			g->subs[i].state = SUB_FREE; /* others still hold it */
		} else {
			g->subs[i].state = SUB_DISABLING;
			fwd = 1;
		}
	}
out:
	if (fwd)
		*si = i;
	if (joined)
		cnt_locked(g, SCMIA_MED_CNT_LOCAL);
	munlock(m, k);
	if (fwd || joined)
		return fwd;
	cnt(g, SCMIA_MED_CNT_LOCAL);
	answer(g, req, hdr, status, NULL, 0);
	return 0;
}

/* Undo a subscription change that could not be forwarded. */
static void notify_undo(struct scmia_med_guest *g, int si)
{
	scmia_lock_key_t k = mlock(g->med);

	if (g->subs[si].state == SUB_ENABLING)
		g->subs[si].state = SUB_FREE;
	else if (g->subs[si].state == SUB_DISABLING)
		g->subs[si].state = SUB_ACTIVE;
	munlock(g->med, k);
}

/* A command to a protocol of the guest's policy. */
static void proto_cmd(struct scmia_med_guest *g, uint32_t req, uint32_t hdr, const uint8_t *p,
		      uint32_t len, const struct scmia_med_proto_policy *pp, int di)
{
	struct scmia_mediator *m = g->med;
	const struct scmia_med_proto_desc *d = m->descs[di];
	const struct scmia_med_msg *x = NULL;
	uint8_t mid = scmia_hdr_msg_id(hdr);
	struct scmia_med_req *r;
	struct scmia_xfer *xf;
	struct ids ids;
	scmia_lock_key_t k;
	uint32_t extra = 0, flags = 0;
	uint64_t now;
	int32_t st;
	int async = 0, si = -1, ret;

	memset(&ids, 0, sizeof(ids));
	ids.cls = -1;
	switch (mid) {
	case SCMIA_MSG_PROTOCOL_VERSION:
	case SCMIA_MSG_PROTOCOL_ATTRIBUTES:
		break;
	case SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES: {
		const struct scmia_med_msg *t;

		if (len < 4u) {
			refuse(g, req, hdr, SCMIA_STATUS_PROTOCOL_ERROR);
			return;
		}
		extra = rd32(p);
		t = extra <= 0xffu ? find_msg(d, (uint8_t)extra) : NULL;
		/* 0x0-0x2 and 0x10 are the platform's to answer; a message
		 * the mediator does not forward does not exist for guests. */
		if (extra > 0x2u && extra != 0x10u && (!t || t->kind == SCMIA_MED_K_HIDE)) {
			refuse(g, req, hdr, SCMIA_STATUS_NOT_FOUND);
			return;
		}
		break;
	}
	case SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION: {
		uint32_t want, have;

		/* The platform agent's version is shared by every guest: a
		 * guest may only confirm the version it was shown. */
		if (len < 4u) {
			refuse(g, req, hdr, SCMIA_STATUS_PROTOCOL_ERROR);
			return;
		}
		want = rd32(p);
		k = mlock(m);
		have = m->plat_version[di];
		munlock(m, k);
		if (have > d->version)
			have = d->version;
		if (!have || want != have) {
			refuse(g, req, hdr, SCMIA_STATUS_NOT_SUPPORTED);
			return;
		}
		cnt(g, SCMIA_MED_CNT_LOCAL);
		answer(g, req, hdr, 0, NULL, 0);
		return;
	}
	default:
		x = find_msg(d, mid);
		if (!x || x->kind == SCMIA_MED_K_HIDE) {
			refuse(g, req, hdr, SCMIA_STATUS_NOT_SUPPORTED);
			return;
		}
		if (x->kind == SCMIA_MED_K_DENY) {
			refuse(g, req, hdr, SCMIA_STATUS_DENIED);
			return;
		}
		if (len < x->min_len) {
			refuse(g, req, hdr, SCMIA_STATUS_PROTOCOL_ERROR);
			return;
		}
		st = map_ids(pp, x, p, &ids);
		if (st) {
			refuse(g, req, hdr, st);
			return;
		}
		if ((x->flags & SCMIA_MED_M_WRITE) && ((pp->flags & SCMIA_MED_P_RO) || ids.ro)) {
			refuse(g, req, hdr, SCMIA_STATUS_DENIED);
			return;
		}
		if (x->flags_at != N)
			flags = rd32(p + x->flags_at);
		async = (x->flags & SCMIA_MED_M_ASYNC) ||
			(x->flags_at != N && (flags & (1u << x->async_bit)) &&
			 !(x->nodresp_bit != N && (flags & (1u << x->nodresp_bit))));
		if (async && !SCMIA_CFG_ASYNC) {
			refuse(g, req, hdr, SCMIA_STATUS_NOT_SUPPORTED);
			return;
		}
		if (x->flags & SCMIA_MED_M_NOTIFY) {
			if (!SCMIA_CFG_NOTIFY || (pp->flags & SCMIA_MED_P_NO_NOTIFY)) {
				refuse(g, req, hdr, SCMIA_CFG_NOTIFY ? SCMIA_STATUS_DENIED
								     : SCMIA_STATUS_NOT_SUPPORTED);
				return;
			}
			/* Bit 0 enables; the rest is reserved (zero) in every
			 * standard *_NOTIFY: forwarded, a guest's bits would
			 * configure the subscription other guests share. A
			 * table whose enable word carries more marks the
			 * message M_PARAM: never shared, forwarded as sent. */
			if (!(x->flags & SCMIA_MED_M_PARAM) && (rd32(p + x->en_at) & ~1u)) {
				refuse(g, req, hdr, SCMIA_STATUS_INVALID_PARAMETERS);
				return;
			}
			if (!notify_cmd(g, req, hdr, x, p, &ids, &si))
				return;
		}
		break;
	}

	k = mlock(m);
	r = rec_alloc_locked(g);
	if (!r)
		cnt_locked(g, SCMIA_MED_CNT_QUOTA);
	munlock(m, k);
	if (!r) {
		if (si >= 0)
			notify_undo(g, si);
		refuse(g, req, hdr, SCMIA_STATUS_BUSY);
		return;
	}
	ret = scmia_xfer_get(m->agent, scmia_hdr_proto_id(hdr), mid, len, 0, &xf);
	if (ret) {
		k = mlock(m);
		rec_free_locked(r);
		cnt_locked(g, ret == SCMIA_ENOSLOT ? SCMIA_MED_CNT_NO_SLOT
						   : SCMIA_MED_CNT_PLATFORM_ERRORS);
		munlock(m, k);
		if (si >= 0)
			notify_undo(g, si);
		refuse(g, req, hdr,
		       ret == SCMIA_ENOSLOT ? SCMIA_STATUS_BUSY
		       : ret == SCMIA_EINVAL ? SCMIA_STATUS_PROTOCOL_ERROR
					     : SCMIA_STATUS_GENERIC_ERROR);
		return;
	}
	if (len)
		memcpy(xf->tx_buf, p, len);
	now = now_us(m);
	if (x && x->id_at != N)
		wr32((uint8_t *)xf->tx_buf + x->id_at, ids.pid);
	if (x && ids.has2)
		wr32((uint8_t *)xf->tx_buf + x->id2_at, ids.pid2);

	/* Everything the callback and the deadline check need, before either
	 * can run (under the lock: scmia_med_service() reads busy records). */
	k = mlock(m);
	r->msg = x;
	r->sreq = req;
	r->hdr = hdr;
	r->async = (uint8_t)async;
	r->ro = (uint8_t)ids.ro;
	r->cls = (uint8_t)(ids.cls < 0 ? 0 : ids.cls);
	r->gid = x ? ids.gid : extra;
	r->cls_pid = ids.pid;
	r->sub = (int16_t)si;
	r->phase = async ? PH_SUBMITTING : PH_ACKED;
	if (async ? g->policy->dresp_timeout_us : g->policy->reply_timeout_us)
		r->deadline = now +
			      (async ? g->policy->dresp_timeout_us : g->policy->reply_timeout_us);
	r->xfer = xf;
	munlock(m, k);
	st = submit(g, r, xf);
	if (st) {
		if (si >= 0)
			notify_undo(g, si);
		refuse(g, req, hdr, st);
		return;
	}
	cnt(g, SCMIA_MED_CNT_FORWARDED);
	if (!async)
		return;
	/* Asynchronous: accepted for the platform. The platform's verdict
	 * comes as the delayed response. */
	answer(g, req, hdr, 0, NULL, 0);
	k = mlock(m);
	r->phase = PH_ACKED;
	if (r->rflags & RF_DONE_PENDING) {
		r->rflags &= (uint8_t)~RF_DONE_PENDING;
		munlock(m, k);
		complete(r, r->xfer, r->result);
		return;
	}
	munlock(m, k);
}

void scmia_med_guest_cmd(void *ctx, void *srv, uint32_t req, uint32_t hdr, const void *payload,
			 uint32_t len)
{
	struct scmia_med_guest *g = (struct scmia_med_guest *)ctx;
	const struct scmia_med_proto_policy *pp;
	const uint8_t *p = (const uint8_t *)payload;
	uint8_t proto;
	int di;

	scmia_lock_key_t k;
	int up;

	if (!g || !g->med || srv != g->srv || (len && !payload))
		return;
	k = mlock(g->med);
	up = g->up == 1u;
	if (up)
		cnt_locked(g, SCMIA_MED_CNT_COMMANDS);
	munlock(g->med, k);
	if (!up)
		return; /* being removed: its server is reset with it */
	if (scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_COMMAND || scmia_hdr_reserved(hdr)) {
		refuse(g, req, hdr, SCMIA_STATUS_PROTOCOL_ERROR);
		return;
	}
	proto = scmia_hdr_proto_id(hdr);
	if (proto == BASE) {
		base_cmd(g, req, hdr, p, len);
		return;
	}
	pp = find_pp(g->policy, proto);
	di = pp ? desc_index(g->med, proto) : -1;
	if (di < 0) {
		refuse(g, req, hdr, SCMIA_STATUS_NOT_SUPPORTED);
		return;
	}
	proto_cmd(g, req, hdr, p, len, pp, di);
}

/* ------------------------------------------------------------------ */
/* Notifications                                                       */
/* ------------------------------------------------------------------ */

#if SCMIA_CFG_NOTIFY

#define FAN_BATCH 8u

static void deliver(struct scmia_med_guest *g, uint32_t hdr, const uint8_t *body, uint32_t len,
		    uint8_t src_at, uint32_t gid)
{
	uint8_t b[SCMIA_MED_PAYLOAD_MAX];

	memcpy(b, body, len);
	if (src_at != N)
		wr32(b + src_at, gid);
	send_p2a(g, hdr, b, len, SCMIA_MED_CNT_NOTIFS);
}

static void on_event(void *ctx, const struct scmia_notification *n)
{
	struct scmia_mediator *m = (struct scmia_mediator *)ctx;
	const struct scmia_med_proto_desc *d;
	const struct scmia_med_evt *e = NULL;
	uint8_t body[SCMIA_MED_PAYLOAD_MAX];
	struct scmia_med_guest *g;
	uint32_t len = n->len, src = 0, gids[FAN_BATCH];
	unsigned i, got, delivered = 0;
	scmia_lock_key_t k;
	int di = desc_index(m, n->proto_id);

	mcnt(m, SCMIA_MED_CNT_EVENTS);
	if (di < 0)
		goto unrouted;
	d = m->descs[di];
	for (i = 0; i < d->n_evts; i++)
		if (d->evts[i].evt_id == n->msg_id)
			e = &d->evts[i];
	if (!e || len > sizeof(body) || (len && !n->payload))
		goto unrouted;
	if (e->src_at != N && (uint32_t)e->src_at + 4u > len)
		goto unrouted;
	memset(body, 0, sizeof(body));
	if (len)
		memcpy(body, n->payload, len);
	if (e->src_at != N)
		src = rd32(body + e->src_at);
	if (e->agent_at != N && (uint32_t)e->agent_at + 4u <= len && m->platform_agent_id &&
	    rd32(body + e->agent_at) == m->platform_agent_id)
		wr32(body + e->agent_at, 0u);

	k = mlock(m);
	for (g = m->guests; g; g = g->next) {
		const struct scmia_med_proto_policy *pp;

		if (g->up != 1u)
			continue;
		pp = find_pp(g->policy, n->proto_id);
		if (!pp)
			continue;
		got = 0;
		if (e->notify_msg != N) {
			for (i = 0; i < g->n_subs && got < FAN_BATCH; i++) {
				const struct scmia_med_sub *s = &g->subs[i];

				if (s->state == SUB_ACTIVE && s->proto_id == n->proto_id &&
				    s->msg_id == e->notify_msg && (!s->has_id || s->pid == src))
					gids[got++] = s->gid;
			}
		} else if (e->src_at == N) {
			gids[got++] = 0;
		} else {
			for (i = 0; i < pp->n_res[e->cls] && got < FAN_BATCH; i++)
				if (pp->res[e->cls][i].platform_id == src)
					gids[got++] = i;
		}
		if (!got)
			continue;
		/* Deliver without the lock; the guest stays linked while
		 * pinned (removal waits for refs). */
		g->refs++;
		munlock(m, k);
		for (i = 0; i < got; i++)
			deliver(g, n->hdr, body, len, e->src_at, gids[i]);
		delivered += got;
		k = mlock(m);
		g->refs--;
	}
	munlock(m, k);
	if (delivered)
		return;
unrouted:
	mcnt(m, SCMIA_MED_CNT_UNROUTED);
}

#endif /* SCMIA_CFG_NOTIFY */

/* ------------------------------------------------------------------ */
/* Set-up, guests, service                                             */
/* ------------------------------------------------------------------ */

static int add_desc(struct scmia_mediator *m, const struct scmia_med_proto_desc *d)
{
	if (!desc_valid(d))
		return SCMIA_EINVAL;
	if (desc_index(m, d->proto_id) >= 0)
		return SCMIA_OK; /* an earlier table (the host's) wins */
	if (m->n_descs >= SCMIA_MED_MAX_DESCS)
		return SCMIA_ENOSPC;
	m->descs[m->n_descs++] = d;
	return SCMIA_OK;
}

int scmia_med_init(struct scmia_mediator *med, const struct scmia_med_cfg *cfg)
{
	unsigned i, j;
	int ret;

	if (!med || !cfg || !cfg->agent || (cfg->n_descs && !cfg->descs) ||
	    (cfg->os && !cfg->os->lock != !cfg->os->unlock))
		return SCMIA_EINVAL;
	memset(med, 0, sizeof(*med));
	med->agent = cfg->agent;
	med->os = cfg->os;
	med->os_ctx = cfg->os_ctx;
	med->platform_agent_id = cfg->platform_agent_id;
	med->vendor = cfg->vendor ? cfg->vendor : "scmia";
	med->sub_vendor = cfg->sub_vendor ? cfg->sub_vendor : "mediator";
	med->platform_name = cfg->platform_name ? cfg->platform_name : "platform";
	med->impl_version = cfg->impl_version ? cfg->impl_version : 0x00010000u;
	for (i = 0; i < cfg->n_descs; i++) {
		ret = add_desc(med, cfg->descs[i]);
		if (ret)
			return ret;
	}
	for (i = 0x11u; i <= 0x19u; i++) {
		ret = add_desc(med, scmia_med_std_desc((uint8_t)i));
		if (ret)
			return ret;
	}
#if SCMIA_CFG_NOTIFY
	for (i = 0; i < med->n_descs; i++)
		for (j = 0; j < med->descs[i]->n_evts; j++) {
			struct scmia_notifier *nf;

			if (med->n_nfy >= SCMIA_MED_MAX_EVTS) {
				ret = SCMIA_ENOSPC;
				goto unwind;
			}
			nf = &med->nfy[med->n_nfy];
			nf->proto_id = med->descs[i]->proto_id;
			nf->evt_id = med->descs[i]->evts[j].evt_id;
			nf->src_id = SCMIA_NOTIFY_SRC_ANY;
			nf->fn = on_event;
			nf->ctx = med;
			ret = scmia_notify_register(med->agent, nf);
			if (ret)
				goto unwind;
			med->n_nfy++;
		}
#else
	(void)j;
#endif
	med->up = 1;
	return SCMIA_OK;
#if SCMIA_CFG_NOTIFY
unwind:
	while (med->n_nfy)
		(void)scmia_notify_unregister(med->agent, &med->nfy[--med->n_nfy]);
	return ret;
#endif
}

int scmia_med_deinit(struct scmia_mediator *med)
{
	if (!med || !med->up)
		return SCMIA_EINVAL;
	if (med->guests)
		return SCMIA_EBUSY;
#if SCMIA_CFG_NOTIFY
	while (med->n_nfy)
		(void)scmia_notify_unregister(med->agent, &med->nfy[--med->n_nfy]);
#endif
	med->up = 0;
	return SCMIA_OK;
}

static int policy_valid(const struct scmia_mediator *m, const struct scmia_med_policy *p)
{
	unsigned i, c;

	if (!p || (p->n_protos && !p->protos))
		return 0;
	for (i = 0; i < p->n_protos; i++) {
		const struct scmia_med_proto_policy *pp = &p->protos[i];

		if (pp->proto_id == BASE || desc_index(m, pp->proto_id) < 0)
			return 0;
		if (find_pp(p, pp->proto_id) != pp)
			return 0; /* listed twice */
		for (c = 0; c < SCMIA_MED_CLASSES; c++)
			if (pp->n_res[c] && !pp->res[c])
				return 0;
	}
	return 1;
}

int scmia_med_guest_add(struct scmia_mediator *med, struct scmia_med_guest *g,
			const struct scmia_med_guest_cfg *cfg)
{
	struct scmia_med_guest *o;
	scmia_lock_key_t k;

	if (!med || !med->up || !g || !cfg || !cfg->ops || !cfg->ops->reply || !cfg->ops->p2a ||
	    !cfg->reqs || !cfg->n_reqs || (cfg->n_subs && !cfg->subs) || !cfg->agent_id ||
	    cfg->agent_id == ALL_ONES || !policy_valid(med, cfg->policy))
		return SCMIA_EINVAL;
	k = mlock(med);
	for (o = med->guests; o; o = o->next)
		if (o == g || o->agent_id == cfg->agent_id) {
			munlock(med, k);
			return SCMIA_ESTATE;
		}
	munlock(med, k);
	memset(g, 0, sizeof(*g));
	g->med = med;
	g->policy = cfg->policy;
	g->ops = cfg->ops;
	g->srv = cfg->srv;
	g->name = cfg->name ? cfg->name : "";
	g->reqs = cfg->reqs;
	g->n_reqs = cfg->n_reqs;
	g->subs = cfg->subs;
	g->n_subs = cfg->n_subs;
	g->agent_id = cfg->agent_id;
	memset(g->reqs, 0, sizeof(*g->reqs) * g->n_reqs);
	if (g->n_subs)
		memset(g->subs, 0, sizeof(*g->subs) * g->n_subs);
	g->up = 1;
	k = mlock(med);
	g->next = med->guests;
	med->guests = g;
	munlock(med, k);
	return SCMIA_OK;
}

/* Reap a guest (lock held): records of the old generation answer nobody;
 * subscriptions are dropped (those nobody else holds go to DROP: the
 * caller disables them on the platform). */
static void reap_locked(struct scmia_med_guest *g)
{
	unsigned i;

	g->gen++;
	for (i = 0; i < g->n_subs; i++) {
		struct scmia_med_sub *s = &g->subs[i];
		struct keyscan ks;

		if (s->state == SUB_ACTIVE) {
			key_scan(g->med, s->proto_id, s->msg_id, s->has_id, s->pid, s, &ks);
			s->state = ks.active ? SUB_FREE : SUB_DROP;
		} else if (s->state == SUB_ENABLING) {
			s->state = SUB_REAPED_EN;
		} else if (s->state == SUB_JOINING) {
			s->state = SUB_FREE; /* its answer went with the server's reset */
		}
	}
	cnt_locked(g, SCMIA_MED_CNT_RESETS);
}

/* Disable on the platform what a reap dropped (as many as get a record
 * and a slot now; scmia_med_service() retries the others). */
static void drop_subs(struct scmia_med_guest *g)
{
	scmia_lock_key_t k;
	unsigned i;
	int d;

	for (i = 0; i < g->n_subs; i++) {
		k = mlock(g->med);
		d = g->subs[i].state == SUB_DROP;
		munlock(g->med, k);
		if (d)
			(void)submit_drop(g, (int)i);
	}
}

int scmia_med_guest_reset(struct scmia_med_guest *g)
{
	scmia_lock_key_t k;

	if (!g || !g->med)
		return SCMIA_EINVAL;
	k = mlock(g->med);
	if (g->up != 1u) {
		munlock(g->med, k);
		return SCMIA_ESTATE;
	}
	reap_locked(g);
	munlock(g->med, k);
	drop_subs(g);
	return SCMIA_OK;
}

int scmia_med_guest_remove(struct scmia_med_guest *g)
{
	struct scmia_mediator *m;
	struct scmia_med_guest **pp;
	scmia_lock_key_t k;
	unsigned i;
	int busy, first;

	if (!g || !g->med)
		return SCMIA_EINVAL;
	m = g->med;
	k = mlock(m);
	if (!g->up) {
		munlock(m, k);
		return SCMIA_ESTATE;
	}
	first = g->up == 1u;
	if (first) {
		g->up = 2; /* removing: no new command, no event */
		reap_locked(g);
	}
	munlock(m, k);
	if (first)
		drop_subs(g);
	k = mlock(m);
	busy = g->inflight || g->refs;
	for (i = 0; i < g->n_subs && !busy; i++)
		busy = g->subs[i].state != SUB_FREE;
	if (!busy) {
		for (pp = &m->guests; *pp; pp = &(*pp)->next)
			if (*pp == g) {
				*pp = g->next;
				break;
			}
		g->up = 0;
		g->next = NULL;
	}
	munlock(m, k);
	return busy ? SCMIA_EBUSY : SCMIA_OK;
}

int scmia_med_service(struct scmia_mediator *med)
{
	struct scmia_med_guest *g;
	scmia_lock_key_t k;
	uint64_t now;
	unsigned i;
	int expired = 0;

	if (!med || !med->up)
		return SCMIA_EINVAL;
	(void)scmia_agent_service(med->agent);
#if SCMIA_CFG_NOTIFY
	(void)scmia_notify_dispatch(med->agent, 0);
#endif
	now = now_us(med);
	k = mlock(med);
	for (g = med->guests; g; g = g->next) {
		g->refs++;
		for (i = 0; i < g->n_reqs; i++) {
			struct scmia_med_req *r = &g->reqs[i];
			uint32_t sreq, hdr;
			int is_async;

			if (r->state != REQ_BUSY || r->internal || r->answered || !r->deadline ||
			    r->phase != PH_ACKED || r->gen != g->gen || now < r->deadline)
				continue;
			/* The guest waited long enough: answer it now, keep the
			 * record (and its quota slot) until the platform ends
			 * the transfer. */
			r->answered = 1;
			sreq = r->sreq;
			hdr = r->hdr;
			is_async = r->async;
			cnt_locked(g, SCMIA_MED_CNT_TIMEOUTS);
			munlock(med, k);
			if (is_async) {
				uint8_t b[4];

				wr32(b, (uint32_t)SCMIA_STATUS_GENERIC_ERROR);
				send_p2a(g, dresp_hdr(hdr), b, 4, SCMIA_MED_CNT_DRESPS);
			} else {
				answer(g, sreq, hdr, SCMIA_STATUS_GENERIC_ERROR, NULL, 0);
			}
			expired++;
			k = mlock(med);
		}
		g->refs--;
	}
	munlock(med, k);
	/* Disables of dropped subscriptions that found no slot. */
	k = mlock(med);
	for (g = med->guests; g; g = g->next) {
		g->refs++;
		for (i = 0; i < g->n_subs; i++) {
			if (g->subs[i].state != SUB_DROP)
				continue;
			munlock(med, k);
			(void)submit_drop(g, (int)i);
			k = mlock(med);
		}
		g->refs--;
	}
	munlock(med, k);
	return expired;
}

/* ------------------------------------------------------------------ */
/* Counters                                                            */
/* ------------------------------------------------------------------ */

uint32_t scmia_med_counter(struct scmia_mediator *med, enum scmia_med_counter id)
{
	scmia_lock_key_t k;
	uint32_t v;

	if (!med || (unsigned)id >= SCMIA_MED_CNT__COUNT)
		return 0;
	k = mlock(med);
	v = med->cnt[id];
	munlock(med, k);
	return v;
}

uint32_t scmia_med_guest_counter(struct scmia_med_guest *g, enum scmia_med_counter id)
{
	scmia_lock_key_t k;
	uint32_t v;

	if (!g || !g->med || (unsigned)id >= SCMIA_MED_CNT__COUNT)
		return 0;
	k = mlock(g->med);
	v = g->cnt[id];
	munlock(g->med, k);
	return v;
}

int scmia_med_guest_stats(struct scmia_med_guest *g, unsigned *inflight, unsigned *subs)
{
	scmia_lock_key_t k;
	unsigned i, n = 0;

	if (!g || !g->med)
		return SCMIA_EINVAL;
	k = mlock(g->med);
	for (i = 0; i < g->n_subs; i++)
		n += g->subs[i].state != SUB_FREE;
	if (inflight)
		*inflight = g->inflight;
	munlock(g->med, k);
	if (subs)
		*subs = n;
	return SCMIA_OK;
}

const char *scmia_med_counter_name(enum scmia_med_counter id)
{
	static const char *const names[SCMIA_MED_CNT__COUNT] = {
		"commands",     "forwarded",     "local",        "denied",
		"not_supported", "not_found",    "bad_params",   "quota",
		"no_slot",      "sub_quota",     "sub_busy",     "replies",
		"dresps",       "notifs",        "p2a_drops",    "stale",
		"timeouts",     "platform_errors", "reply_denied", "reaped",
		"resets",       "sub_enables",   "sub_disables", "events",
		"unrouted",
	};

	if ((unsigned)id >= SCMIA_MED_CNT__COUNT)
		return "?";
	return names[id];
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OP-TEE transport (docs/porting-optee.md): SCMI messages handed to OP-TEE's
 * SCMI pseudo TA through the host's TEE client calls.
 *
 * a2p channel, one message in the channel's buffer at a time:
 *
 *   send:  claim (owner := xfer; other senders wait, bounded)
 *          -> SMT: wait FREE (bounded; give up: SCMIA_EBUSY, no invoke)
 *          -> write the message (SMT area, or MSG buffer) -> CALLED
 *          -> scmia_xfer_sent() -> invoke PROCESS_* (returns when done)
 *            TEE error:  nothing to fetch; a static SMT area is handed back
 *                        (FREE) so the next send does not wait for a FREE
 *                        that never comes (the invoke is over for the TEE)
 *            success:    SMT: FREE or ERROR must be set; MSG: the reported
 *                        response size must fit the buffer -> REPLIED
 *   fetch: only the owner, only in REPLIED; the header must be the command's
 *   done:  mark_txdone(owner) -> IDLE, owner := NULL (a call for a transfer
 *          that does not own the channel changes nothing: it may come after
 *          the waiter woke, or after another sender claimed)
 *
 * The channel state changes under the agent's lock (scmia_chan_lock()): no
 * atomic read-modify-write instruction, so the transport links on cores
 * without them. The lock is never held across a hook (the invoke sleeps).
 *
 * p2a channel: an SMT p2a area; the context's first member is a
 * struct scmia_smt_chan and the SMT transport's ops run it unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_msg.h"
#include "scmia_optee.h"

const uint8_t scmia_optee_pta_uuid[16] = { 0xa8, 0xcf, 0xe4, 0x06, 0xd4, 0xf5, 0x4a, 0x2e,
					   0x9f, 0x8d, 0xa2, 0x5d, 0xc7, 0x54, 0xc0, 0x99 };

/* a2p phases */
enum { PH_IDLE = 0, PH_WAIT, PH_CALLED, PH_REPLIED, PH_FETCHED };

/* Instance counters (indexes into scmia_optee::priv as uint32_t). */
struct optee_inst {
	uint32_t sessions, session_errors, invokes, tee_errors, not_supported, busy;
	uint32_t host_errors, bad_caps, bad_size, not_done, bad_reply, channel_busy;
};

struct optee_state {
	struct scmia_chan *chan;  /* bound by chan_setup (a2p), NULL otherwise */
	struct scmia_xfer *owner; /* sender owning the buffer */
	uint32_t session;         /* the channel's session */
	uint32_t handle;          /* GET_CHANNEL_HANDLE's answer */
	uint32_t rx_size;         /* MSG: validated response size of the last invoke */
	uint32_t invokes, errors, busy, spurious;
	uint8_t phase;            /* PH_* */
	uint8_t open;             /* the session is open */
};

_Static_assert(sizeof(struct optee_inst) <= sizeof(((struct scmia_optee *)0)->priv),
	       "SCMIA_OPTEE_PRIV_WORDS too small");
_Static_assert(sizeof(struct optee_state) <= sizeof(((struct scmia_optee_chan *)0)->priv),
	       "SCMIA_OPTEE_CHAN_PRIV_WORDS too small");
_Static_assert(_Alignof(struct optee_state) <= _Alignof(uint64_t), "optee state alignment");
_Static_assert(offsetof(struct scmia_optee_chan, smt) == 0,
	       "the SMT context must come first (p2a channels use the SMT ops on it)");

static struct optee_inst *in_of(struct scmia_optee *t)
{
	return (struct optee_inst *)(void *)t->priv;
}

static struct optee_state *st_of(struct scmia_optee_chan *oc)
{
	return (struct optee_state *)(void *)oc->priv;
}

static const struct optee_state *cst_of(const struct scmia_optee_chan *oc)
{
	return (const struct optee_state *)(const void *)oc->priv;
}

static struct scmia_optee_chan *oc_of(struct scmia_chan *chan)
{
	return (struct scmia_optee_chan *)scmia_chan_ctx(chan);
}

/* Counters: written under the agent lock (or single-threaded at init),
 * read without it (relaxed loads of whole words). */
#define BUMP(field) __atomic_store_n(&(field), (field) + 1u, __ATOMIC_RELAXED)
#define LOAD(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)

static void bump(struct scmia_chan *chan, uint32_t *field)
{
	scmia_lock_key_t key = scmia_chan_lock(chan);

	__atomic_store_n(field, *field + 1u, __ATOMIC_RELAXED);
	scmia_chan_unlock(chan, key);
}

#if SCMIA_CFG_P2A
static const struct scmia_transport_ops *smt_ops(void)
{
	return scmia_smt_transport.ops;
}
#endif

/* ------------------------------------------------------------------ */
/* Instance                                                            */
/* ------------------------------------------------------------------ */

int scmia_optee_init(struct scmia_optee *t, const struct scmia_optee_cfg *cfg)
{
	if (!t || !cfg || !cfg->ops || !cfg->ops->open_session || !cfg->ops->invoke ||
	    !cfg->ops->close_session)
		return SCMIA_EINVAL;
	memset(t, 0, sizeof(*t));
	t->ops = cfg->ops;
	t->ctx = cfg->ctx;
	return SCMIA_OK;
}

uint32_t scmia_optee_caps(const struct scmia_optee *t, uint32_t *ext)
{
	if (ext)
		*ext = t ? t->ext_caps : 0u;
	return t ? t->caps : 0u;
}

int scmia_optee_stats_get(const struct scmia_optee *t, struct scmia_optee_stats *out)
{
	const struct optee_inst *in;

	if (!t || !out)
		return SCMIA_EINVAL;
	in = (const struct optee_inst *)(const void *)t->priv;
	out->sessions = LOAD(in->sessions);
	out->session_errors = LOAD(in->session_errors);
	out->invokes = LOAD(in->invokes);
	out->tee_errors = LOAD(in->tee_errors);
	out->not_supported = LOAD(in->not_supported);
	out->busy = LOAD(in->busy);
	out->host_errors = LOAD(in->host_errors);
	out->bad_caps = LOAD(in->bad_caps);
	out->bad_size = LOAD(in->bad_size);
	out->not_done = LOAD(in->not_done);
	out->bad_reply = LOAD(in->bad_reply);
	out->channel_busy = LOAD(in->channel_busy);
	return SCMIA_OK;
}

/* The scmia error for a TEE result (counted in @in, under the caller's
 * lock or single-threaded). */
static int tee_err(struct optee_inst *in, uint32_t tee_ret)
{
	if (tee_ret == SCMIA_OPTEE_TEEC_SUCCESS)
		return SCMIA_OK;
	BUMP(in->tee_errors);
	if (tee_ret == SCMIA_OPTEE_TEEC_ERROR_NOT_SUPPORTED ||
	    tee_ret == SCMIA_OPTEE_TEEC_ERROR_NOT_IMPLEMENTED) {
		BUMP(in->not_supported);
		return SCMIA_ENOTSUP;
	}
	if (tee_ret == SCMIA_OPTEE_TEEC_ERROR_BUSY) {
		BUMP(in->busy);
		return SCMIA_EBUSY;
	}
	return SCMIA_EIO;
}

/* Call a hook outside any lock; @chan (may be NULL at init) locks the
 * counting. Returns the scmia result of the call. */
static int invoke(struct scmia_optee *t, struct scmia_chan *chan, uint32_t session, uint32_t cmd,
		  struct scmia_optee_param p[SCMIA_OPTEE_NUM_PARAMS])
{
	struct optee_inst *in = in_of(t);
	uint32_t tee_ret = SCMIA_OPTEE_TEEC_ERROR_GENERIC;
	scmia_lock_key_t key = 0;
	int ret;

	ret = t->ops->invoke(t->ctx, session, cmd, p, &tee_ret);
	if (chan)
		key = scmia_chan_lock(chan);
	BUMP(in->invokes);
	if (ret) {
		BUMP(in->host_errors);
		ret = ret < 0 ? ret : SCMIA_EIO;
	} else {
		ret = tee_err(in, tee_ret);
	}
	if (chan)
		scmia_chan_unlock(chan, key);
	return ret;
}

static int open_session(struct scmia_optee *t, struct scmia_chan *chan, uint32_t *session)
{
	struct optee_inst *in = in_of(t);
	uint32_t tee_ret = SCMIA_OPTEE_TEEC_ERROR_GENERIC;
	scmia_lock_key_t key = 0;
	int ret;

	ret = t->ops->open_session(t->ctx, scmia_optee_pta_uuid, session, &tee_ret);
	if (chan)
		key = scmia_chan_lock(chan);
	if (ret) {
		BUMP(in->session_errors);
		ret = ret < 0 ? ret : SCMIA_EIO;
	} else if (tee_ret != SCMIA_OPTEE_TEEC_SUCCESS) {
		BUMP(in->session_errors);
		/* No such TA (an OP-TEE built without the SCMI PTA), or the
		 * login refused: the transport is not there. */
		ret = (tee_ret == SCMIA_OPTEE_TEEC_ERROR_ITEM_NOT_FOUND ||
		       tee_ret == SCMIA_OPTEE_TEEC_ERROR_NOT_SUPPORTED ||
		       tee_ret == SCMIA_OPTEE_TEEC_ERROR_ACCESS_DENIED)
			      ? SCMIA_ENOTSUP
			      : SCMIA_EIO;
	} else {
		BUMP(in->sessions);
	}
	if (chan)
		scmia_chan_unlock(chan, key);
	return ret;
}

/* param_value(), param_memref(): fill a parameter of an array the caller
 * zeroed. */
static void param_value(struct scmia_optee_param *p, uint32_t type, uint64_t a, uint64_t b)
{
	p->type = type;
	p->a = a;
	p->b = b;
}

static void param_memref(struct scmia_optee_param *p, uint32_t type, const struct scmia_optee_chan *oc,
			 uint64_t size)
{
	p->type = type;
	p->shm = oc->shm;
	p->offset = oc->shm_offset;
	p->size = size;
}

/* Transport op init: the PTA must be there and offer SMT or MSG. */
static int optee_init(void *ctx)
{
	struct scmia_optee *t = ctx;
	struct scmia_optee_param p[SCMIA_OPTEE_NUM_PARAMS];
	uint32_t session = 0;
	int ret;

	if (!t || !t->ops)
		return SCMIA_EINVAL;
	ret = open_session(t, NULL, &session);
	if (ret)
		return ret;
	memset(p, 0, sizeof(p));
	param_value(&p[0], SCMIA_OPTEE_PARAM_VALUE_OUT, 0, 0);
	ret = invoke(t, NULL, session, SCMIA_OPTEE_CMD_CAPABILITIES, p);
	t->ops->close_session(t->ctx, session);
	if (ret)
		return ret;
	/* Only what we know: a newer PTA may report more. */
	t->caps = (uint32_t)p[0].a & (SCMIA_OPTEE_CAPS_SMT_HEADER | SCMIA_OPTEE_CAPS_MSG_HEADER);
	t->ext_caps = (uint32_t)p[0].b;
	if (!t->caps) {
		BUMP(in_of(t)->bad_caps);
		return SCMIA_ENOTSUP;
	}
	return SCMIA_OK;
}

static void optee_exit(void *ctx)
{
	struct scmia_optee *t = ctx;

	if (t) {
		t->caps = 0;
		t->ext_caps = 0;
	}
}

/* ------------------------------------------------------------------ */
/* Channel configuration                                               */
/* ------------------------------------------------------------------ */

int scmia_optee_chan_init(struct scmia_optee_chan *oc, const struct scmia_optee_chan_cfg *cfg)
{
	struct scmia_smt_cfg smt;
	int ret;

	if (!oc || !cfg || !cfg->base || (cfg->flags & ~SCMIA_OPTEE_F_WORD32) ||
	    cfg->mode > SCMIA_OPTEE_MODE_MSG)
		return SCMIA_EINVAL;
	memset(oc, 0, sizeof(*oc));
	memset(&smt, 0, sizeof(smt));
	if (cfg->mode == SCMIA_OPTEE_MODE_MSG) {
		/* Room for a reply's header and status at least; the size is
		 * handed to the TEE as a 32-bit value. */
		if (cfg->size < 8u || cfg->size > 0x7fffffffu)
			return SCMIA_EINVAL;
		oc->buf = (volatile uint8_t *)cfg->base;
		oc->buf_size = (uint32_t)cfg->size;
	} else {
		if (cfg->mode == SCMIA_OPTEE_MODE_SMT_SHM && cfg->size < SCMIA_OPTEE_SMT_SHM_MIN)
			return SCMIA_EINVAL;
		smt.base = cfg->base;
		smt.size = cfg->size;
		smt.acc = cfg->acc;
		smt.acc_ctx = cfg->acc_ctx;
		smt.ack = cfg->ack;
		smt.ack_ctx = cfg->ack_ctx;
		/* A2p areas complete on return: never ask for an interrupt (a
		 * p2a area ignores the flag). */
		smt.flags = SCMIA_SMT_F_NO_IRQ |
			    ((cfg->flags & SCMIA_OPTEE_F_WORD32) ? SCMIA_SMT_F_WORD32 : 0u);
		ret = scmia_smt_chan_init(&oc->smt, &smt);
		if (ret)
			return ret;
		oc->buf = (volatile uint8_t *)cfg->base;
		oc->buf_size = (uint32_t)cfg->size;
	}
	oc->mode = cfg->mode;
	oc->channel_id = cfg->channel_id;
	oc->busy_timeout_us = cfg->busy_timeout_us;
	oc->shm = cfg->shm;
	oc->shm_offset = cfg->shm_offset;
	return SCMIA_OK;
}

int scmia_optee_chan_handle(const struct scmia_optee_chan *oc, uint32_t *handle)
{
	const struct optee_state *st;

	if (!oc || !handle || !oc->mode)
		return SCMIA_EINVAL;
	st = cst_of(oc);
	if (!__atomic_load_n(&st->chan, __ATOMIC_ACQUIRE))
		return SCMIA_ESTATE;
	*handle = st->handle;
	return SCMIA_OK;
}

int scmia_optee_chan_stats_get(const struct scmia_optee_chan *oc, struct scmia_optee_chan_stats *out)
{
	const struct optee_state *st;

	if (!oc || !out)
		return SCMIA_EINVAL;
	st = cst_of(oc);
	out->invokes = LOAD(st->invokes);
	out->errors = LOAD(st->errors);
	out->busy = LOAD(st->busy);
	out->spurious = LOAD(st->spurious);
	return SCMIA_OK;
}

struct scmia_smt_area *scmia_optee_chan_area(struct scmia_optee_chan *oc)
{
	if (!oc || oc->mode == SCMIA_OPTEE_MODE_MSG)
		return NULL;
	return &oc->smt.area;
}

static uint32_t caps_of_mode(uint32_t mode)
{
	return mode == SCMIA_OPTEE_MODE_MSG ? SCMIA_OPTEE_CAPS_MSG_HEADER
					    : SCMIA_OPTEE_CAPS_SMT_HEADER;
}

static int optee_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct scmia_optee *t = ctx;
	struct scmia_optee_chan *oc = oc_of(chan);
	struct scmia_optee_param p[SCMIA_OPTEE_NUM_PARAMS];
	struct optee_state *st;
	scmia_lock_key_t key;
	uint32_t session = 0;
	int ret;

	if (!t || !oc || (!oc->buf && !oc->smt.area.acc))
		return SCMIA_EINVAL;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_P2A) {
#if SCMIA_CFG_P2A
		if (oc->mode || !oc->smt.area.acc)
			return SCMIA_EINVAL; /* p2a messages come in an SMT area */
		return smt_ops()->chan_setup(ctx, chan);
#else
		return SCMIA_ENOTSUP;
#endif
	}
	if (!oc->mode)
		return SCMIA_EINVAL;
	/* The PTA must offer what this channel uses (read at agent init). */
	if (!(t->caps & caps_of_mode(oc->mode)))
		return SCMIA_ENOTSUP;
	st = st_of(oc);
	key = scmia_chan_lock(chan);
	ret = st->chan ? SCMIA_ESTATE : SCMIA_OK; /* bound to another channel */
	scmia_chan_unlock(chan, key);
	if (ret)
		return ret;

	ret = open_session(t, chan, &session);
	if (ret)
		return ret;
	memset(p, 0, sizeof(p));
	param_value(&p[0], SCMIA_OPTEE_PARAM_VALUE_INOUT, oc->channel_id, caps_of_mode(oc->mode));
	ret = invoke(t, chan, session, SCMIA_OPTEE_CMD_GET_CHANNEL_HANDLE, p);
	if (ret) {
		t->ops->close_session(t->ctx, session);
		return ret;
	}
	key = scmia_chan_lock(chan);
	if (st->chan) {
		ret = SCMIA_ESTATE;
	} else {
		/* The handle is the PTA's business: any value is taken as is. */
		st->handle = (uint32_t)p[0].a;
		st->session = session;
		st->open = 1;
		st->owner = NULL;
		st->phase = PH_IDLE;
		__atomic_store_n(&st->chan, chan, __ATOMIC_RELEASE);
	}
	scmia_chan_unlock(chan, key);
	if (ret)
		t->ops->close_session(t->ctx, session);
	return ret;
}

static void optee_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct scmia_optee *t = ctx;
	struct scmia_optee_chan *oc = oc_of(chan);
	struct optee_state *st;
	scmia_lock_key_t key;
	uint32_t session = 0;
	int close = 0;

	if (!t || !oc)
		return;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_P2A) {
#if SCMIA_CFG_P2A
		smt_ops()->chan_free(ctx, chan);
#endif
		return;
	}
	st = st_of(oc);
	key = scmia_chan_lock(chan);
	if (st->chan == chan) {
		__atomic_store_n(&st->chan, (struct scmia_chan *)NULL, __ATOMIC_RELEASE);
		st->owner = NULL;
		st->phase = PH_IDLE;
		close = st->open;
		session = st->session;
		st->open = 0;
	}
	scmia_chan_unlock(chan, key);
	if (close)
		t->ops->close_session(t->ctx, session);
}

/* ------------------------------------------------------------------ */
/* a2p                                                                 */
/* ------------------------------------------------------------------ */

static uint32_t busy_timeout(const struct scmia_optee_chan *oc, struct scmia_chan *chan)
{
	uint32_t t;

	if (oc->busy_timeout_us)
		return oc->busy_timeout_us;
	t = scmia_chan_reply_timeout_us(chan);
	if (!t)
		t = SCMIA_DEFAULT_REPLY_TIMEOUT_US;
	/* twice the reply timeout, saturated */
	return t > UINT32_MAX / 2u ? UINT32_MAX : 2u * t;
}

/* Release the channel if @xfer owns it. Lock held. */
static void release_locked(struct optee_state *st, struct scmia_xfer *xfer)
{
	if (st->owner != xfer)
		return;
	st->owner = NULL;
	st->phase = PH_IDLE;
}

/* Under the lock: count an event in a channel counter @chan_field and an
 * instance counter @inst_field (either may be NULL), then release the
 * channel if @xfer (NULL: nobody) owns it. Returns @ret. */
static int end_claim(struct optee_state *st, struct scmia_chan *chan, struct scmia_xfer *xfer,
		     uint32_t *chan_field, uint32_t *inst_field, int ret)
{
	scmia_lock_key_t key = scmia_chan_lock(chan);

	if (chan_field)
		__atomic_store_n(chan_field, *chan_field + 1u, __ATOMIC_RELAXED);
	if (inst_field)
		__atomic_store_n(inst_field, *inst_field + 1u, __ATOMIC_RELAXED);
	if (xfer)
		release_locked(st, xfer);
	scmia_chan_unlock(chan, key);
	return ret;
}

/* Write @xfer's command where the PTA reads it. */
static int write_msg(struct scmia_optee_chan *oc, struct scmia_chan *chan,
		     const struct scmia_xfer *xfer, uint64_t budget_us, uint32_t *cmd_len)
{
	int ret;

	switch (oc->mode) {
	case SCMIA_OPTEE_MODE_SMT:
		/* A static area: the platform may still hold it (it failed to
		 * hand it back before). Bounded; give up without invoking. */
		if (scmia_smt_area_wait_free(&oc->smt.area, chan,
					     budget_us > UINT32_MAX ? UINT32_MAX
								    : (uint32_t)budget_us))
			return SCMIA_EBUSY;
		return scmia_smt_area_tx_prepare(&oc->smt.area, xfer, 0);
	case SCMIA_OPTEE_MODE_SMT_SHM:
		/* Our buffer between invokes: it is never the TEE's outside
		 * one, so there is nothing to wait for. */
		return scmia_smt_area_tx_prepare(&oc->smt.area, xfer, 0);
	default:
		ret = scmia_msg_tx_prepare((void *)(uintptr_t)oc->buf, oc->buf_size, xfer);
		if (ret < 0)
			return ret;
		*cmd_len = (uint32_t)ret;
		return SCMIA_OK;
	}
}

static int optee_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_optee *t = ctx;
	struct scmia_optee_chan *oc = oc_of(chan);
	struct scmia_optee_param p[SCMIA_OPTEE_NUM_PARAMS];
	struct optee_state *st;
	scmia_lock_key_t key;
	uint32_t tmo, handle, session, cmd, cmd_len = 0;
	uint64_t start, spent;
	int ret;

	if (!t || !oc || !xfer || scmia_chan_dir(chan) != SCMIA_CHAN_A2P || !oc->mode)
		return SCMIA_EINVAL;
	st = st_of(oc);
	tmo = busy_timeout(oc, chan);
	start = scmia_chan_now_us(chan);

	/* Claim the channel against other senders (bounded; the clock is
	 * read before the look so the last look follows the deadline). */
	for (;;) {
		int expired = scmia_chan_now_us(chan) - start >= (uint64_t)tmo;
		struct scmia_xfer *owner;

		key = scmia_chan_lock(chan);
		owner = st->owner;
		if (!owner) {
			st->owner = xfer;
			st->phase = PH_WAIT;
		}
		handle = st->handle;
		session = st->session;
		scmia_chan_unlock(chan, key);
		if (!owner)
			break;
		if (owner == xfer)
			return SCMIA_ESTATE;
		if (expired)
			return end_claim(st, chan, NULL, &st->busy, &in_of(t)->channel_busy,
					 SCMIA_EBUSY);
		scmia_chan_relax(chan);
	}

	spent = scmia_chan_now_us(chan) - start;
	ret = write_msg(oc, chan, xfer, spent >= tmo ? 0u : tmo - spent, &cmd_len);
	if (ret) {
		if (ret == SCMIA_EBUSY)
			return end_claim(st, chan, xfer, &st->busy, &in_of(t)->channel_busy, ret);
		return end_claim(st, chan, xfer, NULL, NULL, ret);
	}

	memset(p, 0, sizeof(p));
	param_value(&p[0], SCMIA_OPTEE_PARAM_VALUE_IN, handle, 0);
	switch (oc->mode) {
	case SCMIA_OPTEE_MODE_SMT:
		cmd = SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL;
		break;
	case SCMIA_OPTEE_MODE_SMT_SHM:
		cmd = SCMIA_OPTEE_CMD_PROCESS_SMT_CHANNEL_MESSAGE;
		param_memref(&p[1], SCMIA_OPTEE_PARAM_MEMREF_INOUT, oc, oc->buf_size);
		break;
	default:
		cmd = SCMIA_OPTEE_CMD_PROCESS_MSG_CHANNEL;
		/* One buffer both ways, as the PTA reads the command before
		 * it writes the response. */
		param_memref(&p[1], SCMIA_OPTEE_PARAM_MEMREF_IN, oc, cmd_len);
		param_memref(&p[2], SCMIA_OPTEE_PARAM_MEMREF_OUT, oc, oc->buf_size);
		break;
	}
	key = scmia_chan_lock(chan);
	st->phase = PH_CALLED;
	BUMP(st->invokes);
	scmia_chan_unlock(chan, key);
	/* This transfer owns the buffer and the message is written: from here
	 * the platform may see it. */
	scmia_xfer_sent(xfer);
	ret = invoke(t, chan, session, cmd, p);
	if (ret) {
		/* The TEE did not process it (or says so). The invoke is over:
		 * a static area it left taken is handed back, or every later
		 * send would wait for a FREE that never comes. */
		if (oc->mode == SCMIA_OPTEE_MODE_SMT &&
		    !(scmia_smt_area_status(&oc->smt.area) &
		      (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)))
			(void)scmia_smt_area_write32(&oc->smt.area, SCMIA_SMT_OFF_STATUS,
						     SCMIA_SMT_STATUS_FREE);
		return end_claim(st, chan, xfer, &st->errors, NULL, ret);
	}

	if (oc->mode == SCMIA_OPTEE_MODE_MSG) {
		/* The response size comes from the TEE: never beyond the
		 * buffer it was given. */
		if (p[2].size > oc->buf_size) {
			return end_claim(st, chan, xfer, &st->errors, &in_of(t)->bad_size,
					 SCMIA_EMALFORMED);
		}
	} else if (!(scmia_smt_area_status(&oc->smt.area) &
		     (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))) {
		/* Returned, yet the area is still the platform's: no reply.
		 * A static area is left to the platform (the next send waits
		 * for its FREE, bounded); a shm area is ours again. */
		return end_claim(st, chan, xfer, &st->errors, &in_of(t)->not_done,
				 SCMIA_EPROTO);
	}
	key = scmia_chan_lock(chan);
	st->rx_size = (uint32_t)p[2].size;
	st->phase = PH_REPLIED;
	scmia_chan_unlock(chan, key);
	return SCMIA_OK;
}

static void optee_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct scmia_optee_chan *oc = oc_of(chan);

	(void)ctx;
	(void)ret;
	if (!oc || scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		return;
	/* Only the owner's release counts: a duplicate, or a call for a
	 * transfer that never got the channel, frees nobody's claim. */
	(void)end_claim(st_of(oc), chan, xfer, NULL, NULL, 0);
}

static int optee_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_optee_chan *oc = oc_of(chan);
	struct optee_state *st;
	scmia_lock_key_t key;
	int ready;

	(void)ctx;
	if (!oc || scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		return 0;
	st = st_of(oc);
	/* The reply is in place once the invoke returned well. */
	key = scmia_chan_lock(chan);
	ready = st->owner == xfer && st->phase == PH_REPLIED;
	scmia_chan_unlock(chan, key);
	return ready;
}

static int fetch_msg(struct scmia_optee_chan *oc, struct scmia_xfer *xfer, uint32_t len)
{
	uint32_t hdr = 0;
	int ret;

	ret = scmia_msg_read_header((const void *)(uintptr_t)oc->buf, len, &hdr);
	if (ret)
		return ret;
	/* The response echoes the command's header whole. */
	if (hdr != xfer->hdr)
		return SCMIA_EUNEXPECTED;
	return scmia_msg_fetch_response((const void *)(uintptr_t)oc->buf, len, xfer);
}

static int optee_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				void *cookie)
{
	struct scmia_optee *t = ctx;
	struct scmia_optee_chan *oc = oc_of(chan);
	struct optee_state *st;
	scmia_lock_key_t key;
	uint32_t len;
	int ok, ret;

	if (!t || !oc || !xfer)
		return SCMIA_EINVAL;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_P2A) {
#if SCMIA_CFG_P2A
		return smt_ops()->fetch_response(ctx, chan, xfer, cookie);
#else
		return SCMIA_ENOTSUP;
#endif
	}
	(void)cookie; /* the a2p reply is in the channel's own buffer */
	st = st_of(oc);
	key = scmia_chan_lock(chan);
	ok = st->owner == xfer && st->phase == PH_REPLIED;
	len = st->rx_size;
	scmia_chan_unlock(chan, key);
	/* The buffer holds @xfer's reply only while it owns the channel and
	 * its invoke returned well. */
	if (!ok)
		return end_claim(st, chan, NULL, &st->errors, NULL, SCMIA_EUNEXPECTED);
	if (oc->mode == SCMIA_OPTEE_MODE_MSG) {
		ret = fetch_msg(oc, xfer, len);
	} else {
		ret = scmia_smt_area_fetch_response(&oc->smt.area, xfer);
		/* The reply must echo the command's header whole (the helper
		 * compares id, protocol and token). */
		if (!ret && scmia_smt_area_header(&oc->smt.area) != xfer->hdr) {
			xfer->rx_len = 0;
			ret = SCMIA_EUNEXPECTED;
		}
	}
	key = scmia_chan_lock(chan);
	if (st->owner == xfer)
		st->phase = PH_FETCHED;
	if (ret) {
		BUMP(st->errors);
		BUMP(in_of(t)->bad_reply);
	}
	scmia_chan_unlock(chan, key);
	return ret;
}

/* ------------------------------------------------------------------ */
/* p2a (an SMT p2a area) and the ops                                   */
/* ------------------------------------------------------------------ */

#if SCMIA_CFG_P2A
static int optee_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				    uint32_t max_len, void *cookie)
{
	struct scmia_optee_chan *oc = oc_of(chan);

	if (!oc || !xfer)
		return SCMIA_EINVAL;
	if (scmia_chan_dir(chan) != SCMIA_CHAN_P2A) {
		bump(chan, &st_of(oc)->errors);
		return SCMIA_EUNEXPECTED;
	}
	return smt_ops()->fetch_notification(ctx, chan, xfer, max_len, cookie);
}

/* clear_channel and rx_release: the SMT transport releases a p2a area the
 * same way for both (one function). */
static void optee_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	/* An a2p buffer is never the agent's to free from the receive path. */
	if (oc_of(chan) && scmia_chan_dir(chan) == SCMIA_CHAN_P2A)
		smt_ops()->clear_channel(ctx, chan, cookie);
}

static int optee_rx_poll(void *ctx, struct scmia_chan *chan)
{
	if (!oc_of(chan) || scmia_chan_dir(chan) != SCMIA_CHAN_P2A)
		return 0;
	return smt_ops()->rx_poll(ctx, chan);
}
#endif

static const struct scmia_transport_ops optee_ops = {
	.init = optee_init,
	.exit = optee_exit,
	.chan_setup = optee_chan_setup,
	.chan_free = optee_chan_free,
	.send = optee_send,
	.mark_txdone = optee_mark_txdone,
	.fetch_response = optee_fetch_response,
	.poll_done = optee_poll_done,
#if SCMIA_CFG_P2A
	.fetch_notification = optee_fetch_notification,
	.clear_channel = optee_clear_channel,
	.rx_release = optee_clear_channel,
	.rx_poll = optee_rx_poll,
#endif
};

const struct scmia_transport scmia_optee_transport = {
	.ops = &optee_ops,
	.name = "optee",
	.reply_timeout_us = SCMIA_DEFAULT_REPLY_TIMEOUT_US,
	.max_msg = 20,
	.max_msg_size = 128 - SCMIA_SMT_OFF_PAYLOAD,
	.flags = SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN,
};

int scmia_optee_irq(struct scmia_optee_chan *oc)
{
	struct optee_state *st;
	struct scmia_chan *chan;

	if (!oc)
		return SCMIA_EINVAL;
	if (!oc->mode)
		return scmia_smt_irq(&oc->smt);
	/* a2p: completion on return, no interrupt exists. */
	st = st_of(oc);
	chan = __atomic_load_n(&st->chan, __ATOMIC_ACQUIRE);
	if (chan) {
		bump(chan, &st->spurious);
		scmia_chan_count(chan, SCMIA_CNT_SPURIOUS);
	}
	return SCMIA_ENOTSUP;
}

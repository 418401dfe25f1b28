/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMC/HVC transport (docs/porting-smc.md): the SMT area, with an SMCCC
 * call as the doorbell.
 *
 * a2p channel, one message in the area at a time:
 *
 *   send:  claim (owner := xfer; other senders wait, bounded)
 *          -> wait FREE (bounded; give up: SCMIA_EBUSY, no call)
 *          -> write message -> phase CALLED -> scmia_xfer_sent()
 *          -> clear status -> call
 *            on return:  a0 == 0 and the area FREE/ERROR: reply ready
 *            interrupt:  a0 == 0: the platform answers later (scmia_smc_irq)
 *            failure:    the firmware did not take the message (or is done
 *                        with it: a call returns only when it is): the area
 *                        is handed back (FREE) so that the next send does
 *                        not wait for a FREE that never comes
 *   fetch: only the owner, only once the area is FREE/ERROR
 *   done:  mark_txdone(owner) -> phase IDLE, owner := NULL
 *   late:  an owner that gave up (timeout) while the platform still held
 *          the area leaves its header as `stale`; the interrupt of that
 *          late reply (FREE and the same header) goes to scmia_rx() once,
 *          so the core counts it and retires the token. The next sender
 *          clears `stale` before it rewrites the area.
 *
 * The claim keeps a second sender from rewriting the area before the first
 * reply was fetched (with completion on return the platform is done at
 * once, so FREE alone would not protect the reply). It is a C11 atomic: the
 * core's lock is not needed for it. On targets without compare-and-swap
 * (SCMIA_SMC_LOCKFREE 0) the read-modify-write operations (claim, release,
 * counters) run inside the agent's lock (scmia_chan_lock()) instead.
 *
 * fetch: the area's header must be exactly the command's (a response
 * echoes its whole header: token, type, protocol, message) and, from an
 * interrupt, exactly the header the receive entry was given (carried in
 * the cookie), before and after the copy: a platform that rewrites the
 * area between the interrupt's read and the fetch gets nothing delivered.
 *
 * p2a channel: exactly an SMT p2a channel. The context's first member is a
 * struct scmia_smt_chan, so the SMT transport's ops run it unchanged; only
 * its completion doorbell is an SMC.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_smc.h"

/* Descriptor modes. */
enum smc_mode {
	M_ATOMIC = 0, /* completion on return, never sleeps */
	M_SLEEP,      /* completion on return, may sleep in the wait-queue */
	M_IRQ         /* completion interrupt (or polling) */
};

/* a2p phases */
enum { PH_IDLE = 0, PH_WRITING, PH_CALLED, PH_FETCHED };

struct smc_state {
	_Atomic(struct scmia_chan *) chan;  /* bound by chan_setup (a2p) */
	_Atomic(struct scmia_chan *) p2a;   /* bound by chan_setup (p2a): its lock */
	_Atomic(struct scmia_xfer *) owner; /* sender owning the area */
	atomic_uint phase;                  /* PH_* */
	atomic_uint irq_wanted;             /* the owner asked for a completion irq */
	atomic_uint seq;                    /* bumped at each claim and release */
	atomic_uint calls;
	atomic_uint busy;
	atomic_uint not_supported;
	atomic_uint call_errors;
	atomic_uint not_done;
	atomic_uint spurious;
	atomic_uint errors;
	atomic_uint stale;                  /* a timed-out owner's reply is due */
	atomic_uint stale_hdr;              /* ... with this header */
	atomic_uint late;
};

_Static_assert(sizeof(atomic_uint) == sizeof(unsigned) &&
		       sizeof(_Atomic(struct scmia_xfer *)) == sizeof(struct scmia_xfer *) &&
		       sizeof(_Atomic(struct scmia_chan *)) == sizeof(struct scmia_chan *),
	       "zeroed memory is a zeroed atomic (scmia_smc_chan_init)");
_Static_assert(sizeof(struct smc_state) <= sizeof(((struct scmia_smc_chan *)0)->priv),
	       "SCMIA_SMC_PRIV_WORDS too small");
_Static_assert(_Alignof(struct smc_state) <= _Alignof(uint64_t), "smc state alignment");
_Static_assert(offsetof(struct scmia_smc_chan, smt) == 0,
	       "the SMT context must come first (p2a channels use the SMT ops on it)");

static struct smc_state *st_of(struct scmia_smc_chan *sc)
{
	return (struct smc_state *)(void *)sc->priv;
}

static const struct smc_state *cst_of(const struct scmia_smc_chan *sc)
{
	return (const struct smc_state *)(const void *)sc->priv;
}

/*
 * Read-modify-write of the shared state. Where the target has
 * compare-and-swap (SCMIA_SMC_LOCKFREE 1) these are the C11 operations,
 * lock-free. Elsewhere (Cortex-M0+, RV32I) the C11 operations would be
 * __atomic_* library calls; instead the load and the store run inside the
 * agent's lock, taken through scmia_chan_lock() on the channel @lk (every
 * context that touches the channel's state takes it, so nothing comes
 * between the two; it is held for nothing else). @lk NULL (a context not
 * bound to a channel yet, or any more): nothing runs concurrently then.
 */
#if SCMIA_SMC_LOCKFREE
static void inc(struct scmia_chan *lk, atomic_uint *c)
{
	(void)lk;
	atomic_fetch_add_explicit(c, 1u, memory_order_relaxed);
}

static int cas_uint(struct scmia_chan *lk, atomic_uint *p, unsigned *expect, unsigned desired)
{
	(void)lk;
	return atomic_compare_exchange_strong(p, expect, desired);
}

static int cas_xfer(struct scmia_chan *lk, _Atomic(struct scmia_xfer *) *p,
		    struct scmia_xfer **expect, struct scmia_xfer *desired)
{
	(void)lk;
	return atomic_compare_exchange_strong(p, expect, desired);
}

static int cas_chan(struct scmia_chan *lk, _Atomic(struct scmia_chan *) *p,
		    struct scmia_chan **expect, struct scmia_chan *desired)
{
	(void)lk;
	return atomic_compare_exchange_strong(p, expect, desired);
}
#else
static scmia_lock_key_t lk_lock(struct scmia_chan *lk)
{
	if (lk)
		return scmia_chan_lock(lk);
	atomic_signal_fence(memory_order_seq_cst);
	return 0;
}

static void lk_unlock(struct scmia_chan *lk, scmia_lock_key_t key)
{
	if (lk)
		scmia_chan_unlock(lk, key);
	else
		atomic_signal_fence(memory_order_seq_cst);
}

static void inc(struct scmia_chan *lk, atomic_uint *c)
{
	scmia_lock_key_t key = lk_lock(lk);

	atomic_store(c, atomic_load(c) + 1u);
	lk_unlock(lk, key);
}

/* One compare-and-swap under the lock, for any atomic object type. */
#define SMC_CAS_LOCKED(lk, p, expect, desired)                  \
	do {                                                    \
		scmia_lock_key_t key_ = lk_lock(lk);            \
		ok_ = atomic_load(p) == *(expect);              \
		if (ok_)                                        \
			atomic_store(p, desired);               \
		else                                            \
			*(expect) = atomic_load(p);             \
		lk_unlock(lk, key_);                            \
	} while (0)

static int cas_uint(struct scmia_chan *lk, atomic_uint *p, unsigned *expect, unsigned desired)
{
	int ok_;

	SMC_CAS_LOCKED(lk, p, expect, desired);
	return ok_;
}

static int cas_xfer(struct scmia_chan *lk, _Atomic(struct scmia_xfer *) *p,
		    struct scmia_xfer **expect, struct scmia_xfer *desired)
{
	int ok_;

	SMC_CAS_LOCKED(lk, p, expect, desired);
	return ok_;
}

static int cas_chan(struct scmia_chan *lk, _Atomic(struct scmia_chan *) *p,
		    struct scmia_chan **expect, struct scmia_chan *desired)
{
	int ok_;

	SMC_CAS_LOCKED(lk, p, expect, desired);
	return ok_;
}
#endif

/* The cookie of an a2p message taken by scmia_smc_irq(): the header it
 * gave the receive entry (bits 27:0; the core drops a header with reserved
 * bits before any fetch), tagged so that it is never NULL (NULL: a poll or
 * a completion on return, whose header is the command's). */
#define A2P_COOKIE_TAG 0x80000000u

static void *a2p_cookie(uint32_t hdr)
{
	return (void *)(uintptr_t)(A2P_COOKIE_TAG | (hdr & 0x0fffffffu));
}

static struct scmia_smc_chan *sc_of(struct scmia_chan *chan)
{
	return (struct scmia_smc_chan *)scmia_chan_ctx(chan);
}

static const struct scmia_transport *desc_of(enum smc_mode m);

/* ------------------------------------------------------------------ */
/* The call                                                            */
/* ------------------------------------------------------------------ */

/*
 * Issue the channel's function. Returns SCMIA_OK when the firmware
 * answered a0 == 0; SCMIA_ENOTSUP for SMCCC NOT_SUPPORTED; SCMIA_EIO for
 * any other answer; a wait-queue handshake error as is.
 */
static int smc_call(struct scmia_smc_chan *sc, struct scmia_chan *chan, int atomic)
{
	struct smc_state *st = st_of(sc);
	struct scmia_smccc_args a;
	struct scmia_smccc_res r;
	int64_t code;

	memset(&a, 0, sizeof(a));
	memset(&r, 0, sizeof(r));
	a.a0 = sc->func_id;
	a.a1 = sc->a1;
	a.a2 = sc->a2;
	inc(chan, &st->calls);
	if (sc->fw) {
		int ret = scmia_fwcall_invoke(sc->fw, &a, &r,
					      atomic ? SCMIA_FWCALL_CALL_ATOMIC : 0u);

		if (ret) {
			inc(chan, &st->call_errors);
			return ret;
		}
	} else {
		sc->call(sc->call_ctx, &a, &r);
	}
	code = scmia_smccc_ret(sc->func_id, r.a0);
	if (code == 0)
		return SCMIA_OK;
	if (code == SCMIA_SMCCC_RET_NOT_SUPPORTED) {
		inc(chan, &st->not_supported);
		return SCMIA_ENOTSUP;
	}
	inc(chan, &st->call_errors);
	return SCMIA_EIO;
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

/* p2a completion doorbell (the SMT ack hook): the channel's function id,
 * from the interrupt path, so never sleeping. */
static int smc_ack(void *ctx)
{
	struct scmia_smc_chan *sc = ctx;

	if (!sc->func_id)
		return SCMIA_OK;
	return smc_call(sc, atomic_load(&st_of(sc)->p2a), 1);
}

int scmia_smc_chan_init(struct scmia_smc_chan *sc, const struct scmia_smc_cfg *cfg)
{
	struct scmia_smt_cfg smt;
	int ret;

	if (!sc || !cfg || (cfg->flags & ~SCMIA_SMC_F_WORD32) ||
	    cfg->param_mode > SCMIA_SMC_PARAM_CAP_ID || (!cfg->call && !cfg->fw))
		return SCMIA_EINVAL;
	memset(sc, 0, sizeof(*sc));
	memset(&smt, 0, sizeof(smt));
	smt.base = cfg->base;
	smt.size = cfg->size;
	smt.acc = cfg->acc;
	smt.acc_ctx = cfg->acc_ctx;
	smt.vendor = cfg->vendor;
	smt.vendor_ctx = cfg->vendor_ctx;
	smt.ack = smc_ack;
	smt.ack_ctx = sc;
	smt.flags = (cfg->flags & SCMIA_SMC_F_WORD32) ? SCMIA_SMT_F_WORD32 : 0u;
	ret = scmia_smt_chan_init(&sc->smt, &smt);
	if (ret)
		return ret;

	sc->call = cfg->call;
	sc->call_ctx = cfg->call_ctx;
	sc->fw = cfg->fw;
	sc->func_id = cfg->func_id;
	sc->busy_timeout_us = cfg->busy_timeout_us;
	switch (cfg->param_mode) {
	case SCMIA_SMC_PARAM_SHMEM:
		sc->a1 = cfg->shmem_paddr >> SCMIA_SMC_PAGE_SHIFT;
		sc->a2 = cfg->shmem_paddr & ((1u << SCMIA_SMC_PAGE_SHIFT) - 1u);
		break;
	case SCMIA_SMC_PARAM_CAP_ID:
		sc->a1 = cfg->cap_id;
		break;
	default:
		break;
	}
	/* The state (sc->priv) was zeroed with the rest of *sc above: every
	 * member starts NULL, 0 or PH_IDLE (0), as atomic_init() would set it
	 * (the atomic types here are their plain types' size: no lock
	 * inside, static asserts at struct smc_state). */
	return SCMIA_OK;
}

int scmia_smc_chan_stats(const struct scmia_smc_chan *sc, struct scmia_smc_stats *out)
{
	const struct smc_state *st;

	if (!sc || !out)
		return SCMIA_EINVAL;
	st = cst_of(sc);
	out->calls = atomic_load_explicit(&st->calls, memory_order_relaxed);
	out->busy = atomic_load_explicit(&st->busy, memory_order_relaxed);
	out->not_supported = atomic_load_explicit(&st->not_supported, memory_order_relaxed);
	out->call_errors = atomic_load_explicit(&st->call_errors, memory_order_relaxed);
	out->not_done = atomic_load_explicit(&st->not_done, memory_order_relaxed);
	out->spurious = atomic_load_explicit(&st->spurious, memory_order_relaxed);
	out->errors = atomic_load_explicit(&st->errors, memory_order_relaxed);
	out->late = atomic_load_explicit(&st->late, memory_order_relaxed);
	return SCMIA_OK;
}

struct scmia_smt_area *scmia_smc_chan_area(struct scmia_smc_chan *sc)
{
	return sc ? &sc->smt.area : NULL;
}

/* ------------------------------------------------------------------ */
/* a2p                                                                 */
/* ------------------------------------------------------------------ */

static uint32_t busy_timeout(const struct scmia_smc_chan *sc, enum smc_mode m)
{
	const struct scmia_transport *d = desc_of(m);
	uint64_t t;

	if (sc->busy_timeout_us)
		return sc->busy_timeout_us;
	t = 2u * (uint64_t)(d->reply_timeout_us ? d->reply_timeout_us
						: SCMIA_DEFAULT_REPLY_TIMEOUT_US);
	/* A sender may hold the channel while it sleeps in the wait-queue. */
	if (m != M_ATOMIC && sc->fw && scmia_fwcall_waitq_enabled(sc->fw))
		t += sc->fw->sleep_timeout_us;
	return t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

/* Bump the claim sequence (a new owner, or none). */
static void seq_bump(struct scmia_chan *chan, struct smc_state *st)
{
#if SCMIA_SMC_LOCKFREE
	(void)chan;
	atomic_fetch_add(&st->seq, 1u);
#else
	inc(chan, &st->seq);
#endif
}

/* Count the event in @count (NULL: none), then release the area if @xfer
 * owns it. */
static void a2p_release(struct scmia_chan *chan, struct smc_state *st, struct scmia_xfer *xfer,
			atomic_uint *count)
{
	struct scmia_xfer *expect = xfer;

	if (count)
		inc(chan, count);
	if (atomic_load(&st->owner) != xfer)
		return;
	atomic_store(&st->phase, PH_IDLE);
	atomic_store(&st->irq_wanted, 0u);
	seq_bump(chan, st);
	(void)cas_xfer(chan, &st->owner, &expect, NULL);
}

static int smc_send(struct scmia_chan *chan, struct scmia_xfer *xfer, enum smc_mode m)
{
	struct scmia_smc_chan *sc = sc_of(chan);
	struct scmia_smt_area *area;
	struct smc_state *st;
	uint32_t tmo;
	uint64_t start, spent;
	int want_irq, ret;

	if (!sc || !xfer || scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		return SCMIA_EINVAL;
	st = st_of(sc);
	area = &sc->smt.area;
	tmo = busy_timeout(sc, m);
	start = scmia_chan_now_us(chan);

	/* Claim the area against other senders of this channel (bounded; the
	 * clock is read before the look so the last look follows the
	 * deadline). */
	for (;;) {
		struct scmia_xfer *expect = NULL;
		int expired = scmia_chan_now_us(chan) - start >= (uint64_t)tmo;

		if (cas_xfer(chan, &st->owner, &expect, xfer))
			break;
		if (expect == xfer)
			return SCMIA_ESTATE;
		if (expired) {
			inc(chan, &st->busy);
			return SCMIA_EBUSY;
		}
		scmia_chan_relax(chan);
	}
	seq_bump(chan, st);
	atomic_store(&st->phase, PH_WRITING);

	/* The platform may still own the area: wait with what is left of
	 * the budget; give up without writing or calling. */
	spent = scmia_chan_now_us(chan) - start;
	ret = scmia_smt_area_wait_free(area, chan, spent >= tmo ? 0u : (uint32_t)(tmo - spent));
	if (ret) {
		a2p_release(chan, st, xfer, &st->busy);
		return SCMIA_EBUSY;
	}

	/* The area is the agent's again: a late reply it held is gone. */
	atomic_store(&st->stale, 0u);
	want_irq = m == M_IRQ && !(scmia_xfer_flags(xfer) & SCMIA_XFER_F_POLL);
	atomic_store(&st->irq_wanted, want_irq ? 1u : 0u);
	ret = scmia_smt_area_tx_write(area, xfer, want_irq);
	if (ret) {
		a2p_release(chan, st, xfer, NULL);
		return ret;
	}
	/* This transfer owns the area and the message is written: from here
	 * a reply to its token can be the platform's. Then the status is
	 * cleared, and only then is the phase CALLED: until the status is
	 * cleared the area still says FREE from the last reply, and a late
	 * completion interrupt of a sender that timed out would take this
	 * message for the reply (the interrupt reads the area once the phase
	 * is CALLED and the area FREE). CALLED is set before the call: an
	 * asynchronous platform may raise its completion interrupt before
	 * the call returns. (A platform that answered before being called,
	 * watching the area, and interrupted before the phase is CALLED would
	 * be counted spurious and the transfer would time out; an SMC
	 * platform answers once called.) */
	scmia_xfer_sent(xfer);
	scmia_smt_area_tx_publish(area);
	atomic_store(&st->phase, PH_CALLED);
	ret = smc_call(sc, chan, m == M_ATOMIC);
	if (ret) {
		/* Not taken (NOT_SUPPORTED, an error, a refused or timed-out
		 * wait-queue sleep). A call that returned is over for the
		 * firmware: give the area back unless the platform already
		 * did, so the channel is not wedged. */
		if (!(scmia_smt_area_status(area) &
		      (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)))
			(void)scmia_smt_area_write32(area, SCMIA_SMT_OFF_STATUS,
						     SCMIA_SMT_STATUS_FREE);
		a2p_release(chan, st, xfer, NULL);
		return ret;
	}
	if (m != M_IRQ && !(scmia_smt_area_status(area) &
			    (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))) {
		/* Completion on return, yet the platform still owns the area
		 * (an asynchronous platform behind a synchronous descriptor).
		 * Nothing to fetch; the next send waits for its FREE. */
		a2p_release(chan, st, xfer, &st->not_done);
		return SCMIA_EPROTO;
	}
	return SCMIA_OK;
}

static int smc_send_atomic(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	(void)ctx;
	return smc_send(chan, xfer, M_ATOMIC);
}

static int smc_send_sleep(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	(void)ctx;
	return smc_send(chan, xfer, M_SLEEP);
}

static int smc_send_irq(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	(void)ctx;
	return smc_send(chan, xfer, M_IRQ);
}

static void smc_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct scmia_smc_chan *sc = sc_of(chan);

	struct smc_state *st;

	(void)ctx;
	if (!sc || scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		return;
	st = st_of(sc);
	/* A sender giving up while the platform still holds the area for an
	 * interrupt-completed call: its reply may still come. */
	if (ret < 0 && atomic_load(&st->owner) == xfer && atomic_load(&st->phase) == PH_CALLED &&
	    atomic_load(&st->irq_wanted) &&
	    !(scmia_smt_area_status(&sc->smt.area) &
	      (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))) {
		atomic_store(&st->stale_hdr, xfer->hdr);
		atomic_store(&st->stale, 1u);
	}
	/* Only the owner's release counts: a stray call for a transfer that
	 * never got the area must not free another sender's claim. */
	a2p_release(chan, st, xfer, NULL);
}

static int smc_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_smc_chan *sc = sc_of(chan);
	struct smc_state *st;

	(void)ctx;
	if (!sc || scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		return 0;
	st = st_of(sc);
	if (atomic_load(&st->owner) != xfer || atomic_load(&st->phase) != PH_CALLED)
		return 0;
	return scmia_smt_area_poll_done(&sc->smt.area, xfer);
}

/* ------------------------------------------------------------------ */
/* Ops shared by both directions                                       */
/* ------------------------------------------------------------------ */

static const struct scmia_transport_ops *smt_ops(void)
{
	return scmia_smt_transport.ops;
}

static int smc_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct scmia_smc_chan *sc = sc_of(chan);
	struct scmia_chan *none = NULL;
	struct smc_state *st;

	if (!sc || !sc->smt.area.acc)
		return SCMIA_EINVAL;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_P2A) {
		int ret;

		/* The doorbell (smc_ack) counts under this channel's lock;
		 * the SMT code may ring it before setup returns. */
		atomic_store(&st_of(sc)->p2a, chan);
		ret = smt_ops()->chan_setup(ctx, chan);
		if (ret)
			atomic_store(&st_of(sc)->p2a, NULL);
		return ret;
	}
	if (!sc->func_id)
		return SCMIA_EINVAL;
	st = st_of(sc);
	atomic_store(&st->owner, NULL);
	atomic_store(&st->phase, PH_IDLE);
	atomic_store(&st->irq_wanted, 0u);
	/* Publish last: from here on scmia_smc_irq() may call scmia_rx(). */
	if (!cas_chan(chan, &st->chan, &none, chan))
		return SCMIA_ESTATE; /* context already bound to another channel */
	return SCMIA_OK;
}

static void smc_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct scmia_smc_chan *sc = sc_of(chan);
	struct scmia_chan *expect = chan;
	struct smc_state *st;

	if (!sc)
		return;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_P2A) {
		smt_ops()->chan_free(ctx, chan); /* no doorbell after this */
		atomic_store(&st_of(sc)->p2a, NULL);
		return;
	}
	st = st_of(sc);
	(void)cas_chan(chan, &st->chan, &expect, NULL);
	atomic_store(&st->owner, NULL);
	atomic_store(&st->phase, PH_IDLE);
}

static int smc_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			      void *cookie)
{
	struct scmia_smc_chan *sc = sc_of(chan);
	struct smc_state *st;
	int ret;

	if (!sc || !xfer)
		return SCMIA_EINVAL;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_P2A)
		return smt_ops()->fetch_response(ctx, chan, xfer, cookie);
	st = st_of(sc);
	/* The area holds @xfer's reply only while @xfer owns it and the
	 * platform is done with it, and only as its response: the header
	 * echoes the command's whole header (a delayed response never comes
	 * on the a2p area), and is the one the receive entry was given. */
	if (atomic_load(&st->owner) != xfer || atomic_load(&st->phase) != PH_CALLED ||
	    !(scmia_smt_area_status(&sc->smt.area) &
	      (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)) ||
	    (cookie && (uintptr_t)cookie != (uintptr_t)a2p_cookie(xfer->hdr)) ||
	    scmia_smt_area_header(&sc->smt.area) != xfer->hdr) {
		inc(chan, &st->errors);
		return SCMIA_EUNEXPECTED;
	}
	ret = scmia_smt_area_fetch_response(&sc->smt.area, xfer);
	/* Still the same header after the copy: the platform did not put
	 * another message there meanwhile. */
	if (!ret && scmia_smt_area_header(&sc->smt.area) != xfer->hdr)
		ret = SCMIA_EUNEXPECTED;
	/* The reply is read: an interrupt before mark_txdone is a duplicate,
	 * spurious. */
	atomic_store(&st->phase, PH_FETCHED);
	if (ret)
		inc(chan, &st->errors);
	return ret;
}

static int smc_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				  uint32_t max_len, void *cookie)
{
	struct scmia_smc_chan *sc = sc_of(chan);

	if (!sc || !xfer)
		return SCMIA_EINVAL;
	if (scmia_chan_dir(chan) != SCMIA_CHAN_P2A) {
		inc(chan, &st_of(sc)->errors);
		return SCMIA_EUNEXPECTED;
	}
	return smt_ops()->fetch_notification(ctx, chan, xfer, max_len, cookie);
}

/* clear_channel and rx_release: the SMT transport releases a p2a area the
 * same way for both (one function). */
static void smc_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	/* An a2p area is never the agent's to free from the receive path. */
	if (sc_of(chan) && scmia_chan_dir(chan) == SCMIA_CHAN_P2A)
		smt_ops()->clear_channel(ctx, chan, cookie);
}

/* p2a channels are plain SMT p2a areas: poll them the same way. */
static int smc_rx_poll(void *ctx, struct scmia_chan *chan)
{
	return smt_ops()->rx_poll(ctx, chan);
}

#define SMC_OPS(name, sendfn)                                      \
	static const struct scmia_transport_ops name = {           \
		.chan_setup = smc_chan_setup,                      \
		.chan_free = smc_chan_free,                        \
		.send = sendfn,                                    \
		.mark_txdone = smc_mark_txdone,                    \
		.fetch_response = smc_fetch_response,              \
		.fetch_notification = smc_fetch_notification,      \
		.clear_channel = smc_clear_channel,                \
		.poll_done = smc_poll_done,                        \
		.rx_release = smc_clear_channel,                   \
		.rx_poll = smc_rx_poll,                            \
	}

SMC_OPS(smc_ops_atomic, smc_send_atomic);
SMC_OPS(smc_ops_sleep, smc_send_sleep);
SMC_OPS(smc_ops_irq, smc_send_irq);

const struct scmia_transport scmia_smc_transport = {
	.ops = &smc_ops_atomic,
	.name = "smc",
	.reply_timeout_us = SCMIA_DEFAULT_REPLY_TIMEOUT_US,
	.max_msg = 20,
	.max_msg_size = 128 - SCMIA_SMT_OFF_PAYLOAD,
	.flags = SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN | SCMIA_TRANSPORT_F_ATOMIC_SAFE,
};

const struct scmia_transport scmia_smc_waitq_transport = {
	.ops = &smc_ops_sleep,
	.name = "smc-waitq",
	.reply_timeout_us = SCMIA_DEFAULT_REPLY_TIMEOUT_US,
	.max_msg = 20,
	.max_msg_size = 128 - SCMIA_SMT_OFF_PAYLOAD,
	.flags = SCMIA_TRANSPORT_F_COMPLETION_ON_RETURN,
};

const struct scmia_transport scmia_smc_irq_transport = {
	.ops = &smc_ops_irq,
	.name = "smc-irq",
	.reply_timeout_us = SCMIA_DEFAULT_REPLY_TIMEOUT_US,
	.max_msg = 20,
	.max_msg_size = 128 - SCMIA_SMT_OFF_PAYLOAD,
	.flags = 0,
};

static const struct scmia_transport *desc_of(enum smc_mode m)
{
	if (m == M_ATOMIC)
		return &scmia_smc_transport;
	if (m == M_SLEEP)
		return &scmia_smc_waitq_transport;
	return &scmia_smc_irq_transport;
}

/* ------------------------------------------------------------------ */
/* Interrupt entry                                                     */
/* ------------------------------------------------------------------ */

static int a2p_spurious(struct smc_state *st, struct scmia_chan *chan)
{
	inc(chan, &st->spurious);
	scmia_chan_count(chan, SCMIA_CNT_SPURIOUS);
	return SCMIA_EBUSY;
}

/* The late reply of a sender that timed out, if that is what the area
 * holds: hand it to the core once (it counts it and retires the token; it
 * never fetches a reply nobody waits for). Returns 1 when handed over. */
static int a2p_late(struct scmia_smc_chan *sc, struct smc_state *st, struct scmia_chan *chan,
		    int *ret)
{
	unsigned one = 1u;
	uint32_t hdr;

	if (!atomic_load(&st->stale) ||
	    !(scmia_smt_area_status(&sc->smt.area) &
	      (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)))
		return 0;
	hdr = scmia_smt_area_header(&sc->smt.area);
	if (!scmia_hdr_same_msg(hdr, atomic_load(&st->stale_hdr)) ||
	    !cas_uint(chan, &st->stale, &one, 0u))
		return 0;
	inc(chan, &st->late);
	*ret = scmia_rx(chan, hdr, a2p_cookie(hdr));
	return 1;
}

int scmia_smc_irq(struct scmia_smc_chan *sc)
{
	struct scmia_chan *chan;
	struct smc_state *st;
	unsigned s1, s2;
	uint32_t hdr;

	if (!sc)
		return SCMIA_EINVAL;
	st = st_of(sc);
	chan = atomic_load(&st->chan);
	if (!chan) {
		/* Not a bound a2p channel: a p2a channel (SMT state), or an
		 * interrupt before setup / after free (SMT says ESTATE). */
		return scmia_smt_irq(&sc->smt);
	}
	s1 = atomic_load(&st->seq);
	/* Only a reply someone called for and asked an interrupt for: a late
	 * interrupt of a timed-out message, one for a polling or returning
	 * owner (it fetches by itself), or one while the area is still the
	 * platform's would otherwise be taken for the current one. */
	if (!atomic_load(&st->owner) || atomic_load(&st->phase) != PH_CALLED ||
	    !atomic_load(&st->irq_wanted) ||
	    !(scmia_smt_area_status(&sc->smt.area) &
	      (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))) {
		int ret;

		if (a2p_late(sc, st, chan, &ret))
			return ret;
		return a2p_spurious(st, chan);
	}
	hdr = scmia_smt_area_header(&sc->smt.area);
	atomic_thread_fence(memory_order_acquire);
	s2 = atomic_load(&st->seq);
	if (s1 != s2) /* the owner changed under us: not its reply */
		return a2p_spurious(st, chan);
	return scmia_rx(chan, hdr, a2p_cookie(hdr));
}

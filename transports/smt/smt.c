/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMT transport: DEN0056 shared memory plus a doorbell (DESIGN.md §2.3).
 *
 * a2p channel, one message in the area at a time:
 *
 *   send:  claim the channel (owner := xfer, bounded wait for another
 *          sender) -> WAIT_FREE: wait for FREE (bounded; give up: EBUSY,
 *          no doorbell) -> WRITING: write message, clear status -> RUNG
 *          -> ring
 *   reply: interrupt (scmia_smt_irq) or poll_done -> core -> fetch_response
 *          (checks: this xfer owns the area, FREE/ERROR, length, header)
 *   done:  mark_txdone(xfer) -> IDLE, owner := NULL
 *
 * A completion interrupt is handed to the core only for an owner in RUNG
 * that asked for one, or, while nobody writes the area (IDLE, WAIT_FREE),
 * once after a send ended in error (timeout): that one may announce the
 * late reply, which the core then counts as late. Any other interrupt is
 * spurious: counted, the area left alone.
 *
 * The owner claim is what keeps a second sender from overwriting the area
 * while the platform owns it or before the reply was fetched; it is a C11
 * atomic because the core's lock is not the transport's to take. FREE is
 * still checked before every write (a timed-out message may keep the
 * platform busy after its owner gave up).
 *
 * p2a channel: the platform posts by clearing FREE; the agent owns the area
 * until it sets FREE again. `held` names the message being processed (a
 * generation number, also the cookie), so a second interrupt for the same
 * message is not processed twice, and a FREE is set exactly once per
 * message even when the core keeps it (SCMIA_RX_DEFERRED) and releases it
 * later from another context.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_smt.h"

/* a2p phases */
enum { PH_IDLE = 0, PH_WAIT_FREE, PH_WRITING, PH_RUNG, PH_FETCHED };

/* Bound on messages one interrupt entry processes back to back. */
#define SMT_RX_LOOP_MAX 16u

struct smt_state {
	_Atomic(struct scmia_chan *) chan;  /* bound by chan_setup, NULL otherwise */
	_Atomic(struct scmia_xfer *) owner; /* a2p: sender owning the area */
	atomic_uint phase;                  /* a2p: PH_* */
	atomic_uint irq_wanted;             /* a2p: owner asked for a completion irq */
	atomic_uint seq;                    /* a2p: bumped before writing the area, at release */
	atomic_uint late;                   /* a2p: a send ended in error: a late reply may come */
	atomic_uint held;                   /* p2a: generation being processed, 0: none */
	atomic_uint gen;                    /* p2a: last generation issued */
	atomic_uint again;                  /* p2a: a look came while held: AGAIN_POLL | AGAIN_IRQ */
	atomic_uint depth;                  /* p2a: receives in progress in smt_p2a_rx */
	atomic_uint rings;
	atomic_uint acks;
	atomic_uint spurious;
	atomic_uint busy;
	atomic_uint errors;
};

_Static_assert(sizeof(struct smt_state) <= sizeof(((struct scmia_smt_chan *)0)->priv),
	       "SCMIA_SMT_PRIV_WORDS too small");
_Static_assert(_Alignof(struct smt_state) <= _Alignof(uint64_t), "smt state alignment");

static struct smt_state *st_of(struct scmia_smt_chan *sc)
{
	return (struct smt_state *)(void *)sc->priv;
}

static const struct smt_state *cst_of(const struct scmia_smt_chan *sc)
{
	return (const struct smt_state *)(const void *)sc->priv;
}

static void inc(atomic_uint *c)
{
	atomic_fetch_add_explicit(c, 1u, memory_order_relaxed);
}

/* The area responses are read from: the separate rx area when configured. */
static struct scmia_smt_area *resp_area(struct scmia_smt_chan *sc)
{
	return sc->rx_area.size ? &sc->rx_area : &sc->area;
}

static uint32_t free_timeout(const struct scmia_smt_chan *sc)
{
	uint32_t t;

	if (sc->free_timeout_us)
		return sc->free_timeout_us;
	t = scmia_smt_transport.reply_timeout_us ? scmia_smt_transport.reply_timeout_us
						 : SCMIA_DEFAULT_REPLY_TIMEOUT_US;
	return t > 0x7fffffffu ? 0xffffffffu : 2u * t;
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

int scmia_smt_chan_init(struct scmia_smt_chan *sc, const struct scmia_smt_cfg *cfg)
{
	const struct scmia_smt_access *acc;
	struct smt_state *st;
	int ret;

	if (!sc || !cfg || (cfg->flags & ~(SCMIA_SMT_F_WORD32 | SCMIA_SMT_F_NO_IRQ)))
		return SCMIA_EINVAL;
	memset(sc, 0, sizeof(*sc));
	acc = cfg->acc;
	if (!acc)
		acc = (cfg->flags & SCMIA_SMT_F_WORD32) ? &scmia_smt_access_word32
							 : &scmia_smt_access_default;
	ret = scmia_smt_area_init(&sc->area, cfg->base, cfg->size, acc, cfg->acc_ctx);
	if (ret)
		return ret;
	scmia_smt_area_set_vendor(&sc->area, cfg->vendor, cfg->vendor_ctx);
	if (cfg->rx_base) {
		ret = scmia_smt_area_init(&sc->rx_area, cfg->rx_base, cfg->rx_size, acc,
					  cfg->acc_ctx);
		if (ret)
			return ret;
		scmia_smt_area_set_vendor(&sc->rx_area, cfg->vendor, cfg->vendor_ctx);
	} else if (cfg->rx_size) {
		return SCMIA_EINVAL;
	}
	sc->ring = cfg->ring;
	sc->ring_ctx = cfg->ring_ctx;
	sc->ack = cfg->ack;
	sc->ack_ctx = cfg->ack_ctx;
	sc->free_timeout_us = cfg->free_timeout_us;
	sc->flags = cfg->flags;

	st = st_of(sc);
	atomic_init(&st->chan, NULL);
	atomic_init(&st->owner, NULL);
	atomic_init(&st->phase, PH_IDLE);
	atomic_init(&st->irq_wanted, 0u);
	atomic_init(&st->seq, 0u);
	atomic_init(&st->late, 0u);
	atomic_init(&st->held, 0u);
	atomic_init(&st->gen, 0u);
	atomic_init(&st->again, 0u);
	atomic_init(&st->depth, 0u);
	atomic_init(&st->rings, 0u);
	atomic_init(&st->acks, 0u);
	atomic_init(&st->spurious, 0u);
	atomic_init(&st->busy, 0u);
	atomic_init(&st->errors, 0u);
	return SCMIA_OK;
}

int scmia_smt_chan_stats(const struct scmia_smt_chan *sc, struct scmia_smt_stats *out)
{
	const struct smt_state *st;

	if (!sc || !out)
		return SCMIA_EINVAL;
	st = cst_of(sc);
	out->rings = atomic_load_explicit(&st->rings, memory_order_relaxed);
	out->acks = atomic_load_explicit(&st->acks, memory_order_relaxed);
	out->spurious = atomic_load_explicit(&st->spurious, memory_order_relaxed);
	out->busy = atomic_load_explicit(&st->busy, memory_order_relaxed);
	out->errors = atomic_load_explicit(&st->errors, memory_order_relaxed);
	return SCMIA_OK;
}

struct scmia_smt_area *scmia_smt_chan_area(struct scmia_smt_chan *sc)
{
	return sc ? &sc->area : NULL;
}

/* ------------------------------------------------------------------ */
/* Transport ops                                                       */
/* ------------------------------------------------------------------ */

static int smt_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct smt_state *st;
	struct scmia_chan *none = NULL;

	(void)ctx;
	if (!sc || !sc->area.acc)
		return SCMIA_EINVAL;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_A2P && !sc->ring)
		return SCMIA_EINVAL;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_P2A && sc->rx_area.size)
		return SCMIA_EINVAL; /* a separate response area is an a2p option */
	st = st_of(sc);
	atomic_store(&st->owner, NULL);
	atomic_store(&st->phase, PH_IDLE);
	atomic_store(&st->held, 0u);
	atomic_store(&st->again, 0u);
	atomic_store(&st->late, 0u);
	/* Publish last: from here on scmia_smt_irq() may call scmia_rx(). */
	if (!atomic_compare_exchange_strong(&st->chan, &none, chan))
		return SCMIA_ESTATE; /* context already bound to another channel */
	return SCMIA_OK;
}

static void smt_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct smt_state *st;
	struct scmia_chan *expect = chan;

	(void)ctx;
	if (!sc)
		return;
	st = st_of(sc);
	(void)atomic_compare_exchange_strong(&st->chan, &expect, NULL);
	atomic_store(&st->owner, NULL);
	atomic_store(&st->phase, PH_IDLE);
}

/* Release the a2p area if @xfer owns it. */
static void a2p_release(struct smt_state *st, struct scmia_xfer *xfer)
{
	struct scmia_xfer *expect = xfer;

	if (atomic_load(&st->owner) != xfer)
		return;
	atomic_store(&st->phase, PH_IDLE);
	atomic_store(&st->irq_wanted, 0u);
	atomic_fetch_add(&st->seq, 1u);
	(void)atomic_compare_exchange_strong(&st->owner, &expect, NULL);
}

static int smt_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct smt_state *st;
	uint32_t tmo;
	uint64_t start, spent;
	int want_irq, ret;

	(void)ctx;
	if (!sc || !xfer || scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		return SCMIA_EINVAL;
	st = st_of(sc);
	tmo = free_timeout(sc);
	start = scmia_chan_now_us(chan);

	/* Claim the area against other senders of this channel (bounded). */
	for (;;) {
		struct scmia_xfer *expect = NULL;
		int expired = scmia_chan_now_us(chan) - start >= (uint64_t)tmo;

		if (atomic_compare_exchange_strong(&st->owner, &expect, xfer))
			break;
		if (expect == xfer)
			return SCMIA_ESTATE;
		if (expired) {
			inc(&st->busy);
			return SCMIA_EBUSY;
		}
		scmia_chan_relax(chan);
	}
	atomic_store(&st->phase, PH_WAIT_FREE);

	/* The platform may still own the area (a message whose sender timed
	 * out): wait for FREE with what is left of the budget; give up
	 * without writing or ringing. */
	spent = scmia_chan_now_us(chan) - start;
	ret = scmia_smt_area_wait_free(&sc->area, chan,
				       spent >= tmo ? 0u : (uint32_t)(tmo - spent));
	if (ret) {
		inc(&st->busy);
		a2p_release(st, xfer);
		return SCMIA_EBUSY;
	}
	/* From here the area is rewritten: an interrupt entry reading it must
	 * see the sequence change (bumped before the first write). */
	atomic_store(&st->phase, PH_WRITING);
	atomic_store(&st->late, 0u);
	atomic_fetch_add(&st->seq, 1u);
	atomic_thread_fence(memory_order_release);

	want_irq = !(sc->flags & SCMIA_SMT_F_NO_IRQ) &&
		   !(scmia_xfer_flags(xfer) & SCMIA_XFER_F_POLL);
	if (sc->rx_area.size) {
		/* Hand the response area to the platform too: a FREE left
		 * there by the previous reply must not complete this one. */
		(void)scmia_smt_area_write32(&sc->rx_area, SCMIA_SMT_OFF_STATUS, 0);
	}
	atomic_store(&st->irq_wanted, want_irq ? 1u : 0u);
	ret = scmia_smt_area_tx_prepare(&sc->area, xfer, want_irq);
	if (ret) {
		a2p_release(st, xfer);
		return ret;
	}
	/* RUNG before the doorbell: the completion interrupt may come at
	 * once. The area's status is already 0, so an interrupt before this
	 * point is seen as spurious. */
	atomic_store(&st->phase, PH_RUNG);
	inc(&st->rings);
	/* This transfer owns the area and the message is written: from here
	 * a reply to its token can be the platform's. */
	scmia_xfer_sent(xfer);
	ret = sc->ring(sc->ring_ctx);
	if (ret) {
		/* The platform was not told. The area stays cleared (the
		 * platform may still find it): the next send waits for FREE. */
		a2p_release(st, xfer);
		return SCMIA_EIO;
	}
	return SCMIA_OK;
}

static void smt_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);

	(void)ctx;
	if (!sc || scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		return;
	if (ret < 0 && atomic_load(&st_of(sc)->owner) == xfer &&
	    atomic_load(&st_of(sc)->phase) == PH_RUNG)
		atomic_store(&st_of(sc)->late, 1u);
	/* Only the owner's release counts: a duplicate or stray call for a
	 * transfer that never got the area must not free another's claim. */
	a2p_release(st_of(sc), xfer);
}

static int smt_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct smt_state *st;

	(void)ctx;
	if (!sc || scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		return 0;
	st = st_of(sc);
	if (atomic_load(&st->owner) != xfer || atomic_load(&st->phase) != PH_RUNG)
		return 0;
	return scmia_smt_area_poll_done(resp_area(sc), xfer);
}

/* Cookie of a p2a message: its generation, never 0 (NULL means polling). */
static void *gen_cookie(unsigned g)
{
	return (void *)(uintptr_t)g;
}

static int p2a_cookie_ok(struct smt_state *st, void *cookie)
{
	unsigned held = atomic_load(&st->held);

	return held != 0u && cookie == gen_cookie(held);
}

static int smt_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			      void *cookie)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct scmia_smt_area *area;
	struct smt_state *st;
	int ret;

	(void)ctx;
	if (!sc || !xfer)
		return SCMIA_EINVAL;
	st = st_of(sc);
	if (scmia_chan_dir(chan) == SCMIA_CHAN_A2P) {
		/* The area holds @xfer's reply only while @xfer owns it and
		 * the platform is done with it. */
		area = resp_area(sc);
		if (atomic_load(&st->owner) != xfer || atomic_load(&st->phase) != PH_RUNG ||
		    !(scmia_smt_area_status(area) &
		      (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))) {
			inc(&st->errors);
			return SCMIA_EUNEXPECTED;
		}
	} else {
		/* Delayed response: only the message this channel holds. */
		area = &sc->area;
		if (!p2a_cookie_ok(st, cookie)) {
			inc(&st->errors);
			return SCMIA_EUNEXPECTED;
		}
	}
	ret = scmia_smt_area_fetch_response(area, xfer);
	if (scmia_chan_dir(chan) == SCMIA_CHAN_A2P)
		/* The reply is read: another interrupt before mark_txdone is
		 * a duplicate, spurious. */
		atomic_store(&st->phase, PH_FETCHED);
	if (ret)
		inc(&st->errors);
	return ret;
}

static int smt_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				  uint32_t max_len, void *cookie)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct smt_state *st;
	int ret;

	(void)ctx;
	if (!sc || !xfer)
		return SCMIA_EINVAL;
	st = st_of(sc);
	if (scmia_chan_dir(chan) != SCMIA_CHAN_P2A || !p2a_cookie_ok(st, cookie)) {
		inc(&st->errors);
		return SCMIA_EUNEXPECTED;
	}
	ret = scmia_smt_area_fetch_notification(&sc->area, xfer, max_len);
	if (ret)
		inc(&st->errors);
	return ret;
}

/* p2a: the message of generation @g is done with: set FREE (once), ring
 * the completion doorbell when the platform asked. */
static void p2a_free(struct scmia_smt_chan *sc, unsigned g)
{
	struct smt_state *st = st_of(sc);
	int ack;

	if (!g || atomic_load(&st->held) != g)
		return;
	ack = scmia_smt_area_mark_free(&sc->area);
	/* FREE first, then drop the claim: an interrupt that finds the claim
	 * dropped and the area not FREE knows it is a new message. */
	atomic_store(&st->held, 0u);
	if (ack && sc->ack) {
		inc(&st->acks);
		(void)sc->ack(sc->ack_ctx);
	}
}

static int smt_p2a_rx(struct scmia_smt_chan *sc, int count_spurious);

/* Who was turned away while a message was held: a look again on behalf of
 * a poll that finds nothing is not a spurious interrupt. */
#define AGAIN_POLL 1u
#define AGAIN_IRQ 2u

/* Release from outside smt_p2a_rx (a deferred message the core finished
 * later): if an interrupt was turned away meanwhile, look again. */
static void p2a_release(struct scmia_smt_chan *sc, void *cookie)
{
	struct smt_state *st = st_of(sc);

	unsigned ag;

	p2a_free(sc, (unsigned)(uintptr_t)cookie);
	if (atomic_load(&st->depth) != 0u)
		return;
	ag = atomic_exchange(&st->again, 0u);
	if (ag)
		(void)smt_p2a_rx(sc, (ag & AGAIN_IRQ) != 0u);
}

static void smt_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);

	(void)ctx;
	/* An a2p area is never the agent's to free: the platform sets FREE
	 * when it is done, and the owner's mark_txdone ends the claim. */
	if (!sc || scmia_chan_dir(chan) != SCMIA_CHAN_P2A)
		return;
	p2a_release(sc, cookie);
}

static void smt_rx_release(void *ctx, struct scmia_chan *chan, void *cookie)
{
	smt_clear_channel(ctx, chan, cookie);
}

/* Polling receive of a p2a area (rx_poll op): nothing there is not an error. */
static int smt_rx_poll(void *ctx, struct scmia_chan *chan)
{
	struct scmia_smt_chan *sc = scmia_chan_ctx(chan);
	int r;

	(void)ctx;
	if (!sc || scmia_chan_dir(chan) != SCMIA_CHAN_P2A)
		return 0;
	r = scmia_smt_poll(sc);
	if (r == SCMIA_EBUSY)
		return 0;
	return 1; /* a message was handed to the core (consumed, kept or dropped) */
}

static const struct scmia_transport_ops smt_ops = {
	.chan_setup = smt_chan_setup,
	.chan_free = smt_chan_free,
	.send = smt_send,
	.mark_txdone = smt_mark_txdone,
	.fetch_response = smt_fetch_response,
	.fetch_notification = smt_fetch_notification,
	.clear_channel = smt_clear_channel,
	.poll_done = smt_poll_done,
	.rx_release = smt_rx_release,
	.rx_poll = smt_rx_poll,
};

const struct scmia_transport scmia_smt_transport = {
	.ops = &smt_ops,
	.name = "smt",
	.reply_timeout_us = SCMIA_DEFAULT_REPLY_TIMEOUT_US,
	.max_msg = 20,
	.max_msg_size = 128 - SCMIA_SMT_OFF_PAYLOAD,
	.flags = SCMIA_TRANSPORT_F_ATOMIC_SAFE,
};

/* ------------------------------------------------------------------ */
/* Interrupt entry                                                     */
/* ------------------------------------------------------------------ */

static int spurious(struct scmia_smt_chan *sc, struct scmia_chan *chan)
{
	inc(&st_of(sc)->spurious);
	scmia_chan_count(chan, SCMIA_CNT_SPURIOUS);
	return SCMIA_EBUSY;
}

static int smt_a2p_rx(struct scmia_smt_chan *sc, struct scmia_chan *chan, int count_spurious)
{
	struct smt_state *st = st_of(sc);
	struct scmia_smt_area *area = resp_area(sc);
	unsigned s1, s2, phase, late = 0;
	uint32_t hdr;

	s1 = atomic_load(&st->seq);
	phase = atomic_load(&st->phase);
	/* Only a reply someone rang for and asked an interrupt for, or the
	 * late reply of a send that ended in error while nobody writes the
	 * area. Anything else is spurious: an interrupt while the platform
	 * still owns the area (Linux 6.8 fix), one for a polling owner (it
	 * fetches by itself), a duplicate for a reply already fetched. */
	if (phase == PH_RUNG && atomic_load(&st->owner) && atomic_load(&st->irq_wanted))
		late = 0;
	else if ((phase == PH_IDLE || phase == PH_WAIT_FREE) && atomic_load(&st->late))
		late = 1;
	else
		return count_spurious ? spurious(sc, chan) : SCMIA_EBUSY;
	if (!(scmia_smt_area_status(area) & (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)))
		return count_spurious ? spurious(sc, chan) : SCMIA_EBUSY;
	hdr = scmia_smt_area_header(area);
	atomic_thread_fence(memory_order_acquire);
	s2 = atomic_load(&st->seq);
	if (s1 != s2) /* the area was rewritten under us: not the reply we saw */
		return count_spurious ? spurious(sc, chan) : SCMIA_EBUSY;
	if (late) {
		unsigned one = 1u;

		/* report the late reply once */
		if (!atomic_compare_exchange_strong(&st->late, &one, 0u))
			return count_spurious ? spurious(sc, chan) : SCMIA_EBUSY;
	}
	return scmia_rx(chan, hdr, sc);
}

static int smt_p2a_rx(struct scmia_smt_chan *sc, int count_spurious)
{
	struct smt_state *st = st_of(sc);
	int ret = SCMIA_EBUSY;
	unsigned i;

	for (i = 0; i < SMT_RX_LOOP_MAX; i++) {
		struct scmia_chan *chan = atomic_load(&st->chan);
		unsigned g, zero = 0;
		uint32_t hdr;
		int r;

		if (!chan)
			return SCMIA_ESTATE;
		if (scmia_smt_area_is_free(&sc->area)) {
			/* Nothing posted (or a look again that found nothing:
			 * the interrupt turned away was a duplicate). */
			if (count_spurious)
				(void)spurious(sc, chan);
			return i ? ret : SCMIA_EBUSY;
		}
		g = atomic_fetch_add(&st->gen, 1u) + 1u;
		if (!g)
			g = atomic_fetch_add(&st->gen, 1u) + 1u;
		if (!atomic_compare_exchange_strong(&st->held, &zero, g)) {
			/* Another receive holds a message. Either this is a
			 * second interrupt for it, or that receive set FREE
			 * and a new message came before it dropped its claim:
			 * it looks again when it is done. Never wait here (an
			 * interrupt may have preempted the holder). */
			atomic_fetch_or(&st->again, count_spurious ? AGAIN_IRQ : AGAIN_POLL);
			zero = 0;
			if (!atomic_compare_exchange_strong(&st->held, &zero, g))
				return i ? ret : SCMIA_EBUSY;
		}
		/* Whatever interrupt was turned away before this claim was
		 * about the message now in the area, processed below. */
		atomic_store(&st->again, 0u);
		/* Claimed: FREE now means the holder we raced with consumed
		 * the message we saw; nothing new is there. */
		if (scmia_smt_area_is_free(&sc->area)) {
			atomic_store(&st->held, 0u);
			if (count_spurious)
				(void)spurious(sc, chan);
			return i ? ret : SCMIA_EBUSY;
		}
		hdr = scmia_smt_area_header(&sc->area);
		atomic_fetch_add(&st->depth, 1u);
		r = scmia_rx(chan, hdr, gen_cookie(g));
		/* Kept by the core: FREE at rx_release, not before. */
		if (r != SCMIA_RX_DEFERRED)
			p2a_free(sc, g);
		atomic_fetch_sub(&st->depth, 1u);
		ret = r;
		g = atomic_exchange(&st->again, 0u);
		if (!g)
			break;
		count_spurious = (g & AGAIN_IRQ) != 0u;
	}
	return ret;
}

static int smt_rx(struct scmia_smt_chan *sc, int count_spurious)
{
	struct scmia_chan *chan;

	if (!sc)
		return SCMIA_EINVAL;
	chan = atomic_load(&st_of(sc)->chan);
	if (!chan)
		return SCMIA_ESTATE;
	if (scmia_chan_dir(chan) == SCMIA_CHAN_A2P)
		return smt_a2p_rx(sc, chan, count_spurious);
	return smt_p2a_rx(sc, count_spurious);
}

int scmia_smt_irq(struct scmia_smt_chan *sc)
{
	return smt_rx(sc, 1);
}

int scmia_smt_poll(struct scmia_smt_chan *sc)
{
	return smt_rx(sc, 0);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMT transport: DEN0056 shared memory plus a doorbell.
 *
 * a2p channel, one message in the area at a time:
 *
 *   send:  claim the channel (owner := xfer; bounded wait for another
 *          sender) -> WAIT_FREE: wait for FREE (bounded; give up: EBUSY,
 *          no doorbell) -> WRITING: write the message -> scmia_xfer_sent()
 *          (matchable from here) -> clear the status (the platform may see
 *          it) -> RUNG -> ring
 *   reply: interrupt (scmia_smt_irq) or poll_done -> core -> fetch_response
 *          (checks: this xfer owns the area, RUNG, FREE/ERROR, the header is
 *          the one the receive entry was given) -> FETCHED
 *   done:  mark_txdone(xfer) -> IDLE, owner := NULL
 *
 * A completion interrupt is handed to the core only for an owner in RUNG
 * that asked for one, or, while nobody writes the area (IDLE, WAIT_FREE),
 * once after a send ended in error (timeout): that one may announce the
 * late reply, which the core then counts as late. An interrupt while the
 * message is being written (a polling platform that answered before the
 * doorbell) is looked at again once the sender reached RUNG. Any other
 * interrupt is spurious: counted, the area left alone.
 *
 * The channel state (owner, phase, ...) is changed under the agent's lock
 * (scmia_chan_lock()), held for a few instructions and a status/header read
 * of the area: no atomic read-modify-write instruction is needed, so the
 * transport runs on cores without them (Cortex-M0+, RV32I), and with no OS
 * lock at all (single-context polling) it costs nothing. The area itself is
 * written only by its owner between the claim and RUNG, and only read
 * while the core holds the transfer (a receive in progress keeps the owner
 * from ending the send).
 *
 * p2a channel: the platform posts by clearing FREE; the agent owns the area
 * until it sets FREE again. `held` says a message is being processed and
 * `gen` names it (also the cookie), so a second interrupt for the same
 * message is not processed twice, and FREE is set exactly once per message
 * even when the core keeps it (SCMIA_RX_DEFERRED) and releases it later
 * from another context.
 *
 * Interrupt entries count themselves (depth) so that chan_free waits for
 * those in progress before the caller may free the channel context.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_smt.h"

/* a2p phases */
enum { PH_IDLE = 0, PH_WAIT_FREE, PH_WRITING, PH_RUNG, PH_FETCHED };

/* Bound on messages one interrupt entry processes back to back. */
#define SMT_RX_LOOP_MAX 16u

/* Who was turned away while a p2a message was held: a look again on behalf
 * of a poll that finds nothing is not a spurious interrupt. */
#define AGAIN_POLL 1u
#define AGAIN_IRQ 2u

struct smt_state {
	struct scmia_chan *chan;   /* bound by chan_setup, NULL otherwise */
	struct scmia_xfer *owner;  /* a2p: sender owning the area */
	uint32_t rx_hdr;           /* header the receive entry was last given */
	uint32_t gen;              /* p2a: generation of the held message */
	uint32_t rings, acks, spurious, busy, errors;
	uint16_t depth;            /* interrupt / poll entries in progress */
	uint8_t phase;             /* a2p: PH_* */
	uint8_t irq_wanted;        /* a2p: the owner asked for a completion irq */
	uint8_t late;              /* a2p: a send ended in error: a late reply may come */
	uint8_t missed;            /* a2p: an interrupt came while WRITING */
	uint8_t unrung;            /* a2p: a message was handed over but its doorbell failed */
	uint8_t held;              /* p2a: a message is being processed */
	uint8_t again;             /* p2a: AGAIN_* turned away while held */
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

/* The agent's lock over the channel state (scmia_chan_lock()). A build
 * without a lock (SCMIA_CFG_LOCK 0: one context only) takes none:
 * scmia_chan_lock() does nothing there but keep the compiler from moving
 * accesses across the section's edges, which these do in line. */
#if SCMIA_CFG_LOCK
#define smt_lock(chan) scmia_chan_lock(chan)
#define smt_unlock(chan, key) scmia_chan_unlock((chan), (key))
#else
static scmia_lock_key_t smt_lock(struct scmia_chan *chan)
{
	(void)chan;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return 0;
}

static void smt_unlock(struct scmia_chan *chan, scmia_lock_key_t key)
{
	(void)chan;
	(void)key;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}
#endif

/* The bound channel: published by chan_setup, read by interrupt entries
 * without a lock (a pointer load is atomic on every target). */
static struct scmia_chan *bound(struct smt_state *st)
{
	return __atomic_load_n(&st->chan, __ATOMIC_ACQUIRE);
}

/* Whether @chan is an a2p channel. A build without p2a channels
 * (!SCMIA_CFG_P2A) has no other kind: scmia_chan_open() refuses them. */
static int is_a2p(struct scmia_chan *chan)
{
#if SCMIA_CFG_P2A
	return scmia_chan_dir(chan) == SCMIA_CHAN_A2P;
#else
	(void)chan;
	return 1;
#endif
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
	sc->area.vendor = cfg->vendor;
	sc->area.vendor_ctx = cfg->vendor_ctx;
	/* An rx size without an rx base is refused too (EINVAL: no base). */
	if (cfg->rx_base || cfg->rx_size) {
		ret = scmia_smt_area_init(&sc->rx_area, cfg->rx_base, cfg->rx_size, acc,
					  cfg->acc_ctx);
		if (ret)
			return ret;
		sc->rx_area.vendor = cfg->vendor;
		sc->rx_area.vendor_ctx = cfg->vendor_ctx;
	}
	sc->ring = cfg->ring;
	sc->ring_ctx = cfg->ring_ctx;
	sc->ack = cfg->ack;
	sc->ack_ctx = cfg->ack_ctx;
	sc->free_timeout_us = cfg->free_timeout_us;
	sc->flags = cfg->flags;
	return SCMIA_OK;
}

int scmia_smt_chan_stats(const struct scmia_smt_chan *sc, struct scmia_smt_stats *out)
{
	const struct smt_state *st;

	if (!sc || !out)
		return SCMIA_EINVAL;
	st = cst_of(sc);
	out->rings = __atomic_load_n(&st->rings, __ATOMIC_RELAXED);
	out->acks = __atomic_load_n(&st->acks, __ATOMIC_RELAXED);
	out->spurious = __atomic_load_n(&st->spurious, __ATOMIC_RELAXED);
	out->busy = __atomic_load_n(&st->busy, __ATOMIC_RELAXED);
	out->errors = __atomic_load_n(&st->errors, __ATOMIC_RELAXED);
	return SCMIA_OK;
}

struct scmia_smt_area *scmia_smt_chan_area(struct scmia_smt_chan *sc)
{
	return sc ? &sc->area : NULL;
}

/* Count an event: lock held (the stats are read without it: relaxed). */
#define BUMP(field) __atomic_store_n(&(field), (field) + 1u, __ATOMIC_RELAXED)

static void bump(struct scmia_chan *chan, uint32_t *field)
{
	scmia_lock_key_t key = smt_lock(chan);

	__atomic_store_n(field, *field + 1u, __ATOMIC_RELAXED);
	smt_unlock(chan, key);
}

/* ------------------------------------------------------------------ */
/* Transport ops                                                       */
/* ------------------------------------------------------------------ */

static int smt_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct smt_state *st;
	scmia_lock_key_t key;
	int ret = SCMIA_OK, a2p;

	(void)ctx;
	if (!sc || !sc->area.acc)
		return SCMIA_EINVAL;
	a2p = is_a2p(chan);
	if (a2p ? !sc->ring : sc->rx_area.size != 0u)
		return SCMIA_EINVAL; /* a2p: a doorbell; a separate response area is an a2p option */
	st = st_of(sc);
	key = smt_lock(chan);
	if (st->chan) {
		ret = SCMIA_ESTATE; /* context already bound to another channel */
	} else {
		st->owner = NULL;
		st->phase = PH_IDLE;
		st->held = 0;
		st->again = 0;
		st->late = 0;
		st->missed = 0;
		st->unrung = 0;
		/* Publish last: from here on scmia_smt_irq() may call scmia_rx(). */
		__atomic_store_n(&st->chan, chan, __ATOMIC_RELEASE);
	}
	smt_unlock(chan, key);
	if (!ret && (sc->flags & SCMIA_SMT_F_NO_IRQ) && a2p)
		scmia_chan_no_completion_irq(chan); /* every wait polls */
	return ret;
}

static void smt_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct smt_state *st;
	scmia_lock_key_t key;

	(void)ctx;
	if (!sc)
		return;
	st = st_of(sc);
	key = smt_lock(chan);
	if (st->chan == chan) {
		__atomic_store_n(&st->chan, (struct scmia_chan *)NULL, __ATOMIC_RELEASE);
		st->owner = NULL;
		st->phase = PH_IDLE;
	}
	smt_unlock(chan, key);
	/* Interrupt entries already inside finish soon (they never block):
	 * the caller may free the context only after them. */
	for (;;) {
		uint16_t d;

		key = smt_lock(chan);
		d = st->depth;
		smt_unlock(chan, key);
		if (!d)
			break;
		scmia_chan_relax(chan);
	}
}

/* Release the a2p area if @xfer owns it. Lock held. */
static void a2p_release_locked(struct smt_state *st, struct scmia_xfer *xfer)
{
	if (st->owner != xfer)
		return;
	st->phase = PH_IDLE;
	st->irq_wanted = 0;
	st->owner = NULL;
}

/* End @xfer's claim of the a2p area (if it holds it), under the lock:
 * count the event in @count (NULL: none) and, when @late, remember that
 * a reply to a message the platform has may still come. */
static void a2p_end(struct scmia_chan *chan, struct smt_state *st, struct scmia_xfer *xfer,
		    uint32_t *count, int late)
{
	scmia_lock_key_t key = smt_lock(chan);

	if (count)
		BUMP(*count);
	/* A sender giving up while its message is with the platform: the
	 * reply may still come (once). */
	if (late && st->owner == xfer && st->phase == PH_RUNG)
		st->late = 1;
	/* Only the owner's release counts: a duplicate or stray call for a
	 * transfer that never got the area must not free another's claim. */
	a2p_release_locked(st, xfer);
	smt_unlock(chan, key);
}

/* The SMT context of an a2p channel, NULL for none or a p2a channel. */
static struct scmia_smt_chan *a2p_ctx(struct scmia_chan *chan)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);

	return sc && is_a2p(chan) ? sc : NULL;
}

static int smt_a2p_rx(struct scmia_smt_chan *sc, struct scmia_chan *chan, int count_spurious);

static int smt_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_smt_chan *sc = a2p_ctx(chan);
	struct smt_state *st;
	scmia_lock_key_t key;
	uint32_t tmo;
	uint64_t start, spent;
	int want_irq, ret, missed, unrung = 0;

	(void)ctx;
	if (!sc || !xfer)
		return SCMIA_EINVAL;
	st = st_of(sc);
	tmo = free_timeout(sc);
	start = scmia_chan_now_us(chan);

	/* Claim the area against other senders of this channel (bounded; the
	 * clock is read before the look so the last look follows the
	 * deadline). */
	for (;;) {
		int expired = scmia_chan_now_us(chan) - start >= (uint64_t)tmo;
		struct scmia_xfer *owner;

		key = smt_lock(chan);
		owner = st->owner;
		if (!owner) {
			st->owner = xfer;
			st->phase = PH_WAIT_FREE;
			unrung = st->unrung;
		}
		smt_unlock(chan, key);
		if (!owner)
			break;
		if (owner == xfer)
			return SCMIA_ESTATE;
		if (expired) {
			/* not the owner: counts, releases nothing */
			a2p_end(chan, st, xfer, &st->busy, 0);
			return SCMIA_EBUSY;
		}
		scmia_chan_relax(chan);
	}

	/* An earlier send handed its message over but its doorbell failed:
	 * a platform that waits for doorbells would keep the area for ever.
	 * Ring for that message now (each send tries once while it is not
	 * answered); its reply reaches nobody (that send failed, its transfer
	 * kept its token), then the area is FREE again. */
	if (unrung && !scmia_smt_area_is_free(&sc->area)) {
		key = smt_lock(chan);
		BUMP(st->rings);
		smt_unlock(chan, key);
		(void)sc->ring(sc->ring_ctx);
	}
	/* The platform may still own the area (a message whose sender timed
	 * out): wait for FREE with what is left of the budget; give up
	 * without writing or ringing. */
	spent = scmia_chan_now_us(chan) - start;
	ret = scmia_smt_area_wait_free(&sc->area, chan,
				       spent >= tmo ? 0u : (uint32_t)(tmo - spent));
	if (ret) {
		a2p_end(chan, st, xfer, &st->busy, 0);
		return SCMIA_EBUSY;
	}
	key = smt_lock(chan);
	/* From here the area is rewritten: an interrupt entry turns away. */
	st->phase = PH_WRITING;
	st->late = 0;
	st->missed = 0;
	st->unrung = 0; /* the area is FREE: any earlier message was answered */
	smt_unlock(chan, key);

	want_irq = !(sc->flags & SCMIA_SMT_F_NO_IRQ) &&
		   !(scmia_xfer_flags(xfer) & SCMIA_XFER_F_POLL);
	if (sc->rx_area.size) {
		/* Hand the response area to the platform too: a FREE left
		 * there by the previous reply must not complete this one. */
		(void)scmia_smt_area_write32(&sc->rx_area, SCMIA_SMT_OFF_STATUS, 0);
	}
	ret = scmia_smt_area_tx_write(&sc->area, xfer, want_irq);
	if (ret) {
		a2p_end(chan, st, xfer, NULL, 0);
		return ret;
	}
	/* This transfer owns the area and its message is written: a reply to
	 * its token may come as soon as the status is cleared (a polling
	 * platform does not wait for the doorbell). */
	scmia_xfer_sent(xfer);
	scmia_smt_area_tx_publish(&sc->area);
	key = smt_lock(chan);
	st->phase = PH_RUNG;
	st->irq_wanted = (uint8_t)want_irq;
	missed = st->missed;
	st->missed = 0;
	BUMP(st->rings);
	smt_unlock(chan, key);
	ret = sc->ring(sc->ring_ctx);
	if (ret) {
		/* The platform was not told. The area stays cleared (the
		 * platform may still find it, and it is the platform's until
		 * it sets FREE): the next send rings for it again, then waits
		 * for FREE. */
		key = smt_lock(chan);
		st->unrung = 1;
		smt_unlock(chan, key);
		a2p_end(chan, st, xfer, NULL, 0);
		return SCMIA_EIO;
	}
	if (missed && want_irq)
		/* An interrupt came while we wrote: the reply may be there. */
		(void)smt_a2p_rx(sc, chan, 0);
	return SCMIA_OK;
}

static void smt_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct scmia_smt_chan *sc = a2p_ctx(chan);

	(void)ctx;
	if (sc)
		a2p_end(chan, st_of(sc), xfer, NULL, ret < 0);
}

static int smt_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_smt_chan *sc = a2p_ctx(chan);
	struct smt_state *st;
	scmia_lock_key_t key;
	int mine;

	(void)ctx;
	if (!sc)
		return 0;
	st = st_of(sc);
	key = smt_lock(chan);
	mine = st->owner == xfer && st->phase == PH_RUNG;
	smt_unlock(chan, key);
	if (!mine)
		return 0;
	return scmia_smt_area_poll_done(resp_area(sc), xfer);
}

/* Cookie of a p2a message: its generation, never 0 (NULL means polling). */
static void *gen_cookie(uint32_t g)
{
	return (void *)(uintptr_t)g;
}

/* Fetch a response (notif 0) or a notification of at most @max_len
 * payload bytes (notif 1) into @xfer. */
static int smt_fetch(struct scmia_chan *chan, struct scmia_xfer *xfer, void *cookie, int notif,
		     uint32_t max_len)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct scmia_smt_area *area;
	struct smt_state *st;
	scmia_lock_key_t key;
	uint32_t expect;
	int ok, ret, a2p;

	if (!sc || !xfer)
		return SCMIA_EINVAL;
	st = st_of(sc);
	a2p = is_a2p(chan);
	key = smt_lock(chan);
	if (a2p) {
		/* The area holds @xfer's reply only while @xfer owns it and
		 * the platform is done with it. Fetched by the receive entry
		 * (cookie): the header it was given, which the core matched;
		 * by a poller: the command's own header. A notification never
		 * comes on an a2p channel. */
		area = resp_area(sc);
		ok = st->owner == xfer && st->phase == PH_RUNG;
		ok = ok && !notif;
		expect = cookie ? st->rx_hdr : xfer->hdr;
	} else {
		/* Delayed response or notification: only the message this
		 * channel holds. */
		area = &sc->area;
		ok = st->held && cookie == gen_cookie(st->gen);
		expect = st->rx_hdr;
	}
	smt_unlock(chan, key);
	/* a2p: the platform is done when FREE (or ERROR) is set; p2a: it
	 * posted by clearing FREE, and the area is ours until we set it. */
	ret = SCMIA_EUNEXPECTED;
	if (!ok || (a2p && !(scmia_smt_area_status(area) &
			     (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))))
		goto err;
	/* The header is read again from the area: it must be the one the
	 * receive entry was given (token and type too), or the area changed
	 * under us (a platform rewriting it between two reads). */
	ret = SCMIA_EMALFORMED;
	if (scmia_smt_area_header(area) != expect)
		goto err;
	ret = notif ? scmia_smt_area_fetch_notification(area, xfer, max_len)
		    : scmia_smt_area_fetch_response(area, xfer);
	if (a2p) {
		key = smt_lock(chan);
		if (st->owner == xfer)
			/* The reply is read: another interrupt before
			 * mark_txdone is a duplicate, spurious. */
			st->phase = PH_FETCHED;
		smt_unlock(chan, key);
	}
	if (!ret)
		return SCMIA_OK;
err:
	bump(chan, &st->errors);
	return ret;
}

static int smt_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			      void *cookie)
{
	(void)ctx;
	return smt_fetch(chan, xfer, cookie, 0, 0);
}

#if SCMIA_CFG_P2A
static int smt_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				  uint32_t max_len, void *cookie)
{
	(void)ctx;
	return smt_fetch(chan, xfer, cookie, 1, max_len);
}

/* p2a: the message of generation @g is done with: set FREE (once), ring
 * the completion doorbell when the platform asked. */
static void p2a_free(struct scmia_smt_chan *sc, struct scmia_chan *chan, uint32_t g)
{
	struct smt_state *st = st_of(sc);
	scmia_lock_key_t key;
	int ack = 0;

	key = smt_lock(chan);
	if (g && st->held && st->gen == g) {
		/* FREE first, then drop the claim: an interrupt that finds the
		 * claim dropped and the area not FREE knows it is a new
		 * message. */
		ack = scmia_smt_area_mark_free(&sc->area);
		st->held = 0;
		if (ack && sc->ack)
			BUMP(st->acks);
	}
	smt_unlock(chan, key);
	if (ack && sc->ack)
		(void)sc->ack(sc->ack_ctx);
}

static int smt_p2a_rx(struct scmia_smt_chan *sc, struct scmia_chan *chan, int count_spurious);

/* Release from outside smt_p2a_rx (a deferred message the core finished
 * later, or one it dropped): if an interrupt was turned away meanwhile,
 * look again. */
static void smt_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct scmia_smt_chan *sc = (struct scmia_smt_chan *)scmia_chan_ctx(chan);
	struct smt_state *st;
	scmia_lock_key_t key;
	uint8_t ag = 0;

	(void)ctx;
	/* An a2p area is never the agent's to free: the platform sets FREE
	 * when it is done, and the owner's mark_txdone ends the claim. */
	if (!sc || scmia_chan_dir(chan) != SCMIA_CHAN_P2A)
		return;
	st = st_of(sc);
	p2a_free(sc, chan, (uint32_t)(uintptr_t)cookie);
	key = smt_lock(chan);
	if (!st->depth) {
		ag = st->again;
		st->again = 0;
	}
	smt_unlock(chan, key);
	if (ag)
		(void)smt_p2a_rx(sc, chan, (ag & AGAIN_IRQ) != 0u);
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
#endif /* SCMIA_CFG_P2A */

static const struct scmia_transport_ops smt_ops = {
	.chan_setup = smt_chan_setup,
	.chan_free = smt_chan_free,
	.send = smt_send,
	.mark_txdone = smt_mark_txdone,
	.fetch_response = smt_fetch_response,
	.poll_done = smt_poll_done,
#if SCMIA_CFG_P2A
	.fetch_notification = smt_fetch_notification,
	.clear_channel = smt_clear_channel,
	.rx_release = smt_clear_channel, /* the same release, later */
	.rx_poll = smt_rx_poll,
#endif
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

static int spurious(struct smt_state *st, struct scmia_chan *chan)
{
	bump(chan, &st->spurious);
	scmia_chan_count(chan, SCMIA_CNT_SPURIOUS);
	return SCMIA_EBUSY;
}

static int smt_a2p_rx(struct scmia_smt_chan *sc, struct scmia_chan *chan, int count_spurious)
{
	struct smt_state *st = st_of(sc);
	struct scmia_smt_area *area = resp_area(sc);
	scmia_lock_key_t key;
	uint32_t hdr;
	int late;

	key = smt_lock(chan);
	/* Only a reply someone rang for and asked an interrupt for, or the
	 * late reply of a send that ended in error while nobody writes the
	 * area. Anything else is spurious: an interrupt while the platform
	 * still owns the area (Linux 6.8 fix), one for a polling owner (it
	 * fetches by itself), a duplicate for a reply already fetched. */
	if (st->phase == PH_RUNG && st->owner && st->irq_wanted) {
		late = 0;
	} else if ((st->phase == PH_IDLE || st->phase == PH_WAIT_FREE) && st->late) {
		late = 1;
	} else {
		if (st->phase == PH_WRITING)
			st->missed = 1; /* looked at again once RUNG */
		smt_unlock(chan, key);
		return count_spurious ? spurious(st, chan) : SCMIA_EBUSY;
	}
	/* The area cannot be rewritten while we look (writing happens in
	 * WRITING only, set under this lock). */
	if (!(scmia_smt_area_status(area) & (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR))) {
		smt_unlock(chan, key);
		return count_spurious ? spurious(st, chan) : SCMIA_EBUSY;
	}
	hdr = scmia_smt_area_header(area);
	if (late)
		st->late = 0; /* report the late reply once */
	st->rx_hdr = hdr;
	smt_unlock(chan, key);
	return scmia_rx(chan, hdr, sc);
}

#if SCMIA_CFG_P2A
static int smt_p2a_rx(struct scmia_smt_chan *sc, struct scmia_chan *chan, int count_spurious)
{
	struct smt_state *st = st_of(sc);
	int ret = SCMIA_EBUSY;
	unsigned i;

	for (i = 0; i < SMT_RX_LOOP_MAX; i++) {
		scmia_lock_key_t key = smt_lock(chan);
		uint32_t g, hdr;
		uint8_t ag;
		int r;

		if (st->held) {
			/* Another receive holds a message: either this is a
			 * second interrupt for it, or that receive set FREE and
			 * a new message came before it dropped its claim: it
			 * looks again when it is done. Never wait here (an
			 * interrupt may have preempted the holder). */
			st->again |= count_spurious ? AGAIN_IRQ : AGAIN_POLL;
			smt_unlock(chan, key);
			return i ? ret : SCMIA_EBUSY;
		}
		if (scmia_smt_area_is_free(&sc->area)) {
			/* Nothing posted (or a look again that found nothing:
			 * the interrupt turned away was a duplicate). */
			smt_unlock(chan, key);
			if (count_spurious)
				(void)spurious(st, chan);
			return i ? ret : SCMIA_EBUSY;
		}
		g = st->gen + 1u;
		if (!g)
			g = 1u;
		st->gen = g;
		st->held = 1;
		/* Whatever was turned away before this claim was about the
		 * message now in the area, processed below. */
		st->again = 0;
		hdr = scmia_smt_area_header(&sc->area);
		st->rx_hdr = hdr;
		smt_unlock(chan, key);

		r = scmia_rx(chan, hdr, gen_cookie(g));
		/* Kept by the core: FREE at rx_release, not before. */
		if (r != SCMIA_RX_DEFERRED)
			p2a_free(sc, chan, g);
		ret = r;
		key = smt_lock(chan);
		ag = st->again;
		st->again = 0;
		smt_unlock(chan, key);
		if (!ag)
			break;
		count_spurious = (ag & AGAIN_IRQ) != 0u;
	}
	return ret;
}
#endif

static int smt_rx(struct scmia_smt_chan *sc, int count_spurious)
{
	struct smt_state *st;
	struct scmia_chan *chan;
	scmia_lock_key_t key;
	int ret;

	if (!sc)
		return SCMIA_EINVAL;
	st = st_of(sc);
	chan = bound(st);
	if (!chan)
		return SCMIA_ESTATE;
	/* Count this entry, re-checking the binding under the lock: chan_free
	 * waits for the entries it counted. (An entry that starts after
	 * chan_free returned is the host's bug: disable the interrupt first.) */
	key = smt_lock(chan);
	if (st->chan != chan) {
		smt_unlock(chan, key);
		return SCMIA_ESTATE;
	}
	st->depth++;
	smt_unlock(chan, key);
#if SCMIA_CFG_P2A
	if (scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		ret = smt_p2a_rx(sc, chan, count_spurious);
	else
#endif
		ret = smt_a2p_rx(sc, chan, count_spurious);
	key = smt_lock(chan);
	st->depth--;
	smt_unlock(chan, key);
	return ret;
}

int scmia_smt_irq(struct scmia_smt_chan *sc)
{
	return smt_rx(sc, 1);
}

int scmia_smt_poll(struct scmia_smt_chan *sc)
{
	return smt_rx(sc, 0);
}

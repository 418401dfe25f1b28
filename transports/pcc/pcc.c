/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACPI PCC transport (scmia_pcc.h, docs/porting-pcc.md): SCMI in the shared
 * memory region of extended PCC subspaces, ownership by the command
 * complete bit, registers through the host's hooks.
 *
 * a2p (type 3), one message in the region at a time:
 *
 *   send:  claim (owner := xfer, seq++) -> WAIT_FREE: the doorbell again
 *          if the last message's failed (unrung) and the platform still has
 *          it; minimum turnaround, then command complete set (bounded; give
 *          up: EBUSY, no doorbell)
 *          -> WRITING: write the message -> scmia_xfer_sent() -> Command
 *          Complete Update (the platform may see it now) -> RUNG -> doorbell
 *   reply: interrupt (scmia_pcc_irq: command complete set, acknowledge,
 *          header) or poll_done -> core -> fetch_response (owner, RUNG,
 *          command complete, error status, signature, the header the
 *          receive entry was given, length) -> FETCHED
 *   done:  mark_txdone(owner) -> IDLE, owner := NULL, seq++
 *
 * As in the SMT transport, an interrupt is handed to the core only for an
 * owner in RUNG that asked for it, or once, while nobody writes the region,
 * after a send ended in error (its late reply, which the core counts as
 * late). One that comes while the message is being written is looked at
 * again once RUNG. Register hooks are called without the lock; the state
 * seen before them is checked again after (seq), so an interrupt never
 * takes a new sender's region for the old reply.
 *
 * p2a (type 4): the platform posts by clearing command complete; the agent
 * owns the region until it sets the bit again (Command Complete Update),
 * then rings the doorbell if the platform asked (flags bit0). `held`/`gen`
 * name the message being processed (also the cookie), so a second interrupt
 * does not process it twice, and the bit is set exactly once per message
 * even when the core keeps it (SCMIA_RX_DEFERRED) and releases it later.
 * A receive claims `held` first and reads command complete after: a bit
 * set by the previous holder's release is never taken for a new message.
 *
 * Channel state changes under the agent's lock (scmia_chan_lock()): no
 * atomic read-modify-write instruction anywhere. Interrupt entries count
 * themselves (depth) so that chan_free waits for those in progress.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_pcc.h"

/* a2p phases */
enum { PH_IDLE = 0, PH_WAIT_FREE, PH_WRITING, PH_RUNG, PH_FETCHED };

/* Bound on messages one interrupt entry processes back to back. */
#define PCC_RX_LOOP_MAX 16u

/* Who was turned away while a p2a message was held. */
#define AGAIN_POLL 1u
#define AGAIN_IRQ 2u

struct pcc_state {
	uint64_t last_done;        /* a2p: when the previous command ended (µs) */
	struct scmia_chan *chan;   /* bound by chan_setup, NULL otherwise */
	struct scmia_xfer *owner;  /* a2p: sender owning the region */
	uint32_t rx_hdr;           /* header the receive entry was last given */
	uint32_t gen;              /* p2a: generation of the held message */
	uint32_t seq;              /* a2p: bumped at each claim and release */
	uint32_t doorbells, acks, spurious, busy, errors;
	uint32_t bad_signature, bad_length, bad_header, plat_errors, reg_errors;
	uint16_t depth;            /* interrupt / poll entries in progress */
	uint8_t phase;             /* a2p: PH_* */
	uint8_t irq_wanted;        /* a2p: the owner asked for the interrupt */
	uint8_t late;              /* a2p: a send ended in error: a late reply may come */
	uint8_t missed;            /* a2p: an interrupt came while WRITING */
	uint8_t unrung;            /* a2p: a message was handed over but its doorbell failed */
	uint8_t held;              /* p2a: a message is being processed */
	uint8_t again;             /* p2a: AGAIN_* turned away while held */
	uint8_t freeing;           /* p2a: the holder is setting command complete */
	uint8_t done_valid;        /* a2p: last_done is set */
};

_Static_assert(sizeof(struct pcc_state) <= sizeof(((struct scmia_pcc_chan *)0)->priv),
	       "SCMIA_PCC_PRIV_WORDS too small");
_Static_assert(_Alignof(struct pcc_state) <= _Alignof(uint64_t), "pcc state alignment");

static struct pcc_state *st_of(struct scmia_pcc_chan *pc)
{
	return (struct pcc_state *)(void *)pc->priv;
}

static const struct pcc_state *cst_of(const struct scmia_pcc_chan *pc)
{
	return (const struct pcc_state *)(const void *)pc->priv;
}

static struct scmia_pcc_chan *pc_of(struct scmia_chan *chan)
{
	return (struct scmia_pcc_chan *)scmia_chan_ctx(chan);
}

/* The bound channel: published by chan_setup, read by interrupt entries
 * without a lock (a pointer load is atomic on every target). */
static struct scmia_chan *bound(struct pcc_state *st)
{
	return __atomic_load_n(&st->chan, __ATOMIC_ACQUIRE);
}

/* Count an event: lock held (stats are read without it: relaxed). */
#define BUMP(field) __atomic_store_n(&(field), (field) + 1u, __ATOMIC_RELAXED)
#define LOAD(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)

static void bump(struct scmia_chan *chan, uint32_t *field)
{
	scmia_lock_key_t key = scmia_chan_lock(chan);

	__atomic_store_n(field, *field + 1u, __ATOMIC_RELAXED);
	scmia_chan_unlock(chan, key);
}

/* ------------------------------------------------------------------ */
/* Region                                                              */
/* ------------------------------------------------------------------ */

static uint32_t rd(const struct scmia_pcc_chan *pc, uint32_t off)
{
	return pc->acc->read32(pc->acc_ctx, pc->base + off);
}

static void wr(const struct scmia_pcc_chan *pc, uint32_t off, uint32_t v)
{
	pc->acc->write32(pc->acc_ctx, pc->base + off, v);
}

static void clean(const struct scmia_pcc_chan *pc, uint32_t off, uint32_t len)
{
	if (pc->acc->cache_clean && len)
		pc->acc->cache_clean(pc->acc_ctx, pc->base + off, len);
}

static void invalidate(const struct scmia_pcc_chan *pc, uint32_t off, uint32_t len)
{
	if (pc->acc->cache_invalidate && len)
		pc->acc->cache_invalidate(pc->acc_ctx, pc->base + off, len);
}

/* Copy out of the region; without a copy op, whole aligned words (the size
 * is a multiple of 4: the last partial word is inside it). */
static void copy_out(const struct scmia_pcc_chan *pc, uint32_t off, void *dst, uint32_t len)
{
	uint8_t *d = (uint8_t *)dst;
	uint32_t i;

	if (!len)
		return;
	if (pc->acc->copy_from) {
		pc->acc->copy_from(pc->acc_ctx, dst, pc->base + off, len);
		return;
	}
	for (i = 0; i < len; i += 4) {
		uint8_t b[4];
		uint32_t n = len - i < 4u ? len - i : 4u;

		scmia_put_le32(b, rd(pc, off + i));
		memcpy(d + i, b, n);
	}
}

static void copy_in(const struct scmia_pcc_chan *pc, uint32_t off, const void *src, uint32_t len)
{
	const uint8_t *s = (const uint8_t *)src;
	uint32_t i;

	if (!len)
		return;
	if (pc->acc->copy_to) {
		pc->acc->copy_to(pc->acc_ctx, pc->base + off, src, len);
		return;
	}
	for (i = 0; i < len; i += 4) {
		uint8_t b[4] = { 0, 0, 0, 0 };
		uint32_t n = len - i < 4u ? len - i : 4u;

		memcpy(b, s + i, n);
		wr(pc, off + i, scmia_get_le32(b));
	}
}

/* A header word of the region, read after the command complete bit was
 * seen (acquire: nothing of the message is read before it). */
static uint32_t read_word(const struct scmia_pcc_chan *pc, uint32_t off)
{
	invalidate(pc, off, 4);
	atomic_thread_fence(memory_order_acquire);
	return rd(pc, off);
}

/* ------------------------------------------------------------------ */
/* Registers                                                           */
/* ------------------------------------------------------------------ */

static uint64_t width_mask(uint8_t w)
{
	return w >= 64u ? ~(uint64_t)0 : (((uint64_t)1 << w) - 1u);
}

static int present(const struct scmia_pcc_reg *r)
{
	return r->gas.address != 0;
}

/* Read a register; bits beyond its width are not the platform's to set. */
static int reg_read(struct scmia_pcc_chan *pc, struct scmia_chan *chan,
		    const struct scmia_pcc_reg *r, uint64_t *val)
{
	uint64_t v = 0;

	if (pc->regs->read(pc->regs_ctx, &r->gas, &v)) {
		bump(chan, &st_of(pc)->reg_errors);
		return SCMIA_EIO;
	}
	*val = v & width_mask(r->gas.bit_width);
	return SCMIA_OK;
}

static int reg_write(struct scmia_pcc_chan *pc, struct scmia_chan *chan,
		     const struct scmia_pcc_reg *r, uint64_t val)
{
	if (pc->regs->write(pc->regs_ctx, &r->gas, val & width_mask(r->gas.bit_width))) {
		bump(chan, &st_of(pc)->reg_errors);
		return SCMIA_EIO;
	}
	return SCMIA_OK;
}

/* The ACPI update of a register: (old & preserve) | set. */
static int reg_rmw(struct scmia_pcc_chan *pc, struct scmia_chan *chan,
		   const struct scmia_pcc_reg *r)
{
	uint64_t v;
	int ret = reg_read(pc, chan, r, &v);

	if (ret)
		return ret;
	return reg_write(pc, chan, r, (v & r->preserve) | r->set);
}

/* Whether the command complete bit(s) are set: 1, 0, or a negative error. */
static int complete(struct scmia_pcc_chan *pc, struct scmia_chan *chan)
{
	uint64_t v;
	int ret = reg_read(pc, chan, &pc->cmd_complete, &v);

	if (ret)
		return ret;
	return (v & pc->cmd_complete.mask) ? 1 : 0;
}

/* The Error Status register: a reported error is cleared (the bits under
 * the mask written 0) and counted. Returns SCMIA_EPROTO then. */
static int error_check(struct scmia_pcc_chan *pc, struct scmia_chan *chan)
{
	uint64_t v;
	int ret;

	if (!present(&pc->error))
		return SCMIA_OK;
	ret = reg_read(pc, chan, &pc->error, &v);
	if (ret)
		return ret;
	if (!(v & pc->error.mask))
		return SCMIA_OK;
	(void)reg_write(pc, chan, &pc->error, v & ~pc->error.mask);
	bump(chan, &st_of(pc)->plat_errors);
	return SCMIA_EPROTO;
}

/* Acknowledge the platform interrupt, when the subspace has the register. */
static void ack_irq(struct scmia_pcc_chan *pc, struct scmia_chan *chan)
{
	if (!present(&pc->plat_ack))
		return;
	if (!reg_rmw(pc, chan, &pc->plat_ack))
		bump(chan, &st_of(pc)->acks);
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

/* Whether @r's mask selects a bit within its width. Out of line: init's
 * two checks share one copy of the 64-bit shift. */
static __attribute__((noinline)) int mask_selects(const struct scmia_pcc_reg *r)
{
	return (r->mask & width_mask(r->gas.bit_width)) != 0u;
}

static int width_ok(const struct scmia_pcc_reg *r)
{
	if (!present(r))
		return 1;
	return r->gas.bit_width == 8u || r->gas.bit_width == 16u || r->gas.bit_width == 32u ||
	       r->gas.bit_width == 64u;
}

/* scmia_pcc_chan_init() copies the configuration from acc to flags in one
 * piece: the two structures lay those members out alike. */
#define SAME_OFF(m)                                                                          \
	_Static_assert(offsetof(struct scmia_pcc_cfg, m) - offsetof(struct scmia_pcc_cfg, acc) == \
			       offsetof(struct scmia_pcc_chan, m) -                                  \
				       offsetof(struct scmia_pcc_chan, acc),                         \
		       "pcc cfg/chan layout: " #m)
SAME_OFF(acc_ctx);
SAME_OFF(regs);
SAME_OFF(regs_ctx);
SAME_OFF(doorbell);
SAME_OFF(cmd_complete);
SAME_OFF(cmd_update);
SAME_OFF(plat_ack);
SAME_OFF(error);
SAME_OFF(min_turnaround_us);
SAME_OFF(busy_timeout_us);
SAME_OFF(flags);
#define CFG_COPY_LEN (offsetof(struct scmia_pcc_cfg, flags) + sizeof(uint32_t) - \
		      offsetof(struct scmia_pcc_cfg, acc))
/* The five registers follow each other: checked as an array. */
_Static_assert(offsetof(struct scmia_pcc_cfg, error) - offsetof(struct scmia_pcc_cfg, doorbell) ==
		       4u * sizeof(struct scmia_pcc_reg),
	       "pcc cfg registers");

int scmia_pcc_chan_init(struct scmia_pcc_chan *pc, const struct scmia_pcc_cfg *cfg)
{
	const struct scmia_smt_access *acc;
	unsigned i;

	if (!pc || !cfg || !cfg->base || !cfg->regs || !cfg->regs->read || !cfg->regs->write ||
	    (cfg->flags & ~(SCMIA_PCC_F_WORD32 | SCMIA_PCC_F_NO_IRQ)))
		return SCMIA_EINVAL;
	if (cfg->type != SCMIA_PCC_TYPE_INITIATOR && cfg->type != SCMIA_PCC_TYPE_RESPONDER)
		return SCMIA_EINVAL;
	if (((uintptr_t)cfg->base & 3u) || (cfg->size & 3u) || cfg->size < SCMIA_PCC_REGION_MIN ||
	    cfg->size > 0x7ffffffcu)
		return SCMIA_EINVAL;
	for (i = 0; i < 5u; i++)
		if (!width_ok(&(&cfg->doorbell)[i]))
			return SCMIA_EINVAL;
	/* Ownership hangs on the command complete bit: without a register,
	 * or with a mask that selects nothing, it could never be told. */
	if (!present(&cfg->cmd_complete) || !present(&cfg->cmd_update) ||
	    !mask_selects(&cfg->cmd_complete))
		return SCMIA_EINVAL;
	if (cfg->type == SCMIA_PCC_TYPE_INITIATOR && !present(&cfg->doorbell))
		return SCMIA_EINVAL;
	if (present(&cfg->error) && !mask_selects(&cfg->error))
		return SCMIA_EINVAL;
	acc = cfg->acc;
	if (!acc)
		acc = (cfg->flags & SCMIA_PCC_F_WORD32) ? &scmia_smt_access_word32
							 : &scmia_smt_access_default;
	if (!acc->read32 || !acc->write32)
		return SCMIA_EINVAL;
	memset(pc, 0, sizeof(*pc));
	pc->base = (volatile uint8_t *)cfg->base;
	pc->size = (uint32_t)cfg->size;
	pc->type = cfg->type;
	pc->subspace_id = cfg->subspace_id;
	/* acc_ctx, regs, regs_ctx, the five registers, min_turnaround_us,
	 * busy_timeout_us, flags */
	memcpy(&pc->acc, &cfg->acc, CFG_COPY_LEN);
	pc->acc = acc;
	return SCMIA_OK;
}

int scmia_pcc_chan_stats(const struct scmia_pcc_chan *pc, struct scmia_pcc_stats *out)
{
	const struct pcc_state *st;

	if (!pc || !out)
		return SCMIA_EINVAL;
	st = cst_of(pc);
	out->doorbells = LOAD(st->doorbells);
	out->acks = LOAD(st->acks);
	out->spurious = LOAD(st->spurious);
	out->busy = LOAD(st->busy);
	out->errors = LOAD(st->errors);
	out->bad_signature = LOAD(st->bad_signature);
	out->bad_length = LOAD(st->bad_length);
	out->bad_header = LOAD(st->bad_header);
	out->plat_errors = LOAD(st->plat_errors);
	out->reg_errors = LOAD(st->reg_errors);
	return SCMIA_OK;
}

static unsigned dir_type(struct scmia_chan *chan)
{
	return scmia_chan_dir(chan) == SCMIA_CHAN_A2P ? SCMIA_PCC_TYPE_INITIATOR
						      : SCMIA_PCC_TYPE_RESPONDER;
}

static int pcc_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct scmia_pcc_chan *pc = pc_of(chan);
	struct pcc_state *st;
	scmia_lock_key_t key;
	int ret = SCMIA_OK;

	(void)ctx;
	if (!pc || !pc->acc || pc->type != dir_type(chan))
		return SCMIA_EINVAL;
	st = st_of(pc);
	key = scmia_chan_lock(chan);
	if (st->chan) {
		ret = SCMIA_ESTATE; /* context already bound to another channel */
	} else {
		st->owner = NULL;
		st->phase = PH_IDLE;
		st->held = 0;
		st->again = 0;
		st->freeing = 0;
		st->late = 0;
		st->missed = 0;
		st->unrung = 0;
		st->done_valid = 0;
		/* Publish last: from here on scmia_pcc_irq() may call scmia_rx(). */
		__atomic_store_n(&st->chan, chan, __ATOMIC_RELEASE);
	}
	scmia_chan_unlock(chan, key);
	if (!ret && (pc->flags & SCMIA_PCC_F_NO_IRQ) && pc->type == SCMIA_PCC_TYPE_INITIATOR)
		scmia_chan_no_completion_irq(chan); /* every wait polls */
	return ret;
}

static void pcc_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct scmia_pcc_chan *pc = pc_of(chan);
	struct pcc_state *st;
	scmia_lock_key_t key;

	(void)ctx;
	if (!pc)
		return;
	st = st_of(pc);
	key = scmia_chan_lock(chan);
	if (st->chan == chan) {
		__atomic_store_n(&st->chan, (struct scmia_chan *)NULL, __ATOMIC_RELEASE);
		st->owner = NULL;
		st->phase = PH_IDLE;
		st->seq++;
	}
	scmia_chan_unlock(chan, key);
	/* Interrupt entries already inside finish soon (they never block). */
	for (;;) {
		uint16_t d;

		key = scmia_chan_lock(chan);
		d = st->depth;
		scmia_chan_unlock(chan, key);
		if (!d)
			break;
		scmia_chan_relax(chan);
	}
}

/* ------------------------------------------------------------------ */
/* a2p (type 3)                                                        */
/* ------------------------------------------------------------------ */

static uint32_t busy_timeout(const struct scmia_pcc_chan *pc, struct scmia_chan *chan)
{
	uint32_t t;

	if (pc->busy_timeout_us)
		return pc->busy_timeout_us;
	t = scmia_chan_reply_timeout_us(chan);
	if (!t)
		t = SCMIA_DEFAULT_REPLY_TIMEOUT_US;
	/* twice the reply timeout, saturated */
	return t > UINT32_MAX / 2u ? UINT32_MAX : 2u * t;
}

/* Release the region if @xfer owns it. Lock held. */
static void release_locked(struct pcc_state *st, struct scmia_xfer *xfer, uint64_t now)
{
	if (st->owner != xfer)
		return;
	/* The turnaround counts from the end of a command the platform saw. */
	if (st->phase == PH_RUNG || st->phase == PH_FETCHED) {
		st->last_done = now;
		st->done_valid = 1;
	}
	st->owner = NULL;
	st->phase = PH_IDLE;
	st->irq_wanted = 0;
	st->seq++;
}

/* End @xfer's claim of the region (if it holds it): count the event in
 * @count (NULL: none) and, when @late, remember that a reply to a command
 * the platform has may still come. */
static void release(struct pcc_state *st, struct scmia_chan *chan, struct scmia_xfer *xfer,
		    uint32_t *count, int late)
{
	uint64_t now = scmia_chan_now_us(chan);
	scmia_lock_key_t key = scmia_chan_lock(chan);

	if (count)
		BUMP(*count);
	/* A sender giving up while its command is with the platform: the
	 * reply may still come (once). */
	if (late && st->owner == xfer && st->phase == PH_RUNG)
		st->late = 1;
	/* Only the owner's release counts: a duplicate, or a call that comes
	 * after the waiter woke and another sender claimed, frees nothing. */
	release_locked(st, xfer, now);
	scmia_chan_unlock(chan, key);
}

/* The PCC context of an a2p channel, NULL for none or a p2a channel. */
static struct scmia_pcc_chan *a2p_pc(struct scmia_chan *chan)
{
	struct scmia_pcc_chan *pc = pc_of(chan);

	return pc && scmia_chan_dir(chan) == SCMIA_CHAN_A2P ? pc : NULL;
}

static int a2p_rx(struct scmia_pcc_chan *pc, struct scmia_chan *chan, int count_spurious);

/* Wait until the platform is done with the region (command complete) and
 * the minimum turnaround after the previous command passed; bounded by
 * @deadline (the clock is read before each look, so the last look follows
 * the deadline). */
static int wait_ready(struct scmia_pcc_chan *pc, struct scmia_chan *chan, uint64_t start,
		      uint32_t tmo)
{
	struct pcc_state *st = st_of(pc);

	for (;;) {
		uint64_t now = scmia_chan_now_us(chan);
		int expired = now - start >= (uint64_t)tmo;
		scmia_lock_key_t key;
		int turned, c;

		key = scmia_chan_lock(chan);
		turned = !st->done_valid || now - st->last_done >= (uint64_t)pc->min_turnaround_us;
		scmia_chan_unlock(chan, key);
		if (turned) {
			c = complete(pc, chan);
			if (c < 0)
				return c;
			if (c)
				return SCMIA_OK;
		}
		if (expired)
			return SCMIA_EBUSY;
		scmia_chan_relax(chan);
	}
}

static int pcc_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_pcc_chan *pc = a2p_pc(chan);
	struct pcc_state *st;
	scmia_lock_key_t key;
	uint32_t tmo, len;
	uint64_t start;
	int want_irq, ret, missed, unrung = 0;

	(void)ctx;
	if (!pc || !xfer || (xfer->tx_len && !xfer->tx_buf))
		return SCMIA_EINVAL;
	if (xfer->tx_len > SCMIA_PCC_PAYLOAD_MAX(pc->size))
		return SCMIA_ENOSPC;
	st = st_of(pc);
	tmo = busy_timeout(pc, chan);
	start = scmia_chan_now_us(chan);

	/* Claim the region against other senders (bounded). */
	for (;;) {
		int expired = scmia_chan_now_us(chan) - start >= (uint64_t)tmo;
		struct scmia_xfer *owner;

		key = scmia_chan_lock(chan);
		owner = st->owner;
		if (!owner) {
			st->owner = xfer;
			st->phase = PH_WAIT_FREE;
			st->seq++;
			unrung = st->unrung;
		}
		scmia_chan_unlock(chan, key);
		if (!owner)
			break;
		if (owner == xfer)
			return SCMIA_ESTATE;
		if (expired) {
			/* not the owner: counts, releases nothing */
			release(st, chan, xfer, &st->busy, 0);
			return SCMIA_EBUSY;
		}
		scmia_chan_relax(chan);
	}

	/* An earlier send handed its message over but its doorbell failed: a
	 * platform that waits for doorbells would keep the region for ever.
	 * Ring for that message now (each send tries once while it is not
	 * answered; its turnaround was kept before it was written). Its reply
	 * reaches nobody: that send failed (late stays 0, so its interrupt is
	 * spurious while we wait), then command complete is set again. */
	if (unrung && complete(pc, chan) == 0) {
		key = scmia_chan_lock(chan);
		BUMP(st->doorbells);
		scmia_chan_unlock(chan, key);
		(void)reg_rmw(pc, chan, &pc->doorbell);
	}
	/* The platform may still own the region (a command whose sender timed
	 * out): wait, bounded; give up without writing or ringing. */
	ret = wait_ready(pc, chan, start, tmo);
	if (ret) {
		release(st, chan, xfer, ret == SCMIA_EBUSY ? &st->busy : NULL, 0);
		return ret;
	}
	key = scmia_chan_lock(chan);
	/* From here the region is rewritten: an interrupt entry turns away,
	 * and one that looked before (a late reply) finds seq moved on. */
	st->phase = PH_WRITING;
	st->seq++;
	st->late = 0;
	st->missed = 0;
	st->unrung = 0; /* command complete is set: any earlier message was answered */
	scmia_chan_unlock(chan, key);

	want_irq = !(pc->flags & SCMIA_PCC_F_NO_IRQ) &&
		   !(scmia_xfer_flags(xfer) & SCMIA_XFER_F_POLL);
	len = 4u + xfer->tx_len;
	wr(pc, SCMIA_PCC_OFF_SIGNATURE, SCMIA_PCC_SIGNATURE(pc->subspace_id));
	wr(pc, SCMIA_PCC_OFF_FLAGS, want_irq ? SCMIA_PCC_FLAGS_NOTIFY : 0u);
	wr(pc, SCMIA_PCC_OFF_LENGTH, len);
	wr(pc, SCMIA_PCC_OFF_COMMAND, xfer->hdr);
	copy_in(pc, SCMIA_PCC_OFF_PAYLOAD, xfer->tx_buf, xfer->tx_len);
	clean(pc, 0, SCMIA_PCC_OFF_PAYLOAD + ((xfer->tx_len + 3u) & ~3u));
	/* Message before the command complete update that hands it over. */
	atomic_thread_fence(memory_order_seq_cst);
	/* This transfer owns the region and its message is written: a reply
	 * may come as soon as the bit is cleared (a polling platform does not
	 * wait for the doorbell). */
	scmia_xfer_sent(xfer);
	ret = reg_rmw(pc, chan, &pc->cmd_update);
	if (ret) {
		release(st, chan, xfer, NULL, 0);
		return ret;
	}
	key = scmia_chan_lock(chan);
	st->phase = PH_RUNG;
	st->irq_wanted = (uint8_t)want_irq;
	missed = st->missed;
	st->missed = 0;
	BUMP(st->doorbells);
	scmia_chan_unlock(chan, key);
	/* The update before the doorbell. */
	atomic_thread_fence(memory_order_seq_cst);
	ret = reg_rmw(pc, chan, &pc->doorbell);
	if (ret) {
		/* The platform was not told. The bit stays cleared (it may
		 * still find the message, and the region is the platform's
		 * until it sets the bit): the next send rings for it again,
		 * then waits for it. */
		key = scmia_chan_lock(chan);
		st->unrung = 1;
		scmia_chan_unlock(chan, key);
		release(st, chan, xfer, NULL, 0);
		return ret;
	}
	if (missed && want_irq)
		/* An interrupt came while we wrote: the reply may be there. */
		(void)a2p_rx(pc, chan, 0);
	return SCMIA_OK;
}

static void pcc_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct scmia_pcc_chan *pc = a2p_pc(chan);

	(void)ctx;
	if (pc)
		release(st_of(pc), chan, xfer, NULL, ret < 0);
}

static int pcc_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_pcc_chan *pc = a2p_pc(chan);
	struct pcc_state *st;
	scmia_lock_key_t key;
	int mine, c;

	(void)ctx;
	if (!pc)
		return 0;
	st = st_of(pc);
	/* Only the owner polls, and only its own mark_txdone ends its claim:
	 * the region stays its own while it looks. */
	key = scmia_chan_lock(chan);
	mine = st->owner == xfer && st->phase == PH_RUNG;
	scmia_chan_unlock(chan, key);
	if (!mine)
		return 0;
	c = complete(pc, chan);
	if (c <= 0)
		return c; /* not yet, or the register cannot be read: the wait fails */
	/* The bit alone is not enough: a late reply of an earlier command
	 * must not complete this one. */
	return scmia_hdr_same_msg(read_word(pc, SCMIA_PCC_OFF_COMMAND), xfer->hdr) ? 1 : 0;
}

/* Cookie of a p2a message: its generation, never 0 (NULL means polling). */
static void *gen_cookie(uint32_t g)
{
	return (void *)(uintptr_t)g;
}

/* Checks common to every fetched message; returns the length word. */
static int rx_check(struct scmia_pcc_chan *pc, struct scmia_chan *chan, uint32_t expect,
		    uint32_t min_len, uint32_t *len_out)
{
	struct pcc_state *st = st_of(pc);
	uint32_t len;
	int ret;

	ret = error_check(pc, chan);
	if (ret)
		return ret;
	/* Everything after the command complete bit (seen by the caller). */
	atomic_thread_fence(memory_order_acquire);
	invalidate(pc, 0, pc->size);
	if (rd(pc, SCMIA_PCC_OFF_SIGNATURE) != SCMIA_PCC_SIGNATURE(pc->subspace_id)) {
		bump(chan, &st->bad_signature);
		return SCMIA_EMALFORMED;
	}
	/* The header must be the one the receive entry was given (type and
	 * token included), or the region changed under us. */
	if (rd(pc, SCMIA_PCC_OFF_COMMAND) != expect) {
		bump(chan, &st->bad_header);
		return SCMIA_EMALFORMED;
	}
	len = rd(pc, SCMIA_PCC_OFF_LENGTH);
	if (len < min_len) {
		bump(chan, &st->bad_length);
		return SCMIA_ETOOSHORT;
	}
	if (len > pc->size - SCMIA_PCC_OFF_COMMAND) {
		bump(chan, &st->bad_length);
		return SCMIA_EMALFORMED;
	}
	*len_out = len;
	return SCMIA_OK;
}

/* Fetch a response or delayed response (notif 0) or a notification of
 * at most @max_len payload bytes (notif 1) into @xfer. The payload starts
 * right after the header and, in a reply, its status: at the command word
 * plus the minimum length. */
static int pcc_fetch(struct scmia_chan *chan, struct scmia_xfer *xfer, void *cookie, int notif,
		     uint32_t max_len)
{
	struct scmia_pcc_chan *pc = pc_of(chan);
	struct pcc_state *st;
	scmia_lock_key_t key;
	uint32_t expect, len = 0, n;
	uint32_t min_len = notif ? SCMIA_PCC_LEN_MIN_NOTIF : SCMIA_PCC_LEN_MIN_REPLY;
	int ok, ret, a2p;

	if (!pc || !xfer || (xfer->rx_cap && !xfer->rx_buf))
		return SCMIA_EINVAL;
	st = st_of(pc);
	a2p = scmia_chan_dir(chan) == SCMIA_CHAN_A2P;
	xfer->rx_len = 0;
	key = scmia_chan_lock(chan);
	if (a2p) {
		/* The region holds @xfer's reply only while it owns it and
		 * the platform is done. Fetched by the receive entry (cookie):
		 * the header it was given; by a poller: the command's own. A
		 * notification never comes on a type 3 subspace. */
		ok = st->owner == xfer && st->phase == PH_RUNG;
		expect = cookie ? st->rx_hdr : xfer->hdr;
		ok = ok && !notif;
	} else {
		/* Delayed response or notification: only the message this
		 * channel holds. */
		ok = st->held && cookie == gen_cookie(st->gen);
		expect = st->rx_hdr;
	}
	scmia_chan_unlock(chan, key);
	/* (Command complete was seen set by the interrupt entry or poll_done
	 * that led here.) */
	if (!ok) {
		bump(chan, &st->errors);
		return SCMIA_EUNEXPECTED;
	}
	ret = rx_check(pc, chan, expect, min_len, &len);
	if (!ret) {
		n = len - min_len;
		if (n > max_len)
			n = max_len;
		if (n > xfer->rx_cap)
			n = xfer->rx_cap;
		if (!notif)
			xfer->status = (int32_t)rd(pc, SCMIA_PCC_OFF_PAYLOAD);
		copy_out(pc, SCMIA_PCC_OFF_COMMAND + min_len, xfer->rx_buf, n);
		xfer->rx_len = n;
	}
	key = scmia_chan_lock(chan);
	if (a2p && st->owner == xfer)
		/* Read: another interrupt before mark_txdone is a duplicate. */
		st->phase = PH_FETCHED;
	if (ret)
		BUMP(st->errors);
	scmia_chan_unlock(chan, key);
	return ret;
}

static int pcc_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			      void *cookie)
{
	(void)ctx;
	return pcc_fetch(chan, xfer, cookie, 0, UINT32_MAX);
}

/* ------------------------------------------------------------------ */
/* p2a (type 4)                                                        */
/* ------------------------------------------------------------------ */

#if SCMIA_CFG_P2A
static int pcc_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				  uint32_t max_len, void *cookie)
{
	(void)ctx;
	return pcc_fetch(chan, xfer, cookie, 1, max_len);
}

/* p2a: the message of generation @g is done with: set command complete
 * (once), then ring the doorbell when the platform asked. */
static void p2a_free(struct scmia_pcc_chan *pc, struct scmia_chan *chan, uint32_t g)
{
	struct pcc_state *st = st_of(pc);
	scmia_lock_key_t key;
	uint32_t flags;
	int mine;

	key = scmia_chan_lock(chan);
	mine = g && st->held && st->gen == g && !st->freeing;
	if (mine)
		st->freeing = 1;
	scmia_chan_unlock(chan, key);
	if (!mine)
		return;
	/* The platform's request, read before the region is handed back. */
	flags = read_word(pc, SCMIA_PCC_OFF_FLAGS);
	/* Every read of the message done before the platform may reuse it. */
	atomic_thread_fence(memory_order_seq_cst);
	(void)reg_rmw(pc, chan, &pc->cmd_update);
	/* Command complete first, then drop the claim: an interrupt that finds
	 * the claim dropped and the bit clear knows it is a new message. */
	key = scmia_chan_lock(chan);
	st->held = 0;
	st->freeing = 0;
	scmia_chan_unlock(chan, key);
	if ((flags & SCMIA_PCC_FLAGS_NOTIFY) && present(&pc->doorbell) &&
	    !reg_rmw(pc, chan, &pc->doorbell))
		bump(chan, &st->doorbells);
}

static int p2a_rx(struct scmia_pcc_chan *pc, struct scmia_chan *chan, int count_spurious);

static int spurious(struct pcc_state *st, struct scmia_chan *chan)
{
	bump(chan, &st->spurious);
	scmia_chan_count(chan, SCMIA_CNT_SPURIOUS);
	return SCMIA_EBUSY;
}

/* Release from outside p2a_rx (a deferred message the core finished later,
 * or one it dropped): if an interrupt was turned away meanwhile, look
 * again. */
static void pcc_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct scmia_pcc_chan *pc = pc_of(chan);
	struct pcc_state *st;
	scmia_lock_key_t key;
	uint8_t ag = 0;

	(void)ctx;
	/* A type 3 region is never the agent's to free: the platform sets
	 * command complete, the owner's mark_txdone ends the claim. */
	if (!pc || scmia_chan_dir(chan) != SCMIA_CHAN_P2A)
		return;
	st = st_of(pc);
	p2a_free(pc, chan, (uint32_t)(uintptr_t)cookie);
	key = scmia_chan_lock(chan);
	if (!st->depth) {
		ag = st->again;
		st->again = 0;
	}
	scmia_chan_unlock(chan, key);
	if (ag)
		(void)p2a_rx(pc, chan, (ag & AGAIN_IRQ) != 0u);
}

static int pcc_rx_poll(void *ctx, struct scmia_chan *chan)
{
	struct scmia_pcc_chan *pc = pc_of(chan);
	int r;

	(void)ctx;
	if (!pc || scmia_chan_dir(chan) != SCMIA_CHAN_P2A)
		return 0;
	r = scmia_pcc_poll(pc);
	if (r == SCMIA_EBUSY)
		return 0;
	return r == SCMIA_EIO ? r : 1;
}

static int p2a_rx(struct scmia_pcc_chan *pc, struct scmia_chan *chan, int count_spurious)
{
	struct pcc_state *st = st_of(pc);
	int ret = SCMIA_EBUSY;
	unsigned i;

	for (i = 0; i < PCC_RX_LOOP_MAX; i++) {
		scmia_lock_key_t key = scmia_chan_lock(chan);
		uint32_t g, hdr;
		uint8_t ag;
		int r, c;

		if (st->held) {
			/* Another receive holds a message: a second interrupt
			 * for it, or a new message that came before the holder
			 * dropped its claim: it looks again when done. Never
			 * wait here (an interrupt may have preempted it). */
			st->again |= count_spurious ? AGAIN_IRQ : AGAIN_POLL;
			scmia_chan_unlock(chan, key);
			return i ? ret : SCMIA_EBUSY;
		}
		g = st->gen + 1u;
		if (!g)
			g = 1u;
		st->gen = g;
		st->held = 1;
		st->again = 0;
		scmia_chan_unlock(chan, key);

		/* Claimed first, looked after: a bit set by the previous
		 * holder's release is never taken for a new message. */
		c = complete(pc, chan);
		if (c != 0) {
			key = scmia_chan_lock(chan);
			st->held = 0;
			ag = st->again;
			st->again = 0;
			scmia_chan_unlock(chan, key);
			if (c < 0)
				return c;
			if (ag) {
				count_spurious = (ag & AGAIN_IRQ) != 0u;
				continue; /* someone came meanwhile: look again */
			}
			/* Nothing posted (or a look again that found
			 * nothing: the interrupt turned away was a duplicate). */
			if (count_spurious)
				(void)spurious(st, chan);
			return i ? ret : SCMIA_EBUSY;
		}
		ack_irq(pc, chan);
		hdr = read_word(pc, SCMIA_PCC_OFF_COMMAND);
		key = scmia_chan_lock(chan);
		st->rx_hdr = hdr;
		scmia_chan_unlock(chan, key);

		r = scmia_rx(chan, hdr, gen_cookie(g));
		/* Kept by the core: released at rx_release, not before. */
		if (r != SCMIA_RX_DEFERRED)
			p2a_free(pc, chan, g);
		ret = r;
		key = scmia_chan_lock(chan);
		ag = st->again;
		st->again = 0;
		scmia_chan_unlock(chan, key);
		if (!ag)
			break;
		count_spurious = (ag & AGAIN_IRQ) != 0u;
	}
	return ret;
}
#endif /* SCMIA_CFG_P2A */

static const struct scmia_transport_ops pcc_ops = {
	.chan_setup = pcc_chan_setup,
	.chan_free = pcc_chan_free,
	.send = pcc_send,
	.mark_txdone = pcc_mark_txdone,
	.fetch_response = pcc_fetch_response,
	.poll_done = pcc_poll_done,
#if SCMIA_CFG_P2A
	.fetch_notification = pcc_fetch_notification,
	.clear_channel = pcc_clear_channel,
	.rx_release = pcc_clear_channel, /* the same release, later */
	.rx_poll = pcc_rx_poll,
#endif
};

const struct scmia_transport scmia_pcc_transport = {
	.ops = &pcc_ops,
	.name = "pcc",
	.reply_timeout_us = SCMIA_DEFAULT_REPLY_TIMEOUT_US,
	.max_msg = 20,
	.max_msg_size = 128 - SCMIA_PCC_OFF_PAYLOAD - 4,
	.flags = SCMIA_TRANSPORT_F_ATOMIC_SAFE,
};

/* ------------------------------------------------------------------ */
/* Interrupt entry                                                     */
/* ------------------------------------------------------------------ */

static int a2p_spurious(struct pcc_state *st, struct scmia_chan *chan, int count)
{
	if (!count)
		return SCMIA_EBUSY;
	bump(chan, &st->spurious);
	scmia_chan_count(chan, SCMIA_CNT_SPURIOUS);
	return SCMIA_EBUSY;
}

static int a2p_rx(struct scmia_pcc_chan *pc, struct scmia_chan *chan, int count_spurious)
{
	struct pcc_state *st = st_of(pc);
	scmia_lock_key_t key;
	uint32_t hdr, seq;
	int late, c;

	key = scmia_chan_lock(chan);
	/* Only a reply someone rang for and asked an interrupt for, or the
	 * late reply of a send that ended in error while nobody writes the
	 * region. Anything else is spurious: an interrupt while the platform
	 * still owns the region, one for a polling owner (it fetches by
	 * itself), a duplicate for a reply already fetched. */
	if (st->phase == PH_RUNG && st->owner && st->irq_wanted) {
		late = 0;
	} else if ((st->phase == PH_IDLE || st->phase == PH_WAIT_FREE) && st->late) {
		late = 1;
	} else {
		if (st->phase == PH_WRITING)
			st->missed = 1; /* looked at again once RUNG */
		scmia_chan_unlock(chan, key);
		return a2p_spurious(st, chan, count_spurious);
	}
	seq = st->seq;
	scmia_chan_unlock(chan, key);

	c = complete(pc, chan);
	if (c < 0)
		return c;
	if (!c)
		return a2p_spurious(st, chan, count_spurious);
	ack_irq(pc, chan);
	hdr = read_word(pc, SCMIA_PCC_OFF_COMMAND);
	key = scmia_chan_lock(chan);
	if (st->seq != seq) {
		/* The owner changed while we looked: not its reply. */
		scmia_chan_unlock(chan, key);
		return a2p_spurious(st, chan, count_spurious);
	}
	if (late)
		st->late = 0; /* report the late reply once */
	st->rx_hdr = hdr;
	scmia_chan_unlock(chan, key);
	return scmia_rx(chan, hdr, pc);
}

static int pcc_rx(struct scmia_pcc_chan *pc, int count_spurious)
{
	struct pcc_state *st;
	struct scmia_chan *chan;
	scmia_lock_key_t key;
	int ret;

	if (!pc)
		return SCMIA_EINVAL;
	st = st_of(pc);
	chan = bound(st);
	if (!chan)
		return SCMIA_ESTATE;
	/* Count this entry, re-checking the binding under the lock: chan_free
	 * waits for the entries it counted. */
	key = scmia_chan_lock(chan);
	if (st->chan != chan) {
		scmia_chan_unlock(chan, key);
		return SCMIA_ESTATE;
	}
	st->depth++;
	scmia_chan_unlock(chan, key);
#if SCMIA_CFG_P2A
	if (scmia_chan_dir(chan) != SCMIA_CHAN_A2P)
		ret = p2a_rx(pc, chan, count_spurious);
	else
#endif
		ret = a2p_rx(pc, chan, count_spurious);
	key = scmia_chan_lock(chan);
	st->depth--;
	scmia_chan_unlock(chan, key);
	return ret;
}

int scmia_pcc_irq(struct scmia_pcc_chan *pc)
{
	return pcc_rx(pc, 1);
}

int scmia_pcc_poll(struct scmia_pcc_chan *pc)
{
	return pcc_rx(pc, 0);
}

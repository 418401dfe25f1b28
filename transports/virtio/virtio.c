/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-scmi transport: the SCMI driver on cmdq + eventq.
 *
 * cmdq slot i (the core's a2p slot i) owns request buffer i and response
 * buffer i. Life of a slot:
 *
 *   IDLE --send: hold(xfer), add chain--> DEVICE --used entry--> CLAIMED
 *     ^                                     |                      | scmia_rx()
 *     |                          caller gone (timeout, cancel,     v
 *     +-- unhold(xfer) <-------- completed): drop, count <---- done / DEFERRED
 *                                                              (until rx_release)
 *
 * The core's slot stays held from send until the device gives the buffers
 * back, so a timed-out command's buffers are never rewritten while the
 * device owns them. A returned chain is matched to its slot by the queue's
 * cookie, never by the token: a response whose caller has already given up
 * is dropped here (its token may be reissued one day; the descriptor
 * identity is the only proof of what the response answers).
 *
 * eventq buffer j: IDLE --post--> DEVICE --used--> CLAIMED --scmia_rx()--> re-post.
 *
 * Locking: the transport lock (optional OS lock op) protects the slots,
 * the queues and the counters. It is never held while calling the core
 * (scmia_rx, hold/unhold, counters), so it may be the agent's own lock.
 * A used entry is taken from the queue under the lock by exactly one
 * context; the delivery then runs unlocked and is counted in busy[] so that
 * teardown can wait for deliveries running on another CPU.
 *
 * Bounds: the device decides how many used entries there are, so nothing
 * here loops until a queue is empty. One scmia_virtio_process() call takes
 * at most budget[q] entries from each queue (default: the queue's buffer
 * count) and kicks eventq once at the end for every buffer it re-posted:
 * a device that answers every kick with a new entry gets one kick per call,
 * and the call returns after its budget whatever the device does. rx_poll
 * takes one entry per call and answers 0 once after budget[eventq] entries
 * in a row, so that a caller looping while it returns 1 (the core's
 * delayed-response poll) gets back to its deadline check.
 */
#include <stdatomic.h>
#include <string.h>

#include "scmia/scmia.h"
#include "scmia_msg.h"
#include "scmia_virtio.h"

enum { MS_IDLE = 0, MS_DEVICE, MS_CLAIMED, MS_DEFERRED };
enum { BAD_NONE = 0, BAD_MALFORMED, BAD_CANCELED };

static scmia_lock_key_t vlock(struct scmia_virtio *v)
{
	if (v->os && v->os->lock)
		return v->os->lock(v->os_ctx);
	atomic_signal_fence(memory_order_seq_cst);
	return 0;
}

static void vunlock(struct scmia_virtio *v, scmia_lock_key_t key)
{
	if (v->os && v->os->unlock) {
		v->os->unlock(v->os_ctx, key);
		return;
	}
	atomic_signal_fence(memory_order_seq_cst);
}

/* The cookie a queue or the core hands back: one of our entries, or NULL. */
static struct scmia_virtio_msg *msg_of(struct scmia_virtio *v, unsigned q, void *cookie)
{
	const struct scmia_virtio_msg *base = q == SCMIA_VIRTIO_CMDQ ? v->cmd : v->ev;
	unsigned n = q == SCMIA_VIRTIO_CMDQ ? v->n_cmd : v->n_ev;
	uintptr_t p = (uintptr_t)cookie;
	uintptr_t b = (uintptr_t)base;

	if (!base || !n || p < b || p >= b + (uintptr_t)n * sizeof(*base) ||
	    (p - b) % sizeof(*base))
		return NULL;
	return (struct scmia_virtio_msg *)cookie;
}

static struct scmia_virtio_msg *any_msg_of(struct scmia_virtio *v, void *cookie)
{
	struct scmia_virtio_msg *m = msg_of(v, SCMIA_VIRTIO_CMDQ, cookie);

	return m ? m : msg_of(v, SCMIA_VIRTIO_EVENTQ, cookie);
}

/* ------------------------------------------------------------------ */
/* The built-in split ring as a virtqueue                              */
/* ------------------------------------------------------------------ */

static int vr_add(void *vq, const struct scmia_vring_buf *sg, unsigned n_out, unsigned n_in,
		  void *cookie)
{
	return scmia_vring_add((struct scmia_vring *)vq, sg, n_out, n_in, cookie);
}

static void vr_kick(void *vq)
{
	(void)scmia_vring_kick((struct scmia_vring *)vq);
}

static int vr_get_used(void *vq, void **cookie, uint32_t *len)
{
	return scmia_vring_get_used((struct scmia_vring *)vq, cookie, len);
}

static void vr_reset(void *vq)
{
	scmia_vring_reset((struct scmia_vring *)vq);
}

const struct scmia_virtio_vq_ops scmia_virtio_vring_ops = {
	.add = vr_add,
	.kick = vr_kick,
	.get_used = vr_get_used,
	.reset = vr_reset,
};

/* ------------------------------------------------------------------ */
/* Instance setup and lifecycle                                        */
/* ------------------------------------------------------------------ */

int scmia_virtio_init(struct scmia_virtio *vio, const struct scmia_virtio_cfg *cfg)
{
	const struct scmia_virtio_vq_ops *ops;
	unsigned cnum, enm, n_cmd, n_ev;
	uint8_t *p;

	if (!vio || !cfg || !cfg->cmdq || !cfg->shm || !cfg->msgs || ((uintptr_t)cfg->shm & 7u))
		return SCMIA_EINVAL;
	ops = cfg->vq_ops ? cfg->vq_ops : &scmia_virtio_vring_ops;
	if (!ops->add || !ops->kick || !ops->get_used)
		return SCMIA_EINVAL;
	cnum = cfg->cmdq_num;
	enm = cfg->eventq ? cfg->eventq_num : 0u;
	if (!cfg->vq_ops) {
		if (!cnum)
			cnum = scmia_vring_num((const struct scmia_vring *)cfg->cmdq);
		if (cfg->eventq && !enm)
			enm = scmia_vring_num((const struct scmia_vring *)cfg->eventq);
	}
	n_cmd = SCMIA_VIRTIO_CMD_SLOTS(cnum);
	n_ev = SCMIA_VIRTIO_EVENT_SLOTS(enm);
	if (!n_cmd || (cfg->eventq && !n_ev))
		return SCMIA_EINVAL;
	if (cfg->n_msgs < n_cmd + n_ev || cfg->shm_size < SCMIA_VIRTIO_SHM_SIZE(cnum, enm))
		return SCMIA_ENOSPC;

	memset(vio, 0, sizeof(*vio));
	vio->vq_ops = ops;
	vio->vq[SCMIA_VIRTIO_CMDQ] = cfg->cmdq;
	vio->vq[SCMIA_VIRTIO_EVENTQ] = cfg->eventq;
	vio->os = cfg->os;
	vio->os_ctx = cfg->os_ctx;
	vio->reset = cfg->reset;
	vio->reset_ctx = cfg->reset_ctx;
	vio->n_cmd = (uint16_t)n_cmd;
	vio->n_ev = (uint16_t)n_ev;
	/* Default budget: one pass over every buffer of the queue, what an
	 * honest device can have returned at once. */
	vio->budget[SCMIA_VIRTIO_CMDQ] = cfg->budget ? cfg->budget : (uint16_t)n_cmd;
	vio->budget[SCMIA_VIRTIO_EVENTQ] = cfg->budget ? cfg->budget : (uint16_t)n_ev;
	vio->cmd = cfg->msgs;
	vio->ev = n_ev ? cfg->msgs + n_cmd : NULL;

	/* The command slots (a request and a response buffer each), then
	 * the event slots (a buffer each), in cfg->msgs and in the shm. */
	p = (uint8_t *)cfg->shm;
	for (unsigned i = 0; i < n_cmd + n_ev; i++) {
		struct scmia_virtio_msg *m = &cfg->msgs[i];
		unsigned ev = i >= n_cmd;

		memset(m, 0, sizeof(*m));
		if (!ev) {
			m->req = p;
			p += SCMIA_VIRTIO_REQ_SIZE;
		}
		m->resp = p;
		p += SCMIA_VIRTIO_RESP_SIZE;
		m->index = (uint16_t)(ev ? i - n_cmd : i);
		m->queue = (uint8_t)(ev ? SCMIA_VIRTIO_EVENTQ : SCMIA_VIRTIO_CMDQ);
	}
	vio->state = SCMIA_VIRTIO_DOWN;
	vio->init = 1;
	return SCMIA_OK;
}

/* Notify the device of re-posted eventq buffers (deferred kicks). */
static void ev_kick(struct scmia_virtio *v)
{
	scmia_lock_key_t key = vlock(v);

	if (v->state == SCMIA_VIRTIO_UP && v->vq[SCMIA_VIRTIO_EVENTQ]) {
		v->vq_ops->kick(v->vq[SCMIA_VIRTIO_EVENTQ]);
		v->cnt[SCMIA_VIRTIO_CNT_KICKS]++;
	}
	vunlock(v, key);
}

/* Hand eventq buffer @m to the device. Lock held. */
static int ev_post_locked(struct scmia_virtio *v, struct scmia_virtio_msg *m)
{
	struct scmia_vring_buf sg = { m->resp, (uint32_t)SCMIA_VIRTIO_RESP_SIZE };
	int ret;

	m->len = 0;
	m->bad = BAD_NONE;
	m->released = 0;
	ret = v->vq_ops->add(v->vq[SCMIA_VIRTIO_EVENTQ], &sg, 0, 1, m);
	if (ret) {
		m->state = MS_IDLE;
		v->cnt[SCMIA_VIRTIO_CNT_REPOST_FAIL]++;
		return ret;
	}
	m->state = MS_DEVICE;
	return SCMIA_OK;
}

int scmia_virtio_start(struct scmia_virtio *vio, uint64_t features)
{
	scmia_lock_key_t key;
	int ret = SCMIA_OK;

	if (!vio || !vio->init)
		return SCMIA_EINVAL;
	if (!(features & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_F_VERSION_1)) ||
	    (features & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_SHARED_MEMORY)))
		return SCMIA_ENOTSUP;
	if ((features & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS)) &&
	    !vio->vq[SCMIA_VIRTIO_EVENTQ])
		return SCMIA_EINVAL;

	key = vlock(vio);
	if (vio->state != SCMIA_VIRTIO_DOWN) {
		vunlock(vio, key);
		return SCMIA_ESTATE;
	}
	vio->features = features;
	if (features & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS)) {
		for (unsigned i = 0; i < vio->n_ev && !ret; i++)
			if (vio->ev[i].state == MS_IDLE)
				ret = ev_post_locked(vio, &vio->ev[i]);
		if (ret) {
			/* The device owns what was posted: only a reset
			 * takes it back. */
			vunlock(vio, key);
			return ret;
		}
		vio->vq_ops->kick(vio->vq[SCMIA_VIRTIO_EVENTQ]);
		vio->cnt[SCMIA_VIRTIO_CNT_KICKS]++;
	}
	vio->state = SCMIA_VIRTIO_UP;
	vunlock(vio, key);
	return SCMIA_OK;
}

static void cmd_done(struct scmia_virtio *v, struct scmia_virtio_msg *m, int r);

/* Wait (bounded) until no delivery runs on queue @q. */
static int drain(struct scmia_virtio *v, unsigned q)
{
	for (uint32_t i = 0; i < SCMIA_VIRTIO_DRAIN_SPINS; i++) {
		scmia_lock_key_t key = vlock(v);
		uint32_t b = v->busy[q];

		vunlock(v, key);
		if (!b)
			return SCMIA_OK;
		if (v->os && v->os->relax)
			v->os->relax(v->os_ctx);
	}
	return SCMIA_EBUSY;
}

/* Slot @m is back from the device (or reclaimed): release the core's slot. */
static void cmd_release(struct scmia_virtio *v, struct scmia_virtio_msg *m)
{
	scmia_lock_key_t key = vlock(v);
	struct scmia_xfer *x = m->xfer;

	m->xfer = NULL;
	m->waiting = 0;
	m->state = MS_IDLE;
	vunlock(v, key);
	if (x)
		scmia_xfer_unhold(x);
}

int scmia_virtio_stop(struct scmia_virtio *vio)
{
	scmia_lock_key_t key;
	int ret;

	if (!vio || !vio->init || !vio->reset)
		return SCMIA_EINVAL;
	key = vlock(vio);
	vio->state = SCMIA_VIRTIO_DOWN; /* nothing is taken from the queues now */
	vunlock(vio, key);

	vio->reset(vio->reset_ctx); /* the device owns nothing after this */
	ret = drain(vio, SCMIA_VIRTIO_CMDQ);
	if (drain(vio, SCMIA_VIRTIO_EVENTQ))
		ret = SCMIA_EBUSY;

	key = vlock(vio);
	for (unsigned q = 0; q < 2u; q++)
		if (vio->vq[q] && vio->vq_ops->reset)
			vio->vq_ops->reset(vio->vq[q]);
	for (unsigned i = 0; i < vio->n_ev; i++)
		if (vio->ev[i].state != MS_CLAIMED)
			vio->ev[i].state = MS_IDLE;
	vunlock(vio, key);

	/* Fail the commands whose callers still wait, through the normal
	 * receive path (their fetch reports SCMIA_ECANCELED), then give the
	 * slots back. */
	for (unsigned i = 0; i < vio->n_cmd; i++) {
		struct scmia_virtio_msg *m = &vio->cmd[i];
		struct scmia_chan *chan;
		int cancel, release;

		key = vlock(vio);
		if (m->state == MS_CLAIMED) { /* a delivery that did not drain */
			vunlock(vio, key);
			continue;
		}
		chan = vio->a2p;
		cancel = m->state == MS_DEVICE && m->waiting && m->xfer && chan;
		if (cancel) {
			m->state = MS_CLAIMED;
			m->bad = BAD_CANCELED;
			vio->busy[SCMIA_VIRTIO_CMDQ]++;
			vio->cnt[SCMIA_VIRTIO_CNT_CANCELED]++;
		}
		release = !cancel && (m->state != MS_IDLE || m->xfer);
		vunlock(vio, key);
		if (cancel)
			cmd_done(vio, m, scmia_rx(chan, m->sent_hdr, m));
		else if (release)
			cmd_release(vio, m);
	}
	return ret;
}

void scmia_virtio_mark_broken(struct scmia_virtio *vio)
{
	scmia_lock_key_t key;

	if (!vio || !vio->init)
		return;
	key = vlock(vio);
	if (vio->state == SCMIA_VIRTIO_UP) {
		vio->state = SCMIA_VIRTIO_BROKEN;
		vio->cnt[SCMIA_VIRTIO_CNT_RING_BROKEN]++;
	}
	vunlock(vio, key);
}

/* ------------------------------------------------------------------ */
/* Used rings                                                          */
/* ------------------------------------------------------------------ */

/* After a delivery of @m returned @r: finish the buffer unless the core
 * kept it (SCMIA_RX_DEFERRED, released later by rx_release). */
static void cmd_done(struct scmia_virtio *v, struct scmia_virtio_msg *m, int r)
{
	scmia_lock_key_t key = vlock(v);

	v->busy[SCMIA_VIRTIO_CMDQ]--;
	if (r == SCMIA_RX_DEFERRED && !m->released) {
		m->state = MS_DEFERRED;
		vunlock(v, key);
		return;
	}
	vunlock(v, key);
	cmd_release(v, m);
}

/* Give eventq buffer @m back to the device. With @kick, the kick is left
 * to the caller (*kick set when one is due); without, it is done here. */
static void ev_repost(struct scmia_virtio *v, struct scmia_virtio_msg *m, int *kick)
{
	scmia_lock_key_t key = vlock(v);

	m->state = MS_IDLE;
	if (v->state == SCMIA_VIRTIO_UP && ev_post_locked(v, m) == SCMIA_OK) {
		if (kick) {
			*kick = 1;
		} else {
			v->vq_ops->kick(v->vq[SCMIA_VIRTIO_EVENTQ]);
			v->cnt[SCMIA_VIRTIO_CNT_KICKS]++;
		}
	}
	vunlock(v, key);
}

static void ev_done(struct scmia_virtio *v, struct scmia_virtio_msg *m, int r, int *kick)
{
	scmia_lock_key_t key = vlock(v);

	v->busy[SCMIA_VIRTIO_EVENTQ]--;
	if (r == SCMIA_RX_DEFERRED && !m->released) {
		m->state = MS_DEFERRED;
		vunlock(v, key);
		return;
	}
	vunlock(v, key);
	ev_repost(v, m, kick);
}

static void unbusy(struct scmia_virtio *v, unsigned q)
{
	scmia_lock_key_t key = vlock(v);

	v->busy[q]--;
	vunlock(v, key);
}

/* What process_one() decided under the lock. */
enum action { A_NONE, A_EMPTY, A_BROKEN, A_MALFORMED, A_LATE, A_DELIVER };

/*
 * Take one used entry of queue @q. Returns 1 when an entry was taken, 0
 * when the queue is empty (or the device is not up), SCMIA_EPROTO when it
 * is broken. An eventq buffer re-posted here is not kicked: *kick is set
 * and the caller kicks once for the whole batch.
 */
static int process_one(struct scmia_virtio *v, unsigned q, int *kick)
{
	struct scmia_virtio_msg *m = NULL;
	struct scmia_chan *chan = NULL, *cnt_chan;
	struct scmia_xfer *late_x = NULL;
	enum scmia_counter late_cnt = SCMIA_CNT_LATE_REPLIES;
	enum action act;
	scmia_lock_key_t key;
	void *cookie = NULL;
	uint32_t len = 0, hdr = 0;
	int r;

	key = vlock(v);
	cnt_chan = q == SCMIA_VIRTIO_CMDQ ? v->a2p : (v->p2a ? v->p2a : v->a2p);
	if (v->state == SCMIA_VIRTIO_BROKEN) {
		vunlock(v, key);
		return SCMIA_EPROTO;
	}
	if (v->state != SCMIA_VIRTIO_UP || !v->vq[q]) {
		vunlock(v, key);
		return 0;
	}
	r = v->vq_ops->get_used(v->vq[q], &cookie, &len);
	if (r == 0) {
		act = A_EMPTY;
	} else if (r < 0 && r != SCMIA_EMALFORMED) {
		/* The used index jumped: the ring cannot be trusted any more. */
		v->state = SCMIA_VIRTIO_BROKEN;
		v->cnt[SCMIA_VIRTIO_CNT_RING_BROKEN]++;
		act = A_BROKEN;
	} else if (r < 0 || !(m = msg_of(v, q, cookie)) || m->state != MS_DEVICE) {
		/* Unknown id, or a chain the device does not own. */
		v->cnt[SCMIA_VIRTIO_CNT_BAD_ID]++;
		act = A_MALFORMED;
	} else if (q == SCMIA_VIRTIO_CMDQ) {
		v->cnt[SCMIA_VIRTIO_CNT_CMD_USED]++;
		m->len = len;
		m->bad = BAD_NONE;
		m->released = 0;
		if (len < 4u || len > SCMIA_VIRTIO_RESP_SIZE) {
			v->cnt[SCMIA_VIRTIO_CNT_BAD_LEN]++;
			m->bad = BAD_MALFORMED;
		} else if (scmia_get_le32(m->resp) != m->sent_hdr) {
			/* A response echoes its command's whole header. */
			v->cnt[SCMIA_VIRTIO_CNT_BAD_HDR]++;
			m->bad = BAD_MALFORMED;
		}
		chan = v->a2p;
		if (!m->waiting || !chan || !m->xfer) {
			/* The transfer ended before its buffers came back. */
			v->cnt[SCMIA_VIRTIO_CNT_LATE]++;
			late_x = m->xfer;
			if (m->txret >= 0)
				late_cnt = SCMIA_CNT_INVALID_STATE; /* completed by its delayed response */
			m->xfer = NULL;
			m->waiting = 0;
			m->state = MS_IDLE;
			act = A_LATE;
		} else {
			m->state = MS_CLAIMED;
			act = A_DELIVER;
		}
	} else {
		v->cnt[SCMIA_VIRTIO_CNT_EVENTS]++;
		m->len = len;
		m->bad = BAD_NONE;
		m->released = 0;
		chan = v->p2a;
		if (len < 4u || len > SCMIA_VIRTIO_RESP_SIZE) {
			v->cnt[SCMIA_VIRTIO_CNT_BAD_LEN]++;
			v->cnt[SCMIA_VIRTIO_CNT_EVENT_DROPS]++;
			act = A_MALFORMED;
		} else if (!chan) {
			v->cnt[SCMIA_VIRTIO_CNT_EVENT_DROPS]++;
			act = A_NONE;
		} else {
			/* Delivered under this header: the fetch checks that
			 * the buffer still holds it. */
			hdr = scmia_get_le32(m->resp);
			m->sent_hdr = hdr;
			m->state = MS_CLAIMED;
			act = A_DELIVER;
		}
		if (act != A_DELIVER) {
			/* Dropped: the buffer goes back to the device. */
			m->state = MS_IDLE;
			if (ev_post_locked(v, m) == SCMIA_OK)
				*kick = 1;
		}
	}
	/* Channels are used after the lock is dropped: count this context
	 * as busy so that chan_free waits for it. */
	if (act != A_EMPTY)
		v->busy[q]++;
	vunlock(v, key);

	switch (act) {
	case A_EMPTY:
		return 0;
	case A_BROKEN:
	case A_MALFORMED:
		if (cnt_chan)
			scmia_chan_count(cnt_chan, SCMIA_CNT_MALFORMED);
		unbusy(v, q);
		return act == A_BROKEN ? SCMIA_EPROTO : 1;
	case A_LATE:
		if (late_x) {
			if (chan)
				scmia_chan_count(chan, late_cnt);
			scmia_xfer_late(late_x); /* its quarantine ends */
			scmia_xfer_unhold(late_x);
		}
		unbusy(v, q);
		return 1;
	case A_DELIVER:
		if (q == SCMIA_VIRTIO_CMDQ) {
			/* The slot identifies the command: deliver under the
			 * header it was sent with; the fetch reports a bad
			 * answer to that caller (SCMIA_EMALFORMED). */
			r = scmia_rx(chan, m->sent_hdr, m);
			cmd_done(v, m, r);
		} else {
			r = scmia_rx(chan, hdr, m);
			ev_done(v, m, r, kick);
		}
		return 1;
	case A_NONE:
	default:
		unbusy(v, q);
		return 1;
	}
}

int scmia_virtio_process(struct scmia_virtio *vio, unsigned queues)
{
	int n = 0, kick = 0, r = 0;

	if (!vio || !vio->init)
		return SCMIA_EINVAL;
	for (unsigned q = 0; q < 2u && r >= 0; q++) {
		unsigned k;

		if (!(queues & (1u << q)) || !vio->vq[q])
			continue;
		/* Bounded: the device may return entries as fast as we take
		 * them (it may answer each re-post at once). */
		for (k = 0; k < vio->budget[q]; k++) {
			r = process_one(vio, q, &kick);
			if (r <= 0)
				break;
			n++;
		}
		if (k == vio->budget[q]) {
			scmia_lock_key_t key = vlock(vio);

			vio->cnt[SCMIA_VIRTIO_CNT_BUDGET_STOPS]++;
			vunlock(vio, key);
		}
	}
	/* One notification for every buffer re-posted by this call. */
	if (kick)
		ev_kick(vio);
	return r < 0 ? r : n;
}

/* ------------------------------------------------------------------ */
/* Transport ops                                                       */
/* ------------------------------------------------------------------ */

static int vio_ready(void *ctx)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;

	return scmia_virtio_state(v) == SCMIA_VIRTIO_UP ? SCMIA_OK : SCMIA_EAGAIN;
}

static int vio_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	scmia_lock_key_t key;
	int ret = SCMIA_OK;

	if (!v || !v->init)
		return SCMIA_EINVAL;
	if (scmia_chan_proto_id(chan))
		return SCMIA_ENOTSUP; /* one cmdq, one eventq: the default pair only */
	key = vlock(v);
	if (v->state != SCMIA_VIRTIO_UP) {
		ret = SCMIA_EAGAIN;
	} else if (scmia_chan_dir(chan) == SCMIA_CHAN_A2P) {
		if (v->a2p)
			ret = SCMIA_ESTATE;
		else
			v->a2p = chan;
	} else {
		if (!(v->features & SCMIA_VIRTIO_FBIT(SCMIA_VIRTIO_SCMI_F_P2A_CHANNELS)) ||
		    !v->n_ev)
			ret = SCMIA_ENOTSUP;
		else if (v->p2a)
			ret = SCMIA_ESTATE;
		else
			v->p2a = chan;
	}
	vunlock(v, key);
	return ret;
}

static void vio_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	scmia_lock_key_t key;
	int kick = 0;
	unsigned q;

	key = vlock(v);
	if (v->a2p == chan) {
		v->a2p = NULL;
		q = SCMIA_VIRTIO_CMDQ;
	} else if (v->p2a == chan) {
		v->p2a = NULL;
		q = SCMIA_VIRTIO_EVENTQ;
	} else {
		vunlock(v, key);
		return;
	}
	vunlock(v, key);
	/* Deliveries to this channel that already started elsewhere end
	 * before the channel goes; none start after the unbinding. */
	(void)drain(v, SCMIA_VIRTIO_CMDQ);
	(void)drain(v, SCMIA_VIRTIO_EVENTQ);

	if (q == SCMIA_VIRTIO_EVENTQ) {
		for (unsigned i = 0; i < v->n_ev; i++) {
			struct scmia_virtio_msg *m = &v->ev[i];
			int repost;

			key = vlock(v);
			repost = m->state == MS_DEFERRED;
			vunlock(v, key);
			if (repost)
				ev_repost(v, m, &kick);
		}
		if (kick)
			ev_kick(v);
		return;
	}
	/* Drop every reference to the channel's slots: the core may reuse
	 * its memory after close. Buffers the device still owns stay out of
	 * use (state DEVICE) until it returns them or is reset. */
	for (unsigned i = 0; i < v->n_cmd; i++) {
		struct scmia_virtio_msg *m = &v->cmd[i];
		struct scmia_xfer *x;

		key = vlock(v);
		x = m->xfer;
		m->xfer = NULL;
		m->waiting = 0;
		if (m->state == MS_DEFERRED)
			m->state = MS_IDLE;
		vunlock(v, key);
		if (x)
			scmia_xfer_unhold(x);
	}
}

static int vio_get_max_msg(void *ctx, struct scmia_chan *chan)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;

	if (scmia_chan_dir(chan) == SCMIA_CHAN_A2P)
		return v->n_cmd;
	return v->n_ev ? v->n_ev : SCMIA_ENOTSUP;
}

static int vio_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	unsigned idx = scmia_xfer_index(xfer);
	struct scmia_virtio_msg *m;
	struct scmia_vring_buf sg[2];
	scmia_lock_key_t key;
	int ret, n;

	if (!v || !v->init || idx >= v->n_cmd)
		return SCMIA_EINVAL;
	m = &v->cmd[idx];
	/* Hold the slot before the device can see the buffers: a fast
	 * device may answer before add() returns. */
	scmia_xfer_hold(xfer);
	key = vlock(v);
	if (chan != v->a2p) {
		ret = SCMIA_EINVAL;
	} else if (v->state != SCMIA_VIRTIO_UP) {
		ret = v->state == SCMIA_VIRTIO_BROKEN ? SCMIA_EIO : SCMIA_EAGAIN;
	} else if (m->state != MS_IDLE) {
		ret = SCMIA_EBUSY; /* never rewrite a buffer the device owns */
	} else {
		n = scmia_msg_tx_prepare(m->req, SCMIA_VIRTIO_REQ_SIZE, xfer);
		if (n < 0) {
			ret = n;
		} else {
			sg[0].addr = m->req;
			sg[0].len = (uint32_t)n;
			sg[1].addr = m->resp;
			sg[1].len = (uint32_t)SCMIA_VIRTIO_RESP_SIZE;
			m->xfer = xfer;
			m->sent_hdr = xfer->hdr;
			m->waiting = 1;
			m->txret = 0;
			m->bad = BAD_NONE;
			m->released = 0;
			m->len = 0;
			m->state = MS_DEVICE;
			/* The buffers are ready: once add() publishes them the
			 * device may answer at once. */
			scmia_xfer_sent(xfer);
			ret = v->vq_ops->add(v->vq[SCMIA_VIRTIO_CMDQ], sg, 1, 1, m);
			if (ret) {
				m->state = MS_IDLE;
				m->xfer = NULL;
				m->waiting = 0;
			} else {
				v->vq_ops->kick(v->vq[SCMIA_VIRTIO_CMDQ]);
				v->cnt[SCMIA_VIRTIO_CNT_SENT]++;
				v->cnt[SCMIA_VIRTIO_CNT_KICKS]++;
			}
		}
	}
	if (ret)
		v->cnt[SCMIA_VIRTIO_CNT_SEND_FAIL]++;
	vunlock(v, key);
	if (ret)
		scmia_xfer_unhold(xfer);
	return ret;
}

static void vio_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	unsigned idx = scmia_xfer_index(xfer);
	scmia_lock_key_t key;

	(void)chan;
	if (idx >= v->n_cmd)
		return;
	key = vlock(v);
	if (v->cmd[idx].xfer == xfer && v->cmd[idx].state != MS_IDLE) {
		/* From now on nobody waits for this response: when the
		 * device returns the buffers, they are dropped. */
		v->cmd[idx].waiting = 0;
		v->cmd[idx].txret = ret;
	}
	vunlock(v, key);
}

/* Snapshot of a message being delivered, read under the lock. @resp: the
 * fetch is for a response or delayed response into @xfer. */
static int claimed(struct scmia_virtio *v, struct scmia_virtio_msg *m, struct scmia_xfer *xfer,
		   int resp, uint32_t *len)
{
	scmia_lock_key_t key = vlock(v);
	int ret = SCMIA_OK;

	/* CLAIMED: fetched by the receive we started; DEFERRED: handed over
	 * by the core to the receive that holds the transfer. */
	if (m->state != MS_CLAIMED && m->state != MS_DEFERRED) {
		ret = SCMIA_EPROTO; /* not a message of ours being delivered */
	} else if (m->queue == SCMIA_VIRTIO_CMDQ) {
		/* Never write a reply into a transfer it does not belong to. */
		if (m->xfer != xfer)
			ret = SCMIA_EPROTO;
		else if (m->bad == BAD_CANCELED)
			ret = SCMIA_ECANCELED;
		else if (m->bad)
			ret = SCMIA_EMALFORMED;
	} else if (resp && (scmia_hdr_type(m->sent_hdr) != SCMIA_MSG_TYPE_DELAYED_RESP ||
			    !scmia_hdr_same_msg(m->sent_hdr, xfer->hdr))) {
		/* An eventq buffer answers @xfer only as its delayed
		 * response: the header delivered must name it (token,
		 * protocol, message). */
		ret = SCMIA_EPROTO;
	}
	/* The buffer is the device's memory: the header it holds now must
	 * still be the one the receive was given (a device writing into a
	 * buffer it returned would otherwise slip another message's payload
	 * under a matched header). */
	if (!ret && scmia_get_le32(m->resp) != m->sent_hdr) {
		v->cnt[SCMIA_VIRTIO_CNT_BAD_HDR]++;
		ret = SCMIA_EMALFORMED;
	}
	*len = m->len;
	vunlock(v, key);
	return ret;
}

static int vio_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			      void *cookie)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	struct scmia_virtio_msg *m = any_msg_of(v, cookie);
	uint32_t len;
	int ret;

	(void)chan;
	if (!m)
		return SCMIA_EPROTO;
	ret = claimed(v, m, xfer, 1, &len);
	if (ret)
		return ret;
	return scmia_msg_fetch_response(m->resp, len, xfer);
}

static int vio_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				  uint32_t max_len, void *cookie)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	struct scmia_virtio_msg *m = msg_of(v, SCMIA_VIRTIO_EVENTQ, cookie);
	uint32_t len;
	int ret;

	(void)chan;
	if (!m)
		return SCMIA_EPROTO;
	ret = claimed(v, m, xfer, 0, &len);
	if (ret)
		return ret;
	return scmia_msg_fetch_notification(m->resp, len, max_len, xfer);
}

static void vio_rx_release(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	struct scmia_virtio_msg *m = any_msg_of(v, cookie);
	scmia_lock_key_t key;
	int done;

	(void)chan;
	if (!m)
		return;
	key = vlock(v);
	done = m->state == MS_DEFERRED;
	if (m->state == MS_CLAIMED)
		m->released = 1; /* released before scmia_rx() told us it deferred */
	vunlock(v, key);
	if (!done)
		return;
	if (m->queue == SCMIA_VIRTIO_CMDQ)
		cmd_release(v, m);
	else
		ev_repost(v, m, NULL);
}

static int vio_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	int r;

	(void)chan;
	(void)xfer;
	/* Take what the device returned; a response for @xfer completes it
	 * through the receive entry, which the core's poll loop notices. */
	r = scmia_virtio_process(v, SCMIA_VIRTIO_Q_ALL);
	if (r < 0)
		return r;
	switch (scmia_virtio_state(v)) {
	case SCMIA_VIRTIO_UP:
		return 0;
	case SCMIA_VIRTIO_BROKEN:
		return SCMIA_EPROTO;
	default:
		return SCMIA_ECANCELED;
	}
}

/* Polling receive on the p2a channel (no interrupt): take one eventq
 * entry. The core calls it while a polling caller waits for a delayed
 * response (again at once while it returns 1), and from
 * scmia_agent_service(). After budget[eventq] entries in a row it answers
 * 0 once without taking anything, so that such a caller gets back to its
 * deadline check however fast the device refills the queue. */
static int vio_rx_poll(void *ctx, struct scmia_chan *chan)
{
	struct scmia_virtio *v = (struct scmia_virtio *)ctx;
	scmia_lock_key_t key;
	int kick = 0, r;

	(void)chan;
	if (!v || !v->init)
		return SCMIA_EINVAL;
	key = vlock(v);
	if (v->rx_streak >= v->budget[SCMIA_VIRTIO_EVENTQ]) {
		v->rx_streak = 0;
		v->cnt[SCMIA_VIRTIO_CNT_BUDGET_STOPS]++;
		vunlock(v, key);
		return 0;
	}
	vunlock(v, key);
	r = process_one(v, SCMIA_VIRTIO_EVENTQ, &kick);
	if (kick)
		ev_kick(v);
	key = vlock(v);
	v->rx_streak = r > 0 ? (uint16_t)(v->rx_streak + 1u) : 0u;
	vunlock(v, key);
	return r;
}

static const struct scmia_transport_ops vio_ops = {
	.ready = vio_ready,
	.chan_setup = vio_chan_setup,
	.chan_free = vio_chan_free,
	.get_max_msg = vio_get_max_msg,
	.send = vio_send,
	.mark_txdone = vio_mark_txdone,
	.fetch_response = vio_fetch_response,
	.fetch_notification = vio_fetch_notification,
	.poll_done = vio_poll_done,
	.rx_release = vio_rx_release,
	.rx_poll = vio_rx_poll,
};

const struct scmia_transport scmia_virtio_transport = {
	.ops = &vio_ops,
	.name = "virtio",
	.reply_timeout_us = SCMIA_VIRTIO_REPLY_TIMEOUT_US,
	.max_msg = 0,
	.max_msg_size = SCMIA_VIRTIO_MSG_SIZE,
	.flags = SCMIA_TRANSPORT_F_ATOMIC_SAFE,
};

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

int scmia_virtio_state(struct scmia_virtio *vio)
{
	scmia_lock_key_t key;
	int s;

	if (!vio || !vio->init)
		return SCMIA_VIRTIO_DOWN;
	key = vlock(vio);
	s = vio->state;
	vunlock(vio, key);
	return s;
}

unsigned scmia_virtio_max_msg(const struct scmia_virtio *vio)
{
	return vio ? vio->n_cmd : 0u;
}

unsigned scmia_virtio_cmd_in_device(struct scmia_virtio *vio)
{
	scmia_lock_key_t key;
	unsigned n = 0;

	if (!vio || !vio->init)
		return 0;
	key = vlock(vio);
	for (unsigned i = 0; i < vio->n_cmd; i++)
		n += vio->cmd[i].state == MS_DEVICE;
	vunlock(vio, key);
	return n;
}

uint32_t scmia_virtio_counter(struct scmia_virtio *vio, enum scmia_virtio_counter id)
{
	scmia_lock_key_t key;
	uint32_t val;

	if (!vio || (unsigned)id >= (unsigned)SCMIA_VIRTIO_CNT__COUNT)
		return 0;
	key = vlock(vio);
	val = vio->cnt[id];
	vunlock(vio, key);
	return val;
}

const char *scmia_virtio_counter_name(enum scmia_virtio_counter id)
{
	static const char *const names[SCMIA_VIRTIO_CNT__COUNT] = {
		"sent", "kicks", "cmd_used", "events", "bad_id", "bad_len", "bad_hdr",
		"ring_broken", "late", "event_drops", "repost_fail", "canceled", "send_fail",
		"budget_stops",
	};

	if ((unsigned)id >= (unsigned)SCMIA_VIRTIO_CNT__COUNT)
		return "?";
	return names[id];
}

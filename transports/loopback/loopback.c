/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loopback transport: messages are copied into caller-owned buffers and
 * handed over by the platform side explicitly, so a test decides exactly
 * when (and in which order) each message reaches the agent.
 */
#include <string.h>

#include "scmia_loopback.h"

enum { LB_FREE = 0, LB_CMD = 1, LB_DELIVERED = 2, LB_POSTED = 3 };

static scmia_lock_key_t lb_lock(struct scmia_loopback_chan *lc)
{
	return (lc->os && lc->os->lock) ? lc->os->lock(lc->lock_ctx) : 0;
}

static void lb_unlock(struct scmia_loopback_chan *lc, scmia_lock_key_t key)
{
	if (lc->os && lc->os->unlock)
		lc->os->unlock(lc->lock_ctx, key);
}

/* Take a free buffer and fill it. Returns NULL when none is free. */
static struct scmia_loopback_msg *lb_alloc(struct scmia_loopback_chan *lc, uint8_t use,
					   uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_loopback_msg *m = NULL;
	scmia_lock_key_t key = lb_lock(lc);

	for (unsigned i = 0; i < lc->n_msgs; i++) {
		if (lc->msgs[i].used == LB_FREE) {
			m = &lc->msgs[i];
			m->used = use;
			break;
		}
	}
	lb_unlock(lc, key);
	if (!m)
		return NULL;
	m->hdr = hdr;
	m->len = len;
	if (len)
		memcpy(m->data, body, len);
	return m;
}

static void lb_free(struct scmia_loopback_chan *lc, struct scmia_loopback_msg *m)
{
	scmia_lock_key_t key = lb_lock(lc);

	m->used = LB_FREE;
	lb_unlock(lc, key);
}

int scmia_loopback_chan_init(struct scmia_loopback_chan *lc, struct scmia_loopback_msg *msgs,
			     unsigned n_msgs, uint16_t *cmdq, const struct scmia_os_ops *os,
			     void *os_ctx, scmia_loopback_kick_fn kick, void *kick_ctx)
{
	if (!lc || !msgs || !n_msgs || !cmdq || n_msgs > 0xffffu)
		return SCMIA_EINVAL;
	memset(lc, 0, sizeof(*lc));
	memset(msgs, 0, sizeof(*msgs) * n_msgs);
	lc->msgs = msgs;
	lc->n_msgs = n_msgs;
	lc->cmdq = cmdq;
	lc->os = os;
	lc->lock_ctx = os_ctx;
	lc->kick = kick;
	lc->kick_ctx = kick_ctx;
	return SCMIA_OK;
}

/* ---- agent side (transport ops) ---- */

static int lb_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct scmia_loopback_chan *lc = scmia_chan_ctx(chan);

	(void)ctx;
	if (!lc || !lc->msgs)
		return SCMIA_EINVAL;
	lc->chan = chan;
	return SCMIA_OK;
}

/* Drop posted (polled) replies carrying @hdr's token: a new send reuses the
 * channel, as a real shared area would be overwritten by the next message,
 * so a reply posted for an earlier use of the token can never be fetched
 * for this one. */
static void lb_purge_posted(struct scmia_loopback_chan *lc, uint32_t hdr)
{
	scmia_lock_key_t key = lb_lock(lc);

	for (unsigned i = 0; i < lc->n_msgs; i++) {
		struct scmia_loopback_msg *m = &lc->msgs[i];

		if (m->used == LB_POSTED && scmia_hdr_token(m->hdr) == scmia_hdr_token(hdr))
			m->used = LB_FREE;
	}
	lb_unlock(lc, key);
}

static void lb_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	(void)ctx;
	(void)ret;
	lb_purge_posted(scmia_chan_ctx(chan), xfer->hdr);
}

static int lb_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct scmia_loopback_chan *lc = scmia_chan_ctx(chan);
	struct scmia_loopback_msg *m;
	scmia_lock_key_t key;
	int err;

	(void)ctx;
	if (xfer->tx_len > SCMIA_LOOPBACK_DATA_MAX)
		return SCMIA_EINVAL;
	key = lb_lock(lc);
	err = lc->fail_send;
	lc->fail_send = 0;
	lb_unlock(lc, key);
	if (err)
		return err;
	lb_purge_posted(lc, xfer->hdr);
	m = lb_alloc(lc, LB_CMD, xfer->hdr, xfer->tx_buf, xfer->tx_len);
	if (!m)
		return SCMIA_EBUSY;
	/* From the moment it is queued, a platform thread may answer. */
	scmia_xfer_sent(xfer);
	key = lb_lock(lc);
	lc->cmdq[(lc->cmdq_head + lc->cmdq_count) % lc->n_msgs] = (uint16_t)(m - lc->msgs);
	lc->cmdq_count++;
	lc->sent++;
	lc->last_send_flags = scmia_xfer_flags(xfer);
	lb_unlock(lc, key);
	if (lc->kick)
		lc->kick(lc->kick_ctx, lc);
	return SCMIA_OK;
}

/* Copy a response body (status word + payload) into the transfer. */
static int lb_copy_response(const struct scmia_loopback_msg *m, struct scmia_xfer *xfer)
{
	uint32_t n;

	if (m->len < 4u)
		return SCMIA_ETOOSHORT; /* no room for a status word */
	xfer->status = (int32_t)scmia_get_le32(m->data);
	n = m->len - 4u;
	if (n > xfer->rx_cap)
		n = xfer->rx_cap;
	memcpy(xfer->rx_buf, m->data + 4, n);
	xfer->rx_len = n;
	return SCMIA_OK;
}

static struct scmia_loopback_msg *lb_find_posted(struct scmia_loopback_chan *lc, uint32_t hdr)
{
	struct scmia_loopback_msg *m = NULL;
	scmia_lock_key_t key = lb_lock(lc);

	for (unsigned i = 0; i < lc->n_msgs; i++) {
		if (lc->msgs[i].used == LB_POSTED && lc->msgs[i].hdr == hdr) {
			m = &lc->msgs[i];
			break;
		}
	}
	lb_unlock(lc, key);
	return m;
}

static int lb_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			     void *cookie)
{
	struct scmia_loopback_chan *lc = scmia_chan_ctx(chan);
	struct scmia_loopback_msg *m = cookie;
	int ret;

	(void)ctx;
	if (m)
		return lb_copy_response(m, xfer);
	/* Polling / completion on return: the posted reply for this header. */
	m = lb_find_posted(lc, xfer->hdr);
	if (!m)
		return SCMIA_EIO;
	ret = lb_copy_response(m, xfer);
	lb_free(lc, m);
	return ret;
}

static int lb_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				 uint32_t max_len, void *cookie)
{
	const struct scmia_loopback_msg *m = cookie;
	uint32_t n;

	(void)ctx;
	(void)chan;
	if (!m)
		return SCMIA_EINVAL;
	n = m->len;
	if (n > max_len)
		n = max_len;
	if (n > xfer->rx_cap)
		n = xfer->rx_cap;
	memcpy(xfer->rx_buf, m->data, n);
	xfer->rx_len = n;
	return SCMIA_OK;
}

static void lb_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct scmia_loopback_chan *lc = scmia_chan_ctx(chan);
	scmia_lock_key_t key = lb_lock(lc);

	(void)ctx;
	(void)cookie;
	lc->cleared++;
	lb_unlock(lc, key);
}

static int lb_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	(void)ctx;
	return lb_find_posted(scmia_chan_ctx(chan), xfer->hdr) ? 1 : 0;
}

static void lb_rx_release(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct scmia_loopback_chan *lc = scmia_chan_ctx(chan);
	scmia_lock_key_t key;

	(void)ctx;
	if (!cookie)
		return;
	key = lb_lock(lc);
	((struct scmia_loopback_msg *)cookie)->used = LB_FREE;
	lc->released++;
	lb_unlock(lc, key);
}

static const struct scmia_transport_ops lb_ops = {
	.chan_setup = lb_chan_setup,
	.send = lb_send,
	.mark_txdone = lb_mark_txdone,
	.fetch_response = lb_fetch_response,
	.fetch_notification = lb_fetch_notification,
	.clear_channel = lb_clear_channel,
	.poll_done = lb_poll_done,
	.rx_release = lb_rx_release,
};

const struct scmia_transport scmia_loopback_transport = {
	.ops = &lb_ops,
	.name = "loopback",
	.reply_timeout_us = 0,
	.max_msg = 1024,
	.max_msg_size = SCMIA_LOOPBACK_DATA_MAX - 8u,
	.flags = SCMIA_TRANSPORT_F_ATOMIC_SAFE,
};

/* ---- platform side ---- */

int scmia_loopback_cmd_pop(struct scmia_loopback_chan *lc, uint32_t *hdr, void *buf,
			   uint32_t cap, uint32_t *len)
{
	struct scmia_loopback_msg *m;
	scmia_lock_key_t key;
	uint32_t n;

	if (!lc || !hdr || (cap && !buf))
		return SCMIA_EINVAL;
	key = lb_lock(lc);
	if (!lc->cmdq_count) {
		lb_unlock(lc, key);
		return SCMIA_ENOENT;
	}
	m = &lc->msgs[lc->cmdq[lc->cmdq_head]];
	lc->cmdq_head = (lc->cmdq_head + 1u) % lc->n_msgs;
	lc->cmdq_count--;
	lb_unlock(lc, key);

	*hdr = m->hdr;
	n = m->len < cap ? m->len : cap;
	if (n)
		memcpy(buf, m->data, n);
	if (len)
		*len = m->len;
	lb_free(lc, m);
	return SCMIA_OK;
}

int scmia_loopback_deliver(struct scmia_loopback_chan *lc, uint32_t hdr, const void *body,
			   uint32_t len)
{
	struct scmia_loopback_msg *m;
	int ret;

	if (!lc || (len && !body))
		return SCMIA_EINVAL;
	if (len > SCMIA_LOOPBACK_DATA_MAX)
		return SCMIA_ENOSPC;
	m = lb_alloc(lc, LB_DELIVERED, hdr, body, len);
	if (!m)
		return SCMIA_ENOSPC;
	ret = scmia_rx(lc->chan, hdr, m);
	if (ret != SCMIA_RX_DEFERRED)
		lb_free(lc, m); /* kept messages are freed by rx_release */
	return ret;
}

int scmia_loopback_post(struct scmia_loopback_chan *lc, uint32_t hdr, const void *body,
			uint32_t len)
{
	if (!lc || (len && !body))
		return SCMIA_EINVAL;
	if (len > SCMIA_LOOPBACK_DATA_MAX)
		return SCMIA_ENOSPC;
	return lb_alloc(lc, LB_POSTED, hdr, body, len) ? SCMIA_OK : SCMIA_ENOSPC;
}

void scmia_loopback_fail_next_send(struct scmia_loopback_chan *lc, int err)
{
	scmia_lock_key_t key;

	if (!lc)
		return;
	key = lb_lock(lc);
	lc->fail_send = err;
	lb_unlock(lc, key);
}

unsigned scmia_loopback_pending(struct scmia_loopback_chan *lc)
{
	scmia_lock_key_t key;
	unsigned n;

	if (!lc)
		return 0;
	key = lb_lock(lc);
	n = lc->cmdq_count;
	lb_unlock(lc, key);
	return n;
}

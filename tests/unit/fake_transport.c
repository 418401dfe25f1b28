/* SPDX-License-Identifier: BSD-3-Clause */
/* Fake transport for the core unit tests (see fake_transport.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "fake_transport.h"

static void tp_violation(struct fake_tp *tp, const char *what)
{
	if (!tp->violations)
		tp->violation = what;
	tp->violations++;
}

static void tp_enter(struct fake_tp *tp, const char *op)
{
	if (tp->os && tp->os->depth != 0)
		tp_violation(tp, op);
}

void fake_tp_assert_clean(const struct fake_tp *tp)
{
	if (tp->violations)
		print_error("fake transport violation: %s (%u in all)\n", tp->violation,
			    tp->violations);
	assert_int_equal(tp->violations, 0);
}

void fake_msg_fill(struct fake_msg *m, uint32_t hdr, int32_t status, const void *data,
		   uint32_t len)
{
	memset(m, 0, sizeof(*m));
	m->hdr = hdr;
	m->status = status;
	if (len > FAKE_MSG_MAX)
		len = FAKE_MSG_MAX;
	m->len = len;
	if (data)
		memcpy(m->data, data, len);
}

void fake_tp_post(struct fake_tp *tp, uint32_t hdr, int32_t status, const void *data,
		  uint32_t len)
{
	fake_msg_fill(&tp->posted, hdr, status, data, len);
	tp->posted_valid = 1;
}

static int f_init(void *ctx)
{
	struct fake_tp *tp = ctx;

	tp_enter(tp, "init under lock");
	tp->n_init++;
	return tp->init_ret;
}

static void f_exit(void *ctx)
{
	struct fake_tp *tp = ctx;

	tp_enter(tp, "exit under lock");
	tp->n_exit++;
}

static int f_ready(void *ctx)
{
	struct fake_tp *tp = ctx;

	tp_enter(tp, "ready under lock");
	tp->n_ready++;
	return tp->ready_ret;
}

static int f_chan_setup(void *ctx, struct scmia_chan *chan)
{
	struct fake_tp *tp = ctx;

	tp_enter(tp, "chan_setup under lock");
	tp->n_setup++;
	if (tp->on_setup) {
		int r = tp->on_setup(tp, chan);

		if (r)
			return r;
	}
	return tp->setup_ret;
}

static void f_chan_free(void *ctx, struct scmia_chan *chan)
{
	struct fake_tp *tp = ctx;

	tp_enter(tp, "chan_free under lock");
	if (tp->n_free < 8)
		tp->freed[tp->n_free] = chan;
	tp->n_free++;
}

int fake_tp_get_max_msg(void *ctx, struct scmia_chan *chan)
{
	struct fake_tp *tp = ctx;

	(void)chan;
	tp_enter(tp, "get_max_msg under lock");
	tp->n_get_max++;
	return tp->max_msg_ret;
}

static int f_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct fake_tp *tp = ctx;
	int r;

	tp_enter(tp, "send under lock");
	tp->n_send++;
	tp->last_hdr = xfer->hdr;
	tp->last_tx_len = xfer->tx_len;
	tp->last_flags = scmia_xfer_flags(xfer);
	tp->last_send_chan = chan;
	tp->last_xfer = xfer;
	if (xfer->tx_len > FAKE_MSG_MAX) {
		tp_violation(tp, "tx_len above the fake's buffer");
	} else if (xfer->tx_len) {
		if (!xfer->tx_buf)
			tp_violation(tp, "tx_len without tx_buf");
		else
			memcpy(tp->last_tx, xfer->tx_buf, xfer->tx_len);
	}
	if (tp->n_logged < FAKE_SENT_LOG)
		tp->sent_log[tp->n_logged++] = xfer->hdr;
	if (tp->os) {
		tp->os->now += tp->send_advance_us;
		tp->last_send_seq = fake_os_next_seq(tp->os);
		tp->last_doorbell_us = tp->os->now;
	}
	if (tp->send_fail_once) {
		r = tp->send_fail_once;
		tp->send_fail_once = 0;
		return r;
	}
	if (tp->send_ret)
		return tp->send_ret;
	if (!tp->no_sent_call)
		scmia_xfer_sent(xfer); /* "doorbell": replies may come from here */
	if (tp->on_send)
		return tp->on_send(tp, chan, xfer);
	return 0;
}

static void f_mark_txdone(void *ctx, struct scmia_chan *chan, int ret, struct scmia_xfer *xfer)
{
	struct fake_tp *tp = ctx;

	(void)chan;
	tp_enter(tp, "mark_txdone under lock");
	tp->n_txdone++;
	tp->last_txdone_ret = ret;
	tp->last_txdone_xfer = xfer;
}

static int f_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
			    void *cookie)
{
	struct fake_tp *tp = ctx;
	struct fake_msg *m = cookie;
	uint32_t n;

	tp_enter(tp, "fetch_response under lock");
	tp->n_fetch++;
	tp->last_fetch_chan = chan;
	tp->last_fetch_cookie = cookie;
	tp->last_fetch_rx_len_in = xfer->rx_len;
	if (tp->on_fetch)
		tp->on_fetch(tp, chan, xfer, cookie);
	if (!m) {
		if (!tp->posted_valid)
			return SCMIA_EIO;
		m = &tp->posted;
		tp->posted_valid = 0;
	}
	m->fetched++;
	if (m->fetch_ret)
		return m->fetch_ret;
	xfer->status = m->status;
	n = m->len;
	if (n > xfer->rx_cap)
		n = xfer->rx_cap;
	if (n > FAKE_MSG_MAX)
		n = FAKE_MSG_MAX;
	if (n && !xfer->rx_buf) {
		tp_violation(tp, "rx_cap without rx_buf");
		n = 0;
	}
	if (n)
		memcpy(xfer->rx_buf, m->data, n);
	xfer->rx_len = n;
	if (tp->reenter.armed && !tp->reenter.done) {
		tp->reenter.done = 1;
		tp->reenter.ret = scmia_rx(tp->reenter.chan, tp->reenter.hdr, tp->reenter.msg);
	}
	return 0;
}

static int f_fetch_notification(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				uint32_t max_len, void *cookie)
{
	struct fake_tp *tp = ctx;
	struct fake_msg *m = cookie;
	uint32_t n;

	tp_enter(tp, "fetch_notification under lock");
	tp->n_fetch_notif++;
	tp->last_fetch_chan = chan;
	tp->last_fetch_cookie = cookie;
	tp->last_notif_max = max_len;
	if (tp->on_fetch_notif)
		tp->on_fetch_notif(tp, chan, xfer, cookie);
	if (!m)
		return SCMIA_EIO;
	if (max_len > scmia_chan_msg_size(chan))
		tp_violation(tp, "fetch_notification max_len above the channel's msg_size");
	m->fetched++;
	if (m->fetch_ret)
		return m->fetch_ret;
	n = m->len;
	if (n > max_len)
		n = max_len;
	if (n && !xfer->rx_buf) {
		tp_violation(tp, "notification without rx_buf");
		n = 0;
	}
	if (n)
		memcpy(xfer->rx_buf, m->data, n);
	xfer->rx_len = n;
	return 0;
}

static void f_clear_channel(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct fake_tp *tp = ctx;

	tp_enter(tp, "clear_channel under lock");
	tp->n_clear++;
	tp->last_clear_chan = chan;
	tp->last_clear_cookie = cookie;
}

static int f_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct fake_tp *tp = ctx;

	tp_enter(tp, "poll_done under lock");
	tp->n_poll++;
	if (tp->n_poll > tp->poll_limit) {
		tp_violation(tp, "poll storm (core never stops polling)");
		return SCMIA_EIO;
	}
	if (tp->on_poll)
		return tp->on_poll(tp, chan, xfer);
	if (!tp->posted_valid)
		return 0;
	if (tp->poll_ready_after) {
		tp->poll_ready_after--;
		return 0;
	}
	return scmia_hdr_token(tp->posted.hdr) == scmia_hdr_token(xfer->hdr);
}

static void f_rx_release(void *ctx, struct scmia_chan *chan, void *cookie)
{
	struct fake_tp *tp = ctx;
	struct fake_msg *m = cookie;

	tp_enter(tp, "rx_release under lock");
	tp->n_release++;
	tp->last_release_chan = chan;
	tp->last_release_cookie = cookie;
	if (m)
		m->released++;
}

void fake_tp_init(struct fake_tp *tp, struct fake_os *os)
{
	memset(tp, 0, sizeof(*tp));
	tp->os = os;
	tp->ops.init = f_init;
	tp->ops.exit = f_exit;
	tp->ops.ready = f_ready;
	tp->ops.chan_setup = f_chan_setup;
	tp->ops.chan_free = f_chan_free;
	tp->ops.get_max_msg = NULL;
	tp->ops.send = f_send;
	tp->ops.mark_txdone = f_mark_txdone;
	tp->ops.fetch_response = f_fetch_response;
	tp->ops.fetch_notification = f_fetch_notification;
	tp->ops.clear_channel = f_clear_channel;
	tp->ops.poll_done = f_poll_done;
	tp->ops.rx_release = f_rx_release;
	tp->desc.ops = &tp->ops;
	tp->desc.name = "fake";
	tp->desc.max_msg = SCMIA_MAX_MSG_LIMIT;
	tp->desc.max_msg_size = FAKE_MSG_MAX;
	tp->poll_limit = 2000000u;
}

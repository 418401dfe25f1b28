/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMT server: the platform side of an agent's SMT channel pair, for an
 * agent that is not trusted (scmia_smt_server.h).
 *
 * a2p states (under the lock):
 *
 *   IDLE --doorbell--> TAKING --checks fail--> IDLE (ERROR written)
 *                        |
 *                        +--copied--> BUSY --reply(req)--> REPLYING
 *   REPLYING --FREE about to be set--> FREED --> IDLE
 *
 * A doorbell in TAKING, BUSY or REPLYING cannot be the agent's next
 * command (it has not seen FREE): a storm, counted and ignored. A doorbell
 * in FREED may be (the agent saw FREE and was quick): it is remembered
 * (rung) and taken when the reply ends. The request number (seq) changes
 * with every command and every reset, so a reply to anything but the
 * pending command is refused.
 *
 * The area is read through the helpers of smt_area.c (accessor table,
 * barriers): the status first (acquire), then length, flags and header,
 * each read once, then the payload into the server's own buffer.
 *
 * p2a: one message in the area at a time. p2a_busy says that a message is
 * being written (only one writer), p2a_again that someone asked to send
 * meanwhile (an acknowledge doorbell, a new message): the writer looks
 * once more before it stops, so no wake-up is lost.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia_smt_server.h"

enum { ST_IDLE = 0, ST_TAKING, ST_BUSY, ST_REPLYING, ST_FREED };

/* Doorbells that raced a reply and are taken before it returns, at most
 * (more are left for the next doorbell or poll). */
#define DRAIN_MAX 8u
/* Looks at the p2a area one send may take when acknowledgements keep
 * arriving while it writes. */
#define PUMP_MAX 4u

static scmia_lock_key_t slock(const struct scmia_smt_server *s)
{
	return (s->os && s->os->lock) ? s->os->lock(s->os_ctx) : 0u;
}

static void sunlock(const struct scmia_smt_server *s, scmia_lock_key_t k)
{
	if (s->os && s->os->lock)
		s->os->unlock(s->os_ctx, k);
}

static void area_hand_back(struct scmia_smt_area *a)
{
	uint32_t off;

	for (off = 0; off < a->size; off += 4u)
		(void)scmia_smt_area_write32(a, off, 0u);
	(void)scmia_smt_area_mark_free(a);
}

int scmia_smt_server_init(struct scmia_smt_server *srv, const struct scmia_smt_server_cfg *cfg)
{
	int ret;

	if (!srv || !cfg || !cfg->cmd || (cfg->flags & ~SCMIA_SMT_SERVER_F_ACK) ||
	    (cfg->queue_len && !cfg->queue) ||
	    (cfg->os && !cfg->os->lock != !cfg->os->unlock))
		return SCMIA_EINVAL;
	memset(srv, 0, sizeof(*srv));
	ret = scmia_smt_area_init(&srv->a2p, cfg->a2p_base, cfg->a2p_size, cfg->acc, cfg->acc_ctx);
	if (ret)
		return ret;
	if (cfg->p2a_base) {
		ret = scmia_smt_area_init(&srv->p2a, cfg->p2a_base, cfg->p2a_size, cfg->acc,
					  cfg->acc_ctx);
		if (ret)
			return ret;
	}
	srv->a2p_irq = cfg->a2p_irq;
	srv->a2p_irq_ctx = cfg->a2p_irq_ctx;
	srv->p2a_irq = cfg->p2a_irq;
	srv->p2a_irq_ctx = cfg->p2a_irq_ctx;
	srv->cmd = cfg->cmd;
	srv->cmd_ctx = cfg->cmd_ctx;
	srv->os = cfg->os;
	srv->os_ctx = cfg->os_ctx;
	srv->queue = cfg->queue_len ? cfg->queue : NULL;
	srv->queue_len = cfg->queue_len;
	srv->flags = cfg->flags;
	scmia_smt_area_set_vendor(&srv->a2p, cfg->vendor, cfg->vendor_ctx);
	if (srv->p2a.size)
		scmia_smt_area_set_vendor(&srv->p2a, cfg->vendor, cfg->vendor_ctx);
	area_hand_back(&srv->a2p);
	if (srv->p2a.size)
		area_hand_back(&srv->p2a);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* a2p                                                                 */
/* ------------------------------------------------------------------ */

/* Hand the a2p area back: release fence (every read and write of the
 * message before the status), the status, full fence (the status before
 * the interrupt the caller may raise). */
static void set_status(struct scmia_smt_area *a, uint32_t status)
{
	atomic_thread_fence(memory_order_release);
	(void)scmia_smt_area_write32(a, SCMIA_SMT_OFF_STATUS, status);
	atomic_thread_fence(memory_order_seq_cst);
}

static void drain(struct scmia_smt_server *s);

/* The a2p area goes back to the agent with @status; the completion
 * interrupt when asked, once the server takes doorbells again. */
static void give_back(struct scmia_smt_server *s, uint32_t status, int irq, uint32_t *counter,
		      int cut)
{
	scmia_lock_key_t k;

	k = slock(s);
	/* From here a doorbell may be the agent's next command. */
	s->state = ST_FREED;
	sunlock(s, k);
	if (status == SCMIA_SMT_STATUS_FREE)
		(void)scmia_smt_area_mark_free(&s->a2p);
	else
		set_status(&s->a2p, status);
	k = slock(s);
	s->state = ST_IDLE;
	(*counter)++;
	if (cut)
		s->st.truncated++;
	if (irq && s->a2p_irq)
		s->st.a2p_irqs++;
	sunlock(s, k);
	/* After IDLE: an agent that sends its next command from its interrupt
	 * handler finds the server ready for it. */
	if (irq && s->a2p_irq)
		s->a2p_irq(s->a2p_irq_ctx);
	drain(s);
}

/* Answer a command the server refuses with the channel's ERROR bit, so
 * that the agent's channel is not left owned by the platform. */
static int refuse(struct scmia_smt_server *s, uint32_t *counter, int irq, int ret)
{
	give_back(s, SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR, irq, counter, 0);
	return ret;
}

/*
 * Take the command the agent handed over, if any. @polled: a look that
 * finding nothing is not an event (poll, or a remembered doorbell).
 */
static int take(struct scmia_smt_server *s, int polled)
{
	struct scmia_xfer x;
	uint32_t status, len, flags, hdr, req;
	scmia_lock_key_t k;
	int irq, ret;

	k = slock(s);
	if (s->state != ST_IDLE) {
		if (s->state == ST_FREED)
			s->rung = 1; /* maybe the next command: look when the reply ends */
		else if (!polled)
			s->st.storms++;
		sunlock(s, k);
		return SCMIA_EBUSY;
	}
	s->rung = 0;
	s->state = ST_TAKING;
	if (!polled)
		s->st.doorbells++;
	sunlock(s, k);

	/* Status first (acquire): the agent wrote the command before it
	 * cleared the status. */
	status = scmia_smt_area_status(&s->a2p);
	if (status & (SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR)) {
		k = slock(s);
		if (!polled)
			s->st.not_handed++;
		s->state = ST_IDLE;
		sunlock(s, k);
		return polled ? SCMIA_OK : SCMIA_ESTATE;
	}
	if (polled) {
		k = slock(s);
		s->st.doorbells++;
		sunlock(s, k);
	}
	/* Each agent-written word is read once, then only the copy is used. */
	(void)scmia_smt_area_read32(&s->a2p, SCMIA_SMT_OFF_FLAGS, &flags);
	(void)scmia_smt_area_read32(&s->a2p, SCMIA_SMT_OFF_LENGTH, &len);
	irq = (flags & SCMIA_SMT_FLAGS_IRQ) ? 1 : 0;
	if (len < 4u || len > s->a2p.size - SCMIA_SMT_OFF_HEADER ||
	    len - 4u > SCMIA_SMT_SERVER_MSG_MAX)
		return refuse(s, &s->st.bad_len, irq, SCMIA_EMALFORMED);
	hdr = scmia_smt_area_header(&s->a2p);
	if (scmia_hdr_reserved(hdr) || scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_COMMAND)
		return refuse(s, &s->st.bad_hdr, irq, SCMIA_EMALFORMED);
	/* The payload, bounded by the length read above: the helper reads the
	 * length again; if the agent changed it meanwhile, the copy is not
	 * the command that was checked. */
	memset(&x, 0, sizeof(x));
	x.rx_buf = s->buf;
	x.rx_cap = SCMIA_SMT_SERVER_MSG_MAX;
	ret = scmia_smt_area_fetch_notification(&s->a2p, &x, len - 4u);
	if (ret || x.rx_len != len - 4u)
		return refuse(s, &s->st.bad_read, irq, SCMIA_EMALFORMED);

	k = slock(s);
	req = ++s->seq;
	s->cmd_irq = (uint8_t)irq;
	s->state = ST_BUSY;
	s->st.commands++;
	sunlock(s, k);
	s->cmd(s->cmd_ctx, s, req, hdr, s->buf, len - 4u);
	return polled ? 1 : SCMIA_OK;
}

int scmia_smt_server_doorbell(struct scmia_smt_server *srv)
{
	if (!srv || !srv->cmd)
		return SCMIA_EINVAL;
	return take(srv, 0);
}

/* Take the doorbells that raced the end of a reply (an agent on another
 * CPU that saw FREE before the server was IDLE again): a bounded number,
 * by the outermost reply only (a handler that answers at once nests). */
static void drain(struct scmia_smt_server *s)
{
	scmia_lock_key_t k;
	unsigned i;

	k = slock(s);
	if (s->draining || !s->rung) {
		sunlock(s, k);
		return;
	}
	s->draining = 1;
	sunlock(s, k);
	for (i = 0; i < DRAIN_MAX; i++) {
		int r;

		k = slock(s);
		r = s->rung && s->state == ST_IDLE;
		if (r)
			s->st.deferred++;
		sunlock(s, k);
		if (!r)
			break;
		(void)take(s, 1);
	}
	k = slock(s);
	s->draining = 0;
	sunlock(s, k);
}

int scmia_smt_server_reply(void *p, uint32_t req, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_smt_server *s = (struct scmia_smt_server *)p;
	struct scmia_xfer x;
	scmia_lock_key_t k;
	uint32_t room;
	int irq, cut = 0, wret;

	if (!s || !s->cmd || (len && !body))
		return SCMIA_EINVAL;
	k = slock(s);
	if (s->state != ST_BUSY || req != s->seq) {
		s->st.stale_replies++;
		sunlock(s, k);
		return SCMIA_ESTATE;
	}
	s->state = ST_REPLYING;
	irq = s->cmd_irq;
	sunlock(s, k);

	room = s->a2p.size - SCMIA_SMT_OFF_PAYLOAD;
	if (len > room) {
		len = room;
		cut = 1;
	}
	memset(&x, 0, sizeof(x));
	x.hdr = hdr;
	x.tx_buf = (void *)(uintptr_t)body;
	x.tx_len = len;
	/* Header, body, length and the flags as the agent set them; then FREE
	 * (release: the reply before the status). A vendor hook that refuses
	 * the reply turns it into a channel error: the channel is freed
	 * either way. */
	wret = scmia_smt_area_tx_write(&s->a2p, &x, irq);
	give_back(s, wret ? SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR : SCMIA_SMT_STATUS_FREE,
		  irq, &s->st.replies, cut);
	return SCMIA_OK;
}

/* ------------------------------------------------------------------ */
/* p2a                                                                 */
/* ------------------------------------------------------------------ */

static int is_notif(uint32_t hdr)
{
	return scmia_hdr_type(hdr) == SCMIA_MSG_TYPE_NOTIFICATION;
}

/* Queue a message behind the others (lock held). */
static int enqueue_locked(struct scmia_smt_server *s, uint32_t hdr, const void *body, uint32_t len,
			  int emitting_head)
{
	struct scmia_smt_server_msg *m = NULL;
	uint16_t i;

	if (s->q_count < s->queue_len) {
		m = &s->queue[(s->q_head + s->q_count) % s->queue_len];
		s->q_count++;
	} else if (!is_notif(hdr) && s->queue_len) {
		/* Full: a delayed response must eventually arrive, a
		 * notification may be lost: take the newest notification's
		 * place (never the one being written). */
		for (i = s->q_count; i > 0; i--) {
			uint16_t idx = (uint16_t)((s->q_head + i - 1u) % s->queue_len);

			if (emitting_head && idx == s->q_head)
				break;
			if (is_notif(s->queue[idx].hdr)) {
				m = &s->queue[idx];
				s->st.evicted++;
				break;
			}
		}
	}
	if (!m) {
		if (is_notif(hdr))
			s->st.notif_drops++;
		else
			s->st.dresp_drops++;
		return SCMIA_ENOSPC;
	}
	m->hdr = hdr;
	m->len = len;
	if (len)
		memcpy(m->body, body, len);
	s->st.p2a_queued++;
	return SCMIA_OK;
}

/* Write one message into the p2a area and hand it over. The caller is the
 * only writer (p2a_busy) and saw the area FREE. */
static void emit(struct scmia_smt_server *s, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_xfer x;
	int ack = (s->flags & SCMIA_SMT_SERVER_F_ACK) ? 1 : 0;
	scmia_lock_key_t k;

	memset(&x, 0, sizeof(x));
	x.hdr = hdr;
	x.tx_buf = (void *)(uintptr_t)body;
	x.tx_len = len;
	/* Message, flags (bit0: acknowledge wanted), then status := 0: the
	 * area is the agent's from here. A vendor hook that refuses leaves
	 * the area FREE: the message is dropped. */
	if (scmia_smt_area_tx_write(&s->p2a, &x, ack)) {
		k = slock(s);
		if (is_notif(hdr))
			s->st.notif_drops++;
		else
			s->st.dresp_drops++;
		sunlock(s, k);
		return;
	}
	scmia_smt_area_tx_publish(&s->p2a);
	if (s->p2a_irq)
		s->p2a_irq(s->p2a_irq_ctx);
	k = slock(s);
	s->st.p2a_sent++;
	if (s->p2a_irq)
		s->st.p2a_irqs++;
	sunlock(s, k);
}

/* Send the oldest queued message if the agent freed the area. Returns the
 * number sent (0 or 1). */
static int pump(struct scmia_smt_server *s)
{
	scmia_lock_key_t k;
	unsigned i;

	for (i = 0; i < PUMP_MAX; i++) {
		struct scmia_smt_server_msg *m;
		int again;

		k = slock(s);
		if (s->p2a_busy) {
			s->p2a_again = 1; /* the writer looks once more */
			sunlock(s, k);
			return 0;
		}
		if (!s->q_count) {
			sunlock(s, k);
			return 0;
		}
		s->p2a_busy = 2; /* writing the queue head */
		m = &s->queue[s->q_head];
		sunlock(s, k);
		if (scmia_smt_area_is_free(&s->p2a)) {
			emit(s, m->hdr, m->body, m->len);
			k = slock(s);
			s->q_head = (uint16_t)((s->q_head + 1u) % s->queue_len);
			s->q_count--;
			s->p2a_busy = 0;
			s->p2a_again = 0;
			sunlock(s, k);
			return 1; /* the area is the agent's now */
		}
		k = slock(s);
		s->p2a_busy = 0;
		again = s->p2a_again;
		s->p2a_again = 0;
		sunlock(s, k);
		if (!again)
			return 0;
	}
	return 0;
}

int scmia_smt_server_p2a(void *p, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_smt_server *s = (struct scmia_smt_server *)p;
	uint32_t room;
	scmia_lock_key_t k;
	int ret, cut = 0, again;

	if (!s || !s->cmd || (len && !body))
		return SCMIA_EINVAL;
	if (scmia_hdr_reserved(hdr) || (scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_NOTIFICATION &&
					 scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_DELAYED_RESP)) {
		k = slock(s);
		s->st.p2a_bad++;
		sunlock(s, k);
		return SCMIA_EINVAL;
	}
	if (!s->p2a.size) {
		k = slock(s);
		if (is_notif(hdr))
			s->st.notif_drops++;
		else
			s->st.dresp_drops++;
		sunlock(s, k);
		return SCMIA_ENOTSUP;
	}
	room = s->p2a.size - SCMIA_SMT_OFF_PAYLOAD;
	if (room > SCMIA_SMT_SERVER_MSG_MAX)
		room = SCMIA_SMT_SERVER_MSG_MAX;
	if (len > room) {
		len = room;
		cut = 1;
	}
	k = slock(s);
	if (cut)
		s->st.truncated++;
	if (s->p2a_busy || s->q_count) {
		/* Behind what waits already. */
		ret = enqueue_locked(s, hdr, body, len, s->p2a_busy == 2);
		if (s->p2a_busy)
			s->p2a_again = 1;
		sunlock(s, k);
		return ret;
	}
	s->p2a_busy = 1;
	sunlock(s, k);
	if (scmia_smt_area_is_free(&s->p2a)) {
		emit(s, hdr, body, len);
		ret = SCMIA_OK;
	} else {
		k = slock(s);
		ret = enqueue_locked(s, hdr, body, len, 0);
		sunlock(s, k);
	}
	k = slock(s);
	s->p2a_busy = 0;
	again = s->p2a_again;
	s->p2a_again = 0;
	sunlock(s, k);
	if (again)
		(void)pump(s);
	return ret;
}

int scmia_smt_server_ack(struct scmia_smt_server *srv)
{
	scmia_lock_key_t k;

	if (!srv || !srv->cmd)
		return SCMIA_EINVAL;
	k = slock(srv);
	srv->st.acks++;
	sunlock(srv, k);
	return pump(srv);
}

int scmia_smt_server_poll(struct scmia_smt_server *srv)
{
	int ret;

	if (!srv || !srv->cmd)
		return SCMIA_EINVAL;
	ret = take(srv, 1);
	if (ret == SCMIA_EBUSY)
		ret = 0;
	if (srv->p2a.size)
		(void)pump(srv);
	return ret;
}

int scmia_smt_server_abandon(struct scmia_smt_server *srv)
{
	scmia_lock_key_t k;
	int ret = SCMIA_ESTATE;

	if (!srv || !srv->cmd)
		return SCMIA_EINVAL;
	k = slock(srv);
	if (srv->state == ST_BUSY) {
		/* Its late reply is refused: the state is no longer BUSY, and
		 * the next command takes a new request number. */
		srv->state = ST_IDLE;
		srv->st.abandoned++;
		ret = SCMIA_OK;
	}
	sunlock(srv, k);
	return ret;
}

int scmia_smt_server_reset(struct scmia_smt_server *srv)
{
	scmia_lock_key_t k;

	if (!srv || !srv->cmd)
		return SCMIA_EINVAL;
	k = slock(srv);
	/* The pending command's late reply is refused: the state is no
	 * longer BUSY, and the next command takes a new request number. */
	srv->state = ST_IDLE;
	srv->rung = 0;
	srv->cmd_irq = 0;
	srv->q_head = 0;
	srv->q_count = 0;
	srv->st.resets++;
	sunlock(srv, k);
	area_hand_back(&srv->a2p);
	if (srv->p2a.size)
		area_hand_back(&srv->p2a);
	return SCMIA_OK;
}

int scmia_smt_server_counters(struct scmia_smt_server *srv, struct scmia_smt_server_stats *out)
{
	scmia_lock_key_t k;

	if (!srv || !out)
		return SCMIA_EINVAL;
	k = slock(srv);
	*out = srv->st;
	sunlock(srv, k);
	return SCMIA_OK;
}

int scmia_smt_server_busy(struct scmia_smt_server *srv)
{
	scmia_lock_key_t k;
	int b;

	if (!srv)
		return 0;
	k = slock(srv);
	b = srv->state != ST_IDLE;
	sunlock(srv, k);
	return b;
}

unsigned scmia_smt_server_queued(struct scmia_smt_server *srv)
{
	scmia_lock_key_t k;
	unsigned n;

	if (!srv)
		return 0;
	k = slock(srv);
	n = srv->q_count;
	sunlock(srv, k);
	return n;
}

const struct scmia_server_ops scmia_smt_server_ops = {
	.reply = scmia_smt_server_reply,
	.p2a = scmia_smt_server_p2a,
};

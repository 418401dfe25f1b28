/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fake transport for the core unit tests: a table-driven ops table whose
 * context records every call and plays scripted behaviour (failing send,
 * time spent before the doorbell, completion on return, poll_done, receive
 * during channel setup, re-entering scmia_rx() from inside fetch_response).
 *
 * Messages handed to scmia_rx() carry a struct fake_msg as cookie; the
 * fetch ops copy from it with every length bounded. Polling and completion
 * on return fetch from the "posted" message (cookie NULL).
 */
#ifndef SCMIA_UNIT_FAKE_TRANSPORT_H
#define SCMIA_UNIT_FAKE_TRANSPORT_H

#include <stdint.h>

#include "fake_os.h"
#include "scmia/scmia.h"

/** Largest body of a fake message. */
#define FAKE_MSG_MAX 256u
/** Number of sent headers kept in the log. */
#define FAKE_SENT_LOG 8192u

/** A message from the platform, the cookie given to scmia_rx(). */
struct fake_msg {
	uint32_t hdr;
	int32_t status;     /* responses: the status word */
	uint32_t len;       /* payload bytes (after the status for responses) */
	int fetch_ret;      /* fetch returns this without copying when non-zero */
	unsigned fetched;   /* times a fetch op read it */
	unsigned released;  /* times rx_release named it */
	uint8_t data[FAKE_MSG_MAX];
};

struct fake_tp;

typedef int (*fake_send_hook)(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer);
typedef int (*fake_poll_hook)(struct fake_tp *tp, struct scmia_chan *chan, struct scmia_xfer *xfer);
typedef int (*fake_setup_hook)(struct fake_tp *tp, struct scmia_chan *chan);
typedef void (*fake_fetch_hook)(struct fake_tp *tp, struct scmia_chan *chan,
				struct scmia_xfer *xfer, void *cookie);

struct fake_tp {
	struct scmia_transport_ops ops; /* tests may NULL entries before init */
	struct scmia_transport desc;    /* desc.ops = &ops */
	struct fake_os *os;             /* lock checks; NULL in NULL-ops mode */
	void *user;                     /* free for the test's hooks */

	/* script */
	int ready_ret;
	int init_ret;
	int setup_ret;
	int max_msg_ret;                /* returned by get_max_msg (when set in ops) */
	int send_ret;                   /* every send returns this */
	int no_sent_call;               /* send() does not call scmia_xfer_sent() */
	int send_fail_once;             /* next send returns this once */
	uint64_t send_advance_us;       /* virtual time spent in send before the doorbell */
	fake_send_hook on_send;         /* after recording; its result is send's result */
	fake_poll_hook on_poll;         /* replaces the default poll_done */
	fake_setup_hook on_setup;       /* during chan_setup */
	fake_fetch_hook on_fetch;       /* first thing in fetch_response */
	fake_fetch_hook on_fetch_notif; /* first thing in fetch_notification */
	struct {
		int armed;
		struct scmia_chan *chan;
		uint32_t hdr;
		struct fake_msg *msg;
		int ret;
		unsigned done;
	} reenter;                      /* scmia_rx() from inside fetch_response */
	struct fake_msg posted;         /* for polling / completion on return */
	int posted_valid;
	unsigned poll_ready_after;      /* poll_done says 0 this many times first */
	unsigned poll_limit;            /* poll_done storm guard */

	/* records */
	unsigned n_init, n_exit, n_ready, n_setup, n_free, n_get_max;
	unsigned n_send, n_txdone, n_fetch, n_fetch_notif, n_clear, n_poll, n_release;
	uint32_t last_hdr;
	uint32_t last_tx_len;
	unsigned last_flags;
	struct scmia_chan *last_send_chan;
	struct scmia_xfer *last_xfer;
	uint8_t last_tx[FAKE_MSG_MAX];
	uint64_t last_send_seq;
	uint64_t last_doorbell_us;
	int last_txdone_ret;
	struct scmia_xfer *last_txdone_xfer;
	struct scmia_chan *last_fetch_chan;
	void *last_fetch_cookie;
	uint32_t last_fetch_rx_len_in; /* rx_len when fetch_response was entered */
	uint32_t last_notif_max;
	struct scmia_chan *last_clear_chan;
	void *last_clear_cookie;
	struct scmia_chan *last_release_chan;
	void *last_release_cookie;
	struct scmia_chan *freed[8];    /* chan_free order */
	uint32_t sent_log[FAKE_SENT_LOG];
	unsigned n_logged;
	unsigned violations;
	const char *violation;
};

/** Fill the ops table (every op), descriptor (name "fake", max_msg 1024,
 *  max_msg_size FAKE_MSG_MAX, no flags) and script defaults. get_max_msg is left NULL;
 *  set tp->ops.get_max_msg = fake_tp_get_max_msg to enable it. */
void fake_tp_init(struct fake_tp *tp, struct fake_os *os);

/** The get_max_msg op (returns tp->max_msg_ret). */
int fake_tp_get_max_msg(void *ctx, struct scmia_chan *chan);

/** Fill a message. @p data may be NULL (zeros). */
void fake_msg_fill(struct fake_msg *m, uint32_t hdr, int32_t status, const void *data,
		   uint32_t len);

/** Post a response for polling / completion on return. */
void fake_tp_post(struct fake_tp *tp, uint32_t hdr, int32_t status, const void *data,
		  uint32_t len);

/** cmocka assertion: no violation recorded. */
void fake_tp_assert_clean(const struct fake_tp *tp);

#endif /* SCMIA_UNIT_FAKE_TRANSPORT_H */

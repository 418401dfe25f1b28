/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared fixture of the core unit tests: one agent on the fake OS (or the
 * NULL table) and the fake transport, a default a2p channel and optionally
 * its p2a partner, plus helpers to play the platform (responses, delayed
 * responses, notifications through scmia_rx()) and to record completion
 * callbacks. Every test arms a watchdog so that a core that spins fails the
 * test run instead of hanging it.
 */
#ifndef SCMIA_UNIT_FIXTURE_H
#define SCMIA_UNIT_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_os.h"
#include "fake_transport.h"
#include "scmia/scmia.h"

/** Messages a fixture can hand out as scmia_rx() cookies. */
#define FX_MSGS 64u
/** Default command protocol used by the tests (Clock). */
#define FX_PROTO SCMIA_PROTO_CLOCK
/** Seconds before the watchdog kills a hung test binary. */
#define FX_WATCHDOG_S 20u

struct fx_opts {
	int no_os;               /* NULL OS table (single-threaded polling mode) */
	int no_waits;            /* no wait objects on the a2p channel */
	int no_p2a;              /* do not open the p2a channel */
	uint16_t max_msg;        /* a2p slots; 0: 8 */
	uint16_t msg_size;       /* payload bytes; 0: 64 */
	uint16_t p2a_max_msg;    /* p2a slots; 0: 4 */
	uint8_t completion;      /* a2p completion; 0: IRQ */
	int completion_auto;     /* use SCMIA_COMPLETION_AUTO */
	uint32_t reply_timeout_us;  /* 0: 30 000 */
	uint32_t dresp_timeout_us;  /* 0: 2 000 000 */
	uint32_t agent_flags;
	uint32_t notify_quota;
	uint32_t tp_flags;
	unsigned drop_os;        /* FX_DROP_*: OS ops left out of the table before init */
};

/** fx_opts::drop_os bits: the agent reads which ops exist at init. */
#define FX_DROP_NOW (1u << 0)
#define FX_DROP_WAIT (1u << 1)     /* wait and signal */
#define FX_DROP_WAIT_ARM (1u << 2)

struct fx {
	struct fake_os os;
	struct fake_tp tp;
	struct scmia_agent agent;
	struct scmia_chan a2p;
	struct scmia_chan p2a;
	int has_p2a;
	uint64_t *a2p_mem;
	uint64_t *p2a_mem;
	struct fake_wait *waits;
	unsigned n_waits;
	struct fake_msg msgs[FX_MSGS];
	unsigned n_msgs;
};

/** Completion callback record. */
struct cb_rec {
	struct fake_os *os;  /* lock check; may be NULL */
	unsigned calls;
	int result;
	int32_t status;
	uint32_t rx_len;
	uint8_t rx[FAKE_MSG_MAX];
	struct scmia_xfer *xfer;
	int put_in_cb;       /* call scmia_xfer_put() from the callback */
	int put_ret;
	unsigned lock_violations;
};

/** Arm (seconds > 0) or disarm the watchdog. */
void unit_watchdog(unsigned seconds);

/** Zeroed, 16-byte aligned test memory, tracked so that a test that fails
 *  half-way (its fixture never freed) does not leak: unit_teardown() frees
 *  whatever is left. Fails the test when out of memory. */
void *unit_alloc(size_t size);
/** Free memory from unit_alloc() (NULL is fine). */
void unit_free(void *p);
/** Group teardown for cmocka_run_group_tests_name(): free leftovers. */
int unit_teardown(void **state);

/** Build a fixture; fails the test when any step fails. */
struct fx *fx_new(const struct fx_opts *o);
/** Same, with default options. */
struct fx *fx_new_default(void);
/** Check the fakes saw no violation, deinit the agent and free. */
void fx_free(struct fx *fx);

/** Zeroed 8-byte aligned memory for a channel (test-side heap). */
uint64_t *fx_chan_mem(uint16_t max_msg, uint16_t msg_size, size_t *size);

/** A fresh cookie message. */
struct fake_msg *fx_msg(struct fx *fx, uint32_t hdr, int32_t status, const void *data,
			uint32_t len);

/** Response on the a2p channel echoing @p cmd_hdr. Returns scmia_rx(). */
int fx_resp(struct fx *fx, uint32_t cmd_hdr, int32_t status, const void *data, uint32_t len);
/** Delayed response (type 2) of @p cmd_hdr on the p2a channel. Returns scmia_rx(). */
int fx_dresp(struct fx *fx, uint32_t cmd_hdr, int32_t status, const void *data, uint32_t len);
/** Notification on the p2a channel. Returns scmia_rx(). */
int fx_notif(struct fx *fx, uint8_t proto, uint8_t evt, uint32_t token, const void *data,
	     uint32_t len);

/** Header of the delayed response of a command. */
uint32_t fx_dresp_hdr(uint32_t cmd_hdr);

/** Take a slot (asserts success). */
struct scmia_xfer *fx_get(struct fx *fx, uint8_t proto, uint8_t msg_id);
/** Submit with the recording callback (asserts success); returns the header sent. */
uint32_t fx_submit(struct fx *fx, struct scmia_xfer *x, unsigned flags, struct cb_rec *rec);
/** get + submit + OK response + put; returns the token used. */
uint32_t fx_roundtrip(struct fx *fx);
/** get + non-blocking submit + no answer: the default 30 ms reply timeout
 *  passes and scmia_agent_service() ends it (ETIMEDOUT) + put; returns the
 *  token used (now quarantined). */
uint32_t fx_timeout(struct fx *fx);

/** Recording completion callback (arg: struct cb_rec). */
void cb_record(void *arg, struct scmia_xfer *xfer, int result);
/** Reset a record (keeps nothing). */
void cb_rec_init(struct cb_rec *rec, struct fx *fx);

/** Counter shortcut. */
uint32_t fx_cnt(struct fx *fx, enum scmia_counter id);

/** Slots free / held / tokens in flight of a channel. */
void fx_stats(struct scmia_chan *chan, unsigned *n_free, unsigned *n_held, unsigned *n_inflight);

#endif /* SCMIA_UNIT_FIXTURE_H */

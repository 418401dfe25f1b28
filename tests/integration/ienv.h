/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integration test environment: the real core, the loopback transport and
 * the simulated platform (tests/sim), driven in virtual time.
 *
 *   test ---- scmia_* API ---- core ---- ienv transport (checks + hooks)
 *                                           |  forwards every op to
 *                                           v
 *                               loopback transport <-> sim loopback glue <-> sim engine
 *
 * The virtual OS (lock, wait/signal, clock, relax) never blocks: a wait
 * runs the platform (scmia_sim_loopback_poll) and moves the virtual clock
 * to the next message due or to the deadline, so every scenario is
 * deterministic and takes no wall time. The same clock drives the sim
 * (SCMIA_SIM_CLOCK_CUSTOM).
 *
 * The transport between the core and the loopback forwards every op and
 * checks on the way that no op runs with the agent lock held; tests hook
 * it to run code at exact points (inside a fetch, before the doorbell,
 * during channel setup).
 */
#ifndef IENV_H
#define IENV_H

#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_sim.h"

/** Slot storage of the default channels (the max_msg limit). */
#define IENV_MAX_MSG 1024u
/** Slots of the default channels unless a test asks otherwise. */
#define IENV_DEF_MAX_MSG 32u
/** Payload bytes per slot. */
#define IENV_MSG_SIZE 128u
/** Loopback buffers per channel (enough for 1024 commands in flight). */
#define IENV_LB_MSGS 1100u

/** OS flavours. */
enum ienv_os_mode {
	IENV_OS_VIRTUAL = 0, /**< every op, virtual clock */
	IENV_OS_NONE,        /**< os = NULL: single-threaded polling mode */
	IENV_OS_LOCK_CLOCK,  /**< bare metal: lock + clock + relax only, no wait */
	IENV_OS_VIRTUAL_NOARM /**< every op but wait_arm */
};

/** Options of ienv_start(). Zeroed fields take defaults. */
struct ienv_opts {
	enum ienv_os_mode os;
	uint16_t a2p_max_msg;     /**< 0: IENV_DEF_MAX_MSG */
	uint16_t p2a_max_msg;     /**< 0: IENV_DEF_MAX_MSG */
	int no_p2a;               /**< 1: no p2a channel */
	unsigned glue_flags;      /**< SCMIA_SIM_LB_* for channel 0 */
	uint8_t completion;       /**< SCMIA_COMPLETION_* of the a2p channel */
	uint32_t reply_timeout_us; /**< 0: 1000 */
	uint32_t dresp_timeout_us; /**< 0: 5000 */
	uint32_t agent_flags;     /**< SCMIA_AGENT_F_* */
	uint32_t notify_quota;    /**< agent notify quota */
	int no_wait_objs;         /**< 1: no wait objects on the a2p channel */
	int no_open;              /**< 1: init the agent only, open no channel */
};

struct ienv;

/** Hook run inside a transport op. */
typedef void (*ienv_hook_fn)(struct ienv *e, struct scmia_chan *chan, struct scmia_xfer *xfer,
			     void *cookie);

/** A wait object of the virtual OS. */
struct ienv_wait {
	int signalled;
	unsigned signals;
};

/** Per-op call counters of the checking transport. */
struct ienv_calls {
	unsigned init, exit, ready, setup, free, get_max_msg, send, txdone, txdone_err;
	unsigned fetch_resp, fetch_notif, clear[2], poll, release;
};

struct ienv {
	/* ---- virtual OS ---- */
	uint64_t now;
	int lock_depth;
	unsigned lock_violations; /* recursive lock, unlock without lock */
	unsigned locked_calls;    /* transport op or callback run under the lock */
	unsigned waits, wait_arms, relaxes, now_calls;
	uint32_t relax_step_us;   /* virtual µs per relax; default 10 */
	/* wait: at the deadline run the platform once more and report a
	 * timeout even when that delivered the reply (signal left pending):
	 * the race of a reply arriving as the wait gives up. */
	int wait_timeout_race;
	void (*on_now)(struct ienv *e); /* runs inside now_us (preemption) */
	void (*on_wait)(struct ienv *e, void *obj); /* each wait iteration */
	int in_hook;
	struct ienv_wait wobj[IENV_MAX_MSG];

	/* ---- checking transport ---- */
	struct scmia_transport tr;
	struct ienv_calls calls;
	int init_ret, ready_ret, setup_ret[2];
	int gmm[2];               /* get_max_msg answer per dir; 0: loopback's */
	uint32_t send_cost_us;    /* virtual time a send takes before the doorbell */
	ienv_hook_fn on_fetch;    /* inside fetch_response, before the copy */
	ienv_hook_fn on_setup;    /* inside chan_setup */
	ienv_hook_fn on_send;     /* inside send, after the loopback queued it */
	int send_ret_once;        /* next successful send reports this error (0: none) */
	unsigned last_send_flags; /* scmia_xfer_flags() of the last send */
	uint32_t sent_tokens[2048]; /* tokens of commands as sent, in order */
	unsigned n_sent_tokens;
	char free_order[8];       /* 'a' / 'p' per chan_free, in order */
	unsigned n_free_order;

	/* ---- agent ---- */
	struct ienv_opts opts;
	const struct scmia_os_ops *os;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[IENV_LB_MSGS], lbm_p2a[IENV_LB_MSGS];
	uint16_t q_a2p[IENV_LB_MSGS], q_p2a[IENV_LB_MSGS];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, IENV_MAX_MSG, IENV_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, IENV_MAX_MSG, IENV_MSG_SIZE);
	int started;

	/* ---- platform ---- */
	struct scmia_sim sim;
	struct scmia_sim_test test;
	struct scmia_sim_loopback gl;
	int pumping;
};

/** The virtual OS ops (ctx: struct ienv). */
extern const struct scmia_os_ops ienv_os_ops;
/** Bare-metal flavour: lock, unlock, now_us, relax (ctx: struct ienv). */
extern const struct scmia_os_ops ienv_os_lock_clock_ops;
/** The virtual OS without wait_arm (ctx: struct ienv). */
extern const struct scmia_os_ops ienv_os_noarm_ops;
/** Checking transport ops (ctx: struct ienv), forwarding to the loopback. */
extern const struct scmia_transport_ops ienv_transport_ops;

/** The environment of the running test (one at a time). */
extern struct ienv ienv_g;

/**
 * Start the environment: sim + test protocol, loopback glue, agent on the
 * checking transport, a2p (and p2a) channel open. Fails the test on error.
 */
struct ienv *ienv_start(const struct ienv_opts *opts);
/** ienv_start() on another environment (several agents in one test). */
struct ienv *ienv_start_at(struct ienv *e, const struct ienv_opts *opts);
/** Close everything (agent deinit, sim deinit). Safe when not started. */
void ienv_stop(struct ienv *e);
/** CMocka teardown: checks lock discipline, then ienv_stop(). */
int ienv_teardown(void **state);

/** Initialise the loopback + glue + sim part only (for custom agents). */
void ienv_platform_init(struct ienv *e, unsigned glue_flags);
/** Default channel configuration for @p dir, with memory from @p e. */
struct scmia_chan_cfg ienv_chan_cfg(struct ienv *e, unsigned dir, uint16_t max_msg);

/** Run the platform once at the current virtual time (commands in, due out). */
void ienv_pump(struct ienv *e);
/** Advance virtual time by @p us, running the platform at each due time. */
void ienv_advance(struct ienv *e, uint64_t us);
/** Run the platform until nothing is queued or @p max_us passed. */
void ienv_drain(struct ienv *e, uint64_t max_us);

/** Add a fault rule; fails the test on error. @return its index. */
int ienv_fault(struct ienv *e, uint8_t match, uint8_t target, uint8_t action, uint8_t proto_id,
	       uint8_t msg_id, uint32_t nth, uint32_t count, int64_t arg);
/** How many times rule @p idx fired. */
uint32_t ienv_fault_fired(struct ienv *e, int idx);

/** Counter shortcut. */
uint32_t ienv_cnt(struct ienv *e, enum scmia_counter id);
/** Fails the test unless every a2p slot is free and no token is in flight. */
void ienv_assert_no_leak(struct ienv *e);

/** Fill @p buf with a pattern derived from @p seed. */
void ienv_pattern(void *buf, uint32_t len, uint32_t seed);
/**
 * Check an ECHO reply in @p x against the payload sent (@p tx, @p len):
 * payload echoed and checksum of the command header. @return 1 when it is
 * exactly this command's reply.
 */
int ienv_echo_ok(const struct scmia_xfer *x, const void *tx, uint32_t len);
/** Run one ECHO of @p len pattern bytes; @return the scmia_xfer_do result,
 *  and fails the test when a successful reply is not this command's. */
int ienv_echo(struct ienv *e, uint32_t len, uint32_t seed, unsigned flags);

/** A non-blocking ECHO and what its completion callback saw. */
struct ienv_nb {
	struct scmia_xfer *x;
	uint8_t tx[IENV_MSG_SIZE];
	uint32_t len;
	uint32_t token;   /* token it was sent with */
	int result;       /* result given to the callback */
	unsigned calls;   /* callback runs (must end at exactly 1) */
	int echo_ok;      /* the reply was exactly this command's */
	int put_in_cb;    /* 1: the callback puts the transfer */
	struct ienv *e;
};

/**
 * Submit an ECHO of @p len pattern bytes without waiting. Fails the test
 * unless get and submit succeed. The callback records into @p nb.
 */
void ienv_echo_submit(struct ienv *e, struct ienv_nb *nb, uint32_t len, uint32_t seed,
		      unsigned flags, int put_in_cb);
/** The completion callback used by ienv_echo_submit() (arg: struct ienv_nb). */
void ienv_nb_cb(void *arg, struct scmia_xfer *x, int result);

/** Raw header helpers. */
static inline uint32_t ienv_hdr(uint8_t proto, uint8_t msg, uint32_t type, uint32_t token)
{
	return scmia_hdr_pack(msg, type, proto, token);
}

/** Slot index -> wait object of the default a2p channel. */
static inline struct ienv_wait *ienv_wobj(struct ienv *e, const struct scmia_xfer *x)
{
	return &e->wobj[scmia_xfer_index(x)];
}

/** Record a lock-discipline violation when called with the lock held. */
void ienv_check_unlocked(struct ienv *e);

#endif /* IENV_H */

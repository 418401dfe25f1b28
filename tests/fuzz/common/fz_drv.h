/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The agent side of a transport harness: issues synchronous, polled,
 * asynchronous and non-blocking commands chosen by the input, services
 * and dispatches, checks every completion (fz_req_end), and at the end of
 * the input makes the platform well-behaved and checks liveness, leaks
 * and lost completions.
 *
 * The harness's transport is wrapped (fz_drv_transport()): every op is
 * forwarded to the real transport after checking that no library lock is
 * held, and the wrapper records which request is being sent, what send()
 * returned and how often mark_txdone ran. The platform model of each
 * harness plugs in through struct fz_plat_if.
 */
#ifndef SCMIA_FUZZ_FZ_DRV_H
#define SCMIA_FUZZ_FZ_DRV_H

#include "fz.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FZ_MAX_NB 48u
#define FZ_MAX_CH 4u

/*
 * What the core was built with (include/scmia/config.h, SCMIA_CFG_*): the
 * driver and the harnesses drive only what is compiled in, so that the
 * reduced builds of the suite "configs" (the minimal set above all) run
 * the same harnesses. Every one is 1 in the default build.
 *   FZ_NB        scmia_xfer_submit(), scmia_agent_service()
 *   FZ_NOTIFY    scmia_notify_dispatch()
 *   FZ_ASYNC     SCMIA_XFER_F_ASYNC (delayed responses)
 *   FZ_P2A       p2a channels (ASYNC or NOTIFY)
 *   FZ_POLL      SCMIA_XFER_F_POLL, SCMIA_COMPLETION_POLL
 *   FZ_IRQ       interrupt completion: without it every a2p channel polls
 *                (AUTO chooses polling), so the platform posts its replies
 *                for poll_done instead of raising a completion interrupt
 *   FZ_ON_RETURN completion on return (SMC/HVC descriptors)
 *   FZ_DEDICATED channels dedicated to one protocol
 *   FZ_COUNTERS  scmia_agent_counter() counts (0: every counter reads 0)
 */
#define FZ_NB SCMIA_CFG_NONBLOCKING
#define FZ_NOTIFY SCMIA_CFG_NOTIFY
#define FZ_ASYNC SCMIA_CFG_ASYNC
#define FZ_P2A SCMIA_CFG_P2A
#define FZ_POLL SCMIA_CFG_POLL
#define FZ_IRQ SCMIA_CFG_IRQ
#define FZ_ON_RETURN SCMIA_CFG_ON_RETURN
#define FZ_DEDICATED SCMIA_CFG_DEDICATED
#define FZ_COUNTERS SCMIA_CFG_COUNTERS

/** The platform model of a harness. */
struct fz_plat_if {
	/** The platform acts once (a main-loop TICK op). */
	void (*tick)(void *ctx);
	/** End of input: from now on behave (answer every message correctly,
	 *  no corruption, no interrupt storms). */
	void (*behave)(void *ctx);
	/** Well-behaved: answer everything pending now (interrupts included). */
	void (*settle)(void *ctx);
	/** Harness-specific main-loop op @p op (< n_ops); may read the front
	 *  stream. Optional. */
	void (*op)(void *ctx, unsigned op);
	unsigned n_ops;
	/** Called after every main-loop op (state checks). Optional. */
	void (*post_op)(void *ctx);
	/** Extra end-of-input checks (transport state idle...). Optional. */
	void (*final_check)(void *ctx);
	/** Longest a successful or failed send may take in virtual time (busy
	 *  waits, firmware retries), µs: part of the deadline oracle. */
	uint64_t send_bound_us;
};

struct fz_drv;

/** A non-blocking transfer the driver submitted. */
struct fz_nb {
	struct fz_drv *d;
	struct scmia_xfer *x;  /* NULL once put */
	struct fz_req *req;
	const struct fz_req *ended; /* req once its callback ran */
	int result;
	uint8_t used;
	uint8_t cb_runs;
	uint8_t put_in_cb;
};

/** A channel the driver knows: a2p channels are addressed by protocol. */
struct fz_drv_chan {
	struct scmia_chan *chan;
	uint8_t proto; /* a2p: protocol id whose commands go to this channel */
	uint8_t a2p;
};

/** Per-transfer-slot bookkeeping of the transport wrapper. */
struct fz_wrap_slot {
	struct fz_req *req;   /* request of the current send */
	uint8_t sending;      /* inside send() */
	uint8_t sent_ok;      /* send() returned 0 */
	uint8_t txdone;       /* mark_txdone calls for this send */
};

struct fz_drv {
	struct fz_in *in;
	struct fz_os *os;
	struct scmia_agent *agent;
	struct fz_ledger *led;
	const struct fz_plat_if *pif;
	void *pctx;
	struct fz_drv_chan ch[FZ_MAX_CH];
	unsigned n_ch;
	struct fz_nb nb[FZ_MAX_NB];
	/* transport wrapper */
	const struct scmia_transport *real;
	void *real_ctx;
	struct scmia_transport_ops wops;
	struct scmia_transport wtr;
	struct fz_wrap_slot ws[FZ_MAX_CH][64];
	struct fz_req *cur_send; /* request whose send() runs now */
	/* limits and capabilities */
	unsigned msg_size;       /* payload bytes commands may use */
	uint32_t reply_tmo;      /* channel reply timeout, µs */
	uint32_t dresp_tmo;      /* channel delayed-response timeout, µs */
	uint8_t can_poll;        /* SCMIA_XFER_F_POLL allowed */
	uint8_t can_async;       /* SCMIA_XFER_F_ASYNC allowed (delayed responses) */
	uint8_t can_nb;          /* scmia_xfer_submit allowed */
	uint8_t behaving;        /* the platform is well-behaved */
	uint8_t finale;          /* end-of-input phase */
	uint8_t mask_early;      /* SCMIA_FUZZ_NO_EARLY_FORGE: see fz_drv_filter_hdr() */
	unsigned in_sync;        /* blocking commands running */
	uint32_t commands;       /* commands issued */
	/* !FZ_COUNTERS: puts that may have quarantined a token, per channel,
	 * and the quarantined tokens the core may have given up (see
	 * stale_reused() in fz_drv.c) */
	uint32_t quar_puts[FZ_MAX_CH];
	uint32_t stale_est;
	uint32_t burst_left;     /* commands left in the burst budget of this input */
};

/**
 * @brief Prepare a driver. Call before scmia_agent_init(): the agent must
 *        use fz_drv_transport(d) as its transport and d as transport_ctx.
 */
void fz_drv_init(struct fz_drv *d, struct fz_in *in, struct fz_os *os, struct fz_ledger *led,
		 const struct scmia_transport *real, void *real_ctx, const struct fz_plat_if *pif,
		 void *pctx);
const struct scmia_transport *fz_drv_transport(struct fz_drv *d);
/** Register an open channel (a2p ones with the protocol that reaches them). */
void fz_drv_add_chan(struct fz_drv *d, struct scmia_chan *chan, uint8_t proto, int a2p);

/** Run the input's commands, then the end-of-input checks. */
void fz_drv_run(struct fz_drv *d);

/** The a2p channel index of @p chan, or -1. */
int fz_drv_chan_index(const struct fz_drv *d, const struct scmia_chan *chan);

/** A request in flight chosen by @p pick among all in flight (any
 *  channel, visible or not); NULL when none. */
struct fz_req *fz_drv_pick_inflight(struct fz_drv *d, unsigned pick);
/** A request that ended (timed out or not) chosen by @p pick; NULL when none. */
struct fz_req *fz_drv_pick_ended(struct fz_drv *d, unsigned pick);

/** With SCMIA_FUZZ_NO_EARLY_FORGE set (d->mask_early): a response or
 *  delayed response header that carries the token of a request still
 *  waiting to be sent gets another token, so that a campaign can explore
 *  past defect 1. Otherwise @p hdr unchanged. */
uint32_t fz_drv_filter_hdr(struct fz_drv *d, uint32_t hdr);

/** Fill a reply body "status, echoed checksum, filler" into @p buf
 *  (capacity @p cap); returns the bytes written (at least 8 when cap
 *  allows). */
uint32_t fz_reply_body(uint8_t *buf, uint32_t cap, int32_t status, uint32_t ck, uint32_t extra);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_FUZZ_FZ_DRV_H */

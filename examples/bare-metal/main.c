/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bare-metal example: an SCMI agent (scmia, SMT transport) and a small
 * SCMI platform (platform.c) in one image, talking over two SMT areas in
 * RAM. The agent runs twice:
 *
 *  poll  polling with no OS table: no lock, no clock (the core's virtual
 *        time), the agent's interrupts off; replies are polled
 *        (poll_done), delayed responses and notifications fetched from
 *        the p2a area by polling (rx_poll, scmia_agent_service()).
 *  irq   interrupt-driven: an OS table with a lock that masks interrupts,
 *        the board's clock (SysTick or mtime, started just before its
 *        32-bit count wraps) and WFI as the back-off hook; the platform
 *        raises real interrupts (NVIC lines pended by software, or the
 *        CLINT software interrupt) whose handlers call scmia_smt_irq().
 *
 * Each run: Base discovery, a Clock command, an asynchronous command with
 * its delayed response on the p2a area, a notification, an SCMI error
 * status, a command that times out and whose late reply is rejected, then
 * the counters, the slots, and the transport's and platform's statistics.
 * Every line is printed on the console; tools/check.d/cortex-m.sh and
 * riscv.sh compare them with expected.txt. Lines starting with "info:"
 * vary by board and are not compared (the suites check the board's core
 * and the image's size, which the image prints, against the ELF).
 *
 * No heap: every object is static.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "platform.h"
#include "scmia/scmia.h"
#include "scmia_smt.h"

#define AREA_SIZE 128u
#define PAYLOAD ((uint16_t)SCMIA_SMT_PAYLOAD_MAX(AREA_SIZE))
#define A2P_SLOTS 4u
#define P2A_SLOTS 2u
#define REPLY_TIMEOUT_US 30000u
#define SHORT_TIMEOUT_US 5000u
/* How long the example waits for the platform (its clock), µs. */
#define WAIT_US 200000u

#define MSG_PROTOCOL_VERSION 0x0u
#define MSG_PROTOCOL_ATTRIBUTES 0x1u
#define MSG_BASE_DISCOVER_VENDOR 0x3u
#define MSG_BASE_DISCOVER_LIST_PROTOCOLS 0x6u
#define MSG_CLOCK_RATE_SET 0x5u
#define MSG_CLOCK_RATE_GET 0x6u
#define MSG_CLOCK_CONFIG_SET 0x7u
#define MSG_CLOCK_RATE_NOTIFY 0x9u
#define EVT_CLOCK_RATE_CHANGED 0x0u

/* ---- console -------------------------------------------------------- */

static void put_str(const char *s)
{
	while (*s)
		bm_putc(*s++);
}

static void put_num(uint64_t v, unsigned base, int width, char pad)
{
	char buf[24];
	int n = 0;

	do {
		unsigned d = (unsigned)(v % base);

		buf[n++] = (char)(d < 10u ? '0' + d : 'a' + d - 10u);
		v /= base;
	} while (v && n < (int)sizeof(buf));
	while (n < width--)
		bm_putc(pad);
	while (n)
		bm_putc(buf[--n]);
}

/* printf for %s %c %d %u %x %llu %lu, with a width and a 0 flag. */
__attribute__((format(printf, 1, 0))) static void vout(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';

		if (*fmt != '%') {
			char s[2] = { *fmt, 0 };

			put_str(s);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			put_str(va_arg(ap, const char *));
			break;
		case 'c':
			bm_putc((char)va_arg(ap, int));
			break;
		case 'd': {
			long long v = lng > 1 ? va_arg(ap, long long)
				      : lng ? va_arg(ap, long) : va_arg(ap, int);

			if (v < 0) {
				bm_putc('-');
				put_num((uint64_t)-(v + 1) + 1u, 10, width, pad);
			} else {
				put_num((uint64_t)v, 10, width, pad);
			}
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = lng > 1 ? va_arg(ap, unsigned long long)
					       : lng ? va_arg(ap, unsigned long)
						     : va_arg(ap, unsigned);

			put_num(v, *fmt == 'x' ? 16u : 10u, width, pad);
			break;
		}
		case '%':
			bm_putc('%');
			break;
		default:
			return;
		}
	}
}

__attribute__((format(printf, 1, 2))) static void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vout(fmt, ap);
	va_end(ap);
}

static unsigned n_pass, n_fail;

/* One checked step: the line, then ": ok" or ": FAILED". */
__attribute__((format(printf, 2, 3))) static int check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vout(fmt, ap);
	va_end(ap);
	out(": %s\n", ok ? "ok" : "FAILED");
	if (ok)
		n_pass++;
	else
		n_fail++;
	return ok;
}

/* ---- the agent ------------------------------------------------------ */

/* The shared memory: one SMT area each way, in RAM. */
static uint32_t a2p_area[AREA_SIZE / 4u] __attribute__((aligned(8)));
static uint32_t p2a_area[AREA_SIZE / 4u] __attribute__((aligned(8)));

static SCMIA_CHAN_MEM_DEFINE(a2p_mem, A2P_SLOTS, PAYLOAD);
static SCMIA_P2A_MEM_DEFINE(p2a_mem, P2A_SLOTS, PAYLOAD);
static struct scmia_agent agent;
static struct scmia_chan a2p, p2a;
static struct scmia_smt_chan a2p_sc, p2a_sc;

/* Interrupts taken per line, and the agent's clock as it saw it. */
static volatile uint32_t irqs[2];
static uint64_t clock_last;
static uint32_t clock_back;

static int ring_hook(void *ctx)
{
	(void)ctx;
	platform_doorbell();
	return 0;
}

static int ack_hook(void *ctx)
{
	(void)ctx;
	platform_ack();
	return 0;
}

void bm_agent_irq(enum bm_line line)
{
	irqs[line]++;
	(void)scmia_smt_irq(line == BM_LINE_A2P ? &a2p_sc : &p2a_sc);
}

/* The OS table of the interrupt-driven run: no threads, so no wait
 * objects; waits spin on the transfer state that the receive entry
 * (in the interrupt handlers) updates, sleeping in WFI between looks. */
static scmia_lock_key_t os_lock(void *ctx)
{
	(void)ctx;
	return bm_irq_save();
}

static void os_unlock(void *ctx, scmia_lock_key_t key)
{
	(void)ctx;
	bm_irq_restore(key);
}

static uint64_t os_now_us(void *ctx)
{
	uint64_t t = bm_clock_us();

	(void)ctx;
	if (t < clock_last)
		clock_back++;
	clock_last = t;
	return t;
}

static void os_relax(void *ctx)
{
	(void)ctx;
	bm_idle();
}

static const struct scmia_os_ops bm_os = {
	.lock = os_lock,
	.unlock = os_unlock,
	.now_us = os_now_us,
	.relax = os_relax,
};

struct variant {
	const char *name;
	const char *what;
	int irq;
};

/* Wait (bounded by the board's clock) until @p done says so; the poll run
 * polls the p2a area meanwhile, the irq run sleeps until an interrupt. */
static int wait_until(const struct variant *v, int (*done)(void))
{
	uint64_t t0 = bm_clock_us();

	while (!done()) {
		if (bm_clock_us() - t0 > WAIT_US)
			return 0;
		if (v->irq)
			bm_idle();
		else
			(void)scmia_agent_service(&agent);
	}
	return 1;
}

static int cmd(uint8_t proto, uint8_t msg, const uint32_t *tx, unsigned n_tx, uint32_t *rx,
	       unsigned cap_words, uint32_t *n_rx)
{
	uint8_t txb[16], rxb[24];
	uint32_t len = 0;
	unsigned i;
	int ret;

	for (i = 0; i < n_tx && i < 4u; i++)
		scmia_put_le32(txb + 4u * i, tx[i]);
	ret = scmia_cmd(&agent, proto, msg, txb, 4u * n_tx, rxb,
			cap_words * 4u > sizeof(rxb) ? (uint32_t)sizeof(rxb) : cap_words * 4u, &len,
			0);
	for (i = 0; i < len / 4u && i < cap_words; i++)
		rx[i] = scmia_get_le32(rxb + 4u * i);
	if (n_rx)
		*n_rx = ret == SCMIA_OK ? len / 4u : 0u;
	return ret;
}

static void step_base(void)
{
	uint32_t r[6] = { 0 }, n = 0, skip = 0;
	char vendor[17];
	int ret;

	ret = cmd(SCMIA_PROTO_BASE, MSG_PROTOCOL_VERSION, NULL, 0, r, 1, &n);
	check(ret == SCMIA_OK && n == 1 && r[0] == 0x00020000u, "base: protocol version %u.%u",
	      (unsigned)(r[0] >> 16), (unsigned)(r[0] & 0xffffu));
	ret = cmd(SCMIA_PROTO_BASE, MSG_PROTOCOL_ATTRIBUTES, NULL, 0, r, 1, &n);
	check(ret == SCMIA_OK && n == 1 && r[0] == 0x101u, "base: %u protocol(s), %u agent(s)",
	      (unsigned)(r[0] & 0xffu), (unsigned)((r[0] >> 8) & 0xffu));
	ret = cmd(SCMIA_PROTO_BASE, MSG_BASE_DISCOVER_VENDOR, NULL, 0, r, 4, &n);
	for (n = 0; n < 16u; n++)
		vendor[n] = (char)(r[n / 4u] >> (8u * (n % 4u)));
	vendor[16] = 0;
	check(ret == SCMIA_OK && strcmp(vendor, "scmia-bm") == 0, "base: vendor %s", vendor);
	ret = cmd(SCMIA_PROTO_BASE, MSG_BASE_DISCOVER_LIST_PROTOCOLS, &skip, 1, r, 2, &n);
	check(ret == SCMIA_OK && n == 2 && r[0] == 1u && (r[1] & 0xffu) == SCMIA_PROTO_CLOCK,
	      "base: %u protocol listed: 0x%x", (unsigned)r[0], (unsigned)(r[1] & 0xffu));
	ret = cmd(SCMIA_PROTO_CLOCK, MSG_PROTOCOL_VERSION, NULL, 0, r, 1, &n);
	check(ret == SCMIA_OK && n == 1 && r[0] == 0x00030000u, "clock: protocol version %u.%u",
	      (unsigned)(r[0] >> 16), (unsigned)(r[0] & 0xffffu));
}

static void step_sync(void)
{
	uint32_t r[2] = { 0 }, n = 0, clk = 0;
	int ret;

	ret = cmd(SCMIA_PROTO_CLOCK, MSG_CLOCK_RATE_GET, &clk, 1, r, 2, &n);
	check(ret == SCMIA_OK && n == 2 && r[0] == PLATFORM_RATE0 && r[1] == 0,
	      "sync: CLOCK_RATE_GET clock 0: %u Hz", (unsigned)r[0]);
	clk = 9;
	ret = cmd(SCMIA_PROTO_CLOCK, MSG_CLOCK_RATE_GET, &clk, 1, r, 2, &n);
	check(ret == SCMIA_E_SCMI_NOT_FOUND, "sync: CLOCK_RATE_GET clock 9: %s",
	      scmia_strerror(ret));
}

static void step_async(void)
{
	struct scmia_xfer *x = NULL;
	uint32_t d0, clk = 0, lo = 0;
	int ret;

	d0 = scmia_agent_counter(&agent, SCMIA_CNT_DELAYED_REPLIES);
	ret = scmia_xfer_get(&agent, SCMIA_PROTO_CLOCK, MSG_CLOCK_RATE_SET, 16, 0, &x);
	if (!check(ret == SCMIA_OK, "async: scmia_xfer_get"))
		return;
	scmia_put_le32((uint8_t *)x->tx_buf, 1u); /* flags: asynchronous */
	scmia_put_le32((uint8_t *)x->tx_buf + 4, 0u);
	scmia_put_le32((uint8_t *)x->tx_buf + 8, 200000000u);
	scmia_put_le32((uint8_t *)x->tx_buf + 12, 0u);
	/* Ends with CLOCK_RATE_SET_COMPLETE: clock id and rate after the status. */
	ret = scmia_xfer_do(x, SCMIA_XFER_F_ASYNC);
	if (ret == SCMIA_OK && x->rx_len >= 12u) {
		clk = scmia_get_le32(x->rx_buf);
		lo = scmia_get_le32((const uint8_t *)x->rx_buf + 4);
	}
	check(ret == SCMIA_OK && clk == 0 && lo == 200000000u &&
		      scmia_agent_counter(&agent, SCMIA_CNT_DELAYED_REPLIES) == d0 + 1u,
	      "async: CLOCK_RATE_SET clock 0 to 200000000 Hz, delayed response: clock %u, %u Hz",
	      (unsigned)clk, (unsigned)lo);
	(void)scmia_xfer_put(x);
}

static struct {
	unsigned runs;
	uint32_t agent_id, clock, rate;
} notified;

static void on_rate_changed(void *ctx, const struct scmia_notification *n)
{
	const uint8_t *p = (const uint8_t *)n->payload;

	(void)ctx;
	if (n->len >= 12u) {
		notified.agent_id = scmia_get_le32(p);
		notified.clock = scmia_get_le32(p + 4);
		notified.rate = scmia_get_le32(p + 8);
	}
	notified.runs++;
}

static int notification_queued(void)
{
	(void)scmia_notify_dispatch(&agent, 0);
	return notified.runs != 0;
}

static void step_notify(const struct variant *v)
{
	static struct scmia_notifier nf;
	uint32_t tx[4], r[1], n = 0;
	int ret, got;

	memset(&nf, 0, sizeof(nf));
	memset(&notified, 0, sizeof(notified));
	nf.proto_id = SCMIA_PROTO_CLOCK;
	nf.evt_id = EVT_CLOCK_RATE_CHANGED;
	nf.src_id = 0; /* clock 0 */
	nf.fn = on_rate_changed;
	ret = scmia_notify_register(&agent, &nf);
	check(ret == SCMIA_OK, "notify: handler for CLOCK_RATE_CHANGED of clock 0 registered");
	tx[0] = 0;
	tx[1] = 1;
	ret = cmd(SCMIA_PROTO_CLOCK, MSG_CLOCK_RATE_NOTIFY, tx, 2, r, 0, &n);
	check(ret == SCMIA_OK, "notify: CLOCK_RATE_NOTIFY clock 0 on");
	tx[0] = 0; /* synchronous */
	tx[1] = 0;
	tx[2] = 50000000u;
	tx[3] = 0;
	ret = cmd(SCMIA_PROTO_CLOCK, MSG_CLOCK_RATE_SET, tx, 4, r, 0, &n);
	check(ret == SCMIA_OK, "notify: CLOCK_RATE_SET clock 0 to 50000000 Hz");
	got = wait_until(v, notification_queued);
	check(got && notified.runs == 1 && notified.agent_id == PLATFORM_AGENT_ID &&
		      notified.clock == 0 && notified.rate == 50000000u,
	      "notify: CLOCK_RATE_CHANGED ran its handler %u time(s): agent %u, clock %u, %u Hz",
	      notified.runs, (unsigned)notified.agent_id, (unsigned)notified.clock,
	      (unsigned)notified.rate);
	(void)scmia_notify_unregister(&agent, &nf);
}

static uint32_t late0;

static int late_reply_seen(void)
{
	return scmia_agent_counter(&agent, SCMIA_CNT_LATE_REPLIES) != late0;
}

static int late_reply_polled(void)
{
	/* Polling: look at the a2p area; once the platform set FREE, the
	 * transport hands the late reply to the core, which drops it. */
	(void)scmia_smt_poll(&a2p_sc);
	return late_reply_seen();
}

static void step_timeout(const struct variant *v)
{
	uint32_t tx[2] = { 1, 1 }, r[2] = { 0 }, n = 0, clk = 0, t0;
	int ret, got;

	late0 = scmia_agent_counter(&agent, SCMIA_CNT_LATE_REPLIES);
	t0 = scmia_agent_counter(&agent, SCMIA_CNT_TIMEOUTS);
	(void)scmia_chan_set_timeouts(&a2p, SHORT_TIMEOUT_US, 0);
	ret = cmd(SCMIA_PROTO_CLOCK, MSG_CLOCK_CONFIG_SET, tx, 2, r, 0, &n);
	check(ret == SCMIA_ETIMEDOUT && scmia_agent_counter(&agent, SCMIA_CNT_TIMEOUTS) == t0 + 1u,
	      "timeout: CLOCK_CONFIG_SET clock 1 (%u ms) with a %u ms timeout: %s",
	      PLATFORM_SLOW_US / 1000u, SHORT_TIMEOUT_US / 1000u, scmia_strerror(ret));
	(void)scmia_chan_set_timeouts(&a2p, REPLY_TIMEOUT_US, 0);
	got = wait_until(v, v->irq ? late_reply_seen : late_reply_polled);
	check(got && scmia_agent_counter(&agent, SCMIA_CNT_LATE_REPLIES) == late0 + 1u,
	      "timeout: the late reply came and was rejected as late");
	ret = cmd(SCMIA_PROTO_CLOCK, MSG_CLOCK_RATE_GET, &clk, 1, r, 2, &n);
	check(ret == SCMIA_OK && n == 2 && r[0] == 50000000u,
	      "timeout: next command gets its own reply: clock 0 at %u Hz", (unsigned)r[0]);
}

/* The board's clock read with interrupts masked across its tick (as the
 * agent's lock does, but longer: 0.4 ms at a time): it must never step
 * back, nor stop. */
static void step_clock(void)
{
	uint64_t first = bm_clock_us(), prev = first, t = first;
	unsigned back = 0, windows;

	for (windows = 0; windows < 10u; windows++) {
		uintptr_t key = bm_irq_save();
		uint64_t stop = prev + 400u;
		unsigned n;

		/* Bounded by a count too, in case the clock stops while masked. */
		for (n = 0; n < 50000u && t < stop; n++) {
			t = bm_clock_us();
			if (t < prev)
				back++;
			prev = t;
		}
		bm_irq_restore(key);
	}
	check(back == 0 && t - first >= 10u * 400u,
	      "clock: read with interrupts masked across ticks, 0.4 ms at a time: stepped back "
	      "%u time(s)",
	      back);
}

static void report(const struct variant *v)
{
	static const char *const line[2] = { "a2p", "p2a" };
	struct scmia_smt_stats s[2];
	struct platform_stats ps;
	unsigned i, n_free = 99, n_held = 99, n_inflight = 99, q;

	for (i = 0; i < SCMIA_CNT__COUNT; i++)
		out("counter %s %u\n", scmia_counter_name((enum scmia_counter)i),
		    (unsigned)scmia_agent_counter(&agent, (enum scmia_counter)i));
	(void)scmia_chan_stats(&a2p, &n_free, &n_held, &n_inflight);
	q = scmia_chan_quarantined(&a2p);
	check(n_free == A2P_SLOTS && n_held == 0 && n_inflight == 0 && q == 0,
	      "slots: %u free, %u held, %u token(s) in flight, %u quarantined", n_free, n_held,
	      n_inflight, q);
	(void)scmia_smt_chan_stats(&a2p_sc, &s[0]);
	(void)scmia_smt_chan_stats(&p2a_sc, &s[1]);
	for (i = 0; i < 2u; i++)
		out("smt %s: rings %u, acks %u, spurious %u, busy %u, errors %u\n", line[i],
		    (unsigned)s[i].rings, (unsigned)s[i].acks, (unsigned)s[i].spurious,
		    (unsigned)s[i].busy, (unsigned)s[i].errors);
	platform_get_stats(&ps);
	out("platform: commands %u, replies %u (slow %u), delayed responses %u, "
	    "notifications %u, acks %u, empty doorbells %u, bad %u\n",
	    (unsigned)ps.commands, (unsigned)ps.replies, (unsigned)ps.slow, (unsigned)ps.delayed,
	    (unsigned)ps.notifications, (unsigned)ps.acks, (unsigned)ps.empty_doorbells,
	    (unsigned)ps.bad);
	out("interrupts: a2p %u, p2a %u\n", (unsigned)irqs[0], (unsigned)irqs[1]);
	if (v->irq)
		check(bm_clock_wraps() == 1u && clock_back == 0,
		      "clock: the 32-bit count wrapped %u time(s), the 64-bit clock stepped back "
		      "%u time(s)",
		      (unsigned)bm_clock_wraps(), (unsigned)clock_back);
}

static void run(const struct variant *v)
{
	struct scmia_smt_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	unsigned pass0 = n_pass, fail0 = n_fail;
	int ret;

	out("== %s: %s\n", v->name, v->what);
	irqs[0] = irqs[1] = 0;
	clock_last = 0;
	clock_back = 0;
	if (v->irq)
		bm_clock_near_wrap();
	platform_init(a2p_area, p2a_area, AREA_SIZE);

	memset(&scfg, 0, sizeof(scfg));
	scfg.base = a2p_area;
	scfg.size = AREA_SIZE;
	scfg.ring = ring_hook;
	scfg.flags = v->irq ? 0u : SCMIA_SMT_F_NO_IRQ;
	ret = scmia_smt_chan_init(&a2p_sc, &scfg);
	memset(&scfg, 0, sizeof(scfg));
	scfg.base = p2a_area;
	scfg.size = AREA_SIZE;
	scfg.ack = ack_hook;
	if (ret == SCMIA_OK)
		ret = scmia_smt_chan_init(&p2a_sc, &scfg);

	memset(&acfg, 0, sizeof(acfg));
	acfg.os = v->irq ? &bm_os : NULL;
	acfg.transport = &scmia_smt_transport;
	if (ret == SCMIA_OK)
		ret = scmia_agent_init(&agent, &acfg);

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = v->irq ? SCMIA_COMPLETION_IRQ : SCMIA_COMPLETION_POLL;
	ccfg.max_msg = A2P_SLOTS;
	ccfg.msg_size = PAYLOAD;
	ccfg.chan_ctx = &a2p_sc;
	ccfg.mem = a2p_mem;
	ccfg.mem_size = sizeof(a2p_mem);
	ccfg.reply_timeout_us = REPLY_TIMEOUT_US;
	if (ret == SCMIA_OK)
		ret = scmia_chan_open(&agent, &a2p, &ccfg);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = P2A_SLOTS;
	ccfg.msg_size = PAYLOAD;
	ccfg.chan_ctx = &p2a_sc;
	ccfg.mem = p2a_mem;
	ccfg.mem_size = sizeof(p2a_mem);
	if (ret == SCMIA_OK)
		ret = scmia_chan_open(&agent, &p2a, &ccfg);
	if (!check(ret == SCMIA_OK, "setup: agent, a2p and p2a channels: %s", scmia_strerror(ret)))
		return;
	bm_agent_irqs(v->irq);

	step_base();
	step_sync();
	step_async();
	step_notify(v);
	step_timeout(v);
	if (v->irq)
		step_clock();
	report(v);

	bm_agent_irqs(0);
	ret = scmia_agent_deinit(&agent);
	check(ret == SCMIA_OK && platform_idle(), "teardown: agent deinit, platform idle");
	out("== %s: %u passed, %u failed\n", v->name, n_pass - pass0, n_fail - fail0);
}

extern uint32_t __bm_text_start[], __bm_text_end[];
extern uint32_t __bm_data_start[], __bm_data_end[], __bm_bss_start[], __bm_bss_end[];

int bm_main(void)
{
	static const struct variant variants[] = {
		{ "poll", "polling, no OS table", 0 },
		{ "irq", "interrupt-driven: masking lock, board clock, mailbox interrupts", 1 },
	};
	unsigned i;

	bm_board_init();
	out("scmia %s bare-metal example\n", SCMIA_VERSION_STRING);
	out("info: board %s, core %s\n", bm_board_name(), bm_core_name());
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		run(&variants[i]);
	/* The image's own size, from the linker's symbols. */
	out("info: image: text %u, data %u, bss %u bytes\n",
	    (unsigned)((uintptr_t)__bm_text_end - (uintptr_t)__bm_text_start),
	    (unsigned)((uintptr_t)__bm_data_end - (uintptr_t)__bm_data_start),
	    (unsigned)((uintptr_t)__bm_bss_end - (uintptr_t)__bm_bss_start));
	out("bare-metal: %u passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}

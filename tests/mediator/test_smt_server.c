/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMT server on its own: the test plays a (sometimes hostile) agent that
 * writes the areas word by word, and the handler records what the server
 * hands it. Every agent-written value is checked: the FREE state machine,
 * length bounds, header type and reserved bits, a length changed while
 * the command is read, doorbell storms, stale replies, the p2a backlog
 * and its drop rules, a doorbell that races the end of a reply.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scmia_smt_server.h"

#define AREA 128u
#define BIG 512u

struct ctx {
	struct scmia_smt_server srv;
	struct scmia_smt_server_msg q[3];
	uint32_t a2p[BIG / 4];
	uint32_t p2a[AREA / 4];
	unsigned cmds, a2p_irqs, p2a_irqs;
	uint32_t req, hdr, len;
	uint8_t payload[300];
	int answer_now;     /* the handler replies inside the call */
	int race_on_free;   /* the agent sends its next command as FREE appears (times) */
	int depth, max_depth; /* handler calls nested in one another */
	uint32_t p2a_nested_hdr; /* p2a sent from the p2a interrupt hook */
	int p2a_nested_ret;
	int length_reads;   /* reads of the length word since the doorbell */
	int flip_length;    /* the agent changes the length while it is read */
};

static struct ctx c;

#define OFF(x) ((x) / 4u)

static uint32_t rd(uint32_t *area, uint32_t off)
{
	return scmia_get_le32(&area[OFF(off)]);
}

static void wr(uint32_t *area, uint32_t off, uint32_t v)
{
	scmia_put_le32(&area[OFF(off)], v);
}

static uint32_t hdr_cmd(uint8_t msg, uint8_t proto, uint32_t token)
{
	return scmia_hdr_pack(msg, SCMIA_MSG_TYPE_COMMAND, proto, token);
}

/* The agent's side of a send: message, length, flags, status cleared. */
static void agent_write(uint32_t *area, uint32_t hdr, const void *p, uint32_t n, int irq)
{
	wr(area, SCMIA_SMT_OFF_HEADER, hdr);
	if (n)
		memcpy((uint8_t *)area + SCMIA_SMT_OFF_PAYLOAD, p, n);
	wr(area, SCMIA_SMT_OFF_LENGTH, 4u + n);
	wr(area, SCMIA_SMT_OFF_FLAGS, irq ? 1u : 0u);
	wr(area, SCMIA_SMT_OFF_STATUS, 0u);
}

static void handler(void *ctx, void *srv, uint32_t req, uint32_t hdr, const void *p, uint32_t n)
{
	struct ctx *t = (struct ctx *)ctx;

	assert_ptr_equal(srv, &t->srv);
	t->depth++;
	if (t->depth > t->max_depth)
		t->max_depth = t->depth;
	t->cmds++;
	t->req = req;
	t->hdr = hdr;
	t->len = n;
	assert_true(n <= sizeof(t->payload));
	memcpy(t->payload, p, n);
	if (t->answer_now) {
		uint8_t body[8];

		scmia_put_le32(body, 0);
		scmia_put_le32(body + 4, 0x1234u + t->cmds);
		assert_int_equal(scmia_smt_server_reply(srv, req, hdr, body, 8), 0);
	}
	t->depth--;
}

static void a2p_irq(void *ctx)
{
	((struct ctx *)ctx)->a2p_irqs++;
}

static void p2a_irq(void *ctx)
{
	struct ctx *t = (struct ctx *)ctx;

	t->p2a_irqs++;
	if (t->p2a_nested_hdr) {
		/* A delayed response sent from the interrupt of the message
		 * being handed over (the queue head, still queued). */
		uint32_t h = t->p2a_nested_hdr;

		t->p2a_nested_hdr = 0;
		t->p2a_nested_ret = scmia_smt_server_p2a(&t->srv, h, "late", 4);
	}
}

/* Accessor of the hostile agent: plain words, plus what the agent does
 * behind the server's back. */
static uint32_t h_read32(void *ctx, const volatile void *addr)
{
	struct ctx *t = (struct ctx *)ctx;
	uint32_t v = scmia_smt_read32_volatile(NULL, addr);

	if ((const volatile uint8_t *)addr == (volatile uint8_t *)t->a2p + SCMIA_SMT_OFF_LENGTH) {
		t->length_reads++;
		/* The second read is the copy's: the agent has moved it. */
		if (t->flip_length && t->length_reads == 2)
			v -= 4u;
	}
	return v;
}

static void h_write32(void *ctx, volatile void *addr, uint32_t v)
{
	struct ctx *t = (struct ctx *)ctx;

	scmia_smt_write32_volatile(NULL, addr, v);
	if (t->race_on_free && addr == (volatile uint8_t *)t->a2p + SCMIA_SMT_OFF_STATUS &&
	    v == SCMIA_SMT_STATUS_FREE) {
		/* An agent on another CPU saw FREE, read the reply and sent
		 * its next command before the server got back to IDLE. */
		t->race_on_free--;
		agent_write(t->a2p, hdr_cmd(0x7, 0x80, 9), "next", 4, 0);
		assert_int_equal(scmia_smt_server_doorbell(&t->srv), SCMIA_EBUSY);
	}
}

static const struct scmia_smt_access hostile = {
	.read32 = h_read32,
	.write32 = h_write32,
};

static int init(size_t a2p_size, unsigned qlen, uint32_t flags, int with_p2a)
{
	struct scmia_smt_server_cfg cfg;

	memset(&c, 0, sizeof(c));
	memset(c.a2p, 0xee, sizeof(c.a2p));
	memset(c.p2a, 0xee, sizeof(c.p2a));
	memset(&cfg, 0, sizeof(cfg));
	cfg.a2p_base = c.a2p;
	cfg.a2p_size = a2p_size;
	cfg.p2a_base = with_p2a ? c.p2a : NULL;
	cfg.p2a_size = with_p2a ? AREA : 0;
	cfg.acc = &hostile;
	cfg.acc_ctx = &c;
	cfg.a2p_irq = a2p_irq;
	cfg.a2p_irq_ctx = &c;
	cfg.p2a_irq = p2a_irq;
	cfg.p2a_irq_ctx = &c;
	cfg.cmd = handler;
	cfg.cmd_ctx = &c;
	cfg.queue = qlen ? c.q : NULL;
	cfg.queue_len = (uint16_t)qlen;
	cfg.flags = flags;
	return scmia_smt_server_init(&c.srv, &cfg);
}

static struct scmia_smt_server_stats stats(void)
{
	struct scmia_smt_server_stats s;

	assert_int_equal(scmia_smt_server_counters(&c.srv, &s), 0);
	return s;
}

static void test_init_hands_areas_over(void **state)
{
	struct scmia_smt_server_cfg cfg;
	unsigned i;

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
	for (i = SCMIA_SMT_OFF_FLAGS; i < AREA; i += 4)
		assert_int_equal(rd(c.a2p, i), 0);
	/* Refused configurations. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.a2p_base = c.a2p;
	cfg.a2p_size = AREA;
	assert_int_equal(scmia_smt_server_init(&c.srv, &cfg), SCMIA_EINVAL); /* no handler */
	cfg.cmd = handler;
	cfg.a2p_base = (uint8_t *)c.a2p + 2;
	assert_int_equal(scmia_smt_server_init(&c.srv, &cfg), SCMIA_EINVAL);
	cfg.a2p_base = c.a2p;
	cfg.a2p_size = 16;
	assert_int_equal(scmia_smt_server_init(&c.srv, &cfg), SCMIA_EINVAL);
	cfg.a2p_size = AREA;
	cfg.queue_len = 2;
	assert_int_equal(scmia_smt_server_init(&c.srv, &cfg), SCMIA_EINVAL);
	cfg.queue_len = 0;
	cfg.flags = 0x80;
	assert_int_equal(scmia_smt_server_init(&c.srv, &cfg), SCMIA_EINVAL);
	cfg.flags = 0;
	assert_int_equal(scmia_smt_server_init(&c.srv, &cfg), 0);
	/* Without a p2a area. */
	assert_int_equal(scmia_smt_server_p2a(&c.srv, scmia_hdr_pack(0, 3, 0x14, 0), "x", 1),
			 SCMIA_ENOTSUP);
}

static void test_command_reply_cycle(void **state)
{
	uint8_t body[12];
	uint32_t hdr = hdr_cmd(0x6, 0x14, 77);

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	agent_write(c.a2p, hdr, "\x01\x02\x03\x04\x05", 5, 1);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	assert_int_equal(c.cmds, 1);
	assert_int_equal(c.hdr, hdr);
	assert_int_equal(c.len, 5);
	assert_memory_equal(c.payload, "\x01\x02\x03\x04\x05", 5);
	assert_true(scmia_smt_server_busy(&c.srv));
	/* The agent scribbles over the area: the handler's copy is intact and
	 * no second command is taken. */
	memset((uint8_t *)c.a2p + SCMIA_SMT_OFF_PAYLOAD, 0x55, 8);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), SCMIA_EBUSY);
	assert_int_equal(c.cmds, 1);
	assert_int_equal(stats().storms, 1);
	/* Reply: header, length, status + payload, FREE, interrupt. */
	scmia_put_le32(body, 0);
	scmia_put_le32(body + 4, 0xaabbccddu);
	scmia_put_le32(body + 8, 0x11223344u);
	assert_int_equal(scmia_smt_server_reply(&c.srv, c.req, hdr, body, 12), 0);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_HEADER), hdr);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_LENGTH), 16);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_PAYLOAD + 4), 0xaabbccddu);
	assert_int_equal(c.a2p_irqs, 1);
	assert_false(scmia_smt_server_busy(&c.srv));
	/* The same request again, and a request number never issued. */
	assert_int_equal(scmia_smt_server_reply(&c.srv, c.req, hdr, body, 12), SCMIA_ESTATE);
	assert_int_equal(scmia_smt_server_reply(&c.srv, c.req + 5, hdr, body, 12), SCMIA_ESTATE);
	assert_int_equal(stats().stale_replies, 2);
	/* A polling agent (flags bit0 clear) gets no interrupt. */
	agent_write(c.a2p, hdr_cmd(0x6, 0x14, 78), "abcd", 4, 0);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	assert_int_equal(scmia_smt_server_reply(&c.srv, c.req, c.hdr, body, 4), 0);
	assert_int_equal(c.a2p_irqs, 1);
	/* A reply longer than the area is cut to it (counted). */
	agent_write(c.a2p, hdr_cmd(0x6, 0x14, 79), NULL, 0, 0);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	{
		uint8_t big[200];

		memset(big, 0x77, sizeof(big));
		assert_int_equal(scmia_smt_server_reply(&c.srv, c.req, c.hdr, big, sizeof(big)), 0);
		assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_LENGTH), 4u + (AREA - 0x1cu));
		assert_int_equal(stats().truncated, 1);
	}
	assert_int_equal(stats().replies, 3);
}

static void test_not_handed_over(void **state)
{
	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	/* Status still FREE: the agent did not hand the area over. */
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), SCMIA_ESTATE);
	/* ERROR still set. */
	agent_write(c.a2p, hdr_cmd(1, 0x10, 1), NULL, 0, 1);
	wr(c.a2p, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_ERROR);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), SCMIA_ESTATE);
	assert_int_equal(c.cmds, 0);
	assert_int_equal(stats().not_handed, 2);
	/* Nothing written back. */
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_ERROR);
	assert_int_equal(c.a2p_irqs, 0);
}

static void test_bad_lengths(void **state)
{
	static const uint32_t lens[] = { 0, 1, 2, 3, BIG - 0x18u + 1u, 0xffffffffu, 0x80000004u,
					 4u + SCMIA_SMT_SERVER_MSG_MAX + 4u };
	unsigned i;

	(void)state;
	assert_int_equal(init(BIG, 0, 0, 1), 0);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		agent_write(c.a2p, hdr_cmd(1, 0x10, i), NULL, 0, 1);
		wr(c.a2p, SCMIA_SMT_OFF_LENGTH, lens[i]);
		assert_int_equal(scmia_smt_server_doorbell(&c.srv), SCMIA_EMALFORMED);
		/* Answered with ERROR: the agent's channel is not wedged. */
		assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS),
				 SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR);
		assert_int_equal(c.a2p_irqs, i + 1u);
	}
	assert_int_equal(c.cmds, 0);
	assert_int_equal(stats().bad_len, sizeof(lens) / sizeof(lens[0]));
	/* The longest command the buffer holds is taken. */
	{
		uint8_t p[SCMIA_SMT_SERVER_MSG_MAX];

		memset(p, 0x3c, sizeof(p));
		agent_write(c.a2p, hdr_cmd(1, 0x10, 1), p, sizeof(p), 0);
		assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
		assert_int_equal(c.len, SCMIA_SMT_SERVER_MSG_MAX);
	}
	/* An area smaller than the buffer: a length past its end is refused
	 * as a length, before anything is read. */
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	agent_write(c.a2p, hdr_cmd(1, 0x10, 1), NULL, 0, 0);
	wr(c.a2p, SCMIA_SMT_OFF_LENGTH, AREA - SCMIA_SMT_OFF_HEADER + 1u);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), SCMIA_EMALFORMED);
	assert_int_equal(stats().bad_len, 1);
	assert_int_equal(stats().bad_read, 0);
	assert_int_equal(c.cmds, 0);
}

static void test_bad_headers(void **state)
{
	static const uint32_t hdrs[] = {
		0x00000200u | (0x14u << 10),       /* type 2: delayed response */
		0x00000300u | (0x14u << 10),       /* type 3: notification */
		0x00000100u | (0x14u << 10),       /* type 1: unused */
		0x10000000u | (0x14u << 10),       /* reserved bit 28 */
		0xf0000000u,                       /* every reserved bit */
	};
	unsigned i;

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	for (i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		agent_write(c.a2p, hdrs[i], "abcd", 4, 0);
		assert_int_equal(scmia_smt_server_doorbell(&c.srv), SCMIA_EMALFORMED);
		assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS),
				 SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR);
	}
	assert_int_equal(c.cmds, 0);
	assert_int_equal(stats().bad_hdr, sizeof(hdrs) / sizeof(hdrs[0]));
	assert_int_equal(c.a2p_irqs, 0);
}

static void test_length_changed_while_read(void **state)
{
	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	agent_write(c.a2p, hdr_cmd(3, 0x80, 4), "abcdefgh", 8, 1);
	c.flip_length = 1;
	c.length_reads = 0;
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), SCMIA_EMALFORMED);
	assert_int_equal(c.cmds, 0);
	assert_int_equal(stats().bad_read, 1);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR);
	/* The length word was read twice: the check and the copy. */
	assert_int_equal(c.length_reads, 2);
}

static void test_doorbell_racing_the_reply(void **state)
{
	uint8_t body[4] = { 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	agent_write(c.a2p, hdr_cmd(3, 0x80, 8), "one", 3, 0);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	c.race_on_free = 1;
	assert_int_equal(scmia_smt_server_reply(&c.srv, c.req, c.hdr, body, 4), 0);
	/* The command that raced the FREE was not lost: taken as the reply
	 * ended. */
	assert_int_equal(c.cmds, 2);
	assert_memory_equal(c.payload, "next", 4);
	assert_int_equal(stats().deferred, 1);
	assert_int_equal(stats().storms, 0);
	assert_true(scmia_smt_server_busy(&c.srv));
}

/* An agent that races every reply, against a handler that answers at
 * once: the raced commands are taken one after the other, never nested
 * in one another (the stack stays bounded), none lost. */
static void test_race_storm_bounded(void **state)
{
	unsigned i;

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	c.answer_now = 1;
	c.race_on_free = 40;
	agent_write(c.a2p, hdr_cmd(3, 0x80, 1), "ping", 4, 0);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	assert_true(c.max_depth <= 2);
	/* What the bounded drain left waits for the next doorbell. */
	for (i = 0; i < 40u && c.cmds < 41u; i++)
		(void)scmia_smt_server_doorbell(&c.srv);
	assert_int_equal(c.cmds, 41);
	assert_true(c.max_depth <= 2);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
}

static void test_answer_inside_handler(void **state)
{
	unsigned i;

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	c.answer_now = 1;
	for (i = 0; i < 5; i++) {
		agent_write(c.a2p, hdr_cmd(3, 0x80, i), "ping", 4, 1);
		assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
		assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
		assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_PAYLOAD + 4), 0x1234u + i + 1u);
	}
	assert_int_equal(c.a2p_irqs, 5);
}

static void test_poll(void **state)
{
	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	assert_int_equal(scmia_smt_server_poll(&c.srv), 0);
	assert_int_equal(stats().not_handed, 0);
	assert_int_equal(stats().doorbells, 0);
	agent_write(c.a2p, hdr_cmd(3, 0x80, 1), "abcd", 4, 0);
	assert_int_equal(scmia_smt_server_poll(&c.srv), 1);
	assert_int_equal(c.cmds, 1);
	/* In progress: a poll leaves it alone, and is no storm. */
	assert_int_equal(scmia_smt_server_poll(&c.srv), 0);
	assert_int_equal(stats().storms, 0);
}

static void agent_frees_p2a(void)
{
	wr(c.p2a, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
}

static void test_p2a_backlog_and_drops(void **state)
{
	uint32_t dresp = scmia_hdr_pack(4, SCMIA_MSG_TYPE_DELAYED_RESP, 0x80, 3);
	uint32_t notif = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0x14, 0);
	uint8_t b[8];

	(void)state;
	assert_int_equal(init(AREA, 3, SCMIA_SMT_SERVER_F_ACK, 1), 0);
	scmia_put_le32(b, 0);
	scmia_put_le32(b + 4, 1);
	/* Area FREE: written at once, acknowledge asked, interrupt raised. */
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, b, 8), 0);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_STATUS), 0);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_HEADER), notif);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_LENGTH), 12);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_FLAGS), 1);
	assert_int_equal(c.p2a_irqs, 1);
	/* The agent holds the area: three more wait (notif, dresp, notif). */
	scmia_put_le32(b + 4, 2);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, b, 8), 0);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, dresp, b, 8), 0);
	scmia_put_le32(b + 4, 3);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, b, 8), 0);
	assert_int_equal(scmia_smt_server_queued(&c.srv), 3);
	/* Full: a notification is dropped; a delayed response takes the
	 * newest notification's place. */
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, b, 8), SCMIA_ENOSPC);
	assert_int_equal(stats().notif_drops, 1);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, dresp | (7u << 18), b, 8), 0);
	assert_int_equal(stats().evicted, 1);
	/* The only notification left is the oldest: it gives way too (the
	 * delayed response takes its place at the head). */
	assert_int_equal(scmia_smt_server_p2a(&c.srv, dresp | (8u << 18), b, 8), 0);
	assert_int_equal(stats().evicted, 2);
	/* Full of delayed responses: one more is dropped. */
	assert_int_equal(scmia_smt_server_p2a(&c.srv, dresp | (9u << 18), b, 8), SCMIA_ENOSPC);
	assert_int_equal(stats().dresp_drops, 1);
	/* An acknowledge while the agent still holds the area sends nothing;
	 * once it is FREE the oldest goes out. */
	assert_int_equal(scmia_smt_server_ack(&c.srv), 0);
	assert_int_equal(c.p2a_irqs, 1);
	agent_frees_p2a();
	assert_int_equal(scmia_smt_server_ack(&c.srv), 1);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_HEADER), dresp | (8u << 18));
	assert_int_equal(c.p2a_irqs, 2);
	agent_frees_p2a();
	assert_int_equal(scmia_smt_server_poll(&c.srv), 0); /* poll sends too */
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_HEADER), dresp);
	agent_frees_p2a();
	assert_int_equal(scmia_smt_server_ack(&c.srv), 1);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_HEADER), dresp | (7u << 18));
	assert_int_equal(scmia_smt_server_queued(&c.srv), 0);
	/* Not a p2a message type. */
	assert_int_equal(scmia_smt_server_p2a(&c.srv, hdr_cmd(1, 0x14, 0), b, 8), SCMIA_EINVAL);
	assert_int_equal(stats().p2a_bad, 1);
	/* Longer than the area: cut. */
	agent_frees_p2a();
	{
		uint8_t big[300];

		memset(big, 1, sizeof(big));
		assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, big, sizeof(big)), 0);
		assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_LENGTH), 4u + AREA - 0x1cu);
	}
}

/* The queue head is never given away while it is being handed over: a
 * delayed response that finds the queue full of it is dropped (counted),
 * not written over the message going out. */
static void test_p2a_head_not_evicted(void **state)
{
	uint32_t dresp = scmia_hdr_pack(4, SCMIA_MSG_TYPE_DELAYED_RESP, 0x80, 3);
	uint32_t notif = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0x14, 0);

	(void)state;
	assert_int_equal(init(AREA, 1, SCMIA_SMT_SERVER_F_ACK, 1), 0);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, "one.", 4), 0); /* in the area */
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif | 1u, "two.", 4), 0); /* queued */
	assert_int_equal(scmia_smt_server_queued(&c.srv), 1);
	c.p2a_nested_hdr = dresp;
	agent_frees_p2a();
	assert_int_equal(scmia_smt_server_ack(&c.srv), 1);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_HEADER), notif | 1u);
	assert_int_equal(c.p2a_nested_ret, SCMIA_ENOSPC);
	assert_int_equal(stats().dresp_drops, 1);
	assert_int_equal(stats().evicted, 0);
	assert_int_equal(scmia_smt_server_queued(&c.srv), 0);
}

static void test_p2a_without_backlog(void **state)
{
	uint32_t notif = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0x14, 0);
	uint32_t dresp = scmia_hdr_pack(4, SCMIA_MSG_TYPE_DELAYED_RESP, 0x80, 3);

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, "abcd", 4), 0);
	/* No acknowledge asked without SCMIA_SMT_SERVER_F_ACK. */
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_FLAGS), 0);
	/* An agent that never frees the area: nothing blocks, each drop is
	 * counted. */
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, "abcd", 4), SCMIA_ENOSPC);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, dresp, "abcd", 4), SCMIA_ENOSPC);
	assert_int_equal(stats().notif_drops, 1);
	assert_int_equal(stats().dresp_drops, 1);
	assert_int_equal(stats().p2a_sent, 1);
}

static void test_reset(void **state)
{
	uint32_t notif = scmia_hdr_pack(0, SCMIA_MSG_TYPE_NOTIFICATION, 0x14, 0);
	uint32_t req;

	(void)state;
	assert_int_equal(init(AREA, 3, 0, 1), 0);
	agent_write(c.a2p, hdr_cmd(3, 0x80, 1), "abcd", 4, 1);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	req = c.req;
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, "abcd", 4), 0);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, notif, "efgh", 4), 0);
	assert_int_equal(scmia_smt_server_queued(&c.srv), 1);
	assert_int_equal(scmia_smt_server_reset(&c.srv), 0);
	/* Areas handed back, backlog gone, the old command's reply refused. */
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_smt_server_queued(&c.srv), 0);
	assert_false(scmia_smt_server_busy(&c.srv));
	assert_int_equal(scmia_smt_server_reply(&c.srv, req, c.hdr, "\0\0\0\0", 4), SCMIA_ESTATE);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_HEADER), 0);
	/* And it serves again. */
	agent_write(c.a2p, hdr_cmd(3, 0x80, 2), "abcd", 4, 1);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	assert_int_not_equal(c.req, req);
}

static unsigned vtx, vrx;
static int vrx_refuse;

static int vendor(void *ctx, struct scmia_smt_area *area, unsigned event, uint32_t length)
{
	(void)ctx;
	if (event == SCMIA_SMT_VENDOR_TX) {
		vtx++;
		/* a "CRC" of the message in the reserved word at 0x08 */
		return scmia_smt_area_write32(area, SCMIA_SMT_OFF_RESERVED1, 0xc0de0000u | length);
	}
	vrx++;
	return vrx_refuse ? SCMIA_EMALFORMED : 0;
}

static void test_vendor_hook(void **state)
{
	struct scmia_smt_server_cfg cfg;
	uint8_t body[8] = { 0 };

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.a2p_base = c.a2p;
	cfg.a2p_size = AREA;
	cfg.p2a_base = c.p2a;
	cfg.p2a_size = AREA;
	cfg.cmd = handler;
	cfg.cmd_ctx = &c;
	cfg.vendor = vendor;
	vtx = vrx = 0;
	vrx_refuse = 0;
	assert_int_equal(scmia_smt_server_init(&c.srv, &cfg), 0);
	agent_write(c.a2p, hdr_cmd(3, 0x80, 1), "abcd", 4, 0);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	assert_int_equal(vrx, 1);
	assert_int_equal(scmia_smt_server_reply(&c.srv, c.req, c.hdr, body, 8), 0);
	assert_int_equal(vtx, 1);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_RESERVED1), 0xc0de0000u | 12u);
	assert_int_equal(scmia_smt_server_p2a(&c.srv, scmia_hdr_pack(0, 3, 0x80, 0), "abcd", 4), 0);
	assert_int_equal(vtx, 2);
	assert_int_equal(rd(c.p2a, SCMIA_SMT_OFF_RESERVED1), 0xc0de0000u | 8u);
	/* A check that fails refuses the command (ERROR), the handler never
	 * sees it. */
	vrx_refuse = 1;
	agent_write(c.a2p, hdr_cmd(3, 0x80, 2), "abcd", 4, 0);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), SCMIA_EMALFORMED);
	assert_int_equal(c.cmds, 1);
	assert_int_equal(stats().bad_read, 1);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS),
			 SCMIA_SMT_STATUS_FREE | SCMIA_SMT_STATUS_ERROR);
}

static void test_abandon(void **state)
{
	uint32_t req;

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	assert_int_equal(scmia_smt_server_abandon(&c.srv), SCMIA_ESTATE);
	agent_write(c.a2p, hdr_cmd(3, 0x80, 1), "abcd", 4, 1);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	req = c.req;
	/* The platform answers by hand (a scripted model) and gives the
	 * command up: the area is left alone, its reply is refused. */
	wr(c.a2p, SCMIA_SMT_OFF_STATUS, SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_smt_server_abandon(&c.srv), 0);
	assert_false(scmia_smt_server_busy(&c.srv));
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
	assert_int_equal(scmia_smt_server_reply(&c.srv, req, c.hdr, "\0\0\0\0", 4), SCMIA_ESTATE);
	assert_int_equal(c.a2p_irqs, 0);
	/* The next command is taken. */
	agent_write(c.a2p, hdr_cmd(3, 0x80, 2), "efgh", 4, 1);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	assert_int_equal(c.cmds, 2);
	assert_int_equal(stats().abandoned, 1);
}

/* A reply that carries an older command's request number (a handler
 * that answers twice, or late) never answers the pending command. */
static void test_stale_request_number(void **state)
{
	uint32_t old;

	(void)state;
	assert_int_equal(init(AREA, 0, 0, 1), 0);
	agent_write(c.a2p, hdr_cmd(3, 0x80, 1), "abcd", 4, 0);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	old = c.req;
	assert_int_equal(scmia_smt_server_reply(&c.srv, old, c.hdr, "\0\0\0\0", 4), 0);
	agent_write(c.a2p, hdr_cmd(4, 0x80, 2), "efgh", 4, 0);
	assert_int_equal(scmia_smt_server_doorbell(&c.srv), 0);
	assert_int_not_equal(c.req, old);
	assert_int_equal(scmia_smt_server_reply(&c.srv, old, c.hdr, "\1\1\1\1", 4), SCMIA_ESTATE);
	assert_int_equal(stats().stale_replies, 1);
	/* Untouched: still the agent's command, not handed back. */
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), 0u);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_HEADER), hdr_cmd(4, 0x80, 2));
	assert_true(scmia_smt_server_busy(&c.srv));
	assert_int_equal(scmia_smt_server_reply(&c.srv, c.req, c.hdr, "\0\0\0\0", 4), 0);
	assert_int_equal(rd(c.a2p, SCMIA_SMT_OFF_STATUS), SCMIA_SMT_STATUS_FREE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_hands_areas_over),
		cmocka_unit_test(test_command_reply_cycle),
		cmocka_unit_test(test_not_handed_over),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_length_changed_while_read),
		cmocka_unit_test(test_doorbell_racing_the_reply),
		cmocka_unit_test(test_answer_inside_handler),
		cmocka_unit_test(test_race_storm_bounded),
		cmocka_unit_test(test_poll),
		cmocka_unit_test(test_p2a_backlog_and_drops),
		cmocka_unit_test(test_p2a_head_not_evicted),
		cmocka_unit_test(test_p2a_without_backlog),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_vendor_hook),
		cmocka_unit_test(test_abandon),
		cmocka_unit_test(test_stale_request_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

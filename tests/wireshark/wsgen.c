/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Capture writer for the dissector checks (suite "wireshark",
 * tests/wireshark/check_dissector.sh).
 *
 *   wsgen session CAPTURE EXPECT   every protocol through the helpers
 *   wsgen faults  CAPTURE EXPECT   the same platform with fault injection
 *   wsgen fuzz    CAPTURE EXPECT   crafted records: every message cut at
 *                                  every length, bad records, random bodies
 *   wsgen user    CAPTURE EXPECT   one exchange on a LINKTYPE_USER0 interface
 *
 * The agent talks to the simulated platform (tests/sim, its own thread)
 * over the loopback transport. Two taps record what crosses the channel
 * (wsgen is built with the library's default options, tracing off; the
 * core's own trace hooks write the host demo's capture, which the same
 * script checks with demo.exp): a transport whose send() records
 * each command before handing it to the loopback transport, and a platform
 * port that records each response, delayed response and notification as
 * the platform emits it (after fault injection, so a truncated or
 * corrupted message is captured as the agent received it).
 *
 * EXPECT lists what the dissector must show, one check per line:
 *   FRAME <tab> FIELD <tab> VALUE    field FIELD of frame FRAME has VALUE
 *                                    (one of its occurrences; "*": present)
 *   any <tab> FILTER <tab> COUNT     the display filter matches COUNT frames
 *                                    (">0": at least one)
 * Values come from what the agent sent and from what the protocol helpers
 * decoded, never from the capture; a frame that could not be found is
 * written as frame 0, which the checker reports as a failure.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scmia/pcapng.h"
#include "scmia/proto/base.h"
#include "scmia/proto/clock.h"
#include "scmia/proto/perf.h"
#include "scmia/proto/pinctrl.h"
#include "scmia/proto/power.h"
#include "scmia/proto/powercap.h"
#include "scmia/proto/reset.h"
#include "scmia/proto/sensor.h"
#include "scmia/proto/system.h"
#include "scmia/proto/voltage.h"
#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_pcapng_file.h"
#include "scmia_posix.h"
#include "scmia_sim.h"
#include "scmia_sim_pb.h"
#include "scmia_sim_pm.h"

#define G_MAX_MSG 8u
#define G_MSG_SIZE 104u
#define G_LB_MSGS 32u
#define G_HANDLES 12u
#define G_AGENT 1u
#define LOG_MAX 8192u

/* ------------------------------------------------------------------ */
/* Tap: every record goes to the capture and to an in-memory log       */
/* ------------------------------------------------------------------ */

struct logrec {
	uint8_t dir;
	uint32_t hdr;
	uint32_t len;
	uint8_t body[SCMIA_SIM_MSG_MAX];
};

static struct {
	pthread_mutex_t lock;
	struct scmia_pcapng_file file;
	struct timespec t0;
	uint32_t frames;
	uint32_t raw_frames; /* blocks written by hand (fuzz) */
	struct logrec log[LOG_MAX];
} tap;

static uint64_t tap_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)(ts.tv_sec - tap.t0.tv_sec) * 1000000u +
	       (uint64_t)((ts.tv_nsec - tap.t0.tv_nsec) / 1000) + 1000000u;
}

static uint8_t tag_of(uint8_t dir, uint32_t hdr)
{
	if (dir == SCMIA_PCAPNG_DIR_A2P)
		return SCMIA_TRACE_TAG_CMND;
	switch (scmia_hdr_type(hdr)) {
	case SCMIA_MSG_TYPE_DELAYED_RESP:
		return SCMIA_TRACE_TAG_DLYD;
	case SCMIA_MSG_TYPE_NOTIFICATION:
		return SCMIA_TRACE_TAG_NOTI;
	default:
		return SCMIA_TRACE_TAG_RESP;
	}
}

/* Record one message as it crosses the channel; the caller holds the lock. */
static void tap_record_locked(uint8_t dir, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_pcapng_rec r;

	memset(&r, 0, sizeof(r));
	r.time_us = tap_now_us();
	r.hdr = hdr;
	r.dir = dir;
	r.transport_id = SCMIA_PCAPNG_TR_LOOPBACK;
	r.transport = "loopback";
	r.agent_id = G_AGENT;
	r.tag = tag_of(dir, hdr);
	r.payload = len ? body : NULL;
	r.len = len;
	if (scmia_pcapng_file_write(&tap.file, &r) != SCMIA_OK) {
		fprintf(stderr, "wsgen: capture write failed\n");
		exit(1);
	}
	if (tap.frames < LOG_MAX) {
		struct logrec *l = &tap.log[tap.frames];

		l->dir = dir;
		l->hdr = hdr;
		l->len = len;
		memcpy(l->body, body, len < sizeof(l->body) ? len : sizeof(l->body));
	}
	tap.frames++;
}

static const struct scmia_transport_ops *lb_ops;
static struct scmia_transport_ops tap_ops;
static struct scmia_transport tap_transport;

/* Agent side: the command is recorded before the platform can see it. */
static int tap_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	pthread_mutex_lock(&tap.lock);
	tap_record_locked(SCMIA_PCAPNG_DIR_A2P, xfer->hdr, xfer->tx_buf, xfer->tx_len);
	pthread_mutex_unlock(&tap.lock);
	return lb_ops->send(ctx, chan, xfer);
}

/* Platform side: recorded once handed over, under the lock, so that the
 * agent (woken by the delivery) records its next command after it. A
 * message the loopback could not take now is retried by the engine and
 * recorded when it goes. */
static int tap_forward(int p2a, void *ctx, unsigned chan, uint32_t hdr, const void *body,
		       uint32_t len)
{
	int rc;

	pthread_mutex_lock(&tap.lock);
	rc = p2a ? scmia_sim_loopback_port.p2a(ctx, chan, hdr, body, len) :
		   scmia_sim_loopback_port.reply(ctx, chan, hdr, body, len);
	if (rc != SCMIA_ENOSPC && rc != SCMIA_EBUSY)
		tap_record_locked(SCMIA_PCAPNG_DIR_P2A, hdr, body, len);
	pthread_mutex_unlock(&tap.lock);
	return rc;
}

static int tap_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	return tap_forward(0, ctx, chan, hdr, body, len);
}

static int tap_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	return tap_forward(1, ctx, chan, hdr, body, len);
}

static struct scmia_sim_port_ops tap_port;

static void tap_open(const char *path, const struct scmia_pcapng_file_cfg *cfg)
{
	pthread_mutex_init(&tap.lock, NULL);
	clock_gettime(CLOCK_MONOTONIC, &tap.t0);
	if (scmia_pcapng_file_open(&tap.file, path, cfg) != SCMIA_OK) {
		fprintf(stderr, "wsgen: cannot create %s\n", path);
		exit(1);
	}
}

static void tap_close(void)
{
	uint32_t recs = 0, lost = 0;

	scmia_pcapng_file_stats(&tap.file, &recs, &lost);
	if (scmia_pcapng_file_close(&tap.file) != SCMIA_OK || lost ||
	    recs + tap.raw_frames != tap.frames) {
		fprintf(stderr, "wsgen: capture incomplete (%u records, %u lost, %u frames)\n",
			recs, lost, tap.frames);
		exit(1);
	}
}

/* ------------------------------------------------------------------ */
/* Finding frames (1-based frame numbers)                              */
/* ------------------------------------------------------------------ */

static uint32_t frames_now(void)
{
	uint32_t n;

	pthread_mutex_lock(&tap.lock);
	n = tap.frames;
	pthread_mutex_unlock(&tap.lock);
	return n;
}

/* The @p nth (0-based) command of (proto, msg) recorded after frame @p mark. */
static uint32_t find_cmd_nth(uint32_t mark, uint8_t proto, uint8_t msg, unsigned nth)
{
	uint32_t i, f = 0;

	pthread_mutex_lock(&tap.lock);
	for (i = mark; i < tap.frames && i < LOG_MAX; i++) {
		const struct logrec *l = &tap.log[i];

		if (l->dir == SCMIA_PCAPNG_DIR_A2P && scmia_hdr_proto_id(l->hdr) == proto &&
		    scmia_hdr_msg_id(l->hdr) == msg && nth-- == 0) {
			f = i + 1;
			break;
		}
	}
	pthread_mutex_unlock(&tap.lock);
	return f;
}

static uint32_t find_cmd(uint32_t mark, uint8_t proto, uint8_t msg)
{
	return find_cmd_nth(mark, proto, msg, 0);
}

/* First platform message of @p type with the token of command frame @p cf. */
static uint32_t find_reply(uint32_t cf, uint32_t type)
{
	uint32_t i, f = 0, tok;

	if (!cf)
		return 0;
	pthread_mutex_lock(&tap.lock);
	tok = scmia_hdr_token(tap.log[cf - 1].hdr);
	for (i = cf; i < tap.frames && i < LOG_MAX; i++) {
		const struct logrec *l = &tap.log[i];

		if (l->dir == SCMIA_PCAPNG_DIR_P2A && scmia_hdr_type(l->hdr) == type &&
		    scmia_hdr_token(l->hdr) == tok &&
		    scmia_hdr_same_msg(l->hdr, tap.log[cf - 1].hdr)) {
			f = i + 1;
			break;
		}
	}
	pthread_mutex_unlock(&tap.lock);
	return f;
}

/* The last notification (proto, evt) recorded after @p mark. */
static uint32_t find_note(uint32_t mark, uint8_t proto, uint8_t evt)
{
	uint32_t i, f = 0;

	pthread_mutex_lock(&tap.lock);
	for (i = mark; i < tap.frames && i < LOG_MAX; i++) {
		const struct logrec *l = &tap.log[i];

		if (l->dir == SCMIA_PCAPNG_DIR_P2A &&
		    scmia_hdr_type(l->hdr) == SCMIA_MSG_TYPE_NOTIFICATION &&
		    scmia_hdr_proto_id(l->hdr) == proto && scmia_hdr_msg_id(l->hdr) == evt)
			f = i + 1;
	}
	pthread_mutex_unlock(&tap.lock);
	return f;
}

/* ------------------------------------------------------------------ */
/* Expectations                                                        */
/* ------------------------------------------------------------------ */

static FILE *g_exp;

static void ex(uint32_t frame, const char *field, const char *fmt, ...)
{
	va_list ap;

	fprintf(g_exp, "%u\t%s\t", frame, field);
	va_start(ap, fmt);
	vfprintf(g_exp, fmt, ap);
	va_end(ap);
	fputc('\n', g_exp);
}

static void ex_u(uint32_t frame, const char *field, uint64_t v)
{
	ex(frame, field, "%llu", (unsigned long long)v);
}

static void ex_i(uint32_t frame, const char *field, int64_t v)
{
	ex(frame, field, "%lld", (long long)v);
}

/* The responses to every command (proto, msg) after @p mark, as a frame
 * list "a,b,c" for ex_in(): the pages of a paged list. */
static void pages(uint32_t mark, uint8_t proto, uint8_t msg, char *out, size_t cap)
{
	uint32_t cf;
	unsigned k;
	size_t n = 0;

	out[0] = '\0';
	for (k = 0; (cf = find_cmd_nth(mark, proto, msg, k)) != 0; k++)
		n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%u", k ? "," : "",
				      find_reply(cf, 0));
	if (!k || n >= cap)
		snprintf(out, cap, "0");
}

/* Field @p field has @p value in one of the frames of the list @p frames. */
static void ex_in(const char *frames, const char *field, const char *fmt, ...)
{
	va_list ap;

	fprintf(g_exp, "%s\t%s\t", frames, field);
	va_start(ap, fmt);
	vfprintf(g_exp, fmt, ap);
	va_end(ap);
	fputc('\n', g_exp);
}

static void ex_filter(const char *filter, const char *count)
{
	fprintf(g_exp, "any\t%s\t%s\n", filter, count);
}

/* A helper that should have worked did not: a check that fails. */
static int ok(int rc, const char *what)
{
	if (rc != SCMIA_OK) {
		ex(0, what, "helper returned %d", rc);
		return 0;
	}
	return 1;
}

/* Header, name, matching and status of one exchange; returns the frames. */
static void ex_exchange(uint32_t mark, uint8_t proto, uint8_t msg, const char *name, int rc,
			uint32_t *cfp, uint32_t *rfp)
{
	uint32_t cf = find_cmd(mark, proto, msg), rf = find_reply(cf, 0);

	ex(cf, "scmi.proto", "0x%02x", proto);
	ex(cf, "scmi.msg_id", "0x%02x", msg);
	ex(cf, "scmi.type", "0");
	ex(cf, "scmi.msg_name", "%s", name);
	ex(cf, "scmi.kind", "Command");
	ex(cf, "scmi.rec.dir", "0");
	ex(cf, "scmi.rec.agent", "%u", G_AGENT);
	ex(cf, "scmi.rec.transport", "loopback");
	ex(cf, "scmi.response_in", "%u", rf);
	ex(rf, "scmi.kind", "Response");
	ex(rf, "scmi.msg_name", "%s", name);
	ex(rf, "scmi.request_in", "%u", cf);
	ex(rf, "scmi.response_time", "*");
	ex(rf, "scmi.rec.dir", "1");
	if (rc == SCMIA_OK)
		ex(rf, "scmi.status", "0");
	else if (scmia_err_is_scmi(rc))
		ex(rf, "scmi.status", "%d", (int)scmia_err_to_status(rc));
	if (cf && rf) {
		pthread_mutex_lock(&tap.lock);
		ex(cf, "scmi.token", "%u", scmia_hdr_token(tap.log[cf - 1].hdr));
		ex(rf, "scmi.token", "%u", scmia_hdr_token(tap.log[rf - 1].hdr));
		pthread_mutex_unlock(&tap.lock);
	}
	if (cfp)
		*cfp = cf;
	if (rfp)
		*rfp = rf;
}

/* The delayed response of command frame @p cf. */
static uint32_t ex_delayed(uint32_t cf, const char *dname)
{
	uint32_t df = find_reply(cf, SCMIA_MSG_TYPE_DELAYED_RESP);

	ex(df, "scmi.kind", "Delayed response");
	ex(df, "scmi.msg_name", "%s", dname);
	ex(df, "scmi.request_in", "%u", cf);
	ex(df, "scmi.delayed_time", "*");
	ex(df, "scmi.status", "0");
	ex(cf, "scmi.delayed_in", "%u", df);
	return df;
}

static uint32_t ex_note(uint32_t mark, uint8_t proto, uint8_t evt, const char *name)
{
	uint32_t nf = find_note(mark, proto, evt);

	ex(nf, "scmi.kind", "Notification");
	ex(nf, "scmi.msg_name", "%s", name);
	ex(nf, "scmi.type", "3");
	ex(nf, "scmi.proto", "0x%02x", proto);
	return nf;
}

/* ------------------------------------------------------------------ */
/* Environment: agent, channels, platform                              */
/* ------------------------------------------------------------------ */

struct env {
	struct scmia_posix posix;
	struct scmia_agent agent;
	struct scmia_chan a2p, p2a;
	struct scmia_posix_wait waits[G_MAX_MSG];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, G_MAX_MSG, G_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, G_MAX_MSG, G_MSG_SIZE);
	struct scmia_sim sim;
	struct scmia_sim_power power;
	struct scmia_sim_system system;
	struct scmia_sim_perf perf;
	struct scmia_sim_reset reset;
	struct scmia_sim_clocks clock;
	struct scmia_sim_sensor sensor;
	struct scmia_sim_voltage voltage;
	struct scmia_sim_powercap powercap;
	struct scmia_sim_pinctrl pinctrl;
	struct scmia_sim_loopback gl;
	struct scmia_loopback_chan lb_a2p, lb_p2a;
	struct scmia_loopback_msg lbm_a2p[G_LB_MSGS], lbm_p2a[G_LB_MSGS];
	uint16_t lbq_a2p[G_LB_MSGS], lbq_p2a[G_LB_MSGS];
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[G_HANDLES];
	struct scmia_power_info power_info;
	struct scmia_perf_info perf_info;
	struct scmia_clock_info clock_info;
	struct scmia_sensor_info sensor_info;
	struct scmia_pinctrl_info pin_info;
	struct scmia_base_info base_info;
};

static struct env g_e;

static void die(const char *what, int rc)
{
	fprintf(stderr, "wsgen: %s failed (%d)\n", what, rc);
	exit(1);
}

static void env_up(uint32_t reply_us, uint32_t dresp_us)
{
	struct env *e = &g_e;
	struct scmia_sim_cfg scfg;
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	int rc;

	memset(e, 0, sizeof(*e));
	lb_ops = scmia_loopback_transport.ops;
	tap_ops = *lb_ops;
	tap_ops.send = tap_send;
	tap_transport = scmia_loopback_transport;
	tap_transport.ops = &tap_ops;
	tap_port = scmia_sim_loopback_port;
	tap_port.reply = tap_reply;
	tap_port.p2a = tap_p2a;

	if ((rc = scmia_posix_init(&e->posix)) || (rc = scmia_posix_wait_init(e->waits, G_MAX_MSG)))
		die("posix", rc);
	memset(&scfg, 0, sizeof(scfg));
	scfg.clock = SCMIA_SIM_CLOCK_MONOTONIC;
	scfg.agent_id = G_AGENT;
	if ((rc = scmia_sim_init(&e->sim, &scfg)) ||
	    (rc = scmia_sim_power_register(&e->sim, &e->power)) ||
	    (rc = scmia_sim_system_register(&e->sim, &e->system)) ||
	    (rc = scmia_sim_perf_register(&e->sim, &e->perf)) ||
	    (rc = scmia_sim_reset_register(&e->sim, &e->reset)) ||
	    (rc = scmia_sim_clock_register(&e->sim, &e->clock)) ||
	    (rc = scmia_sim_sensor_register(&e->sim, &e->sensor)) ||
	    (rc = scmia_sim_voltage_register(&e->sim, &e->voltage)) ||
	    (rc = scmia_sim_powercap_register(&e->sim, &e->powercap)) ||
	    (rc = scmia_sim_pinctrl_register(&e->sim, &e->pinctrl)) ||
	    (rc = scmia_sim_loopback_init(&e->gl, &e->sim)) ||
	    (rc = scmia_sim_set_port(&e->sim, &tap_port, &e->gl)))
		die("simulated platform", rc);
	if ((rc = scmia_loopback_chan_init(&e->lb_a2p, e->lbm_a2p, G_LB_MSGS, e->lbq_a2p,
					   &scmia_posix_os_ops, &e->posix, scmia_sim_loopback_kick,
					   &e->gl)) ||
	    (rc = scmia_loopback_chan_init(&e->lb_p2a, e->lbm_p2a, G_LB_MSGS, e->lbq_p2a,
					   &scmia_posix_os_ops, &e->posix, NULL, NULL)) ||
	    (rc = scmia_sim_loopback_attach(&e->gl, 0, &e->lb_a2p, &e->lb_p2a, 0)))
		die("loopback", rc);
	memset(&acfg, 0, sizeof(acfg));
	acfg.os = &scmia_posix_os_ops;
	acfg.os_ctx = &e->posix;
	acfg.transport = &tap_transport;
	acfg.notify_src = scmia_proto_notify_src;
	acfg.notify_src_ctx = &e->set;
	if ((rc = scmia_agent_init(&e->agent, &acfg)))
		die("agent", rc);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = G_MAX_MSG;
	ccfg.msg_size = G_MSG_SIZE;
	ccfg.chan_ctx = &e->lb_a2p;
	ccfg.mem = e->mem_a2p;
	ccfg.mem_size = sizeof(e->mem_a2p);
	ccfg.wait_objs = e->waits;
	ccfg.wait_obj_stride = sizeof(e->waits[0]);
	ccfg.reply_timeout_us = reply_us;
	ccfg.dresp_timeout_us = dresp_us;
	if ((rc = scmia_chan_open(&e->agent, &e->a2p, &ccfg)))
		die("a2p channel", rc);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.max_msg = G_MAX_MSG;
	ccfg.msg_size = G_MSG_SIZE;
	ccfg.chan_ctx = &e->lb_p2a;
	ccfg.mem = e->mem_p2a;
	ccfg.mem_size = sizeof(e->mem_p2a);
	if ((rc = scmia_chan_open(&e->agent, &e->p2a, &ccfg)))
		die("p2a channel", rc);
	if ((rc = scmia_proto_set_init(&e->set, &e->agent, e->handles, G_HANDLES)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_base_desc, &e->base_info, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_power_desc, &e->power_info, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_system_desc, NULL, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_perf_desc, &e->perf_info, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_clock_desc, &e->clock_info, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_sensor_desc, &e->sensor_info, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_reset_desc, NULL, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_voltage_desc, NULL, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_powercap_desc, NULL, NULL)) ||
	    (rc = scmia_proto_register(&e->set, &scmia_pinctrl_desc, &e->pin_info, NULL)))
		die("protocol registry", rc);
	if ((rc = scmia_sim_start(&e->sim)))
		die("platform thread", rc);
}

static void env_down(void)
{
	struct env *e = &g_e;

	scmia_sim_stop(&e->sim);
	scmia_agent_deinit(&e->agent);
	scmia_sim_deinit(&e->sim);
	scmia_posix_wait_deinit(e->waits, G_MAX_MSG);
	scmia_posix_deinit(&e->posix);
}

static struct scmia_proto_handle *ph(uint8_t id)
{
	struct scmia_proto_handle *h = scmia_proto_get(&g_e.set, id);

	if (!h || h->state != SCMIA_PROTO_S_READY)
		die("protocol not ready", id);
	return h;
}

/* Notifications: a handler that keeps the last one of each kind. */
struct seen {
	unsigned calls;
	struct scmia_notification n;
	uint8_t payload[SCMIA_SIM_MSG_MAX];
};

static void on_note(void *ctx, const struct scmia_notification *n)
{
	struct seen *s = (struct seen *)ctx;
	uint32_t len = n->len < sizeof(s->payload) ? n->len : (uint32_t)sizeof(s->payload);

	s->n = *n;
	memcpy(s->payload, n->payload, len);
	s->n.payload = s->payload;
	s->n.len = len;
	s->calls++;
}

static int wait_note(struct seen *s, unsigned want)
{
	struct timespec ts = { 0, 1000000L };
	int i;

	for (i = 0; i < 3000; i++) {
		(void)scmia_notify_dispatch(&g_e.agent, 0);
		if (s->calls >= want)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static struct scmia_notifier notifiers[16];
static unsigned n_notifiers;

static struct seen *watch(uint8_t proto, uint8_t evt)
{
	static struct seen seen[16];
	struct scmia_notifier *nt = &notifiers[n_notifiers];
	struct seen *s = &seen[n_notifiers++];

	nt->proto_id = proto;
	nt->evt_id = evt;
	nt->src_id = SCMIA_NOTIFY_SRC_ANY;
	nt->fn = on_note;
	nt->ctx = s;
	if (scmia_notify_register(&g_e.agent, nt) != SCMIA_OK)
		die("notify register", proto);
	return s;
}

/* ------------------------------------------------------------------ */
/* The session: every protocol, field by field                         */
/* ------------------------------------------------------------------ */

static void session_discovery(void)
{
	static const struct {
		uint8_t id;
		const char *count_field;
	} protos[] = {
		{ SCMIA_PROTO_BASE, "scmi.base.num_protocols" },
		{ SCMIA_PROTO_POWER, "scmi.power.num_domains" },
		{ SCMIA_PROTO_SYSTEM, NULL },
		{ SCMIA_PROTO_PERF, "scmi.perf.num_domains" },
		{ SCMIA_PROTO_CLOCK, "scmi.clock.num_clocks" },
		{ SCMIA_PROTO_SENSOR, "scmi.sensor.num_sensors" },
		{ SCMIA_PROTO_RESET, "scmi.reset.num_domains" },
		{ SCMIA_PROTO_VOLTAGE, "scmi.voltage.num_domains" },
		{ SCMIA_PROTO_POWERCAP, "scmi.powercap.num_domains" },
		{ SCMIA_PROTO_PINCTRL, "scmi.pinctrl.num_pins" },
	};
	struct env *e = &g_e;
	uint32_t mark = frames_now(), cf, rf;
	unsigned i;
	int rc;

	rc = scmia_base_discover(&e->set);
	if (rc != 10)
		die("discovery", rc);
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		struct scmia_proto_handle *h = ph(protos[i].id);
		uint32_t v = h->platform_version;

		ex_exchange(mark, h->id, 0x0, "PROTOCOL_VERSION", SCMIA_OK, &cf, &rf);
		ex(rf, "scmi.version", "0x%08x", v);
		ex_u(rf, "scmi.version.major", v >> 16);
		ex_u(rf, "scmi.version.minor", v & 0xffffu);
		ex_exchange(mark, h->id, 0x1, "PROTOCOL_ATTRIBUTES", SCMIA_OK, &cf, &rf);
		if (protos[i].count_field) {
			uint32_t n = h->attributes & 0xffffu;

			if (h->id == SCMIA_PROTO_BASE)
				n = e->base_info.n_protocols;
			ex_u(rf, protos[i].count_field, n);
		}
		if (h->id == SCMIA_PROTO_CLOCK)
			ex_u(rf, "scmi.clock.max_async", e->clock_info.max_async);
		if (h->id == SCMIA_PROTO_SENSOR)
			ex_u(rf, "scmi.sensor.max_async", e->sensor_info.max_async);
		if (h->id == SCMIA_PROTO_PINCTRL) {
			ex_u(rf, "scmi.pinctrl.num_groups", e->pin_info.n_groups);
			ex_u(rf, "scmi.pinctrl.num_functions", e->pin_info.n_functions);
		}
		if (h->id == SCMIA_PROTO_BASE)
			ex_u(rf, "scmi.base.num_agents", e->base_info.n_agents);
	}
	ex_exchange(mark, SCMIA_PROTO_BASE, SCMIA_BASE_DISCOVER_VENDOR, "BASE_DISCOVER_VENDOR",
		    SCMIA_OK, &cf, &rf);
	ex(rf, "scmi.base.vendor", "%s", e->set.ident.vendor);
	ex_exchange(mark, SCMIA_PROTO_BASE, SCMIA_BASE_DISCOVER_SUB_VENDOR,
		    "BASE_DISCOVER_SUB_VENDOR", SCMIA_OK, &cf, &rf);
	ex(rf, "scmi.base.sub_vendor", "%s", e->set.ident.sub_vendor);
	ex_exchange(mark, SCMIA_PROTO_BASE, SCMIA_BASE_DISCOVER_IMPLEMENTATION_VERSION,
		    "BASE_DISCOVER_IMPLEMENTATION_VERSION", SCMIA_OK, &cf, &rf);
	ex(rf, "scmi.base.impl_version", "0x%08x", e->set.ident.impl_version);
}

static void session_base(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_BASE);
	uint8_t ids[32];
	uint32_t n = 0, i, mark, cf, rf, id_out = 0;
	char name[32];
	int rc;

	mark = frames_now();
	rc = scmia_base_discover_list_protocols(h, ids, sizeof(ids), &n);
	if (ok(rc, "list protocols")) {
		ex_exchange(mark, h->id, SCMIA_BASE_DISCOVER_LIST_PROTOCOLS,
			    "BASE_DISCOVER_LIST_PROTOCOLS", rc, &cf, &rf);
		ex(cf, "scmi.base.skip", "0");
		/* every id fits one page of the simulated platform */
		ex_u(rf, "scmi.base.num_protocols_page", n);
		for (i = 0; i < n; i++)
			ex_u(rf, "scmi.base.protocol", ids[i]);
	}
	mark = frames_now();
	rc = scmia_base_discover_agent(h, SCMIA_BASE_AGENT_SELF, &id_out, name, sizeof(name));
	if (ok(rc, "discover agent")) {
		ex_exchange(mark, h->id, SCMIA_BASE_DISCOVER_AGENT, "BASE_DISCOVER_AGENT", rc, &cf,
			    &rf);
		ex_u(cf, "scmi.base.agent_id", SCMIA_BASE_AGENT_SELF);
		ex_u(rf, "scmi.base.agent_id", id_out);
		ex(rf, "scmi.base.agent_name", "%s", name);
	}
	mark = frames_now();
	rc = scmia_base_notify_errors(h, 1);
	ex_exchange(mark, h->id, SCMIA_BASE_NOTIFY_ERRORS, "BASE_NOTIFY_ERRORS", rc, &cf, NULL);
	ex(cf, "scmi.base.notify_enable", "1");
	mark = frames_now();
	rc = scmia_base_set_device_permissions(h, 1, 3, 1);
	ex_exchange(mark, h->id, SCMIA_BASE_SET_DEVICE_PERMISSIONS, "BASE_SET_DEVICE_PERMISSIONS",
		    rc, &cf, NULL);
	ex(cf, "scmi.base.agent_id", "1");
	ex(cf, "scmi.base.device_id", "3");
	ex(cf, "scmi.base.access", "1");
	mark = frames_now();
	rc = scmia_base_set_protocol_permissions(h, 1, 2, SCMIA_PROTO_CLOCK, 0);
	ex_exchange(mark, h->id, SCMIA_BASE_SET_PROTOCOL_PERMISSIONS,
		    "BASE_SET_PROTOCOL_PERMISSIONS", rc, &cf, NULL);
	ex(cf, "scmi.base.device_id", "2");
	ex_u(cf, "scmi.base.protocol", SCMIA_PROTO_CLOCK);
	ex(cf, "scmi.base.access", "0");
	/* BASE_ERROR_EVENT from the platform */
	{
		static const uint64_t reports[2] = { 0x0000000100044006ull, 0x1234567800041403ull };
		struct seen *s = watch(SCMIA_PROTO_BASE, SCMIA_BASE_ERROR_EVENT);
		struct scmia_base_error_event ev;
		uint32_t nf;

		mark = frames_now();
		if (scmia_sim_base_error_event(&g_e.sim, G_AGENT, 1, reports, 2) == SCMIA_OK &&
		    wait_note(s, 1) && ok(scmia_base_error_event_decode(&s->n, &ev), "error event")) {
			nf = ex_note(mark, SCMIA_PROTO_BASE, SCMIA_BASE_ERROR_EVENT,
				     "BASE_ERROR_EVENT");
			ex_u(nf, "scmi.base.agent_id", ev.agent_id);
			ex_u(nf, "scmi.base.fatal", ev.fatal);
			ex_u(nf, "scmi.base.num_reports", ev.n_reports);
			for (i = 0; i < ev.n_reports; i++)
				ex(nf, "scmi.base.report", "0x%016llx",
				   (unsigned long long)scmia_base_error_report(&ev, i));
		} else {
			ex(0, "BASE_ERROR_EVENT", "not received");
		}
	}
	mark = frames_now();
	rc = scmia_base_reset_agent_configuration(h, 1, 1);
	ex_exchange(mark, h->id, SCMIA_BASE_RESET_AGENT_CONFIGURATION,
		    "BASE_RESET_AGENT_CONFIGURATION", rc, &cf, NULL);
	ex(cf, "scmi.base.reset_permissions", "1");
}

static void session_power(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_POWER);
	struct scmia_power_dom_attrs a;
	struct scmia_power_state_changed ch;
	struct seen *s = watch(SCMIA_PROTO_POWER, SCMIA_POWER_STATE_CHANGED);
	uint32_t mark, cf, rf, d, state = 0;
	int rc;

	for (d = 0; d < SCMIA_SIM_POWER_DOMAINS; d++) {
		mark = frames_now();
		rc = scmia_power_domain_attributes(h, d, 0, &a);
		ex_exchange(mark, h->id, SCMIA_POWER_DOMAIN_ATTRIBUTES, "POWER_DOMAIN_ATTRIBUTES", rc,
			    &cf, &rf);
		ex_u(cf, "scmi.power.domain_id", d);
		if (rc == SCMIA_OK) {
			ex_u(rf, "scmi.power.notify", !!(a.attributes & SCMIA_POWER_ATTR_NOTIFY));
			ex_u(rf, "scmi.power.async", !!(a.attributes & SCMIA_POWER_ATTR_ASYNC));
			ex_u(rf, "scmi.power.sync", !!(a.attributes & SCMIA_POWER_ATTR_SYNC));
			ex_u(rf, "scmi.power.ext_name", !!(a.attributes & SCMIA_POWER_ATTR_EXT_NAME));
			ex(rf, "scmi.power.name", "%s", a.name);
		}
	}
	mark = frames_now();
	rc = scmia_power_state_notify(h, 1, 1);
	ex_exchange(mark, h->id, SCMIA_POWER_STATE_NOTIFY, "POWER_STATE_NOTIFY", rc, &cf, NULL);
	ex(cf, "scmi.power.domain_id", "1");
	ex(cf, "scmi.power.notify_enable", "1");
	/* a change, so that POWER_STATE_CHANGED follows */
	if (!ok(scmia_power_state_get(h, 1, &state), "power state get"))
		state = SCMIA_POWER_STATE_ON;
	state = state == SCMIA_POWER_STATE_OFF ? SCMIA_POWER_STATE_ON : SCMIA_POWER_STATE_OFF;
	mark = frames_now();
	rc = scmia_power_state_set(h, 1, state, 0);
	ex_exchange(mark, h->id, SCMIA_POWER_STATE_SET, "POWER_STATE_SET", rc, &cf, NULL);
	ex(cf, "scmi.power.async_flag", "0");
	ex(cf, "scmi.power.domain_id", "1");
	ex(cf, "scmi.power.power_state", "0x%08x", state);
	ex_u(cf, "scmi.power.context_lost", state == SCMIA_POWER_STATE_OFF);
	if (rc == SCMIA_OK && wait_note(s, 1) &&
	    ok(scmia_power_state_changed_decode(&s->n, &ch), "power event")) {
		uint32_t nf = ex_note(mark, h->id, SCMIA_POWER_STATE_CHANGED, "POWER_STATE_CHANGED");

		ex_u(nf, "scmi.power.agent_id", ch.agent_id);
		ex_u(nf, "scmi.power.domain_id", ch.domain_id);
		ex(nf, "scmi.power.power_state", "0x%08x", ch.power_state);
	} else {
		ex(0, "POWER_STATE_CHANGED", "not received");
	}
	mark = frames_now();
	rc = scmia_power_state_get(h, 1, &state);
	ex_exchange(mark, h->id, SCMIA_POWER_STATE_GET, "POWER_STATE_GET", rc, &cf, &rf);
	if (ok(rc, "power state get"))
		ex(rf, "scmi.power.power_state", "0x%08x", state);
	/* the DENIED domain */
	mark = frames_now();
	rc = scmia_power_state_get(h, SCMIA_SIM_POWER_DENIED_DOMAIN, &state);
	ex_exchange(mark, h->id, SCMIA_POWER_STATE_GET, "POWER_STATE_GET", rc, &cf, &rf);
	if (rc != SCMIA_OK)
		ex_filter("scmi.expert.error_status", ">0");
	/* extended names of every domain that has one */
	for (d = 0; d < SCMIA_SIM_POWER_DOMAINS; d++) {
		char name[SCMIA_PROTO_EXT_NAME_LEN];

		if (scmia_power_domain_attributes(h, d, 0, &a) != SCMIA_OK ||
		    !(a.attributes & SCMIA_POWER_ATTR_EXT_NAME))
			continue;
		mark = frames_now();
		rc = scmia_power_domain_name_get(h, d, name, sizeof(name));
		ex_exchange(mark, h->id, SCMIA_POWER_DOMAIN_NAME_GET, "POWER_DOMAIN_NAME_GET", rc,
			    &cf, &rf);
		if (ok(rc, "power name"))
			ex(rf, "scmi.power.long_name", "%s", name);
	}
}

static void session_system(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_SYSTEM);
	struct seen *s = watch(SCMIA_PROTO_SYSTEM, SCMIA_SYSTEM_POWER_STATE_NOTIFIER);
	struct scmia_system_power_state_notifier nt;
	uint32_t mark, cf, rf, attrs = 0, state = 0;
	int rc;

	mark = frames_now();
	rc = scmia_system_power_state_set_attributes(h, &attrs);
	ex_exchange(mark, h->id, 0x2, "PROTOCOL_MESSAGE_ATTRIBUTES", rc, &cf, &rf);
	ex(cf, "scmi.pma.message_id", "0x%08x", SCMIA_SYSTEM_POWER_STATE_SET);
	if (ok(rc, "system set attributes"))
		ex(rf, "scmi.pma.attributes", "0x%08x", attrs);
	mark = frames_now();
	rc = scmia_system_power_state_notify(h, 1);
	ex_exchange(mark, h->id, SCMIA_SYSTEM_POWER_STATE_NOTIFY, "SYSTEM_POWER_STATE_NOTIFY", rc,
		    &cf, NULL);
	ex(cf, "scmi.system.notify_enable", "1");
	mark = frames_now();
	rc = scmia_system_power_state_set(h, SCMIA_SYSTEM_F_GRACEFUL, SCMIA_SYSTEM_SUSPEND);
	ex_exchange(mark, h->id, SCMIA_SYSTEM_POWER_STATE_SET, "SYSTEM_POWER_STATE_SET", rc, &cf,
		    NULL);
	ex(cf, "scmi.system.graceful", "1");
	ex_u(cf, "scmi.system.system_state", SCMIA_SYSTEM_SUSPEND);
	mark = frames_now();
	rc = scmia_system_power_state_get(h, &state);
	ex_exchange(mark, h->id, SCMIA_SYSTEM_POWER_STATE_GET, "SYSTEM_POWER_STATE_GET", rc, &cf,
		    &rf);
	if (ok(rc, "system state get"))
		ex_u(rf, "scmi.system.system_state", state);
	mark = frames_now();
	if (scmia_sim_system_request(&g_e.sim, &g_e.system, SCMIA_SYSTEM_F_GRACEFUL,
				     SCMIA_SYSTEM_SHUTDOWN, 2500) == SCMIA_OK &&
	    wait_note(s, 1) &&
	    ok(scmia_system_power_state_notifier_decode(h, &s->n, &nt), "system notifier")) {
		uint32_t nf = ex_note(mark, h->id, SCMIA_SYSTEM_POWER_STATE_NOTIFIER,
				      "SYSTEM_POWER_STATE_NOTIFIER");

		ex_u(nf, "scmi.system.agent_id", nt.agent_id);
		ex_u(nf, "scmi.system.graceful", nt.flags & SCMIA_SYSTEM_F_GRACEFUL);
		ex_u(nf, "scmi.system.system_state", nt.system_state);
		if (nt.has_timeout)
			ex_u(nf, "scmi.system.timeout_ms", nt.timeout_ms);
	} else {
		ex(0, "SYSTEM_POWER_STATE_NOTIFIER", "not received");
	}
}

static void session_perf(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_PERF);
	struct seen *sl = watch(SCMIA_PROTO_PERF, SCMIA_PERF_LEVEL_CHANGED);
	struct seen *sm = watch(SCMIA_PROTO_PERF, SCMIA_PERF_LIMITS_CHANGED);
	struct scmia_perf_dom_attrs a;
	struct scmia_perf_level lv[SCMIA_SIM_PERF_MAX_LEVELS];
	struct scmia_perf_fc_info fi;
	uint32_t mark, cf, rf, n = 0, i, lmax = 0, lmin = 0, level = 0, page;
	int rc;

	mark = frames_now();
	rc = scmia_perf_domain_attributes(h, 0, 0, &a);
	ex_exchange(mark, h->id, SCMIA_PERF_DOMAIN_ATTRIBUTES, "PERFORMANCE_DOMAIN_ATTRIBUTES", rc,
		    &cf, &rf);
	ex(cf, "scmi.perf.domain_id", "0");
	if (ok(rc, "perf attributes")) {
		ex_u(rf, "scmi.perf.set_limits", !!(a.attributes & SCMIA_PERF_ATTR_SET_LIMITS));
		ex_u(rf, "scmi.perf.set_level", !!(a.attributes & SCMIA_PERF_ATTR_SET_LEVEL));
		ex_u(rf, "scmi.perf.fastchannel", !!(a.attributes & SCMIA_PERF_ATTR_FASTCHANNEL));
		ex_u(rf, "scmi.perf.rate_limit_us", a.rate_limit_us);
		ex_u(rf, "scmi.perf.sustained_freq_khz", a.sustained_freq_khz);
		ex_u(rf, "scmi.perf.sustained_perf_level", a.sustained_perf_level);
		ex(rf, "scmi.perf.name", "%s", a.name);
	}
	mark = frames_now();
	rc = scmia_perf_describe_levels(h, 0, lv, SCMIA_SIM_PERF_MAX_LEVELS, &n);
	if (ok(rc, "perf levels")) {
		/* first page: SCMIA_SIM_PERF_PAGE levels */
		page = n < SCMIA_SIM_PERF_PAGE ? n : SCMIA_SIM_PERF_PAGE;
		ex_exchange(mark, h->id, SCMIA_PERF_DESCRIBE_LEVELS, "PERFORMANCE_DESCRIBE_LEVELS",
			    rc, &cf, &rf);
		ex(cf, "scmi.perf.level_index", "0");
		ex_u(rf, "scmi.perf.returned", page);
		ex_u(rf, "scmi.perf.remaining", n - page);
		for (i = 0; i < page; i++) {
			ex_u(rf, "scmi.perf.perf_level", lv[i].perf_level);
			ex_u(rf, "scmi.perf.power_cost", lv[i].power_cost);
			ex_u(rf, "scmi.perf.latency_us", lv[i].latency_us);
			if ((h->version >> 16) >= 4u) {
				ex_u(rf, "scmi.perf.indicative_freq_khz", lv[i].indicative_freq_khz);
				ex_u(rf, "scmi.perf.level_index", lv[i].level_index);
			}
		}
		/* second page asks from index 4 */
		cf = find_cmd_nth(mark, h->id, SCMIA_PERF_DESCRIBE_LEVELS, 1);
		if (n > page)
			ex_u(cf, "scmi.perf.level_index", page);
	}
	mark = frames_now();
	rc = scmia_perf_notify_level(h, 0, 1);
	ex_exchange(mark, h->id, SCMIA_PERF_NOTIFY_LEVEL, "PERFORMANCE_NOTIFY_LEVEL", rc, &cf, NULL);
	ex(cf, "scmi.perf.notify_enable", "1");
	mark = frames_now();
	rc = scmia_perf_notify_limits(h, 0, 1);
	ex_exchange(mark, h->id, SCMIA_PERF_NOTIFY_LIMITS, "PERFORMANCE_NOTIFY_LIMITS", rc, &cf,
		    NULL);
	if (n >= 3) {
		mark = frames_now();
		rc = scmia_perf_limits_set(h, 0, lv[n - 1].perf_level, lv[1].perf_level);
		ex_exchange(mark, h->id, SCMIA_PERF_LIMITS_SET, "PERFORMANCE_LIMITS_SET", rc, &cf,
			    NULL);
		ex_u(cf, "scmi.perf.range_max", lv[n - 1].perf_level);
		ex_u(cf, "scmi.perf.range_min", lv[1].perf_level);
		if (rc == SCMIA_OK && wait_note(sm, 1)) {
			struct scmia_perf_limits_changed lc;

			if (ok(scmia_perf_limits_changed_decode(&sm->n, &lc), "limits event")) {
				uint32_t nf = ex_note(mark, h->id, SCMIA_PERF_LIMITS_CHANGED,
						      "PERFORMANCE_LIMITS_CHANGED");

				ex_u(nf, "scmi.perf.agent_id", lc.agent_id);
				ex_u(nf, "scmi.perf.domain_id", lc.domain_id);
				ex_u(nf, "scmi.perf.range_max", lc.range_max);
				ex_u(nf, "scmi.perf.range_min", lc.range_min);
			}
		}
		mark = frames_now();
		rc = scmia_perf_limits_get(h, 0, &lmax, &lmin);
		ex_exchange(mark, h->id, SCMIA_PERF_LIMITS_GET, "PERFORMANCE_LIMITS_GET", rc, &cf,
			    &rf);
		if (ok(rc, "limits get")) {
			ex_u(rf, "scmi.perf.range_max", lmax);
			ex_u(rf, "scmi.perf.range_min", lmin);
		}
		mark = frames_now();
		rc = scmia_perf_level_set(h, 0, lv[2].perf_level);
		ex_exchange(mark, h->id, SCMIA_PERF_LEVEL_SET, "PERFORMANCE_LEVEL_SET", rc, &cf, NULL);
		ex_u(cf, "scmi.perf.perf_level", lv[2].perf_level);
		if (rc == SCMIA_OK && wait_note(sl, 1)) {
			struct scmia_perf_level_changed lc;

			if (ok(scmia_perf_level_changed_decode(&sl->n, &lc), "level event")) {
				uint32_t nf = ex_note(mark, h->id, SCMIA_PERF_LEVEL_CHANGED,
						      "PERFORMANCE_LEVEL_CHANGED");

				ex_u(nf, "scmi.perf.domain_id", lc.domain_id);
				ex_u(nf, "scmi.perf.perf_level", lc.perf_level);
			}
		}
	}
	mark = frames_now();
	rc = scmia_perf_level_get(h, 0, &level);
	ex_exchange(mark, h->id, SCMIA_PERF_LEVEL_GET, "PERFORMANCE_LEVEL_GET", rc, &cf, &rf);
	if (ok(rc, "level get"))
		ex_u(rf, "scmi.perf.perf_level", level);
	for (i = 0; i < SCMIA_SIM_PERF_DOMAINS; i++) {
		mark = frames_now();
		rc = scmia_perf_describe_fastchannel(h, i, SCMIA_PERF_LEVEL_SET, &fi);
		if (rc == SCMIA_ENOTSUP)
			continue; /* not offered: nothing was sent */
		ex_exchange(mark, h->id, SCMIA_PERF_DESCRIBE_FASTCHANNEL,
			    "PERFORMANCE_DESCRIBE_FASTCHANNEL", rc, &cf, &rf);
		ex_u(cf, "scmi.perf.domain_id", i);
		ex(cf, "scmi.perf.message_id", "0x%08x", SCMIA_PERF_LEVEL_SET);
		if (ok(rc, "perf fastchannel")) {
			ex_u(rf, "scmi.perf.fc_doorbell", fi.attributes & 1u);
			ex_u(rf, "scmi.perf.fc_rate_limit_us", fi.rate_limit_us);
			ex(rf, "scmi.perf.fc_chan_addr", "0x%016llx", (unsigned long long)fi.chan_addr);
			ex_u(rf, "scmi.perf.fc_chan_size", fi.chan_size);
			if (fi.attributes & 1u) {
				ex(rf, "scmi.perf.fc_db_addr", "0x%016llx",
				   (unsigned long long)fi.db_addr);
				ex(rf, "scmi.perf.fc_db_set_mask", "0x%016llx",
				   (unsigned long long)fi.db_set_mask);
				ex(rf, "scmi.perf.fc_db_preserve_mask", "0x%016llx",
				   (unsigned long long)fi.db_preserve_mask);
			}
		}
	}
	for (i = 0; i < SCMIA_SIM_PERF_DOMAINS; i++) {
		char name[SCMIA_PROTO_EXT_NAME_LEN];

		if (scmia_perf_domain_attributes(h, i, 0, &a) != SCMIA_OK ||
		    !(a.attributes & SCMIA_PERF_ATTR_EXT_NAME))
			continue;
		mark = frames_now();
		rc = scmia_perf_domain_name_get(h, i, name, sizeof(name));
		ex_exchange(mark, h->id, SCMIA_PERF_DOMAIN_NAME_GET, "PERFORMANCE_DOMAIN_NAME_GET", rc,
			    &cf, &rf);
		if (ok(rc, "perf name"))
			ex(rf, "scmi.perf.long_name", "%s", name);
	}
}

static void session_clock(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_CLOCK);
	struct seen *s = watch(SCMIA_PROTO_CLOCK, SCMIA_CLOCK_RATE_CHANGED);
	struct seen *sr = watch(SCMIA_PROTO_CLOCK, SCMIA_CLOCK_RATE_CHANGE_REQUESTED);
	struct scmia_clock_attrs a;
	struct scmia_clock_rates rr;
	struct scmia_clock_rate_event ev;
	uint64_t rates[64], rate = 0, actual = 0;
	uint32_t mark, cf, rf, df, i, parents[8], n = 0, parent = 0, perms = 0, ext = 0;
	int rc, enabled = 0;
	char name[SCMIA_PROTO_EXT_NAME_LEN];

	for (i = 0; i < SCMIA_SIM_CLOCKS; i++) {
		mark = frames_now();
		rc = scmia_clock_attributes(h, i, 0, &a);
		ex_exchange(mark, h->id, SCMIA_CLOCK_ATTRIBUTES, "CLOCK_ATTRIBUTES", rc, &cf, &rf);
		ex_u(cf, "scmi.clock.clock_id", i);
		if (rc != SCMIA_OK)
			continue;
		ex(rf, "scmi.clock.name", "%s", a.name);
		ex_u(rf, "scmi.clock.enabled", a.attributes & SCMIA_CLOCK_ATTR_ENABLED);
		ex_u(rf, "scmi.clock.ext_name", !!(a.attributes & SCMIA_CLOCK_ATTR_EXT_NAME));
		ex_u(rf, "scmi.clock.parents", !!(a.attributes & SCMIA_CLOCK_ATTR_PARENTS));
		ex_u(rf, "scmi.clock.notify_rate_changed",
		     !!(a.attributes & SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGED));
		if (a.enable_latency_us != SCMIA_CLOCK_LATENCY_UNKNOWN)
			ex_u(rf, "scmi.clock.enable_latency_us", a.enable_latency_us);
	}
	/* a list clock in one page (ddr) and a range clock (uart) */
	mark = frames_now();
	rc = scmia_clock_describe_rates(h, 2, rates, 64, &rr);
	ex_exchange(mark, h->id, SCMIA_CLOCK_DESCRIBE_RATES, "CLOCK_DESCRIBE_RATES", rc, &cf, &rf);
	if (ok(rc, "ddr rates")) {
		ex(cf, "scmi.clock.clock_id", "2");
		ex(cf, "scmi.clock.rate_index", "0");
		ex(rf, "scmi.clock.format", "0");
		ex_u(rf, "scmi.clock.returned", rr.count);
		ex(rf, "scmi.clock.remaining", "0");
		for (i = 0; i < rr.count; i++)
			ex_u(rf, "scmi.clock.rate", rates[i]);
	}
	mark = frames_now();
	rc = scmia_clock_describe_rates(h, 1, rates, 64, &rr);
	ex_exchange(mark, h->id, SCMIA_CLOCK_DESCRIBE_RATES, "CLOCK_DESCRIBE_RATES", rc, &cf, &rf);
	if (ok(rc, "uart rates")) {
		ex(rf, "scmi.clock.format", "1");
		ex_u(rf, "scmi.clock.rate", rr.min);
		ex_u(rf, "scmi.clock.rate", rr.max);
		ex_u(rf, "scmi.clock.rate", rr.step);
	}
	/* cpu-pll: 50 rates above 32 bits, eight per page; the last page */
	mark = frames_now();
	rc = scmia_clock_describe_rates(h, 0, rates, 64, &rr);
	if (ok(rc, "cpu-pll rates")) {
		cf = find_cmd_nth(mark, h->id, SCMIA_CLOCK_DESCRIBE_RATES, (rr.count - 1u) / 8u);
		rf = find_reply(cf, 0);
		ex_u(cf, "scmi.clock.rate_index", (rr.count - 1u) / 8u * 8u);
		ex_u(rf, "scmi.clock.returned", rr.count - (rr.count - 1u) / 8u * 8u);
		ex_u(rf, "scmi.clock.rate", rates[rr.count - 1u]);
	}
	mark = frames_now();
	rc = scmia_clock_rate_get(h, 0, &rate);
	ex_exchange(mark, h->id, SCMIA_CLOCK_RATE_GET, "CLOCK_RATE_GET", rc, &cf, &rf);
	if (ok(rc, "rate get"))
		ex_u(rf, "scmi.clock.rate", rate);
	mark = frames_now();
	rc = scmia_clock_rate_notify(h, 2, 1);
	ex_exchange(mark, h->id, SCMIA_CLOCK_RATE_NOTIFY, "CLOCK_RATE_NOTIFY", rc, &cf, NULL);
	ex(cf, "scmi.clock.notify_enable", "1");
	mark = frames_now();
	rc = scmia_clock_rate_change_requested_notify(h, 2, 1);
	ex_exchange(mark, h->id, SCMIA_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY,
		    "CLOCK_RATE_CHANGE_REQUESTED_NOTIFY", rc, &cf, NULL);
	/* synchronous set, round up */
	mark = frames_now();
	rc = scmia_clock_rate_set(h, 0, SCMIA_CLOCK_SET_F_ROUND_UP, 5000000000ull, NULL);
	ex_exchange(mark, h->id, SCMIA_CLOCK_RATE_SET, "CLOCK_RATE_SET", rc, &cf, NULL);
	ex(cf, "scmi.clock.async_flag", "0");
	ex(cf, "scmi.clock.round_up", "1");
	ex(cf, "scmi.clock.rate", "5000000000");
	/* asynchronous set on ddr: CLOCK_RATE_SET_COMPLETE, then RATE_CHANGED */
	mark = frames_now();
	rc = scmia_clock_rate_set(h, 2, SCMIA_CLOCK_SET_F_ASYNC, 1600000000ull, &actual);
	ex_exchange(mark, h->id, SCMIA_CLOCK_RATE_SET, "CLOCK_RATE_SET", rc, &cf, NULL);
	ex(cf, "scmi.clock.async_flag", "1");
	ex(cf, "scmi.clock.ignore_dresp", "0");
	ex(cf, "scmi.clock.clock_id", "2");
	ex(cf, "scmi.clock.rate", "1600000000");
	if (ok(rc, "async rate set")) {
		df = ex_delayed(cf, "CLOCK_RATE_SET_COMPLETE");
		ex(df, "scmi.clock.clock_id", "2");
		ex_u(df, "scmi.clock.rate", actual);
		if (wait_note(s, 1) && ok(scmia_clock_rate_changed_decode(&s->n, &ev), "rate event")) {
			uint32_t nf = ex_note(mark, h->id, SCMIA_CLOCK_RATE_CHANGED,
					      "CLOCK_RATE_CHANGED");

			ex_u(nf, "scmi.clock.agent_id", ev.agent_id);
			ex_u(nf, "scmi.clock.clock_id", ev.clock_id);
			ex_u(nf, "scmi.clock.rate", ev.rate);
		}
	}
	mark = frames_now();
	if (scmia_sim_clock_request(&g_e.sim, &g_e.clock, 2, 800000000ull) >= 0 &&
	    wait_note(sr, 1) &&
	    ok(scmia_clock_rate_change_requested_decode(&sr->n, &ev), "requested event")) {
		uint32_t nf = ex_note(mark, h->id, SCMIA_CLOCK_RATE_CHANGE_REQUESTED,
				      "CLOCK_RATE_CHANGE_REQUESTED");

		ex_u(nf, "scmi.clock.clock_id", ev.clock_id);
		ex_u(nf, "scmi.clock.rate", ev.rate);
	}
	mark = frames_now();
	rc = scmia_clock_config_set(h, 1, SCMIA_CLOCK_STATE_ENABLE, 0, 0);
	ex_exchange(mark, h->id, SCMIA_CLOCK_CONFIG_SET, "CLOCK_CONFIG_SET", rc, &cf, NULL);
	ex(cf, "scmi.clock.clock_id", "1");
	ex_u(cf, "scmi.clock.state", SCMIA_CLOCK_STATE_ENABLE);
	mark = frames_now();
	rc = scmia_clock_config_get(h, 1, 0, &enabled, &ext);
	ex_exchange(mark, h->id, SCMIA_CLOCK_CONFIG_GET, "CLOCK_CONFIG_GET", rc, &cf, &rf);
	if (ok(rc, "config get")) {
		ex_u(rf, "scmi.clock.enabled", (unsigned)enabled);
		ex_u(rf, "scmi.clock.ext_config_value", ext);
	}
	mark = frames_now();
	rc = scmia_clock_name_get(h, 3, name, sizeof(name));
	ex_exchange(mark, h->id, SCMIA_CLOCK_NAME_GET, "CLOCK_NAME_GET", rc, &cf, &rf);
	if (ok(rc, "clock name"))
		ex(rf, "scmi.clock.long_name", "%s", name);
	mark = frames_now();
	rc = scmia_clock_possible_parents_get(h, 3, parents, 8, &n);
	ex_exchange(mark, h->id, SCMIA_CLOCK_POSSIBLE_PARENTS_GET, "CLOCK_POSSIBLE_PARENTS_GET", rc,
		    &cf, &rf);
	if (ok(rc, "parents")) {
		char fl[256];

		ex(cf, "scmi.clock.skip_parents", "0");
		pages(mark, h->id, SCMIA_CLOCK_POSSIBLE_PARENTS_GET, fl, sizeof(fl));
		for (i = 0; i < n; i++)
			ex_in(fl, "scmi.clock.parent_id", "%u", parents[i]);
	}
	if (n) {
		mark = frames_now();
		rc = scmia_clock_parent_set(h, 3, parents[n - 1]);
		ex_exchange(mark, h->id, SCMIA_CLOCK_PARENT_SET, "CLOCK_PARENT_SET", rc, &cf, NULL);
		ex_u(cf, "scmi.clock.parent_id", parents[n - 1]);
	}
	mark = frames_now();
	rc = scmia_clock_parent_get(h, 3, &parent);
	ex_exchange(mark, h->id, SCMIA_CLOCK_PARENT_GET, "CLOCK_PARENT_GET", rc, &cf, &rf);
	if (ok(rc, "parent get"))
		ex_u(rf, "scmi.clock.parent_id", parent);
	mark = frames_now();
	rc = scmia_clock_get_permissions(h, 3, &perms);
	if (rc != SCMIA_ENOTSUP) {
		ex_exchange(mark, h->id, SCMIA_CLOCK_GET_PERMISSIONS, "CLOCK_GET_PERMISSIONS", rc, &cf,
			    &rf);
		if (rc == SCMIA_OK) {
			ex_u(rf, "scmi.clock.perm_state", !!(perms & SCMIA_CLOCK_PERM_STATE));
			ex_u(rf, "scmi.clock.perm_parent", !!(perms & SCMIA_CLOCK_PERM_PARENT));
			ex_u(rf, "scmi.clock.perm_rate", !!(perms & SCMIA_CLOCK_PERM_RATE));
		}
	}
	/* the DENIED clock */
	mark = frames_now();
	rc = scmia_clock_rate_get(h, SCMIA_SIM_CLOCK_DENIED, &rate);
	ex_exchange(mark, h->id, SCMIA_CLOCK_RATE_GET, "CLOCK_RATE_GET", rc, &cf, &rf);
}

static void session_sensor(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_SENSOR);
	struct seen *st = watch(SCMIA_PROTO_SENSOR, SCMIA_SENSOR_TRIP_POINT_EVENT);
	struct seen *su = watch(SCMIA_PROTO_SENSOR, SCMIA_SENSOR_UPDATE);
	struct scmia_sensor_desc d[SCMIA_SIM_SENSORS];
	struct scmia_sensor_axis ax[SCMIA_SIM_SENSOR_AXES];
	struct scmia_sensor_reading r[SCMIA_SIM_SENSOR_AXES];
	struct scmia_sensor_intervals iv;
	uint32_t mark, cf, rf, df, n = 0, i, intervals[16], cfg = 0;
	char name[SCMIA_PROTO_EXT_NAME_LEN];
	int rc;

	mark = frames_now();
	rc = scmia_sensor_description_get(h, d, SCMIA_SIM_SENSORS, 0, &n);
	ex_exchange(mark, h->id, SCMIA_SENSOR_DESCRIPTION_GET, "SENSOR_DESCRIPTION_GET", rc, &cf,
		    &rf);
	if (ok(rc, "sensor descriptions") && n) {
		ex(cf, "scmi.sensor.desc_index", "0");
		/* the first descriptor is in the first page */
		ex_u(rf, "scmi.sensor.sensor_id", d[0].id);
		ex(rf, "scmi.sensor.name", "%s", d[0].name);
		ex_u(rf, "scmi.sensor.sensor_type", d[0].type);
		ex_i(rf, "scmi.sensor.scale", d[0].scale);
		ex_u(rf, "scmi.sensor.num_trip_points", d[0].n_trip_points);
		ex_u(rf, "scmi.sensor.async", !!(d[0].attr_low & SCMIA_SENSOR_ATTR_ASYNC));
		if (d[0].has_ext) {
			ex_u(rf, "scmi.sensor.power_uw", d[0].power_uw);
			ex_u(rf, "scmi.sensor.resolution", d[0].resolution);
			ex_i(rf, "scmi.sensor.resolution_exp", d[0].resolution_exp);
			ex_i(rf, "scmi.sensor.min_range", d[0].min_range);
			ex_i(rf, "scmi.sensor.max_range", d[0].max_range);
		}
		/* the last descriptor, in the last page */
		for (i = 0; find_cmd_nth(mark, h->id, SCMIA_SENSOR_DESCRIPTION_GET, i + 1); i++)
			;
		rf = find_reply(find_cmd_nth(mark, h->id, SCMIA_SENSOR_DESCRIPTION_GET, i), 0);
		ex_u(rf, "scmi.sensor.sensor_id", d[n - 1].id);
		ex(rf, "scmi.sensor.name", "%s", d[n - 1].name);
		ex(rf, "scmi.sensor.remaining", "0");
	}
	/* synchronous read of sensor 0, asynchronous read of the IMU */
	mark = frames_now();
	rc = scmia_sensor_reading_get(h, 0, 0, r, 1);
	ex_exchange(mark, h->id, SCMIA_SENSOR_READING_GET, "SENSOR_READING_GET", rc, &cf, &rf);
	ex(cf, "scmi.sensor.sensor_id", "0");
	ex(cf, "scmi.sensor.async_flag", "0");
	if (ok(rc, "reading")) {
		ex_i(rf, "scmi.sensor.value", r[0].value);
		ex_u(rf, "scmi.sensor.timestamp", r[0].timestamp);
	}
	mark = frames_now();
	rc = scmia_sensor_reading_get(h, SCMIA_SIM_SENSOR_IMU, SCMIA_SENSOR_READ_F_ASYNC, r,
				      SCMIA_SIM_SENSOR_AXES);
	ex_exchange(mark, h->id, SCMIA_SENSOR_READING_GET, "SENSOR_READING_GET", rc, &cf, &rf);
	ex(cf, "scmi.sensor.async_flag", "1");
	if (ok(rc, "async reading")) {
		df = ex_delayed(cf, "SENSOR_READING_COMPLETE");
		ex_u(df, "scmi.sensor.sensor_id", SCMIA_SIM_SENSOR_IMU);
		for (i = 0; i < SCMIA_SIM_SENSOR_AXES; i++) {
			ex_i(df, "scmi.sensor.value", r[i].value);
			ex_u(df, "scmi.sensor.timestamp", r[i].timestamp);
		}
	}
	mark = frames_now();
	rc = scmia_sensor_axis_description_get(h, SCMIA_SIM_SENSOR_IMU, ax, SCMIA_SIM_SENSOR_AXES, 0,
					       &n);
	ex_exchange(mark, h->id, SCMIA_SENSOR_AXIS_DESCRIPTION_GET, "SENSOR_AXIS_DESCRIPTION_GET",
		    rc, &cf, &rf);
	if (ok(rc, "axes") && n) {
		ex_u(cf, "scmi.sensor.sensor_id", SCMIA_SIM_SENSOR_IMU);
		ex_u(rf, "scmi.sensor.axis_id", ax[0].id);
		ex(rf, "scmi.sensor.axis_name", "%s", ax[0].name);
		ex_u(rf, "scmi.sensor.axis_type", ax[0].type);
		ex_i(rf, "scmi.sensor.axis_scale", ax[0].scale);
		if (ax[0].has_ext) {
			ex_i(rf, "scmi.sensor.axis_min_range", ax[0].min_range);
			ex_i(rf, "scmi.sensor.axis_max_range", ax[0].max_range);
		}
	}
	mark = frames_now();
	rc = scmia_sensor_axis_name_get(h, SCMIA_SIM_SENSOR_IMU, ax, n);
	if (rc != SCMIA_ENOTSUP) {
		ex_exchange(mark, h->id, SCMIA_SENSOR_AXIS_NAME_GET, "SENSOR_AXIS_NAME_GET", rc, &cf,
			    &rf);
		if (ok(rc, "axis names") && n) {
			ex_u(rf, "scmi.sensor.axis_id", ax[0].id);
			ex(rf, "scmi.sensor.axis_ext_name_str", "%s", ax[0].name);
		}
	}
	mark = frames_now();
	rc = scmia_sensor_list_update_intervals(h, 0, intervals, 16, &iv);
	ex_exchange(mark, h->id, SCMIA_SENSOR_LIST_UPDATE_INTERVALS, "SENSOR_LIST_UPDATE_INTERVALS",
		    rc, &cf, &rf);
	if (ok(rc, "intervals")) {
		ex_u(rf, "scmi.sensor.format", iv.range);
		if (!iv.range && iv.count) {
			char fl[256];

			pages(mark, h->id, SCMIA_SENSOR_LIST_UPDATE_INTERVALS, fl, sizeof(fl));
			for (i = 0; i < iv.count; i++)
				ex_in(fl, "scmi.sensor.interval", "0x%08x", intervals[i]);
		}
	}
	mark = frames_now();
	rc = scmia_sensor_config_get(h, 0, &cfg);
	ex_exchange(mark, h->id, SCMIA_SENSOR_CONFIG_GET, "SENSOR_CONFIG_GET", rc, &cf, &rf);
	if (ok(rc, "config get")) {
		ex(rf, "scmi.sensor.sensor_config", "0x%08x", cfg);
		ex_u(rf, "scmi.sensor.cfg_enabled", cfg & 1u);
	}
	mark = frames_now();
	rc = scmia_sensor_config_set(h, 0, SCMIA_SENSOR_CFG_INTERVAL(5, -1) | SCMIA_SENSOR_CFG_ENABLED | SCMIA_SENSOR_CFG_TIMESTAMP);
	ex_exchange(mark, h->id, SCMIA_SENSOR_CONFIG_SET, "SENSOR_CONFIG_SET", rc, &cf, NULL);
	ex(cf, "scmi.sensor.cfg_update_secs", "5");
	ex(cf, "scmi.sensor.cfg_update_exp", "-1");
	ex(cf, "scmi.sensor.cfg_timestamp", "1");
	mark = frames_now();
	rc = scmia_sensor_trip_point_config(h, 0, 1, SCMIA_SENSOR_TP_POSITIVE, -40000);
	ex_exchange(mark, h->id, SCMIA_SENSOR_TRIP_POINT_CONFIG, "SENSOR_TRIP_POINT_CONFIG", rc, &cf,
		    NULL);
	ex(cf, "scmi.sensor.trip_point_id", "1");
	ex_u(cf, "scmi.sensor.tp_event_control", SCMIA_SENSOR_TP_POSITIVE);
	ex(cf, "scmi.sensor.trip_point_value", "-40000");
	mark = frames_now();
	rc = scmia_sensor_trip_point_notify(h, 0, 1);
	ex_exchange(mark, h->id, SCMIA_SENSOR_TRIP_POINT_NOTIFY, "SENSOR_TRIP_POINT_NOTIFY", rc, &cf,
		    NULL);
	mark = frames_now();
	rc = scmia_sensor_continuous_update_notify(h, 0, 1);
	ex_exchange(mark, h->id, SCMIA_SENSOR_CONTINUOUS_UPDATE_NOTIFY,
		    "SENSOR_CONTINUOUS_UPDATE_NOTIFY", rc, &cf, NULL);
	/* below the trip point, then across it upwards */
	if (scmia_sim_sensor_set(&g_e.sim, &g_e.sensor, 0, 0, -50000) < 1 || !wait_note(su, 1))
		ex(0, "SENSOR_UPDATE", "not received");
	mark = frames_now();
	if (scmia_sim_sensor_set(&g_e.sim, &g_e.sensor, 0, 0, -30000) > 1) {
		struct scmia_sensor_trip_event te;
		struct scmia_sensor_update up;
		struct scmia_sensor_reading ur[1];

		if (wait_note(st, 1) &&
		    ok(scmia_sensor_trip_point_event_decode(&st->n, &te), "trip event")) {
			uint32_t nf = ex_note(mark, h->id, SCMIA_SENSOR_TRIP_POINT_EVENT,
					      "SENSOR_TRIP_POINT_EVENT");

			ex_u(nf, "scmi.sensor.sensor_id", te.sensor_id);
			ex_u(nf, "scmi.sensor.trip_point_id", te.tp_id);
			ex_u(nf, "scmi.sensor.direction", te.direction);
		}
		else
			ex(0, "SENSOR_TRIP_POINT_EVENT", "not received");
		if (wait_note(su, 2) &&
		    ok(scmia_sensor_update_decode(&su->n, &up, ur, 1), "sensor update")) {
			uint32_t nf = ex_note(mark, h->id, SCMIA_SENSOR_UPDATE, "SENSOR_UPDATE");

			ex_u(nf, "scmi.sensor.sensor_id", up.sensor_id);
			ex_i(nf, "scmi.sensor.value", ur[0].value);
			ex_u(nf, "scmi.sensor.timestamp", ur[0].timestamp);
		}
	} else {
		ex(0, "sensor notifications", "not raised");
	}
	mark = frames_now();
	rc = scmia_sensor_name_get(h, 0, name, sizeof(name));
	ex_exchange(mark, h->id, SCMIA_SENSOR_NAME_GET, "SENSOR_NAME_GET", rc, &cf, &rf);
	if (ok(rc, "sensor name"))
		ex(rf, "scmi.sensor.long_name", "%s", name);
	/* version 1.0: one 64-bit value, no timestamp; the dissector learns
	 * the version from NEGOTIATE_PROTOCOL_VERSION */
	mark = frames_now();
	rc = scmia_proto_negotiate_version(h, SCMIA_PROTO_VERSION(1, 0));
	ex_exchange(mark, h->id, SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION, "NEGOTIATE_PROTOCOL_VERSION",
		    rc, &cf, NULL);
	ex(cf, "scmi.negotiate.version", "0x%08x", SCMIA_PROTO_VERSION(1, 0));
	if (ok(rc, "negotiate 1.0")) {
		/* a raw NEGOTIATE does not touch the handle: decode as 1.0 */
		h->version = SCMIA_PROTO_VERSION(1, 0);
		mark = frames_now();
		rc = scmia_sensor_reading_get(h, 0, 0, r, 1);
		ex_exchange(mark, h->id, SCMIA_SENSOR_READING_GET, "SENSOR_READING_GET", rc, &cf,
			    &rf);
		if (ok(rc, "v1 reading")) {
			ex(rf, "scmi.version_used", "0x%08x", SCMIA_PROTO_VERSION(1, 0));
			ex_i(rf, "scmi.sensor.value", r[0].value);
		}
		ex_filter("scmi.sensor.timestamp && scmi.version_used == 0x00010000", "0");
	}
}

static void session_reset(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_RESET);
	struct seen *s = watch(SCMIA_PROTO_RESET, SCMIA_RESET_ISSUED);
	struct scmia_reset_dom_attrs a;
	struct scmia_reset_issued ri;
	uint32_t mark, cf, rf, d;
	char name[SCMIA_PROTO_EXT_NAME_LEN];
	int rc;

	for (d = 0; d < SCMIA_SIM_RESET_DOMAINS; d++) {
		mark = frames_now();
		rc = scmia_reset_domain_attributes(h, d, 0, &a);
		ex_exchange(mark, h->id, SCMIA_RESET_DOMAIN_ATTRIBUTES, "RESET_DOMAIN_ATTRIBUTES", rc,
			    &cf, &rf);
		if (rc != SCMIA_OK)
			continue;
		ex_u(rf, "scmi.reset.async", !!(a.attributes & SCMIA_RESET_ATTR_ASYNC));
		ex_u(rf, "scmi.reset.notify", !!(a.attributes & SCMIA_RESET_ATTR_NOTIFY));
		ex_u(rf, "scmi.reset.latency_us", a.latency_us);
		ex(rf, "scmi.reset.name", "%s", a.name);
		if (a.attributes & SCMIA_RESET_ATTR_EXT_NAME) {
			mark = frames_now();
			rc = scmia_reset_domain_name_get(h, d, name, sizeof(name));
			ex_exchange(mark, h->id, SCMIA_RESET_DOMAIN_NAME_GET, "RESET_DOMAIN_NAME_GET",
				    rc, &cf, &rf);
			if (ok(rc, "reset name"))
				ex(rf, "scmi.reset.long_name", "%s", name);
		}
	}
	mark = frames_now();
	rc = scmia_reset_notify(h, 0, 1);
	ex_exchange(mark, h->id, SCMIA_RESET_NOTIFY, "RESET_NOTIFY", rc, &cf, NULL);
	mark = frames_now();
	rc = scmia_reset_reset(h, 0, SCMIA_RESET_F_AUTONOMOUS, SCMIA_RESET_STATE_COLD);
	ex_exchange(mark, h->id, SCMIA_RESET_RESET, "RESET", rc, &cf, NULL);
	ex(cf, "scmi.reset.autonomous", "1");
	ex(cf, "scmi.reset.async_flag", "0");
	ex(cf, "scmi.reset.reset_state", "0x%08x", SCMIA_RESET_STATE_COLD);
	if (rc == SCMIA_OK && wait_note(s, 1) &&
	    ok(scmia_reset_issued_decode(&s->n, &ri), "reset issued")) {
		uint32_t nf = ex_note(mark, h->id, SCMIA_RESET_ISSUED, "RESET_ISSUED");

		ex_u(nf, "scmi.reset.agent_id", ri.agent_id);
		ex_u(nf, "scmi.reset.domain_id", ri.domain_id);
		ex(nf, "scmi.reset.reset_state", "0x%08x", ri.reset_state);
	}
	for (d = 0; d < SCMIA_SIM_RESET_DOMAINS; d++) {
		if (scmia_reset_domain_attributes(h, d, 0, &a) != SCMIA_OK ||
		    !(a.attributes & SCMIA_RESET_ATTR_ASYNC))
			continue;
		mark = frames_now();
		rc = scmia_reset_reset(h, d, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
				       SCMIA_RESET_STATE_COLD);
		ex_exchange(mark, h->id, SCMIA_RESET_RESET, "RESET", rc, &cf, NULL);
		ex(cf, "scmi.reset.async_flag", "1");
		if (ok(rc, "async reset")) {
			uint32_t df = ex_delayed(cf, "RESET_COMPLETE");

			ex_u(df, "scmi.reset.domain_id", d);
		}
		break;
	}
}

static void session_voltage(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_VOLTAGE);
	struct scmia_voltage_dom_attrs a;
	struct scmia_voltage_levels lv;
	int32_t levels[32], got = 0, actual = 0;
	uint32_t mark, cf, rf, i, cfg = 0;
	char name[SCMIA_PROTO_EXT_NAME_LEN];
	int rc;

	for (i = 0; i < SCMIA_SIM_VOLTAGE_DOMAINS; i++) {
		mark = frames_now();
		rc = scmia_voltage_domain_attributes(h, i, 0, &a);
		ex_exchange(mark, h->id, SCMIA_VOLTAGE_DOMAIN_ATTRIBUTES, "VOLTAGE_DOMAIN_ATTRIBUTES",
			    rc, &cf, &rf);
		if (rc != SCMIA_OK)
			continue;
		ex(rf, "scmi.voltage.name", "%s", a.name);
		ex_u(rf, "scmi.voltage.async", !!(a.attributes & SCMIA_VOLTAGE_ATTR_ASYNC));
		if (a.attributes & SCMIA_VOLTAGE_ATTR_EXT_NAME) {
			mark = frames_now();
			rc = scmia_voltage_domain_name_get(h, i, name, sizeof(name));
			ex_exchange(mark, h->id, SCMIA_VOLTAGE_DOMAIN_NAME_GET,
				    "VOLTAGE_DOMAIN_NAME_GET", rc, &cf, &rf);
			if (ok(rc, "voltage name"))
				ex(rf, "scmi.voltage.long_name", "%s", name);
		}
	}
	/* vdd-io: one page list; vdd-gpu: a range */
	mark = frames_now();
	rc = scmia_voltage_describe_levels(h, 2, levels, 32, &lv);
	ex_exchange(mark, h->id, SCMIA_VOLTAGE_DESCRIBE_LEVELS, "VOLTAGE_DESCRIBE_LEVELS", rc, &cf,
		    &rf);
	if (ok(rc, "voltage levels")) {
		ex(rf, "scmi.voltage.format", "0");
		ex_u(rf, "scmi.voltage.returned", lv.count);
		for (i = 0; i < lv.count; i++)
			ex_i(rf, "scmi.voltage.level_uv", levels[i]);
	}
	mark = frames_now();
	rc = scmia_voltage_describe_levels(h, 1, levels, 32, &lv);
	ex_exchange(mark, h->id, SCMIA_VOLTAGE_DESCRIBE_LEVELS, "VOLTAGE_DESCRIBE_LEVELS", rc, &cf,
		    &rf);
	if (ok(rc, "voltage range")) {
		ex(rf, "scmi.voltage.format", "1");
		ex_i(rf, "scmi.voltage.level_uv", lv.min_uv);
		ex_i(rf, "scmi.voltage.level_uv", lv.max_uv);
		ex_i(rf, "scmi.voltage.level_uv", lv.step_uv);
	}
	mark = frames_now();
	rc = scmia_voltage_config_set(h, 2, SCMIA_VOLTAGE_CONFIG_ON);
	ex_exchange(mark, h->id, SCMIA_VOLTAGE_CONFIG_SET, "VOLTAGE_CONFIG_SET", rc, &cf, NULL);
	ex_u(cf, "scmi.voltage.mode", SCMIA_VOLTAGE_CONFIG_ON);
	mark = frames_now();
	rc = scmia_voltage_config_get(h, 2, &cfg);
	ex_exchange(mark, h->id, SCMIA_VOLTAGE_CONFIG_GET, "VOLTAGE_CONFIG_GET", rc, &cf, &rf);
	if (ok(rc, "voltage config"))
		ex_u(rf, "scmi.voltage.mode", cfg & SCMIA_VOLTAGE_CONFIG_MODE_MASK);
	mark = frames_now();
	rc = scmia_voltage_level_set(h, 0, 0, 900000, NULL);
	ex_exchange(mark, h->id, SCMIA_VOLTAGE_LEVEL_SET, "VOLTAGE_LEVEL_SET", rc, &cf, NULL);
	ex(cf, "scmi.voltage.level_uv", "900000");
	ex(cf, "scmi.voltage.async_flag", "0");
	mark = frames_now();
	rc = scmia_voltage_level_set(h, 0, SCMIA_VOLTAGE_SET_F_ASYNC, 1000000, &actual);
	ex_exchange(mark, h->id, SCMIA_VOLTAGE_LEVEL_SET, "VOLTAGE_LEVEL_SET", rc, &cf, NULL);
	ex(cf, "scmi.voltage.async_flag", "1");
	if (ok(rc, "async level set")) {
		uint32_t df = ex_delayed(cf, "VOLTAGE_LEVEL_SET_COMPLETE");

		ex(df, "scmi.voltage.domain_id", "0");
		ex_i(df, "scmi.voltage.level_uv", actual);
	}
	mark = frames_now();
	rc = scmia_voltage_level_get(h, 0, &got);
	ex_exchange(mark, h->id, SCMIA_VOLTAGE_LEVEL_GET, "VOLTAGE_LEVEL_GET", rc, &cf, &rf);
	if (ok(rc, "level get"))
		ex_i(rf, "scmi.voltage.level_uv", got);
}

static void session_powercap(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_POWERCAP);
	struct seen *sc = watch(SCMIA_PROTO_POWERCAP, SCMIA_POWERCAP_CAP_CHANGED);
	struct seen *sm = watch(SCMIA_PROTO_POWERCAP, SCMIA_POWERCAP_MEASUREMENTS_CHANGED);
	struct scmia_powercap_dom_attrs a;
	struct scmia_powercap_fc_info fi;
	uint32_t mark, cf, rf, cap = 0, pai = 0, power = 0, actual = 0;
	char name[SCMIA_PROTO_EXT_NAME_LEN];
	int rc;

	mark = frames_now();
	rc = scmia_powercap_domain_attributes(h, 0, 0, &a);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_DOMAIN_ATTRIBUTES, "POWERCAP_DOMAIN_ATTRIBUTES", rc,
		    &cf, &rf);
	if (ok(rc, "powercap attributes")) {
		ex(rf, "scmi.powercap.name", "%s", a.name);
		ex_u(rf, "scmi.powercap.unit", a.unit);
		ex_u(rf, "scmi.powercap.async_cap_set",
		     !!(a.attributes & SCMIA_POWERCAP_ATTR_ASYNC_CAP_SET));
		ex_u(rf, "scmi.powercap.min_pai_us", a.min_pai_us);
		ex_u(rf, "scmi.powercap.max_pai_us", a.max_pai_us);
		ex_u(rf, "scmi.powercap.pai_step_us", a.pai_step_us);
		ex_u(rf, "scmi.powercap.min_cap", a.min_cap);
		ex_u(rf, "scmi.powercap.max_cap", a.max_cap);
		ex_u(rf, "scmi.powercap.cap_step", a.cap_step);
		ex_u(rf, "scmi.powercap.sustainable_power", a.sustainable_power);
		ex_u(rf, "scmi.powercap.accuracy", a.accuracy);
		ex_u(rf, "scmi.powercap.parent_id", a.parent_id);
	}
	mark = frames_now();
	rc = scmia_powercap_domain_name_get(h, 0, name, sizeof(name));
	ex_exchange(mark, h->id, SCMIA_POWERCAP_DOMAIN_NAME_GET, "POWERCAP_DOMAIN_NAME_GET", rc, &cf,
		    &rf);
	if (ok(rc, "powercap name"))
		ex(rf, "scmi.powercap.long_name", "%s", name);
	mark = frames_now();
	rc = scmia_powercap_cap_notify(h, 0, 1);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_CAP_NOTIFY, "POWERCAP_CAP_NOTIFY", rc, &cf, NULL);
	mark = frames_now();
	rc = scmia_powercap_cap_set(h, 0, 0, 5000, NULL);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_CAP_SET, "POWERCAP_CAP_SET", rc, &cf, NULL);
	ex(cf, "scmi.powercap.power_cap", "5000");
	ex(cf, "scmi.powercap.async_flag", "0");
	if (rc == SCMIA_OK && wait_note(sc, 1)) {
		struct scmia_powercap_cap_changed cc;

		if (ok(scmia_powercap_cap_changed_decode(&sc->n, &cc), "cap event")) {
			uint32_t nf = ex_note(mark, h->id, SCMIA_POWERCAP_CAP_CHANGED,
					      "POWERCAP_CAP_CHANGED");

			ex_u(nf, "scmi.powercap.domain_id", cc.domain_id);
			ex_u(nf, "scmi.powercap.power_cap", cc.cap);
			ex_u(nf, "scmi.powercap.pai_us", cc.pai_us);
		}
	}
	mark = frames_now();
	rc = scmia_powercap_cap_set(h, 0, SCMIA_POWERCAP_SET_F_ASYNC, 7000, &actual);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_CAP_SET, "POWERCAP_CAP_SET", rc, &cf, NULL);
	ex(cf, "scmi.powercap.async_flag", "1");
	ex(cf, "scmi.powercap.ignore_dresp", "0");
	if (ok(rc, "async cap set")) {
		uint32_t df = ex_delayed(cf, "POWERCAP_CAP_SET_COMPLETE");

		ex(df, "scmi.powercap.domain_id", "0");
		ex_u(df, "scmi.powercap.power_cap", actual);
	}
	mark = frames_now();
	rc = scmia_powercap_cap_get(h, 0, &cap);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_CAP_GET, "POWERCAP_CAP_GET", rc, &cf, &rf);
	if (ok(rc, "cap get"))
		ex_u(rf, "scmi.powercap.power_cap", cap);
	mark = frames_now();
	rc = scmia_powercap_pai_set(h, 0, a.min_pai_us + a.pai_step_us);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_PAI_SET, "POWERCAP_PAI_SET", rc, &cf, NULL);
	ex_u(cf, "scmi.powercap.pai_us", a.min_pai_us + a.pai_step_us);
	mark = frames_now();
	rc = scmia_powercap_pai_get(h, 0, &pai);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_PAI_GET, "POWERCAP_PAI_GET", rc, &cf, &rf);
	if (ok(rc, "pai get"))
		ex_u(rf, "scmi.powercap.pai_us", pai);
	mark = frames_now();
	rc = scmia_powercap_measurements_get(h, 0, &power, &pai);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_MEASUREMENTS_GET, "POWERCAP_MEASUREMENTS_GET", rc,
		    &cf, &rf);
	if (ok(rc, "measurements")) {
		ex_u(rf, "scmi.powercap.power", power);
		ex_u(rf, "scmi.powercap.pai_us", pai);
	}
	mark = frames_now();
	rc = scmia_powercap_measurements_notify(h, 0, 1, 1000, 9000);
	ex_exchange(mark, h->id, SCMIA_POWERCAP_MEASUREMENTS_NOTIFY, "POWERCAP_MEASUREMENTS_NOTIFY",
		    rc, &cf, NULL);
	ex(cf, "scmi.powercap.threshold_low", "1000");
	ex(cf, "scmi.powercap.threshold_high", "9000");
	mark = frames_now();
	if (scmia_sim_powercap_set_power(&g_e.sim, &g_e.powercap, 0, 9500) > 0 && wait_note(sm, 1)) {
		struct scmia_powercap_measurements_changed mc;

		if (ok(scmia_powercap_measurements_changed_decode(&sm->n, &mc), "meas event")) {
			uint32_t nf = ex_note(mark, h->id, SCMIA_POWERCAP_MEASUREMENTS_CHANGED,
					      "POWERCAP_MEASUREMENTS_CHANGED");

			ex_u(nf, "scmi.powercap.domain_id", mc.domain_id);
			ex_u(nf, "scmi.powercap.power", mc.power);
		}
	} else {
		ex(0, "POWERCAP_MEASUREMENTS_CHANGED", "not received");
	}
	mark = frames_now();
	rc = scmia_powercap_describe_fastchannel(h, 0, SCMIA_POWERCAP_CAP_GET, &fi);
	if (rc != SCMIA_ENOTSUP) {
		ex_exchange(mark, h->id, SCMIA_POWERCAP_DESCRIBE_FASTCHANNEL,
			    "POWERCAP_DESCRIBE_FASTCHANNEL", rc, &cf, &rf);
		ex(cf, "scmi.powercap.message_id", "0x%08x", SCMIA_POWERCAP_CAP_GET);
		if (ok(rc, "powercap fastchannel")) {
			ex(rf, "scmi.powercap.fc_chan_addr", "0x%016llx",
			   (unsigned long long)fi.chan_addr);
			ex_u(rf, "scmi.powercap.fc_chan_size", fi.chan_size);
			ex_u(rf, "scmi.powercap.fc_doorbell", fi.attributes & 1u);
		}
	} else {
		ex(0, "POWERCAP_DESCRIBE_FASTCHANNEL", "not offered");
	}
}

static void session_pinctrl(void)
{
	static const struct scmia_pinctrl_config cfgs[] = {
		{ SCMIA_PINCTRL_CONF_BIAS_PULL_UP, 0 },
		{ SCMIA_PINCTRL_CONF_DRIVE_STRENGTH, 8 },
	};
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_PINCTRL);
	struct scmia_pinctrl_attrs a;
	struct scmia_pinctrl_config got[16];
	uint16_t ids[32];
	uint32_t mark, cf, rf, n = 0, i, value = 0, fn = 0;
	char name[SCMIA_PROTO_EXT_NAME_LEN];
	int rc;

	mark = frames_now();
	rc = scmia_pinctrl_attributes(h, SCMIA_PINCTRL_GROUP, 1, 0, &a);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_ATTRIBUTES, "PINCTRL_ATTRIBUTES", rc, &cf, &rf);
	ex(cf, "scmi.pinctrl.identifier", "1");
	ex_u(cf, "scmi.pinctrl.selector", SCMIA_PINCTRL_GROUP);
	if (ok(rc, "pinctrl attributes")) {
		ex(rf, "scmi.pinctrl.name", "%s", a.name);
		ex_u(rf, "scmi.pinctrl.num_elements", a.n_elems);
		ex_u(rf, "scmi.pinctrl.ext_name", !!(a.attributes & SCMIA_PINCTRL_ATTR_EXT_NAME));
	}
	mark = frames_now();
	rc = scmia_pinctrl_name_get(h, SCMIA_PINCTRL_GROUP, 1, name, sizeof(name));
	ex_exchange(mark, h->id, SCMIA_PINCTRL_NAME_GET, "PINCTRL_NAME_GET", rc, &cf, &rf);
	if (ok(rc, "pinctrl name"))
		ex(rf, "scmi.pinctrl.long_name", "%s", name);
	mark = frames_now();
	rc = scmia_pinctrl_list_associations(h, SCMIA_PINCTRL_GROUP, 0, ids, 32, &n);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_LIST_ASSOCIATIONS, "PINCTRL_LIST_ASSOCIATIONS", rc,
		    &cf, &rf);
	if (ok(rc, "associations")) {
		ex(cf, "scmi.pinctrl.index", "0");
		ex_u(rf, "scmi.pinctrl.returned", n);
		for (i = 0; i < n; i++)
			ex_u(rf, "scmi.pinctrl.assoc_id", ids[i]);
	}
	mark = frames_now();
	rc = scmia_pinctrl_settings_configure(h, SCMIA_PINCTRL_GROUP, 0, 0, cfgs, 2);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_SETTINGS_CONFIGURE, "PINCTRL_SETTINGS_CONFIGURE", rc,
		    &cf, NULL);
	ex(cf, "scmi.pinctrl.function_id", "0");
	ex(cf, "scmi.pinctrl.function_valid", "1");
	ex(cf, "scmi.pinctrl.num_configs_set", "2");
	ex_u(cf, "scmi.pinctrl.config_type", SCMIA_PINCTRL_CONF_BIAS_PULL_UP);
	ex_u(cf, "scmi.pinctrl.config_type", SCMIA_PINCTRL_CONF_DRIVE_STRENGTH);
	ex(cf, "scmi.pinctrl.config_value", "8");
	mark = frames_now();
	rc = scmia_pinctrl_settings_get_one(h, SCMIA_PINCTRL_GROUP, 0,
					    SCMIA_PINCTRL_CONF_DRIVE_STRENGTH, &value, &fn);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_SETTINGS_GET, "PINCTRL_SETTINGS_GET", rc, &cf, &rf);
	ex(cf, "scmi.pinctrl.config_flag", "0");
	ex_u(cf, "scmi.pinctrl.config_type", SCMIA_PINCTRL_CONF_DRIVE_STRENGTH);
	if (ok(rc, "settings get one")) {
		ex_u(rf, "scmi.pinctrl.function_selected", fn);
		ex_u(rf, "scmi.pinctrl.config_value", value);
	}
	mark = frames_now();
	rc = scmia_pinctrl_settings_get(h, SCMIA_PINCTRL_GROUP, 0, &fn, got, 16, &n);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_SETTINGS_GET, "PINCTRL_SETTINGS_GET", rc, &cf, &rf);
	ex(cf, "scmi.pinctrl.config_flag", "1");
	if (ok(rc, "settings get all") && n) {
		ex_u(rf, "scmi.pinctrl.config_type", got[0].type);
		ex_u(rf, "scmi.pinctrl.config_value", got[0].value);
	}
	mark = frames_now();
	rc = scmia_pinctrl_function_get(h, SCMIA_PINCTRL_GROUP, 0, &fn);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_SETTINGS_GET, "PINCTRL_SETTINGS_GET", rc, &cf, &rf);
	ex(cf, "scmi.pinctrl.config_flag", "2");
	if (ok(rc, "function get"))
		ex_u(rf, "scmi.pinctrl.function_selected", fn);
	mark = frames_now();
	rc = scmia_pinctrl_request(h, SCMIA_PINCTRL_PIN, 7);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_REQUEST, "PINCTRL_REQUEST", rc, &cf, NULL);
	ex(cf, "scmi.pinctrl.identifier", "7");
	ex(cf, "scmi.pinctrl.selector", "0");
	mark = frames_now();
	rc = scmia_pinctrl_release(h, SCMIA_PINCTRL_PIN, 7);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_RELEASE, "PINCTRL_RELEASE", rc, &cf, NULL);
	/* the denied group */
	mark = frames_now();
	rc = scmia_pinctrl_request(h, SCMIA_PINCTRL_GROUP, SCMIA_SIM_PIN_GROUP_DENIED);
	ex_exchange(mark, h->id, SCMIA_PINCTRL_REQUEST, "PINCTRL_REQUEST", rc, &cf, NULL);
}

/* Messages without a helper, sent raw: the request layouts still decode. */
static void session_raw(void)
{
	struct scmia_proto_handle *h = ph(SCMIA_PROTO_POWER);
	uint8_t tx[8];
	uint32_t mark, cf;
	int rc;

	scmia_put_le32(tx, 2);
	scmia_put_le32(tx + 4, 1);
	mark = frames_now();
	rc = scmia_proto_cmd(h, 0x7, tx, 8, NULL, 0, 0, NULL, 0);
	ex_exchange(mark, h->id, 0x7, "POWER_STATE_CHANGE_REQUESTED_NOTIFY", rc, &cf, NULL);
	ex(cf, "scmi.power.domain_id", "2");
	ex(cf, "scmi.power.notify_enable", "1");
	/* PROTOCOL_MESSAGE_ATTRIBUTES names the message it asks about */
	h = ph(SCMIA_PROTO_CLOCK);
	mark = frames_now();
	{
		uint32_t attrs = 0;

		rc = scmia_proto_msg_attributes(h, SCMIA_CLOCK_RATE_SET, &attrs);
		ex_exchange(mark, h->id, SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES,
			    "PROTOCOL_MESSAGE_ATTRIBUTES", rc, &cf, NULL);
		ex(cf, "scmi.pma.message_id", "0x%08x", SCMIA_CLOCK_RATE_SET);
	}
}

static void run_session(void)
{
	env_up(1000000u, 2000000u);
	session_discovery();
	session_base();
	session_power();
	session_system();
	session_perf();
	session_clock();
	session_sensor();
	session_reset();
	session_voltage();
	session_powercap();
	session_pinctrl();
	session_raw();
	env_down();
	/* A clean session: nothing the dissector could call wrong. */
	ex_filter("scmi.expert.short || scmi.expert.record || scmi.expert.status || "
		  "scmi.expert.type || scmi.expert.list || scmi.expert.unmatched || "
		  "scmi.expert.mismatch || scmi.expert.duplicate || scmi.expert.unasked || "
		  "scmi.expert.internal || scmi.expert.unknown || scmi.expert.extra",
		  "0");
	ex_filter("scmi", ">0");
	ex_filter("scmi.response_time", ">0");
	ex_filter("scmi.delayed_time", ">0");
}

/* ------------------------------------------------------------------ */
/* Faults: the same platform, misbehaving                              */
/* ------------------------------------------------------------------ */

struct rule_check {
	struct scmia_sim_fault rule;
	const char *filter; /* what the dissector must show when it fired */
	int idx;
};

static void workload(void)
{
	struct scmia_proto_handle *clk = scmia_proto_get(&g_e.set, SCMIA_PROTO_CLOCK);
	struct scmia_proto_handle *pw = scmia_proto_get(&g_e.set, SCMIA_PROTO_POWER);
	struct scmia_proto_handle *rs = scmia_proto_get(&g_e.set, SCMIA_PROTO_RESET);
	struct scmia_proto_handle *sn = scmia_proto_get(&g_e.set, SCMIA_PROTO_SENSOR);
	struct scmia_proto_handle *vt = scmia_proto_get(&g_e.set, SCMIA_PROTO_VOLTAGE);
	struct scmia_proto_handle *pf = scmia_proto_get(&g_e.set, SCMIA_PROTO_PERF);
	struct scmia_sensor_reading r[3];
	struct scmia_clock_attrs ca;
	struct scmia_sensor_desc d[SCMIA_SIM_SENSORS];
	struct scmia_perf_level lv[SCMIA_SIM_PERF_MAX_LEVELS];
	uint64_t rates[64];
	struct scmia_clock_rates rr;
	uint32_t v, n;
	int32_t lvl;
	unsigned i;

	for (i = 0; i < 6; i++) {
		if (clk && clk->state == SCMIA_PROTO_S_READY) {
			(void)scmia_clock_attributes(clk, i % SCMIA_SIM_CLOCKS, 0, &ca);
			(void)scmia_clock_describe_rates(clk, 0, rates, 64, &rr);
			(void)scmia_clock_rate_set(clk, 2, SCMIA_CLOCK_SET_F_ASYNC, 800000000ull, NULL);
			(void)scmia_clock_rate_get(clk, i % SCMIA_SIM_CLOCKS, &rates[0]);
		}
		if (pw && pw->state == SCMIA_PROTO_S_READY)
			(void)scmia_power_state_get(pw, i % SCMIA_SIM_POWER_DOMAINS, &v);
		if (rs && rs->state == SCMIA_PROTO_S_READY)
			(void)scmia_reset_reset(rs, 0, SCMIA_RESET_F_AUTONOMOUS | SCMIA_RESET_F_ASYNC,
						0);
		if (sn && sn->state == SCMIA_PROTO_S_READY) {
			(void)scmia_sensor_reading_get(sn, SCMIA_SIM_SENSOR_IMU,
						       SCMIA_SENSOR_READ_F_ASYNC, r, 3);
			(void)scmia_sensor_description_get(sn, d, SCMIA_SIM_SENSORS, 0, &n);
		}
		if (vt && vt->state == SCMIA_PROTO_S_READY) {
			(void)scmia_voltage_level_set(vt, 0, SCMIA_VOLTAGE_SET_F_ASYNC, 900000, &lvl);
			(void)scmia_voltage_level_get(vt, 0, &lvl);
		}
		if (pf && pf->state == SCMIA_PROTO_S_READY)
			(void)scmia_perf_describe_levels(pf, 0, lv, SCMIA_SIM_PERF_MAX_LEVELS, &n);
		(void)scmia_notify_dispatch(&g_e.agent, 0);
	}
}

static void run_faults(void)
{
	static struct rule_check rules[] = {
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_TRUNCATE, SCMIA_PROTO_CLOCK,
		    SCMIA_CLOCK_ATTRIBUTES, 0, 0, 2, 6, 0, 0 },
		  "scmi.expert.short", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_TRUNCATE, SCMIA_PROTO_CLOCK,
		    SCMIA_CLOCK_DESCRIBE_RATES, 0, 0, 1, 11, 0, 0 },
		  "scmi.expert.short", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_TRUNCATE, SCMIA_PROTO_POWER,
		    SCMIA_POWER_STATE_GET, 0, 0, 1, 2, 0, 0 },
		  "scmi.expert.short", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_STATUS, SCMIA_PROTO_POWER,
		    SCMIA_POWER_STATE_GET, 0, 1, 1, -12, 0, 0 },
		  "scmi.expert.status", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_DUPLICATE, SCMIA_PROTO_CLOCK,
		    SCMIA_CLOCK_RATE_GET, 0, 0, 1, 0, 0, 0 },
		  "scmi.expert.duplicate", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_REORDER, SCMIA_PROTO_RESET,
		    SCMIA_RESET_RESET, 0, 0, 1, 0, 0, 0 },
		  "scmi.expert.reorder", 0 },
		/* a token nobody waits for: no command, or one already answered */
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_HDR, SCMIA_PROTO_VOLTAGE,
		    SCMIA_VOLTAGE_LEVEL_GET, 0, 0, 1, 0, 0, 0 },
		  "scmi.expert.unmatched || scmi.expert.duplicate", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_CORRUPT_HDR, SCMIA_PROTO_VOLTAGE,
		    SCMIA_VOLTAGE_LEVEL_GET, 0, 1, 1, 0x10000000, 0, 0 },
		  "scmi.expert.reserved", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_SPURIOUS, SCMIA_PROTO_POWER,
		    SCMIA_POWER_STATE_GET, 0, 2, 1, SCMIA_SIM_SPURIOUS_DRESP, 0, 0 },
		  "scmi.expert.unmatched || scmi.expert.unasked || scmi.expert.duplicate", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_TRUNCATE, SCMIA_PROTO_SENSOR,
		    SCMIA_SENSOR_DESCRIPTION_GET, 0, 0, 1, 40, 0, 0 },
		  "scmi.expert.short", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_DRESP, SCMIA_SIM_FA_TRUNCATE, SCMIA_PROTO_SENSOR,
		    SCMIA_SENSOR_READING_GET, 0, 0, 1, 12, 0, 0 },
		  "scmi.expert.short", 0 },
		{ { SCMIA_SIM_FM_MSG, SCMIA_SIM_FT_RESP, SCMIA_SIM_FA_TRUNCATE, SCMIA_PROTO_PERF,
		    SCMIA_PERF_DESCRIBE_LEVELS, 0, 0, 1, 200, 0, 0 },
		  "scmi.expert.extra", 0 },
	};
	unsigned i;
	int rc;

	env_up(200000u, 300000u);
	if (scmia_base_discover(&g_e.set) < 1)
		die("discovery", 0);
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		rc = scmia_sim_fault_add(&g_e.sim, &rules[i].rule);
		if (rc < 0)
			die("fault rule", rc);
		rules[i].idx = rc;
	}
	workload();
	/* each scripted fault that fired must show */
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		struct scmia_sim_fault got;

		if (scmia_sim_fault_get(&g_e.sim, (unsigned)rules[i].idx, &got) == SCMIA_OK &&
		    got.fired)
			ex_filter(rules[i].filter, ">0");
		else
			ex(0, "fault rule", "%u never fired", i);
	}
	/* then random faults of every kind, on every message kind */
	scmia_sim_fault_clear(&g_e.sim);
	if (scmia_sim_fault_random_cfg(&g_e.sim, 0, SCMIA_SIM_FT_RESP | SCMIA_SIM_FT_DRESP |
						      SCMIA_SIM_FT_NOTIF, 20000) ||
	    scmia_sim_fault_random(&g_e.sim, 35, 20260611u))
		die("random faults", 0);
	workload();
	workload();
	scmia_sim_fault_random(&g_e.sim, 0, 0);
	env_down();
	ex_filter("scmi", ">0");
	ex_filter("scmi.expert.internal", "0");
	ex_filter("_ws.malformed", "0");
	ex_filter("_ws.expert.severity == error && !scmi", "0");
}

/* ------------------------------------------------------------------ */
/* Fuzz: crafted records                                               */
/* ------------------------------------------------------------------ */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ull) >> 32);
}

static void fuzz_write(uint8_t dir, uint32_t hdr, const uint8_t *body, uint32_t len)
{
	pthread_mutex_lock(&tap.lock);
	tap_record_locked(dir, hdr, body, len);
	pthread_mutex_unlock(&tap.lock);
}

/* A raw block: record header bytes as given (bad versions and lengths). */
static void fuzz_raw_block(const uint8_t *pkt, uint32_t len)
{
	uint8_t buf[512];
	uint32_t n = 0, total;

	total = 28u + ((12u + len + 3u) & ~3u) + 4u;
	scmia_put_le32(buf, 6);
	scmia_put_le32(buf + 4, total);
	scmia_put_le32(buf + 8, 0);
	scmia_put_le32(buf + 12, 0);
	scmia_put_le32(buf + 16, tap.frames);
	scmia_put_le32(buf + 20, 12u + len);
	scmia_put_le32(buf + 24, 12u + len);
	n = 28;
	memcpy(buf + n, "\x00\x0c\x00\x04scmi\x00\x00\x00\x00", 12);
	n += 12;
	memcpy(buf + n, pkt, len);
	n += len;
	while (n & 3u)
		buf[n++] = 0;
	scmia_put_le32(buf + n, total);
	n += 4;
	pthread_mutex_lock(&tap.lock);
	if (fwrite(buf, 1, n, tap.file.fp) != n)
		die("raw block", 0);
	tap.frames++;
	tap.raw_frames++;
	pthread_mutex_unlock(&tap.lock);
}

static void run_fuzz(void)
{
	static const uint8_t protos[] = { 0x10, 0x11, 0x12, 0x13, 0x14,
					  0x15, 0x16, 0x17, 0x18, 0x19 };
	uint8_t body[160], pkt[64];
	unsigned p, m, t, len, k;
	uint32_t hdr;

	/* every message id 0..0x10 of every standard protocol, as a command,
	 * a response, a delayed response and a notification, at every length
	 * 0..16 and then more sparsely up to 96, with random bytes, plus a
	 * message whose words are all 0xffffffff (huge counts) */
	for (p = 0; p < sizeof(protos); p++) {
		for (m = 0; m <= 0x10; m++) {
			for (t = 0; t < 4; t++) {
				static const uint32_t types[4] = { 0, 0, 2, 3 };
				uint8_t dir = (uint8_t)(t == 0 ? SCMIA_PCAPNG_DIR_A2P : SCMIA_PCAPNG_DIR_P2A);

				hdr = scmia_hdr_pack((uint8_t)m, types[t], protos[p], rnd() & 0x3ffu);
				for (len = 0; len <= 96; len += (len < 16 ? 1u : len < 32 ? 4u : 16u)) {
					for (k = 0; k < len; k++)
						body[k] = (uint8_t)rnd();
					/* responses mostly SUCCESS, so the layouts run */
					if (t && t != 3 && len >= 4 && (rnd() & 3u))
						memset(body, 0, 4);
					fuzz_write(dir, hdr, body, len);
				}
				memset(body, 0xff, sizeof(body));
				if (t && t != 3)
					memset(body, 0, 4);
				fuzz_write(dir, hdr, body, sizeof(body));
			}
		}
	}
	/* header bits: reserved set, type 1, a2p messages of other types */
	fuzz_write(SCMIA_PCAPNG_DIR_A2P, 0xf0000000u | scmia_hdr_pack(3, 0, 0x14, 1), body, 4);
	fuzz_write(SCMIA_PCAPNG_DIR_P2A, scmia_hdr_pack(3, 1, 0x14, 1), body, 8);
	fuzz_write(SCMIA_PCAPNG_DIR_A2P, scmia_hdr_pack(3, 3, 0x14, 1), body, 8);
	/* status words that are not statuses */
	memset(body, 0, sizeof(body));
	scmia_put_le32(body, 0x7fffffffu);
	fuzz_write(SCMIA_PCAPNG_DIR_P2A, scmia_hdr_pack(6, 0, 0x14, 1), body, 12);
	scmia_put_le32(body, 0x80000000u);
	fuzz_write(SCMIA_PCAPNG_DIR_P2A, scmia_hdr_pack(6, 0, 0x14, 1), body, 12);
	/* bad records: every record-header length, versions, directions */
	memset(pkt, 0, sizeof(pkt));
	for (len = 0; len <= 40; len++) {
		pkt[0] = 1;
		pkt[1] = 32;
		fuzz_raw_block(pkt, len);
	}
	pkt[0] = 2;
	fuzz_raw_block(pkt, 40);
	pkt[0] = 1;
	pkt[1] = 8; /* header length below 32 */
	fuzz_raw_block(pkt, 40);
	pkt[1] = 255; /* header length past the packet */
	fuzz_raw_block(pkt, 40);
	pkt[1] = 32;
	pkt[2] = 7; /* direction */
	fuzz_raw_block(pkt, 40);
	ex_filter("scmi", ">0");
	ex_filter("scmi.expert.internal", "0");
	ex_filter("_ws.malformed", "0");
	ex_filter("scmi.expert.short", ">0");
	ex_filter("scmi.expert.record", ">0");
	ex_filter("scmi.expert.status", ">0");
	ex_filter("scmi.expert.type", ">0");
	ex_filter("scmi.expert.reserved", ">0");
	ex_filter("scmi.expert.unknown", ">0");
}

/* A snap length that cuts messages: the dissector says so, no error. */
static void run_cut(void)
{
	uint8_t body[64];

	memset(body, 0, sizeof(body));
	fuzz_write(SCMIA_PCAPNG_DIR_A2P, scmia_hdr_pack(0x5, 0, 0x14, 9), body, 16);
	fuzz_write(SCMIA_PCAPNG_DIR_P2A, scmia_hdr_pack(0x4, 0, 0x14, 9), body, 60);
	ex_filter("scmi.expert.cut", "2");
	ex_filter("scmi.expert.internal", "0");
	ex_filter("_ws.malformed", "0");
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	struct scmia_pcapng_file_cfg cfg;

	if (argc != 4) {
		fprintf(stderr, "usage: %s session|faults|fuzz|cut|user CAPTURE EXPECT\n", argv[0]);
		return 2;
	}
	g_exp = fopen(argv[3], "w");
	if (!g_exp) {
		perror(argv[3]);
		return 1;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.appl = "scmia wsgen";
	if (strcmp(argv[1], "user") == 0)
		cfg.linktype = SCMIA_PCAPNG_LINKTYPE_USER0;
	if (strcmp(argv[1], "cut") == 0)
		cfg.snaplen = 12u + 32u + 4u + 8u;
	tap_open(argv[2], &cfg);
	if (strcmp(argv[1], "session") == 0) {
		run_session();
	} else if (strcmp(argv[1], "faults") == 0) {
		run_faults();
	} else if (strcmp(argv[1], "fuzz") == 0) {
		run_fuzz();
	} else if (strcmp(argv[1], "cut") == 0) {
		run_cut();
	} else if (strcmp(argv[1], "user") == 0) {
		uint8_t b[4] = { 0x03, 0, 0, 0 };

		fuzz_write(SCMIA_PCAPNG_DIR_A2P, scmia_hdr_pack(0x6, 0, 0x14, 5), b, 4);
		ex(1, "scmi.clock.clock_id", "3");
		ex(1, "scmi.msg_name", "CLOCK_RATE_GET");
		ex(1, "scmi.token", "5");
	} else {
		fprintf(stderr, "wsgen: unknown mode %s\n", argv[1]);
		return 2;
	}
	tap_close();
	if (fclose(g_exp) != 0)
		return 1;
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A scripted fake platform for the protocol tests: an agent on the
 * loopback transport (no OS: single-threaded), and a script of expected
 * commands with hand-written reply bytes. Each command the agent sends is
 * checked against the next step (protocol, message, parameter bytes) and
 * answered inline, from the transport's send, like a fast platform: the
 * response on the a2p channel, then the delayed response (if any) on the
 * p2a channel.
 *
 * Test vectors are written as bytes with W() (one little-endian 32-bit
 * word) and B() (raw bytes) from the DEN0056 layouts; nothing here is
 * produced by the library's own encoders.
 */
#ifndef PROTO_FAKE_PLAT_H
#define PROTO_FAKE_PLAT_H

#include <stddef.h>
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia/proto/proto.h"
#include "scmia_loopback.h"

/** One little-endian 32-bit word, as bytes. */
#define W(x)                                                                   \
	(uint8_t)((uint32_t)(x)&0xffu), (uint8_t)(((uint32_t)(x) >> 8) & 0xffu), \
		(uint8_t)(((uint32_t)(x) >> 16) & 0xffu), (uint8_t)((uint32_t)(x) >> 24)

/** Status words (DEN0056 §4.1.4). */
#define ST_OK W(0)
#define ST_NOT_SUPPORTED W(0xffffffffu)
#define ST_INVALID_PARAMETERS W(0xfffffffeu)
#define ST_DENIED W(0xfffffffdu)
#define ST_NOT_FOUND W(0xfffffffcu)
#define ST_OUT_OF_RANGE W(0xfffffffbu)
#define ST_BUSY W(0xfffffffau)
#define ST_GENERIC_ERROR W(0xfffffff8u)

#define FP_MAX_STEPS 96
#define FP_MAX_BYTES 256
#define FP_SLOTS 4u
#define FP_MSG_SIZE 248u

struct fp_step {
	uint8_t proto_id;
	uint8_t msg_id;
	uint8_t check_tx;    /* compare parameters with tx[] */
	uint8_t no_reply;    /* send nothing (timeout test) */
	uint8_t dresp_first; /* deliver the delayed response before the response */
	uint8_t has_dresp;
	uint32_t tx_len;
	uint32_t resp_len;
	uint32_t dresp_len;
	uint8_t tx[FP_MAX_BYTES];
	uint8_t resp[FP_MAX_BYTES];  /* status + payload */
	uint8_t dresp[FP_MAX_BYTES]; /* status + payload */
};

struct fp {
	struct scmia_agent agent;
	struct scmia_chan a2p;
	struct scmia_chan p2a;
	struct scmia_loopback_chan la2p;
	struct scmia_loopback_chan lp2a;
	struct scmia_loopback_msg ma2p[8];
	struct scmia_loopback_msg mp2a[8];
	uint16_t qa2p[8];
	uint16_t qp2a[8];
	SCMIA_CHAN_MEM_DEFINE(mem_a2p, FP_SLOTS, FP_MSG_SIZE);
	SCMIA_CHAN_MEM_DEFINE(mem_p2a, FP_SLOTS, FP_MSG_SIZE);
	struct fp_step steps[FP_MAX_STEPS];
	unsigned n_steps;
	unsigned pos;
	unsigned mismatches;
	char why[160];
	uint32_t last_hdr; /* header of the last command seen */
	uint32_t last_tx_len;
	uint8_t last_tx[FP_MAX_BYTES];
	struct scmia_proto_set set;
	struct scmia_proto_handle handles[12];
};

/* Set up agent, channels and registry. Returns 0 or an error. */
int fp_init(struct fp *fp);
void fp_fini(struct fp *fp);

/* Append a step; tx may be NULL (parameters not checked). */
struct fp_step *fp_expect(struct fp *fp, uint8_t proto_id, uint8_t msg_id, const uint8_t *tx,
			  uint32_t tx_len, const uint8_t *resp, uint32_t resp_len);
/* Give the last step a delayed response. */
void fp_dresp(struct fp_step *s, const uint8_t *dresp, uint32_t len, int first);

/* 1 when every step was consumed and matched; else 0 (reason in fp->why). */
int fp_ok(struct fp *fp);

/* Deliver a notification on the p2a channel. Returns scmia_rx()'s result. */
int fp_notify(struct fp *fp, uint8_t proto_id, uint8_t evt_id, const uint8_t *payload,
	      uint32_t len);

/* Script PROTOCOL_VERSION and PROTOCOL_ATTRIBUTES for an attach without
 * negotiation (platform version <= ours). */
void fp_expect_attach(struct fp *fp, uint8_t proto_id, uint32_t version, const uint8_t *attrs,
		      uint32_t attrs_len);

/* Register @p desc and attach it with the scripted version and attributes. */
int fp_attach(struct fp *fp, const struct scmia_proto_desc *desc, void *priv, uint32_t version,
	      const uint8_t *attrs, uint32_t attrs_len, struct scmia_proto_handle **out);

/* Byte array helpers for fp_expect() arguments. */
#define BYTES(...) ((const uint8_t[]){ __VA_ARGS__ }), (uint32_t)sizeof((const uint8_t[]){ __VA_ARGS__ })
#define NOBYTES NULL, 0u
/* No parameters, checked (a command that must carry none). */
#define NOPARAMS ((const uint8_t *)""), 0u

#endif /* PROTO_FAKE_PLAT_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scripted fake platform for the protocol tests (see fake_plat.h).
 */
#include <stdio.h>
#include <string.h>

#include "fake_plat.h"

/* Short timeouts: the no-OS agent measures them in polling iterations. */
#define FP_REPLY_TIMEOUT_US 2000u
#define FP_DRESP_TIMEOUT_US 4000u

static void fp_mismatch(struct fp *fp, const char *what, uint32_t a, uint32_t b)
{
	if (!fp->mismatches)
		snprintf(fp->why, sizeof(fp->why), "step %u: %s (got 0x%x, want 0x%x)", fp->pos,
			 what, (unsigned)a, (unsigned)b);
	fp->mismatches++;
}

/* The platform: called from the loopback send, answers inline. */
static void fp_kick(void *ctx, struct scmia_loopback_chan *lc)
{
	struct fp *fp = (struct fp *)ctx;
	uint8_t buf[FP_MAX_BYTES];
	uint32_t hdr, len = 0;
	struct fp_step *s;

	if (scmia_loopback_cmd_pop(lc, &hdr, buf, sizeof(buf), &len))
		return;
	fp->last_hdr = hdr;
	fp->last_tx_len = len;
	memcpy(fp->last_tx, buf, len < sizeof(buf) ? len : sizeof(buf));
	if (scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_COMMAND || scmia_hdr_reserved(hdr))
		fp_mismatch(fp, "bad command header", hdr, 0);
	if (fp->pos >= fp->n_steps) {
		fp_mismatch(fp, "unexpected command (proto<<8|msg)",
			    (uint32_t)scmia_hdr_proto_id(hdr) << 8 | scmia_hdr_msg_id(hdr), 0);
		return;
	}
	s = &fp->steps[fp->pos];
	if (scmia_hdr_proto_id(hdr) != s->proto_id || scmia_hdr_msg_id(hdr) != s->msg_id)
		fp_mismatch(fp, "wrong message (proto<<8|msg)",
			    (uint32_t)scmia_hdr_proto_id(hdr) << 8 | scmia_hdr_msg_id(hdr),
			    (uint32_t)s->proto_id << 8 | s->msg_id);
	else if (s->check_tx && (len != s->tx_len || memcmp(buf, s->tx, len) != 0))
		fp_mismatch(fp, "wrong parameters (length)", len, s->tx_len);
	fp->pos++;
	if (s->no_reply)
		return;
	if (s->has_dresp && s->dresp_first)
		(void)scmia_loopback_deliver(&fp->lp2a,
					     (hdr & ~(0x3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8),
					     s->dresp, s->dresp_len);
	(void)scmia_loopback_deliver(&fp->la2p, hdr, s->resp, s->resp_len);
	if (s->has_dresp && !s->dresp_first)
		(void)scmia_loopback_deliver(&fp->lp2a,
					     (hdr & ~(0x3u << 8)) | (SCMIA_MSG_TYPE_DELAYED_RESP << 8),
					     s->dresp, s->dresp_len);
}

int fp_init(struct fp *fp)
{
	struct scmia_agent_cfg acfg;
	struct scmia_chan_cfg ccfg;
	int ret;

	memset(fp, 0, sizeof(*fp));
	ret = scmia_loopback_chan_init(&fp->la2p, fp->ma2p, 8, fp->qa2p, NULL, NULL, fp_kick, fp);
	if (!ret)
		ret = scmia_loopback_chan_init(&fp->lp2a, fp->mp2a, 8, fp->qp2a, NULL, NULL, NULL,
					       NULL);
	if (ret)
		return ret;
	memset(&acfg, 0, sizeof(acfg));
	acfg.transport = &scmia_loopback_transport;
	acfg.notify_src = scmia_proto_notify_src;
	acfg.notify_src_ctx = &fp->set;
	ret = scmia_agent_init(&fp->agent, &acfg);
	if (ret)
		return ret;

	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.max_msg = FP_SLOTS;
	ccfg.msg_size = FP_MSG_SIZE;
	ccfg.chan_ctx = &fp->la2p;
	ccfg.mem = fp->mem_a2p;
	ccfg.mem_size = sizeof(fp->mem_a2p);
	ccfg.reply_timeout_us = FP_REPLY_TIMEOUT_US;
	ccfg.dresp_timeout_us = FP_DRESP_TIMEOUT_US;
	ret = scmia_chan_open(&fp->agent, &fp->a2p, &ccfg);
	if (ret)
		return ret;
	ccfg.dir = SCMIA_CHAN_P2A;
	ccfg.chan_ctx = &fp->lp2a;
	ccfg.mem = fp->mem_p2a;
	ccfg.mem_size = sizeof(fp->mem_p2a);
	ret = scmia_chan_open(&fp->agent, &fp->p2a, &ccfg);
	if (ret)
		return ret;
	return scmia_proto_set_init(&fp->set, &fp->agent, fp->handles,
				    (unsigned)(sizeof(fp->handles) / sizeof(fp->handles[0])));
}

void fp_fini(struct fp *fp)
{
	(void)scmia_agent_deinit(&fp->agent);
}

struct fp_step *fp_expect(struct fp *fp, uint8_t proto_id, uint8_t msg_id, const uint8_t *tx,
			  uint32_t tx_len, const uint8_t *resp, uint32_t resp_len)
{
	struct fp_step *s;

	if (fp->n_steps >= FP_MAX_STEPS || tx_len > FP_MAX_BYTES || resp_len > FP_MAX_BYTES) {
		fp_mismatch(fp, "script too long", fp->n_steps, FP_MAX_STEPS);
		return &fp->steps[FP_MAX_STEPS - 1];
	}
	s = &fp->steps[fp->n_steps++];
	memset(s, 0, sizeof(*s));
	s->proto_id = proto_id;
	s->msg_id = msg_id;
	s->check_tx = tx != NULL;
	s->tx_len = tx_len;
	if (tx_len)
		memcpy(s->tx, tx, tx_len);
	s->resp_len = resp_len;
	if (resp_len)
		memcpy(s->resp, resp, resp_len);
	s->no_reply = resp == NULL;
	return s;
}

void fp_dresp(struct fp_step *s, const uint8_t *dresp, uint32_t len, int first)
{
	if (len > FP_MAX_BYTES)
		len = FP_MAX_BYTES;
	s->has_dresp = 1;
	s->dresp_first = (uint8_t)(first != 0);
	s->dresp_len = len;
	if (len)
		memcpy(s->dresp, dresp, len);
}

int fp_ok(struct fp *fp)
{
	if (fp->mismatches)
		return 0;
	if (fp->pos != fp->n_steps) {
		snprintf(fp->why, sizeof(fp->why), "%u of %u steps consumed", fp->pos,
			 fp->n_steps);
		return 0;
	}
	return 1;
}

int fp_notify(struct fp *fp, uint8_t proto_id, uint8_t evt_id, const uint8_t *payload,
	      uint32_t len)
{
	return scmia_loopback_deliver(&fp->lp2a,
				      scmia_hdr_pack(evt_id, SCMIA_MSG_TYPE_NOTIFICATION, proto_id,
						     0),
				      payload, len);
}

void fp_expect_attach(struct fp *fp, uint8_t proto_id, uint32_t version, const uint8_t *attrs,
		      uint32_t attrs_len)
{
	uint8_t r[4 + 64];

	/* PROTOCOL_VERSION: out: status, version. */
	memset(r, 0, sizeof(r));
	r[4] = (uint8_t)version;
	r[5] = (uint8_t)(version >> 8);
	r[6] = (uint8_t)(version >> 16);
	r[7] = (uint8_t)(version >> 24);
	fp_expect(fp, proto_id, SCMIA_MSG_PROTOCOL_VERSION, NOBYTES, r, 8);
	fp->steps[fp->n_steps - 1].check_tx = 1; /* no parameters */
	/* PROTOCOL_ATTRIBUTES: out: status, attributes... */
	if (attrs_len > 64)
		attrs_len = 64;
	memset(r, 0, 4);
	memcpy(r + 4, attrs, attrs_len);
	fp_expect(fp, proto_id, SCMIA_MSG_PROTOCOL_ATTRIBUTES, NOBYTES, r, 4 + attrs_len);
	fp->steps[fp->n_steps - 1].check_tx = 1;
}

int fp_attach(struct fp *fp, const struct scmia_proto_desc *desc, void *priv, uint32_t version,
	      const uint8_t *attrs, uint32_t attrs_len, struct scmia_proto_handle **out)
{
	struct scmia_proto_handle *ph;
	int ret;

	ret = scmia_proto_register(&fp->set, desc, priv, &ph);
	if (ret)
		return ret;
	fp_expect_attach(fp, desc->id, version, attrs, attrs_len);
	ret = scmia_proto_attach(ph);
	if (out)
		*out = ph;
	return ret;
}

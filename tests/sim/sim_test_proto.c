/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated SCMI platform: the vendor test protocol 0x80 ("sim test").
 * Every reply is derived from its own request, so a test can prove that
 * each reply reached the caller that sent the request:
 *   0x3 ECHO           payload back + checksum(hdr, payload)
 *   0x4 ASYNC_WORK     empty response, then a delayed response carrying
 *                      a value derived from the request + checksum
 *   0x5 TRIGGER_EVENT  notifications 0x0: agent_id, src_id, seq
 *   0x6 SLOW           response after the requested number of ms
 */
#include <string.h>

#include "sim_internal.h"

#define TEST_DEFAULT_ASYNC_DELAY_US 1000u
#define TEST_SLOW_MAX_MS 60000u

static int32_t test_echo(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_test *t = (struct scmia_sim_test *)ctx;

	if (req->len + 4u > scmia_sim_buf_room(&r->body))
		return SCMIA_STATUS_OUT_OF_RANGE;
	t->echoes++;
	scmia_sim_resp_put_bytes(r, req->payload, req->len);
	scmia_sim_resp_put_le32(r, scmia_sim_checksum(req->hdr, req->payload, req->len));
	return SCMIA_STATUS_SUCCESS;
}

static int32_t test_async_work(void *ctx, const struct scmia_sim_req *req,
			       struct scmia_sim_resp *r)
{
	struct scmia_sim_test *t = (struct scmia_sim_test *)ctx;
	uint32_t value = scmia_get_le32(req->payload);
	uint32_t delay = req->len >= 8 ? scmia_get_le32(req->payload + 4) : t->async_delay_us;
	struct scmia_sim_buf *d;

	t->asyncs++;
	d = scmia_sim_resp_dresp(r, SCMIA_STATUS_SUCCESS, delay);
	scmia_sim_buf_put_le32(d, scmia_sim_test_async_value(value));
	scmia_sim_buf_put_le32(d, scmia_sim_checksum(req->hdr, req->payload, req->len));
	return SCMIA_STATUS_SUCCESS;
}

static int32_t test_trigger(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	struct scmia_sim_test *t = (struct scmia_sim_test *)ctx;
	uint32_t src = scmia_get_le32(req->payload);
	uint32_t count = req->len >= 8 ? scmia_get_le32(req->payload + 4) : 1u;
	uint8_t p[12];
	uint32_t i;

	if (count == 0 || count > SCMIA_SIM_TEST_MAX_EVENTS)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	scmia_sim_resp_put_le32(r, t->seq + 1u);
	for (i = 0; i < count; i++) {
		t->seq++;
		scmia_put_le32(p, req->agent_id);
		scmia_put_le32(p + 4, src);
		scmia_put_le32(p + 8, t->seq);
		scmia_sim_notify(req->sim, SCMIA_SIM_TEST_PROTO, SCMIA_SIM_TEST_EVT, p, sizeof(p));
	}
	return SCMIA_STATUS_SUCCESS;
}

static int32_t test_slow(void *ctx, const struct scmia_sim_req *req, struct scmia_sim_resp *r)
{
	uint32_t ms = scmia_get_le32(req->payload);

	(void)ctx;
	if (ms > TEST_SLOW_MAX_MS)
		return SCMIA_STATUS_INVALID_PARAMETERS;
	r->delay_us = ms * 1000u;
	scmia_sim_resp_put_le32(r, ms);
	return SCMIA_STATUS_SUCCESS;
}

static const struct scmia_sim_msg test_msgs[] = {
	{ .msg_id = SCMIA_SIM_TEST_ECHO, .fn = test_echo },
	{ .msg_id = SCMIA_SIM_TEST_ASYNC_WORK, .flags = SCMIA_SIM_MSG_F_ASYNC, .min_len = 4,
	  .fn = test_async_work },
	{ .msg_id = SCMIA_SIM_TEST_TRIGGER_EVENT, .min_len = 4, .fn = test_trigger },
	{ .msg_id = SCMIA_SIM_TEST_SLOW, .min_len = 4, .fn = test_slow },
};

int scmia_sim_test_register(struct scmia_sim *sim, struct scmia_sim_test *t)
{
	if (!sim || !t)
		return SCMIA_EINVAL;
	memset(&t->proto, 0, sizeof(t->proto));
	t->proto.id = SCMIA_SIM_TEST_PROTO;
	t->proto.version = SCMIA_SIM_TEST_VERSION;
	t->proto.msgs = test_msgs;
	t->proto.n_msgs = sizeof(test_msgs) / sizeof(test_msgs[0]);
	t->proto.ctx = t;
	if (!t->async_delay_us)
		t->async_delay_us = TEST_DEFAULT_ASYNC_DELAY_US;
	return scmia_sim_register_proto(sim, &t->proto);
}

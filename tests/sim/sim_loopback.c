/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated SCMI platform: glue to the loopback transport. Commands come
 * from scmia_loopback_cmd_pop(); responses leave through
 * scmia_loopback_deliver() (the "interrupt": the agent's receive entry runs
 * in the emitting thread) or scmia_loopback_post() for polling agents;
 * delayed responses and notifications through the p2a channel.
 */
#include <string.h>

#include "sim_internal.h"

static int lb_chan_index(const struct scmia_sim_loopback *gl, const struct scmia_loopback_chan *lc)
{
	unsigned i;

	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++)
		if (gl->a2p[i] == lc)
			return (int)i;
	return -1;
}

static int lb_reply(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_loopback *gl = (struct scmia_sim_loopback *)ctx;
	int rc;

	if (chan >= SCMIA_SIM_MAX_CHANS || !gl->a2p[chan])
		return SCMIA_ENOENT;
	if (gl->flags[chan] & SCMIA_SIM_LB_POST)
		return scmia_loopback_post(gl->a2p[chan], hdr, body, len);
	rc = scmia_loopback_deliver(gl->a2p[chan], hdr, body, len);
	/* On an a2p channel the receive entry never answers ENOSPC: it is
	 * the loopback's "no free buffer", worth a retry. Any other result is
	 * the agent's verdict on a message it did receive. */
	if (rc == SCMIA_ENOSPC || rc == SCMIA_EINVAL)
		return rc;
	return SCMIA_OK;
}

static int lb_p2a(void *ctx, unsigned chan, uint32_t hdr, const void *body, uint32_t len)
{
	struct scmia_sim_loopback *gl = (struct scmia_sim_loopback *)ctx;
	int rc;

	if (chan >= SCMIA_SIM_MAX_CHANS || !gl->p2a[chan])
		return SCMIA_ENOENT;
	rc = scmia_loopback_deliver(gl->p2a[chan], hdr, body, len);
	if (rc == SCMIA_EINVAL)
		return rc;
	/* ENOSPC for a delayed response can only be the loopback's buffer
	 * shortage: retry. For a notification it is also the agent's "queue
	 * full" (counted by the agent): retrying would count it again, so
	 * it counts as delivered. */
	if (rc == SCMIA_ENOSPC && scmia_hdr_type(hdr) != SCMIA_MSG_TYPE_NOTIFICATION)
		return rc;
	return SCMIA_OK;
}

static int lb_pull(void *ctx, unsigned *chan, uint32_t *hdr, void *buf, uint32_t cap,
		   uint32_t *len)
{
	struct scmia_sim_loopback *gl = (struct scmia_sim_loopback *)ctx;
	unsigned k, i;
	int rc;

	for (k = 0; k < SCMIA_SIM_MAX_CHANS; k++) {
		i = (gl->rr + k) % SCMIA_SIM_MAX_CHANS;
		if (!gl->a2p[i])
			continue;
		rc = scmia_loopback_cmd_pop(gl->a2p[i], hdr, buf, cap, len);
		if (rc == SCMIA_ENOENT)
			continue;
		if (rc)
			return rc;
		gl->rr = (i + 1u) % SCMIA_SIM_MAX_CHANS;
		*chan = i;
		return 1;
	}
	return 0;
}

const struct scmia_sim_port_ops scmia_sim_loopback_port = {
	.reply = lb_reply,
	.p2a = lb_p2a,
	.pull = lb_pull,
};

int scmia_sim_loopback_init(struct scmia_sim_loopback *gl, struct scmia_sim *sim)
{
	if (!gl || !sim)
		return SCMIA_EINVAL;
	memset(gl, 0, sizeof(*gl));
	gl->sim = sim;
	return scmia_sim_set_port(sim, &scmia_sim_loopback_port, gl);
}

int scmia_sim_loopback_attach(struct scmia_sim_loopback *gl, unsigned chan,
			      struct scmia_loopback_chan *a2p, struct scmia_loopback_chan *p2a,
			      unsigned flags)
{
	if (!gl || !a2p || chan >= SCMIA_SIM_MAX_CHANS ||
	    (flags & ~(SCMIA_SIM_LB_POST | SCMIA_SIM_LB_INLINE)))
		return SCMIA_EINVAL;
	gl->a2p[chan] = a2p;
	gl->p2a[chan] = p2a;
	gl->flags[chan] = flags;
	return SCMIA_OK;
}

/* Hand the commands queued on one channel to the engine. */
static int lb_drain(struct scmia_sim_loopback *gl, unsigned chan)
{
	uint8_t buf[SCMIA_SIM_MSG_MAX];
	uint32_t hdr, len;
	int n = 0;

	while (scmia_loopback_cmd_pop(gl->a2p[chan], &hdr, buf, sizeof(buf), &len) == SCMIA_OK) {
		scmia_sim_command_ex(gl->sim, chan, gl->sim->cfg.agent_id, hdr, buf, len);
		n++;
	}
	return n;
}

void scmia_sim_loopback_kick(void *ctx, struct scmia_loopback_chan *lc)
{
	struct scmia_sim_loopback *gl = (struct scmia_sim_loopback *)ctx;
	int chan;

	if (!gl || !gl->sim)
		return;
	chan = lb_chan_index(gl, lc);
	if (chan >= 0 && (gl->flags[chan] & SCMIA_SIM_LB_INLINE)) {
		lb_drain(gl, (unsigned)chan);
		return;
	}
	scmia_sim_kick(gl->sim);
}

int scmia_sim_loopback_poll(struct scmia_sim_loopback *gl)
{
	unsigned i;
	int n = 0;

	if (!gl || !gl->sim)
		return SCMIA_EINVAL;
	for (i = 0; i < SCMIA_SIM_MAX_CHANS; i++)
		if (gl->a2p[i])
			n += lb_drain(gl, i);
	scmia_sim_step(gl->sim, scmia_sim_now(gl->sim));
	return n;
}

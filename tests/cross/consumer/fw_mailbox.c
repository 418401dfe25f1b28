/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mailbox transport of fw_mailbox.h: send writes the command with
 * scmia_msg_tx_prepare() and rings; poll_done looks at the reply length;
 * fetch_response decodes the reply with scmia_msg_fetch_response(), the
 * platform's length clamped to the buffer first.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "fw_mailbox.h"
#include "scmia_msg.h"

static int fw_mb_chan_setup(void *ctx, struct scmia_chan *chan)
{
	(void)ctx;
	return scmia_chan_ctx(chan) ? SCMIA_OK : SCMIA_EINVAL;
}

static int fw_mb_send(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct fw_mailbox *mb = scmia_chan_ctx(chan);
	int n;

	(void)ctx;
	n = scmia_msg_tx_prepare(mb->buf, sizeof(mb->buf), xfer);
	if (n < 0)
		return n;
	mb->reply_len = 0u;
	/* The command is in memory before the platform hears the doorbell. */
	atomic_thread_fence(memory_order_seq_cst);
	*mb->doorbell = 1u;
	return SCMIA_OK;
}

static int fw_mb_poll_done(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer)
{
	struct fw_mailbox *mb = scmia_chan_ctx(chan);

	(void)ctx;
	(void)xfer;
	return mb->reply_len != 0u;
}

static int fw_mb_fetch_response(void *ctx, struct scmia_chan *chan, struct scmia_xfer *xfer,
				void *cookie)
{
	struct fw_mailbox *mb = scmia_chan_ctx(chan);
	uint32_t len = mb->reply_len;

	(void)ctx;
	(void)cookie;
	/* The length is the platform's: never read past the buffer. */
	if (len > sizeof(mb->buf))
		len = (uint32_t)sizeof(mb->buf);
	/* The reply is read only after its length was seen. */
	atomic_thread_fence(memory_order_seq_cst);
	return scmia_msg_fetch_response(mb->buf, len, xfer);
}

static const struct scmia_transport_ops fw_mb_ops = {
	.chan_setup = fw_mb_chan_setup,
	.send = fw_mb_send,
	.poll_done = fw_mb_poll_done,
	.fetch_response = fw_mb_fetch_response,
};

const struct scmia_transport fw_mailbox_transport = {
	.ops = &fw_mb_ops,
	.name = "fw-mailbox",
	.max_msg = 1,
	.max_msg_size = FW_MAILBOX_PAYLOAD,
	.flags = SCMIA_TRANSPORT_F_NO_COMPLETION_IRQ | SCMIA_TRANSPORT_F_ATOMIC_SAFE,
};

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file server.h
 * @brief The platform side of a transport ("server"): how a guest-facing
 *        transport hands the commands it took from an agent to a handler,
 *        and how the handler answers.
 *
 * A server is the other half of an agent transport: the SMT server
 * (transports/smt/scmia_smt_server.h) owns an agent's shared-memory areas,
 * the virtio-scmi device side (transports/virtio/scmia_virtio_dev.h) owns
 * its virtqueues. Both take commands from the agent, validate everything
 * the agent wrote (the agent is untrusted), and call the handler
 * (scmia_server_cmd_fn) once per valid command with an opaque request
 * number. The handler answers, at once or later from any context, through
 * the server's ops (struct scmia_server_ops): a response to that request,
 * and p2a messages (delayed responses, notifications) when the transport
 * has a p2a path.
 *
 * A request number names one command of one server incarnation: a reply
 * to a number that is not pending any more (answered, or dropped by a
 * reset of the server) is refused with SCMIA_ESTATE and counted, never
 * written into another command's buffer.
 *
 * The mediator (scmia/mediator.h) is such a handler; so is the simulated
 * platform of the tests (tests/sim).
 */
#ifndef SCMIA_SERVER_H
#define SCMIA_SERVER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Handler of a command a server took from its agent.
 *
 * @param ctx the handler context given to the server.
 * @param srv the server (first argument of its struct scmia_server_ops).
 * @param req the request number, for the reply op.
 * @param hdr the command header (host order): type COMMAND, reserved bits
 *        0 (the server checked both).
 * @param payload the parameters after the header (a private copy: the
 *        agent cannot change it any more).
 * @param len their length in bytes (bounded by the server's buffer).
 *
 * Context: the context the server's entry was called from (the host's
 * doorbell trap, its polling thread, or the context of a reply that let a
 * waiting command in); must not block. No server lock is held: the
 * handler may call the server's ops, the reply included.
 * Lifetime: @p payload is valid during the call only.
 */
typedef void (*scmia_server_cmd_fn)(void *ctx, void *srv, uint32_t req, uint32_t hdr,
				    const void *payload, uint32_t len);

/**
 * @brief Operations of a server, for handlers that serve several kinds of
 *        transport (the mediator). Const, in ROM.
 */
struct scmia_server_ops {
	/**
	 * Answer request @p req: @p hdr (normally the command's header
	 * echoed), @p body = le32 status + return values, @p len bytes.
	 * Returns SCMIA_OK when the reply is in place (and the agent's
	 * interrupt raised when it asked for one); SCMIA_ESTATE when @p req
	 * is not pending (answered already, or dropped by a reset);
	 * SCMIA_EINVAL for bad arguments. A body longer than the transport's
	 * buffer is cut (counted). Any context; never blocks.
	 */
	int (*reply)(void *srv, uint32_t req, uint32_t hdr, const void *body, uint32_t len);
	/**
	 * Send a delayed response (type 2: @p body = status + payload) or a
	 * notification (type 3: @p body = payload) on the p2a path. Returns
	 * SCMIA_OK when written or queued (the agent still owns the p2a
	 * buffer: it goes out when the agent gives it back); SCMIA_ENOSPC
	 * when dropped because the bounded backlog is full (counted);
	 * SCMIA_ENOTSUP when there is no p2a path; SCMIA_EINVAL for bad
	 * arguments. Any context; never blocks.
	 */
	int (*p2a)(void *srv, uint32_t hdr, const void *body, uint32_t len);
};

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SERVER_H */

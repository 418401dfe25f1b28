/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file notify.h
 * @brief Notification handlers and dispatch.
 *
 * The receive entry copies each notification into a slot of the p2a
 * channel's pool (the bounded queue) and links it to the agent's FIFO. The
 * host drains the FIFO from thread context with scmia_notify_dispatch(),
 * which runs every matching handler without any library lock held. With
 * SCMIA_AGENT_F_NOTIFY_IMMEDIATE the receive entry dispatches right away.
 */
#ifndef SCMIA_NOTIFY_H
#define SCMIA_NOTIFY_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmia_agent;

/** Match notifications from any source. */
#define SCMIA_NOTIFY_SRC_ANY 0xffffffffu

/** A notification as handed to a handler. */
struct scmia_notification {
	uint32_t hdr;        /**< Header (type SCMIA_MSG_TYPE_NOTIFICATION). */
	uint8_t proto_id;    /**< Protocol id. */
	uint8_t msg_id;      /**< Event (message) id. */
	uint32_t src_id;     /**< Source id, or SCMIA_NOTIFY_SRC_ANY if none. */
	const void *payload; /**< Payload after the header (little-endian words). */
	uint32_t len;        /**< Payload length in bytes. */
};

/**
 * @brief Notification handler.
 * @param ctx scmia_notifier::ctx. @param n the notification.
 * Context: the thread calling scmia_notify_dispatch() (or the receive
 * entry's context with immediate dispatch). No library lock is held.
 * Lifetime: @p n and its payload are valid during the call only.
 */
typedef void (*scmia_notify_fn)(void *ctx, const struct scmia_notification *n);

/** A handler registration. Caller-owned; fields set before registering. */
struct scmia_notifier {
	uint8_t proto_id;         /**< Protocol to match. */
	uint8_t evt_id;           /**< Event message id to match. */
	uint32_t src_id;          /**< Source id to match, or SCMIA_NOTIFY_SRC_ANY. */
	scmia_notify_fn fn;       /**< Handler. */
	void *ctx;                /**< Handler context. */
	struct scmia_notifier *next; /**< @private */
};

/**
 * @brief Register a handler. Several may match one notification; each runs.
 * @param agent an initialised agent. @param n caller-owned registration.
 * @return SCMIA_OK; SCMIA_EINVAL for NULL arguments or no handler;
 *         SCMIA_ESTATE when @p n is already registered.
 * Context: thread; never blocks. Must not race scmia_notify_dispatch()
 * on the same agent (call it from the dispatching thread or before
 * dispatch starts).
 * Lifetime: @p n must stay valid until unregistered or the agent is
 * deinitialised.
 */
int scmia_notify_register(struct scmia_agent *agent, struct scmia_notifier *n);

/**
 * @brief Unregister a handler.
 * @param agent the agent. @param n a registered handler.
 * @return SCMIA_OK; SCMIA_EINVAL; SCMIA_ENOENT when not registered.
 * Context: as scmia_notify_register().
 * Lifetime: @p n may go, or be registered again, once this returned SCMIA_OK (it
 * does not race a dispatch: see Context).
 */
int scmia_notify_unregister(struct scmia_agent *agent, struct scmia_notifier *n);

/**
 * @brief Run the handlers of up to @p max queued notifications, oldest
 *        first, and return their slots to the pool.
 * @param agent an initialised agent. @param max most to dispatch (0: all).
 * @return the number dispatched (>= 0), or SCMIA_EINVAL.
 * Context: thread (or wherever the handlers may run); does not block
 * unless a handler does; no library lock held while handlers run.
 * Lifetime: @p agent is used during the call; the notification a handler is given is valid while
 * the handler runs.
 */
int scmia_notify_dispatch(struct scmia_agent *agent, unsigned max);

/**
 * @brief The generic source-id rule: payload word 1 (after the agent id)
 *        when present, except for System power (no source) and when the
 *        payload is shorter than 8 bytes.
 * @param ctx unused. @param hdr header. @param payload payload. @param len length.
 * @return the source id or SCMIA_NOTIFY_SRC_ANY.
 * Context: any, never blocks.
 * Lifetime: @p payload is read during the call only.
 */
uint32_t scmia_notify_src_default(void *ctx, uint32_t hdr, const void *payload, uint32_t len);

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_NOTIFY_H */

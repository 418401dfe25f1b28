/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small SCMI platform built into the bare-metal example's image, playing
 * the part of the SCP (another processor on a real system). It talks to
 * the agent only through the two SMT areas in RAM and the interrupt lines
 * of board.h, and runs only in the platform's interrupt (platform_run()):
 * the agent's doorbell pends it, its timer (bm_platform_alarm()) raises it
 * when a reply is due. It does not use the scmia library: its reading of
 * the SMT layout and of the message header is its own.
 *
 * What it implements (DEN0056):
 * - Base: PROTOCOL_VERSION (2.0), PROTOCOL_ATTRIBUTES (1 protocol,
 *   1 agent), PROTOCOL_MESSAGE_ATTRIBUTES, DISCOVER_VENDOR ("scmia-bm"),
 *   DISCOVER_LIST_PROTOCOLS (Clock);
 * - Clock: PROTOCOL_VERSION (3.0), CLOCK_RATE_GET, CLOCK_RATE_SET
 *   (synchronous, or asynchronous with CLOCK_RATE_SET_COMPLETE as a
 *   delayed response on the p2a area), CLOCK_RATE_NOTIFY and the
 *   CLOCK_RATE_CHANGED notification on the p2a area, CLOCK_CONFIG_SET
 *   (clock 1 takes 50 ms: longer than the timeout the agent gives it).
 * Anything else is answered NOT_SUPPORTED (or NOT_FOUND for a clock that
 * does not exist). Every reply comes PLATFORM_LATENCY_US after the
 * command (on the platform's next timer interrupt); the delayed response
 * 1 ms after its command, the notification 0.5 ms after the rate changed.
 * p2a messages ask for the completion doorbell (flags bit0), and the next
 * p2a message waits until the agent set the area FREE again.
 *
 * Storage is static; the areas are the caller's.
 */
#ifndef BM_PLATFORM_H
#define BM_PLATFORM_H

#include <stdint.h>

/** Latency of an ordinary reply, µs. */
#define PLATFORM_LATENCY_US 200u
/** Latency of CLOCK_CONFIG_SET on clock 1, µs. */
#define PLATFORM_SLOW_US 50000u
/** Number of clocks (0 and 1). */
#define PLATFORM_CLOCKS 2u
/** Initial rate of every clock, Hz. */
#define PLATFORM_RATE0 100000000u
/** The agent id the platform gives its one agent. */
#define PLATFORM_AGENT_ID 1u

/** What the platform did. */
struct platform_stats {
	uint32_t commands;      /**< Commands taken from the a2p area. */
	uint32_t replies;       /**< Replies written (FREE set). */
	uint32_t slow;          /**< Of them, slow ones (CLOCK_CONFIG_SET on clock 1). */
	uint32_t delayed;       /**< Delayed responses posted on the p2a area. */
	uint32_t notifications; /**< Notifications posted on the p2a area. */
	uint32_t acks;          /**< p2a completion doorbells from the agent. */
	uint32_t empty_doorbells; /**< Doorbells with no command in the area. */
	uint32_t bad;           /**< Commands it could not parse. */
};

/**
 * Reset the platform: forget every queued message and setting, mark both
 * areas FREE (the agent may write a2p; the platform may post on p2a).
 * Call with the agent's mailbox interrupts off and no command in flight.
 */
void platform_init(volatile uint32_t *a2p, volatile uint32_t *p2a, uint32_t area_size);
/** The a2p doorbell (the agent's SMT ring hook). Any context. */
void platform_doorbell(void);
/** The p2a completion doorbell (the agent's SMT ack hook). Any context. */
void platform_ack(void);
/** Copy the statistics. */
void platform_get_stats(struct platform_stats *out);
/** 1 when nothing is queued and no command is being processed. */
int platform_idle(void);

#endif /* BM_PLATFORM_H */

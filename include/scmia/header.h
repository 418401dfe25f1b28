/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file header.h
 * @brief SCMI message header codec (DEN0056 §4.1.1) and wire constants.
 *
 * | bits  | field        |
 * |-------|--------------|
 * | 7:0   | message id   |
 * | 9:8   | message type |
 * | 17:10 | protocol id  |
 * | 27:18 | token        |
 * | 31:28 | reserved (0) |
 *
 * The header travels as a little-endian 32-bit word; these helpers work on
 * the host-order value. Use scmia_get_le32()/scmia_put_le32() at the wire.
 */
#ifndef SCMIA_HEADER_H
#define SCMIA_HEADER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Message type: command; its response echoes the whole header. */
#define SCMIA_MSG_TYPE_COMMAND 0u
/** Message type: delayed response of an asynchronous command. */
#define SCMIA_MSG_TYPE_DELAYED_RESP 2u
/** Message type: notification from the platform. */
#define SCMIA_MSG_TYPE_NOTIFICATION 3u

/** Protocol identifiers (DEN0056). */
#define SCMIA_PROTO_BASE 0x10u     /**< Base protocol. */
#define SCMIA_PROTO_POWER 0x11u    /**< Power domain management. */
#define SCMIA_PROTO_SYSTEM 0x12u   /**< System power management. */
#define SCMIA_PROTO_PERF 0x13u     /**< Performance domain management. */
#define SCMIA_PROTO_CLOCK 0x14u    /**< Clock management. */
#define SCMIA_PROTO_SENSOR 0x15u   /**< Sensor management. */
#define SCMIA_PROTO_RESET 0x16u    /**< Reset domain management. */
#define SCMIA_PROTO_VOLTAGE 0x17u  /**< Voltage domain management. */
#define SCMIA_PROTO_POWERCAP 0x18u /**< Power capping and monitoring. */
#define SCMIA_PROTO_PINCTRL 0x19u  /**< Pin control. */
#define SCMIA_PROTO_VENDOR_FIRST 0x80u /**< First vendor protocol id. */

/** Messages common to every protocol. */
#define SCMIA_MSG_PROTOCOL_VERSION 0x0u            /**< PROTOCOL_VERSION. */
#define SCMIA_MSG_PROTOCOL_ATTRIBUTES 0x1u         /**< PROTOCOL_ATTRIBUTES. */
#define SCMIA_MSG_PROTOCOL_MESSAGE_ATTRIBUTES 0x2u /**< PROTOCOL_MESSAGE_ATTRIBUTES. */
#define SCMIA_MSG_NEGOTIATE_PROTOCOL_VERSION 0x10u /**< NEGOTIATE_PROTOCOL_VERSION. */

/** SCMI status: SUCCESS (DEN0056 §4.1.4). */
#define SCMIA_STATUS_SUCCESS 0
/** SCMI status: NOT_SUPPORTED. */
#define SCMIA_STATUS_NOT_SUPPORTED (-1)
/** SCMI status: INVALID_PARAMETERS. */
#define SCMIA_STATUS_INVALID_PARAMETERS (-2)
/** SCMI status: DENIED. */
#define SCMIA_STATUS_DENIED (-3)
/** SCMI status: NOT_FOUND. */
#define SCMIA_STATUS_NOT_FOUND (-4)
/** SCMI status: OUT_OF_RANGE. */
#define SCMIA_STATUS_OUT_OF_RANGE (-5)
/** SCMI status: BUSY. */
#define SCMIA_STATUS_BUSY (-6)
/** SCMI status: COMMS_ERROR. */
#define SCMIA_STATUS_COMMS_ERROR (-7)
/** SCMI status: GENERIC_ERROR. */
#define SCMIA_STATUS_GENERIC_ERROR (-8)
/** SCMI status: HARDWARE_ERROR. */
#define SCMIA_STATUS_HARDWARE_ERROR (-9)
/** SCMI status: PROTOCOL_ERROR. */
#define SCMIA_STATUS_PROTOCOL_ERROR (-10)
/** SCMI status: IN_USE. */
#define SCMIA_STATUS_IN_USE (-11)

/** Mask of the 10-bit token. */
#define SCMIA_HDR_TOKEN_MASK 0x3ffu

/**
 * @brief Pack a message header.
 * @param msg_id message id (8 bits).
 * @param type message type (2 bits; higher bits are discarded).
 * @param proto_id protocol id (8 bits).
 * @param token sequence number (10 bits; higher bits are discarded).
 * @return the host-order header word; bits 31:28 are 0.
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline uint32_t scmia_hdr_pack(uint8_t msg_id, uint32_t type, uint8_t proto_id,
				      uint32_t token)
{
	return (uint32_t)msg_id | ((type & 0x3u) << 8) | ((uint32_t)proto_id << 10) |
	       ((token & SCMIA_HDR_TOKEN_MASK) << 18);
}

/**
 * @brief Message id of a header. @param hdr header. @return bits 7:0. Context: any.
 * Lifetime: nothing is kept.
 */
static inline uint8_t scmia_hdr_msg_id(uint32_t hdr)
{
	return (uint8_t)(hdr & 0xffu);
}

/**
 * @brief Message type of a header. @param hdr header. @return bits 9:8. Context: any.
 * Lifetime: nothing is kept.
 */
static inline uint32_t scmia_hdr_type(uint32_t hdr)
{
	return (hdr >> 8) & 0x3u;
}

/**
 * @brief Protocol id of a header. @param hdr header. @return bits 17:10. Context: any.
 * Lifetime: nothing is kept.
 */
static inline uint8_t scmia_hdr_proto_id(uint32_t hdr)
{
	return (uint8_t)((hdr >> 10) & 0xffu);
}

/**
 * @brief Token of a header. @param hdr header. @return bits 27:18. Context: any.
 * Lifetime: nothing is kept.
 */
static inline uint32_t scmia_hdr_token(uint32_t hdr)
{
	return (hdr >> 18) & SCMIA_HDR_TOKEN_MASK;
}

/**
 * @brief Reserved bits of a header. @param hdr header. @return bits 31:28 (0 when well formed).
 * Context: any.
 * Lifetime: nothing is kept.
 */
static inline uint32_t scmia_hdr_reserved(uint32_t hdr)
{
	return hdr >> 28;
}

/**
 * @brief Whether two headers name the same message (id, protocol, token),
 *        ignoring the type. Used to check that a response echoes its command.
 * @param a first header. @param b second header.
 * @return 1 when equal on those fields, 0 otherwise. Context: any.
 * Lifetime: nothing is kept (values only).
 */
static inline int scmia_hdr_same_msg(uint32_t a, uint32_t b)
{
	return ((a ^ b) & 0x0ffffcffu) == 0;
}

/**
 * @brief Read a little-endian 32-bit value from possibly unaligned bytes.
 * @param p four readable bytes. @return the value in host order.
 * Context: any. Lifetime: @p p is read during the call only.
 */
static inline uint32_t scmia_get_le32(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;
	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
	       ((uint32_t)b[3] << 24);
}

/**
 * @brief Write a 32-bit value as little-endian bytes.
 * @param p four writable bytes. @param v value in host order.
 * Context: any. Lifetime: @p p is written during the call only.
 */
static inline void scmia_put_le32(void *p, uint32_t v)
{
	uint8_t *b = (uint8_t *)p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

/**
 * @brief Read a 64-bit value sent as two little-endian words, low word first
 *        (the SCMI convention for rates, counters and timestamps).
 * @param p eight readable bytes. @return the value in host order.
 * Context: any. Lifetime: @p p is read during the call only.
 */
static inline uint64_t scmia_get_le64(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;
	return (uint64_t)scmia_get_le32(b) | ((uint64_t)scmia_get_le32(b + 4) << 32);
}

/**
 * @brief Write a 64-bit value as two little-endian words, low word first.
 * @param p eight writable bytes. @param v value in host order.
 * Context: any. Lifetime: @p p is written during the call only.
 */
static inline void scmia_put_le64(void *p, uint64_t v)
{
	uint8_t *b = (uint8_t *)p;
	scmia_put_le32(b, (uint32_t)v);
	scmia_put_le32(b + 4, (uint32_t)(v >> 32));
}

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_HEADER_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file config.h
 * @brief Compile-time configuration with guarded defaults.
 *
 * Define SCMIA_CONFIG_FILE (for example `-DSCMIA_CONFIG_FILE="my_scmia.h"`)
 * to include a user options header first; every option below keeps its
 * value when that header already defined it. Switches are 0/1 and tested
 * with `#if` (the library builds with -Wundef).
 *
 * Run-time configuration fields that are 0 mean "use the default below".
 */
#ifndef SCMIA_CONFIG_H
#define SCMIA_CONFIG_H

#ifdef SCMIA_CONFIG_FILE
#include SCMIA_CONFIG_FILE
#endif

/** Default reply timeout in microseconds (Linux: 30 ms). */
#ifndef SCMIA_DEFAULT_REPLY_TIMEOUT_US
#define SCMIA_DEFAULT_REPLY_TIMEOUT_US 30000u
#endif

/** Default delayed-response timeout in microseconds (Linux: 2 s). */
#ifndef SCMIA_DEFAULT_DRESP_TIMEOUT_US
#define SCMIA_DEFAULT_DRESP_TIMEOUT_US 2000000u
#endif

/** Default number of slots per channel when neither the channel
 *  configuration nor the transport says otherwise (Linux: 20). */
#ifndef SCMIA_DEFAULT_MAX_MSG
#define SCMIA_DEFAULT_MAX_MSG 20u
#endif

/** Default maximum payload size in bytes (Linux: 104, a 128-byte SMT area). */
#ifndef SCMIA_DEFAULT_MSG_SIZE
#define SCMIA_DEFAULT_MSG_SIZE 104u
#endif

/** Upper bound of max_msg: the token is 10 bits wide (DEN0056). */
#define SCMIA_MAX_MSG_LIMIT 1024u

/** Number of tokens the agent cycles through (10-bit token field). */
#define SCMIA_TOKEN_SPACE 1024u

/** 1: compile scmia_strerror() with message texts; 0: it returns "". */
#ifndef SCMIA_CFG_STRERROR
#define SCMIA_CFG_STRERROR 1
#endif

/** Without a clock (no now_us op), each polling iteration counts as this
 *  many microseconds of virtual time, so that a timeout still ends a wait. */
#ifndef SCMIA_NOCLOCK_POLL_STEP_US
#define SCMIA_NOCLOCK_POLL_STEP_US 1u
#endif

#if SCMIA_DEFAULT_MAX_MSG < 1 || SCMIA_DEFAULT_MAX_MSG > 1024
#error "SCMIA_DEFAULT_MAX_MSG must be within [1, 1024]"
#endif
#if SCMIA_DEFAULT_MSG_SIZE < 8 || SCMIA_DEFAULT_MSG_SIZE > 65532
#error "SCMIA_DEFAULT_MSG_SIZE must be within [8, 65532]"
#endif
#if SCMIA_DEFAULT_REPLY_TIMEOUT_US < 1
#error "SCMIA_DEFAULT_REPLY_TIMEOUT_US must be positive"
#endif
#if SCMIA_DEFAULT_DRESP_TIMEOUT_US < 1
#error "SCMIA_DEFAULT_DRESP_TIMEOUT_US must be positive"
#endif

#endif /* SCMIA_CONFIG_H */

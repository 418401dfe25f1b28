/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia_smccc.h
 * @brief Arm SMC Calling Convention (SMCCC, Arm DEN0028) vocabulary shared by
 *        the SMC/HVC transport and the firmware-call wait-queue: register
 *        sets, the host's call hook and function identifier helpers.
 *
 * The library never issues an SMC or HVC itself: the host supplies a call
 * hook (scmia_smccc_call_fn) that loads a0..a7 into x0..x7 (r0..r7 on
 * AArch32), executes `smc #0` or `hvc #0` and stores x0..x3 back. Which
 * conduit is used is the host's business (docs/porting-smc.md has examples).
 *
 * Function identifier (SMCCC §2.5):
 * | bits  | field                                            |
 * |-------|--------------------------------------------------|
 * | 31    | 1: fast call, 0: yielding ("standard") call       |
 * | 30    | 1: SMC64/HVC64 convention, 0: SMC32/HVC32         |
 * | 29:24 | owning entity (0 Arm arch, 2 SiP, 3 OEM, 4 std...) |
 * | 23:16 | zero (bit 16: SVE hint since SMCCC v1.3)          |
 * | 15:0  | function number                                   |
 */
#ifndef SCMIA_SMCCC_H
#define SCMIA_SMCCC_H

#include <stdint.h>

#include "scmia/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * How the SMC transport and the firmware-call wait-queue update the state
 * they share between contexts (a sender and an interrupt handler, several
 * senders, several wake handlers):
 * - 1: C11 atomic read-modify-write operations (compare-and-swap,
 *   fetch-and-add), lock-free;
 * - 0: a load and a store inside a lock (the SMC transport: the agent's,
 *   through scmia_chan_lock(); the wait-queue: the lock op of
 *   scmia_fwcall_cfg::os), for targets without
 *   compare-and-swap instructions (ARMv6-M such as Cortex-M0+, RV32I
 *   without the A extension), where the C11 operations become __atomic_*
 *   library calls that no bare-metal runtime provides. Plain loads and
 *   stores stay C11 atomics (single aligned words: no library call).
 *
 * Default: 1 when the compiler reports a 4-byte compare-and-swap (and one
 * of pointer size), 0 otherwise (also for compilers that do not say).
 * Define it (-D or SCMIA_CONFIG_FILE) to choose.
 */
#ifndef SCMIA_SMC_LOCKFREE
#if defined(__GCC_HAVE_SYNC_COMPARE_AND_SWAP_4) && \
	(__SIZEOF_POINTER__ == 4 || defined(__GCC_HAVE_SYNC_COMPARE_AND_SWAP_8))
#define SCMIA_SMC_LOCKFREE 1
#else
#define SCMIA_SMC_LOCKFREE 0
#endif
#endif
#if SCMIA_SMC_LOCKFREE != 0 && SCMIA_SMC_LOCKFREE != 1
#error "SCMIA_SMC_LOCKFREE must be 0 or 1"
#endif

/** Registers a0..a7 handed to the firmware (x0..x7 / r0..r7). a0 is the
 *  function identifier. Values wider than the convention (SMC32) are
 *  truncated by the host's call hook. */
struct scmia_smccc_args {
	uint64_t a0; /**< Function identifier. */
	uint64_t a1; /**< Argument 1. */
	uint64_t a2; /**< Argument 2. */
	uint64_t a3; /**< Argument 3. */
	uint64_t a4; /**< Argument 4. */
	uint64_t a5; /**< Argument 5. */
	uint64_t a6; /**< Argument 6 (session or client id in some conventions). */
	uint64_t a7; /**< Argument 7 (hypervisor client id in some conventions). */
};

/** Registers a0..a3 returned by the firmware. */
struct scmia_smccc_res {
	uint64_t a0; /**< Result 0: status or return code. */
	uint64_t a1; /**< Result 1. */
	uint64_t a2; /**< Result 2. */
	uint64_t a3; /**< Result 3. */
};

/**
 * @brief The host's SMCCC call: load @p in into the argument registers,
 *        trap to the firmware (SMC or HVC) and store the result registers.
 * @param ctx the host context given with the hook.
 * @param in argument registers a0..a7 (a0: function identifier).
 * @param out result registers a0..a3; every field must be written.
 *
 * Context: whatever context the caller of the library function using the
 * hook runs in (thread, or interrupt for the wait-queue wake handler);
 * must not sleep. Lifetime: @p in and @p out are valid during the call only.
 */
typedef void (*scmia_smccc_call_fn)(void *ctx, const struct scmia_smccc_args *in,
				    struct scmia_smccc_res *out);

/** Function id bit 31: fast call (atomic in the firmware). */
#define SCMIA_SMCCC_FAST_CALL 0x80000000u
/** Function id bit 30: SMC64/HVC64 calling convention. */
#define SCMIA_SMCCC_CONV_64 0x40000000u
/** Shift of the owning entity field in a function id. */
#define SCMIA_SMCCC_OWNER_SHIFT 24u
/** Mask of the owning entity field (after shifting). */
#define SCMIA_SMCCC_OWNER_MASK 0x3fu
/** Owning entity: Arm architecture calls. */
#define SCMIA_SMCCC_OWNER_ARCH 0u
/** Owning entity: CPU service calls. */
#define SCMIA_SMCCC_OWNER_CPU 1u
/** Owning entity: silicon provider (SiP) service calls. */
#define SCMIA_SMCCC_OWNER_SIP 2u
/** Owning entity: OEM service calls. */
#define SCMIA_SMCCC_OWNER_OEM 3u
/** Owning entity: standard secure service calls. */
#define SCMIA_SMCCC_OWNER_STANDARD 4u
/** Owning entity: standard hypervisor service calls. */
#define SCMIA_SMCCC_OWNER_STANDARD_HYP 5u
/** Owning entity: vendor-specific hypervisor service calls. */
#define SCMIA_SMCCC_OWNER_VENDOR_HYP 6u
/** Mask of the function number field of a function id. */
#define SCMIA_SMCCC_FUNC_MASK 0xffffu

/** SMCCC return code: the function id is not implemented (-1 in a0). */
#define SCMIA_SMCCC_RET_NOT_SUPPORTED (-1)

/**
 * @brief Build an SMCCC function identifier.
 * @param fast non-zero for a fast call, 0 for a yielding (standard) call.
 * @param is64 non-zero for the SMC64/HVC64 convention, 0 for SMC32/HVC32.
 * @param owner owning entity (SCMIA_SMCCC_OWNER_*; 6 bits, higher bits dropped).
 * @param func function number (16 bits, higher bits dropped).
 * @return the 32-bit function identifier.
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline uint32_t scmia_smccc_fid(unsigned fast, unsigned is64, unsigned owner,
				       unsigned func)
{
	return (fast ? SCMIA_SMCCC_FAST_CALL : 0u) | (is64 ? SCMIA_SMCCC_CONV_64 : 0u) |
	       (((uint32_t)owner & SCMIA_SMCCC_OWNER_MASK) << SCMIA_SMCCC_OWNER_SHIFT) |
	       ((uint32_t)func & SCMIA_SMCCC_FUNC_MASK);
}

/**
 * @brief Build the function identifier of a service command, with the
 *        function number (service << 8) | command (the SiP convention the
 *        wait-queue firmware uses: service 0x24, commands 0x02 and 0x03).
 * @param fast non-zero for a fast call. @param is64 non-zero for SMC64.
 * @param owner owning entity (SCMIA_SMCCC_OWNER_*).
 * @param svc service number (8 bits). @param cmd command number (8 bits).
 * @return the function identifier.
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline uint32_t scmia_smccc_fid_svc(unsigned fast, unsigned is64, unsigned owner,
					   unsigned svc, unsigned cmd)
{
	return scmia_smccc_fid(fast, is64, owner, ((svc & 0xffu) << 8) | (cmd & 0xffu));
}

/**
 * @brief Whether a function identifier uses the 64-bit convention.
 * @param fid function identifier. @return 1 for SMC64/HVC64, 0 for SMC32.
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline int scmia_smccc_is_64(uint32_t fid)
{
	return (fid & SCMIA_SMCCC_CONV_64) != 0;
}

/**
 * @brief Whether a function identifier names a fast call.
 * @param fid function identifier. @return 1 for a fast call, 0 otherwise.
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline int scmia_smccc_is_fast(uint32_t fid)
{
	return (fid & SCMIA_SMCCC_FAST_CALL) != 0;
}

/**
 * @brief Signed value of a result register of a call made with @p fid.
 *
 * An SMC32 call returns 32-bit results: the upper half of a 64-bit
 * register is not part of the result, so only the low 32 bits are used,
 * sign-extended. An SMC64 call uses the whole register.
 * @param fid the function identifier of the call. @param reg a result register.
 * @return the signed result (for example -1 for NOT_SUPPORTED in either convention).
 * Context: any, never blocks.
 * Lifetime: nothing is kept (values only).
 */
static inline int64_t scmia_smccc_ret(uint32_t fid, uint64_t reg)
{
	if (scmia_smccc_is_64(fid))
		return (int64_t)reg;
	return (int64_t)(int32_t)(uint32_t)(reg & 0xffffffffu);
}

/** @private Atomic qualifier for private fields updated with C11 atomics by
 *  the implementation; other languages see the plain type (same size and
 *  alignment, checked by static assertions in the implementation). */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && \
	!defined(__STDC_NO_ATOMICS__)
#define SCMIA_SMC_ATOMIC _Atomic
#else
#define SCMIA_SMC_ATOMIC
#endif

#ifdef __cplusplus
}
#endif

#endif /* SCMIA_SMCCC_H */

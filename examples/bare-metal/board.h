/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The board layer of the bare-metal example: what main.c (the agent) and
 * platform.c (the SCMI platform built into the same image) need from the
 * hardware. board_cortex_m.c implements it for the Arm MPS2 boards
 * (Cortex-M3 AN385, Cortex-M4 AN386: NVIC, SysTick, CMSDK UART), and
 * board_riscv.c for QEMU's RISC-V virt machine (CLINT, NS16550 UART).
 *
 * Interrupt lines (each a real interrupt of the core):
 * - the platform's interrupt: the agent's doorbells pend it, and the
 *   platform's alarm (its timer) raises it; its handler runs platform_run();
 * - the agent's two mailbox interrupts, raised by the platform: a2p
 *   completion and p2a "message posted"; their handlers call
 *   scmia_smt_irq() through bm_agent_irq().
 */
#ifndef BM_BOARD_H
#define BM_BOARD_H

#include <stdint.h>

/** The agent's mailbox interrupt lines. */
enum bm_line { BM_LINE_A2P = 0, BM_LINE_P2A = 1 };

/** Set up the console, the clock and the interrupt controller (the
 *  platform's interrupt enabled, the agent's two disabled). */
void bm_board_init(void);
/** Name of the board, for the banner. */
const char *bm_board_name(void);
/** Name of the core the image runs on, read from the core itself (CPUID,
 *  misa), for the banner. */
const char *bm_core_name(void);
/** Write one character to the console. */
void bm_putc(char c);
/** End the run: the emulator exits with @p code (0 pass, else fail). */
void bm_exit(int code) __attribute__((noreturn));

/** Mask every interrupt; return what to restore. */
uintptr_t bm_irq_save(void);
/** Restore the interrupt mask saved by bm_irq_save(). */
void bm_irq_restore(uintptr_t key);
/** Sleep until the next interrupt (a wake-up within one clock tick at
 *  most: the clock interrupts every tick). */
void bm_idle(void);

/** The board's monotonic clock in µs: 64 bits, never wraps. Any context. */
uint64_t bm_clock_us(void);
/** Restart the clock just below the wrap of its 32-bit hardware or tick
 *  count, so that the count wraps during the next run. */
void bm_clock_near_wrap(void);
/** How many times the 32-bit count wrapped since bm_clock_near_wrap(). */
uint32_t bm_clock_wraps(void);

/** Pend the platform's interrupt (its doorbell). Any context. */
void bm_platform_kick(void);
/** Raise the platform's interrupt at @p at_us of bm_clock_us() (its
 *  timer); UINT64_MAX cancels. Called by the platform only. */
void bm_platform_alarm(uint64_t at_us);
/** Raise an agent mailbox interrupt. Called by the platform only. */
void bm_agent_raise(enum bm_line line);
/** Enable (after discarding a stale pending one) or disable the agent's
 *  mailbox interrupts. */
void bm_agent_irqs(int enable);

/* Provided by the example, called by the board's interrupt handlers. */
/** The platform's interrupt handler body. */
void platform_run(void);
/** The agent's mailbox interrupt handler body for @p line. */
void bm_agent_irq(enum bm_line line);
/** Entry point after the board's startup code. */
int bm_main(void);

#endif /* BM_BOARD_H */

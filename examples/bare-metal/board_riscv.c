/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Board layer for QEMU's RISC-V virt machine, hart 0 in machine mode
 * (qemu-system-riscv32 -M virt -bios none): RAM at 0x80000000, the
 * NS16550A UART0 at 0x10000000, the CLINT at 0x2000000 (msip, mtimecmp,
 * a 10 MHz mtime), the SiFive test device at 0x100000 to exit.
 *
 * Clock: mtime, 64 bits; on RV32 it is read as two 32-bit halves, the high
 * one before and after the low one (a carry between the two reads makes
 * them differ: read again). bm_clock_near_wrap() sets mtime just below
 * 2^32 so that the low half wraps during the run.
 *
 * Interrupts: the machine timer interrupt ticks every millisecond (so that
 * WFI, the agent's back-off hook, never sleeps past a deadline the agent
 * must check) and runs the platform: its doorbell sets mtimecmp to 0, its
 * alarm brings mtimecmp forward to the alarm time. The agent's two mailbox
 * lines share the machine software interrupt (msip), with a word saying
 * which lines the platform raised. The agent's lock clears mstatus.MIE:
 * it masks both.
 */
#include <stdint.h>

#include "board.h"

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define UART_BASE 0x10000000u
#define TEST_DEV REG32(0x00100000u)
#define CLINT_MSIP REG32(0x02000000u)
#define CLINT_MTIMECMP_LO REG32(0x02004000u)
#define CLINT_MTIMECMP_HI REG32(0x02004004u)
#define CLINT_MTIME_LO REG32(0x0200bff8u)
#define CLINT_MTIME_HI REG32(0x0200bffcu)

#define MTIME_PER_US 10u /* 10 MHz */
#define TICK (1000u * MTIME_PER_US)
#define MSTATUS_MIE (1u << 3)
#define MIE_MSIE (1u << 3)
#define MIE_MTIE (1u << 7)
#define MCAUSE_INT (1u << 31)

/* CSR instructions: Zicsr, which -march=rv32imac does not name on its own
 * with binutils that follow the 2019 ISA manual. */
#define CSR(insn) ".option push\n\t.option arch, +zicsr\n\t" insn "\n\t.option pop"

#ifndef BM_BOARD_NAME
#define BM_BOARD_NAME "QEMU RISC-V virt"
#endif

extern uint32_t __bm_bss_start[];
extern uint32_t __bm_bss_end[];

void bm_cstart(void);
void bm_trap(void);
void _start(void);

/* Platform alarm in mtime ticks (UINT64_MAX: none); a doorbell pending;
 * the next tick. */
static volatile uint64_t alarm_cmp = UINT64_MAX;
static volatile uint32_t kicked;
static volatile uint64_t tick_cmp;
/* Agent lines the platform raised (BM_LINE_* bits), taken by the msip trap. */
static volatile uint32_t lines;
static uint32_t wrap_base;

const char *bm_board_name(void)
{
	return BM_BOARD_NAME;
}

const char *bm_core_name(void)
{
	static char name[32];
	uint32_t misa, i, n = 0;

	__asm__ volatile(CSR("csrr %0, misa") : "=r"(misa));
	name[n++] = 'R';
	name[n++] = 'V';
	name[n++] = (misa >> 30) == 1u ? '3' : (misa >> 30) == 2u ? '6' : '?';
	name[n++] = (misa >> 30) == 1u ? '2' : (misa >> 30) == 2u ? '4' : '?';
	for (i = 0; i < 26u && n < sizeof(name) - 1u; i++)
		if (misa & (1u << i))
			name[n++] = (char)('A' + i);
	name[n] = 0;
	return name;
}

uintptr_t bm_irq_save(void)
{
	uintptr_t old;

	__asm__ volatile(CSR("csrrci %0, mstatus, 8") : "=r"(old)::"memory");
	return old & MSTATUS_MIE;
}

void bm_irq_restore(uintptr_t key)
{
	if (key & MSTATUS_MIE)
		__asm__ volatile(CSR("csrsi mstatus, 8") ::: "memory");
}

void bm_idle(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void bm_putc(char c)
{
	volatile uint8_t *u = (volatile uint8_t *)(uintptr_t)UART_BASE;

	while (!(u[5] & 0x20u)) /* LSR.THRE */
		;
	u[0] = (uint8_t)c;
}

void bm_exit(int code)
{
	TEST_DEV = code == 0 ? 0x5555u : (((uint32_t)code << 16) | 0x3333u);
	for (;;)
		__asm__ volatile("wfi");
}

static uint64_t mtime(void)
{
	uint32_t hi, lo;

	do {
		hi = CLINT_MTIME_HI;
		lo = CLINT_MTIME_LO;
	} while (hi != CLINT_MTIME_HI);
	return ((uint64_t)hi << 32) | lo;
}

static void set_mtimecmp(uint64_t v)
{
	/* No spurious match while the halves are written: high word to its
	 * maximum first. */
	CLINT_MTIMECMP_HI = 0xffffffffu;
	CLINT_MTIMECMP_LO = (uint32_t)v;
	CLINT_MTIMECMP_HI = (uint32_t)(v >> 32);
}

/* The next timer interrupt: now for a doorbell, else the alarm or the
 * tick, whichever comes first. Interrupts masked. */
static void program_timer(void)
{
	set_mtimecmp(kicked ? 0u : alarm_cmp < tick_cmp ? alarm_cmp : tick_cmp);
}

uint64_t bm_clock_us(void)
{
	return mtime() / MTIME_PER_US;
}

void bm_clock_near_wrap(void)
{
	uintptr_t key = bm_irq_save();
	/* 20 ms before the low half wraps. */
	uint64_t t = 0x100000000ull - 20000ull * MTIME_PER_US;

	CLINT_MTIME_HI = 0;
	CLINT_MTIME_LO = (uint32_t)t;
	CLINT_MTIME_HI = (uint32_t)(t >> 32);
	wrap_base = (uint32_t)(t >> 32);
	alarm_cmp = UINT64_MAX;
	tick_cmp = t + TICK;
	program_timer();
	bm_irq_restore(key);
}

uint32_t bm_clock_wraps(void)
{
	return (uint32_t)(mtime() >> 32) - wrap_base;
}

void bm_platform_kick(void)
{
	uintptr_t key = bm_irq_save();

	kicked = 1;
	program_timer();
	bm_irq_restore(key);
}

void bm_platform_alarm(uint64_t at_us)
{
	uintptr_t key = bm_irq_save();

	alarm_cmp = at_us == UINT64_MAX ? UINT64_MAX : at_us * MTIME_PER_US;
	program_timer();
	bm_irq_restore(key);
}

void bm_agent_raise(enum bm_line line)
{
	uintptr_t key = bm_irq_save();

	lines |= 1u << line;
	CLINT_MSIP = 1u;
	bm_irq_restore(key);
}

void bm_agent_irqs(int enable)
{
	uintptr_t key = bm_irq_save();

	if (enable) {
		CLINT_MSIP = 0;
		lines = 0;
		__asm__ volatile(CSR("csrs mie, %0") ::"r"(MIE_MSIE) : "memory");
	} else {
		__asm__ volatile(CSR("csrc mie, %0") ::"r"(MIE_MSIE) : "memory");
	}
	bm_irq_restore(key);
}

static void fault(uint32_t cause, uint32_t epc)
{
	static const char hex[] = "0123456789abcdef";
	static const char msg[] = "\nfault mcause 0x";
	const char *p;
	int i;

	for (p = msg; *p; p++)
		bm_putc(*p);
	for (i = 28; i >= 0; i -= 4)
		bm_putc(hex[(cause >> i) & 15u]);
	bm_putc(' ');
	for (i = 28; i >= 0; i -= 4)
		bm_putc(hex[(epc >> i) & 15u]);
	bm_putc('\n');
	bm_exit(2);
}

/* Machine-mode trap entry (mtvec, direct mode): interrupts only. */
__attribute__((interrupt("machine"), aligned(4))) void bm_trap(void)
{
	uint32_t cause, epc;

	__asm__ volatile(CSR("csrr %0, mcause") : "=r"(cause));
	__asm__ volatile(CSR("csrr %0, mepc") : "=r"(epc));
	if (cause == (MCAUSE_INT | 7u)) {
		/* Machine timer: the tick, the platform's doorbell or alarm. */
		uint64_t now = mtime();
		int run = kicked || now >= alarm_cmp;

		while (tick_cmp <= now)
			tick_cmp += TICK;
		kicked = 0;
		if (now >= alarm_cmp)
			alarm_cmp = UINT64_MAX;
		program_timer();
		if (run)
			platform_run();
	} else if (cause == (MCAUSE_INT | 3u)) {
		uint32_t l;

		CLINT_MSIP = 0;
		l = lines;
		lines = 0;
		if (l & (1u << BM_LINE_A2P))
			bm_agent_irq(BM_LINE_A2P);
		if (l & (1u << BM_LINE_P2A))
			bm_agent_irq(BM_LINE_P2A);
	} else {
		fault(cause, epc);
	}
}

void bm_board_init(void)
{
	__asm__ volatile(CSR("csrw mtvec, %0") ::"r"((uintptr_t)bm_trap) : "memory");
	CLINT_MSIP = 0;
	tick_cmp = mtime() + TICK;
	program_timer();
	__asm__ volatile(CSR("csrw mie, %0") ::"r"(MIE_MTIE) : "memory");
	__asm__ volatile(CSR("csrsi mstatus, 8") ::: "memory");
}

void bm_cstart(void)
{
	uint32_t *p;

	/* .data is loaded in place (everything is RAM here): only .bss. */
	for (p = __bm_bss_start; p < __bm_bss_end;)
		*p++ = 0;
	bm_exit(bm_main());
}

/* Entry: stack and global pointer, then C. */
__attribute__((naked, section(".text.start"))) void _start(void)
{
	__asm__ volatile(".option push\n\t"
			 ".option norelax\n\t"
			 "la gp, __global_pointer$\n\t"
			 ".option pop\n\t"
			 "la sp, __bm_stack_top\n\t"
			 "j bm_cstart\n\t");
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Board layer for Cortex-M on the Arm MPS2 boards as QEMU models them
 * (mps2-an385: Cortex-M3, mps2-an386: Cortex-M4; the same map): code from
 * address 0, RAM at 0x20000000, the CMSDK UART0 at 0x40004000, a 25 MHz
 * core clock. Only architectural parts of the core are used besides the
 * UART (SysTick, NVIC, PRIMASK, WFI), and only ARMv6-M instructions, so
 * the same file fits a Cortex-M0/M0+.
 *
 * Clock: SysTick interrupts every millisecond and counts the milliseconds
 * in a 32-bit tick count; the count's wraps are counted in a second word,
 * so the clock is 64 bits: (wraps:ticks) ms plus the microseconds elapsed
 * in the current tick, read from the SysTick current value. Reading it
 * with the tick interrupt masked (the agent's lock, or an interrupt
 * handler) while a tick is pending would miss that tick: the reader looks
 * at the pending bit and counts it (see bm_clock_us()).
 *
 * Interrupts (external, pended by software through NVIC ISPR, which every
 * Cortex-M has): 29 the platform, 30 the agent's a2p completion, 31 the
 * agent's p2a message. All at one priority, the default; SysTick too. The
 * agent's lock sets PRIMASK: it masks all of them.
 *
 * Exit: Arm semihosting SYS_EXIT (BKPT 0xAB), QEMU with -semihosting.
 */
#include <stdint.h>

#include "board.h"

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

/* SysTick, SCB, NVIC (ARMv6-M / ARMv7-M system control space) */
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define SCB_ICSR REG32(0xE000ED04u)
#define ICSR_PENDSTSET (1u << 26)
#define ICSR_PENDSTCLR (1u << 25)
#define NVIC_ISER REG32(0xE000E100u)
#define NVIC_ICER REG32(0xE000E180u)
#define NVIC_ISPR REG32(0xE000E200u)
#define NVIC_ICPR REG32(0xE000E280u)

#if defined(BM_MICROBIT) && BM_MICROBIT
/* nRF51 UART0 */
#define UART_STARTTX REG32(0x40002008u)
#define UART_TXDRDY REG32(0x4000211Cu)
#define UART_ENABLE REG32(0x40002500u)
#define UART_TXD REG32(0x4000251Cu)
#define CPU_HZ 16000000u
#else
/* CMSDK APB UART0 */
#define UART_DATA REG32(0x40004000u)
#define UART_STATE REG32(0x40004004u)
#define UART_CTRL REG32(0x40004008u)
#define UART_BAUDDIV REG32(0x40004010u)
#define CPU_HZ 25000000u
#endif
#define TICK_US 1000u
#define CYC_PER_US (CPU_HZ / 1000000u)
#define RELOAD (CPU_HZ / 1000u - 1u)

#define IRQ_PLATFORM 29u
#define IRQ_A2P 30u
#define IRQ_P2A 31u

#if defined(BM_MICROBIT) && BM_MICROBIT
#define BM_BOARD_NAME "BBC micro:bit (nRF51)"
#else
#define BM_BOARD_NAME "Arm MPS2"
#endif

extern uint32_t __bm_data_load[];
extern uint32_t __bm_data_start[];
extern uint32_t __bm_data_end[];
extern uint32_t __bm_bss_start[];
extern uint32_t __bm_bss_end[];
extern uint32_t __bm_stack_top[];

void bm_reset(void);
void bm_fault(void);
void bm_systick(void);
void bm_irq_platform(void);
void bm_irq_a2p(void);
void bm_irq_p2a(void);

/* The tick count and its wraps: written by the SysTick handler only. */
static volatile uint32_t tick_lo;
static volatile uint32_t tick_hi;
static volatile uint32_t wraps_seen;
/* The platform's alarm, in bm_clock_us() time (UINT64_MAX: none). Read by
 * the SysTick handler, written with interrupts masked. */
static volatile uint64_t alarm_at = UINT64_MAX;

const char *bm_board_name(void)
{
	return BM_BOARD_NAME;
}

const char *bm_core_name(void)
{
	/* CPUID.PARTNO */
	switch ((REG32(0xE000ED00u) >> 4) & 0xfffu) {
	case 0xc20u:
		return "Cortex-M0";
	case 0xc60u:
		return "Cortex-M0+";
	case 0xc23u:
		return "Cortex-M3";
	case 0xc24u:
		return "Cortex-M4";
	case 0xc27u:
		return "Cortex-M7";
	case 0xd21u:
		return "Cortex-M33";
	default:
		return "Cortex-M (unknown part)";
	}
}

uintptr_t bm_irq_save(void)
{
	uint32_t primask;

	__asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
	return primask;
}

void bm_irq_restore(uintptr_t key)
{
	/* PRIMASK was 0 (interrupts on) when the matching save ran. */
	if (!(key & 1u))
		__asm__ volatile("cpsie i" ::: "memory");
}

void bm_idle(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}

void bm_putc(char c)
{
#if defined(BM_MICROBIT) && BM_MICROBIT
	UART_TXDRDY = 0;
	UART_TXD = (uint32_t)(unsigned char)c;
	while (!UART_TXDRDY)
		;
#else
	while (UART_STATE & 1u) /* TX buffer full */
		;
	UART_DATA = (uint32_t)(unsigned char)c;
#endif
}

void bm_exit(int code)
{
	/* SYS_EXIT with ADP_Stopped_ApplicationExit (0x20026): status 0;
	 * ADP_Stopped_RunTimeErrorUnknown (0x20023): status 1. */
	register uint32_t r0 __asm__("r0") = 0x18u;
	register uint32_t r1 __asm__("r1") = code == 0 ? 0x20026u : 0x20023u;

	__asm__ volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * The 64-bit clock. The counter counts down from RELOAD to 0, pends the
 * tick interrupt as it reaches 0, and reloads on the next count. With the
 * tick interrupt masked (the agent's lock, another handler), a tick that
 * is due but not handled yet shows as ICSR.PENDSTSET; then the current
 * value is read again (the first read may have come before the reload):
 * in the upper half, the counter has reloaded and the pending tick is
 * behind it: count it; in the lower half, the tick's period is just
 * ending (QEMU pends the tick a few counts before 0): take the end of the
 * period. This holds while nothing masks the tick for more than half a
 * period (0.5 ms): the library's lock is held for a few dozen
 * instructions.
 *
 * The tick count is read before the counter, never after: a handler that
 * ran between the two reads (interrupts enabled) would make the result
 * one tick behind, never ahead, and the core's clamp absorbs a clock that
 * steps back. Here the whole read runs masked, so that does not happen.
 */
uint64_t bm_clock_us(void)
{
	uintptr_t key = bm_irq_save();
	uint32_t lo = tick_lo, hi = tick_hi, cur = SYST_CVR;

	if (SCB_ICSR & ICSR_PENDSTSET) {
		cur = SYST_CVR;
		if (cur > RELOAD / 2u) {
			if (++lo == 0u)
				hi++;
		} else {
			cur = 0;
		}
	}
	bm_irq_restore(key);
	return (((uint64_t)hi << 32) | lo) * TICK_US + (RELOAD - cur) / CYC_PER_US;
}

void bm_clock_near_wrap(void)
{
	uintptr_t key = bm_irq_save();

	/* 20 ticks (ms) before the 32-bit tick count wraps. */
	tick_lo = 0xffffffffu - 19u;
	tick_hi = 0;
	wraps_seen = 0;
	alarm_at = UINT64_MAX;
	SYST_CVR = 0; /* restart the tick */
	SCB_ICSR = ICSR_PENDSTCLR;
	bm_irq_restore(key);
}

uint32_t bm_clock_wraps(void)
{
	return wraps_seen;
}

void bm_systick(void)
{
	uint32_t lo = tick_lo + 1u;

	tick_lo = lo;
	if (lo == 0u) {
		tick_hi = tick_hi + 1u;
		wraps_seen = wraps_seen + 1u;
	}
	if (alarm_at != UINT64_MAX && bm_clock_us() >= alarm_at) {
		alarm_at = UINT64_MAX;
		NVIC_ISPR = 1u << IRQ_PLATFORM;
	}
}

void bm_platform_kick(void)
{
	NVIC_ISPR = 1u << IRQ_PLATFORM;
}

void bm_platform_alarm(uint64_t at_us)
{
	uintptr_t key = bm_irq_save();

	alarm_at = at_us;
	bm_irq_restore(key);
}

void bm_agent_raise(enum bm_line line)
{
	NVIC_ISPR = 1u << (line == BM_LINE_A2P ? IRQ_A2P : IRQ_P2A);
}

void bm_agent_irqs(int enable)
{
	uint32_t m = (1u << IRQ_A2P) | (1u << IRQ_P2A);

	if (enable) {
		NVIC_ICPR = m;
		NVIC_ISER = m;
	} else {
		NVIC_ICER = m;
	}
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

void bm_irq_platform(void)
{
	platform_run();
}

void bm_irq_a2p(void)
{
	bm_agent_irq(BM_LINE_A2P);
}

void bm_irq_p2a(void)
{
	bm_agent_irq(BM_LINE_P2A);
}

void bm_board_init(void)
{
#if defined(BM_MICROBIT) && BM_MICROBIT
	UART_ENABLE = 4u;
	UART_STARTTX = 1u;
#else
	UART_BAUDDIV = 16u;
	UART_CTRL = 1u; /* TX enable */
#endif
	SYST_RVR = RELOAD;
	SYST_CVR = 0;
	SYST_CSR = 7u; /* processor clock, tick interrupt, enable */
	NVIC_ICPR = 1u << IRQ_PLATFORM;
	NVIC_ISER = 1u << IRQ_PLATFORM;
	bm_agent_irqs(0);
}

void bm_fault(void)
{
	static const char msg[] = "\nfault\n";
	const char *p;

	for (p = msg; *p; p++)
		bm_putc(*p);
	bm_exit(2);
}

void bm_reset(void)
{
	uint32_t *src = __bm_data_load;
	uint32_t *dst;

	for (dst = __bm_data_start; dst < __bm_data_end;)
		*dst++ = *src++;
	for (dst = __bm_bss_start; dst < __bm_bss_end;)
		*dst++ = 0;
	bm_exit(bm_main());
}

/* The vector table: initial stack pointer, 15 system exceptions, then the
 * external interrupts up to the last one used (31). */
struct bm_vectors {
	uint32_t *sp;
	void (*exc[15])(void);
	void (*irq[32])(void);
};

__attribute__((section(".vectors"), used)) const struct bm_vectors bm_vector_table = {
	.sp = __bm_stack_top,
	/* Reset, NMI, HardFault, MemManage, BusFault, UsageFault, 4 reserved,
	 * SVCall, DebugMonitor, reserved, PendSV, SysTick */
	.exc = { bm_reset, bm_fault, bm_fault, bm_fault, bm_fault, bm_fault, 0, 0, 0, 0, bm_fault,
		 bm_fault, 0, bm_fault, bm_systick },
	.irq = { [0] = bm_fault, [1] = bm_fault, [2] = bm_fault, [3] = bm_fault, [4] = bm_fault,
		 [5] = bm_fault, [6] = bm_fault, [7] = bm_fault, [8] = bm_fault, [9] = bm_fault,
		 [10] = bm_fault, [11] = bm_fault, [12] = bm_fault, [13] = bm_fault,
		 [14] = bm_fault, [15] = bm_fault, [16] = bm_fault, [17] = bm_fault,
		 [18] = bm_fault, [19] = bm_fault, [20] = bm_fault, [21] = bm_fault,
		 [22] = bm_fault, [23] = bm_fault, [24] = bm_fault, [25] = bm_fault,
		 [26] = bm_fault, [27] = bm_fault, [28] = bm_fault,
		 [IRQ_PLATFORM] = bm_irq_platform, [IRQ_A2P] = bm_irq_a2p, [IRQ_P2A] = bm_irq_p2a },
};

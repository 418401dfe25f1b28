/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cortex-M startup of the cross-build firmware: the vector table (initial
 * stack pointer, then the 15 system exception handlers) placed first in
 * flash by cortex_m.ld, and the reset handler that copies .data, clears
 * .bss and calls main().
 */
#include <stdint.h>

extern uint32_t __fw_data_load[];
extern uint32_t __fw_data_start[];
extern uint32_t __fw_data_end[];
extern uint32_t __fw_bss_start[];
extern uint32_t __fw_bss_end[];
extern uint32_t __fw_stack_top[];

int main(void);
void fw_reset(void);
void fw_fault(void);

struct fw_vectors {
	uint32_t *sp;
	void (*handler[15])(void);
};

void fw_fault(void)
{
	for (;;)
		;
}

void fw_reset(void)
{
	uint32_t *src = __fw_data_load;
	uint32_t *dst;

	for (dst = __fw_data_start; dst < __fw_data_end;)
		*dst++ = *src++;
	for (dst = __fw_bss_start; dst < __fw_bss_end;)
		*dst++ = 0;
	(void)main();
	for (;;)
		;
}

/* Reset, NMI, HardFault, MemManage, BusFault, UsageFault, SecureFault,
 * three reserved, SVCall, DebugMonitor, reserved, PendSV, SysTick. */
__attribute__((section(".vectors"), used)) const struct fw_vectors fw_vector_table = {
	.sp = __fw_stack_top,
	.handler = { fw_reset, fw_fault, fw_fault, fw_fault, fw_fault, fw_fault, fw_fault, 0, 0,
		     0, fw_fault, fw_fault, 0, fw_fault, fw_fault },
};

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cross-build firmware: an agent in polling mode with no OS table (the
 * bare-metal mode), one a2p channel, and the Base protocol's
 * PROTOCOL_VERSION. The channel is an SMT area in RAM with a doorbell
 * register when the SMT transport is built (FW_SMT), else the mailbox of
 * fw_mailbox.c. Nothing plays the platform: the image is linked, not run.
 */
#include <stdint.h>

#include "scmia/scmia.h"

#if FW_SMT
#include "scmia_smt.h"
#else
#include "fw_mailbox.h"
#endif

/* Stands for the mailbox doorbell register of a board. */
static volatile uint32_t fw_doorbell;

#if FW_SMT
/* Stands for the board's shared memory. */
static uint32_t fw_area[128 / 4];
#define FW_PAYLOAD SCMIA_SMT_PAYLOAD_MAX(sizeof(fw_area))

static int fw_ring(void *ctx)
{
	(void)ctx;
	fw_doorbell = 1u;
	return 0;
}
#else
#define FW_PAYLOAD FW_MAILBOX_PAYLOAD
#endif

static SCMIA_CHAN_MEM_DEFINE(fw_chan_mem, 1, FW_PAYLOAD);

/* Outcome of the command, for a debugger to read. */
volatile int fw_result;
volatile uint32_t fw_base_version;

int main(void)
{
	static struct scmia_agent agent;
	static struct scmia_chan chan;
#if FW_SMT
	static struct scmia_smt_chan tc;
	struct scmia_smt_cfg scfg = { 0 };
#else
	static struct fw_mailbox tc;
#endif
	struct scmia_agent_cfg acfg = { 0 };
	struct scmia_chan_cfg ccfg = { 0 };
	uint8_t rx[4];
	uint32_t rx_len = 0;
	int ret;

#if FW_SMT
	scfg.base = fw_area;
	scfg.size = sizeof(fw_area);
	scfg.ring = fw_ring;
	scfg.flags = SCMIA_SMT_F_NO_IRQ;
	ret = scmia_smt_chan_init(&tc, &scfg);
	acfg.transport = &scmia_smt_transport;
#else
	tc.doorbell = &fw_doorbell;
	ret = SCMIA_OK;
	acfg.transport = &fw_mailbox_transport;
#endif
	acfg.os = NULL; /* no OS: single-threaded polling */
	if (ret == SCMIA_OK)
		ret = scmia_agent_init(&agent, &acfg);
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_POLL;
	ccfg.max_msg = 1;
	ccfg.msg_size = FW_PAYLOAD;
	ccfg.chan_ctx = &tc;
	ccfg.mem = fw_chan_mem;
	ccfg.mem_size = sizeof(fw_chan_mem);
	if (ret == SCMIA_OK)
		ret = scmia_chan_open(&agent, &chan, &ccfg);
	if (ret == SCMIA_OK)
		ret = scmia_cmd(&agent, SCMIA_PROTO_BASE, SCMIA_MSG_PROTOCOL_VERSION, NULL, 0, rx,
				sizeof(rx), &rx_len, 0);
	if (ret == SCMIA_OK && rx_len == sizeof(rx))
		fw_base_version = scmia_get_le32(rx);
	fw_result = ret;
	return ret == SCMIA_OK ? 0 : 1;
}

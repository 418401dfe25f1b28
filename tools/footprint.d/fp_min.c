/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The smallest useful agent, linked by tools/footprint in the minimal
 * configuration beside the image that keeps the whole API: one SMT
 * channel, no OS table (single-threaded polling), the Base protocol
 * through the protocol API, PROTOCOL_VERSION and PROTOCOL_ATTRIBUTES
 * only. Linked with --gc-sections, never run: the area and the doorbell
 * register stand for a board's shared memory and mailbox.
 */
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia/proto/base.h"
#include "scmia/proto/proto.h"
#include "scmia_smt.h"

/* A 128-byte SMT area and a mailbox register; on a board these are fixed
 * addresses. */
static uint32_t fp_area[128 / 4];
static volatile uint32_t fp_mailbox;

static SCMIA_CHAN_MEM_DEFINE(fp_chan_mem, 1, SCMIA_SMT_PAYLOAD_MAX(sizeof(fp_area)));

static int fp_ring(void *ctx)
{
	(void)ctx;
	fp_mailbox = 1u;
	return 0;
}

int main(void)
{
	static struct scmia_agent agent;
	static struct scmia_chan chan;
	static struct scmia_smt_chan sc;
	static struct scmia_proto_set set;
	static struct scmia_proto_handle handles[1];
	struct scmia_proto_handle *base;
	struct scmia_agent_cfg acfg = { 0 };
	struct scmia_chan_cfg ccfg = { 0 };
	struct scmia_smt_cfg scfg = { 0 };
	uint32_t version = 0, len = 0;
	uint8_t attrs[4];

	scfg.base = fp_area;
	scfg.size = sizeof(fp_area);
	scfg.ring = fp_ring;
	scfg.flags = SCMIA_SMT_F_NO_IRQ;
	if (scmia_smt_chan_init(&sc, &scfg))
		return 1;
	acfg.os = NULL;
	acfg.transport = &scmia_smt_transport;
	if (scmia_agent_init(&agent, &acfg))
		return 1;
	ccfg.dir = SCMIA_CHAN_A2P;
	ccfg.completion = SCMIA_COMPLETION_POLL;
	ccfg.max_msg = 1;
	ccfg.chan_ctx = &sc;
	ccfg.mem = fp_chan_mem;
	ccfg.mem_size = sizeof(fp_chan_mem);
	if (scmia_chan_open(&agent, &chan, &ccfg))
		return 1;
	if (scmia_proto_set_init(&set, &agent, handles, 1) ||
	    scmia_proto_register(&set, &scmia_base_desc, NULL, &base))
		return 1;
	if (scmia_proto_version_get(base, &version) ||
	    scmia_proto_attributes_get(base, attrs, sizeof(attrs), &len))
		return 1;
	return (int)(version >> 16);
}

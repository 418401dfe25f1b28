/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Struct sizes for tools/footprint, read without running the target: each
 * array below is as many bytes as the size it is named after, and `nm -S`
 * prints the sizes of the symbols of the compiled object.
 */
#include <stdint.h>

#include "scmia/scmia.h"
#include "scmia/proto/proto.h"
#include "scmia_smt.h"

#define FP_SIZE(name, bytes) const uint8_t scmia_fp_size_##name[(bytes)] = { 1 }

FP_SIZE(scmia_xfer, sizeof(struct scmia_xfer));
FP_SIZE(scmia_chan, sizeof(struct scmia_chan));
FP_SIZE(scmia_agent, sizeof(struct scmia_agent));
FP_SIZE(scmia_smt_chan, sizeof(struct scmia_smt_chan));
FP_SIZE(scmia_proto_set, sizeof(struct scmia_proto_set));
FP_SIZE(scmia_proto_handle, sizeof(struct scmia_proto_handle));
FP_SIZE(chan_mem_20_104, SCMIA_CHAN_MEM_SIZE(20, 104));
FP_SIZE(chan_mem_1_104, SCMIA_CHAN_MEM_SIZE(1, 104));

/* SPDX-License-Identifier: BSD-3-Clause */
/* The Linux-algorithm model of tools/bench (bench_linux.c). */
#ifndef SCMIA_BENCH_LINUX_H
#define SCMIA_BENCH_LINUX_H

#include <stdint.h>

struct lx_xfer;

void lx_init(int use_lock);
struct lx_xfer *lx_xfer_get(void);
int lx_do_xfer(struct lx_xfer *x);
void lx_xfer_put(struct lx_xfer *x);
int lx_rx(uint32_t hdr);

/* The benchmark's transport for the model (bench_core.c). */
void bench_lx_send(uint32_t hdr);
void bench_lx_fetch(int32_t *status);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file scmia.h
 * @brief Umbrella header: everything an scmia user needs.
 */
#ifndef SCMIA_SCMIA_H
#define SCMIA_SCMIA_H

#include "scmia/config.h"
#include "scmia/version.h"
#include "scmia/error.h"
#include "scmia/header.h"
#include "scmia/os.h"
#include "scmia/xfer.h"
#include "scmia/transport.h"
#include "scmia/notify.h"
#include "scmia/agent.h"

#endif /* SCMIA_SCMIA_H */

/* SPDX-License-Identifier: BSD-3-Clause */
#include "scmia/version.h"

uint32_t scmia_version(void)
{
	return (uint32_t)SCMIA_VERSION;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Link configuration (b) of tools/footprint: everything. The library's
 * objects (core, every protocol, every hardware transport) are linked
 * whole (--whole-archive, no --gc-sections), so this main only has to
 * exist; the link shows that the whole library resolves on bare metal and
 * the map gives its share.
 */
#include "scmia/scmia.h"

int main(void)
{
	return (int)scmia_version();
}

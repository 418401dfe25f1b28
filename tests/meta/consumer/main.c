/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Consumer of an installed scmia (find_package or pkg-config): checks that
 * headers and libraries of one version were installed together and that the
 * core, the POSIX port and the loopback transport link and run.
 */
#include <stdio.h>

#include "scmia/scmia.h"
#include "scmia_loopback.h"
#include "scmia_posix.h"

int main(void)
{
	static struct scmia_posix posix;
	static struct scmia_agent agent;
	struct scmia_agent_cfg cfg = { 0 };
	int ret;

	if (scmia_version() != SCMIA_VERSION) {
		printf("consumer: library %#x, headers %#x\n", (unsigned)scmia_version(),
		       (unsigned)SCMIA_VERSION);
		return 1;
	}
	if (scmia_posix_init(&posix) != SCMIA_OK)
		return 1;
	cfg.os = &scmia_posix_os_ops;
	cfg.os_ctx = &posix;
	cfg.transport = &scmia_loopback_transport;
	ret = scmia_agent_init(&agent, &cfg);
	if (ret != SCMIA_OK) {
		printf("consumer: scmia_agent_init: %d (%s)\n", ret, scmia_strerror(ret));
		return 1;
	}
	ret = scmia_agent_deinit(&agent);
	scmia_posix_deinit(&posix);
	if (ret != SCMIA_OK)
		return 1;
	printf("consumer: scmia %s ok\n", SCMIA_VERSION_STRING);
	return 0;
}

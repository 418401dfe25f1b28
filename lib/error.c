/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>

#include "scmia/config.h"
#include "scmia/error.h"
#include "internal.h"

const char *scmia__str_nth(const char *list, unsigned n)
{
	for (; n && *list; n--)
		while (*list++)
			;
	return *list ? list : NULL;
}

#if SCMIA_CFG_STRERROR
/*
 * The texts in one string, each ended by its NUL, an empty text last: the
 * local band by -err (0 .. 16), then the SCMI band by -status (1 .. 11).
 * No table of pointers (116 bytes on a 32-bit core).
 */
#define SCMIA__N_LOCAL 17
static const char scmia_msgs[] =
	"success\0"
	"invalid argument or configuration\0"
	"no free transfer slot\0"
	"timed out\0"
	"transport I/O error\0"
	"malformed message from the platform\0"
	"reply shorter than the message layout\0"
	"unexpected message\0"
	"not supported\0"
	"wrong state\0"
	"not ready, try again\0"
	"channel busy\0"
	"canceled by channel close\0"
	"buffer or table too small\0"
	"not found\0"
	"transport protocol violation\0"
	"denied by local policy\0"
	"SCMI NOT_SUPPORTED\0"
	"SCMI INVALID_PARAMETERS\0"
	"SCMI DENIED\0"
	"SCMI NOT_FOUND\0"
	"SCMI OUT_OF_RANGE\0"
	"SCMI BUSY\0"
	"SCMI COMMS_ERROR\0"
	"SCMI GENERIC_ERROR\0"
	"SCMI HARDWARE_ERROR\0"
	"SCMI PROTOCOL_ERROR\0"
	"SCMI IN_USE\0";
#endif

const char *scmia_strerror(int err)
{
#if SCMIA_CFG_STRERROR
	const char *s = NULL;

	if (err == SCMIA_RX_DEFERRED)
		return "message deferred to the current receiver";
	if (err > 0)
		return "count";
	if (err > -SCMIA__N_LOCAL)
		s = scmia__str_nth(scmia_msgs, (unsigned)-err);
	else if (scmia_err_is_scmi(err))
		s = scmia__str_nth(scmia_msgs,
				   (unsigned)(SCMIA__N_LOCAL - 1 + (SCMIA_E_SCMI_BASE - err)));
	return s ? s : "unknown error";
#else
	(void)err;
	return "";
#endif
}

/* SPDX-License-Identifier: BSD-3-Clause */
#include "scmia/config.h"
#include "scmia/error.h"

#if SCMIA_CFG_STRERROR
/* Indexed by -err for the local band (0 .. 16). */
static const char *const scmia_local_msgs[] = {
	"success",
	"invalid argument or configuration",
	"no free transfer slot",
	"timed out",
	"transport I/O error",
	"malformed message from the platform",
	"reply shorter than the message layout",
	"unexpected message",
	"not supported",
	"wrong state",
	"not ready, try again",
	"channel busy",
	"canceled by channel close",
	"buffer or table too small",
	"not found",
	"transport protocol violation",
	"denied by local policy",
};

/* Indexed by -status (1 .. 11) for the SCMI band. */
static const char *const scmia_scmi_msgs[] = {
	"",
	"SCMI NOT_SUPPORTED",
	"SCMI INVALID_PARAMETERS",
	"SCMI DENIED",
	"SCMI NOT_FOUND",
	"SCMI OUT_OF_RANGE",
	"SCMI BUSY",
	"SCMI COMMS_ERROR",
	"SCMI GENERIC_ERROR",
	"SCMI HARDWARE_ERROR",
	"SCMI PROTOCOL_ERROR",
	"SCMI IN_USE",
};
#endif

const char *scmia_strerror(int err)
{
#if SCMIA_CFG_STRERROR
	if (err == SCMIA_RX_DEFERRED)
		return "message deferred to the current receiver";
	if (err > 0)
		return "count";
	if (err > -(int)(sizeof(scmia_local_msgs) / sizeof(scmia_local_msgs[0])))
		return scmia_local_msgs[-err];
	if (scmia_err_is_scmi(err))
		return scmia_scmi_msgs[SCMIA_E_SCMI_BASE - err];
	return "unknown error";
#else
	(void)err;
	return "";
#endif
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clock management protocol (0x14), DEN0056 §4.6.
 *
 * Layout changes by version (agreed version, scmia_proto_handle::version):
 *   1.0  CLOCK_ATTRIBUTES: attributes (bit 0 enabled), name[16].
 *        CLOCK_CONFIG_SET: clock_id, attributes (bit 0 enable).
 *   2.0  + CLOCK_NAME_GET, CLOCK_RATE_NOTIFY, CLOCK_RATE_CHANGE_REQUESTED_NOTIFY;
 *        attributes bits 31..29; CLOCK_ATTRIBUTES appends
 *        clock_enable_latency (a reply without it is accepted, the
 *        latency absent: TF-A's Clock 3.0 answers that way).
 *   3.0  + CLOCK_CONFIG_GET, CLOCK_POSSIBLE_PARENTS_GET, CLOCK_PARENT_SET/GET,
 *        CLOCK_GET_PERMISSIONS; attributes bits 28, 27 and 1;
 *        CLOCK_CONFIG_SET: clock_id, attributes (state in 1:0, extended
 *        configuration type in 23:16), extended_config_val.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scmia/proto/clock.h"
#include "proto_internal.h"

#if SCMIA_CFG_PROTO_CLOCK

/* PROTOCOL_ATTRIBUTES: one word (max async 23:16, clocks 15:0). */
#define CLOCK_PROTO_ATTRS_LEN 4u
#define CLOCK_MAX_ASYNC(ph) (((ph)->attributes >> 16) & 0xffu)

/* Attribute bits defined by each version; the rest is reserved. */
#define CLOCK_ATTR_V1 SCMIA_CLOCK_ATTR_ENABLED
#define CLOCK_ATTR_V2                                                                  \
	(CLOCK_ATTR_V1 | SCMIA_CLOCK_ATTR_EXT_NAME |                                   \
	 SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGE_REQUESTED | SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGED)
#define CLOCK_ATTR_V3                                                                  \
	(CLOCK_ATTR_V2 | SCMIA_CLOCK_ATTR_GET_PERMISSIONS | SCMIA_CLOCK_ATTR_EXT_CONFIG | \
	 SCMIA_CLOCK_ATTR_PARENTS)

#define CLOCK_SET_F_ALL                                                                \
	(SCMIA_CLOCK_SET_F_ASYNC | SCMIA_CLOCK_SET_F_IGNORE_DRESP | SCMIA_CLOCK_SET_F_ROUND_UP | \
	 SCMIA_CLOCK_SET_F_ROUND_AUTO)

static int clock_init(struct scmia_proto_handle *ph, const uint8_t *attrs, uint32_t len)
{
	(void)attrs;
	(void)len;
	(void)scmia_clock_protocol_attributes(ph, (struct scmia_clock_info *)ph->priv);
	return SCMIA_OK;
}

const struct scmia_proto_desc scmia_clock_desc = {
	.id = SCMIA_PROTO_CLOCK,
	.version = SCMIA_CLOCK_VERSION,
	.name = "clock",
	.attrs_min_len = CLOCK_PROTO_ATTRS_LEN,
	.init = clock_init,
};

#if SCMIA_CFG_PROTO_EXT_NAMES
int scmia_clock_name_get(struct scmia_proto_handle *ph, uint32_t clock_id, char *name,
			 size_t cap)
{
	/* CLOCK_NAME_GET (§4.6.2): in clock_id; out flags, name[64]. */
	return scmia__proto_name_get(ph, 2u, SCMIA_CLOCK_NAME_GET, clock_id, name, cap);
}
#endif

/* CLOCK_ATTRIBUTES (§4.6.2): in clock_id; out attributes, clock_name[16],
 * clock_enable_latency (appended by v2: absent in an older layout). */
static const struct scmia__pr_dom clock_dom = {
	.spec = PM(SCMIA_CLOCK_ATTRIBUTES, 1, 0, 5, 6, 2, 1),
	.ext_bit = SCMIA_CLOCK_ATTR_EXT_NAME,
	.size = sizeof(struct scmia_clock_attrs),
	.name_at = 4,
	.name_out = offsetof(struct scmia_clock_attrs, name),
	.name_major = 2,
	.name_msg = SCMIA_CLOCK_NAME_GET,
};

int scmia_clock_attributes(struct scmia_proto_handle *ph, uint32_t clock_id, int ext_name,
			   struct scmia_clock_attrs *out)
{
	uint8_t rx[24];
	int ret = scmia__pr_dom_attrs(ph, &clock_dom, clock_id, ext_name, out, rx);

	if (ret < 0)
		return ret;
	out->attributes &= PH_MAJOR(ph) >= 3u ? CLOCK_ATTR_V3 :
			   PH_MAJOR(ph) == 2u ? CLOCK_ATTR_V2 : CLOCK_ATTR_V1;
	/* Absent words read 0xffffffff, which is "unknown" too. */
	out->enable_latency_us =
		PH_MAJOR(ph) >= 2u ? scmia__pr_rd32(rx + 20) : SCMIA_CLOCK_LATENCY_UNKNOWN;
	return SCMIA_OK;
}

static int clock_describe_one(struct scmia_proto_handle *ph, uint32_t id, void *item)
{
	struct scmia_clock_dom *d = (struct scmia_clock_dom *)item;

	return d->err = scmia_clock_attributes(ph, id, 1, &d->attrs);
}

int scmia_clock_describe(struct scmia_proto_handle *ph, struct scmia_clock_dom *clocks,
			 uint32_t cap, uint32_t *n)
{
	/* A clock of another agent (DENIED) or absent (NOT_FOUND) does not
	 * stop the others. */
	return scmia__proto_describe_all(ph, clocks, sizeof(*clocks), cap, n, clock_describe_one);
}

int scmia_clock_describe_rates(struct scmia_proto_handle *ph, uint32_t clock_id,
			       uint64_t *rates, uint32_t cap, struct scmia_clock_rates *out)
{
	struct scmia__pr_vlist vl;
	int ret;

	if (!out || (cap && !rates))
		return SCMIA_EINVAL;
	memset(out, 0, sizeof(*out));
	/* CLOCK_DESCRIBE_RATES (§4.6.2): in clock_id, rate_index; out
	 * num_rates_flags (remaining 31:16, bit 12 range, returned 11:0),
	 * rates[] of two words each, low word first. */
	ret = scmia__pr_vlist_run(ph, &vl, SCMIA_CLOCK_DESCRIBE_RATES, clock_id, &scmia__pr_vlist_ops8,
			       rates, cap);
	out->total = vl.it.total;
	if (!vl.it.range) {
		out->count = vl.it.count < cap ? vl.it.count : cap;
		return ret;
	}
	if (!ret && vl.trip[0] > vl.trip[1])
		ret = SCMIA_EMALFORMED;
	if (ret)
		return ret;
	out->range = 1;
	out->count = 3;
	out->min = vl.trip[0];
	out->max = vl.trip[1];
	out->step = vl.trip[2];
	return SCMIA_OK;
}

int scmia_clock_rate_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint64_t *rate)
{
	uint8_t rx[8];
	int ret;

	if (!rate)
		return SCMIA_EINVAL;
	/* CLOCK_RATE_GET (§4.6.2): in clock_id; out rate low, rate high. */
	ret = scmia__pr_pcall(ph, PM(SCMIA_CLOCK_RATE_GET, 1, 0, 2, 2, 0, 1), &clock_id, rx);
	if (ret < 0)
		return ret;
	*rate = scmia__pr_le64(rx);
	return SCMIA_OK;
}

int scmia_clock_rate_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t flags,
			 uint64_t rate, uint64_t *actual)
{
	uint32_t a[4];
	uint8_t rx[12];
	int ret, dresp;

	if (!ph || (flags & ~CLOCK_SET_F_ALL))
		return SCMIA_EINVAL;
	/* Bit 1 (no delayed response) only qualifies an asynchronous request. */
	if ((flags & SCMIA_CLOCK_SET_F_IGNORE_DRESP) && !(flags & SCMIA_CLOCK_SET_F_ASYNC))
		return SCMIA_EINVAL;
	if ((flags & SCMIA_CLOCK_SET_F_ASYNC) && !CLOCK_MAX_ASYNC(ph))
		return SCMIA_ENOTSUP;
	/* A platform known to never send CLOCK_RATE_SET_COMPLETE: ask for
	 * the change synchronously rather than wait out the timeout. */
	if ((flags & (SCMIA_CLOCK_SET_F_ASYNC | SCMIA_CLOCK_SET_F_IGNORE_DRESP)) ==
		    SCMIA_CLOCK_SET_F_ASYNC &&
	    scmia__pr_quirk(ph, SCMIA_QUIRK_CLOCK_ASYNC_NO_DRESP))
		flags &= ~SCMIA_CLOCK_SET_F_ASYNC;
	/* CLOCK_RATE_SET (§4.6.2): in flags, clock_id, rate low, rate high. */
	a[0] = flags;
	a[1] = clock_id;
	a[2] = (uint32_t)rate;
	a[3] = (uint32_t)(rate >> 32);
	/* Waiting for the delayed response CLOCK_RATE_SET_COMPLETE: status,
	 * clock_id, rate low, rate high; it must name the clock we set.
	 * Otherwise the status only, and the rate asked is the rate. */
	dresp = (flags & (SCMIA_CLOCK_SET_F_ASYNC | SCMIA_CLOCK_SET_F_IGNORE_DRESP)) ==
		SCMIA_CLOCK_SET_F_ASYNC;
	ret = scmia__pr_pcall(ph,
			      dresp ? PM(SCMIA_CLOCK_RATE_SET, 4, 0, 3, 3, 0, 2) | PM_ASYNC :
				      PM(SCMIA_CLOCK_RATE_SET, 4, 0, 0, 0, 0, 2),
			      a, rx);
	if (ret < 0)
		return ret;
	if (dresp) {
		if (scmia__pr_rd32(rx) != clock_id)
			return SCMIA_EMALFORMED;
		rate = scmia__pr_le64(rx + 4);
	}
	if (actual)
		*actual = rate;
	return SCMIA_OK;
}

int scmia_clock_config_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t state,
			   uint8_t ext_type, uint32_t ext_value)
{
	uint32_t a[3];
	int v3;

	if (!ph || (state != SCMIA_CLOCK_STATE_ENABLE && state != SCMIA_CLOCK_STATE_DISABLE &&
		    state != SCMIA_CLOCK_STATE_UNCHANGED))
		return SCMIA_EINVAL;
	v3 = PH_MAJOR(ph) >= 3u;
	if (!v3 && (ext_type || state == SCMIA_CLOCK_STATE_UNCHANGED))
		return SCMIA_ENOTSUP;
	/* Leaving the state alone and setting no extended configuration
	 * changes nothing: refused here, not sent. */
	if (state == SCMIA_CLOCK_STATE_UNCHANGED && !ext_type) {
		scmia__pr_count(ph, SCMIA_PROTO_CNT_FAIL_FAST);
		return SCMIA_EINVAL;
	}
	/* v1/v2 CLOCK_CONFIG_SET (§4.6.2): in clock_id, attributes (bit 0
	 * enable). v3: in clock_id, attributes (extended config type 23:16,
	 * state 1:0), extended_config_val. */
	a[0] = clock_id;
	a[1] = ((uint32_t)ext_type << 16) | state;
	a[2] = ext_type ? ext_value : 0u;
	return scmia__pr_pcall(ph, v3 ? PM(SCMIA_CLOCK_CONFIG_SET, 3, 0, 0, 0, 0, 1) :
				     PM(SCMIA_CLOCK_CONFIG_SET, 2, 0, 0, 0, 0, 1),
			    a, NULL);
}

int scmia_clock_config_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint8_t ext_type,
			   int *enabled, uint32_t *ext_value)
{
	struct scmia_clock_attrs a;
	uint32_t args[2];
	uint8_t rx[12];
	int ret;

	if (ext_value)
		*ext_value = 0;
	if (!ph)
		return SCMIA_EINVAL;
	if (PH_MAJOR(ph) < 3u) {
		/* No CLOCK_CONFIG_GET before v3: the state is bit 0 of
		 * CLOCK_ATTRIBUTES. */
		if (ext_type)
			return SCMIA_ENOTSUP;
		ret = scmia_clock_attributes(ph, clock_id, 0, &a);
		if (!ret && enabled)
			*enabled = (int)(a.attributes & SCMIA_CLOCK_ATTR_ENABLED);
		return ret;
	}
	/* CLOCK_CONFIG_GET (§4.6.2): in clock_id, flags (extended config
	 * type 7:0); out attributes (reserved), config (bit 0 enabled),
	 * extended_config_val (meaningful for an extended type only: a
	 * reply without it is accepted when none was asked). */
	args[0] = clock_id;
	args[1] = ext_type;
	ret = scmia__pr_pcall(ph, PM(SCMIA_CLOCK_CONFIG_GET, 2, 3, 2, 3, 3, 1), args, rx);
	if (ret < 0)
		return ret;
	if (ext_type && ret < 12)
		return SCMIA_ETOOSHORT;
	if (enabled)
		*enabled = (int)(scmia__pr_rd32(rx + 4) & 1u);
	if (ext_value && ext_type)
		*ext_value = scmia__pr_rd32(rx + 8);
	return SCMIA_OK;
}

/* ---- parents (v3) ---- */

/* in: clock_id, skip_parents; out: num_parent_flags (remaining 31:24,
 * returned 7:0), possible_parents[] (one word each, kept as sent: a
 * parent id is a clock id, never translated). */
static const struct scmia_proto_iter_ops parents_ops = {
	.decode_entry = scmia__pr_vlist_entry4,
	.page = SCMIA_PROTO_PAGE(1, 8, 24, 4, 0),
};

int scmia_clock_possible_parents_get(struct scmia_proto_handle *ph, uint32_t clock_id,
				     uint32_t *parents, uint32_t cap, uint32_t *n)
{
	struct scmia__pr_vlist vl;
	int ret;

	if (n)
		*n = 0;
	if (!ph || !parents || !cap)
		return SCMIA_EINVAL;
	if (PH_MAJOR(ph) < 3u)
		return SCMIA_ENOTSUP;
	/* CLOCK_POSSIBLE_PARENTS_GET (§4.6.2). */
	ret = scmia__pr_vlist_run(ph, &vl, SCMIA_CLOCK_POSSIBLE_PARENTS_GET, clock_id, &parents_ops,
			       parents, cap);
	if (n)
		*n = vl.it.count < cap ? vl.it.count : cap;
	return ret;
}

int scmia_clock_parent_set(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t parent_id)
{
	uint32_t a[2];

	/* CLOCK_PARENT_SET (§4.6.2): in clock_id, parent_id. */
	a[0] = clock_id;
	a[1] = parent_id;
	return scmia__pr_pcall(ph, PM(SCMIA_CLOCK_PARENT_SET, 2, 3, 0, 0, 0, 1), a, NULL);
}

int scmia_clock_parent_get(struct scmia_proto_handle *ph, uint32_t clock_id, uint32_t *parent_id)
{
	/* CLOCK_PARENT_GET (§4.6.2): in clock_id; out parent_id. */
	return scmia__pr_get(ph, PM(SCMIA_CLOCK_PARENT_GET, 1, 3, 1, 1, 0, 1), &clock_id, parent_id,
			  NULL);
}

int scmia_clock_get_permissions(struct scmia_proto_handle *ph, uint32_t clock_id,
				uint32_t *perms)
{
	/* CLOCK_GET_PERMISSIONS (§4.6.2): in clock_id; out permissions
	 * (state 31, parent 30, rate 29). */
	int ret = scmia__pr_get(ph, PM(SCMIA_CLOCK_GET_PERMISSIONS, 1, 3, 1, 1, 0, 1), &clock_id,
			     perms, NULL);

	if (!ret)
		*perms &= SCMIA_CLOCK_PERM_STATE | SCMIA_CLOCK_PERM_PARENT | SCMIA_CLOCK_PERM_RATE;
	return ret;
}

#if SCMIA_CFG_NOTIFY
int scmia_clock_rate_notify(struct scmia_proto_handle *ph, uint32_t clock_id, int enable)
{
	/* CLOCK_RATE_NOTIFY (§4.6.2): in clock_id, notify_enable. */
	return scmia__proto_notify(ph, 2u, SCMIA_CLOCK_RATE_NOTIFY, clock_id, enable);
}

int scmia_clock_rate_change_requested_notify(struct scmia_proto_handle *ph, uint32_t clock_id,
					     int enable)
{
	/* CLOCK_RATE_CHANGE_REQUESTED_NOTIFY (§4.6.2): in clock_id,
	 * notify_enable. */
	return scmia__proto_notify(ph, 2u, SCMIA_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY, clock_id,
				   enable);
}

static int rate_event_decode(const struct scmia_notification *n, uint8_t evt,
			     struct scmia_clock_rate_event *out)
{
	/* agent_id, clock_id, rate low, rate high (§4.6.3). */
	int ret = scmia__pr_evt(NULL, n, SCMIA_PROTO_CLOCK, evt, out, sizeof(*out), 4, 2);

	if (!ret)
		out->rate = scmia__pr_le64((const uint8_t *)n->payload + 8);
	return ret;
}

int scmia_clock_rate_changed_decode(const struct scmia_notification *n,
				    struct scmia_clock_rate_event *out)
{
	return rate_event_decode(n, SCMIA_CLOCK_RATE_CHANGED, out);
}

int scmia_clock_rate_change_requested_decode(const struct scmia_notification *n,
					     struct scmia_clock_rate_event *out)
{
	return rate_event_decode(n, SCMIA_CLOCK_RATE_CHANGE_REQUESTED, out);
}
#endif /* SCMIA_CFG_NOTIFY */

#endif /* SCMIA_CFG_PROTO_CLOCK */

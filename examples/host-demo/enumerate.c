/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmia host demo: enumerate the whole simulated platform through the
 * protocol helpers (include/scmia/proto/): identity, agents, every protocol
 * with the version agreed, then each protocol's resources: power domains,
 * performance domains and levels, reset domains, clocks and rates, sensors
 * with a reading, voltage domains, power capping domains, pins, groups and
 * functions. Then one change through a helper: an asynchronous clock rate
 * change followed by its CLOCK_RATE_CHANGED notification.
 *
 * The checks are about consistency, not about the simulator's data: every
 * registered protocol the platform lists is attached, an agreed version is
 * never above either side's, a resource another agent owns is reported
 * and does not stop the enumeration, a current value lies within what was
 * described, and every failure is the platform's SCMI status (DENIED, say),
 * never a local one (timeout, malformed or short reply).
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"

/* Largest tables read here (the simulator has fewer). */
#define DEMO_DOMS 8u
#define DEMO_RATES 64u
#define DEMO_LEVELS 16u
#define DEMO_SENSORS 8u
#define DEMO_PIN_IDS 32u
#define DEMO_PINS 64u

/* The vendor test protocol is registered through the same machinery as
 * the standard ones: a descriptor, nothing else. */
static const struct scmia_proto_desc demo_test_desc = {
	.id = SCMIA_SIM_TEST_PROTO,
	.version = SCMIA_SIM_TEST_VERSION,
	.name = "scmia-test",
	.attrs_min_len = 4,
};

/* ------------------------------------------------------------------ */
/* Formatting                                                          */
/* ------------------------------------------------------------------ */

static const char *demo_err(int err)
{
	return err == SCMIA_OK ? "ok" : scmia_strerror(err);
}

/* A resource query may fail with the platform's status (DENIED, ...) and
 * the demo goes on; a local error (timeout, short or malformed reply) is a
 * failure of the run. */
static int demo_ok_or_scmi(int err)
{
	return err == SCMIA_OK || scmia_err_is_scmi(err);
}

static void demo_fmt_hz(char *buf, size_t cap, uint64_t hz)
{
	if (hz >= 1000000000u)
		snprintf(buf, cap, "%llu.%03llu GHz", (unsigned long long)(hz / 1000000000u),
			 (unsigned long long)(hz % 1000000000u / 1000000u));
	else if (hz >= 1000000u)
		snprintf(buf, cap, "%llu.%03llu MHz", (unsigned long long)(hz / 1000000u),
			 (unsigned long long)(hz % 1000000u / 1000u));
	else if (hz >= 1000u)
		snprintf(buf, cap, "%llu.%03llu kHz", (unsigned long long)(hz / 1000u),
			 (unsigned long long)(hz % 1000u));
	else
		snprintf(buf, cap, "%llu Hz", (unsigned long long)hz);
}

static void demo_fmt_uv(char *buf, size_t cap, int32_t uv)
{
	int64_t v = uv;
	const char *sign = v < 0 ? "-" : "";

	if (v < 0)
		v = -v;
	snprintf(buf, cap, "%s%lld.%03lld mV", sign, (long long)(v / 1000), (long long)(v % 1000));
}

/* value x 10^scale, printed exactly with a decimal point. */
static void demo_fmt_scaled(char *buf, size_t cap, int64_t value, int scale)
{
	uint64_t mag = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value, div = 1;
	const char *sign = value < 0 ? "-" : "";
	int i;

	if (scale >= 0) {
		for (i = 0; i < scale && mag < UINT64_MAX / 10u; i++)
			mag *= 10u;
		snprintf(buf, cap, "%s%llu", sign, (unsigned long long)mag);
		return;
	}
	for (i = 0; i < -scale && i < 18; i++)
		div *= 10u;
	snprintf(buf, cap, "%s%llu.%0*llu", sign, (unsigned long long)(mag / div), i,
		 (unsigned long long)(mag % div));
}

/* Unit of a sensor type (DEN0056 sensor type table; the common ones). */
static const char *demo_sensor_unit(uint8_t type)
{
	switch (type) {
	case 2:
		return "degC";
	case 3:
		return "degF";
	case 4:
		return "K";
	case 5:
		return "V";
	case 6:
		return "A";
	case 7:
		return "W";
	case 8:
		return "J";
	default:
		return "";
	}
}

static const char *demo_state_name(uint8_t state)
{
	switch (state) {
	case SCMIA_PROTO_S_READY:
		return "ready";
	case SCMIA_PROTO_S_ABSENT:
		return "not offered";
	case SCMIA_PROTO_S_FAILED:
		return "failed";
	default:
		return "registered";
	}
}

/* ------------------------------------------------------------------ */
/* Base: identity, agents, protocols                                   */
/* ------------------------------------------------------------------ */

struct demo_reg {
	const struct scmia_proto_desc *desc;
	void *priv;
};

static int demo_register(struct demo *d, const struct demo_reg *regs, unsigned n)
{
	unsigned i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = scmia_proto_register(&d->set, regs[i].desc, regs[i].priv, NULL);
		if (ret) {
			printf("    registering %s: %s\n", regs[i].desc->name, scmia_strerror(ret));
			return ret;
		}
	}
	return SCMIA_OK;
}

static void demo_base(struct demo *d, const struct demo_reg *regs, unsigned n_regs)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_BASE), *h;
	uint8_t ids[256];
	char name[SCMIA_PROTO_NAME_LEN], pv[24], av[24];
	uint32_t n = 0, id = 0, agent = SCMIA_BASE_AGENT_SELF, i, bad = 0;
	int ret;

	if (!demo_check(d, ph != NULL, "Base attached"))
		return;
	printf("    vendor \"%s\", sub-vendor \"%s\", implementation version 0x%08x\n",
	       d->set.ident.vendor, d->set.ident.sub_vendor, d->set.ident.impl_version);
	ret = scmia_base_protocol_attributes(ph, &d->base_info);
	demo_check(d, ret == SCMIA_OK, "Base PROTOCOL_ATTRIBUTES decoded");

	/* agents: 0 is the platform itself, then 1..n_agents */
	printf("    agents (%u besides the platform):\n", d->base_info.n_agents);
	ret = scmia_base_discover_agent(ph, SCMIA_BASE_AGENT_SELF, &agent, name, sizeof(name));
	demo_check(d, ret == SCMIA_OK, "DISCOVER_AGENT (self)");
	for (i = 0; i <= d->base_info.n_agents; i++) {
		ret = scmia_base_discover_agent(ph, i, &id, name, sizeof(name));
		if (ret == SCMIA_OK)
			printf("      agent %u: \"%s\"%s\n", id, name,
			       id == agent ? " (this agent)" : "");
		else
			printf("      agent %u: %s\n", i, demo_err(ret));
		if (ret != SCMIA_OK || id != i)
			bad++;
	}
	demo_check(d, bad == 0, "every agent described, ids as asked");

	ret = scmia_base_discover_list_protocols(ph, ids, sizeof(ids), &n);
	printf("    protocols listed by the platform (%u):", n);
	for (i = 0; ret == SCMIA_OK && i < n; i++)
		printf(" 0x%02x", ids[i]);
	printf("\n");
	demo_check(d, ret == SCMIA_OK && n == d->base_info.n_protocols,
		   "DISCOVER_LIST_PROTOCOLS (paged) lists as many as PROTOCOL_ATTRIBUTES says");

	printf("    %-12s %-5s %-9s %-7s %s\n", "protocol", "id", "platform", "agreed", "state");
	bad = 0;
	for (i = 0; i < n_regs; i++) {
		h = scmia_proto_find(&d->set, regs[i].desc->id);
		if (!h) {
			bad++;
			continue;
		}
		snprintf(pv, sizeof(pv), "%u.%u", SCMIA_PROTO_VERSION_MAJOR(h->platform_version),
			 SCMIA_PROTO_VERSION_MINOR(h->platform_version));
		snprintf(av, sizeof(av), "%u.%u", SCMIA_PROTO_VERSION_MAJOR(h->version),
			 SCMIA_PROTO_VERSION_MINOR(h->version));
		printf("    %-12s 0x%02x  %-9s %-7s %s%s\n", regs[i].desc->name, h->id, pv, av,
		       demo_state_name(h->state),
		       (h->hflags & SCMIA_PROTO_HF_NEGOTIATED) ? " (negotiated down)" : "");
		/* the agreed version is never newer than either side knows */
		if (h->state != SCMIA_PROTO_S_READY || h->version > h->desc->version ||
		    h->version > h->platform_version)
			bad++;
	}
	demo_check(d, bad == 0,
		   "every protocol attached, agreed version <= the platform's and ours");
}

/* ------------------------------------------------------------------ */
/* Power domain, System power, Performance, Reset                      */
/* ------------------------------------------------------------------ */

static void demo_power(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_POWER);
	struct scmia_power_dom doms[DEMO_DOMS];
	uint32_t n = 0, i, state, bad = 0;
	int ret;

	printf("\n  Power domains (0x11)\n");
	if (!demo_check(d, ph != NULL, "Power domain protocol attached"))
		return;
	ret = scmia_power_domains_describe(ph, doms, DEMO_DOMS, &n);
	for (i = 0; ret == SCMIA_OK && i < n; i++) {
		const struct scmia_power_dom_attrs *a = &doms[i].attrs;

		if (doms[i].err) {
			printf("    [%u] (not described: %s)\n", i, demo_err(doms[i].err));
			bad += !scmia_err_is_scmi(doms[i].err);
			continue;
		}
		state = 0;
		ret = scmia_power_state_get(ph, i, &state);
		bad += !demo_ok_or_scmi(ret);
		printf("    [%u] %-24s %-4s%s%s%s\n", i, a->name,
		       ret ? demo_err(ret) : (state == SCMIA_POWER_STATE_ON ? "on" : "off"),
		       (a->attributes & SCMIA_POWER_ATTR_SYNC) ? " sync" : "",
		       (a->attributes & SCMIA_POWER_ATTR_ASYNC) ? " async" : "",
		       (a->attributes & SCMIA_POWER_ATTR_NOTIFY) ? " notify" : "");
		ret = SCMIA_OK;
	}
	demo_check(d, ret == SCMIA_OK && n == scmia_power_num_domains(ph) && bad == 0,
		   "every power domain described (one refused by the platform is recorded)");
}

static void demo_system(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_SYSTEM);
	uint32_t attrs = 0;
	int ret;

	printf("\n  System power (0x12)\n");
	if (!demo_check(d, ph != NULL, "System power protocol attached"))
		return;
	ret = scmia_system_power_state_set_attributes(ph, &attrs);
	if (ret == SCMIA_OK)
		printf("    SYSTEM_POWER_STATE_SET: warm reset %s, suspend %s\n",
		       (attrs & SCMIA_SYSTEM_SET_ATTR_WARM_RESET) ? "yes" : "no",
		       (attrs & SCMIA_SYSTEM_SET_ATTR_SUSPEND) ? "yes" : "no");
	demo_check(d, demo_ok_or_scmi(ret), "SYSTEM_POWER_STATE_SET attributes");
}

static void demo_perf(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_PERF);
	struct scmia_perf_dom doms[DEMO_DOMS];
	struct scmia_perf_level lv[DEMO_LEVELS];
	uint32_t n = 0, nl, i, k, cur, lmax, lmin, bad = 0;
	int ret, r2, found;

	printf("\n  Performance domains (0x13)\n");
	if (!demo_check(d, ph != NULL, "Performance protocol attached"))
		return;
	printf("    (levels as level@frequency/power cost in the protocol's power unit)\n");
	ret = scmia_perf_domains_describe(ph, doms, DEMO_DOMS, &n);
	for (i = 0; ret == SCMIA_OK && i < n; i++) {
		const struct scmia_perf_dom_attrs *a = &doms[i].attrs;

		if (doms[i].err) {
			printf("    [%u] (not described: %s)\n", i, demo_err(doms[i].err));
			bad += !scmia_err_is_scmi(doms[i].err);
			continue;
		}
		nl = 0;
		r2 = scmia_perf_describe_levels(ph, i, lv, DEMO_LEVELS, &nl);
		printf("    [%u] %-22s sustained %u kHz, %u levels (%s):\n", i, a->name,
		       a->sustained_freq_khz, nl, demo_err(r2));
		for (k = 0; r2 == SCMIA_OK && k < nl; k++)
			printf("%s%u@%uMHz/%u%s", k % 5u ? " " : "      ", lv[k].perf_level,
			       (unsigned)(scmia_perf_level_to_hz(a, lv[k].perf_level) / 1000000u),
			       lv[k].power_cost, (k % 5u == 4u || k + 1u == nl) ? "\n" : "");
		cur = lmax = lmin = 0;
		ret = scmia_perf_level_get(ph, i, &cur);
		if (ret == SCMIA_OK)
			ret = scmia_perf_limits_get(ph, i, &lmax, &lmin);
		printf("      current level %u, limits [%u, %u] (%s)\n", cur, lmin, lmax,
		       demo_err(ret));
		/* the current level is one the domain described, within limits */
		for (k = 0, found = 0; r2 == SCMIA_OK && k < nl; k++)
			found |= lv[k].perf_level == cur;
		if (r2 || ret || !found || cur < lmin || cur > lmax)
			bad++;
		ret = SCMIA_OK;
	}
	demo_check(d, ret == SCMIA_OK && n == scmia_perf_num_domains(ph) && bad == 0,
		   "every performance domain with its levels; current level among them");
}

static void demo_reset(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_RESET);
	struct scmia_reset_dom doms[DEMO_DOMS];
	uint32_t n = 0, i, bad = 0;
	int ret;

	printf("\n  Reset domains (0x16)\n");
	if (!demo_check(d, ph != NULL, "Reset domain protocol attached"))
		return;
	ret = scmia_reset_domains_describe(ph, doms, DEMO_DOMS, &n);
	for (i = 0; ret == SCMIA_OK && i < n; i++) {
		const struct scmia_reset_dom_attrs *a = &doms[i].attrs;

		if (doms[i].err) {
			printf("    [%u] (not described: %s)\n", i, demo_err(doms[i].err));
			bad += !scmia_err_is_scmi(doms[i].err);
			continue;
		}
		if (a->latency_us == SCMIA_RESET_LATENCY_UNKNOWN)
			printf("    [%u] %-22s latency unknown%s%s\n", i, a->name,
			       (a->attributes & SCMIA_RESET_ATTR_ASYNC) ? ", async" : "",
			       (a->attributes & SCMIA_RESET_ATTR_NOTIFY) ? ", notify" : "");
		else
			printf("    [%u] %-22s latency %u us%s%s\n", i, a->name, a->latency_us,
			       (a->attributes & SCMIA_RESET_ATTR_ASYNC) ? ", async" : "",
			       (a->attributes & SCMIA_RESET_ATTR_NOTIFY) ? ", notify" : "");
	}
	demo_check(d, ret == SCMIA_OK && n == scmia_reset_num_domains(ph) && bad == 0,
		   "every reset domain described");
}

/* ------------------------------------------------------------------ */
/* Clock                                                               */
/* ------------------------------------------------------------------ */

static void demo_clock(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_CLOCK);
	struct scmia_clock_dom clk[DEMO_DOMS];
	struct scmia_clock_rates ro;
	uint64_t rates[DEMO_RATES], rate;
	char s1[24], s2[24], s3[24];
	uint32_t n = 0, i, k, parent, bad = 0;
	int ret, r2, in;

	printf("\n  Clocks (0x14)\n");
	if (!demo_check(d, ph != NULL, "Clock protocol attached"))
		return;
	ret = scmia_clock_describe(ph, clk, DEMO_DOMS, &n);
	for (i = 0; ret == SCMIA_OK && i < n; i++) {
		const struct scmia_clock_attrs *a = &clk[i].attrs;

		if (clk[i].err) {
			printf("    [%u] (not described: %s)\n", i, demo_err(clk[i].err));
			bad += !scmia_err_is_scmi(clk[i].err);
			continue;
		}
		memset(&ro, 0, sizeof(ro));
		r2 = scmia_clock_describe_rates(ph, i, rates, DEMO_RATES, &ro);
		rate = 0;
		ret = scmia_clock_rate_get(ph, i, &rate);
		demo_fmt_hz(s1, sizeof(s1), rate);
		printf("    [%u] %-18s %-8s now %s%s\n", i, a->name,
		       (a->attributes & SCMIA_CLOCK_ATTR_ENABLED) ? "enabled" : "disabled",
		       ret ? demo_err(ret) : s1,
		       (a->attributes & SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGED) ? ", notifies" : "");
		in = 0;
		if (r2 == SCMIA_OK && ro.range) {
			demo_fmt_hz(s1, sizeof(s1), ro.min);
			demo_fmt_hz(s2, sizeof(s2), ro.max);
			demo_fmt_hz(s3, sizeof(s3), ro.step);
			printf("      range %s .. %s, step %s\n", s1, s2, s3);
			in = rate >= ro.min && rate <= ro.max &&
			     (ro.step == 0 || (rate - ro.min) % ro.step == 0);
		} else if (r2 == SCMIA_OK) {
			printf("      %u rates:", ro.total);
			for (k = 0; k < ro.count; k++) {
				in |= rates[k] == rate;
				/* long lists: the first four and the last two */
				if (ro.count > 8u && k == 4u)
					printf(" ...");
				if (ro.count > 8u && k >= 4u && k + 2u < ro.count)
					continue;
				demo_fmt_hz(s1, sizeof(s1), rates[k]);
				printf(" %s%s", s1, k + 1u < ro.count ? "," : "");
			}
			printf("\n");
		} else {
			printf("      rates: %s\n", demo_err(r2));
		}
		if ((a->attributes & SCMIA_CLOCK_ATTR_PARENTS) &&
		    scmia_clock_parent_get(ph, i, &parent) == SCMIA_OK)
			printf("      parent: clock %u (%s)\n", parent,
			       parent < n && !clk[parent].err ? clk[parent].attrs.name : "?");
		/* the current rate is one the clock described */
		if (r2 || ret || !in)
			bad++;
		ret = SCMIA_OK;
	}
	demo_check(d, ret == SCMIA_OK && n == scmia_clock_num_clocks(ph) && bad == 0,
		   "every clock with its rates (list or range, paged); current rate among them");
}

static void demo_on_clock(void *ctx, const struct scmia_notification *n)
{
	struct demo *d = (struct demo *)ctx;

	if (scmia_clock_rate_changed_decode(n, &d->clk_event) == SCMIA_OK)
		d->clk_events++;
}

/* Try an asynchronous rate change on each list clock until one takes it:
 * the response, the delayed response CLOCK_RATE_SET_COMPLETE, and the
 * CLOCK_RATE_CHANGED notification it causes. Then put the rate back. */
static void demo_clock_change(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_CLOCK);
	struct scmia_clock_rates ro;
	struct scmia_clock_attrs a;
	struct scmia_notifier nf;
	uint64_t rates[DEMO_RATES], old = 0, want = 0, got = 0, now = 0;
	uint32_t i, k, n, clock = 0;
	char s1[24], s2[24];
	unsigned waited;
	int ret = SCMIA_ENOENT, found = 0;

	printf("\n  Clock rate change (asynchronous, with notification)\n");
	if (!ph)
		return;
	n = scmia_clock_num_clocks(ph);
	for (i = 0; i < n && !found; i++) {
		if (scmia_clock_attributes(ph, i, 0, &a) ||
		    !(a.attributes & SCMIA_CLOCK_ATTR_NOTIFY_RATE_CHANGED))
			continue;
		memset(&ro, 0, sizeof(ro));
		if (scmia_clock_describe_rates(ph, i, rates, DEMO_RATES, &ro) || ro.range ||
		    ro.count < 2 || scmia_clock_rate_get(ph, i, &old))
			continue;
		for (k = 0; k < ro.count && rates[k] == old; k++)
			;
		if (k == ro.count)
			continue;
		want = rates[k];
		clock = i;
		memset(&nf, 0, sizeof(nf));
		nf.proto_id = SCMIA_PROTO_CLOCK;
		nf.evt_id = SCMIA_CLOCK_RATE_CHANGED;
		nf.src_id = clock;
		nf.fn = demo_on_clock;
		nf.ctx = d;
		d->clk_events = 0;
		if (scmia_notify_register(&d->agent, &nf))
			continue;
		ret = scmia_clock_rate_notify(ph, clock, 1);
		if (ret == SCMIA_OK)
			ret = scmia_clock_rate_set(ph, clock, SCMIA_CLOCK_SET_F_ASYNC, want, &got);
		if (ret == SCMIA_E_SCMI_NOT_SUPPORTED) {
			/* this clock changes synchronously only: try the next */
			(void)scmia_clock_rate_notify(ph, clock, 0);
			scmia_notify_unregister(&d->agent, &nf);
			continue;
		}
		found = 1;
		for (waited = 0; waited < 2000 && !d->clk_events; waited++) {
			scmia_notify_dispatch(&d->agent, 0);
			if (!d->clk_events)
				demo_sleep_ms(1);
		}
		if (ret == SCMIA_OK)
			ret = scmia_clock_rate_get(ph, clock, &now);
		demo_fmt_hz(s1, sizeof(s1), old);
		demo_fmt_hz(s2, sizeof(s2), got);
		printf("    clock %u \"%s\": %s -> %s (%s), CLOCK_RATE_CHANGED x%u\n", clock,
		       a.name, s1, s2, demo_err(ret), d->clk_events);
		demo_check(d, ret == SCMIA_OK && got == want && now == want,
			   "CLOCK_RATE_SET completed by its delayed response; rate reads back");
		demo_check(d, d->clk_events == 1 && d->clk_event.clock_id == clock &&
				      d->clk_event.rate == want,
			   "CLOCK_RATE_CHANGED dispatched to the clock's handler");
		(void)scmia_clock_rate_notify(ph, clock, 0);
		ret = scmia_clock_rate_set(ph, clock, 0, old, &got);
		demo_check(d, ret == SCMIA_OK && got == old, "rate put back (synchronous set)");
		scmia_notify_dispatch(&d->agent, 0);
		scmia_notify_unregister(&d->agent, &nf);
	}
	demo_check(d, found, "a clock accepted an asynchronous rate change");
}

/* ------------------------------------------------------------------ */
/* Sensor                                                              */
/* ------------------------------------------------------------------ */

static void demo_sensor(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_SENSOR);
	struct scmia_sensor_desc sd[DEMO_SENSORS];
	struct scmia_sensor_reading rd[SCMIA_SENSOR_MAX_AXES];
	char v[48];
	uint32_t n = 0, i, k, count, flags, bad = 0, read = 0;
	int ret, r2;

	printf("\n  Sensors (0x15)\n");
	if (!demo_check(d, ph != NULL, "Sensor protocol attached"))
		return;
	ret = scmia_sensor_description_get(ph, sd, DEMO_SENSORS, 1, &n);
	for (i = 0; ret == SCMIA_OK && i < n; i++) {
		count = sd[i].n_axes ? sd[i].n_axes : 1u;
		flags = (sd[i].attr_low & SCMIA_SENSOR_ATTR_ASYNC) ? SCMIA_SENSOR_READ_F_ASYNC : 0u;
		memset(rd, 0, sizeof(rd));
		r2 = scmia_sensor_reading_get(ph, sd[i].id, flags, rd, count);
		printf("    [%u] %-26s %s%s", sd[i].id, sd[i].name,
		       flags ? "async read" : "sync read ", r2 ? ": " : ":");
		if (r2)
			printf("%s", demo_err(r2));
		for (k = 0; r2 == SCMIA_OK && k < count; k++) {
			demo_fmt_scaled(v, sizeof(v), rd[k].value, sd[i].scale);
			printf(" %s%s%s", v, *demo_sensor_unit(sd[i].type) ? " " : "",
			       demo_sensor_unit(sd[i].type));
			if (k + 1u < count)
				printf(",");
		}
		if (r2 == SCMIA_OK && (sd[i].attr_low & SCMIA_SENSOR_ATTR_TIMESTAMP))
			printf(" (timestamp %llu)", (unsigned long long)rd[0].timestamp);
		if (sd[i].n_axes)
			printf(" [%u axes]", sd[i].n_axes);
		printf("\n");
		read += r2 == SCMIA_OK;
		bad += !demo_ok_or_scmi(r2);
	}
	demo_check(d, ret == SCMIA_OK && n == scmia_sensor_num_sensors(ph) && bad == 0 && read > 0,
		   "every sensor described (paged) and read (sync and via delayed response)");
}

/* ------------------------------------------------------------------ */
/* Voltage domain                                                      */
/* ------------------------------------------------------------------ */

static void demo_voltage(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_VOLTAGE);
	struct scmia_voltage_dom doms[DEMO_DOMS];
	struct scmia_voltage_levels lo;
	int32_t levels[DEMO_LEVELS], level;
	char s1[24], s2[24], s3[24];
	uint32_t n = 0, i, k, config, bad = 0;
	int ret, r2, in;

	printf("\n  Voltage domains (0x17)\n");
	if (!demo_check(d, ph != NULL, "Voltage domain protocol attached"))
		return;
	ret = scmia_voltage_domains_describe(ph, doms, DEMO_DOMS, &n);
	for (i = 0; ret == SCMIA_OK && i < n; i++) {
		if (doms[i].err) {
			printf("    [%u] (not described: %s)\n", i, demo_err(doms[i].err));
			bad += !scmia_err_is_scmi(doms[i].err);
			continue;
		}
		memset(&lo, 0, sizeof(lo));
		r2 = scmia_voltage_describe_levels(ph, i, levels, DEMO_LEVELS, &lo);
		level = 0;
		config = 0;
		ret = scmia_voltage_level_get(ph, i, &level);
		if (ret == SCMIA_OK)
			ret = scmia_voltage_config_get(ph, i, &config);
		demo_fmt_uv(s1, sizeof(s1), level);
		printf("    [%u] %-22s %s, now %s%s\n", i, doms[i].attrs.name,
		       (config & SCMIA_VOLTAGE_CONFIG_MODE_MASK) == SCMIA_VOLTAGE_CONFIG_OFF ? "off"
											 : "on",
		       ret ? demo_err(ret) : s1,
		       (doms[i].attrs.attributes & SCMIA_VOLTAGE_ATTR_ASYNC) ? ", async set" : "");
		in = 0;
		if (r2 == SCMIA_OK && lo.range) {
			demo_fmt_uv(s1, sizeof(s1), lo.min_uv);
			demo_fmt_uv(s2, sizeof(s2), lo.max_uv);
			demo_fmt_uv(s3, sizeof(s3), lo.step_uv);
			printf("      range %s .. %s, step %s\n", s1, s2, s3);
			in = level >= lo.min_uv && level <= lo.max_uv;
		} else if (r2 == SCMIA_OK) {
			printf("      %u levels:", lo.total);
			for (k = 0; k < lo.count; k++) {
				in |= levels[k] == level;
				printf(" %d.%03d%s", levels[k] / 1000000, (levels[k] / 1000) % 1000,
				       k + 1u < lo.count ? "," : " V\n");
			}
		} else {
			printf("      levels: %s\n", demo_err(r2));
		}
		if (r2 || ret || !in)
			bad++;
		ret = SCMIA_OK;
	}
	demo_check(d, ret == SCMIA_OK && n == scmia_voltage_num_domains(ph) && bad == 0,
		   "every voltage domain with its levels; current level among them");
}

/* ------------------------------------------------------------------ */
/* Power capping                                                       */
/* ------------------------------------------------------------------ */

static const char *demo_pc_unit(uint8_t unit)
{
	return unit == SCMIA_POWERCAP_UNIT_MILLIWATT   ? "mW"
	       : unit == SCMIA_POWERCAP_UNIT_MICROWATT ? "uW"
						       : "(abstract)";
}

static void demo_powercap(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_POWERCAP);
	struct scmia_powercap_dom doms[DEMO_DOMS];
	uint32_t n = 0, i, cap, pai, power, bad = 0;
	int ret, r2;

	printf("\n  Power capping domains (0x18)\n");
	if (!demo_check(d, ph != NULL, "Power capping protocol attached"))
		return;
	ret = scmia_powercap_domains_describe(ph, doms, DEMO_DOMS, &n);
	for (i = 0; ret == SCMIA_OK && i < n; i++) {
		const struct scmia_powercap_dom_attrs *a = &doms[i].attrs;
		const char *u = demo_pc_unit(a->unit);

		if (doms[i].err) {
			printf("    [%u] (not described: %s)\n", i, demo_err(doms[i].err));
			bad += !scmia_err_is_scmi(doms[i].err);
			continue;
		}
		printf("    [%u] %s", i, a->name);
		if (a->parent_id != 0xffffffffu)
			printf(" (inside domain %u)", a->parent_id);
		printf("\n");
		cap = pai = power = 0;
		if (a->attributes & SCMIA_POWERCAP_ATTR_CAP_CONFIG) {
			ret = scmia_powercap_cap_get(ph, i, &cap);
			printf("      cap %u %s (range %u..%u, step %u): %s\n", cap, u, a->min_cap,
			       a->max_cap, a->cap_step, demo_err(ret));
			if (ret || (cap && (cap < a->min_cap || cap > a->max_cap)))
				bad++;
		}
		if (a->attributes & SCMIA_POWERCAP_ATTR_MONITORING) {
			r2 = scmia_powercap_measurements_get(ph, i, &power, &pai);
			printf("      measured %u %s over %u us: %s\n", power, u, pai,
			       demo_err(r2));
			bad += r2 != SCMIA_OK;
		}
		ret = SCMIA_OK;
	}
	demo_check(d, ret == SCMIA_OK && n == scmia_powercap_num_domains(ph) && bad == 0,
		   "every power capping domain with its cap and measurement");
}

/* ------------------------------------------------------------------ */
/* Pin control                                                         */
/* ------------------------------------------------------------------ */

static void demo_pinctrl(struct demo *d)
{
	struct scmia_proto_handle *ph = scmia_proto_get(&d->set, SCMIA_PROTO_PINCTRL);
	struct scmia_pinctrl_attrs a;
	char pins[DEMO_PINS][SCMIA_PROTO_EXT_NAME_LEN];
	char groups[DEMO_PIN_IDS][SCMIA_PROTO_EXT_NAME_LEN];
	uint16_t ids[DEMO_PIN_IDS];
	uint32_t i, k, n, fn, bad = 0, col;
	int ret;

	printf("\n  Pin control (0x19)\n");
	if (!demo_check(d, ph != NULL, "Pin control protocol attached"))
		return;
	ret = scmia_pinctrl_protocol_attributes(ph, &d->pinctrl_info);
	if (!demo_check(d, ret == SCMIA_OK, "Pin control PROTOCOL_ATTRIBUTES decoded"))
		return;
	printf("    %u pins, %u groups, %u functions\n", d->pinctrl_info.n_pins,
	       d->pinctrl_info.n_groups, d->pinctrl_info.n_functions);

	printf("    pins:");
	for (i = 0, col = 0; i < d->pinctrl_info.n_pins && i < DEMO_PINS; i++) {
		ret = scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_PIN, i, 0, &a);
		snprintf(pins[i], sizeof(pins[i]), "%s", ret ? "?" : a.name);
		bad += ret != SCMIA_OK;
		printf("%s %s", col && col % 12u == 0 ? "\n         " : "", pins[i]);
		col++;
	}
	printf("\n");

	for (i = 0; i < d->pinctrl_info.n_groups && i < DEMO_PIN_IDS; i++) {
		ret = scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_GROUP, i, 1, &a);
		snprintf(groups[i], sizeof(groups[i]), "%s", ret ? "?" : a.name);
		if (ret) {
			printf("    group %u: %s\n", i, demo_err(ret));
			bad += !scmia_err_is_scmi(ret);
			continue;
		}
		n = 0;
		ret = scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_GROUP, i, ids, DEMO_PIN_IDS,
						      &n);
		fn = SCMIA_PINCTRL_NO_FUNCTION;
		printf("    group %u %-20s", i, a.name);
		if (ret) {
			/* a group another agent owns: its pins are not ours to see */
			printf(" pins: %s\n", demo_err(ret));
			bad += !scmia_err_is_scmi(ret);
			continue;
		}
		printf(" %u pins:", n);
		for (k = 0; k < n; k++)
			printf(" %s", ids[k] < DEMO_PINS && ids[k] < d->pinctrl_info.n_pins
					      ? pins[ids[k]]
					      : "?");
		if (scmia_pinctrl_function_get(ph, SCMIA_PINCTRL_GROUP, i, &fn) == SCMIA_OK &&
		    fn != SCMIA_PINCTRL_NO_FUNCTION)
			printf(" (function %u)", fn);
		printf("\n");
		if (n != a.n_elems)
			bad++;
	}

	for (i = 0; i < d->pinctrl_info.n_functions; i++) {
		ret = scmia_pinctrl_attributes(ph, SCMIA_PINCTRL_FUNCTION, i, 1, &a);
		if (ret) {
			printf("    function %u: %s\n", i, demo_err(ret));
			bad += !scmia_err_is_scmi(ret);
			continue;
		}
		n = 0;
		ret = scmia_pinctrl_list_associations(ph, SCMIA_PINCTRL_FUNCTION, i, ids,
						      DEMO_PIN_IDS, &n);
		printf("    function %u %-10s groups:", i, a.name);
		for (k = 0; ret == SCMIA_OK && k < n; k++)
			printf(" %s", ids[k] < DEMO_PIN_IDS && ids[k] < d->pinctrl_info.n_groups
					      ? groups[ids[k]]
					      : "?");
		printf("%s%s\n", ret ? " " : "", ret ? demo_err(ret) : "");
		if (ret || n != a.n_elems)
			bad++;
	}
	demo_check(d, bad == 0,
		   "every pin, group and function described, associations as announced");
}

/* ------------------------------------------------------------------ */
/* Entry                                                               */
/* ------------------------------------------------------------------ */

void demo_enumerate(struct demo *d)
{
	const struct demo_reg regs[] = {
		{ &scmia_base_desc, &d->base_info },
		{ &scmia_power_desc, &d->power_info },
		{ &scmia_system_desc, NULL },
		{ &scmia_perf_desc, &d->perf_info },
		{ &scmia_clock_desc, &d->clock_info },
		{ &scmia_sensor_desc, &d->sensor_info },
		{ &scmia_reset_desc, NULL },
		{ &scmia_voltage_desc, NULL },
		{ &scmia_powercap_desc, NULL },
		{ &scmia_pinctrl_desc, &d->pinctrl_info },
		{ &demo_test_desc, NULL },
	};
	const unsigned n_regs = (unsigned)(sizeof(regs) / sizeof(regs[0]));
	int ret;

	printf("\n== Platform enumeration (protocol helpers)\n");
	ret = demo_register(d, regs, n_regs);
	if (!demo_check(d, ret == SCMIA_OK, "protocols registered (standard and vendor alike)"))
		return;
	/* start-up discovery: identity, quirks, list, version negotiation,
	 * attributes of every registered protocol the platform offers */
	ret = scmia_base_discover(&d->set);
	printf("    scmia_base_discover: %d protocol(s) ready\n", ret);
	demo_check(d, ret == (int)n_regs, "scmia_base_discover attached every protocol");
	if (ret <= 0)
		return;
	demo_base(d, regs, n_regs);
	demo_power(d);
	demo_system(d);
	demo_perf(d);
	demo_reset(d);
	demo_clock(d);
	demo_sensor(d);
	demo_voltage(d);
	demo_powercap(d);
	demo_pinctrl(d);
	demo_clock_change(d);
}

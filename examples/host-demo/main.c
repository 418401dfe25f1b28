/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmia host demo: an agent on the POSIX port talks to the simulated SCMI
 * platform, which runs in its own thread, over every transport the build
 * has (--transport=all, the default) or over one of them.
 *
 * For each transport it enumerates the whole platform through the
 * protocol helpers (vendor, agents, every protocol and its version,
 * clocks, sensors, performance, power, reset, voltage, power capping, pin
 * control), then walks through a synchronous command, an asynchronous
 * command and its delayed response, a notification, and a command that
 * times out and whose late reply is rejected; then it prints the agent's
 * and the transport's counters. Exit status 0 only when every step of
 * every transport behaved as expected.
 *
 * Transport variants:
 *   loopback   in-memory channels, platform thread
 *   smt        shared memory + doorbell, completion interrupt
 *   smt-poll   shared memory + doorbell, polling (no interrupt at all)
 *   smc        shared memory + SMC call, asynchronous platform, firmware
 *              wait-queue under contention (calls sleep and are woken)
 *   virtio     virtio-scmi over virtio-mmio, rings in guest memory
 *   optee      OP-TEE SCMI pseudo TA, MSG buffers in OP-TEE shared memory,
 *              completion on return of the invoke
 *   optee-smt  OP-TEE SCMI pseudo TA, static SMT area
 *   pcc        ACPI PCC type 3 / type 4 subspaces, platform interrupts
 *   pcc-poll   ACPI PCC subspaces, polling (no interrupt)
 *
 * Built with tracing (SCMIA_TRACE, as tools/demo builds it), --trace
 * prints every trace event in Linux's text format and --capture=FILE
 * writes every message to a pcapng capture for Wireshark
 * (tools/wireshark/scmi.lua). Built with raw messages (SCMIA_RAW), each
 * transport also runs the compliance suite's abstraction layer
 * (examples/scmi-pal) over the raw API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#if SCMIA_CFG_TRACE
#include "scmia/trace.h"
#include "scmia_pcapng_file.h"
#endif

/* One run's state: static (it holds the channel memory, rings and shared
 * areas), cleared before each transport. */
static struct demo demo_g;

#if SCMIA_CFG_TRACE
/* --trace and --capture: one capture file for the whole run (each
 * transport's agent has its own id in it), text lines on stdout. */
static struct {
	struct scmia_pcapng_file cap;
	int capture, text;
	pthread_mutex_t lock;
} demo_tr = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void demo_trace_ev(void *ctx, const struct scmia_trace *ev)
{
	char line[512];

	(void)ctx;
	if (demo_tr.capture)
		scmia_pcapng_file_trace(&demo_tr.cap, ev);
	if (demo_tr.text &&
	    scmia_trace_format(ev, SCMIA_TRACE_FMT_NAME, line, sizeof(line)) > 0) {
		pthread_mutex_lock(&demo_tr.lock);
		printf("    trace: %s\n", line);
		pthread_mutex_unlock(&demo_tr.lock);
	}
}
#endif

int demo_check(struct demo *d, int ok, const char *what)
{
	printf("  [%s] %s\n", ok ? " ok " : "FAIL", what);
	if (!ok)
		d->failures++;
	return ok;
}

void demo_sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Transports the demo can run over (those the build has). */
static const struct demo_transport {
	const char *name;
	int (*setup)(struct demo *d);
	const char *help;
} demo_transports[] = {
	{ "loopback", demo_setup_loopback, "in-memory channels, platform thread" },
#if SCMIA_DEMO_HAVE_SMT
	{ "smt", demo_setup_smt, "shared memory + doorbell, completion interrupt" },
	{ "smt-poll", demo_setup_smt_poll, "shared memory + doorbell, polling, no interrupt" },
#endif
#if SCMIA_DEMO_HAVE_SMC
	{ "smc", demo_setup_smc, "shared memory + SMC, firmware wait-queue under contention" },
#endif
#if SCMIA_DEMO_HAVE_VIRTIO
	{ "virtio", demo_setup_virtio, "virtio-scmi over virtio-mmio, bring-up helper" },
#endif
#if SCMIA_DEMO_HAVE_OPTEE
	{ "optee", demo_setup_optee, "OP-TEE SCMI pseudo TA, MSG buffers, completion on return" },
	{ "optee-smt", demo_setup_optee_smt, "OP-TEE SCMI pseudo TA, static SMT area" },
#endif
#if SCMIA_DEMO_HAVE_PCC
	{ "pcc", demo_setup_pcc, "ACPI PCC type 3/4 subspaces, platform interrupts" },
	{ "pcc-poll", demo_setup_pcc_poll, "ACPI PCC type 3/4 subspaces, polling, no interrupt" },
#endif
};

#define DEMO_N_TRANSPORTS (sizeof(demo_transports) / sizeof(demo_transports[0]))

static void demo_usage(const char *argv0)
{
	size_t i;

	printf("usage: %s [--transport=NAME|all] [--trace] [--capture=FILE]\n"
	       "  --trace         print every trace event in Linux's text format\n"
	       "  --capture=FILE  write every message to a pcapng capture (Wireshark:\n"
	       "                  tools/wireshark/scmi.lua)\n"
	       "  transports (default: all, in this order):\n",
	       argv0);
	for (i = 0; i < DEMO_N_TRANSPORTS; i++)
		printf("    %-10s %s\n", demo_transports[i].name, demo_transports[i].help);
}

/* One transport: set up, run every step, tear down. Returns the failures. */
static int demo_run(const struct demo_transport *t, size_t idx, size_t of)
{
	struct demo *d = &demo_g;
	struct timespec t0, t1;
	long ms;
	int ret, failures;

	memset(d, 0, sizeof(*d));
	d->transport = t->name;
#if SCMIA_CFG_TRACE
	if (demo_tr.capture || demo_tr.text) {
		d->trace = demo_trace_ev;
		d->agent_id = (uint16_t)idx;
	}
#endif
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("\n################################################################\n");
	printf("# transport %zu/%zu: %s (%s)\n", idx + 1u, of, t->name, t->help);
	printf("################################################################\n");
	ret = t->setup(d);
	if (!ret)
		printf("  transport \"%s\": %u slots per channel, %u-byte payloads, reply timeout "
		       "%u ms (its default %u ms)\n",
		       d->tr->name, DEMO_MAX_MSG, d->msg_size,
		       DEMO_REPLY_TIMEOUT_US / 1000u,
		       (d->tr->reply_timeout_us ? d->tr->reply_timeout_us
						: SCMIA_DEFAULT_REPLY_TIMEOUT_US) /
			       1000u);
	if (ret) {
		printf("  [FAIL] setup of transport %s: %s (%d)\n", t->name, scmia_strerror(ret),
		       ret);
		demo_teardown(d);
		return d->failures + 1;
	}
	demo_enumerate(d);
	demo_sync(d);
	demo_async(d);
	demo_notification(d);
	demo_timeout(d);
	demo_raw(d);
	demo_counters(d);
	demo_teardown(d);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (long)(t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
	failures = d->failures;
	printf("\nhost demo (%s): %s, %d failure(s), %ld ms\n", t->name,
	       failures ? "FAILED" : "all steps behaved as expected", failures, ms);
	return failures;
}

int main(int argc, char **argv)
{
	const struct demo_transport *pick = NULL;
	const char *failed[DEMO_N_TRANSPORTS];
	size_t i, n_failed = 0, n_run = 0;
	int a, all = 1;

	for (a = 1; a < argc; a++) {
		if (strncmp(argv[a], "--transport=", 12) == 0) {
			const char *name = argv[a] + 12;

			all = strcmp(name, "all") == 0;
			pick = NULL;
			for (i = 0; !all && i < DEMO_N_TRANSPORTS; i++)
				if (strcmp(name, demo_transports[i].name) == 0)
					pick = &demo_transports[i];
			if (!all && !pick) {
				fprintf(stderr, "unknown transport '%s'\n", name);
				demo_usage(argv[0]);
				return 2;
			}
		} else if (strcmp(argv[a], "--trace") == 0 ||
			   strncmp(argv[a], "--capture=", 10) == 0) {
#if SCMIA_CFG_TRACE
			if (argv[a][2] == 't') {
				demo_tr.text = 1;
			} else if (demo_tr.capture) {
				fprintf(stderr, "--capture given twice\n");
				return 2;
			} else if (scmia_pcapng_file_open(&demo_tr.cap, argv[a] + 10, NULL) !=
				   SCMIA_OK) {
				fprintf(stderr, "cannot write the capture file '%s'\n",
					argv[a] + 10);
				return 2;
			} else {
				demo_tr.capture = 1;
			}
#else
			fprintf(stderr, "%s: this demo was built without tracing "
					"(configure with -DSCMIA_TRACE=ON; tools/demo does)\n",
				argv[a]);
			return 2;
#endif
		} else {
			demo_usage(argv[0]);
			return strcmp(argv[a], "--help") == 0 ? 0 : 2;
		}
	}

	/* unbuffered enough to follow, even through a pipe */
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("scmia %s host demo: %s\n", SCMIA_VERSION_STRING,
	       all ? "every transport in turn" : pick->name);
	for (i = 0; i < DEMO_N_TRANSPORTS; i++) {
		const struct demo_transport *t = &demo_transports[i];

		if (!all && t != pick)
			continue;
		if (demo_run(t, all ? i : 0u, all ? DEMO_N_TRANSPORTS : 1u))
			failed[n_failed++] = t->name;
		n_run++;
	}

#if SCMIA_CFG_TRACE
	if (demo_tr.capture) {
		uint32_t recs = 0, lost = 0;

		scmia_pcapng_file_stats(&demo_tr.cap, &recs, &lost);
		if (scmia_pcapng_file_close(&demo_tr.cap) != SCMIA_OK || lost) {
			printf("\ncapture: %u records, %u lost: FAILED\n", recs, lost);
			if (!n_failed)
				failed[n_failed++] = "capture";
		} else {
			printf("\ncapture: %u records written\n", recs);
		}
	}
#endif
	printf("\n================================================================\n");
	printf("host demo: %zu transport(s) run, %zu failed", n_run, n_failed);
	for (i = 0; i < n_failed; i++)
		printf("%s%s", i ? ", " : ": ", failed[i]);
	printf("\n");
	return n_failed ? 1 : 0;
}

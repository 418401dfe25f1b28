/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CMocka run time, for targets that have no CMocka package (the
 * big-endian suite cross-builds the tests for powerpc-linux-gnu; Debian
 * ships CMocka's library for its own architectures only).
 *
 * The tests compile against CMocka's own header (cmocka.h from Debian's
 * libcmocka-dev: architecture independent, copied into the build tree),
 * so every macro they use expands exactly as with the real library; this
 * file defines the functions those macros call. It covers what the tests
 * of this tree use: the group runner with group, per-test setup and
 * teardown and initial states, the assertions on integers, pointers,
 * strings, memory and ranges, fail(), skip(), print_message() and
 * print_error(). Anything else (mocks, expected parameters, test_malloc)
 * is not defined here and fails at link time.
 *
 * What a run prints follows CMocka's standard output, in particular the
 * two summary lines tools/check counts:
 *   [  PASSED  ] <n> test(s).
 *   [  FAILED  ] <n> test(s), listed below:
 * A failed assertion prints its values and file:line and ends the test;
 * a crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) inside a test, a
 * setup or a teardown fails that test and the run goes on. An assertion
 * failing in another thread than the one running the test cannot unwind
 * that test: it reports and ends the process with status 1.
 * _cmocka_run_group_tests() returns the number of tests that failed.
 *
 * Test code: the C library is fine here.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Where a failure in the running fixture or test returns to; set only in
 * the thread that runs the group. */
static _Thread_local sigjmp_buf *shim_env;
/* The signal that ended the current step, 0 for a failed assertion. */
static volatile sig_atomic_t shim_signal;

static void shim_vprint(FILE *f, const char *format, va_list args)
{
	if (f == stderr)
		fflush(stdout);
	vfprintf(f, format, args);
	fflush(f);
}

void vprint_message(const char *const format, va_list args)
{
	shim_vprint(stdout, format, args);
}

void vprint_error(const char *const format, va_list args)
{
	shim_vprint(stderr, format, args);
}

void print_message(const char *const format, ...)
{
	va_list ap;

	va_start(ap, format);
	vprint_message(format, ap);
	va_end(ap);
}

void print_error(const char *const format, ...)
{
	va_list ap;

	va_start(ap, format);
	vprint_error(format, ap);
	va_end(ap);
}

/* Ends the current test (fixture) as failed, after saying where. */
static void shim_failed(const char *file, int line)
{
	print_error("[   LINE   ] --- %s:%d: error: Failure!\n", file, line);
	if (!shim_env) {
		print_error("[  ERROR   ] --- assertion failed outside the thread running the "
			    "test: ending the run\n");
		exit(1);
	}
	shim_signal = 0;
	siglongjmp(*shim_env, 1);
}

void _fail(const char *const file, const int line)
{
	shim_failed(file, line);
}

/* Skipping unwinds like a failure with its own outcome. */
static _Thread_local int shim_skipping;

void _skip(const char *const file, const int line)
{
	(void)file;
	(void)line;
	if (!shim_env) {
		print_error("[  ERROR   ] --- skip() outside the thread running the test\n");
		exit(1);
	}
	shim_skipping = 1;
	shim_signal = 0;
	siglongjmp(*shim_env, 1);
}

void _assert_true(const LargestIntegralType result, const char *const expression,
		  const char *const file, const int line)
{
	if (!result) {
		print_error("%s is false\n", expression);
		shim_failed(file, line);
	}
}

void _assert_return_code(const LargestIntegralType result, size_t rlen,
			 const LargestIntegralType error, const char *const expression,
			 const char *const file, const int line)
{
	/* The value is negative when its top bit (of its own width) is set. */
	LargestIntegralType sign = (LargestIntegralType)1 << (rlen * 8u - 1u);

	if (rlen > 0 && rlen <= sizeof(LargestIntegralType) && (result & sign)) {
		if (error > 0)
			print_error("%s < 0, errno(%llu): %s\n", expression,
				    (unsigned long long)error, strerror((int)error));
		else
			print_error("%s < 0\n", expression);
		shim_failed(file, line);
	}
}

static void shim_print_ints(LargestIntegralType a, const char *op, LargestIntegralType b)
{
	print_error("%llu (%#llx) %s %llu (%#llx)\n", (unsigned long long)a, (unsigned long long)a,
		    op, (unsigned long long)b, (unsigned long long)b);
}

void _assert_int_equal(const LargestIntegralType a, const LargestIntegralType b,
		       const char *const file, const int line)
{
	if (a != b) {
		shim_print_ints(a, "!=", b);
		shim_failed(file, line);
	}
}

void _assert_int_not_equal(const LargestIntegralType a, const LargestIntegralType b,
			   const char *const file, const int line)
{
	if (a == b) {
		shim_print_ints(a, "==", b);
		shim_failed(file, line);
	}
}

void _assert_string_equal(const char *const a, const char *const b, const char *const file,
			  const int line)
{
	if (a == b)
		return;
	if (!a || !b || strcmp(a, b) != 0) {
		print_error("\"%s\" != \"%s\"\n", a ? a : "(null)", b ? b : "(null)");
		shim_failed(file, line);
	}
}

void _assert_string_not_equal(const char *const a, const char *const b, const char *file,
			      const int line)
{
	if (a == b || (a && b && strcmp(a, b) == 0)) {
		print_error("\"%s\" == \"%s\"\n", a ? a : "(null)", b ? b : "(null)");
		shim_failed(file, line);
	}
}

/* Index of the first differing byte, or size when equal. */
static size_t shim_first_diff(const void *a, const void *b, size_t size)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < size; i++)
		if (x[i] != y[i])
			break;
	return i;
}

void _assert_memory_equal(const void *const a, const void *const b, const size_t size,
			  const char *const file, const int line)
{
	size_t i;

	if (!a || !b) {
		print_error("memory comparison with a NULL block\n");
		shim_failed(file, line);
	}
	i = shim_first_diff(a, b, size);
	if (i < size) {
		print_error("blocks of %zu bytes differ first at byte %zu: 0x%02x != 0x%02x\n", size,
			    i, ((const unsigned char *)a)[i], ((const unsigned char *)b)[i]);
		shim_failed(file, line);
	}
}

void _assert_memory_not_equal(const void *const a, const void *const b, const size_t size,
			      const char *const file, const int line)
{
	if (!a || !b) {
		print_error("memory comparison with a NULL block\n");
		shim_failed(file, line);
	}
	if (shim_first_diff(a, b, size) == size) {
		print_error("blocks of %zu bytes are equal\n", size);
		shim_failed(file, line);
	}
}

void _assert_in_range(const LargestIntegralType value, const LargestIntegralType minimum,
		      const LargestIntegralType maximum, const char *const file, const int line)
{
	if (value < minimum || value > maximum) {
		print_error("%llu is not within [%llu, %llu]\n", (unsigned long long)value,
			    (unsigned long long)minimum, (unsigned long long)maximum);
		shim_failed(file, line);
	}
}

void _assert_not_in_range(const LargestIntegralType value, const LargestIntegralType minimum,
			  const LargestIntegralType maximum, const char *const file,
			  const int line)
{
	if (value >= minimum && value <= maximum) {
		print_error("%llu is within [%llu, %llu]\n", (unsigned long long)value,
			    (unsigned long long)minimum, (unsigned long long)maximum);
		shim_failed(file, line);
	}
}

/* ---- runner ---------------------------------------------------------------- */

enum shim_outcome { SHIM_PASSED, SHIM_FAILED, SHIM_SKIPPED };

static const int shim_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
#define SHIM_NSIG (sizeof(shim_signals) / sizeof(shim_signals[0]))

static void shim_on_signal(int sig)
{
	if (!shim_env) {
		/* Not in a test of this thread: die of it as without us. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	shim_signal = sig;
	siglongjmp(*shim_env, 1);
}

/*
 * Run one step (test function or fixture) with failures and crashes
 * caught. Returns SHIM_PASSED, SHIM_FAILED or SHIM_SKIPPED; a fixture
 * returning non-zero is SHIM_FAILED.
 */
static enum shim_outcome shim_step(const char *what, CMUnitTestFunction test,
				   CMFixtureFunction fixture, void **state)
{
	struct sigaction sa, old[SHIM_NSIG];
	sigjmp_buf env;
	sigjmp_buf *volatile saved = shim_env;
	volatile enum shim_outcome out = SHIM_PASSED;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = shim_on_signal;
	sigemptyset(&sa.sa_mask);
	/* The handler leaves by siglongjmp: let the same signal come again
	 * in a later test. */
	sa.sa_flags = SA_NODEFER;
	for (i = 0; i < SHIM_NSIG; i++)
		sigaction(shim_signals[i], &sa, &old[i]);

	shim_skipping = 0;
	if (sigsetjmp(env, 1) == 0) {
		shim_env = &env;
		if (test) {
			test(state);
		} else if (fixture(state) != 0) {
			print_error("[  ERROR   ] --- %s returned an error\n", what);
			out = SHIM_FAILED;
		}
	} else if (shim_skipping) {
		out = SHIM_SKIPPED;
	} else {
		if (shim_signal)
			print_error("[  ERROR   ] --- %s: test failed with signal %d (%s)\n", what,
				    (int)shim_signal, strsignal(shim_signal));
		out = SHIM_FAILED;
	}
	shim_env = saved;
	for (i = 0; i < SHIM_NSIG; i++)
		sigaction(shim_signals[i], &old[i], NULL);
	return out;
}

int _cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *const tests,
			    const size_t num_tests, CMFixtureFunction group_setup,
			    CMFixtureFunction group_teardown)
{
	enum shim_outcome *res;
	void *group_state = NULL;
	size_t i, passed = 0, failed = 0, skipped = 0, run = 0;
	int setup_ok = 1;

	res = calloc(num_tests ? num_tests : 1, sizeof(*res));
	if (!res) {
		print_error("[  ERROR   ] --- %s: out of memory\n", group_name);
		return (int)(num_tests ? num_tests : 1);
	}

	print_message("[==========] Running %zu test(s).\n", num_tests);
	if (group_setup &&
	    shim_step("group setup", NULL, group_setup, &group_state) != SHIM_PASSED) {
		print_error("[  ERROR   ] %s: group setup failed\n", group_name);
		setup_ok = 0;
	}
	for (i = 0; i < num_tests; i++) {
		const struct CMUnitTest *t = &tests[i];
		void *state = t->initial_state ? t->initial_state : group_state;
		enum shim_outcome out = SHIM_FAILED;

		if (!setup_ok) {
			res[i] = SHIM_FAILED;
			continue;
		}
		if (!t->test_func) {
			/* CMocka skips entries without a test function. */
			res[i] = SHIM_SKIPPED;
			continue;
		}
		print_message("[ RUN      ] %s\n", t->name);
		run++;
		if (t->setup_func)
			out = shim_step("setup", NULL, t->setup_func, &state);
		else
			out = SHIM_PASSED;
		if (out == SHIM_PASSED) {
			out = shim_step(t->name, t->test_func, NULL, &state);
			if (t->teardown_func && out != SHIM_SKIPPED &&
			    shim_step("teardown", NULL, t->teardown_func, &state) != SHIM_PASSED)
				out = SHIM_FAILED;
		}
		res[i] = out;
		if (out == SHIM_PASSED)
			print_message("[       OK ] %s\n", t->name);
		else if (out == SHIM_SKIPPED)
			print_message("[  SKIPPED ] %s\n", t->name);
		else
			print_message("[  FAILED  ] %s\n", t->name);
	}
	if (setup_ok && group_teardown &&
	    shim_step("group teardown", NULL, group_teardown, &group_state) != SHIM_PASSED)
		print_error("[  ERROR   ] %s: group teardown failed\n", group_name);

	for (i = 0; i < num_tests; i++) {
		passed += res[i] == SHIM_PASSED;
		failed += res[i] == SHIM_FAILED;
		skipped += res[i] == SHIM_SKIPPED;
	}
	print_message("[==========] %zu test(s) run.\n", run);
	print_error("[  PASSED  ] %zu test(s).\n", passed);
	if (skipped) {
		print_error("[  SKIPPED ] %zu test(s), listed below:\n", skipped);
		for (i = 0; i < num_tests; i++)
			if (res[i] == SHIM_SKIPPED)
				print_error("[  SKIPPED ] %s\n", tests[i].name);
	}
	if (failed) {
		print_error("[  FAILED  ] %zu test(s), listed below:\n", failed);
		for (i = 0; i < num_tests; i++)
			if (res[i] == SHIM_FAILED)
				print_error("[  FAILED  ] %s\n", tests[i].name);
		print_error("\n %zu FAILED TEST(S)\n", failed);
	}
	free(res);
	return (int)failed;
}

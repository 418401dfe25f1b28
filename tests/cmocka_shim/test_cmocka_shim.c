/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Self-check of the CMocka run time in cmocka_shim.c. Each group of sample
 * tests below runs in a child process (fork, output into a pipe); the
 * parent checks what the child printed and returned:
 *   - "pass": every assertion the shim defines, in its passing form, with
 *     per-test setup and teardown, initial states and a group state;
 *     the fixtures run in order around each test;
 *   - "fail": each assertion in its failing form, fail(), fail_msg(), a
 *     failing setup and a failing teardown, two crashes (the run goes on
 *     after each), skip(), and passing tests between them: exactly the
 *     failing ones are counted and listed, the skipped one is neither
 *     passed nor failed, each failure names this file and its line;
 *   - "group": a failing group setup fails every test without running it.
 * The summary lines are the ones tools/check counts. Child output is
 * shown on a failure with its brackets changed, so that no summary line
 * of a sample group is counted as this test's.
 * Last line: "cmocka_shim: N passed, N failed".
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

/* ---- sample group "pass" --------------------------------------------------- */

static char order[64];

static void note(char c)
{
	size_t n = strlen(order);

	if (n + 1 < sizeof(order))
		order[n] = c;
}

static int s_setup(void **state)
{
	static int value = 41;

	note('S');
	*state = &value;
	return 0;
}

static int s_teardown(void **state)
{
	note('T');
	assert_int_equal(*(int *)*state, 42);
	return 0;
}

static void t_state(void **state)
{
	note('R');
	(*(int *)*state)++;
}

static void t_asserts_pass(void **state)
{
	const char *s = "abc";
	char buf[3] = { 1, 2, 3 };
	const char same[3] = { 1, 2, 3 };
	int x;

	(void)state;
	assert_int_equal(-1, -1);
	assert_int_equal(0xffffffffu, 0xffffffffu);
	assert_int_equal(UINT64_MAX, UINT64_MAX);
	assert_int_not_equal(1, 2);
	assert_true(1);
	assert_false(0);
	assert_null(NULL);
	assert_non_null(&x);
	assert_ptr_equal(&x, &x);
	assert_ptr_not_equal(&x, s);
	assert_string_equal(s, "abc");
	assert_string_not_equal(s, "abd");
	assert_memory_equal(buf, same, sizeof(buf));
	buf[2] = 4;
	assert_memory_not_equal(buf, same, sizeof(buf));
	assert_in_range(5, 5, 7);
	assert_in_range(7, 5, 7);
	assert_return_code(0, 0);
}

static int initial = 7;

static void t_initial_state(void **state)
{
	assert_ptr_equal(*state, &initial);
}

static int g_setup(void **state)
{
	static int group_value = 99;

	note('G');
	*state = &group_value;
	return 0;
}

static int g_teardown(void **state)
{
	note('g');
	assert_int_equal(*(int *)*state, 99);
	return 0;
}

static void t_group_state(void **state)
{
	assert_int_equal(*(int *)*state, 99);
}

static int group_pass(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_state, s_setup, s_teardown),
		cmocka_unit_test(t_asserts_pass),
		cmocka_unit_test_prestate(t_initial_state, &initial),
		cmocka_unit_test(t_group_state),
	};
	int r = cmocka_run_group_tests_name("pass", tests, g_setup, g_teardown);

	printf("order %s\n", order);
	return r;
}

/* ---- sample group "fail" --------------------------------------------------- */

/* Each failing test records the line of its failing assertion. */
#define AT(stmt)                                                                                   \
	do {                                                                                       \
		printf("line %s %d\n", __func__, __LINE__);                                        \
		fflush(stdout);                                                                    \
		stmt;                                                                              \
	} while (0)

static void f_int_equal(void **state)
{
	(void)state;
	AT(assert_int_equal(3, 4));
}

static void f_int_equal_high(void **state)
{
	(void)state;
	/* differs only above bit 31: no truncation to 32 bits */
	AT(assert_int_equal(0x100000000ull, 0));
}

static void f_int_not_equal(void **state)
{
	(void)state;
	AT(assert_int_not_equal(5, 5));
}

static void f_true(void **state)
{
	(void)state;
	AT(assert_true(0));
}

static void f_false(void **state)
{
	(void)state;
	AT(assert_false(2));
}

static void f_null(void **state)
{
	AT(assert_null(state));
}

static void f_non_null(void **state)
{
	(void)state;
	AT(assert_non_null(NULL));
}

static void f_ptr_equal(void **state)
{
	AT(assert_ptr_equal(state, NULL));
}

static void f_ptr_not_equal(void **state)
{
	AT(assert_ptr_not_equal(state, state));
}

static void f_string_equal(void **state)
{
	(void)state;
	AT(assert_string_equal("abc", "abd"));
}

static void f_string_not_equal(void **state)
{
	(void)state;
	AT(assert_string_not_equal("abc", "abc"));
}

static void f_memory_equal(void **state)
{
	const char a[4] = { 1, 2, 3, 4 }, b[4] = { 1, 2, 3, 5 };

	(void)state;
	AT(assert_memory_equal(a, b, sizeof(a)));
}

static void f_memory_not_equal(void **state)
{
	const char a[4] = { 1, 2, 3, 4 }, b[4] = { 1, 2, 3, 4 };

	(void)state;
	AT(assert_memory_not_equal(a, b, sizeof(a)));
}

static void f_in_range(void **state)
{
	(void)state;
	AT(assert_in_range(8, 5, 7));
}

static void f_return_code(void **state)
{
	(void)state;
	AT(assert_return_code(-1, 0));
}

static void f_fail(void **state)
{
	(void)state;
	AT(fail());
}

static void f_fail_msg(void **state)
{
	(void)state;
	AT(fail_msg("reason %d", 17));
}

static void f_crash(void **state)
{
	(void)state;
	raise(SIGSEGV);
}

static void f_crash_again(void **state)
{
	(void)state;
	raise(SIGFPE);
}

static void f_after_failure(void **state)
{
	(void)state;
	AT(assert_int_equal(1, 2));
	/* not reached: a failed assertion ends the test */
	printf("reached after a failed assertion\n");
}

static int f_setup_fails(void **state)
{
	(void)state;
	return -1;
}

static int f_teardown_fails(void **state)
{
	(void)state;
	return -1;
}

static int setup_assert_fails(void **state)
{
	(void)state;
	assert_true(0);
	return 0;
}

static void p_ok(void **state)
{
	(void)state;
}

static void p_not_run(void **state)
{
	(void)state;
	printf("test body ran although its setup failed\n");
}

static void s_skip(void **state)
{
	(void)state;
	skip();
}

static int group_fail(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(f_int_equal),
		cmocka_unit_test(f_int_equal_high),
		cmocka_unit_test(p_ok),
		cmocka_unit_test(f_int_not_equal),
		cmocka_unit_test(f_true),
		cmocka_unit_test(f_false),
		cmocka_unit_test(f_null),
		cmocka_unit_test(f_non_null),
		cmocka_unit_test(f_ptr_equal),
		cmocka_unit_test(f_ptr_not_equal),
		cmocka_unit_test(f_string_equal),
		cmocka_unit_test(f_string_not_equal),
		cmocka_unit_test(f_memory_equal),
		cmocka_unit_test(f_memory_not_equal),
		cmocka_unit_test(f_in_range),
		cmocka_unit_test(f_return_code),
		cmocka_unit_test(f_fail),
		cmocka_unit_test(f_fail_msg),
		cmocka_unit_test(f_crash),
		cmocka_unit_test(f_crash_again),
		cmocka_unit_test(f_after_failure),
		cmocka_unit_test_setup(p_not_run, f_setup_fails),
		cmocka_unit_test_setup(p_not_run, setup_assert_fails),
		cmocka_unit_test_teardown(p_ok, f_teardown_fails),
		cmocka_unit_test(s_skip),
		cmocka_unit_test(p_ok),
	};

	return cmocka_run_group_tests_name("fail", tests, NULL, NULL);
}

/* Names of the failing tests of group_fail, and the passing count. */
static const char *const fail_names[] = {
	"f_int_equal", "f_int_equal_high", "f_int_not_equal", "f_true", "f_false", "f_null",
	"f_non_null", "f_ptr_equal", "f_ptr_not_equal", "f_string_equal", "f_string_not_equal",
	"f_memory_equal", "f_memory_not_equal", "f_in_range", "f_return_code", "f_fail",
	"f_fail_msg", "f_crash", "f_crash_again", "f_after_failure",
};
/* f_* above, the two p_not_run and the failing teardown. */
#define FAIL_COUNT (sizeof(fail_names) / sizeof(fail_names[0]) + 3u)
#define FAIL_PASSED 2u

/* ---- sample group "group" -------------------------------------------------- */

static int g_setup_fails(void **state)
{
	(void)state;
	return 1;
}

static int group_setup_failing(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(p_not_run),
		cmocka_unit_test(p_not_run),
		cmocka_unit_test(p_not_run),
	};

	return cmocka_run_group_tests_name("group", tests, g_setup_fails, NULL);
}

/* ---- the checks ------------------------------------------------------------ */

static unsigned n_pass, n_fail;

static void check(int ok, const char *what, const char *out)
{
	if (ok) {
		n_pass++;
		printf("ok: %s\n", what);
		return;
	}
	n_fail++;
	printf("FAILED: %s; the sample group printed:\n", what);
	for (; out && *out; out++)
		putchar(*out == '[' ? '(' : *out == ']' ? ')' : *out);
	putchar('\n');
}

/* Run a sample group in a child; its output (stdout and stderr) and what
 * the runner returned. Returns the output (malloc'd) or NULL. */
static char *run_child(int (*group)(void), int *ret)
{
	int fds[2], st;
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	pid_t pid;
	ssize_t n;

	*ret = -1;
	if (!buf || pipe(fds) != 0)
		return NULL;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return NULL;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		printf("return %d\n", group());
		fflush(stdout);
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("sample group process did not exit normally (status %#x)\n", (unsigned)st);
		return buf;
	}
	{
		const char *r = strstr(buf, "\nreturn ");

		if (r)
			*ret = atoi(r + 8);
	}
	return buf;
}

static int contains(const char *out, const char *s)
{
	return out && strstr(out, s) != NULL;
}

/* Count of lines equal to @p line. */
static unsigned count_lines(const char *out, const char *line)
{
	size_t n = strlen(line);
	unsigned c = 0;
	const char *p = out;

	while (p && *p) {
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			c++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return c;
}

int main(void)
{
	char what[160], want[160];
	char *out;
	int ret;
	size_t i;

	/* "pass" */
	out = run_child(group_pass, &ret);
	check(ret == 0, "passing group: runner returns 0", out);
	check(contains(out, "[  PASSED  ] 4 test(s).\n"), "passing group: 4 counted passed", out);
	check(!contains(out, "FAILED"), "passing group: no failure reported", out);
	check(contains(out, "order GSRTg\n"),
	      "fixtures in order: group setup, setup, test, teardown, group teardown", out);
	free(out);

	/* "fail" */
	out = run_child(group_fail, &ret);
	snprintf(what, sizeof(what), "failing group: runner returns %u", (unsigned)FAIL_COUNT);
	check(ret == (int)FAIL_COUNT, what, out);
	snprintf(want, sizeof(want), "[  PASSED  ] %u test(s).\n", FAIL_PASSED);
	check(contains(out, want), "failing group: exactly the passing tests counted passed", out);
	snprintf(want, sizeof(want), "[  FAILED  ] %u test(s), listed below:\n",
		 (unsigned)FAIL_COUNT);
	check(contains(out, want), "failing group: exactly the failing tests counted failed", out);
	check(contains(out, "[  SKIPPED ] 1 test(s), listed below:\n") &&
		      count_lines(out, "[  SKIPPED ] s_skip") == 2,
	      "skip(): counted skipped, neither passed nor failed", out);
	for (i = 0; i < sizeof(fail_names) / sizeof(fail_names[0]); i++) {
		const char *l;
		int line = 0;

		snprintf(want, sizeof(want), "[  FAILED  ] %s", fail_names[i]);
		/* once after the test, once in the list */
		snprintf(what, sizeof(what), "%s fails and is listed", fail_names[i]);
		check(count_lines(out, want) == 2, what, out);
		snprintf(want, sizeof(want), "line %s ", fail_names[i]);
		l = out ? strstr(out, want) : NULL;
		if (l)
			line = atoi(l + strlen(want));
		if (line > 0) {
			snprintf(want, sizeof(want), "test_cmocka_shim.c:%d: error: Failure!", line);
			snprintf(what, sizeof(what), "%s names its file and line %d", fail_names[i],
				 line);
			check(contains(out, want), what, out);
		}
	}
	check(count_lines(out, "[  FAILED  ] p_not_run") == 4 && !contains(out, "test body ran"),
	      "a failing setup (error return or assertion) fails its test without running it", out);
	check(count_lines(out, "[  FAILED  ] p_ok") == 2 && count_lines(out, "[       OK ] p_ok") == 2,
	      "a failing teardown fails its test; the same test passes without it", out);
	check(!contains(out, "reached after a failed assertion"),
	      "a failed assertion ends its test", out);
	check(contains(out, "ERROR: reason 17\n"), "fail_msg() prints its message", out);
	check(contains(out, "4294967296 (0x100000000) != 0 (0)"),
	      "integers compared and printed on 64 bits", out);
	check(contains(out, "f_crash: test failed with signal") &&
		      contains(out, "f_crash_again: test failed with signal") &&
		      contains(out, "[ RUN      ] f_after_failure\n"),
	      "crashes fail their test and the run goes on", out);
	free(out);

	/* "group" */
	out = run_child(group_setup_failing, &ret);
	check(ret == 3 && contains(out, "[  PASSED  ] 0 test(s).\n") &&
		      contains(out, "[  FAILED  ] 3 test(s), listed below:\n") &&
		      !contains(out, "test body ran"),
	      "a failing group setup fails every test of the group, none runs", out);
	free(out);

	printf("cmocka_shim: %u passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}

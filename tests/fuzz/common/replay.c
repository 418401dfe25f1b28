/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replay driver: a main() for a harness built without libFuzzer (gcc, the
 * normal host suite, sanitizer builds). It runs files through the same
 * LLVMFuzzerTestOneInput() the fuzzer drives.
 *
 *   fuzz_<h> [--xfail MANIFEST] [--no-fork] [-q] PATH...
 *
 * Each PATH is a file or a directory (every regular file in it, sorted by
 * name, dot files skipped). Each input runs in a child process, so an
 * input that aborts is reported by name and the others still run; the
 * child's stderr is kept and shown for failures. --no-fork runs in-process
 * (for a debugger). Ends with "<name>: N passed, N failed".
 *
 * --xfail MANIFEST: lines "<file name> <expected text>" ('#' comments).
 * A listed input is expected to fail, with <expected text> (e.g.
 * "[liveness]") in its stderr: it counts as passed when it does, as failed
 * when it passes (the defect it reproduces is gone: remove the line and
 * move the file into the corpus) or fails differently. Inputs not listed
 * must pass.
 */
/* 64-bit file offsets and inode numbers on 32-bit targets (the big-endian
 * suite runs this under qemu-ppc on a 64-bit host's file system, where a
 * 32-bit stat() fails with EOVERFLOW). */
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define MAX_FILES 4096
#define MAX_XFAIL 256
#define ERR_KEEP 8192

struct xfail {
	char name[256];
	char expect[256];
};

static struct xfail xf[MAX_XFAIL];
static unsigned n_xf;
static int quiet;

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int load_manifest(const char *path)
{
	char line[600];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *name, *exp;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || !*p)
			continue;
		name = strtok(p, " \t\n");
		exp = strtok(NULL, "\n");
		if (!name || !exp || n_xf >= MAX_XFAIL)
			continue;
		while (*exp == ' ' || *exp == '\t')
			exp++;
		snprintf(xf[n_xf].name, sizeof(xf[n_xf].name), "%s", name);
		snprintf(xf[n_xf].expect, sizeof(xf[n_xf].expect), "%s", exp);
		n_xf++;
	}
	fclose(f);
	return 0;
}

static struct xfail *xfail_of(const char *path)
{
	const char *b = base_name(path);

	for (unsigned i = 0; i < n_xf; i++)
		if (!strcmp(xf[i].name, b))
			return &xf[i];
	return NULL;
}

static int read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long n;

	*data = NULL;
	*size = 0;
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	/* An exact-size heap copy: ASan sees any read past the input. */
	*data = malloc(n ? (size_t)n : 1u);
	if (!*data || (n && fread(*data, 1, (size_t)n, f) != (size_t)n)) {
		fclose(f);
		free(*data);
		*data = NULL;
		return -1;
	}
	fclose(f);
	*size = (size_t)n;
	return 0;
}

/* Run one input; returns 0 when it passed, 1 when it failed. The child's
 * stderr (tail) goes to @err. */
static int run_one(const char *path, int nofork, char *err, size_t errcap)
{
	uint8_t *data;
	size_t size;
	int pfd[2], st;
	pid_t pid;
	size_t got = 0;

	err[0] = 0;
	if (read_file(path, &data, &size)) {
		snprintf(err, errcap, "cannot read %s\n", path);
		return 1;
	}
	if (nofork) {
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		return 0;
	}
	fflush(stdout);
	fflush(stderr);
	if (pipe(pfd)) {
		free(data);
		snprintf(err, errcap, "pipe: %s\n", strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		free(data);
		snprintf(err, errcap, "fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], 2);
		close(pfd[1]);
		LLVMFuzzerTestOneInput(data, size);
		fflush(stderr);
		_exit(0);
	}
	close(pfd[1]);
	free(data);
	for (;;) {
		char buf[1024];
		ssize_t k = read(pfd[0], buf, sizeof(buf));

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		/* keep the last errcap - 1 bytes */
		for (ssize_t i = 0; i < k; i++) {
			if (got + 1 >= errcap) {
				memmove(err, err + errcap / 2, errcap / 2);
				got -= errcap / 2;
			}
			err[got++] = buf[i];
		}
	}
	err[got] = 0;
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *files[MAX_FILES];
static unsigned n_files;

static void add_path(const char *p)
{
	struct stat sb;

	if (stat(p, &sb)) {
		fprintf(stderr, "replay: %s: %s\n", p, strerror(errno));
		if (n_files < MAX_FILES)
			files[n_files++] = strdup(p); /* reported as a failure */
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		DIR *d = opendir(p);
		struct dirent *e;
		unsigned first = n_files;

		if (!d)
			return;
		while ((e = readdir(d)) != NULL) {
			char full[4096];
			struct stat fb;

			if (e->d_name[0] == '.')
				continue;
			snprintf(full, sizeof(full), "%s/%s", p, e->d_name);
			if (stat(full, &fb) || !S_ISREG(fb.st_mode))
				continue;
			if (n_files < MAX_FILES)
				files[n_files++] = strdup(full);
		}
		closedir(d);
		qsort(files + first, n_files - first, sizeof(files[0]), cmp_str);
		return;
	}
	if (n_files < MAX_FILES)
		files[n_files++] = strdup(p);
}

int main(int argc, char **argv)
{
	const char *name = base_name(argv[0]);
	static char err[ERR_KEEP];
	int nofork = 0;
	unsigned pass = 0, fail = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-fork")) {
			nofork = 1;
		} else if (!strcmp(argv[i], "-q")) {
			quiet = 1;
		} else if (!strcmp(argv[i], "--xfail") && i + 1 < argc) {
			if (load_manifest(argv[++i]))
				return 2;
		} else if (argv[i][0] == '-') {
			/* libFuzzer-style flags (-runs=, ...) are ignored */
			continue;
		} else {
			add_path(argv[i]);
		}
	}
	if (!n_files) {
		fprintf(stderr, "usage: %s [--xfail MANIFEST] [--no-fork] [-q] FILE|DIR...\n",
			argv[0]);
		printf("%s: 0 passed, 1 failed\n", name);
		return 1;
	}
	for (unsigned i = 0; i < n_files; i++) {
		struct xfail *x = xfail_of(files[i]);
		int bad = run_one(files[i], nofork, err, sizeof(err));

		if (x) {
			if (bad && strstr(err, x->expect)) {
				pass++;
				if (!quiet)
					printf("  xfail   %s (fails as expected: %s)\n", files[i],
					       x->expect);
				continue;
			}
			fail++;
			printf("  XPASS?  %s: expected to fail with '%s' but it %s\n", files[i],
			       x->expect, bad ? "failed differently" : "passed");
			if (bad)
				printf("%s", err);
			continue;
		}
		if (bad) {
			fail++;
			printf("  FAILED  %s\n%s", files[i], err);
		} else {
			pass++;
			if (!quiet)
				printf("  ok      %s\n", files[i]);
		}
	}
	/* Manifest entries naming files of other harnesses' directories are
	 * not this run's to check: only what was run is judged. */
	printf("%s: %u passed, %u failed\n", name, pass, fail);
	return fail ? 1 : 0;
}

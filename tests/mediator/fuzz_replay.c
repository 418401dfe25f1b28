/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replay driver of the mediator's fuzz harnesses when they are built
 * without libFuzzer (any compiler, the host suite): a main() that runs
 * inputs through the harness's LLVMFuzzerTestOneInput().
 *
 *   fuzz_<h> PATH...            every file (or every file of a directory)
 *   fuzz_<h> --random N SEED    N pseudo-random inputs of 0..4096 bytes
 *
 * An invariant violation aborts in the harness (the process fails, the
 * input is named on stderr first). The last line is
 * "<harness>: N passed, 0 failed".
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned ran;
static uint8_t buf[1u << 20];

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
	(void)LLVMFuzzerTestOneInput(buf, n);
	ran++;
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path)
{
	struct stat st;
	struct dirent *e;
	char *names[4096];
	unsigned n = 0, i;
	DIR *d;
	int ret = 0;

	if (stat(path, &st))
		return -1;
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)) && n < 4096u) {
		char full[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
		names[n] = strdup(full);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	for (i = 0; i < n; i++) {
		if (run_file(names[i]))
			ret = -1;
		free(names[i]);
	}
	return ret;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int a, bad = 0;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--random") && a + 2 < argc) {
			unsigned long n = strtoul(argv[a + 1], NULL, 0), k;
			uint64_t x = strtoull(argv[a + 2], NULL, 0) | 1u;

			for (k = 0; k < n; k++) {
				size_t len, i;

				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				len = (size_t)(x % 4097u);
				for (i = 0; i < len; i++) {
					x ^= x << 13;
					x ^= x >> 7;
					x ^= x << 17;
					buf[i] = (uint8_t)(x >> 24);
				}
				(void)LLVMFuzzerTestOneInput(buf, len);
				ran++;
			}
			a += 2;
		} else if (run_path(argv[a])) {
			bad++;
		}
	}
	printf("%s: %u passed, %d failed\n", name, ran, bad);
	return bad ? 1 : 0;
}

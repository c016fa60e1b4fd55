/* Replays the inputs that once made a fuzz harness crash, leak, hang or
 * trip an oracle (tests/fuzz/regress/HARNESS/, a file each) through that
 * harness's own entry function, compiled here without libFuzzer, so that
 * `make test` keeps them fixed; the sanitizer build of the unit tests
 * replays them under ASan and UBSan as the fuzzers ran them. Inputs named
 * in tests/fuzz/regress/KNOWN are reported findings not fixed yet: skipped
 * with a warning. Runs from the repository root (as tests/run-all.sh does). */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FUZZ_ENTRY fuzz_compile_entry
#include "tests/fuzz/fuzz_compile.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_verify_entry
#include "tests/fuzz/fuzz_verify.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_records_entry
#include "tests/fuzz/fuzz_records.c"
#undef FUZZ_ENTRY

#define REGRESS "tests/fuzz/regress"

/* Is HARNESS/NAME listed in KNOWN? */
static int regress_known(const char *harness, const char *name)
{
	char line[1024], want[512];
	FILE *f = fopen(REGRESS "/KNOWN", "r");
	int found = 0;

	if (!f)
		return 0;
	snprintf(want, sizeof(want), "%s/%s", harness, name);
	while (!found && fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, " \t\n")] = 0;
		found = !strcmp(line, want);
	}
	fclose(f);
	return found;
}

/* Run every input of REGRESS/harness through entry, each in a buffer of
 * exactly its size (as libFuzzer gives it, so ASan sees overruns). */
static void regress_replay(const char *harness, int (*entry)(const uint8_t *, size_t))
{
	char dir[512], path[1024];
	struct dirent **ents;
	struct stat sb;

	if (stat(REGRESS, &sb) < 0)
		cr_skip_test("%s not found: run from the repository root", REGRESS);
	snprintf(dir, sizeof(dir), REGRESS "/%s", harness);
	int n = scandir(dir, &ents, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (name[0] == '.' || stat(path, &sb) < 0 || !S_ISREG(sb.st_mode)) {
			free(ents[i]);
			continue;
		}
		if (regress_known(harness, name)) {
			cr_log_warn("%s: skipped, a known finding (%s/KNOWN)", path, REGRESS);
			free(ents[i]);
			continue;
		}
		FILE *f = fopen(path, "rb");
		uint8_t *buf = malloc(sb.st_size ? (size_t)sb.st_size : 1);
		cr_assert(f && buf, "%s: cannot read", path);
		size_t len = fread(buf, 1, (size_t)sb.st_size, f);
		fclose(f);
		entry(buf, len);
		free(buf);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

Test(fuzz_regress, compile, .timeout = 120)
{
	regress_replay("fuzz_compile", fuzz_compile_entry);
}

Test(fuzz_regress, verify, .timeout = 120)
{
	regress_replay("fuzz_verify", fuzz_verify_entry);
}

Test(fuzz_regress, records, .timeout = 120)
{
	regress_replay("fuzz_records", fuzz_records_entry);
}

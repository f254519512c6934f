// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memory [MiB]: a counter plus MiB (default 64) of patterned anonymous memory.
 * SIGUSR1 prints "count N"; SIGUSR2 verifies every word of the pattern and that the
 * counter kept its value across the restart, then prints the result.
 * Also built -static as memory-static (see harness.ts STATIC_VARIANTS).
 */
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>
#include "zdtm.h"

static volatile sig_atomic_t want_count;

static void on_usr1(int sig) { (void)sig; want_count = 1; }

static inline uint64_t pattern(uint64_t i) { return (i * 0x9E3779B97F4A7C15ULL) ^ (i >> 7) ^ 0xB1C2; }

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 2 * 1000 * 1000 };
	size_t words = (size_t)(argc > 1 ? atol(argv[1]) : 64) << 17;	/* MiB → 8-byte words */
	uint64_t *mem = mmap(NULL, words * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t sum = 0, check = 0, counter = 0, seen = 0;

	if (mem == MAP_FAILED)
		zdtm_fail("mmap %zu words", words);
	zdtm_init();
	signal(SIGUSR1, on_usr1);
	for (size_t i = 0; i < words; i++)
		sum += (mem[i] = pattern(i));
	zdtm_ready();
	while (!zdtm_done) {
		counter++;
		if (want_count) {
			want_count = 0;
			seen = counter;
			printf("count %llu\n", (unsigned long long)counter);
		}
		nanosleep(&tick, NULL);
	}
	for (size_t i = 0; i < words; i++) {
		if (mem[i] != pattern(i))
			zdtm_fail("word %zu is %#llx, want %#llx", i, (unsigned long long)mem[i],
				  (unsigned long long)pattern(i));
		check += mem[i];
	}
	if (check != sum)
		zdtm_fail("checksum %#llx, want %#llx", (unsigned long long)check, (unsigned long long)sum);
	if (counter < seen)
		zdtm_fail("counter went back from %llu to %llu", (unsigned long long)seen,
			  (unsigned long long)counter);
	printf("result pass pid=%d count=%llu sum=%#llx\n", (int)getpid(), (unsigned long long)counter,
	       (unsigned long long)sum);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pipe-producer N: the head of the e2e pipeline. Writes N numbered lines
 * "<index> <value>" of a deterministic 64-bit stream, then "end <N> <checksum>".
 * It writes as fast as the pipe takes it, so at checkpoint time it is blocked on a
 * full pipe buffer.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 100000, x = 0x9e3779b97f4a7c15ULL, sum = 0;

	for (uint64_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sum = (sum ^ x) * 0x100000001b3ULL;
		if (printf("%08" PRIu64 " %016" PRIx64 "\n", i, x) < 0)
			return 1;
	}
	printf("end %" PRIu64 " %016" PRIx64 "\n", n, sum);
	return fflush(stdout) ? 1 : 0;
}

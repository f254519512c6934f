// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * avx ITERATIONS: one inline-asm loop keeps its whole state in ymm0-ymm7 (xorshift on 16
 * 64-bit lanes, fused multiply-adds on 16 doubles) for ITERATIONS rounds, with MXCSR set
 * to round-toward-zero, and prints a checksum. The checkpoint lands mid-loop; the test
 * compares the checksum with an uninterrupted run. Build flags: -mavx2 -mfma.
 */
#include <immintrin.h>
#include <stdint.h>
#include "zdtm.h"

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 100000000ULL;
	uint64_t out[16] __attribute__((aligned(32))) = { 1, 2, 3, 4, 5, 6, 7, 8 };
	double f[8] __attribute__((aligned(32))) = { 1.1, 2.2, 3.3, 4.4, 0.5, 0.6, 0.7, 0.8 };
	const double mul[4] __attribute__((aligned(32))) = { 0.999999, 1.000001, 0.9999993, 1.0000007 };
	const double add[4] __attribute__((aligned(32))) = { 1e-7, -3e-7, 5e-9, 7e-8 };
	uint64_t sum = 0;

	zdtm_init();
	for (int i = 8; i < 16; i++)
		out[i] = out[i - 8] * 0x9E3779B97F4A7C15ULL;
	_mm_setcsr((_mm_getcsr() & ~0x6000u) | 0x6000u);	/* RC = toward zero */
	zdtm_ready();
	__asm__ volatile(
		"vmovdqa 0(%[o]), %%ymm0\n\t vmovdqa 32(%[o]), %%ymm1\n\t"
		"vmovdqa 64(%[o]), %%ymm2\n\t vmovdqa 96(%[o]), %%ymm3\n\t"
		"vmovapd 0(%[f]), %%ymm4\n\t vmovapd 32(%[f]), %%ymm5\n\t"
		"vmovapd %[m], %%ymm6\n\t vmovapd %[a], %%ymm7\n\t"
		"1:\n\t"
		"vpsllq $13, %%ymm0, %%ymm8\n\t vpxor %%ymm8, %%ymm0, %%ymm0\n\t"
		"vpsrlq $7, %%ymm0, %%ymm8\n\t vpxor %%ymm8, %%ymm0, %%ymm0\n\t"
		"vpsllq $17, %%ymm0, %%ymm8\n\t vpxor %%ymm8, %%ymm0, %%ymm0\n\t"
		"vpaddq %%ymm0, %%ymm1, %%ymm1\n\t vpxor %%ymm1, %%ymm2, %%ymm2\n\t"
		"vpaddq %%ymm2, %%ymm3, %%ymm3\n\t"
		"vfmadd132pd %%ymm6, %%ymm7, %%ymm4\n\t vfmadd132pd %%ymm6, %%ymm7, %%ymm5\n\t"
		"dec %[n]\n\t jnz 1b\n\t"
		"vmovdqa %%ymm0, 0(%[o])\n\t vmovdqa %%ymm1, 32(%[o])\n\t"
		"vmovdqa %%ymm2, 64(%[o])\n\t vmovdqa %%ymm3, 96(%[o])\n\t"
		"vmovapd %%ymm4, 0(%[f])\n\t vmovapd %%ymm5, 32(%[f])\n\t"
		: [n] "+r"(n)
		: [o] "r"(out), [f] "r"(f), [m] "m"(mul), [a] "m"(add)
		: "memory", "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8");
	for (int i = 0; i < 16; i++)
		sum = sum * 31 + out[i];
	for (int i = 0; i < 8; i++) {
		uint64_t bits;

		memcpy(&bits, &f[i], 8);
		sum = sum * 31 + bits;
	}
	if ((_mm_getcsr() & 0x6000u) != 0x6000u)
		zdtm_fail("MXCSR rounding mode lost: %#x", _mm_getcsr());
	printf("result pass pid=%d checksum=%#llx\n", (int)getpid(), (unsigned long long)sum);
	return 0;
}

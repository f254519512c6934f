// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memtouch: the benchmark's checkpoint target (criu-figures.md §5's method).
 *
 *   memtouch [-m MiB] [-t threads] [-p procs] [-s]
 *
 * Each of -p processes (the first forks the others: a tree) maps -m MiB of private anonymous
 * memory and fills every 64-bit word with non-zero xorshift64 data, split between -t threads
 * that then sleep. Each process prints "ready PID CSUM" on stdout.
 *
 * The first process then reads commands on stdin (unless -s):
 *   "ping"    answers "pong PID" (the restart benchmark's time-to-running probe)
 *   "verify"  regenerates the stream, compares every word, answers "ok CSUM" or "bad WORD"
 *   EOF       exits 0
 * SIGUSR1 (any mode): each process verifies its memory, prints "verified PID ok|bad" and
 * exits 0 if intact, 1 if not; the first one forwards SIGUSR1 to the others and fails if any
 * of them does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)
#define MAXP 64
#define MAXT 64

static uint64_t *mem;
static size_t words;
static int nthreads = 1;
static unsigned proc_index;
static volatile sig_atomic_t usr1;
static pthread_barrier_t filled;

/* Every word of slice i of process p is fixed by (p, i): verification regenerates it. */
static uint64_t seed(size_t slice)
{
	return 0x9e3779b97f4a7c15ULL ^ ((uint64_t)proc_index << 32) ^ (slice + 1) * 0xbf58476d1ce4e5b9ULL;
}

static void slice_bounds(int i, size_t *lo, size_t *hi)
{
	*lo = words / (size_t)nthreads * (size_t)i;
	*hi = i == nthreads - 1 ? words : words / (size_t)nthreads * (size_t)(i + 1);
}

/* Fill (check == 0) or check (check == 1) one slice; returns the index of a bad word + 1. */
static size_t walk(int slice, int check, uint64_t *csum)
{
	size_t lo, hi;
	uint64_t x = seed((size_t)slice), c = 0;

	slice_bounds(slice, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (!check)
			mem[i] = x;
		else if (mem[i] != x)
			return i + 1;
		c = (c ^ x) * 0x100000001b3ULL;
	}
	*csum ^= c;
	return 0;
}

static void *worker(void *arg)
{
	uint64_t c = 0;
	sigset_t all;

	walk((int)(intptr_t)arg, 0, &c);
	pthread_barrier_wait(&filled);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;)
		pause();
	return NULL;
}

static size_t verify(uint64_t *csum)
{
	*csum = 0;
	for (int i = 0; i < nthreads; i++) {
		size_t bad = walk(i, 1, csum);

		if (bad)
			return bad;
	}
	return 0;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (write(1, buf, (size_t)n) != n)
		_exit(3);
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1 = 1;
}

static int verify_and_exit_code(void)
{
	uint64_t c;

	return verify(&c) ? 1 : 0;
}

int main(int argc, char **argv)
{
	size_t mib = 64;
	int procs = 1, stdin_mode = 1, opt;
	pid_t kids[MAXP];
	pthread_t th;
	struct sigaction sa;
	uint64_t csum = 0;

	/* whatever the caller leaked (a runner's pipes) is not ours to checkpoint */
	syscall(SYS_close_range, 3, ~0U, 0);

	while ((opt = getopt(argc, argv, "m:t:p:s")) != -1) {
		if (opt == 'm')
			mib = strtoul(optarg, NULL, 0);
		else if (opt == 't')
			nthreads = atoi(optarg);
		else if (opt == 'p')
			procs = atoi(optarg);
		else if (opt == 's')
			stdin_mode = 0;
		else {
			fprintf(stderr, "usage: memtouch [-m MiB] [-t threads] [-p procs] [-s]\n");
			return 255;
		}
	}
	if (!mib || nthreads < 1 || nthreads > MAXT || procs < 1 || procs > MAXP) {
		fprintf(stderr, "memtouch: need -m >= 1, 1 <= -t <= %d, 1 <= -p <= %d\n", MAXT, MAXP);
		return 255;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;	/* no SA_RESTART: read() and pause() return EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	for (int p = 1; p < procs; p++) {
		pid_t k = fork();

		if (k < 0) {
			perror("memtouch: fork");
			return 2;
		}
		if (k == 0) {
			proc_index = (unsigned)p;
			stdin_mode = 0;
			procs = 1;
			break;
		}
		kids[p] = k;
	}
	words = mib * MIB / 8;
	mem = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("memtouch: mmap");
		return 2;
	}
	pthread_barrier_init(&filled, NULL, (unsigned)nthreads);
	for (int i = 1; i < nthreads; i++)
		if (pthread_create(&th, NULL, worker, (void *)(intptr_t)i)) {
			fprintf(stderr, "memtouch: pthread_create failed\n");
			return 2;
		}
	walk(0, 0, &csum);
	pthread_barrier_wait(&filled);
	verify(&csum);
	say("ready %d %016" PRIx64 "\n", (int)getpid(), csum);

	for (;;) {
		char line[64];
		ssize_t n;

		if (usr1) {
			int rc = verify_and_exit_code();

			say("verified %d %s\n", (int)getpid(), rc ? "bad" : "ok");

			for (int p = 1; p < procs; p++) {
				int st;

				kill(kids[p], SIGUSR1);
				while (waitpid(kids[p], &st, 0) < 0 && errno == EINTR)
					;
				if (!WIFEXITED(st) || WEXITSTATUS(st))
					rc = 1;
			}
			return rc;
		}
		if (!stdin_mode) {
			pause();
			continue;
		}
		n = read(0, line, sizeof(line) - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		line[n] = 0;
		for (char *cmd = strtok(line, "\n"); cmd; cmd = strtok(NULL, "\n")) {
			if (!strcmp(cmd, "ping")) {
				say("pong %d\n", (int)getpid());
			} else if (!strcmp(cmd, "verify")) {
				size_t bad = verify(&csum);

				if (bad)
					say("bad %zu\n", bad - 1);
				else
					say("ok %016" PRIx64 "\n", csum);
			}
		}
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the libcr e2e programs: line-buffered stdout, "ready PID", monotonic
 * milliseconds, SIGUSR2 = "report and exit". Each program prints event lines the test
 * parses ("cb ... rc=N", "count N", "result ...").
 */
#ifndef CRTEST_H
#define CRTEST_H
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libcr.h>

static volatile sig_atomic_t crt_stop;

static void crt_usr2(int sig)
{
	(void)sig;
	crt_stop = 1;
}

static inline void crt_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = crt_usr2;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR2, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline long long crt_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Sleep ms, resuming after signals (the checkpoint signal interrupts sleeps). */
static inline void crt_sleep(long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		;
}

static inline void crt_ready(void)
{
	printf("ready %d\n", (int)getpid());
}

#define crt_die(...) do { printf("result fail " __VA_ARGS__); printf("\n"); exit(1); } while (0)

#endif

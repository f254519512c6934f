/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zdtm-style helpers for the e2e programs: set up state, print "ready <pid>", wait for
 * SIGUSR2 (the test checkpoints, kills and restarts the process meanwhile), verify, and
 * print one "result pass ..." or "result fail <what differed>" line (exit 0 / 1).
 */
#ifndef ZDTM_H
#define ZDTM_H
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t zdtm_done;

static void zdtm_usr2(int sig)
{
	(void)sig;
	zdtm_done = 1;
}

/* Install the SIGUSR2 "verify now" handler (SA_RESTART so syscalls resume). */
static inline void zdtm_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = zdtm_usr2;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR2, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline void zdtm_ready(void)
{
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
}

/* Sleep in pause() until SIGUSR2 arrived. */
static inline void zdtm_wait(void)
{
	while (!zdtm_done)
		pause();
}

static inline void __attribute__((noreturn, format(printf, 1, 2))) zdtm_fail(const char *fmt, ...)
{
	va_list ap;

	printf("result fail ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

static inline void __attribute__((noreturn)) zdtm_pass(const char *detail)
{
	printf("result pass pid=%d %s\n", (int)getpid(), detail ? detail : "");
	fflush(stdout);
	exit(0);
}

#endif

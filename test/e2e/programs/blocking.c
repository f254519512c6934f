// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * blocking MODE: the checkpoint interrupts a blocking syscall; after the restart it must
 * resume (or report EINTR, which the loop retries) and behave as if nothing happened.
 *   pause      pause() until SIGUSR2 (ERESTARTNOHAND: re-executed after restore)
 *   nanosleep  clock_nanosleep to an absolute CLOCK_MONOTONIC deadline 1.5 s away; it must
 *              return only at or after the deadline, then wait for SIGUSR2
 *   futex      FUTEX_WAIT on a word the SIGUSR2 handler sets (ERESTARTSYS)
 *   read       read(0) on stdin (a pipe/socket that cr_restart's stdin replaces); the test
 *              writes "ping\n" to cr_restart's stdin and the line must arrive
 */
#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include "zdtm.h"

static volatile uint32_t word;

static void on_usr2(int sig) { (void)sig; word = 1; zdtm_done = 1; }

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "pause";
	struct sigaction sa;
	struct timespec dl, now;
	char buf[16] = "";
	long r;

	zdtm_init();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR2, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_sec += 1;
	dl.tv_nsec += 500 * 1000 * 1000;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	zdtm_ready();
	if (!strcmp(mode, "pause")) {
		zdtm_wait();
	} else if (!strcmp(mode, "nanosleep")) {
		while ((r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL)) == EINTR)
			;
		if (r)
			zdtm_fail("clock_nanosleep returned %s", strerror((int)r));
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec < dl.tv_sec || (now.tv_sec == dl.tv_sec && now.tv_nsec < dl.tv_nsec))
			zdtm_fail("clock_nanosleep returned before its deadline");
		printf("slept\n");
		zdtm_wait();
	} else if (!strcmp(mode, "futex")) {
		while (!word) {
			r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
			if (r && errno != EINTR && errno != EAGAIN)
				zdtm_fail("futex wait failed: %s", strerror(errno));
		}
	} else if (!strcmp(mode, "read")) {
		do
			r = read(0, buf, sizeof(buf) - 1);
		while (r < 0 && errno == EINTR);
		if (r != 5 || memcmp(buf, "ping\n", 5))
			zdtm_fail("read(0) returned %ld '%s', want 5 'ping\\n'", r, buf);
		zdtm_wait();
	} else {
		zdtm_fail("unknown mode %s", mode);
	}
	zdtm_pass(mode);
}

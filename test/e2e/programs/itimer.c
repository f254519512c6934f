// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * itimer [pending]: ITIMER_REAL every 10 ms counted by a SIGALRM handler. After the restart
 * the interval must still be 10 ms and the count must keep growing (>= 10 ticks in 200 ms).
 * "pending": SIGALRM is blocked for 30 ms before "ready", so at the checkpoint an expiry is
 * pending and the kernel has not re-armed the timer yet (getitimer reads value 0 with a
 * 10 ms interval); it is unblocked after SIGUSR2. The interval must survive that too.
 */
#include <sys/time.h>
#include <time.h>
#include "zdtm.h"

static volatile sig_atomic_t ticks;

static void on_alrm(int sig) { (void)sig; ticks++; }

int main(int argc, char **argv)
{
	const struct timespec wait30 = { 0, 30 * 1000 * 1000 };
	int pending = argc > 1 && !strcmp(argv[1], "pending");
	sigset_t alrm;
	struct itimerval it = { { 0, 10000 }, { 0, 10000 } }, now;
	struct timespec left = { 0, 200 * 1000 * 1000 };
	struct sigaction sa;
	int at_ready, at_usr2;

	zdtm_init();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	while (ticks < 5)
		pause();
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	if (pending) {
		sigprocmask(SIG_BLOCK, &alrm, NULL);
		nanosleep(&wait30, NULL);
	}
	at_ready = ticks;
	zdtm_ready();
	zdtm_wait();
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	at_usr2 = ticks;
	while (nanosleep(&left, &left))
		;
	getitimer(ITIMER_REAL, &now);
	if (now.it_interval.tv_sec != 0 || now.it_interval.tv_usec != 10000)
		zdtm_fail("interval %ld.%06ld, want 0.010000 (value %ld.%06ld; %d ticks before, %d after)",
			  (long)now.it_interval.tv_sec, (long)now.it_interval.tv_usec, (long)now.it_value.tv_sec,
			  (long)now.it_value.tv_usec, at_usr2, (int)ticks - at_usr2);
	if (at_usr2 < at_ready)
		zdtm_fail("tick count went back from %d to %d", at_ready, at_usr2);
	if (ticks - at_usr2 < 10)
		zdtm_fail("only %d ticks in 200 ms after the restart", ticks - at_usr2);
	printf("result pass pid=%d ticks=%d\n", (int)getpid(), (int)ticks);
	return 0;
}

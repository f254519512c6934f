// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sigmask: SIGUSR1, SIGHUP, SIGTERM and SIGRTMIN+3 blocked, a SIGUSR1 and a SIGRTMIN+3
 * left pending. After the restart the blocked set must be identical, both signals still
 * pending, and unblocking them must run their handlers exactly once each.
 */
#include "zdtm.h"

static volatile sig_atomic_t usr1, rt3;

static void on_usr1(int sig) { (void)sig; usr1++; }
static void on_rt3(int sig) { (void)sig; rt3++; }

int main(void)
{
	sigset_t block, before, after, pending;

	zdtm_init();
	signal(SIGUSR1, on_usr1);
	signal(SIGRTMIN + 3, on_rt3);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGRTMIN + 3);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	raise(SIGRTMIN + 3);
	sigprocmask(SIG_BLOCK, NULL, &before);
	zdtm_ready();
	zdtm_wait();
	sigprocmask(SIG_BLOCK, NULL, &after);
	if (memcmp(&before, &after, 8))
		zdtm_fail("blocked set %#lx, want %#lx", *(unsigned long *)&after, *(unsigned long *)&before);
	sigpending(&pending);
	if (!sigismember(&pending, SIGUSR1) || !sigismember(&pending, SIGRTMIN + 3))
		zdtm_fail("pending set %#lx lost SIGUSR1 or SIGRTMIN+3", *(unsigned long *)&pending);
	if (usr1 || rt3)
		zdtm_fail("a blocked signal was delivered (usr1=%d rt3=%d)", (int)usr1, (int)rt3);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	if (usr1 != 1 || rt3 != 1)
		zdtm_fail("after unblocking usr1=%d rt3=%d, want 1 1", (int)usr1, (int)rt3);
	zdtm_pass("mask kept");
}

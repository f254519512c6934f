// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sighandler: a SIGUSR1 handler (SA_SIGINFO|SA_RESTART, with a sa_mask) that counts.
 * Three self-raised before the checkpoint; after the restart the test sends one SIGUSR1
 * then SIGUSR2, and the program raises one more: the count must be 5 and sigaction must
 * report the same handler, flags and mask.
 */
#include "zdtm.h"

static volatile sig_atomic_t hits;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)si; (void)uc;
	hits++;
}

int main(void)
{
	struct sigaction sa, before, after;

	zdtm_init();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaddset(&sa.sa_mask, SIGRTMIN + 2);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGWINCH, SIG_IGN);
	for (int i = 0; i < 3; i++)
		raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &before);
	zdtm_ready();
	zdtm_wait();
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &after);
	if (hits != 5)
		zdtm_fail("handler ran %d times, want 5 (3 before, 1 sent after restart, 1 raised)", (int)hits);
	if (after.sa_sigaction != on_usr1 || after.sa_flags != before.sa_flags)
		zdtm_fail("sigaction is %p/%#x, want %p/%#x", (void *)after.sa_sigaction, after.sa_flags,
			  (void *)on_usr1, before.sa_flags);
	if (memcmp(&after.sa_mask, &before.sa_mask, 8))
		zdtm_fail("sa_mask differs");
	sigaction(SIGWINCH, NULL, &after);
	if (after.sa_handler != SIG_IGN)
		zdtm_fail("SIGWINCH is no longer ignored");
	zdtm_pass("hits=5");
}

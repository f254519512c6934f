/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BLCR_DUMP_H
#define BLCR_DUMP_H

#include <stdint.h>
#include <sys/types.h>

enum blcr_scope { BLCR_SCOPE_PROC = 0, BLCR_SCOPE_PGRP = 1, BLCR_SCOPE_SESS = 2, BLCR_SCOPE_TREE = 3 };

struct dump_opts {
	pid_t id;
	enum blcr_scope scope;
	int out_fd;			/* context file, opened by the caller */
	int signal_after;		/* 0 = --run; else the signal to send (SIGKILL for --kill) */
	int ignore_unsupported;		/* BLCR's behaviour: drop what cannot be saved */
	unsigned timeout_sec;
	const char *dest;		/* the context file, for libcr's cr_get_checkpoint_info() */
};

struct dump_result {
	uint64_t pages;			/* dumped pages */
	uint64_t bytes;			/* file size */
	uint64_t freeze_ns;		/* how long the target stayed stopped */
	int nr_tasks;
};

/* Returns 0, or a BLCR_EXIT_* code after printing one line naming the cause. */
int blcr_dump(const struct dump_opts *o, struct dump_result *res);
/* Let the frozen targets go: 0 resumes them, a signal is sent after resuming; SIGKILL kills. */
void blcr_dump_release(int sig, int ok);
uint64_t blcr_dump_freeze_ns(void);

#endif

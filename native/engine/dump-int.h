/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internal to the checkpoint side: one task being dumped. */
#ifndef BLCR_DUMP_INT_H
#define BLCR_DUMP_INT_H

#include <sys/user.h>
#include "blcr/image.h"
#include "image.h"
#include "infect.h"
#include "proc.h"
#include "util.h"

/* A non-leader thread: what BLCR_SEC_THREAD holds. */
struct dthread {
	struct blcr_thread_state st;
	struct user_regs_struct regs;
	uint8_t *xstate;
};

struct dtask {
	pid_t pid;
	uint32_t index;
	struct vec tids;		/* pid_t, leader first */
	struct vec seized;		/* pid_t: threads we hold */
	int stopped_sig;		/* the process was in group-stop */
	int gone;			/* exited before we could freeze it */
	int zombie;			/* exited, not reaped: saved as pid + exit status only */
	struct blcr_task task;
	struct user_regs_struct regs;	/* normalised: orig_rax = -1, syscall re-issued */
	uint8_t *xstate;
	uint32_t xstate_len;
	struct blcr_sigaction sigact[BLCR_NSIG];
	struct vec sigpending;		/* struct blcr_siginfo */
	struct dthread *threads;	/* seized.len - 1 non-leader threads */
	struct vec pvmas;		/* struct proc_vma */
	struct vec vmas;		/* struct blcr_vma */
	struct vec runs;		/* struct blcr_run */
	struct vec fds;			/* struct blcr_fd */
	struct vec files;		/* struct blcr_file */
	struct strtab strings;
	uint64_t vdso_start, vdso_end;
};

/* Each returns 0 or a BLCR_EXIT_* code after printing the cause. */
int dump_collect_vmas(struct dtask *t, int ignore_unsupported);
int dump_write_pages(struct dtask *t, struct img_writer *w, uint64_t *npages);
int dump_collect_fds(struct dtask *t, int ignore_unsupported);
uint32_t dump_file_identity(struct dtask *t, const char *path, const char *statpath);

#endif

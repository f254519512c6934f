/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BLCR_RESTORE_H
#define BLCR_RESTORE_H

#include <stdint.h>
#include <sys/user.h>
#include "image.h"

#define BLCR_MAX_RELOC 16	/* CR_MAX_RSTRT_RELOC */

struct reloc {
	char old[4096], new[4096];
};

struct restore_opts {
	const char *path;
	int restore_pid;		/* default 1 */
	int signal_after;		/* --stop/--kill/... after the restore, 0 = --run */
	int verify;			/* check page checksums while filling (default 1) */
	int restore_pgid, restore_sid;	/* BLCR's defaults: no (join cr_restart's) */
	const char *on_success;		/* --run-on-success hook */
	int nr_relocs;
	struct reloc relocs[BLCR_MAX_RELOC];
};

struct rthread {
	struct blcr_thread_state st;
	struct user_regs_struct regs;
	void *xstate;
};

/* One process of a loaded image, every section checksummed. */
struct rtask {
	struct blcr_task *task;
	struct user_regs_struct *regs;
	void *xstate;
	uint64_t xstate_len;
	struct blcr_sigaction *sigact;
	struct blcr_siginfo *sigpending;
	uint64_t nr_sigpending;
	struct blcr_vma *vmas;
	uint64_t nr_vmas;
	struct blcr_run *runs;
	uint64_t nr_runs;
	struct blcr_fd *fds;
	uint64_t nr_fds;
	struct blcr_file *files;
	uint64_t nr_files;
	char *strings;
	uint64_t strings_len;
	uint32_t nr_threads;		/* non-leader threads */
	struct rthread *threads;
};

struct rimage {
	struct img_reader r;
	uint32_t nr_tasks;
	struct rtask *tasks;
	struct blcr_obj *objs;
	uint64_t nr_objs;
	struct blcr_pipe *pipes;
	uint64_t nr_pipes;
	char *pipedata;
	uint64_t pipedata_len;
	char *gstrings;
	uint64_t gstrings_len;
	struct blcr_watch *watches;
	uint64_t nr_watches;
};

/* Each returns 0 or a BLCR_EXIT_* code; *why gets one line naming the cause and the fix. */
int rimage_load(const char *path, struct rimage *img, char *why, size_t whylen);
const char *rtask_str(const struct rtask *t, uint32_t off);
const char *rimage_gstr(const struct rimage *img, uint32_t off);
void rimage_free(struct rimage *img);

/* --relocate: BLCR's rules, whole leading path components, first match wins. */
int reloc_parse(const char *arg, struct reloc *out, char *why, size_t whylen);
const char *reloc_apply(const struct restore_opts *o, const char *path, char *buf, size_t len);

int check_cpu(const struct rimage *img, char *why, size_t whylen);
int check_vdso(const struct rimage *img, char *why, size_t whylen);
int check_files(const struct rimage *img, const struct restore_opts *o, char *why, size_t whylen);
int check_pid_free(pid_t pid, char *why, size_t whylen);
int check_pids_free(const struct rimage *img, char *why, size_t whylen);

int blcr_restore(const struct restore_opts *o);

#endif

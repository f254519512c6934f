/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BLCR_RESTORE_INT_H
#define BLCR_RESTORE_INT_H

#include "restore.h"

extern const unsigned char blcr_restorer_blob[], blcr_restorer_blob_end[];

/* What every restoring process inherits from cr_restart. */
struct restore_shared {
	const struct restore_opts *o;
	struct rimage *img;
	int *objfd;		/* per object: cr_restart's descriptor, inherited by every task */
	int status_fd;		/* each task's restorer reports here */
	int go_fd;		/* roots wait for one byte: cr_restart holds them with ptrace */
	int keeper_fds[64];	/* FIFO keepers etc.: closed in every task */
	int nr_keepers;
	int help_req, help_done;	/* two-core fill of a single process's pages, or -1 */
};

/* cr_restart's half of the two-core fill (restorer.h): a thread, started before the spawn. */
struct fill_helper {
	struct rtask *t;
	int img_fd, req, done;	/* req: read "mapped"; done: write the result */
	volatile pid_t pid;	/* the restoring process, set once it exists */
};
void *restore_fill_helper(void *arg);

/* Create process ti (with its pid unless --no-restore-pid); returns its pid or -errno. */
pid_t restore_spawn(struct restore_shared *sh, uint32_t ti, int is_root);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Open file descriptions shared across the checkpoint: files, pipes, shared memory. */
#ifndef BLCR_DUMP_OBJS_H
#define BLCR_DUMP_OBJS_H

#include <stdint.h>
#include <sys/types.h>
#include "blcr/image.h"
#include "util.h"

struct dtask;

/* A descriptor waiting to be matched to an object (after every task's fds are known). */
struct pending_fd {
	uint32_t task, fd_index;	/* the blcr_fd in tasks[task].fds */
	pid_t pid;
	int fd;
	uint32_t kind;			/* BLCR_OBJ_* */
	uint64_t dev, ino, pos;
	uint32_t flags;
	uint64_t arg[6];
	struct vec watches;	/* struct blcr_watch (obj unset): epoll/inotify watch list */
	char path[4096];
};

struct dump_objs {
	struct vec pending;	/* struct pending_fd */
	struct vec objs;	/* struct blcr_obj */
	struct vec owner;	/* struct pending_fd: one representative per obj */
	struct vec pipes;	/* struct blcr_pipe */
	struct vec shm_ranges;	/* dumped shmem ranges: uint64_t[3] obj, pgoff, len */
	struct vec watches;	/* struct blcr_watch */
	char *pipedata;
	uint64_t pipedata_len;
	struct strtab strings;
};

extern struct dump_objs dobjs;

void dump_objs_init(void);
/* Objects for every pending fd; external pipes become INHERIT (fds 0-2) or an error. */
int dump_objs_resolve(struct dtask *tasks, int nr_tasks, int ignore_unsupported);
/* The shared-memory object of a mapping (created on first sight). */
uint32_t dump_objs_shmem(pid_t pid, uint64_t ino, uint64_t start, uint64_t end, uint64_t pgoff, const char *path);
/* True the first time a range of a shared memory object is seen: that vma dumps it. */
int dump_objs_shmem_claim(uint32_t obj, uint64_t pgoff, uint64_t len);

/* anon_inode (eventfd, signalfd, timerfd, epoll, inotify) and socket fds: fill p; 0 ok, else exit code. */
int fdkind_parse(struct dtask *t, int fd, const char *link, struct pending_fd *p, int *handled);

#endif

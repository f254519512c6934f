/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers for /proc/PID/{maps,smaps,stat,status,fdinfo}. */
#ifndef BLCR_PROC_H
#define BLCR_PROC_H

#include <stdint.h>
#include <sys/types.h>
#include "util.h"

struct proc_vma {
	uint64_t start, end, pgoff;
	uint32_t prot;
	int shared;		/* 's' in perms */
	uint32_t dev_major, dev_minor;
	uint64_t ino;
	char path[4096];
	char vmflags[128];	/* "rd wr mr mw me ac sd" */
};

/* maps + VmFlags from smaps, in address order; returns count or -errno. */
int proc_read_vmas(pid_t pid, struct vec *out /* of struct proc_vma */);
int proc_vmflag(const struct proc_vma *v, const char *flag);

struct proc_stat {
	char state;
	pid_t ppid, pgid, sid;
	uint64_t start_code, end_code, start_stack;
	uint64_t start_data, end_data, start_brk;
	uint64_t arg_start, arg_end, env_start, env_end;
	int exit_signal;
	int exit_code;		/* field 52: the wait status of a zombie */
	char comm[16];
};

int proc_read_stat(pid_t pid, pid_t tid, struct proc_stat *st);
/* A "Key:\tvalue" line of /proc/PID/status, e.g. "Umask"; returns -ENOENT if absent. */
int proc_status_field(pid_t pid, const char *key, char *out, size_t outlen);
/* Thread ids of a process, sorted, leader first. */
int proc_list_threads(pid_t pid, struct vec *out /* of pid_t */);
/* Children of every thread of pid (/proc/PID/task/TID/children). */
int proc_list_children(pid_t pid, struct vec *out /* of pid_t */);

struct proc_fdinfo {
	uint64_t pos;
	uint32_t flags;
	int have_pos;
};
int proc_read_fdinfo(pid_t pid, int fd, struct proc_fdinfo *fi);

#endif

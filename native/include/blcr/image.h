/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The context file format. One file per checkpoint:
 *
 *   [header, 4096 bytes] [section]... [section table]
 *
 * Every section is listed in the table with its type, owning task, offset, size and a
 * 64-bit checksum (blcr_hash64). Page data (BLCR_SEC_PAGES) starts 4 KiB-aligned so a
 * restorer can read it straight into place. All integers are little-endian (x86_64 only
 * for now; arch is recorded so another architecture is refused, never misread).
 *
 * Bump BLCR_IMG_VERSION on any layout change; readers refuse other versions.
 */
#ifndef BLCR_IMAGE_H
#define BLCR_IMAGE_H

#include <stdint.h>

#define BLCR_IMG_MAGIC		"BLCRctx\n"
#define BLCR_IMG_VERSION	1
#define BLCR_IMG_HDR_SIZE	4096
#define BLCR_PAGE_SIZE		4096
#define BLCR_ARCH_X86_64	62	/* EM_X86_64 */

enum blcr_sec_type {
	BLCR_SEC_TASK = 1,	/* struct blcr_task */
	BLCR_SEC_REGS = 2,	/* struct user_regs_struct, syscall restart already resolved */
	BLCR_SEC_XSTATE = 3,	/* raw NT_X86_XSTATE (standard XSAVE layout) */
	BLCR_SEC_SIGACT = 4,	/* struct blcr_sigaction[64] */
	BLCR_SEC_SIGINFO = 5,	/* struct blcr_siginfo[] pending signals */
	BLCR_SEC_VMAS = 6,	/* struct blcr_vma[] */
	BLCR_SEC_RUNS = 7,	/* struct blcr_run[]: dumped page ranges, in page-data order */
	BLCR_SEC_PAGES = 8,	/* page data, 4 KiB aligned */
	BLCR_SEC_FDS = 9,	/* struct blcr_fd[] */
	BLCR_SEC_STRINGS = 10,	/* NUL-terminated strings, referenced by offset */
	BLCR_SEC_FILES = 11,	/* struct blcr_file[]: identity of every file the task uses */
	BLCR_SEC_THREAD = 12,	/* struct blcr_thread_state + regs + xstate, one per non-leader thread */
	BLCR_SEC_OBJS = 13,	/* global (task BLCR_GLOBAL): struct blcr_obj[], open file descriptions */
	BLCR_SEC_PIPES = 14,	/* global: struct blcr_pipe[] */
	BLCR_SEC_PIPEDATA = 15,	/* global: bytes buffered in pipes and sockets, contents of unlinked files */
	BLCR_SEC_GSTRINGS = 16,	/* global: strings of the objects */
	BLCR_SEC_WATCHES = 17,	/* global: struct blcr_watch[] (epoll and inotify watch lists) */
};

#define BLCR_GLOBAL 0xffffffffu	/* the task field of sections shared by all tasks */

struct blcr_img_header {
	char magic[8];
	uint32_t version;
	uint32_t header_size;
	uint32_t arch;
	uint32_t page_size;
	uint64_t flags;
	uint64_t created_ns;		/* CLOCK_REALTIME at checkpoint */
	uint64_t created_mono_ns;	/* CLOCK_MONOTONIC at checkpoint */
	char kernel_release[65];
	char hostname[65];
	uint8_t pad0[6];
	uint32_t nr_tasks;
	uint32_t nr_sections;
	uint64_t sectab_off;
	uint64_t file_size;		/* whole file: truncation is caught before anything else */
	uint64_t xfeatures;		/* XCR0 of the checkpointing CPU */
	uint32_t xstate_size;		/* CPUID(0xD,0).EBX there */
	uint32_t scope;			/* BLCR's cr_scope_t: 0 proc, 1 pgrp, 2 sess, 3 tree */
	uint64_t sectab_csum;
	uint64_t hdr_csum;		/* over the struct with this field zero */
};

struct blcr_img_section {
	uint32_t type;
	uint32_t task;			/* index into the task list */
	uint64_t off;
	uint64_t size;
	uint64_t csum;
};

#define BLCR_NSIG 64

struct blcr_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

struct blcr_siginfo {
	uint32_t shared;		/* 1: process-wide queue, 0: the thread's own */
	uint32_t tid;
	uint8_t info[128];		/* siginfo_t as PTRACE_PEEKSIGINFO returns it */
};

struct blcr_itimer {
	int64_t interval_sec, interval_usec, value_sec, value_usec;
};

struct blcr_rlimit {
	uint64_t cur, max;
};

#define BLCR_RLIM_NLIMITS 16
#define BLCR_AUXV_MAX 128		/* u64 words */

/* Per-thread state that is not in the registers. */
struct blcr_thread_state {
	uint32_t tid;
	uint32_t pad;
	uint64_t sigmask;
	uint64_t tid_address;		/* set_tid_address / clear_child_tid */
	uint64_t robust_head;
	uint64_t robust_len;
	uint64_t rseq_ptr;
	uint32_t rseq_len;
	uint32_t rseq_sig;
	uint64_t altstack_sp;
	uint64_t altstack_size;
	int32_t altstack_flags;
	uint32_t xstate_len;
	char comm[16];			/* the thread's name (pthread_setname_np) */
};

enum blcr_task_flags {
	BLCR_TASK_STOPPED = 1,		/* was in group-stop at checkpoint */
	BLCR_TASK_ZOMBIE = 2,		/* exited, not yet reaped: only pid, links and exit_code */
};

struct blcr_task {
	uint32_t pid, ppid, pgid, sid;
	uint32_t uid, gid, euid, egid;
	uint32_t umask;
	uint32_t personality;
	uint32_t flags;
	uint32_t nr_threads;
	uint32_t exit_signal;
	uint32_t parent_index;		/* index of the parent task in the image, or ~0 */
	char comm[16];
	uint32_t cwd_str, exe_str, root_str;	/* offsets in STRINGS */
	uint32_t nr_vmas, nr_fds, nr_sigpending, nr_files;
	struct blcr_thread_state main;
	struct blcr_itimer itimers[3];
	struct blcr_rlimit rlimits[BLCR_RLIM_NLIMITS];
	/* mm fields for PR_SET_MM_MAP */
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk, start_stack;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint32_t auxv_words;
	uint32_t pad1;
	uint64_t auxv[BLCR_AUXV_MAX];
	uint32_t exe_file;		/* index in FILES, ~0 if none */
	uint32_t dumpable;
	uint32_t thp_disable;
	uint32_t pad2;
	uint64_t libcr_ctl;		/* address of libcr's control block, 0 without libcr */
	/* credentials: real, effective, saved, fs; supplementary groups */
	uint32_t cred_uid[4], cred_gid[4];
	uint32_t ngroups;
	uint32_t groups[64];
	int32_t exit_code;		/* BLCR_TASK_ZOMBIE: the status wait() returns */
};

enum blcr_vma_kind {
	BLCR_VMA_ANON = 1,		/* private anonymous (heap, stack, malloc arenas) */
	BLCR_VMA_FILE_PRIVATE = 2,	/* private file mapping: only COWed pages are dumped */
	BLCR_VMA_FILE_SHARED = 3,	/* shared file mapping: data lives in the file */
	BLCR_VMA_SHMEM = 4,		/* MAP_SHARED|MAP_ANONYMOUS or memfd: contents dumped */
	BLCR_VMA_VDSO = 5,
	BLCR_VMA_VVAR = 6,
	BLCR_VMA_VVAR_VCLOCK = 7,
	BLCR_VMA_VSYSCALL = 8,
};

enum blcr_vma_flags {
	BLCR_VMA_F_GROWSDOWN = 1 << 0,
	BLCR_VMA_F_HEAP = 1 << 1,
	BLCR_VMA_F_STACK = 1 << 2,
	BLCR_VMA_F_HUGEPAGE = 1 << 3,	/* VmFlags hg */
	BLCR_VMA_F_NOHUGEPAGE = 1 << 4,	/* VmFlags nh */
	BLCR_VMA_F_DONTFORK = 1 << 5,	/* dc */
	BLCR_VMA_F_DONTDUMP = 1 << 6,	/* dd */
	BLCR_VMA_F_LOCKED = 1 << 7,	/* lo */
	BLCR_VMA_F_WIPEONFORK = 1 << 8,	/* wf */
	BLCR_VMA_F_DELETED = 1 << 9,	/* backing file was unlinked: contents dumped instead */
};

struct blcr_vma {
	uint64_t start, end;
	uint64_t pgoff;			/* in bytes */
	uint32_t prot;			/* PROT_* */
	uint32_t kind;
	uint32_t flags;
	uint32_t path_str;		/* STRINGS offset, 0 = none */
	uint32_t file;			/* index in FILES, ~0 if none */
	uint32_t shmem_obj;		/* SHMEM: index in OBJS (one object, shared by vmas and tasks) */
	uint64_t first_run, nr_runs;	/* into RUNS */
	uint64_t nr_pages;		/* dumped pages */
	uint64_t pages_csum;		/* blcr_hash64 chain over this vma's page data */
};

struct blcr_run {
	uint64_t vaddr;
	uint64_t nr_pages;
	uint64_t data_off;		/* absolute offset in the file */
};

enum blcr_fd_kind {
	BLCR_FD_REG = 1,		/* regular file, reopened by path at its offset */
	BLCR_FD_DIR = 2,
	BLCR_FD_DEV = 3,		/* /dev/null, zero, full, random, urandom: reopened by path */
	BLCR_FD_TTY = 4,		/* a terminal: mapped to cr_restart's terminal */
	BLCR_FD_INHERIT = 5,		/* stdio pipe/socket to outside the scope: cr_restart's fd */

	BLCR_FD_OBJ = 6,		/* an open file description in OBJS (shared as it was) */
	BLCR_FD_SHMEM = 7,		/* its own description of the shared memory object OBJS[obj] (a memfd) */
};

struct blcr_fd {
	int32_t fd;
	uint32_t kind;
	uint32_t open_flags;		/* fdinfo flags minus O_CREAT|O_TRUNC|O_EXCL */
	uint32_t fd_flags;		/* FD_CLOEXEC */
	uint64_t pos;
	uint32_t path_str;
	uint32_t file;			/* index in FILES, ~0 if none */
	uint32_t obj;			/* BLCR_FD_OBJ: index in OBJS */
	int32_t inherit_from;		/* BLCR_FD_INHERIT: which of cr_restart's stdio fds takes its place */
};

/*
 * An open file description. Descriptors that shared one at checkpoint (dup, fork)
 * share one again after restart: cr_restart opens each object once and every process
 * inherits it, so offsets and flags stay shared.
 */
enum blcr_obj_kind {
	BLCR_OBJ_REG = 1,
	BLCR_OBJ_DIR = 2,
	BLCR_OBJ_DEV = 3,
	BLCR_OBJ_PIPE_R = 4,		/* read end of pipe `pipe` */
	BLCR_OBJ_PIPE_W = 5,		/* write end */
	BLCR_OBJ_SHMEM = 6,		/* shared anonymous memory or memfd of `size` bytes; path_str
					 * "/memfd:NAME" for a memfd, empty for MAP_SHARED|MAP_ANONYMOUS */
	BLCR_OBJ_EVENTFD = 7,		/* arg[0] count, arg[1] semaphore */
	BLCR_OBJ_SIGNALFD = 8,		/* arg[0] signal mask */
	BLCR_OBJ_TIMERFD = 9,		/* arg[0] clockid, arg[1] ticks, arg[2..3] value s/ns, arg[4..5] interval s/ns */
	BLCR_OBJ_EPOLL = 10,		/* watches in WATCHES */
	BLCR_OBJ_INOTIFY = 11,		/* watches in WATCHES */
	BLCR_OBJ_UNIX = 12,		/* one end of an unnamed AF_UNIX socket pair: arg[0] type,
					 * arg[1] peer object, arg[2..3] bytes queued for it (PIPEDATA) */
	BLCR_OBJ_GHOST = 13,		/* an open file that was unlinked: arg[0..1] its contents in
					 * PIPEDATA; recreated unnamed (O_TMPFILE) in its directory */
};

struct blcr_obj {
	uint32_t kind;
	uint32_t open_flags;
	uint64_t pos;
	uint64_t size;			/* SHMEM: object size */
	uint32_t path_str;		/* in GSTRINGS */
	uint32_t pipe;			/* PIPE_*: index in PIPES */
	uint64_t arg[6];		/* per kind, see enum blcr_obj_kind */
};

enum blcr_watch_kind { BLCR_WATCH_EPOLL = 1, BLCR_WATCH_INOTIFY = 2 };

/* An epoll watch (task's fd tfd, events, data) or an inotify watch (wd, mask, path). */
struct blcr_watch {
	uint32_t kind;
	uint32_t obj;			/* the epoll or inotify object */
	uint32_t task;			/* epoll: the process whose fd table tfd refers to */
	int32_t tfd;			/* epoll: target fd; inotify: wd */
	uint32_t events;		/* epoll events / inotify mask */
	uint32_t path_str;		/* inotify: watched path, in GSTRINGS */
	uint64_t data;			/* epoll data */
};

struct blcr_pipe {
	uint64_t ino;
	uint32_t capacity;		/* F_GETPIPE_SZ */
	uint32_t fifo;			/* a named FIFO (path_str in GSTRINGS) */
	uint64_t data_off;		/* in PIPEDATA */
	uint64_t data_len;
	uint32_t path_str;
	uint32_t pad;
};

/* Identity of a file used by a checkpoint: restart refuses one that changed. */
struct blcr_file {
	uint32_t path_str;
	uint32_t mode;
	uint64_t size;
	uint64_t mtime_ns;
	uint64_t dev, ino;
	uint8_t build_id[20];		/* ELF NT_GNU_BUILD_ID, zero if none */
	uint32_t build_id_len;
	uint32_t pad;
};

#define BLCR_NONE 0xffffffffu

/*
 * The checksum: a 4-lane multiply-rotate hash over 32-byte blocks (xxHash64's round
 * function), fast enough to run at memory speed while pages stream to disk.
 * Header-only and libc-free: the restorer links it too.
 */
#define BLCR_H_P1 0x9E3779B185EBCA87ULL
#define BLCR_H_P2 0xC2B2AE3D27D4EB4FULL
#define BLCR_H_P3 0x165667B19E3779F9ULL
#define BLCR_H_P4 0x85EBCA77C2B2AE63ULL
#define BLCR_H_P5 0x27D4EB2F165667C5ULL

static inline uint64_t blcr_rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t blcr_hround(uint64_t acc, uint64_t in)
{
	acc += in * BLCR_H_P2;
	acc = blcr_rotl64(acc, 31);
	return acc * BLCR_H_P1;
}

static inline uint64_t blcr_hmerge(uint64_t acc, uint64_t v)
{
	acc ^= blcr_hround(0, v);
	return acc * BLCR_H_P1 + BLCR_H_P4;
}

static inline uint64_t blcr_load64(const unsigned char *p)
{
	uint64_t v;
	__builtin_memcpy(&v, p, 8);
	return v;
}

/* Hash len bytes, continuing from seed (chain calls to hash a stream of pieces). */
static inline uint64_t blcr_hash64(const void *data, uint64_t len, uint64_t seed)
{
	const unsigned char *p = (const unsigned char *)data;
	const unsigned char *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = seed + BLCR_H_P1 + BLCR_H_P2, v2 = seed + BLCR_H_P2;
		uint64_t v3 = seed, v4 = seed - BLCR_H_P1;
		const unsigned char *limit = end - 32;

		do {
			v1 = blcr_hround(v1, blcr_load64(p));
			v2 = blcr_hround(v2, blcr_load64(p + 8));
			v3 = blcr_hround(v3, blcr_load64(p + 16));
			v4 = blcr_hround(v4, blcr_load64(p + 24));
			p += 32;
		} while (p <= limit);
		h = blcr_rotl64(v1, 1) + blcr_rotl64(v2, 7) + blcr_rotl64(v3, 12) + blcr_rotl64(v4, 18);
		h = blcr_hmerge(h, v1);
		h = blcr_hmerge(h, v2);
		h = blcr_hmerge(h, v3);
		h = blcr_hmerge(h, v4);
	} else {
		h = seed + BLCR_H_P5;
	}
	h += len;
	while (p + 8 <= end) {
		h ^= blcr_hround(0, blcr_load64(p));
		h = blcr_rotl64(h, 27) * BLCR_H_P1 + BLCR_H_P4;
		p += 8;
	}
	while (p < end) {
		h ^= (*p) * BLCR_H_P5;
		h = blcr_rotl64(h, 11) * BLCR_H_P1;
		p++;
	}
	h ^= h >> 33;
	h *= BLCR_H_P2;
	h ^= h >> 29;
	h *= BLCR_H_P3;
	h ^= h >> 32;
	return h;
}

#endif /* BLCR_IMAGE_H */

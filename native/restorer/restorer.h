/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What cr_restart hands the restorer blob. Built by the restoring child inside the
 * "hole" (an address range no saved mapping uses), read by freestanding code: plain
 * integers and absolute pointers into the hole only.
 */
#ifndef BLCR_RESTORER_H
#define BLCR_RESTORER_H

#include <stdint.h>
#include "blcr/image.h"

#define RST_MAX_CLOSE 256
#define RST_FILL_CHUNK (32ULL << 20)

struct rst_vma {
	uint64_t start, end, pgoff;
	uint32_t prot, kind, flags;
	int32_t fd;			/* file or memfd to map, -1 for anonymous */
	uint64_t first_run, nr_runs;
	uint64_t csum;			/* blcr_hash64 chain over the vma's pages */
};

struct rst_thread {
	struct blcr_thread_state st;
	uint64_t stack_top;
	int32_t index;			/* 1..n; reported in rdi at the final trap */
	int32_t restore_tid;		/* clone3 set_tid (else a new tid) */
	struct restore_args *args;
};

struct rst_special {
	uint64_t cur, len;		/* where the restoring process has it now */
	uint64_t dst;			/* where the checkpointed process had it; 0 = not present */
};

enum rst_special_idx { RST_VVAR, RST_VCLOCK, RST_VDSO, RST_NR_SPECIAL };

/* Steps, reported with an error so cr_restart can say where the restore broke. */
enum rst_step {
	RST_STEP_RSEQ = 1, RST_STEP_PARK, RST_STEP_UNMAP, RST_STEP_MAP, RST_STEP_FILL,
	RST_STEP_VERIFY, RST_STEP_PROTECT, RST_STEP_VDSO, RST_STEP_MM, RST_STEP_THREAD,
	RST_STEP_SIGNALS, RST_STEP_TIMERS, RST_STEP_CLONE, RST_STEP_CREDS,
};

struct rst_status {
	int32_t ok;			/* 1: done, about to trap */
	int32_t step;
	int64_t err;			/* -errno */
	uint64_t addr;			/* the address involved, if any */
	uint64_t hole_start, hole_len;	/* with ok: what cr_restart must unmap */
	uint32_t task;			/* index of the process in the image */
	uint32_t pad;
};

struct restore_args {
	uint64_t hole_start, hole_len;
	uint64_t park;
	uint32_t task;			/* index in the image: reported in rsi at the trap */
	uint32_t pad0;			/* where the vdso trio waits while everything is unmapped */
	int32_t img_fd, status_fd, exe_fd, verify;

	uint64_t self_rseq_ptr;		/* the restoring process's own glibc rseq area */
	uint32_t self_rseq_len, self_rseq_sig;

	struct rst_special special[RST_NR_SPECIAL];

	uint64_t nr_vmas;
	struct rst_vma *vmas;
	struct blcr_run *runs;

	/*
	 * Two-core fill: with help_req >= 0, cr_restart fills every odd RST_FILL_CHUNK of
	 * page data (counting chunks of each run, runs in vma order) through
	 * process_vm_writev while the restorer fills the even ones. The restorer writes one
	 * byte to help_req once everything is mapped and reads one byte (0 = done) from
	 * help_done before it verifies the checksums.
	 */
	int32_t help_req, help_done;

	/* PR_SET_MM_MAP */
	uint64_t start_code, end_code, start_data, end_data, start_brk, brk, start_stack;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t auxv[BLCR_AUXV_MAX];
	uint32_t auxv_words;

	struct blcr_thread_state thread;	/* the leader's */
	uint32_t nr_threads;			/* non-leader threads to create */
	struct rst_thread *threads;
	struct blcr_itimer itimers[3];
	struct blcr_rlimit rlimits[BLCR_RLIM_NLIMITS];
	struct blcr_sigaction sigact[BLCR_NSIG];
	uint64_t nr_sigpending;
	struct blcr_siginfo *sigpending;
	char comm[16];
	uint32_t dumpable, thp_disable;
	/* credentials, set last in every thread (a non-root target loses the rights we need) */
	uint32_t cred_uid[4], cred_gid[4];
	uint32_t ngroups;
	uint32_t groups[64];
	uint32_t set_groups;		/* only root may (and needs to) replace the group list */

	uint32_t nr_close;
	int32_t close_fds[RST_MAX_CLOSE];
};

typedef void (*restorer_entry_t)(struct restore_args *args);

#endif

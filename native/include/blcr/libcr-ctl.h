/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The checkpoint protocol between the engine and libcr (BLCR's callback API on a
 * userspace engine). No kernel module and no files: libcr exports one control block,
 * the data symbol CRI_CTL_SYMBOL, and the engine finds it in the target's memory (load
 * base of the libcr mapping + the symbol's value from the library's .dynsym), reads and
 * writes it with process_vm_readv/writev, and wakes libcr with a signal.
 *
 * One checkpoint, seen from a process that has libcr loaded:
 *   1. cr_checkpoint fills requester/scope/target/sig/dest, sets state REQUESTED and
 *      sends `signum` to the process (kill()).
 *   2. libcr waits until no thread is inside a critical section (cr_enter_cs), then runs
 *      the callbacks: thread-context ones in libcr's callback thread, signal-context ones
 *      in each registering thread (libcr tgkill()s them with `signum`). Thread-context
 *      callbacks all reach cr_checkpoint() before any signal-context one runs (BLCR).
 *   3. Each callback calls cr_checkpoint(flags) (libcr calls it implicitly for a callback
 *      that returns without). With CR_CHECKPOINT_OMIT libcr sets `omit`; with a
 *      TEMP/PERM failure it stores `failure` and sets state FAILED. When `pending`
 *      reaches 0, libcr sets state READY. The callbacks then wait (FUTEX_WAIT on `state`
 *      with a short timeout, polling: the engine cannot FUTEX_WAKE from outside).
 *   4. cr_checkpoint polls `state` until READY (or FAILED, or its timeout: then it writes
 *      ABORT and fails without ever freezing the process). It freezes and saves every
 *      process, then writes CONTINUE into the running ones. In the context file the state
 *      is READY.
 *   5. cr_restart writes RESTART into each restored process that had libcr (the image
 *      records the block's address) before letting it run.
 *   6. Waiting callbacks return from cr_checkpoint(): 0 on CONTINUE, 1 on RESTART,
 *      -ECANCELED on ABORT. When every callback has returned, libcr sets IDLE.
 * A process with `omit` set (cr_run --omit, or a callback that passed
 * CR_CHECKPOINT_OMIT) is left out of the checkpoint, with its descendants under --tree.
 */
#ifndef BLCR_LIBCR_CTL_H
#define BLCR_LIBCR_CTL_H

#include <stdint.h>

#define CRI_CTL_SYMBOL	"cri_ctl"
#define CRI_CTL_MAGIC	0x3154434c52434c42ULL	/* "BLCRLCT1" little-endian */
#define CRI_CTL_VERSION	1

enum cri_state {
	CRI_IDLE = 0,
	CRI_REQUESTED = 1,	/* engine: a checkpoint is wanted; callbacks run */
	CRI_READY = 2,		/* libcr: every callback reached cr_checkpoint(): freeze now */
	CRI_CONTINUE = 3,	/* engine: checkpoint taken, carry on */
	CRI_RESTART = 4,	/* cr_restart: this is a restart */
	CRI_ABORT = 5,		/* engine: gave up (timeout, error); callbacks see -ECANCELED */
	CRI_FAILED = 6,		/* libcr: a callback asked for a temporary/permanent failure */
};

struct cri_ctl {
	uint64_t magic;		/* CRI_CTL_MAGIC */
	uint32_t version;	/* CRI_CTL_VERSION */
	int32_t signum;		/* the signal libcr listens on (BLCR: the top real-time signal) */
	volatile int32_t state;	/* enum cri_state; the futex word */
	volatile int32_t omit;	/* 1: leave this process (and its descendants) out */
	volatile int32_t failure;	/* CR_CHECKPOINT_{TEMP,PERM}_FAILURE[_CODE] from a callback */
	volatile int32_t pending;	/* callbacks that have not reached cr_checkpoint() */
	/* filled by the engine at REQUESTED; read by cr_get_checkpoint_info() */
	int32_t requester;	/* pid of cr_checkpoint */
	int32_t scope;		/* cr_scope_t */
	int32_t target;
	int32_t sig;		/* signal to be sent after the checkpoint */
	uint64_t request_id;
	char dest[1024];	/* the context file */
	/* filled by cr_restart at RESTART; read by cr_get_restart_info() */
	int32_t restart_requester;
	int32_t pad;
	char src[1024];		/* the context file restarted from */
};

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exit codes of cr_checkpoint and cr_restart. BLCR exited with errno & 0xff and 255 for
 * usage; we keep 255 for usage and give every failure class its own stable code so
 * scripts can tell them apart from the restored application's own statuses (which
 * cr_restart mirrors on success).
 */
#ifndef BLCR_EXITCODES_H
#define BLCR_EXITCODES_H

#define BLCR_EXIT_USAGE		255	/* bad option or argument (BLCR: exit(-1)) */
#define BLCR_EXIT_NOPROC	3	/* ESRCH: no such process */
#define BLCR_EXIT_PERM		1	/* EPERM: not allowed (ptrace, capability) */
#define BLCR_EXIT_NOSUPPORT	52	/* CR_ENOSUPPORT: a resource blcr cannot save */
#define BLCR_EXIT_IO		5	/* EIO: writing or reading the context file */
#define BLCR_EXIT_NOSPC		28	/* ENOSPC */
#define BLCR_EXIT_EXIST		17	/* EEXIST: --noclobber and the file exists */
#define BLCR_EXIT_BADIMG	70	/* not a context file, truncated, corrupted */
#define BLCR_EXIT_BADARCH	55	/* CR_EBADARCH: other architecture or CPU features */
#define BLCR_EXIT_PIDINUSE	16	/* EBUSY: a pid to restore is in use */
#define BLCR_EXIT_FILECHANGED	71	/* a file the checkpoint used moved or changed */
#define BLCR_EXIT_KERNEL	72	/* this kernel cannot restore it (vDSO, features) */
#define BLCR_EXIT_NOTCONF	73	/* not configured for this kernel: run ./configure */
#define BLCR_EXIT_RESTORE	74	/* restore failed after the process was created */
#define BLCR_EXIT_TIMEOUT	62	/* ETIME: -t expired */
#define BLCR_EXIT_INTERNAL	75

#endif

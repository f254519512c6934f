/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of blcr.ko; not a user interface (see uapi/blcr.h). */
#ifndef BLCR_KMOD_H
#define BLCR_KMOD_H

#include <linux/spinlock.h>
#include "kcompat.h"
#include "uapi/blcr.h"


/* System.map addresses given as module parameters (main.c) */
struct blcr_map_params {
	unsigned long anchor;		/* __register_chrdev, exported */
	unsigned long kfree;		/* exported cross-checks */
	unsigned long schedule;
	unsigned long init_task;
	unsigned long kernel_clone;	/* unexported imports; 0 = not given */
	unsigned long pidmap_lock;
};

/* What verification found; filled once at init, read-only afterwards. */
struct blcr_imports {
	long slide;
	unsigned int checked;
	blcr_clone_fn kernel_clone;	/* NULL when unavailable */
	spinlock_t *pidmap_lock;	/* NULL when unavailable */
};

extern struct blcr_imports blcr_imports;

int blcr_verify_map(const struct blcr_map_params *map, struct blcr_imports *out);
int blcr_dev_register(void);
void blcr_dev_unregister(void);
bool blcr_pid_helper_available(void);
long blcr_fork_pid(pid_t pid, u32 flags);
bool blcr_pid_cursor_available(void);
long blcr_reserve_pid(pid_t pid, u32 flags);

#endif /* BLCR_KMOD_H */

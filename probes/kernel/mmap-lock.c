// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 5.8 API change: mmap_sem became mmap_lock, taken through mmap_read_lock() (da1c55f1b272).
 * Built by the one kbuild pass (src/probes/lib/kbuild.ts): passes when mmap-lock.ko exists.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/sched.h>

static int __init probe_init(void)
{
	mmap_read_lock(current->mm);
	mmap_read_unlock(current->mm);
	return 0;
}
module_init(probe_init);
MODULE_LICENSE("GPL");

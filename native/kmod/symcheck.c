// SPDX-License-Identifier: GPL-2.0
/*
 * System.map verification at load time.
 *
 * slide = &__register_chrdev - map(__register_chrdev) must be a multiple of
 * CONFIG_PHYSICAL_ALIGN (0 on a non-relocatable kernel).  Exported
 * cross-checks are compared with their link-time address (&symbol);
 * unexported imports with what kallsyms names at map + slide
 * (sprint_symbol() must print "name+0x0/"), which needs no
 * kallsyms_lookup_name().  The first mismatch refuses the load with one
 * pr_err naming the symbol.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include "blcr-kmod.h"

#define REFUSE "refusing to load: System.map entry for %s (%lx) does not match this kernel %s: %s; give `blcr load` the System.map of %s\n"

/* kallsyms names @addr exactly @name (offset 0)? */
static bool kallsyms_names(unsigned long addr, const char *name, char *buf)
{
	size_t len = strlen(name);

	sprint_symbol(buf, addr);
	return !strncmp(buf, name, len) && !strncmp(buf + len, "+0x0/", 5);
}

static int check_exported(const char *name, unsigned long map_addr,
			  unsigned long live, long slide, char *buf)
{
	if (!map_addr) {
		pr_err("refusing to load: no System.map address for %s; load with `blcr load`\n",
		       name);
		return -EINVAL;
	}
	if (map_addr + slide == live)
		return 0;
	sprint_symbol(buf, map_addr + slide);
	pr_err(REFUSE, name, map_addr, "(exported symbol differs)",
	       buf, init_utsname()->release);
	return -EINVAL;
}

/* Sets *live to the run-time address (0 when not given); -EINVAL on mismatch. */
static int check_import(const char *name, unsigned long map_addr, long slide,
			char *buf, unsigned long *live)
{
	*live = 0;
	if (!map_addr)
		return 0;
	if (kallsyms_names(map_addr + slide, name, buf)) {
		*live = map_addr + slide;
		return 0;
	}
	pr_err(REFUSE, name, map_addr, "(kallsyms has another symbol there)",
	       buf, init_utsname()->release);
	return -EINVAL;
}

int blcr_verify_map(const struct blcr_map_params *map, struct blcr_imports *out)
{
	const unsigned long anchor = (unsigned long)&__register_chrdev;
	unsigned long clone = 0, lock = 0;
	long slide;
	char *buf;
	int ret;

	if (!map->anchor) {
		pr_err("refusing to load: no System.map address for __register_chrdev; load with `blcr load`\n");
		return -EINVAL;
	}
	slide = (long)(anchor - map->anchor);
	if (BLCR_SLIDE_ALIGN ? slide % (long)BLCR_SLIDE_ALIGN : slide) {
		pr_err("refusing to load: System.map entry for __register_chrdev (%lx) does not match this kernel (slide off CONFIG_PHYSICAL_ALIGN %#lx by %#lx); give `blcr load` the System.map of %s\n",
		       map->anchor, BLCR_SLIDE_ALIGN,
		       BLCR_SLIDE_ALIGN ? (unsigned long)slide % BLCR_SLIDE_ALIGN : 0UL,
		       init_utsname()->release);
		return -EINVAL;
	}
	buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = check_exported("kfree", map->kfree, (unsigned long)&kfree, slide, buf);
	if (!ret)
		ret = check_exported("schedule", map->schedule,
				     (unsigned long)&schedule, slide, buf);
	if (!ret)
		ret = check_exported("init_task", map->init_task,
				     (unsigned long)&init_task, slide, buf);
	if (!ret)
		ret = check_import(BLCR_CLONE_SYMBOL, map->kernel_clone, slide,
				   buf, &clone);
	if (!ret)
		ret = check_import("pidmap_lock", map->pidmap_lock, slide,
				   buf, &lock);
	kfree(buf);
	if (ret)
		return ret;

	out->slide = slide;
	out->checked = 4 + !!clone + !!lock;
	out->pidmap_lock = (spinlock_t *)lock;
	/* an import that an IBT kernel sealed cannot be called indirectly */
	out->kernel_clone = clone && blcr_callable(clone) ? (blcr_clone_fn)clone : NULL;
	if (clone && !out->kernel_clone)
		pr_info("%s is not an indirect-call target on this kernel (IBT); pid helper off\n",
			BLCR_CLONE_SYMBOL);
	return 0;
}

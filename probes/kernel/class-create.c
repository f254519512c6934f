// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 6.4 API change: class_create() lost its owner argument (1aaba11da9aa).
 * Built by the one kbuild pass (src/probes/lib/kbuild.ts): passes when class-create.ko exists.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/err.h>

static int __init probe_init(void)
{
	struct class *c = class_create("blcr_probe");

	if (IS_ERR(c))
		return PTR_ERR(c);
	class_destroy(c);
	return 0;
}
module_init(probe_init);
MODULE_LICENSE("GPL");

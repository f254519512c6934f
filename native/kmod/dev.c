// SPDX-License-Identifier: GPL-2.0
/* /dev/blcr: ABI version, verification status and the pid-restore helper. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "blcr-kmod.h"

static long blcr_ioctl_status(void __user *arg)
{
	struct blcr_status st;

	memset(&st, 0, sizeof(st));
	st.abi = BLCR_ABI_VERSION;
	st.flags = BLCR_STATUS_VERIFIED;
	if (blcr_pid_helper_available())
		st.flags |= BLCR_STATUS_PID_HELPER;
	if (blcr_pid_cursor_available())
		st.flags |= BLCR_STATUS_PID_CURSOR;
	st.checked = blcr_imports.checked;
	/* the slide is the KASLR secret: only for those who may read kallsyms */
	if (capable(CAP_SYSLOG))
		st.slide = blcr_imports.slide;
	strscpy(st.release, init_utsname()->release, sizeof(st.release));
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long blcr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct blcr_fork_pid req;
	u32 abi = BLCR_ABI_VERSION;

	switch (cmd) {
	case BLCR_IOC_ABI:
		return put_user(abi, (u32 __user *)uarg);
	case BLCR_IOC_STATUS:
		return blcr_ioctl_status(uarg);
	case BLCR_IOC_FORK_PID:
		if (copy_from_user(&req, uarg, sizeof(req)))
			return -EFAULT;
		return blcr_fork_pid(req.pid, req.flags);
	case BLCR_IOC_RESERVE_PID:
		if (copy_from_user(&req, uarg, sizeof(req)))
			return -EFAULT;
		return blcr_reserve_pid(req.pid, req.flags);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations blcr_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = blcr_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* 0666: anyone may restart their own processes (BLCR's promise) */
static struct miscdevice blcr_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "blcr",
	.fops = &blcr_fops,
	.mode = 0666,
};

int blcr_dev_register(void)
{
	return misc_register(&blcr_misc);
}

void blcr_dev_unregister(void)
{
	misc_deregister(&blcr_misc);
}

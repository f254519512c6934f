// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The descriptor kinds real programs hold besides files and pipes (cr-mechanics §7):
 * eventfd, signalfd, timerfd, epoll (with its watch list), inotify (watches resolved to
 * paths) and unnamed AF_UNIX socket pairs (peers found with sock_diag, queued bytes
 * peeked). Everything comes from /proc/PID/fdinfo except what only the socket can tell.
 */
#define _GNU_SOURCE
#define LOG_PREFIX "dump: "
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "dump-int.h"
#include "dump-objs.h"

static const char *field(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? p + strlen(key) : NULL;
}

static uint64_t hexfield(const char *text, const char *key)
{
	const char *p = field(text, key);

	return p ? strtoull(p, NULL, 16) : 0;
}

static uint64_t decfield(const char *text, const char *key)
{
	const char *p = field(text, key);

	return p ? strtoull(p, NULL, 10) : 0;
}

static void parse_epoll(const char *info, struct pending_fd *p)
{
	for (const char *l = strstr(info, "tfd:"); l; l = strstr(l + 1, "\ntfd:")) {
		struct blcr_watch *w = vec_push(&p->watches);

		if (*l == '\n')
			l++;
		w->kind = BLCR_WATCH_EPOLL;
		w->tfd = (int32_t)strtol(l + 4, NULL, 10);
		w->events = (uint32_t)hexfield(l, "events:");
		w->data = hexfield(l, "data:");
	}
}

/* A directory on the filesystem with kernel device number sdev (MAJOR << 20 | MINOR). */
static int open_mount_of(unsigned long sdev)
{
	char *info = read_text_file("/proc/self/mountinfo", NULL), *l;
	unsigned int maj = (unsigned int)(sdev >> 20), min = (unsigned int)(sdev & 0xfffff);
	int fd = -1;

	for (l = info; l && *l && fd < 0; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		unsigned int ma, mi;
		char mnt[4096];

		if (sscanf(l, "%*u %*u %u:%u %*s %4095s", &ma, &mi, mnt) == 3 && ma == maj && mi == min)
			fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);	/* O_PATH is refused as mount_fd */
	}
	free(info);
	return fd;
}

/* An inotify watch names its inode by file handle: turn it back into a path. */
static int inotify_path(const char *line, char *out, size_t outlen)
{
	unsigned int bytes = (unsigned int)hexfield(line, "fhandle-bytes:");
	int type = (int)hexfield(line, "fhandle-type:");
	const char *hex = field(line, "f_handle:");
	struct file_handle *fh;
	char link[64];
	int mfd, fd;
	ssize_t n;

	if (!hex || !bytes || bytes > 128)
		return -EINVAL;
	fh = calloc(1, sizeof(*fh) + bytes);
	fh->handle_bytes = bytes;
	fh->handle_type = type;
	for (unsigned int i = 0; i < bytes; i++) {
		char b[3] = { hex[2 * i], hex[2 * i + 1], 0 };

		fh->f_handle[i] = (unsigned char)strtoul(b, NULL, 16);
	}
	mfd = open_mount_of(strtoul(field(line, "sdev:") ?: "0", NULL, 16));
	fd = mfd >= 0 ? open_by_handle_at(mfd, fh, O_PATH | O_CLOEXEC) : -1;
	free(fh);
	if (mfd >= 0)
		close(mfd);
	if (fd < 0)
		return -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, out, outlen - 1);
	close(fd);
	if (n < 0)
		return -errno;
	out[n] = 0;
	return 0;
}

static int parse_inotify(struct dtask *t, int fd, const char *info, struct pending_fd *p)
{
	for (const char *l = strstr(info, "inotify wd:"); l; l = strstr(l + 1, "inotify wd:")) {
		struct blcr_watch *w = vec_push(&p->watches);
		char path[4096], line[1024];

		snprintf(line, sizeof(line), "%.*s", (int)strcspn(l, "\n"), l);
		w->kind = BLCR_WATCH_INOTIFY;
		w->tfd = (int32_t)hexfield(line, "wd:");	/* printed in hex, whatever proc(5) says */
		w->events = (uint32_t)hexfield(line, "mask:");
		if (inotify_path(line, path, sizeof(path))) {
			pr_err("pid %d: fd %d: cannot resolve inotify watch %d to a path (needs CAP_DAC_READ_SEARCH)\n",
			       t->pid, fd, w->tfd);
			return BLCR_EXIT_NOSUPPORT;
		}
		w->path_str = strtab_add(&dobjs.strings, path);
	}
	return 0;
}

struct unix_info {
	uint64_t ino, peer;
	uint32_t type;
	int named;
};

static struct vec unix_table;	/* struct unix_info, filled once */

static int load_unix_table(void)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req r;
	} req;
	static int loaded;
	char buf[32768];
	int sk;

	if (loaded++)
		return 0;
	vec_init(&unix_table, sizeof(struct unix_info));
	sk = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (sk < 0)
		return -errno;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = sizeof(req);
	req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.r.sdiag_family = AF_UNIX;
	req.r.udiag_states = ~0u;
	req.r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER;
	if (send(sk, &req, sizeof(req), 0) < 0) {
		close(sk);
		return -errno;
	}
	for (;;) {
		ssize_t n = recv(sk, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (n <= 0)
			break;
		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct unix_diag_msg *m = NLMSG_DATA(h);
			struct rtattr *a = (struct rtattr *)(m + 1);
			int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*m));
			struct unix_info *u;

			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
				goto done;
			u = vec_push(&unix_table);
			u->ino = m->udiag_ino;
			u->type = m->udiag_type;
			for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
				if (a->rta_type == UNIX_DIAG_PEER)
					u->peer = *(uint32_t *)RTA_DATA(a);
				else if (a->rta_type == UNIX_DIAG_NAME)
					u->named = 1;
			}
		}
	}
done:
	close(sk);
	return 0;
}

static int parse_unix(struct dtask *t, int fd, uint64_t ino, struct pending_fd *p, int *handled)
{
	struct unix_info *u = NULL;
	static char peek[1 << 20];
	int pidfd, sfd;
	ssize_t n;

	load_unix_table();
	for (size_t i = 0; i < unix_table.len; i++)
		if (vec_at(&unix_table, struct unix_info, i)->ino == ino)
			u = vec_at(&unix_table, struct unix_info, i);
	if (!u || u->named || !u->peer)
		return 0;	/* not an unnamed pair: the caller refuses it */
	p->kind = BLCR_OBJ_UNIX;
	p->arg[0] = u->type;
	p->arg[4] = u->peer;	/* peer inode until objects are resolved */
	pidfd = (int)syscall(SYS_pidfd_open, t->pid, 0);
	sfd = pidfd >= 0 ? (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0) : -1;
	if (pidfd >= 0)
		close(pidfd);
	if (sfd < 0) {
		pr_perror("pid %d: fd %d: cannot reach the socket to save its queue", t->pid, fd);
		return BLCR_EXIT_PERM;
	}
	n = recv(sfd, peek, sizeof(peek), MSG_PEEK | MSG_DONTWAIT);
	close(sfd);
	if (n > 0) {
		if (u->type != SOCK_STREAM) {
			pr_err("pid %d: fd %d: datagrams queued in a unix socket pair cannot be saved yet\n", t->pid, fd);
			return BLCR_EXIT_NOSUPPORT;
		}
		dobjs.pipedata = realloc(dobjs.pipedata, dobjs.pipedata_len + (size_t)n);
		memcpy(dobjs.pipedata + dobjs.pipedata_len, peek, (size_t)n);
		p->arg[2] = dobjs.pipedata_len;
		p->arg[3] = (uint64_t)n;
		dobjs.pipedata_len += (uint64_t)n;
	}
	*handled = 1;
	return 0;
}

int fdkind_parse(struct dtask *t, int fd, const char *link, struct pending_fd *p, int *handled)
{
	char path[64], *info;
	int ret = 0;

	*handled = 0;
	if (!strncmp(link, "socket:[", 8))
		return parse_unix(t, fd, strtoull(link + 8, NULL, 10), p, handled);
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", t->pid, fd);
	info = read_text_file(path, NULL);
	if (!info)
		return BLCR_EXIT_PERM;
	vec_init(&p->watches, sizeof(struct blcr_watch));
	if (!strcmp(link, "anon_inode:[eventfd]")) {
		p->kind = BLCR_OBJ_EVENTFD;
		p->arg[0] = hexfield(info, "eventfd-count:");
		p->arg[1] = decfield(info, "eventfd-semaphore:");
	} else if (!strcmp(link, "anon_inode:[signalfd]")) {
		p->kind = BLCR_OBJ_SIGNALFD;
		p->arg[0] = hexfield(info, "sigmask:");
	} else if (!strcmp(link, "anon_inode:[timerfd]")) {
		const char *v = field(info, "it_value: ("), *iv = field(info, "it_interval: (");

		p->kind = BLCR_OBJ_TIMERFD;
		p->arg[0] = decfield(info, "clockid:");
		p->arg[1] = decfield(info, "ticks:");
		if (v)
			sscanf(v, "%" SCNu64 ", %" SCNu64, &p->arg[2], &p->arg[3]);
		if (iv)
			sscanf(iv, "%" SCNu64 ", %" SCNu64, &p->arg[4], &p->arg[5]);
	} else if (!strcmp(link, "anon_inode:[eventpoll]")) {
		p->kind = BLCR_OBJ_EPOLL;
		parse_epoll(info, p);
	} else if (!strcmp(link, "anon_inode:inotify")) {
		p->kind = BLCR_OBJ_INOTIFY;
		ret = parse_inotify(t, fd, info, p);
	} else {
		free(info);
		return 0;
	}
	free(info);
	*handled = ret == 0;
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * File descriptors (cr-mechanics §7). Saved: regular files and directories (path, offset,
 * flags), the harmless character devices, terminals, and stdio pipes/sockets that lead
 * out of the checkpoint (they are re-connected to cr_restart's own stdio, as BLCR did
 * for terminals). Anything else is refused with the pid, fd and kind named.
 */
#define _GNU_SOURCE
#define LOG_PREFIX "dump: "
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "dump-int.h"
#include "dump-objs.h"

uint32_t dump_file_identity(struct dtask *t, const char *path, const char *statpath)
{
	struct blcr_file *f;
	struct stat st;
	uint32_t idx;

	if (stat(statpath, &st) && stat(path, &st))
		return BLCR_NONE;
	for (size_t i = 0; i < t->files.len; i++) {
		f = vec_at(&t->files, struct blcr_file, i);
		if (f->dev == st.st_dev && f->ino == st.st_ino)
			return (uint32_t)i;
	}
	idx = (uint32_t)t->files.len;
	f = vec_push(&t->files);
	f->path_str = strtab_add(&t->strings, path);
	f->mode = st.st_mode;
	f->size = (uint64_t)st.st_size;
	f->mtime_ns = (uint64_t)st.st_mtim.tv_sec * 1000000000ULL + (uint64_t)st.st_mtim.tv_nsec;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	if (S_ISREG(st.st_mode))
		if (read_build_id(statpath, f->build_id, &f->build_id_len))
			read_build_id(path, f->build_id, &f->build_id_len);
	return idx;
}

static const char *const safe_devices[] = {
	"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", NULL,
};

static int is_tty_path(const char *p)
{
	return !strncmp(p, "/dev/pts/", 9) || !strncmp(p, "/dev/tty", 8) || !strcmp(p, "/dev/console");
}

static const char *kind_name(const char *link, const struct stat *st)
{
	if (!strncmp(link, "anon_inode:", 11))
		return link + 11;
	if (!strncmp(link, "socket:", 7))
		return "socket";
	if (!strncmp(link, "pipe:", 5))
		return "pipe";
	if (S_ISFIFO(st->st_mode))
		return "FIFO";
	if (S_ISCHR(st->st_mode))
		return "character device";
	if (S_ISBLK(st->st_mode))
		return "block device";
	return "file";
}

/* Matched to an object (and so shared correctly) once every task's fds are known. */
static int pend(struct dtask *t, struct blcr_fd *f, int fd, uint32_t kind, const struct stat *st,
		const struct proc_fdinfo *fi, const char *link)
{
	struct pending_fd *p = vec_push(&dobjs.pending);

	f->kind = BLCR_FD_OBJ;
	f->obj = BLCR_NONE;
	p->task = t->index;
	p->fd_index = (uint32_t)(t->fds.len - 1);
	p->pid = t->pid;
	p->fd = fd;
	p->kind = kind;
	p->dev = st->st_dev;
	p->ino = st->st_ino;
	p->pos = fi->pos;
	p->flags = f->open_flags;
	snprintf(p->path, sizeof(p->path), "%s", link);
	return 0;
}

static int dump_one_fd(struct dtask *t, int fd, int ignore_unsupported)
{
	char lpath[64], link[4096];
	struct proc_fdinfo fi;
	struct blcr_fd *f;
	struct stat st;
	ssize_t n;

	snprintf(lpath, sizeof(lpath), "/proc/%d/fd/%d", t->pid, fd);
	n = readlink(lpath, link, sizeof(link) - 1);
	if (n < 0 || stat(lpath, &st) || proc_read_fdinfo(t->pid, fd, &fi))
		return errno == ENOENT ? 0 : BLCR_EXIT_PERM;	/* closed meanwhile */
	link[n] = 0;

	f = vec_push(&t->fds);
	f->fd = fd;
	f->file = BLCR_NONE;
	f->obj = BLCR_NONE;
	f->pos = fi.pos;
	f->fd_flags = (fi.flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
	/* creation-time flags are not reopen flags (O_TMPFILE carries O_DIRECTORY) */
	f->open_flags = fi.flags & ~(O_CLOEXEC | O_CREAT | O_TRUNC | O_EXCL | O_NOCTTY | O_TMPFILE);

	if (!strncmp(link, "/memfd:", 7) && S_ISREG(st.st_mode)) {
		f->path_str = strtab_add(&t->strings, link);
		return pend(t, f, fd, BLCR_OBJ_SHMEM, &st, &fi, link);
	}
	if (link[0] == '/' && strstr(link, " (deleted)") && S_ISREG(st.st_mode)) {
		/* unlinked (tmpfile() and the like): its contents are saved with the object */
		f->path_str = strtab_add(&t->strings, link);
		return pend(t, f, fd, BLCR_OBJ_GHOST, &st, &fi, link);
	}
	if (link[0] == '/' && !strstr(link, " (deleted)") && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
		f->path_str = strtab_add(&t->strings, link);
		f->file = dump_file_identity(t, link, lpath);
		return pend(t, f, fd, S_ISDIR(st.st_mode) ? BLCR_OBJ_DIR : BLCR_OBJ_REG, &st, &fi, link);
	}
	if (!strncmp(link, "pipe:", 5) || (S_ISFIFO(st.st_mode) && link[0] == '/' && !strstr(link, " (deleted)"))) {
		int wr = (fi.flags & O_ACCMODE) == O_WRONLY;

		f->path_str = strtab_add(&t->strings, link);
		return pend(t, f, fd, wr ? BLCR_OBJ_PIPE_W : BLCR_OBJ_PIPE_R, &st, &fi, link);
	}
	if (S_ISCHR(st.st_mode)) {
		for (int i = 0; safe_devices[i]; i++) {
			if (!strcmp(link, safe_devices[i])) {
				f->path_str = strtab_add(&t->strings, link);
				return pend(t, f, fd, BLCR_OBJ_DEV, &st, &fi, link);
			}
		}
		/* tty majors: 4 (vt, ttyS), 5 (tty, console, ptmx), 136-143 (pts); no need to open it */
		if (is_tty_path(link) || major(st.st_rdev) == 4 || major(st.st_rdev) == 5 ||
		    (major(st.st_rdev) >= 136 && major(st.st_rdev) <= 143)) {
			f->kind = BLCR_FD_TTY;
			f->path_str = strtab_add(&t->strings, link);
			return 0;
		}
	}
	if (!strncmp(link, "anon_inode:", 11) || !strncmp(link, "socket:", 7)) {
		struct pending_fd tmp;
		int handled, ret;

		memset(&tmp, 0, sizeof(tmp));
		ret = fdkind_parse(t, fd, link, &tmp, &handled);
		if (ret) {
			t->fds.len--;
			return ret;
		}
		if (handled) {
			struct pending_fd *p;

			f->path_str = strtab_add(&t->strings, link);
			pend(t, f, fd, tmp.kind, &st, &fi, link);
			p = vec_at(&dobjs.pending, struct pending_fd, dobjs.pending.len - 1);
			memcpy(p->arg, tmp.arg, sizeof(p->arg));
			p->watches = tmp.watches;
			return 0;
		}
	}
	if ((fd <= 2 || (f->fd_flags & FD_CLOEXEC)) && !strncmp(link, "socket:", 7)) {
		/* a socket to outside on stdio (or a shell's saved copy of it): cr_restart's stdio */
		f->inherit_from = fd <= 2 ? fd : 1;
		f->kind = BLCR_FD_INHERIT;
		f->path_str = strtab_add(&t->strings, link);
		return 0;
	}
	t->fds.len--;
	if (ignore_unsupported) {
		pr_info("pid %d: fd %d (%s, %s) dropped (--ignore-unsupported)\n", t->pid, fd, kind_name(link, &st), link);
		return 0;
	}
	pr_err("pid %d: fd %d is a %s (%s), which blcr cannot checkpoint yet; close it in a libcr callback or use --ignore-unsupported to drop it\n",
	       t->pid, fd, kind_name(link, &st), link);
	return BLCR_EXIT_NOSUPPORT;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int dump_collect_fds(struct dtask *t, int ignore_unsupported)
{
	char path[64];
	struct dirent *de;
	struct vec nums;
	DIR *d;
	int ret = 0;

	vec_init(&t->fds, sizeof(struct blcr_fd));
	vec_init(&nums, sizeof(int));
	snprintf(path, sizeof(path), "/proc/%d/fd", t->pid);
	d = opendir(path);
	if (!d) {
		pr_perror("pid %d: cannot list %s", t->pid, path);
		return BLCR_EXIT_PERM;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			*(int *)vec_push(&nums) = atoi(de->d_name);
	closedir(d);
	qsort(nums.data, nums.len, sizeof(int), cmp_int);
	for (size_t i = 0; i < nums.len && !ret; i++)
		ret = dump_one_fd(t, *vec_at(&nums, int, i), ignore_unsupported);
	vec_free(&nums);
	return ret;
}

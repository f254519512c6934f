// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Shared open file descriptions (cr-mechanics §7, §8). Descriptors of all processes in
 * the checkpoint are grouped by kcmp(KCMP_FILE): one object per description. Pipes are
 * matched by inode; their buffered bytes are copied with tee(), which does not consume
 * them. A pipe with an end outside the checkpoint cannot be restored, except on stdio,
 * where cr_restart's own descriptor takes its place.
 */
#define _GNU_SOURCE
#define LOG_PREFIX "dump: "
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kcmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "dump-int.h"
#include "dump-objs.h"

struct dump_objs dobjs;

void dump_objs_init(void)
{
	memset(&dobjs, 0, sizeof(dobjs));
	vec_init(&dobjs.pending, sizeof(struct pending_fd));
	vec_init(&dobjs.objs, sizeof(struct blcr_obj));
	vec_init(&dobjs.owner, sizeof(struct pending_fd));
	vec_init(&dobjs.pipes, sizeof(struct blcr_pipe));
	vec_init(&dobjs.shm_ranges, 3 * sizeof(uint64_t));
	vec_init(&dobjs.watches, sizeof(struct blcr_watch));
	strtab_init(&dobjs.strings);
}

static int same_description(const struct pending_fd *a, const struct pending_fd *b)
{
	if (a->kind != b->kind || a->dev != b->dev || a->ino != b->ino)
		return 0;
	return syscall(SYS_kcmp, a->pid, b->pid, KCMP_FILE, a->fd, b->fd) == 0;
}

static uint32_t pipe_index(uint64_t ino, const char *fifo_path)
{
	struct blcr_pipe *p;

	for (size_t i = 0; i < dobjs.pipes.len; i++)
		if (vec_at(&dobjs.pipes, struct blcr_pipe, i)->ino == ino)
			return (uint32_t)i;
	p = vec_push(&dobjs.pipes);
	p->ino = ino;
	if (fifo_path) {
		p->fifo = 1;
		p->path_str = strtab_add(&dobjs.strings, fifo_path);
	}
	return (uint32_t)(dobjs.pipes.len - 1);
}

/* The bytes sitting in a pipe, read without taking them out. */
static int peek_pipe(struct blcr_pipe *p, const struct pending_fd *holder)
{
	char path[64];
	int in, tmp[2] = { -1, -1 }, cap, ret = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", holder->pid, holder->fd);
	in = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (in < 0) {
		pr_perror("pid %d fd %d: cannot open its pipe to save the buffered data", holder->pid, holder->fd);
		return BLCR_EXIT_PERM;
	}
	cap = fcntl(in, F_GETPIPE_SZ);
	p->capacity = cap > 0 ? (uint32_t)cap : 65536;
	if (pipe2(tmp, O_CLOEXEC | O_NONBLOCK) || fcntl(tmp[1], F_SETPIPE_SZ, p->capacity) < 0) {
		pr_perror("cannot make a pipe of %u bytes to copy pipe data", p->capacity);
		ret = BLCR_EXIT_INTERNAL;
		goto out;
	}
	n = tee(in, tmp[1], p->capacity, SPLICE_F_NONBLOCK);
	if (n < 0 && errno != EAGAIN) {
		pr_perror("pid %d fd %d: tee of the pipe data", holder->pid, holder->fd);
		ret = BLCR_EXIT_INTERNAL;
		goto out;
	}
	if (n > 0) {
		dobjs.pipedata = realloc(dobjs.pipedata, dobjs.pipedata_len + (size_t)n);
		p->data_off = dobjs.pipedata_len;
		p->data_len = 0;
		while (p->data_len < (uint64_t)n) {
			ssize_t r = read(tmp[0], dobjs.pipedata + dobjs.pipedata_len + p->data_len, (size_t)n - p->data_len);

			if (r <= 0)
				break;
			p->data_len += (uint64_t)r;
		}
		dobjs.pipedata_len += p->data_len;
	}
out:
	close(in);
	if (tmp[0] >= 0)
		close(tmp[0]);
	if (tmp[1] >= 0)
		close(tmp[1]);
	return ret;
}

uint32_t dump_objs_shmem(pid_t pid, uint64_t ino, uint64_t start, uint64_t end, uint64_t pgoff, const char *path)
{
	char mf[96];
	struct stat st;
	struct pending_fd *o;
	struct blcr_obj *b;

	for (size_t i = 0; i < dobjs.objs.len; i++) {
		b = vec_at(&dobjs.objs, struct blcr_obj, i);
		o = vec_at(&dobjs.owner, struct pending_fd, i);
		if (b->kind == BLCR_OBJ_SHMEM && o->ino == ino) {
			if (pgoff + end - start > b->size)
				b->size = pgoff + end - start;
			return (uint32_t)i;
		}
	}
	b = vec_push(&dobjs.objs);
	o = vec_push(&dobjs.owner);
	b->kind = BLCR_OBJ_SHMEM;
	b->size = pgoff + end - start;
	snprintf(mf, sizeof(mf), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64, pid, start, end);
	if (!stat(mf, &st) && (uint64_t)st.st_size > b->size)
		b->size = (uint64_t)st.st_size;
	o->kind = BLCR_OBJ_SHMEM;
	o->ino = ino;
	o->pid = pid;
	/* a memfd keeps its name: "/memfd:NAME (deleted)" -> "/memfd:NAME" */
	if (!strncmp(path, "/memfd:", 7)) {
		char name[300];
		size_t n = strlen(path);

		if (n > 10 && !strcmp(path + n - 10, " (deleted)"))
			n -= 10;
		snprintf(name, sizeof(name), "%.*s", (int)n, path);
		b->path_str = strtab_add(&dobjs.strings, name);
	}
	return (uint32_t)(dobjs.objs.len - 1);
}

int dump_objs_shmem_claim(uint32_t obj, uint64_t pgoff, uint64_t len)
{
	for (size_t i = 0; i < dobjs.shm_ranges.len; i++) {
		uint64_t *r = (uint64_t *)dobjs.shm_ranges.data + 3 * i;

		if (r[0] == obj && pgoff >= r[1] && pgoff + len <= r[1] + r[2])
			return 0;
	}
	{
		uint64_t *r = vec_push(&dobjs.shm_ranges);

		r[0] = obj;
		r[1] = pgoff;
		r[2] = len;
	}
	return 1;
}

/*
 * A pipe or socket to outside on stdio, or a shell's close-on-exec copy of its stdio
 * (dash and bash park the original stdout at fd 10+ while a redirection is in force):
 * cr_restart's own stdio takes its place, as BLCR did for terminals.
 */
static int dump_objs_inherit(const struct pending_fd *p, struct blcr_fd *f)
{
	if (p->fd > 2 && !(f->fd_flags & FD_CLOEXEC))
		return 0;
	f->kind = BLCR_FD_INHERIT;
	f->obj = BLCR_NONE;
	f->inherit_from = p->fd <= 2 ? p->fd : (p->flags & O_ACCMODE) == O_RDONLY ? 0 : 1;
	return 1;
}

#define GHOST_MAX (64ULL << 20)

/* An unlinked file's contents, read through the holder's descriptor (offset untouched). */
static int save_ghost(struct blcr_obj *b, const struct pending_fd *p)
{
	char path[64], name[4096];
	struct stat st;
	size_t n = strlen(p->path);
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", p->pid, p->fd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		pr_perror("pid %d: fd %d: cannot read the unlinked file %s", p->pid, p->fd, p->path);
		if (fd >= 0)
			close(fd);
		return BLCR_EXIT_PERM;
	}
	if ((uint64_t)st.st_size > GHOST_MAX) {
		pr_err("pid %d: fd %d is an unlinked file of %lld bytes (%s); blcr saves unlinked files up to %llu MiB\n",
		       p->pid, p->fd, (long long)st.st_size, p->path, GHOST_MAX >> 20);
		close(fd);
		return BLCR_EXIT_NOSUPPORT;
	}
	dobjs.pipedata = realloc(dobjs.pipedata, dobjs.pipedata_len + (size_t)st.st_size + 1);
	b->arg[0] = dobjs.pipedata_len;
	b->arg[1] = 0;
	while (b->arg[1] < (uint64_t)st.st_size) {
		ssize_t r = pread(fd, dobjs.pipedata + dobjs.pipedata_len + b->arg[1], (size_t)st.st_size - b->arg[1],
				  (off_t)b->arg[1]);

		if (r <= 0)
			break;
		b->arg[1] += (uint64_t)r;
	}
	b->arg[2] = st.st_mode & 07777;
	dobjs.pipedata_len += b->arg[1];
	close(fd);
	if (n > 10 && !strcmp(p->path + n - 10, " (deleted)"))
		n -= 10;
	snprintf(name, sizeof(name), "%.*s", (int)n, p->path);
	b->path_str = strtab_add(&dobjs.strings, name);
	return 0;
}

static int refuse_external_pipe(struct dtask *t, const struct pending_fd *p, struct blcr_fd *f, int ignore)
{
	if (dump_objs_inherit(p, f))
		return 0;
	if (ignore)
		return 1;
	pr_err("pid %d: fd %d is a pipe (%s) whose other end is outside the checkpoint; include that process (--tree, --pgid, --sid) or close the pipe first\n",
	       t->pid, p->fd, p->path);
	return -1;
}

int dump_objs_resolve(struct dtask *tasks, int nr_tasks, int ignore_unsupported)
{
	struct vec *pend = &dobjs.pending;
	uint8_t *ends;		/* per pipe: bit 0 read end in scope, bit 1 write end */
	int ret = 0;

	/* one object per open file description */
	for (size_t i = 0; i < pend->len; i++) {
		struct pending_fd *p = vec_at(pend, struct pending_fd, i);
		struct blcr_fd *f = vec_at(&tasks[p->task].fds, struct blcr_fd, p->fd_index);
		uint32_t obj = BLCR_NONE;

		if (p->kind == BLCR_OBJ_SHMEM) {
			/* a memfd on a descriptor: the object its mappings saved */
			for (size_t j = 0; j < dobjs.owner.len && obj == BLCR_NONE; j++) {
				struct pending_fd *o = vec_at(&dobjs.owner, struct pending_fd, j);

				if (o->kind == BLCR_OBJ_SHMEM && o->ino == p->ino)
					obj = (uint32_t)j;
			}
			if (obj == BLCR_NONE) {
				pr_err("pid %d: fd %d is a memfd (%s) that no process of the checkpoint maps; saving its contents through a descriptor is not supported yet\n",
				       p->pid, p->fd, p->path);
				return BLCR_EXIT_NOSUPPORT;
			}
			f->kind = BLCR_FD_SHMEM;
			f->obj = obj;
			f->pos = p->pos;
			continue;
		}

		for (size_t j = 0; j < dobjs.owner.len && obj == BLCR_NONE; j++)
			if (same_description(vec_at(&dobjs.owner, struct pending_fd, j), p))
				obj = (uint32_t)j;
		if (obj == BLCR_NONE) {
			struct blcr_obj *b = vec_push(&dobjs.objs);

			*(struct pending_fd *)vec_push(&dobjs.owner) = *p;
			obj = (uint32_t)(dobjs.objs.len - 1);
			b->kind = p->kind;
			b->open_flags = p->flags;
			b->pos = p->pos;
			b->pipe = BLCR_NONE;
			memcpy(b->arg, p->arg, sizeof(b->arg));
			if (p->kind == BLCR_OBJ_GHOST && (ret = save_ghost(b, p)))
				return ret;
			if (p->kind == BLCR_OBJ_PIPE_R || p->kind == BLCR_OBJ_PIPE_W)
				b->pipe = pipe_index(p->ino, p->path[0] == '/' ? p->path : NULL);
			else if (p->path[0] == '/' && p->kind != BLCR_OBJ_GHOST)
				b->path_str = strtab_add(&dobjs.strings, p->path);
			/* the first holder's watch list is the object's */
			for (size_t k = 0; k < p->watches.len; k++) {
				struct blcr_watch *w = vec_push(&dobjs.watches);

				*w = *vec_at(&p->watches, struct blcr_watch, k);
				w->obj = obj;
				w->task = p->task;
			}
		}
		f->obj = obj;
	}
	/* socket pairs: both ends must be saved, each object learns its peer */
	for (size_t i = 0; i < pend->len && !ret; i++) {
		struct pending_fd *p = vec_at(pend, struct pending_fd, i);
		struct blcr_fd *f = vec_at(&tasks[p->task].fds, struct blcr_fd, p->fd_index);
		struct blcr_obj *b = vec_at(&dobjs.objs, struct blcr_obj, f->obj);
		uint32_t peer = BLCR_NONE;
		int r;

		if (b->kind != BLCR_OBJ_UNIX)
			continue;
		for (size_t j = 0; j < dobjs.owner.len; j++) {
			struct pending_fd *o = vec_at(&dobjs.owner, struct pending_fd, j);

			if (o->kind == BLCR_OBJ_UNIX && o->ino == p->arg[4])
				peer = (uint32_t)j;
		}
		b->arg[1] = peer;
		if (peer != BLCR_NONE)
			continue;
		if (dump_objs_inherit(p, f))
			continue;
		r = ignore_unsupported;
		if (!r) {
			pr_err("pid %d: fd %d is a unix socket (%s) connected to a process outside the checkpoint; include that process or close the socket in a libcr callback\n",
			       p->pid, p->fd, p->path);
			ret = BLCR_EXIT_NOSUPPORT;
		} else {
			f->fd = -1;
		}
	}
	/* which pipes have both ends inside */
	ends = xzalloc(dobjs.pipes.len + 1);
	for (size_t i = 0; i < dobjs.objs.len; i++) {
		struct blcr_obj *b = vec_at(&dobjs.objs, struct blcr_obj, i);

		if (b->kind == BLCR_OBJ_PIPE_R && (b->open_flags & O_ACCMODE) == O_RDWR)
			ends[b->pipe] |= 3;
		else if (b->kind == BLCR_OBJ_PIPE_R)
			ends[b->pipe] |= 1;
		else if (b->kind == BLCR_OBJ_PIPE_W)
			ends[b->pipe] |= 2;
	}
	for (size_t i = 0; i < pend->len && !ret; i++) {
		struct pending_fd *p = vec_at(pend, struct pending_fd, i);
		struct blcr_fd *f = vec_at(&tasks[p->task].fds, struct blcr_fd, p->fd_index);
		struct blcr_obj *b;
		int r;

		if (f->kind != BLCR_FD_OBJ)
			continue;	/* already settled (an outside socket became INHERIT) */
		b = vec_at(&dobjs.objs, struct blcr_obj, f->obj);
		if ((b->kind != BLCR_OBJ_PIPE_R && b->kind != BLCR_OBJ_PIPE_W) || ends[b->pipe] == 3 ||
		    vec_at(&dobjs.pipes, struct blcr_pipe, b->pipe)->fifo)
			continue;
		r = refuse_external_pipe(&tasks[p->task], p, f, ignore_unsupported);
		if (r < 0)
			ret = BLCR_EXIT_NOSUPPORT;
		else if (r > 0)
			f->fd = -1;	/* dropped (--ignore-unsupported) */
	}
	/* save what sits in each pipe that is restored */
	for (size_t i = 0; i < dobjs.pipes.len && !ret; i++) {
		struct blcr_pipe *pp = vec_at(&dobjs.pipes, struct blcr_pipe, i);

		if (ends[i] != 3 && !pp->fifo)
			continue;
		for (size_t j = 0; j < dobjs.objs.len; j++) {
			struct blcr_obj *b = vec_at(&dobjs.objs, struct blcr_obj, j);

			if ((b->kind == BLCR_OBJ_PIPE_R || b->kind == BLCR_OBJ_PIPE_W) && b->pipe == i) {
				ret = peek_pipe(pp, vec_at(&dobjs.owner, struct pending_fd, j));
				break;
			}
		}
	}
	free(ends);
	return ret;
}

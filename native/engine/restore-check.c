// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Everything that can stop a restart, checked before any process is created: the image
 * itself, this CPU's xstate, this kernel's vDSO, the files the checkpoint used, the pid.
 * cr_restart and `blcr doctor --context` (through blcr-image check) share these.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "arch.h"
#include "blcr/exitcodes.h"
#include "restore.h"

#define LOAD(type, task, dst, count, elem) \
	do { void *__p; uint64_t __l; int __e = ir_load(&img->r, type, task, &__p, &__l); \
	     if (__e) { snprintf(why, whylen, "%s: %s", path, img->r.err); return BLCR_EXIT_BADIMG; } \
	     (dst) = __p; *(count) = __l / (elem); } while (0)

static int load_threads(struct rimage *img, struct rtask *t, uint32_t ti, const char *path, char *why, size_t whylen)
{
	for (uint32_t i = 0; i < img->r.hdr.nr_sections; i++)
		t->nr_threads += img->r.secs[i].type == BLCR_SEC_THREAD && img->r.secs[i].task == ti;
	if (t->nr_threads + 1 != t->task->nr_threads) {
		snprintf(why, whylen, "%s: %u thread sections for %u threads (corrupted file)", path, t->nr_threads,
			 t->task->nr_threads);
		return BLCR_EXIT_BADIMG;
	}
	t->threads = calloc(t->nr_threads + 1, sizeof(*t->threads));
	for (uint32_t i = 0, n = 0; i < img->r.hdr.nr_sections; i++) {
		const struct blcr_img_section *sec = &img->r.secs[i];
		struct rthread *th = &t->threads[n];
		uint64_t len;
		char *buf;

		if (sec->type != BLCR_SEC_THREAD || sec->task != ti)
			continue;
		if (ir_load_sec(&img->r, sec, (void **)&buf, &len)) {
			snprintf(why, whylen, "%s: %s", path, img->r.err);
			return BLCR_EXIT_BADIMG;
		}
		memcpy(&th->st, buf, len < sizeof(th->st) ? len : sizeof(th->st));
		if (len < sizeof(th->st) + sizeof(th->regs) || th->st.xstate_len != len - sizeof(th->st) - sizeof(th->regs)) {
			free(buf);
			snprintf(why, whylen, "%s: a thread section has the wrong size (corrupted file)", path);
			return BLCR_EXIT_BADIMG;
		}
		memcpy(&th->regs, buf + sizeof(th->st), sizeof(th->regs));
		th->xstate = malloc(th->st.xstate_len);
		memcpy(th->xstate, buf + sizeof(th->st) + sizeof(th->regs), th->st.xstate_len);
		free(buf);
		n++;
	}
	return 0;
}

static int load_task(struct rimage *img, uint32_t ti, const char *path, char *why, size_t whylen)
{
	struct rtask *t = &img->tasks[ti];
	const struct blcr_img_section *pg = ir_find(&img->r, BLCR_SEC_PAGES, ti);
	uint64_t one = 0;
	int ret;

	LOAD(BLCR_SEC_TASK, ti, t->task, &one, sizeof(struct blcr_task));
	if (one != 1)
		goto short_section;
	if (t->task->flags & BLCR_TASK_ZOMBIE) {
		/* an exited child: nothing but its pid, its place in the tree and its status */
		if (t->task->parent_index == BLCR_NONE || t->task->parent_index >= ti) {
			snprintf(why, whylen, "%s: zombie %u has no parent in the image (corrupted file)", path, t->task->pid);
			return BLCR_EXIT_BADIMG;
		}
		return 0;
	}
	LOAD(BLCR_SEC_REGS, ti, t->regs, &one, sizeof(struct user_regs_struct));
	if (one != 1)
		goto short_section;
	LOAD(BLCR_SEC_XSTATE, ti, t->xstate, &t->xstate_len, 1);
	LOAD(BLCR_SEC_SIGACT, ti, t->sigact, &one, sizeof(struct blcr_sigaction) * BLCR_NSIG);
	if (one != 1)
		goto short_section;
	LOAD(BLCR_SEC_SIGINFO, ti, t->sigpending, &t->nr_sigpending, sizeof(struct blcr_siginfo));
	LOAD(BLCR_SEC_VMAS, ti, t->vmas, &t->nr_vmas, sizeof(struct blcr_vma));
	LOAD(BLCR_SEC_RUNS, ti, t->runs, &t->nr_runs, sizeof(struct blcr_run));
	LOAD(BLCR_SEC_FDS, ti, t->fds, &t->nr_fds, sizeof(struct blcr_fd));
	LOAD(BLCR_SEC_FILES, ti, t->files, &t->nr_files, sizeof(struct blcr_file));
	LOAD(BLCR_SEC_STRINGS, ti, t->strings, &t->strings_len, 1);
	if ((ret = load_threads(img, t, ti, path, why, whylen)))
		return ret;
	if (t->task->parent_index != BLCR_NONE && t->task->parent_index >= ti) {
		snprintf(why, whylen, "%s: process %u is listed before its parent (corrupted file)", path, t->task->pid);
		return BLCR_EXIT_BADIMG;
	}
	/* cross-check indexes so a crafted file cannot send the restorer astray */
	for (uint64_t i = 0; i < t->nr_vmas; i++) {
		struct blcr_vma *v = &t->vmas[i];

		if (v->start >= v->end || (v->start | v->end) & 4095 || v->first_run + v->nr_runs > t->nr_runs ||
		    v->path_str >= t->strings_len || (v->kind == BLCR_VMA_SHMEM && v->shmem_obj >= img->nr_objs)) {
			snprintf(why, whylen, "%s: mapping %" PRIu64 " of process %u is inconsistent (corrupted file)", path, i,
				 t->task->pid);
			return BLCR_EXIT_BADIMG;
		}
		for (uint64_t j = 0; j < v->nr_runs; j++) {
			struct blcr_run *r = &t->runs[v->first_run + j];

			if (!pg || r->vaddr < v->start || r->vaddr + r->nr_pages * 4096 > v->end ||
			    r->data_off < pg->off || r->data_off + r->nr_pages * 4096 > pg->off + pg->size) {
				snprintf(why, whylen, "%s: page data of mapping %" PRIx64 " is out of bounds (corrupted file)",
					 path, v->start);
				return BLCR_EXIT_BADIMG;
			}
		}
	}
	for (uint64_t i = 0; i < t->nr_fds; i++) {
		if ((t->fds[i].kind == BLCR_FD_OBJ || t->fds[i].kind == BLCR_FD_SHMEM) && t->fds[i].fd >= 0 &&
		    t->fds[i].obj >= img->nr_objs) {
			snprintf(why, whylen, "%s: fd %d of process %u names a missing object (corrupted file)", path,
				 t->fds[i].fd, t->task->pid);
			return BLCR_EXIT_BADIMG;
		}
	}
	if (t->strings_len == 0 || t->strings[t->strings_len - 1]) {
		snprintf(why, whylen, "%s: string table is not terminated (corrupted file)", path);
		return BLCR_EXIT_BADIMG;
	}
	return 0;
short_section:
	snprintf(why, whylen, "%s: a section has the wrong size (corrupted file or another format)", path);
	return BLCR_EXIT_BADIMG;
}

int rimage_load(const char *path, struct rimage *img, char *why, size_t whylen)
{
	int ret;

	memset(img, 0, sizeof(*img));
	ret = ir_open(&img->r, path);
	if (ret) {
		snprintf(why, whylen, "%s", img->r.err);
		if (ret == IMG_E_ARCH)
			return BLCR_EXIT_BADARCH;
		if (ret == IMG_E_IO && errno == ENOENT)
			return BLCR_EXIT_USAGE;
		return ret == IMG_E_IO ? BLCR_EXIT_IO : BLCR_EXIT_BADIMG;
	}
	img->nr_tasks = img->r.hdr.nr_tasks;
	if (img->nr_tasks == 0 || img->nr_tasks > 65536) {
		snprintf(why, whylen, "%s: %u processes (corrupted file)", path, img->nr_tasks);
		return BLCR_EXIT_BADIMG;
	}
	LOAD(BLCR_SEC_OBJS, BLCR_GLOBAL, img->objs, &img->nr_objs, sizeof(struct blcr_obj));
	LOAD(BLCR_SEC_PIPES, BLCR_GLOBAL, img->pipes, &img->nr_pipes, sizeof(struct blcr_pipe));
	LOAD(BLCR_SEC_PIPEDATA, BLCR_GLOBAL, img->pipedata, &img->pipedata_len, 1);
	LOAD(BLCR_SEC_GSTRINGS, BLCR_GLOBAL, img->gstrings, &img->gstrings_len, 1);
	LOAD(BLCR_SEC_WATCHES, BLCR_GLOBAL, img->watches, &img->nr_watches, sizeof(struct blcr_watch));
	for (uint64_t i = 0; i < img->nr_watches; i++) {
		if (img->watches[i].obj >= img->nr_objs || img->watches[i].path_str >= img->gstrings_len ||
		    img->watches[i].task >= img->r.hdr.nr_tasks) {
			snprintf(why, whylen, "%s: watch %" PRIu64 " is inconsistent (corrupted file)", path, i);
			return BLCR_EXIT_BADIMG;
		}
	}
	for (uint64_t i = 0; i < img->nr_objs; i++) {
		struct blcr_obj *b = &img->objs[i];

		if (b->path_str >= img->gstrings_len ||
		    ((b->kind == BLCR_OBJ_PIPE_R || b->kind == BLCR_OBJ_PIPE_W) && b->pipe >= img->nr_pipes) ||
		    (b->kind == BLCR_OBJ_UNIX && ((b->arg[1] >= img->nr_objs && b->arg[1] != BLCR_NONE) ||
						  b->arg[2] + b->arg[3] > img->pipedata_len))) {
			snprintf(why, whylen, "%s: object %" PRIu64 " is inconsistent (corrupted file)", path, i);
			return BLCR_EXIT_BADIMG;
		}
	}
	for (uint64_t i = 0; i < img->nr_pipes; i++) {
		if (img->pipes[i].data_off + img->pipes[i].data_len > img->pipedata_len) {
			snprintf(why, whylen, "%s: pipe data out of bounds (corrupted file)", path);
			return BLCR_EXIT_BADIMG;
		}
	}
	img->tasks = calloc(img->nr_tasks, sizeof(*img->tasks));
	for (uint32_t i = 0; i < img->nr_tasks; i++)
		if ((ret = load_task(img, i, path, why, whylen)))
			return ret;
	return 0;
}

const char *rtask_str(const struct rtask *t, uint32_t off)
{
	return off < t->strings_len ? t->strings + off : "";
}

const char *rimage_gstr(const struct rimage *img, uint32_t off)
{
	return off < img->gstrings_len ? img->gstrings + off : "";
}

void rimage_free(struct rimage *img)
{
	for (uint32_t i = 0; img->tasks && i < img->nr_tasks; i++) {
		struct rtask *t = &img->tasks[i];

		free(t->task);
		free(t->regs);
		free(t->xstate);
		free(t->sigact);
		free(t->sigpending);
		free(t->vmas);
		free(t->runs);
		free(t->fds);
		free(t->files);
		free(t->strings);
		for (uint32_t j = 0; t->threads && j < t->nr_threads; j++)
			free(t->threads[j].xstate);
		free(t->threads);
	}
	free(img->tasks);
	free(img->objs);
	free(img->pipes);
	free(img->pipedata);
	free(img->gstrings);
	free(img->watches);
	ir_close(&img->r);
}

static void trim_slashes(char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = 0;
}

int reloc_parse(const char *arg, struct reloc *out, char *why, size_t whylen)
{
	char *dst = out->old;
	size_t n = 0;
	int seen_eq = 0;

	memset(out, 0, sizeof(*out));
	for (const char *p = arg; *p; p++) {
		char c = *p;

		if (c == '\\' && (p[1] == '=' || p[1] == '\\')) {
			c = *++p;
		} else if (c == '=' && !seen_eq) {
			seen_eq = 1;
			dst[n] = 0;
			dst = out->new;
			n = 0;
			continue;
		}
		if (n + 1 >= sizeof(out->old)) {
			snprintf(why, whylen, "--relocate %s: path too long", arg);
			return BLCR_EXIT_USAGE;
		}
		dst[n++] = c;
	}
	dst[n] = 0;
	if (!seen_eq || out->old[0] != '/' || out->new[0] != '/') {
		snprintf(why, whylen, "--relocate wants OLDPATH=NEWPATH, both absolute (got '%s')", arg);
		return BLCR_EXIT_USAGE;
	}
	trim_slashes(out->old);
	trim_slashes(out->new);
	return 0;
}

const char *reloc_apply(const struct restore_opts *o, const char *path, char *buf, size_t len)
{
	for (int i = 0; o && i < o->nr_relocs; i++) {
		const struct reloc *r = &o->relocs[i];
		size_t n = strlen(r->old);

		if (!strcmp(r->old, r->new))
			continue;
		/* whole leading components: /a/b matches /a/b and /a/b/c, not /a/bc */
		if (!strncmp(path, r->old, n) && (path[n] == 0 || path[n] == '/' || !strcmp(r->old, "/"))) {
			snprintf(buf, len, "%s%s", r->new, path + n);
			return buf;
		}
	}
	return path;
}

int check_cpu(const struct rimage *img, char *why, size_t whylen)
{
	uint64_t have = arch_xfeatures(), need = img->r.hdr.xfeatures;

	if (need & ~have) {
		snprintf(why, whylen, "this CPU lacks xstate features the checkpointed process used (XCR0 0x%" PRIx64
			 " here, 0x%" PRIx64 " there, missing 0x%" PRIx64 "); restart on a node with the same CPU features",
			 have, need, need & ~have);
		return BLCR_EXIT_BADARCH;
	}
	if (img->r.hdr.xstate_size != arch_xstate_size()) {
		snprintf(why, whylen, "the XSAVE area is %u bytes here but was %u bytes where the checkpoint was taken (different CPU); restart on a node with the same CPU model",
			 arch_xstate_size(), img->r.hdr.xstate_size);
		return BLCR_EXIT_BADARCH;
	}
	return 0;
}

/* Our own vdso trio, from /proc/self/maps. */
static void own_specials(uint64_t s[3], uint64_t e[3])
{
	char *maps = read_text_file("/proc/self/maps", NULL), *l;

	memset(s, 0, 3 * sizeof(*s));
	memset(e, 0, 3 * sizeof(*e));
	for (l = maps; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		uint64_t a, b;
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		int idx = -1;

		if (memmem(l, n, "[vvar]", 6))
			idx = 0;
		else if (memmem(l, n, "[vvar_vclock]", 13))
			idx = 1;
		else if (memmem(l, n, "[vdso]", 6))
			idx = 2;
		if (idx >= 0 && sscanf(l, "%" SCNx64 "-%" SCNx64, &a, &b) == 2) {
			s[idx] = a;
			e[idx] = b;
		}
	}
	free(maps);
}

int check_vdso(const struct rimage *img, char *why, size_t whylen)
{
	const struct rtask *t0 = &img->tasks[0];
	uint64_t s[3], e[3], saved[3] = { 0, 0, 0 };
	static const char *names[3] = { "[vvar]", "[vvar_vclock]", "[vdso]" };
	const char *rel = img->r.hdr.kernel_release;

	own_specials(s, e);
	for (uint64_t i = 0; i < t0->nr_vmas; i++) {
		const struct blcr_vma *v = &t0->vmas[i];
		int idx = v->kind == BLCR_VMA_VVAR ? 0 : v->kind == BLCR_VMA_VVAR_VCLOCK ? 1 : v->kind == BLCR_VMA_VDSO ? 2 : -1;

		if (idx < 0)
			continue;
		saved[idx] = v->end - v->start;
		if (idx == 2 && v->nr_runs) {
			uint64_t len = v->end - v->start;
			char *buf = malloc(len);
			int same = 0;

			if (buf && e[2] - s[2] == len) {
				uint64_t off = 0;

				for (uint64_t j = 0; j < v->nr_runs; j++) {
					const struct blcr_run *r = &t0->runs[v->first_run + j];

					if (pread(img->r.fd, buf + (r->vaddr - v->start), r->nr_pages * 4096, (off_t)r->data_off) < 0)
						break;
					off += r->nr_pages * 4096;
				}
				same = off == len && !memcmp(buf, (void *)s[2], len);
			}
			free(buf);
			if (!same) {
				snprintf(why, whylen, "this kernel's vDSO differs from the one the process was checkpointed with (kernel %s); restart on a node running that kernel",
					 rel);
				return BLCR_EXIT_KERNEL;
			}
		}
	}
	for (int i = 0; i < 3; i++) {
		if (saved[i] != e[i] - s[i]) {
			snprintf(why, whylen, "this kernel's %s is %" PRIu64 " bytes but the checkpoint (kernel %s) had %" PRIu64 "; restart on a node running that kernel",
				 names[i], e[i] - s[i], rel, saved[i]);
			return BLCR_EXIT_KERNEL;
		}
	}
	return 0;
}

static int check_one_file(const struct rtask *t, const struct restore_opts *o, const struct blcr_file *f,
			  int strict, char *why, size_t whylen)
{
	const char *path = rtask_str(t, f->path_str);
	char buf[4096];
	const char *now = reloc_apply(o, path, buf, sizeof(buf));
	struct stat st;
	uint8_t id[20];
	uint32_t idlen = 0;

	if (stat(now, &st)) {
		if (now != path)
			snprintf(why, whylen, "%s (relocated from %s) is missing: %s; check the --relocate arguments",
				 now, path, strerror(errno));
		else
			snprintf(why, whylen, "%s is missing (%s); if it moved, restart with --relocate %s=NEWPATH",
				 path, strerror(errno), path);
		return BLCR_EXIT_FILECHANGED;
	}
	if (!strict || !S_ISREG(st.st_mode))
		return 0;
	if ((uint64_t)st.st_size != f->size) {
		snprintf(why, whylen, "%s changed since the checkpoint: %" PRIu64 " bytes then, %" PRIu64
			 " now (a different build of this file; this node's libraries must match the checkpointing node's)",
			 now, f->size, (uint64_t)st.st_size);
		return BLCR_EXIT_FILECHANGED;
	}
	if (f->build_id_len && !read_build_id(now, id, &idlen) &&
	    (idlen != f->build_id_len || memcmp(id, f->build_id, idlen))) {
		snprintf(why, whylen, "%s changed since the checkpoint: its ELF build-id differs (a different build of this file; this node's libraries must match the checkpointing node's)",
			 now);
		return BLCR_EXIT_FILECHANGED;
	}
	return 0;
}

int check_files(const struct rimage *img, const struct restore_opts *o, char *why, size_t whylen)
{
	int ret;

	/* mapped files (executable, libraries) must be the same build; opened files must exist */
	for (uint32_t ti = 0; ti < img->nr_tasks; ti++) {
		const struct rtask *t = &img->tasks[ti];

		for (uint64_t i = 0; i < t->nr_vmas; i++) {
			const struct blcr_vma *v = &t->vmas[i];

			if ((v->kind == BLCR_VMA_FILE_PRIVATE || v->kind == BLCR_VMA_FILE_SHARED) && v->file < t->nr_files &&
			    (ret = check_one_file(t, o, &t->files[v->file], 1, why, whylen)))
				return ret;
		}
		for (uint64_t i = 0; i < t->nr_fds; i++) {
			const struct blcr_fd *f = &t->fds[i];

			if (f->fd >= 0 && f->file < t->nr_files &&
			    (ret = check_one_file(t, o, &t->files[f->file], 0, why, whylen)))
				return ret;
		}
	}
	return 0;
}

/* Every pid and tid of the image must be free before anything is created. */
int check_pids_free(const struct rimage *img, char *why, size_t whylen)
{
	int ret;

	for (uint32_t ti = 0; ti < img->nr_tasks; ti++) {
		const struct rtask *t = &img->tasks[ti];

		if ((ret = check_pid_free((pid_t)t->task->pid, why, whylen)))
			return ret;
		for (uint32_t j = 0; j < t->nr_threads; j++)
			if ((ret = check_pid_free((pid_t)t->threads[j].st.tid, why, whylen)))
				return ret;
	}
	return 0;
}

int check_pid_free(pid_t pid, char *why, size_t whylen)
{
	char path[64], comm[64] = "?", state = '?';
	char *stat, *p;

	if (kill(pid, 0) && errno == ESRCH)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	if ((p = read_text_file(path, NULL))) {
		snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(p, "\n"), p);
		free(p);
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((stat = read_text_file(path, NULL))) {
		p = strrchr(stat, ')');
		if (p && p[1])
			state = p[2];
		free(stat);
	}
	if (state == 'Z')
		snprintf(why, whylen, "pid %d is in use by '%s', a zombie its parent has not reaped yet; wait for it, or restart with --no-restore-pid",
			 pid, comm);
	else
		snprintf(why, whylen, "pid %d is in use by '%s' (pid %d); restart with --no-restore-pid, or end that process first",
			 pid, comm, pid);
	return BLCR_EXIT_PIDINUSE;
}

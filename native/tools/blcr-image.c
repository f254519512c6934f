// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * blcr-image show FILE [--json]   decode a context file (CRIU's crit, for blcr)
 * blcr-image check FILE [--json] [--relocate OLD=NEW]...
 *                                 can this node restart it, and if not, what stands in the way
 * `blcr image show` and `blcr doctor --context` call this: one decoder for the format.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "restore.h"

const char *blcr_tool = "blcr-image";
int blcr_verbose;

static const char *vma_kind(uint32_t k)
{
	static const char *n[] = { "?", "anon", "file-private", "file-shared", "shmem", "vdso", "vvar", "vvar_vclock", "vsyscall" };

	return k < sizeof(n) / sizeof(n[0]) ? n[k] : "?";
}

static const char *fd_kind(uint32_t k)
{
	static const char *n[] = { "?", "file", "dir", "device", "tty", "inherit", "object", "memfd" };

	return k < sizeof(n) / sizeof(n[0]) ? n[k] : "?";
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static const char *obj_kind(uint32_t k)
{
	static const char *n[] = { "?", "file", "dir", "device", "pipe-read", "pipe-write", "shmem", "eventfd",
				    "signalfd", "timerfd", "epoll", "inotify", "unix-socket", "unlinked" };

	return k < sizeof(n) / sizeof(n[0]) ? n[k] : "?";
}

static const char *fd_target(const struct rimage *img, const struct rtask *t, const struct blcr_fd *f)
{
	static char buf[64];

	if (f->kind != BLCR_FD_OBJ)
		return rtask_str(t, f->path_str);
	if (img->objs[f->obj].kind == BLCR_OBJ_PIPE_R || img->objs[f->obj].kind == BLCR_OBJ_PIPE_W) {
		snprintf(buf, sizeof(buf), "pipe:[%llu] (object %u)",
			 (unsigned long long)img->pipes[img->objs[f->obj].pipe].ino, f->obj);
		return buf;
	}
	return rimage_gstr(img, img->objs[f->obj].path_str);
}

static const char *fd_kind_name(const struct rimage *img, const struct blcr_fd *f)
{
	return f->kind == BLCR_FD_OBJ ? obj_kind(img->objs[f->obj].kind) : fd_kind(f->kind);
}

static void show_text(struct rimage *img, const char *path)
{
	struct blcr_img_header *h = &img->r.hdr;
	uint64_t pages = 0, piped = 0;

	for (uint32_t ti = 0; ti < img->nr_tasks; ti++)
		for (uint64_t i = 0; i < img->tasks[ti].nr_vmas; i++)
			pages += img->tasks[ti].vmas[i].nr_pages;
	for (uint64_t i = 0; i < img->nr_pipes; i++)
		piped += img->pipes[i].data_len;
	printf("%s: blcr context, format %u, x86_64, kernel %s, host %s\n", path, h->version, h->kernel_release, h->hostname);
	printf("  %u process(es), %u sections, %" PRIu64 " bytes, %" PRIu64 " pages saved, %" PRIu64 " objects, %" PRIu64
	       " pipes (%" PRIu64 " bytes buffered), xstate %u bytes (XCR0 0x%" PRIx64 ")\n",
	       h->nr_tasks, h->nr_sections, h->file_size, pages, img->nr_objs, img->nr_pipes, piped, h->xstate_size, h->xfeatures);
	for (uint32_t ti = 0; ti < img->nr_tasks; ti++) {
		struct rtask *rt = &img->tasks[ti];
		struct blcr_task *t = rt->task;

		if (t->flags & BLCR_TASK_ZOMBIE) {
			printf("process %u \"%s\": ppid %u pgid %u sid %u, zombie (wait status 0x%x)\n", t->pid, t->comm, t->ppid,
			       t->pgid, t->sid, (unsigned int)t->exit_code);
			continue;
		}
		printf("process %u \"%s\": ppid %u pgid %u sid %u uid %u gid %u umask %03o, %u thread(s)%s\n", t->pid, t->comm,
		       t->ppid, t->pgid, t->sid, t->uid, t->gid, t->umask, t->nr_threads,
		       t->flags & BLCR_TASK_STOPPED ? ", stopped" : "");
		printf("  exe %s\n  cwd %s\n", rtask_str(rt, t->exe_str), rtask_str(rt, t->cwd_str));
		printf("  rip 0x%llx rsp 0x%llx fs_base 0x%llx, %" PRIu64 " pending signal(s), sigmask 0x%" PRIx64 "\n",
		       rt->regs->rip, rt->regs->rsp, rt->regs->fs_base, rt->nr_sigpending, t->main.sigmask);
		printf("  mappings (%" PRIu64 "):\n", rt->nr_vmas);
		for (uint64_t i = 0; i < rt->nr_vmas; i++) {
			struct blcr_vma *v = &rt->vmas[i];

			printf("    %012" PRIx64 "-%012" PRIx64 " %c%c%c %-12s %8" PRIu64 " pages  %s\n", v->start, v->end,
			       v->prot & PROT_READ ? 'r' : '-', v->prot & PROT_WRITE ? 'w' : '-', v->prot & PROT_EXEC ? 'x' : '-',
			       vma_kind(v->kind), v->nr_pages, rtask_str(rt, v->path_str));
		}
		printf("  file descriptors (%" PRIu64 "):\n", rt->nr_fds);
		for (uint64_t i = 0; i < rt->nr_fds; i++) {
			struct blcr_fd *f = &rt->fds[i];

			if (f->fd >= 0)
				printf("    %3d %-10s pos %-10" PRIu64 " flags 0%o  %s\n", f->fd, fd_kind_name(img, f),
				       f->kind == BLCR_FD_OBJ ? img->objs[f->obj].pos : f->pos, f->open_flags, fd_target(img, rt, f));
		}
	}
}

static void show_json(struct rimage *img, const char *path)
{
	struct blcr_img_header *h = &img->r.hdr;
	uint64_t pages = 0;

	for (uint32_t ti = 0; ti < img->nr_tasks; ti++)
		for (uint64_t i = 0; i < img->tasks[ti].nr_vmas; i++)
			pages += img->tasks[ti].vmas[i].nr_pages;
	printf("{\"file\":");
	json_str(path);
	printf(",\"format\":%u,\"arch\":\"x86_64\",\"kernelRelease\":", h->version);
	json_str(h->kernel_release);
	printf(",\"hostname\":");
	json_str(h->hostname);
	printf(",\"bytes\":%" PRIu64 ",\"pages\":%" PRIu64 ",\"xstateSize\":%u,\"xfeatures\":\"0x%" PRIx64 "\",\"pipes\":%" PRIu64
	       ",\"processes\":[", h->file_size, pages, h->xstate_size, h->xfeatures, img->nr_pipes);
	for (uint32_t ti = 0; ti < img->nr_tasks; ti++) {
		struct rtask *rt = &img->tasks[ti];
		struct blcr_task *t = rt->task;

		printf("%s{\"pid\":%u,\"comm\":", ti ? "," : "", t->pid);
		json_str(t->comm);
		if (t->flags & BLCR_TASK_ZOMBIE) {
			printf(",\"ppid\":%u,\"pgid\":%u,\"sid\":%u,\"zombie\":true,\"waitStatus\":%d}", t->ppid, t->pgid, t->sid,
			       t->exit_code);
			continue;
		}
		printf(",\"ppid\":%u,\"pgid\":%u,\"sid\":%u,\"uid\":%u,\"threads\":%u,\"exe\":", t->ppid, t->pgid, t->sid,
		       t->uid, t->nr_threads);
		json_str(rtask_str(rt, t->exe_str));
		printf(",\"cwd\":");
		json_str(rtask_str(rt, t->cwd_str));
		printf(",\"vmas\":[");
		for (uint64_t i = 0; i < rt->nr_vmas; i++) {
			struct blcr_vma *v = &rt->vmas[i];

			printf("%s{\"start\":\"0x%" PRIx64 "\",\"end\":\"0x%" PRIx64 "\",\"prot\":%u,\"kind\":\"%s\",\"pages\":%" PRIu64 ",\"path\":",
			       i ? "," : "", v->start, v->end, v->prot, vma_kind(v->kind), v->nr_pages);
			json_str(rtask_str(rt, v->path_str));
			putchar('}');
		}
		printf("],\"fds\":[");
		for (uint64_t i = 0, n = 0; i < rt->nr_fds; i++) {
			struct blcr_fd *f = &rt->fds[i];

			if (f->fd < 0)
				continue;
			printf("%s{\"fd\":%d,\"kind\":\"%s\",\"pos\":%" PRIu64 ",\"flags\":%u,\"path\":", n++ ? "," : "", f->fd,
			       fd_kind_name(img, f), f->kind == BLCR_FD_OBJ ? img->objs[f->obj].pos : f->pos, f->open_flags);
			json_str(fd_target(img, rt, f));
			putchar('}');
		}
		printf("]}");
	}
	printf("]}\n");
}

struct problem {
	const char *code;
	char msg[1024];
};

int main(int argc, char **argv)
{
	static struct restore_opts o;
	struct problem probs[8];
	int nprob = 0, json = 0, ret;
	const char *cmd, *path = NULL;
	struct rimage img;
	char why[1024];

	if (argc < 3 || (strcmp(argv[1], "show") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: blcr-image show|check FILE [--json] [--relocate OLD=NEW]...\n");
		return BLCR_EXIT_USAGE;
	}
	cmd = argv[1];
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--relocate") && i + 1 < argc && o.nr_relocs < BLCR_MAX_RELOC) {
			if ((ret = reloc_parse(argv[++i], &o.relocs[o.nr_relocs++], why, sizeof(why)))) {
				fprintf(stderr, "blcr-image: %s\n", why);
				return ret;
			}
		} else if (!path) {
			path = argv[i];
		} else {
			fprintf(stderr, "blcr-image: unexpected argument '%s'\n", argv[i]);
			return BLCR_EXIT_USAGE;
		}
	}
	ret = rimage_load(path, &img, why, sizeof(why));
	if (ret) {
		if (json && !strcmp(cmd, "check")) {
			printf("{\"file\":");
			json_str(path);
			printf(",\"restartable\":false,\"problems\":[{\"code\":\"%s\",\"message\":",
			       ret == BLCR_EXIT_BADARCH ? "BLCR_E_BAD_ARCH" : "BLCR_E_BAD_IMAGE");
			json_str(why);
			printf("}]}\n");
		} else {
			fprintf(stderr, "blcr-image: %s\n", why);
		}
		return ret;
	}
	if (!strcmp(cmd, "show")) {
		if (json)
			show_json(&img, path);
		else
			show_text(&img, path);
		return 0;
	}
	if (check_cpu(&img, probs[nprob].msg, sizeof(probs[0].msg)))
		probs[nprob++].code = "BLCR_E_CPU_MISMATCH";
	if (check_vdso(&img, probs[nprob].msg, sizeof(probs[0].msg)))
		probs[nprob++].code = "BLCR_E_VDSO_MISMATCH";
	if (check_files(&img, &o, probs[nprob].msg, sizeof(probs[0].msg)))
		probs[nprob++].code = "BLCR_E_FILE_CHANGED";
	if (check_pids_free(&img, probs[nprob].msg, sizeof(probs[0].msg)))
		probs[nprob++].code = "BLCR_E_PID_IN_USE";
	if (json) {
		printf("{\"file\":");
		json_str(path);
		printf(",\"restartable\":%s,\"pid\":%u,\"processes\":%u,\"kernelRelease\":", nprob ? "false" : "true",
		       img.tasks[0].task->pid, img.nr_tasks);
		json_str(img.r.hdr.kernel_release);
		printf(",\"problems\":[");
		for (int i = 0; i < nprob; i++) {
			printf("%s{\"code\":\"%s\",\"message\":", i ? "," : "", probs[i].code);
			json_str(probs[i].msg);
			putchar('}');
		}
		printf("]}\n");
	} else {
		if (!nprob)
			printf("%s: this node can restart it (pid %u, %u process(es), kernel %s)\n", path, img.tasks[0].task->pid,
			       img.nr_tasks, img.r.hdr.kernel_release);
		for (int i = 0; i < nprob; i++)
			printf("%s: %s\n", probs[i].code, probs[i].msg);
	}
	rimage_free(&img);
	return nprob ? 1 : 0;
}

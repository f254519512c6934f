// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory: classify every VMA, then stream the pages that must be saved (cr-mechanics §2):
 * present or swapped anonymous pages that are not zero, COWed pages of private file
 * mappings, the contents of shared anonymous memory, the vDSO (kept to check that the
 * restoring kernel has the same one). Never [vvar]/[vvar_vclock]/[vsyscall].
 */
#define _GNU_SOURCE
#define LOG_PREFIX "dump: "
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "dump-int.h"
#include "dump-objs.h"

#define PM_PRESENT	(1ULL << 63)
#define PM_SWAPPED	(1ULL << 62)
#define PM_FILE		(1ULL << 61)
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define CHUNK_PAGES	2048		/* 8 MiB per read */

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static int classify(struct dtask *t, const struct proc_vma *pv, struct blcr_vma *v)
{
	const char *p = pv->path;

	v->start = pv->start;
	v->end = pv->end;
	v->pgoff = pv->pgoff;
	v->prot = pv->prot;
	v->file = BLCR_NONE;
	if (proc_vmflag(pv, "gd"))
		v->flags |= BLCR_VMA_F_GROWSDOWN;
	if (proc_vmflag(pv, "hg"))
		v->flags |= BLCR_VMA_F_HUGEPAGE;
	if (proc_vmflag(pv, "nh"))
		v->flags |= BLCR_VMA_F_NOHUGEPAGE;
	if (proc_vmflag(pv, "dc"))
		v->flags |= BLCR_VMA_F_DONTFORK;
	if (proc_vmflag(pv, "dd"))
		v->flags |= BLCR_VMA_F_DONTDUMP;
	if (proc_vmflag(pv, "lo"))
		v->flags |= BLCR_VMA_F_LOCKED;
	if (proc_vmflag(pv, "wf"))
		v->flags |= BLCR_VMA_F_WIPEONFORK;
	if (proc_vmflag(pv, "ss") || proc_vmflag(pv, "sl")) {
		pr_err("pid %d: mapping %" PRIx64 "-%" PRIx64 " is a shadow stack or sealed: not supported\n",
		       t->pid, pv->start, pv->end);
		return BLCR_EXIT_NOSUPPORT;
	}
	if (!strcmp(p, "[vdso]")) {
		v->kind = BLCR_VMA_VDSO;
		t->vdso_start = pv->start;
		t->vdso_end = pv->end;
	} else if (!strcmp(p, "[vvar]")) {
		v->kind = BLCR_VMA_VVAR;
	} else if (!strcmp(p, "[vvar_vclock]")) {
		v->kind = BLCR_VMA_VVAR_VCLOCK;
	} else if (!strcmp(p, "[vsyscall]")) {
		v->kind = BLCR_VMA_VSYSCALL;
	} else if (!strncmp(p, "/SYSV", 5)) {
		pr_err("pid %d: mapping %" PRIx64 "-%" PRIx64 " is a SysV shared memory segment: not supported\n",
		       t->pid, pv->start, pv->end);
		return BLCR_EXIT_NOSUPPORT;
	} else if (p[0] != '/' || ends_with(p, " (deleted)") || !strncmp(p, "/memfd:", 7)) {
		/* anonymous, [heap], [stack], [anon:x], /dev/zero, memfd or an unlinked file */
		if (pv->shared) {
			v->kind = BLCR_VMA_SHMEM;
			v->shmem_obj = dump_objs_shmem(t->pid, pv->ino, pv->start, pv->end, pv->pgoff, p);
		} else {
			v->kind = BLCR_VMA_ANON;
			if (p[0] == '/')
				v->flags |= BLCR_VMA_F_DELETED;
		}
		if (!strcmp(p, "[heap]"))
			v->flags |= BLCR_VMA_F_HEAP;
		if (!strcmp(p, "[stack]"))
			v->flags |= BLCR_VMA_F_STACK;
		if (p[0])
			v->path_str = strtab_add(&t->strings, p);
	} else {
		char statpath[96];

		v->kind = pv->shared ? BLCR_VMA_FILE_SHARED : BLCR_VMA_FILE_PRIVATE;
		v->path_str = strtab_add(&t->strings, p);
		snprintf(statpath, sizeof(statpath), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64,
			 t->pid, pv->start, pv->end);
		v->file = dump_file_identity(t, p, statpath);
	}
	return 0;
}

int dump_collect_vmas(struct dtask *t, int ignore_unsupported)
{
	int ret = proc_read_vmas(t->pid, &t->pvmas);

	(void)ignore_unsupported;
	if (ret < 0) {
		errno = -ret;
		pr_perror("pid %d: cannot read /proc/%d/smaps", t->pid, t->pid);
		return BLCR_EXIT_PERM;
	}
	vec_init(&t->vmas, sizeof(struct blcr_vma));
	for (size_t i = 0; i < t->pvmas.len; i++) {
		struct blcr_vma *v = vec_push(&t->vmas);

		ret = classify(t, vec_at(&t->pvmas, struct proc_vma, i), v);
		if (ret)
			return ret;
	}
	return 0;
}

static uint64_t zero_pfn;

/* The PFN of the shared zero page: read-faulted anonymous pages map it. */
static void find_zero_pfn(void)
{
	static int done;
	volatile char *p;
	uint64_t e;
	int fd;

	if (done++)
		return;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	(void)p[0];
	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && pread(fd, &e, 8, (off_t)((uintptr_t)p / 4096 * 8)) == 8 && (e & PM_PRESENT))
		zero_pfn = e & PM_PFN_MASK;
	if (fd >= 0)
		close(fd);
	munmap((void *)p, 4096);
}

/* Data pages fail on their first word; only all-zero pages are read to the end. */
static int page_is_zero(const uint64_t *p)
{
	if (p[0])
		return 0;
	for (int i = 0; i < 512; i += 8)
		if (p[i] | p[i + 1] | p[i + 2] | p[i + 3] | p[i + 4] | p[i + 5] | p[i + 6] | p[i + 7])
			return 0;
	return 1;
}

struct pagestream {
	struct dtask *t;
	struct img_writer *w;
	struct blcr_vma *v;
	struct blcr_run *run;	/* open run, or NULL */
	uint64_t csum;
	uint64_t npages;
	char *bufs[2];		/* read buffers: one is filled while the writer drains the other */
	int slot;
};

/* A free read buffer (its last batch is on disk). */
static char *stream_buf(struct pagestream *s, int *err)
{
	*err = iw_async_wait(s->w, s->slot);
	return s->bufs[s->slot];
}

static void stream_submit(struct pagestream *s)
{
	if (iw_async_submit(s->w, s->slot))
		s->slot ^= 1;
}

/* Append pages [addr, addr+n*4K) from buf, dropping zero pages when allowed. */
static int emit(struct pagestream *s, uint64_t addr, const char *buf, uint64_t n, int skip_zero)
{
	for (uint64_t i = 0; i < n;) {
		uint64_t j = i;
		uint64_t va = addr + i * 4096;

		if (skip_zero && page_is_zero((const uint64_t *)(buf + i * 4096))) {
			s->run = NULL;
			i++;
			continue;
		}
		/* a stretch of pages to keep: hashed page by page, written in one piece */
		while (j < n && !(skip_zero && j > i && page_is_zero((const uint64_t *)(buf + j * 4096))))
			s->csum = blcr_hash64(buf + j++ * 4096, 4096, s->csum);
		if (!s->run || s->run->vaddr + s->run->nr_pages * 4096 != va) {
			s->run = vec_push(&s->t->runs);
			s->run->vaddr = va;
			s->run->data_off = iw_offset(s->w);
			s->v->nr_runs++;
		}
		s->run->nr_pages += j - i;
		s->v->nr_pages += j - i;
		s->npages += j - i;
		iw_async_queue(s->w, s->slot, buf + i * 4096, (j - i) * 4096);
		i = j;
	}
	return 0;
}

static int want_page(const struct blcr_vma *v, uint64_t e)
{
	if (v->kind == BLCR_VMA_VDSO)
		return 1;
	if (v->flags & BLCR_VMA_F_DELETED)
		return 1;	/* the file is gone: keep everything readable */
	if (e & PM_SWAPPED)
		return 1;
	if (!(e & PM_PRESENT))
		return 0;
	if (v->kind == BLCR_VMA_FILE_PRIVATE && (e & PM_FILE))
		return 0;	/* never written: the file still has it */
	if (v->kind == BLCR_VMA_ANON && zero_pfn && (e & PM_PFN_MASK) == zero_pfn)
		return 0;
	return 1;
}

static int dump_vma_pages(struct pagestream *s, int pm_fd)
{
	struct blcr_vma *v = s->v;
	uint64_t entries[CHUNK_PAGES];
	int skip_zero = v->kind == BLCR_VMA_ANON;
	char *buf;

	for (uint64_t addr = v->start; addr < v->end;) {
		uint64_t n = (v->end - addr) / 4096;

		if (n > CHUNK_PAGES)
			n = CHUNK_PAGES;
		if (pread(pm_fd, entries, n * 8, (off_t)(addr / 4096 * 8)) != (ssize_t)(n * 8)) {
			pr_perror("pid %d: reading pagemap at %" PRIx64, s->t->pid, addr);
			return BLCR_EXIT_IO;
		}
		for (uint64_t i = 0; i < n;) {
			uint64_t j = i;
			int ret;

			if (!want_page(v, entries[i])) {
				i++;
				s->run = NULL;
				continue;
			}
			while (j < n && want_page(v, entries[j]))
				j++;
			buf = stream_buf(s, &ret);
			if (ret)
				return ret == -ENOSPC ? BLCR_EXIT_NOSPC : BLCR_EXIT_IO;
			ret = infect_read(s->t->pid, addr + i * 4096, buf, (j - i) * 4096);
			if (ret == -EFAULT || ret == -EIO) {
				/* guard regions (6.13+) and unreadable holes: nothing to save */
				pr_debug("pid %d: unreadable range at %" PRIx64 ", skipped\n", s->t->pid, addr + i * 4096);
				i = j;
				s->run = NULL;
				continue;
			}
			if (ret) {
				errno = -ret;
				pr_perror("pid %d: reading memory at %" PRIx64, s->t->pid, addr + i * 4096);
				return BLCR_EXIT_IO;
			}
			emit(s, addr + i * 4096, buf, j - i, skip_zero);
			stream_submit(s);
			i = j;
		}
		addr += n * 4096;
	}
	return 0;
}

/* Shared memory: read the object itself (SEEK_DATA) so untouched holes are not faulted in. */
static int dump_shmem_pages(struct pagestream *s)
{
	char *buf;
	struct blcr_vma *v = s->v;
	char path[96];
	uint64_t len = v->end - v->start;
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64, s->t->pid, v->start, v->end);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		pr_perror("pid %d: cannot open shared memory %s", s->t->pid, path);
		return BLCR_EXIT_PERM;
	}
	for (uint64_t off = 0; off < len;) {
		off_t data = lseek(fd, (off_t)(v->pgoff + off), SEEK_DATA), hole;
		uint64_t n;

		if (data < 0 || (uint64_t)data >= v->pgoff + len)
			break;
		hole = lseek(fd, data, SEEK_HOLE);
		if (hole < 0 || (uint64_t)hole > v->pgoff + len)
			hole = (off_t)(v->pgoff + len);
		off = (uint64_t)data - v->pgoff;
		n = ((uint64_t)hole - (uint64_t)data) / 4096;
		while (n) {
			uint64_t k = n > CHUNK_PAGES ? CHUNK_PAGES : n;

			buf = stream_buf(s, &ret);
			if (ret || pread(fd, buf, k * 4096, (off_t)(v->pgoff + off)) != (ssize_t)(k * 4096)) {
				ret = BLCR_EXIT_IO;
				goto out;
			}
			emit(s, v->start + off, buf, k, 1);
			stream_submit(s);
			off += k * 4096;
			n -= k;
		}
		s->run = NULL;
	}
out:
	close(fd);
	return ret;
}

int dump_write_pages(struct dtask *t, struct img_writer *w, uint64_t *npages)
{
	struct pagestream s = { .t = t, .w = w };
	char path[64];
	int pm_fd, ret = 0;

	find_zero_pfn();
	vec_init(&t->runs, sizeof(struct blcr_run));
	snprintf(path, sizeof(path), "/proc/%d/pagemap", t->pid);
	pm_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pm_fd < 0) {
		pr_perror("pid %d: cannot open %s", t->pid, path);
		return BLCR_EXIT_PERM;
	}
	s.bufs[0] = aligned_alloc(4096, CHUNK_PAGES * 4096);
	s.bufs[1] = aligned_alloc(4096, CHUNK_PAGES * 4096);
	if (!s.bufs[0] || !s.bufs[1]) {
		ret = BLCR_EXIT_INTERNAL;
		goto out;
	}
	if (iw_pages_begin(w, t->index) || iw_async_start(w)) {
		ret = BLCR_EXIT_IO;
		goto out;
	}
	for (size_t i = 0; i < t->vmas.len && !ret; i++) {
		struct blcr_vma *v = vec_at(&t->vmas, struct blcr_vma, i);

		s.v = v;
		s.run = NULL;
		s.csum = 0;
		v->first_run = t->runs.len;
		switch (v->kind) {
		case BLCR_VMA_ANON:
		case BLCR_VMA_FILE_PRIVATE:
		case BLCR_VMA_VDSO:
			ret = dump_vma_pages(&s, pm_fd);
			break;
		case BLCR_VMA_SHMEM:
			/* shared by several mappings or processes: saved once, by the first */
			if (dump_objs_shmem_claim(v->shmem_obj, v->pgoff, v->end - v->start))
				ret = dump_shmem_pages(&s);
			break;
		default:
			break;
		}
		v->pages_csum = s.csum;
	}
	if (!ret) {
		uint64_t total = 0;

		for (size_t i = 0; i < t->vmas.len; i++)
			total = blcr_hash64(&vec_at(&t->vmas, struct blcr_vma, i)->pages_csum, 8, total);
		if ((ret = iw_pages_end(w, total)))
			ret = ret == -ENOSPC ? BLCR_EXIT_NOSPC : BLCR_EXIT_IO;
	}
	*npages = s.npages;
out:
	if (ret)
		iw_free(w);	/* stops the writer before the buffers go */
	free(s.bufs[0]);
	free(s.bufs[1]);
	close(pm_fd);
	return ret;
}

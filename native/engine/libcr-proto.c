// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding libcr's control block in a process (the load base of its libcr mapping plus
 * the value of the cri_ctl symbol in the library's .dynsym) and driving the callback
 * phase through it, before anything is frozen.
 */
#define _GNU_SOURCE
#define LOG_PREFIX ""
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "libcr-proto.h"
#include "util.h"

/* st_value of a symbol in an ELF file's .dynsym, 0 if absent. */
static uint64_t dynsym_value(const char *path, const char *name)
{
	Elf64_Ehdr eh;
	Elf64_Shdr *sh = NULL;
	uint64_t value = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0 || eh.e_shnum > 4096)
		goto out;
	sh = calloc(eh.e_shnum, sizeof(*sh));
	if (pread(fd, sh, eh.e_shnum * sizeof(*sh), (off_t)eh.e_shoff) != (ssize_t)(eh.e_shnum * sizeof(*sh)))
		goto out;
	for (int i = 0; i < eh.e_shnum && !value; i++) {
		Elf64_Shdr *sym = &sh[i], *str;
		Elf64_Sym *syms;
		char *strs;

		if (sym->sh_type != SHT_DYNSYM || sym->sh_link >= eh.e_shnum || sym->sh_size > (64u << 20))
			continue;
		str = &sh[sym->sh_link];
		if (str->sh_size > (64u << 20))
			continue;
		syms = malloc(sym->sh_size);
		strs = malloc(str->sh_size + 1);
		if (pread(fd, syms, sym->sh_size, (off_t)sym->sh_offset) == (ssize_t)sym->sh_size &&
		    pread(fd, strs, str->sh_size, (off_t)str->sh_offset) == (ssize_t)str->sh_size) {
			strs[str->sh_size] = 0;
			for (size_t k = 0; k < sym->sh_size / sizeof(*syms); k++)
				if (syms[k].st_name < str->sh_size && syms[k].st_shndx != SHN_UNDEF &&
				    !strcmp(strs + syms[k].st_name, name))
					value = syms[k].st_value;
		}
		free(syms);
		free(strs);
	}
out:
	free(sh);
	close(fd);
	return value;
}

static int is_libcr(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	/* libcr.so*, libcr_run.so*, libcr_omit.so* (not libcrypto.so) */
	return (!strncmp(base, "libcr.so", 8) || !strncmp(base, "libcr_run.so", 12) ||
		!strncmp(base, "libcr_omit.so", 13)) && !strstr(path, " (deleted)");
}

uint64_t libcr_find(pid_t pid, struct cri_ctl *out)
{
	char mpath[64], *maps, *l, lib[4096];
	uint64_t found = 0;

	snprintf(mpath, sizeof(mpath), "/proc/%d/maps", pid);
	maps = read_text_file(mpath, NULL);
	/*
	 * Every libcr flavour mapped (libcr.so linked, libcr_run/libcr_omit preloaded) has a
	 * cri_ctl, but they all use the one the dynamic linker bound first: take the
	 * instance whose magic is set.
	 */
	for (l = maps; l && *l && !found; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		uint64_t s, off, value, addr;
		struct iovec lo, ro;
		int n = 0;

		/* %*u%n, not "%*u %n": a path-less line must not run on into the next one */
		if (sscanf(l, "%" SCNx64 "-%*x %*s %" SCNx64 " %*s %*u%n", &s, &off, &n) < 2 || !n)
			continue;
		n += strspn(l + n, " ");
		snprintf(lib, sizeof(lib), "%.*s", (int)strcspn(l + n, "\n"), l + n);
		if (off != 0 || lib[0] != '/' || !is_libcr(lib) || !(value = dynsym_value(lib, CRI_CTL_SYMBOL)))
			continue;
		addr = s + value;
		lo.iov_base = out;
		lo.iov_len = sizeof(*out);
		ro.iov_base = (void *)addr;
		ro.iov_len = sizeof(*out);
		if (process_vm_readv(pid, &lo, 1, &ro, 1, 0) == sizeof(*out) && out->magic == CRI_CTL_MAGIC &&
		    out->version == CRI_CTL_VERSION)
			found = addr;
	}
	free(maps);
	return found;
}

static int write_mem(pid_t pid, uint64_t addr, const void *data, size_t len)
{
	struct iovec lo = { (void *)data, len }, ro = { (void *)addr, len };

	return process_vm_writev(pid, &lo, 1, &ro, 1, 0) == (ssize_t)len ? 0 : -errno;
}

int libcr_write_state(pid_t pid, uint64_t addr, int32_t state)
{
	return write_mem(pid, addr + offsetof(struct cri_ctl, state), &state, sizeof(state));
}

int libcr_request(pid_t pid, uint64_t addr, const struct cri_ctl *req, unsigned timeout_sec, int *omit)
{
	struct cri_ctl c;
	struct timespec t0, now;
	size_t head = offsetof(struct cri_ctl, requester), tail = offsetof(struct cri_ctl, restart_requester);

	*omit = 0;
	/* the request's details first, then the state that makes them valid */
	if (write_mem(pid, addr + head, (const char *)req + head, tail - head) ||
	    libcr_write_state(pid, addr, CRI_REQUESTED) || kill(pid, req->signum ? req->signum : SIGRTMAX)) {
		pr_perror("process %d: cannot ask libcr for a checkpoint", pid);
		return BLCR_EXIT_PERM;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct iovec lo = { &c, sizeof(c) }, ro = { (void *)addr, sizeof(c) };

		if (process_vm_readv(pid, &lo, 1, &ro, 1, 0) != sizeof(c)) {
			pr_err("process %d exited while its checkpoint callbacks ran\n", pid);
			return BLCR_EXIT_NOPROC;
		}
		if (c.state == CRI_READY) {
			*omit = c.omit;
			return 0;
		}
		if (c.state == CRI_FAILED) {
			int perm = c.failure & 2, code = (c.failure >> 16) & 0xff;

			pr_err("process %d: a checkpoint callback refused the checkpoint (%s failure%s%d)\n", pid,
			       perm ? "permanent" : "temporary", code ? ", code " : "", code);
			libcr_write_state(pid, addr, CRI_ABORT);
			return code ? code : perm ? 51 /* CR_EPERMFAIL */ : 50 /* CR_ETEMPFAIL */;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (timeout_sec && (now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000 >=
					   (long)timeout_sec * 1000) {
			libcr_write_state(pid, addr, CRI_ABORT);
			pr_err("process %d: checkpoint callbacks did not finish within %u s (-t); nothing was frozen, the process goes on\n",
			       pid, timeout_sec);
			return BLCR_EXIT_TIMEOUT;
		}
		usleep(1000);
	}
}

int libcr_mark_restarted(pid_t pid, uint64_t addr, const char *src)
{
	struct cri_ctl c;
	size_t off = offsetof(struct cri_ctl, restart_requester);

	memset(&c, 0, sizeof(c));
	c.restart_requester = (int32_t)getpid();
	snprintf(c.src, sizeof(c.src), "%s", src);
	if (write_mem(pid, addr + off, (const char *)&c + off, sizeof(c) - off))
		return -errno;
	return libcr_write_state(pid, addr, CRI_RESTART);
}

// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "proc.h"

static int parse_maps_line(const char *line, struct proc_vma *v)
{
	char perms[5] = "";
	int n = 0;

	memset(v, 0, sizeof(*v));
	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %" SCNu64 " %n",
		   &v->start, &v->end, perms, &v->pgoff, &v->dev_major, &v->dev_minor, &v->ino, &n) < 7)
		return -EINVAL;
	if (perms[0] == 'r')
		v->prot |= PROT_READ;
	if (perms[1] == 'w')
		v->prot |= PROT_WRITE;
	if (perms[2] == 'x')
		v->prot |= PROT_EXEC;
	v->shared = perms[3] == 's';
	if (n > 0) {
		const char *p = line + n;
		size_t len = strcspn(p, "\n");

		if (len >= sizeof(v->path))
			len = sizeof(v->path) - 1;
		memcpy(v->path, p, len);
		v->path[len] = 0;
	}
	return 0;
}

/* "start-end perms ...": smaps field lines are "Key:  value" instead. */
static int is_vma_header(const char *line)
{
	size_t tok = strcspn(line, " ");

	return tok > 2 && memchr(line, '-', tok) && !memchr(line, ':', tok) &&
	       isxdigit((unsigned char)line[0]);
}

int proc_read_vmas(pid_t pid, struct vec *out)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	struct proc_vma *cur = NULL;
	FILE *f;

	vec_init(out, sizeof(struct proc_vma));
	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		if (!strncmp(line, "VmFlags:", 8)) {
			if (cur) {
				snprintf(cur->vmflags, sizeof(cur->vmflags), " %s", line + 9);
				cur->vmflags[strcspn(cur->vmflags, "\n")] = ' ';
			}
			continue;
		}
		if (is_vma_header(line)) {
			struct proc_vma v;

			if (parse_maps_line(line, &v) == 0) {
				cur = vec_push(out);
				*cur = v;
			}
		}
	}
	free(line);
	fclose(f);
	return (int)out->len;
}

int proc_vmflag(const struct proc_vma *v, const char *flag)
{
	char pat[8];

	snprintf(pat, sizeof(pat), " %s ", flag);
	return strstr(v->vmflags, pat) != NULL;
}

int proc_read_stat(pid_t pid, pid_t tid, struct proc_stat *st)
{
	char path[64], *buf, *p, *comm_start;
	uint64_t f[64] = { 0 };	/* f[k] = field k of proc(5), 1-based */
	int k = 4;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	buf = read_text_file(path, NULL);
	if (!buf)
		return -errno;
	memset(st, 0, sizeof(*st));
	comm_start = strchr(buf, '(');
	p = strrchr(buf, ')');	/* comm may hold spaces and parentheses */
	if (!p || !comm_start || p[1] != ' ') {
		free(buf);
		return -EINVAL;
	}
	snprintf(st->comm, sizeof(st->comm), "%.*s", (int)(p - comm_start - 1), comm_start + 1);
	st->state = p[2];
	p += 3;
	while (*p && k < 64) {
		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			break;
		f[k++] = (uint64_t)strtoll(p, &p, 10);
	}
	free(buf);
	st->ppid = (pid_t)f[4];
	st->pgid = (pid_t)f[5];
	st->sid = (pid_t)f[6];
	st->start_code = f[26];
	st->end_code = f[27];
	st->start_stack = f[28];
	st->exit_signal = (int)f[38];
	st->start_data = f[45];
	st->end_data = f[46];
	st->start_brk = f[47];
	st->arg_start = f[48];
	st->arg_end = f[49];
	st->env_start = f[50];
	st->env_end = f[51];
	st->exit_code = (int)f[52];
	return 0;
}

int proc_status_field(pid_t pid, const char *key, char *out, size_t outlen)
{
	char path[64], *buf, *p;
	size_t klen = strlen(key);

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	buf = read_text_file(path, NULL);
	if (!buf)
		return -errno;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			const char *v = p + klen + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			snprintf(out, outlen, "%.*s", (int)strcspn(v, "\n"), v);
			free(buf);
			return 0;
		}
	}
	free(buf);
	return -ENOENT;
}

static int cmp_pid(const void *a, const void *b)
{
	return *(const pid_t *)a - *(const pid_t *)b;
}

int proc_list_threads(pid_t pid, struct vec *out)
{
	char path[64];
	struct dirent *de;
	DIR *d;

	vec_init(out, sizeof(pid_t));
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		pid_t tid = (pid_t)atoi(de->d_name);

		if (tid > 0)
			*(pid_t *)vec_push(out) = tid;
	}
	closedir(d);
	qsort(out->data, out->len, sizeof(pid_t), cmp_pid);
	/* the leader first */
	for (size_t i = 0; i < out->len; i++) {
		if (*vec_at(out, pid_t, i) == pid && i) {
			pid_t t = *vec_at(out, pid_t, 0);

			*vec_at(out, pid_t, 0) = pid;
			*vec_at(out, pid_t, i) = t;
		}
	}
	return (int)out->len;
}

int proc_list_children(pid_t pid, struct vec *out)
{
	struct vec threads;
	int ret = proc_list_threads(pid, &threads);

	vec_init(out, sizeof(pid_t));
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < threads.len; i++) {
		char path[96], *buf, *p;

		snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid, *vec_at(&threads, pid_t, i));
		buf = read_text_file(path, NULL);
		if (!buf)
			continue;
		for (p = buf; *p;) {
			long c = strtol(p, &p, 10);

			if (c > 0)
				*(pid_t *)vec_push(out) = (pid_t)c;
			while (*p == ' ' || *p == '\n')
				p++;
			if (c <= 0 && *p && !isdigit((unsigned char)*p))
				break;
		}
		free(buf);
	}
	vec_free(&threads);
	return (int)out->len;
}

int proc_read_fdinfo(pid_t pid, int fd, struct proc_fdinfo *fi)
{
	char path[64], *buf, *p;

	memset(fi, 0, sizeof(*fi));
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
	buf = read_text_file(path, NULL);
	if (!buf)
		return -errno;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, "pos:", 4)) {
			fi->pos = strtoull(p + 4, NULL, 10);
			fi->have_pos = 1;
		} else if (!strncmp(p, "flags:", 6)) {
			fi->flags = (uint32_t)strtoul(p + 6, NULL, 8);
		}
	}
	free(buf);
	return 0;
}

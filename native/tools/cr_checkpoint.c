// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cr_checkpoint [options] ID — BLCR's command line (shared/reference/blcr.md §1.1) on the
 * userspace engine. The context file is written to an unnamed O_TMPFILE in the target
 * directory, made durable, then linked and renamed into place: whatever happens to this
 * process, no partial context file is ever visible, and the target keeps running.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "dump.h"
#include "enabled.h"

const char *blcr_tool = "cr_checkpoint";
int blcr_verbose;

enum policy { P_ATOMIC, P_BACKUP, P_CLOBBER, P_NOCLOBBER };

struct opts {
	pid_t id;
	enum blcr_scope scope;
	const char *file;
	int out_fd;
	enum policy policy;
	const char *backup_name;
	int sig;
	int sync;
	unsigned timeout;
	int ignore_unsupported;
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: cr_checkpoint [options] ID\n"
"Checkpoint the process (or tree, group, session) ID to a context file.\n"
"\n"
"Scope (ID is a):\n"
"  -T, --tree            process and all its descendants (default)\n"
"  -p, --pid, --process  single process, with all its threads\n"
"  -g, --pgid, --group   process group\n"
"  -s, --sid, --session  session\n"
"Destination:\n"
"  -c, --cwd             context.ID in the current directory (default)\n"
"  -f, --file FILE       write to FILE\n"
"  -F, --fd FD           write to the open, seekable file descriptor FD\n"
"Replacing an existing file:\n"
"      --atomic          write a hidden temporary file, rename it into place (default)\n"
"      --backup[=NAME]   like --atomic, keeping the old file as NAME or FILE.~N~\n"
"      --clobber         write straight into FILE\n"
"      --noclobber       fail if FILE exists\n"
"After the checkpoint, send the checkpointed processes:\n"
"      --run             nothing: they continue (default)\n"
"  -S, --signal NUM      signal NUM\n"
"      --stop | --term | --abort | --kill | --cont\n"
"                        SIGSTOP, SIGTERM, SIGABRT, SIGKILL or SIGCONT\n"
"Other:\n"
"      --sync / --nosync fsync the file and its directory (default --sync)\n"
"  -t, --time SEC        give up after SEC seconds (0 = no limit)\n"
"      --ignore-unsupported  drop resources blcr cannot save instead of failing\n"
"      --save-exe, --save-private, --save-shared, --save-all, --save-none,\n"
"      --ptraced-error, --ptraced-skip, --ptraced-allow, --ptracer-error, --ptracer-skip,\n"
"      --kmsg-none, --kmsg-error, --kmsg-warning\n"
"                        accepted for BLCR compatibility\n"
"  -q, --quiet           no messages on stderr\n"
"  -v, --verbose         progress on stderr (repeat for more)\n"
"  -h, --help            this text\n"
"      --version         print the version\n"
"\n"
"Exit status: 0 success; 255 usage; 3 no such process; 1 not permitted; 52 a resource\n"
"that cannot be saved; 28 no space; 5 I/O error; 17 file exists (--noclobber);\n"
"73 not configured for this kernel (run ./configure).\n");
}

static int parse_signal(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s && !*end && v > 0 && v < NSIG)
		return (int)v;
	return -1;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_ATOMIC = 256, OPT_BACKUP, OPT_CLOBBER, OPT_NOCLOBBER, OPT_RUN, OPT_STOP, OPT_TERM, OPT_ABORT,
	       OPT_KILL, OPT_CONT, OPT_SYNC, OPT_NOSYNC, OPT_VERSION, OPT_IGNORE, OPT_COMPAT };
	static const struct option longopts[] = {
		{ "tree", no_argument, 0, 'T' }, { "pid", no_argument, 0, 'p' },
		{ "process", no_argument, 0, 'p' }, { "pgid", no_argument, 0, 'g' },
		{ "group", no_argument, 0, 'g' }, { "sid", no_argument, 0, 's' },
		{ "session", no_argument, 0, 's' }, { "cwd", no_argument, 0, 'c' },
		{ "file", required_argument, 0, 'f' }, { "fd", required_argument, 0, 'F' },
		{ "dir", required_argument, 0, 'd' }, { "atomic", no_argument, 0, OPT_ATOMIC },
		{ "backup", optional_argument, 0, OPT_BACKUP }, { "clobber", no_argument, 0, OPT_CLOBBER },
		{ "noclobber", no_argument, 0, OPT_NOCLOBBER }, { "run", no_argument, 0, OPT_RUN },
		{ "signal", required_argument, 0, 'S' }, { "stop", no_argument, 0, OPT_STOP },
		{ "term", no_argument, 0, OPT_TERM }, { "abort", no_argument, 0, OPT_ABORT },
		{ "kill", no_argument, 0, OPT_KILL }, { "cont", no_argument, 0, OPT_CONT },
		{ "sync", no_argument, 0, OPT_SYNC }, { "nosync", no_argument, 0, OPT_NOSYNC },
		{ "time", required_argument, 0, 't' }, { "quiet", no_argument, 0, 'q' },
		{ "verbose", no_argument, 0, 'v' }, { "help", no_argument, 0, 'h' },
		{ "version", no_argument, 0, OPT_VERSION },
		{ "ignore-unsupported", no_argument, 0, OPT_IGNORE },
		{ "save-exe", no_argument, 0, OPT_COMPAT }, { "save-private", no_argument, 0, OPT_COMPAT },
		{ "save-shared", no_argument, 0, OPT_COMPAT }, { "save-all", no_argument, 0, OPT_COMPAT },
		{ "save-none", no_argument, 0, OPT_COMPAT }, { "ptraced-error", no_argument, 0, OPT_COMPAT },
		{ "ptraced-skip", no_argument, 0, OPT_COMPAT }, { "ptraced-allow", no_argument, 0, OPT_COMPAT },
		{ "ptracer-error", no_argument, 0, OPT_COMPAT }, { "ptracer-skip", no_argument, 0, OPT_COMPAT },
		{ "kmsg-none", no_argument, 0, OPT_COMPAT }, { "kmsg-error", no_argument, 0, OPT_COMPAT },
		{ "kmsg-warning", no_argument, 0, OPT_COMPAT },
		{ 0, 0, 0, 0 },
	};
	int c, dests = 0;
	char *end;

	memset(o, 0, sizeof(*o));
	o->scope = BLCR_SCOPE_TREE;
	o->out_fd = -1;
	o->sync = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f:d:F:S:pgsTct:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'T': o->scope = BLCR_SCOPE_TREE; break;
		case 'p': o->scope = BLCR_SCOPE_PROC; break;
		case 'g': o->scope = BLCR_SCOPE_PGRP; break;
		case 's': o->scope = BLCR_SCOPE_SESS; break;
		case 'c': dests++; o->file = NULL; break;
		case 'f': dests++; o->file = optarg; break;
		case 'F':
			dests++;
			o->out_fd = (int)strtol(optarg, &end, 10);
			if (*end || o->out_fd < 0) {
				pr_err("--fd wants a file descriptor number, got '%s'\n", optarg);
				return BLCR_EXIT_USAGE;
			}
			break;
		case 'd':
			pr_err("-d/--dir is not implemented (as in BLCR); use -f FILE\n");
			return BLCR_EXIT_USAGE;
		case OPT_ATOMIC: o->policy = P_ATOMIC; break;
		case OPT_BACKUP: o->policy = P_BACKUP; o->backup_name = optarg; break;
		case OPT_CLOBBER: o->policy = P_CLOBBER; break;
		case OPT_NOCLOBBER: o->policy = P_NOCLOBBER; break;
		case OPT_RUN: o->sig = 0; break;
		case 'S':
			if ((o->sig = parse_signal(optarg)) < 0) {
				pr_err("invalid signal number '%s' (want 1..%d)\n", optarg, NSIG - 1);
				return BLCR_EXIT_USAGE;
			}
			break;
		case OPT_STOP: o->sig = SIGSTOP; break;
		case OPT_TERM: o->sig = SIGTERM; break;
		case OPT_ABORT: o->sig = SIGABRT; break;
		case OPT_KILL: o->sig = SIGKILL; break;
		case OPT_CONT: o->sig = SIGCONT; break;
		case OPT_SYNC: o->sync = 1; break;
		case OPT_NOSYNC: o->sync = 0; break;
		case 't':
			o->timeout = (unsigned)strtoul(optarg, &end, 10);
			if (*end) {
				pr_err("--time wants seconds, got '%s'\n", optarg);
				return BLCR_EXIT_USAGE;
			}
			break;
		case 'q': blcr_verbose = -1; break;
		case 'v': if (blcr_verbose >= 0) blcr_verbose++; break;
		case 'h': usage(stdout); exit(0);
		case OPT_VERSION: printf("cr_checkpoint version %s\n", BLCR_VERSION); exit(0);
		case OPT_IGNORE: o->ignore_unsupported = 1; break;
		case OPT_COMPAT: break;
		default:
			pr_err("unknown option '%s'; see cr_checkpoint --help\n", argv[optind - 1]);
			return BLCR_EXIT_USAGE;
		}
	}
	if (dests > 1) {
		pr_err("conflicting destinations: give only one of -c, -f, -F\n");
		return BLCR_EXIT_USAGE;
	}
	if (optind != argc - 1) {
		if (optind == argc)
			pr_err("missing the ID of the process to checkpoint; see cr_checkpoint --help\n");
		else
			pr_err("too many arguments: exactly one ID is expected\n");
		return BLCR_EXIT_USAGE;
	}
	o->id = (pid_t)strtol(argv[optind], &end, 10);
	if (*end || o->id <= 0) {
		pr_err("'%s' is not a process id\n", argv[optind]);
		return BLCR_EXIT_USAGE;
	}
	return 0;
}

static int fsync_dir(const char *path)
{
	char buf[PATH_MAX];
	int fd, ret = 0;

	snprintf(buf, sizeof(buf), "%s", path);
	fd = open(dirname(buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fsync(fd) && errno != EINVAL && errno != EROFS)
		ret = -errno;
	close(fd);
	return ret;
}

/* Opens where the image goes; for --atomic/--backup an unnamed file in the same directory. */
static int open_output(const struct opts *o, const char *path, int *named)
{
	char dir[PATH_MAX];
	int fd;

	*named = 0;
	if (o->out_fd >= 0) {
		if (lseek(o->out_fd, 0, SEEK_CUR) < 0) {
			pr_err("--fd %d: the context file must be seekable (a regular file), not a pipe\n", o->out_fd);
			return -BLCR_EXIT_USAGE;
		}
		return o->out_fd;
	}
	if (o->policy == P_NOCLOBBER || o->policy == P_CLOBBER) {
		int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (o->policy == P_NOCLOBBER ? O_EXCL : 0);

		fd = open(path, flags, 0400);
		if (fd < 0 && errno == EACCES && o->policy == P_CLOBBER && !unlink(path))
			fd = open(path, flags, 0400);
		if (fd < 0) {
			int e = errno;

			pr_perror("cannot create %s", path);
			return e == EEXIST ? -BLCR_EXIT_EXIST : e == ENOSPC ? -BLCR_EXIT_NOSPC : -BLCR_EXIT_IO;
		}
		*named = 1;
		return fd;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	fd = open(dirname(dir), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0400);
	if (fd < 0) {
		pr_perror("cannot create a file in %s", dir);
		return errno == ENOSPC ? -BLCR_EXIT_NOSPC : errno == ENOENT || errno == ENOTDIR ? -BLCR_EXIT_USAGE
								: -BLCR_EXIT_IO;
	}
	return fd;
}

/* Link the finished unnamed file in; --backup keeps the old one first. */
static int publish(const struct opts *o, int fd, const char *path)
{
	char tmp[PATH_MAX], proc[64], dir[PATH_MAX], base[PATH_MAX];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(base, sizeof(base), "%s", path);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp.%d", dirname(dir), basename(base), getpid());
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW)) {
		pr_perror("cannot link the context file into place as %s", tmp);
		return BLCR_EXIT_IO;
	}
	if (o->policy == P_BACKUP && !lstat(path, &st)) {
		char bak[PATH_MAX + 32];

		if (o->backup_name) {
			snprintf(bak, sizeof(bak), "%s", o->backup_name);
		} else {
			for (int n = 1;; n++) {
				snprintf(bak, sizeof(bak), "%s.~%d~", path, n);
				if (lstat(bak, &st))
					break;
			}
		}
		if (rename(path, bak)) {
			pr_perror("cannot keep the old context file as %s", bak);
			unlink(tmp);
			return BLCR_EXIT_IO;
		}
	}
	if (rename(tmp, path)) {
		pr_perror("cannot rename %s to %s", tmp, path);
		unlink(tmp);
		return BLCR_EXIT_IO;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct dump_opts d;
	struct dump_result res;
	struct opts o;
	char path[PATH_MAX];
	sigset_t block, old;
	int ret, fd, named;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;
	ret = blcr_check_enabled(argv[0]);
	if (ret)
		return ret;
	if (o.file)
		snprintf(path, sizeof(path), "%s", o.file);
	else
		snprintf(path, sizeof(path), "context.%d", o.id);
	if (o.out_fd < 0 && o.policy == P_ATOMIC) {
		struct stat st;

		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			pr_err("%s is a directory; give a file name with -f\n", path);
			return BLCR_EXIT_USAGE;
		}
	}
	/* no interruption while registers may be borrowed: handled after release */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGPIPE);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (o.timeout)
		alarm(o.timeout + 30);	/* the callback phase honours -t itself; this is the backstop */

	fd = open_output(&o, path, &named);
	if (fd < 0)
		return -fd;
	memset(&d, 0, sizeof(d));
	d.id = o.id;
	d.scope = o.scope;
	d.out_fd = fd;
	d.signal_after = o.sig;
	d.ignore_unsupported = o.ignore_unsupported;
	d.timeout_sec = o.timeout;
	/* libcr's cr_get_checkpoint_info() reports the full path, as BLCR did */
	{
		static char full[PATH_MAX + 2];
		char dir[PATH_MAX], base[PATH_MAX], *rdir;

		snprintf(dir, sizeof(dir), "%s", path);
		snprintf(base, sizeof(base), "%s", path);
		rdir = realpath(dirname(dir), NULL);
		snprintf(full, sizeof(full), "%s/%s", rdir ? rdir : ".", basename(base));
		free(rdir);
		d.dest = o.out_fd >= 0 ? "" : full;
	}
	ret = blcr_dump(&d, &res);
	if (!ret && o.sync && fsync(fd)) {
		pr_perror("fsync of the context file");
		ret = errno == ENOSPC ? BLCR_EXIT_NOSPC : BLCR_EXIT_IO;
	}
	if (!ret && !named && o.out_fd < 0)
		ret = publish(&o, fd, path);
	if (!ret && o.sync && o.out_fd < 0)
		fsync_dir(path);
	if (ret) {
		blcr_dump_release(0, 0);	/* the target goes on untouched */
		if (named)
			unlink(path);
	} else {
		pr_info("checkpointed %d process(es): %llu pages, %llu bytes, frozen %.3f ms\n", res.nr_tasks,
			(unsigned long long)res.pages, (unsigned long long)res.bytes, blcr_dump_freeze_ns() / 1e6);
		blcr_dump_release(o.sig, 1);
	}
	if (o.out_fd < 0)
		close(fd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

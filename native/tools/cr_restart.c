// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cr_restart [options] [FILE] — BLCR's command line (shared/reference/blcr.md §1.2).
 * On success it becomes the restored process's parent and exits as it exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "blcr/exitcodes.h"
#include "blcr/log.h"
#include "enabled.h"
#include "restore.h"

const char *blcr_tool = "cr_restart";
int blcr_verbose;

enum { H_SUCCESS, H_ARGS, H_TEMP, H_ENV, H_PERM, H_NR };

static void usage(FILE *f)
{
	fprintf(f,
"Usage: cr_restart [options] FILE\n"
"Restart the process(es) saved in the context FILE.\n"
"\n"
"Source:\n"
"  -f, --file FILE       read FILE (same as the positional argument)\n"
"  -F, --fd FD           read the context from open file descriptor FD\n"
"Signal to the restarted processes:\n"
"      --run             none (default)\n"
"  -S, --signal NUM      signal NUM\n"
"      --stop | --term | --abort | --kill | --cont\n"
"Identifiers:\n"
"      --restore-pid     restore the original pid (default; needs CAP_CHECKPOINT_RESTORE)\n"
"      --no-restore-pid  take a new pid\n"
"      --restore-pgid    restore process groups (the group ids must be free)\n"
"      --no-restore-pgid join cr_restart's process group (default)\n"
"      --restore-sid     restore sessions (session leaders call setsid)\n"
"      --no-restore-sid  join cr_restart's session (default)\n"
"Files:\n"
"      --relocate OLD=NEW  paths under OLD are looked up under NEW (up to 16)\n"
"Hooks (a non-zero status of the hook becomes cr_restart's):\n"
"      --run-on-success=CMD, --run-on-fail-args=CMD, --run-on-fail-temp=CMD,\n"
"      --run-on-fail-env=CMD, --run-on-fail-perm=CMD, --run-on-failure=CMD\n"
"Other:\n"
"      --no-verify       skip page checksum verification\n"
"      --omit-maybe, --omit-always, --omit-never, --kmsg-none, --kmsg-error,\n"
"      --kmsg-warning    accepted for BLCR compatibility\n"
"  -q, --quiet           no messages on stderr\n"
"  -h, --help            this text\n"
"  -v, --version         print the version\n"
"\n"
"On success cr_restart exits with the restored process's status (or its signal).\n"
"Failures: 255 usage; 70 not a context file, truncated or corrupted; 55 other CPU or\n"
"architecture; 72 this kernel cannot restore it (vDSO); 71 a file moved or changed;\n"
"16 the pid is in use; 1 not permitted; 73 not configured for this kernel; 74 restore failed.\n");
}

static int hook_class(int code)
{
	switch (code) {
	case BLCR_EXIT_USAGE: case BLCR_EXIT_BADIMG: return H_ARGS;
	case BLCR_EXIT_PIDINUSE: return H_TEMP;
	case BLCR_EXIT_PERM: case BLCR_EXIT_FILECHANGED: case BLCR_EXIT_NOTCONF: return H_ENV;
	default: return H_PERM;
	}
}

int main(int argc, char **argv)
{
	enum { OPT_RUN = 256, OPT_STOP, OPT_TERM, OPT_ABORT, OPT_KILL, OPT_CONT, OPT_RPID, OPT_NORPID, OPT_RELOC,
	       OPT_NOVERIFY, OPT_HOOK_S, OPT_HOOK_A, OPT_HOOK_T, OPT_HOOK_E, OPT_HOOK_P, OPT_HOOK_F, OPT_COMPAT,
	       OPT_PGID, OPT_NOPGID, OPT_SID, OPT_NOSID };
	static const struct option longopts[] = {
		{ "help", no_argument, 0, 'h' }, { "version", no_argument, 0, 'v' },
		{ "quiet", no_argument, 0, 'q' }, { "file", required_argument, 0, 'f' },
		{ "fd", required_argument, 0, 'F' }, { "dir", required_argument, 0, 'd' },
		{ "run", no_argument, 0, OPT_RUN }, { "signal", required_argument, 0, 'S' },
		{ "stop", no_argument, 0, OPT_STOP }, { "freeze", no_argument, 0, OPT_STOP },
		{ "term", no_argument, 0, OPT_TERM }, { "abort", no_argument, 0, OPT_ABORT },
		{ "kill", no_argument, 0, OPT_KILL }, { "cont", no_argument, 0, OPT_CONT },
		{ "restore-pid", no_argument, 0, OPT_RPID }, { "no-restore-pid", no_argument, 0, OPT_NORPID },
		{ "relocate", required_argument, 0, OPT_RELOC }, { "no-verify", no_argument, 0, OPT_NOVERIFY },
		{ "run-on-success", required_argument, 0, OPT_HOOK_S },
		{ "run-on-fail-args", required_argument, 0, OPT_HOOK_A },
		{ "run-on-fail-temp", required_argument, 0, OPT_HOOK_T },
		{ "run-on-fail-env", required_argument, 0, OPT_HOOK_E },
		{ "run-on-fail-perm", required_argument, 0, OPT_HOOK_P },
		{ "run-on-failure", required_argument, 0, OPT_HOOK_F },
		{ "restore-pgid", no_argument, 0, OPT_PGID }, { "no-restore-pgid", no_argument, 0, OPT_NOPGID },
		{ "restore-sid", no_argument, 0, OPT_SID }, { "no-restore-sid", no_argument, 0, OPT_NOSID },
		{ "omit-maybe", no_argument, 0, OPT_COMPAT }, { "omit-always", no_argument, 0, OPT_COMPAT },
		{ "omit-never", no_argument, 0, OPT_COMPAT }, { "kmsg-none", no_argument, 0, OPT_COMPAT },
		{ "kmsg-error", no_argument, 0, OPT_COMPAT }, { "kmsg-warning", no_argument, 0, OPT_COMPAT },
		{ 0, 0, 0, 0 },
	};
	static struct restore_opts o;
	const char *hooks[H_NR] = { 0 }, *file = NULL;
	char fdpath[64], why[512], *end;
	int c, sources = 0, ret;

	o.restore_pid = 1;
	o.verify = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+qvhS:F:d:f:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return 0;
		case 'v': printf("cr_restart version %s\n", BLCR_VERSION); return 0;
		case 'q': blcr_verbose = -1; break;
		case 'f': file = optarg; sources++; break;
		case 'F': {
			long fd = strtol(optarg, &end, 10);

			if (*end || fd < 0) {
				pr_err("--fd wants a file descriptor number, got '%s'\n", optarg);
				ret = BLCR_EXIT_USAGE;
				goto fail;
			}
			snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%ld", fd);
			file = fdpath;
			sources++;
			break;
		}
		case 'd':
			pr_err("-d/--dir is not implemented (as in BLCR); give the context file\n");
			ret = BLCR_EXIT_USAGE;
			goto fail;
		case OPT_RUN: o.signal_after = 0; break;
		case 'S': {
			long v = strtol(optarg, &end, 10);

			if (*end || v <= 0 || v >= NSIG) {
				pr_err("invalid signal number '%s' (want 1..%d)\n", optarg, NSIG - 1);
				ret = BLCR_EXIT_USAGE;
				goto fail;
			}
			o.signal_after = (int)v;
			break;
		}
		case OPT_STOP: o.signal_after = SIGSTOP; break;
		case OPT_TERM: o.signal_after = SIGTERM; break;
		case OPT_ABORT: o.signal_after = SIGABRT; break;
		case OPT_KILL: o.signal_after = SIGKILL; break;
		case OPT_CONT: o.signal_after = SIGCONT; break;
		case OPT_RPID: o.restore_pid = 1; break;
		case OPT_NORPID: o.restore_pid = 0; break;
		case OPT_NOVERIFY: o.verify = 0; break;
		case OPT_RELOC:
			if (o.nr_relocs >= BLCR_MAX_RELOC) {
				pr_err("at most %d --relocate pairs\n", BLCR_MAX_RELOC);
				ret = BLCR_EXIT_USAGE;
				goto fail;
			}
			if ((ret = reloc_parse(optarg, &o.relocs[o.nr_relocs], why, sizeof(why)))) {
				pr_err("%s\n", why);
				goto fail;
			}
			o.nr_relocs++;
			break;
		case OPT_HOOK_S: hooks[H_SUCCESS] = optarg; break;
		case OPT_HOOK_A: hooks[H_ARGS] = optarg; break;
		case OPT_HOOK_T: hooks[H_TEMP] = optarg; break;
		case OPT_HOOK_E: hooks[H_ENV] = optarg; break;
		case OPT_HOOK_P: hooks[H_PERM] = optarg; break;
		case OPT_HOOK_F: hooks[H_ARGS] = hooks[H_TEMP] = hooks[H_ENV] = hooks[H_PERM] = optarg; break;
		case OPT_PGID: o.restore_pgid = 1; break;
		case OPT_NOPGID: o.restore_pgid = 0; break;
		case OPT_SID: o.restore_sid = 1; break;
		case OPT_NOSID: o.restore_sid = 0; break;
		case OPT_COMPAT: break;
		default:
			pr_err("unknown option '%s'; see cr_restart --help\n", argv[optind - 1]);
			ret = BLCR_EXIT_USAGE;
			goto fail;
		}
	}
	if (optind < argc) {
		file = argv[optind++];
		sources++;
	}
	if (sources != 1 || optind < argc) {
		if (sources)
			pr_err("give exactly one context file\n");
		else
			pr_err("missing the context file to restart; see cr_restart --help\n");
		ret = BLCR_EXIT_USAGE;
		goto fail;
	}
	if ((ret = blcr_check_enabled(argv[0])))
		goto fail;
	o.path = file;
	o.on_success = hooks[H_SUCCESS];
	ret = blcr_restore(&o);
fail:
	{
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	}
	if (hooks[hook_class(ret)]) {
		int st = system(hooks[hook_class(ret)]);

		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st))
			return WEXITSTATUS(st);
	}
	return ret;
}

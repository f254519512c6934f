// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * self-checkpoint FILE|- [AT [tree]]: counts; at count AT (default 5) checkpoints ITSELF with
 * cr_request_checkpoint (scope PROC, or TREE; FILE opened as cr_fd, or "-" = CR_DEST_CWD) and
 * reaps it: "reap continue count=N" the first time, "reap restarted count=N" when this is
 * the restart of that image (errno CR_ERESTARTED). Then it counts on. SIGUSR2 ends it.
 */
#include <errno.h>
#include <fcntl.h>
#include "crtest.h"

int main(int argc, char **argv)
{
	long count = 0, at = argc > 2 ? atol(argv[2]) : 5;
	cr_checkpoint_args_t args;
	cr_checkpoint_handle_t h;
	int fd = -1, rc;

	crt_init();
	if (argc < 2)
		crt_die("usage: self-checkpoint FILE|- [AT]");
	if (cr_init() < 0)
		crt_die("cr_init: %s", cr_strerror(errno));
	crt_ready();
	while (!crt_stop) {
		count++;
		printf("count %ld\n", count);
		if (count == at) {
			if (strcmp(argv[1], "-")) {
				fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
				if (fd < 0)
					crt_die("open %s: %s", argv[1], strerror(errno));
			}
			cr_initialize_checkpoint_args_t(&args);
			args.cr_scope = argc > 3 && !strcmp(argv[3], "tree") ? CR_SCOPE_TREE : CR_SCOPE_PROC;
			args.cr_target = 0;
			args.cr_fd = fd >= 0 ? fd : CR_DEST_CWD;
			if (cr_request_checkpoint(&args, &h) < 0)
				crt_die("cr_request_checkpoint: %s", cr_strerror(errno));
			do
				rc = cr_wait_checkpoint(&h, NULL);
			while (rc < 0 && errno == EINTR);
			if (rc <= 0)
				crt_die("cr_wait_checkpoint: rc=%d %s", rc, cr_strerror(errno));
			rc = cr_reap_checkpoint(&h);
			if (rc > 0)
				printf("reap continue count=%ld\n", count);
			else if (errno == CR_ERESTARTED)
				printf("reap restarted count=%ld\n", count);
			else
				crt_die("cr_reap_checkpoint: %s", cr_strerror(errno));
			if (fd >= 0)
				close(fd);
			fd = -1;
		}
		crt_sleep(20);
	}
	printf("result pass count=%ld\n", count);
	return 0;
}

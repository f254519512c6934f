// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * echo-client PORT: exchanges numbered lines with an echo server on 127.0.0.1:PORT, each
 * exchange inside a critical section. Its thread-context callback closes the socket
 * before the checkpoint and reconnects after it (continue or restart): the TCP
 * connection is never part of the image. SIGUSR2: "result pass count=N", exit 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "crtest.h"

static int port, sock = -1;
static long count;

static int dial(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a)) < 0)
		crt_die("connect to port %d: %s", port, strerror(errno));
	return s;
}

static int on_checkpoint(void *arg)
{
	int rc;

	(void)arg;
	close(sock);
	sock = -1;
	printf("cb closed count=%ld\n", count);
	rc = cr_checkpoint(CR_CHECKPOINT_READY);
	if (rc < 0)
		printf("cb failed rc=%d\n", rc);
	sock = dial();
	printf("cb reconnected rc=%d count=%ld\n", rc, count);
	return 0;
}

static void exchange(void)
{
	char out[64], in[64];
	int n = snprintf(out, sizeof(out), "msg %ld\n", count + 1), got = 0;

	if (write(sock, out, n) != n)
		crt_die("write: %s", strerror(errno));
	while (got < n) {
		int r = read(sock, in + got, n - got);

		if (r <= 0)
			crt_die("read: %s", r ? strerror(errno) : "EOF");
		got += r;
	}
	if (memcmp(in, out, n))
		crt_die("echo mismatch at %ld", count + 1);
	count++;
}

int main(int argc, char **argv)
{
	cr_client_id_t id;

	crt_init();
	if (argc < 2)
		crt_die("usage: echo-client PORT");
	port = atoi(argv[1]);
	id = cr_init();
	if (id < 0)
		crt_die("cr_init: %s", cr_strerror(errno));
	sock = dial();
	if (cr_register_callback(on_checkpoint, NULL, CR_THREAD_CONTEXT) < 0)
		crt_die("cr_register_callback: %s", cr_strerror(errno));
	crt_ready();
	while (!crt_stop) {
		cr_enter_cs(id);
		exchange();
		cr_leave_cs(id);
		if (count % 10 == 0)
			printf("count %ld\n", count);
		crt_sleep(10);
	}
	printf("result pass count=%ld\n", count);
	return 0;
}

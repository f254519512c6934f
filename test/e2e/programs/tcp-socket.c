// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcp-socket: holds a listening TCP socket on 127.0.0.1 (a resource blcr refuses).
 * The checkpoint must fail with 52 and leave this process untouched: on SIGUSR2 it
 * checks the socket still accepts a connection from itself.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "zdtm.h"

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), c, acc;

	zdtm_init();
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 1) ||
	    getsockname(s, (struct sockaddr *)&a, &len))
		zdtm_fail("cannot set up the socket");
	printf("fd %d\n", s);
	zdtm_ready();
	zdtm_wait();
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&a, sizeof(a)) || (acc = accept(s, NULL, NULL)) < 0)
		zdtm_fail("the listening socket no longer works");
	zdtm_pass("socket works");
}

/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The greeting probes (smtp: "220", imap: "* OK"): their probe lines and
 * real connections to a server on 127.0.0.1 that sends what a mail
 * server greets with, and what one refusing sends.  The live postfix and
 * dovecot are started by the e2e test verify_start_mail.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "jailtrim/probe.h"
#include "tap.h"

/* A server on 127.0.0.1 that greets one client with text; its port. */
static int
serve(const char *text, pid_t *pid)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	char buf[64];
	int fd, c;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 1) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		perror("test_probe_greeting: socket");
		exit(1);
	}
	if ((*pid = fork()) == 0) {
		if ((c = accept(fd, NULL, NULL)) != -1 &&
		    write(c, text, strlen(text)) == (ssize_t)strlen(text))
			(void)shutdown(c, SHUT_WR);
		/* until the probe has read and closed */
		while (c != -1 && read(c, buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	close(fd);
	return (ntohs(sa.sin_port));
}

static void
greets(const char *kind, const char *text, int want, const char *msg)
{
	struct jt_probe *p = NULL;
	struct jt_err err = { 0 };
	char spec[64], detail[256] = "";
	pid_t pid;
	int rc, st;

	snprintf(spec, sizeof(spec), "%s %d", kind, serve(text, &pid));
	if (jt_probe_parse(&p, spec, &err) != 0) {
		ok(0, "parses '%s': %s", spec, err.msg);
		(void)kill(pid, SIGKILL);
	} else {
		rc = jt_probe_once(p, "127.0.0.1", 5000, detail,
		    sizeof(detail), &err);
		if (want == 0)
			ok(rc == 0 && strcmp(detail, msg) == 0, "%s: %s",
			    kind, rc == 0 ? detail : err.msg);
		else
			ok(rc != 0 && strstr(err.msg, msg) != NULL,
			    "%s refused: %s", kind, rc != 0 ? err.msg : detail);
	}
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	jt_probe_free(p);
}

static void
test_parse(void)
{
	struct jt_probe *p = NULL;
	struct jt_err err;

	ok(jt_probe_parse(&p, "smtp 25", &err) == 0 && p != NULL,
	    "parses 'smtp 25'");
	jt_probe_free(p);
	p = NULL;
	ok(jt_probe_parse(&p, "imap 143", &err) == 0 && p != NULL,
	    "parses 'imap 143'");
	jt_probe_free(p);
	p = NULL;
	ok(jt_probe_parse(&p, "imap 143 OK", &err) == JT_EINVAL &&
	    strstr(err.msg, "too many arguments (imap PORT)") != NULL,
	    "the greeting is the protocol's, not an argument: %s", err.msg);
	ok(jt_probe_kind_ok("smtp") && jt_probe_kind_ok("imap"),
	    "smtp and imap are kinds");
}

int
main(void)
{
	test_parse();
	greets("smtp", "220 mx.example ESMTP Postfix\r\n", 0,
	    "banner 220 mx.example ESMTP Postfix");
	greets("smtp", "554 5.7.1 no service\r\n", JT_EFORMAT,
	    "banner '554 5.7.1 no service', wanted one starting '220'");
	greets("imap", "* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n", 0,
	    "banner * OK [CAPABILITY IMAP4rev1] Dovecot ready.");
	greets("imap", "* BYE Too many connections\r\n", JT_EFORMAT,
	    "banner '* BYE Too many connections', wanted one starting '* OK'");
	return (tap_done());
}

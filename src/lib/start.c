/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Starting a jail: what does not depend on the host's isolation.  See
 * start_int.h for the processes and the pipes between them.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jailtrim/accounts.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/probe.h"
#include "jailtrim/source.h"
#include "jailtrim/start.h"
#include "start_int.h"
#include "util.h"

#define OUTPUT_MAX	(64 * 1024)
#define LINE_MAX_	1024

void
jt_start_result_free(struct jt_start_result *res)
{
	if (res == NULL)
		return;
	free(res->why);
	for (size_t i = 0; i < res->nprobes; i++)
		free(res->probes[i]);
	free(res->probes);
	for (size_t i = 0; i < res->nprocs; i++)
		free(res->procs[i]);
	free(res->procs);
	free(res->output);
	memset(res, 0, sizeof(*res));
}

long long
start_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* ---- accounts: the jail's own passwd and group, never the host's ---- */

/* s into buf, or dflt when s is empty or does not fit (as before). */
static void
copy_or(char *buf, size_t len, const char *s, const char *dflt)
{
	if (s[0] == '\0' || strlen(s) >= len)
		s = dflt;
	(void)strlcpy(buf, s, len);
}

int
start_accounts(const char *root, const char *user, struct start_cred *cred,
    struct start_users *users, struct jt_err *err)
{
	struct jt_source *src = NULL;
	struct jt_acct_table *pw = NULL, *gr = NULL;
	const struct jt_acct *a;
	char buf[96];
	int rc;

	memset(cred, 0, sizeof(*cred));
	if ((rc = jt_source_new(&src, err)) != 0 ||
	    (rc = jt_source_add(src, root, err)) != 0)
		goto out;
	if ((rc = jt_acct_read(&pw, src, JT_ACCT_PASSWD, err)) == JT_ENOENT)
		rc = 0;		/* no passwd: uids shown as numbers */
	if (rc != 0)
		goto out;
	for (size_t i = 0; i < jt_acct_count(pw); i++) {
		a = jt_acct_at(pw, i);
		if (!a->has_id || !a->has_gid || strlen(a->name) >=
		    sizeof(cred->name))
			continue;
		(void)snprintf(buf, sizeof(buf), "%lu:%s", a->id, a->name);
		if ((rc = strv_push(&users->names, buf)) != 0) {
			rc = jt_err_set(err, rc, 0, root, "out of memory");
			goto out;
		}
		if (user == NULL || cred->set || strcmp(a->name, user) != 0)
			continue;
		cred->set = true;
		cred->uid = (uid_t)a->id;
		cred->gid = (gid_t)a->gid;
		(void)strlcpy(cred->name, a->name, sizeof(cred->name));
		copy_or(cred->home, sizeof(cred->home), a->dir, "/");
		copy_or(cred->shell, sizeof(cred->shell), a->shell, "/bin/sh");
	}
	if (user == NULL || strcmp(user, "root") == 0) {
		cred->set = false;	/* as jail(8) itself: root */
		goto out;
	}
	if (!cred->set) {
		rc = jt_err_set(err, JT_ENOENT, 0, root, "exec.jail_user %s "
		    "is not in the jail's /etc/passwd", user);
		goto out;
	}
	cred->groups[cred->ngroups++] = cred->gid;
	if ((rc = jt_acct_read(&gr, src, JT_ACCT_GROUP, err)) == JT_ENOENT)
		rc = 0;
	/* supplementary groups: the user in a group's member list */
	for (size_t i = 0; rc == 0 && i < jt_acct_count(gr) &&
	    cred->ngroups < START_NGROUPS; i++) {
		a = jt_acct_at(gr, i);
		if (a->has_id && (gid_t)a->id != cred->gid &&
		    jt_acct_has_member(a, cred->name))
			cred->groups[cred->ngroups++] = (gid_t)a->id;
	}
out:
	jt_acct_free(pw);
	jt_acct_free(gr);
	jt_source_free(src);
	return (rc);
}

const char *
start_user_name(const struct start_users *u, uid_t uid, char *buf,
    size_t len)
{
	char pre[24];
	size_t n;

	n = (size_t)snprintf(pre, sizeof(pre), "%lu:", (unsigned long)uid);
	for (size_t i = 0; i < u->names.n; i++)
		if (strncmp(u->names.v[i], pre, n) == 0)
			return (u->names.v[i] + n);
	(void)snprintf(buf, len, "%lu", (unsigned long)uid);
	return (buf);
}

/* ---- inside the jail: the commands ---- */

void
start_line(int fd, char key, const char *fmt, ...)
{
	char buf[LINE_MAX_];
	va_list ap;
	size_t n;

	buf[0] = key;
	buf[1] = ' ';
	va_start(ap, fmt);
	(void)vsnprintf(buf + 2, sizeof(buf) - 3, fmt, ap);
	va_end(ap);
	for (n = 2; buf[n] != '\0'; n++)
		if (iscntrl((unsigned char)buf[n]))
			buf[n] = ' ';
	buf[n++] = '\n';
	/* lines are short: one write(2) each, atomic on a pipe */
	(void)!write(fd, buf, n);
}

extern char **environ;

static void
set_env(const struct start_cred *c)
{
	static char *none[] = { NULL };

	/* a clean environment, as exec.clean gives */
	environ = none;
	(void)setenv("PATH", "/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:"
	    "/usr/local/bin", 1);
	(void)setenv("USER", c->set ? c->name : "root", 1);
	(void)setenv("HOME", c->set ? c->home : "/root", 1);
	(void)setenv("SHELL", c->set ? c->shell : "/bin/sh", 1);
}

static void
become(const struct start_cred *c, int statfd)
{
	if (!c->set)
		return;
	if (setgroups((size_t)c->ngroups, c->groups) != 0 ||
	    setgid(c->gid) != 0 || setuid(c->uid) != 0) {
		start_line(statfd, ST_FAILED, "exec.jail_user %s: cannot "
		    "become uid %lu: %s", c->name, (unsigned long)c->uid,
		    strerror(errno));
		_exit(126);
	}
}

static void __attribute__((noreturn))
exec_or_die(char **argv)
{
	char msg[512];
	int n;

	execvp(argv[0], argv);
	n = snprintf(msg, sizeof(msg), "jailtrim: exec %s: %s\n", argv[0],
	    strerror(errno));
	(void)!write(2, msg, n > 0 && (size_t)n < sizeof(msg) ? (size_t)n :
	    sizeof(msg) - 1);
	_exit(127);
}

void
start_commands(const struct jt_start_opts *o, const struct start_cred *c,
    int outfd, int statfd)
{
	struct jt_err err;
	char **argv;
	pid_t pid;
	bool bg;
	int st, null;

	(void)setsid();
	if ((null = open("/dev/null", O_RDWR)) < 0)
		null = outfd;
	if (dup2(null, 0) < 0 || dup2(outfd, 1) < 0 || dup2(outfd, 2) < 0)
		_exit(126);
	set_env(c);
	become(c, statfd);
	for (size_t i = 0; i < o->ncommands; i++) {
		if (jt_jailconf_split_exec(o->commands[i], &argv, &bg, &err) != 0)
			_exit(126);
		if (argv[0] == NULL) {
			free(argv);
			continue;
		}
		if (i + 1 == o->ncommands) {
			start_line(statfd, ST_SERVICE, "%s", o->commands[i]);
			(void)close(statfd);
			exec_or_die(argv);
		}
		if ((pid = fork()) < 0)
			_exit(126);
		if (pid == 0) {
			(void)close(statfd);
			exec_or_die(argv);
		}
		free(argv);
		if (bg)
			continue;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			start_line(statfd, ST_FAILED, "exec.start \"%s\" %s %d",
			    o->commands[i], WIFEXITED(st) ? "exited with "
			    "status" : "was killed by signal", WIFEXITED(st) ?
			    WEXITSTATUS(st) : WTERMSIG(st));
			_exit(1);
		}
	}
	_exit(0);
}

/* Bytes from a pipe, cut into lines for fn (an over-long one truncated). */
struct lines {
	char	 line[LINE_MAX_ + 4];
	size_t	 len;
};

static int
feed(struct lines *lb, const char *buf, size_t n,
    int (*fn)(void *, const char *), void *arg)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (lb->len + 1 < sizeof(lb->line))
				lb->line[lb->len++] = buf[i];
			continue;
		}
		lb->line[lb->len] = '\0';
		lb->len = 0;
		if ((rc = fn(arg, lb->line)) != 0)
			return (rc);
	}
	return (0);
}

/* ---- the supervisor, in the jail's network stack ---- */

struct sup {
	const struct jt_start_opts *o;
	int		 statfd;
	bool		 service;	/* the last command was started */
	bool		 exited;	/* and its process exited */
	int		 status;	/* its wait status */
	char		 failed[LINE_MAX_];
	struct lines	 lines;		/* from statfd */
};

static int
sup_status(void *arg, const char *l)
{
	struct sup *s = arg;

	if (l[0] == ST_FAILED && l[1] == ' ')
		(void)strlcpy(s->failed, l + 2, sizeof(s->failed));
	else if (l[0] == ST_SERVICE)
		s->service = true;
	else if (l[0] == ST_EXITED && l[1] == ' ') {
		s->exited = true;
		s->status = atoi(l + 2);
	}
	return (0);
}

/* Wait up to ms for status lines; false once the jail side is gone. */
static bool
sup_read(struct sup *s, int ms)
{
	struct pollfd pfd = { .fd = s->statfd, .events = POLLIN };
	char buf[512];
	ssize_t n;

	if (s->statfd < 0) {
		(void)poll(NULL, 0, ms);
		return (false);
	}
	if (poll(&pfd, 1, ms) <= 0)
		return (true);
	if ((n = read(s->statfd, buf, sizeof(buf))) <= 0) {
		(void)close(s->statfd);
		s->statfd = -1;
		return (false);
	}
	(void)feed(&s->lines, buf, (size_t)n, sup_status, s);
	return (true);
}

static void
wait_status(char *buf, size_t len, int st)
{
	if (WIFEXITED(st))
		(void)snprintf(buf, len, "exited with status %d",
		    WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		(void)snprintf(buf, len, "was killed by signal %d (%s)",
		    WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		(void)snprintf(buf, len, "stopped");
}

/* The service is gone when it failed, or exited and left nothing. */
static bool
sup_dead(struct sup *s, start_procs_fn *procs, void *arg, char *why,
    size_t len)
{
	struct jt_strv now = { 0 };
	char st[128];
	int n;

	if (s->failed[0] != '\0') {
		(void)snprintf(why, len, "%s", s->failed);
		return (true);
	}
	if (!s->exited && s->statfd < 0) {
		(void)snprintf(why, len, "the jail's init exited before its "
		    "service did");
		return (true);
	}
	if (!s->exited)
		return (false);
	wait_status(st, sizeof(st), s->status);
	if (!WIFEXITED(s->status) || WEXITSTATUS(s->status) != 0) {
		(void)snprintf(why, len, "the service \"%s\" %s",
		    s->o->commands[s->o->ncommands - 1], st);
		return (true);
	}
	/* exit 0: it went into the background, if anything is left */
	n = procs(arg, &now);
	strv_free(&now);
	if (n != 0)
		return (false);
	(void)snprintf(why, len, "the service \"%s\" %s and left no process "
	    "running", s->o->commands[s->o->ncommands - 1], st);
	return (true);
}

static int
sup_probes(struct sup *s, struct jt_probe **pv, start_procs_fn *procs,
    void *arg, int repfd)
{
	char why[LINE_MAX_], detail[512], last[LINE_MAX_] = "";
	long long t0 = start_now_ms(), deadline = t0 + s->o->timeout_ms;
	long long left;
	struct jt_err err;
	size_t i = 0;

	while (i < s->o->nprobes || s->o->nprobes == 0) {
		(void)sup_read(s, 0);
		if (sup_dead(s, procs, arg, why, sizeof(why))) {
			start_line(repfd, 'w', "%s", why);
			return (-1);
		}
		if (s->o->cancel != NULL && *s->o->cancel) {
			start_line(repfd, 'w', "interrupted");
			return (-1);
		}
		left = deadline - start_now_ms();
		if (s->service && s->o->nprobes == 0 && left <= 0) {
			start_line(repfd, 'p', "no probe: still running after "
			    "%d ms", s->o->timeout_ms);
			break;
		}
		if (left <= 0) {
			if (last[0] != '\0')	/* it names the probe */
				start_line(repfd, 'w', "no answer in %d ms: %s",
				    s->o->timeout_ms, last);
			else
				start_line(repfd, 'w', "probe \"%s\": the "
				    "service did not start in %d ms",
				    jt_probe_spec(pv[i]), s->o->timeout_ms);
			return (-1);
		}
		if (s->service && s->o->nprobes > 0) {
			if (jt_probe_once(pv[i], "127.0.0.1", (int)(left < 1000 ?
			    left : 1000), detail, sizeof(detail), &err) == 0) {
				start_line(repfd, 'p', "%s: %s",
				    jt_probe_spec(pv[i]), detail);
				i++;
				continue;
			}
			(void)jt_err_str(&err, last, sizeof(last));
		}
		(void)sup_read(s, 100);
	}
	start_line(repfd, 't', "%lld", start_now_ms() - t0);
	return (0);
}

void
start_supervise(const struct jt_start_opts *o, int statfd,
    start_procs_fn *procs, void *arg, bool overlay, int repfd)
{
	struct jt_probe **pv;
	struct jt_strv now = { 0 };
	struct sup s = { .o = o, .statfd = statfd };
	struct jt_err err;
	size_t i;

	if (overlay)
		start_line(repfd, 'o', "1");
	if ((pv = calloc(o->nprobes + 1, sizeof(*pv))) == NULL) {
		start_line(repfd, 'w', "out of memory");
		return;
	}
	for (i = 0; i < o->nprobes; i++)
		if (jt_probe_parse(&pv[i], o->probes[i], &err) != 0) {
			start_line(repfd, 'w', "%s", err.msg);
			goto out;
		}
	if (sup_probes(&s, pv, procs, arg, repfd) != 0) {
		start_line(repfd, 's', "%d", s.service && s.failed[0] == '\0');
		goto out;
	}
	start_line(repfd, 's', "1");
	start_line(repfd, 'a', "1");
	if (procs(arg, &now) > 0)
		for (i = 0; i < now.n; i++)
			start_line(repfd, 'r', "%s", now.v[i]);
out:
	strv_free(&now);
	for (i = 0; i < o->nprobes; i++)
		jt_probe_free(pv[i]);
	free(pv);
}

/* ---- back in the caller ---- */

struct report {
	struct jt_start_result	*res;
	struct jt_strv		 probes, procs;
};

static int
report_line(void *arg, const char *l)
{
	struct report *r = arg;
	struct jt_start_result *res = r->res;
	const char *t = l + 2;

	if (l[0] == '\0' || l[1] != ' ')
		return (0);
	switch (l[0]) {
	case 's': res->started = atoi(t) != 0; break;
	case 'a': res->answered = atoi(t) != 0; break;
	case 'o': res->overlay = true; break;
	case 'u': res->userns = true; break;
	case 'c': res->copied = true; break;
	case 't': res->seconds = atof(t) / 1000.0; break;
	case 'w':
		if (res->why == NULL && (res->why = strdup(t)) == NULL)
			return (-1);
		break;
	case 'p': return (strv_push(&r->probes, t));
	case 'r': return (strv_push(&r->procs, t));
	}
	return (0);
}

/* The last OUTPUT_MAX bytes of the commands' output. */
struct ring {
	char	*buf;
	size_t	 pos;		/* where the next byte goes */
	bool	 full;		/* buf holds OUTPUT_MAX bytes */
};

/* One read into the ring; false at EOF or on an error. */
static bool
ring_read(struct ring *r, int fd)
{
	ssize_t n;

	n = read(fd, r->buf + r->pos, OUTPUT_MAX - r->pos);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return (true);
	if (n <= 0)
		return (false);
	r->pos += (size_t)n;
	if (r->pos == OUTPUT_MAX) {
		r->pos = 0;
		r->full = true;
	}
	return (true);
}

/* The ring, oldest byte first, as res->output. */
static int
ring_done(struct ring *r, struct jt_start_result *res, struct jt_err *err)
{
	size_t old = r->full ? OUTPUT_MAX - r->pos : 0;

	if ((res->output = malloc(old + r->pos + 1)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
	memcpy(res->output, r->buf + r->pos, old);
	memcpy(res->output + old, r->buf, r->pos);
	res->output_len = old + r->pos;
	res->output[res->output_len] = '\0';
	return (0);
}

int
start_report_read(int fd, int outfd, const struct jt_start_opts *o,
    pid_t sup, struct jt_start_result *res, struct jt_err *err)
{
	struct report r = { .res = res };
	struct lines lb = { .len = 0 };
	struct ring ring = { .pos = 0 };
	struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN },
	    { .fd = outfd, .events = POLLIN } };
	long long end = -1;
	char buf[4096];
	bool told = false;
	ssize_t n;
	int rc = 0;

	if ((ring.buf = malloc(OUTPUT_MAX)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
	/*
	 * Until the report ends, then until the output does: its writers
	 * are the jail's processes, killed by then (a second at most).
	 */
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (pfd[0].fd < 0 && end < 0)
			end = start_now_ms() + 1000;
		if (end >= 0 && start_now_ms() >= end)
			break;
		if (poll(pfd, 2, end < 0 ? -1 : 100) < 0) {
			/* a signal for us alone: the supervisor stops too */
			if (errno == EINTR && o->cancel != NULL &&
			    *o->cancel && !told) {
				(void)kill(sup, SIGINT);
				told = true;
			}
			if (errno == EINTR)
				continue;
			rc = jt_err_set(err, JT_EIO, errno, NULL,
			    "reading the jail's report");
			break;
		}
		if (pfd[1].revents != 0 && !ring_read(&ring, pfd[1].fd))
			pfd[1].fd = -1;
		if (pfd[0].revents == 0)
			continue;
		if ((n = read(fd, buf, sizeof(buf))) < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = jt_err_set(err, JT_EIO, errno, NULL,
			    "reading the jail's report");
		if (n <= 0) {
			pfd[0].fd = -1;
			if (rc != 0)
				break;
			continue;
		}
		if (feed(&lb, buf, (size_t)n, report_line, &r) != 0) {
			rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc");
			break;
		}
	}
	/* the result's arrays are the vectors' own (freed by the caller) */
	res->probes = r.probes.v;
	res->nprobes = r.probes.n;
	res->procs = r.procs.v;
	res->nprocs = r.procs.n;
	if (rc == 0 && !res->answered && res->why == NULL &&
	    (res->why = strdup("the supervisor died without a report")) ==
	    NULL)
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc");
	if (rc == 0)
		rc = ring_done(&ring, res, err);
	free(ring.buf);
	return (rc);
}

int
jt_start_run(const struct jt_start_opts *o, struct jt_start_result *res,
    struct jt_err *err)
{
	struct start_users users = { { 0 } };
	struct start_cred cred;
	int rc, out[2] = { -1, -1 };

	memset(res, 0, sizeof(*res));
	if (o->ncommands == 0)
		return (jt_err_set(err, JT_EINVAL, 0, o->root, "no command to "
		    "start: the profiles and the jail.conf stanza give none"));
	if ((rc = start_accounts(o->root, o->user, &cred, &users, err)) != 0)
		goto out;
	/*
	 * The commands' output: a pipe read as it comes, not a file that
	 * a chatty service can grow without bound.
	 */
	if (pipe2(out, O_CLOEXEC) != 0) {
		rc = jt_err_set(err, JT_EIO, errno, NULL, "pipe");
		goto out;
	}
	rc = start_host(o, &cred, &users, out, res, err);
out:
	for (int i = 0; i < 2; i++)
		if (out[i] >= 0)
			(void)close(out[i]);
	strv_free(&users.names);
	return (rc);
}

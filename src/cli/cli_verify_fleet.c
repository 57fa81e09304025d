/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim verify FLEET: each jail is verified (and with --start started,
 * in namespaces of its own) by a child process, so that several run at
 * once and one that hangs or crashes takes no other with it.  A child's
 * report goes to a file of its own and is printed when all are done, in
 * the fleet's order, so that reports never interleave; then the table.
 * With --json, one JSON document instead: each jail's own --json report
 * (its standard output) with its row, in the fleet's order; what the
 * children wrote on standard error goes to ours, and the table is left
 * out (the document holds its rows).
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_verify_fleet.h"
#include "json.h"

struct fjob {
	pid_t		 pid;
	bool		 picked, done;
	int		 status;	/* from waitpid */
	double		 t0, secs;
};

static double
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* DIR/k.ext; dir is a short mkdtemp() name, so it fits (else ""). */
static void
file_of(char *out, size_t len, const char *dir, size_t k, const char *ext)
{
	int n = snprintf(out, len, "%s/%zu.%s", dir, k, ext);

	if (n < 0 || (size_t)n >= len)
		out[0] = '\0';
}

/* fd (standard output or error) to DIR/k.ext. */
static bool
redirect(const char *dir, size_t k, const char *ext, int fd)
{
	char path[PATH_MAX];
	int to;

	file_of(path, sizeof(path), dir, k, ext);
	if ((to = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		return (false);
	if (dup2(to, fd) < 0) {
		(void)close(to);
		return (false);
	}
	(void)close(to);
	return (true);
}

/*
 * The child: its output to DIR/k.out (with --json its standard error
 * apart, to DIR/k.err), its row to DIR/k.row.
 */
static void __attribute__((noreturn))
child(const char *dir, size_t k, bool json, cli_verify_jail_fn fn,
    void *arg)
{
	char path[PATH_MAX];
	FILE *row;
	int rc;

	if (!redirect(dir, k, "out", STDOUT_FILENO) || (json ?
	    !redirect(dir, k, "err", STDERR_FILENO) :
	    dup2(STDOUT_FILENO, STDERR_FILENO) < 0))
		_exit(EXIT_ERROR);
	file_of(path, sizeof(path), dir, k, "row");
	if ((row = fopen(path, "w")) == NULL)
		_exit(EXIT_ERROR);
	rc = fn(arg, k, row);
	(void)fflush(NULL);
	(void)fclose(row);
	_exit(rc);
}

/* A file's text to fp (the child's report); false when it has none. */
static bool
copy_file(const char *path, FILE *fp)
{
	char buf[8192];
	size_t n, total = 0;
	FILE *in;

	if ((in = fopen(path, "r")) == NULL)
		return (false);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		(void)fwrite(buf, 1, n, fp);
		total += n;
	}
	(void)fclose(in);
	return (total > 0);
}

/* "STATE\tPROBE" of jail k, else what its exit says. */
static void
row_of(const char *dir, size_t k, const struct fjob *j, char *state,
    size_t slen, char *probe, size_t plen)
{
	char path[PATH_MAX], line[1024], *tab;
	FILE *in;

	(void)snprintf(state, slen, "%s", WIFSIGNALED(j->status) ?
	    "crashed" : "error");
	(void)snprintf(probe, plen, "-");
	if (WIFSIGNALED(j->status)) {
		(void)snprintf(probe, plen, "signal %d", WTERMSIG(j->status));
		return;
	}
	file_of(path, sizeof(path), dir, k, "row");
	if ((in = fopen(path, "r")) == NULL)
		return;
	if (fgets(line, sizeof(line), in) != NULL &&
	    (tab = strchr(line, '\t')) != NULL) {
		*tab++ = '\0';
		tab[strcspn(tab, "\n")] = '\0';
		(void)snprintf(state, slen, "%.*s", (int)slen - 1, line);
		(void)snprintf(probe, plen, "%.*s", (int)plen - 1, tab);
	}
	(void)fclose(in);
}

static void
clean(const char *dir, size_t n)
{
	char path[PATH_MAX];

	for (size_t k = 0; k < n; k++) {
		file_of(path, sizeof(path), dir, k, "out");
		(void)unlink(path);
		file_of(path, sizeof(path), dir, k, "row");
		(void)unlink(path);
		file_of(path, sizeof(path), dir, k, "err");
		(void)unlink(path);
	}
	(void)rmdir(dir);
}

/* Wait for one child; false when there is none left. */
static bool
reap(struct fjob *js, size_t n)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, 0)) < 0 && errno == EINTR)
		;
	if (pid < 0)
		return (false);
	for (size_t k = 0; k < n; k++)
		if (js[k].pid == pid && !js[k].done) {
			js[k].done = true;
			js[k].status = status;
			js[k].secs = now() - js[k].t0;
		}
	return (true);
}

/* A child's file (trailing blanks cut), or NULL when it is empty. */
static char *
read_text(const char *path)
{
	char *buf = NULL;
	size_t len = 0, n;
	FILE *mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		return (NULL);
	(void)copy_file(path, mem);
	(void)fclose(mem);
	n = len;
	while (buf != NULL && n > 0 && (buf[n - 1] == '\n' ||
	    buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (buf != NULL && n == 0) {
		free(buf);
		buf = NULL;
	}
	return (buf);
}

/* A child's --json report (its stdout), or NULL. */
static char *
read_report(const char *path)
{
	char *buf = read_text(path);
	size_t n = buf != NULL ? strlen(buf) : 0;

	/* a child killed while printing leaves half a report: none */
	if (buf != NULL && (buf[0] != '{' || buf[n - 1] != '}')) {
		free(buf);
		buf = NULL;
	}
	return (buf);
}

static int
exit_of(const struct fjob *j)
{
	return (WIFEXITED(j->status) ? WEXITSTATUS(j->status) : EXIT_ERROR);
}

/*
 * --json: {"fleet": FILE, "ok": every jail passed, "jails": [{"name",
 * "ok", "exit", "state", "probe", "seconds", "report"}, ...]}, the rows
 * of the table with each jail's own --json report (null when it has
 * none); the children's standard error to ours, each after its name.
 */
static int
print_json(const struct jt_fleet *f, struct fjob *js, const char *dir)
{
	char path[PATH_MAX], state[128], probe[512], *report;
	bool first = true;
	int rc = EXIT_OK;

	for (size_t k = 0; k < f->njails; k++) {
		if (!js[k].picked)
			continue;
		if (exit_of(&js[k]) != EXIT_OK && rc == EXIT_OK)
			rc = exit_of(&js[k]);
		file_of(path, sizeof(path), dir, k, "err");
		if ((report = read_text(path)) != NULL)
			fprintf(stderr, "jail %s:\n%s\n", f->jails[k]->name,
			    report);
		free(report);
	}
	printf("{\"fleet\":");
	json_str(stdout, f->file);
	printf(",\"ok\":%s,\"jails\":[", rc == EXIT_OK ? "true" : "false");
	for (size_t k = 0; k < f->njails; k++) {
		if (!js[k].picked)
			continue;
		row_of(dir, k, &js[k], state, sizeof(state), probe,
		    sizeof(probe));
		printf("%s{\"name\":", first ? "" : ",");
		first = false;
		json_str(stdout, f->jails[k]->name);
		printf(",\"ok\":%s,\"exit\":%d,\"state\":",
		    exit_of(&js[k]) == EXIT_OK ? "true" : "false",
		    exit_of(&js[k]));
		json_str(stdout, state);
		printf(",\"probe\":");
		json_str(stdout, strcmp(probe, "-") == 0 ? NULL : probe);
		printf(",\"seconds\":%.3f,\"report\":", js[k].secs);
		file_of(path, sizeof(path), dir, k, "out");
		report = read_report(path);
		printf("%s}", report != NULL ? report : "null");
		free(report);
	}
	printf("]}\n");
	(void)fflush(stdout);
	for (size_t k = 0; k < f->njails; k++)
		if (js[k].picked && exit_of(&js[k]) != EXIT_OK)
			cli_warnx("jail %s: did not pass", f->jails[k]->name);
	return (rc);
}

static int
print_all(const struct jt_fleet *f, struct fjob *js, const char *dir)
{
	char path[PATH_MAX], state[128], probe[512];
	size_t w = 4;
	int rc = EXIT_OK;

	for (size_t k = 0; k < f->njails; k++) {
		if (!js[k].picked)
			continue;
		if (strlen(f->jails[k]->name) > w)
			w = strlen(f->jails[k]->name);
		printf("jail %s:\n", f->jails[k]->name);
		(void)fflush(stdout);
		file_of(path, sizeof(path), dir, k, "out");
		(void)copy_file(path, stdout);
	}
	printf("\n%-*s  %-20s  %-40s  %s\n", (int)w, "JAIL", "STATE", "PROBE",
	    "TIME");
	for (size_t k = 0; k < f->njails; k++) {
		int code;

		if (!js[k].picked)
			continue;
		row_of(dir, k, &js[k], state, sizeof(state), probe,
		    sizeof(probe));
		printf("%-*s  %-20s  %-40s  %.1f s\n", (int)w,
		    f->jails[k]->name, state, probe, js[k].secs);
		code = WIFEXITED(js[k].status) ? WEXITSTATUS(js[k].status) :
		    EXIT_ERROR;
		if (code != EXIT_OK && rc == EXIT_OK)
			rc = code;
	}
	(void)fflush(stdout);
	for (size_t k = 0; k < f->njails; k++)
		if (js[k].picked && (!WIFEXITED(js[k].status) ||
		    WEXITSTATUS(js[k].status) != 0))
			cli_warnx("jail %s: did not pass", f->jails[k]->name);
	return (rc);
}

int
cli_verify_fleet(const struct jt_fleet *f, const char *only, int njobs,
    bool json, cli_verify_jail_fn fn, void *arg)
{
	char dir[PATH_MAX];
	const char *t;
	struct fjob *js;
	size_t next = 0, running = 0;
	int rc;

	if (only != NULL && jt_fleet_find(f, only) == NULL) {
		cli_warnx("%s: no jail %s in the fleet", f->file, only);
		return (EXIT_USAGE);
	}
	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	(void)snprintf(dir, sizeof(dir), "%s/jailtrim-fleet.XXXXXX", t);
	if (mkdtemp(dir) == NULL) {
		cli_warnx("%s: %s", dir, strerror(errno));
		return (EXIT_ERROR);
	}
	if ((js = calloc(f->njails, sizeof(*js))) == NULL) {
		(void)rmdir(dir);
		return (EXIT_ERROR);
	}
	for (size_t k = 0; k < f->njails; k++)
		js[k].picked = only == NULL || strcmp(only,
		    f->jails[k]->name) == 0;
	(void)fflush(NULL);
	for (;;) {
		while (running < (size_t)njobs && next < f->njails) {
			size_t k = next++;

			if (!js[k].picked)
				continue;
			js[k].t0 = now();
			if ((js[k].pid = fork()) == 0)
				child(dir, k, json, fn, arg);
			if (js[k].pid < 0) {
				cli_warnx("fork: %s", strerror(errno));
				js[k].done = true;
				js[k].status = EXIT_ERROR << 8;
				continue;
			}
			running++;
		}
		if (running == 0 || !reap(js, f->njails))
			break;
		running--;
	}
	rc = json ? print_json(f, js, dir) : print_all(f, js, dir);
	clean(dir, f->njails);
	free(js);
	return (rc);
}

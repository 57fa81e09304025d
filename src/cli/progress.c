/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Progress on a terminal: one line on stderr, "jailtrim: PHASE... 3 s"
 * (or "...: 42%" when the phase counts), overwritten in place and erased
 * when the phase ends.  A phase shorter than the delay (one second) shows
 * nothing, and nothing at all is shown unless stderr is a terminal, or
 * with -q: outputs captured to a file never hold it.
 *
 * The library calls of a phase do not report back (but the source read),
 * so a thread draws the line while the phase runs: it lives only from
 * cli_progress_begin() to cli_progress_end(), so no thread exists when
 * the library forks to start a jail, and messages (cli_warnx) erase the
 * line under the same lock before they print.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define TICK_MS	200

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static bool running;		/* the thread exists */
static bool quiet;		/* -q */
static bool shown;		/* a line is on the terminal */
static char phase[128];
static char last[sizeof(phase) + 64];	/* the line shown */
static int64_t done, total;	/* total 0: no count */
static struct timespec t0;
static long delay_ms = -1;	/* -1: not decided yet */

static long
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return ((long)(now.tv_sec - t->tv_sec) * 1000 +
	    (now.tv_nsec - t->tv_nsec) / 1000000);
}

/* Erase the line; called with the lock held. */
static void
erase(void)
{
	if (shown) {
		fputs("\r\033[K", stderr);
		shown = false;
	}
}

/* Draw the line when the phase has lasted long enough; lock held. */
static void
draw(void)
{
	long ms = ms_since(&t0);
	char line[sizeof(phase) + 64];

	if (phase[0] == '\0' || ms < delay_ms)
		return;
	if (total > 0)
		(void)snprintf(line, sizeof(line), "%s: %3d%%", phase,
		    (int)(done * 100 / total));
	else
		(void)snprintf(line, sizeof(line), "%s... %ld s", phase,
		    ms / 1000);
	/* written only when it changes: a log of the terminal stays small */
	if (shown && strcmp(line, last) == 0)
		return;
	fprintf(stderr, "\rjailtrim: %s\033[K", line);
	(void)snprintf(last, sizeof(last), "%s", line);
	shown = true;
}

static void *
run(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (phase[0] != '\0') {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&wake, &lock, &until);
		draw();
	}
	pthread_mutex_unlock(&lock);
	return (NULL);
}

void
cli_progress_quiet(bool q)
{
	quiet = q;
}

static bool
enabled(void)
{
	const char *e;

	if (quiet || !isatty(STDERR_FILENO))
		return (false);
	/* JAILTRIM_PROGRESS_DELAY: milliseconds before a phase shows */
	if (delay_ms < 0)
		delay_ms = (e = getenv("JAILTRIM_PROGRESS_DELAY")) != NULL &&
		    *e >= '0' && *e <= '9' ? strtol(e, NULL, 10) : 1000;
	return (true);
}

void
cli_progress_begin(const char *what)
{
	cli_progress_end();
	if (!enabled())
		return;
	pthread_mutex_lock(&lock);
	/* one line of a terminal: a long path would wrap */
	(void)snprintf(phase, sizeof(phase), "%.60s", what);
	if (phase[0] == '\0')
		phase[0] = '.';
	done = total = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (delay_ms == 0)
		draw();
	running = pthread_create(&thread, NULL, run, NULL) == 0;
	pthread_mutex_unlock(&lock);
}

void
cli_progress_count(int64_t d, int64_t t)
{
	int old;

	if (!running)
		return;
	pthread_mutex_lock(&lock);
	old = total > 0 ? (int)(done * 100 / total) : -1;
	done = d;
	total = t;
	/* a new percentage shows at once, not at the next tick */
	if (t > 0 && (int)(d * 100 / t) != old)
		draw();
	pthread_mutex_unlock(&lock);
}

void
cli_progress_end(void)
{
	pthread_mutex_lock(&lock);
	phase[0] = '\0';
	erase();
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	if (running) {
		(void)pthread_join(thread, NULL);
		running = false;
	}
}

void
cli_progress_hold(void)
{
	pthread_mutex_lock(&lock);
	erase();
}

void
cli_progress_release(void)
{
	pthread_mutex_unlock(&lock);
}

/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The jail's time zone: /etc/localtime as a copy of the source's
 * zoneinfo file (a symbolic link would point at a path the jail may not
 * hold, and a jail sees nothing outside its root), as tzsetup(8) copies
 * it; /etc/wall_cmos_clock when the host's clock keeps local time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/names.h"
#include "build_int.h"

#define ZONEINFO	"/usr/share/zoneinfo/"

/* "Asia/Tokyo", "UTC", "Etc/GMT+9": relative, no "..", tz's characters. */
static bool
zone_ok(const char *z)
{
	char path[PATH_MAX];

	if (z[0] == '\0' || z[0] == '/' || strspn(z, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789/_+-.") != strlen(z) ||
	    (size_t)snprintf(path, sizeof(path), ZONEINFO "%s", z) >=
	    sizeof(path))
		return (false);
	return (jt_abs_path_ok(path));
}

int
jt_build_set_timezone(struct jt_build *b, const char *zone, bool wall_cmos,
    struct jt_err *err)
{
	char path[PATH_MAX];

	if (wall_cmos && jt_build_platform(b) != JT_PLAT_FREEBSD)
		return (jt_err_set(err, JT_EUNSUPP, 0, NULL, "wall-cmos-clock: "
		    "only for FreeBSD roots (adjkerntz(8))"));
	b->wall_cmos = wall_cmos;
	if (zone == NULL || zone[0] == '\0')
		return (0);
	if (!zone_ok(zone))
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "time zone '%s': a "
		    "name under /usr/share/zoneinfo such as Europe/Paris",
		    zone));
	(void)snprintf(path, sizeof(path), ZONEINFO "%s", zone);
	if (!build_is_file(b, path))
		return (jt_err_set(err, JT_ENOENT, 0, path, "unknown time zone "
		    "'%s': the source has no such zoneinfo file", zone));
	free(b->tz);
	if ((b->tz = strdup(zone)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "timezone"));
	return (0);
}

int
build_tz_finish(struct jt_build *b, struct jt_err *err)
{
	char path[PATH_MAX], why[PATH_MAX + 64];
	void *data;
	size_t len;
	int rc;

	if (b->wall_cmos && (rc = jt_plan_add_data(b->plan,
	    "/etc/wall_cmos_clock", "", 0, 0644, "wall-cmos-clock: the "
	    "hardware clock keeps local time", err)) != 0)
		return (rc);
	if (b->tz == NULL)
		return (0);
	(void)snprintf(path, sizeof(path), ZONEINFO "%s", b->tz);
	(void)snprintf(why, sizeof(why), "timezone %s: a copy of %s", b->tz,
	    path);
	if ((rc = jt_source_read_file(b->src, path, &data, &len, err)) != 0)
		return (rc);
	return (jt_plan_add_data(b->plan, "/etc/localtime", data, len, 0444,
	    why, err));
}

/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "mktar.h"

void
mktar(const char *path, const struct tar_member *m, size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	size_t len = strlen(path);

	archive_write_set_format_pax_restricted(a);
	if (len > 4 && strcmp(path + len - 4, ".txz") == 0)
		archive_write_add_filter_xz(a);
	archive_write_open_filename(a, path);
	for (size_t i = 0; i < n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_perm(e, m[i].mode ? m[i].mode : 0644);
		archive_entry_set_uname(e, "root");
		archive_entry_set_gname(e, "wheel");
		if (m[i].fflags != NULL)
			archive_entry_copy_fflags_text(e, m[i].fflags);
		if (m[i].type == 0) {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, m[i].data);
		} else if (m[i].type == AE_IFLNK) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, m[i].data);
		} else {
			archive_entry_set_filetype(e, (unsigned)m[i].type);
			if (m[i].type == AE_IFREG)
				archive_entry_set_size(e,
				    (la_int64_t)strlen(m[i].data));
		}
		archive_write_header(a, e);
		if (m[i].type == AE_IFREG)
			archive_write_data(a, m[i].data, strlen(m[i].data));
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
}

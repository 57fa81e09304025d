/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests make their archives: a tar of these members, xz for ".txz". */
#ifndef JT_MKTAR_H
#define JT_MKTAR_H
#include <stddef.h>

struct tar_member {
	const char	*name;
	int		 type;	/* AE_IFREG, AE_IFLNK, AE_IFDIR; 0 hard link */
	int		 mode;	/* 0: 0644 */
	const char	*data;	/* content, symlink or hard link target */
	const char	*fflags;
};

void	mktar(const char *path, const struct tar_member *m, size_t n);
#endif

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Print a tree's identity, one line per path: type, mode, owner, size,
content sha256 or link target; then its hard-link groups.  Two trees are
the same when their outputs are."""
import hashlib, os, stat, sys

root = sys.argv[1]
inodes = {}
out = []
for dirpath, dirs, files in os.walk(root):
    dirs.sort()
    for name in sorted(dirs + files):
        p = os.path.join(dirpath, name)
        rel = "/" + os.path.relpath(p, root)
        st = os.lstat(p)
        kind = stat.S_IFMT(st.st_mode)
        what = ""
        if stat.S_ISREG(kind):
            with open(p, "rb") as f:
                what = hashlib.sha256(f.read()).hexdigest()
            if st.st_nlink > 1:
                inodes.setdefault((st.st_dev, st.st_ino), []).append(rel)
        elif stat.S_ISLNK(kind):
            what = "-> " + os.readlink(p)
        out.append("%s %o %o %d:%d %d %s" % (rel, kind >> 12,
            stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid,
            st.st_size if stat.S_ISREG(kind) else 0, what))
for line in out:
    print(line)
for group in sorted(sorted(g) for g in inodes.values()):
    print("link group " + " ".join(group))

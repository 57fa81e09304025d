#!/usr/bin/env python3
"""mkdeep.py dir|tar OUT DEPTH: a tree DEPTH directories deep ("d/d/.../d"),
a regular file "f" at the bottom and one beside each level's directory.

As a directory, it is made one level at a time relative to the previous
level's descriptor (the path is longer than PATH_MAX, so no call can name
it whole).  As a tarball (pax, so names have no length limit), the members
are written parents first, as tar(1) would."""
import io
import os
import sys
import tarfile


def mkdir_tree(out, depth):
    os.mkdir(out)
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            with open(os.open("f", os.O_WRONLY | os.O_CREAT, 0o644,
                              dir_fd=fd), "w") as f:
                f.write("x\n")
            os.mkdir("d", dir_fd=fd)
            nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        with open(os.open("f", os.O_WRONLY | os.O_CREAT, 0o644,
                          dir_fd=fd), "w") as f:
            f.write("x\n")
    finally:
        os.close(fd)


def mktar(out, depth):
    def reg(t, name):
        ti = tarfile.TarInfo(name)
        ti.size = 2
        t.addfile(ti, io.BytesIO(b"x\n"))

    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
        prefix = ""
        for _ in range(depth):
            reg(t, prefix + "f")
            ti = tarfile.TarInfo(prefix + "d")
            ti.type = tarfile.DIRTYPE
            ti.mode = 0o755
            t.addfile(ti)
            prefix += "d/"
        reg(t, prefix + "f")


def main():
    kind, out, depth = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"dir": mkdir_tree, "tar": mktar}[kind](out, depth)


main()

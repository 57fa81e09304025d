#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""mkdeep.py dir|bare|tar|cat OUT DEPTH: a tree DEPTH directories deep
("d/d/.../d") with a regular file "f" at the bottom; "cat" prints that
file of the tree OUT.

As a directory, it is made one level at a time relative to the previous
level's descriptor (the path may be longer than PATH_MAX, so no call could
name it whole), with a file "f" beside each level's "d" too, unless bare.  As a tarball
(pax, so names have no length limit), it is the one member "d/.../d/f":
its parents are implied, as in the 10 KB tarball of issue 9."""
import io
import os
import sys
import tarfile


def mkdir_tree(out, depth, files=True):
    os.mkdir(out)
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            if files:
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
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
        ti = tarfile.TarInfo("d/" * depth + "f")
        ti.size = 2
        t.addfile(ti, io.BytesIO(b"x\n"))


def cat(top, depth):
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(depth):
        nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    with open(os.open("f", os.O_RDONLY, dir_fd=fd)) as f:
        sys.stdout.write(f.read())
    os.close(fd)


def main():
    kind, out, depth = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"dir": mkdir_tree, "tar": mktar, "cat": cat,
     "bare": lambda o, d: mkdir_tree(o, d, False)}[kind](out, depth)


main()

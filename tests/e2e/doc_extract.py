#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Print the command examples of man pages and Markdown files, one a line:
FILE:LINE<TAB>COMMAND<TAB>EXPECTED-OUTPUT (lines joined by \\x1f, or empty).

Where examples are, by convention (doc_examples.sh checks the convention):
  man page  a line of a .Bd -literal block starting with "$ jailtrim" or
            "# jailtrim" (the prompt dropped; a line ending in \\e continues)
  Markdown  a fenced block: ```sh, every line not blank or a comment (a
            trailing "  # comment" dropped, "\\" continues), or ```console,
            every line starting with "$ " or "# ", the lines after it up to
            the next command being its expected output ("..." elides).
Anything that looks like a jailtrim command elsewhere (.Dl, an indented
or unlabelled block, a ```text line without a [synopsis]) is reported as
MISPLACED so that no example escapes the test.
"""
import re
import sys

out = []


def emit(where, cmd, expect=()):
    out.append("%s\t%s\t%s" % (where, cmd, "\x1f".join(expect)))


def man(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    lit = False
    cmd = None
    for n, l in enumerate(lines, 1):
        if l.startswith(".Bd") and "-literal" in l:
            lit = True
            continue
        if l.startswith(".Ed"):
            lit = False
            continue
        if cmd is not None:
            cmd[1] += " " + l.strip()
            if not cmd[1].endswith("\\e"):
                emit(*cmd)
                cmd = None
            else:
                cmd[1] = cmd[1][:-2].rstrip()
            continue
        if lit and re.match(r"[$#] jailtrim ", l):
            c = l[2:].rstrip()
            if c.endswith("\\e"):
                cmd = ["%s:%d" % (path, n), c[:-2].rstrip()]
            else:
                emit("%s:%d" % (path, n), c)
        elif re.match(r"\.(Dl|D1)\s+([$#] )?jailtrim ", l) or (
                lit and re.match(r"jailtrim ", l)):
            emit("%s:%d" % (path, n), "MISPLACED " + l)


def markdown(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    fence = None
    prev_blank = True
    cur = None  # console command being collected: [where, cmd, expect]
    cont = None
    for n, l in enumerate(lines, 1):
        where = "%s:%d" % (path, n)
        m = re.match(r"```(\w*)", l)
        if m:
            if fence is None:
                fence = m.group(1)
            else:
                if cur:
                    emit(*cur)
                cur, fence = None, None
            continue
        if fence is None:
            if prev_blank and re.match(r"( {4}|\t)", l) and \
                    re.search(r"(^|[\s/])jailtrim\s", l):
                emit(where, "MISPLACED " + l)
            prev_blank = l.strip() == "" or (prev_blank and
                                             l.startswith("    "))
            continue
        if fence == "sh":
            s = l.strip()
            if cont is not None:
                cont[1] += " " + s
                if cont[1].endswith("\\"):
                    cont[1] = cont[1][:-1].rstrip()
                else:
                    emit(*cont)
                    cont = None
                continue
            if not s or s.startswith("#"):
                continue
            s = re.sub(r"\s+#\s.*$", "", s)
            if s.endswith("\\"):
                cont = [where, s[:-1].rstrip()]
            else:
                emit(where, s)
        elif fence == "console":
            if re.match(r"[$#] ", l):
                if cur:
                    emit(*cur)
                cur = [where, l[2:].strip(), []]
            elif cur is not None:
                cur[2].append(l)
        elif fence == "text":
            if re.match(r"\s*([$#] )?jailtrim ", l) and "[" not in l:
                emit(where, "MISPLACED " + l)
        else:
            if re.search(r"(^|[$#] )jailtrim ", l):
                emit(where, "MISPLACED (block ```%s) %s" % (fence, l))


for p in sys.argv[1:]:
    (markdown if p.endswith(".md") else man)(p)
print("\n".join(out))

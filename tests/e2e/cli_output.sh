#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The CLI's forms and statuses on the FreeBSD fixture: --why chains, JSON,
# "#!" scripts (including /usr/bin/env), usage and error exits.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
W=$JT_TEST_WORK/cli_output
rm -rf "$W" && mkdir -p "$W/ovl/usr/local/bin" || fail mkdir

# --why: libldns is reached through libssh's own RUNPATH, not sshd's.
expect_exit 0 "$JAILTRIM" deps -s "$ROOT" --why /usr/sbin/sshd
assert_grep '^/usr/lib/private/libldns.so.5: /usr/sbin/sshd > libssh.so.5 \(DT_RUNPATH /usr/lib/private\) > libldns.so.5 \(DT_RUNPATH /usr/lib/private\)$' "$OUT"
assert_grep '^/libexec/ld-elf.so.1: /usr/sbin/sshd > /libexec/ld-elf.so.1 \(PT_INTERP\)$' "$OUT"
[ "$(wc -l < "$OUT")" -eq 24 ] || fail "--why: one line per file expected"

# JSON: parses, 24 files, each with the rule that found it.
expect_exit 0 "$JAILTRIM" deps -s "$ROOT" -f json /usr/sbin/sshd
python3 - "$OUT" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["closures"][0]
assert c["root"] == "/usr/sbin/sshd" and c["program"] is True
assert len(c["files"]) == 24, len(c["files"])
vias = {f["path"]: f["via"] for f in c["files"]}
assert vias["/usr/lib/private/libssh.so.5"] == "DT_RUNPATH", vias
assert c["missing"] == [] and c["symbol_errors"] == []
PY

# Scripts: "#!/bin/sh" pulls in sh's closure; "#!/usr/bin/env sh" also
# env's, with sh found on the root's standard PATH (/bin after /usr/bin).
printf '#!/bin/sh\necho hi\n' > "$W/ovl/usr/local/bin/direct"
printf '#!/usr/bin/env sh\necho hi\n' > "$W/ovl/usr/local/bin/viaenv"
expect_exit 0 "$JAILTRIM" deps -s "$ROOT" -s "$W/ovl" -f list /usr/local/bin/direct
assert_grep '^/bin/sh$' "$OUT"
assert_grep '^/lib/libedit.so.7$' "$OUT"
grep -q '^/usr/bin/env$' "$OUT" && fail "direct script must not need env"
expect_exit 0 "$JAILTRIM" deps -s "$ROOT" -s "$W/ovl" -f list /usr/local/bin/viaenv
assert_grep '^/usr/bin/env$' "$OUT"
assert_grep '^/bin/sh$' "$OUT"
assert_grep '^/usr/local/bin/viaenv$' "$OUT"
printf '#!/usr/bin/env nosuchprog\n' > "$W/ovl/usr/local/bin/lost"
expect_exit 3 "$JAILTRIM" deps -s "$ROOT" -s "$W/ovl" -f list /usr/local/bin/lost
assert_grep 'nosuchprog.*not found on the standard PATH' "$ERR"

# Statuses: usage 2, errors 1 naming the file.
expect_exit 2 "$JAILTRIM" deps -s "$ROOT"
expect_exit 2 "$JAILTRIM" deps -f nonsense /bin/sh
expect_exit 2 "$JAILTRIM" nosuchcommand
expect_exit 1 "$JAILTRIM" deps -s "$W/does-not-exist" /bin/sh
assert_grep 'does-not-exist: cannot open source' "$ERR"
expect_exit 1 "$JAILTRIM" deps -s "$ROOT" /etc/motd
assert_grep '/etc/motd: neither an ELF object nor a "#!" script' "$ERR"
expect_exit 1 "$JAILTRIM" deps -s "$ROOT" /no/such/file
assert_grep '/no/such/file' "$ERR"
echo "cli_output: ok"

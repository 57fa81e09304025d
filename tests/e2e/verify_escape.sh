#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start contains a hostile service (issue 9): a command of the
# jail's own (tests/e2e/escape.c, static) runs before sshd and tries a
# double-chroot escape (to read a host file and create one), a mknod of a
# disk, a mount, new namespaces, ptrace and a write to
# /proc/sysrq-trigger.  Each must fail while sshd still answers its probe.
# Where user namespaces are refused (here: Docker's seccomp rule, made by
# tests/e2e/nouserns.c) start is refused, unless --unconfined, which is
# still contained.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "verify --start needs root"
unshare -n true 2>/dev/null || skip "no network namespaces here"
[ -x /usr/sbin/sshd ] || skip "sshd not installed"
W=$JT_TEST_WORK/verify_escape
rm -rf "$W" && mkdir -p "$W/tmp" || fail mkdir
export TMPDIR="$W/tmp"
JT_TIMEOUT=300

cc -static -O2 -o "$W/escape" "$JT_SRCDIR/tests/e2e/escape.c" ||
    skip "no static C toolchain"
cc -O2 -o "$W/nouserns" "$JT_SRCDIR/tests/e2e/nouserns.c" || fail "cc"
expect_exit 0 jt build -s / -p sshd -n esc -q -o "$W/jail"
install -m 755 "$W/escape" "$W/jail/usr/bin/escape" || fail install
secret=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
echo "$secret" > "$W/secret"
cat > "$W/esc.conf" <<EOC
esc {
	path = "$W/jail";
	host.hostname = "esc";
	exec.start = "/usr/bin/escape $W/secret $W/escaped";
	exec.start += "/usr/bin/ssh-keygen -A";
	exec.start += "/usr/sbin/sshd -D -e";
}
EOC

# contained: every attempt reports "blocked", sshd answers, the host is
# as it was
contained() {
	python3 - "$OUT" "$secret" "$1" <<-'EOP' || fail "$1: not contained"
	import json, os, sys
	d = json.load(open(sys.argv[1]))
	s = d["start"]
	assert d["ok"] and s["answered"], s
	assert sys.argv[2] not in s["output"], "the host's secret was read"
	lines = [l for l in s["output"].splitlines() if ": " in l]
	want = ["mknod b 8 0", "mount tmpfs", "unshare user+mount",
	    "ptrace init", "pidfd_getfd init", "write /proc/sysrq-trigger",
	    "double chroot",
	    "read host secret", "create host file"]
	got = {l.split(": ")[0]: l for l in lines}
	for w in want:
	    assert w in got, (w, s["output"])
	    assert ": blocked (" in got[w] or w == "double chroot", got[w]
	# the chroot itself is allowed (sshd needs it): only its escape fails
	for w in ["read host secret", "create host file"]:
	    assert "No such file or directory" in got[w], got[w]
	# without sysrq support the file is absent, as on the host
	w = got["write /proc/sysrq-trigger"]
	if os.path.exists("/proc/sysrq-trigger"):
	    assert "Permission denied" in w or "not permitted" in w, w
	print("# %s: %s" % (sys.argv[3], "; ".join(got[w] for w in want)))
	EOP
	[ ! -e "$W/escaped" ] || fail "$1: the jail created a host file"
}

expect_exit 0 jt verify -p sshd -c "$W/esc.conf" --start --json "$W/jail"
no_sanitizer_report "verify_escape"
contained confined >&2
# the service's uids are not the host's: its root is an unprivileged id
python3 - "$OUT" <<-'EOP' || fail "processes"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["start"]["userns"] and not d["start"]["copied"], d
assert any(p.split()[1:] == ["root", "sshd"] for p in d["start"]["processes"]), d
EOP

# Where the kernel refuses user namespaces: refused, with the reason ...
expect_exit 1 "$W/nouserns" "$JAILTRIM" verify -p sshd -c "$W/esc.conf" \
    --start "$W/jail"
no_sanitizer_report "verify_escape"
assert_grep 'not started: the kernel refuses user namespaces \(unshare: Operation not permitted\).*--unconfined' "$ERR"
[ ! -e "$W/escaped" ] || fail "a refused start ran the jail"
# ... unless --unconfined: the host's root, still contained
expect_exit 0 "$W/nouserns" "$JAILTRIM" verify -p sshd -c "$W/esc.conf" \
    --start --unconfined --json "$W/jail"
no_sanitizer_report "verify_escape"
contained unconfined >&2
assert_grep 'running unconfined' "$ERR"
[ -z "$(ls "$TMPDIR" | grep "^jailtrim")" ] || fail "left in TMPDIR: $(ls "$TMPDIR")"
rm -rf "$W"

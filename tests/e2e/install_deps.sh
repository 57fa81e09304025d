#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# scripts/install-deps.sh installs the build dependencies only (the quick
# start starts no daemon); scripts/install-test-deps.sh installs the rest,
# the daemons with service starts denied, and says why.  apt-get and sudo
# are stand-ins that record what they are asked; nothing is installed.
. "$(dirname "$0")/lib.sh"
[ -r /etc/debian_version ] || skip "not Debian: the scripts use pkg here"
W=$JT_TEST_WORK/install_deps
rm -rf "$W" && mkdir -p "$W/bin" || fail mkdir
cat >"$W/bin/apt-get" <<'SH'
#!/bin/sh
echo "apt-get $*" >>"$JT_LOG"
case " $* " in
*" apache2 "*)
	# a package's postinst would call invoke-rc.d, which asks the policy
	if [ -x "$JT_POLICY_RC_D" ]; then
		"$JT_POLICY_RC_D"; echo "policy $?" >>"$JT_LOG"
	else
		echo "policy none" >>"$JT_LOG"
	fi ;;
esac
exit 0
SH
printf '#!/bin/sh\nexec "$@"\n' >"$W/bin/sudo"
printf '#!/bin/sh\necho "debconf $(cat)" >>"$JT_LOG"\n' >"$W/bin/debconf-set-selections"
chmod 755 "$W/bin/apt-get" "$W/bin/sudo" "$W/bin/debconf-set-selections"
export JT_POLICY_RC_D="$W/policy-rc.d" PATH="$W/bin:$PATH"

# build dependencies only
export JT_LOG="$W/build.log"
sh "$JT_SRCDIR/scripts/install-deps.sh" >"$W/build.out" 2>&1 ||
    { cat "$W/build.out" >&2; fail "install-deps.sh"; }
assert_grep 'install .*cmake' "$JT_LOG"
assert_grep 'install .*libelf-dev' "$JT_LOG"
assert_grep 'install .*libarchive-dev' "$JT_LOG"
for p in bind9 lighttpd apache2 nginx openssh-server clang strace; do
	if grep -Eq "install .* $p( |\$)" "$JT_LOG"; then
		cat "$JT_LOG" >&2
		fail "install-deps.sh installs $p, not needed to build"
	fi
done
[ ! -e "$JT_POLICY_RC_D" ] || fail "install-deps.sh wrote a policy-rc.d"

# what the tests need, daemons with their starts denied, and why
export JT_LOG="$W/test.log"
sh "$JT_SRCDIR/scripts/install-test-deps.sh" >"$W/test.out" 2>&1 ||
    { cat "$W/test.out" >&2; fail "install-test-deps.sh"; }
for p in clang lld strace bind9 lighttpd apache2 nginx; do
	grep -Eq "install .* $p( |\$)" "$JT_LOG" ||
	    { cat "$JT_LOG" >&2; fail "install-test-deps.sh: no $p"; }
done
assert_grep '^policy 101$' "$JT_LOG"
# issue 14's daemons come in the same install as apache2, starts denied
for p in redis-server memcached haproxy postfix dovecot-imapd unbound nsd \
    dns-root-data postgresql php-cgi lighttpd-mod-openssl; do
	grep -Eq "install .* apache2 .*$p( |\$)" "$JT_LOG" ||
	    { cat "$JT_LOG" >&2; fail "install-test-deps.sh: no $p with starts denied"; }
done
[ ! -e "$JT_POLICY_RC_D" ] || fail "policy-rc.d left behind"
# postfix's main.cf exists after a non-interactive install: preset first
assert_grep '^debconf postfix postfix/main_mailer_type select Local only$' "$JT_LOG"
[ "$(grep -n '^debconf' "$JT_LOG" | cut -d: -f1)" -lt "$(grep -n 'install .* postfix' "$JT_LOG" | cut -d: -f1)" ] ||
    fail "debconf preset after postfix's install"
grep -Eq "install .* ssl-cert( |\$)" "$JT_LOG" || fail "no ssl-cert"
assert_grep 'starts denied' "$W/test.out"
assert_grep 'clang' "$W/test.out"
rm -rf "$W"

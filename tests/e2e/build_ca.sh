#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What programs need that their ELF headers do not say (issue 13, item 5):
# the CA bundle the root's TLS library reads, when a kept object links
# libssl, libcurl or libgnutls ("added because ..."; --no-ca opts out;
# libcrypto alone brings none), and git's libexec/git-core, closed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
. "$(dirname "$0")/lib_interp.sh"

case_dir build_ca

# --- Debian host -----------------------------------------------------------
CA=/etc/ssl/certs/ca-certificates.crt
if [ ! -x /usr/bin/curl ] || [ ! -f $CA ]; then
	note "no curl or no $CA on this host: Debian part not run"
else
	CASE=debian_curl
	expect_exit 0 jt build -s / -i /usr/bin/curl --dry-run
	in_plan $CA
	assert_grep "note: $CA added because .* links lib(ssl|curl|curl-gnutls|gnutls)\.so" "$ERR"
	assert_grep "^f .* $CA  # added because " "$OUT"
	CASE=debian_no_ca
	expect_exit 0 jt build -s / -i /usr/bin/curl --no-ca --dry-run
	not_in_plan $CA
	! grep -q 'added because' "$ERR" || fail "--no-ca: a note"
	CASE=debian_ls
	expect_exit 0 jt build -s / -i /bin/ls --dry-run
	not_in_plan $CA
fi
if [ -x /usr/bin/git ] && [ -d /usr/lib/git-core ]; then
	CASE=debian_git
	expect_exit 0 jt build -s / -i /usr/bin/git --dry-run
	in_plan /usr/lib/git-core/git-remote-https
	assert_grep 'note: /usr/lib/git-core added because git \(/usr/bin/git\) runs its helper programs from it' "$ERR"
	# the helper is closed: the library it links is in the jail
	lib=$(ldd /usr/lib/git-core/git-remote-https | sed -n 's/^.*libcurl[^ ]* => \([^ ]*\) .*/\1/p')
	[ -z "$lib" ] || in_plan "$(readlink -f "$lib")"
fi

# --- FreeBSD ---------------------------------------------------------------
freebsd_objs
fbsd_cc
B=$CASES/objs
mkdir -p "$B" || fail mkdir
so "$B/libbaz.so.1" libbaz.so.1
ln -sf libbaz.so.1 "$B/libbaz.so"
program "$B/git" -L"$B" -lbaz
program "$B/git-remote-https" -L"$B" -lbaz

overlay freebsd_ca
echo 'CERT' | put_text /usr/local/share/certs/ca-root-nss.crt
put_link /usr/local/share/certs/ca-root-nss.crt /etc/ssl/cert.pem
# fetch links libssl: both, the link and its target
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -i /usr/bin/fetch --dry-run
in_plan /etc/ssl/cert.pem
in_plan /usr/local/share/certs/ca-root-nss.crt
assert_grep 'note: /etc/ssl/cert.pem added because /usr/bin/fetch links libssl.so.7' "$ERR"
CASE=freebsd_no_ca
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -i /usr/bin/fetch --no-ca --dry-run
not_in_plan /etc/ssl/cert.pem
not_in_plan /usr/local/share/certs/ca-root-nss.crt
# sshd links libcrypto, not libssl: it verifies no certificate
CASE=freebsd_sshd
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -i /usr/sbin/sshd --dry-run
not_in_plan /etc/ssl/cert.pem

# git: /usr/local/libexec/git-core comes, its programs closed
overlay freebsd_git
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/usr/local/lib
put "$B/git" /usr/local/bin/git
put "$B/git-remote-https" /usr/local/libexec/git-core/git-remote-https
printf '#!/bin/sh\necho\n' | put_text /usr/local/libexec/git-core/git-sh-setup
put "$B/libbaz.so.1" /usr/local/lib/libbaz.so.1
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -i /usr/local/bin/git --dry-run
in_plan /usr/local/libexec/git-core/git-remote-https
in_plan /usr/local/libexec/git-core/git-sh-setup
in_plan /usr/local/lib/libbaz.so.1
# ...and a helper whose library is missing stops the build
rm "$OV/usr/local/lib/libbaz.so.1"
put "$B/libbaz.so.1" /usr/local/lib/git-only/libbaz.so.1
expect_exit 3 jt build -s "$FBSD_ROOT" -s "$OV" -i /usr/local/bin/git --dry-run
assert_grep 'git-remote-https.*libbaz.so.1' "$ERR"
exit 0

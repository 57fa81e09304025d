# SPDX-License-Identifier: BSD-2-Clause
# Helpers for the platform_* e2e tests (POSIX sh).  Source after lib.sh.
# Each test makes whole, tiny roots from freestanding objects that clang
# and lld cross-compile here (no FreeBSD base needed): a stand-in
# run-time linker and libc carrying, or not, an NT_FREEBSD_ABI_TAG note,
# and programs with the PT_INTERP, DT_NEEDED and RUNPATH of the case.

command -v clang >/dev/null 2>&1 && command -v ld.lld >/dev/null 2>&1 ||
    skip "clang and ld.lld are needed to make the test objects"

# plat_dir NAME: fresh scratch directory $PD for this script.
plat_dir() {
	PD=$JT_TEST_WORK/$1
	{ [ ! -d "$PD" ] || chmod -R u+rwx "$PD"; } && rm -rf "$PD" &&
	    mkdir -p "$PD/src" "$PD/obj" || fail "cannot create $PD"
	# The ABI note as crtbrand.S writes it: namesz 8, descsz 4, type 1
	# (NT_FREEBSD_ABI_TAG), "FreeBSD\0", __FreeBSD_version.
	cat >"$PD/src/lib.c" <<'EOF'
#define S_(x) #x
#define S(x) S_(x)
#ifdef ABI_VERSION
__asm__(".section .note.tag,\"a\",@note\n.p2align 2\n.long 8\n.long 4\n"
    ".long 1\n.asciz \"FreeBSD\"\n.p2align 2\n.long " S(ABI_VERSION) "\n"
    ".previous\n");
#endif
int FN(void) { return 0; }
EOF
	cat >"$PD/src/prog.c" <<'EOF'
int FN(void);
void _start(void)
{
	volatile int r = FN();
	(void)r;
	for (;;)
		;
}
EOF
}

# cc_fbsd TARGET OUT ARGS...: a freestanding FreeBSD object for TARGET
# (x86_64, i386, aarch64).
cc_fbsd() {
	_t=$1 _o=$2; shift 2
	clang --target="$_t-unknown-freebsd13.2" -fuse-ld=lld -O1 -nostdlib \
	    -fno-stack-protector "$@" -o "$PD/obj/$_o" ||
	    fail "cannot build $_o for $_t"
}

# lib_fbsd TARGET OUT SONAME FN [ABI_VERSION]: a shared object defining FN.
lib_fbsd() {
	_t=$1 _o=$2 _so=$3 _fn=$4
	cc_fbsd "$_t" "$_o" -shared -fPIC -DFN="$_fn" \
	    ${5:+-DABI_VERSION=$5} ${_so:+-Wl,-soname,$_so} "$PD/src/lib.c"
}

# inroot ROOT FILE /PATH: copy an object into a root.
inroot() {
	mkdir -p "$1$(dirname "$3")" && cp "$PD/obj/$2" "$1$3" ||
	    fail "cannot put $2 at $3"
}

# expect CODE CMD...: expect_exit, and no sanitizer report on stderr (an
# ASan build's report must not hide behind an expected failure status).
expect() {
	expect_exit "$@"
	shift
	no_sanitizer_report "$*"
}

# perl.profile — the perl interpreter with its modules.  "interpreter perl
# PATH" brings PATH's closure and the @INC directories the source's
# Config.pm records (archlib, privlib, site and vendor directories, and
# the one holding Config.pm), their XS modules closed.
# Format: jailtrim-profile(5).
description perl interpreter with its modules
include base

[freebsd]
# lang/perl5.X installs /usr/local/bin/perl and perl5.X.Y (the same file)
interpreter perl /usr/local/bin/perl*

[linux]
interpreter perl /usr/bin/perl

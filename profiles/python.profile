# python.profile — the python interpreter with its standard library.
# "interpreter python PATH" brings PATH's closure and PREFIX/lib/pythonX.Y
# (lib-dynload's compiled modules closed), read from the source: the
# version from the interpreter's real name or the libpython it links.
# __pycache__ and the test suites are left out.  Format: jailtrim-profile(5).
description python interpreter with its standard library
include base

[freebsd]
# lang/pythonXY installs /usr/local/bin/pythonX.Y: every one installed
interpreter python /usr/local/bin/python*

[linux]
# Debian: /usr/bin/python3 -> python3.11, the library in /usr/lib/python3.11
interpreter python /usr/bin/python3

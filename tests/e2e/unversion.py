# SPDX-License-Identifier: BSD-2-Clause
# unversion.py ELF VERSION: rename VERSION's definition in .gnu.version_d
# (following the verdef to its name in .dynstr, not a string search) so
# the object no longer defines it.  ELF64 little-endian only.
import struct, sys
path, want = sys.argv[1], sys.argv[2].encode()
b = bytearray(open(path, 'rb').read())
assert b[:4] == b'\x7fELF' and b[4] == 2 and b[5] == 1, 'not ELF64 LE'
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum = struct.unpack_from('<HH', b, 0x3a)
sh = [struct.unpack_from('<IIQQQQIIQQ', b, shoff + i * shentsize) for i in range(shnum)]
vd = [s for s in sh if s[1] == 0x6ffffffd]          # SHT_GNU_verdef
assert len(vd) == 1, 'no .gnu.version_d'
strtab = sh[vd[0][6]][4]                             # sh_link -> .dynstr offset
off, done = vd[0][4], 0
while True:
    ver, flags, ndx, cnt, h, aux, nxt = struct.unpack_from('<HHHHIII', b, off)
    name_off, = struct.unpack_from('<I', b, off + aux)
    p = strtab + name_off
    if b[p:p + len(want) + 1] == want + b'\0':
        b[p + len(want) - 1] = ord('X')
        done += 1
    if nxt == 0:
        break
    off += nxt
assert done == 1, 'version %s defined %d times' % (want, done)
open(path, 'wb').write(b)

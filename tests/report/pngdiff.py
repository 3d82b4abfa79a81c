#!/usr/bin/env python3
"""pngdiff.py A.png B.png [MAX_FRACTION] [LEVEL]: compares two PNG images (8-bit greyscale,
RGB or RGBA, not interlaced: what pdftoppm writes) pixel by pixel with the standard library
only. They match when the sizes are equal and at most MAX_FRACTION (default 0.002) of the
pixels differ by more than LEVEL (default 48, of 255) in some channel. Exit 0 on a match, 1
with a line saying how far apart they are otherwise."""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError(f'{path}: not a PNG')
    pos, idat, w = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b'IHDR':
            w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or interlace or ctype not in (0, 2, 6):
                raise ValueError(f'{path}: unsupported PNG (depth {depth}, type {ctype})')
            bpp = {0: 1, 2: 3, 6: 4}[ctype]
        elif kind == b'IDAT':
            idat += body
        elif kind == b'IEND':
            break
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, at = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[at]
        line = bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    a, b = sys.argv[1], sys.argv[2]
    frac = float(sys.argv[3]) if len(sys.argv) > 3 else 0.002
    level = int(sys.argv[4]) if len(sys.argv) > 4 else 48
    wa, ha, pa, ra = read_png(a)
    wb, hb, pb, rb = read_png(b)
    if (wa, ha) != (wb, hb) or pa != pb:
        print(f'{a} is {wa}x{ha}, {b} is {wb}x{hb}')
        return 1
    bad = 0
    for la, lb in zip(ra, rb):
        if la == lb:
            continue
        for x in range(wa):
            if any(abs(la[x * pa + k] - lb[x * pa + k]) > level for k in range(pa)):
                bad += 1
    share = bad / (wa * ha)
    if share > frac:
        print(f'{a} and {b}: {bad} pixels of {wa * ha} differ ({share:.4%} > {frac:.4%})')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

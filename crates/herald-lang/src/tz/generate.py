#!/usr/bin/env python3
"""Writes crates/herald-lang/src/tz/spans.bin: chrono-tz's time-zone transitions in a compact form.

chrono-tz compiles every zone's transitions into a `FixedTimespanSet` (24 bytes a transition,
each link a copy of its zone): about 880 KB of a WebAssembly module. herald needs only the total
UTC offset of each span, so this writes the same spans, deduplicated, varint-encoded and laid out
in columns (about 138 KB, 16 KB gzipped; the layout is described in mod.rs), read by
crates/herald-lang/src/tz/mod.rs with chrono-tz's own lookup rules.

The transitions are read from chrono-tz's generated source (its `TimeSpans` trait is private),
found through `cargo metadata`, so the table always matches the chrono-tz in Cargo.lock. The
Rust tests (`tz::tests`) compare every zone with chrono-tz; when chrono-tz is updated they fail
until this script is run again:

    python3 crates/herald-lang/src/tz/generate.py
"""
import json
import re
import struct
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def chrono_tz_source():
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked"], cwd=ROOT))
    for package in meta["packages"]:
        if package["name"] == "chrono-tz":
            return package["version"], Path(package["manifest_path"]).parent / "src" / "prebuilt" / "timezones.rs"
    raise SystemExit("chrono-tz is not a dependency")


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return (n << 1) if n >= 0 else ((-n) << 1) - 1


def main():
    version, path = chrono_tz_source()
    text = path.read_text()
    enum = re.search(r"pub enum Tz \{(.*?)\n\}", text, re.S).group(1)
    variants = re.findall(r"^\s*([A-Za-z0-9_]+),$", enum, re.M)
    body = text[text.index("fn timespans(&self) -> FixedTimespanSet"):]
    arms = re.split(r"\n\s*Tz::([A-Za-z0-9_]+) => \{", body)[1:]
    spans = {}
    for name, arm in zip(arms[0::2], arms[1::2]):
        first = re.search(r"first: FixedTimespan \{\s*utc_offset: (-?\d+),\s*dst_offset: (-?\d+)", arm)
        rest = re.findall(r"\((-?\d+), FixedTimespan \{ utc_offset: (-?\d+), dst_offset: (-?\d+)", arm)
        spans[name] = (int(first.group(1)) + int(first.group(2)),
                       tuple((int(t), int(u) + int(d)) for t, u, d in rest))
    missing = [v for v in variants if v not in spans]
    if missing or len(spans) != len(variants):
        raise SystemExit(f"could not read every zone of {path}: missing {missing[:5]}")

    sets, set_index = [], {}
    for v in variants:
        key = spans[v]
        if key not in set_index:
            set_index[key] = len(sets)
            sets.append(key)
    # Columns, which gzip compresses better than one record after another (docs/wasm.md): the
    # set headers, then every set's transition times, then every set's palette indexes.
    headers, deltas, indexes = bytearray(), bytearray(), bytearray()
    for first, rest in sets:
        palette = sorted({first, *(o for _, o in rest)})
        if len(palette) > 256:
            raise SystemExit("a palette index no longer fits a byte")
        headers += varint(len(palette))
        for o in palette:
            headers += varint(zigzag(o))
        times = bytearray()
        previous = 0
        for t, o in rest:
            # Most transitions fall on a whole hour: the delta in hours is shorter and repeats
            # more. The low bit says which unit.
            delta = t - previous
            times += varint(zigzag(delta // 3600) << 1 if delta % 3600 == 0 else zigzag(delta) << 1 | 1)
            indexes.append(palette.index(o))
            previous = t
        headers += varint(palette.index(first)) + varint(len(rest)) + varint(len(times))
        deltas += times

    blob = bytearray(b"HTZ2")
    blob += struct.pack("<HH", len(variants), len(sets))
    for v in variants:
        blob += struct.pack("<H", set_index[spans[v]])
    blob += headers + deltas + indexes
    (HERE / "spans.bin").write_bytes(bytes(blob))
    (HERE / "spans.version").write_text(f"chrono-tz {version}\n")
    print(f"crates/herald-lang/src/tz/spans.bin: chrono-tz {version}, {len(variants)} zones, {len(sets)} distinct, "
          f"{sum(len(r) for _, r in sets)} transitions, {len(blob)} bytes")


if __name__ == "__main__":
    main()

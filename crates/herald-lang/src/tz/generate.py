#!/usr/bin/env python3
"""Writes crates/herald-lang/src/tz/spans.bin and names.txt: chrono-tz's time zones in a compact form.

chrono-tz compiles every zone's transitions into a `FixedTimespanSet` (24 bytes a transition,
each link a copy of its zone): about 880 KB of a WebAssembly module. herald needs only the total
UTC offset of each span, so this writes the same spans, deduplicated, varint-encoded and laid out
in columns (about 138 KB, 16 KB gzipped; the layout is described in mod.rs), read by
crates/herald-lang/src/tz/mod.rs with chrono-tz's own lookup rules.

names.txt holds the names chrono-tz's `Tz::from_str` accepts (its phf map `TIMEZONES`: one name
per zone, links included, matched exactly), one a line, in the order of chrono-tz's `Tz` enum,
which is the names' byte order: a zone's line number is its `Tz` index (spans.bin's zone order)
and herald's `Tz::from_str` finds it by binary search (tz/names.rs). The script refuses a
chrono-tz whose names are not one per zone or not in that order.

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


def zone_names(text, variants):
    """The names `Tz::from_str` accepts (the phf map's keys), in `Tz` order."""
    table = text[text.index("static TIMEZONES"):text.index("impl FromStr for Tz")]
    entries = re.findall(r'\("([^"]+)", Tz::([A-Za-z0-9_]+)\)', table)
    by_variant = {}
    for name, variant in entries:
        if variant in by_variant:
            raise SystemExit(f"{variant} has two names: {by_variant[variant]}, {name}")
        by_variant[variant] = name
    if sorted(by_variant) != sorted(variants) or len(entries) != len(variants):
        raise SystemExit("chrono-tz's TIMEZONES is not one name per zone")
    names = [by_variant[v] for v in variants]
    bytes_ = [n.encode() for n in names]
    if any(a >= b for a, b in zip(bytes_, bytes_[1:])):
        raise SystemExit("chrono-tz's zones are no longer in their names' byte order")
    if any(not n.isascii() or n != n.strip() or "\n" in n for n in names):
        raise SystemExit("a zone name does not fit a line of names.txt")
    return names


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
    names = zone_names(text, variants)

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
    (HERE / "names.txt").write_text("".join(n + "\n" for n in names))
    (HERE / "spans.version").write_text(f"chrono-tz {version}\n")
    print(f"crates/herald-lang/src/tz/spans.bin: chrono-tz {version}, {len(variants)} zones, {len(sets)} distinct, "
          f"{sum(len(r) for _, r in sets)} transitions, {len(blob)} bytes")


if __name__ == "__main__":
    main()

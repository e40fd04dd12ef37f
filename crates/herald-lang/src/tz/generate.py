#!/usr/bin/env python3
"""Writes crates/herald-lang/src/tz/spans.bin and names.txt: chrono-tz's time zones in a compact form.

chrono-tz compiles every zone's transitions into a `FixedTimespanSet` (24 bytes a transition,
each link a copy of its zone): about 880 KB of a WebAssembly module. herald needs only the total
UTC offset of each span, so this writes the same spans, deduplicated and laid out in columns
(version HTZ3; the layout is described on `Table` in mod.rs), read by
crates/herald-lang/src/tz/mod.rs with chrono-tz's own lookup rules:

- chrono-tz expands today's tzdata rules into explicit transitions up to its horizon (2099).
  Each run of at least MIN_RUN transitions that follow the same yearly rules, year after year
  (`find_run`: per transition, every rule that gives it, kept while the next years' agree),
  is one record: its first year, its count and its rules' indexes. A rule is a month, a day
  (fixed, the first weekday on or after a day, the last weekday), a time on the local clock
  before the transition or UTC, and the change of offset (no offset: zones following the same
  rules share them; the rule written is the one that fits the most runs). 24 rules, 103 runs
  make 19,425 of the 36,106 transitions.
- The other transitions are explicit: the local date (days from the previous transition's)
  and time of day (quarter hours when whole), and the offset's palette index.

75,335 bytes, 13,601 gzipped (the explicit transitions alone, as hour deltas: 138,406 and
16,281; docs/wasm.md, branch `zones`, has the variants measured). Before writing, the table is
decoded back (`decode`, as mod.rs decodes it) and must give every zone's spans exactly;
spans.check holds each zone's transition count and hash (`fnv`), which the Rust tests compare
with what mod.rs decodes.

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
    blob, stats = encode(variants, [set_index[spans[v]] for v in variants], sets)
    if decode(blob) != ([set_index[spans[v]] for v in variants], sets):
        raise SystemExit("spans.bin does not decode to chrono-tz's spans")
    (HERE / "spans.bin").write_bytes(bytes(blob))
    (HERE / "names.txt").write_text("".join(n + "\n" for n in names))
    (HERE / "spans.version").write_text(f"chrono-tz {version}\n")
    (HERE / "spans.check").write_text("".join(
        f"{name} {len(spans[v][1])} {fnv(spans[v]):016x}\n" for name, v in zip(names, variants)))
    print(f"crates/herald-lang/src/tz/spans.bin: chrono-tz {version}, {len(variants)} zones, {len(sets)} distinct, "
          f"{sum(len(r) for _, r in sets)} transitions ({stats}), {len(blob)} bytes")


DAY = 86_400
# A run of fewer transitions is written as explicit transitions: only the long runs of today's
# rules (to chrono-tz's horizon, 2099) pay for their records (docs/wasm.md, branch `zones`).
MIN_RUN = 64


def civil_from_days(z):
    """(year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm)."""
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


def days_from_civil(y, m, d):
    y = y - 1 if m <= 2 else y
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m - 3 if m > 2 else m + 9) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def days_in_month(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def weekday(days):
    """0 for Sunday."""
    return (days + 4) % 7


# A rule: (month, kind, weekday, day, clock, seconds, change). The day of `year`-`month` it names
# is FIXED: `day`; ON_OR_AFTER: the first `weekday` (0 for Sunday) on or after `day`; LAST: the
# last `weekday` of the month. The transition is `seconds` after that day's 00:00 on the clock
# `clock` (WALL: the local time before the transition; UTC), and the total offset changes by
# `change` seconds: a rule holds no offset, so the zones that follow the same rules share them.
FIXED, ON_OR_AFTER, LAST = 0, 1, 2
WALL, UTC = 0, 1


def rule_day(year, rule):
    month, kind, wd, day = rule[:4]
    if kind == FIXED:
        return days_from_civil(year, month, day)
    if kind == ON_OR_AFTER:
        d = days_from_civil(year, month, day)
        return d + (wd - weekday(d)) % 7
    d = days_from_civil(year, month, days_in_month(year, month))
    return d - (weekday(d) - wd) % 7


def expand(first_year, count, rules, offset):
    """A run's transitions from `offset`, as the decoder makes them: rule after rule, the year
    moving on whenever a rule's month is not after the previous one's."""
    year, out, previous = first_year, [], None
    for i in range(count):
        month, kind, wd, day, clock, seconds, change = rules[i % len(rules)]
        if previous is not None and month <= previous:
            year += 1
        at = rule_day(year, rules[i % len(rules)]) * DAY + seconds - (offset if clock == WALL else 0)
        offset += change
        out.append((at, offset))
        previous = month
    return out


def candidates(t, before, after):
    """Every rule (with its year) that gives transition `t` from `before` to `after`: its day
    is the local date before the transition or one either side."""
    local_day = (t + before) // DAY
    out = {}
    for day in (local_day - 1, local_day, local_day + 1):
        y, m, d = civil_from_days(day)
        wd = weekday(day)
        for clock, seconds in ((WALL, t + before - day * DAY), (UTC, t - day * DAY)):
            time = (clock, seconds, after - before)
            out[(m, FIXED, 0, d, *time)] = y
            for start in range(max(1, d - 6), d + 1):
                out[(m, ON_OR_AFTER, wd, start, *time)] = y
            if d > days_in_month(y, m) - 7:
                out[(m, LAST, wd, 0, *time)] = y
    return out


def preference(rule):
    """Which of the rules that fit a run is written: the commonest kinds of tzdata first."""
    month, kind, wd, day, clock, seconds, change = rule
    return ({LAST: 0, ON_OR_AFTER: 1, FIXED: 2}[kind], day % 7 != 1, day, clock, seconds, change)


def find_run(rest, at, first):
    """The longest run of yearly rules starting at transition `at`: (length, first year, rules,
    and for each rule every rule that fits the run as well)."""
    best = (0, 0, (), [])
    for k in (1, 2, 3, 4):
        if at + 2 * k > len(rest):
            break
        befores = [first if at + i == 0 else rest[at + i - 1][1] for i in range(k)]
        fits = [candidates(rest[at + i][0], befores[i], rest[at + i][1]) for i in range(k)]
        n = k
        while at + n < len(rest) and fits[n % k]:
            t, after = rest[at + n]
            nxt = candidates(t, rest[at + n - 1][1], after)
            kept = {r: y + 1 for r, y in fits[n % k].items() if nxt.get(r) == y + 1}
            if not kept:
                break
            fits[n % k] = kept
            n += 1
        if n < 2 * k:
            continue
        rules = tuple(min(f, key=preference) for f in fits)
        first_year = fits[0][rules[0]] - (n - 1) // k  # the years were advanced to the last
        # The exact run: the longest prefix the rules reproduce.
        made = expand(first_year, n, rules, befores[0])
        good = 0
        while good < n and made[good] == rest[at + good]:
            good += 1
        if good > best[0]:
            best = (good, first_year, rules, fits)
    return best


def fnv(spans):
    """FNV-1a (64 bits) of a zone's spans: the first offset (i32), then each transition's time
    (i64) and offset (i32), little-endian. The tests hash what mod.rs decodes the same way and
    compare with spans.check: every zone's full list, exactly as chrono-tz has it."""
    first, rest = spans
    data = struct.pack("<i", first) + b"".join(struct.pack("<qi", t, o) for t, o in rest)
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


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


def encode(variants, zone_sets, sets):
    # The runs, each with every rule list that fits it; then the rules written are those that
    # fit the most runs, so that zones following the same rules share them.
    found, popular = [], {}
    for first, rest in sets:
        at, items = 0, []
        while at < len(rest):
            n, year, these, fits = find_run(rest, at, first)
            if n >= MIN_RUN:
                before = rest[at - 1][1] if at else first
                items.append(["run", year, n, these, fits, before, rest[at:at + n]])
                for f in fits:
                    for r in f:
                        popular[r] = popular.get(r, 0) + 1
                at += n
            else:
                items.append(["at", rest[at]])
                at += 1
        found.append((first, rest, items))
    rules, rule_index = [], {}
    explicit_count = run_count = ruled = 0
    for first, rest, items in found:
        for item in items:
            if item[0] == "at":
                explicit_count += 1
                continue
            _, year, n, these, fits, before, made = item
            best = tuple(max(f, key=lambda r: (popular[r], [-x for x in preference(r)])) for f in fits)
            if expand(year, n, best, before) == list(made):
                item[3] = best
            for r in item[3]:
                if r not in rule_index:
                    rule_index[r] = len(rules)
                    rules.append(r)
            run_count += 1
            ruled += n
    # Columns, which gzip compresses better than one record after another (docs/wasm.md): the
    # set headers (with their runs), then every set's explicit transition days, then their
    # clock times, then their palette indexes.
    headers, days, clocks, indexes = bytearray(), bytearray(), bytearray(), bytearray()
    for first, rest, items in found:
        palette = sorted({first, *(o for _, o in rest)})
        if len(palette) > 256:
            raise SystemExit("a palette index no longer fits a byte")
        headers += varint(len(palette))
        for o in palette:
            headers += varint(zigzag(o))
        these_days, these_clocks, runs = bytearray(), bytearray(), bytearray()
        offset, previous_day, explicit, since, run_total = first, 0, 0, 0, 0
        for item in items:
            if item[0] == "at":
                t, o = item[1]
                # The local date (on the clock before the transition) as days from the previous
                # transition's, and the local time of day: in quarter hours plus one (the low bit
                # 0) when it is a whole number of them, which most are, else in seconds (the low
                # bit 1). Never a 0 byte: wasm-opt cuts a data segment at a run of zeros, and the
                # pieces cost more than the zeros (midnight is common).
                day, clock = divmod(t + offset, DAY)
                these_days += varint(zigzag(day - previous_day))
                these_clocks += varint((clock // 900 + 1) << 1 if clock % 900 == 0 else clock << 1 | 1)
                indexes.append(palette.index(o))
                previous_day, offset = day, o
                explicit += 1
                since += 1
            else:
                _, year, n, these = item[:4]
                runs += varint(since) + varint(year) + varint(n) + varint(len(these))
                for r in these:
                    runs += varint(rule_index[r])
                made = expand(year, n, these, offset)
                before = made[-2][1] if n > 1 else offset
                previous_day, offset = (made[-1][0] + before) // DAY, made[-1][1]
                since = 0
                run_total += 1
        headers += varint(palette.index(first)) + varint(explicit)
        headers += varint(len(these_days)) + varint(len(these_clocks)) + varint(run_total) + runs
        days += these_days
        clocks += these_clocks

    blob = bytearray(b"HTZ3")
    blob += struct.pack("<HHH", len(variants), len(sets), len(rules))
    for s in zone_sets:
        blob += struct.pack("<H", s)
    for month, kind, wd, day, clock, seconds, change in rules:
        blob += bytes([month | kind << 4 | clock << 6, wd, day]) + varint(zigzag(seconds)) + varint(zigzag(change))
    blob += headers + days + clocks + indexes
    stats = f"{explicit_count} explicit, {ruled} in {run_count} runs of {len(rules)} rules"
    return blob, stats


def decode(blob):
    """spans.bin read back as mod.rs reads it: (each zone's set, each set's spans)."""
    if blob[:4] != b"HTZ3":
        raise SystemExit("not HTZ3")
    zones, nsets, nrules = struct.unpack_from("<HHH", blob, 4)
    pos = 10
    zone_sets = list(struct.unpack_from(f"<{zones}H", blob, pos))
    pos += 2 * zones

    def read():
        nonlocal pos
        value, shift = 0, 0
        while True:
            b = blob[pos]
            pos += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return value

    def unzig(n):
        return (n >> 1) ^ -(n & 1)

    rules = []
    for _ in range(nrules):
        mk, wd, day = blob[pos:pos + 3]
        pos += 3
        rules.append((mk & 15, mk >> 4 & 3, wd, day, mk >> 6, unzig(read()), unzig(read())))
    headers = []
    for _ in range(nsets):
        palette = [unzig(read()) for _ in range(read())]
        first = palette[read()]
        count, days_len, clocks_len = read(), read(), read()
        runs = []
        for _ in range(read()):
            since, year, n, k = read(), read(), read(), read()
            runs.append((since, year, n, [rules[read()] for _ in range(k)]))
        headers.append((palette, first, count, days_len, clocks_len, runs))
    days_at = pos
    clocks_at = days_at + sum(h[3] for h in headers)
    indexes_at = clocks_at + sum(h[4] for h in headers)
    sets = []
    for palette, first, count, days_len, clocks_len, runs in headers:
        rest, state = [], {"offset": first, "day": 0, "done": 0}

        def push(t, o):
            if rest and t <= rest[-1][0]:
                raise SystemExit("transitions out of order")
            state["day"] = (t + state["offset"]) // DAY
            state["offset"] = o
            rest.append((t, o))

        def explicit(n):
            nonlocal pos, days_at, clocks_at
            for _ in range(n):
                pos = days_at
                day = state["day"] + unzig(read())
                days_at = pos
                pos = clocks_at
                x = read()
                clocks_at = pos
                clock = ((x >> 1) - 1) * 900 if x & 1 == 0 else x >> 1
                push(day * DAY + clock - state["offset"], palette[blob[indexes_at + state["done"]]])
                state["done"] += 1
        for since, year, n, these in runs:
            explicit(since)
            for t, o in expand(year, n, these, state["offset"]):
                push(t, o)
        explicit(count - state["done"])
        indexes_at += count
        sets.append((first, tuple(rest)))
    if indexes_at != len(blob):
        raise SystemExit("spans.bin has bytes to spare")
    return zone_sets, sets


if __name__ == "__main__":
    main()

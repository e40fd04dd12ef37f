#!/usr/bin/env python3
"""Differential test: herald's local-time rules against Python's `zoneinfo`, for every IANA zone
both know, over two years of instants (2026-01-01 to 2028-01-01).

herald resolves local time through chrono-tz's copy of the IANA database (a compact table of its
transitions, crates/herald-lang/src/tz/); this test computes the same answers independently —
other code (the model below, written from docs/evaluation.md's rules), other data (the system's
compiled TZif files, or PyPI's `tzdata`) — and compares them with what `herald eval` prints:

- `wait until HH:MM`: now when the recipient's clock shows that minute, else the first instant
  ahead at which it does; inside a spring-forward gap, the instant the clock jumps past it; in a
  repeated hour, the first occurrence still ahead.
- quiet hours `[from, to)` local: inside, a `defer` until the next instant the clock shows `to`;
  outside, a `send`.
- `days_since(x)`, `hours_since(x)` (zone-independent; checked on the same instants, including
  years 0001, 1969 and 9999).

Instants per zone: every UTC-offset transition in the two years, and instants around it (±1 ms,
±1 min, ±1 h), instants at and around three targets' local wall-clock minute on random days, and
six random instants. `HERALD_LONG=1` adds ±1 s, ±30 min and ±1 day around each transition and
one instant in every 6 hours of the two years (about 3,000 a zone). `HERALD_ZONES_EVERY=N` keeps
every Nth zone in name order (a documented subset of a long run, on a machine without the
time for all of it).
Prints each disagreement (the first 30) and ends with `zoneinfo: N passed, N failed`, one case
per zone.
"""
import os
import random
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import herald_cli  # noqa: E402

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2028, 1, 1, tzinfo=UTC)
MS_MIN, MS_HOUR, MS_DAY = 60_000, 3_600_000, 86_400_000
LONG = os.environ.get("HERALD_LONG") == "1"
ZONES_EVERY = max(1, int(os.environ.get("HERALD_ZONES_EVERY", "1")))
# Zones evaluated by one herald process; their requests and responses are dropped before the next.
CHUNK_ZONES = 40

# `wait until` targets: midnight (skipped by the DST changes of Santiago, Asunción, Havana,
# Beirut...), the hours European and American changes skip or repeat, a half hour, a morning.
WAIT_TARGETS = [(0, 0), (0, 30), (1, 30), (2, 0), (2, 30), (3, 0), (9, 0), (23, 59)]
# Quiet hours: across midnight, inside a DST gap or repeat, a daytime window, an empty one.
QUIET_WINDOWS = [((21, 0), (8, 0)), ((22, 30), (7, 15)), ((0, 0), (6, 0)), ((2, 0), (3, 0)),
                 ((1, 0), (2, 0)), ((12, 0), (14, 0)), ((23, 30), (0, 30)), ((9, 0), (9, 0))]
# Reference instants for days_since / hours_since, as herald reads them.
SINCE = ["2026-03-08T14:00:00Z", "1969-07-20T20:17:40.5Z", "0001-01-01T00:00:00Z",
         "9999-12-31T23:59:59.999Z", "2026-03-08", "2025-12-31T23:00:00-05:30"]


def program():
    lines = []
    for i, (h, m) in enumerate(WAIT_TARGETS):
        lines.append(f'journey "w{i}" {{\n  when event "go"\n  reentry always\n  wait until {h:02}:{m:02}\n}}\n')
    for i, ((fh, fm), (th, tm)) in enumerate(QUIET_WINDOWS):
        lines.append(f'journey "q{i}" {{\n  when event "go"\n  reentry always\n'
                     f'  quiet hours {fh:02}:{fm:02} to {th:02}:{tm:02}\n  send push "q"\n}}\n')
    since = " ".join(f"{{{{ days_since(profile.s{i}) }}}}|{{{{ hours_since(profile.s{i}) }}}}" for i in range(len(SINCE)))
    lines.append(f'journey "f" {{\n  when event "go"\n  reentry always\n  send webhook "{since}"\n}}\n')
    return "\n".join(lines)


def to_ms(dt):
    return (dt - EPOCH) // timedelta(milliseconds=1)


def text(ms):
    dt = EPOCH + timedelta(milliseconds=ms)
    s = dt.strftime("%Y-%m-%dT%H:%M:%S")
    return s + (f".{ms % 1000:03}" if ms % 1000 else "") + "Z"


def parse_since(s):
    if len(s) == 10:
        return to_ms(datetime.fromisoformat(s).replace(tzinfo=UTC))
    return to_ms(datetime.fromisoformat(s.replace("Z", "+00:00")))


class Zone:
    def __init__(self, name):
        self.name = name
        self.tz = ZoneInfo(name)
        self.reached = {}

    def local(self, ms):
        """The wall clock at an instant, as a naive datetime."""
        return (EPOCH + timedelta(milliseconds=ms)).astimezone(self.tz).replace(tzinfo=None)

    def offset(self, ms):
        return (EPOCH + timedelta(milliseconds=ms)).astimezone(self.tz).utcoffset()

    def transitions(self):
        """Every instant in [START, END) where the UTC offset changes (to the millisecond)."""
        out = []
        step = 7 * MS_DAY  # offset changes are weeks apart (Morocco's around Ramadan: 4-5 weeks)
        t = to_ms(START)
        end = to_ms(END)
        prev = self.offset(t)
        while t < end:
            nxt = t + step
            off = self.offset(nxt)
            if off != prev:
                lo, hi = t, nxt  # offset(lo) == prev, offset(hi) != prev
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    if self.offset(mid) == prev:
                        lo = mid
                    else:
                        hi = mid
                out.append(hi)
                prev = off
            t = nxt
        return out

    def reach(self, wall):
        """Instants at which the clock reaches `wall` (naive): each instant it shows it (two in a
        repeated hour), or, when the clock skips it, the first instant whose wall clock is past
        it."""
        if wall not in self.reached:
            self.reached[wall] = self.reach_uncached(wall)
        return self.reached[wall]

    def reach_uncached(self, wall):
        found = []
        for fold in (0, 1):
            u = to_ms(wall.replace(tzinfo=self.tz, fold=fold).astimezone(UTC))
            if self.local(u) == wall:
                found.append(u)
        if found:
            return sorted(set(found))
        # A gap: fold=1 reads wall with the later offset (an earlier instant), fold=0 with the
        # earlier one; the jump lies between. Bisect for the first instant at or past `wall`.
        a = to_ms(wall.replace(tzinfo=self.tz, fold=1).astimezone(UTC))
        b = to_ms(wall.replace(tzinfo=self.tz, fold=0).astimezone(UTC))
        lo, hi = min(a, b) - MS_HOUR, max(a, b) + MS_HOUR
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.local(mid) >= wall:
                hi = mid
            else:
                lo = mid
        return [hi]

    def next_reach(self, now, hm, strict):
        h, m = hm
        today = self.local(now).date()
        best = None
        for d in range(-1, 3):
            wall = datetime.combine(today + timedelta(days=d), time(h, m))
            for u in self.reach(wall):
                if (u > now if strict else u >= now) and (best is None or u < best):
                    best = u
        return best

    def wait_until(self, now, hm):
        loc = self.local(now)
        if (loc.hour, loc.minute) == hm:
            return now
        return self.next_reach(now, hm, strict=False)

    def quiet_end(self, now, window):
        (fh, fm), (th, tm) = window
        loc = self.local(now)
        of_day = ((loc.hour * 60 + loc.minute) * 60 + loc.second) * 1000 + loc.microsecond // 1000
        lo, hi = (fh * 60 + fm) * MS_MIN, (th * 60 + tm) * MS_MIN
        inside = lo <= of_day < hi if lo <= hi else (of_day >= lo or of_day < hi)
        return self.next_reach(now, (th, tm), strict=True) if inside else None


def instants(zone, rng):
    out = set()
    deltas = (0, 1, -1, MS_MIN, -MS_MIN, MS_HOUR, -MS_HOUR)
    if LONG:
        deltas += (1000, -1000, 30 * MS_MIN, -30 * MS_MIN, MS_DAY, -MS_DAY)
    for t in zone.transitions():
        for d in deltas:
            out.add(t + d)
    # Around the local minutes herald compares with: the first and last millisecond of the
    # minute, and the millisecond before it.
    for _ in range(3):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(730))
        h, m = rng.choice(WAIT_TARGETS + [w[i] for w in QUIET_WINDOWS for i in (0, 1)])
        for u in zone.reach(datetime.combine(day, time(h, m))):
            for d in (0, -1, 59_999, 60_000):
                out.add(u + d)
    lo, hi = to_ms(START), to_ms(END)
    for _ in range(6):
        out.add(rng.randrange(lo, hi))
    if LONG:
        for t in range(lo, hi, 6 * MS_HOUR):
            out.add(t + rng.randrange(6 * MS_HOUR))
    return sorted(t for t in out if lo <= t < hi)


def compare(zone, now, response, since_ms):
    """herald's answer for one request against zoneinfo's: (comparisons that agree, disagreements)."""
    where = f"{zone.name} at {text(now)} (local {zone.local(now)})"
    if "error" in response:
        return 0, [f"{where}: {response['error']}"]
    passed, problems = 0, []
    journeys = response["state"]["journeys"]
    for i, hm in enumerate(WAIT_TARGETS):
        want = zone.wait_until(now, hm)
        run = journeys.get(f"w{i}", {}).get("run")
        got = now if run is None else herald_cli_ms(run["until"])
        if got == want:
            passed += 1
        else:
            problems.append(f"{where}: wait until {hm[0]:02}:{hm[1]:02}: herald {text(got)}, zoneinfo {text(want)}")
    by_journey = {d["journey"]: d for d in response["decisions"] if d["action"] in ("send", "defer")}
    for i, window in enumerate(QUIET_WINDOWS):
        want = zone.quiet_end(now, window)
        d = by_journey.get(f"q{i}")
        got = None if d is None or d["action"] == "send" else herald_cli_ms(d["until"])
        if d is not None and got == want:
            passed += 1
        else:
            problems.append(f"{where}: quiet hours {window}: herald {d}, zoneinfo defer until {want and text(want)}")
    content = by_journey.get("f", {}).get("content", "")
    want = " ".join(f"{herald_cli.js_number((now - s) / MS_DAY)}|{herald_cli.js_number((now - s) / MS_HOUR)}"
                    for s in since_ms)
    if content == want:
        passed += 1
    else:
        problems.append(f"{where}: days_since/hours_since: herald {content!r}, python {want!r}")
    return passed, problems


def main():
    names = sorted(available_timezones())
    if not names:
        raise SystemExit("Python's zoneinfo has no time-zone data: pip install tzdata")
    names = names[::ZONES_EVERY]
    # Zones herald does not know fall back to UTC; they are listed, not compared (none expected:
    # both databases are IANA's).
    source = program()
    rng = random.Random(16)
    since_ms = [parse_since(s) for s in SINCE]
    passed = failed = 0
    request_count = 0
    shown = 0
    failed_zones = set()

    def report(zone, msg):
        nonlocal failed, shown
        failed += 1
        failed_zones.add(zone.name)
        if shown < 30:
            print("DISAGREE", msg)
            shown += 1

    # Zones go to herald in chunks, each chunk's requests and responses dropped before the next:
    # the long run's 1.8 million requests held at once took over 10 GB.
    for first in range(0, len(names), CHUNK_ZONES):
        chunk = names[first:first + CHUNK_ZONES]
        requests, meta = [], []
        for name in chunk:
            zone = Zone(name)
            for now in instants(zone, rng):
                profile = {"id": "u1", "timezone": name, "push_token": "tok"}
                for i, s in enumerate(SINCE):
                    profile[f"s{i}"] = s
                requests.append({"now": text(now), "profile": profile, "event": {"name": "go"}})
                meta.append((zone, now))
        request_count += len(requests)
        responses = herald_cli.evaluate(source, requests)
        for (zone, now), response in zip(meta, responses):
            p, problems = compare(zone, now, response, since_ms)
            passed += p
            for msg in problems:
                report(zone, msg)
        if LONG:
            print(f"  zones {first + 1}-{first + len(chunk)} of {len(names)}: {request_count} requests so far,"
                  f" {passed + failed} comparisons, {failed} disagreements", file=sys.stderr, flush=True)
    print(f"{len(names)} zones, {request_count} requests, {passed + failed} comparisons, {failed} disagreements")
    # One case per zone: it passes when every comparison in it agrees.
    print(f"zoneinfo: {len(names) - len(failed_zones)} passed, {len(failed_zones)} failed")
    return 1 if failed else 0


def herald_cli_ms(s):
    return to_ms(datetime.fromisoformat(s.replace("Z", "+00:00")))


if __name__ == "__main__":
    sys.exit(main())

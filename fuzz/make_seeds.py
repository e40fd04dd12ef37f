#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets (fuzz/seeds/TARGET/), from the examples, the
conformance cases and a few hand-picked texts. Seeds start the fuzzers somewhere useful and are
run by tests/fuzz_regressions.rs on stable. Run from anywhere: python3 fuzz/make_seeds.py"""
import glob
import hashlib
import json
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
# The order of EXAMPLES in fuzz/src/bodies.rs: the selector byte picks the program.
EXAMPLES = ["cart_abandonment", "order_updates", "otp", "quiet_hours_promo", "welcome", "winback",
            "appointment_reminder", "birthday", "trial_conversion"]
N = len(EXAMPLES)


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    shutil.rmtree(SEEDS, ignore_errors=True)
    cases = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(ROOT, "tests/conformance/*.json")))]
    sources = [open(os.path.join(ROOT, "examples", f"{e}.herald")).read() for e in EXAMPLES]
    sources += [c["source"] for c in cases]
    sources += [s["source"] for c in cases for s in c["steps"] if "source" in s]
    sources.append(open(os.path.join(ROOT, "crates/herald-lang/src/format/testdata/spec_example.herald")).read())
    for s in sources:
        write("parse_check", s)
        write("format_roundtrip", s)

    # evaluate: selector = program index + 9 × slot (fuzz/src/bodies.rs, request_with_slot).
    requests = [l for l in open(os.path.join(ROOT, "examples/requests/cart_abandonment.ndjson")).read().splitlines() if l.strip()]
    for i, r in enumerate(requests):
        write("evaluate", bytes([0]) + r.encode())
    n = 0
    states = []
    for c in cases:
        for s in c["steps"]:
            if "request" in s:
                # Without the big price tables (slot 4 fuzzes those): small seeds mutate faster.
                r = {k: v for k, v in s["request"].items() if k != "prices"}
                write("evaluate", bytes([n % N]) + json.dumps(r).encode())
                n += 1
                st = s["request"].get("state")
                if st:
                    states.append(st)
            elif "request_text" in s:
                write("evaluate", bytes([n % N]) + s["request_text"].encode())
                n += 1
    fragments = {
        1: ['{"id": "u1", "phone": "+14155550100", "subscriptions": {"sms": "subscribed"}, "timezone": "Asia/Kolkata", "country": "US", "lifetime_value": 10}',
            '{"id": 42, "email": "a@b.c", "timezone": "Nowhere/Else"}'],
        2: ['{"name": "Cart Abandoned", "time": "2026-03-08T13:59:00Z", "properties": {"value": 80}}',
            '{"name": "Order Completed"}'],
        3: [json.dumps(s) for s in states[:4]] + ['{"version": 1, "journeys": {}, "sends": []}'],
        4: [open(os.path.join(ROOT, "data/prices.json")).read(),
            '{"currency": "EUR", "channels": {"sms": {"default": 0.01}}}'],
        5: ['[{"name": "Product Viewed", "time": "2026-03-08T10:00:00Z", "properties": {"sku": "A1"}}]'],
        6: ['{"value": 80, "url": "https://shop.example/cart/1", "nested": {"a": [1, 2.5e300, null, true]}}'],
        7: ['"2026-03-08T14:00:00.123+05:30"', '"9999-12-31T23:59:59Z"', '"0001-01-01T00:00:00Z"'],
    }
    for slot, texts in fragments.items():
        for i, t in enumerate(texts):
            write("evaluate", bytes([(i % N) + N * slot]) + t.encode())

    for t in ["", "Hello", "Hi {name}, 50% off € ~ ^ | [x]", "a" * 160, "a" * 161, "€" * 80, "€" * 77 + "a" * 2,
              "😀 hello", "👍🏽" * 20, "🇫🇷" * 40, "é" * 70, "ç" * 71, "\r\n" * 100, "ab\u0301" * 40,
              "a" + "\u0301" * 100, "Ω" * 200]:
        write("sms_segments", t)

    replay_seeds()


def sample(users, days, seed):
    """`herald sample` (src/sim/sample.rs): HERALD_BIN, else the workspace's build via cargo."""
    args = ["sample", "--users", str(users), "--days", str(days), "--seed", str(seed)]
    binary = os.environ.get("HERALD_BIN")
    cmd = [binary] + args if binary else ["cargo", "run", "--quiet", "--bin", "herald", "--"] + args
    return subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True).stdout


def replay_seeds():
    """replay: a selector byte (the program, EXAMPLES order), Segment NDJSON, then optionally a
    NUL byte and profiles as NDJSON (fuzz/src/bodies.rs, replay). Small samples of the shop's
    traffic (`herald sample`) for every example, one with profiles, and hostile lines."""
    for i in range(N):
        write("replay", bytes([i]) + sample(2, 3, i + 1))
    traffic = sample(3, 5, 42)
    profiles = b'{"id": "user-1", "timezone": "Europe/Paris", "phone": "+33612345678", "subscriptions": {"sms": "subscribed"}}\n{"id": 7, "plan": "pro"}\n'
    write("replay", bytes([0]) + traffic + b"\0" + profiles)
    hostile = b"\n".join([
        b'{"type":"track","userId":"u1","event":"Cart Abandoned","properties":{"value":80},"timestamp":"2026-03-08T10:00:00Z"}',
        b'{"type":"identify","userId":"u1","traits":{"phone":"+14155550100","timezone":"Asia/Tokyo"},"timestamp":"2026-03-08T09:00:00+09:00"}',
        b'{"type":"track","event":"Cart Abandoned","timestamp":"2026-03-08T10:00:00Z"}',
        b'{"type":"track","anonymousId":12,"event":"Signed Up","timestamp":"9999-12-31T23:59:59Z"}',
        b'{"type":"track","userId":"u2","event":"Signed Up","timestamp":"1969-12-31T23:59:59Z"}',
        b'{"type":"track","userId":"u2","event":"Order Completed","properties":{"value":NaN},"timestamp":"2026-03-08T10:00:00Z"}',
        b'{"type":"page","userId":"u1","timestamp":"2026-03-08T10:00:00Z"}',
        b'{"type":"track","userId":"u3","event":"Trial Started","properties":[],"timestamp":"2026-03-08T10:00:00Z"}',
        b'\xff\xfe{"type":"track"}',
        b'[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
        b'',
        b'{"type":"track","userId":"u1","event":"Order Completed","timestamp":"2026-03-01T00:00:00Z"}\r',
    ])
    for i in range(N):
        write("replay", bytes([i]) + hostile)


if __name__ == "__main__":
    main()

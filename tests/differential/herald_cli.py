"""Shared by the Python differential tests: finds the native `herald` CLI and runs `herald eval`
on a program and a list of requests (NDJSON through one process)."""
import json
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def herald_bin():
    """`HERALD_BIN`, else the debug build (`cargo build -p herald-cli --bin herald`: a no-op when it is up to
    date; the debug build answers exactly as a release build)."""
    if os.environ.get("HERALD_BIN"):
        return os.environ["HERALD_BIN"]
    subprocess.run(["cargo", "build", "--quiet", "-p", "herald-cli", "--bin", "herald"], cwd=ROOT, check=True)
    return os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "herald")


def evaluate(source, requests):
    """`herald eval` of every request (dicts); one parsed response per request, in order."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "diff.herald")
        with open(path, "w") as f:
            f.write(source)
        stdin = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in requests)
        out = subprocess.run([herald_bin(), "eval", path], input=stdin.encode(), capture_output=True, check=True)
    lines = out.stdout.decode().splitlines()
    if len(lines) != len(requests):
        raise SystemExit(f"herald eval answered {len(lines)} lines for {len(requests)} requests")
    return [json.loads(l) for l in lines]


def js_number(x):
    """A float as JavaScript's Number.prototype.toString prints it (what herald's interpolation
    writes), from Python's shortest round-trip digits."""
    if x != x:
        return "NaN"
    if x == 0:
        return "0"
    if x < 0:
        return "-" + js_number(-x)
    from decimal import Decimal
    sign, digits, exp = Decimal(repr(x)).normalize().as_tuple()
    ds = "".join(map(str, digits))
    k = len(ds)
    n = k + exp  # the decimal point sits after n digits
    if k <= n <= 21:
        return ds + "0" * (n - k)
    if 0 < n <= 21:
        return ds[:n] + "." + ds[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + ds
    e = n - 1
    mant = ds[0] + ("." + ds[1:] if k > 1 else "")
    return f"{mant}e{'+' if e >= 0 else '-'}{abs(e)}"

#!/usr/bin/env python3
"""Summarises a libFuzzer log (scripts/fuzz.sh writes fuzz/corpus/TARGET.log): coverage (cov, ft)
and corpus size against executions, and how many executions have passed since coverage last
grew, the measure of a plateau in docs/reliability.md. `python3 fuzz/summarize_log.py LOG...`"""
import re
import sys

STAMP = re.compile(r"^\[t=(\d+)\] ")
LINE = re.compile(r"^(?:\[t=(\d+)\] )?#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+) corp: (\d+)/\S+.*?exec/s: (\d+)")


def summarize(path):
    points = []
    for line in open(path, errors="replace"):
        m = LINE.match(line)
        if m:
            t, n, kind, cov, ft, corp, eps = m.groups()
            points.append((int(n), kind, int(cov), int(ft), int(corp), int(eps), int(t or -1)))
    if not points:
        return f"{path}: no progress lines"
    last = points[-1]
    total = last[0]
    end_time = last[6]
    for line in open(path, errors="replace"):
        stamp = STAMP.match(line)
        if stamp:
            end_time = max(end_time, int(stamp.group(1)))
            line = line[stamp.end():]
        if line.startswith("stat::number_of_executed_units:"):
            total = max(total, int(line.rsplit(":", 1)[1]))
    last_cov_growth = max((p[0] for i, p in enumerate(points) if i and p[2] > points[i - 1][2]), default=0)
    last_ft_growth = max((p[0] for i, p in enumerate(points) if i and p[3] > points[i - 1][3]), default=0)
    out = [f"{path}: {total:,} executions, cov {last[2]:,} ft {last[3]:,} corpus {last[4]:,}, "
           f"last exec/s {last[5]}; cov last grew at #{last_cov_growth:,} "
           f"({total - last_cov_growth:,} executions ago), ft at #{last_ft_growth:,}"]
    if end_time >= 0:
        cov_time = max((p[6] for i, p in enumerate(points) if i and p[2] > points[i - 1][2]), default=0)
        ft_time = max((p[6] for i, p in enumerate(points) if i and p[3] > points[i - 1][3]), default=0)
        out.append(f"  time: {end_time:,} s in all; cov last grew at {cov_time:,} s "
                   f"(flat for the last {end_time - cov_time:,} s), ft at {ft_time:,} s")
    # Coverage at fractions of the run's executions.
    marks = []
    for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
        at = total * frac
        p = max((p for p in points if p[0] <= at), default=points[0], key=lambda p: p[0])
        marks.append(f"#{p[0]:,}: {p[2]:,}/{p[3]:,}")
    out.append("  cov/ft over executions: " + ", ".join(marks))
    return "\n".join(out)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(summarize(p))

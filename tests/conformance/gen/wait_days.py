# `wait until HH:MM on DAYS` (SPEC §6): the next recipient-local moment that is that time on one
# of the days, DST-exact like `wait until HH:MM` (a skipped time is the instant the clock jumps
# past it; a repeated time its first showing not in the past).
from common import *
import datetime as _dt

src = '''journey "weekday" {
  when event "A"
  wait until 09:00 on weekday
  send email "a"
}

journey "mon-fri" {
  when event "B"
  wait until 10:30 on monday, friday
  send email "b"
}

journey "gap" {
  when event "G"
  wait until 02:30 on sunday
  send email "g"
}

journey "fold" {
  when event "F"
  wait until 01:30 on sunday
  send email "f"
}

journey "weekend" {
  when event "W"
  wait until 01:30 on weekend
  send email "w"
}
'''
EMAIL = "a@example.com"
DAYS = {"monday": {0}, "friday": {4}, "sunday": {6}, "weekday": {0, 1, 2, 3, 4}, "weekend": {5, 6}}

def oracle(now_s, zone, hh, mm, days):
    """Brute force, minute by minute through zoneinfo: the first minute at or after now whose
    local clock shows HH:MM on one of the days, or jumps over it within such a day."""
    now = parse(now_s)
    target = hh * 60 + mm
    l = local(now, zone)
    if l.hour * 60 + l.minute == target and l.weekday() in days:
        return now_s
    t = now.replace(second=0) + _dt.timedelta(minutes=1)
    prev = local(t - _dt.timedelta(minutes=1), zone)
    for _ in range(9 * 24 * 60):
        cur = local(t, zone)
        cm, pm = cur.hour * 60 + cur.minute, prev.hour * 60 + prev.minute
        if cur.weekday() in days and (cm == target or (cur.date() == prev.date() and pm < target < cm)):
            return fmt(t)
        prev = cur
        t += _dt.timedelta(minutes=1)
    raise Exception("no time")

steps = []
def scenario(journey, event, zone, now, hh, mm, words, content):
    days = set().union(*(DAYS[w] for w in words))
    wake = oracle(now, zone, hh, mm, days)
    p = {"id": "u1", "email": EMAIL, "timezone": zone}
    r = req(now, p, ev(event)); r["state"] = None
    if wake == now:
        steps.append({"request": r, "expect": {"decisions": [enter(journey, now), send(journey, "2", "email", now, to=EMAIL, content=content), exit_(journey, None, "completed", now)], "wake_at": None}})
        return
    steps.append({"request": r, "expect": {"decisions": [enter(journey, now)], "wake_at": wake}})
    steps.append({"request": req(add(wake, seconds=-1), p), "expect": {"decisions": [], "wake_at": wake}})
    steps.append({"request": req(wake, p), "expect": {"decisions": [send(journey, "2", "email", wake, to=EMAIL, content=content), exit_(journey, None, "completed", wake)], "wake_at": None}})

NY, LON = "America/New_York", "Europe/London"
# Friday afternoon in New York: the next weekday 09:00 is Monday, after the spring-forward night
scenario("weekday", "A", NY, "2026-03-06T20:00:00Z", 9, 0, ["weekday"], "a")
# Saturday, Sunday, and a weekday morning before 09:00
scenario("weekday", "A", NY, "2026-03-07T15:00:00Z", 9, 0, ["weekday"], "a")
scenario("weekday", "A", NY, "2026-03-08T15:00:00Z", 9, 0, ["weekday"], "a")
scenario("weekday", "A", NY, "2026-03-10T12:00:00Z", 9, 0, ["weekday"], "a")
# the clock shows 09:00 on a weekday right now: no wait; on a Saturday: Monday
scenario("weekday", "A", NY, "2026-03-10T13:00:30Z", 9, 0, ["weekday"], "a")
scenario("weekday", "A", NY, "2026-03-14T13:00:00Z", 9, 0, ["weekday"], "a")
# Monday or Friday at 10:30, from every day of a week (London, across its 2026-03-29 change)
for day in range(23, 31):
    scenario("mon-fri", "B", LON, f"2026-03-{day:02d}T12:00:00Z", 10, 30, ["monday", "friday"], "b")
# the local date decides the day: Tuesday 01:00Z is still Monday evening in New York
scenario("mon-fri", "B", NY, "2026-03-03T01:00:00Z", 10, 30, ["monday", "friday"], "b")
# 02:30 on Sunday 2026-03-08 does not exist in New York: the clock jumps to 03:00 EDT (07:00Z)
scenario("gap", "G", NY, "2026-03-07T12:00:00Z", 2, 30, ["sunday"], "g")
# the Sunday after it exists again
scenario("gap", "G", NY, "2026-03-08T12:00:00Z", 2, 30, ["sunday"], "g")
# London's gap on 2026-03-29 (01:00 → 02:00 BST): 02:30 BST exists, 01:30 does not
scenario("gap", "G", LON, "2026-03-28T12:00:00Z", 2, 30, ["sunday"], "g")
scenario("weekend", "W", LON, "2026-03-28T12:00:00Z", 1, 30, ["weekend"], "w")
# 01:30 on Sunday 2026-11-01 happens twice in New York: the first; after it, the second
scenario("fold", "F", NY, "2026-10-31T12:00:00Z", 1, 30, ["sunday"], "f")
scenario("fold", "F", NY, "2026-11-01T05:45:00Z", 1, 30, ["sunday"], "f")
# after the second showing: a week later
scenario("fold", "F", NY, "2026-11-01T06:45:00Z", 1, 30, ["sunday"], "f")
# London repeats 01:00–02:00 on 2026-10-25
scenario("weekend", "W", LON, "2026-10-24T12:00:00Z", 1, 30, ["weekend"], "w")
scenario("weekend", "W", LON, "2026-10-25T00:45:00Z", 1, 30, ["weekend"], "w")
write("wait_days.json", "wait until HH:MM on DAYS",
      "`wait until HH:MM on DAYS` with `weekday`, `weekend` and day lists in New York and London, across spring-forward gaps and fall-back folds; the recipient's local date decides the day.",
      src, steps)

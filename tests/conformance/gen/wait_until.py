from common import *
src = '''journey "morning" {
  when event "Signed Up"
  wait until 09:00
  send email "Good morning"
}

journey "gap" {
  when event "Gap"
  wait until 02:30
  send email "02:30"
}

journey "repeat" {
  when event "Repeat"
  wait until 01:30
  send email "01:30"
}
'''
def P(zone=None):
    p = {"id": "u1", "email": "a@example.com"}
    if zone: p["timezone"] = zone
    return p
steps = []
def scenario(journey, event, zone, now, hh, mm, content, note=None):
    wake = oracle_wait_until(now, zone or "UTC", hh, mm)
    r = req(now, P(zone), ev(event)); r["state"] = None
    if wake == now:
        steps.append({"request": r, "expect": {"decisions": [enter(journey, now), send(journey, "2", "email", now, to="a@example.com", content=content), exit_(journey, None, "completed", now)], "wake_at": None}})
        return
    steps.append({"request": r, "expect": {"decisions": [enter(journey, now)], "wake_at": wake}})
    # a tick a second early does nothing; at the wake time the send goes out
    early = fmt(parse(wake) - _dt.timedelta(seconds=1))
    steps.append({"request": req(early, P(zone)), "expect": {"decisions": [], "wake_at": wake}})
    steps.append({"request": req(wake, P(zone)), "expect": {"decisions": [send(journey, "2", "email", wake, to="a@example.com", content=content), exit_(journey, None, "completed", wake)], "wake_at": None}})

import datetime as _dt
# New York, spring forward on 2026-03-08: 09:00 EDT is 13:00Z, not 14:00Z
scenario("morning", "Signed Up", "America/New_York", "2026-03-07T20:00:00Z", 9, 0, "Good morning")
# New York, fall back on 2026-11-01: 09:00 EST is 14:00Z
scenario("morning", "Signed Up", "America/New_York", "2026-10-31T20:00:00Z", 9, 0, "Good morning")
# Berlin, spring forward on 2026-03-29 and fall back on 2026-10-25
scenario("morning", "Signed Up", "Europe/Berlin", "2026-03-28T12:00:00Z", 9, 0, "Good morning")
scenario("morning", "Signed Up", "Europe/Berlin", "2026-10-24T12:00:00Z", 9, 0, "Good morning")
# Kolkata, UTC+05:30 all year: 09:00 IST is 03:30Z
scenario("morning", "Signed Up", "Asia/Kolkata", "2026-03-08T04:00:00Z", 9, 0, "Good morning")
# Sydney, southern hemisphere: DST ends 2026-04-05 (+11 → +10) and starts 2026-10-04 (+10 → +11)
scenario("morning", "Signed Up", "Australia/Sydney", "2026-04-04T12:00:00Z", 9, 0, "Good morning")
scenario("morning", "Signed Up", "Australia/Sydney", "2026-10-03T12:00:00Z", 9, 0, "Good morning")
# Adelaide: a half-hour zone with southern DST (+10:30 → +09:30 on 2026-04-05)
scenario("morning", "Signed Up", "Australia/Adelaide", "2026-04-04T12:00:00Z", 9, 0, "Good morning")
# Lord Howe shifts by half an hour (+11 → +10:30 on 2026-04-05)
scenario("morning", "Signed Up", "Australia/Lord_Howe", "2026-04-04T12:00:00Z", 9, 0, "Good morning")
# the clock shows 09:00 right now (any second of that minute): no wait
scenario("morning", "Signed Up", "Asia/Kolkata", "2026-03-08T03:30:00Z", 9, 0, "Good morning")
scenario("morning", "Signed Up", "Asia/Kolkata", "2026-03-08T03:30:59Z", 9, 0, "Good morning")
# one minute later: tomorrow
scenario("morning", "Signed Up", "Asia/Kolkata", "2026-03-08T03:31:00Z", 9, 0, "Good morning")
# 02:30 does not exist in New York on 2026-03-08: the wait ends when the clock jumps past it (07:00Z)
scenario("gap", "Gap", "America/New_York", "2026-03-08T06:00:00Z", 2, 30, "02:30")
# 01:30 happens twice in New York on 2026-11-01: the first one
scenario("repeat", "Repeat", "America/New_York", "2026-11-01T04:00:00Z", 1, 30, "01:30")
# in the repeated hour, after the first 01:30 has passed (01:10 EST), the second one
scenario("repeat", "Repeat", "America/New_York", "2026-11-01T06:10:00Z", 1, 30, "01:30")
# no timezone: UTC (no policy zone in this file)
scenario("morning", "Signed Up", None, "2026-03-08T10:00:00Z", 9, 0, "Good morning")
# an unknown zone falls back like no zone
r = req("2026-03-08T10:00:00Z", dict(P(), timezone="Mars/Olympus"), ev("Signed Up")); r["state"] = None
steps.append({"request": r, "expect": {"decisions": [enter("morning", "2026-03-08T10:00:00Z")], "wake_at": "2026-03-09T09:00:00Z"}})
write("wait_until_dst.json", "wait until across daylight-saving changes", "`wait until HH:MM` in the recipient's zone: New York, Berlin, Kolkata (+05:30), Sydney and Adelaide (southern hemisphere), Lord Howe (half-hour DST); gaps, repeated hours, now.", src, steps)

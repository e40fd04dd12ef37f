# `wait until EXPR` (SPEC §6): an instant from the trigger event, a profile trait or `now`;
# a passed instant continues at once; a value that is no instant ends the run (`no_instant`).
from common import *
import datetime as _dt

src = '''journey "appointment" {
  when event "Booked"
  wait until event.at
  send email "See you soon"
}

journey "renewal" {
  when event "Renewal Due"
  wait until profile.renews_on
  send email "Your plan renews today"
}

journey "right-away" {
  when event "Now"
  wait until now
  send email "Now"
}
'''
EMAIL = "a@example.com"
def P(zone="America/New_York", **kw):
    p = {"id": "u1", "email": EMAIL, "timezone": zone}
    p.update(kw)
    return p

def instant(text):
    """The oracle: an RFC 3339 text read by Python, as UTC."""
    return fmt(_dt.datetime.fromisoformat(text.replace("Z", "+00:00")))

def midnight(date, zone):
    """The first instant of a local date."""
    import zoneinfo
    d = _dt.datetime.fromisoformat(date).replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return fmt(d)

steps = []
def waits(journey, now, event, profile, wake, content):
    r = req(now, profile, event); r["state"] = None
    if wake <= now:
        steps.append({"request": r, "expect": {"decisions": [enter(journey, now), send(journey, "2", "email", now, to=EMAIL, content=content), exit_(journey, None, "completed", now)], "wake_at": None}})
        return
    steps.append({"request": r, "expect": {"decisions": [enter(journey, now)], "wake_at": wake}})
    early = add(wake, seconds=-1)
    steps.append({"request": req(early, profile), "expect": {"decisions": [], "wake_at": wake}})
    steps.append({"request": req(wake, profile), "expect": {"decisions": [send(journey, "2", "email", wake, to=EMAIL, content=content), exit_(journey, None, "completed", wake)], "wake_at": None}})

def ends(journey, now, event, profile):
    r = req(now, profile, event); r["state"] = None
    steps.append({"request": r, "expect": {"decisions": [enter(journey, now), exit_(journey, "1", "no_instant", now)], "wake_at": None, "state": {"version": STATE_VERSION, "journeys": {journey: {"last_entry": now}}, "sends": []}}})

NOW = "2026-03-06T15:00:00Z"
# an instant with an offset, two days ahead (across New York's spring-forward night)
waits("appointment", NOW, ev("Booked", at="2026-03-09T09:00:00-04:00"), P(), instant("2026-03-09T09:00:00-04:00"), "See you soon")
# UTC, to the second
waits("appointment", NOW, ev("Booked", at="2026-03-06T15:00:01Z"), P(), "2026-03-06T15:00:01Z", "See you soon")
# exactly now, and in the past: at once
waits("appointment", NOW, ev("Booked", at=NOW), P(), NOW, "See you soon")
waits("appointment", NOW, ev("Booked", at="2025-12-31T23:59:59Z"), P(), "2025-12-31T23:59:59Z", "See you soon")
# a profile trait holding a date: the start of that day in the recipient's zone
waits("renewal", NOW, ev("Renewal Due"), P(renews_on="2026-03-10"), midnight("2026-03-10", "America/New_York"), "Your plan renews today")
waits("renewal", NOW, ev("Renewal Due"), P("Europe/London", renews_on="2026-03-29"), midnight("2026-03-29", "Europe/London"), "Your plan renews today")
waits("renewal", NOW, ev("Renewal Due"), P("Asia/Kolkata", renews_on="2026-03-07"), midnight("2026-03-07", "Asia/Kolkata"), "Your plan renews today")
# `now`: at once
waits("right-away", NOW, ev("Now"), P(), NOW, "Now")
# no instant: missing, null, a number, a text that is no instant, a list, an impossible date
ends("appointment", NOW, ev("Booked"), P())
ends("appointment", NOW, ev("Booked", at=None), P())
ends("appointment", NOW, ev("Booked", at=1773000000), P())
ends("appointment", NOW, ev("Booked", at="tomorrow"), P())
ends("appointment", NOW, ev("Booked", at="2026-03-09 09:00"), P())
ends("appointment", NOW, ev("Booked", at=["2026-03-09T09:00:00Z"]), P())
ends("renewal", NOW, ev("Renewal Due"), P(renews_on="2026-02-30"))
write("wait_until_expr.json", "wait until EXPR",
      "`wait until EXPR`: RFC 3339 instants with offsets, dates as the recipient's midnight, `now`, passed instants continue at once; a value that is no instant ends the run (exit, reason no_instant).",
      src, steps)

from common import *
src = '''policy {
  quiet hours 21:00 to 08:00
}

journey "promo" {
  when event "Promo"
  reentry always
  send sms "Sale!"
  send email "Sale by email"
}

journey "late-push" {
  when event "Push"
  reentry always
  send push "p" fallback sms "s" fallback email "e"
}

journey "own-hours" {
  when event "Own"
  reentry always
  quiet hours 12:00 to 14:00
  send sms "lunch"
}

journey "hooks" {
  when event "Hook"
  reentry always
  send webhook "always on"
}
'''
PHONE = "+14155550100"
def P(zone, **kw):
    p = {"id": "u1", "phone": PHONE, "email": "a@example.com", "timezone": zone, "subscriptions": {"sms": "subscribed"}}
    p.update(kw); return p
steps = []
def promo(zone, now, fh=21, fm=0, th=8, tm=0):
    until = oracle_quiet_end(now, zone, fh, fm, th, tm)
    r = req(now, P(zone), ev("Promo")); r["state"] = None
    if until is None:
        steps.append({"request": r, "expect": {"decisions": [enter("promo", now), send("promo", "1", "sms", now, to=PHONE, content="Sale!"),
            send("promo", "2", "email", now, to="a@example.com", content="Sale by email"), exit_("promo", None, "completed", now)], "wake_at": None}})
        return
    steps.append({"request": r, "expect": {"decisions": [enter("promo", now), defer("promo", "1", "sms", until, now)], "wake_at": until,
        "state": {"version": STATE_VERSION, "journeys": {"promo": {"last_entry": now, "run": {"step": "1", "waiting": "quiet_hours", "until": until, "entered": now, "spent_micros": 0,
            "event": {"name": "Promo", "time": now, "properties": {}},
            "fingerprint": fingerprint(src, "promo", 'send sms "Sale!"')}}}, "sends": []}}})
    # at the end of quiet hours the whole step is evaluated again
    steps.append({"request": req(until, P(zone)), "expect": {"decisions": [send("promo", "1", "sms", until, to=PHONE, content="Sale!"),
        send("promo", "2", "email", until, to="a@example.com", content="Sale by email"), exit_("promo", None, "completed", until)], "wake_at": None}})

# New York, the night DST starts (2026-03-08): 22:00 EST → 08:00 EDT = 12:00Z
promo("America/New_York", "2026-03-08T03:00:00Z")
# New York, the night DST ends (2026-11-01): 23:00 EDT → 08:00 EST = 13:00Z
promo("America/New_York", "2026-11-01T03:00:00Z")
# Berlin, both changes
promo("Europe/Berlin", "2026-03-28T21:30:00Z")
promo("Europe/Berlin", "2026-10-24T21:00:00Z")
# Kolkata: 21:00 is inside (inclusive), 08:00 outside (exclusive)
promo("Asia/Kolkata", "2026-03-08T15:30:00Z")
promo("Asia/Kolkata", "2026-03-08T02:30:00Z")
promo("Asia/Kolkata", "2026-03-08T15:29:59Z")
# Sydney, the night DST ends (2026-04-05) and the night it starts (2026-10-04)
promo("Australia/Sydney", "2026-04-04T11:00:00Z")
promo("Australia/Sydney", "2026-10-03T11:00:00Z")
# Adelaide (+10:30/+09:30)
promo("Australia/Adelaide", "2026-04-04T11:00:00Z")
# after midnight, before 08:00
promo("Europe/Berlin", "2026-06-10T03:00:00Z")
# daytime: sent at once
promo("America/New_York", "2026-03-08T16:00:00Z")

# quiet hours end the step: no fallback is tried, suppressions before it stand
now = "2026-03-08T03:00:00Z"; until = "2026-03-08T12:00:00Z"
r = req(now, P("America/New_York"), ev("Push")); r["state"] = None
steps.append({"request": r, "expect": {"decisions": [enter("late-push", now), suppress("late-push", "1", "push", "no_address", now), defer("late-push", "1", "sms", until, now)], "wake_at": until}})
steps.append({"request": req(until, P("America/New_York")), "expect": {"decisions": [suppress("late-push", "1", "push", "no_address", until),
    send("late-push", "1", "sms", until, to=PHONE, content="s"), exit_("late-push", None, "completed", until)], "wake_at": None}})
# push itself respects quiet hours
r = req(now, P("America/New_York", push_token="tok"), ev("Push")); r["state"] = None
steps.append({"request": r, "expect": {"decisions": [enter("late-push", now), defer("late-push", "1", "push", until, now)], "wake_at": until}})
# a journey's own quiet hours replace the policy's (12:00-14:00 here; 22:00 local is fine)
r = req(now, P("America/New_York"), ev("Own")); r["state"] = None
steps.append({"request": r, "expect": {"decisions": [enter("own-hours", now), send("own-hours", "1", "sms", now, to=PHONE, content="lunch"), exit_("own-hours", None, "completed", now)]}})
r = req("2026-03-09T16:30:00Z", P("America/New_York"), ev("Own")); r["state"] = None
steps.append({"request": r, "expect": {"decisions": [enter("own-hours", "2026-03-09T16:30:00Z"), defer("own-hours", "1", "sms", "2026-03-09T18:00:00Z", "2026-03-09T16:30:00Z")], "wake_at": "2026-03-09T18:00:00Z"}})
# webhooks ignore quiet hours
r = req(now, P("America/New_York"), ev("Hook")); r["state"] = None
steps.append({"request": r, "expect": {"decisions": [enter("hooks", now), send("hooks", "1", "webhook", now, content="always on"), exit_("hooks", None, "completed", now)]}})
write("quiet_hours_dst.json", "quiet hours across daylight-saving changes", "Quiet hours in the recipient's zone defer a send (one `defer`, `until` the end as UTC) and the step is evaluated again then; email and webhooks are exempt; DST nights in New York, Berlin, Kolkata, Sydney, Adelaide; journey override.", src, steps)

from common import *
src = '''policy {
  limit 3 messages per 1 day
}

journey "alerts" {
  when event "Alert"
  reentry always
  limit 1 sms per 1 hour
  send sms "alert" fallback email "alert by email"
}

journey "digest" {
  when event "Alert"
  reentry always
  limit 2 messages per 1 day
  send email "digest"
}
'''
T = "2026-03-08T10:00:00Z"
PHONE = "+14155550100"
P = {"id": "u1", "phone": PHONE, "email": "a@example.com", "subscriptions": {"sms": "subscribed"}}
def rec(at, j, c): return {"at": at, "journey": j, "channel": c}
T30 = add(T, minutes=30); T1h = add(T, hours=1); T1d = add(T, days=1)
steps = [
  {"request": req(T, P, ev("Alert")), "expect": {"decisions": [
      enter("alerts", T), send("alerts", "1", "sms", T, to=PHONE, content="alert"), exit_("alerts", None, "completed", T),
      enter("digest", T), send("digest", "1", "email", T, to="a@example.com", content="digest"), exit_("digest", None, "completed", T)],
    "state": {"version": STATE_VERSION, "journeys": {"alerts": {"last_entry": T}, "digest": {"last_entry": T}}, "sends": [rec(T, "alerts", "sms"), rec(T, "digest", "email")]}}},
  # the journey's sms cap (1 per hour) suppresses sms, email is not capped by it; then the
  # policy cap (3 per day) counts the email decided a moment ago in this same request
  {"request": req(T30, P, ev("Alert")), "expect": {"decisions": [
      enter("alerts", T30), suppress("alerts", "1", "sms", "frequency_cap", T30), send("alerts", "1", "email", T30, to="a@example.com", content="alert by email"), exit_("alerts", None, "completed", T30),
      enter("digest", T30), suppress("digest", "1", "email", "frequency_cap", T30), exit_("digest", None, "completed", T30)]}},
  {"request": req(T1h, P, ev("Alert")), "expect": {"decisions": [
      enter("alerts", T1h), suppress("alerts", "1", "sms", "frequency_cap", T1h), suppress("alerts", "1", "email", "frequency_cap", T1h), exit_("alerts", None, "completed", T1h),
      enter("digest", T1h), suppress("digest", "1", "email", "frequency_cap", T1h), exit_("digest", None, "completed", T1h)]}},
  # windows are (now - duration, now]: the sends of exactly a day ago no longer count
  {"request": req(T1d, P, ev("Alert")), "expect": {"decisions": [
      enter("alerts", T1d), send("alerts", "1", "sms", T1d, to=PHONE, content="alert"), exit_("alerts", None, "completed", T1d),
      enter("digest", T1d), send("digest", "1", "email", T1d, to="a@example.com", content="digest"), exit_("digest", None, "completed", T1d)],
    # the state keeps only the sends a limit can still count
    "state": {"version": STATE_VERSION, "journeys": {"alerts": {"last_entry": T1d}, "digest": {"last_entry": T1d}},
              "sends": [rec(T30, "alerts", "email"), rec(T1d, "alerts", "sms"), rec(T1d, "digest", "email")]}}},
  # a week later a tick prunes everything
  {"request": req(add(T, days=8), P), "expect": {"decisions": [],
    "state": {"version": STATE_VERSION, "journeys": {"alerts": {"last_entry": T1d}, "digest": {"last_entry": T1d}}, "sends": []}}},
]
write("caps.json", "frequency caps", "Policy and journey `limit`s (per channel too) over a sliding window (now − D, now], counting this request's earlier sends; the state keeps only the sends a limit can still count.", src, steps)

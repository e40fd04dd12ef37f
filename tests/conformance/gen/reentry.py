from common import *
src = '''journey "never" {
  when event "Never"
  send email "never"
}

journey "always" {
  when event "Always"
  reentry always
  wait 1 day
  send email "always"
}

journey "after" {
  when event "After"
  reentry after 3 days
  wait 2 days
  send email "after"
}
'''
T = "2026-03-01T10:00:00Z"
P = {"id": "u1", "email": "a@example.com"}
def once(j, content, at):
    return [enter(j, at), send(j, "1", "email", at, to="a@example.com", content=content), exit_(j, None, "completed", at)]
steps = [
  # reentry never (the default): one entry per profile, ever
  {"request": req(T, P, ev("Never")), "expect": {"decisions": once("never", "never", T),
     "state": {"version": STATE_VERSION, "journeys": {"never": {"last_entry": T}}, "sends": []}}},
  {"request": req(add(T, days=30), P, ev("Never")), "expect": {"decisions": []}},
  # reentry always: only once the previous run has ended (one run at a time)
  {"request": dict(req(T, P, ev("Always")), state=None), "expect": {"decisions": [enter("always", T)], "wake_at": add(T, days=1)}},
  {"request": req(add(T, hours=5), P, ev("Always")), "expect": {"decisions": [], "wake_at": add(T, days=1)}},
  {"request": req(add(T, days=1), P, ev("Always")), "expect": {"decisions": [
      send("always", "2", "email", add(T, days=1), to="a@example.com", content="always"),
      exit_("always", None, "completed", add(T, days=1)),
      enter("always", add(T, days=1))], "wake_at": add(T, days=2)}},
  # reentry after 3 days counts from the previous entry, not from its end
  {"request": dict(req(T, P, ev("After")), state=None), "expect": {"decisions": [enter("after", T)], "wake_at": add(T, days=2)}},
  {"request": req(add(T, days=2), P), "expect": {"decisions": [
      send("after", "2", "email", add(T, days=2), to="a@example.com", content="after"),
      exit_("after", None, "completed", add(T, days=2))], "wake_at": None}},
  {"request": req(add(T, days=2, hours=23, minutes=59), P, ev("After")), "expect": {"decisions": []}},
  {"request": req(add(T, days=3), P, ev("After")), "expect": {"decisions": [enter("after", add(T, days=3))], "wake_at": add(T, days=5)}},
]
write("reentry.json", "reentry", "`reentry never` (default), `always` and `after DURATION` (from the previous entry); one run per journey at a time.", src, steps)

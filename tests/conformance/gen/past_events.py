from common import *
# SPEC §6: past events are validated and limited only when the program reads them (a `count`,
# or a path reading `profile.events`). A program that never reads them does not refuse a
# request for them, whatever they hold.
src = '''journey "welcome" {
  when event "Signed Up"
  reentry always
  send email "Welcome"
}
'''
counting = '''journey "welcome" {
  when event "Signed Up"
  reentry always
  if count(event "Page Viewed" within 1 day) > 0 {
    send email "Welcome back"
  } else {
    send email "Welcome"
  }
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com"}
many = [{"name": "Page Viewed", "time": T}] * 1001
ok = {"decisions": [enter("welcome", T), send("welcome", "1", "email", T, to="a@example.com", content="Welcome"),
                    exit_("welcome", None, "completed", T)]}
steps = [
  {"request": req(T, dict(P, events=many), ev("Signed Up")), "expect": ok},
  {"request": req(T, dict(P, events=[1, {"name": 3}, {"time": "last week"}]), ev("Signed Up")), "expect": ok},
  {"request": req(T, dict(P, events="not a list"), ev("Signed Up")), "expect": ok},
  # the same requests once the program counts past events
  {"source": counting, "request": req(T, dict(P, events=many), ev("Signed Up")), "expect_error": {"code": "too_many_events"}},
  {"request": req(T, dict(P, events="not a list"), ev("Signed Up")), "expect_error": {"code": "invalid_request"}},
  {"request": req(T, dict(P, events=[{"name": "Page Viewed", "time": T}]), ev("Signed Up")),
   "expect": {"decisions": [enter("welcome", T), send("welcome", "1.then.1", "email", T, to="a@example.com", content="Welcome back"),
                            exit_("welcome", None, "completed", T)]}},
  # An event the program does not count is dropped whatever its time holds (a map, a list, a
  # number, a boolean), in the text API as in the typed one (a fuzz finding: the text reader
  # refused a map there); a counted event's time, and every event's name, must be strings.
  {"request": req(T, dict(P, events=[{"name": "Product Viewed", "time": {"sku": "s0"}},
                                     {"name": "Product Viewed", "time": [1, 2]},
                                     {"name": "Product Viewed", "time": 5},
                                     {"name": "Product Viewed", "time": True}]), ev("Signed Up")),
   "expect": {"decisions": [enter("welcome", T), send("welcome", "1.else.1", "email", T, to="a@example.com", content="Welcome"),
                            exit_("welcome", None, "completed", T)]}},
  {"request": req(T, dict(P, events=[{"name": "Page Viewed", "time": 5}]), ev("Signed Up")),
   "expect_error": {"code": "invalid_request"}},
  {"request": req(T, dict(P, events=[{"name": ["Page Viewed"], "time": T}]), ev("Signed Up")),
   "expect_error": {"code": "invalid_request"}},
]
write("past_events.json", "past events read only when needed", "`profile.events` is validated and limited (`too_many_events`) only when the program reads past events; a program without `count(...)` or a path reading `profile.events` accepts any value there.", src, steps)

from common import *
src = '''journey "cart" {
  when event "Cart Abandoned" where event.value >= 50
  when event "Checkout Failed"
  reentry always
  send email "We saved your cart"
}

journey "welcome" {
  when event "Signed Up"
  send email template "welcome"
}
'''
P = {"id": "u1", "email": "ana@example.com"}
T = "2026-03-08T14:00:00Z"
steps = [
  {"request": req(T, P, ev("Cart Abandoned", value=80)),
   "expect": {"decisions": [enter("cart", T), send("cart", "1", "email", T, to="ana@example.com", content="We saved your cart"), exit_("cart", None, "completed", T)],
              "wake_at": None}},
  # where fails: nothing happens
  {"request": req(T, P, ev("Cart Abandoned", value=20)), "expect": {"decisions": [], "wake_at": None}},
  # where reads a missing property: false
  {"request": req(T, P, ev("Cart Abandoned")), "expect": {"decisions": []}},
  # the second when line (no where) also triggers
  {"request": req(T, P, ev("Checkout Failed")),
   "expect": {"decisions": [enter("cart", T), send("cart", "1", "email", T, to="ana@example.com", content="We saved your cart"), exit_("cart", None, "completed", T)]}},
  # an event nobody listens to
  {"request": req(T, P, ev("Page Viewed")), "expect": {"decisions": []}},
  # a tick (no event) starts nothing
  {"request": req(T, P), "expect": {"decisions": [], "wake_at": None}},
  # event names are case-sensitive
  {"request": req(T, P, ev("signed up")), "expect": {"decisions": []}},
  {"request": req(T, P, ev("Signed Up")),
   "expect": {"decisions": [enter("welcome", T), send("welcome", "1", "email", T, to="ana@example.com", template="welcome"), exit_("welcome", None, "completed", T)]}},
]
write("triggers.json", "triggers", "`when event` with and without `where`; several `when` lines; events that trigger nothing; ticks.", src, steps)

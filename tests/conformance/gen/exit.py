from common import *
src = '''policy {
  quiet hours 21:00 to 08:00
}

journey "cart" {
  when event "Cart Abandoned"
  exit when event "Order Completed" where event.total > 0
  reentry always
  wait 1 hour
  send sms "Your cart is waiting"
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "phone": "+14155550100", "timezone": "America/New_York", "subscriptions": {"sms": "subscribed"}}
steps = [
  {"request": req(T, P, ev("Cart Abandoned", total=5)), "expect": {"decisions": [enter("cart", T)], "wake_at": add(T, hours=1)}},
  # `event` in the exit's where is the incoming event: total 0 does not match
  {"request": req(add(T, minutes=10), P, ev("Order Completed", total=0)), "expect": {"decisions": [], "wake_at": add(T, hours=1)}},
  {"request": req(add(T, minutes=20), P, ev("Order Completed", total=42)), "expect": {"decisions": [exit_("cart", "1", "exit_event", add(T, minutes=20))], "wake_at": None,
     "state": {"version": STATE_VERSION, "journeys": {"cart": {"last_entry": T}}, "sends": []}}},
  # without an active run an exit event does nothing
  {"request": req(add(T, minutes=30), P, ev("Order Completed", total=42)), "expect": {"decisions": []}},
  # a run deferred by quiet hours can be exited too: 20:30 New York time, wait until 21:30
  {"request": req("2026-03-09T00:30:00Z", P, ev("Cart Abandoned")), "expect": {"decisions": [enter("cart", "2026-03-09T00:30:00Z")], "wake_at": "2026-03-09T01:30:00Z"}},
  {"request": req("2026-03-09T01:30:00Z", P), "expect": {"decisions": [defer("cart", "2", "sms", "2026-03-09T12:00:00Z", "2026-03-09T01:30:00Z")], "wake_at": "2026-03-09T12:00:00Z"}},
  {"request": req("2026-03-09T02:00:00Z", P, ev("Order Completed", total=1)), "expect": {"decisions": [exit_("cart", "2", "exit_event", "2026-03-09T02:00:00Z")], "wake_at": None}},
]
write("exit.json", "exit", "`exit when event ... where` ends a waiting run (reason `exit_event`), whatever it waits for; `event` there is the incoming event.", src, steps)

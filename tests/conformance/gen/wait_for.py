from common import *
src = '''journey "checkout" {
  when event "Cart Abandoned"
  reentry always
  wait for event "Checkout Started" where event.cart_id == "c1" within 2 days {
    send email template "complete_your_order"
  } timeout {
    send email "Last chance"
  }
  send email "after the wait"
}

journey "plain" {
  when event "Plain"
  reentry always
  wait for event "Clicked" within 1 hour {
    send email "clicked"
  }
  send email "done"
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com"}
def s(j, step, at, content=None, template=None): return send(j, step, "email", at, to="a@example.com", content=content, template=template)
D = add(T, days=2)
steps = [
  {"request": req(T, P, ev("Cart Abandoned", cart_id="c1")), "expect": {"decisions": [enter("checkout", T)], "wake_at": D,
    "state": {"version": STATE_VERSION, "journeys": {"checkout": {"last_entry": T, "run": {"step": "1", "waiting": "wait_for", "until": D, "entered": T, "spent_micros": 0,
       "event": {"name": "Cart Abandoned", "time": T, "properties": {"cart_id": "c1"}},
       "fingerprint": fingerprint(src, "checkout", 'wait for event "Checkout Started" where event.cart_id == "c1" within 2 days {')}}}, "sends": []}}},
  # the where reads the awaited (incoming) event: another cart does not match
  {"request": req(add(T, hours=1), P, ev("Checkout Started", cart_id="c2")), "expect": {"decisions": [], "wake_at": D}},
  # a matching event in time: the event block, then the steps after the wait
  {"request": req(add(T, hours=2), P, ev("Checkout Started", cart_id="c1")), "expect": {"decisions": [
      s("checkout", "1.event.1", add(T, hours=2), template="complete_your_order"),
      s("checkout", "2", add(T, hours=2), content="after the wait"),
      exit_("checkout", None, "completed", add(T, hours=2))], "wake_at": None}},
  # no event: at the deadline the timeout block runs
  {"request": req(T, P, ev("Cart Abandoned", cart_id="c1")), "expect": {"decisions": [enter("checkout", T)], "wake_at": D}},
  {"request": req(D, P), "expect": {"decisions": [
      s("checkout", "1.timeout.1", D, content="Last chance"),
      s("checkout", "2", D, content="after the wait"),
      exit_("checkout", None, "completed", D)], "wake_at": None}},
  # an awaited event that happened in time but arrives late still counts (its time is what matters)
  {"request": req(T, P, ev("Cart Abandoned", cart_id="c1")), "expect": {"decisions": [enter("checkout", T)], "wake_at": D}},
  {"request": req(add(D, hours=1), P, ev("Checkout Started", time=add(D, minutes=-5), cart_id="c1")), "expect": {"decisions": [
      s("checkout", "1.event.1", add(D, hours=1), template="complete_your_order"),
      s("checkout", "2", add(D, hours=1), content="after the wait"),
      exit_("checkout", None, "completed", add(D, hours=1))]}},
  # one that happened after the deadline does not: the wait has timed out
  {"request": req(T, P, ev("Cart Abandoned", cart_id="c1")), "expect": {"decisions": [enter("checkout", T)], "wake_at": D}},
  {"request": req(add(D, hours=1), P, ev("Checkout Started", time=add(D, minutes=5), cart_id="c1")), "expect": {"decisions": [
      s("checkout", "1.timeout.1", add(D, hours=1), content="Last chance"),
      s("checkout", "2", add(D, hours=1), content="after the wait"),
      exit_("checkout", None, "completed", add(D, hours=1))]}},
  # without a timeout block the run goes on after the wait
  {"request": dict(req(T, P, ev("Plain")), state=None), "expect": {"decisions": [enter("plain", T)], "wake_at": add(T, hours=1)}},
  {"request": req(add(T, hours=1), P), "expect": {"decisions": [s("plain", "2", add(T, hours=1), content="done"), exit_("plain", None, "completed", add(T, hours=1))], "wake_at": None}},
  {"request": req(T, P, ev("Plain")), "expect": {"decisions": [enter("plain", T)]}},
  {"request": req(add(T, minutes=59), P, ev("Clicked")), "expect": {"decisions": [
      s("plain", "1.event.1", add(T, minutes=59), content="clicked"), s("plain", "2", add(T, minutes=59), content="done"), exit_("plain", None, "completed", add(T, minutes=59))]}},
]
write("wait_for.json", "wait for event", "`wait for event ... where ... within D { } timeout { }`: the event block when the event comes in time (by its own time), the timeout block or the next step at the deadline.", src, steps)

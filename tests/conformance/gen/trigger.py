from common import *
# SPEC §6 `trigger.KEY`: the properties of the event that started the run, readable anywhere in
# the journey, also inside `exit when ... where` and `wait for ... where`, where `event` is the
# incoming event. The run keeps its trigger in the state: within 4 KB of properties, else only
# the properties the program reads.
src = '''journey "order" {
  when event "Order Placed" where trigger.total > 10
  audience trigger.country == "US"
  exit when event "Order Cancelled" where event.order_id == trigger.order_id
  wait for event "Order Shipped" where event.order_id == trigger.order_id within 3 days {
    send email "Order {{ trigger.order_id }} shipped ({{ event.order_id }})"
  } timeout {
    send email "Order {{ trigger.order_id }} is late"
  }
}
'''
T = "2026-03-08T14:00:00Z"
J = "order"
P = {"id": "u1", "email": "a@example.com"}
def at(**kw): return add(T, **kw)
def mail(step, t, text): return send(J, step, "email", t, to="a@example.com", content=text)
def placed(**kw): return ev("Order Placed", **kw)
BIG = "x" * 5000
FP = fingerprint(src, J, 'wait for event "Order Shipped" where event.order_id == trigger.order_id within 3 days {')
steps = [
  {"request": req(T, P, placed(order_id="O1", total=20, country="US")), "expect": {"decisions": [enter(J, T)], "wake_at": at(days=3)}},
  {"request": req(at(hours=1), P, ev("Order Shipped", order_id="O2")), "expect": {"decisions": []}},
  {"request": req(at(hours=2), P, ev("Order Cancelled", order_id="O2")), "expect": {"decisions": []}},
  {"request": req(at(hours=3), P, ev("Order Shipped", order_id="O1")),
   "expect": {"decisions": [mail("1.event.1", at(hours=3), "Order O1 shipped (O1)"), exit_(J, None, "completed", at(hours=3))]}},
  # the trigger's `where` and the audience read `trigger` too
  {"request": req(T, P, placed(order_id="O3", total=5, country="US"), state=None), "expect": {"decisions": []}},
  {"request": req(T, P, placed(order_id="O3", total=50, country="CA"), state=None), "expect": {"decisions": []}},
  {"request": req(T, P, placed(order_id="O4", total=50, country="US"), state=None), "expect": {"decisions": [enter(J, T)]}},
  {"request": req(at(hours=1), P, ev("Order Cancelled", order_id="O4")), "expect": {"decisions": [exit_(J, "1", "exit_event", at(hours=1))]}},
  # a trigger over 4 KB keeps only the properties the program reads; `trigger` still reads them
  {"request": req(T, P, placed(order_id="O5", total=50, country="US", note=BIG), state=None),
   "expect": {"decisions": [enter(J, T)], "state": {"version": STATE_VERSION, "journeys": {J: {"last_entry": T, "run": {
       "step": "1", "waiting": "wait_for", "until": at(days=3), "entered": T, "spent_micros": 0,
       "event": {"name": "Order Placed", "time": T, "properties": {"country": "US", "order_id": "O5", "total": 50}}, "fingerprint": FP}}}, "sends": []}}},
  {"request": req(at(days=3), P), "expect": {"decisions": [mail("1.timeout.1", at(days=3), "Order O5 is late"), exit_(J, None, "completed", at(days=3))]}},
]
write("trigger.json", "trigger properties", "`trigger.KEY` reads the event that started the run anywhere, also in `exit when`/`wait for` `where` beside `event`; the state keeps the trigger within 4 KB (else only the properties read).", src, steps)

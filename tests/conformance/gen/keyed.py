from common import *
# SPEC §6 `key EXPR`: one run per distinct key, evaluated on the trigger; runs of different keys
# side by side, each with its own reentry and waits; every exit and awaited event is tested
# against every run; at most 20 runs per journey per profile (a trigger past that is ignored);
# decisions carry `"key"`. `reentry restart` restarts only the run of the trigger's key.
src = '''journey "reminder" {
  when event "Appointment Booked"
  key trigger.appointment_id
  exit when event "Appointment Cancelled" where event.appointment_id == trigger.appointment_id
  reentry restart
  wait 1 day
  send sms "Reminder: appointment {{ trigger.appointment_id }}"
}

journey "orders" {
  when event "Order Placed"
  key trigger.order_id
  wait for event "Order Shipped" where event.order_id == trigger.order_id within 2 days {
    send sms "Order {{ trigger.order_id }} shipped"
  }
}
'''
T = "2026-03-08T14:00:00Z"
PHONE = "+14155550100"
P = {"id": "u1", "phone": PHONE, "subscriptions": {"sms": "subscribed"}}
R, O = "reminder", "orders"
def at(**kw): return add(T, **kw)
def sms(j, step, t, text): return send(j, step, "sms", t, to=PHONE, content=text)
def booked(i): return ev("Appointment Booked", appointment_id=i)
FP = fingerprint(src, R, "wait 1 day")
def run(entered, until, aid):
    return {"step": "1", "waiting": "wait", "until": until, "entered": entered, "spent_micros": 0,
            "event": {"name": "Appointment Booked", "time": entered, "properties": {"appointment_id": aid}}, "fingerprint": FP}
steps = [
  {"request": req(T, P, booked("A1")),
   "expect": {"decisions": [keyed(enter(R, T), "A1")], "wake_at": at(days=1)}},
  # a second appointment runs beside the first; the state holds both under `keys`
  {"request": req(at(hours=1), P, booked("B2")),
   "expect": {"decisions": [keyed(enter(R, at(hours=1)), "B2")], "wake_at": at(days=1),
              "state": {"version": STATE_VERSION, "journeys": {R: {"keys": {
                  "A1": {"last_entry": T, "run": run(T, at(days=1), "A1")},
                  "B2": {"last_entry": at(hours=1), "run": run(at(hours=1), at(days=1, hours=1), "B2")}}}}, "sends": []}}},
  # cancelling A1 ends only A1's run
  {"request": req(at(hours=2), P, ev("Appointment Cancelled", appointment_id="A1")),
   "expect": {"decisions": [keyed(exit_(R, "1", "exit_event", at(hours=2)), "A1")], "wake_at": at(days=1, hours=1)}},
  # booking B2 again restarts B2's run only
  {"request": req(at(hours=3), P, booked("B2")),
   "expect": {"decisions": [keyed(exit_(R, "1", "restarted", at(hours=3)), "B2"), keyed(enter(R, at(hours=3)), "B2")],
              "wake_at": at(days=1, hours=3)}},
  {"request": req(at(days=1), P), "expect": {"decisions": [], "wake_at": at(days=1, hours=3)}},
  {"request": req(at(days=1, hours=3), P),
   "expect": {"decisions": [keyed(sms(R, "2", at(days=1, hours=3), "Reminder: appointment B2"), "B2"),
                            keyed(exit_(R, None, "completed", at(days=1, hours=3)), "B2")], "wake_at": None}},
  # A1 ended (cancelled) and may enter again: restart lets a trigger in whatever the last entry
  {"request": req(at(days=2), P, booked("A1")),
   "expect": {"decisions": [keyed(enter(R, at(days=2)), "A1")], "wake_at": at(days=3)}},
  # a trigger without a key starts nothing
  {"request": req(at(days=2, hours=1), P, ev("Appointment Booked")), "expect": {"decisions": [], "wake_at": at(days=3)}},
  # orders: an awaited event resumes the run of its own order only
  {"request": req(T, P, ev("Order Placed", order_id=1), state=None),
   "expect": {"decisions": [keyed(enter(O, T), "1")], "wake_at": at(days=2)}},
  {"request": req(at(minutes=1), P, ev("Order Placed", order_id=2)),
   "expect": {"decisions": [keyed(enter(O, at(minutes=1)), "2")], "wake_at": at(days=2)}},
  {"request": req(at(hours=5), P, ev("Order Shipped", order_id=2)),
   "expect": {"decisions": [keyed(sms(O, "1.event.1", at(hours=5), "Order 2 shipped"), "2"), keyed(exit_(O, None, "completed", at(hours=5)), "2")],
              "wake_at": at(days=2)}},
  {"request": req(at(days=2), P),
   "expect": {"decisions": [keyed(exit_(O, None, "completed", at(days=2)), "1")], "wake_at": None}},
]
# at most 20 runs per journey per profile: the 21st key is ignored, an active key's trigger too
limit = [{"request": req(at(minutes=i), P, ev("Order Placed", order_id=f"o{i}"), **({"state": None} if i == 0 else {})),
          "expect": {"decisions": [keyed(enter(O, at(minutes=i)), f"o{i}")]}} for i in range(20)]
limit.append({"request": req(at(minutes=20), P, ev("Order Placed", order_id="o20")), "expect": {"decisions": [], "wake_at": at(days=2)}})
# once one run ends there is room again
limit.append({"request": req(at(minutes=21), P, ev("Order Shipped", order_id="o3")),
              "expect": {"decisions": [keyed(sms(O, "1.event.1", at(minutes=21), "Order o3 shipped"), "o3"), keyed(exit_(O, None, "completed", at(minutes=21)), "o3")]}})
limit.append({"request": req(at(minutes=22), P, ev("Order Placed", order_id="o20")),
              "expect": {"decisions": [keyed(enter(O, at(minutes=22)), "o20")]}})
write("keyed.json", "keyed runs", "`key EXPR`: one run per key side by side, exits and awaited events tested against every run, `reentry restart` per key, at most 20 runs per journey per profile, decisions carry `key`.", src, steps + limit)

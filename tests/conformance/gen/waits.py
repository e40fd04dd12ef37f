from common import *
src = '''journey "drip" {
  when event "Signed Up"
  wait 1 hour
  send email "one"
  wait 2 days
  send email "two"
  wait 30 minutes
  send email "three"
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com"}
def s(step, content, at): return send("drip", step, "email", at, to="a@example.com", content=content)
steps = [
  {"request": req(T, P, ev("Signed Up")), "expect": {"decisions": [enter("drip", T)], "wake_at": add(T, hours=1),
     "state": {"version": STATE_VERSION, "journeys": {"drip": {"last_entry": T, "run": {"step": "1", "waiting": "wait", "until": add(T, hours=1), "entered": T, "spent_micros": 0,
        "event": {"name": "Signed Up", "time": T, "properties": {}},
        "fingerprint": fingerprint(src, "drip", "wait 1 hour")}}}, "sends": []}}},
  # a tick before the wait is due changes nothing
  {"request": req(add(T, minutes=59, seconds=59), P), "expect": {"decisions": [], "wake_at": add(T, hours=1)}},
  # due at exactly its time
  {"request": req(add(T, hours=1), P), "expect": {"decisions": [s("2", "one", add(T, hours=1))], "wake_at": add(T, hours=49)}},
  # a late tick resumes once; the next wait counts from the tick
  {"request": req(add(T, days=5), P), "expect": {"decisions": [s("4", "two", add(T, days=5))], "wake_at": add(T, days=5, minutes=30)}},
  {"request": req(add(T, days=5, minutes=30), P), "expect": {"decisions": [s("6", "three", add(T, days=5, minutes=30)), exit_("drip", None, "completed", add(T, days=5, minutes=30))], "wake_at": None,
     "state": {"version": STATE_VERSION, "journeys": {"drip": {"last_entry": T}}, "sends": []}}},
]
write("waits.json", "waits", "`wait DURATION`: the run parks with its wake time in `wake_at`; ticks before it do nothing; a late tick resumes once.", src, steps)

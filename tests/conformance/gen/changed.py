from common import *
v1 = '''journey "j" {
  when event "Go"
  send email "one"
  wait 1 day
  send email "two"
}

journey "k" {
  when event "Go"
  wait 1 day
  send email "k-old"
}

journey "gone" {
  when event "Go"
  wait for event "Never" within 1 day {
    send email "x"
  }
}
'''
v2 = '''journey "j" {
  when event "Go"
  send email "one"
  send email "one-b"
  wait 1 day
  send email "two"
}

journey "k" {
  when event "Go"
  wait 2 days
  send email "k-new"
  send email "k-extra"
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com"}
def s(j, step, at, content): return send(j, step, "email", at, to="a@example.com", content=content)
T1 = add(T, hours=1); D = add(T, days=1)
steps = [
  {"request": req(T, P, ev("Go")), "expect": {"decisions": [enter("j", T), s("j", "1", T, "one"), enter("k", T), enter("gone", T)], "wake_at": D}},
  # the journeys are edited while the runs wait: j's step 2 is now a send, so its run ends;
  # k's step 1 is still a wait, so its run goes on under the new version; "gone" was deleted
  {"source": v2, "request": req(T1, P), "expect": {"decisions": [
      exit_("j", "2", "journey_changed", T1), exit_("gone", "1", "journey_changed", T1)], "wake_at": D,
    "state": {"version": 1, "journeys": {"j": {"last_entry": T}, "k": {"last_entry": T, "run": {"step": "1", "waiting": "wait", "until": D, "entered": T, "spent_micros": 0,
        "event": {"name": "Go", "time": T, "properties": {}}}}}, "sends": []}}},
  # the wake time was fixed when the run started waiting
  {"request": req(D, P), "expect": {"decisions": [s("k", "2", D, "k-new"), s("k", "3", D, "k-extra"), exit_("k", None, "completed", D)], "wake_at": None}},
  # a state naming a step that does not exist at all
  {"request": req(D, P, state={"version": 1, "journeys": {"k": {"last_entry": T, "run": {"step": "9.then.4", "waiting": "wait", "until": D, "entered": T, "spent_micros": 0,
        "event": {"name": "Go", "time": T, "properties": {}}}}}, "sends": []}),
   "expect": {"decisions": [exit_("k", "9.then.4", "journey_changed", D)], "state": {"version": 1, "journeys": {"k": {"last_entry": T}}, "sends": []}}},
]
write("journey_changed.json", "a journey edited under a waiting run", "A run whose step no longer exists (or is now another kind of step) ends with `exit`/`journey_changed`; a run whose step still fits goes on under the new version; runs of deleted journeys end too, after the file's journeys.", v1, steps)

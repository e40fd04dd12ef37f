from common import *
# SPEC §2 and §6: a waiting run records its journey's fingerprint up to and including the step
# where it waits; a program whose fingerprint for that step differs (or that lacks the step, or
# has another kind of step there) ends the run with `journey_changed`. Edits after the waiting
# point keep it going.
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

journey "issue" {
  when event "Go"
  send email "A"
  wait 1 day
  send email "B"
}

journey "edited-wait" {
  when event "Go"
  wait 1 day
  send email "C"
}
'''
v2 = '''journey "j" {
  when event "Go"
  send email "one"
  send email "one-b"
  wait 1 day
  send email "two"
}

# only what comes after the wait changed

journey "k" {
  when event "Go"   # the same trigger

  wait 1 day
  send email "k-new"
  send email "k-extra"
}

journey "issue" {
  when event "Go"
  send email "intro"
  wait 1 hour
  send email "A"
  wait 1 day
  send email "B"
}

journey "edited-wait" {
  when event "Go"
  wait 2 days
  send email "C"
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com"}
def s(j, step, at, content): return send(j, step, "email", at, to="a@example.com", content=content)
T1 = add(T, hours=1); D = add(T, days=1)
K_RUN = {"step": "1", "waiting": "wait", "until": D, "entered": T, "spent_micros": 0,
         "event": {"name": "Go", "time": T, "properties": {}}, "fingerprint": fingerprint(v1, "k", "wait 1 day")}
# k's fingerprint at its wait is the same in both versions: comments, empty lines and layout are
# left out, and the edits come after the wait.
assert K_RUN["fingerprint"] == fingerprint(v2.replace('   # the same trigger', '').replace('\n\n  wait 1 day', '\n  wait 1 day'), "k", "wait 1 day")
steps = [
  {"request": req(T, P, ev("Go")), "expect": {"decisions": [enter("j", T), s("j", "1", T, "one"), enter("k", T), enter("gone", T),
      enter("issue", T), s("issue", "1", T, "A"), enter("edited-wait", T)], "wake_at": D}},
  # the journeys are edited while the runs wait: j's step 2 is now a send; "issue" waits at step
  # "2", still a wait, but the journey before it changed (the SPEC's example: resuming would send
  # A again); "edited-wait"'s wait itself changed; "gone" was deleted. k goes on.
  {"source": v2, "request": req(T1, P), "expect": {"decisions": [
      exit_("j", "2", "journey_changed", T1), exit_("issue", "2", "journey_changed", T1),
      exit_("edited-wait", "1", "journey_changed", T1), exit_("gone", "1", "journey_changed", T1)], "wake_at": D,
    "state": {"version": STATE_VERSION, "journeys": {"edited-wait": {"last_entry": T}, "issue": {"last_entry": T}, "j": {"last_entry": T},
                                         "k": {"last_entry": T, "run": K_RUN}}, "sends": []}}},
  # the wake time was fixed when the run started waiting
  {"request": req(D, P), "expect": {"decisions": [s("k", "2", D, "k-new"), s("k", "3", D, "k-extra"), exit_("k", None, "completed", D)], "wake_at": None}},
  # a state naming a step that does not exist at all
  {"request": req(D, P, state={"version": 2, "journeys": {"k": {"last_entry": T, "run": dict(K_RUN, step="9.then.4")}}, "sends": []}),
   "expect": {"decisions": [exit_("k", "9.then.4", "journey_changed", D)], "state": {"version": STATE_VERSION, "journeys": {"k": {"last_entry": T}}, "sends": []}}},
  # a state of version 1 (before fingerprints): its runs end, since nothing shows their journey is
  # unchanged; the rest of it (last entries, sends) is read
  {"request": req(T1, P, state={"version": 1, "journeys": {"k": {"last_entry": T, "run": {"step": "1", "waiting": "wait", "until": D, "entered": T,
        "spent_micros": 0, "event": {"name": "Go", "time": T, "properties": {}}}}}, "sends": []}),
   "expect": {"decisions": [exit_("k", "1", "journey_changed", T1)], "state": {"version": STATE_VERSION, "journeys": {"k": {"last_entry": T}}, "sends": []}}},
  # the same run with its fingerprint goes on
  {"request": req(T1, P, state={"version": 2, "journeys": {"k": {"last_entry": T, "run": K_RUN}}, "sends": []}),
   "expect": {"decisions": [], "wake_at": D}},
]
write("journey_changed.json", "a journey edited under a waiting run", "A waiting run records its journey's fingerprint up to and including its step; a program whose fingerprint there differs, that lacks the step or has another kind of step there ends the run (`journey_changed`); edits after the waiting point keep it going; runs of deleted journeys end too, after the file's journeys; version 1 states' runs end.", v1, steps)

from common import *
# SPEC §6: several `exit when` and `exit if`. `exit if` is tested whenever the run is evaluated
# (event or tick, due or not), before its steps, and at entry; its exit has reason
# `exit_condition`. Any `exit when` ends the run.
src = '''journey "trial-conversion" {
  when event "Trial Started"
  exit if profile.plan == "pro"
  exit if profile.deleted ?? false
  exit when event "Account Deleted"
  exit when event "Unsubscribed All"
  wait 3 days
  send email "Your trial ends in 4 days"
  wait 4 days
  send email "Your trial ends today"
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com", "plan": "trial"}
J = "trial-conversion"
def at(**kw): return add(T, **kw)
def mail(step, t, text): return send(J, step, "email", t, to="a@example.com", content=text)
steps = [
  {"request": req(T, P, ev("Trial Started")), "expect": {"decisions": [enter(J, T)], "wake_at": at(days=3)}},
  # a tick before the wait is due: the condition is tested all the same
  {"request": req(at(days=1), dict(P, plan="pro")), "expect": {"decisions": [exit_(J, "1", "exit_condition", at(days=1))], "wake_at": None}},
  # at entry, before the first step
  {"request": req(T, dict(P, plan="pro"), ev("Trial Started"), state=None),
   "expect": {"decisions": [enter(J, T), exit_(J, None, "exit_condition", T)], "wake_at": None}},
  # the second `exit if`; an event that is no exit event tests it too
  {"request": req(T, P, ev("Trial Started"), state=None), "expect": {"decisions": [enter(J, T)], "wake_at": at(days=3)}},
  {"request": req(at(days=3), P), "expect": {"decisions": [mail("2", at(days=3), "Your trial ends in 4 days")], "wake_at": at(days=7)}},
  {"request": req(at(days=4), dict(P, deleted=True), ev("Page Viewed")), "expect": {"decisions": [exit_(J, "3", "exit_condition", at(days=4))], "wake_at": None}},
  # each `exit when`
  {"request": req(T, P, ev("Trial Started"), state=None), "expect": {"decisions": [enter(J, T)]}},
  {"request": req(at(hours=1), P, ev("Account Deleted")), "expect": {"decisions": [exit_(J, "1", "exit_event", at(hours=1))], "wake_at": None}},
  {"request": req(T, P, ev("Trial Started"), state=None), "expect": {"decisions": [enter(J, T)]}},
  {"request": req(at(hours=1), P, ev("Unsubscribed All")), "expect": {"decisions": [exit_(J, "1", "exit_event", at(hours=1))], "wake_at": None}},
  # neither holds: the run goes to its end
  {"request": req(T, P, ev("Trial Started"), state=None), "expect": {"decisions": [enter(J, T)]}},
  {"request": req(at(days=3), dict(P, deleted=False)), "expect": {"decisions": [mail("2", at(days=3), "Your trial ends in 4 days")]}},
  {"request": req(at(days=7), P), "expect": {"decisions": [mail("4", at(days=7), "Your trial ends today"), exit_(J, None, "completed", at(days=7))], "wake_at": None}},
]
write("exit_if.json", "exit if and several exits", "Several `exit when` and `exit if`: `exit if` is tested whenever the run is evaluated (event or tick) before its steps, and at entry; reason `exit_condition`.", src, steps)

from common import *
# SPEC §6 `set profile.KEY = EXPR`: an `update` decision for the host to apply
# (`{"action": "update", "key", "value"}`, null when the value is missing); later steps of the
# same evaluation see the value.
src = '''journey "onboarding" {
  when event "Signed Up"
  set profile.onboarding_step = (profile.onboarding_step ?? 0) + 1
  send email "Step {{ profile.onboarding_step }}"
  set profile.onboarded = profile.onboarding_step >= 1
  if profile.onboarded {
    send email "You are all set"
  }
  set profile.referrer = event.referrer
  set profile.plan = "trial"
  wait 1 day
  send email "Your {{ profile.plan }} plan"
}
'''
T = "2026-03-08T14:00:00Z"
J = "onboarding"
P = {"id": "u1", "email": "a@example.com"}
def mail(step, t, text): return send(J, step, "email", t, to="a@example.com", content=text)
D1 = add(T, days=1)
steps = [
  {"request": req(T, P, ev("Signed Up")),
   "expect": {"decisions": [enter(J, T), update(J, "1", "onboarding_step", 1, T), mail("2", T, "Step 1"),
                            update(J, "3", "onboarded", True, T), mail("4.then.1", T, "You are all set"),
                            update(J, "5", "referrer", None, T), update(J, "6", "plan", "trial", T)], "wake_at": D1}},
  # the next evaluation reads the profile as the host gives it: here without the update applied
  {"request": req(D1, P), "expect": {"decisions": [mail("8", D1, "Your  plan"), exit_(J, None, "completed", D1)]}},
  {"request": req(T, dict(P, onboarding_step=2, plan="pro"), ev("Signed Up", referrer="ana"), state=None),
   "expect": {"decisions": [enter(J, T), update(J, "1", "onboarding_step", 3, T), mail("2", T, "Step 3"),
                            update(J, "3", "onboarded", True, T), mail("4.then.1", T, "You are all set"),
                            update(J, "5", "referrer", "ana", T), update(J, "6", "plan", "trial", T)]}},
]
write("set.json", "set profile", "`set profile.KEY = EXPR`: an `update` decision with the trait and its value (null when missing); later steps of the same evaluation read the new value.", src, steps)

from common import *
# SPEC §6 `holdout P%`: a deterministic share of profiles (bucket of FNV-1a 64 over
# `profile id \0 journey id \0 "holdout"`, like `split`, below P × 100) is a control group: its
# `enter` has `"holdout": true`, its sends are suppressed (reason `holdout`, cost 0) and the run
# otherwise proceeds.
src = '''journey "winback" {
  when event "Churn Risk"
  holdout 10%
  send email "We miss you"
  wait 2 days
  if profile.vip ?? false {
    send sms "A VIP offer for you" fallback email "A VIP offer"
  }
}
'''
T = "2026-03-08T14:00:00Z"
PHONE = "+14155550100"
J = "winback"
def prof(pid): return {"id": pid, "email": "a@example.com", "phone": PHONE, "vip": True, "subscriptions": {"sms": "subscribed"}}
HELD = [p for p in (f"u{i}" for i in range(100)) if fnv_bucket(p, J, "holdout") < 1000][0]
FREE = [p for p in (f"u{i}" for i in range(100)) if fnv_bucket(p, J, "holdout") >= 1000][0]
D2 = add(T, days=2)
steps = [
  {"request": req(T, prof(HELD), ev("Churn Risk")),
   "expect": {"decisions": [held_enter(J, T), suppress(J, "1", "email", "holdout", T)], "wake_at": D2, "total_cost": total(0)}},
  # branches and waits go on; every send step yields one suppress for its first channel
  {"request": req(D2, prof(HELD)),
   "expect": {"decisions": [suppress(J, "3.then.1", "sms", "holdout", D2), exit_(J, None, "completed", D2)], "wake_at": None, "total_cost": total(0)}},
  {"request": req(T, prof(FREE), ev("Churn Risk"), state=None),
   "expect": {"decisions": [enter(J, T), send(J, "1", "email", T, to="a@example.com", content="We miss you")], "wake_at": D2}},
  {"request": req(D2, prof(FREE)),
   "expect": {"decisions": [send(J, "3.then.1", "sms", D2, to=PHONE, content="A VIP offer for you"), exit_(J, None, "completed", D2)]}},
]
write("holdout.json", "holdout", "`holdout P%`: a deterministic control group by profile id and journey id; `enter` says `holdout: true`, sends are suppressed with reason `holdout` at cost 0, the run proceeds.", src, steps)

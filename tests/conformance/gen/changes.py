from common import *
# SPEC §6 `when profile.KEY changes [to EXPR]`: a trigger on a trait. It fires when the trait's
# value differs from the one the state recorded at the previous evaluation (event or tick); the
# first sight records it without firing; `trigger.from` and `trigger.to` hold the two values.
# The state records only the watched traits (`traits`, null for an absent one).
src = '''journey "upgrade" {
  when profile.plan changes to "pro"
  send email "Welcome to {{ trigger.to }} (was {{ trigger.from }})"
}

journey "moved" {
  when profile.country changes
  reentry always
  send email "Country now {{ trigger.to ?? "unknown" }}"
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com", "plan": "free", "country": "US"}
def at(h): return add(T, hours=h)
def mail(j, t, text): return send(j, "1", "email", t, to="a@example.com", content=text)
def st(plan, country, entries):
    return {"version": STATE_VERSION, "journeys": entries, "sends": [], "traits": {"plan": plan, "country": country}}
steps = [
  # first sight: recorded, nothing fires
  {"request": req(T, P), "expect": {"decisions": [], "state": st("free", "US", {})}},
  {"request": req(at(1), P, ev("Page Viewed")), "expect": {"decisions": []}},
  # a tick sees the change
  {"request": req(at(2), dict(P, plan="pro")),
   "expect": {"decisions": [enter("upgrade", at(2)), mail("upgrade", at(2), "Welcome to pro (was free)"), exit_("upgrade", None, "completed", at(2))],
              "state": st("pro", "US", {"upgrade": {"last_entry": at(2)}})}},
  {"request": req(at(3), dict(P, plan="pro")), "expect": {"decisions": []}},
  {"request": req(at(4), dict(P, plan="pro", country="CA"), ev("Page Viewed")),
   "expect": {"decisions": [enter("moved", at(4)), mail("moved", at(4), "Country now CA"), exit_("moved", None, "completed", at(4))]}},
  # `to "pro"` does not hold: nothing fires, the new value is recorded
  {"request": req(at(5), dict(P, plan="enterprise", country="CA")),
   "expect": {"decisions": [], "state": st("enterprise", "CA", {"upgrade": {"last_entry": at(2)}, "moved": {"last_entry": at(4)}})}},
  # a trait that disappears is a change to null
  {"request": req(at(6), {"id": "u1", "email": "a@example.com", "plan": "enterprise"}),
   "expect": {"decisions": [enter("moved", at(6)), mail("moved", at(6), "Country now unknown"), exit_("moved", None, "completed", at(6))],
              "state": st("enterprise", None, {"upgrade": {"last_entry": at(2)}, "moved": {"last_entry": at(6)}})}},
  # a version 2 state records no traits: first sight again, nothing fires
  {"request": req(at(7), dict(P, plan="pro"), state={"version": 2, "journeys": {}, "sends": []}),
   "expect": {"decisions": [], "state": st("pro", "US", {})}},
]
write("changes.json", "trait changes", "`when profile.KEY changes [to EXPR]`: fires when the trait differs from the value recorded at the previous evaluation (event or tick); first sight records without firing; `trigger.from`/`trigger.to`; version 2 states read.", src, steps)

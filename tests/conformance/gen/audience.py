from common import *
src = '''segment adult = profile.age >= 18

journey "typical" {
  when event "Cart Abandoned"
  audience profile.country in ["US", "CA"] and adult and profile.plan != "enterprise"
  reentry always
  send email "typical"
}

journey "coalesced" {
  when event "Coalesced"
  audience (profile.plan ?? "none") != "enterprise"
  reentry always
  send email "coalesced"
}

journey "negated" {
  when event "Negated"
  audience not (profile.plan == "enterprise")
  reentry always
  send email "negated"
}

journey "checked-at-entry" {
  when event "Joined"
  audience profile.vip == true
  wait 1 hour
  send email "still sent"
}
'''
T = "2026-03-08T14:00:00Z"
def P(**kw):
    p = {"id": "u1", "email": "ana@example.com"}
    p.update(kw); return p
def yes(j, content):
    return [enter(j, T), send(j, "1", "email", T, to="ana@example.com", content=content), exit_(j, None, "completed", T)]
steps = [
  {"request": req(T, P(country="US", age=30, plan="pro"), ev("Cart Abandoned")), "expect": {"decisions": yes("typical", "typical")}},
  {"request": req(T, P(country="CA", age=18, plan="pro"), ev("Cart Abandoned")), "expect": {"decisions": yes("typical", "typical")}},
  {"request": req(T, P(country="MX", age=30, plan="pro"), ev("Cart Abandoned")), "expect": {"decisions": []}},
  {"request": req(T, P(country="US", age=17, plan="pro"), ev("Cart Abandoned")), "expect": {"decisions": []}},
  {"request": req(T, P(country="US", age="30", plan="pro"), ev("Cart Abandoned")), "expect": {"decisions": []}},
  {"request": req(T, P(country="US", age=30, plan="enterprise"), ev("Cart Abandoned")), "expect": {"decisions": []}},
  # a missing plan makes `!=` false too: comparisons with missing are false both ways
  {"request": req(T, P(country="US", age=30), ev("Cart Abandoned")), "expect": {"decisions": []}},
  {"request": req(T, P(country="US", age=30, plan=None), ev("Cart Abandoned")), "expect": {"decisions": []}},
  # `??` and `not` are how a journey says "unless enterprise"
  {"request": req(T, P(), ev("Coalesced")), "expect": {"decisions": yes("coalesced", "coalesced")}},
  {"request": req(T, P(plan="enterprise"), ev("Coalesced")), "expect": {"decisions": []}},
  {"request": req(T, P(), ev("Negated")), "expect": {"decisions": yes("negated", "negated")}},
  {"request": req(T, P(plan="enterprise"), ev("Negated")), "expect": {"decisions": []}},
  # the audience is checked at entry only: a run goes on when the profile changes
  {"request": req(T, P(vip=True), ev("Joined")), "expect": {"decisions": [enter("checked-at-entry", T)], "wake_at": add(T, hours=1)}},
  {"request": req(add(T, hours=1), P(vip=False)), "expect": {"decisions": [
      send("checked-at-entry", "2", "email", add(T, hours=1), to="ana@example.com", content="still sent"),
      exit_("checked-at-entry", None, "completed", add(T, hours=1))], "wake_at": None}},
  # a condition holds only when it is exactly true: the string "true" is not
  {"request": dict(req(T, P(vip="true"), ev("Joined")), state=None), "expect": {"decisions": []}},
]
write("audience.json", "audience", "`audience` with `in`, segments and comparisons; missing values; `??` and `not`; checked only at entry.", src, steps)

from common import *
src = '''journey "hello" {
  when event "Cart Abandoned"
  reentry always
  send email "Hi {{profile.first_name ?? "there"}}, {{event.url}}"
  wait 1 day
  send email "Still {{event.value}} in your cart at {{event.url}}; {{profile.points}} points, ratio {{profile.ratio}}, vip {{profile.vip}}, tags {{profile.tags}}, missing [{{profile.nope}}], {{upper(profile.first_name)}} {{len(profile.tags)}}"
}

journey "numbers" {
  when event "Numbers"
  reentry always
  send email "{{event.a}} {{event.b}} {{event.c}} {{event.d}} {{event.e}} {{event.f}} {{event.a + event.b}} {{event.g / 3}}"
}

journey "clock" {
  when event "Clock"
  reentry always
  send email "now={{now}} since={{days_since(profile.signup)}} hours={{hours_since(profile.signup)}} obj={{profile.obj}} 😀 \\"q\\""
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com", "first_name": "Ana", "points": 1200, "ratio": 99.5, "vip": True, "tags": ["a", "b"]}
def s(j, step, at, content): return send(j, step, "email", at, to="a@example.com", content=content)
T1 = add(T, days=1)
steps = [
  {"request": req(T, P, ev("Cart Abandoned", url="https://shop.example/c/1", value=100)), "expect": {"decisions": [
      enter("hello", T), s("hello", "1", T, "Hi Ana, https://shop.example/c/1")], "wake_at": T1}},
  # a day later the run still reads the event that started it
  {"request": req(T1, P), "expect": {"decisions": [
      s("hello", "3", T1, 'Still 100 in your cart at https://shop.example/c/1; 1200 points, ratio 99.5, vip true, tags ["a","b"], missing [], ANA 2'),
      exit_("hello", None, "completed", T1)]}},
  {"request": req(T, {"id": "u2", "email": "a@example.com"}, ev("Cart Abandoned")), "expect": {"decisions": [
      enter("hello", T), s("hello", "1", T, "Hi there, ")]}},
  {"request": dict(req(T, P, ev("Numbers", a=100, b=0.5, c=1.0, d=-3, e=1e21, f=0.000001, g=1)), state=None), "expect": {"decisions": [
      enter("numbers", T), s("numbers", "1", T, "100 0.5 1 -3 1e+21 0.000001 100.5 0.3333333333333333"), exit_("numbers", None, "completed", T)]}},
  {"request": dict(req(T, dict(P, signup="2026-03-06T02:00:00Z", obj={"k": [1, None]}), ev("Clock")), state=None), "expect": {"decisions": [
      enter("clock", T), s("clock", "1", T, 'now=2026-03-08T14:00:00Z since=2.5 hours=60 obj={"k":[1,null]} 😀 "q"'), exit_("clock", None, "completed", T)]}},
]
write("interpolation.json", "interpolation", "`{{ }}` renders with the profile and the run's event (kept in the state for later steps); numbers print as JSON in JavaScript would (100, 99.5, 1e+21); missing renders empty; lists and objects as JSON.", src, steps)

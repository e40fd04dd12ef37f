from common import *
src = '''journey "tiers" {
  when event "Scored"
  reentry always
  if event.score >= 90 {
    send email "gold"
  } else if event.score >= 50 {
    send email "silver"
    if profile.vip == true {
      send email "vip bonus"
    }
  } else if event.score exists {
    send email "bronze"
  } else {
    send email "no score"
  }
  send email "after"
}

journey "no-else" {
  when event "Maybe"
  reentry always
  if profile.country == "FR" {
    send email "bonjour"
  }
  send email "always"
}
'''
T = "2026-03-08T14:00:00Z"
def P(**kw):
    p = {"id": "u1", "email": "a@example.com"}; p.update(kw); return p
def s(j, step, content): return send(j, step, "email", T, to="a@example.com", content=content)
def run(j, *sends): return [enter(j, T), *sends, exit_(j, None, "completed", T)]
steps = [
  {"request": req(T, P(), ev("Scored", score=95)), "expect": {"decisions": run("tiers", s("tiers", "1.then.1", "gold"), s("tiers", "2", "after"))}},
  {"request": req(T, P(), ev("Scored", score=90)), "expect": {"decisions": run("tiers", s("tiers", "1.then.1", "gold"), s("tiers", "2", "after"))}},
  {"request": req(T, P(), ev("Scored", score=60)), "expect": {"decisions": run("tiers", s("tiers", "1.elif1.1", "silver"), s("tiers", "2", "after"))}},
  {"request": req(T, P(vip=True), ev("Scored", score=60)), "expect": {"decisions": run("tiers", s("tiers", "1.elif1.1", "silver"), s("tiers", "1.elif1.2.then.1", "vip bonus"), s("tiers", "2", "after"))}},
  {"request": req(T, P(), ev("Scored", score=10)), "expect": {"decisions": run("tiers", s("tiers", "1.elif2.1", "bronze"), s("tiers", "2", "after"))}},
  # a string score compares false with numbers but exists
  {"request": req(T, P(), ev("Scored", score="95")), "expect": {"decisions": run("tiers", s("tiers", "1.elif2.1", "bronze"), s("tiers", "2", "after"))}},
  {"request": req(T, P(), ev("Scored")), "expect": {"decisions": run("tiers", s("tiers", "1.else.1", "no score"), s("tiers", "2", "after"))}},
  {"request": req(T, P(), ev("Scored", score=None)), "expect": {"decisions": run("tiers", s("tiers", "1.else.1", "no score"), s("tiers", "2", "after"))}},
  {"request": req(T, P(country="FR"), ev("Maybe")), "expect": {"decisions": run("no-else", s("no-else", "1.then.1", "bonjour"), s("no-else", "2", "always"))}},
  {"request": req(T, P(country="DE"), ev("Maybe")), "expect": {"decisions": run("no-else", s("no-else", "2", "always"))}},
]
write("branches.json", "if / else if / else", "Branches in order, the first whose condition is exactly true; nested blocks and their step ids (`1.then.1`, `1.elif1.2.then.1`, `1.elif2.1`, `1.else.1`).", src, steps)

from common import *
src = '''journey "budgeted" {
  when event "Go"
  reentry always
  budget $0.02 per entry
  send sms "one"
  send sms "two" fallback email "two by email"
  send sms "three" fallback webhook "hook"
}

journey "exact" {
  when event "Exact"
  reentry always
  budget $0.0218 per entry
  send sms "one"
  send sms "two"
}

journey "spread" {
  when event "Spread"
  reentry always
  budget $0.015 per entry
  send sms "a"
  wait 1 day
  send sms "b" fallback email "b by email"
}

journey "euros" {
  when event "Euros"
  reentry always
  budget $1 per entry
  send sms "not compared with euros" fallback email "nor this"
}
'''
T = "2026-03-08T14:00:00Z"
PHONE = "+14155550100"
P = {"id": "u1", "phone": PHONE, "email": "a@example.com", "subscriptions": {"sms": "subscribed"}}
def sms(j, step, at, content, **kw): return send(j, step, "sms", at, to=PHONE, content=content, **kw)
T1 = add(T, days=1)
cheap = {"currency": "USD", "channels": {"sms": {"default": 0.001}}}
euro = {"currency": "EUR", "channels": {"sms": {"default": 0.01}, "email": {"default": 0.001}}}
steps = [
  # 0.0109 each for US sms: the second would make 0.0218 > 0.02, the email (0.001) fits,
  # the third sms would make 0.0228; the webhook has no price here (0, price unknown)
  {"request": req(T, P, ev("Go")), "expect": {"decisions": [enter("budgeted", T), sms("budgeted", "1", T, "one"),
      suppress("budgeted", "2", "sms", "budget", T), send("budgeted", "2", "email", T, to="a@example.com", content="two by email"),
      suppress("budgeted", "3", "sms", "budget", T), send("budgeted", "3", "webhook", T, content="hook"),
      exit_("budgeted", None, "completed", T)], "total_cost": total(10900 + 1000)}},
  # the budget is a ceiling: reaching it exactly is allowed
  {"request": req(T, P, ev("Exact")), "expect": {"decisions": [enter("exact", T), sms("exact", "1", T, "one"), sms("exact", "2", T, "two"),
      exit_("exact", None, "completed", T)], "total_cost": total(21800)}},
  # what a run spent is kept in the state across waits
  {"request": req(T, P, ev("Spread")), "expect": {"decisions": [enter("spread", T), sms("spread", "1", T, "a")], "total_cost": total(10900),
      "state": {"version": STATE_VERSION, "journeys": {"budgeted": {"last_entry": T}, "exact": {"last_entry": T}, "spread": {"last_entry": T, "run": {
          "step": "2", "waiting": "wait", "until": T1, "entered": T, "spent_micros": 10900, "event": {"name": "Spread", "time": T, "properties": {}},
          "fingerprint": fingerprint(src, "spread", "wait 1 day")}}}, "sends": []}}},
  {"request": req(T1, P), "expect": {"decisions": [suppress("spread", "3", "sms", "budget", T1), send("spread", "3", "email", T1, to="a@example.com", content="b by email"),
      exit_("spread", None, "completed", T1)], "total_cost": total(1000)}},
  # a new run starts from nothing
  {"request": req(T1, P, ev("Spread")), "expect": {"decisions": [enter("spread", T1), sms("spread", "1", T1, "a")]}},
  # a request's own price table replaces the program's
  {"request": req(T, P, ev("Go"), prices=cheap, state=None), "expect": {"decisions": [enter("budgeted", T),
      sms("budgeted", "1", T, "one", prices=cheap), sms("budgeted", "2", T, "two", prices=cheap), sms("budgeted", "3", T, "three", prices=cheap),
      exit_("budgeted", None, "completed", T)], "total_cost": total(3000)}},
  # a budget in another currency than the request's prices cannot be checked: nothing it might
  # forbid is sent (SPEC §6), every channel is suppressed with `budget`
  {"request": req(T, P, ev("Euros"), prices=euro), "expect": {"decisions": [enter("euros", T), suppress("euros", "1", "sms", "budget", T),
      suppress("euros", "1", "email", "budget", T), exit_("euros", None, "completed", T)], "total_cost": total(0, "EUR")}},
  # nothing sent: a total of zero
  {"request": req(T, P, ev("Nothing")), "expect": {"decisions": [], "total_cost": total(0)}},
]
write("budget.json", "budget per entry", "`budget MONEY per entry`: a channel whose price would take the run's spending past the budget is suppressed (`budget`) and the next one tried; spending is kept in the state; a request's `prices` replaces the table; `total_cost`.", src, steps)

from common import *
# SPEC §6 `transactional`: the policy's limits and quiet hours do not apply to the journey and
# its sends do not count toward policy limits; its own `limit` and `quiet hours`, consent and
# addresses still apply.
src = '''policy {
  limit 1 messages per 1 day
  quiet hours 21:00 to 08:00
}

journey "promo" {
  when event "Promo"
  reentry always
  send sms "Sale"
}

journey "receipt" {
  when event "Order"
  transactional
  reentry always
  send sms "Receipt {{event.id}}"
}

journey "own-rules" {
  when event "Late"
  transactional
  reentry always
  quiet hours 23:00 to 06:00
  limit 1 messages per 1 day
  send sms "Late receipt"
}
'''
T = "2026-03-08T14:00:00Z"
PHONE = "+14155550100"
P = {"id": "u1", "phone": PHONE, "subscriptions": {"sms": "subscribed"}}
def at(h, m=0): return f"2026-03-08T{h:02d}:{m:02d}:00Z"
def sms(j, step, t, text): return send(j, step, "sms", t, to=PHONE, content=text)
def once(j, t, mid): return [enter(j, t), *mid, exit_(j, None, "completed", t)]
steps = [
  {"request": req(at(14), P, ev("Order", id="A1")), "expect": {"decisions": once("receipt", at(14), [sms("receipt", "1", at(14), "Receipt A1")])}},
  # past the policy's 1 message a day: a transactional journey is not capped by it
  {"request": req(at(14, 1), P, ev("Order", id="A2")), "expect": {"decisions": once("receipt", at(14, 1), [sms("receipt", "1", at(14, 1), "Receipt A2")])}},
  # and its sends do not count toward it: the promotion still goes
  {"request": req(at(14, 2), P, ev("Promo")), "expect": {"decisions": once("promo", at(14, 2), [sms("promo", "1", at(14, 2), "Sale")])}},
  {"request": req(at(14, 3), P, ev("Promo")), "expect": {"decisions": once("promo", at(14, 3), [suppress("promo", "1", "sms", "frequency_cap", at(14, 3))])}},
  # inside the policy's quiet hours: sent anyway
  {"request": req(at(22), P, ev("Order", id="A3")), "expect": {"decisions": once("receipt", at(22), [sms("receipt", "1", at(22), "Receipt A3")])}},
  # its own quiet hours hold (the policy's 21:00 does not, the journey's 23:00 does)
  {"request": req(at(22, 30), P, ev("Late")), "expect": {"decisions": once("own-rules", at(22, 30), [sms("own-rules", "1", at(22, 30), "Late receipt")])}},
  {"request": req(at(23, 30), P, ev("Late")), "expect": {"decisions": [enter("own-rules", at(23, 30)), defer("own-rules", "1", "sms", "2026-03-09T06:00:00Z", at(23, 30))]}},
  # its own limit holds: one message a day, the 22:30 one counted
  {"request": req("2026-03-09T06:00:00Z", P), "expect": {"decisions": [suppress("own-rules", "1", "sms", "frequency_cap", "2026-03-09T06:00:00Z"), exit_("own-rules", None, "completed", "2026-03-09T06:00:00Z")]}},
  # consent and addresses still apply
  {"request": req(at(14), {"id": "u2", "phone": PHONE}, ev("Order", id="B1"), state=None),
   "expect": {"decisions": once("receipt", at(14), [suppress("receipt", "1", "sms", "unsubscribed", at(14))])}},
  {"request": req(at(14), {"id": "u3", "phone": "555-0100", "subscriptions": {"sms": "subscribed"}}, ev("Order", id="C1"), state=None),
   "expect": {"decisions": once("receipt", at(14), [suppress("receipt", "1", "sms", "invalid_address", at(14))])}},
]
write("transactional.json", "transactional journeys", "`transactional`: the policy's limits and quiet hours do not apply and the journey's sends do not count toward them; its own `limit` and `quiet hours`, consent and addresses still apply.", src, steps)

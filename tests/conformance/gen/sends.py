from common import *
src = '''journey "fallbacks" {
  when event "Go"
  reentry always
  send push "Your cart misses you" fallback sms "Cart reminder" fallback email template "cart_reminder"
  send whatsapp "all suppressed" fallback voice "still suppressed"
  send webhook "hook"
}
'''
T = "2026-03-08T14:00:00Z"
PHONE = "+14155550100"
def P(**kw):
    p = {"id": "u1"}; p.update(kw); return p
J = "fallbacks"
def tail(reason="no_address"):
    return [suppress(J, "2", "whatsapp", reason, T), suppress(J, "2", "voice", reason, T),
            send(J, "3", "webhook", T, content="hook"), exit_(J, None, "completed", T)]
steps = [
  # push token present, push allowed unless unsubscribed: push goes, no fallback tried
  {"request": req(T, P(push_token="tok_1"), ev("Go")), "expect": {"decisions": [enter(J, T), send(J, "1", "push", T, to="tok_1", content="Your cart misses you"), *tail()]}},
  # no push token: suppressed with no_address; sms has a phone but no opt-in: unsubscribed; email sends
  {"request": req(T, P(phone=PHONE, email="a@example.com"), ev("Go")), "expect": {"decisions": [enter(J, T),
      suppress(J, "1", "push", "no_address", T), suppress(J, "1", "sms", "unsubscribed", T),
      send(J, "1", "email", T, to="a@example.com", template="cart_reminder"), *tail("unsubscribed")]}},
  # opted-in sms
  {"request": req(T, P(phone=PHONE, subscriptions={"sms": "subscribed"}), ev("Go")), "expect": {"decisions": [enter(J, T),
      suppress(J, "1", "push", "no_address", T), send(J, "1", "sms", T, to=PHONE, content="Cart reminder"), *tail("unsubscribed")]}},
  # empty and null addresses are no address; every channel suppressed: the step ends, the run goes on
  {"request": req(T, P(push_token="", phone=None, email="  "), ev("Go")), "expect": {"decisions": [enter(J, T),
      suppress(J, "1", "push", "no_address", T), suppress(J, "1", "sms", "no_address", T), suppress(J, "1", "email", "no_address", T), *tail()]}},
  # whatsapp and voice use the phone and need opt-in
  {"request": req(T, P(phone=PHONE, subscriptions={"voice": "subscribed"}), ev("Go")), "expect": {"decisions": [enter(J, T),
      suppress(J, "1", "push", "no_address", T), suppress(J, "1", "sms", "unsubscribed", T), suppress(J, "1", "email", "no_address", T),
      suppress(J, "2", "whatsapp", "unsubscribed", T), send(J, "2", "voice", T, to=PHONE, content="still suppressed"),
      send(J, "3", "webhook", T, content="hook"), exit_(J, None, "completed", T)]}},
  # a webhook needs no address, but an explicit unsubscribe stops it
  {"request": req(T, P(subscriptions={"webhook": "unsubscribed"}), ev("Go")), "expect": {"decisions": [enter(J, T),
      suppress(J, "1", "push", "no_address", T), suppress(J, "1", "sms", "no_address", T), suppress(J, "1", "email", "no_address", T),
      suppress(J, "2", "whatsapp", "no_address", T), suppress(J, "2", "voice", "no_address", T),
      suppress(J, "3", "webhook", "unsubscribed", T), exit_(J, None, "completed", T)]}},
]
write("sends_fallback.json", "sends with fallback chains", "Channels are tried in order; a channel without an address (`no_address`) or consent (`unsubscribed`) is suppressed and the next one tried; a step whose channels all fail ends with the suppressions and the run goes on.", src, steps)

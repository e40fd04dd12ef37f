from common import *
# SPEC §6: an SMS or MMS text longer than 1,600 characters after rendering (the providers'
# limit) is suppressed with `too_long`, and the send moves on to its fallback. Characters are
# Unicode scalar values. Other channels have no such limit here.
src = '''journey "long" {
  when event "Go"
  reentry always
  send sms "{{event.text}}" fallback mms "{{event.text}}" fallback email "{{event.text}}"
}
'''
T = "2026-03-08T14:00:00Z"
PHONE = "+14155550100"
P = {"id": "u1", "phone": PHONE, "email": "a@example.com", "subscriptions": {"sms": "subscribed", "mms": "subscribed"}}
steps = []
for n in [1600, 1601, 3900]:
    text = ("Hello there " * 400)[:n]
    if n <= 1600:
        mid = [send("long", "1", "sms", T, to=PHONE, content=text)]
    else:
        mid = [suppress("long", "1", "sms", "too_long", T), suppress("long", "1", "mms", "too_long", T),
               send("long", "1", "email", T, to="a@example.com", content=text)]
    steps.append({"request": req(T, P, ev("Go", text=text)), "expect": {"decisions": [enter("long", T), *mid, exit_("long", None, "completed", T)]}})
write("too_long.json", "too long for SMS", "An SMS or MMS text over 1,600 characters after rendering is suppressed (`too_long`) and the send moves to its fallback.", src, steps)

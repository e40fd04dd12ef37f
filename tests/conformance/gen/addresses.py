from common import *
# SPEC §2 `invalid_address`: a phone that is not E.164 (`+`, then 8 to 15 digits, the first not
# 0) for sms, mms, whatsapp and voice; an email without exactly one `@` between non-empty parts
# and a dot in the domain. The channel is suppressed (never priced at a default country) and the
# send moves on to its fallback.
src = '''journey "phone" {
  when event "phone"
  reentry always
  send sms "hi" fallback email "hi"
}

journey "voice" {
  when event "voice"
  reentry always
  send voice "hi" fallback whatsapp "hi" fallback push "hi"
}

journey "email" {
  when event "email"
  reentry always
  send email "hi" fallback push "hi"
}
'''
T = "2026-03-08T14:00:00Z"
SUBS = {"sms": "subscribed", "voice": "subscribed", "whatsapp": "subscribed"}
def P(phone="+14155550100", email="a@example.com"):
    return {"id": "u1", "phone": phone, "email": email, "push_token": "tok", "subscriptions": SUBS}

def e164(p):
    d = p[1:] if p.startswith("+") else None
    return d is not None and 8 <= len(d) <= 15 and d.isdigit() and d.isascii() and d[0] != "0"
def email_ok(e):
    parts = e.split("@")
    return len(parts) == 2 and parts[0] != "" and parts[1] != "" and "." in parts[1]

steps = []
BAD_PHONES = ["not a phone", "14155550100", "+1 415 555 0100", "+0123456789", "+1234567",
              "+1234567890123456", "+", "+1415555010a", "++14155550100", "+١٤١٥٥٥٥٠١٠٠"]
for phone in BAD_PHONES + ["+14155550100"]:
    assert e164(phone) == (phone == "+14155550100"), phone
    if e164(phone):
        mid = [send("phone", "1", "sms", T, to=phone, content="hi")]
    else:
        mid = [suppress("phone", "1", "sms", "invalid_address", T),
               send("phone", "1", "email", T, to="a@example.com", content="hi")]
    steps.append({"request": req(T, P(phone=phone), ev("phone")),
                  "expect": {"decisions": [enter("phone", T), *mid, exit_("phone", None, "completed", T)]}})
# voice and whatsapp read the same phone: both are suppressed, push takes it.
steps.append({"request": req(T, P(phone="+44 20 7946 0958"), ev("voice")),
              "expect": {"decisions": [enter("voice", T),
                                       suppress("voice", "1", "voice", "invalid_address", T),
                                       suppress("voice", "1", "whatsapp", "invalid_address", T),
                                       send("voice", "1", "push", T, to="tok", content="hi"),
                                       exit_("voice", None, "completed", T)]}})
BAD_EMAILS = ["ana", "ana@", "@example.com", "ana@example", "ana@@example.com", "ana@b@example.com",
              "ana.example.com"]
GOOD_EMAILS = ["a@example.com", "first.last+tag@mail.example.co.uk"]
for email in BAD_EMAILS + GOOD_EMAILS:
    assert email_ok(email) == (email in GOOD_EMAILS), email
    if email_ok(email):
        mid = [send("email", "1", "email", T, to=email, content="hi")]
    else:
        mid = [suppress("email", "1", "email", "invalid_address", T),
               send("email", "1", "push", T, to="tok", content="hi")]
    steps.append({"request": req(T, P(email=email), ev("email")),
                  "expect": {"decisions": [enter("email", T), *mid, exit_("email", None, "completed", T)]}})
write("addresses.json", "addresses", "`invalid_address`: a phone that is not E.164 for sms, mms, whatsapp and voice, an email without exactly one `@` between non-empty parts and a dot in the domain; the channel is suppressed and the send moves to its fallback.", src, steps)

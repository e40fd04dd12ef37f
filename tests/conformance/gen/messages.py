from common import *
# SPEC §6 localised messages: `message "ID" { LOCALE "text" ... }` and `send CHANNEL message "ID"`.
# The variant is chosen by profile.locale: the exact tag (case-insensitive), then its language
# (`pt-BR` → `pt`), then another variant of that language (docs/language.md), then the policy's
# `default locale`, then the first variant. The send decision carries `message` and `locale`;
# its cost is the chosen variant's (UCS-2 for Portuguese: 70 UTF-16 units a segment, 67 a part).
src = '''policy {
  default locale "en"
}

message "cart" {
  es "Hola {{ profile.first_name }}, dejaste algo en tu carrito. Termina tu pedido hoy: shop.example/c"
  en "Hi {{ profile.first_name }}, you left something in your cart. Finish your order today: shop.example/c"
  pt-BR "Olá {{ profile.first_name }}, você deixou algo no carrinho. Conclua seu pedido hoje: shop.example/c"
  pt "Olá {{ profile.first_name }}, deixou algo no cesto."
}

journey "cart" {
  when event "Cart Abandoned"
  reentry always
  send sms message "cart"
}
'''
T = "2026-03-08T14:00:00Z"
PHONE = "+14155550100"
J = "cart"
TEXTS = {
    "es": "Hola Ana, dejaste algo en tu carrito. Termina tu pedido hoy: shop.example/c",
    "en": "Hi Ana, you left something in your cart. Finish your order today: shop.example/c",
    "pt-BR": "Olá Ana, você deixou algo no carrinho. Conclua seu pedido hoje: shop.example/c",
    "pt": "Olá Ana, deixou algo no cesto.",
}

def ucs2_quote(text):
    """UCS-2 segments of a BMP text (SPEC §3): 70 units in one segment, else parts of 67."""
    n = len(text.encode("utf-16-le")) // 2
    units = 1 if n <= 70 else -(-n // 67)
    m = units * (micros(0.0079) + micros(0.003))
    return {"amount": fmt_amount(m), "micros": m, "currency": "USD", "units": units,
            "unit": "segment", "encoding": "UCS-2"}

def msg_send(locale, at):
    text = TEXTS[locale]
    if all(c in GSM7_BASIC for c in text):
        o = send(J, "1", "sms", at, to=PHONE, content=text)
    else:
        o = {"journey": J, "step": "1", "action": "send", "channel": "sms", "to": PHONE,
             "content": text, "template": None, "country": "US", "cost": ucs2_quote(text), "at": at}
    o["message"] = "cart"
    o["locale"] = locale
    return o

def prof(locale):
    p = {"id": "u1", "phone": PHONE, "first_name": "Ana", "subscriptions": {"sms": "subscribed"}}
    if locale is not ...:
        p["locale"] = locale
    return p

# (profile.locale, the variant chosen)
CASES = [
    ("pt-BR", "pt-BR"),    # exact
    ("PT-br", "pt-BR"),    # tags compare case-insensitively
    ("pt_BR", "pt-BR"),    # `_` read as `-`
    ("pt-PT", "pt"),       # its language
    ("es-MX", "es"),       # its language
    ("fr", "en"),          # the policy's default locale
    (None, "en"),          # null: the default
    (..., "en"),           # missing: the default
    (42, "en"),            # not a text: the default
]
steps = []
for i, (locale, chosen) in enumerate(CASES):
    at = add(T, minutes=i)
    dec = msg_send(chosen, at)
    steps.append({"request": req(at, prof(locale), ev("Cart Abandoned"), state=None),
                  "expect": {"decisions": [enter(J, at), dec, exit_(J, None, "completed", at)],
                             "total_cost": total(dec["cost"]["micros"])}})
# Portuguese (Brazil) costs twice English here: 2 UCS-2 segments against 1 GSM-7 segment.
assert msg_send("pt-BR", T)["cost"]["units"] == 2 and msg_send("en", T)["cost"]["units"] == 1
write("messages.json", "messages",
      "Localised messages: the variant by profile.locale (exact, language, same language, default locale, first); the decision carries message and locale, and the cost of the variant sent (pt-BR: 2 UCS-2 segments, en: 1 GSM-7 segment).",
      src, steps)

# Without `default locale`, the first variant is the last resort; a variant of the same
# language comes before it.
src2 = '''message "hi" {
  es "Hola"
  en-GB "Hello"
}

journey "hi" {
  when event "Signed Up"
  send email message "hi"
}
'''
def hi(locale, chosen, text, at):
    p = {"id": "u2", "email": "a@example.com"}
    if locale is not None:
        p["locale"] = locale
    o = send("hi", "1", "email", at, to="a@example.com", content=text)
    o["message"] = "hi"; o["locale"] = chosen
    return {"request": req(at, p, ev("Signed Up"), state=None),
            "expect": {"decisions": [enter("hi", at), o, exit_("hi", None, "completed", at)]}}
steps2 = [hi("en-US", "en-GB", "Hello", T), hi("de", "es", "Hola", T), hi(None, "es", "Hola", T)]
write("messages_first.json", "messages without a default locale",
      "Without `default locale` an unmatched locale gets the first variant; `en-US` gets `en-GB` (same language) before it.",
      src2, steps2)

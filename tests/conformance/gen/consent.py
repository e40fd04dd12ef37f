from common import *
chs = ["sms", "mms", "whatsapp", "voice", "email", "push"]
src = "\n".join(f'''journey "{c}" {{
  when event "{c}"
  reentry always
  send {c} "hi"
}}
''' for c in chs)
T = "2026-03-08T14:00:00Z"
ADDR = {"sms": "+14155550100", "mms": "+14155550100", "whatsapp": "+14155550100", "voice": "+14155550100", "email": "a@example.com", "push": "tok"}
def P(status):
    p = {"id": "u1", "phone": "+14155550100", "email": "a@example.com", "push_token": "tok"}
    if status is not None:
        p["subscriptions"] = {c: status for c in chs}
    return p
steps = []
# SPEC §2 as amended by §6: read case-insensitively and trimmed, "subscribed", "opted_in" and
# true consent; missing or null leave the channel's default; every other value refuses.
def gives(status):
    if status is True:
        return True
    return isinstance(status, str) and status.strip().lower() in ("subscribed", "opted_in")
STATUSES = [None, "subscribed", "unsubscribed", "pending", "Unsubscribed", "UNSUBSCRIBED", "opted_out",
            "Opted_Out", False, True, " Subscribed ", "OPTED_IN", "", 1, 0, {"status": "subscribed"},
            ["subscribed"], "subscribed please"]
for status in STATUSES:
    for c in chs:
        opt_in = c in ("sms", "mms", "whatsapp", "voice")
        ok = gives(status) if status is not None else not opt_in
        mid = send(c, "1", c, T, to=ADDR[c], content="hi") if ok else suppress(c, "1", c, "unsubscribed", T)
        steps.append({"request": req(T, P(status), ev(c)), "expect": {"decisions": [enter(c, T), mid, exit_(c, None, "completed", T)]}})
# subscriptions null and unknown channels are ignored
steps.append({"request": req(T, dict(P(None), subscriptions=None), ev("email")), "expect": {"decisions": [enter("email", T), send("email", "1", "email", T, to="a@example.com", content="hi"), exit_("email", None, "completed", T)]}})
steps.append({"request": req(T, dict(P(None), subscriptions={"fax": "subscribed", "sms": None}), ev("sms")), "expect": {"decisions": [enter("sms", T), suppress("sms", "1", "sms", "unsubscribed", T), exit_("sms", None, "completed", T)]}})
write("consent.json", "consent", "`subscriptions.CHANNEL` read case-insensitively and trimmed: \"subscribed\", \"opted_in\" and true consent; missing or null give the channel's default (sms, mms, whatsapp and voice opt-in: refused; email and push opt-out: allowed); every other value (\"Unsubscribed\", false, \"pending\", numbers, objects) refuses.", src, steps)

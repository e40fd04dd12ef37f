from common import *
src = '''segment us_or_ca = profile.country in ["US", "CA"]

policy {
  limit 2 messages per 1 day
  quiet hours 21:00 to 08:00
}

journey "cart" {
  when event "Cart Abandoned" where event.value >= 50
  audience us_or_ca and profile.age >= 18
  reentry always
  if count(event "Product Viewed" within 1 day) > 3 {
    send sms "Still thinking it over, {{profile.first_name ?? "friend"}}?"
  } else {
    send sms "Your cart misses you" fallback email template "cart"
  }
}

journey "welcome" {
  when event "Signed Up"
  send email "Welcome"
}
'''
T = "2026-03-08T14:00:00Z"
ANA = {"id": "ana", "country": "US", "age": 34, "phone": "+14155550100", "email": "ana@example.com", "timezone": "America/New_York",
       "subscriptions": {"sms": "unsubscribed"},
       "events": [{"name": "Product Viewed", "time": "2026-03-08T09:00:00Z"}]}
steps = [
  {"request": dict(req(T, ANA, ev("Cart Abandoned", value=80)), explain=True), "expect": {"decisions": [
      enter("cart", T), suppress("cart", "1.else.1", "sms", "unsubscribed", T),
      send("cart", "1.else.1", "email", T, to="ana@example.com", template="cart"), exit_("cart", None, "completed", T)]}},
  {"request": dict(req(T, dict(ANA, age=None), ev("Cart Abandoned", value=80)), explain=True, state=None), "expect": {"decisions": []}},
]
write("explain.json", "explain", "`\"explain\": true` adds a trace: every check in order, conditions with their source text and the values they read (`missing: true` for a missing one), sends channel by channel. Why didn't Ana get the SMS?", src, steps)

def tr(journey, step, check, result, condition=None, values=None, detail=None, channel=None):
    o = {"journey": journey, "step": step, "check": check}
    if channel: o["channel"] = channel
    if condition is not None: o["condition"] = condition
    o["result"] = result
    if values: o["values"] = values
    if detail is not None: o["detail"] = detail
    return o
def v(expr, value=None, missing=False):
    return {"expr": expr, "missing": True} if missing else {"expr": expr, "value": value}
trigger = tr("cart", None, "trigger", True, "event.value >= 50", [v("event.value", 80)])
reentry = tr("cart", None, "reentry", True, detail="first entry")
welcome = tr("welcome", None, "trigger", False, detail='event "Cart Abandoned" does not trigger this journey')
steps[0]["expect"]["trace"] = [
  trigger, reentry,
  tr("cart", None, "audience", True, "us_or_ca and profile.age >= 18", [v("profile.country", "US"), v("us_or_ca", True), v("profile.age", 34)]),
  tr("cart", "1", "if", False, 'count(event "Product Viewed" within 1 day) > 3', [v('count(event "Product Viewed" within 1 day)', 1)]),
  tr("cart", "1.else.1", "address", True, detail='profile.phone is "+14155550100"', channel="sms"),
  tr("cart", "1.else.1", "consent", False, detail='subscriptions.sms is "unsubscribed": refused (only "subscribed", "opted_in" or true consent)', channel="sms"),
  tr("cart", "1.else.1", "address", True, detail='profile.email is "ana@example.com"', channel="email"),
  tr("cart", "1.else.1", "consent", True, detail='subscriptions.email is missing: email is allowed unless refused (opt-out)', channel="email"),
  tr("cart", "1.else.1", "quiet_hours", True, detail="email ignores quiet hours", channel="email"),
  tr("cart", "1.else.1", "frequency_cap", True, detail="no limit reached", channel="email"),
  welcome,
]
steps[1]["expect"]["trace"] = [
  trigger, reentry,
  tr("cart", None, "audience", False, "us_or_ca and profile.age >= 18", [v("profile.country", "US"), v("us_or_ca", True), v("profile.age", missing=True)]),
  welcome,
]
# at 22:00 in New York the sms is deferred, and the trace says why
late = "2026-03-09T02:00:00Z"
bob = {"id": "bob", "country": "CA", "age": 40, "phone": "+14165550100", "timezone": "America/Toronto", "subscriptions": {"sms": "subscribed"}}
steps.append({"request": dict(req(late, bob, ev("Cart Abandoned", value=50)), explain=True, state=None), "expect": {
  "decisions": [enter("cart", late), defer("cart", "1.else.1", "sms", "2026-03-09T12:00:00Z", late)],
  "wake_at": "2026-03-09T12:00:00Z",
  "trace": [
    tr("cart", None, "trigger", True, "event.value >= 50", [v("event.value", 50)]), reentry,
    tr("cart", None, "audience", True, "us_or_ca and profile.age >= 18", [v("profile.country", "CA"), v("us_or_ca", True), v("profile.age", 40)]),
    tr("cart", "1", "if", False, 'count(event "Product Viewed" within 1 day) > 3', [v('count(event "Product Viewed" within 1 day)', 0)]),
    tr("cart", "1.else.1", "address", True, detail='profile.phone is "+14165550100"', channel="sms"),
    tr("cart", "1.else.1", "consent", True, detail='subscriptions.sms is "subscribed": consent', channel="sms"),
    tr("cart", "1.else.1", "quiet_hours", False, detail="local time 22:00 (zone America/Toronto); quiet hours 21:00 to 08:00", channel="sms"),
    welcome,
  ]}})
# the tick at 08:00 wakes the run; the sms goes out, within the policy cap
steps.append({"request": dict(req("2026-03-09T12:00:00Z", bob), explain=True), "expect": {
  "decisions": [send("cart", "1.else.1", "sms", "2026-03-09T12:00:00Z", to="+14165550100", content="Your cart misses you"), exit_("cart", None, "completed", "2026-03-09T12:00:00Z")],
  "trace": [
    tr("cart", "1.else.1", "wake", True, detail="quiet_hours due at 2026-03-09T12:00:00Z"),
    tr("cart", "1.else.1", "address", True, detail='profile.phone is "+14165550100"', channel="sms"),
    tr("cart", "1.else.1", "consent", True, detail='subscriptions.sms is "subscribed": consent', channel="sms"),
    tr("cart", "1.else.1", "quiet_hours", True, detail="local time 08:00 (zone America/Toronto); quiet hours 21:00 to 08:00", channel="sms"),
    tr("cart", "1.else.1", "frequency_cap", True, detail="no limit reached", channel="sms"),
  ]}})
write("explain.json", "explain", "`\"explain\": true` adds a trace: every check in order, conditions with their source text and the values they read (`missing: true` for a missing one), sends channel by channel. Why didn't Ana get the SMS?", src, steps)

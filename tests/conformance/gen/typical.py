from common import *
import pathlib
# The typical journey of docs/performance.md: one fixture for the benches, the npm bench and this case.
src = (pathlib.Path(__file__).resolve().parents[2] / 'fixtures' / 'typical.herald').read_text()
T = "2026-03-08T14:00:00Z"
def viewed(n): return [{"name": "Product Viewed", "time": add(T, hours=-i - 1), "properties": {"sku": f"s{i}"}} for i in range(n)]
P = {"id": "u_123", "country": "US", "age": 34, "plan": "pro", "phone": "+14155550100", "email": "ana@example.com",
     "subscriptions": {"sms": "subscribed"}, "first_name": "Ana", "events": viewed(4)}
steps = [
  {"request": req(T, P, ev("Cart Abandoned", value=80)), "expect": {"decisions": [enter("typical", T), send("typical", "1.then.1", "sms", T, to="+14155550100", content="Still thinking it over?"), exit_("typical", None, "completed", T)],
     "wake_at": None, "state": {"version": STATE_VERSION, "journeys": {"typical": {"last_entry": T}}, "sends": []}}},
  {"request": req(T, dict(P, events=viewed(3)), ev("Cart Abandoned", value=80)), "expect": {"decisions": [enter("typical", T), send("typical", "1.else.1", "email", T, to="ana@example.com", template="cart"), exit_("typical", None, "completed", T)]}},
  {"request": req(T, P, ev("Cart Abandoned", value=49.99)), "expect": {"decisions": []}},
  {"request": req(T, dict(P, plan="enterprise"), ev("Cart Abandoned", value=80)), "expect": {"decisions": []}},
]
write("typical.json", "the typical journey", "The journey the speed targets are measured on: a trigger with a condition, an audience of three comparisons, one branch, two sends.", src, steps)

spec = '''# Reusable conditions
segment big_spender = profile.lifetime_value >= 1000

policy {
  limit 5 messages per 7 days        # across every journey of this file, per profile
  quiet hours 21:00 to 08:00         # recipient's local time (profile.timezone)
  timezone "America/New_York"        # used when a profile has no timezone; default "UTC"
}

journey "cart-abandonment" {
  when event "Cart Abandoned" where event.value >= 50
  audience profile.country in ["US", "CA"] and not big_spender
  exit when event "Order Completed"
  reentry after 7 days
  limit 2 messages per 1 day
  budget $0.05 per entry

  wait 1 hour
  if count(event "Product Viewed" within 1 day) > 3 {
    send sms "Hi {{profile.first_name ?? "there"}}, still thinking it over? {{event.url}}"
  } else {
    send push "Your cart misses you" fallback email template "cart_reminder"
  }
  wait for event "Checkout Started" within 2 days {
    send email template "complete_your_order"
  } timeout {
    split {
      50% { send sms "Last chance: 10% off with CART10" }
      50% { stop }
    }
  }
}
'''
J = "cart-abandonment"
ANA = {"id": "u_123", "timezone": "America/New_York", "phone": "+14155550100", "email": "ana@example.com",
       "subscriptions": {"sms": "subscribed", "email": "unsubscribed"}, "first_name": "Ana", "country": "US", "lifetime_value": 300,
       "events": viewed(4)}
assert fnv_bucket("u_123", J, "3.timeout.1") < 5000
URL = "https://shop.example/cart/42"
T1 = add(T, hours=1); D = add(T1, days=2)
sms1 = f"Hi Ana, still thinking it over? {URL}"
steps = [
  {"request": req(T, ANA, ev("Cart Abandoned", time="2026-03-08T13:59:00Z", value=80, url=URL)), "expect": {"decisions": [enter(J, T)], "wake_at": T1}},
  {"request": req(T1, ANA), "expect": {"decisions": [send(J, "2.then.1", "sms", T1, to="+14155550100", content=sms1)], "wake_at": D}},
  {"request": req(D, ANA), "expect": {"decisions": [send(J, "3.timeout.1.arm1.1", "sms", D, to="+14155550100", content="Last chance: 10% off with CART10"),
      exit_(J, None, "completed", D)], "wake_at": None}},
  # reentry after 7 days counts from the entry
  {"request": req(add(T, days=6), ANA, ev("Cart Abandoned", value=80, url=URL)), "expect": {"decisions": []}},
  {"request": req(add(T, days=7), ANA, ev("Cart Abandoned", value=80, url=URL)), "expect": {"decisions": [enter(J, add(T, days=7))]}},
  # Order Completed ends the run
  {"request": req(add(T, days=7, minutes=5), ANA, ev("Order Completed")), "expect": {"decisions": [exit_(J, "1", "exit_event", add(T, days=7, minutes=5))], "wake_at": None}},
  # a big spender is out of the audience
  {"request": dict(req(add(T, days=30), dict(ANA, lifetime_value=1200), ev("Cart Abandoned", value=80)), state=None), "expect": {"decisions": []}},
  # without a push token and with email unsubscribed, few views: both channels suppressed
  {"request": dict(req(T, dict(ANA, events=[]), ev("Cart Abandoned", value=80)), state=None), "expect": {"decisions": [enter(J, T)]}},
  {"request": req(T1, dict(ANA, events=[])), "expect": {"decisions": [suppress(J, "2.else.1", "push", "no_address", T1), suppress(J, "2.else.1", "email", "unsubscribed", T1)], "wake_at": D}},
  # Checkout Started in time: the event block (email unsubscribed: suppressed), then the run ends
  {"request": req(add(T1, hours=3), dict(ANA, events=[]), ev("Checkout Started")), "expect": {"decisions": [
      suppress(J, "3.event.1", "email", "unsubscribed", add(T1, hours=3)), exit_(J, None, "completed", add(T1, hours=3))], "wake_at": None}},
]
write("spec_example.json", "the SPEC §1 example", "The cart-abandonment journey of SPEC §1 end to end: wait, count, interpolation with the kept trigger event, wait for with a split in the timeout, reentry after, exit when.", spec, steps)

# The expression functions of SPEC §6 (docs/language.md "Functions"): aggregates over past
# events, time in the recipient's zone, text and number helpers, any/all, and what helper output
# does to SMS segments. Expected values are computed here independently of herald: dates with
# zoneinfo, rounding with Python's Decimal (half away from zero, on the shortest decimal text of
# the number), GSM-7 septets from the shared tables.
from common import *
from decimal import Decimal, ROUND_HALF_UP
import json as _json, datetime as _dt, math

E = "a@example.com"

def js(x):
    """A number as JavaScript prints it (the cases keep to plain values)."""
    if isinstance(x, float) and x.is_integer(): return str(int(x))
    return repr(x) if isinstance(x, float) else str(x)

def dec(x, d):
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
    if q == 0: q = abs(q)
    return q

def fnum(x, d): return f"{dec(x, d):,.{d}f}"

def money(x, code):
    d = 0 if code in ("JPY", "KRW") else 2
    q = dec(x, d)
    s = f"{abs(q):,.{d}f}"
    sign = "-" if q < 0 else ""
    sym = {"USD": "$", "EUR": "€", "GBP": "£"}.get(code)
    return f"{sign}{sym}{s}" if sym else f"{sign}{s} {code}"

def once(j, T, content, step="1"):
    return [enter(j, T), send(j, step, "email", T, to=E, content=content), exit_(j, None, "completed", T)]

# ------------------------------------------------------------------ aggregates
T = "2026-03-08T14:00:00Z"
src = '''journey "agg" {
  when event "Go"
  reentry always
  send email "sum={{sum(event "Order Completed" within 30 days, event.total)}} min={{min(event "Order Completed" within 30 days, event.total)}} max={{max(event "Order Completed" within 30 days, event.total)}} avg={{avg(event "Order Completed" within 30 days, event.total)}} big={{sum(event "Order Completed" where event.total > 100 within 30 days, event.total)}} last={{last(event "Product Viewed" within 7 days, event.sku)}} n={{count(event "Order Completed" within 30 days)}}"
  if sum(event "Order Completed" within 30 days, event.total) >= 400 {
    send email "vip"
  }
}
'''
def evt(name, time, **props): return {"name": name, "time": time, "properties": props}
orders = [
  evt("Order Completed", "2026-02-06T14:00:00Z", total=100),     # exactly 30 days ago: in
  evt("Order Completed", "2026-02-06T13:59:59Z", total=1000),    # a second older: out
  evt("Order Completed", "2026-03-01T10:00:00Z", total=250.5),
  evt("Order Completed", "2026-03-02T10:00:00Z", total="12"),    # text: skipped by sum/min/max/avg, counted
  evt("Order Completed", "2026-03-03T10:00:00Z"),                # no total: skipped, counted
  evt("Order Completed", "2026-03-04T10:00:00Z", total=49.5),
  evt("Order Completed", "2026-03-08T14:00:01Z", total=5000),    # the future: out
  evt("Product Viewed", "2026-03-07T09:00:00Z", sku="A"),
  evt("Product Viewed", "2026-03-08T09:00:00Z", sku="C"),        # the most recent...
  evt("Product Viewed", "2026-03-08T09:00:00Z", sku="D"),        # ...tied: the later in the list wins
  evt("Product Viewed", "2026-03-05T09:00:00Z", sku="B"),
  {"name": "Other", "time": "not a time", "properties": "never read, never validated"},
]
nums = [100, 250.5, 49.5]
avg = sum(nums) / len(nums)
P = {"id": "u1", "email": E, "events": orders}
content = f"sum=400 min=49.5 max=250.5 avg={js(avg)} big=250.5 last=D n=5"  # where total > 100: not the 100
steps = [
  {"request": req(T, P, ev("Go")), "expect": {"decisions": [enter("agg", T),
      send("agg", "1", "email", T, to=E, content=content),
      send("agg", "2.then.1", "email", T, to=E, content="vip"), exit_("agg", None, "completed", T)]}},
  # no events: sum 0, the others missing (empty in text)
  {"request": req(T, {"id": "u1", "email": E}, ev("Go")), "expect": {"decisions": once("agg", T,
      "sum=0 min= max= avg= big=0 last= n=0")}},
  # only non-numbers: sum 0, min/max/avg missing; last is whatever the latest event holds
  {"request": req(T, {"id": "u1", "email": E, "events": [evt("Order Completed", "2026-03-01T00:00:00Z", total="n/a"),
      evt("Product Viewed", "2026-03-08T00:00:00Z")]}, ev("Go")), "expect": {"decisions": once("agg", T,
      "sum=0 min= max= avg= big=0 last= n=1")}},
  # an event the program reads is validated when read
  {"request": req(T, {"id": "u1", "email": E, "events": [{"name": "Order Completed", "time": "yesterday"}]}, ev("Go")),
   "expect_error": {"code": "invalid_request"}},
]
write("functions_aggregate.json", "functions: aggregates",
      "`sum`/`min`/`max`/`avg`/`last(event \"N\" [where ...] within D, VALUE)` over `profile.events` (the events `count` would count); non-numbers skipped, no events: sum 0 and the others missing; `last` takes the most recent event, the later one in the list on a tie.",
      src, steps)

# ------------------------------------------------------------------ time
src = '''policy {
  timezone "Europe/Berlin"
}

journey "time" {
  when event "Go"
  reentry always
  send email "now={{year(now)}}-{{month(now)}}-{{day(now)}} {{hour(now)}}:{{minute(now)}} wd={{weekday(now)}} bday={{month(profile.birthday)}}/{{day(profile.birthday)}} wd={{weekday(profile.birthday)}} until={{days_until(profile.renewal_at)}} hours={{hours_until(profile.appointment_at)}} remind={{profile.appointment_at - 2 hours}} later={{now + 3 days}} on={{format_date(profile.appointment_at, "%A %B %-d at %H:%M")}} date={{format_date(profile.birthday, "%b %-d")}} bad={{day(profile.nope)}}|{{day("soon")}}|{{profile.nope + 1 hour}}"
  if profile.appointment_at - 2 hours <= now {
    send email "soon"
  } else if weekday(now) >= 6 {
    send email "weekend"
  }
}
'''
def parts(now_s, zone):
    l = local(parse(now_s), zone)
    return l
def content_for(now_s, zone, appt, renewal, birthday="1990-05-17"):
    l = local(parse(now_s), zone)
    a = local(parse(appt), zone)
    b = _dt.date.fromisoformat(birthday)
    until = (parse(renewal) - parse(now_s)).total_seconds() / 86400
    hours = (parse(appt) - parse(now_s)).total_seconds() / 3600
    return (f"now={l.year}-{l.month}-{l.day} {l.hour}:{l.minute} wd={l.isoweekday()} "
            f"bday={b.month}/{b.day} wd={b.isoweekday()} until={js(until)} hours={js(hours)} "
            f"remind={add(appt, hours=-2)} later={add(now_s, days=3)} "
            f"on={a.strftime('%A %B %-d at %H:%M')} date={b.strftime('%b %-d')} bad=||")
NY = "America/New_York"
# 03:30 UTC on Monday 9 March 2026 is Sunday 23:30 in New York (EDT since the 8th)
T1 = "2026-03-09T03:30:00Z"
A1 = "2026-03-10T15:00:00Z"; R1 = "2026-03-21T15:30:00Z"
PT = {"id": "u1", "email": E, "timezone": NY, "birthday": "1990-05-17", "appointment_at": A1, "renewal_at": R1}
steps = [
  {"request": req(T1, PT, ev("Go")), "expect": {"decisions": [enter("time", T1),
      send("time", "1", "email", T1, to=E, content=content_for(T1, NY, A1, R1)),
      send("time", "2.elif1.1", "email", T1, to=E, content="weekend"), exit_("time", None, "completed", T1)]}},
  # no profile.timezone: the policy's zone (Berlin: Monday 04:30)
  {"request": req(T1, dict(PT, timezone=None), ev("Go")), "expect": {"decisions": once("time", T1, content_for(T1, "Europe/Berlin", A1, R1))}},
  # a zone that is no IANA name: the policy's zone too
  {"request": req(T1, dict(PT, timezone="Mars/Olympus"), ev("Go")), "expect": {"decisions": once("time", T1, content_for(T1, "Europe/Berlin", A1, R1))}},
  # two hours before the appointment has come: `time - duration <= now`
  {"request": req("2026-03-10T13:00:00Z", PT, ev("Go")), "expect": {"decisions": [enter("time", "2026-03-10T13:00:00Z"),
      send("time", "1", "email", "2026-03-10T13:00:00Z", to=E, content=content_for("2026-03-10T13:00:00Z", NY, A1, R1)),
      send("time", "2.then.1", "email", "2026-03-10T13:00:00Z", to=E, content="soon"), exit_("time", None, "completed", "2026-03-10T13:00:00Z")]}},
]
write("functions_time.json", "functions: time",
      "Date parts in the recipient's zone (profile.timezone, else the policy's), weekday 1 = Monday, a bare YYYY-MM-DD date keeps its own parts, days_until/hours_until, instant ± duration in comparisons and text, format_date (strftime, local wall clock); anything that is not a time gives missing.",
      src, steps)

# ------------------------------------------------------------------ text and numbers
src = '''journey "text" {
  when event "Go"
  reentry always
  send email "Hi {{capitalize(default(trim(profile.first_name), "there"))}}! [{{trim(profile.code)}}] n={{to_number(profile.points) + 1}} bad={{to_number(profile.code)}} r={{round(event.x)}},{{round(event.x, 2)}},{{floor(event.x)}},{{ceil(event.x)}} sum={{event.a + event.b}} fixed={{round(event.a + event.b, 2)}} fn={{format_number(event.big, 2)}} usd={{format_money(event.a + event.b, "USD")}} eur={{format_money(event.big, "EUR")}} gbp={{format_money(event.neg, "GBP")}} cad={{format_money(event.big, "CAD")}} jpy={{format_money(event.big, "JPY")}} none={{format_money(profile.nope, "USD")}}|{{format_money(event.big, profile.code)}}"
}
'''
def text_content(first, code, points, x, big, neg):
    name = (first or "").strip() or "there"
    name = name[:1].upper() + name[1:].lower()
    a, b = 0.1, 0.2
    n = float(points.strip()) + 1 if isinstance(points, str) else ""
    return (f"Hi {name}! [{code.strip()}] n={js(n)} bad= r={js(float(dec(x, 0)))},{js(float(dec(x, 2)))},{js(float(__import__('math').floor(x)))},{js(float(__import__('math').ceil(x)))} "
            f"sum={js(a + b)} fixed={js(float(dec(a + b, 2)))} fn={fnum(big, 2)} usd={money(a + b, 'USD')} eur={money(big, 'EUR')} "
            f"gbp={money(neg, 'GBP')} cad={money(big, 'CAD')} jpy={money(big, 'JPY')} none=|{money(big, code) if code in ('CAD', 'USD') else ''}")
def text_step(first, code, points, x, big, neg, fresh=False):
    prof = {"id": "u1", "email": E, "first_name": first, "code": code, "points": points}
    r = req(T, prof, ev("Go", x=x, a=0.1, b=0.2, big=big, neg=neg))
    return {"request": r, "expect": {"decisions": once("text", T, text_content(first, code, points, x, big, neg))}}
steps = [
  text_step("  aNA maria ", "  vip10 ", " 41 ", 2.675, 1234.5, -5),
  text_step("   ", "x", "12.5", 1.005, 999.995, -0.004),
  text_step(None, "CAD", "7", -2.5, 1234567.891, -1234.5),
]
write("functions_text.json", "functions: text and numbers",
      "default (missing, null or blank), capitalize (first letter up, the rest down), trim, to_number (plain decimal text only), round/floor/ceil, format_number and format_money with decimal rounding half away from zero on the number's shortest text (0.1 + 0.2 prints $0.30), EUR/GBP/USD symbols, other codes after the amount, none for JPY decimals; anything else missing.",
      src, steps)

# ------------------------------------------------------------------ any / all
src = '''journey "lists" {
  when event "Go"
  reentry always
  send email "paid_big={{any(profile.orders, item.total > 100 and item.status == "paid")}} all_paid={{all(profile.orders, item.status == "paid")}} sku_a={{any(profile.orders, any(item.lines, item.sku == "A"))}} tags={{any(profile.tags, item == "vip")}} missing={{any(profile.nope, item > 1)}} text={{all(profile.first_name, item == "x")}}"
  if any(profile.orders, item.total > 100 and item.status == "paid") {
    send email "vip"
  }
}
'''
def lists_step(orders, tags, want, vip):
    prof = {"id": "u1", "email": E, "first_name": "Ana", "tags": tags}
    if orders is not None: prof["orders"] = orders
    ds = [enter("lists", T), send("lists", "1", "email", T, to=E, content=want)]
    if vip: ds.append(send("lists", "2.then.1", "email", T, to=E, content="vip"))
    ds.append(exit_("lists", None, "completed", T))
    return {"request": req(T, prof, ev("Go")), "expect": {"decisions": ds}}
o1 = [{"total": 50, "status": "paid", "lines": [{"sku": "B"}]},
      {"total": 150, "status": "paid", "lines": [{"sku": "C"}, {"sku": "A"}]}]
o2 = [{"total": 150, "status": "refunded", "lines": "not a list"}, {"total": "150", "status": "paid"}]
steps = [
  lists_step(o1, ["new", "vip"], "paid_big=true all_paid=true sku_a=true tags=true missing= text=", True),
  lists_step(o2, [], "paid_big=false all_paid=false sku_a=false tags=false missing= text=", False),
  # empty lists: any false, all true; no orders at all: missing (empty in text), never an error
  lists_step([], "vip", "paid_big=false all_paid=true sku_a=false tags= missing= text=", False),
  lists_step(None, None, "paid_big= all_paid= sku_a= tags= missing= text=", False),
  # longer than 1,000 items: missing, not a partial answer
  lists_step(o1, [0] * 1001, "paid_big=true all_paid=true sku_a=true tags= missing= text=", True),
]
write("functions_list.json", "functions: any and all",
      "`any(LIST, COND)` / `all(LIST, COND)` with `item` the element (the innermost list's when nested); an empty list: any false, all true; a missing or non-list value, or a list longer than 1,000 items: missing, never an error.",
      src, steps)

# ------------------------------------------------------------------ SMS segments of helper output
_tables = _json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "data", "gsm7_tables.json")))
BASIC = {c["char"] for c in _tables["gsm7_basic"]["chars"]}
EXT = {c["char"] for c in _tables["gsm7_extension"]["chars"]}

def sms_cost(text):
    """SPEC §3 for a US number: GSM-7 septets (extension characters 2) or UCS-2 units."""
    if all(c in BASIC or c in EXT for c in text):
        n = sum(2 if c in EXT else 1 for c in text)
        units, enc = (1 if n <= 160 else -(-n // 153)), "GSM-7"
    else:
        n = len(text.encode("utf-16-le")) // 2
        units, enc = (1 if n <= 70 else -(-n // 67)), "UCS-2"
    m = units * (micros(0.0079) + micros(0.003))
    return {"amount": fmt_amount(m), "micros": m, "currency": "USD", "units": units, "unit": "segment", "encoding": enc}

PAD = "x" * 144
src = '''journey "sms" {
  when event "Go"
  reentry always
  send sms "Total {{format_money(event.total, event.code)}} {{trim(profile.first_name)}}%s"
}
''' % PAD
PH = "+14155550100"
def sms_step(code, first):
    text = f"Total {money(1234.5, code)} {first.strip()}{PAD}"
    dd = {"journey": "sms", "step": "1", "action": "send", "channel": "sms", "to": PH, "content": text,
          "template": None, "country": "US", "cost": sms_cost(text), "at": T}
    prof = {"id": "u1", "phone": PH, "subscriptions": {"sms": "subscribed"}, "first_name": first}
    return {"request": req(T, prof, ev("Go", total=1234.5, code=code)),
            "expect": {"decisions": [enter("sms", T), dd, exit_("sms", None, "completed", T)]}}
steps = [sms_step("GBP", ""), sms_step("EUR", ""), sms_step("USD", " Ção ")]
assert steps[0]["expect"]["decisions"][1]["cost"]["units"] == 1
assert steps[1]["expect"]["decisions"][1]["cost"]["units"] == 2
assert steps[2]["expect"]["decisions"][1]["cost"]["encoding"] == "UCS-2"
write("functions_sms.json", "functions: SMS segments of helper output",
      "What a helper renders is what is counted: 160 characters with £ (GSM-7 basic) are one segment, the same with € (GSM-7 extension, 2 septets) are two, still GSM-7; a name `Ção` from the profile (ã is outside GSM-7, Ç is in it) makes the message UCS-2.",
      src, steps)

# ------------------------------------------------------------------ examples/birthday.herald
BDAY_SRC = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples", "birthday.herald")).read()
def bday_step(now, profile, decisions, **kw):
    r = req(now, profile, ev("Daily Check"), state=None, **kw)
    return {"request": r, "expect": {"decisions": decisions}}
def greeting(now, zone, first, spent):
    name = (first or "").strip()
    name = (name[:1].upper() + name[1:].lower()) or "friend"
    if spent >= 100:
        until = local(parse(add(now, days=14)), zone).strftime("%B %-d")
        return "1.then.1", f"Happy birthday, {name}! Here is {money(20, 'USD')} off your next order with BDAY20, valid until {until}."
    return "1.else.1", f"Happy birthday, {name}! Have a wonderful day."
def bday_sent(now, zone, first, spent):
    step, text = greeting(now, zone, first, spent)
    return [enter("birthday", now), send("birthday", step, "email", now, to=E, content=text), exit_("birthday", None, "completed", now)]
buys = [evt("Order Completed", "2025-08-01T10:00:00Z", total=70), evt("Order Completed", "2026-04-01T10:00:00Z", total=30.5),
        evt("Order Completed", "2025-05-01T10:00:00Z", total=500)]  # more than 365 days ago
ANA = {"id": "u1", "email": E, "timezone": NY, "first_name": " ana ", "birthday": "1990-05-17", "events": buys}
B1 = "2026-05-17T13:00:00Z"
steps = [
  # 09:00 on her birthday in New York; $100.50 spent in the last 365 days: the coupon
  bday_step(B1, ANA, bday_sent(B1, NY, " ana ", 100.5), explain=True),
  # 23:00 on the 16th in New York (already the 17th in UTC): not yet
  bday_step("2026-05-17T03:00:00Z", ANA, []),
  # in Tokyo it is the 17th at 08:00 while UTC still shows the 16th: her day there
  bday_step("2026-05-16T23:00:00Z", dict(ANA, timezone="Asia/Tokyo"), bday_sent("2026-05-16T23:00:00Z", "Asia/Tokyo", " ana ", 100.5)),
  # born on 29 February: greeted on 1 March of a common year (policy zone: no profile.timezone), no orders
  bday_step("2026-03-01T14:00:00Z", {"id": "u2", "email": E, "birthday": "2000-02-29"}, bday_sent("2026-03-01T14:00:00Z", NY, None, 0)),
  # ... and on 29 February itself in a leap year, not on 1 March
  bday_step("2028-02-29T14:00:00Z", {"id": "u2", "email": E, "birthday": "2000-02-29"}, bday_sent("2028-02-29T14:00:00Z", NY, None, 0)),
  bday_step("2028-03-01T14:00:00Z", {"id": "u2", "email": E, "birthday": "2000-02-29"}, []),
]
TRACE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "functions_birthday_trace.json")
if os.path.exists(TRACE):
    # The explain trace of the first step, reviewed by hand (see the README of gen/).
    steps[0]["expect"]["trace"] = _json.load(open(TRACE))
write("functions_birthday.json", "functions: examples/birthday.herald",
      "The birthday example: date parts of a bare date against `now` in the recipient's zone (New York, Tokyo, the policy's zone), leap-day birthdays on 1 March of common years via `day(now - 1 day)`, `sum` over a year of orders, `default`/`trim`/`capitalize`, `format_money` and `format_date`; the first step with its explain trace.",
      BDAY_SRC, steps)

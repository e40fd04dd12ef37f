from common import *
src = '''journey "c" {
  when event "Go"
  reentry always
  send email "day={{count(event "Viewed" within 1 day)}} pricey={{count(event "Viewed" where event.price > 10 within 1 week)}} clicks={{count(event "Clicked" within 1 hour)}}"
  if count(event "Viewed" within 1 day) > 3 {
    send email "many"
  } else {
    send email "few"
  }
}
'''
T = "2026-03-08T14:00:00Z"
def evt(name, time, **props): return {"name": name, "time": time, "properties": props}
events = [
  evt("Viewed", "2026-03-07T14:00:00Z", price=20),      # exactly a day ago: counted
  evt("Viewed", "2026-03-07T13:59:59Z", price=30),      # a second older: not in the day, in the week
  evt("Viewed", "2026-03-08T14:00:00Z", price=5),       # now: counted
  evt("Viewed", "2026-03-08T14:00:01Z", price=50),      # the future: never counted
  evt("Viewed", "2026-03-08T10:00:00Z"),                # no price: not pricey
  evt("Viewed", "2026-02-20T10:00:00Z", price=99),      # older than a week
  evt("Clicked", "2026-03-08T13:30:00Z"),
  {"name": "Other", "time": "not a time", "properties": "ignored: no count reads Other"},
]
P = {"id": "u1", "email": "a@example.com", "events": events}
steps = [
  {"request": req(T, P, ev("Go")), "expect": {"decisions": [enter("c", T),
      send("c", "1", "email", T, to="a@example.com", content="day=3 pricey=2 clicks=1"),
      send("c", "2.else.1", "email", T, to="a@example.com", content="few"), exit_("c", None, "completed", T)]}},
  {"request": req(T, dict(P, events=events + [evt("Viewed", "2026-03-08T13:00:00Z")]), ev("Go")), "expect": {"decisions": [enter("c", T),
      send("c", "1", "email", T, to="a@example.com", content="day=4 pricey=2 clicks=1"),
      send("c", "2.then.1", "email", T, to="a@example.com", content="many"), exit_("c", None, "completed", T)]}},
  # no events at all
  {"request": req(T, {"id": "u1", "email": "a@example.com"}, ev("Go")), "expect": {"decisions": [enter("c", T),
      send("c", "1", "email", T, to="a@example.com", content="day=0 pricey=0 clicks=0"),
      send("c", "2.else.1", "email", T, to="a@example.com", content="few"), exit_("c", None, "completed", T)]}},
]
write("count.json", "count", "`count(event \"Name\" [where ...] within D)` counts `profile.events` of that name with time in [now − D, now]; `event` in its `where` is the counted event; events no count names are not read.", src, steps)

from common import *
# SPEC §6 second wave, digests: `digest for D` / `digest until HH:MM`. The run waits; triggers of
# the journey that arrive meanwhile join its digest instead of starting runs (with `key`, the run
# of their key); then `digest.count` (triggers, the first included, exact) and `digest.events`
# (their properties, the latest 100 within 32 KiB) are readable. `digest until` is the next local
# HH:MM strictly after the run reaches it (the oracle: Python's zoneinfo, minute by minute).
src = '''journey "comments" {
  when event "Comment Added"
  reentry always

  digest for 1 hour

  send email "{{ digest.count }} comments"
  if any(digest.events, item.author == "Ana") {
    send email "Ana wrote"
  }
}

journey "daily" {
  when event "Like"
  key trigger.post

  digest until 09:00

  send email "{{ digest.count }} likes on {{ trigger.post }}"
}
'''
T = "2026-03-07T20:00:00Z"  # Saturday 15:00 in New York; clocks go forward on Sunday 8 March
EMAIL = "a@example.com"
P = {"id": "u1", "email": EMAIL, "timezone": "America/New_York"}
C, D = "comments", "daily"
def at(**kw): return add(T, **kw)
def mail(j, step, t, text): return send(j, step, "email", t, to=EMAIL, content=text)
def comment(author): return ev("Comment Added", author=author)
FP = fingerprint(src, C, "digest for 1 hour")
def run(entered, count, events, until):
    return {"step": "1", "waiting": "digest", "until": until, "entered": entered, "spent_micros": 0,
            "event": {"name": "Comment Added", "time": entered, "properties": {"author": "Ben"}},
            "fingerprint": FP, "digest": {"count": count, "events": events}}
NINE = oracle_wait_until(at(minutes=1), "America/New_York", 9, 0)
assert NINE == "2026-03-08T13:00:00Z", NINE  # 09:00 EDT, the day the clocks change
steps = [
  {"request": req(T, P, comment("Ben")),
   "expect": {"decisions": [enter(C, T)], "wake_at": at(hours=1),
              "state": {"version": STATE_VERSION, "journeys": {C: {"last_entry": T, "run": run(T, 1, [{"author": "Ben"}], at(hours=1))}}, "sends": []}}},
  # a trigger while the digest is open joins it: no decision, the count grows
  {"request": req(at(minutes=10), P, comment("Ana")),
   "expect": {"decisions": [], "wake_at": at(hours=1),
              "state": {"version": STATE_VERSION, "journeys": {C: {"last_entry": T, "run": run(T, 2, [{"author": "Ben"}, {"author": "Ana"}], at(hours=1))}}, "sends": []}}},
  {"request": req(at(minutes=20), P, comment("Cy")), "expect": {"decisions": [], "wake_at": at(hours=1)}},
  # other events neither join nor start anything
  {"request": req(at(minutes=30), P, ev("Page Viewed")), "expect": {"decisions": [], "wake_at": at(hours=1)}},
  # the digest closes: one message for three comments, `any` over the kept events
  {"request": req(at(hours=1), P),
   "expect": {"decisions": [mail(C, "2", at(hours=1), "3 comments"), mail(C, "3.then.1", at(hours=1), "Ana wrote"),
                            exit_(C, None, "completed", at(hours=1))], "wake_at": None}},
  # a trigger at the closing instant, when no tick came first: the run sends, ends, and the
  # trigger starts the next digest
  {"request": req(T, P, comment("Ben"), state=None), "expect": {"decisions": [enter(C, T)]}},
  {"request": req(at(hours=1), P, comment("Dee")),
   "expect": {"decisions": [mail(C, "2", at(hours=1), "1 comments"), exit_(C, None, "completed", at(hours=1)),
                            enter(C, at(hours=1))], "wake_at": at(hours=2)}},
  # keyed: each post gathers its own likes until 09:00 New York time, across the DST change
  {"request": req(at(minutes=1), P, ev("Like", post="p1"), state=None),
   "expect": {"decisions": [keyed(enter(D, at(minutes=1)), "p1")], "wake_at": NINE}},
  {"request": req(at(minutes=2), P, ev("Like", post="p2")),
   "expect": {"decisions": [keyed(enter(D, at(minutes=2)), "p2")], "wake_at": NINE}},
  {"request": req(at(minutes=3), P, ev("Like", post="p1")), "expect": {"decisions": [], "wake_at": NINE}},
  {"request": req(at(minutes=4), P, ev("Like", post="p1")), "expect": {"decisions": [], "wake_at": NINE}},
  {"request": req(NINE, P),
   "expect": {"decisions": [keyed(mail(D, "2", NINE, "3 likes on p1"), "p1"), keyed(exit_(D, None, "completed", NINE), "p1"),
                            keyed(mail(D, "2", NINE, "1 likes on p2"), "p2"), keyed(exit_(D, None, "completed", NINE), "p2")],
              "wake_at": None}},
  # a digest reached at 09:00 local gathers until the next day's 09:00
  {"request": req(NINE, P, ev("Like", post="p3"), state=None),
   "expect": {"decisions": [keyed(enter(D, NINE), "p3")], "wake_at": add(NINE, days=1)}},
]
# bounded: 150 triggers, the count exact, the latest 100 events kept
many = [{"request": req(T, P, comment("a0"), state=None), "expect": {"decisions": [enter(C, T)]}}]
for i in range(1, 150):
    many.append({"request": req(at(seconds=i), P, comment(f"a{i}")), "expect": {"decisions": []}})
many.append({"request": req(at(seconds=150), P, comment("a150")),
             "expect": {"decisions": [], "state": {"version": STATE_VERSION, "journeys": {C: {"last_entry": T, "run": {
                 **run(T, 151, [{"author": f"a{i}"} for i in range(51, 151)], at(hours=1)),
                 "event": {"name": "Comment Added", "time": T, "properties": {"author": "a0"}}}}}, "sends": []}}})
many.append({"request": req(at(hours=1), P),
             "expect": {"decisions": [mail(C, "2", at(hours=1), "151 comments"), exit_(C, None, "completed", at(hours=1))]}})
# a version 3 state (no digest) is read: its runs go on
v3 = [{"request": req(at(minutes=5), P, state={"version": 3, "journeys": {}, "sends": []}), "expect": {"decisions": [], "wake_at": None}}]
write("digest.json", "digests", "`digest for D` / `digest until HH:MM`: triggers join the waiting run (per key with `key`), `digest.count` and `digest.events` after it closes, `any` over the events, 09:00 local across DST, the latest 100 events kept with the count exact, version 3 states read.", src, steps + many + v3)

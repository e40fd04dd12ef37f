from common import *
# SPEC §6 `reentry restart`: a trigger while a run is active ends it (`exit`, reason
# `restarted`) and starts a new one in the same evaluation, the audience checked again. A
# trigger whose `where` fails restarts nothing. Without an active run it enters as `always`.
src = '''journey "otp" {
  when event "OTP Requested" where event.code exists
  audience (profile.blocked ?? false) == false
  reentry restart
  send sms "Your code is {{event.code}}"
  wait for event "OTP Verified" within 10 minutes {
    stop
  } timeout {
    send sms "Still need a code?"
  }
}
'''
T = "2026-03-08T14:00:00Z"
PHONE = "+14155550100"
P = {"id": "u1", "phone": PHONE, "subscriptions": {"sms": "subscribed"}}
J = "otp"
def at(m): return add(T, minutes=m)
def code(j, step, t, text): return send(j, step, "sms", t, to=PHONE, content=text)
steps = [
  {"request": req(T, P, ev("OTP Requested", code="111")),
   "expect": {"decisions": [enter(J, T), code(J, "1", T, "Your code is 111")], "wake_at": at(10)}},
  # a second request a minute later: the first run ends, the new one sends the new code and waits anew
  {"request": req(at(1), P, ev("OTP Requested", code="222")),
   "expect": {"decisions": [exit_(J, "2", "restarted", at(1)), enter(J, at(1)), code(J, "1", at(1), "Your code is 222")],
              "wake_at": at(11)}},
  # the old deadline has passed, the new one has not: nothing
  {"request": req(at(10), P), "expect": {"decisions": [], "wake_at": at(11)}},
  {"request": req(at(11), P), "expect": {"decisions": [code(J, "2.timeout.1", at(11), "Still need a code?"), exit_(J, None, "completed", at(11))],
                                      "wake_at": None}},
  # no active run: a trigger enters again, as with `reentry always`
  {"request": req(at(20), P, ev("OTP Requested", code="333")),
   "expect": {"decisions": [enter(J, at(20)), code(J, "1", at(20), "Your code is 333")], "wake_at": at(30)}},
  # a trigger whose `where` fails restarts nothing
  {"request": req(at(21), P, ev("OTP Requested")), "expect": {"decisions": [], "wake_at": at(30)}},
  # the run ends at a trigger even when the audience no longer holds; no new run starts
  {"request": req(at(22), dict(P, blocked=True), ev("OTP Requested", code="444")),
   "expect": {"decisions": [exit_(J, "2", "restarted", at(22))], "wake_at": None}},
  {"request": req(at(40), P), "expect": {"decisions": [], "wake_at": None}},
  # the awaited event still ends a run as before
  {"request": req(at(50), P, ev("OTP Requested", code="555")),
   "expect": {"decisions": [enter(J, at(50)), code(J, "1", at(50), "Your code is 555")], "wake_at": at(60)}},
  {"request": req(at(52), P, ev("OTP Verified")), "expect": {"decisions": [exit_(J, "2.event.1", "completed", at(52))], "wake_at": None}},
]
write("restart.json", "reentry restart", "`reentry restart`: a trigger during an active run ends it (`restarted`) and starts a new one in the same evaluation, the audience checked again.", src, steps)

# `send ... expire after D` (SPEC §6): a channel that quiet hours would hold past D after the run
# reached the step is suppressed (`expired`) and the next channel, or the next step, goes on;
# within D the send is deferred as usual. A second deferral at the same step counts as expired.
from common import *

src = '''policy {
  quiet hours 21:00 to 08:00
}

journey "flash" {
  when event "Sale"
  send sms "4 hours left" expire after 4 hours
  send email "Sale summary"
}

journey "fallback" {
  when event "Sale 2"
  send push "2 hours left" fallback email "2 hours left" expire after 2 hours
}

journey "overnight" {
  when event "Sale 3"
  send sms "Sale today" expire after 12 hours
}

journey "edge" {
  when event "Sale 4"
  send sms "Sale" expire after 10 hours
}
'''
PHONE, EMAIL, TOKEN = "+14155550100", "a@example.com", "tok_1"
def P(zone="America/New_York"):
    return {"id": "u1", "timezone": zone, "phone": PHONE, "email": EMAIL, "push_token": TOKEN,
            "subscriptions": {"sms": "subscribed"}}

steps = []
def fresh(now, event, profile=None):
    r = req(now, profile or P(), ev(event)); r["state"] = None
    return r

NIGHT = "2026-01-15T03:00:00Z"   # 22:00 EST on the 14th: quiet hours until 08:00 EST = 13:00Z
END = oracle_quiet_end(NIGHT, "America/New_York", 21, 0, 8, 0)
assert END == "2026-01-15T13:00:00Z"
DAY = "2026-01-15T20:00:00Z"     # 15:00 EST

# quiet hours would hold the sms 10 hours, past its 4: expired, and the run moves on
steps.append({"request": fresh(NIGHT, "Sale"), "expect": {"decisions": [
    enter("flash", NIGHT), suppress("flash", "1", "sms", "expired", NIGHT),
    send("flash", "2", "email", NIGHT, to=EMAIL, content="Sale summary"),
    exit_("flash", None, "completed", NIGHT)], "wake_at": None}})
# in the day it is sent at once
steps.append({"request": fresh(DAY, "Sale"), "expect": {"decisions": [
    enter("flash", DAY), send("flash", "1", "sms", DAY, to=PHONE, content="4 hours left"),
    send("flash", "2", "email", DAY, to=EMAIL, content="Sale summary"),
    exit_("flash", None, "completed", DAY)]}})
# with a fallback: push expires, email (which ignores quiet hours) goes out now
steps.append({"request": fresh(NIGHT, "Sale 2"), "expect": {"decisions": [
    enter("fallback", NIGHT), suppress("fallback", "1", "push", "expired", NIGHT),
    send("fallback", "1", "email", NIGHT, to=EMAIL, content="2 hours left"),
    exit_("fallback", None, "completed", NIGHT)], "wake_at": None}})
# within the deadline: deferred as usual, then sent when quiet hours end
steps.append({"request": fresh(NIGHT, "Sale 3"), "expect": {"decisions": [
    enter("overnight", NIGHT), defer("overnight", "1", "sms", END, NIGHT)], "wake_at": END}})
steps.append({"request": req(END, P()), "expect": {"decisions": [
    send("overnight", "1", "sms", END, to=PHONE, content="Sale today"),
    exit_("overnight", None, "completed", END)], "wake_at": None}})
# quiet hours ending exactly at the deadline: deferred, not expired
steps.append({"request": fresh(NIGHT, "Sale 4"), "expect": {"decisions": [
    enter("edge", NIGHT), defer("edge", "1", "sms", END, NIGHT)], "wake_at": END}})
steps.append({"request": req(END, P()), "expect": {"decisions": [
    send("edge", "1", "sms", END, to=PHONE, content="Sale"),
    exit_("edge", None, "completed", END)], "wake_at": None}})
# deferred, then deferred again at the end of quiet hours (the profile moved to Tokyo, where it
# is 22:00): expired rather than sent later still
steps.append({"request": fresh(NIGHT, "Sale 3"), "expect": {"decisions": [
    enter("overnight", NIGHT), defer("overnight", "1", "sms", END, NIGHT)], "wake_at": END}})
steps.append({"request": req(END, P("Asia/Tokyo")), "expect": {"decisions": [
    suppress("overnight", "1", "sms", "expired", END),
    exit_("overnight", None, "completed", END)], "wake_at": None}})
write("expire.json", "send ... expire after",
      "`expire after`: a channel quiet hours would hold past its deadline is suppressed (reason expired) and the next channel or step goes on; within the deadline (or exactly at it) the send is deferred and sent; a second deferral expires.",
      src, steps)

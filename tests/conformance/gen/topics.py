from common import *
# SPEC §6 topics: a journey's `topic "NAME"`; besides channel consent,
# `subscriptions.topics.NAME` is read like an opt-out channel (like `subscriptions.CHANNEL`:
# "subscribed", "opted_in" and true consent; missing or null leave the default; anything else
# refuses), or opt-in with `policy { topic "NAME" opt-in }`. A refusal yields one `suppress`
# with reason `unsubscribed_topic` for the step's first channel, before any channel check.
# `subscriptions.topics` that is no object (a text, a list) refuses every topic.
src = '''policy {
  topic "product-news" opt-in
}

journey "promo" {
  when event "Sale Started"
  topic "promotions"
  send email "Sale today" fallback sms "Sale today"
}

journey "news" {
  when event "Sale Started"
  topic "product-news"
  send email "What is new"
}

journey "reset" {
  when event "Sale Started"
  transactional
  send email "Your account"
}
'''
T = "2026-03-08T14:00:00Z"
EMAIL = "a@example.com"
def prof(topics=...):
    subs = {"sms": "subscribed"}
    if topics is not ...:
        subs["topics"] = topics
    return {"id": "u1", "email": EMAIL, "phone": "+14155550100", "subscriptions": subs}

def run(topics, promo_ok, news_ok, at):
    ds = [enter("promo", at)]
    ds.append(send("promo", "1", "email", at, to=EMAIL, content="Sale today") if promo_ok
              else suppress("promo", "1", "email", "unsubscribed_topic", at))
    ds.append(exit_("promo", None, "completed", at))
    ds.append(enter("news", at))
    ds.append(send("news", "1", "email", at, to=EMAIL, content="What is new") if news_ok
              else suppress("news", "1", "email", "unsubscribed_topic", at))
    ds.append(exit_("news", None, "completed", at))
    # the transactional journey has no topic: always sent
    ds += [enter("reset", at), send("reset", "1", "email", at, to=EMAIL, content="Your account"),
           exit_("reset", None, "completed", at)]
    return {"request": req(at, prof(topics), ev("Sale Started"), state=None),
            "expect": {"decisions": ds}}

steps = [
    run(..., True, False, T),                                              # no topics: opt-out allows, opt-in refuses
    run(None, True, False, T),                                             # null: same
    run({}, True, False, T),
    run({"promotions": "unsubscribed", "product-news": "subscribed"}, False, True, T),
    run({"promotions": " SUBSCRIBED ", "product-news": True}, True, True, T),
    run({"promotions": "pending", "product-news": "opted_in"}, False, True, T),   # unknown value: refused
    run({"promotions": False, "product-news": None}, False, False, T),
    run({"promotions": None, "other": "unsubscribed"}, True, False, T),
    run("unsubscribed", False, False, T),                                  # not an object: every topic refused
    run(["promotions"], False, False, T),
]
write("topics.json", "topics",
      "`topic \"NAME\"`: subscriptions.topics.NAME read like an opt-out channel (opt-in when the policy says so); a refusal or an ambiguous value suppresses with reason unsubscribed_topic; transactional journeys have no topic.",
      src, steps)

from common import *
src = '''journey "c" {
  when event "Go"
  reentry always
  if count(event "Viewed" within 1 day) > 0 {
    send email "viewed"
  }
  wait 1 hour
  send email "later"
}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com"}
def E(code): return {"code": code}
many = [{"name": "Viewed", "time": T}] * 1001
steps = [
  {"request": req(T, P, ev("Go")), "expect": {"decisions": [enter("c", T)], "wake_at": add(T, hours=1)}},
  {"request_text": "{not json", "expect_error": E("invalid_json")},
  {"request_text": "", "expect_error": E("invalid_json")},
  {"request_text": "[1, 2]", "expect_error": E("invalid_request")},
  {"request": {"profile": P}, "expect_error": E("invalid_request")},
  {"request": req("yesterday", P), "expect_error": E("invalid_request")},
  {"request": req("2026-03-08T14:00:00", P), "expect_error": E("invalid_request")},
  {"request": req(T, {"email": "a@example.com"}), "expect_error": E("invalid_request")},
  {"request": req(T, {"id": ""}), "expect_error": E("invalid_request")},
  {"request": req(T, {"id": True}), "expect_error": E("invalid_request")},
  {"request": req(T, "u1"), "expect_error": E("invalid_request")},
  {"request": dict(req(T, P), evnt={"name": "Go"}), "expect_error": E("invalid_request")},
  {"request": req(T, P, {"properties": {}}), "expect_error": E("invalid_request")},
  {"request": req(T, P, {"name": ""}), "expect_error": E("invalid_request")},
  {"request": req(T, P, {"name": "Go", "time": "soon"}), "expect_error": E("invalid_request")},
  {"request": req(T, dict(P, subscriptions="yes")), "expect_error": E("invalid_request")},
  {"request": req(T, dict(P, phone=5)), "expect_error": E("invalid_request")},
  {"request": req(T, dict(P, events={"name": "Viewed"})), "expect_error": E("invalid_request")},
  {"request": req(T, dict(P, events=[{"name": "Viewed", "time": "last week"}])), "expect_error": E("invalid_request")},
  {"request": req(T, dict(P, events=[{"time": T}])), "expect_error": E("invalid_request")},
  {"request": req(T, dict(P, events=many)), "expect_error": E("too_many_events")},
  {"request": req(T, P, state="garbage"), "expect_error": E("invalid_state")},
  {"request": req(T, P, state={"version": STATE_VERSION + 1}), "expect_error": E("invalid_state")},
  {"request": req(T, P, state={"version": 0}), "expect_error": E("invalid_state")},
  # from version 2 a run records its fingerprint, as 16 lower-case hex digits
  {"request": req(T, P, state={"version": 2, "journeys": {"c": {"run": {"step": "1", "waiting": "wait", "until": T, "entered": T,
      "event": {"name": "Go", "time": T, "properties": {}}}}}}), "expect_error": E("invalid_state")},
  {"request": req(T, P, state={"version": 2, "journeys": {"c": {"run": {"step": "1", "waiting": "wait", "until": T, "entered": T,
      "event": {"name": "Go", "time": T, "properties": {}}, "fingerprint": "ABCDEF0123456789"}}}}), "expect_error": E("invalid_state")},
  {"request": req(T, P, state={"version": 1, "extra": True}), "expect_error": E("invalid_state")},
  {"request": req(T, P, state={"version": 1, "journeys": {"c": {"run": {"step": "2"}}}}), "expect_error": E("invalid_state")},
  {"request": req(T, P, state={"version": 1, "sends": [{"at": T, "journey": "c", "channel": "fax"}]}), "expect_error": E("invalid_state")},
  {"request": req(T, P, prices=5), "expect_error": E("invalid_prices")},
  # after all that, the state of the first step still works
  {"request": req(add(T, hours=1), P), "expect": {"decisions": [send("c", "3", "email", add(T, hours=1), to="a@example.com", content="later"), exit_("c", None, "completed", add(T, hours=1))]}},
  # a null state and an explicit empty one are a fresh start
  {"request": req(T, P, ev("Go"), state={"version": 1}), "expect": {"decisions": [enter("c", T)]}},
  # events no count names are not examined
  {"request": req(T, dict(P, events=[{"name": "Other", "time": "whenever"}]), ev("Go"), state=None), "expect": {"decisions": [enter("c", T)]}},
]
write("errors.json", "bad requests", "Malformed requests, states and price tables get a typed error code (`invalid_json`, `invalid_request`, `invalid_state`, `invalid_prices`, `too_many_events`) and change nothing.", src, steps)

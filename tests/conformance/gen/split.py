from common import *
src = '''journey "ab" {
  when event "Go"
  reentry always
  split {
    50% { send email "A" }
    50% { stop }
  }
  send email "after"
}

journey "three" {
  when event "Three"
  reentry always
  send email "first"
  split {
    20% { send email "one" }
    30% { send email "two" }
    50% { send email "three" }
  }
}
'''
T = "2026-03-08T14:00:00Z"
def P(pid): return {"id": pid, "email": "a@example.com"}
def s(j, step, content): return send(j, step, "email", T, to="a@example.com", content=content)
steps = []
seen = set()
for pid in ["u_1", "u_2", "u_3", "u_4", "u_5", "u_6", "ana", "bob"]:
    b = fnv_bucket(pid, "ab", "1")
    if b < 5000:
        ds = [enter("ab", T), s("ab", "1.arm1.1", "A"), s("ab", "2", "after"), exit_("ab", None, "completed", T)]
    else:
        ds = [enter("ab", T), exit_("ab", "1.arm2.1", "completed", T)]
    seen.add(b < 5000)
    r = req(T, P(pid), ev("Go")); r["state"] = None
    steps.append({"request": r, "expect": {"decisions": ds}})
    # the same profile lands in the same arm every time
    steps.append({"request": r, "expect": {"decisions": ds}})
assert seen == {True, False}
arms3 = set()
for pid in ["u_1", "u_2", "u_3", "u_4", "u_5", "u_9", "u_11", "u_14", "u_23", "ana", "bob"]:
    b = fnv_bucket(pid, "three", "2")
    arm = 1 if b < 2000 else (2 if b < 5000 else 3)
    arms3.add(arm)
    content = ["one", "two", "three"][arm - 1]
    r = req(T, P(pid), ev("Three")); r["state"] = None
    steps.append({"request": r, "expect": {"decisions": [enter("three", T), s("three", "1", "first"), s("three", f"2.arm{arm}.1", content), exit_("three", None, "completed", T)]}})
assert arms3 == {1, 2, 3}, arms3
write("split.json", "split", "`split` is deterministic: FNV-1a 64 of `profile id \\0 journey id \\0 step id` modulo 10000, arms take consecutive ranges of percent×100 buckets; `stop` ends the run.", src, steps)

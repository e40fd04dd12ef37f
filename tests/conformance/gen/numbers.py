from common import *
# Numbers in requests are read correctly rounded, as JSON.parse and the language's own literals
# read them. serde_json's default parser is off by one unit in the last place on each of these
# (found by the `evaluate` fuzz target, docs/reliability.md): a request's `4e-25` was
# 3.9999999999999997e-25, so `event.a == 0.0000000000000000000000004` was false.
# Every value is written in the request as Python's json writes it (the shortest text that reads
# back as the same double), so the objects path of the package (a JS number, projected as text)
# and the text path read the same text.
values = [
  ("event.a", 4e-25, "0.0000000000000000000000004"),
  ("event.b", 9.59445474e-15, "0.00000000000000959445474"),
  ("event.c", 7.7307637719e39, "7730763771900000000000000000000000000000"),
  ("profile.d", 1.1124091712372e-10, "0.00000000011124091712372"),
  ("profile.e", 8.50020116375e-12, "0.00000000000850020116375"),
]
conds = []
for path, _, lit in values:
  conds += [(f"{path} == {lit}", True), (f"{path} > {lit}", False), (f"{path} < {lit}", False)]
body = "\n".join(f'''  if {c} {{
    send email "{i+1}:true"
  }} else {{
    send email "{i+1}:false"
  }}''' for i, (c, _) in enumerate(conds))
src = f'''journey "n" {{
  when event "Go"
  reentry always
{body}
}}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com"}
props = {}
for path, value, _ in values:
  scope, key = path.split(".")
  (P if scope == "profile" else props)[key] = value
ds = [enter("n", T)]
for i, (c, want) in enumerate(conds):
  n = i + 1
  ds.append(send("n", f"{n}.then.1" if want else f"{n}.else.1", "email", T, to="a@example.com", content=f"{n}:{'true' if want else 'false'}"))
ds.append(exit_("n", None, "completed", T))
write("numbers.json", "numbers read correctly rounded",
      "A number in a request is the double nearest its text (as JSON.parse and the language's literals read it), also where a fast parser is one unit off in the last place.", src,
      [{"request": req(T, P, ev("Go", **props)), "expect": {"decisions": ds}}])

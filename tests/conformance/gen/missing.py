from common import *
conds = [
  ('profile.nope == 1', False),
  ('profile.nope != 1', False),
  ('not (profile.nope == 1)', True),
  ('profile.nope exists', False),
  ('profile.nul exists', False),
  ('profile.zero exists', True),
  ('profile.empty exists', True),
  ('profile.num == profile.str', False),
  ('profile.num != profile.str', False),
  ('profile.str', False),
  ('profile.flag == false', True),
  ('not profile.flag', True),
  ('not profile.nope', True),
  ('(profile.nope ?? 5) == 5', True),
  ('(profile.zero ?? 5) == 0', True),
  ('(profile.nul ?? "d") == "d"', True),
  ('profile.obj.a.b == 1', True),
  ('profile.obj.a.c.d == 1', False),
  ('profile.list contains 2', True),
  ('3 in profile.list', False),
  ('profile.nope > 0 or profile.num > 4', True),
  ('profile.nope < 0', False),
  ('(profile.num / 0) exists', False),
  ('profile["key with spaces"] == "ok"', True),
  ('profile.num + 1 == 6', True),
  ('(profile.str + 1) exists', False),
  ('profile.name starts_with "An"', True),
  ('profile.num starts_with "5"', False),
  ('profile.signup < now', True),
  ('profile.name < "B"', True),
  ('profile.name in "Banana Ana"', True),
  ('profile.tags == ["x", "y"]', True),
  ('len(profile.nope) exists', False),
  ('days_since(profile.name) exists', False),
  ('lower(profile.name) == "ana"', True),
  ('profile.list == profile.list', True),
  ('profile.num >= 5 and profile.num <= 5', True),
]
body = "\n".join(f'''  if {c} {{
    send email "{i+1}:true"
  }} else {{
    send email "{i+1}:false"
  }}''' for i, (c, _) in enumerate(conds))
src = f'''journey "m" {{
  when event "Go"
  reentry always
{body}
}}
'''
T = "2026-03-08T14:00:00Z"
P = {"id": "u1", "email": "a@example.com", "zero": 0, "empty": "", "nul": None, "num": 5, "str": "5", "flag": False,
     "list": [1, 2], "obj": {"a": {"b": 1}}, "key with spaces": "ok", "name": "Ana", "signup": "2026-01-01T00:00:00Z", "tags": ["x", "y"]}
ds = [enter("m", T)]
for i, (c, want) in enumerate(conds):
    n = i + 1
    ds.append(send("m", f"{n}.then.1" if want else f"{n}.else.1", "email", T, to="a@example.com", content=f"{n}:{'true' if want else 'false'}"))
ds.append(exit_("m", None, "completed", T))
write("missing_values.json", "missing values and types", "A comparison with a missing value or mismatched types is false (`==` and `!=` alike); `not` negates; `exists`, `??`; null reads as missing; only exactly `true` holds; paths into objects and lists; strings compare by code point, ISO instants with `now`.", src,
      [{"request": req(T, P, ev("Go")), "expect": {"decisions": ds}}])

import json, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

def d(journey, step, action, at, **kw):
    o = {"journey": journey, "step": step, "action": action}
    if action == "exit":
        o["reason"] = kw["reason"]
    elif action == "send":
        o["channel"] = kw["channel"]
        o["to"] = kw.get("to")
        o["content"] = kw.get("content")
        o["template"] = kw.get("template")
        o["country"] = kw.get("country")
        o["cost"] = kw.get("cost")
    elif action == "suppress":
        o["channel"] = kw["channel"]; o["reason"] = kw["reason"]
    elif action == "defer":
        o["channel"] = kw["channel"]; o["reason"] = "quiet_hours"; o["until"] = kw["until"]
    o["at"] = at
    return o

def enter(j, at): return d(j, None, "enter", at)
def exit_(j, step, reason, at): return d(j, step, "exit", at, reason=reason)
def send(j, step, ch, at, **kw): return d(j, step, "send", at, channel=ch, **kw)
def suppress(j, step, ch, reason, at): return d(j, step, "suppress", at, channel=ch, reason=reason)
def defer(j, step, ch, until, at): return d(j, step, "defer", at, channel=ch, until=until)

def write(fname, name, description, source, steps):
    case = {"name": name, "description": description, "source": source, "steps": steps}
    with open(os.path.join(OUT, fname), "w") as f:
        json.dump(case, f, indent=2, ensure_ascii=False)
        f.write("\n")

def req(now, profile, event=None, **kw):
    r = {"now": now, "profile": profile}
    if event is not None:
        r["event"] = event
    r.update(kw)
    return r

def ev(name, time=None, **props):
    e = {"name": name}
    if time: e["time"] = time
    e["properties"] = props
    return e

import datetime as _dt, zoneinfo as _zi
UTC = _dt.timezone.utc
def parse(s): return _dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
def fmt(t): return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
def add(s, **kw): return fmt(parse(s) + _dt.timedelta(**kw))

def local(t, zone): return t.astimezone(_zi.ZoneInfo(zone))

def oracle_wait_until(now_s, zone, hh, mm):
    """Brute force: the first minute at or after now whose local clock reaches HH:MM."""
    now = parse(now_s)
    target = hh * 60 + mm
    l = local(now, zone)
    if l.hour * 60 + l.minute == target:
        return now_s
    t = now.replace(second=0) + _dt.timedelta(minutes=1)
    prev = local(t - _dt.timedelta(minutes=1), zone)
    for _ in range(4 * 24 * 60):
        cur = local(t, zone)
        cm = cur.hour * 60 + cur.minute
        pm = prev.hour * 60 + prev.minute
        if cm == target:
            return fmt(t)
        # a jump over the target within one calendar day (a spring-forward gap)
        if cur.date() == prev.date() and pm < target < cm:
            return fmt(t)
        prev = cur
        t += _dt.timedelta(minutes=1)
    raise Exception("no time")

def oracle_quiet_end(now_s, zone, fh, fm, th, tm):
    now = parse(now_s)
    f, to = fh * 60 + fm, th * 60 + tm
    def inside(t):
        l = local(t, zone); m = l.hour * 60 + l.minute
        return (f <= m < to) if f <= to else (m >= f or m < to)
    if not inside(now):
        return None
    t = now.replace(second=0) + _dt.timedelta(minutes=1)
    for _ in range(3 * 24 * 60):
        if not inside(t):
            return fmt(t)
        t += _dt.timedelta(minutes=1)
    raise Exception("never ends")

def fnv_bucket(pid, jid, sid):
    h = 0xcbf29ce484222325
    for b in (pid + "\0" + jid + "\0" + sid).encode():
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h % 10000

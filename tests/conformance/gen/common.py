import json, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# Every request of the suite carries this price table, so expected costs do not depend on the
# built-in table (which is updated as prices change).
TEST_PRICES = {
    "currency": "USD",
    "channels": {
        "sms": {"default": 0.01, "US": 0.0079, "CA": 0.0075},
        "mms": {"default": 0.02},
        "whatsapp": {"default": 0.005},
        "voice": {"default": 0.014},
        "email": {"default": 0.001},
        "push": {"default": 0.0001},
    },
    "carrier_fees": {"sms": {"US": 0.003}},
}
PHONE_COUNTRY = {"+14155550100": "US", "+14165550100": "CA"}
GSM7_BASIC = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")

# The state format herald writes (SPEC §2 "versioned"); states of versions 3, 2 and 1 are read.
STATE_VERSION = 4

def micros(x): return round(x * 1_000_000)

def fmt_amount(m):
    sign = "-" if m < 0 else ""
    m = abs(m)
    digits = f"{m % 1_000_000:06d}"
    while len(digits) > 2 and digits.endswith("0"):
        digits = digits[:-1]
    return f"{sign}{m // 1_000_000}.{digits}"

def quote(channel, to, content, prices=TEST_PRICES):
    """An independent model of SPEC §3 for the texts this suite sends (GSM-7 basic only)."""
    phone = channel in ("sms", "mms", "whatsapp", "voice")
    country = PHONE_COUNTRY[to] if phone else None
    rows = prices["channels"].get(channel)
    encoding = None
    if channel == "sms" and content is not None:
        assert all(c in GSM7_BASIC for c in content), content
        n = len(content)
        units = 1 if n <= 160 else -(-n // 153)
        encoding = "GSM-7"
    elif channel == "voice" and content is not None:
        units = max(1, -(-len(content.split()) // 150))
    else:
        units = 1
    o = {}
    if rows is None:
        total = 0
    else:
        from_default = not (country and country in rows)
        price = micros(rows[country] if not from_default else rows["default"])
        fee = micros(prices.get("carrier_fees", {}).get(channel, {}).get(country, 0)) if country else 0
        total = units * (price + fee)
    o = {"amount": fmt_amount(total), "micros": total, "currency": prices["currency"], "units": units,
         "unit": {"sms": "segment", "voice": "minute"}.get(channel, "message")}
    if encoding: o["encoding"] = encoding
    if rows is None: o["price_known"] = False
    elif phone and from_default: o["country_source"] = "default"
    return o, country

def total(m, currency="USD"): return {"amount": fmt_amount(m), "micros": m, "currency": currency}

def ms(s):
    t = parse(s)
    return int(t.timestamp()) * 1000 + t.microsecond // 1000

def idempotency_key(profile_id, journey, entered, trigger_time, key, step, channel):
    """SPEC §6 `idempotency_key`, computed apart from herald: FNV-1a 128 over the fields profile
    id, journey, entry time and trigger time (ms since 1970), run key ("" without one), step and
    channel, each
    as its UTF-8 byte length, ':' and its bytes; "hk1_" and 32 lower-case hex digits."""
    h = 0x6c62272e07bb014262b821756295c58d
    for f in (str(profile_id), journey, str(ms(entered)), str(ms(trigger_time)), key or "", step, channel):
        b = f.encode()
        for x in str(len(b)).encode() + b":" + b:
            h ^= x
            h = (h * 0x0000000001000000000000000000013B) & ((1 << 128) - 1)
    return "hk1_%032x" % h

def d(journey, step, action, at, **kw):
    o = {"journey": journey, "step": step, "action": action}
    if action == "exit":
        o["reason"] = kw["reason"]
    elif action == "send":
        o["channel"] = kw["channel"]
        o["to"] = kw.get("to")
        o["content"] = kw.get("content")
        o["template"] = kw.get("template")
        cost, country = quote(kw["channel"], kw.get("to"), kw.get("content"), kw.get("prices", TEST_PRICES))
        o["country"] = country
        o["cost"] = cost
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

def add_idempotency_keys(steps):
    """Every expected `send` gets its `idempotency_key` (after `cost`): the profile id is the
    request's, the run's entry time that of the run's latest `enter` among the expected
    decisions of this file (runs of a journey with `key` apart), or the `entered` of a literal
    state's run. `"state": null` starts afresh. A step that expects no decisions yet enters a
    run would leave the tracker behind: its later sends would then fail against herald, which is
    how such a gap shows."""
    entered = {}
    for st in steps:
        r = st.get("request")
        if not isinstance(r, dict) or "expect_error" in st:
            continue  # a failed step leaves the state as it was
        if "state" in r:
            entered = {}
            if not isinstance(r["state"], (dict, type(None))):
                continue
            journeys = (r["state"] or {}).get("journeys")
            for jid, js in (journeys.items() if isinstance(journeys, dict) else []):
                runs = [(None, js)] + list((js.get("keys") or {}).items()) if isinstance(js, dict) else []
                for k, holder in runs:
                    run = holder.get("run") if isinstance(holder, dict) else None
                    if isinstance(run, dict) and "entered" in run:
                        ev = run.get("event") if isinstance(run.get("event"), dict) else {}
                        entered[(jid, k)] = (run["entered"], ev.get("time") or run["entered"])
        profile = r.get("profile")
        pid = profile.get("id") if isinstance(profile, dict) else None
        # the trigger of a run entering now: the request's event (its time, else now); a
        # trait-change trigger has the time now
        incoming = r.get("event")
        trigger_time = (incoming.get("time") if isinstance(incoming, dict) else None) or r["now"]
        for dec in (st.get("expect") or {}).get("decisions") or []:
            run = (dec["journey"], dec.get("key"))
            if dec["action"] == "enter":
                entered[run] = (dec["at"], trigger_time)
            elif dec["action"] == "send" and "idempotency_key" not in dec:
                at, trig = entered.get(run, (dec["at"], trigger_time))
                k = idempotency_key(pid, dec["journey"], at, trig, dec.get("key"), dec["step"], dec["channel"])
                items = list(dec.items())
                dec.clear()
                for name, v in items:
                    if name == "at":
                        dec["idempotency_key"] = k
                    dec[name] = v

def write(fname, name, description, source, steps):
    add_idempotency_keys(steps)
    case = {"name": name, "description": description, "source": source, "steps": steps}
    with open(os.path.join(OUT, fname), "w") as f:
        json.dump(case, f, indent=2, ensure_ascii=False)
        f.write("\n")

def req(now, profile, event=None, **kw):
    r = {"now": now, "profile": profile}
    if event is not None:
        r["event"] = event
    r["prices"] = TEST_PRICES
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

def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h

def fingerprint(source, journey, upto, occurrence=1):
    """SPEC §6 run fingerprint, computed from the source text, which must be formatted as
    `herald fmt` prints it: FNV-1a 64 of the journey's lines from `journey "id" {` to the line
    of the waiting step (`upto`, its text without indentation; for `wait for`, the header line),
    empty lines left out, each line ending with a newline; 16 lower-case hex digits."""
    lines = source.split("\n")
    start = lines.index(f'journey "{journey}" {{')
    kept = []
    seen = 0
    for line in lines[start:]:
        line = line.rstrip()
        if line == "" or line.lstrip().startswith("#"):
            continue
        kept.append(line)
        if line.strip() == upto:
            seen += 1
            if seen == occurrence:
                break
    else:
        raise ValueError(f"no line {upto!r} in journey {journey!r}")
    text = "\n".join(kept) + "\n"
    return "%016x" % fnv1a64(text.encode())

# The run forms of SPEC §6: a decision of a journey with `key` carries the run's key; an `enter`
# of the holdout group carries `"holdout": true`; `set` gives `update` decisions.
def keyed(dec, key):
    o = {"journey": dec["journey"], "step": dec["step"], "action": dec["action"], "key": key}
    o.update({k: v for k, v in dec.items() if k not in o})
    return o

def held_enter(j, at):
    return {"journey": j, "step": None, "action": "enter", "holdout": True, "at": at}

def update(j, step, key, value, at):
    return {"journey": j, "step": step, "action": "update", "key": key, "value": value, "at": at}

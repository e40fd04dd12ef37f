#!/usr/bin/env python3
"""Regenerate herald's cost data from the researched reference data.

    python3 data/generate.py [REFERENCE_DIR]      (default: /work/shared/data)

Writes, relative to the repository root:
  data/prices.json         the built-in price table (SPEC §3 shape + "as_of"), compiled into herald
  data/SOURCES.md          where every number of prices.json comes from
  data/gsm7_tables.json    verbatim copy of the GSM 03.38 / Smart Encoding reference (tests read it)
  data/calling_codes.json  verbatim copy of the calling-code reference (tests read it)
  crates/herald-lang/src/cost/tables.rs       the same tables as Rust constants (GSM-7 lookup, look-alike map, phone prefixes,
                                              the built-in prices in micros)

Regenerate rather than hand-edit: every choice below is written down in docs/costs.md.
"""
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REF = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/data")

prices_ref = json.loads((REF / "prices.json").read_text())
fees_ref = json.loads((REF / "carrier_fees.json").read_text())
codes_ref = json.loads((REF / "calling_codes.json").read_text())
gsm_ref = json.loads((REF / "gsm7_tables.json").read_text())

D = lambda x: Decimal(str(x))
COUNTRIES = list(prices_ref["countries"].keys())

# ---------------------------------------------------------------- prices
rows = []  # (channel, key, Decimal, how, status, sources)
channels = {}


def put(channel, key, value, how, status, sources):
    channels.setdefault(channel, {})[key] = value
    rows.append((channel, key, value, how, status, ", ".join(sources)))


for cc in COUNTRIES:
    e = prices_ref["countries"][cc]["sms_outbound_per_segment"]
    put("sms", cc, D(e["value"]), "Twilio outbound SMS list price per segment", e["status"], e["sources"])
for cc in COUNTRIES:
    e = prices_ref["countries"][cc]["mms_outbound_per_message"]
    if e["value"] is not None:
        put("mms", cc, D(e["value"]), "Twilio outbound MMS list price per message", e["status"], e["sources"])
for cc in COUNTRIES:
    e = prices_ref["countries"][cc]["whatsapp_per_message"]
    v = D(e["marketing"]) + D(e["twilio_fee_per_message_in_or_out"])
    put("whatsapp", cc, v,
        f"Meta marketing template {e['marketing']} + Twilio fee {e['twilio_fee_per_message_in_or_out']}",
        "derived", e["sources"])
for cc in COUNTRIES:
    e = prices_ref["countries"][cc]["voice_outbound_per_min"]
    land, mob = D(e["value"]["landline"]), D(e["value"]["mobile"])
    put("voice", cc, max(land, mob),
        f"Twilio outbound voice per minute, dearer of landline {land} and mobile {mob}",
        "derived", e["sources"])

# Destinations outside the table are priced at the dearest listed country: an estimate should not
# under-state what an unknown destination may cost.
for ch in ["sms", "whatsapp", "voice"]:
    top = max(channels[ch].items(), key=lambda kv: kv[1])
    put(ch, "default", top[1], f"dearest listed country ({top[0]})", "derived", [])
# MMS: Twilio sells MMS to US and CA only, so there is no default: elsewhere the price is unknown.

e = prices_ref["email"]["recommended_default_per_message"]
put("email", "default", D(e["value"]), "blended SendGrid overage tiers (~$0.80 per 1,000)", e["status"],
    ["sendgrid_2026_07", "apimap_sendgrid"])
e = prices_ref["push"]["fcm"]
put("push", "default", D(e["value"]), "FCM and APNs charge nothing per notification", e["status"], ["fcm"])
put("webhook", "default", Decimal("0"), "your own endpoint: no per-message vendor fee", "by definition", [])

rec = fees_ref["recommended_defaults_for_estimator"]
snap = fees_ref["us_a2p_sms_snapshots"][0]
assert snap["as_of"] == "2026-05-26"
ps = snap["per_segment"]
blend = (D(ps["AT&T"]["10DLC"]) + D(ps["Verizon"]["10DLC"]) + D(ps["T-Mobile MT(outbound)"]["10DLC"])) / 3
blend = blend.quantize(Decimal("0.0001"))
assert blend == D(rec["us_sms_outbound_per_segment_blended"]), blend
carrier_fees = {
    "sms": {"US": blend},
    "mms": {"US": D(rec["us_mms_outbound_per_message_blended"])},
}
fee_rows = [
    ("sms", "US", blend, "mean of AT&T 0.0035, Verizon 0.0045, T-Mobile 0.0045 (10DLC, outbound) in the 2026-05-26 snapshot",
     "derived", snap["source"]),
    ("mms", "US", D(rec["us_mms_outbound_per_message_blended"]), rec["mms_note"], "ESTIMATE",
     "carrier_fees.json recommended_defaults_for_estimator"),
]


def num(d):
    # JSON numbers as written: shortest exact decimal text.
    s = format(d.normalize(), "f")
    return json.loads(s) if "." in s or s == "0" else int(s)


out = {
    "currency": "USD",
    "as_of": prices_ref["compiled_on"],
    "channels": {ch: {k: num(v) for k, v in sorted(m.items(), key=lambda kv: (kv[0] != "default", kv[0]))}
                 for ch, m in channels.items()},
    "carrier_fees": {ch: {k: num(v) for k, v in m.items()} for ch, m in carrier_fees.items()},
}
(ROOT / "data" / "prices.json").write_text(json.dumps(out, indent=2) + "\n")

src_lines = [
    "# Sources of herald's built-in prices",
    "",
    "Generated by `data/generate.py` from the project's researched reference data (compiled on "
    f"{prices_ref['compiled_on']}); regenerate rather than hand-edit. All amounts are USD.",
    "How herald uses these numbers, and why these choices: docs/costs.md.",
    "",
    "## Prices (`channels` of prices.json)",
    "",
    "| channel | destination | price | how | status | sources |",
    "| --- | --- | --- | --- | --- | --- |",
]
for ch, key, v, how, status, srcs in rows:
    src_lines.append(f"| {ch} | {key} | {format(v.normalize(), 'f')} | {how} | {status} | {srcs} |")
src_lines += [
    "",
    "## Carrier fees (`carrier_fees` of prices.json, added to the price per unit)",
    "",
    "| channel | destination | fee | how | status | source |",
    "| --- | --- | --- | --- | --- | --- |",
]
for ch, key, v, how, status, srcs in fee_rows:
    src_lines.append(f"| {ch} | {key} | {format(v.normalize(), 'f')} | {how} | {status} | {srcs} |")
src_lines += ["", "## Source ids", "", "| id | what | date | kind |", "| --- | --- | --- | --- |"]
for sid, s in prices_ref["sources"].items():
    src_lines.append(f"| {sid} | {s['what']} | {s['date']} | {s['kind']} |")
src_lines += [
    "",
    "Status: " + "; ".join(f"`{k}`: {v}" for k, v in prices_ref["status_legend"].items()) + ".",
    "",
    "## Other tables",
    "",
    "- `gsm7_tables.json` (copied verbatim): " + gsm_ref["source"],
    "- `calling_codes.json` (copied verbatim): " + codes_ref["source"],
    "- `crates/herald-lang/src/cost/tables.rs` is generated from these two files and the prices above by the",
    "  same script: the tables as Rust data, so none is parsed at start (`PriceTable::builtin` builds the",
    "  built-in table from it; a test compares that table with `data/prices.json` read by `PriceTable::parse`).",
    "",
]
(ROOT / "data" / "SOURCES.md").write_text("\n".join(src_lines))

shutil.copyfile(REF / "gsm7_tables.json", ROOT / "data" / "gsm7_tables.json")
shutil.copyfile(REF / "calling_codes.json", ROOT / "data" / "calling_codes.json")

# ---------------------------------------------------------------- Rust tables


def cp(u):
    return int(u[2:], 16)


def rust_char(c):
    return f"'\\u{{{c:04X}}}'"


def rust_str(s):
    return '"' + "".join(f"\\u{{{ord(ch):04X}}}" if not (32 <= ord(ch) < 127) or ch in '"\\' else ch for ch in s) + '"'


basic = sorted(cp(c["unicode"]) for c in gsm_ref["gsm7_basic"]["chars"])
ext = sorted(cp(c["unicode"]) for c in gsm_ref["gsm7_extension"]["chars"])
assert len(basic) == 127 and len(ext) == 10
look = sorted((cp(e["from"]), e["to"]) for e in gsm_ref["smart_encoding_map"]["map"])
assert len(look) == 271

codes = []
for code, regions in codes_ref["calling_code_to_regions"].items():
    if regions[0] != "001":  # non-geographic (freephone, satellite): no country
        codes.append((int(code), regions[0]))
codes.sort()
nanp_non_us = sorted((int(k), v) for k, v in codes_ref["nanp_area_code_to_region_non_US"].items())
nanp_unassigned = sorted(codes_ref["nanp_area_codes_without_match"])

r = []
r.append("//! GENERATED by `data/generate.py` from data/gsm7_tables.json, data/calling_codes.json and the")
r.append("//! prices it writes to data/prices.json.")
r.append("//! Do not edit by hand: regenerate. Sources: data/SOURCES.md.")
r.append("")
r.append("use crate::Channel;")
r.append("")
r.append("/// Septets a character takes in GSM-7 (1 in the GSM 03.38 basic set, 2 in the extension")
r.append("/// table, as an escape pair), or `None` when GSM-7 cannot carry it.")
r.append("pub(crate) fn gsm7_septets(c: char) -> Option<u8> {")
r.append("    match c {")
r.append("        " + " | ".join(rust_char(c) for c in basic) + " => Some(1),")
r.append("        " + " | ".join(rust_char(c) for c in ext) + " => Some(2),")
r.append("        _ => None,")
r.append("    }")
r.append("}")
r.append("")
r.append("/// Twilio Smart Encoding: look-alike characters and their GSM-7 replacement, sorted by character.")
r.append(f"pub(crate) static LOOKALIKES: [(char, &str); {len(look)}] = [")
for c, to in look:
    r.append(f"    ({rust_char(c)}, {rust_str(to)}),")
r.append("];")
r.append("")
r.append("/// E.164 calling code → main region (ISO 3166 alpha-2), sorted by code. Non-geographic codes")
r.append("/// (001) are left out.")
r.append(f"pub(crate) static CALLING_CODES: [(u16, &str); {len(codes)}] = [")
for c, reg in codes:
    r.append(f"    ({c}, \"{reg}\"),")
r.append("];")
r.append("")
r.append("/// NANP (+1) area codes that are not in the United States, sorted.")
r.append(f"pub(crate) static NANP_NON_US: [(u16, &str); {len(nanp_non_us)}] = [")
for c, reg in nanp_non_us:
    r.append(f"    ({c}, \"{reg}\"),")
r.append("];")
r.append("")
r.append("/// NANP area codes assigned to no region (unassigned, reserved, N11 service codes), sorted.")
r.append(f"pub(crate) static NANP_UNASSIGNED: [u16; {len(nanp_unassigned)}] = [")
for i in range(0, len(nanp_unassigned), 16):
    r.append("    " + " ".join(f"{c}," for c in nanp_unassigned[i:i + 16]))
r.append("];")
r.append("")
def micros(v):
    m = D(v) * 1_000_000
    assert m == int(m), f"{v} is not a whole number of micros"
    return f"{int(m):_}"


CHANNEL_VARIANTS = {"sms": "Sms", "mms": "Mms", "whatsapp": "Whatsapp", "voice": "Voice",
                    "email": "Email", "push": "Push", "webhook": "Webhook"}


def rust_rates(name, table):
    r.append(f"pub(crate) static {name}: [BuiltinRates; {len(table)}] = [")
    for ch, rows in table.items():
        default = f"Some({micros(rows['default'])})" if "default" in rows else "None"
        countries = ", ".join(f'("{k}", {micros(v)})' for k, v in sorted(rows.items()) if k != "default")
        r.append(f"    (Channel::{CHANNEL_VARIANTS[ch]}, {default}, &[{countries}]),")
    r.append("];")


r.append("/// A channel's built-in rates in micros: the `default` row and the countries' rows, sorted.")
r.append("pub(crate) type BuiltinRates = (Channel, Option<i64>, &'static [(&'static str, i64)]);")
r.append("")
r.append("/// The built-in price table (data/prices.json, without parsing it): `PriceTable::builtin`.")
r.append(f"pub(crate) static BUILTIN_CURRENCY: &str = \"{out['currency']}\";")
r.append(f"pub(crate) static BUILTIN_AS_OF: &str = \"{out['as_of']}\";")
rust_rates("BUILTIN_PRICES", out["channels"])
rust_rates("BUILTIN_CARRIER_FEES", out["carrier_fees"])
r.append("")
(ROOT / "crates" / "herald-lang" / "src" / "cost" / "tables.rs").write_text("\n".join(r))
print("ok:", len(rows), "prices,", len(fee_rows), "fees,", len(codes), "calling codes")

//! The look-alike lint (W0101): an SMS whose literal text needs UCS-2 only because of characters
//! that look like GSM-7 ones (curly quotes, en dash, non-breaking space, ellipsis…) holds 70
//! characters a segment instead of 160 and often costs two or three times as much. The
//! replacements are those of Twilio's Smart Encoding (data/gsm7_tables.json).

use super::content::{for_each_send, sample_text, DEFAULT_INTERPOLATION_CHARS};
use super::country::CountryCode;
use super::prices::PriceTable;
use super::quote::{quote_for_country, MessageContent, Quote};
use super::segments::{is_gsm7, sms_segments, Encoding};
use super::tables::LOOKALIKES;
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{Content, File, Item, MessageDef, StrPart, StringLit};
use crate::Channel;

/// Most characters named in one warning's help.
const MAX_LISTED: usize = 6;

/// The GSM-7 replacement of a look-alike character (`’` → `'`), as Twilio's Smart Encoding does
/// it. Some replacements are longer (`…` → `...`) or empty (zero-width characters).
pub fn lookalike_replacement(c: char) -> Option<&'static str> {
    let i = LOOKALIKES.binary_search_by_key(&c, |&(k, _)| k).ok()?;
    LOOKALIKES.get(i).map(|&(_, to)| to)
}

/// W0101 warnings for every SMS of the file, priced with the built-in table.
pub fn lint_lookalikes(file: &File) -> Vec<Diagnostic> {
    lint_lookalikes_with(file, PriceTable::builtin())
}

/// W0101 warnings for every SMS of the file, priced with `table` for a US destination (or the
/// table's `default` when it has no US row).
pub fn lint_lookalikes_with(file: &File, table: &PriceTable) -> Vec<Diagnostic> {
    let us = CountryCode::parse("US");
    let country =
        us.filter(|&c| table.rate(Channel::Sms, Some(c)).is_some_and(|l| !l.from_default));
    let mut out = Vec::new();
    // Messages sent by SMS, by id, each linted once (per variant) however many sends use it.
    let mut sms_messages: Vec<String> = Vec::new();
    for item in &file.items {
        let Item::Journey(journey) = item else {
            continue;
        };
        for_each_send(journey.steps(), &mut |_, options| {
            for option in options {
                if option.channel.name != Channel::Sms.name() {
                    continue;
                }
                match &option.content {
                    Content::Text(lit) => {
                        if let Some(d) = check(lit, table, country) {
                            out.push(d);
                        }
                    }
                    Content::Message(id) => {
                        if let Some(id) = id.as_plain() {
                            if !sms_messages.contains(&id) {
                                sms_messages.push(id);
                            }
                        }
                    }
                    Content::Template(_) => {}
                }
            }
        });
    }
    for item in &file.items {
        let Item::Message(m) = item else { continue };
        let Some(id) = m.id.as_plain() else { continue };
        let Some(at) = sms_messages.iter().position(|s| *s == id) else { continue };
        sms_messages.swap_remove(at); // the first message of an id only
        out.extend(lint_variants(m, table, country));
    }
    out
}

/// The cost lints of one message sent by SMS, per variant (SPEC §6): W0101 for a variant that
/// is UCS-2 only because of look-alikes, else W0023 for a variant that is UCS-2 while another
/// is GSM-7 and it takes more segments (it holds 70 characters a segment where the other holds 160), naming the
/// characters outside GSM-7 and both prices.
fn lint_variants(
    m: &MessageDef,
    table: &PriceTable,
    country: Option<CountryCode>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let measured: Vec<(String, Quote, Encoding)> = m
        .variants
        .iter()
        .map(|v| {
            let text = sample_text(&v.text, DEFAULT_INTERPOLATION_CHARS);
            let q = quote_for_country(table, Channel::Sms, country, MessageContent::Text(&text));
            (text.clone(), q, sms_segments(&text).encoding)
        })
        .collect();
    // The cheapest GSM-7 variant, to compare with.
    let cheapest = m
        .variants
        .iter()
        .zip(&measured)
        .filter(|(_, (_, _, e))| *e == Encoding::Gsm7)
        .min_by_key(|(_, (_, q, _))| q.micros);
    let place = country.map_or("an unknown destination".to_string(), |c| c.to_string());
    for (v, (_, q, encoding)) in m.variants.iter().zip(&measured) {
        if let Some(d) = check(&v.text, table, country) {
            out.push(d);
            continue;
        }
        let (Encoding::Ucs2, Some((other, (_, gsm, _)))) = (encoding, cheapest) else { continue };
        if q.units <= gsm.units {
            continue; // short enough that UCS-2 costs no more (analyze still measures it)
        }
        let mut outside: Vec<char> = Vec::new();
        for part in &v.text.parts {
            if let StrPart::Text(t) = part {
                for c in t.chars() {
                    if !is_gsm7(c) && !outside.contains(&c) {
                        outside.push(c);
                    }
                }
            }
        }
        let shown: Vec<String> = outside.iter().take(MAX_LISTED).map(|&c| show_char(c)).collect();
        let tail = if outside.len() > MAX_LISTED { " and more" } else { "" };
        out.push(
            Diagnostic::warning(
                codes::VARIANT_UCS2,
                v.locale.span,
                format!(
                    "the `{}` variant is sent as UCS-2 ({}{tail} outside GSM-7): {} ({} to {place}) \
                     where `{}` takes {} ({})",
                    v.locale.name,
                    shown.join(", "),
                    segments(q),
                    price(q),
                    other.locale.name,
                    segments(gsm),
                    price(gsm),
                ),
            )
            .with_help(
                "a UCS-2 segment holds 70 characters where GSM-7 holds 160: keep this variant \
                 short, or accept the cost (`analyze` counts the dearest variant)",
            ),
        );
    }
    out
}

fn check(lit: &StringLit, table: &PriceTable, country: Option<CountryCode>) -> Option<Diagnostic> {
    let text = sample_text(lit, DEFAULT_INTERPOLATION_CHARS);
    if sms_segments(&text).encoding != Encoding::Ucs2 {
        return None;
    }
    let mut fixed = String::with_capacity(text.len());
    for c in text.chars() {
        match lookalike_replacement(c) {
            Some(to) => fixed.push_str(to),
            None => fixed.push(c),
        }
    }
    if sms_segments(&fixed).encoding != Encoding::Gsm7 {
        return None; // UCS-2 for a real reason (an emoji, a script GSM-7 lacks)
    }
    // The offending characters, from the literal parts only, in order of first appearance.
    let mut culprits: Vec<char> = Vec::new();
    for part in &lit.parts {
        if let StrPart::Text(t) = part {
            for c in t.chars() {
                if !is_gsm7(c) && !culprits.contains(&c) {
                    culprits.push(c);
                }
            }
        }
    }
    let now = quote_for_country(table, Channel::Sms, country, MessageContent::Text(&text));
    let then = quote_for_country(table, Channel::Sms, country, MessageContent::Text(&fixed));
    let place = country.map_or("an unknown destination".to_string(), |c| c.to_string());
    // Same price today (a short text) still deserves the warning: interpolated values and later
    // edits push a UCS-2 text past 70 characters long before a GSM-7 one reaches 160.
    let message = if now.micros > then.micros {
        format!(
            "this SMS is sent as UCS-2 only because of look-alike characters: {} ({} to {place}) instead of {} as GSM-7 ({})",
            segments(&now),
            price(&now),
            segments(&then),
            price(&then),
        )
    } else {
        format!(
            "this SMS is sent as UCS-2 only because of look-alike characters: {} ({} to {place}) now, but a UCS-2 segment holds 70 characters where GSM-7 holds 160",
            segments(&now),
            price(&now),
        )
    };
    let mut listed: Vec<String> = culprits
        .iter()
        .take(MAX_LISTED)
        .map(|&c| {
            format!(
                "{} with {}",
                show_char(c),
                show_replacement(lookalike_replacement(c).unwrap_or(""))
            )
        })
        .collect();
    if culprits.len() > MAX_LISTED {
        listed.push(format!("and {} more", culprits.len() - MAX_LISTED));
    }
    Some(
        Diagnostic::warning(codes::LOOKALIKE_UCS2, lit.span, message)
            .with_help(format!("replace {}", listed.join(", "))),
    )
}

fn segments(q: &Quote) -> String {
    match q.units {
        1 => "1 segment".to_string(),
        n => format!("{n} segments"),
    }
}

fn price(q: &Quote) -> String {
    if q.price_known {
        format!("{} {}", q.amount(), q.currency)
    } else {
        "price unknown".to_string()
    }
}

/// `` `’` (U+2019) ``, or just the code point for characters one cannot see.
fn show_char(c: char) -> String {
    if c.is_whitespace() || c.is_control() || is_invisible(c) {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}` (U+{:04X})", c as u32)
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
        || ('\u{0300}'..='\u{036F}').contains(&c)
        || ('\u{20D0}'..='\u{20FF}').contains(&c)
}

fn show_replacement(to: &str) -> String {
    if to.is_empty() {
        "nothing".to_string()
    } else if to.chars().all(|c| c == ' ') {
        match to.len() {
            1 => "a space".to_string(),
            n => format!("{n} spaces"),
        }
    } else {
        format!("`{to}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn lint(src: &str) -> Vec<Diagnostic> {
        lint_lookalikes(&crate::syntax::parse(src).unwrap())
    }

    fn journey(steps: &str) -> String {
        format!("journey \"j\" {{\n  when event \"E\"\n{steps}\n}}\n")
    }

    #[test]
    fn curly_quote_and_en_dash() {
        let src = journey("  send sms \"We’ve got 10% off – today only\"");
        let d = lint(&src);
        assert_eq!(d.len(), 1, "{d:?}");
        let d = &d[0];
        assert_eq!(d.code, "W0101");
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(&src[d.span.start..d.span.end], "\"We’ve got 10% off – today only\"");
        assert_eq!(
            d.message,
            "this SMS is sent as UCS-2 only because of look-alike characters: 1 segment (0.0125 USD to US) now, but a UCS-2 segment holds 70 characters where GSM-7 holds 160"
        );
        assert_eq!(d.help.as_deref(), Some("replace `’` (U+2019) with `'`, `–` (U+2013) with `-`"));
    }

    #[test]
    fn says_what_it_costs_when_segments_differ() {
        // 100 characters: one GSM-7 segment, but two UCS-2 parts.
        let body = format!("Don’t miss out{}", " and more".repeat(10));
        let src = journey(&format!("  send sms \"{body}\""));
        let d = lint(&src);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains(
                "2 segments (0.025 USD to US) instead of 1 segment as GSM-7 (0.0125 USD)"
            ),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn interpolation_counts_toward_the_length() {
        // 3 × 32 stand-in characters + ~20 literal: GSM-7 fits one segment, UCS-2 needs two.
        let src = journey("  send sms \"Hi {{profile.a}} {{profile.b}} {{profile.c}} – see you\"");
        let d = lint(&src);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains(": 2 segments"), "{}", d[0].message);
        assert_eq!(d[0].help.as_deref(), Some("replace `–` (U+2013) with `-`"));
    }

    #[test]
    fn invisible_and_space_lookalikes_are_named_by_code_point() {
        let src = journey("  send sms \"Save\u{A0}now\u{200B}… ok\"");
        let d = lint(&src);
        assert_eq!(
            d[0].help.as_deref(),
            Some("replace U+00A0 with 2 spaces, U+200B with nothing, `…` (U+2026) with `...`")
        );
    }

    #[test]
    fn no_warning_when_ucs2_is_needed_anyway_or_not_at_all() {
        assert!(lint(&journey("  send sms \"We’ve got 🎁 for you\"")).is_empty());
        assert!(lint(&journey("  send sms \"Привет – привет\"")).is_empty());
        assert!(lint(&journey("  send sms \"Plain 'ASCII' - fine\"")).is_empty());
        // Other channels are not priced by segment.
        assert!(lint(&journey("  send email \"We’ve got it\"")).is_empty());
        assert!(lint(&journey("  send push \"We’ve got it\"")).is_empty());
        assert!(lint(&journey("  send sms template \"we’ve\"")).is_empty());
    }

    #[test]
    fn every_sms_of_every_block_and_fallback_is_checked() {
        let src = journey(
            "  if profile.x > 1 {\n    send push \"a\" fallback sms \"it’s a\"\n  } else {\n    split {\n      50% { send sms \"it’s b\" }\n      50% { stop }\n    }\n  }\n  wait for event \"F\" within 1 day { send sms \"ok\" } timeout { send sms \"“c”\" }",
        );
        let d = lint(&src);
        let spans: Vec<&str> = d.iter().map(|d| &src[d.span.start..d.span.end]).collect();
        assert_eq!(spans, ["\"it’s a\"", "\"it’s b\"", "\"“c”\""]);
    }

    #[test]
    fn many_culprits_are_summarised() {
        let src = journey("  send sms \"‘a’ “b” – — … ´ ˋ\"");
        let help = lint(&src)[0].help.clone().unwrap();
        assert!(help.ends_with(", and 3 more"), "{help}");
    }

    #[test]
    fn the_map_is_sorted_and_maps_to_gsm7() {
        assert!(LOOKALIKES.windows(2).all(|w| w[0].0 < w[1].0));
        for &(from, to) in LOOKALIKES.iter() {
            assert!(!is_gsm7(from), "U+{:04X}", from as u32);
            assert!(to.chars().all(is_gsm7), "U+{:04X}", from as u32);
        }
        assert_eq!(lookalike_replacement('’'), Some("'"));
        assert_eq!(lookalike_replacement('a'), None);
    }
}

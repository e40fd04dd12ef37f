//! Localised messages and topics (SPEC §6): `message "ID" { LOCALE "text" ... }`,
//! `send CHANNEL message "ID"`, `policy { default locale "TAG" topic "NAME" opt-in }` and a
//! journey's `topic "NAME"`. E0470–E0479, W0024 (W0023, the cost of a variant, is a cost lint:
//! `cost::lookalike`).

use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{
    ClauseKind, Content, File, Item, Journey, MessageDef, Span, Step, StrPart,
};
use std::collections::HashMap;

use super::safety::MAX_SMS_CHARS;

/// Whether `tag` has the shape of a BCP 47 language tag as messages use them: a language of 2–3
/// letters, then optionally a script (4 letters), a region (2 letters or 3 digits) and variants
/// (5–8 letters or digits, or a digit and 3 more), separated by `-`.
pub fn is_locale_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else { return false };
    if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    // 0: script allowed next, 1: region allowed next, 2: only variants.
    let mut stage = 0;
    for part in parts {
        let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        let alnum = part.bytes().all(|b| b.is_ascii_alphanumeric());
        let region = (part.len() == 2 && alpha) || (part.len() == 3 && digits);
        let variant = alnum
            && ((5..=8).contains(&part.len())
                || (part.len() == 4 && part.bytes().next().is_some_and(|b| b.is_ascii_digit())));
        if stage == 0 && part.len() == 4 && alpha {
            stage = 1;
        } else if (stage <= 1 && region) || variant {
            stage = 2;
        } else {
            return false;
        }
    }
    true
}

/// Every message and topic rule of the file.
pub(crate) fn check(file: &File) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut messages: HashMap<String, &MessageDef> = HashMap::new();
    let mut order: Vec<&MessageDef> = Vec::new();
    for item in &file.items {
        let Item::Message(m) = item else { continue };
        message_def(m, &mut diags);
        let Some(id) = m.id.as_plain() else { continue };
        if let std::collections::hash_map::Entry::Vacant(e) = messages.entry(id.clone()) {
            e.insert(m);
            order.push(m);
        } else {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_MESSAGE,
                    m.id.span,
                    format!("there is already a message \"{id}\""),
                )
                .with_help("give each message its own id, or merge the variants into one"),
            );
        }
    }
    let ids: Vec<&str> = order.iter().filter_map(|m| plain_ref(&m.id.parts)).collect();
    let mut used: HashMap<&str, bool> = ids.iter().map(|id| (*id, false)).collect();
    for item in &file.items {
        match item {
            Item::Policy(p) => {
                policy(p.clauses.iter().map(|c| (&c.kind, c.span)), &order, &mut diags)
            }
            Item::Journey(j) => {
                journey(j, &mut diags);
                let mut sends = Vec::new();
                sends_of(j.steps(), &mut sends);
                for (channel, id_lit) in sends {
                    let Some(id) = id_lit.as_plain() else { continue };
                    match messages.get(&id) {
                        Some(m) => {
                            if let Some(u) = used.get_mut(id.as_str()) {
                                *u = true;
                            }
                            fits(channel, m, id_lit.span, &mut diags);
                        }
                        None => {
                            let help = super::suggest(&id, &ids)
                                .map(|s| format!("did you mean \"{s}\"?"))
                                .unwrap_or_else(|| {
                                    "define it at the top level: `message \"ID\" { en \"...\" }`"
                                        .to_string()
                                });
                            diags.push(
                                Diagnostic::error(
                                    codes::UNKNOWN_MESSAGE,
                                    id_lit.span,
                                    format!("unknown message \"{id}\""),
                                )
                                .with_help(help),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for m in &order {
        let Some(id) = plain_ref(&m.id.parts) else { continue };
        if used.get(id) == Some(&false) {
            diags.push(
                Diagnostic::warning(
                    codes::UNUSED_MESSAGE,
                    m.id.span,
                    format!("message \"{id}\" is never sent"),
                )
                .with_help(format!("send it with `send sms message \"{id}\"`, or remove it")),
            );
        }
    }
    diags
}

/// The text of a string without interpolation, borrowed (a single literal part).
fn plain_ref(parts: &[StrPart]) -> Option<&str> {
    match parts {
        [StrPart::Text(t)] => Some(t),
        _ => None,
    }
}

/// E0475, E0473, E0472 for one message.
fn message_def(m: &MessageDef, diags: &mut Vec<Diagnostic>) {
    if m.id.as_plain().is_some_and(|id| id.trim().is_empty()) {
        diags.push(
            Diagnostic::error(codes::EMPTY_MESSAGE, m.id.span, "the message id is empty")
                .with_help("give the message an id that says what it is, such as \"cart-nudge\""),
        );
    }
    if m.variants.is_empty() {
        diags.push(
            Diagnostic::error(codes::EMPTY_MESSAGE, m.id.span, "this message has no variants")
                .with_help("add one line per language, such as `en \"Your cart is waiting\"`"),
        );
    }
    let mut seen: Vec<String> = Vec::new();
    for v in &m.variants {
        let tag = &v.locale.name;
        if !is_locale_tag(tag) {
            diags.push(bad_locale(tag, v.locale.span));
            continue;
        }
        let key = tag.to_ascii_lowercase();
        if seen.contains(&key) {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_LOCALE,
                    v.locale.span,
                    format!("this message already has a `{tag}` variant"),
                )
                .with_help("keep one variant per locale (tags compare without regard to case)"),
            );
        } else {
            seen.push(key);
        }
    }
}

fn bad_locale(tag: &str, span: Span) -> Diagnostic {
    let help = if tag.contains('_') && is_locale_tag(&tag.replace('_', "-")) {
        format!("did you mean `{}`?", tag.replace('_', "-"))
    } else {
        "write a BCP 47 tag: a two-letter language, optionally a region, such as `en`, `es` or \
         `pt-BR`"
            .to_string()
    };
    Diagnostic::error(codes::BAD_LOCALE, span, format!("`{tag}` is not a locale tag"))
        .with_help(help)
}

/// E0474: a variant longer than SMS or MMS take, on a send of those channels.
fn fits(channel: &str, m: &MessageDef, at: Span, diags: &mut Vec<Diagnostic>) {
    if !matches!(channel, "sms" | "mms") {
        return;
    }
    for v in &m.variants {
        let literal: usize = v
            .text
            .parts
            .iter()
            .map(|p| match p {
                StrPart::Text(t) => t.chars().count(),
                StrPart::Interp(_) => 0,
            })
            .sum();
        if literal > MAX_SMS_CHARS {
            diags.push(
                Diagnostic::error(
                    codes::MESSAGE_DOES_NOT_FIT,
                    at,
                    format!(
                        "the `{}` variant of this message is {literal} characters long; {channel} \
                         providers take at most {MAX_SMS_CHARS}",
                        v.locale.name
                    ),
                )
                .with_help("shorten that variant, or send this message by email"),
            );
        }
    }
}

/// The policy's `default locale` (E0473, E0479) and topics (E0478).
fn policy<'a>(
    clauses: impl Iterator<Item = (&'a ClauseKind, Span)>,
    messages: &[&MessageDef],
    diags: &mut Vec<Diagnostic>,
) {
    let mut topics: Vec<String> = Vec::new();
    for (kind, _) in clauses {
        match kind {
            ClauseKind::DefaultLocale(lit) => {
                let Some(tag) = lit.as_plain() else { continue };
                if !is_locale_tag(&tag) {
                    diags.push(bad_locale(&tag, lit.span));
                    continue;
                }
                let any = messages
                    .iter()
                    .any(|m| m.variants.iter().any(|v| v.locale.name.eq_ignore_ascii_case(&tag)));
                if !messages.is_empty() && !any {
                    diags.push(
                        Diagnostic::error(
                            codes::DEFAULT_LOCALE_UNUSED,
                            lit.span,
                            format!("no message has a `{tag}` variant"),
                        )
                        .with_help(
                            "name the locale your messages are written in first, such as `en`",
                        ),
                    );
                }
            }
            ClauseKind::Topic(t) => {
                let Some(name) = topic_name(&t.name, diags) else { continue };
                if topics.contains(&name) {
                    diags.push(
                        Diagnostic::error(
                            codes::BAD_TOPIC,
                            t.name.span,
                            format!("topic \"{name}\" is given more than once"),
                        )
                        .with_help("keep one line per topic"),
                    );
                } else {
                    topics.push(name);
                }
            }
            _ => {}
        }
    }
}

/// A topic's name, or E0478 when it is empty.
fn topic_name(lit: &crate::syntax::ast::StringLit, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let name = lit.as_plain()?;
    if name.trim().is_empty() {
        diags.push(
            Diagnostic::error(codes::BAD_TOPIC, lit.span, "the topic name is empty")
                .with_help("name the topic as `subscriptions.topics` does, such as \"promotions\""),
        );
        return None;
    }
    Some(name)
}

/// A journey's topic: E0476 (transactional), E0477 (a mode), E0478 (empty).
fn journey(j: &Journey, diags: &mut Vec<Diagnostic>) {
    let transactional = j.clauses().any(|c| matches!(c.kind, ClauseKind::Transactional));
    for c in j.clauses() {
        let ClauseKind::Topic(t) = &c.kind else { continue };
        topic_name(&t.name, diags);
        if let (Some(opt_in), Some(span)) = (t.opt_in, t.mode_span) {
            let mode = if opt_in { "opt-in" } else { "opt-out" };
            diags.push(
                Diagnostic::error(
                    codes::TOPIC_MODE_IN_JOURNEY,
                    span,
                    format!("`{mode}` belongs in the policy"),
                )
                .with_help(
                    "write `topic \"NAME\"` here and `topic \"NAME\" opt-in` in `policy { }`: \
                     every journey of a topic reads it the same way",
                ),
            );
        }
        if transactional {
            diags.push(
                Diagnostic::error(
                    codes::TOPIC_TRANSACTIONAL,
                    c.span,
                    "a `transactional` journey has no topic",
                )
                .with_help(
                    "transactional messages (a password reset, a receipt) are sent whatever the \
                     recipient's topic preferences: remove `topic`, or `transactional` if this \
                     is marketing",
                ),
            );
        }
    }
}

/// The `send CHANNEL message "ID"` options of some steps, nested blocks included.
fn sends_of<'a>(
    steps: impl IntoIterator<Item = &'a Step>,
    out: &mut Vec<(&'a str, &'a crate::syntax::ast::StringLit)>,
) {
    crate::cost::content::for_each_send(steps, &mut |_, options| {
        for o in options {
            if let Content::Message(id) = &o.content {
                out.push((o.channel.name.as_str(), id));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, with_code};
    use super::is_locale_tag;
    use crate::diagnostics::codes;

    #[test]
    fn locale_tags() {
        for ok in ["en", "es", "pt-BR", "zh-Hant-TW", "es-419", "de-CH-1996", "EN-us"] {
            assert!(is_locale_tag(ok), "{ok}");
        }
        for bad in ["", "e", "english", "pt_BR", "pt-", "en--US", "12", "en-US-x"] {
            assert!(!is_locale_tag(bad), "{bad}");
        }
    }

    const OK: &str = "policy {\n  default locale \"en\"\n  topic \"news\" opt-in\n}\n\
        message \"cart\" {\n  en \"Your cart\"\n  pt-BR \"Seu carrinho\"\n}\n\
        journey \"j\" {\n  when event \"E\"\n  topic \"news\"\n  send sms message \"cart\"\n}\n";

    #[test]
    fn a_correct_file_is_clean() {
        let diags = check_src(OK);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn every_error_with_its_help() {
        let src = "policy {\n  default locale \"fr\"\n  topic \"news\"\n  topic \"news\"\n}\n\
            message \"cart\" {\n  en \"a\"\n  EN \"b\"\n  pt_BR \"c\"\n}\n\
            message \"cart\" {\n  en \"x\"\n}\n\
            message \"idle\" {\n  en \"x\"\n}\n\
            journey \"j\" {\n  when event \"E\"\n  transactional\n  topic \"news\" opt-in\n  send sms message \"crat\"\n  send sms message \"cart\"\n}\n";
        let diags = check_src(src);
        expect_at(src, &diags, codes::DEFAULT_LOCALE_UNUSED, "\"fr\"", 0);
        expect_at(src, &diags, codes::BAD_TOPIC, "\"news\"", 1);
        expect_at(src, &diags, codes::DUPLICATE_LOCALE, "EN", 0);
        expect_at(src, &diags, codes::BAD_LOCALE, "pt_BR", 0);
        expect_at(src, &diags, codes::DUPLICATE_MESSAGE, "\"cart\"", 1);
        expect_at(src, &diags, codes::UNUSED_MESSAGE, "\"idle\"", 0);
        expect_at(src, &diags, codes::TOPIC_MODE_IN_JOURNEY, "opt-in", 0);
        expect_at(src, &diags, codes::UNKNOWN_MESSAGE, "\"crat\"", 0);
        let bad = with_code(&diags, codes::BAD_LOCALE);
        assert_eq!(bad[0].help.as_deref(), Some("did you mean `pt-BR`?"));
        let unknown = with_code(&diags, codes::UNKNOWN_MESSAGE);
        assert_eq!(unknown[0].help.as_deref(), Some("did you mean \"cart\"?"));
        assert_eq!(with_code(&diags, codes::TOPIC_TRANSACTIONAL).len(), 1);
    }

    #[test]
    fn a_variant_too_long_for_sms() {
        let long = "a".repeat(1_601);
        let src = format!(
            "message \"m\" {{\n  en \"hi\"\n  es \"{long}\"\n}}\n\
             journey \"j\" {{\n  when event \"E\"\n  send email message \"m\"\n  send sms message \"m\"\n}}\n"
        );
        let diags = check_src(&src);
        let fit = with_code(&diags, codes::MESSAGE_DOES_NOT_FIT);
        assert_eq!(fit.len(), 1, "{diags:?}");
        assert!(fit[0].message.contains("`es` variant"), "{}", fit[0].message);
    }

    #[test]
    fn empty_messages_and_topics() {
        let src = "message \"\" {\n}\njourney \"j\" {\n  when event \"E\"\n  topic \" \"\n  send sms \"x\"\n}\n";
        let diags = check_src(src);
        assert_eq!(with_code(&diags, codes::EMPTY_MESSAGE).len(), 2, "{diags:?}");
        assert_eq!(with_code(&diags, codes::BAD_TOPIC).len(), 1, "{diags:?}");
    }
}

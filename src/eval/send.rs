//! A send step (SPEC §2): channels in order, each checked for address, consent, quiet hours,
//! frequency cap and budget. A failed address, consent, cap or budget check suppresses that
//! channel and moves on; quiet hours defer the whole step; the first channel passing every
//! check is sent.

use super::expr::Scope;
use super::input::Consent;
use super::response::{Action, Decision, Reason};
use super::run::{Evaluation, RunCtx};
use super::state::SendRec;
use super::time;
use super::trace::{Quiet, Recorder, TraceEntry};
use super::value::render;
use chrono::Timelike;
use herald_lang::channel::Channel;
use herald_lang::compile::ir::{
    Content, Journey, LimitScope, Message, SendOption, Step, Text, TextPart, Variant,
};
use herald_lang::cost::format_amount;

/// The longest SMS or MMS text providers take, in characters (Twilio's limit); a longer
/// rendered text is suppressed with `too_long`.
pub const MAX_SMS_CHARS: usize = 1_600;

impl<'a> Evaluation<'a> {
    /// Run a send step. Returns the end of quiet hours when the step is deferred.
    pub fn send(
        &mut self,
        ji: u32,
        j: &'a Journey,
        step: &'a Step,
        options: &'a [SendOption],
        rc: &mut RunCtx<'a>,
    ) -> Option<i64> {
        let now = self.now();
        // The `holdout` control group (SPEC §6): the step yields one `suppress` for its first
        // channel, at cost 0, and the run goes on.
        if rc.holdout {
            if let Some(ch) = options.first().map(|o| o.channel) {
                self.note_channel(j, step, ch, "holdout", false, || {
                    "the profile is in the holdout group".to_string()
                });
                self.suppress(j, step, ch, Reason::Holdout);
            }
            return None;
        }
        // The journey's topic (SPEC §6): asked once, before any channel, since a refusal holds
        // for every channel; the step yields one `suppress` for its first channel.
        if let Some(topic) = &j.topic {
            let consent = self.ctx.profile.topic(topic.index);
            let allowed = match consent {
                Consent::Given(_) => true,
                Consent::Refused(_) => false,
                Consent::Absent => !topic.opt_in,
            };
            if let Some(ch) = options.first().map(|o| o.channel) {
                self.note_channel(j, step, ch, "topic", allowed, || {
                    topic_detail(&topic.name, topic.opt_in, consent)
                });
                if !allowed {
                    self.suppress(j, step, ch, Reason::UnsubscribedTopic);
                    return None;
                }
            }
        }
        for opt in options {
            let ch = opt.channel;
            // 1. address
            let to = if ch == Channel::Webhook {
                None
            } else {
                match self.ctx.profile.address(ch) {
                    Some(a) => {
                        let problem = address_problem(ch, a);
                        self.note_channel(j, step, ch, "address", problem.is_none(), || {
                            let shown = super::write::string_text(a);
                            match problem {
                                None => format!("profile.{} is {shown}", address_key(ch)),
                                Some(p) => format!("profile.{} is {shown}: {p}", address_key(ch)),
                            }
                        });
                        if problem.is_some() {
                            self.suppress(j, step, ch, Reason::InvalidAddress);
                            continue;
                        }
                        Some(a)
                    }
                    None => {
                        self.note_channel(j, step, ch, "address", false, || {
                            format!("profile.{} is missing or empty", address_key(ch))
                        });
                        self.suppress(j, step, ch, Reason::NoAddress);
                        continue;
                    }
                }
            };
            // 2. consent
            let consent = self.ctx.profile.consent(ch);
            let allowed = match consent {
                Consent::Given(_) => true,
                Consent::Refused(_) => false,
                Consent::Absent => !ch.needs_opt_in(),
            };
            self.note_channel(j, step, ch, "consent", allowed, || consent_detail(ch, consent));
            if !allowed {
                self.suppress(j, step, ch, Reason::Unsubscribed);
                continue;
            }
            // 3. quiet hours
            if !ch.respects_quiet_hours() && j.quiet_hours.is_some() {
                self.note_channel(j, step, ch, "quiet_hours", true, || {
                    format!("{ch} ignores quiet hours")
                });
            }
            if ch.respects_quiet_hours() {
                if let Some(q) = j.quiet_hours {
                    let tz = self.tz();
                    let end = match time::quiet_hours_at(tz, now, q.from_minute, q.to_minute) {
                        time::QuietHours::Outside => None,
                        time::QuietHours::Until(end) => Some(end),
                        time::QuietHours::Unknown => {
                            // Not sent on a guess: the request is answered with the error.
                            self.internal = Some(format!(
                                "the end of quiet hours in {} at {} could not be worked out",
                                tz.name(),
                                time::format_instant(now)
                            ));
                            return None;
                        }
                    };
                    if self.explain {
                        let zone = self.tz_detail();
                        let local = time::local_naive(tz, now)
                            .map(|n| format!("{:02}:{:02}", n.hour(), n.minute()))
                            .unwrap_or_default();
                        self.note_channel(j, step, ch, "quiet_hours", end.is_none(), || {
                            format!(
                                "local time {local} ({zone}); quiet hours {:02}:{:02} to {:02}:{:02}",
                                q.from_minute / 60,
                                q.from_minute % 60,
                                q.to_minute / 60,
                                q.to_minute % 60
                            )
                        });
                    }
                    if let Some(until) = end {
                        if self.expired(j, step, ch, until, rc) {
                            continue;
                        }
                        let mut d = Decision::new(&j.id, Some(&step.id), Action::Defer, now);
                        d.channel = Some(ch);
                        d.reason = Some(Reason::QuietHours);
                        d.until = Some(super::request::Timestamp(until));
                        self.decide(d);
                        return Some(until);
                    }
                }
            }
            // 4. frequency caps
            match self.cap_check(j, ch) {
                CapCheck::NoLimits => {}
                CapCheck::Hit(text) => {
                    self.note_channel(j, step, ch, "frequency_cap", false, || {
                        format!("limit {text} reached")
                    });
                    self.suppress(j, step, ch, Reason::FrequencyCap);
                    continue;
                }
                CapCheck::Clear => {
                    self.note_channel(j, step, ch, "frequency_cap", true, || {
                        "no limit reached".to_string()
                    });
                }
            }
            // 5. budget (needs the rendered content to price it)
            let sc = Scope { run: Some(rc.view), incoming: None, counted: None, item: None };
            let mut message = None;
            let (content, template) = match &opt.content {
                Content::Text(t) => (Some(self.render(j, step, t, &sc)), None),
                Content::Template(t) => (None, Some(self.render(j, step, t, &sc))),
                Content::Message(index) => {
                    let Some((m, variant)) = self.variant(*index) else {
                        // The compiler resolved the index: a program without it is broken.
                        self.note_channel(j, step, ch, "message", false, || {
                            "internal error: the message of this send is missing".to_string()
                        });
                        continue;
                    };
                    let locale = self.locale();
                    self.note_channel(j, step, ch, "locale", true, || {
                        let wanted = locale.map_or_else(
                            || "profile.locale is missing".to_string(),
                            |l| format!("profile.locale is {}", super::write::string_text(l)),
                        );
                        format!("{wanted}: message \"{}\" in `{}`", m.id, variant.locale)
                    });
                    message = Some((m.id.clone(), variant.locale.clone()));
                    (Some(self.render(j, step, &variant.text, &sc)), None)
                }
            };
            // The providers' limit on one SMS or MMS text (SPEC §6), after rendering.
            if matches!(ch, Channel::Sms | Channel::Mms) {
                if let Some(text) = &content {
                    // Traced only when over: a length within the limit says nothing.
                    // (A text of at most MAX_SMS_CHARS bytes has no more characters.)
                    let chars = if text.len() > MAX_SMS_CHARS { text.chars().count() } else { 0 };
                    if chars > MAX_SMS_CHARS {
                        self.note_channel(j, step, ch, "length", false, || {
                            format!(
                                "{chars} characters after rendering; the limit is {MAX_SMS_CHARS}"
                            )
                        });
                        self.suppress(j, step, ch, Reason::TooLong);
                        continue;
                    }
                }
            }
            let quote = self.pricing.quote(ch, to, content.as_deref());
            if let Some(budget) = &j.budget {
                let currency = self.pricing.currency();
                if *budget.currency == *currency.as_str() {
                    let after = rc.spent.saturating_add(quote.micros);
                    let ok = after <= budget.micros;
                    self.note_channel(j, step, ch, "budget", ok, || {
                        format!(
                            "spent {} + this message {} = {} against a budget of {} {}",
                            format_amount(rc.spent),
                            format_amount(quote.micros),
                            format_amount(after),
                            format_amount(budget.micros),
                            currency.as_str()
                        )
                    });
                    if !ok {
                        self.suppress(j, step, ch, Reason::Budget);
                        continue;
                    }
                } else {
                    // A budget that cannot be compared with the price is no budget to ignore:
                    // nothing is sent that it might forbid (SPEC §6).
                    self.note_channel(j, step, ch, "budget", false, || {
                        format!(
                            "the budget is in {} and the prices in {}: it cannot be checked, so nothing is sent",
                            budget.currency,
                            currency.as_str()
                        )
                    });
                    self.suppress(j, step, ch, Reason::Budget);
                    continue;
                }
            }
            // 6. send
            let mut d = Decision::new(&j.id, Some(&step.id), Action::Send, now);
            d.channel = Some(ch);
            d.to = to.map(str::to_owned);
            d.content = content;
            d.template = template;
            d.country = quote.country().map(str::to_owned);
            d.cost = Some(quote);
            d.message = message;
            d.run_entered = rc.entered;
            d.run_trigger_time = rc.view.time;
            self.decide(d);
            rc.spent = rc.spent.saturating_add(quote.micros);
            self.total_micros = self.total_micros.saturating_add(quote.micros);
            self.history.push(SendRec { at: now, journey: Some(ji), journey_id: "", channel: ch });
            return None;
        }
        None
    }

    /// `expire after D` (SPEC §6): whether quiet hours ending at `until` would hold this
    /// channel past the step's deadline, D after the run reached it; then the channel is
    /// suppressed with `expired` (the next channel, if any, is tried). A run woken at this step
    /// by the end of an earlier deferral and deferred again counts as expired: when it first
    /// reached the step is not kept, and a late message is what `expire after` forbids.
    fn expired(
        &mut self,
        j: &Journey,
        step: &Step,
        ch: Channel,
        until: i64,
        rc: &RunCtx<'a>,
    ) -> bool {
        let Some(limit) = step.expire_ms else {
            return false;
        };
        let deadline = time::add(self.now(), limit);
        let expired = rc.redeferred || until > deadline;
        self.note_channel(j, step, ch, "expire", !expired, || {
            if rc.redeferred {
                format!(
                    "deferred again at the end of quiet hours; expire after {}s: expired",
                    limit / 1000
                )
            } else {
                format!(
                    "quiet hours end at {}; expire after {}s allows until {}",
                    time::format_instant(until),
                    limit / 1000,
                    time::format_instant(deadline)
                )
            }
        });
        if expired {
            self.suppress(j, step, ch, Reason::Expired);
        }
        expired
    }

    /// `profile.locale` when it is a text.
    fn locale(&self) -> Option<&'a str> {
        let slot = self.ctx.prog.locale_slot()?;
        self.ctx.profile.slot(slot).and_then(herald_lang::json::Value::as_str)
    }

    /// The message of a send and its variant for the profile's locale.
    fn variant(&self, index: u32) -> Option<(&'a Message, &'a Variant)> {
        let m = self.ctx.prog.messages.get(index as usize)?;
        Some((m, m.variant_for(self.locale())?))
    }

    fn suppress(&mut self, j: &Journey, step: &Step, ch: Channel, reason: Reason) {
        let mut d = Decision::new(&j.id, Some(&step.id), Action::Suppress, self.now());
        d.channel = Some(ch);
        d.reason = Some(reason);
        self.decide(d);
    }

    fn note_channel(
        &mut self,
        j: &Journey,
        step: &Step,
        ch: Channel,
        check: &'static str,
        result: bool,
        detail: impl FnOnce() -> String,
    ) {
        if !self.explain {
            return;
        }
        self.push_trace(TraceEntry {
            journey: j.id.clone(),
            step: Some(step.id.clone()),
            check,
            channel: Some(ch),
            condition: None,
            result,
            values: Vec::new(),
            detail: Some(detail()),
        });
    }

    /// Render message text with the profile and the run's event.
    fn render(&mut self, j: &Journey, step: &Step, text: &'a Text, sc: &Scope<'a>) -> String {
        match text {
            Text::Static(s) => s.to_string(),
            Text::Parts(parts) => {
                let mut out = String::new();
                for part in parts.iter() {
                    match part {
                        TextPart::Lit(s) => out.push_str(s),
                        TextPart::Expr(c) => {
                            if self.explain {
                                let mut rec = Recorder::default();
                                let v = self.value(c, sc, &mut rec);
                                render(&mut out, &v);
                                let source = &self.ctx.prog.source;
                                let entry = TraceEntry {
                                    journey: j.id.clone(),
                                    step: Some(step.id.clone()),
                                    check: "interpolation",
                                    channel: None,
                                    condition: Some(super::trace::source_text(source, c.span)),
                                    result: !v.is_missing(),
                                    values: rec.into_values(source),
                                    detail: None,
                                };
                                self.push_trace(entry);
                            } else {
                                let v = self.value(c, sc, &mut Quiet);
                                render(&mut out, &v);
                            }
                        }
                    }
                }
                out
            }
        }
    }

    /// Whether sending on `ch` now would exceed a limit: sends in `(now − window, now]`, this
    /// request's included, against each policy limit and each of the journey's limits that
    /// counts this channel.
    fn cap_check(&self, j: &'a Journey, ch: Channel) -> CapCheck<'a> {
        let now = self.now();
        let mut any = false;
        // A transactional journey answers to its own limits only (SPEC §6).
        let policy: &'a [herald_lang::compile::ir::Limit] =
            if j.transactional { &[] } else { &self.ctx.prog.policy_limits };
        for limit in policy.iter().chain(j.limits.iter()) {
            if limit.channel.is_some_and(|c| c != ch) {
                continue;
            }
            any = true;
            let from = now.saturating_sub(limit.window_ms);
            let mut count: u64 = 0;
            for r in &self.history {
                if r.at <= from || r.at > now {
                    continue;
                }
                if limit.channel.is_some_and(|c| c != r.channel) {
                    continue;
                }
                match limit.scope {
                    LimitScope::Journey(owner) if r.journey != Some(owner) => continue,
                    LimitScope::Policy if self.ctx.prog.is_transactional(r.journey) => continue,
                    _ => {}
                }
                count += 1;
            }
            if count >= u64::from(limit.count) {
                return CapCheck::Hit(&limit.text);
            }
        }
        if any {
            CapCheck::Clear
        } else {
            CapCheck::NoLimits
        }
    }
}

enum CapCheck<'a> {
    NoLimits,
    Clear,
    Hit(&'a str),
}

fn address_key(ch: Channel) -> &'static str {
    match ch {
        Channel::Email => "email",
        Channel::Push => "push_token",
        _ => "phone",
    }
}

/// Why an address present in the profile cannot be used (SPEC §2 `invalid_address`), if it
/// cannot: a phone must be E.164 (`+`, then 8 to 15 digits, the first not 0); an email needs
/// exactly one `@` between non-empty parts and a dot in the domain. Push tokens are opaque.
pub(crate) fn address_problem(ch: Channel, address: &str) -> Option<&'static str> {
    match ch {
        Channel::Sms | Channel::Mms | Channel::Whatsapp | Channel::Voice => {
            let e164 = address.strip_prefix('+').is_some_and(|digits| {
                (8..=15).contains(&digits.len())
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && !digits.starts_with('0')
            });
            (!e164).then_some("not an E.164 number (+, then 8 to 15 digits, the first not 0)")
        }
        Channel::Email => {
            let mut parts = address.split('@');
            let ok = match (parts.next(), parts.next(), parts.next()) {
                (Some(local), Some(domain), None) => {
                    !local.is_empty() && !domain.is_empty() && domain.contains('.')
                }
                _ => false,
            };
            (!ok).then_some(
                "not an email address (one @ between non-empty parts, a dot in the domain)",
            )
        }
        Channel::Push | Channel::Webhook => None,
    }
}

fn topic_detail(name: &str, opt_in: bool, consent: &Consent<'_>) -> String {
    match consent {
        Consent::Absent if opt_in => {
            format!("subscriptions.topics.{name} is missing: the topic is opt-in")
        }
        Consent::Absent => {
            format!("subscriptions.topics.{name} is missing: allowed unless refused (opt-out)")
        }
        Consent::Given(v) => format!("subscriptions.topics.{name} is {v}: consent"),
        Consent::Refused(v) => format!(
            "subscriptions.topics.{name} is {v}: refused (only \"subscribed\", \"opted_in\" or true consent)"
        ),
    }
}

fn consent_detail(ch: Channel, consent: &Consent<'_>) -> String {
    match consent {
        Consent::Absent if ch.needs_opt_in() => {
            format!("subscriptions.{ch} is missing: {ch} needs consent (opt-in)")
        }
        Consent::Absent => {
            format!("subscriptions.{ch} is missing: {ch} is allowed unless refused (opt-out)")
        }
        Consent::Given(v) => format!("subscriptions.{ch} is {v}: consent"),
        Consent::Refused(v) => format!(
            "subscriptions.{ch} is {v}: refused (only \"subscribed\", \"opted_in\" or true consent)"
        ),
    }
}

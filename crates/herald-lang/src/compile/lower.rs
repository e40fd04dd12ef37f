//! Journeys and steps: AST → `ir`. Steps are flattened in source order (a step, then the steps
//! of its blocks), each with its stable id and its continuation (`next`).

use super::ir::{self, EventScope, LimitScope, StepIdx};
use super::names::{EventNames, FnvMap, ProfileKeys};
use crate::channel::Channel;
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{self, ClauseKind, Content, Item, StepKind};
use crate::tz::Tz;
use std::sync::Arc;

/// The profile key that chooses a message's variant (SPEC §6).
pub const LOCALE_KEY: &str = "locale";

/// Everything a compiled file holds besides its source and AST.
pub(crate) struct Lowered {
    pub journeys: Vec<ir::Journey>,
    pub segments: Vec<ir::Expr>,
    pub policy_limits: Vec<ir::Limit>,
    pub default_tz: Tz,
    pub names: EventNames,
    pub keys: ProfileKeys,
    pub event_keys: ProfileKeys,
    pub max_past_window_ms: i64,
    pub messages: Vec<ir::Message>,
    pub topics: Vec<Arc<str>>,
}

pub(crate) struct Lowerer<'f> {
    pub diags: Vec<Diagnostic>,
    pub names: EventNames,
    pub keys: ProfileKeys,
    pub event_keys: ProfileKeys,
    pub segments: Vec<ir::Expr>,
    pub segment_defs: FnvMap<&'f str, &'f ast::SegmentDef>,
    pub segment_cache: FnvMap<(&'f str, EventScope), u32>,
    pub segments_in_progress: Vec<&'f str>,
    /// The longest `within` of the reads of past events (`reads_past_events`).
    pub max_past_window_ms: i64,
    /// The messages by id (the first of an id; the checker rejects a second).
    pub message_index: FnvMap<String, u32>,
    /// The policy's topics and whether each is opt-in.
    pub policy_topics: Vec<(String, bool)>,
    /// The topics journeys name, in order of first use.
    pub topics: Vec<Arc<str>>,
}

/// Lower a checked file: `build` runs the checker first and lowers only a file without errors.
/// The lowerer takes what the checker proved (channels, limits, times of day, money, time zones,
/// steps, functions and segments are known and well formed) and does not judge them again: a
/// case the checker excludes that reaches it is a bug of herald's, reported as one internal
/// error (`Lowerer::unproven`, E0309) rather than a second, differently worded diagnostic.
pub(crate) fn lower(file: &ast::File) -> Result<Lowered, Vec<Diagnostic>> {
    let mut l = Lowerer {
        diags: Vec::new(),
        names: EventNames::default(),
        keys: ProfileKeys::default(),
        event_keys: ProfileKeys::default(),
        segments: Vec::new(),
        segment_defs: FnvMap::default(),
        segment_cache: FnvMap::default(),
        segments_in_progress: Vec::new(),
        max_past_window_ms: 0,
        message_index: FnvMap::default(),
        policy_topics: Vec::new(),
        topics: Vec::new(),
    };
    for item in &file.items {
        if let Item::Segment(s) = item {
            l.segment_defs.entry(s.name.name.as_str()).or_insert(s);
        }
    }
    // The policy first: journeys inherit its quiet hours.
    let mut policy_limits = Vec::new();
    let mut policy_quiet = None;
    let mut default_tz = Tz::UTC;
    let mut default_locale: Option<String> = None;
    for item in &file.items {
        let Item::Policy(p) = item else { continue };
        for clause in &p.clauses {
            match &clause.kind {
                ClauseKind::Limit(limit) => {
                    if let Some(lim) = l.limit(limit, LimitScope::Policy) {
                        policy_limits.push(lim);
                    }
                }
                ClauseKind::QuietHours(q) => policy_quiet = l.quiet_hours(q),
                ClauseKind::Timezone(s) => {
                    if let Some(name) = l.plain_string(s) {
                        match name.parse::<Tz>() {
                            Ok(tz) => default_tz = tz,
                            Err(_) => l.unproven(s.span, "an unknown time zone (E0206)"),
                        }
                    }
                }
                ClauseKind::DefaultLocale(s) => default_locale = l.plain_string(s),
                ClauseKind::Topic(t) => {
                    if let Some(name) = l.plain_string(&t.name) {
                        l.policy_topics.push((name, t.opt_in == Some(true)));
                    }
                }
                _ => {}
            }
        }
    }
    let messages = l.messages(file, default_locale.as_deref());
    let mut journeys = Vec::new();
    for item in &file.items {
        if let Item::Journey(j) = item {
            let index = u32::try_from(journeys.len()).unwrap_or(u32::MAX);
            journeys.push(l.journey(j, index, policy_quiet));
        }
    }
    if l.diags.iter().any(Diagnostic::is_error) {
        return Err(l.diags);
    }
    Ok(Lowered {
        journeys,
        segments: l.segments,
        policy_limits,
        default_tz,
        names: l.names,
        keys: l.keys,
        event_keys: l.event_keys,
        max_past_window_ms: l.max_past_window_ms,
        messages,
        topics: l.topics,
    })
}

/// Steps being flattened: each step's child blocks are linked once all indices are known.
struct Flat {
    steps: Vec<ir::Step>,
    /// Per step, the step indices of each of its blocks (in the order `link` wires them).
    children: Vec<Vec<Vec<StepIdx>>>,
}

impl<'f> Lowerer<'f> {
    /// Every `message` item (the first of each id), its variants' text compiled like send text.
    /// A program with messages reads `profile.locale`.
    fn messages(&mut self, file: &'f ast::File, default_locale: Option<&str>) -> Vec<ir::Message> {
        let mut out = Vec::new();
        for item in &file.items {
            let Item::Message(m) = item else { continue };
            let Some(id) = self.plain_string(&m.id) else { continue };
            if self.message_index.contains_key(&id) {
                continue;
            }
            let index = u32::try_from(out.len()).unwrap_or(u32::MAX);
            self.message_index.insert(id.clone(), index);
            let variants: Box<[ir::Variant]> = m
                .variants
                .iter()
                .map(|v| ir::Variant {
                    locale: v.locale.name.as_str().into(),
                    text: self.text(&v.text),
                })
                .collect();
            let fallback = default_locale
                .and_then(|d| variants.iter().position(|v| v.locale.eq_ignore_ascii_case(d)))
                .and_then(|i| u32::try_from(i).ok())
                .unwrap_or(0);
            out.push(ir::Message { id: id.into(), variants, fallback });
        }
        if !out.is_empty() {
            self.keys.slot(LOCALE_KEY);
        }
        out
    }

    /// A journey's `topic "NAME"`, interned in the program's topics.
    fn topic(&mut self, name: &ast::StringLit) -> Option<ir::Topic> {
        let name = self.plain_string(name)?;
        let opt_in = self.policy_topics.iter().any(|(n, opt_in)| *n == name && *opt_in);
        let index = match self.topics.iter().position(|t| **t == *name) {
            Some(i) => i,
            None => {
                self.topics.push(name.as_str().into());
                self.topics.len() - 1
            }
        };
        let index = u32::try_from(index).ok()?;
        Some(ir::Topic { name: name.into(), index, opt_in })
    }

    fn journey(
        &mut self,
        j: &'f ast::Journey,
        index: u32,
        policy_quiet: Option<ir::QuietHours>,
    ) -> ir::Journey {
        // No default escapes: `plain_string` has reported an internal error, so `build` refuses
        // the file (the same holds for each `unwrap_or` after a lowerer's check below).
        let id: Arc<str> = self.plain_string(&j.id).unwrap_or_default().into();
        let mut out = ir::Journey {
            id,
            triggers: Vec::new(),
            audience: None,
            exits: Vec::new(),
            reentry: ir::Reentry::Never,
            limits: Vec::new(),
            quiet_hours: policy_quiet,
            transactional: false,
            budget: None,
            steps: Vec::new(),
            first: None,
            exit_conditions: Vec::new(),
            key: None,
            holdout_buckets: None,
            trait_triggers: Vec::new(),
            topic: None,
        };
        for clause in j.clauses() {
            match &clause.kind {
                ClauseKind::When(m) => {
                    if let Some(m) = self.event_match(m, EventScope::Run) {
                        out.triggers.push(m);
                    }
                }
                ClauseKind::Audience(e) => {
                    let c = self.cond(e, EventScope::Run);
                    out.audience = Some(match out.audience.take() {
                        None => c,
                        Some(prev) => ir::Cond {
                            span: prev.span.to(c.span),
                            expr: ir::Expr::And(Box::new(prev.expr), Box::new(c.expr)),
                        },
                    });
                }
                ClauseKind::ExitWhen(m) => {
                    if let Some(m) = self.event_match(m, EventScope::Incoming) {
                        out.exits.push(m);
                    }
                }
                ClauseKind::Reentry(r) => {
                    out.reentry = match r {
                        ast::Reentry::Never => ir::Reentry::Never,
                        ast::Reentry::Always => ir::Reentry::Always,
                        ast::Reentry::Restart => ir::Reentry::Restart,
                        ast::Reentry::After(d) => ir::Reentry::After(self.duration_ms(d)),
                    }
                }
                ClauseKind::Limit(limit) => {
                    if let Some(lim) = self.limit(limit, LimitScope::Journey(index)) {
                        out.limits.push(lim);
                    }
                }
                ClauseKind::QuietHours(q) => out.quiet_hours = self.quiet_hours(q),
                ClauseKind::Budget(m) => out.budget = self.budget(m),
                ClauseKind::Timezone(_) | ClauseKind::DefaultLocale(_) => {}
                ClauseKind::Topic(t) => out.topic = self.topic(&t.name),
                ClauseKind::Transactional => out.transactional = true,
                ClauseKind::ExitIf(e) => out.exit_conditions.push(self.cond(e, EventScope::Run)),
                ClauseKind::Key(e) => out.key = Some(self.cond(e, EventScope::Run)),
                ClauseKind::Holdout(p) => {
                    let buckets = (p.value * 100.0).round().clamp(0.0, 10_000.0) as u32;
                    out.holdout_buckets = Some(buckets);
                }
                ClauseKind::WhenChanges(t) => {
                    let to = t.to.as_deref().map(|e| self.cond(e, EventScope::Run));
                    out.trait_triggers.push(ir::TraitTrigger {
                        key: t.key.key.as_str().into(),
                        slot: self.keys.slot(&t.key.key),
                        to,
                    });
                }
            }
        }
        if out.transactional {
            // Only the journey's own quiet hours hold (SPEC §6).
            out.quiet_hours = j.clauses().find_map(|c| match &c.kind {
                ClauseKind::QuietHours(q) => self.quiet_hours(q),
                _ => None,
            });
        }
        let mut flat = Flat { steps: Vec::new(), children: Vec::new() };
        let top: Vec<&'f ast::Step> = j.steps().collect();
        let top_idx = self.block(&mut flat, &top, "");
        link(&mut flat, &top_idx, None);
        out.first = top_idx.first().copied();
        out.steps = flat.steps;
        out
    }

    /// Flatten the steps of one block; returns their indices. `prefix` is the id of the block
    /// (`""` at the top, `"2.else."` inside).
    fn block(&mut self, flat: &mut Flat, steps: &[&'f ast::Step], prefix: &str) -> Vec<StepIdx> {
        let mut indices = Vec::with_capacity(steps.len());
        for (k, step) in steps.iter().enumerate() {
            let id = format!("{prefix}{}", k + 1);
            let idx = StepIdx::try_from(flat.steps.len()).unwrap_or(StepIdx::MAX);
            indices.push(idx);
            // Reserve the slot: the step's own blocks come right after it.
            flat.steps.push(ir::Step {
                id: id.as_str().into(),
                kind: ir::StepKind::Stop,
                next: None,
                span: step.span,
                expire_ms: step.expire.as_ref().map(|d| self.duration_ms(d)),
                fingerprint: 0,
            });
            flat.children.push(Vec::new());
            let (kind, blocks) = self.step(flat, step, &id);
            if let Some(s) = flat.steps.get_mut(idx as usize) {
                s.kind = kind;
            }
            if let Some(c) = flat.children.get_mut(idx as usize) {
                *c = blocks;
            }
        }
        indices
    }

    fn sub(&mut self, flat: &mut Flat, block: &'f ast::Block, prefix: String) -> Vec<StepIdx> {
        let steps: Vec<&'f ast::Step> = block.steps.iter().collect();
        self.block(flat, &steps, &prefix)
    }

    /// One step's kind and the indices of its blocks' steps. Block entry points are patched in
    /// by `link`, which knows them only once every block is flattened.
    fn step(
        &mut self,
        flat: &mut Flat,
        step: &'f ast::Step,
        id: &str,
    ) -> (ir::StepKind, Vec<Vec<StepIdx>>) {
        match &step.kind {
            StepKind::Send(options) => {
                let opts = options
                    .iter()
                    .filter_map(|o| {
                        let channel = self.channel(&o.channel)?;
                        let content = match &o.content {
                            Content::Text(t) => ir::Content::Text(self.text(t)),
                            Content::Template(t) => ir::Content::Template(self.text(t)),
                            Content::Message(id) => {
                                let id = self.plain_string(id)?;
                                ir::Content::Message(*self.message_index.get(&id)?)
                            }
                        };
                        Some(ir::SendOption { channel, content })
                    })
                    .collect();
                (ir::StepKind::Send(opts), Vec::new())
            }
            StepKind::Wait(d) => (ir::StepKind::Wait { ms: self.duration_ms(d) }, Vec::new()),
            StepKind::WaitUntil(t) => {
                // `time_of_day` reported an internal error when it gives nothing: never compiled.
                let minute_of_day = self.time_of_day(t).unwrap_or(0);
                (ir::StepKind::WaitUntil { minute_of_day }, Vec::new())
            }
            StepKind::WaitUntilDays { time, days } => {
                let minute_of_day = self.time_of_day(time).unwrap_or(0);
                let days = days.iter().filter_map(|d| crate::syntax::days::mask_of(&d.name));
                let days = days.fold(0, |all, d| all | d);
                (ir::StepKind::WaitUntilDays { minute_of_day, days }, Vec::new())
            }
            StepKind::WaitUntilExpr(e) => {
                (ir::StepKind::WaitUntilAt { at: self.cond(e, EventScope::Run) }, Vec::new())
            }
            StepKind::Digest(ast::DigestUntil::For(d)) => {
                (ir::StepKind::Digest(ir::DigestClose::For { ms: self.duration_ms(d) }), Vec::new())
            }
            StepKind::Digest(ast::DigestUntil::Until(t)) => {
                let minute_of_day = self.time_of_day(t).unwrap_or(0);
                (ir::StepKind::Digest(ir::DigestClose::Until { minute_of_day }), Vec::new())
            }
            StepKind::WaitFor { event, within, body, timeout } => {
                let m = self.event_match(event, EventScope::Incoming);
                let within_ms = self.duration_ms(within);
                let body_idx = self.sub(flat, body, format!("{id}.event."));
                let timeout_idx = match timeout {
                    Some(t) => self.sub(flat, t, format!("{id}.timeout.")),
                    None => Vec::new(),
                };
                let kind = match m {
                    Some(event) => {
                        ir::StepKind::WaitFor { event, within_ms, body: None, timeout: None }
                    }
                    None => ir::StepKind::Wait { ms: within_ms },
                };
                (kind, vec![body_idx, timeout_idx])
            }
            StepKind::If { branches, otherwise } => {
                let mut conds = Vec::with_capacity(branches.len());
                let mut blocks = Vec::with_capacity(branches.len() + 1);
                for (i, (cond, block)) in branches.iter().enumerate() {
                    let c = self.cond(cond, EventScope::Run);
                    let prefix =
                        if i == 0 { format!("{id}.then.") } else { format!("{id}.elif{i}.") };
                    blocks.push(self.sub(flat, block, prefix));
                    conds.push((c, None));
                }
                blocks.push(match otherwise {
                    Some(b) => self.sub(flat, b, format!("{id}.else.")),
                    None => Vec::new(),
                });
                (ir::StepKind::If { branches: conds.into(), otherwise: None }, blocks)
            }
            StepKind::Split(arms) => {
                let mut out = Vec::with_capacity(arms.len());
                let mut blocks = Vec::with_capacity(arms.len());
                let mut end: u32 = 0;
                for (i, arm) in arms.iter().enumerate() {
                    let buckets = (arm.percent.value * 100.0).round().clamp(0.0, 10_000.0) as u32;
                    end = end.saturating_add(buckets).min(10_000);
                    // Rounding (or an unchecked sum) must not leave buckets to nobody.
                    let end_bucket = if i + 1 == arms.len() { 10_000 } else { end };
                    blocks.push(self.sub(flat, &arm.body, format!("{id}.arm{}.", i + 1)));
                    out.push(ir::SplitArm {
                        end_bucket,
                        percent_text: format!("{}%", arm.percent.text).into(),
                        first: None,
                    });
                }
                (ir::StepKind::Split { arms: out.into() }, blocks)
            }
            StepKind::Stop => (ir::StepKind::Stop, Vec::new()),
            StepKind::Set { key, value } => {
                let value = self.cond(value, EventScope::Run);
                let slot = self.keys.slot(&key.key);
                (ir::StepKind::Set { key: key.key.as_str().into(), slot, value }, Vec::new())
            }
            StepKind::Unknown(word) => {
                self.unproven(word.span, "an unknown step (E0105)");
                (ir::StepKind::Stop, Vec::new())
            }
        }
    }

    fn event_match(&mut self, m: &'f ast::EventMatch, scope: EventScope) -> Option<ir::EventMatch> {
        let name = self.plain_string(&m.name)?;
        let id = self.names.intern(&name);
        let condition = m.condition.as_deref().map(|c| self.cond(c, scope));
        Some(ir::EventMatch { name: id, condition })
    }

    /// A case the checker excludes reached the compiler: one internal error naming it (the
    /// checker's code in brackets, for whoever reads the bug report).
    pub(crate) fn unproven(&mut self, span: ast::Span, what: &str) {
        self.diags.push(Diagnostic::error(
            codes::INTERNAL,
            span,
            format!("internal error: {what} reached the compiler past the checker"),
        ));
    }

    fn channel(&mut self, ident: &ast::Ident) -> Option<Channel> {
        let found = Channel::from_name(&ident.name);
        if found.is_none() {
            self.unproven(ident.span, "an unknown channel (E0102)");
        }
        found
    }

    fn limit(&mut self, limit: &ast::Limit, scope: LimitScope) -> Option<ir::Limit> {
        let value = limit.count.value;
        if !(value >= 1.0 && value.fract() == 0.0 && value <= f64::from(u32::MAX)) {
            self.unproven(limit.count.span, "a limit that is no whole number (E0209)");
            return None;
        }
        let channel = match &limit.channel {
            None => None,
            Some(c) => Some(self.channel(c)?),
        };
        let what = channel.map_or("messages", Channel::name);
        let d = &limit.window;
        let unit = d.unit.singular();
        let plural = if d.amount == 1 { "" } else { "s" };
        Some(ir::Limit {
            count: value as u32,
            channel,
            window_ms: self.duration_ms(d),
            scope,
            text: format!("{} {what} per {} {unit}{plural}", limit.count.text, d.amount).into(),
        })
    }

    fn time_of_day(&mut self, t: &ast::TimeOfDay) -> Option<u32> {
        if t.hour > 23 || t.minute > 59 {
            self.unproven(t.span, "a time of day past 23:59 (E0205)");
            return None;
        }
        Some(t.hour * 60 + t.minute)
    }

    fn quiet_hours(&mut self, q: &ast::QuietHours) -> Option<ir::QuietHours> {
        let from = self.time_of_day(&q.from);
        let to = self.time_of_day(&q.to);
        Some(ir::QuietHours { from_minute: from?, to_minute: to? })
    }

    fn budget(&mut self, m: &ast::Money) -> Option<ir::Budget> {
        match crate::check::money_micros(&m.amount) {
            Some(micros) => Some(ir::Budget { micros, currency: m.currency.as_str().into() }),
            None => {
                self.unproven(m.span, "an amount that is no money (E0208)");
                None
            }
        }
    }
}

/// Wire continuations: each step of `block` continues with the next one, the last with `cont`;
/// each step's blocks continue with that step's continuation. Then fill in block entry points.
fn link(flat: &mut Flat, block: &[StepIdx], cont: Option<StepIdx>) {
    for (k, &idx) in block.iter().enumerate() {
        let next = block.get(k + 1).copied().or(cont);
        if let Some(s) = flat.steps.get_mut(idx as usize) {
            s.next = next;
        }
        let children = flat.children.get(idx as usize).cloned().unwrap_or_default();
        for child in &children {
            link(flat, child, next);
        }
        let first = |i: usize| children.get(i).and_then(|b| b.first().copied());
        if let Some(s) = flat.steps.get_mut(idx as usize) {
            match &mut s.kind {
                ir::StepKind::WaitFor { body, timeout, .. } => {
                    *body = first(0);
                    *timeout = first(1);
                }
                ir::StepKind::If { branches, otherwise } => {
                    for (i, b) in branches.iter_mut().enumerate() {
                        b.1 = first(i);
                    }
                    *otherwise = first(branches.len());
                }
                ir::StepKind::Split { arms } => {
                    for (i, a) in arms.iter_mut().enumerate() {
                        a.first = first(i);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::codes;

    /// Every example of docs/diagnostics.md that parses but that the checker refuses: lowering
    /// it anyway (as `build` never does) gives internal errors only, never a diagnostic of its
    /// own whose wording could drift from the checker's.
    #[test]
    fn the_compiler_takes_what_the_checker_proved() {
        let mut tripped = Vec::new();
        for (code, examples) in crate::check::docs_tests::sections() {
            for example in examples {
                let Ok(file) = crate::syntax::parse(&example) else { continue };
                if !crate::check::check(&file).iter().any(|d| d.is_error()) {
                    continue;
                }
                if let Err(diags) = super::lower(&file) {
                    assert!(!diags.is_empty());
                    for d in &diags {
                        assert_eq!(d.code, codes::INTERNAL, "{code}: {d:?}\n{example}");
                        assert!(d.message.starts_with("internal error: "), "{}", d.message);
                    }
                    tripped.push(code);
                }
            }
        }
        // The cases the lowerer meets first-hand (channels, limits, times of day, money, time
        // zones, steps, functions, segments, interpolation) are among them.
        for code in ["E0102", "E0103", "E0104", "E0105", "E0109", "E0205", "E0206", "E0209"] {
            assert!(tripped.contains(&code), "{code} never reached the lowerer: {tripped:?}");
        }
    }
}

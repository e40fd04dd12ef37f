//! The payload of a saved program (`Program::save` in the crate `herald-engine`): `ProgramData`
//! written field by field, by hand, in postcard's wire format (postcard 1.0's specification):
//!
//! - unsigned integers as LEB128 varints (`u8` as one raw byte), signed ones zigzagged first;
//!   `usize` as a `u64`; `f64` as 8 bytes little-endian; `bool` as one byte, 0 or 1;
//! - text and sequences: their length as a varint, then the bytes or the items; maps likewise,
//!   each key before its value; fixed-size arrays and tuples: their items, no length;
//! - `Option`: 0 for none, 1 then the value; an enum: its variant's index as a varint, then the
//!   variant's fields; a struct: its fields in declaration order.
//!
//! Why by hand rather than serde and postcard: size. The derived `Deserialize` visitors of these
//! types with postcard's reader were 47 KB of the runtime WebAssembly module's code, and
//! postcard's writer with the derived `Serialize` about 45 KB of the main one's; these are 15 KB
//! and 12 KB (docs/wasm.md, "Compiled programs"). The bytes are the same as postcard's: the tests
//! compare the two on every program of the examples, fixtures and conformance cases (postcard
//! stays, as a dev-dependency, with the serde derives in tests only).
//!
//! Reading is total: any bytes give a value or a `DecodeError`, never a panic. A length is never
//! trusted beyond the bytes that remain (every item takes at least one byte), expressions are
//! nested at most `MAX_DEPTH` deep (the stack stays small), and the reader accepts only what the
//! writer writes (shortest varints, maps in key order, tables without repeated names), so a
//! payload that reads writes back to the very same bytes.

use super::ir::*;
use super::names::{EventNames, FnvMap, Interner, ProfileKeys};
use super::{EventWindow, ProgramData};
use crate::channel::Channel;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::syntax::ast::Span;
use crate::tz::Tz;
use std::sync::Arc;

/// Deepest expression read: the parser refuses expressions deeper than `MAX_EXPR_DEPTH` and the
/// compiler maps each level of the syntax tree to one level of `Expr`, so a saved program stays
/// below this; a deeper one was not written by `save`.
pub const MAX_DEPTH: usize = 2 * crate::syntax::MAX_EXPR_DEPTH;

/// Why a payload could not be read: the first problem met, most with its offset in the payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("it ends within a value")]
    End,
    #[error("a malformed number at byte {0}")]
    Number(usize),
    #[error("an impossible tag at byte {0}")]
    Tag(usize),
    #[error("an impossible length at byte {0}")]
    Length(usize),
    #[error("text that is not UTF-8 at byte {0}")]
    Utf8(usize),
    #[error("an unknown {0} at byte {1}")]
    Unknown(&'static str, usize),
    #[error("a table out of order at byte {0}")]
    Order(usize),
    #[error("expressions nested deeper than {MAX_DEPTH} levels")]
    TooDeep,
}

/// Writes a value in the saved form.
pub trait Encode {
    fn encode(&self, out: &mut Vec<u8>);
}

/// Reads a value in the saved form. Reading never stops half-way through a value: at the first
/// problem the reader records it (`Reader::finish` returns it), stops consuming bytes, and every
/// read after it gives a placeholder (zero, empty, the first variant), so a decoder is a straight
/// sequence of reads, without the error paths (and the drops of half-built values) that would
/// otherwise make up most of its code.
pub trait Decode: Sized {
    fn decode(r: &mut Reader<'_>) -> Self;
}

/// The whole payload of a program.
pub fn to_bytes(data: &ProgramData) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.source.len() * 2 + 256);
    data.encode(&mut out);
    out
}

/// A program from a payload, and how many bytes follow it.
pub fn from_bytes(bytes: &[u8]) -> Result<(ProgramData, usize), DecodeError> {
    let mut r = Reader::new(bytes);
    let data = ProgramData::decode(&mut r);
    r.finish()?;
    Ok((data, r.remaining()))
}

/// Reads a payload, keeping the first problem it meets.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    error: Option<DecodeError>,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0, depth: 0, error: None }
    }

    /// The first problem met, if any.
    pub fn finish(&self) -> Result<(), DecodeError> {
        match &self.error {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// The bytes not read yet (none after a problem).
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Records the first problem and stops reading: every later read gives a placeholder.
    fn fail(&mut self, e: DecodeError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
        self.at = self.bytes.len();
    }

    fn byte(&mut self) -> u8 {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                b
            }
            None => {
                self.fail(DecodeError::End);
                0
            }
        }
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let bytes = self.bytes;
        match self.at.checked_add(n).and_then(|end| Some((end, bytes.get(self.at..end)?))) {
            Some((end, slice)) => {
                self.at = end;
                slice
            }
            None => {
                self.fail(DecodeError::End);
                &[]
            }
        }
    }

    /// A varint of at most `max` bytes whose last byte is at most `last` (so the value fits),
    /// written in the fewest bytes.
    fn varint(&mut self, max: u32, last: u8) -> u64 {
        let start = self.at;
        let mut out = 0u64;
        for i in 0..max {
            let b = self.byte();
            out |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                if (i + 1 == max && b > last) || (i > 0 && b == 0) {
                    break;
                }
                return out;
            }
        }
        self.fail(DecodeError::Number(start));
        0
    }

    /// Five bytes, the last at most 0x0f: always a `u32`.
    fn u32(&mut self) -> u32 {
        self.varint(5, 0x0f) as u32
    }

    fn u64(&mut self) -> u64 {
        self.varint(10, 0x01)
    }

    fn usize(&mut self) -> usize {
        let start = self.at;
        let n = self.u64();
        usize::try_from(n).unwrap_or_else(|_| {
            self.fail(DecodeError::Number(start));
            0
        })
    }

    /// The length of a text or a sequence: at most the bytes that remain (every item of every
    /// sequence here takes at least one byte).
    fn len(&mut self) -> usize {
        let start = self.at;
        let n = self.usize();
        if n > self.remaining() {
            self.fail(DecodeError::Length(start));
            return 0;
        }
        n
    }

    fn str(&mut self) -> &'a str {
        let start = self.at;
        let n = self.len();
        let bytes = self.take(n);
        std::str::from_utf8(bytes).unwrap_or_else(|_| {
            self.fail(DecodeError::Utf8(start));
            ""
        })
    }

    /// An enum's variant index, as `(index, where it starts)`.
    fn tag(&mut self) -> (u32, usize) {
        let start = self.at;
        (self.u32(), start)
    }

    /// An impossible variant index: recorded; the caller gives a placeholder.
    fn bad_tag(&mut self, at: usize) {
        self.fail(DecodeError::Tag(at));
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_varint(out, n as u64);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_tag(out: &mut Vec<u8>, tag: u32) {
    put_varint(out, u64::from(tag));
}

// ---- primitives and containers ----

impl Encode for bool {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
}

impl Decode for bool {
    fn decode(r: &mut Reader<'_>) -> Self {
        let start = r.at;
        match r.byte() {
            0 => false,
            1 => true,
            _ => {
                r.bad_tag(start);
                false
            }
        }
    }
}

impl Encode for u8 {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(*self);
    }
}

impl Decode for u8 {
    fn decode(r: &mut Reader<'_>) -> Self {
        r.byte()
    }
}

impl Encode for u32 {
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(out, u64::from(*self));
    }
}

impl Decode for u32 {
    fn decode(r: &mut Reader<'_>) -> Self {
        r.u32()
    }
}

impl Encode for u64 {
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(out, *self);
    }
}

impl Decode for u64 {
    fn decode(r: &mut Reader<'_>) -> Self {
        r.u64()
    }
}

impl Encode for usize {
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(out, *self as u64);
    }
}

impl Decode for usize {
    fn decode(r: &mut Reader<'_>) -> Self {
        r.usize()
    }
}

/// Zigzag: 0, -1, 1, -2, … as 0, 1, 2, 3, ….
impl Encode for i64 {
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(out, ((*self << 1) ^ (*self >> 63)) as u64);
    }
}

impl Decode for i64 {
    fn decode(r: &mut Reader<'_>) -> Self {
        let u = r.u64();
        ((u >> 1) as i64) ^ -((u & 1) as i64)
    }
}

impl Encode for f64 {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
}

impl Decode for f64 {
    fn decode(r: &mut Reader<'_>) -> Self {
        let bytes: [u8; 8] = r.take(8).try_into().unwrap_or_default();
        f64::from_le_bytes(bytes)
    }
}

impl Encode for str {
    fn encode(&self, out: &mut Vec<u8>) {
        put_str(out, self);
    }
}

impl Encode for String {
    fn encode(&self, out: &mut Vec<u8>) {
        put_str(out, self);
    }
}

impl Decode for String {
    fn decode(r: &mut Reader<'_>) -> Self {
        r.str().to_string()
    }
}

impl Decode for Arc<str> {
    fn decode(r: &mut Reader<'_>) -> Self {
        Arc::from(r.str())
    }
}

impl Decode for Box<str> {
    fn decode(r: &mut Reader<'_>) -> Self {
        Box::from(r.str())
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        (**self).encode(out);
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(r: &mut Reader<'_>) -> Self {
        Box::new(T::decode(r))
    }
}

impl<T: Encode + ?Sized> Encode for Arc<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        (**self).encode(out);
    }
}

impl<T: Decode> Decode for Arc<T> {
    fn decode(r: &mut Reader<'_>) -> Self {
        Arc::new(T::decode(r))
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, out: &mut Vec<u8>) {
        put_len(out, self.len());
        for item in self {
            item.encode(out);
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        self.as_slice().encode(out);
    }
}

/// A length, then the items: reading stops at the first problem (the length is at most the
/// bytes that remain, so a damaged one cannot make it allocate much either).
impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader<'_>) -> Self {
        let n = r.len();
        let mut out = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            if r.failed() {
                break;
            }
            out.push(T::decode(r));
        }
        out
    }
}

impl<T: Decode> Decode for Box<[T]> {
    fn decode(r: &mut Reader<'_>) -> Self {
        Vec::decode(r).into_boxed_slice()
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.encode(out);
            }
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(r: &mut Reader<'_>) -> Self {
        bool::decode(r).then(|| T::decode(r))
    }
}

impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self, out: &mut Vec<u8>) {
        self.0.encode(out);
        self.1.encode(out);
    }
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(r: &mut Reader<'_>) -> Self {
        let a = A::decode(r);
        (a, B::decode(r))
    }
}

/// Seven items, no length (`[T; 7]`, the price table's rows by channel).
impl<T: Encode> Encode for [T; 7] {
    fn encode(&self, out: &mut Vec<u8>) {
        for item in self {
            item.encode(out);
        }
    }
}

impl<T: Decode> Decode for [T; 7] {
    fn decode(r: &mut Reader<'_>) -> Self {
        std::array::from_fn(|_| T::decode(r))
    }
}

/// A value saved as text and read back through a table of what this build knows (a time zone,
/// a diagnostic code, a currency, a country); `otherwise` stands in for an unknown one.
pub(crate) fn named<T>(
    r: &mut Reader<'_>,
    what: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
    otherwise: T,
) -> T {
    let start = r.at;
    let text = r.str();
    parse(text).unwrap_or_else(|| {
        r.fail(DecodeError::Unknown(what, start));
        otherwise
    })
}

/// Structs: every field in order, both ways.
macro_rules! fields {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Encode for $ty {
            fn encode(&self, out: &mut Vec<u8>) {
                $( self.$field.encode(out); )*
            }
        }
        impl Decode for $ty {
            fn decode(r: &mut Reader<'_>) -> Self {
                $ty { $( $field: Decode::decode(r), )* }
            }
        }
    };
}

/// Enums without fields: the variant's index, both ways (the list is the variants in
/// declaration order; a test checks each reads back as itself).
macro_rules! unit_enum {
    ($ty:ident [$first:ident $(, $variant:ident)* $(,)?]) => {
        impl Encode for $ty {
            fn encode(&self, out: &mut Vec<u8>) {
                put_tag(out, *self as u32);
            }
        }
        impl Decode for $ty {
            fn decode(r: &mut Reader<'_>) -> Self {
                const ALL: &[$ty] = &[$ty::$first, $( $ty::$variant, )*];
                let (tag, at) = r.tag();
                match ALL.get(tag as usize) {
                    Some(v) => *v,
                    None => {
                        r.bad_tag(at);
                        $ty::$first
                    }
                }
            }
        }
    };
}

unit_enum!(Channel [Sms, Mms, Whatsapp, Voice, Email, Push, Webhook]);
unit_enum!(Severity [Error, Warning]);
unit_enum!(EventScope [Run, Incoming, Counted]);
unit_enum!(CmpOp [Eq, Ne, Lt, Le, Gt, Ge, In, Contains, StartsWith, EndsWith]);
unit_enum!(ArithOp [Add, Sub, Mul, Div]);
unit_enum!(Func [DaysSince, HoursSince, Lower, Upper, Len]);
unit_enum!(AggKind [Sum, Min, Max, Avg, Last]);
unit_enum!(Builtin [
    Year, Month, Day, Hour, Minute, Weekday, DaysUntil, HoursUntil, Default, Capitalize, Trim,
    ToNumber, Round, Floor, Ceil, FormatNumber, FormatMoney, FormatDate,
]);

// ---- the program ----

fields!(Span { start, end });
fields!(Cond { expr, span });
fields!(EventMatch { name, condition });
fields!(Limit { count, channel, window_ms, scope, text });
fields!(QuietHours { from_minute, to_minute });
fields!(Budget { micros, currency });
fields!(TraitTrigger { key, slot, to });
fields!(Step { id, kind, next, span, expire_ms, fingerprint });
fields!(SplitArm { end_bucket, percent_text, first });
fields!(SendOption { channel, content });
fields!(Message { id, variants, fallback });
fields!(Variant { locale, text });
fields!(Topic { name, index, opt_in });
fields!(Path { rest, span });
fields!(Count { name, condition, within_ms, span });
fields!(Aggregate { kind, events, value });
fields!(Quantifier { all, list, cond, span });
fields!(EventNames { names, counted, counted_with_condition });
fields!(ProfileKeys { keys });
fields!(Diagnostic { code, severity, message, span, help });
fields!(Journey {
    id,
    triggers,
    audience,
    exits,
    reentry,
    limits,
    quiet_hours,
    transactional,
    budget,
    steps,
    first,
    exit_conditions,
    key,
    holdout_buckets,
    trait_triggers,
    topic,
});

impl Encode for Reentry {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Reentry::Never => put_tag(out, 0),
            Reentry::Always => put_tag(out, 1),
            Reentry::Restart => put_tag(out, 2),
            Reentry::After(ms) => {
                put_tag(out, 3);
                ms.encode(out);
            }
        }
    }
}

impl Decode for Reentry {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => Reentry::Never,
            (1, _) => Reentry::Always,
            (2, _) => Reentry::Restart,
            (3, _) => Reentry::After(i64::decode(r)),
            (_, at) => {
                r.bad_tag(at);
                Reentry::Never
            }
        }
    }
}

impl Encode for LimitScope {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            LimitScope::Policy => put_tag(out, 0),
            LimitScope::Journey(j) => {
                put_tag(out, 1);
                j.encode(out);
            }
        }
    }
}

impl Decode for LimitScope {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => LimitScope::Policy,
            (1, _) => LimitScope::Journey(u32::decode(r)),
            (_, at) => {
                r.bad_tag(at);
                LimitScope::Policy
            }
        }
    }
}

impl Encode for EventWindow {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            EventWindow::None => put_tag(out, 0),
            EventWindow::Within(ms) => {
                put_tag(out, 1);
                ms.encode(out);
            }
            EventWindow::All => put_tag(out, 2),
        }
    }
}

impl Decode for EventWindow {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => EventWindow::None,
            (1, _) => EventWindow::Within(i64::decode(r)),
            (2, _) => EventWindow::All,
            (_, at) => {
                r.bad_tag(at);
                EventWindow::None
            }
        }
    }
}

impl Encode for DigestClose {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            DigestClose::For { ms } => {
                put_tag(out, 0);
                ms.encode(out);
            }
            DigestClose::Until { minute_of_day } => {
                put_tag(out, 1);
                minute_of_day.encode(out);
            }
        }
    }
}

impl Decode for DigestClose {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => DigestClose::For { ms: i64::decode(r) },
            (1, _) => DigestClose::Until { minute_of_day: u32::decode(r) },
            (_, at) => {
                r.bad_tag(at);
                DigestClose::For { ms: 0 }
            }
        }
    }
}

impl Encode for StepKind {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            StepKind::Send(options) => {
                put_tag(out, 0);
                options.encode(out);
            }
            StepKind::Wait { ms } => {
                put_tag(out, 1);
                ms.encode(out);
            }
            StepKind::WaitUntil { minute_of_day } => {
                put_tag(out, 2);
                minute_of_day.encode(out);
            }
            StepKind::WaitUntilDays { minute_of_day, days } => {
                put_tag(out, 3);
                minute_of_day.encode(out);
                days.encode(out);
            }
            StepKind::WaitUntilAt { at } => {
                put_tag(out, 4);
                at.encode(out);
            }
            StepKind::WaitFor { event, within_ms, body, timeout } => {
                put_tag(out, 5);
                event.encode(out);
                within_ms.encode(out);
                body.encode(out);
                timeout.encode(out);
            }
            StepKind::If { branches, otherwise } => {
                put_tag(out, 6);
                branches.encode(out);
                otherwise.encode(out);
            }
            StepKind::Split { arms } => {
                put_tag(out, 7);
                arms.encode(out);
            }
            StepKind::Stop => put_tag(out, 8),
            StepKind::Set { key, slot, value } => {
                put_tag(out, 9);
                key.encode(out);
                slot.encode(out);
                value.encode(out);
            }
            StepKind::Digest(close) => {
                put_tag(out, 10);
                close.encode(out);
            }
        }
    }
}

impl Decode for StepKind {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => StepKind::Send(Decode::decode(r)),
            (1, _) => StepKind::Wait { ms: Decode::decode(r) },
            (2, _) => StepKind::WaitUntil { minute_of_day: Decode::decode(r) },
            (3, _) => StepKind::WaitUntilDays {
                minute_of_day: Decode::decode(r),
                days: Decode::decode(r),
            },
            (4, _) => StepKind::WaitUntilAt { at: Decode::decode(r) },
            (5, _) => StepKind::WaitFor {
                event: Decode::decode(r),
                within_ms: Decode::decode(r),
                body: Decode::decode(r),
                timeout: Decode::decode(r),
            },
            (6, _) => StepKind::If { branches: Decode::decode(r), otherwise: Decode::decode(r) },
            (7, _) => StepKind::Split { arms: Decode::decode(r) },
            (8, _) => StepKind::Stop,
            (9, _) => StepKind::Set {
                key: Decode::decode(r),
                slot: Decode::decode(r),
                value: Decode::decode(r),
            },
            (10, _) => StepKind::Digest(Decode::decode(r)),
            (_, at) => {
                r.bad_tag(at);
                StepKind::Stop
            }
        }
    }
}

impl Encode for Content {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Content::Text(t) => {
                put_tag(out, 0);
                t.encode(out);
            }
            Content::Template(t) => {
                put_tag(out, 1);
                t.encode(out);
            }
            Content::Message(m) => {
                put_tag(out, 2);
                m.encode(out);
            }
        }
    }
}

impl Decode for Content {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => Content::Text(Decode::decode(r)),
            (1, _) => Content::Template(Decode::decode(r)),
            (2, _) => Content::Message(Decode::decode(r)),
            (_, at) => {
                r.bad_tag(at);
                Content::Message(0)
            }
        }
    }
}

impl Encode for Text {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Text::Static(s) => {
                put_tag(out, 0);
                s.encode(out);
            }
            Text::Parts(parts) => {
                put_tag(out, 1);
                parts.encode(out);
            }
        }
    }
}

impl Decode for Text {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => Text::Static(Decode::decode(r)),
            (1, _) => Text::Parts(Decode::decode(r)),
            (_, at) => {
                r.bad_tag(at);
                Text::Static(Arc::from(""))
            }
        }
    }
}

impl Encode for TextPart {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            TextPart::Lit(s) => {
                put_tag(out, 0);
                s.encode(out);
            }
            TextPart::Expr(c) => {
                put_tag(out, 1);
                c.encode(out);
            }
        }
    }
}

impl Decode for TextPart {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => TextPart::Lit(Decode::decode(r)),
            (1, _) => TextPart::Expr(Decode::decode(r)),
            (_, at) => {
                r.bad_tag(at);
                TextPart::Lit(Box::from(""))
            }
        }
    }
}

impl Encode for Const {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Const::Num(n) => {
                put_tag(out, 0);
                n.encode(out);
            }
            Const::Str(s) => {
                put_tag(out, 1);
                s.encode(out);
            }
            Const::Bool(b) => {
                put_tag(out, 2);
                b.encode(out);
            }
        }
    }
}

impl Decode for Const {
    fn decode(r: &mut Reader<'_>) -> Self {
        match r.tag() {
            (0, _) => Const::Num(Decode::decode(r)),
            (1, _) => Const::Str(Decode::decode(r)),
            (2, _) => Const::Bool(Decode::decode(r)),
            (_, at) => {
                r.bad_tag(at);
                Const::Bool(false)
            }
        }
    }
}

impl Encode for Expr {
    fn encode(&self, out: &mut Vec<u8>) {
        /// The variant's index, then its fields.
        macro_rules! put {
            ($tag:expr $(, $field:expr)*) => {{
                put_tag(out, $tag);
                $( $field.encode(out); )*
            }};
        }
        match self {
            Expr::Const(c) => put!(0, c),
            Expr::ConstList(items) => put!(1, items),
            Expr::List(items) => put!(2, items),
            Expr::Now(span) => put!(3, span),
            Expr::Profile(slot, path) => put!(4, slot, path),
            Expr::Event(scope, path) => put!(5, scope, path),
            Expr::Segment(index, span) => put!(6, index, span),
            Expr::Not(e) => put!(7, e),
            Expr::Neg(e) => put!(8, e),
            Expr::And(a, b) => put!(9, a, b),
            Expr::Or(a, b) => put!(10, a, b),
            Expr::Coalesce(a, b) => put!(11, a, b),
            Expr::Cmp(op, a, b) => put!(12, op, a, b),
            Expr::InConst(e, items) => put!(13, e, items),
            Expr::Arith(op, a, b) => put!(14, op, a, b),
            Expr::Exists(e) => put!(15, e),
            Expr::Call(f, e, span) => put!(16, f, e, span),
            Expr::Count(c) => put!(17, c),
            Expr::Builtin(b, args, span) => put!(18, b, args, span),
            Expr::Shift(e, ms, span) => put!(19, e, ms, span),
            Expr::Aggregate(a) => put!(20, a),
            Expr::Quantifier(q) => put!(21, q),
            Expr::Item(path) => put!(22, path),
            Expr::Digest(path) => put!(23, path),
        }
    }
}

impl Decode for Expr {
    fn decode(r: &mut Reader<'_>) -> Self {
        if r.depth >= MAX_DEPTH {
            r.fail(DecodeError::TooDeep);
            return Expr::Const(Const::Bool(false));
        }
        r.depth += 1;
        let e = decode_expr(r);
        r.depth -= 1;
        e
    }
}

fn decode_expr(r: &mut Reader<'_>) -> Expr {
    fn d<T: Decode>(r: &mut Reader<'_>) -> T {
        T::decode(r)
    }
    match r.tag() {
        (0, _) => Expr::Const(d(r)),
        (1, _) => Expr::ConstList(d(r)),
        (2, _) => Expr::List(d(r)),
        (3, _) => Expr::Now(d(r)),
        (4, _) => Expr::Profile(d(r), d(r)),
        (5, _) => Expr::Event(d(r), d(r)),
        (6, _) => Expr::Segment(d(r), d(r)),
        (7, _) => Expr::Not(d(r)),
        (8, _) => Expr::Neg(d(r)),
        (9, _) => Expr::And(d(r), d(r)),
        (10, _) => Expr::Or(d(r), d(r)),
        (11, _) => Expr::Coalesce(d(r), d(r)),
        (12, _) => Expr::Cmp(d(r), d(r), d(r)),
        (13, _) => Expr::InConst(d(r), d(r)),
        (14, _) => Expr::Arith(d(r), d(r), d(r)),
        (15, _) => Expr::Exists(d(r)),
        (16, _) => Expr::Call(d(r), d(r), d(r)),
        (17, _) => Expr::Count(d(r)),
        (18, _) => Expr::Builtin(d(r), d(r), d(r)),
        (19, _) => Expr::Shift(d(r), d(r), d(r)),
        (20, _) => Expr::Aggregate(d(r)),
        (21, _) => Expr::Quantifier(d(r)),
        (22, _) => Expr::Item(d(r)),
        (23, _) => Expr::Digest(d(r)),
        (_, at) => {
            r.bad_tag(at);
            Expr::Const(Const::Bool(false))
        }
    }
}

/// Saved as its text (`"E0102"`), read back through the table.
impl Encode for Code {
    fn encode(&self, out: &mut Vec<u8>) {
        put_str(out, self.as_str());
    }
}

impl Decode for Code {
    fn decode(r: &mut Reader<'_>) -> Self {
        named(r, "diagnostic code", Code::parse, crate::diagnostics::codes::INTERNAL)
    }
}

/// Saved as its IANA name.
impl Encode for Tz {
    fn encode(&self, out: &mut Vec<u8>) {
        put_str(out, self.name());
    }
}

impl Decode for Tz {
    fn decode(r: &mut Reader<'_>) -> Self {
        named(r, "time zone", |name| name.parse::<Tz>().ok(), Tz::UTC)
    }
}

/// Saved as its list of names; read back, the names must differ (the index is built again).
impl Encode for Interner {
    fn encode(&self, out: &mut Vec<u8>) {
        put_len(out, self.len());
        for name in self.iter() {
            put_str(out, name);
        }
    }
}

impl Decode for Interner {
    fn decode(r: &mut Reader<'_>) -> Self {
        let start = r.at;
        let names: Vec<Arc<str>> = Decode::decode(r);
        let n = names.len();
        let table = Interner::from(names);
        if table.len() != n {
            r.fail(DecodeError::Order(start));
        }
        table
    }
}

/// A map as its entries in key order (so the same program always gives the same bytes); read
/// back, the keys must be strictly increasing.
impl Encode for FnvMap<Arc<str>, u32> {
    fn encode(&self, out: &mut Vec<u8>) {
        let mut entries: Vec<(&Arc<str>, &u32)> = self.iter().collect();
        crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
        put_len(out, entries.len());
        for (k, v) in entries {
            k.encode(out);
            v.encode(out);
        }
    }
}

impl Decode for FnvMap<Arc<str>, u32> {
    fn decode(r: &mut Reader<'_>) -> Self {
        let n = r.len();
        let mut map = FnvMap::default();
        let mut previous: Option<Arc<str>> = None;
        for _ in 0..n {
            if r.failed() {
                break;
            }
            let at = r.at;
            let key = Arc::<str>::decode(r);
            if previous.as_ref().is_some_and(|p| *p >= key) {
                r.fail(DecodeError::Order(at));
            }
            map.insert(key.clone(), u32::decode(r));
            previous = Some(key);
        }
        map
    }
}

impl Encode for ProgramData {
    fn encode(&self, out: &mut Vec<u8>) {
        self.source.encode(out);
        self.journeys.encode(out);
        self.segments.encode(out);
        self.policy_limits.encode(out);
        self.default_tz.encode(out);
        self.names.encode(out);
        self.keys.encode(out);
        self.event_keys.encode(out);
        self.warnings.encode(out);
        self.prices.encode(out);
        self.event_window.encode(out);
        self.messages.encode(out);
        self.topics.encode(out);
        self.journey_index.encode(out);
    }
}

/// The syntax tree is not saved: a loaded program has an empty one until it is parsed again.
impl Decode for ProgramData {
    fn decode(r: &mut Reader<'_>) -> Self {
        ProgramData {
            source: Decode::decode(r),
            file: super::no_syntax(),
            journeys: Decode::decode(r),
            segments: Decode::decode(r),
            policy_limits: Decode::decode(r),
            default_tz: Decode::decode(r),
            names: Decode::decode(r),
            keys: Decode::decode(r),
            event_keys: Decode::decode(r),
            warnings: Decode::decode(r),
            prices: Decode::decode(r),
            event_window: Decode::decode(r),
            messages: Decode::decode(r),
            topics: Decode::decode(r),
            journey_index: Decode::decode(r),
        }
    }
}

#[cfg(test)]
mod tests;

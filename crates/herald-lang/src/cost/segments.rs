//! SMS segment counting, as Twilio's open-source segment calculator counts
//! (TwilioDevEd/message-segment-calculator):
//!
//! - GSM-7 when every character is in the GSM 03.38 basic set (1 septet) or its extension table
//!   (2 septets: an escape and the code); otherwise UCS-2, counted in UTF-16 code units.
//! - One segment holds 160 septets / 70 units. A longer message is cut into parts of 153 / 67
//!   (each part gives 6 octets to the concatenation header).
//! - Parts are filled greedily, and a part never splits an escape pair (GSM-7) or a grapheme
//!   cluster (UCS-2: an emoji with modifiers, a ZWJ sequence, a flag, a letter with combining
//!   marks moves whole to the next part). Like the calculator, a CR LF pair counts as two
//!   characters that may be split.
//! - One departure, for input the calculator mishandles: a single grapheme cluster longer than a
//!   whole part (e.g. a letter with 70 combining marks) is cut between code points, as a phone
//!   would receive it, instead of overfilling a part.
//!
//! Nothing here allocates: counting runs on the evaluation hot path.

use super::tables::gsm7_septets;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// Septets in a single GSM-7 segment (140 octets × 8 / 7).
pub const GSM7_SINGLE: u32 = 160;
/// Septets in each part of a concatenated GSM-7 message.
pub const GSM7_PART: u32 = 153;
/// UTF-16 units in a single UCS-2 segment.
pub const UCS2_SINGLE: u32 = 70;
/// UTF-16 units in each part of a concatenated UCS-2 message.
pub const UCS2_PART: u32 = 67;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Encoding {
    #[serde(rename = "GSM-7")]
    Gsm7,
    #[serde(rename = "UCS-2")]
    Ucs2,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }
}

/// How an SMS body travels: `{"encoding": "GSM-7", "segments": 1, "units": 5}`. `units` counts
/// septets for GSM-7 and UTF-16 code units for UCS-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct SmsSegments {
    pub encoding: Encoding,
    pub segments: u32,
    pub units: u32,
}

impl SmsSegments {
    /// `{"encoding":"GSM-7","segments":1,"units":5}`, as serde_json writes the derive (tests
    /// compare them), by hand (`crate::write`): `herald segments` and the package's
    /// `smsSegments()`.
    pub fn to_json(&self) -> String {
        let mut w = crate::write::Writer::with_capacity(48);
        w.raw("{\"encoding\":\"");
        w.raw(self.encoding.name());
        w.raw("\",\"segments\":");
        w.uint(u64::from(self.segments));
        w.raw(",\"units\":");
        w.uint(u64::from(self.units));
        w.raw("}");
        w.finish()
    }
}

/// Whether GSM-7 can carry the character (basic set or extension table).
pub fn is_gsm7(c: char) -> bool {
    gsm7_septets(c).is_some()
}

/// Counts the segments of an SMS body. An empty body is one (empty) segment, as a provider bills
/// it.
pub fn sms_segments(text: &str) -> SmsSegments {
    // GSM-7 characters never combine into a larger grapheme cluster (none is a combining mark, a
    // joiner or a regional indicator), so "every grapheme is one GSM-7 character" is the same as
    // "every character is GSM-7", and GSM-7 parts can be filled character by character.
    if text.chars().all(is_gsm7) {
        let mut packer = Packer::new(GSM7_SINGLE, GSM7_PART);
        for c in text.chars() {
            packer.push(u32::from(gsm7_septets(c).unwrap_or(1)));
        }
        return packer.finish(Encoding::Gsm7);
    }
    let total = text.encode_utf16().count();
    if total <= UCS2_SINGLE as usize {
        return SmsSegments { encoding: Encoding::Ucs2, segments: 1, units: total as u32 };
    }
    let mut packer = Packer::new(UCS2_SINGLE, UCS2_PART);
    for grapheme in text.graphemes(true) {
        // The calculator splits a CR LF cluster into its two characters.
        if grapheme == "\r\n" {
            packer.push(1);
            packer.push(1);
            continue;
        }
        let units = utf16_len(grapheme);
        if units <= UCS2_PART {
            packer.push(units);
        } else {
            // A cluster longer than a whole part: cut it between code points.
            for c in grapheme.chars() {
                packer.push(c.len_utf16() as u32);
            }
        }
    }
    packer.finish(Encoding::Ucs2)
}

fn utf16_len(s: &str) -> u32 {
    let n: usize = s.chars().map(char::len_utf16).sum();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Greedy filling of parts of the concatenated size, while summing the units. A message whose
/// total fits a single segment is one segment whatever the packing says; otherwise the count of
/// concatenated parts stands (the calculator re-packs its first part to the longest prefix that
/// fits 153 / 67, which is what filling greedily from the start gives).
struct Packer {
    single: u32,
    part: u32,
    total: u64,
    parts: u32,
    used: u32,
}

impl Packer {
    fn new(single: u32, part: u32) -> Packer {
        Packer { single, part, total: 0, parts: 1, used: 0 }
    }

    /// Adds an item of `size` units (at most `part`: callers cut longer clusters).
    fn push(&mut self, size: u32) {
        if self.used.saturating_add(size) > self.part {
            self.parts = self.parts.saturating_add(1);
            self.used = 0;
        }
        self.used = self.used.saturating_add(size);
        self.total = self.total.saturating_add(u64::from(size));
    }

    fn finish(self, encoding: Encoding) -> SmsSegments {
        let units = u32::try_from(self.total).unwrap_or(u32::MAX);
        let segments = if self.total <= u64::from(self.single) { 1 } else { self.parts };
        SmsSegments { encoding, segments, units }
    }
}

#[cfg(test)]
mod tests;

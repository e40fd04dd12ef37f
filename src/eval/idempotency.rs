//! `idempotency_key` on every `send` decision (SPEC §6): the same send decided again (a host's
//! retry of the request, a replay, an evaluation repeated with the same state) has the same
//! key, and any two different sends differ, so a provider or the host can refuse a duplicate.
//!
//! What identifies a send: the profile, the journey, the run (when it entered, the time of the
//! event that started it, and in a journey with `key` its key), the step and the channel. The
//! key is `hk1_` followed by the 32 lower-case hex digits of FNV-1a 128 over those seven fields,
//! each written as its UTF-8 byte length in decimal, a `:` and its bytes (so no field can run
//! into the next): the profile id, the journey id, the entry time and the trigger's time in
//! milliseconds since 1970 (decimal, UTC), the run key (empty when the journey has none; a run
//! key is never empty), the step id and the channel name. The trigger's time tells apart two
//! runs that enter at the same instant (two events of one batch evaluated with one `now`).
//! 36 ASCII characters, within every provider's limit (Twilio's `I-Twilio-Idempotency-Token`
//! takes 64). docs/evaluation.md ("Idempotency keys") documents it for hosts, and
//! tests/conformance/gen/common.py computes it independently.
//!
//! FNV is not a cryptographic hash: keys are unique by construction for honest inputs (2^-128
//! per pair), not against someone who chooses profile ids or run keys to make two sends collide.

const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

struct Fnv(u128);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    /// One field: its byte length, `:`, its bytes.
    fn field(&mut self, bytes: &[u8]) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut n = bytes.len();
        loop {
            i -= 1;
            if let Some(d) = digits.get_mut(i) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        self.bytes(digits.get(i..).unwrap_or_default());
        self.bytes(b":");
        self.bytes(bytes);
    }
}

/// The idempotency key of a send.
pub fn key(
    profile_id: &str,
    journey: &str,
    entered_ms: i64,
    trigger_ms: i64,
    run_key: Option<&str>,
    step: &str,
    channel: &str,
) -> String {
    let mut h = Fnv(OFFSET);
    h.field(profile_id.as_bytes());
    h.field(journey.as_bytes());
    // itoa and the hex loop below instead of `to_string` and `format!`: the formatting machinery
    // was a third of the instructions this function added to an evaluation (callgrind,
    // docs/performance.md).
    h.field(itoa::Buffer::new().format(entered_ms).as_bytes());
    h.field(itoa::Buffer::new().format(trigger_ms).as_bytes());
    h.field(run_key.unwrap_or("").as_bytes());
    h.field(step.as_bytes());
    h.field(channel.as_bytes());
    let mut out = String::with_capacity(36);
    out.push_str("hk1_");
    for shift in (0..32).rev() {
        // The low four bits: always a hex digit.
        let nibble = (h.0 >> (shift * 4)) as u8 & 0xf;
        out.push(char::from(if nibble < 10 { b'0' + nibble } else { b'a' + nibble - 10 }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_128_has_its_published_values() {
        // The FNV reference values (draft-eastlake-fnv): "" is the offset basis, "a" one step.
        let mut h = Fnv(OFFSET);
        h.bytes(b"");
        assert_eq!(h.0, 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d);
        h.bytes(b"a");
        assert_eq!(h.0, 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964);
    }

    /// The key as first written, with `to_string` and `format!`.
    fn reference(fields: (&str, &str, i64, i64, Option<&str>, &str, &str)) -> String {
        let (profile, journey, entered, trigger, run_key, step, channel) = fields;
        let mut h = Fnv(OFFSET);
        for f in [profile, journey, &entered.to_string(), &trigger.to_string()] {
            h.field(f.as_bytes());
        }
        for f in [run_key.unwrap_or(""), step, channel] {
            h.field(f.as_bytes());
        }
        format!("hk1_{:032x}", h.0)
    }

    #[test]
    fn the_digits_are_written_as_format_writes_them() {
        // Negative times (instants before 1970), zero, the extremes, and enough profiles that
        // some hashes start with zero digits (format pads them; so must the loop).
        let times = [0, -1, 1, -62_135_596_800_000, 253_402_300_799_999, i64::MIN, i64::MAX];
        let mut leading_zero = false;
        for (i, &t) in times.iter().enumerate() {
            for n in 0..400 {
                let profile = format!("u{n}");
                let fields =
                    (profile.as_str(), "j", t, times[(i + 1) % times.len()], None, "1", "sms");
                let want = reference(fields);
                leading_zero |= want.as_bytes()[4] == b'0';
                assert_eq!(
                    key(fields.0, fields.1, fields.2, fields.3, fields.4, fields.5, fields.6),
                    want
                );
            }
        }
        assert!(leading_zero, "no key with a leading zero digit was tried");
    }

    #[test]
    fn a_key_is_pinned_and_each_field_counts() {
        let base =
            key("u_123", "cart", 1_772_978_400_000, 1_772_978_300_000, None, "2.else.1", "sms");
        // The value tests/conformance/gen/common.py computes for the same fields.
        assert_eq!(base, "hk1_4637b2205093f46a57d21c05b16fade5");
        assert_eq!(base.len(), 36);
        assert!(base.starts_with("hk1_"));
        assert_eq!(
            base,
            key("u_123", "cart", 1_772_978_400_000, 1_772_978_300_000, None, "2.else.1", "sms")
        );
        let others = [
            key("u_124", "cart", 1_772_978_400_000, 1_772_978_300_000, None, "2.else.1", "sms"),
            key("u_123", "carts", 1_772_978_400_000, 1_772_978_300_000, None, "2.else.1", "sms"),
            key("u_123", "cart", 1_772_978_400_001, 1_772_978_300_000, None, "2.else.1", "sms"),
            key(
                "u_123",
                "cart",
                1_772_978_400_000,
                1_772_978_300_000,
                Some("A1"),
                "2.else.1",
                "sms",
            ),
            key("u_123", "cart", 1_772_978_400_000, 1_772_978_300_000, None, "2.else.2", "sms"),
            key("u_123", "cart", 1_772_978_400_000, 1_772_978_300_000, None, "2.else.1", "email"),
            key("u_123", "cart", 1_772_978_400_000, 1_772_978_300_001, None, "2.else.1", "sms"),
            // fields cannot run into each other
            key("u_12", "3cart", 1_772_978_400_000, 1_772_978_300_000, None, "2.else.1", "sms"),
        ];
        for o in &others {
            assert_ne!(*o, base);
        }
    }
}

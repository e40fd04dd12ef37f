//! `split`: a deterministic bucket per (profile, journey, step), the same natively and in
//! WebAssembly, stable across herald versions: FNV-1a 64 over the UTF-8 bytes of
//! `profile_id + "\0" + journey_id + "\0" + step_id`, modulo 10 000. Arms take consecutive
//! ranges of `percent × 100` buckets.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

fn feed(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(PRIME);
    }
    hash
}

/// The bucket in `0..10_000` of a profile at a split step.
pub fn bucket(profile_id: &str, journey_id: &str, step_id: &str) -> u32 {
    let mut h = feed(OFFSET, profile_id.as_bytes());
    h = feed(h, &[0]);
    h = feed(h, journey_id.as_bytes());
    h = feed(h, &[0]);
    h = feed(h, step_id.as_bytes());
    (h % 10_000) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_lang::compile::names::fnv1a64;

    #[test]
    fn bucket_is_fnv1a_of_the_joined_ids() {
        let joined = "u_123\0cart-abandonment\u{0}3.timeout.1";
        assert_eq!(
            u64::from(bucket("u_123", "cart-abandonment", "3.timeout.1")),
            fnv1a64(joined.as_bytes()) % 10_000
        );
    }

    #[test]
    fn buckets_spread_evenly() {
        let mut halves = [0u32; 2];
        for i in 0..10_000 {
            let b = bucket(&format!("user-{i}"), "j", "1");
            halves[usize::from(b >= 5_000)] += 1;
        }
        // 10 000 draws: a fair split lands within a few percent of 5 000.
        assert!(halves[0] > 4_700 && halves[0] < 5_300, "{halves:?}");
    }

    #[test]
    fn pinned_values_never_change() {
        // These are part of the contract: a change here re-buckets every profile.
        // (Computed independently: FNV-1a 64 of the ids joined by NUL, modulo 10 000.)
        assert_eq!(bucket("u_123", "cart-abandonment", "3.timeout.1"), 1894);
        assert_eq!(bucket("", "", ""), 3389);
        assert_eq!(bucket("user-1", "j", "1"), 5269);
    }
}

//! The day words of `wait until HH:MM on DAYS` (SPEC §6): `monday` … `sunday`, `weekday`
//! (Monday to Friday) and `weekend` (Saturday and Sunday), as a set of ISO weekdays.

/// The words a day list takes, for did-you-mean suggestions.
pub const DAY_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekday",
    "weekend",
];

/// A set of weekdays: bit 0 is Monday … bit 6 is Sunday.
pub type DayMask = u8;

/// Every day of the week.
pub const EVERY_DAY: DayMask = 0b111_1111;

/// The days a word names, or `None` for a word that names none.
pub fn mask_of(word: &str) -> Option<DayMask> {
    Some(match word {
        "monday" => 1,
        "tuesday" => 1 << 1,
        "wednesday" => 1 << 2,
        "thursday" => 1 << 3,
        "friday" => 1 << 4,
        "saturday" => 1 << 5,
        "sunday" => 1 << 6,
        "weekday" => 0b001_1111,
        "weekend" => 0b110_0000,
        _ => return None,
    })
}

/// Whether a mask holds the weekday numbered from Monday = 0.
pub fn holds(mask: DayMask, days_from_monday: u32) -> bool {
    days_from_monday < 7 && mask & (1 << days_from_monday) != 0
}

/// The canonical words of a mask, for graphs and traces: `weekday`, `weekend`, or the days in
/// week order.
pub fn describe(mask: DayMask) -> String {
    let mut words = Vec::new();
    let mut rest = mask;
    if rest & 0b001_1111 == 0b001_1111 {
        words.push("weekday");
        rest &= !0b001_1111;
    }
    if rest & 0b110_0000 == 0b110_0000 {
        words.push("weekend");
        rest &= !0b110_0000;
    }
    for (i, w) in DAY_WORDS.iter().take(7).enumerate() {
        if holds(rest, i as u32) {
            words.push(w);
        }
    }
    words.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_masks() {
        assert_eq!(mask_of("monday"), Some(1));
        assert_eq!(mask_of("sunday"), Some(64));
        assert_eq!(
            mask_of("weekday").map(|m| m | mask_of("weekend").unwrap_or(0)),
            Some(EVERY_DAY)
        );
        assert_eq!(mask_of("mon"), None);
        assert_eq!(mask_of("Monday"), None);
        assert!(holds(0b10, 1) && !holds(0b10, 0) && !holds(EVERY_DAY, 7));
        assert_eq!(describe(EVERY_DAY), "weekday, weekend");
        assert_eq!(describe(0b001_0101), "monday, wednesday, friday");
        assert_eq!(describe(0b011_1111), "weekday, saturday");
    }
}

//! The cost of one message: units (segments, messages or minutes) × (price + carrier fee) for the
//! destination country. Runs on the evaluation hot path, so a `Quote` is a small `Copy` value;
//! the amount string is only made when it is serialized.

use super::country::CountryCode;
use super::money::{format_amount, Currency, Micros};
use super::phone::country_of_phone;
use super::prices::PriceTable;
use super::segments::{sms_segments, Encoding};
use crate::Channel;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// Spoken words a minute, to estimate the length of a voice call from its text.
pub const VOICE_WORDS_PER_MINUTE: u32 = 150;

/// What a message says, as far as its price is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageContent<'a> {
    /// The rendered text (interpolation already done).
    Text(&'a str),
    /// Content kept by the provider (`template "id"`): its length is unknown, so it counts as one
    /// unit (one segment, one message, one minute).
    Template,
}

/// What a quote counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Segment,
    Message,
    Minute,
}

impl Unit {
    pub fn of(channel: Channel) -> Unit {
        match channel {
            Channel::Sms => Unit::Segment,
            Channel::Voice => Unit::Minute,
            _ => Unit::Message,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Unit::Segment => "segment",
            Unit::Message => "message",
            Unit::Minute => "minute",
        }
    }
}

/// The price of one message. Serializes as the `cost` object of a decision (SPEC §2):
/// `{"amount": "0.0158", "micros": 15800, "currency": "USD", "units": 2, "unit": "segment",
/// "encoding": "GSM-7"}`, plus, only when they say something, `"price_known": false`,
/// `"country_source": "default"` and `"margin": {"amount", "micros"}`. The destination country
/// is not in that object (the decision carries it beside `cost`): read it with `country()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub channel: Channel,
    /// units × (price + carrier fee), in micros of `currency`.
    pub micros: i64,
    pub currency: Currency,
    pub units: u32,
    pub unit: Unit,
    /// SMS text only.
    pub encoding: Option<Encoding>,
    /// The destination country, for channels that deliver to a phone number, when known.
    pub country: Option<CountryCode>,
    /// True when the price came from the table's `default` row: the number has no known country,
    /// or the table has no row for its country.
    pub priced_from_default: bool,
    /// False when the table has no price for the channel here: the amount is then 0.
    pub price_known: bool,
    /// units × (price − wholesale cost), when the table knows the cost.
    pub margin_micros: Option<i64>,
}

impl Quote {
    /// The destination country code (`"US"`), for the decision's `country`.
    pub fn country(&self) -> Option<&str> {
        self.country.as_ref().map(CountryCode::as_str)
    }

    /// The decimal amount (`"0.0158"`).
    pub fn amount(&self) -> String {
        format_amount(self.micros)
    }
}

impl Serialize for Quote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Quote", 9)?;
        st.serialize_field("amount", &format_amount(self.micros))?;
        st.serialize_field("micros", &self.micros)?;
        st.serialize_field("currency", &self.currency)?;
        st.serialize_field("units", &self.units)?;
        st.serialize_field("unit", &self.unit)?;
        if let Some(e) = self.encoding {
            st.serialize_field("encoding", &e)?;
        }
        if !self.price_known {
            st.serialize_field("price_known", &false)?;
        }
        if self.priced_from_default && self.price_known {
            st.serialize_field("country_source", "default")?;
        }
        if let Some(m) = self.margin_micros {
            st.serialize_field("margin", &Micros(m))?;
        }
        st.end()
    }
}

/// Prices one message to `to` (an E.164 number for sms, mms, whatsapp and voice; ignored for
/// the other channels, which are priced by their `default` row).
pub fn quote(
    table: &PriceTable,
    channel: Channel,
    to: Option<&str>,
    content: MessageContent<'_>,
) -> Quote {
    let country = if channel.uses_phone() {
        to.and_then(country_of_phone).and_then(CountryCode::parse)
    } else {
        None
    };
    quote_for_country(table, channel, country, content)
}

/// Prices one message to a known destination country (`None`: unknown, priced at `default`).
pub fn quote_for_country(
    table: &PriceTable,
    channel: Channel,
    country: Option<CountryCode>,
    content: MessageContent<'_>,
) -> Quote {
    let (units, encoding) = measure(channel, content);
    price_units(table, channel, country, units, encoding)
}

/// Prices `units` of a channel already measured (the analysis measures each message once and
/// prices it for many countries).
pub(crate) fn price_units(
    table: &PriceTable,
    channel: Channel,
    country: Option<CountryCode>,
    units: u32,
    encoding: Option<Encoding>,
) -> Quote {
    let country = country.filter(|_| channel.uses_phone());
    let lookup = table.rate(channel, country);
    let fee = table.carrier_fee(channel, country);
    let units_i = i64::from(units);
    let (micros, margin_micros) = match lookup {
        Some(l) => (
            units_i.saturating_mul(l.rate.price.saturating_add(fee)),
            l.rate.cost.map(|cost| units_i.saturating_mul(l.rate.price.saturating_sub(cost))),
        ),
        None => (0, None),
    };
    Quote {
        channel,
        micros,
        currency: table.currency(),
        units,
        unit: Unit::of(channel),
        encoding,
        country,
        priced_from_default: channel.uses_phone() && lookup.is_some_and(|l| l.from_default),
        price_known: lookup.is_some(),
        margin_micros,
    }
}

/// Units of a message and, for SMS text, its encoding.
pub(crate) fn measure(channel: Channel, content: MessageContent<'_>) -> (u32, Option<Encoding>) {
    match (channel, content) {
        (Channel::Sms, MessageContent::Text(text)) => {
            let s = sms_segments(text);
            (s.segments, Some(s.encoding))
        }
        (Channel::Voice, MessageContent::Text(text)) => (voice_minutes(text), None),
        _ => (1, None),
    }
}

/// Minutes to speak the text at 150 words a minute, rounded up, at least one (calls are billed
/// per started minute).
pub fn voice_minutes(text: &str) -> u32 {
    let words = u32::try_from(text.split_whitespace().count()).unwrap_or(u32::MAX);
    words.div_ceil(VOICE_WORDS_PER_MINUTE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(v: serde_json::Value) -> PriceTable {
        PriceTable::from_json(&v.into()).unwrap()
    }

    fn spec_table() -> PriceTable {
        table(json!({
            "currency": "USD",
            "channels": { "sms": { "default": 0.0100, "US": 0.0079 }, "email": { "default": 0.001 } },
            "carrier_fees": { "sms": { "US": 0.003 } }
        }))
    }

    #[test]
    fn the_spec_decision_example() {
        let t = table(json!({"channels": {"sms": {"US": 0.0079}}}));
        let text = "Hi Ana, still thinking it over? ".repeat(5); // 160 chars → GSM-7, 2 segments
        let text = format!("{text}!");
        let q = quote(&t, Channel::Sms, Some("+14155550100"), MessageContent::Text(&text));
        assert_eq!(
            serde_json::to_value(q).unwrap(),
            json!({"amount": "0.0158", "micros": 15800, "currency": "USD", "units": 2,
                   "unit": "segment", "encoding": "GSM-7"})
        );
        assert_eq!(q.country(), Some("US"));
    }

    #[test]
    fn cost_is_segments_times_price_plus_fee() {
        let t = spec_table();
        let q = quote(&t, Channel::Sms, Some("+14155550100"), MessageContent::Text("hello"));
        assert_eq!((q.units, q.micros), (1, 7900 + 3000));
        // UCS-2: the fee is charged per segment too.
        let text = "ç".repeat(71);
        let q = quote(&t, Channel::Sms, Some("+14155550100"), MessageContent::Text(&text));
        assert_eq!((q.units, q.micros, q.encoding), (2, 2 * 10_900, Some(Encoding::Ucs2)));
    }

    #[test]
    fn unknown_numbers_use_default_and_say_so() {
        let t = spec_table();
        for to in [Some("+99912345678"), Some("not a number"), None] {
            let q = quote(&t, Channel::Sms, to, MessageContent::Text("hello"));
            assert_eq!(q.micros, 10_000, "{to:?}");
            assert_eq!(q.country(), None);
            assert!(q.priced_from_default);
            assert_eq!(serde_json::to_value(q).unwrap()["country_source"], "default");
        }
        // A known country without a row of its own is priced at default too, and keeps its code.
        let q = quote(&t, Channel::Sms, Some("+447911123456"), MessageContent::Text("hi"));
        assert_eq!((q.country(), q.micros, q.priced_from_default), (Some("GB"), 10_000, true));
    }

    #[test]
    fn absent_channels_cost_zero_and_say_the_price_is_unknown() {
        let t = spec_table();
        let q = quote(&t, Channel::Push, None, MessageContent::Text("hello"));
        assert_eq!((q.micros, q.price_known, q.unit), (0, false, Unit::Message));
        let v = serde_json::to_value(q).unwrap();
        assert_eq!(v["price_known"], false);
        assert!(v.get("country_source").is_none());
        // A channel present without a row for the country and without default is unknown too.
        let t = table(json!({"channels": {"mms": {"US": 0.022}}}));
        let q = quote(&t, Channel::Mms, Some("+447911123456"), MessageContent::Template);
        assert!(!q.price_known);
        assert_eq!(q.country(), Some("GB"));
    }

    #[test]
    fn email_push_and_webhook_are_per_message_without_country() {
        let t = spec_table();
        let q = quote(&t, Channel::Email, Some("+14155550100"), MessageContent::Template);
        assert_eq!((q.units, q.unit, q.micros, q.country()), (1, Unit::Message, 1000, None));
        let v = serde_json::to_value(q).unwrap();
        assert_eq!(
            v,
            json!({"amount": "0.001", "micros": 1000, "currency": "USD", "units": 1, "unit": "message"})
        );
    }

    #[test]
    fn voice_is_per_started_minute_at_150_words() {
        assert_eq!(voice_minutes(""), 1);
        assert_eq!(voice_minutes("hello there"), 1);
        assert_eq!(voice_minutes(&"word ".repeat(150)), 1);
        assert_eq!(voice_minutes(&"word ".repeat(151)), 2);
        assert_eq!(voice_minutes(&"word ".repeat(450)), 3);
        let t = table(json!({"channels": {"voice": {"DE": 0.3763}}}));
        let text = "word ".repeat(200);
        let q = quote(&t, Channel::Voice, Some("+4915112345678"), MessageContent::Text(&text));
        assert_eq!((q.units, q.unit, q.micros), (2, Unit::Minute, 752_600));
        assert_eq!(serde_json::to_value(q).unwrap()["unit"], "minute");
    }

    #[test]
    fn templates_count_one_unit_without_encoding() {
        let t = spec_table();
        let q = quote(&t, Channel::Sms, Some("+14155550100"), MessageContent::Template);
        assert_eq!((q.units, q.encoding, q.micros), (1, None, 10_900));
    }

    #[test]
    fn margins_when_the_cost_is_known() {
        let t = table(json!({
            "channels": {"sms": {"US": {"price": 0.0079, "cost": 0.003}}},
            "carrier_fees": {"sms": {"US": 0.003}}
        }));
        let text = "x".repeat(161);
        let q = quote(&t, Channel::Sms, Some("+14155550100"), MessageContent::Text(&text));
        assert_eq!(q.micros, 2 * (7900 + 3000));
        assert_eq!(q.margin_micros, Some(2 * 4900));
        assert_eq!(
            serde_json::to_value(q).unwrap()["margin"],
            json!({"amount": "0.0098", "micros": 9800})
        );
        // a price below cost gives a negative margin
        let t =
            table(json!({"channels": {"email": {"default": {"price": 0.001, "cost": 0.0015}}}}));
        let q = quote(&t, Channel::Email, None, MessageContent::Template);
        assert_eq!(q.margin_micros, Some(-500));
    }

    #[test]
    fn builtin_prices_a_us_sms_with_the_carrier_fee() {
        let q = quote(
            PriceTable::builtin(),
            Channel::Sms,
            Some("+14155550100"),
            MessageContent::Text("Your order has shipped"),
        );
        assert_eq!(q.micros, 8300 + 4200);
        assert_eq!(q.amount(), "0.0125");
        assert!(q.price_known && !q.priced_from_default);
    }

    #[test]
    fn a_quote_is_small() {
        assert!(std::mem::size_of::<Quote>() <= 64, "{}", std::mem::size_of::<Quote>());
    }
}

//! Price tables: what one unit of each channel costs, per destination country, with a `default`.
//!
//! The JSON shape (SPEC §3) is the same for the built-in table (`data/prices.json`, compiled into
//! herald) and for the `prices` of a request, which replaces the whole table:
//!
//! ```json
//! { "currency": "USD",
//!   "channels": { "sms": { "default": 0.0100, "US": 0.0079 }, "email": { "default": 0.001 } },
//!   "carrier_fees": { "sms": { "US": 0.003 } } }
//! ```
//!
//! A price is a decimal number (or a decimal string, for exactness) of the currency per unit, or
//! `{"price": 0.0079, "cost": 0.003}` when the wholesale cost is known (then margins are
//! reported). Carrier fees are added to the price of each unit. Optional `as_of` (a date) says how
//! old the prices are. Everything is validated; nothing is silently dropped.

use super::country::CountryCode;
use super::money::{decimal_to_micros, f64_to_micros, format_amount, Currency, MoneyError};
use crate::compile::saved_form::{named, Decode, Encode, Reader};
use crate::json::{Map, Value};
use crate::Channel;
use std::sync::OnceLock;

/// Largest price table text `PriceTable::parse` reads (a full table of every country and
/// channel is about 60 KB).
pub const MAX_TABLE_BYTES: usize = 1 << 20;

/// No price may exceed a million currency units: a larger number is a typo, and the bound keeps
/// every product of units and prices far from overflow.
pub const MAX_PRICE_MICROS: i64 = 1_000_000 * 1_000_000;

/// The price of one unit (segment, message, minute), in micros, with the wholesale cost when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Rate {
    pub price: i64,
    pub cost: Option<i64>,
}

/// What a lookup found: the rate, and whether it came from the `default` row rather than a row
/// of the country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLookup {
    pub rate: Rate,
    pub from_default: bool,
}

/// Rates of one channel (or carrier fees of one channel): a default and per-country rows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
struct Rates<T> {
    /// False when the channel is absent from the table (its price is unknown).
    present: bool,
    default: Option<T>,
    /// Sorted by country, for binary search.
    countries: Vec<(CountryCode, T)>,
}

impl<T> Default for Rates<T> {
    fn default() -> Self {
        Rates { present: false, default: None, countries: Vec::new() }
    }
}

impl<T: Copy> Rates<T> {
    fn get(&self, country: Option<CountryCode>) -> Option<(T, bool)> {
        if let Some(cc) = country {
            if let Ok(i) = self.countries.binary_search_by_key(&cc, |&(c, _)| c) {
                return self.countries.get(i).map(|&(_, r)| (r, false));
            }
        }
        self.default.map(|r| (r, true))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct PriceTable {
    currency: Currency,
    as_of: Option<String>,
    channels: [Rates<Rate>; 7],
    carrier_fees: [Rates<i64>; 7],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    #[error("the price table must be a JSON object, like {{\"currency\": \"USD\", \"channels\": {{...}}}}")]
    NotAnObject,
    #[error("`{path}` must be a JSON object")]
    ExpectedObject { path: String },
    #[error("unknown key `{key}` in {path}{}", suggestion(.help))]
    UnknownKey { path: String, key: String, help: Option<&'static str> },
    #[error("the price table needs `channels`")]
    MissingChannels,
    #[error("`{0}` is not an ISO 4217 currency code (write it like `USD` or `EUR`)")]
    UnknownCurrency(String),
    #[error("unknown channel `{name}` in {path}{}", suggestion(.help))]
    UnknownChannel { path: String, name: String, help: Option<&'static str> },
    #[error("`{key}` in {path} is not an ISO 3166 country code (write two capital letters, like `US`, or `default`){}", suggestion(.help))]
    BadCountry { path: String, key: String, help: Option<String> },
    #[error("{path} is negative ({value}); prices, costs and fees must be zero or more")]
    NegativePrice { path: String, value: String },
    #[error("{path} must be a decimal number like 0.0079 (or {{\"price\": 0.0079, \"cost\": 0.003}}): {reason}")]
    BadNumber { path: String, reason: String },
    #[error("{path} is too large ({value}); a price may not exceed 1000000")]
    TooLarge { path: String, value: String },
    #[error("{path} needs a `price`")]
    MissingPrice { path: String },
    #[error("`as_of` must be a date string like \"2026-11-25\"")]
    BadDate,
    #[error("the price table is not valid JSON: {message} at line {line}, column {column}")]
    InvalidJson { message: String, line: usize, column: usize },
    #[error("the price table is {0} bytes; the limit is {MAX_TABLE_BYTES}")]
    TooBig(usize),
}

/// User text echoed in an error, cut to a readable length (a key may be megabytes long).
fn clip(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

fn suggestion<S: AsRef<str>>(help: &Option<S>) -> String {
    match help {
        Some(h) => format!(" (did you mean `{}`?)", h.as_ref()),
        None => String::new(),
    }
}

impl PriceError {
    /// A stable machine-readable code for each kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            PriceError::NotAnObject | PriceError::ExpectedObject { .. } => "prices.not_an_object",
            PriceError::UnknownKey { .. } => "prices.unknown_key",
            PriceError::MissingChannels => "prices.missing_channels",
            PriceError::UnknownCurrency(_) => "prices.unknown_currency",
            PriceError::UnknownChannel { .. } => "prices.unknown_channel",
            PriceError::BadCountry { .. } => "prices.bad_country",
            PriceError::NegativePrice { .. } => "prices.negative_price",
            PriceError::BadNumber { .. } => "prices.bad_number",
            PriceError::TooLarge { .. } => "prices.too_large",
            PriceError::MissingPrice { .. } => "prices.missing_price",
            PriceError::BadDate => "prices.bad_date",
            PriceError::InvalidJson { .. } => "prices.invalid_json",
            PriceError::TooBig(_) => "prices.too_big",
        }
    }
}

pub(crate) fn channel_index(channel: Channel) -> usize {
    match channel {
        Channel::Sms => 0,
        Channel::Mms => 1,
        Channel::Whatsapp => 2,
        Channel::Voice => 3,
        Channel::Email => 4,
        Channel::Push => 5,
        Channel::Webhook => 6,
    }
}

impl PriceTable {
    /// herald's own table (`data/prices.json`, sources in `data/SOURCES.md`), built once from
    /// the same rows as Rust data (`cost/tables.rs`, written by `data/generate.py`): no JSON is
    /// parsed at start. A test compares it with the table `parse` reads from `data/prices.json`.
    pub fn builtin() -> &'static PriceTable {
        use super::tables::{
            BuiltinRates, BUILTIN_AS_OF, BUILTIN_CARRIER_FEES, BUILTIN_CURRENCY, BUILTIN_PRICES,
        };
        fn rates<T>(&(_, default, rows): &BuiltinRates, rate: impl Fn(i64) -> T) -> Rates<T> {
            Rates {
                present: true,
                default: default.map(&rate),
                // Every code is one (the test): none is dropped.
                countries: rows
                    .iter()
                    .filter_map(|&(c, price)| Some((CountryCode::parse(c)?, rate(price))))
                    .collect(),
            }
        }
        static TABLE: OnceLock<PriceTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut table =
                PriceTable::empty(Currency::parse(BUILTIN_CURRENCY).unwrap_or(Currency::USD));
            table.as_of = Some(BUILTIN_AS_OF.to_string());
            for row in &BUILTIN_PRICES {
                if let Some(slot) = table.channels.get_mut(channel_index(row.0)) {
                    *slot = rates(row, |price| Rate { price, cost: None });
                }
            }
            for row in &BUILTIN_CARRIER_FEES {
                if let Some(slot) = table.carrier_fees.get_mut(channel_index(row.0)) {
                    *slot = rates(row, |fee| fee);
                }
            }
            table
        })
    }

    /// A table without any channel: every price is unknown.
    pub fn empty(currency: Currency) -> PriceTable {
        PriceTable {
            currency,
            as_of: None,
            channels: Default::default(),
            carrier_fees: Default::default(),
        }
    }

    /// Reads and validates a table from JSON text (a `--prices` file).
    pub fn parse(text: &str) -> Result<PriceTable, PriceError> {
        if text.len() > MAX_TABLE_BYTES {
            return Err(PriceError::TooBig(text.len()));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| PriceError::InvalidJson {
            message: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
            line: e.line(),
            column: e.column(),
        })?;
        PriceTable::from_json(&value)
    }

    /// Reads and validates a table in the SPEC §3 shape. `currency` defaults to USD.
    pub fn from_json(value: &Value) -> Result<PriceTable, PriceError> {
        let root = value.as_object().ok_or(PriceError::NotAnObject)?;
        for key in root.keys() {
            if !TOP_KEYS.contains(&key.as_str()) {
                return Err(PriceError::UnknownKey {
                    path: "the price table".into(),
                    key: clip(key),
                    help: crate::diagnostics::did_you_mean(key, TOP_KEYS.iter().copied()),
                });
            }
        }
        let currency = match root.get("currency") {
            None => Currency::USD,
            Some(Value::String(code)) => {
                Currency::parse(code).ok_or_else(|| PriceError::UnknownCurrency(clip(code)))?
            }
            Some(other) => {
                return Err(PriceError::UnknownCurrency(clip(&crate::json::value_text(other))))
            }
        };
        let as_of = match root.get("as_of") {
            None | Some(Value::Null) => None,
            Some(Value::String(d)) if is_date(d) => Some(d.clone()),
            Some(_) => return Err(PriceError::BadDate),
        };
        let mut table = PriceTable::empty(currency);
        table.as_of = as_of;

        let channels = root.get("channels").ok_or(PriceError::MissingChannels)?;
        for (channel, rows) in channel_maps(channels, "channels")? {
            let path = format!("channels.{}", channel.name());
            let rates = read_rows(rows, &path, read_rate)?;
            if let Some(slot) = table.channels.get_mut(channel_index(channel)) {
                *slot = rates;
            }
        }
        if let Some(fees) = root.get("carrier_fees") {
            for (channel, rows) in channel_maps(fees, "carrier_fees")? {
                let path = format!("carrier_fees.{}", channel.name());
                let rates = read_rows(rows, &path, read_amount)?;
                if let Some(slot) = table.carrier_fees.get_mut(channel_index(channel)) {
                    *slot = rates;
                }
            }
        }
        Ok(table)
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The date the prices were compiled or last checked, when the table says.
    pub fn as_of(&self) -> Option<&str> {
        self.as_of.as_deref()
    }

    /// Whether the table prices the channel at all.
    pub fn has_channel(&self, channel: Channel) -> bool {
        self.channels.get(channel_index(channel)).is_some_and(|r| r.present)
    }

    /// The rate of one unit of the channel for the country (or the `default` row), or `None`
    /// when the table cannot price it.
    pub fn rate(&self, channel: Channel, country: Option<CountryCode>) -> Option<RateLookup> {
        let (rate, from_default) = self.channels.get(channel_index(channel))?.get(country)?;
        Some(RateLookup { rate, from_default })
    }

    /// The carrier fee added to each unit (0 when the table has none for the channel and country).
    pub fn carrier_fee(&self, channel: Channel, country: Option<CountryCode>) -> i64 {
        self.carrier_fees
            .get(channel_index(channel))
            .and_then(|r| r.get(country))
            .map_or(0, |(fee, _)| fee)
    }

    /// Every country with a row of its own in some channel or carrier fee, sorted.
    pub fn countries(&self) -> Vec<CountryCode> {
        let mut all: Vec<CountryCode> = self
            .channels
            .iter()
            .flat_map(|r| r.countries.iter().map(|&(c, _)| c))
            .chain(self.carrier_fees.iter().flat_map(|r| r.countries.iter().map(|&(c, _)| c)))
            .collect();
        crate::sort::sort_dedup(&mut all);
        all
    }

    /// The table as JSON in the shape `from_json` reads (prices as numbers).
    pub fn to_json(&self) -> Value {
        let number = |micros: i64| -> Value {
            crate::float::parse(&format_amount(micros))
                .and_then(crate::json::Number::from_f64)
                .map_or(Value::Null, Value::Number)
        };
        let mut root = Map::new();
        root.insert("currency".into(), Value::String(self.currency.to_string()));
        if let Some(d) = &self.as_of {
            root.insert("as_of".into(), Value::String(d.clone()));
        }
        let mut channels = Map::new();
        let mut fees = Map::new();
        for channel in Channel::ALL {
            let i = channel_index(channel);
            if let Some(rates) = self.channels.get(i).filter(|r| r.present) {
                let rate_json = |r: &Rate| match r.cost {
                    None => number(r.price),
                    Some(cost) => {
                        let mut pair = Map::new();
                        pair.insert("cost".to_string(), number(cost));
                        pair.insert("price".to_string(), number(r.price));
                        Value::Object(pair)
                    }
                };
                let mut rows = Map::new();
                if let Some(d) = &rates.default {
                    rows.insert("default".into(), rate_json(d));
                }
                for (cc, r) in &rates.countries {
                    rows.insert(cc.to_string(), rate_json(r));
                }
                channels.insert(channel.name().into(), Value::Object(rows));
            }
            if let Some(rates) = self.carrier_fees.get(i).filter(|r| r.present) {
                let mut rows = Map::new();
                if let Some(d) = rates.default {
                    rows.insert("default".into(), number(d));
                }
                for &(cc, fee) in &rates.countries {
                    rows.insert(cc.to_string(), number(fee));
                }
                fees.insert(channel.name().into(), Value::Object(rows));
            }
        }
        root.insert("channels".into(), Value::Object(channels));
        if !fees.is_empty() {
            root.insert("carrier_fees".into(), Value::Object(fees));
        }
        Value::Object(root)
    }
}

const TOP_KEYS: &[&str] = &["currency", "as_of", "channels", "carrier_fees"];

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// One channel's rows: `"sms": {"default": 0.01, "US": 0.0079}`.
type ChannelRows<'v> = (Channel, &'v Map<String, Value>);

/// The `{channel: {...}}` object of `channels` or `carrier_fees`.
fn channel_maps<'v>(value: &'v Value, path: &str) -> Result<Vec<ChannelRows<'v>>, PriceError> {
    let map =
        value.as_object().ok_or_else(|| PriceError::ExpectedObject { path: path.to_string() })?;
    let mut out = Vec::with_capacity(map.len());
    for (name, rows) in map {
        let channel = Channel::from_name(name).ok_or_else(|| PriceError::UnknownChannel {
            path: path.to_string(),
            name: clip(name),
            help: crate::diagnostics::did_you_mean(name, Channel::ALL.iter().map(|c| c.name())),
        })?;
        let rows = rows
            .as_object()
            .ok_or_else(|| PriceError::ExpectedObject { path: format!("{path}.{name}") })?;
        out.push((channel, rows));
    }
    Ok(out)
}

fn read_rows<T>(
    rows: &Map<String, Value>,
    path: &str,
    read: impl Fn(&Value, &str) -> Result<T, PriceError>,
) -> Result<Rates<T>, PriceError> {
    let mut rates =
        Rates { present: true, default: None, countries: Vec::with_capacity(rows.len()) };
    for (key, value) in rows {
        let row_path = format!("{path}.{}", clip(key));
        if key == "default" {
            rates.default = Some(read(value, &row_path)?);
            continue;
        }
        let cc = CountryCode::parse(key).ok_or_else(|| PriceError::BadCountry {
            path: path.to_string(),
            key: clip(key),
            help: country_help(key),
        })?;
        rates.countries.push((cc, read(value, &row_path)?));
    }
    crate::sort::sort_by_key(&mut rates.countries, |&(c, _)| c);
    Ok(rates)
}

/// A suggestion for a near-miss country key: `us` → `US`, `UK` → `GB`, `Default` → `default`.
fn country_help(key: &str) -> Option<String> {
    if key.eq_ignore_ascii_case("default") {
        return Some("default".into());
    }
    let upper = key.to_ascii_uppercase();
    if upper == "UK" {
        return Some("GB".into());
    }
    CountryCode::parse(&upper).map(|c| c.to_string())
}

fn read_rate(value: &Value, path: &str) -> Result<Rate, PriceError> {
    match value {
        Value::Object(entry) => {
            for key in entry.keys() {
                if key != "price" && key != "cost" {
                    return Err(PriceError::UnknownKey {
                        path: path.to_string(),
                        key: clip(key),
                        help: crate::diagnostics::did_you_mean(key, ["price", "cost"]),
                    });
                }
            }
            let price = entry
                .get("price")
                .ok_or_else(|| PriceError::MissingPrice { path: path.to_string() })?;
            let price = read_amount(price, &format!("{path}.price"))?;
            let cost = match entry.get("cost") {
                None | Some(Value::Null) => None,
                Some(c) => Some(read_amount(c, &format!("{path}.cost"))?),
            };
            Ok(Rate { price, cost })
        }
        other => Ok(Rate { price: read_amount(other, path)?, cost: None }),
    }
}

/// A non-negative amount: a JSON number or a decimal string, into micros (half to even).
fn read_amount(value: &Value, path: &str) -> Result<i64, PriceError> {
    let bad = |reason: String| PriceError::BadNumber { path: path.to_string(), reason };
    let micros = match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) => f64_to_micros(f),
            None => return Err(bad(format!("{n} is not a number"))),
        },
        Value::String(s) => decimal_to_micros(s).map_err(|e| match e {
            MoneyError::NotDecimal(_) => MoneyError::NotDecimal(clip(s)),
            MoneyError::TooLarge(_) => MoneyError::TooLarge(clip(s)),
            other => other,
        }),
        other => return Err(bad(format!("found {}", json_kind(other)))),
    };
    let micros = match micros {
        Ok(m) => m,
        Err(MoneyError::TooLarge(v)) => {
            return Err(PriceError::TooLarge { path: path.to_string(), value: v })
        }
        Err(e) => return Err(bad(e.to_string())),
    };
    if micros < 0 {
        return Err(PriceError::NegativePrice { path: path.to_string(), value: value_text(value) });
    }
    if micros > MAX_PRICE_MICROS {
        return Err(PriceError::TooLarge { path: path.to_string(), value: value_text(value) });
    }
    Ok(micros)
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => clip(s),
        other => clip(&crate::json::value_text(other)),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// The saved form of a program's price table (`compile::saved_form`): every field in order;
// codes as their text, read back through their tables (the country's: `country.rs`).

impl Encode for Rate {
    fn encode(&self, out: &mut Vec<u8>) {
        self.price.encode(out);
        self.cost.encode(out);
    }
}

impl Decode for Rate {
    fn decode(r: &mut Reader<'_>) -> Self {
        Rate { price: Decode::decode(r), cost: Decode::decode(r) }
    }
}

impl<T: Encode> Encode for Rates<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        self.present.encode(out);
        self.default.encode(out);
        self.countries.encode(out);
    }
}

impl<T: Decode> Decode for Rates<T> {
    fn decode(r: &mut Reader<'_>) -> Self {
        Rates {
            present: Decode::decode(r),
            default: Decode::decode(r),
            countries: Decode::decode(r),
        }
    }
}

impl Encode for PriceTable {
    fn encode(&self, out: &mut Vec<u8>) {
        self.currency.encode(out);
        self.as_of.encode(out);
        self.channels.encode(out);
        self.carrier_fees.encode(out);
    }
}

impl Decode for PriceTable {
    fn decode(r: &mut Reader<'_>) -> Self {
        PriceTable {
            currency: Decode::decode(r),
            as_of: Decode::decode(r),
            channels: Decode::decode(r),
            carrier_fees: Decode::decode(r),
        }
    }
}

impl Encode for Currency {
    fn encode(&self, out: &mut Vec<u8>) {
        self.as_str().encode(out);
    }
}

impl Decode for Currency {
    fn decode(r: &mut Reader<'_>) -> Self {
        named(r, "currency", Currency::parse, Currency::USD)
    }
}

#[cfg(test)]
mod tests;

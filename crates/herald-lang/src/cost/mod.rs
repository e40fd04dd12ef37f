//! The cost model (SPEC §3): price tables, SMS segments, destination countries, money, the cost
//! of one message (`quote`), the look-alike lint and the worst-case analysis of journeys.
//!
//! Money is integer micros from end to end (`money`); JSON shows decimal strings beside them.
//! How every number is computed, and why: docs/costs.md.

pub mod analyze;
pub(crate) mod content;
pub mod country;
pub mod graph;
pub mod lookalike;
pub mod money;
pub mod phone;
pub mod prices;
pub mod quote;
pub mod segments;
#[rustfmt::skip]
mod tables;
pub mod timing;

pub use analyze::{
    analyze, Analysis, AnalysisForm, AnalyzeOptions, Campaign, CountrySource, JourneyAnalysis,
    RunsNote, VariantCost,
};
pub use content::DEFAULT_INTERPOLATION_CHARS;
pub use country::CountryCode;
pub use graph::{Edge, Node, NodeKind};
pub use lookalike::{lint_lookalikes, lint_lookalikes_with, lookalike_replacement};
pub use money::{decimal_to_micros, format_amount, is_currency_code, Amount, AmountText, Currency};
pub use phone::country_of_phone;
pub use prices::{PriceError, PriceTable, Rate, RateLookup};
pub use quote::{quote, quote_for_country, MessageContent, Quote, Unit};
pub use segments::{sms_segments, Encoding, SmsSegments};

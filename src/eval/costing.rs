//! The evaluator's door to the cost model (`crate::cost`): a quote for each send, the request's
//! total, and which price table is in force (the request's `prices`, else the program's).

use herald_lang::channel::Channel;
use herald_lang::cost::{quote, Amount, Currency, MessageContent, PriceTable, Quote};

/// The `cost` object of a send decision.
pub type Cost = Quote;

/// `total_cost`: `{"amount": "0.0158", "micros": 15800, "currency": "USD"}`.
pub type Total = Amount;

/// The price table an evaluation uses.
#[derive(Debug, Clone, Copy)]
pub struct Pricing<'a> {
    pub table: &'a PriceTable,
}

impl Pricing<'_> {
    /// The price of one message; `content` is the rendered text, `None` for a template.
    pub fn quote(&self, channel: Channel, to: Option<&str>, content: Option<&str>) -> Quote {
        let content = match content {
            Some(text) => MessageContent::Text(text),
            None => MessageContent::Template,
        };
        quote(self.table, channel, to, content)
    }

    pub fn currency(&self) -> Currency {
        self.table.currency()
    }

    pub fn total(&self, micros: i64) -> Total {
        Amount::new(micros, self.table.currency())
    }
}

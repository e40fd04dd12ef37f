//! Parse + check of a 1,000-line file (goal: under 5 ms on one core). Results: docs/performance.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A realistic 1,000-line file: segments, a policy and journeys using every construct.
pub fn thousand_line_file() -> String {
    let mut src = String::from(
        "policy {\n  limit 5 messages per 7 days\n  quiet hours 21:00 to 08:00\n  timezone \"America/New_York\"\n}\n\n",
    );
    let mut n = 0;
    while src.lines().count() < 1000 {
        n += 1;
        src.push_str(&format!(
            r#"segment s{n} = profile.lifetime_value >= {n}00 and profile.country in ["US", "CA"]

journey "j{n}" {{
  when event "Cart Abandoned" where event.value >= 50
  audience s{n} and (profile.tier ?? "none") != "staff"
  exit when event "Order Completed"
  reentry after 7 days
  limit 2 messages per 1 day
  budget $0.05 per entry

  wait 1 hour
  if count(event "Product Viewed" within 1 day) > 3 {{
    send sms "Hi {{{{profile.first_name ?? "there"}}}}, still thinking it over? {{{{event.url}}}}"
  }} else {{
    send push "Your cart misses you" fallback email template "cart_reminder"
  }}
  wait for event "Checkout Started" within 2 days {{
    send email template "complete_your_order"
  }} timeout {{
    split {{
      50% {{ send sms "Last chance: 10% off with CART10" }}
      50% {{ stop }}
    }}
  }}
}}

"#
        ));
    }
    src
}

fn bench(c: &mut Criterion) {
    let src = thousand_line_file();
    assert!(herald_engine::check_source(&src).iter().all(|d| !d.is_error()));
    let lines = src.lines().count();
    c.bench_function(&format!("parse+check {lines} lines"), |b| {
        b.iter(|| herald_engine::check_source(black_box(&src)))
    });
    c.bench_function(&format!("parse {lines} lines"), |b| {
        b.iter(|| herald_lang::syntax::parse(black_box(&src)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

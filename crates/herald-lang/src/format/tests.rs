use super::*;
use crate::syntax::ast::*;
use crate::syntax::parse;

fn fmt(src: &str) -> String {
    match format(src) {
        Ok(out) => out,
        Err(d) => panic!("format failed: {d:?}\n--- source:\n{src}"),
    }
}

fn comment_texts(src: &str) -> Vec<String> {
    parse(src).unwrap().comments.iter().map(|c| c.text.trim_end().to_string()).collect()
}

/// `parse(b)` equals `parse(a)` once spans are erased (comments included, so none is lost,
/// duplicated or reordered).
fn assert_same_meaning(a: &str, b: &str) {
    let fa = erase_spans(&parse(a).unwrap());
    let fb = match parse(b) {
        Ok(f) => erase_spans(&f),
        Err(d) => panic!("formatted text does not parse: {d:?}\n{b}"),
    };
    assert_eq!(fa, fb, "meaning changed\n--- before:\n{a}\n--- after:\n{b}");
}

/// Formats `src`, expecting `expected` (a leading newline is ignored, for readability), and
/// checks meaning preservation and idempotence.
#[track_caller]
fn check(src: &str, expected: &str) {
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    let out = fmt(src);
    assert_eq!(out, expected, "\n--- got:\n{out}\n--- expected:\n{expected}");
    assert_same_meaning(src, &out);
    assert_eq!(fmt(&out), out, "not idempotent");
}

/// Wraps steps in a journey with no header.
fn journey(steps: &str) -> String {
    format!("journey \"j\" {{\n{steps}\n}}\n")
}

// ---------------------------------------------------------------- whole files

#[test]
fn the_spec_example_formats_to_its_fixture() {
    check(
        include_str!("testdata/spec_example.herald"),
        include_str!("testdata/spec_example.formatted.herald"),
    );
}

#[test]
fn an_empty_file_stays_empty() {
    check("", "");
    check("  \n\n\t\n", "");
}

#[test]
fn a_file_on_one_line_is_laid_out() {
    check(
        r#"segment a = profile.x>1 journey "j" { when event "E" audience a send sms "hi" wait 1 days stop } policy { timezone "UTC" }"#,
        r#"
segment a = profile.x > 1

journey "j" {
  when event "E"
  audience a

  send sms "hi"
  wait 1 day
  stop
}

policy {
  timezone "UTC"
}
"#,
    );
}

#[test]
fn tabs_crlf_and_odd_indentation_are_normalized() {
    check(
        "journey \"j\" {\r\n\twhen event \"E\"\r\n\r\n\r\n\t\t  stop # done\r\n}\r\n",
        "journey \"j\" {\n  when event \"E\"\n\n  stop # done\n}\n",
    );
}

#[test]
fn syntax_errors_are_returned() {
    assert!(format("journey \"j\" {").is_err());
    assert!(format("segment = 1").is_err());
    assert!(format("journey \"j\" { send sms \"unterminated }").is_err());
}

#[test]
fn checker_errors_do_not_stop_formatting() {
    // Unknown channel, clause after a step, split not summing to 100, empty block, a
    // duplicate journey, an interpolation in an id, zero duration, bad time of day.
    check(
        r#"
journey "x{{profile.a}}" { send fax "hi" when event "E" split { 10% { stop } } if true {} wait 0 seconds
quiet hours 25:00 to 1:5 }
journey "x{{profile.a}}" { }
"#,
        r#"
journey "x{{ profile.a }}" {
  send fax "hi"
  when event "E"

  split {
    10% { stop }
  }
  if true {
  }
  wait 0 seconds
  quiet hours 25:00 to 1:5
}

journey "x{{ profile.a }}" {
}
"#,
    );
}

// ---------------------------------------------------------------- clauses

#[test]
fn every_header_clause() {
    check(
        r#"
journey "j" {
  when   event "A"
  when event "B"   where event.x==1
  audience   profile.age>=18
  exit   when event "C"
  exit when event "D" where event.y   exists
  reentry never
  reentry   always
  reentry    restart
  transactional
  reentry after 1 days
  reentry after 2 week
  limit 1 messages per 1 hours
  limit 3 message per 7 day
  limit 2 sms per 30 minute
  quiet hours 9:05 to 17:30
  budget $0.05 per entry
  budget 1.50   EUR per   entry
  timezone "Europe/Paris"
  stop
}
"#,
        r#"
journey "j" {
  when event "A"
  when event "B" where event.x == 1
  audience profile.age >= 18
  exit when event "C"
  exit when event "D" where event.y exists
  reentry never
  reentry always
  reentry restart
  transactional
  reentry after 1 day
  reentry after 2 weeks
  limit 1 message per 1 hour
  limit 3 messages per 7 days
  limit 2 sms per 30 minutes
  quiet hours 09:05 to 17:30
  budget $0.05 per entry
  budget 1.50 EUR per entry
  timezone "Europe/Paris"

  stop
}
"#,
    );
}

#[test]
fn policy_clauses() {
    check(
        "policy{limit 5 messages per 7 days quiet hours 21:00 to 08:00 timezone \"America/New_York\"}",
        r#"
policy {
  limit 5 messages per 7 days
  quiet hours 21:00 to 08:00
  timezone "America/New_York"
}
"#,
    );
    check("policy { }", "policy {\n}\n");
}

#[test]
fn out_of_range_times_are_kept_as_written() {
    check("policy { quiet hours 123:00 to 08:7 }", "policy {\n  quiet hours 123:00 to 08:7\n}\n");
}

#[test]
fn durations_are_singular_for_one_only() {
    check(
        &journey("wait 1 seconds\nwait 2 second\nwait 1 minutes\nwait 0 hour\nwait -1 day\nwait 007 weeks"),
        r#"
journey "j" {
  wait 1 second
  wait 2 seconds
  wait 1 minute
  wait 0 hours
  wait -1 days
  wait 7 weeks
}
"#,
    );
}

// ---------------------------------------------------------------- steps

#[test]
fn send_steps() {
    check(
        &journey(
            r#"send sms "a"
send   email template   "t1"
send push "p" fallback   sms "s"   fallback webhook template "w""#,
        ),
        r#"
journey "j" {
  send sms "a"
  send email template "t1"
  send push "p" fallback sms "s" fallback webhook template "w"
}
"#,
    );
}

#[test]
fn a_send_spread_over_lines_becomes_one_line() {
    check(
        &journey("send push \"p\"\n    fallback email \"e\"\n    fallback sms \"s\""),
        "journey \"j\" {\n  send push \"p\" fallback email \"e\" fallback sms \"s\"\n}\n",
    );
}

#[test]
fn a_send_too_wide_for_one_line_puts_each_fallback_on_its_own_line() {
    let long = "x".repeat(60);
    check(
        &journey(&format!(
            "if a {{ send sms \"{long}\" # first\n  # about voice\n\n  fallback voice \"v\" fallback email template \"t\" # last\n}}"
        )),
        &format!(
            r#"
journey "j" {{
  if a {{
    send sms "{long}" # first
      # about voice
      fallback voice "v"
      fallback email template "t" # last
  }}
}}
"#
        ),
    );
    // Without fallbacks there is nothing to break: the line stays long.
    let longer = "y".repeat(120);
    check(
        &journey(&format!("send sms \"{longer}\"")),
        &format!("journey \"j\" {{\n  send sms \"{longer}\"\n}}\n"),
    );
    // At exactly 100 columns it is still one line.
    let fits = "z".repeat(100 - "  send sms \"\" fallback push \"p\"".len());
    check(
        &journey(&format!("send sms \"{fits}\"\nfallback push \"p\"")),
        &format!("journey \"j\" {{\n  send sms \"{fits}\" fallback push \"p\"\n}}\n"),
    );
}

#[test]
fn a_split_arm_too_wide_for_one_line_becomes_a_block() {
    let long = "x".repeat(80);
    check(
        &journey(&format!("split {{ 50% {{ send sms \"{long}\" }} 50% {{ stop }} }}")),
        &format!(
            "journey \"j\" {{\n  split {{\n    50% {{\n      send sms \"{long}\"\n    }}\n    50% {{ stop }}\n  }}\n}}\n"
        ),
    );
}

#[test]
fn wait_steps() {
    check(
        &journey("wait 3 days\nwait until 9:00\nwait until 23:59"),
        "journey \"j\" {\n  wait 3 days\n  wait until 09:00\n  wait until 23:59\n}\n",
    );
}

#[test]
fn wait_for_with_and_without_timeout() {
    check(
        &journey(
            r#"wait for event "A" within 2 days { send sms "a" }
wait for event "B" where event.x > 1 within 1 hour { stop } timeout { wait 1 day
send sms "late" }"#,
        ),
        r#"
journey "j" {
  wait for event "A" within 2 days {
    send sms "a"
  }
  wait for event "B" where event.x > 1 within 1 hour {
    stop
  } timeout {
    wait 1 day
    send sms "late"
  }
}
"#,
    );
}

#[test]
fn if_else_if_else() {
    check(
        &journey(
            r#"if a { stop }
if a { stop } else { wait 1 day }
if a { stop }
else if b { wait 1 day }
else if c { wait 2 days } else { send sms "x" }"#,
        ),
        r#"
journey "j" {
  if a {
    stop
  }
  if a {
    stop
  } else {
    wait 1 day
  }
  if a {
    stop
  } else if b {
    wait 1 day
  } else if c {
    wait 2 days
  } else {
    send sms "x"
  }
}
"#,
    );
}

#[test]
fn nested_blocks_indent_by_two() {
    check(
        &journey(
            r#"if a { if b { wait for event "E" within 1 day { split { 50% { if c { stop } } 50% { stop } } } } }"#,
        ),
        r#"
journey "j" {
  if a {
    if b {
      wait for event "E" within 1 day {
        split {
          50% {
            if c {
              stop
            }
          }
          50% { stop }
        }
      }
    }
  }
}
"#,
    );
}

#[test]
fn split_arms_are_one_line_when_simple() {
    check(
        &journey(
            r#"split {
  50 % {
    send sms "a"
  }
  25% {}
  25% { wait 1 day stop }
}"#,
        ),
        r#"
journey "j" {
  split {
    50% { send sms "a" }
    25% {}
    25% {
      wait 1 day
      stop
    }
  }
}
"#,
    );
    check(&journey("split {}"), "journey \"j\" {\n  split {\n  }\n}\n");
}

#[test]
fn stop_and_unknown_steps() {
    check(
        &journey("stop\nsned   sms \"hi\"\nstop"),
        "journey \"j\" {\n  stop\n  sned   sms \"hi\"\n  stop\n}\n",
    );
}

#[test]
fn unknown_statements_are_kept_verbatim_with_their_blocks_and_comments() {
    let src = "jouney \"x\" {\n      send sms \"a\" # inner\n  }   # after\nsegment a = 1\njourney \"j\" {\n    sned sms \"b\" {\n        # c\n      stop }\n  stop\n}\n";
    check(
        src,
        "jouney \"x\" {\n      send sms \"a\" # inner\n  } # after\n\nsegment a = 1\n\njourney \"j\" {\n  sned sms \"b\" {\n        # c\n      stop }\n  stop\n}\n",
    );
}

#[test]
fn an_unknown_step_ending_in_a_hash_inside_quotes_is_kept_whole() {
    // The rest of an unknown statement's line reads quoted parts whole: `# b` is no comment.
    check(
        &journey("sned foo \"a # b\"   \nstop"),
        "journey \"j\" {\n  sned foo \"a # b\"\n  stop\n}\n",
    );
}

#[test]
fn a_brace_inside_quotes_does_not_end_an_unknown_statement() {
    // fuzz (format_roundtrip): `}` inside the quotes closed the journey, and the formatted text
    // split the quotes over two lines, which no longer parsed.
    check(&journey("sned sms \"a}b\"\nstop"), "journey \"j\" {\n  sned sms \"a}b\"\n  stop\n}\n");
    check(
        &journey("sned sms \"a}b\" {\n  stop\n}\nstop"),
        "journey \"j\" {\n  sned sms \"a}b\" {\n  stop\n}\n  stop\n}\n",
    );
}

// ---------------------------------------------------------------- expressions

#[test]
fn every_binary_operator() {
    let ops = [
        "??",
        "or",
        "and",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "in",
        "contains",
        "starts_with",
        "ends_with",
        "+",
        "-",
        "*",
        "/",
    ];
    for op in ops {
        check(
            &format!("segment s = profile.a   {op}   profile.b"),
            &format!("segment s = profile.a {op} profile.b\n"),
        );
    }
    check("segment s = 1+2*3-4/5", "segment s = 1 + 2 * 3 - 4 / 5\n");
}

#[test]
fn unary_operators_exists_and_precedence() {
    check(
        "segment s = not   not a and - -profile.x<-3 or profile.y   exists   exists ?? false",
        "segment s = not not a and --profile.x < -3 or profile.y exists exists ?? false\n",
    );
}

#[test]
fn written_parentheses_are_kept() {
    check(
        "segment s = ( ( a ) ) and (profile.x ?? 1) == ( 2 ) and not(b or c) and -(1 + 2) * 3",
        "segment s = ((a)) and (profile.x ?? 1) == (2) and not (b or c) and -(1 + 2) * 3\n",
    );
}

#[test]
fn literals_lists_calls_and_count() {
    check(
        r#"segment s = [ 1 , 2.50 , "x" , true , false , now , [ ] , [a,] ] contains days_since( profile.d ) and count( event "E" where event.v > 1 within 7 day ) > lower( upper( "A" ) ) and len() == hours_since(profile.t,1)"#,
        "segment s = [1, 2.50, \"x\", true, false, now, [], [a]] contains days_since(profile.d) and count(event \"E\" where event.v > 1 within 7 days) > lower(upper(\"A\")) and len() == hours_since(profile.t, 1)\n",
    );
}

#[test]
fn paths_keep_dots_and_brackets() {
    check(
        r#"segment s = profile . a[ "b c" ] .when == event["x"]["\u{41}"]"#,
        "segment s = profile.a[\"b c\"].when == event[\"x\"][\"A\"]\n",
    );
}

// ---------------------------------------------------------------- strings

#[test]
fn string_escapes_are_canonical() {
    check(
        r#"segment s = "q\" b\\ n\n t\t u\u{1F600} \u{7} \u{202e} brace\{x \{{ é""#,
        "segment s = \"q\\\" b\\\\ n\\n t\\t u😀 \\u{7} \\u{202E} brace{x \\{{ é\"\n",
    );
}

#[test]
fn raw_control_characters_in_strings_are_escaped() {
    check("segment s = \"a\rb\u{1b}c\"", "segment s = \"a\\u{D}b\\u{1B}c\"\n");
}

#[test]
fn interpolations_are_spaced_and_hold_nested_strings() {
    check(
        &journey(
            r#"send sms "Hi {{profile.first_name??"the\"re"}}! {{   "{{event.x}}" }}{{profile.n}}{ \{{{event.y}}}""#,
        ),
        "journey \"j\" {\n  send sms \"Hi {{ profile.first_name ?? \"the\\\"re\" }}! {{ \"{{ event.x }}\" }}{{ profile.n }}{ \\{{{ event.y }}}\"\n}\n",
    );
}

// ---------------------------------------------------------------- comments

#[test]
fn comments_in_every_position() {
    let src = r#"
# header


# about a
segment a = 1 # trailing a
# between items
policy # after policy word
{ # after policy brace
  # before limit
  limit 1 message per 1 day # trailing limit
  # end of policy
} # after policy
journey "j" # before brace
{ # after brace
  # before when
  when event "E" # trailing when
  # before first step
  if a { # after if brace
    # inside if
    stop # trailing stop
    # end of if
  } # after if close
  # between if and else
  else { # after else brace
    stop
  } # after else close
  split { # after split brace
    # before arm
    50% { stop } # trailing arm
    50% { # in arm
      stop
    }
  }
  # end of journey
}
# end of file
"#;
    check(
        src,
        r#"
# header

# about a
segment a = 1 # trailing a

# between items
# after policy word
policy { # after policy brace
  # before limit
  limit 1 message per 1 day # trailing limit
  # end of policy
} # after policy

# before brace
journey "j" { # after brace
  # before when
  when event "E" # trailing when

  # before first step
  if a { # after if brace
    # inside if
    stop # trailing stop
    # end of if
    # after if close
    # between if and else
  } else { # after else brace
    stop
  } # after else close
  split { # after split brace
    # before arm
    50% { stop } # trailing arm
    50% { # in arm
      stop
    }
  }
  # end of journey
}
# end of file
"#,
    );
}

#[test]
fn a_comment_inside_a_multi_line_clause_moves_above_it() {
    check(
        &journey("audience profile.a # first\n  and # second\n  profile.b # last\nstop"),
        r#"
journey "j" {
  # first
  # second
  audience profile.a and profile.b # last

  stop
}
"#,
    );
}

#[test]
fn comments_in_conditions_of_else_if_stay_in_order() {
    check(
        &journey("if a {\n  stop\n} else if # why\n  b {\n  stop\n}"),
        "journey \"j\" {\n  if a {\n    stop\n    # why\n  } else if b {\n    stop\n  }\n}\n",
    );
}

#[test]
fn comment_only_files() {
    check("#a\n   #  b  \n\n\n# c", "#a\n#  b\n\n# c\n");
}

#[test]
fn comments_inside_interpolations_are_kept_above_the_step() {
    let src = "journey \"j\" {\n  send sms \"Hi {{ profile.name # the name\n  ?? \"you\" }}\"\n}\n";
    let out = fmt(src);
    assert_eq!(
        out,
        "journey \"j\" {\n  # the name\n  send sms \"Hi {{ profile.name ?? \"you\" }}\"\n}\n"
    );
    assert_eq!(fmt(&out), out);
    let mut before = erase_spans(&parse(src).unwrap());
    let after = erase_spans(&parse(&out).unwrap());
    assert!(before.comments.is_empty());
    assert_eq!(comment_texts(&out), [" the name"]);
    before.comments = after.comments.clone();
    assert_eq!(before, after);
}

#[test]
fn hashes_inside_strings_are_not_comments() {
    check(
        "segment s = \"# not a comment\" # a comment",
        "segment s = \"# not a comment\" # a comment\n",
    );
}

// ---------------------------------------------------------------- blank lines

#[test]
fn blank_lines_between_steps_are_kept_once() {
    check(
        &journey("\n\n  wait 1 day\n\n\n\n  # about stop\n\n  stop\n\n\n"),
        "journey \"j\" {\n  wait 1 day\n\n  # about stop\n\n  stop\n}\n",
    );
}

#[test]
fn items_are_separated_by_one_blank_line() {
    check(
        "policy {}\nsegment a = 1 journey \"j\" {} \n\n\n\njourney \"k\" {}",
        "policy {\n}\n\nsegment a = 1\n\njourney \"j\" {\n}\n\njourney \"k\" {\n}\n",
    );
}

#[test]
fn consecutive_segments_may_stay_together() {
    check(
        "segment a = 1\nsegment b = 2\n\n\n\nsegment c = 3 segment d = 4\n# about e\nsegment e = 5",
        "segment a = 1\nsegment b = 2\n\nsegment c = 3\nsegment d = 4\n# about e\nsegment e = 5\n",
    );
}

#[test]
fn header_and_steps_are_separated_by_one_blank_line() {
    check(
        "journey \"j\" {\n  when event \"E\"\n  # steps\n  stop\n  reentry never\n  stop\n}",
        "journey \"j\" {\n  when event \"E\"\n\n  # steps\n  stop\n  reentry never\n\n  stop\n}\n",
    );
}

// ---------------------------------------------------------------- hand-built trees

#[test]
fn a_hand_built_tree_prints_without_source() {
    let zero = Span::default();
    let name =
        |n: &str| Expr { kind: ExprKind::Name(Ident { name: n.into(), span: zero }), span: zero };
    let or = Expr {
        kind: ExprKind::Binary {
            op: BinaryOp::Or,
            lhs: Box::new(name("a")),
            rhs: Box::new(name("b")),
        },
        span: zero,
    };
    let and = Expr {
        kind: ExprKind::Binary { op: BinaryOp::And, lhs: Box::new(or), rhs: Box::new(name("c")) },
        span: zero,
    };
    let file = File {
        items: vec![Item::Segment(SegmentDef {
            name: Ident { name: "s".into(), span: zero },
            expr: and,
            span: zero,
        })],
        comments: Vec::new(),
    };
    let out = format_file(&file, "");
    assert_eq!(out, "segment s = (a or b) and c\n");
    assert_eq!(erase_spans_and_parens(&parse(&out).unwrap()), erase_spans_and_parens(&file));
}

#[test]
fn the_example_in_the_formatting_docs_is_canonical() {
    let doc = include_str!("../../../../docs/formatting.md");
    let start = doc.find("```herald\n").unwrap() + "```herald\n".len();
    let len = doc[start..].find("```").unwrap();
    let example = &doc[start..start + len];
    check(example, example);
}

#[test]
fn deeply_nested_blocks_with_comments() {
    let mut src = String::from("journey \"j\" {\n");
    let mut expected = String::from("journey \"j\" {\n");
    for depth in 1..=60 {
        src.push_str("if a { # c\n");
        expected.push_str(&format!("{}if a {{ # c\n", "  ".repeat(depth)));
    }
    src.push_str("stop\n");
    expected.push_str(&format!("{}stop\n", "  ".repeat(61)));
    for depth in (1..=60).rev() {
        src.push_str("}\n");
        expected.push_str(&format!("{}}}\n", "  ".repeat(depth)));
    }
    src.push_str("}\n");
    expected.push_str("}\n");
    check(&src, &expected);
}

// ---------------------------------------------------------------- functions (SPEC §6)

#[test]
fn functions_round_trip() {
    check(
        &journey(
            "if sum( event \"O\" where event.total>1 within 30 days,event.total )>=100 and any(profile.orders,any(item.lines,item[\"sku\"]==\"A\")) {\nsend sms \"{{format_money(round(event.x,2),\"EUR\")}} {{format_date(now+3 days,\"%B %-d\")}} {{default( profile.a , \"b\" )}}\"\n}\nif profile.at -2 hours<= now and (3 days + now) > profile.b and last(event \"V\" within 1 day) exists {\nstop\n}",
        ),
        r#"
journey "j" {
  if sum(event "O" where event.total > 1 within 30 days, event.total) >= 100 and any(profile.orders, any(item.lines, item["sku"] == "A")) {
    send sms "{{ format_money(round(event.x, 2), "EUR") }} {{ format_date(now + 3 days, "%B %-d") }} {{ default(profile.a, "b") }}"
  }
  if profile.at - 2 hours <= now and (3 days + now) > profile.b and last(event "V" within 1 day) exists {
    stop
  }
}
"#,
    );
}

#[test]
fn messages_topics_and_default_locale_are_laid_out() {
    check(
        "policy { default locale \"en\" topic \"news\"   opt-in }\n\
         message \"cart\" { en \"Hi {{profile.first_name}}\"   # the default\n pt-BR \"Olá\" }\n\
         journey \"j\" { when event \"E\" topic \"news\" send sms message \"cart\" fallback email message \"cart\" }",
        r#"
policy {
  default locale "en"
  topic "news" opt-in
}

message "cart" {
  en "Hi {{ profile.first_name }}" # the default
  pt-BR "Olá"
}

journey "j" {
  when event "E"
  topic "news"

  send sms message "cart" fallback email message "cart"
}
"#,
    );
}

//! Fuzz target: any text as one cell, through every value parser.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tenant_audit::{columns, phone, values};

fuzz_target!(|text: &str| {
    let _ = values::classify(text);
    let _ = values::parse_bool(text);
    let _ = values::split_multi(text, values::Separators::PROXY);
    let _ = values::email_syntax_ok(text);
    let _ = values::normalise_header(text);
    let _ = columns::field_of(text);
    let analysis = phone::analyse(text, Some("GB"));
    if let Some(number) = analysis.number {
        let _ = (number.e164(), number.international(), number.region());
    }
});

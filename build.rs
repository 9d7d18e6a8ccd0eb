//! Build script: writes the numbering plans the `phonenumber` crate
//! carries into a Rust table of static text (`$OUT_DIR/plans.rs`, read by
//! `src/phone/plan.rs`).
//!
//! The crate loads its database at run time, checking the syntax of every
//! one of its thousands of patterns first; that takes a tenth of a second
//! on one thread, and every thread that needs a number waits for it. Done
//! here, the check happens once, at build time, and a run starts with the
//! plans already in the binary. The crate stays the source of truth: the
//! table is made from it, and a test compares the two field by field.

use std::fmt::Write as _;
use std::path::PathBuf;

use phonenumber::metadata::{Descriptor, DATABASE};
use phonenumber::Metadata;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut metas: Vec<&Metadata> = Vec::new();
    let mut codes: Vec<u16> = DATABASE.iter().map(Metadata::country_code).collect();
    codes.sort_unstable();
    codes.dedup();
    // Grouped by country code, each code's regions in the crate's order
    // (main country first), which is the order classification tries them.
    for code in codes {
        metas.extend(DATABASE.by_code(&code).unwrap_or_default());
    }

    let mut out = String::from("&[\n");
    for meta in metas {
        region(&mut out, meta);
    }
    out.push_str("]\n");

    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("plans.rs"), out).expect("OUT_DIR is writable");
}

/// One region's entry: `PlanData { ... },`.
fn region(out: &mut String, meta: &Metadata) {
    let d = meta.descriptors();
    let typed = [
        ("PremiumRate", d.premium_rate()),
        ("TollFree", d.toll_free()),
        ("SharedCost", d.shared_cost()),
        ("Voip", d.voip()),
        ("PersonalNumber", d.personal_number()),
        ("Pager", d.pager()),
        ("Uan", d.uan()),
        ("Voicemail", d.voicemail()),
        ("FixedLine", d.fixed_line()),
        ("Mobile", d.mobile()),
    ];

    let _ = writeln!(out, "PlanData {{");
    let _ = writeln!(out, "    id: {:?},", meta.id());
    let _ = writeln!(out, "    code: {},", meta.country_code());
    let _ = writeln!(out, "    national_prefix: {:?},", meta.national_prefix());
    let leading = meta.leading_digits().map(|x| x.as_str());
    let _ = writeln!(out, "    leading_digits: {leading:?},");
    let _ = writeln!(out, "    general: {},", pattern(d.general()));
    let _ = writeln!(out, "    typed: &[");
    for (line, found) in typed {
        if let Some(found) = found {
            let _ = writeln!(out, "        (LineType::{line}, {}),", pattern(found));
        }
    }
    let _ = writeln!(out, "    ],");
    formats(out, meta);
    let _ = writeln!(out, "}},");
}

/// A descriptor: `PatternData { national_number, lengths }`.
fn pattern(d: &Descriptor) -> String {
    format!(
        "PatternData {{ national_number: {:?}, lengths: &{:?} }}",
        d.national_number().as_str(),
        d.possible_length()
    )
}

/// The international number formats, or the national ones when the region
/// has no separate international list (as the crate formats them).
fn formats(out: &mut String, meta: &Metadata) {
    let formats = match meta.international_formats() {
        [] => meta.formats(),
        found => found,
    };
    let _ = writeln!(out, "    formats: &[");
    for f in formats {
        // Only the last, most specific, leading-digits pattern is used.
        let leading = f.leading_digits().last().map(|x| x.as_str());
        let _ = writeln!(
            out,
            "        FormatData {{ leading: {leading:?}, pattern: {:?}, format: {:?} }},",
            f.pattern().as_str(),
            f.format()
        );
    }
    let _ = writeln!(out, "    ],");
}

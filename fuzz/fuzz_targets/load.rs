//! Fuzz target: any bytes as one file of a tenant, through loading and
//! the rules, as `audit` runs them.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tenant_audit::build::{self, LoadOptions};
use tenant_audit::rules::{self, RuleSettings};

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("export.csv"), bytes).unwrap();

    // `build::load` and `rules::audit` directly, not `run::run`, which
    // turns a panic into an input issue and would hide it from the fuzzer.
    let files = build::discover(dir.path()).unwrap();
    let loaded = build::load(&files, &LoadOptions::default());
    let _ = rules::audit(&loaded.tenant, &RuleSettings::default());
});

//! Fuzz target: any bytes as an input file, through the reader (text or
//! workbook, told by content) and header recognition, every row drained.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tenant_audit::columns;
use tenant_audit::read::{self, Limits};

fuzz_target!(|bytes: &[u8]| {
    // The readers take a path (workbooks need to seek), so the bytes go
    // through a file; the temporary folder keeps runs apart.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input");
    std::fs::write(&path, bytes).unwrap();

    let mut file = read::open(&path, "input", &Limits::default());
    for table in std::mem::take(&mut file.tables) {
        columns::recognise(table).rows.for_each(drop);
    }
    let _ = file.take_late_issues();
});

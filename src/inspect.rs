//! `tenant-audit inspect`: how each file and worksheet is read, for the
//! administrator whose export is not recognised as expected. Prints the
//! parts each table plays, the column each field was read from, row
//! counts and input issues.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::build::{self, LoadOptions, TenantFiles};
use crate::columns;
use crate::progress::Progress;
use crate::read::{self, Limits};
use crate::source::Origin;

/// Describes every file under `paths` (files, or folders of files).
/// Returns whether any path could be read.
///
/// # Errors
///
/// Only when writing to `out` fails.
pub fn inspect(paths: &[PathBuf], out: &mut dyn Write) -> io::Result<bool> {
    let mut any = false;
    for path in paths {
        match build::discover(path) {
            Ok(files) => {
                any = true;
                describe_tenant(&files, out)?;
            }
            Err(e) => writeln!(out, "{}: {e}", path.display())?,
        }
    }
    Ok(any)
}

fn describe_tenant(files: &TenantFiles, out: &mut dyn Write) -> io::Result<()> {
    let limits = Limits::default();
    let opts = LoadOptions {
        all_users: true,
        limits: limits.clone(),
        progress: Progress::hidden(),
    };
    let loaded = build::load(files, &opts);
    for (path, shown) in &files.files {
        let file = read::open(path, shown, &limits);
        if file.tables.is_empty() {
            writeln!(out, "{shown}\n  parts: none")?;
            describe_counts(&loaded, &Origin::file(shown), out)?;
        }
        for table in file.tables {
            let recognised = columns::recognise(table);
            let layout = &recognised.layout;
            let origin = layout.origin.clone();
            writeln!(out, "{origin}")?;
            describe_layout(layout, out)?;
            describe_counts(&loaded, &origin, out)?;
        }
    }
    Ok(())
}

fn describe_layout(layout: &columns::Layout, out: &mut dyn Write) -> io::Result<()> {
    let parts = layout.parts.names();
    let parts = if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    };
    writeln!(out, "  parts: {parts}")?;
    if layout.header_row > 0 {
        writeln!(out, "  header: row {}", layout.header_row)?;
    }
    for (field, header) in layout.describe() {
        writeln!(out, "  {field:<18} <- {header}")?;
    }
    let ignored: Vec<&str> = layout
        .headers
        .iter()
        .zip(&layout.fields)
        .filter(|(h, f)| f.is_none() && !h.is_empty())
        .map(|(h, _)| h.as_str())
        .collect();
    if !ignored.is_empty() {
        writeln!(out, "  not used: {}", ignored.join(", "))?;
    }
    Ok(())
}

fn describe_counts(loaded: &build::Loaded, origin: &Origin, out: &mut dyn Write) -> io::Result<()> {
    let same = |file: &str, sheet: &Option<std::sync::Arc<str>>| {
        *file == *origin.file && *sheet == origin.sheet
    };
    if let Some(input) = loaded.inputs.iter().find(|i| same(&i.file, &i.sheet)) {
        writeln!(
            out,
            "  rows: {} ({} rejected)\n  sha256: {}",
            input.rows, input.rows_rejected, input.sha256
        )?;
    }
    for issue in loaded.issues.iter().filter(|i| same(&i.file, &i.sheet)) {
        writeln!(out, "  issue: {issue}")?;
    }
    Ok(())
}

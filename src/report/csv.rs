//! The findings as CSV: one row per finding of every tenant, in report
//! order, with the header
//! `tenant,severity,rule,upn,message,value,suggested_fix,source`.
//!
//! Spreadsheet formula injection is neutralised: a cell that begins with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is written with one
//! leading apostrophe (`'`), so a spreadsheet opening the file shows it as
//! text instead of running it. Scripts reading the CSV should strip one
//! leading apostrophe from such cells. Phone numbers typed with a country
//! code (`+44 7400 123456`) get the apostrophe too: that is intended.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Finding, Report};

/// The header row, also the order of the fields in every row.
pub const HEADER: [&str; 8] = [
    "tenant",
    "severity",
    "rule",
    "upn",
    "message",
    "value",
    "suggested_fix",
    "source",
];

/// Writes every finding of `report` as one CSV row under [`HEADER`].
///
/// Cells are quoted where the CSV format needs it and neutralised against
/// formula injection (see the module documentation). Absent values are
/// empty cells.
///
/// # Errors
///
/// Any error writing to `out`.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;

    for tenant in &report.tenants {
        for finding in &tenant.findings {
            for cell in cells(&tenant.name, finding) {
                writer.write_field(neutralise(&cell).as_bytes())?;
            }
            // An empty record ends the row begun by the fields above.
            writer.write_record(None::<&[u8]>)?;
        }
    }

    writer.flush()
}

/// The cells of one finding, in [`HEADER`] order.
fn cells<'a>(tenant: &'a str, finding: &'a Finding) -> [Cow<'a, str>; 8] {
    let opt = |value: &'a Option<String>| Cow::Borrowed(value.as_deref().unwrap_or(""));
    [
        Cow::Borrowed(tenant),
        Cow::Borrowed(finding.severity.as_str()),
        Cow::Borrowed(finding.rule),
        opt(&finding.upn),
        Cow::Borrowed(&*finding.message),
        opt(&finding.value),
        opt(&finding.suggested_fix),
        finding
            .source
            .as_ref()
            .map_or(Cow::Borrowed(""), |source| Cow::Owned(source.to_string())),
    ]
}

/// `cell` with a leading apostrophe when a spreadsheet would read it as a
/// formula (or, for tab and carriage return, could be tricked into it).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Severity;
    use crate::report::{TenantReport, Tool};
    use crate::source::Origin;

    fn finding(message: &str, value: Option<&str>) -> Finding {
        Finding {
            rule: "phone-invalid",
            severity: Severity::High,
            upn: Some("ada@contoso.com".into()),
            message: message.to_string().into(),
            value: value.map(Into::into),
            suggested_fix: None,
            source: Some(Origin::sheet("export.xlsx", "Users").at(7)),
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        Report {
            tool: Tool::default(),
            profile: "cis".into(),
            as_of: "2026-12-03".into(),
            tenants: vec![TenantReport {
                name: "contoso".into(),
                findings,
                ..TenantReport::default()
            }],
        }
    }

    fn rows(report: &Report) -> Vec<csv::StringRecord> {
        let mut out = Vec::new();
        write(report, &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(
            reader.headers().unwrap(),
            &csv::StringRecord::from(HEADER.to_vec())
        );
        reader.records().map(Result::unwrap).collect()
    }

    #[test]
    fn formula_like_cells_get_an_apostrophe() {
        for (raw, want) in [
            ("=1+1", "'=1+1"),
            ("+44 7400 123456", "'+44 7400 123456"),
            ("-x", "'-x"),
            ("@x", "'@x"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
        ] {
            let rows = rows(&report(vec![finding("plain", Some(raw))]));
            assert_eq!(&rows[0][5], want, "value {raw:?}");
        }
    }

    #[test]
    fn plain_text_is_untouched_and_quoted_as_needed() {
        let text = "a, \"quoted\" 1=1\nline";
        let rows = rows(&report(vec![finding(text, None)]));

        assert_eq!(&rows[0][4], text);
        assert_eq!(&rows[0][5], "", "absent value is an empty cell");
        assert_eq!(&rows[0][0], "contoso");
        assert_eq!(&rows[0][1], "high");
        assert_eq!(&rows[0][7], "export.xlsx[Users]:7");
    }

    #[test]
    fn one_row_per_finding_in_report_order() {
        let findings = vec![finding("first", None), finding("second", None)];
        let rows = rows(&report(findings));

        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][4], "first");
        assert_eq!(&rows[1][4], "second");
    }
}

//! The workbook: `Summary`, `Admins`, `Findings`, `Input issues` and
//! `Not evaluated`, always in that order and always present.
//!
//! Every text goes in with `write_string`, so a value typed as `=SUM(A1)`
//! or `+44 7400 123456` stays text: the workbook holds no formulas. The
//! table sheets are written in constant-memory mode (rows stream to a
//! temporary file), so column widths are measured in a first pass over
//! the report instead of by autofit. A table longer than a sheet allows
//! continues on `Findings (2)`, `Findings (3)` and so on, each with the
//! same header.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::{Chart, ColNum, Color, DocProperties, ExcelDateTime};
use rust_xlsxwriter::{Format, FormatBorder, RowNum, Workbook, Worksheet};

use super::{AdminSummary, Report, TenantReport, Verdict};
use crate::catalog::Severity;

/// What every sheet-writing step returns.
type Done = Result<(), XlsxError>;

/// Excel's row limit per worksheet, header included.
pub const MAX_ROWS: u32 = 1_048_576;

/// Widest a column is sized, in characters; longer cells are cut off on
/// screen (the cell keeps its whole text).
const MAX_WIDTH: usize = 60;

/// Excel's limit on the length of one cell, in UTF-16 code units.
const MAX_CELL: usize = 32_767;

/// The column of the Summary sheet the chart is anchored at.
const CHART_COLUMN: ColNum = 13;

/// Roles that can reset a Global Administrator's password.
const RESET_ROLES: [&str; 2] = [
    "Global Administrator",
    "Privileged Authentication Administrator",
];

const SUMMARY_HEADER: [&str; 12] = [
    "Tenant",
    "Admins",
    "Reset-capable admins",
    "Ready",
    "At risk",
    "Cannot reset",
    "Critical",
    "High",
    "Medium",
    "Low",
    "Info",
    "Tenant findings",
];

const INPUTS_HEADER: [&str; 7] = [
    "Tenant",
    "File",
    "Sheet",
    "Parts",
    "Rows",
    "Rows rejected",
    "SHA-256",
];

const ADMINS_HEADER: [&str; 12] = [
    "Tenant",
    "UPN",
    "Display name",
    "Roles",
    "Enabled",
    "Emergency",
    "Service",
    "Effective phone",
    "Alternate email",
    "Usable methods",
    "Verdict",
    "Rule ids",
];

const FINDINGS_HEADER: [&str; 8] = [
    "Tenant",
    "Severity",
    "Rule",
    "UPN",
    "Message",
    "Value",
    "Suggested fix",
    "Source",
];

const ISSUES_HEADER: [&str; 6] = ["Tenant", "File", "Sheet", "Row", "Column", "Message"];

const NOT_EVALUATED_HEADER: [&str; 3] = ["Tenant", "Rule", "Reason"];

/// Writes the workbook for `report` to `path`.
///
/// `path` is written directly; callers wanting an atomic replace pass a
/// temporary path (see [`super::atomic::write_path`]). The same report
/// gives the same workbook: the creation date recorded in it is the
/// report's `as_of` date, not the clock.
///
/// # Errors
///
/// Any error creating the constant-memory temporary files or saving the
/// workbook.
pub fn write(report: &Report, path: &Path) -> Result<(), XlsxError> {
    write_with_limit(report, path, MAX_ROWS)
}

/// [`write`] with at most `limit` rows (header included) per sheet.
fn write_with_limit(report: &Report, path: &Path, limit: u32) -> Done {
    let mut out = Book {
        book: Workbook::new(),
        styles: Styles::new(),
        limit,
    };
    out.book.set_properties(&properties(report));
    // Fast deflate: a large report's sheets compress about as well at
    // level 1, and compression is most of the time spent writing one.
    out.book.set_zip_compression_level(1);
    write_summary(out.book.add_worksheet(), report, &out.styles)?;

    // Each table's rows are a different iterator type: one call each.
    let fired = fired_rules(report);
    out.table("Admins", &ADMINS_HEADER, || admin_rows(report, &fired))?;
    out.table("Findings", &FINDINGS_HEADER, || finding_rows(report))?;
    out.table("Input issues", &ISSUES_HEADER, || issue_rows(report))?;
    let skipped = || not_evaluated_rows(report);
    out.table("Not evaluated", &NOT_EVALUATED_HEADER, skipped)?;

    out.book.save(path)
}

/// Document properties with a creation date taken from the report, so
/// two runs over the same inputs write the same bytes.
fn properties(report: &Report) -> DocProperties {
    let properties = DocProperties::new().set_title("tenant-audit report");
    let date = chrono::NaiveDate::parse_from_str(&report.as_of, "%F");
    let created = date
        .ok()
        .and_then(|d| {
            use chrono::Datelike;
            let year = u16::try_from(d.year()).ok()?;
            let month = u8::try_from(d.month()).ok()?;
            let day = u8::try_from(d.day()).ok()?;
            ExcelDateTime::from_ymd(year, month, day).ok()
        })
        .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok());

    match created {
        Some(created) => properties.set_creation_datetime(&created),
        None => properties,
    }
}

/// One cell of a sheet.
enum Cell<'a> {
    /// Text, written as a string whatever it starts with.
    Text(Cow<'a, str>),
    /// A count.
    Number(u64),
    /// A severity, colour-coded.
    Severity(Severity),
    /// A verdict, colour-coded.
    Verdict(Verdict),
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    fn opt(s: Option<&'a str>) -> Cell<'a> {
        Cell::text(s.unwrap_or(""))
    }

    /// The `Display` form of a value, or an empty cell.
    fn shown(value: Option<&impl std::fmt::Display>) -> Cell<'a> {
        Cell::Text(Cow::Owned(
            value.map(ToString::to_string).unwrap_or_default(),
        ))
    }

    fn yes_no(flag: bool) -> Cell<'a> {
        Cell::text(if flag { "Yes" } else { "No" })
    }

    /// The width the cell needs, in characters, up to [`MAX_WIDTH`].
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) => s.chars().take(MAX_WIDTH).count(),
            Cell::Number(n) => n.to_string().len(),
            Cell::Severity(s) => s.as_str().len(),
            Cell::Verdict(v) => v.as_str().len(),
        }
    }
}

/// The cell formats, made once per workbook.
struct Styles {
    header: Format,
    label: Format,
    severity: [Format; 5],
    verdict: [Format; 3],
}

impl Styles {
    fn new() -> Styles {
        let fill = |fill: u32, font: u32| {
            Format::new()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
            label: Format::new().set_bold(),
            // In Severity::ALL order: critical, high, medium, low, info.
            severity: [
                fill(0x8B_0000, 0xFF_FFFF),
                fill(0xF4_6A3C, 0xFF_FFFF),
                fill(0xFF_C000, 0x00_0000),
                fill(0xFF_F2A8, 0x00_0000),
                fill(0xD9_D9D9, 0x00_0000),
            ],
            // Ready, at risk, cannot reset.
            verdict: [
                fill(0xC6_EFCE, 0x00_6100),
                fill(0xFF_EB9C, 0x9C_5700),
                fill(0xFF_C7CE, 0x9C_0006),
            ],
        }
    }

    fn severity(&self, severity: Severity) -> &Format {
        let index = Severity::ALL.iter().position(|&s| s == severity);
        index
            .and_then(|i| self.severity.get(i))
            .unwrap_or(&self.label)
    }

    fn verdict(&self, verdict: Verdict) -> &Format {
        let index = match verdict {
            Verdict::Ready => 0,
            Verdict::AtRisk => 1,
            Verdict::CannotReset => 2,
        };
        self.verdict.get(index).unwrap_or(&self.label)
    }
}

/// Writes one cell; empty text is left blank.
fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (RowNum, ColNum),
    cell: &Cell<'_>,
    styles: &Styles,
) -> Done {
    let (text, format) = match cell {
        Cell::Number(n) => {
            // Counts stay far below 2^53, where f64 would lose digits.
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number(row, col, *n as f64)?;
            return Ok(());
        }
        Cell::Text(s) => (clip(s), None),
        Cell::Severity(s) => (s.as_str(), Some(styles.severity(*s))),
        Cell::Verdict(v) => (v.as_str(), Some(styles.verdict(*v))),
    };

    match format {
        _ if text.is_empty() => {}
        Some(format) => {
            sheet.write_string_with_format(row, col, text, format)?;
        }
        None => {
            sheet.write_string(row, col, text)?;
        }
    }
    Ok(())
}

/// `s` cut to Excel's cell limit: a longer cell would fail the whole
/// workbook. The JSON and CSV reports have no such limit.
fn clip(s: &str) -> &str {
    // UTF-16 never needs more units than UTF-8 needs bytes.
    if s.len() <= MAX_CELL {
        return s;
    }
    let mut units = 0;
    let end = s
        .char_indices()
        .find(|&(_, c)| {
            units += c.len_utf16();
            units > MAX_CELL
        })
        .map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or(s)
}

/// Freezes the header row and puts an autofilter over the data below it.
fn freeze_and_filter(sheet: &mut Worksheet, cols: usize, last: RowNum) -> Done {
    let last_col = ColNum::try_from(cols.saturating_sub(1)).unwrap_or(0);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, last_col)?;
    Ok(())
}

/// Sets each column's width from the widest cell (plus room for the
/// autofilter button).
fn set_widths(sheet: &mut Worksheet, widths: &[usize]) -> Done {
    for (col, width) in (0..).zip(widths) {
        #[allow(clippy::cast_precision_loss)]
        let width = (*width).min(MAX_WIDTH) as f64 + 3.0;
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// The workbook being written, with its formats and sheet row limit.
struct Book {
    book: Workbook,
    styles: Styles,
    limit: u32,
}

impl Book {
    /// Writes a table on constant-memory sheets of at most `limit` rows
    /// each, continuing on `Name (2)`, `Name (3)`... The first sheet is
    /// written even when the table is empty. `rows` is walked twice: once
    /// to size the columns, once to write.
    fn table<'r, I, F>(&mut self, name: &str, header: &[&str], rows: F) -> Done
    where
        F: Fn() -> I,
        I: Iterator<Item = Vec<Cell<'r>>>,
    {
        let widths = measure(header, rows());
        let per_sheet = self.limit.saturating_sub(1).max(1);
        let mut rows = rows().peekable();
        let mut part = 1;

        loop {
            let sheet = self.book.add_worksheet_with_constant_memory()?;
            sheet.set_name(sheet_name(name, part))?;
            set_widths(sheet, &widths)?;

            // Constant memory: rows must go out in order, header first.
            for (col, title) in (0..).zip(header) {
                sheet.write_string_with_format(0, col, *title, &self.styles.header)?;
            }
            let mut written: RowNum = 0;
            while written < per_sheet {
                let Some(row) = rows.next() else { break };
                written += 1;
                for (col, cell) in (0..).zip(&row) {
                    write_cell(sheet, (written, col), cell, &self.styles)?;
                }
            }
            freeze_and_filter(sheet, header.len(), written)?;

            if rows.peek().is_none() {
                return Ok(());
            }
            part += 1;
        }
    }
}

/// `Findings` for the first part of a table, `Findings (2)` after.
fn sheet_name(name: &str, part: u32) -> String {
    if part == 1 {
        name.to_string()
    } else {
        format!("{name} ({part})")
    }
}

/// The width of each column: its widest cell or header.
fn measure<'r, I>(header: &[&str], rows: I) -> Vec<usize>
where
    I: Iterator<Item = Vec<Cell<'r>>>,
{
    let mut widths: Vec<_> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(&row) {
            *width = (*width).max(cell.width());
        }
    }
    widths
}

/// Per tenant, per lowercased UPN: the ids of the rules that fired for
/// that account, sorted and joined with `, `.
fn fired_rules(report: &Report) -> Vec<HashMap<String, String>> {
    report
        .tenants
        .iter()
        .map(|tenant| {
            let mut by_upn: HashMap<String, BTreeSet<&str>> = HashMap::new();
            for finding in &tenant.findings {
                if let Some(upn) = &finding.upn {
                    by_upn
                        .entry(upn.to_lowercase())
                        .or_default()
                        .insert(finding.rule);
                }
            }
            by_upn
                .into_iter()
                .map(|(upn, rules)| (upn, Vec::from_iter(rules).join(", ")))
                .collect()
        })
        .collect()
}

fn admin_rows<'r>(
    report: &'r Report,
    fired: &'r [HashMap<String, String>],
) -> impl Iterator<Item = Vec<Cell<'r>>> + 'r {
    report
        .tenants
        .iter()
        .zip(fired)
        .flat_map(|(tenant, fired)| {
            tenant.admins.iter().map(move |admin| {
                let rules = fired.get(&admin.upn.to_lowercase());
                admin_row(&tenant.name, admin, rules.map(String::as_str))
            })
        })
}

fn admin_row<'r>(
    tenant: &'r str,
    admin: &'r AdminSummary,
    rules: Option<&'r str>,
) -> Vec<Cell<'r>> {
    let enabled = match admin.enabled {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "",
    };
    vec![
        Cell::text(tenant),
        Cell::text(&admin.upn),
        Cell::opt(admin.display_name.as_deref()),
        Cell::Text(Cow::Owned(admin.roles.join("; "))),
        Cell::text(enabled),
        Cell::yes_no(admin.emergency),
        Cell::yes_no(admin.service),
        Cell::opt(admin.effective_phone.as_deref()),
        Cell::opt(admin.alternate_email.as_deref()),
        Cell::Number(u64::from(admin.usable_methods)),
        Cell::Verdict(admin.verdict),
        Cell::opt(rules),
    ]
}

fn finding_rows(report: &Report) -> impl Iterator<Item = Vec<Cell<'_>>> {
    report.tenants.iter().flat_map(|tenant| {
        tenant.findings.iter().map(move |finding| {
            vec![
                Cell::text(&tenant.name),
                Cell::Severity(finding.severity),
                Cell::text(finding.rule),
                Cell::opt(finding.upn.as_deref()),
                Cell::text(&finding.message),
                Cell::opt(finding.value.as_deref()),
                Cell::opt(finding.suggested_fix.as_deref()),
                Cell::shown(finding.source.as_ref()),
            ]
        })
    })
}

fn issue_rows(report: &Report) -> impl Iterator<Item = Vec<Cell<'_>>> {
    report.tenants.iter().flat_map(|tenant| {
        tenant.input_issues.iter().map(move |issue| {
            vec![
                Cell::text(&tenant.name),
                Cell::text(&issue.file),
                Cell::opt(issue.sheet.as_deref()),
                issue
                    .row
                    .map_or(Cell::text(""), |row| Cell::Number(u64::from(row))),
                Cell::opt(issue.column.as_deref()),
                Cell::text(&issue.message),
            ]
        })
    })
}

fn not_evaluated_rows(report: &Report) -> impl Iterator<Item = Vec<Cell<'_>>> {
    report.tenants.iter().flat_map(|tenant| {
        tenant.not_evaluated.iter().map(move |skipped| {
            vec![
                Cell::text(&tenant.name),
                Cell::text(skipped.rule),
                Cell::text(&skipped.reason),
            ]
        })
    })
}

/// The Summary sheet, written cell by cell while tracking column widths.
struct Grid<'w> {
    sheet: &'w mut Worksheet,
    styles: &'w Styles,
    widths: Vec<usize>,
    row: RowNum,
}

impl Grid<'_> {
    /// Writes `cells` on the current row and moves to the next.
    fn row(&mut self, cells: &[Cell<'_>]) -> Done {
        for (col, cell) in (0..).zip(cells) {
            write_cell(self.sheet, (self.row, col), cell, self.styles)?;
            self.widen(col, cell.width());
        }
        self.row += 1;
        Ok(())
    }

    /// Writes a header row of `titles` and moves to the next.
    fn titles(&mut self, titles: &[&str]) -> Done {
        let format = &self.styles.header;
        for (col, title) in (0..).zip(titles) {
            self.sheet
                .write_string_with_format(self.row, col, *title, format)?;
            self.widen(col, title.chars().count());
        }
        self.row += 1;
        Ok(())
    }

    /// Writes a bold label and its value and moves to the next row.
    fn labelled(&mut self, label: &str, value: &str) -> Done {
        let format = &self.styles.label;
        self.sheet
            .write_string_with_format(self.row, 0, label, format)?;
        self.widen(0, label.chars().count());
        self.sheet.write_string(self.row, 1, clip(value))?;
        self.widen(1, value.chars().count());
        self.row += 1;
        Ok(())
    }

    fn widen(&mut self, col: ColNum, width: usize) {
        let col = usize::from(col);
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        if let Some(slot) = self.widths.get_mut(col) {
            *slot = (*slot).max(width);
        }
    }
}

/// The Summary sheet: one row per tenant, the run's settings, every
/// input with its hash, and findings per rule with a chart.
fn write_summary(sheet: &mut Worksheet, report: &Report, styles: &Styles) -> Done {
    sheet.set_name("Summary")?;
    let mut grid = Grid {
        sheet,
        styles,
        widths: Vec::new(),
        row: 0,
    };

    grid.titles(&SUMMARY_HEADER)?;
    for tenant in &report.tenants {
        grid.row(&tenant_cells(tenant))?;
    }
    let last_tenant_row = grid.row.saturating_sub(1);

    // One blank row between the blocks.
    grid.row += 1;
    let tool = format!("{} {}", report.tool.name, report.tool.version);
    grid.labelled("Profile", &report.profile)?;
    grid.labelled("As of", &report.as_of)?;
    grid.labelled("Tool", &tool)?;
    grid.row += 1;
    write_inputs(&mut grid, report)?;
    grid.row += 1;
    write_rule_counts(&mut grid, report)?;

    freeze_and_filter(grid.sheet, SUMMARY_HEADER.len(), last_tenant_row)?;
    set_widths(grid.sheet, &grid.widths)
}

/// The per-tenant counts, in [`SUMMARY_HEADER`] order.
fn tenant_cells(tenant: &TenantReport) -> Vec<Cell<'_>> {
    let count = |n: usize| Cell::Number(u64::try_from(n).unwrap_or(u64::MAX));
    let (admins, findings) = (&tenant.admins, &tenant.findings);
    let verdicts = |v: Verdict| count(admins.iter().filter(|a| a.verdict == v).count());
    let severities = Severity::ALL
        .into_iter()
        .map(|s| count(findings.iter().filter(|f| f.severity == s).count()));

    let mut cells = vec![
        Cell::text(&tenant.name),
        count(admins.len()),
        count(reset_capable(tenant)),
        verdicts(Verdict::Ready),
        verdicts(Verdict::AtRisk),
        verdicts(Verdict::CannotReset),
    ];
    cells.extend(severities);
    cells.push(count(findings.iter().filter(|f| f.upn.is_none()).count()));
    cells
}

/// Reset-capable admins as the rules define them: enabled, not a service
/// account, holding a role that can reset a Global Administrator (active
/// or eligible); every enabled admin when the inputs name no roles.
fn reset_capable(tenant: &TenantReport) -> usize {
    let roles_known = tenant.admins.iter().any(|a| !a.roles.is_empty());
    let can_reset = |role: &String| {
        let role = role.strip_suffix(" (eligible)").unwrap_or(role);
        RESET_ROLES
            .iter()
            .any(|r| r.eq_ignore_ascii_case(role.trim()))
    };

    tenant
        .admins
        .iter()
        .filter(|a| a.enabled == Some(true) && !a.service)
        .filter(|a| !roles_known || a.roles.iter().any(can_reset))
        .count()
}

/// Every input of every tenant with its row counts and hash.
fn write_inputs(grid: &mut Grid<'_>, report: &Report) -> Done {
    grid.titles(&INPUTS_HEADER)?;
    for tenant in &report.tenants {
        for input in &tenant.inputs {
            grid.row(&[
                Cell::text(&tenant.name),
                Cell::text(&input.file),
                Cell::opt(input.sheet.as_deref()),
                Cell::Text(Cow::Owned(input.parts.join(", "))),
                Cell::Number(input.rows),
                Cell::Number(input.rows_rejected),
                Cell::text(&input.sha256),
            ])?;
        }
    }
    Ok(())
}

/// Findings per rule over every tenant, most frequent first, and a bar
/// chart of them (left out when there are no findings).
fn write_rule_counts(grid: &mut Grid<'_>, report: &Report) -> Done {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for finding in report.tenants.iter().flat_map(|t| &t.findings) {
        *counts.entry(finding.rule).or_default() += 1;
    }
    let mut counts: Vec<(&str, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));

    grid.titles(&["Rule", "Findings"])?;
    let first = grid.row;
    for (rule, count) in &counts {
        grid.row(&[Cell::text(rule), Cell::Number(*count)])?;
    }

    if !counts.is_empty() {
        let chart = rule_chart(first, grid.row.saturating_sub(1));
        grid.sheet.insert_chart(1, CHART_COLUMN, &chart)?;
    }
    Ok(())
}

/// A bar chart of the rule counts on Summary rows `first..=last`.
fn rule_chart(first: RowNum, last: RowNum) -> Chart {
    let mut chart = Chart::new_bar();
    chart
        .add_series()
        .set_name("Findings")
        .set_categories(("Summary", first, 0, last, 0))
        .set_values(("Summary", first, 1, last, 1));
    chart.title().set_name("Findings per rule");
    chart.legend().set_hidden();

    // Tall enough that every rule name stays readable.
    let bars = last.saturating_sub(first).saturating_add(1);
    chart.set_height(bars.saturating_mul(22).saturating_add(120).max(288));
    chart
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, InputSummary, NotEvaluated, Tool};
    use crate::source::{InputIssue, Origin};
    use calamine::{open_workbook_auto, Data, Reader};

    fn finding(
        rule: &'static str,
        severity: Severity,
        upn: Option<&str>,
        message: &str,
    ) -> Finding {
        Finding {
            rule,
            severity,
            upn: upn.map(Into::into),
            message: message.into(),
            value: Some("+44 7400 123456".into()),
            suggested_fix: None,
            source: Some(Origin::file("users.csv").at(3)),
        }
    }

    fn admin(upn: &str, roles: &[&str], enabled: Option<bool>, verdict: Verdict) -> AdminSummary {
        AdminSummary {
            upn: upn.into(),
            display_name: Some("Ada".into()),
            enabled,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            emergency: false,
            service: false,
            effective_phone: Some("+44 7400 123456".into()),
            alternate_email: None,
            usable_methods: 1,
            verdict,
        }
    }

    fn sample() -> Report {
        let origin = Origin::sheet("export.xlsx", "Users");
        let tenant = TenantReport {
            name: "contoso".into(),
            inputs: vec![InputSummary {
                file: "export.xlsx".into(),
                sheet: Some("Users".into()),
                parts: vec!["users", "roles"],
                rows: 5,
                rows_rejected: 1,
                sha256: "0f".repeat(32),
            }],
            admins: vec![
                admin(
                    "ada@contoso.com",
                    &["Global Administrator (eligible)"],
                    Some(true),
                    Verdict::CannotReset,
                ),
                admin(
                    "bob@contoso.com",
                    &["User Administrator"],
                    Some(true),
                    Verdict::Ready,
                ),
                admin(
                    "cy@contoso.com",
                    &["Global Administrator"],
                    None,
                    Verdict::Ready,
                ),
            ],
            findings: vec![
                finding("sole-admin", Severity::Critical, None, "only one"),
                finding(
                    "recovery-methods-insufficient",
                    Severity::Critical,
                    Some("ada@contoso.com"),
                    "=SUM(A1)",
                ),
                finding(
                    "phone-invalid",
                    Severity::High,
                    Some("ADA@contoso.com"),
                    "bad",
                ),
                finding(
                    "phone-shared",
                    Severity::Medium,
                    Some("bob@contoso.com"),
                    "-x",
                ),
                finding(
                    "phone-line-unverified",
                    Severity::Info,
                    Some("bob@contoso.com"),
                    "@x",
                ),
            ],
            not_evaluated: vec![NotEvaluated {
                rule: "sspr-disabled",
                reason: "no tenant settings in the inputs".into(),
            }],
            input_issues: vec![InputIssue::at(&origin, 4, Some("B (mobile)".into()), "odd")],
        };
        Report {
            tool: Tool::default(),
            profile: "cis".into(),
            as_of: "2026-12-03".into(),
            tenants: vec![tenant],
        }
    }

    fn saved(report: &Report, limit: u32) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xlsx");
        write_with_limit(report, &path, limit).unwrap();
        (dir, path)
    }

    fn text(cell: Option<&Data>) -> String {
        match cell {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => format!("{other:?}"),
        }
    }

    fn rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
        let mut book = open_workbook_auto(path).unwrap();
        let range = book.worksheet_range(sheet).unwrap();
        let width = range.width();
        (0..range.height())
            .map(|r| {
                let r = u32::try_from(r).unwrap();
                (0..width)
                    .map(|c| text(range.get_value((r, u32::try_from(c).unwrap()))))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn sheets_come_in_order_and_always_exist() {
        let empty = Report {
            tenants: vec![],
            ..sample()
        };
        let (_dir, path) = saved(&empty, MAX_ROWS);
        let book = open_workbook_auto(&path).unwrap();

        assert_eq!(
            book.sheet_names(),
            [
                "Summary",
                "Admins",
                "Findings",
                "Input issues",
                "Not evaluated"
            ]
        );
        assert_eq!(
            rows(&path, "Input issues"),
            vec![ISSUES_HEADER.map(String::from).to_vec()]
        );
    }

    #[test]
    fn findings_sheet_has_one_row_per_finding_in_order() {
        let report = sample();
        let (_dir, path) = saved(&report, MAX_ROWS);
        let rows = rows(&path, "Findings");

        assert_eq!(rows[0], FINDINGS_HEADER.map(String::from).to_vec());
        assert_eq!(rows.len(), 1 + report.tenants[0].findings.len());
        assert_eq!(
            rows[2],
            [
                "contoso",
                "critical",
                "recovery-methods-insufficient",
                "ada@contoso.com",
                "=SUM(A1)",
                "+44 7400 123456",
                "",
                "users.csv:3",
            ]
        );
        assert_eq!(rows[4][4], "-x");
        assert_eq!(rows[5][4], "@x");
    }

    #[test]
    fn formula_like_text_stays_a_string() {
        let (_dir, path) = saved(&sample(), MAX_ROWS);
        let mut book = open_workbook_auto(&path).unwrap();

        let formulas = book.worksheet_formula("Findings").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
        let values = book.worksheet_range("Findings").unwrap();
        assert_eq!(
            values.get_value((2, 4)),
            Some(&Data::String("=SUM(A1)".into()))
        );
    }

    #[test]
    fn admins_sheet_lists_fired_rules_case_insensitively() {
        let (_dir, path) = saved(&sample(), MAX_ROWS);
        let rows = rows(&path, "Admins");

        assert_eq!(rows[0], ADMINS_HEADER.map(String::from).to_vec());
        let ada = &rows[1];
        assert_eq!(ada[1], "ada@contoso.com");
        assert_eq!(ada[3], "Global Administrator (eligible)");
        assert_eq!(ada[4], "Yes");
        assert_eq!(ada[9], "1");
        assert_eq!(ada[10], "cannot-reset");
        assert_eq!(ada[11], "phone-invalid, recovery-methods-insufficient");
        assert_eq!(rows[3][4], "", "unknown enabled state is blank");
    }

    #[test]
    fn summary_counts_each_tenant() {
        let (_dir, path) = saved(&sample(), MAX_ROWS);
        let rows = rows(&path, "Summary");

        assert_eq!(rows[0][..12], SUMMARY_HEADER.map(String::from));
        // 3 admins, 1 reset-capable (ada: enabled GA, eligible), verdicts
        // 2/0/1, findings 2/1/1/0/1, 1 tenant finding.
        assert_eq!(
            rows[1][..12],
            ["contoso", "3", "1", "2", "0", "1", "2", "1", "1", "0", "1", "1"]
        );
        let flat: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
        assert!(flat.contains(&"2026-12-03"));
        assert!(flat.contains(&"users, roles"));
        assert!(flat.contains(&"0f".repeat(32).as_str()));
        assert!(flat.contains(&format!("tenant-audit {}", env!("CARGO_PKG_VERSION")).as_str()));
    }

    #[test]
    fn long_tables_continue_on_numbered_sheets() {
        let report = sample();
        let (_dir, path) = saved(&report, 3);
        let book = open_workbook_auto(&path).unwrap();
        let names = book.sheet_names();

        assert!(names.contains(&"Findings (2)".to_string()));
        assert!(names.contains(&"Findings (3)".to_string()));
        let mut data_rows = 0;
        for name in names.iter().filter(|n| n.starts_with("Findings")) {
            let rows = rows(&path, name);
            assert_eq!(rows[0], FINDINGS_HEADER.map(String::from).to_vec());
            assert!(rows.len() <= 3);
            data_rows += rows.len() - 1;
        }
        assert_eq!(data_rows, report.tenants[0].findings.len());
        let position = |n: &str| names.iter().position(|x| x == n).unwrap();
        assert!(position("Findings (3)") < position("Input issues"));
    }

    #[test]
    fn same_report_gives_the_same_bytes() {
        let (_a, first) = saved(&sample(), MAX_ROWS);
        let (_b, second) = saved(&sample(), MAX_ROWS);
        assert_eq!(
            std::fs::read(first).unwrap(),
            std::fs::read(second).unwrap()
        );
    }

    #[test]
    fn overlong_cells_are_clipped_to_the_excel_limit() {
        let long = "é".repeat(MAX_CELL + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CELL);
        assert_eq!(clip("short"), "short");
    }
}

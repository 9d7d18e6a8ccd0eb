//! The workbook: `Summary`, `Action plan`, `Admins`, `Findings`, `Input
//! issues` and `Not evaluated`, always in that order and always present.
//!
//! Summary opens with the verdict on each tenant in words (see
//! [`super::verdict`]), then the counts, the run's settings, the inputs
//! and two charts. The action plan (see [`super::actions`]) leaves Owner,
//! Due date and Status for the reviewer, Status as a drop-down list.
//! Every rule id on `Findings` and `Action plan` links to its section of
//! the rule reference ([`super::actions::RULE_DOCS_URL`]).
//!
//! Every text goes in as a string, so a value typed as `=SUM(A1)` or
//! `+44 7400 123456` stays text: the workbook holds no formulas. The
//! table sheets' rows are written as sheet XML by this module's `table`
//! part, each sheet on a thread of its own, into a skeleton that
//! rust_xlsxwriter writes (a copy of its frames, saved without the
//! Summary, while the whole skeleton is saved); their rows stream out as
//! they are written, so
//! column widths are measured in a first pass over the report instead of
//! by autofit. A table longer than a sheet allows continues on
//! `Findings (2)`, `Findings (3)` and so on, each with the same header.

mod table;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufWriter, Cursor, Read, Write};
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use rust_xlsxwriter::{Chart, ChartFormat, ChartSolidFill, ColNum, Color};
use rust_xlsxwriter::{DataValidation, DataValidationRule, DocProperties};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder};
use rust_xlsxwriter::{RowNum, Url, Workbook, Worksheet, XlsxError};
use zip::{PreparedZipFile, ZipArchive, ZipWriter};

use super::actions::{self, Action};
use super::{verdict, AdminSummary, Report, TenantReport, Verdict};
use crate::catalog::Severity;
use crate::values::lowercase;

/// What every sheet-writing step returns.
type Done = Result<(), XlsxError>;

/// Excel's row limit per worksheet, header included.
pub const MAX_ROWS: u32 = 1_048_576;

/// Widest a column is sized, in characters; longer cells are cut off on
/// screen (the cell keeps its whole text), except messages and actions,
/// which wrap onto more lines instead.
const MAX_WIDTH: usize = 60;

/// Narrowest a column is sized, so short headers stay readable.
const MIN_WIDTH: usize = 8;

/// Columns left empty for the reviewer, with the width they get.
const REVIEW_WIDTHS: [(&str, usize); 3] = [("Owner", 24), ("Due date", 12), ("Status", 12)];

/// Excel keeps at most this many hyperlinks on one worksheet; past it a
/// rule id is written as plain text. The links are also held in memory
/// until the sheet is saved, so the cap keeps big sheets small.
const MAX_LINKS: usize = 65_530;

/// The choices of the action plan's Status column.
const STATUSES: [&str; 3] = ["Open", "In progress", "Done"];

/// Excel's limit on the length of one cell, in UTF-16 code units.
const MAX_CELL: usize = 32_767;

/// The column of the Summary sheet the charts are anchored at, right of
/// the two-column findings-per-rule table.
const CHART_COLUMN: ColNum = 3;

/// The Summary columns the verdict sentence spans: every counts column
/// but the tenant's.
const VERDICT_LAST_COLUMN: ColNum = 11;

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

const VERDICT_HEADER: [&str; 2] = ["Tenant", "Verdict"];

const ACTIONS_HEADER: [&str; 9] = [
    "Priority", "Tenant", "Account", "Action", "Rule", "Severity", "Owner", "Due date", "Status",
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
/// report's `as_of` date, not the clock, and no part depends on which
/// thread wrote it.
///
/// # Errors
///
/// Any error writing the file or assembling the workbook.
pub fn write(report: &Report, path: &Path) -> Result<(), XlsxError> {
    write_with_limit(report, path, MAX_ROWS)
}

/// [`write`] with at most `limit` rows (header included) per sheet.
fn write_with_limit(report: &Report, path: &Path, limit: u32) -> Done {
    let per_sheet = usize::try_from(limit.saturating_sub(1).max(1)).unwrap_or(usize::MAX);
    let styles = Styles::new();
    let tables = Tables::of(report);
    let plans = tables.plans(per_sheet);

    // The Summary depends on nothing the tables need: it is written, and
    // the workbook saved with it, while the tables are written into
    // frames made alike without it, which are then checked to be the
    // workbook's own (see `register_table_styles`). The tables' rows are
    // most of the work, so they start as soon as the tables are sized.
    let (skeleton, rendered) = rayon::join(
        || -> Result<ZipArchive<Cursor<Vec<u8>>>, XlsxError> {
            let mut summary = Worksheet::new();
            write_summary(&mut summary, report, &styles)?;
            let whole = skeleton(report, Some(summary), &plans, &styles)?;
            Ok(ZipArchive::new(Cursor::new(whole))?)
        },
        || -> Result<_, XlsxError> {
            let frames = skeleton(report, None, &plans, &styles)?;
            let mut frames = ZipArchive::new(Cursor::new(frames))?;
            let sheets = render_tables(&mut frames, &tables, &plans)?;
            Ok((frames, sheets))
        },
    );
    let mut skeleton = skeleton?;
    let (mut frames, mut sheets) = rendered?;
    if !same_frames(&mut skeleton, &mut frames, &plans)? {
        sheets = render_tables(&mut skeleton, &tables, &plans)?;
    }
    assemble(skeleton, sheets, path)
}

/// Whether every table sheet of `skeleton` is as `frames` has it, and so
/// the sheets rendered into `frames` fit the workbook.
fn same_frames(
    skeleton: &mut ZipArchive<Cursor<Vec<u8>>>,
    frames: &mut ZipArchive<Cursor<Vec<u8>>>,
    plans: &[Plan],
) -> Result<bool, XlsxError> {
    let count: usize = plans.iter().map(Plan::parts).sum();
    for number in 2..count + 2 {
        let part = table::sheet_part(number);
        let (mut ours, mut theirs) = (String::new(), String::new());
        skeleton.by_name(&part)?.read_to_string(&mut ours)?;
        frames.by_name(&part)?.read_to_string(&mut theirs)?;
        if ours != theirs {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Gives the table formats the workbook's first style numbers, in
/// [`Styles::all`] order, whatever else `sheet` (the first) uses: the
/// workbook numbers formats in the order its sheets first use them. The
/// table sheets can then be written into frames saved without the
/// Summary, while the workbook with it is saved. The one cell used for
/// this is cleared again.
fn register_table_styles(sheet: &mut Worksheet, styles: &Styles) -> Done {
    for format in styles.all() {
        sheet.write_blank(0, 0, format)?;
    }
    sheet.clear_cell(0, 0);
    Ok(())
}

/// The workbook without the tables' rows, saved in memory: `summary`,
/// and every table sheet with its widths, header pane, filter, print
/// setup and lists, which [`table`] then fills. Without a `summary`, an
/// empty stand-in takes its place: the frames the tables are written
/// into while the whole workbook is saved.
///
/// The first table sheet's row 2 holds one blank cell in each format:
/// a probe from which [`table::style_numbers`] reads the number the
/// workbook gave each format.
fn skeleton(
    report: &Report,
    summary: Option<Worksheet>,
    plans: &[Plan],
    styles: &Styles,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&properties(report));
    book.set_zip_compression_level(table::COMPRESSION);
    let summary = match summary {
        Some(sheet) => sheet,
        None => {
            // The frames' stand-in for the Summary: first and named alike.
            let mut sheet = Worksheet::new();
            sheet.set_name("Summary")?;
            register_table_styles(&mut sheet, styles)?;
            sheet
        }
    };
    book.push_worksheet(summary);

    for plan in plans {
        for part in 1..=plan.parts() {
            let sheet = book.add_worksheet();
            sheet.set_name(sheet_name(plan.table.name(), part))?;
            set_widths(sheet, &plan.widths)?;
            page_setup(sheet);
            let last = RowNum::try_from(plan.rows_on(part)).unwrap_or(RowNum::MAX);
            freeze_and_filter(sheet, plan.table.header().len(), last)?;
            if matches!(plan.table, Table::Actions) {
                review_columns(sheet, last, &styles.date)?;
            }
        }
    }
    if let Some(first) = book.worksheets_mut().get_mut(1) {
        for (col, format) in (0..).zip(styles.all()) {
            first.write_blank(1, col, format)?;
        }
    }
    book.save_to_buffer()
}

/// Writes every table sheet into the skeleton's frame of it, sheets on
/// as many threads as there are; the sheets come back in workbook order,
/// each with its relationships, whatever thread wrote it.
fn render_tables(
    skeleton: &mut ZipArchive<Cursor<Vec<u8>>>,
    tables: &Tables<'_>,
    plans: &[Plan],
) -> Result<Vec<Vec<PreparedZipFile>>, XlsxError> {
    // Sheet 1 is the Summary; the tables' sheets follow in order.
    let mut jobs = Vec::new();
    for plan in plans {
        for part in 1..=plan.parts() {
            let number = jobs.len() + 2;
            let mut xml = String::new();
            skeleton
                .by_name(&table::sheet_part(number))?
                .read_to_string(&mut xml)?;
            jobs.push((plan, part, number, xml));
        }
    }
    let probe = jobs.first().map_or("", |(.., xml)| xml.as_str());
    let styles = table::style_numbers(probe)?;

    // A sheet's relationships (one per link) are written and compressed
    // beside the sheet rather than after it: the largest sheets link the
    // most, and would otherwise hold up the rest of the workbook.
    let (sheets, rels) = rayon::join(
        || -> Result<Vec<_>, XlsxError> {
            jobs.par_iter()
                .map(|(plan, part, number, xml)| {
                    let frame = table::Frame::of(xml)?;
                    let skip = (part - 1) * plan.per_sheet;
                    let count = plan.rows_on(*part);
                    let rows = tables.rows(plan.table).skip(skip).take(count);
                    let sheet = table::Sheet {
                        plan,
                        number: *number,
                        rows,
                        count,
                    };
                    let (xml, written) = table::render(&frame, sheet, &styles)?;
                    if written != plan.links_on(*part) {
                        let wrong = "a table sheet's links are not the ones planned";
                        return Err(XlsxError::IoError(std::io::Error::other(wrong)));
                    }
                    Ok(xml)
                })
                .collect()
        },
        || -> Result<Vec<_>, XlsxError> {
            jobs.par_iter()
                .map(|(plan, part, number, _)| match plan.links_on(*part) {
                    0 => Ok(None),
                    count => table::relationships(*number, count).map(Some),
                })
                .collect()
        },
    );
    Ok(sheets?
        .into_iter()
        .zip(rels?)
        .map(|(sheet, rels)| std::iter::once(sheet).chain(rels).collect())
        .collect())
}

/// Writes the workbook to `path`: the skeleton's parts as they are,
/// compressed already, but each table sheet's, which `sheets` replaces
/// with the filled sheet and its relationships.
fn assemble(
    mut skeleton: ZipArchive<Cursor<Vec<u8>>>,
    sheets: Vec<Vec<PreparedZipFile>>,
    path: &Path,
) -> Done {
    let name = |part: &PreparedZipFile| String::from_utf8_lossy(part.file_name_raw()).into_owned();
    let ours: HashSet<String> = sheets.iter().flatten().map(name).collect();
    let mut by_sheet: HashMap<String, Vec<PreparedZipFile>> = sheets
        .into_iter()
        .filter_map(|parts| Some((name(parts.first()?), parts)))
        .collect();

    let mut zip = ZipWriter::new(BufWriter::new(std::fs::File::create(path)?));
    for index in 0..skeleton.len() {
        let part = skeleton.by_index_raw(index)?;
        let part_name = part.name()?.into_owned();
        if let Some(filled) = by_sheet.remove(&part_name) {
            drop(part);
            zip.add_prepared_files(filled)?;
        } else if !ours.contains(&part_name) {
            zip.raw_copy_file(part)?;
        }
    }
    if !by_sheet.is_empty() {
        let missing = std::io::Error::other("a table sheet is missing from the skeleton workbook");
        return Err(XlsxError::IoError(missing));
    }
    zip.finish()?.flush()?;
    Ok(())
}

/// A table sheet of the workbook, in workbook order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Table {
    Actions,
    Admins,
    Findings,
    Issues,
    Skipped,
}

impl Table {
    /// Every table, in workbook order.
    const ALL: [Table; 5] = [
        Table::Actions,
        Table::Admins,
        Table::Findings,
        Table::Issues,
        Table::Skipped,
    ];

    fn name(self) -> &'static str {
        match self {
            Table::Actions => "Action plan",
            Table::Admins => "Admins",
            Table::Findings => "Findings",
            Table::Issues => "Input issues",
            Table::Skipped => "Not evaluated",
        }
    }

    fn header(self) -> &'static [&'static str] {
        match self {
            Table::Actions => &ACTIONS_HEADER,
            Table::Admins => &ADMINS_HEADER,
            Table::Findings => &FINDINGS_HEADER,
            Table::Issues => &ISSUES_HEADER,
            Table::Skipped => &NOT_EVALUATED_HEADER,
        }
    }
}

/// The table sheets' rows, each table an iterator of its own, with what
/// they are built from.
struct Tables<'r> {
    report: &'r Report,
    plan: Vec<Action<'r>>,
    fired: Vec<Fired>,
}

impl<'r> Tables<'r> {
    fn of(report: &'r Report) -> Tables<'r> {
        let (plan, fired) = rayon::join(|| actions::actions(report), || fired_rules(report));
        Tables {
            report,
            plan,
            fired,
        }
    }

    /// The rows of `table`, in order.
    fn rows(&self, table: Table) -> Box<dyn Iterator<Item = Vec<Cell<'_>>> + '_> {
        match table {
            Table::Actions => Box::new(action_rows(&self.plan)),
            Table::Admins => Box::new(admin_rows(self.report, &self.fired)),
            Table::Findings => Box::new(finding_rows(self.report)),
            Table::Issues => Box::new(issue_rows(self.report)),
            Table::Skipped => Box::new(not_evaluated_rows(self.report)),
        }
    }

    /// Sizes every table, in workbook order, the tables shared out
    /// between threads.
    fn plans(&self, per_sheet: usize) -> Vec<Plan> {
        Table::ALL
            .par_iter()
            .map(|&table| Plan::of(table, self.rows(table), per_sheet))
            .collect()
    }
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
    /// An integer such as a row number, shown without separators.
    Number(u64),
    /// A count, shown with thousands separators.
    Count(u64),
    /// A rule id, linked to its section of the rule reference.
    Rule(&'a str),
    /// Text that wraps onto more lines in a narrow column.
    Wrapped(Cow<'a, str>),
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

    /// Whether the cell holds a number, right-aligned like its header.
    fn is_number(&self) -> bool {
        matches!(self, Cell::Number(_) | Cell::Count(_))
    }

    /// The lines the cell takes in a column sized for `width` characters
    /// (see [`set_widths`]): more than one only for wrapped text.
    fn lines(&self, width: usize) -> usize {
        match self {
            Cell::Wrapped(s) => {
                let room = width.clamp(MIN_WIDTH, MAX_WIDTH) + 3;
                chars(s).div_ceil(line_capacity(room)).max(1)
            }
            _ => 1,
        }
    }

    /// The width the cell needs, in characters, up to [`MAX_WIDTH`].
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) | Cell::Wrapped(s) => chars(s).min(MAX_WIDTH),
            Cell::Number(n) => digits(*n),
            // Room for the thousands separators.
            Cell::Count(n) => digits(*n) * 4 / 3,
            Cell::Rule(rule) => rule.len(),
            Cell::Severity(s) => s.as_str().len(),
            Cell::Verdict(v) => v.as_str().len(),
        }
    }

    /// What the cell shows and in which of `styles` (`None`: the
    /// default). A rule id is linked when `link` allows.
    fn display<'s, T>(&'s self, styles: &'s Styles<T>, link: bool) -> (Shown<'s>, Option<&'s T>) {
        match self {
            Cell::Number(n) => (Shown::Number(*n), Some(&styles.integer)),
            Cell::Count(n) => (Shown::Number(*n), Some(&styles.count)),
            Cell::Rule(rule) if link => (Shown::Link(rule), Some(&styles.link)),
            Cell::Rule(rule) => (Shown::Text(rule), None),
            Cell::Text(s) | Cell::Wrapped(s) if s.is_empty() => (Shown::Blank, None),
            Cell::Text(s) => (Shown::Text(clip(s)), None),
            Cell::Wrapped(s) => (Shown::Text(clip(s)), Some(&styles.wrap)),
            Cell::Severity(s) => (Shown::Text(s.as_str()), Some(styles.severity(*s))),
            Cell::Verdict(v) => (Shown::Text(v.as_str()), Some(styles.verdict(*v))),
        }
    }
}

/// What a cell shows, its kind settled.
enum Shown<'c> {
    /// Nothing: empty text is left blank.
    Blank,
    Text(&'c str),
    Number(u64),
    /// A rule id, linked to its section of the rule reference.
    Link(&'c str),
}

/// How many digits `n` is written with.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// How many characters `s` has; a byte each for ASCII, which most
/// cells are and which is quicker to tell.
fn chars(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// The cell formats, made once per workbook; with `T` = `u32`, the
/// number the workbook gave each.
struct Styles<T = Format> {
    header: T,
    /// The header of a column of numbers, aligned with them.
    number_header: T,
    label: T,
    integer: T,
    count: T,
    wrap: T,
    wrap_top: T,
    top: T,
    /// Text set off from a right-aligned number in the cell before it.
    indent: T,
    /// A rule id linked to its section of the rule reference.
    link: T,
    /// A date, as YYYY-MM-DD.
    date: T,
    severity: [T; 5],
    verdict: [T; 3],
}

impl Styles {
    fn new() -> Styles {
        let fill = |fill: u32, font: u32| {
            Format::new()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
        };
        let number = |format: &str| {
            Format::new()
                .set_num_format(format)
                .set_align(FormatAlign::Right)
                .set_indent(1)
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
            // Numbers and their headers keep an indent's gap from the
            // left-aligned column after them.
            number_header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Right)
                .set_indent(1),
            label: Format::new().set_bold(),
            integer: number("0"),
            count: number("#,##0"),
            wrap: Format::new().set_text_wrap(),
            wrap_top: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            top: Format::new().set_align(FormatAlign::Top),
            indent: Format::new().set_indent(1),
            link: Format::new().set_hyperlink(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
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
}

impl<T> Styles<T> {
    /// The header format of a column, numbers or not.
    fn header(&self, numeric: bool) -> &T {
        if numeric {
            &self.number_header
        } else {
            &self.header
        }
    }

    /// Every format, in a fixed order.
    fn all(&self) -> impl Iterator<Item = &T> {
        let single = [
            &self.header,
            &self.number_header,
            &self.label,
            &self.integer,
            &self.count,
            &self.wrap,
            &self.wrap_top,
            &self.top,
            &self.indent,
            &self.link,
            &self.date,
        ];
        single
            .into_iter()
            .chain(&self.severity)
            .chain(&self.verdict)
    }

    /// Styles made of `values`, one for each format in [`Styles::all`]
    /// order; `None` unless there are exactly as many.
    fn from_values(values: &[T]) -> Option<Styles<T>>
    where
        T: Copy,
    {
        let &[header, number_header, label, integer, count, wrap, wrap_top, top, indent, link, date, s0, s1, s2, s3, s4, v0, v1, v2] =
            values
        else {
            return None;
        };
        Some(Styles {
            header,
            number_header,
            label,
            integer,
            count,
            wrap,
            wrap_top,
            top,
            indent,
            link,
            date,
            severity: [s0, s1, s2, s3, s4],
            verdict: [v0, v1, v2],
        })
    }

    fn severity(&self, severity: Severity) -> &T {
        let index = Severity::ALL.iter().position(|&s| s == severity);
        index
            .and_then(|i| self.severity.get(i))
            .unwrap_or(&self.label)
    }

    fn verdict(&self, verdict: Verdict) -> &T {
        let index = match verdict {
            Verdict::Ready => 0,
            Verdict::AtRisk => 1,
            Verdict::CannotReset => 2,
        };
        self.verdict.get(index).unwrap_or(&self.label)
    }
}

/// Writes one Summary cell; empty text is left blank. The Summary holds a
/// few dozen rule ids at most, so every one is linked (the table sheets,
/// written by `table`, stop linking at [`MAX_LINKS`]).
fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (RowNum, ColNum),
    cell: &Cell<'_>,
    styles: &Styles,
) -> Done {
    let default = Format::default();
    let (shown, format) = cell.display(styles, true);
    let format = format.unwrap_or(&default);
    match shown {
        Shown::Blank => {}
        Shown::Number(n) => {
            // Counts stay far below 2^53, where f64 would lose digits.
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number_with_format(row, col, n as f64, format)?;
        }
        Shown::Link(rule) => {
            let url = Url::new(actions::rule_url(rule)).set_text(rule);
            sheet.write_url_with_format(row, col, url, format)?;
        }
        Shown::Text(text) => {
            sheet.write_string_with_format(row, col, text, format)?;
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

/// Freezes the header row, puts an autofilter over the data below it and
/// prints the header on every page.
fn freeze_and_filter(sheet: &mut Worksheet, cols: usize, last: RowNum) -> Done {
    let last_col = ColNum::try_from(cols.saturating_sub(1)).unwrap_or(0);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, last_col)?;
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Prints (and exports to PDF) landscape, one page wide: a table cut
/// into one column per page cannot be read.
fn page_setup(sheet: &mut Worksheet) {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
}

/// Sets each column's width from the widest cell (plus room for the
/// autofilter button), between [`MIN_WIDTH`] and [`MAX_WIDTH`].
fn set_widths(sheet: &mut Worksheet, widths: &[usize]) -> Done {
    for (col, width) in (0..).zip(widths) {
        #[allow(clippy::cast_precision_loss)]
        let width = (*width).clamp(MIN_WIDTH, MAX_WIDTH) as f64 + 3.0;
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// The Owner, Due date and Status columns of the action plan, rows
/// `1..=last`: dates shown as YYYY-MM-DD, Status picked from a list.
fn review_columns(sheet: &mut Worksheet, last: RowNum, date: &Format) -> Done {
    let column = |title: &str| {
        let found = ACTIONS_HEADER.iter().position(|h| *h == title);
        found.and_then(|c| ColNum::try_from(c).ok()).unwrap_or(0)
    };
    sheet.set_column_format(column("Due date"), date)?;
    if last == 0 {
        return Ok(());
    }

    let status = DataValidation::new()
        .allow_list_strings(&STATUSES)?
        .set_error_title("Status")?
        .set_error_message("Pick Open, In progress or Done.")?;
    sheet.add_data_validation(1, column("Status"), last, column("Status"), &status)?;
    let since = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::GreaterThanOrEqualTo(since))
        .set_error_title("Due date")?
        .set_error_message("Enter a date, e.g. 2027-01-31.")?;
    let due = column("Due date");
    sheet.add_data_validation(1, due, last, due, &date)?;
    Ok(())
}

/// One table's layout, settled before any of its rows is written.
struct Plan {
    table: Table,
    /// Each column's width and whether it holds numbers.
    widths: Vec<usize>,
    numeric: Vec<bool>,
    /// How many rows the table has, and how many a sheet of it holds.
    rows: usize,
    per_sheet: usize,
    /// How many cells of each sheet link to the rule reference (see
    /// [`Cell::display`]): known before the sheets are written, so that
    /// their relationships are written beside them.
    links: Vec<usize>,
}

impl Plan {
    /// Sizes a table's columns from a first walk over its rows.
    fn of<'r, I>(table: Table, rows: I, per_sheet: usize) -> Plan
    where
        I: Iterator<Item = Vec<Cell<'r>>>,
    {
        let per_sheet = per_sheet.max(1);
        let mut links = Vec::new();
        let rows = rows.enumerate().inspect(|(row, cells)| {
            let part = row / per_sheet;
            if part == links.len() {
                links.push(0);
            }
            let rules = cells.iter().filter(|c| matches!(c, Cell::Rule(_))).count();
            if let Some(count) = links.get_mut(part) {
                // A sheet links so many cells and no more (see `table`).
                *count = (*count + rules).min(MAX_LINKS);
            }
        });
        let (widths, numeric, rows) = measure(table.header(), rows.map(|(_, cells)| cells));
        Plan {
            table,
            widths,
            numeric,
            rows,
            per_sheet,
            links,
        }
    }

    /// How many cells of sheet `part` (from 1) link to the rule reference.
    fn links_on(&self, part: usize) -> usize {
        self.links.get(part - 1).copied().unwrap_or(0)
    }

    /// How many sheets the table takes (at least one).
    fn parts(&self) -> usize {
        self.rows.div_ceil(self.per_sheet).max(1)
    }

    /// How many rows sheet `part` (from 1) of the table holds.
    fn rows_on(&self, part: usize) -> usize {
        let before = (part - 1).saturating_mul(self.per_sheet);
        self.rows.saturating_sub(before).min(self.per_sheet)
    }
}

/// The lines row `cells` needs for its wrapped cells in columns of
/// `widths`: neither Excel nor LibreOffice grows a row on opening a
/// file, so a long message would otherwise spill over the rows below.
fn row_lines(cells: &[Cell<'_>], widths: &[usize]) -> usize {
    let lines = cells.iter().zip(widths).map(|(c, w)| c.lines(*w));
    lines.max().unwrap_or(1)
}

/// How many characters of text fit on one line of a cell `width` column
/// units wide. A unit is a digit's width, wider than the average letter
/// in Calibri, but LibreOffice without Calibri falls back on a wider
/// font, and breaking between words wastes room: one character a unit
/// is what holds in both.
fn line_capacity(width: usize) -> usize {
    width.max(1)
}

/// The height of a row of `lines` lines of the default font, in points.
fn row_height(lines: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let lines = lines.min(100) as f64;
    15.0 * lines
}

/// `Findings` for the first part of a table, `Findings (2)` after.
fn sheet_name(name: &str, part: usize) -> String {
    if part == 1 {
        name.to_string()
    } else {
        format!("{name} ({part})")
    }
}

/// The width of each column (its widest cell or header), whether it
/// holds numbers (each column holds one kind of cell), and the number of
/// rows.
fn measure<'r, I>(header: &[&str], rows: I) -> (Vec<usize>, Vec<bool>, usize)
where
    I: Iterator<Item = Vec<Cell<'r>>>,
{
    let mut widths: Vec<_> = header.iter().map(|h| h.chars().count()).collect();
    let mut numeric = vec![false; header.len()];
    let mut count = 0;
    for row in rows {
        count += 1;
        for ((width, number), cell) in widths.iter_mut().zip(&mut numeric).zip(&row) {
            *width = (*width).max(cell.width());
            *number |= cell.is_number();
        }
    }

    // The reviewer's columns are empty: size them for what goes in.
    for (width, title) in widths.iter_mut().zip(header) {
        let review = REVIEW_WIDTHS.iter().find(|(t, _)| t == title);
        if let Some((_, room)) = review {
            *width = (*width).max(*room);
        }
    }
    (widths, numeric, count)
}

/// Per tenant, per admin: the ids of the rules that fired for that
/// account, sorted and joined with `, `.
fn fired_rules(report: &Report) -> Vec<Fired> {
    report.tenants.par_iter().map(Fired::of).collect()
}

/// The rules that fired for each admin of a tenant; UPNs are matched
/// case-insensitively.
struct Fired {
    /// The rule ids fired for each admin, joined, at the place of the
    /// first admin of its UPN.
    rules: Vec<Option<String>>,
    /// Each admin's place in `rules`: its own, or that of the first admin
    /// of the same UPN in another case.
    place: Vec<usize>,
}

impl Fired {
    fn of(tenant: &TenantReport) -> Fired {
        // Each finding's admin is found by its UPN in a hash table: sorting
        // the findings by UPN instead compared long, alike strings
        // hundreds of thousands of times.
        let mut first: foldhash::HashMap<Cow<'_, str>, usize> = foldhash::HashMap::default();
        first.reserve(tenant.admins.len());
        let place = (tenant.admins.iter().enumerate())
            .map(|(index, admin)| *first.entry(lowercase(&admin.upn)).or_insert(index))
            .collect();
        let mut pairs: Vec<(usize, &str)> = tenant
            .findings
            .iter()
            .filter_map(|f| Some((*first.get(&lowercase(f.upn.as_deref()?))?, f.rule)))
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        let mut rules = vec![None; tenant.admins.len()];
        for same in pairs.chunk_by(|a, b| a.0 == b.0) {
            if let Some(slot) = rules.get_mut(same[0].0) {
                let ids: Vec<&str> = same.iter().map(|(_, rule)| *rule).collect();
                *slot = Some(ids.join(", "));
            }
        }
        Fired { rules, place }
    }

    /// The rule ids of the tenant's `index`th admin.
    fn get(&self, index: usize) -> Option<&str> {
        self.rules.get(*self.place.get(index)?)?.as_deref()
    }
}

fn admin_rows<'r>(
    report: &'r Report,
    fired: &'r [Fired],
) -> impl Iterator<Item = Vec<Cell<'r>>> + 'r {
    report
        .tenants
        .iter()
        .zip(fired)
        .flat_map(|(tenant, fired)| {
            let admins = tenant.admins.iter().enumerate();
            admins.map(move |(index, admin)| admin_row(&tenant.name, admin, fired.get(index)))
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
                Cell::Rule(finding.rule),
                Cell::opt(finding.upn.as_deref()),
                Cell::Wrapped(Cow::Borrowed(&finding.message)),
                Cell::opt(finding.value.as_deref()),
                Cell::opt(finding.suggested_fix.as_deref()),
                Cell::shown(finding.source.as_ref()),
            ]
        })
    })
}

/// One row per action, the reviewer's columns left empty.
fn action_rows<'r>(plan: &'r [Action<'r>]) -> impl Iterator<Item = Vec<Cell<'r>>> + 'r {
    plan.iter().map(|action| {
        let finding = action.finding;
        vec![
            Cell::text(actions::priority(finding.severity)),
            Cell::text(action.tenant),
            Cell::text(finding.upn.as_deref().unwrap_or("(tenant)")),
            Cell::Wrapped(action.text()),
            Cell::Rule(finding.rule),
            Cell::Severity(finding.severity),
        ]
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
                Cell::Rule(skipped.rule),
                Cell::Wrapped(Cow::Borrowed(&skipped.reason)),
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
    fn titles(&mut self, titles: &[&str], numeric: Range<usize>) -> Done {
        for (col, title) in (0..).zip(titles) {
            let format = self.styles.header(numeric.contains(&usize::from(col)));
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

/// The Summary sheet: the verdict on each tenant in words, one row of
/// counts per tenant, the run's settings, every input with its hash, and
/// findings per rule and per tenant with a chart each.
///
/// Summary is a page of blocks rather than one table, so its panes are
/// not frozen; the autofilter sits on the counts table.
fn write_summary(sheet: &mut Worksheet, report: &Report, styles: &Styles) -> Done {
    sheet.set_name("Summary")?;
    register_table_styles(sheet, styles)?;
    page_setup(sheet);
    let mut grid = Grid {
        sheet,
        styles,
        widths: Vec::new(),
        row: 0,
    };
    let verdicts = write_verdicts(&mut grid, report)?;

    grid.row += 1;
    let counts_header = grid.row;
    grid.titles(&SUMMARY_HEADER, 1..SUMMARY_HEADER.len())?;
    for tenant in &report.tenants {
        grid.row(&tenant_cells(tenant))?;
    }
    let last_tenant_row = grid.row.saturating_sub(1);
    let last_col = ColNum::try_from(SUMMARY_HEADER.len() - 1).unwrap_or(0);
    grid.sheet
        .autofilter(counts_header, 0, last_tenant_row, last_col)?;

    // One blank row between the blocks.
    grid.row += 1;
    let tool = format!("{} {}", report.tool.name, report.tool.version);
    grid.labelled("Profile", &report.profile)?;
    grid.labelled("As of", &report.as_of)?;
    grid.labelled("Tool", &tool)?;
    grid.row += 1;
    write_inputs(&mut grid, report)?;
    grid.row += 1;
    let tenants = (counts_header + 1, last_tenant_row);
    write_rule_counts(&mut grid, report, tenants)?;

    set_widths(grid.sheet, &grid.widths)?;
    fit_verdicts(grid.sheet, &grid.widths, &verdicts)
}

/// The verdict block: one sentence per tenant across the counts columns.
/// Returns each sentence's row and length, to size the rows once the
/// column widths are known.
fn write_verdicts(grid: &mut Grid<'_>, report: &Report) -> Result<Vec<(RowNum, usize)>, XlsxError> {
    let styles = grid.styles;
    grid.titles(&VERDICT_HEADER[..1], 0..0)?;
    let (row, last) = (grid.row - 1, VERDICT_LAST_COLUMN);
    grid.sheet
        .merge_range(row, 1, row, last, VERDICT_HEADER[1], &styles.header)?;

    // Top-aligned: a sentence on two lines starts level with its tenant.
    let mut rows = Vec::new();
    for tenant in &report.tenants {
        let sentence = verdict::sentence(tenant);
        grid.sheet
            .write_string_with_format(grid.row, 0, &tenant.name, &styles.top)?;
        grid.widen(0, tenant.name.chars().count());
        grid.sheet.merge_range(
            grid.row,
            1,
            grid.row,
            last,
            clip(&sentence),
            &styles.wrap_top,
        )?;
        rows.push((grid.row, sentence.chars().count()));
        grid.row += 1;
    }
    Ok(rows)
}

/// Makes each verdict row tall enough for its sentence: a merged range is
/// never grown by Excel or LibreOffice on their own.
fn fit_verdicts(sheet: &mut Worksheet, widths: &[usize], rows: &[(RowNum, usize)]) -> Done {
    let last = usize::from(VERDICT_LAST_COLUMN);
    let span: usize = widths
        .iter()
        .skip(1)
        .take(last)
        .map(|w| (*w).clamp(MIN_WIDTH, MAX_WIDTH) + 3)
        .sum();
    let capacity = line_capacity(span);
    for &(row, chars) in rows {
        let lines = chars.div_ceil(capacity);
        if lines > 1 {
            sheet.set_row_height(row, row_height(lines))?;
        }
    }
    Ok(())
}

/// The per-tenant counts, in [`SUMMARY_HEADER`] order.
fn tenant_cells(tenant: &TenantReport) -> Vec<Cell<'_>> {
    let count = |n: usize| Cell::Count(u64::try_from(n).unwrap_or(u64::MAX));
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
    // Rows and Rows rejected.
    grid.titles(&INPUTS_HEADER, 4..6)?;
    for tenant in &report.tenants {
        for input in &tenant.inputs {
            grid.row(&[
                Cell::text(&tenant.name),
                Cell::text(&input.file),
                Cell::opt(input.sheet.as_deref()),
                Cell::Text(Cow::Owned(input.parts.join(", "))),
                Cell::Count(input.rows),
                Cell::Count(input.rows_rejected),
            ])?;
            // The hash spills into the empty cells on its right rather
            // than widening its column, which the counts above share.
            let (row, col) = (grid.row.saturating_sub(1), 6);
            let indent = &grid.styles.indent;
            grid.sheet
                .write_string_with_format(row, col, &input.sha256, indent)?;
        }
    }
    Ok(())
}

/// Findings per rule over every tenant, most frequent first, with a bar
/// chart of them and, below it, a chart of each tenant's findings by
/// severity from the counts rows `tenants` (both left out when there are
/// no findings).
fn write_rule_counts(grid: &mut Grid<'_>, report: &Report, tenants: (RowNum, RowNum)) -> Done {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for finding in report.tenants.iter().flat_map(|t| &t.findings) {
        *counts.entry(finding.rule).or_default() += 1;
    }
    let mut counts: Vec<(&str, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));

    let header = grid.row;
    grid.titles(&["Rule", "Findings"], 1..2)?;
    for (rule, count) in &counts {
        grid.row(&[Cell::Rule(rule), Cell::Count(*count)])?;
    }
    if counts.is_empty() {
        return Ok(());
    }

    let (first, last) = (header + 1, grid.row.saturating_sub(1));
    grid.sheet
        .insert_chart(header, CHART_COLUMN, &rule_chart(first, last))?;
    let below = bars_height(first, last, RULE_BAR).saturating_add(20);
    let by_tenant = tenant_chart(tenants.0, tenants.1);
    grid.sheet
        .insert_chart_with_offset(header, CHART_COLUMN, &by_tenant, 0, below)?;
    Ok(())
}

/// Pixels per bar of the findings-per-rule chart.
const RULE_BAR: u32 = 22;

/// A bar chart of the rule counts on Summary rows `first..=last`.
fn rule_chart(first: RowNum, last: RowNum) -> Chart {
    let mut chart = Chart::new_bar();
    chart
        .add_series()
        .set_name("Findings")
        .set_categories(("Summary", first, 0, last, 0))
        .set_values(("Summary", first, 1, last, 1))
        .set_format(&mut solid(0x44_72C4));
    chart.title().set_name("Findings per rule");
    chart.legend().set_hidden();
    // Bars read top-down in the table's order, most frequent first (a bar
    // chart's categories run up its vertical, y, axis).
    chart.y_axis().set_reverse();

    chart.set_width(640);
    chart.set_height(bars_height(first, last, RULE_BAR));
    chart
}

/// A bar chart of each tenant's findings stacked by severity, from the
/// counts table on Summary rows `first..=last`.
fn tenant_chart(first: RowNum, last: RowNum) -> Chart {
    let mut chart = Chart::new(rust_xlsxwriter::ChartType::BarStacked);
    let fills = [0x8B_0000, 0xF4_6A3C, 0xFF_C000, 0xFF_E066, 0xA6_A6A6];
    // The severity columns of SUMMARY_HEADER, Critical to Info.
    for ((col, name), fill) in (6..).zip(&SUMMARY_HEADER[6..11]).zip(fills) {
        chart
            .add_series()
            .set_name(*name)
            .set_categories(("Summary", first, 0, last, 0))
            .set_values(("Summary", first, col, last, col))
            .set_format(&mut solid(fill))
            .set_gap(60);
    }
    chart.title().set_name("Findings per tenant by severity");
    chart.y_axis().set_reverse();
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);

    chart.set_width(640);
    chart.set_height(bars_height(first, last, 30));
    chart
}

/// A chart height that gives each of the bars `first..=last` `bar` pixels,
/// tall enough that every name on the axis stays readable.
fn bars_height(first: RowNum, last: RowNum, bar: u32) -> u32 {
    let bars = last.saturating_sub(first).saturating_add(1);
    bars.saturating_mul(bar).saturating_add(120).max(288)
}

/// A solid fill of one colour for a chart series.
fn solid(rgb: u32) -> ChartFormat {
    let fill = ChartSolidFill::new().set_color(Color::RGB(rgb)).clone();
    ChartFormat::new().set_solid_fill(&fill).clone()
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
            message: message.to_string().into(),
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
            all_users: false,
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
                "Action plan",
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

    fn archive(bytes: Vec<u8>) -> ZipArchive<Cursor<Vec<u8>>> {
        ZipArchive::new(Cursor::new(bytes)).unwrap()
    }

    /// The fast path of `write_with_limit`: the frames saved without the
    /// Summary are the workbook's own, so the tables written into them
    /// are kept; and a frame that differs is noticed.
    #[test]
    fn frames_saved_without_the_summary_are_the_workbooks_own() {
        let report = sample();
        let styles = Styles::new();
        let tables = Tables::of(&report);
        for per_sheet in [usize::MAX, 2] {
            let plans = tables.plans(per_sheet);
            let mut summary = Worksheet::new();
            write_summary(&mut summary, &report, &styles).unwrap();
            let whole = skeleton(&report, Some(summary), &plans, &styles).unwrap();
            let frames = skeleton(&report, None, &plans, &styles).unwrap();
            let (mut whole, mut frames) = (archive(whole), archive(frames));
            assert!(same_frames(&mut whole, &mut frames, &plans).unwrap());
        }

        let one = tables.plans(usize::MAX);
        let other = tables.plans(3);
        let mut whole = archive(skeleton(&report, None, &one, &styles).unwrap());
        let mut frames = archive(skeleton(&report, None, &other, &styles).unwrap());
        assert!(!same_frames(&mut whole, &mut frames, &one).unwrap());
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
    fn each_admin_gets_the_rules_fired_for_it() {
        let admins: Vec<AdminSummary> = ["Ada@x", "bob@x", "carl@x", "AAA@x", "dan@x", "ada@x"]
            .iter()
            .map(|upn| admin(upn, &[], None, Verdict::Ready))
            .collect();
        let fired = |upn: Option<&str>, rule| finding(rule, Severity::High, upn, "");
        let findings = vec![
            fired(None, "sole-admin"),
            fired(Some("carl@x"), "phone-voip"),
            fired(Some("ADA@X"), "phone-invalid"),
            fired(Some("aaa@x"), "alt-email-missing"),
            fired(Some("zed@x"), "phone-voip"),
            fired(Some("ada@x"), "alt-email-missing"),
            fired(Some("carl@x"), "alt-email-missing"),
            fired(Some("ada@x"), "phone-invalid"),
        ];
        let tenant = TenantReport {
            admins,
            findings,
            ..TenantReport::default()
        };

        let fired = Fired::of(&tenant);

        let got: Vec<Option<&str>> = (0..7).map(|i| fired.get(i)).collect();
        let ada = Some("alt-email-missing, phone-invalid");
        let carl = Some("alt-email-missing, phone-voip");
        let want = [ada, None, carl, Some("alt-email-missing"), None, ada, None];
        assert_eq!(got, want);
        let none = Fired::of(&TenantReport::default());
        assert_eq!(none.get(0), None);
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
    fn summary_opens_with_the_verdict_in_words() {
        let (_dir, path) = saved(&sample(), MAX_ROWS);
        let rows = rows(&path, "Summary");

        assert_eq!(rows[0][..2], VERDICT_HEADER.map(String::from));
        assert_eq!(rows[1][0], "contoso");
        assert_eq!(
            rows[1][1],
            "1 of 3 admins cannot reset their own password; only one admin \
             can reset a Global Administrator's password; 1 input issue \
             (see Input issues)."
        );
    }

    #[test]
    fn action_plan_has_one_row_per_fix_most_urgent_first() {
        let (_dir, path) = saved(&sample(), MAX_ROWS);
        let rows = rows(&path, "Action plan");

        assert_eq!(rows[0], ACTIONS_HEADER.map(String::from).to_vec());
        // Five findings, one of them info: four actions.
        assert_eq!(rows.len(), 1 + 4);
        assert_eq!(
            rows[1][..6],
            [
                "P1",
                "contoso",
                "(tenant)",
                "Add a second admin who can reset Global Administrators",
                "sole-admin",
                "critical"
            ]
        );
        assert_eq!(rows[2][4], "recovery-methods-insufficient");
        assert_eq!(rows[4][0], "P3");
        assert!(rows
            .iter()
            .skip(1)
            .all(|r| r[6..].iter().all(String::is_empty)));
    }

    /// The XML part `name` of the workbook at `path`.
    fn part(path: &Path, name: &str) -> String {
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
        xml
    }

    #[test]
    fn rule_ids_link_to_the_rule_reference() {
        let (_dir, path) = saved(&sample(), MAX_ROWS);

        // Sheets 2 and 4 are Action plan and Findings. The workbook keeps
        // the address's `#rule-id` apart, as the link's location.
        let page = actions::RULE_DOCS_URL.trim_end_matches('#');
        for sheet in [2, 4] {
            let rels = part(&path, &format!("xl/worksheets/_rels/sheet{sheet}.xml.rels"));
            assert!(rels.contains(&format!("Target=\"{page}\"")), "{rels}");
            let xml = part(&path, &format!("xl/worksheets/sheet{sheet}.xml"));
            let anchor = "location=\"recovery-methods-insufficient\"";
            assert!(xml.contains(anchor), "sheet{sheet}: {xml}");
        }
    }

    #[test]
    fn every_table_sheet_freezes_its_header_and_filters() {
        let (_dir, path) = saved(&sample(), MAX_ROWS);

        for sheet in 2..=6 {
            let xml = part(&path, &format!("xl/worksheets/sheet{sheet}.xml"));
            assert!(xml.contains("state=\"frozen\""), "sheet{sheet} not frozen");
            assert!(xml.contains("<autoFilter"), "sheet{sheet} has no filter");
            assert!(xml.contains("<cols>"), "sheet{sheet} has no widths");
        }
        let plan = part(&path, "xl/worksheets/sheet2.xml");
        assert!(plan.contains("<dataValidation"), "Status has no list");
        assert!(plan.contains("Open,In progress,Done"), "{plan}");
    }

    #[test]
    fn summary_counts_each_tenant() {
        let (_dir, path) = saved(&sample(), MAX_ROWS);
        let rows = rows(&path, "Summary");
        let header = rows
            .iter()
            .position(|r| r[..12] == SUMMARY_HEADER.map(String::from))
            .unwrap();

        // 3 admins, 1 reset-capable (ada: enabled GA, eligible), verdicts
        // 2/0/1, findings 2/1/1/0/1, 1 tenant finding.
        assert_eq!(
            rows[header + 1][..12],
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

    /// Each part of a long table links its own rule ids: its
    /// relationships, written beside it from the counts planned, are as
    /// many as its links and number them from 1.
    #[test]
    fn each_part_of_a_long_table_has_its_own_relationships() {
        let report = sample();
        let (_dir, path) = saved(&report, 3);
        let mut zip = ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut part = |name: &str| {
            let mut xml = String::new();
            let mut file = zip.by_name(name).ok()?;
            file.read_to_string(&mut xml).unwrap();
            Some(xml)
        };

        let mut linked_parts = 0;
        let mut number = 2;
        while let Some(sheet) = part(&table::sheet_part(number)) {
            let links = sheet.matches("<hyperlink ").count();
            let rels = part(&table::rels_part(number)).unwrap_or_default();
            assert_eq!(
                rels.matches("<Relationship ").count(),
                links,
                "sheet {number}"
            );
            for id in 1..=links {
                assert!(
                    sheet.contains(&format!("r:id=\"rId{id}\"")),
                    "sheet {number}"
                );
                assert!(rels.contains(&format!("Id=\"rId{id}\"")), "sheet {number}");
            }
            linked_parts += usize::from(links > 0);
            number += 1;
        }
        // The findings alone take three sheets, each linking its rows.
        assert!(linked_parts >= 3, "{linked_parts}");
    }

    #[test]
    fn table_sheets_link_no_more_rule_ids_than_excel_allows() {
        let mut report = sample();
        let extra = MAX_LINKS + 5 - report.tenants[0].findings.len();
        for i in 0..extra {
            let upn = format!("user{i}@contoso.example");
            let finding = finding("phone-missing", Severity::Info, Some(&upn), "no phone");
            report.tenants[0].findings.push(finding);
        }
        report.sort();
        let (_dir, path) = saved(&report, MAX_ROWS);

        // Summary, Action plan, Admins, then Findings.
        let mut zip = ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut part = |name: &str| {
            let mut xml = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
            xml
        };
        let sheet = part(&table::sheet_part(4));
        assert!(sheet.matches("<c r=\"C").count() > MAX_LINKS);
        assert_eq!(sheet.matches("<hyperlink ").count(), MAX_LINKS);
        let rels = part(&table::rels_part(4));
        assert_eq!(rels.matches("<Relationship ").count(), MAX_LINKS);

        // Every finding still names its rule, linked or not.
        let rows = rows(&path, "Findings");
        assert_eq!(rows.len() - 1, report.tenants[0].findings.len());
        assert!(rows.iter().skip(1).all(|row| !row[2].is_empty()));
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

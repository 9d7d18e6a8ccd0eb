//! Workbooks (XLSX, XLSM, XLSB, ODS and legacy XLS) read with calamine,
//! one [`Table`] per worksheet, every cell turned to text.
//!
//! A ZIP's uncompressed size is checked against the limit before calamine
//! sees it, by expanding its parts (their declared sizes may lie), so a
//! small file that expands without end is refused. Whole
//! numbers are written without `.0`, because Excel turns phone numbers into
//! numbers and `4917612345678.0` would hide the digits rules look at.
//! Dates become ISO 8601 text. Rows keep the numbers the sheet shows, and
//! cells keep their columns: a sheet whose data starts at C5 gives row 5,
//! with two empty cells before column C.
//!
//! A formula cell is read as the result the workbook saved with it, as
//! Excel shows it. A formula saved without a result (written by a program
//! and never opened in Excel) would read as an empty cell, which rules
//! would take for a missing value; it is reported instead.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{Data, ExcelDateTime, Range, Reader, SheetType, Sheets};

use super::{is_blank, Limits, Record, RowBuilder, Table};
use crate::source::{InputIssue, Origin};

/// The container a workbook's bytes come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// A ZIP archive: XLSX, XLSM, XLSB or ODS.
    Zip,
    /// An OLE compound file: legacy XLS, or an encrypted OOXML workbook.
    Ole,
}

/// What an encrypted OOXML workbook holds instead of its parts: Office
/// wraps it in an OLE file with these streams.
const ENCRYPTION_STREAMS: [&str; 2] = ["EncryptionInfo", "EncryptedPackage"];

const DAMAGED: &str = "damaged workbook";

const PASSWORD: &str = "password-protected workbook; save it without a password";

/// Reads every worksheet of the workbook at `path`.
///
/// Never fails: a workbook that cannot be opened gives no tables and an
/// issue; a sheet that cannot be read gives an issue and the other sheets
/// are still read. Chart sheets and empty sheets give no table.
pub fn read(
    path: &Path,
    container: Container,
    name: &str,
    limits: &Limits,
) -> (Vec<Table>, Vec<InputIssue>) {
    let origin = Origin::file(name);
    // calamine has no promise not to panic on a damaged file; a panic is
    // one more way for this file to be unreadable, not a reason to stop.
    let failed = |why: &str| (Vec::new(), vec![InputIssue::whole(&origin, why)]);
    let opened = catch_unwind(AssertUnwindSafe(|| open(path, container, limits)));
    let mut workbook = match opened {
        Ok(Ok(workbook)) => workbook,
        Ok(Err(why)) => return failed(&why),
        Err(_) => return failed(DAMAGED),
    };

    let read = || sheets(&mut workbook, name, limits);
    catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|_| failed(DAMAGED))
}

type Workbook = Sheets<BufReader<File>>;

/// Opens the workbook, refusing what it cannot or should not read.
fn open(path: &Path, container: Container, limits: &Limits) -> Result<Workbook, String> {
    let file = File::open(path).map_err(unreadable)?;
    let reader = BufReader::new(file);
    match container {
        Container::Zip => open_zip(path, reader, limits),
        Container::Ole => open_ole(path, reader, limits),
    }
}

/// Which workbook a ZIP holds, told from its parts, once its expanded size
/// is known to be within the limit.
fn open_zip(path: &Path, reader: BufReader<File>, limits: &Limits) -> Result<Workbook, String> {
    let format = zip_format(path, limits)?;
    let damaged = |err: &dyn std::fmt::Display| format!("{DAMAGED}: {err}");
    match format {
        ZipFormat::Xlsx => calamine::open_workbook_from_rs(reader)
            .map(Sheets::Xlsx)
            .map_err(|err: calamine::XlsxError| damaged(&err)),
        ZipFormat::Xlsb => calamine::open_workbook_from_rs(reader)
            .map(Sheets::Xlsb)
            .map_err(|err: calamine::XlsbError| damaged(&err)),
        ZipFormat::Ods => calamine::open_workbook_from_rs(reader)
            .map(Sheets::Ods)
            .map_err(|err: calamine::OdsError| damaged(&err)),
    }
}

enum ZipFormat {
    Xlsx,
    Xlsb,
    Ods,
}

/// Reads a ZIP's directory: the kind of workbook it is and its size.
fn zip_format(path: &Path, limits: &Limits) -> Result<ZipFormat, String> {
    let file = File::open(path).map_err(unreadable)?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|err| format!("damaged ZIP archive: {err}"))?;

    let expanded = expanded_size(&mut archive, limits.max_workbook_bytes);
    if expanded > limits.max_workbook_bytes {
        let max = limits.max_workbook_bytes;
        return Err(format!(
            "workbook expands to over {max} bytes, over the limit of {max} bytes; not read"
        ));
    }

    let has = |part: &str| archive.index_for_name(part).is_some();
    if has("xl/workbook.xml") {
        Ok(ZipFormat::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(ZipFormat::Xlsb)
    } else if has("content.xml") {
        Ok(ZipFormat::Ods)
    } else {
        Err("a ZIP archive that is not a workbook".to_string())
    }
}

/// How many bytes the archive's parts expand to, counted by expanding
/// them (the sizes a ZIP declares may lie), stopping once past `max`.
/// A part that cannot be expanded counts for what it gave: calamine
/// reports it when it reads the part.
fn expanded_size<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    max: u64,
) -> u64 {
    let mut expanded: u64 = 0;
    for index in 0..archive.len() {
        let budget = max.saturating_sub(expanded).saturating_add(1);
        let part = archive.by_index(index).map(|entry| {
            let mut bounded = std::io::Read::take(entry, budget);
            std::io::copy(&mut bounded, &mut std::io::sink()).unwrap_or(0)
        });
        expanded = expanded.saturating_add(part.unwrap_or(0));
        if expanded > max {
            break;
        }
    }
    expanded
}

/// Opens a legacy XLS, telling an encrypted workbook from a damaged one.
fn open_ole(path: &Path, reader: BufReader<File>, limits: &Limits) -> Result<Workbook, String> {
    let size = std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
    if size > limits.max_workbook_bytes {
        let max = limits.max_workbook_bytes;
        return Err(format!(
            "workbook of {size} bytes is over the limit of {max} bytes; not read"
        ));
    }

    match calamine::open_workbook_from_rs(reader) {
        Ok(xls) => Ok(Sheets::Xls(xls)),
        Err(calamine::XlsError::Password) => Err(PASSWORD.to_string()),
        Err(_) if is_encrypted(path) => Err(PASSWORD.to_string()),
        Err(err) => Err(format!("{DAMAGED}: {err}")),
    }
}

/// True when the OLE file names an encryption stream. Stream names are
/// stored in UTF-16LE in the file's directory, so their bytes are searched
/// for; a false match only changes the wording of the issue.
fn is_encrypted(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    ENCRYPTION_STREAMS.iter().any(|name| {
        let utf16 = name.encode_utf16().flat_map(u16::to_le_bytes);
        let needle: Vec<u8> = utf16.collect();
        bytes
            .windows(needle.len())
            .any(|window| window == needle.as_slice())
    })
}

fn unreadable(err: std::io::Error) -> String {
    format!("cannot read the file: {err}")
}

/// Reads every worksheet into a table.
fn sheets(workbook: &mut Workbook, file: &str, limits: &Limits) -> (Vec<Table>, Vec<InputIssue>) {
    let (mut tables, mut issues) = (Vec::new(), Vec::new());
    let worksheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect();

    for sheet in worksheets {
        let origin = Origin::sheet(file, &sheet);
        match workbook.worksheet_range(&sheet) {
            Err(err) => issues.push(InputIssue::whole(
                &origin,
                format!("cannot read the sheet: {err}"),
            )),
            Ok(range) => {
                let unsaved = unsaved_formulas(workbook, &sheet, &range);
                let records = records(&range, &unsaved, limits);
                if records.is_empty() {
                    issues.push(InputIssue::whole(&origin, "empty sheet"));
                } else {
                    let rows = super::rows(records.into_iter());
                    tables.push(Table {
                        origin,
                        given_header: None,
                        rows,
                    });
                }
            }
        }
    }
    (tables, issues)
}

/// Formulas saved without a result, by absolute (row, column), as the
/// damage message for their cell. A sheet whose formulas cannot be read
/// has none: its values were read, and they are what matters.
fn unsaved_formulas(
    workbook: &mut Workbook,
    sheet: &str,
    values: &Range<Data>,
) -> HashMap<(u32, u32), String> {
    let Ok(formulas) = workbook.worksheet_formula(sheet) else {
        return HashMap::new();
    };
    let (top, left) = formulas.start().unwrap_or((0, 0));
    let mut unsaved = HashMap::new();
    for (row, column, formula) in formulas.used_cells() {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let at = (
            top.saturating_add(offset(row)),
            left.saturating_add(offset(column)),
        );
        let empty = values
            .get_value(at)
            .is_none_or(|value| *value == Data::Empty);
        if empty && !formula.is_empty() {
            unsaved.insert(at, unsaved_message(formula));
        }
    }
    unsaved
}

/// Why a formula cell holds nothing; a long formula is cut short.
fn unsaved_message(formula: &str) -> String {
    const SHOWN: usize = 60;
    let mut shown: String = formula.chars().take(SHOWN).collect();
    if shown.len() < formula.len() {
        shown.push('…');
    }
    format!(
        "cell holds the formula `={shown}` with no saved result; open and save the file \
         in Excel to compute it"
    )
}

/// The non-blank rows of a sheet's used range, numbered as the sheet shows
/// them, each cell at its own column index; a cell in `unsaved` is damage.
fn records(
    range: &Range<Data>,
    unsaved: &HashMap<(u32, u32), String>,
    limits: &Limits,
) -> Vec<Record> {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut records = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        let at_row = first_row.saturating_add(offset);
        let row = at_row.saturating_add(1);
        let mut builder = RowBuilder::new(row, limits);
        (0..first_column).for_each(|_| builder.push(""));
        for (column, cell) in (first_column..).zip(cells) {
            match (unsaved.get(&(at_row, column)), cell_text(cell)) {
                (Some(why), _) => builder.push_damaged(why.clone()),
                (None, Ok(text)) => builder.push(&text),
                (None, Err(why)) => builder.push_damaged(why),
            }
        }

        let record = builder.finish();
        if !is_blank(&record) {
            records.push(record);
        }
    }
    records
}

/// A cell as text, or why it holds none (an Excel error value). Text
/// cells are borrowed: the row copies them into its own buffer.
///
/// # Errors
///
/// Gives the message for a cell that holds an error such as `#N/A`.
pub fn cell_text(cell: &Data) -> Result<Cow<'_, str>, String> {
    Ok(match cell {
        Data::String(text) => Cow::Borrowed(text),
        Data::Float(number) => Cow::Owned(float_text(*number)),
        Data::Int(number) => Cow::Owned(number.to_string()),
        Data::Bool(true) => Cow::Borrowed("TRUE"),
        Data::Bool(false) => Cow::Borrowed("FALSE"),
        Data::DateTime(when) => Cow::Owned(date_text(when)),
        Data::DateTimeIso(text) | Data::DurationIso(text) => Cow::Borrowed(text),
        Data::Error(error) => return Err(format!("cell holds the error {error}")),
        Data::Empty => Cow::Borrowed(""),
    })
}

/// A number as the shortest text that gives it back; whole numbers below
/// 10^15 (every phone number Excel swallowed) without a fraction or
/// exponent.
fn float_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        // Exact: a whole f64 below 2^53 converts without loss.
        format!("{}", number as i64)
    } else if number.is_finite() && !(1e-7..1e21).contains(&number.abs()) {
        format!("{number:e}")
    } else {
        number.to_string()
    }
}

/// A date, time or date-time as ISO 8601 (`2025-10-13`, `12:59:02`,
/// `2025-10-13T12:59:02`); a duration as ISO 8601 (`PT26H5M0S`).
fn date_text(when: &ExcelDateTime) -> String {
    if when.is_duration() {
        let seconds = (when.as_f64() * 86_400.0).round() as i64;
        let (hours, rest) = (seconds / 3600, seconds.rem_euclid(3600));
        return format!("PT{hours}H{}M{}S", rest / 60, rest % 60);
    }
    let (year, month, day, hour, minute, second, milli) = when.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    let mut time = format!("{hour:02}:{minute:02}:{second:02}");
    if milli > 0 {
        time.push_str(&format!(".{milli:03}"));
    }

    let value = when.as_f64();
    if value.fract() == 0.0 {
        date
    } else if value.abs() < 1.0 {
        time
    } else {
        format!("{date}T{time}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};
    use rust_xlsxwriter::Workbook as Writer;

    fn texts(record: &Record) -> Vec<&str> {
        record.cells().collect()
    }

    fn write_sample(path: &Path) {
        let mut book = Writer::new();
        let users = book.add_worksheet();
        users.set_name("Users").unwrap();
        users.write_string(0, 0, "User report").unwrap();
        users.write_string(2, 0, "UPN").unwrap();
        users.write_string(2, 1, "Mobile").unwrap();
        users.write_string(2, 2, "Enabled").unwrap();
        users.write_string(2, 3, "Score").unwrap();
        users.write_string(3, 0, "a@x").unwrap();
        users.write_number(3, 1, 4917612345678.0).unwrap();
        users.write_boolean(3, 2, true).unwrap();
        users.write_number(3, 3, 1.5).unwrap();
        let roles = book.add_worksheet();
        roles.set_name("Roles").unwrap();
        roles.write_string(4, 2, "Role").unwrap();
        roles.set_hidden(true);
        book.add_worksheet().set_name("Blank").unwrap();
        book.save(path).unwrap();
    }

    #[test]
    fn xlsx_sheets_keep_their_row_numbers_and_cell_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        write_sample(&path);
        let (tables, issues) = read(&path, Container::Zip, "book.xlsx", &Limits::default());

        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].origin, Origin::sheet("book.xlsx", "Users"));
        let mut tables = tables.into_iter();
        let users: Vec<Record> = tables.next().unwrap().rows.collect();
        assert_eq!(
            users.iter().map(|r| r.row).collect::<Vec<_>>(),
            vec![1, 3, 4]
        );
        assert_eq!(
            texts(&users[2]),
            vec!["a@x", "4917612345678", "TRUE", "1.5"]
        );

        let roles: Vec<Record> = tables.next().unwrap().rows.collect();
        assert_eq!(roles[0].row, 5);
        assert_eq!(texts(&roles[0]), vec!["", "", "Role"]);

        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].sheet.as_deref(), Some("Blank"));
        assert_eq!(issues[0].message, "empty sheet");
    }

    #[test]
    fn workbook_expanding_past_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        write_sample(&path);
        let limits = Limits {
            max_workbook_bytes: 1000,
            ..Limits::default()
        };
        let (tables, issues) = read(&path, Container::Zip, "book.xlsx", &limits);
        assert!(tables.is_empty());
        assert!(issues[0].message.contains("over the limit of 1000 bytes"));
    }

    #[test]
    fn encrypted_ole_workbook_asks_for_no_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locked.xlsx");
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.resize(600, 0);
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&path, bytes).unwrap();
        let (tables, issues) = read(&path, Container::Ole, "locked.xlsx", &Limits::default());
        assert!(tables.is_empty());
        assert_eq!(issues[0].message, PASSWORD);
    }

    #[test]
    fn damaged_ole_file_is_an_issue_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.xls");
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend([0xAB; 100]);
        std::fs::write(&path, bytes).unwrap();
        let (tables, issues) = read(&path, Container::Ole, "old.xls", &Limits::default());
        assert!(tables.is_empty());
        assert!(issues[0].message.starts_with("damaged workbook"));
    }

    /// The fixture's formulas as openpyxl writes them: F7 given the result
    /// Excel would save, F9 saved with none.
    #[test]
    fn formula_without_a_saved_result_is_damage() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/damaged/excel-damage.xlsx");
        let (tables, _) = read(&path, Container::Zip, "x.xlsx", &Limits::default());
        let report = tables.into_iter().next().unwrap();
        let rows: Vec<Record> = report.rows.collect();
        let row = |n: u32| rows.iter().find(|r| r.row == n).unwrap();

        assert_eq!(row(7).cell(5).unwrap(), "DE");
        assert!(row(7).damage.iter().all(|(column, _)| *column != 5));
        let (_, why) = row(9)
            .damage
            .iter()
            .find(|(column, _)| *column == 5)
            .unwrap();
        assert!(why.starts_with("cell holds the formula `=UPPER(\"gb\")` with no saved result"));
        assert_eq!(row(9).cell(5).unwrap(), "");
    }

    #[test]
    fn error_cells_are_damage_with_the_excel_text() {
        let why = cell_text(&Data::Error(CellErrorType::NA)).unwrap_err();
        assert_eq!(why, "cell holds the error #N/A");
        assert_eq!(cell_text(&Data::Empty).unwrap(), "");
        assert_eq!(cell_text(&Data::Bool(false)).unwrap(), "FALSE");
        assert_eq!(cell_text(&Data::Int(-7)).unwrap(), "-7");
    }

    #[test]
    fn numbers_are_written_as_excel_shows_them() {
        assert_eq!(float_text(447700900123.0), "447700900123");
        assert_eq!(float_text(-3.0), "-3");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(1e15), "1000000000000000");
        assert_eq!(float_text(2.5e22), "2.5e22");
    }

    #[test]
    fn dates_become_iso_8601() {
        let at = |value| ExcelDateTime::new(value, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&at(45943.0)), "2025-10-13");
        assert_eq!(date_text(&at(45943.5)), "2025-10-13T12:00:00");
        assert_eq!(date_text(&at(0.25)), "06:00:00");
        let span = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(date_text(&span), "PT36H0M0S");
    }
}

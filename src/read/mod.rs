//! Reading input files into rows of text cells.
//!
//! A file is recognised by its content, never its name: a ZIP is a
//! workbook (XLSX or ODS), an OLE compound file is a legacy XLS (or an
//! encrypted, password-protected XLSX), anything else is delimited text or
//! PowerShell `Format-List` output. Every worksheet becomes its own
//! [`Table`]. Nothing here knows what the columns mean: that is
//! `columns`' job.
//!
//! Text files are streamed, so a million-row export is never held in
//! memory whole.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

use crate::source::{InputIssue, Origin};

/// Guards against inputs built to exhaust memory or time. Each limit that
/// trips becomes an input issue; the rest of the batch goes on.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest cell kept, in bytes; a longer cell is emptied and reported.
    pub max_cell_bytes: usize,
    /// Widest row kept, in cells; cells past it are dropped and reported.
    pub max_columns: usize,
    /// Largest total uncompressed size of a workbook's parts (or size of
    /// a legacy XLS); a larger workbook is not read and is reported.
    pub max_workbook_bytes: u64,
    /// Most files read from one tenant folder, the first in name order;
    /// the others are not read and are reported.
    pub max_files: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_cell_bytes: 32 * 1024,
            max_columns: 16_384,
            max_workbook_bytes: 1 << 30,
            max_files: 10_000,
        }
    }
}

/// One row as a spreadsheet shows it.
///
/// The cells live in one text buffer with the offset where each ends, so
/// a row costs a couple of allocations however many cells it has: on a
/// million-row export, one `String` per cell was most of the reading time.
/// One byte stands between each cell and the next, so that a delimited
/// line is taken in with one copy, its delimiters kept as those bytes.
#[derive(Clone, Default)]
pub struct Record {
    /// 1-based row number as a spreadsheet shows it (the first line of the
    /// file is row 1, a `#TYPE` line included).
    pub row: u32,
    /// Every cell's text, one after another, one byte between each two.
    text: String,
    /// The byte offset in `text` where each cell ends.
    ends: Vec<usize>,
    /// Cells that could not be read as they were, as (0-based column,
    /// message); such a cell is left empty.
    pub damage: Vec<(usize, String)>,
}

impl Record {
    /// A record of the given cells and no damage; mostly for tests.
    pub fn new<I>(row: u32, cells: I) -> Record
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut record = Record {
            row,
            ..Record::default()
        };
        cells
            .into_iter()
            .for_each(|cell| record.push(cell.as_ref()));
        record
    }

    /// The text of the cell at 0-based `column`, untrimmed; `None` past
    /// the row's last cell. Numbers, booleans and dates from workbooks are
    /// turned to text (see [`workbook`]).
    pub fn cell(&self, column: usize) -> Option<&str> {
        let end = *self.ends.get(column)?;
        let before = column.checked_sub(1).and_then(|b| self.ends.get(b));
        let start = before.map_or(0, |b| b + 1);
        self.text.get(start..end)
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True for a row of no cells at all.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells' texts in column order, untrimmed.
    pub fn cells(&self) -> Cells<'_> {
        Cells {
            text: &self.text,
            start: 0,
            ends: self.ends.iter(),
        }
    }

    /// Appends a cell.
    fn push(&mut self, cell: &str) {
        if !self.ends.is_empty() {
            self.text.push(CELL_GAP);
        }
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// Appends the cells of `line` split at each `delimiter`, which must be
    /// ASCII: the line is copied whole, its delimiters left as the bytes
    /// between cells. Gives the number of cells added.
    fn push_split(&mut self, line: &str, delimiter: u8) -> usize {
        debug_assert!(delimiter.is_ascii());
        let before = self.ends.len();
        if before > 0 {
            self.text.push(CELL_GAP);
        }
        let base = self.text.len();
        self.text.push_str(line);
        find_each(line.as_bytes(), delimiter, |at| self.ends.push(base + at));
        self.ends.push(base + line.len());
        self.ends.len() - before
    }

    /// Drops the cells from 0-based `column` on.
    fn truncate(&mut self, column: usize) {
        if column < self.ends.len() {
            let text = column.checked_sub(1).and_then(|c| self.ends.get(c));
            self.text.truncate(text.copied().unwrap_or(0));
            self.ends.truncate(column);
        }
    }

    /// Keeps this record's buffers for a row read later on this thread;
    /// see [`Record::reused`].
    pub(crate) fn recycle(mut self) {
        if self.text.capacity() > SPARE_TEXT_BYTES {
            return;
        }
        SPARE.with_borrow_mut(|spare| {
            if spare.len() < SPARE_RECORDS {
                self.text.clear();
                self.ends.clear();
                self.damage.clear();
                spare.push(self);
            }
        });
    }

    /// An empty record for `row` with room for `bytes` of text in `width`
    /// cells: a recycled one when this thread has one (the read-ahead
    /// thread gets its batches back), which saves two allocations and two
    /// frees a row.
    fn reused(row: u32, bytes: usize, width: usize) -> Record {
        let mut record = SPARE.with_borrow_mut(Vec::pop).unwrap_or_default();
        record.row = row;
        record.text.reserve(bytes);
        record.ends.reserve(width);
        record
    }
}

thread_local! {
    /// Records given back after use, for the next rows read on this thread.
    static SPARE: std::cell::RefCell<Vec<Record>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Records kept for reuse per thread: about what the read-ahead has in
/// flight.
const SPARE_RECORDS: usize = 8192;

/// A record whose text grew past this is freed rather than kept, so that
/// one huge row does not stay allocated.
const SPARE_TEXT_BYTES: usize = 16 * 1024;

/// Calls `found` with the offset of every `byte` in `haystack`, in order.
///
/// Delimiters stand every few bytes, too densely for a search to pay off
/// each time it starts; eight bytes are compared at once instead, in a
/// word: a byte of `word ^ pattern` is zero exactly where `byte` is, and
/// the arithmetic below sets the top bit of exactly those bytes (no carry
/// crosses from one byte into the next).
fn find_each(haystack: &[u8], byte: u8, mut found: impl FnMut(usize)) {
    const LOW: u64 = u64::from_ne_bytes([0x7F; 8]);
    let pattern = u64::from_ne_bytes([byte; 8]);
    let mut words = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut words {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        // Little-endian: the first byte is the lowest, so bits are found
        // in the order of the text.
        let x = u64::from_le_bytes(bytes) ^ pattern;
        let mut zeros = !(((x & LOW) + LOW) | x | LOW);
        while zeros != 0 {
            found(offset + (zeros.trailing_zeros() / 8) as usize);
            zeros &= zeros - 1;
        }
        offset += 8;
    }
    let rest = words.remainder().iter().enumerate();
    rest.filter(|&(_, &b)| b == byte)
        .for_each(|(at, _)| found(offset + at));
}

/// The byte [`Record::push`] puts between cells.
const CELL_GAP: char = '\t';

/// Records are equal when their rows, cells and damage are: the bytes
/// between cells do not count.
impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.row == other.row && self.damage == other.damage && self.cells().eq(other.cells())
    }
}

impl Eq for Record {}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cells: Vec<&str> = self.cells().collect();
        f.debug_struct("Record")
            .field("row", &self.row)
            .field("cells", &cells)
            .field("damage", &self.damage)
            .finish()
    }
}

/// The cells of a [`Record`], in column order.
#[derive(Clone, Debug)]
pub struct Cells<'r> {
    text: &'r str,
    start: usize,
    ends: std::slice::Iter<'r, usize>,
}

impl<'r> Iterator for Cells<'r> {
    type Item = &'r str;

    fn next(&mut self) -> Option<&'r str> {
        let end = *self.ends.next()?;
        let cell = self.text.get(self.start..end).unwrap_or_default();
        self.start = end + 1;
        Some(cell)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ends.size_hint()
    }
}

impl ExactSizeIterator for Cells<'_> {}

/// The rows of a table, read lazily.
pub type Rows = Box<dyn RowSource>;

/// Where a table's rows come from: any iterator of records, and for
/// delimited text, one that can offer a line before making a record of it.
pub trait RowSource: Iterator<Item = Record> + Send {
    /// The next record, as [`Iterator::next`] gives it, except that each
    /// one-line row that holds nothing a parser would have to undo (no
    /// quote inside a cell, no bare CR, valid UTF-8, within the limits) is
    /// first offered to `pass_over` as a [`Line`]; a line it takes is
    /// consumed and no record is made of it. Only delimited text has such
    /// lines: other sources give their next record.
    fn next_passing(&mut self, pass_over: &mut dyn FnMut(&Line<'_>) -> bool) -> Option<Record> {
        let _ = pass_over;
        self.next()
    }
}

/// Rows from any iterator of records.
pub fn rows<I>(records: I) -> Rows
where
    I: Iterator<Item = Record> + Send + 'static,
{
    Box::new(Plain(records))
}

/// An iterator of records as a [`RowSource`] with nothing to offer.
struct Plain<I>(I);

impl<I: Iterator<Item = Record>> Iterator for Plain<I> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        self.0.next()
    }
}

impl<I: Iterator<Item = Record> + Send> RowSource for Plain<I> {}

/// A row of delimited text offered before a record is made of it (see
/// [`RowSource::next_passing`]): its cells are spans of the line, with
/// the same text a [`Record`] of it would hold.
pub struct Line<'a> {
    /// The row number, as [`Record::row`].
    pub row: u32,
    text: &'a str,
    /// Each cell's start and end in `text`.
    spans: &'a [(usize, usize)],
}

impl Line<'_> {
    /// The text of the cell at 0-based `column`, as [`Record::cell`].
    pub fn cell(&self, column: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(column)?;
        self.text.get(start..end)
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True for a row of no cells, which a line never is.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// One table: a delimited text file, or one worksheet.
pub struct Table {
    /// The file (and worksheet) it came from.
    pub origin: Origin,
    /// The header when the file has none of its own: `Format-List` text
    /// becomes a `Name`/`Value` table. `None`: the header is among `rows`
    /// (`columns` finds it; it need not be the first row).
    pub given_header: Option<Vec<String>>,
    /// Every row, preamble (`#TYPE`, `sep=`) excluded, in file order.
    pub rows: Rows,
}

/// Everything read from one file.
pub struct FileRead {
    /// Its tables: one for a text file, one per worksheet for a workbook.
    pub tables: Vec<Table>,
    /// Problems with the file as a whole (unreadable, encrypted, empty,
    /// over a limit) and with its sheets.
    pub issues: Vec<InputIssue>,
    /// SHA-256 of the file's bytes, lowercase hex. Complete once the whole
    /// file has been read, which for streamed text is when its rows run out.
    pub sha256: Arc<Checksum>,
    /// Problems found while the rows are read (a quote never closed, bad
    /// bytes past the start of a text file, a read error part way). Only
    /// complete once every table's rows have run out, like `sha256`.
    pub late_issues: IssueSink,
    /// The file's size in bytes; 0 when it could not be opened.
    pub bytes: u64,
}

/// The SHA-256 of a file, taken as its bytes stream past: on the reading
/// thread, or, for a large file, on a thread of its own that is handed
/// the bytes as they are read.
#[derive(Debug, Default)]
pub struct Checksum {
    value: OnceLock<String>,
    worker: Mutex<Option<JoinHandle<()>>>,
}

impl Checksum {
    /// Records the digest, lowercase hex; the first one set is kept.
    pub fn set(&self, hex: String) {
        let _ = self.value.set(hex);
    }

    /// The digest, once the file has been read through: waits for the
    /// thread taking it, if there is one. `None` if it could not be taken.
    pub fn get(&self) -> Option<String> {
        let worker = match self.worker.lock() {
            Ok(mut worker) => worker.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(worker) = worker {
            let _ = worker.join();
        }
        self.value.get().cloned()
    }

    /// Hands over the thread taking the digest, to be waited for.
    fn taken_by(&self, worker: JoinHandle<()>) {
        match self.worker.lock() {
            Ok(mut slot) => *slot = Some(worker),
            Err(poisoned) => *poisoned.into_inner() = Some(worker),
        }
    }
}

/// Whether a large file may be read with threads of its own (see
/// [`ahead`] and [`Checksum`]): not when the run is held to one thread
/// with `--threads 1`.
pub fn threads_to_spare() -> bool {
    rayon::current_num_threads() > 1
}

/// Where issues found while streaming rows are collected.
pub type IssueSink = Arc<Mutex<Vec<InputIssue>>>;

impl FileRead {
    /// A read with no tables, no issues and no checksum yet.
    fn new() -> FileRead {
        FileRead {
            tables: Vec::new(),
            issues: Vec::new(),
            sha256: Arc::default(),
            late_issues: Arc::default(),
            bytes: 0,
        }
    }

    /// Takes the issues found so far while streaming rows; call it after
    /// the rows have run out to have them all.
    pub fn take_late_issues(&self) -> Vec<InputIssue> {
        match self.late_issues.lock() {
            Ok(mut issues) => std::mem::take(&mut *issues),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }
}

/// What a file's first bytes say it is.
enum Kind {
    Empty,
    Zip,
    Ole,
    Text(&'static encoding_rs::Encoding),
    Binary,
}

impl Kind {
    fn of(prefix: &[u8]) -> Kind {
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if prefix.is_empty() {
            Kind::Empty
        } else if prefix.starts_with(b"PK\x03\x04") {
            Kind::Zip
        } else if prefix.starts_with(OLE) {
            Kind::Ole
        } else {
            decode::sniff(prefix).map_or(Kind::Binary, Kind::Text)
        }
    }
}

/// Reads one input file into tables of text rows.
///
/// `name` is the file's name as reports show it (relative to the tenant
/// folder). The kind of file is told from its content. Nothing here fails:
/// an unreadable, empty, encrypted or oversized file gives a [`FileRead`]
/// with no tables and an issue saying why. Text files are streamed; their
/// checksum and any late issues are set once their rows run out.
pub fn open(path: &Path, name: &str, limits: &Limits) -> FileRead {
    let origin = Origin::file(name);
    let mut read = FileRead::new();
    let (file, prefix) = match start(path) {
        Ok(start) => start,
        Err(err) => {
            let message = format!("cannot read the file: {err}");
            read.issues.push(InputIssue::whole(&origin, message));
            return read;
        }
    };

    // A prefix shorter than it was asked for is the whole file.
    read.bytes = if prefix.len() < decode::SNIFF_BYTES {
        prefix.len() as u64
    } else {
        file.metadata().map_or(0, |meta| meta.len())
    };
    let issue = match Kind::of(&prefix) {
        Kind::Text(encoding) => {
            let text = Text {
                file,
                prefix,
                encoding,
            };
            open_text(text, origin, limits, &mut read)
        }
        Kind::Zip => open_workbook(path, workbook::Container::Zip, name, limits, &mut read),
        Kind::Ole => open_workbook(path, workbook::Container::Ole, name, limits, &mut read),
        Kind::Empty => refuse(path, &origin, "empty file", &read),
        Kind::Binary => refuse(path, &origin, "not a text file or workbook", &read),
    };
    read.issues.extend(issue);
    read
}

/// Opens the file and reads the bytes its kind and encoding are told from.
fn start(path: &Path) -> io::Result<(File, Vec<u8>)> {
    let mut file = File::open(path)?;
    let mut prefix = Vec::with_capacity(decode::SNIFF_BYTES);
    (&mut file)
        .take(decode::SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)?;
    Ok((file, prefix))
}

/// A text file opened, with the bytes read to tell its encoding.
struct Text {
    file: File,
    prefix: Vec<u8>,
    encoding: &'static encoding_rs::Encoding,
}

/// Streams a text file as one table.
fn open_text(
    text: Text,
    origin: Origin,
    limits: &Limits,
    read: &mut FileRead,
) -> Option<InputIssue> {
    let Text {
        file,
        prefix,
        encoding,
    } = text;
    // UTF-8 and UTF-16 can hold sequences the decoder replaces with
    // U+FFFD; the legacy code pages map every byte, but the guess of which
    // one may be wrong, so a guess other than the spec's Windows-1252 is
    // said.
    let (damage, guess) = if encoding == encoding_rs::UTF_8 {
        ("invalid UTF-8 bytes replaced with U+FFFD", None)
    } else if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        ("unpaired UTF-16 surrogate replaced with U+FFFD", None)
    } else {
        ("", legacy_guess(&prefix, encoding, &origin))
    };
    let bad_bytes = Some(decode::BadBytes {
        sink: read.late_issues.clone(),
        issue: InputIssue::whole(&origin, damage),
    });
    let digest = read.sha256.clone();
    // A UTF-8 file shorter than the sample is in memory already: its rows
    // are split from there, with no stream to copy it through.
    let text = if encoding == encoding_rs::UTF_8 && prefix.len() < decode::SNIFF_BYTES {
        drop(file);
        delimited::Text::Whole(decode::whole_utf8(prefix, digest, bad_bytes))
    } else {
        let large = read.bytes >= decode::HASH_APART_BYTES;
        let apart = large && threads_to_spare();
        let stream = decode::stream(file, prefix, encoding, digest, bad_bytes, apart);
        delimited::Text::Stream(stream)
    };
    let table = delimited::table(text, origin, limits, read.late_issues.clone());
    read.tables.push(table);
    guess
}

/// The issue for a text file that is not UTF-8 and was read with a legacy
/// code page other than Windows-1252, the one exports use: the encoding is
/// then a guess from the bytes and accented names may come out wrong.
fn legacy_guess(
    prefix: &[u8],
    encoding: &'static encoding_rs::Encoding,
    origin: &Origin,
) -> Option<InputIssue> {
    if encoding == encoding_rs::WINDOWS_1252 {
        return None;
    }
    let line = decode::first_non_utf8_line(prefix)?;
    let message = format!(
        "not UTF-8 (first at line {line}): read as {}, the encoding its bytes \
         suggest; save it as UTF-8 if names look wrong",
        encoding.name()
    );
    Some(InputIssue::whole(origin, message))
}

/// Reads every worksheet of a workbook; its checksum is taken at once.
fn open_workbook(
    path: &Path,
    container: workbook::Container,
    name: &str,
    limits: &Limits,
    read: &mut FileRead,
) -> Option<InputIssue> {
    let (tables, issues) = workbook::read(path, container, name, limits);
    read.tables = tables;
    read.issues.extend(issues);
    set_checksum(path, &Origin::file(name), read)
}

/// Gives a file that holds no table its checksum and the reason.
fn refuse(path: &Path, origin: &Origin, why: &str, read: &FileRead) -> Option<InputIssue> {
    // The file was read a moment ago: why it is refused matters more than a
    // checksum lost to someone changing it since.
    let _ = set_checksum(path, origin, read);
    Some(InputIssue::whole(origin, why))
}

/// Sets the checksum from the file on disk; an issue if it cannot be read.
fn set_checksum(path: &Path, origin: &Origin, read: &FileRead) -> Option<InputIssue> {
    match sha256_file(path) {
        Ok(hex) => {
            read.sha256.set(hex);
            None
        }
        Err(err) => Some(InputIssue::whole(
            origin,
            format!("cannot read the file: {err}"),
        )),
    }
}

/// The SHA-256 of a file's bytes, lowercase hex.
///
/// # Errors
///
/// Fails when the file cannot be opened or read.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
}

/// Lowercase hex of a digest.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xF)]));
    }
    text
}

/// Adds an issue found while streaming; a poisoned lock still takes it,
/// since the list is only ever pushed to.
fn report_late(sink: &IssueSink, issue: InputIssue) {
    match sink.lock() {
        Ok(mut issues) => issues.push(issue),
        Err(poisoned) => poisoned.into_inner().push(issue),
    }
}

/// Builds one [`Record`] cell by cell, enforcing the [`Limits`].
struct RowBuilder {
    record: Record,
    width: usize,
    max_cell_bytes: usize,
    max_columns: usize,
}

impl RowBuilder {
    fn new(row: u32, limits: &Limits) -> RowBuilder {
        RowBuilder::with_size(row, limits, 0, 0)
    }

    /// A row expected to be `width` cells and `bytes` of text, as the row
    /// before it was, so that its buffers are sized once.
    fn with_size(row: u32, limits: &Limits, width: usize, bytes: usize) -> RowBuilder {
        RowBuilder {
            record: Record::reused(row, bytes, width.min(limits.max_columns)),
            width: 0,
            max_cell_bytes: limits.max_cell_bytes,
            max_columns: limits.max_columns,
        }
    }

    /// Adds a cell; one over the size limit is left empty and reported.
    fn push(&mut self, text: &str) {
        if text.len() > self.max_cell_bytes {
            self.push_oversized(text.len());
        } else {
            self.push_cell(text, None);
        }
    }

    /// Adds the cells of one delimited line that holds no quote, split at
    /// each `delimiter` (ASCII): in one copy when no cell can be over the
    /// size limit, else cell by cell.
    fn push_split(&mut self, line: &str, delimiter: u8) {
        if line.len() > self.max_cell_bytes || self.width >= self.max_columns {
            line.split(char::from(delimiter))
                .for_each(|cell| self.push(cell));
            return;
        }
        self.width += self.record.push_split(line, delimiter);
        self.record.truncate(self.max_columns);
    }

    /// Adds an empty cell in place of one of `len` bytes, too long to keep.
    fn push_oversized(&mut self, len: usize) {
        let max = self.max_cell_bytes;
        let why = format!("cell of {len} bytes is over the limit of {max} bytes; left empty");
        self.push_cell("", Some(why));
    }

    /// Adds an empty cell in place of one that could not be read.
    fn push_damaged(&mut self, why: String) {
        self.push_cell("", Some(why));
    }

    fn push_cell(&mut self, text: &str, damage: Option<String>) {
        let column = self.width;
        self.width += 1;
        if column >= self.max_columns {
            return;
        }
        self.record.push(text);
        if let Some(why) = damage {
            self.record.damage.push((column, why));
        }
    }

    /// The record, with a damage entry at the first dropped column when the
    /// row was wider than the limit (that column lies past the last cell).
    fn finish(mut self) -> Record {
        if self.width > self.max_columns {
            let why = format!(
                "row of {} cells is over the limit of {} columns; the cells from column {} on \
                 were dropped",
                self.width,
                self.max_columns,
                crate::source::column_letter(self.max_columns),
            );
            self.record.damage.push((self.max_columns, why));
        }
        self.record
    }
}

/// True for a row with nothing in it (every cell blank, nothing damaged):
/// spreadsheets and exports leave such rows between and after the data.
fn is_blank(record: &Record) -> bool {
    let empty = record.cells().all(|cell| cell.trim().is_empty());
    empty && record.damage.is_empty()
}

pub mod ahead;
pub mod decode;
pub mod delimited;
pub mod workbook;

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;
    use std::io::Write;

    /// Opens `bytes` written to a temporary file and drains every table.
    fn open_bytes(bytes: &[u8]) -> (FileRead, Vec<Vec<Record>>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut read = open(&path, "input.csv", &Limits::default());
        let tables = std::mem::take(&mut read.tables);
        let rows = tables
            .into_iter()
            .map(|table| table.rows.collect())
            .collect();
        (read, rows)
    }

    fn texts(record: &Record) -> Vec<&str> {
        record.cells().collect()
    }

    fn utf16(text: &str, little: bool) -> Vec<u8> {
        let mut bytes = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let pair = if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend(pair);
        }
        bytes
    }

    #[test]
    fn record_gives_back_its_cells_by_index_and_in_order() {
        let record = Record::new(3, ["a", "", "Köln"]);
        assert_eq!(record.len(), 3);
        assert_eq!(record.cell(0), Some("a"));
        assert_eq!(record.cell(1), Some(""));
        assert_eq!(record.cell(2), Some("Köln"));
        assert_eq!(record.cell(3), None);
        assert_eq!(record.cells().len(), 3);
        assert_eq!(texts(&record), vec!["a", "", "Köln"]);
        assert!(Record::new(1, [""; 0]).is_empty());
    }

    #[test]
    fn utf8_bom_csv_reads_from_row_one() {
        let (read, rows) = open_bytes(b"\xEF\xBB\xBFUPN,City\na@x,K\xC3\xB6ln\n");
        assert!(read.issues.is_empty());
        assert_eq!(rows[0][0].row, 1);
        assert_eq!(texts(&rows[0][0]), vec!["UPN", "City"]);
        assert_eq!(texts(&rows[0][1]), vec!["a@x", "Köln"]);
    }

    #[test]
    fn utf16_exports_with_type_line_start_at_row_two() {
        let text = "#TYPE Selected.Microsoft.Online.Administration.User\r\n\
                    \"UserPrincipalName\",\"MobilePhone\"\r\n\"a@x\",\"+1 555\"\r\n";
        for little in [true, false] {
            let (read, rows) = open_bytes(&utf16(text, little));
            assert!(read.issues.is_empty());
            assert_eq!(rows[0].len(), 2);
            assert_eq!(rows[0][0].row, 2);
            assert_eq!(texts(&rows[0][1]), vec!["a@x", "+1 555"]);
        }
    }

    #[test]
    fn windows_1252_names_decode() {
        let (_, rows) = open_bytes(b"Name;Ort\nM\xFCller;K\xF6ln\n");
        assert_eq!(texts(&rows[0][1]), vec!["Müller", "Köln"]);
    }

    #[test]
    fn utf16_lone_surrogate_is_a_late_issue() {
        let mut bytes = utf16("UPN,Name\r\na@x,", true);
        bytes.extend([0x00, 0xD8]);
        bytes.extend(&utf16("Bo\r\n", true)[2..]);
        let (read, rows) = open_bytes(&bytes);
        assert_eq!(texts(&rows[0][1]), vec!["a@x", "\u{FFFD}Bo"]);
        let late = read.take_late_issues();
        let message = "unpaired UTF-16 surrogate replaced with U+FFFD (first on line 2)";
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].message, message);
    }

    #[test]
    fn utf8_damage_read_with_a_guessed_code_page_is_an_issue() {
        let bytes = b"UPN,Name\na@x,V\xedctor\nb@x,W\xc3\x28n\xff\n";
        let (read, rows) = open_bytes(bytes);
        assert_eq!(rows[0].len(), 3);
        assert_eq!(read.issues.len(), 1, "{:?}", read.issues);
        assert!(read.issues[0]
            .message
            .starts_with("not UTF-8 (first at line 2)"));
    }

    #[test]
    fn windows_1252_exports_are_no_issue() {
        let (read, _) = open_bytes(b"Name;Ort\nM\xFCller;K\xF6ln\nG\xE9rard;Orl\xE9ans\n");
        assert!(read.issues.is_empty());
        assert!(read.take_late_issues().is_empty());
    }

    #[test]
    fn zero_byte_file_is_an_issue() {
        let (read, rows) = open_bytes(b"");
        assert!(rows.is_empty());
        assert_eq!(read.issues[0].message, "empty file");
        assert_eq!(read.issues[0].row, None);
    }

    #[test]
    fn binary_garbage_is_refused() {
        let (read, rows) = open_bytes(b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00\x3E\x00");
        assert!(rows.is_empty());
        assert_eq!(read.issues[0].message, "not a text file or workbook");
        assert!(read.sha256.get().is_some());
    }

    #[test]
    fn zip_that_is_not_a_workbook_is_refused() {
        let mut buffer = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut buffer));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            zip.start_file("notes.txt", options).unwrap();
            zip.write_all(b"hello").unwrap();
            zip.finish().unwrap();
        }
        let (read, rows) = open_bytes(&buffer);
        assert!(rows.is_empty());
        assert_eq!(
            read.issues[0].message,
            "a ZIP archive that is not a workbook"
        );
    }

    #[test]
    fn sha256_of_text_is_set_when_rows_run_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc.csv");
        std::fs::write(&path, b"abc").unwrap();
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(sha256_file(&path).unwrap(), expected);

        let mut read = open(&path, "abc.csv", &Limits::default());
        let table = read.tables.pop().unwrap();
        assert_eq!(table.rows.count(), 1);
        assert_eq!(read.sha256.get().as_deref(), Some(expected));
    }

    #[test]
    fn large_text_is_hashed_and_checked_apart_with_the_same_result() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.csv");
        let mut text = b"userPrincipalName,mobile\n".to_vec();
        let row = b"ada@contoso.example,+44 7400 123456\n";
        while (text.len() as u64) < decode::HASH_APART_BYTES {
            text.extend_from_slice(row);
        }
        // A byte that is not UTF-8, on the last line: the check on the
        // hashing thread must still report it.
        text.extend_from_slice(b"bad\xFF@contoso.example,\n");
        std::fs::write(&path, &text).unwrap();

        let mut read = open(&path, "users.csv", &Limits::default());
        let table = read.tables.pop().unwrap();
        // Every line is a row, the header included.
        let lines = text.split(|&b| b == b'\n').count() - 1;
        assert_eq!(table.rows.count(), lines);
        assert_eq!(read.sha256.get(), Some(sha256_file(&path).unwrap()));
        let late = read.take_late_issues();
        let message = format!("invalid UTF-8 bytes replaced with U+FFFD (first on line {lines})");
        assert_eq!(late.len(), 1, "{late:?}");
        assert_eq!(late[0].message, message);
    }

    #[test]
    fn invalid_utf8_late_in_a_file_is_a_late_issue() {
        let mut bytes = b"A,B\n".to_vec();
        while bytes.len() < decode::SNIFF_BYTES {
            bytes.extend(b"x,y\n");
        }
        bytes.extend(b"M\xFCller,z\n");
        let (read, rows) = open_bytes(&bytes);
        let last = rows[0].last().unwrap();
        assert_eq!(texts(last), vec!["M\u{FFFD}ller", "z"]);
        let late = read.take_late_issues();
        assert_eq!(late.len(), 1);
        let lines = rows[0].len();
        let expected = format!("invalid UTF-8 bytes replaced with U+FFFD (first on line {lines})");
        assert_eq!(late[0].message, expected);
    }

    /// UTF-8 is split into cells undecoded: a damaged byte still becomes
    /// U+FFFD in its cell, quoted or not, and the BOM is not in the header.
    #[test]
    fn utf8_with_a_bom_replaces_bad_bytes_in_cells() {
        let bytes = b"\xEF\xBB\xBFUPN,Name\na@x,M\xFCller\nb@x,\"Ren\xE9e, B\"\n";
        let (read, rows) = open_bytes(bytes);
        assert_eq!(texts(&rows[0][0]), vec!["UPN", "Name"]);
        assert_eq!(texts(&rows[0][1]), vec!["a@x", "M\u{FFFD}ller"]);
        assert_eq!(texts(&rows[0][2]), vec!["b@x", "Ren\u{FFFD}e, B"]);
        let raw = sha2::Sha256::digest(bytes);
        assert_eq!(read.sha256.get(), Some(hex(&raw)));
        let late = read.take_late_issues();
        let expected = "invalid UTF-8 bytes replaced with U+FFFD (first on line 2)";
        assert_eq!(late.len(), 1, "{late:?}");
        assert_eq!(late[0].message, expected);
    }

    #[test]
    fn workbook_is_told_by_content_not_name() {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(1, 1, "UPN").unwrap();
        let (read, rows) = open_bytes(&book.save_to_buffer().unwrap());
        assert!(read.issues.is_empty());
        assert_eq!(rows[0][0].row, 2);
        assert_eq!(texts(&rows[0][0]), vec!["", "UPN"]);
        assert_eq!(read.sha256.get().map(|sha| sha.len()), Some(64));
    }

    #[test]
    fn a_recycled_record_comes_back_empty() {
        let mut used = Record::new(7, ["ada@x", "+44 7700 900123"]);
        used.damage.push((1, "bad".into()));
        used.recycle();
        let mut builder = RowBuilder::with_size(8, &Limits::default(), 2, 32);
        assert_eq!(builder.record.row, 8);
        assert!(builder.record.is_empty() && builder.record.damage.is_empty());
        builder.push("bo@x");
        assert_eq!(builder.finish().cells().collect::<Vec<_>>(), ["bo@x"]);

        // A record grown past the limit is freed, not kept.
        let huge = Record::new(9, ["x".repeat(SPARE_TEXT_BYTES + 1)]);
        huge.recycle();
        let next = Record::reused(10, 0, 0);
        assert!(next.text.capacity() <= SPARE_TEXT_BYTES);
    }

    #[test]
    fn missing_file_is_an_issue() {
        let read = open(Path::new("/nonexistent/x.csv"), "x.csv", &Limits::default());
        assert!(read.tables.is_empty());
        assert!(read.issues[0].message.starts_with("cannot read the file"));
    }

    proptest::proptest! {
        /// A line taken in whole holds the same cells as the same line
        /// pushed cell by cell, found alike by `cell` and `cells`.
        #[test]
        fn a_split_line_holds_its_cells(
            cells in proptest::collection::vec("[a-z\t;@ ]{0,6}", 1..8),
            keep in 0usize..10,
        ) {
            let line = cells.join(",");
            let mut split = Record::default();
            proptest::prop_assert_eq!(split.push_split(&line, b','), cells.len());
            let one_by_one = Record::new(0, &cells);
            proptest::prop_assert_eq!(&split, &one_by_one);
            for (column, cell) in cells.iter().enumerate() {
                proptest::prop_assert_eq!(split.cell(column), Some(cell.as_str()));
            }
            proptest::prop_assert_eq!(split.cell(cells.len()), None);

            split.truncate(keep);
            let kept = &cells[..keep.min(cells.len())];
            proptest::prop_assert_eq!(split, Record::new(0, kept));
        }
    }

    #[test]
    fn a_split_line_over_the_limits_is_cut_as_cell_by_cell() {
        let limits = Limits {
            max_columns: 3,
            max_cell_bytes: 4,
            ..Limits::default()
        };
        let mut wide = RowBuilder::new(1, &limits);
        wide.push_split("a,b,c,d,e", b',');
        let wide = wide.finish();
        assert_eq!(texts(&wide), vec!["a", "b", "c"]);
        assert_eq!(wide.damage.len(), 1);
        assert!(wide.damage[0].1.contains("row of 5 cells"));

        let mut long = RowBuilder::new(1, &limits);
        long.push_split("ab,toolong,c", b',');
        let long = long.finish();
        assert_eq!(texts(&long), vec!["ab", "", "c"]);
        assert!(long.damage[0].1.contains("cell of 7 bytes"));
    }

    proptest::proptest! {
        /// Eight bytes at a time finds what one at a time finds.
        #[test]
        fn each_byte_is_found_as_a_walk_finds_it(
            haystack in proptest::collection::vec(
                proptest::prop_oneof![proptest::prelude::any::<u8>(), proptest::strategy::Just(b',')],
                0..80,
            ),
            byte in proptest::prop_oneof![proptest::prelude::any::<u8>(), proptest::strategy::Just(b',')],
        ) {
            let mut found = Vec::new();
            find_each(&haystack, byte, |at| found.push(at));
            let walked: Vec<usize> = haystack
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == byte)
                .map(|(at, _)| at)
                .collect();
            proptest::prop_assert_eq!(found, walked);
        }
    }
}

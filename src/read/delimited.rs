//! Delimited text (CSV, semicolon- or tab-separated) and PowerShell
//! `Format-List` text, read row by row from decoded text.
//!
//! The layout is told from the first 64 KiB: a `#TYPE` line (Windows
//! PowerShell 5.1 `Export-Csv`) and an Excel `sep=` line are skipped but
//! still counted as rows, the delimiter is the one of `,` `;` tab that
//! splits the most lines into the same number of fields, and text shaped
//! like `Name   : Value` lines becomes a `Name`/`Value` table.

use std::borrow::Cow;
use std::io::{self, BufRead, Cursor, Read};

use csv_core::{ReadFieldResult, ReaderBuilder};

use super::decode::SNIFF_BYTES;
use super::{find_each, is_blank, report_late, IssueSink, Limits};
use super::{Line, Record, RowBuilder, RowSource, Rows, Table};
use crate::source::{InputIssue, Origin};

/// The candidate delimiters, in the order a tie goes.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// How many lines of the sample are looked at to tell the layout.
const SAMPLE_LINES: usize = 50;

/// A text file's UTF-8 text, as [`table`] is given it.
pub enum Text {
    /// All of it, read already.
    Whole(Vec<u8>),
    /// A stream of it, from its start.
    Stream(Box<dyn BufRead + Send>),
}

/// The decoded text of one file as a table.
///
/// Never fails: a read error is reported into `sink` (as are damaged rows
/// found later) and the rows end there.
pub fn table(text: Text, origin: Origin, limits: &Limits, sink: IssueSink) -> Table {
    let (prefix, rest) = match text {
        Text::Whole(bytes) => (bytes, None),
        Text::Stream(mut stream) => {
            let mut prefix = Vec::with_capacity(SNIFF_BYTES);
            if let Err(err) = (&mut stream)
                .take(SNIFF_BYTES as u64)
                .read_to_end(&mut prefix)
            {
                let why = format!("cannot read the file: {err}");
                report_late(&sink, InputIssue::whole(&origin, why));
                return Table {
                    origin,
                    given_header: None,
                    rows: super::rows(std::iter::empty()),
                };
            }
            // A stream shorter than the sample has ended (and its checksum
            // been taken): its rows are read from memory.
            let whole = prefix.len() < SNIFF_BYTES;
            (prefix, (!whole).then_some(stream))
        }
    };

    // Checked whole first: the lossy conversion walks the text one
    // character at a time, valid or not.
    let sample = match std::str::from_utf8(&prefix) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(&prefix),
    };
    let layout = Layout::of(&sample);
    let mut body = Cursor::new(prefix);
    body.set_position(layout.preamble_bytes as u64);
    let input: Box<dyn BufRead + Send> = match rest {
        None => Box::new(body),
        Some(rest) => Box::new(body.chain(rest)),
    };
    let rows: Rows = if layout.format_list {
        Box::new(FormatListRows::new(input, layout.preamble_lines, limits))
    } else {
        Box::new(CsvRows::new(input, &layout, origin.clone(), limits, sink))
    };
    let given_header = layout
        .format_list
        .then(|| vec!["Name".into(), "Value".into()]);
    Table {
        origin,
        given_header,
        rows,
    }
}

/// What the start of a text file says about the rest.
#[derive(Debug, PartialEq)]
struct Layout {
    /// Bytes of `#TYPE` and `sep=` lines before the first row.
    preamble_bytes: usize,
    /// How many such lines: rows after them are numbered on from here.
    preamble_lines: u32,
    delimiter: u8,
    format_list: bool,
}

impl Layout {
    fn of(sample: &str) -> Layout {
        let (preamble_bytes, preamble_lines, given) = preamble(sample);
        let body = sample.get(preamble_bytes..).unwrap_or_default();
        let (delimiter, agreement) = match given {
            Some(delimiter) => (delimiter, 1.0),
            None => sniff_delimiter(body),
        };
        // A delimiter that splits most lines alike is a table even when
        // its first line happens to hold ` : `.
        let fits = given.is_some() || agreement >= 0.8;
        let format_list = !fits && is_format_list(body);
        Layout {
            preamble_bytes,
            preamble_lines,
            delimiter,
            format_list,
        }
    }
}

/// The preamble lines at the top: `#TYPE ...` and `sep=X`, in any order.
/// Gives their length in bytes, their count and the delimiter `sep=` names.
fn preamble(sample: &str) -> (usize, u32, Option<u8>) {
    let (mut bytes, mut lines, mut delimiter) = (0, 0, None);
    for line in sample.split_inclusive('\n').take(2) {
        let text = line.trim_end_matches(['\r', '\n']);
        let sep = separator_line(text);
        if sep.is_none() && !text.starts_with("#TYPE") {
            break;
        }
        delimiter = sep.or(delimiter);
        bytes += line.len();
        lines += 1;
    }
    (bytes, lines, delimiter)
}

/// The delimiter an Excel `sep=;` line names (Excel may quote the line or
/// pad it with delimiters when the file went through it again).
fn separator_line(text: &str) -> Option<u8> {
    let text = text.trim_matches('"');
    let rest = text
        .get(..4)
        .filter(|head| head.eq_ignore_ascii_case("sep="))?;
    let sep = *text.as_bytes().get(rest.len())?;
    sep.is_ascii().then_some(sep)
}

/// The delimiter that splits the most sample records into the same number
/// of fields (more fields wins a tie), with the share of records it fits.
/// Commas when nothing fits: a one-column file has no delimiter at all.
fn sniff_delimiter(sample: &str) -> (u8, f64) {
    let counts = delimiter_counts(sample);
    let mut best = (b',', 0usize, 0usize);
    for (index, &delimiter) in DELIMITERS.iter().enumerate() {
        let per_record: Vec<usize> = counts
            .iter()
            .filter_map(|c| c.get(index).copied())
            .collect();
        let Some(mode) = mode_above_zero(&per_record) else {
            continue;
        };
        let fits = per_record.iter().filter(|&&n| n == mode).count();
        if (fits, mode) > (best.1, best.2) {
            best = (delimiter, fits, mode);
        }
    }
    let share = if counts.is_empty() {
        0.0
    } else {
        best.1 as f64 / counts.len() as f64
    };
    (best.0, share)
}

/// The most common non-zero count; the larger count wins a tie.
fn mode_above_zero(counts: &[usize]) -> Option<usize> {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for &count in counts.iter().filter(|&&n| n > 0) {
        match seen.iter_mut().find(|(value, _)| *value == count) {
            Some((_, times)) => *times += 1,
            None => seen.push((count, 1)),
        }
    }
    seen.into_iter()
        .max_by_key(|&(value, times)| (times, value))
        .map(|(value, _)| value)
}

/// Per non-blank record of the sample, how many of each delimiter stand
/// outside quotes. The last record is left out when the sample cuts it.
fn delimiter_counts(sample: &str) -> Vec<[usize; 3]> {
    // Quotes, line feeds and delimiters are ASCII, and no byte of a
    // character past ASCII is, so the sample is searched as bytes.
    let blank = |from: usize, to: usize| {
        let text = sample.get(from..to).unwrap_or_default();
        text.chars().all(char::is_whitespace)
    };
    let bytes = sample.as_bytes();
    let mut records = Vec::new();
    let (mut current, mut quoted, mut start) = ([0; 3], false, 0);
    // From quote or line feed to the next; delimiters are counted between
    // them, a whole stretch at a time, where no quote is open.
    let mut from = 0;
    loop {
        let rest = bytes.get(from..).unwrap_or_default();
        let next = memchr::memchr2(b'"', b'\n', rest).map(|i| from + i);
        if !quoted {
            let stretch = bytes.get(from..next.unwrap_or(bytes.len()));
            count_delimiters(stretch.unwrap_or_default(), &mut current);
        }
        let Some(at) = next else { break };
        if bytes.get(at) == Some(&b'"') {
            quoted = !quoted;
        } else if !quoted {
            if !blank(start, at) {
                records.push(current);
            }
            (current, start) = ([0; 3], at + 1);
            if records.len() == SAMPLE_LINES {
                return records;
            }
        }
        from = at + 1;
    }
    if !blank(start, sample.len()) && sample.len() < SNIFF_BYTES {
        records.push(current);
    }
    records
}

/// Adds the delimiters in `stretch` to `counts`, in [`DELIMITERS`] order.
fn count_delimiters(stretch: &[u8], counts: &mut [usize; 3]) {
    for (count, &delimiter) in counts.iter_mut().zip(&DELIMITERS) {
        *count += memchr::memchr_iter(delimiter, stretch).count();
    }
}

/// True when the sample's lines read as PowerShell `Format-List` output:
/// the first property line, and most of them, are `Name   : Value`.
fn is_format_list(sample: &str) -> bool {
    let keys: Vec<&str> = sample
        .lines()
        .filter(|line| !line.starts_with(char::is_whitespace))
        .filter(|line| !line.is_empty())
        .take(SAMPLE_LINES)
        .collect();
    let shaped = keys
        .iter()
        .filter(|line| name_value(line).is_some())
        .count();
    let first = keys.first().and_then(|line| name_value(line));
    first.is_some() && shaped * 5 >= keys.len() * 4
}

/// Splits a `Name   : Value` line. PowerShell pads every name to the
/// longest, so at least one space stands before the colon; the name itself
/// holds no colon and the value may.
fn name_value(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let name = line.get(..colon)?;
    let value = line.get(colon + 1..)?;
    let padded = name.ends_with(char::is_whitespace);
    let starts = name.starts_with(|c: char| !c.is_whitespace());
    let value = value.strip_prefix(' ').unwrap_or(value);
    (padded && starts).then(|| (name.trim(), value))
}

/// The rows of a delimited file, parsed with `csv_core` so that no cell,
/// however long, is held in memory past the size limit.
struct CsvRows {
    input: Box<dyn BufRead + Send>,
    /// Made for the first record [`CsvRows::plain_line`] cannot read:
    /// most files have none, and building the parser's tables would be a
    /// good share of the work of reading a small file.
    parser: Option<Parser>,
    /// The delimiter the parser splits at, for lines read without it.
    delimiter: u8,
    origin: Origin,
    limits: Limits,
    sink: IssueSink,
    /// The row the next record starts on. Records are counted, not
    /// lines: a spreadsheet shows a quoted field over several lines as
    /// one row.
    next_row: u64,
    /// The last byte consumed ended a line with CR.
    after_cr: bool,
    /// The field buffer, handed from record to record.
    field: Vec<u8>,
    /// The width and text length of the last record, to size the next
    /// one's buffers.
    width: usize,
    bytes: usize,
    /// The cells of the line being offered (see [`offer_line`]), kept
    /// from line to line.
    spans: Vec<(usize, usize)>,
    done: bool,
}

/// The CSV parser and the buffer it writes fields into.
struct Parser {
    reader: csv_core::Reader,
    out: Vec<u8>,
}

impl Parser {
    fn new(delimiter: u8) -> Parser {
        Parser {
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 8 * 1024],
        }
    }
}

/// A record being read: its cells so far, the field being read (its
/// bytes up to the limit and its full length) and the quotes seen.
struct Partial {
    builder: RowBuilder,
    field: Vec<u8>,
    field_len: usize,
    quotes: usize,
}

impl Partial {
    /// A record started with `field` as the (emptied) buffer for its
    /// fields, kept from record to record to save allocations.
    fn new(builder: RowBuilder, field: Vec<u8>) -> Partial {
        Partial {
            builder,
            field,
            field_len: 0,
            quotes: 0,
        }
    }

    /// Appends parser output to the field while it is within the limit.
    fn keep(&mut self, output: &[u8], max: usize) {
        self.field_len += output.len();
        if self.field_len <= max {
            self.field.extend_from_slice(output);
        }
    }

    /// Moves the finished field into the row, emptied if it was too long.
    fn end_field(&mut self) {
        let len = std::mem::take(&mut self.field_len);
        if len > self.field.len() {
            self.builder.push_oversized(len);
        } else {
            // Bytes that are not UTF-8 (damage, or a character the size
            // limit cut) become U+FFFD here.
            match std::str::from_utf8(&self.field) {
                Ok(text) => self.builder.push(text),
                Err(_) => self.builder.push(&String::from_utf8_lossy(&self.field)),
            }
        }
        self.field.clear();
    }
}

impl CsvRows {
    fn new(
        input: Box<dyn BufRead + Send>,
        layout: &Layout,
        origin: Origin,
        limits: &Limits,
        sink: IssueSink,
    ) -> CsvRows {
        CsvRows {
            input,
            parser: None,
            delimiter: layout.delimiter,
            origin,
            limits: limits.clone(),
            sink,
            next_row: u64::from(layout.preamble_lines) + 1,
            after_cr: false,
            field: Vec::new(),
            width: 0,
            bytes: 0,
            spans: Vec::new(),
            done: false,
        }
    }

    /// Skips blank lines before a record, counting them as rows since the
    /// parser would skip them unseen, and gives the record's row, or
    /// `None` at the end of input.
    fn start_record(&mut self) -> io::Result<Option<u32>> {
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            let blank = skip_blank(buf, &mut self.next_row, &mut self.after_cr);
            if blank == 0 {
                return Ok(Some(row_number(self.next_row)));
            }
            self.input.consume(blank);
        }
    }

    /// Reads the next record, blank or not, after offering the lines
    /// before it to `pass_over` (see [`CsvRows::pass_lines`]).
    fn read_record(&mut self, pass_over: Option<&mut PassOver<'_>>) -> io::Result<Option<Record>> {
        if let Some(pass_over) = pass_over {
            self.pass_lines(pass_over)?;
        }
        let Some(row) = self.start_record()? else {
            return Ok(None);
        };
        if let Some(record) = self.plain_line(row)? {
            return Ok(Some(record));
        }
        let first_line = self.parser_line();
        let builder = RowBuilder::with_size(row, &self.limits, self.width, self.bytes);
        let mut record = Partial::new(builder, std::mem::take(&mut self.field));
        loop {
            let (result, at_end) = self.step(&mut record)?;
            match result {
                // The parser always ends a record at end of input; this
                // arm only makes sure no input can keep the loop going.
                ReadFieldResult::InputEmpty if at_end => break,
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::Field { record_end: false } => record.end_field(),
                ReadFieldResult::Field { record_end: true } => {
                    record.end_field();
                    let spans = self.parser_line() > first_line;
                    if at_end && spans && record.quotes % 2 == 1 {
                        self.report_unclosed(row);
                    }
                    break;
                }
                ReadFieldResult::End => break,
            }
        }
        self.next_row = u64::from(row) + 1;
        self.field = std::mem::take(&mut record.field);
        self.field.clear();
        let record = record.builder.finish();
        self.width = record.len();
        self.bytes = record.text.len();
        Ok(Some(record))
    }

    /// Offers the lines at the front of the buffer to `pass_over`, one
    /// after another while it takes them, and consumes those it took and
    /// the blank lines between them (counted as rows, as
    /// [`CsvRows::start_record`] counts them). A line is offered when it
    /// is whole in the buffer and its cells need no parser (see
    /// [`offer_line`]); the first line that is not, or is not taken, is
    /// left for a record. One look at the buffer serves many lines.
    fn pass_lines(&mut self, pass_over: &mut PassOver<'_>) -> io::Result<()> {
        let CsvRows {
            input,
            delimiter,
            limits,
            next_row,
            after_cr,
            spans,
            ..
        } = self;
        let buf = input.fill_buf()?;
        let mut at = 0;
        while let Some(rest) = buf.get(at..) {
            at += skip_blank(rest, next_row, after_cr);
            let row = row_number(*next_row);
            let line = buf.get(at..).unwrap_or_default();
            let Some(taken) = offer_line(line, row, (*delimiter, limits), spans, pass_over) else {
                break;
            };
            at += taken;
            *after_cr = false;
            *next_row = u64::from(row) + 1;
        }
        input.consume(at);
        Ok(())
    }

    /// Reads the record at the front of the buffer without the parser
    /// when it is one whole line with no quote and no bare CR, as almost
    /// every line of a directory export is: such a line splits at each
    /// delimiter exactly as the parser would split it. Gives `None`, with
    /// nothing consumed, for any other line.
    fn plain_line(&mut self, row: u32) -> io::Result<Option<Record>> {
        let Some((line, newline)) = front_line(self.input.fill_buf()?) else {
            return Ok(None);
        };
        if memchr::memchr2(b'"', b'\r', line).is_some() {
            return Ok(None);
        }
        let Ok(text) = std::str::from_utf8(line) else {
            return Ok(None);
        };
        let mut builder = RowBuilder::with_size(row, &self.limits, self.width, self.bytes);
        builder.push_split(text, self.delimiter);
        self.input.consume(newline + 1);
        self.after_cr = false;
        self.next_row = u64::from(row) + 1;
        let record = builder.finish();
        self.width = record.len();
        self.bytes = record.text.len();
        Ok(Some(record))
    }

    /// The lines the parser has read; 0 before it is made, which is
    /// where a parser made later starts counting.
    fn parser_line(&self) -> u64 {
        self.parser.as_ref().map_or(0, |p| p.reader.line())
    }

    /// Feeds the parser one buffer of input and keeps what it writes.
    /// Gives the parser's result and whether the input had run out.
    fn step(&mut self, record: &mut Partial) -> io::Result<(ReadFieldResult, bool)> {
        let delimiter = self.delimiter;
        let parser = self.parser.get_or_insert_with(|| Parser::new(delimiter));
        let input = self.input.fill_buf()?;
        let at_end = input.is_empty();
        let (result, read, written) = parser.reader.read_field(input, &mut parser.out);

        let consumed = input.get(..read).unwrap_or_default();
        record.quotes += consumed.iter().filter(|&&b| b == b'"').count();
        if let Some(&last) = consumed.last() {
            self.after_cr = last == b'\r';
        }
        self.input.consume(read);

        let output = parser.out.get(..written).unwrap_or_default();
        record.keep(output, self.limits.max_cell_bytes);
        Ok((result, at_end))
    }

    fn report_unclosed(&self, row: u32) {
        let message = "a quote opened in this row is never closed, so the rest of the file \
                       was read into it";
        report_late(&self.sink, InputIssue::at(&self.origin, row, None, message));
    }
}

/// Counts the blank lines at the front of `buf` as rows, from `next_row`
/// on, and gives their length in bytes. A CR LF pair ends one line; the
/// LF of a record's own CR LF may be left there by the parser
/// (`after_cr`).
fn skip_blank(buf: &[u8], next_row: &mut u64, after_cr: &mut bool) -> usize {
    let blank = buf
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .count();
    for &byte in buf.iter().take(blank) {
        if byte == b'\r' || !*after_cr {
            *next_row += 1;
        }
        *after_cr = byte == b'\r';
    }
    blank
}

/// Offers the line at the front of `buf` to `pass_over` when it is one
/// whole line whose cells need no parser: none holds a quote (PowerShell's
/// quotes around every cell excepted: a cell that is a quote, text
/// without quotes and a quote is that text), no bare CR, valid UTF-8,
/// within the limits. Such a line's cells are exactly what the parser
/// would give. Gives the bytes the line takes, its line end included,
/// when it was taken; `spans` is the buffer its cells are split into.
fn offer_line(
    buf: &[u8],
    row: u32,
    (delimiter, limits): (u8, &Limits),
    spans: &mut Vec<(usize, usize)>,
    pass_over: &mut PassOver<'_>,
) -> Option<usize> {
    let (line, newline) = front_line(buf)?;
    if line.len() > limits.max_cell_bytes {
        return None;
    }
    let quoted = match memchr::memchr2(b'"', b'\r', line) {
        None => false,
        Some(_) if memchr::memchr(b'\r', line).is_some() => return None,
        Some(_) => true,
    };
    spans.clear();
    let mut start = 0;
    find_each(line, delimiter, |at| {
        spans.push((start, at));
        start = at + 1;
    });
    spans.push((start, line.len()));
    let text = std::str::from_utf8(line).ok()?;
    let unquoted = !quoted || unquote(line, spans);
    let fits = unquoted && spans.len() <= limits.max_columns;
    let line = Line { row, text, spans };
    (fits && pass_over(&line)).then_some(newline + 1)
}

/// The whole line at the front of `buf`, without its line end, and where
/// its line feed is; `None` when the line runs past `buf`.
fn front_line(buf: &[u8]) -> Option<(&[u8], usize)> {
    let newline = memchr::memchr(b'\n', buf)?;
    let line = buf.get(..newline)?;
    Some((line.strip_suffix(b"\r").unwrap_or(line), newline))
}

/// A line count as a row number; a file past four billion lines is
/// numbered at the last row a `u32` holds.
fn row_number(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// What a line is offered to.
type PassOver<'p> = dyn FnMut(&Line<'_>) -> bool + 'p;

/// Narrows the cells of a split line to their text: a cell wrapped in
/// quotes with none inside loses them, as the parser would take them off.
/// False when a cell holds a quote anywhere else, which only the parser
/// can read.
fn unquote(line: &[u8], spans: &mut [(usize, usize)]) -> bool {
    for (start, end) in spans.iter_mut() {
        let cell = line.get(*start..*end).unwrap_or_default();
        let Some(quote) = memchr::memchr(b'"', cell) else {
            continue;
        };
        let inner = cell.get(1..cell.len().saturating_sub(1));
        let wrapped = quote == 0 && cell.len() >= 2 && cell.last() == Some(&b'"');
        if !wrapped || inner.is_none_or(|inner| memchr::memchr(b'"', inner).is_some()) {
            return false;
        }
        (*start, *end) = (*start + 1, *end - 1);
    }
    true
}

impl CsvRows {
    /// The next non-blank record, offering lines to `pass_over` first.
    fn next_record(&mut self, mut pass_over: Option<&mut PassOver<'_>>) -> Option<Record> {
        while !self.done {
            match self.read_record(pass_over.as_deref_mut()) {
                Ok(Some(record)) if is_blank(&record) => {}
                Ok(Some(record)) => return Some(record),
                Ok(None) => self.done = true,
                Err(err) => {
                    self.done = true;
                    let row = row_number(self.next_row);
                    let why = format!("cannot read the file from this row on: {err}");
                    let issue = InputIssue::at(&self.origin, row, None, why);
                    report_late(&self.sink, issue);
                }
            }
        }
        None
    }
}

impl Iterator for CsvRows {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        self.next_record(None)
    }
}

impl RowSource for CsvRows {
    fn next_passing(&mut self, pass_over: &mut PassOver<'_>) -> Option<Record> {
        self.next_record(Some(pass_over))
    }
}

impl RowSource for FormatListRows {}

/// The properties of PowerShell `Format-List` text, one row each.
///
/// Lines indented under a value continue it: PowerShell wraps long values
/// at the console width, so they are joined back with a space. A line that
/// is neither a property nor a continuation is kept as a row with an empty
/// value, so nothing is dropped silently.
struct FormatListRows {
    input: Box<dyn BufRead + Send>,
    limits: Limits,
    line: u32,
    pending: Option<(u32, String, String)>,
    done: bool,
}

impl FormatListRows {
    fn new(input: Box<dyn BufRead + Send>, line: u32, limits: &Limits) -> FormatListRows {
        FormatListRows {
            input,
            limits: limits.clone(),
            line,
            pending: None,
            done: false,
        }
    }

    /// Reads one line, keeping no more of it than a cell may hold; `None`
    /// at the end of input (a read error ends it too: the rows so far
    /// are all the file gives).
    fn next_line(&mut self) -> Option<String> {
        let cap = self
            .limits
            .max_cell_bytes
            .saturating_mul(2)
            .saturating_add(1024);
        let mut line = Vec::new();
        let len = read_line_capped(&mut self.input, cap, &mut line).ok()??;
        self.line = self.line.saturating_add(1);
        let mut text = String::from_utf8_lossy(&line).into_owned();
        if len > cap {
            // The value is cut; make it too long to keep so it is reported.
            text.push_str(&" ".repeat(self.limits.max_cell_bytes));
        }
        Some(text.trim_end_matches(['\r', '\n']).to_string())
    }

    /// The pending property as a row.
    fn emit(&mut self) -> Option<Record> {
        let (row, name, value) = self.pending.take()?;
        let mut builder = RowBuilder::new(row, &self.limits);
        builder.push(&name);
        builder.push(&value);
        Some(builder.finish())
    }
}

impl Iterator for FormatListRows {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        while !self.done {
            let Some(line) = self.next_line() else {
                self.done = true;
                break;
            };
            if line.trim().is_empty() {
                if self.pending.is_some() {
                    return self.emit();
                }
                continue;
            }

            if line.starts_with(char::is_whitespace) {
                if let Some((_, _, value)) = &mut self.pending {
                    value.push(' ');
                    value.push_str(line.trim());
                    continue;
                }
            }
            let property = match name_value(&line) {
                Some((name, value)) => (name.to_string(), value.trim_end().to_string()),
                None => (line.trim().to_string(), String::new()),
            };
            let previous = self.emit();
            self.pending = Some((self.line, property.0, property.1));
            if previous.is_some() {
                return previous;
            }
        }
        self.emit()
    }
}

/// Reads up to and including the next `\n`, storing at most `cap` bytes
/// into `line`. Gives the line's full length, or `None` at end of input.
fn read_line_capped(
    input: &mut dyn BufRead,
    cap: usize,
    line: &mut Vec<u8>,
) -> io::Result<Option<usize>> {
    let mut total = None;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(total);
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (buf.len(), false),
        };

        let room = cap.saturating_sub(line.len()).min(take);
        line.extend_from_slice(buf.get(..room).unwrap_or_default());
        input.consume(take);
        let sum = total.unwrap_or(0) + take;
        total = Some(sum);
        if done {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_with(text: &str, limits: &Limits) -> (Table, IssueSink) {
        let sink = IssueSink::default();
        let input = Box::new(Cursor::new(text.as_bytes().to_vec()));
        let text = Text::Stream(input);
        (
            table(text, Origin::file("t.csv"), limits, sink.clone()),
            sink,
        )
    }

    /// The rows of `text`, streamed; a text shorter than the sample must
    /// give the same rows when it is handed over whole.
    fn rows(text: &str) -> Vec<(u32, Vec<String>)> {
        let (table, _) = read_with(text, &Limits::default());
        let streamed: Vec<_> = table.rows.map(|r| (r.row, owned(&r))).collect();
        if text.len() < SNIFF_BYTES {
            let whole = Text::Whole(text.as_bytes().to_vec());
            let table = table_of(whole, Origin::file("t.csv"), &Limits::default());
            let rows: Vec<_> = table.rows.map(|r| (r.row, owned(&r))).collect();
            assert_eq!(rows, streamed, "read whole, the text gives other rows");
        }
        streamed
    }

    fn table_of(text: Text, origin: Origin, limits: &Limits) -> Table {
        table(text, origin, limits, IssueSink::default())
    }

    fn owned(record: &Record) -> Vec<String> {
        record.cells().map(String::from).collect()
    }

    fn cells(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn type_line_is_skipped_but_counted_and_semicolons_split() {
        let got = rows("#TYPE Microsoft.Online.Administration.User\nUPN;Phone\na@x;+49 1\n");
        assert_eq!(
            got,
            vec![(2, cells(&["UPN", "Phone"])), (3, cells(&["a@x", "+49 1"]))]
        );
    }

    #[test]
    fn excel_sep_line_names_the_delimiter() {
        let got = rows("sep=|\nA|B\n1|2\n");
        assert_eq!(got, vec![(2, cells(&["A", "B"])), (3, cells(&["1", "2"]))]);
    }

    #[test]
    fn all_quoted_powershell_rows_with_crlf() {
        let text = "\"UPN\",\"Roles\"\r\n\"a@x\",\"Global, User\"\r\n\"b@x\",\"\"\r\n";
        let got = rows(text);
        assert_eq!(got[0], (1, cells(&["UPN", "Roles"])));
        assert_eq!(got[1], (2, cells(&["a@x", "Global, User"])));
        assert_eq!(got[2], (3, cells(&["b@x", ""])));
    }

    #[test]
    fn quoted_newline_stays_in_one_row_and_blank_lines_count() {
        let got = rows("A,B\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n\r\n\r\n");
        assert_eq!(got.len(), 3);
        assert_eq!(got[1], (2, cells(&["1", "x\r\ny"])));
        assert_eq!(got[2], (4, cells(&["2", "z"])));
    }

    #[test]
    fn tab_delimiter_is_sniffed_despite_commas_in_values() {
        let got = rows("Name\tRoles\nAnn\tA, B, C\nBob\tD\n");
        assert_eq!(got[1], (2, cells(&["Ann", "A, B, C"])));
    }

    #[test]
    fn ragged_rows_keep_their_own_widths() {
        let got = rows("A,B,C\n1\n1,2,3,4\n");
        assert_eq!(got[1].1.len(), 1);
        assert_eq!(got[2].1.len(), 4);
    }

    #[test]
    fn over_long_cell_is_emptied_and_marked() {
        let limits = Limits {
            max_cell_bytes: 5,
            ..Limits::default()
        };
        let (table, _) = read_with("A,B\nabcdefgh,ok\n", &limits);
        let records: Vec<Record> = table.rows.collect();
        assert_eq!(owned(&records[1]), cells(&["", "ok"]));
        assert_eq!(records[1].damage.len(), 1);
        assert_eq!(records[1].damage[0].0, 0);
        assert!(records[1].damage[0].1.contains("cell of 8 bytes"));
    }

    #[test]
    fn wide_row_is_cut_at_the_column_limit() {
        let limits = Limits {
            max_columns: 2,
            ..Limits::default()
        };
        let (table, _) = read_with("A,B,C,D\n", &limits);
        let record = { table.rows }.next().unwrap();
        assert_eq!(owned(&record), cells(&["A", "B"]));
        assert_eq!(record.damage[0].0, 2);
        assert!(record.damage[0].1.contains("row of 4 cells"));
    }

    #[test]
    fn unclosed_quote_is_reported_at_its_row() {
        let (table, sink) = read_with("A,B\n1,\"oops\n2,3\n4,5\n", &Limits::default());
        let records: Vec<Record> = table.rows.collect();
        assert_eq!(records.len(), 2);
        let issues = sink.lock().unwrap().clone();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].row, Some(2));
    }

    #[test]
    fn single_column_file_reads_as_one_cell_per_row() {
        assert_eq!(
            rows("UPN\na@x\n"),
            vec![(1, cells(&["UPN"])), (2, cells(&["a@x"]))]
        );
    }

    #[test]
    fn format_list_becomes_name_value_rows() {
        let text = "\r\n\r\nDisplayName                     : Contoso\r\n\
                    SelfServePasswordResetEnabled   : True\r\n\
                    AuthorizedServiceInstances      : {exchange/ns, sharepoint/ns,\r\n\
                    \x20                                 teams/ns}\r\n\
                    Empty                           : \r\n\r\n";
        let (table, _) = read_with(text, &Limits::default());
        assert_eq!(table.given_header, Some(cells(&["Name", "Value"])));
        let got: Vec<(u32, Vec<String>)> = table.rows.map(|r| (r.row, owned(&r))).collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], (3, cells(&["DisplayName", "Contoso"])));
        assert_eq!(
            got[1],
            (4, cells(&["SelfServePasswordResetEnabled", "True"]))
        );
        let services = "{exchange/ns, sharepoint/ns, teams/ns}";
        assert_eq!(
            got[2],
            (5, cells(&["AuthorizedServiceInstances", services]))
        );
        assert_eq!(got[3], (7, cells(&["Empty", ""])));
    }

    #[test]
    fn csv_with_colons_is_not_format_list() {
        let text = "Note : x,UPN\nfoo,a@x\nbar,b@x\n";
        let (table, _) = read_with(text, &Limits::default());
        assert!(table.given_header.is_none());
        assert_eq!(table.rows.count(), 3);
    }

    #[test]
    fn bulk_template_version_line_does_not_hide_the_delimiter() {
        let text = "version:v1.0\nName [displayName],Block sign in (Yes/No) [accountEnabled]\n\
                    Ann,No\n";
        let got = rows(text);
        assert_eq!(got[0], (1, cells(&["version:v1.0"])));
        assert_eq!(got[2], (3, cells(&["Ann", "No"])));
    }

    #[test]
    fn capped_lines_report_their_full_length() {
        let mut input = Cursor::new(b"abcdefgh\nxy".to_vec());
        let mut line = Vec::new();
        assert_eq!(read_line_capped(&mut input, 3, &mut line).unwrap(), Some(9));
        assert_eq!(line, b"abc");
        line.clear();
        assert_eq!(read_line_capped(&mut input, 3, &mut line).unwrap(), Some(2));
        line.clear();
        assert_eq!(read_line_capped(&mut input, 3, &mut line).unwrap(), None);
    }

    /// The sample walked one byte at a time: what `delimiter_counts`
    /// must agree with.
    fn counts_byte_by_byte(sample: &str) -> Vec<[usize; 3]> {
        let blank = |from: usize, to: usize| sample[from..to].chars().all(char::is_whitespace);
        let mut records = Vec::new();
        let (mut current, mut quoted, mut start) = ([0; 3], false, 0);
        for (at, &byte) in sample.as_bytes().iter().enumerate() {
            match byte {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    if !blank(start, at) {
                        records.push(current);
                    }
                    (current, start) = ([0; 3], at + 1);
                    if records.len() == SAMPLE_LINES {
                        return records;
                    }
                }
                b',' | b';' | b'\t' if !quoted => {
                    let index = DELIMITERS.iter().position(|&d| d == byte).unwrap();
                    current[index] += 1;
                }
                _ => {}
            }
        }
        if !blank(start, sample.len()) && sample.len() < SNIFF_BYTES {
            records.push(current);
        }
        records
    }

    proptest::proptest! {
        #[test]
        fn delimiters_are_counted_as_byte_by_byte(sample in "[a ,;\t\"\n\r\u{e9}]{0,900}") {
            proptest::prop_assert_eq!(delimiter_counts(&sample), counts_byte_by_byte(&sample));
        }
    }
}

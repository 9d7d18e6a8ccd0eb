//! The table sheets' rows, written as worksheet XML here rather than cell
//! by cell through rust_xlsxwriter.
//!
//! A table can hold a million rows, and rust_xlsxwriter builds every cell
//! as an object, looks its format up in a table that every thread shares
//! and compresses the whole workbook on one thread: for the largest
//! reports that was most of the run. So rust_xlsxwriter writes a small
//! skeleton workbook (the Summary, and every table sheet with its column
//! widths, frozen header, filter, print setup and lists but no rows), and
//! each table sheet is then written here, its rows between the skeleton's
//! head and tail of that sheet, and compressed on a thread of its own.
//!
//! Cells are written the way rust_xlsxwriter writes them: inline strings
//! with its escapes, the style numbers the skeleton gave each format (read
//! back from it, see [`style_numbers`]) and one relationship per link.

use std::io::{self, BufWriter, Write};

use rust_xlsxwriter::XlsxError;
use zip::write::{SimpleFileOptions, ZipFileBuilder};
use zip::{CompressionMethod, DateTime, PreparedZipFile};

use super::{Cell, Plan, Shown, Styles, MAX_LINKS};
use crate::report::actions;

/// How hard the sheets are compressed: a large report's XML compresses
/// about as well at level 1, and compression is most of the writing.
pub(super) const COMPRESSION: u8 = 1;

/// The name of the `number`th worksheet's XML in the workbook.
pub(super) fn sheet_part(number: usize) -> String {
    format!("xl/worksheets/sheet{number}.xml")
}

/// The name of the `number`th worksheet's relationships (its links).
pub(super) fn rels_part(number: usize) -> String {
    format!("xl/worksheets/_rels/sheet{number}.xml.rels")
}

/// How each part is stored, as rust_xlsxwriter stores its own, so the
/// workbook's entries all look alike and carry no clock time.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(i64::from(COMPRESSION)))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default())
}

fn malformed(what: &str) -> XlsxError {
    let message = format!("the skeleton workbook's {what} is not as expected");
    XlsxError::IoError(io::Error::other(message))
}

/// The style number of every format, in [`Styles::all`] order, read from
/// the probe row: row 2 of `xml` holds one blank cell in each format, in
/// that order (written by `super::skeleton`).
///
/// # Errors
///
/// When the row is missing or does not hold one number per format.
pub(super) fn style_numbers(xml: &str) -> Result<Styles<u32>, XlsxError> {
    let row = xml
        .split_once("<row r=\"2\"")
        .and_then(|(_, rest)| rest.split_once("</row>"))
        .map(|(row, _)| row)
        .ok_or_else(|| malformed("probe row"))?;
    let numbers: Vec<u32> = row
        .split("<c ")
        .skip(1)
        .map(|cell| {
            let (_, after) = cell.split_once(" s=\"")?;
            after.split_once('"')?.0.parse().ok()
        })
        .collect::<Option<_>>()
        .ok_or_else(|| malformed("probe row"))?;
    Styles::from_values(&numbers).ok_or_else(|| malformed("probe row"))
}

/// A table sheet's XML as the skeleton wrote it, cut where its dimension,
/// its rows and its links go.
pub(super) struct Frame<'x> {
    /// Up to the value of `<dimension ref="…">`.
    open: &'x str,
    /// From that value to the sheet data.
    before_rows: &'x str,
    /// From the sheet data to where `<hyperlinks>` belong.
    after_rows: &'x str,
    /// The rest.
    close: &'x str,
}

impl<'x> Frame<'x> {
    /// Cuts a skeleton sheet's `xml`.
    ///
    /// # Errors
    ///
    /// When `xml` lacks the dimension, the sheet data or the page margins
    /// every rust_xlsxwriter sheet has.
    pub(super) fn of(xml: &'x str) -> Result<Frame<'x>, XlsxError> {
        let shape = || malformed("worksheet");
        let (open, rest) = xml.split_once("<dimension ref=\"").ok_or_else(shape)?;
        let open = xml
            .get(..open.len() + "<dimension ref=\"".len())
            .ok_or_else(shape)?;
        let value = rest.find('"').ok_or_else(shape)?;
        let rest = rest.get(value..).ok_or_else(shape)?;

        let (before_rows, data) = rest.split_once("<sheetData").ok_or_else(shape)?;
        let data_end = if data.starts_with("/>") {
            2
        } else {
            data.find("</sheetData>").ok_or_else(shape)? + "</sheetData>".len()
        };
        let after = data.get(data_end..).ok_or_else(shape)?;
        // <hyperlinks> comes after the validations, before the margins.
        let links = ["<printOptions", "<pageMargins"]
            .iter()
            .filter_map(|tag| after.find(tag))
            .min()
            .ok_or_else(shape)?;
        let (after_rows, close) = after.split_at(links);
        Ok(Frame {
            open,
            before_rows,
            after_rows,
            close,
        })
    }
}

/// One sheet of a table, to write: the table's layout, the sheet's
/// number in the workbook, and its rows.
pub(super) struct Sheet<'p, I> {
    pub plan: &'p Plan,
    pub number: usize,
    pub rows: I,
    /// How many rows `rows` yields.
    pub count: usize,
}

/// Writes one table sheet within `frame`, compressed, and gives how many
/// of its cells link to the rule reference: the `n`th with relationship
/// `rIdn` (see [`relationships`]).
///
/// # Errors
///
/// When compressing fails.
pub(super) fn render<'r, I>(
    frame: &Frame<'_>,
    sheet: Sheet<'_, I>,
    styles: &Styles<u32>,
) -> Result<(PreparedZipFile, usize), XlsxError>
where
    I: Iterator<Item = Vec<Cell<'r>>>,
{
    let builder = ZipFileBuilder::new(sheet_part(sheet.number), options())?;
    let mut out = Rows {
        out: BufWriter::with_capacity(1 << 18, builder),
        styles,
        widths: &sheet.plan.widths,
        links: 0,
        hyperlinks: Vec::new(),
    };
    out.frame_open(frame, sheet.plan.table.header().len(), sheet.count)?;
    out.header(sheet.plan)?;
    for (row, cells) in (2..).zip(sheet.rows) {
        out.row(row, &cells)?;
    }
    out.frame_close(frame)?;

    let Rows { out, links, .. } = out;
    let builder = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    Ok((builder.finish()?, links))
}

/// The relationships of sheet `number`'s `count` links, compressed: each
/// to the rule reference page, as rust_xlsxwriter writes one per link.
///
/// # Errors
///
/// When compressing fails.
pub(super) fn relationships(number: usize, count: usize) -> Result<PreparedZipFile, XlsxError> {
    let data = relationships_xml(count);
    Ok(PreparedZipFile::from_data(
        rels_part(number),
        options(),
        &data,
    )?)
}

/// A sheet's rows being written, with the rule links they hold.
struct Rows<'s, W: Write> {
    out: W,
    styles: &'s Styles<u32>,
    widths: &'s [usize],
    /// How many cells link to the rule reference, and their
    /// `<hyperlink>` elements, the `n`th with relationship `rIdn`.
    links: usize,
    hyperlinks: Vec<u8>,
}

impl<W: Write> Rows<'_, W> {
    /// Everything of the frame up to the first row, with the dimension
    /// of a table of `cols` columns and `rows` rows under its header.
    fn frame_open(&mut self, frame: &Frame<'_>, cols: usize, rows: usize) -> io::Result<()> {
        let last_row = u32::try_from(rows + 1).unwrap_or(u32::MAX);
        self.out.write_all(frame.open.as_bytes())?;
        write!(self.out, "A1:{}{last_row}", column_name(cols.max(1) - 1))?;
        self.out.write_all(frame.before_rows.as_bytes())?;
        self.out.write_all(b"<sheetData>")
    }

    /// The rest of the frame after the last row, with the links.
    fn frame_close(&mut self, frame: &Frame<'_>) -> io::Result<()> {
        self.out.write_all(b"</sheetData>")?;
        self.out.write_all(frame.after_rows.as_bytes())?;
        if self.links > 0 {
            self.out.write_all(b"<hyperlinks>")?;
            self.out.write_all(&self.hyperlinks)?;
            self.out.write_all(b"</hyperlinks>")?;
        }
        self.out.write_all(frame.close.as_bytes())
    }

    /// Row 1: the column titles, bold, numbers' titles aligned with them.
    fn header(&mut self, plan: &Plan) -> io::Result<()> {
        self.out.write_all(b"<row r=\"1\">")?;
        let titles = plan.table.header().iter().zip(&plan.numeric);
        for (col, (title, numeric)) in titles.enumerate() {
            let style = *self.styles.header(*numeric);
            self.text(col, 1, title, style)?;
        }
        self.out.write_all(b"</row>")
    }

    /// One data row, made tall enough for its wrapped cells: neither
    /// Excel nor LibreOffice grows a row on opening a file.
    fn row(&mut self, row: u32, cells: &[Cell<'_>]) -> io::Result<()> {
        self.out.write_all(b"<row r=\"")?;
        self.number(row)?;
        match super::row_lines(cells, self.widths) {
            lines if lines > 1 => write!(
                self.out,
                "\" ht=\"{}\" customHeight=\"1\">",
                super::row_height(lines)
            )?,
            _ => self.out.write_all(b"\">")?,
        }
        for (col, cell) in cells.iter().enumerate() {
            // Excel keeps so many links on a sheet: the first rule ids
            // get them.
            let link = self.links < MAX_LINKS;
            self.cell(col, row, cell, link)?;
        }
        self.out.write_all(b"</row>")
    }

    fn cell(&mut self, col: usize, row: u32, cell: &Cell<'_>, link: bool) -> io::Result<()> {
        let (shown, style) = cell.display(self.styles, link);
        let style = style.copied().unwrap_or(0);
        match shown {
            Shown::Blank => Ok(()),
            Shown::Number(n) => {
                self.open_cell(col, row, style)?;
                self.out.write_all(b"><v>")?;
                self.number(n)?;
                self.out.write_all(b"</v></c>")
            }
            Shown::Text(text) => self.text(col, row, text, style),
            Shown::Link(rule) => {
                self.links += 1;
                write!(
                    self.hyperlinks,
                    "<hyperlink ref=\"{}{row}\" r:id=\"rId{}\" location=\"{}\"/>",
                    column_name(col),
                    self.links,
                    escape_attribute(rule)
                )?;
                self.text(col, row, rule, style)
            }
        }
    }

    /// `<c r="B2"` and the style, when not the default; the caller
    /// closes the tag.
    fn open_cell(&mut self, col: usize, row: u32, style: u32) -> io::Result<()> {
        self.out.write_all(b"<c r=\"")?;
        match COLUMNS.get(col) {
            Some(name) => self.out.write_all(name.as_bytes())?,
            None => self.out.write_all(column_name(col).as_bytes())?,
        }
        self.number(row)?;
        if style > 0 {
            self.out.write_all(b"\" s=\"")?;
            self.number(style)?;
        }
        self.out.write_all(b"\"")
    }

    fn number(&mut self, n: impl itoa::Integer) -> io::Result<()> {
        self.out.write_all(itoa::Buffer::new().format(n).as_bytes())
    }

    /// An inline string cell, with rust_xlsxwriter's escapes.
    fn text(&mut self, col: usize, row: u32, text: &str, style: u32) -> io::Result<()> {
        self.open_cell(col, row, style)?;
        self.out.write_all(b" t=\"inlineStr\">")?;
        // Excel drops leading and trailing white space unless told not to.
        let edges = [' ', '\t', '\n'];
        if text.starts_with(edges) || text.ends_with(edges) {
            self.out.write_all(b"<is><t xml:space=\"preserve\">")?;
        } else {
            self.out.write_all(b"<is><t>")?;
        }
        escape_text(&mut self.out, text)?;
        self.out.write_all(b"</t></is></c>")
    }
}

/// The XML of a sheet's `count` relationships (see [`relationships`]).
fn relationships_xml(count: usize) -> Vec<u8> {
    let page = actions::RULE_DOCS_URL.trim_end_matches('#');
    let page = escape_attribute(page);
    let mut xml = Vec::with_capacity(200 + count * 200);
    xml.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
          <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    // Every relationship but its number is the same.
    let rest = format!(
        "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" \
         Target=\"{page}\" TargetMode=\"External\"/>"
    );
    let mut id = itoa::Buffer::new();
    for n in 1..=count {
        xml.extend_from_slice(b"<Relationship Id=\"rId");
        xml.extend_from_slice(id.format(n).as_bytes());
        xml.extend_from_slice(rest.as_bytes());
    }
    xml.extend_from_slice(b"</Relationships>");
    xml
}

/// The names of the first columns, which every table fits in.
const COLUMNS: [&str; 16] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P",
];

/// The letters of column `col` (0 is `A`, 26 is `AA`).
fn column_name(col: usize) -> String {
    let mut name = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        // rem is below 26, so the letter is ASCII.
        name.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `value` escaped for an attribute in double quotes.
fn escape_attribute(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains(['&', '"', '<', '>', '\n']) {
        return value.into();
    }
    let mut out = String::with_capacity(value.len() + 8);
    for ch in value.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#xA;"),
            _ => out.push(ch),
        }
    }
    out.into()
}

/// Whether a byte can start something [`escape_text`] must change: XML's
/// own `&`, `<` and `>`, a control character, the `_` of a literal
/// `_xHHHH_`, or the first byte of U+FFFE and U+FFFF.
fn special(byte: u8) -> bool {
    matches!(byte, b'&' | b'<' | b'>' | b'_' | 0xEF)
        || (byte < 0x20 && byte != b'\t' && byte != b'\n')
}

/// Writes `text` as XML character data the way Excel writes it: `&`, `<`
/// and `>` as entities; control characters (but tab and line feed) and
/// the non-characters U+FFFE and U+FFFF as `_xHHHH_`; and a literal
/// `_xHHHH_` with its underscore escaped, so that Excel does not read it
/// as one of those.
fn escape_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    // Almost every cell needs nothing: copy it whole. The bytes are
    // folded without stopping early, so that the check compiles to
    // vector code.
    if !text.bytes().fold(false, |seen, b| seen | special(b)) {
        return out.write_all(text.as_bytes());
    }
    let mut rest = text;
    let escaped = |c: char| match u8::try_from(c) {
        Ok(byte) => c.is_ascii() && special(byte),
        Err(_) => c == '\u{FFFE}' || c == '\u{FFFF}',
    };
    while let Some((i, ch)) = rest.char_indices().find(|&(_, c)| escaped(c)) {
        let (plain, tail) = rest.split_at(i);
        out.write_all(plain.as_bytes())?;
        match ch {
            '&' => out.write_all(b"&amp;")?,
            '<' => out.write_all(b"&lt;")?,
            '>' => out.write_all(b"&gt;")?,
            '_' if is_escape_like(tail) => out.write_all(b"_x005F_")?,
            '_' => out.write_all(b"_")?,
            other => write!(out, "_x{:04X}_", u32::from(other))?,
        }
        rest = tail.get(ch.len_utf8()..).unwrap_or("");
    }
    out.write_all(rest.as_bytes())
}

/// Whether `text` starts with `_xHHHH_`, four hexadecimal digits.
fn is_escape_like(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7
        && bytes.starts_with(b"_x")
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        escape_text(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_is_escaped_as_excel_does() {
        assert_eq!(escaped("plain text"), "plain text");
        assert_eq!(escaped("a & b <c>"), "a &amp; b &lt;c&gt;");
        assert_eq!(escaped("tab\tline\nbell\u{7}"), "tab\tline\nbell_x0007_");
        assert_eq!(escaped("cr\r"), "cr_x000D_");
        assert_eq!(escaped("_x0041_"), "_x005F_x0041_");
        assert_eq!(escaped("_x00G1_ and _x"), "_x00G1_ and _x");
        assert_eq!(escaped("snake_case"), "snake_case");
        assert_eq!(escaped("\u{FFFE}é\u{FFFF}"), "_xFFFE_é_xFFFF_");
        assert_eq!(escaped("ëï"), "ëï");
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(11), "L");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn a_frame_cuts_around_the_rows() {
        let xml = "<worksheet><dimension ref=\"A1\"/><cols/><sheetData/>\
                   <autoFilter ref=\"A1:B1\"/><pageMargins/></worksheet>";
        let frame = Frame::of(xml).unwrap();
        assert_eq!(frame.open, "<worksheet><dimension ref=\"");
        assert_eq!(frame.before_rows, "\"/><cols/>");
        assert_eq!(frame.after_rows, "<autoFilter ref=\"A1:B1\"/>");
        assert_eq!(frame.close, "<pageMargins/></worksheet>");

        let probe = "<dimension ref=\"A2:B2\"/><sheetData><row r=\"2\">\
                     <c r=\"A2\" s=\"1\"/></row></sheetData><printOptions/><pageMargins/>";
        let frame = Frame::of(probe).unwrap();
        assert_eq!(frame.after_rows, "");
        assert_eq!(frame.close, "<printOptions/><pageMargins/>");
        assert!(Frame::of("<worksheet/>").is_err());
    }
}

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

use std::sync::{Arc, OnceLock};

use crate::source::{InputIssue, Origin};

/// Guards against inputs built to exhaust memory or time. Each limit that
/// trips becomes an input issue; the rest of the batch goes on.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest cell kept, in bytes; a longer cell is emptied and reported.
    pub max_cell_bytes: usize,
    /// Widest row kept, in cells; cells past it are dropped and reported.
    pub max_columns: usize,
    /// Largest total uncompressed size of a workbook's parts.
    pub max_workbook_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_cell_bytes: 32 * 1024,
            max_columns: 16_384,
            max_workbook_bytes: 1 << 30,
        }
    }
}

/// One row as a spreadsheet shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// 1-based row number as a spreadsheet shows it (the first line of the
    /// file is row 1, a `#TYPE` line included).
    pub row: u32,
    /// Cell texts, untrimmed. Numbers, booleans and dates from workbooks
    /// are turned to text (see [`workbook`]).
    pub cells: Vec<String>,
    /// Cells that could not be read as they were, as (0-based column,
    /// message); such a cell is left empty in `cells`.
    pub damage: Vec<(usize, String)>,
}

/// The rows of a table, read lazily.
pub type Rows = Box<dyn Iterator<Item = Record> + Send>;

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
    /// SHA-256 of the file's bytes, lowercase hex. Set once the whole file
    /// has been read, which for streamed text is when its rows run out.
    pub sha256: Arc<OnceLock<String>>,
}

pub mod decode;
pub mod delimited;
pub mod workbook;

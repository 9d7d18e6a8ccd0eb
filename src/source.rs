//! Where a value came from: the file, worksheet and row behind every
//! account, finding and input issue, and the input issue itself.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A file, or one worksheet of a workbook, as named in reports.
///
/// `file` is the name relative to the tenant folder (or the file name when
/// the tenant is a single file), so reports do not leak local paths.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// File name relative to the tenant folder.
    pub file: Arc<str>,
    /// Worksheet name, for workbooks.
    pub sheet: Option<Arc<str>>,
}

impl Origin {
    /// An origin for a plain file (CSV or text).
    pub fn file(file: &str) -> Origin {
        Origin {
            file: file.into(),
            sheet: None,
        }
    }

    /// An origin for one worksheet of a workbook.
    pub fn sheet(file: &str, sheet: &str) -> Origin {
        Origin {
            file: file.into(),
            sheet: Some(sheet.into()),
        }
    }

    /// The source of one row of this file or sheet.
    pub fn at(&self, row: u32) -> Source {
        Source {
            origin: self.clone(),
            row,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "{}[{}]", self.file, sheet),
            None => f.write_str(&self.file),
        }
    }
}

/// One row of one input: `file:row`, or `file[sheet]:row` for a worksheet.
///
/// Rows are numbered as a spreadsheet shows them: the first line of the
/// file is row 1, whatever it holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source {
    /// The file or worksheet.
    pub origin: Origin,
    /// The 1-based row number.
    pub row: u32,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.origin, self.row)
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A problem with an input: a damaged row, cell, sheet or file.
///
/// The run goes on after an input issue; the issue is reported in every
/// output so nothing is lost silently.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InputIssue {
    /// File name relative to the tenant folder.
    pub file: Arc<str>,
    /// Worksheet name, for workbooks.
    pub sheet: Option<Arc<str>>,
    /// 1-based row number; `None` for an issue about the whole file or sheet.
    pub row: Option<u32>,
    /// Column, as its header (CSV) or A1-style letter plus header (sheets).
    pub column: Option<String>,
    /// What is wrong and what was done about it.
    pub message: String,
}

impl InputIssue {
    /// An issue about a whole file or worksheet.
    pub fn whole(origin: &Origin, message: impl Into<String>) -> InputIssue {
        InputIssue {
            file: origin.file.clone(),
            sheet: origin.sheet.clone(),
            row: None,
            column: None,
            message: message.into(),
        }
    }

    /// An issue about one row, optionally one cell of it.
    pub fn at(
        origin: &Origin,
        row: u32,
        column: Option<String>,
        message: impl Into<String>,
    ) -> InputIssue {
        InputIssue {
            file: origin.file.clone(),
            sheet: origin.sheet.clone(),
            row: Some(row),
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, "[{sheet}]")?;
        }
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, " (column {column})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The spreadsheet letter of a 0-based column index: 0 is `A`, 26 is `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_print_like_spreadsheet_references() {
        assert_eq!(Origin::file("users.csv").at(14).to_string(), "users.csv:14");
        let sheet = Origin::sheet("export.xlsx", "Users");
        assert_eq!(sheet.at(3).to_string(), "export.xlsx[Users]:3");
    }

    #[test]
    fn column_letters_roll_over() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}

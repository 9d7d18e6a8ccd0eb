//! Properties of the readers, the value parsers and header recognition,
//! checked on generated input: what must hold for any text a cell or a file
//! can carry, beyond "does not panic" (the unit tests beside each parser
//! check that much).

use proptest::prelude::*;

use tenant_audit::columns::{self, Field};
use tenant_audit::phone;
use tenant_audit::read::{self, Limits, Record, Table};
use tenant_audit::source::Origin;
use tenant_audit::values::{self, Separators};

/// Few cases for the properties that write files; the others keep
/// proptest's default.
fn file_cases() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------
// Readers

/// A cell a CSV export may hold: separators, quotes, line breaks and the
/// characters spreadsheets treat specially. `;` and tab are left out, so
/// the delimiter sniffed is always `,`.
fn csv_cell() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,\"\\n.@+'=éü-]{0,12}"
}

/// Rows of `width` cells; the first cell is never blank, since blank rows
/// are skipped by design.
fn data_rows(width: usize) -> impl Strategy<Value = Vec<Vec<String>>> {
    let row = (
        "[a-z][a-z0-9]{0,6}",
        proptest::collection::vec(csv_cell(), width - 1),
    )
        .prop_map(|(first, rest)| {
            let mut row = vec![first];
            row.extend(rest);
            row
        });
    proptest::collection::vec(row, 1..20)
}

/// Every row of every table of the file at `path`.
fn read_all(path: &std::path::Path) -> Vec<Vec<Record>> {
    let read = read::open(path, "input", &Limits::default());
    assert!(read.issues.is_empty(), "{:?}", read.issues);
    let rows = read.tables.into_iter().map(|t| t.rows.collect()).collect();
    assert!(read.late_issues.lock().unwrap().is_empty());
    rows
}

const HEADER: [&str; 4] = [
    "userPrincipalName",
    "displayName",
    "mobilePhone",
    "otherMails",
];

proptest! {
    #![proptest_config(file_cases())]

    /// Whatever the cells hold, a CSV written by a standard writer reads
    /// back cell for cell, with the row numbers a spreadsheet shows.
    #[test]
    fn csv_reads_back_what_was_written(rows in data_rows(HEADER.len()), crlf: bool) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.csv");
        let terminator = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
        let mut writer = csv::WriterBuilder::new().terminator(terminator).from_path(&path).unwrap();
        writer.write_record(HEADER).unwrap();
        rows.iter().for_each(|row| writer.write_record(row).unwrap());
        writer.flush().unwrap();

        let tables = read_all(&path);
        prop_assert_eq!(tables.len(), 1);
        let read = &tables[0];
        prop_assert_eq!(read.len(), rows.len() + 1);
        for (record, written) in read.iter().skip(1).zip(&rows) {
            let cells: Vec<&str> = record.cells().collect();
            prop_assert_eq!(&cells, written);
        }
        // A record with line breaks in its cells is one row, as a
        // spreadsheet opening the file shows it.
        let numbers: Vec<u32> = read.iter().map(|r| r.row).collect();
        let expected: Vec<u32> = (1..=read.len() as u32).collect();
        prop_assert_eq!(numbers, expected);
    }

    /// Any text, malformed quoting and bare CRs included, splits into the
    /// same cells as the `csv` crate splits it (blank rows aside, which the
    /// reader skips): lines without quotes take a faster path than the
    /// others, and the two must never disagree.
    #[test]
    fn csv_cells_match_the_csv_crate_on_any_text(text in "[ab ,\"\r\n]{0,200}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.csv");
        // A first line with no quote keeps the delimiter sniffed as `,`.
        let text = format!("h1,h2,h3\n{text}");
        std::fs::write(&path, &text).unwrap();

        let read = read::open(&path, "input", &Limits::default());
        let ours: Vec<Vec<String>> = read
            .tables
            .into_iter()
            .flat_map(|t| t.rows)
            .map(|r| r.cells().map(str::to_string).collect())
            .collect();
        let blank = |row: &Vec<String>| row.iter().all(|c| c.trim().is_empty());
        let theirs: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .filter(|row: &Vec<String>| !blank(row))
            .collect();
        prop_assert_eq!(ours, theirs);
    }

    /// A worksheet reads back cell for cell, at the row it was written to,
    /// wherever the table starts on the sheet.
    #[test]
    fn xlsx_reads_back_what_was_written(
        rows in data_rows(HEADER.len()),
        top in 0u32..6,
        left in 0u16..3,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (column, header) in (left..).zip(HEADER) {
            sheet.write_string(top, column, header).unwrap();
        }
        for (row, cells) in (top + 1..).zip(&rows) {
            for (column, cell) in (left..).zip(cells) {
                if !cell.is_empty() {
                    sheet.write_string(row, column, cell).unwrap();
                }
            }
        }
        book.save(&path).unwrap();

        let tables = read_all(&path);
        prop_assert_eq!(tables.len(), 1);
        let read = &tables[0];
        prop_assert_eq!(read.len(), rows.len() + 1);
        prop_assert_eq!(read[0].row, top + 1);
        for (record, written) in read.iter().skip(1).zip(&rows) {
            let cells: Vec<&str> = record.cells().skip(usize::from(left)).collect();
            let trimmed = cells.len().min(written.len());
            prop_assert_eq!(&cells[..trimmed], &written[..trimmed]);
            prop_assert!(written[trimmed..].iter().all(String::is_empty));
        }
    }
}

// ---------------------------------------------------------------------
// Booleans

/// A spelling of `word` as exports and people write it: any case, spaces,
/// underscores or hyphens between letters, padding around it, Excel's `'`.
fn decorated(word: &'static str) -> impl Strategy<Value = String> {
    let glue = proptest::collection::vec(
        prop_oneof![Just(""), Just(" "), Just("_"), Just("-")],
        word.len(),
    );
    let case = proptest::collection::vec(any::<bool>(), word.len());
    (glue, case, "[ \t]{0,2}", any::<bool>()).prop_map(move |(glue, case, pad, quote)| {
        let mut text = if quote {
            String::from("'")
        } else {
            String::new()
        };
        text.push_str(&pad);
        let last = word.len() - 1;
        for (at, ((c, glue), upper)) in word.chars().zip(glue).zip(case).enumerate() {
            text.push(if upper { c.to_ascii_uppercase() } else { c });
            if at < last {
                text.push_str(glue);
            }
        }
        text.push_str(&pad);
        text
    })
}

const TRUE_WORDS: [&str; 9] = [
    "true",
    "yes",
    "y",
    "1",
    "enabled",
    "allowed",
    "registered",
    "capable",
    "active",
];
const FALSE_WORDS: [&str; 10] = [
    "false",
    "no",
    "n",
    "0",
    "disabled",
    "not enabled",
    "blocked",
    "not registered",
    "not capable",
    "inactive",
];

proptest! {
    #[test]
    fn every_spelling_of_a_true_word_is_true(
        word in proptest::sample::select(&TRUE_WORDS[..]).prop_flat_map(decorated),
    ) {
        prop_assert_eq!(values::parse_bool(&word), Some(true), "{:?}", word);
    }

    #[test]
    fn every_spelling_of_a_false_word_is_false(
        word in proptest::sample::select(&FALSE_WORDS[..]).prop_flat_map(decorated),
    ) {
        prop_assert_eq!(values::parse_bool(&word), Some(false), "{:?}", word);
    }

    /// Full-width letters (Japanese data entry) read like ASCII.
    #[test]
    fn full_width_booleans_read_as_ascii(index in 0..TRUE_WORDS.len(), upper: bool) {
        let word = if upper { TRUE_WORDS[index].to_uppercase() } else { TRUE_WORDS[index].into() };
        let wide: String = word
            .chars()
            .map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
            .collect();
        prop_assert_eq!(values::parse_bool(&wide), Some(true), "{:?}", wide);
    }

    /// Text that holds a letter no boolean word has is never a boolean.
    #[test]
    fn other_text_is_no_boolean(text in "[a-z ]{0,6}[hjmqxz][a-z ]{0,6}") {
        prop_assert_eq!(values::parse_bool(&text), None);
    }
}

// ---------------------------------------------------------------------
// Multi-values and emails

/// A well-formed address of the kind directories store.
fn address() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9._+]{0,10}[a-z0-9]",
        "[a-z][a-z0-9-]{0,8}[a-z0-9]",
        "(com|org|co\\.uk|example)",
    )
        .prop_filter("no double dots", |(local, _, _)| !local.contains(".."))
        .prop_map(|(local, host, tld)| format!("{local}@{host}.{tld}"))
}

proptest! {
    /// Values joined by any list separator, with any padding, split back
    /// to the same values in the same order.
    #[test]
    fn list_cells_split_back_into_their_values(
        addresses in proptest::collection::vec(address(), 1..6),
        seps in proptest::collection::vec(prop_oneof![Just(","), Just(";"), Just("|"), Just("\r\n"), Just("\n"), Just(" ; "), Just(", ")], 6),
    ) {
        let mut cell = addresses[0].clone();
        for (address, sep) in addresses.iter().skip(1).zip(&seps) {
            cell.push_str(sep);
            cell.push_str(address);
        }
        let parts = values::split_multi(&cell, Separators::LIST);
        prop_assert_eq!(parts, addresses.iter().map(String::as_str).collect::<Vec<_>>());
    }

    /// A proxy-address cell joined with `+` before each typed address gives
    /// back each address, `SMTP:` marking the primary one only.
    #[test]
    fn proxy_cells_keep_their_primary(
        addresses in proptest::collection::vec(address(), 1..5),
        primary in 0usize..5,
    ) {
        let typed: Vec<String> = addresses
            .iter()
            .enumerate()
            .map(|(i, a)| if i == primary { format!("SMTP:{a}") } else { format!("smtp:{a}") })
            .collect();
        let cell = typed.join("+");
        let parts = values::split_multi(&cell, Separators::PROXY);
        prop_assert_eq!(parts.len(), addresses.len());
        for (i, part) in parts.iter().enumerate() {
            let (is_primary, read) = values::proxy_address(part).unwrap();
            prop_assert_eq!(read, addresses[i].as_str());
            prop_assert_eq!(is_primary, i == primary);
        }
    }

    #[test]
    fn well_formed_addresses_pass_and_name_their_domain(address in address()) {
        prop_assert!(values::email_syntax_ok(&address), "{}", address);
        let domain = values::email_domain(&address).unwrap();
        let suffix = format!("@{domain}");
        prop_assert!(address.ends_with(&suffix));
        prop_assert!(!domain.contains('@'));
    }

    /// A space, a missing `@`, or a domain without a dot makes an address
    /// no reset email could reach.
    #[test]
    fn broken_addresses_fail(address in address(), at in 0usize..20) {
        let (local, domain) = address.split_once('@').unwrap();
        let cut = at.min(address.len());
        let spaced = format!("{} {}", &address[..cut], &address[cut..]);
        prop_assert!(!values::email_syntax_ok(&spaced), "{}", spaced);
        let no_at = format!("{local}{domain}");
        prop_assert!(!values::email_syntax_ok(&no_at));
        let host = domain.split('.').next().unwrap();
        let dotless = format!("{local}@{host}");
        prop_assert!(!values::email_syntax_ok(&dotless));
    }
}

// ---------------------------------------------------------------------
// Phone normalisation

/// Valid mobile numbers, in E.164, with their region and how people
/// group the national number.
const PHONES: [(&str, &str, &str); 6] = [
    ("+447400123456", "GB", "0"),
    ("+4915123456789", "DE", "0"),
    ("+33612345678", "FR", "0"),
    ("+819012345678", "JP", "0"),
    ("+14155552671", "US", "1"),
    ("+61412345678", "AU", "0"),
];

/// `digits` with a random separator (or none) after each digit.
fn grouped(digits: String) -> impl Strategy<Value = String> {
    let seps = proptest::collection::vec(
        prop_oneof![
            Just(""),
            Just(""),
            Just(" "),
            Just("-"),
            Just("."),
            Just("\u{a0}")
        ],
        digits.len(),
    );
    seps.prop_map(move |seps| {
        let mut text = String::new();
        for (digit, sep) in digits.chars().zip(seps) {
            text.push(digit);
            text.push_str(sep);
        }
        text.trim_end_matches(|c: char| !c.is_ascii_digit())
            .to_string()
    })
}

/// A number as typed: international with its `+`, or national with the
/// trunk prefix, digits grouped at random, maybe in full-width forms.
fn typed_phone() -> impl Strategy<Value = (String, &'static str, String)> {
    (
        proptest::sample::select(&PHONES[..]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_flat_map(|((e164, region, trunk), international, wide)| {
            let code_len = e164.len() - national_len(e164, region);
            let national = &e164[code_len..];
            let digits = if international {
                format!("{} {national}", &e164[1..code_len])
            } else if trunk == "1" {
                national.to_string()
            } else {
                format!("{trunk}{national}")
            };
            let plus = if international { "+" } else { "" };
            grouped(digits).prop_map(move |body| {
                let text = format!("{plus}{body}");
                let text = if wide { full_width(&text) } else { text };
                (text, region, e164.to_string())
            })
        })
}

/// The length of the national significant number of one of [`PHONES`].
fn national_len(e164: &str, region: &str) -> usize {
    let code = match region {
        "GB" => 2,
        "DE" | "FR" | "JP" | "AU" => 2,
        _ => 1,
    };
    e164.len() - 1 - code
}

fn full_width(text: &str) -> String {
    let wide = |c: char| match c {
        '0'..='9' | '+' | '-' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
        _ => c,
    };
    text.chars().map(wide).collect()
}

proptest! {
    /// However a valid number is grouped, whatever width its digits, and
    /// whether it carries its country code or the trunk prefix and region,
    /// it normalises to the same E.164.
    #[test]
    fn every_typing_of_a_number_gives_its_e164((typed, region, e164) in typed_phone()) {
        prop_assert_eq!(phone::to_e164(&typed, Some(region)), Some(e164.clone()), "{}", typed);
        let analysis = phone::analyse(&typed, Some(region));
        prop_assert!(!analysis.invalid);
    }

    /// Normalising is idempotent: an E.164 result normalises to itself,
    /// whatever region is given with it.
    #[test]
    fn e164_is_a_fixed_point(
        text in "\\+?[0-9 ()-]{4,18}",
        region in proptest::sample::select(&["GB", "DE", "JP", "US", "FR", "IN"][..]),
    ) {
        if let Some(e164) = phone::to_e164(&text, Some(region)) {
            prop_assert_eq!(phone::to_e164(&e164, None), Some(e164.clone()));
            prop_assert_eq!(phone::to_e164(&e164, Some("BR")), Some(e164.clone()));
            prop_assert!(e164.starts_with('+'));
            prop_assert!(e164[1..].chars().all(|c| c.is_ascii_digit()));
        }
    }
}

// ---------------------------------------------------------------------
// Header recognition

/// Headers with the field each is recognised as.
const HEADERS: [(&str, Field); 7] = [
    ("userPrincipalName", Field::Upn),
    ("displayName", Field::DisplayName),
    ("accountEnabled", Field::AccountEnabled),
    ("mobilePhone", Field::Mobile),
    ("otherMails", Field::AltEmail),
    ("usageLocation", Field::UsageLocation),
    ("RoleName", Field::RoleName),
];

/// `header` as another export or a person might spell it: any case, with
/// spaces, underscores, dots or hyphens between letters, quotes or a BOM
/// around it.
fn respelled(header: &'static str) -> impl Strategy<Value = String> {
    let glue = proptest::collection::vec(
        prop_oneof![4 => Just(""), 1 => Just(" "),
        1 => Just("_"), 1 => Just("."), 1 => Just("-")],
        header.len(),
    );
    let case = proptest::collection::vec(any::<bool>(), header.len());
    let wrap = prop_oneof![
        Just(("", "")),
        Just(("\"", "\"")),
        Just(("\u{feff}", "")),
        Just((" ", " "))
    ];
    (glue, case, wrap).prop_map(move |(glue, case, (open, close))| {
        let mut text = String::from(open);
        for ((c, glue), upper) in header.chars().zip(glue).zip(case) {
            text.push(if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            });
            text.push_str(glue);
        }
        let text = text.trim_end_matches([' ', '_', '.', '-']).to_string();
        text + close
    })
}

/// A table of `rows`, as a text file would give it.
fn table(rows: Vec<Vec<String>>) -> Table {
    let records = rows
        .into_iter()
        .zip(1u32..)
        .map(|(cells, row)| Record::new(row, cells));
    Table {
        origin: Origin::file("t.csv"),
        given_header: None,
        rows: read::rows(records.collect::<Vec<_>>().into_iter()),
    }
}

proptest! {
    #[test]
    fn respelled_headers_keep_their_field(
        (header, field) in proptest::sample::select(&HEADERS[..])
            .prop_flat_map(|(h, f)| (respelled(h), Just(f))),
    ) {
        prop_assert_eq!(columns::field_of(&header), Some(field), "{:?}", header);
    }

    /// A header under a title block of up to ten rows is found at its own
    /// row, and every data row below it is kept.
    #[test]
    fn header_is_found_under_any_title_block(
        titles in proptest::collection::vec("[A-Z][a-z]{2,10}( [a-z]{2,8}){0,3}", 0..10),
        data in 1usize..5,
    ) {
        let mut rows: Vec<Vec<String>> = titles.iter().map(|t| vec![t.clone()]).collect();
        rows.push(HEADERS[..5].iter().map(|(h, _)| h.to_string()).collect());
        for n in 0..data {
            rows.push(vec![format!("u{n}@x.example"), "U".into(), "true".into()]);
        }
        let recognised = columns::recognise(table(rows));
        prop_assert_eq!(recognised.layout.header_row, titles.len() as u32 + 1);
        prop_assert!(recognised.layout.has(Field::Upn));
        prop_assert_eq!(recognised.rows.count(), data);
    }
}

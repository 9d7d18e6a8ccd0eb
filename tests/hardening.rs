//! Hostile and damaged inputs, end to end: the damaged-file corpus of
//! `tests/data/damaged`, inputs too big to commit (made here at run
//! time), the resource limits, the row accounting, reproducibility across
//! thread counts, `--mask` over every output, CSV formula neutralisation,
//! safe report writes and Ctrl-C.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use calamine::{Reader, Xlsx};
use serde_json::Value;

use tenant_audit::build::{self, LoadOptions};
use tenant_audit::read::Limits;

fn bin() -> Command {
    Command::cargo_bin("tenant-audit").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn damaged() -> PathBuf {
    root().join("tests/data/damaged")
}

fn samples() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Runs `audit --as-of 2026-12-03 --json -` on `tenants` with `extra`
/// arguments, writing the workbook into `out`.
fn audit(out: &Path, tenants: &[PathBuf], extra: &[&str]) -> Output {
    bin()
        .args(["audit", "--as-of", "2026-12-03", "--json", "-", "-o"])
        .arg(out.join("report.xlsx"))
        .args(extra)
        .args(tenants)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn issues(tenant: &Value) -> &Vec<Value> {
    tenant["input_issues"].as_array().unwrap()
}

fn admins(tenant: &Value) -> Vec<(String, String)> {
    let list = tenant["admins"].as_array().unwrap();
    let pair = |a: &Value| {
        let upn = a["upn"].as_str().unwrap().to_string();
        (upn, a["verdict"].as_str().unwrap().to_string())
    };
    list.iter().map(pair).collect()
}

/// The issue of `file` (and `sheet`, row, column) whose message holds
/// `text`; fails naming every issue of the file when there is none.
fn expect_issue(tenant: &Value, at: (&str, Option<&str>, Option<u64>, Option<&str>), text: &str) {
    let (file, sheet, row, column) = at;
    let of_file: Vec<&Value> = issues(tenant)
        .iter()
        .filter(|i| i["file"] == file)
        .collect();
    let found = of_file.iter().any(|i| {
        i["sheet"].as_str() == sheet
            && i["row"].as_u64() == row
            && i["column"].as_str() == column
            && i["message"].as_str().unwrap().contains(text)
    });
    assert!(
        found,
        "no issue {at:?} `{text}`; issues of {file}: {of_file:#?}"
    );
}

/// A tenant folder under `dir` with these files.
fn tenant(dir: &Path, name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(&path).unwrap();
    for (file, bytes) in files {
        fs::write(path.join(file), bytes).unwrap();
    }
    path
}

const USERS: &str = "userPrincipalName,displayName,accountEnabled,mobilePhone,otherMails\n\
                     ada@big.example,Ada,true,+44 7400 123123,ada@personal.example\n";

const ROLES: &[u8] = b"RoleName,UserPrincipalName\nGlobal Administrator,ada@big.example\n";

// ---------------------------------------------------------------------
// The damaged corpus

#[test]
fn every_damaged_file_is_an_issue_and_the_tenant_still_audits() {
    let out = tempfile::tempdir().unwrap();
    let report = json(&audit(out.path(), &[damaged()], &[]));
    let t = &report["tenants"][0];

    let whole = |file| (file, None, None, None);
    expect_issue(t, whole("empty.csv"), "empty file");
    expect_issue(t, whole("truncated.xlsx"), "damaged ZIP archive");
    let cut = ("truncated.csv", None, Some(2), Some("accountEnabled"));
    expect_issue(
        t,
        cut,
        "the last row has 2 cells but the header 6: the file may have been cut off",
    );
    expect_issue(t, whole("locked.xlsx"), "password-protected workbook");
    expect_issue(t, whole("archive.xlsx"), "not a workbook");
    expect_issue(t, whole("garbage.csv"), "not a text file or workbook");
    expect_issue(t, ("quotes.csv", None, Some(3), None), "never closed");
    let ragged = ("ragged.csv", None, Some(4), Some("G"));
    expect_issue(t, ragged, "column(s) G, H was ignored");
    let dupe = ("dupe-headers.csv", None, Some(1), Some("mobilePhone"));
    expect_issue(t, dupe, "columns C, E all have the header `mobilePhone`");
    let dupe = ("dupe-headers.csv", None, Some(1), Some("displayName"));
    expect_issue(t, dupe, "columns B, F");
    let blank = ("dupe-headers.csv", None, Some(1), Some("D"));
    expect_issue(t, blank, "no header but holds data");
    expect_issue(t, whole("bad-utf8.csv"), "not UTF-8 (first at line 3)");
    let surrogate = "unpaired UTF-16 surrogate replaced with U+FFFD (first on line 2)";
    expect_issue(t, whole("lone-surrogate.csv"), surrogate);

    let report_cell = |row, column| ("excel-damage.xlsx", Some("Report"), Some(row), Some(column));
    expect_issue(t, report_cell(6, "D (mobilePhone)"), "error #N/A");
    expect_issue(t, report_cell(7, "E (otherMails)"), "error #REF!");
    expect_issue(t, report_cell(8, "C (accountEnabled)"), "error #VALUE!");
    expect_issue(t, report_cell(9, "E (otherMails)"), "error #DIV/0!");
    let formula = "formula `=UPPER(\"gb\")` with no saved result";
    expect_issue(t, report_cell(9, "F (usageLocation)"), formula);
    let saved = |i: &&Value| i["row"] == 7 && i["column"] == "F (usageLocation)";
    assert_eq!(issues(t).iter().find(saved), None, "a saved result is read");
    let sheet = |name| ("excel-damage.xlsx", Some(name), None, None);
    expect_issue(t, sheet("Notes"), "plays no part");
    expect_issue(t, sheet("Lookup"), "plays no part");

    let ready = |upn: &str| (format!("{upn}@damaged.example"), "ready".to_string());
    let want = vec![ready("ava.reyes"), ready("ben.okafor"), ready("carol.tan")];
    assert_eq!(admins(t), want);
    assert_eq!(t["findings"].as_array().unwrap().len(), 3);
}

/// The rows each damaged text file still gives, by file (and sheet).
#[test]
fn damaged_files_keep_their_good_rows() {
    let out = tempfile::tempdir().unwrap();
    let report = json(&audit(out.path(), &[damaged()], &[]));
    let inputs = report["tenants"][0]["inputs"].as_array().unwrap();
    let rows = |file: &str, sheet: Option<&str>| {
        let input = inputs
            .iter()
            .find(|i| i["file"] == file && i["sheet"].as_str() == sheet)
            .unwrap_or_else(|| panic!("{file} is not among the inputs"));
        let parts: Vec<&str> = input["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        (input["rows"].as_u64().unwrap(), parts)
    };
    assert_eq!(rows("ragged.csv", None), (4, vec!["users"]));
    assert_eq!(rows("truncated.csv", None), (1, vec!["users"]));
    assert_eq!(rows("bad-utf8.csv", None), (3, vec!["users"]));
    assert_eq!(rows("lone-surrogate.csv", None), (2, vec!["users"]));
    assert_eq!(rows("dupe-headers.csv", None), (2, vec!["users"]));
    assert_eq!(
        rows("excel-damage.xlsx", Some("Report")),
        (4, vec!["users"])
    );
    // Read by content, whatever the name says.
    let users = rows("users-really-xlsx.csv", Some("Users"));
    assert_eq!(users, (2, vec!["users"]));
    assert_eq!(rows("roles-really.xlsx", None), (1, vec!["roles"]));
}

// ---------------------------------------------------------------------
// Inputs too big to commit, and the limits

#[test]
fn a_100_mb_cell_is_emptied_and_reported_at_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = tenant(dir.path(), "big", &[("roles.csv", ROLES)]);
    let mut file = fs::File::create(path.join("users.csv")).unwrap();
    file.write_all(USERS.as_bytes()).unwrap();
    file.write_all(b"bo@big.example,").unwrap();
    let block = vec![b'x'; 1 << 20];
    for _ in 0..100 {
        file.write_all(&block).unwrap();
    }
    file.write_all(b",true,,\n").unwrap();
    drop(file);

    let report = json(&audit(dir.path(), &[path], &[]));
    let t = &report["tenants"][0];
    let at = ("users.csv", None, Some(3), Some("displayName"));
    expect_issue(
        t,
        at,
        "cell of 104857600 bytes is over the limit of 32768 bytes",
    );
    assert_eq!(admins(t), vec![("ada@big.example".into(), "ready".into())]);
}

/// A users file large enough to be read and hashed on a thread of its
/// own, its other users' rows passed over, loses nothing: the admin on
/// its last row, a row wider than the header, a byte that is not UTF-8
/// and an unclosed quote at the end are all found, the rows reconcile,
/// and the report (the file's digest included) is the one a single
/// thread gives.
#[test]
fn a_large_users_file_read_ahead_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let roles = b"RoleName,UserPrincipalName\nGlobal Administrator,zed@big.example\n";
    let path = tenant(dir.path(), "big", &[("roles.csv", roles)]);
    let mut text =
        String::from("userPrincipalName,displayName,accountEnabled,mobilePhone,otherMails\n");
    let mut rows = 0;
    while text.len() < 10 << 20 {
        rows += 1;
        text.push_str(&format!("user{rows}@big.example,User {rows},true,,\n"));
        if rows == 50_000 {
            rows += 1;
            text.push_str("wide@big.example,Wide,true,,,extra\n");
        }
    }
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"zed@big.example,Zed,true,+44 7400 123456,zed@personal.example\n");
    bytes.extend_from_slice(b"bad\xFF@big.example,Bad,true,,\n");
    bytes.extend_from_slice(b"open@big.example,\"Open,true,,\n");
    fs::write(path.join("users.csv"), &bytes).unwrap();

    let report = json(&audit(dir.path(), std::slice::from_ref(&path), &[]));
    let one = json(&audit(dir.path(), &[path], &["--threads", "1"]));
    assert_eq!(report, one);
    let t = &report["tenants"][0];
    assert_eq!(admins(t), vec![("zed@big.example".into(), "ready".into())]);
    expect_issue(
        t,
        ("users.csv", None, Some(50_002), Some("F")),
        "row has 6 cells",
    );
    expect_issue(t, ("users.csv", None, None, None), "invalid UTF-8 bytes");
    let last = rows + 4;
    expect_issue(t, ("users.csv", None, Some(last), None), "never closed");
    let users = t["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == "users.csv");
    assert_eq!(users.unwrap()["rows"].as_u64(), Some(last - 1));
    assert_rows_reconcile(&report);
}

/// With `--all-users`, a large users file's accounts are built on every
/// thread while its rows are joined on one: the report is the one a
/// single thread gives, accounts named twice (in another case) and rows
/// without a UPN included.
#[test]
fn every_user_of_a_large_file_is_read_as_on_one_thread() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "userPrincipalName,displayName,accountEnabled,mobilePhone,otherMails,proxyAddresses\n",
    );
    let mut rows = 0;
    while text.len() < 10 << 20 {
        rows += 1;
        let phone = match rows % 4 {
            0 => String::new(),
            1 => format!("+44 7400 {:06}", rows % 1_000_000),
            2 => format!("0{:010}", rows),
            _ => "555-0100".to_string(),
        };
        let mails = if rows % 3 == 0 {
            String::new()
        } else {
            format!("u{rows}@personal.example")
        };
        text.push_str(&format!(
            "user{rows}@big.example,User {rows},{},{phone},{mails},\"SMTP:user{rows}@big.example;smtp:u{rows}@alias.example\"\n",
            rows % 5 != 0
        ));
        if rows % 10_000 == 0 {
            text.push_str(&format!(
                "USER{rows}@BIG.EXAMPLE,,true,+1 201 555 0{:03},,\n",
                rows % 1000
            ));
            text.push_str(",No UPN,true,,,\n");
        }
    }
    let roles = b"RoleName,UserPrincipalName\nGlobal Administrator,user7@big.example\n";
    let path = tenant(
        dir.path(),
        "big",
        &[("users.csv", text.as_bytes()), ("roles.csv", roles)],
    );

    let many = json(&audit(
        dir.path(),
        std::slice::from_ref(&path),
        &["--all-users"],
    ));
    let one = json(&audit(
        dir.path(),
        &[path],
        &["--all-users", "--threads", "1"],
    ));
    let admins = many["tenants"][0]["admins"].as_array().unwrap().len();
    assert!(admins > 50_000, "{admins} accounts audited");
    assert_eq!(many, one);
}

#[test]
fn a_million_column_header_is_cut_at_the_column_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut header = String::from("userPrincipalName,displayName,accountEnabled,mobilePhone");
    header.push_str(",otherMails");
    for index in 5..1_000_000 {
        header.push_str(&format!(",c{index}"));
    }
    let data = "\nada@big.example,Ada,true,+44 7400 123123,ada@personal.example\n";
    let users = header + data;
    let path = tenant(
        dir.path(),
        "wide",
        &[("users.csv", users.as_bytes()), ("roles.csv", ROLES)],
    );

    let report = json(&audit(dir.path(), &[path], &[]));
    let t = &report["tenants"][0];
    let at = ("users.csv", None, Some(1), Some("XFE"));
    expect_issue(
        t,
        at,
        "row of 1000000 cells is over the limit of 16384 columns",
    );
    assert_eq!(admins(t), vec![("ada@big.example".into(), "ready".into())]);
}

#[test]
fn every_reader_limit_trips_into_an_input_issue() {
    let dir = tempfile::tempdir().unwrap();
    let book = damaged().join("users-really-xlsx.csv");
    let users = format!("{USERS}bo@big.example,Bo Brown of the Long Name,true,,\n");
    let path = tenant(
        dir.path(),
        "limits",
        &[
            ("a-users.csv", users.as_bytes()),
            ("b-book.xlsx", &fs::read(book).unwrap()),
            ("c-roles.csv", ROLES),
            ("d-extra.csv", ROLES),
        ],
    );
    let limits = Limits {
        max_cell_bytes: 20,
        max_columns: 4,
        max_workbook_bytes: 1000,
        max_files: 3,
    };
    let files = build::discover(&path).unwrap();
    let opts = LoadOptions {
        all_users: false,
        limits,
        ..LoadOptions::default()
    };
    let loaded = build::load(&files, &opts);

    let has = |file: &str, row: Option<u32>, text: &str| {
        let hit = loaded
            .issues
            .iter()
            .any(|i| &*i.file == file && i.row == row && i.message.contains(text));
        assert!(hit, "{file} {row:?} {text}: {:#?}", loaded.issues);
    };
    has("a-users.csv", Some(3), "over the limit of 20 bytes");
    has("a-users.csv", Some(1), "over the limit of 4 columns");
    has("b-book.xlsx", None, "over the limit of 1000 bytes");
    has(
        "d-extra.csv",
        None,
        "the folder holds 4 files, over the limit of 3",
    );
    let mut read: Vec<&str> = loaded.inputs.iter().map(|i| &*i.file).collect();
    read.sort_unstable();
    assert_eq!(read, vec!["a-users.csv", "b-book.xlsx", "c-roles.csv"]);
}

// ---------------------------------------------------------------------
// Nothing lost

/// Every rejected row has a row-level issue with its number, unless its
/// table plays no part (then one issue about the whole table says so).
fn assert_rows_reconcile(report: &Value) {
    for t in report["tenants"].as_array().unwrap() {
        for input in t["inputs"].as_array().unwrap() {
            let same = |i: &&Value| i["file"] == input["file"] && i["sheet"] == input["sheet"];
            let of_input: Vec<&Value> = issues(t).iter().filter(same).collect();
            let rows: BTreeSet<u64> = of_input.iter().filter_map(|i| i["row"].as_u64()).collect();
            let whole = of_input.iter().any(|i| i["row"].is_null());
            let rejected = input["rows_rejected"].as_u64().unwrap();
            let rows_read = input["rows"].as_u64().unwrap();
            assert!(rejected <= rows_read, "{input}");
            let no_part = input["parts"].as_array().unwrap().is_empty();
            let covered = rejected <= rows.len() as u64 || (no_part && whole);
            assert!(covered, "{}: {input} has issues {of_input:#?}", t["name"]);
        }
    }
}

#[test]
fn rows_reconcile_over_the_damaged_corpus_and_the_samples() {
    let out = tempfile::tempdir().unwrap();
    let mut tenants = samples();
    tenants.push(damaged());
    let report = json(&audit(out.path(), &tenants, &[]));
    assert_rows_reconcile(&report);
}

#[test]
fn one_account_in_two_users_files_is_one_admin() {
    let dir = tempfile::tempdir().unwrap();
    let again = "UserPrincipalName,DisplayName,UsageLocation\nADA@big.example,Ada L,GB\n";
    let path = tenant(
        dir.path(),
        "twice",
        &[
            ("users.csv", USERS.as_bytes()),
            ("users-2.csv", again.as_bytes()),
            ("roles.csv", ROLES),
        ],
    );
    let report = json(&audit(dir.path(), &[path], &[]));
    let t = &report["tenants"][0];
    assert_eq!(t["admins"].as_array().unwrap().len(), 1, "{t:#}");
    let ga = t["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "sole-admin")
        .count();
    assert_eq!(ga, 1);
}

// ---------------------------------------------------------------------
// Reproducibility

/// Every cell of every sheet of a workbook, as text.
fn workbook_cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let names = book.sheet_names();
    let sheet = |name: String| {
        let range = book.worksheet_range(&name).unwrap();
        let rows = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        (name, rows)
    };
    names.into_iter().map(sheet).collect()
}

#[test]
fn reports_are_identical_at_1_2_and_8_threads() {
    let mut runs = Vec::new();
    for threads in ["1", "2", "8"] {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("findings.csv");
        let out = bin()
            .args([
                "audit",
                "--as-of",
                "2026-12-03",
                "--threads",
                threads,
                "--json",
                "-",
            ])
            .arg("--csv")
            .arg(&csv)
            .arg("-o")
            .arg(dir.path().join("report.xlsx"))
            .args(samples())
            .output()
            .unwrap();
        assert!(out.status.success());
        let xlsx = fs::read(dir.path().join("report.xlsx")).unwrap();
        let cells = workbook_cells(&dir.path().join("report.xlsx"));
        runs.push((out.stdout, fs::read(&csv).unwrap(), cells, xlsx));
    }
    let first = &runs[0];
    for run in &runs[1..] {
        assert!(first.0 == run.0, "JSON differs between thread counts");
        assert!(first.1 == run.1, "CSV differs between thread counts");
        assert!(
            first.2 == run.2,
            "workbook cells differ between thread counts"
        );
        assert!(
            first.3 == run.3,
            "workbook bytes differ between thread counts"
        );
    }
}

// ---------------------------------------------------------------------
// Personal data

/// The national significant digits of a phone as reports show it: the
/// digits after a `+` and its separated country code, or all the digits
/// without a leading trunk zero.
fn national_digits(phone: &str) -> String {
    let trimmed = phone.trim();
    let rest = match trimmed.strip_prefix('+') {
        Some(rest) => rest.split_once([' ', '-']).map_or(rest, |(_, r)| r),
        None => trimmed,
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').to_string()
}

/// Digit strings of `text`: runs of digits and the separators people
/// type between them, with the separators dropped.
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '/') && !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    runs.push(current);
    runs
}

/// The personal values of an unmasked report: phone digits and the
/// alternate email addresses (with the local parts no UPN shares).
fn personal_values(report: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut phones, mut emails) = (BTreeSet::new(), BTreeSet::new());
    let mut upns = BTreeSet::new();
    for t in report["tenants"].as_array().unwrap() {
        let admin_values = t["admins"].as_array().unwrap().iter().flat_map(|a| {
            upns.insert(a["upn"].as_str().unwrap().to_lowercase());
            [a["effective_phone"].clone(), a["alternate_email"].clone()]
        });
        let finding_values = t["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| [f["value"].clone(), f["suggested_fix"].clone()]);
        let values: Vec<Value> = admin_values.chain(finding_values).collect();
        for value in values.iter().filter_map(Value::as_str) {
            if value.contains('@') && !value.contains(' ') {
                emails.insert(value.to_lowercase());
            } else if value.chars().filter(char::is_ascii_digit).count() >= 6 {
                phones.insert(national_digits(value));
            }
        }
    }
    phones.retain(|p| p.len() >= 6);
    let locals: Vec<String> = emails
        .iter()
        .filter_map(|e| e.split_once('@').map(|(l, _)| l.to_string()))
        .filter(|l| l.len() >= 4 && !upns.iter().any(|u| u.contains(l.as_str())))
        .collect();
    emails.retain(|e| !upns.contains(e));
    emails.extend(locals);
    (phones, emails)
}

#[test]
fn mask_leaves_no_raw_phone_or_email_in_any_output() {
    let plain_dir = tempfile::tempdir().unwrap();
    let mut tenants = samples();
    tenants.push(damaged());
    let plain = json(&audit(plain_dir.path(), &tenants, &[]));
    let (phones, emails) = personal_values(&plain);
    assert!(
        phones.len() >= 10 && emails.len() >= 5,
        "{phones:?} {emails:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("findings.csv");
    let out = bin()
        .args([
            "audit",
            "--as-of",
            "2026-12-03",
            "--mask",
            "--json",
            "-",
            "--csv",
        ])
        .arg(&csv)
        .arg("-o")
        .arg(dir.path().join("report.xlsx"))
        .args(&tenants)
        .output()
        .unwrap();
    assert!(out.status.success());
    let cells = workbook_cells(&dir.path().join("report.xlsx"));
    let cell_text: Vec<String> = cells
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten().cloned())
        .collect();
    let outputs = [
        ("json", String::from_utf8(out.stdout).unwrap()),
        ("stderr", String::from_utf8(out.stderr).unwrap()),
        ("csv", fs::read_to_string(&csv).unwrap()),
        ("workbook", cell_text.join("\n")),
    ];

    for (name, text) in &outputs {
        let runs = digit_runs(text);
        for phone in &phones {
            let leak = runs.iter().find(|run| run.contains(phone.as_str()));
            assert!(leak.is_none(), "{name} holds phone digits {phone}");
        }
        let lower = text.to_lowercase();
        for email in &emails {
            assert!(!lower.contains(email.as_str()), "{name} holds `{email}`");
        }
    }
}

#[test]
fn csv_cells_that_spreadsheets_would_run_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let users = "userPrincipalName,displayName,accountEnabled,mobilePhone,otherMails\n\
                 ada@big.example,Ada,true,-1+2,=HYPERLINK(\"http://x.example\")\n";
    let path = tenant(
        dir.path(),
        "formulas",
        &[("users.csv", users.as_bytes()), ("roles.csv", ROLES)],
    );
    let out = bin()
        .args(["audit", "--as-of", "2026-12-03", "--csv", "-", "-o"])
        .arg(dir.path().join("report.xlsx"))
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());

    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let values: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(5).unwrap_or("").to_string())
        .collect();
    assert!(
        values.contains(&"'=HYPERLINK(\"http://x.example\")".to_string()),
        "{values:?}"
    );
    assert!(values.contains(&"'-1+2".to_string()), "{values:?}");
    let risky = |v: &&String| v.starts_with(['=', '+', '-', '@']);
    assert_eq!(values.iter().find(risky), None);
}

// ---------------------------------------------------------------------
// Safe writes

/// Whether this process can create files in a folder it made read-only;
/// root can, and then permission checks cannot be tested.
fn permissions_are_enforced(dir: &Path) -> bool {
    fs::write(dir.join("probe"), b"").is_err()
}

#[cfg(unix)]
#[test]
fn report_in_a_read_only_folder_exits_2_before_work_starts() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    if !permissions_are_enforced(&locked) {
        eprintln!("skipped: running with rights that ignore folder permissions");
        return;
    }
    let out = bin()
        .args(["audit", "--json"])
        .arg(locked.join("r.json"))
        .arg("-o")
        .arg(dir.path().join("report.xlsx"))
        .arg(damaged())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write here"));
    assert!(!dir.path().join("report.xlsx").exists());
}

#[test]
fn json_or_csv_over_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = tenant(
        dir.path(),
        "t",
        &[("users.csv", USERS.as_bytes()), ("roles.csv", ROLES)],
    );
    for flag in ["--json", "--csv"] {
        let before = fs::read(path.join("roles.csv")).unwrap();
        let out = bin()
            .args(["audit", flag])
            .arg(path.join("roles.csv"))
            .arg("-o")
            .arg(dir.path().join("report.xlsx"))
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("over an input"));
        assert_eq!(fs::read(path.join("roles.csv")).unwrap(), before);
        assert!(!dir.path().join("report.xlsx").exists());
    }
}

/// Files in `dir` whose name marks an unfinished report.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.starts_with("report"))
        .collect()
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_no_report_and_no_temporary_file() {
    interrupted_run_leaves_nothing("INT", 130);
}

#[cfg(unix)]
#[test]
fn sigterm_leaves_no_report_and_no_temporary_file() {
    interrupted_run_leaves_nothing("TERM", 143);
}

#[cfg(unix)]
#[test]
fn sighup_leaves_no_report_and_no_temporary_file() {
    interrupted_run_leaves_nothing("HUP", 129);
}

/// Sends `signal` to a run while it writes its reports: the run must exit
/// with `code` and leave neither a report nor a temporary file.
#[cfg(unix)]
fn interrupted_run_leaves_nothing(signal: &str, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let mut users = String::from("userPrincipalName,displayName,accountEnabled,mobilePhone\n");
    for n in 0..200_000 {
        users.push_str(&format!("u{n}@big.example,User {n},true,+44 7400 {n:06}\n"));
    }
    let path = tenant(
        dir.path(),
        "large",
        &[("users.csv", users.as_bytes()), ("roles.csv", ROLES)],
    );
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir).unwrap();

    let binary = assert_cmd::cargo::cargo_bin("tenant-audit");
    let mut child = std::process::Command::new(binary)
        .args(["audit", "--all-users", "-q", "--json"])
        .arg(out_dir.join("report.json"))
        .arg("-o")
        .arg(out_dir.join("report.xlsx"))
        .arg(&path)
        .spawn()
        .unwrap();
    // Interrupted while the reports are being written: once the first
    // report's temporary file is there (however fast the machine and the
    // build), not the probe that checks the folder before work starts.
    let started = std::time::Instant::now();
    let writing = |n: &String| n.starts_with(".report.") && n.ends_with(".tmp");
    while !leftovers(&out_dir).iter().any(writing) {
        let running = child.try_wait().unwrap().is_none();
        assert!(running, "the run ended before any report was begun");
        assert!(started.elapsed().as_secs() < 120, "no report was begun");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let killed = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();

    assert_eq!(
        status.code(),
        Some(code),
        "the run did not clean up and exit on SIG{signal}"
    );
    assert_eq!(leftovers(&out_dir), Vec::<String>::new());
}

// ---------------------------------------------------------------------
// Never panic: arbitrary bytes through the whole tenant load

mod properties {
    use super::*;
    use proptest::prelude::*;
    use tenant_audit::columns::{self, Layout};
    use tenant_audit::read::{self, Record};
    use tenant_audit::source::Origin;

    /// Bytes that look like the start of a CSV, a UTF-16 file, a ZIP or
    /// an OLE file, followed by anything.
    fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
        let heads = prop_oneof![
            Just(b"userPrincipalName,mobilePhone,otherMails\n".to_vec()),
            Just(b"\xFF\xFEu\0p\0n\0,\0".to_vec()),
            Just(b"PK\x03\x04".to_vec()),
            Just(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec()),
            Just(b"#TYPE x\nsep=;\nName   : Value\n".to_vec()),
            Just(Vec::new()),
        ];
        let tail = proptest::collection::vec(
            prop_oneof![
                any::<u8>(),
                Just(b','),
                Just(b'"'),
                Just(b'\n'),
                Just(b'\r'),
                Just(b'@'),
                Just(b'+'),
            ],
            0..600,
        );
        (heads, tail).prop_map(|(mut head, tail)| {
            head.extend(tail);
            head
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 200,
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_bytes_read_recognise_and_load_without_panic(bytes in hostile_bytes()) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("input.csv");
            fs::write(&path, &bytes).unwrap();

            let file = read::open(&path, "input.csv", &Limits::default());
            let mut rows = 0usize;
            for table in file.tables {
                let recognised = columns::recognise(table);
                rows += recognised.rows.count();
            }
            prop_assert!(rows <= bytes.len() + 1);

            let files = build::discover(dir.path()).unwrap();
            let loaded = build::load(&files, &LoadOptions::default());
            for input in &loaded.inputs {
                prop_assert!(input.rows_rejected <= input.rows);
                let of_input: Vec<_> = loaded
                    .issues
                    .iter()
                    .filter(|i| i.file == input.file && i.sheet == input.sheet)
                    .collect();
                let rows: BTreeSet<u32> = of_input.iter().filter_map(|i| i.row).collect();
                let whole = of_input.iter().any(|i| i.row.is_none());
                let covered = input.rows_rejected <= rows.len() as u64
                    || (input.parts.is_empty() && whole);
                prop_assert!(covered, "{:?} {:?}", input, loaded.issues);
            }
        }

        #[test]
        fn any_header_makes_a_layout(headers in proptest::collection::vec(".{0,24}", 0..40)) {
            let layout = Layout::new(Origin::file("x.csv"), 1, headers.clone());
            prop_assert_eq!(layout.fields.len(), headers.len());
            let record = Record::new(2, &headers);
            for field in layout.fields.iter().flatten() {
                prop_assert!(layout.get(&record, *field).is_some());
            }
            for index in 0..headers.len() + 2 {
                let _ = layout.column_name(index);
            }
        }
    }
}

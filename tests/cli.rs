//! The `tenant-audit` binary end to end: tenants written as export files
//! in temporary folders, the binary run on them, and its stdout, stderr,
//! exit code, JSON and workbook checked.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader};
use serde_json::Value;

/// Every rule id of `rules.md`, in its order: the public interface.
const SPEC_RULE_IDS: &[&str] = &[
    "alt-email-missing",
    "alt-email-invalid",
    "alt-email-internal",
    "phone-missing",
    "phone-no-country-code",
    "phone-trunk-prefix",
    "phone-invalid",
    "phone-not-mobile",
    "phone-voip",
    "phone-carrier-unsupported",
    "phone-line-unverified",
    "phone-sms-opt-in-region",
    "phone-extension",
    "phone-shared",
    "value-not-exported",
    "sspr-not-registered",
    "recovery-methods-insufficient",
    "sms-retirement-dependent",
    "admin-disabled",
    "admin-not-in-directory",
    "sspr-disabled",
    "no-enabled-admin",
    "sole-admin",
    "sole-recoverable-admin",
    "global-admin-count",
];

fn bin() -> Command {
    Command::cargo_bin("tenant-audit").unwrap()
}

/// A tenant folder `name` under `root` holding the given files.
fn tenant(root: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

const USERS: &str = "\
userPrincipalName,displayName,accountEnabled,usageLocation,mobile,alternateEmailAddress
ada@contoso.example,Ada,True,GB,+44 7400 123123,ada@example.org
ken@contoso.example,Ken,True,JP,+81 090-1234-5678,ken@example.org
sam@contoso.example,Sam,True,GB,+44 7400 123124,sam@example.org
";

const ROLES: &str = "\
RoleName,UserPrincipalName
Company Administrator,ada@contoso.example
Global Administrator,ken@contoso.example
Helpdesk Administrator,sam@contoso.example
";

fn contoso(root: &Path) -> PathBuf {
    tenant(
        root,
        "contoso",
        &[("users.csv", USERS), ("roles.csv", ROLES)],
    )
}

fn json_of(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).expect("stdout is JSON")
}

#[test]
fn rules_lists_exactly_the_spec_ids() {
    let out = bin().arg("rules").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ids, SPEC_RULE_IDS);
}

#[test]
fn rules_match_the_shared_spec_when_present() {
    // The spec is beside the project on developer and CI machines.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/rules.md");
    let Ok(text) = std::fs::read_to_string(spec) else {
        return;
    };
    let mut ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    ids.dedup();
    assert_eq!(ids, SPEC_RULE_IDS);
}

#[test]
fn audit_writes_json_with_sources_and_exit_zero() {
    let root = tempfile::tempdir().unwrap();
    let dir = contoso(root.path());
    let xlsx = root.path().join("report.xlsx");
    let out = bin()
        .args(["audit", "--as-of", "2026-12-03", "--json", "-", "-o"])
        .arg(&xlsx)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = json_of(&out.stdout);
    assert_eq!(json["tool"]["name"], "tenant-audit");
    assert_eq!(json["as_of"], "2026-12-03");
    assert_eq!(json["profile"], "cis");
    let tenant = &json["tenants"][0];
    assert_eq!(tenant["name"], "contoso");
    let trunk = tenant["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "phone-trunk-prefix")
        .expect("ken's +81 090 number");
    assert_eq!(trunk["upn"], "ken@contoso.example");
    assert_eq!(trunk["source"], "users.csv:3");
    assert_eq!(trunk["suggested_fix"], "+81 9012345678");
    assert_eq!(trunk["severity"], "high");
    let inputs = tenant["inputs"].as_array().unwrap();
    let users = inputs.iter().find(|i| i["file"] == "users.csv").unwrap();
    assert_eq!(users["rows"], 3);
    assert_eq!(users["parts"], serde_json::json!(["users"]));
    assert_eq!(users["sha256"].as_str().unwrap().len(), 64);
    assert!(xlsx.exists());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("1 tenant(s), 3 admin(s)"), "{stderr}");
}

#[test]
fn fail_on_sets_exit_one() {
    let root = tempfile::tempdir().unwrap();
    let dir = contoso(root.path());
    let xlsx = root.path().join("r.xlsx");
    let mut cmd = bin();
    cmd.args(["audit", "-q", "--fail-on", "high", "-o"])
        .arg(&xlsx)
        .arg(&dir);
    cmd.assert().code(1);
    let mut cmd = bin();
    let xlsx2 = root.path().join("r2.xlsx");
    cmd.args(["audit", "-q", "--fail-on", "critical", "-o"])
        .arg(&xlsx2)
        .arg(&dir);
    cmd.assert().code(0);
}

#[test]
fn workbook_has_every_sheet_and_one_row_per_finding() {
    let root = tempfile::tempdir().unwrap();
    let dir = contoso(root.path());
    let xlsx = root.path().join("report.xlsx");
    let out = bin()
        .args(["audit", "-q", "--json", "-", "-o"])
        .arg(&xlsx)
        .arg(&dir)
        .output()
        .unwrap();
    let json = json_of(&out.stdout);
    let findings = json["tenants"][0]["findings"].as_array().unwrap().len();

    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    let names = book.sheet_names();
    for sheet in [
        "Summary",
        "Admins",
        "Findings",
        "Input issues",
        "Not evaluated",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let range = book.worksheet_range("Findings").unwrap();
    assert_eq!(range.height(), findings + 1);
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[0].to_lowercase(), "tenant");
    let ken = range
        .rows()
        .find(|r| {
            r.iter()
                .any(|c| *c == Data::String("phone-trunk-prefix".into()))
        })
        .expect("a phone-trunk-prefix row");
    assert!(ken
        .iter()
        .any(|c| *c == Data::String("ken@contoso.example".into())));
}

#[test]
fn refuses_to_write_over_an_input() {
    let root = tempfile::tempdir().unwrap();
    let dir = contoso(root.path());
    let input = dir.join("users.csv");
    let before = std::fs::read(&input).unwrap();
    let out = bin()
        .args(["audit", "-q", "--csv"])
        .arg(&input)
        .arg("-o")
        .arg(root.path().join("r.xlsx"))
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over an input"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn unwritable_output_fails_before_work() {
    let root = tempfile::tempdir().unwrap();
    let dir = contoso(root.path());
    let out = bin()
        .args(["audit", "-q", "-o"])
        .arg(root.path().join("missing-folder/report.xlsx"))
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-folder"));
}

#[test]
fn no_readable_tenant_exits_two() {
    let root = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["audit", "-q", "-o"])
        .arg(root.path().join("r.xlsx"))
        .arg(root.path().join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no readable tenant"));
}

#[test]
fn bad_arguments_exit_two() {
    bin()
        .args(["audit", "--fail-on", "urgent", "x"])
        .assert()
        .code(2);
    bin()
        .args(["audit", "--as-of", "03/12/2026", "x"])
        .assert()
        .code(2);
}

#[test]
fn several_tenants_land_in_one_report_sorted() {
    let root = tempfile::tempdir().unwrap();
    let b = tenant(
        root.path(),
        "bravo",
        &[("users.csv", USERS), ("roles.csv", ROLES)],
    );
    let a = tenant(
        root.path(),
        "alpha",
        &[("users.csv", USERS), ("roles.csv", ROLES)],
    );
    let out = bin()
        .args(["audit", "-q", "--json", "-", "-o"])
        .arg(root.path().join("r.xlsx"))
        .arg(&b)
        .arg(&a)
        .output()
        .unwrap();
    let json = json_of(&out.stdout);
    let names: Vec<&str> = json["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "bravo"]);
}

#[test]
fn a_file_that_plays_no_part_is_an_input_issue() {
    let root = tempfile::tempdir().unwrap();
    let dir = contoso(root.path());
    std::fs::write(dir.join("notes.csv"), "Colour,Size\nred,L\n").unwrap();
    let out = bin()
        .args(["audit", "-q", "--json", "-", "-o"])
        .arg(root.path().join("r.xlsx"))
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json = json_of(&out.stdout);
    let issues = json["tenants"][0]["input_issues"].as_array().unwrap();
    let notes = issues.iter().find(|i| i["file"] == "notes.csv").unwrap();
    assert!(notes["row"].is_null());
    let message = notes["message"].as_str().unwrap();
    assert!(message.contains("Colour, Size"), "{message}");
    assert!(!json["tenants"][0]["admins"].as_array().unwrap().is_empty());
}

#[test]
fn inspect_shows_parts_and_columns() {
    let root = tempfile::tempdir().unwrap();
    let dir = contoso(root.path());
    let out = bin().arg("inspect").arg(&dir).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("users.csv"), "{text}");
    assert!(text.contains("parts: users"), "{text}");
    assert!(text.contains("parts: roles"), "{text}");
    assert!(text.contains("Upn"), "{text}");
}

#[test]
fn csv_report_has_one_row_per_finding() {
    let root = tempfile::tempdir().unwrap();
    let dir = contoso(root.path());
    let out = bin()
        .args(["audit", "-q", "--csv", "-", "-o"])
        .arg(root.path().join("r.xlsx"))
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("tenant,severity,rule,upn,message,value,suggested_fix,source")
    );
    assert!(text.contains("phone-trunk-prefix"));
}

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

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_command_help_has_examples() {
    for command in ["audit", "inspect", "rules", "init", "completions", "man"] {
        let out = bin().args([command, "--help"]).output().unwrap();
        assert!(out.status.success(), "{command}");
        let text = String::from_utf8(out.stdout).unwrap();
        let example = format!("  tenant-audit {command}");
        assert!(text.contains("Examples:"), "{command}: {text}");
        assert!(text.contains(&example), "{command}: {text}");
    }
}

#[test]
fn init_writes_an_example_the_audit_accepts_and_never_overwrites() {
    let root = tempfile::tempdir().unwrap();
    let config = root.path().join("tenant-audit.toml");
    bin().arg("init").arg(&config).assert().success();
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(written.contains("# profile = \"cisa\""), "{written}");

    std::fs::write(&config, "profile = \"cisa\"\n").unwrap();
    let out = bin().arg("init").arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("already exists"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "profile = \"cisa\"\n"
    );

    let dir = contoso(root.path());
    let out = bin()
        .args(["audit", "-q", "--json", "-", "--config"])
        .arg(&config)
        .arg("-o")
        .arg(root.path().join("r.xlsx"))
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(json_of(&out.stdout)["profile"], "cisa");
}

#[test]
fn config_errors_name_file_line_and_column() {
    let root = tempfile::tempdir().unwrap();
    let config = root.path().join("bad.toml");
    std::fs::write(
        &config,
        "profile = \"cis\"\n\n[severity]\nsole-admn = \"low\"\n",
    )
    .unwrap();
    let dir = contoso(root.path());
    let out = bin()
        .args(["audit", "-q", "--config"])
        .arg(&config)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    let place = format!("{}:4:1: unknown rule id `sole-admn`", config.display());
    assert!(err.contains(&place), "{err}");
    assert!(err.contains("did you mean `sole-admin`?"), "{err}");
}

#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("fail-on"), "{shell}");
    }
    bin().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_prints_a_page_or_writes_one_per_command() {
    let out = bin().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH tenant-audit"),
        "{page}"
    );

    let root = tempfile::tempdir().unwrap();
    bin()
        .args(["man", "--dir"])
        .arg(root.path())
        .assert()
        .success();
    for page in [
        "tenant-audit.1",
        "tenant-audit-audit.1",
        "tenant-audit-init.1",
    ] {
        assert!(root.path().join(page).exists(), "{page}");
    }
}

#[test]
fn rules_markdown_and_json_carry_the_fixes() {
    let out = bin().args(["rules", "--markdown"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# Rule reference"));
    assert!(text.contains("\n## sole-admin\n"), "{text}");

    let out = bin().args(["rules", "--json"]).output().unwrap();
    let json = json_of(&out.stdout);
    assert_eq!(json.as_array().unwrap().len(), SPEC_RULE_IDS.len());
    assert!(json[0]["fix_portal"].as_str().unwrap().contains("Users"));
}

#[test]
fn a_tenant_without_a_users_export_gets_a_hint_to_inspect() {
    let root = tempfile::tempdir().unwrap();
    let dir = tenant(
        root.path(),
        "northwind",
        &[("people.csv", "Name,Phone\nAda,1\n")],
    );
    let out = bin()
        .args(["audit", "-q", "-o"])
        .arg(root.path().join("r.xlsx"))
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    assert!(
        err.contains("northwind: no column looks like a UPN"),
        "{err}"
    );
    assert!(err.contains("columns found: Name, Phone"), "{err}");
    let inspect = format!("try `tenant-audit inspect {}`", dir.display());
    assert!(err.contains(&inspect), "{err}");
}

#[test]
fn a_missing_tenant_or_config_exits_two_and_says_what_to_do() {
    let root = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["audit", "-q", "-o"])
        .arg(root.path().join("r.xlsx"))
        .arg(root.path().join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("no readable tenant"), "{err}");
    assert!(err.contains("a tenant is a folder"), "{err}");

    let dir = contoso(root.path());
    let out = bin()
        .args(["audit", "-q", "--config", "absent.toml"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("`tenant-audit init absent.toml`"), "{err}");
}

#[test]
fn tenants_sharing_a_folder_name_are_told_apart() {
    let root = tempfile::tempdir().unwrap();
    let files = [("users.csv", USERS), ("roles.csv", ROLES)];
    let east = tenant(&root.path().join("east"), "contoso", &files);
    let west = tenant(&root.path().join("west"), "contoso", &files);
    let out = bin()
        .args(["audit", "-q", "--json", "-", "-o"])
        .arg(root.path().join("r.xlsx"))
        .arg(&west)
        .arg(&east)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json = json_of(&out.stdout);
    let names: Vec<&str> = json["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["contoso (east)", "contoso (west)"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("also named `contoso`"), "{stderr}");
}

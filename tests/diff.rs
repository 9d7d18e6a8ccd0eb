//! `tenant-audit diff` end to end: a tenant audited, changed (one phone
//! fixed, one removed), audited again, and the two JSON reports compared.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("tenant-audit").unwrap()
}

const ROLES: &str = "\
RoleName,UserPrincipalName
Global Administrator,ada@contoso.example
Global Administrator,ken@contoso.example
Helpdesk Administrator,sam@contoso.example
";

/// Users whose phones are `ken` and `sam`'s.
fn users(ken: &str, sam: &str) -> String {
    format!(
        "userPrincipalName,displayName,accountEnabled,usageLocation,mobile,\
         alternateEmailAddress\n\
         ada@contoso.example,Ada,True,GB,+44 7400 123123,ada@example.org\n\
         ken@contoso.example,Ken,True,JP,{ken},ken@example.org\n\
         sam@contoso.example,Sam,True,GB,{sam},sam@example.org\n"
    )
}

/// Audits a `contoso` tenant with these users into `root/json_name`.
fn audit(root: &Path, users: &str, json_name: &str) -> PathBuf {
    let dir = root.join("contoso");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("users.csv"), users).unwrap();
    std::fs::write(dir.join("roles.csv"), ROLES).unwrap();
    let json = root.join(json_name);
    let out = bin()
        .args(["audit", "--quiet", "--as-of", "2026-12-03", "-o"])
        .arg(root.join("report.xlsx"))
        .arg("--json")
        .arg(&json)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json
}

/// Two runs: ken's trunk prefix fixed, sam's phone removed in between.
fn two_runs(root: &Path) -> (PathBuf, PathBuf) {
    let old = audit(
        root,
        &users("+81 090-1234-5678", "+44 7400 123124"),
        "old.json",
    );
    let new = audit(root, &users("+81 90-1234-5678", ""), "new.json");
    (old, new)
}

#[test]
fn diff_lists_the_fixed_phone_and_the_new_finding() {
    let root = tempfile::tempdir().unwrap();
    let (old, new) = two_runs(root.path());
    let out = bin().arg("diff").arg(&old).arg(&new).output().unwrap();

    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let fixed = text
        .lines()
        .find(|l| l.contains("fixed") && l.contains("phone-trunk-prefix"));
    assert!(
        fixed.is_some_and(|l| l.contains("ken@contoso.example")),
        "{text}"
    );
    let new = text
        .lines()
        .find(|l| l.trim_start().starts_with("new") && l.contains("phone-missing"));
    assert!(
        new.is_some_and(|l| l.contains("sam@contoso.example")),
        "{text}"
    );
    assert!(text.contains("Total: "), "{text}");
}

#[test]
fn diff_json_is_machine_readable() {
    let root = tempfile::tempdir().unwrap();
    let (old, new) = two_runs(root.path());
    let out = bin()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg("--json")
        .output()
        .unwrap();

    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let tenant = &json["tenants"][0];
    assert_eq!(tenant["name"], "contoso");
    assert_eq!(tenant["status"], "compared");
    let rules = |list: &Value| -> Vec<String> {
        let list = list.as_array().unwrap();
        list.iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(&tenant["fixed"]).contains(&"phone-trunk-prefix".to_string()));
    assert!(rules(&tenant["new"]).contains(&"phone-missing".to_string()));
    assert!(tenant["unchanged"].as_u64().is_some());
}

#[test]
fn fail_on_new_exits_one_only_when_a_finding_is_new() {
    let root = tempfile::tempdir().unwrap();
    let (old, new) = two_runs(root.path());

    let worse = bin()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg("--fail-on-new")
        .output()
        .unwrap();
    assert_eq!(worse.status.code(), Some(1));
    let same = bin()
        .arg("diff")
        .arg(&old)
        .arg(&old)
        .arg("--fail-on-new")
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    let better = bin()
        .arg("diff")
        .arg(&new)
        .arg(&old)
        .arg("--fail-on-new")
        .output()
        .unwrap();
    assert_eq!(
        better.status.code(),
        Some(1),
        "the trunk prefix is new here"
    );
}

#[test]
fn unreadable_report_exits_two_naming_the_file() {
    let root = tempfile::tempdir().unwrap();
    let (old, _) = two_runs(root.path());
    let broken = root.path().join("broken.json");
    std::fs::write(&broken, "{\"tenants\": [").unwrap();

    let out = bin().arg("diff").arg(&old).arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("broken.json"), "{stderr}");
    let missing = bin()
        .arg("diff")
        .arg(&old)
        .arg(root.path().join("nope.json"))
        .output();
    assert_eq!(missing.unwrap().status.code(), Some(2));
}

//! The workbook of the sample tenants read back with calamine: the sheets
//! a reviewer opens first (Summary, Action plan) agree with the JSON report
//! of the same run, and a second run gives the same cells.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{open_workbook_auto, Data, Reader};
use serde_json::Value;

/// Audits `samples/*` into `dir`: the workbook and the JSON report.
fn audit_samples(dir: &Path) -> (PathBuf, Value) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut tenants: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    tenants.sort();

    let (xlsx, json) = (dir.join("report.xlsx"), dir.join("report.json"));
    let out = Command::cargo_bin("tenant-audit")
        .unwrap()
        .args(["audit", "--quiet", "--as-of", "2026-12-03", "-o"])
        .arg(&xlsx)
        .arg("--json")
        .arg(&json)
        .args(&tenants)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    (xlsx, report)
}

/// Every cell of `sheet` as text, row by row.
fn cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn tenants(report: &Value) -> &Vec<Value> {
    report["tenants"].as_array().unwrap()
}

#[test]
fn summary_and_action_plan_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, _) = audit_samples(dir.path());
    let book = open_workbook_auto(&xlsx).unwrap();

    assert_eq!(
        book.sheet_names()[..3],
        ["Summary", "Action plan", "Admins"]
    );
}

#[test]
fn each_tenant_verdict_counts_its_locked_out_admins() {
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, report) = audit_samples(dir.path());
    let summary = cells(&xlsx, "Summary");

    assert_eq!(summary[0][..2], ["Tenant", "Verdict"]);
    for (row, tenant) in summary[1..].iter().zip(tenants(&report)) {
        assert_eq!(row[0], tenant["name"].as_str().unwrap());
        let admins = tenant["admins"].as_array().unwrap();
        let cannot = admins.iter().filter(|a| a["verdict"] == "cannot-reset");
        let (cannot, total) = (cannot.count(), admins.len());
        let sentence = &row[1];
        if cannot > 0 && total > 1 {
            let expected = format!("{cannot} of {total} admins cannot reset");
            assert!(sentence.starts_with(&expected), "{sentence}");
        } else if cannot == 0 {
            assert!(!sentence.contains("cannot reset their own"), "{sentence}");
        }
        assert!(sentence.ends_with('.'), "{sentence}");
    }
}

#[test]
fn action_plan_has_one_row_per_account_and_rule_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, report) = audit_samples(dir.path());
    let plan = cells(&xlsx, "Action plan");

    // Info findings need no action; repeats for one account are one fix.
    let mut fixes = BTreeSet::new();
    for tenant in tenants(&report) {
        for finding in tenant["findings"].as_array().unwrap() {
            if finding["severity"] != "info" {
                let upn = finding["upn"].as_str().unwrap_or("(tenant)");
                fixes.insert((
                    tenant["name"].as_str().unwrap().to_string(),
                    upn.to_lowercase(),
                    finding["rule"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    let rows: BTreeSet<(String, String, String)> = plan[1..]
        .iter()
        .map(|r| (r[1].clone(), r[2].to_lowercase(), r[4].clone()))
        .collect();

    assert_eq!(plan[0][6..], ["Owner", "Due date", "Status"]);
    assert_eq!(plan.len() - 1, fixes.len());
    assert_eq!(rows, fixes);
    assert_eq!(plan[1][0], "P1", "most urgent first");
    assert!(plan[1..]
        .iter()
        .all(|r| r.len() < 7 || r[6..].iter().all(String::is_empty)));
}

#[test]
fn same_inputs_give_the_same_cells() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, _) = audit_samples(a.path());
    let (second, _) = audit_samples(b.path());
    let names = open_workbook_auto(&first).unwrap().sheet_names();

    assert_eq!(names, open_workbook_auto(&second).unwrap().sheet_names());
    for name in &names {
        assert_eq!(cells(&first, name), cells(&second, name), "{name}");
    }
}

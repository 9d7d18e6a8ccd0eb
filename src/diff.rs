//! Comparing two runs: reads two JSON reports and lists, per tenant, the
//! findings fixed, new and unchanged, so a scheduled audit can report
//! progress (`tenant-audit diff OLD.json NEW.json`).
//!
//! Findings are matched by rule and account (UPN, case-insensitively),
//! not by value: a phone that was retyped but is still invalid is the
//! same finding, unchanged. Only when a rule fires more than once for one
//! account in either run (two malformed alternate emails) does the value
//! tell the findings apart. A tenant found only in the new run counts all
//! its findings as new; one found only in the old run is listed as no
//! longer audited, its findings neither fixed nor new.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::Severity;

/// A JSON report as far as the comparison needs it; other fields are
/// ignored, so reports of older and newer versions can be compared.
#[derive(Clone, Debug, Deserialize)]
pub struct RunReport {
    /// The date the run judged for.
    #[serde(default)]
    pub as_of: Option<String>,
    /// One entry per tenant.
    pub tenants: Vec<RunTenant>,
}

/// One tenant of a JSON report.
#[derive(Clone, Debug, Deserialize)]
pub struct RunTenant {
    /// The tenant's name.
    pub name: String,
    /// Its findings, in report order.
    #[serde(default)]
    pub findings: Vec<RunFinding>,
}

/// One finding of a JSON report.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct RunFinding {
    /// The rule id.
    pub rule: String,
    /// The severity in force in that run.
    pub severity: Severity,
    /// The account; `None` for tenant rules.
    #[serde(default)]
    pub upn: Option<String>,
    /// What was wrong, in words.
    #[serde(default)]
    pub message: String,
    /// The offending value.
    #[serde(default)]
    pub value: Option<String>,
}

/// A report that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct DiffError {
    /// The report's path.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// What changed between two runs.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// The old run's `as_of` date.
    pub old_as_of: Option<String>,
    /// The new run's `as_of` date.
    pub new_as_of: Option<String>,
    /// One entry per tenant of either run, sorted by name.
    pub tenants: Vec<TenantDiff>,
}

/// Whether a tenant is in both runs or only one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TenantStatus {
    /// In both runs: its findings are compared.
    Compared,
    /// Only in the new run: every finding is new.
    Added,
    /// Only in the old run: no longer audited.
    Removed,
}

/// What changed for one tenant.
#[derive(Clone, Debug, Serialize)]
pub struct TenantDiff {
    /// The tenant's name.
    pub name: String,
    /// Whether it is in both runs.
    pub status: TenantStatus,
    /// Findings of the old run that the new run no longer has.
    pub fixed: Vec<RunFinding>,
    /// Findings of the new run that the old run did not have.
    pub new: Vec<RunFinding>,
    /// Findings in both runs.
    pub unchanged: usize,
}

impl Diff {
    /// The number of new findings over every tenant.
    pub fn new_count(&self) -> usize {
        self.tenants.iter().map(|t| t.new.len()).sum()
    }

    /// The number of fixed findings over every tenant.
    pub fn fixed_count(&self) -> usize {
        self.tenants.iter().map(|t| t.fixed.len()).sum()
    }

    /// The number of unchanged findings over every tenant.
    pub fn unchanged_count(&self) -> usize {
        self.tenants.iter().map(|t| t.unchanged).sum()
    }
}

/// Reads the JSON report at `path`.
///
/// # Errors
///
/// The file cannot be read or is not a tenant-audit JSON report.
pub fn load(path: &Path) -> Result<RunReport, DiffError> {
    let error = |message: String| DiffError {
        path: path.to_path_buf(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| error(e.to_string()))?;
    read(io::BufReader::new(file))
        .map_err(|e| error(format!("not a tenant-audit JSON report: {e}")))
}

/// Reads a JSON report from `input`.
///
/// # Errors
///
/// The input is not JSON or lacks the `tenants` list.
pub fn read(input: impl Read) -> Result<RunReport, serde_json::Error> {
    serde_json::from_reader(input)
}

/// Compares two runs, tenant by tenant.
pub fn compare(old: &RunReport, new: &RunReport) -> Diff {
    let by_name = |run: &RunReport| -> BTreeMap<String, Vec<RunFinding>> {
        let mut map: BTreeMap<String, Vec<RunFinding>> = BTreeMap::new();
        for tenant in &run.tenants {
            let findings = map.entry(tenant.name.clone()).or_default();
            findings.extend(tenant.findings.iter().cloned());
        }
        map
    };
    let (old_tenants, new_tenants) = (by_name(old), by_name(new));
    let names: BTreeSet<&String> = old_tenants.keys().chain(new_tenants.keys()).collect();

    // Names come out of a BTreeSet: tenants are in name order.
    let tenants = names
        .into_iter()
        .map(|name| compare_tenant(name, old_tenants.get(name), new_tenants.get(name)))
        .collect();
    Diff {
        old_as_of: old.as_of.clone(),
        new_as_of: new.as_of.clone(),
        tenants,
    }
}

fn compare_tenant(
    name: &str,
    old: Option<&Vec<RunFinding>>,
    new: Option<&Vec<RunFinding>>,
) -> TenantDiff {
    let (status, old, new) = match (old, new) {
        (Some(old), Some(new)) => (TenantStatus::Compared, old.as_slice(), new.as_slice()),
        (None, Some(new)) => (TenantStatus::Added, &[][..], new.as_slice()),
        (Some(_) | None, None) => (TenantStatus::Removed, &[][..], &[][..]),
    };
    let (fixed, new, unchanged) = match_findings(old, new);
    TenantDiff {
        name: name.to_string(),
        status,
        fixed,
        new,
        unchanged,
    }
}

/// The match key of a finding: rule and lowercased UPN, plus the value
/// when `repeated` says the pair fires more than once in either run.
type Key = (String, Option<String>, Option<String>);

/// Splits two lists of findings into (fixed, new, unchanged count). Keys
/// are counted, so two identical findings match two, not one.
fn match_findings(
    old: &[RunFinding],
    new: &[RunFinding],
) -> (Vec<RunFinding>, Vec<RunFinding>, usize) {
    let repeated = repeated_pairs(old, new);
    let key = |f: &RunFinding| -> Key {
        let upn = f.upn.as_deref().map(str::to_lowercase);
        let pair = (f.rule.clone(), upn);
        let value = repeated.contains(&pair).then(|| f.value.clone()).flatten();
        (pair.0, pair.1, value)
    };

    let mut remaining: HashMap<Key, usize> = HashMap::new();
    for finding in old {
        *remaining.entry(key(finding)).or_default() += 1;
    }
    let mut fresh = Vec::new();
    let mut unchanged = 0;
    for finding in new {
        match remaining.get_mut(&key(finding)) {
            Some(left) if *left > 0 => {
                *left -= 1;
                unchanged += 1;
            }
            _ => fresh.push(finding.clone()),
        }
    }

    // Walk the old list again so fixed findings keep the report order.
    let mut fixed = Vec::new();
    for finding in old.iter().rev() {
        if let Some(left) = remaining.get_mut(&key(finding)).filter(|n| **n > 0) {
            *left -= 1;
            fixed.push(finding.clone());
        }
    }
    fixed.reverse();
    (fixed, fresh, unchanged)
}

/// The (rule, UPN) pairs that fire more than once in either list.
fn repeated_pairs(old: &[RunFinding], new: &[RunFinding]) -> BTreeSet<(String, Option<String>)> {
    let mut repeated = BTreeSet::new();
    for list in [old, new] {
        let mut seen = BTreeSet::new();
        for f in list {
            let pair = (f.rule.clone(), f.upn.as_deref().map(str::to_lowercase));
            if !seen.insert(pair.clone()) {
                repeated.insert(pair);
            }
        }
    }
    repeated
}

/// Writes `diff` as JSON followed by a newline.
///
/// # Errors
///
/// Any error writing to `out`.
pub fn write_json(diff: &Diff, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diff)?;
    out.write_all(b"\n")
}

/// Writes `diff` as text for people: per tenant a count line, then one
/// line per fixed and new finding, then the totals.
///
/// # Errors
///
/// Any error writing to `out`.
pub fn write_text(diff: &Diff, out: &mut dyn Write) -> io::Result<()> {
    let date = |d: &Option<String>| d.clone().unwrap_or_else(|| "?".into());
    writeln!(
        out,
        "Comparing the run of {} with the run of {}",
        date(&diff.old_as_of),
        date(&diff.new_as_of)
    )?;
    for tenant in &diff.tenants {
        writeln!(out)?;
        write_tenant(tenant, out)?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "Total: {} fixed, {} new, {} unchanged",
        diff.fixed_count(),
        diff.new_count(),
        diff.unchanged_count()
    )
}

fn write_tenant(tenant: &TenantDiff, out: &mut dyn Write) -> io::Result<()> {
    let counts = format!(
        "{} fixed, {} new, {} unchanged",
        tenant.fixed.len(),
        tenant.new.len(),
        tenant.unchanged
    );
    match tenant.status {
        TenantStatus::Compared => writeln!(out, "{}: {counts}", tenant.name)?,
        TenantStatus::Added => writeln!(out, "{} (new tenant): {counts}", tenant.name)?,
        TenantStatus::Removed => {
            return writeln!(out, "{} (not in the new run)", tenant.name);
        }
    }

    let lines = tenant.fixed.iter().map(|f| ("fixed", f));
    for (what, f) in lines.chain(tenant.new.iter().map(|f| ("new", f))) {
        let upn = f.upn.as_deref().unwrap_or("(tenant)");
        let severity = f.severity.as_str();
        let line = format!("  {what:<5} {severity:<8} {:<30} {upn}", f.rule);
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, upn: Option<&str>, value: Option<&str>) -> RunFinding {
        RunFinding {
            rule: rule.into(),
            severity: Severity::High,
            upn: upn.map(Into::into),
            message: String::new(),
            value: value.map(Into::into),
        }
    }

    fn run(tenants: Vec<(&str, Vec<RunFinding>)>) -> RunReport {
        RunReport {
            as_of: Some("2026-12-03".into()),
            tenants: tenants
                .into_iter()
                .map(|(name, findings)| RunTenant {
                    name: name.into(),
                    findings,
                })
                .collect(),
        }
    }

    #[test]
    fn matches_by_rule_and_upn_whatever_the_value_and_case() {
        let old = run(vec![(
            "contoso",
            vec![
                finding("phone-invalid", Some("Ada@x"), Some("+44 1")),
                finding("phone-missing", Some("bob@x"), None),
                finding("sole-admin", None, None),
            ],
        )]);
        let new = run(vec![(
            "contoso",
            vec![
                finding("phone-invalid", Some("ada@x"), Some("+44 2")),
                finding("phone-shared", Some("bob@x"), Some("+1")),
                finding("sole-admin", None, None),
            ],
        )]);
        let diff = compare(&old, &new);

        let tenant = &diff.tenants[0];
        assert_eq!(tenant.status, TenantStatus::Compared);
        assert_eq!(tenant.unchanged, 2);
        assert_eq!(
            tenant.fixed,
            [finding("phone-missing", Some("bob@x"), None)]
        );
        assert_eq!(
            tenant.new,
            [finding("phone-shared", Some("bob@x"), Some("+1"))]
        );
    }

    #[test]
    fn repeated_rule_for_one_account_is_told_apart_by_value() {
        let old = run(vec![(
            "t",
            vec![finding("alt-email-invalid", Some("a@x"), Some("a@@x"))],
        )]);
        let new = run(vec![(
            "t",
            vec![
                finding("alt-email-invalid", Some("a@x"), Some("a@@x")),
                finding("alt-email-invalid", Some("a@x"), Some("b@@x")),
            ],
        )]);
        let diff = compare(&old, &new);

        assert_eq!(diff.tenants[0].unchanged, 1);
        assert_eq!(diff.tenants[0].new[0].value.as_deref(), Some("b@@x"));
        assert!(diff.tenants[0].fixed.is_empty());
    }

    #[test]
    fn added_tenants_bring_new_findings_and_removed_ones_none() {
        let old = run(vec![("gone", vec![finding("sole-admin", None, None)])]);
        let new = run(vec![("fresh", vec![finding("sole-admin", None, None)])]);
        let diff = compare(&old, &new);

        let names: Vec<(&str, TenantStatus)> = diff
            .tenants
            .iter()
            .map(|t| (t.name.as_str(), t.status))
            .collect();
        assert_eq!(
            names,
            [
                ("fresh", TenantStatus::Added),
                ("gone", TenantStatus::Removed)
            ]
        );
        assert_eq!(diff.new_count(), 1);
        assert_eq!(diff.fixed_count(), 0);
    }

    #[test]
    fn text_lists_fixed_and_new_findings_with_totals() {
        let old = run(vec![(
            "t",
            vec![finding("phone-missing", Some("a@x"), None)],
        )]);
        let new = run(vec![("t", vec![finding("sole-admin", None, None)])]);
        let mut out = Vec::new();
        write_text(&compare(&old, &new), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();

        assert!(text.contains("t: 1 fixed, 1 new, 0 unchanged"), "{text}");
        assert!(text.contains("  fixed high     phone-missing"), "{text}");
        assert!(text.contains("  new   high     sole-admin"), "{text}");
        assert!(
            text.ends_with("Total: 1 fixed, 1 new, 0 unchanged\n"),
            "{text}"
        );
    }

    #[test]
    fn json_has_the_documented_shape() {
        let old = run(vec![(
            "t",
            vec![finding("phone-missing", Some("a@x"), None)],
        )]);
        let mut out = Vec::new();
        write_json(&compare(&old, &old), &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();

        let tenant = &value["tenants"][0];
        assert_eq!(tenant["name"], "t");
        assert_eq!(tenant["status"], "compared");
        assert_eq!(tenant["unchanged"], 1);
        assert_eq!(tenant["fixed"], serde_json::json!([]));
    }

    #[test]
    fn reads_a_report_and_rejects_other_json() {
        let report = r#"{"as_of": "2026-12-03", "tool": {}, "tenants": [
            {"name": "t", "findings": [{"rule": "sole-admin",
             "severity": "critical", "upn": null, "message": "m",
             "value": null, "suggested_fix": null, "source": null}]}]}"#;
        let run = read(report.as_bytes()).unwrap();
        assert_eq!(run.tenants[0].findings[0].severity, Severity::Critical);
        assert!(read(&b"{\"name\": 1}"[..]).is_err());
        assert!(read(&b"not json"[..]).is_err());
    }
}

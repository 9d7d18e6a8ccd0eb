//! The JSON report: the whole [`Report`] as pretty-printed JSON, in the
//! shape documented in `docs` and the output spec. Field names and order
//! come from the report types, so they are the public interface.

use std::io::{self, Write};

use super::Report;

/// Writes `report` as pretty-printed JSON followed by a newline.
///
/// Absent values (`upn` of a tenant finding, `row` of a whole-file issue,
/// `sheet` of a plain file) are written as `null`, never left out, so
/// scripts can rely on every key being present.
///
/// # Errors
///
/// Any error writing to `out`.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Severity;
    use crate::report::{AdminSummary, Finding, InputSummary, NotEvaluated};
    use crate::report::{TenantReport, Tool, Verdict};
    use crate::source::{InputIssue, Origin};
    use serde_json::{json, Value};

    fn sample() -> Report {
        let origin = Origin::file("users.csv");
        let tenant = TenantReport {
            name: "contoso".into(),
            inputs: vec![InputSummary {
                file: "users.csv".into(),
                sheet: None,
                parts: vec!["users"],
                rows: 3,
                rows_rejected: 1,
                sha256: "ab".repeat(32),
            }],
            admins: vec![AdminSummary {
                upn: "ada@contoso.com".into(),
                display_name: None,
                enabled: Some(true),
                roles: vec!["Global Administrator".into()],
                emergency: false,
                service: false,
                effective_phone: Some("+44 7400 123456".into()),
                alternate_email: None,
                usable_methods: 1,
                verdict: Verdict::CannotReset,
            }],
            findings: vec![Finding {
                rule: "sole-admin",
                severity: Severity::Critical,
                upn: None,
                message: "one admin".into(),
                value: None,
                suggested_fix: None,
                source: Some(origin.at(2)),
            }],
            not_evaluated: vec![NotEvaluated {
                rule: "sspr-disabled",
                reason: "no tenant settings in the inputs".into(),
            }],
            input_issues: vec![InputIssue::whole(&origin, "truncated")],
            all_users: false,
        };
        Report {
            tool: Tool::default(),
            profile: "cis".into(),
            as_of: "2026-12-03".into(),
            tenants: vec![tenant],
        }
    }

    fn written(report: &Report) -> String {
        let mut out = Vec::new();
        write(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn top_level_and_tenant_keys_follow_the_spec() {
        let text = written(&sample());
        let value: Value = serde_json::from_str(&text).unwrap();

        assert!(text.ends_with("}\n"));
        assert!(text.starts_with("{\n  \"tool\""), "pretty, in field order");
        assert_eq!(
            value["tool"],
            json!({"name": "tenant-audit", "version": env!("CARGO_PKG_VERSION")})
        );
        assert_eq!(value["profile"], "cis");
        assert_eq!(value["as_of"], "2026-12-03");
        let order = [
            "name",
            "inputs",
            "admins",
            "findings",
            "not_evaluated",
            "input_issues",
        ];
        let mut expected = order.to_vec();
        expected.sort_unstable();
        assert_eq!(keys(&value["tenants"][0]), expected);

        // serde_json's map sorts keys; the text shows the struct order.
        let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
        assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])));
    }

    #[test]
    fn absent_values_are_null_not_missing() {
        let value: Value = serde_json::from_str(&written(&sample())).unwrap();
        let tenant = &value["tenants"][0];

        let finding = &tenant["findings"][0];
        assert!(finding.as_object().unwrap().contains_key("upn"));
        assert_eq!(finding["upn"], Value::Null);
        assert_eq!(finding["value"], Value::Null);
        assert_eq!(finding["severity"], "critical");
        assert_eq!(finding["source"], "users.csv:2");

        let issue = &tenant["input_issues"][0];
        assert_eq!(issue["row"], Value::Null);
        assert_eq!(issue["sheet"], Value::Null);
        assert_eq!(issue["message"], "truncated");
        assert_eq!(tenant["inputs"][0]["sheet"], Value::Null);
        assert_eq!(tenant["inputs"][0]["parts"], json!(["users"]));
    }

    #[test]
    fn admins_carry_every_field() {
        let value: Value = serde_json::from_str(&written(&sample())).unwrap();
        let admin = &value["tenants"][0]["admins"][0];

        assert_eq!(admin["verdict"], "cannot-reset");
        assert_eq!(admin["enabled"], true);
        assert_eq!(admin["display_name"], Value::Null);
        assert_eq!(admin["effective_phone"], "+44 7400 123456");
        assert_eq!(admin["usable_methods"], 1);
        assert_eq!(keys(admin).len(), 10);
    }
}

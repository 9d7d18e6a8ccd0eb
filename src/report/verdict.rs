//! The verdict on one tenant in a sentence, for the top of the workbook's
//! Summary: how many admins cannot reset, how many depend on SMS past
//! its retirement, and what is wrong with the tenant as a whole.

use std::collections::HashSet;

use crate::catalog::{self, Severity};
use crate::report::{TenantReport, Verdict};

/// The tenant's state in plain words, e.g. "2 of 5 admins cannot reset
/// their own password; 3 admins lose self-service reset when SMS and voice
/// retire on 1 Feb 2027; SSPR is switched off."
pub fn sentence(tenant: &TenantReport) -> String {
    let mut clauses = vec![admins_clause(tenant)];
    clauses.extend(sms_clause(tenant));
    clauses.extend(tenant_clauses(tenant));
    // Only low and info findings, and every admin can reset.
    let calm = tenant
        .findings
        .iter()
        .all(|f| f.severity < Severity::Medium);
    if calm && tenant.admins.iter().all(|a| a.verdict == Verdict::Ready) {
        clauses.push("nothing needs urgent action".into());
    }
    let issues = tenant.input_issues.len();
    if issues > 0 {
        clauses.push(format!(
            "{} (see Input issues)",
            plural(issues, "input issue")
        ));
    }

    let mut text = clauses.join("; ");
    if let Some(first) = text.get(..1) {
        text = format!("{}{}", first.to_uppercase(), text.get(1..).unwrap_or(""));
    }
    text.push('.');
    text
}

/// "2 of 5 admins cannot reset their own password and 1 is at risk", with
/// the one-admin and no-admin cases worded for themselves.
fn admins_clause(tenant: &TenantReport) -> String {
    let total = tenant.admins.len();
    let count = |v: Verdict| tenant.admins.iter().filter(|a| a.verdict == v).count();
    let (cannot, at_risk) = (count(Verdict::CannotReset), count(Verdict::AtRisk));
    let who = noun(tenant);

    match (total, cannot, at_risk) {
        (0, _, _) => format!("no {who}s found in the inputs"),
        (1, 1, _) => format!("the only {who} cannot reset their own password"),
        (1, _, 1) => format!("the only {who} can reset their own password but is at risk"),
        (1, _, _) => format!("the only {who} can reset their own password"),
        (_, 0, 0) => format!("all {total} {who}s can reset their own password"),
        (_, 0, _) => format!(
            "every {who} can reset their own password; {at_risk} of {total} {} at risk",
            is_are(at_risk)
        ),
        (_, _, 0) => format!("{cannot} of {total} {who}s cannot reset their own password"),
        _ => format!(
            "{cannot} of {total} {who}s cannot reset their own password and {at_risk} {} at risk",
            is_are(at_risk)
        ),
    }
}

/// Who the tenant's accounts are: its admins, or with `--all-users` its
/// users (admins among them).
fn noun(tenant: &TenantReport) -> &'static str {
    if tenant.all_users {
        "user"
    } else {
        "admin"
    }
}

/// "3 admins lose self-service reset when SMS and voice retire on 1 Feb
/// 2027", counting each account once however often the rule fired.
fn sms_clause(tenant: &TenantReport) -> Option<String> {
    let upns: HashSet<String> = tenant
        .findings
        .iter()
        .filter(|f| f.rule == catalog::SMS_RETIREMENT_DEPENDENT)
        .filter_map(|f| f.upn.as_deref().map(str::to_lowercase))
        .collect();
    let n = upns.len();
    let date = crate::rules::sms_retirement().format("%-d %b %Y");
    (n > 0).then(|| {
        let verb = if n == 1 { "loses" } else { "lose" };
        format!(
            "{} {verb} self-service reset when SMS and voice retire on {date}",
            plural(n, noun(tenant))
        )
    })
}

/// One clause per tenant rule that fired, in report order.
fn tenant_clauses(tenant: &TenantReport) -> Vec<String> {
    let clause = |rule: &str| match rule {
        catalog::SSPR_DISABLED => Some("SSPR is switched off"),
        catalog::NO_ENABLED_ADMIN => Some(
            "no enabled Global or Privileged Authentication Administrator \
             can reset a Global Administrator's password",
        ),
        catalog::SOLE_ADMIN => Some("only one admin can reset a Global Administrator's password"),
        catalog::SOLE_RECOVERABLE_ADMIN => Some(
            "of the admins who can reset a Global Administrator's \
             password, only one can reset their own",
        ),
        catalog::GLOBAL_ADMIN_COUNT => {
            Some("the number of Global Administrators is outside the profile")
        }
        _ => None,
    };
    tenant
        .findings
        .iter()
        .filter(|f| f.upn.is_none())
        .filter_map(|f| clause(f.rule))
        .map(String::from)
        .collect()
}

/// "1 admin", "3 admins".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn is_are(n: usize) -> &'static str {
    if n == 1 {
        "is"
    } else {
        "are"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{AdminSummary, Finding};

    fn admin(upn: &str, verdict: Verdict) -> AdminSummary {
        AdminSummary {
            upn: upn.into(),
            display_name: None,
            enabled: Some(true),
            roles: vec![],
            emergency: false,
            service: false,
            effective_phone: None,
            alternate_email: None,
            usable_methods: 0,
            verdict,
        }
    }

    fn finding(rule: &'static str, upn: Option<&str>) -> Finding {
        Finding {
            rule,
            severity: Severity::High,
            upn: upn.map(Into::into),
            message: "".into(),
            value: None,
            suggested_fix: None,
            source: None,
        }
    }

    /// A tenant with one admin per verdict given, `findings` and
    /// `issues` input issues.
    fn tenant(verdicts: &[Verdict], findings: Vec<Finding>, issues: usize) -> TenantReport {
        let origin = crate::source::Origin::file("users.csv");
        TenantReport {
            name: "contoso".into(),
            admins: (0..)
                .zip(verdicts)
                .map(|(i, v)| admin(&format!("a{i}"), *v))
                .collect(),
            findings,
            input_issues: (0..issues)
                .map(|_| crate::source::InputIssue::at(&origin, 2, None, "odd"))
                .collect(),
            ..TenantReport::default()
        }
    }

    use Verdict::{AtRisk, CannotReset, Ready};

    #[test]
    fn counts_locked_out_admins_sms_dependence_and_tenant_rules() {
        let findings = vec![
            finding("sspr-disabled", None),
            finding("sms-retirement-dependent", Some("c")),
            finding("sms-retirement-dependent", Some("C")),
            finding("sms-retirement-dependent", Some("d")),
        ];
        let verdicts = [CannotReset, CannotReset, AtRisk, Ready, Ready];
        assert_eq!(
            sentence(&tenant(&verdicts, findings, 0)),
            "2 of 5 admins cannot reset their own password and 1 is at risk; \
             2 admins lose self-service reset when SMS and voice retire on \
             1 Feb 2027; SSPR is switched off."
        );
    }

    #[test]
    fn one_admin_and_one_input_issue_read_in_the_singular() {
        let sms = || vec![finding("sms-retirement-dependent", Some("a0"))];
        assert_eq!(
            sentence(&tenant(
                &[CannotReset],
                vec![finding("sole-admin", None)],
                1
            )),
            "The only admin cannot reset their own password; only one admin can \
             reset a Global Administrator's password; 1 input issue (see Input issues)."
        );
        assert_eq!(
            sentence(&tenant(&[AtRisk], sms(), 0)),
            "The only admin can reset their own password but is at risk; 1 admin \
             loses self-service reset when SMS and voice retire on 1 Feb 2027."
        );
        assert_eq!(
            sentence(&tenant(&[Ready], vec![], 0)),
            "The only admin can reset their own password; nothing needs urgent action."
        );
    }

    #[test]
    fn several_at_risk_or_issues_read_in_the_plural() {
        let verdicts = [AtRisk, AtRisk, Ready];
        assert_eq!(
            sentence(&tenant(
                &verdicts,
                vec![finding("phone-invalid", Some("a0"))],
                2
            )),
            "Every admin can reset their own password; 2 of 3 are at risk; \
             2 input issues (see Input issues)."
        );
        assert_eq!(
            sentence(&tenant(&[CannotReset, CannotReset, CannotReset], vec![], 0)),
            "3 of 3 admins cannot reset their own password."
        );
    }

    #[test]
    fn a_clean_tenant_reads_as_clean() {
        assert_eq!(
            sentence(&tenant(&[Ready, Ready], vec![], 0)),
            "All 2 admins can reset their own password; nothing needs urgent action."
        );
        assert_eq!(
            sentence(&TenantReport::default()),
            "No admins found in the inputs; nothing needs urgent action."
        );
    }

    #[test]
    fn low_findings_need_no_urgent_action() {
        let mut low = finding("phone-line-unverified", Some("a0"));
        low.severity = Severity::Low;
        assert_eq!(
            sentence(&tenant(&[Ready], vec![low], 0)),
            "The only admin can reset their own password; nothing needs urgent action."
        );
    }

    #[test]
    fn every_user_audited_is_counted_as_users() {
        let findings = vec![finding("sms-retirement-dependent", Some("a1"))];
        let mut users = tenant(&[Ready, CannotReset, AtRisk], findings, 0);
        users.all_users = true;
        assert_eq!(
            sentence(&users),
            "1 of 3 users cannot reset their own password and 1 is at risk; \
             1 user loses self-service reset when SMS and voice retire on 1 Feb 2027."
        );
    }
}

//! The verdict on one tenant in a sentence, for the top of the workbook's
//! Summary: how many admins cannot reset, how many depend on SMS past
//! its retirement, and what is wrong with the tenant as a whole.

use std::collections::HashSet;

use crate::catalog;
use crate::report::{TenantReport, Verdict};

/// The tenant's state in plain words, e.g. "2 of 5 admins cannot reset
/// their password; 3 admins depend on SMS or voice, which retire on 1
/// Feb 2027; SSPR is switched off."
pub fn sentence(tenant: &TenantReport) -> String {
    let mut clauses = vec![admins_clause(tenant)];
    clauses.extend(sms_clause(tenant));
    clauses.extend(tenant_clauses(tenant));
    if tenant
        .findings
        .iter()
        .all(|f| f.severity < catalog::Severity::Medium)
    {
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

/// "2 of 5 admins cannot reset their password and 1 is at risk".
fn admins_clause(tenant: &TenantReport) -> String {
    let total = tenant.admins.len();
    let count = |v: Verdict| tenant.admins.iter().filter(|a| a.verdict == v).count();
    let (cannot, at_risk) = (count(Verdict::CannotReset), count(Verdict::AtRisk));

    let head = match (total, cannot) {
        (0, _) => return "no admins found in the inputs".into(),
        (1, 1) => "the only admin cannot reset their password".into(),
        (_, 0) if at_risk == 0 => return format!("all {} can reset", plural(total, "admin")),
        (_, 0) => format!("no admin of {total} is locked out"),
        _ => format!(
            "{cannot} of {} cannot reset their password",
            plural(total, "admin")
        ),
    };
    match at_risk {
        0 => head,
        _ => format!("{head} and {at_risk} {} at risk", is_are(at_risk)),
    }
}

/// "3 admins depend on SMS or voice, which retire on 1 Feb 2027".
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
        let verb = if n == 1 { "depends" } else { "depend" };
        format!(
            "{} {verb} on SMS or voice, which retire on {date}",
            plural(n, "admin")
        )
    })
}

/// One clause per tenant rule that fired, in report order.
fn tenant_clauses(tenant: &TenantReport) -> Vec<String> {
    let clause = |rule: &str| match rule {
        catalog::SSPR_DISABLED => Some("SSPR is switched off"),
        catalog::NO_ENABLED_ADMIN => Some("no enabled admin can reset Global Administrators"),
        catalog::SOLE_ADMIN => Some("only one admin can reset Global Administrators"),
        catalog::SOLE_RECOVERABLE_ADMIN => {
            Some("only one admin who can reset Global Administrators can reset their own")
        }
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
    use crate::catalog::Severity;
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
            message: String::new(),
            value: None,
            suggested_fix: None,
            source: None,
        }
    }

    #[test]
    fn counts_locked_out_admins_sms_dependence_and_tenant_rules() {
        let tenant = TenantReport {
            name: "contoso".into(),
            admins: vec![
                admin("a", Verdict::CannotReset),
                admin("b", Verdict::CannotReset),
                admin("c", Verdict::AtRisk),
                admin("d", Verdict::Ready),
                admin("e", Verdict::Ready),
            ],
            findings: vec![
                finding("sspr-disabled", None),
                finding("sms-retirement-dependent", Some("c")),
                finding("sms-retirement-dependent", Some("C")),
                finding("sms-retirement-dependent", Some("d")),
            ],
            ..TenantReport::default()
        };
        assert_eq!(
            sentence(&tenant),
            "2 of 5 admins cannot reset their password and 1 is at risk; \
             2 admins depend on SMS or voice, which retire on 1 Feb 2027; \
             SSPR is switched off."
        );
    }

    #[test]
    fn a_clean_tenant_reads_as_clean() {
        let tenant = TenantReport {
            admins: vec![admin("a", Verdict::Ready), admin("b", Verdict::Ready)],
            ..TenantReport::default()
        };
        assert_eq!(
            sentence(&tenant),
            "All 2 admins can reset; nothing needs urgent action."
        );
        assert_eq!(
            sentence(&TenantReport::default()),
            "No admins found in the inputs; nothing needs urgent action."
        );
    }
}

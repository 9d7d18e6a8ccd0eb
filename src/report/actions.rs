//! The workbook's `Action plan`: one fix per (tenant, account, rule), in
//! plain words, most urgent first, and the link from a rule id to its
//! section of the rule reference.
//!
//! Info findings need no action (see [`Severity::Info`]), so they are
//! left out of the plan; they stay on the `Findings` sheet.

use crate::catalog::{self, Severity};
use crate::report::{Finding, Report};
use crate::values::lowercase;
use std::borrow::Cow;

/// Where the rule reference lives. Each rule has a section there whose
/// heading anchor is the rule id, so `RULE_DOCS_URL` followed by the id
/// opens that rule's section.
pub const RULE_DOCS_URL: &str =
    "https://github.com/tenant-audit/tenant-audit/blob/main/docs/rules.md#";

/// The address of `rule`'s section of the rule reference.
pub fn rule_url(rule: &str) -> String {
    format!("{RULE_DOCS_URL}{rule}")
}

/// One row of the action plan: a finding of one tenant, standing for
/// every finding of the same rule for the same account.
#[derive(Clone, Copy, Debug)]
pub struct Action<'r> {
    /// The tenant's name.
    pub tenant: &'r str,
    /// The first (most severe) finding of its group.
    pub finding: &'r Finding,
}

impl Action<'_> {
    /// The fix in words.
    pub fn text(&self) -> Cow<'static, str> {
        action_text(self.finding)
    }
}

/// Every action of `report`: findings of severity low and above,
/// one per (tenant, account, rule), sorted by severity (critical first),
/// tenant, account and rule.
///
/// A rule that fires several times for one account (two malformed
/// alternate emails) is one fix, so only its first finding is kept; the
/// report's order puts the most severe first.
pub fn actions(report: &Report) -> Vec<Action<'_>> {
    let mut actions: Vec<Action<'_>> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for tenant in &report.tenants {
        seen.clear();
        for finding in &tenant.findings {
            let upn = finding.upn.as_deref().map(lowercase);
            let fresh = seen.insert((upn, finding.rule));
            if fresh && finding.severity > Severity::Info {
                actions.push(Action {
                    tenant: &tenant.name,
                    finding,
                });
            }
        }
    }

    // Equal keys keep the report's deterministic order.
    let order = crate::report::order_by(&actions, |x| {
        let upn = x.finding.upn.as_deref().map(lowercase);
        let severity = std::cmp::Reverse(x.finding.severity);
        (severity, x.tenant, upn, x.finding.rule)
    });
    crate::report::put_in_order(&mut actions, &order);
    actions
}

/// The priority a reviewer works in: P1 for critical down to P4 for low.
pub fn priority(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "P1",
        Severity::High => "P2",
        Severity::Medium => "P3",
        Severity::Low => "P4",
        Severity::Info => "P5",
    }
}

/// The fix for `finding` in plain words, with the suggested value when
/// the tool knows it. The account is not named: the plan shows it in its
/// own column, and a shorter text stays on one line.
pub fn action_text(finding: &Finding) -> Cow<'static, str> {
    let text = admin_action(finding.rule)
        .or_else(|| tenant_action(finding.rule))
        .map_or_else(
            || Cow::Owned(format!("Resolve {}", finding.rule)),
            Cow::Borrowed,
        );
    match finding.suggested_fix.as_deref() {
        Some(fix) if !fix.is_empty() => Cow::Owned(format!("{text} (suggested: {fix})")),
        _ => text,
    }
}

/// The fix for a per-admin rule.
fn admin_action(rule: &str) -> Option<&'static str> {
    use catalog::*;
    let text = match rule {
        ALT_EMAIL_MISSING => "Set an alternate email outside the tenant",
        ALT_EMAIL_INVALID => "Correct the alternate email to a valid address",
        ALT_EMAIL_INTERNAL => "Replace the alternate email with one outside the tenant",
        PHONE_MISSING => "Register a mobile phone that can receive texts",
        PHONE_NO_COUNTRY_CODE => "Add the + and the country code to the phone number",
        PHONE_TRUNK_PREFIX => "Remove the trunk prefix (0) after the country code",
        PHONE_INVALID => "Correct the phone number",
        PHONE_NOT_MOBILE | PHONE_VOIP | PHONE_CARRIER_UNSUPPORTED => {
            "Replace the phone with a mobile number of a wireless carrier"
        }
        PHONE_LINE_UNVERIFIED => "Confirm that the phone is a mobile line",
        PHONE_SMS_OPT_IN_REGION => "Opt the tenant in to texts for the phone's country",
        PHONE_EXTENSION => "Remove the extension from the phone number",
        PHONE_SHARED => "Give the admin a phone no other admin uses",
        VALUE_NOT_EXPORTED => "Re-export the users with joined values",
        SSPR_NOT_REGISTERED => "Have the admin register for self-service password reset",
        RECOVERY_METHODS_INSUFFICIENT => "Register two usable reset methods",
        SMS_RETIREMENT_DEPENDENT => "Register the authenticator app or an alternate email",
        ADMIN_DISABLED => "Remove the roles of the disabled account",
        ADMIN_NOT_IN_DIRECTORY => "Remove the role assignments of the missing account",
        _ => return None,
    };
    Some(text)
}

/// The fix for a tenant rule.
fn tenant_action(rule: &str) -> Option<&'static str> {
    use catalog::*;
    let text = match rule {
        SSPR_DISABLED => "Switch self-service password reset on for the tenant",
        NO_ENABLED_ADMIN => "Assign Global Administrator to two enabled accounts",
        SOLE_ADMIN => "Add a second admin who can reset Global Administrators",
        SOLE_RECOVERABLE_ADMIN => {
            "Make a second reset-capable admin able to reset their own password"
        }
        GLOBAL_ADMIN_COUNT => "Bring the number of Global Administrators within the profile",
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::TenantReport;

    fn finding(rule: &'static str, severity: Severity, upn: Option<&str>) -> Finding {
        Finding {
            rule,
            severity,
            upn: upn.map(Into::into),
            message: "".into(),
            value: None,
            suggested_fix: None,
            source: None,
        }
    }

    fn report(tenants: Vec<(&str, Vec<Finding>)>) -> Report {
        Report {
            tool: crate::report::Tool::default(),
            profile: "cis".into(),
            as_of: "2026-12-03".into(),
            tenants: tenants
                .into_iter()
                .map(|(name, findings)| TenantReport {
                    name: name.into(),
                    findings,
                    ..TenantReport::default()
                })
                .collect(),
        }
    }

    #[test]
    fn every_catalog_rule_has_its_own_action() {
        for rule in catalog::RULES {
            let text = action_text(&finding(rule.id, rule.severity, Some("ada@x")));
            assert!(!text.starts_with("Resolve"), "{} has no action", rule.id);
        }
    }

    #[test]
    fn action_ends_with_the_suggested_value() {
        let mut f = finding(catalog::PHONE_TRUNK_PREFIX, Severity::High, Some("ken@x"));
        f.suggested_fix = Some("+81 9012345678".into());
        assert_eq!(
            action_text(&f),
            "Remove the trunk prefix (0) after the country code \
             (suggested: +81 9012345678)"
        );
        let missing = finding(catalog::ALT_EMAIL_MISSING, Severity::High, Some("ada@x"));
        assert_eq!(
            action_text(&missing),
            "Set an alternate email outside the tenant"
        );
    }

    #[test]
    fn actions_group_repeats_drop_info_and_sort_by_severity() {
        let report = report(vec![
            (
                "b",
                vec![
                    finding("alt-email-invalid", Severity::High, Some("Ada@x")),
                    finding("alt-email-invalid", Severity::High, Some("ada@x")),
                    finding("admin-disabled", Severity::Info, Some("cy@x")),
                ],
            ),
            ("c", vec![finding("sole-admin", Severity::Critical, None)]),
        ]);
        let actions = actions(&report);

        let rows: Vec<(&str, &str)> = actions.iter().map(|a| (a.tenant, a.finding.rule)).collect();
        assert_eq!(rows, [("c", "sole-admin"), ("b", "alt-email-invalid")]);
        assert_eq!(priority(actions[0].finding.severity), "P1");
    }

    #[test]
    fn rule_url_points_at_the_rule_anchor() {
        assert_eq!(
            rule_url("sole-admin"),
            "https://github.com/tenant-audit/tenant-audit/blob/main/docs/rules.md#sole-admin"
        );
    }
}

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
use std::cmp::Reverse;

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
    use rayon::prelude::*;

    let per_tenant: Vec<Vec<Action<'_>>> = report
        .tenants
        .par_iter()
        .map(|tenant| {
            let mut seen: foldhash::HashSet<(Option<Cow<'_, str>>, &str)> = Default::default();
            let firsts = tenant.findings.iter().filter(|finding| {
                let upn = finding.upn.as_deref().map(lowercase);
                seen.insert((upn, finding.rule))
            });
            let urgent = firsts.filter(|finding| finding.severity > Severity::Info);
            let action = |finding| Action {
                tenant: &tenant.name,
                finding,
            };
            urgent.map(action).collect()
        })
        .collect();

    // A report in its order (tenants by name, each tenant's findings by
    // severity, account and rule) gives the actions in theirs once they are
    // taken severity by severity; any other report is sorted.
    let mut actions = Vec::with_capacity(per_tenant.iter().map(Vec::len).sum());
    for severity in &Severity::ALL {
        for tenant in &per_tenant {
            actions.extend(tenant.iter().filter(|x| x.finding.severity == *severity));
        }
    }
    if !actions
        .windows(2)
        .all(|w| plan_key(&w[0]) < plan_key(&w[1]))
    {
        let order = crate::report::order_by(&actions, plan_key);
        crate::report::put_in_order(&mut actions, order);
    }
    actions
}

/// The action plan's order: severity (critical first), tenant, account,
/// rule.
fn plan_key<'r>(x: &Action<'r>) -> (Reverse<Severity>, &'r str, Option<Cow<'r, str>>, &'r str) {
    let upn = x.finding.upn.as_deref().map(lowercase);
    (Reverse(x.finding.severity), x.tenant, upn, x.finding.rule)
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
    fn actions_are_in_plan_order_whether_or_not_the_report_is() {
        let tenants = || {
            vec![
                (
                    "a",
                    vec![
                        finding("sole-admin", Severity::Critical, None),
                        finding("phone-missing", Severity::High, Some("bo@x")),
                        finding("alt-email-missing", Severity::Medium, Some("al@x")),
                    ],
                ),
                (
                    "b",
                    vec![
                        finding("phone-missing", Severity::Critical, Some("cy@x")),
                        finding("alt-email-missing", Severity::High, Some("al@x")),
                    ],
                ),
            ]
        };
        let expected = [
            ("a", "sole-admin"),
            ("b", "phone-missing"),
            ("a", "phone-missing"),
            ("b", "alt-email-missing"),
            ("a", "alt-email-missing"),
        ];
        let rows = |report: &Report| -> Vec<(String, &'static str)> {
            let found = actions(report);
            let row = |a: &Action<'_>| (a.tenant.to_string(), a.finding.rule);
            found.iter().map(row).collect()
        };
        let expected: Vec<(String, &str)> =
            expected.iter().map(|(t, r)| (t.to_string(), *r)).collect();

        let sorted = report(tenants());
        assert_eq!(rows(&sorted), expected);

        // Tenants and findings out of order: the plan is sorted anyway.
        let mut shuffled = tenants();
        shuffled.reverse();
        for (_, findings) in &mut shuffled {
            findings.reverse();
        }
        assert_eq!(rows(&report(shuffled)), expected);
    }

    #[test]
    fn rule_url_points_at_the_rule_anchor() {
        assert_eq!(
            rule_url("sole-admin"),
            "https://github.com/tenant-audit/tenant-audit/blob/main/docs/rules.md#sole-admin"
        );
    }
}

//! The rule catalog: every rule id, its default severity and what it
//! checks. Rule ids are a public interface (users filter, silence and diff
//! on them), so an id never changes once released.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How much a finding matters. Ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; no action needed.
    Info,
    /// A weakness to fix when convenient.
    Low,
    /// A weakness that makes a reset harder.
    Medium,
    /// A reset is likely to fail.
    High,
    /// A reset cannot succeed, or nobody can reset.
    Critical,
}

impl Severity {
    /// Every severity, most severe first: the order reports sort by.
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The lowercase name used in JSON, CSV and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Severity, String> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown severity `{s}`; expected one of critical, high, \
                     medium, low, info"
                )
            })
    }
}

/// Whether a rule judges one account or the whole tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Fires per admin (or per user with `--all-users`).
    Admin,
    /// Fires once per tenant.
    Tenant,
}

/// One entry of the rule catalog.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The public rule id.
    pub id: &'static str,
    /// The severity a finding gets unless configuration overrides it.
    pub severity: Severity,
    /// Whether it judges an account or the tenant.
    pub scope: Scope,
    /// One line: when the rule fires.
    pub summary: &'static str,
}

const fn rule(id: &'static str, severity: Severity, scope: Scope, summary: &'static str) -> Rule {
    Rule {
        id,
        severity,
        scope,
        summary,
    }
}

use Scope::{Admin, Tenant};
use Severity::{Critical, High, Info, Low, Medium};

/// Every rule, in the order of the rule reference.
pub const RULES: &[Rule] = &[
    rule(ALT_EMAIL_MISSING, High, Admin, "no alternate email is set"),
    rule(
        ALT_EMAIL_INVALID,
        High,
        Admin,
        "an alternate email is not a well-formed address",
    ),
    rule(
        ALT_EMAIL_INTERNAL,
        Medium,
        Admin,
        "every alternate email is the admin's own or in a tenant domain",
    ),
    rule(PHONE_MISSING, High, Admin, "no effective phone is set"),
    rule(
        PHONE_NO_COUNTRY_CODE,
        High,
        Admin,
        "the effective phone has no + and country code",
    ),
    rule(
        PHONE_TRUNK_PREFIX,
        High,
        Admin,
        "the national trunk prefix follows the country code (+81 090...)",
    ),
    rule(
        PHONE_INVALID,
        High,
        Admin,
        "the effective phone is not a valid number for its country",
    ),
    rule(
        PHONE_NOT_MOBILE,
        High,
        Admin,
        "the line cannot receive texts (fixed line, toll free, ...)",
    ),
    rule(PHONE_VOIP, High, Admin, "the number is a VoIP line"),
    rule(
        PHONE_CARRIER_UNSUPPORTED,
        High,
        Admin,
        "a carrier lookup names a non-wireless SMS provider (Google Voice...)",
    ),
    rule(
        PHONE_LINE_UNVERIFIED,
        Info,
        Admin,
        "the numbering plan cannot tell mobile from fixed line; no lookup",
    ),
    rule(
        PHONE_SMS_OPT_IN_REGION,
        Low,
        Admin,
        "texts reach this country code only after the tenant opts in",
    ),
    rule(
        PHONE_EXTENSION,
        Low,
        Admin,
        "the effective phone carries an extension, which SSPR drops",
    ),
    rule(
        PHONE_SHARED,
        Medium,
        Admin,
        "the same effective phone belongs to more than one admin",
    ),
    rule(
        VALUE_NOT_EXPORTED,
        High,
        Admin,
        "a cell holds a PowerShell type name instead of data",
    ),
    rule(
        SSPR_NOT_REGISTERED,
        High,
        Admin,
        "the registration report says not SSPR registered or capable",
    ),
    rule(
        RECOVERY_METHODS_INSUFFICIENT,
        Critical,
        Admin,
        "fewer than two usable methods: the two-gate reset cannot succeed",
    ),
    rule(
        SMS_RETIREMENT_DEPENDENT,
        High,
        Admin,
        "reset depends on SMS or voice, which retire on 2027-02-01",
    ),
    rule(
        ADMIN_DISABLED,
        Info,
        Admin,
        "the admin's account is disabled or blocked from sign-in",
    ),
    rule(
        ADMIN_NOT_IN_DIRECTORY,
        Medium,
        Admin,
        "a role assignment names a user that no user input contains",
    ),
    rule(
        SSPR_DISABLED,
        Critical,
        Tenant,
        "tenant settings say SSPR is off",
    ),
    rule(
        NO_ENABLED_ADMIN,
        Critical,
        Tenant,
        "no reset-capable admin exists",
    ),
    rule(
        SOLE_ADMIN,
        Critical,
        Tenant,
        "exactly one reset-capable admin exists",
    ),
    rule(
        SOLE_RECOVERABLE_ADMIN,
        High,
        Tenant,
        "at most one reset-capable admin can complete a reset",
    ),
    rule(
        GLOBAL_ADMIN_COUNT,
        Medium,
        Tenant,
        "the number of enabled Global Administrators is outside the bounds",
    ),
];

/// Rule id `alt-email-missing`.
pub const ALT_EMAIL_MISSING: &str = "alt-email-missing";
/// Rule id `alt-email-invalid`.
pub const ALT_EMAIL_INVALID: &str = "alt-email-invalid";
/// Rule id `alt-email-internal`.
pub const ALT_EMAIL_INTERNAL: &str = "alt-email-internal";
/// Rule id `phone-missing`.
pub const PHONE_MISSING: &str = "phone-missing";
/// Rule id `phone-no-country-code`.
pub const PHONE_NO_COUNTRY_CODE: &str = "phone-no-country-code";
/// Rule id `phone-trunk-prefix`.
pub const PHONE_TRUNK_PREFIX: &str = "phone-trunk-prefix";
/// Rule id `phone-invalid`.
pub const PHONE_INVALID: &str = "phone-invalid";
/// Rule id `phone-not-mobile`.
pub const PHONE_NOT_MOBILE: &str = "phone-not-mobile";
/// Rule id `phone-voip`.
pub const PHONE_VOIP: &str = "phone-voip";
/// Rule id `phone-carrier-unsupported`.
pub const PHONE_CARRIER_UNSUPPORTED: &str = "phone-carrier-unsupported";
/// Rule id `phone-line-unverified`.
pub const PHONE_LINE_UNVERIFIED: &str = "phone-line-unverified";
/// Rule id `phone-sms-opt-in-region`.
pub const PHONE_SMS_OPT_IN_REGION: &str = "phone-sms-opt-in-region";
/// Rule id `phone-extension`.
pub const PHONE_EXTENSION: &str = "phone-extension";
/// Rule id `phone-shared`.
pub const PHONE_SHARED: &str = "phone-shared";
/// Rule id `value-not-exported`.
pub const VALUE_NOT_EXPORTED: &str = "value-not-exported";
/// Rule id `sspr-not-registered`.
pub const SSPR_NOT_REGISTERED: &str = "sspr-not-registered";
/// Rule id `recovery-methods-insufficient`.
pub const RECOVERY_METHODS_INSUFFICIENT: &str = "recovery-methods-insufficient";
/// Rule id `sms-retirement-dependent`.
pub const SMS_RETIREMENT_DEPENDENT: &str = "sms-retirement-dependent";
/// Rule id `admin-disabled`.
pub const ADMIN_DISABLED: &str = "admin-disabled";
/// Rule id `admin-not-in-directory`.
pub const ADMIN_NOT_IN_DIRECTORY: &str = "admin-not-in-directory";
/// Rule id `sspr-disabled`.
pub const SSPR_DISABLED: &str = "sspr-disabled";
/// Rule id `no-enabled-admin`.
pub const NO_ENABLED_ADMIN: &str = "no-enabled-admin";
/// Rule id `sole-admin`.
pub const SOLE_ADMIN: &str = "sole-admin";
/// Rule id `sole-recoverable-admin`.
pub const SOLE_RECOVERABLE_ADMIN: &str = "sole-recoverable-admin";
/// Rule id `global-admin-count`.
pub const GLOBAL_ADMIN_COUNT: &str = "global-admin-count";

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for id in ids {
            assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }

    #[test]
    fn severities_parse_in_any_case() {
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("urgent".parse::<Severity>().is_err());
        assert!(Severity::Critical > Severity::High);
    }
}

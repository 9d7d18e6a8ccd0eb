//! Running the rules of `rules.md` over a tenant model: who is an admin,
//! the contact rules per admin (see [`contact`]), the tenant rules, the
//! verdict per admin and the rules that could not be evaluated.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::catalog::{self, Scope, Severity};
use crate::model::{Account, Assignment, PrincipalKind, Tenant};
use crate::report::{AdminSummary, Finding, NotEvaluated, Verdict};
use crate::roles;

pub mod contact;

/// The day Microsoft retires its own SMS and voice delivery in Entra.
pub fn sms_retirement() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, 1).unwrap_or_default()
}

/// Bounds for `global-admin-count`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// `cis`, `cisa` or `custom`.
    pub name: String,
    /// Fewest enabled Global Administrators that pass.
    pub min: u32,
    /// Most enabled Global Administrators that pass.
    pub max: u32,
}

impl Profile {
    /// CIS benchmark bounds (2 to 4), also Microsoft's advice of more than
    /// one and fewer than five.
    pub fn cis() -> Profile {
        Profile {
            name: "cis".into(),
            min: 2,
            max: 4,
        }
    }

    /// CISA SCuBA bounds (2 to 8).
    pub fn cisa() -> Profile {
        Profile {
            name: "cisa".into(),
            min: 2,
            max: 8,
        }
    }

    /// A named profile.
    ///
    /// # Errors
    ///
    /// When the name is neither `cis` nor `cisa`.
    pub fn named(name: &str) -> Result<Profile, String> {
        match name.trim().to_lowercase().as_str() {
            "cis" => Ok(Profile::cis()),
            "cisa" => Ok(Profile::cisa()),
            other => Err(format!("unknown profile `{other}`; expected cis or cisa")),
        }
    }
}

/// What the rules need to know besides the tenant.
#[derive(Clone, Debug)]
pub struct RuleSettings {
    /// Bounds for `global-admin-count`.
    pub profile: Profile,
    /// Declared break-glass accounts, lowercase UPNs.
    pub emergency: BTreeSet<String>,
    /// Run the contact rules for every enabled user.
    pub all_users: bool,
    /// The date the audit judges for.
    pub as_of: NaiveDate,
    /// The tenant has a customer-managed SMS/voice provider.
    pub telecom_provider: bool,
    /// Carrier names to treat as non-wireless SMS providers, besides the
    /// built-in ones.
    pub extra_carriers: Vec<String>,
    /// Severities that replace the defaults, by rule id.
    pub severity: HashMap<String, Severity>,
    /// Rules turned off, by id.
    pub disabled: BTreeSet<String>,
}

impl Default for RuleSettings {
    fn default() -> RuleSettings {
        RuleSettings {
            profile: Profile::cis(),
            emergency: BTreeSet::new(),
            all_users: false,
            as_of: chrono::Local::now().date_naive(),
            telecom_provider: false,
            extra_carriers: Vec::new(),
            severity: HashMap::new(),
            disabled: BTreeSet::new(),
        }
    }
}

impl RuleSettings {
    /// Whether SMS and voice still reach admins on the audit date.
    pub fn phones_count(&self) -> bool {
        self.telecom_provider || self.as_of < sms_retirement()
    }

    /// A finding of `rule` with the severity in force, or `None` when the
    /// rule is turned off.
    pub fn finding(&self, rule: &'static str, upn: Option<&str>) -> Option<Finding> {
        // Most runs configure nothing: skip hashing the id for empty maps.
        if !self.disabled.is_empty() && self.disabled.contains(rule) {
            return None;
        }
        let default = catalog::find(rule).map_or(Severity::Info, |r| r.severity);
        let configured = (!self.severity.is_empty())
            .then(|| self.severity.get(rule).copied())
            .flatten();
        let severity = configured.unwrap_or(default);
        Some(Finding {
            rule,
            severity,
            upn: upn.map(str::to_string),
            message: Cow::Borrowed(""),
            value: None,
            suggested_fix: None,
            source: None,
        })
    }
}

/// What the rules found in one tenant.
#[derive(Debug, Default)]
pub struct Audit {
    /// Every admin (and audited user), with roles and verdict.
    pub admins: Vec<AdminSummary>,
    /// Every finding, unsorted.
    pub findings: Vec<Finding>,
    /// Rules that could not run, with the reason.
    pub not_evaluated: Vec<NotEvaluated>,
}

/// One account in the audit's scope, with what its roles make of it.
#[derive(Debug)]
pub struct Person<'t> {
    /// The joined account.
    pub account: &'t Account,
    /// Role names held (canonical), with their state.
    pub roles: BTreeSet<(String, Assignment)>,
    /// Holds a role under the administrator SSPR policy, or an input
    /// marks it as admin.
    pub admin: bool,
    /// Directory synchronisation service account: listed, not audited.
    pub service: bool,
    /// Declared break-glass account.
    pub emergency: bool,
    /// Not known to be disabled.
    pub enabled: bool,
    /// Holds Global Administrator (active or eligible).
    pub global_admin: bool,
    /// Can reset a Global Administrator's password.
    pub reset_capable: bool,
}

impl Person<'_> {
    /// Whether the contact rules run for this account.
    fn audited(&self, tenant: &Tenant) -> bool {
        let present = self.account.in_directory || !tenant.coverage.users;
        self.enabled && !self.service && present
    }

    /// Role names for reports, sorted; `(eligible)` marks roles held only
    /// eligibly.
    fn role_names(&self) -> Vec<String> {
        let active: BTreeSet<&str> = self
            .roles
            .iter()
            .filter(|(_, s)| *s == Assignment::Active)
            .map(|(n, _)| n.as_str())
            .collect();
        let mut names: Vec<String> = Vec::new();
        for (name, state) in &self.roles {
            let shown = match state {
                Assignment::Active => name.clone(),
                Assignment::Eligible if active.contains(name.as_str()) => continue,
                Assignment::Eligible => format!("{name} (eligible)"),
            };
            names.push(shown);
        }
        names.dedup();
        names
    }
}

/// Sorts the tenant's accounts into the audit's scope: admins, and with
/// `--all-users` every enabled user. Sorted by lowercase UPN, so findings
/// come out in the same order whatever the thread count.
pub fn people<'t>(tenant: &'t Tenant, settings: &RuleSettings) -> Vec<Person<'t>> {
    use rayon::prelude::*;

    let mut held: foldhash::HashMap<&str, BTreeSet<(String, Assignment)>> = Default::default();
    let mut admin_holders: foldhash::HashSet<&str> = Default::default();
    for a in &tenant.assignments {
        if a.kind != PrincipalKind::User {
            continue;
        }
        held.entry(&a.principal)
            .or_default()
            .insert((a.role.clone(), a.state));
        if a.admin_role {
            admin_holders.insert(&a.principal);
        }
    }

    // With `--all-users` a tenant has as many people as users: they are
    // sorted and made on every thread.
    let mut accounts: Vec<(&String, &Account)> = tenant
        .accounts
        .iter()
        .map(|(key, account)| (key, &**account))
        .collect();
    accounts.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    accounts
        .par_iter()
        .with_min_len(1024)
        .filter_map(|&(key, account)| {
            let roles = held.get(key.as_str()).cloned().unwrap_or_default();
            let admin = admin_holders.contains(key.as_str()) || account.flagged_admin;
            let person = person(account, roles, admin, tenant, settings);
            (person.admin || (settings.all_users && person.enabled)).then_some(person)
        })
        .collect()
}

fn person<'t>(
    account: &'t Account,
    roles: BTreeSet<(String, Assignment)>,
    admin: bool,
    tenant: &Tenant,
    settings: &RuleSettings,
) -> Person<'t> {
    let holds = |name: &str| roles.iter().any(|(r, _)| r == name);
    let only_sync = !roles.is_empty()
        && roles.iter().all(|(r, _)| {
            r == roles::DIRECTORY_SYNCHRONIZATION_ACCOUNTS
                || roles::lookup(r).is_none_or(|d| !d.admin_policy)
        });
    let named_sync = || {
        roles::is_sync_account_name(&account.upn)
            || account
                .display_name
                .as_deref()
                .is_some_and(roles::is_sync_account_name)
    };
    let service = admin && (only_sync || named_sync());
    let enabled = account.enabled.value() != Some(&false);
    let global_admin = holds(roles::GLOBAL_ADMINISTRATOR);
    let privileged = global_admin || holds(roles::PRIVILEGED_AUTHENTICATION_ADMINISTRATOR);
    let any_role_names = tenant.coverage.role_names;
    let present = account.in_directory || !tenant.coverage.users;
    let reset_capable = admin && enabled && present && !service && (privileged || !any_role_names);
    Person {
        account,
        emergency: !settings.emergency.is_empty() && settings.emergency.contains(&account.key()),
        roles,
        admin,
        service,
        enabled,
        global_admin,
        reset_capable,
    }
}

/// Runs every rule over a tenant.
pub fn audit(tenant: &Tenant, settings: &RuleSettings) -> Audit {
    use rayon::prelude::*;

    let people = people(tenant, settings);
    // Each account is judged on its own, so large tenants are split across
    // threads; `collect` keeps the input order, which is sorted by UPN.
    let judged: Vec<Judged> = people
        .par_iter()
        .with_min_len(256)
        .map(|person| judge(person, tenant, settings))
        .collect();

    let mut judged = judged;
    for (index, finding) in shared_phones(&people, &judged, settings) {
        judged[index].checked.findings.push(finding);
    }
    let mut audit = Audit::default();
    let mut evaluated = contact::Evaluated::default();
    for judged in &judged {
        evaluated.add(&judged.checked.evaluated);
    }
    let audited = people.iter().filter(|p| p.audited(tenant)).count();
    audit.not_evaluated = evaluated.missing(tenant, audited, settings);
    tenant_rules(tenant, &people, &judged, settings, &mut audit);
    // A rule turned off was not left unjudged for want of data: the
    // reader asked not to see it at all.
    audit
        .not_evaluated
        .retain(|n| !settings.disabled.contains(n.rule));
    // The tenant's own findings first, then each person's: see `by_severity`.
    let in_order = |a: &Finding, b: &Finding| a.order_key().cmp(&b.order_key());
    audit.findings.sort_by(in_order);
    audit.admins = people
        .par_iter()
        .zip(judged.par_iter_mut())
        .with_min_len(1024)
        .map(|(person, judged)| {
            judged.checked.findings.sort_by(in_order);
            summary(person, judged)
        })
        .collect();
    let tenant_findings = std::mem::take(&mut audit.findings);
    let people_findings = judged.into_iter().map(|j| j.checked.findings);
    let groups: Vec<Vec<Finding>> = std::iter::once(tenant_findings)
        .chain(people_findings)
        .collect();
    audit.findings = by_severity(groups);
    audit
}

/// Joins groups of findings, grouping them by severity, most severe first,
/// and keeping their order within each severity.
///
/// The tenant findings (most without a UPN) come first and the people
/// follow in UPN order, each group sorted among itself, so this leaves the
/// findings in report order (unless a tenant finding names an admin), and
/// the report's sort only has to confirm it in one pass instead of sorting
/// a hundred thousand findings.
///
/// Each group is put in severity order first (the audit's are in it
/// already), keeping its order within each severity; then each severity
/// takes its run from the front of every group in turn, straight into
/// place. The findings of a large tenant take hundreds of megabytes,
/// which a second copy would have to fault in afresh.
fn by_severity(mut groups: Vec<Vec<Finding>>) -> Vec<Finding> {
    let most_severe_first = |finding: &Finding| std::cmp::Reverse(finding.severity);
    for group in &mut groups {
        if !group.is_sorted_by_key(most_severe_first) {
            group.sort_by_key(most_severe_first);
        }
    }
    let mut grouped = Vec::with_capacity(groups.iter().map(Vec::len).sum());
    let mut groups: Vec<_> = groups.into_iter().map(Vec::into_iter).collect();
    for severity in Severity::ALL {
        for group in &mut groups {
            let run = group
                .as_slice()
                .iter()
                .take_while(|f| f.severity == severity);
            let run = run.count();
            grouped.extend(group.by_ref().take(run));
        }
    }
    grouped
}

/// One account's judgement.
#[derive(Debug, Default)]
struct Judged {
    checked: contact::Checked,
}

fn judge(person: &Person, tenant: &Tenant, settings: &RuleSettings) -> Judged {
    let upn = person.account.upn.as_str();
    let mut checked = contact::Checked::default();
    let present = person.account.in_directory || !tenant.coverage.users;
    if person.admin && !present {
        if let Some(mut f) = settings.finding(catalog::ADMIN_NOT_IN_DIRECTORY, Some(upn)) {
            f.message = "a role assignment names this user, but no users \
                         input contains it (deleted account or truncated \
                         export); contact rules were not run"
                .into();
            f.source = person.account.source.clone();
            checked.findings.push(f);
        }
        return Judged { checked };
    }
    if !person.enabled {
        if let Some(mut f) = settings.finding(catalog::ADMIN_DISABLED, Some(upn)) {
            f.message = "the account is disabled or blocked from sign-in; it \
                         counts toward no coverage rule"
                .into();
            f.source = person.account.enabled.source().cloned();
            checked.findings.push(f);
        }
        return Judged { checked };
    }
    if person.service {
        return Judged { checked };
    }
    Judged {
        checked: contact::check(person, tenant, settings),
    }
}

/// `phone-shared`: the same effective phone (as E.164) on more than one
/// audited admin. Returns each finding with the index of its account.
fn shared_phones(
    people: &[Person],
    judged: &[Judged],
    settings: &RuleSettings,
) -> Vec<(usize, Finding)> {
    let mut by_number: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, (person, judged)) in people.iter().zip(judged).enumerate() {
        if let (true, Some(e164)) = (person.admin, &judged.checked.phone_e164) {
            by_number.entry(e164).or_default().push(index);
        }
    }
    let mut findings = Vec::new();
    for indices in by_number.values().filter(|i| i.len() > 1) {
        for &index in indices {
            let person = &people[index];
            let checked = &judged[index].checked;
            let upn = Some(person.account.upn.as_str());
            let Some(mut f) = settings.finding(catalog::PHONE_SHARED, upn) else {
                continue;
            };
            f.message = format!(
                "{} admins of the tenant share this phone; a locked-out \
                 admin's code can reach the wrong person",
                indices.len()
            )
            .into();
            f.value = checked.effective_phone.clone();
            f.source = checked.phone_source.clone();
            findings.push((index, contact::soften(f, person.emergency)));
        }
    }
    findings
}

/// The admin's line in the report, with its verdict.
fn summary(person: &Person, judged: &Judged) -> AdminSummary {
    let findings = &judged.checked.findings;
    let verdict = if judged.checked.insufficient {
        Verdict::CannotReset
    } else if findings.iter().any(|f| f.severity >= Severity::Medium) {
        Verdict::AtRisk
    } else {
        Verdict::Ready
    };
    let account = person.account;
    AdminSummary {
        upn: account.upn.clone(),
        display_name: account.display_name.clone(),
        enabled: account.enabled.value().copied(),
        roles: person.role_names(),
        emergency: person.emergency,
        service: person.service,
        effective_phone: judged.checked.effective_phone.clone(),
        alternate_email: judged.checked.alternate_email.clone(),
        usable_methods: judged.checked.usable,
        verdict,
    }
}

/// The tenant rules: SSPR switched off, and who can reset whom.
fn tenant_rules(
    tenant: &Tenant,
    people: &[Person],
    judged: &[Judged],
    settings: &RuleSettings,
    audit: &mut Audit,
) {
    sspr_disabled(tenant, settings, audit);
    let knows_admins = tenant.coverage.role_names || tenant.coverage.admin_flags;
    if !knows_admins {
        let reason = "no role or admin information in the inputs";
        for rule in [
            catalog::NO_ENABLED_ADMIN,
            catalog::SOLE_ADMIN,
            catalog::SOLE_RECOVERABLE_ADMIN,
            catalog::GLOBAL_ADMIN_COUNT,
        ] {
            audit.not_evaluated.push(not_evaluated(rule, reason));
        }
        return;
    }
    coverage_rules(people, judged, settings, audit);
    global_admin_count(tenant, people, settings, audit);
}

fn not_evaluated(rule: &'static str, reason: &str) -> NotEvaluated {
    NotEvaluated {
        rule,
        reason: reason.to_string(),
    }
}

fn sspr_disabled(tenant: &Tenant, settings: &RuleSettings, audit: &mut Audit) {
    let s = &tenant.settings;
    if s.sspr_enabled.is_none() && s.allowed_to_use_sspr.is_none() {
        let reason = "no tenant settings in the inputs";
        audit
            .not_evaluated
            .push(not_evaluated(catalog::SSPR_DISABLED, reason));
        return;
    }
    let off = [
        (
            &s.sspr_enabled,
            "SelfServePasswordResetEnabled",
            "self-service password reset is switched off for the whole \
             tenant: no admin can reset their own password",
        ),
        (
            &s.allowed_to_use_sspr,
            "allowedToUseSSPR",
            "the authorization policy sets allowedToUseSSPR to false, \
             which turns self-service password reset off for admins",
        ),
    ];
    for (switch, name, message) in off {
        let Some((false, source)) = switch else {
            continue;
        };
        let Some(mut f) = settings.finding(catalog::SSPR_DISABLED, None) else {
            return;
        };
        f.message = message.into();
        f.value = Some(format!("{name} = False"));
        f.source = Some(source.clone());
        audit.findings.push(f);
    }
}

/// `no-enabled-admin`, `sole-admin` and `sole-recoverable-admin`.
fn coverage_rules(
    people: &[Person],
    judged: &[Judged],
    settings: &RuleSettings,
    audit: &mut Audit,
) {
    let capable: Vec<(&Person, &Judged)> = people
        .iter()
        .zip(judged)
        .filter(|(p, _)| p.reset_capable)
        .collect();
    let recoverable: Vec<&Person> = capable
        .iter()
        .filter(|(_, j)| !j.checked.insufficient)
        .map(|(p, _)| *p)
        .collect();
    let (rule, message) = match (capable.len(), recoverable.len()) {
        (0, _) => (
            catalog::NO_ENABLED_ADMIN,
            "no enabled Global Administrator or Privileged Authentication \
             Administrator: nobody in the tenant can reset an admin's \
             password"
                .to_string(),
        ),
        (1, _) => (
            catalog::SOLE_ADMIN,
            "only one admin can reset Global Administrator passwords; if \
             that account is locked out, only Microsoft support can help"
                .to_string(),
        ),
        (n, r) if r <= 1 => (
            catalog::SOLE_RECOVERABLE_ADMIN,
            format!(
                "{n} admins can reset Global Administrator passwords, but \
                 only {r} of them can complete a self-service reset"
            ),
        ),
        _ => return,
    };
    let Some(mut f) = settings.finding(rule, None) else {
        return;
    };
    f.message = message.into();
    if let [(person, _)] = capable.as_slice() {
        f.value = Some(person.account.upn.clone());
        f.source = person.account.source.clone();
    }
    if rule == catalog::SOLE_RECOVERABLE_ADMIN {
        f.value = recoverable.first().map(|p| p.account.upn.clone());
    }
    audit.findings.push(f);
}

/// `global-admin-count`: enabled Global Administrators, active or
/// eligible, counted once per user; service principals are not users and
/// emergency accounts count.
fn global_admin_count(
    tenant: &Tenant,
    people: &[Person],
    settings: &RuleSettings,
    audit: &mut Audit,
) {
    if !tenant.coverage.role_names {
        let reason = "no role names in the inputs";
        let rule = catalog::GLOBAL_ADMIN_COUNT;
        audit.not_evaluated.push(not_evaluated(rule, reason));
        return;
    }
    let present = |p: &&Person| p.account.in_directory || !tenant.coverage.users;
    let count = people
        .iter()
        .filter(|p| p.global_admin && p.enabled && !p.service)
        .filter(present)
        .count() as u32;
    let Profile { name, min, max } = &settings.profile;
    if (*min..=*max).contains(&count) {
        return;
    }
    let Some(mut f) = settings.finding(catalog::GLOBAL_ADMIN_COUNT, None) else {
        return;
    };
    let side = if count < *min { "fewer" } else { "more" };
    f.message = format!(
        "{count} enabled Global Administrators: {side} than profile \
         `{name}` allows ({min} to {max})"
    )
    .into();
    f.value = Some(count.to_string());
    f.suggested_fix = Some(format!("{min} to {max} Global Administrators"));
    audit.findings.push(f);
}

/// The rules of one scope, for callers that list them.
pub fn rules_of(scope: Scope) -> impl Iterator<Item = &'static catalog::Rule> {
    catalog::RULES.iter().filter(move |r| r.scope == scope)
}

/// Whether a rule id exists, for validating configuration.
pub fn known_rule(id: &str) -> bool {
    catalog::find(id).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{self, LoadOptions};

    fn in_report_order(findings: &[Finding]) -> bool {
        findings
            .windows(2)
            .all(|pair| pair[0].order_key() <= pair[1].order_key())
    }

    #[test]
    fn findings_come_out_of_the_audit_in_report_order() {
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut tenants: Vec<_> = std::fs::read_dir(samples)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.is_dir())
            .collect();
        tenants.sort();
        let mut checked = 0;
        for all_users in [false, true] {
            for path in &tenants {
                let files = build::discover(path).unwrap();
                let options = LoadOptions {
                    all_users,
                    ..LoadOptions::default()
                };
                let loaded = build::load(&files, &options);
                let settings = RuleSettings {
                    all_users,
                    ..RuleSettings::default()
                };
                let findings = audit(&loaded.tenant, &settings).findings;
                assert!(in_report_order(&findings), "{}", path.display());
                checked += findings.len();
            }
        }
        assert!(checked > 100, "only {checked} findings");
    }

    #[test]
    fn by_severity_keeps_the_order_within_each_severity() {
        let finding = |severity, upn: &str| Finding {
            rule: catalog::ALT_EMAIL_MISSING,
            severity,
            upn: Some(upn.to_string()),
            message: "".into(),
            value: None,
            suggested_fix: None,
            source: None,
        };
        let findings = [
            finding(Severity::Low, "a"),
            finding(Severity::Critical, "b"),
            finding(Severity::Low, "c"),
            finding(Severity::Info, "d"),
            finding(Severity::Critical, "e"),
        ];
        let order = |grouped: Vec<Finding>| -> Vec<String> {
            grouped.into_iter().filter_map(|f| f.upn).collect()
        };
        // Groups out of severity order.
        let grouped = by_severity(vec![findings[..2].to_vec(), findings[2..].to_vec()]);
        assert_eq!(order(grouped), ["b", "e", "a", "c", "d"]);
        // Groups in severity order, as the audit makes them, some empty.
        let sorted = |picks: &[usize]| picks.iter().map(|&i| findings[i].clone()).collect();
        let groups = vec![sorted(&[1, 0]), vec![], sorted(&[4, 2, 3]), sorted(&[3])];
        assert_eq!(order(by_severity(groups)), ["b", "e", "a", "c", "d", "d"]);
    }
}

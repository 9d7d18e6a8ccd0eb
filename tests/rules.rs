//! Each rule of `rules.md`, firing and not firing, on small tenants
//! written as real export files in a temporary folder and read through the
//! whole library (readers, header recognition, model, rules).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use tenant_audit::build;
use tenant_audit::report::{TenantReport, Verdict};
use tenant_audit::rules::RuleSettings;
use tenant_audit::run::{self, RunOptions};

/// Classic Entra "Download users" columns used by most tests.
const USERS: &str = "userPrincipalName,displayName,accountEnabled,usageLocation,\
                     mobile,telephoneNumber,authenticationPhoneNumber,\
                     authenticationEmail,alternateEmailAddress";

/// A PIM role export header.
const PIM: &str = "Assignment State,User Group Name,Role Name,PrincipalName,Member Type";

/// Writes the files into a temp folder named `contoso` and audits it.
fn audit_with(files: &[(&str, String)], settings: RuleSettings) -> TenantReport {
    let dir = tempfile::tempdir().unwrap();
    let tenant = dir.path().join("contoso");
    std::fs::create_dir(&tenant).unwrap();
    for (name, text) in files {
        std::fs::write(tenant.join(name), text).unwrap();
    }
    let files = build::discover(&tenant).unwrap();
    let options = RunOptions {
        rules: settings,
        ..RunOptions::default()
    };
    run::audit_tenant(&files, &options, None)
}

fn settings() -> RuleSettings {
    RuleSettings {
        as_of: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        ..RuleSettings::default()
    }
}

fn audit(files: &[(&str, String)]) -> TenantReport {
    audit_with(files, settings())
}

/// Users CSV from rows of the `USERS` columns.
fn users(rows: &[&str]) -> (&'static str, String) {
    ("users.csv", format!("{USERS}\n{}\n", rows.join("\n")))
}

/// PIM export making each UPN an active Global Administrator.
fn global_admins(upns: &[&str]) -> (&'static str, String) {
    let rows: Vec<String> = upns
        .iter()
        .map(|u| format!("Active,{u},Global Administrator,{u},Direct"))
        .collect();
    ("pim.csv", format!("{PIM}\n{}\n", rows.join("\n")))
}

/// A user row with good contact data: a UK mobile (distinct per UPN), an
/// office phone and a personal email.
fn good(upn: &str) -> String {
    let n: u32 = upn.bytes().map(u32::from).sum::<u32>() % 1000;
    let local = upn.split('@').next().unwrap_or(upn);
    format!(
        "{upn},Good Admin,True,GB,+44 7400 123{n:03},+44 20 7946 0{n:03},,,\
         {local}.home@example.org"
    )
}

fn rules_for(report: &TenantReport, upn: &str) -> BTreeSet<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.upn.as_deref() == Some(upn))
        .map(|f| f.rule)
        .collect()
}

fn tenant_rules(report: &TenantReport) -> BTreeSet<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.upn.is_none())
        .map(|f| f.rule)
        .collect()
}

fn not_evaluated(report: &TenantReport) -> BTreeSet<&'static str> {
    report.not_evaluated.iter().map(|n| n.rule).collect()
}

/// Two good admins plus `row` (whose UPN is `x@contoso.example`), all
/// Global Administrators; returns the rules fired for `x`.
fn fired(row: &str) -> BTreeSet<&'static str> {
    let report = audit(&[
        users(&[&good("a@contoso.example"), &good("b@contoso.example"), row]),
        global_admins(&[
            "a@contoso.example",
            "b@contoso.example",
            "x@contoso.example",
        ]),
    ]);
    rules_for(&report, "x@contoso.example")
        .into_iter()
        .collect()
}

const X: &str = "x@contoso.example";

fn row(mobile: &str, alt: &str) -> String {
    format!("{X},X,True,GB,{mobile},,,,{alt}")
}

#[test]
fn good_admins_are_ready() {
    let report = audit(&[
        users(&[&good("a@contoso.example"), &good("b@contoso.example")]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
    ]);
    let verdicts: Vec<Verdict> = report.admins.iter().map(|a| a.verdict).collect();
    assert_eq!(verdicts, [Verdict::Ready, Verdict::Ready]);
    // The UK is on Microsoft's SMS opt-in list: that low finding is all.
    let rules: BTreeSet<_> = report.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, BTreeSet::from(["phone-sms-opt-in-region"]));
}

#[test]
fn alt_email_missing_fires_on_an_empty_cell() {
    assert!(fired(&row("+44 7400 123123", "")).contains("alt-email-missing"));
    assert!(!fired(&row("+44 7400 123123", "x@example.org")).contains("alt-email-missing"));
}

#[test]
fn alt_email_unknown_when_the_column_is_empty_everywhere() {
    // The classic download's known bug: alternateEmailAddress empty in
    // every row. That is unknown, not missing.
    let report = audit(&[
        users(&[
            "a@contoso.example,A,True,GB,+44 7400 123123,,,,",
            "b@contoso.example,B,True,GB,+44 7400 123124,,,,",
        ]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
    ]);
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule != "alt-email-missing"));
    assert!(not_evaluated(&report).contains("alt-email-missing"));
}

#[test]
fn alt_email_invalid_and_internal() {
    let invalid = fired(&row("+44 7400 123123", "bob@@fabrikam"));
    assert!(invalid.contains("alt-email-invalid"), "{invalid:?}");
    let internal = fired(&row("+44 7400 123123", "helpdesk@contoso.example"));
    assert!(internal.contains("alt-email-internal"), "{internal:?}");
    let outside = fired(&row("+44 7400 123123", "x.private@example.org"));
    assert!(!outside.contains("alt-email-internal"));
    assert!(!outside.contains("alt-email-invalid"));
}

#[test]
fn phone_missing_and_form_rules() {
    assert!(fired(&row("", "x@example.org")).contains("phone-missing"));
    let national = fired(&row("07400 123123", "x@example.org"));
    assert!(national.contains("phone-no-country-code"), "{national:?}");
    let trunk = fired(&row("+44 (0)7400 123123", "x@example.org"));
    assert!(trunk.contains("phone-trunk-prefix"), "{trunk:?}");
    let junk = fired(&row("+44 12", "x@example.org"));
    assert!(junk.contains("phone-invalid"), "{junk:?}");
    let fine = fired(&row("+44 7400 123123", "x@example.org"));
    assert!(fine.is_disjoint(&BTreeSet::from([
        "phone-missing",
        "phone-no-country-code",
        "phone-trunk-prefix",
        "phone-invalid",
    ])));
}

#[test]
fn no_country_code_suggests_the_e164_form() {
    let report = audit(&[
        users(&[
            &good("a@contoso.example"),
            &good("b@contoso.example"),
            "x@contoso.example,X,True,JP,090-1234-5678,,,,x@example.org",
        ]),
        global_admins(&["a@contoso.example", "b@contoso.example", X]),
    ]);
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == "phone-no-country-code")
        .unwrap();
    assert_eq!(finding.suggested_fix.as_deref(), Some("+81 9012345678"));
    assert_eq!(finding.source.as_ref().unwrap().to_string(), "users.csv:4");
}

#[test]
fn trunk_zero_after_plus_81() {
    let rules = fired(&format!("{X},X,True,JP,+81 090-1234-5678,,,,x@example.org"));
    assert!(rules.contains("phone-trunk-prefix"), "{rules:?}");
    let italy = fired(&format!("{X},X,True,IT,+39 06 1234 5678,,,,x@example.org"));
    assert!(!italy.contains("phone-trunk-prefix"), "{italy:?}");
}

#[test]
fn line_type_rules_from_the_numbering_plan() {
    let landline = fired(&row("+44 20 7946 0123", "x@example.org"));
    assert!(landline.contains("phone-not-mobile"), "{landline:?}");
    let voip = fired(&format!("{X},X,True,JP,+81 50 1234 5678,,,,x@example.org"));
    assert!(voip.contains("phone-voip"), "{voip:?}");
    let us = fired(&format!("{X},X,True,US,+1 201 555 0123,,,,x@example.org"));
    assert!(us.contains("phone-line-unverified"), "{us:?}");
}

#[test]
fn extension_is_reported() {
    let rules = fired(&format!(
        "{X},X,True,US,+1 201 555 0123 ext. 12,,,,x@example.org"
    ));
    assert!(rules.contains("phone-extension"), "{rules:?}");
}

#[test]
fn carrier_lookup_rules() {
    let lookup = "phone_number,line_type_intelligence.type,line_type_intelligence.carrier_name\n\
                  +12015550123,nonFixedVoip,Google (Grand Central) BWI - Bandwidth.com - SVR\n\
                  +12015550124,landline,Verizon\n\
                  +12015550125,mobile,T-Mobile USA\n";
    let report = audit(&[
        users(&[
            &good("a@contoso.example"),
            &good("b@contoso.example"),
            "x@contoso.example,X,True,US,+1 201 555 0123,,,,x@example.org",
            "y@contoso.example,Y,True,US,+1 201 555 0124,,,,y@example.org",
            "z@contoso.example,Z,True,US,+1 201 555 0125,,,,z@example.org",
        ]),
        global_admins(&[
            "a@contoso.example",
            "b@contoso.example",
            X,
            "y@contoso.example",
            "z@contoso.example",
        ]),
        ("lookup.csv", lookup.to_string()),
    ]);
    let x = rules_for(&report, X);
    assert!(
        x.contains("phone-carrier-unsupported") && x.contains("phone-voip"),
        "{x:?}"
    );
    assert!(rules_for(&report, "y@contoso.example").contains("phone-not-mobile"));
    let z = rules_for(&report, "z@contoso.example");
    assert!(
        !z.contains("phone-line-unverified") && !z.contains("phone-not-mobile"),
        "{z:?}"
    );
}

#[test]
fn shared_phone_between_admins() {
    let report = audit(&[
        users(&[
            "a@contoso.example,A,True,GB,+44 7400 123123,,,,a@example.org",
            "b@contoso.example,B,True,GB,+447400123123,,,,b@example.org",
        ]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
    ]);
    assert!(rules_for(&report, "a@contoso.example").contains("phone-shared"));
    assert!(rules_for(&report, "b@contoso.example").contains("phone-shared"));
}

#[test]
fn type_name_leak_is_value_not_exported() {
    let header = "UserPrincipalName,DisplayName,BlockCredential,MobilePhone,AlternateEmailAddresses,UsageLocation";
    let text = format!(
        "{header}\n\
         a@contoso.example,A,False,+44 7400 123123,a@example.org,GB\n\
         b@contoso.example,B,False,+44 7400 123124,System.Collections.Generic.List`1[System.String],GB\n"
    );
    let report = audit(&[
        ("msol.csv", text),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
    ]);
    let b = rules_for(&report, "b@contoso.example");
    assert!(b.contains("value-not-exported"), "{b:?}");
    assert!(!b.contains("alt-email-missing"));
}

#[test]
fn registration_report_rules() {
    let reg = "Id,UserPrincipalName,UserDisplayName,IsAdmin,IsSsprRegistered,IsSsprCapable,MethodsRegistered\n\
               1,a@contoso.example,A,True,True,True,\"email,mobilePhone,microsoftAuthenticatorPush\"\n\
               2,b@contoso.example,B,True,False,False,\n";
    let report = audit(&[
        users(&[&good("a@contoso.example"), &good("b@contoso.example")]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
        ("registration.csv", reg.to_string()),
    ]);
    assert!(rules_for(&report, "b@contoso.example").contains("sspr-not-registered"));
    assert!(!rules_for(&report, "a@contoso.example").contains("sspr-not-registered"));
}

#[test]
fn recovery_methods_insufficient_makes_cannot_reset() {
    let report = audit(&[
        users(&[
            &good("a@contoso.example"),
            &good("b@contoso.example"),
            "x@contoso.example,X,True,GB,,,,,x@example.org",
        ]),
        global_admins(&["a@contoso.example", "b@contoso.example", X]),
        (
            "registration.csv",
            "UserPrincipalName,IsSsprRegistered,MethodsRegistered\n\
             x@contoso.example,True,email\n"
                .to_string(),
        ),
    ]);
    assert!(rules_for(&report, X).contains("recovery-methods-insufficient"));
    let x = report.admins.iter().find(|a| a.upn == X).unwrap();
    assert_eq!(x.verdict, Verdict::CannotReset);
    assert_eq!(x.usable_methods, 1);
}

#[test]
fn sms_retirement_dependence_and_after_the_date() {
    let reg = "UserPrincipalName,IsSsprRegistered,MethodsRegistered\n\
               x@contoso.example,True,\"email,mobilePhone\"\n";
    let files = [
        users(&[
            &good("a@contoso.example"),
            &good("b@contoso.example"),
            &row("+44 7400 123125", "x@example.org"),
        ]),
        global_admins(&["a@contoso.example", "b@contoso.example", X]),
        ("registration.csv", reg.to_string()),
    ];
    let before = audit(&files);
    assert!(rules_for(&before, X).contains("sms-retirement-dependent"));
    let mut late = settings();
    late.as_of = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    let after = audit_with(&files, late.clone());
    let x = rules_for(&after, X);
    assert!(x.contains("recovery-methods-insufficient") && !x.contains("sms-retirement-dependent"));
    late.telecom_provider = true;
    let provided = audit_with(&files, late);
    assert!(!rules_for(&provided, X).contains("recovery-methods-insufficient"));
}

#[test]
fn disabled_admin_and_admin_not_in_directory() {
    let report = audit(&[
        users(&[
            &good("a@contoso.example"),
            &good("b@contoso.example"),
            "x@contoso.example,X,False,GB,,,,,",
        ]),
        global_admins(&[
            "a@contoso.example",
            "b@contoso.example",
            X,
            "gone@contoso.example",
        ]),
    ]);
    assert_eq!(rules_for(&report, X), BTreeSet::from(["admin-disabled"]));
    assert_eq!(
        rules_for(&report, "gone@contoso.example"),
        BTreeSet::from(["admin-not-in-directory"])
    );
}

#[test]
fn sole_and_no_enabled_admin() {
    let one = audit(&[
        users(&[&good("a@contoso.example")]),
        global_admins(&["a@contoso.example"]),
    ]);
    assert!(tenant_rules(&one).contains("sole-admin"));
    let none = audit(&[
        users(&["a@contoso.example,A,False,GB,+44 7400 123123,,,,a@example.org"]),
        global_admins(&["a@contoso.example"]),
    ]);
    assert!(tenant_rules(&none).contains("no-enabled-admin"));
    let two = audit(&[
        users(&[&good("a@contoso.example"), &good("b@contoso.example")]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
    ]);
    assert!(tenant_rules(&two).is_disjoint(&BTreeSet::from(["sole-admin", "no-enabled-admin"])));
}

#[test]
fn sole_recoverable_admin() {
    let report = audit(&[
        users(&[
            &good("a@contoso.example"),
            "b@contoso.example,B,True,GB,,,,,",
            "c@contoso.example,C,True,GB,,,,,",
        ]),
        global_admins(&[
            "a@contoso.example",
            "b@contoso.example",
            "c@contoso.example",
        ]),
        (
            "registration.csv",
            "UserPrincipalName,IsSsprRegistered,MethodsRegistered\n\
             b@contoso.example,True,email\nc@contoso.example,True,email\n"
                .to_string(),
        ),
    ]);
    assert!(
        tenant_rules(&report).contains("sole-recoverable-admin"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn global_admin_count_follows_the_profile() {
    let upns: Vec<String> = (0..6).map(|i| format!("ga{i}@contoso.example")).collect();
    let rows: Vec<String> = upns.iter().map(|u| good(u)).collect();
    let row_refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let upn_refs: Vec<&str> = upns.iter().map(String::as_str).collect();
    let files = [users(&row_refs), global_admins(&upn_refs)];
    assert!(tenant_rules(&audit(&files)).contains("global-admin-count"));
    let mut cisa = settings();
    cisa.profile = tenant_audit::rules::Profile::cisa();
    assert!(!tenant_rules(&audit_with(&files, cisa)).contains("global-admin-count"));
}

#[test]
fn sspr_disabled_from_settings_in_both_shapes() {
    let one_row = "InitialDomain,SelfServePasswordResetEnabled\ncontoso.onmicrosoft.com,False\n";
    let report = audit(&[
        users(&[&good("a@contoso.example"), &good("b@contoso.example")]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
        ("company.csv", one_row.to_string()),
    ]);
    assert!(tenant_rules(&report).contains("sspr-disabled"));
    let listed =
        "\nDirectorySynchronizationEnabled : False\nSelfServePasswordResetEnabled   : True\n";
    let report = audit(&[
        users(&[&good("a@contoso.example"), &good("b@contoso.example")]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
        ("company.txt", listed.to_string()),
    ]);
    assert!(!tenant_rules(&report).contains("sspr-disabled"));
    assert!(!not_evaluated(&report).contains("sspr-disabled"));
}

#[test]
fn a_disabled_rule_is_not_listed_as_not_evaluated() {
    let mut off = settings();
    off.disabled.insert("sspr-disabled".into());
    let report = audit_with(
        &[
            users(&[&good("a@contoso.example"), &good("b@contoso.example")]),
            global_admins(&["a@contoso.example", "b@contoso.example"]),
        ],
        off,
    );
    assert!(!not_evaluated(&report).contains("sspr-disabled"));
}

#[test]
fn without_settings_sspr_disabled_is_not_evaluated() {
    let report = audit(&[
        users(&[&good("a@contoso.example"), &good("b@contoso.example")]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
    ]);
    let reason = report
        .not_evaluated
        .iter()
        .find(|n| n.rule == "sspr-disabled")
        .map(|n| n.reason.as_str());
    assert_eq!(reason, Some("no tenant settings in the inputs"));
}

#[test]
fn emergency_accounts_drop_to_info() {
    let mut s = settings();
    s.emergency.insert(X.to_string());
    let report = audit_with(
        &[
            users(&[
                &good("a@contoso.example"),
                &good("b@contoso.example"),
                &row("", ""),
            ]),
            global_admins(&["a@contoso.example", "b@contoso.example", X]),
        ],
        s,
    );
    let x: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.upn.as_deref() == Some(X))
        .collect();
    assert!(!x.is_empty());
    assert!(x
        .iter()
        .all(|f| f.severity == tenant_audit::catalog::Severity::Info));
}

#[test]
fn sync_account_is_listed_not_audited() {
    let report = audit(&[
        users(&[
            &good("a@contoso.example"),
            &good("b@contoso.example"),
            "Sync_DC01_1a2b3c@contoso.onmicrosoft.com,On-Premises Directory Synchronization Service Account,True,,,,,,",
        ]),
        (
            "pim.csv",
            format!(
                "{PIM}\nActive,A,Global Administrator,a@contoso.example,Direct\n\
                 Active,B,Global Administrator,b@contoso.example,Direct\n\
                 Active,Sync,Directory Synchronization Accounts,Sync_DC01_1a2b3c@contoso.onmicrosoft.com,Direct\n"
            ),
        ),
    ]);
    let sync = report
        .admins
        .iter()
        .find(|a| a.upn.starts_with("Sync_"))
        .unwrap();
    assert!(sync.service);
    assert!(rules_for(&report, &sync.upn).is_empty());
}

#[test]
fn all_users_audits_non_admins_too() {
    let files = [
        users(&[
            &good("a@contoso.example"),
            &good("b@contoso.example"),
            &row("", ""),
        ]),
        global_admins(&["a@contoso.example", "b@contoso.example"]),
    ];
    assert!(rules_for(&audit(&files), X).is_empty());
    let mut all = settings();
    all.all_users = true;
    assert!(rules_for(&audit_with(&files, all), X).contains("phone-missing"));
}

#[test]
fn disabled_rules_and_severity_overrides() {
    let mut s = settings();
    s.disabled.insert("phone-missing".into());
    s.severity.insert(
        "alt-email-missing".into(),
        tenant_audit::catalog::Severity::Low,
    );
    let report = audit_with(
        &[
            users(&[
                &good("a@contoso.example"),
                &good("b@contoso.example"),
                &row("", ""),
            ]),
            global_admins(&["a@contoso.example", "b@contoso.example", X]),
        ],
        s,
    );
    let x: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.upn.as_deref() == Some(X))
        .collect();
    assert!(x.iter().all(|f| f.rule != "phone-missing"));
    let alt = x.iter().find(|f| f.rule == "alt-email-missing").unwrap();
    assert_eq!(alt.severity, tenant_audit::catalog::Severity::Low);
}

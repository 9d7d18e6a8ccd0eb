//! The bundled demo tenants under `samples/`: every tenant is audited and
//! its findings compared, rule by rule and admin by admin, with what
//! `docs/samples.md` says each tenant demonstrates. Together they make every
//! rule of the catalog fire.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tenant_audit::catalog;
use tenant_audit::report::Report;
use tenant_audit::rules::RuleSettings;
use tenant_audit::run::{self, RunOptions};

/// Per tenant: (UPN, or "" for tenant rules; rule id).
const EXPECTED: &[(&str, &[(&str, &str)])] = &[
    (
        "adatum",
        &[
            ("", "global-admin-count"),
            ("", "no-enabled-admin"),
            ("adam.barr@adatum.example", "admin-disabled"),
            ("jamie.reding@adatum.example", "phone-line-unverified"),
            ("kim.akers@adatum.example", "phone-sms-opt-in-region"),
        ],
    ),
    (
        "contoso",
        &[
            ("adele.vance@contoso.example", "phone-sms-opt-in-region"),
            ("diego.siciliani@contoso.example", "phone-extension"),
            ("diego.siciliani@contoso.example", "phone-line-unverified"),
            ("isaiah.langer@contoso.example", "admin-disabled"),
            ("lee.gu@contoso.example", "phone-invalid"),
            ("lynne.robbins@contoso.example", "phone-not-mobile"),
            ("lynne.robbins@contoso.example", "phone-sms-opt-in-region"),
            ("megan.bowen@contoso.example", "phone-line-unverified"),
            ("nestor.wilke@contoso.example", "phone-missing"),
            ("nestor.wilke@contoso.example", "sms-retirement-dependent"),
            ("nestor.wilke@contoso.example", "sspr-not-registered"),
        ],
    ),
    (
        "fabrikam",
        &[
            ("", "sspr-disabled"),
            ("bob.kelly@fabrikam.example", "alt-email-invalid"),
            ("bob.kelly@fabrikam.example", "phone-line-unverified"),
            ("bob.kelly@fabrikam.example", "sms-retirement-dependent"),
            ("grace.okafor@fabrikam.example", "admin-disabled"),
            ("kai.nakamura@fabrikam.example", "admin-not-in-directory"),
            ("nora.lindqvist@fabrikam.example", "phone-sms-opt-in-region"),
            ("oscar.ward@fabrikam.example", "phone-sms-opt-in-region"),
            ("oscar.ward@fabrikam.example", "value-not-exported"),
            ("priya.raman@fabrikam.example", "alt-email-internal"),
            ("priya.raman@fabrikam.example", "phone-sms-opt-in-region"),
            ("priya.raman@fabrikam.example", "sms-retirement-dependent"),
        ],
    ),
    (
        "litware",
        &[
            ("", "global-admin-count"),
            ("farhan.ahmed@litware.example", "phone-sms-opt-in-region"),
            ("grace.kim@litware.example", "phone-line-unverified"),
            ("hana.yoshida@litware.example", "phone-sms-opt-in-region"),
            ("hana.yoshida@litware.example", "phone-voip"),
            ("ivan.petrov@litware.example", "phone-sms-opt-in-region"),
            ("ivan.petrov@litware.example", "sms-retirement-dependent"),
            ("marco.rossi@litware.example", "phone-not-mobile"),
            ("marco.rossi@litware.example", "phone-sms-opt-in-region"),
            ("olivia.park@litware.example", "phone-missing"),
            (
                "olivia.park@litware.example",
                "recovery-methods-insufficient",
            ),
            ("olivia.park@litware.example", "sspr-not-registered"),
            ("tom.harris@litware.example", "phone-not-mobile"),
        ],
    ),
    (
        "northwind",
        &[
            ("", "sole-recoverable-admin"),
            ("ana.souza@northwind.example", "phone-no-country-code"),
            ("ana.souza@northwind.example", "phone-sms-opt-in-region"),
            ("carlos.mendes@northwind.example", "phone-sms-opt-in-region"),
            (
                "carlos.mendes@northwind.example",
                "sms-retirement-dependent",
            ),
            ("carlos.mendes@northwind.example", "sspr-not-registered"),
            ("dmitri.volkov@northwind.example", "admin-disabled"),
            ("rafael.costa@northwind.example", "phone-not-mobile"),
            ("rafael.costa@northwind.example", "phone-sms-opt-in-region"),
            (
                "rafael.costa@northwind.example",
                "recovery-methods-insufficient",
            ),
            ("rafael.costa@northwind.example", "sspr-not-registered"),
            ("yuki.tanaka@northwind.example", "phone-no-country-code"),
            ("yuki.tanaka@northwind.example", "phone-sms-opt-in-region"),
        ],
    ),
    (
        "tailspin",
        &[
            ("aiko.suzuki@tailspin.example", "phone-sms-opt-in-region"),
            ("daniel.kim@tailspin.example", "phone-extension"),
            ("ethan.brooks@tailspin.example", "phone-carrier-unsupported"),
            ("ethan.brooks@tailspin.example", "phone-voip"),
            ("ethan.brooks@tailspin.example", "sms-retirement-dependent"),
            ("felix.wagner@tailspin.example", "admin-disabled"),
            ("hannah.schmidt@tailspin.example", "phone-voip"),
            (
                "juergen.mueller@tailspin.example",
                "phone-sms-opt-in-region",
            ),
            ("kenji.watanabe@tailspin.example", "phone-sms-opt-in-region"),
            ("kenji.watanabe@tailspin.example", "phone-trunk-prefix"),
            (
                "kenji.watanabe@tailspin.example",
                "sms-retirement-dependent",
            ),
            ("lucas.bernard@tailspin.example", "phone-shared"),
            ("maria.garcia@tailspin.example", "phone-not-mobile"),
            ("mia.hoffmann@tailspin.example", "alt-email-missing"),
            ("mia.hoffmann@tailspin.example", "phone-sms-opt-in-region"),
            ("mia.hoffmann@tailspin.example", "sms-retirement-dependent"),
            ("oliver.bennett@tailspin.example", "phone-sms-opt-in-region"),
            ("oliver.bennett@tailspin.example", "phone-trunk-prefix"),
            ("renee.lefevre@tailspin.example", "sms-retirement-dependent"),
            ("sofia.navarro@tailspin.example", "phone-shared"),
        ],
    ),
    (
        "woodgrove",
        &[
            ("", "global-admin-count"),
            ("", "sole-admin"),
            ("", "sspr-disabled"),
            (
                "3f2a9c71-5b8e-4d6a-9c0f-7e1d2b3a4c5d",
                "admin-not-in-directory",
            ),
            ("chen.jing@woodgrove.example", "alt-email-internal"),
            ("chen.jing@woodgrove.example", "phone-sms-opt-in-region"),
            ("devon.price@woodgrove.example", "phone-missing"),
            ("elena.novak@woodgrove.example", "phone-sms-opt-in-region"),
            ("elena.novak@woodgrove.example", "sms-retirement-dependent"),
            ("marcus.webb@woodgrove.example", "admin-disabled"),
            ("rosa.diaz@woodgrove.example", "alt-email-missing"),
            ("rosa.diaz@woodgrove.example", "phone-line-unverified"),
            (
                "rosa.diaz@woodgrove.example",
                "recovery-methods-insufficient",
            ),
            ("rosa.diaz@woodgrove.example", "sspr-not-registered"),
        ],
    ),
];

fn samples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn audit_samples() -> Report {
    let (tenants, problems) = run::discover(&samples()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let rules = RuleSettings {
        as_of: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        ..RuleSettings::default()
    };
    run::run(
        &tenants,
        &RunOptions {
            rules,
            ..RunOptions::default()
        },
    )
}

#[test]
fn every_sample_tenant_gives_its_documented_findings() {
    let report = audit_samples();
    let names: Vec<&str> = report.tenants.iter().map(|t| t.name.as_str()).collect();
    let expected_names: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected_names);
    for (tenant, (name, expected)) in report.tenants.iter().zip(EXPECTED) {
        let got: BTreeSet<(String, &str)> = tenant
            .findings
            .iter()
            .map(|f| (f.upn.clone().unwrap_or_default(), f.rule))
            .collect();
        let want: BTreeSet<(String, &str)> =
            expected.iter().map(|(u, r)| (u.to_string(), *r)).collect();
        assert_eq!(got, want, "tenant {name}");
    }
}

#[test]
fn samples_make_every_rule_fire() {
    let report = audit_samples();
    let fired: BTreeSet<&str> = report
        .tenants
        .iter()
        .flat_map(|t| &t.findings)
        .map(|f| f.rule)
        .collect();
    for rule in catalog::RULES {
        assert!(
            fired.contains(rule.id),
            "{} never fires on the samples",
            rule.id
        );
    }
}

#[test]
fn sample_input_rows_reconcile() {
    // Every data row is either in the model or reported as an input issue.
    let report = audit_samples();
    for tenant in &report.tenants {
        for input in &tenant.inputs {
            let reported = tenant
                .input_issues
                .iter()
                .filter(|i| i.file == input.file && i.sheet == input.sheet && i.row.is_some())
                .count() as u64;
            assert!(
                input.rows_rejected <= reported,
                "{}: {:?}",
                tenant.name,
                input
            );
            assert!(
                input.rows > 0,
                "{}: {} read no rows",
                tenant.name,
                input.file
            );
        }
    }
}

#[test]
fn every_finding_names_its_source_row() {
    let report = audit_samples();
    for tenant in &report.tenants {
        for f in tenant.findings.iter().filter(|f| f.upn.is_some()) {
            let source = f.source.as_ref().map(|s| s.to_string());
            let source = source.unwrap_or_default();
            let row = source
                .rsplit(':')
                .next()
                .and_then(|r| r.parse::<u32>().ok());
            assert!(
                row.is_some_and(|r| r > 0),
                "{} {} {:?}",
                tenant.name,
                f.rule,
                f.upn
            );
        }
    }
}

//! Benchmarks of the whole pipeline and of header recognition, on a
//! synthetic tenant in the Entra "Download users" format plus a PIM role
//! export (the shape of `../shared/peer/make_bench.py`), written once to a
//! temporary folder.
//!
//! The peer comparison (ratios against the Python script on the same data)
//! is a separate script: see `docs/performance.md`.

use std::fmt::Write as _;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tenant_audit::build;
use tenant_audit::columns::Layout;
use tenant_audit::report;
use tenant_audit::rules::RuleSettings;
use tenant_audit::run::{self, RunOptions};
use tenant_audit::source::Origin;

const HEADER: &str = "userPrincipalName,displayName,surname,mail,givenName,\
objectId,userType,jobTitle,department,accountEnabled,usageLocation,\
streetAddress,state,country,physicalDeliveryOfficeName,city,postalCode,\
telephoneNumber,mobile,authenticationPhoneNumber,\
authenticationAlternativePhoneNumber,authenticationEmail,\
alternateEmailAddress,ageGroup,consentProvidedForMinor,\
legalAgeGroupClassification";

const PHONES: &[&str] = &[
    "+44 7700 900{}",
    "+81 90-1234-5{}",
    "+1 201-555-01{}",
    "+49 1512 34567{}",
    "07700 900{}",
    "+33 6 12 34 56 {}",
    "+81 090-1234-5{}",
    "",
    "+44 20 7946 0{}",
    "+91 98765 432{}",
    "N/A",
    "+39 06 1234 56{}",
    "(425) 555-01{} ext. 12",
];
const REGIONS: &[&str] = &[
    "GB", "JP", "US", "DE", "GB", "FR", "JP", "GB", "GB", "IN", "US", "IT", "US",
];

/// Writes a tenant of `users` users, every `stride`-th an admin.
fn write_tenant(dir: &Path, users: usize, stride: usize) {
    let mut text = String::with_capacity(users * 260);
    text.push_str(HEADER);
    text.push('\n');
    let mut roles =
        String::from("Assignment State,User Group Name,Role Name,PrincipalName,Member Type\n");
    for i in 0..users {
        let k = i % PHONES.len();
        let phone = PHONES[k].replace("{}", &format!("{:02}", i % 100));
        let alt = if i % 4 == 0 {
            String::new()
        } else {
            format!("u{i:07}@example.org")
        };
        let enabled = if i % 50 == 0 { "False" } else { "True" };
        let _ = writeln!(
            text,
            "user{i:07}@bench.example,User {i},S{i},user{i:07}@bench.example,G{i},\
             {i:08x}-0000-4000-8000-{i:012x},Member,Engineer,R&D,{enabled},{r},\
             1 Main Street,,{r},HQ,City,10001,,{phone},,,,{alt},,,",
            r = REGIONS[k]
        );
        if i % stride == 0 {
            let _ = writeln!(
                roles,
                "Active,User {i},Global Administrator,user{i:07}@bench.example,Direct"
            );
        }
    }
    std::fs::write(dir.join("exportUsers.csv"), text).unwrap();
    std::fs::write(dir.join("pim-assignments.csv"), roles).unwrap();
}

fn options(all_users: bool) -> RunOptions {
    let rules = RuleSettings {
        all_users,
        ..RuleSettings::default()
    };
    RunOptions {
        rules,
        ..RunOptions::default()
    }
}

fn pipeline(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let tenant = dir.path().join("bench");
    std::fs::create_dir(&tenant).unwrap();
    let users = 20_000;
    write_tenant(&tenant, users, 50);
    let files = build::discover(&tenant).unwrap();

    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    group.throughput(Throughput::Elements(users as u64));
    group.bench_function("admins_20k_users", |b| {
        b.iter(|| run::run(std::slice::from_ref(&files), &options(false)))
    });
    group.bench_function("all_users_20k", |b| {
        b.iter(|| run::run(std::slice::from_ref(&files), &options(true)))
    });

    // The reports of the all-users run: the workbook is most of a large
    // run's time.
    let report = run::run(std::slice::from_ref(&files), &options(true));
    let out = dir.path().join("report.xlsx");
    group.bench_function("workbook_20k_all_users", |b| {
        b.iter(|| report::xlsx::write(&report, &out).unwrap())
    });
    group.bench_function("json_20k_all_users", |b| {
        b.iter(|| {
            let mut sink = std::io::sink();
            report::json::write(&report, &mut sink).unwrap();
        })
    });
    group.finish();
}

fn headers(c: &mut Criterion) {
    let headers: Vec<String> = HEADER.split(',').map(str::to_string).collect();
    c.bench_function("recognise_classic_header", |b| {
        b.iter(|| Layout::new(Origin::file("u.csv"), 1, headers.clone()))
    });
}

criterion_group!(benches, pipeline, headers);
criterion_main!(benches);

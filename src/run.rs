//! One audit run: tenants in, one report out. Tenants are audited in
//! parallel; the report is sorted before it is returned, so its order does
//! not depend on which thread finished first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::build::{self, LoadOptions, Loaded, TenantFiles};
use crate::model::Tenant;
use crate::progress::Progress;
use crate::read::Limits;
use crate::report::{Report, TenantReport, Tool};
use crate::rules::{self, RuleSettings};
use crate::source::{InputIssue, Origin};

/// Everything a run needs, validated.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// The rule settings.
    pub rules: RuleSettings,
    /// Rule settings that replace `rules` for one tenant, by tenant name
    /// (`[tenants.NAME]` in the configuration).
    pub tenants: BTreeMap<String, RuleSettings>,
    /// A carrier lookup applied to every tenant.
    pub carriers: Option<PathBuf>,
    /// Reader limits.
    pub limits: Limits,
    /// The progress bar (hidden by default).
    pub progress: Progress,
    /// The process ends soon after the run (the command line): large
    /// tenant models are then left for the exit to free, up to a bound,
    /// instead of being freed block by block while the reports are made.
    pub exits_after: bool,
}

/// A run that could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// None of the tenant paths could be read.
    #[error("no readable tenant: {}", .0.join("; "))]
    NoTenant(Vec<String>),
    /// An output path is one of the inputs.
    #[error(
        "{0}: refusing to write a report over an input file; name another \
         file with -o, --json or --csv"
    )]
    OutputIsInput(String),
}

impl RunOptions {
    /// The rule settings for the tenant of this name.
    pub fn rules_for(&self, tenant: &str) -> &RuleSettings {
        self.tenants.get(tenant).unwrap_or(&self.rules)
    }

    /// Tenant names with settings of their own that no tenant of the run
    /// has: most likely a typo in the configuration.
    pub fn unmatched_tenants<'a>(&'a self, tenants: &[TenantFiles]) -> Vec<&'a str> {
        let names: Vec<&str> = tenants.iter().map(|t| t.name.as_str()).collect();
        let unmatched = self.tenants.keys().filter(|k| !names.contains(&k.as_str()));
        unmatched.map(String::as_str).collect()
    }
}

/// Lists the files of every tenant path. Paths that cannot be read are
/// returned as messages (`path: reason`); the others go on.
///
/// # Errors
///
/// When no path at all could be read.
pub fn discover(paths: &[PathBuf]) -> Result<(Vec<TenantFiles>, Vec<String>), RunError> {
    let mut tenants = Vec::new();
    let mut problems = Vec::new();
    let mut roots = Vec::new();
    // A batch names a thousand folders: they are listed in parallel, and
    // taken in the order given.
    let listed: Vec<_> = paths.par_iter().map(|p| build::discover(p)).collect();
    for (path, listed) in paths.iter().zip(listed) {
        match listed {
            Ok(files) => {
                tenants.push(files);
                roots.push(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => problems.push(format!(
                "{}: no such file or folder (a tenant is a folder of \
                 export files, or one file)",
                path.display()
            )),
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    if tenants.is_empty() {
        return Err(RunError::NoTenant(problems));
    }
    for problem in tell_apart(&mut tenants, &roots) {
        problems.push(problem);
    }
    Ok((tenants, problems))
}

/// Renames tenants that share a name (`a/contoso` and `b/contoso`), which
/// the report could not otherwise tell apart: each takes its parent
/// folder's name too, `contoso (a)`, or a number when even that is shared.
/// Returns a note per rename.
fn tell_apart(tenants: &mut [TenantFiles], roots: &[&PathBuf]) -> Vec<String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for tenant in tenants.iter() {
        *count.entry(tenant.name.clone()).or_default() += 1;
    }
    let mut taken: BTreeSet<String> = count.keys().cloned().collect();
    let mut notes = Vec::new();
    for (tenant, root) in tenants.iter_mut().zip(roots) {
        if count.get(&tenant.name).copied().unwrap_or(0) < 2 {
            continue;
        }
        let parent = root
            .canonicalize()
            .ok()
            .and_then(|p| Some(p.parent()?.file_name()?.to_string_lossy().into_owned()));
        let mut name = match parent {
            Some(parent) => format!("{} ({parent})", tenant.name),
            None => tenant.name.clone(),
        };
        let base = name.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base} #{n}");
            n += 1;
        }
        taken.insert(name.clone());
        notes.push(format!(
            "{}: another tenant of this run is also named `{}`; reported as `{name}`",
            root.display(),
            tenant.name
        ));
        tenant.name = name;
    }
    notes
}

/// Refuses an output path that is one of the input files.
///
/// # Errors
///
/// [`RunError::OutputIsInput`] naming the path.
pub fn check_outputs(outputs: &[&Path], tenants: &[TenantFiles]) -> Result<(), RunError> {
    use crate::report::atomic::FileId;

    for output in outputs {
        // An output not written yet is no input; one that exists is told
        // by one look at each input, not two paths resolved per pair.
        let Some(id) = FileId::of(output) else {
            continue;
        };
        let clash = tenants.par_iter().any(|tenant| {
            let same = |(input, _): &(PathBuf, String)| FileId::of(input).as_ref() == Some(&id);
            tenant.files.iter().any(same)
        });
        if clash {
            return Err(RunError::OutputIsInput(output.display().to_string()));
        }
    }
    Ok(())
}

/// Audits every tenant and returns the sorted report.
pub fn run(tenants: &[TenantFiles], options: &RunOptions) -> Report {
    let carriers = options
        .carriers
        .as_deref()
        .map(|path| build::load_carriers(path, &options.limits));
    let tenants: Vec<TenantReport> = tenants
        .par_iter()
        .map(|files| audit_tenant(files, options, carriers.as_ref()))
        .collect();
    let mut report = Report {
        tool: Tool::default(),
        profile: options.rules.profile.name.clone(),
        as_of: options.rules.as_of.format("%Y-%m-%d").to_string(),
        tenants,
    };
    // Each tenant's lists were put in order on its own thread (see
    // `audit_unguarded`); only the tenants are left to order.
    report.sort_tenants();
    report
}

/// Reads and audits one tenant.
///
/// A panic while doing so (a bug, never an expected outcome) does not end
/// the run: the tenant is reported with no admins and one input issue
/// asking for a report of the problem, and the other tenants go on.
pub fn audit_tenant(
    files: &TenantFiles,
    options: &RunOptions,
    carriers: Option<&Loaded>,
) -> TenantReport {
    guarded(files, || audit_unguarded(files, options, carriers))
}

/// Runs `audit`, turning a panic into the report of a tenant that could
/// not be read.
fn guarded(files: &TenantFiles, audit: impl FnOnce() -> TenantReport) -> TenantReport {
    // Nothing `audit` touches outlives it but the report it returns, so
    // no half-updated state can be seen after a panic.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(audit)).unwrap_or_else(|_| {
        let origin = Origin::file(&files.name);
        let message = "internal error while reading this tenant; please report it";
        TenantReport {
            name: files.name.clone(),
            input_issues: vec![InputIssue::whole(&origin, message)],
            ..TenantReport::default()
        }
    })
}

fn audit_unguarded(
    files: &TenantFiles,
    options: &RunOptions,
    carriers: Option<&Loaded>,
) -> TenantReport {
    let settings = options.rules_for(&files.name);
    let load = LoadOptions {
        all_users: settings.all_users,
        limits: options.limits.clone(),
        progress: options.progress.clone(),
    };
    let mut loaded = build::load(files, &load);
    if let Some(shared) = carriers {
        add_shared_carriers(&mut loaded, shared);
    }
    let audit = rules::audit(&loaded.tenant, settings);
    release(loaded.tenant, options.exits_after);
    let mut report = TenantReport {
        name: files.name.clone(),
        inputs: loaded.inputs,
        admins: audit.admins,
        findings: audit.findings,
        not_evaluated: audit.not_evaluated,
        input_issues: loaded.issues,
        all_users: settings.all_users,
    };
    report.sort();
    options.progress.tenant_done();
    report
}

/// Frees a tenant model. A model of many thousand accounts takes a
/// noticeable time to free, so that is done on another thread while the
/// run goes on to the reports. Freeing a million small blocks also slows
/// every other thread's allocations, so when the process ends after the
/// run (`exits_after`), large models of up to `LEFT_FOR_EXIT` accounts in
/// all are not freed at all: the exit returns their memory at once.
fn release(tenant: Tenant, exits_after: bool) {
    use std::sync::atomic::{AtomicUsize, Ordering};

    const LARGE: usize = 10_000;
    const LEFT_FOR_EXIT: usize = 1_000_000;
    static LEFT: AtomicUsize = AtomicUsize::new(0);

    let accounts = tenant.accounts.len();
    if accounts < LARGE {
        return;
    }
    let room = |left: usize| (left + accounts <= LEFT_FOR_EXIT).then_some(left + accounts);
    if exits_after
        && LEFT
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, room)
            .is_ok()
    {
        std::mem::forget(tenant);
    } else {
        rayon::spawn(move || drop(tenant));
    }
}

/// Adds the `--carriers` lookup to a tenant: its own lookups win, and the
/// shared file is listed among its inputs.
fn add_shared_carriers(loaded: &mut Loaded, shared: &Loaded) {
    let tenant = &mut loaded.tenant;
    for (number, carrier) in &shared.tenant.carriers {
        if !tenant.carriers.contains_key(number) {
            tenant.carriers.insert(number.clone(), carrier.clone());
        }
    }
    tenant.coverage.carriers |= shared.tenant.coverage.carriers;
    loaded.inputs.extend(shared.inputs.iter().cloned());
    loaded.issues.extend(shared.issues.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_tenant_becomes_an_input_issue() {
        let files = TenantFiles {
            name: "contoso".into(),
            files: Vec::new(),
        };
        let report = guarded(&files, || panic!("bug"));
        assert_eq!(report.name, "contoso");
        assert!(report.admins.is_empty());
        assert_eq!(report.input_issues.len(), 1);
        let message = &report.input_issues[0].message;
        assert!(message.starts_with("internal error while reading this tenant"));
    }

    #[test]
    fn a_tenant_that_does_not_panic_is_left_as_it_is() {
        let files = TenantFiles {
            name: "fabrikam".into(),
            files: Vec::new(),
        };
        let report = guarded(&files, || TenantReport {
            name: "fabrikam".into(),
            ..TenantReport::default()
        });
        assert!(report.input_issues.is_empty());
    }

    /// Two tenants whose Global Administrator has no phone (another user
    /// has one, or the empty column would read as unknown).
    fn two_tenants(root: &Path) -> Vec<TenantFiles> {
        ["alpha", "beta"]
            .iter()
            .map(|name| {
                let dir = root.join(name);
                std::fs::create_dir(&dir).unwrap();
                let users = format!(
                    "userPrincipalName,accountEnabled,mobile\n\
                     ada@{name}.example,True,\n\
                     bob@{name}.example,True,+44 7400 123456\n"
                );
                let roles = format!(
                    "RoleName,UserPrincipalName\nGlobal Administrator,ada@{name}.example\n"
                );
                std::fs::write(dir.join("users.csv"), users).unwrap();
                std::fs::write(dir.join("roles.csv"), roles).unwrap();
                build::discover(&dir).unwrap()
            })
            .collect()
    }

    fn fires(report: &TenantReport, rule: &str) -> bool {
        report.findings.iter().any(|f| f.rule == rule)
    }

    #[test]
    fn tenant_settings_apply_to_their_tenant_only() {
        let dir = tempfile::tempdir().unwrap();
        let tenants = two_tenants(dir.path());
        let mut beta = RuleSettings::default();
        beta.disabled.insert(crate::catalog::PHONE_MISSING.into());
        let options = RunOptions {
            tenants: BTreeMap::from([("beta".to_string(), beta)]),
            ..RunOptions::default()
        };

        let report = run(&tenants, &options);
        let by_name = |n: &str| report.tenants.iter().find(|t| t.name == n).unwrap();
        assert!(fires(by_name("alpha"), crate::catalog::PHONE_MISSING));
        assert!(!fires(by_name("beta"), crate::catalog::PHONE_MISSING));
        assert!(options.unmatched_tenants(&tenants).is_empty());
    }

    #[test]
    fn settings_for_an_absent_tenant_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let tenants = two_tenants(dir.path());
        let options = RunOptions {
            tenants: BTreeMap::from([("gamma".to_string(), RuleSettings::default())]),
            ..RunOptions::default()
        };
        assert_eq!(options.unmatched_tenants(&tenants), vec!["gamma"]);
    }
}

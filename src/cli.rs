//! The command line: clap's definitions (also the source of the shell
//! completions and the man page), turning the raw arguments into the
//! library's validated settings, and the hints printed when a tenant's
//! files were not understood. Nothing past this file knows about clap.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use tenant_audit::build::TenantFiles;
use tenant_audit::catalog::Severity;
use tenant_audit::columns::{self, Field};
use tenant_audit::config::Config;
use tenant_audit::read::{self, Limits};
use tenant_audit::report::{Report, TenantReport};
use tenant_audit::rules::{Profile, RuleSettings};
use tenant_audit::run::RunOptions;

const AFTER_HELP: &str = "\
Examples:
  tenant-audit audit samples/*                  audit every sample tenant
  tenant-audit audit exports/contoso --json -   JSON report on stdout
  tenant-audit inspect exports/contoso          how each file is read
  tenant-audit rules                            the rule catalog
  tenant-audit diff old.json new.json           what changed between runs
  tenant-audit init                             write tenant-audit.toml
  tenant-audit completions bash                 shell completions

Documentation: docs/ in the source (rules.md, inputs.md,
configuration.md, scheduled-audits.md, msp.md, workbook.md, diff.md);
`tenant-audit man`.

Exit codes: 0 done, 1 a finding reached --fail-on, 2 the run could not
complete.";

/// Audits Microsoft 365 / Entra ID tenant exports for what breaks
/// administrator self-service password reset. No credentials, no network:
/// export files in, findings out.
#[derive(Debug, Parser)]
#[command(name = "tenant-audit", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit tenants and write the workbook (and JSON/CSV when asked).
    #[command(after_help = AUDIT_HELP)]
    Audit(AuditArgs),
    /// Show how each file and worksheet is read: parts, columns, rows,
    /// input issues. Writes nothing.
    #[command(after_help = INSPECT_HELP)]
    Inspect(InspectArgs),
    /// List the rule catalog: id, default severity, description.
    #[command(after_help = RULES_HELP)]
    Rules(RulesArgs),
    /// Write a commented example configuration file.
    #[command(after_help = INIT_HELP)]
    Init(InitArgs),
    /// Print shell completions to stdout.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout, or one page per command into
    /// a folder.
    #[command(after_help = MAN_HELP)]
    Man(ManArgs),
    /// Compare two JSON reports: findings fixed, new and unchanged per
    /// tenant.
    #[command(after_help = DIFF_HELP)]
    Diff(DiffArgs),
}

const MAN_HELP: &str = "\
Examples:
  tenant-audit man > tenant-audit.1 && man ./tenant-audit.1
  tenant-audit man --dir /usr/local/share/man/man1";

/// Options of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write tenant-audit.1 and a page per command into this folder
    /// instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

const INSPECT_HELP: &str = "\
Use it when a file is not read as expected: it names the part(s) each
file or worksheet plays (users, roles, registration, settings,
carriers), the column each field was read from, the columns not used,
row counts and input issues.

Examples:
  tenant-audit inspect exports/contoso
  tenant-audit inspect exports/contoso/users.csv
  tenant-audit inspect northwind-export.xlsx | less";

const RULES_HELP: &str = "\
Examples:
  tenant-audit rules
  tenant-audit rules --markdown > docs/rules.md   regenerate the reference
  tenant-audit rules --json | jq -r '.[] | select(.severity == \"critical\") | .id'";

const INIT_HELP: &str = "\
Every setting in the file is commented out: uncomment what you need,
then pass it with `tenant-audit audit --config tenant-audit.toml`.
An existing file is never overwritten.

Examples:
  tenant-audit init
  tenant-audit init clients/tenant-audit.toml";

const COMPLETIONS_HELP: &str = "\
Examples:
  tenant-audit completions bash > ~/.local/share/bash-completion/completions/tenant-audit
  tenant-audit completions zsh > ~/.zfunc/_tenant-audit
  tenant-audit completions fish > ~/.config/fish/completions/tenant-audit.fish
  tenant-audit completions powershell >> $PROFILE";

/// Options of `rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the full rule reference (docs/rules.md) as Markdown.
    #[arg(long, conflicts_with = "json")]
    pub markdown: bool,
    /// Print the catalog, with every documentation field, as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The file to write.
    #[arg(value_name = "PATH", default_value = "tenant-audit.toml")]
    pub path: PathBuf,
}

/// Options of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

const DIFF_HELP: &str = "\
Findings match by rule and account (UPN, any case), not by value: a phone
retyped but still invalid stays unchanged. A tenant only in NEW counts all
its findings as new.

Exit codes: 0 done, 1 --fail-on-new and a finding is new, 2 a report
could not be read.

Examples:
  tenant-audit diff last-week.json today.json
  tenant-audit diff old.json new.json --json
  tenant-audit diff old.json new.json --fail-on-new";

/// Options of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier JSON report (`audit --json`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later JSON report.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Print the comparison as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when the new report has a finding the old one did not.
    #[arg(long)]
    pub fail_on_new: bool,
}

const AUDIT_HELP: &str = "\
Each TENANT is a folder of export files (the tenant takes the folder's
name) or a single file. Files are recognised by their columns, not their
names: user downloads, role exports, registration reports, settings and
carrier lookups, as CSV, XLSX, XLS or ODS.

Examples:
  tenant-audit audit exports/contoso
  tenant-audit audit clients/* -o msp.xlsx --fail-on critical
  tenant-audit audit contoso --as-of 2027-02-01 --json -
  tenant-audit audit contoso --emergency breakglass@contoso.example --mask
  tenant-audit audit clients/* --config tenant-audit.toml --carriers lookup.csv";

/// Options of `audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Tenant folders or files.
    #[arg(required = true, value_name = "TENANT")]
    pub tenants: Vec<PathBuf>,
    /// The workbook to write.
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = "tenant-audit-report.xlsx"
    )]
    pub output: PathBuf,
    /// Also write the JSON report (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also write the findings as CSV (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// A carrier / line-type lookup applied to every tenant.
    #[arg(long, value_name = "FILE")]
    pub carriers: Option<PathBuf>,
    /// TOML settings: profile, emergency accounts, carrier names, severity
    /// overrides, rules turned off, per-tenant tables (`tenant-audit init`
    /// writes an example).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Bounds for global-admin-count: cis 2 to 4 (default), cisa 2 to 8.
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
    /// Declare an emergency (break-glass) account; repeatable.
    #[arg(long, value_name = "UPN")]
    pub emergency: Vec<String>,
    /// Run the contact rules for every enabled user, not only admins.
    #[arg(long)]
    pub all_users: bool,
    /// The date to judge for, YYYY-MM-DD (default today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// The tenant has a customer-managed SMS/voice provider.
    #[arg(long)]
    pub telecom_provider: bool,
    /// Mask phones and emails in every report.
    #[arg(long)]
    pub mask: bool,
    /// Exit 1 when a finding reaches this severity.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// No progress bar and no summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Options of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Files or folders to inspect.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// The `--profile` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ProfileArg {
    /// CIS: 2 to 4 Global Administrators.
    Cis,
    /// CISA SCuBA: 2 to 8 Global Administrators.
    Cisa,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date of the form YYYY-MM-DD"))
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    text.parse()
}

impl AuditArgs {
    /// The run options: defaults, then the configuration file, then the
    /// command line.
    ///
    /// # Errors
    ///
    /// A configuration file that cannot be read or is invalid.
    pub fn options(&self) -> Result<RunOptions, String> {
        let mut rules = RuleSettings::default();
        let mut tenants = std::collections::BTreeMap::new();
        if let Some(path) = &self.config {
            let config = Config::load(path).map_err(|e| e.to_string())?;
            config.apply(path, &mut rules).map_err(|e| e.to_string())?;
            tenants = config
                .tenant_settings(path, &rules)
                .map_err(|e| e.to_string())?;
        }
        self.override_rules(&mut rules);
        for settings in tenants.values_mut() {
            self.override_rules(settings);
        }
        Ok(RunOptions {
            rules,
            tenants,
            carriers: self.carriers.clone(),
            ..RunOptions::default()
        })
    }

    /// Applies the command-line rule options, which win over the file.
    fn override_rules(&self, rules: &mut RuleSettings) {
        match self.profile {
            Some(ProfileArg::Cis) => rules.profile = Profile::cis(),
            Some(ProfileArg::Cisa) => rules.profile = Profile::cisa(),
            None => {}
        }
        let emergency = self.emergency.iter().map(|u| u.trim().to_lowercase());
        rules.emergency.extend(emergency);
        rules.all_users = self.all_users;
        rules.telecom_provider |= self.telecom_provider;
        if let Some(date) = self.as_of {
            rules.as_of = date;
        }
    }
}

/// Writes the completion script for `shell`, from the same definitions
/// that parse the arguments.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "tenant-audit", out);
}

/// Writes the man page (roff) of `tenant-audit`: its options, commands and
/// examples.
///
/// # Errors
///
/// When writing to `out` fails.
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

/// Writes a man page per command into `dir` (`tenant-audit.1`,
/// `tenant-audit-audit.1`, ...).
///
/// # Errors
///
/// When a page cannot be written.
pub fn man_pages(dir: &Path) -> io::Result<()> {
    clap_mangen::generate_to(Cli::command(), dir)
}

/// Hints for tenants whose files were not understood: no users export,
/// or no admin found. Each names the columns the tenant's files have and
/// the `inspect` command to run; `paths` are the tenant paths as given.
pub fn hints(paths: &[PathBuf], tenants: &[TenantFiles], report: &Report) -> Vec<String> {
    let mut hints = Vec::new();
    for files in tenants {
        let Some(tenant) = report.tenants.iter().find(|t| t.name == files.name) else {
            continue;
        };
        let Some(problem) = problem(tenant) else {
            continue;
        };
        let shown = tenant_path(paths, &files.name).display();
        if files.files.is_empty() {
            hints.push(format!(
                "{}: the folder holds no files; put the tenant's user, role \
                 and registration exports in {shown} (docs/inputs.md says how \
                 to produce them)",
                files.name
            ));
            continue;
        }
        let (headers, upn_seen) = headers_of(files);
        let problem = match (problem, upn_seen) {
            (Problem::Users, false) => {
                "no column looks like a UPN in any file, so no account was read".to_string()
            }
            (problem, _) => problem.describe(),
        };
        hints.push(format!(
            "{}: {problem}; columns found: {}; try `tenant-audit inspect {shown}`",
            files.name,
            list_columns(&headers),
        ));
    }
    hints
}

/// What kept a tenant from being audited: which part is missing.
#[derive(Clone, Copy)]
enum Problem {
    /// No users export.
    Users,
    /// No roles export and no admin flag.
    Roles,
    /// Roles read, but none of them an admin role.
    AdminRole,
}

impl Problem {
    fn describe(self) -> String {
        let text = match self {
            Problem::Users => {
                "no file looks like a users export (a UPN column beside \
                 profile or contact columns), so no account was read"
            }
            Problem::Roles => {
                "no admin found: no file names roles (a role column beside \
                 a UPN, email or object id) and no column marks admins \
                 (IsAdmin)"
            }
            Problem::AdminRole => "no admin found: the roles read include no administrator role",
        };
        text.to_string()
    }
}

fn problem(tenant: &TenantReport) -> Option<Problem> {
    let plays = |part: &str| tenant.inputs.iter().any(|i| i.parts.contains(&part));
    if !plays("users") {
        Some(Problem::Users)
    } else if !tenant.admins.is_empty() {
        None
    } else if plays("roles") {
        Some(Problem::AdminRole)
    } else {
        Some(Problem::Roles)
    }
}

/// Every distinct header of the tenant's files, and whether any column
/// was recognised as a UPN. Only headers are read (text is streamed).
fn headers_of(files: &TenantFiles) -> (Vec<String>, bool) {
    let limits = Limits::default();
    let mut headers: Vec<String> = Vec::new();
    let mut upn_seen = false;
    for (path, shown) in &files.files {
        for table in read::open(path, shown, &limits).tables {
            let layout = columns::recognise(table).layout;
            upn_seen |= layout.fields.contains(&Some(Field::Upn));
            for header in layout.headers {
                if !header.is_empty() && !headers.contains(&header) {
                    headers.push(header);
                }
            }
        }
    }
    (headers, upn_seen)
}

fn list_columns(headers: &[String]) -> String {
    const SHOWN: usize = 12;
    if headers.is_empty() {
        return "none".into();
    }
    let mut list = headers.iter().take(SHOWN).cloned().collect::<Vec<_>>();
    if headers.len() > SHOWN {
        list.push(format!("... ({} in all)", headers.len()));
    }
    list.join(", ")
}

/// The path the user gave for a tenant (a folder's or file's name is the
/// tenant's name), for a command they can paste.
fn tenant_path<'a>(paths: &'a [PathBuf], name: &'a str) -> &'a Path {
    let named = |p: &&PathBuf| {
        let stem = if p.is_dir() {
            p.file_name()
        } else {
            p.file_stem()
        };
        stem.is_some_and(|s| s == name)
    };
    paths
        .iter()
        .find(named)
        .map_or(Path::new(name), PathBuf::as_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn completions_name_every_command() {
        let mut out = Vec::new();
        completions(clap_complete::Shell::Bash, &mut out);
        let text = String::from_utf8(out).unwrap();
        for command in ["audit", "inspect", "rules", "init", "completions", "man"] {
            assert!(text.contains(command), "{command}");
        }
        assert!(text.contains("--fail-on"));
    }

    #[test]
    fn man_pages_cover_every_command() {
        let mut out = Vec::new();
        man(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(".TH tenant-audit 1"), "{text}");
        assert!(text.contains("completions"), "{text}");

        let dir = tempfile::tempdir().unwrap();
        man_pages(dir.path()).unwrap();
        let audit = std::fs::read_to_string(dir.path().join("tenant-audit-audit.1")).unwrap();
        assert!(audit.contains("fail\\-on"), "{audit}");
        assert!(dir.path().join("tenant-audit-inspect.1").exists());
    }

    #[test]
    fn tenant_files_without_users_get_a_hint_naming_columns() {
        let dir = tempfile::tempdir().unwrap();
        let tenant = dir.path().join("contoso");
        std::fs::create_dir(&tenant).unwrap();
        std::fs::write(
            tenant.join("people.csv"),
            "Name,Phone\nAda,+44 7400 123456\n",
        )
        .unwrap();
        let files = tenant_audit::build::discover(&tenant).unwrap();
        let report = tenant_audit::run::run(std::slice::from_ref(&files), &RunOptions::default());

        let hints = hints(std::slice::from_ref(&tenant), &[files], &report);
        assert_eq!(hints.len(), 1);
        let hint = &hints[0];
        assert!(
            hint.starts_with("contoso: no column looks like a UPN"),
            "{hint}"
        );
        assert!(hint.contains("columns found: Name, Phone"), "{hint}");
        assert!(hint.contains(&format!("tenant-audit inspect {}", tenant.display())));
    }

    #[test]
    fn an_empty_folder_gets_a_hint_to_add_exports() {
        let dir = tempfile::tempdir().unwrap();
        let tenant = dir.path().join("tailspin");
        std::fs::create_dir(&tenant).unwrap();
        let files = tenant_audit::build::discover(&tenant).unwrap();
        let report = tenant_audit::run::run(std::slice::from_ref(&files), &RunOptions::default());

        let hints = hints(&[], &[files], &report);
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert!(
            hints[0].starts_with("tailspin: the folder holds no files"),
            "{hints:?}"
        );
    }

    #[test]
    fn a_tenant_with_users_and_no_roles_gets_the_admin_hint() {
        let dir = tempfile::tempdir().unwrap();
        let tenant = dir.path().join("fabrikam");
        std::fs::create_dir(&tenant).unwrap();
        let users = "userPrincipalName,mobile\nada@f.example,+44 7400 123456\n";
        std::fs::write(tenant.join("users.csv"), users).unwrap();
        let files = tenant_audit::build::discover(&tenant).unwrap();
        let report = tenant_audit::run::run(std::slice::from_ref(&files), &RunOptions::default());

        let hints = hints(&[], &[files], &report);
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert!(
            hints[0].contains("no admin found: no file names roles"),
            "{}",
            hints[0]
        );
        assert!(
            hints[0].ends_with("try `tenant-audit inspect fabrikam`"),
            "{}",
            hints[0]
        );
    }
}

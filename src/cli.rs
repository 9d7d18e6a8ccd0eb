//! The command line: clap's definitions, and turning the raw arguments
//! into the library's validated settings. Nothing past this file knows
//! about clap.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use tenant_audit::catalog::Severity;
use tenant_audit::config::Config;
use tenant_audit::rules::{Profile, RuleSettings};
use tenant_audit::run::RunOptions;

const AFTER_HELP: &str = "\
Examples:
  tenant-audit audit samples/*                  audit every sample tenant
  tenant-audit audit exports/contoso --json -   JSON report on stdout
  tenant-audit inspect exports/contoso          how each file is read
  tenant-audit rules                            the rule catalog
  tenant-audit diff old.json new.json           what changed between runs

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
    Inspect(InspectArgs),
    /// List the rule catalog: id, default severity, description.
    Rules,
    /// Compare two JSON reports: findings fixed, new and unchanged per
    /// tenant.
    #[command(after_help = DIFF_HELP)]
    Diff(DiffArgs),
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
  tenant-audit audit contoso --emergency breakglass@contoso.example --mask";

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
    /// overrides, rules turned off.
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
        if let Some(path) = &self.config {
            let config = Config::load(path).map_err(|e| e.to_string())?;
            config.apply(path, &mut rules).map_err(|e| e.to_string())?;
        }
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
        Ok(RunOptions {
            rules,
            carriers: self.carriers.clone(),
            ..RunOptions::default()
        })
    }
}

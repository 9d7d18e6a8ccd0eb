//! The `tenant-audit.toml` configuration: profile, emergency accounts,
//! telecom provider, extra carrier names, severity overrides, rules turned
//! off, and the same settings per tenant under `[tenants.NAME]`. Errors
//! name the file, line and column. Command-line options win over the file.

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{self, Severity};
use crate::rules::{Profile, RuleSettings};

/// The configuration file as written. A `[tenants.NAME]` table holds the
/// same keys (except `tenants`) for one tenant.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `cis` (default) or `cisa`: bounds for `global-admin-count`.
    pub profile: Option<Spanned<String>>,
    /// Custom bounds for `global-admin-count`; they replace the profile's.
    pub global_admin_count: Option<Spanned<Bounds>>,
    /// Break-glass accounts, by UPN.
    #[serde(default)]
    pub emergency_accounts: Vec<String>,
    /// The tenant has a customer-managed SMS/voice provider.
    pub telecom_provider: Option<bool>,
    /// More carrier names to treat as non-wireless SMS providers.
    #[serde(default)]
    pub unsupported_carriers: Vec<String>,
    /// Rules turned off, by id.
    #[serde(default)]
    pub disabled_rules: Vec<Spanned<String>>,
    /// Severity overrides: rule id to severity.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Settings for one tenant, by tenant name (its folder's name or its
    /// file's stem), applied on top of the settings above.
    #[serde(default)]
    pub tenants: BTreeMap<Spanned<String>, Config>,
}

/// Bounds for `global-admin-count`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    /// Fewest Global Administrators that pass.
    pub min: u32,
    /// Most Global Administrators that pass.
    pub max: u32,
}

/// A configuration file that could not be used. Messages read
/// `file:line:column: what is wrong` where a position is known.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read (or, for `init`, written).
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file given with `--config` does not exist.
    #[error(
        "{path}: no such configuration file; `tenant-audit init {path}` \
         writes a commented example"
    )]
    Missing {
        /// The file.
        path: String,
    },
    /// `init` found a file already there.
    #[error("{path}: already exists; edit it, or name another file")]
    Exists {
        /// The file.
        path: String,
    },
    /// The file is not valid TOML, has unknown keys or values out of
    /// range (an unknown rule id, severity or profile).
    #[error("{path}{}: {message}", place(*.at))]
    Invalid {
        /// The file.
        path: String,
        /// Line and column, from 1, when known.
        at: Option<(usize, usize)>,
        /// What is wrong; for TOML errors, the offending line follows.
        message: String,
    },
}

fn place(at: Option<(usize, usize)>) -> String {
    at.map(|(line, col)| format!(":{line}:{col}"))
        .unwrap_or_default()
}

/// A value found wrong while validating, with where it was written.
struct Wrong {
    span: Option<Range<usize>>,
    message: String,
}

impl Wrong {
    fn at<T>(value: &Spanned<T>, message: String) -> Wrong {
        Wrong {
            span: Some(value.span()),
            message,
        }
    }
}

impl Config {
    /// Reads, parses and validates a configuration file.
    ///
    /// # Errors
    ///
    /// When the file cannot be read or is not valid configuration; the
    /// error names the line and column.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                ConfigError::Missing { path: shown }
            } else {
                ConfigError::Io {
                    path: shown,
                    source,
                }
            }
        })?;
        Config::parse(&text, path)
    }

    /// Parses and validates configuration text; `path` names it in errors.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Invalid`] with the line and column of the first
    /// problem: bad TOML, an unknown key, rule id, severity or profile,
    /// bounds with `min` over `max`, or a `tenants` table inside a tenant.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |span: Option<Range<usize>>, message: String| {
            let at = span.map(|s| line_col(text, s.start));
            let line = at.and_then(|(l, _)| text.lines().nth(l - 1));
            let message = match line {
                Some(line) => format!("{message}\n    {}", line.trim_end()),
                None => message,
            };
            ConfigError::Invalid {
                path: path.display().to_string(),
                at,
                message,
            }
        };
        let config: Config = toml::from_str(text)
            .map_err(|e| invalid(e.span(), e.message().trim_end().to_string()))?;
        config
            .validate(true)
            .map_err(|wrong| invalid(wrong.span, wrong.message))?;
        Ok(config)
    }

    /// Checks every value; `top` is false inside a `[tenants.NAME]` table.
    fn validate(&self, top: bool) -> Result<(), Wrong> {
        if let Some(name) = &self.profile {
            Profile::named(name.get_ref()).map_err(|m| Wrong::at(name, m))?;
        }
        if let Some(bounds) = &self.global_admin_count {
            let Bounds { min, max } = *bounds.get_ref();
            if min > max {
                let message = format!("global_admin_count: min {min} is over max {max}");
                return Err(Wrong::at(bounds, message));
            }
        }
        for id in &self.disabled_rules {
            check_rule(id.get_ref()).map_err(|m| Wrong::at(id, m))?;
        }
        for (id, severity) in &self.severity {
            check_rule(id.get_ref()).map_err(|m| Wrong::at(id, m))?;
            let parsed = severity.get_ref().parse::<Severity>();
            parsed.map_err(|m| Wrong::at(severity, m))?;
        }
        self.validate_tenants(top)
    }

    fn validate_tenants(&self, top: bool) -> Result<(), Wrong> {
        if let (false, Some(name)) = (top, self.tenants.keys().next()) {
            let message = "a [tenants.NAME] table cannot hold tenants of its own".into();
            return Err(Wrong::at(name, message));
        }
        for tenant in self.tenants.values() {
            tenant.validate(false)?;
        }
        Ok(())
    }

    /// Applies the file's top-level settings (not the per-tenant tables)
    /// to the rule settings, validating every value again.
    ///
    /// # Errors
    ///
    /// On an unknown rule id, severity or profile, or bounds with `min`
    /// over `max`; `path` names the file in the message.
    pub fn apply(&self, path: &Path, rules: &mut RuleSettings) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.display().to_string(),
            at: None,
            message,
        };
        if let Some(name) = &self.profile {
            rules.profile = Profile::named(name.get_ref()).map_err(invalid)?;
        }
        if let Some(bounds) = &self.global_admin_count {
            let Bounds { min, max } = *bounds.get_ref();
            if min > max {
                return Err(invalid(format!(
                    "global_admin_count: min {min} is over max {max}"
                )));
            }
            rules.profile = Profile {
                name: "custom".into(),
                min,
                max,
            };
        }
        self.apply_lists(rules);
        for id in &self.disabled_rules {
            check_rule(id.get_ref()).map_err(invalid)?;
            rules.disabled.insert(id.get_ref().clone());
        }
        for (id, severity) in &self.severity {
            check_rule(id.get_ref()).map_err(invalid)?;
            let severity: Severity = severity.get_ref().parse().map_err(invalid)?;
            rules.severity.insert(id.get_ref().clone(), severity);
        }
        Ok(())
    }

    /// The settings that only add to what is there.
    fn apply_lists(&self, rules: &mut RuleSettings) {
        let emergency = self
            .emergency_accounts
            .iter()
            .map(|u| u.trim().to_lowercase());
        rules.emergency.extend(emergency);
        if let Some(provider) = self.telecom_provider {
            rules.telecom_provider = provider;
        }
        rules
            .extra_carriers
            .extend(self.unsupported_carriers.iter().cloned());
    }

    /// The rule settings of every tenant that has a `[tenants.NAME]`
    /// table: `base` (defaults plus the top-level settings) with the
    /// tenant's table applied on top. Lists (emergency accounts, carrier
    /// names, rules turned off) add to the base's; the rest replace it.
    ///
    /// # Errors
    ///
    /// As [`Config::apply`], for a tenant's table.
    pub fn tenant_settings(
        &self,
        path: &Path,
        base: &RuleSettings,
    ) -> Result<BTreeMap<String, RuleSettings>, ConfigError> {
        let mut settings = BTreeMap::new();
        for (name, tenant) in &self.tenants {
            let mut rules = base.clone();
            tenant.apply(path, &mut rules)?;
            settings.insert(name.get_ref().clone(), rules);
        }
        Ok(settings)
    }
}

/// Line and column, from 1, of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

fn check_rule(id: &str) -> Result<(), String> {
    if catalog::find(id).is_some() {
        return Ok(());
    }
    let hint = match closest_rule(id) {
        Some(near) => format!("did you mean `{near}`? "),
        None => String::new(),
    };
    Err(format!(
        "unknown rule id `{id}`; {hint}`tenant-audit rules` lists them"
    ))
}

/// The rule id nearest to a mistyped one, when it is near enough to be
/// the likely intent (a few letters off, or a prefix of one id).
fn closest_rule(id: &str) -> Option<&'static str> {
    let id = id.trim().to_lowercase();
    let (distance, near) = catalog::RULES
        .iter()
        .map(|rule| (edit_distance(&id, rule.id), rule.id))
        .min()?;
    let prefixed: Vec<_> = catalog::RULES
        .iter()
        .filter(|rule| id.len() >= 4 && rule.id.starts_with(&id))
        .collect();
    match prefixed.as_slice() {
        [only] => Some(only.id),
        _ if distance <= 3 => Some(near),
        _ => None,
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// Writes [`EXAMPLE`] to a new file: `tenant-audit init`.
///
/// # Errors
///
/// [`ConfigError::Exists`] when the file is already there (it is never
/// overwritten), [`ConfigError::Io`] when it cannot be written.
pub fn write_example(path: &Path) -> Result<(), ConfigError> {
    let shown = path.display().to_string();
    // create_new refuses an existing file atomically: no check-then-write
    // race with another process creating it.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ConfigError::Exists { path: shown });
        }
        Err(source) => {
            return Err(ConfigError::Io {
                path: shown,
                source,
            })
        }
    };
    file.write_all(EXAMPLE.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|source| ConfigError::Io {
            path: shown,
            source,
        })
}

/// The commented example `tenant-audit init` writes. Every setting is
/// commented out, so the file as written changes nothing; each line
/// `# key = value` is ready to uncomment.
pub const EXAMPLE: &str = r##"# tenant-audit.toml: settings for `tenant-audit audit --config FILE`.
# Command-line options win over this file. Every setting below is
# commented out: remove the "# " in front of a line to use it.
# Full reference: docs/configuration.md. Rule ids: `tenant-audit rules`.

# Bounds for the rule global-admin-count. "cis" (the default) passes 2 to
# 4 enabled Global Administrators, "cisa" (CISA SCuBA) 2 to 8.
# profile = "cisa"

# Or bounds of your own; they replace the profile's.
# global_admin_count = { min = 2, max = 5 }

# Break-glass accounts, kept without phone or email on purpose: they are
# audited like any admin, but their contact findings drop to info.
# emergency_accounts = ["breakglass1@contoso.onmicrosoft.com"]

# Set to true once the tenant sends SMS and voice codes through its own
# (customer-managed) telecom provider: phones then keep counting after
# Microsoft retires its own SMS and voice delivery on 2027-02-01.
# telecom_provider = true

# More carrier names to treat as non-wireless SMS providers, besides
# Google Voice, TextPlus, TextNow, Pinger, Talkatone, Burner and Skype.
# Matched against the carrier column of a carrier lookup.
# unsupported_carriers = ["Acme Virtual Mobile"]

# Rules turned off, by id.
# disabled_rules = ["phone-line-unverified"]

# Severities that replace the defaults: critical, high, medium, low, info.
# [severity]
# phone-sms-opt-in-region = "info"
# global-admin-count = "high"

# Settings for one tenant, by its name (the folder's name, or the file's
# stem). The same keys as above; lists add to the ones above, the other
# settings replace them.
# [tenants.contoso]
# profile = "cisa"
# emergency_accounts = ["breakglass@contoso.onmicrosoft.com"]
# disabled_rules = ["phone-extension"]
# severity = { phone-shared = "low" }
"##;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("t.toml"))
    }

    /// The example with every `# key = value` line uncommented.
    fn example_uncommented() -> String {
        let setting = |line: &str| {
            let first = line.split(' ').next().unwrap_or("");
            line.starts_with('[') || (line.contains(" = ") && !first.is_empty())
        };
        let lines = EXAMPLE.lines().map(|line| match line.strip_prefix("# ") {
            Some(rest) if setting(rest) && !rest.starts_with("Full") => rest,
            _ => line,
        });
        lines.collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_full_file_applies() {
        let config = parse(
            r#"
            profile = "cisa"
            emergency_accounts = ["BreakGlass@contoso.example"]
            telecom_provider = true
            unsupported_carriers = ["Acme Virtual"]
            disabled_rules = ["phone-line-unverified"]
            [severity]
            phone-sms-opt-in-region = "info"
            "#,
        )
        .unwrap();
        let mut rules = RuleSettings::default();
        config.apply(Path::new("t.toml"), &mut rules).unwrap();
        assert_eq!(rules.profile, Profile::cisa());
        assert!(rules.emergency.contains("breakglass@contoso.example"));
        assert!(rules.telecom_provider);
        assert!(rules.disabled.contains("phone-line-unverified"));
        assert_eq!(
            rules.severity.get("phone-sms-opt-in-region"),
            Some(&Severity::Info)
        );
    }

    #[test]
    fn unknown_keys_point_at_the_line() {
        let err = parse("profile = \"cis\"\nemergency = []\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("t.toml:2:1: unknown field"), "{text}");
        assert!(text.contains("\n    emergency = []"), "{text}");
    }

    #[test]
    fn unknown_rule_ids_point_at_the_value() {
        let err = parse("profile = \"cis\"\ndisabled_rules = [\"phone-typo\"]").unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("t.toml:2:19: unknown rule id `phone-typo`"),
            "{text}"
        );
    }

    #[test]
    fn mistyped_rule_ids_get_a_suggestion() {
        let err = parse("disabled_rules = [\"phone-trunk-prefx\"]").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("did you mean `phone-trunk-prefix`?"),
            "{text}"
        );
        let err = parse("[severity]\nsole-admn = \"low\"\n").unwrap_err();
        assert!(
            err.to_string().contains("did you mean `sole-admin`?"),
            "{err}"
        );
        let err = parse("disabled_rules = [\"sms-retire\"]").unwrap_err();
        assert!(
            err.to_string().contains("`sms-retirement-dependent`"),
            "{err}"
        );
        let err = parse("disabled_rules = [\"colour\"]").unwrap_err();
        assert!(!err.to_string().contains("did you mean"), "{err}");
    }

    #[test]
    fn a_missing_file_suggests_init() {
        let err = Config::load(Path::new("/nonexistent/t.toml")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("`tenant-audit init /nonexistent/t.toml`"),
            "{text}"
        );
    }

    #[test]
    fn bad_severities_and_profiles_point_at_the_value() {
        let err = parse("[severity]\nphone-shared = \"urgent\"\n").unwrap_err();
        assert!(
            err.to_string().starts_with("t.toml:2:16: unknown severity"),
            "{err}"
        );
        let err = parse("[tenants.contoso]\nprofile = \"nist\"\n").unwrap_err();
        assert!(err.to_string().starts_with("t.toml:2:11:"), "{err}");
    }

    #[test]
    fn tenants_do_not_nest() {
        let err = parse("[tenants.a.tenants.b]\nprofile = \"cis\"\n").unwrap_err();
        assert!(err.to_string().contains("cannot hold tenants"), "{err}");
    }

    #[test]
    fn custom_bounds_replace_the_profile() {
        let config = parse("[global_admin_count]\nmin = 3\nmax = 6\n").unwrap();
        let mut rules = RuleSettings::default();
        config.apply(Path::new("t.toml"), &mut rules).unwrap();
        assert_eq!((rules.profile.min, rules.profile.max), (3, 6));
        let err = parse("global_admin_count = { min = 5, max = 2 }").unwrap_err();
        assert!(err.to_string().starts_with("t.toml:1:22:"), "{err}");
    }

    #[test]
    fn tenant_tables_apply_on_top_of_the_top_level() {
        let config = parse(
            r#"
            disabled_rules = ["phone-line-unverified"]
            emergency_accounts = ["bg@a.example"]
            [tenants.contoso]
            profile = "cisa"
            disabled_rules = ["phone-extension"]
            severity = { phone-shared = "low" }
            "#,
        )
        .unwrap();
        let path = Path::new("t.toml");
        let mut base = RuleSettings::default();
        config.apply(path, &mut base).unwrap();
        let tenants = config.tenant_settings(path, &base).unwrap();

        assert_eq!(base.profile, Profile::cis());
        let contoso = &tenants["contoso"];
        assert_eq!(contoso.profile, Profile::cisa());
        assert!(contoso.disabled.contains("phone-line-unverified"));
        assert!(contoso.disabled.contains("phone-extension"));
        assert!(contoso.emergency.contains("bg@a.example"));
        assert_eq!(contoso.severity.get("phone-shared"), Some(&Severity::Low));
        assert!(!base.disabled.contains("phone-extension"));
    }

    #[test]
    fn the_example_changes_nothing_as_written() {
        let config = parse(EXAMPLE).unwrap();
        assert!(config.profile.is_none() && config.tenants.is_empty());
        assert!(config.disabled_rules.is_empty() && config.severity.is_empty());
    }

    #[test]
    fn the_example_uncommented_parses_and_applies() {
        let text = example_uncommented();
        let config = parse(&text).unwrap();
        let path = Path::new("t.toml");
        let mut rules = RuleSettings::default();
        config.apply(path, &mut rules).unwrap();
        assert_eq!((rules.profile.min, rules.profile.max), (2, 5));
        assert!(rules.telecom_provider);
        assert!(rules.disabled.contains("phone-line-unverified"));
        assert_eq!(
            rules.severity.get("global-admin-count"),
            Some(&Severity::High)
        );
        assert_eq!(
            rules.extra_carriers,
            vec!["Acme Virtual Mobile".to_string()]
        );

        let tenants = config.tenant_settings(path, &rules).unwrap();
        let contoso = &tenants["contoso"];
        assert_eq!(contoso.profile, Profile::cisa());
        assert!(contoso
            .emergency
            .contains("breakglass@contoso.onmicrosoft.com"));
        assert!(contoso.disabled.contains("phone-extension"));
    }

    #[test]
    fn init_writes_once_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tenant-audit.toml");
        write_example(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
        std::fs::write(&path, "profile = \"cisa\"\n").unwrap();
        let err = write_example(&path).unwrap_err();
        assert!(matches!(err, ConfigError::Exists { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "profile = \"cisa\"\n"
        );
    }
}

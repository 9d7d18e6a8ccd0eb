//! The `tenant-audit.toml` configuration: profile, emergency accounts,
//! telecom provider, extra carrier names, severity overrides and rules
//! turned off. Command-line options win over the file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::catalog::{self, Severity};
use crate::rules::{Profile, RuleSettings};

/// The configuration file as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `cis` (default) or `cisa`: bounds for `global-admin-count`.
    pub profile: Option<String>,
    /// Custom bounds for `global-admin-count`; they replace the profile's.
    pub global_admin_count: Option<Bounds>,
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
    pub disabled_rules: Vec<String>,
    /// Severity overrides: rule id to severity.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
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

/// A configuration file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys; the message points
    /// at the line.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What toml said, with line and column.
        message: String,
    },
    /// A value is out of range: an unknown rule id, severity or profile.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Reads and parses a configuration file.
    ///
    /// # Errors
    ///
    /// When the file cannot be read or is not valid configuration.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: shown,
            message: e.to_string().trim_end().to_string(),
        })
    }

    /// Applies the file to the rule settings, validating every value.
    ///
    /// # Errors
    ///
    /// On an unknown rule id, severity or profile, or bounds with `min`
    /// over `max`; `path` names the file in the message.
    pub fn apply(&self, path: &Path, rules: &mut RuleSettings) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.display().to_string(),
            message,
        };
        if let Some(name) = &self.profile {
            rules.profile = Profile::named(name).map_err(invalid)?;
        }
        if let Some(Bounds { min, max }) = self.global_admin_count {
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
        for id in &self.disabled_rules {
            check_rule(id).map_err(invalid)?;
            rules.disabled.insert(id.clone());
        }
        for (id, severity) in &self.severity {
            check_rule(id).map_err(invalid)?;
            let severity: Severity = severity.parse().map_err(invalid)?;
            rules.severity.insert(id.clone(), severity);
        }
        Ok(())
    }
}

fn check_rule(id: &str) -> Result<(), String> {
    if catalog::find(id).is_some() {
        return Ok(());
    }
    Err(format!(
        "unknown rule id `{id}`; `tenant-audit rules` lists them"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, toml::de::Error> {
        toml::from_str(text)
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
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn unknown_rule_ids_are_refused() {
        let config = parse("disabled_rules = [\"phone-typo\"]").unwrap();
        let err = config
            .apply(Path::new("t.toml"), &mut RuleSettings::default())
            .unwrap_err();
        assert!(err.to_string().contains("phone-typo"));
    }

    #[test]
    fn custom_bounds_replace_the_profile() {
        let config = parse("[global_admin_count]\nmin = 3\nmax = 6\n").unwrap();
        let mut rules = RuleSettings::default();
        config.apply(Path::new("t.toml"), &mut rules).unwrap();
        assert_eq!((rules.profile.min, rules.profile.max), (3, 6));
    }
}

//! The documentation under `docs/` against the code: the rule reference
//! is generated from the catalog and must match it, the configuration
//! guide names every key, and relative links between documents resolve.
//!
//! After changing the catalog, regenerate the reference with
//! `TENANT_AUDIT_BLESS=1 cargo test --test docs` (or `tenant-audit rules
//! --markdown > docs/rules.md`).

use std::path::{Path, PathBuf};

use tenant_audit::{catalog, config};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn rule_reference_matches_the_catalog() {
    let expected = catalog::reference_markdown();
    let path = repo(catalog::REFERENCE_PATH);
    if std::env::var_os("TENANT_AUDIT_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{} is out of date with src/catalog.rs; regenerate it with \
         `TENANT_AUDIT_BLESS=1 cargo test --test docs`",
        catalog::REFERENCE_PATH
    );
}

#[test]
fn every_rule_has_a_section_anchored_on_its_id() {
    let text = read(catalog::REFERENCE_PATH);
    for rule in catalog::RULES {
        // GitHub's anchor for a heading of lowercase letters and hyphens
        // is the heading itself, which the workbook links to.
        assert!(text.contains(&format!("\n## {}\n", rule.id)), "{}", rule.id);
    }
}

/// The keys the example configuration shows, commented out.
fn example_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for line in config::EXAMPLE.lines() {
        let Some(rest) = line.strip_prefix("# ") else {
            continue;
        };
        let key = match rest.split_once(" = ") {
            Some((key, _)) if !key.contains(' ') => key,
            _ => continue,
        };
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
    }
    keys
}

#[test]
fn configuration_guide_documents_every_key() {
    let guide = read("docs/configuration.md");
    let keys = example_keys();
    assert!(keys.len() >= 7, "{keys:?}");
    for key in keys
        .iter()
        .map(String::as_str)
        .chain(["severity", "tenants.NAME"])
    {
        // Rule ids in the example's [severity] table are values, not keys.
        if catalog::find(key).is_some() {
            continue;
        }
        assert!(
            guide.contains(&format!("`{key}`")),
            "docs/configuration.md: {key}"
        );
    }
}

#[test]
fn guide_examples_of_configuration_parse() {
    let guide = read("docs/configuration.md");
    let mut count = 0;
    for block in guide.split("```toml\n").skip(1) {
        let text = block.split("```").next().unwrap();
        config::Config::parse(text, Path::new("docs/configuration.md"))
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        count += 1;
    }
    assert!(count > 0);
}

#[test]
fn relative_links_resolve() {
    let mut documents = vec![repo("README.md")];
    for entry in std::fs::read_dir(repo("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            documents.push(path);
        }
    }
    for document in documents {
        let text = std::fs::read_to_string(&document).unwrap();
        let dir = document.parent().unwrap();
        for target in links(&text) {
            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let shown = document.display();
            let linked = if file.is_empty() {
                document.clone()
            } else {
                dir.join(file)
            };
            assert!(linked.exists(), "{shown}: broken link {target}");
            if !anchor.is_empty() {
                let text = std::fs::read_to_string(&linked).unwrap();
                assert!(
                    anchors(&text).contains(&anchor.to_string()),
                    "{shown}: {target}"
                );
            }
        }
    }
}

/// The targets of Markdown links `[text](target)`.
fn links(text: &str) -> Vec<&str> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            rest.find(')').map(|end| &rest[..end])
        })
        .collect()
}

/// The anchors GitHub gives a document's headings: lowercase, spaces to
/// hyphens, punctuation other than `-` and `_` dropped.
fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        let Some(heading) = line.strip_prefix('#').filter(|_| !fenced) else {
            continue;
        };
        let heading = heading.trim_start_matches('#').trim();
        let slug = heading
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        found.push(slug);
    }
    found
}

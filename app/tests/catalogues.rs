//! The translation catalogues are complete, and the interface's words live in them: every key of
//! the English catalogue exists, non-empty and with the same placeholders, in every other
//! language; and no page or component writes a sentence of its own.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

use serde_json::Value;

const REFERENCE: &str = "en";

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// Every entry of `locales/<locale>.json`, by its dotted key (`section.key`).
fn catalogue(locale: &str) -> BTreeMap<String, String> {
    let path = locales_dir().join(format!("{locale}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let root: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    let mut entries = BTreeMap::new();
    flatten("", &root, &mut entries);
    entries
}

fn flatten(prefix: &str, value: &Value, into: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let dotted = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&dotted, member, into);
            }
        }
        Value::String(text) => {
            into.insert(prefix.to_owned(), text.clone());
        }
        other => panic!("{prefix}: a catalogue holds sections and texts, not {other}"),
    }
}

/// The languages: one catalogue file each.
fn locales() -> BTreeSet<String> {
    fs::read_dir(locales_dir())
        .expect("app/locales")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .collect()
}

/// `{{ name }}` placeholders and `<tag>`s: what a translation must keep.
fn placeholders(text: &str) -> BTreeSet<String> {
    let names = text
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .map(|(name, _)| name.trim().to_owned());
    let tags = text
        .split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>'))
        .map(|(tag, _)| format!("<{tag}>"));
    names.chain(tags).collect()
}

#[test]
fn every_language_has_every_english_key_non_empty_with_the_same_placeholders() {
    let locales = locales();
    assert!(locales.len() >= 3, "{locales:?}");
    let english = catalogue(REFERENCE);
    assert!(english.len() >= 300, "{} English entries", english.len());
    let mut faults = Vec::new();
    for locale in locales.iter().filter(|locale| *locale != REFERENCE) {
        let translated = catalogue(locale);
        for (key, reference) in &english {
            match translated.get(key) {
                None => faults.push(format!("{locale}: {key} is missing")),
                Some(text) if text.trim().is_empty() => {
                    faults.push(format!("{locale}: {key} is empty"))
                }
                Some(text) if placeholders(text) != placeholders(reference) => faults.push(
                    format!("{locale}: {key} has other placeholders or tags than English"),
                ),
                Some(_) => {}
            }
        }
        for key in translated.keys().filter(|key| !english.contains_key(*key)) {
            faults.push(format!("{locale}: {key} is not in English"));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Rust sources under `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    found
}

/// What a literal right after `>` or a text attribute looks like when it is words for people:
/// two letters or more, starting with one.
fn is_words(literal: &str) -> bool {
    literal.chars().next().is_some_and(char::is_alphabetic)
        && literal.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Where the pages and components put text people read: a text node (`>"…"`) or an attribute
/// that is read out or shown.
const TEXT_SLOTS: [&str; 8] = [
    ">\"",
    "label=\"",
    "placeholder=\"",
    "aria-label=\"",
    "title=\"",
    "text=\"",
    "hint=\"",
    "alt=\"",
];

/// Words that are the same in every language: names of the product, its parts and tools.
const NAMES: [&str; 7] = [
    "Verigate",
    "API",
    "UID",
    "SMS",
    "SMS OTP",
    "curl",
    "Node (twilio)",
];

#[test]
fn pages_and_components_take_their_words_from_the_catalogues() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut faults = Vec::new();
    for dir in ["pages", "components"] {
        for path in sources(&src.join(dir)) {
            let text = fs::read_to_string(&path).expect("a readable source");
            // Unit tests assert on rendered words; they are not the interface.
            let interface = text.split("\nmod tests {").next().unwrap_or_default();
            let mut fault = |number: usize, literal: &str| {
                faults.push(format!(
                    "{}:{}: \"{literal}\"",
                    path.strip_prefix(&src).unwrap_or(&path).display(),
                    number + 1
                ))
            };
            for (number, line) in interface.lines().enumerate() {
                let trimmed = line.trim();
                if trimmed.starts_with("//") {
                    continue;
                }
                // A text node on a line of its own, as rustfmt lays out `view!` children
                // (capitalised: a lower-case literal there is a class name or a value).
                if let Some(literal) = trimmed
                    .strip_prefix('"')
                    .and_then(|rest| rest.strip_suffix('"'))
                    && literal.starts_with(char::is_uppercase)
                    && is_words(literal)
                    && !NAMES.contains(&literal)
                {
                    fault(number, literal);
                }
                for slot in TEXT_SLOTS {
                    for (at, _) in line.match_indices(slot) {
                        // Code is shown as it is typed, in every language.
                        if line[..at].ends_with("<code") {
                            continue;
                        }
                        let rest = &line[at + slot.len()..];
                        let literal = rest.split('"').next().unwrap_or_default();
                        if is_words(literal) && !NAMES.contains(&literal) {
                            fault(number, literal);
                        }
                    }
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "words outside the catalogues:\n{}",
        faults.join("\n")
    );
}

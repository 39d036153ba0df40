//! Checks of the interface strings as they ship (the shared tables in
//! `crates/client/src/i18n/*.rs`, the console's in `crates/staff/src/i18n.rs`, the public
//! site's in `crates/server/src/public/text.rs`): every key is given in
//! Simplified Chinese, Traditional Chinese and English (the compiler already insists on the
//! three slots; this reads what is in them), the named placeholders of a key are the same in
//! all three, no slot is empty, and no Chinese string is the English one left untranslated
//! (a listed few excepted: names and codes that read the same).

use std::collections::BTreeSet;
use std::path::Path;

/// Keys whose Chinese and English text may be equal.
const SAME_IN_ALL: &[&str] = &[];

/// One `Key => ("zh-Hans", "zh-Hant", "en")` arm.
struct Entry {
    file: String,
    key: String,
    texts: Vec<String>,
}

/// Reads the string literals of a Rust source slice, in order (escapes `\"` and `\\` kept
/// simple, as the i18n files use them).
fn string_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut text = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(next) = chars.next() {
                        text.push(match next {
                            'n' => '\n',
                            other => other,
                        });
                    }
                }
                '"' => break,
                other => text.push(other),
            }
        }
        out.push(text);
    }
    out
}

/// The byte offset of the `)` closing a tuple whose `(` was just read, skipping parentheses
/// inside string literals (texts such as "(site data cleared), and …").
fn tuple_end(source: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (1usize, false, false);
    for (at, c) in source.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// The string tables: file (from the workspace root) and the enum it defines.
const TABLES: [(&str, &str); 4] = [
    ("crates/client/src/i18n/mod.rs", "Msg"),
    ("crates/client/src/i18n/work.rs", "WorkMsg"),
    ("crates/staff/src/i18n.rs", "StaffMsg"),
    ("crates/server/src/public/text.rs", "PublicMsg"),
];

/// The sources where the apps and the public site use keys.
const CODE: [&str; 4] = [
    "src",
    "crates/client/src",
    "crates/staff/src",
    "crates/server/src/public",
];

fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn entries() -> Vec<Entry> {
    let mut found = Vec::new();
    for (name, _) in TABLES {
        let source = std::fs::read_to_string(workspace().join(name)).expect("the i18n source");
        // Arms look like `Key => (` … `),`, one per key, inside the `text` matches.
        let mut rest = source.as_str();
        while let Some(at) = rest.find(" => (") {
            let before = &rest[..at];
            let key = before
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default()
                .to_owned();
            let after = &rest[at + 5..];
            let end = tuple_end(after).expect("an arm's end");
            let texts = string_literals(&after[..end]);
            if key.chars().next().is_some_and(char::is_uppercase) && texts.len() == 3 {
                found.push(Entry {
                    file: name.into(),
                    key,
                    texts,
                });
            }
            rest = &after[end..];
        }
    }
    found
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            set.insert(name.to_owned());
        }
        rest = &rest[open + close + 1..];
    }
    set
}

#[test]
fn the_parser_finds_the_interface_strings() {
    let all = entries();
    assert!(
        all.len() > 200,
        "only {} keys found: the i18n files changed shape",
        all.len()
    );
    let keys: BTreeSet<(&str, &str)> = all.iter().map(|e| (e.file.as_str(), e.key.as_str())).collect();
    assert_eq!(keys.len(), all.len(), "a key appears twice");
}

#[test]
fn every_key_has_three_non_empty_texts_with_the_same_placeholders() {
    let mut problems = Vec::new();
    for entry in entries() {
        if entry.texts.iter().any(|t| t.trim().is_empty()) {
            problems.push(format!("{}::{} has an empty text", entry.file, entry.key));
        }
        let english = placeholders(&entry.texts[2]);
        for (lang, text) in ["zh-Hans", "zh-Hant"].iter().zip(&entry.texts) {
            if placeholders(text) != english {
                problems.push(format!(
                    "{}::{}: {lang} has placeholders {:?}, English {:?}",
                    entry.file,
                    entry.key,
                    placeholders(text),
                    english
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_chinese_text_is_the_english_left_untranslated() {
    let mut problems = Vec::new();
    for entry in entries() {
        if SAME_IN_ALL.contains(&entry.key.as_str()) {
            continue;
        }
        let english = &entry.texts[2];
        let has_letters = english.chars().any(|c| c.is_ascii_alphabetic());
        for (lang, text) in ["zh-Hans", "zh-Hant"].iter().zip(&entry.texts) {
            if has_letters && text == english {
                problems.push(format!(
                    "{}::{}: {lang} is the English text {english:?}",
                    entry.file, entry.key
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The English singulars (`fn one`) of each i18n file: (file, key, text).
fn singulars() -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (name, _) in TABLES {
        let source = std::fs::read_to_string(workspace().join(name)).expect("the i18n source");
        // A table without counted strings has no singulars.
        let Some(start) = source.find("fn one(self)") else {
            continue;
        };
        let block = &source[start..start + source[start..].find("_ => return None").expect("the end of `fn one`")];
        for arm in block.split(",\n").filter(|arm| arm.contains(" => ")) {
            let (head, body) = arm.split_once(" => ").expect("an arm");
            let key = head.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
            if let Some(text) = string_literals(body).into_iter().next() {
                found.push((name.to_owned(), key.to_owned(), text));
            }
        }
    }
    found
}

#[test]
fn every_english_singular_belongs_to_a_counted_key_with_the_same_placeholders() {
    let all = entries();
    let singular = singulars();
    assert!(
        singular.len() >= 5,
        "only {} singulars found: the i18n files changed shape",
        singular.len()
    );
    let mut problems = Vec::new();
    for (file, key, text) in &singular {
        let Some(entry) = all.iter().find(|e| &e.file == file && &e.key == key) else {
            problems.push(format!("{file}::{key}: a singular for a key that does not exist"));
            continue;
        };
        let english = &entry.texts[2];
        if !placeholders(english).contains("n") {
            problems.push(format!("{file}::{key}: a singular for a text without {{n}}"));
        }
        if placeholders(text) != placeholders(english) {
            problems.push(format!(
                "{file}::{key}: the singular's placeholders differ from {english:?}"
            ));
        }
        if text == english {
            problems.push(format!("{file}::{key}: the singular is the plural"));
        }
    }
    // Counted English texts need a singular unless they read the same for 1.
    for entry in &all {
        let english = &entry.texts[2];
        if english.contains("(s)") {
            problems.push(format!(
                "{}::{}: write a singular instead of \"(s)\": {english:?}",
                entry.file, entry.key
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every key is shown somewhere: a string nothing uses is dead weight in every download and
/// rots untranslated-by-review. A key counts as used when the app's code outside the tables
/// names it (`Msg::Key`, `WorkMsg::Key`), or the i18n code does outside its text tables.
#[test]
fn every_key_is_used() {
    let mut code = String::new();
    let mut stack: Vec<_> = CODE.iter().map(|dir| workspace().join(dir)).collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("the app's sources") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                let is_table = TABLES.iter().any(|(table, _)| path.ends_with(table));
                if is_table {
                    // A table arm (`Key => (…)`) does not use its key: keep only what
                    // follows an arrow, which is where other code names keys.
                    for line in text.lines() {
                        code.push_str(line.split_once(" => ").map_or(line, |(_, after)| after));
                        code.push('\n');
                    }
                } else {
                    code.push_str(&text);
                }
            }
        }
    }
    let unused: Vec<String> = entries()
        .into_iter()
        .filter(|entry| {
            let enum_name = TABLES
                .iter()
                .find(|(table, _)| *table == entry.file)
                .map_or("Msg", |(_, name)| *name);
            let named = |prefix: &str| {
                code.match_indices(&format!("{prefix}{}", entry.key))
                    .any(|(at, found)| {
                        let next = code[at + found.len()..].chars().next();
                        let before = code[..at].chars().next_back();
                        let word = |c: char| c.is_alphanumeric() || c == '_';
                        !next.is_some_and(word) && !before.is_some_and(word)
                    })
            };
            !named(&format!("{enum_name}::"))
        })
        .map(|entry| format!("{}::{}", entry.file, entry.key))
        .collect();
    assert!(unused.is_empty(), "keys nothing uses: {unused:?}");
}

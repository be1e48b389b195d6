use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fluent_syntax::ast;
use rust_decimal::Decimal;

use super::*;

#[test]
fn the_language_comes_from_the_first_locale_variable_that_is_set() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::from_env(env(&[("LANG", "de_CH.UTF-8")])), Lang::De);
    assert_eq!(Lang::from_env(env(&[("LANG", "fr_CH.UTF-8")])), Lang::Fr);
    assert_eq!(
        Lang::from_env(env(&[("LC_ALL", "fr_FR"), ("LANG", "de_CH")])),
        Lang::Fr
    );
    assert_eq!(
        Lang::from_env(env(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "de_DE"),
            ("LANG", "fr")
        ])),
        Lang::De
    );
    assert_eq!(Lang::from_env(env(&[("LANG", "C.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_env(env(&[("LANG", "it_CH.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_env(env(&[])), Lang::En);
    assert_eq!(Lang::parse("de"), Some(Lang::De));
    assert_eq!(Lang::parse("deutsch"), None);
}

#[test]
fn amounts_and_dates_keep_the_swiss_form() {
    assert_eq!(money("CHF", Decimal::new(123450, 2)), "CHF 1'234.50");
    assert_eq!(money("EUR", Decimal::new(-5, 1)), "EUR -0.50");
    assert_eq!(money("", Decimal::new(1_000_000, 0)), "CHF 1'000'000.00");
    assert_eq!(
        date(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()),
        "05.03.2026"
    );
}

#[test]
fn arguments_survive_the_run_log() {
    let reason = crate::msg!("config-language-unknown", key = "ui.language", value = "es");
    let m = Message::new("x-test")
        .with("invoice", "1001")
        .with("count", 3usize)
        .with("amount", Arg::money("CHF", Decimal::new(123450, 2)))
        .with("date", NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
        .with("reason", reason.clone())
        .with("reasons", vec![reason, Message::Text("old".into())]);
    let stored = m.args_json().to_string();
    assert_eq!(Message::decode("x-test", &stored).unwrap(), m);
    assert_eq!(m.args_json()["amount"]["amount"], "1234.50");
    assert_eq!(m.args_json()["date"]["date"], "2026-12-02");
    assert!(Message::decode("x", "[1]").is_err());
    assert!(Message::decode("x", r#"{"a": true}"#).is_err());
}

#[test]
fn messages_render_without_isolation_marks_in_every_language() {
    let m = crate::msg!("config-language-unknown", key = "ui.language", value = "es");
    for lang in Lang::ALL {
        let text = render_in(&m, lang);
        assert!(
            text.contains("ui.language") && text.contains("\"es\""),
            "{text}"
        );
        assert!(
            !text.contains('\u{2068}') && !text.contains('\u{2069}'),
            "{text:?}"
        );
    }
    assert_ne!(render_in(&m, Lang::De), render_in(&m, Lang::En));
    assert_eq!(
        render_in(&Message::Text("as stored".into()), Lang::Fr),
        "as stored"
    );
}

// ---- completeness: every id and argument the code uses, in every language ---------------

/// Each `msg!("id", name = …)` in `src/`: id → the argument names (one set per id).
fn ids_in_code() -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut conflicts = Vec::new();
    let this_file = Path::new(file!()).file_name().unwrap();
    for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        if file.ends_with(Path::new("words").join(this_file)) {
            continue; // its own scanner test holds sample calls
        }
        // Comments may show a call; only code counts.
        let text: String = std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (id, args) in msg_calls(&text) {
            if let Some(known) = found.get(&id) {
                if *known != args {
                    conflicts.push(format!("{id}: {known:?} and {args:?} ({})", file.display()));
                }
            }
            found.insert(id, args);
        }
    }
    assert!(
        conflicts.is_empty(),
        "an id used with different arguments: {conflicts:#?}"
    );
    found
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The calls of `msg!` in one file: the literal id and the `name =` of each argument.
fn msg_calls(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut calls = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("msg!(") {
        let after = &rest[at + 5..];
        let body = after.trim_start();
        if !body.starts_with('"') {
            rest = after; // the macro's own definition
            continue;
        }
        let body = &body[1..];
        let end_id = body.find('"').unwrap();
        let id = body[..end_id].to_string();
        let (args, consumed) = top_level_args(&body[end_id + 1..]);
        calls.push((id, args));
        rest = &body[end_id + 1 + consumed..];
    }
    calls
}

/// Reads up to the `)` that closes the call; returns the argument names and the length read.
fn top_level_args(text: &str) -> (BTreeSet<String>, usize) {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut segments = vec![String::new()];
    for (i, ch) in text.char_indices() {
        if in_string {
            escaped = !escaped && ch == '\\';
            in_string = escaped || ch != '"';
            continue;
        }
        match ch {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' if depth == 0 => {
                let names = segments
                    .iter()
                    .filter_map(|s| s.split_once('=').map(|(n, _)| n.trim().to_string()))
                    .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    .collect();
                return (names, i);
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => segments.push(String::new()),
            _ => segments.last_mut().unwrap().push(ch),
        }
    }
    panic!("msg! call without its closing parenthesis");
}

/// Every message of one language's files: id → the variables it (and its attributes) use.
fn ids_in_files(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang.code());
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                for a in &m.attributes {
                    pattern_vars(&a.value, &mut vars);
                }
                let id = m.id.name.to_string();
                assert!(
                    found.insert(id.clone(), vars).is_none(),
                    "{id} twice in {lang:?}"
                );
            }
        }
    }
    found
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn every_id_the_code_uses_is_in_every_language_with_its_arguments() {
    let code = ids_in_code();
    let mut wrong = Vec::new();
    for lang in Lang::ALL {
        let files = ids_in_files(lang);
        for (id, args) in &code {
            match files.get(id) {
                None => wrong.push(format!("{lang:?}: {id} is missing")),
                Some(vars) if vars != args => wrong.push(format!(
                    "{lang:?}: {id} uses {vars:?}, the code passes {args:?}"
                )),
                Some(_) => {}
            }
        }
        for id in files.keys().filter(|id| !code.contains_key(*id)) {
            wrong.push(format!(
                "{lang:?}: {id} is in the files but no code uses it"
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_scanner_reads_names_not_values() {
    let calls = msg_calls(r#"x msg!("a-b", one = f(x, "),"), two = [1, 2],) y msg!("c")"#);
    assert_eq!(calls[0].0, "a-b");
    assert_eq!(
        calls[0].1,
        ["one", "two"].into_iter().map(String::from).collect()
    );
    assert_eq!(calls[1], ("c".to_string(), BTreeSet::new()));
}

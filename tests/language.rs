//! The language a run speaks: `ui.language`, else LC_ALL / LC_MESSAGES / LANG, else English.

mod support;

use support::{text, World};

fn with_language(w: &World, value: &str) {
    let mut config = std::fs::read_to_string(&w.config).unwrap();
    config.push_str(&format!("\n[ui]\nlanguage = \"{value}\"\n"));
    std::fs::write(&w.config, config).unwrap();
}

#[test]
fn an_unknown_language_exits_2_naming_the_key_and_the_three_languages() {
    let w = World::new();
    with_language(&w, "es");
    let out = w.run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    for word in ["ui.language", "\"es\"", "\"de\"", "\"fr\"", "\"en\""] {
        assert!(err.contains(word), "{word} missing in {err}");
    }
    assert_eq!(w.writes(), 0);
}

#[test]
fn a_config_error_speaks_the_locale_when_the_config_names_no_language() {
    let w = World::new();
    with_language(&w, "es");
    let out = w
        .cmd()
        .env("LANG", "de_CH.UTF-8")
        .args(["sync", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("rma-harvest spricht"),
        "{}",
        text(&out.stderr)
    );
}

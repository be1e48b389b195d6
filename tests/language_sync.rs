//! A sync run and its log in the reader's language: German, French or English, from
//! `ui.language` or, without it, from the locale (issue 17). Sentences are checked whole.

mod support;

use std::process::Output;

use serde_json::Value;
use support::{text, World};

fn with_language(w: &World, value: &str) {
    let mut config = std::fs::read_to_string(&w.config).unwrap();
    config.push_str(&format!("\n[ui]\nlanguage = \"{value}\"\n"));
    std::fs::write(&w.config, config).unwrap();
}

/// What a person reads of the seed world's first night, in one language.
struct Said {
    summary: &'static str,
    refusal: &'static str,
    problem: &'static str,
    what_to_do: &'static str,
    log_header: &'static str,
}

const GERMAN: Said = Said {
    summary: "Lauf 1: 3 gebucht, 1 verknüpft, 1 abgelehnt, 3 Kunden gespeichert, 1 Zahlung erfasst, 0 entfernt.",
    refusal: "Rechnung 2026-0104 (Muster AG): Position 2 hat die Kategorie «Hosting», die in Run my Accounts kein Artikel ist",
    problem: "  ✗ Rechnung 2026-0104 (Muster AG): Position 2 hat die Kategorie «Hosting», die in Run my Accounts kein Artikel ist (zuerst gesehen 28.11.2026 02:00, zuletzt gesehen 28.11.2026 02:00)",
    what_to_do: "    Was tun: Korrigieren Sie die Rechnung oder die Artikel wie in der Meldung beschrieben; der nächste Lauf bucht sie. Oder buchen Sie sie von Hand und führen Sie `rma-harvest dismiss 2026-0104` aus",
    log_header: " Lauf  Beginn                Ergebnis                         gebucht verknüpft abgelehnt Zahlungen",
};

const FRENCH: Said = Said {
    summary: "Exécution 1 : 3 factures comptabilisées, 1 liée, 1 refusée, 3 clients enregistrés, 1 paiement ajouté, 0 supprimé.",
    refusal: "Facture 2026-0104 (Muster AG) : la ligne 2 a la catégorie « Hosting », qui n'est pas un article dans Run my Accounts",
    problem: "  ✗ Facture 2026-0104 (Muster AG) : la ligne 2 a la catégorie « Hosting », qui n'est pas un article dans Run my Accounts (vu la première fois 28.11.2026 02:00, la dernière fois 28.11.2026 02:00)",
    what_to_do: "    Que faire : Corrigez la facture ou les articles comme l'indique le message ; la prochaine exécution la comptabilise. Ou comptabilisez-la à la main et lancez `rma-harvest dismiss 2026-0104`",
    log_header: "exéc.  début                 résultat                      compta.  liées refusées paiements",
};

const ENGLISH: Said = Said {
    summary: "Run 1: 3 booked, 1 linked, 1 refused, 3 customers saved, 1 payment added, 0 removed.",
    refusal: "Invoice 2026-0104 (Muster AG): line 2 category \"Hosting\" is not an article in Run my Accounts",
    problem: "  ✗ Invoice 2026-0104 (Muster AG): line 2 category \"Hosting\" is not an article in Run my Accounts (first seen 28.11.2026 02:00, last seen 28.11.2026 02:00)",
    what_to_do: "    what to do: Fix the invoice or the articles as the message says; the next run books it. Or book it by hand and run `rma-harvest dismiss 2026-0104`",
    log_header: "  run  started               result                        booked linked refused  payments",
};

fn lines(out: &Output, stream: fn(&Output) -> &Vec<u8>) -> Vec<String> {
    text(stream(out)).lines().map(str::to_string).collect()
}

/// The first night, then `log`, checked line by line against `said`.
fn night_says(w: &World, env: &[(&str, &str)], said: &Said) {
    let run = |args: &[&str]| {
        let mut cmd = w.cmd();
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.args(args).output().unwrap()
    };
    let out = run(&["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = lines(&out, |o| &o.stdout);
    assert_eq!(
        stdout.last().map(String::as_str),
        Some(said.summary),
        "{stdout:#?}"
    );
    let stderr = lines(&out, |o| &o.stderr);
    assert!(stderr.iter().any(|l| l == said.refusal), "{stderr:#?}");

    let log = run(&["log"]);
    assert_eq!(log.status.code(), Some(0));
    let log = lines(&log, |o| &o.stdout);
    assert_eq!(log[1], said.problem, "{log:#?}");
    assert_eq!(log[2], said.what_to_do, "{log:#?}");
    assert!(log.iter().any(|l| l == said.log_header), "{log:#?}");
}

#[test]
fn a_night_in_german_says_everything_in_swiss_german() {
    let w = World::new();
    with_language(&w, "de");
    night_says(&w, &[], &GERMAN);
}

#[test]
fn a_night_in_french_says_everything_in_french() {
    let w = World::new();
    with_language(&w, "fr");
    night_says(&w, &[], &FRENCH);
}

#[test]
fn without_a_language_the_night_is_english() {
    let w = World::new();
    night_says(&w, &[], &ENGLISH);
}

#[test]
fn without_the_key_the_locale_decides_and_the_key_wins_over_it() {
    let w = World::new();
    night_says(&w, &[("LANG", "de_CH.UTF-8")], &GERMAN);
    let w = World::new();
    with_language(&w, "en");
    night_says(&w, &[("LANG", "fr_CH.UTF-8")], &ENGLISH);
}

/// The `code`/`args` of every event and open problem of `log --json`.
fn codes(log: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = log["open_problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            serde_json::json!([
                p["code"],
                p["args"],
                p["what_to_do_code"],
                p["what_to_do_args"]
            ])
        })
        .collect();
    for run in log["runs"].as_array().unwrap() {
        for e in run["events"].as_array().unwrap() {
            out.push(serde_json::json!([e["kind"], e["code"], e["args"]]));
        }
    }
    out
}

#[test]
fn log_json_has_the_same_codes_and_arguments_in_every_language() {
    let mut seen = Vec::new();
    for lang in ["de", "fr", "en"] {
        let w = World::new();
        with_language(&w, lang);
        w.sync();
        let out = w.run(&["log", "--json"]);
        let log: Value = serde_json::from_slice(&out.stdout).unwrap();
        let problem = &log["open_problems"][0];
        assert_eq!(problem["code"], "sync-step-refuse");
        assert_eq!(problem["args"]["invoice"], "2026-0104");
        assert_eq!(
            problem["args"]["reasons"][0],
            serde_json::json!({"code": "invoice-unknown-category", "args": {"line": 2, "category": "Hosting"}})
        );
        assert_eq!(problem["what_to_do_code"], "problem-todo-refused");
        let booked = log["runs"][0]["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "booked")
            .unwrap()
            .clone();
        assert_eq!(booked["code"], "sync-invoice-booked");
        assert_eq!(
            booked["args"]["amount"]["amount"], "3124.09",
            "JSON keeps the exact amount"
        );
        assert!(booked["message"].as_str().unwrap().contains("CHF 3'124.09"));
        seen.push((lang, codes(&log), booked["message"].clone()));
    }
    assert!(!seen[0].1.is_empty());
    assert_eq!(seen[0].1, seen[1].1, "de and fr");
    assert_eq!(seen[0].1, seen[2].1, "de and en");
    assert_ne!(seen[0].2, seen[2].2, "the rendered message is the reader's");
}

#[test]
fn a_dry_run_in_json_carries_each_steps_code_and_arguments() {
    let w = World::new();
    with_language(&w, "de");
    let out = w.run(&["sync", "--dry-run", "--json"]);
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let refuse = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["action"] == "refuse_invoice")
        .unwrap();
    assert_eq!(refuse["code"], "sync-step-refuse");
    assert_eq!(
        refuse["args"]["reasons"][0]["code"],
        "invoice-unknown-category"
    );
    assert_eq!(
        refuse["description"],
        "Rechnung 2026-0104 (Muster AG): Position 2 hat die Kategorie «Hosting», die in Run my Accounts kein Artikel ist"
    );
    assert_eq!(
        refuse["reasons"][0],
        "Position 2 hat die Kategorie «Hosting», die in Run my Accounts kein Artikel ist",
        "the keys scripts read before keep their place"
    );
}

/// A state file as the version before message ids wrote it (the schema before the last
/// migration), with one run.
fn write_old_state(w: &World) {
    let conn = rusqlite::Connection::open(w.state_path()).unwrap();
    rma_harvest::state::create_old_version(&conn, rma_harvest::state::SCHEMA_VERSION - 1).unwrap();
    conn.execute_batch(
        "INSERT INTO runs (id, started_at, finished_at, exit_code, booked, refused)
           VALUES (1, '2026-11-27T01:00:00Z', '2026-11-27T01:01:00Z', 1, 1, 1);
         INSERT INTO events (run_id, at, level, kind, invoice_number, message) VALUES
           (1, '2026-11-27T01:00:30Z', 'info', 'booked', '2026-0090', 'Invoice 2026-0090 (Muster AG, CHF 100.00) booked in Run my Accounts as 2026-0090'),
           (1, '2026-11-27T01:00:40Z', 'error', 'refused', '2026-0091', 'Invoice 2026-0091 (Muster AG): the invoice has no lines');
         INSERT INTO problems (key, kind, harvest_invoice_id, invoice_number, message, todo, first_seen, last_seen)
           VALUES ('refused:invoice:91', 'refused', 91, '2026-0091', 'Invoice 2026-0091 (Muster AG): the invoice has no lines',
                   'Fix the invoice', '2026-11-27T01:00:40Z', '2026-11-27T01:00:40Z');",
    )
    .unwrap();
}

#[test]
fn a_state_file_of_the_previous_version_shows_its_old_events_as_they_were_written() {
    let w = World::new();
    with_language(&w, "de");
    write_old_state(&w);
    let out = w.run(&["log", "--run", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("  · Invoice 2026-0090 (Muster AG, CHF 100.00) booked in Run my Accounts as 2026-0090\n"),
        "{said}"
    );
    assert!(
        said.contains("  ✗ Invoice 2026-0091 (Muster AG): the invoice has no lines\n"),
        "{said}"
    );
    let log: Value = serde_json::from_slice(&w.run(&["log", "--json"]).stdout).unwrap();
    let problem = &log["open_problems"][0];
    assert_eq!(
        problem["message"],
        "Invoice 2026-0091 (Muster AG): the invoice has no lines"
    );
    assert_eq!(problem["what_to_do"], "Fix the invoice");
    assert_eq!(problem["code"], Value::Null, "an old row has no id");

    // The next run upgrades the file; the old rows keep their text, new ones are German.
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let log = text(&w.run(&["log"]).stdout);
    assert!(
        log.contains("Invoice 2026-0091 (Muster AG): the invoice has no lines"),
        "{log}"
    );
    assert!(
        log.contains("Position 2 hat die Kategorie «Hosting»"),
        "{log}"
    );
    let old = text(&w.run(&["log", "--run", "1"]).stdout);
    assert!(
        old.contains("  ✗ Invoice 2026-0091 (Muster AG): the invoice has no lines"),
        "{old}"
    );
}

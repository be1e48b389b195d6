//! The language a run speaks: `ui.language`, else LC_ALL / LC_MESSAGES / LANG, else English.
//! Each language is checked by exact sentence on the sandbox world: a `doctor` failure, a
//! configuration error, a check-categories line and the one error line of an exit 3.

mod support;

use rma_harvest_sandbox::RMA_TENANT;
use support::{text, World};

fn with_language(w: &World, value: &str) {
    let mut config = std::fs::read_to_string(&w.config).unwrap();
    config.push_str(&format!("\n[ui]\nlanguage = \"{value}\"\n"));
    std::fs::write(&w.config, config).unwrap();
}

/// The sandbox world in a language (`None`: the key is absent), with `rma.tenant` set to a
/// Mandant the fake Run my Accounts does not know.
fn wrong_tenant_world(language: Option<&str>) -> World {
    let w = World::new();
    let config = std::fs::read_to_string(&w.config).unwrap().replace(
        &format!("tenant = \"{RMA_TENANT}\""),
        "tenant = \"musterr\"",
    );
    std::fs::write(&w.config, config).unwrap();
    if let Some(lang) = language {
        with_language(&w, lang);
    }
    w
}

fn replace_in_config(w: &World, from: &str, to: &str) {
    let config = std::fs::read_to_string(&w.config).unwrap();
    assert!(config.contains(from), "{from} not in {config}");
    std::fs::write(&w.config, config.replacen(from, to, 1)).unwrap();
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

const DOCTOR_EN: &str = "FAILS           Run my Accounts accepts the API key for rma.tenant: Run my Accounts does not know the tenant \"musterr\" or refuses this API key access to it (404: Client not found); check rma.tenant (and that rma.api_key belongs to that tenant)";
const DOCTOR_DE: &str = "NICHT ERFÜLLT       Run my Accounts akzeptiert den API-Schlüssel für rma.tenant: Run my Accounts kennt den Mandanten \"musterr\" nicht oder verweigert diesem API-Schlüssel den Zugriff darauf (404: Client not found); bitte prüfen Sie rma.tenant (und ob rma.api_key zu diesem Mandanten gehört)";
const DOCTOR_FR: &str = "ÉCHEC          Run my Accounts accepte la clé API pour rma.tenant : Run my Accounts ne connaît pas le mandant « musterr » ou refuse à cette clé API l'accès à ce mandant (404: Client not found) ; vérifiez rma.tenant (et que rma.api_key appartient à ce mandant)";

fn doctor_says(w: &World, lang_env: Option<&str>, sentence: &str) {
    let mut cmd = w.cmd();
    if let Some(lang) = lang_env {
        cmd.env("LANG", lang);
    }
    let out = cmd.arg("doctor").output().unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.trim_start() == sentence),
        "missing {sentence:?} in:\n{stdout}"
    );
}

#[test]
fn doctor_names_a_wrong_tenant_in_each_language() {
    doctor_says(&wrong_tenant_world(Some("de")), None, DOCTOR_DE);
    doctor_says(&wrong_tenant_world(Some("fr")), None, DOCTOR_FR);
    doctor_says(&wrong_tenant_world(None), None, DOCTOR_EN);
    // Without the key, the locale decides; the key wins over it.
    doctor_says(&wrong_tenant_world(None), Some("de_CH.UTF-8"), DOCTOR_DE);
    doctor_says(&wrong_tenant_world(None), Some("fr_CH.UTF-8"), DOCTOR_FR);
    doctor_says(
        &wrong_tenant_world(Some("en")),
        Some("de_CH.UTF-8"),
        DOCTOR_EN,
    );
}

#[test]
fn the_error_line_of_an_exit_3_is_german() {
    let w = wrong_tenant_world(Some("de"));
    let out = w.run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        text(&out.stderr).trim_end(),
        "rma-harvest: Run my Accounts kennt den Mandanten \"musterr\" nicht oder verweigert diesem API-Schlüssel den Zugriff darauf (404: Client not found); bitte prüfen Sie rma.tenant (und ob rma.api_key zu diesem Mandanten gehört)"
    );
}

#[test]
fn a_config_error_is_german_with_the_key_and_line_as_written() {
    let w = World::new();
    with_language(&w, "de");
    replace_in_config(&w, "[sync]\n", "[sync]\nmax_new_bookings = \"fifty\"\n");
    let out = w.run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    let line = config_line(&w);
    assert_eq!(
        text(&out.stderr).trim_end(),
        format!(
            "rma-harvest: {}: sync.max_new_bookings: erwartet wird eine ganze Zahl wie 50, ohne Anführungszeichen geschrieben (Zeile {line}, Spalte 20)",
            w.config.display()
        )
    );
    // A Harvest screen word gets its hint, in German too.
    let w = World::new();
    with_language(&w, "de");
    replace_in_config(&w, "[sync]\n", "[sync]\nimport_states = [\"Sent\"]\n");
    let out = w.run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("sync.import_states: \"Sent\" ist die Anzeige in Harvest; in der Konfiguration heisst eine versandte, unbezahlte Rechnung \"open\""),
        "{}",
        text(&out.stderr)
    );
}

/// The line of `max_new_bookings = "fifty"` in the world's config.
fn config_line(w: &World) -> usize {
    std::fs::read_to_string(&w.config)
        .unwrap()
        .lines()
        .position(|l| l.contains("\"fifty\""))
        .unwrap()
        + 1
}

#[test]
fn check_categories_speaks_german_and_its_json_carries_code_and_args() {
    let w = World::new();
    with_language(&w, "de");
    let out = w.run(&["check-categories"]);
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        stdout.starts_with("Kategorie "),
        "the header is German: {stdout}"
    );
    assert!(
        stderr.contains(
            "würde abgewiesen: Position 2 hat die Kategorie «Hosting», die in Run my Accounts kein Artikel ist"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("Erfassen Sie die fehlenden Artikel in Run my Accounts"));

    let out = w.run(&["check-categories", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let refused = &v["invoices_refused"][0];
    assert_eq!(refused["code"], "categories-invoice-refused", "{refused}");
    assert_eq!(
        refused["args"]["lines"][0]["code"],
        "categories-line-not-article"
    );
    assert_eq!(refused["args"]["lines"][0]["args"]["line"], 2);
    assert_eq!(refused["args"]["lines"][0]["args"]["category"], "Hosting");
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("würde abgewiesen"));
}

#[test]
fn doctor_json_carries_code_and_args_beside_the_words() {
    let w = wrong_tenant_world(Some("fr"));
    let out = w.run(&["doctor", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let checks = v["checks"].as_array().unwrap();
    let key = checks.iter().find(|c| c["id"] == "rma_key").unwrap();
    assert_eq!(key["status"], "fails");
    assert_eq!(key["code"], "doctor-service-error");
    assert!(key["detail"]
        .as_str()
        .unwrap()
        .contains("ne connaît pas le mandant"));
    assert_eq!(key["advice_code"], "doctor-advice-rma-key");
    let token = checks.iter().find(|c| c["id"] == "harvest_token").unwrap();
    assert_eq!(token["code"], "doctor-harvest-account-id");
    assert_eq!(token["args"]["account"], "424242");
    assert_eq!(token["title"], "Harvest accepte le jeton d'accès");
    let feed = checks.iter().find(|c| c["id"] == "payment_feed").unwrap();
    assert_eq!(feed["status"], "could_not_tell");
    assert_eq!(feed["code"], "doctor-rma-key-unchecked");
}

#[test]
fn auth_check_reports_each_connection_in_german() {
    let w = wrong_tenant_world(Some("de"));
    let out = w.run(&["auth", "--check"]);
    assert_eq!(out.status.code(), Some(3));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("Harvest: in Ordnung — muster-beratung.harvestapp.com als "),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nRun my Accounts: FEHLGESCHLAGEN — Run my Accounts kennt den Mandanten \"musterr\" nicht"),
        "{stdout}"
    );
}

#[test]
fn dismissing_an_unknown_invoice_is_refused_in_french() {
    let w = World::new();
    with_language(&w, "fr");
    let out = w.run(&["dismiss", "4711"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim_end(),
        "rma-harvest: rma-harvest ne connaît aucune facture Harvest 4711 et n'a aucun problème ouvert à son sujet ; `rma-harvest log` liste les problèmes ouverts"
    );
}

#[test]
fn the_error_line_of_an_exit_4_is_german() {
    let w = World::new();
    with_language(&w, "de");
    let config = std::fs::read_to_string(&w.config).unwrap();
    let rma_url = w.sb.rma.api_url();
    assert!(config.contains(&rma_url));
    // Nothing listens on port 9 of the loopback address.
    std::fs::write(
        &w.config,
        config.replace(&rma_url, "http://127.0.0.1:9/api"),
    )
    .unwrap();
    let out = w.run(&["check-categories"]);
    assert_eq!(out.status.code(), Some(4));
    // The retries before it are -v diagnostics (English); the error line is the last one.
    let stderr = text(&out.stderr);
    let err = stderr.lines().last().unwrap_or_default();
    assert!(
        err.starts_with("rma-harvest: Run my Accounts ist nicht erreichbar (GET "),
        "{err}"
    );
    assert!(err.ends_with(": Verbindung abgelehnt)"), "{err}");
}

//! The bookkeeper's mail (issue 18), end to end: the real binary against a real SMTP server
//! (mailin-embedded, in the sandbox crate) on 127.0.0.1, plain and with STARTTLS and a
//! certificate of the sandbox's test CA that the config trusts (`ca_file`).

mod support;

use rma_harvest_sandbox::smtp::{closed_port, test_ca_file, FakeSmtp};
use rma_harvest_sandbox::{mime, ReceivedMail};
use support::{dec, text, World, TEST_CLOCK_ENV};

const TO: [&str; 2] = ["buchhaltung@muster.ch", "chefin@muster.ch"];

/// The night `n` days after the seed's (the test clock, 01:00 UTC).
fn night(n: u32) -> String {
    format!(
        "2026-{}T01:00:00Z",
        ["11-28", "11-29", "11-30", "12-01", "12-02", "12-03", "12-04", "12-05"][n as usize]
    )
}

/// `[ui] language = "de"` and `[notify.email]` with `extra` lines, appended to the world's config.
fn mail_config(w: &World, smtp_url: &str, extra: &str) {
    let base = w.sb.config_toml(&w.state_path());
    let to = TO.map(|t| format!("{t:?}")).join(", ");
    std::fs::write(
        &w.config,
        format!(
            "{base}\n[ui]\nlanguage = \"de\"\n\n[notify.email]\nto = [{to}]\nfrom = \"rma-harvest@muster.ch\"\nsmtp_url = \"{smtp_url}\"\n{extra}"
        ),
    )
    .unwrap();
}

/// A world whose runs exit 0 (Hosting is an article), mailing through a plain fake SMTP
/// server with `extra` lines in `[notify.email]`.
fn plain_mail_world(extra: &str) -> (World, FakeSmtp) {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    let smtp = FakeSmtp::plain();
    mail_config(&w, &smtp.url(), extra);
    (w, smtp)
}

/// Runs the binary with `args` and the SMTP password `password` in its environment.
fn run_with_password(w: &World, password: &str, args: &[&str]) -> std::process::Output {
    w.cmd()
        .env("RMA_HARVEST_SMTP_PASSWORD", password)
        .args(args)
        .output()
        .unwrap()
}

fn sync_on(w: &World, n: u32) -> std::process::Output {
    w.cmd()
        .env(TEST_CLOCK_ENV, night(n))
        .arg("sync")
        .output()
        .unwrap()
}

fn subject(m: &ReceivedMail) -> String {
    mime::header(&m.raw, "Subject").unwrap()
}

/// The plain-text and the HTML part.
fn parts(m: &ReceivedMail) -> (String, String) {
    let parts = mime::text_parts(&m.raw);
    let find = |kind: &str| {
        parts
            .iter()
            .find(|(k, _)| k.starts_with(kind))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no {kind} part in {}", m.raw))
    };
    (find("text/plain"), find("text/html"))
}

fn open_problem_kinds(w: &World) -> Vec<String> {
    // Any password: `log` needs none, but a config with a username must name one.
    let out = run_with_password(w, "any-password", &["log", "--json"]);
    support::open_problem_kinds_in(&out.stdout)
}

#[test]
fn a_booking_night_mails_once_to_every_address_in_german() {
    let w = World::new();
    let smtp = FakeSmtp::plain();
    mail_config(&w, &smtp.url(), "");
    let out = sync_on(&w, 0);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the refusal: {}",
        text(&out.stderr)
    );
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1, "one mail");
    let mail = &mails[0];
    assert_eq!(mail.to, TO.map(|t| t.to_string()));
    assert_eq!(
        subject(mail),
        "Harvest → Run my Accounts (muster), 28.11.2026: 3 Rechnungen gebucht, 1 Rechnung verknüpft, 1 Zahlung übertragen, 1 braucht Ihre Aufmerksamkeit"
    );
    let (plain, html) = parts(mail);
    let refused = w.firm.number(w.firm.open_hosting);
    let attention = plain.find("Braucht Ihre Aufmerksamkeit").unwrap();
    let booked = plain.find("In Run my Accounts gebucht").unwrap();
    assert!(attention < booked, "new problems first: {plain}");
    for id in [w.firm.open_zurich, w.firm.open_discount, w.firm.open_eur] {
        let number = w.firm.number(id);
        assert!(plain[booked..].contains(&number), "{number} in {plain}");
        assert!(html.contains(&number));
    }
    assert!(plain[attention..booked].contains(&refused), "{plain}");
    assert!(plain.contains("Was tun: "), "{plain}");
    assert!(
        plain.contains("Muster AG") && plain.contains("CHF "),
        "{plain}"
    );
    assert!(plain.contains("rma-harvest log --run 1"), "{plain}");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    let id = mime::header(&mail.raw, "Message-ID").unwrap();
    assert!(
        id.starts_with("<rma-harvest.") && id.ends_with("@muster.ch>"),
        "{id}"
    );

    // Nothing is sent by the commands that only look; the preview shows the same mail.
    for args in [
        &["sync", "--dry-run"][..],
        &["log"],
        &["check-categories"],
        &["mail", "--preview"],
    ] {
        w.run(args);
    }
    let preview = text(&w.run(&["mail", "--preview", "--run", "1"]).stdout);
    assert!(
        preview.contains("Diese Mail wurde am 28.11.2026"),
        "{preview}"
    );
    assert!(preview.contains(&subject(mail)), "{preview}");
    // The next night finds nothing new: the refusal is already told.
    let out = sync_on(&w, 1);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(smtp.mails().len(), 1, "no second mail");
}

#[test]
fn a_night_with_nothing_to_do_mails_nothing() {
    let (w, smtp) = plain_mail_world("when = \"activity\"\n");
    assert_eq!(sync_on(&w, 0).status.code(), Some(0));
    assert_eq!(smtp.mails().len(), 1, "the booking night");
    assert!(subject(&smtp.mails()[0]).contains("4 Rechnungen gebucht"));
    let out = sync_on(&w, 1);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(smtp.mails().len(), 1, "nothing to do, nothing sent");
    let preview = text(&w.run(&["mail", "--preview"]).stdout);
    assert!(preview.contains("Nichts Neues"), "{preview}");
}

#[test]
fn an_open_problem_is_mailed_again_only_after_remind_after_days() {
    let w = World::new();
    let smtp = FakeSmtp::plain();
    mail_config(&w, &smtp.url(), "remind_after_days = 3\n");
    for n in 0..3 {
        assert_eq!(sync_on(&w, n).status.code(), Some(1));
    }
    assert_eq!(
        smtp.mails().len(),
        1,
        "the refusal is told once in three nights"
    );
    sync_on(&w, 3);
    let mails = smtp.mails();
    assert_eq!(mails.len(), 2, "the reminder after three days");
    assert!(
        subject(&mails[1]).ends_with("01.12.2026: 1 Problem noch offen"),
        "{}",
        subject(&mails[1])
    );
    let (plain, _) = parts(&mails[1]);
    assert!(
        plain.contains("Noch offen") && plain.contains("zuerst gesehen am 28.11.2026"),
        "{plain}"
    );
    sync_on(&w, 4);
    assert_eq!(smtp.mails().len(), 2, "and not the next night again");
}

#[test]
fn a_mail_server_that_is_down_costs_nothing_and_the_next_mail_carries_both_nights() {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    mail_config(
        &w,
        &format!("smtp://127.0.0.1:{}", closed_port()),
        "when = \"activity\"\n",
    );
    let out = sync_on(&w, 0);
    assert_eq!(out.status.code(), Some(1), "a failed mail needs a person");
    assert!(
        text(&out.stderr).contains("Die Mail an die Buchhaltung konnte nicht gesendet werden"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(w.rma_invoice_numbers().len(), 5, "the bookings are kept");
    assert_eq!(open_problem_kinds(&w), ["mail_failed"]);
    let log = text(&w.run(&["log", "--run", "1"]).stdout);
    // The run log says it in the reader's language too (issue 17).
    assert!(log.contains("konnte nicht gesendet werden"), "{log}");

    // Night 2: the server is back, and a payment booked in RMA is mirrored.
    let smtp = FakeSmtp::plain();
    mail_config(&w, &smtp.url(), "when = \"activity\"\n");
    let zurich = w.firm.number(w.firm.open_zurich);
    w.sb.rma.book_payment(
        &zurich,
        support::date(11, 28),
        dec("100"),
        "Zahlung",
        "1020",
    );
    let out = sync_on(&w, 1);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    let (plain, _) = parts(&mails[0]);
    assert!(
        plain.contains("Eine frühere Mail konnte nicht gesendet werden"),
        "{plain}"
    );
    assert!(
        plain.contains("4 Rechnungen gebucht")
            || subject(&mails[0]).contains("4 Rechnungen gebucht")
    );
    assert!(
        plain.contains("1 (28.11.2026), 2 (29.11.2026)"),
        "both nights: {plain}"
    );
    assert!(plain.contains(&zurich), "{plain}");
    assert!(open_problem_kinds(&w).is_empty(), "mail_failed closed");
    sync_on(&w, 2);
    assert_eq!(smtp.mails().len(), 1, "sent once");
}

#[test]
fn work_left_undone_is_mailed_once_not_every_night_it_stays_undone() {
    let (w, smtp) = plain_mail_world("");
    let feed_fails = || {
        w.sb.faults.fail_next(
            Some(rma_harvest_sandbox::Service::Rma),
            Some("GET"),
            "payment_list",
            100,
            rma_harvest_sandbox::FaultKind::Status(422),
        )
    };
    feed_fails();
    assert_eq!(sync_on(&w, 0).status.code(), Some(1));
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1, "the stopped payment phase is news");
    let (plain, _) = parts(&mails[0]);
    // The events are said in the bookkeeper's language (issue 17).
    assert!(
        plain.contains("In diesem Lauf wurden keine Zahlungen übertragen"),
        "{plain}"
    );
    w.sb.faults.clear();
    feed_fails();
    assert_eq!(sync_on(&w, 1).status.code(), Some(1));
    assert_eq!(
        smtp.mails().len(),
        1,
        "the same stop the next night is not news"
    );
    w.sb.faults.clear();
    assert_eq!(sync_on(&w, 2).status.code(), Some(0));
    assert_eq!(smtp.mails().len(), 1, "a quiet night in \"problems\" mode");
}

#[test]
fn smtps_speaks_tls_from_the_first_byte() {
    let w = World::new();
    let smtp = FakeSmtp::implicit_tls();
    let ca = format!("ca_file = {:?}\n", test_ca_file().display().to_string());
    mail_config(&w, &format!("smtps://localhost:{}", smtp.port()), &ca);
    let out = w.run(&["mail", "--test"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(smtp.mails().len(), 1);
    // Without the test CA the certificate is not trusted: nothing is sent.
    mail_config(&w, &format!("smtps://localhost:{}", smtp.port()), "");
    let out = w.run(&["mail", "--test"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stdout));
    assert_eq!(smtp.mails().len(), 1);
}

const RIGHT: &str = "right-smtp-password-1";
const WRONG: &str = "wrong-smtp-password-42";

fn tls_config(w: &World, smtp: &FakeSmtp) {
    mail_config(
        w,
        &format!("smtp://localhost:{}", smtp.port()),
        &format!(
            "username = \"rma-harvest\"\nwhen = \"activity\"\nca_file = {:?}\n",
            test_ca_file().display().to_string()
        ),
    );
}

#[test]
fn starttls_with_a_trusted_test_certificate_logs_in_and_delivers() {
    let w = World::new();
    let smtp = FakeSmtp::starttls("rma-harvest", RIGHT);
    tls_config(&w, &smtp);
    let out = run_with_password(&w, RIGHT, &["mail", "--test"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("der Server antwortete: 250"),
        "{}",
        text(&out.stdout)
    );
    let out = run_with_password(&w, RIGHT, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(smtp.mails().len(), 2, "the test mail and the night's");
    assert!(subject(&smtp.mails()[0]).contains("Testmail"));
    // mailin offers the login only after STARTTLS: a login means the upgrade happened.
    assert_eq!(
        smtp.logins(),
        vec![("rma-harvest".to_string(), RIGHT.to_string()); 2]
    );
    let out = run_with_password(&w, RIGHT, &["doctor", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let check = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "mail_server")
        .cloned()
        .unwrap();
    assert_eq!(check["status"], "holds", "{check}");
    assert_eq!(smtp.mails().len(), 2, "doctor sends nothing");
}

#[test]
fn a_wrong_smtp_password_is_in_no_output_and_not_in_the_state_file() {
    let w = World::new();
    let smtp = FakeSmtp::starttls("rma-harvest", RIGHT);
    tls_config(&w, &smtp);
    let mut outputs = Vec::new();
    for args in [
        &["sync"][..],
        &["mail", "--test"],
        &["log"],
        &["-vv", "doctor"],
    ] {
        let out = run_with_password(&w, WRONG, args);
        if args == ["mail", "--test"] {
            assert_eq!(out.status.code(), Some(3), "a refused login is exit 3");
        }
        outputs.push(format!("{}{}", text(&out.stdout), text(&out.stderr)));
    }
    assert!(
        outputs[0].contains("konnte nicht gesendet werden"),
        "{}",
        outputs[0]
    );
    assert!(smtp.mails().is_empty());
    assert!(
        smtp.logins().iter().any(|(_, p)| p == WRONG),
        "the server saw the login"
    );
    for o in &outputs {
        assert!(!o.contains(WRONG), "{o}");
    }
    for file in ["state.sqlite", "state.sqlite-wal"] {
        if let Ok(bytes) = std::fs::read(w.dir.path().join(file)) {
            let found = bytes
                .windows(WRONG.len())
                .any(|win| win == WRONG.as_bytes());
            assert!(!found, "{file} holds the password");
        }
    }
    assert_eq!(
        open_problem_kinds(&w)
            .iter()
            .filter(|k| *k == "mail_failed")
            .count(),
        1
    );
}

/// A name of this machine that is no loopback host by the rule (only `localhost` and
/// loopback addresses are), and the address it resolves to.
fn machine_name() -> Option<(String, std::net::IpAddr)> {
    use std::net::ToSocketAddrs;
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    let name = name.trim().to_string();
    if name.is_empty() || name.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let ip = (name.as_str(), 25).to_socket_addrs().ok()?.next()?.ip();
    Some((name, ip))
}

#[test]
fn plain_smtp_to_a_host_that_is_not_loopback_is_refused() {
    let Some((name, ip)) = machine_name() else {
        eprintln!("this machine's name does not resolve: the rule is tested in config::email");
        return;
    };
    let w = World::new();
    let smtp = FakeSmtp::start(ip, false, None);
    mail_config(
        &w,
        &format!("smtp://{name}:{}", smtp.port()),
        "username = \"rma-harvest\"\n",
    );
    let out = run_with_password(&w, RIGHT, &["sync"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("STARTTLS is not supported"), "{stderr}");
    assert!(smtp.mails().is_empty(), "no mail without STARTTLS");
    assert!(smtp.logins().is_empty(), "and no login");
    assert!(!stderr.contains(RIGHT));
}

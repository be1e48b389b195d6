//! A [`Digest`] in words: the subject (tenant, night, gist) and the body twice, as plain text
//! and as HTML, in the bookkeeper's language. Every text that came from a service (client
//! names, line texts, RMA's error texts — all inside the event messages) is escaped in the
//! HTML part.

use crate::human;
use crate::msg;
use crate::state::{EventRecord, Problem};
use crate::words::{render_in, Lang, Message};

use super::digest::{Digest, BOOKED_KINDS, PAYMENT_KINDS};

/// A mail, ready to send or print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

// ---- the one place that reads a stored sentence (issue 17 makes these typed messages) -----

fn said(e: &EventRecord) -> Message {
    Message::Text(e.message.clone())
}

fn problem_said(p: &Problem) -> Message {
    Message::Text(p.message.clone())
}

fn problem_todo(p: &Problem) -> Message {
    Message::Text(p.what_to_do.clone())
}

// -------------------------------------------------------------------------------------------

/// One line of a section, with what to do or when it was first seen below it.
struct Item {
    text: String,
    note: Option<String>,
}

struct Section {
    title: String,
    items: Vec<Item>,
}

/// The Swiss date of a stored time (Zurich local), e.g. `02.12.2026`.
fn day(rfc3339: &str) -> String {
    let shown = human::date_time_text(rfc3339);
    shown.split(' ').next().unwrap_or(&shown).to_string()
}

pub fn compose(digest: &Digest, tenant: &str, lang: Lang) -> Mail {
    let say = |m: Message| render_in(&m, lang);
    let subject = subject(digest, tenant, lang);
    let sections = sections(digest, lang);
    let mut notes = Vec::new();
    if digest.runs.len() > 1 {
        let nights: Vec<String> = digest
            .runs
            .iter()
            .map(|r| format!("{} ({})", r.id, day(&r.started_at)))
            .collect();
        notes.push(say(msg!(
            "mail-carried",
            count = digest.runs.len(),
            nights = nights.join(", ")
        )));
    }
    let greeting = say(msg!("mail-greeting", tenant = tenant));
    let footer = say(msg!("mail-footer", run = digest.run_id()));
    Mail {
        text: plain(&greeting, &notes, &sections, &footer),
        html: html(&subject, &greeting, &notes, &sections, &footer),
        subject,
    }
}

/// `Harvest → Run my Accounts (acme), 02.12.2026: 3 Rechnungen gebucht, …`.
fn subject(digest: &Digest, tenant: &str, lang: Lang) -> String {
    let say = |m: Message| render_in(&m, lang);
    let count = |kinds: &[&str]| digest.of_kinds(kinds).count();
    let attention = digest.new_problems.len() + digest.undone.len();
    let mut gist = Vec::new();
    if count(&["booked"]) > 0 {
        gist.push(say(msg!("mail-gist-booked", count = count(&["booked"]))));
    }
    if count(&["linked"]) > 0 {
        gist.push(say(msg!("mail-gist-linked", count = count(&["linked"]))));
    }
    if count(PAYMENT_KINDS) > 0 {
        gist.push(say(msg!(
            "mail-gist-payments",
            count = count(PAYMENT_KINDS)
        )));
    }
    if attention > 0 {
        gist.push(say(msg!("mail-gist-attention", count = attention)));
    }
    if gist.is_empty() && !digest.still_open.is_empty() {
        gist.push(say(msg!(
            "mail-gist-still-open",
            count = digest.still_open.len()
        )));
    }
    if gist.is_empty() {
        gist.push(say(msg!("mail-gist-quiet")));
    }
    let night = digest
        .runs
        .last()
        .map(|r| day(&r.started_at))
        .unwrap_or_default();
    say(msg!(
        "mail-subject",
        tenant = tenant,
        date = night,
        gist = gist.join(", ")
    ))
}

/// New problems first (with what to do), then what was booked, the payments, and the
/// problems still open (since when); empty sections left out.
fn sections(digest: &Digest, lang: Lang) -> Vec<Section> {
    let say = |m: Message| render_in(&m, lang);
    let todo = |p: &Problem| Some(say(msg!("mail-todo", todo = problem_todo(p))));
    let lines = |kinds: &[&str]| -> Vec<Item> {
        digest
            .of_kinds(kinds)
            .map(|e| Item {
                text: say(said(e)),
                note: None,
            })
            .collect()
    };
    let attention = digest
        .new_problems
        .iter()
        .map(|p| Item {
            text: say(problem_said(p)),
            note: todo(p),
        })
        .chain(digest.undone.iter().map(|e| Item {
            text: say(said(e)),
            note: None,
        }))
        .collect();
    let still_open = digest
        .still_open
        .iter()
        .map(|p| Item {
            text: format!(
                "{} ({})",
                say(problem_said(p)),
                say(msg!("mail-first-seen", date = day(&p.first_seen)))
            ),
            note: todo(p),
        })
        .collect();
    let mut sections = vec![
        Section {
            title: say(msg!("mail-section-attention")),
            items: attention,
        },
        Section {
            title: say(msg!("mail-section-booked")),
            items: lines(BOOKED_KINDS),
        },
        Section {
            title: say(msg!("mail-section-payments")),
            items: lines(PAYMENT_KINDS),
        },
        Section {
            title: say(msg!("mail-section-still-open")),
            items: still_open,
        },
    ];
    sections.retain(|s| !s.items.is_empty());
    sections
}

fn plain(greeting: &str, notes: &[String], sections: &[Section], footer: &str) -> String {
    let mut out = format!("{greeting}\n");
    for n in notes {
        out.push_str(&format!("\n{n}\n"));
    }
    for s in sections {
        out.push_str(&format!("\n{}\n", s.title));
        for i in &s.items {
            out.push_str(&format!("  • {}\n", i.text));
            if let Some(note) = &i.note {
                out.push_str(&format!("    {note}\n"));
            }
        }
    }
    out.push_str(&format!("\n-- \n{footer}\n"));
    out
}

/// Text as HTML text: the five characters that could start markup or end an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn html(
    subject: &str,
    greeting: &str,
    notes: &[String],
    sections: &[Section],
    footer: &str,
) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.4\">\n<p>{}</p>\n",
        escape(subject),
        escape(greeting)
    );
    for n in notes {
        out.push_str(&format!("<p><em>{}</em></p>\n", escape(n)));
    }
    for s in sections {
        out.push_str(&format!("<h3>{}</h3>\n<ul>\n", escape(&s.title)));
        for i in &s.items {
            out.push_str(&format!("<li>{}", escape(&i.text)));
            if let Some(note) = &i.note {
                out.push_str(&format!("<br><small>{}</small>", escape(note)));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str(&format!(
        "<hr>\n<p><small>{}</small></p>\n</body></html>\n",
        escape(footer)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::RunRecord;

    fn event(kind: &str, level: &str, message: &str) -> EventRecord {
        EventRecord {
            run_id: 3,
            at: "2026-12-02T01:00:00+00:00".into(),
            level: level.into(),
            kind: kind.into(),
            harvest_invoice_id: Some(7),
            invoice_number: Some("2026-0101".into()),
            rma_payment_id: None,
            message: message.into(),
        }
    }

    fn problem(message: &str) -> Problem {
        Problem {
            key: "refused:invoice:9".into(),
            kind: "refused".into(),
            harvest_invoice_id: Some(9),
            invoice_number: Some("2026-0104".into()),
            rma_payment_id: None,
            message: message.into(),
            what_to_do: "Add the article".into(),
            first_seen: "2026-11-20T01:00:00+00:00".into(),
            last_seen: "2026-12-02T01:00:00+00:00".into(),
        }
    }

    fn digest() -> Digest {
        Digest {
            runs: vec![RunRecord {
                id: 3,
                started_at: "2026-12-02T01:00:00+00:00".into(),
                finished_at: None,
                exit_code: Some(1),
                counts: Default::default(),
            }],
            events: vec![
                event(
                    "booked",
                    "info",
                    "Invoice 2026-0101 (Muster AG, CHF 1'234.50) booked",
                ),
                event(
                    "booked",
                    "info",
                    "Invoice 2026-0102 (<b>Evil</b> & Co) booked",
                ),
                event("booked", "info", "Invoice 2026-0103 (Beispiel GmbH) booked"),
            ],
            new_problems: vec![problem("Invoice 2026-0104 refused: <script>x</script>")],
            ..Digest::default()
        }
    }

    #[test]
    fn the_subject_names_tenant_night_and_gist() {
        let mail = compose(&digest(), "acme", Lang::De);
        assert_eq!(
            mail.subject,
            "Harvest → Run my Accounts (acme), 02.12.2026: 3 Rechnungen gebucht, 1 braucht Ihre Aufmerksamkeit"
        );
        // New problems first, with what to do; then what was booked.
        let attention = mail.text.find("Braucht Ihre Aufmerksamkeit").unwrap();
        let booked = mail.text.find("In Run my Accounts gebucht").unwrap();
        assert!(attention < booked, "{}", mail.text);
        assert!(mail.text.contains("Was tun: Add the article"));
        assert!(mail.text.contains("rma-harvest log --run 3"));
    }

    #[test]
    fn what_a_service_sent_is_escaped_in_the_html_part() {
        let mail = compose(&digest(), "acme", Lang::En);
        assert!(mail.html.contains("(&lt;b&gt;Evil&lt;/b&gt; &amp; Co)"));
        assert!(mail.html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!mail.html.contains("<script>") && !mail.html.contains("<b>Evil"));
        // The plain part says it as it is.
        assert!(mail.text.contains("(<b>Evil</b> & Co)"));
    }

    #[test]
    fn still_open_problems_say_when_they_were_first_seen() {
        let mut d = digest();
        d.events.clear();
        d.still_open = std::mem::take(&mut d.new_problems);
        let mail = compose(&d, "acme", Lang::De);
        assert!(
            mail.subject.ends_with(": 1 Problem noch offen"),
            "{}",
            mail.subject
        );
        assert!(
            mail.text.contains("(zuerst gesehen am 20.11.2026)"),
            "{}",
            mail.text
        );
    }
}

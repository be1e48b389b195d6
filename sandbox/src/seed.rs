//! Seed data: a small Swiss consulting firm, with invoices in every state, one category that
//! is not an RMA article, an invoice RMA already has, and a payment booked in RMA.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::json;

use super::{NewInvoice, NewLine, Sandbox};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("valid decimal")
}

/// The ids and numbers tests refer to.
#[derive(Debug, Clone)]
pub struct SwissFirm {
    pub client_zurich: i64,
    pub client_bern: i64,
    pub client_berlin: i64,
    pub client_wien: i64,
    /// Open CHF invoice, Zürich client: booked.
    pub open_zurich: i64,
    /// Open CHF invoice with a 10 % discount, Bern client: booked.
    pub open_discount: i64,
    /// Open EUR invoice, Berlin client: booked.
    pub open_eur: i64,
    /// Open invoice with a "Hosting" line: refused.
    pub open_hosting: i64,
    /// Open invoice that RMA already has: linked, with a partial payment there.
    pub open_linked: i64,
    /// Open invoice issued before `start_date`: skipped.
    pub open_old: i64,
    pub drafts: Vec<i64>,
    pub paid: i64,
    pub closed: i64,
    /// The RMA payment booked on the linked invoice.
    pub linked_payment: i64,
    pub numbers: Vec<(i64, String)>,
}

impl SwissFirm {
    pub fn number(&self, id: i64) -> String {
        self.numbers
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }
}

pub fn swiss_firm(sb: &Sandbox) -> SwissFirm {
    let h = &sb.harvest;
    let r = &sb.rma;
    let vat = dec("8.1");
    for (part, description) in [
        ("Beratung", "Beratung (Stundensatz)"),
        ("Entwicklung", "Softwareentwicklung"),
        ("Spesen", "Spesen und Auslagen"),
    ] {
        r.add_part(part, description, vat);
    }
    for c in ["Beratung", "Entwicklung", "Spesen", "Hosting"] {
        h.add_category(c);
    }

    let zurich = h.add_client("Muster AG", "Bahnhofstrasse 10\r\n8001 Zürich", "CHF");
    let bern = h.add_client(
        "Bundesamt für Beispiele",
        "Bundesgasse 3\nPostfach 123\n3003 Bern\nSchweiz",
        "CHF",
    );
    let berlin = h.add_client(
        "Beispiel GmbH",
        "Hauptstraße 5\n10115 Berlin\nDeutschland",
        "EUR",
    );
    let wien = h.add_client(
        "Wiener Werkstatt KG",
        "Mariahilfer Straße 1\n1060 Wien\nÖsterreich",
        "EUR",
    );
    h.add_contact(
        zurich,
        "Hans",
        "Muster",
        Some("hans.muster@muster-ag.ch"),
        Some("+41 44 123 45 67"),
        None,
    );
    h.add_contact(
        zurich,
        "Eva",
        "Muster",
        None,
        None,
        Some("+41 79 765 43 21"),
    );
    h.add_contact(
        bern,
        "Beatrice",
        "Beispiel",
        Some("b.beispiel@example.admin.ch"),
        Some("+41 58 462 00 00"),
        None,
    );
    h.add_contact(
        berlin,
        "Jörg",
        "Schmidt",
        Some("j.schmidt@beispiel-gmbh.de"),
        Some("+49 30 1234567"),
        None,
    );
    h.add_contact(
        wien,
        "Anna",
        "Huber",
        Some("anna.huber@werkstatt.at"),
        None,
        Some("+43 664 1234567"),
    );

    let mut numbers = Vec::new();
    let mut add = |inv: NewInvoice| {
        let number = inv.number.clone();
        let id = h.add_invoice(inv);
        numbers.push((id, number));
        id
    };
    let beratung =
        |q: &str, p: &str| NewLine::new("Beratung", "Beratung Buchhaltungsprojekt", dec(q), dec(p));
    let entwicklung =
        |q: &str, p: &str| NewLine::new("Entwicklung", "Entwicklung Schnittstelle", dec(q), dec(p));

    let open_zurich = add(NewInvoice::open(
        zurich,
        "2026-0101",
        d(2026, 3, 2),
        vec![beratung("12.5", "180"), entwicklung("4", "160")],
    ));
    let mut disc = NewInvoice::open(
        bern,
        "2026-0102",
        d(2026, 3, 9),
        vec![beratung("20", "150")],
    );
    disc.discount = Some(dec("10"));
    disc.purchase_order = "BA-2026/17".into();
    let open_discount = add(disc);
    let mut eur = NewInvoice::open(
        berlin,
        "2026-0103",
        d(2026, 4, 1),
        vec![
            entwicklung("8", "140"),
            NewLine::new("Spesen", "Reisekosten Berlin", dec("1"), dec("312.40")),
        ],
    );
    eur.currency = "EUR".into();
    let open_eur = add(eur);
    let open_hosting = add(NewInvoice::open(
        zurich,
        "2026-0104",
        d(2026, 4, 15),
        vec![
            beratung("2", "180"),
            NewLine::new("Hosting", "Hosting April", dec("1"), dec("49")),
        ],
    ));
    let open_linked = add(NewInvoice::open(
        wien,
        "2026-0100",
        d(2026, 2, 20),
        vec![beratung("10", "170")],
    ));
    let open_old = add(NewInvoice::open(
        zurich,
        "2025-0950",
        d(2025, 11, 15),
        vec![beratung("3", "180")],
    ));
    let mut drafts = Vec::new();
    for (n, day) in [("2026-0105", 20), ("2026-0106", 21)] {
        let mut inv = NewInvoice::open(bern, n, d(2026, 4, day), vec![beratung("1", "150")]);
        inv.state = "draft".into();
        drafts.push(add(inv));
    }
    let paid = add(NewInvoice::open(
        zurich,
        "2026-0090",
        d(2026, 1, 15),
        vec![beratung("5", "180")],
    ));
    h.add_payment_by_hand(paid, dec("972.90"), d(2026, 2, 10), "E-Banking");
    let mut closed = NewInvoice::open(
        wien,
        "2026-0091",
        d(2026, 1, 20),
        vec![beratung("1", "170")],
    );
    closed.state = "closed".into();
    let closed = add(closed);

    // RMA already has invoice 2026-0100 (entered there by hand) with a partial payment.
    r.add_customer(json!({"customernumber": "10023", "name": "Wiener Werkstatt KG", "address1": "Mariahilfer Straße 1",
        "zipcode": "1060", "city": "Wien", "country": "AT", "bank_iban": "AT611904300234573201", "terms": "30"}));
    r.add_invoice_raw(json!({"invnumber": "2026-0100", "currency": "CHF", "transdate": "2026-02-20T00:00:00+01:00",
        "duedate": "2026-03-22T00:00:00+01:00", "customernumber": "10023", "status": "OPEN",
        "parts": {"part": {"partnumber": "Beratung", "description": "Beratung Buchhaltungsprojekt", "quantity": "10", "sellprice": "170", "discount": "0"}}}));
    let linked_payment = r.book_payment(
        "2026-0100",
        d(2026, 3, 20),
        dec("500"),
        "Teilzahlung",
        "1090",
    );

    SwissFirm {
        client_zurich: zurich,
        client_bern: bern,
        client_berlin: berlin,
        client_wien: wien,
        open_zurich,
        open_discount,
        open_eur,
        open_hosting,
        open_linked,
        open_old,
        drafts,
        paid,
        closed,
        linked_payment,
        numbers,
    }
}

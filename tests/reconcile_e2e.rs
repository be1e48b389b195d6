//! `reconcile` end to end on the sandbox world: both books agree after a booking night and
//! a payment night; then each kind of difference, one at a time, on exactly its invoice.
//! Read-only throughout: only GETs reach the fakes and no feed row is acknowledged.

mod support;

use std::process::Output;

use serde_json::Value;
use support::{booked_world, date, dec, text, World};

/// After the booking night (support::booked_world) a payment night: RMA booked 1000 on
/// 2026-0101 and the run mirrored it.
fn agreeing_world() -> World {
    let w = booked_world();
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    w
}

/// `reconcile --json` with the request log checked: GETs only, nothing acknowledged.
fn reconcile_json(w: &World) -> (Output, Value) {
    w.sb.clear_requests();
    let pending = w.sb.rma.pending_feed_rows();
    let out = w.run(&["reconcile", "--json"]);
    let methods: Vec<String> =
        w.sb.requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
    assert!(!methods.is_empty());
    assert!(
        methods.iter().all(|m| m.starts_with("GET ")),
        "only GETs: {methods:?}"
    );
    assert_eq!(
        w.sb.rma.pending_feed_rows(),
        pending,
        "nothing acknowledged"
    );
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    (out, json)
}

/// (Harvest number, verdict) of every invoice that differs.
fn differences(json: &Value) -> Vec<(String, String)> {
    let differing = |v: &Value| {
        let verdict = v["verdict"].as_str().unwrap();
        let why = v["why"]["reason"].as_str().unwrap_or("");
        !(verdict == "ok"
            || verdict == "dismissed"
            || (verdict == "not_in_rma"
                && matches!(
                    why,
                    "waiting_for_next_run" | "before_start_date" | "state_not_imported"
                )))
    };
    json["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| differing(v))
        .map(|v| {
            (
                v["harvest_number"].as_str().unwrap_or("").to_string(),
                v["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn invoice<'a>(json: &'a Value, number: &str) -> &'a Value {
    json["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["harvest_number"] == number)
        .unwrap_or_else(|| panic!("{number} not listed: {json:#}"))
}

fn assert_only(w: &World, number: &str, verdict: &str) -> Value {
    let (out, json) = reconcile_json(w);
    assert_eq!(
        differences(&json),
        [(number.to_string(), verdict.to_string())],
        "{json:#}"
    );
    assert_eq!(out.status.code(), Some(1));
    json
}

#[test]
fn after_a_booking_and_a_payment_night_both_books_agree() {
    let w = agreeing_world();
    let (out, json) = reconcile_json(&w);
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    assert_eq!(json["agree"], true);
    for number in [
        "2026-0100",
        "2026-0101",
        "2026-0102",
        "2026-0103",
        "2026-0104",
    ] {
        assert_eq!(invoice(&json, number)["verdict"], "ok", "{number}");
    }
    // Drafts are no invoices yet; paid and closed ones were never to be booked: shown, not
    // summed.
    let numbers: Vec<&str> = json["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["harvest_number"].as_str())
        .collect();
    assert!(
        !numbers.contains(&"2026-0105") && !numbers.contains(&"2026-0106"),
        "{numbers:?}"
    );
    assert_eq!(
        invoice(&json, "2026-0090")["why"]["reason"],
        "state_not_imported"
    );
    assert_eq!(invoice(&json, "2026-0101")["harvest_paid"], "1000.00");
    let chf = &json["summary"]["currencies"]["CHF"];
    assert_eq!(chf["invoices"], 4);
    assert_eq!(chf["harvest_total"], chf["rma_total"]);
    assert_eq!(chf["harvest_paid"], chf["rma_paid"]);
    assert_eq!(
        chf["harvest_paid"], "1500.00",
        "1000 on 0101 and 500 on 0100"
    );
    assert_eq!(json["summary"]["currencies"]["EUR"]["invoices"], 1);
    // The table says the same to a person.
    let table = w.run(&["reconcile"]);
    assert_eq!(table.status.code(), Some(0));
    assert!(
        text(&table.stdout).contains("Both books agree."),
        "{}",
        text(&table.stdout)
    );
}

#[test]
fn an_invoice_changed_in_harvest_after_booking() {
    let w = agreeing_world();
    w.sb.harvest
        .edit_invoice(w.firm.open_discount, |i| i.lines[0].quantity = dec("21"));
    let json = assert_only(&w, "2026-0102", "total_differs");
    assert_eq!(invoice(&json, "2026-0102")["why"], "changed_after_booking");
}

#[test]
fn a_payment_booked_in_rma_and_not_yet_mirrored() {
    let w = agreeing_world();
    w.sb.rma
        .book_payment("2026-0102", date(4, 20), dec("200"), "Zahlung", "1090");
    let json = assert_only(&w, "2026-0102", "paid_differs");
    let row = invoice(&json, "2026-0102");
    assert_eq!(row["why"]["reason"], "pending_in_feed");
    assert_eq!(
        (row["harvest_paid"].as_str(), row["rma_paid"].as_str()),
        (Some("0.00"), Some("200.00"))
    );
}

#[test]
fn a_payment_entered_by_hand_in_harvest() {
    let w = agreeing_world();
    w.sb.harvest
        .add_payment_by_hand(w.firm.open_eur, dec("100"), date(5, 2), "bar");
    let json = assert_only(&w, "2026-0103", "paid_differs");
    assert_eq!(
        invoice(&json, "2026-0103")["why"]["reason"],
        "by_hand_in_harvest"
    );
    let eur = &json["summary"]["currencies"]["EUR"];
    assert_eq!(eur["paid_difference"], "100.00");
}

#[test]
fn a_refused_invoice() {
    // Without the Hosting article, 2026-0104 is refused.
    let w = World::new();
    assert_eq!(w.sync().status.code(), Some(1));
    let json = assert_only(&w, "2026-0104", "not_in_rma");
    let row = invoice(&json, "2026-0104");
    assert_eq!(row["why"]["reason"], "refused");
    assert!(
        row["what_to_do"].as_str().unwrap().contains("refusal"),
        "{row:#}"
    );
}

#[test]
fn a_number_collision() {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    w.sb.rma.add_invoice_raw(serde_json::json!({"invnumber": "2026-0102", "currency": "CHF",
        "transdate": "2026-03-09T00:00:00+01:00", "duedate": "2026-04-08T00:00:00+01:00",
        "customernumber": "10023", "status": "OPEN",
        "parts": {"part": {"partnumber": "Beratung", "description": "anders", "quantity": "1", "sellprice": "99", "discount": "0"}}}));
    assert_eq!(w.sync().status.code(), Some(1));
    let json = assert_only(&w, "2026-0102", "number_collision");
    assert_eq!(invoice(&json, "2026-0102")["rma_total"], Value::Null);
}

#[test]
fn an_invoice_deleted_in_harvest() {
    let w = agreeing_world();
    w.sb.harvest.delete_invoice(w.firm.open_eur);
    let json = assert_only(&w, "2026-0103", "deleted_in_harvest");
    assert_eq!(invoice(&json, "2026-0103")["harvest_total"], Value::Null);
}

#[test]
fn a_booked_invoice_carries_the_trace_and_a_lost_state_shows_it_in_rma_only() {
    let w = agreeing_world();
    let id = w.firm.open_zurich;
    assert_eq!(
        w.sb.rma.invoice("2026-0101").unwrap()["intnotes"],
        format!(
            "rma-harvest: booked from Harvest invoice 2026-0101 (id {id}) on 28.11.2026, run 1"
        )
    );
    // The state file is lost and the invoice deleted in Harvest: only the trace tells.
    std::fs::remove_file(w.state_path()).unwrap();
    w.sb.harvest.delete_invoice(id);
    let json = assert_only(&w, "2026-0101", "in_rma_only");
    assert_eq!(invoice(&json, "2026-0101")["rma_number"], "2026-0101");
}

#[test]
fn csv_has_the_documented_header_and_excel_gets_a_bom_and_semicolons() {
    let w = agreeing_world();
    let out = w.run(&["reconcile", "--csv", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "issue_date",
            "harvest_number",
            "harvest_id",
            "client",
            "currency",
            "harvest_total",
            "harvest_paid",
            "rma_number",
            "rma_total",
            "rma_paid",
            "verdict",
            "detail",
            "what_to_do"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let zurich = rows.iter().find(|r| &r[1] == "2026-0101").unwrap();
    assert_eq!(
        (&zurich[0], &zurich[6], &zurich[10]),
        ("2026-03-02", "1000.00", "ok")
    );

    let file = w.dir.path().join("excel.csv");
    let out = w.run(&["reconcile", "--csv", file.to_str().unwrap(), "--excel"]);
    assert_eq!(out.status.code(), Some(0));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with("\u{feff}issue_date;harvest_number;".as_bytes()));

    // The run log and the open problems, the same way.
    let out = w.run(&["log", "--csv", "-"]);
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["run_id", "time", "code", "invoice", "payment", "amount", "currency", "message"]
    );
    let events: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let booked = events
        .iter()
        .find(|e| &e[2] == "booked" && &e[3] == "2026-0101")
        .unwrap();
    assert_eq!((&booked[0], &booked[6]), ("1", "CHF"));
    let out = w.run(&["log", "--problems", "--csv", "-", "--excel"]);
    assert!(out
        .stdout
        .starts_with("\u{feff}code;invoice;payment;".as_bytes()));
}

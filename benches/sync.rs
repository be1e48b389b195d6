//! Requests, wall time and peak memory of real `rma-harvest sync` runs against the sandbox
//! fakes with an injected per-request latency, for large histories. Run with
//!
//!     cargo bench --bench sync                      # all cases, 20 ms per request
//!     cargo bench --bench sync -- --latency-ms 5 --case 1
//!     cargo bench --bench sync -- --case 4          # reconcile of 10,000 invoices
//!
//! It is not a test: `cargo test` only builds it. Each run is the real binary in a child
//! process (peak memory is the child's own, from `-vv`); the planner's CPU time is measured
//! in-process on a synthetic snapshot.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rma_harvest::config::SyncConfig;
use rma_harvest::harvest::types as ht;
use rma_harvest::state::{InvoiceLink, InvoiceStatus, PaymentLink, PaymentStatus, State};
use rma_harvest::sync::plan::{plan, Snapshot};
use rma_harvest_sandbox::{NewInvoice, NewLine, Sandbox, Service};
use rust_decimal::Decimal;

const CLIENTS: usize = 100;
const OPEN: usize = 500;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(i: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 1, 1).unwrap() + chrono::Duration::days((i / 3) as i64)
}

struct World {
    sb: Sandbox,
    _dir: tempfile::TempDir,
    config: PathBuf,
    state: PathBuf,
    clients: Vec<i64>,
    /// (Harvest id, number) of the open invoices already booked.
    /// (Harvest id, number, whether it has payments already)
    open: Vec<(i64, String, bool)>,
    /// RMA payment ids with their Harvest payment ids, on open invoices.
    open_payments: Vec<(i64, i64, String)>,
}

fn world(latency: Duration) -> World {
    let sb = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.sqlite");
    let config = dir.path().join("config.toml");
    // No start date: the history is old.
    std::fs::write(
        &config,
        sb.config_toml(&state)
            .replace("start_date = \"2026-01-01\"\n", ""),
    )
    .unwrap();
    sb.rma.add_part("Beratung", "Beratung", dec("8.1"));
    sb.harvest.add_category("Beratung");
    let clients = (0..CLIENTS)
        .map(|i| {
            let id = sb.harvest.add_client(
                &format!("Kunde {i} AG"),
                &format!("Strasse {i}\n8{i:03} Zürich"),
                "CHF",
            );
            sb.harvest.add_contact(
                id,
                "Vreni",
                &format!("Kunde{i}"),
                Some(&format!("vreni@kunde{i}.ch")),
                Some("+41 44 000 00 00"),
                None,
            );
            id
        })
        .collect();
    sb.faults.set_latency(latency);
    World {
        sb,
        _dir: dir,
        config,
        state,
        clients,
        open: Vec::new(),
        open_payments: Vec::new(),
    }
}

fn invoice(client: i64, number: &str, issue: NaiveDate) -> NewInvoice {
    NewInvoice::open(
        client,
        number,
        issue,
        vec![NewLine::new("Beratung", "Beratung", dec("2"), dec("150"))],
    )
}

/// `history` invoices already booked (the last `OPEN` still open in Harvest), in both fakes and
/// in the state file, as years of nightly runs leave them: the paid ones with two mirrored
/// payments each, of the open ones only every fifth (most open invoices are not paid yet, so
/// a night's new payments are mostly an invoice's first).
fn seed_history(w: &mut World, history: usize) {
    let state = State::open(&w.state).unwrap();
    let mut links = Vec::with_capacity(history);
    let mut payments = Vec::with_capacity(2 * history);
    for i in 0..history {
        let client = w.clients[i % CLIENTS];
        let number = format!("H{i:06}");
        let issue = day(i);
        let is_open = i >= history - OPEN.min(history);
        let mut inv = invoice(client, &number, issue);
        if !is_open {
            inv.state = "paid".into();
        }
        let id = w.sb.harvest.add_invoice(inv);
        w.sb.rma.add_customer(serde_json::json!({"customernumber": format!("H{client}"), "name": format!("Kunde {client}")}));
        w.sb.rma.add_invoice_raw(serde_json::json!({"invnumber": number, "currency": "CHF", "transdate": issue.to_string(),
            "customernumber": format!("H{client}"), "parts": {"part": {"partnumber": "Beratung", "quantity": "2", "sellprice": "150"}}}));
        links.push(InvoiceLink {
            harvest_id: id,
            harvest_number: number.clone(),
            rma_invnumber: number.clone(),
            client_id: client,
            status: InvoiceStatus::Booked,
            amount: dec("324.30"),
            currency: "CHF".into(),
            issue_date: Some(issue),
            message: None,
        });
        let payment_count = if is_open && i % 5 != 0 { 0 } else { 2 };
        for k in 0..payment_count {
            let paid_date = issue + chrono::Duration::days(10 + k);
            let rma_id =
                w.sb.rma
                    .book_payment(&number, paid_date, dec("10"), "Zahlung", "1090");
            let harvest_id = if is_open {
                let hp = w.sb.harvest.add_payment_by_hand(
                    id,
                    dec("10"),
                    paid_date,
                    &format!("RMA payment {rma_id}: Zahlung"),
                );
                w.open_payments.push((rma_id, id, number.clone()));
                hp
            } else {
                9_000_000 + rma_id
            };
            payments.push(PaymentLink {
                rma_payment_id: rma_id,
                harvest_invoice_id: id,
                rma_invnumber: number.clone(),
                harvest_payment_id: Some(harvest_id),
                amount: dec("10"),
                paid_date,
                memo: "Zahlung".into(),
                status: PaymentStatus::Mirrored,
            });
        }
        if is_open {
            w.open.push((id, number, payment_count > 0));
        }
    }
    w.sb.rma.acknowledge_all();
    state
        .in_transaction(|s| {
            for l in &links {
                s.put_invoice(l)?;
            }
            for p in &payments {
                s.put_payment(p)?;
            }
            Ok(())
        })
        .unwrap();
}

#[derive(Default)]
struct Measured {
    harvest_reads: usize,
    harvest_writes: usize,
    rma_reads: usize,
    rma_writes: usize,
    wall: Duration,
    peak_kb: u64,
    exit: i32,
}

impl Measured {
    fn total(&self) -> usize {
        self.harvest_reads + self.harvest_writes + self.rma_reads + self.rma_writes
    }
}

fn sync(w: &World) -> Measured {
    // The bulk guard (sync.max_new_bookings) would stop case 2's 1,000 bookings: the
    // benchmark measures what a run costs, so it lifts the limit as a person would.
    measure(w, &["sync", "--max-new-bookings", "1000000"])
}

/// One run of the binary with `args`, its requests counted.
fn measure(w: &World, args: &[&str]) -> Measured {
    w.sb.clear_requests();
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_rma-harvest"))
        .args(["--config", w.config.to_str().unwrap(), "-vv"])
        .args(args)
        .output()
        .unwrap();
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak_kb = stderr
        .lines()
        .find_map(|l| l.split("peak memory ").nth(1))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let mut m = Measured {
        wall,
        peak_kb,
        exit: out.status.code().unwrap_or(-1),
        ..Default::default()
    };
    for r in w.sb.requests() {
        match (r.service, r.is_write) {
            (Service::Harvest, false) => m.harvest_reads += 1,
            (Service::Harvest, true) => m.harvest_writes += 1,
            (Service::Rma, false) => m.rma_reads += 1,
            (Service::Rma, true) => m.rma_writes += 1,
        }
    }
    if m.exit > 1 {
        eprintln!("{stderr}");
    }
    m
}

fn row(case: &str, m: &Measured, extra: &str) {
    println!(
        "| {case} | {} / {} | {} / {} | {} | {:.2} s | {} MiB | {} | {extra} |",
        m.harvest_reads,
        m.harvest_writes,
        m.rma_reads,
        m.rma_writes,
        m.total(),
        m.wall.as_secs_f64(),
        m.peak_kb / 1024,
        m.exit
    );
}

fn case_no_change(latency: Duration, history: usize) {
    let mut w = world(latency);
    seed_history(&mut w, history);
    // Pushes the 100 customers once (their content hash is recorded), like any first night.
    let warm = sync(&w);
    assert!(warm.exit <= 1);
    let m = sync(&w);
    row(
        &format!(
            "1. no change, {history} invoices ({OPEN} open), {} payments",
            2 * history
        ),
        &m,
        "target ≤ 10 requests",
    );
}

fn case_first_run(latency: Duration) {
    let w = world(latency);
    for i in 0..1000 {
        w.sb.harvest.add_invoice(invoice(
            w.clients[i % CLIENTS],
            &format!("N{i:05}"),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days((i % 300) as i64),
        ));
    }
    let m = sync(&w);
    let per_invoice = (m.rma_reads + m.rma_writes) as f64 / 1000.0;
    row("2. first run, 1000 open invoices, 100 clients", &m, &format!("RMA {per_invoice:.2} requests per invoice; target ≤ 10 Harvest, ≤ 3 RMA per invoice + constant"));
}

fn case_typical_night(latency: Duration, history: usize) {
    let mut w = world(latency);
    seed_history(&mut w, history);
    let warm = sync(&w);
    assert!(warm.exit <= 1);
    // 30 new invoices, 50 new payments (45 of them an invoice's first), 3 changed, 1 deleted.
    for i in 0..30 {
        w.sb.harvest.add_invoice(invoice(
            w.clients[i % CLIENTS],
            &format!("N{i:05}"),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        ));
    }
    let first = w.open.iter().filter(|(_, _, paid)| !paid).take(45);
    let further = w.open.iter().filter(|(_, _, paid)| *paid).take(5);
    for (i, (_, number, _)) in first.chain(further).enumerate() {
        w.sb.rma.book_payment(
            number,
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            dec("5"),
            &format!("Zahlung {i}"),
            "1090",
        );
    }
    for (rma_id, _, _) in w.open_payments.iter().rev().take(3) {
        w.sb.rma.change_payment(*rma_id, Some(dec("12")), None);
    }
    let (deleted, _, _) = w.open_payments[0];
    w.sb.rma.delete_payment(deleted);
    let m = sync(&w);
    // The least any tool could do: one write per change, plus reading both sides once
    // (Harvest invoices, clients, contacts; RMA articles, existence check, feed, paid totals,
    // verification).
    let minimal = 30 + 50 + 3 * 2 + 1 + 1 + 3 + 5;
    row(
        &format!("3. typical night on {history} invoices"),
        &m,
        &format!(
            "minimal {minimal}, ratio {:.2}; target ≤ 1.05",
            m.total() as f64 / minimal as f64
        ),
    );
}

fn case_reconcile(latency: Duration, history: usize) {
    let mut w = world(latency);
    seed_history(&mut w, history);
    let warm = sync(&w);
    assert!(warm.exit <= 1);
    let m = measure(&w, &["reconcile", "--json"]);
    // Harvest's invoice list in pages of 2000, clients, RMA's invoice list, the feed.
    let pages = history.div_ceil(2000);
    row(
        &format!("4. reconcile of {history} invoices"),
        &m,
        &format!("{pages} Harvest invoice pages; requests grow with the pages, not the invoices"),
    );
}

fn plan_cpu(n: usize) {
    let mut snap = Snapshot {
        parts: ["Beratung".to_string()].into(),
        ..Default::default()
    };
    for c in 0..CLIENTS as i64 {
        snap.clients.insert(
            c,
            ht::Client {
                id: c,
                name: format!("Kunde {c}"),
                is_active: true,
                address: format!("Strasse {c}\n8000 Zürich"),
                currency: "CHF".into(),
            },
        );
    }
    for i in 0..n {
        let inv: ht::Invoice = serde_json::from_value(serde_json::json!({
            "id": i, "number": format!("N{i}"), "amount": "324.30", "due_amount": "324.30", "state": "open",
            "issue_date": day(i).to_string(), "currency": "CHF", "client": {"id": (i % CLIENTS), "name": "x"},
            "line_items": [{"kind": "Beratung", "description": "x", "quantity": 2, "unit_price": 150, "amount": 300, "taxed": true}]
        }))
        .unwrap();
        snap.invoices.push(inv);
    }
    let started = Instant::now();
    let p = plan(&snap, &SyncConfig::default(), None);
    let cpu = started.elapsed();
    println!("| planning {n} new invoices (pure CPU, in-process) | – | – | – | {:.3} s | – | – | {} steps; target < 1 s |", cpu.as_secs_f64(), p.steps.len());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --all-targets` runs bench targets without `--bench`: stay out of the suite.
    if !args.iter().any(|a| a == "--bench") {
        println!("benches/sync.rs: run it with `cargo bench --bench sync`");
        return;
    }
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let latency = Duration::from_millis(
        value("--latency-ms")
            .and_then(|v| v.parse().ok())
            .unwrap_or(20),
    );
    let case = value("--case").unwrap_or_else(|| "all".into());
    println!("latency {latency:?} per request; `harvest`/`rma` columns are reads / writes\n");
    println!("| case | Harvest r / w | RMA r / w | requests | wall | peak memory | exit | notes |");
    println!("|---|---|---|---|---|---|---|---|");
    if case == "all" || case == "1" {
        for history in [1_000, 10_000, 50_000] {
            case_no_change(latency, history);
        }
    }
    if case == "all" || case == "2" {
        case_first_run(latency);
    }
    if case == "all" || case == "3" {
        case_typical_night(latency, 10_000);
    }
    if case == "all" || case == "4" {
        case_reconcile(latency, 10_000);
    }
    if case == "all" || case == "plan" {
        plan_cpu(50_000);
    }
}

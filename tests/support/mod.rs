//! Shared end-to-end setup: the real binary in a clean environment under the test clock
//! ([`binary`]), and a sandbox world (both fakes seeded with the Swiss firm, a config in a
//! temp dir) to run it against ([`World`]). Each test file includes it with `mod support;`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use chrono::NaiveDate;
use rma_harvest_sandbox::{seed, NewInvoice, NewLine, Sandbox};
use rust_decimal::Decimal;

/// The binary's one test hook (README "Development").
pub const TEST_CLOCK_ENV: &str = "RMA_HARVEST_TEST_CLOCK";
/// The instant the test clock stands at: the night after the seed's invoices.
pub const TEST_NOW: &str = "2026-11-28T01:00:00Z";

pub fn test_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(TEST_NOW)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// The real binary with nothing of the caller's environment but `HOME` (set to `home`) and
/// the test clock, so retries and pacing never wait and timestamps are known.
pub fn binary(home: &Path) -> Command {
    Command::from_std(spawnable(home))
}

/// [`binary`] as a `std::process::Command`, for tests that talk to the running child.
pub fn spawnable(home: &Path) -> std::process::Command {
    use assert_cmd::cargo::CommandCargoExt;
    let mut c = std::process::Command::cargo_bin("rma-harvest").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env(TEST_CLOCK_ENV, TEST_NOW);
    c
}

pub struct World {
    pub sb: Sandbox,
    pub firm: seed::SwissFirm,
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
}

impl World {
    pub fn new() -> World {
        let sb = Sandbox::start();
        let firm = seed::swiss_firm(&sb);
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, sb.config_toml(&dir.path().join("state.sqlite"))).unwrap();
        World {
            sb,
            firm,
            dir,
            config,
        }
    }

    pub fn state_path(&self) -> PathBuf {
        self.dir.path().join("state.sqlite")
    }

    pub fn cmd(&self) -> Command {
        let mut c = binary(self.dir.path());
        c.arg("--config").arg(&self.config);
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// The seed (Hosting made an article, so runs exit 0) and `extra` more open invoices of
    /// the Zürich client, 2026-0200 on: a first run with many writes to make.
    pub fn with_extra_invoices(extra: usize) -> World {
        let w = World::new();
        w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
        for i in 0..extra {
            w.sb.harvest.add_invoice(NewInvoice::open(
                w.firm.client_zurich,
                &format!("2026-{:04}", 200 + i),
                date(6, 1) + chrono::Duration::days(i as i64),
                vec![NewLine::new("Beratung", "Beratung", dec("1"), dec("100"))],
            ));
        }
        w
    }

    /// The binary running `args` in the background, its output piped.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        let mut c = spawnable(self.dir.path());
        c.arg("--config")
            .arg(&self.config)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c.spawn().unwrap()
    }

    pub fn sync(&self) -> Output {
        self.run(&["sync"])
    }

    pub fn writes(&self) -> usize {
        self.sb.write_count()
    }

    /// Both sides, canonically: what "the same end state" means.
    pub fn picture(&self) -> serde_json::Value {
        serde_json::json!({"harvest": self.sb.harvest.snapshot(), "rma": self.sb.rma.snapshot()})
    }

    /// RMA's invoice numbers, sorted.
    pub fn rma_invoice_numbers(&self) -> Vec<String> {
        rma_invoice_numbers(&self.sb)
    }

    /// RMA has the seed's linked invoice and the three bookable ones, each once.
    pub fn assert_seed_invoices_in_rma(&self) {
        assert_eq!(
            self.rma_invoice_numbers(),
            ["2026-0100", "2026-0101", "2026-0102", "2026-0103"]
        );
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// ---- shared by the payment and bookkeeping end-to-end files ------------------------------

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// A world after a clean first run (Hosting made an article so runs exit 0).
pub fn booked_world() -> World {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    w
}

/// A booked world on the eve of a payment night: Run my Accounts has a payment of 100 on
/// each of the three open invoices, which are returned (Zürich, discount, EUR).
pub fn booked_world_with_three_payments() -> (World, [i64; 3]) {
    let w = booked_world();
    let invoices = [w.firm.open_zurich, w.firm.open_discount, w.firm.open_eur];
    for id in invoices {
        w.sb.rma.book_payment(
            &w.firm.number(id),
            date(11, 20),
            dec("100"),
            "Zahlung",
            "1020",
        );
    }
    (w, invoices)
}

/// The kinds of the open problems in the output of `log --json`.
pub fn open_problem_kinds_in(log_json: &[u8]) -> Vec<String> {
    let log: serde_json::Value = serde_json::from_slice(log_json).unwrap();
    log["open_problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap().to_string())
        .collect()
}

pub fn amounts(w: &World, invoice: i64) -> Vec<String> {
    let mut v: Vec<String> =
        w.sb.harvest
            .payments(invoice)
            .iter()
            .map(|p| p["amount"].to_string())
            .collect();
    v.sort();
    v
}

/// RMA's invoice numbers in a sandbox, sorted.
pub fn rma_invoice_numbers(sb: &Sandbox) -> Vec<String> {
    let mut numbers: Vec<String> = sb
        .rma
        .invoices()
        .iter()
        .map(|i| i["invnumber"].as_str().unwrap().to_string())
        .collect();
    numbers.sort();
    numbers
}

/// Someone else acknowledges an RMA payment's feed row with the same key (raw HTTP, as
/// another integration would): the feed no longer shows it, RMA's paid total still has it.
pub fn acknowledge_elsewhere(w: &World, rma_payment_id: i64) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    agent
        .post(&format!(
            "{}/clients/muster/invoices/set_as_processed",
            w.sb.rma.api_url()
        ))
        .header("Authorization", "Bearer pat_sandbox")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(format!("id={rma_payment_id}").as_str())
        .unwrap();
}

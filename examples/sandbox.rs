//! See rma-harvest work without any account: starts fake Harvest and Run my Accounts servers
//! seeded with a small Swiss firm, writes a configuration pointing at them, runs
//! `rma-harvest sync` twice (a bookkeeper books a payment in RMA in between) and
//! `rma-harvest log`, and shows what each side has afterwards.
//!
//! `cargo run --example sandbox -- --keep-running` leaves the fakes up for trying the CLI by
//! hand; it prints the configuration path to use with `--config`. With `--fresh` as well,
//! nothing is synced first: the fakes stay as seeded, so a dry run shows what a first run
//! would book.

use rma_harvest_sandbox::{seed, FakeSmtp, Sandbox};
use rust_decimal::Decimal;

fn section(title: &str) {
    println!(
        "\n=== {title} {}",
        "=".repeat(70usize.saturating_sub(title.len()))
    );
}

fn run(config: &std::path::Path, args: &[&str]) -> i32 {
    let mut argv = vec![
        "rma-harvest".to_string(),
        "--config".into(),
        config.display().to_string(),
    ];
    argv.extend(args.iter().map(|a| a.to_string()));
    println!("$ rma-harvest {}", args.join(" "));
    let code = rma_harvest::run_with(argv);
    println!("(exit code {code})");
    code
}

/// An ISO date from a fake (`2026-03-20`) the way the tool writes it (`20.03.2026`).
fn swiss_date(iso: &serde_json::Value) -> String {
    let text = iso.as_str().unwrap_or("");
    chrono::NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
        .map(rma_harvest::human::date)
        .unwrap_or_else(|_| text.to_string())
}

/// A JSON amount (number or string) as `CHF 1'234.50`.
fn money(currency: &serde_json::Value, amount: &serde_json::Value) -> String {
    let text = amount
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| amount.to_string());
    let value: Decimal = text.parse().unwrap_or_default();
    rma_harvest::sync::mapping::money(currency.as_str().unwrap_or("CHF"), value)
}

fn show(sb: &Sandbox, firm: &seed::SwissFirm) {
    println!("Harvest:");
    for (id, number) in &firm.numbers {
        let inv = sb.harvest.invoice(*id);
        let payments = sb.harvest.payments(*id);
        println!(
            "  invoice {number:<10} {} {:<7} {:>13}  due {:>13}  payments: {}",
            swiss_date(&inv["issue_date"]),
            inv["state"].as_str().unwrap_or(""),
            money(&inv["currency"], &inv["amount"]),
            money(&inv["currency"], &inv["due_amount"]),
            if payments.is_empty() {
                "-".to_string()
            } else {
                payments
                    .iter()
                    .map(|p| {
                        format!(
                            "{} on {} ({})",
                            money(&inv["currency"], &p["amount"]),
                            swiss_date(&p["paid_date"]),
                            p["notes"].as_str().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        );
    }
    println!("Run my Accounts:");
    for c in sb.rma.customers() {
        println!(
            "  customer {:<8} {:<26} {}, {} {} {}",
            c["customernumber"].as_str().unwrap_or(""),
            c["name"].as_str().unwrap_or(""),
            c["address1"].as_str().unwrap_or(""),
            c["zipcode"].as_str().unwrap_or(""),
            c["city"].as_str().unwrap_or(""),
            c["country"].as_str().unwrap_or("")
        );
    }
    for i in sb.rma.invoices() {
        println!(
            "  invoice {:<10} {} {:>13}  paid {:>13}  {}  customer {}",
            i["invnumber"].as_str().unwrap_or(""),
            swiss_date(&i["transdate"]),
            money(&i["currency"], &i["amount"]),
            money(&i["currency"], &i["paid"]),
            i["status"].as_str().unwrap_or(""),
            i["customernumber"].as_str().unwrap_or("")
        );
    }
}

/// The CLI to try by hand: the binary beside this example's, which `cargo test` or `cargo
/// build` made (`cargo run --` would build it again, with other features).
fn binary_path() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.parent()?.join("rma-harvest");
    path.exists().then_some(path)
}

fn wait_with_fakes_up(dir: tempfile::TempDir, config: &std::path::Path) {
    let (bin, note) = match binary_path() {
        Some(path) => (path.display().to_string(), ""),
        None => (
            "target/debug/rma-harvest".to_string(),
            "\n(build it first with `cargo build`; `cargo test --all-targets` builds it too)",
        ),
    };
    let config = config.display();
    println!(
        "\nThe fakes keep running. Try for example:{note}\n  {bin} --config {config} sync --dry-run\n  {bin} --config {config} doctor\n  {bin} --config {config} sync\n  {bin} --config {config} log\nPress Ctrl-C to stop."
    );
    // Ctrl-C or SIGTERM ends the wait; returning drops `dir`, which removes the temp dir
    // (state file and config) instead of leaving it behind.
    let (stop, stopped) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop.send(());
    })
    .expect("install the Ctrl-C handler");
    let _ = stopped.recv();
    println!("\nStopped; {} removed.", dir.path().display());
}

fn main() {
    // --fresh: seeded, never synced; only useful with the fakes left running.
    let fresh = std::env::args().any(|a| a == "--fresh");
    let keep_running = fresh || std::env::args().any(|a| a == "--keep-running");
    let sb = Sandbox::start();
    let firm = seed::swiss_firm(&sb);
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("state.sqlite");
    let config = dir.path().join("config.toml");
    // A real SMTP server on 127.0.0.1 stands in for the bookkeeper's mailbox.
    let smtp = FakeSmtp::plain();
    let mail = format!("\n[notify.email]\nto = \"buchhaltung@muster.ch\"\nfrom = \"rma-harvest@muster.ch\"\nsmtp_url = \"{}\"\nwhen = \"activity\"\n", smtp.url());
    std::fs::write(&config, sb.config_toml(&state) + &mail).expect("write config");

    section("Before: a small Swiss firm");
    show(&sb, &firm);
    let old = firm.number(firm.open_old);
    println!(
        "\nInvoice {old} is open too, but issued on {}, before sync.start_date (01.01.2026 in this\nconfiguration): the tool never books it, so no run mentions it.",
        swiss_date(&sb.harvest.invoice(firm.open_old)["issue_date"])
    );
    if fresh {
        return wait_with_fakes_up(dir, &config);
    }

    section("First run: book open invoices, link the one RMA has, mirror its payment");
    run(&config, &["sync"]);
    section("The bookkeeper's mail after the first night");
    run(&config, &["mail", "--preview"]);

    section("A bookkeeper books a payment in Run my Accounts");
    let number = firm.number(firm.open_zurich);
    let amount: Decimal = sb
        .rma
        .invoice(&number)
        .and_then(|i| i["amount"].as_str().and_then(|a| a.parse().ok()))
        .unwrap_or_default();
    let id = sb.rma.book_payment(
        &number,
        chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        amount,
        "Zahlung Muster AG",
        "1090",
    );
    println!(
        "RMA payment {id}: {} on 01.04.2026 on invoice {number}",
        rma_harvest::sync::mapping::money("CHF", amount)
    );

    section("Second run: the payment appears in Harvest, nothing is booked twice");
    run(&config, &["sync"]);
    section("The bookkeeper's mail after the second night");
    run(&config, &["mail", "--preview"]);
    println!("({} mails arrived at the SMTP server.)", smtp.mails().len());

    section("The run log");
    run(&config, &["log"]);

    section("After");
    show(&sb, &firm);
    println!(
        "\nRequests: {} to the fakes, {} of them writes.",
        sb.requests().len(),
        sb.write_count()
    );

    if keep_running {
        wait_with_fakes_up(dir, &config);
    }
}

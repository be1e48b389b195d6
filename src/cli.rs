//! The command line (clap derive). Global flags work before or after the subcommand.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::exit::EXIT_CODES_HELP;

#[derive(Debug, Parser)]
#[command(
    name = "rma-harvest",
    version,
    about = "Books Harvest invoices in Run my Accounts and mirrors the payments back",
    long_about = "Books every Harvest invoice in state \"open\" (Sent) that Run my Accounts does not have yet as an \
AR invoice, keeps the Harvest client as the RMA customer, and mirrors the payments RMA booked on those \
invoices into Harvest. Meant to run nightly from cron: `rma-harvest sync --quiet`.",
    after_help = format!("{MAIN_EXAMPLES}\n\n{EXIT_CODES_HELP}")
)]
pub struct Cli {
    /// Configuration file (default: $RMA_HARVEST_CONFIG, then $XDG_CONFIG_HOME/rma-harvest/config.toml, then /etc/rma-harvest/config.toml)
    // Not clap's `env`: with the variable set, clap's usage lines would show `--config <PATH>`
    // as if it were required, and `--help` an empty `[env: RMA_HARVEST_CONFIG=]`. The
    // configuration reader looks at the variable itself when `--config` is absent.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// More detail on stderr (-v: what is done, -vv: every request)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print nothing unless something needs a person (for cron)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Connect Harvest (OAuth2), or check a personal access token
    #[command(after_help = AUTH_EXAMPLES)]
    Auth(AuthArgs),
    /// Book new invoices in Run my Accounts and mirror payments into Harvest
    #[command(after_help = SYNC_EXAMPLES)]
    Sync(SyncArgs),
    /// Show recent runs, or the events of one run
    #[command(after_help = LOG_EXAMPLES)]
    Log(LogArgs),
    /// Compare Harvest item categories with Run my Accounts articles
    #[command(after_help = CHECK_CATEGORIES_EXAMPLES)]
    CheckCategories(CheckCategoriesArgs),
    /// Close the open problems of one invoice that was handled by hand
    #[command(after_help = DISMISS_EXAMPLES)]
    Dismiss(DismissArgs),
    /// Check, read-only, every assumption the sync makes about both services
    #[command(
        long_about = "Checks against the real services, without writing anything anywhere, every assumption \
the sync relies on: the Harvest token, account and permissions; the Run my Accounts key, articles, invoice \
totals, unknown customers and the payment feed; the configured AR account. Prints a checklist with what \
to do for each item that does not hold. Exit 0 when everything holds, 1 otherwise.",
        after_help = "Examples:\n  rma-harvest doctor\n  rma-harvest doctor --json"
    )]
    Doctor(DoctorArgs),
    /// Check, read-only, that Harvest and Run my Accounts agree on every invoice
    #[command(
        long_about = "Compares, read-only, every Harvest invoice issued in the range (drafts aside) and every \
invoice the state file booked or linked with what Run my Accounts has: totals and paid amounts, with one \
verdict per invoice and sums per currency exact to the centime. Each difference names what to do. Exit 0 \
when both books agree, 1 otherwise.",
        after_help = RECONCILE_EXAMPLES
    )]
    Reconcile(ReconcileArgs),
    /// Send a test mail to the bookkeeper, or show the mail of a run without sending it
    #[command(after_help = MAIL_EXAMPLES)]
    Mail(MailArgs),
    /// Print a shell completion script (needs no configuration)
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a directory
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
pub struct DismissArgs {
    /// The Harvest invoice number, as `rma-harvest log` shows it
    #[arg(value_name = "NUMBER")]
    pub invoice: String,
    /// Dismiss it even though it has no open problem (mutes its later reports)
    #[arg(long)]
    pub force: bool,
    /// Take an earlier dismissal of this invoice back
    #[arg(long, conflicts_with = "force")]
    pub undo: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// First issue date (default: sync.start_date, else the first invoice the state file knows)
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,
    /// Last issue date (default: today)
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,
    /// Print JSON (invoices and the summary)
    #[arg(long, conflicts_with = "file")]
    pub json: bool,
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// `--csv FILE` and `--excel`, wherever a table can go to a spreadsheet.
#[derive(Debug, clap::Args)]
pub struct CsvArgs {
    /// Write CSV to FILE (`-`: stdout); one row per line of the table
    #[arg(long = "csv", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// With --csv: what Excel with Swiss settings opens directly (`;`, UTF-8 byte-order mark)
    #[arg(long, requires = "file")]
    pub excel: bool,
}

#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

// Examples shown by `--help` and rendered into the man page (EXAMPLES section). A line
// ending in ':' starts a block; the lines below it are shown as written.
const MAIN_EXAMPLES: &str = "\
Examples:
  rma-harvest check-categories       which Harvest categories have no RMA article yet
  rma-harvest sync --dry-run         what a run would do; writes nothing anywhere
  rma-harvest sync --quiet           the nightly run: prints only what needs a person
  rma-harvest log --run 12           what run 12 did, invoice by invoice
  rma-harvest --config /etc/rma-harvest/acme.toml sync    one tenant of several";

const AUTH_EXAMPLES: &str = "\
Examples:
  rma-harvest auth                   connect Harvest (OAuth2): open the printed address
  rma-harvest auth --paste           on a server without a browser
  rma-harvest auth --check           check both connections, change nothing";

const SYNC_EXAMPLES: &str = "\
Examples:
  rma-harvest sync --dry-run         the plan; nothing is written anywhere
  rma-harvest sync --dry-run --json  the plan as JSON
  rma-harvest sync --quiet           for cron: silent unless something needs a person";

const LOG_EXAMPLES: &str = "\
Examples:
  rma-harvest log                    the last 10 runs
  rma-harvest log --limit 50 --json  the last 50 runs as JSON
  rma-harvest log --run 12           the events of run 12
  rma-harvest log --problems         the open problems as a table
  rma-harvest log --limit 100 --csv events.csv --excel    for a spreadsheet";

const CHECK_CATEGORIES_EXAMPLES: &str = "\
Examples:
  rma-harvest check-categories         exit 0 when every category in use is an RMA article
  rma-harvest check-categories --json";

const DISMISS_EXAMPLES: &str = "\
Examples:
  rma-harvest dismiss 2026-0104      invoice 2026-0104 was handled by hand in Run my Accounts
  rma-harvest dismiss --undo 2026-0104   take that dismissal back
  rma-harvest log                    the open problems that are left, with their invoice numbers";

const RECONCILE_EXAMPLES: &str = "\
Examples:
  rma-harvest reconcile                                   since sync.start_date, until today
  rma-harvest reconcile --from 2026-01-01 --to 2026-12-31 --csv year.csv --excel
  rma-harvest reconcile --json";
const MAIL_EXAMPLES: &str = "\
Examples:
  rma-harvest mail --test            send a short test mail to [notify.email] to
  rma-harvest mail --preview         the mail of the latest run, printed, not sent
  rma-harvest mail --preview --run 12";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  rma-harvest completions bash > ~/.local/share/bash-completion/completions/rma-harvest
  rma-harvest completions zsh > ~/.zfunc/_rma-harvest      # with fpath+=~/.zfunc in ~/.zshrc
  rma-harvest completions fish > ~/.config/fish/completions/rma-harvest.fish";

const MAN_EXAMPLES: &str = "\
Examples:
  rma-harvest man | man -l -
  rma-harvest man > ~/.local/share/man/man1/rma-harvest.1
  sudo \"$(command -v rma-harvest)\" man --dir /usr/local/share/man/man1    one page per command";

#[derive(Debug, clap::Args)]
pub struct AuthArgs {
    /// Only check both connections (Harvest and Run my Accounts); change nothing
    #[arg(long)]
    pub check: bool,
    /// Paste the redirect URL from the browser instead of receiving it on a local listener
    #[arg(long, conflicts_with = "check")]
    pub paste: bool,
}

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// Print the plan; write nothing in Harvest, Run my Accounts or the state file
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: print the plan as JSON
    #[arg(long, requires = "dry_run")]
    pub json: bool,
    /// Only this Harvest invoice (number) and its customer and payments; repeatable
    #[arg(long = "invoice", value_name = "NUMBER")]
    pub invoices: Vec<String>,
    /// Allow this many new bookings in this run (instead of sync.max_new_bookings)
    #[arg(long, value_name = "N")]
    pub max_new_bookings: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// How many runs to show
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Show the events of this run
    #[arg(long, value_name = "ID")]
    pub run: Option<i64>,
    /// Print JSON
    #[arg(long, conflicts_with = "file")]
    pub json: bool,
    /// The open problems only (with --csv: one row per problem)
    #[arg(long, conflicts_with = "run")]
    pub problems: bool,
    #[command(flatten)]
    pub csv: CsvArgs,
}

#[derive(Debug, clap::Args)]
pub struct CheckCategoriesArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct MailArgs {
    /// Send a short test mail and show what the server answered
    #[arg(long, conflicts_with = "preview", required_unless_present = "preview")]
    pub test: bool,
    /// Print the mail a run sent or would have sent, without sending it
    #[arg(long)]
    pub preview: bool,
    /// With --preview: this run instead of the latest
    #[arg(long, value_name = "ID", requires = "preview")]
    pub run: Option<i64>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write rma-harvest.1 and rma-harvest-<command>.1 into this directory instead of
    /// printing rma-harvest.1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_after_subcommand() {
        let cli = Cli::try_parse_from([
            "rma-harvest",
            "sync",
            "--dry-run",
            "--config",
            "x.toml",
            "-q",
        ])
        .unwrap();
        assert!(cli.quiet);
        assert_eq!(cli.config, Some(PathBuf::from("x.toml")));
    }

    #[test]
    fn invoice_is_repeatable() {
        let cli = Cli::try_parse_from([
            "rma-harvest",
            "sync",
            "--invoice",
            "1001",
            "--invoice",
            "1002",
            "--max-new-bookings",
            "200",
        ])
        .unwrap();
        let Command::Sync(args) = cli.command else {
            panic!("not sync")
        };
        assert_eq!(args.invoices, ["1001", "1002"]);
        assert_eq!(args.max_new_bookings, Some(200));
    }
}

//! `rma-harvest mail --test | --preview [--run ID]`, and the mail after `sync` (what it says
//! on stderr and what it does to the exit code). The mail itself is [`crate::mail`].

use super::{CommandError, Result};
use crate::cli::{Cli, MailArgs};
use crate::clock::SharedClock;
use crate::config::{Config, EmailConfig};
use crate::doctor::{Check, Status};
use crate::exit::ExitCode;
use crate::mail::{self, Outcome};
use crate::state::State;
use crate::words::{self, Message};
use crate::{errln, msg, outln};

fn say(m: Message) -> String {
    words::render(&m)
}

/// After a recorded run: sends its mail. A mail that failed is said on stderr and makes the
/// run exit at least 1; the run's work is kept whatever happens here.
pub fn after_sync(config: &Config, state: &State, run_id: i64, clock: &SharedClock) -> ExitCode {
    match mail::after_run(config, state, run_id, clock.now()) {
        Ok(Outcome::Sent { to }) => {
            log::info!("{}", say(msg!("mail-sent", to = to.join(", "))));
            ExitCode::Success
        }
        Ok(Outcome::NotConfigured | Outcome::NothingNew) => ExitCode::Success,
        Ok(Outcome::Failed(reason)) => {
            errln!("{}", say(msg!("mail-failed", reason = reason)));
            ExitCode::Refused
        }
        Err(e) => {
            // The run is recorded; only the mail's own bookkeeping failed.
            errln!("{}", say(msg!("mail-failed", reason = e.to_string())));
            ExitCode::Refused
        }
    }
}

fn email(config: &Config) -> Result<&EmailConfig> {
    config.email.as_ref().ok_or_else(|| {
        CommandError::config(say(msg!(
            "mail-not-configured",
            path = config.path.display().to_string()
        )))
    })
}

pub fn run(cli: &Cli, args: &MailArgs, clock: &SharedClock) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    let email = email(&config)?;
    if args.test {
        return test(&config, email, clock);
    }
    // Read-only: a preview sends nothing and stamps nothing.
    let state = State::open_read_only(&config.state_path)?;
    let latest = match &state {
        Some(s) => s.runs(1)?.first().map(|r| r.id),
        None => None,
    };
    let (Some(state), Some(run_id)) = (state, args.run.or(latest)) else {
        outln!("{}", say(msg!("mail-no-runs")));
        return Ok(ExitCode::Success);
    };
    let Some(run_mail) = state.run_mail(run_id)? else {
        return Err(CommandError::config(say(msg!(
            "mail-no-such-run",
            run = run_id
        ))));
    };
    let (digest, mail) = mail::mail_of(
        &state,
        &config,
        email,
        run_id,
        clock.now(),
        words::language(),
    )?;
    let status = match (&run_mail.mailed_at, digest.worth_sending) {
        (Some(at), _) => msg!("mail-preview-sent", at = crate::human::date_time_text(at)),
        (None, true) => msg!("mail-preview-waiting"),
        (None, false) => msg!("mail-preview-quiet"),
    };
    outln!("{}", say(status));
    outln!("From: {}", email.from);
    outln!("To: {}", email.to.join(", "));
    outln!("Subject: {}\n", mail.subject);
    outln!("{}", mail.text);
    Ok(ExitCode::Success)
}

fn test(config: &Config, email: &EmailConfig, clock: &SharedClock) -> Result<ExitCode> {
    let tenant = &config.rma.tenant;
    let to = email.to.join(", ");
    let body = say(msg!("mail-test-body", to = to.as_str()));
    let test_mail = mail::Mail {
        subject: say(msg!("mail-test-subject", tenant = tenant.as_str())),
        html: format!("<p>{}</p>\n", mail::compose::escape(&body)),
        text: body,
    };
    match mail::transport::send(email, &test_mail, clock.now().into()) {
        Ok(answer) => {
            outln!(
                "{}",
                say(msg!("mail-test-sent", to = to.as_str(), answer = answer))
            );
            Ok(ExitCode::Success)
        }
        // A refused login is an authentication failure (exit 3), anything else a server
        // that could not be reached or kept refusing (exit 4).
        Err(e) => Err(CommandError::new(
            if e.login_refused {
                crate::failure::Category::Auth
            } else {
                crate::failure::Category::Unavailable
            },
            say(msg!("mail-failed", reason = e.text)),
        )),
    }
}

/// `doctor`'s check of the mail server: it answers, upgrades as the rule says and accepts
/// the login; nothing is sent.
pub fn doctor_check(config: &Config) -> Option<Check> {
    let email = config.email.as_ref()?;
    let (host, port) = (email.server.host.as_str(), u32::from(email.server.port));
    let (status, detail, advice) = match mail::transport::check(email) {
        Ok(()) => {
            let login = if email.username.is_some() {
                say(msg!("mail-doctor-login"))
            } else {
                say(msg!("mail-doctor-no-login"))
            };
            let detail = say(msg!(
                "mail-doctor-holds",
                host = host,
                port = port,
                login = login
            ));
            (Status::Holds, detail, String::new())
        }
        Err(mail::MailError { text: reason, .. }) => (
            Status::Fails,
            say(msg!(
                "mail-doctor-fails",
                host = host,
                port = port,
                reason = reason
            )),
            say(msg!(
                "mail-doctor-advice",
                env = crate::config::SMTP_PASSWORD_ENV
            )),
        ),
    };
    Some(Check {
        id: "mail_server",
        title: "The mail server answers and accepts the login ([notify.email])",
        status,
        detail,
        advice,
    })
}

//! The wire: lettre's blocking SMTP transport over rustls (with ring, as ureq uses), built
//! from `[notify.email]`. The connection's protection comes from the config's one rule
//! ([`SmtpSecurity`]); every text the server or the library says is scrubbed of secrets.

use std::time::{Duration, SystemTime};

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::compose::Mail;
use crate::config::{EmailConfig, SmtpSecurity};
use crate::{msg, secret, words};

/// Connect, read and write: a server that says nothing for this long is down.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a mail did not go out, already scrubbed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text}")]
pub struct MailError {
    pub text: String,
    /// The server refused the login (535, 534): the credentials, not the server, are wrong.
    pub login_refused: bool,
}

impl MailError {
    fn new(text: String) -> MailError {
        MailError {
            text,
            login_refused: false,
        }
    }
}

fn failed(e: impl std::fmt::Display) -> MailError {
    MailError::new(secret::scrub(&e.to_string()))
}

fn smtp_failed(e: lettre::transport::smtp::Error) -> MailError {
    let code = e.status().map(|c| c.to_string());
    MailError {
        login_refused: matches!(code.as_deref(), Some("535" | "534")),
        ..failed(e)
    }
}

fn tls_parameters(email: &EmailConfig) -> Result<TlsParameters, MailError> {
    let mut builder = TlsParameters::builder(email.server.host.clone());
    if let Some(path) = &email.ca_file {
        let unusable = |reason: String| {
            MailError::new(words::render(&msg!(
                "mail-ca-file",
                path = path.display().to_string(),
                reason = reason
            )))
        };
        let pem = std::fs::read(path).map_err(|e| unusable(e.to_string()))?;
        let cert = Certificate::from_pem(&pem).map_err(|e| unusable(e.to_string()))?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build_rustls().map_err(failed)
}

fn transport(email: &EmailConfig) -> Result<SmtpTransport, MailError> {
    let params = tls_parameters(email)?;
    let tls = match email.server.security {
        SmtpSecurity::Tls => Tls::Wrapper(params),
        SmtpSecurity::StartTlsRequired => Tls::Required(params),
        SmtpSecurity::StartTlsIfOffered => Tls::Opportunistic(params),
    };
    let mut builder = SmtpTransport::builder_dangerous(email.server.host.as_str())
        .port(email.server.port)
        .tls(tls)
        .timeout(Some(TIMEOUT));
    if let (Some(user), Some(password)) = (&email.username, &email.password) {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            password.expose().to_string(),
        ));
    }
    Ok(builder.build())
}

fn mailbox(address: &str) -> Result<Mailbox, MailError> {
    address.parse().map_err(failed)
}

/// `<random@sender's domain>`: receiving servers and spam filters expect one, and the
/// sender's domain is the one name this mail surely has.
fn message_id(domain: &str) -> String {
    let mut random = [0u8; 16];
    // Without randomness the id is still unique enough for one mail a night.
    let _ = getrandom::getrandom(&mut random);
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("<rma-harvest.{hex}@{domain}>")
}

/// The message as it goes on the wire: multipart/alternative, plain text first.
pub fn message(email: &EmailConfig, mail: &Mail, date: SystemTime) -> Result<Message, MailError> {
    let from = mailbox(&email.from)?;
    let mut builder = Message::builder()
        .message_id(Some(message_id(from.email.domain())))
        .from(from)
        .subject(mail.subject.clone())
        .date(date);
    for to in &email.to {
        builder = builder.to(mailbox(to)?);
    }
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(mail.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(mail.html.clone()),
                ),
        )
        .map_err(failed)
}

/// Sends the mail; what the server answered (scrubbed), or why it did not go out.
pub fn send(email: &EmailConfig, mail: &Mail, date: SystemTime) -> Result<String, MailError> {
    let message = message(email, mail, date)?;
    let answer = transport(email)?.send(&message).map_err(smtp_failed)?;
    let said: Vec<&str> = answer.message().collect();
    Ok(secret::scrub(&format!(
        "{} {}",
        answer.code(),
        said.join(" ")
    )))
}

/// Connects, upgrades as the rule says and logs in, without sending anything.
pub fn check(email: &EmailConfig) -> Result<(), MailError> {
    match transport(email)?.test_connection() {
        Ok(true) => Ok(()),
        Ok(false) => Err(MailError::new(words::render(&msg!("mail-closed")))),
        Err(e) => Err(smtp_failed(e)),
    }
}

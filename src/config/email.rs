//! `[notify.email]` (issue 18): who gets the bookkeeper's mail, through which server, and
//! when. The rule for the connection is decided here, once: `smtps://` is TLS from the
//! start, `smtp://` must upgrade with STARTTLS, and only a loopback host (the same rule as
//! for the API URLs) may speak plain SMTP.

use std::path::{Path, PathBuf};

use super::file::{text, OneOrMany, RawEmail};
use super::{is_loopback, Env};
use crate::msg;
use crate::secret::Secret;
use crate::words::{self, Message};

pub const SMTP_PASSWORD_ENV: &str = "RMA_HARVEST_SMTP_PASSWORD";

#[derive(Debug, Clone, PartialEq)]
pub struct EmailConfig {
    /// At least one; each a valid address (optionally with a display name).
    pub to: Vec<String>,
    pub from: String,
    pub server: SmtpServer,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub when: MailWhen,
    pub remind_after_days: u32,
    /// PEM certificates to trust besides the public roots (a self-signed server, the tests).
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpServer {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
}

/// How the connection is protected; chosen by [`security`] from the URL alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtps://`: TLS from the first byte.
    Tls,
    /// `smtp://` to any host but a loopback one: STARTTLS or nothing (no login, no mail).
    StartTlsRequired,
    /// `smtp://` to a loopback host: STARTTLS when offered, else plain.
    StartTlsIfOffered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailWhen {
    /// A new open problem, or work left undone that no mail reported yet.
    Problems,
    /// That, and any run that booked, linked or mirrored something.
    Activity,
}

/// The protection an `smtp_url` gets: the one place the rule is written.
pub fn security(scheme: &str, host: &str) -> Option<SmtpSecurity> {
    match scheme {
        "smtps" => Some(SmtpSecurity::Tls),
        "smtp" if is_loopback(host) => Some(SmtpSecurity::StartTlsIfOffered),
        "smtp" => Some(SmtpSecurity::StartTlsRequired),
        _ => None,
    }
}

fn parse_server(raw: &str) -> Option<SmtpServer> {
    let uri: ureq::http::Uri = raw.trim().parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let authority = uri.authority()?;
    if authority.as_str().contains('@') || !matches!(uri.path(), "" | "/") || uri.query().is_some()
    {
        return None;
    }
    let host = super::uri_host(&uri)?;
    let security = security(&scheme, &host)?;
    let port = uri.port_u16().unwrap_or(match security {
        SmtpSecurity::Tls => 465,
        _ => 587,
    });
    Some(SmtpServer {
        host,
        port,
        security,
    })
}

fn address(key: &str, value: &str) -> Result<String, String> {
    value
        .trim()
        .parse::<lettre::message::Mailbox>()
        .map(|_| value.trim().to_string())
        .map_err(|_| say(msg!("mail-config-address", key = key, value = value)))
}

fn say(m: Message) -> String {
    words::render(&m)
}

pub(super) fn validate(
    raw: Option<RawEmail>,
    config_path: &Path,
    env: &dyn Env,
) -> Result<Option<EmailConfig>, String> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let missing = |key: &str| say(msg!("mail-config-missing", key = key));
    let to = match raw.to {
        Some(OneOrMany::One(one)) => vec![one],
        Some(OneOrMany::Many(many)) => many,
        None => Vec::new(),
    };
    let to = to
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| address("notify.email.to", t))
        .collect::<Result<Vec<_>, _>>()?;
    if to.is_empty() {
        return Err(missing("notify.email.to"));
    }
    let from = text(raw.from).ok_or_else(|| missing("notify.email.from"))?;
    let from = address("notify.email.from", &from)?;
    let url = text(raw.smtp_url).ok_or_else(|| missing("notify.email.smtp_url"))?;
    let server = parse_server(&url).ok_or_else(|| {
        say(msg!(
            "mail-config-smtp-url",
            key = "notify.email.smtp_url",
            value = url.as_str()
        ))
    })?;
    let username = text(raw.username);
    let password = env
        .var(SMTP_PASSWORD_ENV)
        .or(text(raw.password))
        .map(Secret::new);
    if username.is_some() && password.is_none() {
        return Err(say(msg!(
            "mail-config-password",
            key = "notify.email.username",
            env = SMTP_PASSWORD_ENV
        )));
    }
    let when = match text(raw.when).as_deref() {
        None | Some("problems") => MailWhen::Problems,
        Some("activity") => MailWhen::Activity,
        Some(other) => {
            return Err(say(msg!(
                "mail-config-when",
                key = "notify.email.when",
                value = other
            )))
        }
    };
    let remind_after_days = match raw.remind_after_days {
        None => 7,
        Some(n) => u32::try_from(n).ok().filter(|n| *n >= 1).ok_or_else(|| {
            say(msg!(
                "mail-config-days",
                key = "notify.email.remind_after_days"
            ))
        })?,
    };
    let ca_file = text(raw.ca_file).map(|p| {
        let p = PathBuf::from(p);
        if p.is_relative() {
            config_path.parent().unwrap_or(Path::new(".")).join(p)
        } else {
            p
        }
    });
    Ok(Some(EmailConfig {
        to,
        from,
        server,
        username,
        password,
        when,
        remind_after_days,
        ca_file,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct PasswordEnv(Option<&'static str>);
    impl Env for PasswordEnv {
        fn var(&self, name: &str) -> Option<String> {
            (name == SMTP_PASSWORD_ENV).then_some(self.0?.to_string())
        }
    }

    fn parse(email: &str, password: Option<&'static str>) -> Result<EmailConfig, String> {
        let text = format!(
            "[harvest]\naccount_url = \"https://acme.harvestapp.com\"\n[rma]\ntenant = \"acme\"\n[notify.email]\n{email}"
        );
        super::super::parse(
            &text,
            Path::new("/etc/rh/acme.toml"),
            &PasswordEnv(password),
        )
        .map(|c| c.email.expect("configured"))
        .map_err(|e| e.to_string())
    }

    const SERVER: &str = "from = \"rma@acme.ch\"\nsmtp_url = \"smtp://mail.acme.ch:587\"\n";

    #[test]
    fn one_address_or_a_list_and_the_defaults() {
        let one = parse(&format!("to = \"b@acme.ch\"\n{SERVER}"), None).unwrap();
        assert_eq!(one.to, ["b@acme.ch"]);
        assert_eq!((one.when, one.remind_after_days), (MailWhen::Problems, 7));
        let many = parse(
            &format!("to = [\"b@acme.ch\", \"Chefin <c@acme.ch>\"]\nwhen = \"activity\"\nremind_after_days = 2\nca_file = \"ca.pem\"\n{SERVER}"),
            None,
        )
        .unwrap();
        assert_eq!(many.to.len(), 2);
        assert_eq!((many.when, many.remind_after_days), (MailWhen::Activity, 2));
        assert_eq!(many.ca_file, Some(PathBuf::from("/etc/rh/ca.pem")));
    }

    #[test]
    fn the_password_comes_from_the_environment_first_and_is_a_secret() {
        let with = |env| {
            parse(
                &format!(
                    "to = \"b@acme.ch\"\nusername = \"rma\"\npassword = \"from-file-pw\"\n{SERVER}"
                ),
                env,
            )
            .unwrap()
        };
        assert_eq!(
            with(Some("from-env-pw")).password.unwrap().expose(),
            "from-env-pw"
        );
        let config = with(None);
        assert_eq!(config.password.as_ref().unwrap().expose(), "from-file-pw");
        assert!(!format!("{config:?}").contains("from-file-pw"));
        let err = parse(
            &format!("to = \"b@acme.ch\"\nusername = \"rma\"\n{SERVER}"),
            None,
        )
        .unwrap_err();
        assert!(err.contains(SMTP_PASSWORD_ENV), "{err}");
    }

    #[test]
    fn every_key_is_checked() {
        let err = |email: &str| parse(email, None).unwrap_err();
        assert!(err(SERVER).contains("notify.email.to"));
        assert!(err(&format!("to = \"not an address\"\n{SERVER}")).contains("not an address"));
        assert!(
            err(&format!("to = \"b@acme.ch\"\nwhen = \"always\"\n{SERVER}")).contains("\"always\"")
        );
        assert!(err(&format!(
            "to = \"b@acme.ch\"\nremind_after_days = 0\n{SERVER}"
        ))
        .contains("remind_after_days"));
        assert!(err(
            "to = \"b@acme.ch\"\nfrom = \"rma@acme.ch\"\nsmtp_url = \"http://mail.acme.ch\"\n"
        )
        .contains("smtps://"));
        assert!(err(&format!("to = \"b@acme.ch\"\nport = 25\n{SERVER}"))
            .contains("unknown key notify.email.port"));
    }

    #[test]
    fn plain_smtp_is_allowed_only_to_a_loopback_host() {
        let at = |url: &str| parse_server(url).map(|s| (s.host, s.port, s.security));
        assert_eq!(
            at("smtp://mail.acme.ch:587"),
            Some(("mail.acme.ch".into(), 587, SmtpSecurity::StartTlsRequired))
        );
        assert_eq!(
            at("smtps://mail.acme.ch"),
            Some(("mail.acme.ch".into(), 465, SmtpSecurity::Tls))
        );
        assert_eq!(
            at("smtp://127.0.0.1:2525"),
            Some(("127.0.0.1".into(), 2525, SmtpSecurity::StartTlsIfOffered))
        );
        assert_eq!(
            at("smtp://[::1]:25").map(|s| s.2),
            Some(SmtpSecurity::StartTlsIfOffered)
        );
        // A name that only looks like loopback, or hides a host behind user info, is not.
        assert_eq!(
            at("smtp://127.evil.example:25").map(|s| s.2),
            Some(SmtpSecurity::StartTlsRequired)
        );
        assert_eq!(at("smtp://127.0.0.1@evil.example:25"), None);
        assert_eq!(at("https://mail.acme.ch"), None);
        assert_eq!(at("mail.acme.ch:587"), None);
        assert_eq!(at("smtp://mail.acme.ch:587/x"), None);
    }
}

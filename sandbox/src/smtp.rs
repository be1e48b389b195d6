//! A real SMTP server for the mail tests: `mailin-embedded` on 127.0.0.1 (or an address the
//! test names), plain or with STARTTLS and a login, keeping every mail it accepted and every
//! login tried. The protocol is mailin's; this file only stores what arrives and decodes the
//! mail's subject and text parts for assertions.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use mailin_embedded::response::{AUTH_OK, INVALID_CREDENTIALS, OK};
use mailin_embedded::{AuthMechanism, Handler, Response, Server, SslConfig};

/// One mail as the server accepted it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent (headers and MIME body).
    pub raw: String,
}

#[derive(Default)]
struct Inbox {
    mails: Vec<ReceivedMail>,
    /// (user, password) of every login tried.
    logins: Vec<(String, String)>,
}

#[derive(Clone)]
struct Keeper {
    inbox: Arc<Mutex<Inbox>>,
    login: Option<(String, String)>,
    /// The mail being received on this connection.
    current: Option<ReceivedMail>,
    data: Vec<u8>,
}

impl Handler for Keeper {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(ReceivedMail {
            from: from.to_string(),
            to: to.to_vec(),
            raw: String::new(),
        });
        self.data.clear();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(mut mail) = self.current.take() {
            mail.raw = String::from_utf8_lossy(&self.data).into_owned();
            self.inbox.lock().unwrap().mails.push(mail);
        }
        OK
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.check(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.check(user, password)
    }
}

impl Keeper {
    fn check(&mut self, user: &str, password: &str) -> Response {
        self.inbox
            .lock()
            .unwrap()
            .logins
            .push((user.to_string(), password.to_string()));
        match &self.login {
            Some((u, p)) if u == user && p == password => AUTH_OK,
            _ => INVALID_CREDENTIALS,
        }
    }
}

/// The test CA that signed the server's certificate (for `ca_file`); see `certs/make.sh`.
pub fn test_ca_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("certs/ca.pem")
}

fn cert(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("certs")
        .join(name)
        .display()
        .to_string()
}

pub struct FakeSmtp {
    addr: SocketAddr,
    inbox: Arc<Mutex<Inbox>>,
}

impl FakeSmtp {
    /// Plain SMTP on 127.0.0.1: no STARTTLS, no login.
    pub fn plain() -> FakeSmtp {
        FakeSmtp::start([127, 0, 0, 1].into(), false, None)
    }

    /// STARTTLS with the test CA's certificate for localhost and 127.0.0.1, and a login that
    /// must succeed before any mail (mailin offers the login only after STARTTLS).
    pub fn starttls(user: &str, password: &str) -> FakeSmtp {
        FakeSmtp::start(
            [127, 0, 0, 1].into(),
            true,
            Some((user.to_string(), password.to_string())),
        )
    }

    /// Any of the above, listening on `ip` (an ephemeral port).
    pub fn start(ip: IpAddr, starttls: bool, login: Option<(String, String)>) -> FakeSmtp {
        // The TLS library needs one crypto provider for the process; ring, as the client has.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = TcpListener::bind((ip, 0)).expect("bind the SMTP server");
        let addr = listener.local_addr().unwrap();
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let keeper = Keeper {
            inbox: inbox.clone(),
            login: login.clone(),
            current: None,
            data: Vec::new(),
        };
        let mut server = Server::new(keeper);
        server.with_name("sandbox.smtp").with_tcp_listener(listener);
        if starttls {
            server
                .with_ssl(SslConfig::SelfSigned {
                    cert_path: cert("server.pem"),
                    key_path: cert("server.key"),
                })
                .expect("the sandbox certificate loads");
        }
        if login.is_some() {
            server
                .with_auth(AuthMechanism::Plain)
                .with_auth(AuthMechanism::Login);
        }
        std::thread::spawn(move || {
            let _ = server.serve().map_err(|e| e.to_string());
        });
        FakeSmtp { addr, inbox }
    }

    /// `smtps://`: TLS from the first byte with the test CA's certificate, in front of a
    /// plain server (no login: mailin offers it only after its own STARTTLS).
    pub fn implicit_tls() -> FakeSmtp {
        let plain = FakeSmtp::plain();
        FakeSmtp {
            addr: super::smtps::front(plain.addr),
            inbox: plain.inbox,
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn mails(&self) -> Vec<ReceivedMail> {
        self.inbox.lock().unwrap().mails.clone()
    }

    /// Every (user, password) a client tried.
    pub fn logins(&self) -> Vec<(String, String)> {
        self.inbox.lock().unwrap().logins.clone()
    }
}

/// A port on 127.0.0.1 where nothing listens (a mail server that is down).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

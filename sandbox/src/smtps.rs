//! `smtps://` (TLS from the first byte) in front of the plain mailin server: mailin speaks
//! only STARTTLS, so this terminates TLS with the sandbox certificate and passes the
//! plaintext on. The SMTP conversation is still mailin's; this only moves bytes.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection};

fn tls_config() -> Arc<ServerConfig> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("certs");
    let certs = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap();
    Arc::new(config)
}

/// Listens on 127.0.0.1 and hands every connection, decrypted, to `backend`.
pub fn front(backend: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let config = tls_config();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let _ = relay(client, backend, config);
            });
        }
    });
    addr
}

/// One connection: client → TLS → plaintext → backend on this thread, backend → TLS →
/// client on another; the TLS state is shared under a lock.
fn relay(client: TcpStream, backend: SocketAddr, config: Arc<ServerConfig>) -> std::io::Result<()> {
    let tls = Arc::new(Mutex::new(
        ServerConnection::new(config).map_err(std::io::Error::other)?,
    ));
    let mut upstream = TcpStream::connect(backend)?;
    let (mut from_client, mut to_client) = (client.try_clone()?, client);
    let mut down = upstream.try_clone()?;
    let tls_down = tls.clone();
    let mut to_client_down = to_client.try_clone()?;
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = down.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut tls = tls_down.lock().unwrap();
            if tls.writer().write_all(&buf[..n]).is_err()
                || flush(&mut tls, &mut to_client_down).is_err()
            {
                break;
            }
        }
        let _ = to_client_down.shutdown(std::net::Shutdown::Both);
    });
    let mut buf = [0u8; 4096];
    loop {
        let n = from_client.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        let mut tls = tls.lock().unwrap();
        tls.read_tls(&mut &buf[..n])?;
        tls.process_new_packets().map_err(std::io::Error::other)?;
        let mut plain = Vec::new();
        match tls.reader().read_to_end(&mut plain) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
        flush(&mut tls, &mut to_client)?;
        drop(tls);
        upstream.write_all(&plain)?;
    }
}

fn flush(tls: &mut ServerConnection, out: &mut TcpStream) -> std::io::Result<()> {
    while tls.wants_write() {
        tls.write_tls(out)?;
    }
    Ok(())
}

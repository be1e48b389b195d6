//! A tiny HTTP/1.1 server on `std::net` for the fakes: one thread per connection, one
//! request per connection (`Connection: close`), and the fault injection the crash tests need.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;

use super::faults::{FaultKind, Faults, Listening, Service};
use crate::wire::{parse_query, path_decode};

pub use crate::request::HttpRequest;

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn json(status: u16, value: &serde_json::Value) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: value.to_string().into_bytes(),
        }
    }

    pub fn text(status: u16, content_type: &str, body: impl Into<String>) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into().into_bytes(),
        }
    }

    pub fn empty(status: u16) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> HttpResponse {
        self.headers.push((name.into(), value.into()));
        self
    }
}

pub trait Handler: Send + Sync + 'static {
    fn handle(&self, req: &HttpRequest) -> HttpResponse;
    /// Whether the request counts as a write for fault injection.
    fn is_write(&self, req: &HttpRequest) -> bool {
        req.method != "GET"
    }
}

/// Serves `handler` on 127.0.0.1 (an ephemeral port) until the process ends.
pub fn serve(handler: Arc<dyn Handler>, service: Service, faults: Faults) -> SocketAddr {
    let mut listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || loop {
        let Ok((stream, _)) = listener.accept() else {
            continue;
        };
        if faults.listening(service) == Listening::Closing {
            // The wake-up connection of `close_listener`: from now on, connections are refused.
            drop(stream);
            drop(listener);
            faults.set_listening(service, Listening::Closed);
            faults.wait_while_listening(service, Listening::Closed);
            listener = TcpListener::bind(addr).expect("bind the same address again");
            faults.set_listening(service, Listening::Open);
            continue;
        }
        let handler = handler.clone();
        let faults = faults.clone();
        std::thread::spawn(move || {
            let _ = handle_connection(stream, handler.as_ref(), service, &faults, addr);
        });
    });
    addr
}

/// Closes `service`'s listener before the current write is answered, so that the client's
/// next connection is refused (not reset): the accept loop is woken by a connection of ours.
fn close_listener(service: Service, faults: &Faults, addr: SocketAddr) {
    faults.set_listening(service, Listening::Closing);
    let _wake = TcpStream::connect(addr);
    faults.wait_while_listening(service, Listening::Closing);
}

fn read_request(stream: &TcpStream) -> std::io::Result<Option<HttpRequest>> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 {
            break;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let (path, raw_query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target, String::new()),
    };
    Ok(Some(HttpRequest {
        method,
        path: path_decode(&path),
        query: parse_query(&raw_query),
        raw_query,
        headers,
        body,
    }))
}

fn write_response(mut stream: &TcpStream, resp: &HttpResponse) -> std::io::Result<()> {
    let reason = match resp.status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", resp.status);
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if resp.status != 204 {
        head.push_str(&format!("Content-Length: {}\r\n", resp.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&resp.body)?;
    stream.flush()
}

fn handle_connection(
    stream: TcpStream,
    handler: &dyn Handler,
    service: Service,
    faults: &Faults,
    addr: SocketAddr,
) -> std::io::Result<()> {
    let Some(req) = read_request(&stream)? else {
        return Ok(());
    };
    let is_write = handler.is_write(&req);
    let mut fault = faults.before(service, &req, is_write);
    if fault == Some(FaultKind::Hold) {
        faults.hold();
        fault = None;
    }
    if is_write && faults.closes_after(service) {
        let resp = handler.handle(&req);
        faults.log(service, &req, resp.status, is_write, None);
        close_listener(service, faults, addr);
        return write_response(&stream, &resp);
    }
    let outcome = match fault {
        Some(FaultKind::Status(code)) => {
            let resp = if code == 429 {
                HttpResponse::text(
                    429,
                    "text/html",
                    "<html><body>Too many requests</body></html>",
                )
                .with_header("Retry-After", "1")
            } else {
                HttpResponse::json(
                    code,
                    &serde_json::json!({"error": format!("injected fault {code}"), "message": format!("injected fault {code}")}),
                )
            };
            faults.log(
                service,
                &req,
                resp.status,
                is_write,
                Some(format!("status {code}")),
            );
            write_response(&stream, &resp)
        }
        Some(FaultKind::DropAfterApply) => {
            let resp = handler.handle(&req);
            faults.log(
                service,
                &req,
                resp.status,
                is_write,
                Some("dropped after apply".into()),
            );
            // The write happened; the answer is lost.
            let _ = stream.shutdown(std::net::Shutdown::Both);
            Ok(())
        }
        Some(FaultKind::Body(body)) => {
            let resp = HttpResponse::text(200, "application/json", body);
            faults.log(
                service,
                &req,
                resp.status,
                is_write,
                Some("odd body".into()),
            );
            write_response(&stream, &resp)
        }
        Some(FaultKind::Html) => {
            let resp = HttpResponse::text(
                200,
                "text/html; charset=utf-8",
                "<!DOCTYPE html><html><body><h1>Wartungsarbeiten</h1><p>We are back soon.</p></body></html>",
            );
            faults.log(
                service,
                &req,
                resp.status,
                is_write,
                Some("maintenance page".into()),
            );
            write_response(&stream, &resp)
        }
        Some(FaultKind::Delay(d)) => {
            std::thread::sleep(d);
            let resp = handler.handle(&req);
            faults.log(
                service,
                &req,
                resp.status,
                is_write,
                Some(format!("delayed {d:?}")),
            );
            write_response(&stream, &resp)
        }
        Some(FaultKind::Hold) | None => {
            let resp = handler.handle(&req);
            faults.log(service, &req, resp.status, is_write, None);
            write_response(&stream, &resp)
        }
    };
    outcome
}

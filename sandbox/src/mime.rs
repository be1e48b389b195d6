//! Just enough MIME to read the mails the tests receive: a header's text (RFC 2047 encoded
//! words, folded lines) and the text parts of a multipart body (base64 or quoted-printable).

/// The value of header `name`, unfolded and decoded; `None` when the mail has none.
pub fn header(raw: &str, name: &str) -> Option<String> {
    let head = raw.split("\r\n\r\n").next().unwrap_or(raw);
    let mut value: Option<String> = None;
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(v) = value.as_mut() {
                v.push_str(line);
            }
            continue;
        }
        if value.is_some() {
            break;
        }
        if let Some((key, rest)) = line.split_once(':') {
            if key.eq_ignore_ascii_case(name) {
                value = Some(rest.trim().to_string());
            }
        }
    }
    value.map(|v| decode_words(&v))
}

/// `=?utf-8?b?...?=` and `=?utf-8?q?...?=` words as text; the space between two is dropped.
fn decode_words(value: &str) -> String {
    let mut out = Vec::new();
    let mut last_was_word = false;
    for token in value.split_whitespace() {
        let word = token
            .strip_prefix("=?")
            .and_then(|t| t.strip_suffix("?="))
            .and_then(|t| {
                let mut parts = t.splitn(3, '?');
                let (_charset, kind, text) = (parts.next()?, parts.next()?, parts.next()?);
                match kind {
                    "b" | "B" => base64(text),
                    "q" | "Q" => Some(quoted_printable(&text.replace('_', " "))),
                    _ => None,
                }
            });
        match word {
            Some(bytes) => {
                if !last_was_word && !out.is_empty() {
                    out.push(b' ');
                }
                out.extend(bytes);
                last_was_word = true;
            }
            None => {
                if !out.is_empty() {
                    out.push(b' ');
                }
                out.extend(token.as_bytes());
                last_was_word = false;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The text parts of the mail: (content type, decoded text), in order.
pub fn text_parts(raw: &str) -> Vec<(String, String)> {
    let content_type = header(raw, "Content-Type").unwrap_or_default();
    let Some(boundary) = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()
        .map(|b| b.trim_matches('"').to_string())
    else {
        let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        return vec![(content_type, decode_body(raw, body))];
    };
    raw.split(&format!("--{boundary}"))
        .skip(1)
        .filter(|part| !part.starts_with("--"))
        .map(|part| {
            let part = part.trim_start_matches("\r\n");
            let body = part.split_once("\r\n\r\n").map_or("", |(_, b)| b);
            let kind = header(part, "Content-Type").unwrap_or_default();
            (kind, decode_body(part, body))
        })
        .collect()
}

fn decode_body(headers: &str, body: &str) -> String {
    let encoding = header(headers, "Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => base64(&body.split_whitespace().collect::<String>()).unwrap_or_default(),
        "quoted-printable" => quoted_printable(body),
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

fn base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let text = text.replace("=\r\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_and_parts_decode() {
        let raw = "Subject: =?utf-8?b?SGFydmVzdCDihpI=?=\r\n =?utf-8?b?IFJNQQ==?=\r\nContent-Type: multipart/alternative;\r\n boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nZ=C3=BCrich=\r\n ok\r\n--b1\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+aGk8L3A+\r\n--b1--\r\n";
        assert_eq!(header(raw, "subject").unwrap(), "Harvest → RMA");
        let parts = text_parts(raw);
        assert_eq!(parts.len(), 2);
        assert!(parts[0].1.starts_with("Zürich ok"), "{:?}", parts[0]);
        assert_eq!(parts[1].1, "<p>hi</p>");
    }
}

//! Secrets: a string that never shows itself in logs, errors or `Debug` output, and the
//! scrubber that removes every secret the process knows from text a server sent.
//!
//! Every [`Secret`] registers its value in one process-wide list when it is made (the
//! configuration's keys, the stored and the renewed OAuth tokens). That is simpler and
//! safer than handing each client a scrubber: a token renewed in the middle of a run is
//! known at once, and text that passes from one layer to another needs no extra argument.

use std::fmt;
use std::sync::Mutex;

#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        register(&value);
        Secret(value)
    }

    /// The real value, for the one place that puts it on the wire or into the state file.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

const MASK: &str = "****";

/// Shorter values are not scrubbed: no real token or key is this short, and removing every
/// "a" from a message would make it unreadable.
const MIN_SCRUBBED_LEN: usize = 6;

/// Every secret value this process has seen, as written and as a form or URL would encode it.
static KNOWN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Adds a value to the secrets that [`scrub`] and [`redact`] remove.
pub fn register(value: &str) {
    let value = value.trim();
    if value.chars().count() < MIN_SCRUBBED_LEN {
        return;
    }
    let form: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let url = crate::percent::url_encode(value);
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    for v in [value.to_string(), form, url] {
        if !known.contains(&v) {
            known.push(v);
        }
    }
    // Longest first, so a secret that contains another is removed whole.
    known.sort_by_key(|v| std::cmp::Reverse(v.len()));
}

/// `text` with every known secret and any `Bearer` credential replaced by `****`; line
/// breaks are kept (for log messages of several lines).
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    {
        let known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
        for secret in known.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
    }
    redact_bearer(&out)
}

/// Text a server sent, made fit to print, log or store: [`redact`]ed and on one line.
pub fn scrub(text: &str) -> String {
    redact(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whatever follows `Bearer ` (any case) up to a space, quote or separator: a server that
/// echoes an `Authorization` header may show a token this process never registered.
fn redact_bearer(text: &str) -> String {
    const WORD: &str = "bearer";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut search = 0;
    while let Some(found) = lower[search..].find(WORD) {
        let word_end = search + found + WORD.len();
        let after = &text[word_end..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t', '=', ':']).len();
        let start = word_end + spaces;
        let len = text[start..]
            .find(|c: char| c.is_whitespace() || "\"'`,;\\<>&)]}".contains(c))
            .unwrap_or(text.len() - start);
        if spaces > 0 && len > 0 && &text[start..start + len] != MASK {
            out.push_str(&text[rest..start]);
            out.push_str(MASK);
            rest = start + len;
        }
        search = (start + len).max(word_end);
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_value() {
        let s = Secret::new("pat_topsecret");
        assert!(!format!("{s} {s:?}").contains("topsecret"));
        assert_eq!(s.expose(), "pat_topsecret");
    }

    #[test]
    fn scrub_removes_known_secrets_in_every_encoding_and_makes_one_line() {
        let _key = Secret::new("pat_scrub/key+1");
        let body = "echo:\n  key pat_scrub/key+1\r\n  form refresh=pat_scrub%2Fkey%2B1\tend";
        assert_eq!(
            scrub(body),
            "echo: key **** form refresh=**** end",
            "percent-encoded too"
        );
        assert_eq!(redact("a\npat_scrub/key+1"), "a\n****");
    }

    #[test]
    fn scrub_removes_anything_after_bearer() {
        assert_eq!(
            scrub(r#"{"headers":{"Authorization":"Bearer abc.DEF-123"}}"#),
            r#"{"headers":{"Authorization":"Bearer ****"}}"#
        );
        assert_eq!(
            scrub("authorization: bearer   xyz987 and more"),
            "authorization: bearer **** and more"
        );
        assert_eq!(scrub("Bearer=tok;x"), "Bearer=****;x");
        // The word alone, or the end of the text, is left as it is.
        assert_eq!(scrub("Bearer"), "Bearer");
        assert_eq!(scrub("the bearers"), "the bearers");
        assert_eq!(scrub("Bearer ü-tok"), "Bearer ****");
    }

    #[test]
    fn short_values_are_not_scrubbed() {
        let _s = Secret::new("abc");
        assert_eq!(scrub("abc abc"), "abc abc");
    }
}

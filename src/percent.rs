//! Percent-encoding of URL parts. Its own module, so that the HTTP layer and the secret
//! scrubber (which must recognise a secret also in its encoded form) both use it without
//! importing each other.

/// Everything but RFC 3986's unreserved characters is encoded.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a path segment or a query value.
pub fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, COMPONENT).to_string()
}

//! A request as the fakes see it. Its own module, so that the fault injection (which looks at
//! requests) and the server (which consults the faults) do not import each other.

use crate::wire::parse_query;

#[derive(Debug, Clone, Default)]
pub struct HttpRequest {
    pub method: String,
    /// Decoded path, without the query.
    pub path: String,
    pub raw_query: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON, or form fields turned into a JSON object.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        let text = self.body_text();
        if self
            .header("content-type")
            .is_some_and(|c| c.contains("x-www-form-urlencoded"))
        {
            let map: serde_json::Map<String, serde_json::Value> = parse_query(&text)
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            return Some(serde_json::Value::Object(map));
        }
        serde_json::from_str(&text).ok()
    }
}

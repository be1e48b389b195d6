//! The Swiss form of amounts and dates, the same in every language.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Money as a bookkeeper reads it: `CHF 1'234.50`.
pub fn money(currency: &str, amount: Decimal) -> String {
    let rounded = amount.round_dp(2);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('\'');
        }
        grouped.push(ch);
    }
    let sign = if negative { "-" } else { "" };
    let currency = if currency.is_empty() { "CHF" } else { currency };
    format!("{currency} {sign}{grouped}.{frac}")
}

/// `15.03.2026`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

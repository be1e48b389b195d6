//! rma-harvest: books Harvest invoices in Run my Accounts and mirrors RMA payments back.
//!
//! `main.rs` only calls [`run`]; every concern lives in its own module and the modules talk
//! through plain data types (see `DESIGN.md` §2).

pub mod sandbox;

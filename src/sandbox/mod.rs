//! Stateful fakes of Harvest and Run my Accounts (filled in by the sandbox work).

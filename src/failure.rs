//! What kind of failure happened, as the lower layers (http, harvest, rma, state, sync) say
//! it. They classify; only the command layer (`commands::error`) turns a category into an
//! exit code, so this module depends on nothing.

/// The kinds of failure, declared from the least to the most severe: when a run meets
/// several, the most severe one decides its outcome (`Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// The service answered and said no to this one request: nothing happened there.
    Refused,
    /// The request went out and the answer was lost: it may have happened.
    Lost,
    /// The configuration is missing something or is wrong.
    Config,
    /// The service did not accept the credentials, or the connection must be renewed.
    Auth,
    /// The service does not know the configured tenant (Run my Accounts' Mandant).
    WrongTenant,
    /// The service was unreachable, kept failing, or answered something unusable.
    Unavailable,
    /// Another run holds the lock.
    Locked,
    /// The local state file cannot be used (unreadable, or from a newer version).
    State,
    /// A signal asked the run to stop (issue 16): what was done is recorded, the rest waits.
    Stopped,
}

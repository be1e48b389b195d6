//! rma-harvest's sandbox: stateful fakes of Harvest (API + OAuth ID server) and Run my
//! Accounts on 127.0.0.1, speaking the services' wire formats (Harvest's API v2; Run my
//! Accounts as `docs/rma-assumptions.md` describes it), with a request log and
//! fault injection. `examples/sandbox.rs`, the end-to-end tests and the benchmark use them;
//! nothing here is used by a real run.

pub mod faults;
pub mod harvest;
pub mod http;
pub mod mime;
pub mod rma;
pub mod seed;
pub mod smtp;
mod smtps;
pub mod wire;

use std::path::Path;
use std::sync::Arc;

pub use faults::{FaultKind, Faults, LoggedRequest, Service};
pub use harvest::{FakeHarvest, NewInvoice, NewLine};
pub use rma::FakeRma;
pub use smtp::{FakeSmtp, ReceivedMail};

pub const HARVEST_TOKEN: &str = "sandbox-harvest-token";
pub const HARVEST_ACCOUNT_ID: i64 = 424242;
pub const HARVEST_DOMAIN: &str = "muster-beratung.harvestapp.com";
pub const OAUTH_CLIENT_ID: &str = "sandbox-client-id";
pub const OAUTH_CLIENT_SECRET: &str = "sandbox-client-secret";
pub const RMA_TENANT: &str = "muster";
pub const RMA_API_KEY: &str = "pat_sandbox";

pub struct Sandbox {
    pub harvest: FakeHarvest,
    pub rma: FakeRma,
    pub faults: Faults,
}

impl Sandbox {
    /// Both fakes up on ephemeral ports, with no data.
    pub fn start() -> Sandbox {
        let faults = Faults::default();
        let harvest = FakeHarvest::new();
        let rma = FakeRma::new();
        let h = http::serve(Arc::new(harvest.clone()), Service::Harvest, faults.clone());
        harvest.set_base(format!("http://{h}"));
        let r = http::serve(Arc::new(rma.clone()), Service::Rma, faults.clone());
        rma.set_base(format!("http://{r}"));
        Sandbox {
            harvest,
            rma,
            faults,
        }
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.faults.requests()
    }

    pub fn clear_requests(&self) {
        self.faults.clear_requests()
    }

    pub fn write_count(&self) -> usize {
        self.requests().iter().filter(|r| r.is_write).count()
    }

    /// A configuration pointing at the fakes, with the state file at `state_path`.
    pub fn config_toml(&self, state_path: &Path) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        format!(
            "[harvest]\naccount_url = \"https://{HARVEST_DOMAIN}\"\naccount_id = \"{HARVEST_ACCOUNT_ID}\"\naccess_token = \"{HARVEST_TOKEN}\"\n\
             api_url = {}\nid_url = {}\n\n[rma]\ntenant = \"{RMA_TENANT}\"\napi_key = \"{RMA_API_KEY}\"\napi_url = {}\n\n\
             [sync]\nstart_date = \"2026-01-01\"\n\n[state]\npath = {}\n",
            q(&self.harvest.api_url()),
            q(&self.harvest.id_url()),
            q(&self.rma.api_url()),
            q(&state_path.display().to_string()),
        )
    }
}

//! The files that run the tool like infrastructure: the crontab line works with cron's
//! minimal PATH, the systemd units pass `systemd-analyze verify` (where it exists), and the
//! Kubernetes manifests parse and say what the README promises. The configurations they
//! carry are parsed by the real configuration reader.

use std::path::{Path, PathBuf};
use std::process::Command;

use rma_harvest::cli::Cli;
use rma_harvest::config::{self, Env};
use yaml_rust2::{Yaml, YamlLoader};

const BIN: &str = env!("CARGO_BIN_EXE_rma-harvest");
const SECRET_ENV: [&str; 5] = [
    "HARVEST_ACCESS_TOKEN",
    "HARVEST_CLIENT_ID",
    "HARVEST_CLIENT_SECRET",
    "RMA_API_KEY",
    rma_harvest::config::SMTP_PASSWORD_ENV,
];

struct NoEnv;
impl Env for NoEnv {
    fn var(&self, _: &str) -> Option<String> {
        None
    }
}

/// The variables an env file (systemd's EnvironmentFile, kubectl's --from-env-file) sets.
struct EnvFile(std::collections::HashMap<String, String>);
impl Env for EnvFile {
    fn var(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

fn env_file(path: &str) -> std::collections::HashMap<String, String> {
    read(path)
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// A configuration and its secrets as the service starts with them: the reader accepts
/// them and both clients can be built (a personal token needs its account id), without a
/// request to either service.
fn assert_starts_with(config_text: &str, config_path: &Path, env: &str) {
    use rma_harvest::commands::services::{self, TokenAccess};
    let env = EnvFile(env_file(env));
    let config = config::parse(config_text, config_path, &env)
        .unwrap_or_else(|e| panic!("{}: {e}", config_path.display()));
    let clock = rma_harvest::clock::system();
    if let Err(e) = services::harvest_client(&config, TokenAccess::ReadOnly, &clock) {
        panic!("{}: {e}", config_path.display());
    }
    if let Err(e) = services::rma_client(&config, &clock) {
        panic!("{}: {e}", config_path.display());
    }
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The arguments must be a command line the program accepts.
fn assert_parses(args: &[&str]) {
    use clap::Parser;
    let line = std::iter::once("rma-harvest").chain(args.iter().copied());
    if let Err(e) = Cli::try_parse_from(line) {
        panic!("{args:?} is not a valid command line: {e}");
    }
}

#[test]
fn crontab_job_finds_the_binary_with_crons_minimal_path() {
    let text = read("crontab.example");
    let jobs: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit() || c == '*'))
        .collect();
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    let fields: Vec<&str> = jobs[0]
        .splitn(6, char::is_whitespace)
        .filter(|f| !f.is_empty())
        .collect();
    let command = jobs[0][jobs[0].find(fields[5].trim()).unwrap()..].trim();
    assert_eq!(&fields[..5], ["0", "1", "*", "*", "*"]);
    assert!(command.contains("sync --quiet"), "{command}");

    // Where `cargo install` puts it, under a HOME of our own, run as cron would: /bin/sh,
    // PATH=/usr/bin:/bin, nothing else. --help proves the binary was found (127 if not).
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".cargo/bin")).unwrap();
    std::os::unix::fs::symlink(BIN, home.path().join(".cargo/bin/rma-harvest")).unwrap();
    let out = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("{command} --help"))
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Book new invoices"));

    // No configuration path of a user who is not the reader (the default is found anyway),
    // and a ready line for the system-wide install.
    assert!(
        !text.lines().any(|l| l.starts_with("RMA_HARVEST_CONFIG=")),
        "a hard-coded RMA_HARVEST_CONFIG"
    );
    let system_wide = text
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .find(|l| l.contains("/usr/local/bin/rma-harvest"))
        .expect("a commented line for /usr/local/bin/rma-harvest");
    assert!(system_wide.starts_with("0 1 * * *"), "{system_wide}");
    assert!(system_wide.ends_with("sync --quiet"), "{system_wide}");
}

fn unit_value<'a>(unit: &'a str, key: &str) -> Vec<&'a str> {
    unit.lines()
        .filter_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .collect()
}

#[test]
fn systemd_units_say_what_the_readme_promises() {
    let service = read("deploy/systemd/rma-harvest@.service");
    let timer = read("deploy/systemd/rma-harvest@.timer");
    assert_eq!(unit_value(&timer, "OnCalendar"), ["*-*-* 01:00"]);
    assert_eq!(unit_value(&timer, "Persistent"), ["true"]);
    assert_eq!(unit_value(&service, "Type"), ["oneshot"]);
    assert_eq!(unit_value(&service, "User"), ["rma-harvest"]);
    assert_eq!(unit_value(&service, "StateDirectory"), ["rma-harvest/%i"]);
    assert_eq!(
        unit_value(&service, "EnvironmentFile"),
        ["-/etc/rma-harvest/%i.env"]
    );
    for hardening in [
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "ProtectHome=yes",
        "PrivateTmp=yes",
    ] {
        assert!(
            service.lines().any(|l| l == hardening),
            "{hardening} missing"
        );
    }
    // A stop leaves the request in flight time to finish (Run my Accounts' timeout, 120 s).
    let stop: u64 = unit_value(&service, "TimeoutStopSec")[0].parse().unwrap();
    assert!(stop > 120, "TimeoutStopSec={stop}");
    assert_eq!(unit_value(&service, "SuccessExitStatus"), ["143"]);
    let exec = unit_value(&service, "ExecStart");
    let args: Vec<&str> = exec[0].split_whitespace().collect();
    assert_eq!(args[0], "/usr/local/bin/rma-harvest");
    assert_eq!(&args[1..3], ["--config", "/etc/rma-harvest/%i.toml"]);
    assert_parses(&args[1..]);

    // The example tenant's state file is inside the instance's StateDirectory.
    let path = repo("deploy/systemd/example-tenant.toml");
    let config = config::parse(&read("deploy/systemd/example-tenant.toml"), &path, &NoEnv).unwrap();
    assert_eq!(
        config.state_path,
        Path::new("/var/lib/rma-harvest")
            .join(&config.rma.tenant)
            .join("state.sqlite")
    );
    for line in read("deploy/systemd/example-tenant.env").lines() {
        if let Some((name, _)) = line.trim_start_matches("# ").split_once('=') {
            if !name.contains(' ') {
                assert!(
                    SECRET_ENV.contains(&name),
                    "{name} is not read by the program"
                );
            }
        }
    }
}

#[test]
fn systemd_units_pass_systemd_analyze_verify() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: systemd-analyze is not installed here");
        return;
    }
    // An instance of each template, with ExecStart pointing at the binary just built (verify
    // checks that the command exists) and no man page lookup (not installed here).
    let dir = tempfile::tempdir().unwrap();
    let service =
        read("deploy/systemd/rma-harvest@.service").replace("/usr/local/bin/rma-harvest", BIN);
    std::fs::write(dir.path().join("rma-harvest@acme.service"), service).unwrap();
    std::fs::write(
        dir.path().join("rma-harvest@acme.timer"),
        read("deploy/systemd/rma-harvest@.timer"),
    )
    .unwrap();
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(dir.path().join("rma-harvest@acme.service"))
        .arg(dir.path().join("rma-harvest@acme.timer"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Unknown or misspelt settings are only warnings ("Unknown key name ..., ignoring").
    assert!(stderr.trim().is_empty(), "{stderr}");
}

fn kubernetes_documents() -> Vec<(String, Yaml)> {
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(repo("deploy/kubernetes")).unwrap() {
        let path = entry.unwrap().path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            let text = std::fs::read_to_string(&path).unwrap();
            let parsed = YamlLoader::load_from_str(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for doc in parsed {
                assert!(
                    doc["kind"].as_str().is_some(),
                    "{}: a document without kind",
                    path.display()
                );
                docs.push((path.display().to_string(), doc));
            }
        }
    }
    assert!(!docs.is_empty());
    docs
}

fn of_kind<'a>(docs: &'a [(String, Yaml)], kind: &str) -> Vec<&'a Yaml> {
    docs.iter()
        .filter(|(_, d)| d["kind"].as_str() == Some(kind))
        .map(|(_, d)| d)
        .collect()
}

fn named<'a>(docs: &'a [(String, Yaml)], kind: &str, name: &str) -> &'a Yaml {
    of_kind(docs, kind)
        .into_iter()
        .find(|d| d["metadata"]["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no {kind} named {name}"))
}

#[test]
fn kubernetes_cronjobs_run_nightly_one_at_a_time_with_their_own_volume_and_secrets() {
    let docs = kubernetes_documents();
    let cronjobs = of_kind(&docs, "CronJob");
    assert!(!cronjobs.is_empty());
    for job in cronjobs {
        let spec = &job["spec"];
        assert_eq!(spec["schedule"].as_str(), Some("0 1 * * *"));
        assert_eq!(spec["timeZone"].as_str(), Some("Europe/Zurich"));
        assert_eq!(spec["concurrencyPolicy"].as_str(), Some("Forbid"));
        let pod = &spec["jobTemplate"]["spec"]["template"]["spec"];
        assert_eq!(pod["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
        assert_eq!(pod["restartPolicy"].as_str(), Some("Never"));
        let grace = pod["terminationGracePeriodSeconds"].as_i64().unwrap();
        assert!(grace > 120, "terminationGracePeriodSeconds: {grace}");
        let containers = pod["containers"].as_vec().unwrap();
        assert_eq!(containers.len(), 1);
        let container = &containers[0];
        assert_eq!(
            container["securityContext"]["readOnlyRootFilesystem"].as_bool(),
            Some(true)
        );

        let args: Vec<&str> = container["args"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_parses(&args);
        let config_at = args[args.iter().position(|a| *a == "--config").unwrap() + 1];

        // Secrets come from a Secret, as the environment variables the program reads.
        let env = container["env"].as_vec().unwrap();
        assert!(!env.is_empty());
        for var in env {
            let name = var["name"].as_str().unwrap();
            let key = &var["valueFrom"]["secretKeyRef"];
            assert!(
                SECRET_ENV.contains(&name),
                "{name} is not read by the program"
            );
            // The Secret is created from the example env file, never applied with the rest.
            assert_eq!(key["name"].as_str(), Some("rma-harvest-acme"), "{name}");
            let keys = env_file("deploy/kubernetes/tenant-acme.secret.env.example");
            assert!(
                keys.contains_key(key["key"].as_str().unwrap()),
                "{name} is not in the example Secret"
            );
        }

        // The state file is on the tenant's own volume; the config comes from a ConfigMap
        // that the real configuration reader accepts.
        let volumes = pod["volumes"].as_vec().unwrap();
        let mounts = container["volumeMounts"].as_vec().unwrap();
        let volume_at = |dir: &Path| {
            let mount = mounts
                .iter()
                .find(|m| dir.starts_with(m["mountPath"].as_str().unwrap()))
                .unwrap_or_else(|| panic!("nothing mounted at {}", dir.display()));
            let name = mount["name"].as_str().unwrap();
            volumes
                .iter()
                .find(|v| v["name"].as_str() == Some(name))
                .unwrap()
        };
        let config_volume = volume_at(Path::new(config_at));
        let map = named(
            &docs,
            "ConfigMap",
            config_volume["configMap"]["name"].as_str().unwrap(),
        );
        let file = Path::new(config_at).file_name().unwrap().to_str().unwrap();
        let config = config::parse(
            map["data"][file].as_str().unwrap(),
            Path::new(config_at),
            &NoEnv,
        )
        .unwrap();
        let state_volume = volume_at(config.state_path.parent().unwrap());
        let claim = state_volume["persistentVolumeClaim"]["claimName"]
            .as_str()
            .unwrap();
        named(&docs, "PersistentVolumeClaim", claim);
    }
}

#[test]
fn the_applied_kubernetes_file_holds_no_secret_so_it_never_overwrites_the_keys() {
    let docs = kubernetes_documents();
    assert!(
        of_kind(&docs, "Secret").is_empty(),
        "a Secret in deploy/kubernetes/*.yaml"
    );
    // Nothing else named like the Secret either: `kubectl apply` leaves it alone.
    let text = read("deploy/kubernetes/tenant-acme.yaml");
    assert!(
        !text.contains("pat_replace-me"),
        "placeholder keys in the applied file"
    );
    let keys = env_file("deploy/kubernetes/tenant-acme.secret.env.example");
    assert_eq!(
        keys.keys()
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>(),
        [
            "HARVEST_ACCESS_TOKEN",
            "RMA_API_KEY",
            "RMA_HARVEST_SMTP_PASSWORD"
        ]
        .into()
    );
    // The ConfigMap's configuration starts with these keys.
    let map = named(&docs, "ConfigMap", "rma-harvest-acme");
    assert_starts_with(
        map["data"]["config.toml"].as_str().unwrap(),
        Path::new("/etc/rma-harvest/config.toml"),
        "deploy/kubernetes/tenant-acme.secret.env.example",
    );
}

#[test]
fn the_example_tenant_config_starts_with_its_env_file() {
    // A personal token in the env file needs harvest.account_id in the TOML.
    assert_starts_with(
        &read("deploy/systemd/example-tenant.toml"),
        &repo("deploy/systemd/example-tenant.toml"),
        "deploy/systemd/example-tenant.env",
    );
}

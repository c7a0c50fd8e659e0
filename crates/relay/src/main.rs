//! The relay's entry point: reads configuration, opens storage, starts the outbox worker, binds.
//!
//!   relay [--config FILE]                                    serve (default: the Kent sample)
//!   relay add-staff --name NAME --role ROLE [--config FILE]  add a staff account, print its token once

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use base64::Engine;
use relay::config::Config;
use relay::mail::{Mailer, Retry, run_outbox};
use relay::state::{AppState, load_staff};
use relay::store::Store;
use relay::tokens::{Keys, random_secret, sha256_hex};
use tracing_subscriber::EnvFilter;

struct Args {
    command: String,
    config: Option<PathBuf>,
    name: Option<String>,
    role: Option<String>,
}

fn args() -> anyhow::Result<Args> {
    let mut it = std::env::args().skip(1).peekable();
    let command = match it.peek() {
        Some(c) if !c.starts_with("--") => it.next().unwrap_or_default(),
        _ => "serve".into(),
    };
    let mut a = Args { command, config: std::env::var_os("OLA_CONFIG").map(PathBuf::from), name: None, role: None };
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--config" => a.config = Some(PathBuf::from(value)),
            "--name" => a.name = Some(value),
            "--role" => a.role = Some(value),
            other => bail!("unknown option {other}"),
        }
    }
    Ok(a)
}

fn config(path: Option<&Path>) -> anyhow::Result<Config> {
    match path {
        Some(p) => Config::load(p).map_err(anyhow::Error::msg),
        None => Ok(Config::kent_sample()),
    }
}

/// OLA_LINK_KEY (base64, 32 bytes or more) in production. On a single machine without it, a
/// random key is kept beside the database so links survive a restart.
fn link_key(config: &Config) -> anyhow::Result<Keys> {
    if let Ok(text) = std::env::var("OLA_LINK_KEY") {
        let key = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim()))
            .context("OLA_LINK_KEY must be base64")?;
        return Keys::new(key).map_err(anyhow::Error::msg);
    }
    let path = config.server.staff_file.with_file_name("link-key");
    let key = match std::fs::read(&path) {
        Ok(key) => key,
        Err(_) => {
            let key = Keys::random().map_err(anyhow::Error::msg)?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_private(&path, &key)?;
            key
        }
    };
    tracing::warn!(file = %path.display(), "OLA_LINK_KEY is not set: using a key kept in a local file");
    Keys::new(key).map_err(anyhow::Error::msg)
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    f.write_all(bytes)?;
    Ok(())
}

fn add_staff(a: &Args, config: &Config) -> anyhow::Result<()> {
    let name = a.name.clone().context("--name is required")?;
    let name = relay::state::staff_name(&name).map_err(anyhow::Error::msg)?;
    let role = a.role.clone().context("--role front-door or --role management-information is required")?;
    if role != "front-door" && role != "management-information" {
        bail!("--role must be front-door or management-information");
    }
    let token = random_secret().map_err(anyhow::Error::msg)?;
    let path = &config.server.staff_file;
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    text.push_str(&format!(
        "\n[[staff]]\nname = {}\nrole = \"{role}\"\ntoken_sha256 = \"{}\"\n",
        toml::Value::String(name.clone()),
        sha256_hex(&token)
    ));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write_private(path, text.as_bytes())?;
    load_staff(path).map_err(anyhow::Error::msg)?;
    println!("Added {name} ({role}). Their sign-in code, shown only now:\n\n    {token}\n");
    Ok(())
}

/// `kill -HUP` reads the staff file again: an added account can sign in, a removed one's sessions end.
async fn reload_staff_on_sighup(state: AppState) {
    let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else { return };
    while hup.recv().await.is_some() {
        match load_staff(&state.config.server.staff_file) {
            Ok(accounts) => {
                tracing::info!(accounts = accounts.len(), "staff file read again");
                state.replace_staff(accounts);
            }
            Err(e) => tracing::warn!(error = %e, "staff file not read; the accounts already loaded stay"),
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let keys = link_key(&config)?;
    let postcodes = std::fs::read(&config.server.postcodes)
        .with_context(|| format!("{}: run scripts/geodata to build it", config.server.postcodes.display()))?;
    let postcodes = Arc::new(postcodes::PostcodeTable::from_bytes(postcodes)?);
    config.host.check_districts(&postcodes).map_err(anyhow::Error::msg)?;
    let store = Store::open(&config.database.url).await.context("opening the database")?;
    let staff = load_staff(&config.server.staff_file).map_err(anyhow::Error::msg)?;
    let index = std::fs::read_to_string(config.server.dist.join("index.html"))
        .with_context(|| format!("{}: build the app first (trunk build --release)", config.server.dist.display()))?;
    let csp = relay::web::content_security_policy(&index);
    let mailer = Mailer::from_config(&config.mail).map_err(anyhow::Error::msg)?;
    let from = config.mail.from.parse().context("mail.from is not an email address")?;
    let retry = Retry {
        base: Duration::from_secs(config.mail.retry_base_seconds.max(1)),
        max_attempts: config.mail.max_attempts,
    };
    let listen = config.server.listen;
    let public_url = config.server.public_url.clone();
    let backend = store.backend();
    let retention = config.retention;
    let state = AppState::new(config, store.clone(), postcodes, keys, staff, csp);
    tokio::spawn(relay::retention::run(store.clone(), retention));
    tokio::spawn(reload_staff_on_sighup(state.clone()));
    tokio::spawn(run_outbox(store, mailer, from, retry, state.written.clone()));
    let limits = relay::server::Limits {
        header_read: Duration::from_secs(state.config.server.header_read_seconds),
        max_connections: state.config.server.max_connections,
    };
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("binding {listen}"))?;
    tracing::info!(%listen, backend, "relay listening");
    println!("The service is running. Open {public_url}/ (Ctrl+C stops it)");
    relay::server::run(listener, relay::app(state), limits, async {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        let term = async {
            if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                s.recv().await;
            }
        };
        tokio::select! { () = ctrl_c => {}, () = term => {} }
    })
    .await;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .with_target(false)
        .init();
    let a = args()?;
    let config = config(a.config.as_deref())?;
    match a.command.as_str() {
        "serve" => serve(config).await,
        "add-staff" => add_staff(&a, &config),
        other => bail!("unknown command {other}: use serve or add-staff"),
    }
}

//! The relay's entry point: reads configuration, opens storage, starts the outbox worker, binds.
//! `relay --help` lists the commands. Exit codes: 0 done; 2 the command line was wrong; 78 the
//! configuration is wrong (sysexits' EX_CONFIG: fix the file, not the machine); 1 anything else
//! went wrong while running.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use clap::{Parser, Subcommand, ValueEnum};
use relay::config::Config;
use relay::mail::{Mailer, Retry, run_outbox};
use relay::state::{AppState, load_staff};
use relay::store::Store;
use relay::templates::Templates;
use relay::tokens::{Keys, random_secret, sha256_hex};
use tracing_subscriber::EnvFilter;

/// The submission relay of the out-of-area placement consultation service: it serves the app,
/// re-checks every submission with the rules, stores it and emails the people it concerns.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The configuration file (TOML). Without one, the sample in config/sample.toml (three hosts).
    #[arg(long, global = true, env = "OLA_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the app and the API (what `relay` does with no command).
    Serve,
    /// Add a staff account and print its sign-in code, once.
    AddStaff {
        /// The person's name, as colleagues know them: each account is one named person's.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// A service manager's division: its id in the host's configuration (north-kent).
        #[arg(long)]
        division: Option<String>,
        /// How many days the code works for; then the administrator makes a new one.
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=366))]
        days: u32,
        /// The host whose staff they are: its code (E10000016) or short name (Kent). Needed when
        /// the relay serves more than one.
        #[arg(long)]
        host: Option<String>,
    },
    /// Check the configuration and everything it names (postcode table, staff file, the built
    /// app), and say what is wrong; serve checks the same before it starts.
    CheckConfig,
    /// Bring the database's tables up to date, then stop (serve does this too when it starts).
    Migrate,
    /// Copy a SQLite database to a new file while the relay serves, then open the copy and check
    /// it (PostgreSQL: use pg_dump). Restore by stopping the relay and putting the copy in its place.
    Backup {
        /// The new file to write, for example /var/backups/ola/ola-2026-12-03.sqlite3.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Show every email the service sends, for a made-up case, in this configuration's wording
    /// (the built-in templates, and any edited ones in `[mail] templates`). Nothing is sent.
    PreviewEmail {
        /// The host whose emails to show: its code or short name. Needed when the relay serves
        /// more than one.
        #[arg(long)]
        host: Option<String>,
    },
    /// Send the reminders due (a care plan due or late), each once, then stop. Serve does this
    /// hourly; `--as-of` sends those due on another day, to see what a date will bring.
    Remind {
        /// YYYY-MM-DD; today (in the UK) when not given.
        #[arg(long, value_parser = date_argument)]
        as_of: Option<placement_rules::Date>,
    },
}

/// A date on the command line, as YYYY-MM-DD: a wrong one is a wrong command line (exit 2).
fn date_argument(text: &str) -> Result<placement_rules::Date, String> {
    placement_rules::Date::parse_iso(text).ok_or_else(|| format!("{text} is not a date: give it as YYYY-MM-DD"))
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Role {
    FrontDoor,
    ServiceManager,
    ManagementInformation,
    Auditor,
    Administrator,
}

impl Role {
    fn staff_role(self) -> relay::state::StaffRole {
        use relay::state::StaffRole;
        match self {
            Role::FrontDoor => StaffRole::FrontDoor,
            Role::ServiceManager => StaffRole::ServiceManager,
            Role::ManagementInformation => StaffRole::ManagementInformation,
            Role::Auditor => StaffRole::Auditor,
            Role::Administrator => StaffRole::Administrator,
        }
    }
}

/// A failure with the exit code that says whose it is.
enum Failure {
    Configuration(anyhow::Error),
    Running(anyhow::Error),
}

/// Marks an error as the configuration's.
trait ConfigurationError<T> {
    fn configuration(self) -> Result<T, Failure>;
}

impl<T, E: Into<anyhow::Error>> ConfigurationError<T> for Result<T, E> {
    fn configuration(self) -> Result<T, Failure> {
        self.map_err(|e| Failure::Configuration(e.into()))
    }
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Running(e.into())
    }
}

fn config(path: Option<&Path>) -> Result<Config, Failure> {
    match path {
        Some(p) => Config::load(p).map_err(anyhow::Error::msg).configuration(),
        None => Ok(Config::sample()),
    }
}

fn base64_key(name: &str, text: &str) -> anyhow::Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim()))
        .with_context(|| format!("{name} must be base64"))
}

/// OLA_LINK_KEY (base64, 32 bytes or more) in production, and OLA_LINK_KEYS_PREVIOUS (the keys it
/// replaced, comma-separated) so links already emailed keep opening until they expire. On a single
/// machine without it, a random key is kept beside the database so links survive a restart.
fn link_key(config: &Config) -> anyhow::Result<Keys> {
    if let Ok(text) = std::env::var("OLA_LINK_KEY") {
        let key = base64_key("OLA_LINK_KEY", &text)?;
        let previous = std::env::var("OLA_LINK_KEYS_PREVIOUS").unwrap_or_default();
        let previous = previous
            .split(',')
            .filter(|k| !k.trim().is_empty())
            .map(|k| base64_key("OLA_LINK_KEYS_PREVIOUS", k))
            .collect::<anyhow::Result<Vec<_>>>()?;
        return Keys::rotated(key, previous).map_err(anyhow::Error::msg);
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

struct NewAccount<'a> {
    name: &'a str,
    role: Role,
    host: Option<&'a str>,
    division: Option<&'a str>,
    days: u32,
}

fn add_staff(new: &NewAccount<'_>, config: &Config) -> anyhow::Result<()> {
    let name = relay::state::staff_name(new.name).map_err(anyhow::Error::msg)?;
    let role = new.role.staff_role().id();
    let host = named_host(new.host, config)?;
    if host.single_sign_on.is_some() {
        anyhow::bail!(
            "{} staff sign in with single sign-on, so sign-in codes are off: give them a role in Entra ID",
            host.short_name
        );
    }
    let token = random_secret().map_err(anyhow::Error::msg)?;
    let path = &config.server.staff_file;
    let last_day = relay::clock::uk_date(relay::clock::now() + time::Duration::days(i64::from(new.days) - 1));
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    text.push_str(&format!(
        "\n[[staff]]\nname = {}\nrole = \"{role}\"\nhost = \"{}\"\n{}expires_on = \"{last_day}\"\ntoken_sha256 = \"{}\"\n",
        toml::Value::String(name.clone()),
        host.authority,
        new.division.map(|d| format!("division = {}\n", toml::Value::String(d.to_owned()))).unwrap_or_default(),
        sha256_hex(&token)
    ));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write_private(path, text.as_bytes())?;
    if let Err(e) = load_staff(path, config) {
        // Leave the file as it was: a wrong division must not stop every account signing in.
        let before = text.rsplit_once("\n[[staff]]").map_or("", |(b, _)| b);
        write_private(path, before.as_bytes())?;
        anyhow::bail!(e);
    }
    println!(
        "Added {name} ({}, {}). Their sign-in code works until the end of {}, and is shown only now:\n\n    {token}\n",
        new.role.staff_role().name(),
        host.name,
        last_day.long()
    );
    Ok(())
}

/// The host `--host` names (its code or short name), or the only one served.
fn named_host<'c>(host: Option<&str>, config: &'c Config) -> anyhow::Result<&'c relay::config::Host> {
    match (host, config.hosts.as_slice()) {
        (Some(given), hosts) => hosts
            .iter()
            .find(|h| h.authority.eq_ignore_ascii_case(given.trim()) || h.short_name.eq_ignore_ascii_case(given.trim()))
            .ok_or_else(|| anyhow::anyhow!("--host {given} is not a host this relay serves: {}", served(config))),
        (None, [only]) => Ok(only),
        (None, _) => anyhow::bail!("--host is needed: this relay serves {}", served(config)),
    }
}

fn served(config: &Config) -> String {
    config.hosts.iter().map(|h| format!("{} ({})", h.short_name, h.authority)).collect::<Vec<_>>().join(", ")
}

/// `kill -HUP` reads the staff file again: an added account can sign in, a removed one's sessions end.
async fn reload_staff_on_sighup(state: AppState) {
    let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else { return };
    while hup.recv().await.is_some() {
        match load_staff(&state.config.server.staff_file, &state.config) {
            Ok(accounts) => {
                tracing::info!(accounts = accounts.len(), "staff file read again");
                state.replace_staff(accounts);
            }
            Err(e) => tracing::warn!(error = %e, "staff file not read; the accounts already loaded stay"),
        }
    }
}

/// What the configuration names, read and checked: anything wrong is the configuration's.
struct Checked {
    postcodes: Arc<postcodes::PostcodeTable>,
    staff: Vec<relay::state::StaffAccount>,
    index: String,
    mailer: Mailer,
    from: lettre::message::Mailbox,
    templates: Arc<Templates>,
}

fn check(config: &Config) -> Result<Checked, Failure> {
    let postcodes = std::fs::read(&config.server.postcodes)
        .with_context(|| format!("{}: run scripts/geodata to build it", config.server.postcodes.display()))
        .configuration()?;
    let postcodes = Arc::new(postcodes::PostcodeTable::from_bytes(postcodes).configuration()?);
    config.check_postcodes(&postcodes).map_err(anyhow::Error::msg).configuration()?;
    let staff = load_staff(&config.server.staff_file, config).map_err(anyhow::Error::msg).configuration()?;
    let index = std::fs::read_to_string(config.server.dist.join("index.html"))
        .with_context(|| format!("{}: build the app first (trunk build --release)", config.server.dist.display()))
        .configuration()?;
    let mailer = Mailer::from_config(&config.mail).map_err(anyhow::Error::msg).configuration()?;
    let from = config.mail.from.parse().context("mail.from is not an email address").configuration()?;
    let templates = Arc::new(templates(config)?);
    for host in config.hosts.iter().filter(|h| h.single_sign_on.is_some()) {
        let variable = relay::config::SingleSignOn::secret_variable(&host.authority);
        if std::env::var(&variable).map_or(true, |s| s.trim().is_empty()) {
            return Err(Failure::Configuration(anyhow::anyhow!(
                "{} uses single sign-on: set {variable} to the client secret of its app registration",
                host.short_name
            )));
        }
    }
    Ok(Checked { postcodes, staff, index, mailer, from, templates })
}

fn templates(config: &Config) -> Result<Templates, Failure> {
    Templates::load(config.mail.templates.as_deref()).map_err(anyhow::Error::msg).configuration()
}

/// Cases stored before each case recorded its host belong to the one host the relay then served.
/// A relay configured with several hosts cannot tell whose they are, so it stops and says so.
async fn adopt_cases(store: &Store, config: &Config) -> Result<(), Failure> {
    if let [only] = config.hosts.as_slice() {
        let adopted = store.adopt_cases(&only.authority).await.context("recording each case's host")?;
        if adopted > 0 {
            tracing::info!(cases = adopted, host = %only.authority, "cases from before hosts were recorded are this host's");
        }
        return Ok(());
    }
    let unhosted = store.unhosted_cases().await.context("counting cases with no host")?;
    if unhosted > 0 {
        return Err(Failure::Configuration(anyhow::anyhow!(
            "the database holds {unhosted} case(s) from before cases recorded their host: start this relay \
             once with only their host configured, then add the others"
        )));
    }
    Ok(())
}

async fn serve(config: Config) -> Result<(), Failure> {
    let Checked { postcodes, staff, index, mailer, from, templates } = check(&config)?;
    let keys = link_key(&config).configuration()?;
    let store = Store::open(&config.database.url).await.context("opening the database")?;
    adopt_cases(&store, &config).await?;
    let retry = Retry {
        base: Duration::from_secs(config.mail.retry_base_seconds.max(1)),
        max_attempts: config.mail.max_attempts,
        claim: Duration::from_secs(config.mail.claim_seconds.max(1)),
    };
    let listen = config.server.listen;
    let public_url = config.server.public_url.clone();
    let backend = store.backend();
    let retention = config.retention;
    let state = AppState::new(config, store.clone(), postcodes, keys, staff, &index, templates);
    if let Ok(token) = std::env::var("OLA_METRICS_TOKEN").map(|t| t.trim().to_owned())
        && token.len() >= 16
    {
        let _ = state.metrics_token.set(token);
    } else if std::env::var_os("OLA_METRICS_TOKEN").is_some() {
        tracing::warn!("OLA_METRICS_TOKEN is shorter than 16 characters: /metrics stays off");
    }
    tokio::spawn(relay::retention::run(store.clone(), retention, state.config.hosts.clone()));
    tokio::spawn(reload_staff_on_sighup(state.clone()));
    tokio::spawn(relay::reminders::run(store.clone(), state.routing.clone()));
    tokio::spawn(run_outbox(store, mailer, from, retry, state.written.clone()));
    let limits = relay::server::Limits {
        header_read: Duration::from_secs(state.config.server.header_read_seconds),
        max_connections: state.config.server.max_connections,
    };
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("binding {listen}"))?;
    tracing::info!(%listen, backend, "relay listening");
    // For a person at a terminal; a log collector has the line above.
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        println!("The service is running. Open {public_url}/ (Ctrl+C stops it)");
    }
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
async fn main() -> ExitCode {
    let cli = Cli::parse();
    logging();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Configuration(e)) => {
            eprintln!("relay: the configuration is not right: {e:#}");
            ExitCode::from(78)
        }
        Err(Failure::Running(e)) => {
            eprintln!("relay: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Plain lines for a person at a terminal; JSON lines, one event each, for a log collector (a
/// file, journald, a container's log): no colour codes, every field by name.
fn logging() {
    use std::io::IsTerminal;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    if std::io::stdout().is_terminal() {
        tracing_subscriber::fmt().with_env_filter(filter).with_target(false).init();
    } else {
        tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .with_target(false)
            .init();
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let config = config(cli.config.as_deref())?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::AddStaff { name, role, host, division, days } => {
            let new = NewAccount { name: &name, role, host: host.as_deref(), division: division.as_deref(), days };
            add_staff(&new, &config).configuration()
        }
        Command::CheckConfig => {
            check(&config)?;
            // Only a key given in the environment is checked: without one, serve keeps a key in a
            // file, and a check must not write one.
            if std::env::var_os("OLA_LINK_KEY").is_some() {
                link_key(&config).configuration()?;
            }
            println!("The configuration is consistent: {} and everything it names.", describe(cli.config.as_deref()));
            Ok(())
        }
        Command::Remind { as_of } => {
            let today = as_of.unwrap_or_else(relay::clock::uk_today);
            let keys = link_key(&config).configuration()?;
            let store = Store::open(&config.database.url).await.context("opening the database")?;
            let routing = relay::routing::Routing {
                public_url: config.server.public_url.clone(),
                keys,
                hosts: config.hosts.clone(),
                templates: Arc::new(templates(&config)?),
            };
            let sent = relay::reminders::sweep(&store, &routing, today).await.context("sending reminders")?;
            println!("{sent} reminder(s) sent as of {}.", today.long());
            Ok(())
        }
        Command::PreviewEmail { host } => {
            let host = named_host(host.as_deref(), &config).configuration()?.authority.clone();
            // A key of the moment: the preview's links open nothing.
            let keys =
                Keys::new(random_secret().map_err(anyhow::Error::msg)?.into_bytes()).map_err(anyhow::Error::msg)?;
            let routing = relay::routing::Routing {
                public_url: config.server.public_url.clone(),
                keys,
                hosts: config.hosts.clone(),
                templates: Arc::new(templates(&config)?),
            };
            for (event, email) in routing.preview(&host) {
                println!("──── {event} ────\nTo: {}\nSubject: {}\n\n{}", email.to, email.subject, email.body);
            }
            Ok(())
        }
        Command::Migrate => {
            Store::open(&config.database.url).await.context("opening the database")?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Backup { to } => {
            let store = Store::open(&config.database.url).await.context("opening the database")?;
            let cases = store.backup_to(&to).await.map_err(anyhow::Error::msg)?;
            println!("Backed up to {}: checked, {cases} case(s).", to.display());
            Ok(())
        }
    }
}

fn describe(path: Option<&Path>) -> String {
    path.map_or_else(|| "the built-in sample".to_owned(), |p| p.display().to_string())
}

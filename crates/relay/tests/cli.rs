//! The command line as a council's IT team meets it: `--help` and `--version` answer, and the exit
//! code tells a configuration that is wrong (78) from a command line that is wrong (2).

use std::process::{Command, Output};

fn relay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relay")).args(args).env_remove("OLA_CONFIG").output().expect("the relay runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_lists_every_command_and_exits_0() {
    let out = relay(&["--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    for command in ["serve", "add-staff", "check-config", "migrate", "remind", "backup", "--config", "--version"] {
        assert!(said.contains(command), "--help names {command}:\n{said}");
    }
    let add = relay(&["add-staff", "--help"]);
    assert!(text(&add.stdout).contains("front-door") && text(&add.stdout).contains("management-information"));
}

#[test]
fn version_says_which_release_this_is() {
    let out = relay(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).trim(), format!("relay {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_wrong_command_line_exits_2_and_says_what_is_wrong() {
    let out = relay(&["--no-such-option"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--no-such-option"), "{}", text(&out.stderr));
    let role = relay(&["add-staff", "--name", "Jo Sample", "--role", "director"]);
    assert_eq!(role.status.code(), Some(2), "an unknown role is the command line's fault");
}

#[test]
fn a_wrong_configuration_exits_78_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.toml");
    let out = relay(&["check-config", "--config", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(78), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("nowhere.toml"), "names the file: {}", text(&out.stderr));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[server]\nlisten = \"not an address\"\n").unwrap();
    let out = relay(&["check-config", "--config", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(78));
    assert!(text(&out.stderr).contains("listen"), "names the setting: {}", text(&out.stderr));
}

#[path = "support/process.rs"]
#[allow(dead_code, reason = "these tests write a configuration; they start no relay")]
mod process;

#[test]
fn a_staff_account_belongs_to_one_host_the_relay_serves() {
    let dir = tempfile::tempdir().unwrap();
    let config = process::write_config(dir.path(), 1, &format!("sqlite://{}", dir.path().join("db").display()));
    let config = config.to_str().unwrap();
    let add = |host: Option<&str>| {
        let mut args = vec!["add-staff", "--config", config, "--name", "Jo Sample", "--role", "front-door"];
        if let Some(host) = host {
            args.extend(["--host", host]);
        }
        relay(&args)
    };
    let out = add(None);
    assert_eq!(out.status.code(), Some(78), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--host is needed: this relay serves Kent (E10000016), Medway (E06000035)"),
        "{}",
        text(&out.stderr)
    );
    let out = add(Some("Atlantis"));
    assert_eq!(out.status.code(), Some(78));
    assert!(text(&out.stderr).contains("--host Atlantis is not a host this relay serves"), "{}", text(&out.stderr));
    let out = add(Some("medway"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Added Jo Sample (Front Door, Medway Council)"), "{}", text(&out.stdout));
    let file = std::fs::read_to_string(dir.path().join("staff.toml")).unwrap();
    assert!(file.contains("host = \"E06000035\""), "{file}");
}

#[test]
fn two_hosts_claiming_one_council_stop_the_relay_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let config = process::write_config(dir.path(), 1, &format!("sqlite://{}", dir.path().join("db").display()));
    let text_of =
        std::fs::read_to_string(&config).unwrap().replace("authority = \"E10000030\"", "authority = \"E06000035\"");
    std::fs::write(&config, text_of).unwrap();
    let out = relay(&["check-config", "--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(78), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Medway Council and Surrey County Council both claim Medway (E06000035)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn remind_takes_a_real_date_or_exits_2() {
    let out = relay(&["remind", "--as-of", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("2026-13-01 is not a date: give it as YYYY-MM-DD"), "{}", text(&out.stderr));
}

#[test]
fn a_mail_sign_in_by_oauth_without_its_secret_exits_78_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let config = process::write_config(dir.path(), 1, &format!("sqlite://{}", dir.path().join("db").display()));
    let mut text_of = std::fs::read_to_string(&config).unwrap();
    text_of.push_str(
        "\n[mail.smtp]\nhost = \"smtp.office365.com\"\nport = 587\ntls = \"starttls\"\n\n[mail.smtp.oauth]\n\
         token_url = \"https://login.microsoftonline.com/tenant/oauth2/v2.0/token\"\nclient_id = \"app\"\n\
         user = \"ola@kent.gov.uk\"\n",
    );
    std::fs::write(&config, text_of).unwrap();
    let check = |secret: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_relay"));
        command.args(["check-config", "--config", config.to_str().unwrap()]).env_remove("OLA_CONFIG");
        match secret {
            Some(s) => command.env("OLA_SMTP_CLIENT_SECRET", s),
            None => command.env_remove("OLA_SMTP_CLIENT_SECRET"),
        };
        command.output().expect("the relay runs")
    };
    let out = check(None);
    assert_eq!(out.status.code(), Some(78), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("OLA_SMTP_CLIENT_SECRET"), "{}", text(&out.stderr));
    let out = check(Some("a secret"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn preview_email_shows_every_email_in_the_councils_own_wording_and_a_broken_template_stops_the_relay() {
    let dir = tempfile::tempdir().unwrap();
    let config = process::write_config(dir.path(), 1, &format!("sqlite://{}", dir.path().join("db").display()));
    let edited = dir.path().join("email");
    std::fs::create_dir(&edited).unwrap();
    std::fs::write(
        edited.join("ending.txt"),
        "{% block event %}placement ended{% endblock %}\n{% block note %}Thank you for telling {{ host_short }}.{% endblock %}\n",
    )
    .unwrap();
    let with_templates = std::fs::read_to_string(&config)
        .unwrap()
        .replace("[mail]\n", &format!("[mail]\ntemplates = \"{}\"\n", edited.display()));
    std::fs::write(&config, with_templates).unwrap();
    let config = config.to_str().unwrap();

    let out = relay(&["preview-email", "--config", config, "--host", "Kent"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for event in [
        "new consultation request",
        "consultation request received",
        "consultation outcome: challenged",
        "placement notification, placement details changed",
        "placement moved to",
        "from a provider: please confirm",
        "care plan received",
        "care plan overdue",
        "has the placement ended?",
        "consultation reply due in 2 working days",
        "consultation reply overdue",
        "consultation withdrawn: child not placed",
        "consultation replies overdue",
    ] {
        assert!(shown.contains(event), "the preview shows the email for {event}:\n{shown}");
    }
    assert!(shown.contains("Thank you for telling Kent."), "the edited ending is shown:\n{shown}");
    assert!(shown.matches("\nTo: ").count() >= 25, "each recipient's email:\n{shown}");

    std::fs::write(edited.join("ending.txt"), "{% block event %}{{ child.first_name }}{% endblock %}").unwrap();
    let out = relay(&["check-config", "--config", config]);
    assert_eq!(out.status.code(), Some(78), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("ending.txt"), "names the template: {}", text(&out.stderr));
}

#[test]
fn single_sign_on_without_its_secret_or_with_a_plain_issuer_exits_78_and_codes_are_refused_for_its_host() {
    let dir = tempfile::tempdir().unwrap();
    let config = process::write_config(dir.path(), 1, &format!("sqlite://{}", dir.path().join("db").display()));
    let plain = std::fs::read_to_string(&config).unwrap();
    let with_sso = |issuer: &str| {
        let block = format!(
            "[hosts.single_sign_on]\nissuer = \"{issuer}\"\nclient_id = \"app\"\n[[hosts.single_sign_on.role]]\n\
             claim = \"OLA.FrontDoor\"\nrole = \"front-door\"\n\n"
        );
        let anchor = "# Service managers' addresses: set each division's own (these are placeholders).\n";
        assert!(plain.contains(anchor));
        std::fs::write(&config, plain.replacen(anchor, &format!("{block}{anchor}"), 1)).unwrap();
    };
    let run = |args: &[&str], secret: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_relay"));
        command.args(args).args(["--config", config.to_str().unwrap()]).env_remove("OLA_CONFIG");
        match secret {
            Some(s) => command.env("OLA_SSO_CLIENT_SECRET_E10000016", s),
            None => command.env_remove("OLA_SSO_CLIENT_SECRET_E10000016"),
        };
        command.output().expect("the relay runs")
    };
    with_sso("https://login.microsoftonline.com/tenant/v2.0");
    let out = run(&["check-config"], None);
    assert_eq!(out.status.code(), Some(78), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("OLA_SSO_CLIENT_SECRET_E10000016"), "{}", text(&out.stderr));
    assert_eq!(run(&["check-config"], Some("a secret")).status.code(), Some(0));
    let out = run(&["add-staff", "--name", "Jo Sample", "--role", "front-door", "--host", "Kent"], Some("a secret"));
    assert_eq!(out.status.code(), Some(78), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("single sign-on"), "{}", text(&out.stderr));
    with_sso("http://login.example.org/tenant/v2.0");
    let out = run(&["check-config"], Some("a secret"));
    assert_eq!(out.status.code(), Some(78));
    assert!(text(&out.stderr).contains("https://"), "{}", text(&out.stderr));
}

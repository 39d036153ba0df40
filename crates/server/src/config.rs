//! Server options: command-line flags, each with an environment variable; flags win.
//!
//! Every limit the server enforces is a number here ([`Limits`]) with a documented default:
//! timeouts, the connection cap, sign-in throttling, sessions and per-account quotas. The
//! tests, the end-to-end suite and the benchmarks run under these defaults; nothing is
//! exempt because it comes from loopback.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How much demo data to put in an empty database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoScale {
    /// ~870 municipal deputies per term and everything around them.
    Standard,
    /// A few dozen deputies: for tests.
    Small,
}

/// Everything the server can be told.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen.
    pub addr: SocketAddr,
    /// Where the database, the contacts key and nothing else live.
    pub data_dir: PathBuf,
    /// The built apps: `me/` (the deputy's), `staff/` (the console's) and `sw.js` (see
    /// `cargo xtask build`).
    pub static_dir: PathBuf,
    /// The site's address as the public reaches it (`https://lvzhi.example.cn`), for the
    /// public pages' canonical links, link previews and the sitemap; `None` takes the
    /// request's `Host`.
    pub public_origin: Option<String>,
    /// Demo data to put in an empty database; `None` (the default) puts none.
    pub demo: Option<DemoScale>,
    /// Serve a database holding demo accounts on a non-loopback address anyway.
    pub allow_demo_on_network: bool,
    /// The limits enforced.
    pub limits: Limits,
}

/// The limits the server enforces, each with its default.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The largest request body accepted, in bytes (default 1 MiB).
    pub max_body_bytes: usize,
    /// The largest file staff upload for import, in bytes (default 16 MiB: the city's
    /// roster of 60,000 deputies as CSV is about 12 MiB).
    pub max_import_bytes: usize,
    /// Time for a client to send a request's headers (default 10 s).
    pub header_timeout: Duration,
    /// Time for a whole request, body and answer included (default 30 s).
    pub request_timeout: Duration,
    /// How long a kept-alive connection may sit idle (default 60 s).
    pub idle_timeout: Duration,
    /// Open connections at most; further ones get a 503 and are closed (default 1,024, and
    /// never more than the process's open-file limit allows).
    pub max_connections: usize,
    /// Read connections to the database beside the one writer (default 4).
    pub read_connections: usize,
    /// Wrong passwords for one login before sign-in slows down (default 5).
    pub sign_in_free_failures: u32,
    /// Wrong passwords from one address before sign-in slows down (default 20).
    pub sign_in_free_failures_per_address: u32,
    /// How long failures are remembered (default 15 min).
    pub sign_in_window: Duration,
    /// The longest wait imposed after repeated failures (default 15 min).
    pub sign_in_max_delay: Duration,
    /// Password checks running at once; more wait (default 1 on this 2-core machine:
    /// half the cores, at least 1).
    pub password_checks_at_once: usize,
    /// A session's whole life (default 30 days).
    pub session_lifetime: Duration,
    /// A session unused this long ends (default 14 days: weeks of field work offline).
    pub session_idle: Duration,
    /// Sessions one account may hold; the oldest goes when one more starts (default 20).
    pub sessions_per_account: usize,
    /// How often expired sessions and old audit entries are deleted (default 10 min).
    pub purge_every: Duration,
    /// Write requests per account and minute, sustained (default 120)…
    pub writes_per_minute: u32,
    /// …with bursts of this many (default 240).
    pub write_burst: u32,
    /// Mutations pushed per account and minute, sustained (default 600)…
    pub mutations_per_minute: u32,
    /// …with bursts of this many (default 5,000: a week offline, or a staff review session).
    pub mutation_burst: u32,
    /// Right-of-reply notes one deputy may keep (default 500).
    pub notes_per_deputy: usize,
    /// Opinion items on one visit (default 100).
    pub opinions_per_visit: usize,
    /// Opinion items one deputy may keep (default 20,000).
    pub opinions_per_deputy: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            max_body_bytes: 1024 * 1024,
            max_import_bytes: 16 * 1024 * 1024,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
            read_connections: 4,
            sign_in_free_failures: 5,
            sign_in_free_failures_per_address: 20,
            sign_in_window: Duration::from_secs(15 * 60),
            sign_in_max_delay: Duration::from_secs(15 * 60),
            password_checks_at_once: (cores / 2).max(1),
            session_lifetime: Duration::from_secs(30 * 24 * 3600),
            session_idle: Duration::from_secs(14 * 24 * 3600),
            sessions_per_account: 20,
            purge_every: Duration::from_secs(600),
            writes_per_minute: 120,
            write_burst: 240,
            mutations_per_minute: 600,
            mutation_burst: 5_000,
            notes_per_deputy: 500,
            opinions_per_visit: 100,
            opinions_per_deputy: 20_000,
        }
    }
}

/// What the command line asked for.
pub enum ParsedArgs {
    /// Serve with this configuration.
    Run(Config),
    /// Print the help.
    Help,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            static_dir: PathBuf::from("dist"),
            public_origin: None,
            demo: None,
            allow_demo_on_network: false,
            limits: Limits::default(),
        }
    }
}

/// How a value is read: its kind decides parsing and the help's wording.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Count,
    Seconds,
    Days,
    Flag,
}

/// One option: flag, environment variable, kind, help text.
struct Opt {
    flag: &'static str,
    var: &'static str,
    kind: Kind,
    help: &'static str,
}

const OPTIONS: &[Opt] = &[
    Opt {
        flag: "--addr",
        var: "LVZHI_ADDR",
        kind: Kind::Text,
        help: "address to listen on [127.0.0.1:8080]",
    },
    Opt {
        flag: "--data-dir",
        var: "LVZHI_DATA_DIR",
        kind: Kind::Text,
        help: "database and key directory, created 0700 [./data]",
    },
    Opt {
        flag: "--static-dir",
        var: "LVZHI_STATIC_DIR",
        kind: Kind::Text,
        help: "the built apps (dist/, made by `cargo xtask build`) [./dist]",
    },
    Opt {
        flag: "--public-origin",
        var: "LVZHI_PUBLIC_ORIGIN",
        kind: Kind::Text,
        help: "the site's public address, e.g. https://lvzhi.example.cn, for canonical links and the sitemap [the request's Host]",
    },
    Opt {
        flag: "--demo",
        var: "LVZHI_DEMO",
        kind: Kind::Text,
        help: "demo data for an empty database: standard, small or none [none]",
    },
    Opt {
        flag: "--allow-demo-on-network",
        var: "LVZHI_ALLOW_DEMO_ON_NETWORK",
        kind: Kind::Flag,
        help: "serve demo accounts (known passwords) beyond loopback [no]",
    },
    Opt {
        flag: "--max-body-bytes",
        var: "LVZHI_MAX_BODY_BYTES",
        kind: Kind::Count,
        help: "largest request body [1048576]",
    },
    Opt {
        flag: "--max-import-bytes",
        var: "LVZHI_MAX_IMPORT_BYTES",
        kind: Kind::Count,
        help: "largest file uploaded for import [16777216]",
    },
    Opt {
        flag: "--header-timeout-secs",
        var: "LVZHI_HEADER_TIMEOUT_SECS",
        kind: Kind::Seconds,
        help: "time to send request headers [10]",
    },
    Opt {
        flag: "--request-timeout-secs",
        var: "LVZHI_REQUEST_TIMEOUT_SECS",
        kind: Kind::Seconds,
        help: "time for a whole request, body included [30]",
    },
    Opt {
        flag: "--idle-timeout-secs",
        var: "LVZHI_IDLE_TIMEOUT_SECS",
        kind: Kind::Seconds,
        help: "idle keep-alive connection closed after [60]",
    },
    Opt {
        flag: "--max-connections",
        var: "LVZHI_MAX_CONNECTIONS",
        kind: Kind::Count,
        help: "open connections at most (capped by the open-file limit) [1024]",
    },
    Opt {
        flag: "--read-connections",
        var: "LVZHI_READ_CONNECTIONS",
        kind: Kind::Count,
        help: "database read connections beside the writer [4]",
    },
    Opt {
        flag: "--sign-in-free-failures",
        var: "LVZHI_SIGN_IN_FREE_FAILURES",
        kind: Kind::Count,
        help: "wrong passwords per login before slowing down [5]",
    },
    Opt {
        flag: "--sign-in-free-failures-per-address",
        var: "LVZHI_SIGN_IN_FREE_FAILURES_PER_ADDRESS",
        kind: Kind::Count,
        help: "wrong passwords per address before slowing down [20]",
    },
    Opt {
        flag: "--sign-in-window-secs",
        var: "LVZHI_SIGN_IN_WINDOW_SECS",
        kind: Kind::Seconds,
        help: "how long failures are remembered [900]",
    },
    Opt {
        flag: "--sign-in-max-delay-secs",
        var: "LVZHI_SIGN_IN_MAX_DELAY_SECS",
        kind: Kind::Seconds,
        help: "longest wait after repeated failures [900]",
    },
    Opt {
        flag: "--password-checks-at-once",
        var: "LVZHI_PASSWORD_CHECKS_AT_ONCE",
        kind: Kind::Count,
        help: "argon2 checks in parallel [half the cores, at least 1]",
    },
    Opt {
        flag: "--session-lifetime-days",
        var: "LVZHI_SESSION_LIFETIME_DAYS",
        kind: Kind::Days,
        help: "a session's whole life [30]",
    },
    Opt {
        flag: "--session-idle-days",
        var: "LVZHI_SESSION_IDLE_DAYS",
        kind: Kind::Days,
        help: "a session unused this long ends [14]",
    },
    Opt {
        flag: "--sessions-per-account",
        var: "LVZHI_SESSIONS_PER_ACCOUNT",
        kind: Kind::Count,
        help: "sessions one account holds; the oldest goes [20]",
    },
    Opt {
        flag: "--purge-every-secs",
        var: "LVZHI_PURGE_EVERY_SECS",
        kind: Kind::Seconds,
        help: "expired sessions deleted this often [600]",
    },
    Opt {
        flag: "--writes-per-minute",
        var: "LVZHI_WRITES_PER_MINUTE",
        kind: Kind::Count,
        help: "write requests per account and minute [120]",
    },
    Opt {
        flag: "--write-burst",
        var: "LVZHI_WRITE_BURST",
        kind: Kind::Count,
        help: "write requests in a burst [240]",
    },
    Opt {
        flag: "--mutations-per-minute",
        var: "LVZHI_MUTATIONS_PER_MINUTE",
        kind: Kind::Count,
        help: "pushed mutations per account and minute [600]",
    },
    Opt {
        flag: "--mutation-burst",
        var: "LVZHI_MUTATION_BURST",
        kind: Kind::Count,
        help: "pushed mutations in a burst [5000]",
    },
    Opt {
        flag: "--notes-per-deputy",
        var: "LVZHI_NOTES_PER_DEPUTY",
        kind: Kind::Count,
        help: "right-of-reply notes per deputy [500]",
    },
    Opt {
        flag: "--opinions-per-visit",
        var: "LVZHI_OPINIONS_PER_VISIT",
        kind: Kind::Count,
        help: "opinion items per visit [100]",
    },
    Opt {
        flag: "--opinions-per-deputy",
        var: "LVZHI_OPINIONS_PER_DEPUTY",
        kind: Kind::Count,
        help: "opinion items per deputy [20000]",
    },
];

impl Config {
    /// The help text: every option with its variable and default.
    pub fn help() -> String {
        let mut text = String::from(
            "lvzhi-server: serves Lüzhi (履职) — the JSON API under /api and the built app.\n\n\
             USAGE: lvzhi-server [OPTIONS]\n\
             \x20      lvzhi-server rotate-contacts-key [--data-dir DIR]   re-encrypt contacts under a new key\n\n\
             OPTIONS (each also read from an environment variable; the flag wins; [default]):\n",
        );
        for opt in OPTIONS {
            let value = match opt.kind {
                Kind::Text => " VALUE",
                Kind::Count => " N",
                Kind::Seconds => " SECS",
                Kind::Days => " DAYS",
                Kind::Flag => "",
            };
            text.push_str(&format!("  {}{value}\n      {}  (${})\n", opt.flag, opt.help, opt.var));
        }
        text.push_str("  -h, --help\n      print this help\n");
        text
    }

    /// Reads flags from `args` and variables through `env`.
    pub fn from_args_and_env(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ParsedArgs, String> {
        let mut config = Config::default();
        let mut values: Vec<(&'static Opt, String)> = Vec::new();
        for opt in OPTIONS {
            if let Some(value) = env(opt.var) {
                values.push((opt, value));
            }
        }
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(ParsedArgs::Help);
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (arg.clone(), None),
            };
            let Some(opt) = OPTIONS.iter().find(|opt| opt.flag == flag) else {
                return Err(format!("unknown option {arg:?}"));
            };
            let value = match (opt.kind, inline) {
                (Kind::Flag, Some(value)) => value,
                (Kind::Flag, None) => "yes".to_owned(),
                (_, Some(value)) => value,
                (_, None) => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
            };
            values.push((opt, value));
        }
        for (opt, value) in values {
            config.set(opt, &value)?;
        }
        Ok(ParsedArgs::Run(config))
    }

    fn set(&mut self, opt: &Opt, value: &str) -> Result<(), String> {
        let flag = opt.flag;
        let count = |min: u64| -> Result<u64, String> {
            value
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n >= min && *n <= u32::MAX as u64)
                .ok_or_else(|| format!("{flag}: {value:?} is not a whole number of at least {min}"))
        };
        let limits = &mut self.limits;
        match flag {
            "--addr" => {
                self.addr = value
                    .parse()
                    .map_err(|_| format!("--addr: {value:?} is not an address like 127.0.0.1:8080"))?;
            }
            "--data-dir" => self.data_dir = PathBuf::from(value),
            "--static-dir" => self.static_dir = PathBuf::from(value),
            "--public-origin" => {
                let origin = value.trim_end_matches('/');
                let valid = (origin.starts_with("https://") || origin.starts_with("http://"))
                    && origin
                        .split_once("://")
                        .is_some_and(|(_, host)| crate::public::is_host(host));
                if !valid {
                    return Err(format!(
                        "--public-origin: {value:?} is not an origin like https://lvzhi.example.cn"
                    ));
                }
                self.public_origin = Some(origin.to_owned());
            }
            "--demo" => {
                self.demo = match value {
                    "standard" => Some(DemoScale::Standard),
                    "small" => Some(DemoScale::Small),
                    "none" => None,
                    _ => return Err(format!("--demo: {value:?} is not one of standard, small, none")),
                }
            }
            "--allow-demo-on-network" => {
                self.allow_demo_on_network = match value {
                    "yes" | "true" | "1" => true,
                    "no" | "false" | "0" => false,
                    _ => return Err(format!("{flag}: {value:?} is not yes or no")),
                }
            }
            "--max-body-bytes" => limits.max_body_bytes = count(1024)? as usize,
            "--max-import-bytes" => limits.max_import_bytes = count(1024)? as usize,
            "--header-timeout-secs" => limits.header_timeout = Duration::from_secs(count(1)?),
            "--request-timeout-secs" => limits.request_timeout = Duration::from_secs(count(1)?),
            "--idle-timeout-secs" => limits.idle_timeout = Duration::from_secs(count(1)?),
            "--max-connections" => limits.max_connections = count(1)? as usize,
            "--read-connections" => limits.read_connections = count(1)? as usize,
            "--sign-in-free-failures" => limits.sign_in_free_failures = count(1)? as u32,
            "--sign-in-free-failures-per-address" => limits.sign_in_free_failures_per_address = count(1)? as u32,
            "--sign-in-window-secs" => limits.sign_in_window = Duration::from_secs(count(1)?),
            "--sign-in-max-delay-secs" => limits.sign_in_max_delay = Duration::from_secs(count(1)?),
            "--password-checks-at-once" => limits.password_checks_at_once = count(1)? as usize,
            "--session-lifetime-days" => limits.session_lifetime = Duration::from_secs(count(1)? * 86_400),
            "--session-idle-days" => limits.session_idle = Duration::from_secs(count(1)? * 86_400),
            "--sessions-per-account" => limits.sessions_per_account = count(1)? as usize,
            "--purge-every-secs" => limits.purge_every = Duration::from_secs(count(1)?),
            "--writes-per-minute" => limits.writes_per_minute = count(1)? as u32,
            "--write-burst" => limits.write_burst = count(1)? as u32,
            "--mutations-per-minute" => limits.mutations_per_minute = count(1)? as u32,
            "--mutation-burst" => limits.mutation_burst = count(1)? as u32,
            "--notes-per-deputy" => limits.notes_per_deputy = count(1)? as usize,
            "--opinions-per-visit" => limits.opinions_per_visit = count(1)? as usize,
            "--opinions-per-deputy" => limits.opinions_per_deputy = count(1)? as usize,
            _ => return Err(format!("unknown option {flag:?}")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Config, String> {
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        match Config::from_args_and_env(args.iter().map(|s| s.to_string()), |key| {
            env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        })? {
            ParsedArgs::Run(config) => Ok(config),
            ParsedArgs::Help => Err("help".into()),
        }
    }

    #[test]
    fn flags_override_environment_variables() {
        let config = parse(
            &["--data-dir", "/tmp/flag"],
            &[("LVZHI_DATA_DIR", "/tmp/env"), ("LVZHI_DEMO", "small")],
        )
        .unwrap();
        assert_eq!(config.data_dir, PathBuf::from("/tmp/flag"));
        assert_eq!(config.demo, Some(DemoScale::Small));
        let config = parse(&["--addr=127.0.0.1:0"], &[]).unwrap();
        assert_eq!(config.addr.port(), 0);
    }

    #[test]
    fn no_demo_data_unless_asked() {
        let config = parse(&[], &[]).unwrap();
        assert_eq!(config.demo, None);
        assert!(!config.allow_demo_on_network);
        assert!(parse(&["--allow-demo-on-network"], &[]).unwrap().allow_demo_on_network);
    }

    #[test]
    fn every_limit_is_an_option_with_a_default() {
        let config = parse(
            &["--idle-timeout-secs", "5", "--max-connections=64"],
            &[("LVZHI_SESSION_IDLE_DAYS", "2")],
        )
        .unwrap();
        assert_eq!(config.limits.idle_timeout, Duration::from_secs(5));
        assert_eq!(config.limits.max_connections, 64);
        assert_eq!(config.limits.session_idle, Duration::from_secs(2 * 86_400));
        let help = Config::help();
        for opt in OPTIONS {
            assert!(
                help.contains(opt.flag) && help.contains(opt.var),
                "{} is in the help",
                opt.flag
            );
            assert!(opt.help.contains('['), "{} documents its default", opt.flag);
            if !matches!(opt.kind, Kind::Text | Kind::Flag) {
                assert!(parse(&[opt.flag, "0x"], &[]).unwrap_err().contains(opt.flag));
            }
        }
    }

    #[test]
    fn bad_options_are_explained() {
        assert!(parse(&["--addr", "nowhere"], &[]).unwrap_err().contains("--addr"));
        assert!(parse(&["--bogus"], &[]).unwrap_err().contains("--bogus"));
        assert!(parse(&["--data-dir"], &[]).unwrap_err().contains("needs a value"));
        assert_eq!(parse(&["--help"], &[]).unwrap_err(), "help");
    }
}

//! Server options: command-line flags, each with an environment variable; flags win.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How much demo data to put in an empty database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoScale {
    /// ~870 municipal deputies per term and everything around them.
    Standard,
    /// A few dozen deputies: for tests.
    Small,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub static_dir: PathBuf,
    pub max_body_bytes: usize,
    pub demo: Option<DemoScale>,
}

pub enum ParsedArgs {
    Run(Config),
    Help,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            static_dir: PathBuf::from("dist"),
            max_body_bytes: 1024 * 1024,
            demo: Some(DemoScale::Standard),
        }
    }
}

impl Config {
    pub const HELP: &'static str = "\
lvzhi-server: serves Lüzhi (履职) — the JSON API under /api and the built app.

USAGE: lvzhi-server [OPTIONS]

OPTIONS (each flag also reads an environment variable; the flag wins):
  --addr ADDR              address to listen on            [LVZHI_ADDR, default 127.0.0.1:8080]
  --data-dir DIR           where the SQLite database lives  [LVZHI_DATA_DIR, default ./data]
                           (created on first start, with lvzhi.sqlite3 inside)
  --static-dir DIR         the built app (Trunk's dist/)    [LVZHI_STATIC_DIR, default ./dist]
  --max-body-bytes N       largest request body accepted    [LVZHI_MAX_BODY_BYTES, default 1048576]
  --demo standard|small|none
                           demo data put in an empty database [LVZHI_DEMO, default standard]
  -h, --help               print this help
";

    /// Reads flags from `args` and variables through `env`.
    pub fn from_args_and_env(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ParsedArgs, String> {
        let mut config = Config::default();
        let mut values: Vec<(&'static str, String)> = Vec::new();
        for (flag, var) in FLAGS {
            if let Some(value) = env(var) {
                values.push((flag, value));
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
            let Some((known, _)) = FLAGS.iter().find(|(name, _)| *name == flag) else {
                return Err(format!("unknown option {arg:?}"));
            };
            let value = match inline.or_else(|| args.next()) {
                Some(value) => value,
                None => return Err(format!("{flag} needs a value")),
            };
            values.push((known, value));
        }
        for (flag, value) in values {
            config.set(flag, &value)?;
        }
        Ok(ParsedArgs::Run(config))
    }

    fn set(&mut self, flag: &str, value: &str) -> Result<(), String> {
        match flag {
            "--addr" => {
                self.addr = value
                    .parse()
                    .map_err(|_| format!("--addr: {value:?} is not an address like 127.0.0.1:8080"))?;
            }
            "--data-dir" => self.data_dir = PathBuf::from(value),
            "--static-dir" => self.static_dir = PathBuf::from(value),
            "--max-body-bytes" => {
                self.max_body_bytes =
                    value.parse().ok().filter(|bytes| *bytes >= 1024).ok_or_else(|| {
                        format!("--max-body-bytes: {value:?} is not a number of bytes of at least 1024")
                    })?;
            }
            "--demo" => {
                self.demo = match value {
                    "standard" => Some(DemoScale::Standard),
                    "small" => Some(DemoScale::Small),
                    "none" => None,
                    _ => {
                        return Err(format!("--demo: {value:?} is not one of standard, small, none"));
                    }
                }
            }
            _ => return Err(format!("unknown option {flag:?}")),
        }
        Ok(())
    }
}

const FLAGS: [(&str, &str); 5] = [
    ("--addr", "LVZHI_ADDR"),
    ("--data-dir", "LVZHI_DATA_DIR"),
    ("--static-dir", "LVZHI_STATIC_DIR"),
    ("--max-body-bytes", "LVZHI_MAX_BODY_BYTES"),
    ("--demo", "LVZHI_DEMO"),
];

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
            &[("LVZHI_DATA_DIR", "/tmp/env"), ("LVZHI_DEMO", "none")],
        )
        .unwrap();
        assert_eq!(config.data_dir, PathBuf::from("/tmp/flag"));
        assert_eq!(config.demo, None);
        let config = parse(&["--addr=127.0.0.1:0"], &[]).unwrap();
        assert_eq!(config.addr.port(), 0);
    }

    #[test]
    fn bad_options_are_explained() {
        assert!(parse(&["--addr", "nowhere"], &[]).unwrap_err().contains("--addr"));
        assert!(parse(&["--bogus"], &[]).unwrap_err().contains("--bogus"));
        assert!(parse(&["--data-dir"], &[]).unwrap_err().contains("needs a value"));
        assert_eq!(parse(&["--help"], &[]).unwrap_err(), "help");
    }
}

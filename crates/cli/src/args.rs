//! Command-line options: `--name value` pairs (repeatable) and `--flag` switches.

pub const HELP: &str = "\
lvzhi: compliance with the duty-performance rules, from interchange files (docs/interchange.md)

  lvzhi compliance --rules FILE.json [--rules MORE.json]
                   --terms FILE --sessions FILE --deputies FILE --activities FILE
                   --as-of YYYY-MM-DD [--deputy ID | --group ID | --level LEVEL]
                   [--json] [--accept-good-rows]
      Files are .csv or .jsonl. Prints, per requirement and period, how many deputies are
      held to it and how many met it (for everyone, or the deputies of a liaison or
      professional group, or of a level); with --deputy, that deputy's figures and the records
      that did not count and why; with --json, every evaluation as JSON. A file with bad rows
      is refused (each bad row listed by file and line) unless --accept-good-rows.

  lvzhi export-demo --dir DIR [--scale small|standard|benchmark] [--as-of YYYY-MM-DD] [--format csv|jsonl]
      Writes the demo congress as interchange files (terms, sessions, deputies, activities)
      and the default rule set, ready for `lvzhi compliance`.
";

const FLAGS: [&str; 2] = ["--json", "--accept-good-rows"];

#[derive(Debug, Default)]
pub struct Args {
    pairs: Vec<(String, String)>,
    flags: Vec<String>,
}

impl Args {
    pub fn parse(argv: &[String]) -> Result<Self, String> {
        let mut args = Args::default();
        let mut iter = argv.iter();
        while let Some(arg) = iter.next() {
            if FLAGS.contains(&arg.as_str()) {
                args.flags.push(arg.clone());
            } else if arg.starts_with("--") {
                let value = iter.next().ok_or_else(|| format!("{arg} needs a value"))?;
                args.pairs.push((arg.clone(), value.clone()));
            } else {
                return Err(format!("unexpected argument {arg:?}; see `lvzhi help`"));
            }
        }
        Ok(args)
    }

    pub fn one(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn required(&self, name: &str) -> Result<&str, String> {
        self.one(name)
            .ok_or_else(|| format!("{name} is required; see `lvzhi help`"))
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|flag| flag == name)
    }
}

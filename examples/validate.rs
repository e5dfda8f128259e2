//! Loads a network document and prints its validation report.
//!
//! ```text
//! cargo run --example validate -- PATH [--as-of DATE|INSTANT] [--json]
//! ```
//!
//! `--as-of` takes a date (`2017-12-01`, read as midnight UTC) or an RFC 3339
//! instant (`2017-12-01T12:00:00+01:00`); without it, the current time.
//! `--json` prints the findings as a JSON array of
//! `{rule, level, keys, message, hint?}`.
//!
//! Exit status: 0 when no finding is an error, 1 when some is, 2 when the
//! document cannot be read or loaded (the reason on stderr).

use std::process::ExitCode;

use communs::Network;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

fn usage() -> ExitCode {
    eprintln!("usage: validate PATH [--as-of DATE|INSTANT] [--json]");
    ExitCode::from(2)
}

fn parse_as_of(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok().or_else(|| {
        Date::parse(s, format_description!("[year]-[month]-[day]"))
            .ok()
            .map(|d| d.midnight().assume_utc())
    })
}

fn main() -> ExitCode {
    let mut path = None;
    let mut as_of = None;
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--as-of" => match args.next().as_deref().and_then(parse_as_of) {
                Some(t) => as_of = Some(t),
                None => return usage(),
            },
            _ if path.is_none() && !arg.starts_with("--") => path = Some(arg),
            _ => return usage(),
        }
    }
    let Some(path) = path else { return usage() };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let net: Network = match serde_json::from_str(&text) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let report = net.validate(as_of.unwrap_or_else(OffsetDateTime::now_utc));
    if json {
        match serde_json::to_string_pretty(report.findings()) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    } else {
        println!("{report}");
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

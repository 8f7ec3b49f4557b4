//! Bad usage as one plain line: clap's first line, every echoed argument escaped, and one hint.
//!
//! clap's own report is a block (message, tip, usage, "For more information") that a script
//! reading stderr line by line takes for several errors, and it echoes arguments raw: a newline
//! in one splits the line, an escape sequence in one can clear the terminal.

use std::ffi::{OsStr, OsString};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use newsdesk_core::Lang;

/// Echoed arguments are cut after this many characters: the line is for reading, and a pasted
/// article body as an argument would otherwise fill the screen.
const MAX_ECHO: usize = 60;

/// `text` as printable characters: control and invisible characters as Rust-style escapes,
/// cut after `max` characters (the core's one rule for echoed input).
pub fn escape(text: &str, max: usize) -> String {
    newsdesk_core::error::echo_cut(text, max)
}

/// An argument that is not UTF-8, its undecodable bytes as `\xFF`.
fn escape_os(arg: &OsStr) -> String {
    let mut out = String::new();
    for chunk in arg.as_encoded_bytes().utf8_chunks() {
        out.push_str(&escape(chunk.valid(), MAX_ECHO));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// The subcommands named in `args`, outermost first, with the command they lead to.
fn commands(args: &[OsString], root: clap::Command) -> Vec<clap::Command> {
    let mut path = vec![root];
    for arg in args.iter().skip(1).filter_map(|a| a.to_str()) {
        let next = path.last().and_then(|c| c.find_subcommand(arg)).cloned();
        path.extend(next);
    }
    path
}

/// The one line for a usage error; `root` is the CLI's command, `args` the process's arguments.
pub fn line(mut err: clap::Error, args: &[OsString], root: clap::Command, lang: Lang) -> String {
    let path = commands(args, root);
    let names: Vec<&str> = path.iter().map(|c| c.get_name()).collect();
    let help = lang
        .pick("见 {cmd} --help", "see {cmd} --help")
        .replace("{cmd}", &names.join(" "));
    let message = match err.kind() {
        // clap shows the whole help for `newsdesk article`; the hint says where it is.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            lang.pick("缺少子命令", "a subcommand is missing").to_string()
        }
        ErrorKind::InvalidUtf8 => {
            let bad = args.iter().skip(1).find(|a| a.to_str().is_none());
            let first = first_line(&err.render().to_string());
            match bad {
                Some(bad) => format!("{first}: '{}'", escape_os(bad)),
                None => first,
            }
        }
        _ => {
            escape_context(&mut err);
            first_line(&err.render().to_string())
        }
    };
    let hint = value_hint(&err, args, &path, lang)
        .or_else(|| tip(&err.render().to_string()))
        .unwrap_or(help);
    format!("{message} ({hint})")
}

/// clap's message without its `error: ` label, as one printable line. A message that ends in
/// a colon lists what it is about on the lines below (the missing arguments): they are joined on.
fn first_line(rendered: &str) -> String {
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or_default();
    let mut line = first.strip_prefix("error: ").unwrap_or(first).trim().to_string();
    if line.ends_with(':') {
        let listed: Vec<&str> = lines.take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
        line = format!("{line} {}", listed.join(", "));
    }
    escape(&line, usize::MAX)
}

/// clap's own tip (a similar subcommand or flag), when it gave one.
fn tip(rendered: &str) -> Option<String> {
    rendered
        .lines()
        .find_map(|l| l.trim().strip_prefix("tip: "))
        .map(|t| escape(t, usize::MAX))
}

/// Every argument clap will echo, escaped in place, so that the rendered message has them safe.
fn escape_context(err: &mut clap::Error) {
    let items: Vec<(ContextKind, ContextValue)> = err.context().map(|(k, v)| (k, v.clone())).collect();
    for (kind, value) in items {
        let value = match value {
            ContextValue::String(s) => ContextValue::String(escape(&s, MAX_ECHO)),
            ContextValue::Strings(list) => ContextValue::Strings(list.iter().map(|s| escape(s, MAX_ECHO)).collect()),
            other => other,
        };
        err.insert(kind, value);
    }
}

/// For a value that starts with `-` (a date before year 0, a negative number) and so was taken
/// for a flag: how to write it after its option.
fn value_hint(err: &clap::Error, args: &[OsString], path: &[clap::Command], lang: Lang) -> Option<String> {
    if err.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(flag)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    let args: Vec<&str> = args.iter().map(|a| a.to_str().unwrap_or_default()).collect();
    // clap names the first unknown short flag of a cluster: `-0` for `-0001-01-01`.
    let at = args.iter().skip(1).position(|a| {
        *a == flag.as_str() || (!flag.starts_with("--") && !a.starts_with("--") && a.starts_with(flag.as_str()))
    })? + 1;
    let option = args[at - 1].strip_prefix("--").filter(|o| !o.contains('='))?;
    let takes_value = path
        .iter()
        .flat_map(|c| c.get_arguments())
        .any(|a| a.get_long() == Some(option) && a.get_action().takes_values());
    takes_value.then(|| {
        lang.pick(
            "以“-”开头的值要写成 --{opt}=值",
            "a value starting with '-' is written --{opt}=VALUE",
        )
        .replace("{opt}", option)
    })
}

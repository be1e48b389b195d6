//! `rma-harvest man`: the man page, generated from the clap definition (clap_mangen) so it
//! follows every subcommand and flag. clap_mangen would fill the `--help` examples into one
//! paragraph; here each block of them ("Examples:", "Exit codes:") becomes a section of its
//! own, printed line by line.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_mangen::Man;

use super::{CommandError, Result};
use crate::cli::{Cli, ManArgs};
use crate::exit::ExitCode;

/// What the roff crate writes before every rendered piece (see `roff::Roff::to_writer`).
const APOSTROPHE_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBRMA_HARVEST_CONFIG\fR
The configuration file, when \fB\-\-config\fR is not given.
.TP
\fBHARVEST_ACCESS_TOKEN\fR, \fBHARVEST_CLIENT_ID\fR, \fBHARVEST_CLIENT_SECRET\fR, \fBRMA_API_KEY\fR
Secrets; they take precedence over the configuration file.
.TP
\fBRUST_LOG\fR
Log filter, as with \fB\-v\fR.
.SH FILES
.TP
\fI$XDG_CONFIG_HOME/rma\-harvest/config.toml\fR, \fI/etc/rma\-harvest/config.toml\fR
The configuration, searched in this order.
.TP
\fI$XDG_STATE_HOME/rma\-harvest/state.sqlite\fR
The state file (OAuth tokens, what was booked, the run log), unless \fBstate.path\fR says otherwise.
"#;

pub fn run(args: &ManArgs) -> Result<ExitCode> {
    let cmd = man_command();
    match &args.dir {
        None => {
            super::write_stdout(&page(&cmd, true)?)?;
        }
        Some(dir) => {
            write_page(dir, &cmd, true)?;
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                write_page(dir, sub, false)?;
            }
        }
    }
    Ok(ExitCode::Success)
}

/// The command line as the pages describe it: without the `help` subcommand (a page nobody
/// needs), built so every subcommand has its display name (rma-harvest-sync), which the
/// main page refers to.
fn man_command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn write_page(dir: &Path, cmd: &clap::Command, top: bool) -> Result<()> {
    let path = dir.join(Man::new(cmd.clone()).get_filename());
    // A directory that cannot be written is a mistake on the command line, not a service.
    std::fs::write(&path, page(cmd, top)?).map_err(|e| {
        CommandError::config(crate::msg!(
            "commands-cannot-write",
            path = path.display().to_string(),
            detail = e.to_string()
        ))
    })?;
    crate::outln!("{}", path.display());
    Ok(())
}

/// One man page in roff. `top` adds what only the main page carries (environment, files).
pub fn page(cmd: &clap::Command, top: bool) -> Result<Vec<u8>> {
    let man = Man::new(cmd.clone());
    let mut out = Vec::new();
    append(&mut out, &man, Man::render_title)?;
    append(&mut out, &man, Man::render_name_section)?;
    append(&mut out, &man, Man::render_synopsis_section)?;
    append(&mut out, &man, Man::render_description_section)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        append(&mut out, &man, Man::render_options_section)?;
    }
    if cmd.has_subcommands() {
        append(&mut out, &man, Man::render_subcommands_section)?;
    }
    if let Some(text) = cmd.get_after_long_help().or(cmd.get_after_help()) {
        out.write_all(help_blocks(&text.to_string()).as_bytes())?;
    }
    if top {
        out.write_all(ENVIRONMENT.as_bytes())?;
    }
    if cmd.get_version().is_some() {
        append(&mut out, &man, Man::render_version_section)?;
    }
    Ok(out)
}

/// One clap_mangen section. Each comes with roff's apostrophe preamble, which the page needs
/// once, at the top.
fn append(
    out: &mut Vec<u8>,
    man: &Man,
    render: fn(&Man, &mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut section = Vec::new();
    render(man, &mut section)?;
    let body = match section.strip_prefix(APOSTROPHE_PREAMBLE.as_bytes()) {
        Some(body) if !out.is_empty() => body,
        _ => &section[..],
    };
    out.extend_from_slice(body);
    Ok(())
}

/// "Examples:\n  a\n  b" -> a `.SH EXAMPLES` section with the lines kept as written.
fn help_blocks(text: &str) -> String {
    let mut roff = String::new();
    let mut open = false;
    for line in text.lines() {
        let heading = line
            .strip_suffix(':')
            .filter(|_| !line.starts_with(' ') && !line.is_empty());
        if let Some(heading) = heading {
            if open {
                roff.push_str(".fi\n");
            }
            roff.push_str(&format!(".SH \"{}\"\n.nf\n", heading.to_uppercase()));
            open = true;
        } else if open && !line.trim().is_empty() {
            roff.push_str(&escape(line.trim_start()));
            roff.push('\n');
        }
    }
    if open {
        roff.push_str(".fi\n");
    }
    roff
}

/// Text safe on a roff line: backslashes and minus signs escaped, no line taken for a request.
fn escape(line: &str) -> String {
    let text = line.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with('.') || text.starts_with('\'') {
        format!("\\&{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_blocks_become_sections_with_lines_kept() {
        let roff = help_blocks("Examples:\n  a --b\n  .c\n\nExit codes:\n  0  done");
        assert_eq!(
            roff,
            ".SH \"EXAMPLES\"\n.nf\na \\-\\-b\n\\&.c\n.fi\n.SH \"EXIT CODES\"\n.nf\n0  done\n.fi\n"
        );
    }

    #[test]
    fn every_subcommand_page_has_its_examples() {
        let cmd = man_command();
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let text = String::from_utf8(page(sub, false).unwrap()).unwrap();
            assert_eq!(text.matches(APOSTROPHE_PREAMBLE).count(), 1);
            assert!(text.contains("\n.TH "), "{}", sub.get_name());
            assert!(text.contains(".SH \"EXAMPLES\""), "{}", sub.get_name());
        }
    }
}

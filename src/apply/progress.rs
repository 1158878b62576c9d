//! Progress on stderr: a bar when a person is watching, one plain line per statement otherwise.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use super::source::Step;

/// Where progress goes.
pub enum Progress {
    Bar(ProgressBar),
    Lines {
        total: usize,
        done: std::cell::Cell<usize>,
    },
    Quiet,
}

/// How to report progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A bar on a terminal, plain lines otherwise.
    Auto,
    Quiet,
}

impl Progress {
    pub fn new(mode: Mode, total: usize) -> Self {
        match mode {
            Mode::Quiet => Self::Quiet,
            Mode::Auto if std::io::stderr().is_terminal() => {
                let bar = ProgressBar::new(total as u64);
                if let Ok(style) = ProgressStyle::with_template(
                    "{elapsed_precise} [{bar:40}] {pos}/{len} statements ({per_sec}, eta {eta}) {msg}",
                ) {
                    bar.set_style(style.progress_chars("=> "));
                }
                Self::Bar(bar)
            }
            Mode::Auto => Self::Lines {
                total,
                done: std::cell::Cell::new(0),
            },
        }
    }

    /// One statement finished.
    pub fn done(&self, step: &Step, error: Option<&str>) {
        match self {
            Self::Bar(bar) => {
                bar.inc(1);
                if let Some(e) = error {
                    bar.println(format!("failed {}: {e}", step.location()));
                }
            }
            Self::Lines { total, done } => {
                done.set(done.get() + 1);
                let verdict = if error.is_some() { "failed" } else { "ok" };
                eprintln!("[{}/{total}] {verdict} {}", done.get(), step.location());
            }
            Self::Quiet => {}
        }
    }

    pub fn finish(&self) {
        if let Self::Bar(bar) = self {
            bar.finish();
        }
    }
}

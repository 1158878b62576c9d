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

    /// Every statement ran.
    pub fn finish(&self) {
        if let Self::Bar(bar) = self {
            bar.finish();
        }
    }

    /// The run stopped early: the bar stays where it got to (`finish` would fill it).
    pub fn abandon(&self) {
        if let Self::Bar(bar) = self {
            bar.abandon();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step() -> Step {
        Step {
            id: "f#0#x".into(),
            file: "f.sql".into(),
            index: 0,
            line: 1,
            text: "SELECT 1".into(),
            stmt: crate::sqlcheck::validate_statement("SELECT 1").unwrap(),
            context: 0,
        }
    }

    /// A run that stopped at 3 of 10 shows 3 of 10, not a full bar.
    #[test]
    fn a_stopped_run_leaves_the_bar_where_it_got_to() {
        for (stopped, want) in [(true, 3), (false, 10)] {
            let p = Progress::Bar(ProgressBar::hidden());
            if let Progress::Bar(b) = &p {
                b.set_length(10);
            }
            for _ in 0..3 {
                p.done(&step(), None);
            }
            if stopped {
                p.abandon()
            } else {
                p.finish()
            }
            let Progress::Bar(b) = &p else { unreachable!() };
            assert_eq!(b.position(), want);
        }
    }
}

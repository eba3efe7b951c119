//! Progress on stderr for work that takes more than a second (issue 13, item 5): reading a large
//! agency file or microdata file, importing, writing a batch of reports.
//!
//! One way to do it: [`Task`]. It draws an indicatif spinner (or a bar, when the amount of work is
//! known) on stderr only when stderr is a terminal, and only once the work has run for
//! [`DELAY`], so short runs, pipes, redirected output and tests print nothing. The line shows
//! what is being done, the elapsed time and, where known, a position ("3/12 files"); it is
//! cleared when the task is dropped, so what the command prints afterwards is all that remains.

use std::borrow::Cow;
use std::io::IsTerminal as _;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// How long work runs before its progress is shown.
pub const DELAY: Duration = Duration::from_secs(1);

/// How often a shown spinner is redrawn (it also redraws on every change).
const TICK: Duration = Duration::from_millis(120);

/// Where progress goes.
pub enum Output {
    /// Nowhere: stderr is not a terminal.
    Hidden,
    /// The terminal on stderr.
    Stderr,
    /// A terminal stand-in (tests).
    Term(Box<dyn TermLike>),
}

impl Output {
    /// Stderr when it is a terminal, else nowhere.
    pub fn detect() -> Output {
        if std::io::stderr().is_terminal() { Output::Stderr } else { Output::Hidden }
    }

    fn target(self) -> Option<ProgressDrawTarget> {
        match self {
            Output::Hidden => None,
            Output::Stderr => Some(ProgressDrawTarget::stderr()),
            Output::Term(term) => Some(ProgressDrawTarget::term_like(term)),
        }
    }
}

/// The style of every progress line: a spinner with the message and the elapsed time, or, when
/// the amount of work is known, a bar with "pos/len unit".
fn style(counted: bool) -> ProgressStyle {
    let template =
        if counted { "{bar:30} {pos}/{len} {prefix}, {elapsed} {msg}" } else { "{spinner} {msg} ({elapsed})" };
    // The templates are constants: a failure here is a typo caught by the tests.
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// A piece of long work whose progress is shown on stderr after [`DELAY`]; cleared on drop.
pub struct Task {
    bar: ProgressBar,
    /// Tells the thread that would reveal the bar that the work is done (on drop).
    reveal: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
}

impl Task {
    /// A spinner: `message` ("reading FILE (52 MB)") and the elapsed time.
    pub fn start(message: impl Into<Cow<'static, str>>) -> Task {
        Task::with(message, None, Output::detect(), DELAY)
    }

    /// A bar over `total` items named `unit` ("files", "reports"), advanced with [`Task::inc`].
    pub fn counted(message: impl Into<Cow<'static, str>>, total: u64, unit: &'static str) -> Task {
        Task::with(message, Some((total, unit)), Output::detect(), DELAY)
    }

    /// The general form: `counted` is (total, unit) for a bar; drawn on `output` after `delay`.
    pub fn with(
        message: impl Into<Cow<'static, str>>,
        counted: Option<(u64, &'static str)>,
        output: Output,
        delay: Duration,
    ) -> Task {
        let bar = match counted {
            Some((total, unit)) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
                .with_style(style(true))
                .with_prefix(unit),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(style(false)),
        }
        .with_message(message);
        let Some(target) = output.target() else {
            return Task { bar, reveal: None };
        };
        let (done, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        let reveal = std::thread::spawn(move || {
            // Done before the delay (or the task was dropped): nothing is ever drawn.
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(delay) {
                shown.set_draw_target(target);
                shown.enable_steady_tick(TICK);
            }
        });
        Task { bar, reveal: Some((done, reveal)) }
    }

    /// What is being done now ("converting FILE").
    pub fn set_message(&self, message: impl Into<Cow<'static, str>>) {
        self.bar.set_message(message);
    }

    /// One more item done.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Items done so far.
    pub fn set_position(&self, position: u64) {
        self.bar.set_position(position);
    }

    /// Run `f` (which prints to stderr) with the progress line out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        if let Some((done, reveal)) = self.reveal.take() {
            // The thread may have finished already (the bar is shown): then the send fails.
            let _ = done.send(());
            let _ = reveal.join();
        }
        self.bar.finish_and_clear();
    }
}

/// "12.3 MB" for a file's size, for messages like "reading FILE (12.3 MB)"; empty when unknown.
pub fn file_size(path: &std::path::Path) -> String {
    match std::fs::metadata(path) {
        Ok(m) if m.len() >= 1_000_000 => format!(" ({:.1} MB)", m.len() as f64 / 1e6),
        Ok(m) => format!(" ({} kB)", m.len().div_ceil(1000)),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A terminal that records what is written to it.
    #[derive(Debug, Clone, Default)]
    struct Recorder(Arc<Mutex<String>>);

    impl Recorder {
        fn text(&self) -> String {
            self.0.lock().map(|t| t.clone()).unwrap_or_default()
        }
        fn push(&self, s: &str) -> io::Result<()> {
            if let Ok(mut t) = self.0.lock() {
                t.push_str(s);
            }
            Ok(())
        }
    }

    impl TermLike for Recorder {
        fn width(&self) -> u16 {
            100
        }
        fn move_cursor_up(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> io::Result<()> {
            self.push(s)?;
            self.push("\n")
        }
        fn write_str(&self, s: &str) -> io::Result<()> {
            self.push(s)
        }
        fn clear_line(&self) -> io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn not_a_terminal_draws_nothing_and_starts_no_thread() {
        let task = Task::with("reading big.csv", Some((3, "files")), Output::Hidden, Duration::ZERO);
        assert!(task.reveal.is_none());
        task.inc(1);
        task.set_message("converting");
        assert!(task.bar.is_hidden());
    }

    #[test]
    fn stderr_of_a_test_is_not_a_terminal() {
        // cargo test captures stderr: the path every test and pipe takes.
        if !std::io::stderr().is_terminal() {
            assert!(matches!(Output::detect(), Output::Hidden));
        }
    }

    #[test]
    fn short_work_draws_nothing() {
        let term = Recorder::default();
        let task = Task::with("reading small.csv", None, Output::Term(Box::new(term.clone())), Duration::from_secs(5));
        task.set_message("converting small.csv");
        drop(task);
        assert_eq!(term.text(), "");
    }

    #[test]
    fn long_work_shows_message_position_and_time() {
        let term = Recorder::default();
        let task =
            Task::with("importing state.csv", Some((2, "files")), Output::Term(Box::new(term.clone())), Duration::ZERO);
        task.inc(1);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !term.text().contains("1/2 files") && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(task);
        let text = term.text();
        assert!(text.contains("1/2 files, 0s importing state.csv"), "{text:?}");
    }

    #[test]
    fn spinner_shows_message_and_elapsed_time() {
        let term = Recorder::default();
        let task = Task::with("reading big.csv (52.0 MB)", None, Output::Term(Box::new(term.clone())), Duration::ZERO);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !term.text().contains("big.csv") && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(task);
        assert!(term.text().contains("reading big.csv (52.0 MB) (0s)"), "{:?}", term.text());
    }

    #[test]
    fn sizes_in_messages() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![0u8; 1_500_000]).unwrap();
        assert_eq!(file_size(&path), " (1.5 MB)");
        std::fs::write(&path, vec![0u8; 1_500]).unwrap();
        assert_eq!(file_size(&path), " (2 kB)");
        assert_eq!(file_size(&dir.path().join("missing")), "");
    }
}

use std::process::ExitCode;

use clap::Parser;
use wagescope::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match wagescope::commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Print the chain ourselves: RUST_BACKTRACE=1 would make `main() -> Result` dump a backtrace.
            eprintln!("error: {}", wagescope::error::user_text(&error));
            ExitCode::from(wagescope::error::exit_code(&error))
        }
    }
}

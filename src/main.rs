//! The `briefing` binary: parse the command line, set up logging, hand over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = briefing::cli::Cli::parse();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("BRIEFING_LOG"))
        .with_writer(std::io::stderr)
        .try_init();
    match briefing::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}

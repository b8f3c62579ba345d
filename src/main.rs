//! The `briefing` binary: parse the command line, set up logging, hand over to the library.

/// mimalloc: glibc's per-thread arenas grow a page at a time (thousands of `mprotect` calls
/// when the scan and the build's workers allocate), and its small-object path is slower for
/// the many short strings analysis makes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = match briefing::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    briefing::cli::init_logging(&cli);
    briefing::cli::finish(briefing::cli::run(cli))
}

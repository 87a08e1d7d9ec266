//! The `faultline` command-line interface: a thin shell over the library.
//!
//! The command line is read in two stages, as ripgrep does: [`flags`] (what clap reads)
//! and [`config`] (checked and decided). Each command reads its inputs ([`load`]: a
//! description, a Terraform plan imported on the fly, a saved report, a baseline), calls
//! the library and renders its report. The exit codes are in one table, in [`exit`].

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser as _;

/// mimalloc instead of the system allocator: the engine makes many small, short-lived
/// strings, vectors and chain links, and glibc's `malloc` and `free` were about a fifth
/// of the instructions of `score` and `suggest`. The reports are the same bytes with
/// either (docs/performance.md, "Twenty-first pass"). The library and the WebAssembly
/// module keep their callers' allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `print!` that never panics: a closed pipe (`faultline score | head`) stops the output
/// quietly and the exit code still reports the result; any other write error is reported
/// once on stderr. Shadows the standard macro for the whole crate.
macro_rules! print {
    ($($arg:tt)*) => { $crate::emit(format_args!($($arg)*)) };
}

/// `println!` would panic on a closed pipe (`faultline score --format json | head` did):
/// the crate writes `print!("\n")` instead, and this stops a new use at compile time.
#[allow(unused_macros)]
macro_rules! println {
    ($($arg:tt)*) => {
        compile_error!("use `print!(\"...\\n\")`: `println!` panics when stdout is closed")
    };
}

mod apply;
mod check;
mod config;
mod diff;
mod exit;
mod flags;
mod import;
mod load;
mod other;
mod score;

use config::{Config, Job};
use exit::Exit;

/// Whether stdout refused a write other than a closed pipe (a full disk): the output is
/// incomplete, so the command must not exit 0 ([`main`]).
static OUTPUT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn emit(args: std::fmt::Arguments) {
    use std::io::Write as _;
    use std::sync::atomic::{AtomicBool, Ordering};
    static CLOSED: AtomicBool = AtomicBool::new(false);
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            OUTPUT_FAILED.store(true, Ordering::Relaxed);
            eprintln!("faultline: cannot write the output: {e}");
        }
    }
}

/// Pretty JSON with a final newline.
fn json<T: serde::Serialize>(value: &T) -> String {
    use faultline::render::json::{Style, to_string};
    let mut s = to_string(value, Style::Pretty).unwrap_or_default();
    s.push('\n');
    s
}

fn main() -> ExitCode {
    let result = Config::from_flags(flags::Cli::parse()).and_then(run);
    match result {
        // A report cut short by a full disk is not a success, whatever it said.
        Ok(_) if OUTPUT_FAILED.load(std::sync::atomic::Ordering::Relaxed) => {
            ExitCode::from(exit::EXIT_UNREADABLE)
        }
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprint!("{}", e.message);
            if !e.message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(e.code)
        }
    }
}

fn run(config: Config) -> Result<u8, Exit> {
    let Config {
        limits,
        catalogue,
        threads,
        job,
    } = config;
    if let Job::Schema { draft } = job {
        return Ok(other::schema(draft));
    }
    let cat = load::load_catalogue(catalogue.as_deref())?;
    let engine = faultline::Engine::new(&cat, limits);
    match job {
        Job::Schema { draft } => Ok(other::schema(draft)),
        Job::Catalogue { format } => other::catalogue(&cat, format),
        Job::Explain { id } => other::explain(&cat, &id),
        Job::Check {
            files,
            overlay,
            format,
        } => check::run(&engine, &files, overlay.as_deref(), format),
        Job::Score {
            file,
            overlay,
            format,
            min_score,
            top,
            advice,
            baseline,
        } => score::run(
            &engine,
            &score::Options {
                file: file.as_deref(),
                overlay: overlay.as_deref(),
                format,
                min_score,
                top,
                advice,
                baseline: &baseline,
                threads,
            },
        ),
        Job::Diff {
            base,
            head,
            overlay,
            base_overlay,
            format,
            fail_on,
            mitigations,
            title,
            baseline,
        } => diff::run(
            &engine,
            &diff::Options {
                base: &base,
                head: &head,
                overlay: overlay.as_deref(),
                base_overlay: base_overlay.as_deref(),
                format,
                fail_on: &fail_on,
                mitigations,
                title: title.as_deref(),
                baseline: &baseline,
                threads,
            },
        ),
        Job::Baseline {
            files,
            overlay,
            output,
            reason,
            expires,
        } => score::write_baseline(
            &engine,
            &files,
            overlay.as_deref(),
            &output,
            reason.as_deref(),
            expires,
        ),
        Job::ImportTerraform {
            file,
            overlay,
            output,
            format,
        } => import::terraform(
            &engine,
            &file,
            overlay.as_deref(),
            output.as_deref(),
            format,
        ),
        Job::Suggest {
            file,
            overlay,
            top,
            format,
            apply,
        } => {
            let loaded = load::load(&file, overlay.as_deref(), &engine)?;
            match apply {
                Some(a) => apply::run(&loaded, &a),
                None => other::suggest(&loaded, top, format, threads),
            }
        }
        Job::Simulate {
            file,
            overlay,
            request,
            format,
        } => other::simulate(&engine, &file, overlay.as_deref(), &request, format),
        Job::Replay {
            file,
            overlay,
            incident,
            format,
        } => other::replay(
            &engine,
            &file,
            overlay.as_deref(),
            incident.as_deref(),
            format,
        ),
        Job::Risk {
            file,
            overlay,
            options,
            top,
            format,
        } => other::risk(&engine, &file, overlay.as_deref(), &options, top, format),
        Job::Export {
            file,
            overlay,
            format,
            mark,
        } => other::export(&engine, &file, overlay.as_deref(), format, mark.as_ref()),
    }
}

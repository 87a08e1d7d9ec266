//! The exit codes, in one place (also printed by `faultline --help`, and in the README and
//! docs/ci.md):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | an input has errors: the description (diagnostics of error severity, unknown fields, wrong types), a Terraform overlay, a baseline or a catalogue file |
//! | 2 | unreadable input, a syntax error, or bad command-line arguments; or the output could not be written (a full disk; a reader that closes the pipe early, as `head` does, is not an error) |
//! | 3 | the score is below `--min-score` |
//! | 4 | a `diff --fail-on` condition holds |
//! | 5 | `suggest --apply` could not write the change as a minimal patch (nothing written; `--rewrite` writes the whole description) |

use faultline::{Error, ErrorKind};

/// 0: success.
pub const EXIT_OK: u8 = 0;
/// 1: an input has errors.
pub const EXIT_INVALID: u8 = 1;
/// 2: unreadable input, a syntax error, bad arguments, output that cannot be written.
pub const EXIT_UNREADABLE: u8 = 2;
/// 3: the score is below `--min-score`.
pub const EXIT_BELOW_MIN: u8 = 3;
/// 4: a `diff --fail-on` condition holds.
pub const EXIT_GATE: u8 = 4;
/// 5: `--apply` could not patch the text (and `--rewrite` was not given).
pub const EXIT_NOT_PATCHED: u8 = 5;

/// The table above, for `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes: 0 success; 1 an input has errors (description, overlay, baseline, catalogue); \
2 unreadable input, syntax error, bad arguments or unwritable output; 3 score below --min-score; \
4 a diff --fail-on condition holds; 5 --apply could not write a minimal patch (see --rewrite).";

/// A failure that ends the command with an exit code after printing `message` on stderr.
#[derive(Debug)]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

/// An [`Exit`].
pub fn fail(code: u8, message: impl Into<String>) -> Exit {
    Exit {
        code,
        message: message.into(),
    }
}

/// The exit code of a library error.
pub fn exit_code(e: &Error) -> u8 {
    match e.kind() {
        ErrorKind::Syntax | ErrorKind::Request => EXIT_UNREADABLE,
        ErrorKind::Limit | ErrorKind::Import if e.is_unreadable() => EXIT_UNREADABLE,
        _ => EXIT_INVALID,
    }
}

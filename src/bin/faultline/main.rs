//! The `faultline` command-line interface.
fn main() {
    println!("faultline {}", env!("CARGO_PKG_VERSION"));
}

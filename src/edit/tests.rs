//! Hand-written cases, one per style rule of the module documentation.

use super::*;
use crate::model::{Dependency, Placement, Zones};

fn arch(text: &str, format: Format) -> Architecture {
    parse(text, format).unwrap_or_else(|e| panic!("{e}\n{text}")).architecture
}

/// Patches `text` with what `change` does to its model; checks the result parses to it.
fn patched(text: &str, change: impl FnOnce(&mut Architecture)) -> String {
    let format = Format::detect(None, text);
    let mut a = arch(text, format);
    change(&mut a);
    let p = patch(text, format, &a).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(arch(&p.text, format), a);
    p.text
}

const BLOCK: &str = "\
# top comment
version: 1
name: shop   # the name

components:
  - id: web   # the web tier
    kind: compute
    provider: aws
    regions:
      - us-east-1
    depends_on:
      - db
  # the database
  - id: db
    kind: database
    provider: aws
    regions: [us-east-1]
";

#[test]
fn a_scalar_changes_in_place() {
    let t = patched(BLOCK, |a| a.name = "store".into());
    assert_eq!(t, BLOCK.replace("name: shop ", "name: store"));
}

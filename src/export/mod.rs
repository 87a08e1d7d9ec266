//! Exports for other tools: each journey's fault tree as Open-PSA MEF XML (for PRA tools
//! such as SCRAM) and the dependency / fault-domain graph as Graphviz DOT.
//!
//! Both are plain string building with a deterministic order: the same description gives
//! the same bytes, natively and in WebAssembly.

pub mod dot;
pub mod openpsa;

use crate::engine::Prepared;
use crate::error::Error;
use crate::report::SimulateRequest;

/// What [`Prepared::export`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportFormat {
    /// Open-PSA Model Exchange Format XML: one fault tree per journey (for SCRAM and other
    /// probabilistic risk assessment tools).
    OpenPsa,
    /// Graphviz DOT: journeys, components, `any_of` groups and the fault domains they rest
    /// on.
    Dot,
}

impl Prepared<'_> {
    /// Writes the fault trees or the graph. With `mark` (DOT only), the graph is marked with
    /// what that simulated scenario fails and takes down.
    ///
    /// # Errors
    ///
    /// The errors of [`Prepared::simulate`] for `mark`; a `bad-options` request error when
    /// `mark` is given for Open-PSA.
    pub fn export(
        &self,
        format: ExportFormat,
        mark: Option<&SimulateRequest>,
    ) -> Result<String, Error> {
        match format {
            ExportFormat::OpenPsa => {
                if mark.is_some() {
                    return Err(Error::request(
                        crate::diagnostic::Code::BadOptions,
                        "a simulated scenario marks the graph: it goes with the DOT export",
                    ));
                }
                Ok(openpsa::write(&self.fault_trees()))
            }
            ExportFormat::Dot => {
                let simulation = mark.map(|m| self.simulate(m)).transpose()?;
                Ok(dot::write(self, simulation.as_ref()))
            }
        }
    }
}

/// Escapes text for XML attribute values and element content.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0; tabs and newlines become spaces
            // (labels are single-line in Open-PSA).
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escape_covers_markup_and_controls() {
        assert_eq!(
            super::xml_escape("a<b>&\"c'\n"),
            "a&lt;b&gt;&amp;&quot;c&apos; "
        );
    }
}

//! The commands that print one library report as it is: schema, catalogue, explain,
//! suggest (without `--apply`), simulate, replay, risk, export.

use faultline::catalogue::{Catalogue, render as catalogue_render};
use faultline::export::ExportFormat as CoreExport;
use faultline::{Engine, RiskOptions, SimulateRequest, render};

use crate::exit::{EXIT_OK, EXIT_UNREADABLE, Exit, exit_code, fail};
use crate::flags::{CatalogueFormat, ExportFormat, PlainFormat, SchemaDraft, SuggestFormat};
use crate::json;
use crate::load::{Loaded, load};

pub fn schema(draft: SchemaDraft) -> u8 {
    match draft {
        SchemaDraft::Draft2020_12 => print!("{}", faultline::schema::json_schema()),
        SchemaDraft::Draft07 => print!("{}", schema_draft_07()),
    }
    EXIT_OK
}

/// The JSON Schema of the description in draft-07, the draft the YAML language server and
/// SchemaStore read (`pkg-config/faultline.schema.draft-07.json`).
pub fn schema_draft_07() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<faultline::model::Architecture>();
    json(&schema)
}

pub fn catalogue(cat: &Catalogue, format: CatalogueFormat) -> Result<u8, Exit> {
    match format {
        CatalogueFormat::Text => print!("{}", catalogue_render::text(cat)),
        CatalogueFormat::Json => print!("{}", json(cat)),
        CatalogueFormat::Markdown => print!("{}", catalogue_render::markdown(cat)),
    }
    Ok(EXIT_OK)
}

pub fn explain(cat: &Catalogue, id: &str) -> Result<u8, Exit> {
    match faultline::catalogue::explain(cat, id) {
        Some(text) => {
            print!("{text}");
            Ok(EXIT_OK)
        }
        None => Err(fail(
            EXIT_UNREADABLE,
            format!("error: no pattern or incident `{id}` (`faultline catalogue` lists them)"),
        )),
    }
}

fn request_failure(e: faultline::Error) -> Exit {
    fail(exit_code(&e), format!("error: {e}"))
}

pub fn suggest(
    loaded: &Loaded,
    top: Option<usize>,
    format: SuggestFormat,
    threads: usize,
) -> Result<u8, Exit> {
    let options = faultline::mitigate::SuggestOptions { top, threads };
    let report = loaded.prepared.suggest(&options);
    match format {
        SuggestFormat::Text => print!("{}", render::suggest::text(&report)),
        SuggestFormat::Json => print!("{}", json(&report)),
        SuggestFormat::Markdown => print!("{}", render::suggest::markdown(&report)),
    }
    Ok(EXIT_OK)
}

pub fn simulate(
    engine: &Engine,
    file: &str,
    overlay: Option<&str>,
    request: &SimulateRequest,
    format: PlainFormat,
) -> Result<u8, Exit> {
    let loaded = load(file, overlay, engine)?;
    let report = loaded.prepared.simulate(request).map_err(request_failure)?;
    match format {
        PlainFormat::Text => print!("{}", render::text::simulate(&report)),
        PlainFormat::Json => print!("{}", json(&report)),
    }
    Ok(EXIT_OK)
}

pub fn replay(
    engine: &Engine,
    file: &str,
    overlay: Option<&str>,
    incident: Option<&str>,
    format: PlainFormat,
) -> Result<u8, Exit> {
    let loaded = load(file, overlay, engine)?;
    let report = loaded.prepared.replay(incident).map_err(request_failure)?;
    match format {
        PlainFormat::Text => print!("{}", render::text::replay(&report)),
        PlainFormat::Json => print!("{}", json(&report)),
    }
    Ok(EXIT_OK)
}

pub fn risk(
    engine: &Engine,
    file: &str,
    overlay: Option<&str>,
    options: &RiskOptions,
    top: usize,
    format: PlainFormat,
) -> Result<u8, Exit> {
    let loaded = load(file, overlay, engine)?;
    let report = loaded.prepared.risk(options);
    match format {
        PlainFormat::Text => print!("{}", render::risk::risk(&report, top)),
        PlainFormat::Json => print!("{}", json(&report)),
    }
    Ok(EXIT_OK)
}

pub fn export(
    engine: &Engine,
    file: &str,
    overlay: Option<&str>,
    format: ExportFormat,
    mark: Option<&SimulateRequest>,
) -> Result<u8, Exit> {
    let loaded = load(file, overlay, engine)?;
    let core = match format {
        ExportFormat::OpenPsa => CoreExport::OpenPsa,
        ExportFormat::Dot => CoreExport::Dot,
    };
    let out = loaded
        .prepared
        .export(core, mark)
        .map_err(request_failure)?;
    print!("{out}");
    Ok(EXIT_OK)
}

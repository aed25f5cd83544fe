//! Turns the translation catalogues in `locales/` into the `i18n` module: one typed accessor per
//! key, checked at compile time in every crate that renders text.
//!
//! This is what `leptos_i18n_build::TranslationsInfos::generate_i18n_module` does, called through
//! the two crates it wraps. `leptos_i18n` already compiles both for its macros; the wrapper itself
//! would add about 120 crates (ICU data export with a network client and a WASM interpreter)
//! that a build using the compiled ICU data never calls, and it would add them twice: for the
//! server and for the browser build.

use std::{error::Error, fs, path::PathBuf};

use leptos_i18n_parser::parse_locales::{
    options::{Config, ParseOptions},
    parse_locales,
};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
    // One file per language, `locales/<tag>.json`, with a section per part of the product.
    // English is the default and the reference: every key must exist in it.
    let config = Config::new("en")?
        .add_locale("zh")?
        .add_locale("nl")?
        // Labels that go into attributes (`placeholder`, `aria-label`, the page title) need
        // interpolated keys as plain strings too.
        .parse_options(ParseOptions::default().interpolate_display(true));
    let locales = parse_locales(None, config)?;
    for warning in locales.diag.warnings().iter() {
        println!("cargo::warning={warning}");
    }
    for error in locales.diag.errors().iter() {
        println!("cargo::error={error}");
    }
    for path in locales.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    let module = leptos_i18n_codegen::gen_code(&locales, None, false, None, true)?;
    let module_dir = out_dir.join("i18n");
    fs::create_dir_all(&module_dir)?;
    fs::write(module_dir.join("mod.rs"), module.to_string())?;
    Ok(())
}

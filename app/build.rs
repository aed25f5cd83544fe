//! Turns the translation catalogues in `locales/` into the `i18n` module: one typed accessor per
//! key, checked at compile time in every crate that renders text.

use std::{error::Error, path::PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

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
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}

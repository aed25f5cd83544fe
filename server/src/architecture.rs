//! The dependency rules of `server/src`, checked on the source itself: the top-level modules
//! import one another one way only (no cycles), the domain speaks no wire language, and the
//! gateway emulator stays apart from the product.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

/// Top-level module → the top-level modules its files name through `crate::`.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file below `path` (or `path` itself).
fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(path)
        .expect("a readable source directory")
        .flatten()
    {
        files.extend(rust_files(&entry.path()));
    }
    files.retain(|file| file.extension().is_some_and(|ext| ext == "rs"));
    files
}

/// The top-level modules: `src/<name>.rs` and `src/<name>/`, but not the crate roots.
fn top_level_modules() -> BTreeMap<String, PathBuf> {
    let mut modules = BTreeMap::new();
    for entry in fs::read_dir(source_dir()).expect("server/src").flatten() {
        let path = entry.path();
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_owned();
        if name != "lib" && name != "main" {
            modules.insert(name, path);
        }
    }
    modules
}

/// The first path segments after each `crate::` in `text`, including those inside
/// `use crate::{a::…, b, …}` groups.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut segment = String::new();
            let mut at_item_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => at_item_start = true,
                    c if at_item_start && (c.is_alphanumeric() || c == '_') => segment.push(c),
                    _ if !segment.is_empty() => {
                        named.insert(std::mem::take(&mut segment));
                        at_item_start = false;
                    }
                    _ => {}
                }
            }
            if !segment.is_empty() {
                named.insert(segment);
            }
        } else {
            let segment: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            named.insert(segment);
        }
    }
    named
}

fn module_graph() -> Graph {
    let modules = top_level_modules();
    let mut graph = Graph::new();
    for (name, path) in &modules {
        let mut imports = BTreeSet::new();
        for file in rust_files(path) {
            let text = fs::read_to_string(&file).expect("a readable source file");
            imports.extend(
                crate_paths(&text)
                    .into_iter()
                    .filter(|other| other != name && modules.contains_key(other)),
            );
        }
        graph.insert(name.clone(), imports);
    }
    graph
}

/// A cycle through the graph, if there is one, as the modules along it.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|seen| seen == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_top_level_modules_import_one_another_one_way_only() {
    let graph = module_graph();
    assert!(
        graph.contains_key("domain") && graph.contains_key("store"),
        "{graph:?}"
    );
    assert_eq!(find_cycle(&graph), None, "module graph: {graph:#?}");
}

#[test]
fn the_domain_speaks_neither_wire_types_nor_wire_errors() {
    for file in rust_files(&source_dir().join("domain")) {
        let text = fs::read_to_string(&file).expect("a readable source file");
        for wire in ["app::dto", "dto::", "AppError", "crate::http"] {
            assert!(!text.contains(wire), "{} names {wire}", file.display());
        }
    }
}

#[test]
fn only_startup_knows_the_emulator_and_it_knows_no_product_module() {
    let graph = module_graph();
    for (module, imports) in &graph {
        if module != "startup" {
            assert!(
                !imports.contains("emulator"),
                "{module} depends on the emulator"
            );
        }
    }
    let allowed: BTreeSet<String> = ["clock", "config", "providers"].map(str::to_owned).into();
    let emulator = graph.get("emulator").cloned().unwrap_or_default();
    assert!(
        emulator.is_subset(&allowed),
        "the emulator depends on {emulator:?}"
    );
}

#[test]
fn cycles_and_grouped_imports_are_found() {
    assert_eq!(
        crate_paths("use crate::{clock::Clock, store::{Db, x}, random};\ncrate::mac::f();"),
        ["clock", "mac", "random", "store"]
            .map(str::to_owned)
            .into()
    );
    let graph: Graph = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_owned(), BTreeSet::from([to.to_owned()])))
        .collect();
    assert_eq!(
        find_cycle(&graph),
        Some(["a", "b", "c", "a"].map(str::to_owned).to_vec())
    );
}

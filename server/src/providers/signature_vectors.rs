//! The vendor-checked signature vectors in `server/testdata/signature-vectors.json`, which the
//! signing tests of every provider read.

use serde_json::Value;

/// The vector called `name`.
pub fn vector(name: &str) -> Value {
    let vectors: Value =
        serde_json::from_str(include_str!("../../testdata/signature-vectors.json"))
            .expect("the vectors are JSON");
    vectors[name].clone()
}

/// A text field of a vector.
pub fn text<'a>(vector: &'a Value, field: &str) -> &'a str {
    vector[field].as_str().expect("a text field")
}

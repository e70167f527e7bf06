//! Generates the pet store client into `$OUT_DIR/petstore.rs` on every
//! change of `petstore.yaml` or `schemas/pet.yaml` (the generator prints the
//! `cargo:rerun-if-changed` lines, and its repair warnings as Cargo warnings).

fn main() {
    // `catalog(true)`: the operation catalog too (`petstore::catalog`).
    let generator = generator::Generator::new("petstore.yaml").catalog(true);
    if let Err(error) = generator.build_script("petstore.rs") {
        // Names the file and the line or JSON pointer at fault.
        panic!("{error}");
    }
}

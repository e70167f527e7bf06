//! A client generated at build time (see `build.rs`) and included in a
//! module of this crate: `cargo run -p build-script-example -- URL [PET_ID]`
//! lists the pets of the server at URL and the API's operations, then shows
//! one pet.

/// The generated client: the file holds items only (no inner attributes, no
/// `crate::` paths), so it fits in any module.
mod petstore {
    include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
}

use petstore::{Client, Error, pets::ListPetsOptions};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let base_url = args
        .next()
        .unwrap_or_else(|| "http://localhost:8080".to_owned());
    let client = Client::builder().base_url(base_url).build()?;

    let options = ListPetsOptions::default().with_limit(10);
    for pet in client.pets().list(&options).await? {
        println!("{} {}", pet.id, pet.name);
    }
    // The catalog: every operation with its metadata, for generic callers.
    let operations: Vec<&str> = petstore::catalog::operations()
        .iter()
        .map(|op| op.id)
        .collect();
    println!("operations: {}", operations.join(", "));
    if let Some(id) = args.next() {
        match client.pets().show_by_id(&id, &Default::default()).await {
            Ok(pet) => println!("found {}: {}", pet.id, pet.name),
            // The message ends with the document's `x-error-hint`.
            Err(error) if error.is_not_found() => println!("{error}"),
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

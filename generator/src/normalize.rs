//! Normalisation: see the module body.

//! The model: see the module body.

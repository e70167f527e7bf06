//! n8n node properties exactly as `@devlikeapro/n8n-openapi-node` 0.1.4
//! builds them (see `../shared/n8n/MAPPING.md` for the algorithm), reading the
//! raw document as the package does.

pub mod startcase;
pub mod stringify;

//! Typed client for the WhatsApp HTTP API.
#![forbid(unsafe_code)]

//! TLS: rustls with the `ring` crypto provider.
//!
//! reqwest's `rustls` feature brings rustls' default provider, `aws-lc-rs`,
//! whose `aws-lc-sys` builds a C library with cmake: most of an
//! application's clean build. The runtime takes reqwest's
//! `rustls-no-provider` and rustls' `ring` provider instead (assembly and a
//! little C through the `cc` crate, no cmake), and installs it as the
//! process's default when no other is installed. Server certificates are
//! checked against the system's roots (`rustls-platform-verifier`), plus any
//! given with [`crate::ClientBuilder::root_certificate_pem`].

/// Installs rustls' `ring` provider as the process's default crypto
/// provider, unless one is installed already (then that one is kept).
///
/// [`crate::ClientBuilder::build`] calls it. Call it yourself before
/// building a `reqwest::Client` of your own (for
/// [`crate::ClientBuilder::http_client`]): reqwest built without a provider
/// of its own panics when none is installed.
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one between the check and here; then
        // that one stays, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

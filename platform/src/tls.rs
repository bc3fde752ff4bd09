//! TLS for outgoing HTTP (webhooks, traces): rustls with the ring provider, which Stripe and
//! mail already use, installed as the process's default so every client finds it.

/// Installs ring as the process's rustls provider; later calls (and an already installed
/// provider) leave it as it is. Call before building any HTTP client.
pub fn install_default_provider() {
    // Err only when a provider is installed already, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

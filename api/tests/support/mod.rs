//! What the tests that run the `api` binary share.

use std::time::Duration;

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// An HTTP client (with the process's TLS provider installed, as the binaries do).
pub fn client() -> reqwest::Client {
    platform::tls::install_default_provider();
    reqwest::Client::new()
}

/// Whether `base` answers `/readyz` within 10 s.
pub async fn became_ready(client: &reqwest::Client, base: &str) -> bool {
    for _ in 0..200 {
        if client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

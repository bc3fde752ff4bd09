//! Cache, pub/sub and rate limits behind one interface: Redis when `REDIS_URL` is set (shared
//! by every replica), in-process otherwise (the embedded single-node default).

mod breaker;
mod fanout;
mod memory;
mod redis;

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

pub use self::memory::MemoryBackend;
pub use self::redis::RedisBackend;

/// What a backend must provide. Keys and channels are given without the deployment prefix.
#[async_trait::async_trait]
pub trait Backend: Send + Sync {
    async fn get(&self, key: &str) -> anyhow::Result<Option<String>>;
    async fn set(&self, key: &str, value: &str, ttl: Duration) -> anyhow::Result<()>;
    async fn delete(&self, key: &str) -> anyhow::Result<()>;
    /// Counts a hit in the fixed window named `key`; returns the count so far and the time
    /// until the window resets.
    async fn hit(&self, key: &str, window: Duration) -> anyhow::Result<(u64, Duration)>;
    /// Delivers `payload` to every subscriber of `channel`, on every replica.
    async fn publish(&self, channel: &str, payload: &str) -> anyhow::Result<()>;
    /// Messages published to `channel` from now on (a slow receiver may miss some: `Lagged`).
    fn subscribe(&self, channel: &str) -> broadcast::Receiver<Arc<str>>;
    /// The messages this process received on `channel` since `since` (up to a few seconds
    /// back), then every later one: a subscription that starts when its client asked for it,
    /// however long setting it up took.
    fn subscribe_since(
        &self,
        channel: &str,
        since: Instant,
    ) -> (Vec<Arc<str>>, broadcast::Receiver<Arc<str>>);
    async fn ping(&self) -> anyhow::Result<()>;
}

/// A limit of `limit` hits per `window`.
#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    pub limit: u64,
    pub window: Duration,
}

/// The cache/bus handle the api and worker share. Cheap to clone.
#[derive(Clone)]
pub struct Bus {
    backend: Arc<dyn Backend>,
    kind: &'static str,
}

impl Bus {
    pub fn in_process() -> Self {
        Self {
            backend: Arc::new(MemoryBackend::default()),
            kind: "in-process",
        }
    }

    /// Connects to Redis (when it answers) and starts listening for published messages.
    ///
    /// # Errors
    /// When `url` is not a Redis URL (an unreachable Redis is not an error: see
    /// [`RedisBackend`]).
    pub async fn redis(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let backend = RedisBackend::connect(url, prefix).await?;
        Ok(Self {
            backend: Arc::new(backend),
            kind: "redis",
        })
    }

    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Counts a hit against `limit` under `key`.
    ///
    /// # Errors
    /// `Ok(Err(retry_after))` when over the limit; `Err` when the backend fails.
    pub async fn check_rate(
        &self,
        key: &str,
        limit: RateLimit,
    ) -> anyhow::Result<Result<(), Duration>> {
        let (count, reset_in) = self.backend.hit(key, limit.window).await?;
        Ok(if count > limit.limit {
            Err(reset_in)
        } else {
            Ok(())
        })
    }
}

impl std::ops::Deref for Bus {
    type Target = dyn Backend;

    fn deref(&self) -> &Self::Target {
        self.backend.as_ref()
    }
}

//! The Redis backend: shared cache and counters, and pub/sub across api replicas.
//!
//! One pattern subscription per process feeds a local fan-out, so a thousand WebSocket
//! subscribers cost one Redis connection, not a thousand.
//!
//! Redis is a cache here, never a dependency the api cannot serve without. While it cannot
//! be reached (a [`Breaker`] then skips it for a second at a time, so requests do not each
//! wait for its timeout): reads miss and callers go to the database, rate limits are counted
//! in this process, and messages published here still reach this process's subscribers. The
//! subscription reconnects by itself within seconds of Redis returning. Starting while Redis
//! is away is allowed too (a malformed `REDIS_URL` still stops the start).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use futures::StreamExt as _;
use redis::AsyncCommands as _;
use redis::aio::ConnectionManager;
use tokio::sync::{broadcast, oneshot};

use super::breaker::{Breaker, Change};
use super::fanout::Fanout;
use super::{Backend, MemoryBackend};

const HIT_SCRIPT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
";

/// How long calls skip Redis after failing to reach it.
const COOL_DOWN: Duration = Duration::from_secs(1);
/// The longest pause between the subscription's reconnect attempts.
const MAX_RESUBSCRIBE_DELAY: Duration = Duration::from_secs(2);
/// How long a start waits for the subscription before going on without Redis.
const START_WAIT: Duration = Duration::from_secs(5);

pub struct RedisBackend {
    conn: ConnectionManager,
    prefix: String,
    fanout: Arc<Fanout>,
    hit_script: redis::Script,
    breaker: Breaker,
    /// Whether the pattern subscription is in place (else publishing also delivers here).
    subscribed: Arc<AtomicBool>,
    /// Rate-limit counters while Redis is away (per process, so per replica).
    local: MemoryBackend,
}

impl RedisBackend {
    /// # Errors
    /// When `url` is not a Redis URL. An unreachable Redis is not an error: the backend
    /// starts degraded and connects when Redis answers.
    pub async fn connect(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url).context("REDIS_URL is not a valid Redis URL")?;
        // Fail fast when Redis is away: callers fall back (the cache is an optimisation) rather
        // than hold requests for the default reconnect schedule.
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_response_timeout(Some(Duration::from_secs(1)))
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(200));
        let conn = ConnectionManager::new_lazy_with_config(client.clone(), config)
            .context("REDIS_URL: cannot set up the Redis connection")?;
        let fanout = Arc::new(Fanout::default());
        let subscribed = Arc::new(AtomicBool::new(false));
        let (ready_tx, ready_rx) = oneshot::channel();
        tokio::spawn(listen(
            client,
            format!("{prefix}bus:"),
            Arc::downgrade(&fanout),
            subscribed.clone(),
            ready_tx,
        ));
        let backend = Self {
            conn,
            prefix: prefix.to_owned(),
            fanout,
            hit_script: redis::Script::new(HIT_SCRIPT),
            breaker: Breaker::new(COOL_DOWN),
            subscribed,
            local: MemoryBackend::default(),
        };
        match tokio::time::timeout(START_WAIT, ready_rx).await {
            Ok(Ok(Ok(()))) => {}
            outcome => {
                let error = match outcome {
                    Ok(Ok(Err(error))) => format!("{error:#}"),
                    _ => "no answer".to_owned(),
                };
                tracing::warn!(
                    error,
                    "Redis cannot be reached at start; serving without it (caches miss, rate \
                     limits count per replica, live events stay on this replica) until it answers"
                );
                backend.breaker.failed();
            }
        }
        Ok(backend)
    }

    fn key(&self, kind: &str, key: &str) -> String {
        format!("{}{kind}:{key}", self.prefix)
    }

    /// Runs `op` on Redis unless the breaker is open, and tells the breaker how it went.
    async fn call<T, F, Fut>(&self, op: F) -> anyhow::Result<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        if self.breaker.is_open() {
            anyhow::bail!("Redis is unavailable (not tried during the cool-down)");
        }
        match op(self.conn.clone()).await {
            Ok(value) => {
                if self.breaker.succeeded() == Change::CameBack {
                    tracing::info!("Redis answers again");
                }
                Ok(value)
            }
            Err(error) => {
                if is_unreachable(&error) && self.breaker.failed() == Change::WentDown {
                    tracing::warn!(
                        error = %error,
                        "Redis unavailable: serving without it (caches miss, rate limits count \
                         per replica, live events stay on this replica)"
                    );
                }
                Err(error.into())
            }
        }
    }
}

/// Whether `error` says Redis could not be reached (rather than refused one command).
fn is_unreachable(error: &redis::RedisError) -> bool {
    error.is_io_error()
        || error.is_timeout()
        || error.is_connection_refusal()
        || error.is_connection_dropped()
        || error.is_unrecoverable_error()
}

/// Forwards every message on `{channel_prefix}*` to the local fan-out, reconnecting with
/// back-off (at most [`MAX_RESUBSCRIBE_DELAY`] apart), until the backend is dropped. `ready`
/// hears how the first attempt went.
async fn listen(
    client: redis::Client,
    channel_prefix: String,
    fanout: Weak<Fanout>,
    subscribed: Arc<AtomicBool>,
    ready: oneshot::Sender<anyhow::Result<()>>,
) {
    let mut ready = Some(ready);
    let mut failures = 0u32;
    loop {
        let attempt = async {
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.psubscribe(format!("{channel_prefix}*")).await?;
            Ok::<_, redis::RedisError>(pubsub)
        };
        let pubsub = match tokio::time::timeout(Duration::from_secs(2), attempt).await {
            Ok(Ok(pubsub)) => pubsub,
            outcome => {
                let error = match outcome {
                    Ok(Err(error)) => error.to_string(),
                    _ => "timed out".to_owned(),
                };
                if let Some(ready) = ready.take() {
                    let _ = ready.send(Err(anyhow::anyhow!(error.clone())));
                }
                failures = failures.saturating_add(1);
                if failures == 1 || failures.is_multiple_of(30) {
                    tracing::warn!(error, failures, "Redis pub/sub: cannot subscribe; retrying");
                }
                tokio::time::sleep(crate::backoff(failures).min(MAX_RESUBSCRIBE_DELAY)).await;
                if fanout.strong_count() == 0 {
                    return;
                }
                continue;
            }
        };
        if failures > 0 {
            tracing::info!("Redis pub/sub subscribed again");
        }
        failures = 0;
        subscribed.store(true, Ordering::Release);
        if let Some(ready) = ready.take() {
            let _ = ready.send(Ok(()));
        }
        let mut messages = pubsub.into_on_message();
        while let Some(message) = messages.next().await {
            let Some(fanout) = fanout.upgrade() else {
                return;
            };
            let Some(channel) = message.get_channel_name().strip_prefix(&channel_prefix) else {
                continue;
            };
            match message.get_payload::<String>() {
                Ok(payload) => fanout.deliver(channel, Arc::from(payload)),
                Err(error) => tracing::warn!(error = %error, "unreadable bus message"),
            }
        }
        subscribed.store(false, Ordering::Release);
        if fanout.strong_count() == 0 {
            return;
        }
        tracing::warn!("Redis pub/sub connection lost; reconnecting");
    }
}

#[async_trait::async_trait]
impl Backend for RedisBackend {
    async fn get(&self, key: &str) -> anyhow::Result<Option<String>> {
        let key = self.key("cache", key);
        self.call(|mut conn| async move { conn.get(key).await })
            .await
    }

    async fn set(&self, key: &str, value: &str, ttl: Duration) -> anyhow::Result<()> {
        let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let key = self.key("cache", key);
        self.call(|mut conn| async move { conn.pset_ex(key, value, millis).await })
            .await
    }

    async fn delete(&self, key: &str) -> anyhow::Result<()> {
        let key = self.key("cache", key);
        let _: u64 = self
            .call(|mut conn| async move { conn.del(key).await })
            .await?;
        Ok(())
    }

    /// Counted in Redis (shared by every replica), or in this process while Redis is away.
    async fn hit(&self, key: &str, window: Duration) -> anyhow::Result<(u64, Duration)> {
        let millis = u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1);
        let rate_key = self.key("rate", key);
        let script = &self.hit_script;
        let counted: anyhow::Result<(u64, i64)> = self
            .call(|mut conn| async move {
                script
                    .key(rate_key)
                    .arg(millis)
                    .invoke_async(&mut conn)
                    .await
            })
            .await;
        match counted {
            Ok((count, ttl)) => Ok((
                count,
                Duration::from_millis(u64::try_from(ttl).unwrap_or(0)),
            )),
            Err(_) => self.local.hit(key, window).await,
        }
    }

    async fn publish(&self, channel: &str, payload: &str) -> anyhow::Result<()> {
        // Not subscribed (Redis away, or the subscription reconnecting): what Redis would
        // have echoed back must reach this process's subscribers anyway.
        let listening = self.subscribed.load(Ordering::Acquire);
        let key = self.key("bus", channel);
        let published: anyhow::Result<u64> = self
            .call(|mut conn| async move { conn.publish(key, payload).await })
            .await;
        if published.is_err() || !listening {
            self.fanout.deliver(channel, Arc::from(payload));
        }
        // Other replicas miss it while Redis is away; the breaker has said so in the log.
        Ok(())
    }

    fn subscribe(&self, channel: &str) -> broadcast::Receiver<Arc<str>> {
        self.fanout.subscribe(channel)
    }

    fn subscribe_since(
        &self,
        channel: &str,
        since: Instant,
    ) -> (Vec<Arc<str>>, broadcast::Receiver<Arc<str>>) {
        self.fanout.subscribe_since(channel, since)
    }

    /// Asks Redis itself, past the breaker (an answer closes it early).
    async fn ping(&self) -> anyhow::Result<()> {
        let answer: redis::RedisResult<String> =
            redis::cmd("PING").query_async(&mut self.conn.clone()).await;
        match answer {
            Ok(_) => {
                if self.breaker.succeeded() == Change::CameBack {
                    tracing::info!("Redis answers again");
                }
                Ok(())
            }
            Err(error) => {
                if is_unreachable(&error) {
                    self.breaker.failed();
                }
                Err(error.into())
            }
        }
    }
}

//! The Redis backend: shared cache and counters, and pub/sub across api replicas.
//!
//! One pattern subscription per process feeds a local fan-out, so a thousand WebSocket
//! subscribers cost one Redis connection, not a thousand.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use futures::StreamExt as _;
use redis::AsyncCommands as _;
use redis::aio::ConnectionManager;
use tokio::sync::{broadcast, oneshot};

use super::Backend;
use super::fanout::Fanout;

const HIT_SCRIPT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
";

pub struct RedisBackend {
    conn: ConnectionManager,
    prefix: String,
    fanout: Arc<Fanout>,
    hit_script: redis::Script,
}

impl RedisBackend {
    /// # Errors
    /// When Redis cannot be reached or the subscription fails.
    pub async fn connect(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url).context("REDIS_URL is not a valid Redis URL")?;
        // Fail fast when Redis is away: callers fall back (the cache is an optimisation) rather
        // than hold requests for the default reconnect schedule.
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_response_timeout(Some(Duration::from_secs(1)))
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_millis(500));
        let conn = tokio::time::timeout(
            Duration::from_secs(10),
            client.get_connection_manager_with_config(config),
        )
        .await
        .context("timed out connecting to Redis")?
        .context("cannot connect to Redis")?;
        let fanout = Arc::new(Fanout::default());
        let (ready_tx, ready_rx) = oneshot::channel();
        tokio::spawn(listen(
            client,
            format!("{prefix}bus:"),
            Arc::downgrade(&fanout),
            ready_tx,
        ));
        tokio::time::timeout(Duration::from_secs(10), ready_rx)
            .await
            .context("timed out subscribing to Redis")?
            .context("Redis subscription task ended")??;
        Ok(Self {
            conn,
            prefix: prefix.to_owned(),
            fanout,
            hit_script: redis::Script::new(HIT_SCRIPT),
        })
    }

    fn key(&self, kind: &str, key: &str) -> String {
        format!("{}{kind}:{key}", self.prefix)
    }
}

/// Forwards every message on `{channel_prefix}*` to the local fan-out, reconnecting with
/// back-off, until the backend is dropped.
async fn listen(
    client: redis::Client,
    channel_prefix: String,
    fanout: Weak<Fanout>,
    ready: oneshot::Sender<anyhow::Result<()>>,
) {
    let mut ready = Some(ready);
    let mut failures = 0u32;
    loop {
        let subscribed = async {
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.psubscribe(format!("{channel_prefix}*")).await?;
            Ok::<_, redis::RedisError>(pubsub)
        }
        .await;
        let pubsub = match subscribed {
            Ok(pubsub) => pubsub,
            Err(error) => {
                if let Some(ready) = ready.take() {
                    let _ = ready.send(Err(error.into()));
                    return;
                }
                failures = failures.saturating_add(1);
                tracing::warn!(error = %error, "Redis pub/sub reconnect failed");
                tokio::time::sleep(crate::backoff(failures)).await;
                continue;
            }
        };
        failures = 0;
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
        if fanout.strong_count() == 0 {
            return;
        }
        tracing::warn!("Redis pub/sub connection lost; reconnecting");
    }
}

#[async_trait::async_trait]
impl Backend for RedisBackend {
    async fn get(&self, key: &str) -> anyhow::Result<Option<String>> {
        Ok(self.conn.clone().get(self.key("cache", key)).await?)
    }

    async fn set(&self, key: &str, value: &str, ttl: Duration) -> anyhow::Result<()> {
        let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let () = self
            .conn
            .clone()
            .pset_ex(self.key("cache", key), value, millis)
            .await?;
        Ok(())
    }

    async fn delete(&self, key: &str) -> anyhow::Result<()> {
        let _: u64 = self.conn.clone().del(self.key("cache", key)).await?;
        Ok(())
    }

    async fn hit(&self, key: &str, window: Duration) -> anyhow::Result<(u64, Duration)> {
        let millis = u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1);
        let (count, ttl): (u64, i64) = self
            .hit_script
            .key(self.key("rate", key))
            .arg(millis)
            .invoke_async(&mut self.conn.clone())
            .await?;
        Ok((
            count,
            Duration::from_millis(u64::try_from(ttl).unwrap_or(0)),
        ))
    }

    async fn publish(&self, channel: &str, payload: &str) -> anyhow::Result<()> {
        let published: redis::RedisResult<u64> = self
            .conn
            .clone()
            .publish(self.key("bus", channel), payload)
            .await;
        if let Err(error) = published {
            // Other replicas miss it, but this one's subscribers still learn of it.
            self.fanout.deliver(channel, Arc::from(payload));
            return Err(error.into());
        }
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

    async fn ping(&self) -> anyhow::Result<()> {
        let _: String = redis::cmd("PING")
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(())
    }
}

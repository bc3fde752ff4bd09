//! The in-process backend for the embedded single-node mode.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use super::Backend;
use super::fanout::Fanout;

#[derive(Default)]
pub struct MemoryBackend {
    values: Mutex<HashMap<String, (String, Instant)>>,
    counters: Mutex<HashMap<String, (u64, Instant)>>,
    fanout: Fanout,
}

#[async_trait::async_trait]
impl Backend for MemoryBackend {
    async fn get(&self, key: &str) -> anyhow::Result<Option<String>> {
        let values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(values
            .get(key)
            .filter(|(_, expires)| *expires > Instant::now())
            .map(|(v, _)| v.clone()))
    }

    async fn set(&self, key: &str, value: &str, ttl: Duration) -> anyhow::Result<()> {
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        values.retain(|_, (_, expires)| *expires > now);
        values.insert(key.to_owned(), (value.to_owned(), now + ttl));
        Ok(())
    }

    async fn delete(&self, key: &str) -> anyhow::Result<()> {
        self.values
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
        Ok(())
    }

    async fn hit(&self, key: &str, window: Duration) -> anyhow::Result<(u64, Duration)> {
        let mut counters = self.counters.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        counters.retain(|_, (_, resets)| *resets > now);
        let (count, resets) = counters.entry(key.to_owned()).or_insert((0, now + window));
        *count += 1;
        Ok((*count, resets.saturating_duration_since(now)))
    }

    async fn publish(&self, channel: &str, payload: &str) -> anyhow::Result<()> {
        self.fanout.deliver(channel, Arc::from(payload));
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
        Ok(())
    }
}

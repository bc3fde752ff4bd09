//! Local delivery of bus messages to this process's subscribers, one broadcast per channel.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::broadcast;

const CHANNEL_CAPACITY: usize = 256;

#[derive(Default)]
pub(super) struct Fanout {
    channels: Mutex<HashMap<String, broadcast::Sender<Arc<str>>>>,
}

impl Fanout {
    pub(super) fn subscribe(&self, channel: &str) -> broadcast::Receiver<Arc<str>> {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        channels
            .entry(channel.to_owned())
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }

    pub(super) fn deliver(&self, channel: &str, payload: Arc<str>) {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = channels.get(channel)
            && sender.send(payload).is_err()
        {
            // Nobody listens any more: forget the channel.
            channels.remove(channel);
        }
    }
}

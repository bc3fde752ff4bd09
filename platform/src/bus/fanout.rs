//! Local delivery of bus messages to this process's subscribers, one broadcast per channel,
//! and a short memory of what was delivered, so a subscription can start from the moment its
//! client asked for it rather than the moment it was set up.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

const CHANNEL_CAPACITY: usize = 256;

/// How long delivered messages are remembered for [`Fanout::subscribe_since`]: far longer
/// than setting up a subscription takes.
const RECENT_FOR: Duration = Duration::from_secs(10);

/// At most this many messages are remembered, whatever their age.
const RECENT_MAX: usize = 8192;

#[derive(Default)]
pub(super) struct Fanout {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    channels: HashMap<String, broadcast::Sender<Arc<str>>>,
    /// Delivered messages, oldest first: when, on which channel, what.
    recent: VecDeque<(Instant, Arc<str>, Arc<str>)>,
}

impl Fanout {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn subscribe(&self, channel: &str) -> broadcast::Receiver<Arc<str>> {
        self.state().receiver(channel)
    }

    /// The messages delivered on `channel` since `since` (as far as remembered), and every
    /// later one: each exactly once, in order.
    pub(super) fn subscribe_since(
        &self,
        channel: &str,
        since: Instant,
    ) -> (Vec<Arc<str>>, broadcast::Receiver<Arc<str>>) {
        let mut state = self.state();
        let backlog = state
            .recent
            .iter()
            .filter(|(at, on, _)| *at >= since && on.as_ref() == channel)
            .map(|(_, _, payload)| payload.clone())
            .collect();
        (backlog, state.receiver(channel))
    }

    pub(super) fn deliver(&self, channel: &str, payload: Arc<str>) {
        let now = Instant::now();
        let mut state = self.state();
        while state.recent.len() >= RECENT_MAX
            || state
                .recent
                .front()
                .is_some_and(|(at, _, _)| now.duration_since(*at) > RECENT_FOR)
        {
            state.recent.pop_front();
        }
        state
            .recent
            .push_back((now, Arc::from(channel), payload.clone()));
        if let Some(sender) = state.channels.get(channel)
            && sender.send(payload).is_err()
        {
            // Nobody listens any more: forget the channel.
            state.channels.remove(channel);
        }
    }
}

impl State {
    fn receiver(&mut self, channel: &str) -> broadcast::Receiver<Arc<str>> {
        self.channels
            .entry(channel.to_owned())
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_subscriber_gets_what_was_delivered_since_it_asked_then_the_rest() {
        let fanout = Fanout::default();
        fanout.deliver("a", Arc::from("before"));
        std::thread::sleep(Duration::from_millis(1));
        let asked = Instant::now();
        fanout.deliver("a", Arc::from("meanwhile"));
        fanout.deliver("b", Arc::from("elsewhere"));
        let (backlog, mut receiver) = fanout.subscribe_since("a", asked);
        fanout.deliver("a", Arc::from("after"));
        assert_eq!(backlog, vec![Arc::<str>::from("meanwhile")]);
        assert_eq!(receiver.try_recv().ok(), Some(Arc::<str>::from("after")));
        assert!(receiver.try_recv().is_err());
    }
}

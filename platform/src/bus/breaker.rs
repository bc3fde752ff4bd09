//! A circuit breaker for the Redis backend. Once Redis cannot be reached, calls skip it for a
//! short cool-down and take their fallback at once, instead of each request paying Redis's
//! connection timeout; the first call after the cool-down tries Redis again.

use std::sync::Mutex;
use std::sync::PoisonError;
use std::time::{Duration, Instant};

pub(super) struct Breaker {
    cool_down: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Calls skip Redis until then.
    open_until: Option<Instant>,
    /// Redis failed and has not answered since.
    down: bool,
}

/// What a call learned that is worth one log line (not one per request).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Change {
    None,
    WentDown,
    CameBack,
}

impl Breaker {
    pub(super) fn new(cool_down: Duration) -> Self {
        Self {
            cool_down,
            state: Mutex::default(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether calls should skip Redis now.
    pub(super) fn is_open(&self) -> bool {
        self.state()
            .open_until
            .is_some_and(|until| Instant::now() < until)
    }

    pub(super) fn failed(&self) -> Change {
        let mut state = self.state();
        state.open_until = Some(Instant::now() + self.cool_down);
        if std::mem::replace(&mut state.down, true) {
            Change::None
        } else {
            Change::WentDown
        }
    }

    pub(super) fn succeeded(&self) -> Change {
        let mut state = self.state();
        state.open_until = None;
        if std::mem::replace(&mut state.down, false) {
            Change::CameBack
        } else {
            Change::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_opens_it_for_the_cool_down_and_an_answer_closes_it() {
        let breaker = Breaker::new(Duration::from_millis(30));
        assert!(!breaker.is_open());
        assert_eq!(breaker.failed(), Change::WentDown);
        assert_eq!(breaker.failed(), Change::None);
        assert!(breaker.is_open());
        std::thread::sleep(Duration::from_millis(40));
        assert!(
            !breaker.is_open(),
            "the cool-down is over: Redis is tried again"
        );
        assert_eq!(
            breaker.failed(),
            Change::None,
            "still down until Redis answers"
        );
        assert_eq!(breaker.succeeded(), Change::CameBack);
        assert_eq!(breaker.succeeded(), Change::None);
    }
}

//! The cache/bus: the same behaviour from Redis (when `REDIS_URL` is set) and in-process.

use std::time::Duration;

use platform::{Bus, RateLimit};

async fn bus() -> Bus {
    match stockroom_tests::redis_url() {
        Some(url) => Bus::redis(&url, &format!("test:{}:", uuid::Uuid::new_v4().simple()))
            .await
            .unwrap(),
        None => Bus::in_process(),
    }
}

#[tokio::test]
async fn cached_values_expire_and_can_be_deleted() {
    let bus = bus().await;
    bus.set("answer", "42", Duration::from_millis(300))
        .await
        .unwrap();
    bus.set("kept", "yes", Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(bus.get("answer").await.unwrap().as_deref(), Some("42"));
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(bus.get("answer").await.unwrap(), None, "expired");
    bus.delete("kept").await.unwrap();
    assert_eq!(bus.get("kept").await.unwrap(), None, "deleted");
}

#[tokio::test]
async fn rate_limits_count_concurrent_hits_per_window() {
    let bus = bus().await;
    let limit = RateLimit {
        limit: 5,
        window: Duration::from_millis(600),
    };
    let hits = futures::future::join_all((0..8).map(|_| bus.check_rate("login:ip", limit))).await;
    let allowed = hits.iter().filter(|h| matches!(h, Ok(Ok(())))).count();
    assert_eq!(allowed, 5);
    let retry_after = hits
        .iter()
        .find_map(|h| h.as_ref().ok().and_then(|r| r.err()))
        .unwrap();
    assert!(retry_after <= Duration::from_millis(600));
    assert!(
        bus.check_rate("other-key", limit).await.unwrap().is_ok(),
        "keys are independent"
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        bus.check_rate("login:ip", limit).await.unwrap().is_ok(),
        "a new window"
    );
}

#[tokio::test]
async fn published_messages_reach_subscribers_of_that_channel_only() {
    let bus = bus().await;
    let mut mine = bus.subscribe("events.one");
    let mut theirs = bus.subscribe("events.two");
    bus.publish("events.one", "hello").await.unwrap();
    let got = tokio::time::timeout(Duration::from_secs(5), mine.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&*got, "hello");
    assert!(
        tokio::time::timeout(Duration::from_millis(200), theirs.recv())
            .await
            .is_err(),
        "other channel is silent"
    );
}

//! Managing members: roles without ever losing the last owner, removal that takes effect at
//! once (open subscriptions included), transferring ownership, deleting the organization.

use std::time::Duration;

use serde_json::json;
use stockroom_tests::{Session, SmtpSink, TestApp, spawn_app};

use crate::team::{INVITE, invite, join_as_new_user, roles};

async fn set_role(
    app: &TestApp,
    by: &Session,
    user: &str,
    role: &str,
) -> stockroom_tests::GqlResponse {
    app.as_user(
        by,
        "mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { role user { id } } }",
        json!({ "input": { "userId": user, "role": role } }),
    )
    .await
}

#[tokio::test]
async fn the_last_owner_stays_until_ownership_is_transferred() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@own.example", "Own Ltd").await;
    let token = invite(&app, &sink, &owner, "next@own.example", "MEMBER").await;
    let next = join_as_new_user(&app, &token, &owner.org_id).await;

    let leave = app
        .as_user(&owner, "mutation { leaveOrganization }", json!({}))
        .await;
    assert_eq!(leave.error_code(), "CONFLICT");
    assert_eq!(
        set_role(&app, &owner, &owner.user_id, "ADMIN")
            .await
            .error_code(),
        "CONFLICT"
    );
    // An admin-or-lower cannot hand out ownership.
    assert_eq!(
        app.as_user(
            &next,
            "mutation($u: ID!) { transferOwnership(userId: $u) }",
            json!({ "u": next.user_id })
        )
        .await
        .error_code(),
        "FORBIDDEN"
    );

    app.ok(
        &owner,
        "mutation($u: ID!) { transferOwnership(userId: $u) }",
        json!({ "u": next.user_id }),
        "transferOwnership",
    )
    .await;
    assert_eq!(
        roles(&app, &owner).await,
        [
            ("next@own.example".to_owned(), "OWNER".to_owned()),
            ("owner@own.example".to_owned(), "ADMIN".to_owned())
        ]
    );
    app.ok(
        &owner,
        "mutation { leaveOrganization }",
        json!({}),
        "leaveOrganization",
    )
    .await;
    assert_eq!(roles(&app, &next).await.len(), 1);
}

#[tokio::test]
async fn admins_manage_members_below_owner_only() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@admins.example", "Admins Ltd").await;
    let token = invite(&app, &sink, &owner, "admin@admins.example", "ADMIN").await;
    let admin = join_as_new_user(&app, &token, &owner.org_id).await;
    let token = invite(&app, &sink, &owner, "member@admins.example", "MEMBER").await;
    let member = join_as_new_user(&app, &token, &owner.org_id).await;

    assert_eq!(
        set_role(&app, &admin, &owner.user_id, "MEMBER")
            .await
            .error_code(),
        "FORBIDDEN"
    );
    assert_eq!(
        set_role(&app, &admin, &member.user_id, "OWNER")
            .await
            .error_code(),
        "FORBIDDEN"
    );
    let owner_invite = app
        .as_user(
            &admin,
            INVITE,
            json!({ "input": { "email": "boss@admins.example", "role": "OWNER" } }),
        )
        .await;
    assert_eq!(owner_invite.error_code(), "FORBIDDEN");
    let removed_owner = app
        .as_user(
            &admin,
            "mutation($u: ID!) { removeMember(userId: $u) }",
            json!({ "u": owner.user_id }),
        )
        .await;
    assert_eq!(removed_owner.error_code(), "FORBIDDEN");

    let promoted = set_role(&app, &admin, &member.user_id, "ADMIN").await;
    assert_eq!(promoted.data()["updateMemberRole"]["role"], "ADMIN");
    assert_eq!(
        set_role(&app, &member, &admin.user_id, "VIEWER")
            .await
            .data()["updateMemberRole"]["role"],
        "VIEWER"
    );
}

#[tokio::test]
async fn two_owners_demoting_each_other_at_once_leave_one_owner() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    for round in 0..3 {
        let first = app
            .sign_up(&format!("first{round}@duel.example"), "Duel")
            .await;
        let token = invite(
            &app,
            &sink,
            &first,
            &format!("second{round}@duel.example"),
            "OWNER",
        )
        .await;
        let second = join_as_new_user(&app, &token, &first.org_id).await;
        let (a, b) = tokio::join!(
            set_role(&app, &first, &second.user_id, "ADMIN"),
            set_role(&app, &second, &first.user_id, "ADMIN"),
        );
        let succeeded = [&a, &b].iter().filter(|r| r.errors().is_empty()).count();
        assert_eq!(succeeded, 1, "round {round}: {a:?} {b:?}");
        let owners = roles(&app, &first)
            .await
            .into_iter()
            .filter(|(_, r)| r == "OWNER")
            .count();
        assert_eq!(owners, 1, "round {round}");
    }
}

#[tokio::test]
async fn a_removed_member_is_locked_out_at_once_even_on_an_open_subscription() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@removal.example", "Removal Ltd").await;
    let token = invite(&app, &sink, &owner, "leaver@removal.example", "MEMBER").await;
    let member = join_as_new_user(&app, &token, &owner.org_id).await;
    let location = app.create_location(&owner, "Main").await;
    let item = app.create_item(&owner, "REMOVAL-1").await;

    let (mut client, ack) = app
        .ws_connect(json!({ "authorization": format!("Bearer {}", member.access_token), "organizationId": owner.org_id }))
        .await;
    assert_eq!(ack.unwrap()["type"], "connection_ack");
    client
        .subscribe("1", "subscription { stockChanged { quantity } }")
        .await;
    // The subscription starts asynchronously: record until it delivers.
    let mut seen = false;
    for _ in 0..50 {
        app.stock_in(&owner, &location, &item, "1").await.data();
        if client
            .next(Duration::from_millis(200))
            .await
            .is_some_and(|m| m["type"] == "next")
        {
            seen = true;
            break;
        }
    }
    assert!(seen, "the subscription delivers while a member");
    assert!(
        app.as_user(&member, "{ items(first: 1) { totalCount } }", json!({}))
            .await
            .errors()
            .is_empty()
    );

    app.ok(
        &owner,
        "mutation($u: ID!) { removeMember(userId: $u) }",
        json!({ "u": member.user_id }),
        "removeMember",
    )
    .await;

    let after = app
        .as_user(&member, "{ items(first: 1) { totalCount } }", json!({}))
        .await;
    assert_eq!(after.error_code(), "FORBIDDEN");
    let write = app.stock_in(&member, &location, &item, "1").await;
    assert_eq!(write.error_code(), "FORBIDDEN");
    let mut completed = false;
    while let Some(message) = client.next(Duration::from_secs(5)).await {
        if message["type"] == "complete" && message["id"] == "1" {
            completed = true;
            break;
        }
    }
    assert!(completed, "the open subscription ends");
}

#[tokio::test]
async fn an_owner_deletes_the_organization_with_everything_in_it() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@gone.example", "Gone Ltd").await;
    let other = app.sign_up("owner@stays.example", "Stays Ltd").await;
    let token = invite(&app, &sink, &owner, "member@gone.example", "MEMBER").await;
    let member = join_as_new_user(&app, &token, &owner.org_id).await;
    let location = app.create_location(&owner, "Main").await;
    let item = app.create_item(&owner, "GONE-1").await;
    app.stock_in(&owner, &location, &item, "5").await.data();
    app.stock_out(&owner, &location, &item, "1").await.data();
    let kept = app.create_item(&other, "STAYS-1").await;

    let delete = "mutation($n: String!) { deleteOrganization(confirmName: $n) }";
    let by_member = app
        .as_user(&member, delete, json!({ "n": "Gone Ltd" }))
        .await;
    assert_eq!(by_member.error_code(), "FORBIDDEN");
    let misspelt = app.as_user(&owner, delete, json!({ "n": "Gone" })).await;
    assert_eq!(misspelt.error_code(), "BAD_USER_INPUT");
    app.ok(
        &owner,
        delete,
        json!({ "n": "Gone Ltd" }),
        "deleteOrganization",
    )
    .await;

    for session in [&owner, &member] {
        let after = app
            .as_user(session, "{ items(first: 1) { totalCount } }", json!({}))
            .await;
        assert_eq!(after.error_code(), "FORBIDDEN");
    }
    let me = app
        .graphql(
            "{ me { memberships { organization { id } } } }",
            json!({}),
            Some(&owner.access_token),
            None,
        )
        .await;
    assert_eq!(me.data()["me"]["memberships"], json!([]));
    let still = app
        .as_user(
            &other,
            "query($id: ID!) { item(id: $id) { sku } }",
            json!({ "id": kept }),
        )
        .await;
    assert_eq!(still.data()["item"]["sku"], "STAYS-1");
}

//! Teams: invitations e-mailed over real SMTP and accepted once, roles managed without ever
//! losing the last owner, removal that takes effect at once, one user in two organizations.

use std::time::Duration;

use serde_json::json;
use stockroom_tests::{Session, SmtpSink, TestApp, spawn_app};

use crate::fixtures::{deliver_mail, link_token, mails_to};

const INVITE: &str = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id email role expiresAt } }";
const ACCEPT: &str = "mutation($token: String!, $name: String, $password: String) {
    acceptInvitation(token: $token, name: $name, password: $password) {
        organization { id name } role session { accessToken refreshToken user { id email } } } }";
const NEW_PASSWORD: &str = "a long enough password";
const MEMBERS: &str = "{ members { user { id email } role } }";

/// Invites `email` as `role` through `admin` and returns the token of the e-mailed link.
pub async fn invite(
    app: &TestApp,
    sink: &SmtpSink,
    admin: &Session,
    email: &str,
    role: &str,
) -> String {
    app.ok(
        admin,
        INVITE,
        json!({ "input": { "email": email, "role": role } }),
        "inviteMember",
    )
    .await;
    deliver_mail(app, sink).await;
    let mails = mails_to(sink, &email.to_lowercase());
    let invitation = mails
        .iter()
        .rfind(|m| m.contains("/accept-invitation?token="))
        .unwrap_or_else(|| panic!("no invitation mailed to {email}"));
    link_token(invitation, "accept-invitation")
}

/// Accepts as a new person and returns their session in the inviting organization.
pub async fn join_as_new_user(app: &TestApp, token: &str, org_id: &str) -> Session {
    let accepted = app
        .anonymous(
            ACCEPT,
            json!({ "token": token, "name": "New Person", "password": NEW_PASSWORD }),
        )
        .await;
    let session = &accepted.data()["acceptInvitation"]["session"];
    Session {
        access_token: session["accessToken"].as_str().unwrap().to_owned(),
        refresh_token: session["refreshToken"].as_str().unwrap().to_owned(),
        user_id: session["user"]["id"].as_str().unwrap().to_owned(),
        org_id: org_id.to_owned(),
        email: session["user"]["email"].as_str().unwrap().to_owned(),
    }
}

async fn roles(app: &TestApp, session: &Session) -> Vec<(String, String)> {
    let members = app.as_user(session, MEMBERS, json!({})).await;
    let mut roles: Vec<(String, String)> = members.data()["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["user"]["email"].as_str().unwrap().to_owned(),
                m["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    roles.sort();
    roles
}

#[tokio::test]
async fn an_invited_newcomer_sets_a_password_and_joins_once() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@team.example", "Team Ltd").await;
    let token = invite(&app, &sink, &owner, "New.Person@Team.example", "MEMBER").await;
    let mail = mails_to(&sink, "new.person@team.example").pop().unwrap();
    assert!(
        mail.contains("Team Ltd"),
        "the e-mail names the organization: {mail}"
    );

    let newcomer = join_as_new_user(&app, &token, &owner.org_id).await;
    assert_eq!(newcomer.email, "new.person@team.example");
    let me = app
        .as_user(
            &newcomer,
            "{ me { user { emailVerified } memberships { role organization { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        me.data()["me"],
        json!({ "user": { "emailVerified": true }, "memberships": [{ "role": "MEMBER", "organization": { "id": owner.org_id } }] })
    );
    assert!(
        app.log_in("new.person@team.example", NEW_PASSWORD)
            .await
            .errors()
            .is_empty()
    );

    // The link works once: a second use is refused and changes nothing.
    let before = roles(&app, &owner).await;
    let again = app
        .anonymous(
            ACCEPT,
            json!({ "token": token, "name": "Intruder", "password": "another long password" }),
        )
        .await;
    assert_eq!(again.error_code(), "CONFLICT", "{}", again.body);
    assert_eq!(roles(&app, &owner).await, before);
    assert_eq!(before.len(), 2);
}

#[tokio::test]
async fn an_expired_withdrawn_or_forged_invitation_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@expiry.example", "Expiry Ltd").await;

    let token = invite(&app, &sink, &owner, "late@expiry.example", "VIEWER").await;
    crate::fixtures::expire_invitations(&app, &owner.org_id).await;
    let late = app
        .anonymous(
            ACCEPT,
            json!({ "token": token, "name": "Late", "password": "a long enough password" }),
        )
        .await;
    assert_eq!(late.error_code(), "BAD_USER_INPUT");
    assert!(late.error_message().contains("expired"), "{}", late.body);
    assert!(
        !app.log_in("late@expiry.example", "a long enough password")
            .await
            .errors()
            .is_empty(),
        "no account was created"
    );

    let token = invite(&app, &sink, &owner, "withdrawn@expiry.example", "VIEWER").await;
    let pending = app
        .ok(
            &owner,
            "{ invitations { id email } }",
            json!({}),
            "invitations",
        )
        .await;
    let id = pending[0]["id"].clone();
    app.ok(
        &owner,
        "mutation($id: ID!) { revokeInvitation(id: $id) }",
        json!({ "id": id }),
        "revokeInvitation",
    )
    .await;
    let withdrawn = app
        .anonymous(
            ACCEPT,
            json!({ "token": token, "name": "W", "password": "a long enough password" }),
        )
        .await;
    assert_eq!(withdrawn.error_code(), "BAD_USER_INPUT");
    assert!(
        withdrawn.error_message().contains("withdrawn"),
        "{}",
        withdrawn.body
    );

    let mut forged = invite(&app, &sink, &owner, "forged@expiry.example", "ADMIN").await;
    forged.pop();
    forged.push('x');
    let refused = app
        .anonymous(
            ACCEPT,
            json!({ "token": forged, "name": "F", "password": "a long enough password" }),
        )
        .await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT");
    assert_eq!(roles(&app, &owner).await.len(), 1, "nobody joined");
}

#[tokio::test]
async fn five_concurrent_acceptances_of_one_invitation_make_one_member() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@race.example", "Race Ltd").await;
    let token = invite(&app, &sink, &owner, "racer@race.example", "MEMBER").await;
    let attempts = (0..5).map(|i| {
        let app = &app;
        let token = token.clone();
        async move {
            app.anonymous(ACCEPT, json!({ "token": token, "name": format!("Racer {i}"), "password": "a long enough password" }))
                .await
        }
    });
    let answers = futures::future::join_all(attempts).await;
    let accepted = answers.iter().filter(|a| a.errors().is_empty()).count();
    assert_eq!(accepted, 1, "{answers:?}");
    for refused in answers.iter().filter(|a| !a.errors().is_empty()) {
        assert_eq!(refused.error_code(), "CONFLICT", "{}", refused.body);
    }
    assert_eq!(roles(&app, &owner).await.len(), 2);
}

#[tokio::test]
async fn one_person_in_two_organizations_sees_each_only_with_its_header() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let alpha = app.sign_up("owner@alpha.example", "Alpha").await;
    let beta = app.sign_up("both@beta.example", "Beta").await;
    app.create_item(&alpha, "ALPHA-ONLY").await;
    app.create_item(&beta, "BETA-ONLY").await;

    let token = invite(&app, &sink, &alpha, "both@beta.example", "VIEWER").await;
    // Logged in as the invited address: no password needed, no new session.
    let accepted = app
        .graphql(
            ACCEPT,
            json!({ "token": token }),
            Some(&beta.access_token),
            None,
        )
        .await;
    assert_eq!(accepted.data()["acceptInvitation"]["role"], "VIEWER");
    assert!(accepted.data()["acceptInvitation"]["session"].is_null());

    let me = app
        .graphql(
            "{ me { memberships { role organization { name } } } }",
            json!({}),
            Some(&beta.access_token),
            None,
        )
        .await;
    let mut memberships: Vec<String> = me.data()["me"]["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m["organization"]["name"].as_str().unwrap(),
                m["role"].as_str().unwrap()
            )
        })
        .collect();
    memberships.sort();
    assert_eq!(memberships, ["Alpha VIEWER", "Beta OWNER"]);

    let skus = |org: &str| {
        let app = &app;
        let token = beta.access_token.clone();
        let org = org.to_owned();
        async move {
            let page = app
                .graphql(
                    "{ items(first: 10) { edges { node { sku } } } }",
                    json!({}),
                    Some(&token),
                    Some(&org),
                )
                .await;
            page.data()["items"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["sku"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(skus(&alpha.org_id).await, ["ALPHA-ONLY"]);
    assert_eq!(skus(&beta.org_id).await, ["BETA-ONLY"]);
    // As a viewer in Alpha they cannot add items there, while they can in Beta.
    let denied = app
        .graphql(
            "mutation { createItem(input: { sku: \"X\", name: \"X\" }) { id } }",
            json!({}),
            Some(&beta.access_token),
            Some(&alpha.org_id),
        )
        .await;
    assert_eq!(denied.error_code(), "FORBIDDEN");
}

#[tokio::test]
async fn an_invitation_for_another_address_cannot_be_taken_by_a_logged_in_user() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@addr.example", "Addr Ltd").await;
    let other = app.sign_up("other@addr.example", "Other Ltd").await;
    let token = invite(&app, &sink, &owner, "invited@addr.example", "ADMIN").await;
    let taken = app
        .graphql(
            ACCEPT,
            json!({ "token": token }),
            Some(&other.access_token),
            None,
        )
        .await;
    assert_eq!(taken.error_code(), "FORBIDDEN");
    assert_eq!(roles(&app, &owner).await.len(), 1);
}

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

#[tokio::test]
async fn inviting_one_address_many_times_at_once_leaves_one_pending_invitation() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@again.example", "Again Ltd").await;
    let invites = (0..30).map(|_| {
        app.as_user(
            &owner,
            INVITE,
            json!({ "input": { "email": "twice@again.example", "role": "VIEWER" } }),
        )
    });
    for answer in futures::future::join_all(invites).await {
        assert!(answer.errors().is_empty(), "{}", answer.body);
    }
    let pending = app
        .ok(
            &owner,
            "{ invitations { email } }",
            json!({}),
            "invitations",
        )
        .await;
    assert_eq!(pending, json!([{ "email": "twice@again.example" }]));
}

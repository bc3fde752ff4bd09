//! Invitations e-mailed over real SMTP and accepted once, by newcomers and existing users;
//! one user in two organizations. Managing members is in members.rs.

use serde_json::json;
use stockroom_tests::{Session, SmtpSink, TestApp, spawn_app};

use crate::fixtures::{deliver_mail, link_token, mails_to};

pub const INVITE: &str = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id email role expiresAt } }";
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

pub async fn roles(app: &TestApp, session: &Session) -> Vec<(String, String)> {
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
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
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

#[tokio::test]
async fn inviting_one_address_many_times_at_once_leaves_one_pending_invitation() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
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

//! Sign-up, log-in, sessions and organizations, through GraphQL.

use serde_json::json;
use stockroom_tests::spawn_app;

const PASSWORD: &str = "correct horse battery staple";
const ME: &str = "{ me { user { id email } memberships { role organization { id name } } } }";

#[tokio::test]
async fn sign_up_creates_a_user_who_owns_a_new_organization() {
    let app = spawn_app().await;
    let session = app.sign_up("  Ada@Example.COM ", "Acme Tools").await;
    assert_eq!(session.email, "ada@example.com", "e-mail is normalized");

    let me = app
        .graphql(ME, json!({}), Some(&session.access_token), None)
        .await;
    let me = &me.data()["me"];
    assert_eq!(me["user"]["id"], session.user_id);
    assert_eq!(
        me["memberships"],
        json!([{ "role": "OWNER", "organization": { "id": session.org_id, "name": "Acme Tools" } }])
    );
}

#[tokio::test]
async fn an_email_is_taken_whatever_its_case_and_the_loser_writes_nothing() {
    let app = spawn_app().await;
    app.sign_up("grace@example.com", "First").await;

    let again = app
        .try_sign_up("GRACE@example.com", "another password!", "Second")
        .await;
    assert_eq!(again.error_code(), "CONFLICT");
    assert_eq!(again.errors()[0]["extensions"]["field"], "email");

    let log_in = app.log_in("grace@example.com", PASSWORD).await;
    let memberships = app
        .graphql(
            ME,
            json!({}),
            log_in.data()["logIn"]["accessToken"].as_str(),
            None,
        )
        .await;
    let names: Vec<_> = memberships.data()["me"]["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organization"]["name"].clone())
        .collect();
    assert_eq!(
        names,
        vec![json!("First")],
        "the rejected sign-up left no organization behind"
    );
}

#[tokio::test]
async fn concurrent_sign_ups_with_one_email_create_one_account() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let attempts = (0..8).map(|i| {
        let app = &app;
        async move {
            app.try_sign_up("race@example.com", PASSWORD, &format!("Org {i}"))
                .await
        }
    });
    let results = futures::future::join_all(attempts).await;
    let created = results.iter().filter(|r| r.errors().is_empty()).count();
    assert_eq!(created, 1, "{results:?}");
    assert!(
        results
            .iter()
            .filter(|r| !r.errors().is_empty())
            .all(|r| r.error_code() == "CONFLICT")
    );
}

#[tokio::test]
async fn bad_sign_up_input_names_the_field_and_writes_nothing() {
    let app = spawn_app().await;
    for (email, password, organization, field) in [
        ("not-an-email", PASSWORD, "Acme", "email"),
        ("short@example.com", "short", "Acme", "password"),
        ("blank@example.com", PASSWORD, "   ", "organizationName"),
    ] {
        let response = app.try_sign_up(email, password, organization).await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT", "{email}");
        assert_eq!(response.errors()[0]["extensions"]["field"], field);
        assert_eq!(
            app.log_in(email, password).await.error_code(),
            "UNAUTHENTICATED",
            "no account for {email}"
        );
    }
}

#[tokio::test]
async fn log_in_fails_alike_for_a_wrong_password_and_an_unknown_email() {
    let app = spawn_app().await;
    let session = app.sign_up("lin@example.com", "Lin's Shop").await;

    let ok = app.log_in("LIN@example.com", PASSWORD).await;
    let payload = &ok.data()["logIn"];
    assert_eq!(payload["user"]["id"], session.user_id);
    assert_eq!(
        payload["organization"]["id"], session.org_id,
        "logs into the first organization"
    );

    let wrong_password = app.log_in("lin@example.com", "not the password").await;
    let unknown_email = app.log_in("nobody@example.com", PASSWORD).await;
    assert_eq!(wrong_password.error_code(), "UNAUTHENTICATED");
    assert_eq!(unknown_email.error_code(), "UNAUTHENTICATED");
    assert_eq!(
        wrong_password.error_message(),
        unknown_email.error_message()
    );
}

#[tokio::test]
async fn log_out_ends_the_session() {
    let app = spawn_app().await;
    let session = app.sign_up("bye@example.com", "Bye").await;
    let out = app
        .anonymous(
            "mutation($t: String!) { logOut(refreshToken: $t) }",
            json!({ "t": session.refresh_token }),
        )
        .await;
    assert_eq!(out.data()["logOut"], true);
    assert_eq!(
        app.refresh(&session.refresh_token).await.error_code(),
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn a_user_can_own_several_organizations_and_switch_by_header() {
    let app = spawn_app().await;
    let session = app.sign_up("multi@example.com", "North").await;
    let created = app
        .graphql(
            "mutation { createOrganization(input: { name: \"South\" }) { id name } }",
            json!({}),
            Some(&session.access_token),
            None,
        )
        .await;
    let south = created.data()["createOrganization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let me = app
        .graphql(ME, json!({}), Some(&session.access_token), None)
        .await;
    assert_eq!(me.data()["me"]["memberships"].as_array().unwrap().len(), 2);

    for (org, name) in [
        (session.org_id.as_str(), "North"),
        (south.as_str(), "South"),
    ] {
        let current = app
            .graphql(
                "{ organization { id name } }",
                json!({}),
                Some(&session.access_token),
                Some(org),
            )
            .await;
        assert_eq!(
            current.data()["organization"],
            json!({ "id": org, "name": name })
        );
    }
}

//! Typed GraphQL helpers: speak to the app as a client would.

use serde_json::{Value, json};

use crate::TestApp;

/// An answer from `/graphql`: the HTTP status and the JSON body.
#[derive(Debug)]
pub struct GqlResponse {
    pub status: u16,
    pub body: Value,
}

impl GqlResponse {
    /// `data`, asserting there were no errors.
    pub fn data(&self) -> &Value {
        assert!(
            self.body.get("errors").is_none(),
            "unexpected errors: {}",
            self.body
        );
        &self.body["data"]
    }

    pub fn errors(&self) -> &[Value] {
        self.body
            .get("errors")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The `extensions.code` of the first error, asserting every error has one.
    pub fn error_code(&self) -> &str {
        let errors = self.errors();
        assert!(!errors.is_empty(), "expected an error, got {}", self.body);
        for error in errors {
            assert!(
                error["extensions"]["code"].is_string(),
                "error without a code: {error}"
            );
        }
        errors[0]["extensions"]["code"].as_str().unwrap_or_default()
    }

    pub fn error_message(&self) -> &str {
        self.errors()
            .first()
            .and_then(|e| e["message"].as_str())
            .unwrap_or_default()
    }
}

/// A logged-in user acting in one organization.
#[derive(Clone, Debug)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub user_id: String,
    pub org_id: String,
    pub email: String,
}

pub const PASSWORD: &str = "correct horse battery staple";

impl TestApp {
    /// Posts one GraphQL request with optional bearer token and organization header.
    pub async fn graphql(
        &self,
        query: &str,
        variables: Value,
        token: Option<&str>,
        org: Option<&str>,
    ) -> GqlResponse {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(org) = org {
            request = request.header("X-Organization-Id", org);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let body = response.json().await.expect("JSON body");
        GqlResponse { status, body }
    }

    /// As nobody.
    pub async fn anonymous(&self, query: &str, variables: Value) -> GqlResponse {
        self.graphql(query, variables, None, None).await
    }

    /// As `session`'s user in `session`'s organization.
    pub async fn as_user(&self, session: &Session, query: &str, variables: Value) -> GqlResponse {
        self.graphql(
            query,
            variables,
            Some(&session.access_token),
            Some(&session.org_id),
        )
        .await
    }

    pub async fn try_sign_up(
        &self,
        email: &str,
        password: &str,
        organization: &str,
    ) -> GqlResponse {
        self.anonymous(
            "mutation($input: SignUpInput!) { signUp(input: $input) {
                accessToken refreshToken expiresIn user { id email } organization { id name } } }",
            json!({ "input": { "email": email, "password": password, "name": "Test User", "organizationName": organization } }),
        )
        .await
    }

    /// Signs up a new user with a new organization.
    pub async fn sign_up(&self, email: &str, organization: &str) -> Session {
        let response = self.try_sign_up(email, PASSWORD, organization).await;
        session_from(&response.data()["signUp"])
    }

    /// Signs up a user with a unique e-mail.
    pub async fn new_user(&self, organization: &str) -> Session {
        let email = format!("user-{}@example.com", uuid::Uuid::new_v4().simple());
        self.sign_up(&email, organization).await
    }

    pub async fn log_in(&self, email: &str, password: &str) -> GqlResponse {
        self.anonymous(
            "mutation($input: LogInInput!) { logIn(input: $input) {
                accessToken refreshToken user { id email } organization { id name } } }",
            json!({ "input": { "email": email, "password": password } }),
        )
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> GqlResponse {
        self.anonymous(
            "mutation($token: String!) { refreshToken(token: $token) {
                accessToken refreshToken user { id email } organization { id } } }",
            json!({ "token": refresh_token }),
        )
        .await
    }

    /// The number of SQL statements this app has run, read from its metrics.
    pub async fn db_statements(&self) -> u64 {
        let text = self.get("/metrics").await.text().await.expect("metrics");
        text.lines()
            .filter(|l| l.starts_with("stockroom_db_statements_total"))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
            .sum()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }
}

/// Reads a session out of a `signUp`/`logIn`/`refreshToken` payload.
pub fn session_from(payload: &Value) -> Session {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    Session {
        access_token: text(&payload["accessToken"]),
        refresh_token: text(&payload["refreshToken"]),
        user_id: text(&payload["user"]["id"]),
        org_id: text(&payload["organization"]["id"]),
        email: text(&payload["user"]["email"]),
    }
}

//! Persisted queries, over HTTP (POST and GET) and WebSocket alike.
//!
//! - **Automatic persisted queries**, Apollo's protocol: a client sends only
//!   `extensions.persistedQuery.sha256Hash`; an unknown hash is answered
//!   `PersistedQueryNotFound` (code `PERSISTED_QUERY_NOT_FOUND`), and the client sends the
//!   document with its hash once, which registers it in the cache (Redis across replicas, or
//!   in-process) for a week.
//! - **Allow-list** (`GRAPHQL_PERSISTED_ONLY=true`): only the operations of the manifest
//!   (`GRAPHQL_PERSISTED_QUERIES`, as Apollo's persisted query manifest or GraphQL Code
//!   Generator's `persisted-documents.json` write it) run, by hash or by their exact text;
//!   nothing registers.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use async_graphql::{Request, ServerError, Value};
use platform::bus::Bus;

use entity::secret::hash;

use super::limits::DocumentLimits;

/// How long a registered document is kept after registration (clients re-register it after).
const REGISTERED_FOR: Duration = Duration::from_secs(7 * 24 * 3600);

/// The operations of a manifest, by the SHA-256 of their text (lowercase hex).
pub type Manifest = HashMap<String, String>;

pub struct PersistedQueries {
    bus: Bus,
    manifest: Manifest,
    only: bool,
    limits: DocumentLimits,
}

impl PersistedQueries {
    pub fn new(bus: Bus, manifest: Manifest, only: bool, limits: DocumentLimits) -> Self {
        Self {
            bus,
            manifest,
            only,
            limits,
        }
    }

    /// Gives `request` its document when it names one by hash, registers a document sent with
    /// its hash, and, in allow-list mode, refuses a document that is not on the list. The
    /// `persistedQuery` extension is gone afterwards, so a second call only checks the list.
    ///
    /// # Errors
    /// `PERSISTED_QUERY_NOT_FOUND` for an unknown hash, `BAD_REQUEST` for a malformed
    /// extension or a hash that is not the document's, `PERSISTED_QUERY_NOT_IN_LIST` for a
    /// document the allow-list does not have.
    pub async fn resolve(&self, request: &mut Request) -> Result<(), ServerError> {
        let Some(extension) = request.extensions.0.remove("persistedQuery") else {
            if self.only && !request.query.is_empty() && !self.listed(&hash(&request.query)) {
                return Err(not_in_list());
            }
            return Ok(());
        };
        let claimed = claimed_hash(&extension)?;
        if request.query.is_empty() {
            request.query = self
                .lookup(&claimed)
                .await
                .ok_or_else(|| refused("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND"))?;
            return Ok(());
        }
        if hash(&request.query) != claimed {
            return Err(refused(
                "provided sha256Hash does not match the query",
                "BAD_REQUEST",
            ));
        }
        if self.only {
            return if self.listed(&claimed) {
                Ok(())
            } else {
                Err(not_in_list())
            };
        }
        // Registered only when it could run: a size-capped document, kept for a week.
        if self.limits.check_text(&request.query).is_ok()
            && let Err(error) = self
                .bus
                .set(&cache_key(&claimed), &request.query, REGISTERED_FOR)
                .await
        {
            tracing::warn!(
                error = format!("{error:#}"),
                "persisted query not registered"
            );
        }
        Ok(())
    }

    fn listed(&self, hash: &str) -> bool {
        self.manifest.contains_key(hash)
    }

    async fn lookup(&self, hash: &str) -> Option<String> {
        if let Some(text) = self.manifest.get(hash) {
            return Some(text.clone());
        }
        if self.only {
            return None;
        }
        // The cache away is a miss: the client sends the document again.
        match self.bus.get(&cache_key(hash)).await {
            Ok(text) => text,
            Err(error) => {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "persisted query lookup failed"
                );
                None
            }
        }
    }
}

/// Reads a manifest: Apollo's (`{"format": "apollo-persisted-query-manifest", "operations":
/// [{"id", "body"}]}`) or GraphQL Code Generator's (`{"<hash>": "<document>"}`). Every
/// operation is checked to be the text its hash names.
///
/// # Errors
/// When the file cannot be read, is neither format, or an id is not its body's SHA-256.
pub fn load_manifest(path: &Path) -> anyhow::Result<Manifest> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("GRAPHQL_PERSISTED_QUERIES: cannot read {}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("GRAPHQL_PERSISTED_QUERIES: {} is not JSON", path.display()))?;
    let pairs: Vec<(String, String)> = match json.get("operations") {
        Some(operations) => {
            #[derive(serde::Deserialize)]
            struct Operation {
                id: String,
                body: String,
            }
            serde_json::from_value::<Vec<Operation>>(operations.clone())
                .context("GRAPHQL_PERSISTED_QUERIES: operations must have an id and a body")?
                .into_iter()
                .map(|operation| (operation.id, operation.body))
                .collect()
        }
        None => serde_json::from_value::<HashMap<String, String>>(json)
            .context("GRAPHQL_PERSISTED_QUERIES: expected a manifest of operations, or an object of hash → document")?
            .into_iter()
            .collect(),
    };
    let mut manifest = Manifest::new();
    for (id, body) in pairs {
        let id = id.to_ascii_lowercase();
        anyhow::ensure!(
            hash(&body) == id,
            "GRAPHQL_PERSISTED_QUERIES: operation {id} is not the SHA-256 of its document"
        );
        manifest.insert(id, body);
    }
    Ok(manifest)
}

fn cache_key(hash: &str) -> String {
    format!("apq:{hash}")
}

/// The hash `{ "version": 1, "sha256Hash": "<64 hex digits>" }` names.
fn claimed_hash(extension: &Value) -> Result<String, ServerError> {
    let malformed = || {
        refused(
            "extensions.persistedQuery must be { version: 1, sha256Hash: <64 hex digits> }",
            "BAD_REQUEST",
        )
    };
    let Value::Object(fields) = extension else {
        return Err(malformed());
    };
    let version_1 =
        matches!(fields.get("version"), Some(Value::Number(n)) if n.as_u64() == Some(1));
    match fields.get("sha256Hash") {
        Some(Value::String(hash))
            if version_1 && hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(hash.to_ascii_lowercase())
        }
        _ => Err(malformed()),
    }
}

fn not_in_list() -> ServerError {
    refused(
        "this server runs only its persisted operations, and this is not one of them",
        "PERSISTED_QUERY_NOT_IN_LIST",
    )
}

fn refused(message: &str, code: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    error
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn both_manifest_formats_load_and_hashes_are_checked() {
        let dir = std::env::temp_dir().join(format!("manifest-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).expect("dir");
        let body = "{ __typename }";
        let id = hash(body);
        let apollo = dir.join("apollo.json");
        std::fs::write(
            &apollo,
            serde_json::json!({ "format": "apollo-persisted-query-manifest", "version": 1,
                "operations": [{ "id": id, "name": "T", "type": "query", "body": body }] })
            .to_string(),
        )
        .expect("write");
        let codegen = dir.join("codegen.json");
        std::fs::write(
            &codegen,
            serde_json::json!({ id.clone(): body }).to_string(),
        )
        .expect("write");
        for path in [&apollo, &codegen] {
            let manifest = load_manifest(path).expect("loads");
            assert_eq!(manifest.get(&id).map(String::as_str), Some(body));
        }
        let forged = dir.join("forged.json");
        std::fs::write(
            &forged,
            serde_json::json!({ id: "{ me { id } }" }).to_string(),
        )
        .expect("write");
        assert!(load_manifest(&forged).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}

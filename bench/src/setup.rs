//! The organizations a load runs against. Signing up and stocking them takes long, so they are
//! kept in a setup file (credentials and ids; access tokens expire, so later runs log in
//! again) and reused by later runs against the same server with the same size.

use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use futures::{StreamExt as _, TryStreamExt as _};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::args::Args;
use crate::client::{self, Client, RATE_LIMIT_HINT, Session, text};

const PASSWORD: &str = "benchmark password";
/// A session is logged into again when its token has less than this left.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

/// What the setup file holds.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetupFile {
    url: String,
    items_per_organization: usize,
    organizations: Vec<Account>,
}

/// One benchmark organization: its owner's credentials and the ids the load uses.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub email: String,
    pub password: String,
    pub organization_id: String,
    pub location_id: String,
    pub item_ids: Vec<String>,
}

/// An organization ready for load: its account and a live session.
pub struct Org {
    pub account: Account,
    pub session: Session,
    expires_at: Instant,
}

/// A new session: the access token and the organization it starts in.
pub struct Authenticated {
    pub token: String,
    pub organization: Option<String>,
    pub expires_at: Instant,
}

impl Authenticated {
    fn from_payload(payload: &Value) -> anyhow::Result<Self> {
        let expires_in = payload["expiresIn"].as_u64().unwrap_or(0);
        Ok(Self {
            token: text(payload, &["accessToken"])?,
            organization: payload["organization"]["id"].as_str().map(str::to_owned),
            expires_at: Instant::now() + Duration::from_secs(expires_in),
        })
    }
}

/// Signs up a new user with a new organization.
///
/// # Errors
/// When the api refuses or does not answer.
pub async fn sign_up(
    client: &Client,
    email: &str,
    password: &str,
    organization: &str,
) -> anyhow::Result<Authenticated> {
    let data = client
        .call(
            None,
            "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken expiresIn organization { id } } }",
            json!({ "i": { "email": email, "password": password, "name": "Bench", "organizationName": organization } }),
        )
        .await?;
    Authenticated::from_payload(&data["signUp"])
}

/// Logs in.
///
/// # Errors
/// When the api refuses (`UNAUTHENTICATED` for unknown credentials) or does not answer.
pub async fn log_in(client: &Client, email: &str, password: &str) -> anyhow::Result<Authenticated> {
    let data = client
        .call(
            None,
            "mutation($i: LogInInput!) { logIn(input: $i) { accessToken expiresIn organization { id } } }",
            json!({ "i": { "email": email, "password": password } }),
        )
        .await?;
    Authenticated::from_payload(&data["logIn"])
}

impl Org {
    fn new(account: Account, authenticated: Authenticated) -> anyhow::Result<Self> {
        if authenticated.organization.as_deref() != Some(account.organization_id.as_str()) {
            bail!(
                "{} logged into {:?}, not its organization {}",
                account.email,
                authenticated.organization,
                account.organization_id
            );
        }
        Ok(Self {
            session: Session {
                token: authenticated.token,
                organization: account.organization_id.clone(),
            },
            account,
            expires_at: authenticated.expires_at,
        })
    }

    async fn log_in(client: &Client, account: &Account) -> anyhow::Result<Self> {
        let authenticated = log_in(client, &account.email, &account.password).await?;
        Self::new(account.clone(), authenticated)
    }

    /// A session good for at least another minute, logging in again when needed (after a
    /// load longer than the access token's lifetime).
    ///
    /// # Errors
    /// When logging in again fails.
    pub async fn fresh_session(&self, client: &Client) -> anyhow::Result<Session> {
        if Instant::now() + TOKEN_MARGIN < self.expires_at {
            return Ok(self.session.clone());
        }
        Ok(Self::log_in(client, &self.account).await?.session)
    }
}

/// Warns when access tokens run out before a load of `seconds` ends: requests would fail.
pub fn warn_if_tokens_expire(orgs: &[Org], seconds: u64) {
    let end = Instant::now() + Duration::from_secs(seconds);
    if orgs.iter().any(|o| o.expires_at < end) {
        println!(
            "warning: access tokens expire before the load ends; raise ACCESS_TOKEN_TTL_SECS on the api"
        );
    }
}

/// The organizations of the setup file when it fits this run and its accounts still work
/// on the server, else (or with `--fresh`) new ones, saved to the setup file.
///
/// # Errors
/// When signing up or logging in fails, or the setup file cannot be written.
pub async fn prepare(client: &Client, args: &Args) -> anyhow::Result<Vec<Org>> {
    let path = args.setup_path();
    let started = Instant::now();
    if !args.fresh
        && let Some(orgs) = reuse(client, args, &path).await.map_err(with_hint)?
    {
        println!(
            "setup: reused {} organizations × {} items from {} (logged in again in {:.1} s)",
            orgs.len(),
            args.items,
            path.display(),
            started.elapsed().as_secs_f64()
        );
        return Ok(orgs);
    }
    let orgs: Vec<Org> = futures::stream::iter(0..args.orgs)
        .map(|index| set_up_org(client, index, args.items))
        .buffered(args.concurrency.max(1))
        .try_collect()
        .await
        .map_err(with_hint)?;
    save(&path, args, &orgs)?;
    println!(
        "setup: signed up {} organizations × {} items in {:.1} s, saved to {}",
        orgs.len(),
        args.items,
        started.elapsed().as_secs_f64(),
        path.display()
    );
    Ok(orgs)
}

fn with_hint(error: anyhow::Error) -> anyhow::Error {
    if client::has_code(&error, "RATE_LIMITED") {
        error.context(RATE_LIMIT_HINT)
    } else {
        error
    }
}

/// The saved organizations, logged into, or `None` (saying why) when a fresh setup is due.
async fn reuse(client: &Client, args: &Args, path: &Path) -> anyhow::Result<Option<Vec<Org>>> {
    let saved = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error).context(format!("reading {}", path.display())),
    };
    let saved: SetupFile = match serde_json::from_slice(&saved) {
        Ok(saved) => saved,
        Err(error) => {
            println!(
                "setup: {} is unreadable ({error}); a fresh setup",
                path.display()
            );
            return Ok(None);
        }
    };
    if saved.url.trim_end_matches('/') != args.url.trim_end_matches('/')
        || saved.organizations.len() != args.orgs
        || saved.items_per_organization != args.items
        || saved
            .organizations
            .iter()
            .any(|o| o.item_ids.len() != args.items)
    {
        println!(
            "setup: {} holds {} organizations × {} items on {}, not this run's; a fresh setup",
            path.display(),
            saved.organizations.len(),
            saved.items_per_organization,
            saved.url
        );
        return Ok(None);
    }
    let Some(first) = saved.organizations.first() else {
        return Ok(None);
    };
    if !still_there(client, first).await? {
        println!(
            "setup: the organizations of {} are gone from {}; a fresh setup",
            path.display(),
            args.url
        );
        return Ok(None);
    }
    let orgs = futures::stream::iter(&saved.organizations)
        .map(|account| Org::log_in(client, account))
        .buffered(args.concurrency.max(1))
        .try_collect()
        .await?;
    Ok(Some(orgs))
}

/// Whether the first saved account still logs into its organization, with its location and
/// an item. Refusals mean the server's data changed; other failures are errors.
async fn still_there(client: &Client, account: &Account) -> anyhow::Result<bool> {
    let gone = |error: &anyhow::Error| {
        ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"]
            .iter()
            .any(|code| client::has_code(error, code))
    };
    let org = match Org::log_in(client, account).await {
        Ok(org) => org,
        Err(error) if gone(&error) => return Ok(false),
        Err(error) => {
            return Err(error).context(format!("logging in as {} again", account.email));
        }
    };
    let Some(item) = account.item_ids.first() else {
        return Ok(true);
    };
    let found = client
        .call(
            Some(&org.session),
            "query($l: ID!, $i: ID!) { organization { id } location(id: $l) { id } item(id: $i) { id } }",
            json!({ "l": account.location_id, "i": item }),
        )
        .await;
    match found {
        Ok(data) => Ok(data["organization"]["id"].as_str() == Some(&account.organization_id)),
        Err(error) if gone(&error) => Ok(false),
        Err(error) => Err(error),
    }
}

fn save(path: &Path, args: &Args, orgs: &[Org]) -> anyhow::Result<()> {
    let file = SetupFile {
        url: args.url.trim_end_matches('/').to_owned(),
        items_per_organization: args.items,
        organizations: orgs.iter().map(|o| o.account.clone()).collect(),
    };
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating {}", folder.display()))?;
    }
    // It holds passwords: readable by its owner only.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .and_then(|mut f| f.write_all(&serde_json::to_vec_pretty(&file)?))
        .with_context(|| format!("writing {}", path.display()))
}

/// Signs up organization `index` with a location and `items` items, a million of each there.
async fn set_up_org(client: &Client, index: usize, items: usize) -> anyhow::Result<Org> {
    let email = format!(
        "bench-{}-{index}@example.com",
        uuid::Uuid::new_v4().simple()
    );
    let authenticated = sign_up(client, &email, PASSWORD, &format!("Bench {index}")).await?;
    let session = Session {
        token: authenticated.token.clone(),
        organization: authenticated
            .organization
            .clone()
            .context("signUp answered without an organization")?,
    };
    let location = client
        .call(
            Some(&session),
            "mutation { createLocation(input: { name: \"Main\" }) { id } }",
            json!({}),
        )
        .await?;
    let location = text(&location, &["createLocation", "id"])?;
    let mut item_ids = Vec::with_capacity(items);
    for chunk_start in (0..items).step_by(50) {
        let chunk_end = (chunk_start + 50).min(items);
        let aliases: String = (chunk_start..chunk_end)
            .map(|i| format!("i{i}: createItem(input: {{ sku: \"SKU-{i:05}\", name: \"Item {i}\", price: \"9.99\", cost: \"4.5\", safetyStock: \"10\" }}) {{ id }} "))
            .collect();
        let created = client
            .call(
                Some(&session),
                &format!("mutation {{ {aliases} }}"),
                json!({}),
            )
            .await?;
        for i in chunk_start..chunk_end {
            item_ids.push(text(&created, &[&format!("i{i}"), "id"])?);
        }
    }
    for chunk in item_ids.chunks(500) {
        let lines: Vec<Value> = chunk
            .iter()
            .map(|item| json!({ "itemId": item, "quantity": "1000000" }))
            .collect();
        client
            .call(
                Some(&session),
                "mutation($i: StockInInput!) { stockIn(input: $i) { id } }",
                json!({ "i": { "locationId": location, "lines": lines } }),
            )
            .await?;
    }
    let account = Account {
        email,
        password: PASSWORD.to_owned(),
        organization_id: session.organization,
        location_id: location,
        item_ids,
    };
    Org::new(account, authenticated)
}

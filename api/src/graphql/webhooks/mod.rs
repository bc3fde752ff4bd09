//! Outgoing webhooks: endpoints (admins only), their signing secrets, the delivery log, and
//! sending events again.

mod mutation;
mod query;
mod types;

pub use mutation::WebhookMutation;
pub use query::WebhookQuery;

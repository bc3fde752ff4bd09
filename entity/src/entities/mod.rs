//! One module per table: columns, keys and relations only — no behaviour.

pub mod account_tokens;
pub mod api_keys;
pub mod attribute_definitions;
pub mod audit_log;
pub mod categories;
pub mod daily_item_stats;
pub mod invitations;
pub mod item_attribute_values;
pub mod item_location_thresholds;
pub mod items;
pub mod locations;
pub mod low_stock_states;
pub mod member_locations;
pub mod memberships;
pub mod organizations;
pub mod outbox_events;
pub mod partners;
pub mod refresh_tokens;
pub mod rolled_up_transactions;
pub mod stock_levels;
pub mod stock_movements;
pub mod stock_transactions;
pub mod stripe_events;
pub mod users;

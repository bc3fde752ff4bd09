//! Accounts, organizations and memberships.

mod accounts;
mod organizations;
mod password;
mod refresh;

pub use accounts::{Session, SignUp, current_user, log_in, memberships_of, sign_up};
pub use organizations::{
    Member, MembershipView, OrganizationChanges, create_organization, get_organization,
    list_members, membership_role, set_low_stock_alerts, update_organization,
};
pub use refresh::{
    REFRESH_TOKEN_TTL, purge_expired_refresh_tokens, revoke_refresh_family, rotate_refresh_token,
};

//! Accounts, organizations and memberships: who may act where.

mod account_email;
mod accounts;
mod api_keys;
mod credentials;
mod entry;
mod invitations;
mod members;
mod organizations;
mod password;
mod refresh;

pub use account_email::{
    AccountMail, AccountMailQueued, Purpose, account_mail, mail_sent, notify_login_throttled,
    request_password_reset, resend_verification, reset_password, verify_email,
};
pub use accounts::{Session, SignUp, current_user, log_in, memberships_of, sign_up};
pub use api_keys::{
    ApiKeyAccess, ApiKeyView, CreatedKey, KeyCreator, authenticate_api_key, create_api_key,
    is_api_key, list_api_keys, reissue_api_key, revoke_api_key, with_creators,
};
pub use credentials::change_password;
pub(crate) use entry::enter;
pub use invitations::{
    Accepted, Acceptor, INVITATION_TTL, InvitationCreated, InvitationMail, accept_invitation,
    invitation_mail, invite_member, pending_invitations, revoke_invitation,
};
pub use members::{
    leave_organization, membership_access, remove_member, set_member_locations, transfer_ownership,
    update_member_role,
};
pub use organizations::{
    Member, MembershipView, OrganizationChanges, create_organization, delete_organization,
    get_organization, list_members, member, set_low_stock_alerts, update_organization,
};
pub use refresh::{
    REFRESH_TOKEN_TTL, purge_expired_refresh_tokens, revoke_refresh_family, rotate_refresh_token,
};

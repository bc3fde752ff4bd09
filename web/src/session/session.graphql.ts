import { graphql } from '../gql';

/** Exchanged under the cross-tab lock only (see tokens.ts); never through Apollo. */
export const RefreshSessionDocument = graphql(`
  mutation RefreshSession($token: String!) {
    refreshToken(token: $token) {
      accessToken
      expiresIn
      refreshToken
    }
  }
`);

export const LogOutDocument = graphql(`
  mutation LogOut($refreshToken: String!) {
    logOut(refreshToken: $refreshToken)
  }
`);

export const MeDocument = graphql(`
  query Me {
    me {
      user {
        id
        email
        name
        emailVerified
      }
      memberships {
        role
        organization {
          id
          name
        }
      }
    }
  }
`);

import { graphql } from '../../gql';

export const MembersDocument = graphql(`
  query Members {
    members {
      role
      joinedAt
      user {
        id
        name
        email
      }
      locations {
        id
        name
      }
    }
    locations {
      id
      name
    }
  }
`);

export const InvitationsDocument = graphql(`
  query Invitations {
    invitations {
      id
      email
      role
      createdAt
      expiresAt
      mailedAt
    }
  }
`);

export const InviteMemberDocument = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      id
      email
      role
    }
  }
`);

export const RevokeInvitationDocument = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id)
  }
`);

export const UpdateMemberRoleDocument = graphql(`
  mutation UpdateMemberRole($input: UpdateMemberRoleInput!) {
    updateMemberRole(input: $input) {
      role
      user {
        id
      }
    }
  }
`);

export const RemoveMemberDocument = graphql(`
  mutation RemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);

export const SetMemberLocationsDocument = graphql(`
  mutation SetMemberLocations($input: SetMemberLocationsInput!) {
    setMemberLocations(input: $input) {
      user {
        id
      }
      locations {
        id
        name
      }
    }
  }
`);
